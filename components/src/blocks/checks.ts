/**
 * Argument checks more than one capability writes the same way.
 *
 * Signature: `checkEachMatches(component, arg, values, pattern, allowed): void`, throwing `InvalidArgumentError`
 * (`contains "<value>"`, allowed: `allowed`) at the first value `pattern` does not match.
 *
 * Used by `SupabasePostgres` (`allowedCidrs`, `allowedCidrsV6`) and `GcpSecrets` (`rotation.emails`). Internal: not
 * exported from `components/src/index.ts`.
 */
import { InvalidArgumentError } from "../core";

/** Throws at the first of `values` (none when undefined) that `pattern` does not match, quoting it. */
export function checkEachMatches(
    component: string,
    arg: string,
    values: readonly string[] | undefined,
    pattern: RegExp,
    allowed: string,
): void {
    for (const value of values ?? []) {
        if (!pattern.test(value)) throw new InvalidArgumentError(component, arg, `contains ${JSON.stringify(value)}`, allowed);
    }
}
