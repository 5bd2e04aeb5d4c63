import { describe, expect, it } from "vitest";
import { UNKNOWN_STRING, urn, validateResource, validateStack } from "./harness";

describe("encryption-at-rest", () => {
    const run = (type: string, props: Record<string, unknown>, config = {}) =>
        validateResource("encryption-at-rest", { type, name: "r", props }, config);
    const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
        ["aws:rds/instance:Instance", { storageEncrypted: true }, { storageEncrypted: false }],
        ["aws:rds/cluster:Cluster", { storageEncrypted: true }, {}],
        ["aws:elasticache/replicationGroup:ReplicationGroup", { atRestEncryptionEnabled: true }, { atRestEncryptionEnabled: false }],
        ["aws:ebs/volume:Volume", { encrypted: true }, {}],
        ["aws:efs/fileSystem:FileSystem", { encrypted: true }, { encrypted: false }],
        ["aws:sns/topic:Topic", { kmsMasterKeyId: "alias/aws/sns" }, {}],
        ["aws:sqs/queue:Queue", { sqsManagedSseEnabled: true }, { sqsManagedSseEnabled: false }],
    ];
    for (const [type, good, bad] of cases) {
        it(`${type}: accepts encrypted, rejects unencrypted with a fix`, async () => {
            expect(await run(type, good)).toEqual([]);
            const v = await run(type, bad);
            expect(v).toHaveLength(1);
            expect(v[0].message).toMatch(/not encrypted at rest.*Fix: set /);
        });
    }
    it("checks replicas too: storageEncrypted, or kmsKeyId for a cross-region replica", async () => {
        expect(await run("aws:rds/instance:Instance", { replicateSourceDb: "db" })).toHaveLength(1);
        expect(
            await run("aws:rds/instance:Instance", {
                replicateSourceDb: "arn:aws:rds:us-east-1:1:db:db",
                kmsKeyId: "arn:aws:kms:us-west-2:1:key/k",
            }),
        ).toEqual([]);
    });
    it("rejects a standalone ElastiCache cluster (no at-rest flag exists), pointing to a replication group; members are judged on their group", async () => {
        for (const engine of ["redis", "memcached"]) {
            const v = await run("aws:elasticache/cluster:Cluster", { engine, nodeType: "cache.t4g.micro", numCacheNodes: 1 });
            expect(v, engine).toHaveLength(1);
            expect(v[0].message).toMatch(/not encrypted at rest.*Fix: .*aws\.elasticache\.ReplicationGroup.*atRestEncryptionEnabled: true/);
        }
        expect(await run("aws:elasticache/cluster:Cluster", { replicationGroupId: "sessions" })).toEqual([]);
    });
    it("accepts an SQS queue with SSE left at its default (SSE-SQS since late 2022); rejects only an explicit sqsManagedSseEnabled: false without a key", async () => {
        expect(await run("aws:sqs/queue:Queue", {})).toEqual([]);
        expect(await run("aws:sqs/queue:Queue", { messageRetentionSeconds: 1209600 })).toEqual([]);
        const v = await run("aws:sqs/queue:Queue", { sqsManagedSseEnabled: false });
        expect(v).toHaveLength(1);
        expect(v[0].message).toMatch(/sqsManagedSseEnabled/);
        expect(await run("aws:sqs/queue:Queue", { sqsManagedSseEnabled: false, kmsMasterKeyId: "alias/aws/sqs" })).toEqual([]);
        expect(await run("aws:sqs/queue:Queue", {}, { requireCustomerManagedKeys: true })).toHaveLength(1);
    });
    it("accepts an SQS queue with a KMS key; with requireCustomerManagedKeys, needs kmsKeyId", async () => {
        expect(await run("aws:sqs/queue:Queue", { kmsMasterKeyId: "arn:aws:kms:us-east-1:1:key/k" })).toEqual([]);
        expect(await run("aws:rds/instance:Instance", { storageEncrypted: true }, { requireCustomerManagedKeys: true })).toHaveLength(1);
        expect(await run("aws:sns/topic:Topic", { kmsMasterKeyId: "alias/aws/sns" }, { requireCustomerManagedKeys: true })).toHaveLength(1);
    });
});

describe("encryption-at-rest-customer-keys", () => {
    const run = (type: string, props: Record<string, unknown>, config = {}) =>
        validateResource("encryption-at-rest-customer-keys", { type, name: "r", props }, config);
    it("asks log groups for kmsKeyId and tables for serverSideEncryption", async () => {
        expect(await run("aws:cloudwatch/logGroup:LogGroup", { kmsKeyId: "arn:aws:kms:us-east-1:1:key/k" })).toEqual([]);
        expect((await run("aws:cloudwatch/logGroup:LogGroup", {}))[0].message).toMatch(/service-owned.*kmsKeyId/);
        expect(await run("aws:dynamodb/table:Table", { serverSideEncryption: { enabled: true } })).toEqual([]);
        expect(await run("aws:dynamodb/table:Table", {})).toHaveLength(1);
    });
    it("can be turned off per type", async () => {
        expect(await run("aws:cloudwatch/logGroup:LogGroup", {}, { logGroups: false })).toEqual([]);
        expect(await run("aws:dynamodb/table:Table", {}, { dynamodbTables: false })).toEqual([]);
    });
});

describe("encryption-at-rest-s3-buckets", () => {
    const BUCKET = "aws:s3/bucket:Bucket";
    const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
    const rules = (sseAlgorithm: string) => [{ applyServerSideEncryptionByDefault: { sseAlgorithm } }];
    const run = (resources: Parameters<typeof validateStack>[1], config = {}) =>
        validateStack("encryption-at-rest-s3-buckets", resources, config);

    it("correlates through propertyDependencies while the bucket id is unknown (preview)", async () => {
        expect(
            await run([
                { type: BUCKET, name: "assets", props: { bucket: UNKNOWN_STRING } },
                {
                    type: SSE,
                    name: "assets-sse",
                    props: { bucket: UNKNOWN_STRING, rules: rules("AES256") },
                    propertyDependencies: { bucket: ["assets"] },
                },
            ]),
        ).toEqual([]);
    });
    it("falls back to the bucket name value", async () => {
        expect(
            await run([
                { type: BUCKET, name: "assets", props: { bucket: "shop-prod-assets", id: "shop-prod-assets" } },
                { type: SSE, name: "sse", props: { bucket: "shop-prod-assets", rules: rules("aws:kms") } },
            ]),
        ).toEqual([]);
    });
    it("accepts a bucket without a configuration: S3 encrypts every new object with SSE-S3 since January 2023", async () => {
        expect(await run([{ type: BUCKET, name: "logs", props: { bucket: "b" } }])).toEqual([]);
    });
    it("with requireKms, rejects a bucket whose encryption config belongs to another bucket", async () => {
        const v = await run(
            [
                { type: BUCKET, name: "assets", props: { bucket: "a" } },
                { type: BUCKET, name: "logs", props: { bucket: "b" } },
                { type: SSE, name: "sse", props: { bucket: "a", rules: rules("aws:kms") } },
            ],
            { requireKms: true },
        );
        expect(v).toHaveLength(1);
        expect(v[0].urn).toBe(urn(BUCKET, "logs"));
        expect(v[0].message).toMatch(/no server-side encryption configuration.*SSE-KMS is required/);
    });
    it("requires SSE-KMS when requireKms", async () => {
        const resources = [
            { type: BUCKET, name: "assets", props: { bucket: "a" } },
            { type: SSE, name: "sse", props: { bucket: "a", rules: rules("AES256") } },
        ];
        expect((await run(resources, { requireKms: true }))[0].message).toMatch(/SSE-KMS is required/);
    });
});
