/**
 * vitest globalSetup: plans every stack of the repository once, with `npm run plan -- --all --out-dir <dir>` (one
 * policy-pack process for all of them, the programs two at a time), before the test files run. The files that
 * read whole-stack plans (stacks/, examples/, plan/diagrams) then take the documents from that directory instead of
 * each starting the same CLI again: the same command, the same documents, planned once.
 *
 * Skipped when the run is filtered to files that need no stack plan, or with `APPSTACK_PLAN_CACHE=off`.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const REPO = path.resolve(__dirname, "../..");
const NEEDS_PLANS = /(^|\/)(tests\/?)?(stacks|examples|plan)(\/|$)|environments|diagrams|arns|examples|stacks/;

declare module "vitest" {
    export interface ProvidedContext {
        /** Directory of `<project>--<stack>.json` / `.mmd` plan documents, or null when the stacks were not pre-planned. */
        planCache: string | null;
    }
}

function wanted(): boolean {
    if (process.env["APPSTACK_PLAN_CACHE"] === "off") return false;
    const filters = process.argv.slice(2).filter((a) => !a.startsWith("-") && a !== "run" && !/^\d+$/.test(a));
    return filters.length === 0 || filters.some((f) => NEEDS_PLANS.test(f));
}

/** What vitest hands a global setup (its `TestProject`), as far as this one uses it. */
interface SetupProject {
    provide(key: "planCache", value: string | null): void;
}

export default async function setup(project: SetupProject): Promise<() => void> {
    if (!wanted()) {
        project.provide("planCache", null);
        return () => undefined;
    }
    // vitest runs a global setup for the root config and again for each project that inherits it (`extends: true`),
    // all in its main process: the first call plans, the others wait for the same directory.
    const state = (shared[SHARED] ??= { dir: planAll(), users: 0 });
    state.users++;
    project.provide("planCache", await state.dir);
    return async () => {
        if (--state.users > 0) return;
        delete shared[SHARED];
        fs.rmSync(await state.dir, { recursive: true, force: true });
    };
}

const SHARED = Symbol.for("appstack.global-plans");
const shared = globalThis as { [SHARED]?: { dir: Promise<string>; users: number } };

/** `plan --all --out-dir <new temp dir>`, resolved with the directory once the CLI exits. */
function planAll(): Promise<string> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "appstack-plans-"));
    return new Promise<string>((resolve) => {
        execFile(
            path.join(REPO, "node_modules/.bin/tsx"),
            ["--conditions=development", path.join(REPO, "tools/plan/cli.ts"), "--all", "--out-dir", dir],
            { cwd: REPO, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" }, timeout: 900_000 },
            // Exit 1 (a stack fails the gate) or 2 still leaves the documents of the stacks that planned; the tests
            // of a stack that did not plan fall back to running the CLI, and fail there with its own error.
            () => resolve(dir),
        );
    });
}
