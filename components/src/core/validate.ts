/**
 * An argument a component cannot work with. Thrown from the constructor before any child is registered,
 * naming the component, the argument, what was wrong and what is allowed.
 */
export class InvalidArgumentError extends Error {
    constructor(component: string, arg: string, problem: string, allowed?: string) {
        super(`${component}: \`${arg}\` ${problem}${allowed ? `; allowed: ${allowed}` : ""}`);
        this.name = "InvalidArgumentError";
    }
}

/** Throws {@link InvalidArgumentError} unless `value` is an integer within `[min, max]`. */
export function checkRange(component: string, arg: string, value: number | undefined, min: number, max: number): void {
    if (value === undefined) return;
    if (!Number.isInteger(value) || value < min || value > max) {
        throw new InvalidArgumentError(component, arg, `is ${value}`, `an integer from ${min} to ${max}`);
    }
}

/**
 * One broken rule of a component's args, in terms both of its callers understand: the component throws it as an
 * {@link InvalidArgumentError}, a stack's config schema reports it against the stack file's key. Each rule is written
 * once, as a function returning these.
 */
export interface ArgProblem {
    /** The argument, dotted (`autoscaling.min`). */
    arg: string;
    problem: string;
    allowed?: string;
}

/** Throws the first of `problems` as an {@link InvalidArgumentError} of `component`. */
export function throwFirst(component: string, problems: readonly ArgProblem[]): void {
    const [first] = problems;
    if (first) throw new InvalidArgumentError(component, first.arg, first.problem, first.allowed);
}

/** `min ≤ max`, reported against `minArg`; nothing when either is unset. */
export function orderProblems(minArg: string, min: number | undefined, maxArg: string, max: number | undefined): ArgProblem[] {
    if (min === undefined || max === undefined || min <= max) return [];
    return [{ arg: minArg, problem: `(${min}) is greater than ${maxArg} (${max})`, allowed: `${minArg} <= ${maxArg}` }];
}

/** Throws {@link InvalidArgumentError} (`contains "<value>"`) at the first of `values` (none when undefined) `pattern` does not match. */
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

/** Throws {@link InvalidArgumentError} (`is "<value>"`, allowed: the list) unless `value` is one of `allowed`. */
export function checkOneOf<T extends string>(component: string, arg: string, value: T, allowed: readonly T[]): T {
    if (!allowed.includes(value)) throw new InvalidArgumentError(component, arg, `is ${JSON.stringify(value)}`, allowed.join(", "));
    return value;
}
