import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../components/src/core";
import { VercelWebApp, type VercelWebAppArgs } from "../../components/src/web/vercel";
import { mockVercelOutputs } from "../../tools/plan/mocks/vercel";
import { type Plan, plan, planRejected } from "../support/plan";

const PROJECT = "vercel:index/project:Project";
const DOMAIN = "vercel:index/projectDomain:ProjectDomain";
const ENV = "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable";
const FIREWALL = "vercel:index/firewallConfig:FirewallConfig";
const ATTACK = "vercel:index/attackChallengeMode:AttackChallengeMode";

const BASE: VercelWebAppArgs = {
    teamId: "team_abc",
    framework: "nextjs",
    rootDirectory: "apps/web",
    buildCommand: "npm run build",
    outputDirectory: ".next",
    installCommand: "npm ci",
    gitRepository: { repo: "acme/intelifeed", productionBranch: "main" },
    functionRegion: "fra1",
    domain: "app.example.com",
    tenantWildcardDomain: "*.app.example.com",
    tenants: [{ slug: "acme", customDomain: "feeds.acme.com" }, { slug: "globex", customDomain: "news.globex.io" }, { slug: "initech" }],
};

function web(stack: string, args: Partial<VercelWebAppArgs> = {}): Promise<Plan> {
    return plan(() => new VercelWebApp("web", { ...BASE, ...args }), { stack });
}

async function rejected(args: Partial<VercelWebAppArgs>): Promise<{ error: unknown; children: string[] }> {
    const { error, plan: p } = await planRejected(() => new VercelWebApp("web", { ...BASE, ...args }));
    return {
        error,
        children: p.resources.filter((r) => r.type.startsWith("vercel:") || r.type.startsWith("appstack:")).map((r) => r.name),
    };
}

const rateRule = (p: Plan): any => p.inputs(FIREWALL).rules.rules[0];

describe("VercelWebApp", () => {
    it("creates the project with framework, root directory, build settings, repository, region and team", async () => {
        const p = await web("prod");
        expect(p.inputs(PROJECT)).toMatchObject({
            name: "test-prod-web",
            teamId: "team_abc",
            framework: "nextjs",
            rootDirectory: "apps/web",
            buildCommand: "npm run build",
            outputDirectory: ".next",
            installCommand: "npm ci",
            gitRepository: { type: "github", repo: "acme/intelifeed", productionBranch: "main" },
            resourceConfig: { functionDefaultRegions: ["fra1"] },
            vercelAuthentication: { deploymentType: "standard_protection_new" },
            gitForkProtection: true,
        });
        const project = p.one(PROJECT);
        for (const child of [...p.ofType(DOMAIN), ...p.ofType(ENV), p.one(FIREWALL)]) {
            expect(child.inputs).toMatchObject({ teamId: "team_abc" });
            expect(child.dependencies).toContain(project.urn);
            expect(child.parent).toBe(p.one("appstack:web:VercelWebApp").urn);
        }
    });

    it("attaches the primary domain, the tenant wildcard and one domain per tenant custom domain", async () => {
        const p = await web("prod");
        const domains = Object.fromEntries(p.ofType(DOMAIN).map((d) => [d.name, (d.inputs as any).domain]));
        expect(domains).toEqual({
            "web-domain": "app.example.com",
            "web-domain-wildcard": "*.app.example.com",
            "web-domain-tenant-acme": "feeds.acme.com",
            "web-domain-tenant-globex": "news.globex.io",
        });
        const outputs = p.one("appstack:web:VercelWebApp").outputs as any;
        expect(outputs.productionUrl).toBe("https://app.example.com");
        expect(outputs.domains).toEqual(["app.example.com", "*.app.example.com", "feeds.acme.com", "news.globex.io"]);
        expect(outputs.projectId).toBe(p.one(PROJECT).id);
    });

    it("keeps every child name when a tenant is added before the others or one is removed", async () => {
        const before = await web("prod");
        const added = await web("prod", { tenants: [{ slug: "aaa-first", customDomain: "a.first.com" }, ...(BASE.tenants ?? [])] });
        const removed = await web("prod", { tenants: (BASE.tenants ?? []).filter((t) => t.slug !== "acme") });
        const domainOf = (p: Plan) => Object.fromEntries(p.ofType(DOMAIN).map((d) => [d.name, (d.inputs as any).domain]));
        expect(before.names().every((n) => added.names().includes(n))).toBe(true);
        expect(added.names().filter((n) => !before.names().includes(n))).toEqual([`${DOMAIN}::web-domain-tenant-aaa-first`]);
        expect(domainOf(added)).toMatchObject(domainOf(before));
        expect(before.names().filter((n) => !removed.names().includes(n))).toEqual([`${DOMAIN}::web-domain-tenant-acme`]);
    });

    it("serves on <project>.vercel.app without a domain", async () => {
        const p = await web("prod", { domain: undefined, tenantWildcardDomain: undefined, tenants: [] });
        expect(p.ofType(DOMAIN)).toHaveLength(0);
        expect((p.one("appstack:web:VercelWebApp").outputs as any).productionUrl).toBe("https://test-prod-web.vercel.app");
    });

    it("creates plain and sensitive variables per target, secrets marked sensitive and secret in the state", async () => {
        const p = await web("prod", {
            env: {
                NEXT_PUBLIC_API_URL: { production: "https://api.example.com", preview: "https://api.staging.example.com" },
                LOG_LEVEL: "info",
            },
            secrets: { DATABASE_URL: "postgres://u:p@db/app", STRIPE_KEY: pulumi.secret("sk_live_x") },
        });
        const vars = Object.fromEntries(p.ofType(ENV).map((r) => [r.name, r]));
        expect(Object.keys(vars).sort()).toEqual([
            "web-env-preview-DATABASE_URL",
            "web-env-preview-LOG_LEVEL",
            "web-env-preview-NEXT_PUBLIC_API_URL",
            "web-env-preview-STRIPE_KEY",
            "web-env-production-DATABASE_URL",
            "web-env-production-LOG_LEVEL",
            "web-env-production-NEXT_PUBLIC_API_URL",
            "web-env-production-STRIPE_KEY",
        ]);
        expect(vars["web-env-production-NEXT_PUBLIC_API_URL"].inputs).toMatchObject({
            key: "NEXT_PUBLIC_API_URL",
            targets: ["production"],
            sensitive: false,
        });
        // The provider keeps every value secret in the state; only `sensitive` makes it write-only at Vercel.
        expect(vars["web-env-preview-LOG_LEVEL"].inputs).toMatchObject({ key: "LOG_LEVEL", targets: ["preview"], sensitive: false });
        expect(vars["web-env-preview-LOG_LEVEL"].wire.inputs["value"]).toMatchObject({ value: "info" });
        for (const name of ["web-env-production-DATABASE_URL", "web-env-preview-DATABASE_URL", "web-env-production-STRIPE_KEY"]) {
            expect(vars[name].inputs).toMatchObject({ sensitive: true });
            expect(vars[name].secretInputs).toContain("value");
            expect(JSON.stringify(vars[name].inputs)).not.toContain("postgres://");
            expect(JSON.stringify(vars[name].inputs)).not.toContain("sk_live_x");
        }
    });

    it("gives single-value variables to preview only in dev", async () => {
        const p = await web("dev", { env: { LOG_LEVEL: "debug" }, secrets: { DATABASE_URL: "postgres://dev" } });
        expect(
            p
                .ofType(ENV)
                .map((r) => r.name)
                .sort(),
        ).toEqual(["web-env-preview-DATABASE_URL", "web-env-preview-LOG_LEVEL"]);
        const overridden = await web("dev", { env: { LOG_LEVEL: "debug" }, envTargets: ["production", "preview"] });
        expect(overridden.ofType(ENV)).toHaveLength(2);
    });

    it("rate-limits 100 requests per 60 s per IP with a fixed window, and takes other limits", async () => {
        const p = await web("prod");
        expect(rateRule(p)).toMatchObject({
            name: "rate-limit-per-ip",
            active: true,
            conditionGroups: [{ conditions: [{ type: "path", op: "pre", value: "/" }] }],
            action: { action: "rate_limit", rateLimit: { algo: "fixed_window", limit: 100, window: 60, keys: ["ip"], action: "deny" } },
        });
        const api = await web("prod", { rateLimit: { requests: 1000, windowSeconds: 600, pathPrefix: "/api/" } });
        expect(rateRule(api).action.rateLimit).toMatchObject({ limit: 1000, window: 600 });
        expect(rateRule(api).conditionGroups[0].conditions[0].value).toBe("/api/");
    });

    it("logs in dev, answers 429 in staging and denies in prod; the action arg overrides", async () => {
        const actions: Record<string, unknown> = {};
        const bots: Record<string, unknown> = {};
        for (const stack of ["dev", "staging", "prod"]) {
            const p = await web(stack);
            actions[stack] = rateRule(p).action.rateLimit.action;
            bots[stack] = p.inputs(FIREWALL).managedRulesets.botProtection;
        }
        expect(actions).toEqual({ dev: "log", staging: "rate_limit", prod: "deny" });
        expect(bots).toEqual({
            dev: { active: true, action: "log" },
            staging: { active: true, action: "challenge" },
            prod: { active: true, action: "challenge" },
        });
        expect(rateRule(await web("dev", { rateLimitAction: "deny" })).action.rateLimit.action).toBe("deny");
    });

    it("enables bot protection always and the OWASP core ruleset and AI-bot blocking on request", async () => {
        const p = await web("prod");
        expect(p.inputs(FIREWALL).managedRulesets.owasp).toBeUndefined();
        expect(p.inputs(FIREWALL).managedRulesets.aiBots).toEqual({ active: false, action: "log" });
        const full = await web("prod", { owasp: true, blockAiBots: true });
        const owasp = full.inputs(FIREWALL).managedRulesets.owasp;
        expect(Object.keys(owasp).sort()).toEqual(["gen", "java", "lfi", "ma", "php", "rce", "rfi", "sd", "sf", "sqli", "xss"]);
        expect(owasp.sqli).toEqual({ active: true, action: "deny" });
        expect(full.inputs(FIREWALL).managedRulesets.aiBots).toEqual({ active: true, action: "deny" });
        const dev = await web("dev", { owasp: true });
        expect(dev.inputs(FIREWALL).managedRulesets.owasp.xss).toEqual({ active: true, action: "log" });
    });

    it("turns Attack Challenge Mode on only when asked, until the given time", async () => {
        expect((await web("prod")).ofType(ATTACK)).toHaveLength(0);
        const until = Date.parse("2030-01-01T00:00:00Z");
        const p = await web("prod", { attackChallengeModeUntil: until });
        expect(p.inputs(ATTACK)).toMatchObject({ enabled: true, attackModeActiveUntil: until, teamId: "team_abc" });
    });

    it("applies transforms to children", async () => {
        const p = await web("prod", {
            transform: { project: { nodeVersion: "22.x" }, firewall: (a) => ({ args: { ...a, enabled: false } }) },
        });
        expect(p.inputs(PROJECT).nodeVersion).toBe("22.x");
        expect(p.inputs(FIREWALL).enabled).toBe(false);
    });

    it.each<[string, Partial<VercelWebAppArgs>, RegExp]>([
        ["a bad primary domain", { domain: "App.Example.com" }, /`domain` is "App.Example.com"/],
        ["a wildcard without *.", { tenantWildcardDomain: "app.example.com" }, /`tenantWildcardDomain`/],
        ["a bad tenant slug", { tenants: [{ slug: "Acme Corp" }] }, /`tenants\[0\]\.slug` is "Acme Corp"/],
        ["a repeated tenant slug", { tenants: [{ slug: "acme" }, { slug: "acme" }] }, /`tenants\[1\]\.slug` repeats "acme"/],
        ["a bad custom domain", { tenants: [{ slug: "acme", customDomain: "https://acme.com" }] }, /`tenants\[0\]\.customDomain`/],
        [
            "a custom domain used twice",
            { tenants: [{ slug: "acme", customDomain: "app.example.com" }] },
            /repeats the domain "app.example.com" already given by domain/,
        ],
        ["a window beyond an hour", { rateLimit: { windowSeconds: 7200 } }, /`rateLimit.windowSeconds` is 7200/],
        ["a window under 10 s", { rateLimit: { windowSeconds: 5 } }, /`rateLimit.windowSeconds` is 5/],
        ["a bad variable name", { env: { "MY-VAR": "x" } }, /`env.MY-VAR` is not a valid variable name/],
        ["a variable in env and secrets", { env: { TOKEN: "a" }, secrets: { TOKEN: "b" } }, /`secrets.TOKEN` is also in env/],
        ["a development target", { envTargets: ["development" as "preview"] }, /`envTargets` contains "development"/],
        ["a bad repository", { gitRepository: { repo: "https://github.com/acme/app" } }, /`gitRepository.repo`/],
        ["a bad region", { functionRegion: "us-east-1" }, /`functionRegion` is "us-east-1"/],
    ])("rejects %s before creating any resource", async (what, args, message) => {
        const { error, children } = await rejected(args);
        expect(error).toBeInstanceOf(InvalidArgumentError);
        expect((error as Error).message).toMatch(message);
        // Domain and tenant rules (vercelDomainProblems) run before the component itself is registered.
        expect(children).toEqual(/domain|wildcard|tenant/.test(what) ? [] : ["web"]);
    });
});

describe("VercelWebApp rate limit exceptions", () => {
    it("does not count hosts behind another proxy (exceptHosts), after the path condition", async () => {
        const p = await web("prod", { rateLimit: { requests: 100, exceptHosts: ["app.example.com"] } });
        expect(rateRule(p).conditionGroups).toEqual([
            {
                conditions: [
                    { type: "path", op: "pre", value: "/" },
                    { type: "host", op: "neq", value: "app.example.com" },
                ],
            },
        ]);
        expect(rateRule(await web("prod")).conditionGroups).toEqual([{ conditions: [{ type: "path", op: "pre", value: "/" }] }]);
    });
    it("rejects a host that is not a host name before any child registers", async () => {
        const { error, children } = await rejected({ rateLimit: { exceptHosts: ["https://app.example.com/"] } });
        expect(error).toBeInstanceOf(InvalidArgumentError);
        expect(String(error)).toMatch(/rateLimit\.exceptHosts/);
        expect(children.filter((n) => n !== "web")).toEqual([]);
    });
});

describe("mockVercelOutputs", () => {
    it("returns Vercel-shaped ids", () => {
        const project = mockVercelOutputs({ type: PROJECT, name: "web-project", inputs: { name: "shop-prod-web" } }, "us-east-1");
        expect(project.id).toMatch(/^prj_[0-9a-f]{28}$/);
        expect(project.state).toMatchObject({ name: "shop-prod-web", teamId: expect.stringMatching(/^team_/) });
        expect(mockVercelOutputs({ type: DOMAIN, name: "web-domain", inputs: { domain: "app.example.com" } }, "us-east-1").id).toBe(
            "app.example.com",
        );
    });
});
