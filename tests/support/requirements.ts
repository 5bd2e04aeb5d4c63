/**
 * The machine-read parts of an example README (examples/<x>/README.md), and their check against plan documents.
 *
 * ## Requirements
 *
 * One table, columns `section | requirement | status | evidence | reason`:
 * - `section`: the document's heading the requirement is under, exactly as written there (without the `#`s);
 * - `status`: `met`, `partly`, `deviation` or `outside infrastructure`;
 * - `evidence`: one or more backticked items, each `[stack:] <type> <name> [key=value ...]`, as the plan shows them:
 *   `type` and `name` of one resource of the plan (prod unless a `dev:` / `staging:` prefix says otherwise), `key` a
 *   dotted path into its inputs (a number indexes an array, `*` any element, a string holding JSON is parsed on the
 *   way), `key=value` the value there (strings, numbers and booleans as written, anything else as JSON) and
 *   `key~=text` a string (or JSON) there that contains `text`; values with spaces are quoted (`"..."`, or `'...'` around double quotes);
 * - `reason`: required for `partly`, `deviation` and `outside infrastructure`.
 * The evidence of `met` and `partly` rows is checked against the plans; other rows' evidence cells are free text.
 *
 * ## Cost
 *
 * One table, columns `stack | estimate | budget`: each stack's `cost.monthlyUsd` and `cost.budgetUsd` as dollars
 * (`$1,346.71`, `$2,500`), compared with the plan rounded to the decimals written. Optionally a second table, columns
 * `component | estimate | ...`: prod's estimate of each top-level component (its resources' cost items summed). Outside that section a README
 * quotes no plan estimate in dollars (a line saying "estimate" or "the plan" next to a `$` figure is refused): it
 * points at the table instead, so the figures live in one place that the test reads.
 */
import type { PlanJson } from "./cli";

export const STATUSES = ["met", "partly", "deviation", "outside infrastructure"] as const;
export type Status = (typeof STATUSES)[number];

export interface Evidence {
    raw: string;
    stack: string;
    type: string;
    name: string;
    checks: { path: string; op: "=" | "~="; value: string }[];
}

export interface RequirementRow {
    line: number;
    section: string;
    requirement: string;
    status: string;
    evidence: Evidence[];
    evidenceText: string;
    reason: string;
}

export interface CostRow {
    line: number;
    stack: string;
    estimate: string;
    budget: string;
}

/** The lines of the section whose `## ` heading starts with `title`, up to the next `## ` heading. */
function section(text: string, title: string): { start: number; lines: string[] } | undefined {
    const lines = text.split("\n");
    const start = lines.findIndex((l) => l.startsWith("## ") && l.slice(3).trim().toLowerCase().startsWith(title.toLowerCase()));
    if (start < 0) return undefined;
    let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
    if (end < 0) end = lines.length;
    return { start, lines: lines.slice(start, end) };
}

/** Splits a Markdown table row on unescaped pipes outside backticks. */
export function cells(row: string): string[] {
    const out: string[] = [];
    let cur = "";
    let code = false;
    const s = row.trim().replace(/^\|/, "").replace(/\|$/, "");
    for (let i = 0; i < s.length; i++) {
        const c = s[i];
        if (c === "\\" && s[i + 1] === "|") {
            cur += "|";
            i++;
        } else if (c === "`") {
            code = !code;
            cur += c;
        } else if (c === "|" && !code) {
            out.push(cur.trim());
            cur = "";
        } else cur += c;
    }
    out.push(cur.trim());
    return out;
}

/**
 * The rows of the first table in `lines` whose header's first cell is `header` (any first table without it), header
 * and separator dropped, with their 1-based line numbers.
 */
function table(lines: string[], offset: number, header?: string): { line: number; cells: string[] }[] {
    const first = lines.findIndex(
        (l, i) =>
            l.trim().startsWith("|") &&
            !lines[i - 1]?.trim().startsWith("|") &&
            (header === undefined || cells(l)[0]?.toLowerCase() === header),
    );
    if (first < 0) return [];
    const rows: { line: number; cells: string[] }[] = [];
    for (let i = first + 2; i < lines.length && lines[i].trim().startsWith("|"); i++)
        rows.push({ line: offset + i + 1, cells: cells(lines[i]) });
    return rows;
}

/** Tokens of one evidence item: whitespace-separated, double quotes group (`content~="eas submit"`). */
function tokens(s: string): string[] {
    const out: string[] = [];
    const re = /(?:[^\s"']+|"[^"]*"|'[^']*')+/g;
    for (const m of s.matchAll(re)) out.push(m[0]);
    return out;
}

export function parseEvidence(raw: string): Evidence {
    let rest = raw.trim();
    let stack = "prod";
    const prefix = /^(dev|staging|prod):\s+/.exec(rest);
    if (prefix) {
        stack = prefix[1]!;
        rest = rest.slice(prefix[0].length);
    }
    const [type = "", name = "", ...props] = tokens(rest);
    const checks = props.map((p) => {
        const m = /^([^=~]+)(~=|=)(.*)$/.exec(p);
        if (!m) throw new Error(`evidence \`${raw}\`: "${p}" is not key=value or key~=text`);
        return { path: m[1], op: m[2] as "=" | "~=", value: m[3].replace(/^"(.*)"$|^'(.*)'$/, "$1$2") };
    });
    return { raw, stack, type, name, checks };
}

export function parseRequirements(text: string): RequirementRow[] | undefined {
    const s = section(text, "Requirements");
    if (!s) return undefined;
    return table(s.lines, s.start).map(({ line, cells: c }) => {
        const evidenceText = c[3] ?? "";
        const status = c[2] ?? "";
        const checked = status === "met" || status === "partly";
        const evidence = checked ? [...evidenceText.matchAll(/`([^`]+)`/g)].map((m) => parseEvidence(m[1])) : [];
        return { line, section: c[0] ?? "", requirement: c[1] ?? "", status, evidence, evidenceText, reason: c[4] ?? "" };
    });
}

export function parseCost(text: string): CostRow[] | undefined {
    const s = section(text, "Cost");
    if (!s) return undefined;
    return table(s.lines, s.start, "stack").map(({ line, cells: c }) => ({
        line,
        stack: c[0] ?? "",
        estimate: c[1] ?? "",
        budget: c[2] ?? "",
    }));
}

export interface ComponentCostRow {
    line: number;
    component: string;
    estimate: string;
}

/** The Cost section's optional prod table by component (`component | estimate | ...`, the component's name in backticks). */
export function parseComponentCost(text: string): ComponentCostRow[] {
    const s = section(text, "Cost");
    if (!s) return [];
    return table(s.lines, s.start, "component").map(({ line, cells: c }) => ({
        line,
        component: (c[0] ?? "").replace(/`/g, "").trim(),
        estimate: c[1] ?? "",
    }));
}

/** The plan's cost items summed by top-level component (the resource under the stack each item descends from), by name. */
export function costByComponent(plan: PlanJson): Record<string, number> {
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const top = (urn: string): string | undefined => {
        let r = byUrn.get(urn);
        while (r?.parent && !r.parent.includes("pulumi:pulumi:Stack")) r = byUrn.get(r.parent);
        return r?.name;
    };
    const sums: Record<string, number> = {};
    for (const item of plan.cost.items) {
        const name = top(item.urn);
        if (name !== undefined) sums[name] = (sums[name] ?? 0) + item.monthlyUsd;
    }
    return sums;
}

/** Lines outside the Cost section that quote a plan estimate in dollars (they would go stale unchecked). */
export function strayEstimates(text: string): { line: number; text: string }[] {
    const s = section(text, "Cost");
    const lines = text.split("\n");
    const inCost = (i: number) => s !== undefined && i >= s.start && i < s.start + s.lines.length;
    return lines
        .map((l, i) => ({ line: i + 1, text: l, i }))
        .filter(({ text: l, i }) => !inCost(i) && /(estimat|the plan)[^|]{0,80}\$\d|\$\d[\d,.]*[^|]{0,20}(estimated|in the plan)/i.test(l))
        .map(({ line, text: l }) => ({ line, text: l }));
}

/** A dollar figure as written (`$1,346.71`): its value and its decimals; undefined when the cell holds none. */
export function dollars(cell: string): { value: number; decimals: number } | undefined {
    const m = /\$([\d,]+)(?:\.(\d+))?/.exec(cell);
    if (!m) return undefined;
    return { value: Number(`${m[1].replace(/,/g, "")}.${m[2] ?? "0"}`), decimals: (m[2] ?? "").length };
}

/** `plan` rounded to `decimals` equals `written`. */
export function sameFigure(plan: number, written: { value: number; decimals: number }): boolean {
    const f = 10 ** written.decimals;
    return Math.round(plan * f) === Math.round(written.value * f);
}

function values(v: unknown, path: string[]): unknown[] {
    if (typeof v === "string" && path.length > 0 && /^\s*[[{]/.test(v)) {
        try {
            v = JSON.parse(v);
        } catch {
            return [];
        }
    }
    if (path.length === 0) return [v];
    const [head, ...rest] = path;
    if (v === null || typeof v !== "object") return [];
    if (head === "*") return (Array.isArray(v) ? v : Object.values(v)).flatMap((e) => values(e, rest));
    const next = (v as Record<string, unknown>)[head];
    return next === undefined ? [] : values(next, rest);
}

function matches(v: unknown, op: "=" | "~=", expected: string): boolean {
    const text = typeof v === "string" ? v : JSON.stringify(v);
    return op === "=" ? text === expected : text.includes(expected);
}

/** What is wrong with one evidence item against the plans (by stack), or undefined when the plan shows it. */
export function checkEvidence(e: Evidence, plans: Record<string, PlanJson | undefined>): string | undefined {
    const plan = plans[e.stack];
    if (!plan) return `\`${e.raw}\`: no plan of stack ${e.stack}`;
    if (!e.type || !e.name) return `\`${e.raw}\`: evidence is "[stack:] <type> <name> [key=value ...]"`;
    const found = plan.resources.filter((r) => r.type === e.type && r.name === e.name);
    if (found.length === 0) {
        const sameName = plan.resources.filter((r) => r.name === e.name).map((r) => r.type);
        return `\`${e.raw}\`: no ${e.type} named ${e.name} in the ${e.stack} plan${sameName.length ? ` (that name is a ${sameName.join(", ")})` : ""}`;
    }
    for (const c of e.checks) {
        const got = found.flatMap((r) => values(r.inputs, c.path.split(".")));
        if (!got.some((v) => matches(v, c.op, c.value))) {
            const shown = got.length === 0 ? "nothing" : got.map((v) => JSON.stringify(v)?.slice(0, 120)).join(" | ");
            return `\`${e.raw}\`: ${c.path} is ${shown} in the ${e.stack} plan, not ${c.op === "=" ? "" : "containing "}${JSON.stringify(c.value)}`;
        }
    }
    return undefined;
}

/** Every problem of a README's requirement table: unknown statuses, missing evidence or reasons, evidence the plan does not show. */
export function checkRequirements(rows: RequirementRow[], plans: Record<string, PlanJson | undefined>): string[] {
    const problems: string[] = [];
    for (const row of rows) {
        const at = `line ${row.line} (${row.section}: ${row.requirement.slice(0, 60)})`;
        if (!(STATUSES as readonly string[]).includes(row.status))
            problems.push(`${at}: status "${row.status}" is not one of ${STATUSES.join(", ")}`);
        if ((row.status === "met" || row.status === "partly") && row.evidence.length === 0)
            problems.push(`${at}: a ${row.status} row names its evidence (backticked "type name key=value")`);
        if (row.status !== "met" && row.reason.replace(/[—-]/g, "").trim() === "")
            problems.push(`${at}: a ${row.status} row gives its reason`);
        if (row.status !== "met" && row.status !== "partly") continue;
        for (const e of row.evidence) {
            const problem = checkEvidence(e, plans);
            if (problem) problems.push(`${at}: ${problem}`);
        }
    }
    return problems;
}
