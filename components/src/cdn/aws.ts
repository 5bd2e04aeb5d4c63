import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Component } from "../core";
import { bucketKey, expireLogsRule, privateBucket } from "../blocks/bucket";
import { bucketTransforms } from "../blocks/bucket-transforms";
import type { BlockParent } from "../blocks/child";
import { CloudFrontInvalidation } from "./invalidation";
import { type AwsCdnArgs, cdnSettings } from "./aws-args";
import { type AwsCdnMetricDimensions, type AwsCdnSignalOptions, AwsCdnSignals } from "./aws-signals";
import { contentTypeOf } from "./content";
import type { Link } from "../core/link";
import {
    CACHING_OPTIMIZED_POLICY_ID,
    type CdnMinimumProtocolVersion,
    type CdnValidationRecord,
    type DEFAULT_CERTIFICATE_MINIMUM_PROTOCOL_VERSION,
    s3Distribution,
} from "./distribution";

export type { AwsCdnArgs, CdnArchiveStorageClass, CdnContent } from "./aws-args";
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

    /**
     * A link giving a consumer the distribution's public URL in `variable` (e.g. `ASSETS_URL`): a plain variable,
     * since the URL is public. The link is named after this component.
     */
    link(variable = "CDN_URL"): Link {
        return { name: this.name, env: { [variable]: this.url } };
    }

    /** The 5xx-rate alarm (and an optional bandwidth alarm) and dashboard graphs, for `AwsMonitoring`'s `monitor` (see `aws-signals.ts`). */
    public monitoring(options?: AwsCdnSignalOptions): AwsCdnSignals {
        return new AwsCdnSignals(this, options);
    }

    constructor(name: string, args: AwsCdnArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("cdn:AwsCdn", name, args, opts);
        const label = `AwsCdn "${name}"`;

        // ---- Validation, before any child exists (./aws-args.ts).
        const s = cdnSettings(label, this.environment, args);
        const domain = args.domain;
        this.contentHash = s.content?.hash;

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
            lifecycleRules: [expireLogsRule(s.accessLogRetentionDays, s.abortIncompleteUploadsAfterDays)],
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
                    noncurrentVersionTransitions: [{ noncurrentDays: s.noncurrentArchiveAfterDays, storageClass: s.archiveStorageClass }],
                    noncurrentVersionExpiration: { noncurrentDays: s.noncurrentExpireAfterDays },
                },
                {
                    id: "abort-incomplete-multipart-uploads",
                    status: "Enabled",
                    filter: {},
                    abortIncompleteMultipartUpload: { daysAfterInitiation: s.abortIncompleteUploadsAfterDays },
                },
                ...(args.currentArchiveAfterDays !== undefined || args.currentExpireAfterDays !== undefined
                    ? [
                          {
                              id: "archive-or-expire-current-objects",
                              status: "Enabled",
                              filter: {},
                              transitions:
                                  args.currentArchiveAfterDays !== undefined
                                      ? [{ days: args.currentArchiveAfterDays, storageClass: s.archiveStorageClass }]
                                      : undefined,
                              expiration: args.currentExpireAfterDays !== undefined ? { days: args.currentExpireAfterDays } : undefined,
                          },
                      ]
                    : []),
            ],
            logging: { targetBucket: logBucket.id, targetPrefix: "s3/" },
            dataOptions: this.dataOptions(args),
            transform: bucketTransforms(t),
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
            priceClass: s.priceClass,
            name: this.name,
            environment: this.environment,
            domainNames: s.domainNames,
            oacName: this.physicalName("oac"),
            headersPolicyName: this.physicalName("security-headers"),
            bucket,
            bucketDescription: "the content bucket",
            defaultRootObject: s.indexDocument,
            spaPage: args.spa === true ? s.indexDocument : undefined,
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
        if (s.encryption === "kms") {
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
        if (s.content !== undefined) {
            const objects = s.content.files.map((file) =>
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
                    version: s.content.hash,
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
