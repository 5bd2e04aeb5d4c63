import * as path from "node:path";
import type * as pulumiSdk from "@pulumi/pulumi";
import { type CaptureResult, capture } from "./engine";
import { loadProgram, missingModuleHint, type ProgramRuntime, registerTypeScript, resolveRuntime } from "./loader";
import { type LoadedProject, loadProject } from "./project";

export interface PlanRequest {
    /** Directory holding `Pulumi.yaml`. */
    cwd: string;
    stack: string;
    onResource?: Parameters<typeof capture>[0]["onResource"];
    /** Time allowed for the program to settle (`--timeout`); see {@link capture}. */
    timeoutMs?: number;
}

export interface PlanRun extends CaptureResult {
    project: LoadedProject;
    runtime: ProgramRuntime;
    durationMs: number;
}

/**
 * Plans one stack of one project in this process: loads its config as the CLI would, loads the program as the
 * Node.js language host does (its own packages, ts-node), runs it under the SDK's mocks and captures every
 * registration. A process can plan one stack: Node caches the program's modules.
 */
export async function planStack(request: PlanRequest): Promise<PlanRun> {
    const started = performance.now();
    const project = loadProject(path.resolve(request.cwd), request.stack);
    const runtime = resolveRuntime(project);
    const sdk = require(runtime.sdkPath) as typeof pulumiSdk;
    // The host runs the program from its project directory (`--pwd`), where ts-node looks for tsconfig.json.
    process.chdir(project.dir);
    registerTypeScript(project, runtime);
    const result = await capture({
        project: project.name,
        stack: project.stack,
        config: project.config,
        secretKeys: project.secretKeys,
        region: project.region,
        sdk,
        sdkPath: runtime.sdkPath,
        onResource: request.onResource,
        entry: project.entry,
        timeoutMs: request.timeoutMs,
        program: () => loadProgram(project.entry, runtime.packageRoot),
    });
    const errors = result.errors.map((e) => {
        const hint =
            e.code === "MODULE_NOT_FOUND"
                ? missingModuleHint(Object.assign(new Error(e.message), { code: e.code }), runtime, project.entry)
                : null;
        return hint ? { ...e, message: `${hint}\n${e.message.split("\n")[0]}` } : e;
    });
    return { ...result, errors, project, runtime, durationMs: performance.now() - started };
}
