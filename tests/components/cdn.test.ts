import * as fs from "node:fs";
import * as http from "node:http";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, describe, expect, it } from "vitest";
import { AwsCdn, type AwsCdnArgs, contentHash, contentTypeOf, listContentFiles } from "../../components/src/cdn/aws";
import { INVALIDATION_FILE_PATH_LIMIT, INVALIDATION_WILDCARD_PATH_LIMIT, invalidationBatches } from "../../components/src/cdn/invalidation";
import type { WebAclProvider } from "../../components/src/core";
import { AwsMonitoring } from "../../components/src/monitoring/aws";
import { type CapturedResource, type Plan, plan, planRejected } from "../support/plan";

const BUCKET = "aws:s3/bucket:Bucket";
const PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
const POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
const OBJECT = "aws:s3/bucketObjectv2:BucketObjectv2";
const DYNAMIC = "pulumi-nodejs:dynamic:Resource";

const inputsOf = (r: CapturedResource) => r.inputs as Record<string, any>;
const outputsOf = (r: CapturedResource) => r.outputs as Record<string, any>;

const tempDirs: string[] = [];
afterAll(() => {
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});
function site(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cdn-test-"));
    tempDirs.push(dir);
    for (const [rel, body] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), body);
    }
    return dir;
}

/** Staging and prod need a custom domain (the default certificate accepts TLS 1.0): give one unless the test does. */
const SITE_DOMAIN = { name: "www.example.com" };
const withDomain = (args: AwsCdnArgs, stack: string): AwsCdnArgs =>
    stack === "dev" || "domain" in args ? args : { domain: SITE_DOMAIN, ...args };
const cdn = (args: AwsCdnArgs = {}, stack = "prod") => plan(() => new AwsCdn("web", withDomain(args, stack)), { stack });

/** The resource of `type` whose `bucket` input comes from the bucket child named `*<bucketSuffix>`. */
function forBucket(p: Plan, type: string, bucketSuffix: string): CapturedResource {
    const bucket = p.one(BUCKET, bucketSuffix);
    const found = p.ofType(type).filter((r) => r.propertyDependencies["bucket"]?.includes(bucket.urn));
    expect(found, `${type} of ${bucketSuffix}`).toHaveLength(1);
    return found[0];
}

describe("AwsCdn content bucket", () => {
    it("is private, owner-enforced, versioned and SSE-KMS encrypted with a rotating key", async () => {
        const p = await cdn();
        expect(inputsOf(forBucket(p, PAB, "web-bucket"))).toMatchObject({
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
        expect(inputsOf(forBucket(p, OWNERSHIP, "web-bucket"))["rule"]).toEqual({ objectOwnership: "BucketOwnerEnforced" });
        expect(inputsOf(forBucket(p, "aws:s3/bucketVersioning:BucketVersioning", "web-bucket"))["versioningConfiguration"]).toMatchObject({
            status: "Enabled",
        });
        const sse = forBucket(p, SSE, "web-bucket");
        const key = p.one("aws:kms/key:Key");
        expect(inputsOf(sse)["rules"]).toEqual([
            {
                applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: outputsOf(key)["arn"] },
                bucketKeyEnabled: true,
            },
        ]);
        expect(inputsOf(key)["enableKeyRotation"]).toBe(true);
        expect(inputsOf(p.one(BUCKET, "web-bucket"))["bucket"]).toBe("test-prod-web-content");
        // Stateful children are protected in prod.
        for (const r of [p.one(BUCKET, "web-bucket"), p.one(BUCKET, "web-logs"), key])
            expect([r.protect, r.retainOnDelete]).toEqual([true, true]);
    });

    it("uses SSE-S3 and no key with encryption s3", async () => {
        const p = await cdn({ encryption: "s3" });
        expect(p.ofType("aws:kms/key:Key")).toHaveLength(0);
        expect(inputsOf(forBucket(p, SSE, "web-bucket"))["rules"]).toEqual([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ]);
    });

    it("archives then expires noncurrent versions and aborts incomplete uploads", async () => {
        const p = await cdn();
        const rules: any[] = inputsOf(forBucket(p, LIFECYCLE, "web-bucket"))["rules"];
        const noncurrent = rules.find((r) => r.id === "archive-then-expire-noncurrent-versions");
        expect(noncurrent).toMatchObject({
            status: "Enabled",
            noncurrentVersionTransitions: [{ noncurrentDays: 30, storageClass: "GLACIER_IR" }],
            noncurrentVersionExpiration: { noncurrentDays: 120 },
        });
        expect(rules.find((r) => r.id === "abort-incomplete-multipart-uploads")).toMatchObject({
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        });
        expect(rules.some((r) => r.transitions !== undefined || r.expiration !== undefined)).toBe(false);

        const custom = await cdn({
            archiveStorageClass: "DEEP_ARCHIVE",
            noncurrentArchiveAfterDays: 7,
            noncurrentExpireAfterDays: 365,
            currentExpireAfterDays: 400,
        });
        const customRules: any[] = inputsOf(forBucket(custom, LIFECYCLE, "web-bucket"))["rules"];
        expect(customRules.find((r) => r.id === "archive-then-expire-noncurrent-versions")).toMatchObject({
            noncurrentVersionTransitions: [{ noncurrentDays: 7, storageClass: "DEEP_ARCHIVE" }],
            noncurrentVersionExpiration: { noncurrentDays: 365 },
        });
        expect(customRules.find((r) => r.id === "archive-or-expire-current-objects")).toMatchObject({ expiration: { days: 400 } });

        const current = await cdn({ currentArchiveAfterDays: 60, currentExpireAfterDays: 90 });
        const currentRule = (inputsOf(forBucket(current, LIFECYCLE, "web-bucket"))["rules"] as any[]).find(
            (r) => r.id === "archive-or-expire-current-objects",
        );
        expect(currentRule).toMatchObject({ transitions: [{ days: 60, storageClass: "GLACIER_IR" }], expiration: { days: 90 } });
    });

    it("lets only this distribution read the bucket and decrypt with the key, over TLS only", async () => {
        const p = await cdn();
        const distributionArn = outputsOf(p.one(DISTRIBUTION))["arn"];
        expect(distributionArn).toMatch(/^arn:aws:cloudfront::123456789012:distribution\/E/);
        const policy = JSON.parse(inputsOf(forBucket(p, POLICY, "web-bucket"))["policy"]);
        const allows = policy.Statement.filter((s: any) => s.Effect === "Allow");
        expect(allows).toEqual([
            {
                Sid: "ThisDistributionReads",
                Effect: "Allow",
                Principal: { Service: "cloudfront.amazonaws.com" },
                Action: "s3:GetObject",
                Resource: "arn:aws:s3:::test-prod-web-content/*",
                Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
            },
        ]);
        expect(policy.Statement.find((s: any) => s.Effect === "Deny").Condition).toEqual({ Bool: { "aws:SecureTransport": "false" } });
        const keyPolicy = JSON.parse(p.inputs("aws:kms/key:Key")["policy"]);
        const cloudfront = keyPolicy.Statement.find((s: any) => s.Principal.Service === "cloudfront.amazonaws.com");
        expect(cloudfront).toMatchObject({ Action: "kms:Decrypt", Condition: { StringEquals: { "AWS:SourceArn": distributionArn } } });
    });
});

describe("AwsCdn access logs", () => {
    it("go to a private, versioned, SSE-S3, ACL-enabled log bucket that expires them", async () => {
        const p = await cdn();
        expect(inputsOf(forBucket(p, PAB, "web-logs"))).toMatchObject({
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
        expect(inputsOf(forBucket(p, OWNERSHIP, "web-logs"))["rule"]).toEqual({ objectOwnership: "BucketOwnerPreferred" });
        expect(inputsOf(forBucket(p, SSE, "web-logs"))["rules"]).toEqual([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ]);
        expect(inputsOf(forBucket(p, LIFECYCLE, "web-logs"))["rules"][0]).toMatchObject({
            status: "Enabled",
            expiration: { days: 90 },
            noncurrentVersionExpiration: { noncurrentDays: 1 },
        });
        expect(inputsOf(forBucket(p, "aws:s3/bucketVersioning:BucketVersioning", "web-logs"))["versioningConfiguration"]).toEqual({
            status: "Enabled",
        });
        const logging = p.one("aws:s3/bucketLogging:BucketLogging");
        expect(logging.propertyDependencies["bucket"]).toEqual([p.one(BUCKET, "web-bucket").urn]);
        expect(logging.propertyDependencies["targetBucket"]).toEqual([p.one(BUCKET, "web-logs").urn]);
        const logBucketDomain = outputsOf(p.one(BUCKET, "web-logs"))["bucketDomainName"];
        expect(inputsOf(p.one(DISTRIBUTION))["loggingConfig"]).toMatchObject({ bucket: logBucketDomain, prefix: "cloudfront/" });
        const logPolicy = JSON.parse(inputsOf(forBucket(p, POLICY, "web-logs"))["policy"]);
        expect(logPolicy.Statement[0]).toMatchObject({
            Principal: { Service: "logging.s3.amazonaws.com" },
            Condition: { ArnLike: { "aws:SourceArn": "arn:aws:s3:::test-prod-web-content" } },
        });
        expect(inputsOf(forBucket(await cdn({ accessLogRetentionDays: 30 }), LIFECYCLE, "web-logs"))["rules"][0].expiration).toEqual({
            days: 30,
        });
    });
});

describe("AwsCdn distribution", () => {
    it("reaches the bucket through a SigV4 origin access control and serves HTTPS, HTTP/2+3, IPv6, compressed", async () => {
        const p = await cdn();
        const oac = p.one("aws:cloudfront/originAccessControl:OriginAccessControl");
        expect(inputsOf(oac)).toMatchObject({ originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv4" });
        const d = inputsOf(p.one(DISTRIBUTION));
        expect(d["origins"]).toHaveLength(1);
        expect(d["origins"][0]).toMatchObject({
            originAccessControlId: oac.id,
            domainName: "test-prod-web-content.s3.us-east-1.amazonaws.com",
        });
        expect(d["origins"][0]["s3OriginConfig"]).toBeUndefined();
        expect(d).toMatchObject({ httpVersion: "http2and3", isIpv6Enabled: true, enabled: true, defaultRootObject: "index.html" });
        expect(d["defaultCacheBehavior"]).toMatchObject({
            viewerProtocolPolicy: "redirect-to-https",
            compress: true,
            allowedMethods: ["GET", "HEAD", "OPTIONS"],
        });
        expect(d["defaultCacheBehavior"]["responseHeadersPolicyId"]).toBe(
            p.one("aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy").id,
        );
    });

    it("sends HSTS for two years with subdomains and preload, and the other security headers", async () => {
        const p = await cdn();
        const headers = inputsOf(p.one("aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy"))["securityHeadersConfig"];
        expect(headers.strictTransportSecurity.accessControlMaxAgeSec).toBeGreaterThanOrEqual(31_536_000);
        expect(headers.strictTransportSecurity).toMatchObject({ includeSubdomains: true, preload: true, override: true });
        expect(headers.contentTypeOptions).toEqual({ override: true });
        expect(headers.frameOptions).toEqual({ frameOption: "DENY", override: true });
        expect(headers.referrerPolicy).toEqual({ referrerPolicy: "strict-origin-when-cross-origin", override: true });
        expect(headers.xssProtection).toMatchObject({ protection: true, modeBlock: true });
    });

    it("uses a us-east-1 ACM certificate validated in Route 53 with SNI and TLSv1.2_2021 for a custom domain", async () => {
        const p = await cdn({ domain: { name: "www.example.com", hostedZoneId: "Z0123456789ABC" } });
        const certificate = p.one("aws:acm/certificate:Certificate");
        expect(inputsOf(certificate)).toMatchObject({ region: "us-east-1", domainName: "www.example.com", validationMethod: "DNS" });
        const record = p.one("aws:route53/record:Record", "validation-www.example.com");
        expect(inputsOf(record)).toMatchObject({ zoneId: "Z0123456789ABC", type: "CNAME" });
        expect(inputsOf(record)["name"]).toMatch(/^_[0-9a-f]+\.www\.example\.com\.$/);
        const validation = p.one("aws:acm/certificateValidation:CertificateValidation");
        expect(inputsOf(validation)["region"]).toBe("us-east-1");
        expect(validation.propertyDependencies["validationRecordFqdns"]).toEqual([record.urn]);
        const d = p.one(DISTRIBUTION);
        expect(inputsOf(d)["viewerCertificate"]).toEqual({
            acmCertificateArn: certificate.id,
            sslSupportMethod: "sni-only",
            minimumProtocolVersion: "TLSv1.2_2021",
        });
        expect(inputsOf(d)["aliases"]).toEqual(["www.example.com"]);
        // A and AAAA aliases to the distribution.
        for (const type of ["a", "aaaa"]) {
            const alias = inputsOf(p.one("aws:route53/record:Record", `alias-${type}-www.example.com`));
            expect(alias["aliases"]).toEqual([{ name: outputsOf(d)["domainName"], zoneId: "Z2FDTNDATAQYW2", evaluateTargetHealth: false }]);
        }
        expect(outputsOf(p.one("appstack:cdn:AwsCdn"))["url"]).toBe("https://www.example.com");
    });

    it("leaves DNS to the user without a hosted zone, still waiting for validation", async () => {
        const p = await cdn({ domain: { name: "example.com", aliases: ["*.example.com"] } });
        expect(p.ofType("aws:route53/record:Record")).toHaveLength(0);
        expect(inputsOf(p.one("aws:acm/certificate:Certificate"))["subjectAlternativeNames"]).toEqual(["*.example.com"]);
        expect(inputsOf(p.one("aws:acm/certificateValidation:CertificateValidation"))["validationRecordFqdns"]).toBeUndefined();
        expect(inputsOf(p.one(DISTRIBUTION))["aliases"]).toEqual(["example.com", "*.example.com"]);
        expect(outputsOf(p.one("appstack:cdn:AwsCdn"))["certificateValidationRecords"]).toHaveLength(1);
    });

    it("uses the CloudFront default certificate without a domain in dev, and says its floor is TLSv1", async () => {
        const p = await cdn({}, "dev");
        expect(p.ofType("aws:acm/certificate:Certificate")).toHaveLength(0);
        // AWS fixes the default certificate's policy at TLSv1; sending TLSv1.2_2021 there would claim a floor that does not hold.
        expect(inputsOf(p.one(DISTRIBUTION))["viewerCertificate"]).toEqual({
            cloudfrontDefaultCertificate: true,
            minimumProtocolVersion: "TLSv1",
        });
        const outputs = outputsOf(p.one("appstack:cdn:AwsCdn"));
        expect(outputs["viewerMinimumProtocolVersion"]).toBe("TLSv1");
        expect(outputs["url"]).toBe(`https://${outputsOf(p.one(DISTRIBUTION))["domainName"]}`);
        expect(outputs).toMatchObject({
            bucketName: "test-dev-web-content",
            bucketArn: "arn:aws:s3:::test-dev-web-content",
            hostedZoneId: "Z2FDTNDATAQYW2",
        });
        expect(outputs["distributionId"]).toBe(p.one(DISTRIBUTION).id);
        expect(outputs["distributionArn"]).toBe(outputsOf(p.one(DISTRIBUTION))["arn"]);
    });

    it("answers 403 and 404 with /index.html and 200 for a single-page app only", async () => {
        expect(inputsOf((await cdn()).one(DISTRIBUTION))["customErrorResponses"]).toBeUndefined();
        const responses = inputsOf((await cdn({ spa: true })).one(DISTRIBUTION))["customErrorResponses"];
        expect(responses.map((r: any) => [r.errorCode, r.responseCode, r.responsePagePath])).toEqual([
            [403, 200, "/index.html"],
            [404, 200, "/index.html"],
        ]);
    });

    it("sets the price class per environment", async () => {
        expect(inputsOf((await cdn({}, "dev")).one(DISTRIBUTION))["priceClass"]).toBe("PriceClass_100");
        expect(inputsOf((await cdn({}, "staging")).one(DISTRIBUTION))["priceClass"]).toBe("PriceClass_100");
        expect(inputsOf((await cdn({}, "prod")).one(DISTRIBUTION))["priceClass"]).toBe("PriceClass_All");
        expect(inputsOf((await cdn({ priceClass: "PriceClass_200" }, "dev")).one(DISTRIBUTION))["priceClass"]).toBe("PriceClass_200");
    });

    it("attaches a CLOUDFRONT web ACL", async () => {
        const arn = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/abc";
        const p = await plan(
            () => new AwsCdn("web", { domain: SITE_DOMAIN, webAcl: { webAclArn: pulumi.output(arn), scope: "CLOUDFRONT" } }),
        );
        expect(inputsOf(p.one(DISTRIBUTION))["webAclId"]).toBe(arn);
    });
});

describe("AwsCdn validation", () => {
    async function rejected(args: () => AwsCdnArgs, message: RegExp) {
        let error: unknown;
        const p = await plan(() => {
            try {
                new AwsCdn("web", withDomain(args(), "prod"));
            } catch (e) {
                error = e;
            }
        });
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).name).toBe("InvalidArgumentError");
        expect((error as Error).message).toMatch(message);
        // Nothing but the stack and the component itself: no child registered.
        expect(p.resources.filter((r) => !["pulumi:pulumi:Stack", "appstack:cdn:AwsCdn"].includes(r.type))).toEqual([]);
    }

    it("refuses staging and prod without a custom domain, whose default certificate accepts TLS 1.0", async () => {
        for (const stack of ["staging", "prod"]) {
            const { error, plan: p } = await planRejected(() => new AwsCdn("web", {}), { stack });
            expect((error as Error).message).toMatch(new RegExp(`\`domain\` is missing in ${stack}.*TLS 1\\.0.*allowed: a custom domain`));
            expect(p.resources.filter((r) => r.type.startsWith("aws:"))).toEqual([]);
        }
    });

    it("rejects a REGIONAL web ACL before any child registers", async () => {
        const regional = (): WebAclProvider => ({
            webAclArn: pulumi.output("arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/api/x"),
            scope: "REGIONAL",
        });
        await rejected(() => ({ webAcl: regional() }), /`webAcl` has scope REGIONAL.*allowed: a web ACL of scope CLOUDFRONT/);
    });

    // TLS 1.3 only (AIOS "HTTPS enforced (TLS 1.3)"): CloudFront's strongest viewer policy, TLSv1.3_2025 ("Supported
    // protocols and ciphers between viewers and CloudFront", read 2026-12-06), which the provider's validator accepts
    // (terraform-provider-aws internal/service/cloudfront/distribution.go, viewer_certificate.minimum_protocol_version:
    // enum.Validate[awstypes.MinimumProtocolVersion](); aws-sdk-go-v2 cloudfront types/enums.go MinimumProtocolVersionTLSv132025).
    it("serves TLS 1.3 only with minimumProtocolVersion TLSv1.3_2025, and refuses other values or no domain", async () => {
        const p = await cdn({ minimumProtocolVersion: "TLSv1.3_2025" });
        expect(inputsOf(p.one(DISTRIBUTION))["viewerCertificate"]).toMatchObject({
            sslSupportMethod: "sni-only",
            minimumProtocolVersion: "TLSv1.3_2025",
        });
        await rejected(
            () => ({ minimumProtocolVersion: "TLSv1.1_2016" as "TLSv1.3_2025" }),
            /minimumProtocolVersion.*TLSv1\.1_2016.*allowed: TLSv1\.2_2021, TLSv1\.3_2025/,
        );
        const { error } = await planRejected(() => new AwsCdn("web", { minimumProtocolVersion: "TLSv1.3_2025" }), { stack: "dev" });
        expect((error as Error).message).toMatch(/minimumProtocolVersion.*without domain/);
    });

    it("rejects bad lifecycle, domain and content arguments", async () => {
        await rejected(() => ({ noncurrentArchiveAfterDays: 30, noncurrentExpireAfterDays: 30 }), /noncurrentExpireAfterDays/);
        await rejected(() => ({ archiveStorageClass: "DEEP_ARCHIVE", currentArchiveAfterDays: 30 }), /currentArchiveAfterDays/);
        await rejected(() => ({ accessLogRetentionDays: 0 }), /accessLogRetentionDays/);
        await rejected(() => ({ domain: { name: "Not A Domain" } }), /domain\.name/);
        await rejected(() => ({ domain: { name: "example.com", aliases: ["example.com"] } }), /domain\.aliases/);
        await rejected(() => ({ domain: { name: "example.com", hostedZoneId: "nope" } }), /hostedZoneId/);
        await rejected(() => ({ content: { directory: "/definitely/not/here" } }), /content\.directory/);
    });
});

describe("AwsCdn content", () => {
    it("registers no invalidation without content", async () => {
        const p = await cdn();
        expect(p.ofType(DYNAMIC)).toHaveLength(0);
        expect(p.ofType(OBJECT)).toHaveLength(0);
    });

    it("uploads every file under a stable name with its content type, then invalidates /*", async () => {
        const dir = site({
            "index.html": "<h1>hi</h1>",
            "assets/app.js": "console.log(1)",
            "assets/logo.svg": "<svg/>",
            "data.bin": "\u0000",
        });
        const p = await cdn({ content: { directory: dir } });
        const objects = p.ofType(OBJECT);
        expect(objects.map((o) => o.name).sort()).toEqual([
            "web-content-assets/app.js",
            "web-content-assets/logo.svg",
            "web-content-data.bin",
            "web-content-index.html",
        ]);
        expect(Object.fromEntries(objects.map((o) => [inputsOf(o)["key"], inputsOf(o)["contentType"]]))).toEqual({
            "index.html": "text/html; charset=utf-8",
            "assets/app.js": "text/javascript; charset=utf-8",
            "assets/logo.svg": "image/svg+xml",
            "data.bin": "application/octet-stream",
        });
        const bucket = p.one(BUCKET, "web-bucket");
        for (const o of objects) expect(o.propertyDependencies["bucket"]).toEqual([bucket.urn]);
        const invalidation = p.one(DYNAMIC);
        expect(invalidation.name).toBe("web-invalidation");
        const distribution = p.one(DISTRIBUTION);
        // The CloudFront API from a dynamic provider, not a shell command: the distribution's id, one wildcard path,
        // the content hash as the version, no wait by default.
        expect(inputsOf(invalidation)).toMatchObject({
            appstackResource: "cloudfront-invalidation",
            distributionId: distribution.id,
            paths: ["/*"],
            version: contentHash(listContentFiles(dir)),
            wait: false,
        });
        expect(invalidation.propertyDependencies["distributionId"]).toEqual([distribution.urn]);
        expect(String(inputsOf(invalidation)["__provider"])).toContain("@aws-sdk/client-cloudfront");
        // It runs after every upload.
        for (const o of objects) expect(invalidation.dependencies).toContain(o.urn);
    });

    it("waits for the invalidation with content.waitForInvalidation, and takes the invalidation transform", async () => {
        const dir = site({ "index.html": "hi" });
        const p = await cdn({
            content: { directory: dir, waitForInvalidation: true },
            transform: { invalidation: { paths: ["/index.html"] } },
        });
        expect(inputsOf(p.one(DYNAMIC))).toMatchObject({ wait: true, paths: ["/index.html"] });
    });

    it("changes the invalidation trigger only when the content changes", async () => {
        const dir = site({ "index.html": "v1", "a/b.css": "body{}" });
        const trigger = async () => inputsOf((await cdn({ content: { directory: dir } })).one(DYNAMIC))["version"];
        const first = await trigger();
        expect(await trigger()).toBe(first);
        fs.writeFileSync(path.join(dir, "index.html"), "v2");
        const edited = await trigger();
        expect(edited).not.toBe(first);
        fs.renameSync(path.join(dir, "a/b.css"), path.join(dir, "a/c.css"));
        const renamed = await trigger();
        expect(renamed).not.toBe(edited);
        fs.writeFileSync(path.join(dir, "new.txt"), "");
        expect(await trigger()).not.toBe(renamed);
    });

    it("splits paths into invalidations of at most 3,000 file paths and 15 wildcard paths", () => {
        expect(invalidationBatches(["/*"])).toEqual([["/*"]]);
        const files = Array.from({ length: INVALIDATION_FILE_PATH_LIMIT + 1 }, (_, i) => `/f${i}.html`);
        const wildcards = Array.from({ length: INVALIDATION_WILDCARD_PATH_LIMIT + 2 }, (_, i) => `/d${i}/*`);
        const batches = invalidationBatches([...files, ...wildcards]);
        expect(batches.map((b) => b.length)).toEqual([INVALIDATION_FILE_PATH_LIMIT + INVALIDATION_WILDCARD_PATH_LIMIT, 1 + 2]);
        expect(batches.flat().sort()).toEqual([...files, ...wildcards].sort());
    });

    it("runs, as the dynamic provider host runs it, a signed CreateInvalidation call and no command", async () => {
        // The serialized provider the engine stores, loaded the way @pulumi/pulumi cmd/dynamic-provider/index.js
        // loads it: `requireFromString(props.__provider).handler()`.
        const p = await cdn({ content: { directory: site({ "index.html": "x" }) } });
        const serialized = String(inputsOf(p.one(DYNAMIC))["__provider"]);
        expect(serialized).not.toMatch(/child_process|create-invalidation/);
        // The SDK is loaded by the host at run time, not copied into the state.
        expect(serialized).toContain(`require("@aws-sdk/client-cloudfront")`);
        expect(serialized.length).toBeLessThan(50_000);
        const requireFromString = createRequire(__filename)("require-from-string") as (code: string) => { handler: () => any };
        const provider = requireFromString(serialized).handler();

        // A stand-in CloudFront endpoint (the SDK's AWS_ENDPOINT_URL_<SERVICE> setting), answering as the API
        // reference's CreateInvalidation example does (201, an Invalidation document;
        // https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CreateInvalidation.html, read 2026-12-06).
        const requests: { method?: string; url?: string; authorization?: string; body: string }[] = [];
        const server = http.createServer((req, res) => {
            let body = "";
            req.on("data", (chunk: Buffer) => (body += chunk.toString()));
            req.on("end", () => {
                requests.push({ method: req.method, url: req.url, authorization: req.headers.authorization, body });
                res.writeHead(201, {
                    "content-type": "text/xml",
                    location: `https://cloudfront.amazonaws.com${req.url}/I${requests.length}`,
                });
                res.end(
                    `<?xml version="1.0" encoding="UTF-8"?><Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I${requests.length}</Id>` +
                        `<Status>InProgress</Status><CreateTime>2026-12-06T00:00:00Z</CreateTime><InvalidationBatch><Paths><Quantity>1</Quantity>` +
                        `<Items><Path>/*</Path></Items></Paths><CallerReference>r</CallerReference></InvalidationBatch></Invalidation>`,
                );
            });
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const saved = { ...process.env };
        const address = server.address();
        Object.assign(process.env, {
            AWS_ENDPOINT_URL_CLOUDFRONT: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`,
            AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
            AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            AWS_EC2_METADATA_DISABLED: "true",
        });
        delete process.env["AWS_PROFILE"];
        try {
            const inputs = { distributionId: "E2EXAMPLE", paths: ["/*"], version: "v1", wait: false };
            const created = await provider.create(inputs);
            expect(created.outs).toMatchObject({ ...inputs, invalidationIds: ["I1"], appstackResource: "cloudfront-invalidation" });
            expect(requests).toHaveLength(1);
            expect(requests[0]).toMatchObject({ method: "POST", url: "/2020-05-31/distribution/E2EXAMPLE/invalidation" });
            expect(requests[0]?.authorization).toMatch(
                /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/cloudfront\/aws4_request/,
            );
            expect(requests[0]?.body).toMatch(/<Paths><Quantity>1<\/Quantity><Items><Path>\/\*<\/Path><\/Items><\/Paths>/);

            // The same version: no change. Another version: an update (never a replacement) that invalidates again.
            expect(await provider.diff(created.id, created.outs, inputs)).toMatchObject({ changes: false, replaces: [] });
            const next = { ...inputs, version: "v2" };
            expect(await provider.diff(created.id, created.outs, next)).toMatchObject({ changes: true, replaces: [] });
            const updated = await provider.update(created.id, created.outs, next);
            expect(updated.outs.invalidationIds).toEqual(["I2"]);
            // A change of `wait` alone calls nothing.
            await provider.update(created.id, updated.outs, { ...next, wait: true });
            expect(requests).toHaveLength(2);
        } finally {
            process.env = saved;
            await new Promise((resolve) => server.close(resolve));
        }
    });

    it("leaves the AWS CLI out of every component: nothing shells out to aws", () => {
        const root = path.join(__dirname, "../../components/src");
        const sources = fs.readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
        // The backup's generated GitHub Actions workflows run `aws s3 cp` on GitHub's runners, not on the deploying machine.
        const offenders = sources.filter((f) => {
            const text = fs.readFileSync(path.join(root, f), "utf8");
            return /@pulumi\/command|child_process|\baws cloudfront\b/.test(text);
        });
        expect(offenders).toEqual([]);
    });

    it("maps extensions to content types", () => {
        expect(contentTypeOf("a/B.PNG")).toBe("image/png");
        expect(contentTypeOf("x.woff2")).toBe("font/woff2");
        expect(contentTypeOf("README")).toBe("application/octet-stream");
    });
});

describe("AwsCdn child names", () => {
    it("are stable", async () => {
        const p = await cdn({ domain: { name: "www.example.com", hostedZoneId: "Z0123456789ABC" } });
        expect(p.names()).toEqual(
            [
                "pulumi:pulumi:Stack::test-prod",
                "appstack:cdn:AwsCdn::web",
                `${BUCKET}::web-logs`,
                `${PAB}::web-logs-public-access-block`,
                `${OWNERSHIP}::web-logs-ownership`,
                "aws:s3/bucketVersioning:BucketVersioning::web-logs-versioning",
                `${SSE}::web-logs-encryption`,
                `${LIFECYCLE}::web-logs-lifecycle`,
                `${POLICY}::web-logs-policy`,
                `${BUCKET}::web-bucket`,
                `${PAB}::web-public-access-block`,
                `${OWNERSHIP}::web-ownership`,
                "aws:s3/bucketVersioning:BucketVersioning::web-versioning",
                `${LIFECYCLE}::web-lifecycle`,
                "aws:s3/bucketLogging:BucketLogging::web-logging",
                `${SSE}::web-encryption`,
                `${POLICY}::web-policy`,
                "aws:kms/key:Key::web-key",
                "aws:cloudfront/originAccessControl:OriginAccessControl::web-oac",
                "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy::web-headers",
                "aws:acm/certificate:Certificate::web-certificate",
                "aws:route53/record:Record::web-validation-www.example.com",
                "aws:acm/certificateValidation:CertificateValidation::web-certificate-validation",
                `${DISTRIBUTION}::web-distribution`,
                "aws:route53/record:Record::web-alias-a-www.example.com",
                "aws:route53/record:Record::web-alias-aaaa-www.example.com",
            ].sort(),
        );
    });

    it("apply transforms to children", async () => {
        const p = await cdn({ transform: { distribution: { comment: "mine" }, bucket: (args) => void (args.forceDestroy = true) } });
        expect(inputsOf(p.one(DISTRIBUTION))["comment"]).toBe("mine");
        expect(inputsOf(p.one(BUCKET, "web-bucket"))["forceDestroy"]).toBe(true);
    });
});

describe('AwsCdn bandwidth alarm (CoachMeld "CDN | Bandwidth | 100GB")', () => {
    const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
    it("alarms in us-east-1 on a day's BytesDownloaded above a thirtieth of the monthly GB", async () => {
        const p = await plan(
            () => {
                const web = new AwsCdn("web", { domain: SITE_DOMAIN });
                new AwsMonitoring("mon", {
                    notify: { emails: ["ops@example.com"] },
                    monitor: [web.monitoring({ monthlyDownloadGb: 100 })],
                    dashboard: false,
                });
            },
            { stack: "prod" },
        );
        const alarm = p.ofType(ALARM).find((a) => a.name === "mon-cdn-web-bandwidth");
        expect(
            alarm,
            p
                .ofType(ALARM)
                .map((a) => a.name)
                .join(", "),
        ).toBeDefined();
        const a = inputsOf(alarm as CapturedResource);
        // CloudFront publishes its metrics in us-east-1 only, dimensions DistributionId and Region=Global.
        expect(a).toMatchObject({
            namespace: "AWS/CloudFront",
            metricName: "BytesDownloaded",
            statistic: "Sum",
            period: 86_400,
            evaluationPeriods: 1,
            region: "us-east-1",
        });
        expect(a["dimensions"]).toMatchObject({ Region: "Global", DistributionId: p.one(DISTRIBUTION).id });
        expect(a["threshold"]).toBe(Math.round((100 * 1000 ** 3) / 30));
        expect(a["comparisonOperator"]).toBe("GreaterThanThreshold");
    });

    it("has no bandwidth alarm unless asked, and refuses a non-positive size", async () => {
        const p = await plan(
            () => {
                const web = new AwsCdn("web", { domain: SITE_DOMAIN });
                new AwsMonitoring("mon", { notify: { emails: ["ops@example.com"] }, monitor: [web], dashboard: false });
            },
            { stack: "prod" },
        );
        expect(p.ofType(ALARM).map((a) => a.name)).not.toContain("mon-cdn-web-bandwidth");
        const { error } = await planRejected(() => new AwsCdn("web", { domain: SITE_DOMAIN }).monitoring({ monthlyDownloadGb: 0 }), {
            stack: "prod",
        });
        expect(String(error)).toContain("monthlyDownloadGb");
    });
});
