import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Profile } from "../core";
import { AwsFileStorage } from "../storage/aws";
import { type AwsDatabaseExportArgs, type ExportArchiveClass, s3ArchiveTiers } from "./aws-args";
import { DatabaseExportComponent, type ExportIdentity } from "./export";
import { S3_STORE } from "./stores";

export { type AwsDatabaseExportArgs, EXPORT_ARCHIVE_MINIMUM_DAYS, type ExportArchiveClass } from "./aws-args";

const COMPONENT = "AwsDatabaseExport";

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
export class AwsDatabaseExport extends DatabaseExportComponent<ExportArchiveClass> {
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;
    public readonly replicaBucketName?: pulumi.Output<string>;
    public readonly replicaRegion?: string;
    public readonly exportRoleArn: pulumi.Output<string>;
    public readonly restoreRoleArn: pulumi.Output<string>;
    public readonly archive: AwsFileStorage;

    constructor(name: string, args: AwsDatabaseExportArgs, opts?: pulumi.ComponentResourceOptions) {
        super("backup:AwsDatabaseExport", name, args, opts, {
            component: COMPONENT,
            source: "backup/aws.ts",
            store: S3_STORE,
            tiers: s3ArchiveTiers(COMPONENT),
            profile: PROFILE,
        });

        // ---- validation, before any child (the shared args are checked by the base) ----
        const { owner, repository, frequentRetentionDays, archiveStorageClass, archiveAfterDays, identities } = this.exportPlan;
        const t = args.transform ?? {};

        // ---- bucket ----
        const lifecycleRules: aws.types.input.s3.BucketLifecycleConfigurationRule[] = [
            {
                id: "daily-exports",
                status: "Enabled",
                filter: { prefix: "daily/" },
                ...(archiveAfterDays !== undefined ? { transitions: [{ days: archiveAfterDays, storageClass: archiveStorageClass }] } : {}),
                expiration: { days: this.retentionDays },
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
        const githubRole = (suffix: string, { environment, description }: ExportIdentity, statements: pulumi.Input<object>[]) => {
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
        const exportRole = githubRole("export", identities.export, [
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
        ]);
        const restoreRole = githubRole("restore", identities.restore, [
            { Sid: "ListExports", Effect: "Allow", Action: "s3:ListBucket", Resource: bucketArn },
            { Sid: "ReadExports", Effect: "Allow", Action: "s3:GetObject", Resource: pulumi.interpolate`${bucketArn}/*` },
            { Sid: "DecryptExports", Effect: "Allow", Action: "kms:Decrypt", Resource: keyArn, Condition: viaS3 },
        ]);

        // ---- GitHub: the workflows read the bucket, its region and their role from the environments' variables ----
        this.commitGithubSide(args, {
            both: { DB_EXPORT_BUCKET: this.archive.bucketName, DB_EXPORT_REGION: region },
            export: { DB_EXPORT_ROLE_ARN: exportRole.arn },
            restore: { DB_RESTORE_ROLE_ARN: restoreRole.arn },
        });

        this.bucketName = this.archive.bucketName;
        this.bucketArn = bucketArn;
        this.replicaBucketName = this.archive.replicaBucketName;
        this.replicaRegion = this.archive.replicaRegion;
        this.exportRoleArn = exportRole.arn;
        this.restoreRoleArn = restoreRole.arn;
        this.registerOutputs({
            bucketName: this.bucketName,
            replicaBucketName: this.replicaBucketName,
            replicaRegion: this.replicaRegion,
            exportRoleArn: this.exportRoleArn,
            restoreRoleArn: this.restoreRoleArn,
            ...this.exportOutputs(),
        });
    }
}
