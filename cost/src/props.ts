/**
 * The one set of property readers of the cost model and the policy rules (policies/rules/util.ts re-exports them):
 * typed reads over the untyped, JSON-like inputs a plan, a preview document or the analyzer hands us.
 *
 * Two kinds of "unknown" exist, with two names:
 * - `isUnknownPlaceholder(value)` (here): a plain value that stands for an input not known before `pulumi up`, the
 *   string `UNKNOWN_PLACEHOLDER` the budget policy (`toPlain(props, UNKNOWN_PLACEHOLDER)`) and the offline plan put
 *   where the engine had an unknown. `asString` never returns it.
 * - `isUnknownInPreview(read)` (policies/rules/util.ts): whether reading a prop of the analyzer's proxied props throws
 *   the policy SDK's `UnknownValueError`; it needs `@pulumi/policy`, so it lives with the rules.
 */

export type Props = Record<string, unknown>;

/** The plain stand-in for an input that is unknown until `pulumi up` (a preview's computed value). */
export const UNKNOWN_PLACEHOLDER = "[unknown]";

/** True for the plain stand-in of an unknown input (`UNKNOWN_PLACEHOLDER`), not for a missing one. */
export function isUnknownPlaceholder(value: unknown): boolean {
    return value === UNKNOWN_PLACEHOLDER;
}

/** An object (not an array, not null). */
export function isRecord(value: unknown): value is Props {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The object, or undefined when `value` is absent or not an object. */
export function asRecord(value: unknown): Props | undefined {
    return isRecord(value) ? value : undefined;
}

/** Walks `path` into nested objects; `undefined` when a step is missing or not an object. */
export function get(value: unknown, ...path: string[]): unknown {
    let current: unknown = value;
    for (const key of path) {
        if (!isRecord(current)) {
            return undefined;
        }
        current = current[key];
    }
    return current;
}

/** A known, non-empty string: undefined when absent, empty, not a string or the unknown placeholder. */
export function asString(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" && !isUnknownPlaceholder(value) ? value : undefined;
}

/** Numbers, and numeric strings (some providers type amounts as strings, e.g. budgets' `limitAmount`). */
export function asNumber(value: unknown): number | undefined {
    if (typeof value === "number" && Number.isFinite(value)) {
        return value;
    }
    if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) {
        return Number(value);
    }
    return undefined;
}

/** Booleans, and the strings `"true"` / `"false"` (a boolean some providers type as a string). */
export function asBoolean(value: unknown): boolean | undefined {
    if (typeof value === "boolean") return value;
    if (value === "true") return true;
    if (value === "false") return false;
    return undefined;
}

/** The array, or undefined when `value` is absent or not an array (so "absent" and "empty" differ). */
export function asOptionalArray(value: unknown): unknown[] | undefined {
    return Array.isArray(value) ? value : undefined;
}

/** The array, or `[]` when `value` is absent or not an array. */
export function asArray(value: unknown): unknown[] {
    return asOptionalArray(value) ?? [];
}

export function asStringArray(value: unknown): string[] {
    return asArray(value).filter((v): v is string => typeof v === "string");
}

export const readString = (props: unknown, ...path: string[]): string | undefined => asString(get(props, ...path));
export const readNumber = (props: unknown, ...path: string[]): number | undefined => asNumber(get(props, ...path));
export const readBoolean = (props: unknown, ...path: string[]): boolean | undefined => asBoolean(get(props, ...path));
export const readArray = (props: unknown, ...path: string[]): unknown[] => asArray(get(props, ...path));
