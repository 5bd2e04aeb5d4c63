/**
 * `npm run bench`: prints the plan's figures next to the SDK's floor. A script, never a timed test.
 *
 * - the root prod stack: median wall time (whole process, tsx start-up included) and peak RSS, plan vs floor;
 * - synthetic stacks of 500, 1,000 and 2,000 resources: the same, and the time per resource, to show linear growth;
 * - `--all`: its wall time next to the ideal, the sum of every stack's floor divided by the cores (one run each).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { discoverTargets } from "../plan/all";

const ROOT = path.resolve(__dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const RUNS = Number(process.env["BENCH_RUNS"] ?? 5);

interface Sample {
    wallMs: number;
    inProcessMs: number;
    maxRssKb: number;
    resources: number;
}

function once(mode: "plan" | "floor", cwd: string, stack: string): Sample {
    const started = performance.now();
    const child = spawnSync(
        TSX,
        ["--conditions=development", path.join(ROOT, "tools/bench/once.ts"), "--mode", mode, "--cwd", cwd, "--stack", stack],
        { encoding: "utf8" },
    );
    const wallMs = performance.now() - started;
    if (child.status !== 0) throw new Error(`${mode} run failed:\n${child.stderr}`);
    const line = child.stdout.trim().split("\n").pop() ?? "{}";
    const parsed = JSON.parse(line) as { ms: number; maxRssKb: number; resources: number };
    return { wallMs, inProcessMs: parsed.ms, maxRssKb: parsed.maxRssKb, resources: parsed.resources };
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function measure(label: string, cwd: string, stack: string): { plan: Sample; floor: Sample } {
    const result = { plan: [] as Sample[], floor: [] as Sample[] };
    // Interleave so drift on the machine hits both alike.
    for (let i = 0; i < RUNS; i++) {
        result.floor.push(once("floor", cwd, stack));
        result.plan.push(once("plan", cwd, stack));
    }
    const summarise = (s: Sample[]): Sample => ({
        wallMs: median(s.map((x) => x.wallMs)),
        inProcessMs: median(s.map((x) => x.inProcessMs)),
        maxRssKb: Math.max(...s.map((x) => x.maxRssKb)),
        resources: s[0]?.resources ?? 0,
    });
    const plan = summarise(result.plan);
    const floor = summarise(result.floor);
    const row = (name: string, s: Sample) =>
        `  ${name.padEnd(6)} ${s.resources.toString().padStart(5)} resources  wall ${s.wallMs.toFixed(0).padStart(6)} ms  program ${s.inProcessMs.toFixed(0).padStart(6)} ms  peak RSS ${(s.maxRssKb / 1024).toFixed(0).padStart(5)} MiB`;
    console.log(`${label} (median of ${RUNS})`);
    console.log(row("floor", floor));
    console.log(row("plan", plan));
    console.log(
        `  ratio  wall ${(plan.wallMs / floor.wallMs).toFixed(2)}x  program ${(plan.inProcessMs / floor.inProcessMs).toFixed(2)}x  memory ${(plan.maxRssKb / floor.maxRssKb).toFixed(2)}x`,
    );
    return { plan, floor };
}

/** A plain Pulumi program of `n` AWS resources (buckets with their encryption, security groups, log groups). */
function syntheticProject(n: number): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `appstack-bench-${n}-`));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: synthetic\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "Pulumi.bench.yaml"), "config:\n  aws:region: us-east-1\n");
    fs.writeFileSync(
        path.join(dir, "index.ts"),
        `import * as aws from "@pulumi/aws";
const groups = ${Math.floor(n / 4)};
for (let i = 0; i < groups; i++) {
    const bucket = new aws.s3.Bucket(\`b\${i}\`, { bucket: \`synthetic-\${i}\`, tags: { i: String(i) } });
    new aws.s3.BucketServerSideEncryptionConfiguration(\`e\${i}\`, { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] });
    new aws.ec2.SecurityGroup(\`sg\${i}\`, { description: \`group \${i}\`, tags: { i: String(i) } });
    new aws.cloudwatch.LogGroup(\`lg\${i}\`, { retentionInDays: 30 });
}
`,
    );
    return dir;
}

/** Wall time of the whole `npm run plan` command for a stack, with and without the policy gate. */
function gateOverhead(stack: string): void {
    const cli = (extra: string[]) => {
        const started = performance.now();
        const child = spawnSync(
            TSX,
            ["--conditions=development", path.join(ROOT, "tools/plan/cli.ts"), "--stack", stack, "--json", ...extra],
            { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
        );
        if (child.status !== 0) throw new Error(`plan ${stack} ${extra.join(" ")} exited ${child.status}:\n${child.stderr}`);
        return performance.now() - started;
    };
    const withGate: number[] = [];
    const without: number[] = [];
    for (let i = 0; i < RUNS; i++) {
        without.push(cli(["--no-policy"]));
        withGate.push(cli([]));
    }
    const a = median(without);
    const b = median(withGate);
    console.log(`policy gate, root project, stack ${stack} (median of ${RUNS}, whole command)`);
    console.log(
        `  without gate ${a.toFixed(0).padStart(6)} ms   with gate ${b.toFixed(0).padStart(6)} ms   added ${(b - a).toFixed(0)} ms`,
    );
}

/** `plan --all` (one policy pack for every stack) against the sum of the stacks' floors spread over the cores. */
function allVersusFloors(): void {
    const cores = os.availableParallelism();
    const targets = discoverTargets();
    let floors = 0;
    for (const target of targets) floors += once("floor", path.join(ROOT, target.project), target.stack).wallMs;
    const started = performance.now();
    const child = spawnSync(TSX, ["--conditions=development", path.join(ROOT, "tools/plan/cli.ts"), "--all"], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
    });
    const allMs = performance.now() - started;
    if (child.status !== 0 && child.status !== 1) throw new Error(`plan --all exited ${child.status}:\n${child.stderr}`);
    const ideal = floors / cores;
    console.log(`plan --all, ${targets.length} stacks (one run; floors are single-stack floor runs, whole process)`);
    console.log(
        `  sum of floors ${floors.toFixed(0)} ms / ${cores} cores = ${ideal.toFixed(0).padStart(6)} ms   --all wall ${allMs.toFixed(0).padStart(6)} ms   ratio ${(allMs / ideal).toFixed(2)}x (aim 1.2x)`,
    );
}

function main(): void {
    console.log(`node ${process.version}, ${os.cpus().length} cores, ${RUNS} runs each\n`);
    // `BENCH_ONLY=all npm run bench`: only the --all figure.
    if (process.env["BENCH_ONLY"] === "all") return allVersusFloors();
    measure("root project, stack prod", ROOT, "prod");
    console.log("");
    gateOverhead("prod");
    console.log("");
    const perResource: string[] = [];
    for (const n of [500, 1000, 2000]) {
        const dir = syntheticProject(n);
        const { plan, floor } = measure(`synthetic ${n}`, dir, "bench");
        perResource.push(
            `  ${n}: plan ${((plan.inProcessMs / plan.resources) * 1000).toFixed(0)} µs/resource, floor ${((floor.inProcessMs / floor.resources) * 1000).toFixed(0)} µs/resource`,
        );
        fs.rmSync(dir, { recursive: true, force: true });
        console.log("");
    }
    console.log("growth (program time per resource; flat means linear):");
    console.log(perResource.join("\n"));
    console.log("");
    allVersusFloors();
}

main();
