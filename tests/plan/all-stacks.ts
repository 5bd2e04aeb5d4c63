// Plans every stack of the repository (the root project and each `examples/*`) in ONE process, as `npm run plan`
// would capture them, and writes `[{ project, stack, errors, resources: [{ urn, type, inputs }] }]` to the file named
// by its first argument (not stdout: programs log there).
// One process instead of eighteen: the SDK and providers load once. Run with `tsx --conditions=development`.
import * as fs from "node:fs";
import * as path from "node:path";
import { discoverTargets } from "../../tools/plan/all";
import { planStack } from "../../tools/plan/run";

const REPO = path.resolve(__dirname, "../..");

/** Forgets the program's own modules (not its dependencies), so the next stack runs the program afresh. */
function forgetProgram(dir: string): void {
    for (const file of Object.keys(require.cache)) {
        if (file.startsWith(`${dir}${path.sep}`) && !file.includes(`${path.sep}node_modules${path.sep}`) && !file.startsWith(path.join(REPO, "components") + path.sep)) {
            delete require.cache[file];
        }
    }
}

async function main(): Promise<void> {
    const out: unknown[] = [];
    for (const target of discoverTargets()) {
        const dir = path.join(REPO, target.project);
        forgetProgram(target.project === "." ? path.join(REPO, "stacks") : dir);
        const run = await planStack({ cwd: dir, stack: target.stack });
        process.chdir(REPO);
        out.push({
            project: target.project,
            stack: target.stack,
            errors: run.errors.map((e) => e.message),
            resources: run.resources.map((r) => ({ urn: r.urn, type: r.type, inputs: r.inputs })),
        });
    }
    fs.writeFileSync(process.argv[2] ?? "all-stacks.json", JSON.stringify(out));
}

void main();
