// Runs the plan CLI (`npm run plan`'s command) in a subprocess, with a small pool so the e2e suites stay fast on
// two cores: every plan is two Node processes (the program under the mocks and the policy analyzer).
import { execFile } from "node:child_process";
import * as path from "node:path";

export const REPO = path.resolve(__dirname, "../..");
export const FIXTURES = path.join(__dirname, "fixtures");
export const PROD_POLICY_CONFIG = path.join(REPO, "policies/config/prod.json");
const TSX = path.join(REPO, "node_modules/.bin/tsx");
const CLI = path.join(REPO, "tools/plan/cli.ts");

export interface CliRun {
    code: number;
    stdout: string;
    stderr: string;
    ms: number;
}

export interface Violation {
    policy: string;
    level: string;
    urn: string;
    name: string;
    type: string;
    message: string;
}

export interface PlanDocument {
    project: string;
    stack: string;
    summary: {
        resources: number;
        components: number;
        outsideComponents: number;
        remoteComponents: number;
        protected: number;
        registrations: number;
    };
    resources: {
        urn: string;
        type: string;
        name: string;
        parent: string | null;
        custom: boolean;
        protect: boolean;
        inputs: Record<string, unknown>;
    }[];
    violations: Violation[];
    cost: { monthlyUsd: number; budgetUsd: number | null; unpriced: unknown[] };
}

/** At most `size` tasks at a time; the rest wait in order. */
export function pool(size: number): <T>(task: () => Promise<T>) => Promise<T> {
    let running = 0;
    const waiting: (() => void)[] = [];
    return async <T>(task: () => Promise<T>): Promise<T> => {
        if (running >= size) await new Promise<void>((resolve) => waiting.push(resolve));
        running++;
        try {
            return await task();
        } finally {
            running--;
            waiting.shift()?.();
        }
    };
}

/** `tsx --conditions=development tools/plan/cli.ts <args>`, from `cwd` (default: the repository root). */
export function runCli(args: string[], cwd = REPO): Promise<CliRun> {
    const started = performance.now();
    return new Promise((resolve) => {
        execFile(
            TSX,
            ["--conditions=development", CLI, ...args],
            { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" }, timeout: 200_000 },
            (err, stdout, stderr) => {
                const code = err === null ? 0 : typeof err.code === "number" ? err.code : -1;
                resolve({ code, stdout, stderr, ms: performance.now() - started });
            },
        );
    });
}

/** Mandatory (blocking) violations: `remediate` blocks like `mandatory`. */
export function mandatory(doc: PlanDocument): Violation[] {
    return doc.violations.filter((v) => v.level === "mandatory" || v.level === "remediate");
}

/** The stdout of a `--json` run as a document, with stderr in the error when it is not one. */
export function parsePlan(run: CliRun): PlanDocument {
    try {
        return JSON.parse(run.stdout) as PlanDocument;
    } catch (err) {
        throw new Error(
            `stdout is not one JSON document (exit ${run.code}): ${String(err)}\nstdout: ${run.stdout.slice(0, 1000)}\nstderr: ${run.stderr.slice(0, 2000)}`,
        );
    }
}
