/**
 * The args of `AwsRedis`, its environment profiles, and their checks: {@link planRedis} turns the args into the
 * settings the component builds from, or throws {@link InvalidArgumentError} naming the arg.
 */
import type * as aws from "@pulumi/aws";
import type * as random from "@pulumi/random";
import { checkLogRetention } from "../blocks/cloudwatch-logs";
import {
    type AwsVpcPlacement,
    type BaseArgs,
    checkRange,
    checkWindows,
    type DataProtection,
    type Environment,
    InvalidArgumentError,
    type Profile,
    profileDefaults,
    type Transform,
} from "../core";

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

export interface RedisProfile {
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

/** The settings `AwsRedis` builds from: the environment profile's values overridden by the args, and the other args with their defaults, checked. */
export interface RedisPlan extends RedisProfile {
    engineVersion: string;
    /** Parameter group family, `redis<major>`. */
    family: string;
    maxmemoryPolicy: RedisMaxmemoryPolicy;
    port: number;
    snapshotWindow: string;
    maintenanceWindow: string;
    clusterMode: boolean;
    numNodeGroups: number;
    replicasPerNodeGroup: number;
    /** Nodes of a group without shards, `1 + replicas`. */
    numCacheClusters: number;
    /** Automatic failover (always on in cluster mode). */
    failover: boolean;
    multiAzOn: boolean;
}

/** Checks the args and fills their defaults from the profile of `environment`. */
export function planRedis(args: AwsRedisArgs, environment: Environment): RedisPlan {
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
    const p = profileDefaults(PROFILE, environment, {
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
    checkLogRetention(COMPONENT, "logRetentionDays", p.logRetentionDays);
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
    return {
        ...p,
        engineVersion,
        family,
        maxmemoryPolicy,
        port,
        snapshotWindow,
        maintenanceWindow,
        clusterMode,
        numNodeGroups,
        replicasPerNodeGroup,
        numCacheClusters,
        failover,
        multiAzOn,
    };
}
