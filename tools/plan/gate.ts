/**
 * The policy gate of the offline plan: evaluates a CrossGuard policy pack against the captured resources exactly
 * as `pulumi preview --policy-pack <dir> [--policy-pack-config <file>]` does, without the CLI. The pack's own
 * program is started as the CLI's analyzer plugin would start it, and driven over the Analyzer gRPC protocol in
 * the CLI's order: ConfigureStack, GetAnalyzerInfo, Configure (config reconciled like the CLI), Remediate then
 * Analyze for every registered resource (inputs), then AnalyzeStack (outputs, parents, dependencies).
 */
import type * as grpcTypes from "@grpc/grpc-js";
import type * as analyzerGrpcTypes from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type * as analyzerPbTypes from "@pulumi/pulumi/proto/analyzer_pb";
import type * as emptyPbTypes from "google-protobuf/google/protobuf/empty_pb";
import type * as structPbTypes from "google-protobuf/google/protobuf/struct_pb";
import * as path from "node:path";
import type { CapturedResource } from "./engine";
import {
    type EnforcementLevel,
    type JsonSchema,
    type PolicyMeta,
    type PolicyPackConfig,
    PolicyConfigError,
    isLevel,
    loadConfigFile,
    reconcileConfig,
} from "./gate/config";
import { PolicyPackError, type RunningPack, loadPackProject, packCommand, startPack } from "./gate/launch";
import { toAnalyzerObject } from "./gate/wire";
import type { Json } from "./values";

export { PolicyConfigError, PolicyPackError };
export type { ConfigProblem, EnforcementLevel } from "./gate/config";

// The generated protobuf modules assign their exports at run time (invisible to ES module named-export
// detection), so they are loaded with require; the types come from their declarations.
const grpc = require("@grpc/grpc-js") as typeof grpcTypes;
const { AnalyzerClient } = require("@pulumi/pulumi/proto/analyzer_grpc_pb") as typeof analyzerGrpcTypes;
const pb = require("@pulumi/pulumi/proto/analyzer_pb") as typeof analyzerPbTypes;
const { Empty } = require("google-protobuf/google/protobuf/empty_pb") as typeof emptyPbTypes;
const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as typeof structPbTypes;

export interface GateOptions {
    /** Directory of the policy pack (PulumiPolicy.yaml, package.json). */
    packDir: string;
    /** The `--policy-pack-config` JSON file. */
    configFile?: string;
    resources: CapturedResource[];
    project: string;
    stack: string;
    /** Preview (default) or update: `PULUMI_DRY_RUN` and the stack configure request. */
    dryRun?: boolean;
    /** Stack config as the CLI hands it to packs (`PULUMI_CONFIG`, ConfigureStack): `project:key` → string. */
    config?: Record<string, string>;
    /** Keys of `config` that are secret. */
    secretKeys?: string[];
    /** Organization, for `PULUMI_ORGANIZATION` (a local backend has none worth naming). */
    organization?: string;
    /** Stack tags the pack sees as `args.stackTags`. */
    tags?: Record<string, string>;
    /** Time allowed for the pack to start and print its port (default 120 s: a loaded CI machine is slow to compile it). */
    startupTimeoutMs?: number;
    /** Time allowed for each gRPC call (default 60 s). */
    callTimeoutMs?: number;
}

export interface Violation {
    policy: string;
    level: "advisory" | "mandatory" | "remediate";
    urn: string;
    name: string;
    type: string;
    message: string;
    description: string;
}

export interface GateResult {
    packName: string;
    packVersion: string;
    /** Every policy with its effective enforcement level after config reconciliation, sorted by name. */
    policies: { name: string; level: string }[];
    /** The config every policy ran with, after reconciliation (schema defaults, initial config, file). */
    config: PolicyPackConfig;
    /** Resource violations in registration order, then stack-policy violations. */
    violations: Violation[];
    /** Remediations applied to inputs (policies at level `remediate` that changed a resource). */
    remediations: number;
    /** Time the gate added: all of it for {@link runGate}; after the program for a {@link startGate} session. */
    durationMs: number;
    /** Time from starting the pack until it was configured. */
    startupMs?: number;
}

type Message = analyzerPbTypes.AnalyzeRequest;
type Client = InstanceType<typeof AnalyzerClient>;
/** One unary call on the client, with the request already bound. */
type Invoke<Res> = (
    metadata: grpcTypes.Metadata,
    options: Partial<grpcTypes.CallOptions>,
    callback: (error: grpcTypes.ServiceError | null, response: Res) => void,
) => grpcTypes.ClientUnaryCall;
type Call = <Res>(invoke: Invoke<Res>) => Promise<Res>;

const LEVEL_NAMES: Record<number, EnforcementLevel> = {
    [pb.EnforcementLevel.ADVISORY]: "advisory",
    [pb.EnforcementLevel.MANDATORY]: "mandatory",
    [pb.EnforcementLevel.DISABLED]: "disabled",
    [pb.EnforcementLevel.REMEDIATE]: "remediate",
};
const LEVEL_CODES: Record<EnforcementLevel, analyzerPbTypes.EnforcementLevel> = {
    advisory: pb.EnforcementLevel.ADVISORY,
    mandatory: pb.EnforcementLevel.MANDATORY,
    disabled: pb.EnforcementLevel.DISABLED,
    remediate: pb.EnforcementLevel.REMEDIATE,
};

/** How many resources are in flight at once (Remediate then Analyze each); the pack serves them in turn. */
const CONCURRENCY = 32;
const MAX_MESSAGE = 400 * 1024 * 1024;

function levelName(code: number): EnforcementLevel {
    const name = LEVEL_NAMES[code];
    if (!name) throw new PolicyPackError(`the policy pack returned an invalid enforcement level ${code}`);
    return name;
}

function struct(value: Record<string, unknown>): structPbTypes.Struct {
    return Struct.fromJavaScript(value as Record<string, structPbTypes.JavaScriptValue>);
}

function isRecord(value: unknown): value is Record<string, Json> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** `urn::id` → urn. */
function providerUrn(ref: string): string {
    const at = ref.lastIndexOf("::");
    return at > 0 ? ref.slice(0, at) : ref;
}

/** The part of {@link GateOptions} known before the program runs. */
export type GateStartOptions = Omit<GateOptions, "resources"> & {
    /**
     * Keep the pack running after `run`, so it can judge several programs in turn (the e2e suite plans dozens of
     * fixtures against one pack; the CLI starts one per preview). The caller must `close()` it.
     */
    reusable?: boolean;
};

/** The stack a run of a reusable session judges, when it is not the one the session was started for. */
export type GateTarget = Pick<GateOptions, "project" | "stack" | "config" | "secretKeys" | "configFile">;

/** A started pack, loaded and configured, waiting for the resources. */
export interface GateSession {
    /** Resolves when the pack serves and is configured; rejects like {@link runGate} would. */
    readonly ready: Promise<void>;
    /**
     * Remediates, analyzes and stack-analyzes `resources`; once, then closes, unless the session is `reusable`.
     * With a `target`, the pack is first configured for that stack and its policy config (ConfigureStack,
     * GetAnalyzerInfo, Configure, as the CLI does when it loads a pack), so one pack serves many stacks in turn.
     * The pack's environment (`PULUMI_STACK`, `PULUMI_CONFIG`) stays the one it was started with.
     */
    run(resources: CapturedResource[], target?: GateTarget): Promise<GateResult>;
    /** Kills the pack's process; safe to call at any time and more than once. */
    close(): Promise<void>;
}

interface Loaded {
    pack: RunningPack;
    client: Client;
    call: Call;
    packName: string;
    packVersion: string;
    policies: PolicyMeta[];
    config: PolicyPackConfig;
    startupMs: number;
}

/**
 * Runs the policy pack at `packDir` against `resources` as the CLI would during `pulumi preview`, and returns
 * what it reported. Throws {@link PolicyConfigError} for an invalid config (exit 2) and {@link PolicyPackError}
 * when the pack cannot be loaded, started or fails while evaluating (with its output).
 */
export async function runGate(options: GateOptions): Promise<GateResult> {
    const started = performance.now();
    const session = startGate(options);
    const result = await session.run(options.resources);
    return { ...result, durationMs: performance.now() - started };
}

/**
 * Starts the pack and configures it without waiting: the CLI too loads policy packs before it runs the program,
 * so a plan can start the gate first and hide the pack's start-up behind the program's run. Errors surface from
 * `ready` and `run`. The session's `run` reports as `durationMs` only the time it added after the program.
 */
export function startGate(options: GateStartOptions): GateSession {
    const started = performance.now();
    let pack: RunningPack | undefined;
    let client: Client | undefined;
    let closed = false;
    const close = async () => {
        closed = true;
        client?.close();
        await pack?.stop();
    };
    const load = async (): Promise<Loaded> => {
        const project = loadPackProject(options.packDir);
        const dryRun = options.dryRun ?? true;
        const env: Record<string, string> = {
            PULUMI_NODEJS_PROJECT: options.project,
            PULUMI_NODEJS_STACK: options.stack,
            PULUMI_NODEJS_DRY_RUN: String(dryRun),
            PULUMI_PROJECT: options.project,
            PULUMI_STACK: options.stack,
            PULUMI_DRY_RUN: String(dryRun),
        };
        if (options.organization) {
            env["PULUMI_NODEJS_ORGANIZATION"] = options.organization;
            env["PULUMI_ORGANIZATION"] = options.organization;
        }
        if (options.config && Object.keys(options.config).length > 0) env["PULUMI_CONFIG"] = JSON.stringify(options.config);
        const running = await startPack({ project, env, startupTimeoutMs: options.startupTimeoutMs ?? 120_000 });
        pack = running;
        if (closed) {
            await running.stop();
            throw new PolicyPackError("the policy gate was closed while the pack started");
        }
        // One client for every call of the session.
        const connected: Client = new AnalyzerClient(`127.0.0.1:${running.port}`, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": MAX_MESSAGE,
            "grpc.max_send_message_length": MAX_MESSAGE,
        });
        client = connected;
        return await guard(project.dir, running, () => configure(connected, running, project.version, options, started));
    };
    const loading = load();
    const ready = loading.then(
        () => undefined,
        async (err: unknown) => {
            await close();
            throw err;
        },
    );
    // `ready` may never be awaited by a caller that goes straight to `run`.
    ready.catch(() => undefined);
    let ran = false;
    // A pack holds one configuration at a time: the runs of a reusable session take turns.
    let turn: Promise<unknown> = Promise.resolve();
    const runNow = async (resources: CapturedResource[], target: GateTarget | undefined): Promise<GateResult> => {
        try {
            await ready;
            const loaded = await loading;
            const runStarted = performance.now();
            const effective = target ? { ...options, ...target } : options;
            const active = target
                ? await guard(loadedDir(options), loaded.pack, () =>
                      configure(loaded.client, loaded.pack, loadPackProject(options.packDir).version, effective, runStarted),
                  )
                : loaded;
            const result = await guard(loadedDir(options), loaded.pack, () => evaluate(active, resources, effective));
            return { ...result, durationMs: performance.now() - runStarted, startupMs: loaded.startupMs };
        } finally {
            if (!options.reusable) await close();
        }
    };
    return {
        ready,
        close,
        run(resources, target) {
            if (ran && !options.reusable) return Promise.reject(new Error("a policy gate session runs once"));
            ran = true;
            const result = turn.then(() => runNow(resources, target));
            turn = result.catch(() => undefined);
            return result;
        },
    };
}

function loadedDir(options: GateStartOptions): string {
    return path.resolve(options.packDir);
}

/** Turns a failed call into a {@link PolicyPackError} quoting the pack's output (its stack trace). */
async function guard<T>(dir: string, pack: RunningPack, body: () => Promise<T>): Promise<T> {
    try {
        return await body();
    } catch (err) {
        if (err instanceof PolicyConfigError || err instanceof PolicyPackError) throw err;
        // Let the pack finish writing before quoting it.
        await new Promise((resolve) => setTimeout(resolve, 20));
        const output = pack.output().trim();
        const message = err instanceof Error ? err.message : String(err);
        throw new PolicyPackError(`policy pack at ${dir} failed: ${message}${output ? `\n--- its output ---\n${output}` : ""}`);
    }
}

async function configure(
    client: Client,
    pack: RunningPack,
    yamlVersion: string | undefined,
    options: GateStartOptions,
    started: number,
): Promise<Loaded> {
    const timeout = options.callTimeoutMs ?? 60_000;
    const call: Call = <Res>(invoke: Invoke<Res>) =>
        new Promise<Res>((resolve, reject) => {
            if (pack.child.exitCode !== null || pack.child.signalCode !== null) {
                reject(new Error(`the policy pack process exited (${pack.child.exitCode ?? pack.child.signalCode})`));
                return;
            }
            invoke(new grpc.Metadata(), { deadline: Date.now() + timeout }, (error, response) => {
                if (error) reject(new Error(error.details || error.message));
                else resolve(response);
            });
        });
    // The CLI configures the stack when it loads the pack (NewPolicyAnalyzer), before anything else.
    const stackConfig = new pb.AnalyzerStackConfigureRequest();
    stackConfig.setStack(options.stack);
    stackConfig.setProject(options.project);
    stackConfig.setOrganization(options.organization ?? "");
    stackConfig.setDryRun(options.dryRun ?? true);
    stackConfig.setConfigSecretKeysList(options.secretKeys ?? []);
    for (const [k, v] of Object.entries(options.config ?? {})) stackConfig.getConfigMap().set(k, v);
    for (const [k, v] of Object.entries(options.tags ?? {})) stackConfig.getTagsMap().set(k, v);
    await call<analyzerPbTypes.AnalyzerStackConfigureResponse>((md, o, cb) => client.configureStack(stackConfig, md, o, cb));

    // GetAnalyzerInfo: policies, levels, schemas (with enforcementLevel injected), initial config.
    const info = await call<analyzerPbTypes.AnalyzerInfo>((md, o, cb) => client.getAnalyzerInfo(new Empty(), md, o, cb));
    const supportsConfig = info.getSupportsconfig();
    const policies: PolicyMeta[] = info
        .getPoliciesList()
        .map((p): PolicyMeta => {
            let configSchema: PolicyMeta["configSchema"] = null;
            if (supportsConfig) {
                const schema = p.getConfigschema();
                const raw = schema?.getProperties()?.toJavaScript() ?? {};
                const properties: Record<string, JsonSchema> = {};
                for (const [k, v] of Object.entries(raw)) if (isRecord(v)) properties[k] = v;
                properties["enforcementLevel"] = { type: "string", enum: ["advisory", "mandatory", "remediate", "disabled"] };
                configSchema = { properties, required: schema?.getRequiredList() ?? [] };
            }
            return {
                name: p.getName(),
                description: p.getDescription(),
                enforcementLevel: levelName(p.getEnforcementlevel()),
                configSchema,
            };
        })
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const initialConfig: PolicyPackConfig = {};
    info.getInitialconfigMap().forEach((value, key) => {
        // As the CLI: an unset level reads as ADVISORY (0), the protobuf default.
        const props = value.getProperties()?.toJavaScript();
        initialConfig[key] = {
            enforcementLevel: levelName(value.getEnforcementlevel()),
            properties: props && isRecord(props) ? props : null,
        };
    });
    const packName = info.getName();
    const packVersion = yamlVersion ?? info.getVersion();

    // Configure with the reconciled config.
    let config: PolicyPackConfig = {};
    if (!supportsConfig) {
        if (options.configFile)
            throw new PolicyConfigError(options.configFile, [], `policy pack "${packName}" at ${options.packDir} does not support config`);
    } else {
        const fileConfig = options.configFile ? loadConfigFile(options.configFile, policies) : null;
        config = reconcileConfig(policies, initialConfig, fileConfig, options.configFile);
        if (Object.keys(config).length > 0) {
            const request = new pb.ConfigureAnalyzerRequest();
            for (const [name, value] of Object.entries(config)) {
                if (!isLevel(value.enforcementLevel))
                    throw new PolicyConfigError(options.configFile, [
                        { policy: name, message: `invalid enforcement level "${value.enforcementLevel}"` },
                    ]);
                const policyConfig = new pb.PolicyConfig();
                policyConfig.setEnforcementlevel(LEVEL_CODES[value.enforcementLevel]);
                policyConfig.setProperties(struct(value.properties ?? {}));
                request.getPolicyconfigMap().set(name, policyConfig);
            }
            await call<emptyPbTypes.Empty>((md, o, cb) => client.configure(request, md, o, cb));
        }
    }
    return { pack, client, call, packName, packVersion, policies, config, startupMs: performance.now() - started };
}

async function evaluate(loaded: Loaded, resources: CapturedResource[], options: GateStartOptions): Promise<Omit<GateResult, "durationMs">> {
    const { client, call, policies, config, packName, packVersion } = loaded;

    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const providerOf = (r: CapturedResource): analyzerPbTypes.AnalyzerProviderResource | undefined => {
        if (!r.provider) return undefined;
        const found = byUrn.get(providerUrn(r.provider));
        if (!found) return undefined;
        const provider = new pb.AnalyzerProviderResource();
        provider.setUrn(found.urn);
        provider.setType(found.type);
        provider.setName(found.name);
        provider.setProperties(struct(toAnalyzerObject(found.wire.inputs, true)));
        return provider;
    };
    const optionsOf = (r: CapturedResource, withParent: boolean): analyzerPbTypes.AnalyzerResourceOptions => {
        const opts = new pb.AnalyzerResourceOptions();
        opts.setProtect(r.protect);
        opts.setIgnorechangesList(r.ignoreChanges);
        // The capture does not keep whether deleteBeforeReplace was set; `true` certainly was.
        opts.setDeletebeforereplace(r.deleteBeforeReplace);
        opts.setDeletebeforereplacedefined(r.deleteBeforeReplace);
        opts.setAdditionalsecretoutputsList(r.additionalSecretOutputs);
        opts.setAliasesList([]);
        opts.setCustomtimeouts(new pb.AnalyzerResourceOptions.CustomTimeouts());
        if (withParent && r.parent) opts.setParent(r.parent);
        return opts;
    };

    // Remediate then Analyze each registered resource (every one, as the engine's step generator does).
    const resourceViolations: Violation[][] = resources.map(() => []);
    const remediatedInputs = new Map<string, Record<string, unknown>>();
    let remediations = 0;
    const analyzeOne = async (r: CapturedResource, index: number) => {
        const out = resourceViolations[index] ?? [];
        const request = (inputs: Record<string, unknown>, skipInternalKeys: boolean): Message => {
            const req = new pb.AnalyzeRequest();
            req.setType(r.type);
            req.setUrn(r.urn);
            req.setName(r.name);
            req.setProperties(struct(toAnalyzerObject(inputs, skipInternalKeys)));
            req.setOptions(optionsOf(r, true));
            const provider = providerOf(r);
            if (provider) req.setProvider(provider);
            return req;
        };
        let inputs: Record<string, unknown> = r.wire.inputs;
        const remediated = await call<analyzerPbTypes.RemediateResponse>((md, o, cb) =>
            client.remediate(request(inputs, false), md, o, cb),
        );
        for (const rem of remediated.getRemediationsList()) {
            if (rem.getDiagnostic()) {
                out.push({
                    policy: rem.getPolicyname(),
                    level: "advisory",
                    urn: r.urn,
                    name: r.name,
                    type: r.type,
                    message: rem.getDiagnostic(),
                    description: rem.getDescription(),
                });
            } else if (rem.hasProperties()) {
                inputs = rem.getProperties()?.toJavaScript() ?? {};
                remediatedInputs.set(r.urn, inputs);
                remediations++;
            }
        }
        const analyzed = await call<analyzerPbTypes.AnalyzeResponse>((md, o, cb) => client.analyze(request(inputs, true), md, o, cb));
        for (const d of analyzed.getDiagnosticsList()) {
            let level = levelName(d.getEnforcementlevel());
            // The engine downgrades remediate to mandatory here, and always uses the analyzed resource's URN.
            if (level === "remediate") level = "mandatory";
            if (level === "disabled") continue;
            out.push({
                policy: d.getPolicyname(),
                level,
                urn: r.urn,
                name: r.name,
                type: r.type,
                message: d.getMessage(),
                description: d.getDescription(),
            });
        }
    };
    let next = 0;
    const worker = async () => {
        while (next < resources.length) {
            const index = next++;
            const resource = resources[index];
            if (resource) await analyzeOne(resource, index);
        }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, resources.length) }, worker));

    // AnalyzeStack with every resource's outputs, parent, dependencies and property dependencies.
    const stackRequest = new pb.AnalyzeStackRequest();
    stackRequest.setResourcesList(
        resources.map((r) => {
            const res = new pb.AnalyzerResource();
            res.setUrn(r.urn);
            res.setType(r.type);
            res.setName(r.name);
            // A preview's outputs of a resource created from remediated inputs reflect those inputs.
            const remediated = remediatedInputs.get(r.urn);
            const outputs = remediated ? { ...r.wire.outputs, ...remediated } : r.wire.outputs;
            res.setProperties(struct(toAnalyzerObject(outputs, true)));
            res.setOptions(optionsOf(r, false));
            const provider = providerOf(r);
            if (provider) res.setProvider(provider);
            res.setParent(r.parent ?? "");
            res.setDependenciesList(r.dependencies);
            for (const [key, urns] of Object.entries(r.propertyDependencies)) {
                if (urns.length === 0) continue;
                const deps = new pb.AnalyzerPropertyDependencies();
                deps.setUrnsList(urns);
                res.getPropertydependenciesMap().set(key, deps);
            }
            return res;
        }),
    );
    const stackResult = await call<analyzerPbTypes.AnalyzeResponse>((md, o, cb) => client.analyzeStack(stackRequest, md, o, cb));
    const root =
        resources.find((r) => r.type === "pulumi:pulumi:Stack" && r.parent === null) ??
        ({
            urn: `urn:pulumi:${options.stack}::${options.project}::pulumi:pulumi:Stack::${options.project}-${options.stack}`,
            name: `${options.project}-${options.stack}`,
            type: "pulumi:pulumi:Stack",
        } as const);
    const stackViolations: Violation[] = [];
    for (const d of stackResult.getDiagnosticsList()) {
        const level = levelName(d.getEnforcementlevel());
        if (level === "disabled") continue;
        // A URN of a resource in the stack is kept; anything else is reported on the root stack.
        const target = (d.getUrn() && byUrn.get(d.getUrn())) || root;
        stackViolations.push({
            policy: d.getPolicyname(),
            level,
            urn: target.urn,
            name: target.name,
            type: target.type,
            message: d.getMessage(),
            description: d.getDescription(),
        });
    }

    const levels = policies.map((p) => ({ name: p.name, level: config[p.name]?.enforcementLevel || p.enforcementLevel }));
    return {
        packName,
        packVersion,
        policies: levels,
        config,
        violations: [...resourceViolations.flat(), ...stackViolations],
        remediations,
    };
}

/** The command line the gate starts a pack with (for docs and `--verbose`). */
export function describeLaunch(packDir: string): string {
    const { command, args } = packCommand(loadPackProject(packDir));
    return [command, ...args].map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(" ");
}
