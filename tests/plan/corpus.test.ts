import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO } from "../support/cli";

/**
 * Public Pulumi programs other people wrote (tests/plan/corpus/<group>/<program>, each with a SOURCE.md), planned
 * with `npm run plan -- --json` exactly as a user would. `corpus/outcomes.json` says, per program, what a preview
 * would show (types and counts read from the program, inputs that come from invokes, remote components) and
 * whether it plans today; a program recorded as failing must still fail with the recorded error, so a fix in the
 * runner or the mocks shows up here as a test to flip, never as silence.
 */
const CORPUS = path.join(REPO, "tests/plan/corpus");
const TSX = path.join(REPO, "node_modules/.bin/tsx");
const PLAN_TIMEOUT_MS = 90_000;
const POOL = 2;

interface Expectation {
    /** Exact count per resource type the program registers itself (custom resources and components). */
    resources: Record<string, number>;
    /** Types that must appear at least once (children a library creates, e.g. CallbackFunction's role). */
    includes?: string[];
    /** Remote (multi-language) components, constructed by their plugin under the real CLI. */
    remote?: string[];
    /** `type` + dotted input `path` that must be non-empty on every such resource: values built from invokes. */
    nonEmpty?: { type: string; path: string }[];
}

interface Outcome {
    group: string;
    /** `plans`: exit 0 and every expectation holds. `fails`: exit 2 with `error`. */
    status: "plans" | "fails";
    /** For `fails`: a substring of stderr, and why (which engineer's work should fix it). */
    error?: string;
    why?: string;
    expect: Expectation;
}

interface PlanDoc {
    resources: { type: string; name: string; custom: boolean; inputs: Record<string, unknown> }[];
}

interface Run {
    code: number | null;
    timedOut: boolean;
    stdout: string;
    stderr: string;
    seconds: number;
}

const outcomes = JSON.parse(fs.readFileSync(path.join(CORPUS, "outcomes.json"), "utf8")) as Record<string, Outcome>;
const names = Object.keys(outcomes).filter((n) => !n.startsWith("$"));

function plan(dir: string): Promise<Run> {
    const started = performance.now();
    return new Promise((resolve) => {
        execFile(
            TSX,
            // The runner is under test here; the gate is tested on the repository's stacks and tests/e2e's fixtures.
            ["--conditions=development", path.join(REPO, "tools/plan/cli.ts"), "--cwd", dir, "--stack", "dev", "--json", "--no-policy"],
            // Transpile only, as `PULUMI_NODEJS_TRANSPILE_ONLY` does under the CLI: type-checking every program costs seconds.
            {
                cwd: REPO,
                timeout: PLAN_TIMEOUT_MS,
                killSignal: "SIGKILL",
                maxBuffer: 64 * 1024 * 1024,
                env: { ...process.env, NO_COLOR: "1", PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
            },
            (err, stdout, stderr) => {
                const timedOut = err !== null && (err as { killed?: boolean }).killed === true;
                const code = err ? (typeof err.code === "number" ? err.code : null) : 0;
                resolve({ code, timedOut, stdout, stderr, seconds: (performance.now() - started) / 1000 });
            },
        );
    });
}

/** Runs every plan with a small pool: each spawns the program and the policy pack. */
async function planAll(): Promise<Map<string, Run>> {
    const runs = new Map<string, Run>();
    const queue = [...names];
    const worker = async () => {
        for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
            runs.set(name, await plan(path.join(CORPUS, outcomes[name].group, name)));
        }
    };
    await Promise.all(Array.from({ length: POOL }, worker));
    return runs;
}

function valueAt(inputs: unknown, dotted: string): unknown {
    return dotted
        .split(".")
        .reduce<unknown>((v, key) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined), inputs);
}

function isEmpty(value: unknown): boolean {
    if (value === undefined || value === null || value === "") return true;
    if (Array.isArray(value)) return value.length === 0 || value.every(isEmpty);
    if (typeof value === "object") return Object.values(value).every(isEmpty);
    return false;
}

let runs: Map<string, Run>;

describe("the public corpus plans as a preview would", () => {
    beforeAll(async () => {
        const groups = [...new Set(names.map((n) => outcomes[n].group))];
        const missing = groups.filter((g) => !fs.existsSync(path.join(CORPUS, g, "node_modules")));
        if (missing.length > 0) throw new Error(`corpus packages not installed (${missing.join(", ")}): run \`npm run corpus:install\``);
        runs = await planAll();
    }, 600_000);

    it("holds at least 25 programs, each with its source and licence noted", () => {
        expect(names.length).toBeGreaterThanOrEqual(25);
        for (const name of names) {
            const source = fs.readFileSync(path.join(CORPUS, outcomes[name].group, name, "SOURCE.md"), "utf8");
            expect(source, name).toMatch(/^- repo: \S+/m);
            expect(source, name).toMatch(/^- commit: [0-9a-f]{40}/m);
            expect(source, name).toMatch(/^- licence: \S+/m);
        }
    });

    for (const name of names) {
        const outcome = outcomes[name];
        it(`${outcome.group}/${name} ${outcome.status === "plans" ? "plans" : `still fails (${outcome.why ?? ""})`}`, () => {
            const run = runs.get(name)!;
            expect(run.timedOut, `${name} hung for ${PLAN_TIMEOUT_MS / 1000} s`).toBe(false);
            if (outcome.status === "fails") {
                // Flip to "plans" in outcomes.json when this starts planning: the expectations below then apply.
                expect(run.code, run.stderr).toBe(2);
                expect(run.stderr).toContain(outcome.error);
                return;
            }
            expect([0, 1], `exit ${run.code}: ${run.stderr}`).toContain(run.code);
            const doc = JSON.parse(run.stdout) as PlanDoc;
            const counts = new Map<string, number>();
            for (const r of doc.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
            for (const [type, count] of Object.entries(outcome.expect.resources)) expect(counts.get(type) ?? 0, type).toBe(count);
            for (const type of outcome.expect.includes ?? []) expect(counts.get(type) ?? 0, type).toBeGreaterThan(0);
            for (const type of outcome.expect.remote ?? []) expect(counts.get(type) ?? 0, `remote component ${type}`).toBeGreaterThan(0);
            for (const { type, path: dotted } of outcome.expect.nonEmpty ?? []) {
                const found = doc.resources.filter((r) => r.type === type);
                expect(found.length, type).toBeGreaterThan(0);
                for (const r of found)
                    expect(isEmpty(valueAt(r.inputs, dotted)), `${r.name}.${dotted} = ${JSON.stringify(valueAt(r.inputs, dotted))}`).toBe(
                        false,
                    );
            }
        });
    }
});
