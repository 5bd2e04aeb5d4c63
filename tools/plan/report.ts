import type { CapturedResource } from "./engine";
import type { GateResult } from "./gate";

export interface ComponentGroup {
    /** URN of the top-level component, or `null` for resources created directly in the stack. */
    urn: string | null;
    name: string;
    type: string;
    resources: CapturedResource[];
}

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
    for (const r of resources) {
        if (r.type === "pulumi:pulumi:Stack" || !r.custom) continue;
        const top = topOf(r);
        const key = top?.urn ?? null;
        let group = groups.get(key);
        if (!group) {
            group = { urn: key, name: top?.name ?? "(stack)", type: top?.type ?? "resources outside any component", resources: [] };
            groups.set(key, group);
        }
        group.resources.push(r);
    }
    return [...groups.values()];
}

/** `aws:rds/instance:Instance` → `rds.Instance`, the way provider SDKs spell it. */
export function shortType(type: string): string {
    const [pkg, mod, name] = type.split(":");
    const module = mod?.split("/")[0];
    return !module || module === "index" ? `${pkg}.${name}` : `${module}.${name}`;
}

export interface HumanOptions {
    verbose: boolean;
    color: boolean;
}

/** The human plan: resources grouped by component with counts, readable at a glance. */
export function formatHuman(project: string, stack: string, resources: CapturedResource[], opts: HumanOptions): string {
    const bold = (s: string) => (opts.color ? `\x1b[1m${s}\x1b[22m` : s);
    const dim = (s: string) => (opts.color ? `\x1b[2m${s}\x1b[22m` : s);
    const groups = groupByComponent(resources);
    const custom = resources.filter((r) => r.custom);
    const protectedCount = custom.filter((r) => r.protect || r.retainOnDelete).length;
    const lines = [
        `${bold(`${project} / ${stack}`)}: ${custom.length} resources in ${groups.length} components (${protectedCount} protected or retained on delete)`,
        "",
    ];
    const width = Math.max(...groups.map((g) => g.name.length), 8);
    for (const group of groups) {
        lines.push(`${bold(group.name.padEnd(width))}  ${String(group.resources.length).padStart(3)}  ${dim(group.type)}`);
        const counts = new Map<string, number>();
        for (const r of group.resources) counts.set(shortType(r.type), (counts.get(shortType(r.type)) ?? 0) + 1);
        const summary = [...counts].map(([t, n]) => (n > 1 ? `${t} ×${n}` : t)).join(", ");
        lines.push(`${" ".repeat(width + 7)}${summary}`);
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
    for (const [label, list, paint] of [["mandatory", mandatory, red], ["advisory", advisory, yellow]] as const) {
        for (const v of list) {
            lines.push(`  ${paint(label.padEnd(9))} ${v.policy}  ${v.name} (${shortType(v.type)})`);
            for (const line of v.message.split("\n")) lines.push(`            ${line}`);
        }
    }
    if (gate.violations.length === 0) lines.push("  every policy passed");
    return lines.join("\n");
}
