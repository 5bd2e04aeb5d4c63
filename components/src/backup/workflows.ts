/**
 * Pure generators of the two GitHub Actions workflows of a scheduled database export: no resources here, only
 * workflow objects (write them with `toYaml` from `../mobile/workflows`). `AwsDatabaseExport` (`./aws.ts`, S3) and
 * `GcpDatabaseExport` (`./gcp.ts`, Cloud Storage) commit what these return; the storage-specific steps (credentials,
 * upload, listing, download) come from a {@link ExportStore}.
 *
 * - **export**: on each `schedule` cron (and `workflow_dispatch`), `pg_dump --format=custom` in the official
 *   `postgres:<major>` image, checked with `pg_restore --list`, then uploaded. A dump goes to a file before it is
 *   uploaded, not through a pipe: `aws s3 cp -` completes the object at end of input, so a `pg_dump` that dies
 *   half-way would leave a truncated dump that looks like a good one.
 * - **restore**: weekly (and `workflow_dispatch`), downloads the newest export, fails when it is older than
 *   `maxAgeHours` (a missed or failing schedule shows up here), restores it into a throwaway `services:` Postgres
 *   container and runs a check query that must return true.
 *
 * Same rules as the mobile workflows: actions pinned to commit SHAs (`../mobile/pins.ts`), top-level `permissions`
 * of `contents: read` (the jobs add `id-token: write` for OIDC), `timeout-minutes`, and values reaching scripts only
 * through `env:`, never `${{ }}` inside a `run:`. The connection string is an environment secret read by the dump step
 * only; the cloud credentials come after it, in their own step.
 */
import { checkRange, InvalidArgumentError } from "../core";

type Step = Record<string, unknown>;
type Job = Record<string, unknown>;

/** How a workflow reaches the bucket: the provider's credential step and shell commands. */
export interface ExportStore {
    /**
     * Steps that obtain short-lived credentials through GitHub's OIDC token for the export (write-only) or the restore
     * (read-only) identity, e.g. aws-actions/configure-aws-credentials, or google-github-actions/auth then setup-gcloud.
     * Each store names its own environment variables (role ARN, service account).
     */
    credentialsSteps(purpose: "export" | "restore"): Step[];
    /** Env of the upload/download steps (bucket name from a GitHub environment variable). */
    env: Record<string, string>;
    /** Extra env of the upload step only (e.g. a CLI setting that keeps a write-only identity from needing delete). */
    uploadEnv?: Record<string, string>;
    /** Shell lines uploading `$DUMP_FILE` to the object key `$KEY`. */
    upload: string;
    /** Shell lines setting `KEY` and `MODIFIED` (ISO 8601) to the newest object's, or leaving `KEY` empty. */
    findLatest: string;
    /** Shell lines downloading `$KEY` to `$DUMP_FILE`. */
    download: string;
    /** Human-readable location of `$KEY`, for the job summary, e.g. `s3://$BUCKET/$KEY`. */
    location: string;
}

/** Options of {@link databaseExportWorkflow}. */
export interface DatabaseExportWorkflowOptions {
    /** Workflow name shown in the Actions tab. */
    name: string;
    /** GitHub environment of the job: holds the `DATABASE_URL` secret and the bucket/role variables. */
    environment: string;
    /** Cron (UTC) of the exports kept `retentionDays`, under `daily/`. */
    schedule: string;
    /** Cron (UTC) of the short-lived exports under `frequent/`, when there are any. */
    frequentSchedule?: string;
    /** Postgres major version of the source: `pg_dump` comes from `postgres:<major>` (never older than the server). */
    postgresVersion: number;
    /** Schemas to dump (`--schema`); empty: the whole database. */
    schemas: readonly string[];
    timeoutMinutes: number;
    store: ExportStore;
}

/** Options of {@link databaseRestoreWorkflow}. */
export interface DatabaseRestoreWorkflowOptions {
    name: string;
    /** GitHub environment of the job: holds the bucket and the read-only role variables, no secret. */
    environment: string;
    /** Cron (UTC) of the drill. */
    schedule: string;
    postgresVersion: number;
    /** Image of the throwaway database the dump is restored into. */
    restoreImage: string;
    /** Superuser of `restoreImage`. */
    restoreUser: string;
    /** SQL returning one boolean: true when the restored data looks right. */
    checkQuery: string;
    /** The newest export must be younger than this, or the drill fails. */
    maxAgeHours: number;
    timeoutMinutes: number;
    store: ExportStore;
}

/** Five cron fields as GitHub accepts them (`on.schedule[].cron`): numbers, `*`, ranges, lists and steps, no names. */
const CRON_FIELD = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/;
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

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

const REPOSITORY = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;
const BRANCH = /^[A-Za-z0-9._/-]+$/;

/**
 * Checks the repository and schedule args every database export takes, whatever its store (documented on each
 * component's args), before any child, and returns them with their defaults.
 */
export function checkExportSchedule(
    component: string,
    args: {
        repository: string;
        branch?: string;
        postgresVersion?: number;
        schedule?: string;
        frequentSchedule?: string;
        frequentRetentionDays?: number;
        restoreSchedule?: string;
    },
) {
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

const IMAGE = /^[a-z0-9./_:-]+(@sha256:[0-9a-f]{64})?$/;

/** Checks the dump and restore-drill args every database export takes (documented on each component's args), with their defaults. */
export function checkRestoreDrill(
    component: string,
    args: {
        postgresVersion?: number;
        schemas?: string[];
        restoreImage?: string;
        restoreUser?: string;
        checkQuery?: string;
        maxExportAgeHours?: number;
        timeoutMinutes?: number;
    },
) {
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

/**
 * Checks the archive tier args against the store's classes (class → minimum storage days) and returns the class,
 * `fallback` when none is given. The store's own rules on `archiveAfterDays` follow in its component.
 */
export function checkArchiveClass<C extends string>(
    component: string,
    args: { archiveStorageClass?: C; archiveAfterDays?: number },
    minimumDays: Readonly<Record<C, number>>,
    fallback: C,
): { archiveStorageClass: C; archiveAfterDays: number | undefined } {
    const archiveStorageClass = args.archiveStorageClass ?? fallback;
    if (!Object.keys(minimumDays).includes(archiveStorageClass)) {
        throw new InvalidArgumentError(
            component,
            "archiveStorageClass",
            `is ${JSON.stringify(archiveStorageClass)}`,
            Object.keys(minimumDays).join(", "),
        );
    }
    if (args.archiveStorageClass !== undefined && args.archiveAfterDays === undefined) {
        throw new InvalidArgumentError(component, "archiveStorageClass", "is set without archiveAfterDays", "archiveAfterDays set too");
    }
    checkRange(component, "archiveAfterDays", args.archiveAfterDays, 0, 36_500);
    return { archiveStorageClass, archiveAfterDays: args.archiveAfterDays };
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

const DUMP_FILE = "${{ runner.temp }}/database.dump";

/** The workflow that dumps the database on its schedules and uploads each dump. */
export function databaseExportWorkflow(o: DatabaseExportWorkflowOptions): Record<string, unknown> {
    const image = `postgres:${o.postgresVersion}`;
    const schemaFlags = o.schemas.map((s) => ` --schema=${s}`).join("");
    const schedules = [{ cron: o.schedule }, ...(o.frequentSchedule !== undefined ? [{ cron: o.frequentSchedule }] : [])];
    const job: Job = {
        name: "Export the database",
        "runs-on": "ubuntu-24.04",
        "timeout-minutes": o.timeoutMinutes,
        environment: o.environment,
        permissions: { contents: "read", "id-token": "write" },
        defaults: { run: { shell: "bash" } },
        steps: [
            {
                name: "Dump the database",
                id: "dump",
                // The secret is read inside the container (single-quoted script), so it is never on a command line.
                env: { DATABASE_URL: "${{ secrets.DATABASE_URL }}", PGSSLMODE: "require", PG_IMAGE: image, DUMP_FILE },
                run: [
                    'echo "started=$(date -u +%Y%m%dT%H%M%SZ)" >> "$GITHUB_OUTPUT"',
                    'docker run --rm --env DATABASE_URL --env PGSSLMODE --volume "$RUNNER_TEMP:/out" "$PG_IMAGE" \\',
                    `  sh -c 'exec pg_dump --format=custom --no-owner --no-privileges${schemaFlags} --file=/out/database.dump "$DATABASE_URL"'`,
                    "# A dump pg_restore cannot list is not uploaded.",
                    'docker run --rm --volume "$RUNNER_TEMP:/out:ro" "$PG_IMAGE" pg_restore --list /out/database.dump > /dev/null',
                    'echo "Dump: $(stat -c %s "$DUMP_FILE") bytes" >> "$GITHUB_STEP_SUMMARY"',
                ].join("\n"),
            },
            ...o.store.credentialsSteps("export"),
            {
                name: "Upload the dump",
                env: {
                    ...o.store.env,
                    ...(o.store.uploadEnv ?? {}),
                    DUMP_FILE,
                    STARTED: "${{ steps.dump.outputs.started }}",
                    TRIGGER: "${{ github.event.schedule }}",
                    FREQUENT_SCHEDULE: o.frequentSchedule ?? "",
                },
                run: [
                    "# The frequent schedule's dumps are short-lived; the main schedule's and manual runs' are archived.",
                    "prefix=daily",
                    'if [ -n "$FREQUENT_SCHEDULE" ] && [ "$TRIGGER" = "$FREQUENT_SCHEDULE" ]; then prefix=frequent; fi',
                    'KEY="$prefix/${STARTED:0:4}/${STARTED:4:2}/${STARTED:6:2}/database-$STARTED-$GITHUB_RUN_ID.dump"',
                    o.store.upload,
                    `echo "Exported to ${o.store.location}" >> "$GITHUB_STEP_SUMMARY"`,
                ].join("\n"),
            },
        ],
    };
    return {
        name: o.name,
        on: { schedule: schedules, workflow_dispatch: {} },
        permissions: { contents: "read" },
        // One export at a time; a run that starts while one is going waits rather than cancelling it.
        concurrency: { group: `${o.environment}`, "cancel-in-progress": false },
        jobs: { export: job },
    };
}

/** The weekly drill: the newest export restored into a throwaway Postgres, then a check query. */
export function databaseRestoreWorkflow(o: DatabaseRestoreWorkflowOptions): Record<string, unknown> {
    const job: Job = {
        name: "Restore the newest export",
        "runs-on": "ubuntu-24.04",
        "timeout-minutes": o.timeoutMinutes,
        environment: o.environment,
        permissions: { contents: "read", "id-token": "write" },
        defaults: { run: { shell: "bash" } },
        services: {
            postgres: {
                image: o.restoreImage,
                // A throwaway database on the runner, reachable from the job only: its password protects nothing.
                env: { POSTGRES_PASSWORD: "restore-check" },
                ports: ["5432:5432"],
                options: `--health-cmd "pg_isready -U ${o.restoreUser}" --health-interval 5s --health-timeout 5s --health-retries 30`,
            },
        },
        steps: [
            ...o.store.credentialsSteps("restore"),
            {
                name: "Download the newest export",
                env: { ...o.store.env, DUMP_FILE, MAX_AGE_HOURS: String(o.maxAgeHours) },
                run: [
                    o.store.findLatest,
                    'if [ -z "$KEY" ] || [ "$KEY" = "None" ]; then echo "::error::no export found"; exit 1; fi',
                    'age_hours=$(( ($(date -u +%s) - $(date -u -d "$MODIFIED" +%s)) / 3600 ))',
                    'echo "Newest export: $KEY ($age_hours h old)" >> "$GITHUB_STEP_SUMMARY"',
                    'if [ "$age_hours" -gt "$MAX_AGE_HOURS" ]; then echo "::error::the newest export is $age_hours h old (limit $MAX_AGE_HOURS h)"; exit 1; fi',
                    o.store.download,
                ].join("\n"),
            },
            {
                name: "Restore into a throwaway database",
                env: { PGPASSWORD: "restore-check", PGUSER: o.restoreUser, PGHOST: "127.0.0.1", PG_IMAGE: `postgres:${o.postgresVersion}` },
                run: [
                    'docker run --rm --network host --env PGPASSWORD --env PGUSER --env PGHOST --volume "$RUNNER_TEMP:/in:ro" "$PG_IMAGE" \\',
                    "  sh -c 'createdb restore_check && exec pg_restore --dbname=restore_check --no-owner --no-privileges --exit-on-error /in/database.dump'",
                ].join("\n"),
            },
            {
                name: "Check the restored data",
                env: {
                    PGPASSWORD: "restore-check",
                    PGUSER: o.restoreUser,
                    PGHOST: "127.0.0.1",
                    PG_IMAGE: `postgres:${o.postgresVersion}`,
                    CHECK_QUERY: o.checkQuery,
                },
                run: [
                    'result=$(docker run --rm --network host --env PGPASSWORD --env PGUSER --env PGHOST --env CHECK_QUERY "$PG_IMAGE" \\',
                    `  sh -c 'exec psql --dbname=restore_check --no-psqlrc --tuples-only --no-align --set ON_ERROR_STOP=1 --command="$CHECK_QUERY"')`,
                    'if [ "$result" != "t" ]; then echo "::error::check query returned \'$result\', expected t"; exit 1; fi',
                    'echo "Check query passed" >> "$GITHUB_STEP_SUMMARY"',
                ].join("\n"),
            },
        ],
    };
    return {
        name: o.name,
        on: { schedule: [{ cron: o.schedule }], workflow_dispatch: {} },
        permissions: { contents: "read" },
        concurrency: { group: `${o.environment}`, "cancel-in-progress": false },
        jobs: { restore: job },
    };
}
