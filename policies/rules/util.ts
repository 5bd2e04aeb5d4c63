// Shared helpers for the rules: typed readers over the untyped `props` the analyzer hands us, typed policy
// config with schema defaults, and correlation of resources inside stack policies.
//
// About unknown values: during `pulumi preview` every input that depends on an output not yet known arrives as
// a sentinel, and the SDK wraps props in `unknownCheckingProxy`, which throws `UnknownValueError` on access.
// - In a resource policy we let that error propagate: the SDK turns it into an advisory "can't run during
//   preview" note, and the policy runs again with real values during `pulumi up`.
// - In a stack policy a single unknown would abort the whole policy, so stack policies judge resource by
//   resource (`judgeEach`) and read cross-references with `safe()`: a resource whose own props are unknown is
//   judged on `pulumi up` (analyzeStack runs again there with the real outputs), and a reference whose value is
//   unknown is matched through `propertyDependencies`, which the engine always knows.

import { UnknownValueError } from "@pulumi/policy";
import type { PolicyConfigSchema, PolicyResource, ReportViolation } from "@pulumi/policy";
import { DYNAMIC_RESOURCE, SUPABASE_DISCRIMINATOR, SUPABASE_KINDS, type SupabaseKind } from "./resource-types";

// The readers are the cost model's (one set for both, @appstack/cost/props): plain reads of absent, mistyped or
// placeholder values. What is unknown during preview is a different question, asked with `isUnknownInPreview`.
import { asStringArray, get, isRecord, type Props, readString } from "@appstack/cost/props";
import { nearestKey } from "@appstack/cost/suggest";
export type { Props } from "@appstack/cost/props";
export { editDistance, nearestKey } from "@appstack/cost/suggest";
export {
    asArray,
    asBoolean,
    asNumber,
    asRecord,
    asString,
    asStringArray,
    get,
    isRecord,
    readArray,
    readBoolean,
    readNumber,
    readString,
} from "@appstack/cost/props";

// ---------------------------------------------------------------------------------------------------------
// Readers
// ---------------------------------------------------------------------------------------------------------

/** Runs a read; an unknown (preview) value yields `undefined` instead of throwing. Other errors propagate. */
export function safe<T>(read: () => T): T | undefined {
    try {
        return read();
    } catch (e) {
        if (e instanceof UnknownValueError) {
            return undefined;
        }
        throw e;
    }
}

/**
 * True when the read hits a value that is unknown during preview (the SDK's proxy throws `UnknownValueError`). Not
 * the cost model's `isUnknownPlaceholder`, which tests a plain value for the "[unknown]" stand-in.
 */
export function isUnknownInPreview(read: () => unknown): boolean {
    try {
        read();
        return false;
    } catch (e) {
        if (e instanceof UnknownValueError) {
            return true;
        }
        throw e;
    }
}

/**
 * A plain, JSON-like copy of (proxied) props for code that must not see the proxy (the cost estimate). Unknown
 * (preview) values are left out, or replaced by `unknownAs` when given.
 */
export function toPlain(value: unknown, unknownAs?: string): unknown {
    const read = (r: () => unknown): { value: unknown } | undefined => {
        try {
            return { value: toPlain(r(), unknownAs) };
        } catch (e) {
            if (!(e instanceof UnknownValueError)) {
                throw e;
            }
            return unknownAs === undefined ? undefined : { value: unknownAs };
        }
    };
    if (Array.isArray(value)) {
        const out: unknown[] = [];
        for (let i = 0; i < value.length; i++) {
            const item = read(() => value[i] as unknown);
            if (item !== undefined) {
                out.push(item.value);
            }
        }
        return out;
    }
    if (isRecord(value)) {
        const out: Props = {};
        for (const key of Object.keys(value)) {
            const item = read(() => value[key]);
            if (item !== undefined) {
                out[key] = item.value;
            }
        }
        return out;
    }
    return value;
}

/** Parses a JSON document given either as a string (the usual case) or as an already-built object. */
export function parseJsonDocument(value: unknown): unknown {
    if (typeof value === "string") {
        try {
            return JSON.parse(value) as unknown;
        } catch {
            return undefined;
        }
    }
    return value;
}

/** `*` matches any run of characters; everything else is literal. */
export function globMatch(pattern: string, value: string): boolean {
    const escaped = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
    return new RegExp(`^${escaped.join(".*")}$`).test(value);
}

// ---------------------------------------------------------------------------------------------------------
// Typed config
// ---------------------------------------------------------------------------------------------------------

/** An object-valued config property (e.g. the budget rules' usage document), checked by the policy itself. */
export type ConfigObject = { readonly [key: string]: unknown };
export type ConfigValue = boolean | number | string | string[] | ConfigObject;

interface ConfigProperty<V extends ConfigValue> {
    type: V extends boolean
        ? "boolean"
        : V extends number
          ? "number" | "integer"
          : V extends string
            ? "string"
            : V extends readonly unknown[]
              ? "array"
              : "object";
    default: V;
    description: string;
    minimum?: number;
    maximum?: number;
    enum?: V[];
    items?: { type: "string" };
}

/** A policy's config schema that also carries the TypeScript type of its (defaulted) values. */
export interface TypedConfigSchema<T> extends PolicyConfigSchema {
    /** Phantom: never set, only ties `T` to the schema. */
    readonly __config?: T;
}

/** Builds a `configSchema` whose every property has a type, a description and a default. */
export function configSchema<T extends Record<string, ConfigValue>>(properties: {
    [K in keyof T]: ConfigProperty<T[K]>;
}): TypedConfigSchema<T> {
    return { properties: properties };
}

/** The schema defaults of a policy. */
export function configDefaults<T>(schema: TypedConfigSchema<T>): T {
    const out: Record<string, unknown> = {};
    for (const [key, prop] of Object.entries(schema.properties)) {
        out[key] = prop.default;
    }
    return out as T;
}

/**
 * The policy's config: the schema defaults overlaid with what the CLI passed (`getConfig()`). The CLI already
 * applies the defaults, but `getConfig()` is empty when no config was sent (and in tests), so we apply them too.
 */
export function readConfig<T>(args: { getConfig<U extends object>(): U }, schema: TypedConfigSchema<T>): T {
    const given = args.getConfig<Partial<T> & object>();
    // The analyzer protocol carries only a schema's `properties` and `required`, so the CLI cannot reject an unknown
    // key (pulumi pkg/resource/analyzer/config.go convertSchema): the policy does, before judging anything.
    const unknown = Object.keys(given).filter((k) => k !== "enforcementLevel" && !(k in schema.properties));
    if (unknown.length > 0) {
        throw new Error(unknownConfigKeyMessage(unknown, Object.keys(schema.properties)));
    }
    return { ...configDefaults(schema), ...given };
}

export function unknownConfigKeyMessage(unknown: readonly string[], valid: readonly string[]): string {
    const parts = unknown.map((k) => {
        const near = nearestKey(k, valid);
        return `"${k}"${near !== undefined ? ` (did you mean "${near}"?)` : ""}`;
    });
    return `unknown policy config key ${parts.join(", ")}; allowed: ${valid.map((v) => `"${v}"`).join(", ") || "none"}`;
}

// ---------------------------------------------------------------------------------------------------------
// Stack policies: selection, regions and correlation
// ---------------------------------------------------------------------------------------------------------

export function ofType(resources: readonly PolicyResource[], types: readonly string[]): PolicyResource[] {
    return resources.filter((r) => types.includes(r.type));
}

/**
 * Judges each resource on its own so one unknown value (preview) only defers that resource to `pulumi up`
 * instead of aborting the whole stack policy.
 */
export function judgeEach(resources: readonly PolicyResource[], judge: (resource: PolicyResource) => void): void {
    for (const resource of resources) {
        try {
            judge(resource);
        } catch (e) {
            if (!(e instanceof UnknownValueError)) {
                throw e;
            }
        }
    }
}

/** A region from the resource's own `region` input (AWS v7), its provider's `region`, or the fallback. */
export function regionOf(resource: { props: Props; provider?: { props: Props } }, fallback: string): string {
    return safe(() => readString(resource.props, "region")) ?? safe(() => readString(resource.provider?.props, "region")) ?? fallback;
}

/** The region segment of an ARN (`arn:partition:service:region:account:resource`). */
export function arnRegion(arn: string): string | undefined {
    const parts = arn.split(":");
    return parts[0] === "arn" && parts.length >= 6 && parts[3] !== "" ? parts[3] : undefined;
}

/** The last segment of an ARN's resource part (`.../name` or `...:name`), or the value itself. */
export function lastSegment(value: string): string {
    return value.split(/[/:]/).pop() ?? value;
}

const DEFAULT_IDENTIFYING_PROPS = ["id", "arn", "name", "identifier", "bucket"];

/** The known string values that other resources use to refer to `resource` (id, ARN, name, ...). */
export function identifiersOf(resource: PolicyResource, keys: readonly string[] = DEFAULT_IDENTIFYING_PROPS): string[] {
    const out: string[] = [];
    for (const key of keys) {
        const value = safe(() => readString(resource.props, key));
        if (value !== undefined) {
            out.push(value);
        }
    }
    return out;
}

/**
 * Whether `from.props[prop]` refers to `to`:
 * 1. `propertyDependencies[prop]` contains `to` (the engine records it whenever the value came from `to`'s
 *    outputs; it is the only signal while the value itself is unknown during preview);
 * 2. else the known value equals one of `to`'s identifiers, or is an ARN ending in one;
 * 3. else, when `useDependencies`, `from` depends on exactly one resource of `to`'s type and it is `to`.
 */
export function refersTo(
    from: PolicyResource,
    prop: string,
    to: PolicyResource,
    options: { keys?: readonly string[]; useDependencies?: boolean } = {},
): boolean {
    const deps = from.propertyDependencies[prop];
    if (deps !== undefined && deps.some((d) => d.urn === to.urn)) {
        return true;
    }
    const values = referenceValues(from, prop);
    if (values.length > 0) {
        const ids = identifiersOf(to, options.keys);
        return values.some((v) => ids.some((id) => v === id || (v.startsWith("arn:") && (v.endsWith(`:${id}`) || v.endsWith(`/${id}`)))));
    }
    if (options.useDependencies) {
        const sameType = from.dependencies.filter((d) => d.type === to.type);
        return sameType.length === 1 && sameType[0].urn === to.urn;
    }
    return false;
}

function referenceValues(from: PolicyResource, prop: string): string[] {
    const value = safe(() => get(from.props, prop));
    if (typeof value === "string") {
        return value === "" ? [] : [value];
    }
    return asStringArray(safe(() => toPlain(value)));
}

/** Resources among `candidates` whose `prop` refers to `target`. */
export function referrers(
    candidates: readonly PolicyResource[],
    prop: string,
    target: PolicyResource,
    options?: { keys?: readonly string[]; useDependencies?: boolean },
): PolicyResource[] {
    return candidates.filter((c) => refersTo(c, prop, target, options));
}

/** The resource(s) among `targets` that `from.props[prop]` refers to. */
export function referenced(
    from: PolicyResource,
    prop: string,
    targets: readonly PolicyResource[],
    options?: { keys?: readonly string[]; useDependencies?: boolean },
): PolicyResource[] {
    return targets.filter((t) => refersTo(from, prop, t, options));
}

/** A readable label for messages: `name (type)`. */
export function label(resource: { name: string; type: string }): string {
    return `'${resource.name}' (${resource.type})`;
}

/** Reports on a resource in a stack policy (the URN attaches the violation to that resource). */
export function reportOn(report: ReportViolation, resource: PolicyResource, message: string): void {
    report(message, resource.urn);
}

// ---------------------------------------------------------------------------------------------------------
// Dynamic resources: the discriminator contract (policies/README.md, "Dynamic resources")
// ---------------------------------------------------------------------------------------------------------

/**
 * The Supabase kind of a `pulumi-nodejs:dynamic:Resource` (its constant `supabaseResource` input), or undefined
 * for any other resource, for a dynamic resource without the input, and for an unknown value.
 */
export function supabaseKindOf(resource: { type: string; props: Props }): SupabaseKind | undefined {
    if (resource.type !== DYNAMIC_RESOURCE) {
        return undefined;
    }
    const kind = safe(() => readString(resource.props, SUPABASE_DISCRIMINATOR));
    return (Object.values(SUPABASE_KINDS) as string[]).includes(kind ?? "") ? (kind as SupabaseKind) : undefined;
}

/** The Supabase resources of one kind among `resources`. */
export function ofSupabaseKind(resources: readonly PolicyResource[], kind: SupabaseKind): PolicyResource[] {
    return resources.filter((r) => supabaseKindOf(r) === kind);
}

/**
 * Whether a Supabase resource (add-on, setting, replica) belongs to `project` through its `projectRef` input:
 * 1. `propertyDependencies.projectRef` contains the project (always known, also during preview);
 * 2. else the known `projectRef` equals the project's `ref` or id (outputs, known on `pulumi up`);
 * 3. else the resource depends on exactly one Supabase project, and it is this one. (The generic `refersTo`
 *    cannot use dependencies here: every dynamic resource shares one type.)
 */
export function belongsToSupabaseProject(child: PolicyResource, project: PolicyResource, projects: readonly PolicyResource[]): boolean {
    const deps = child.propertyDependencies["projectRef"];
    if (deps !== undefined && deps.length > 0) {
        return deps.some((d) => d.urn === project.urn);
    }
    const ref = safe(() => readString(child.props, "projectRef"));
    if (ref !== undefined) {
        const ids = identifiersOf(project, ["ref", "id"]);
        if (ids.length > 0) {
            return ids.includes(ref);
        }
    }
    const owners = child.dependencies.filter((d) => projects.some((p) => p.urn === d.urn));
    return owners.length === 1 && owners[0].urn === project.urn;
}
