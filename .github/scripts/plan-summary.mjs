#!/usr/bin/env node
/**
 * Markdown summary of one or more offline plans (`npm run -s plan -- --stack <s> --json > plan-<s>.json`): policy
 * violations, the estimated monthly cost against the budget, and, when the plan was made with `--compare
 * <base plan>`, what the change adds to the monthly bill (before → after, and the resources behind it), per stack.
 * Used by .github/workflows/pr.yml for $GITHUB_STEP_SUMMARY and for the pull request comment.
 *
 *     node .github/scripts/plan-summary.mjs plan-dev.json plan-staging.json plan-prod.json
 *
 * A missing or empty file is a plan that exited 2 (invalid input: the program or the policy pack failed, and the
 * plan printed no JSON); it is reported as such rather than failing the summary. Plain Node, no dependencies.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Hidden marker that identifies the pull request comment to update. */
export const MARKER = "<!-- appstack-offline-plan -->";

const usd = (n) =>
    typeof n === "number" ? `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}` : "n/a";
const cell = (s) => String(s).replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
/** A PR comment holds at most 65,536 characters: long messages and long violation lists are cut. */
const MAX_MESSAGE = 300;
const MAX_ROWS = 40;
const clip = (s, n) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Reads one plan file; `{ stack, plan }` or `{ stack, error }`. */
export function readPlan(file) {
    const stack = /plan-(.+)\.json$/.exec(path.basename(file))?.[1] ?? path.basename(file);
    let text;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        return { stack, error: "no plan output (the plan job did not produce it)" };
    }
    if (text.trim() === "") return { stack, error: "the plan exited without JSON: invalid input (exit 2), see the job log" };
    try {
        const plan = JSON.parse(text);
        if (!Array.isArray(plan.resources)) return { stack, error: "not a plan document" };
        return { stack: plan.stack ?? stack, plan };
    } catch (err) {
        return { stack, error: `unreadable plan JSON: ${err.message}` };
    }
}

/** One stack's status: "blocked" (a mandatory violation: the plan exits 1), "invalid" (exit 2), or "ok". */
export function status(entry) {
    if (entry.error) return "invalid";
    const blocking = (entry.plan.violations ?? []).filter((v) => v.level === "mandatory" || v.level === "remediate");
    return blocking.length > 0 ? "blocked" : "ok";
}

const signed = (n) => `${n < 0 ? "-" : "+"}${usd(Math.abs(n))}`;

/** What the change does to the monthly bill, from the plan's `compare` section (tools/plan/compare.ts). */
export function costChange(plan) {
    const c = plan.compare;
    if (!c) return "base not planned";
    if (typeof c.deltaUsd !== "number") return "n/a (the base plan has no cost)";
    const range = `${usd(c.beforeUsd)} → ${usd(c.afterUsd)}`;
    if (c.deltaUsd > 0) return `adds ${usd(c.deltaUsd)}/month (${range})`;
    if (c.deltaUsd < 0) return `saves ${usd(-c.deltaUsd)}/month (${range})`;
    return `no change (${usd(c.afterUsd)})`;
}

/** One row per resource the change adds, removes or changes, largest cost change first. */
function changeRows(c) {
    const rows = [
        ...c.added.map((r) => ({ mark: "added", r, cost: typeof r.afterUsd === "number" ? `${signed(r.afterUsd)}/month` : "not priced" })),
        ...c.removed.map((r) => ({
            mark: "removed",
            r,
            cost: typeof r.beforeUsd === "number" ? `${signed(-r.beforeUsd)}/month` : "not priced",
        })),
        ...c.changed.map((r) => ({
            mark: `changed${r.keys.length > 0 ? ` (${r.keys.map((k) => `\`${k}\``).join(", ")})` : ""}`,
            r,
            cost:
                r.beforeUsd === null && r.afterUsd === null
                    ? "not priced"
                    : `${usd(r.beforeUsd)} → ${usd(r.afterUsd)} (${signed(r.deltaUsd)})`,
        })),
    ];
    return rows.sort((a, b) => Math.abs(b.r.deltaUsd) - Math.abs(a.r.deltaUsd));
}

export function summarize(entries, { marker = false } = {}) {
    const lines = [];
    if (marker) lines.push(MARKER);
    lines.push("## Offline plan and policy gate", "");
    lines.push(
        "| stack | status | resources | mandatory | advisory | monthly cost | budget | this change |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    );
    for (const e of entries) {
        if (e.error) {
            lines.push(`| ${cell(e.stack)} | ❌ ${cell(e.error)} | | | | | | |`);
            continue;
        }
        const v = e.plan.violations ?? [];
        const mandatory = v.filter((x) => x.level === "mandatory" || x.level === "remediate").length;
        const advisory = v.filter((x) => x.level === "advisory").length;
        const cost = e.plan.cost ?? {};
        const over = typeof cost.budgetUsd === "number" && typeof cost.monthlyUsd === "number" && cost.monthlyUsd > cost.budgetUsd;
        const icon = status(e) === "blocked" ? "❌ blocked" : over ? "⚠️ over budget" : "✅ ok";
        const budget =
            typeof cost.budgetUsd === "number"
                ? `${usd(cost.budgetUsd)} (${Math.round((cost.monthlyUsd / cost.budgetUsd) * 100)} %)`
                : "no budget";
        lines.push(
            `| ${cell(e.stack)} | ${icon} | ${e.plan.resources.length} | ${mandatory} | ${advisory} | ${usd(cost.monthlyUsd)} | ${budget} | ${cell(costChange(e.plan))} |`,
        );
    }
    for (const e of entries) {
        const c = e.plan?.compare;
        if (!c) continue;
        const rows = changeRows(c);
        if (rows.length === 0) continue;
        lines.push(
            "",
            `<details><summary><b>${cell(e.stack)}</b>: ${cell(costChange(e.plan))}: ${c.added.length} added, ${c.removed.length} removed, ${c.changed.length} changed</summary>`,
            "",
        );
        lines.push("| resource | change | monthly cost |", "|---|---|---:|");
        for (const { mark, r, cost } of rows.slice(0, MAX_ROWS))
            lines.push(`| \`${cell(r.name)}\` (${cell(r.type)}) | ${mark} | ${cost} |`);
        if (rows.length > MAX_ROWS) lines.push(`| … and ${rows.length - MAX_ROWS} more: see the plan-${cell(e.stack)} artifact | | |`);
        lines.push("", "</details>");
    }
    for (const e of entries) {
        const v = e.plan?.violations ?? [];
        if (v.length === 0) continue;
        const pack = e.plan.policyPack ? ` (${e.plan.policyPack.name}@${e.plan.policyPack.version})` : "";
        lines.push(
            "",
            `<details${status(e) === "blocked" ? " open" : ""}><summary><b>${cell(e.stack)}</b>: ${v.length} violation(s)${cell(pack)}</summary>`,
            "",
        );
        lines.push("| level | policy | resource | message |", "|---|---|---|---|");
        for (const x of v.slice(0, MAX_ROWS))
            lines.push(
                `| ${x.level} | \`${cell(x.policy)}\` | \`${cell(x.name)}\` (${cell(x.type)}) | ${clip(cell(x.message), MAX_MESSAGE)} |`,
            );
        if (v.length > MAX_ROWS) lines.push(`| | | | … and ${v.length - MAX_ROWS} more: see the plan-${cell(e.stack)} artifact |`);
        lines.push("", "</details>");
    }
    const unpriced = entries.flatMap((e) =>
        (e.plan?.cost?.unpriced ?? []).map((u) => `${e.stack}: ${typeof u === "string" ? u : JSON.stringify(u)}`),
    );
    if (unpriced.length > 0) lines.push("", `Not priced: ${unpriced.map(cell).join(", ")}.`);
    lines.push(
        "",
        "_Offline plan under the Pulumi SDK's mocks: inputs as the program sends them, every resource a create; costs are on-demand list-price estimates (cost/src). See the README for how it differs from `pulumi preview`._",
    );
    return `${lines.join("\n")}\n`;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
    const args = process.argv.slice(2);
    const marker = args.includes("--marker");
    const files = args.filter((a) => !a.startsWith("--"));
    if (files.length === 0) {
        process.stderr.write("usage: node .github/scripts/plan-summary.mjs [--marker] plan-<stack>.json...\n");
        process.exit(2);
    }
    process.stdout.write(summarize(files.map(readPlan), { marker }));
}
