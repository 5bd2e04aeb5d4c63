import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type PlanJson, REPO, planJson } from "../support/cli";

/**
 * InteliFeed Hub (seeds/001_0428c3bab62c29d7.txt) planned end to end through `npm run plan -- --cwd examples/intelifeed`:
 * multi-tenant web on Vercel (tenant wildcard + custom domains named from slugs), Cloudflare in front, Supabase with
 * PITR and a read replica in a second region in prod, the Capacitor pipeline, SLO checks and budgets per environment.
 */
const EXAMPLE = path.join(REPO, "examples/intelifeed");
const STACKS = ["dev", "staging", "prod"] as const;
type Stack = (typeof STACKS)[number];
const plans: Record<Stack, PlanJson> = {} as never;
/** Prod planned again from a temp copy of the project with one more tenant, prepended to the list. */
let withNewTenant: PlanJson;
let tempDir: string;

const NEW_TENANT = { slug: "newco", customDomain: "feeds.newco.com" };

interface Tenant {
    slug: string;
    customDomain?: string;
}
const stackConfig = (stack: Stack): Record<string, any> =>
    (parse(fs.readFileSync(path.join(EXAMPLE, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, any> }).config;
const tenantsOf = (stack: Stack): Tenant[] => stackConfig(stack)["intelifeed:tenants"] as Tenant[];

function copyWithNewTenant(): string {
    // Inside the repository (its git-ignored tmp/), so the copy resolves its packages from the workspace's
    // node_modules as the example itself does; a copy in the system temp directory would have none.
    fs.mkdirSync(path.join(REPO, "tmp"), { recursive: true });
    const dir = fs.mkdtempSync(path.join(REPO, "tmp", "intelifeed-plan-"));
    fs.cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !src.includes("node_modules") });
    const file = path.join(dir, "Pulumi.prod.yaml");
    const text = fs.readFileSync(file, "utf8");
    const marker = "  intelifeed:tenants:\n";
    if (!text.includes(marker)) throw new Error("Pulumi.prod.yaml has no intelifeed:tenants list");
    fs.writeFileSync(
        file,
        text.replace(marker, `${marker}    - slug: ${NEW_TENANT.slug}\n      customDomain: ${NEW_TENANT.customDomain}\n`),
    );
    return dir;
}

beforeAll(async () => {
    tempDir = copyWithNewTenant();
    const [dev, staging, prod, added] = await Promise.all([
        ...STACKS.map((stack) => planJson(["--cwd", EXAMPLE, "--stack", stack])),
        // Names and inputs only: the policy gate runs on the three stacks above (one pack process less under load).
        // Transpiled only, as PULUMI_NODEJS_TRANSPILE_ONLY does under the CLI: the copy is the example's code, which
        // `tsc` checks already, and checking it again outside the workspace costs about 16 CPU-seconds.
        planJson(["--cwd", tempDir, "--stack", "prod", "--no-policy"], { PULUMI_NODEJS_TRANSPILE_ONLY: "true" }),
    ]);
    Object.assign(plans, { dev, staging, prod });
    withNewTenant = added!;
}, 180_000);

afterAll(() => {
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
});

const ofType = (p: PlanJson, type: string) => p.resources.filter((r) => r.type === type);
const one = (p: PlanJson, type: string, name: string) => {
    const found = p.resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} ${name}, found ${found.length}`);
    return found[0];
};
const DYNAMIC = "pulumi-nodejs:dynamic:Resource";
const DOMAIN = "vercel:index/projectDomain:ProjectDomain";
const RULESET = "cloudflare:index/ruleset:Ruleset";
const SETTING = "cloudflare:index/zoneSetting:ZoneSetting";
const GH_ENV = "github:index/repositoryEnvironment:RepositoryEnvironment";
const GH_FILE = "github:index/repositoryFile:RepositoryFile";
const SLO = "gcp:monitoring/slo:Slo";
const ALERT = "gcp:monitoring/alertPolicy:AlertPolicy";
const CHECK = "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig";
const CLOUDFLARE_MANAGED_RULESET_ID = "efb7b8c949ac4650a09736fc376e9aee";

describe("Supabase: Postgres, Auth, Storage, Edge Functions, Realtime in one project", () => {
    it("creates the project in every stack, in us-east-1 next to the Vercel functions", () => {
        for (const stack of STACKS) {
            const project = one(plans[stack], DYNAMIC, "db-project");
            expect(project.inputs.region, stack).toBe("us-east-1");
        }
        expect(one(plans.prod, DYNAMIC, "db-project").inputs.instanceSize).toBe("small");
        expect(one(plans.dev, DYNAMIC, "db-project").inputs.instanceSize).toBe("micro");
    });

    it("adds a read replica in a second region in prod only", () => {
        const replicas = (p: PlanJson) => p.resources.filter((r) => r.type === DYNAMIC && /-replica-/.test(r.name));
        expect(replicas(plans.prod).map((r) => r.name)).toEqual(["db-replica-eu-central-1"]);
        const replica = replicas(plans.prod)[0];
        expect(replica.inputs.region).toBe("eu-central-1");
        expect(replica.inputs.region).not.toBe(one(plans.prod, DYNAMIC, "db-project").inputs.region);
        expect(replicas(plans.staging)).toEqual([]);
        expect(replicas(plans.dev)).toEqual([]);
    });

    it("keeps 7 days of point-in-time recovery in staging and prod (hourly incremental backups, RPO < 1 h), none in dev", () => {
        for (const stack of ["staging", "prod"] as const) {
            expect(one(plans[stack], DYNAMIC, "db-pitr").inputs, stack).toMatchObject({ retentionDays: 7, instanceSize: "small" });
        }
        expect(plans.dev.resources.filter((r) => r.name === "db-pitr")).toEqual([]);
        expect(one(plans.prod, DYNAMIC, "db-ssl").inputs.enforced).toBe(true);
    });

    it("protects and retains the project and its PITR add-on in staging and prod, nothing in dev", () => {
        for (const stack of ["staging", "prod"] as const) {
            for (const name of ["db-project", "db-pitr"]) {
                const r = one(plans[stack], DYNAMIC, name);
                expect([stack, name, r.protect, r.retainOnDelete]).toEqual([stack, name, true, true]);
            }
        }
        expect(plans.dev.resources.filter((r) => r.protect || r.retainOnDelete)).toEqual([]);
    });
});

describe("multi-tenant web on Vercel", () => {
    it("has one Vercel project with the app domain, the tenant wildcard and one domain per tenant custom domain", () => {
        for (const stack of STACKS) {
            const p = plans[stack];
            expect(ofType(p, "vercel:index/project:Project"), stack).toHaveLength(1);
            const custom = tenantsOf(stack).filter((t) => t.customDomain);
            const expected = ["web-domain", "web-domain-wildcard", ...custom.map((t) => `web-domain-tenant-${t.slug}`)].sort();
            expect(
                ofType(p, DOMAIN)
                    .map((r) => r.name)
                    .sort(),
                stack,
            ).toEqual(expected);
            for (const t of custom) expect(one(p, DOMAIN, `web-domain-tenant-${t.slug}`).inputs.domain).toBe(t.customDomain);
        }
        expect(one(plans.prod, DOMAIN, "web-domain-wildcard").inputs.domain).toBe("*.hub.intelifeed.io");
        expect(one(plans.prod, DOMAIN, "web-domain").inputs.domain).toBe("app.intelifeed.io");
        expect(ofType(plans.prod, DOMAIN)).toHaveLength(5);
    });

    it("adding a tenant adds its domain resource and renames nothing else", () => {
        const before = plans.prod.resources.map((r) => `${r.type} ${r.name}`).sort();
        const after = withNewTenant.resources.map((r) => `${r.type} ${r.name}`).sort();
        expect(after.filter((name) => !before.includes(name))).toEqual([`${DOMAIN} web-domain-tenant-${NEW_TENANT.slug}`]);
        expect(before.filter((name) => !after.includes(name))).toEqual([]);
        for (const domain of ofType(plans.prod, DOMAIN)) {
            expect(one(withNewTenant, DOMAIN, domain.name).inputs.domain).toBe(domain.inputs.domain);
        }
        expect(one(withNewTenant, DOMAIN, `web-domain-tenant-${NEW_TENANT.slug}`).inputs.domain).toBe(NEW_TENANT.customDomain);
        // The edge Worker learns the tenant in place (its TENANTS binding), without a new script.
        const tenants = (p: PlanJson) =>
            JSON.parse(
                one(p, "cloudflare:index/workersScript:WorkersScript", "edge-worker").inputs.bindings.find((b: any) => b.name === "TENANTS")
                    .text,
            );
        expect(tenants(withNewTenant)).toEqual({ ...tenants(plans.prod), [NEW_TENANT.slug]: NEW_TENANT.customDomain });
    });

    it("rate-limits per IP on the hosts Vercel serves directly (not the Cloudflare-proxied app host), challenges bots", () => {
        const firewall = one(plans.prod, "vercel:index/firewallConfig:FirewallConfig", "web-firewall").inputs;
        const rule = firewall.rules.rules[0];
        expect(rule.action.rateLimit).toMatchObject({ limit: 100, window: 60, keys: ["ip"], action: "deny" });
        expect(rule.conditionGroups[0].conditions).toContainEqual({ type: "host", op: "neq", value: "app.intelifeed.io" });
        expect(firewall.managedRulesets.botProtection).toEqual({ active: true, action: "challenge" });
        const devRule = one(plans.dev, "vercel:index/firewallConfig:FirewallConfig", "web-firewall").inputs.rules.rules[0];
        expect(devRule.action.rateLimit.action).toBe("log");
    });

    it("gives the service-role key to production deployments only, as a sensitive variable", () => {
        const vars = ofType(plans.prod, "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable").filter(
            (r) => r.inputs.key === "SUPABASE_SERVICE_ROLE_KEY",
        );
        expect(vars.map((v) => [v.name, v.inputs.targets, v.inputs.sensitive])).toEqual([
            ["web-env-production-SUPABASE_SERVICE_ROLE_KEY", ["production"], true],
        ]);
        expect(vars[0].secretInputs).toContain("value");
    });
});

describe("Cloudflare edge: WAF, DDoS and bot mitigation, rate limiting, strict TLS", () => {
    it("deploys the managed WAF (Cloudflare Managed + OWASP) blocking in staging and prod, disabled on dev's Free zone", () => {
        for (const stack of ["staging", "prod"] as const) {
            const waf = one(plans[stack], RULESET, "edge-waf-managed").inputs;
            expect(waf.phase).toBe("http_request_firewall_managed");
            expect(waf.rules.map((r: any) => r.ref)).toEqual(["cloudflare-managed", "owasp-core"]);
            expect(waf.rules[0]).toMatchObject({
                action: "execute",
                enabled: true,
                actionParameters: { id: CLOUDFLARE_MANAGED_RULESET_ID },
            });
        }
        expect(one(plans.dev, RULESET, "edge-waf-managed").inputs.rules[0]).toMatchObject({ ref: "free-managed", enabled: false });
    });

    it("limits each IP to 100 requests/min in prod (blocked 10 min), 500 in staging, 160 per 10 s in dev", () => {
        const rate = (stack: Stack) => one(plans[stack], RULESET, "edge-rate-limit").inputs.rules[0];
        expect(rate("prod")).toMatchObject({
            action: "block",
            enabled: true,
            ratelimit: { requestsPerPeriod: 100, period: 60, mitigationTimeout: 600, characteristics: ["cf.colo.id", "ip.src"] },
        });
        expect(rate("staging")).toMatchObject({ action: "block", ratelimit: { requestsPerPeriod: 500, period: 60 } });
        expect(rate("dev")).toMatchObject({ enabled: false, ratelimit: { requestsPerPeriod: 160, period: 10 } });
        expect(one(plans.prod, RULESET, "edge-rate-limit").inputs.phase).toBe("http_ratelimit");
    });

    it("sets SSL Full (strict), TLS 1.2 minimum and TLS 1.3 on every zone", () => {
        for (const stack of STACKS) {
            const value = (name: string) => one(plans[stack], SETTING, name).inputs.value;
            expect([value("edge-setting-ssl"), value("edge-setting-min-tls-version"), value("edge-setting-tls-1-3")], stack).toEqual([
                "strict",
                "1.2",
                "on",
            ]);
        }
    });

    it("proxies the app host to Vercel, delegates the tenant subdomains to Vercel DNS and routes the Worker on apex, www and /t/*", () => {
        const records = ofType(plans.prod, "cloudflare:index/dnsRecord:DnsRecord").map((r) => [
            r.inputs.name,
            r.inputs.type,
            r.inputs.content,
            r.inputs.proxied,
        ]);
        expect(records).toEqual(
            expect.arrayContaining([
                ["app.intelifeed.io", "CNAME", "cname.vercel-dns.com", true],
                ["hub.intelifeed.io", "NS", "ns1.vercel-dns.com", false],
                ["hub.intelifeed.io", "NS", "ns2.vercel-dns.com", false],
            ]),
        );
        expect(
            ofType(plans.prod, "cloudflare:index/workersRoute:WorkersRoute")
                .map((r) => r.inputs.pattern)
                .sort(),
        ).toEqual(["app.intelifeed.io/t/*", "intelifeed.io/*", "www.intelifeed.io/*"]);
        const cache = one(plans.prod, RULESET, "edge-cache").inputs.rules.map((r: any) => r.ref);
        expect(cache).toEqual(["static-assets", "bypass-dynamic"]);
    });
});

describe("Capacitor mobile apps with live updates", () => {
    it("prod manages the real repository: staging and production environments, production behind reviewers", () => {
        // The mobile pipeline's environments; the database export's and the web pipeline's are their own
        // (tests/components/gcp-backup.test.ts, and the web pipeline test below).
        const envs = ofType(plans.prod, GH_ENV).filter((e) => e.name.startsWith("mobile-"));
        expect(envs.map((e) => e.inputs.environment).sort()).toEqual(["production", "staging"]);
        expect(envs.every((e) => e.inputs.repository === "intelifeed-hub")).toBe(true);
        expect(one(plans.prod, GH_ENV, "mobile-production").inputs).toMatchObject({
            reviewers: [{ teams: [7712345], users: [] }],
            canAdminsBypass: false,
            preventSelfReview: true,
        });
    });

    it("web pipeline (seeds/001 CI/CD): staging deployed daily on a schedule, a tag passes tests, scans and a manual QA gate, then prod with rollback", () => {
        const file = (name: string) => parse(one(plans.prod, GH_FILE, name).inputs.content as string);
        const staging = file("web-pipeline-file-workflow-staging-yml");
        expect(Object.keys(staging.on).sort()).toEqual(["schedule", "workflow_dispatch"]); // never on push: the document deploys staging daily
        expect(staging.on.schedule).toEqual([{ cron: "0 6 * * *" }]);
        const release = file("web-pipeline-file-workflow-release-yml");
        expect(release.on).toEqual({ push: { tags: ["v*"] } });
        expect(release.jobs["qa-approval"]).toMatchObject({ environment: "qa", needs: ["test", "dependency-scan"] });
        const deploy = release.jobs["deploy-production"];
        expect(deploy).toMatchObject({ needs: ["qa-approval"], environment: { name: "web-production" } });
        const steps = deploy.steps as { name: string; if?: string }[];
        const smoke = steps.findIndex((s) => s.name.startsWith("Smoke tests"));
        const rollbacks = steps.filter((s, i) => i > smoke && s.name.startsWith("Rollback"));
        expect(rollbacks.length).toBe(2);
        for (const r of rollbacks) expect(r.if).toMatch(/failure\(\)/);
        // The QA gate and production are environments with required reviewers; tags only may deploy to them.
        for (const name of ["web-pipeline-qa", "web-pipeline-production"])
            expect(one(plans.prod, GH_ENV, name).inputs.reviewers[0].teams.length).toBe(1);
        expect(
            ofType(plans.prod, "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy")
                .map((p) => p.inputs.environment)
                .sort(),
        ).toEqual(expect.arrayContaining(["qa", "web-production"]));
        // CodeQL and dependency review run where the document's quality and security scans ask.
        expect(file("web-pipeline-file-workflow-codeql-yml").jobs).toBeDefined();
        expect(file("web-pipeline-file-workflow-dependency-review-yml").jobs).toBeDefined();
    });

    it("commits the Capacitor build, live-update (Capgo channels) and release workflows", () => {
        // The mobile pipeline's files on main (each push-triggered one also has a copy on develop).
        const files = ofType(plans.prod, GH_FILE).filter((f) => f.name.startsWith("mobile-") && f.inputs.branch === "main");
        expect(files.map((f) => f.inputs.file).sort()).toEqual([
            ".github/workflows/capacitor-build.yml",
            ".github/workflows/live-update.yml",
            ".github/workflows/mobile-release.yml",
            ".github/workflows/tests.yml",
        ]);
        const liveUpdate = files.find((f) => f.inputs.file === ".github/workflows/live-update.yml")!.inputs.content as string;
        expect(liveUpdate).toContain("npx @capgo/cli@7 bundle upload");
        expect(liveUpdate).toContain("CAPGO_TOKEN");
        expect(files.find((f) => f.inputs.file === ".github/workflows/capacitor-build.yml")!.inputs.content).toContain("npx cap sync");
        const secrets = ofType(plans.prod, "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret").filter(
            (e) => !e.name.startsWith("db-export-"),
        );
        expect(secrets.length).toBeGreaterThan(0);
        for (const s of secrets) expect(s.secretInputs).toContain("value");
    });

    it("dev points at a sandbox repository; staging manages none (its GitHub environment belongs to the prod stack)", () => {
        expect(ofType(plans.dev, GH_ENV).every((e) => e.inputs.repository === "intelifeed-hub-sandbox")).toBe(true);
        expect(ofType(plans.dev, GH_FILE).filter((f) => f.inputs.branch === "main")).toHaveLength(4);
        expect(one(plans.dev, GH_ENV, "mobile-production").inputs.canAdminsBypass).toBe(true);
        expect(ofType(plans.staging, GH_ENV)).toEqual([]);
        expect(ofType(plans.staging, GH_FILE)).toEqual([]);
    });
});

describe("SLOs: 99.9 % availability, 95 % of requests < 500 ms, error rate < 0.1 %", () => {
    it("prod has availability (99.9 %) and latency (95 % under 500 ms) SLOs on the app, its API and a tenant subdomain", () => {
        const slos = ofType(plans.prod, SLO);
        for (const endpoint of ["web", "api", "tenant"]) {
            expect(one(plans.prod, SLO, `uptime-${endpoint}-availability`).inputs.goal).toBe(0.999);
            const latency = one(plans.prod, SLO, `uptime-${endpoint}-latency`).inputs;
            expect(latency.goal).toBe(0.95);
            expect(latency.windowsBasedSli.metricMeanInRange.range.max).toBe(500);
        }
        expect(slos).toHaveLength(6);
        expect(one(plans.prod, CHECK, "uptime-tenant").inputs.monitoredResource.labels.host).toBe("status.hub.intelifeed.io");
        expect(one(plans.prod, CHECK, "uptime-web").inputs.period).toBe("60s");
    });

    it("alerts on probe failures, p95 latency above 500 ms and a fast error-budget burn (the 0.1 % error budget)", () => {
        const slow = one(plans.prod, ALERT, "uptime-api-slow").inputs.conditions[0].conditionThreshold;
        expect(slow).toMatchObject({ thresholdValue: 500, comparison: "COMPARISON_GT" });
        expect(slow.aggregations[0].crossSeriesReducer).toBe("REDUCE_PERCENTILE_95");
        const burn = one(plans.prod, ALERT, "uptime-api-burn-rate").inputs;
        expect(burn.severity).toBe("CRITICAL");
        expect(burn.notificationChannels).toContain("projects/intelifeed-prod-monitoring/notificationChannels/1234567890123456789");
        expect(one(plans.prod, "sentry:index/sentryMetricAlert:SentryMetricAlert", "sentry-web-p95-latency").inputs).toMatchObject({
            aggregate: "p95(transaction.duration)",
        });
        expect(
            one(plans.prod, "sentry:index/sentryMetricAlert:SentryMetricAlert", "sentry-web-p95-latency").inputs.triggers[0].alertThreshold,
        ).toBe(500);
    });

    it("staging probes every 5 min with alerts but no SLOs; dev every 15 min without alerts", () => {
        expect(ofType(plans.staging, SLO)).toEqual([]);
        expect(ofType(plans.staging, ALERT)).toHaveLength(6);
        expect(one(plans.staging, CHECK, "uptime-web").inputs.period).toBe("300s");
        expect(ofType(plans.dev, ALERT)).toEqual([]);
        expect(one(plans.dev, CHECK, "uptime-web").inputs.period).toBe("900s");
    });
});

describe("budgets and the policy gate", () => {
    it("has a Cloud Billing budget on the monitoring project per stack, alerting at 80 %, 100 % and forecast 100 %", () => {
        for (const [stack, amount] of [
            ["dev", "10"],
            ["staging", "20"],
            ["prod", "50"],
        ] as const) {
            const budget = one(plans[stack], "gcp:billing/budget:Budget", "budget-budget").inputs;
            expect(budget.amount.specifiedAmount, stack).toMatchObject({ currencyCode: "USD", units: amount });
            expect(budget.thresholdRules.map((t: any) => `${t.spendBasis}@${t.thresholdPercent}`)).toEqual([
                "CURRENT_SPEND@0.8",
                "CURRENT_SPEND@1",
                "FORECASTED_SPEND@1",
            ]);
        }
    });

    it("every stack passes its own policy config with zero mandatory violations, within the product's budget", () => {
        for (const [stack, budget] of [
            ["dev", 150],
            ["staging", 300],
            ["prod", 1000],
        ] as const) {
            expect(
                plans[stack].violations.filter((v) => v.level === "mandatory"),
                stack,
            ).toEqual([]);
            expect(plans[stack].cost.budgetUsd, stack).toBe(budget);
            expect(plans[stack].cost.monthlyUsd, stack).toBeLessThanOrEqual(budget);
        }
    });
});
