import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { BlockParent } from "../blocks/child";
import { bareSecurityGroup } from "../blocks/security-group";
import { componentKeyArgs } from "../blocks/kms";
import { assumedByService } from "../blocks/policy";
import { Component, type Link, type Linkable, type PostgresConnection, type Reachable } from "../core";
import { type AwsPostgresArgs, planPostgres } from "./aws-args";
import { databaseEnv } from "./env";
import { type AwsPostgresMetricDimensions, type AwsPostgresSignalOptions, AwsPostgresSignals } from "./aws-signals";

export {
    type AwsPostgresArgs,
    type AwsPostgresBackupReplication,
    type AwsPostgresCrossRegionReplica,
    DEFAULT_POSTGRES_EXTENSIONS,
} from "./aws-args";

const COMPONENT = "AwsPostgres";

/**
 * RDS for PostgreSQL, private and encrypted: a primary (Multi-AZ in prod) with read replicas, an optional
 * cross-region replica and cross-region backup copies, a component-owned KMS key (storage, Performance Insights,
 * master password secret), TLS enforced (`rds.force_ssl`), IAM authentication, and a security group with no rules
 * of its own: a client opens its path by adding an ingress rule to {@link securityGroupId} on {@link port}.
 *
 * Read replicas keep no automated backups of their own (the primary's backups and point-in-time recovery cover the
 * data; a replica is rebuilt from the primary) and have no final snapshot (AWS does not take one of a replica).
 */
export class AwsPostgres extends Component implements Reachable, AwsPostgresMetricDimensions, Linkable {
    public readonly securityGroupId: pulumi.Output<string>;
    public readonly port: number;
    public readonly connection: PostgresConnection;
    /** Identifier of the primary (the CloudWatch `DBInstanceIdentifier`). */
    public readonly primaryInstanceId: pulumi.Output<string>;
    /** The primary's `DbiResourceId` (`db-...`): Performance Insights names the instance by it. */
    public readonly primaryResourceId: pulumi.Output<string>;
    /** Performance Insights is on (the query-latency alarm reads its counters). */
    public readonly performanceInsightsEnabled: boolean;
    public readonly primaryArn: pulumi.Output<string>;
    /** Identifiers of the same-region read replicas. */
    public readonly replicaInstanceIds: pulumi.Output<string>[];
    public readonly replicaArns: pulumi.Output<string>[];
    public readonly crossRegionReplicaInstanceId?: pulumi.Output<string>;
    public readonly crossRegionReplicaArn?: pulumi.Output<string>;
    public readonly crossRegionReplicaHost?: pulumi.Output<string>;
    public readonly allocatedStorageGb: number;
    /** The component's KMS key (storage, Performance Insights, master password secret) in the primary's region. */
    public readonly kmsKeyArn: pulumi.Output<string>;
    public readonly parameterGroupName: pulumi.Output<string>;

    public readonly primary: aws.rds.Instance;
    public readonly replicaInstances: aws.rds.Instance[];
    public readonly crossRegionReplicaInstance?: aws.rds.Instance;

    /** Alarms and dashboard graphs of the database, for `AwsMonitoring`'s `monitor` (see `aws-signals.ts`). */
    public monitoring(options?: AwsPostgresSignalOptions): AwsPostgresSignals {
        return new AwsPostgresSignals(this, options);
    }

    constructor(name: string, args: AwsPostgresArgs, opts?: pulumi.ComponentResourceOptions) {
        // Checked before anything is registered (the component itself included).
        const p = planPostgres(args);
        super("postgres:AwsPostgres", name, args, opts);
        const t = args.transform ?? {};
        const data = this.dataOptions(args);

        // ---- children ----
        const key = this.child(
            aws.kms.Key,
            "key",
            componentKeyArgs(`RDS PostgreSQL ${name}: storage, Performance Insights, master password`, this.tags),
            t.key,
            data,
        );
        this.kmsKeyArn = key.arn;

        const subnetGroup = this.child(
            aws.rds.SubnetGroup,
            "subnet-group",
            {
                name: this.physicalName("subnets", "rds"),
                description: `Data subnets of PostgreSQL ${name}`,
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
                name: this.physicalName("db-sg"),
                description: `PostgreSQL ${name}: clients add their own ingress on ${p.port}`,
                vpcId: args.network.vpcId,
            },
            t.securityGroup,
        );
        this.securityGroupId = securityGroup.id;

        const parameters = postgresParameters(p.extensions, p.logMinDuration);
        const parameterGroup = this.child(
            aws.rds.ParameterGroup,
            "params",
            {
                // The family is part of the name so a major upgrade creates the new group before deleting the old one.
                name: this.physicalName(`params-${p.family}`, "rds"),
                family: p.family,
                description: `PostgreSQL ${name}: TLS only, allowed extensions`,
                parameters,
                tags: this.tags,
            },
            t.parameterGroup,
        );
        this.parameterGroupName = parameterGroup.name;

        let monitoringRoleArn: pulumi.Output<string> | undefined;
        const monitoringDeps: pulumi.Resource[] = [];
        if (p.monitoringInterval > 0) {
            const role = this.child(
                aws.iam.Role,
                "monitoring-role",
                {
                    name: this.physicalName("rds-monitoring", "iamRole"),
                    description: `Enhanced monitoring of PostgreSQL ${name}`,
                    assumeRolePolicy: assumedByService("monitoring.rds.amazonaws.com"),
                    tags: this.tags,
                },
                t.monitoringRole,
            );
            const attachment = this.child(
                aws.iam.RolePolicyAttachment,
                "monitoring-policy",
                { role: role.name, policyArn: aws.iam.ManagedPolicy.AmazonRDSEnhancedMonitoringRole },
                t.monitoringPolicy,
            );
            monitoringRoleArn = role.arn;
            monitoringDeps.push(attachment);
        }
        const monitoring = {
            monitoringInterval: p.monitoringInterval,
            monitoringRoleArn,
        };

        const identifier = this.physicalName("primary", "rds");
        // Settings every instance shares (primary, replicas, cross-region replica).
        const common = {
            storageType: "gp3",
            storageEncrypted: true,
            publiclyAccessible: false,
            iamDatabaseAuthenticationEnabled: true,
            autoMinorVersionUpgrade: true,
            caCertIdentifier: "rds-ca-rsa2048-g1",
            copyTagsToSnapshot: true,
            deletionProtection: p.deletionProtection,
            maxAllocatedStorage: p.maxAllocatedStorageGb,
            maintenanceWindow: p.maintenanceWindow,
            port: p.port,
            ...monitoring,
            performanceInsightsEnabled: p.performanceInsights,
            performanceInsightsRetentionPeriod: p.performanceInsights ? 7 : undefined,
            tags: this.tags,
        };
        const dataWithDeps: pulumi.CustomResourceOptions = { ...data, dependsOn: monitoringDeps };

        this.primary = this.child(
            aws.rds.Instance,
            "primary",
            {
                ...common,
                identifier,
                engine: "postgres",
                engineVersion: p.engineVersion,
                instanceClass: p.instanceClass,
                allocatedStorage: p.allocatedStorageGb,
                multiAz: p.multiAz,
                dbName: p.databaseName,
                username: p.masterUsername,
                manageMasterUserPassword: true,
                masterUserSecretKmsKeyId: key.arn,
                kmsKeyId: key.arn,
                performanceInsightsKmsKeyId: p.performanceInsights ? key.arn : undefined,
                dbSubnetGroupName: subnetGroup.name,
                vpcSecurityGroupIds: [securityGroup.id],
                parameterGroupName: parameterGroup.name,
                backupRetentionPeriod: p.backupRetentionDays,
                backupWindow: p.backupWindow,
                deleteAutomatedBackups: p.deleteAutomatedBackups,
                skipFinalSnapshot: p.skipFinalSnapshot,
                finalSnapshotIdentifier: p.skipFinalSnapshot ? undefined : `${identifier}-final`,
            },
            t.primary,
            dataWithDeps,
        );
        this.primaryInstanceId = this.primary.identifier;
        this.primaryResourceId = this.primary.resourceId;
        this.performanceInsightsEnabled = p.performanceInsights;
        this.primaryArn = this.primary.arn;

        this.replicaInstances = [];
        for (let i = 1; i <= p.replicas; i++) {
            this.replicaInstances.push(
                this.child(
                    aws.rds.Instance,
                    `replica-${i}`,
                    {
                        ...common,
                        identifier: this.physicalName(`replica-${i}`, "rds"),
                        // Same region: the source is named by identifier and the subnet group is the primary's.
                        replicateSourceDb: this.primary.identifier,
                        instanceClass: p.replicaInstanceClass,
                        multiAz: false,
                        kmsKeyId: key.arn,
                        performanceInsightsKmsKeyId: p.performanceInsights ? key.arn : undefined,
                        vpcSecurityGroupIds: [securityGroup.id],
                        parameterGroupName: parameterGroup.name,
                        // No automated backups of a replica: the primary's backups cover the data.
                        backupRetentionPeriod: 0,
                        // AWS takes no final snapshot of a read replica.
                        skipFinalSnapshot: true,
                    },
                    t.replica,
                    dataWithDeps,
                ),
            );
        }
        this.replicaInstanceIds = this.replicaInstances.map((r) => r.identifier);
        this.replicaArns = this.replicaInstances.map((r) => r.arn);

        if (p.cross) {
            const region = p.cross.region;
            const drKey = this.child(
                aws.kms.Key,
                "dr-key",
                { ...componentKeyArgs(`RDS PostgreSQL ${name}: cross-region replica in ${region}`, this.tags), region },
                t.key,
                data,
            );
            const drSubnetGroup = this.child(
                aws.rds.SubnetGroup,
                "dr-subnet-group",
                {
                    region,
                    name: this.physicalName("dr-subnets", "rds"),
                    description: `Subnets of the ${region} replica of PostgreSQL ${name}`,
                    subnetIds: p.cross.subnetIds,
                    tags: this.tags,
                },
                t.subnetGroup,
            );
            const drSecurityGroup = bareSecurityGroup(
                block,
                "dr-sg",
                {
                    region,
                    name: this.physicalName("dr-db-sg"),
                    description: `PostgreSQL ${name} replica in ${region}: clients add their own ingress on ${p.port}`,
                    vpcId: p.cross.vpcId,
                },
                t.securityGroup,
            );
            const drParameterGroup = this.child(
                aws.rds.ParameterGroup,
                "dr-params",
                {
                    region,
                    name: this.physicalName(`dr-params-${p.family}`, "rds"),
                    family: p.family,
                    description: `PostgreSQL ${name} replica in ${region}: TLS only, allowed extensions`,
                    parameters,
                    tags: this.tags,
                },
                t.parameterGroup,
            );
            this.crossRegionReplicaInstance = this.child(
                aws.rds.Instance,
                "dr-replica",
                {
                    ...common,
                    region,
                    identifier: this.physicalName("dr-replica", "rds"),
                    // Cross-region: the source is named by ARN, and an encrypted replica needs a key in its region.
                    replicateSourceDb: this.primary.arn,
                    kmsKeyId: drKey.arn,
                    performanceInsightsKmsKeyId: p.performanceInsights ? drKey.arn : undefined,
                    instanceClass: p.cross.instanceClass ?? p.replicaInstanceClass,
                    multiAz: false,
                    dbSubnetGroupName: drSubnetGroup.name,
                    vpcSecurityGroupIds: [drSecurityGroup.id],
                    parameterGroupName: drParameterGroup.name,
                    backupRetentionPeriod: 0,
                    skipFinalSnapshot: true,
                },
                t.replica,
                dataWithDeps,
            );
            this.crossRegionReplicaInstanceId = this.crossRegionReplicaInstance.identifier;
            this.crossRegionReplicaArn = this.crossRegionReplicaInstance.arn;
            this.crossRegionReplicaHost = this.crossRegionReplicaInstance.address;
        }

        if (p.backupReplication) {
            const region = p.backupReplication.region;
            const backupKey = this.child(
                aws.kms.Key,
                "backup-replica-key",
                { ...componentKeyArgs(`RDS PostgreSQL ${name}: automated backups replicated to ${region}`, this.tags), region },
                t.key,
                data,
            );
            this.child(
                aws.rds.InstanceAutomatedBackupsReplication,
                "backup-replication",
                {
                    // Managed in the destination region.
                    region,
                    sourceDbInstanceArn: this.primary.arn,
                    kmsKeyId: backupKey.arn,
                    retentionPeriod: p.backupReplication.retentionDays ?? p.backupRetentionDays,
                },
                t.backupReplication,
                data,
            );
        }

        this.port = p.port;
        this.allocatedStorageGb = p.allocatedStorageGb;
        this.connection = {
            host: this.primary.address,
            port: p.port,
            database: p.databaseName,
            username: p.masterUsername,
            readerHosts: this.replicaInstances.map((r) => r.address),
            passwordSecretArn: this.primary.masterUserSecrets.apply((secrets) => {
                const arn = secrets[0]?.secretArn;
                if (!arn) throw new Error(`${COMPONENT} ${name}: RDS reported no managed master user secret`);
                return arn;
            }),
            sslMode: "verify-full",
        };

        this.registerOutputs({
            securityGroupId: this.securityGroupId,
            port: this.port,
            primaryInstanceId: this.primaryInstanceId,
            primaryArn: this.primaryArn,
            replicaInstanceIds: this.replicaInstanceIds,
            replicaArns: this.replicaArns,
            crossRegionReplicaArn: this.crossRegionReplicaArn,
            kmsKeyArn: this.kmsKeyArn,
            host: this.connection.host,
            readerHosts: this.connection.readerHosts,
            passwordSecretArn: this.connection.passwordSecretArn,
        });
    }

    /**
     * What a service using the database gets: its port opened from the service's security group to this one, the
     * connection parts as `DATABASE_HOST`, `DATABASE_PORT`, `DATABASE_READER_HOSTS` (comma-separated, empty without
     * replicas), `DATABASE_NAME`, `DATABASE_USER`, `DATABASE_SSL_MODE`, and `DATABASE_PASSWORD` read from the
     * RDS-managed Secrets Manager secret (key `password`), never plain.
     */
    link(): Link {
        const c = this.connection;
        return {
            name: this.name,
            env: databaseEnv(
                c,
                pulumi.all(c.readerHosts).apply((hosts) => hosts.join(",")),
            ),
            aws: {
                reach: { securityGroupId: this.securityGroupId, port: this.port },
                secrets: { DATABASE_PASSWORD: { secretArn: c.passwordSecretArn, key: "password" } },
            },
        };
    }
}

function postgresParameters(extensions: string[], logMinDurationMs: number): aws.types.input.rds.ParameterGroupParameter[] {
    return [
        // Static on some engine versions: pending-reboot is accepted for static and dynamic parameters alike.
        { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" },
        { name: "rds.allowed_extensions", value: extensions.join(","), applyMethod: "immediate" },
        { name: "log_min_duration_statement", value: String(logMinDurationMs), applyMethod: "immediate" },
    ];
}
