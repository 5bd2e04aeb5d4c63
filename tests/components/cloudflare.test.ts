import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../components/src/core";
import {
    CLOUDFLARE_MANAGED_RULESET_ID,
    CLOUDFLARE_OWASP_ANOMALY_RULE_ID,
    CLOUDFLARE_OWASP_RULESET_ID,
    CLOUDFLARE_FREE_MANAGED_RULESET_ID,
    CloudflareEdge,
    type CloudflareEdgeArgs,
    type CloudflareRateLimitRule,
} from "../../components/src/edge/cloudflare";
import { mockCloudflareOutputs } from "../../tools/plan/mocks/cloudflare";
import { type Plan, plan, planRejected } from "../support/plan";

const SETTING = "cloudflare:index/zoneSetting:ZoneSetting";
const DNS = "cloudflare:index/dnsRecord:DnsRecord";
const RULESET = "cloudflare:index/ruleset:Ruleset";
const SCRIPT = "cloudflare:index/workersScript:WorkersScript";
const ROUTE = "cloudflare:index/workersRoute:WorkersRoute";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const ACCOUNT = "f037e56e89293a057740de681ac9abbe";

/** CoachMeld (000): AI requests 100 per hour blocked 10 min; API requests 1000 per hour blocked 5 min. */
const COACHMELD: CloudflareRateLimitRule[] = [
    {
        name: "ai-requests",
        expression: 'starts_with(http.request.uri.path, "/api/ai/")',
        requests: 100,
        periodSeconds: 3600,
        mitigationTimeoutSeconds: 600,
    },
    {
        name: "api-requests",
        expression: 'starts_with(http.request.uri.path, "/api/")',
        requests: 1000,
        periodSeconds: 3600,
        mitigationTimeoutSeconds: 300,
    },
];

const WORKER_SOURCE =
    'export default { async fetch(request) { const url = new URL(request.url); if (url.pathname === "/old") return Response.redirect(url.origin + "/new", 301); return fetch(request); } };';

function edge(stack: string, args: Partial<CloudflareEdgeArgs> = {}): Promise<Plan> {
    return plan(() => new CloudflareEdge("edge", { zoneId: ZONE, ...args }), { stack });
}

async function rejected(args: Partial<CloudflareEdgeArgs>, stack = "prod"): Promise<{ error: unknown; children: string[] }> {
    const { error, plan: p } = await planRejected(() => new CloudflareEdge("edge", { zoneId: ZONE, ...args }), { stack });
    return {
        error,
        children: p.resources.filter((r) => r.type.startsWith("cloudflare:") || r.type.startsWith("appstack:")).map((r) => r.name),
    };
}

const ruleset = (p: Plan, phase: string): any => {
    const found = p.ofType(RULESET).filter((r) => (r.inputs as any).phase === phase);
    expect(found).toHaveLength(1);
    return found[0].inputs;
};
const settings = (p: Plan): Record<string, unknown> =>
    Object.fromEntries(p.ofType(SETTING).map((s) => [(s.inputs as any).settingId, (s.inputs as any).value]));

describe("CloudflareEdge", () => {
    it("sets strict TLS zone settings: Full (strict), TLS 1.2 minimum, TLS 1.3, HTTPS always, HTTPS rewrites, HSTS", async () => {
        const p = await edge("prod");
        expect(settings(p)).toEqual({
            ssl: "strict",
            min_tls_version: "1.2",
            tls_1_3: "on",
            always_use_https: "on",
            automatic_https_rewrites: "on",
            // Nested keys in snake_case: the provider hands `value` to the API untranslated.
            security_header: {
                strict_transport_security: { enabled: true, max_age: 31536000, include_subdomains: false, preload: false, nosniff: true },
            },
        });
        for (const s of p.ofType(SETTING)) expect((s.inputs as any).zoneId).toBe(ZONE);
        expect(
            p
                .ofType(SETTING)
                .map((s) => s.name)
                .sort(),
        ).toEqual([
            "edge-setting-always-use-https",
            "edge-setting-automatic-https-rewrites",
            "edge-setting-min-tls-version",
            "edge-setting-security-header",
            "edge-setting-ssl",
            "edge-setting-tls-1-3",
        ]);
        expect(settings(await edge("prod", { minTlsVersion: "1.3" }))["min_tls_version"]).toBe("1.3");
    });

    it("sends no HSTS max-age in dev, a year in prod, and leaves the setting alone with hsts: false", async () => {
        expect((settings(await edge("dev"))["security_header"] as any).strict_transport_security).toMatchObject({
            enabled: false,
            max_age: 0,
        });
        const custom = await edge("prod", { hsts: { maxAgeSeconds: 63072000, includeSubdomains: true, preload: true } });
        expect((settings(custom)["security_header"] as any).strict_transport_security).toEqual({
            enabled: true,
            max_age: 63072000,
            include_subdomains: true,
            preload: true,
            nosniff: true,
        });
        expect(settings(await edge("prod", { hsts: false }))).not.toHaveProperty("security_header");
    });

    it("creates DNS records with ttl 1 when proxied, proxying A/AAAA/CNAME by default, with stable names", async () => {
        const p = await edge("prod", {
            records: [
                { name: "@", type: "A", content: "203.0.113.10" },
                { name: "www.example.com", type: "CNAME", content: "example.com" },
                { name: "api.example.com", type: "CNAME", content: "alb-123.us-east-1.elb.amazonaws.com", proxied: false, ttl: 300 },
                { name: "example.com", type: "MX", content: "mx1.mail.example.net", priority: 10, key: "primary" },
                { name: "example.com", type: "MX", content: "mx2.mail.example.net", priority: 20, key: "backup" },
                { name: "example.com", type: "TXT", content: "v=spf1 include:_spf.mail.example.net -all" },
            ],
        });
        const byName = Object.fromEntries(p.ofType(DNS).map((r) => [r.name, r.inputs as any]));
        expect(Object.keys(byName).sort()).toEqual([
            "edge-dns-a-apex",
            "edge-dns-cname-api-example-com",
            "edge-dns-cname-www-example-com",
            "edge-dns-mx-example-com-backup",
            "edge-dns-mx-example-com-primary",
            "edge-dns-txt-example-com",
        ]);
        expect(byName["edge-dns-a-apex"]).toMatchObject({
            zoneId: ZONE,
            name: "@",
            type: "A",
            content: "203.0.113.10",
            proxied: true,
            ttl: 1,
        });
        expect(byName["edge-dns-cname-www-example-com"]).toMatchObject({ proxied: true, ttl: 1 });
        expect(byName["edge-dns-cname-api-example-com"]).toMatchObject({ proxied: false, ttl: 300 });
        expect(byName["edge-dns-mx-example-com-primary"]).toMatchObject({ type: "MX", priority: 10, proxied: false, ttl: 1 });
        expect(byName["edge-dns-txt-example-com"]).toMatchObject({ proxied: false, ttl: 1 });
        for (const r of Object.values(byName)) expect(r.ttl).toBeTypeOf("number");
    });

    it("executes the Cloudflare Managed and OWASP core rulesets in the managed firewall phase", async () => {
        const managed = ruleset(await edge("prod"), "http_request_firewall_managed");
        expect(managed).toMatchObject({ zoneId: ZONE, kind: "zone", phase: "http_request_firewall_managed" });
        expect(managed.rules).toHaveLength(2);
        expect(managed.rules[0]).toMatchObject({
            action: "execute",
            expression: "true",
            enabled: true,
            actionParameters: { id: CLOUDFLARE_MANAGED_RULESET_ID },
        });
        expect(managed.rules[0].actionParameters.overrides).toBeUndefined();
        expect(managed.rules[1]).toMatchObject({
            action: "execute",
            enabled: true,
            actionParameters: {
                id: CLOUDFLARE_OWASP_RULESET_ID,
                overrides: {
                    categories: [
                        { category: "paranoia-level-3", enabled: false },
                        { category: "paranoia-level-4", enabled: false },
                    ],
                    rules: [{ id: CLOUDFLARE_OWASP_ANOMALY_RULE_ID, action: "block", scoreThreshold: 40, enabled: true }],
                },
            },
        });
        const noOwasp = ruleset(await edge("prod", { owasp: false }), "http_request_firewall_managed");
        expect(noOwasp.rules.map((r: any) => r.actionParameters.id)).toEqual([CLOUDFLARE_MANAGED_RULESET_ID]);
        const free = ruleset(
            await edge("prod", {
                plan: "free",
                rateLimits: [
                    {
                        name: "login",
                        expression: 'http.request.uri.path eq "/login"',
                        requests: 5,
                        periodSeconds: 10,
                        mitigationTimeoutSeconds: 10,
                    },
                ],
            }),
            "http_request_firewall_managed",
        );
        expect(free.rules.map((r: any) => r.actionParameters.id)).toEqual([CLOUDFLARE_FREE_MANAGED_RULESET_ID]);
    });

    it("rate-limits 100 requests per 60 s per IP, blocked 10 min, by default", async () => {
        const rl = ruleset(await edge("prod"), "http_ratelimit");
        expect(rl.rules).toEqual([
            expect.objectContaining({
                ref: "per-ip",
                action: "block",
                enabled: true,
                ratelimit: { characteristics: ["cf.colo.id", "ip.src"], period: 60, requestsPerPeriod: 100, mitigationTimeout: 600 },
            }),
        ]);
    });

    it("takes CoachMeld's two rules (AI 100/h blocked 10 min, API 1000/h blocked 5 min) on an Enterprise zone, in order", async () => {
        const rl = ruleset(await edge("prod", { plan: "enterprise", rateLimits: COACHMELD }), "http_ratelimit");
        expect(
            rl.rules.map((r: any) => [
                r.ref,
                r.expression,
                r.action,
                r.ratelimit.requestsPerPeriod,
                r.ratelimit.period,
                r.ratelimit.mitigationTimeout,
            ]),
        ).toEqual([
            ["ai-requests", 'starts_with(http.request.uri.path, "/api/ai/")', "block", 100, 3600, 600],
            ["api-requests", 'starts_with(http.request.uri.path, "/api/")', "block", 1000, 3600, 300],
        ]);
    });

    // Characteristics as the ruleset API takes them ("Rate limiting parameters", developers.cloudflare.com/waf/
    // rate-limiting-rules/parameters/, read 2026-12-06): cf.colo.id is mandatory; header names lower-cased.
    it("counts per user by a header on an Enterprise zone with Advanced Rate Limiting (CoachMeld's hourly limits)", async () => {
        const perUser = COACHMELD.map((r) => ({ ...r, countBy: [{ header: "Authorization" }] as CloudflareRateLimitRule["countBy"] }));
        const rl = ruleset(await edge("prod", { plan: "enterprise", advancedRateLimiting: true, rateLimits: perUser }), "http_ratelimit");
        expect(
            rl.rules.map((r: any) => [
                r.ref,
                r.ratelimit.characteristics,
                r.ratelimit.requestsPerPeriod,
                r.ratelimit.period,
                r.ratelimit.mitigationTimeout,
            ]),
        ).toEqual([
            ["ai-requests", ["cf.colo.id", 'http.request.headers["authorization"]'], 100, 3600, 600],
            ["api-requests", ["cf.colo.id", 'http.request.headers["authorization"]'], 1000, 3600, 300],
        ]);
        expect(rl.description).toBe("Per-user rate limits (block)");
        const jwt = ruleset(
            await edge("prod", {
                plan: "enterprise",
                advancedRateLimiting: true,
                rateLimits: [
                    {
                        ...COACHMELD[0],
                        countBy: [{ jwtClaim: { tokenConfigurationId: "0d9bf70c-92e1-4bb3-9411-34a3bcc59003", claim: "sub" } }],
                    },
                ],
            }),
            "http_ratelimit",
        );
        expect(jwt.rules[0].ratelimit.characteristics).toEqual([
            "cf.colo.id",
            'lookup_json_string(http.request.jwt.claims["0d9bf70c-92e1-4bb3-9411-34a3bcc59003"][0], "sub")',
        ]);
    });

    it("rejects per-user keys and periods a plan does not allow, before any resource registers", async () => {
        const header = {
            name: "u",
            expression: "true",
            requests: 100,
            periodSeconds: 60,
            mitigationTimeoutSeconds: 600,
            countBy: [{ header: "x-user-id" }],
        } as CloudflareRateLimitRule;
        const cases: [Partial<CloudflareEdgeArgs>, RegExp][] = [
            [
                { plan: "pro", rateLimits: [header] },
                /rateLimits\[0\]\.countBy\[0\].*per user on a pro zone.*Enterprise with Advanced Rate Limiting/,
            ],
            [{ plan: "enterprise", rateLimits: [header] }, /without advancedRateLimiting/],
            [{ plan: "pro", rateLimits: [{ ...header, countBy: ["ip-nat"] }] }, /ip-nat.*Business or Enterprise/],
            [{ plan: "business", rateLimits: [{ ...header, countBy: ["ip", "ip-nat"] }] }, /both "ip" and "ip-nat"/],
            [
                { plan: "pro", rateLimits: [{ ...header, countBy: ["ip"], periodSeconds: 3600 }] },
                /rateLimits\[0\]\.periodSeconds.*3600 on a pro zone/,
            ],
            [
                { plan: "enterprise", advancedRateLimiting: true, rateLimits: [{ ...header, countBy: [{ header: "bad header" }] }] },
                /countBy\[0\].*names "bad header"/,
            ],
        ];
        for (const [args, message] of cases) {
            const { error, children } = await rejected(args);
            expect(error).toBeInstanceOf(InvalidArgumentError);
            expect(String(error)).toMatch(message);
            // Only the component itself: no zone setting, record or ruleset registered.
            expect(children).toEqual(["edge"]);
        }
    });

    it("caches static assets at the edge and bypasses /api/, in that order", async () => {
        const cache = ruleset(await edge("prod"), "http_request_cache_settings");
        expect(cache.rules).toHaveLength(2);
        expect(cache.rules[0]).toMatchObject({
            ref: "static-assets",
            action: "set_cache_settings",
            actionParameters: { cache: true, edgeTtl: { mode: "override_origin", default: 86400 }, browserTtl: { mode: "respect_origin" } },
        });
        expect(cache.rules[0].expression).toMatch(/^\(http\.request\.uri\.path\.extension in \{"js" "mjs" "css" .*"woff2".*\}\)$/);
        expect(cache.rules[1]).toMatchObject({
            ref: "bypass-dynamic",
            action: "set_cache_settings",
            expression: 'starts_with(http.request.uri.path, "/api/")',
            actionParameters: { cache: false },
        });
        const custom = ruleset(
            await edge("prod", {
                cache: { staticExtensions: ["js", "css"], staticEdgeTtlSeconds: 604800, bypassPathPrefixes: ["/api/", "/auth/"] },
            }),
            "http_request_cache_settings",
        );
        expect(custom.rules[0].expression).toBe('(http.request.uri.path.extension in {"js" "css"})');
        expect(custom.rules[0].actionParameters.edgeTtl.default).toBe(604800);
        expect(custom.rules[1].expression).toBe(
            'starts_with(http.request.uri.path, "/api/") or starts_with(http.request.uri.path, "/auth/")',
        );
        expect((await edge("prod", { cache: false })).ofType(RULESET).map((r) => (r.inputs as any).phase)).not.toContain(
            "http_request_cache_settings",
        );
    });

    it("deploys a Worker module with bindings and one route per pattern", async () => {
        const p = await edge("prod", {
            accountId: ACCOUNT,
            worker: {
                name: "edge-auth",
                content: WORKER_SOURCE,
                routes: ["example.com/*", "*.example.com/api/*"],
                vars: { ORIGIN: "https://app.example.com" },
                secrets: { JWT_SECRET: "s3cret" },
            },
        });
        const script = p.one(SCRIPT);
        expect(script.inputs).toMatchObject({
            accountId: ACCOUNT,
            scriptName: "test-prod-edge-edge-auth",
            content: WORKER_SOURCE,
            mainModule: "worker.js",
            compatibilityDate: "2025-01-01",
            bindings: [
                { name: "ORIGIN", type: "plain_text", text: "https://app.example.com" },
                { name: "JWT_SECRET", type: "secret_text" },
            ],
        });
        expect(script.secretInputs).toContain("bindings[1].text");
        expect(JSON.stringify(script.inputs)).not.toContain("s3cret");
        const routes = p.ofType(ROUTE);
        expect(routes.map((r) => (r.inputs as any).pattern).sort()).toEqual(["*.example.com/api/*", "example.com/*"]);
        for (const r of routes) {
            expect(r.inputs).toMatchObject({ zoneId: ZONE, script: "test-prod-edge-edge-auth" });
            expect(r.dependencies).toContain(script.urn);
        }
        const one = await edge("prod", {
            accountId: ACCOUNT,
            worker: { name: "edge-auth", content: WORKER_SOURCE, routes: ["example.com/*"] },
        });
        expect(one.ofType(ROUTE).map((r) => r.name)).toEqual(
            routes.filter((r) => (r.inputs as any).pattern === "example.com/*").map((r) => r.name),
        );
        expect((p.one("appstack:edge:CloudflareEdge").outputs as any).workerName).toBe("test-prod-edge-edge-auth");
    });

    it("reads the Worker from contentFile", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cf-edge-"));
        try {
            const file = path.join(dir, "worker.mjs");
            fs.writeFileSync(file, WORKER_SOURCE);
            const p = await edge("prod", {
                accountId: ACCOUNT,
                worker: { name: "redirects", contentFile: file, routes: ["example.com/*"] },
            });
            expect(p.inputs(SCRIPT).content).toBe(WORKER_SOURCE);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("blocks in staging and prod; in dev logs on Enterprise and deploys the rules disabled on other plans", async () => {
        const actions = async (stack: string, args: Partial<CloudflareEdgeArgs> = {}) => {
            const p = await edge(stack, args);
            const rl = ruleset(p, "http_ratelimit").rules[0];
            const managed = ruleset(p, "http_request_firewall_managed").rules;
            return {
                rate: [rl.action, rl.enabled],
                managed: managed.map((r: any) => [
                    r.enabled,
                    r.actionParameters.overrides?.action ?? r.actionParameters.overrides?.rules?.[0]?.action ?? "default",
                ]),
            };
        };
        expect(await actions("prod")).toEqual({
            rate: ["block", true],
            managed: [
                [true, "default"],
                [true, "block"],
            ],
        });
        expect(await actions("staging")).toEqual(await actions("prod"));
        expect(await actions("dev", { plan: "enterprise" })).toEqual({
            rate: ["log", true],
            managed: [
                [true, "log"],
                [true, "log"],
            ],
        });
        expect(await actions("dev")).toEqual({
            rate: ["block", false],
            managed: [
                [false, "default"],
                [false, "block"],
            ],
        });
        expect(await actions("dev", { mode: "block" })).toEqual({
            rate: ["block", true],
            managed: [
                [true, "default"],
                [true, "block"],
            ],
        });
    });

    it("exposes the zone id, ruleset ids and mode as outputs", async () => {
        const p = await edge("prod");
        const outputs = p.one("appstack:edge:CloudflareEdge").outputs as any;
        const idOf = (phase: string) => p.ofType(RULESET).find((r) => (r.inputs as any).phase === phase)!.id;
        expect(outputs).toMatchObject({
            zoneId: ZONE,
            managedRulesetId: idOf("http_request_firewall_managed"),
            rateLimitRulesetId: idOf("http_ratelimit"),
            cacheRulesetId: idOf("http_request_cache_settings"),
            mode: "block",
            plan: "pro",
        });
    });

    it.each<[string, Partial<CloudflareEdgeArgs>, RegExp]>([
        [
            "an hour-long period on a Pro zone",
            { rateLimits: COACHMELD },
            /`rateLimits\[0\]\.periodSeconds` is 3600 on a pro zone; allowed: 10, 15, 20, 30, 40, 45, 60 \(longer periods need a higher plan\)/,
        ],
        [
            "a period Cloudflare does not offer",
            { plan: "enterprise", rateLimits: [{ ...COACHMELD[0], periodSeconds: 100 }] },
            /`rateLimits\[0\]\.periodSeconds` is 100/,
        ],
        [
            "a mitigation timeout above the plan's",
            { plan: "free", rateLimits: [{ name: "x", expression: "true", requests: 5, periodSeconds: 10, mitigationTimeoutSeconds: 60 }] },
            /`rateLimits\[0\]\.mitigationTimeoutSeconds` is 60 on a free zone; allowed: 10/,
        ],
        [
            "more rules than the plan allows",
            {
                plan: "free",
                rateLimits: ["a", "b"].map((name) => ({
                    name,
                    expression: "true",
                    requests: 5,
                    periodSeconds: 10,
                    mitigationTimeoutSeconds: 10,
                })),
            },
            /`rateLimits` has 2 rules; allowed: at most 1 on a free zone/,
        ],
        [
            "a bad record type",
            { records: [{ name: "www.example.com", type: "ALIAS" as "A", content: "x" }] },
            /`records\[0\]\.type` is "ALIAS"/,
        ],
        [
            "a proxied record with a ttl",
            { records: [{ name: "www.example.com", type: "A", content: "203.0.113.1", ttl: 300 }] },
            /`records\[0\]\.ttl` is 300 on a proxied record/,
        ],
        [
            "a proxied TXT record",
            { records: [{ name: "example.com", type: "TXT", content: "x", proxied: true }] },
            /`records\[0\]\.proxied` is true on a TXT record/,
        ],
        [
            "an MX without priority",
            { records: [{ name: "example.com", type: "MX", content: "mx.example.net" }] },
            /`records\[0\]\.priority`/,
        ],
        [
            "a bad IPv4 address",
            { records: [{ name: "example.com", type: "A", content: "300.1.1.1" }] },
            /`records\[0\]\.content` is "300.1.1.1"/,
        ],
        [
            "records sharing type and name without keys",
            {
                records: [
                    { name: "example.com", type: "TXT", content: "a" },
                    { name: "example.com", type: "TXT", content: "b" },
                ],
            },
            /`records\[0\]\.key` is missing/,
        ],
        ["log mode below Enterprise", { mode: "log" }, /`mode` is "log" on a pro zone/],
        [
            "a Worker without an account",
            { worker: { name: "w", content: WORKER_SOURCE, routes: ["example.com/*"] } },
            /`accountId` is missing/,
        ],
        [
            "a Worker route with a scheme",
            { accountId: ACCOUNT, worker: { name: "w", content: WORKER_SOURCE, routes: ["https://example.com/*"] } },
            /`worker.routes` contains "https:\/\/example.com\/\*"/,
        ],
        [
            "a Worker file that does not exist",
            { accountId: ACCOUNT, worker: { name: "w", contentFile: "/nonexistent/worker.js", routes: ["example.com/*"] } },
            /`worker.contentFile` cannot be read/,
        ],
        [
            "a Worker with both content and contentFile",
            { accountId: ACCOUNT, worker: { name: "w", content: "x", contentFile: "y", routes: ["example.com/*"] } },
            /`worker.content`/,
        ],
        [
            "a static edge TTL under the Free minimum",
            {
                plan: "free",
                rateLimits: [{ name: "x", expression: "true", requests: 5, periodSeconds: 10, mitigationTimeoutSeconds: 10 }],
                cache: { staticEdgeTtlSeconds: 600 },
            },
            /`cache.staticEdgeTtlSeconds` is 600 on a free zone/,
        ],
        ["a bad zone id", { zoneId: "example.com" }, /`zoneId` is "example.com"/],
    ])("rejects %s before creating any resource", async (_what, args, message) => {
        const { error, children } = await rejected(args);
        expect(error).toBeInstanceOf(InvalidArgumentError);
        expect((error as Error).message).toMatch(message);
        expect(children).toEqual(["edge"]);
    });
});

describe("mockCloudflareOutputs", () => {
    it("returns Cloudflare-shaped ids", () => {
        const mock = (type: string, name: string, inputs: Record<string, unknown>) =>
            mockCloudflareOutputs({ type, name, inputs }, "us-east-1");
        expect(mock(RULESET, "edge-rate-limit", { rules: [{ ref: "per-ip" }] }).id).toMatch(/^[0-9a-f]{32}$/);
        expect(mock(RULESET, "edge-rate-limit", { rules: [{ ref: "per-ip" }] }).state["rules"]).toEqual([
            { id: expect.stringMatching(/^[0-9a-f]{32}$/), ref: "per-ip" },
        ]);
        expect(mock(SETTING, "edge-setting-ssl", { settingId: "ssl", value: "strict" }).id).toBe("ssl");
        expect(mock(SCRIPT, "edge-worker", { scriptName: "shop-prod-edge-auth" }).id).toBe("shop-prod-edge-auth");
    });
});
