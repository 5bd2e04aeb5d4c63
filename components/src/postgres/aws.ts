import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    type AwsVpcPlacement,
    type BaseArgs,
    checkRange,
    checkWindows,
    Component,
    type DataProtection,
    InvalidArgumentError,
    type Link,
    type Linkable,
    type PostgresConnection,
    type Profile,
    profileDefaults,
    type Reachable,
    resolveEnvironment,
    throwFirst,
    type Transform,
} from "../core";
import { type AwsPostgresMetricDimensions, type AwsPostgresSignalOptions, AwsPostgresSignals } from "./aws-signals";
import { DEFAULT_POSTGRES_VERSION, type EngineVersion, engineVersionProblems, parseEngineVersion } from "./versions";

const COMPONENT = "AwsPostgres";

/** Extensions allowed by default: vector search, query statistics, crypto functions and UUID generation. */
export const DEFAULT_POSTGRES_EXTENSIONS: readonly string[] = ["vector", "pg_stat_statements", "pgcrypto", "uuid-ossp"];

/**
 * First minor version of each major that supports the `rds.allowed_extensions` parameter
 * (RDS for PostgreSQL 13.3 and later minors, every 14, 15, 16 and 17).
 */
const ALLOWED_EXTENSIONS_SINCE: Record<number, number> = { 13: 3, 14: 0, 15: 0, 16: 0, 17: 0, 18: 0 };

/** Enhanced-monitoring intervals RDS accepts, seconds (0 turns it off). */
const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60] as const;

/** A replica of the primary in another region, for disaster recovery. */
export interface AwsPostgresCrossRegionReplica {
    /** The region of the replica, e.g. `us-west-2`. Changing it replaces the replica and everything created for it. */
    region: string;
    /** Subnets (in that region) of the replica's DB subnet group; at least two availability zones. */
    subnetIds: pulumi.Input<string[]>;
    /** The VPC (in that region) of the replica's security group. Changing it replaces the security group. */
    vpcId: pulumi.Input<string>;
    /**
     * Instance class of the cross-region replica. Costs the same as a primary of that class in that region,
     * plus inter-region data transfer for replication.
     * @default `replicaInstanceClass`, else the primary's `instanceClass`
     */
    instanceClass?: string;
}

/** Cross-region copies of the primary's automated backups (point-in-time restore in another region). */
export interface AwsPostgresBackupReplication {
    /** The destination region, e.g. `us-west-2`. Changing it replaces the replication and its KMS key. */
    region: string;
    /**
     * Days the replicated backups are kept (1..35). Costs backup storage in the destination region and
     * inter-region transfer.
     * @default the primary's `backupRetentionDays`
     */
    retentionDays?: number;
}

interface PostgresProfile {
    instanceClass: string;
    allocatedStorageGb: number;
    multiAz: boolean;
    replicas: number;
    backupRetentionDays: number;
    deletionProtection: boolean;
    skipFinalSnapshot: boolean;
    deleteAutomatedBackups: boolean;
    monitoringInterval: number;
}

const PROFILE: Profile<PostgresProfile> = {
    dev: {
        instanceClass: "db.t4g.micro",
        allocatedStorageGb: 20,
        multiAz: false,
        replicas: 0,
        backupRetentionDays: 1,
        deletionProtection: false,
        skipFinalSnapshot: true,
        deleteAutomatedBackups: true,
        monitoringInterval: 0,
    },
    staging: {
        instanceClass: "db.t4g.medium",
        allocatedStorageGb: 50,
        multiAz: false,
        replicas: 0,
        backupRetentionDays: 7,
        deletionProtection: true,
        skipFinalSnapshot: false,
        deleteAutomatedBackups: false,
        monitoringInterval: 0,
    },
    prod: {
        instanceClass: "db.r6g.large",
        allocatedStorageGb: 100,
        multiAz: true,
        replicas: 1,
        backupRetentionDays: 30,
        deletionProtection: true,
        skipFinalSnapshot: false,
        deleteAutomatedBackups: false,
        monitoringInterval: 60,
    },
};

export interface AwsPostgresArgs extends BaseArgs, DataProtection {
    /** Where the database lives: the DB subnet group is made of `network.dataSubnetIds`, the security group is in `network.vpcId`. */
    network: AwsVpcPlacement;
    /**
     * PostgreSQL version, `<major>` or `<major>.<minor>`, one RDS creates today (`RDS_POSTGRES_VERSIONS`, kept
     * with its date and sources in `postgres/versions.ts`). The parameter group family is derived from the major
     * (`16.11` → `postgres16`). AWS applies minor upgrades in the maintenance window
     * (`autoMinorVersionUpgrade` is on): pass only the major (`"16"`) to follow them without a diff, or raise this
     * value after AWS upgraded (a lower value than the running one is a downgrade AWS refuses). A major change
     * replaces the parameter group and needs `allowMajorVersionUpgrade` through `transform.primary`.
     * @default "16.11" ({@link DEFAULT_POSTGRES_VERSION})
     */
    engineVersion?: string;
    /**
     * Instance class of the primary (and default of the replicas). Changing it restarts the instance
     * (a failover of a few seconds with Multi-AZ). The main cost driver: db.t4g.micro ≈ $12/month,
     * db.t4g.medium ≈ $47/month, db.r6g.large ≈ $180/month (us-east-1, single-AZ, on demand).
     * @default dev `db.t4g.micro`, staging `db.t4g.medium`, prod `db.r6g.large`
     */
    instanceClass?: string;
    /**
     * Initial gp3 storage, GiB (20..65536). Storage can grow (autoscaling, or raising this value) but never shrink.
     * gp3 costs ≈ $0.115/GiB-month, doubled with Multi-AZ.
     * @default dev 20, staging 50, prod 100
     */
    allocatedStorageGb?: number;
    /**
     * Upper bound of storage autoscaling, GiB: RDS grows storage when free space runs low, up to this size. Must be at
     * least 10% above `allocatedStorageGb`; `0` turns autoscaling off. Only the storage actually allocated is billed.
     * We chose twice the initial size: enough headroom to absorb growth for months, small enough that a runaway
     * table does not silently multiply the storage bill.
     * @default 2 × `allocatedStorageGb`
     */
    maxAllocatedStorageGb?: number;
    /**
     * A synchronous standby in another availability zone, with automatic failover (1–2 minutes). Doubles the
     * instance and storage cost.
     * @default dev false, staging false, prod true
     */
    multiAz?: boolean;
    /**
     * Read replicas in the same region (0..5), asynchronous, each with its own reader endpoint in
     * `connection.readerHosts`. Each costs as much as a single-AZ primary of its class.
     * @default dev 0, staging 0, prod 1
     */
    replicas?: number;
    /**
     * Instance class of the read replicas (same region and cross-region).
     * @default the primary's `instanceClass`
     */
    replicaInstanceClass?: string;
    /**
     * A read replica in another region, encrypted with its own KMS key there, in its own DB subnet group and
     * security group (without ingress rules, like the primary's). Its metrics live in that region, so it is not in
     * `replicaInstanceIds`.
     * @default none
     */
    crossRegionReplica?: AwsPostgresCrossRegionReplica;
    /**
     * Days of automated backups and point-in-time recovery (1..35). `0` would turn off backups and point-in-time
     * recovery (and forbid read replicas), so it is refused. Backup storage up to the size of the database is free,
     * beyond it ≈ $0.095/GiB-month.
     * @default dev 1, staging 7, prod 30
     */
    backupRetentionDays?: number;
    /**
     * Daily backup window, UTC, `hh:mm-hh:mm`, at least 30 minutes, not overlapping `maintenanceWindow`.
     * @default "03:00-03:30"
     */
    backupWindow?: string;
    /**
     * Weekly maintenance window, UTC, `ddd:hh:mm-ddd:hh:mm`, at least 30 minutes, not overlapping `backupWindow`.
     * Minor upgrades and pending changes are applied then.
     * @default "sun:04:00-sun:04:30"
     */
    maintenanceWindow?: string;
    /**
     * Copy automated backups to another region (`aws.rds.InstanceAutomatedBackupsReplication`), encrypted with a KMS key
     * created in that region. Opt-in: the stack decides whether the product needs a restore in another region.
     * @default none
     */
    backupReplication?: AwsPostgresBackupReplication;
    /**
     * RDS deletion protection on the primary and replicas: deleting them fails until it is turned off.
     * @default dev false, staging true, prod true
     */
    deletionProtection?: boolean;
    /**
     * Skip the final snapshot when the primary is deleted. When false, the snapshot is named
     * `<primary identifier>-final`; deleting twice with the same identifier fails while that snapshot exists.
     * @default dev true, staging false, prod false
     */
    skipFinalSnapshot?: boolean;
    /**
     * Delete the automated backups when the primary is deleted. When false they are kept until their retention ends.
     * @default dev true, staging false, prod false
     */
    deleteAutomatedBackups?: boolean;
    /**
     * Enhanced monitoring interval, seconds (0, 1, 5, 10, 15, 30, 60); 0 turns it off. When on, an IAM role for RDS
     * enhanced monitoring is created. Costs CloudWatch Logs ingestion (≈ a few $/month per instance at 60 s).
     * @default dev 0, staging 0, prod 60
     */
    monitoringInterval?: number;
    /**
     * Performance Insights on the primary and replicas, encrypted with the component key, with the free 7-day
     * retention. (AWS moves Performance Insights into CloudWatch Database Insights in 2026; the API stays.)
     * @default true
     */
    performanceInsightsEnabled?: boolean;
    /**
     * Extensions that may be created (`rds.allowed_extensions`, engine 13.3 or later); `["*"]` allows every extension.
     * `vector` (pgvector) needs engine 15.2 or later. The list is only an allow-list: extensions are still created with `CREATE EXTENSION`.
     * @default ["vector", "pg_stat_statements", "pgcrypto", "uuid-ossp"]
     */
    extensions?: string[];
    /**
     * Log every statement slower than this, milliseconds (`log_min_duration_statement`); -1 turns it off.
     * @default 500
     */
    logMinDurationStatementMs?: number;
    /**
     * Name of the database created with the instance: a letter, then letters, digits or `_`, at most 63.
     * Changing it replaces the instance.
     * @default "app"
     */
    databaseName?: string;
    /**
     * Master user name: a letter, then letters, digits or `_`, at most 63, not starting with `pg_` or `rds`.
     * Its password is generated and rotated by RDS in Secrets Manager (`connection.passwordSecretArn`).
     * Changing it replaces the instance.
     * @default "dbadmin"
     */
    masterUsername?: string;
    /**
     * TCP port of the database (1150..65535).
     * @default 5432
     */
    port?: number;
    /**
     * Edits of the computed args of each kind of child (applied to every child of that kind, in every region).
     * @default none: each child takes the args the component computed
     */
    transform?: {
        key?: Transform<aws.kms.KeyArgs>;
        subnetGroup?: Transform<aws.rds.SubnetGroupArgs>;
        securityGroup?: Transform<aws.ec2.SecurityGroupArgs>;
        parameterGroup?: Transform<aws.rds.ParameterGroupArgs>;
        monitoringRole?: Transform<aws.iam.RoleArgs>;
        monitoringPolicy?: Transform<aws.iam.RolePolicyAttachmentArgs>;
        primary?: Transform<aws.rds.InstanceArgs>;
        replica?: Transform<aws.rds.InstanceArgs>;
        backupReplication?: Transform<aws.rds.InstanceAutomatedBackupsReplicationArgs>;
    };
}

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
        // ---- validation, before anything is registered (the component itself included) ----
        const environment = resolveEnvironment(args.environment);

        const engineVersion = args.engineVersion ?? DEFAULT_POSTGRES_VERSION;
        throwFirst(COMPONENT, engineVersionProblems(engineVersion));
        const version = parseEngineVersion(engineVersion) ?? { major: 16 };
        const family = `postgres${version.major}`;
        const p = profileDefaults(PROFILE, environment, {
            instanceClass: args.instanceClass,
            allocatedStorageGb: args.allocatedStorageGb,
            multiAz: args.multiAz,
            replicas: args.replicas,
            backupRetentionDays: args.backupRetentionDays,
            deletionProtection: args.deletionProtection,
            skipFinalSnapshot: args.skipFinalSnapshot,
            deleteAutomatedBackups: args.deleteAutomatedBackups,
            monitoringInterval: args.monitoringInterval,
        });
        checkRange(COMPONENT, "allocatedStorageGb", p.allocatedStorageGb, 20, 65536);
        const canGrow = Math.ceil(p.allocatedStorageGb * 1.1) <= 65536;
        const maxAllocatedStorageGb = args.maxAllocatedStorageGb ?? (canGrow ? Math.min(2 * p.allocatedStorageGb, 65536) : 0);
        if (maxAllocatedStorageGb !== 0) {
            checkRange(COMPONENT, "maxAllocatedStorageGb", maxAllocatedStorageGb, Math.ceil(p.allocatedStorageGb * 1.1), 65536);
        }
        checkRange(COMPONENT, "replicas", p.replicas, 0, 5);
        checkRange(COMPONENT, "backupRetentionDays", p.backupRetentionDays, 1, 35);
        if (!(MONITORING_INTERVALS as readonly number[]).includes(p.monitoringInterval)) {
            throw new InvalidArgumentError(COMPONENT, "monitoringInterval", `is ${p.monitoringInterval}`, MONITORING_INTERVALS.join(", "));
        }
        const port = args.port ?? 5432;
        checkRange(COMPONENT, "port", port, 1150, 65535);
        const logMinDuration = args.logMinDurationStatementMs ?? 500;
        checkRange(COMPONENT, "logMinDurationStatementMs", logMinDuration, -1, 2147483647);
        const extensions = args.extensions ?? [...DEFAULT_POSTGRES_EXTENSIONS];
        checkExtensions(extensions, version, engineVersion);
        const databaseName = args.databaseName ?? "app";
        checkIdentifier("databaseName", databaseName);
        if (["postgres", "template0", "template1", "rdsadmin"].includes(databaseName.toLowerCase())) {
            throw new InvalidArgumentError(COMPONENT, "databaseName", `is reserved ("${databaseName}")`, "any other name");
        }
        const masterUsername = args.masterUsername ?? "dbadmin";
        checkIdentifier("masterUsername", masterUsername);
        if (/^(pg_|rds)/i.test(masterUsername)) {
            throw new InvalidArgumentError(
                COMPONENT,
                "masterUsername",
                `is reserved ("${masterUsername}")`,
                "a name not starting with pg_ or rds",
            );
        }
        const backupWindow = args.backupWindow ?? "03:00-03:30";
        const maintenanceWindow = args.maintenanceWindow ?? "sun:04:00-sun:04:30";
        checkWindows(COMPONENT, { name: "backupWindow", value: backupWindow }, maintenanceWindow, 30);
        const cross = args.crossRegionReplica;
        if (cross) checkRegion("crossRegionReplica.region", cross.region);
        const backupReplication = args.backupReplication;
        if (backupReplication) {
            checkRegion("backupReplication.region", backupReplication.region);
            checkRange(COMPONENT, "backupReplication.retentionDays", backupReplication.retentionDays, 1, 35);
        }
        const performanceInsights = args.performanceInsightsEnabled ?? true;
        const replicaInstanceClass = args.replicaInstanceClass ?? p.instanceClass;
        super("postgres:AwsPostgres", name, args, opts);
        const t = args.transform ?? {};
        const data = this.dataOptions(args);

        // ---- children ----
        const key = this.child(
            aws.kms.Key,
            "key",
            kmsKeyArgs(`RDS PostgreSQL ${name}: storage, Performance Insights, master password`, this.tags),
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

        // No ingress and no egress: the provider removes the default allow-all egress rule at creation, and clients
        // add their own ingress rule to this group. Inline rules are not set so that those rules are never removed.
        const securityGroup = this.child(
            aws.ec2.SecurityGroup,
            "sg",
            {
                name: this.physicalName("db-sg"),
                description: `PostgreSQL ${name}: clients add their own ingress on ${port}`,
                vpcId: args.network.vpcId,
                tags: this.tags,
            },
            t.securityGroup,
        );
        this.securityGroupId = securityGroup.id;

        const parameters = postgresParameters(extensions, logMinDuration);
        const parameterGroup = this.child(
            aws.rds.ParameterGroup,
            "params",
            {
                // The family is part of the name so a major upgrade creates the new group before deleting the old one.
                name: this.physicalName(`params-${family}`, "rds"),
                family,
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
                    assumeRolePolicy: JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [{ Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole" }],
                    }),
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
            maxAllocatedStorage: maxAllocatedStorageGb,
            maintenanceWindow,
            port,
            ...monitoring,
            performanceInsightsEnabled: performanceInsights,
            performanceInsightsRetentionPeriod: performanceInsights ? 7 : undefined,
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
                engineVersion,
                instanceClass: p.instanceClass,
                allocatedStorage: p.allocatedStorageGb,
                multiAz: p.multiAz,
                dbName: databaseName,
                username: masterUsername,
                manageMasterUserPassword: true,
                masterUserSecretKmsKeyId: key.arn,
                kmsKeyId: key.arn,
                performanceInsightsKmsKeyId: performanceInsights ? key.arn : undefined,
                dbSubnetGroupName: subnetGroup.name,
                vpcSecurityGroupIds: [securityGroup.id],
                parameterGroupName: parameterGroup.name,
                backupRetentionPeriod: p.backupRetentionDays,
                backupWindow,
                deleteAutomatedBackups: p.deleteAutomatedBackups,
                skipFinalSnapshot: p.skipFinalSnapshot,
                finalSnapshotIdentifier: p.skipFinalSnapshot ? undefined : `${identifier}-final`,
            },
            t.primary,
            dataWithDeps,
        );
        this.primaryInstanceId = this.primary.identifier;
        this.primaryResourceId = this.primary.resourceId;
        this.performanceInsightsEnabled = performanceInsights;
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
                        instanceClass: replicaInstanceClass,
                        multiAz: false,
                        kmsKeyId: key.arn,
                        performanceInsightsKmsKeyId: performanceInsights ? key.arn : undefined,
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

        if (cross) {
            const region = cross.region;
            const drKey = this.child(
                aws.kms.Key,
                "dr-key",
                { ...kmsKeyArgs(`RDS PostgreSQL ${name}: cross-region replica in ${region}`, this.tags), region },
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
                    subnetIds: cross.subnetIds,
                    tags: this.tags,
                },
                t.subnetGroup,
            );
            const drSecurityGroup = this.child(
                aws.ec2.SecurityGroup,
                "dr-sg",
                {
                    region,
                    name: this.physicalName("dr-db-sg"),
                    description: `PostgreSQL ${name} replica in ${region}: clients add their own ingress on ${port}`,
                    vpcId: cross.vpcId,
                    tags: this.tags,
                },
                t.securityGroup,
            );
            const drParameterGroup = this.child(
                aws.rds.ParameterGroup,
                "dr-params",
                {
                    region,
                    name: this.physicalName(`dr-params-${family}`, "rds"),
                    family,
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
                    performanceInsightsKmsKeyId: performanceInsights ? drKey.arn : undefined,
                    instanceClass: cross.instanceClass ?? replicaInstanceClass,
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

        if (backupReplication) {
            const region = backupReplication.region;
            const backupKey = this.child(
                aws.kms.Key,
                "backup-replica-key",
                { ...kmsKeyArgs(`RDS PostgreSQL ${name}: automated backups replicated to ${region}`, this.tags), region },
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
                    retentionPeriod: backupReplication.retentionDays ?? p.backupRetentionDays,
                },
                t.backupReplication,
                data,
            );
        }

        this.port = port;
        this.allocatedStorageGb = p.allocatedStorageGb;
        this.connection = {
            host: this.primary.address,
            port,
            database: databaseName,
            username: masterUsername,
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
            env: {
                DATABASE_HOST: c.host,
                DATABASE_PORT: String(c.port),
                DATABASE_READER_HOSTS: pulumi.all(c.readerHosts).apply((hosts) => hosts.join(",")),
                DATABASE_NAME: c.database,
                DATABASE_USER: c.username,
                DATABASE_SSL_MODE: c.sslMode,
            },
            aws: {
                reach: { securityGroupId: this.securityGroupId, port: this.port },
                secrets: { DATABASE_PASSWORD: { secretArn: c.passwordSecretArn, key: "password" } },
            },
        };
    }
}

function kmsKeyArgs(description: string, tags: Record<string, string>): aws.kms.KeyArgs {
    return { description, enableKeyRotation: true, deletionWindowInDays: 30, tags };
}

function postgresParameters(extensions: string[], logMinDurationMs: number): aws.types.input.rds.ParameterGroupParameter[] {
    return [
        // Static on some engine versions: pending-reboot is accepted for static and dynamic parameters alike.
        { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" },
        { name: "rds.allowed_extensions", value: extensions.join(","), applyMethod: "immediate" },
        { name: "log_min_duration_statement", value: String(logMinDurationMs), applyMethod: "immediate" },
    ];
}

/** True when `version` is at least `major.minor`; a major-only version means AWS's default minor, which is recent. */
function atLeast(version: EngineVersion, major: number, minor: number): boolean {
    if (version.major !== major) return version.major > major;
    return version.minor === undefined || version.minor >= minor;
}

function checkExtensions(extensions: string[], version: EngineVersion, engineVersion: string): void {
    if (extensions.length === 0) {
        throw new InvalidArgumentError(COMPONENT, "extensions", "is empty", 'at least one extension name, or ["*"] for all');
    }
    for (const extension of extensions) {
        if (extension !== "*" && !/^[a-z0-9_-]{1,63}$/.test(extension)) {
            throw new InvalidArgumentError(
                COMPONENT,
                "extensions",
                `contains "${extension}"`,
                "extension names (lower-case letters, digits, _ and -), or *",
            );
        }
    }
    if (extensions.includes("vector") && !atLeast(version, 15, 2)) {
        throw new InvalidArgumentError(
            COMPONENT,
            "extensions",
            `includes "vector" (pgvector), which needs engine 15.2 or later, but engineVersion is "${engineVersion}"`,
            'engineVersion >= "15.2", or drop "vector"',
        );
    }
    const since = ALLOWED_EXTENSIONS_SINCE[version.major] ?? 0;
    if (!atLeast(version, version.major, since)) {
        throw new InvalidArgumentError(
            COMPONENT,
            "engineVersion",
            `is "${engineVersion}", which has no rds.allowed_extensions parameter`,
            `${version.major}.${since} or later`,
        );
    }
}

function checkIdentifier(arg: string, value: string): void {
    if (!/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(value)) {
        throw new InvalidArgumentError(COMPONENT, arg, `is "${value}"`, "a letter followed by letters, digits or _, at most 63 characters");
    }
}

function checkRegion(arg: string, value: string): void {
    if (!/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/.test(value)) {
        throw new InvalidArgumentError(COMPONENT, arg, `is "${value}"`, "an AWS region name such as us-west-2");
    }
}
