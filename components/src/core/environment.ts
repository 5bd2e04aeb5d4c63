import * as pulumi from "@pulumi/pulumi";

/** The three environments every product runs. Profiles key their defaults by these. */
export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

const ALIASES: Record<string, Environment> = {
    dev: "dev",
    development: "dev",
    staging: "staging",
    stage: "staging",
    prod: "prod",
    production: "prod",
};

/**
 * The environment a component runs in: the explicit value if given, otherwise derived from the stack name
 * (`dev`, `development`, `staging`, `stage`, `prod`, `production`, also as a suffix such as `acme-prod`),
 * otherwise `dev`, the cheapest and least durable profile, so a surprise never costs money.
 */
export function resolveEnvironment(explicit?: Environment): Environment {
    if (explicit) return explicit;
    const stack = pulumi.getStack().toLowerCase();
    const last = stack.split(/[-_.]/).pop() ?? stack;
    return ALIASES[stack] ?? ALIASES[last] ?? "dev";
}

/** A table of defaults per environment. Components declare one and resolve it with {@link profileDefaults}. */
export type Profile<T> = Record<Environment, T>;

/**
 * Merges a component's args over its environment profile: every profile value is a default that an explicit
 * (not `undefined`) arg overrides.
 */
export function profileDefaults<T extends object>(profile: Profile<T>, environment: Environment, args: Partial<T>): T {
    const merged: T = { ...profile[environment] };
    for (const key of Object.keys(args) as (keyof T)[]) {
        const value = args[key];
        if (value !== undefined) merged[key] = value;
    }
    return merged;
}
