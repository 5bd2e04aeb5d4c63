import type * as pulumiSdk from "@pulumi/pulumi";
import { mockCall, mockOutputs } from "./mocks";
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
}

export interface ProgramError {
    message: string;
    /** The JavaScript stack, shown only on request (`--verbose`). */
    stack?: string;
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
    getProtect(): boolean;
    getRetainondelete?(): boolean;
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
    registerResourceOutputs(req: { getUrn(): string; getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined }, cb: (err: Error | null) => void): void;
}

interface SdkInternals {
    settings: { getMonitor(): Monitor | undefined; waitForRPCs(): Promise<void> };
    log: { hasErrors(): boolean };
}

function internals(sdkPath: string): SdkInternals {
    // The capture hooks into the SDK's own mock monitor; these modules are part of the SDK's published files.
    const dir = sdkPath.replace(/[/\\]index\.js$/, "");
    return {
        settings: require(`${dir}/runtime/settings`) as SdkInternals["settings"],
        log: require(`${dir}/log`) as SdkInternals["log"],
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

    const onRejection = (reason: unknown) => errors.push(describe(reason));
    process.on("unhandledRejection", onRejection);
    let outputs: Json = null;
    try {
        const result = await sdk.runtime.runInPulumiStack(options.program);
        outputs = toPlain(result ?? null);
    } catch (err) {
        errors.push(describe(err));
    }
    try {
        await settings.waitForRPCs();
    } catch (err) {
        errors.push(describe(err));
    }
    // Let rejections of outputs nobody awaited surface before we decide.
    await new Promise((resolve) => setImmediate(resolve));
    process.off("unhandledRejection", onRejection);
    if (log.hasErrors() && errors.length === 0) errors.push({ message: "the program logged errors (see above)" });
    // One failure surfaces several times (the stack's init, the RPC queue, an unhandled rejection): report it once.
    const unique = errors.filter((e, i) => errors.findIndex((other) => other.message === e.message) === i);
    return { resources, outputs, errors: unique };
}

function describe(err: unknown): ProgramError {
    if (err instanceof Error) return { message: err.message, stack: err.stack };
    return { message: String(err) };
}
