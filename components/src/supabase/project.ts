/**
 * A Supabase project (POST /v1/projects), with its compute size (`desired_instance_size`, then the `ci_<size>`
 * compute add-on), the password of its `postgres` role and its API keys. Discriminator `supabaseResource: "project"`.
 */
import * as pulumi from "@pulumi/pulumi";
import type {
    ApiKeyResponse,
    ApplyProjectAddonBody,
    SupavisorConfigResponse,
    V1CreateProjectBody,
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
    applyAddon,
    backoffMs,
    getProject,
    listAddons,
    removeAddon,
    sleep,
    waitForProjectHealthy,
} from "./api";
import { SUPABASE_INSTANCE_SIZES, isSupabaseInstanceSize, isSupabaseRegion } from "./constants";
import { type Discriminated, type Inputs, errorMessage, regionFailures, withSecrets } from "./shared";

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
async function projectExtras(
    s: ApiSettings,
    ref: string,
): Promise<Pick<SupabaseProjectOutputs, "poolerHost" | "poolerPort" | "anonKey" | "serviceRoleKey">> {
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

function projectOutputs(
    inputs: SupabaseProjectInputs,
    project: V1ProjectWithDatabaseResponse,
    extras: Partial<SupabaseProjectOutputs>,
): SupabaseProjectOutputs {
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
        failures.push(...regionFailures(news.region));
        if (news.instanceSize !== undefined && !isSupabaseInstanceSize(news.instanceSize)) {
            failures.push({
                property: "instanceSize",
                reason: `unknown size ${JSON.stringify(news.instanceSize)}; allowed: ${SUPABASE_INSTANCE_SIZES.join(", ")}`,
            });
        }
        if (!news.dbPass || news.dbPass.length < 4)
            failures.push({ property: "dbPass", reason: "the database password must have at least 4 characters" });
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
            if (!isSupabaseInstanceSize(inputs.instanceSize))
                throw new Error(`Supabase project ${inputs.name}: unknown instance size ${inputs.instanceSize}`);
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

    async update(
        id: string,
        olds: SupabaseProjectOutputs,
        news: SupabaseProjectInputs,
    ): Promise<pulumi.dynamic.UpdateResult<SupabaseProjectOutputs>> {
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
        return {
            outs: projectOutputs({ ...news, instanceSize: news.instanceSize ?? olds.instanceSize }, project, {
                ...pickExtras(olds),
                ...extras,
            }),
        };
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
        return {
            id,
            props: {
                ...projectOutputs(inputs, project, { ...pickExtras(props), ...(await projectExtras(s, id)) }),
                supabaseResource: "project",
            },
        };
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
