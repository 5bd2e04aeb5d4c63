/**
 * The args of `AwsPostgres`, its environment profiles, and their checks: {@link planPostgres} turns the args into the
 * settings the component builds from, or throws {@link InvalidArgumentError} naming the arg, before anything registers.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import {
    type AwsVpcPlacement,
    type BaseArgs,
    checkRange,
    checkWindows,
    type DataProtection,
    InvalidArgumentError,
    type Profile,
    profileDefaults,
    resolveEnvironment,
    throwFirst,
    type Transform,
} from "../core";
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

export interface PostgresProfile {
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

/** The settings `AwsPostgres` builds from: the environment profile's values overridden by the args, and the other args with their defaults, checked. */
export interface PostgresPlan extends PostgresProfile {
    engineVersion: string;
    /** Parameter group family, `postgres<major>`. */
    family: string;
    maxAllocatedStorageGb: number;
    port: number;
    logMinDuration: number;
    extensions: string[];
    databaseName: string;
    masterUsername: string;
    backupWindow: string;
    maintenanceWindow: string;
    cross?: AwsPostgresCrossRegionReplica;
    backupReplication?: AwsPostgresBackupReplication;
    performanceInsights: boolean;
    replicaInstanceClass: string;
}

/** Checks the args and fills their defaults, before anything is registered (the component itself included). */
export function planPostgres(args: AwsPostgresArgs): PostgresPlan {
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
    return {
        ...p,
        engineVersion,
        family,
        maxAllocatedStorageGb,
        port,
        logMinDuration,
        extensions,
        databaseName,
        masterUsername,
        backupWindow,
        maintenanceWindow,
        cross,
        backupReplication,
        performanceInsights,
        replicaInstanceClass,
    };
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
