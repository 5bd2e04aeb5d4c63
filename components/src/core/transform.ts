import type * as pulumi from "@pulumi/pulumi";

/**
 * The escape hatch to reach any property of a child resource without forking the component.
 *
 * - an object: shallow-merged over the args the component computed;
 * - a function: receives the computed args and options and may edit them in place or return new ones.
 */
export type Transform<Args, Opts extends pulumi.ResourceOptions = pulumi.CustomResourceOptions> =
    Partial<Args> | ((args: Args, opts: Opts, name: string) => void | { args?: Args; opts?: Opts });

/** Applies a {@link Transform} and returns the `[name, args, opts]` triple for the child's constructor. */
export function applyTransform<Args extends object, Opts extends pulumi.ResourceOptions>(
    transform: Transform<Args, Opts> | undefined,
    name: string,
    args: Args,
    opts: Opts,
): [string, Args, Opts] {
    if (transform === undefined) return [name, args, opts];
    if (typeof transform === "function") {
        const result = transform(args, opts, name);
        return [name, result?.args ?? args, result?.opts ?? opts];
    }
    return [name, { ...args, ...transform }, opts];
}
