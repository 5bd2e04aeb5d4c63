import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../components/src/core";
import { AwsRedis, type AwsRedisArgs } from "../../components/src/redis/aws";
import { type Plan, plan, planRejected, standInNetwork } from "../support/plan";

const GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
const KEY = "aws:kms/key:Key";
const PARAMS = "aws:elasticache/parameterGroup:ParameterGroup";
const SECRET = "aws:secretsmanager/secret:Secret";
const SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const PASSWORD = "random:index/randomPassword:RandomPassword";

const network = standInNetwork;

function cache(stack: string, args: Partial<AwsRedisArgs> = {}): Promise<Plan> {
    return plan(() => new AwsRedis("cache", { network: network(), ...args }), { stack });
}

async function rejected(args: Partial<AwsRedisArgs>, stack = "prod"): Promise<{ error: unknown; children: string[] }> {
    const { error, plan: p } = await planRejected(() => new AwsRedis("cache", { network: network(), ...args }), { stack });
    const children = p.resources.filter((r) => r.type.startsWith("aws:") || r.type.startsWith("random:")).map((r) => r.name);
    return { error, children };
}

const outputsOf = (p: Plan, type: string, suffix?: string) => p.one(type, suffix).outputs as Record<string, any>;

describe("AwsRedis", () => {
    it("encrypts at rest with its own rotating KMS key and in transit with TLS required", async () => {
        const p = await cache("prod");
        const group = p.inputs(GROUP);
        const keyArn = outputsOf(p, KEY).arn;
        expect(p.inputs(KEY).enableKeyRotation).toBe(true);
        expect(group.atRestEncryptionEnabled).toBe(true);
        expect(group.kmsKeyId).toBe(keyArn);
        expect(group.transitEncryptionEnabled).toBe(true);
        expect(group.transitEncryptionMode).toBe("required");
        expect(group).toMatchObject({ engine: "redis", engineVersion: "7.1", port: 6379, autoMinorVersionUpgrade: true });
        expect(p.inputs("aws:elasticache/subnetGroup:SubnetGroup").subnetIds).toEqual(["subnet-data-a", "subnet-data-b"]);
        expect(group.subnetGroupName).toBe(p.inputs("aws:elasticache/subnetGroup:SubnetGroup").name);
    });

    it("passes a generated AUTH token as a secret and keeps it in a KMS-encrypted Secrets Manager secret", async () => {
        let component: AwsRedis | undefined;
        const p = await plan(() => {
            component = new AwsRedis("cache", { network: network() });
        });
        const group = p.one(GROUP);
        expect(group.secretInputs).toContain("authToken");
        expect((group.inputs as Record<string, any>).authToken).toBe("[secret]");
        const password = p.inputs(PASSWORD);
        expect(password).toMatchObject({ length: 64, special: false });
        const version = p.one(SECRET_VERSION);
        expect(version.secretInputs).toContain("secretString");
        const secret = outputsOf(p, SECRET);
        expect((version.inputs as Record<string, any>).secretId).toBe(p.one(SECRET).id);
        expect(p.inputs(SECRET).kmsKeyId).toBe(outputsOf(p, KEY).arn);
        // The token (the mock's result) never appears in plain text in any other resource's inputs or outputs.
        const token = outputsOf(p, PASSWORD).result as string;
        expect(token).toMatch(/^[0-9a-f]{64}$/);
        const elsewhere = p.resources.filter((r) => r.type !== PASSWORD).map((r) => JSON.stringify([r.inputs, r.outputs]));
        for (const text of elsewhere) expect(text).not.toContain(token);
        const component_ = outputsOf(p, "appstack:redis:AwsRedis");
        expect(component_.authTokenSecretArn).toBe(secret.arn);
        expect(component_.host).toBe(outputsOf(p, GROUP).primaryEndpointAddress);
        expect(component_.readerHost).toBe(outputsOf(p, GROUP).readerEndpointAddress);
        expect(component!.connection).toMatchObject({ port: 6379, tls: true });
        expect(component!.port).toBe(6379);
    });

    it("sizes nodes, failover, Multi-AZ, snapshots and protection per environment", async () => {
        const expected = {
            dev: {
                nodeType: "cache.t4g.micro",
                clusters: 1,
                failover: false,
                retention: 1,
                final: false,
                protect: false,
                retain: false,
                logDays: 7,
            },
            staging: {
                nodeType: "cache.t4g.small",
                clusters: 2,
                failover: true,
                retention: 7,
                final: true,
                protect: true,
                retain: true,
                logDays: 30,
            },
            prod: {
                nodeType: "cache.r7g.large",
                clusters: 3,
                failover: true,
                retention: 7,
                final: true,
                protect: true,
                retain: true,
                logDays: 90,
            },
        };
        for (const [stack, e] of Object.entries(expected)) {
            const p = await cache(stack);
            const group = p.one(GROUP);
            const inputs = group.inputs as Record<string, any>;
            expect(inputs.nodeType, stack).toBe(e.nodeType);
            expect(inputs.numCacheClusters, stack).toBe(e.clusters);
            expect(inputs.automaticFailoverEnabled, stack).toBe(e.failover);
            expect(inputs.multiAzEnabled, stack).toBe(e.failover);
            expect(inputs.snapshotRetentionLimit, stack).toBe(e.retention);
            expect(inputs.finalSnapshotIdentifier, stack).toBe(e.final ? `test-${stack}-cache-final` : undefined);
            expect([group.protect, group.retainOnDelete], stack).toEqual([e.protect, e.retain]);
            const key = p.one(KEY);
            expect([key.protect, key.retainOnDelete], stack).toEqual([e.protect, e.retain]);
            expect(p.one(SECRET).retainOnDelete, stack).toBe(e.retain);
            expect(p.inputs(LOG_GROUP).retentionInDays, stack).toBe(e.logDays);
        }
        const overridden = await cache("dev", {
            replicas: 2,
            nodeType: "cache.t4g.medium",
            snapshotRetentionLimit: 3,
            finalSnapshot: true,
        });
        expect(overridden.inputs(GROUP)).toMatchObject({
            numCacheClusters: 3,
            automaticFailoverEnabled: true,
            multiAzEnabled: true,
            nodeType: "cache.t4g.medium",
            snapshotRetentionLimit: 3,
            finalSnapshotIdentifier: "test-dev-cache-final",
        });
        const noMultiAz = await cache("prod", { multiAzEnabled: false });
        expect(noMultiAz.inputs(GROUP)).toMatchObject({ automaticFailoverEnabled: true, multiAzEnabled: false });
        const single = await cache("prod", { replicas: 0 });
        expect(single.inputs(GROUP)).toMatchObject({ numCacheClusters: 1, automaticFailoverEnabled: false, multiAzEnabled: false });
    });

    it("exposes member cluster ids for per-node metrics", async () => {
        for (const [replicas, ids] of [
            [0, ["test-prod-cache-001"]],
            [2, ["test-prod-cache-001", "test-prod-cache-002", "test-prod-cache-003"]],
        ] as const) {
            const p = await cache("prod", { replicas });
            const component = outputsOf(p, "appstack:redis:AwsRedis");
            expect(component.memberClusterIds).toEqual(ids);
            expect(component.memberClusterIds).toEqual(outputsOf(p, GROUP).memberClusters);
            expect(component.replicationGroupId).toBe("test-prod-cache");
        }
    });

    it("sets maxmemory-policy noeviction on a family derived from the version", async () => {
        const p = await cache("prod");
        expect(p.inputs(PARAMS)).toMatchObject({
            family: "redis7",
            name: "test-prod-cache-params-redis7",
            parameters: [{ name: "maxmemory-policy", value: "noeviction" }],
        });
        expect(p.inputs(GROUP).parameterGroupName).toBe(p.inputs(PARAMS).name);
        const lru = await cache("dev", { maxmemoryPolicy: "allkeys-lru", engineVersion: "7.0" });
        expect(lru.inputs(PARAMS).parameters).toEqual([{ name: "maxmemory-policy", value: "allkeys-lru" }]);
        expect(lru.inputs(GROUP).engineVersion).toBe("7.0");
    });

    it("delivers the slow log to a KMS-encrypted log group with retention", async () => {
        const p = await cache("prod");
        const logGroup = p.inputs(LOG_GROUP);
        expect(logGroup.kmsKeyId).toBe(outputsOf(p, KEY).arn);
        expect(p.inputs(GROUP).logDeliveryConfigurations).toEqual([
            { destination: logGroup.name, destinationType: "cloudwatch-logs", logFormat: "json", logType: "slow-log" },
        ]);
        // The key lets CloudWatch Logs of this account and region use it.
        const policy = JSON.parse(p.inputs(KEY).policy as string) as { Statement: { Principal: Record<string, string> }[] };
        expect(policy.Statement.map((s) => s.Principal)).toEqual([
            { AWS: "arn:aws:iam::123456789012:root" },
            { Service: "logs.us-east-1.amazonaws.com" },
        ]);
    });

    it("gives the security group no rules of its own", async () => {
        const p = await cache("prod");
        const sg = p.one("aws:ec2/securityGroup:SecurityGroup");
        const inputs = sg.inputs as Record<string, any>;
        expect(inputs.ingress ?? []).toEqual([]);
        expect(inputs.egress ?? []).toEqual([]);
        expect(p.inputs(GROUP).securityGroupIds).toEqual([sg.id]);
        expect(outputsOf(p, "appstack:redis:AwsRedis").securityGroupId).toBe(sg.id);
    });

    it("refuses invalid args before registering any child", async () => {
        const cases: [Partial<AwsRedisArgs>, string, RegExp][] = [
            [{ replicas: 0, automaticFailoverEnabled: true }, "prod", /`automaticFailoverEnabled` is true with 0 replicas/],
            [{ automaticFailoverEnabled: true }, "dev", /`automaticFailoverEnabled` is true with 0 replicas/],
            [{ automaticFailoverEnabled: false, multiAzEnabled: true }, "prod", /`multiAzEnabled` is true without automatic failover/],
            [{ replicas: 6 }, "prod", /`replicas` is 6/],
            [{ engineVersion: "6.2" }, "prod", /`engineVersion` is "6.2"/],
            [{ engineVersion: "7" }, "prod", /`engineVersion` is "7"/],
            [{ snapshotRetentionLimit: 0 }, "prod", /`snapshotRetentionLimit` is 0/],
            [{ snapshotRetentionLimit: 36 }, "prod", /`snapshotRetentionLimit` is 36/],
            [{ logRetentionDays: 8 }, "prod", /`logRetentionDays` is 8/],
            [{ authTokenRecoveryWindowDays: 3 }, "prod", /`authTokenRecoveryWindowDays` is 3/],
            [{ snapshotWindow: "05:30-06:30" }, "prod", /`snapshotWindow` \("05:30-06:30"\) overlaps maintenanceWindow/],
            [{ snapshotWindow: "03:00-03:30" }, "prod", /`snapshotWindow` is 30 minutes long/],
            [{ maintenanceWindow: "sun:05:00-sun:05:30" }, "prod", /`maintenanceWindow` is 30 minutes long/],
            [{ port: 80 }, "prod", /`port` is 80/],
        ];
        for (const [args, stack, message] of cases) {
            const { error, children } = await rejected(args, stack);
            expect(error, JSON.stringify(args)).toBeInstanceOf(InvalidArgumentError);
            expect(String(error), JSON.stringify(args)).toMatch(message);
            expect(children, JSON.stringify(args)).toEqual([]);
        }
        const { error } = await rejected({ maxmemoryPolicy: "lru" as never });
        expect(String(error)).toMatch(/`maxmemoryPolicy` is "lru"/);
    });

    it("applies transforms and keeps child names stable", async () => {
        const p = await cache("prod", {
            transform: {
                replicationGroup: { applyImmediately: true },
                logGroup: (args) => {
                    args.retentionInDays = 365;
                },
            },
        });
        expect(p.inputs(GROUP).applyImmediately).toBe(true);
        expect(p.inputs(LOG_GROUP).retentionInDays).toBe(365);
        expect(p.names()).toEqual([
            "appstack:redis:AwsRedis::cache",
            "aws:cloudwatch/logGroup:LogGroup::cache-slow-log",
            "aws:ec2/securityGroup:SecurityGroup::cache-sg",
            "aws:elasticache/parameterGroup:ParameterGroup::cache-params",
            "aws:elasticache/replicationGroup:ReplicationGroup::cache-group",
            "aws:elasticache/subnetGroup:SubnetGroup::cache-subnet-group",
            "aws:kms/key:Key::cache-key",
            "aws:secretsmanager/secret:Secret::cache-auth-token-secret",
            "aws:secretsmanager/secretVersion:SecretVersion::cache-auth-token-secret-version",
            "pulumi:pulumi:Stack::test-prod",
            "random:index/randomPassword:RandomPassword::cache-auth-token",
        ]);
        const component = p.one("appstack:redis:AwsRedis");
        for (const child of p.resources.filter((r) => r.custom)) expect(child.parent).toBe(component.urn);
        for (const child of p.resources.filter((r) => r.type.startsWith("aws:") && "tags" in (r.inputs as object))) {
            expect((child.inputs as Record<string, any>).tags).toMatchObject({ environment: "prod", component: "cache" });
        }
    });
});

describe('AwsRedis cluster mode (CharterFlow §7.1 "Cache: Redis clustering")', () => {
    it("shards over numNodeGroups with replicasPerNodeGroup, cluster-enabled yes, failover and Multi-AZ, the configuration endpoint", async () => {
        const p = await cache("prod", { clusterMode: true, numNodeGroups: 3, replicasPerNodeGroup: 1 });
        const group = p.inputs(GROUP);
        expect(group).toMatchObject({
            clusterMode: "enabled",
            numNodeGroups: 3,
            replicasPerNodeGroup: 1,
            automaticFailoverEnabled: true,
            multiAzEnabled: true,
        });
        // The provider conflicts numCacheClusters with numNodeGroups and replicasPerNodeGroup (replication_group.go).
        expect(group.numCacheClusters).toBeUndefined();
        const params = p.inputs(PARAMS);
        expect(params.parameters).toEqual(
            expect.arrayContaining([
                { name: "cluster-enabled", value: "yes" },
                { name: "maxmemory-policy", value: "noeviction" },
            ]),
        );
        expect(params.name).toMatch(/-cluster$/);
        expect(group.parameterGroupName).toBe(params.name);
    });

    it("gets a new group id, so switching cluster mode creates the new group before deleting the old", async () => {
        const off = await cache("prod");
        const on = await cache("prod", { clusterMode: true });
        expect(on.inputs(GROUP).replicationGroupId).not.toBe(off.inputs(GROUP).replicationGroupId);
        expect(on.inputs(PARAMS).name).not.toBe(off.inputs(PARAMS).name);
        // Same child names: the URNs stay, the cloud names change (replacement).
        expect(on.one(GROUP).urn).toBe(off.one(GROUP).urn);
        expect(off.inputs(GROUP).numCacheClusters).toBe(3);
        expect(off.inputs(GROUP).clusterMode).toBeUndefined();
        expect(off.inputs(PARAMS).parameters).toEqual([{ name: "maxmemory-policy", value: "noeviction" }]);
    });

    it("links the configuration endpoint with REDIS_CLUSTER and names the shard members for per-node metrics", async () => {
        let linkEnv: Record<string, unknown> = {};
        let members: unknown[] = [];
        const p = await plan(
            () => {
                const redis = new AwsRedis("cache", { network: network(), clusterMode: true, numNodeGroups: 2, replicasPerNodeGroup: 1 });
                linkEnv = { ...redis.link().env };
                members = redis.memberClusterIds;
                return redis;
            },
            { stack: "prod" },
        );
        expect(linkEnv["REDIS_CLUSTER"]).toBe("true");
        expect(linkEnv["REDIS_HOST"]).toBeDefined();
        expect(members).toHaveLength(4);
        expect(p.one(GROUP)).toBeDefined();
    });

    it("refuses shard settings without cluster mode, replicas with it, and node counts over the quota, before any child", async () => {
        for (const [args, key] of [
            [{ numNodeGroups: 2 }, "numNodeGroups"],
            [{ replicasPerNodeGroup: 1 }, "replicasPerNodeGroup"],
            [{ clusterMode: true, replicas: 1 }, "replicas"],
            [{ clusterMode: true, numNodeGroups: 0 }, "numNodeGroups"],
            [{ clusterMode: true, replicasPerNodeGroup: 6 }, "replicasPerNodeGroup"],
            [{ clusterMode: true, numNodeGroups: 31, replicasPerNodeGroup: 2 }, "numNodeGroups"],
            [{ clusterMode: true, automaticFailoverEnabled: false }, "automaticFailoverEnabled"],
        ] as const) {
            const { error, children } = await rejected(args);
            expect(error, key).toBeInstanceOf(InvalidArgumentError);
            expect(String(error)).toContain(key);
            expect(children).toEqual([]);
        }
    });
});
