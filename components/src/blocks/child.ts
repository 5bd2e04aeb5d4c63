/**
 * What a building block needs from the component it builds into.
 *
 * Signature: `interface BlockParent { child: ChildFactory; tags: Tags; label: string }`, where `child` is the
 * component's own `child()` bound to it (`this.child.bind(this)`), so every child keeps the component's name
 * prefix, `parent: this`, the inherited `retainOnDelete`/`deletedWith` and the user's transform.
 *
 * Internal: nothing in `components/src/blocks/` is exported from `components/src/index.ts`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Tags, Transform } from "../core";

/** A resource class: `new (name, args, opts)`. */
export type ResourceCtor<A, R> = new (name: string, args: A, opts?: pulumi.CustomResourceOptions) => R;

/** The signature of `Component.child()` (core/component.ts). */
export type ChildFactory = <A extends object, R extends pulumi.Resource>(
    ctor: ResourceCtor<A, R>,
    suffix: string,
    args: A,
    transform?: Transform<A>,
    opts?: pulumi.CustomResourceOptions,
) => R;

/** The component a block builds into. */
export interface BlockParent {
    /** The component's `child()`, bound: `this.child.bind(this)`. */
    child: ChildFactory;
    /** The component's tags, for taggable children. */
    tags: Tags;
    /** Names the component in error messages, e.g. `AwsCdn "web"`. */
    label: string;
}
