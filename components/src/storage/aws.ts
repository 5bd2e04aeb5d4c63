import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bucketKey, privateBucket } from "../blocks/bucket";
import { bucketTransforms } from "../blocks/bucket-transforms";
import { CACHING_OPTIMIZED_POLICY_ID, type S3Distribution, s3Distribution } from "../cdn/distribution";
import { Component, type IamStatement, InvalidArgumentError, type Link } from "../core";
import { type AwsFileStorageArgs, fileStorageSettings } from "./aws-args";
import { type FileAccess, fileGrants } from "./aws-grants";
import { bucketReplication } from "./aws-replication";

export {
    type AwsFileStorageArgs,
    FILE_STORAGE_PAIRED_REGION,
    type FileStorageCdn,
    type FileStorageCorsMethod,
    type FileStorageReplicaClass,
    type FileStorageTransitionClass,
} from "./aws-args";
import { type AwsBucketMetricDimensions, type AwsBucketSignalOptions, AwsBucketSignals } from "./aws-signals";

const COMPONENT = "AwsFileStorage";

/** Everything of one hardened bucket the component builds twice (source and replica). */
interface HardenedBucket {
    bucket: aws.s3.Bucket;
    key: aws.kms.Key;
    versioning: aws.s3.BucketVersioning;
    distribution?: S3Distribution;
}

/**
 * Private S3 storage for user-uploaded files (CharterFlow: "S3 Storage, File Storage", lifecycle cleanup,
 * server-side encryption, cross-region replication).
 *
 * - The bucket blocks every form of public access, disables ACLs (`BucketOwnerEnforced`), is versioned, encrypted
 *   with a component-owned KMS key (yearly rotation, bucket key on) and refuses requests without TLS or below TLS 1.2.
 * - Lifecycle: incomplete uploads aborted, old versions deleted after `noncurrentExpireAfterDays`, orphan delete markers
 *   removed, optional transition of current objects and optional expiry of a temporary prefix.
 * - Optional CORS for browser uploads from named origins.
 * - Replication (prod): every object, delete markers included, SSE-KMS objects re-encrypted with the replica key, to a
 *   bucket in `replicaRegion` with the same hardening and lifecycle; S3 assumes a role that may only read this bucket's
 *   versions, decrypt with this key, replicate into the replica and encrypt with the replica key. Only objects written
 *   after the rule exists replicate: copy older ones once with S3 Batch Replication. Lifecycle expiries are not
 *   replicated, so the replica runs the same lifecycle rules itself.
 * - `link("read")` / `link("readWrite")`: a container service linked to it (`links: [files.link("readWrite")]`) gets
 *   `S3_BUCKET` and a role policy on its task role with these grants ({@link readOnlyPolicy} / {@link readWritePolicy}).
 *
 * Cost: S3 storage and requests, $1/month per KMS key (the bucket key keeps KMS request charges low), and with
 * replication the second copy, inter-region transfer and replication requests.
 */
export class AwsFileStorage extends Component implements AwsBucketMetricDimensions {
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;
    /** `<bucket>.s3.<region>.amazonaws.com`, for presigned URLs and SDK endpoints. */
    public readonly bucketRegionalDomainName: pulumi.Output<string>;
    public readonly kmsKeyArn: pulumi.Output<string>;
    /** Present when replication is on. */
    public readonly replicaBucketName?: pulumi.Output<string>;
    public readonly replicaBucketArn?: pulumi.Output<string>;
    public readonly replicaKmsKeyArn?: pulumi.Output<string>;
    public readonly replicationRoleArn?: pulumi.Output<string>;
    /** The region of the replica bucket, when replication is on. */
    public readonly replicaRegion?: string;
    /** With `cdn`: `https://<domain>` (or the `*.cloudfront.net` name in dev), the distribution and its key group. */
    public readonly cdnUrl?: pulumi.Output<string>;
    public readonly distributionId?: pulumi.Output<string>;
    public readonly distributionArn?: pulumi.Output<string>;
    /** Ids of the CloudFront public keys, in `signingPublicKeys` order: the `Key-Pair-Id` of signed URLs. */
    public readonly signingKeyIds?: pulumi.Output<string>[];
    public readonly certificateValidationRecords?: S3Distribution["certificateValidationRecords"];
    /**
     * IAM policy document (JSON) letting a role list the bucket, read, write and delete current objects (deleting
     * leaves a recoverable old version: permanent deletion of versions is not granted), and use the KMS key through S3.
     */
    public readonly readWritePolicy: pulumi.Output<string>;
    /** IAM policy document (JSON) letting a role list the bucket, read objects and decrypt them through S3. */
    public readonly readOnlyPolicy: pulumi.Output<string>;
    public readonly bucket: aws.s3.Bucket;
    /** The statements of {@link readOnlyPolicy} and {@link readWritePolicy}, for links. */
    private readonly grants: Record<FileAccess, IamStatement[]>;

    /** Size and object graphs, and an optional size alarm, for `AwsMonitoring`'s `monitor` (see `aws-signals.ts`). */
    public monitoring(options?: AwsBucketSignalOptions): AwsBucketSignals {
        return new AwsBucketSignals(this, options);
    }

    constructor(name: string, args: AwsFileStorageArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("storage:AwsFileStorage", name, args, opts);

        // ---- validation, before any child ----
        const s = fileStorageSettings(args, this.environment);
        const cdn = args.cdn;
        const t = args.transform ?? {};
        const data = this.dataOptions(args);

        // ---- children ----
        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const partition = aws.getPartitionOutput({}, { parent: this }).partition;
        const region = aws.getRegionOutput({}, { parent: this }).region;

        const lifecycleRules: aws.types.input.s3.BucketLifecycleConfigurationRule[] = [
            {
                id: "expire-noncurrent-versions",
                status: "Enabled",
                filter: {},
                noncurrentVersionExpiration: { noncurrentDays: s.noncurrentExpireAfterDays },
                // Delete markers left with no versions behind them (after the versions above expired).
                expiration: { expiredObjectDeleteMarker: true },
            },
            {
                id: "abort-incomplete-multipart-uploads",
                status: "Enabled",
                filter: {},
                abortIncompleteMultipartUpload: { daysAfterInitiation: s.abortAfterDays },
            },
            ...(args.transitionAfterDays !== undefined
                ? [
                      {
                          id: "transition-current-objects",
                          status: "Enabled",
                          filter: {},
                          transitions: [{ days: args.transitionAfterDays, storageClass: s.transitionStorageClass }],
                      },
                  ]
                : []),
            ...(s.temporaryPrefix !== undefined
                ? [
                      {
                          id: "expire-temporary-uploads",
                          status: "Enabled",
                          filter: { prefix: s.temporaryPrefix },
                          expiration: { days: s.temporaryExpireAfterDays },
                          noncurrentVersionExpiration: { noncurrentDays: 1 },
                      },
                  ]
                : []),
        ];

        /** The hardening shared by the bucket and its replica; `prefix` is "" or "replica-", `regionArg` the replica's region. */
        const block = { child: this.child.bind(this), tags: this.tags, label: COMPONENT };
        const hardenedBucket = (
            prefix: "" | "replica-",
            physical: string,
            regionArg: string | undefined,
            edge?: (bucket: aws.s3.Bucket) => S3Distribution,
        ): HardenedBucket => {
            const isReplica = prefix === "replica-";
            // Lifecycle actions are not replicated: the replica runs the same rules itself.
            const hardened = privateBucket(block, {
                bucketSuffix: isReplica ? "replica" : "bucket",
                prefix,
                physicalName: physical,
                region: regionArg,
                lifecycleRules,
                dataOptions: data,
                transform: isReplica
                    ? {
                          bucket: t.replicaBucket,
                          publicAccessBlock: t.replicaPublicAccessBlock,
                          ownership: t.replicaOwnershipControls,
                          versioning: t.replicaVersioning,
                          encryption: t.replicaEncryption,
                          lifecycle: t.replicaLifecycle,
                          policy: t.replicaBucketPolicy,
                      }
                    : bucketTransforms(t),
            });
            // The distribution (with `cdn`) reads through its own statements in the key and bucket policies.
            const distribution = edge?.(hardened.bucket);
            // Access through IAM only: S3 and the roles granted by readWritePolicy / the replication role.
            const key = bucketKey(
                block,
                `${prefix}key`,
                {
                    region: regionArg,
                    description: isReplica
                        ? `Encrypts the replica of the file bucket of ${this.name}`
                        : `Encrypts the file bucket of ${this.name}`,
                    partition,
                    accountId: account,
                    statements: distribution !== undefined ? [distribution.decryptStatement] : undefined,
                },
                isReplica ? t.replicaKey : t.key,
                data,
            );
            hardened.encrypt({ kmsKeyArn: key.arn });
            hardened.policy(distribution !== undefined ? [distribution.readStatement] : [], { denyTlsBelow12: true });
            return { bucket: hardened.bucket, key, versioning: hardened.versioning, distribution };
        };

        // ---- CloudFront in front of the bucket (`cdn`): signed URLs through a trusted key group unless publicRead.
        let keyGroupId: pulumi.Output<string> | undefined;
        if (cdn !== undefined && s.signingKeys.length > 0) {
            const keys = s.signingKeys.map((pem, i) =>
                this.child(
                    aws.cloudfront.PublicKey,
                    `signing-key-${i + 1}`,
                    {
                        name: this.physicalName(`signing-key-${i + 1}`),
                        comment: `Signs file URLs of ${this.name}`,
                        encodedKey: `${pem.trim()}\n`,
                    },
                    t.publicKey,
                ),
            );
            this.signingKeyIds = keys.map((k) => k.id);
            keyGroupId = this.child(
                aws.cloudfront.KeyGroup,
                "key-group",
                { name: this.physicalName("signers"), comment: `Signers of file URLs of ${this.name}`, items: keys.map((k) => k.id) },
                t.keyGroup,
            ).id;
        }
        const edge =
            cdn === undefined
                ? undefined
                : (bucket: aws.s3.Bucket) =>
                      s3Distribution(block, {
                          ...cdn,
                          priceClass: s.cdnPriceClass,
                          name: this.name,
                          environment: this.environment,
                          domainNames: s.cdnNames,
                          oacName: this.physicalName("oac"),
                          headersPolicyName: this.physicalName("security-headers"),
                          bucket,
                          bucketDescription: "the file bucket",
                          cachePolicyId: cdn.cachePolicyId ?? CACHING_OPTIMIZED_POLICY_ID,
                          trustedKeyGroupId: keyGroupId,
                          transform: t,
                      });

        const source = hardenedBucket("", this.physicalName("files", "bucket"), undefined, edge);
        if (source.distribution !== undefined) {
            const d = source.distribution.distribution;
            this.distributionId = d.id;
            this.distributionArn = d.arn;
            this.cdnUrl =
                cdn?.domain !== undefined ? pulumi.output(`https://${cdn.domain.name}`) : pulumi.interpolate`https://${d.domainName}`;
            this.certificateValidationRecords = source.distribution.certificateValidationRecords;
        }

        if (s.corsOrigins.length > 0) {
            this.child(
                aws.s3.BucketCorsConfiguration,
                "cors",
                {
                    bucket: source.bucket.id,
                    corsRules: [
                        {
                            id: "browser-uploads",
                            allowedOrigins: s.corsOrigins,
                            allowedMethods: s.corsMethods,
                            allowedHeaders: ["*"],
                            // ETag: browsers need it to complete multipart uploads.
                            exposeHeaders: ["ETag", "x-amz-version-id"],
                            maxAgeSeconds: s.corsMaxAgeSeconds,
                        },
                    ],
                },
                t.cors,
            );
        }

        if (s.replicaRegion !== undefined) {
            const replica = hardenedBucket("replica-", this.physicalName("files-replica", "bucket"), s.replicaRegion);
            const role = bucketReplication(block, {
                name: this.name,
                roleName: this.physicalName("s3-replication", "iamRole"),
                source,
                replica,
                region,
                replicaRegion: s.replicaRegion,
                account,
                replicaStorageClass: s.replicaStorageClass,
                replicationTimeControl: args.replicationTimeControl ?? false,
                tags: this.tags,
                transform: {
                    replicationRole: t.replicationRole,
                    replicationRolePolicy: t.replicationRolePolicy,
                    replication: t.replication,
                },
            });
            this.replicaRegion = s.replicaRegion;
            this.replicaBucketName = replica.bucket.bucket;
            this.replicaBucketArn = replica.bucket.arn;
            this.replicaKmsKeyArn = replica.key.arn;
            this.replicationRoleArn = role.arn;
        }

        // ---- grants for the services using the files (./aws-grants.ts) ----
        this.grants = fileGrants(source.bucket.arn, source.key.arn, region);
        this.readOnlyPolicy = pulumi.jsonStringify({ Version: "2012-10-17", Statement: this.grants.read });
        this.readWritePolicy = pulumi.jsonStringify({ Version: "2012-10-17", Statement: this.grants.readWrite });

        this.bucket = source.bucket;
        this.bucketName = source.bucket.bucket;
        this.bucketArn = source.bucket.arn;
        this.bucketRegionalDomainName = source.bucket.bucketRegionalDomainName;
        this.kmsKeyArn = source.key.arn;

        this.registerOutputs({
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            bucketRegionalDomainName: this.bucketRegionalDomainName,
            kmsKeyArn: this.kmsKeyArn,
            replicaRegion: this.replicaRegion,
            replicaBucketName: this.replicaBucketName,
            replicaBucketArn: this.replicaBucketArn,
            replicaKmsKeyArn: this.replicaKmsKeyArn,
            replicationRoleArn: this.replicationRoleArn,
            cdnUrl: this.cdnUrl,
            distributionId: this.distributionId,
            signingKeyIds: this.signingKeyIds,
            readWritePolicy: this.readWritePolicy,
            readOnlyPolicy: this.readOnlyPolicy,
        });
    }

    /**
     * What a service using the files gets: `S3_BUCKET` (the bucket's name) and a role policy on its task role with
     * the grants of {@link readOnlyPolicy} (`"read"`) or {@link readWritePolicy} (`"readWrite"`); with `cdn`,
     * `FILES_CDN_URL` and `CLOUDFRONT_KEY_PAIR_ID` (the first signing key's id) to sign download URLs with.
     */
    link(access: "read" | "readWrite"): Link {
        // `links: [files]` from JavaScript would call this without an access level and grant nothing: refuse it.
        if (access !== "read" && access !== "readWrite")
            throw new InvalidArgumentError(
                `${COMPONENT} "${this.name}"`,
                "link()",
                `was given ${JSON.stringify(access)}`,
                'link("read") or link("readWrite")',
            );
        const cdnEnv =
            this.cdnUrl !== undefined
                ? {
                      FILES_CDN_URL: this.cdnUrl,
                      ...(this.signingKeyIds?.[0] !== undefined ? { CLOUDFRONT_KEY_PAIR_ID: this.signingKeyIds[0] } : {}),
                  }
                : {};
        return { name: this.name, env: { S3_BUCKET: this.bucketName, ...cdnEnv }, aws: { statements: this.grants[access] } };
    }
}
