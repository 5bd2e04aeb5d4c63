/**
 * Pure generators of the two GitHub Actions workflows of a scheduled database export: no resources here, only
 * workflow objects (`./export.ts` writes them with `toYaml` from `../mobile/workflows`). `AwsDatabaseExport`
 * (`./aws.ts`, S3) and `GcpDatabaseExport` (`./gcp.ts`, Cloud Storage) commit what these return; the storage-specific
 * steps (credentials, upload, listing, download) come from a {@link ExportStore} (`./stores.ts`).
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

const DUMP_FILE = "${{ runner.temp }}/database.dump";

/** The workflow that dumps the database on its schedules and uploads each dump. */
export function databaseExportWorkflow(o: DatabaseExportWorkflowOptions): Record<string, unknown> {
    const image = `postgres:${o.postgresVersion}`;
    const schemaFlags = o.schemas.map((s) => ` --schema=${s}`).join("");
    const schedules = [{ cron: o.schedule }, ...(o.frequentSchedule !== undefined ? [{ cron: o.frequentSchedule }] : [])];
    const job: Job = {
        ...jobIn("Export the database", o),
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
    return workflowOf(o, schedules, { export: job });
}

/** The weekly drill: the newest export restored into a throwaway Postgres, then a check query. */
export function databaseRestoreWorkflow(o: DatabaseRestoreWorkflowOptions): Record<string, unknown> {
    // The throwaway database's client settings, for the restore and the check.
    const pg = { PGPASSWORD: "restore-check", PGUSER: o.restoreUser, PGHOST: "127.0.0.1", PG_IMAGE: `postgres:${o.postgresVersion}` };
    const job: Job = {
        ...jobIn("Restore the newest export", o),
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
                env: pg,
                run: [
                    'docker run --rm --network host --env PGPASSWORD --env PGUSER --env PGHOST --volume "$RUNNER_TEMP:/in:ro" "$PG_IMAGE" \\',
                    "  sh -c 'createdb restore_check && exec pg_restore --dbname=restore_check --no-owner --no-privileges --exit-on-error /in/database.dump'",
                ].join("\n"),
            },
            {
                name: "Check the restored data",
                env: { ...pg, CHECK_QUERY: o.checkQuery },
                run: [
                    'result=$(docker run --rm --network host --env PGPASSWORD --env PGUSER --env PGHOST --env CHECK_QUERY "$PG_IMAGE" \\',
                    `  sh -c 'exec psql --dbname=restore_check --no-psqlrc --tuples-only --no-align --set ON_ERROR_STOP=1 --command="$CHECK_QUERY"')`,
                    'if [ "$result" != "t" ]; then echo "::error::check query returned \'$result\', expected t"; exit 1; fi',
                    'echo "Check query passed" >> "$GITHUB_STEP_SUMMARY"',
                ].join("\n"),
            },
        ],
    };
    return workflowOf(o, [{ cron: o.schedule }], { restore: job });
}

/** The head of both jobs: their GitHub environment, OIDC for the store's credentials, bash. */
function jobIn(name: string, o: { environment: string; timeoutMinutes: number }): Job {
    return {
        name,
        "runs-on": "ubuntu-24.04",
        "timeout-minutes": o.timeoutMinutes,
        environment: o.environment,
        permissions: { contents: "read", "id-token": "write" },
        defaults: { run: { shell: "bash" } },
    };
}

/** A workflow run on its crons and by hand, one run of it at a time. */
function workflowOf(
    o: { name: string; environment: string },
    schedules: { cron: string }[],
    jobs: Record<string, Job>,
): Record<string, unknown> {
    return {
        name: o.name,
        on: { schedule: schedules, workflow_dispatch: {} },
        permissions: { contents: "read" },
        // One run at a time; a run that starts while one is going waits rather than cancelling it.
        concurrency: { group: `${o.environment}`, "cancel-in-progress": false },
        jobs,
    };
}
