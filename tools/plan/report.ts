import type { CapturedResource } from "./engine";
import type { GateResult } from "./gate";

export interface ComponentGroup {
    /** URN of the top-level component, or `null` for resources created directly in the stack. */
    urn: string | null;
    name: string;
    type: string;
    resources: CapturedResource[];
    /** Remote components in the group (the top-level one itself, or nested ones): their children are not known offline. */
    remote: CapturedResource[];
}

/** What the plan counts, the same in the text and the JSON. */
export interface PlanSummary {
    /** Custom resources (what a preview would create), providers included; not components nor the stack. */
    resources: number;
    /** Top-level components (direct children of the stack), remote ones included. */
    components: number;
    /** Of `resources`, those created directly in the stack, outside any component. */
    outsideComponents: number;
    /** Remote (multi-language) components, whose children their plugin would create: not expanded offline. */
    remoteComponents: number;
    /** Of `resources`, those protected or retained on delete. */
    protected: number;
    /** Every registration (the length of the JSON `resources`): resources, components and the stack. */
    registrations: number;
}

export const REMOTE_NOTE = "remote component: its plugin creates its resources, which the offline plan cannot run (not expanded)";

/**
 * Groups custom resources under their top-level component (a direct child of the stack), the way a reader
 * thinks of a stack: "the database", "the API", not 140 resources in a row.
 */
export function groupByComponent(resources: CapturedResource[]): ComponentGroup[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const stack = resources.find((r) => r.type === "pulumi:pulumi:Stack");
    const groups = new Map<string | null, ComponentGroup>();
    const topOf = (r: CapturedResource): CapturedResource | null => {
        let current = r;
        while (current.parent && current.parent !== stack?.urn) {
            const parent = byUrn.get(current.parent);
            if (!parent) break;
            current = parent;
        }
        return current.custom ? null : current;
    };
    const groupOf = (top: CapturedResource | null): ComponentGroup => {
        const key = top?.urn ?? null;
        let group = groups.get(key);
        if (!group) {
            group = {
                urn: key,
                name: top?.name ?? "(stack)",
                type: top?.type ?? "resources outside any component",
                resources: [],
                remote: [],
            };
            groups.set(key, group);
        }
        return group;
    };
    for (const r of resources) {
        if (r.type === "pulumi:pulumi:Stack") continue;
        if (r.custom) groupOf(topOf(r)).resources.push(r);
        else if (r.remote) groupOf(topOf(r)).remote.push(r);
    }
    return [...groups.values()];
}

/** The counts of a plan, from the same grouping the text shows. */
export function planSummary(resources: CapturedResource[]): PlanSummary {
    const groups = groupByComponent(resources);
    const custom = resources.filter((r) => r.custom);
    return {
        resources: custom.length,
        components: groups.filter((g) => g.urn !== null).length,
        outsideComponents: groups.find((g) => g.urn === null)?.resources.length ?? 0,
        remoteComponents: resources.filter((r) => !r.custom && r.remote).length,
        protected: custom.filter((r) => r.protect || r.retainOnDelete).length,
        registrations: resources.length,
    };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `{ a: 1, b: "x" }` → `a=1, b="x"`, cut to `max` characters: a remote component's inputs at a glance. */
export function inputsLine(inputs: unknown, max = 160): string {
    if (inputs === null || typeof inputs !== "object" || Array.isArray(inputs)) return "";
    const text = Object.entries(inputs)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(", ");
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `aws:rds/instance:Instance` → `rds.Instance`, the way provider SDKs spell it. */
export function shortType(type: string): string {
    const [pkg, mod, name] = type.split(":");
    const module = mod?.split("/")[0];
    return !module || module === "index" ? `${pkg}.${name}` : `${module}.${name}`;
}

/**
 * The environment profile(s) the stack's components took: each component of this library registers its
 * `environment` as an input. `prod`, or `dev ×1, prod ×10` when components differ; `null` when none says.
 */
export function profileSummary(resources: readonly { custom: boolean; inputs: unknown }[]): string | null {
    const counts = new Map<string, number>();
    for (const r of resources) {
        if (r.custom || r.inputs === null || typeof r.inputs !== "object") continue;
        const environment = (r.inputs as Record<string, unknown>)["environment"];
        if (typeof environment === "string") counts.set(environment, (counts.get(environment) ?? 0) + 1);
    }
    if (counts.size === 0) return null;
    if (counts.size === 1) return [...counts.keys()][0] ?? null;
    return [...counts]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([env, n]) => `${env} ×${n}`)
        .join(", ");
}

export interface HumanOptions {
    verbose: boolean;
    color: boolean;
}

/**
 * The human plan: resources grouped by top-level component with counts, readable at a glance. Its first line
 * counts what the groups below show, with the same figures as the JSON `summary`.
 */
export function formatHuman(project: string, stack: string, resources: CapturedResource[], opts: HumanOptions): string {
    const bold = (s: string) => (opts.color ? `\x1b[1m${s}\x1b[22m` : s);
    const dim = (s: string) => (opts.color ? `\x1b[2m${s}\x1b[22m` : s);
    const groups = groupByComponent(resources);
    const summary = planSummary(resources);
    const where = [`${summary.resources - summary.outsideComponents} in ${plural(summary.components, "component")}`];
    if (summary.outsideComponents > 0) where.push(`${summary.outsideComponents} outside any component`);
    const remote = summary.remoteComponents > 0 ? `, ${plural(summary.remoteComponents, "remote component")} not expanded` : "";
    const profile = profileSummary(resources);
    const lines = [
        `${bold(`${project} / ${stack}`)}${profile ? ` (profile ${profile})` : ""}: ${plural(summary.resources, "resource")} (${where.join(", ")})${remote}; ` +
            `${summary.protected} protected or retained on delete; ${summary.registrations} registrations with the components and the stack`,
        "",
    ];
    const width = Math.max(...groups.map((g) => g.name.length), 8);
    for (const group of groups) {
        lines.push(`${bold(group.name.padEnd(width))}  ${String(group.resources.length).padStart(3)}  ${dim(group.type)}`);
        const counts = new Map<string, number>();
        for (const r of group.resources) counts.set(shortType(r.type), (counts.get(shortType(r.type)) ?? 0) + 1);
        const summaryLine = [...counts].map(([t, n]) => (n > 1 ? `${t} ×${n}` : t)).join(", ");
        if (summaryLine) lines.push(`${" ".repeat(width + 7)}${summaryLine}`);
        for (const r of group.remote) {
            const label = r.urn === group.urn ? REMOTE_NOTE : `${r.name} (${r.type}): ${REMOTE_NOTE}`;
            lines.push(`${" ".repeat(width + 7)}${label}`);
            const inputs = inputsLine(r.inputs);
            if (inputs) lines.push(`${" ".repeat(width + 9)}inputs: ${inputs}`);
        }
        if (opts.verbose) {
            for (const r of group.resources) {
                const flags = [r.protect ? "protect" : "", r.retainOnDelete ? "retainOnDelete" : ""].filter(Boolean).join(", ");
                lines.push(`${" ".repeat(width + 9)}${r.name} ${dim(r.type)}${flags ? ` [${flags}]` : ""}`);
            }
        }
    }
    return lines.join("\n");
}

/** Violations by level, each with its resource and the policy's message (which says how to fix it). */
export function formatViolations(gate: GateResult, configFile: string | null, opts: HumanOptions): string {
    const red = (s: string) => (opts.color ? `\x1b[31m${s}\x1b[39m` : s);
    const yellow = (s: string) => (opts.color ? `\x1b[33m${s}\x1b[39m` : s);
    const mandatory = gate.violations.filter((v) => v.level !== "advisory");
    const advisory = gate.violations.filter((v) => v.level === "advisory");
    const lines = [
        `Policy pack ${gate.packName}@${gate.packVersion} (${gate.policies.length} policies${configFile ? `, config ${configFile}` : ", default config"}): ${mandatory.length} mandatory, ${advisory.length} advisory violations`,
    ];
    for (const [label, list, paint] of [
        ["mandatory", mandatory, red],
        ["advisory", advisory, yellow],
    ] as const) {
        for (const v of list) {
            lines.push(`  ${paint(label.padEnd(9))} ${v.policy}  ${v.name} (${shortType(v.type)})`);
            for (const line of v.message.split("\n")) lines.push(`            ${line}`);
        }
    }
    if (gate.violations.length === 0) lines.push("  every policy passed");
    return lines.join("\n");
}
