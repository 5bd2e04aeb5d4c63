/**
 * Postgres settings of a Supabase project (PUT /v1/projects/{ref}/config/database/postgres). Discriminator
 * `supabaseResource: "postgres-config"`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PostgresConfigResponse, UpdatePostgresConfigBody } from "supabase-management-js";
import { type ApiSettings, apiRequest, apiSettings, waitForProjectHealthy } from "./api";
import { type Discriminated, type Inputs, settingDiff, settingId } from "./shared";

/**
 * Postgres settings the Management API accepts (PUT /v1/projects/{ref}/config/database/postgres). Durations take
 * a unit (`30s`, `5min`); sizes take one too (`64MB`).
 */
export interface SupabasePostgresSettings {
    /** Longest a statement may run before it is cancelled, e.g. `30s`. Default unit ms. */
    statement_timeout?: string;
    max_connections?: number;
    work_mem?: string;
    maintenance_work_mem?: string;
    shared_buffers?: string;
    effective_cache_size?: string;
    max_parallel_workers?: number;
    max_parallel_workers_per_gather?: number;
    max_parallel_maintenance_workers?: number;
    max_worker_processes?: number;
    max_locks_per_transaction?: number;
    max_wal_size?: string;
    wal_keep_size?: string;
    checkpoint_timeout?: string;
    track_commit_timestamp?: boolean;
    track_activity_query_size?: string;
    hot_standby_feedback?: boolean;
}

export interface SupabasePostgresConfigInputs {
    projectRef: string;
    settings: SupabasePostgresSettings;
}

export interface SupabasePostgresConfigOutputs extends SupabasePostgresConfigInputs, Discriminated<"postgres-config"> {
    /** The configuration the API reported after the change. */
    effective: Record<string, string | number | boolean>;
}

async function putPostgresConfig(
    s: ApiSettings,
    ref: string,
    settings: SupabasePostgresSettings,
): Promise<Record<string, string | number | boolean>> {
    const body: UpdatePostgresConfigBody = { ...settings };
    const res = await apiRequest<PostgresConfigResponse>(s, "PUT", `/v1/projects/${ref}/config/database/postgres`, { body });
    // Some settings restart Postgres: wait until the project is healthy again.
    await waitForProjectHealthy(s, ref);
    const effective: Record<string, string | number | boolean> = {};
    for (const [k, v] of Object.entries(res.data ?? {})) {
        if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") effective[k] = v;
    }
    return effective;
}

function sorted(o: object | undefined): [string, unknown][] {
    return Object.entries(o ?? {}).sort(([a], [b]) => a.localeCompare(b));
}

/**
 * Provider of Postgres settings. Deleting it leaves the settings as they are (the API has no "reset"); remove a
 * setting by setting it back explicitly.
 */
export class SupabasePostgresConfigProvider implements pulumi.dynamic.ResourceProvider<
    SupabasePostgresConfigInputs,
    SupabasePostgresConfigOutputs
> {
    async create(inputs: SupabasePostgresConfigInputs): Promise<pulumi.dynamic.CreateResult<SupabasePostgresConfigOutputs>> {
        const effective = await putPostgresConfig(apiSettings(), inputs.projectRef, inputs.settings);
        return { id: settingId(inputs.projectRef, "postgres-config"), outs: { ...inputs, effective } };
    }

    diff(_id: string, olds: SupabasePostgresConfigOutputs, news: SupabasePostgresConfigInputs): Promise<pulumi.dynamic.DiffResult> {
        // No deleteBeforeReplace: delete does nothing, so the order of a replacement does not matter.
        return settingDiff(olds, news, JSON.stringify(sorted(olds.settings)) !== JSON.stringify(sorted(news.settings)));
    }

    async update(
        _id: string,
        _olds: SupabasePostgresConfigOutputs,
        news: SupabasePostgresConfigInputs,
    ): Promise<pulumi.dynamic.UpdateResult<SupabasePostgresConfigOutputs>> {
        const effective = await putPostgresConfig(apiSettings(), news.projectRef, news.settings);
        return { outs: { ...news, effective } };
    }

    async delete(): Promise<void> {
        // Nothing to undo: see the class comment.
    }
}

export type SupabasePostgresConfigArgs = Inputs<SupabasePostgresConfigInputs>;

/** Postgres settings of a project. */
export class SupabasePostgresConfig extends pulumi.dynamic.Resource {
    declare public readonly effective: pulumi.Output<Record<string, string | number | boolean>>;

    constructor(name: string, args: SupabasePostgresConfigArgs, opts?: pulumi.CustomResourceOptions) {
        super(new SupabasePostgresConfigProvider(), name, { effective: undefined, ...args, supabaseResource: "postgres-config" }, opts);
    }
}
