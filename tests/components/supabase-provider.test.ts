import * as pulumi from "@pulumi/pulumi";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { redact, retryAfterMs } from "../../components/src/supabase/api";
import {
    SupabaseNetworkRestrictionsProvider,
    SupabasePitrProvider,
    SupabasePostgresConfigProvider,
    SupabaseProjectProvider,
    type SupabaseProjectInputs,
    type SupabaseProjectOutputs,
    type SupabaseReadReplicaOutputs,
    SupabaseReadReplicaProvider,
    SupabaseSslEnforcementProvider,
    pitrVariantFor,
} from "../../components/src/supabase/provider";
import { FakeSupabase } from "../support/fake-supabase";

const TOKEN = "sbp_0123456789abcdef_do_not_leak";

const INPUTS: SupabaseProjectInputs = {
    organizationId: "acme",
    name: "coachmeld-prod-db",
    region: "eu-central-1",
    instanceSize: "small",
    dbPass: "correct-horse-battery-staple",
};

let fake: FakeSupabase;
const saved = { ...process.env };

function env(values: Record<string, string>): void {
    Object.assign(process.env, values);
}

beforeEach(async () => {
    fake = new FakeSupabase({ token: TOKEN, healthyAfterPolls: 3 });
    const url = await fake.start();
    env({
        SUPABASE_API_URL: url,
        SUPABASE_ACCESS_TOKEN: TOKEN,
        SUPABASE_RETRY_BASE_MS: "5",
        SUPABASE_POLL_INTERVAL_MS: "5",
        SUPABASE_POLL_TIMEOUT_MS: "5000",
        SUPABASE_REQUEST_TIMEOUT_MS: "2000",
        SUPABASE_MAX_ATTEMPTS: "4",
    });
});

afterEach(async () => {
    await fake.stop();
    for (const key of Object.keys(process.env)) if (key.startsWith("SUPABASE_")) delete process.env[key];
    Object.assign(process.env, saved);
});

/** A create result with its outputs, which every provider here returns. */
async function made<O>(result: Promise<pulumi.dynamic.CreateResult<O>>): Promise<{ id: string; outs: O }> {
    const { id, outs } = await result;
    if (outs === undefined) throw new Error("create returned no outputs");
    return { id, outs };
}

async function rejection(p: Promise<unknown>): Promise<Error> {
    try {
        await p;
    } catch (err) {
        return err as Error;
    }
    throw new Error("expected a rejection");
}

describe("SupabaseProjectProvider.create", () => {
    it("posts the spec's body, polls until ACTIVE_HEALTHY and returns the project's endpoints and keys", async () => {
        const { id, outs } = await made(new SupabaseProjectProvider().create(INPUTS));
        expect(id).toMatch(/^[a-z]{20}$/);
        const post = fake.callsTo("POST", /^\/v1\/projects$/);
        expect(post).toHaveLength(1);
        expect(post[0]?.body).toEqual({
            name: "coachmeld-prod-db",
            organization_slug: "acme",
            db_pass: "correct-horse-battery-staple",
            region_selection: { type: "specific", code: "eu-central-1" },
            desired_instance_size: "small",
        });
        // COMING_UP for 3 polls, then ACTIVE_HEALTHY; then the db service health check.
        expect(fake.callsTo("GET", new RegExp(`^/v1/projects/${id}$`)).length).toBeGreaterThanOrEqual(4);
        expect(fake.callsTo("GET", new RegExp(`^/v1/projects/${id}/health$`))[0]?.query).toBe("services=db");
        expect(outs).toMatchObject({
            ref: id,
            status: "ACTIVE_HEALTHY",
            apiUrl: `https://${id}.supabase.co`,
            dbHost: `db.${id}.supabase.co`,
            dbPort: 5432,
            poolerHost: "aws-0-eu-central-1.pooler.supabase.com",
            poolerPort: 6543,
            anonKey: `anon-key-of-${id}`,
            serviceRoleKey: `service-role-key-of-${id}`,
        });
        expect(fake.calls.every((c) => c.authorization === `Bearer ${TOKEN}`)).toBe(true);
    });

    it("retries 429 honouring Retry-After and retries 500 on reads", async () => {
        fake.fail({ method: "POST", path: /^\/v1\/projects$/, status: 429, retryAfter: "1" });
        fake.fail({ method: "GET", path: /^\/v1\/projects\/[a-z]+$/, status: 500, times: 2 });
        const started = Date.now();
        const { id } = await made(new SupabaseProjectProvider().create(INPUTS));
        const posts = fake.callsTo("POST", /^\/v1\/projects$/);
        expect(posts.map((c) => c.status)).toEqual([429, 201]);
        expect((posts[1]?.at ?? 0) - (posts[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
        expect(Date.now() - started).toBeGreaterThanOrEqual(950);
        expect(fake.callsTo("GET", new RegExp(`^/v1/projects/${id}$`)).filter((c) => c.status === 500)).toHaveLength(2);
        expect(fake.projects.size).toBe(1);
    });

    it("never creates two projects when a POST fails ambiguously: adopts the one that appeared, or posts again", async () => {
        fake.seed("coachmeld-prod-db"); // an older project of the same name must not be adopted
        fake.fail({ method: "POST", path: /^\/v1\/projects$/, status: 502, actThenFail: true });
        const { id } = await made(new SupabaseProjectProvider().create(INPUTS));
        expect(fake.callsTo("POST", /^\/v1\/projects$/)).toHaveLength(1);
        expect(fake.projects.size).toBe(2);
        expect(fake.projects.get(id)?.data.status).toBe("ACTIVE_HEALTHY");

        fake.fail({ method: "POST", path: /^\/v1\/projects$/, status: 503 });
        await made(new SupabaseProjectProvider().create({ ...INPUTS, name: "other" }));
        expect(fake.callsTo("POST", /^\/v1\/projects$/).map((c) => c.status)).toEqual([502, 503, 201]);
        expect([...fake.projects.values()].filter((p) => p.data.name === "other")).toHaveLength(1);
    });

    it("gives a clear timeout error naming the request, and cleans up the half-created project", async () => {
        env({ SUPABASE_REQUEST_TIMEOUT_MS: "150", SUPABASE_MAX_ATTEMPTS: "2" });
        fake.fail({ method: "GET", path: /^\/v1\/projects\/[a-z]+$/, hang: true, times: 2 });
        const err = await rejection(new SupabaseProjectProvider().create(INPUTS));
        const ref = fake.callsTo("DELETE", /^\/v1\/projects\/[a-z]+$/)[0]?.path.split("/")[3];
        expect(ref).toMatch(/^[a-z]{20}$/);
        expect(err.message).toContain(`GET /v1/projects/${ref} timed out after 150 ms (attempt 2 of 2)`);
        expect(err.message).toContain(`Supabase project ${ref}`);
        expect(err.message).toContain("has been deleted");
        expect(fake.projects.size).toBe(0);
    });

    it("names the ref when the project vanishes mid-poll, and leaves nothing behind", async () => {
        fake.next = { vanishAfter: 1 };
        const err = await rejection(new SupabaseProjectProvider().create(INPUTS));
        const ref =
            fake.callsTo("POST", /^\/v1\/projects$/).length === 1
                ? fake.calls.find((c) => c.method === "GET" && /^\/v1\/projects\/[a-z]+$/.test(c.path))?.path.split("/")[3]
                : undefined;
        expect(err.message).toContain(`Supabase project ${ref}`);
        expect(err.message).toMatch(/disappeared/);
        expect(err.message).toMatch(/nothing is left behind/);
        expect(fake.projects.size).toBe(0);
    });

    it("deletes the project when polling times out", async () => {
        env({ SUPABASE_POLL_TIMEOUT_MS: "100" });
        fake.next = { stuck: true };
        const err = await rejection(new SupabaseProjectProvider().create(INPUTS));
        const del = fake.callsTo("DELETE", /^\/v1\/projects\/[a-z]+$/);
        expect(del).toHaveLength(1);
        const ref = del[0]?.path.split("/")[3];
        expect(err.message).toContain(`Supabase project ${ref} (coachmeld-prod-db) was created but did not become healthy`);
        expect(err.message).toContain("did not become ACTIVE_HEALTHY within 100 ms (last status: COMING_UP)");
        expect(err.message).toContain("It has been deleted");
        expect(fake.projects.size).toBe(0);
    });

    it("names the ref for manual clean-up when the clean-up delete fails too", async () => {
        env({ SUPABASE_POLL_TIMEOUT_MS: "50", SUPABASE_MAX_ATTEMPTS: "2" });
        fake.next = { stuck: true };
        fake.fail({ method: "DELETE", path: /^\/v1\/projects\//, status: 500, times: 5 });
        const err = await rejection(new SupabaseProjectProvider().create(INPUTS));
        const ref = [...fake.projects.keys()][0];
        expect(err.message).toContain(`delete project ${ref} yourself`);
        expect(err.message).toContain(`DELETE /v1/projects/${ref}`);
    });

    it("never puts the token in an error message", async () => {
        fake.fail({
            method: "POST",
            path: /^\/v1\/projects$/,
            status: 400,
            body: { message: `bad request from Bearer ${TOKEN}`, echo: TOKEN },
        });
        const err = await rejection(new SupabaseProjectProvider().create(INPUTS));
        expect(err.message).toContain("POST /v1/projects answered 400");
        expect(err.message).not.toContain(TOKEN);

        env({ SUPABASE_ACCESS_TOKEN: "sbp_wrong_token_value" });
        const unauthorized = await rejection(new SupabaseProjectProvider().delete("abcdefghijklmnopqrst"));
        expect(unauthorized.message).toContain("answered 401");
        expect(unauthorized.message).not.toContain("sbp_wrong_token_value");

        delete process.env["SUPABASE_ACCESS_TOKEN"];
        const missing = await rejection(new SupabaseProjectProvider().create(INPUTS));
        expect(missing.message).toMatch(/SUPABASE_ACCESS_TOKEN is not set/);
        expect(redact(`x Bearer ${TOKEN} y ${TOKEN}`, TOKEN)).toBe("x Bearer [redacted] y [redacted]");
    });

    it("parses Retry-After as seconds or an HTTP date", () => {
        expect(retryAfterMs("2")).toBe(2000);
        expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
        expect(retryAfterMs(null)).toBeUndefined();
    });
});

describe("failed statuses, Retry-After cap, secrets in error bodies", () => {
    // Statuses from the Management API's OpenAPI document (supabase-community/supabase-management-js, openapi/v1.json,
    // V1ProjectWithDatabaseResponse.status) after which a project never becomes ACTIVE_HEALTHY by waiting.
    it.each(["INIT_FAILED", "REMOVED", "RESTORE_FAILED", "PAUSE_FAILED"] as const)(
        "stops waiting at once when a new project enters %s, naming it",
        async (status) => {
            fake.next = { failWith: status };
            const started = Date.now();
            const err = await rejection(new SupabaseProjectProvider().create(INPUTS));
            const ref = fake.callsTo("DELETE", /^\/v1\/projects\/[a-z]+$/)[0]?.path.split("/")[3];
            expect(err.message).toContain(`Supabase project ${ref} reached status ${status} while waiting for ACTIVE_HEALTHY`);
            expect(err.message).toContain("It has been deleted");
            // COMING_UP for 3 polls, then the failed status once: no polling on to the 5 s timeout.
            expect(fake.callsTo("GET", new RegExp(`^/v1/projects/${ref}$`))).toHaveLength(4);
            expect(Date.now() - started).toBeLessThan(2_000);
            expect(fake.projects.size).toBe(0);
        },
    );

    it("waits no longer than SUPABASE_RETRY_AFTER_MAX_MS, whatever Retry-After asks", { timeout: 10_000 }, async () => {
        env({ SUPABASE_RETRY_AFTER_MAX_MS: "200" });
        const ref = fake.seed("existing");
        fake.fail({ method: "GET", path: /^\/v1\/projects\/[a-z]+$/, status: 429, retryAfter: "3600" });
        fake.fail({
            method: "GET",
            path: /^\/v1\/projects\/[a-z]+$/,
            status: 503,
            retryAfter: new Date(Date.now() + 86_400_000).toUTCString(),
        });
        const { props } = await new SupabaseProjectProvider().read(ref);
        expect(props).toMatchObject({ ref, status: "ACTIVE_HEALTHY" });
        const gets = fake.callsTo("GET", new RegExp(`^/v1/projects/${ref}$`));
        expect(gets.map((c) => c.status)).toEqual([429, 503, 200]);
        for (const [a, b] of [
            [0, 1],
            [1, 2],
        ] as const) {
            const waited = (gets[b]?.at ?? 0) - (gets[a]?.at ?? 0);
            expect(waited).toBeGreaterThanOrEqual(190);
            expect(waited).toBeLessThan(2_000);
        }
    });

    it("never quotes passwords or keys that an API error body echoes", async () => {
        const jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.c2lnbmF0dXJlLW9mLXRoZS1rZXk";
        const leaks = [INPUTS.dbPass, jwt, "hunter2-in-a-url", "sb_secret_0123456789abcdef", "sbp_another_access_token_1234"];
        fake.fail({
            method: "POST",
            path: /^\/v1\/projects$/,
            status: 400,
            body: {
                message: `password "${INPUTS.dbPass}" is too weak`,
                request: { db_pass: INPUTS.dbPass, service_role_key: jwt },
                hint: "try postgresql://postgres:hunter2-in-a-url@db.abc.supabase.co:5432/postgres",
                keys: ["sb_secret_0123456789abcdef", "sbp_another_access_token_1234"],
            },
        });
        const err = await rejection(new SupabaseProjectProvider().create(INPUTS));
        expect(err.message).toContain("POST /v1/projects answered 400");
        expect(err.message).toContain("is too weak"); // the rest of the body is still quoted
        for (const leak of leaks) expect(err.message).not.toContain(leak);

        // A secret cut by the 500-character limit of the quote must not leave its start behind.
        fake.fail({ method: "POST", path: /^\/v1\/projects$/, status: 422, body: { message: `${"x".repeat(480)} ${INPUTS.dbPass}` } });
        const cut = await rejection(new SupabaseProjectProvider().create(INPUTS));
        expect(cut.message).toContain("answered 422");
        expect(cut.message).not.toContain(INPUTS.dbPass.slice(0, 7));

        // The new password of an update, echoed back by a failing PATCH.
        const ref = fake.seed("existing");
        fake.fail({
            method: "PATCH",
            path: /\/database\/password$/,
            status: 400,
            body: { message: "rejected", password: "n3w-Passw0rd-value" },
        });
        const olds = { ...INPUTS, ref, status: "ACTIVE_HEALTHY", apiUrl: "", dbHost: "", dbPort: 5432, postgresVersion: "", createdAt: "" };
        const patch = await rejection(new SupabaseProjectProvider().update(ref, olds, { ...INPUTS, dbPass: "n3w-Passw0rd-value" }));
        expect(patch.message).toContain("PATCH /v1/projects/" + ref + "/database/password answered 400");
        expect(patch.message).not.toContain("n3w-Passw0rd-value");
    });
});

describe("SupabaseProjectProvider diff, update, delete, read", () => {
    async function created(): Promise<SupabaseProjectOutputs> {
        return (await made(new SupabaseProjectProvider().create(INPUTS))).outs;
    }

    it("replaces on region or organization and updates name, size and password in place", async () => {
        const p = new SupabaseProjectProvider();
        const olds = await created();
        expect(await p.diff(olds.ref, olds, { ...INPUTS, region: "us-east-1" })).toMatchObject({ changes: true, replaces: ["region"] });
        expect(await p.diff(olds.ref, olds, { ...INPUTS, organizationId: "other" })).toMatchObject({
            changes: true,
            replaces: ["organizationId"],
        });
        expect(await p.diff(olds.ref, olds, { ...INPUTS, instanceSize: "medium" })).toMatchObject({ changes: true, replaces: [] });
        expect(await p.diff(olds.ref, olds, INPUTS)).toMatchObject({ changes: false, replaces: [] });

        const { outs } = await p.update(olds.ref, olds, { ...INPUTS, name: "renamed", instanceSize: "medium", dbPass: "new-password-123" });
        expect(fake.callsTo("PATCH", new RegExp(`^/v1/projects/${olds.ref}$`))[0]?.body).toEqual({ name: "renamed" });
        expect(fake.callsTo("PATCH", /\/billing\/addons$/)[0]?.body).toEqual({
            addon_type: "compute_instance",
            addon_variant: "ci_medium",
        });
        expect(fake.callsTo("PATCH", /\/database\/password$/)[0]?.body).toEqual({ password: "new-password-123" });
        expect(outs).toMatchObject({ ref: olds.ref, name: "renamed", instanceSize: "medium" });
        expect(fake.projects.get(olds.ref)?.dbPass).toBe("new-password-123");
    });

    it("treats 404 on delete as done and reads a vanished project as gone", async () => {
        const p = new SupabaseProjectProvider();
        const olds = await created();
        await p.delete(olds.ref);
        expect(fake.projects.size).toBe(0);
        await expect(p.delete(olds.ref)).resolves.toBeUndefined();
        expect(fake.callsTo("DELETE", /^\/v1\/projects\//).map((c) => c.status)).toEqual([200, 404]);
        expect(await p.read(olds.ref, olds)).toEqual({});
    });

    it("reads the project back, keeping the password from state", async () => {
        const p = new SupabaseProjectProvider();
        const olds = await created();
        const { id, props } = await p.read(olds.ref, olds);
        expect(id).toBe(olds.ref);
        expect(props).toMatchObject({ organizationId: "acme", region: "eu-central-1", instanceSize: "small", dbPass: INPUTS.dbPass });
    });

    it("rejects unknown regions and sizes in check", async () => {
        const { failures } = await new SupabaseProjectProvider().check(INPUTS, { ...INPUTS, region: "mars-1", instanceSize: "huge" });
        expect(failures?.map((f) => f.property)).toEqual(["region", "instanceSize"]);
    });
});

describe("add-ons and settings", () => {
    async function project(size = "small"): Promise<string> {
        return (await made(new SupabaseProjectProvider().create({ ...INPUTS, instanceSize: size }))).id;
    }

    it("chooses the smallest PITR add-on keeping the requested retention", async () => {
        expect([1, 7, 8, 14, 15, 28, 29].map(pitrVariantFor)).toEqual([
            "pitr_7",
            "pitr_7",
            "pitr_14",
            "pitr_14",
            "pitr_28",
            "pitr_28",
            undefined,
        ]);
        const ref = await project();
        const p = new SupabasePitrProvider();
        const { outs } = await made(p.create({ projectRef: ref, retentionDays: 10, instanceSize: "small" }));
        expect(fake.callsTo("PATCH", /\/billing\/addons$/)[0]?.body).toEqual({ addon_type: "pitr", addon_variant: "pitr_14" });
        expect(outs).toMatchObject({ variant: "pitr_14", pitrDays: 14 });
        expect(await p.diff(`${ref}/pitr`, outs, { projectRef: ref, retentionDays: 12, instanceSize: "small" })).toMatchObject({
            changes: true,
            replaces: [],
        });
        await p.delete(`${ref}/pitr`, outs);
        expect(fake.callsTo("DELETE", /\/billing\/addons\/pitr_14$/)).toHaveLength(1);
        await expect(p.delete(`${ref}/pitr`, outs)).resolves.toBeUndefined();
    });

    it("rejects PITR below a small compute add-on and beyond 28 days", async () => {
        const { failures } = await new SupabasePitrProvider().check(
            { projectRef: "x", retentionDays: 7 },
            { projectRef: "x", retentionDays: 30, instanceSize: "micro" },
        );
        expect(failures?.map((f) => f.property)).toEqual(["retentionDays", "instanceSize"]);
    });

    it("enforces SSL, restricts networks, sets Postgres config, and undoes them on delete", async () => {
        const ref = await project();
        const ssl = new SupabaseSslEnforcementProvider();
        const s = await made(ssl.create({ projectRef: ref, enforced: true }));
        expect(fake.callsTo("PUT", /\/ssl-enforcement$/)[0]?.body).toEqual({ requestedConfig: { database: true } });
        expect(fake.projects.get(ref)?.ssl).toBe(true);

        const net = new SupabaseNetworkRestrictionsProvider();
        const n = await made(net.create({ projectRef: ref, dbAllowedCidrs: ["10.0.0.0/8"], dbAllowedCidrsV6: [] }));
        expect(fake.callsTo("POST", /\/network-restrictions\/apply$/)[0]?.body).toEqual({
            dbAllowedCidrs: ["10.0.0.0/8"],
            dbAllowedCidrsV6: [],
        });
        expect(await net.diff(n.id, n.outs, { projectRef: ref, dbAllowedCidrs: ["10.0.0.0/8"], dbAllowedCidrsV6: [] })).toMatchObject({
            changes: false,
        });

        const pg = new SupabasePostgresConfigProvider();
        const c = await made(pg.create({ projectRef: ref, settings: { statement_timeout: "30s" } }));
        expect(fake.callsTo("PUT", /\/config\/database\/postgres$/)[0]?.body).toEqual({ statement_timeout: "30s" });
        expect(c.outs.effective).toMatchObject({ statement_timeout: "30s" });

        await net.delete(n.id, n.outs);
        expect(fake.projects.get(ref)?.network).toEqual({ dbAllowedCidrs: ["0.0.0.0/0"], dbAllowedCidrsV6: ["::/0"] });
        await ssl.delete(s.id, s.outs);
        expect(fake.projects.get(ref)?.ssl).toBe(false);
    });

    it("sets up a read replica in another region, waits for it, and removes it", async () => {
        const ref = await project();
        const p = new SupabaseReadReplicaProvider();
        const { id, outs } = await made(p.create({ projectRef: ref, organizationId: "acme", region: "us-west-1" }));
        expect(fake.callsTo("POST", /\/read-replicas\/setup$/)[0]?.body).toEqual({ read_replica_region: "us-west-1" });
        expect(id).toContain("-rr-us-west-1-");
        expect(outs).toMatchObject({ identifier: id, status: "ACTIVE_HEALTHY", poolerHost: "aws-0-us-west-1.pooler.supabase.com" });
        expect(await p.diff(id, outs, { projectRef: ref, organizationId: "acme", region: "eu-west-1" })).toMatchObject({
            replaces: ["region"],
        });
        await p.delete(id, outs);
        expect(fake.callsTo("POST", /\/read-replicas\/remove$/)[0]?.body).toEqual({ database_identifier: id });
        expect(fake.projects.get(ref)?.replicas).toEqual([]);
        await expect(p.delete(id, outs)).resolves.toBeUndefined();
    });
});

describe("read replicas whose creation fails", () => {
    const REPLICA = { organizationId: "acme", region: "us-west-1" } as const;

    async function replicaOf(): Promise<string> {
        return (await made(new SupabaseProjectProvider().create(INPUTS))).id;
    }

    it("removes the failed replica and says so only once it is no longer listed", async () => {
        const ref = await replicaOf();
        fake.nextReplica = { fails: true, removal: 2 }; // the remove call only starts the teardown: GOING_DOWN for 2 listings
        const err = await rejection(new SupabaseReadReplicaProvider().create({ projectRef: ref, ...REPLICA }));
        expect(err.message).toMatch(/reached status INIT_READ_REPLICA_FAILED/);
        expect(err.message).toContain("It has been removed");
        expect(fake.projects.get(ref)?.replicas).toEqual([]);
        expect(err).not.toHaveProperty("id");
    });

    it.each(["ignored", "not-found"] as const)(
        "records the failed replica when the API does not remove it (remove %s), never claiming it is gone",
        async (removal) => {
            env({ SUPABASE_POLL_TIMEOUT_MS: "200" });
            const ref = await replicaOf();
            fake.nextReplica = { fails: true, removal };
            const p = new SupabaseReadReplicaProvider();
            const err = await rejection(p.create({ projectRef: ref, ...REPLICA }));
            const identifier = fake.projects.get(ref)?.replicas[0]?.identifier;
            expect(identifier).toContain("-rr-us-west-1-");
            expect(err.message).not.toMatch(/has been removed|nothing is left behind/);
            expect(err.message).toContain(`Read replica ${identifier}`);
            expect(err.message).toContain("Pulumi records it with status INIT_READ_REPLICA_FAILED");
            // The dynamic provider host turns an error with id and properties into ErrorResourceInitFailed: the engine
            // keeps the replica in the stack (pulumi/pulumi sdk/nodejs/cmd/dynamic-provider/index.ts, grpcResponseFromError).
            const recorded = err as Error & { id?: string; properties?: SupabaseReadReplicaOutputs };
            expect(recorded.id).toBe(identifier);
            expect(recorded.properties).toMatchObject({
                identifier,
                projectRef: ref,
                status: "INIT_READ_REPLICA_FAILED",
                supabaseResource: "read-replica",
            });
            const outs = recorded.properties as SupabaseReadReplicaOutputs;
            expect(await p.diff(outs.identifier, outs, { projectRef: ref, ...REPLICA })).toMatchObject({
                changes: true,
                replaces: ["status"],
            });
            // Deleting it fails, keeping it in the stack, while the API still lists it.
            const del = await rejection(p.delete(outs.identifier, outs));
            expect(del.message).toContain(
                `Read replica ${identifier} of Supabase project ${ref} is still listed (status INIT_READ_REPLICA_FAILED)`,
            );
        },
    );
});

describe("serialization", () => {
    it("serializes the provider into self-contained code that runs against the API", async () => {
        const provider = new SupabaseProjectProvider();
        const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
        expect(sf.text).not.toContain(TOKEN);
        expect(sf.text).not.toMatch(/require\("supabase-management-js"\)/);
        // The dynamic provider host loads the text with require-from-string and calls `handler()`.
        const Module = (await import("node:module")).default;
        const m = new Module("serialized-provider.js");
        (m as unknown as { _compile(code: string, file: string): void })._compile(sf.text, "serialized-provider.js");
        const loaded = (m.exports as { handler(): SupabaseProjectProvider }).handler();
        const { id } = await loaded.create(INPUTS);
        expect(fake.projects.get(id)?.data.status).toBe("ACTIVE_HEALTHY");
        await loaded.delete(id);
        expect(fake.projects.size).toBe(0);
    });

    /**
     * Each provider's own helpers (the private functions of its file), as the serializer names captured functions:
     * `function __<name>(`. The closure serializer copies only the functions a provider's methods reach and, of a module
     * they import from, only the properties they read (pulumi/pulumi sdk/nodejs/runtime/closure/createClosure.ts,
     * captured property chains). A provider that captured a whole module (the barrel, another resource's file) would
     * carry the other providers' helpers too.
     */
    const OWN_HELPERS = {
        project: ["postProject", "projectExtras", "projectsNamed", "projectOutputs", "deleteProject", "computeVariant", "pickExtras"],
        pitr: ["variantOrThrow"],
        ssl: ["putSslEnforcement"],
        network: ["applyNetworkRestrictions", "sameList"],
        postgresConfig: ["putPostgresConfig", "sorted"],
        replica: ["removeReplicaAndConfirm", "projectDatabases", "replicaPoolerHost", "replicaInitError"],
    } as const;
    type Kind = keyof typeof OWN_HELPERS;

    /** A diff of each provider with olds and news that differ, to compare the live and the serialized provider. */
    interface Diffable {
        diff(id: string, olds: never, news: never): Promise<pulumi.dynamic.DiffResult>;
    }
    const CASES: Record<Kind, { make(): Diffable; olds: object; news: object }> = {
        project: {
            make: () => new SupabaseProjectProvider(),
            olds: { ...INPUTS, ref: "r" },
            news: { ...INPUTS, region: "us-east-1", name: "renamed" },
        },
        pitr: {
            make: () => new SupabasePitrProvider(),
            olds: { projectRef: "r", retentionDays: 7, variant: "pitr_7", pitrDays: 7 },
            news: { projectRef: "q", retentionDays: 14 },
        },
        ssl: {
            make: () => new SupabaseSslEnforcementProvider(),
            olds: { projectRef: "r", enforced: false, appliedSuccessfully: true },
            news: { projectRef: "r", enforced: true },
        },
        network: {
            make: () => new SupabaseNetworkRestrictionsProvider(),
            olds: { projectRef: "r", dbAllowedCidrs: ["10.0.0.0/8"], dbAllowedCidrsV6: [], status: "applied" },
            news: { projectRef: "r", dbAllowedCidrs: ["192.0.2.0/24"], dbAllowedCidrsV6: [] },
        },
        postgresConfig: {
            make: () => new SupabasePostgresConfigProvider(),
            olds: { projectRef: "r", settings: { statement_timeout: "30s" }, effective: {} },
            news: { projectRef: "q", settings: { statement_timeout: "30s" } },
        },
        replica: {
            make: () => new SupabaseReadReplicaProvider(),
            olds: { projectRef: "r", organizationId: "acme", region: "us-west-1", identifier: "i", status: "INIT_FAILED" },
            news: { projectRef: "r", organizationId: "acme", region: "us-west-1" },
        },
    };

    it.each(Object.keys(OWN_HELPERS) as Kind[])(
        "serializes the %s provider with its own helpers only: no module, no other provider, no require",
        async (kind) => {
            const { make, olds, news } = CASES[kind];
            const provider = make();
            const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
            for (const own of OWN_HELPERS[kind]) expect(sf.text).toContain(`function __${own}(`);
            for (const [other, helpers] of Object.entries(OWN_HELPERS)) {
                if (other === kind) continue;
                for (const helper of helpers)
                    expect(sf.text, `${kind} captured ${other}'s ${helper}`).not.toContain(`function __${helper}(`);
            }
            // Nothing is loaded when the host runs it: no SDK (the resource classes stay behind), no API types package.
            expect(sf.text).not.toContain("require(");
            expect(sf.text).not.toMatch(/registerResource|CustomResource/);
            const Module = (await import("node:module")).default;
            const m = new Module(`serialized-${kind}.js`);
            (m as unknown as { _compile(code: string, file: string): void })._compile(sf.text, `serialized-${kind}.js`);
            const loaded = (m.exports as { handler(): Diffable }).handler();
            const live = await provider.diff("id", olds as never, news as never);
            expect(live.changes).toBe(true);
            expect(await loaded.diff("id", olds as never, news as never)).toEqual(live);
        },
    );
});

describe("diff results the engine receives", () => {
    // The Node.js dynamic provider host passes `changes`, `replaces` and `deleteBeforeReplace` to the engine
    // (pulumi/pulumi sdk/nodejs/cmd/dynamic-provider/index.ts, `diff`), so each provider's exact result matters.
    it("replaces a project setting moved to another project, deleting it first except the Postgres config", async () => {
        const pitr = { projectRef: "r", retentionDays: 7, variant: "pitr_7", pitrDays: 7 } as const;
        expect(await new SupabasePitrProvider().diff("r/pitr", pitr, { projectRef: "q", retentionDays: 7 })).toEqual({
            changes: true,
            replaces: ["projectRef"],
            deleteBeforeReplace: true,
        });
        expect(await new SupabasePitrProvider().diff("r/pitr", pitr, { projectRef: "r", retentionDays: 7 })).toEqual({
            changes: false,
            replaces: [],
            deleteBeforeReplace: true,
        });
        const ssl = { projectRef: "r", enforced: true, appliedSuccessfully: true };
        expect(await new SupabaseSslEnforcementProvider().diff("r/ssl-enforcement", ssl, { projectRef: "q", enforced: true })).toEqual({
            changes: true,
            replaces: ["projectRef"],
            deleteBeforeReplace: true,
        });
        expect(await new SupabaseSslEnforcementProvider().diff("r/ssl-enforcement", ssl, { projectRef: "r", enforced: false })).toEqual({
            changes: true,
            replaces: [],
            deleteBeforeReplace: true,
        });
        const net = { projectRef: "r", dbAllowedCidrs: ["10.0.0.0/8", "192.0.2.0/24"], dbAllowedCidrsV6: [], status: "applied" };
        const nets = new SupabaseNetworkRestrictionsProvider();
        expect(
            await nets.diff("r/network-restrictions", net, {
                projectRef: "r",
                dbAllowedCidrs: ["192.0.2.0/24", "10.0.0.0/8"],
                dbAllowedCidrsV6: [],
            }),
        ).toEqual({ changes: false, replaces: [], deleteBeforeReplace: true });
        expect(
            await nets.diff("r/network-restrictions", net, { projectRef: "q", dbAllowedCidrs: net.dbAllowedCidrs, dbAllowedCidrsV6: [] }),
        ).toEqual({ changes: true, replaces: ["projectRef"], deleteBeforeReplace: true });
        const pg = { projectRef: "r", settings: { statement_timeout: "30s", max_connections: 90 }, effective: {} };
        const pgs = new SupabasePostgresConfigProvider();
        expect(
            await pgs.diff("r/postgres-config", pg, { projectRef: "r", settings: { max_connections: 90, statement_timeout: "30s" } }),
        ).toEqual({ changes: false, replaces: [] });
        expect(await pgs.diff("r/postgres-config", pg, { projectRef: "q", settings: pg.settings })).toEqual({
            changes: true,
            replaces: ["projectRef"],
        });
    });

    it("reads a project setting's ref from its state, else from its id", async () => {
        const ref = (await made(new SupabaseProjectProvider().create(INPUTS))).id;
        await made(new SupabaseSslEnforcementProvider().create({ projectRef: ref, enforced: true }));
        const fromId = await new SupabaseSslEnforcementProvider().read(`${ref}/ssl-enforcement`);
        expect(fromId).toEqual({
            id: `${ref}/ssl-enforcement`,
            props: { projectRef: ref, enforced: true, appliedSuccessfully: true, supabaseResource: "ssl-enforcement" },
        });
        const net = await made(
            new SupabaseNetworkRestrictionsProvider().create({ projectRef: ref, dbAllowedCidrs: ["10.0.0.0/8"], dbAllowedCidrsV6: [] }),
        );
        expect(net.id).toBe(`${ref}/network-restrictions`);
        expect((await new SupabaseNetworkRestrictionsProvider().read("unrelated-id", net.outs)).props).toMatchObject({
            projectRef: ref,
            dbAllowedCidrs: ["10.0.0.0/8"],
        });
    });
});
