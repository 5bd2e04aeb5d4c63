/**
 * A minimal client of the Supabase Management API (`https://api.supabase.com/v1`) for the dynamic providers of this
 * folder (one file per resource, re-exported by `./provider.ts`): the HTTP client with retries and redaction, the
 * status polls, and the calls more than one provider makes (project status, billing add-ons).
 *
 * Everything here is a plain function over the global `fetch`: dynamic provider code is serialized into the stack's
 * state by Pulumi's closure serializer and run later by the dynamic provider host, so it must not hold sockets,
 * clients or module-level state, and it reads its configuration (token, base URL, timeouts) from the environment
 * at call time, never at import time. Request and response shapes are the generated types of the published OpenAPI
 * document (`supabase-management-js`, type-only imports: its runtime is never loaded).
 *
 * Environment (read on every call):
 * - `SUPABASE_ACCESS_TOKEN` (required): a personal access token or an OAuth token of the Management API.
 * - `SUPABASE_API_URL`: base URL, default `https://api.supabase.com` (tests point it at a loopback fake).
 * - `SUPABASE_REQUEST_TIMEOUT_MS`: per-request timeout, default 30 000.
 * - `SUPABASE_MAX_ATTEMPTS`: attempts per request on 408, 429, 5xx and network errors, default 6.
 * - `SUPABASE_RETRY_BASE_MS`: first backoff delay (doubling, with jitter, capped at 30 s), default 1 000.
 * - `SUPABASE_RETRY_AFTER_MAX_MS`: the longest `Retry-After` honoured, default 120 000.
 * - `SUPABASE_POLL_INTERVAL_MS`: first status-poll interval (growing 1.5× to 30 s), default 5 000.
 * - `SUPABASE_POLL_TIMEOUT_MS`: how long to wait for a project or replica to become healthy, default 1 200 000 (20 min).
 */
import type {
    ApplyProjectAddonBody,
    ListProjectAddonsResponse,
    V1ProjectWithDatabaseResponse,
    V1ProjectWithDatabaseResponseStatus,
    V1ServiceHealthResponse,
} from "supabase-management-js";

/** Settings of one API session, resolved from the environment when a provider method starts. */
export interface ApiSettings {
    baseUrl: string;
    token: string;
    timeoutMs: number;
    maxAttempts: number;
    retryBaseMs: number;
    retryAfterMaxMs: number;
    pollIntervalMs: number;
    pollTimeoutMs: number;
}

/** An HTTP error answered by the Management API (after retries), with the token never in its message. */
export interface ApiError extends Error {
    status?: number;
    method?: string;
    path?: string;
}

/** Reads a positive number from the environment. */
export function envNumber(name: string, fallback: number): number {
    const raw = process.env[name];
    if (raw === undefined || raw.trim() === "") return fallback;
    const value = Number(raw);
    return Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** The API settings from the environment; throws a clear error (without any secret) when the token is missing. */
export function apiSettings(): ApiSettings {
    const token = process.env["SUPABASE_ACCESS_TOKEN"];
    if (!token) {
        throw new Error(
            "SUPABASE_ACCESS_TOKEN is not set: create a personal access token at https://supabase.com/dashboard/account/tokens " +
                "and export it (or set it as a secret environment variable in CI) before running pulumi.",
        );
    }
    return {
        baseUrl: (process.env["SUPABASE_API_URL"] || "https://api.supabase.com").replace(/\/+$/, ""),
        token,
        timeoutMs: envNumber("SUPABASE_REQUEST_TIMEOUT_MS", 30_000),
        maxAttempts: Math.max(1, Math.floor(envNumber("SUPABASE_MAX_ATTEMPTS", 6))),
        retryBaseMs: envNumber("SUPABASE_RETRY_BASE_MS", 1_000),
        retryAfterMaxMs: envNumber("SUPABASE_RETRY_AFTER_MAX_MS", 120_000),
        pollIntervalMs: envNumber("SUPABASE_POLL_INTERVAL_MS", 5_000),
        pollTimeoutMs: envNumber("SUPABASE_POLL_TIMEOUT_MS", 1_200_000),
    };
}

/** Longest delay `setTimeout` keeps: beyond it Node fires after 1 ms, which would turn a long wait into none. */
const MAX_TIMER_MS = 2_147_483_647;

export function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.min(ms, MAX_TIMER_MS)));
}

/** Names of JSON fields whose values are secrets: `db_pass`, `password`, `api_key`, `service_role_key`, `secret`, `token`, `jwt_secret`. */
const SECRET_FIELD = /pass(word)?|secret|api_?key|service_?role|token|jwt/i;

/** Shortest value treated as a secret by {@link secretsIn}: shorter values would redact ordinary words. */
const MIN_SECRET_LENGTH = 4;

/** The string values of secret-named fields anywhere in a request body (e.g. `db_pass` of POST /v1/projects). */
export function secretsIn(body: unknown): string[] {
    const found: string[] = [];
    const walk = (value: unknown, secretField: boolean): void => {
        if (typeof value === "string") {
            if (secretField && value.length >= MIN_SECRET_LENGTH) found.push(value);
        } else if (Array.isArray(value)) {
            for (const v of value) walk(v, secretField);
        } else if (value !== null && typeof value === "object") {
            for (const [k, v] of Object.entries(value)) walk(v, secretField || SECRET_FIELD.test(k));
        }
    };
    walk(body, false);
    return found;
}

/**
 * Removes secrets from text shown to the user (API error bodies, network errors): the given values (the token,
 * passwords sent in the request), and anything shaped like a secret whatever request it came from: bearer headers,
 * JWTs (the legacy `anon`/`service_role` keys are JWTs), `sb_secret_…` keys, `sbp_…` access tokens, the password of a
 * `postgres://user:password@` URL, and the value of any JSON field named like a password or key.
 */
export function redact(text: string, secrets: string | readonly string[]): string {
    let out = text;
    // Longest first, so that a secret containing another is removed whole.
    const known = (typeof secrets === "string" ? [secrets] : [...secrets]).filter((v) => v.length > 0).sort((a, b) => b.length - a.length);
    for (const value of known) {
        out = out.split(value).join("[redacted]");
        const quoted = JSON.stringify(value).slice(1, -1); // the value as it appears inside a JSON string
        if (quoted !== value) out = out.split(quoted).join("[redacted]");
    }
    return out
        .replace(/Bearer\s+[A-Za-z0-9._~+/=-]+/g, "Bearer [redacted]")
        .replace(/eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, "[redacted]")
        .replace(/\b(sb_secret_|sbp_)[A-Za-z0-9_-]+/g, "$1[redacted]")
        .replace(/(postgres(?:ql)?:\/\/[^:/@\s]+:)[^@\s]+@/g, "$1[redacted]@")
        .replace(/("[A-Za-z0-9_]*(?:pass|secret|key|token|jwt)[A-Za-z0-9_]*"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, '$1"[redacted]"');
}

/** `Retry-After` as milliseconds (delta-seconds or an HTTP date), or undefined. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
    if (!header) return undefined;
    const seconds = Number(header);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(header);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with jitter: base × 2^(attempt-1) × [0.5, 1), capped at 30 s. */
export function backoffMs(attempt: number, baseMs: number): number {
    const exp = Math.min(30_000, baseMs * 2 ** (attempt - 1));
    return Math.round(exp * (0.5 + Math.random() / 2));
}

export function isRetryableStatus(status: number): boolean {
    return status === 408 || status === 429 || status >= 500;
}

export function apiError(message: string, status?: number, method?: string, path?: string): ApiError {
    const err: ApiError = new Error(message);
    err.name = "SupabaseApiError";
    err.status = status;
    err.method = method;
    err.path = path;
    return err;
}

export interface RequestOptions {
    /** JSON body. */
    body?: unknown;
    /**
     * Whether the request may be repeated after an ambiguous failure (a timeout, a dropped connection or a 5xx after
     * which the server may have acted). 408 and 429 are retried regardless: the server did not act on them.
     * @default true for GET, PUT, PATCH and DELETE, false for POST
     */
    idempotent?: boolean;
    /** Statuses returned to the caller instead of thrown (e.g. 404 on delete). */
    accept?: number[];
    /** Values never to quote in an error, beyond the token and the secret-named fields of `body` ({@link secretsIn}). */
    secrets?: readonly string[];
}

export interface ApiResponse<T> {
    status: number;
    data: T;
}

/**
 * One Management API call with a per-attempt timeout (`AbortSignal.timeout`), retries with exponential backoff
 * on 408, 429 and 5xx (honouring `Retry-After`), and errors that name the method, path and status but never the
 * token.
 */
export async function apiRequest<T>(s: ApiSettings, method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const idempotent = options.idempotent ?? method !== "POST";
    const url = `${s.baseUrl}${path}`;
    const secrets = [s.token, ...secretsIn(options.body), ...(options.secrets ?? [])];
    let lastProblem = "";
    for (let attempt = 1; attempt <= s.maxAttempts; attempt++) {
        const last = attempt === s.maxAttempts;
        let response: Response;
        let text: string;
        try {
            response = await fetch(url, {
                method,
                headers: {
                    Authorization: `Bearer ${s.token}`,
                    Accept: "application/json",
                    ...(options.body === undefined ? {} : { "Content-Type": "application/json" }),
                },
                body: options.body === undefined ? undefined : JSON.stringify(options.body),
                signal: AbortSignal.timeout(s.timeoutMs),
            });
            text = await response.text();
        } catch (err) {
            const e = err as { name?: string; message?: string; cause?: { message?: string } };
            const timedOut = e.name === "TimeoutError" || e.name === "AbortError";
            lastProblem = timedOut
                ? `timed out after ${s.timeoutMs} ms`
                : `failed: ${redact(String(e.cause?.message ?? e.message ?? err), secrets)}`;
            if (!idempotent || last) {
                throw apiError(
                    `Supabase API ${method} ${path} ${lastProblem} (attempt ${attempt} of ${s.maxAttempts}${idempotent ? "" : "; not retried: the request may have been acted on"})`,
                    undefined,
                    method,
                    path,
                );
            }
            await sleep(backoffMs(attempt, s.retryBaseMs));
            continue;
        }
        if (response.ok || options.accept?.includes(response.status)) {
            let data: unknown = undefined;
            if (text.length > 0) {
                try {
                    data = JSON.parse(text);
                } catch {
                    data = text;
                }
            }
            return { status: response.status, data: data as T };
        }
        // Redact before cutting: a cut through a secret would leave a prefix that no longer matches it.
        const detail = redact(text, secrets).slice(0, 500);
        lastProblem = `answered ${response.status}${detail ? `: ${detail}` : ""}`;
        const retryable = response.status === 408 || response.status === 429 || (idempotent && response.status >= 500);
        if (!retryable || last) {
            throw apiError(
                `Supabase API ${method} ${path} ${lastProblem} (attempt ${attempt} of ${s.maxAttempts})`,
                response.status,
                method,
                path,
            );
        }
        const hinted = retryAfterMs(response.headers.get("retry-after"));
        await sleep(hinted !== undefined ? Math.min(hinted, s.retryAfterMaxMs) : backoffMs(attempt, s.retryBaseMs));
    }
    throw apiError(`Supabase API ${method} ${path} ${lastProblem}`, undefined, method, path);
}

/**
 * Statuses after which a project will not become healthy by waiting: the wait stops at once and names the status.
 * From the project status enum of the Management API's OpenAPI document (supabase-community/supabase-management-js,
 * `openapi/v1.json`, `V1ProjectWithDatabaseResponse.status`, line 11864): INACTIVE (paused), GOING_DOWN and PAUSING
 * (on the way to paused or deleted), REMOVED, and the three *_FAILED states. The others (COMING_UP, RESTARTING,
 * RESIZING, UPGRADING, RESTORING, ACTIVE_UNHEALTHY, UNKNOWN) can still end in ACTIVE_HEALTHY, so they are waited out.
 */
export const FAILED_PROJECT_STATUSES: readonly V1ProjectWithDatabaseResponseStatus[] = [
    "INIT_FAILED",
    "REMOVED",
    "RESTORE_FAILED",
    "PAUSE_FAILED",
    "INACTIVE",
    "GOING_DOWN",
    "PAUSING",
];

/** GET /v1/projects/{ref}, or undefined when it answers 404. */
export async function getProject(s: ApiSettings, ref: string): Promise<V1ProjectWithDatabaseResponse | undefined> {
    const res = await apiRequest<V1ProjectWithDatabaseResponse>(s, "GET", `/v1/projects/${encodeURIComponent(ref)}`, { accept: [404] });
    return res.status === 404 ? undefined : res.data;
}

/**
 * Calls `step` until it settles, sleeping `pollIntervalMs` between calls at first and 1.5× longer each time (at most
 * 30 s). `step` returns `{ done: value }` to stop with that value, or undefined to go on; it may throw. The deadline
 * (`pollTimeoutMs`) counts from the call of `poll`: when the next sleep would end past it, `poll` resolves
 * `timedOut()` instead (which may throw).
 */
export async function poll<T>(s: ApiSettings, step: () => Promise<{ done: T } | undefined>, timedOut: () => T): Promise<T> {
    const deadline = Date.now() + s.pollTimeoutMs;
    let interval = s.pollIntervalMs;
    for (;;) {
        const result = await step();
        if (result) return result.done;
        if (Date.now() + interval > deadline) return timedOut();
        await sleep(interval);
        interval = Math.min(30_000, Math.ceil(interval * 1.5));
    }
}

/**
 * Polls GET /v1/projects/{ref} (and then GET /v1/projects/{ref}/health?services=db) with a growing interval until the
 * project is ACTIVE_HEALTHY and its database answers, or throws: on a failed status, on 404 (the project vanished)
 * and after `pollTimeoutMs`. Errors name the project ref.
 */
export async function waitForProjectHealthy(s: ApiSettings, ref: string): Promise<V1ProjectWithDatabaseResponse> {
    let lastStatus = "unknown";
    return poll(
        s,
        async () => {
            const project = await getProject(s, ref);
            if (!project) {
                throw apiError(
                    `Supabase project ${ref} disappeared (GET /v1/projects/${ref} answered 404) while waiting for it to become ACTIVE_HEALTHY`,
                    404,
                    "GET",
                    `/v1/projects/${ref}`,
                );
            }
            lastStatus = project.status;
            if (FAILED_PROJECT_STATUSES.includes(project.status)) {
                throw apiError(`Supabase project ${ref} reached status ${project.status} while waiting for ACTIVE_HEALTHY`);
            }
            if (project.status === "ACTIVE_HEALTHY") {
                const health = await apiRequest<V1ServiceHealthResponse[]>(
                    s,
                    "GET",
                    `/v1/projects/${encodeURIComponent(ref)}/health?services=db`,
                    { accept: [404] },
                );
                if (health.status === 404) {
                    throw apiError(
                        `Supabase project ${ref} disappeared (health check answered 404) while waiting for it to become ACTIVE_HEALTHY`,
                        404,
                    );
                }
                const db = Array.isArray(health.data) ? health.data.find((h) => h.name === "db") : undefined;
                if (!db || db.status === "ACTIVE_HEALTHY") return { done: project };
                lastStatus = `ACTIVE_HEALTHY (database service ${db.status})`;
            }
            return undefined;
        },
        () => {
            throw apiError(
                `Supabase project ${ref} did not become ACTIVE_HEALTHY within ${s.pollTimeoutMs} ms (last status: ${lastStatus})`,
            );
        },
    );
}

/** PATCH /v1/projects/{ref}/billing/addons (the compute add-on of a project, its PITR add-on). */
export async function applyAddon(s: ApiSettings, ref: string, body: ApplyProjectAddonBody): Promise<void> {
    await apiRequest<void>(s, "PATCH", `/v1/projects/${ref}/billing/addons`, { body });
}

/** DELETE /v1/projects/{ref}/billing/addons/{variant}; 404 means already gone. */
export async function removeAddon(s: ApiSettings, ref: string, variant: string): Promise<void> {
    await apiRequest<void>(s, "DELETE", `/v1/projects/${ref}/billing/addons/${variant}`, { accept: [404] });
}

/**
 * A setting resource's `read`: GET /v1/projects/{ref}/{path}. A 404 (the project or the setting is gone) reads as
 * deleted, so a refresh drops the resource from state; otherwise `toProps` turns the answer into its outputs.
 */
export async function readSetting<T, O>(
    ref: string,
    id: string,
    path: string,
    toProps: (data: T) => O,
): Promise<{ id?: string; props?: O }> {
    const res = await apiRequest<T>(apiSettings(), "GET", `/v1/projects/${ref}/${path}`, { accept: [404] });
    return res.status === 404 ? {} : { id, props: toProps(res.data) };
}

/** GET /v1/projects/{ref}/billing/addons; undefined when the project is gone (404). */
export async function listAddons(s: ApiSettings, ref: string): Promise<ListProjectAddonsResponse | undefined> {
    const res = await apiRequest<ListProjectAddonsResponse>(s, "GET", `/v1/projects/${ref}/billing/addons`, { accept: [404] });
    return res.status === 404 ? undefined : res.data;
}
