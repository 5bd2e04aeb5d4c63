/**
 * One measured run, in a fresh process: `--mode plan` is the offline plan with capture (what `npm run plan` does),
 * `--mode floor` runs the same program under the SDK's mocks (the same mocked outputs, which the program needs, e.g.
 * availability zones) with no capture, no config checks and no report: the SDK's own floor.
 * Prints `{"ms": <in-process ms>, "maxRssKb": <peak RSS>, "resources": <count>}` on stdout.
 */
import * as path from "node:path";
import { parseArgs } from "node:util";
import type * as pulumiSdk from "@pulumi/pulumi";
import { mockCall, mockOutputs } from "../plan/mocks";
import { loadProgram, registerTypeScript, resolveRuntime } from "../plan/loader";
import { loadProject } from "../plan/project";
import { planStack } from "../plan/run";

async function floor(cwd: string, stack: string): Promise<number> {
    const project = loadProject(path.resolve(cwd), stack);
    const runtime = resolveRuntime(project);
    const { sdkPath } = runtime;
    const sdk = require(sdkPath) as typeof pulumiSdk;
    const settings = require(sdkPath.replace(/index\.js$/, "runtime/settings")) as { waitForRPCs(): Promise<void> };
    let count = 0;
    sdk.runtime.setAllConfig(project.config, project.secretKeys);
    await sdk.runtime.setMocks(
        {
            newResource: (args) => {
                count++;
                return mockOutputs(args, project.region);
            },
            call: (args) => mockCall(args, project.region),
        },
        project.name,
        project.stack,
        true,
    );
    process.chdir(project.dir);
    // The same loader as the plan (ts-node as the language host registers it), so the ratio compares like with like.
    registerTypeScript(project, runtime);
    await sdk.runtime.runInPulumiStack(() => loadProgram(project.entry, runtime.packageRoot));
    await settings.waitForRPCs();
    return count;
}

async function main(): Promise<void> {
    const { values } = parseArgs({ options: { mode: { type: "string" }, cwd: { type: "string" }, stack: { type: "string" } } });
    const started = performance.now();
    const cwd = values.cwd ?? process.cwd();
    const stack = values.stack ?? "prod";
    let resources: number;
    if (values.mode === "floor") {
        resources = await floor(cwd, stack);
    } else {
        const run = await planStack({ cwd, stack });
        if (run.errors.length > 0) throw new Error(run.errors.map((e) => e.message).join("; "));
        resources = run.resources.length;
    }
    const ms = performance.now() - started;
    process.stdout.write(`${JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, resources })}\n`);
    process.exit(0);
}

void main();
