import * as iam from "@pulumi/gcp/iam";
import * as kms from "@pulumi/gcp/kms";
import * as projects from "@pulumi/gcp/projects";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import * as storage from "@pulumi/gcp/storage";
import type * as inputs from "@pulumi/gcp/types/input";
import * as pulumi from "@pulumi/pulumi";
import { cutName, type Profile } from "../core";
import { gcpLabels, gcpProject } from "../core/gcp";
import { checkGcsPlacement, GCS_ARCHIVE_TIERS, type GcpDatabaseExportArgs, type GcsArchiveClass } from "./gcp-args";
import { DatabaseExportComponent, type ExportIdentity } from "./export";
import { GCS_STORE } from "./stores";

export { GCS_ARCHIVE_MINIMUM_DAYS, GCS_PREDEFINED_DUAL_REGIONS, type GcpDatabaseExportArgs, type GcsArchiveClass } from "./gcp-args";

const COMPONENT = "GcpDatabaseExport";

/** GitHub's OIDC issuer (the `iss` of every Actions token). */
const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
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
export class GcpDatabaseExport extends DatabaseExportComponent<GcsArchiveClass> {
    public readonly bucketName: pulumi.Output<string>;
    /** Where the bucket keeps its objects, as given to Cloud Storage. */
    public readonly location: string;
    /** The two regions of a configurable dual-region, when set. */
    public readonly dataLocations?: [string, string];
    public readonly exportServiceAccount: pulumi.Output<string>;
    public readonly restoreServiceAccount: pulumi.Output<string>;
    /** Full name of the workload identity provider the workflows authenticate with. */
    public readonly workloadIdentityProvider: pulumi.Output<string>;

    constructor(name: string, args: GcpDatabaseExportArgs, opts?: pulumi.ComponentResourceOptions) {
        super("backup:GcpDatabaseExport", name, args, opts, {
            component: COMPONENT,
            source: "backup/gcp.ts",
            store: GCS_STORE,
            tiers: GCS_ARCHIVE_TIERS,
            profile: PROFILE,
        });

        // ---- validation, before any child (the shared args are checked by the base) ----
        const { owner, repository, frequentRetentionDays, archiveStorageClass, archiveAfterDays, identities } = this.exportPlan;
        const { location, replicated, softDeleteDays } = checkGcsPlacement(COMPONENT, args, PROFILE[this.environment].geoRedundant);
        const t = args.transform ?? {};

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
            { action: { type: "Delete" }, condition: { age: this.retentionDays, matchesPrefixes: ["daily/"] } },
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
                ...(replicated ? { rpo: args.turboReplication === true ? "ASYNC_TURBO" : "DEFAULT" } : {}),
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
        const githubAccount = (suffix: string, { environment, description }: ExportIdentity) => {
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
        const exportAccount = githubAccount("export", identities.export);
        const restoreAccount = githubAccount("restore", identities.restore);
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

        // ---- GitHub: the workflows read the bucket, the provider and their account from the environments' variables ----
        this.commitGithubSide(args, {
            both: { DB_EXPORT_BUCKET: bucket.name, DB_EXPORT_WORKLOAD_IDENTITY_PROVIDER: provider.name },
            export: { DB_EXPORT_SERVICE_ACCOUNT: exportAccount.email },
            restore: { DB_RESTORE_SERVICE_ACCOUNT: restoreAccount.email },
        });

        this.bucketName = bucket.name;
        this.location = location;
        this.dataLocations = args.dataLocations;
        this.exportServiceAccount = exportAccount.email;
        this.restoreServiceAccount = restoreAccount.email;
        this.workloadIdentityProvider = provider.name;
        this.registerOutputs({
            bucketName: this.bucketName,
            location: this.location,
            exportServiceAccount: this.exportServiceAccount,
            restoreServiceAccount: this.restoreServiceAccount,
            workloadIdentityProvider: this.workloadIdentityProvider,
            ...this.exportOutputs(),
        });
    }
}

/** A pool or provider id (4-32 of `[a-z0-9-]`, not starting with `gcp-`). */
function poolIdOf(value: string): string {
    const id = cutName(value.toLowerCase().replace(/[^a-z0-9-]/g, "-"), 32);
    return id.startsWith("gcp-") ? `x${id}`.slice(0, 32) : id.padEnd(4, "x");
}
