// Calls policies the way the analyzer server does (pulumi-policy server.ts): props wrapped in
// `unknownCheckingProxy`, `getConfig()` returning the policy's config, a `reportViolation` that records.
import {
    type PolicyResource,
    type PolicyResourceOptions,
    type ResourceValidationArgs,
    type ResourceValidationPolicy,
    type StackValidationArgs,
    type StackValidationPolicy,
    type Policy,
    unknownCheckingProxy,
} from "@pulumi/policy";
import { policies } from "../../policies/rules";

/** The SDK's sentinel for an unknown string during preview. */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface Violation {
    message: string;
    urn?: string;
}

export function policy<T extends Policy>(name: string): T {
    const found = policies.find((p) => p.name === name);
    if (found === undefined) {
        throw new Error(`no policy ${name}`);
    }
    return found as T;
}

function options(protect = false): PolicyResourceOptions {
    return {
        protect,
        ignoreChanges: [],
        aliases: [],
        additionalSecretOutputs: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    };
}

const urnOf = (type: string, name: string): string => `urn:pulumi:test::proj::${type}::${name}`;

export interface FakeResource {
    type: string;
    name: string;
    props: Record<string, unknown>;
    protect?: boolean;
    /** Names of resources each property came from (becomes propertyDependencies). */
    propertyDependencies?: Record<string, string[]>;
    /** Names of resources this one depends on. */
    dependencies?: string[];
    /** Name of the parent resource (a component). */
    parent?: string;
    provider?: { type: string; name: string; props: Record<string, unknown> };
}

/** Runs a resource policy on one resource; returns the violations. */
export async function validateResource(
    name: string,
    resource: Omit<FakeResource, "propertyDependencies" | "dependencies" | "parent">,
    config: Record<string, unknown> = {},
): Promise<Violation[]> {
    const found = policy<ResourceValidationPolicy | StackValidationPolicy>(name);
    if ("validateStack" in found) {
        // A rule that became a stack policy (to see correlated resources) judges a lone resource the same way.
        return (await validateStack(name, [resource], config)).map((v) => ({ message: v.message }));
    }
    const p: ResourceValidationPolicy = found;
    const violations: Violation[] = [];
    const args: ResourceValidationArgs = {
        type: resource.type,
        name: resource.name,
        urn: urnOf(resource.type, resource.name),
        props: unknownCheckingProxy(resource.props),
        opts: options(resource.protect),
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
            throw new Error(`not applicable: ${reason}`);
        },
    };
    if (resource.provider !== undefined) {
        args.provider = {
            ...resource.provider,
            urn: urnOf(resource.provider.type, resource.provider.name),
            props: unknownCheckingProxy(resource.provider.props),
        };
    }
    const validations = Array.isArray(p.validateResource) ? p.validateResource : p.validateResource ? [p.validateResource] : [];
    for (const v of validations) {
        await v(args, (message, urn) => violations.push({ message, urn }));
    }
    return violations;
}

/** Runs a stack policy over resources, wiring dependencies by name as the server does by URN. */
export async function validateStack(name: string, resources: FakeResource[], config: Record<string, unknown> = {}): Promise<Violation[]> {
    const p = policy<StackValidationPolicy>(name);
    const built = new Map<string, PolicyResource>();
    for (const r of resources) {
        const pr: PolicyResource = {
            type: r.type,
            name: r.name,
            urn: urnOf(r.type, r.name),
            props: unknownCheckingProxy(r.props),
            opts: options(r.protect),
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        };
        if (r.provider !== undefined) {
            pr.provider = { ...r.provider, urn: urnOf(r.provider.type, r.provider.name), props: unknownCheckingProxy(r.provider.props) };
        }
        built.set(r.name, pr);
    }
    const byName = (n: string): PolicyResource => {
        const found = built.get(n);
        if (found === undefined) throw new Error(`no resource ${n}`);
        return found;
    };
    for (const r of resources) {
        const pr = byName(r.name);
        pr.dependencies = (r.dependencies ?? []).map(byName);
        if (r.parent !== undefined) {
            pr.parent = byName(r.parent);
        }
        for (const [k, names] of Object.entries(r.propertyDependencies ?? {})) {
            pr.propertyDependencies[k] = names.map(byName);
            pr.dependencies.push(...names.map(byName).filter((d) => !pr.dependencies.includes(d)));
        }
    }
    const violations: Violation[] = [];
    const args: StackValidationArgs = {
        resources: [...built.values()],
        stackTags: new Map(),
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
            throw new Error(`not applicable: ${reason}`);
        },
    };
    await p.validateStack(args, (message, urn) => violations.push({ message, urn }));
    return violations;
}

export const urn = urnOf;
