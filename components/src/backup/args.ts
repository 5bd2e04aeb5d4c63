/**
 * The args every scheduled database export takes, whatever its store (`AwsDatabaseExport` in `./aws.ts`,
 * `GcpDatabaseExport` in `./gcp.ts`), and their checks: the repository, the schedules, the dump and the restore drill.
 * Each component's own args (`./aws-args.ts`, `./gcp-args.ts`) extend {@link DatabaseExportArgs} with its store's.
 * Every check throws before any child registers.
 */
import type * as pulumi from "@pulumi/pulumi";
import { type BaseArgs, checkRange, type DataProtection, InvalidArgumentError } from "../core";

export interface DatabaseExportArgs extends BaseArgs, DataProtection {
    /**
     * libpq connection string of the database, e.g. Supabase's session pooler
     * `postgresql://postgres.<ref>:<password>@<pooler host>:5432/postgres?sslmode=require` (not the transaction pooler on
     * 6543, which `pg_dump` cannot use). Sent only as a GitHub environment secret (`DATABASE_URL`), always as a Pulumi
     * secret; the dump runs with `PGSSLMODE=require` unless the string names its own `sslmode`.
     */
    connectionString: pulumi.Input<string>;
    /** Major version of the server; `pg_dump` runs from `postgres:<major>`, which must not be older. Changing it changes the workflows only. */
    postgresVersion: number;
    /**
     * `owner/name` of the existing repository that runs the workflows. Its owner must be the GitHub provider's `owner`
     * (the files, environments and secret are created through it); the cloud identities trust this repository only.
     */
    repository: string;
    /** Branch the workflow files are committed to, and the only branch the environments admit. @default "main" */
    branch?: string;
    /**
     * Cron (UTC) of the exports kept `retentionDays` and archived after `archiveAfterDays`, under `daily/`.
     * GitHub may delay a scheduled run under load (most at minute 0) and drops it rarely: see `maxExportAgeHours`.
     * @default "17 3 * * *" (daily at 03:17 UTC)
     */
    schedule?: string;
    /**
     * Cron (UTC) of extra exports under `frequent/`, kept `frequentRetentionDays` in the Standard class and never
     * archived: the recovery point between two `schedule` runs (e.g. `"23 * * * *"`, hourly). Pick minutes that never
     * coincide with `schedule`'s, or both run. Cost: one runner minute or more per run (GitHub bills whole minutes).
     * @default none
     */
    frequentSchedule?: string;
    /** Days a `frequent/` export is kept. @default 2 */
    frequentRetentionDays?: number;
    /**
     * Days a `daily/` export is kept before it expires (its old version is purged 7 days later).
     * @default 7 in dev, 30 in staging and prod
     */
    retentionDays?: number;
    /** Schemas to dump; empty dumps the whole database. @default [] */
    schemas?: string[];
    /** Cron (UTC) of the restore drill. @default "41 4 * * 1" (Mondays 04:41 UTC) */
    restoreSchedule?: string;
    /**
     * Image of the throwaway database the drill restores into. A Supabase dump needs Supabase's roles and extensions:
     * use `supabase/postgres:<version>` with `restoreUser: "supabase_admin"`.
     * @default `postgres:<postgresVersion>`
     */
    restoreImage?: string;
    /** Superuser of `restoreImage` (Supabase: `supabase_admin`). @default "postgres" */
    restoreUser?: string;
    /**
     * SQL returning one boolean, true when the restored data looks right, e.g.
     * `SELECT count(*) > 0 FROM public.profiles`.
     * @default at least one table outside the system schemas
     */
    checkQuery?: string;
    /**
     * The drill fails when the newest export is older than this many hours: it is the alarm for a schedule that stopped
     * (GitHub disables schedules of public repositories after 60 days without activity) or fails.
     * @default 26 (a daily schedule plus GitHub's delays)
     */
    maxExportAgeHours?: number;
    /** Minutes each workflow job may run before GitHub cancels it (`timeout-minutes`). @default 60 */
    timeoutMinutes?: number;
}

/** Five cron fields as GitHub accepts them (`on.schedule[].cron`): numbers, `*`, ranges, lists and steps, no names. */
const CRON_FIELD = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/;
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const REPOSITORY = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;
const BRANCH = /^[A-Za-z0-9._/-]+$/;
const IMAGE = /^[a-z0-9./_:-]+(@sha256:[0-9a-f]{64})?$/;

/**
 * Throws unless `cron` is a five-field cron expression (GitHub's `schedule` syntax, UTC). GitHub runs schedules at
 * most every 5 minutes and may delay them under load, most at the start of an hour ("Events that trigger workflows",
 * `schedule`): pick a minute other than 0.
 */
export function checkCron(component: string, arg: string, cron: string): void {
    const fields = cron.trim().split(/\s+/);
    if (fields.length !== 5 || !fields.every((f) => CRON_FIELD.test(f))) {
        throw new InvalidArgumentError(
            component,
            arg,
            `is ${JSON.stringify(cron)}`,
            'a five-field cron expression in UTC (minute hour day month weekday), e.g. "17 3 * * *"',
        );
    }
}

/** Throws unless every schema is a plain lower-case Postgres identifier (they are written into a shell command). */
export function checkSchemas(component: string, arg: string, schemas: readonly string[]): void {
    for (const schema of schemas) {
        if (!IDENTIFIER.test(schema)) {
            throw new InvalidArgumentError(
                component,
                arg,
                `contains ${JSON.stringify(schema)}`,
                "lower-case Postgres identifiers (letters, digits, `_`), e.g. public",
            );
        }
    }
}

/** The archive tiers of a store: class → the minimum days it bills each object for, and who bills. */
export interface ArchiveTiers<C extends string> {
    minimumDays: Readonly<Record<C, number>>;
    /** The class when `archiveStorageClass` is unset. */
    fallback: C;
    /** Names the store in the retention error, e.g. `S3` or `Cloud Storage`. */
    billedBy: string;
    /** The store's own rules on `archiveAfterDays` for a class, checked before the retention. */
    tierRules?: (archiveStorageClass: C, archiveAfterDays: number) => void;
}

/** The checked args of a database export, with their defaults (what the components build from). */
export interface ExportSettings<C extends string> {
    owner: string;
    /** Repository name, without its owner. */
    repository: string;
    branch: string;
    schedule: string;
    frequentRetentionDays: number;
    restoreSchedule: string;
    archiveStorageClass: C;
    archiveAfterDays: number | undefined;
    schemas: string[];
    restoreImage: string;
    restoreUser: string;
    checkQuery: string;
    maxExportAgeHours: number;
    timeoutMinutes: number;
}

/**
 * Checks every arg a database export takes whatever its store (`retentionDays` as the profile resolved it), and the
 * archive tier against the store's `tiers`, before any child; returns them with their defaults.
 */
export function checkDatabaseExport<C extends string>(
    component: string,
    args: DatabaseExportArgs & { archiveStorageClass?: C; archiveAfterDays?: number },
    retentionDays: number,
    tiers: ArchiveTiers<C>,
): ExportSettings<C> {
    const scheduled = checkExportSchedule(component, args);
    checkRange(component, "retentionDays", retentionDays, 1, 36_500);
    const archive = checkArchive(component, args, retentionDays, tiers);
    return { ...scheduled, ...archive, ...checkRestoreDrill(component, args) };
}

/** The repository and schedule args. */
function checkExportSchedule(component: string, args: DatabaseExportArgs) {
    if (!REPOSITORY.test(args.repository ?? "")) {
        throw new InvalidArgumentError(
            component,
            "repository",
            `is ${JSON.stringify(args.repository)}`,
            "owner/name of a GitHub repository",
        );
    }
    const [owner, repository] = args.repository.split("/");
    const branch = args.branch ?? "main";
    if (!BRANCH.test(branch))
        throw new InvalidArgumentError(
            component,
            "branch",
            `is ${JSON.stringify(branch)}`,
            "a branch name of letters, digits, `.`, `_`, `/`, `-`",
        );
    if (args.postgresVersion === undefined)
        throw new InvalidArgumentError(component, "postgresVersion", "is missing", "the server's major version, 13 to 18");
    checkRange(component, "postgresVersion", args.postgresVersion, 13, 18);
    const schedule = args.schedule ?? "17 3 * * *";
    checkCron(component, "schedule", schedule);
    if (args.frequentSchedule !== undefined) {
        checkCron(component, "frequentSchedule", args.frequentSchedule);
        if (args.frequentSchedule.trim() === schedule.trim())
            throw new InvalidArgumentError(component, "frequentSchedule", "equals schedule", "another cron, or none");
    }
    if (args.frequentRetentionDays !== undefined && args.frequentSchedule === undefined) {
        throw new InvalidArgumentError(component, "frequentRetentionDays", "is set without frequentSchedule", "frequentSchedule set too");
    }
    const frequentRetentionDays = args.frequentRetentionDays ?? 2;
    checkRange(component, "frequentRetentionDays", frequentRetentionDays, 1, 365);
    const restoreSchedule = args.restoreSchedule ?? "41 4 * * 1";
    checkCron(component, "restoreSchedule", restoreSchedule);
    return { owner, repository, branch, schedule, frequentRetentionDays, restoreSchedule };
}

/**
 * The archive tier args against the store's classes: the class (`fallback` when none is given), the store's own
 * rules, then a retention that covers the class's minimum storage days. Counted from the move, as S3 does: the
 * stricter reading, so no object is ever billed past its expiry.
 */
function checkArchive<C extends string>(
    component: string,
    args: { archiveStorageClass?: C; archiveAfterDays?: number },
    retentionDays: number,
    tiers: ArchiveTiers<C>,
): { archiveStorageClass: C; archiveAfterDays: number | undefined } {
    const archiveStorageClass = args.archiveStorageClass ?? tiers.fallback;
    if (!Object.keys(tiers.minimumDays).includes(archiveStorageClass)) {
        throw new InvalidArgumentError(
            component,
            "archiveStorageClass",
            `is ${JSON.stringify(archiveStorageClass)}`,
            Object.keys(tiers.minimumDays).join(", "),
        );
    }
    if (args.archiveStorageClass !== undefined && args.archiveAfterDays === undefined) {
        throw new InvalidArgumentError(component, "archiveStorageClass", "is set without archiveAfterDays", "archiveAfterDays set too");
    }
    const archiveAfterDays = args.archiveAfterDays;
    checkRange(component, "archiveAfterDays", archiveAfterDays, 0, 36_500);
    if (archiveAfterDays !== undefined) {
        tiers.tierRules?.(archiveStorageClass, archiveAfterDays);
        const minimum = tiers.minimumDays[archiveStorageClass];
        if (retentionDays - archiveAfterDays < minimum) {
            throw new InvalidArgumentError(
                component,
                "retentionDays",
                `is ${retentionDays}: exports would leave ${archiveStorageClass} after ${retentionDays - archiveAfterDays} days, and ${tiers.billedBy} bills every object there for ${minimum}`,
                `at least archiveAfterDays + ${minimum}, or another archiveStorageClass`,
            );
        }
    }
    return { archiveStorageClass, archiveAfterDays };
}

/** The dump and restore-drill args. */
function checkRestoreDrill(component: string, args: DatabaseExportArgs) {
    const schemas = args.schemas ?? [];
    checkSchemas(component, "schemas", schemas);
    const restoreImage = args.restoreImage ?? `postgres:${args.postgresVersion}`;
    if (!IMAGE.test(restoreImage))
        throw new InvalidArgumentError(
            component,
            "restoreImage",
            `is ${JSON.stringify(restoreImage)}`,
            "an image reference such as postgres:17 or supabase/postgres:17.6.1.132",
        );
    const restoreUser = args.restoreUser ?? "postgres";
    if (!IDENTIFIER.test(restoreUser))
        throw new InvalidArgumentError(component, "restoreUser", `is ${JSON.stringify(restoreUser)}`, "a Postgres role name");
    const checkQuery =
        args.checkQuery ?? "SELECT count(*) > 0 FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')";
    if (checkQuery.trim() === "") throw new InvalidArgumentError(component, "checkQuery", "is empty", "SQL returning one boolean");
    const maxExportAgeHours = args.maxExportAgeHours ?? 26;
    checkRange(component, "maxExportAgeHours", maxExportAgeHours, 1, 24 * 400);
    const timeoutMinutes = args.timeoutMinutes ?? 60;
    checkRange(component, "timeoutMinutes", timeoutMinutes, 5, 360);
    return { schemas, restoreImage, restoreUser, checkQuery, maxExportAgeHours, timeoutMinutes };
}
