#!/usr/bin/env node
/**
 * Markdown summary of one or more offline plans (`npm run plan -- --stack <s> --json > plan-<s>.json`): policy
 * violations and the estimated monthly cost against the budget, per stack. Used by .github/workflows/pr.yml for
 * $GITHUB_STEP_SUMMARY and for the pull request comment.
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

const usd = (n) => (typeof n === "number" ? `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}` : "n/a");
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

export function summarize(entries, { marker = false } = {}) {
    const lines = [];
    if (marker) lines.push(MARKER);
    lines.push("## Offline plan and policy gate", "");
    lines.push("| stack | status | resources | mandatory | advisory | monthly cost | budget |", "|---|---|---:|---:|---:|---:|---:|");
    for (const e of entries) {
        if (e.error) {
            lines.push(`| ${cell(e.stack)} | ❌ ${cell(e.error)} | | | | | |`);
            continue;
        }
        const v = e.plan.violations ?? [];
        const mandatory = v.filter((x) => x.level === "mandatory" || x.level === "remediate").length;
        const advisory = v.filter((x) => x.level === "advisory").length;
        const cost = e.plan.cost ?? {};
        const over = typeof cost.budgetUsd === "number" && typeof cost.monthlyUsd === "number" && cost.monthlyUsd > cost.budgetUsd;
        const icon = status(e) === "blocked" ? "❌ blocked" : over ? "⚠️ over budget" : "✅ ok";
        const budget = typeof cost.budgetUsd === "number" ? `${usd(cost.budgetUsd)} (${Math.round((cost.monthlyUsd / cost.budgetUsd) * 100)} %)` : "no budget";
        lines.push(`| ${cell(e.stack)} | ${icon} | ${e.plan.resources.length} | ${mandatory} | ${advisory} | ${usd(cost.monthlyUsd)} | ${budget} |`);
    }
    for (const e of entries) {
        const v = e.plan?.violations ?? [];
        if (v.length === 0) continue;
        const pack = e.plan.policyPack ? ` (${e.plan.policyPack.name}@${e.plan.policyPack.version})` : "";
        lines.push("", `<details${status(e) === "blocked" ? " open" : ""}><summary><b>${cell(e.stack)}</b>: ${v.length} violation(s)${cell(pack)}</summary>`, "");
        lines.push("| level | policy | resource | message |", "|---|---|---|---|");
        for (const x of v.slice(0, MAX_ROWS)) lines.push(`| ${x.level} | \`${cell(x.policy)}\` | \`${cell(x.name)}\` (${cell(x.type)}) | ${clip(cell(x.message), MAX_MESSAGE)} |`);
        if (v.length > MAX_ROWS) lines.push(`| | | | … and ${v.length - MAX_ROWS} more: see the plan-${cell(e.stack)} artifact |`);
        lines.push("", "</details>");
    }
    const unpriced = entries.flatMap((e) => (e.plan?.cost?.unpriced ?? []).map((u) => `${e.stack}: ${typeof u === "string" ? u : JSON.stringify(u)}`));
    if (unpriced.length > 0) lines.push("", `Not priced: ${unpriced.map(cell).join(", ")}.`);
    lines.push("", "_Offline plan under the Pulumi SDK's mocks: inputs as the program sends them, every resource a create; costs are on-demand list-price estimates (policies/cost). See the README for how it differs from `pulumi preview`._");
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
