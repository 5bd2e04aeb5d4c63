/**
 * "Did you mean" for config keys, shared by the policy pack and the plan's policy-config reader. A module of its
 * own, free of the Pulumi SDK, so that reading a policy config does not load `@pulumi/policy` (about a second).
 */

/** Levenshtein distance, for "did you mean" in config errors. */
export function editDistance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let previous = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const current = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
            previous = current;
        }
    }
    return row[b.length];
}

/** The valid key closest to `key`, when it is close enough to be a typo. */
export function nearestKey(key: string, valid: readonly string[]): string | undefined {
    const ranked = [...valid].sort((x, y) => editDistance(key, x) - editDistance(key, y));
    const best = ranked[0];
    return best !== undefined && editDistance(key, best) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}
