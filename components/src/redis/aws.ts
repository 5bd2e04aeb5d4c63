import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import {
    accountAdministersKey,
    type AwsVpcPlacement,
    type BaseArgs,
    checkRange,
    checkWindows,
    Component,
    type DataProtection,
    InvalidArgumentError,
    type Link,
    type Linkable,
    type Profile,
    profileDefaults,
    type Reachable,
    type RedisConnection,
    type Transform,
} from "../core";
import { type AwsRedisMetricDimensions, type AwsRedisSignalOptions, AwsRedisSignals } from "./aws-signals";

const COMPONENT = "AwsRedis";

/** Values of the `maxmemory-policy` parameter. */
export const REDIS_MAXMEMORY_POLICIES = [
    "noeviction",
    "allkeys-lru",
    "allkeys-lfu",
    "allkeys-random",
    "volatile-lru",
    "volatile-lfu",
    "volatile-random",
    "volatile-ttl",
] as const;
export type RedisMaxmemoryPolicy = (typeof REDIS_MAXMEMORY_POLICIES)[number];

/** Retention periods CloudWatch Logs accepts, days. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

interface RedisProfile {
    nodeType: string;
    replicas: number;
    snapshotRetentionLimit: number;
    finalSnapshot: boolean;
    logRetentionDays: number;
    authTokenRecoveryWindowDays: number;
}

const PROFILE: Profile<RedisProfile> = {
    dev: {
        nodeType: "cache.t4g.micro",
        replicas: 0,
        snapshotRetentionLimit: 1,
        finalSnapshot: false,
        logRetentionDays: 7,
        authTokenRecoveryWindowDays: 0,
    },
    staging: {
        nodeType: "cache.t4g.small",
        replicas: 1,
        snapshotRetentionLimit: 7,
        finalSnapshot: true,
        logRetentionDays: 30,
        authTokenRecoveryWindowDays: 7,
    },
    prod: {
        nodeType: "cache.r7g.large",
        replicas: 2,
        snapshotRetentionLimit: 7,
        finalSnapshot: true,
        logRetentionDays: 90,
        authTokenRecoveryWindowDays: 30,
    },
};

export interface AwsRedisArgs extends BaseArgs, DataProtection {
    /** Where the cache lives: the cache subnet group is made of `network.dataSubnetIds`, the security group is in `network.vpcId`. */
    network: AwsVpcPlacement;
    /**
     * Redis OSS version `7.<minor>` (the parameter group family is derived: `7.1` → `redis7`). Redis 6 and older are
     * refused: they lack `transitEncryptionMode: "required"`. A version change is applied in the maintenance window
     * (or at once with `applyImmediately` through `transform.replicationGroup`).
     * @default "7.1"
     */
    engineVersion?: string;
    /**
     * Node type of every member. Changing it is an online scaling operation. The main cost driver, per node:
     * cache.t4g.micro ≈ $12/month, cache.t4g.small ≈ $24/month, cache.r7g.large ≈ $160/month (us-east-1, on demand).
     * @default dev `cache.t4g.micro`, staging `cache.t4g.small`, prod `cache.r7g.large`
     */
    nodeType?: string;
    /**
     * Read replicas (0..5); the group has `1 + replicas` nodes (`numCacheClusters`), each billed as one node.
     * With at least one replica, automatic failover and Multi-AZ are on by default.
     * @default dev 0, staging 1, prod 2
     */
    replicas?: number;
    /**
     * Promote a replica when the primary fails. Needs at least one replica.
     * @default true when `replicas >= 1`
     */
    automaticFailoverEnabled?: boolean;
    /**
     * Place replicas in other availability zones than the primary, and fail over across zones. Needs automatic
     * failover. Cross-AZ replication traffic is billed as data transfer.
     * @default true when `replicas >= 1`
     */
    multiAzEnabled?: boolean;
    /**
     * Days of daily automatic snapshots kept (1..35). Snapshots are taken once a day in `snapshotWindow`, so a restore
     * can lose up to a day of writes: Redis snapshots cannot meet an RPO of one hour. Keep data that must survive in
     * Postgres; use replicas and Multi-AZ for availability. Snapshot storage beyond one node's size is billed
     * (≈ $0.085/GiB-month).
     * @default dev 1, staging 7, prod 7
     */
    snapshotRetentionLimit?: number;
    /**
     * Daily snapshot window, UTC, `hh:mm-hh:mm`, at least 60 minutes, not overlapping `maintenanceWindow`.
     * @default "03:00-04:00"
     */
    snapshotWindow?: string;
    /**
     * Weekly maintenance window, UTC, `ddd:hh:mm-ddd:hh:mm`, at least 60 minutes, not overlapping `snapshotWindow`.
     * @default "sun:05:00-sun:06:00"
     */
    maintenanceWindow?: string;
    /**
     * Take a final snapshot, named `<replication group id>-final`, when the group is deleted. Deleting twice with the
     * same id fails while that snapshot exists.
     * @default dev false, staging true, prod true
     */
    finalSnapshot?: boolean;
    /**
     * What Redis does when memory is full. `noeviction` (refuse writes) is what BullMQ and any queue or lock store
     * needs: an evicting policy silently drops jobs and locks. Use an `allkeys-*` policy only for a pure cache.
     * @default "noeviction"
     */
    maxmemoryPolicy?: RedisMaxmemoryPolicy;
    /**
     * Days the slow log is kept in CloudWatch Logs (a CloudWatch retention value: 1, 3, 5, 7, 14, 30, 60, 90, ...).
     * Costs ingestion (≈ $0.50/GiB) and storage (≈ $0.03/GiB-month).
     * @default dev 7, staging 30, prod 90
     */
    logRetentionDays?: number;
    /**
     * Days Secrets Manager keeps the AUTH token secret after deletion (0, or 7..30). 0 deletes at once, so a dev stack
     * can be destroyed and recreated with the same secret name.
     * @default dev 0, staging 7, prod 30
     */
    authTokenRecoveryWindowDays?: number;
    /**
     * Cluster mode (sharding, CharterFlow §7.1 "Cache: Redis clustering"): the keyspace is split over `numNodeGroups`
     * shards of one primary and `replicasPerNodeGroup` replicas each, behind one configuration endpoint; the parameter
     * group sets `cluster-enabled yes`. Clients must speak the cluster protocol (ioredis `Cluster`, and BullMQ with a
     * `{hash-tag}` queue prefix so a queue's keys share a slot). Changing shard or replica counts reshards online.
     *
     * Turning it on or off replaces the replication group (and its parameter group): the component gives the group a
     * new id (`...-cluster`), so Pulumi creates the new group before deleting the old one, and the cache starts empty.
     * ElastiCache can also migrate in place (ModifyReplicationGroup `ClusterMode` `compatible` then `enabled`), which
     * the component does not drive. With `numNodeGroups`/`replicasPerNodeGroup` the provider conflicts on
     * `numCacheClusters` (hashicorp/terraform-provider-aws internal/service/elasticache/replication_group.go,
     * `num_cache_clusters` ConflictsWith `num_node_groups`, `replicas_per_node_group`), so `replicas` is not used.
     * Cost: `numNodeGroups × (1 + replicasPerNodeGroup)` nodes.
     * @default false
     */
    clusterMode?: boolean;
    /**
     * Shards with `clusterMode` (1..500; the default ElastiCache quota is 90 nodes per cluster).
     * @default 2
     */
    numNodeGroups?: number;
    /**
     * Replicas per shard with `clusterMode` (0..5). Automatic failover is always on in cluster mode (ElastiCache
     * requires it); Multi-AZ is on with at least one replica per shard.
     * @default the `replicas` default of the environment: dev 0, staging 1, prod 2
     */
    replicasPerNodeGroup?: number;
    /**
     * TCP port of the cache (1024..65535). Changing it replaces the replication group.
     * @default 6379
     */
    port?: number;
    /** Edits of the computed args of each kind of child. @default none: each child takes the args the component computed */
    transform?: {
        key?: Transform<aws.kms.KeyArgs>;
        subnetGroup?: Transform<aws.elasticache.SubnetGroupArgs>;
        securityGroup?: Transform<aws.ec2.SecurityGroupArgs>;
        parameterGroup?: Transform<aws.elasticache.ParameterGroupArgs>;
        logGroup?: Transform<aws.cloudwatch.LogGroupArgs>;
        authToken?: Transform<random.RandomPasswordArgs>;
        authTokenSecret?: Transform<aws.secretsmanager.SecretArgs>;
        authTokenSecretVersion?: Transform<aws.secretsmanager.SecretVersionArgs>;
        replicationGroup?: Transform<aws.elasticache.ReplicationGroupArgs>;
    };
}

/**
 * ElastiCache for Redis OSS, a replication group with cluster mode off (or sharded with `clusterMode`): a primary and `replicas` read replicas
 * (automatic failover and Multi-AZ with at least one), encrypted at rest with a component KMS key and in transit with
 * TLS required, an AUTH token generated here and kept in Secrets Manager (never in plain outputs), daily snapshots,
 * the slow log in CloudWatch Logs, and a security group with no rules of its own: a client opens its path by adding
 * an ingress rule to {@link securityGroupId} on {@link port}.
 *
 * Snapshots are daily: they cannot meet an RPO of one hour. Do not keep data in Redis that must not be lost.
 */
export class AwsRedis extends Component implements Reachable, AwsRedisMetricDimensions, Linkable {
    public readonly securityGroupId: pulumi.Output<string>;
    public readonly port: number;
    public readonly connection: RedisConnection;
    public readonly replicationGroupId: pulumi.Output<string>;
    public readonly replicationGroupArn: pulumi.Output<string>;
    /** Member cache cluster ids, `<group>-001` to `<group>-00<n>` (cluster mode: `<group>-0001-001`, ...). */
    public readonly memberClusterIds: pulumi.Output<string>[];
    public readonly kmsKeyArn: pulumi.Output<string>;
    public readonly authTokenSecretArn: pulumi.Output<string>;
    public readonly slowLogGroupName: pulumi.Output<string>;
    public readonly replicationGroup: aws.elasticache.ReplicationGroup;
    /** Sharded (`clusterMode`): clients connect with the cluster protocol to {@link connection}'s host. */
    public readonly clusterMode: boolean;

    /** Alarms and dashboard graphs of the cache, for `AwsMonitoring`'s `monitor` (see `aws-signals.ts`). */
    public monitoring(options?: AwsRedisSignalOptions): AwsRedisSignals {
        return new AwsRedisSignals(this, options);
    }

    constructor(name: string, args: AwsRedisArgs, opts?: pulumi.ComponentResourceOptions) {
        super("redis:AwsRedis", name, args, opts);

        // ---- validation, before any child ----
        const engineVersion = args.engineVersion ?? "7.1";
        if (!/^7\.\d+$/.test(engineVersion)) {
            throw new InvalidArgumentError(
                COMPONENT,
                "engineVersion",
                `is "${engineVersion}"`,
                '"7.<minor>", e.g. "7.1" (Redis 6 and older lack transitEncryptionMode "required")',
            );
        }
        const family = `redis${engineVersion.split(".")[0]}`;
        const p = profileDefaults(PROFILE, this.environment, {
            nodeType: args.nodeType,
            replicas: args.replicas,
            snapshotRetentionLimit: args.snapshotRetentionLimit,
            finalSnapshot: args.finalSnapshot,
            logRetentionDays: args.logRetentionDays,
            authTokenRecoveryWindowDays: args.authTokenRecoveryWindowDays,
        });
        checkRange(COMPONENT, "replicas", p.replicas, 0, 5);
        const automaticFailover = args.automaticFailoverEnabled ?? p.replicas >= 1;
        if (automaticFailover && p.replicas < 1) {
            throw new InvalidArgumentError(
                COMPONENT,
                "automaticFailoverEnabled",
                "is true with 0 replicas: there is nothing to fail over to",
                "replicas >= 1, or automaticFailoverEnabled false",
            );
        }
        const multiAz = args.multiAzEnabled ?? automaticFailover;
        if (multiAz && !automaticFailover) {
            throw new InvalidArgumentError(
                COMPONENT,
                "multiAzEnabled",
                "is true without automatic failover",
                "automaticFailoverEnabled true (with replicas >= 1), or multiAzEnabled false",
            );
        }
        checkRange(COMPONENT, "snapshotRetentionLimit", p.snapshotRetentionLimit, 1, 35);
        if (!LOG_RETENTION_DAYS.includes(p.logRetentionDays)) {
            throw new InvalidArgumentError(COMPONENT, "logRetentionDays", `is ${p.logRetentionDays}`, LOG_RETENTION_DAYS.join(", "));
        }
        if (p.authTokenRecoveryWindowDays !== 0) checkRange(COMPONENT, "authTokenRecoveryWindowDays", p.authTokenRecoveryWindowDays, 7, 30);
        const maxmemoryPolicy = args.maxmemoryPolicy ?? "noeviction";
        if (!(REDIS_MAXMEMORY_POLICIES as readonly string[]).includes(maxmemoryPolicy)) {
            throw new InvalidArgumentError(COMPONENT, "maxmemoryPolicy", `is "${maxmemoryPolicy}"`, REDIS_MAXMEMORY_POLICIES.join(", "));
        }
        const port = args.port ?? 6379;
        checkRange(COMPONENT, "port", port, 1024, 65535);
        const snapshotWindow = args.snapshotWindow ?? "03:00-04:00";
        const maintenanceWindow = args.maintenanceWindow ?? "sun:05:00-sun:06:00";
        checkWindows(COMPONENT, { name: "snapshotWindow", value: snapshotWindow }, maintenanceWindow, 60);
        const clusterMode = args.clusterMode ?? false;
        if (!clusterMode && (args.numNodeGroups !== undefined || args.replicasPerNodeGroup !== undefined)) {
            throw new InvalidArgumentError(
                COMPONENT,
                args.numNodeGroups !== undefined ? "numNodeGroups" : "replicasPerNodeGroup",
                "is set without clusterMode",
                "clusterMode: true, or replicas for a group without shards",
            );
        }
        if (clusterMode && args.replicas !== undefined) {
            throw new InvalidArgumentError(
                COMPONENT,
                "replicas",
                "is set with clusterMode (the provider conflicts numCacheClusters with numNodeGroups)",
                "replicasPerNodeGroup with clusterMode",
            );
        }
        const numNodeGroups = args.numNodeGroups ?? 2;
        const replicasPerNodeGroup = args.replicasPerNodeGroup ?? p.replicas;
        if (clusterMode) {
            checkRange(COMPONENT, "numNodeGroups", numNodeGroups, 1, 500);
            checkRange(COMPONENT, "replicasPerNodeGroup", replicasPerNodeGroup, 0, 5);
            if (numNodeGroups * (1 + replicasPerNodeGroup) > 90) {
                throw new InvalidArgumentError(
                    COMPONENT,
                    "numNodeGroups",
                    `× (1 + replicasPerNodeGroup) is ${numNodeGroups * (1 + replicasPerNodeGroup)} nodes`,
                    "at most 90 nodes (the default ElastiCache quota per cluster)",
                );
            }
            if (!automaticFailover && args.automaticFailoverEnabled === false) {
                throw new InvalidArgumentError(
                    COMPONENT,
                    "automaticFailoverEnabled",
                    "is false with clusterMode",
                    "automaticFailoverEnabled true (cluster mode needs it), or no clusterMode",
                );
            }
        }
        const numCacheClusters = 1 + p.replicas;
        // Cluster mode enabled needs automatic failover (provider docs, automaticFailoverEnabled: "Must be enabled for
        // Redis (cluster mode enabled) replication groups"); Multi-AZ needs a replica per shard to fail over to.
        const failover = clusterMode ? true : automaticFailover;
        const multiAzOn = clusterMode ? (args.multiAzEnabled ?? replicasPerNodeGroup >= 1) && replicasPerNodeGroup >= 1 : multiAz;
        const t = args.transform ?? {};
        const data = this.dataOptions(args);

        // ---- children ----
        // The key policy lets CloudWatch Logs use the key for this account's log groups (the slow log); ElastiCache and
        // Secrets Manager use it through the caller's IAM permissions (the account statement).
        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const region = aws.getRegionOutput({}, { parent: this }).region;
        const partition = aws.getPartitionOutput({}, { parent: this }).partition;
        const keyPolicy = pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
                accountAdministersKey(partition, account),
                {
                    Sid: "CloudWatchLogs",
                    Effect: "Allow",
                    Principal: { Service: pulumi.interpolate`logs.${region}.amazonaws.com` },
                    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                    Resource: "*",
                    Condition: {
                        ArnLike: {
                            "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:${partition}:logs:${region}:${account}:log-group:*`,
                        },
                    },
                },
            ],
        });
        const key = this.child(
            aws.kms.Key,
            "key",
            {
                description: `ElastiCache Redis ${name}: data at rest, AUTH token secret, slow log`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: keyPolicy,
                tags: this.tags,
            },
            t.key,
            data,
        );
        this.kmsKeyArn = key.arn;

        const subnetGroup = this.child(
            aws.elasticache.SubnetGroup,
            "subnet-group",
            {
                name: this.physicalName("subnets"),
                description: `Data subnets of Redis ${name}`,
                subnetIds: args.network.dataSubnetIds,
                tags: this.tags,
            },
            t.subnetGroup,
        );

        // No ingress and no egress: the provider removes the default allow-all egress rule at creation, and clients
        // add their own ingress rule to this group. Inline rules are not set so that those rules are never removed.
        const securityGroup = this.child(
            aws.ec2.SecurityGroup,
            "sg",
            {
                name: this.physicalName("redis-sg"),
                description: `Redis ${name}: clients add their own ingress on ${port}`,
                vpcId: args.network.vpcId,
                tags: this.tags,
            },
            t.securityGroup,
        );
        this.securityGroupId = securityGroup.id;

        const parameterGroup = this.child(
            aws.elasticache.ParameterGroup,
            "params",
            {
                // The family is part of the name so a major upgrade creates the new group before deleting the old one.
                name: this.physicalName(clusterMode ? `params-${family}-cluster` : `params-${family}`),
                family,
                description: `Redis ${name}: maxmemory-policy ${maxmemoryPolicy}${clusterMode ? ", cluster mode" : ""}`,
                parameters: [
                    { name: "maxmemory-policy", value: maxmemoryPolicy },
                    ...(clusterMode ? [{ name: "cluster-enabled", value: "yes" }] : []),
                ],
                tags: this.tags,
            },
            t.parameterGroup,
        );

        const slowLog = this.child(
            aws.cloudwatch.LogGroup,
            "slow-log",
            {
                name: `/aws/elasticache/${this.physicalName("slow-log", "logGroup")}`,
                retentionInDays: p.logRetentionDays,
                kmsKeyId: key.arn,
                tags: this.tags,
            },
            t.logGroup,
        );
        this.slowLogGroupName = slowLog.name;

        // AUTH tokens take letters, digits and only the specials ! & # $ ^ < > -; letters and digits alone give
        // 64 × log2(62) ≈ 380 bits and stay safe in URLs, shells and env files.
        const authToken = this.child(
            random.RandomPassword,
            "auth-token",
            { length: 64, special: false, upper: true, lower: true, numeric: true, minUpper: 1, minLower: 1, minNumeric: 1 },
            t.authToken,
            data,
        );
        const secret = this.child(
            aws.secretsmanager.Secret,
            "auth-token-secret",
            {
                name: this.physicalName("redis-auth-token"),
                description: `AUTH token of Redis ${name} (the plain token string)`,
                kmsKeyId: key.arn,
                recoveryWindowInDays: p.authTokenRecoveryWindowDays,
                tags: this.tags,
            },
            t.authTokenSecret,
            data,
        );
        this.child(
            aws.secretsmanager.SecretVersion,
            "auth-token-secret-version",
            { secretId: secret.id, secretString: authToken.result },
            t.authTokenSecretVersion,
            data,
        );
        this.authTokenSecretArn = secret.arn;

        // A new id when cluster mode is switched: the group is replaced, the new one created before the old is deleted.
        const groupId = this.physicalName(clusterMode ? "cluster" : "", "elasticache");
        this.replicationGroup = this.child(
            aws.elasticache.ReplicationGroup,
            "group",
            {
                replicationGroupId: groupId,
                description: `Redis ${name}`,
                engine: "redis",
                engineVersion,
                nodeType: p.nodeType,
                port,
                ...(clusterMode ? { clusterMode: "enabled", numNodeGroups, replicasPerNodeGroup } : { numCacheClusters }),
                automaticFailoverEnabled: failover,
                multiAzEnabled: multiAzOn,
                subnetGroupName: subnetGroup.name,
                securityGroupIds: [securityGroup.id],
                parameterGroupName: parameterGroup.name,
                atRestEncryptionEnabled: true,
                kmsKeyId: key.arn,
                transitEncryptionEnabled: true,
                transitEncryptionMode: "required",
                authToken: pulumi.secret(authToken.result),
                autoMinorVersionUpgrade: true,
                snapshotRetentionLimit: p.snapshotRetentionLimit,
                snapshotWindow,
                maintenanceWindow,
                finalSnapshotIdentifier: p.finalSnapshot ? `${groupId}-final` : undefined,
                logDeliveryConfigurations: [
                    { destination: slowLog.name, destinationType: "cloudwatch-logs", logFormat: "json", logType: "slow-log" },
                ],
                tags: this.tags,
            },
            t.replicationGroup,
            data,
        );

        this.port = port;
        this.replicationGroupId = this.replicationGroup.replicationGroupId;
        this.replicationGroupArn = this.replicationGroup.arn;
        // ElastiCache names members `<group>-00<n>`, and in cluster mode `<group>-000<shard>-00<n>`.
        const pad = (n: number, width: number) => String(n).padStart(width, "0");
        this.memberClusterIds = clusterMode
            ? Array.from({ length: numNodeGroups }, (_, g) =>
                  Array.from(
                      { length: 1 + replicasPerNodeGroup },
                      (__, n) => pulumi.interpolate`${this.replicationGroupId}-${pad(g + 1, 4)}-${pad(n + 1, 3)}`,
                  ),
              ).flat()
            : Array.from({ length: numCacheClusters }, (_, i) => pulumi.interpolate`${this.replicationGroupId}-${pad(i + 1, 3)}`);
        this.clusterMode = clusterMode;
        this.connection = {
            // Cluster mode: the configuration endpoint serves the whole cluster (reads from replicas through the
            // cluster protocol), and there is no primary or reader endpoint.
            host: clusterMode ? this.replicationGroup.configurationEndpointAddress : this.replicationGroup.primaryEndpointAddress,
            readerHost: clusterMode ? this.replicationGroup.configurationEndpointAddress : this.replicationGroup.readerEndpointAddress,
            port,
            tls: true,
            authTokenSecretArn: secret.arn,
        };

        this.registerOutputs({
            securityGroupId: this.securityGroupId,
            port: this.port,
            replicationGroupId: this.replicationGroupId,
            replicationGroupArn: this.replicationGroupArn,
            memberClusterIds: this.memberClusterIds,
            kmsKeyArn: this.kmsKeyArn,
            host: this.connection.host,
            readerHost: this.connection.readerHost,
            authTokenSecretArn: this.authTokenSecretArn,
        });
    }

    /**
     * What a service using the cache gets: its port opened from the service's security group to this one,
     * `REDIS_HOST` (the primary endpoint; the configuration endpoint with `REDIS_CLUSTER=true` in cluster mode), `REDIS_PORT`, `REDIS_TLS`, and `REDIS_AUTH_TOKEN` read from Secrets Manager.
     */
    link(): Link {
        const c = this.connection;
        return {
            name: this.name,
            env: {
                REDIS_HOST: c.host,
                REDIS_PORT: String(c.port),
                REDIS_TLS: String(c.tls),
                ...(this.clusterMode ? { REDIS_CLUSTER: "true" } : {}),
            },
            aws: {
                reach: { securityGroupId: this.securityGroupId, port: this.port },
                secrets: { REDIS_AUTH_TOKEN: { secretArn: c.authTokenSecretArn } },
            },
        };
    }
}
