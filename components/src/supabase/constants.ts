/**
 * Constants of the Supabase resources: the discriminator input that tells the `pulumi-nodejs:dynamic:Resource`s of
 * this folder apart, and the regions, compute sizes and PITR variants of the Management API, taken from its published
 * OpenAPI document and checked against its generated types with `satisfies` (type-only imports: the runtime of
 * `supabase-management-js` is never loaded).
 */
import type { V1CreateProjectBodyDesiredInstanceSize, V1CreateProjectBodyRegion } from "supabase-management-js";

// ---------------------------------------------------------------------------------------------------------------
// The discriminator input
// ---------------------------------------------------------------------------------------------------------------

/** Name of the constant input that says which Supabase resource a `pulumi-nodejs:dynamic:Resource` is. */
export const SUPABASE_RESOURCE_INPUT = "supabaseResource";

/** Values of {@link SUPABASE_RESOURCE_INPUT}, one per resource class of this folder. */
export const SUPABASE_RESOURCE_KINDS = [
    "project",
    "pitr",
    "ssl-enforcement",
    "network-restrictions",
    "postgres-config",
    "read-replica",
] as const;
export type SupabaseResourceKind = (typeof SUPABASE_RESOURCE_KINDS)[number];

// ---------------------------------------------------------------------------------------------------------------
// Constants taken from the published OpenAPI document (checked against its generated types with `satisfies`).
// ---------------------------------------------------------------------------------------------------------------

/** Regions a project or a read replica can be placed in (`region_selection.code` / `read_replica_region`). */
export const SUPABASE_REGIONS = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ap-east-1",
    "ap-southeast-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-southeast-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-north-1",
    "eu-central-1",
    "eu-central-2",
    "ca-central-1",
    "ap-south-1",
    "sa-east-1",
] as const satisfies readonly V1CreateProjectBodyRegion[];
export type SupabaseRegion = (typeof SUPABASE_REGIONS)[number];

/**
 * Compute sizes in ascending order (`desired_instance_size`). All but `pico` and `nano` are billed as the compute
 * add-on `ci_<size>`; `nano` is the free plan's shared instance.
 */
export const SUPABASE_INSTANCE_SIZES = [
    "pico",
    "nano",
    "micro",
    "small",
    "medium",
    "large",
    "xlarge",
    "2xlarge",
    "4xlarge",
    "8xlarge",
    "12xlarge",
    "16xlarge",
] as const satisfies readonly V1CreateProjectBodyDesiredInstanceSize[];
export type SupabaseInstanceSize = (typeof SUPABASE_INSTANCE_SIZES)[number];

/** Retention (days) of the PITR add-on variants `pitr_7`, `pitr_14`, `pitr_28`. */
export const PITR_RETENTION_DAYS = [7, 14, 28] as const;
export type PitrVariant = `pitr_${(typeof PITR_RETENTION_DAYS)[number]}`;

/** The smallest PITR variant keeping at least `days` of history; undefined when `days` exceeds 28. */
export function pitrVariantFor(days: number): PitrVariant | undefined {
    const found = PITR_RETENTION_DAYS.find((d) => d >= days);
    return found === undefined ? undefined : `pitr_${found}`;
}

export function isSupabaseRegion(value: string): value is SupabaseRegion {
    return (SUPABASE_REGIONS as readonly string[]).includes(value);
}

export function isSupabaseInstanceSize(value: string): value is SupabaseInstanceSize {
    return (SUPABASE_INSTANCE_SIZES as readonly string[]).includes(value);
}

/** Whether `size` is at least `minimum` (both known sizes). */
export function instanceSizeAtLeast(size: string, minimum: SupabaseInstanceSize): boolean {
    const order: readonly string[] = SUPABASE_INSTANCE_SIZES;
    return order.indexOf(size) >= order.indexOf(minimum);
}
