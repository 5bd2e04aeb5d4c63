/**
 * A CloudFront distribution in front of one private S3 bucket through Origin Access Control: the edge half of
 * `AwsCdn` (static content) and of `AwsFileStorage`'s `cdn` option (file delivery). Its validation runs before any
 * child registers; its builder writes the origin access control, the security-headers policy, the certificate (with
 * a domain), the distribution and the alias records, as children of the calling component.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { InvalidArgumentError, type Transform, type WebAclProvider } from "../core";
import { dnsValidatedCertificate } from "../blocks/certificate";
import type { BlockParent } from "../blocks/child";

/** CloudFront price classes: which edge locations serve the content. */
export type CdnPriceClass = "PriceClass_100" | "PriceClass_200" | "PriceClass_All";

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

export const CDN_HOSTNAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const CDN_PRICE_CLASSES: readonly CdnPriceClass[] = ["PriceClass_100", "PriceClass_200", "PriceClass_All"];

/** What the distribution serves and how: the options `AwsCdn` and `AwsFileStorage`'s `cdn` share. */
export interface CdnEdgeOptions {
    domain?: CdnDomain;
    minimumProtocolVersion?: CdnMinimumProtocolVersion;
    aliasRecords?: boolean;
    webAcl?: WebAclProvider;
    priceClass: CdnPriceClass;
}

/**
 * Checks the edge options before any child exists (`key` prefixes the argument names in messages, e.g. `cdn.`), and
 * returns the names the distribution answers on. Staging and prod need a custom domain: CloudFront's default
 * certificate accepts TLS 1.0 whatever `minimumProtocolVersion` says.
 */
export function checkCdnEdge(label: string, environment: string, options: CdnEdgeOptions, key = ""): string[] {
    if (options.webAcl !== undefined && options.webAcl.scope !== "CLOUDFRONT") {
        throw new InvalidArgumentError(
            label,
            `${key}webAcl`,
            `has scope ${options.webAcl.scope}; a distribution takes only a web ACL created for CloudFront`,
            "a web ACL of scope CLOUDFRONT (in us-east-1)",
        );
    }
    if (!CDN_PRICE_CLASSES.includes(options.priceClass)) {
        throw new InvalidArgumentError(label, `${key}priceClass`, `is ${JSON.stringify(options.priceClass)}`, CDN_PRICE_CLASSES.join(", "));
    }
    const domain = options.domain;
    if (domain === undefined && environment !== "dev") {
        throw new InvalidArgumentError(
            label,
            `${key}domain`,
            `is missing in ${environment}, and CloudFront's default *.cloudfront.net certificate accepts TLS 1.0 whatever minimumProtocolVersion says`,
            `a custom domain (ACM certificate, ${CUSTOM_DOMAIN_MINIMUM_PROTOCOL_VERSION}); only environment "dev" may go without`,
        );
    }
    const minimumProtocolVersion: unknown = options.minimumProtocolVersion ?? CUSTOM_DOMAIN_MINIMUM_PROTOCOL_VERSION;
    if (!(CDN_MINIMUM_PROTOCOL_VERSIONS as readonly unknown[]).includes(minimumProtocolVersion)) {
        throw new InvalidArgumentError(
            label,
            `${key}minimumProtocolVersion`,
            `is ${JSON.stringify(minimumProtocolVersion)}`,
            CDN_MINIMUM_PROTOCOL_VERSIONS.join(", "),
        );
    }
    if (options.minimumProtocolVersion !== undefined && domain === undefined) {
        throw new InvalidArgumentError(
            label,
            `${key}minimumProtocolVersion`,
            "is set without domain, and the default *.cloudfront.net certificate is fixed at TLSv1",
            "a domain, or no minimumProtocolVersion",
        );
    }
    const domainNames = domain ? [domain.name, ...(domain.aliases ?? [])] : [];
    if (domain) {
        for (const [i, host] of domainNames.entries()) {
            if (!CDN_HOSTNAME.test(host) || host.length > 253) {
                throw new InvalidArgumentError(
                    label,
                    i === 0 ? `${key}domain.name` : `${key}domain.aliases`,
                    `contains ${JSON.stringify(host)}`,
                    "lower-case DNS names such as www.example.com (a leading *. for wildcards)",
                );
            }
        }
        if (new Set(domainNames).size !== domainNames.length) {
            throw new InvalidArgumentError(
                label,
                `${key}domain.aliases`,
                `repeats a name (${domainNames.join(", ")})`,
                "distinct names, not repeating domain.name",
            );
        }
        if (domain.hostedZoneId !== undefined && !/^Z[A-Z0-9]{4,32}$/.test(domain.hostedZoneId)) {
            throw new InvalidArgumentError(
                label,
                `${key}domain.hostedZoneId`,
                `is ${JSON.stringify(domain.hostedZoneId)}`,
                "a Route 53 hosted zone id such as Z0123456789ABC",
            );
        }
    }
    if (options.aliasRecords === true && domain?.hostedZoneId === undefined) {
        throw new InvalidArgumentError(
            label,
            `${key}aliasRecords`,
            "is true without domain.hostedZoneId",
            "domain.hostedZoneId set, or aliasRecords unset",
        );
    }
    return domainNames;
}

/** Per-child overrides of the edge children. */
export interface CdnEdgeTransforms {
    originAccessControl?: Transform<aws.cloudfront.OriginAccessControlArgs>;
    responseHeadersPolicy?: Transform<aws.cloudfront.ResponseHeadersPolicyArgs>;
    certificate?: Transform<aws.acm.CertificateArgs>;
    validationRecord?: Transform<aws.route53.RecordArgs>;
    certificateValidation?: Transform<aws.acm.CertificateValidationArgs>;
    aliasRecord?: Transform<aws.route53.RecordArgs>;
    distribution?: Transform<aws.cloudfront.DistributionArgs>;
}

export interface S3DistributionArgs extends CdnEdgeOptions {
    /** The component's name and environment, for descriptions and the distribution's comment. */
    name: string;
    /** The component's environment, in the distribution's comment. */
    environment: string;
    /** The names {@link checkCdnEdge} returned. */
    domainNames: string[];
    /** Cloud-side names of the origin access control and the headers policy (the component's `physicalName`). */
    oacName: string;
    /** Cloud-side name of the response headers policy. */
    headersPolicyName: string;
    /** The private bucket CloudFront reads through origin access control. */
    bucket: aws.s3.Bucket;
    /** What the bucket holds, for the OAC's description, e.g. "the content bucket". */
    bucketDescription: string;
    /** Object served for `/`. @default none */
    defaultRootObject?: string;
    /** Answer 403 and 404 with this page and status 200 (single-page apps). @default none */
    spaPage?: string;
    /** Cache policy of the default behaviour (AwsCdn passes its `cachePolicyId`, else {@link CACHING_OPTIMIZED_POLICY_ID}). */
    cachePolicyId: pulumi.Input<string>;
    /** Viewers need a URL or cookie signed by a key of this key group (CloudFront signed URLs). @default none: public reads */
    trustedKeyGroupId?: pulumi.Input<string>;
    /** CloudFront standard logs. @default none */
    logging?: { bucketDomainName: pulumi.Input<string>; prefix: string };
    /** The calling component's transforms of the edge children. */
    transform: CdnEdgeTransforms;
    /** Extra dependencies of the distribution (e.g. the log bucket's ownership controls). @default none */
    dependsOn?: pulumi.Resource[];
}

export interface S3Distribution {
    distribution: aws.cloudfront.Distribution;
    viewerMinimumProtocolVersion: CdnMinimumProtocolVersion | typeof DEFAULT_CERTIFICATE_MINIMUM_PROTOCOL_VERSION;
    certificateValidationRecords?: pulumi.Output<CdnValidationRecord[]>;
    /** The condition that admits this distribution only (`AWS:SourceArn`), for bucket and key policies. */
    fromDistribution: { StringEquals: { "AWS:SourceArn": pulumi.Output<string> } };
    /** Bucket-policy statement: this distribution reads the bucket's objects. */
    readStatement: object;
    /** Key-policy statement: this distribution decrypts the bucket's SSE-KMS objects. */
    decryptStatement: object;
}

/**
 * Builds the edge (children `oac`, `headers`, the certificate's, `distribution`, `alias-a-<host>`/`alias-aaaa-<host>`):
 * viewers redirected to HTTPS, HTTP/2 and HTTP/3 on IPv4 and IPv6, compressed, with security headers (HSTS two years
 * with subdomains and preload, `nosniff`, `X-Frame-Options: DENY`, `strict-origin-when-cross-origin`); GET, HEAD and
 * OPTIONS only (uploads never pass through it). The bucket and key policies are the caller's: add
 * {@link S3Distribution.readStatement} and {@link S3Distribution.decryptStatement}.
 */
export function s3Distribution(block: BlockParent, args: S3DistributionArgs): S3Distribution {
    const t = args.transform;
    const domain = args.domain;
    const oac = block.child(
        aws.cloudfront.OriginAccessControl,
        "oac",
        {
            name: args.oacName,
            description: `CloudFront reads ${args.bucketDescription} of ${args.name}`,
            originAccessControlOriginType: "s3",
            signingBehavior: "always",
            signingProtocol: "sigv4",
        },
        t.originAccessControl,
    );
    const headers = block.child(
        aws.cloudfront.ResponseHeadersPolicy,
        "headers",
        {
            name: args.headersPolicyName,
            comment: `Security headers of ${args.name}`,
            securityHeadersConfig: {
                strictTransportSecurity: {
                    accessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS,
                    includeSubdomains: true,
                    preload: true,
                    override: true,
                },
                contentTypeOptions: { override: true },
                frameOptions: { frameOption: "DENY", override: true },
                referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
                xssProtection: { protection: true, modeBlock: true, override: true },
            },
        },
        t.responseHeadersPolicy,
    );

    let viewerCertificate: aws.types.input.cloudfront.DistributionViewerCertificate;
    let viewerMinimumProtocolVersion: S3Distribution["viewerMinimumProtocolVersion"];
    let certificateValidationRecords: pulumi.Output<CdnValidationRecord[]> | undefined;
    if (domain) {
        const certificate = dnsValidatedCertificate(block, {
            domainName: domain.name,
            aliases: domain.aliases,
            region: "us-east-1",
            hostedZoneId: domain.hostedZoneId,
            transform: { certificate: t.certificate, validationRecord: t.validationRecord, certificateValidation: t.certificateValidation },
        });
        certificateValidationRecords = certificate.validationRecords;
        viewerMinimumProtocolVersion = args.minimumProtocolVersion ?? CUSTOM_DOMAIN_MINIMUM_PROTOCOL_VERSION;
        viewerCertificate = {
            acmCertificateArn: certificate.certificateArn,
            sslSupportMethod: "sni-only",
            minimumProtocolVersion: viewerMinimumProtocolVersion,
        };
    } else {
        // The default certificate's policy is fixed at TLSv1: send what AWS applies (anything else is ignored and
        // shows as a change on every preview), never a stricter version that does not hold.
        viewerMinimumProtocolVersion = DEFAULT_CERTIFICATE_MINIMUM_PROTOCOL_VERSION;
        viewerCertificate = { cloudfrontDefaultCertificate: true, minimumProtocolVersion: viewerMinimumProtocolVersion };
    }

    const originId = "s3-content";
    const distribution = block.child(
        aws.cloudfront.Distribution,
        "distribution",
        {
            enabled: true,
            comment: `${args.name} (${args.environment})`,
            aliases: args.domainNames.length > 0 ? args.domainNames : undefined,
            isIpv6Enabled: true,
            httpVersion: "http2and3",
            priceClass: args.priceClass,
            defaultRootObject: args.defaultRootObject,
            origins: [{ originId, domainName: args.bucket.bucketRegionalDomainName, originAccessControlId: oac.id }],
            defaultCacheBehavior: {
                targetOriginId: originId,
                viewerProtocolPolicy: "redirect-to-https",
                allowedMethods: ["GET", "HEAD", "OPTIONS"],
                cachedMethods: ["GET", "HEAD"],
                compress: true,
                cachePolicyId: args.cachePolicyId,
                responseHeadersPolicyId: headers.id,
                trustedKeyGroups: args.trustedKeyGroupId !== undefined ? [args.trustedKeyGroupId] : undefined,
            },
            customErrorResponses:
                args.spaPage !== undefined
                    ? [403, 404].map((errorCode) => ({
                          errorCode,
                          responseCode: 200,
                          responsePagePath: `/${args.spaPage}`,
                          errorCachingMinTtl: 10,
                      }))
                    : undefined,
            restrictions: { geoRestriction: { restrictionType: "none" } },
            viewerCertificate,
            webAclId: args.webAcl?.webAclArn,
            loggingConfig:
                args.logging !== undefined
                    ? { bucket: args.logging.bucketDomainName, prefix: args.logging.prefix, includeCookies: false }
                    : undefined,
            tags: block.tags,
        },
        t.distribution,
        args.dependsOn !== undefined ? { dependsOn: args.dependsOn } : undefined,
    );

    // ---- Alias records to the distribution.
    if (domain?.hostedZoneId !== undefined && args.aliasRecords !== false) {
        const zoneId = domain.hostedZoneId;
        for (const host of args.domainNames.filter((n) => !n.startsWith("*."))) {
            for (const type of ["A", "AAAA"] as const) {
                block.child(
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

    const fromDistribution = { StringEquals: { "AWS:SourceArn": distribution.arn } };
    return {
        distribution,
        viewerMinimumProtocolVersion,
        certificateValidationRecords,
        fromDistribution,
        readStatement: {
            Sid: "ThisDistributionReads",
            Effect: "Allow",
            Principal: { Service: "cloudfront.amazonaws.com" },
            Action: "s3:GetObject",
            Resource: pulumi.interpolate`${args.bucket.arn}/*`,
            Condition: fromDistribution,
        },
        decryptStatement: {
            Sid: "ThisDistributionDecrypts",
            Effect: "Allow",
            Principal: { Service: "cloudfront.amazonaws.com" },
            Action: "kms:Decrypt",
            Resource: "*",
            Condition: fromDistribution,
        },
    };
}
