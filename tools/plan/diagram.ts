import type { CapturedResource } from "./engine";

/**
 * The stack's architecture as a Mermaid flowchart, drawn from what the program really registers: one node per
 * top-level component (or per resource created outside any component), grouped by the cloud provider most of
 * its resources belong to, and an edge `A --> B` wherever a resource of A depends on a resource of B (through
 * an input or `dependsOn`). Child resources are not drawn: the diagram is for people.
 */
const PROVIDER_NAMES: Record<string, string> = {
    aws: "AWS",
    gcp: "Google Cloud",
    cloudflare: "Cloudflare",
    vercel: "Vercel",
    upstash: "Upstash",
    github: "GitHub",
    sentry: "Sentry",
    supabase: "Supabase",
    random: "generated",
    command: "local commands",
};

interface Node {
    id: string;
    label: string;
    kind: string;
    provider: string;
}

function providerOf(resource: CapturedResource): string {
    // Dynamic providers are named after the service they call (e.g. `db-project` of the Supabase provider).
    if (resource.type === "pulumi-nodejs:dynamic:Resource") return "supabase";
    return resource.type.split(":")[0] ?? "other";
}

function nodeId(name: string): string {
    return `n_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

function escapeLabel(text: string): string {
    return text.replace(/"/g, "#quot;");
}

export function mermaidDiagram(resources: CapturedResource[]): string {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const stack = resources.find((r) => r.type === "pulumi:pulumi:Stack");
    const topOf = new Map<string, CapturedResource>();
    const top = (r: CapturedResource): CapturedResource => {
        const known = topOf.get(r.urn);
        if (known) return known;
        let current = r;
        while (current.parent && current.parent !== stack?.urn) {
            const parent = byUrn.get(current.parent);
            if (!parent) break;
            current = parent;
        }
        topOf.set(r.urn, current);
        return current;
    };

    // Nodes: count each top-level unit's custom resources per provider; the majority names its group.
    const counts = new Map<string, Map<string, number>>();
    for (const r of resources) {
        if (!r.custom || r.type === "pulumi:pulumi:Stack" || r.type.startsWith("pulumi:providers:")) continue;
        const unit = top(r);
        const perProvider = counts.get(unit.urn) ?? new Map<string, number>();
        perProvider.set(providerOf(r), (perProvider.get(providerOf(r)) ?? 0) + 1);
        counts.set(unit.urn, perProvider);
    }
    const nodes = new Map<string, Node>();
    for (const [urn, perProvider] of counts) {
        const unit = byUrn.get(urn);
        if (!unit) continue;
        const provider = [...perProvider].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? "other";
        const kind = unit.type.split(":").pop() ?? unit.type;
        nodes.set(urn, { id: nodeId(unit.name), label: unit.name, kind, provider });
    }

    // Edges: a dependency between resources of two different units.
    const edges = new Set<string>();
    for (const r of resources) {
        const from = nodes.get(top(r).urn);
        if (!from) continue;
        const deps = new Set([...r.dependencies, ...Object.values(r.propertyDependencies).flat()]);
        for (const dep of deps) {
            const target = byUrn.get(dep);
            if (!target) continue;
            const to = nodes.get(top(target).urn);
            if (to && to.id !== from.id) edges.add(`  ${from.id} --> ${to.id}`);
        }
    }

    const lines = ["flowchart LR"];
    const providers = [...new Set([...nodes.values()].map((n) => n.provider))].sort();
    for (const provider of providers) {
        lines.push(`  subgraph ${provider}["${escapeLabel(PROVIDER_NAMES[provider] ?? provider)}"]`);
        for (const node of [...nodes.values()].filter((n) => n.provider === provider).sort((a, b) => a.id.localeCompare(b.id))) {
            lines.push(`    ${node.id}["${escapeLabel(node.label)}<br/><small>${escapeLabel(node.kind)}</small>"]`);
        }
        lines.push("  end");
    }
    lines.push(...[...edges].sort());
    return `${lines.join("\n")}\n`;
}
