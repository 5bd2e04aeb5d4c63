/**
 * Cost in pull requests: the difference between two plans of one stack (`npm run plan -- --stack <s> --compare
 * <plan.json>`). Resources are matched by URN, which the engine derives from stack, project, type, name and the
 * parent chain, so a resource is "the same" in both plans exactly when Pulumi would update it rather than replace it
 * with a new one. A resource is changed when its inputs differ; its monthly cost before and after comes from each
 * document's own `cost.items`, so a change of the price table shows as a change too.
 *
 * The other plan is a `--json` document of this tool (tools/plan/document.ts), typically the base branch's plan
 * (.github/workflows/pr.yml): an older version of the tool may lack `cost`, which is then reported as unknown.
 */
import * as fs from "node:fs";
import { PlanInputError } from "./project";

/** What compare reads from a plan document: a subset of planDocument's shape, so older documents still compare. */
export interface ComparablePlan {
    project: string;
    stack: string;
    resources: { urn: string; type: string; name: string; custom: boolean; inputs: unknown }[];
    cost: { monthlyUsd: number; items: { urn: string; monthlyUsd: number }[] } | null;
}

export interface ResourceChange {
    urn: string;
    type: string;
    name: string;
    /** Monthly USD before and after; `null` when not priced (unpriced, or the document has no cost). */
    beforeUsd: number | null;
    afterUsd: number | null;
    deltaUsd: number;
    /** For changed resources: the top-level input keys whose values differ. */
    keys: string[];
}

export interface PlanComparison {
    /** The file the current plan was compared with. */
    against: string;
    stack: string;
    beforeUsd: number | null;
    afterUsd: number | null;
    /** `afterUsd - beforeUsd`, `null` when either is unknown. */
    deltaUsd: number | null;
    added: ResourceChange[];
    removed: ResourceChange[];
    changed: ResourceChange[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const cents = (n: number) => Math.round(n * 100) / 100;

/** Reads and checks a plan document; errors name the file and what was wrong. */
export function readPlanDocument(file: string): ComparablePlan {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new PlanInputError(`--compare: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (text.trim() === "")
        throw new PlanInputError(`--compare: ${file} is empty (a plan that exited 2 prints no JSON); plan the other side again`);
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (err) {
        throw new PlanInputError(
            `--compare: ${file} is not JSON (${err instanceof Error ? err.message : String(err)}); expected \`npm run -s plan -- --stack <s> --json\` output`,
        );
    }
    return toComparable(doc, file);
}

/** Checks the shape of a parsed plan document (ours, or one read from a file). */
export function toComparable(doc: unknown, file: string): ComparablePlan {
    const bad = (what: string) =>
        new PlanInputError(
            `--compare: ${file} is not a plan document: ${what}; expected the output of \`npm run -s plan -- --stack <s> --json\``,
        );
    if (!isRecord(doc)) throw bad("not a JSON object");
    if (Array.isArray(doc["steps"])) throw bad("it has `steps`, like `pulumi preview --json`; use --from-preview for a preview");
    if (typeof doc["stack"] !== "string" || typeof doc["project"] !== "string") throw bad("`project` and `stack` must be strings");
    if (!Array.isArray(doc["resources"])) throw bad("`resources` must be an array");
    const resources = doc["resources"].map((r: unknown, i) => {
        if (!isRecord(r) || typeof r["urn"] !== "string" || typeof r["type"] !== "string")
            throw bad(`resources[${i}] needs a string urn and type`);
        return {
            urn: r["urn"],
            type: r["type"],
            name: typeof r["name"] === "string" ? r["name"] : (r["urn"].split("::").pop() ?? ""),
            custom: r["custom"] !== false,
            inputs: r["inputs"],
        };
    });
    const c = doc["cost"];
    let cost: ComparablePlan["cost"] = null;
    if (isRecord(c) && typeof c["monthlyUsd"] === "number") {
        const items: unknown[] = Array.isArray(c["items"]) ? c["items"] : [];
        cost = {
            monthlyUsd: c["monthlyUsd"],
            items: items
                .filter(isRecord)
                .flatMap((i) =>
                    typeof i["urn"] === "string" && typeof i["monthlyUsd"] === "number"
                        ? [{ urn: i["urn"], monthlyUsd: i["monthlyUsd"] }]
                        : [],
                ),
        };
    }
    return { project: doc["project"], stack: doc["stack"], resources, cost };
}

/** Structural equality of JSON values, ignoring key order. */
function sameJson(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (Array.isArray(a) || Array.isArray(b))
        return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
    if (!isRecord(a) || !isRecord(b)) return false;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameJson(a[k], b[k]));
}

function changedKeys(before: unknown, after: unknown): string[] {
    if (!isRecord(before) || !isRecord(after)) return sameJson(before, after) ? [] : ["(inputs)"];
    return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !sameJson(before[k], after[k])).sort();
}

/**
 * The difference from `previous` to `current` (same project and stack), over custom resources: a component costs
 * nothing by itself, and when its args change its children show up as changed in their own right.
 */
export function comparePlans(current: ComparablePlan, previous: ComparablePlan, against: string): PlanComparison {
    if (current.project !== previous.project || current.stack !== previous.stack) {
        throw new PlanInputError(
            `--compare: ${against} is the plan of ${previous.project}/${previous.stack}, not ${current.project}/${current.stack}: compare two plans of the same stack`,
        );
    }
    const costOf = (plan: ComparablePlan) => {
        const byUrn = new Map((plan.cost?.items ?? []).map((i) => [i.urn, i.monthlyUsd]));
        return (urn: string): number | null => byUrn.get(urn) ?? null;
    };
    const before = costOf(previous);
    const after = costOf(current);
    const change = (r: { urn: string; type: string; name: string }, keys: string[]): ResourceChange => {
        const b = before(r.urn);
        const a = after(r.urn);
        return { urn: r.urn, type: r.type, name: r.name, beforeUsd: b, afterUsd: a, deltaUsd: cents((a ?? 0) - (b ?? 0)), keys };
    };
    const previousResources = previous.resources.filter((r) => r.custom);
    const currentResources = current.resources.filter((r) => r.custom);
    const old = new Map(previousResources.map((r) => [r.urn, r]));
    const now = new Map(currentResources.map((r) => [r.urn, r]));
    const added: ResourceChange[] = [];
    const changed: ResourceChange[] = [];
    for (const r of currentResources) {
        const o = old.get(r.urn);
        if (!o) added.push(change(r, []));
        else {
            const keys = changedKeys(o.inputs, r.inputs);
            const c = change(r, keys);
            // A resource whose inputs are equal but whose price moved (a price-table change) is a change of the bill.
            if (keys.length > 0 || c.deltaUsd !== 0) changed.push(c);
        }
    }
    const removed = previousResources.filter((r) => !now.has(r.urn)).map((r) => change(r, []));
    const beforeUsd = previous.cost?.monthlyUsd ?? null;
    const afterUsd = current.cost?.monthlyUsd ?? null;
    return {
        against,
        stack: current.stack,
        beforeUsd,
        afterUsd,
        deltaUsd: beforeUsd === null || afterUsd === null ? null : cents(afterUsd - beforeUsd),
        added,
        removed,
        changed,
    };
}

const usd = (n: number) => `$${Math.abs(n).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const signed = (n: number) => `${n < 0 ? "-" : "+"}${usd(n)}`;
const money = (n: number | null) => (n === null ? "not priced" : usd(n));

/** The comparison as text: one line per resource change with its monthly cost, then the total before → after. */
export function formatComparison(c: PlanComparison): string {
    const lines = [
        `Compared with ${c.against} (${c.stack}): ${c.added.length} added, ${c.removed.length} removed, ${c.changed.length} changed`,
    ];
    const width = Math.max(9, ...[...c.added, ...c.removed, ...c.changed].map((r) => r.name.length));
    const row = (mark: string, r: ResourceChange, cost: string) => `  ${mark} ${r.name.padEnd(width)}  ${r.type.padEnd(40)}  ${cost}`;
    for (const r of c.added) lines.push(row("+", r, r.afterUsd === null ? "not priced" : `${signed(r.afterUsd)}/month`));
    for (const r of c.removed) lines.push(row("-", r, r.beforeUsd === null ? "not priced" : `${signed(-r.beforeUsd)}/month`));
    for (const r of c.changed) {
        const cost =
            r.beforeUsd === null && r.afterUsd === null
                ? "not priced"
                : `${money(r.beforeUsd)} → ${money(r.afterUsd)} (${signed(r.deltaUsd)})`;
        lines.push(`${row("~", r, cost)}${r.keys.length > 0 ? `   [${r.keys.join(", ")}]` : ""}`);
    }
    const total =
        c.beforeUsd === null || c.afterUsd === null || c.deltaUsd === null
            ? `  monthly total: ${money(c.beforeUsd)} → ${money(c.afterUsd)} (${c.beforeUsd === null ? "the other plan has no cost section" : "no cost"})`
            : `  monthly total: ${usd(c.beforeUsd)} → ${usd(c.afterUsd)} (${signed(c.deltaUsd)}/month)`;
    lines.push(total);
    return lines.join("\n");
}
