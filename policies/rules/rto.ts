// Recovery time objective: every deployment document sets RTO = 4 hours. A database recovers in time when it has
// a standby or a replica to fail over to, or when a restore from backup is fast enough; a service recovers when
// more than one instance serves it; a regional disaster needs backups in another region.

import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { backupRulesFor } from "./backup-plans";
import { rtoGcpPolicies } from "./rto-gcp";
import { scheduledDatabaseExports, scheduledRestoreDrills } from "./rpo";
import { AWS, BUCKET_TYPES, GCP, SUPABASE_INSTANCE_SIZES, SUPABASE_KINDS, supabaseSizeAtLeast } from "./resource-types";
import {
    arnRegion,
    belongsToSupabaseProject,
    configSchema,
    globMatch,
    ofSupabaseKind,
    readArray,
    judgeEach,
    label,
    lastSegment,
    ofType,
    readBoolean,
    readConfig,
    readNumber,
    readString,
    referrers,
    regionOf,
    reportOn,
    safe,
} from "./util";

// ---------------------------------------------------------------------------------------------------------
// rto-database-recovery
// ---------------------------------------------------------------------------------------------------------

/**
 * Restore-time model for a database with neither standby nor replica:
 *   hours = restoreFixedMinutes / 60 + allocatedStorage (GB) / restoreGbPerHour
 *
 * Assumptions, stated because AWS publishes no restore throughput for RDS:
 * - restoreFixedMinutes = 45: creating the new instance from a snapshot or a point-in-time restore (typically
 *   15-30 minutes for small instances), replaying transaction logs up to the restore time, and repointing the
 *   application (DNS/secret update, rollout).
 * - restoreGbPerHour = 100: a restored volume is lazily loaded from S3 ("Initialize Amazon EBS volumes",
 *   https://docs.aws.amazon.com/ebs/latest/userguide/ebs-initialize.html: blocks are fetched from S3 on first
 *   access, with higher latency until then), so full performance depends on the data being read back. 100 GB/h
 *   is a conservative planning figure for that hydration, well under gp3's 125 MiB/s (~450 GB/h) baseline.
 * Both are configurable; replace them with the figures of the restore drills the documents ask for
 * (InteliFeed: quarterly disaster-recovery drills, backups restore-tested).
 */
export const databaseRecoverySchema = configSchema<{ targetHours: number; restoreGbPerHour: number; restoreFixedMinutes: number }>({
    targetHours: {
        type: "number",
        minimum: 0,
        default: 4,
        description: "Recovery time objective in hours (4 h in every deployment document).",
    },
    restoreGbPerHour: {
        type: "number",
        minimum: 1,
        default: 100,
        description:
            "Assumed restore throughput, GB of allocated storage per hour (conservative planning figure for EBS lazy " +
            "loading from S3 after a snapshot restore; AWS publishes no RDS restore rate). Replace with measured drill figures.",
    },
    restoreFixedMinutes: {
        type: "number",
        minimum: 0,
        default: 45,
        description: "Assumed fixed part of a restore: instance provisioning, log replay and repointing the application (minutes).",
    },
});

/** Estimated hours to restore `storageGb` from backup under the configured model. */
export function estimateRestoreHours(storageGb: number, config: { restoreGbPerHour: number; restoreFixedMinutes: number }): number {
    return config.restoreFixedMinutes / 60 + storageGb / config.restoreGbPerHour;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

export const rtoDatabaseRecovery: StackValidationPolicy = {
    name: "rto-database-recovery",
    description:
        "Each primary database has a standby (multiAz / 2+ cluster instances), a read replica, or an estimated restore time within the RTO.",
    remediationSteps: "Set multiAz: true, add a read replica, or reduce the storage to restore.",
    configSchema: databaseRecoverySchema,
    validateStack: (args, report) => {
        const config = readConfig(args, databaseRecoverySchema);
        const instances = ofType(args.resources, [AWS.rdsInstance]);
        const replicas = instances.filter(
            (i) =>
                safe(() => readString(i.props, "replicateSourceDb")) !== undefined || i.propertyDependencies["replicateSourceDb"]?.length,
        );
        const primaries = instances.filter((i) => !replicas.includes(i));

        const judge = (db: PolicyResource, storageGb: number | undefined, standby: string | undefined): void => {
            if (standby !== undefined) {
                return;
            }
            if (storageGb === undefined) {
                reportOn(
                    report,
                    db,
                    `${label(db)} has no standby or replica, and its restore time cannot be estimated (allocatedStorage is not set). ` +
                        `Fix: set multiAz: true or add a read replica, or set allocatedStorage so the restore time can be checked against the ${config.targetHours} h RTO.`,
                );
                return;
            }
            const hours = estimateRestoreHours(storageGb, config);
            if (hours > config.targetHours) {
                reportOn(
                    report,
                    db,
                    `${label(db)} has no standby or replica, and restoring ${storageGb} GB from backup is estimated at ${round1(hours)} h ` +
                        `(${config.restoreFixedMinutes} min fixed + ${storageGb} GB at ${config.restoreGbPerHour} GB/h), over the ${config.targetHours} h RTO. ` +
                        `Fix: set multiAz: true (synchronous standby, failover in 1-2 minutes) or add a read replica (replicateSourceDb) to promote.`,
                );
            }
        };

        judgeEach(primaries, (db) => {
            const multiAz = readBoolean(db.props, "multiAz") === true;
            const replica = referrers(replicas, "replicateSourceDb", db, { keys: ["identifier", "arn", "id"] })[0];
            judge(db, readNumber(db.props, "allocatedStorage"), multiAz ? "multiAz" : replica?.name);
        });

        // Cloud SQL: availabilityType REGIONAL is a standby in another zone; a read replica (masterInstanceName) can be
        // promoted; otherwise the restore estimate applies to settings.diskSize (default 10 GB).
        const sqlInstances = ofType(args.resources, [GCP.sqlInstance]);
        const sqlReplicas = sqlInstances.filter(
            (i) =>
                safe(() => readString(i.props, "masterInstanceName")) !== undefined ||
                (i.propertyDependencies["masterInstanceName"]?.length ?? 0) > 0,
        );
        judgeEach(
            sqlInstances.filter((i) => !sqlReplicas.includes(i)),
            (db) => {
                const regional = readString(db.props, "settings", "availabilityType") === "REGIONAL";
                const replica = referrers(sqlReplicas, "masterInstanceName", db, { keys: ["name", "id"] })[0];
                judge(db, readNumber(db.props, "settings", "diskSize") ?? 10, regional ? "REGIONAL" : replica?.name);
            },
        );

        const clusterInstances = ofType(args.resources, [AWS.rdsClusterInstance]);
        judgeEach(ofType(args.resources, [AWS.rdsCluster]), (cluster) => {
            const members = referrers(clusterInstances, "clusterIdentifier", cluster, { keys: ["clusterIdentifier", "id", "arn"] });
            // A Multi-AZ DB cluster (dbClusterInstanceClass set) always runs a writer and two readable standbys.
            const multiAzCluster = readString(cluster.props, "dbClusterInstanceClass") !== undefined;
            const standby =
                members.length >= 2 ? `${members.length} cluster instances` : multiAzCluster ? "Multi-AZ DB cluster" : undefined;
            // Aurora storage is not provisioned: only the fixed part of the restore applies.
            judge(cluster, readNumber(cluster.props, "allocatedStorage") ?? 0, standby);
        });
    },
};

// ---------------------------------------------------------------------------------------------------------
// rto-service-min-instances
// ---------------------------------------------------------------------------------------------------------

export const serviceMinInstancesSchema = configSchema<{ minInstances: number }>({
    minInstances: {
        type: "integer",
        minimum: 0,
        default: 2,
        description:
            "Minimum running tasks per service, so one failed task or AZ does not take the service down (TechMate: " +
            "2-50 instances; 99.9 % uptime in CoachMeld, InteliFeed and AIOS).",
    },
});

/** Whether an autoscaling target scales `service` (resourceId `service/<cluster>/<service>`). */
function scalesService(target: PolicyResource, service: PolicyResource): boolean {
    if (target.propertyDependencies["resourceId"]?.some((d) => d.urn === service.urn)) {
        return true;
    }
    const resourceId = safe(() => readString(target.props, "resourceId"));
    const name = safe(() => readString(service.props, "name"));
    const cluster = safe(() => readString(service.props, "cluster"));
    if (resourceId === undefined || name === undefined) {
        return false;
    }
    const [kind, targetCluster, targetService] = resourceId.split("/");
    return kind === "service" && targetService === name && (cluster === undefined || targetCluster === lastSegment(cluster));
}

export const rtoServiceMinInstances: StackValidationPolicy = {
    name: "rto-service-min-instances",
    description:
        "Services run at least minInstances tasks: ECS desiredCount, or the minCapacity of the autoscaling target that scales the service.",
    configSchema: serviceMinInstancesSchema,
    validateStack: (args, report) => {
        const { minInstances } = readConfig(args, serviceMinInstancesSchema);
        const targets = ofType(args.resources, [AWS.appautoscalingTarget]);
        judgeEach(ofType(args.resources, [AWS.ecsService]), (service) => {
            if (readString(service.props, "schedulingStrategy") === "DAEMON") {
                return; // one task per container instance: desiredCount does not apply
            }
            const target = targets.find((t) => scalesService(t, service));
            if (target !== undefined) {
                const minCapacity = readNumber(target.props, "minCapacity") ?? 0;
                if (minCapacity < minInstances) {
                    reportOn(
                        report,
                        target,
                        `${label(target)} lets service '${service.name}' scale down to ${minCapacity} task(s); at least ${minInstances} must run ` +
                            `so one failed task or AZ does not stop the service. Fix: set minCapacity: ${minInstances}.`,
                    );
                }
                return;
            }
            // Unset, ECS starts 0 tasks.
            const desired = readNumber(service.props, "desiredCount") ?? 0;
            if (desired < minInstances) {
                reportOn(
                    report,
                    service,
                    `${label(service)} runs ${desired} task(s) and no autoscaling target raises it; at least ${minInstances} must run. ` +
                        `Fix: set desiredCount: ${minInstances}, or add an aws.appautoscaling.Target (resourceId service/<cluster>/<service>) with minCapacity: ${minInstances}.`,
                );
            }
        });
    },
};

// ---------------------------------------------------------------------------------------------------------
// rto-cross-region-backups
// ---------------------------------------------------------------------------------------------------------

export const crossRegionBackupsSchema = configSchema<{ requireCrossRegionBackups: boolean; region: string }>({
    requireCrossRegionBackups: {
        type: "boolean",
        default: true,
        description:
            "Require a copy of each primary database's backups in another region (AIOS: multi-region backups; InteliFeed: " +
            "geographically distributed backup storage), so a regional outage stays within the RTO.",
    },
    region: {
        type: "string",
        default: "us-east-1",
        description: "The stack's region when neither a resource's `region` input nor its provider's says otherwise.",
    },
});

export const rtoCrossRegionBackups: StackValidationPolicy = {
    name: "rto-cross-region-backups",
    description:
        "Each primary RDS instance copies its automated backups to another region (an InstanceAutomatedBackupsReplication whose region, else its " +
        "provider's or the stack's, differs from the database's) or has a cross-region replica; each cluster is in a global cluster or has a " +
        "cross-region replica cluster; an AWS Backup plan selecting the database with a copy action to another region counts for both.",
    configSchema: crossRegionBackupsSchema,
    validateStack: (args, report) => {
        const config = readConfig(args, crossRegionBackupsSchema);
        if (!config.requireCrossRegionBackups) {
            return;
        }
        const instances = ofType(args.resources, [AWS.rdsInstance]);
        const replicationsOf = ofType(args.resources, [AWS.rdsBackupReplication]);
        const isReplica = (i: PolicyResource): boolean =>
            safe(() => readString(i.props, "replicateSourceDb")) !== undefined ||
            (i.propertyDependencies["replicateSourceDb"]?.length ?? 0) > 0;
        const replicas = instances.filter(isReplica);

        judgeEach(
            instances.filter((i) => !isReplica(i)),
            (db) => {
                const region = regionOf(db, config.region);
                // A replication counts only when it copies to another region: its own `region` input, else its
                // provider's, else the stack's (config `region`), must differ from the database's region. One left in the
                // source region (no region input, default provider) keeps every copy in the same region.
                const copies = referrers(replicationsOf, "sourceDbInstanceArn", db, { keys: ["arn"] });
                const sameRegionCopies = copies.filter((c) => regionOf(c, config.region) === region);
                if (copies.length > sameRegionCopies.length) {
                    return;
                }
                // AWS Backup: a copy action to a vault in another region is the cross-region backup.
                if (backupRulesFor(db, args.resources, config.region).some((r) => r.copyRegions.some((c) => c !== region))) {
                    return;
                }
                const crossRegionReplica = referrers(replicas, "replicateSourceDb", db, { keys: ["identifier", "arn", "id"] }).some((r) => {
                    const source = safe(() => readString(r.props, "replicateSourceDb"));
                    const sourceRegion = (source !== undefined ? arnRegion(source) : undefined) ?? region;
                    return regionOf(r, config.region) !== sourceRegion;
                });
                if (!crossRegionReplica) {
                    const sameRegion =
                        sameRegionCopies.length > 0
                            ? ` (${sameRegionCopies.map((c) => `'${c.name}'`).join(", ")} replicate${sameRegionCopies.length === 1 ? "s" : ""} its automated backups within ${region} itself)`
                            : "";
                    reportOn(
                        report,
                        db,
                        `${label(db)} keeps its backups only in ${region}${sameRegion}: a regional outage would leave nothing to restore from. ` +
                            `Fix: add an aws.rds.InstanceAutomatedBackupsReplication (sourceDbInstanceArn: the instance's arn) with a provider ` +
                            `or region in another region (encrypted instances need kmsKeyId there), a cross-region read replica, or an AWS Backup ` +
                            `plan selecting it with a copy action to a vault in another region.`,
                    );
                }
            },
        );

        const clusters = ofType(args.resources, [AWS.rdsCluster]);
        judgeEach(clusters, (cluster) => {
            if (
                readString(cluster.props, "replicationSourceIdentifier") !== undefined ||
                readString(cluster.props, "globalClusterIdentifier") !== undefined
            ) {
                return; // a secondary of a global cluster / replica cluster, or a primary in a global cluster
            }
            const region = regionOf(cluster, config.region);
            if (backupRulesFor(cluster, args.resources, config.region).some((r) => r.copyRegions.some((c) => c !== region))) {
                return; // AWS Backup copies its recovery points to another region
            }
            const replicaClusters = referrers(clusters, "replicationSourceIdentifier", cluster, { keys: ["arn"] }).filter(
                (c) => regionOf(c, config.region) !== region,
            );
            if (replicaClusters.length === 0) {
                reportOn(
                    report,
                    cluster,
                    `${label(cluster)} keeps its backups only in ${region}. Fix: make it part of an aws.rds.GlobalCluster ` +
                        `(globalClusterIdentifier), add a replica cluster in another region (replicationSourceIdentifier: this cluster's arn), ` +
                        `or select it in an AWS Backup plan whose rule copies to a vault in another region (copyActions).`,
                );
            }
        });
    },
};

// ---------------------------------------------------------------------------------------------------------
// rto-supabase-recovery (stack)
// ---------------------------------------------------------------------------------------------------------

/**
 * What recovering a Supabase database within the RTO rests on. Supabase runs the primary as a managed instance: it
 * restarts or replaces a failed server itself, and restores (PITR or daily backups) are done by Supabase into the same
 * project. What the stack controls is (a) a read replica, which keeps reads served and holds a live copy (in another
 * region if chosen) while the primary is down, and (b) PITR on a compute size that can replay WAL in reasonable time:
 * Supabase requires at least `small` for PITR, and restore time grows with database size and shrinks with compute.
 * Supabase publishes no restore time and lets nobody promote a read replica by hand, so neither path is a measured
 * 4-hour guarantee: replace this rule's assumption with restore-drill figures (InteliFeed asks for quarterly drills).
 */
/** Every deployment document sets RTO = 4 hours. */
const RTO_MINUTES = 4 * 60;

export const supabaseRecoverySchema = configSchema<{ requireRecoveryPath: boolean; minInstanceSize: string }>({
    requireRecoveryPath: {
        type: "boolean",
        default: true,
        description:
            "Require each Supabase project to have a read replica, or PITR on compute of at least minInstanceSize (RTO 4 h). " +
            "Production only in the shipped configs. A replica keeps reads up but cannot be promoted by hand on Supabase; PITR " +
            "restores are run by Supabase and take longer on small compute. Neither is a measured RTO: confirm it with a restore drill.",
    },
    minInstanceSize: {
        type: "string",
        default: "small",
        enum: [...SUPABASE_INSTANCE_SIZES],
        description: "Smallest compute size accepted with PITR as the recovery path (small: the smallest size Supabase allows PITR on).",
    },
});

export const rtoSupabaseRecovery: StackValidationPolicy = {
    name: "rto-supabase-recovery",
    description:
        'Each Supabase project has a read replica (supabaseResource "read-replica"), or PITR with compute of at least minInstanceSize, or a ' +
        "scheduled pg_dump export together with a scheduled restore drill (a github.RepositoryFile workflow running pg_restore --dbname) " +
        "whose jobs all set timeout-minutes ≤ 240: a drill that passes restored the newest dump within the RTO.",
    configSchema: supabaseRecoverySchema,
    validateStack: (args, report) => {
        const config = readConfig(args, supabaseRecoverySchema);
        if (!config.requireRecoveryPath) {
            return;
        }
        const projects = ofSupabaseKind(args.resources, SUPABASE_KINDS.project);
        const replicas = ofSupabaseKind(args.resources, SUPABASE_KINDS.readReplica);
        const pitrs = ofSupabaseKind(args.resources, SUPABASE_KINDS.pitr);
        // A scheduled export with a scheduled restore drill that must finish within the RTO is a measured recovery path:
        // the drill restores the newest dump into a fresh Postgres, and GitHub cancels it past its timeout-minutes.
        const drills = scheduledRestoreDrills(args.resources).filter(
            (d) => d.timeoutMinutes !== undefined && d.timeoutMinutes <= RTO_MINUTES,
        );
        let unclaimedDrills = scheduledDatabaseExports(args.resources).length > 0 ? drills.length : 0;
        judgeEach(projects, (project) => {
            if (replicas.some((r) => belongsToSupabaseProject(r, project, projects))) {
                return;
            }
            // Unset, a new project on a paid organization starts on micro.
            const size = readString(project.props, "instanceSize") ?? "micro";
            const pitr = pitrs.some((p) => belongsToSupabaseProject(p, project, projects));
            if (pitr && supabaseSizeAtLeast(size, config.minInstanceSize)) {
                return;
            }
            if (!pitr && unclaimedDrills > 0) {
                unclaimedDrills--; // a drill names no project: each covers one project without PITR
                return;
            }
            const missing = [
                pitr ? undefined : "no PITR add-on",
                supabaseSizeAtLeast(size, config.minInstanceSize) ? undefined : `compute ${size} (below ${config.minInstanceSize})`,
            ]
                .filter((m) => m !== undefined)
                .join(" and ");
            reportOn(
                report,
                project,
                `${label(project)} has no read replica and ${missing}, so nothing in the stack bounds its recovery time (RTO 4 h). ` +
                    `Fix: add a read replica (SupabasePostgres readReplicaRegions, compute small or larger) or run instanceSize ` +
                    `${config.minInstanceSize} or larger with pointInTimeRecoveryDays ≥ 7, or export it on a schedule with a scheduled restore drill ` +
                    `whose jobs time out within ${RTO_MINUTES} minutes (AwsDatabaseExport, GcpDatabaseExport).`,
            );
        });
    },
};

// ---------------------------------------------------------------------------------------------------------
// rto-s3-replication (stack, opt-in)
// ---------------------------------------------------------------------------------------------------------

export const s3ReplicationSchema = configSchema<{ requireReplicatedBuckets: string[] }>({
    requireReplicatedBuckets: {
        type: "array",
        items: { type: "string" },
        default: [],
        description:
            "Bucket name patterns (`*` wildcard, matched against the Pulumi name and the `bucket` input) that must be replicated to " +
            "another region by an aws.s3.BucketReplicationConfig with an enabled rule. Empty (the default) turns the rule off.",
    },
});

export const rtoS3Replication: StackValidationPolicy = {
    name: "rto-s3-replication",
    description: "Buckets matching requireReplicatedBuckets have cross-region replication (BucketReplicationConfig with an Enabled rule).",
    configSchema: s3ReplicationSchema,
    validateStack: (args, report) => {
        const { requireReplicatedBuckets } = readConfig(args, s3ReplicationSchema);
        if (requireReplicatedBuckets.length === 0) {
            return;
        }
        const configs = ofType(args.resources, [AWS.s3ReplicationConfig]);
        judgeEach(ofType(args.resources, BUCKET_TYPES), (bucket) => {
            const names = [bucket.name, safe(() => readString(bucket.props, "bucket"))].filter((n): n is string => n !== undefined);
            if (!requireReplicatedBuckets.some((p) => names.some((n) => globMatch(p, n)))) {
                return;
            }
            const enabled = (rules: unknown[]): boolean => rules.some((r) => readString(r, "status") === "Enabled");
            const replicated =
                referrers(configs, "bucket", bucket, { useDependencies: true }).some((c) => enabled(readArray(c.props, "rules"))) ||
                enabled(readArray(bucket.props, "replicationConfiguration", "rules"));
            if (!replicated) {
                reportOn(
                    report,
                    bucket,
                    `${label(bucket)} matches requireReplicatedBuckets but is not replicated to another region. Fix: add an ` +
                        `aws.s3.BucketReplicationConfig (bucket: <this bucket>.id, an Enabled rule, destination a versioned bucket in another ` +
                        `region), e.g. AwsFileStorage replication: true.`,
                );
            }
        });
    },
};

export const rtoPolicies = [
    rtoDatabaseRecovery,
    rtoServiceMinInstances,
    rtoCrossRegionBackups,
    rtoSupabaseRecovery,
    ...rtoGcpPolicies,
    rtoS3Replication,
];

export { cloudRunMinInstancesSchema, rtoCloudRunMinInstances, rtoGcpSecretReplication, secretReplicationSchema } from "./rto-gcp";
