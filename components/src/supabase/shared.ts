/**
 * Helpers shared by the Supabase providers and resources of this folder; internal (not re-exported by
 * `./provider.ts`).
 *
 * Like `./api.ts`, everything here is a plain function or constant: the provider objects are serialized into the
 * stack's state by Pulumi's closure serializer, which copies each function a provider method calls (and only those)
 * into the serialized code, so nothing here may hold state, clients or anything read at import time.
 */
import type * as pulumi from "@pulumi/pulumi";
import { SUPABASE_REGIONS, type SupabaseResourceKind, isSupabaseRegion } from "./constants";

/** The discriminator as the outputs carry it (optional: resources created before it existed lack it until refreshed). */
export interface Discriminated<K extends SupabaseResourceKind> {
    supabaseResource?: K;
}

/** `pulumi.Input` of every field. */
export type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** Merges `additionalSecretOutputs` into the caller's options. */
export function withSecrets(opts: pulumi.CustomResourceOptions | undefined, secrets: string[]): pulumi.CustomResourceOptions {
    return { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secrets] };
}

export function errorMessage(err: unknown): string {
    return err instanceof Error ? err.message : String(err);
}

/** The `check` failure of an unknown region, or none: a project and a read replica take the same regions. */
export function regionFailures(region: string): pulumi.dynamic.CheckFailure[] {
    return isSupabaseRegion(region)
        ? []
        : [{ property: "region", reason: `unknown region ${JSON.stringify(region)}; allowed: ${SUPABASE_REGIONS.join(", ")}` }];
}

/** Inputs of a resource that configures one setting of a project (PITR, SSL enforcement, network restrictions, Postgres config). */
export interface ProjectSetting {
    projectRef: string;
}

/** The id of a project setting: `<ref>/<kind>`, e.g. `abc…/ssl-enforcement`. */
export function settingId(ref: string, kind: string): string {
    return `${ref}/${kind}`;
}

/** The project ref of a project setting being read: from its state, else from its id (`<ref>/<kind>`). */
export function settingRef(id: string, props: ProjectSetting | undefined): string {
    return props?.projectRef ?? id.split("/")[0] ?? id;
}

/**
 * The diff of a project setting: it is replaced when it moves to another project (`projectRef`), else updated in
 * place when `changed`. `deleteBeforeReplace` is left out of the result when not given (the engine's default, false).
 */
export function settingDiff(
    olds: ProjectSetting,
    news: ProjectSetting,
    changed: boolean,
    deleteBeforeReplace?: boolean,
): Promise<pulumi.dynamic.DiffResult> {
    const replaces = olds.projectRef !== news.projectRef ? ["projectRef"] : [];
    return Promise.resolve({
        changes: replaces.length > 0 || changed,
        replaces,
        ...(deleteBeforeReplace === undefined ? {} : { deleteBeforeReplace }),
    });
}
