import * as fs from "node:fs";
import * as aws from "@pulumi/aws";
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
    type WebAclProvider,
} from "../core";
import { bucketKey, expireLogsRule, privateBucket } from "../blocks/bucket";
import type { BlockParent } from "../blocks/child";
import { CloudFrontInvalidation, type CloudFrontInvalidationArgs } from "./invalidation";
import { type AwsCdnMetricDimensions, type AwsCdnSignalOptions, AwsCdnSignals } from "./aws-signals";
import { type ContentFile, contentHash, contentTypeOf, listContentFiles } from "./content";
import type { Link } from "../core/link";
import {
    CACHING_OPTIMIZED_POLICY_ID,
    type CdnDomain,
    type CdnMinimumProtocolVersion,
    type CdnPriceClass,
    type CdnValidationRecord,
    checkCdnEdge,
    type DEFAULT_CERTIFICATE_MINIMUM_PROTOCOL_VERSION,
    s3Distribution,
} from "./distribution";

// The content helpers and the edge's constants and types are part of this module's public surface.
export { CONTENT_TYPES, type ContentFile, contentHash, contentTypeOf, listContentFiles } from "./content";
export {
    CACHING_OPTIMIZED_POLICY_ID,
    CDN_MINIMUM_PROTOCOL_VERSIONS,
    type CdnDomain,
    type CdnMinimumProtocolVersion,
    type CdnPriceClass,
    type CdnValidationRecord,
    CUSTOM_DOMAIN_MINIMUM_PROTOCOL_VERSION,
    DEFAULT_CERTIFICATE_MINIMUM_PROTOCOL_VERSION,
    HSTS_MAX_AGE_SECONDS,
} from "./distribution";

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

interface CdnProfile {
    priceClass: CdnPriceClass;
}

const PROFILE: Profile<CdnProfile> = {
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
     * @default CloudFront's managed `CachingOptimized` ({@link CACHING_OPTIMIZED_POLICY_ID})
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
    transform?: {
        key?: Transform<aws.kms.KeyArgs>;
        bucket?: Transform<aws.s3.BucketArgs>;
        publicAccessBlock?: Transform<aws.s3.BucketPublicAccessBlockArgs>;
        ownershipControls?: Transform<aws.s3.BucketOwnershipControlsArgs>;
        versioning?: Transform<aws.s3.BucketVersioningArgs>;
        logVersioning?: Transform<aws.s3.BucketVersioningArgs>;
        encryption?: Transform<aws.s3.BucketServerSideEncryptionConfigurationArgs>;
        lifecycle?: Transform<aws.s3.BucketLifecycleConfigurationArgs>;
        bucketPolicy?: Transform<aws.s3.BucketPolicyArgs>;
        bucketLogging?: Transform<aws.s3.BucketLoggingArgs>;
        logBucket?: Transform<aws.s3.BucketArgs>;
        logPublicAccessBlock?: Transform<aws.s3.BucketPublicAccessBlockArgs>;
        logOwnershipControls?: Transform<aws.s3.BucketOwnershipControlsArgs>;
        logEncryption?: Transform<aws.s3.BucketServerSideEncryptionConfigurationArgs>;
        logLifecycle?: Transform<aws.s3.BucketLifecycleConfigurationArgs>;
        logBucketPolicy?: Transform<aws.s3.BucketPolicyArgs>;
        originAccessControl?: Transform<aws.cloudfront.OriginAccessControlArgs>;
        responseHeadersPolicy?: Transform<aws.cloudfront.ResponseHeadersPolicyArgs>;
        certificate?: Transform<aws.acm.CertificateArgs>;
        validationRecord?: Transform<aws.route53.RecordArgs>;
        certificateValidation?: Transform<aws.acm.CertificateValidationArgs>;
        aliasRecord?: Transform<aws.route53.RecordArgs>;
        distribution?: Transform<aws.cloudfront.DistributionArgs>;
        object?: Transform<aws.s3.BucketObjectv2Args>;
        invalidation?: Transform<CloudFrontInvalidationArgs>;
    };
}

const ARCHIVE_CLASSES: readonly CdnArchiveStorageClass[] = ["GLACIER_IR", "DEEP_ARCHIVE"];

/**
 * Static content on CloudFront from a private, versioned, encrypted S3 bucket.
 *
 * - The bucket blocks every form of public access, disables ACLs (`BucketOwnerEnforced`), is encrypted with a
 *   component-owned KMS key (or SSE-S3), denies plain-HTTP requests, and is readable only by this distribution
 *   through Origin Access Control (SigV4, every request signed; bucket and key policies check the distribution's ARN).
 * - Old versions move to a cold archive and then expire; incomplete uploads are cleaned up.
 * - S3 server access logs and CloudFront standard logs go to a separate, private, SSE-S3 log bucket that expires
 *   them (`accessLogRetentionDays`). That bucket keeps ACLs enabled (`BucketOwnerPreferred`) because CloudFront
 *   standard logging delivers through ACLs.
 * - Viewers are redirected to HTTPS, served over HTTP/2 and HTTP/3 on IPv4 and IPv6, compressed, with security
 *   headers (HSTS two years with subdomains and preload, `nosniff`, `X-Frame-Options: DENY`,
 *   `strict-origin-when-cross-origin`, XSS protection). With a `domain` (required in staging and prod), TLS 1.2+
 *   (`TLSv1.2_2021`) over SNI; without one (dev), CloudFront's default certificate, which accepts TLS 1.0+.
 *
 * Cost: CloudFront per GB out and per 10,000 requests (by `priceClass`), S3 storage and requests, $1/month for
 * the KMS key (`encryption: "kms"`), log storage; the ACM certificate is free.
 */
export class AwsCdn extends Component implements AwsCdnMetricDimensions {
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;
    public readonly distributionId: pulumi.Output<string>;
    public readonly distributionArn: pulumi.Output<string>;
    /** The distribution's `*.cloudfront.net` name. */
    public readonly domainName: pulumi.Output<string>;
    /** `https://<domain.name>` with a custom domain, else `https://<distribution>.cloudfront.net`. */
    public readonly url: pulumi.Output<string>;
    /** Route 53 zone id of CloudFront, for alias records to {@link domainName}. */
    public readonly hostedZoneId: pulumi.Output<string>;
    public readonly logBucketName: pulumi.Output<string>;
    /** ARN of the content bucket's KMS key (`encryption: "kms"`). */
    public readonly kmsKeyArn?: pulumi.Output<string>;
    /** DNS records proving the domain to ACM; create them yourself when no `domain.hostedZoneId` is given. */
    public readonly certificateValidationRecords?: pulumi.Output<CdnValidationRecord[]>;
    /** SHA-256 of the uploaded content (`content`), the invalidation's trigger. */
    public readonly contentHash?: string;
    /**
     * The oldest TLS version viewers may use: `TLSv1.2_2021` with a `domain`; `TLSv1` (TLS 1.0) on the default
     * `*.cloudfront.net` certificate, whose policy AWS fixes at TLSv1 (dev only).
     */
    public readonly viewerMinimumProtocolVersion: CdnMinimumProtocolVersion | typeof DEFAULT_CERTIFICATE_MINIMUM_PROTOCOL_VERSION;

    /** The 5xx-rate alarm (and an optional bandwidth alarm) and dashboard graphs, for `AwsMonitoring`'s `monitor` (see `aws-signals.ts`). */
    /**
     * A link giving a consumer the distribution's public URL in `variable` (e.g. `ASSETS_URL`): a plain variable,
     * since the URL is public. The link is named after this component.
     */
    link(variable = "CDN_URL"): Link {
        return { name: this.name, env: { [variable]: this.url } };
    }

    public monitoring(options?: AwsCdnSignalOptions): AwsCdnSignals {
        return new AwsCdnSignals(this, options);
    }

    constructor(name: string, args: AwsCdnArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("cdn:AwsCdn", name, args, opts);
        const label = `AwsCdn "${name}"`;

        // ---- Validation, before any child exists.
        const settings = profileDefaults(PROFILE, this.environment, { priceClass: args.priceClass });
        const domain = args.domain;
        const domainNames = checkCdnEdge(label, this.environment, { ...args, priceClass: settings.priceClass });
        const encryption = args.encryption ?? "kms";
        if (encryption !== "kms" && encryption !== "s3") {
            throw new InvalidArgumentError(label, "encryption", `is ${JSON.stringify(encryption)}`, "kms, s3");
        }
        const archiveStorageClass = args.archiveStorageClass ?? "GLACIER_IR";
        if (!ARCHIVE_CLASSES.includes(archiveStorageClass)) {
            throw new InvalidArgumentError(
                label,
                "archiveStorageClass",
                `is ${JSON.stringify(archiveStorageClass)}`,
                ARCHIVE_CLASSES.join(", "),
            );
        }
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
        let files: ContentFile[] | undefined;
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
            files = listContentFiles(directory);
            this.contentHash = contentHash(files);
        }

        const t = args.transform ?? {};
        const block: BlockParent = { child: this.child.bind(this), tags: this.tags, label };
        const identity = aws.getCallerIdentityOutput({}, { parent: this });
        const partition = aws.getPartitionOutput({}, { parent: this });

        // ---- Access-log bucket: S3 server access logs and CloudFront standard logs. Access logs are audit records:
        // versioned, so an overwrite or a delete cannot erase one before it expires. Log delivery supports SSE-S3
        // only, not SSE-KMS; CloudFront standard logging writes through an ACL grant to its log-delivery account, so
        // ACLs stay enabled here.
        const logs = privateBucket(block, {
            bucketSuffix: "logs",
            prefix: "logs-",
            physicalName: this.physicalName("logs", "bucket"),
            objectOwnership: "BucketOwnerPreferred",
            encryption: "AES256",
            lifecycleRules: [expireLogsRule(accessLogRetentionDays, abortIncompleteUploadsAfterDays)],
            dataOptions: this.dataOptions(args),
            transform: {
                bucket: t.logBucket,
                publicAccessBlock: t.logPublicAccessBlock,
                ownership: t.logOwnershipControls,
                versioning: t.logVersioning,
                encryption: t.logEncryption,
                lifecycle: t.logLifecycle,
                policy: t.logBucketPolicy,
            },
        });
        const logBucket = logs.bucket;

        // ---- Content bucket (its key and policy name the distribution: they follow it).
        const content = privateBucket(block, {
            bucketSuffix: "bucket",
            prefix: "",
            physicalName: this.physicalName("content", "bucket"),
            lifecycleRules: [
                {
                    id: "archive-then-expire-noncurrent-versions",
                    status: "Enabled",
                    filter: {},
                    noncurrentVersionTransitions: [{ noncurrentDays: noncurrentArchiveAfterDays, storageClass: archiveStorageClass }],
                    noncurrentVersionExpiration: { noncurrentDays: noncurrentExpireAfterDays },
                },
                {
                    id: "abort-incomplete-multipart-uploads",
                    status: "Enabled",
                    filter: {},
                    abortIncompleteMultipartUpload: { daysAfterInitiation: abortIncompleteUploadsAfterDays },
                },
                ...(args.currentArchiveAfterDays !== undefined || args.currentExpireAfterDays !== undefined
                    ? [
                          {
                              id: "archive-or-expire-current-objects",
                              status: "Enabled",
                              filter: {},
                              transitions:
                                  args.currentArchiveAfterDays !== undefined
                                      ? [{ days: args.currentArchiveAfterDays, storageClass: archiveStorageClass }]
                                      : undefined,
                              expiration: args.currentExpireAfterDays !== undefined ? { days: args.currentExpireAfterDays } : undefined,
                          },
                      ]
                    : []),
            ],
            logging: { targetBucket: logBucket.id, targetPrefix: "s3/" },
            dataOptions: this.dataOptions(args),
            transform: {
                bucket: t.bucket,
                publicAccessBlock: t.publicAccessBlock,
                ownership: t.ownershipControls,
                versioning: t.versioning,
                encryption: t.encryption,
                lifecycle: t.lifecycle,
                logging: t.bucketLogging,
                policy: t.bucketPolicy,
            },
        });
        const bucket = content.bucket;
        logs.policy([
            {
                Sid: "S3ServerAccessLogsOfTheContentBucket",
                Effect: "Allow",
                Principal: { Service: "logging.s3.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: pulumi.interpolate`${logBucket.arn}/s3/*`,
                Condition: { ArnLike: { "aws:SourceArn": bucket.arn }, StringEquals: { "aws:SourceAccount": identity.accountId } },
            },
        ]);

        // ---- Edge: origin access, headers, certificate, distribution, alias records (./distribution.ts).
        const edge = s3Distribution(block, {
            ...args,
            priceClass: settings.priceClass,
            name: this.name,
            environment: this.environment,
            domainNames,
            oacName: this.physicalName("oac"),
            headersPolicyName: this.physicalName("security-headers"),
            bucket,
            bucketDescription: "the content bucket",
            defaultRootObject: indexDocument,
            spaPage: args.spa === true ? indexDocument : undefined,
            cachePolicyId: args.cachePolicyId ?? CACHING_OPTIMIZED_POLICY_ID,
            logging: { bucketDomainName: logBucket.bucketDomainName, prefix: "cloudfront/" },
            transform: t,
            dependsOn: [logs.ownership],
        });
        const distribution = edge.distribution;
        this.certificateValidationRecords = edge.certificateValidationRecords;
        this.viewerMinimumProtocolVersion = edge.viewerMinimumProtocolVersion;

        // ---- Who may read the bucket: this distribution only.
        let encryptionConfig: aws.s3.BucketServerSideEncryptionConfiguration;
        if (encryption === "kms") {
            const key = bucketKey(
                block,
                "key",
                {
                    description: `Encrypts the content bucket of ${this.name}`,
                    partition: partition.partition,
                    accountId: identity.accountId,
                    statements: [edge.decryptStatement],
                },
                t.key,
                this.dataOptions(args),
            );
            this.kmsKeyArn = key.arn;
            encryptionConfig = content.encrypt({ kmsKeyArn: key.arn });
        } else {
            encryptionConfig = content.encrypt("AES256");
        }
        content.policy([edge.readStatement]);

        // ---- Content and cache invalidation.
        if (files !== undefined && this.contentHash !== undefined) {
            const objects = files.map((file) =>
                this.child(
                    aws.s3.BucketObjectv2,
                    `content-${file.relativePath}`,
                    {
                        bucket: bucket.id,
                        key: file.relativePath,
                        source: new pulumi.asset.FileAsset(file.absolutePath),
                        contentType: contentTypeOf(file.relativePath),
                        // Not tagged: S3 allows 10 tags per object, fewer than the standard tags plus user tags may need.
                    },
                    t.object,
                    { dependsOn: [encryptionConfig, content.ownership] },
                ),
            );
            this.child(
                CloudFrontInvalidation,
                "invalidation",
                {
                    distributionId: distribution.id,
                    paths: ["/*"],
                    version: this.contentHash,
                    wait: args.content?.waitForInvalidation ?? false,
                },
                t.invalidation,
                { dependsOn: objects },
            );
        }

        this.bucketName = bucket.bucket;
        this.bucketArn = bucket.arn;
        this.logBucketName = logBucket.bucket;
        this.distributionId = distribution.id;
        this.distributionArn = distribution.arn;
        this.domainName = distribution.domainName;
        this.hostedZoneId = distribution.hostedZoneId;
        this.url = domain ? pulumi.output(`https://${domain.name}`) : pulumi.interpolate`https://${distribution.domainName}`;

        this.registerOutputs({
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            logBucketName: this.logBucketName,
            distributionId: this.distributionId,
            distributionArn: this.distributionArn,
            domainName: this.domainName,
            url: this.url,
            hostedZoneId: this.hostedZoneId,
            kmsKeyArn: this.kmsKeyArn,
            certificateValidationRecords: this.certificateValidationRecords,
            contentHash: this.contentHash,
            viewerMinimumProtocolVersion: this.viewerMinimumProtocolVersion,
        });
    }
}
