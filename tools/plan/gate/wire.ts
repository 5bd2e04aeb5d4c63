/**
 * Property values as the engine marshals them for an analyzer (`MarshalProperties` with KeepUnknowns and
 * KeepSecrets, without KeepResources or KeepOutputValues): secrets stay secret-signature objects, unknowns stay
 * the unknown sentinel, resource references become the referenced resource's ID (custom) or URN (component),
 * output values become their element (wrapped as a secret if secret, the sentinel if unknown). With
 * `skipInternalKeys` (Analyze, AnalyzeStack, provider inputs; not Remediate) keys starting with `__` are dropped.
 */
import { UNKNOWN } from "../values";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

export type WireValue = null | boolean | number | string | WireValue[] | { [key: string]: WireValue };

function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function toAnalyzerValue(value: unknown, skipInternalKeys: boolean): WireValue {
    if (value === null || value === undefined) return null;
    if (typeof value === "string" || typeof value === "boolean") return value;
    if (typeof value === "number") return value;
    if (Array.isArray(value)) return value.map((v) => toAnalyzerValue(v, skipInternalKeys));
    if (!isRecord(value)) return null;
    switch (value[SIG]) {
        case SECRET:
            return { [SIG]: SECRET, value: toAnalyzerValue(value["value"], skipInternalKeys) };
        case RESOURCE: {
            if ("id" in value) {
                const id = value["id"];
                return typeof id === "string" && id !== "" ? id : UNKNOWN;
            }
            return typeof value["urn"] === "string" ? value["urn"] : UNKNOWN;
        }
        case OUTPUT: {
            if (!("value" in value) || value["value"] === undefined) return UNKNOWN;
            const element = toAnalyzerValue(value["value"], skipInternalKeys);
            return value["secret"] === true ? { [SIG]: SECRET, value: element } : element;
        }
        default:
            // Assets and archives keep their signature: the policy SDK turns them into asset objects.
            return toAnalyzerObject(value, skipInternalKeys);
    }
}

export function toAnalyzerObject(value: Record<string, unknown>, skipInternalKeys: boolean): { [key: string]: WireValue } {
    const out: { [key: string]: WireValue } = {};
    for (const [key, item] of Object.entries(value)) {
        if (item === undefined) continue;
        if (skipInternalKeys && key.startsWith("__") && key !== SIG) continue;
        out[key] = toAnalyzerValue(item, skipInternalKeys);
    }
    return out;
}
