import type { PlanCost } from "./cost";
import type { CapturedResource } from "./engine";
import type { GateResult } from "./gate";
import { takeMockWarnings } from "./mocks";
import { planSummary } from "./report";
import type { PlanRun } from "./run";

/** The `--json` shape of a resource: the contract other tools read. */
export function resourceJson(r: CapturedResource) {
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        parent: r.parent,
        custom: r.custom,
        remote: r.remote,
        protect: r.protect,
        retainOnDelete: r.retainOnDelete,
        dependencies: r.dependencies,
        inputs: r.inputs,
        secretInputs: r.secretInputs,
    };
}

function round(n: number): number {
    return Math.round(n * 100) / 100;
}

/**
 * The `--json` document of a plan: `{ project, stack, summary, resources, remoteComponents, policyPack, violations,
 * warnings, cost }`. `summary` holds the counts the text prints; `remoteComponents` the components the plan could not expand.
 */
export function planDocument(
    run: Pick<PlanRun, "project" | "resources">,
    gate: GateResult | null,
    policyPackConfig: string | null,
    cost: PlanCost,
) {
    return {
        project: run.project.name,
        stack: run.project.stack,
        summary: planSummary(run.resources),
        resources: run.resources.map(resourceJson),
        remoteComponents: run.resources
            .filter((r) => !r.custom && r.remote)
            .map((r) => ({ urn: r.urn, type: r.type, name: r.name, inputs: r.inputs })),
        policyPack: gate ? { name: gate.packName, version: gate.packVersion, config: policyPackConfig } : null,
        violations: (gate?.violations ?? []).map((v) => ({
            policy: v.policy,
            level: v.level,
            urn: v.urn,
            name: v.name,
            type: v.type,
            message: v.message,
        })),
        // Invokes the plan cannot model, printed on stderr as they happen; taken here, so the next plan starts clean.
        warnings: takeMockWarnings(),
        cost: {
            monthlyUsd: round(cost.monthlyUsd),
            budgetUsd: cost.budgetUsd,
            items: cost.items.map((i) => ({
                urn: i.urn,
                type: i.type,
                monthlyUsd: round(i.monthlyUsd),
                basis: i.basis,
                ...(i.allowances ? { allowances: i.allowances } : {}),
            })),
            unpriced: cost.unpriced.map((u) => ({ urn: u.urn, type: u.type, name: u.name, reason: u.reason })),
            // Free tiers applied, shared plans, stale prices and the assumptions used with their sources (tools/plan/cost.ts).
            freeTiers: cost.freeTiers,
            sharedPlans: cost.sharedPlans,
            stalePrices: cost.stalePrices,
            usageFile: cost.usageFile,
            assumptions: cost.assumptions,
        },
    };
}

/** Whether the gate blocks the change: any mandatory violation (a remediation that could not apply counts too). */
export function blocks(gate: GateResult | null): boolean {
    return (gate?.violations ?? []).some((v) => v.level === "mandatory" || v.level === "remediate");
}
