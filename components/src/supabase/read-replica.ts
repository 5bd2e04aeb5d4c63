/**
 * A read replica of a Supabase project's database in a region (POST /v1/projects/{ref}/read-replicas/setup and
 * /remove). Discriminator `supabaseResource: "read-replica"`.
 */
import * as pulumi from "@pulumi/pulumi";
import type {
    OrganizationProjectsResponse,
    OrganizationProjectsResponseProjectsItemDatabasesItem,
    OrganizationProjectsResponseProjectsItemDatabasesItemStatus,
    RemoveReadReplicaBody,
    SetUpReadReplicaBody,
    SupavisorConfigResponse,
} from "supabase-management-js";
import { type ApiError, type ApiSettings, apiRequest, apiSettings, poll } from "./api";
import { isSupabaseRegion } from "./constants";
import { type Discriminated, type Inputs, errorMessage, regionFailures } from "./shared";

export interface SupabaseReadReplicaInputs {
    projectRef: string;
    /** Organization slug, to list the project's databases (GET /v1/organizations/{slug}/projects). */
    organizationId: string;
    region: string;
}

export interface SupabaseReadReplicaOutputs extends SupabaseReadReplicaInputs, Discriminated<"read-replica"> {
    /** The replica's database identifier (the `database_identifier` of the remove call). */
    identifier: string;
    status: string;
    /** Pooler host of the replica, when the API returned one. */
    poolerHost?: string;
}

/** The databases (primary and replicas) of a project, from GET /v1/organizations/{slug}/projects; undefined if the project is not listed. */
async function projectDatabases(
    s: ApiSettings,
    organization: string,
    ref: string,
): Promise<OrganizationProjectsResponseProjectsItemDatabasesItem[] | undefined> {
    const limit = 100;
    for (let offset = 0; ; offset += limit) {
        const res = await apiRequest<OrganizationProjectsResponse>(
            s,
            "GET",
            `/v1/organizations/${encodeURIComponent(organization)}/projects?limit=${limit}&offset=${offset}`,
        );
        const page = res.data;
        const found = page.projects.find((p) => p.ref === ref);
        if (found) return found.databases;
        if (page.projects.length < limit || offset + limit >= page.pagination.count) return undefined;
    }
}

async function replicasIn(
    s: ApiSettings,
    organization: string,
    ref: string,
    region: string,
): Promise<OrganizationProjectsResponseProjectsItemDatabasesItem[]> {
    const dbs = (await projectDatabases(s, organization, ref)) ?? [];
    return dbs.filter((d) => d.type === "READ_REPLICA" && d.region === region);
}

/**
 * Replica statuses from which it will not become healthy (the `databases[].status` enum of GET
 * /v1/organizations/{slug}/projects: supabase-community/supabase-management-js, `openapi/v1.json`, line 20935).
 */
const FAILED_REPLICA_STATUSES: readonly OrganizationProjectsResponseProjectsItemDatabasesItemStatus[] = [
    "INIT_READ_REPLICA_FAILED",
    "INIT_FAILED",
    "GOING_DOWN",
    "REMOVED",
];

function isFailedReplicaStatus(status: string | undefined): boolean {
    return (FAILED_REPLICA_STATUSES as readonly string[]).includes(status ?? "");
}

/**
 * Removes a replica and waits until the project's databases no longer list it (or list it REMOVED). The remove call
 * (POST /v1/projects/{ref}/read-replicas/remove, `openapi/v1.json` line 5204: answers 201, 401, 403, 429 or 500, never
 * 404) only starts the teardown, so its answer alone proves nothing. Resolves `undefined` once the replica is gone, or
 * the status it is still listed with: at once when the API answered 404 (it is not removing it), else at the deadline.
 */
async function removeReplicaAndConfirm(s: ApiSettings, organization: string, ref: string, identifier: string): Promise<string | undefined> {
    const body: RemoveReadReplicaBody = { database_identifier: identifier };
    const res = await apiRequest<unknown>(s, "POST", `/v1/projects/${ref}/read-replicas/remove`, { body, idempotent: true, accept: [404] });
    let listedAs: string | undefined;
    return poll<string | undefined>(
        s,
        async () => {
            const listed = (await projectDatabases(s, organization, ref))?.find((d) => d.identifier === identifier);
            if (!listed || listed.status === "REMOVED") return { done: undefined };
            listedAs = listed.status;
            return res.status === 404 ? { done: listed.status } : undefined;
        },
        () => listedAs,
    );
}

/**
 * An error of `create` that still records the resource: the Node.js dynamic provider host turns an error carrying
 * `id` and `properties` into `ErrorResourceInitFailed`, and the engine keeps the resource in the stack with those
 * outputs and the error as its init error (pulumi/pulumi `sdk/nodejs/cmd/dynamic-provider/index.ts`,
 * `grpcResponseFromError`). A replica that could not be removed is therefore never lost from the stack.
 */
interface ResourceInitError extends Error {
    id: string;
    properties: SupabaseReadReplicaOutputs;
    reasons: string[];
}

function replicaInitError(message: string, outs: SupabaseReadReplicaOutputs): ResourceInitError {
    return Object.assign(new Error(message), { id: outs.identifier, properties: outs, reasons: [message] });
}

async function replicaPoolerHost(s: ApiSettings, ref: string, identifier: string): Promise<string | undefined> {
    try {
        const pooler = await apiRequest<SupavisorConfigResponse[]>(s, "GET", `/v1/projects/${ref}/config/database/pooler`);
        return (Array.isArray(pooler.data) ? pooler.data : []).find((p) => p.identifier === identifier)?.db_host;
    } catch {
        return undefined;
    }
}

/** Provider of a read replica (POST /v1/projects/{ref}/read-replicas/setup and /remove). */
export class SupabaseReadReplicaProvider implements pulumi.dynamic.ResourceProvider<SupabaseReadReplicaInputs, SupabaseReadReplicaOutputs> {
    check(
        _olds: SupabaseReadReplicaInputs,
        news: SupabaseReadReplicaInputs,
    ): Promise<pulumi.dynamic.CheckResult<SupabaseReadReplicaInputs>> {
        return Promise.resolve({ inputs: news, failures: regionFailures(news.region) });
    }

    async create(inputs: SupabaseReadReplicaInputs): Promise<pulumi.dynamic.CreateResult<SupabaseReadReplicaOutputs>> {
        const s = apiSettings();
        if (!isSupabaseRegion(inputs.region)) throw new Error(`read replica: unknown region ${inputs.region}`);
        const before = new Set((await replicasIn(s, inputs.organizationId, inputs.projectRef, inputs.region)).map((d) => d.identifier));
        const body: SetUpReadReplicaBody = { read_replica_region: inputs.region };
        try {
            await apiRequest<void>(s, "POST", `/v1/projects/${inputs.projectRef}/read-replicas/setup`, { body });
        } catch (err) {
            const status = (err as ApiError).status;
            // After an ambiguous failure the replica may exist: the poll below finds it if so.
            if (status !== undefined && status < 500) throw err;
        }
        // What the poll saw last: the new replica's identifier (once listed) and status.
        const seen: { identifier?: string; status: string } = { status: "unknown" };
        const failure = await poll<string | undefined>(
            s,
            async () => {
                const replica = (await replicasIn(s, inputs.organizationId, inputs.projectRef, inputs.region)).find(
                    (d) => !before.has(d.identifier),
                );
                if (replica) {
                    seen.identifier = replica.identifier;
                    seen.status = replica.status;
                    if (seen.status === "ACTIVE_HEALTHY") return { done: undefined };
                    if (isFailedReplicaStatus(seen.status)) return { done: `reached status ${seen.status}` };
                } else if (seen.identifier !== undefined) {
                    return { done: "disappeared while coming up" };
                }
                return undefined;
            },
            () =>
                `did not become ACTIVE_HEALTHY within ${s.pollTimeoutMs} ms (last status: ${seen.identifier ? seen.status : "not listed yet"})`,
        );
        const { identifier, status } = seen;
        if (failure !== undefined) {
            const what = `Read replica ${identifier ?? "(no identifier yet)"} of Supabase project ${inputs.projectRef} in ${inputs.region} ${failure}`;
            if (!identifier)
                throw new Error(
                    `${what}. If one appears later, remove it (POST /v1/projects/${inputs.projectRef}/read-replicas/remove) before retrying.`,
                );
            const recorded = (reason: string, lastStatus: string) =>
                replicaInitError(
                    `${what}. ${reason}: Pulumi records it with status ${lastStatus}, so it is not lost; ` +
                        "the next pulumi up replaces it and pulumi destroy removes it.",
                    { ...inputs, identifier, status: lastStatus, supabaseResource: "read-replica" },
                );
            let left: string | undefined;
            try {
                left = await removeReplicaAndConfirm(s, inputs.organizationId, inputs.projectRef, identifier);
            } catch (removeErr) {
                throw recorded(`Removing it failed (${errorMessage(removeErr)})`, status);
            }
            if (left !== undefined) throw recorded("It was asked to go but is still listed", left);
            throw new Error(`${what}. It has been removed (no longer listed), so nothing is left behind; run pulumi up again to retry.`);
        }
        if (!identifier) throw new Error(`read replica of ${inputs.projectRef}: no identifier`);
        const poolerHost = await replicaPoolerHost(s, inputs.projectRef, identifier);
        return { id: identifier, outs: { ...inputs, identifier, status, ...(poolerHost ? { poolerHost } : {}) } };
    }

    diff(_id: string, olds: SupabaseReadReplicaOutputs, news: SupabaseReadReplicaInputs): Promise<pulumi.dynamic.DiffResult> {
        const replaces: string[] = [];
        if (olds.projectRef !== news.projectRef) replaces.push("projectRef");
        if (olds.region !== news.region) replaces.push("region");
        // A replica recorded after a failed creation (see replicaInitError) is replaced by a healthy one.
        if (isFailedReplicaStatus(olds.status)) replaces.push("status");
        const changed = olds.organizationId !== news.organizationId;
        return Promise.resolve({ changes: replaces.length > 0 || changed, replaces, deleteBeforeReplace: false });
    }

    update(
        _id: string,
        olds: SupabaseReadReplicaOutputs,
        news: SupabaseReadReplicaInputs,
    ): Promise<pulumi.dynamic.UpdateResult<SupabaseReadReplicaOutputs>> {
        return Promise.resolve({ outs: { ...olds, ...news } });
    }

    async delete(id: string, props: SupabaseReadReplicaOutputs): Promise<void> {
        const identifier = props.identifier || id;
        const left = await removeReplicaAndConfirm(apiSettings(), props.organizationId, props.projectRef, identifier);
        // Failing keeps the replica in the stack: Pulumi must not forget a database that still exists.
        if (left !== undefined)
            throw new Error(
                `Read replica ${identifier} of Supabase project ${props.projectRef} is still listed (status ${left}) after being removed; run pulumi destroy again.`,
            );
    }

    async read(id: string, props?: SupabaseReadReplicaOutputs): Promise<pulumi.dynamic.ReadResult<SupabaseReadReplicaOutputs>> {
        if (!props) return {};
        const s = apiSettings();
        const dbs = await projectDatabases(s, props.organizationId, props.projectRef);
        const replica = dbs?.find((d) => d.identifier === id);
        if (!replica) return {};
        return {
            id,
            props: { ...props, identifier: id, region: replica.region, status: replica.status, supabaseResource: "read-replica" },
        };
    }
}

export type SupabaseReadReplicaArgs = Inputs<SupabaseReadReplicaInputs>;

/** A read replica of a project's database in a region. */
export class SupabaseReadReplica extends pulumi.dynamic.Resource {
    declare public readonly identifier: pulumi.Output<string>;
    declare public readonly region: pulumi.Output<string>;
    declare public readonly status: pulumi.Output<string>;
    declare public readonly poolerHost: pulumi.Output<string | undefined>;

    constructor(name: string, args: SupabaseReadReplicaArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            new SupabaseReadReplicaProvider(),
            name,
            { identifier: undefined, status: undefined, poolerHost: undefined, ...args, supabaseResource: "read-replica" },
            opts,
        );
    }
}
