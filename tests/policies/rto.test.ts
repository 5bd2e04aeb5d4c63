import { describe, expect, it } from "vitest";
import { estimateRestoreHours } from "../../policies/rules/rto";
import { UNKNOWN_STRING, urn, validateStack } from "./harness";

const RDS = "aws:rds/instance:Instance";
const CLUSTER = "aws:rds/cluster:Cluster";
const CI = "aws:rds/clusterInstance:ClusterInstance";

describe("rto-database-recovery", () => {
    const run = (resources: Parameters<typeof validateStack>[1], config = {}) => validateStack("rto-database-recovery", resources, config);

    it("documents its restore model: 45 min fixed + 100 GB/h", () => {
        expect(estimateRestoreHours(100, { restoreGbPerHour: 100, restoreFixedMinutes: 45 })).toBeCloseTo(1.75);
    });
    it("accepts Multi-AZ, a replica (by identifier or through propertyDependencies), or a small restore", async () => {
        expect(await run([{ type: RDS, name: "db", props: { multiAz: true, allocatedStorage: 2000 } }])).toEqual([]);
        expect(
            await run([
                { type: RDS, name: "db", props: { identifier: "app-db", allocatedStorage: 2000 } },
                { type: RDS, name: "replica", props: { replicateSourceDb: "app-db" } },
            ]),
        ).toEqual([]);
        expect(
            await run([
                { type: RDS, name: "db", props: { allocatedStorage: 2000 } },
                {
                    type: RDS,
                    name: "replica",
                    props: { replicateSourceDb: UNKNOWN_STRING },
                    propertyDependencies: { replicateSourceDb: ["db"] },
                },
            ]),
        ).toEqual([]);
        expect(await run([{ type: RDS, name: "db", props: { allocatedStorage: 100 } }])).toEqual([]);
    });
    it("rejects a single-AZ database whose estimated restore exceeds 4 h, on that resource", async () => {
        const v = await run([{ type: RDS, name: "db", props: { allocatedStorage: 500 } }]);
        expect(v).toHaveLength(1);
        expect(v[0].urn).toBe(urn(RDS, "db"));
        expect(v[0].message).toMatch(/500 GB.*5\.8 h.*over the 4 h RTO.*multiAz: true/);
        expect(await run([{ type: RDS, name: "db", props: { allocatedStorage: 500 } }], { targetHours: 6 })).toEqual([]);
    });
    it("rejects a database whose size is not known", async () => {
        expect((await run([{ type: RDS, name: "db", props: {} }]))[0].message).toMatch(/cannot be estimated/);
    });
    it("judges clusters by their instances", async () => {
        const cluster = { type: CLUSTER, name: "aurora", props: { clusterIdentifier: "aurora", allocatedStorage: 1000 } };
        expect(
            await run([
                cluster,
                { type: CI, name: "a", props: { clusterIdentifier: "aurora" } },
                { type: CI, name: "b", props: { clusterIdentifier: "aurora" } },
            ]),
        ).toEqual([]);
        expect(await run([cluster, { type: CI, name: "a", props: { clusterIdentifier: "aurora" } }])).toHaveLength(1);
    });
});

describe("rto-service-min-instances", () => {
    const SVC = "aws:ecs/service:Service";
    const TGT = "aws:appautoscaling/target:Target";
    const run = (resources: Parameters<typeof validateStack>[1], config = {}) =>
        validateStack("rto-service-min-instances", resources, config);
    const service = (desiredCount?: number) => ({
        type: SVC,
        name: "api",
        props: { name: "api", cluster: "arn:aws:ecs:us-east-1:1:cluster/main", desiredCount },
    });

    it("accepts 2 tasks, or an autoscaling target with minCapacity 2", async () => {
        expect(await run([service(2)])).toEqual([]);
        expect(
            await run([
                service(1),
                { type: TGT, name: "scale", props: { resourceId: "service/main/api", minCapacity: 2, maxCapacity: 50 } },
            ]),
        ).toEqual([]);
    });
    it("rejects one task, and a target that scales down to 1 (matched by resourceId or propertyDependencies)", async () => {
        const v = await run([service(1)]);
        expect(v[0].message).toMatch(/runs 1 task.*desiredCount: 2/);
        const t = await run([
            service(2),
            {
                type: TGT,
                name: "scale",
                props: { resourceId: UNKNOWN_STRING, minCapacity: 1 },
                propertyDependencies: { resourceId: ["api"] },
            },
        ]);
        expect(t).toHaveLength(1);
        expect(t[0].urn).toBe(urn(TGT, "scale"));
        expect(t[0].message).toMatch(/minCapacity: 2/);
    });
    it("follows minInstances from config (dev/staging 1)", async () => {
        expect(await run([service(1)], { minInstances: 1 })).toEqual([]);
    });
    it("skips DAEMON services", async () => {
        expect(await run([{ type: SVC, name: "d", props: { name: "d", schedulingStrategy: "DAEMON" } }])).toEqual([]);
    });
});

describe("rto-cross-region-backups", () => {
    const REPL = "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication";
    const run = (resources: Parameters<typeof validateStack>[1], config = {}) =>
        validateStack("rto-cross-region-backups", resources, config);
    const db = { type: RDS, name: "db", props: { identifier: "app-db", arn: "arn:aws:rds:us-east-1:1:db:app-db" } };

    it("accepts an automated-backups replication or a replica in another region", async () => {
        expect(
            await run([
                db,
                { type: REPL, name: "copy", props: { sourceDbInstanceArn: "arn:aws:rds:us-east-1:1:db:app-db", region: "us-west-2" } },
            ]),
        ).toEqual([]);
        expect(
            await run([
                db,
                { type: RDS, name: "dr", props: { replicateSourceDb: "arn:aws:rds:us-east-1:1:db:app-db", region: "us-west-2" } },
            ]),
        ).toEqual([]);
        expect(
            await run([
                db,
                {
                    type: RDS,
                    name: "dr",
                    props: { replicateSourceDb: UNKNOWN_STRING },
                    propertyDependencies: { replicateSourceDb: ["db"] },
                    provider: { type: "pulumi:providers:aws", name: "west", props: { region: "eu-west-1" } },
                },
            ]),
        ).toEqual([]);
    });
    it("rejects an automated-backups replication that stays in the database's region (no region input: the provider's / stack's region)", async () => {
        const arn = "arn:aws:rds:us-east-1:1:db:app-db";
        const sameRegion = [
            { type: REPL, name: "copy", props: { sourceDbInstanceArn: arn } },
            { type: REPL, name: "copy", props: { sourceDbInstanceArn: arn, region: "us-east-1" } },
            {
                type: REPL,
                name: "copy",
                props: { sourceDbInstanceArn: arn },
                provider: { type: "pulumi:providers:aws", name: "default", props: { region: "us-east-1" } },
            },
            {
                type: REPL,
                name: "copy",
                props: { sourceDbInstanceArn: UNKNOWN_STRING },
                propertyDependencies: { sourceDbInstanceArn: ["db"] },
            },
        ];
        for (const copy of sameRegion) {
            const v = await run([db, copy]);
            expect(v, JSON.stringify(copy)).toHaveLength(1);
            expect(v[0].urn).toBe(urn(RDS, "db"));
            expect(v[0].message).toMatch(/only in us-east-1/);
        }
        // The stack's region from config: a database in eu-west-1 with its copy left in the default region eu-west-1.
        const euDb = { type: RDS, name: "db", props: { identifier: "app-db", arn: "arn:aws:rds:eu-west-1:1:db:app-db" } };
        const euCopy = { type: REPL, name: "copy", props: { sourceDbInstanceArn: "arn:aws:rds:eu-west-1:1:db:app-db" } };
        expect(await run([euDb, euCopy], { region: "eu-west-1" })).toHaveLength(1);
        // Counted when the copy's region differs: its own input, its provider's, or the database's own region.
        expect(
            await run([
                db,
                {
                    type: REPL,
                    name: "copy",
                    props: { sourceDbInstanceArn: arn },
                    provider: { type: "pulumi:providers:aws", name: "west", props: { region: "us-west-2" } },
                },
            ]),
        ).toEqual([]);
        expect(await run([{ ...euDb, props: { ...euDb.props, region: "eu-west-1" } }, euCopy])).toEqual([]);
    });
    it("rejects a primary with only a same-region replica", async () => {
        const v = await run([db, { type: RDS, name: "replica", props: { replicateSourceDb: "app-db" } }]);
        expect(v).toHaveLength(1);
        expect(v[0].message).toMatch(/only in us-east-1.*InstanceAutomatedBackupsReplication/);
    });
    it("is off when requireCrossRegionBackups is false (dev/staging)", async () => {
        expect(await run([db], { requireCrossRegionBackups: false })).toEqual([]);
    });
    it("accepts clusters in a global cluster and rejects lone clusters", async () => {
        expect(await run([{ type: CLUSTER, name: "c", props: { globalClusterIdentifier: "g" } }])).toEqual([]);
        expect(await run([{ type: CLUSTER, name: "c", props: {} }])).toHaveLength(1);
    });
});

describe("rto-s3-replication (opt-in)", () => {
    const BUCKET = "aws:s3/bucket:Bucket";
    const REPL = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
    const bucket = (name: string) => ({ type: BUCKET, name, props: { bucket: `coachmeld-prod-${name}` } });
    const replication = (bucketName: string, status = "Enabled") => ({
        type: REPL,
        name: `${bucketName}-replication`,
        props: {
            bucket: UNKNOWN_STRING,
            role: "arn:aws:iam::1:role/r",
            rules: [{ id: "all", status, destination: { bucket: "arn:aws:s3:::replica" } }],
        },
        propertyDependencies: { bucket: [bucketName] },
    });
    const run = (resources: Parameters<typeof validateStack>[1], config: Record<string, unknown> = {}) =>
        validateStack("rto-s3-replication", resources, config);

    it("is off by default (no patterns)", async () => {
        expect(await run([bucket("files")])).toEqual([]);
    });
    it("requires an enabled replication rule on buckets matching a pattern (Pulumi name or bucket input)", async () => {
        expect(await run([bucket("files"), replication("files")], { requireReplicatedBuckets: ["files"] })).toEqual([]);
        const v = await run([bucket("files"), bucket("logs")], { requireReplicatedBuckets: ["*-files"] });
        expect(v.map((x) => x.urn)).toEqual([urn(BUCKET, "files")]);
        expect(v[0].message).toMatch(/not replicated to another region.*BucketReplicationConfig/);
        expect(await run([bucket("files"), replication("files", "Disabled")], { requireReplicatedBuckets: ["files"] })).toHaveLength(1);
    });
});
