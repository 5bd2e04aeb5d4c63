import { describe, expect, it } from "vitest";
import { STATEFUL_TYPES } from "../../policies/rules/resource-types";
import { UNKNOWN_STRING, urn, validateResource, validateStack } from "./harness";

const BUCKET = "aws:s3/bucket:Bucket";

describe("data-loss-protect", () => {
    const run = (type: string, protect: boolean, config = {}) =>
        validateResource("data-loss-protect", { type, name: "r", props: {}, protect }, config);
    it("covers databases, buckets, caches, tables, file systems and KMS keys", () => {
        expect(STATEFUL_TYPES).toEqual(
            expect.arrayContaining([
                "aws:rds/instance:Instance",
                "aws:rds/cluster:Cluster",
                BUCKET,
                "aws:elasticache/replicationGroup:ReplicationGroup",
                "aws:dynamodb/table:Table",
                "aws:efs/fileSystem:FileSystem",
                "aws:kms/key:Key",
            ]),
        );
    });
    for (const type of STATEFUL_TYPES) {
        it(`${type}: requires the protect option`, async () => {
            expect(await run(type, true)).toEqual([]);
            const v = await run(type, false);
            expect(v).toHaveLength(1);
            expect(v[0].message).toMatch(/not protected.*protect: true/);
        });
    }
    it("covers EBS volumes and ElastiCache clusters (finding: both were missing from the stateful table)", async () => {
        for (const type of ["aws:ebs/volume:Volume", "aws:elasticache/cluster:Cluster"]) {
            expect(STATEFUL_TYPES, type).toContain(type);
            expect(await run(type, true), type).toEqual([]);
            const v = await run(type, false);
            expect(v, type).toHaveLength(1);
            expect(v[0].message).toMatch(/not protected.*protect: true/);
        }
    });
    it("is off with requireProtection false (dev) and ignores stateless types", async () => {
        expect(await run(BUCKET, false, { requireProtection: false })).toEqual([]);
        expect(await run("aws:ecs/service:Service", false)).toEqual([]);
    });
});

describe("data-loss-deletion-protection", () => {
    const run = (type: string, props: Record<string, unknown>, config = {}) =>
        validateResource("data-loss-deletion-protection", { type, name: "db", props }, config);
    const RDS = "aws:rds/instance:Instance";
    it("accepts deletionProtection with a final snapshot", async () => {
        expect(await run(RDS, { deletionProtection: true, skipFinalSnapshot: false, finalSnapshotIdentifier: "db-final" })).toEqual([]);
        expect(await run("aws:rds/cluster:Cluster", { deletionProtection: true, finalSnapshotIdentifier: "c-final" })).toEqual([]);
        expect(await run("aws:dynamodb/table:Table", { deletionProtectionEnabled: true })).toEqual([]);
    });
    it("rejects each missing guard", async () => {
        const v = await run(RDS, { skipFinalSnapshot: true });
        expect(v.map((x) => x.message)).toEqual([
            expect.stringMatching(/deletionProtection: true/),
            expect.stringMatching(/skipFinalSnapshot: false/),
        ]);
        expect((await run(RDS, { deletionProtection: true }))[0].message).toMatch(/finalSnapshotIdentifier/);
        expect(await run("aws:dynamodb/table:Table", {})).toHaveLength(1);
    });
    it("does not ask replicas for a final snapshot; dev turns both off", async () => {
        expect(await run(RDS, { deletionProtection: true, replicateSourceDb: "db", skipFinalSnapshot: true })).toEqual([]);
        expect(await run(RDS, { skipFinalSnapshot: true }, { requireDeletionProtection: false, requireFinalSnapshot: false })).toEqual([]);
    });
});

describe("data-loss-s3-versioning", () => {
    const V = "aws:s3/bucketVersioning:BucketVersioning";
    const run = (resources: Parameters<typeof validateStack>[1], config = {}) =>
        validateStack("data-loss-s3-versioning", resources, config);
    it("accepts an Enabled BucketVersioning correlated by propertyDependencies, dependencies or name", async () => {
        const enabled = { versioningConfiguration: { status: "Enabled" } };
        expect(
            await run([
                { type: BUCKET, name: "b", props: {} },
                { type: V, name: "v", props: { bucket: UNKNOWN_STRING, ...enabled }, propertyDependencies: { bucket: ["b"] } },
            ]),
        ).toEqual([]);
        expect(
            await run([
                { type: BUCKET, name: "b", props: {} },
                { type: V, name: "v", props: enabled, dependencies: ["b"] },
            ]),
        ).toEqual([]);
        expect(
            await run([
                { type: BUCKET, name: "b", props: { bucket: "x" } },
                { type: V, name: "v", props: { bucket: "x", ...enabled } },
            ]),
        ).toEqual([]);
    });
    it("rejects a suspended or missing versioning", async () => {
        const v = await run([
            { type: BUCKET, name: "b", props: { bucket: "x" } },
            { type: V, name: "v", props: { bucket: "x", versioningConfiguration: { status: "Suspended" } } },
        ]);
        expect(v[0].message).toMatch(/not versioned.*status: "Enabled"/);
        expect(await run([{ type: BUCKET, name: "b", props: {} }], { requireVersioning: false })).toEqual([]);
    });
});

describe("data-loss-s3-public-access", () => {
    const PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
    const ACL = "aws:s3/bucketAcl:BucketAcl";
    const POL = "aws:s3/bucketPolicy:BucketPolicy";
    const all = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
    const run = (resources: Parameters<typeof validateStack>[1], config = {}) =>
        validateStack("data-loss-s3-public-access", resources, config);
    const bucket = { type: BUCKET, name: "b", props: { bucket: "x" } };
    const block = { type: PAB, name: "pab", props: { bucket: "x", ...all } };

    it("accepts a fully blocked bucket with a CloudFront-only policy", async () => {
        const policy = JSON.stringify({
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Service: "cloudfront.amazonaws.com" },
                    Action: "s3:GetObject",
                    Resource: "arn:aws:s3:::x/*",
                    Condition: { StringEquals: { "AWS:SourceArn": "arn" } },
                },
            ],
        });
        expect(await run([bucket, block, { type: POL, name: "pol", props: { bucket: "x", policy } }])).toEqual([]);
    });
    it("never calls a private bucket public: no block resource (S3 blocks public access on new buckets since April 2023), or a partial one, without a grant", async () => {
        expect(await run([bucket])).toEqual([]);
        expect(await run([bucket, { ...block, props: { bucket: "x", blockPublicAcls: false, blockPublicPolicy: false } }])).toEqual([]);
    });
    it("rejects a public grant whether or not a block stops it, and says when S3 will refuse it", async () => {
        const policy = JSON.stringify({
            Statement: [{ Sid: "Public", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::x/*" }],
        });
        const open = await run([
            bucket,
            { ...block, props: { bucket: "x", blockPublicPolicy: false } },
            { type: POL, name: "pol", props: { bucket: "x", policy } },
        ]);
        expect(open).toHaveLength(1);
        expect(open[0].message).not.toMatch(/will reject it/);
        const blocked = await run([bucket, { type: POL, name: "pol", props: { bucket: "x", policy } }]);
        expect(blocked[0].message).toMatch(/blockPublicPolicy is on, so S3 will reject it/);
        const inline = await run([{ type: BUCKET, name: "b", props: { bucket: "x", acl: "public-read" } }]);
        expect(inline[0].urn).toBe(urn(BUCKET, "b"));
    });
    it("rejects a public-read ACL and a policy granting * without a condition", async () => {
        const acl = await run([bucket, block, { type: ACL, name: "acl", props: { bucket: "x", acl: "public-read" } }]);
        expect(acl).toHaveLength(1);
        expect(acl[0].urn).toBe(urn(ACL, "acl"));
        const policy = JSON.stringify({
            Statement: [{ Sid: "Public", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::x/*" }],
        });
        const pol = await run([bucket, block, { type: POL, name: "pol", props: { bucket: "x", policy } }]);
        expect(pol[0].message).toMatch(/Principal "\*" without a Condition \(statements: Public\)/);
        const awsStar = { Statement: [{ Effect: "Allow", Principal: { AWS: ["*"] }, Action: "s3:*" }] };
        expect(await run([bucket, block, { type: POL, name: "pol", props: { bucket: "x", policy: awsStar } }])).toHaveLength(1);
    });
    it("does not let a condition that leaves the caller open exempt a public statement (transport, time, IP, IfExists, negated, wildcard)", async () => {
        const open = (Condition: Record<string, unknown>) =>
            JSON.stringify({
                Statement: [
                    { Sid: "Open", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::x/*", Condition },
                ],
            });
        const conditions: Record<string, unknown>[] = [
            { Bool: { "aws:SecureTransport": "true" } },
            { NumericGreaterThanEquals: { "s3:TlsVersion": "1.2" } },
            { DateGreaterThan: { "aws:CurrentTime": "2024-01-01T00:00:00Z" } },
            { IpAddress: { "aws:SourceIp": "0.0.0.0/0" } },
            { IpAddress: { "aws:SourceIp": ["203.0.113.0/24"] } },
            { StringEqualsIfExists: { "aws:SourceArn": "arn:aws:cloudfront::123456789012:distribution/E1" } },
            { StringNotEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } },
            { StringLike: { "aws:SourceArn": "*" } },
            { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/*" } },
            { StringEquals: { "aws:SourceAccount": ["123456789012", "*"] } },
            { "ForAllValues:StringEquals": { "aws:PrincipalOrgID": "o-abc123" } },
        ];
        for (const condition of conditions) {
            const v = await run([bucket, block, { type: POL, name: "pol", props: { bucket: "x", policy: open(condition) } }]);
            expect(v, JSON.stringify(condition)).toHaveLength(1);
            expect(v[0].urn).toBe(urn(POL, "pol"));
            expect(v[0].message).toMatch(/Principal "\*" without a Condition \(statements: Open\) that restricts who can call/);
        }
    });
    it('accepts Principal "*" when a condition pins who can call (source, principal, organization, VPC, access point)', async () => {
        const pinned = (Condition: Record<string, unknown>) =>
            JSON.stringify({
                Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::x/*", Condition }],
            });
        const conditions: Record<string, unknown>[] = [
            { StringEquals: { "AWS:SourceArn": "arn:aws:cloudfront::123456789012:distribution/E1" } },
            { ArnLike: { "aws:SourceArn": "arn:aws:cloudfront::123456789012:distribution/*" } },
            { StringEquals: { "aws:SourceAccount": "123456789012" } },
            { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } },
            { StringEquals: { "aws:PrincipalAccount": ["123456789012", "210987654321"] } },
            { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/reader" } },
            { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } },
            { StringEquals: { "aws:SourceVpc": "vpc-111bbb22" } },
            { StringLike: { "aws:userid": "AROAEXAMPLEID:*" } },
            { Bool: { "aws:SecureTransport": "true" }, StringEquals: { "aws:SourceOwner": "123456789012" } },
            { StringEquals: { "s3:DataAccessPointAccount": "123456789012" } },
        ];
        for (const condition of conditions) {
            expect(
                await run([bucket, block, { type: POL, name: "pol", props: { bucket: "x", policy: pinned(condition) } }]),
                JSON.stringify(condition),
            ).toEqual([]);
        }
    });
    it("exempts buckets named in config, with their ACLs and policies", async () => {
        expect(
            await run([bucket, { type: ACL, name: "acl", props: { bucket: "x", acl: "public-read" } }], { exemptBuckets: ["b"] }),
        ).toEqual([]);
    });
});

describe("data-loss-public-database", () => {
    const run = (type: string, props: Record<string, unknown>, config = {}) =>
        validateResource("data-loss-public-database", { type, name: "db", props }, config);
    it("rejects publiclyAccessible on instances and cluster instances", async () => {
        expect(await run("aws:rds/instance:Instance", { publiclyAccessible: false })).toEqual([]);
        expect((await run("aws:rds/instance:Instance", { publiclyAccessible: true }))[0].message).toMatch(/publiclyAccessible: false/);
        expect(await run("aws:rds/clusterInstance:ClusterInstance", { publiclyAccessible: true })).toHaveLength(1);
        expect(await run("aws:rds/instance:Instance", { publiclyAccessible: true }, { exemptResourceNames: ["db"] })).toEqual([]);
    });
});
