// Supabase resources are Pulumi dynamic resources: one shared type token, told apart by the constant
// `supabaseResource` input (policies/README.md, "Dynamic resources").
import { describe, expect, it } from "vitest";
import { DYNAMIC_RESOURCE, SUPABASE_DISCRIMINATOR, SUPABASE_KINDS } from "../../policies/rules/resource-types";
import { type FakeResource, UNKNOWN_STRING, urn, validateResource, validateStack } from "./harness";

const DYN = DYNAMIC_RESOURCE;

/** A project as `pulumi preview` sees it: outputs such as `ref` are not known yet. */
function project(name = "db-project", props: Record<string, unknown> = {}, protect = true): FakeResource {
    return { type: DYN, name, protect, props: { supabaseResource: "project", organizationId: "acme", name: "coachmeld-prod-db", region: "eu-central-1", instanceSize: "small", dbPass: "pw", ...props } };
}
/** A child of `projectName` wired as the engine wires it: projectRef unknown during preview, propertyDependencies set. */
function child(name: string, kind: string, props: Record<string, unknown>, projectName = "db-project"): FakeResource {
    return { type: DYN, name, props: { supabaseResource: kind, projectRef: UNKNOWN_STRING, ...props }, propertyDependencies: { projectRef: [projectName] } };
}
const pitr = (days: number, projectName = "db-project") => child(`${projectName}-pitr`, "pitr", { retentionDays: days, instanceSize: "small" }, projectName);
const ssl = (enforced: boolean, projectName = "db-project") => child(`${projectName}-ssl`, "ssl-enforcement", { enforced }, projectName);
const replica = (projectName = "db-project") => child(`${projectName}-replica-us-east-1`, "read-replica", { organizationId: "acme", region: "us-east-1" }, projectName);

describe("the discriminator contract", () => {
    it("names the input and its values in one table", () => {
        expect(SUPABASE_DISCRIMINATOR).toBe("supabaseResource");
        expect(Object.values(SUPABASE_KINDS).sort()).toEqual(["network-restrictions", "pitr", "postgres-config", "project", "read-replica", "ssl-enforcement"]);
    });
    it("ignores dynamic resources without it (another dynamic provider) and non-dynamic types with the same input", async () => {
        const other: FakeResource = { type: DYN, name: "something-else", props: { projectRef: "x" } };
        const wrongType: FakeResource = { type: "acme:index:Thing", name: "thing", props: { supabaseResource: "project" } };
        expect(await validateStack("rpo-supabase-pitr", [other, wrongType])).toEqual([]);
        expect(await validateResource("data-loss-protect", { ...other, protect: false })).toEqual([]);
    });
});

describe("rpo-supabase-pitr", () => {
    const run = (resources: FakeResource[], config = {}) => validateStack("rpo-supabase-pitr", resources, config);

    it("accepts a project with a 7-day PITR add-on correlated through propertyDependencies (preview)", async () => {
        expect(await run([project(), pitr(7)])).toEqual([]);
    });
    it("rejects a project without PITR, on the project's URN", async () => {
        const v = await run([project(), ssl(true)]);
        expect(v).toHaveLength(1);
        expect(v[0].urn).toBe(urn(DYN, "db-project"));
        expect(v[0].message).toMatch(/without point-in-time recovery.*24 h.*pointInTimeRecoveryDays: 7/);
    });
    it("rejects a retention below the minimum, counting the variant the add-on buys (10 days → pitr_14)", async () => {
        expect((await run([project(), pitr(7)], { minRetentionDays: 14 }))[0].message).toMatch(/keeps 7 day\(s\).*required 14/);
        expect(await run([project(), pitr(10)], { minRetentionDays: 14 })).toEqual([]);
    });
    it("does not credit one project's PITR to another", async () => {
        const v = await run([project("a-project"), project("b-project"), pitr(7, "a-project")]);
        expect(v.map((x) => x.urn)).toEqual([urn(DYN, "b-project")]);
    });
    it("correlates by value on `pulumi up` (projectRef = the project's ref output), and by the only project depended on", async () => {
        const up = project("db-project", { ref: "abcdefghijklmnopqrst" });
        const byValue: FakeResource = { type: DYN, name: "pitr", props: { supabaseResource: "pitr", projectRef: "abcdefghijklmnopqrst", retentionDays: 7, pitrDays: 7 } };
        expect(await run([up, byValue])).toEqual([]);
        const other: FakeResource = { ...byValue, props: { ...byValue.props, projectRef: "zzzzzzzzzzzzzzzzzzzz" } };
        expect(await run([up, other])).toHaveLength(1);
        const byDependency: FakeResource = { type: DYN, name: "pitr", props: { supabaseResource: "pitr", retentionDays: 7 }, dependencies: ["db-project"] };
        expect(await run([project(), byDependency])).toEqual([]);
    });
    it("is off with requirePitr false (dev)", async () => {
        expect(await run([project()], { requirePitr: false })).toEqual([]);
    });
});

describe("encryption-in-transit-supabase-ssl", () => {
    const run = (resources: FakeResource[], config = {}) => validateStack("encryption-in-transit-supabase-ssl", resources, config);
    it("accepts SSL enforcement on", async () => {
        expect(await run([project(), ssl(true)])).toEqual([]);
    });
    it("rejects enforcement off, and none at all", async () => {
        expect((await run([project(), ssl(false)]))[0].message).toMatch(/SSL enforcement turned off.*enforced: true/);
        expect((await run([project()]))[0].message).toMatch(/has no SSL enforcement/);
    });
    it("defers a project whose setting is unknown during preview", async () => {
        expect(await run([project(), child("db-ssl", "ssl-enforcement", { enforced: UNKNOWN_STRING })])).toEqual([]);
    });
});

describe("data-loss-public-database: Supabase network restrictions", () => {
    const net = (v4: string[], v6: string[] = []) => ({ type: DYN, name: "db-network", props: { supabaseResource: "network-restrictions", projectRef: "ref", dbAllowedCidrs: v4, dbAllowedCidrsV6: v6 } });
    it("accepts restrictions to named ranges", async () => {
        expect(await validateResource("data-loss-public-database", net(["203.0.113.0/24"]))).toEqual([]);
    });
    it("rejects 0.0.0.0/0 or ::/0 when restrictions are set", async () => {
        expect((await validateResource("data-loss-public-database", net(["0.0.0.0/0"])))[0].message).toMatch(/allow 0\.0\.0\.0\/0.*whole internet/);
        expect(await validateResource("data-loss-public-database", net(["203.0.113.0/24"], ["::/0"]))).toHaveLength(1);
        expect(await validateResource("data-loss-public-database", net(["0.0.0.0/0"]), { exemptResourceNames: ["db-network"] })).toEqual([]);
    });
});

describe("data-loss-protect: Supabase projects", () => {
    it("requires protect on the project (staging/prod), not on its settings", async () => {
        expect(await validateResource("data-loss-protect", project("db-project", {}, true))).toEqual([]);
        expect((await validateResource("data-loss-protect", project("db-project", {}, false)))[0].message).toMatch(/not protected/);
        expect(await validateResource("data-loss-protect", project("db-project", {}, false), { requireProtection: false })).toEqual([]);
        expect(await validateResource("data-loss-protect", { ...ssl(true), protect: false })).toEqual([]);
    });
});

describe("rto-supabase-recovery", () => {
    const run = (resources: FakeResource[], config = {}) => validateStack("rto-supabase-recovery", resources, config);
    it("accepts a read replica, whatever the size", async () => {
        expect(await run([project("db-project", { instanceSize: "micro" }), replica()])).toEqual([]);
    });
    it("accepts small compute (or larger) with PITR", async () => {
        expect(await run([project(), pitr(7)])).toEqual([]);
        expect(await run([project("db-project", { instanceSize: "large" }), pitr(7)])).toEqual([]);
    });
    it("rejects micro with PITR, and small without PITR, naming what is missing", async () => {
        expect((await run([project("db-project", { instanceSize: "micro" }), pitr(7)]))[0].message).toMatch(/compute micro \(below small\)/);
        expect((await run([project()]))[0].message).toMatch(/no read replica and no PITR add-on/);
        expect((await run([project("db-project", { instanceSize: undefined })]))[0].message).toMatch(/no PITR add-on and compute micro/);
    });
    it("follows minInstanceSize and is off outside prod", async () => {
        expect(await run([project(), pitr(7)], { minInstanceSize: "medium" })).toHaveLength(1);
        expect(await run([project()], { requireRecoveryPath: false })).toEqual([]);
    });
});
