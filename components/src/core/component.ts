import * as pulumi from "@pulumi/pulumi";
import { type Environment, resolveEnvironment } from "./environment";
import { type NameKind, physicalName } from "./naming";
import { type Tags, standardTags } from "./tags";
import { type Transform, applyTransform } from "./transform";

/** The package part of every type token this library registers. */
export const PACKAGE = "appstack";

/** Args every component accepts. */
export interface BaseArgs {
    /**
     * The environment profile that sets this component's defaults. Every default it sets can be overridden
     * by the matching arg.
     * @default the stack's: its `environment` config key, else its name (`dev`, `development`, `staging`, `stage`,
     * `prod`, `production`); any other stack name without the key is an error
     */
    environment?: Environment;
    /**
     * Extra tags merged over the standard ones (environment, project, stack, managed-by, component).
     * @default none: the standard tags only
     */
    tags?: Tags;
}

/** Options of stateful children: what keeps their data when the resource leaves the program. */
export interface DataProtection {
    /**
     * Mark stateful children `protect`: `pulumi destroy` and replacements stop with an error until it is lifted.
     * Policy packs see `protect` (they cannot see `retainOnDelete`), so the gate checks this one.
     * @default true in staging and prod, false in dev
     */
    protect?: boolean;
    /**
     * Keep stateful children in the cloud when they are deleted from the program or the stack is destroyed.
     * @default true in staging and prod, false in dev
     */
    retainOnDelete?: boolean;
}

type ResourceCtor<A, R> = new (name: string, args: A, opts?: pulumi.CustomResourceOptions) => R;

/**
 * Base class of every component: type token `appstack:<module>:<Type>`, child names derived from the
 * component's name, physical names within each service's limit, standard tags, environment profile,
 * and per-child transforms. Subclasses create children through {@link child} and call `registerOutputs`
 * last in their constructor.
 */
export abstract class Component extends pulumi.ComponentResource {
    /** The logical name given to the component; every child's name starts with it. */
    public readonly name: string;
    /** The environment whose profile set this component's defaults. */
    public readonly environment: Environment;
    /** Tags applied to every taggable child. */
    public readonly tags: Tags;
    /**
     * The resource options given to the component that the SDK does not pass on by itself. `protect` and providers
     * reach children through `parent`, but `retainOnDelete` and `deletedWith` do not (`@pulumi/pulumi` resource.js
     * copies only `protect` and the providers map from the parent), and a child's explicit `protect: false` would
     * override the inherited one.
     */
    private readonly inherited: Pick<pulumi.CustomResourceOptions, "protect" | "retainOnDelete" | "deletedWith">;

    protected constructor(
        /** `<module>:<Type>`, e.g. `postgres:AwsPostgres`. */
        type: `${string}:${string}`,
        name: string,
        args: BaseArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        // Resolved before registering anything: a stack without a profile fails with nothing registered. The
        // profile is the component's one input, so a preview (and the offline plan) shows which one it took.
        const environment = resolveEnvironment(args.environment);
        super(`${PACKAGE}:${type}`, name, { environment }, opts);
        this.name = name;
        this.inherited = { protect: opts?.protect, retainOnDelete: opts?.retainOnDelete, deletedWith: opts?.deletedWith };
        this.environment = environment;
        this.tags = standardTags(this.environment, name, args.tags);
    }

    /** The logical name of a child: `<component name>-<suffix>`. Never rename a suffix: it would replace the child. */
    protected childName(suffix: string): string {
        return `${this.name}-${suffix}`;
    }

    /** The cloud-side name of a child, `${project}-${stack}-${name}-${suffix}`, cut to the service's limit. */
    protected physicalName(suffix: string, kind: NameKind = "default"): string {
        return physicalName(suffix ? `${this.name}-${suffix}` : this.name, kind);
    }

    /** Creates a child resource named from the component, parented to it, after the user's transform. */
    protected child<A extends object, R extends pulumi.Resource>(
        ctor: ResourceCtor<A, R>,
        suffix: string,
        args: A,
        transform?: Transform<A>,
        opts: pulumi.CustomResourceOptions = {},
    ): R {
        const { retainOnDelete, deletedWith } = this.inherited;
        const inherited: pulumi.CustomResourceOptions = {};
        if (retainOnDelete !== undefined) inherited.retainOnDelete = retainOnDelete;
        if (deletedWith !== undefined) inherited.deletedWith = deletedWith;
        const [name, finalArgs, finalOpts] = applyTransform(transform, this.childName(suffix), args, {
            ...inherited,
            ...opts,
            parent: this,
        });
        return new ctor(name, finalArgs, finalOpts);
    }

    /**
     * Resource options for a child that holds data: the component's {@link DataProtection} args first, then the
     * resource options given to the component itself (`{ protect: true }` protects every stateful child, even in
     * dev), then the environment's default.
     */
    protected dataOptions(args: DataProtection): pulumi.CustomResourceOptions {
        const durable = this.environment !== "dev";
        return {
            protect: args.protect ?? this.inherited.protect ?? durable,
            retainOnDelete: args.retainOnDelete ?? this.inherited.retainOnDelete ?? durable,
        };
    }
}
