import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { listStacks } from "./project";

/**
 * `npm run plan -- --all`: every stack of every project in the repo (the root and each `examples/*`), planned in
 * parallel child processes (one per core), each through the same CLI with `--json`, then one summary table.
 */
const REPO = path.resolve(__dirname, "../..");
const TSX = path.join(REPO, "node_modules/.bin/tsx");

export interface StackTarget {
    /** Directory relative to the repo root (`.` for the root project). */
    project: string;
    stack: string;
}

export interface StackOutcome extends StackTarget {
    exitCode: number;
    resources: number;
    mandatory: number;
    advisory: number;
    monthlyUsd: number | null;
    budgetUsd: number | null;
    seconds: number;
    /** First line of the error for exit 2. */
    error?: string;
}

/** Every project directory with a Pulumi.yaml: the root, then `examples/*` in name order. */
export function discoverTargets(root = REPO): StackTarget[] {
    const examples = path.join(root, "examples");
    const dirs = ["."];
    if (fs.existsSync(examples)) {
        for (const name of fs.readdirSync(examples).sort()) {
            if (fs.existsSync(path.join(examples, name, "Pulumi.yaml"))) dirs.push(path.join("examples", name));
        }
    }
    const rank = (stack: string) => {
        const i = ["dev", "staging", "prod"].indexOf(stack);
        return i < 0 ? 3 : i;
    };
    return dirs.flatMap((project) =>
        listStacks(path.join(root, project))
            .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
            .map((stack) => ({ project, stack })),
    );
}

interface PlanDoc {
    resources: { custom: boolean }[];
    violations: { level: string }[];
    cost: { monthlyUsd: number; budgetUsd: number | null };
}

function planOne(target: StackTarget, extraArgs: string[]): Promise<StackOutcome> {
    const started = performance.now();
    return new Promise((resolve) => {
        const child = spawn(TSX, ["--conditions=development", path.join(__dirname, "cli.ts"), "--cwd", path.join(REPO, target.project), "--stack", target.stack, "--json", ...extraArgs], {
            cwd: REPO,
            env: { ...process.env, NO_COLOR: "1" },
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("close", (code) => {
            const seconds = (performance.now() - started) / 1000;
            const base = { ...target, exitCode: code ?? 2, seconds, resources: 0, mandatory: 0, advisory: 0, monthlyUsd: null, budgetUsd: null };
            if (code !== 0 && code !== 1) {
                const message = stderr.split("\n").find((l) => l.startsWith("error:")) ?? stderr.trim().split("\n")[0] ?? "failed";
                resolve({ ...base, error: message.replace(/^error:\s*/, "") });
                return;
            }
            const doc = JSON.parse(stdout) as PlanDoc;
            resolve({
                ...base,
                resources: doc.resources.filter((r) => r.custom).length,
                mandatory: doc.violations.filter((v) => v.level !== "advisory").length,
                advisory: doc.violations.filter((v) => v.level === "advisory").length,
                monthlyUsd: doc.cost.monthlyUsd,
                budgetUsd: doc.cost.budgetUsd,
            });
        });
    });
}

const usd = (n: number | null) => (n === null ? "-" : `$${Math.round(n).toLocaleString("en-US")}`);

function verdict(o: StackOutcome): string {
    if (o.error !== undefined) return "INVALID";
    if (o.mandatory > 0) return "FAIL";
    return "ok";
}

/** The summary table: project, stack, resources, violations, monthly cost against budget. */
export function formatTable(outcomes: StackOutcome[]): string {
    const header = ["project", "stack", "resources", "mandatory", "advisory", "monthly cost", "budget", "result"];
    const rows = outcomes.map((o) => [o.project === "." ? "(root)" : o.project, o.stack, String(o.resources), String(o.mandatory), String(o.advisory), usd(o.monthlyUsd), usd(o.budgetUsd), verdict(o)]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
    const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 6 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join("  ");
    const out = [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
    for (const o of outcomes.filter((x) => x.error !== undefined)) out.push(`${o.project}/${o.stack}: ${o.error}`);
    return out.join("\n");
}

/** Plans every target with bounded parallelism; reports progress live on a terminal, as plain lines otherwise. */
export async function planAll(extraArgs: string[], targets = discoverTargets()): Promise<StackOutcome[]> {
    const live = process.stderr.isTTY === true;
    const concurrency = Math.max(1, Math.min(os.availableParallelism(), targets.length));
    const outcomes: StackOutcome[] = new Array<StackOutcome>(targets.length);
    let next = 0;
    let done = 0;
    const running = new Set<string>();
    const progress = () => {
        if (live) process.stderr.write(`\r\x1b[2K[${done}/${targets.length}] planning ${[...running].join(", ")}`);
    };
    const worker = async () => {
        while (next < targets.length) {
            const index = next++;
            const target = targets[index];
            if (!target) break;
            const label = `${target.project === "." ? "(root)" : target.project}/${target.stack}`;
            running.add(label);
            progress();
            const outcome = await planOne(target, extraArgs);
            outcomes[index] = outcome;
            running.delete(label);
            done++;
            if (live) progress();
            else process.stderr.write(`${verdict(outcome).padEnd(7)} ${label} (${outcome.seconds.toFixed(1)} s)\n`);
        }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    if (live) process.stderr.write("\r\x1b[2K");
    return outcomes;
}
