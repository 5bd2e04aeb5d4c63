import { execFile } from "node:child_process";
import * as path from "node:path";

export const REPO = path.resolve(__dirname, "../..");
const TSX = path.join(REPO, "node_modules/.bin/tsx");

export interface CliResult {
    code: number;
    stdout: string;
    stderr: string;
}

/** Runs `npm run plan -- <args>` the way a user does (same script, same flags), from the repo root. */
export function runPlan(args: string[], cwd = REPO): Promise<CliResult> {
    return new Promise((resolve) => {
        execFile(TSX, ["--conditions=development", path.join(REPO, "tools/plan/cli.ts"), ...args], { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } }, (err, stdout, stderr) => {
            const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
            resolve({ code, stdout, stderr });
        });
    });
}

export interface PlanJson {
    project: string;
    stack: string;
    resources: { urn: string; type: string; name: string; parent: string | null; custom: boolean; protect: boolean; retainOnDelete: boolean; dependencies: string[]; inputs: any; secretInputs: string[] }[];
    violations: { policy: string; level: string; urn: string; name: string; type: string; message: string }[];
    cost: { monthlyUsd: number; budgetUsd: number | null; items: { urn: string; type: string; monthlyUsd: number; basis: string }[]; unpriced: unknown[] };
}

/** Plans a stack with `--json` and parses the document; throws with stderr when the exit code is not 0. */
export async function planJson(args: string[]): Promise<PlanJson> {
    const result = await runPlan([...args, "--json"]);
    if (result.code !== 0) throw new Error(`plan ${args.join(" ")} exited ${result.code}:\n${result.stderr}\n${result.stdout.slice(0, 2000)}`);
    return JSON.parse(result.stdout) as PlanJson;
}
