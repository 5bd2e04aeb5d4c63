import type * as github from "@pulumi/github";
import * as iam from "@pulumi/gcp/iam";
import * as kms from "@pulumi/gcp/kms";
import * as projects from "@pulumi/gcp/projects";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import * as storage from "@pulumi/gcp/storage";
import type * as inputs from "@pulumi/gcp/types/input";
import * as pulumi from "@pulumi/pulumi";
import {
    type BaseArgs,
    checkRange,
    Component,
    cutName,
    type DataProtection,
    InvalidArgumentError,
    type Profile,
    profileDefaults,
    type Transform,
} from "../core";
import { gcpLabels, gcpProject, gcpRegion } from "../core/gcp";
import { pinned } from "../mobile/pins";
import { toYaml } from "../mobile/workflows";
import { exportGithubSide } from "./github";
import {
    type ExportStore,
    checkArchiveClass,
    checkExportSchedule,
    checkRestoreDrill,
    databaseExportWorkflow,
    databaseRestoreWorkflow,
} from "./workflows";

const COMPONENT = "GcpDatabaseExport";

/**
 * Storage classes exports may move to after `archiveAfterDays`, with the minimum days Cloud Storage bills each object
 * for ("Storage classes", https://cloud.google.com/storage/docs/storage-classes, read 2026-12-06: Nearline 30,
 * Coldline 90, Archive 365 days; all three are read in milliseconds, with a per-GB retrieval fee).
 */
export const GCS_ARCHIVE_MINIMUM_DAYS = { NEARLINE: 30, COLDLINE: 90, ARCHIVE: 365 } as const;
export type GcsArchiveClass = keyof typeof GCS_ARCHIVE_MINIMUM_DAYS;

/**
 * Predefined dual-regions ("Bucket locations", https://cloud.google.com/storage/docs/locations, read 2026-12-06):
 * ASIA1 (Tokyo, Osaka), EUR4 (Finland, Netherlands), EUR5 (Belgium, London), EUR7 (Frankfurt, Zurich), EUR8
 * (Zurich, Milan), NAM4 (Iowa, South Carolina). A configurable dual-region is a multi-region code with `dataLocations`.
 */
export const GCS_PREDEFINED_DUAL_REGIONS = ["ASIA1", "EUR4", "EUR5", "EUR7", "EUR8", "NAM4"] as const;
const MULTI_REGIONS = ["US", "EU", "ASIA"] as const;
const REGION = /^[A-Z]+-[A-Z]+[0-9]+$/;

/** GitHub's OIDC issuer (the `iss` of every Actions token). */
const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
/** Workload identity pool and provider ids: 4-32 of `[a-z0-9-]`, not starting with `gcp-` (IAM API reference). */
const POOL_ID = /^(?!gcp-)[a-z0-9-]{4,32}$/;
const DAY_SECONDS = 86_400;

interface ExportProfile {
    retentionDays: number;
    /** Where the bucket lives when `location` is unset: the stack's region, or in prod its multi-region. */
    geoRedundant: boolean;
}

/** TechMate keeps 30 days (seeds/003 "Retention: 30 days"); prod is stored in two places far apart by default. */
const PROFILE: Profile<ExportProfile> = {
    dev: { retentionDays: 7, geoRedundant: false },
    staging: { retentionDays: 30, geoRedundant: false },
    prod: { retentionDays: 30, geoRedundant: true },
};

export interface GcpDatabaseExportArgs extends BaseArgs, DataProtection {
    /**
     * libpq connection string of the database, e.g. Supabase's session pooler
     * `postgresql://postgres.<ref>:<password>@<pooler host>:5432/postgres?sslmode=require` (not the transaction pooler on
     * 6543, which `pg_dump` cannot use). Sent only as a GitHub environment secret (`DATABASE_URL`), always as a Pulumi
     * secret; the dump runs with `PGSSLMODE=require`.
     */
    connectionString: pulumi.Input<string>;
    /** Major version of the server; `pg_dump` runs from `postgres:<major>`, which must not be older. Changing it changes the workflows only. */
    postgresVersion: number;
    /** `owner/name` of the existing repository that runs the workflows; its owner must be the GitHub provider's `owner`. */
    repository: string;
    /** Branch the workflow files are committed to, and the only branch the environments admit. @default "main" */
    branch?: string;
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
    /** Cron (UTC) of the exports kept `retentionDays`, under `daily/`. @default "17 3 * * *" */
    schedule?: string;
    /** Cron (UTC) of extra exports under `frequent/`, kept `frequentRetentionDays` in Standard. @default none */
    frequentSchedule?: string;
    /** Days a `frequent/` export is kept. @default 2 */
    frequentRetentionDays?: number;
    /** Days a `daily/` export is kept. @default 7 in dev, 30 in staging and prod */
    retentionDays?: number;
    /** Days after upload before `daily/` exports move to `archiveStorageClass`. @default none (they stay in Standard) */
    archiveAfterDays?: number;
    /** `NEARLINE` (30-day minimum charge), `COLDLINE` (90) or `ARCHIVE` (365). @default "NEARLINE" */
    archiveStorageClass?: GcsArchiveClass;
    /**
     * Days a deleted or replaced object stays restorable (soft delete): 0, or 7 to 90. Billed as stored while it lasts.
     * @default 7 (Cloud Storage's default)
     */
    softDeleteDays?: number;
    /** Schemas to dump; empty dumps the whole database. @default [] */
    schemas?: string[];
    /** Cron (UTC) of the restore drill. @default "41 4 * * 1" (Mondays 04:41 UTC) */
    restoreSchedule?: string;
    /** Image of the throwaway database the drill restores into (Supabase: `supabase/postgres:<version>`). @default `postgres:<postgresVersion>` */
    restoreImage?: string;
    /** Superuser of `restoreImage` (Supabase: `supabase_admin`). @default "postgres" */
    restoreUser?: string;
    /** SQL returning one boolean, true when the restored data looks right. @default at least one table outside the system schemas */
    checkQuery?: string;
    /** The drill fails when the newest export is older than this many hours. @default 26 */
    maxExportAgeHours?: number;
    /**
     * Id of an existing workload identity pool of the project to add the GitHub provider to (a project may hold a few
     * pools; a deleted pool's id stays taken for 30 days).
     * @default a new pool, created by this component
     */
    workloadIdentityPoolId?: string;
    /** @default 60 */
    timeoutMinutes?: number;
    /** Edits of the computed args of each kind of child. @default none: each child takes the args the component computed */
    transform?: {
        bucket?: Transform<storage.BucketArgs>;
        keyAccess?: Transform<kms.CryptoKeyIAMMemberArgs>;
        api?: Transform<projects.ServiceArgs>;
        pool?: Transform<iam.WorkloadIdentityPoolArgs>;
        poolProvider?: Transform<iam.WorkloadIdentityPoolProviderArgs>;
        serviceAccount?: Transform<serviceaccount.AccountArgs>;
        workloadIdentityUser?: Transform<serviceaccount.IAMMemberArgs>;
        bucketAccess?: Transform<storage.BucketIAMMemberArgs>;
        environment?: Transform<github.RepositoryEnvironmentArgs>;
        deploymentPolicy?: Transform<github.RepositoryEnvironmentDeploymentPolicyArgs>;
        secret?: Transform<github.ActionsEnvironmentSecretArgs>;
        variable?: Transform<github.ActionsEnvironmentVariableArgs>;
        file?: Transform<github.RepositoryFileArgs>;
    };
}

/** An object name as one URL path segment (`/` → `%2F`), as the JSON API wants it. */
const URI = "$(jq -rn --arg k \"$KEY\" '$k|@uri')";

/**
 * The Cloud Storage side of the generated workflows: google-github-actions/auth exchanges the job's OIDC token for
 * an access token of one service account (Workload Identity Federation), and plain `curl` calls of the JSON API do the
 * rest. Not `gcloud storage cp`: like `gsutil cp`, a copy to a prefixed name may first list the bucket
 * (GoogleCloudPlatform/gsutil#546), which a create-only identity may not.
 */
const GCS_STORE: ExportStore = {
    credentialsSteps: (purpose) => [
        {
            name: "Google Cloud credentials (Workload Identity Federation)",
            id: "gcp-auth",
            uses: pinned("google-github-actions/auth"),
            with: {
                workload_identity_provider: "${{ vars.DB_EXPORT_WORKLOAD_IDENTITY_PROVIDER }}",
                service_account: `\${{ vars.${purpose === "export" ? "DB_EXPORT_SERVICE_ACCOUNT" : "DB_RESTORE_SERVICE_ACCOUNT"} }}`,
                token_format: "access_token",
                access_token_lifetime: "3600s",
                create_credentials_file: false,
            },
        },
    ],
    env: { BUCKET: "${{ vars.DB_EXPORT_BUCKET }}", ACCESS_TOKEN: "${{ steps.gcp-auth.outputs.access_token }}" },
    // ifGenerationMatch=0: create only, never replace an existing export.
    upload: [
        'curl --fail-with-body -sS -X POST -T "$DUMP_FILE" -H "Authorization: Bearer $ACCESS_TOKEN" -H "Content-Type: application/octet-stream" \\',
        `  "https://storage.googleapis.com/upload/storage/v1/b/$BUCKET/o?uploadType=media&ifGenerationMatch=0&name=${URI}" > /dev/null`,
    ].join("\n"),
    findLatest: [
        'newest=""; page_token=""',
        "while :; do",
        '  page=$(curl --fail-with-body -sS -H "Authorization: Bearer $ACCESS_TOKEN" \\',
        '    "https://storage.googleapis.com/storage/v1/b/$BUCKET/o?fields=items(name,updated),nextPageToken&maxResults=1000${page_token:+&pageToken=$page_token}")',
        '  newest=$( { [ -n "$newest" ] && echo "$newest"; echo "$page" | jq -r \'.items[]? | "\\(.updated) \\(.name)"\'; } | sort | tail -n 1)',
        "  page_token=$(echo \"$page\" | jq -r '.nextPageToken // empty')",
        '  [ -z "$page_token" ] && break',
        "done",
        'read -r MODIFIED KEY <<< "$newest" || true',
    ].join("\n"),
    download: `curl --fail-with-body -sS -o "$DUMP_FILE" -H "Authorization: Bearer $ACCESS_TOKEN" "https://storage.googleapis.com/storage/v1/b/$BUCKET/o/${URI}?alt=media"`,
    location: "gs://$BUCKET/$KEY",
};

/**
 * Scheduled logical exports of a Postgres database (Supabase, or anything reachable over its connection string) into
 * Cloud Storage, with a restore drill that proves the newest dump loads: the Google Cloud twin of `AwsDatabaseExport`,
 * with the same generated workflows (`./workflows.ts`) and GitHub side (`./github.ts`).
 *
 * **Scheduler: a GitHub Actions schedule**, not a Cloud Run job with Cloud Scheduler. The database is Supabase, reached
 * over the internet, so the job needs no VPC; the products already run their CI on GitHub Actions; a runner has
 * Docker for `postgres:<major>`'s `pg_dump` and a throwaway Postgres for the drill (a Cloud Run job would need an image
 * of our own, a second scheduler, and a Secret Manager secret for the connection string). GitHub's OIDC token becomes
 * a one-hour access token through Workload Identity Federation, so no service-account key exists. The price: GitHub
 * may delay a scheduled run under load or drop one; the drill fails when the newest export is older than `maxExportAgeHours`.
 *
 * **Geography: one bucket in a dual-region or multi-region location**, not a second bucket. Cloud Storage keeps such a
 * bucket's objects in two places far apart and serves them from either after a regional outage, with no copy job of
 * ours ("Data availability and durability", https://cloud.google.com/storage/docs/availability-durability, read
 * 2026-12-06); copying between two regional buckets would need Storage Transfer Service's event-driven transfers and a
 * Pub/Sub topic. Default replication copies 99.9 % of new objects within an hour (100 % within 12 h); `turboReplication`
 * makes it 15 minutes for dual-regions.
 *
 * - Bucket: uniform bucket-level access, public access prevention enforced, versioned, soft delete (`softDeleteDays`),
 *   Google-managed or CMEK (`kmsKeyName`) encryption; lifecycle: `daily/` → `archiveStorageClass` after
 *   `archiveAfterDays`, deleted after `retentionDays`; `frequent/` deleted after `frequentRetentionDays`; replaced
 *   versions deleted 7 days after they become noncurrent; unfinished multipart uploads aborted after a day.
 * - IAM: a pool with a GitHub provider whose attribute condition admits `repository` only; two service accounts, each
 *   impersonable by exactly one GitHub environment of it (`principal://…/subject/repo:<owner>/<name>:environment:<env>`).
 *   The export account may only create objects under `daily/` and `frequent/` (an IAM condition on the bucket): it can
 *   neither read, overwrite nor delete a dump. The restore account may only list and read.
 * - GitHub: environments `<name>-<env>` (secret `DATABASE_URL`) and `<name>-<env>-restore` (no secret), each admitting
 *   `branch` only, and the two workflow files committed to it.
 *
 * Restore by hand: `gcloud storage cp gs://<bucket>/<key> db.dump`, then
 * `pg_restore --no-owner --no-privileges --dbname=<target> db.dump` (any class reads in milliseconds; Nearline, Coldline
 * and Archive add a per-GB retrieval fee). An export deleted by mistake stays restorable for `softDeleteDays`
 * (`gcloud storage restore gs://<bucket>/<key>#<generation>`).
 *
 * Cost: the kept dumps (count × size × the class's price; dual-region and multi-region storage cost more than a
 * region, plus a per-GB replication charge on writes), operations (a few per run), and GitHub Actions minutes (whole
 * minutes per run) beyond the plan's included minutes. The pool, provider and service accounts are free.
 */
export class GcpDatabaseExport extends Component {
    public readonly bucketName: pulumi.Output<string>;
    /** Where the bucket keeps its objects, as given to Cloud Storage. */
    public readonly location: string;
    /** The two regions of a configurable dual-region, when set. */
    public readonly dataLocations?: [string, string];
    public readonly exportServiceAccount: pulumi.Output<string>;
    public readonly restoreServiceAccount: pulumi.Output<string>;
    /** Full name of the workload identity provider the workflows authenticate with. */
    public readonly workloadIdentityProvider: pulumi.Output<string>;
    /** The GitHub environment holding `DATABASE_URL`. */
    public readonly exportEnvironment: string;
    public readonly schedules: { schedule: string; frequentSchedule?: string; restoreSchedule: string };
    public readonly retentionDays: number;
    /** Generated workflow contents by repository path (what is committed). */
    public readonly files: Record<string, string>;

    constructor(name: string, args: GcpDatabaseExportArgs, opts?: pulumi.ComponentResourceOptions) {
        super("backup:GcpDatabaseExport", name, args, opts);

        // ---- validation, before any child ----
        const { owner, repository, branch, schedule, frequentRetentionDays, restoreSchedule } = checkExportSchedule(COMPONENT, args);
        const p = profileDefaults(PROFILE, this.environment, { retentionDays: args.retentionDays });
        checkRange(COMPONENT, "retentionDays", p.retentionDays, 1, 36_500);
        const { archiveStorageClass, archiveAfterDays } = checkArchiveClass(COMPONENT, args, GCS_ARCHIVE_MINIMUM_DAYS, "NEARLINE");
        if (archiveAfterDays !== undefined) {
            // Counted from the move, as S3 does: the stricter reading, so no object is ever billed past its expiry.
            const minimum = GCS_ARCHIVE_MINIMUM_DAYS[archiveStorageClass];
            if (p.retentionDays - archiveAfterDays < minimum) {
                throw new InvalidArgumentError(
                    COMPONENT,
                    "retentionDays",
                    `is ${p.retentionDays}: exports would leave ${archiveStorageClass} after ${p.retentionDays - archiveAfterDays} days, and Cloud Storage bills every object there for ${minimum}`,
                    `at least archiveAfterDays + ${minimum}, or another archiveStorageClass`,
                );
            }
        }
        const softDeleteDays = args.softDeleteDays ?? 7;
        if (!Number.isInteger(softDeleteDays) || (softDeleteDays !== 0 && (softDeleteDays < 7 || softDeleteDays > 90))) {
            throw new InvalidArgumentError(
                COMPONENT,
                "softDeleteDays",
                `is ${softDeleteDays}`,
                "0 (off) or a whole number of days from 7 to 90 (Cloud Storage's soft delete range)",
            );
        }

        const defaultLocation = p.geoRedundant ? multiRegionOf(gcpRegion()) : gcpRegion();
        if (args.location === undefined && defaultLocation === undefined) {
            throw new InvalidArgumentError(
                COMPONENT,
                "location",
                `is unset, and region ${gcpRegion()} belongs to no multi-region`,
                "a dual-region (e.g. NAM4) or a multi-region (US, EU, ASIA) near the database",
            );
        }
        const location = (args.location ?? defaultLocation ?? "").toUpperCase();
        const dualRegion = (GCS_PREDEFINED_DUAL_REGIONS as readonly string[]).includes(location) || args.dataLocations !== undefined;
        if (!REGION.test(location) && !dualRegion && !(MULTI_REGIONS as readonly string[]).includes(location)) {
            throw new InvalidArgumentError(
                COMPONENT,
                "location",
                `is ${JSON.stringify(args.location)}`,
                `a region such as US-EAST4, a dual-region (${GCS_PREDEFINED_DUAL_REGIONS.join(", ")}) or a multi-region (${MULTI_REGIONS.join(", ")})`,
            );
        }
        if (args.dataLocations !== undefined) {
            const [a, b] = args.dataLocations.map((l) => l.toUpperCase());
            if (!(MULTI_REGIONS as readonly string[]).includes(location)) {
                throw new InvalidArgumentError(
                    COMPONENT,
                    "dataLocations",
                    `is set with location ${JSON.stringify(location)}`,
                    `location set to the multi-region holding both regions (${MULTI_REGIONS.join(", ")})`,
                );
            }
            if (args.dataLocations.length !== 2 || !REGION.test(a ?? "") || !REGION.test(b ?? "") || a === b) {
                throw new InvalidArgumentError(
                    COMPONENT,
                    "dataLocations",
                    `is ${JSON.stringify(args.dataLocations)}`,
                    'two different regions, e.g. ["US-EAST1", "US-CENTRAL1"]',
                );
            }
        }
        if (args.turboReplication === true && !dualRegion) {
            throw new InvalidArgumentError(
                COMPONENT,
                "turboReplication",
                `is true with location ${location}`,
                "a dual-region location (turbo replication exists for dual-regions only)",
            );
        }
        if (args.workloadIdentityPoolId !== undefined && !POOL_ID.test(args.workloadIdentityPoolId)) {
            throw new InvalidArgumentError(
                COMPONENT,
                "workloadIdentityPoolId",
                `is ${JSON.stringify(args.workloadIdentityPoolId)}`,
                "4-32 lower-case letters, digits and hyphens, not starting with gcp-",
            );
        }
        const { schemas, restoreImage, restoreUser, checkQuery, maxExportAgeHours, timeoutMinutes } = checkRestoreDrill(COMPONENT, args);
        const t = args.transform ?? {};

        const exportEnvironment = `${name}-${this.environment}`;
        const restoreEnvironment = `${exportEnvironment}-restore`;
        const exportPath = `.github/workflows/${exportEnvironment}.yml`;
        const restorePath = `.github/workflows/${restoreEnvironment}.yml`;
        const header = "Generated by @appstack/components (backup/gcp.ts). Edit the Pulumi program, not this file.";
        const files: Record<string, string> = {
            [exportPath]: toYaml(
                databaseExportWorkflow({
                    name: `Database export (${this.environment})`,
                    environment: exportEnvironment,
                    schedule,
                    frequentSchedule: args.frequentSchedule,
                    postgresVersion: args.postgresVersion,
                    schemas,
                    timeoutMinutes,
                    store: GCS_STORE,
                }),
                header,
            ),
            [restorePath]: toYaml(
                databaseRestoreWorkflow({
                    name: `Database restore drill (${this.environment})`,
                    environment: restoreEnvironment,
                    schedule: restoreSchedule,
                    postgresVersion: args.postgresVersion,
                    restoreImage,
                    restoreUser,
                    checkQuery,
                    maxAgeHours: maxExportAgeHours,
                    timeoutMinutes,
                    store: GCS_STORE,
                }),
                header,
            ),
        };

        // ---- bucket ----
        const project = gcpProject(this, args.project);
        const labels = gcpLabels(this.tags);
        const keyAccess =
            args.kmsKeyName !== undefined
                ? this.child(
                      kms.CryptoKeyIAMMember,
                      "key-access",
                      {
                          cryptoKeyId: args.kmsKeyName,
                          role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
                          // The project's Cloud Storage service agent encrypts and decrypts with the key ("Service agents").
                          member: pulumi.interpolate`serviceAccount:service-${project.number}@gs-project-accounts.iam.gserviceaccount.com`,
                      },
                      t.keyAccess,
                  )
                : undefined;
        const dailyRules: inputs.storage.BucketLifecycleRule[] = [
            ...(archiveAfterDays !== undefined
                ? [
                      {
                          action: { type: "SetStorageClass", storageClass: archiveStorageClass },
                          // sendAgeIfZero: the provider drops `age: 0` otherwise, and the rule would match every object at once anyway.
                          condition: {
                              age: archiveAfterDays,
                              sendAgeIfZero: true,
                              matchesPrefixes: ["daily/"],
                              matchesStorageClasses: ["STANDARD"],
                          },
                      },
                  ]
                : []),
            { action: { type: "Delete" }, condition: { age: p.retentionDays, matchesPrefixes: ["daily/"] } },
        ];
        const lifecycleRules: inputs.storage.BucketLifecycleRule[] = [
            ...dailyRules,
            ...(args.frequentSchedule !== undefined
                ? [{ action: { type: "Delete" }, condition: { age: frequentRetentionDays, matchesPrefixes: ["frequent/"] } }]
                : []),
            // Versioning keeps a replaced or deleted object as noncurrent: purge those after 7 days.
            { action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: 7, withState: "ARCHIVED" } },
            { action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: 1 } },
        ];
        const bucket = this.child(
            storage.Bucket,
            "archive",
            {
                project: project.id,
                name: this.physicalName("archive", "bucket"),
                location,
                ...(args.dataLocations !== undefined
                    ? { customPlacementConfig: { dataLocations: args.dataLocations.map((l) => l.toUpperCase()) } }
                    : {}),
                ...(dualRegion || (MULTI_REGIONS as readonly string[]).includes(location)
                    ? { rpo: args.turboReplication === true ? "ASYNC_TURBO" : "DEFAULT" }
                    : {}),
                storageClass: "STANDARD",
                uniformBucketLevelAccess: true,
                publicAccessPrevention: "enforced",
                versioning: { enabled: true },
                softDeletePolicy: { retentionDurationSeconds: softDeleteDays * DAY_SECONDS },
                lifecycleRules,
                ...(args.kmsKeyName !== undefined ? { encryption: { defaultKmsKeyName: args.kmsKeyName } } : {}),
                forceDestroy: false,
                labels,
            },
            t.bucket,
            { ...this.dataOptions(args), ...(keyAccess ? { dependsOn: [keyAccess] } : {}) },
        );

        // ---- Workload Identity Federation: GitHub's OIDC token, one service account per environment ----
        // The APIs the token exchange needs (STS, IAM credentials); never disabled on destroy: other workloads may use them.
        const apis = ["iam.googleapis.com", "iamcredentials.googleapis.com", "sts.googleapis.com"].map((service) =>
            this.child(
                projects.Service,
                `api-${service.split(".")[0]}`,
                { project: project.id, service, disableOnDestroy: false, disableDependentServices: false },
                t.api,
            ),
        );
        const poolId =
            args.workloadIdentityPoolId ??
            this.child(
                iam.WorkloadIdentityPool,
                "pool",
                {
                    project: project.id,
                    workloadIdentityPoolId: poolIdOf(this.physicalName("github")),
                    displayName: cutName(`GitHub ${name} ${this.environment}`, 32),
                    description: `GitHub Actions of ${args.repository} (database exports)`,
                },
                t.pool,
                { dependsOn: apis },
            ).workloadIdentityPoolId;
        const provider = this.child(
            iam.WorkloadIdentityPoolProvider,
            "pool-provider",
            {
                project: project.id,
                workloadIdentityPoolId: poolId,
                workloadIdentityPoolProviderId: poolIdOf(`${name}-${this.environment}`),
                displayName: cutName(`GitHub ${args.repository}`, 32),
                oidc: { issuerUri: GITHUB_ISSUER },
                attributeMapping: {
                    "google.subject": "assertion.sub",
                    "attribute.repository": "assertion.repository",
                    "attribute.repository_owner": "assertion.repository_owner",
                    "attribute.environment": "assertion.environment",
                },
                // GitHub's issuer is shared by every repository on github.com: admit this one only.
                attributeCondition: `assertion.repository == '${owner}/${repository}'`,
            },
            t.poolProvider,
            { dependsOn: apis },
        );
        const bucketPrefix = (prefix: string) =>
            pulumi.interpolate`resource.name.startsWith("projects/_/buckets/${bucket.name}/objects/${prefix}/")`;
        const githubAccount = (suffix: string, environment: string, description: string) => {
            const account = this.child(
                serviceaccount.Account,
                `${suffix}-sa`,
                {
                    project: project.id,
                    accountId: cutName(this.physicalName(suffix), 30),
                    displayName: cutName(description, 100),
                    description,
                },
                t.serviceAccount,
            );
            this.child(
                serviceaccount.IAMMember,
                `${suffix}-wif-user`,
                {
                    serviceAccountId: account.name,
                    role: "roles/iam.workloadIdentityUser",
                    member: pulumi.interpolate`principal://iam.googleapis.com/projects/${project.number}/locations/global/workloadIdentityPools/${poolId}/subject/repo:${owner}/${repository}:environment:${environment}`,
                },
                t.workloadIdentityUser,
            );
            return account;
        };
        const exportAccount = githubAccount(
            "export",
            exportEnvironment,
            `GitHub Actions (${args.repository}, ${exportEnvironment}) uploads database exports`,
        );
        const restoreAccount = githubAccount(
            "restore",
            restoreEnvironment,
            `GitHub Actions (${args.repository}, ${restoreEnvironment}) reads database exports`,
        );
        this.child(
            storage.BucketIAMMember,
            "export-access",
            {
                bucket: bucket.name,
                role: "roles/storage.objectCreator",
                member: pulumi.interpolate`serviceAccount:${exportAccount.email}`,
                condition: {
                    title: "export-prefixes-only",
                    description: "Create objects under daily/ and frequent/ only",
                    expression: pulumi.interpolate`${bucketPrefix("daily")} || ${bucketPrefix("frequent")}`,
                },
            },
            t.bucketAccess,
        );
        this.child(
            storage.BucketIAMMember,
            "restore-access",
            { bucket: bucket.name, role: "roles/storage.objectViewer", member: pulumi.interpolate`serviceAccount:${restoreAccount.email}` },
            t.bucketAccess,
        );

        // ---- GitHub: environments admitting `branch` only, the secret, the variables, the files ----
        const common = { DB_EXPORT_BUCKET: bucket.name, DB_EXPORT_WORKLOAD_IDENTITY_PROVIDER: provider.name };
        exportGithubSide((ctor, suffix, childArgs, transform, childOpts) => this.child(ctor, suffix, childArgs, transform, childOpts), {
            repository,
            branch,
            exportEnvironment,
            restoreEnvironment,
            exportVariables: { ...common, DB_EXPORT_SERVICE_ACCOUNT: exportAccount.email },
            restoreVariables: { ...common, DB_RESTORE_SERVICE_ACCOUNT: restoreAccount.email },
            connectionString: args.connectionString,
            files,
            exportPath,
            transform: t,
        });

        this.bucketName = bucket.name;
        this.location = location;
        this.dataLocations = args.dataLocations;
        this.exportServiceAccount = exportAccount.email;
        this.restoreServiceAccount = restoreAccount.email;
        this.workloadIdentityProvider = provider.name;
        this.exportEnvironment = exportEnvironment;
        this.schedules = { schedule, frequentSchedule: args.frequentSchedule, restoreSchedule };
        this.retentionDays = p.retentionDays;
        this.files = files;
        this.registerOutputs({
            bucketName: this.bucketName,
            location: this.location,
            exportServiceAccount: this.exportServiceAccount,
            restoreServiceAccount: this.restoreServiceAccount,
            workloadIdentityProvider: this.workloadIdentityProvider,
            schedules: this.schedules,
            retentionDays: this.retentionDays,
            workflowPaths: Object.keys(files),
        });
    }
}

/** The multi-region a region belongs to (`us-east1` → `US`), if any. */
function multiRegionOf(region: string): string | undefined {
    const r = region.toLowerCase();
    if (r.startsWith("us-")) return "US";
    if (r.startsWith("europe-")) return "EU";
    if (r.startsWith("asia-")) return "ASIA";
    return undefined;
}

/** A pool or provider id (4-32 of `[a-z0-9-]`, not starting with `gcp-`). */
function poolIdOf(value: string): string {
    const id = cutName(value.toLowerCase().replace(/[^a-z0-9-]/g, "-"), 32);
    return id.startsWith("gcp-") ? `x${id}`.slice(0, 32) : id.padEnd(4, "x");
}
