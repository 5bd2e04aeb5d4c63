import * as pulumi from "@pulumi/pulumi";

/** The three environments every product runs. Profiles key their defaults by these. */
export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/**
 * The stack names that select a profile by themselves. Only these exact names (in any case): a name such as
 * `prod-eu`, `preprod` or a typo like `prdo` needs the stack's `environment` key, so no stack falls into a
 * profile by accident.
 */
export const ENVIRONMENT_STACK_NAMES: Readonly<Record<string, Environment>> = {
    dev: "dev",
    development: "dev",
    staging: "staging",
    stage: "staging",
    prod: "prod",
    production: "prod",
};

/** The stack config key that sets the environment, in the project's namespace (`<project>:environment`). */
export const ENVIRONMENT_KEY = "environment";

function isEnvironment(value: string): value is Environment {
    return (ENVIRONMENTS as readonly string[]).includes(value);
}

/**
 * What is wrong with a stack's environment, or `undefined` when it resolves: the `environment` key if set
 * (one of dev, staging, prod), otherwise the stack's name (one of {@link ENVIRONMENT_STACK_NAMES}).
 */
export function environmentProblem(stack: string, configured: string | undefined): string | undefined {
    if (configured !== undefined) {
        return isEnvironment(configured) ? undefined : `is ${JSON.stringify(configured)}; allowed: ${ENVIRONMENTS.join(", ")}`;
    }
    if (ENVIRONMENT_STACK_NAMES[stack.toLowerCase()] !== undefined) return undefined;
    return (
        `is not set, and the stack name \`${stack}\` is none of ${Object.keys(ENVIRONMENT_STACK_NAMES).join(", ")}; ` +
        `set the profile this stack takes with \`pulumi config set ${ENVIRONMENT_KEY} <${ENVIRONMENTS.join("|")}> --stack ${stack}\``
    );
}

/** A stack whose environment cannot be told. A `RunError`: the CLI prints the message alone, and nothing is registered. */
export class EnvironmentError extends pulumi.RunError {
    constructor(message: string) {
        super(message);
        this.name = "EnvironmentError";
    }
}

/** The environment of `stack` from its `environment` key (`configured`) or its name; throws {@link EnvironmentError}. */
export function environmentFor(stack: string, configured: string | undefined, key = ENVIRONMENT_KEY): Environment {
    const problem = environmentProblem(stack, configured);
    if (problem !== undefined) throw new EnvironmentError(`Stack \`${stack}\`: ${key} ${problem} (in Pulumi.${stack}.yaml).`);
    if (configured !== undefined && isEnvironment(configured)) return configured;
    return ENVIRONMENT_STACK_NAMES[stack.toLowerCase()] ?? "dev";
}

/**
 * The environment of the running stack, read once from the stack: its `<project>:environment` key, else its name
 * (`dev`, `development`, `staging`, `stage`, `prod`, `production`). Any other stack name without the key is an
 * {@link EnvironmentError} naming the stack: a surprise never picks a profile silently.
 */
export function stackEnvironment(): Environment {
    const stack = pulumi.getStack();
    return environmentFor(stack, new pulumi.Config().get(ENVIRONMENT_KEY), `${pulumi.getProject()}:${ENVIRONMENT_KEY}`);
}

/** The environment a component runs in: `explicit` when given, otherwise the stack's ({@link stackEnvironment}). */
export function resolveEnvironment(explicit?: Environment): Environment {
    return explicit ?? stackEnvironment();
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
