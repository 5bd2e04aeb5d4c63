import type { PlanCost } from "./cost";
import type { CapturedResource } from "./engine";
import type { GateResult } from "./gate";
import type { PlanRun } from "./run";

/** The `--json` shape of a resource: the contract other tools read. */
export function resourceJson(r: CapturedResource) {
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        parent: r.parent,
        custom: r.custom,
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

/** The `--json` document of a plan: `{ project, stack, resources, policyPack, violations, cost }`. */
export function planDocument(run: PlanRun, gate: GateResult | null, policyPackConfig: string | null, cost: PlanCost) {
    return {
        project: run.project.name,
        stack: run.project.stack,
        resources: run.resources.map(resourceJson),
        policyPack: gate ? { name: gate.packName, version: gate.packVersion, config: policyPackConfig } : null,
        violations: (gate?.violations ?? []).map((v) => ({ policy: v.policy, level: v.level, urn: v.urn, name: v.name, type: v.type, message: v.message })),
        cost: {
            monthlyUsd: round(cost.monthlyUsd),
            budgetUsd: cost.budgetUsd,
            items: cost.items.map((i) => ({ urn: i.urn, type: i.type, monthlyUsd: round(i.monthlyUsd), basis: i.basis })),
            unpriced: cost.unpriced,
        },
    };
}

/** Whether the gate blocks the change: any mandatory violation (a remediation that could not apply counts too). */
export function blocks(gate: GateResult | null): boolean {
    return (gate?.violations ?? []).some((v) => v.level === "mandatory" || v.level === "remediate");
}
