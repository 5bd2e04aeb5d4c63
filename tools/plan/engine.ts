import type * as pulumiSdk from "@pulumi/pulumi";
import { mockCall, mockOutputs } from "./mocks";
import { useStackConfig } from "./mocks/util";
import { type Json, secretPaths, toPlain } from "./values";

type Pulumi = typeof pulumiSdk;

/** One registration as the resource monitor received it: what `pulumi preview` would send to the engine. */
export interface CapturedResource {
    urn: string;
    type: string;
    name: string;
    /** URN of the parent, `null` for the stack itself. */
    parent: string | null;
    custom: boolean;
    /** A multi-language component, constructed by its plugin (awsx 2, eks): its children never appear offline. */
    remote: boolean;
    id: string;
    protect: boolean;
    retainOnDelete: boolean;
    /** URN of the resource whose deletion deletes this one (`deletedWith`), `null` if none. */
    deletedWith: string | null;
    deleteBeforeReplace: boolean;
    ignoreChanges: string[];
    additionalSecretOutputs: string[];
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    provider: string | null;
    /** Inputs with secrets masked, as shown to people. */
    inputs: Json;
    /** Dotted paths of the inputs that are secret. */
    secretInputs: string[];
    /** Outputs the mock returned (inputs plus computed values), secrets masked. */
    outputs: Json;
    /** Wire-format inputs and outputs, secrets intact, for the policy analyzer. Not printed. */
    wire: { inputs: Record<string, unknown>; outputs: Record<string, unknown> };
}

export interface CaptureOptions {
    project: string;
    stack: string;
    /** Config as the CLI hands it to a program: `project:key` → string (objects JSON-encoded). */
    config: Record<string, string>;
    secretKeys: string[];
    /** Region for mocked ARNs and endpoints when a resource has no `region` input. */
    region: string;
    /** The program: called inside the root stack resource; its result becomes the stack outputs. */
    program: () => Promise<unknown>;
    /** The `@pulumi/pulumi` module instance the program uses (a program may resolve its own copy). */
    sdk: Pulumi;
    /** Called for each registration as it happens (for live progress). */
    onResource?: (resource: CapturedResource) => void;
    /** The program's file, named in unhandled-error messages as the language host names it. */
    entry?: string;
    /** Time allowed for the program and its outputs to settle before the plan stops (default {@link DEFAULT_TIMEOUT_MS}). */
    timeoutMs?: number;
}

/** How long a program may run before the plan stops it: a program whose outputs never settle must not hang. */
export const DEFAULT_TIMEOUT_MS = 100_000;
/** After the program's outputs settle, how long its own pending timers may still run (and fail it). */
const SETTLE_MS = 2_000;

function activeTimers(): number {
    return process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;
}

/**
 * The host's process runs until its event loop is empty, so a rejection from a timer the program left pending
 * still fails it. Wait, within a bound, until the program's timers are gone (none, for almost every program).
 */
async function settle(timersBefore: number, maxMs: number): Promise<void> {
    const deadline = performance.now() + maxMs;
    while (activeTimers() > timersBefore && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

export interface ProgramError {
    message: string;
    /** The JavaScript stack, shown only on request (`--verbose`). */
    stack?: string;
    /** Node's error code (`MODULE_NOT_FOUND`), when there is one. */
    code?: string;
    /** `timeout`: the program did not settle in time; `unhandled`: an exception or rejection nobody caught. */
    kind?: "timeout" | "unhandled";
}

export interface CaptureResult {
    resources: CapturedResource[];
    outputs: Json;
    /** Errors the program logged or threw; empty on success. */
    errors: ProgramError[];
}

/** Shape of the protobuf request the monitor receives; only the getters we read. */
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getRemote?(): boolean;
    getProtect(): boolean;
    getRetainondelete?(): boolean;
    getDeletedwith(): string;
    getDeletebeforereplace(): boolean;
    getIgnorechangesList(): string[];
    getAdditionalsecretoutputsList(): string[];
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(cb: (value: { getUrnsList(): string[] }, key: string) => void): void };
    getProvider(): string;
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}
interface RegisterResponse {
    getUrn(): string;
    getId(): string;
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}
type Callback = (err: Error | null, resp?: RegisterResponse) => void;
interface Monitor {
    newUrn?(parent: string, type: string, name: string): string;
    registerResource(req: RegisterRequest, cb: Callback): void;
    registerResourceOutputs(
        req: { getUrn(): string; getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined },
        cb: (err: Error | null) => void,
    ): void;
}

interface SdkInternals {
    settings: { getMonitor(): Monitor | undefined; waitForRPCs(): Promise<void> };
    log: { hasErrors(): boolean };
    /** The SDK's promise-leak tracker: what is still outstanding, by the label of each operation. */
    debuggable: { leakedPromises?(): [Set<Promise<unknown> & { _debugCtx?: string }>, string] };
}

function internals(sdkPath: string): SdkInternals {
    // The capture hooks into the SDK's own mock monitor; these modules are part of the SDK's published files.
    const dir = sdkPath.replace(/[/\\]index\.js$/, "");
    return {
        settings: require(`${dir}/runtime/settings`) as SdkInternals["settings"],
        log: require(`${dir}/log`) as SdkInternals["log"],
        debuggable: require(`${dir}/runtime/debuggable`) as SdkInternals["debuggable"],
    };
}

/**
 * Runs a Pulumi program in-process under the SDK's official mocks and captures every registration with its full
 * request (parent, dependencies, protect, provider, secrets), as the engine would receive it during a preview.
 */
export async function capture(options: CaptureOptions & { sdkPath?: string }): Promise<CaptureResult> {
    const { sdk } = options;
    const { settings, log } = internals(options.sdkPath ?? require.resolve("@pulumi/pulumi"));
    const resources: CapturedResource[] = [];
    const byUrn = new Map<string, CapturedResource>();
    const errors: ProgramError[] = [];

    sdk.runtime.setAllConfig(options.config, options.secretKeys);
    useStackConfig(options.config);
    await sdk.runtime.setMocks(
        {
            newResource: (args) => mockOutputs(args, options.region),
            call: (args) => mockCall(args, options.region),
        },
        options.project,
        options.stack,
        true,
    );

    const monitor = settings.getMonitor();
    if (!monitor) throw new Error("the Pulumi SDK did not install the mock monitor");
    const mockUrn = monitor.newUrn?.bind(monitor);
    if (mockUrn) {
        // The engine leaves the root stack's type out of its children's URNs; the mock monitor does not.
        monitor.newUrn = (parent, type, name) =>
            mockUrn(parent && parent.split("::")[2] === "pulumi:pulumi:Stack" ? "" : parent, type, name);
    }
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
        register(req, (err, resp) => {
            if (!err && resp) {
                const wireInputs = req.getObject()?.toJavaScript() ?? {};
                const wireOutputs = resp.getObject()?.toJavaScript() ?? {};
                const propertyDependencies: Record<string, string[]> = {};
                req.getPropertydependenciesMap().forEach((value, key) => {
                    propertyDependencies[key] = value.getUrnsList();
                });
                const resource: CapturedResource = {
                    urn: resp.getUrn(),
                    type: req.getType(),
                    name: req.getName(),
                    parent: req.getParent() || null,
                    custom: req.getCustom(),
                    remote: req.getRemote?.() ?? false,
                    id: resp.getId(),
                    protect: req.getProtect(),
                    retainOnDelete: req.getRetainondelete?.() ?? false,
                    deletedWith: req.getDeletedwith() || null,
                    deleteBeforeReplace: req.getDeletebeforereplace(),
                    ignoreChanges: req.getIgnorechangesList(),
                    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
                    dependencies: req.getDependenciesList(),
                    propertyDependencies,
                    provider: req.getProvider() || null,
                    inputs: toPlain(wireInputs),
                    secretInputs: secretPaths(wireInputs),
                    outputs: toPlain(wireOutputs),
                    wire: { inputs: wireInputs, outputs: wireOutputs },
                };
                resources.push(resource);
                byUrn.set(resource.urn, resource);
                options.onResource?.(resource);
            }
            cb(err, resp);
        });
    };
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req, cb) => {
        const found = byUrn.get(req.getUrn());
        if (found) {
            const wire = req.getOutputs()?.toJavaScript() ?? {};
            found.outputs = toPlain(wire);
            found.wire.outputs = wire;
        }
        registerOutputs(req, cb);
    };

    // As the language host (cmd/run/run.js): an exception or rejection nobody caught fails the program, with its own error.
    let failed: () => void = () => undefined;
    const firstFailure = new Promise<void>((resolve) => (failed = resolve));
    const onUncaught = (reason: unknown) => {
        errors.push(describeUncaught(reason, options.entry));
        failed();
    };
    process.on("uncaughtException", onUncaught);
    process.on("unhandledRejection", onUncaught);
    let outputs: Json = null;
    const exitListeners = new Set(process.listeners("beforeExit"));
    const work = (async () => {
        try {
            const result = await sdk.runtime.runInPulumiStack(options.program);
            outputs = toPlain(result ?? null);
        } catch (err) {
            errors.push(describe(err));
        }
        try {
            await settings.waitForRPCs();
            // Under the language host the process then drains and Node emits `beforeExit`, where libraries register
            // what they collected (@pulumi/aws s3Mixins.js creates each bucket's one BucketNotification there).
            // Here the loop never drains: call the program's own `beforeExit` listeners, until they add nothing.
            for (let round = 0; round < 10; round++) {
                const before = resources.length;
                for (const listener of process.listeners("beforeExit")) if (!exitListeners.has(listener)) listener(0);
                await settings.waitForRPCs();
                if (resources.length === before) break;
            }
        } catch (err) {
            errors.push(describe(err));
        }
    })();
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)));
    const timersBefore = activeTimers();
    const finished = work.then(() => settle(timersBefore, Math.min(SETTLE_MS, timeoutMs))).then(() => "done" as const);
    const outcome = await Promise.race([finished, firstFailure.then(() => "failed" as const), timedOut]);
    clearTimeout(timer);
    if (outcome === "failed") {
        // Let the rest of the program's failure surface (its own rejections), without waiting on what it never settles.
        await Promise.race([work, new Promise((resolve) => setTimeout(resolve, 100))]);
    } else if (outcome === "timeout") {
        errors.push(timeoutError(timeoutMs, internals(options.sdkPath ?? require.resolve("@pulumi/pulumi")).debuggable));
    }
    // Let rejections of outputs nobody awaited surface before we decide.
    await new Promise((resolve) => setImmediate(resolve));
    process.off("uncaughtException", onUncaught);
    process.off("unhandledRejection", onUncaught);
    if (log.hasErrors() && errors.length === 0) errors.push({ message: "the program logged errors (see above)" });
    // One failure surfaces several times (the stack's init, the RPC queue, an unhandled rejection): report it once.
    const unique = errors.filter((e, i) => errors.findIndex((other) => sameFailure(other, e)) === i);
    return { resources, outputs, errors: unique };
}

function sameFailure(a: ProgramError, b: ProgramError): boolean {
    const core = (e: ProgramError) => e.message.replace(/^Running program '[^']*' failed with an unhandled exception:\n/, "");
    return core(a) === core(b);
}

/** What is still outstanding, from the SDK's own labels of its operations (`resolveURN(...)`, `registerResource(...)`). */
function timeoutError(timeoutMs: number, debuggable: SdkInternals["debuggable"]): ProgramError {
    const [leaked] = debuggable.leakedPromises?.() ?? [new Set()];
    // The SDK labels each step with the resource it serves (`resolveURN(resource:jobs[aws:sqs/queue:Queue])`).
    const waiting = new Set<string>();
    const others = new Set<string>();
    for (const p of leaked) {
        const label = (p._debugCtx ?? "").split("\n")[0] ?? "";
        const resource = /resource:([^[\],]+)\[([^\]]+)\]/.exec(label);
        if (resource) waiting.add(`${resource[1]} (${resource[2]})`);
        else if (label && label !== "rpcKeepAlive") others.add(label);
    }
    const list = (items: Set<string>) => [...items].slice(0, 20).join(", ") + (items.size > 20 ? ` and ${items.size - 20} more` : "");
    const seconds = (timeoutMs / 1000).toFixed(timeoutMs % 1000 === 0 ? 0 : 1);
    const lines = [`the program did not finish within ${seconds} s (--timeout <seconds> to allow more): its outputs never settled`];
    if (waiting.size > 0) lines.push(`  resources still waiting on their inputs or outputs: ${list(waiting)}`);
    if (others.size > 0) lines.push(`  other operations outstanding: ${list(others)}`);
    if (waiting.size === 0 && others.size === 0)
        lines.push("  no Pulumi operation is outstanding: the program itself waits on something that never happens");
    return { message: lines.join("\n"), kind: "timeout" };
}

/** An uncaught error as the language host reports it (cmd/run/run.js, `uncaughtHandler`). */
function describeUncaught(err: unknown, entry: string | undefined): ProgramError {
    const described = describe(err);
    const name = err instanceof Error ? err.constructor.name : "";
    // RunError and ResourceError are the SDK's own user-facing errors: the host prints their message alone.
    if (name === "RunError" || name === "ResourceError") return { ...described, kind: "unhandled" };
    return {
        ...described,
        message: `Running program '${entry ?? "(program)"}' failed with an unhandled exception:\n${described.message}`,
        kind: "unhandled",
    };
}

function describe(err: unknown): ProgramError {
    if (err instanceof Error) {
        const code = "code" in err && typeof err.code === "string" ? err.code : undefined;
        return { message: err.message, stack: err.stack, ...(code ? { code } : {}) };
    }
    return { message: String(err) };
}
