import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";
import { type CostEstimate, type CostOptions, estimateMonthlyCost, NOT_APPLIED, unpricedReasons } from "@appstack/cost";
import {
    type AssumptionSource,
    assumptionsUsed,
    DEFAULT_USAGE_FILE,
    parseUsageDocument,
    type UsageDocument,
    UsageFileError,
} from "@appstack/cost/usage-file";
import { STALE_PRICE_DAYS, type StalePrice, stalePrices } from "@appstack/cost/stale";
import type { CapturedResource } from "./engine";
import type { GateResult } from "./gate";
import { PlanInputError } from "./project";
import { type ComponentGroup, REMOTE_NOTE } from "./report";

/** A usage file as read: its raw document (what the policy pack is given) and the path shown in messages. */
export interface UsageFile {
    file: string;
    doc: unknown;
}

/**
 * The usage file for a stack: `--usage-file <f>` when given, else `appstack-usage.<stack>.yml` or
 * `appstack-usage.yml` beside Pulumi.yaml (the first that exists), else none. The name is the project's own, not
 * Infracost's `infracost-usage.yml`: the keys address Pulumi names and types, so an Infracost file in the same
 * repository is never read by mistake. Malformed YAML is a `PlanInputError` naming the file (exit 2).
 */
export function readUsageFile(projectDir: string, stack: string, given?: string | null): UsageFile | null {
    let file: string | undefined;
    if (given) {
        file = path.resolve(given);
        if (!fs.existsSync(file)) throw new PlanInputError(`--usage-file: ${file} does not exist`);
    } else {
        const base = DEFAULT_USAGE_FILE.replace(/\.yml$/, "");
        file = [`${base}.${stack}.yml`, `${base}.${stack}.yaml`, DEFAULT_USAGE_FILE, `${base}.yaml`]
            .map((f) => path.join(projectDir, f))
            .find((f) => fs.existsSync(f));
        if (file === undefined) return null;
    }
    const shown = path.relative(process.cwd(), file) || file;
    let doc: unknown;
    try {
        doc = YAML.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new PlanInputError(`usage file ${shown}: not valid YAML: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
    }
    // The shape (keys, value types) is checked now, before the program runs; the names and types after it.
    try {
        parseUsageDocument(doc, shown);
    } catch (err) {
        if (err instanceof UsageFileError) throw new PlanInputError(err.message);
        throw err;
    }
    return { file: shown, doc };
}

/** Checks a usage file against the plan's resources: an unknown entry is a `PlanInputError` naming the file and key. */
export function checkUsageFile(usage: UsageFile, resources: readonly CapturedResource[], project: string, stack: string): UsageDocument {
    try {
        return parseUsageDocument(usage.doc, usage.file, { resources: resources.filter((r) => r.custom), project, stack });
    } catch (err) {
        if (err instanceof UsageFileError) throw new PlanInputError(err.message);
        throw err;
    }
}

/** The cost options a checked usage document gives (what the pack's budget rules get as `usage`/`sharedPlans` too). */
export function costOptions(region: string, doc: UsageDocument | null): CostOptions {
    return { region, ...(doc ? { usage: doc.usage, sharedPlans: doc.sharedPlans } : {}) };
}

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
    /** The usage assumptions the estimate used and where each came from (default or usage file). */
    assumptions: AssumptionSource[];
    /** The usage file read, if any. */
    usageFile: string | null;
    /** Plans shared with other stacks (organisations.ts): key → stacks. */
    sharedPlans: Record<string, readonly string[]>;
    /** Prices dated more than `STALE_PRICE_DAYS` days ago. */
    stalePrices: StalePrice[];
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

/**
 * Estimates the plan's monthly cost with the policy pack's own cost model, so the table and the gate agree.
 * `usage`: the checked usage file (`checkUsageFile`); `today`: the day prices are aged against (stale prices).
 */
export function planCost(
    resources: CapturedResource[],
    region: string,
    gate: GateResult | null,
    options: { usage?: { file: string; doc: UsageDocument } | null; today?: Date } = {},
): PlanCost {
    const priced = resources
        .filter((r) => r.custom)
        .map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            props: isRecord(r.inputs) ? r.inputs : {},
            propertyDependencies: r.propertyDependencies,
        }));
    const usage = options.usage ?? null;
    const costOpts = costOptions(region, usage?.doc ?? null);
    const estimate = estimateMonthlyCost(priced, costOpts);
    const reasons = estimate.unpriced.length > 0 ? unpricedReasons(priced, costOpts) : {};
    const unpriced: UnpricedItem[] = estimate.unpriced.map((u) => ({ ...u, reason: reasons[u.urn] ?? "no price in the cost model" }));
    for (const r of resources) if (!r.custom && r.remote) unpriced.push({ urn: r.urn, type: r.type, name: r.name, reason: REMOTE_NOTE });
    const budget = findBudget(resources, gate);
    return {
        ...estimate,
        unpriced,
        budgetUsd: budget?.usd ?? null,
        budgetSource: budget?.source ?? null,
        assumptions: assumptionsUsed(new Set(priced.map((r) => r.type)), usage?.doc ?? null),
        usageFile: usage?.file ?? null,
        sharedPlans: { ...(usage?.doc.sharedPlans ?? {}) },
        stalePrices: stalePrices(options.today ?? new Date()),
    };
}

const usd = (n: number) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/**
 * The total against the budget. While any billable resource is unpriced the total is a lower bound: it never says
 * "within the budget" then, only that the priced part is under it (the budget-unpriced-resources rule's reading).
 */
export function budgetVerdict(cost: Pick<PlanCost, "budgetUsd" | "monthlyUsd" | "unpriced">): string {
    const n = cost.unpriced.length;
    const lowerBound = n > 0 ? `a lower bound: ${n} resource${n === 1 ? "" : "s"} not priced` : "";
    if (cost.budgetUsd === null) return n > 0 ? `${lowerBound}; no budget found` : "no budget found";
    if (cost.monthlyUsd > cost.budgetUsd) return `OVER the budget of ${usd(cost.budgetUsd)}${n > 0 ? ` (${lowerBound})` : ""}`;
    return n > 0
        ? `${lowerBound}, so it may exceed the budget of ${usd(cost.budgetUsd)}; the priced part is under it`
        : `within the budget of ${usd(cost.budgetUsd)}`;
}

/** The cost table by component, with the total against the budget. */
export function formatCost(cost: PlanCost, groups: ComponentGroup[]): string {
    const byUrn = new Map(cost.items.map((i) => [i.urn, i]));
    const rows = groups
        .map((g) => ({
            name: g.name,
            usd: g.resources.reduce((sum, r) => sum + (byUrn.get(r.urn)?.monthlyUsd ?? 0), 0),
            top: g.resources
                .map((r) => byUrn.get(r.urn))
                .filter((i) => i !== undefined && i.monthlyUsd > 0)
                .sort((a, b) => (b?.monthlyUsd ?? 0) - (a?.monthlyUsd ?? 0))[0],
        }))
        .sort((a, b) => b.usd - a.usd);
    const width = Math.max(...rows.map((r) => r.name.length), 9);
    const lines = [
        `Estimated monthly cost (on-demand list prices after free tiers; usage: ${cost.usageFile ?? "cost/src/usage.ts defaults"})`,
    ];
    for (const row of rows) {
        lines.push(
            `  ${row.name.padEnd(width)}  ${usd(row.usd).padStart(12)}${row.top ? `   largest: ${row.top.name} (${usd(row.top.monthlyUsd)})` : ""}`,
        );
    }
    const verdict = budgetVerdict(cost);
    lines.push(
        `  ${"total".padEnd(width)}  ${usd(cost.monthlyUsd).padStart(12)}   ${verdict}${cost.budgetSource ? ` (${cost.budgetSource})` : ""}`,
    );
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
    lines.push(...formatAllowances(cost), ...formatShared(cost), ...formatStale(cost), ...formatAssumptions(cost));
    return lines.join("\n");
}

const qty = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 2 });

function formatAllowances(cost: PlanCost): string[] {
    const used = (cost.freeTiers ?? []).filter((a) => a.used > 0);
    if (used.length === 0) return [];
    const lines = ["  free tiers and included allowances applied (once per account or organization):"];
    for (const a of used) {
        lines.push(
            `    ${a.name} per ${a.per}${a.share ? ` (this stack's share ${a.share})` : ""}: ${qty(a.used)} of ${qty(a.quantity)} ${a.unit} used, −${usd(a.usd)} (${a.source}, read ${a.asOf})`,
        );
    }
    for (const n of NOT_APPLIED) lines.push(`    not applied: ${n.name}: ${n.why}`);
    return lines;
}

function formatShared(cost: PlanCost): string[] {
    const shared = Object.entries(cost.sharedPlans ?? {});
    if (shared.length === 0) return [];
    return [
        "  plans shared with other stacks (this stack books its share):",
        ...shared.map(([key, stacks]) => `    ${key}: 1/${stacks.length} (${stacks.join(", ")})`),
    ];
}

function formatStale(cost: PlanCost): string[] {
    const stale = cost.stalePrices ?? [];
    if (stale.length === 0) return [`  prices: none older than ${STALE_PRICE_DAYS} days`];
    const shown = stale.slice(0, 5).map((s) => `${s.id} (${s.asOf}${s.ageDays >= 0 ? `, ${s.ageDays} days` : ", undated"})`);
    return [
        `  STALE prices (older than ${STALE_PRICE_DAYS} days, re-check their pages): ${stale.length}: ${shown.join(", ")}${stale.length > 5 ? ` and ${stale.length - 5} more` : ""}`,
    ];
}

/** The footer: the assumptions used and where each came from. */
function formatAssumptions(cost: PlanCost): string[] {
    const list = cost.assumptions ?? [];
    if (list.length === 0) return [];
    const lines = ['  assumptions used (per resource; set them in a usage file, see README "Cost estimate"):'];
    for (const a of list) {
        const value = typeof a.value === "number" ? qty(a.value) : a.value;
        lines.push(`    ${a.target === "stack" ? "" : `${a.target}: `}${a.key} = ${value}  (${a.source})`);
    }
    return lines;
}

/** The budget rules of this repository's pack that price the plan: they get the usage document too. */
export const USAGE_AWARE_POLICIES = ["budget-monthly-cost", "budget-unpriced-resources"] as const;

/**
 * A copy of the policy pack config (`configFile`, or none) in which the budget rules also get the usage document
 * and this stack (`usage`, `stack`), written to a temporary file: the gate then prices with the plan's assumptions
 * and shares. The caller removes the file. Under the Pulumi CLI, put the same two keys in `--policy-pack-config`.
 */
export function configWithUsage(configFile: string | null, usage: UsageFile, projectStack: string): string {
    let base: Record<string, unknown> = {};
    if (configFile !== null) {
        const parsed: unknown = JSON.parse(fs.readFileSync(configFile, "utf8"));
        if (isRecord(parsed)) base = parsed;
    }
    for (const policy of USAGE_AWARE_POLICIES) {
        const given = base[policy];
        const entry = typeof given === "string" ? { enforcementLevel: given } : isRecord(given) ? { ...given } : {};
        base[policy] = { ...entry, usage: usage.doc ?? {}, stack: projectStack };
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "appstack-plan-config-"));
    const file = path.join(dir, path.basename(configFile ?? "policy-config.json"));
    fs.writeFileSync(file, `${JSON.stringify(base, null, 2)}\n`);
    return file;
}
