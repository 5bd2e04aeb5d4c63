/** The args of `AwsCdn`, its profile, the values it accepts and their checks (split from `aws.ts`). */
import * as fs from "node:fs";
import type * as aws from "@pulumi/aws";
import type { BucketTransformArgs } from "../blocks/bucket-transforms";
import type * as pulumi from "@pulumi/pulumi";
import type { BaseArgs, DataProtection, Environment, Profile, Transform, WebAclProvider } from "../core";
import { checkOneOf, checkRange, InvalidArgumentError, profileDefaults } from "../core";
import { type ContentFile, contentHash, listContentFiles } from "./content";
import { type CdnDomain, type CdnEdgeTransforms, type CdnMinimumProtocolVersion, type CdnPriceClass, checkCdnEdge } from "./distribution";
import type { CloudFrontInvalidationArgs } from "./invalidation";

/** Storage classes old object versions (and, optionally, current objects) move to. */
export type CdnArchiveStorageClass = "GLACIER_IR" | "DEEP_ARCHIVE";

/** Files the component uploads to the bucket, and how it invalidates the cache after a change. */
export interface CdnContent {
    /** The directory whose files are uploaded (read at plan time, recursively). */
    directory: string;
    /**
     * Wait (up to 10 minutes) until CloudFront reports the invalidation completed, so the deployment ends when
     * viewers get the new content. Changing only this invalidates nothing.
     * @default false (the old content may be served for a few minutes after the deployment ends)
     */
    waitForInvalidation?: boolean;
}

export interface CdnProfile {
    priceClass: CdnPriceClass;
}

export const PROFILE: Profile<CdnProfile> = {
    dev: { priceClass: "PriceClass_100" },
    staging: { priceClass: "PriceClass_100" },
    prod: { priceClass: "PriceClass_All" },
};

export interface AwsCdnArgs extends BaseArgs, DataProtection {
    /**
     * Serve the content on a custom domain, with an ACM certificate (DNS-validated, in us-east-1 as CloudFront
     * requires), SNI and TLS 1.2+ (`TLSv1.2_2021`). Changing the names replaces the certificate (a new one is
     * validated and swapped in before the old one is deleted).
     *
     * Required in staging and prod. Without it the distribution answers on its `*.cloudfront.net` name with
     * CloudFront's default certificate, whose security policy is always `TLSv1` (TLS 1.0 and 1.1 accepted): AWS
     * ignores any other `minimumProtocolVersion` there, so the component sends `TLSv1`, says so in
     * {@link AwsCdn.viewerMinimumProtocolVersion}, and allows it in dev only.
     * @default none in dev (the `*.cloudfront.net` name, TLSv1 floor); required in staging and prod
     */
    domain?: CdnDomain;
    /**
     * Viewer security policy with `domain`: `TLSv1.2_2021` (TLS 1.2 and 1.3) or `TLSv1.3_2025` (TLS 1.3 only, the
     * strongest CloudFront offers: AIOS "HTTPS enforced (TLS 1.3)"; clients without TLS 1.3, e.g. Android 9 and older,
     * cannot connect). Changing it updates the distribution in place. No effect without `domain` (the default
     * certificate is fixed at `TLSv1`), which is an error if set.
     * @default "TLSv1.2_2021"
     */
    minimumProtocolVersion?: CdnMinimumProtocolVersion;
    /**
     * Write A and AAAA alias records for `domain.name` and each non-wildcard alias, pointing at the distribution,
     * in `domain.hostedZoneId`. Existing records of those names are overwritten.
     * @default true when `domain.hostedZoneId` is given
     */
    aliasRecords?: boolean;
    /**
     * A WAFv2 web ACL of scope CLOUDFRONT (created in us-east-1), e.g. an `AwsWaf` built for CloudFront.
     * Cost: see the web ACL's own component.
     * @default none
     */
    webAcl?: WebAclProvider;
    /**
     * Single-page app: answer 403 and 404 from the bucket with `/index.html` and status 200, so client-side routes
     * load the app.
     * @default false
     */
    spa?: boolean;
    /**
     * Which edge locations serve the content. `PriceClass_100`: North America and Europe (cheapest);
     * `PriceClass_200`: adds Asia, Middle East, Africa; `PriceClass_All`: every location (best latency, highest
     * per-GB price in the added regions).
     * @default "PriceClass_100" in dev and staging, "PriceClass_All" in prod
     */
    priceClass?: CdnPriceClass;
    /**
     * Encryption at rest of the content bucket:
     * - `kms`: SSE-KMS with a key this component owns (yearly rotation, bucket key on), usable by this
     *   distribution only. Cost: $1/month for the key; the bucket key keeps request charges low.
     * - `s3`: SSE-S3 (AES-256 with S3-managed keys), no key charge.
     * Switching rewrites the bucket's default encryption (existing objects keep theirs until rewritten).
     * @default "kms"
     */
    encryption?: "kms" | "s3";
    /**
     * Storage class old object versions move to after `noncurrentArchiveAfterDays`. `GLACIER_IR` (millisecond
     * retrieval, 90-day minimum charge) or `DEEP_ARCHIVE` (12-hour retrieval, cheapest, 180-day minimum charge).
     * Objects under 128 KB are not transitioned (S3's default minimum size).
     * @default "GLACIER_IR"
     */
    archiveStorageClass?: CdnArchiveStorageClass;
    /**
     * Days after an object version is overwritten or deleted before it moves to `archiveStorageClass`.
     * @default 30
     */
    noncurrentArchiveAfterDays?: number;
    /**
     * Days after an object version is overwritten or deleted before it is deleted for good. Must be greater than
     * `noncurrentArchiveAfterDays`.
     * @default 120 (30 days in S3 Standard, then the 90-day cold archive of the backup policy)
     */
    noncurrentExpireAfterDays?: number;
    /**
     * Days after upload before current objects move to `archiveStorageClass`. Only `GLACIER_IR` can be served
     * by CloudFront, so this requires `archiveStorageClass: "GLACIER_IR"`. Retrieval costs $0.03/GB.
     * @default none (current objects stay in S3 Standard)
     */
    currentArchiveAfterDays?: number;
    /**
     * Days after upload before current objects expire (become noncurrent versions, then follow the noncurrent
     * rules). For buckets of short-lived content only.
     * @default none (current objects never expire)
     */
    currentExpireAfterDays?: number;
    /**
     * Days after which incomplete multipart uploads are aborted and their parts deleted.
     * @default 7
     */
    abortIncompleteUploadsAfterDays?: number;
    /**
     * Days the access-log bucket keeps S3 server access logs and CloudFront standard logs.
     * Cost: S3 Standard storage of the logs (~$0.023/GB-month).
     * @default 90
     */
    accessLogRetentionDays?: number;
    /**
     * The object served for `/`.
     * @default "index.html"
     */
    indexDocument?: string;
    /**
     * Cache policy of the default behaviour.
     * @default CloudFront's managed `CachingOptimized` (`CACHING_OPTIMIZED_POLICY_ID`)
     */
    cachePolicyId?: pulumi.Input<string>;
    /**
     * Upload every file of `directory` (read at plan time, recursively) as an object named by its relative path,
     * with the content type of its extension. When any file changes (a SHA-256 over paths and bytes), the whole
     * distribution cache is invalidated (`/*`) through the CloudFront API (CreateInvalidation) from a dynamic
     * provider (`./invalidation.ts`): no AWS CLI needed; the machine running Pulumi needs credentials (its default
     * AWS credential chain) allowed `cloudfront:CreateInvalidation` (and `cloudfront:GetInvalidation` with
     * `waitForInvalidation`). Removing a file deletes its object. Cost: S3 PUT requests per changed file; the first
     * 1,000 invalidation paths a month are free (`/*` counts as one), then $0.005 per path.
     * @default none: the bucket is filled by something else (e.g. a CI job)
     */
    content?: CdnContent;
    /** Per-child overrides, one key per kind of child. @default none: each child takes the args the component computed */
    transform?: CdnEdgeTransforms &
        BucketTransformArgs & {
            logVersioning?: Transform<aws.s3.BucketVersioningArgs>;
            bucketLogging?: Transform<aws.s3.BucketLoggingArgs>;
            logBucket?: Transform<aws.s3.BucketArgs>;
            logPublicAccessBlock?: Transform<aws.s3.BucketPublicAccessBlockArgs>;
            logOwnershipControls?: Transform<aws.s3.BucketOwnershipControlsArgs>;
            logEncryption?: Transform<aws.s3.BucketServerSideEncryptionConfigurationArgs>;
            logLifecycle?: Transform<aws.s3.BucketLifecycleConfigurationArgs>;
            logBucketPolicy?: Transform<aws.s3.BucketPolicyArgs>;
            object?: Transform<aws.s3.BucketObjectv2Args>;
            invalidation?: Transform<CloudFrontInvalidationArgs>;
        };
}

export const ARCHIVE_CLASSES: readonly CdnArchiveStorageClass[] = ["GLACIER_IR", "DEEP_ARCHIVE"];

const ENCRYPTIONS: readonly ("kms" | "s3")[] = ["kms", "s3"];

/** The component's settings after its profile, each checked: what the constructor builds from. */
export interface CdnSettings {
    priceClass: CdnPriceClass;
    /** The names {@link checkCdnEdge} returned. */
    domainNames: string[];
    encryption: "kms" | "s3";
    archiveStorageClass: CdnArchiveStorageClass;
    noncurrentArchiveAfterDays: number;
    noncurrentExpireAfterDays: number;
    abortIncompleteUploadsAfterDays: number;
    accessLogRetentionDays: number;
    indexDocument: string;
    /** With `content`: the files to upload, read now, and their SHA-256 (the invalidation's trigger). */
    content?: { files: ContentFile[]; hash: string };
}

/**
 * Checks `args` of the component `label` before any child registers and fills the profile's defaults: each bad
 * value is an {@link InvalidArgumentError} naming the arg and what is allowed.
 */
export function cdnSettings(label: string, environment: Environment, args: AwsCdnArgs): CdnSettings {
    const { priceClass } = profileDefaults(PROFILE, environment, { priceClass: args.priceClass });
    const domainNames = checkCdnEdge(label, environment, { ...args, priceClass });
    const encryption = checkOneOf(label, "encryption", args.encryption ?? "kms", ENCRYPTIONS);
    const archiveStorageClass = checkOneOf(label, "archiveStorageClass", args.archiveStorageClass ?? "GLACIER_IR", ARCHIVE_CLASSES);
    const noncurrentArchiveAfterDays = args.noncurrentArchiveAfterDays ?? 30;
    const noncurrentExpireAfterDays = args.noncurrentExpireAfterDays ?? 120;
    checkRange(label, "noncurrentArchiveAfterDays", noncurrentArchiveAfterDays, 1, 36_500);
    checkRange(label, "noncurrentExpireAfterDays", noncurrentExpireAfterDays, 2, 36_500);
    if (noncurrentExpireAfterDays <= noncurrentArchiveAfterDays) {
        throw new InvalidArgumentError(
            label,
            "noncurrentExpireAfterDays",
            `is ${noncurrentExpireAfterDays}, not after noncurrentArchiveAfterDays (${noncurrentArchiveAfterDays})`,
            `more than ${noncurrentArchiveAfterDays}`,
        );
    }
    checkRange(label, "currentArchiveAfterDays", args.currentArchiveAfterDays, 1, 36_500);
    checkRange(label, "currentExpireAfterDays", args.currentExpireAfterDays, 1, 36_500);
    if (args.currentArchiveAfterDays !== undefined && archiveStorageClass !== "GLACIER_IR") {
        throw new InvalidArgumentError(
            label,
            "currentArchiveAfterDays",
            `is set with archiveStorageClass ${archiveStorageClass}, which CloudFront cannot read`,
            `archiveStorageClass "GLACIER_IR", or no currentArchiveAfterDays`,
        );
    }
    if (
        args.currentArchiveAfterDays !== undefined &&
        args.currentExpireAfterDays !== undefined &&
        args.currentExpireAfterDays <= args.currentArchiveAfterDays
    ) {
        throw new InvalidArgumentError(
            label,
            "currentExpireAfterDays",
            `is ${args.currentExpireAfterDays}, not after currentArchiveAfterDays (${args.currentArchiveAfterDays})`,
            `more than ${args.currentArchiveAfterDays}`,
        );
    }
    const abortIncompleteUploadsAfterDays = args.abortIncompleteUploadsAfterDays ?? 7;
    checkRange(label, "abortIncompleteUploadsAfterDays", abortIncompleteUploadsAfterDays, 1, 365);
    const accessLogRetentionDays = args.accessLogRetentionDays ?? 90;
    checkRange(label, "accessLogRetentionDays", accessLogRetentionDays, 1, 36_500);
    const indexDocument = args.indexDocument ?? "index.html";
    if (indexDocument.length === 0 || indexDocument.startsWith("/")) {
        throw new InvalidArgumentError(
            label,
            "indexDocument",
            `is ${JSON.stringify(indexDocument)}`,
            "an object key without a leading slash, e.g. index.html",
        );
    }
    let content: { files: ContentFile[]; hash: string } | undefined;
    if (args.content !== undefined) {
        const directory = args.content.directory;
        if (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) {
            throw new InvalidArgumentError(
                label,
                "content.directory",
                `is ${JSON.stringify(directory)}, not a directory`,
                "an existing directory, relative to the working directory or absolute",
            );
        }
        const files = listContentFiles(directory);
        content = { files, hash: contentHash(files) };
    }
    return {
        priceClass,
        domainNames,
        encryption,
        archiveStorageClass,
        noncurrentArchiveAfterDays,
        noncurrentExpireAfterDays,
        abortIncompleteUploadsAfterDays,
        accessLogRetentionDays,
        indexDocument,
        content,
    };
}
