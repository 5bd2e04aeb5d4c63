/**
 * The args of `GcpDatabaseExport` (`./gcp.ts`): the shared export args (`./args.ts`) and Cloud Storage's own
 * (location, archive classes, soft delete, CMEK, the workload identity pool), with the checks of the bucket's
 * placement.
 */
import type * as iam from "@pulumi/gcp/iam";
import type * as kms from "@pulumi/gcp/kms";
import type * as projects from "@pulumi/gcp/projects";
import type * as serviceaccount from "@pulumi/gcp/serviceaccount";
import type * as storage from "@pulumi/gcp/storage";
import type * as pulumi from "@pulumi/pulumi";
import { InvalidArgumentError, type Transform } from "../core";
import { gcpRegion } from "../core/gcp";
import type { ArchiveTiers, DatabaseExportArgs } from "./args";
import type { ExportGithubTransforms } from "./github";

/**
 * Storage classes exports may move to after `archiveAfterDays`, with the minimum days Cloud Storage bills each object
 * for ("Storage classes", https://cloud.google.com/storage/docs/storage-classes, read 2026-12-06: Nearline 30,
 * Coldline 90, Archive 365 days; all three are read in milliseconds, with a per-GB retrieval fee).
 */
export const GCS_ARCHIVE_MINIMUM_DAYS = { NEARLINE: 30, COLDLINE: 90, ARCHIVE: 365 } as const;
export type GcsArchiveClass = keyof typeof GCS_ARCHIVE_MINIMUM_DAYS;

/** Cloud Storage's archive tiers: any class reads in milliseconds, so the drill sets no rule of its own. */
export const GCS_ARCHIVE_TIERS: ArchiveTiers<GcsArchiveClass> = {
    minimumDays: GCS_ARCHIVE_MINIMUM_DAYS,
    fallback: "NEARLINE",
    billedBy: "Cloud Storage",
};

/**
 * Predefined dual-regions ("Bucket locations", https://cloud.google.com/storage/docs/locations, read 2026-12-06):
 * ASIA1 (Tokyo, Osaka), EUR4 (Finland, Netherlands), EUR5 (Belgium, London), EUR7 (Frankfurt, Zurich), EUR8
 * (Zurich, Milan), NAM4 (Iowa, South Carolina). A configurable dual-region is a multi-region code with `dataLocations`.
 */
export const GCS_PREDEFINED_DUAL_REGIONS = ["ASIA1", "EUR4", "EUR5", "EUR7", "EUR8", "NAM4"] as const;
const MULTI_REGIONS = ["US", "EU", "ASIA"] as const;
const REGION = /^[A-Z]+-[A-Z]+[0-9]+$/;
/** Workload identity pool and provider ids: 4-32 of `[a-z0-9-]`, not starting with `gcp-` (IAM API reference). */
const POOL_ID = /^(?!gcp-)[a-z0-9-]{4,32}$/;

export interface GcpDatabaseExportArgs extends DatabaseExportArgs {
    /** Project of the bucket, pool and service accounts. @default the provider's project */
    project?: pulumi.Input<string>;
    /**
     * Bucket location: a region (`US-EAST4`), a predefined dual-region (`NAM4`, …) or a multi-region (`US`, `EU`,
     * `ASIA`; with `dataLocations`, a configurable dual-region). Changing it replaces the bucket (and its exports).
     * @default the provider's region in dev and staging; its multi-region (`US`, `EU` or `ASIA`) in prod
     */
    location?: string;
    /**
     * The two regions of a configurable dual-region, e.g. `["US-EAST1", "US-CENTRAL1"]` with `location: "US"`. Forces replacement.
     * @default none: `location` alone places the bucket
     */
    dataLocations?: [string, string];
    /**
     * Turbo replication (`rpo: "ASYNC_TURBO"`): every object in both regions within 15 minutes, instead of default
     * replication's 99.9 % within an hour and 100 % within 12 hours. Dual-regions only. Cost: a per-GB replication
     * charge on every write (Cloud Storage pricing, "Inter-region replication").
     * @default false
     */
    turboReplication?: boolean;
    /**
     * Cloud KMS key (`projects/…/locations/…/keyRings/…/cryptoKeys/…`) encrypting new objects (CMEK), in the bucket's
     * location. The component grants the project's Cloud Storage service agent encrypt/decrypt on it. Cost: $0.06 per
     * key version a month plus $0.03 per 10,000 operations (Cloud KMS pricing).
     * @default none: Google-managed AES-256 encryption, on for every object
     */
    kmsKeyName?: pulumi.Input<string>;
    /** Days after upload before `daily/` exports move to `archiveStorageClass`. @default none (they stay in Standard) */
    archiveAfterDays?: number;
    /** `NEARLINE` (30-day minimum charge), `COLDLINE` (90) or `ARCHIVE` (365). @default "NEARLINE" */
    archiveStorageClass?: GcsArchiveClass;
    /**
     * Days a deleted or replaced object stays restorable (soft delete): 0, or 7 to 90. Billed as stored while it lasts.
     * @default 7 (Cloud Storage's default)
     */
    softDeleteDays?: number;
    /**
     * Id of an existing workload identity pool of the project to add the GitHub provider to (a project may hold a few
     * pools; a deleted pool's id stays taken for 30 days).
     * @default a new pool, created by this component
     */
    workloadIdentityPoolId?: string;
    /** Edits of the computed args of each kind of child. @default none: each child takes the args the component computed */
    transform?: ExportGithubTransforms & {
        bucket?: Transform<storage.BucketArgs>;
        keyAccess?: Transform<kms.CryptoKeyIAMMemberArgs>;
        api?: Transform<projects.ServiceArgs>;
        pool?: Transform<iam.WorkloadIdentityPoolArgs>;
        poolProvider?: Transform<iam.WorkloadIdentityPoolProviderArgs>;
        serviceAccount?: Transform<serviceaccount.AccountArgs>;
        workloadIdentityUser?: Transform<serviceaccount.IAMMemberArgs>;
        bucketAccess?: Transform<storage.BucketIAMMemberArgs>;
    };
}

/** Where the bucket keeps its objects, as checked. */
export interface GcsPlacement {
    /** Upper-case, as given to Cloud Storage. */
    location: string;
    /** A predefined or configurable dual-region. */
    dualRegion: boolean;
    /** A dual-region or a multi-region (two places far apart): the bucket takes an `rpo`. */
    replicated: boolean;
    softDeleteDays: number;
}

/**
 * Checks Cloud Storage's own args (soft delete, location, data locations, turbo replication, pool id) before any
 * child; `geoRedundant` is the profile's choice for an unset `location`.
 */
export function checkGcsPlacement(component: string, args: GcpDatabaseExportArgs, geoRedundant: boolean): GcsPlacement {
    const softDeleteDays = args.softDeleteDays ?? 7;
    if (!Number.isInteger(softDeleteDays) || (softDeleteDays !== 0 && (softDeleteDays < 7 || softDeleteDays > 90))) {
        throw new InvalidArgumentError(
            component,
            "softDeleteDays",
            `is ${softDeleteDays}`,
            "0 (off) or a whole number of days from 7 to 90 (Cloud Storage's soft delete range)",
        );
    }

    const defaultLocation = geoRedundant ? multiRegionOf(gcpRegion()) : gcpRegion();
    if (args.location === undefined && defaultLocation === undefined) {
        throw new InvalidArgumentError(
            component,
            "location",
            `is unset, and region ${gcpRegion()} belongs to no multi-region`,
            "a dual-region (e.g. NAM4) or a multi-region (US, EU, ASIA) near the database",
        );
    }
    const location = (args.location ?? defaultLocation ?? "").toUpperCase();
    const multiRegion = (MULTI_REGIONS as readonly string[]).includes(location);
    const dualRegion = (GCS_PREDEFINED_DUAL_REGIONS as readonly string[]).includes(location) || args.dataLocations !== undefined;
    if (!REGION.test(location) && !dualRegion && !multiRegion) {
        throw new InvalidArgumentError(
            component,
            "location",
            `is ${JSON.stringify(args.location)}`,
            `a region such as US-EAST4, a dual-region (${GCS_PREDEFINED_DUAL_REGIONS.join(", ")}) or a multi-region (${MULTI_REGIONS.join(", ")})`,
        );
    }
    if (args.dataLocations !== undefined) {
        const [a, b] = args.dataLocations.map((l) => l.toUpperCase());
        if (!multiRegion) {
            throw new InvalidArgumentError(
                component,
                "dataLocations",
                `is set with location ${JSON.stringify(location)}`,
                `location set to the multi-region holding both regions (${MULTI_REGIONS.join(", ")})`,
            );
        }
        if (args.dataLocations.length !== 2 || !REGION.test(a ?? "") || !REGION.test(b ?? "") || a === b) {
            throw new InvalidArgumentError(
                component,
                "dataLocations",
                `is ${JSON.stringify(args.dataLocations)}`,
                'two different regions, e.g. ["US-EAST1", "US-CENTRAL1"]',
            );
        }
    }
    if (args.turboReplication === true && !dualRegion) {
        throw new InvalidArgumentError(
            component,
            "turboReplication",
            `is true with location ${location}`,
            "a dual-region location (turbo replication exists for dual-regions only)",
        );
    }
    if (args.workloadIdentityPoolId !== undefined && !POOL_ID.test(args.workloadIdentityPoolId)) {
        throw new InvalidArgumentError(
            component,
            "workloadIdentityPoolId",
            `is ${JSON.stringify(args.workloadIdentityPoolId)}`,
            "4-32 lower-case letters, digits and hyphens, not starting with gcp-",
        );
    }
    return { location, dualRegion, replicated: dualRegion || multiRegion, softDeleteDays };
}

/** The multi-region a region belongs to (`us-east1` → `US`), if any. */
function multiRegionOf(region: string): string | undefined {
    const r = region.toLowerCase();
    if (r.startsWith("us-")) return "US";
    if (r.startsWith("europe-")) return "EU";
    if (r.startsWith("asia-")) return "ASIA";
    return undefined;
}
