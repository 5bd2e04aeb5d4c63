import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
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
import { dnsValidatedCertificate } from "../blocks/certificate";
import type { BlockParent } from "../blocks/child";
import { CloudFrontInvalidation, type CloudFrontInvalidationArgs } from "./invalidation";
import { type AwsCdnMetricDimensions, AwsCdnSignals } from "./aws-signals";

/** CloudFront price classes: which edge locations serve the content. */
export type CdnPriceClass = "PriceClass_100" | "PriceClass_200" | "PriceClass_All";

/** Storage classes old object versions (and, optionally, current objects) move to. */
export type CdnArchiveStorageClass = "GLACIER_IR" | "DEEP_ARCHIVE";

/** A custom domain served by the distribution. */
export interface CdnDomain {
    /** The main host name, e.g. `www.example.com`. Changing it replaces the certificate. */
    name: string;
    /** Further host names (`example.com`, `*.example.com`), on the same certificate. Changing them replaces the certificate. */
    aliases?: string[];
    /**
     * Route 53 hosted zone holding the names. When given, the component writes the certificate's DNS validation
     * records (and, unless `aliasRecords` is false, A/AAAA alias records to the distribution) in it. Without it,
     * create the records of the `certificateValidationRecords` output yourself: the deployment waits for them.
     */
    hostedZoneId?: string;
}

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

/** A certificate DNS validation record to create by hand when no hosted zone is given. */
export interface CdnValidationRecord {
    name: string;
    type: string;
    value: string;
}

/** CloudFront's managed `CachingOptimized` cache policy. */
export const CACHING_OPTIMIZED_POLICY_ID = "658327ea-f89d-4fab-a63d-7e88639e58f6";

/**
 * The viewer security policy of a distribution with a custom domain (TLS 1.2+, modern ciphers). With CloudFront's
 * default certificate the policy is always `TLSv1`: "If the distribution uses the CloudFront domain name such as
 * d111111abcdef8.cloudfront.net (you set CloudFrontDefaultCertificate to true), CloudFront automatically sets the
 * security policy to TLSv1 regardless of the value that you set here" (CloudFront API reference, ViewerCertificate,
 * https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ViewerCertificate.html); the provider's docs say
 * "If you have specified cloudfrontDefaultCertificate, TLSv1 must be specified" (hashicorp/terraform-provider-aws,
 * website/docs/r/cloudfront_distribution.html.markdown, viewer_certificate).
 */
export const CUSTOM_DOMAIN_MINIMUM_PROTOCOL_VERSION = "TLSv1.2_2021";
export const DEFAULT_CERTIFICATE_MINIMUM_PROTOCOL_VERSION = "TLSv1";
/**
 * Viewer security policies `minimumProtocolVersion` may name with a custom domain: the TLS 1.2 default and
 * `TLSv1.3_2025`, CloudFront's strongest (TLS 1.3 only; "Supported protocols and ciphers between viewers and
 * CloudFront", https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html,
 * read 2026-12-06). The provider validates the value against the SDK enum (hashicorp/terraform-provider-aws
 * internal/service/cloudfront/distribution.go, viewer_certificate.minimum_protocol_version:
 * `enum.Validate[awstypes.MinimumProtocolVersion]()`; aws-sdk-go-v2 service/cloudfront/types/enums.go:
 * `MinimumProtocolVersionTLSv132025 MinimumProtocolVersion = "TLSv1.3_2025"`).
 */
export const CDN_MINIMUM_PROTOCOL_VERSIONS = [CUSTOM_DOMAIN_MINIMUM_PROTOCOL_VERSION, "TLSv1.3_2025"] as const;
export type CdnMinimumProtocolVersion = (typeof CDN_MINIMUM_PROTOCOL_VERSIONS)[number];

/** HSTS max-age sent by the distribution: two years, the preload list's recommendation (at least one year). */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;

/** Content types by file extension (lower case, with the dot); anything else is `application/octet-stream`. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".wasm": "application/wasm",
    ".pdf": "application/pdf",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".mp3": "audio/mpeg",
    ".zip": "application/zip",
};

/** The content type of a file name, from its extension. */
export function contentTypeOf(file: string): string {
    return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
}

/** A file of a content directory: its path relative to the directory (`/`-separated) and absolute path. */
export interface ContentFile {
    relativePath: string;
    absolutePath: string;
}

/** Every regular file under `directory`, recursively, sorted by relative path (`/`-separated). Symbolic links are followed. */
export function listContentFiles(directory: string): ContentFile[] {
    const files: ContentFile[] = [];
    const walk = (dir: string, prefix: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const absolutePath = path.join(dir, entry.name);
            const relativePath = prefix ? `${prefix}/${entry.name}` : entry.name;
            const stat = fs.statSync(absolutePath);
            if (stat.isDirectory()) walk(absolutePath, relativePath);
            else if (stat.isFile()) files.push({ relativePath, absolutePath });
        }
    };
    walk(directory, "");
    return files.sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
}

/** SHA-256 over the files' relative paths and bytes: changes when any file is added, removed, renamed or edited. */
export function contentHash(files: readonly ContentFile[]): string {
    const hash = crypto.createHash("sha256");
    for (const file of files) {
        const bytes = fs.readFileSync(file.absolutePath);
        hash.update(`${file.relativePath}\0${bytes.length}\0`);
        hash.update(bytes);
    }
    return hash.digest("hex");
}

const HOSTNAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

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
    /** Per-child overrides, one key per kind of child. */
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

const PRICE_CLASSES: readonly CdnPriceClass[] = ["PriceClass_100", "PriceClass_200", "PriceClass_All"];
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

    /** The 5xx-rate alarm and dashboard graphs, for `AwsMonitoring`'s `monitor` (see `aws-signals.ts`). */
    public monitoring(): AwsCdnSignals {
        return new AwsCdnSignals(this);
    }

    constructor(name: string, args: AwsCdnArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("cdn:AwsCdn", name, args, opts);
        const label = `AwsCdn "${name}"`;

        // ---- Validation, before any child exists.
        if (args.webAcl !== undefined && args.webAcl.scope !== "CLOUDFRONT") {
            throw new InvalidArgumentError(label, "webAcl", `has scope ${args.webAcl.scope}; a distribution takes only a web ACL created for CloudFront`, "a web ACL of scope CLOUDFRONT (in us-east-1)");
        }
        const settings = profileDefaults(PROFILE, this.environment, { priceClass: args.priceClass });
        if (!PRICE_CLASSES.includes(settings.priceClass)) {
            throw new InvalidArgumentError(label, "priceClass", `is ${JSON.stringify(settings.priceClass)}`, PRICE_CLASSES.join(", "));
        }
        const encryption = args.encryption ?? "kms";
        if (encryption !== "kms" && encryption !== "s3") {
            throw new InvalidArgumentError(label, "encryption", `is ${JSON.stringify(encryption)}`, "kms, s3");
        }
        const archiveStorageClass = args.archiveStorageClass ?? "GLACIER_IR";
        if (!ARCHIVE_CLASSES.includes(archiveStorageClass)) {
            throw new InvalidArgumentError(label, "archiveStorageClass", `is ${JSON.stringify(archiveStorageClass)}`, ARCHIVE_CLASSES.join(", "));
        }
        const noncurrentArchiveAfterDays = args.noncurrentArchiveAfterDays ?? 30;
        const noncurrentExpireAfterDays = args.noncurrentExpireAfterDays ?? 120;
        checkRange(label, "noncurrentArchiveAfterDays", noncurrentArchiveAfterDays, 1, 36_500);
        checkRange(label, "noncurrentExpireAfterDays", noncurrentExpireAfterDays, 2, 36_500);
        if (noncurrentExpireAfterDays <= noncurrentArchiveAfterDays) {
            throw new InvalidArgumentError(label, "noncurrentExpireAfterDays", `is ${noncurrentExpireAfterDays}, not after noncurrentArchiveAfterDays (${noncurrentArchiveAfterDays})`, `more than ${noncurrentArchiveAfterDays}`);
        }
        checkRange(label, "currentArchiveAfterDays", args.currentArchiveAfterDays, 1, 36_500);
        checkRange(label, "currentExpireAfterDays", args.currentExpireAfterDays, 1, 36_500);
        if (args.currentArchiveAfterDays !== undefined && archiveStorageClass !== "GLACIER_IR") {
            throw new InvalidArgumentError(label, "currentArchiveAfterDays", `is set with archiveStorageClass ${archiveStorageClass}, which CloudFront cannot read`, `archiveStorageClass "GLACIER_IR", or no currentArchiveAfterDays`);
        }
        if (args.currentArchiveAfterDays !== undefined && args.currentExpireAfterDays !== undefined && args.currentExpireAfterDays <= args.currentArchiveAfterDays) {
            throw new InvalidArgumentError(label, "currentExpireAfterDays", `is ${args.currentExpireAfterDays}, not after currentArchiveAfterDays (${args.currentArchiveAfterDays})`, `more than ${args.currentArchiveAfterDays}`);
        }
        const abortIncompleteUploadsAfterDays = args.abortIncompleteUploadsAfterDays ?? 7;
        checkRange(label, "abortIncompleteUploadsAfterDays", abortIncompleteUploadsAfterDays, 1, 365);
        const accessLogRetentionDays = args.accessLogRetentionDays ?? 90;
        checkRange(label, "accessLogRetentionDays", accessLogRetentionDays, 1, 36_500);
        const indexDocument = args.indexDocument ?? "index.html";
        if (indexDocument.length === 0 || indexDocument.startsWith("/")) {
            throw new InvalidArgumentError(label, "indexDocument", `is ${JSON.stringify(indexDocument)}`, "an object key without a leading slash, e.g. index.html");
        }
        const domain = args.domain;
        if (domain === undefined && this.environment !== "dev") {
            throw new InvalidArgumentError(
                label,
                "domain",
                `is missing in ${this.environment}, and CloudFront's default *.cloudfront.net certificate accepts TLS 1.0 whatever minimumProtocolVersion says`,
                `a custom domain (ACM certificate, ${CUSTOM_DOMAIN_MINIMUM_PROTOCOL_VERSION}); only environment "dev" may go without`,
            );
        }
        const minimumProtocolVersion: unknown = args.minimumProtocolVersion ?? CUSTOM_DOMAIN_MINIMUM_PROTOCOL_VERSION;
        if (!(CDN_MINIMUM_PROTOCOL_VERSIONS as readonly unknown[]).includes(minimumProtocolVersion)) {
            throw new InvalidArgumentError(label, "minimumProtocolVersion", `is ${JSON.stringify(minimumProtocolVersion)}`, CDN_MINIMUM_PROTOCOL_VERSIONS.join(", "));
        }
        if (args.minimumProtocolVersion !== undefined && domain === undefined) {
            throw new InvalidArgumentError(label, "minimumProtocolVersion", "is set without domain, and the default *.cloudfront.net certificate is fixed at TLSv1", "a domain, or no minimumProtocolVersion");
        }
        const domainNames = domain ? [domain.name, ...(domain.aliases ?? [])] : [];
        if (domain) {
            for (const [i, host] of domainNames.entries()) {
                if (!HOSTNAME.test(host) || host.length > 253) {
                    throw new InvalidArgumentError(label, i === 0 ? "domain.name" : "domain.aliases", `contains ${JSON.stringify(host)}`, "lower-case DNS names such as www.example.com (a leading *. for wildcards)");
                }
            }
            if (new Set(domainNames).size !== domainNames.length) {
                throw new InvalidArgumentError(label, "domain.aliases", `repeats a name (${domainNames.join(", ")})`, "distinct names, not repeating domain.name");
            }
            if (domain.hostedZoneId !== undefined && !/^Z[A-Z0-9]{4,32}$/.test(domain.hostedZoneId)) {
                throw new InvalidArgumentError(label, "domain.hostedZoneId", `is ${JSON.stringify(domain.hostedZoneId)}`, "a Route 53 hosted zone id such as Z0123456789ABC");
            }
        }
        if (args.aliasRecords === true && domain?.hostedZoneId === undefined) {
            throw new InvalidArgumentError(label, "aliasRecords", "is true without domain.hostedZoneId", "domain.hostedZoneId set, or aliasRecords unset");
        }
        let files: ContentFile[] | undefined;
        if (args.content !== undefined) {
            const directory = args.content.directory;
            if (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) {
                throw new InvalidArgumentError(label, "content.directory", `is ${JSON.stringify(directory)}, not a directory`, "an existing directory, relative to the working directory or absolute");
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
            transform: { bucket: t.logBucket, publicAccessBlock: t.logPublicAccessBlock, ownership: t.logOwnershipControls, versioning: t.logVersioning,
                encryption: t.logEncryption, lifecycle: t.logLifecycle, policy: t.logBucketPolicy },
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
                { id: "abort-incomplete-multipart-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: abortIncompleteUploadsAfterDays } },
                ...(args.currentArchiveAfterDays !== undefined || args.currentExpireAfterDays !== undefined
                    ? [
                          {
                              id: "archive-or-expire-current-objects",
                              status: "Enabled",
                              filter: {},
                              transitions: args.currentArchiveAfterDays !== undefined ? [{ days: args.currentArchiveAfterDays, storageClass: archiveStorageClass }] : undefined,
                              expiration: args.currentExpireAfterDays !== undefined ? { days: args.currentExpireAfterDays } : undefined,
                          },
                      ]
                    : []),
            ],
            logging: { targetBucket: logBucket.id, targetPrefix: "s3/" },
            dataOptions: this.dataOptions(args),
            transform: { bucket: t.bucket, publicAccessBlock: t.publicAccessBlock, ownership: t.ownershipControls, versioning: t.versioning,
                encryption: t.encryption, lifecycle: t.lifecycle, logging: t.bucketLogging, policy: t.bucketPolicy },
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

        // ---- Edge: origin access, headers, certificate, distribution.
        const oac = this.child(
            aws.cloudfront.OriginAccessControl,
            "oac",
            {
                name: this.physicalName("oac"),
                description: `CloudFront reads the content bucket of ${this.name}`,
                originAccessControlOriginType: "s3",
                signingBehavior: "always",
                signingProtocol: "sigv4",
            },
            t.originAccessControl,
        );
        const headers = this.child(
            aws.cloudfront.ResponseHeadersPolicy,
            "headers",
            {
                name: this.physicalName("security-headers"),
                comment: `Security headers of ${this.name}`,
                securityHeadersConfig: {
                    strictTransportSecurity: { accessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS, includeSubdomains: true, preload: true, override: true },
                    contentTypeOptions: { override: true },
                    frameOptions: { frameOption: "DENY", override: true },
                    referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
                    xssProtection: { protection: true, modeBlock: true, override: true },
                },
            },
            t.responseHeadersPolicy,
        );

        let viewerCertificate: aws.types.input.cloudfront.DistributionViewerCertificate;
        if (domain) {
            const certificate = dnsValidatedCertificate(block, {
                domainName: domain.name,
                aliases: domain.aliases,
                region: "us-east-1",
                hostedZoneId: domain.hostedZoneId,
                transform: { certificate: t.certificate, validationRecord: t.validationRecord, certificateValidation: t.certificateValidation },
            });
            this.certificateValidationRecords = certificate.validationRecords;
            this.viewerMinimumProtocolVersion = args.minimumProtocolVersion ?? CUSTOM_DOMAIN_MINIMUM_PROTOCOL_VERSION;
            viewerCertificate = { acmCertificateArn: certificate.certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: this.viewerMinimumProtocolVersion };
        } else {
            // The default certificate's policy is fixed at TLSv1: send what AWS applies (anything else is ignored and
            // shows as a change on every preview), never a stricter version that does not hold.
            this.viewerMinimumProtocolVersion = DEFAULT_CERTIFICATE_MINIMUM_PROTOCOL_VERSION;
            viewerCertificate = { cloudfrontDefaultCertificate: true, minimumProtocolVersion: this.viewerMinimumProtocolVersion };
        }

        const originId = "s3-content";
        const distribution = this.child(
            aws.cloudfront.Distribution,
            "distribution",
            {
                enabled: true,
                comment: `${this.name} (${this.environment})`,
                aliases: domainNames.length > 0 ? domainNames : undefined,
                isIpv6Enabled: true,
                httpVersion: "http2and3",
                priceClass: settings.priceClass,
                defaultRootObject: indexDocument,
                origins: [{ originId, domainName: bucket.bucketRegionalDomainName, originAccessControlId: oac.id }],
                defaultCacheBehavior: {
                    targetOriginId: originId,
                    viewerProtocolPolicy: "redirect-to-https",
                    allowedMethods: ["GET", "HEAD", "OPTIONS"],
                    cachedMethods: ["GET", "HEAD"],
                    compress: true,
                    cachePolicyId: args.cachePolicyId ?? CACHING_OPTIMIZED_POLICY_ID,
                    responseHeadersPolicyId: headers.id,
                },
                customErrorResponses: args.spa
                    ? [403, 404].map((errorCode) => ({ errorCode, responseCode: 200, responsePagePath: `/${indexDocument}`, errorCachingMinTtl: 10 }))
                    : undefined,
                restrictions: { geoRestriction: { restrictionType: "none" } },
                viewerCertificate,
                webAclId: args.webAcl?.webAclArn,
                loggingConfig: { bucket: logBucket.bucketDomainName, prefix: "cloudfront/", includeCookies: false },
                tags: this.tags,
            },
            t.distribution,
            { dependsOn: [logs.ownership] },
        );

        // ---- Who may read the bucket: this distribution only.
        const fromDistribution = { StringEquals: { "AWS:SourceArn": distribution.arn } };
        let encryptionConfig: aws.s3.BucketServerSideEncryptionConfiguration;
        if (encryption === "kms") {
            const key = bucketKey(
                block,
                "key",
                {
                    description: `Encrypts the content bucket of ${this.name}`,
                    partition: partition.partition,
                    accountId: identity.accountId,
                    statements: [
                        { Sid: "ThisDistributionDecrypts", Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: "kms:Decrypt", Resource: "*", Condition: fromDistribution },
                    ],
                },
                t.key,
                this.dataOptions(args),
            );
            this.kmsKeyArn = key.arn;
            encryptionConfig = content.encrypt({ kmsKeyArn: key.arn });
        } else {
            encryptionConfig = content.encrypt("AES256");
        }
        content.policy([
            {
                Sid: "ThisDistributionReads",
                Effect: "Allow",
                Principal: { Service: "cloudfront.amazonaws.com" },
                Action: "s3:GetObject",
                Resource: pulumi.interpolate`${bucket.arn}/*`,
                Condition: fromDistribution,
            },
        ]);

        // ---- Alias records to the distribution.
        if (domain?.hostedZoneId !== undefined && args.aliasRecords !== false) {
            const zoneId = domain.hostedZoneId;
            for (const host of domainNames.filter((n) => !n.startsWith("*."))) {
                for (const type of ["A", "AAAA"] as const) {
                    this.child(
                        aws.route53.Record,
                        `alias-${type.toLowerCase()}-${host}`,
                        {
                            zoneId,
                            name: host,
                            type,
                            aliases: [{ name: distribution.domainName, zoneId: distribution.hostedZoneId, evaluateTargetHealth: false }],
                            allowOverwrite: true,
                        },
                        t.aliasRecord,
                    );
                }
            }
        }

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
                { distributionId: distribution.id, paths: ["/*"], version: this.contentHash, wait: args.content?.waitForInvalidation ?? false },
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
