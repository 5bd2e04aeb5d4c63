import { describe, expect, it } from "vitest";
import { VERCEL } from "../../policies/rules/resource-types";
import { type FakeResource, UNKNOWN_STRING, urn, validateResource, validateStack } from "./harness";

const project = (name = "web-project"): FakeResource => ({
    type: VERCEL.project,
    name,
    props: { name: "coachmeld-prod-web", teamId: "team_1" },
});

function firewall(name: string, rules: unknown[], extra: Record<string, unknown> = {}, projectName = "web-project"): FakeResource {
    return {
        type: VERCEL.firewallConfig,
        name,
        props: { projectId: UNKNOWN_STRING, enabled: true, rules: { rules }, ...extra },
        propertyDependencies: { projectId: [projectName] },
    };
}
const rateRule = (action: string, active = true) => ({
    name: "rate-limit-per-ip",
    active,
    conditionGroups: [{ conditions: [{ type: "path", op: "pre", value: "/" }] }],
    action: { action: "rate_limit", rateLimit: { algo: "fixed_window", limit: 100, window: 60, keys: ["ip"], action } },
});

describe("edge-vercel-firewall", () => {
    const run = (resources: FakeResource[], config = {}) => validateStack("edge-vercel-firewall", resources, config);

    it("accepts a project whose FirewallConfig has an active rate-limit rule (as VercelWebApp creates it)", async () => {
        expect(await run([project(), firewall("web-firewall", [rateRule("deny")])])).toEqual([]);
    });
    it("rejects a project without FirewallConfig, on the project's URN", async () => {
        const v = await run([project()]);
        expect(v).toHaveLength(1);
        expect(v[0].urn).toBe(urn(VERCEL.project, "web-project"));
        expect(v[0].message).toMatch(/has no FirewallConfig.*rate_limit/);
    });
    it("rejects a disabled firewall, an inactive rule, or a firewall with no rate-limit rule", async () => {
        expect((await run([project(), firewall("fw", [rateRule("deny")], { enabled: false })]))[0].message).toMatch(/disabled/);
        expect((await run([project(), firewall("fw", [rateRule("deny", false)])]))[0].message).toMatch(/without an active rate-limit rule/);
        expect(await run([project(), firewall("fw", [{ name: "block-admin", active: true, action: { action: "deny" } }])])).toHaveLength(1);
    });
    it("accepts a log-only rule (a proxy in front enforces the limit) unless acceptLogAction is off", async () => {
        expect(await run([project(), firewall("fw", [rateRule("log")])])).toEqual([]);
        expect((await run([project(), firewall("fw", [rateRule("log")])], { acceptLogAction: false }))[0].message).toMatch(
            /only rate-limit rules that log/,
        );
    });
    it("does not credit one project's firewall to another; off with requireRateLimit false (dev, staging)", async () => {
        expect((await run([project("a"), project("b"), firewall("fw", [rateRule("deny")], {}, "a")])).map((v) => v.urn)).toEqual([
            urn(VERCEL.project, "b"),
        ]);
        expect(await run([project()], { requireRateLimit: false })).toEqual([]);
    });
});

describe("encryption-at-rest-vercel-sensitive-env", () => {
    const env = (key: string, sensitive: boolean | undefined, targets = ["production"]) =>
        validateResource("encryption-at-rest-vercel-sensitive-env", {
            type: VERCEL.envVar,
            name: `env-${key}`,
            props: { projectId: "p", key, value: "v", targets, ...(sensitive === undefined ? {} : { sensitive }) },
        });

    it("accepts secret-looking names marked sensitive, and plain names", async () => {
        expect(await env("STRIPE_SECRET_KEY", true)).toEqual([]);
        expect(await env("API_URL", false)).toEqual([]);
    });
    it("rejects KEY / SECRET / TOKEN / PASSWORD names that are not sensitive (case-insensitive)", async () => {
        for (const key of ["SUPABASE_SERVICE_ROLE_KEY", "JWT_SECRET", "github_token", "DB_PASSWORD"]) {
            const v = await env(key, undefined);
            expect(v, key).toHaveLength(1);
            expect(v[0].message).toMatch(/looks like a secret but is not sensitive.*sensitive: true/);
        }
    });
    it("exempts browser-public prefixes, explains the development target, and follows the configured pattern", async () => {
        expect(await env("NEXT_PUBLIC_SUPABASE_ANON_KEY", false)).toEqual([]);
        expect((await env("API_TOKEN", false, ["development"]))[0].message).toMatch(/cannot target development/);
        expect(
            await validateResource(
                "encryption-at-rest-vercel-sensitive-env",
                { type: VERCEL.envVar, name: "e", props: { key: "API_TOKEN", sensitive: false } },
                { secretNamePattern: "PASSWORD" },
            ),
        ).toEqual([]);
    });
});
