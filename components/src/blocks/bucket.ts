/**
 * The private S3 bucket: bucket, public access block (all four flags), ownership controls, versioning, default
 * encryption (SSE-KMS with bucket key, or SSE-S3), lifecycle, optional server access logging, and a TLS-only bucket
 * policy. Used by the CDN (content and access-log buckets), the log bucket and file storage (source and replica;
 * the backup's export bucket is an `AwsFileStorage`, so it is the same recipe).
 *
 * Signatures:
 *
 *     privateBucket(parent: BlockParent, args: PrivateBucketArgs): PrivateBucket
 *     bucketKey(parent: BlockParent, suffix: string, args: BucketKeyArgs, transform?, opts?): aws.kms.Key
 *     expireLogsRule(retentionDays: number, abortIncompleteUploadsAfterDays: number): lifecycle rule
 *
 *     interface PrivateBucket {
 *         bucket; publicAccessBlock; ownership; versioning; encryption?;
 *         encrypt(encryption: BucketEncryption): aws.s3.BucketServerSideEncryptionConfiguration; // when args.encryption was unset
 *         policy(statements: pulumi.Input<object>[], options?: { denyTlsBelow12?: boolean }): aws.s3.BucketPolicy;
 *     }
 *
 * Children, through `parent.child`, with today's suffixes: `<bucketSuffix>` (aws.s3.Bucket), and `<prefix>` +
 * `public-access-block`, `ownership`, `versioning`, `encryption`, `lifecycle`, `logging`, `policy`. `prefix` is ""
 * for a component's main bucket, e.g. "logs-" or "replica-" for a second one. Do not rename them.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { accountAdministersKey, type Transform } from "../core";
import type { BlockParent } from "./child";
import { denyInsecureBucketTransport } from "./policy";

type LifecycleRule = aws.types.input.s3.BucketLifecycleConfigurationRule;

/** Default encryption: SSE-KMS with this key (bucket key on, so few KMS requests), or SSE-S3 (`"AES256"`). */
export type BucketEncryption = { kmsKeyArn: pulumi.Input<string> } | "AES256";

/** The args type of each child kind of a private bucket, by transform key. */
interface PrivateBucketChildArgs {
    bucket: aws.s3.BucketArgs;
    publicAccessBlock: aws.s3.BucketPublicAccessBlockArgs;
    ownership: aws.s3.BucketOwnershipControlsArgs;
    versioning: aws.s3.BucketVersioningArgs;
    encryption: aws.s3.BucketServerSideEncryptionConfigurationArgs;
    lifecycle: aws.s3.BucketLifecycleConfigurationArgs;
    logging: aws.s3.BucketLoggingArgs;
    policy: aws.s3.BucketPolicyArgs;
}

/** One optional transform per child kind. */
export type PrivateBucketTransforms = { [K in keyof PrivateBucketChildArgs]?: Transform<PrivateBucketChildArgs[K]> };

export interface PrivateBucketArgs {
    /** Child suffix of the bucket itself, e.g. `bucket`, `logs`, `replica`. */
    bucketSuffix: string;
    /** Prefix of every other child's suffix: "" for the main bucket, e.g. `logs-`, `replica-`. */
    prefix: string;
    /** The bucket's cloud-side name (from the component's `physicalName(..., "bucket")`). Changing it replaces the bucket. */
    physicalName: string;
    /** Region of the bucket and its configuration; unset: the provider's. Changing it replaces them. */
    region?: string;
    /**
     * `BucketOwnerEnforced` disables ACLs; `BucketOwnerPreferred` keeps them for deliveries that write through an ACL
     * grant (CloudFront standard logs).
     * @default "BucketOwnerEnforced"
     */
    objectOwnership?: "BucketOwnerEnforced" | "BucketOwnerPreferred";
    /** Default encryption. Unset: none yet; call `encrypt()` once the key exists. */
    encryption?: BucketEncryption;
    lifecycleRules: pulumi.Input<pulumi.Input<LifecycleRule>[]>;
    /** S3 server access logging into another bucket. */
    logging?: { targetBucket: pulumi.Input<string>; targetPrefix: string };
    /** Options of the stateful bucket (the component's `dataOptions(args)`). */
    dataOptions: pulumi.CustomResourceOptions;
    transform?: PrivateBucketTransforms;
}

export interface PrivateBucket {
    bucket: aws.s3.Bucket;
    publicAccessBlock: aws.s3.BucketPublicAccessBlock;
    ownership: aws.s3.BucketOwnershipControls;
    versioning: aws.s3.BucketVersioning;
    /** Present when `encryption` was given, or after `encrypt()`. */
    encryption?: aws.s3.BucketServerSideEncryptionConfiguration;
    /** Sets the default encryption (child `<prefix>encryption`), for buckets whose key is made after the bucket. */
    encrypt(encryption: BucketEncryption): aws.s3.BucketServerSideEncryptionConfiguration;
    /**
     * The bucket policy (child `<prefix>policy`): `statements`, then the TLS-only deny, then (with `denyTlsBelow12`)
     * a deny of requests below TLS 1.2. Registered after the public access block.
     */
    policy(statements: pulumi.Input<object>[], options?: { denyTlsBelow12?: boolean }): aws.s3.BucketPolicy;
}

/** Builds a private, versioned bucket with its public access block, ownership controls, lifecycle and logging. */
export function privateBucket(parent: BlockParent, args: PrivateBucketArgs): PrivateBucket {
    const t = args.transform ?? {};
    const p = args.prefix;
    const region = args.region !== undefined ? { region: args.region } : {};
    const bucket = parent.child(
        aws.s3.Bucket,
        args.bucketSuffix,
        { ...region, bucket: args.physicalName, tags: parent.tags },
        t.bucket,
        args.dataOptions,
    );
    const publicAccessBlock = parent.child(
        aws.s3.BucketPublicAccessBlock,
        `${p}public-access-block`,
        {
            ...region,
            bucket: bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        },
        t.publicAccessBlock,
    );
    const ownership = parent.child(
        aws.s3.BucketOwnershipControls,
        `${p}ownership`,
        { ...region, bucket: bucket.id, rule: { objectOwnership: args.objectOwnership ?? "BucketOwnerEnforced" } },
        t.ownership,
    );
    const versioning = parent.child(
        aws.s3.BucketVersioning,
        `${p}versioning`,
        { ...region, bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
        t.versioning,
    );

    const result: PrivateBucket = {
        bucket,
        publicAccessBlock,
        ownership,
        versioning,
        encrypt(encryption) {
            const rule =
                encryption === "AES256"
                    ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
                    : {
                          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: encryption.kmsKeyArn },
                          bucketKeyEnabled: true,
                      };
            result.encryption = parent.child(
                aws.s3.BucketServerSideEncryptionConfiguration,
                `${p}encryption`,
                { ...region, bucket: bucket.id, rules: [rule] },
                t.encryption,
            );
            return result.encryption;
        },
        policy(statements, options = {}) {
            const resources = [bucket.arn, pulumi.interpolate`${bucket.arn}/*`];
            const tls12 = {
                Sid: "DenyTlsBelow12",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: resources,
                Condition: { NumericLessThan: { "s3:TlsVersion": 1.2 } },
            };
            const all = [...statements, denyInsecureBucketTransport(bucket.arn), ...(options.denyTlsBelow12 === true ? [tls12] : [])];
            return parent.child(
                aws.s3.BucketPolicy,
                `${p}policy`,
                { ...region, bucket: bucket.id, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: all }) },
                t.policy,
                { dependsOn: [publicAccessBlock] },
            );
        },
    };
    if (args.encryption !== undefined) result.encrypt(args.encryption);
    parent.child(
        aws.s3.BucketLifecycleConfiguration,
        `${p}lifecycle`,
        { ...region, bucket: bucket.id, rules: args.lifecycleRules },
        t.lifecycle,
        { dependsOn: [versioning] },
    );
    if (args.logging !== undefined) {
        parent.child(aws.s3.BucketLogging, `${p}logging`, { ...region, bucket: bucket.id, ...args.logging }, t.logging);
    }
    return result;
}

export interface BucketKeyArgs {
    /** The key's description. */
    description: string;
    /** Region of the key; unset: the provider's. Changing it replaces the key. */
    region?: string;
    /** The account's partition and id: the account administers the key. */
    partition: pulumi.Input<string>;
    accountId: pulumi.Input<string>;
    /** Key-policy statements after the account's administration, e.g. a service principal's `kms:Decrypt`. */
    statements?: pulumi.Input<object>[];
}

/**
 * A KMS key for a bucket: yearly rotation, 30-day deletion window, a key policy granting the account administration
 * (and IAM) plus `statements`. Cost: $1/month, requests $0.03 per 10,000 (the bucket key keeps them few).
 */
export function bucketKey(
    parent: BlockParent,
    suffix: string,
    args: BucketKeyArgs,
    transform: Transform<aws.kms.KeyArgs> | undefined,
    opts: pulumi.CustomResourceOptions,
): aws.kms.Key {
    return parent.child(
        aws.kms.Key,
        suffix,
        {
            ...(args.region !== undefined ? { region: args.region } : {}),
            description: args.description,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [accountAdministersKey(args.partition, args.accountId), ...(args.statements ?? [])],
            }),
            tags: parent.tags,
        },
        transform,
        opts,
    );
}

/** The lifecycle rule of an access-log bucket: logs expire after `retentionDays`, old versions a day later. */
export function expireLogsRule(retentionDays: number, abortIncompleteUploadsAfterDays: number): LifecycleRule {
    return {
        id: "expire-logs",
        status: "Enabled",
        filter: {},
        expiration: { days: retentionDays },
        noncurrentVersionExpiration: { noncurrentDays: 1 },
        abortIncompleteMultipartUpload: { daysAfterInitiation: abortIncompleteUploadsAfterDays },
    };
}
