/**
 * Converts the Pulumi wire format of property values (as the resource monitor receives them) to plain JSON,
 * the way `pulumi preview --json` shows inputs: secrets are masked, unknowns shown as such, resource
 * references as their URN.
 */
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE = "5cf8f73096256a8f31e491e813e4eb8e";
const ASSET = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE = "0def7320c3a5731c473e5ecbe6d01bc7";
const OUTPUT = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const SECRET_MASK = "[secret]";
export const UNKNOWN_MASK = "[unknown]";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface PlainOptions {
    /** Keep secret values instead of masking them (for the policy analyzer, which sees real values). */
    revealSecrets?: boolean;
}

export function toPlain(value: unknown, opts: PlainOptions = {}): Json {
    if (value === null || value === undefined) return null;
    if (typeof value === "string") return value === UNKNOWN ? UNKNOWN_MASK : value;
    if (typeof value === "number" || typeof value === "boolean") return value;
    if (Array.isArray(value)) return value.map((v) => toPlain(v, opts));
    if (typeof value === "object") {
        const obj = value as Record<string, unknown>;
        switch (obj[SIG]) {
            case SECRET:
                return opts.revealSecrets ? toPlain(obj["value"], opts) : SECRET_MASK;
            case RESOURCE:
                return typeof obj["urn"] === "string" ? obj["urn"] : null;
            case OUTPUT:
                if (obj["secret"] === true && !opts.revealSecrets) return SECRET_MASK;
                return "value" in obj ? toPlain(obj["value"], opts) : UNKNOWN_MASK;
            case ASSET:
            case ARCHIVE: {
                const source = [obj["path"], obj["uri"]].find((v): v is string => typeof v === "string") ?? "inline";
                return `[${obj[SIG] === ASSET ? "asset" : "archive"} ${source}]`;
            }
            default: {
                const out: { [key: string]: Json } = {};
                for (const [k, v] of Object.entries(obj)) out[k] = toPlain(v, opts);
                return out;
            }
        }
    }
    return typeof value === "bigint" ? value.toString() : null;
}

/** Paths (dotted) of every secret value in a wire-format object, so consumers know what was masked. */
export function secretPaths(value: unknown, prefix = ""): string[] {
    if (value === null || typeof value !== "object") return [];
    if (Array.isArray(value)) return value.flatMap((v, i) => secretPaths(v, `${prefix}[${i}]`));
    const obj = value as Record<string, unknown>;
    if (obj[SIG] === SECRET || (obj[SIG] === OUTPUT && obj["secret"] === true)) return [prefix];
    return Object.entries(obj).flatMap(([k, v]) => secretPaths(v, prefix ? `${prefix}.${k}` : k));
}
