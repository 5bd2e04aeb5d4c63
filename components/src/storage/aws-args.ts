/** The args of `AwsFileStorage`, its profile, the values it accepts and their checks (split from `aws.ts`). */
import type * as aws from "@pulumi/aws";
import type { BucketTransformArgs } from "../blocks/bucket-transforms";
import * as pulumi from "@pulumi/pulumi";
import { type CdnEdgeOptions, type CdnEdgeTransforms, type CdnPriceClass, checkCdnEdge } from "../cdn/distribution";
import type { BaseArgs, DataProtection, Environment, Profile, Transform } from "../core";
import { checkOneOf, checkRange, InvalidArgumentError, profileDefaults } from "../core";

const COMPONENT = "AwsFileStorage";

/** Storage classes current objects may move to with `transitionAfterDays`. */
export type FileStorageTransitionClass = "STANDARD_IA" | "GLACIER_IR";
/** Storage classes the replica may store copies in. */
export type FileStorageReplicaClass = "STANDARD" | "STANDARD_IA" | "GLACIER_IR";

export const TRANSITION_CLASSES: readonly FileStorageTransitionClass[] = ["STANDARD_IA", "GLACIER_IR"];
export const REPLICA_CLASSES: readonly FileStorageReplicaClass[] = ["STANDARD", "STANDARD_IA", "GLACIER_IR"];

/**
 * The replica region used when replication is on and `replicaRegion` is not given: another region of the same
 * geography, far enough to survive a regional outage.
 */
export const FILE_STORAGE_PAIRED_REGION: Readonly<Record<string, string>> = {
    "us-east-1": "us-west-2",
    "us-east-2": "us-west-2",
    "us-west-1": "us-east-1",
    "us-west-2": "us-east-1",
    "ca-central-1": "us-east-1",
    "eu-west-1": "eu-central-1",
    "eu-west-2": "eu-west-1",
    "eu-west-3": "eu-central-1",
    "eu-central-1": "eu-west-1",
    "eu-north-1": "eu-central-1",
    "ap-southeast-1": "ap-southeast-2",
    "ap-southeast-2": "ap-southeast-1",
    "ap-northeast-1": "ap-northeast-3",
    "ap-south-1": "ap-southeast-1",
    "sa-east-1": "us-east-1",
};

export const AWS_REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
export const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/;
export const LOCAL_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?$/;
/** Methods S3 CORS accepts. */
export const CORS_METHODS = ["GET", "PUT", "POST", "DELETE", "HEAD"] as const;
export type FileStorageCorsMethod = (typeof CORS_METHODS)[number];

export interface StorageProfile {
    replication: boolean;
    noncurrentExpireAfterDays: number;
    cdnPriceClass: CdnPriceClass;
}

export const PROFILE: Profile<StorageProfile> = {
    dev: { replication: false, noncurrentExpireAfterDays: 7, cdnPriceClass: "PriceClass_100" },
    staging: { replication: false, noncurrentExpireAfterDays: 30, cdnPriceClass: "PriceClass_100" },
    prod: { replication: true, noncurrentExpireAfterDays: 90, cdnPriceClass: "PriceClass_All" },
};

/**
 * CloudFront in front of the bucket, for downloads (CharterFlow §3.4 "CDN: CloudFront for file delivery"). Uploads
 * stay direct to S3 with presigned PUT/POST URLs: the document puts CloudFront on delivery only, and an upload through
 * CloudFront would need PUT/POST on the behaviour and OAC signing of request bodies, for no caching benefit.
 */
export interface FileStorageCdn extends Partial<Omit<CdnEdgeOptions, "priceClass">> {
    /**
     * PEM public keys (RSA 2048, `-----BEGIN PUBLIC KEY-----`) whose private halves sign CloudFront URLs or cookies:
     * the distribution serves only signed requests (trusted key group), so a user's file is not readable by whoever
     * learns its key. Changing a key replaces its `aws.cloudfront.PublicKey` (and the key id the app signs with).
     * Required unless `publicRead` is true. At most 5 per key group (CloudFront quota).
     */
    signingPublicKeys?: string[];
    /**
     * Serve every object to anyone who has its URL (no signature). Only for buckets of public files.
     * @default false
     */
    publicRead?: boolean;
    /** @default "PriceClass_100" in dev and staging, "PriceClass_All" in prod */
    priceClass?: CdnPriceClass;
    /** @default CloudFront's managed `CachingOptimized` */
    cachePolicyId?: pulumi.Input<string>;
}

export const PUBLIC_KEY_PEM = /^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+\n-----END PUBLIC KEY-----\n?$/;

export interface AwsFileStorageArgs extends BaseArgs, DataProtection {
    /**
     * Copy every object to a bucket in another region (CharterFlow's disaster recovery: "Files: Cross-region
     * replication", seeds/004_26df5cf4e3d052a1.txt). The replica bucket has the same hardening and its own KMS key
     * in that region. Turning it off deletes the replication rule; the replica bucket is kept while `retainOnDelete`
     * holds. Cost: a second copy of the storage, inter-region transfer ($0.02/GB), replication PUT requests, and a
     * second KMS key ($1/month).
     * @default false in dev and staging, true in prod
     */
    replication?: boolean;
    /**
     * Region of the replica bucket. Must differ from the stack's region. Ignored when `replication` is off. Changing it
     * replaces the replica bucket and key (objects already there are not copied again: only new writes replicate).
     * @default the {@link FILE_STORAGE_PAIRED_REGION} of the stack's `aws:region` (us-east-1 → us-west-2)
     */
    replicaRegion?: string;
    /**
     * Storage class of the copies in the replica bucket. `STANDARD_IA` halves the storage price of a copy that is
     * rarely read (30-day minimum charge, $0.01/GB retrieval); `GLACIER_IR` is cheaper again (90-day minimum, $0.03/GB).
     * @default "STANDARD" (what the source object uses)
     */
    replicaStorageClass?: FileStorageReplicaClass;
    /**
     * S3 Replication Time Control: 99.99% of objects replicated within 15 minutes, with replication metrics and an
     * event when an object misses it. Cost: $0.015/GB replicated on top of transfer, plus CloudWatch replication metrics.
     * @default false (replication is asynchronous, most objects within minutes, no guarantee)
     */
    replicationTimeControl?: boolean;
    /**
     * Days an object version is kept after it is overwritten or deleted, in the bucket and its replica; then it is
     * deleted for good. This is the window to recover a deleted or overwritten file.
     * @default 7 in dev, 30 in staging, 90 in prod
     */
    noncurrentExpireAfterDays?: number;
    /**
     * Days after which incomplete multipart uploads (abandoned browser uploads) are aborted and their parts deleted.
     * @default 7
     */
    abortIncompleteUploadsAfterDays?: number;
    /**
     * Days after upload before current objects move to `transitionStorageClass`. `STANDARD_IA` needs at least 30.
     * Objects under 128 KB are not moved (S3's default minimum size).
     * @default none (objects stay in S3 Standard)
     */
    transitionAfterDays?: number;
    /**
     * Storage class of `transitionAfterDays`: `STANDARD_IA` (millisecond access, 30-day minimum charge, $0.01/GB
     * retrieval) or `GLACIER_IR` (millisecond access, 90-day minimum charge, $0.03/GB retrieval, cheapest storage).
     * @default "STANDARD_IA"
     */
    transitionStorageClass?: FileStorageTransitionClass;
    /**
     * Key prefix of temporary uploads (e.g. `tmp/`), whose objects expire after `temporaryExpireAfterDays`; their old
     * versions are deleted a day later. CharterFlow: "Lifecycle: Automatic cleanup of old files".
     * @default none
     */
    temporaryPrefix?: string;
    /**
     * Days after upload before objects under `temporaryPrefix` expire.
     * @default 1
     */
    temporaryExpireAfterDays?: number;
    /**
     * Origins allowed to read and upload from a browser (presigned PUT or POST), e.g. `["https://charterflow.app"]`:
     * scheme and host (and port), no path, no `*`. `http://` only for localhost. Unset: no CORS rule, so browsers
     * cannot call the bucket directly.
     * @default none
     */
    corsOrigins?: string[];
    /**
     * Methods the CORS rule allows.
     * @default ["GET", "HEAD", "PUT", "POST"]
     */
    corsMethods?: FileStorageCorsMethod[];
    /**
     * Seconds a browser caches the CORS preflight answer.
     * @default 3600
     */
    corsMaxAgeSeconds?: number;
    /**
     * A CloudFront distribution reading the bucket through Origin Access Control (SigV4; the bucket and key policies
     * admit this distribution only), HTTPS only, security headers, signed URLs unless `publicRead`. Same domain and
     * TLS rules as `AwsCdn` (a custom domain in staging and prod; `minimumProtocolVersion`; a CLOUDFRONT web ACL).
     * Removing it deletes the distribution. Cost: CloudFront per GB out ($0.085/GB, first 1 TB a month free) and per
     * 10,000 HTTPS requests ($0.01), the web ACL's own price; S3 GETs from CloudFront are billed as requests, transfer
     * S3 → CloudFront is free.
     * @default none: files are read with presigned S3 URLs
     */
    cdn?: FileStorageCdn;
    /** Per-child overrides, one key per kind of child. @default none: each child takes the args the component computed */
    transform?: CdnEdgeTransforms &
        BucketTransformArgs & {
            publicKey?: Transform<aws.cloudfront.PublicKeyArgs>;
            keyGroup?: Transform<aws.cloudfront.KeyGroupArgs>;
            cors?: Transform<aws.s3.BucketCorsConfigurationArgs>;
            replicaKey?: Transform<aws.kms.KeyArgs>;
            replicaBucket?: Transform<aws.s3.BucketArgs>;
            replicaPublicAccessBlock?: Transform<aws.s3.BucketPublicAccessBlockArgs>;
            replicaOwnershipControls?: Transform<aws.s3.BucketOwnershipControlsArgs>;
            replicaVersioning?: Transform<aws.s3.BucketVersioningArgs>;
            replicaEncryption?: Transform<aws.s3.BucketServerSideEncryptionConfigurationArgs>;
            replicaLifecycle?: Transform<aws.s3.BucketLifecycleConfigurationArgs>;
            replicaBucketPolicy?: Transform<aws.s3.BucketPolicyArgs>;
            replicationRole?: Transform<aws.iam.RoleArgs>;
            replicationRolePolicy?: Transform<aws.iam.RolePolicyArgs>;
            replication?: Transform<aws.s3.BucketReplicationConfigArgs>;
        };
}

/** The component's settings after its profile, each checked: what the constructor builds from. */
export interface FileStorageSettings {
    replication: boolean;
    noncurrentExpireAfterDays: number;
    abortAfterDays: number;
    transitionStorageClass: FileStorageTransitionClass;
    temporaryPrefix?: string;
    temporaryExpireAfterDays: number;
    corsOrigins: string[];
    corsMethods: FileStorageCorsMethod[];
    corsMaxAgeSeconds: number;
    cdnPriceClass: CdnPriceClass;
    /** The CDN's domain names ({@link checkCdnEdge}); empty without `cdn`. */
    cdnNames: string[];
    signingKeys: string[];
    /** Set when replication is on. */
    replicaRegion?: string;
    replicaStorageClass: FileStorageReplicaClass;
}

/**
 * Checks `args` before any child registers and fills the profile's defaults: each bad value is an
 * {@link InvalidArgumentError} naming the arg and what is allowed.
 */
export function fileStorageSettings(args: AwsFileStorageArgs, environment: Environment): FileStorageSettings {
    const p = profileDefaults(PROFILE, environment, {
        replication: args.replication,
        noncurrentExpireAfterDays: args.noncurrentExpireAfterDays,
    });
    checkRange(COMPONENT, "noncurrentExpireAfterDays", p.noncurrentExpireAfterDays, 1, 36_500);
    const abortAfterDays = args.abortIncompleteUploadsAfterDays ?? 7;
    checkRange(COMPONENT, "abortIncompleteUploadsAfterDays", abortAfterDays, 1, 365);
    const transitionStorageClass = checkOneOf(
        COMPONENT,
        "transitionStorageClass",
        args.transitionStorageClass ?? "STANDARD_IA",
        TRANSITION_CLASSES,
    );
    checkRange(COMPONENT, "transitionAfterDays", args.transitionAfterDays, 0, 36_500);
    if (args.transitionAfterDays !== undefined && transitionStorageClass === "STANDARD_IA" && args.transitionAfterDays < 30) {
        throw new InvalidArgumentError(
            COMPONENT,
            "transitionAfterDays",
            `is ${args.transitionAfterDays}; S3 moves objects to STANDARD_IA no sooner than 30 days after creation`,
            "30 or more with STANDARD_IA (or transitionStorageClass GLACIER_IR)",
        );
    }
    if (args.transitionStorageClass !== undefined && args.transitionAfterDays === undefined) {
        throw new InvalidArgumentError(
            COMPONENT,
            "transitionStorageClass",
            "is set without transitionAfterDays",
            "transitionAfterDays set too, or no transitionStorageClass",
        );
    }
    const temporaryPrefix = args.temporaryPrefix;
    const temporaryExpireAfterDays = args.temporaryExpireAfterDays ?? 1;
    if (
        temporaryPrefix !== undefined &&
        (temporaryPrefix.length === 0 || temporaryPrefix.startsWith("/") || temporaryPrefix.length > 1024)
    ) {
        throw new InvalidArgumentError(
            COMPONENT,
            "temporaryPrefix",
            `is ${JSON.stringify(temporaryPrefix)}`,
            "a non-empty key prefix without a leading slash, e.g. tmp/",
        );
    }
    if (args.temporaryExpireAfterDays !== undefined && temporaryPrefix === undefined) {
        throw new InvalidArgumentError(COMPONENT, "temporaryExpireAfterDays", "is set without temporaryPrefix", "temporaryPrefix set too");
    }
    checkRange(COMPONENT, "temporaryExpireAfterDays", temporaryExpireAfterDays, 1, 36_500);
    const corsOrigins = args.corsOrigins ?? [];
    for (const origin of corsOrigins) {
        if (!ORIGIN.test(origin) || (origin.startsWith("http://") && !LOCAL_ORIGIN.test(origin))) {
            throw new InvalidArgumentError(
                COMPONENT,
                "corsOrigins",
                `contains ${JSON.stringify(origin)}`,
                "origins as scheme://host[:port] without path or wildcard, https (http only for localhost), e.g. https://charterflow.app",
            );
        }
    }
    const corsMethods = args.corsMethods ?? ["GET", "HEAD", "PUT", "POST"];
    const methods: readonly string[] = CORS_METHODS;
    if (corsMethods.length === 0 || corsMethods.some((m) => !methods.includes(m))) {
        throw new InvalidArgumentError(
            COMPONENT,
            "corsMethods",
            `is ${JSON.stringify(corsMethods)}`,
            `one or more of ${CORS_METHODS.join(", ")}`,
        );
    }
    const corsMaxAgeSeconds = args.corsMaxAgeSeconds ?? 3600;
    checkRange(COMPONENT, "corsMaxAgeSeconds", corsMaxAgeSeconds, 0, 86_400);
    const cdn = args.cdn;
    const cdnPriceClass = profileDefaults(PROFILE, environment, { cdnPriceClass: cdn?.priceClass }).cdnPriceClass;
    const cdnNames = cdn !== undefined ? checkCdnEdge(COMPONENT, environment, { ...cdn, priceClass: cdnPriceClass }, "cdn.") : [];
    const signingKeys = cdn?.signingPublicKeys ?? [];
    if (cdn !== undefined) {
        if (cdn.publicRead === true && signingKeys.length > 0) {
            throw new InvalidArgumentError(
                COMPONENT,
                "cdn.signingPublicKeys",
                "is set with publicRead true",
                "signing keys (signed URLs only), or publicRead true without keys",
            );
        }
        if (cdn.publicRead !== true && (signingKeys.length === 0 || signingKeys.length > 5)) {
            throw new InvalidArgumentError(
                COMPONENT,
                "cdn.signingPublicKeys",
                `has ${signingKeys.length} keys, and without them anyone with a file's URL reads it`,
                "1 to 5 PEM public keys (CloudFront signed URLs), or publicRead: true for public files",
            );
        }
        for (const [i, pem] of signingKeys.entries()) {
            if (!PUBLIC_KEY_PEM.test(pem.trim() + "\n")) {
                throw new InvalidArgumentError(
                    COMPONENT,
                    `cdn.signingPublicKeys[${i}]`,
                    "is not a PEM public key",
                    "-----BEGIN PUBLIC KEY----- ... -----END PUBLIC KEY----- (openssl rsa -pubout of an RSA 2048 key)",
                );
            }
        }
    }

    // The stack's region, as the default provider will see it; a custom provider's region is not visible here.
    const stackRegion = new pulumi.Config("aws").get("region") ?? process.env["AWS_REGION"] ?? process.env["AWS_DEFAULT_REGION"];
    let replicaRegion: string | undefined;
    if (p.replication) {
        replicaRegion = args.replicaRegion ?? (stackRegion !== undefined ? FILE_STORAGE_PAIRED_REGION[stackRegion] : undefined);
        if (replicaRegion === undefined) {
            throw new InvalidArgumentError(
                COMPONENT,
                "replicaRegion",
                `is not set and the stack's region (${stackRegion ?? "unknown"}) has no default pair`,
                "an AWS region other than the stack's, e.g. us-west-2, or replication: false",
            );
        }
        if (!AWS_REGION.test(replicaRegion)) {
            throw new InvalidArgumentError(
                COMPONENT,
                "replicaRegion",
                `is ${JSON.stringify(replicaRegion)}`,
                "an AWS region code such as us-west-2",
            );
        }
        if (replicaRegion === stackRegion) {
            throw new InvalidArgumentError(
                COMPONENT,
                "replicaRegion",
                `is the stack's own region (${stackRegion}): a regional outage would take both copies`,
                "another AWS region",
            );
        }
    }
    const replicaStorageClass = checkOneOf(COMPONENT, "replicaStorageClass", args.replicaStorageClass ?? "STANDARD", REPLICA_CLASSES);
    return {
        replication: p.replication,
        noncurrentExpireAfterDays: p.noncurrentExpireAfterDays,
        abortAfterDays,
        transitionStorageClass,
        temporaryPrefix,
        temporaryExpireAfterDays,
        corsOrigins,
        corsMethods,
        corsMaxAgeSeconds,
        cdnPriceClass,
        cdnNames,
        signingKeys,
        replicaRegion,
        replicaStorageClass,
    };
}
