import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

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

/** The object schema found at `path` inside `schema`, unwrapping optional/default/nullable wrappers. */
function objectAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodObject | undefined {
    let current: z.ZodType = schema;
    for (let i = 0; ; i++) {
        while (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodNullable) {
            current = current.unwrap() as z.ZodType;
        }
        if (i === path.length) return current instanceof z.ZodObject ? current : undefined;
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

function formatPath(namespace: string, path: readonly PropertyKey[]): string {
    return path.reduce<string>((acc, seg) => (typeof seg === "number" ? `${acc}[${seg}]` : acc ? `${acc}.${String(seg)}` : `${namespace}:${String(seg)}`), "");
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
    /** Stack file named in errors. @default `Pulumi.<stack>.yaml` */
    stackFile?: string;
    /** Config as `namespace:key` → raw string. @default the stack's config (`pulumi.runtime.allConfig()`) */
    config?: Record<string, string>;
}

/**
 * Reads every `<project>:*` key of the stack's config and validates it against `schema` (a strict zod object),
 * before any resource is registered. Every problem is reported at once, each naming the key, what was wrong and
 * what is allowed; an unknown key is rejected with the nearest valid key suggested. Keys of other namespaces
 * (`aws:region`, ...) belong to their providers and are left alone.
 */
export function readStackConfig<S extends z.ZodObject>(schema: S, options: ReadConfigOptions = {}): z.infer<S> {
    const namespace = options.namespace ?? pulumi.getProject();
    const stackFile = options.stackFile ?? `Pulumi.${pulumi.getStack()}.yaml`;
    const all = options.config ?? pulumi.runtime.allConfig();
    const input: Record<string, unknown> = {};
    for (const [fullKey, raw] of Object.entries(all)) {
        if (!fullKey.startsWith(`${namespace}:`)) continue;
        const key = fullKey.slice(namespace.length + 1);
        input[key] = parseValue(raw, schema.shape[key] as z.ZodType | undefined);
    }
    const result = schema.safeParse(input);
    if (result.success) return result.data;

    const problems: string[] = [];
    for (const issue of result.error.issues) {
        if (issue.code === "unrecognized_keys") {
            const allowed = Object.keys(objectAt(schema, issue.path)?.shape ?? {});
            for (const key of issue.keys) {
                const where = formatPath(namespace, [...issue.path, key]);
                const guess = nearest(key, allowed);
                problems.push(`${where}: unknown key${guess ? `; did you mean \`${formatPath(namespace, [...issue.path, guess])}\`?` : ""} Allowed here: ${allowed.join(", ")}`);
            }
        } else {
            const received = issue.path.reduce<unknown>((v, seg) => (v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[seg] : undefined), input);
            const got = received === undefined ? "it is missing" : `got ${JSON.stringify(received)}`;
            problems.push(`${formatPath(namespace, issue.path) || namespace}: ${issue.message} (${got})`);
        }
    }
    const message = `Invalid stack config in ${stackFile}:\n${problems.map((p) => `  - ${p}`).join("\n")}\nFix it with \`pulumi config set <key> <value>\` or by editing ${stackFile}; every key is documented in the README.`;
    throw new StackConfigError(message, problems);
}
