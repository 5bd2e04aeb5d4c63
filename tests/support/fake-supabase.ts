/**
 * A fake of the Supabase Management API on loopback (node:http, port 0), answering in the shapes of the published
 * OpenAPI document (the generated types of `supabase-management-js`): projects that come up slowly (COMING_UP →
 * ACTIVE_HEALTHY after N polls), billing add-ons, SSL enforcement, network restrictions, Postgres config, pooler
 * config, API keys, read replicas listed through the organization's projects. Failures can be injected per route
 * (status with `Retry-After`, a hanging request, a project that vanishes mid-poll) and every call is recorded.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type {
    ApiKeyResponse,
    ApplyProjectAddonBody,
    ListProjectAddonsResponse,
    ListProjectAddonsResponseSelectedAddonsItem,
    NetworkRestrictionsRequest,
    NetworkRestrictionsResponse,
    OrganizationProjectsResponse,
    OrganizationProjectsResponseProjectsItemDatabasesItem,
    PostgresConfigResponse,
    RemoveReadReplicaBody,
    SetUpReadReplicaBody,
    SslEnforcementRequest,
    SslEnforcementResponse,
    SupavisorConfigResponse,
    UpdatePostgresConfigBody,
    V1CreateProjectBody,
    V1ProjectRefResponse,
    V1ProjectResponse,
    V1ProjectWithDatabaseResponse,
    V1ProjectWithDatabaseResponseStatus,
    V1ServiceHealthResponse,
    V1UpdatePasswordBody,
    V1UpdateProjectBody,
} from "supabase-management-js";

export interface RecordedCall {
    method: string;
    path: string;
    query: string;
    body: unknown;
    authorization: string | undefined;
    /** The status the fake answered (0 for a request left hanging). */
    status: number;
    at: number;
}

export interface InjectedFailure {
    method?: string;
    /** Matches the path (without query). */
    path: RegExp;
    /** Status to answer, e.g. 429 or 500. */
    status?: number;
    /** `Retry-After` header value (seconds or HTTP date). */
    retryAfter?: string;
    /** Leave the request unanswered (to exercise client timeouts). */
    hang?: boolean;
    /** How many matching requests fail (default 1). */
    times?: number;
    /** Let this many matching requests through before failing. */
    after?: number;
    /** Act on the request (e.g. create the project) and then answer with the failure status. */
    actThenFail?: boolean;
    /** Body of the failure answer. */
    body?: unknown;
}

interface FakeProject {
    data: V1ProjectWithDatabaseResponse;
    dbPass: string;
    polls: number;
    healthyAfter: number;
    /** Remove the project (404) once it has been polled this many times. */
    vanishAfter?: number;
    /** Never become healthy. */
    stuck?: boolean;
    /** Enter this status (e.g. INIT_FAILED) instead of ACTIVE_HEALTHY. */
    failWith?: V1ProjectWithDatabaseResponseStatus;
    addons: ListProjectAddonsResponseSelectedAddonsItem[];
    ssl: boolean;
    network: NetworkRestrictionsRequest;
    postgres: PostgresConfigResponse;
    replicas: OrganizationProjectsResponseProjectsItemDatabasesItem[];
}

export interface FakeOptions {
    token: string;
    /** GETs of a new project answering COMING_UP before it is ACTIVE_HEALTHY. @default 2 */
    healthyAfterPolls?: number;
    /** Polls of the organization's projects before a new replica is ACTIVE_HEALTHY. @default 1 */
    replicaHealthyAfterPolls?: number;
}

/** How the next replica set up behaves. */
export interface ReplicaBehaviour {
    /** Reach INIT_READ_REPLICA_FAILED instead of ACTIVE_HEALTHY. */
    fails?: boolean;
    /**
     * What POST /read-replicas/remove does: `"immediate"` (gone at once, the default), a number (GOING_DOWN for that
     * many listings, then gone), `"ignored"` (201 but nothing happens) or `"not-found"` (404, nothing happens).
     */
    removal?: "immediate" | "ignored" | "not-found" | number;
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

export class FakeSupabase {
    readonly calls: RecordedCall[] = [];
    readonly projects = new Map<string, FakeProject>();
    private readonly failures: (InjectedFailure & { seen: number; used: number })[] = [];
    private readonly hanging: http.ServerResponse[] = [];
    private server?: http.Server;
    private counter = 0;
    private replicaPolls = new Map<string, number>();
    private replicaBehaviour = new Map<string, ReplicaBehaviour & { goingDownListings?: number }>();
    /** Settings for the next created project. */
    next: { healthyAfter?: number; vanishAfter?: number; stuck?: boolean; failWith?: V1ProjectWithDatabaseResponseStatus } = {};
    /** Behaviour of the next replica set up. */
    nextReplica: ReplicaBehaviour = {};
    url = "";

    constructor(readonly options: FakeOptions) {}

    async start(): Promise<string> {
        this.server = http.createServer((req, res) => {
            let raw = "";
            req.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
            req.on("end", () => this.handle(req, res, raw));
        });
        await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
        const address = this.server.address() as AddressInfo;
        this.url = `http://127.0.0.1:${address.port}`;
        return this.url;
    }

    async stop(): Promise<void> {
        for (const res of this.hanging) res.destroy();
        this.server?.closeAllConnections();
        await new Promise<void>((resolve) => this.server?.close(() => resolve()));
    }

    fail(failure: InjectedFailure): void {
        this.failures.push({ ...failure, seen: 0, used: 0 });
    }

    /** Adds a project directly (e.g. a pre-existing one). */
    seed(name: string, organization = "acme", status: V1ProjectWithDatabaseResponseStatus = "ACTIVE_HEALTHY"): string {
        const ref = this.newRef();
        this.projects.set(
            ref,
            this.newProject(
                ref,
                { name, organization_slug: organization, db_pass: "x", region_selection: { type: "specific", code: "us-east-1" } },
                status,
            ),
        );
        return ref;
    }

    callsTo(method: string, path: RegExp): RecordedCall[] {
        return this.calls.filter((c) => c.method === method && path.test(c.path));
    }

    private newRef(): string {
        this.counter++;
        let ref = "";
        let n = this.counter;
        for (let i = 0; i < 20; i++) {
            ref += LETTERS[(n + i * 7) % 26];
            n = Math.floor(n / 3) + i;
        }
        return ref;
    }

    private newProject(ref: string, body: V1CreateProjectBody, status: V1ProjectWithDatabaseResponseStatus = "COMING_UP"): FakeProject {
        const region = body.region_selection?.type === "specific" ? body.region_selection.code : (body.region ?? "us-east-1");
        const size = body.desired_instance_size ?? "nano";
        return {
            data: {
                id: ref,
                ref,
                organization_id: body.organization_slug,
                organization_slug: body.organization_slug,
                name: body.name,
                region,
                created_at: new Date(0).toISOString(),
                status,
                database: { host: `db.${ref}.supabase.co`, version: "17.4.1.054", postgres_engine: "17", release_channel: "ga" },
            },
            dbPass: body.db_pass,
            polls: 0,
            healthyAfter: this.next.healthyAfter ?? this.options.healthyAfterPolls ?? 2,
            vanishAfter: this.next.vanishAfter,
            stuck: this.next.stuck,
            failWith: this.next.failWith,
            addons:
                size === "nano" || size === "pico"
                    ? []
                    : [
                          {
                              type: "compute_instance",
                              variant: {
                                  id: `ci_${size}` as "ci_small",
                                  name: size,
                                  price: { description: "", type: "fixed", interval: "hourly", amount: 0 },
                              },
                          },
                      ],
            ssl: false,
            network: { dbAllowedCidrs: ["0.0.0.0/0"], dbAllowedCidrsV6: ["::/0"] },
            postgres: {},
            replicas: [],
        };
    }

    private send(res: http.ServerResponse, call: RecordedCall, status: number, body?: unknown, headers: Record<string, string> = {}): void {
        call.status = status;
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(body === undefined ? "" : JSON.stringify(body));
    }

    private handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string): void {
        const [path = "", query = ""] = (req.url ?? "").split("?");
        const method = req.method ?? "GET";
        let body: unknown = undefined;
        if (raw) {
            try {
                body = JSON.parse(raw);
            } catch {
                body = raw;
            }
        }
        const call: RecordedCall = { method, path, query, body, authorization: req.headers.authorization, status: 0, at: Date.now() };
        this.calls.push(call);

        if (req.headers.authorization !== `Bearer ${this.options.token}`) return this.send(res, call, 401, { message: "Unauthorized" });

        let actThenFail: (InjectedFailure & { seen: number; used: number }) | undefined;
        for (const f of this.failures) {
            if ((f.method && f.method !== method) || !f.path.test(path)) continue;
            f.seen++;
            if (f.seen <= (f.after ?? 0) || f.used >= (f.times ?? 1)) continue;
            f.used++;
            if (f.hang) {
                this.hanging.push(res);
                return;
            }
            if (f.actThenFail) {
                actThenFail = f;
                break;
            }
            return this.send(
                res,
                call,
                f.status ?? 500,
                f.body ?? { message: "injected failure" },
                f.retryAfter ? { "retry-after": f.retryAfter } : {},
            );
        }
        const answer = (status: number, data?: unknown) => {
            if (actThenFail) return this.send(res, call, actThenFail.status ?? 500, { message: "injected failure after acting" });
            return this.send(res, call, status, data);
        };
        this.route(method, path, query, body, answer);
    }

    private route(method: string, path: string, query: string, body: unknown, answer: (status: number, data?: unknown) => void): void {
        const notFound = () => answer(404, { message: "Not found" });
        let m: RegExpMatchArray | null;

        if (path === "/v1/projects" && method === "POST") {
            const b = body as V1CreateProjectBody;
            const ref = this.newRef();
            const project = this.newProject(ref, b);
            this.next = {};
            this.projects.set(ref, project);
            const { id, ref: projectRef, organization_id, organization_slug, name, region, created_at, status } = project.data;
            const response: V1ProjectResponse = {
                id,
                ref: projectRef,
                organization_id,
                organization_slug,
                name,
                region,
                created_at,
                status,
            };
            return answer(201, response);
        }
        if (path === "/v1/projects" && method === "GET") {
            const list: V1ProjectWithDatabaseResponse[] = [...this.projects.values()].map((p) => p.data);
            return answer(200, list);
        }
        if ((m = path.match(/^\/v1\/organizations\/([^/]+)\/projects$/)) && method === "GET") {
            const params = new URLSearchParams(query);
            const limit = Number(params.get("limit") ?? 100);
            const offset = Number(params.get("offset") ?? 0);
            const all = [...this.projects.values()].filter((p) => p.data.organization_slug === decodeURIComponent(m?.[1] ?? ""));
            for (const p of all) this.advanceReplicas(p);
            const response: OrganizationProjectsResponse = {
                projects: all.slice(offset, offset + limit).map((p) => ({
                    ref: p.data.ref,
                    name: p.data.name,
                    cloud_provider: "AWS",
                    region: p.data.region,
                    is_branch: false,
                    status: p.data.status === "ACTIVE_HEALTHY" ? "ACTIVE_HEALTHY" : "COMING_UP",
                    inserted_at: p.data.created_at,
                    databases: [
                        { region: p.data.region, status: "ACTIVE_HEALTHY", cloud_provider: "AWS", identifier: p.data.ref, type: "PRIMARY" },
                        ...p.replicas,
                    ],
                })),
                pagination: { count: all.length, limit, offset },
            };
            return answer(200, response);
        }
        if (!(m = path.match(/^\/v1\/projects\/([a-z]+)(\/.*)?$/))) return notFound();
        const ref = m[1] ?? "";
        const sub = m[2] ?? "";
        const project = this.projects.get(ref);
        if (!project) return notFound();

        if (sub === "" && method === "GET") {
            project.polls++;
            if (project.vanishAfter !== undefined && project.polls > project.vanishAfter) {
                this.projects.delete(ref);
                return notFound();
            }
            if (project.data.status === "COMING_UP" && !project.stuck && project.polls > project.healthyAfter)
                project.data.status = project.failWith ?? "ACTIVE_HEALTHY";
            return answer(200, project.data);
        }
        if (sub === "" && method === "PATCH") {
            project.data.name = (body as V1UpdateProjectBody).name;
            const response: V1ProjectRefResponse = { id: 1, ref, name: project.data.name };
            return answer(200, response);
        }
        if (sub === "" && method === "DELETE") {
            this.projects.delete(ref);
            const response: V1ProjectRefResponse = { id: 1, ref, name: project.data.name };
            return answer(200, response);
        }
        if (sub === "/health" && method === "GET") {
            const response: V1ServiceHealthResponse[] = [
                {
                    name: "db",
                    healthy: project.data.status === "ACTIVE_HEALTHY",
                    status: project.data.status === "ACTIVE_HEALTHY" ? "ACTIVE_HEALTHY" : "COMING_UP",
                },
            ];
            return answer(200, response);
        }
        if (sub === "/database/password" && method === "PATCH") {
            project.dbPass = (body as V1UpdatePasswordBody).password;
            return answer(200, { message: "ok" });
        }
        if (sub === "/billing/addons" && method === "GET") {
            const response: ListProjectAddonsResponse = { selected_addons: project.addons, available_addons: [] };
            return answer(200, response);
        }
        if (sub === "/billing/addons" && method === "PATCH") {
            const b = body as ApplyProjectAddonBody;
            if (b.addon_type === "pitr") {
                const compute = project.addons.find((a) => a.type === "compute_instance")?.variant.id;
                if (!compute || compute === "ci_micro") return answer(400, { message: "PITR requires at least a Small compute add-on" });
            }
            project.addons = project.addons.filter((a) => a.type !== b.addon_type);
            project.addons.push({
                type: b.addon_type,
                variant: {
                    id: b.addon_variant,
                    name: b.addon_variant,
                    price: { description: "", type: "fixed", interval: "hourly", amount: 0 },
                },
            });
            if (b.addon_type === "compute_instance") project.data.status = "ACTIVE_HEALTHY";
            return answer(200);
        }
        if ((m = sub.match(/^\/billing\/addons\/([a-z0-9_]+)$/)) && method === "DELETE") {
            const before = project.addons.length;
            project.addons = project.addons.filter((a) => a.variant.id !== m?.[1]);
            return before === project.addons.length ? notFound() : answer(200);
        }
        if (sub === "/ssl-enforcement" && method === "GET") {
            const response: SslEnforcementResponse = { currentConfig: { database: project.ssl }, appliedSuccessfully: true };
            return answer(200, response);
        }
        if (sub === "/ssl-enforcement" && method === "PUT") {
            project.ssl = (body as SslEnforcementRequest).requestedConfig.database;
            const response: SslEnforcementResponse = { currentConfig: { database: project.ssl }, appliedSuccessfully: true };
            return answer(200, response);
        }
        if (sub === "/network-restrictions" && method === "GET") {
            const response: NetworkRestrictionsResponse = { entitlement: "allowed", config: project.network, status: "applied" };
            return answer(200, response);
        }
        if (sub === "/network-restrictions/apply" && method === "POST") {
            project.network = body as NetworkRestrictionsRequest;
            const response: NetworkRestrictionsResponse = { entitlement: "allowed", config: project.network, status: "stored" };
            return answer(201, response);
        }
        if (sub === "/config/database/postgres" && method === "GET") return answer(200, project.postgres);
        if (sub === "/config/database/postgres" && method === "PUT") {
            const settings: UpdatePostgresConfigBody = { ...(body as UpdatePostgresConfigBody) };
            delete settings.restart_database;
            project.postgres = { ...project.postgres, ...settings };
            return answer(200, project.postgres);
        }
        if (sub === "/config/database/pooler" && method === "GET") {
            const entry = (identifier: string, type: "PRIMARY" | "READ_REPLICA", region: string): SupavisorConfigResponse => ({
                identifier,
                database_type: type,
                is_using_scram_auth: true,
                db_user: `postgres.${ref}`,
                db_host: `aws-0-${region}.pooler.supabase.com`,
                db_port: 6543,
                db_name: "postgres",
                connection_string: `postgresql://postgres.${ref}:[YOUR-PASSWORD]@aws-0-${region}.pooler.supabase.com:6543/postgres`,
                connectionString: "",
                default_pool_size: null,
                max_client_conn: null,
                pool_mode: "transaction",
            });
            return answer(200, [
                entry(ref, "PRIMARY", project.data.region),
                ...project.replicas.map((r) => entry(r.identifier, "READ_REPLICA", r.region)),
            ]);
        }
        if (sub === "/api-keys" && method === "GET") {
            const response: ApiKeyResponse[] = [
                { name: "anon", api_key: `anon-key-of-${ref}`, type: "legacy" },
                { name: "service_role", api_key: `service-role-key-of-${ref}`, type: "legacy" },
            ];
            return answer(200, response);
        }
        if (sub === "/read-replicas/setup" && method === "POST") {
            const region = (body as SetUpReadReplicaBody).read_replica_region;
            const identifier = `${ref}-rr-${region}-${String(project.replicas.length + 1).padStart(5, "0")}`;
            project.replicas.push({ region, status: "INIT_READ_REPLICA", cloud_provider: "AWS", identifier, type: "READ_REPLICA" });
            this.replicaPolls.set(identifier, 0);
            this.replicaBehaviour.set(identifier, this.nextReplica);
            this.nextReplica = {};
            return answer(201);
        }
        if (sub === "/read-replicas/remove" && method === "POST") {
            const id = (body as RemoveReadReplicaBody).database_identifier;
            const replica = project.replicas.find((r) => r.identifier === id);
            const behaviour = this.replicaBehaviour.get(id) ?? {};
            if (!replica || behaviour.removal === "not-found") return notFound();
            if (behaviour.removal === "ignored") return answer(201);
            if (typeof behaviour.removal === "number") {
                replica.status = "GOING_DOWN";
                behaviour.goingDownListings = behaviour.removal;
                return answer(201);
            }
            project.replicas = project.replicas.filter((r) => r.identifier !== id);
            return answer(201);
        }
        return notFound();
    }

    private advanceReplicas(project: FakeProject): void {
        for (const r of project.replicas) {
            const polls = (this.replicaPolls.get(r.identifier) ?? 0) + 1;
            this.replicaPolls.set(r.identifier, polls);
            const behaviour = this.replicaBehaviour.get(r.identifier) ?? {};
            if (r.status === "INIT_READ_REPLICA" && polls > (this.options.replicaHealthyAfterPolls ?? 1))
                r.status = behaviour.fails ? "INIT_READ_REPLICA_FAILED" : "ACTIVE_HEALTHY";
            if (r.status === "GOING_DOWN" && behaviour.goingDownListings !== undefined) behaviour.goingDownListings--;
        }
        // A replica going down is listed (as GOING_DOWN) as many times as asked, then gone.
        project.replicas = project.replicas.filter((r) => (this.replicaBehaviour.get(r.identifier)?.goingDownListings ?? 0) >= 0);
    }
}
