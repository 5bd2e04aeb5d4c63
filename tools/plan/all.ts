import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkUsageFile, configWithUsage, planCost, readUsageFile, type UsageFile } from "./cost";
import { mermaidDiagram } from "./diagram";
import { planDocument } from "./document";
import type { CapturedResource } from "./engine";
import { type GateSession, startGate } from "./gate";
import { defaultPolicyConfig } from "./gate/config";
import { type LoadedProject, listStacks } from "./project";
import { planSummary, profileSummary } from "./report";

/**
 * `npm run plan -- --all`: every stack of every project in the repo (the root and each `examples/*`). The programs
 * run in parallel child processes (one per core), each through the same CLI (`--capture-only`); ONE policy-pack
 * process, started here while the first programs run, judges every stack in turn, configured for each as the CLI
 * configures a pack (its stack, its policy config). Then one summary table.
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
    /** Plans this stack shares with others (the usage file's shared_plans): key → stacks. */
    sharedPlans?: Record<string, readonly string[]>;
    seconds: number;
    /** The environment profile the stack's components took ({@link profileSummary}). */
    profile: string | null;
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

interface Capture {
    project: LoadedProject;
    resources: CapturedResource[];
}

const children = new Set<ChildProcess>();

/** Runs one program in a child (`--capture-only`), then judges it with the shared pack and prices it. */
function planOne(
    target: StackTarget,
    extraArgs: string[],
    gate: GateSession | null,
    packDir: string | null,
    outDir: string | null,
): Promise<StackOutcome> {
    const started = performance.now();
    const cwd = path.join(REPO, target.project);
    return new Promise<StackOutcome>((resolve) => {
        const child = spawn(
            TSX,
            [
                "--conditions=development",
                path.join(__dirname, "cli.ts"),
                "--cwd",
                cwd,
                "--stack",
                target.stack,
                "--capture-only",
                ...extraArgs,
            ],
            {
                cwd: REPO,
                env: { ...process.env, NO_COLOR: "1" },
            },
        );
        children.add(child);
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("close", (code) => {
            children.delete(child);
            const base = {
                ...target,
                exitCode: code ?? 2,
                seconds: 0,
                resources: 0,
                mandatory: 0,
                advisory: 0,
                monthlyUsd: null,
                budgetUsd: null,
                profile: null,
            };
            const failed = (error: string): StackOutcome => ({
                ...base,
                exitCode: 2,
                seconds: (performance.now() - started) / 1000,
                error,
            });
            if (code !== 0) {
                const message = stderr.split("\n").find((l) => l.startsWith("error:")) ?? stderr.trim().split("\n")[0] ?? "failed";
                resolve(failed(message.replace(/^error:\s*/, "")));
                return;
            }
            const { project, resources } = JSON.parse(stdout) as Capture;
            const configFile = (packDir && defaultPolicyConfig(cwd, target.stack, packDir)) ?? null;
            // The project's usage file (appstack-usage[.<stack>].yml), checked against the plan; the pack gets it too.
            let usage: { file: UsageFile; doc: ReturnType<typeof checkUsageFile> } | null = null;
            try {
                const file = readUsageFile(cwd, target.stack);
                usage = file ? { file, doc: checkUsageFile(file, resources, project.name, project.stack) } : null;
            } catch (err) {
                resolve(failed(err instanceof Error ? err.message : String(err)));
                return;
            }
            const gateConfig =
                usage && packDir === path.join(REPO, "policies")
                    ? configWithUsage(configFile, usage.file, `${project.name}/${project.stack}`)
                    : configFile;
            const judged = gate
                ? gate.run(resources, {
                      project: project.name,
                      stack: project.stack,
                      config: project.config,
                      secretKeys: project.secretKeys,
                      configFile: gateConfig ?? undefined,
                  })
                : Promise.resolve(null);
            const cleanUp = () => {
                if (gateConfig && gateConfig !== configFile) fs.rmSync(path.dirname(gateConfig), { recursive: true, force: true });
            };
            judged.then(cleanUp, cleanUp);
            judged.then(
                (result) => {
                    const violations = result?.violations ?? [];
                    const mandatory = violations.filter((v) => v.level !== "advisory").length;
                    const cost = planCost(resources, project.region, result, {
                        usage: usage ? { file: usage.file.file, doc: usage.doc } : null,
                    });
                    if (outDir) writeDocuments(outDir, target, { project, resources }, result, configFile, cost);
                    resolve({
                        ...base,
                        exitCode: mandatory > 0 ? 1 : 0,
                        seconds: (performance.now() - started) / 1000,
                        resources: planSummary(resources).resources,
                        profile: profileSummary(resources),
                        mandatory,
                        advisory: violations.length - mandatory,
                        monthlyUsd: cost.monthlyUsd,
                        budgetUsd: cost.budgetUsd,
                        sharedPlans: cost.sharedPlans,
                    });
                },
                (err: unknown) =>
                    resolve(failed((err instanceof Error ? err.message : String(err)).split("\n")[0] ?? "the policy gate failed")),
            );
        });
    });
}

/** The single-stack `--json` document and `--format mermaid` diagram of one stack, as files named after it. */
function writeDocuments(
    outDir: string,
    target: StackTarget,
    run: Capture,
    result: Parameters<typeof planDocument>[1],
    configFile: string | null,
    cost: ReturnType<typeof planCost>,
): void {
    fs.mkdirSync(outDir, { recursive: true });
    const base = path.join(outDir, `${outputName(target)}`);
    fs.writeFileSync(`${base}.json`, `${JSON.stringify(planDocument(run, result, configFile, cost), null, 2)}\n`);
    fs.writeFileSync(`${base}.mmd`, mermaidDiagram(run.resources));
}

/** `<project>--<stack>`, the root project being `root`: e.g. `root--prod`, `aios--dev`. */
export function outputName(target: StackTarget): string {
    return `${target.project === "." ? "root" : path.basename(target.project)}--${target.stack}`;
}

const usd = (n: number | null) => (n === null ? "-" : `$${Math.round(n).toLocaleString("en-US")}`);

function verdict(o: StackOutcome): string {
    if (o.error !== undefined) return "INVALID";
    if (o.mandatory > 0) return "FAIL";
    return "ok";
}

/** The summary table: project, stack, resources, violations, monthly cost against budget. */
export function formatTable(outcomes: StackOutcome[]): string {
    const header = ["project", "stack", "profile", "resources", "mandatory", "advisory", "monthly cost", "budget", "result"];
    const rows = outcomes.map((o) => [
        o.project === "." ? "(root)" : o.project,
        o.stack,
        o.profile ?? "-",
        String(o.resources),
        String(o.mandatory),
        String(o.advisory),
        usd(o.monthlyUsd),
        usd(o.budgetUsd),
        verdict(o),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
    const line = (cells: string[]) =>
        cells.map((c, i) => (i >= 3 && i <= 7 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join("  ");
    const out = [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
    for (const o of outcomes.filter((x) => x.error !== undefined)) out.push(`${o.project}/${o.stack}: ${o.error}`);
    // Each stack books its share of a shared plan, so the sum counts every organization's plan once.
    const priced = outcomes.filter((o) => o.monthlyUsd !== null);
    if (priced.length > 1) {
        const total = priced.reduce((sum, o) => sum + (o.monthlyUsd ?? 0), 0);
        out.push(line(["total", "", "", "", "", "", usd(total), "", ""]));
        const shared = new Map<string, readonly string[]>();
        for (const o of priced) for (const [key, stacks] of Object.entries(o.sharedPlans ?? {})) shared.set(key, stacks);
        if (shared.size > 0) {
            out.push(
                `shared plans, counted once in the total (each stack books its share): ${[...shared].map(([k, s]) => `${k} (${s.length} stacks)`).join(", ")}`,
            );
        }
    }
    return out.join("\n");
}

/** The pack `--all` judges with (`--policy-pack`, else this repository's), or `null` with `--no-policy`. */
function packOf(extraArgs: string[]): string | null {
    if (extraArgs.includes("--no-policy")) return null;
    const at = extraArgs.indexOf("--policy-pack");
    return at >= 0 ? (extraArgs[at + 1] ?? null) : path.join(REPO, "policies");
}

/** Plans every target with bounded parallelism; reports progress live on a terminal, as plain lines otherwise. */
export async function planAll(extraArgs: string[], targets = discoverTargets(), outDir: string | null = null): Promise<StackOutcome[]> {
    const packDir = packOf(extraArgs);
    const childArgs = extraArgs.filter((a, i) => a !== "--no-policy" && a !== "--policy-pack" && extraArgs[i - 1] !== "--policy-pack");
    // One pack for every stack: its start-up overlaps the first programs, as the CLI overlaps it with one.
    const gate = packDir ? startGate({ packDir, project: "all", stack: "all", reusable: true }) : null;
    gate?.ready.catch(() => undefined);
    const stop = () => {
        for (const child of children) child.kill("SIGTERM");
        void gate?.close().finally(() => process.exit(130));
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    try {
        return await planEach(targets, (target) => planOne(target, childArgs, gate, packDir, outDir));
    } finally {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        await gate?.close();
    }
}

async function planEach(targets: StackTarget[], plan: (target: StackTarget) => Promise<StackOutcome>): Promise<StackOutcome[]> {
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
            const outcome = await plan(target);
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
