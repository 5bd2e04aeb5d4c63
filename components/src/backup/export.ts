/**
 * What every scheduled database export does whatever its store: {@link DatabaseExportComponent}, the base of
 * `AwsDatabaseExport` (`./aws.ts`) and `GcpDatabaseExport` (`./gcp.ts`), checks the shared args (`./args.ts`),
 * derives the two GitHub environments and writes the two workflow files (`./workflows.ts`, with the store's steps
 * from `./stores.ts`) before any child; the store's component then builds its bucket and identities from
 * {@link DatabaseExportPlan} and commits the GitHub side (`./github.ts`).
 */
import type * as pulumi from "@pulumi/pulumi";
import { Component, type Profile, profileDefaults } from "../core";
import { toYaml } from "../mobile/workflows";
import { type ArchiveTiers, checkDatabaseExport, type DatabaseExportArgs, type ExportSettings } from "./args";
import { type ExportGithubTransforms, exportGithubSide } from "./github";
import { databaseExportWorkflow, databaseRestoreWorkflow, type ExportStore } from "./workflows";

/** The environments and committed files of one export component; the export workflow's path is `exportPath`. */
export interface ExportWorkflowFiles {
    /** `<name>-<env>`: holds the `DATABASE_URL` secret. */
    exportEnvironment: string;
    /** `<name>-<env>-restore`: no secret. */
    restoreEnvironment: string;
    exportPath: string;
    /** Workflow contents by repository path. */
    files: Record<string, string>;
}

/** What a store's component tells the base. */
export interface ExportStoreSpec<C extends string> {
    /** Names the component in errors, e.g. `AwsDatabaseExport`. */
    component: string;
    /** The file that writes the workflows, named in their header, e.g. `backup/aws.ts`. */
    source: string;
    store: ExportStore;
    /** The store's archive classes and rules. */
    tiers: ArchiveTiers<C>;
    /** `retentionDays` per environment (the arg overrides it). */
    profile: Profile<{ retentionDays: number }>;
}

/** The GitHub environment a cloud identity trusts, and how the identity describes itself. */
export interface ExportIdentity {
    environment: string;
    description: string;
}

/** Everything an export component builds from, with the outputs both components share. */
export interface DatabaseExportPlan<C extends string> extends ExportSettings<C>, ExportWorkflowFiles {
    /** The export identity (write-only) and the restore identity (read-only), one GitHub environment each. */
    identities: Record<"export" | "restore", ExportIdentity>;
    /** `{ schedule, frequentSchedule, restoreSchedule }` as committed. */
    schedules: { schedule: string; frequentSchedule?: string; restoreSchedule: string };
    retentionDays: number;
}

/**
 * The base of a database export component: checks the args and writes the workflows in its constructor, before
 * the subclass registers any child; `commitGithubSide` registers the environments, secret, variables and files.
 */
export abstract class DatabaseExportComponent<C extends string> extends Component {
    /** The GitHub environment holding `DATABASE_URL`. */
    public readonly exportEnvironment: string;
    /** `{ schedule, frequentSchedule, restoreSchedule }` as committed. */
    public readonly schedules: { schedule: string; frequentSchedule?: string; restoreSchedule: string };
    /** Days a `daily/` export is kept (the profile's, or the arg). */
    public readonly retentionDays: number;
    /** Generated workflow contents by repository path (what is committed). */
    public readonly files: Record<string, string>;
    /** The checked args and the environments, for the store's children. */
    protected readonly exportPlan: DatabaseExportPlan<C>;

    protected constructor(
        type: `${string}:${string}`,
        name: string,
        args: DatabaseExportArgs & { archiveStorageClass?: C; archiveAfterDays?: number },
        opts: pulumi.ComponentResourceOptions | undefined,
        spec: ExportStoreSpec<C>,
    ) {
        super(type, name, args, opts);
        const { retentionDays } = profileDefaults(spec.profile, this.environment, { retentionDays: args.retentionDays });
        const settings = checkDatabaseExport(spec.component, args, retentionDays, spec.tiers);
        const schedules = {
            schedule: settings.schedule,
            frequentSchedule: args.frequentSchedule,
            restoreSchedule: settings.restoreSchedule,
        };
        const files = exportWorkflowFiles({ name, environment: this.environment, ...spec }, args, settings);
        const identity = (environment: string, does: string) => ({
            environment,
            description: `GitHub Actions (${args.repository}, ${environment}) ${does}`,
        });
        const identities = {
            export: identity(files.exportEnvironment, "uploads database exports"),
            restore: identity(files.restoreEnvironment, "reads database exports"),
        };
        this.exportPlan = { ...settings, ...files, identities, schedules, retentionDays };
        this.exportEnvironment = files.exportEnvironment;
        this.schedules = schedules;
        this.retentionDays = retentionDays;
        this.files = files.files;
    }

    /**
     * The GitHub side, after the store's identities exist: the environments get the variables (`both`, then each
     * one's own), the export environment the connection string as its secret.
     */
    protected commitGithubSide(
        args: { connectionString: pulumi.Input<string>; transform?: ExportGithubTransforms },
        variables: Record<"both" | "export" | "restore", Record<string, pulumi.Input<string>>>,
    ): void {
        exportGithubSide(this.child.bind(this), {
            ...this.exportPlan,
            exportVariables: { ...variables.both, ...variables.export },
            restoreVariables: { ...variables.both, ...variables.restore },
            connectionString: args.connectionString,
            transform: args.transform ?? {},
        });
    }

    /** The outputs every export registers, after the store's own. */
    protected exportOutputs(): pulumi.Inputs {
        return { schedules: this.schedules, retentionDays: this.retentionDays, workflowPaths: Object.keys(this.files) };
    }
}

/**
 * Both workflows of the component `name` in stack environment `environment`, as the YAML committed to the
 * repository (`.github/workflows/<environment name>.yml`), headed by a line naming `source`, the file that wrote them.
 */
function exportWorkflowFiles(
    o: { name: string; environment: string; source: string; store: ExportStore },
    args: { postgresVersion: number; frequentSchedule?: string },
    c: ExportSettings<string>,
): ExportWorkflowFiles {
    const { environment } = o;
    const exportEnvironment = `${o.name}-${environment}`;
    const restoreEnvironment = `${exportEnvironment}-restore`;
    const exportPath = `.github/workflows/${exportEnvironment}.yml`;
    const header = `Generated by @appstack/components (${o.source}). Edit the Pulumi program, not this file.`;
    const exportWorkflow = databaseExportWorkflow({
        name: `Database export (${environment})`,
        environment: exportEnvironment,
        schedule: c.schedule,
        frequentSchedule: args.frequentSchedule,
        postgresVersion: args.postgresVersion,
        schemas: c.schemas,
        timeoutMinutes: c.timeoutMinutes,
        store: o.store,
    });
    const restoreWorkflow = databaseRestoreWorkflow({
        name: `Database restore drill (${environment})`,
        environment: restoreEnvironment,
        schedule: c.restoreSchedule,
        postgresVersion: args.postgresVersion,
        restoreImage: c.restoreImage,
        restoreUser: c.restoreUser,
        checkQuery: c.checkQuery,
        maxAgeHours: c.maxExportAgeHours,
        timeoutMinutes: c.timeoutMinutes,
        store: o.store,
    });
    const files = {
        [exportPath]: toYaml(exportWorkflow, header),
        [`.github/workflows/${restoreEnvironment}.yml`]: toYaml(restoreWorkflow, header),
    };
    return { exportEnvironment, restoreEnvironment, exportPath, files };
}
