import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { inject } from "vitest";

export const REPO = path.resolve(__dirname, "../..");
const TSX = path.join(REPO, "node_modules/.bin/tsx");

export interface CliResult {
    code: number;
    stdout: string;
    stderr: string;
}

/**
 * The document `npm run plan -- --all --out-dir` wrote for these args (tests/support/global-plans.ts), when they ask
 * for nothing else than one stack's default plan as JSON, or its Mermaid diagram; undefined otherwise.
 */
function cached(args: string[], cwd: string): string | undefined {
    const dir = inject("planCache");
    if (!dir || cwd !== REPO) return undefined;
    const rest = [...args];
    const take = (flag: string): string | undefined => {
        const i = rest.indexOf(flag);
        if (i < 0) return undefined;
        const [, value] = rest.splice(i, 2);
        return value;
    };
    const project = take("--cwd");
    const stack = take("--stack");
    let ext = ".json";
    if (rest.join(" ") === "--format mermaid --no-policy") ext = ".mmd";
    else if (rest.length !== 1 || rest[0] !== "--json") return undefined;
    if (!stack) return undefined;
    const name = project === undefined || path.resolve(REPO, project) === REPO ? "root" : path.basename(path.resolve(REPO, project));
    const file = path.join(dir, `${name}--${stack}${ext}`);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
}

/** Runs `npm run plan -- <args>` the way a user does (same script, same flags), from the repo root. */
export function runPlan(args: string[], cwd = REPO, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
    const document = cached(args, cwd);
    if (document !== undefined) return Promise.resolve({ code: 0, stdout: document, stderr: "" });
    return new Promise((resolve) => {
        execFile(
            TSX,
            ["--conditions=development", path.join(REPO, "tools/plan/cli.ts"), ...args],
            { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1", ...env } },
            (err, stdout, stderr) => {
                const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
                resolve({ code, stdout, stderr });
            },
        );
    });
}

export interface PlanJson {
    project: string;
    stack: string;
    resources: {
        urn: string;
        type: string;
        name: string;
        parent: string | null;
        custom: boolean;
        protect: boolean;
        retainOnDelete: boolean;
        dependencies: string[];
        inputs: any;
        secretInputs: string[];
    }[];
    violations: { policy: string; level: string; urn: string; name: string; type: string; message: string }[];
    cost: {
        monthlyUsd: number;
        budgetUsd: number | null;
        items: { urn: string; type: string; monthlyUsd: number; basis: string }[];
        unpriced: unknown[];
    };
}

/** Plans a stack with `--json` and parses the document; throws with stderr when the exit code is not 0. */
export async function planJson(args: string[], env: NodeJS.ProcessEnv = {}): Promise<PlanJson> {
    const result = await runPlan([...args, "--json"], REPO, env);
    if (result.code !== 0)
        throw new Error(`plan ${args.join(" ")} exited ${result.code}:\n${result.stderr}\n${result.stdout.slice(0, 2000)}`);
    return JSON.parse(result.stdout) as PlanJson;
}
