import * as path from "node:path";
import type * as pulumiSdk from "@pulumi/pulumi";
import { type CaptureResult, capture } from "./engine";
import { type LoadedProject, loadProject, resolveSdk } from "./project";

export interface PlanRequest {
    /** Directory holding `Pulumi.yaml`. */
    cwd: string;
    stack: string;
    onResource?: Parameters<typeof capture>[0]["onResource"];
}

export interface PlanRun extends CaptureResult {
    project: LoadedProject;
    durationMs: number;
}

/** Loads the program's module the way the Node.js language host does: CommonJS first, ES module if it is one. */
export async function loadProgram(entry: string): Promise<unknown> {
    try {
        const exported: unknown = require(entry);
        return typeof exported === "function" ? await (exported as () => unknown)() : exported;
    } catch (err) {
        if (err instanceof Error && "code" in err && err.code === "ERR_REQUIRE_ESM") {
            const mod = (await import(entry)) as { default?: unknown };
            return typeof mod.default === "function" ? await (mod.default as () => unknown)() : mod;
        }
        throw err;
    }
}

/**
 * Plans one stack of one project in this process: loads its config as the CLI would, runs the program under the
 * SDK's mocks and captures every registration. A process can plan one stack: Node caches the program's modules.
 */
export async function planStack(request: PlanRequest): Promise<PlanRun> {
    const started = performance.now();
    const project = loadProject(path.resolve(request.cwd), request.stack);
    const sdkPath = resolveSdk(project.dir);
    const sdk = require(sdkPath) as typeof pulumiSdk;
    process.chdir(project.dir);
    const result = await capture({
        project: project.name,
        stack: project.stack,
        config: project.config,
        secretKeys: project.secretKeys,
        region: project.region,
        sdk,
        sdkPath,
        onResource: request.onResource,
        program: () => loadProgram(project.entry),
    });
    return { ...result, project, durationMs: performance.now() - started };
}
