import type * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { SupabasePostgres, type SupabasePostgresArgs } from "../../components/src/postgres/supabase";
import {
    SUPABASE_RESOURCE_INPUT,
    SUPABASE_RESOURCE_KINDS,
    SupabaseNetworkRestrictionsProvider,
    SupabasePitrProvider,
    SupabasePostgresConfigProvider,
    SupabaseProjectProvider,
    SupabaseReadReplicaProvider,
    SupabaseSslEnforcementProvider,
} from "../../components/src/supabase/provider";
import { mockProjectRef, mockSupabaseOutputs } from "../../tools/plan/mocks/supabase";
import { type CapturedResource, plan } from "../support/plan";

const DYNAMIC = "pulumi-nodejs:dynamic:Resource";
const BASE: SupabasePostgresArgs = { organizationId: "acme", region: "eu-central-1" };

async function run(args: SupabasePostgresArgs, stack = "prod") {
    const p = await plan(() => new SupabasePostgres("db", args), { stack, project: "coachmeld" });
    const dyn = (suffix: string): CapturedResource => p.one(DYNAMIC, suffix);
    const inp = (suffix: string): Record<string, unknown> => p.inputs(DYNAMIC, suffix);
    const has = (suffix: string): boolean => p.ofType(DYNAMIC).some((r) => r.name.endsWith(suffix));
    return { p, dyn, inp, has };
}

describe("SupabasePostgres", () => {
    it("creates the project with the profile's size, PITR, SSL enforcement, protected in prod", async () => {
        const { p, dyn, inp, has } = await run(BASE, "prod");
        const component = p.one("appstack:postgres:SupabasePostgres");
        const project = dyn("db-project");
        expect(project.parent).toBe(component.urn);
        expect(inp("db-project")).toMatchObject({
            organizationId: "acme",
            region: "eu-central-1",
            instanceSize: "small",
            name: "coachmeld-prod-db",
        });
        expect(typeof inp("db-project")["__provider"]).toBe("string");
        expect(String(inp("db-project")["__provider"])).toContain("exports.handler");
        expect([project.protect, project.retainOnDelete]).toEqual([true, true]);
        expect(project.additionalSecretOutputs).toEqual(expect.arrayContaining(["dbPass", "serviceRoleKey"]));
        // The generated password flows into dbPass; the random provider marks its result secret. (Under the mocks its
        // value is unset, so the secret itself is checked with a given password below.)
        const password = p.one("random:index/randomPassword:RandomPassword");
        expect(password.name).toBe("db-password");
        expect(password.additionalSecretOutputs).toContain("result");
        expect(project.propertyDependencies["dbPass"]).toContain(password.urn);

        const pitr = dyn("db-pitr");
        expect(inp("db-pitr")).toMatchObject({ retentionDays: 7, instanceSize: "small" });
        expect([pitr.protect, pitr.retainOnDelete]).toEqual([true, true]);
        expect(pitr.dependencies).toContain(project.urn);

        const ssl = dyn("db-ssl");
        expect(inp("db-ssl")).toMatchObject({ enforced: true });
        expect(ssl.dependencies).toContain(pitr.urn);
        expect(has("-network")).toBe(false);
        expect(has("-postgres-config")).toBe(false);
        expect(p.ofType(DYNAMIC).filter((r) => r.name.includes("-replica-"))).toEqual([]);
    });

    it("differs per environment: micro without PITR in dev, small with 7-day PITR in staging", async () => {
        const dev = await run(BASE, "dev");
        expect(dev.inp("db-project")["instanceSize"]).toBe("micro");
        expect(dev.has("-pitr")).toBe(false);
        expect([dev.dyn("db-project").protect, dev.dyn("db-project").retainOnDelete]).toEqual([false, false]);
        expect(dev.inp("db-ssl")["enforced"]).toBe(true);

        const staging = await run(BASE, "staging");
        expect(staging.inp("db-project")["instanceSize"]).toBe("small");
        expect(staging.inp("db-pitr")["retentionDays"]).toBe(7);
        expect(staging.dyn("db-project").protect).toBe(true);

        const longer = await run({ ...BASE, instanceSize: "medium", pointInTimeRecoveryDays: 10 }, "prod");
        expect(longer.inp("db-project")["instanceSize"]).toBe("medium");
        expect(longer.inp("db-pitr")["retentionDays"]).toBe(10);
    });

    it("creates read replicas only when asked, one per region, after the project's settings", async () => {
        const { p, dyn, inp } = await run({
            ...BASE,
            readReplicaRegions: ["us-east-1"],
            allowedCidrs: ["203.0.113.0/24"],
            postgresConfig: { statement_timeout: "30s" },
        });
        const replica = dyn("db-replica-us-east-1");
        expect(inp("db-replica-us-east-1")).toMatchObject({ region: "us-east-1", organizationId: "acme" });
        expect(replica.dependencies).toContain(dyn("db-postgres-config").urn);
        expect(inp("db-network")).toMatchObject({ dbAllowedCidrs: ["203.0.113.0/24"], dbAllowedCidrsV6: [] });
        expect(inp("db-postgres-config")["settings"]).toEqual({ statement_timeout: "30s" });
        expect(
            p
                .ofType(DYNAMIC)
                .map((r) => r.name)
                .sort(),
        ).toEqual(["db-network", "db-pitr", "db-postgres-config", "db-project", "db-replica-us-east-1", "db-ssl"]);
    });

    it("tags every dynamic resource with the constant supabaseResource discriminator, which transforms cannot change", async () => {
        const { p, inp } = await run({
            ...BASE,
            readReplicaRegions: ["us-east-1"],
            allowedCidrs: ["203.0.113.0/24"],
            postgresConfig: { statement_timeout: "30s" },
            // A transform cannot retag a resource: the class sets the discriminator after the (transformed) args.
            transform: { project: { supabaseResource: "pitr" } as Record<string, string> },
        });
        expect(SUPABASE_RESOURCE_INPUT).toBe("supabaseResource");
        const kinds = Object.fromEntries(p.ofType(DYNAMIC).map((r) => [r.name, inp(r.name)[SUPABASE_RESOURCE_INPUT]]));
        expect(kinds).toEqual({
            "db-project": "project",
            "db-pitr": "pitr",
            "db-ssl": "ssl-enforcement",
            "db-network": "network-restrictions",
            "db-postgres-config": "postgres-config",
            "db-replica-us-east-1": "read-replica",
        });
        expect([...new Set(Object.values(kinds))].sort()).toEqual([...SUPABASE_RESOURCE_KINDS].sort());
        // The provider stays self-contained: the discriminator is a literal in the resource's inputs, not a captured module.
        expect(String(inp("db-project")["__provider"])).not.toContain("SUPABASE_RESOURCE_INPUT");
    });

    it("never reports a change for the discriminator alone (existing stacks are not updated by it)", async () => {
        const tag = <T extends object>(o: T, kind: string) => ({ ...o, supabaseResource: kind });
        const project = { organizationId: "acme", name: "n", region: "eu-central-1", instanceSize: "small", dbPass: "pw-123456" };
        const projectOuts = {
            ...project,
            ref: "abcdefghijklmnopqrst",
            status: "ACTIVE_HEALTHY",
            apiUrl: "u",
            dbHost: "h",
            dbPort: 5432,
            postgresVersion: "15",
            createdAt: "t",
        };
        expect((await new SupabaseProjectProvider().diff("ref", projectOuts, tag(project, "project"))).changes).toBe(false);
        const pitr = { projectRef: "ref", retentionDays: 7, instanceSize: "small" };
        expect(
            (await new SupabasePitrProvider().diff("ref/pitr", { ...pitr, variant: "pitr_7", pitrDays: 7 }, tag(pitr, "pitr"))).changes,
        ).toBe(false);
        const ssl = { projectRef: "ref", enforced: true };
        expect(
            (await new SupabaseSslEnforcementProvider().diff("ref/ssl", { ...ssl, appliedSuccessfully: true }, tag(ssl, "ssl-enforcement")))
                .changes,
        ).toBe(false);
        const net = { projectRef: "ref", dbAllowedCidrs: ["203.0.113.0/24"], dbAllowedCidrsV6: [] };
        expect(
            (
                await new SupabaseNetworkRestrictionsProvider().diff(
                    "ref/net",
                    { ...net, status: "applied" },
                    tag(net, "network-restrictions"),
                )
            ).changes,
        ).toBe(false);
        const pg = { projectRef: "ref", settings: { statement_timeout: "30s" } };
        expect(
            (await new SupabasePostgresConfigProvider().diff("ref/pg", { ...pg, effective: {} }, tag(pg, "postgres-config"))).changes,
        ).toBe(false);
        const replica = { projectRef: "ref", organizationId: "acme", region: "us-east-1" };
        expect(
            (
                await new SupabaseReadReplicaProvider().diff(
                    "rr",
                    { ...replica, identifier: "rr", status: "ACTIVE_HEALTHY" },
                    tag(replica, "read-replica"),
                )
            ).changes,
        ).toBe(false);
    });

    it("keeps a given password secret and generates none", async () => {
        const { p, dyn, inp } = await run({ ...BASE, databasePassword: "a-plain-password-from-config" });
        expect(dyn("db-project").secretInputs).toContain("dbPass");
        expect(p.ofType("random:index/randomPassword:RandomPassword")).toHaveLength(0);
        expect(JSON.stringify(inp("db-project"))).not.toContain("a-plain-password-from-config");
    });

    it("keeps a generated password secret too, whatever the provider marks", async () => {
        const { p, dyn } = await run(BASE);
        expect(p.ofType("random:index/randomPassword:RandomPassword")).toHaveLength(1);
        expect(dyn("db-project").secretInputs).toContain("dbPass");
        expect(dyn("db-project").inputs).toMatchObject({ dbPass: "[secret]" });
    });

    it("exposes typed outputs and a connection with a secret password", async () => {
        let db: SupabasePostgres | undefined;
        await plan(() => (db = new SupabasePostgres("db", { ...BASE, databasePassword: "pw-123456" })), { stack: "prod" });
        const c = db?.connection;
        expect([c?.port, c?.database, c?.username, c?.sslMode]).toEqual([5432, "postgres", "postgres", "require"]);
        expect(db?.pitrDays).toBe(7);
        expect(db?.replicaRegions).toEqual([]);
        const password = c?.password as (pulumi.Output<string> & { isSecret: Promise<boolean> }) | undefined;
        expect(await password?.isSecret).toBe(true);
    });

    it.each<[string, SupabasePostgresArgs, string, RegExp]>([
        [
            "PITR on micro",
            { ...BASE, instanceSize: "micro" },
            "prod",
            /pointInTimeRecoveryDays.*PITR needs a compute add-on of at least small/,
        ],
        ["PITR beyond 28 days", { ...BASE, pointInTimeRecoveryDays: 30 }, "prod", /pointInTimeRecoveryDays.*is 30/],
        ["an RPO under a day without PITR", { ...BASE, pointInTimeRecoveryDays: 0 }, "prod", /recoveryPointObjectiveMinutes.*PITR is off/],
        ["an unknown region", { ...BASE, region: "mars-1" as "us-east-1" }, "dev", /region.*mars-1/],
        ["a replica on micro", { ...BASE, readReplicaRegions: ["us-west-1"] }, "dev", /readReplicaRegions.*at least small/],
        ["a duplicate replica region", { ...BASE, readReplicaRegions: ["us-west-1", "us-west-1"] }, "prod", /readReplicaRegions.*twice/],
        ["a bad CIDR", { ...BASE, allowedCidrs: ["10.0.0.0/33"] }, "prod", /allowedCidrs.*10\.0\.0\.0\/33/],
        [
            "a bad statement_timeout",
            { ...BASE, postgresConfig: { statement_timeout: "soon" } },
            "prod",
            /postgresConfig\.statement_timeout/,
        ],
    ])("rejects %s before any child registers", async (_what, args, stack, message) => {
        let error: unknown;
        const p = await plan(
            () => {
                try {
                    new SupabasePostgres("db", args);
                } catch (e) {
                    error = e;
                }
            },
            { stack },
        );
        expect((error as Error).name).toBe("InvalidArgumentError");
        expect((error as Error).message).toMatch(message);
        expect(p.resources.filter((r) => !["pulumi:pulumi:Stack", "appstack:postgres:SupabasePostgres"].includes(r.type))).toEqual([]);
    });
});

describe("mockSupabaseOutputs", () => {
    const mock = (name: string, inputs: Record<string, unknown>) =>
        mockSupabaseOutputs({ type: DYNAMIC, name, inputs, custom: true }, "us-east-1");

    it("gives each kind realistic outputs from its name", () => {
        const project = mock("db-project", { region: "eu-central-1" });
        const ref = mockProjectRef("project/db-project");
        expect(ref).toMatch(/^[a-z]{20}$/);
        expect(project).toMatchObject({
            id: ref,
            state: {
                ref,
                apiUrl: `https://${ref}.supabase.co`,
                dbHost: `db.${ref}.supabase.co`,
                poolerHost: "aws-0-eu-central-1.pooler.supabase.com",
            },
        });
        expect(mock("db-pitr", { projectRef: ref, retentionDays: 10 }).state).toMatchObject({ variant: "pitr_14", pitrDays: 14 });
        expect(mock("db-replica-us-west-1", { projectRef: ref, region: "us-west-1" }).state["identifier"]).toMatch(
            new RegExp(`^${ref}-rr-us-west-1-`),
        );
        expect(mock("other", { a: 1 }).state).toEqual({ a: 1 });
    });
});
