/**
 * Pulumi dynamic providers over the Supabase Management API: a project, its point-in-time-recovery add-on, SSL
 * enforcement, network restrictions, Postgres settings and read replicas. Supabase has no Pulumi package; dynamic
 * providers work with any Pulumi CLI and need no plugin.
 *
 * The provider objects are serialized into the stack's state by Pulumi's closure serializer and run later by the
 * dynamic provider host: they hold no state, capture nothing but plain functions and constants, call the API with
 * the global `fetch`, and read `SUPABASE_ACCESS_TOKEN` (and the other settings documented in `./api.ts`) from the
 * environment inside each method. The type token of every resource here is `pulumi-nodejs:dynamic:Resource`.
 *
 * Because that token is shared by every dynamic resource, each resource here also carries a constant input
 * `supabaseResource` (`"project"`, `"pitr"`, `"ssl-enforcement"`, `"network-restrictions"`, `"postgres-config"`,
 * `"read-replica"`) that policies and the cost model read to tell them apart (policies/README.md, "Dynamic
 * resources"). The resource classes set it; callers cannot change it. The providers never compare it in `diff`, so
 * adding it to an existing stack causes no update, and `read` returns it so a `pulumi refresh` records it in the
 * outputs of resources created before it existed.
 */
import * as pulumi from "@pulumi/pulumi";
import type {
    ApiKeyResponse,
    ApplyProjectAddonBody,
    ListProjectAddonsResponse,
    NetworkRestrictionsRequest,
    NetworkRestrictionsResponse,
    OrganizationProjectsResponse,
    OrganizationProjectsResponseProjectsItemDatabasesItem,
    OrganizationProjectsResponseProjectsItemDatabasesItemStatus,
    PostgresConfigResponse,
    RemoveReadReplicaBody,
    SetUpReadReplicaBody,
    SslEnforcementRequest,
    SslEnforcementResponse,
    SupavisorConfigResponse,
    UpdatePostgresConfigBody,
    V1CreateProjectBody,
    V1CreateProjectBodyDesiredInstanceSize,
    V1CreateProjectBodyRegion,
    V1ProjectResponse,
    V1ProjectWithDatabaseResponse,
    V1UpdatePasswordBody,
    V1UpdateProjectBody,
} from "supabase-management-js";
import {
    type ApiError,
    type ApiSettings,
    apiError,
    apiRequest,
    apiSettings,
    backoffMs,
    getProject,
    sleep,
    waitForProjectHealthy,
} from "./api";

// ---------------------------------------------------------------------------------------------------------------
// The discriminator input
// ---------------------------------------------------------------------------------------------------------------

/** Name of the constant input that says which Supabase resource a `pulumi-nodejs:dynamic:Resource` is. */
export const SUPABASE_RESOURCE_INPUT = "supabaseResource";

/** Values of {@link SUPABASE_RESOURCE_INPUT}, one per resource class of this module. */
export const SUPABASE_RESOURCE_KINDS = ["project", "pitr", "ssl-enforcement", "network-restrictions", "postgres-config", "read-replica"] as const;
export type SupabaseResourceKind = (typeof SUPABASE_RESOURCE_KINDS)[number];

/** The discriminator as the outputs carry it (optional: resources created before it existed lack it until refreshed). */
interface Discriminated<K extends SupabaseResourceKind> {
    supabaseResource?: K;
}

// ---------------------------------------------------------------------------------------------------------------
// Constants taken from the published OpenAPI document (checked against its generated types with `satisfies`).
// ---------------------------------------------------------------------------------------------------------------

/** Regions a project or a read replica can be placed in (`region_selection.code` / `read_replica_region`). */
export const SUPABASE_REGIONS = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ap-east-1",
    "ap-southeast-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-southeast-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-north-1",
    "eu-central-1",
    "eu-central-2",
    "ca-central-1",
    "ap-south-1",
    "sa-east-1",
] as const satisfies readonly V1CreateProjectBodyRegion[];
export type SupabaseRegion = (typeof SUPABASE_REGIONS)[number];

/**
 * Compute sizes in ascending order (`desired_instance_size`). All but `pico` and `nano` are billed as the compute
 * add-on `ci_<size>`; `nano` is the free plan's shared instance.
 */
export const SUPABASE_INSTANCE_SIZES = [
    "pico",
    "nano",
    "micro",
    "small",
    "medium",
    "large",
    "xlarge",
    "2xlarge",
    "4xlarge",
    "8xlarge",
    "12xlarge",
    "16xlarge",
] as const satisfies readonly V1CreateProjectBodyDesiredInstanceSize[];
export type SupabaseInstanceSize = (typeof SUPABASE_INSTANCE_SIZES)[number];

/** Retention (days) of the PITR add-on variants `pitr_7`, `pitr_14`, `pitr_28`. */
export const PITR_RETENTION_DAYS = [7, 14, 28] as const;
export type PitrVariant = `pitr_${(typeof PITR_RETENTION_DAYS)[number]}`;

/** The smallest PITR variant keeping at least `days` of history; undefined when `days` exceeds 28. */
export function pitrVariantFor(days: number): PitrVariant | undefined {
    const found = PITR_RETENTION_DAYS.find((d) => d >= days);
    return found === undefined ? undefined : `pitr_${found}`;
}

export function isSupabaseRegion(value: string): value is SupabaseRegion {
    return (SUPABASE_REGIONS as readonly string[]).includes(value);
}

export function isSupabaseInstanceSize(value: string): value is SupabaseInstanceSize {
    return (SUPABASE_INSTANCE_SIZES as readonly string[]).includes(value);
}

/** Whether `size` is at least `minimum` (both known sizes). */
export function instanceSizeAtLeast(size: string, minimum: SupabaseInstanceSize): boolean {
    const order: readonly string[] = SUPABASE_INSTANCE_SIZES;
    return order.indexOf(size) >= order.indexOf(minimum);
}

/** The compute add-on variant of a size, or undefined for `pico`/`nano` (no add-on). */
function computeVariant(size: string): ApplyProjectAddonBody["addon_variant"] | undefined {
    switch (size) {
        case "micro":
        case "small":
        case "medium":
        case "large":
        case "xlarge":
        case "2xlarge":
        case "4xlarge":
        case "8xlarge":
        case "12xlarge":
        case "16xlarge":
            return `ci_${size}`;
        default:
            return undefined;
    }
}

function errorMessage(err: unknown): string {
    return err instanceof Error ? err.message : String(err);
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
    const x = [...(a ?? [])].sort();
    const y = [...(b ?? [])].sort();
    return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** PATCH /v1/projects/{ref}/billing/addons. */
async function applyAddon(s: ApiSettings, ref: string, body: ApplyProjectAddonBody): Promise<void> {
    await apiRequest<void>(s, "PATCH", `/v1/projects/${ref}/billing/addons`, { body });
}

/** DELETE /v1/projects/{ref}/billing/addons/{variant}; 404 means already gone. */
async function removeAddon(s: ApiSettings, ref: string, variant: string): Promise<void> {
    await apiRequest<void>(s, "DELETE", `/v1/projects/${ref}/billing/addons/${variant}`, { accept: [404] });
}

/** GET /v1/projects/{ref}/billing/addons. */
async function listAddons(s: ApiSettings, ref: string): Promise<ListProjectAddonsResponse | undefined> {
    const res = await apiRequest<ListProjectAddonsResponse>(s, "GET", `/v1/projects/${ref}/billing/addons`, { accept: [404] });
    return res.status === 404 ? undefined : res.data;
}

// ---------------------------------------------------------------------------------------------------------------
// Project
// ---------------------------------------------------------------------------------------------------------------

/** Inputs of a {@link SupabaseProject}, as the provider receives them (resolved). */
export interface SupabaseProjectInputs {
    /** Organization slug (`organization_slug`, shown in the dashboard URL). Changing it replaces the project. */
    organizationId: string;
    /** Project name (at most 256 characters). Updated in place. */
    name: string;
    /** Region code, e.g. `eu-central-1`. Changing it replaces the project (and its data). */
    region: string;
    /** `desired_instance_size` at creation; later changes go through the `ci_<size>` compute add-on. */
    instanceSize?: string;
    /** Password of the `postgres` role. Secret. Updated in place (PATCH /database/password). */
    dbPass: string;
    /** Deprecated by the API (plans are set per organization) and sent only when given. */
    plan?: "free" | "pro";
}

/** Outputs of a {@link SupabaseProject}. */
export interface SupabaseProjectOutputs extends SupabaseProjectInputs, Discriminated<"project"> {
    ref: string;
    status: string;
    apiUrl: string;
    dbHost: string;
    dbPort: number;
    postgresVersion: string;
    createdAt: string;
    /** Shared pooler (Supavisor) host and port of the primary, when the API returned them. */
    poolerHost?: string;
    poolerPort?: number;
    /** The `anon` API key (public by design: it is shipped in apps and gated by row-level security). */
    anonKey?: string;
    /** The `service_role` API key (bypasses row-level security). Secret. */
    serviceRoleKey?: string;
}

/** Best-effort details that can be read only once the project is up: pooler endpoint and API keys. */
async function projectExtras(s: ApiSettings, ref: string): Promise<Pick<SupabaseProjectOutputs, "poolerHost" | "poolerPort" | "anonKey" | "serviceRoleKey">> {
    const extras: Pick<SupabaseProjectOutputs, "poolerHost" | "poolerPort" | "anonKey" | "serviceRoleKey"> = {};
    try {
        const pooler = await apiRequest<SupavisorConfigResponse[]>(s, "GET", `/v1/projects/${ref}/config/database/pooler`);
        const primary = Array.isArray(pooler.data) ? pooler.data.find((p) => p.database_type === "PRIMARY") : undefined;
        if (primary) {
            extras.poolerHost = primary.db_host;
            extras.poolerPort = primary.db_port;
        }
    } catch {
        // The pooler endpoint is informational: the project is usable without it.
    }
    try {
        const keys = await apiRequest<ApiKeyResponse[]>(s, "GET", `/v1/projects/${ref}/api-keys?reveal=true`);
        for (const key of Array.isArray(keys.data) ? keys.data : []) {
            if (key.name === "anon" && key.api_key) extras.anonKey = key.api_key;
            if (key.name === "service_role" && key.api_key) extras.serviceRoleKey = key.api_key;
        }
    } catch {
        // Keys can be read later with `pulumi refresh`.
    }
    return extras;
}

function projectOutputs(inputs: SupabaseProjectInputs, project: V1ProjectWithDatabaseResponse, extras: Partial<SupabaseProjectOutputs>): SupabaseProjectOutputs {
    return {
        ...inputs,
        ref: project.ref,
        status: project.status,
        apiUrl: `https://${project.ref}.supabase.co`,
        dbHost: project.database?.host || `db.${project.ref}.supabase.co`,
        dbPort: 5432,
        postgresVersion: project.database?.version ?? "",
        createdAt: project.created_at,
        ...extras,
    };
}

/** GET /v1/projects, the projects of one organization with one name. */
async function projectsNamed(s: ApiSettings, organization: string, name: string): Promise<V1ProjectWithDatabaseResponse[]> {
    const res = await apiRequest<V1ProjectWithDatabaseResponse[]>(s, "GET", "/v1/projects");
    return (Array.isArray(res.data) ? res.data : []).filter((p) => p.organization_slug === organization && p.name === name);
}

/** DELETE /v1/projects/{ref}; resolves `false` when it was already gone (404). */
async function deleteProject(s: ApiSettings, ref: string): Promise<boolean> {
    const res = await apiRequest<unknown>(s, "DELETE", `/v1/projects/${ref}`, { accept: [404] });
    return res.status !== 404;
}

/**
 * POST /v1/projects without ever creating two projects: the POST is not repeated after an ambiguous failure (5xx,
 * timeout, dropped connection) until GET /v1/projects shows that no new project of that name appeared; if one did,
 * it is the one we asked for and is adopted.
 */
async function postProject(s: ApiSettings, body: V1CreateProjectBody): Promise<string> {
    const before = new Set((await projectsNamed(s, body.organization_slug, body.name)).map((p) => p.ref));
    for (let attempt = 1; ; attempt++) {
        try {
            const res = await apiRequest<V1ProjectResponse>(s, "POST", "/v1/projects", { body });
            return res.data.ref;
        } catch (err) {
            const status = (err as ApiError).status;
            const ambiguous = status === undefined || status >= 500;
            if (!ambiguous) throw err;
            const appeared = (await projectsNamed(s, body.organization_slug, body.name)).find((p) => !before.has(p.ref));
            if (appeared) return appeared.ref;
            if (attempt >= s.maxAttempts) throw err;
            await sleep(backoffMs(attempt, s.retryBaseMs));
        }
    }
}

/** Provider of a Supabase project: create, poll until healthy, update name/size/password in place, delete. */
export class SupabaseProjectProvider implements pulumi.dynamic.ResourceProvider<SupabaseProjectInputs, SupabaseProjectOutputs> {
    check(_olds: SupabaseProjectInputs, news: SupabaseProjectInputs): Promise<pulumi.dynamic.CheckResult<SupabaseProjectInputs>> {
        const failures: pulumi.dynamic.CheckFailure[] = [];
        if (!news.organizationId) failures.push({ property: "organizationId", reason: "the organization slug is required" });
        if (!news.name || news.name.length > 256) failures.push({ property: "name", reason: "must be 1 to 256 characters" });
        if (!isSupabaseRegion(news.region)) failures.push({ property: "region", reason: `unknown region ${JSON.stringify(news.region)}; allowed: ${SUPABASE_REGIONS.join(", ")}` });
        if (news.instanceSize !== undefined && !isSupabaseInstanceSize(news.instanceSize)) {
            failures.push({ property: "instanceSize", reason: `unknown size ${JSON.stringify(news.instanceSize)}; allowed: ${SUPABASE_INSTANCE_SIZES.join(", ")}` });
        }
        if (!news.dbPass || news.dbPass.length < 4) failures.push({ property: "dbPass", reason: "the database password must have at least 4 characters" });
        return Promise.resolve({ inputs: news, failures });
    }

    async create(inputs: SupabaseProjectInputs): Promise<pulumi.dynamic.CreateResult<SupabaseProjectOutputs>> {
        const s = apiSettings();
        if (!isSupabaseRegion(inputs.region)) throw new Error(`Supabase project ${inputs.name}: unknown region ${inputs.region}`);
        const body: V1CreateProjectBody = {
            name: inputs.name,
            organization_slug: inputs.organizationId,
            db_pass: inputs.dbPass,
            region_selection: { type: "specific", code: inputs.region },
        };
        if (inputs.instanceSize !== undefined) {
            if (!isSupabaseInstanceSize(inputs.instanceSize)) throw new Error(`Supabase project ${inputs.name}: unknown instance size ${inputs.instanceSize}`);
            body.desired_instance_size = inputs.instanceSize;
        }
        if (inputs.plan !== undefined) body.plan = inputs.plan;

        const ref = await postProject(s, body);
        // From here on the project exists: any failure must not leave it behind unrecorded.
        let project: V1ProjectWithDatabaseResponse;
        try {
            project = await waitForProjectHealthy(s, ref);
        } catch (err) {
            const cause = errorMessage(err);
            let existed: boolean;
            try {
                existed = await deleteProject(s, ref);
            } catch (deleteErr) {
                throw new Error(
                    `Supabase project ${ref} (${inputs.name}) was created but did not become healthy: ${cause}. ` +
                        `Deleting it failed too (${errorMessage(deleteErr)}): delete project ${ref} yourself ` +
                        `(dashboard, or DELETE /v1/projects/${ref}) before running pulumi up again; Pulumi has not recorded it.`,
                );
            }
            throw new Error(
                existed
                    ? `Supabase project ${ref} (${inputs.name}) was created but did not become healthy: ${cause}. It has been deleted, so nothing is left behind; run pulumi up again to retry.`
                    : `Supabase project ${ref} (${inputs.name}) was created but did not become healthy: ${cause}. It no longer exists, so nothing is left behind; run pulumi up again to retry.`,
            );
        }
        const outs = projectOutputs(inputs, project, await projectExtras(s, ref));
        return { id: ref, outs };
    }

    diff(_id: string, olds: SupabaseProjectOutputs, news: SupabaseProjectInputs): Promise<pulumi.dynamic.DiffResult> {
        // Only the fields below are compared: the constant `supabaseResource` discriminator never causes an update.
        const replaces: string[] = [];
        if (olds.organizationId !== news.organizationId) replaces.push("organizationId");
        if (olds.region !== news.region) replaces.push("region");
        const updates: string[] = [];
        if (olds.name !== news.name) updates.push("name");
        if (news.instanceSize !== undefined && olds.instanceSize !== news.instanceSize) updates.push("instanceSize");
        if (olds.dbPass !== news.dbPass) updates.push("dbPass");
        if ((olds.plan ?? undefined) !== (news.plan ?? undefined)) updates.push("plan");
        return Promise.resolve({
            changes: replaces.length > 0 || updates.length > 0,
            replaces,
            deleteBeforeReplace: false,
            stables: replaces.length === 0 ? ["ref", "apiUrl", "dbHost", "dbPort", "createdAt"] : [],
        });
    }

    async update(id: string, olds: SupabaseProjectOutputs, news: SupabaseProjectInputs): Promise<pulumi.dynamic.UpdateResult<SupabaseProjectOutputs>> {
        const s = apiSettings();
        if (olds.name !== news.name) {
            const body: V1UpdateProjectBody = { name: news.name };
            await apiRequest<unknown>(s, "PATCH", `/v1/projects/${id}`, { body });
        }
        if (olds.dbPass !== news.dbPass) {
            const body: V1UpdatePasswordBody = { password: news.dbPass };
            await apiRequest<unknown>(s, "PATCH", `/v1/projects/${id}/database/password`, { body });
        }
        let resized = false;
        if (news.instanceSize !== undefined && olds.instanceSize !== news.instanceSize) {
            const variant = computeVariant(news.instanceSize);
            if (variant) {
                await applyAddon(s, id, { addon_type: "compute_instance", addon_variant: variant });
            } else {
                // pico/nano have no add-on: removing the current compute add-on returns to the plan's default.
                const current = olds.instanceSize ? computeVariant(olds.instanceSize) : undefined;
                if (current) await removeAddon(s, id, current);
            }
            resized = true;
        }
        const project = resized ? await waitForProjectHealthy(s, id) : await getProject(s, id);
        if (!project) throw apiError(`Supabase project ${id} no longer exists (404); run pulumi refresh`, 404);
        const extras = await projectExtras(s, id);
        return { outs: projectOutputs({ ...news, instanceSize: news.instanceSize ?? olds.instanceSize }, project, { ...pickExtras(olds), ...extras }) };
    }

    async delete(id: string): Promise<void> {
        await deleteProject(apiSettings(), id);
    }

    async read(id: string, props?: SupabaseProjectOutputs): Promise<pulumi.dynamic.ReadResult<SupabaseProjectOutputs>> {
        const s = apiSettings();
        const project = await getProject(s, id);
        if (!project) return {};
        let instanceSize = props?.instanceSize;
        const addons = await listAddons(s, id);
        const compute = addons?.selected_addons.find((a) => a.type === "compute_instance");
        if (compute) instanceSize = String(compute.variant.id).replace(/^ci_/, "");
        const inputs: SupabaseProjectInputs = {
            organizationId: project.organization_slug,
            name: project.name,
            region: project.region,
            instanceSize,
            dbPass: props?.dbPass ?? "",
            ...(props?.plan !== undefined ? { plan: props.plan } : {}),
        };
        return { id, props: { ...projectOutputs(inputs, project, { ...pickExtras(props), ...(await projectExtras(s, id)) }), supabaseResource: "project" } };
    }
}

function pickExtras(o: Partial<SupabaseProjectOutputs> | undefined): Partial<SupabaseProjectOutputs> {
    const out: Partial<SupabaseProjectOutputs> = {};
    if (o?.poolerHost !== undefined) out.poolerHost = o.poolerHost;
    if (o?.poolerPort !== undefined) out.poolerPort = o.poolerPort;
    if (o?.anonKey !== undefined) out.anonKey = o.anonKey;
    if (o?.serviceRoleKey !== undefined) out.serviceRoleKey = o.serviceRoleKey;
    return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Point-in-time recovery add-on
// ---------------------------------------------------------------------------------------------------------------

export interface SupabasePitrInputs {
    projectRef: string;
    /** Days of history wanted; the add-on chosen is the smallest of 7, 14, 28 at least this long. */
    retentionDays: number;
    /** The project's compute size, to check PITR's requirement of at least `small`. */
    instanceSize?: string;
}

export interface SupabasePitrOutputs extends SupabasePitrInputs, Discriminated<"pitr"> {
    /** `pitr_7`, `pitr_14` or `pitr_28`. */
    variant: PitrVariant;
    /** The retention the variant keeps (≥ `retentionDays`). */
    pitrDays: number;
}

/** Provider of the PITR add-on (PATCH/DELETE /v1/projects/{ref}/billing/addons). */
export class SupabasePitrProvider implements pulumi.dynamic.ResourceProvider<SupabasePitrInputs, SupabasePitrOutputs> {
    check(_olds: SupabasePitrInputs, news: SupabasePitrInputs): Promise<pulumi.dynamic.CheckResult<SupabasePitrInputs>> {
        const failures: pulumi.dynamic.CheckFailure[] = [];
        if (!Number.isInteger(news.retentionDays) || pitrVariantFor(news.retentionDays) === undefined || news.retentionDays < 1) {
            failures.push({ property: "retentionDays", reason: `is ${news.retentionDays}; allowed: an integer from 1 to 28 (add-ons pitr_7, pitr_14, pitr_28)` });
        }
        if (news.instanceSize !== undefined && !instanceSizeAtLeast(news.instanceSize, "small")) {
            failures.push({ property: "instanceSize", reason: `PITR needs a compute add-on of at least small; the project is ${news.instanceSize}` });
        }
        return Promise.resolve({ inputs: news, failures });
    }

    async create(inputs: SupabasePitrInputs): Promise<pulumi.dynamic.CreateResult<SupabasePitrOutputs>> {
        const variant = pitrVariantFor(inputs.retentionDays);
        if (!variant) throw new Error(`PITR retention of ${inputs.retentionDays} days exceeds the longest add-on (28 days)`);
        const s = apiSettings();
        await applyAddon(s, inputs.projectRef, { addon_type: "pitr", addon_variant: variant });
        return { id: `${inputs.projectRef}/pitr`, outs: { ...inputs, variant, pitrDays: Number(variant.slice(5)) } };
    }

    diff(_id: string, olds: SupabasePitrOutputs, news: SupabasePitrInputs): Promise<pulumi.dynamic.DiffResult> {
        const replaces = olds.projectRef !== news.projectRef ? ["projectRef"] : [];
        const changed = olds.variant !== pitrVariantFor(news.retentionDays) || olds.retentionDays !== news.retentionDays || olds.instanceSize !== news.instanceSize;
        return Promise.resolve({ changes: replaces.length > 0 || changed, replaces, deleteBeforeReplace: true });
    }

    async update(_id: string, olds: SupabasePitrOutputs, news: SupabasePitrInputs): Promise<pulumi.dynamic.UpdateResult<SupabasePitrOutputs>> {
        const variant = pitrVariantFor(news.retentionDays);
        if (!variant) throw new Error(`PITR retention of ${news.retentionDays} days exceeds the longest add-on (28 days)`);
        if (variant !== olds.variant) await applyAddon(apiSettings(), news.projectRef, { addon_type: "pitr", addon_variant: variant });
        return { outs: { ...news, variant, pitrDays: Number(variant.slice(5)) } };
    }

    async delete(_id: string, props: SupabasePitrOutputs): Promise<void> {
        await removeAddon(apiSettings(), props.projectRef, props.variant);
    }

    async read(id: string, props?: SupabasePitrOutputs): Promise<pulumi.dynamic.ReadResult<SupabasePitrOutputs>> {
        const ref = props?.projectRef ?? id.split("/")[0] ?? id;
        const addons = await listAddons(apiSettings(), ref);
        const pitr = addons?.selected_addons.find((a) => a.type === "pitr");
        if (!pitr) return {};
        const variant = String(pitr.variant.id);
        const days = Number(variant.replace(/^pitr_/, ""));
        const known = pitrVariantFor(days);
        if (!known) return {};
        return { id, props: { projectRef: ref, retentionDays: props?.retentionDays ?? days, instanceSize: props?.instanceSize, variant: known, pitrDays: days, supabaseResource: "pitr" } };
    }
}

// ---------------------------------------------------------------------------------------------------------------
// SSL enforcement
// ---------------------------------------------------------------------------------------------------------------

export interface SupabaseSslEnforcementInputs {
    projectRef: string;
    /** Reject database connections without TLS. */
    enforced: boolean;
}

export interface SupabaseSslEnforcementOutputs extends SupabaseSslEnforcementInputs, Discriminated<"ssl-enforcement"> {
    appliedSuccessfully: boolean;
}

async function putSslEnforcement(s: ApiSettings, ref: string, enforced: boolean, accept404 = false): Promise<SslEnforcementResponse | undefined> {
    const body: SslEnforcementRequest = { requestedConfig: { database: enforced } };
    const res = await apiRequest<SslEnforcementResponse>(s, "PUT", `/v1/projects/${ref}/ssl-enforcement`, { body, accept: accept404 ? [404] : [] });
    if (res.status === 404) return undefined;
    if (!res.data.appliedSuccessfully) {
        throw apiError(`Supabase project ${ref}: SSL enforcement ${enforced ? "on" : "off"} was not applied (appliedSuccessfully: false); retry pulumi up`);
    }
    return res.data;
}

/** Provider of SSL enforcement (PUT /v1/projects/{ref}/ssl-enforcement). Deleting it turns enforcement off (the API's default). */
export class SupabaseSslEnforcementProvider implements pulumi.dynamic.ResourceProvider<SupabaseSslEnforcementInputs, SupabaseSslEnforcementOutputs> {
    async create(inputs: SupabaseSslEnforcementInputs): Promise<pulumi.dynamic.CreateResult<SupabaseSslEnforcementOutputs>> {
        await putSslEnforcement(apiSettings(), inputs.projectRef, inputs.enforced);
        return { id: `${inputs.projectRef}/ssl-enforcement`, outs: { ...inputs, appliedSuccessfully: true } };
    }

    diff(_id: string, olds: SupabaseSslEnforcementOutputs, news: SupabaseSslEnforcementInputs): Promise<pulumi.dynamic.DiffResult> {
        const replaces = olds.projectRef !== news.projectRef ? ["projectRef"] : [];
        return Promise.resolve({ changes: replaces.length > 0 || olds.enforced !== news.enforced, replaces, deleteBeforeReplace: true });
    }

    async update(_id: string, _olds: SupabaseSslEnforcementOutputs, news: SupabaseSslEnforcementInputs): Promise<pulumi.dynamic.UpdateResult<SupabaseSslEnforcementOutputs>> {
        await putSslEnforcement(apiSettings(), news.projectRef, news.enforced);
        return { outs: { ...news, appliedSuccessfully: true } };
    }

    async delete(_id: string, props: SupabaseSslEnforcementOutputs): Promise<void> {
        await putSslEnforcement(apiSettings(), props.projectRef, false, true);
    }

    async read(id: string, props?: SupabaseSslEnforcementOutputs): Promise<pulumi.dynamic.ReadResult<SupabaseSslEnforcementOutputs>> {
        const ref = props?.projectRef ?? id.split("/")[0] ?? id;
        const res = await apiRequest<SslEnforcementResponse>(apiSettings(), "GET", `/v1/projects/${ref}/ssl-enforcement`, { accept: [404] });
        if (res.status === 404) return {};
        return { id, props: { projectRef: ref, enforced: res.data.currentConfig.database, appliedSuccessfully: res.data.appliedSuccessfully, supabaseResource: "ssl-enforcement" } };
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Network restrictions
// ---------------------------------------------------------------------------------------------------------------

export interface SupabaseNetworkRestrictionsInputs {
    projectRef: string;
    /** IPv4 CIDRs allowed to reach the database (`0.0.0.0/0` allows all). */
    dbAllowedCidrs: string[];
    /** IPv6 CIDRs allowed to reach the database (`::/0` allows all). */
    dbAllowedCidrsV6: string[];
}

export interface SupabaseNetworkRestrictionsOutputs extends SupabaseNetworkRestrictionsInputs, Discriminated<"network-restrictions"> {
    status: string;
}

async function applyNetworkRestrictions(s: ApiSettings, ref: string, body: NetworkRestrictionsRequest, accept404 = false): Promise<NetworkRestrictionsResponse | undefined> {
    const res = await apiRequest<NetworkRestrictionsResponse>(s, "POST", `/v1/projects/${ref}/network-restrictions/apply`, {
        body,
        idempotent: true, // applying the same list twice is harmless
        accept: accept404 ? [404] : [],
    });
    return res.status === 404 ? undefined : res.data;
}

/**
 * Provider of network restrictions (POST /v1/projects/{ref}/network-restrictions/apply). Deleting it allows every
 * address again (`0.0.0.0/0`, `::/0`), the API's default.
 */
export class SupabaseNetworkRestrictionsProvider implements pulumi.dynamic.ResourceProvider<SupabaseNetworkRestrictionsInputs, SupabaseNetworkRestrictionsOutputs> {
    async create(inputs: SupabaseNetworkRestrictionsInputs): Promise<pulumi.dynamic.CreateResult<SupabaseNetworkRestrictionsOutputs>> {
        const res = await applyNetworkRestrictions(apiSettings(), inputs.projectRef, { dbAllowedCidrs: inputs.dbAllowedCidrs, dbAllowedCidrsV6: inputs.dbAllowedCidrsV6 });
        return { id: `${inputs.projectRef}/network-restrictions`, outs: { ...inputs, status: res?.status ?? "stored" } };
    }

    diff(_id: string, olds: SupabaseNetworkRestrictionsOutputs, news: SupabaseNetworkRestrictionsInputs): Promise<pulumi.dynamic.DiffResult> {
        const replaces = olds.projectRef !== news.projectRef ? ["projectRef"] : [];
        const changed = !sameList(olds.dbAllowedCidrs, news.dbAllowedCidrs) || !sameList(olds.dbAllowedCidrsV6, news.dbAllowedCidrsV6);
        return Promise.resolve({ changes: replaces.length > 0 || changed, replaces, deleteBeforeReplace: true });
    }

    async update(_id: string, _olds: SupabaseNetworkRestrictionsOutputs, news: SupabaseNetworkRestrictionsInputs): Promise<pulumi.dynamic.UpdateResult<SupabaseNetworkRestrictionsOutputs>> {
        const res = await applyNetworkRestrictions(apiSettings(), news.projectRef, { dbAllowedCidrs: news.dbAllowedCidrs, dbAllowedCidrsV6: news.dbAllowedCidrsV6 });
        return { outs: { ...news, status: res?.status ?? "stored" } };
    }

    async delete(_id: string, props: SupabaseNetworkRestrictionsOutputs): Promise<void> {
        await applyNetworkRestrictions(apiSettings(), props.projectRef, { dbAllowedCidrs: ["0.0.0.0/0"], dbAllowedCidrsV6: ["::/0"] }, true);
    }

    async read(id: string, props?: SupabaseNetworkRestrictionsOutputs): Promise<pulumi.dynamic.ReadResult<SupabaseNetworkRestrictionsOutputs>> {
        const ref = props?.projectRef ?? id.split("/")[0] ?? id;
        const res = await apiRequest<NetworkRestrictionsResponse>(apiSettings(), "GET", `/v1/projects/${ref}/network-restrictions`, { accept: [404] });
        if (res.status === 404) return {};
        return {
            id,
            props: {
                projectRef: ref,
                dbAllowedCidrs: res.data.config.dbAllowedCidrs ?? [],
                dbAllowedCidrsV6: res.data.config.dbAllowedCidrsV6 ?? [],
                status: res.data.status,
                supabaseResource: "network-restrictions",
            },
        };
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Postgres configuration
// ---------------------------------------------------------------------------------------------------------------

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

async function putPostgresConfig(s: ApiSettings, ref: string, settings: SupabasePostgresSettings): Promise<Record<string, string | number | boolean>> {
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

/**
 * Provider of Postgres settings. Deleting it leaves the settings as they are (the API has no "reset"); remove a
 * setting by setting it back explicitly.
 */
export class SupabasePostgresConfigProvider implements pulumi.dynamic.ResourceProvider<SupabasePostgresConfigInputs, SupabasePostgresConfigOutputs> {
    async create(inputs: SupabasePostgresConfigInputs): Promise<pulumi.dynamic.CreateResult<SupabasePostgresConfigOutputs>> {
        const effective = await putPostgresConfig(apiSettings(), inputs.projectRef, inputs.settings);
        return { id: `${inputs.projectRef}/postgres-config`, outs: { ...inputs, effective } };
    }

    diff(_id: string, olds: SupabasePostgresConfigOutputs, news: SupabasePostgresConfigInputs): Promise<pulumi.dynamic.DiffResult> {
        const replaces = olds.projectRef !== news.projectRef ? ["projectRef"] : [];
        return Promise.resolve({ changes: replaces.length > 0 || JSON.stringify(sorted(olds.settings)) !== JSON.stringify(sorted(news.settings)), replaces });
    }

    async update(_id: string, _olds: SupabasePostgresConfigOutputs, news: SupabasePostgresConfigInputs): Promise<pulumi.dynamic.UpdateResult<SupabasePostgresConfigOutputs>> {
        const effective = await putPostgresConfig(apiSettings(), news.projectRef, news.settings);
        return { outs: { ...news, effective } };
    }

    async delete(): Promise<void> {
        // Nothing to undo: see the class comment.
    }
}

function sorted(o: object | undefined): [string, unknown][] {
    return Object.entries(o ?? {}).sort(([a], [b]) => a.localeCompare(b));
}

// ---------------------------------------------------------------------------------------------------------------
// Read replicas
// ---------------------------------------------------------------------------------------------------------------

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
async function projectDatabases(s: ApiSettings, organization: string, ref: string): Promise<OrganizationProjectsResponseProjectsItemDatabasesItem[] | undefined> {
    const limit = 100;
    for (let offset = 0; ; offset += limit) {
        const res = await apiRequest<OrganizationProjectsResponse>(s, "GET", `/v1/organizations/${encodeURIComponent(organization)}/projects?limit=${limit}&offset=${offset}`);
        const page = res.data;
        const found = page.projects.find((p) => p.ref === ref);
        if (found) return found.databases;
        if (page.projects.length < limit || offset + limit >= page.pagination.count) return undefined;
    }
}

async function replicasIn(s: ApiSettings, organization: string, ref: string, region: string): Promise<OrganizationProjectsResponseProjectsItemDatabasesItem[]> {
    const dbs = (await projectDatabases(s, organization, ref)) ?? [];
    return dbs.filter((d) => d.type === "READ_REPLICA" && d.region === region);
}

/**
 * Replica statuses from which it will not become healthy (the `databases[].status` enum of GET
 * /v1/organizations/{slug}/projects: supabase-community/supabase-management-js, `openapi/v1.json`, line 20935).
 */
const FAILED_REPLICA_STATUSES: readonly OrganizationProjectsResponseProjectsItemDatabasesItemStatus[] = ["INIT_READ_REPLICA_FAILED", "INIT_FAILED", "GOING_DOWN", "REMOVED"];

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
    const deadline = Date.now() + s.pollTimeoutMs;
    let interval = s.pollIntervalMs;
    for (;;) {
        const listed = (await projectDatabases(s, organization, ref))?.find((d) => d.identifier === identifier);
        if (!listed || listed.status === "REMOVED") return undefined;
        if (res.status === 404 || Date.now() + interval > deadline) return listed.status;
        await sleep(interval);
        interval = Math.min(30_000, Math.ceil(interval * 1.5));
    }
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
    check(_olds: SupabaseReadReplicaInputs, news: SupabaseReadReplicaInputs): Promise<pulumi.dynamic.CheckResult<SupabaseReadReplicaInputs>> {
        const failures: pulumi.dynamic.CheckFailure[] = [];
        if (!isSupabaseRegion(news.region)) failures.push({ property: "region", reason: `unknown region ${JSON.stringify(news.region)}; allowed: ${SUPABASE_REGIONS.join(", ")}` });
        return Promise.resolve({ inputs: news, failures });
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
        const deadline = Date.now() + s.pollTimeoutMs;
        let interval = s.pollIntervalMs;
        let identifier: string | undefined;
        let status = "unknown";
        let failure: string | undefined;
        for (;;) {
            const replica = (await replicasIn(s, inputs.organizationId, inputs.projectRef, inputs.region)).find((d) => !before.has(d.identifier));
            if (replica) {
                identifier = replica.identifier;
                status = replica.status;
                if (status === "ACTIVE_HEALTHY") break;
                if (isFailedReplicaStatus(status)) {
                    failure = `reached status ${status}`;
                    break;
                }
            } else if (identifier !== undefined) {
                failure = "disappeared while coming up";
                break;
            }
            if (Date.now() + interval > deadline) {
                failure = `did not become ACTIVE_HEALTHY within ${s.pollTimeoutMs} ms (last status: ${identifier ? status : "not listed yet"})`;
                break;
            }
            await sleep(interval);
            interval = Math.min(30_000, Math.ceil(interval * 1.5));
        }
        if (failure !== undefined) {
            const what = `Read replica ${identifier ?? "(no identifier yet)"} of Supabase project ${inputs.projectRef} in ${inputs.region} ${failure}`;
            if (!identifier) throw new Error(`${what}. If one appears later, remove it (POST /v1/projects/${inputs.projectRef}/read-replicas/remove) before retrying.`);
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

    update(_id: string, olds: SupabaseReadReplicaOutputs, news: SupabaseReadReplicaInputs): Promise<pulumi.dynamic.UpdateResult<SupabaseReadReplicaOutputs>> {
        return Promise.resolve({ outs: { ...olds, ...news } });
    }

    async delete(id: string, props: SupabaseReadReplicaOutputs): Promise<void> {
        const identifier = props.identifier || id;
        const left = await removeReplicaAndConfirm(apiSettings(), props.organizationId, props.projectRef, identifier);
        // Failing keeps the replica in the stack: Pulumi must not forget a database that still exists.
        if (left !== undefined) throw new Error(`Read replica ${identifier} of Supabase project ${props.projectRef} is still listed (status ${left}) after being removed; run pulumi destroy again.`);
    }

    async read(id: string, props?: SupabaseReadReplicaOutputs): Promise<pulumi.dynamic.ReadResult<SupabaseReadReplicaOutputs>> {
        if (!props) return {};
        const s = apiSettings();
        const dbs = await projectDatabases(s, props.organizationId, props.projectRef);
        const replica = dbs?.find((d) => d.identifier === id);
        if (!replica) return {};
        return { id, props: { ...props, identifier: id, region: replica.region, status: replica.status, supabaseResource: "read-replica" } };
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------------------------

/** `pulumi.Input` of every field. */
type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** Merges `additionalSecretOutputs` into the caller's options. */
function withSecrets(opts: pulumi.CustomResourceOptions | undefined, secrets: string[]): pulumi.CustomResourceOptions {
    return { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secrets] };
}

export type SupabaseProjectArgs = Inputs<SupabaseProjectInputs>;

/** A Supabase project. `dbPass` and `serviceRoleKey` are secret outputs. */
export class SupabaseProject extends pulumi.dynamic.Resource {
    declare public readonly ref: pulumi.Output<string>;
    declare public readonly status: pulumi.Output<string>;
    declare public readonly apiUrl: pulumi.Output<string>;
    declare public readonly dbHost: pulumi.Output<string>;
    declare public readonly dbPort: pulumi.Output<number>;
    declare public readonly postgresVersion: pulumi.Output<string>;
    declare public readonly poolerHost: pulumi.Output<string | undefined>;
    declare public readonly poolerPort: pulumi.Output<number | undefined>;
    declare public readonly anonKey: pulumi.Output<string | undefined>;
    declare public readonly serviceRoleKey: pulumi.Output<string | undefined>;
    declare public readonly dbPass: pulumi.Output<string>;
    declare public readonly region: pulumi.Output<string>;
    declare public readonly instanceSize: pulumi.Output<string | undefined>;

    constructor(name: string, args: SupabaseProjectArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            new SupabaseProjectProvider(),
            name,
            {
                ref: undefined,
                status: undefined,
                apiUrl: undefined,
                dbHost: undefined,
                dbPort: undefined,
                postgresVersion: undefined,
                poolerHost: undefined,
                poolerPort: undefined,
                anonKey: undefined,
                serviceRoleKey: undefined,
                createdAt: undefined,
                ...args,
                supabaseResource: "project",
            },
            withSecrets(opts, ["dbPass", "serviceRoleKey"]),
        );
    }
}

export type SupabasePitrArgs = Inputs<SupabasePitrInputs>;

/** The PITR add-on of a project. */
export class SupabasePitr extends pulumi.dynamic.Resource {
    declare public readonly variant: pulumi.Output<PitrVariant>;
    declare public readonly pitrDays: pulumi.Output<number>;

    constructor(name: string, args: SupabasePitrArgs, opts?: pulumi.CustomResourceOptions) {
        super(new SupabasePitrProvider(), name, { variant: undefined, pitrDays: undefined, ...args, supabaseResource: "pitr" }, opts);
    }
}

export type SupabaseSslEnforcementArgs = Inputs<SupabaseSslEnforcementInputs>;

/** SSL enforcement of a project's database. */
export class SupabaseSslEnforcement extends pulumi.dynamic.Resource {
    declare public readonly enforced: pulumi.Output<boolean>;

    constructor(name: string, args: SupabaseSslEnforcementArgs, opts?: pulumi.CustomResourceOptions) {
        super(new SupabaseSslEnforcementProvider(), name, { appliedSuccessfully: undefined, ...args, supabaseResource: "ssl-enforcement" }, opts);
    }
}

export type SupabaseNetworkRestrictionsArgs = Inputs<SupabaseNetworkRestrictionsInputs>;

/** The CIDRs allowed to reach a project's database. */
export class SupabaseNetworkRestrictions extends pulumi.dynamic.Resource {
    declare public readonly dbAllowedCidrs: pulumi.Output<string[]>;

    constructor(name: string, args: SupabaseNetworkRestrictionsArgs, opts?: pulumi.CustomResourceOptions) {
        super(new SupabaseNetworkRestrictionsProvider(), name, { status: undefined, ...args, supabaseResource: "network-restrictions" }, opts);
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

export type SupabaseReadReplicaArgs = Inputs<SupabaseReadReplicaInputs>;

/** A read replica of a project's database in a region. */
export class SupabaseReadReplica extends pulumi.dynamic.Resource {
    declare public readonly identifier: pulumi.Output<string>;
    declare public readonly region: pulumi.Output<string>;
    declare public readonly status: pulumi.Output<string>;
    declare public readonly poolerHost: pulumi.Output<string | undefined>;

    constructor(name: string, args: SupabaseReadReplicaArgs, opts?: pulumi.CustomResourceOptions) {
        super(new SupabaseReadReplicaProvider(), name, { identifier: undefined, status: undefined, poolerHost: undefined, ...args, supabaseResource: "read-replica" }, opts);
    }
}
