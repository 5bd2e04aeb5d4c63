import { describe, expect, it } from "vitest";
import { UNKNOWN_STRING, validateResource } from "./harness";

const RDS = "aws:rds/instance:Instance";
const CLUSTER = "aws:rds/cluster:Cluster";
const DDB = "aws:dynamodb/table:Table";
const RG = "aws:elasticache/replicationGroup:ReplicationGroup";
const CC = "aws:elasticache/cluster:Cluster";

describe("rpo-database-backups", () => {
    const run = (type: string, props: Record<string, unknown>, config = {}) =>
        validateResource("rpo-database-backups", { type, name: "db", props }, config);

    it("accepts an RDS instance with 30 days of backups (default minimum)", async () => {
        expect(await run(RDS, { backupRetentionPeriod: 30 })).toEqual([]);
    });
    it("rejects backups off, and too short a retention, saying how to fix it", async () => {
        const off = await run(RDS, { backupRetentionPeriod: 0 });
        expect(off).toHaveLength(1);
        expect(off[0].message).toMatch(/point-in-time recovery is off.*backupRetentionPeriod.*30/);
        const short = await run(RDS, { backupRetentionPeriod: 7 });
        expect(short[0].message).toMatch(/kept 7 day\(s\), below the required 30/);
    });
    it("treats an unset retention as AWS's 1-day default", async () => {
        expect(await run(RDS, {})).toHaveLength(1);
        expect(await run(RDS, {}, { minRetentionDays: 1 })).toEqual([]);
    });
    it("exempts read replicas", async () => {
        expect(await run(RDS, { replicateSourceDb: "primary", backupRetentionPeriod: 0 })).toEqual([]);
    });
    it("judges clusters and DynamoDB point-in-time recovery", async () => {
        expect(await run(CLUSTER, { backupRetentionPeriod: 35 })).toEqual([]);
        expect(await run(CLUSTER, { backupRetentionPeriod: 1 })).toHaveLength(1);
        expect(await run(DDB, { pointInTimeRecovery: { enabled: true } })).toEqual([]);
        expect(await run(DDB, { pointInTimeRecovery: { enabled: true, recoveryPeriodInDays: 7 } })).toHaveLength(1);
        const off = await run(DDB, {});
        expect(off[0].message).toMatch(/pointInTimeRecovery: \{ enabled: true \}/);
    });
    it("follows the per-environment minimum from config (staging 7)", async () => {
        expect(await run(RDS, { backupRetentionPeriod: 7 }, { minRetentionDays: 7 })).toEqual([]);
    });
    it("defers a database whose props are unknown during preview to `pulumi up` (a stack policy, judged resource by resource)", async () => {
        expect(await run(RDS, { replicateSourceDb: UNKNOWN_STRING })).toEqual([]);
    });
    it("ignores other types", async () => {
        expect(await run("aws:s3/bucket:Bucket", {})).toEqual([]);
    });
});

describe("rpo-cache-snapshot-frequency", () => {
    const run = (type: string, props: Record<string, unknown>, config = {}) =>
        validateResource("rpo-cache-snapshot-frequency", { type, name: "cache", props }, config);

    it("says plainly that daily snapshots cannot meet a 1 h RPO", async () => {
        const v = await run(RG, { snapshotRetentionLimit: 7 });
        expect(v).toHaveLength(1);
        expect(v[0].message).toMatch(/at most once a day.*24 h.*1 h RPO/);
    });
    it("is silent when the configured RPO is 24 h or more, for replication-group members and memcached", async () => {
        expect(await run(RG, {}, { rpoHours: 24 })).toEqual([]);
        expect(await run(CC, { replicationGroupId: "rg" })).toEqual([]);
        expect(await run(CC, { engine: "memcached" })).toEqual([]);
    });
});

describe("rpo-cache-snapshot-retention", () => {
    const run = (type: string, props: Record<string, unknown>, config = {}) =>
        validateResource("rpo-cache-snapshot-retention", { type, name: "cache", props }, config);

    it("requires snapshotRetentionLimit > 0 (staging/prod)", async () => {
        expect(await run(RG, { snapshotRetentionLimit: 1 })).toEqual([]);
        const v = await run(RG, {});
        expect(v[0].message).toMatch(/snapshotRetentionLimit is 0.*set snapshotRetentionLimit to 1/);
        expect(await run(CC, { engine: "redis", snapshotRetentionLimit: 0 })).toHaveLength(1);
    });
    it("is off with minSnapshotRetentionDays 0 (dev)", async () => {
        expect(await run(RG, {}, { minSnapshotRetentionDays: 0 })).toEqual([]);
    });
});
