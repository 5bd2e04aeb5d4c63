import { type CostEstimate, estimateMonthlyCost, unpricedReasons } from "../../policies/cost";
import type { CapturedResource } from "./engine";
import type { GateResult } from "./gate";
import { type ComponentGroup, REMOTE_NOTE } from "./report";

/** A resource without a price, and why: never counted as zero in silence. */
export interface UnpricedItem {
    urn: string;
    type: string;
    name: string;
    reason: string;
}

export interface PlanCost extends Omit<CostEstimate, "unpriced"> {
    /** Resources the model could not price and remote components (their resources are not known offline). */
    unpriced: UnpricedItem[];
    /** The budget the total is held against: the pack's `budget-monthly-cost` config, else the stack's AWS budget. */
    budgetUsd: number | null;
    budgetSource: string | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The stack's budget: what the gate judged against, or else the limit of a budget resource in the plan. */
function findBudget(resources: CapturedResource[], gate: GateResult | null): { usd: number; source: string } | null {
    const fromGate = gate?.config["budget-monthly-cost"]?.properties?.["monthlyBudgetUsd"];
    if (typeof fromGate === "number") return { usd: fromGate, source: "policy config budget-monthly-cost" };
    for (const r of resources) {
        if (r.type !== "aws:budgets/budget:Budget" || !isRecord(r.inputs)) continue;
        const amount = Number(r.inputs["limitAmount"]);
        if (Number.isFinite(amount)) return { usd: amount, source: `${r.name} (aws budgets)` };
    }
    return null;
}

/** Estimates the plan's monthly cost with the policy pack's own cost model, so the table and the gate agree. */
export function planCost(resources: CapturedResource[], region: string, gate: GateResult | null): PlanCost {
    const priced = resources.filter((r) => r.custom).map((r) => ({ urn: r.urn, type: r.type, name: r.name, props: isRecord(r.inputs) ? r.inputs : {} }));
    const estimate = estimateMonthlyCost(priced, { region });
    const reasons = estimate.unpriced.length > 0 ? unpricedReasons(priced, { region }) : {};
    const unpriced: UnpricedItem[] = estimate.unpriced.map((u) => ({ ...u, reason: reasons[u.urn] ?? "no price in the cost model" }));
    for (const r of resources) if (!r.custom && r.remote) unpriced.push({ urn: r.urn, type: r.type, name: r.name, reason: REMOTE_NOTE });
    const budget = findBudget(resources, gate);
    return { ...estimate, unpriced, budgetUsd: budget?.usd ?? null, budgetSource: budget?.source ?? null };
}

const usd = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** The cost table by component, with the total against the budget. */
export function formatCost(cost: PlanCost, groups: ComponentGroup[]): string {
    const byUrn = new Map(cost.items.map((i) => [i.urn, i]));
    const rows = groups
        .map((g) => ({ name: g.name, usd: g.resources.reduce((sum, r) => sum + (byUrn.get(r.urn)?.monthlyUsd ?? 0), 0), top: g.resources.map((r) => byUrn.get(r.urn)).filter((i) => i !== undefined && i.monthlyUsd > 0).sort((a, b) => (b?.monthlyUsd ?? 0) - (a?.monthlyUsd ?? 0))[0] }))
        .sort((a, b) => b.usd - a.usd);
    const width = Math.max(...rows.map((r) => r.name.length), 9);
    const lines = ["Estimated monthly cost (on-demand list prices, usage assumptions in policies/cost/usage.ts)"];
    for (const row of rows) {
        lines.push(`  ${row.name.padEnd(width)}  ${usd(row.usd).padStart(12)}${row.top ? `   largest: ${row.top.name} (${usd(row.top.monthlyUsd)})` : ""}`);
    }
    const verdict =
        cost.budgetUsd === null ? "no budget found" : cost.monthlyUsd <= cost.budgetUsd ? `within the budget of ${usd(cost.budgetUsd)}` : `OVER the budget of ${usd(cost.budgetUsd)}`;
    lines.push(`  ${"total".padEnd(width)}  ${usd(cost.monthlyUsd).padStart(12)}   ${verdict}${cost.budgetSource ? ` (${cost.budgetSource})` : ""}`);
    if (cost.unpriced.length > 0) {
        // One line per type and reason, so the text says why as the JSON does.
        const byReason = new Map<string, { type: string; reason: string; names: string[] }>();
        for (const u of cost.unpriced) {
            const key = `${u.type}\u0000${u.reason}`;
            const entry = byReason.get(key) ?? { type: u.type, reason: u.reason, names: [] };
            entry.names.push(u.name);
            byReason.set(key, entry);
        }
        lines.push(`  not priced (${cost.unpriced.length}):`);
        for (const { type, reason, names } of byReason.values()) {
            const which = names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", ");
            lines.push(`    ${type} (${which}): ${reason}`);
        }
    }
    return lines.join("\n");
}
