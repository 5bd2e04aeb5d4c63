// The pricing modules beyond AWS: gcp, supabase (dynamic resources by their discriminator), vercel, upstash,
// cloudflare, github, sentry.
import { describe, expect, it } from "vitest";
import {
    type CostItem,
    estimateMonthlyCost,
    PRICE_TABLE,
    PROVIDERS,
    type PricedResource,
    unpricedReasons,
    unverifiedPrices,
    USAGE_NOTES,
    DEFAULT_USAGE,
} from "@appstack/cost";

function res(type: string, name: string, props: Record<string, unknown> = {}): PricedResource {
    return { urn: `urn:pulumi:prod::test::${type}::${name}`, type, name, props };
}
const us = { region: "us-east-1" };
function item(resources: PricedResource[], name: string, options: Parameters<typeof estimateMonthlyCost>[1] = us): CostItem {
    const e = estimateMonthlyCost(resources, options);
    const found = e.items.find((i) => i.name === name);
    if (!found) throw new Error(`no item ${name}; unpriced ${e.unpriced.map((u) => u.name).join(", ")}`);
    return found;
}

const DYN = "pulumi-nodejs:dynamic:Resource";
const sb = (name: string, kind: string, props: Record<string, unknown> = {}) => res(DYN, name, { supabaseResource: kind, ...props });

describe("registration", () => {
    it("registers a pricing module per provider prefix, dynamic resources under pulumi-nodejs", () => {
        expect(Object.keys(PROVIDERS)).toEqual(
            expect.arrayContaining(["aws", "gcp", "vercel", "upstash", "cloudflare", "github", "sentry", "pulumi-nodejs"]),
        );
    });
    it("names every usage assumption", () => {
        for (const key of Object.keys(DEFAULT_USAGE).filter((k) => k !== "perResource" && k !== "perType"))
            expect(USAGE_NOTES[key as keyof typeof USAGE_NOTES], key).toBeTruthy();
        expect(DEFAULT_USAGE).toMatchObject({ supabaseOrganizationPlan: "pro", vercelTeamMembers: 1, cloudflareZonePlan: "pro" });
    });
    it("dates every new price with a source URL and a verified flag, and lists the unverified ones", () => {
        const entries = [
            ...Object.values(PRICE_TABLE.gcp),
            ...Object.values(PRICE_TABLE.saas.supabaseComputeHourly),
            ...Object.values(PRICE_TABLE.saas.other),
        ];
        for (const e of entries) {
            expect(e.source).toMatch(
                /^https:\/\/(supabase\.com|vercel\.com|upstash\.com|www\.cloudflare\.com|developers\.cloudflare\.com|sentry\.io|cloud\.google\.com)\//,
            );
            expect(typeof e.verified).toBe("boolean");
            // Google Cloud alerting: announced, not started ($0).
            expect(e.usd).toBeGreaterThanOrEqual(0);
        }
        expect(unverifiedPrices()).toEqual(
            expect.arrayContaining(["vercel.proMember", "cloudflare.pro", "sentry.team", "gcp.storage.classA.archive"]),
        );
        expect(unverifiedPrices()).not.toContain("supabase.pitr.7");
        expect(unverifiedPrices()).not.toContain("gcp.cloudrun.instance.vcpu");
        // Read 2026-12-07 (docs/cost-verification.md): instance-based memory, Cloud Storage and Pub/Sub list prices.
        expect(unverifiedPrices()).not.toContain("gcp.cloudrun.instance.gib");
        expect(unverifiedPrices()).not.toContain("gcp.storage.standard.region");
        expect(unverifiedPrices()).not.toContain("gcp.pubsub.throughput");
    });
});

describe("Supabase (dynamic resources, by the supabaseResource discriminator)", () => {
    const project = sb("db-project", "project", { organizationId: "acme", region: "eu-central-1", instanceSize: "small" });

    it("prices a small project as compute × 730 h + the Pro plan − $10 compute credits, once per organization", () => {
        const p = item([project], "db-project");
        expect(p.monthlyUsd).toBeCloseTo(730 * 0.0206 + 25 - 10, 2);
        expect(p.basis).toContain("compute small 730 h × $0.0206 + Pro plan $25 (organization acme) + − $10 compute credits");
        const second = sb("db2-project", "project", { organizationId: "acme", instanceSize: "micro" });
        const other = item([project, second], "db2-project");
        expect(other.monthlyUsd).toBeCloseTo(730 * 0.01344, 2);
        expect(other.basis).toContain("plan and compute credits counted on the organization's first project");
    });
    it("prices the compute sizes of the brief: micro ~$10, small ~$15, medium ~$60, large ~$110 a month", () => {
        const compute = (size: string) =>
            item(
                [
                    sb("a-project", "project", { organizationId: "o", instanceSize: size }),
                    sb("b-project", "project", { organizationId: "o", instanceSize: size }),
                ],
                "b-project",
            ).monthlyUsd;
        expect([compute("micro"), compute("small"), compute("medium"), compute("large")].map(Math.round)).toEqual([10, 15, 60, 111]);
        expect(compute("nano")).toBeCloseTo(compute("micro"), 6);
    });
    it("prices PITR by the variant its retention selects: $100 / 7 days, $200 / 14, $400 / 28", () => {
        const pitr = (days: number) => item([project, sb("db-pitr", "pitr", { retentionDays: days, projectRef: "[unknown]" })], "db-pitr");
        expect(Math.round(pitr(7).monthlyUsd)).toBe(100);
        expect(Math.round(pitr(10).monthlyUsd)).toBe(200);
        expect(pitr(10).basis).toContain("pitr_14 (for 10 days)");
        expect(Math.round(pitr(28).monthlyUsd)).toBe(402);
    });
    it("prices a read replica at its project's compute size, linked by projectRef's reference (never by name)", () => {
        const big = sb("db-project", "project", { organizationId: "acme", instanceSize: "medium" });
        const other = sb("cache-project", "project", { organizationId: "acme", instanceSize: "large" });
        const replica = {
            ...sb("db-replica-us-east-1", "read-replica", { projectRef: "[unknown]", region: "us-east-1" }),
            propertyDependencies: { projectRef: [big.urn] },
        };
        const r = item([big, other, replica], "db-replica-us-east-1");
        expect(r.monthlyUsd).toBeCloseTo(730 * 0.0822, 2);
        expect(r.basis).toContain("project db-project");
    });
    it("charges nothing for settings, and leaves other dynamic resources unpriced with a reason", () => {
        const resources = [
            project,
            sb("db-ssl", "ssl-enforcement"),
            sb("db-network", "network-restrictions"),
            sb("db-postgres-config", "postgres-config"),
            res(DYN, "custom", { a: 1 }),
        ];
        const e = estimateMonthlyCost(resources, us);
        expect(e.items.filter((i) => i.basis === "no charge").map((i) => i.name)).toEqual(["db-ssl", "db-network", "db-postgres-config"]);
        expect(e.unpriced.map((u) => u.name)).toEqual(["custom"]);
        expect(unpricedReasons(resources, us)[resources[4].urn]).toMatch(/supabaseResource discriminator/);
    });
    it("follows the supabaseOrganizationPlan assumption (free: nano at $0)", () => {
        const free = item([sb("p", "project", { organizationId: "o", instanceSize: "nano" })], "p", {
            ...us,
            usage: { supabaseOrganizationPlan: "free" },
        });
        expect(free.monthlyUsd).toBe(0);
    });
});

describe("Google Cloud", () => {
    const service = (template: Record<string, unknown>) =>
        res("gcp:cloudrunv2/service:Service", "api-service", { location: "us-central1", template });
    const container = (cpuIdle: boolean | undefined, cpu = "1", memory = "1Gi") => ({
        image: "i",
        resources: { limits: { cpu, memory }, ...(cpuIdle === undefined ? {} : { cpuIdle }) },
    });

    it("prices CPU always allocated as min instances × vCPU and memory per second, after its own free tier", () => {
        // https://cloud.google.com/run/pricing (stored copy read 2026-12-07), Tier 1, CPU always allocated:
        // "$0.00001800 / vCPU-second beyond free tier", $0.00000200 / GiB-second; free a month per billing account:
        // 240,000 vCPU-s and 450,000 GiB-s. TechMate's API: 2 × 730 h × 3,600 s = 5,256,000 vCPU-s and GiB-s.
        const s = item([service({ scaling: { minInstanceCount: 2 }, containers: [container(false)] })], "api-service");
        expect(s.monthlyUsd).toBeCloseTo((5_256_000 - 240_000) * 0.000018 + (5_256_000 - 450_000) * 0.000002, 2);
        expect(s.monthlyUsd).toBeCloseTo(99.9, 2);
        expect(s.basis).toContain("2 min instances × 730 h × 3,600 s");
        expect(s.basis).toContain("us-central1, Tier 1 price");
        expect(s.basis).toContain("free tier 240,000 vCPU-s (instance-based)");
    });
    it("applies the instance-based free tier once per billing account, not once per service", () => {
        const a = res("gcp:cloudrunv2/service:Service", "api", {
            location: "us-central1",
            template: { scaling: { minInstanceCount: 1 }, containers: [container(false)] },
        });
        const b = res("gcp:cloudrunv2/service:Service", "worker", {
            location: "us-central1",
            template: { scaling: { minInstanceCount: 1 }, containers: [container(false)] },
        });
        const e = estimateMonthlyCost([a, b], us);
        const full = 730 * 3600 * (0.000018 + 0.000002);
        expect(e.items.find((i) => i.urn === a.urn)?.monthlyUsd).toBeCloseTo(full - 240_000 * 0.000018 - 450_000 * 0.000002, 2);
        expect(e.items.find((i) => i.urn === b.urn)?.monthlyUsd).toBeCloseTo(full, 2);
    });
    it("prices request-based billing from the usage assumption, plus idle minimum instances, after the free tier", () => {
        // https://cloud.google.com/run/pricing (read 2026-12-06): request-based billing, free per billing account a month:
        // 180,000 vCPU-s, 360,000 GiB-s, 2 M requests. 1 M requests × 0.2 s = 200,000 vCPU-s and 100,000 GiB-s (0.5 GiB).
        const zero = item([service({ containers: [container(true, "1", "512Mi")] })], "api-service");
        expect(zero.monthlyUsd).toBeCloseTo((200_000 - 180_000) * 0.000024, 2);
        expect(zero.basis).toContain("free tier 180,000 vCPU-s");
        const warm = item([service({ scaling: { minInstanceCount: 1 }, containers: [container(undefined, "1", "512Mi")] })], "api-service");
        expect(warm.monthlyUsd - zero.monthlyUsd).toBeCloseTo((730 * 3600 - 200_000) * (0.0000025 + 0.5 * 0.0000025), 2);
        const busier = item([service({ containers: [container(true, "1", "512Mi")] })], "api-service", {
            ...us,
            usage: { cloudRunRequestsPerMonth: 3_000_000 },
        });
        // 600,000 vCPU-s, 300,000 GiB-s (inside 360,000), 3 M requests (1 M beyond the free 2 M).
        expect(busier.monthlyUsd).toBeCloseTo((600_000 - 180_000) * 0.000024 + 0.4, 2);
    });
    it("prices Secret Manager versions per replica location and access operations on the secret", () => {
        const auto = res("gcp:secretmanager/secret:Secret", "secrets-jwt", { replication: { auto: {} } });
        const two = res("gcp:secretmanager/secret:Secret", "secrets-db", {
            replication: { userManaged: { replicas: [{ location: "us-central1" }, { location: "us-east1" }] } },
        });
        const resources = [
            auto,
            two,
            res("gcp:secretmanager/secretVersion:SecretVersion", "secrets-jwt-version", { secret: "[unknown]" }),
            res("gcp:secretmanager/secretVersion:SecretVersion", "secrets-db-version", { secret: "[unknown]" }),
        ];
        // Seven versions before these four use up the Always Free 6 (cloud.google.com/secret-manager/pricing, read
        // 2026-12-07: "active secret versions 6 versions, access operations 10,000 operations" a month per billing account).
        const earlier = Array.from({ length: 7 }, (_, i) =>
            res("gcp:secretmanager/secretVersion:SecretVersion", `earlier-${i}-version`, { secret: "[unknown]" }),
        );
        const e = estimateMonthlyCost([...earlier, ...resources], us);
        const at = (name: string) => e.items.find((i) => i.urn.endsWith(`::${name}`))?.monthlyUsd;
        expect(at("secrets-jwt-version")).toBeCloseTo(0.06, 4);
        expect(at("secrets-db-version")).toBeCloseTo(0.12, 4);
        // The first secret's 10,000 accesses are the free 10,000; the second's are billed.
        expect(at("secrets-jwt")).toBe(0);
        expect(at("secrets-db")).toBeCloseTo(0.03, 4);
    });
    it("takes Secret Manager's Always Free 6 versions and 10,000 accesses once: TechMate's four secrets cost nothing", () => {
        const names = ["database-url", "redis-url", "jwt-secret", "ai-api-key"];
        const resources = names.flatMap((n) => [
            res("gcp:secretmanager/secret:Secret", `secrets-${n}`, { replication: { auto: {} } }),
            res("gcp:secretmanager/secretVersion:SecretVersion", `secrets-${n}-version`, { secret: "[unknown]" }),
        ]);
        const e = estimateMonthlyCost(resources, us);
        // 4 versions within the 6; 40,000 accesses of which 10,000 free: 3 × $0.03.
        expect(e.monthlyUsd).toBeCloseTo(0.09, 2);
        expect(e.freeTiers.find((f) => f.meter === "gcp.secretmanager.versions")?.used).toBe(4);
    });
    it("prices uptime checks per execution and alert policies per condition", () => {
        // 43,200 runs × 5 checkers = 216,000 executions: inside the 1 M free per project (cloud.google.com/stackdriver/pricing).
        const check = item(
            [
                res("gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig", "uptime", {
                    period: "60s",
                    selectedRegions: ["USA", "EUROPE", "ASIA_PACIFIC"],
                }),
            ],
            "uptime",
        );
        expect(check.monthlyUsd).toBe(0);
        expect(check.basis).toContain("216,000 executions");
        expect(check.basis).toContain("1 M free executions");
        // Five such checks: 1,080,000 executions, 80,000 beyond the allowance, billed on the last.
        const five = estimateMonthlyCost(
            [0, 1, 2, 3, 4].map((i) =>
                res("gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig", `uptime-${i}`, {
                    period: "60s",
                    selectedRegions: ["USA", "EUROPE", "ASIA_PACIFIC"],
                }),
            ),
            us,
        );
        expect(five.monthlyUsd).toBeCloseTo((80_000 / 1000) * 0.3, 2);
        const alert = item([res("gcp:monitoring/alertPolicy:AlertPolicy", "alert", { conditions: [{}, {}] })], "alert");
        // Alerting-policy charges are announced but not started (cloud.google.com/monitoring/alerts/cost-control, read 2026-12-06).
        expect(alert.monthlyUsd).toBe(0);
        expect(alert.basis).toContain("not started");
    });
    it("charges nothing for API keys, APIs, IAM, service accounts and budgets; other GCP types are unpriced", () => {
        const free = [
            "gcp:projects/apiKey:ApiKey",
            "gcp:projects/service:Service",
            "gcp:serviceaccount/account:Account",
            "gcp:billing/budget:Budget",
            "gcp:secretmanager/secretIamMember:SecretIamMember",
        ];
        const e = estimateMonthlyCost([...free.map((t, i) => res(t, `f${i}`)), res("gcp:bigtable/instance:Instance", "sql")], us);
        expect(e.items.map((i) => i.basis)).toEqual(free.map(() => "no charge"));
        expect(e.unpriced.map((u) => u.name)).toEqual(["sql"]);
    });
});

describe("Vercel, Upstash, Cloudflare, GitHub, Sentry", () => {
    it("Vercel: Pro $20 × members on the team's first project, others included, settings free", () => {
        const a = res("vercel:index/project:Project", "web-project", { teamId: "team_1" });
        const b = res("vercel:index/project:Project", "admin-project", { teamId: "team_1" });
        const resources = [
            a,
            b,
            res("vercel:index/firewallConfig:FirewallConfig", "web-firewall"),
            res("vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable", "env"),
        ];
        expect(item(resources, "web-project").monthlyUsd).toBe(20);
        expect(item(resources, "admin-project")).toMatchObject({
            monthlyUsd: 0,
            basis: expect.stringContaining("in the Pro plan of team team_1"),
        });
        expect(item(resources, "web-project", { ...us, usage: { vercelTeamMembers: 3 } }).monthlyUsd).toBe(60);
        expect(item(resources, "web-firewall").basis).toBe("no charge");
    });
    it("Upstash: $0.20 per 100k commands, read regions bill replicated writes, capped at the budget", () => {
        const db = (props: Record<string, unknown>) =>
            res("upstash:index/redisDatabase:RedisDatabase", "cache-database", { budget: 50, ...props });
        expect(item([db({})], "cache-database").monthlyUsd).toBeCloseTo(2, 2);
        expect(item([db({ readRegions: ["eu-west-1", "ap-southeast-1"] })], "cache-database").monthlyUsd).toBeCloseTo(2 + 2 * 0.2 * 2, 2);
        const capped = item([db({ budget: 5 })], "cache-database", { ...us, usage: { upstashCommandsPerMonth: 100_000_000 } });
        expect(capped.monthlyUsd).toBe(5);
        expect(capped.basis).toMatch(/capped at the budget \$5.*uncapped estimate \$200/);
        expect(
            item([db({ budget: undefined })], "cache-database", { ...us, usage: { upstashCommandsPerMonth: 100_000_000 } }).monthlyUsd,
        ).toBe(20);
    });
    it("Cloudflare: Pro $25 per zone with settings (once), Workers Paid $5 per account, rulesets and records free", () => {
        const setting = (name: string, zoneId: string) =>
            res("cloudflare:index/zoneSetting:ZoneSetting", name, { zoneId, settingId: "ssl", value: "strict" });
        const resources = [
            setting("edge-setting-ssl", "z1"),
            setting("edge-setting-min-tls-version", "z1"),
            setting("other-setting-ssl", "z2"),
            res("cloudflare:index/ruleset:Ruleset", "edge-waf-managed", { zoneId: "z1" }),
            res("cloudflare:index/workersScript:WorkersScript", "edge-worker", { accountId: "acc" }),
            res("cloudflare:index/workersScript:WorkersScript", "edge-worker-2", { accountId: "acc" }),
        ];
        const e = estimateMonthlyCost(resources, us);
        expect(e.monthlyUsd).toBe(25 + 25 + 5);
        expect(item(resources, "edge-setting-min-tls-version").basis).toContain("in the plan of zone z1");
        expect(item(resources, "edge-setting-ssl", { ...us, usage: { cloudflareZonePlan: "free" } }).monthlyUsd).toBe(0);
    });
    it("GitHub: the mobile pipeline's types are free; Sentry: Team $26 per organization", () => {
        const gh = [
            "github:index/repositoryEnvironment:RepositoryEnvironment",
            "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret",
            "github:index/repositoryFile:RepositoryFile",
        ];
        const e = estimateMonthlyCost(
            gh.map((t, i) => res(t, `g${i}`)),
            us,
        );
        expect(e.items.every((i) => i.basis === "no charge")).toBe(true);
        const projects = [
            res("sentry:index/sentryProject:SentryProject", "api", { organization: "acme" }),
            res("sentry:index/sentryProject:SentryProject", "web", { organization: "acme" }),
            res("sentry:index/sentryKey:SentryKey", "api-key"),
        ];
        const s = estimateMonthlyCost(projects, us);
        expect(s.monthlyUsd).toBe(26);
        expect(item(projects, "web").basis).toContain("in the Team plan of organization acme");
    });
});
