import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { BlockParent } from "../blocks/child";
import { bareSecurityGroup } from "../blocks/security-group";
import { cloudWatchLogsUseKey, componentKeyArgs } from "../blocks/kms";
import { accountAdministersKey, Component, type Link, type Linkable, type Reachable, type RedisConnection } from "../core";
import { type AwsRedisArgs, planRedis } from "./aws-args";
import { type AwsRedisMetricDimensions, type AwsRedisSignalOptions, AwsRedisSignals } from "./aws-signals";

export { type AwsRedisArgs, REDIS_MAXMEMORY_POLICIES, type RedisMaxmemoryPolicy } from "./aws-args";

const COMPONENT = "AwsRedis";

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
        const p = planRedis(args, this.environment);
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
                cloudWatchLogsUseKey("CloudWatchLogs", region, {
                    ArnLike: {
                        "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:${partition}:logs:${region}:${account}:log-group:*`,
                    },
                }),
            ],
        });
        const key = this.child(
            aws.kms.Key,
            "key",
            componentKeyArgs(`ElastiCache Redis ${name}: data at rest, AUTH token secret, slow log`, this.tags, keyPolicy),
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

        const block: BlockParent = { child: this.child.bind(this), tags: this.tags, label: `${COMPONENT} "${name}"` };
        const securityGroup = bareSecurityGroup(
            block,
            "sg",
            {
                name: this.physicalName("redis-sg"),
                description: `Redis ${name}: clients add their own ingress on ${p.port}`,
                vpcId: args.network.vpcId,
            },
            t.securityGroup,
        );
        this.securityGroupId = securityGroup.id;

        const parameterGroup = this.child(
            aws.elasticache.ParameterGroup,
            "params",
            {
                // The family is part of the name so a major upgrade creates the new group before deleting the old one.
                name: this.physicalName(p.clusterMode ? `params-${p.family}-cluster` : `params-${p.family}`),
                family: p.family,
                description: `Redis ${name}: maxmemory-policy ${p.maxmemoryPolicy}${p.clusterMode ? ", cluster mode" : ""}`,
                parameters: [
                    { name: "maxmemory-policy", value: p.maxmemoryPolicy },
                    ...(p.clusterMode ? [{ name: "cluster-enabled", value: "yes" }] : []),
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
        const groupId = this.physicalName(p.clusterMode ? "cluster" : "", "elasticache");
        this.replicationGroup = this.child(
            aws.elasticache.ReplicationGroup,
            "group",
            {
                replicationGroupId: groupId,
                description: `Redis ${name}`,
                engine: "redis",
                engineVersion: p.engineVersion,
                nodeType: p.nodeType,
                port: p.port,
                ...(p.clusterMode
                    ? { clusterMode: "enabled", numNodeGroups: p.numNodeGroups, replicasPerNodeGroup: p.replicasPerNodeGroup }
                    : { numCacheClusters: p.numCacheClusters }),
                automaticFailoverEnabled: p.failover,
                multiAzEnabled: p.multiAzOn,
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
                snapshotWindow: p.snapshotWindow,
                maintenanceWindow: p.maintenanceWindow,
                finalSnapshotIdentifier: p.finalSnapshot ? `${groupId}-final` : undefined,
                logDeliveryConfigurations: [
                    { destination: slowLog.name, destinationType: "cloudwatch-logs", logFormat: "json", logType: "slow-log" },
                ],
                tags: this.tags,
            },
            t.replicationGroup,
            data,
        );

        this.port = p.port;
        this.replicationGroupId = this.replicationGroup.replicationGroupId;
        this.replicationGroupArn = this.replicationGroup.arn;
        // ElastiCache names members `<group>-00<n>`, and in cluster mode `<group>-000<shard>-00<n>`.
        const pad = (n: number, width: number) => String(n).padStart(width, "0");
        this.memberClusterIds = p.clusterMode
            ? Array.from({ length: p.numNodeGroups }, (_, g) =>
                  Array.from(
                      { length: 1 + p.replicasPerNodeGroup },
                      (__, n) => pulumi.interpolate`${this.replicationGroupId}-${pad(g + 1, 4)}-${pad(n + 1, 3)}`,
                  ),
              ).flat()
            : Array.from({ length: p.numCacheClusters }, (_, i) => pulumi.interpolate`${this.replicationGroupId}-${pad(i + 1, 3)}`);
        this.clusterMode = p.clusterMode;
        this.connection = {
            // Cluster mode: the configuration endpoint serves the whole cluster (reads from replicas through the
            // cluster protocol), and there is no primary or reader endpoint.
            host: p.clusterMode ? this.replicationGroup.configurationEndpointAddress : this.replicationGroup.primaryEndpointAddress,
            readerHost: p.clusterMode ? this.replicationGroup.configurationEndpointAddress : this.replicationGroup.readerEndpointAddress,
            port: p.port,
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
