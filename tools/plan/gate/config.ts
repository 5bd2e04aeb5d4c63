/**
 * Policy pack config reconciliation, as the Pulumi CLI does it (pkg/resource/analyzer/config.go): the defaults of
 * each policy's config schema, then the pack's initial config (from GetAnalyzerInfo), then the
 * `--policy-pack-config` file, validated against each policy's schema. The SDK does none of this.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { nearestKey } from "@appstack/cost/suggest";
import type { Json } from "../values";

export const LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;
export type EnforcementLevel = (typeof LEVELS)[number];

export function isLevel(value: unknown): value is EnforcementLevel {
    return typeof value === "string" && (LEVELS as readonly string[]).includes(value);
}

export type JsonSchema = { [key: string]: Json };

/** What GetAnalyzerInfo says about one policy. */
export interface PolicyMeta {
    name: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    /** `null` when the pack does not support config; otherwise with `enforcementLevel` injected as the CLI does. */
    configSchema: { properties: Record<string, JsonSchema>; required: string[] } | null;
}

/** One policy's config: `enforcementLevel` is "" when not given (the CLI's zero value). */
export interface PolicyConfig {
    enforcementLevel: EnforcementLevel | "";
    properties: Record<string, Json> | null;
}

export type PolicyPackConfig = Record<string, PolicyConfig>;

export interface ConfigProblem {
    policy: string;
    /** The config key, when the problem is about one. */
    key?: string;
    message: string;
}

/**
 * The policy pack config is invalid: unreadable file, unknown policy, bad enforcement level, or a value that
 * does not match the policy's config schema. The plan exits 2 on it.
 */
export class PolicyConfigError extends Error {
    constructor(
        /** The `--policy-pack-config` file, when the problem is in (or about) it. */
        readonly file: string | undefined,
        readonly problems: ConfigProblem[],
        summary?: string,
    ) {
        super(
            summary ??
                `invalid policy pack config${file ? ` in ${file}` : ""}:\n` +
                    problems.map((p) => `  policy "${p.policy}"${p.key !== undefined ? `, key "${p.key}"` : ""}: ${p.message}`).join("\n"),
        );
        this.name = "PolicyConfigError";
    }
}

/** The candidate closest to `word`, when close enough to be a typo (`monthlyBudgtUsd` → `monthlyBudgetUsd`): the pack's own rule. */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
    return nearestKey(word, [...candidates]);
}

function isRecord(value: unknown): value is Record<string, Json> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

function show(value: unknown): string {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function typeOf(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
    return typeof value;
}

/**
 * Reads a `--policy-pack-config` file like `LoadPolicyPackConfigFromFile`: `{ "all": "<level>", "<policy>":
 * "<level>" | { "enforcementLevel"?: "<level>", ...properties } }`. Empty content is no config. Unknown policy
 * names are rejected (stricter than the CLI, which passes them on to the pack and ignores them).
 */
export function loadConfigFile(file: string, policies: PolicyMeta[]): PolicyPackConfig | null {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new PolicyConfigError(
            file,
            [],
            `cannot read the policy pack config ${file}: ${err instanceof Error ? err.message : String(err)}`,
        );
    }
    if (text.trim() === "") return null;
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (err) {
        throw new PolicyConfigError(
            file,
            [],
            `the policy pack config ${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
        );
    }
    if (!isRecord(parsed)) {
        throw new PolicyConfigError(
            file,
            [],
            `the policy pack config ${file} must be a JSON object of policy name → level or settings, got ${typeOf(parsed)}`,
        );
    }
    const known = new Set(policies.map((p) => p.name));
    const nearestPolicy = (name: string): string => {
        const near = nearest(name, ["all", ...known]);
        return near === undefined ? "" : ` (did you mean "${near}"?)`;
    };
    const allowedNames = `"all", ${policies.map((p) => `"${p.name}"`).join(", ") || "(the pack has no policies)"}`;
    const levels = LEVELS.map((l) => `"${l}"`).join(", ");
    const problems: ConfigProblem[] = [];
    const result: PolicyPackConfig = {};
    for (const [name, value] of Object.entries(parsed)) {
        if (name !== "all" && !known.has(name)) {
            problems.push({ policy: name, message: `no policy of this name in the pack${nearestPolicy(name)}; allowed: ${allowedNames}` });
            continue;
        }
        let enforcementLevel: EnforcementLevel | "" = "";
        let properties: Record<string, Json> | null = null;
        if (typeof value === "string") {
            if (!isLevel(value)) {
                problems.push({ policy: name, message: `${show(value)} is not a valid enforcement level; allowed: ${levels}` });
                continue;
            }
            enforcementLevel = value;
        } else if (isRecord(value)) {
            const { enforcementLevel: level, ...rest } = value;
            if (level !== undefined) {
                if (!isLevel(level)) {
                    problems.push({
                        policy: name,
                        key: "enforcementLevel",
                        message: `${show(level)} is not a valid enforcement level; allowed: ${levels}`,
                    });
                    continue;
                }
                enforcementLevel = level;
            }
            if (Object.keys(rest).length > 0) {
                if (name === "all") {
                    problems.push({
                        policy: name,
                        key: Object.keys(rest)[0],
                        message: `"all" takes only an enforcement level; set properties on a policy by its name`,
                    });
                    continue;
                }
                properties = rest;
            }
        } else {
            problems.push({
                policy: name,
                message: `${show(value)} is not a valid value; must be an enforcement level (${levels}) or an object`,
            });
            continue;
        }
        // Like the CLI: don't bother including empty configs.
        if (enforcementLevel === "" && properties === null) continue;
        result[name] = { enforcementLevel, properties };
    }
    if (problems.length > 0) throw new PolicyConfigError(file, problems);
    return result;
}

/** Where a reconciled value came from, to blame the right place in errors. */
type Source = "default" | "initial" | "file";

/** `createConfigWithDefaults` + `applyConfig` (initial, then file) + `validatePolicyPackConfig`. */
export function reconcileConfig(
    policies: PolicyMeta[],
    initialConfig: PolicyPackConfig,
    fileConfig: PolicyPackConfig | null,
    file: string | undefined,
): PolicyPackConfig {
    const result: PolicyPackConfig = {};
    const sources = new Map<string, Source>();
    for (const policy of policies) {
        let props: Record<string, Json> | null = null;
        for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
            if ("default" in schema) {
                props ??= {};
                props[key] = schema["default"] ?? null;
                sources.set(`${policy.name}\0${key}`, "default");
            }
        }
        result[policy.name] = { enforcementLevel: policy.enforcementLevel, properties: props };
    }
    const apply = (config: PolicyPackConfig, source: Source) => {
        const all = config["all"];
        if (all && isLevel(all.enforcementLevel)) {
            for (const [name, value] of Object.entries(result))
                result[name] = { enforcementLevel: all.enforcementLevel, properties: value.properties };
        }
        for (const [name, given] of Object.entries(config)) {
            const current = result[name];
            const enforcementLevel = isLevel(given.enforcementLevel) ? given.enforcementLevel : (current?.enforcementLevel ?? "");
            let properties = current?.properties ?? null;
            if (given.properties && Object.keys(given.properties).length > 0) {
                properties = { ...(properties ?? {}) };
                for (const [k, v] of Object.entries(given.properties)) {
                    properties[k] = v;
                    sources.set(`${name}\0${k}`, source);
                }
            }
            result[name] = { enforcementLevel, properties };
        }
    };
    apply(initialConfig, "initial");
    if (fileConfig) apply(fileConfig, "file");

    const problems: ConfigProblem[] = [];
    for (const policy of policies) {
        if (!policy.configSchema) continue;
        const props = result[policy.name]?.properties ?? {};
        // The protocol cannot carry additionalProperties: false, so an unknown key would pass silently (our pack's
        // policies throw on one under the real CLI). Reject it here, naming the nearest valid key.
        const validKeys = Object.keys(policy.configSchema.properties).filter((k) => k !== "enforcementLevel");
        for (const key of Object.keys(props)) {
            if (key in policy.configSchema.properties) continue;
            const near = nearest(key, validKeys);
            const where = sources.get(`${policy.name}\0${key}`) === "initial" ? " (from the pack's initial config)" : "";
            problems.push({
                policy: policy.name,
                key,
                message: `unknown key${near !== undefined ? ` (did you mean "${near}"?)` : ""}; allowed: ${validKeys.map((k) => `"${k}"`).join(", ") || "none"}${where}`,
            });
        }
        const schema: JsonSchema = { type: "object", properties: policy.configSchema.properties };
        if (policy.configSchema.required.length > 0) schema["required"] = policy.configSchema.required;
        for (const error of validateSchema(schema, props, [])) {
            const key = error.path[0];
            const source = key === undefined ? undefined : sources.get(`${policy.name}\0${key}`);
            const where =
                source === "default" ? " (the schema's own default)" : source === "initial" ? " (from the pack's initial config)" : "";
            const pathText = error.path.length > 1 ? ` at ${error.path.join(".")}` : "";
            problems.push({ policy: policy.name, key, message: `${error.message}${pathText}${where}` });
        }
    }
    if (problems.length > 0) throw new PolicyConfigError(file, problems);
    return result;
}

interface SchemaError {
    path: string[];
    message: string;
}

/** Keywords that only annotate; gojsonschema ignores them too (it does check `format`, which we do not). */
const ANNOTATIONS = new Set([
    "title",
    "description",
    "default",
    "examples",
    "$schema",
    "$id",
    "id",
    "$comment",
    "readOnly",
    "writeOnly",
    "deprecated",
    "format",
]);
const SUPPORTED = new Set([
    "type",
    "enum",
    "const",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "items",
    "additionalItems",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
    "properties",
    "required",
    "additionalProperties",
    "patternProperties",
    "minProperties",
    "maxProperties",
    "propertyNames",
    "anyOf",
    "oneOf",
    "allOf",
    "not",
]);

function equal(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => equal(v, b[i]));
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b as object).sort();
    return equal(ka, kb) && ka.every((k) => equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function matchesType(type: string, value: unknown): boolean {
    switch (type) {
        case "string":
            return typeof value === "string";
        case "number":
            return typeof value === "number";
        case "integer":
            return typeof value === "number" && Number.isInteger(value);
        case "boolean":
            return typeof value === "boolean";
        case "null":
            return value === null;
        case "array":
            return Array.isArray(value);
        case "object":
            return isRecord(value);
        default:
            return false;
    }
}

/** A short description of what a schema allows, for error messages. */
export function describeSchema(schema: JsonSchema): string {
    const parts: string[] = [];
    const type = schema["type"];
    if (Array.isArray(type)) parts.push(type.filter((t) => typeof t === "string").join(" or "));
    else if (typeof type === "string") parts.push(type);
    if (Array.isArray(schema["enum"])) parts.push(`one of ${schema["enum"].map((v) => show(v)).join(", ")}`);
    if ("const" in schema) parts.push(`exactly ${show(schema["const"])}`);
    const min = schema["minimum"];
    const max = schema["maximum"];
    const exMin = schema["exclusiveMinimum"];
    const exMax = schema["exclusiveMaximum"];
    if (typeof min === "number") parts.push(`${exMin === true ? ">" : "≥"} ${min}`);
    if (typeof exMin === "number") parts.push(`> ${exMin}`);
    if (typeof max === "number") parts.push(`${exMax === true ? "<" : "≤"} ${max}`);
    if (typeof exMax === "number") parts.push(`< ${exMax}`);
    if (typeof schema["minLength"] === "number") parts.push(`at least ${schema["minLength"]} characters`);
    if (typeof schema["maxLength"] === "number") parts.push(`at most ${schema["maxLength"]} characters`);
    if (typeof schema["pattern"] === "string") parts.push(`matching /${schema["pattern"]}/`);
    if (typeof schema["minItems"] === "number") parts.push(`at least ${schema["minItems"]} items`);
    if (typeof schema["maxItems"] === "number") parts.push(`at most ${schema["maxItems"]} items`);
    if (isRecord(schema["items"])) parts.push(`items: ${describeSchema(schema["items"])}`);
    return parts.join(", ") || "any value";
}

/**
 * Validates `value` against a JSON schema: the subset of draft 4–7 that policy config schemas use, with
 * gojsonschema's semantics (the CLI's validator). Keywords outside the subset are reported rather than ignored.
 */
export function validateSchema(schema: Json, value: Json, path: string[]): SchemaError[] {
    if (schema === true || schema === undefined) return [];
    if (schema === false) return [{ path, message: "no value is allowed here" }];
    if (!isRecord(schema)) return [{ path, message: `the pack's schema is not an object: ${show(schema)}` }];
    const errors: SchemaError[] = [];
    const fail = (message: string, at: string[] = path) => errors.push({ path: at, message });
    const allowed = () => `; allowed: ${describeSchema(schema)}`;

    for (const keyword of Object.keys(schema)) {
        if (!SUPPORTED.has(keyword) && !ANNOTATIONS.has(keyword)) {
            fail(`the pack's schema uses "${keyword}", which the offline gate cannot validate`);
        }
    }
    const type = schema["type"];
    if (type !== undefined) {
        const types = Array.isArray(type) ? type.filter((t): t is string => typeof t === "string") : typeof type === "string" ? [type] : [];
        if (!types.some((t) => matchesType(t, value))) {
            fail(`expected ${types.join(" or ")}, got ${typeOf(value)} ${show(value)}${allowed()}`);
            return errors;
        }
    }
    const enumValues = schema["enum"];
    if (Array.isArray(enumValues) && !enumValues.some((v) => equal(v, value))) {
        fail(`${show(value)} is not allowed; allowed: one of ${enumValues.map((v) => show(v)).join(", ")}`);
    }
    if ("const" in schema && !equal(schema["const"], value))
        fail(`${show(value)} is not allowed; allowed: exactly ${show(schema["const"])}`);

    if (typeof value === "number") {
        const min = schema["minimum"];
        const max = schema["maximum"];
        const exMin = schema["exclusiveMinimum"];
        const exMax = schema["exclusiveMaximum"];
        if (typeof min === "number" && (exMin === true ? value <= min : value < min)) fail(`${value} is too small${allowed()}`);
        if (typeof max === "number" && (exMax === true ? value >= max : value > max)) fail(`${value} is too large${allowed()}`);
        if (typeof exMin === "number" && value <= exMin) fail(`${value} is too small${allowed()}`);
        if (typeof exMax === "number" && value >= exMax) fail(`${value} is too large${allowed()}`);
        const multipleOf = schema["multipleOf"];
        if (typeof multipleOf === "number" && multipleOf > 0 && !Number.isInteger(value / multipleOf))
            fail(`${value} is not a multiple of ${multipleOf}`);
    }
    if (typeof value === "string") {
        const length = [...value].length;
        const minLength = schema["minLength"];
        const maxLength = schema["maxLength"];
        if (typeof minLength === "number" && length < minLength) fail(`${show(value)} is too short${allowed()}`);
        if (typeof maxLength === "number" && length > maxLength) fail(`${show(value)} is too long${allowed()}`);
        const pattern = schema["pattern"];
        if (typeof pattern === "string" && !new RegExp(pattern, "u").test(value))
            fail(`${show(value)} does not match the pattern${allowed()}`);
    }
    if (Array.isArray(value)) {
        const items = schema["items"];
        if (Array.isArray(items)) {
            items.forEach((itemSchema, i) => {
                if (i < value.length) errors.push(...validateSchema(itemSchema, value[i] ?? null, [...path, String(i)]));
            });
            const additional = schema["additionalItems"];
            if (additional !== undefined) {
                for (let i = items.length; i < value.length; i++)
                    errors.push(...validateSchema(additional, value[i] ?? null, [...path, String(i)]));
            }
        } else if (items !== undefined) {
            value.forEach((item, i) => errors.push(...validateSchema(items, item, [...path, String(i)])));
        }
        const minItems = schema["minItems"];
        const maxItems = schema["maxItems"];
        if (typeof minItems === "number" && value.length < minItems) fail(`has ${value.length} items${allowed()}`);
        if (typeof maxItems === "number" && value.length > maxItems) fail(`has ${value.length} items${allowed()}`);
        if (schema["uniqueItems"] === true && value.some((v, i) => value.findIndex((w) => equal(v, w)) !== i)) fail("items must be unique");
        const contains = schema["contains"];
        if (contains !== undefined && !value.some((v) => validateSchema(contains, v, path).length === 0))
            fail("no item matches the schema of `contains`");
    }
    if (isRecord(value)) {
        const properties = isRecord(schema["properties"]) ? schema["properties"] : {};
        const patternProperties = isRecord(schema["patternProperties"]) ? schema["patternProperties"] : {};
        for (const [key, item] of Object.entries(value)) {
            let matched = false;
            if (key in properties) {
                matched = true;
                errors.push(...validateSchema(properties[key] ?? true, item, [...path, key]));
            }
            for (const [pattern, patternSchema] of Object.entries(patternProperties)) {
                if (new RegExp(pattern, "u").test(key)) {
                    matched = true;
                    errors.push(...validateSchema(patternSchema, item, [...path, key]));
                }
            }
            const additional = schema["additionalProperties"];
            if (!matched && additional !== undefined) {
                if (additional === false) {
                    fail(
                        `unknown key; allowed: ${
                            Object.keys(properties)
                                .map((k) => `"${k}"`)
                                .join(", ") || "none"
                        }`,
                        [...path, key],
                    );
                } else errors.push(...validateSchema(additional, item, [...path, key]));
            }
            if (schema["propertyNames"] !== undefined) errors.push(...validateSchema(schema["propertyNames"], key, [...path, key]));
        }
        const required = schema["required"];
        if (Array.isArray(required)) {
            for (const key of required) {
                if (typeof key === "string" && !(key in value)) {
                    const itemSchema = properties[key];
                    fail(`is required but not set${isRecord(itemSchema) ? `; allowed: ${describeSchema(itemSchema)}` : ""}`, [
                        ...path,
                        key,
                    ]);
                }
            }
        }
        const count = Object.keys(value).length;
        if (typeof schema["minProperties"] === "number" && count < schema["minProperties"])
            fail(`has ${count} keys, needs at least ${schema["minProperties"]}`);
        if (typeof schema["maxProperties"] === "number" && count > schema["maxProperties"])
            fail(`has ${count} keys, allows at most ${schema["maxProperties"]}`);
    }
    const allOf = schema["allOf"];
    if (Array.isArray(allOf)) for (const sub of allOf) errors.push(...validateSchema(sub, value, path));
    const anyOf = schema["anyOf"];
    if (Array.isArray(anyOf) && !anyOf.some((sub) => validateSchema(sub, value, path).length === 0)) {
        fail(
            `${show(value)} matches none of the allowed alternatives (${anyOf.map((s) => (isRecord(s) ? describeSchema(s) : show(s))).join(" | ")})`,
        );
    }
    const oneOf = schema["oneOf"];
    if (Array.isArray(oneOf)) {
        const matches = oneOf.filter((sub) => validateSchema(sub, value, path).length === 0).length;
        if (matches !== 1) fail(`${show(value)} must match exactly one of the alternatives, matches ${matches}`);
    }
    const not = schema["not"];
    if (not !== undefined && validateSchema(not, value, path).length === 0)
        fail(`${show(value)} is not allowed (it matches the schema under "not")`);
    return errors;
}

/**
 * The policy config a stack is judged with when none is given: the project's own `policies/config/<stack>.json`
 * (an example's budget differs from the root's), else the pack's `config/<stack>.json`, else none.
 */
export function defaultPolicyConfig(projectDir: string, stack: string, packDir: string): string | null {
    const candidates = [path.join(projectDir, "policies", "config", `${stack}.json`), path.join(packDir, "config", `${stack}.json`)];
    return candidates.find((c) => fs.existsSync(c)) ?? null;
}
