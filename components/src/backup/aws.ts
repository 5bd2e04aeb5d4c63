import * as aws from "@pulumi/aws";
import type * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import {
    type BaseArgs,
    checkRange,
    Component,
    type DataProtection,
    InvalidArgumentError,
    type Profile,
    profileDefaults,
    type Transform,
} from "../core";
import { pinned } from "../mobile/pins";
import { toYaml } from "../mobile/workflows";
import { AwsFileStorage, type AwsFileStorageArgs } from "../storage/aws";
import { exportGithubSide } from "./github";
import {
    type ExportStore,
    checkArchiveClass,
    checkExportSchedule,
    checkRestoreDrill,
    databaseExportWorkflow,
    databaseRestoreWorkflow,
} from "./workflows";

const COMPONENT = "AwsDatabaseExport";

/** Storage classes exports may move to after `archiveAfterDays`, with the minimum days S3 bills each object for. */
export const EXPORT_ARCHIVE_MINIMUM_DAYS = { STANDARD_IA: 30, GLACIER_IR: 90, GLACIER: 90, DEEP_ARCHIVE: 180 } as const;
export type ExportArchiveClass = keyof typeof EXPORT_ARCHIVE_MINIMUM_DAYS;

/** GitHub's OIDC issuer, and the audience aws-actions/configure-aws-credentials asks for (its `audience` input default). */
const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
const STS_AUDIENCE = "sts.amazonaws.com";

interface ExportProfile {
    retentionDays: number;
}

/** CoachMeld keeps 90 days (seeds/000 "90-day Archive"), TechMate 30 (seeds/003 "daily, 30-day retention"). */
const PROFILE: Profile<ExportProfile> = {
    dev: { retentionDays: 7 },
    staging: { retentionDays: 30 },
    prod: { retentionDays: 30 },
};

export interface AwsDatabaseExportArgs extends BaseArgs, DataProtection {
    /**
     * libpq connection string of the database, e.g. Supabase's session pooler
     * `postgresql://postgres.<ref>:<password>@<pooler host>:5432/postgres?sslmode=require` (not the transaction pooler on
     * 6543, which `pg_dump` cannot use). Sent only as a GitHub environment secret (`DATABASE_URL`), always as a Pulumi
     * secret; the dump runs with `PGSSLMODE=require` unless the string names its own `sslmode`.
     */
    connectionString: pulumi.Input<string>;
    /** Major version of the server; `pg_dump` runs from `postgres:<major>`, which must not be older. Changing it changes the workflows only. */
    postgresVersion: number;
    /**
     * `owner/name` of the existing repository that runs the workflows. Its owner must be the GitHub provider's `owner`
     * (the files, environments and secret are created through it) and is what the IAM roles trust.
     */
    repository: string;
    /** Branch the workflow files are committed to, and the only branch the environments admit. @default "main" */
    branch?: string;
    /**
     * Cron (UTC) of the exports kept `retentionDays` and archived after `archiveAfterDays`, under `daily/`.
     * GitHub may delay a scheduled run under load (most at minute 0) and drops it rarely: see `maxExportAgeHours`.
     * @default "17 3 * * *" (daily at 03:17 UTC)
     */
    schedule?: string;
    /**
     * Cron (UTC) of extra exports under `frequent/`, kept `frequentRetentionDays` in S3 Standard and never archived:
     * the recovery point between two `schedule` runs (e.g. `"23 * * * *"`, hourly). Pick minutes that never coincide
     * with `schedule`'s, or both run. Cost: one runner minute or more per run (GitHub bills whole minutes).
     * @default none
     */
    frequentSchedule?: string;
    /** Days a `frequent/` export is kept. @default 2 */
    frequentRetentionDays?: number;
    /**
     * Days a `daily/` export is kept before it expires (its old version is purged 7 days later).
     * @default 7 in dev, 30 in staging and prod
     */
    retentionDays?: number;
    /**
     * Days after upload before `daily/` exports move to `archiveStorageClass`. Objects under 128 KB are not moved.
     * @default none (they stay in S3 Standard)
     */
    archiveAfterDays?: number;
    /**
     * Archive tier: `GLACIER_IR` (read in milliseconds, $0.004/GB-month, 90-day minimum charge), `GLACIER` (Flexible
     * Retrieval, hours, 90 days), `DEEP_ARCHIVE` (12 h+, $0.00099/GB-month, 180 days) or `STANDARD_IA` (30 days).
     * The retention after archiving must cover the tier's minimum, or every object is billed for it anyway.
     * @default "GLACIER_IR"
     */
    archiveStorageClass?: ExportArchiveClass;
    /**
     * Copy every export to a bucket in `replicaRegion` (same hardening, its own KMS key, the same lifecycle).
     * Cost: a second copy of the storage, $0.02/GB inter-region transfer, replication requests, a second KMS key.
     * @default AwsFileStorage's profile: true in prod, false in dev and staging
     */
    replication?: boolean;
    /** @default AwsFileStorage's pair of the stack's region (us-east-1 → us-west-2) */
    replicaRegion?: string;
    /** Schemas to dump; empty dumps the whole database. @default [] */
    schemas?: string[];
    /** Cron (UTC) of the restore drill. @default "41 4 * * 1" (Mondays 04:41 UTC) */
    restoreSchedule?: string;
    /**
     * Image of the throwaway database the drill restores into. A Supabase dump needs Supabase's roles and extensions:
     * use `supabase/postgres:<version>` with `restoreUser: "supabase_admin"`.
     * @default `postgres:<postgresVersion>`
     */
    restoreImage?: string;
    /** Superuser of `restoreImage`. @default "postgres" */
    restoreUser?: string;
    /**
     * SQL returning one boolean, true when the restored data looks right, e.g.
     * `SELECT count(*) > 0 FROM public.profiles`.
     * @default at least one table outside the system schemas
     */
    checkQuery?: string;
    /**
     * The drill fails when the newest export is older than this many hours: it is the alarm for a schedule that stopped
     * (GitHub disables schedules of public repositories after 60 days without activity) or fails.
     * @default 26 (a daily schedule plus GitHub's delays)
     */
    maxExportAgeHours?: number;
    /**
     * ARN of the account's existing GitHub OIDC provider (`token.actions.githubusercontent.com`): an account holds one per
     * issuer, so a second component (or a CI role set up elsewhere) must pass it.
     * @default a new provider, created by this component
     */
    githubOidcProviderArn?: pulumi.Input<string>;
    /** @default 60 */
    timeoutMinutes?: number;
    /** Edits of the computed args of each kind of child. @default none: each child takes the args the component computed */
    transform?: {
        /** Transforms of the bucket component's children (see AwsFileStorageArgs.transform). */
        bucket?: AwsFileStorageArgs["transform"];
        oidcProvider?: Transform<aws.iam.OpenIdConnectProviderArgs>;
        role?: Transform<aws.iam.RoleArgs>;
        rolePolicy?: Transform<aws.iam.RolePolicyArgs>;
        environment?: Transform<github.RepositoryEnvironmentArgs>;
        deploymentPolicy?: Transform<github.RepositoryEnvironmentDeploymentPolicyArgs>;
        secret?: Transform<github.ActionsEnvironmentSecretArgs>;
        variable?: Transform<github.ActionsEnvironmentVariableArgs>;
        file?: Transform<github.RepositoryFileArgs>;
    };
}

/** The S3 side of the generated workflows: OIDC credentials, `aws s3 cp`, newest object by LastModified. */
const S3_STORE: ExportStore = {
    credentialsSteps: (purpose) => [
        {
            name: "AWS credentials (GitHub OIDC)",
            uses: pinned("aws-actions/configure-aws-credentials"),
            with: {
                "role-to-assume": `\${{ vars.${purpose === "export" ? "DB_EXPORT_ROLE_ARN" : "DB_RESTORE_ROLE_ARN"} }}`,
                "aws-region": "${{ vars.DB_EXPORT_REGION }}",
                "role-session-name": "db-export-${{ github.run_id }}",
            },
        },
    ],
    env: { BUCKET: "${{ vars.DB_EXPORT_BUCKET }}" },
    upload: 'aws s3 cp "$DUMP_FILE" "s3://$BUCKET/$KEY" --no-progress',
    findLatest: [
        'read -r KEY MODIFIED < <(aws s3api list-objects-v2 --bucket "$BUCKET" \\',
        "  --query 'sort_by(Contents || `[]`, &LastModified)[-1].[Key, LastModified]' --output text)",
    ].join("\n"),
    download: 'aws s3 cp "s3://$BUCKET/$KEY" "$DUMP_FILE" --no-progress',
    location: "s3://$BUCKET/$KEY",
};

/**
 * Scheduled logical exports of a Postgres database (Supabase or RDS, anything reachable over its connection string)
 * into S3, with a restore drill that proves the newest dump loads.
 *
 * **Scheduler: a GitHub Actions schedule**, not an ECS scheduled task or a Cloud Run job. Supabase is reached over
 * the internet (pooler, TLS), so the dump needs no VPC; the products this serves already run their CI on GitHub
 * Actions and have no ECS cluster; a runner comes with Docker and the AWS CLI, and authenticates to AWS through
 * GitHub's OIDC token, so no long-lived AWS key exists anywhere. The price of that choice: GitHub may delay a
 * scheduled run under load and occasionally drop one, so the RPO is the schedule's period plus that delay; the
 * restore drill fails when the newest export is older than `maxExportAgeHours`.
 *
 * - Bucket: an `AwsFileStorage` (private, ACLs off, versioned, KMS key with yearly rotation, TLS 1.2+ only, optional
 *   replica of `daily/` in another region) whose lifecycle adds: `daily/` → `archiveStorageClass` after `archiveAfterDays`, expiry
 *   after `retentionDays`; `frequent/` expiry after `frequentRetentionDays`; old versions purged after 7 days.
 * - IAM: the export role may only `s3:PutObject` under `daily/` and `frequent/` (and use the key through S3): it can
 *   neither read nor delete a dump. The restore role may only list and read. Each trusts exactly one GitHub
 *   environment of `repository` (`repo:<owner>/<name>:environment:<env>`), and each environment admits `branch` only.
 * - GitHub: environments `<name>-<env>` (secret `DATABASE_URL`, variables bucket/region/role) and
 *   `<name>-<env>-restore` (no secret), and the two workflow files committed to `branch`.
 *
 * Restore by hand: `docs` in the example READMEs; in short, download a dump (`aws s3 cp s3://<bucket>/<key> db.dump`)
 * and `pg_restore --no-owner --no-privileges --dbname=<target> db.dump` (a `GLACIER`/`DEEP_ARCHIVE` object first needs
 * `aws s3api restore-object`).
 *
 * Cost: S3 storage of the kept dumps (count × size × class price, twice with replication, plus $0.02/GB transfer),
 * PUT requests ($0.005 per 1,000 Standard), two KMS keys at most ($1/month each), and GitHub Actions minutes (whole
 * minutes per run) beyond the plan's included minutes.
 */
export class AwsDatabaseExport extends Component {
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;
    public readonly replicaBucketName?: pulumi.Output<string>;
    public readonly replicaRegion?: string;
    public readonly exportRoleArn: pulumi.Output<string>;
    public readonly restoreRoleArn: pulumi.Output<string>;
    /** The GitHub environment holding `DATABASE_URL`. */
    public readonly exportEnvironment: string;
    /** `{ schedule, frequentSchedule, restoreSchedule }` as committed. */
    public readonly schedules: { schedule: string; frequentSchedule?: string; restoreSchedule: string };
    public readonly retentionDays: number;
    /** Generated workflow contents by repository path (what is committed). */
    public readonly files: Record<string, string>;
    public readonly archive: AwsFileStorage;

    constructor(name: string, args: AwsDatabaseExportArgs, opts?: pulumi.ComponentResourceOptions) {
        super("backup:AwsDatabaseExport", name, args, opts);

        // ---- validation, before any child ----
        const { owner, repository, branch, schedule, frequentRetentionDays, restoreSchedule } = checkExportSchedule(COMPONENT, args);
        const p = profileDefaults(PROFILE, this.environment, { retentionDays: args.retentionDays });
        checkRange(COMPONENT, "retentionDays", p.retentionDays, 1, 36_500);
        const { archiveStorageClass, archiveAfterDays } = checkArchiveClass(COMPONENT, args, EXPORT_ARCHIVE_MINIMUM_DAYS, "GLACIER_IR");
        if (archiveAfterDays !== undefined) {
            const minimum = EXPORT_ARCHIVE_MINIMUM_DAYS[archiveStorageClass];
            if (archiveStorageClass === "STANDARD_IA" && archiveAfterDays < 30) {
                throw new InvalidArgumentError(
                    COMPONENT,
                    "archiveAfterDays",
                    `is ${archiveAfterDays}; S3 moves objects to STANDARD_IA no sooner than 30 days`,
                    "30 or more with STANDARD_IA",
                );
            }
            if ((archiveStorageClass === "GLACIER" || archiveStorageClass === "DEEP_ARCHIVE") && archiveAfterDays < 7) {
                throw new InvalidArgumentError(
                    COMPONENT,
                    "archiveAfterDays",
                    `is ${archiveAfterDays} with ${archiveStorageClass}, whose objects need a restore request before they can be read: the restore drill would find the newest export unreadable`,
                    "7 or more, or GLACIER_IR",
                );
            }
            if (p.retentionDays - archiveAfterDays < minimum) {
                throw new InvalidArgumentError(
                    COMPONENT,
                    "retentionDays",
                    `is ${p.retentionDays}: exports would leave ${archiveStorageClass} after ${p.retentionDays - archiveAfterDays} days, and S3 bills every object there for ${minimum}`,
                    `at least archiveAfterDays + ${minimum}, or another archiveStorageClass`,
                );
            }
        }
        const { schemas, restoreImage, restoreUser, checkQuery, maxExportAgeHours, timeoutMinutes } = checkRestoreDrill(COMPONENT, args);
        const t = args.transform ?? {};

        const exportEnvironment = `${name}-${this.environment}`;
        const restoreEnvironment = `${exportEnvironment}-restore`;
        const exportPath = `.github/workflows/${exportEnvironment}.yml`;
        const restorePath = `.github/workflows/${restoreEnvironment}.yml`;
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
                    store: S3_STORE,
                }),
                "Generated by @appstack/components (backup/aws.ts). Edit the Pulumi program, not this file.",
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
                    store: S3_STORE,
                }),
                "Generated by @appstack/components (backup/aws.ts). Edit the Pulumi program, not this file.",
            ),
        };

        // ---- bucket ----
        const lifecycleRules: aws.types.input.s3.BucketLifecycleConfigurationRule[] = [
            {
                id: "daily-exports",
                status: "Enabled",
                filter: { prefix: "daily/" },
                ...(archiveAfterDays !== undefined ? { transitions: [{ days: archiveAfterDays, storageClass: archiveStorageClass }] } : {}),
                expiration: { days: p.retentionDays },
            },
            ...(args.frequentSchedule !== undefined
                ? [
                      {
                          id: "frequent-exports",
                          status: "Enabled",
                          filter: { prefix: "frequent/" },
                          expiration: { days: frequentRetentionDays },
                      },
                  ]
                : []),
        ];
        // AwsFileStorage's own rules (old versions, delete markers, incomplete uploads) stay; the export rules follow.
        const withExportRules = (lifecycle: aws.s3.BucketLifecycleConfigurationArgs) => ({
            args: { ...lifecycle, rules: pulumi.output(lifecycle.rules).apply((rules) => [...(rules ?? []), ...lifecycleRules]) },
        });
        // Only `daily/` goes to the replica: the frequent exports are the recovery point of an ordinary failure, and
        // copying every one of them would cost $0.02/GB each time.
        const replicateDailyOnly = (replication: aws.s3.BucketReplicationConfigArgs) => ({
            args: {
                ...replication,
                rules: pulumi
                    .output(replication.rules)
                    .apply((rules) => rules.map((rule) => ({ ...rule, id: "replicate-daily-exports", filter: { prefix: "daily/" } }))),
            },
        });
        const bucketTransforms = t.bucket ?? {};
        this.archive = new AwsFileStorage(
            `${name}-archive`,
            {
                environment: this.environment,
                tags: args.tags,
                protect: args.protect,
                retainOnDelete: args.retainOnDelete,
                replication: args.replication,
                replicaRegion: args.replicaRegion,
                noncurrentExpireAfterDays: 7,
                abortIncompleteUploadsAfterDays: 1,
                transform: {
                    ...bucketTransforms,
                    lifecycle: bucketTransforms.lifecycle ?? withExportRules,
                    replicaLifecycle: bucketTransforms.replicaLifecycle ?? withExportRules,
                    replication: bucketTransforms.replication ?? replicateDailyOnly,
                },
            },
            { parent: this },
        );
        const bucketArn = this.archive.bucketArn;
        const keyArn = this.archive.kmsKeyArn;

        // ---- IAM: GitHub's OIDC token, one role per environment ----
        const region = aws.getRegionOutput({}, { parent: this }).region;
        const providerArn =
            args.githubOidcProviderArn ??
            this.child(
                aws.iam.OpenIdConnectProvider,
                "github-oidc",
                // No thumbprint: AWS validates GitHub's certificate against its trusted CAs (thumbprints are optional).
                { url: `https://${GITHUB_OIDC_HOST}`, clientIdLists: [STS_AUDIENCE], tags: this.tags },
                t.oidcProvider,
            ).arn;
        const viaS3 = { StringEquals: { "kms:ViaService": pulumi.interpolate`s3.${region}.amazonaws.com` } };
        const githubRole = (suffix: string, environment: string, description: string, statements: pulumi.Input<object>[]) => {
            const role = this.child(
                aws.iam.Role,
                `${suffix}-role`,
                {
                    name: this.physicalName(suffix, "iamRole"),
                    description,
                    maxSessionDuration: 3600,
                    assumeRolePolicy: pulumi.jsonStringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Effect: "Allow",
                                Principal: { Federated: providerArn },
                                Action: "sts:AssumeRoleWithWebIdentity",
                                Condition: {
                                    StringEquals: {
                                        [`${GITHUB_OIDC_HOST}:aud`]: STS_AUDIENCE,
                                        [`${GITHUB_OIDC_HOST}:sub`]: `repo:${owner}/${repository}:environment:${environment}`,
                                    },
                                },
                            },
                        ],
                    }),
                    tags: this.tags,
                },
                t.role,
            );
            this.child(
                aws.iam.RolePolicy,
                `${suffix}-role-policy`,
                { role: role.name, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements }) },
                t.rolePolicy,
            );
            return role;
        };
        const exportRole = githubRole(
            "export",
            exportEnvironment,
            `GitHub Actions (${args.repository}, ${exportEnvironment}) uploads database exports`,
            [
                // PutObject also covers the multipart upload calls `aws s3 cp` makes for large files.
                {
                    Sid: "WriteExports",
                    Effect: "Allow",
                    Action: "s3:PutObject",
                    Resource: [pulumi.interpolate`${bucketArn}/daily/*`, pulumi.interpolate`${bucketArn}/frequent/*`],
                },
                // SSE-KMS: a data key per object, and Decrypt for multipart uploads.
                {
                    Sid: "EncryptExports",
                    Effect: "Allow",
                    Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                    Resource: keyArn,
                    Condition: viaS3,
                },
            ],
        );
        const restoreRole = githubRole(
            "restore",
            restoreEnvironment,
            `GitHub Actions (${args.repository}, ${restoreEnvironment}) reads database exports`,
            [
                { Sid: "ListExports", Effect: "Allow", Action: "s3:ListBucket", Resource: bucketArn },
                { Sid: "ReadExports", Effect: "Allow", Action: "s3:GetObject", Resource: pulumi.interpolate`${bucketArn}/*` },
                { Sid: "DecryptExports", Effect: "Allow", Action: "kms:Decrypt", Resource: keyArn, Condition: viaS3 },
            ],
        );

        // ---- GitHub: environments admitting `branch` only, the secret, the variables, the files ----
        const common = { DB_EXPORT_BUCKET: this.archive.bucketName, DB_EXPORT_REGION: region };
        exportGithubSide((ctor, suffix, childArgs, transform, childOpts) => this.child(ctor, suffix, childArgs, transform, childOpts), {
            repository,
            branch,
            exportEnvironment,
            restoreEnvironment,
            exportVariables: { ...common, DB_EXPORT_ROLE_ARN: exportRole.arn },
            restoreVariables: { ...common, DB_RESTORE_ROLE_ARN: restoreRole.arn },
            connectionString: args.connectionString,
            files,
            exportPath,
            transform: t,
        });

        this.bucketName = this.archive.bucketName;
        this.bucketArn = bucketArn;
        this.replicaBucketName = this.archive.replicaBucketName;
        this.replicaRegion = this.archive.replicaRegion;
        this.exportRoleArn = exportRole.arn;
        this.restoreRoleArn = restoreRole.arn;
        this.exportEnvironment = exportEnvironment;
        this.schedules = { schedule, frequentSchedule: args.frequentSchedule, restoreSchedule };
        this.retentionDays = p.retentionDays;
        this.files = files;
        this.registerOutputs({
            bucketName: this.bucketName,
            replicaBucketName: this.replicaBucketName,
            replicaRegion: this.replicaRegion,
            exportRoleArn: this.exportRoleArn,
            restoreRoleArn: this.restoreRoleArn,
            schedules: this.schedules,
            retentionDays: this.retentionDays,
            workflowPaths: Object.keys(files),
        });
    }
}
