import { describe, expect, it } from "vitest";
import { AwsLogBucket } from "../../components/src/logs/aws";
import { plan } from "../support/plan";

describe("AwsLogBucket", () => {
    it("is private, versioned, SSE-S3 encrypted and expires logs", async () => {
        const p = await plan(() => new AwsLogBucket("alb-logs", { retentionDays: 30 }));
        expect(p.inputs("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")).toMatchObject({
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
        expect(p.inputs("aws:s3/bucketVersioning:BucketVersioning").versioningConfiguration).toEqual({ status: "Enabled" });
        // Load balancer log delivery supports SSE-S3 only.
        expect(p.inputs("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").rules).toEqual([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ]);
        expect(p.inputs("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").rules[0]).toMatchObject({
            expiration: { days: 30 },
            noncurrentVersionExpiration: { noncurrentDays: 1 },
        });
        expect(p.inputs("aws:s3/bucket:Bucket").bucket).toBe("test-prod-alb-logs");
    });

    it("lets only ELB log delivery write, under this account's prefix, and denies plain HTTP", async () => {
        const p = await plan(() => new AwsLogBucket("alb-logs", {}));
        const policy = JSON.parse(p.inputs("aws:s3/bucketPolicy:BucketPolicy").policy);
        const [account, service, deny] = policy.Statement;
        expect(account.Principal).toEqual({ AWS: "arn:aws:iam::127311923021:root" });
        expect(service.Principal).toEqual({ Service: "logdelivery.elasticloadbalancing.amazonaws.com" });
        for (const s of [account, service]) {
            expect(s.Action).toBe("s3:PutObject");
            expect(s.Resource).toEqual([
                "arn:aws:s3:::test-prod-alb-logs/*/AWSLogs/123456789012/*",
                "arn:aws:s3:::test-prod-alb-logs/AWSLogs/123456789012/*",
            ]);
        }
        expect(deny).toMatchObject({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
    });

    it("keeps its child names, writes the policy after the public access block, and applies per-child transforms", async () => {
        const p = await plan(
            () =>
                new AwsLogBucket("alb-logs", {
                    transform: { lifecycle: { expectedBucketOwner: "123456789012" }, policy: (args) => void (args.bucket = "other") },
                }),
        );
        // The names the bucket had before the shared private-bucket builder (components/src/blocks/bucket.ts): renaming one would replace it.
        expect(
            p
                .names()
                .filter((n) => n.startsWith("aws:"))
                .sort(),
        ).toEqual(
            [
                "aws:s3/bucket:Bucket::alb-logs-bucket",
                "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::alb-logs-public-access-block",
                "aws:s3/bucketOwnershipControls:BucketOwnershipControls::alb-logs-ownership",
                "aws:s3/bucketVersioning:BucketVersioning::alb-logs-versioning",
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration::alb-logs-encryption",
                "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration::alb-logs-lifecycle",
                "aws:s3/bucketPolicy:BucketPolicy::alb-logs-policy",
            ].sort(),
        );
        for (const r of p.resources.filter((r) => r.type.startsWith("aws:")))
            expect(r.parent).toBe(p.one("appstack:logs:AwsLogBucket").urn);
        // With blockPublicPolicy set first, a policy that S3 judged public would be refused rather than applied.
        expect(p.one("aws:s3/bucketPolicy:BucketPolicy").dependencies).toContain(
            p.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").urn,
        );
        expect(p.inputs("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").expectedBucketOwner).toBe("123456789012");
        expect(p.inputs("aws:s3/bucketPolicy:BucketPolicy").bucket).toBe("other");
    });

    it("protects the bucket in prod and refuses a bad retention before creating children", async () => {
        const p = await plan(() => new AwsLogBucket("alb-logs", {}));
        expect(p.one("aws:s3/bucket:Bucket").protect).toBe(true);
        await expect(plan(() => new AwsLogBucket("alb-logs", { retentionDays: 0 }))).rejects.toThrow(
            /retentionDays` is 0; allowed: an integer from 1 to 3650/,
        );
    });
});
