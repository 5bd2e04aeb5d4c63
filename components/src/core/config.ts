import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { type Environment, ENVIRONMENT_KEY, environmentFor, environmentProblem } from "./environment";
import { PROVIDER_CONFIG_KEYS, providerValueProblem } from "./providers";
import type { ArgProblem } from "./validate";

/**
 * Invalid stack configuration. A `RunError`, so the Pulumi CLI prints the message alone, without a stack
 * trace, and no resource beyond the stack itself is registered.
 */
export class StackConfigError extends pulumi.RunError {
    constructor(
        message: string,
        /** One line per problem: `<key>: <what is wrong>`. */
        public readonly problems: string[],
    ) {
        super(message);
        this.name = "StackConfigError";
    }
}

/** Edit distance, for "did you mean" suggestions on misspelt keys. */
export function editDistance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let previous = row[0] ?? 0;
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const current = row[j] ?? 0;
            row[j] = Math.min(current + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1));
            previous = current;
        }
    }
    return row[b.length] ?? 0;
}

/** The allowed key closest to `key`, when it is close enough to be a likely typo. */
export function nearest(key: string, allowed: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of allowed) {
        const d = editDistance(key, candidate);
        if (d < bestDistance) [best, bestDistance] = [candidate, d];
    }
    return best !== undefined && bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

/** The schema found at `path` inside `schema`, unwrapping optional/default/nullable wrappers. */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
    let current: z.ZodType = schema;
    for (let i = 0; ; i++) {
        while (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodNullable) {
            current = current.unwrap() as z.ZodType;
        }
        if (i === path.length) return current;
        const segment = path[i];
        if (current instanceof z.ZodObject && typeof segment === "string") {
            const next = current.shape[segment] as z.ZodType | undefined;
            if (!next) return undefined;
            current = next;
        } else if (current instanceof z.ZodArray) {
            current = current.element as z.ZodType;
        } else if (current instanceof z.ZodRecord) {
            current = current.valueType as z.ZodType;
        } else {
            return undefined;
        }
    }
}

/** The object schema found at `path` inside `schema`. */
function objectAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodObject | undefined {
    const found = schemaAt(schema, path);
    return found instanceof z.ZodObject ? found : undefined;
}

/**
 * What the offline plan hands a program for a `secure:` value it cannot decrypt (tools/plan/project.ts,
 * `secretStandIn`). The Pulumi CLI always hands over the decrypted value, which is validated in full.
 */
export const UNDECRYPTED_SECRET = /^plan-secret-[0-9a-f]{20}$/;

/** Schemas made by {@link secretValue}: their values are never echoed in an error. */
const SECRET_SCHEMAS = new WeakSet<z.ZodType>();

/**
 * A secret config value (`pulumi config set --secret ...`): validated by `inner`, handed to the program as a
 * secret Output (so whatever it reaches is stored encrypted and masked), and never echoed in an error. A value the
 * offline plan could not decrypt ({@link UNDECRYPTED_SECRET}) is not format-checked, and the plan says so; the
 * real CLI always has the value and checks it.
 */
export function secretValue(inner: z.ZodType<string>): z.ZodType<pulumi.Output<string>, string> {
    const schema = z
        .string({ message: "must be a string" })
        .superRefine((value, ctx) => {
            if (UNDECRYPTED_SECRET.test(value)) return;
            const result = inner.safeParse(value);
            if (!result.success)
                for (const issue of result.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
        })
        .transform((value) => pulumi.secret(value));
    SECRET_SCHEMAS.add(schema);
    return schema;
}

/**
 * Adds a component rule's problems ({@link ArgProblem}) to a zod refinement, each against the config key that
 * feeds the argument (`keyOf`: argument → key under the refined object; unlisted arguments keep their name).
 */
export function addArgProblems(ctx: z.RefinementCtx, problems: readonly ArgProblem[], keyOf: Readonly<Record<string, string>> = {}): void {
    for (const p of problems) {
        const key = keyOf[p.arg] ?? p.arg;
        // `tenants[0].customDomain` → ["tenants", 0, "customDomain"], the path zod and the error report walk.
        const path = key ? key.split(/\.|(?=\[)/).map((seg) => (/^\[\d+\]$/.test(seg) ? Number(seg.slice(1, -1)) : seg)) : [];
        ctx.addIssue({ code: "custom", message: `${p.problem}${p.allowed ? `; allowed: ${p.allowed}` : ""}`, path });
    }
}

function formatPath(namespace: string, path: readonly PropertyKey[]): string {
    return path.reduce<string>(
        (acc, seg) => (typeof seg === "number" ? `${acc}[${seg}]` : acc ? `${acc}.${String(seg)}` : `${namespace}:${String(seg)}`),
        "",
    );
}

/** Parses a raw config string the way `config.getObject` would, keeping plain strings where the schema wants them. */
function parseValue(raw: string, field: z.ZodType | undefined): unknown {
    if (field && field.safeParse(raw).success) return raw;
    try {
        return JSON.parse(raw);
    } catch {
        return raw;
    }
}

export interface ReadConfigOptions {
    /** Config namespace. @default the project name */
    namespace?: string;
    /** Stack name, for the environment and errors. @default the running stack */
    stack?: string;
    /** Stack file named in errors. @default `Pulumi.<stack>.yaml` */
    stackFile?: string;
    /** Config as `namespace:key` → raw string. @default the stack's config (`pulumi.runtime.allConfig()`) */
    config?: Record<string, string>;
    /**
     * Full keys whose values are secret, never echoed in an error (on top of {@link secretValue} fields).
     * @default `PULUMI_CONFIG_SECRET_KEYS`, which the Pulumi CLI sets for the program
     */
    secretKeys?: readonly string[];
}

function cliSecretKeys(): string[] {
    try {
        const parsed: unknown = JSON.parse(process.env["PULUMI_CONFIG_SECRET_KEYS"] ?? "[]");
        return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === "string") : [];
    } catch {
        return [];
    }
}

/** A schema, or a schema per environment (for rules that need the profile's defaults). */
export type StackSchema<S extends z.ZodObject> = S | ((environment: Environment) => S);

/**
 * Reads every `<project>:*` key of the stack's config and validates it against `schema` (a strict zod object),
 * before any resource is registered. Every problem is reported at once, each naming the key, what was wrong and
 * what is allowed; an unknown key is rejected with the nearest valid key suggested. The stack's environment is
 * resolved first (its `environment` key, else its name) and handed to a schema factory. Keys of the providers
 * this library uses (`aws:region`, `aws:regoin`, ...) are checked against the provider's own key list; secret
 * values are never echoed.
 */
export function readStackConfig<S extends z.ZodObject>(schema: StackSchema<S>, options: ReadConfigOptions = {}): z.infer<S> {
    const namespace = options.namespace ?? pulumi.getProject();
    const stack = options.stack ?? pulumi.getStack();
    const stackFile = options.stackFile ?? `Pulumi.${stack}.yaml`;
    const all = options.config ?? pulumi.runtime.allConfig();
    const secretKeys = new Set(options.secretKeys ?? cliSecretKeys());
    const problems: string[] = [];

    const envKey = `${namespace}:${ENVIRONMENT_KEY}`;
    const envProblem = environmentProblem(stack, all[envKey]);
    if (envProblem !== undefined) problems.push(`${envKey}: ${envProblem}`);
    const resolved = typeof schema === "function" ? schema(envProblem === undefined ? environmentFor(stack, all[envKey]) : "dev") : schema;

    const input: Record<string, unknown> = {};
    for (const [fullKey, raw] of Object.entries(all)) {
        const [ns = "", ...rest] = fullKey.split(":");
        const key = rest.join(":");
        if (ns === namespace) {
            input[key] = parseValue(raw, resolved.shape[key] as z.ZodType | undefined);
            if (new RegExp(UNDECRYPTED_SECRET.source.slice(1, -1)).test(raw)) {
                void pulumi.log.info(
                    `${fullKey}: a secure value the offline plan cannot decrypt; its format is checked when the value is known (pulumi preview/up)`,
                );
            }
            continue;
        }
        const providerKeys = PROVIDER_CONFIG_KEYS[ns];
        if (providerKeys === undefined) continue;
        if (!providerKeys.includes(key)) {
            const guess = nearest(key, providerKeys);
            problems.push(`${fullKey}: unknown key of the ${ns} provider${guess ? `; did you mean \`${ns}:${guess}\`?` : ""}`);
        } else {
            const problem = providerValueProblem(fullKey, raw, all);
            if (problem !== undefined) problems.push(`${fullKey}: ${problem}`);
        }
    }
    const result = resolved.safeParse(input);
    // The environment's problem alone decides nothing about the rest: the schema above ran with a stand-in profile.
    if (result.success && problems.length === 0) return result.data;

    for (const issue of result.success ? [] : result.error.issues) {
        if (issue.code === "unrecognized_keys") {
            const allowed = Object.keys(objectAt(resolved, issue.path)?.shape ?? {});
            for (const key of issue.keys) {
                const where = formatPath(namespace, [...issue.path, key]);
                const guess = nearest(key, allowed);
                problems.push(
                    `${where}: unknown key${guess ? `; did you mean \`${formatPath(namespace, [...issue.path, guess])}\`?` : ""} Allowed here: ${allowed.join(", ")}`,
                );
            }
        } else {
            const secret = secretKeys.has(`${namespace}:${String(issue.path[0])}`) || isSecretPath(resolved, issue.path);
            const received = issue.path.reduce<unknown>(
                (v, seg) => (v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[seg] : undefined),
                input,
            );
            const got =
                received === undefined ? "it is missing" : secret ? "got a secret value, not shown" : `got ${JSON.stringify(received)}`;
            problems.push(`${formatPath(namespace, issue.path) || namespace}: ${issue.message} (${got})`);
        }
    }
    const message = `Invalid stack config in ${stackFile}:\n${problems.map((p) => `  - ${p}`).join("\n")}\nFix it with \`pulumi config set <key> <value>\` or by editing ${stackFile}; every key is documented in the README.`;
    throw new StackConfigError(message, problems);
}

/** True when `path` is, or is inside, a {@link secretValue} field of `schema`. */
function isSecretPath(schema: z.ZodType, path: readonly PropertyKey[]): boolean {
    for (let i = path.length; i > 0; i--) {
        const found = schemaAt(schema, path.slice(0, i));
        if (found !== undefined && SECRET_SCHEMAS.has(found)) return true;
    }
    return false;
}
