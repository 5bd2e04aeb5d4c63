// Recovery point objective: every deployment document sets RPO = 1 hour. Databases meet it with point-in-time
// recovery (continuous transaction-log backups, restorable to within ~5 minutes); snapshot-only stores cannot.

import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { backupRulesFor } from "./backup-plans";
import { FAMILY_BACKUPS } from "./families";
import { AWS, SUPABASE_KINDS } from "./resource-types";
import {
    belongsToSupabaseProject,
    configSchema,
    judgeEach,
    label,
    ofSupabaseKind,
    ofType,
    referrers,
    readBoolean,
    readConfig,
    readNumber,
    readString,
    reportOn,
    safe,
} from "./util";

// ---------------------------------------------------------------------------------------------------------
// rpo-database-backups
// ---------------------------------------------------------------------------------------------------------

export const databaseBackupsSchema = configSchema<{ minRetentionDays: number }>({
    minRetentionDays: {
        type: "integer",
        minimum: 1,
        maximum: 35,
        default: 30,
        description:
            "Minimum days of point-in-time recovery / automated backups. 30 days is the production retention AIOS and " +
            "TechMate state (CoachMeld: 7). AWS caps RDS at 35 days and DynamoDB PITR at 35.",
    },
});

/** A database type's point-in-time recovery retention (0 = off), how to fix it, or "exempt". */
type RetentionReader = (props: Record<string, unknown>) => { retentionDays: number; how: string; judgeRetention?: boolean } | "exempt";

/** Databases with point-in-time recovery, by type. Add other providers' databases here. */
export const PITR_DATABASES: Record<string, RetentionReader> = {
    [AWS.rdsInstance]: (props) => {
        // Read replicas take no backups of their own; their source's retention governs the RPO.
        if (readString(props, "replicateSourceDb") !== undefined) {
            return "exempt";
        }
        // Unset, AWS applies its API default of 1 day.
        return { retentionDays: readNumber(props, "backupRetentionPeriod") ?? 1, how: "set backupRetentionPeriod" };
    },
    [AWS.rdsCluster]: (props) => ({ retentionDays: readNumber(props, "backupRetentionPeriod") ?? 1, how: "set backupRetentionPeriod" }),
    [AWS.dynamodbTable]: (props) => {
        if (readBoolean(props, "pointInTimeRecovery", "enabled") !== true) {
            return { retentionDays: 0, how: "set pointInTimeRecovery: { enabled: true }" };
        }
        return {
            retentionDays: readNumber(props, "pointInTimeRecovery", "recoveryPeriodInDays") ?? 35,
            how: "set pointInTimeRecovery.recoveryPeriodInDays",
        };
    },
    // DocumentDB, Neptune, Redshift, Cloud SQL, AlloyDB, Firestore: rules/families.ts.
    ...FAMILY_BACKUPS,
};

export const rpoDatabaseBackups: StackValidationPolicy = {
    name: "rpo-database-backups",
    description:
        "Databases keep point-in-time recovery (RPO 1 h) with at least the configured retention, natively or through an AWS Backup (or Google Cloud Backup and DR) plan whose " +
        "rule is hourly or continuous and keeps recovery points that long; read replicas are exempt.",
    remediationSteps:
        "Enable automated backups / point-in-time recovery and keep them for minRetentionDays, or select the database in an hourly AWS Backup plan (Google Cloud: a Backup and DR plan association with an HOURLY rule).",
    configSchema: databaseBackupsSchema,
    validateStack: (args, report) => {
        const { minRetentionDays } = readConfig(args, databaseBackupsSchema);
        judgeEach(
            args.resources.filter((r) => PITR_DATABASES[r.type] !== undefined),
            (db) => {
                const found = PITR_DATABASES[db.type](db.props);
                if (found === "exempt") {
                    return;
                }
                const judgeRetention = found.judgeRetention ?? true;
                if (found.retentionDays > 0 && (!judgeRetention || found.retentionDays >= minRetentionDays)) {
                    return;
                }
                // AWS Backup / Google Cloud Backup and DR: an hourly (or continuous) rule bounds the RPO at 1 h; its lifecycle is the retention.
                const rules = backupRulesFor(db, args.resources, "");
                if (rules.some((r) => r.hourly && (r.retentionDays === undefined || r.retentionDays >= minRetentionDays))) {
                    return;
                }
                const viaBackup =
                    rules.length > 0
                        ? ` (its backup plan rule(s) ${rules.map((r) => `${r.plan}/${r.rule}`).join(", ")} are not hourly with ${minRetentionDays} days kept)`
                        : "";
                if (found.retentionDays <= 0) {
                    reportOn(
                        report,
                        db,
                        `${db.name}: point-in-time recovery is off${viaBackup}, so a failure loses everything since the last manual snapshot ` +
                            `(RPO 1 h). Fix: ${found.how}${judgeRetention ? ` to at least ${minRetentionDays} days` : ""}, or cover it by a backup plan with an hourly rule (AWS Backup selection, Google Cloud Backup and DR association).`,
                    );
                } else {
                    reportOn(
                        report,
                        db,
                        `${db.name}: backups are kept ${found.retentionDays} day(s), below the required ${minRetentionDays}${viaBackup}. ` +
                            `Fix: ${found.how} to ${minRetentionDays} or more.`,
                    );
                }
            },
        );
    },
};

// ---------------------------------------------------------------------------------------------------------
// rpo-file-system-backups (stack): EFS and FSx keep backups
// ---------------------------------------------------------------------------------------------------------

/**
 * FSx automatic daily backups, by type: `automaticBackupRetentionDays` (0 = off), and its default when unset. @pulumi/aws 7
 * is bridged from terraform-provider-aws, whose schemas (internal/service/fsx/*_file_system.go) give `Default: 7` for
 * Windows and `Default: 0` for ONTAP and OpenZFS (the FSx API's own default of 30 does not apply: the provider sends 0);
 * Lustre's is computed from the API, which defaults to 0. A Lustre SCRATCH file system cannot keep backups at all
 * (scratch storage is rebuildable by definition), so it is exempt.
 */
export const FSX_BACKUP_DEFAULT_DAYS: Record<string, number> = {
    [AWS.fsxWindows]: 7,
    [AWS.fsxLustre]: 0,
    [AWS.fsxOntap]: 0,
    [AWS.fsxOpenZfs]: 0,
};

export const fileSystemBackupsSchema = configSchema<{ requireBackups: boolean }>({
    requireBackups: {
        type: "boolean",
        default: true,
        description:
            "Require backups for every EFS and FSx file system: an EFS BackupPolicy with status ENABLED (EFS automatic " +
            "backups are off for file systems created through the API, i.e. by Pulumi), FSx automaticBackupRetentionDays > 0, or " +
            "an AWS Backup selection covering it. Every document promises backups and no data loss; off in dev.",
    },
});

export const rpoFileSystemBackups: StackValidationPolicy = {
    name: "rpo-file-system-backups",
    description:
        "EFS and FSx file systems keep backups: an EFS BackupPolicy ENABLED, FSx automaticBackupRetentionDays > 0, or an AWS Backup selection. " +
        "Peers: Checkov CKV2_AWS_18 (EFS in a backup plan), prowler efs_have_backup_enabled; FSx has no peer rule.",
    remediationSteps:
        'Add an aws.efs.BackupPolicy { backupPolicy: { status: "ENABLED" } }, set FSx automaticBackupRetentionDays, or select the file system in an AWS Backup plan.',
    configSchema: fileSystemBackupsSchema,
    validateStack: (args, report) => {
        if (!readConfig(args, fileSystemBackupsSchema).requireBackups) {
            return;
        }
        const efsPolicies = ofType(args.resources, [AWS.efsBackupPolicy]);
        judgeEach(
            args.resources.filter((r) => r.type === AWS.efsFileSystem || FSX_BACKUP_DEFAULT_DAYS[r.type] !== undefined),
            (fs) => {
                if (backupRulesFor(fs, args.resources, "").length > 0) {
                    return;
                }
                if (fs.type === AWS.efsFileSystem) {
                    const enabled = referrers(efsPolicies, "fileSystemId", fs, { keys: ["id"] }).some(
                        (p) => readString(p.props, "backupPolicy", "status") === "ENABLED",
                    );
                    if (!enabled) {
                        reportOn(
                            report,
                            fs,
                            `${fs.name}: the EFS file system has no backups (no BackupPolicy with status ENABLED and no AWS Backup selection; automatic ` +
                                `backups are off for file systems created through the API), so a deletion or corruption loses its files. Fix: add ` +
                                `new aws.efs.BackupPolicy("${fs.name}-backup", { fileSystemId: ${fs.name}.id, backupPolicy: { status: "ENABLED" } }).`,
                        );
                    }
                    return;
                }
                if (fs.type === AWS.fsxLustre && (readString(fs.props, "deploymentType") ?? "SCRATCH_1").startsWith("SCRATCH")) {
                    return;
                }
                const days = readNumber(fs.props, "automaticBackupRetentionDays") ?? FSX_BACKUP_DEFAULT_DAYS[fs.type];
                if (days <= 0) {
                    reportOn(
                        report,
                        fs,
                        `${fs.name}: automaticBackupRetentionDays is ${days}${readNumber(fs.props, "automaticBackupRetentionDays") === undefined ? " (the default)" : ""}, so the ` +
                            `FSx file system keeps no backups and a deletion or corruption loses its files. Fix: set automaticBackupRetentionDays (1-90, e.g. 30) ` +
                            `or select it in an AWS Backup plan.`,
                    );
                }
            },
        );
    },
};

// ---------------------------------------------------------------------------------------------------------
// Caches (ElastiCache): snapshot frequency and retention
// ---------------------------------------------------------------------------------------------------------

/** Cache types whose durability is snapshot-based, with a reader for `snapshotRetentionLimit`. */
export const SNAPSHOT_CACHES: Record<string, (props: Record<string, unknown>) => number | "not-applicable"> = {
    [AWS.elasticacheReplicationGroup]: (props) => readNumber(props, "snapshotRetentionLimit") ?? 0,
    [AWS.elasticacheCluster]: (props) => {
        // Member nodes of a replication group are judged on the group; memcached has no persistence at all.
        if (readString(props, "replicationGroupId") !== undefined || readString(props, "engine") === "memcached") {
            return "not-applicable";
        }
        return readNumber(props, "snapshotRetentionLimit") ?? 0;
    },
    [AWS.elasticacheServerless]: (props) => {
        if (readString(props, "engine") === "memcached") {
            return "not-applicable";
        }
        return readNumber(props, "snapshotRetentionLimit") ?? 0;
    },
};

export const cacheSnapshotFrequencySchema = configSchema<{ rpoHours: number }>({
    rpoHours: {
        type: "number",
        minimum: 0,
        default: 1,
        description:
            "The recovery point objective in hours (1 h in every deployment document). ElastiCache takes automatic " +
            "snapshots at most once a day, so any RPO under 24 h is reported. The policy is ADVISORY by default, even in " +
            "production: in these architectures Redis holds caches, sessions and job queues (BullMQ), not the system of " +
            "record, which lives in PostgreSQL with point-in-time recovery. Make it mandatory only if Redis is a primary store.",
    },
});

export const rpoCacheSnapshotFrequency: ResourceValidationPolicy = {
    name: "rpo-cache-snapshot-frequency",
    description: "Snapshot-based caches (ElastiCache) cannot meet an RPO under 24 h: keep only rebuildable data there.",
    enforcementLevel: "advisory",
    configSchema: cacheSnapshotFrequencySchema,
    validateResource: (args, report) => {
        const reader = SNAPSHOT_CACHES[args.type];
        if (reader === undefined || reader(args.props) === "not-applicable") {
            return;
        }
        const { rpoHours } = readConfig(args, cacheSnapshotFrequencySchema);
        if (rpoHours < 24) {
            report(
                `${args.name}: ElastiCache snapshots run at most once a day, so restoring it can lose up to 24 h of data, ` +
                    `more than the ${rpoHours} h RPO. Keep only data that can be rebuilt (cache, sessions, retryable jobs) in it ` +
                    `and the system of record in a database with point-in-time recovery; if it must be durable, use a store ` +
                    `with a transaction log (e.g. MemoryDB).`,
            );
        }
    },
};

export const cacheSnapshotRetentionSchema = configSchema<{ minSnapshotRetentionDays: number }>({
    minSnapshotRetentionDays: {
        type: "integer",
        minimum: 0,
        maximum: 35,
        default: 1,
        description:
            "Minimum snapshotRetentionLimit (days) for Redis/Valkey caches; 0 turns the rule off (dev). With at least " +
            "one daily snapshot a lost cache restarts warm instead of empty.",
    },
});

export const rpoCacheSnapshotRetention: ResourceValidationPolicy = {
    name: "rpo-cache-snapshot-retention",
    description: "Redis/Valkey caches keep daily snapshots (snapshotRetentionLimit >= minSnapshotRetentionDays).",
    configSchema: cacheSnapshotRetentionSchema,
    validateResource: (args, report) => {
        const reader = SNAPSHOT_CACHES[args.type];
        if (reader === undefined) {
            return;
        }
        const { minSnapshotRetentionDays } = readConfig(args, cacheSnapshotRetentionSchema);
        const retention = reader(args.props);
        if (minSnapshotRetentionDays <= 0 || retention === "not-applicable") {
            return;
        }
        if (retention < minSnapshotRetentionDays) {
            report(
                `${args.name}: snapshotRetentionLimit is ${retention}, so no daily snapshot is kept (required: ` +
                    `${minSnapshotRetentionDays} day(s)). Fix: set snapshotRetentionLimit to ${minSnapshotRetentionDays} or more ` +
                    `(and a snapshotWindow outside peak hours).`,
            );
        }
    },
};

// ---------------------------------------------------------------------------------------------------------
// rpo-supabase-pitr (stack)
// ---------------------------------------------------------------------------------------------------------

/** Retention (days) of Supabase's PITR add-on variants pitr_7, pitr_14, pitr_28. */
const SUPABASE_PITR_VARIANT_DAYS = [7, 14, 28];

export const supabasePitrSchema = configSchema<{ requirePitr: boolean; minRetentionDays: number }>({
    requirePitr: {
        type: "boolean",
        default: true,
        description:
            "Require Supabase's point-in-time-recovery add-on for every Supabase project (RPO 1 h: without it Supabase keeps daily " +
            "backups only, so a failure can lose up to 24 h). Off in dev, where the project is rebuilt from migrations and seeds.",
    },
    minRetentionDays: {
        type: "integer",
        minimum: 1,
        maximum: 28,
        default: 7,
        description:
            "Minimum days of PITR history. Supabase sells 7, 14 and 28 days (pitr_7/14/28), so more than 28 cannot be met; 7 is " +
            'CoachMeld\'s "7-day retention" with PITR.',
    },
});

/** Days of history a PITR resource keeps: the add-on's `pitrDays` output, else the variant its `retentionDays` input selects. */
function pitrRetentionDays(pitr: PolicyResource): number | undefined {
    const applied = safe(() => readNumber(pitr.props, "pitrDays"));
    if (applied !== undefined) {
        return applied;
    }
    const wanted = safe(() => readNumber(pitr.props, "retentionDays"));
    return wanted === undefined ? undefined : (SUPABASE_PITR_VARIANT_DAYS.find((d) => d >= wanted) ?? wanted);
}

// A scheduled logical export (pg_dump) bounds the RPO at its interval: judged on the workflow files of the program, by type
// (`github.RepositoryFile` under `.github/workflows/`), so any program committing such a workflow qualifies, not only
// AwsDatabaseExport's. GitHub's `schedule` event ("Events that trigger workflows", docs.github.com/en/actions/reference/
// workflows-and-actions/events-that-trigger-workflows#schedule, read 2026-12-06): POSIX cron in UTC, "the shortest
// interval you can run scheduled workflows is once every 5 minutes", runs "can be delayed during periods of high loads
// ... High load times include the start of every hour" and "some queued jobs may be dropped"; scheduled workflows run
// on the default branch. The interval judged is the nominal one: the delay is GitHub's and has no published bound.

const GITHUB_REPOSITORY_FILE = "github:index/repositoryFile:RepositoryFile";
/** The RPO every document sets, minutes: the longest accepted gap between two scheduled exports. */
export const EXPORT_RPO_MINUTES = 60;
const MINUTES_PER_WEEK = 7 * 24 * 60;
const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** The values one cron field selects (`*`, `n`, `a-b`, lists, `/step`; weekday names), or undefined if it does not parse. */
function cronValues(field: string, min: number, max: number, names: readonly string[] = []): Set<number> | undefined {
    const value = (text: string): number | undefined => {
        const named = names.indexOf(text.toUpperCase());
        if (named >= 0) return named;
        return /^\d+$/.test(text) ? Number(text) : undefined;
    };
    const out = new Set<number>();
    for (const part of field.split(",")) {
        const m = /^(\*|[A-Za-z0-9]+)(?:-([A-Za-z0-9]+))?(?:\/(\d+))?$/.exec(part);
        if (m === null) return undefined;
        const step = m[3] !== undefined ? Number(m[3]) : 1;
        const from = m[1] === "*" ? min : value(m[1]);
        // `n/step` runs from n to the field's end (GitHub's `20/15`: 20, 35, 50).
        const to = m[2] !== undefined ? value(m[2]) : m[1] === "*" || m[3] !== undefined ? max : from;
        if (from === undefined || to === undefined || step < 1 || from < min || to > max || from > to) return undefined;
        for (let v = from; v <= to; v += step) out.add(v);
    }
    return out;
}

/**
 * The longest time, in minutes, between two firings of any of `crons` over a week (cyclic), or undefined when none
 * fires every week: a cron restricted by day of month or month fires on some days only and is not counted, nor is one
 * that does not parse. `["*\/30 * * * *"]` → 30, `["0 * * * *"]` → 60, `["0 *\/2 * * *"]` → 120, `["0 3 * * *"]` → 1440.
 */
export function cronMaxGapMinutes(crons: readonly string[]): number | undefined {
    const week = new Array<boolean>(MINUTES_PER_WEEK).fill(false);
    for (const cron of crons) {
        const fields = cron.trim().split(/\s+/);
        if (fields.length !== 5) continue;
        const [minute, hour, dom, month, dow] = fields;
        const minutes = cronValues(minute, 0, 59);
        const hours = cronValues(hour, 0, 23);
        const doms = cronValues(dom, 1, 31);
        const months = cronValues(month, 1, 12, ["", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]);
        const days = cronValues(dow, 0, 7, DAY_NAMES);
        if (minutes === undefined || hours === undefined || doms === undefined || months === undefined || days === undefined) continue;
        if (doms.size !== 31 || months.size !== 12) continue;
        if (days.has(7)) days.add(0); // 7 is Sunday too
        for (const d of days) {
            if (d === 7) continue;
            for (const h of hours) for (const m of minutes) week[d * 1440 + h * 60 + m] = true;
        }
    }
    const firings = week.flatMap((on, i) => (on ? [i] : []));
    if (firings.length === 0) return undefined;
    let gap = firings[0] + MINUTES_PER_WEEK - firings[firings.length - 1];
    for (let i = 1; i < firings.length; i++) gap = Math.max(gap, firings[i] - firings[i - 1]);
    return gap;
}

/** The `schedule` crons of a workflow's YAML text (`- cron: ...`, quoted or not). */
export function workflowCrons(content: string): string[] {
    if (!/^\s*schedule:/m.test(content)) return [];
    return [...content.matchAll(/^\s*(?:-\s*)?cron:\s*(["']?)([^"'#\n]+?)\1\s*(?:#.*)?$/gm)].map((m) => m[2].trim());
}

/** A workflow file of the program that runs `pg_dump` on a schedule, with its worst-case interval (undefined: never every week). */
interface ScheduledExport {
    resource: PolicyResource;
    path: string;
    maxGapMinutes: number | undefined;
}

/** Workflow files (`github.RepositoryFile` under `.github/workflows/`) whose content runs `pg_dump` on a `schedule`. */
export function scheduledDatabaseExports(resources: readonly PolicyResource[]): ScheduledExport[] {
    return ofType(resources, [GITHUB_REPOSITORY_FILE]).flatMap((file) => {
        const path = safe(() => readString(file.props, "file")) ?? "";
        const content = safe(() => readString(file.props, "content"));
        if (!/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path) || content === undefined || !/\bpg_dump\b/.test(content)) return [];
        const crons = workflowCrons(content);
        return crons.length === 0 ? [] : [{ resource: file, path, maxGapMinutes: cronMaxGapMinutes(crons) }];
    });
}

/** A workflow file that restores a dump into a database (`pg_restore --dbname`) on a schedule: a restore drill. */
interface RestoreDrill {
    resource: PolicyResource;
    path: string;
    /** The largest `timeout-minutes` of its jobs: GitHub cancels a job past it, so a passing drill restored within it. */
    timeoutMinutes: number | undefined;
}

/**
 * Scheduled restore drills of the program: `github.RepositoryFile`s under `.github/workflows/` whose content runs
 * `pg_restore` into a database (`--dbname`, not `--list`) on a `schedule`. A job without `timeout-minutes` runs up to
 * GitHub's 360-minute limit ("Workflow syntax", `jobs.<job_id>.timeout-minutes`, default 360).
 */
export function scheduledRestoreDrills(resources: readonly PolicyResource[]): RestoreDrill[] {
    return ofType(resources, [GITHUB_REPOSITORY_FILE]).flatMap((file) => {
        const path = safe(() => readString(file.props, "file")) ?? "";
        const content = safe(() => readString(file.props, "content"));
        if (!/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path) || content === undefined || !/\bpg_restore\b[^\n]*--dbname/.test(content))
            return [];
        if (workflowCrons(content).length === 0) return [];
        // The jobs are the two-space keys of the top-level `jobs:` block (up to the next top-level key).
        const jobsBlock = /^jobs:[ \t]*\n((?:[ \t].*\n?|\n)*)/m.exec(content)?.[1] ?? "";
        const jobs = (jobsBlock.match(/^ {2}[A-Za-z0-9_-]+:[ \t]*$/gm) ?? []).length;
        const timeouts = [...jobsBlock.matchAll(/^ {4}timeout-minutes:[ \t]*(\d+)[ \t]*$/gm)].map((m) => Number(m[1]));
        const timeoutMinutes = jobs > 0 && timeouts.length >= jobs ? Math.max(...timeouts) : 360;
        return [{ resource: file, path, timeoutMinutes }];
    });
}

export const rpoSupabasePitr: StackValidationPolicy = {
    name: "rpo-supabase-pitr",
    description:
        'Each Supabase project (dynamic resource with supabaseResource "project") has a PITR add-on (supabaseResource "pitr", ' +
        "correlated by its projectRef) keeping at least minRetentionDays, or the program holds a scheduled export that fires at least " +
        "every 60 minutes: a github.RepositoryFile under .github/workflows/ whose content runs pg_dump on a schedule cron (e.g. " +
        '"*/30 * * * *", "0 * * * *", "15,45 * * * *"; not "0 */2 * * *" or "0 3 * * *"). One such workflow covers one project ' +
        "without PITR. The interval is GitHub's nominal one: scheduled runs can be delayed at busy times (the start of every hour) or dropped.",
    remediationSteps:
        "Give SupabasePostgres pointInTimeRecoveryDays ≥ minRetentionDays (needs instanceSize small or larger), or export the database at least " +
        'hourly (AwsDatabaseExport frequentSchedule, e.g. "23,53 * * * *").',
    configSchema: supabasePitrSchema,
    validateStack: (args, report) => {
        const config = readConfig(args, supabasePitrSchema);
        if (!config.requirePitr) {
            return;
        }
        const projects = ofSupabaseKind(args.resources, SUPABASE_KINDS.project);
        const pitrs = ofSupabaseKind(args.resources, SUPABASE_KINDS.pitr);
        const exports = scheduledDatabaseExports(args.resources);
        // Frequent enough exports, each crediting one project without PITR (a workflow names no project it could be matched by).
        const frequent = exports.filter((e) => e.maxGapMinutes !== undefined && e.maxGapMinutes <= EXPORT_RPO_MINUTES);
        let unclaimed = frequent.length;
        judgeEach(projects, (project) => {
            const attached = pitrs.filter((p) => belongsToSupabaseProject(p, project, projects));
            if (attached.length === 0) {
                if (unclaimed > 0) {
                    unclaimed--;
                    return;
                }
                const slow = exports.filter((e) => !frequent.includes(e));
                const found =
                    slow.length > 0
                        ? ` The scheduled export(s) ${slow.map((e) => `${e.resource.name} (${e.path}: ${e.maxGapMinutes === undefined ? "not every day" : `up to ${e.maxGapMinutes} min apart`})`).join(", ")} fire less often than every ${EXPORT_RPO_MINUTES} minutes.`
                        : frequent.length > 0
                          ? ` The program's ${frequent.length} hourly export workflow(s) cover other projects.`
                          : "";
                reportOn(
                    report,
                    project,
                    `${label(project)} is a Supabase project without point-in-time recovery: only daily backups are kept, so a failure can ` +
                        `lose up to 24 h of data (RPO 1 h).${found} Fix: add the PITR add-on (SupabasePostgres pointInTimeRecoveryDays: ${config.minRetentionDays}, ` +
                        `or a SupabasePitr with projectRef: <project>.ref and retentionDays: ${config.minRetentionDays}; it needs compute small or larger), ` +
                        `or export it with pg_dump from a scheduled workflow at least every ${EXPORT_RPO_MINUTES} minutes (AwsDatabaseExport frequentSchedule, e.g. "23,53 * * * *").`,
                );
                return;
            }
            const known = attached.map(pitrRetentionDays).filter((d): d is number => d !== undefined);
            if (known.length === 0) {
                return; // retention unknown during preview: judged on `pulumi up`
            }
            const days = Math.max(...known);
            if (days < config.minRetentionDays) {
                reportOn(
                    report,
                    project,
                    `${label(project)} keeps ${days} day(s) of point-in-time recovery, below the required ${config.minRetentionDays}. ` +
                        `Fix: set retentionDays (pointInTimeRecoveryDays) to ${config.minRetentionDays} or more (Supabase sells 7, 14 and 28 days).`,
                );
            }
        });
    },
};

export const rpoPolicies = [
    rpoDatabaseBackups,
    rpoFileSystemBackups,
    rpoCacheSnapshotFrequency,
    rpoCacheSnapshotRetention,
    rpoSupabasePitr,
];
