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
