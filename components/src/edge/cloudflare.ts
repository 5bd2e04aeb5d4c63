import * as fs from "node:fs";
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { type BaseArgs, Component, InvalidArgumentError, type Profile, type Transform, profileDefaults, shortHash } from "../core";

/**
 * Public ids of Cloudflare's managed WAF rulesets and rules. They are the same in every account and zone
 * (Cloudflare documents them in "WAF Managed Rules" and the Terraform examples); a ruleset rule with action
 * `execute` deploys one of them on a zone.
 */
/** Cloudflare Managed Ruleset (Pro plan and above). */
export const CLOUDFLARE_MANAGED_RULESET_ID = "efb7b8c949ac4650a09736fc376e9aee";
/** Cloudflare OWASP Core Ruleset (Pro plan and above): anomaly scoring over the OWASP ModSecurity Core Rule Set. */
export const CLOUDFLARE_OWASP_RULESET_ID = "4814384a9e5d4991b9815dcfc25d2f1f";
/** The OWASP ruleset's last rule, "949110: Inbound Anomaly Score Exceeded": the one rule whose action blocks. */
export const CLOUDFLARE_OWASP_ANOMALY_RULE_ID = "6179ae15870a4bb7b2d480d4843b323c";
/** Cloudflare Free Managed Ruleset (every plan; the only managed ruleset on Free). */
export const CLOUDFLARE_FREE_MANAGED_RULESET_ID = "77454fe2d30c4220b5701f6fdfb893ba";

/** The zone's Cloudflare plan: it bounds rate-limit periods, timeouts and rule counts, and which managed rules run. */
export type CloudflarePlan = "free" | "pro" | "business" | "enterprise";
const PLANS: readonly CloudflarePlan[] = ["free", "pro", "business", "enterprise"];

/**
 * What the WAF and rate-limit rules do with a match: `block` it, only `log` it (the ruleset `log` action, which
 * Cloudflare offers on Enterprise plans only), or `off` (rules deployed but disabled).
 */
export type CloudflareEdgeMode = "block" | "log" | "off";

/**
 * Rate-limit counting periods and mitigation timeouts Cloudflare accepts, seconds. Each plan allows the values up to
 * its maximum (see {@link CLOUDFLARE_PLAN_LIMITS}).
 */
export const CLOUDFLARE_RATE_PERIODS = [
    10, 15, 20, 30, 40, 45, 60, 90, 120, 180, 240, 300, 480, 600, 900, 1200, 1800, 2400, 3600, 65535, 86400,
] as const;

/**
 * Rate-limiting limits by plan (Cloudflare "Rate limiting rules: availability"): the longest counting period, the
 * longest mitigation timeout and the number of rate-limiting rules a zone may have. Free: 10 s / 10 s / 1 rule;
 * Pro: 1 min / 1 h / 2; Business: 10 min / 1 day / 5; Enterprise: 65,535 s / 1 day / 100. Minimum edge cache TTL by
 * plan: Free 2 h, Pro 1 h, Business and Enterprise 1 s.
 */
export const CLOUDFLARE_PLAN_LIMITS: Record<
    CloudflarePlan,
    { maxPeriod: number; maxMitigationTimeout: number; maxRateLimitRules: number; minEdgeTtl: number }
> = {
    free: { maxPeriod: 10, maxMitigationTimeout: 10, maxRateLimitRules: 1, minEdgeTtl: 7200 },
    pro: { maxPeriod: 60, maxMitigationTimeout: 3600, maxRateLimitRules: 2, minEdgeTtl: 3600 },
    business: { maxPeriod: 600, maxMitigationTimeout: 86400, maxRateLimitRules: 5, minEdgeTtl: 1 },
    enterprise: { maxPeriod: 65535, maxMitigationTimeout: 86400, maxRateLimitRules: 100, minEdgeTtl: 1 },
};

/**
 * What a rate-limiting rule counts requests by (its `characteristics`, next to the mandatory `cf.colo.id`):
 * `ip` (`ip.src`, every plan), `ip-nat` (`cf.unique_visitor_id`, IP with NAT support: Business and Enterprise), or
 * per user: a request header (`http.request.headers["x-user-id"]`), a cookie, a query argument, or a JWT claim
 * (`lookup_json_string(http.request.jwt.claims["<token configuration id>"][0], "sub")`, with an API Shield token
 * configuration). Per-user keys need Enterprise with Advanced Rate Limiting (Cloudflare "Rate limiting parameters",
 * https://developers.cloudflare.com/waf/rate-limiting-rules/parameters/, and "Availability", read 2026-12-06).
 */
export type CloudflareRateKey =
    | "ip"
    | "ip-nat"
    | { header: string }
    | { cookie: string }
    | { queryArgument: string }
    | { jwtClaim: { tokenConfigurationId: string; claim: string } };

/** The characteristic of a key, as the ruleset API takes it. */
export function cloudflareCharacteristic(key: CloudflareRateKey): string {
    if (key === "ip") return "ip.src";
    if (key === "ip-nat") return "cf.unique_visitor_id";
    if ("header" in key) return `http.request.headers["${key.header.toLowerCase()}"]`;
    if ("cookie" in key) return `http.request.cookies["${key.cookie}"]`;
    if ("queryArgument" in key) return `http.request.uri.args["${key.queryArgument}"]`;
    return `lookup_json_string(http.request.jwt.claims["${key.jwtClaim.tokenConfigurationId}"][0], "${key.jwtClaim.claim}")`;
}

/** DNS record types `DnsRecord` accepts. */
export const CLOUDFLARE_DNS_TYPES = [
    "A",
    "AAAA",
    "CNAME",
    "MX",
    "NS",
    "OPENPGPKEY",
    "PTR",
    "TXT",
    "CAA",
    "CERT",
    "DNSKEY",
    "DS",
    "HTTPS",
    "LOC",
    "NAPTR",
    "SMIMEA",
    "SRV",
    "SSHFP",
    "SVCB",
    "TLSA",
    "URI",
] as const;
export type CloudflareDnsType = (typeof CLOUDFLARE_DNS_TYPES)[number];
/** Types Cloudflare can proxy (orange cloud). */
const PROXIABLE: readonly string[] = ["A", "AAAA", "CNAME"];
/** Types whose value is structured (`data`) rather than `content`. */
const DATA_TYPES: readonly string[] = [
    "CAA",
    "CERT",
    "DNSKEY",
    "DS",
    "HTTPS",
    "LOC",
    "NAPTR",
    "SMIMEA",
    "SRV",
    "SSHFP",
    "SVCB",
    "TLSA",
    "URI",
];

/** One DNS record of the zone. */
export interface CloudflareDnsRecord {
    /** Full record name as the API stores it (`www.example.com`, `*.example.com`, `_dmarc.example.com`) or `@` for the apex. */
    name: string;
    /** Record type; changing it replaces the record. */
    type: CloudflareDnsType;
    /** Value: an address for A/AAAA, a host for CNAME/MX/NS, text for TXT. Types in `data` form (CAA, SRV, ...) use `data`. */
    content?: pulumi.Input<string>;
    /** Structured value of CAA, SRV, TLSA, ... records (the provider's `data`). */
    data?: cloudflare.types.input.DnsRecordData;
    /**
     * Serve through Cloudflare (CDN, WAF, rate limits, Workers routes) instead of DNS only. Only A, AAAA and CNAME.
     * @default true for A, AAAA and CNAME; false otherwise
     */
    proxied?: boolean;
    /**
     * TTL in seconds: 1 means automatic (and is the only value for proxied records), else 60 to 86400 (30 on Enterprise).
     * @default 1 (automatic)
     */
    ttl?: number;
    /** Preference of an MX record (required for MX), lower first. */
    priority?: number;
    /** Note shown in the dashboard. */
    comment?: string;
    /**
     * Extra key for records sharing a type and name (round-robin A, several MX or TXT): the child is named
     * `dns-<type>-<name>-<key>`. Required on each of such records, so adding one never renames another.
     * @default none: `dns-<type>-<name>`
     */
    key?: string;
}

/**
 * A rate-limiting rule: more than `requests` matching requests from one IP in `periodSeconds` (counted per Cloudflare
 * data center) are blocked for `mitigationTimeoutSeconds`. Allowed periods and timeouts depend on the plan (see
 * {@link CLOUDFLARE_PLAN_LIMITS}); `expression` fields too (Free: path only; Pro adds host, URI, query).
 *
 * CoachMeld (000 deployment document): AI requests 100 per hour blocked 10 min, API requests 1000 per hour blocked
 * 5 min, which needs an Enterprise zone (hour-long periods):
 * ```ts
 * { name: "ai-requests", expression: 'starts_with(http.request.uri.path, "/api/ai/")', requests: 100, periodSeconds: 3600, mitigationTimeoutSeconds: 600 },
 * { name: "api-requests", expression: 'starts_with(http.request.uri.path, "/api/")', requests: 1000, periodSeconds: 3600, mitigationTimeoutSeconds: 300 },
 * ```
 * Rules run in order and a block ends evaluation: put the narrower rule first.
 */
export interface CloudflareRateLimitRule {
    /** Rule reference (`a-z`, `0-9`, `_`, `-`, up to 60): it keeps the rule's identity and names it in analytics. */
    name: string;
    /** Rules-language expression selecting the requests counted, e.g. `starts_with(http.request.uri.path, "/api/")`. */
    expression: string;
    /** Requests per period per IP before the rule acts. */
    requests: number;
    /** Counting period, seconds: one of {@link CLOUDFLARE_RATE_PERIODS} up to the plan's maximum. */
    periodSeconds: number;
    /** How long an IP over the limit stays blocked, seconds: one of {@link CLOUDFLARE_RATE_PERIODS} up to the plan's maximum. */
    mitigationTimeoutSeconds: number;
    /**
     * What the requests are counted by, combined (see {@link CloudflareRateKey}): per user with a header, cookie,
     * query argument or JWT claim (Enterprise with `advancedRateLimiting`). A request lacking the header or cookie is
     * counted under the empty value, all such requests together: match only requests that carry it in `expression`
     * (e.g. `and len(http.request.headers["x-user-id"]) > 0`) and keep a per-IP rule for the rest.
     * @default ["ip"]
     */
    countBy?: CloudflareRateKey[];
}

/** The default rate-limiting rule: 100 requests per 60 s per IP, blocked 10 min (AIOS: 100 requests per minute per IP). */
export const DEFAULT_CLOUDFLARE_RATE_LIMIT: CloudflareRateLimitRule = {
    name: "per-ip",
    expression: 'starts_with(http.request.uri.path, "/")',
    requests: 100,
    periodSeconds: 60,
    mitigationTimeoutSeconds: 600,
};

/** Cache rules of the zone. */
export interface CloudflareCacheRules {
    /**
     * File extensions cached at the edge whatever the origin's Cache-Control says ("cache everything").
     * @default js, mjs, css, map, png, jpg, jpeg, gif, webp, avif, svg, ico, woff, woff2, ttf, otf
     */
    staticExtensions?: string[];
    /**
     * Edge TTL of static assets, seconds (at least 7200 on Free, 3600 on Pro). Use content-hashed file names: a purge
     * is the only way to drop a cached copy sooner.
     * @default 86400 (1 day)
     */
    staticEdgeTtlSeconds?: number;
    /**
     * Path prefixes never cached (API, auth); this rule runs last, so it wins over the static rule.
     * @default ["/api/"]
     */
    bypassPathPrefixes?: string[];
}

const DEFAULT_STATIC_EXTENSIONS = [
    "js",
    "mjs",
    "css",
    "map",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "webp",
    "avif",
    "svg",
    "ico",
    "woff",
    "woff2",
    "ttf",
    "otf",
];

/** A Worker deployed on routes of the zone: edge redirects, auth checks, header rewrites (CharterFlow: "Edge Functions: Redirects & Auth"). */
export interface CloudflareWorker {
    /** Short name (`a-z`, `0-9`, `-`): the script is `<project>-<stack>-<component>-<name>`, cut to 63 characters. Changing it replaces the script. */
    name: string;
    /** ES module source (a `export default { fetch(request, env, ctx) {...} }` module), already bundled. Exactly one of `content` and `contentFile`. */
    content?: pulumi.Input<string>;
    /** Path of a bundled ES module file, read when the program runs (relative to the program's directory). */
    contentFile?: string;
    /** Route patterns, e.g. `example.com/*`, `*.example.com/api/*`. Their hosts must be proxied records of the zone. */
    routes: string[];
    /** Plain-text bindings (`env.NAME`). */
    vars?: Record<string, pulumi.Input<string>>;
    /** Secret-text bindings (`env.NAME`), kept secret in the Pulumi state. */
    secrets?: Record<string, pulumi.Input<string>>;
    /** Other bindings (KV, R2, D1, services, ...) in the provider's shape. */
    bindings?: cloudflare.types.input.WorkersScriptBinding[];
    /** @default "2025-01-01" */
    compatibilityDate?: string;
    /** @default none */
    compatibilityFlags?: string[];
}

/** HTTP Strict Transport Security sent by Cloudflare for the zone's proxied hosts. */
export interface CloudflareHsts {
    /** max-age, seconds; 0 turns HSTS off. @default dev 0 (off), staging and prod 31536000 (1 year) */
    maxAgeSeconds?: number;
    /** Also cover every subdomain: only when all of them serve HTTPS. @default false */
    includeSubdomains?: boolean;
    /** Ask for the browsers' preload list (needs includeSubdomains and a year's max-age; hard to undo). @default false */
    preload?: boolean;
}

interface EdgeProfile {
    mode: CloudflareEdgeMode;
    hstsMaxAgeSeconds: number;
}

const PROFILE: Profile<EdgeProfile> = {
    // dev: observe only (falls back to `off` below Enterprise, where the log action does not exist); no HSTS pinning.
    dev: { mode: "log", hstsMaxAgeSeconds: 0 },
    staging: { mode: "block", hstsMaxAgeSeconds: 31536000 },
    prod: { mode: "block", hstsMaxAgeSeconds: 31536000 },
};

export interface CloudflareEdgeArgs extends BaseArgs {
    /** Id of the existing zone (32 hex characters). Changing it replaces every child. */
    zoneId: pulumi.Input<string>;
    /** Account id (32 hex characters), required with `worker` (scripts belong to the account). @default none */
    accountId?: pulumi.Input<string>;
    /**
     * The zone's plan: bounds rate-limit periods, timeouts and rule counts (validated here, before the API refuses
     * them), whether the `log` action exists (Enterprise), and which managed ruleset runs (Free Managed Ruleset on
     * Free; Cloudflare Managed and OWASP rulesets otherwise).
     * @default "pro"
     */
    plan?: CloudflarePlan;
    /**
     * What WAF managed rules and rate-limiting rules do. `log` needs Enterprise; asking for it on another plan is an
     * error, and the dev profile's `log` becomes `off` there (rules deployed but disabled, as AIOS: rate limiting off in dev).
     * @default dev `log` (`off` below Enterprise), staging and prod `block`
     */
    mode?: CloudflareEdgeMode;
    /**
     * Minimum TLS version clients may use.
     * @default "1.2" (TLS 1.3 is enabled as well)
     */
    minTlsVersion?: "1.2" | "1.3";
    /** HSTS (security_header zone setting); `false` leaves the setting alone. @default see {@link CloudflareHsts} */
    hsts?: CloudflareHsts | false;
    /** DNS records of the zone. @default none */
    records?: CloudflareDnsRecord[];
    /**
     * Deploy the OWASP core ruleset next to the Cloudflare Managed Ruleset (Pro and above).
     * @default true
     */
    owasp?: boolean;
    /**
     * OWASP anomaly score at which a request is blocked: 60 (low sensitivity), 40 (medium), 25 (high).
     * @default 40
     */
    owaspScoreThreshold?: 25 | 40 | 60;
    /**
     * The zone has Advanced Rate Limiting (an Enterprise add-on): required for per-user `countBy` keys (header,
     * cookie, query argument, JWT claim).
     * @default false
     */
    advancedRateLimiting?: boolean;
    /**
     * Rate-limiting rules, in evaluation order (counted per data center, and per IP unless `countBy` says otherwise).
     * @default one rule: 100 requests per 60 s per IP on every path, blocked 10 min ({@link DEFAULT_CLOUDFLARE_RATE_LIMIT})
     */
    rateLimits?: CloudflareRateLimitRule[];
    /** Cache rules; `false` creates no cache ruleset. @default static assets cached 1 day, `/api/` bypassed */
    cache?: CloudflareCacheRules | false;
    /** A Worker on routes of the zone. Cost: Workers Paid is $5/month for 10 million requests. @default none */
    worker?: CloudflareWorker;
    /** Edits of the computed args of each kind of child. @default none: each child takes the args the component computed */
    transform?: {
        zoneSetting?: Transform<cloudflare.ZoneSettingArgs>;
        dnsRecord?: Transform<cloudflare.DnsRecordArgs>;
        managedRuleset?: Transform<cloudflare.RulesetArgs>;
        rateLimitRuleset?: Transform<cloudflare.RulesetArgs>;
        cacheRuleset?: Transform<cloudflare.RulesetArgs>;
        workerScript?: Transform<cloudflare.WorkersScriptArgs>;
        workerRoute?: Transform<cloudflare.WorkersRouteArgs>;
    };
}

const RECORD_NAME = /^(@|(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)$/;
const IPV4 = /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)$/;
const ROUTE = /^(\*\.?)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?\/[^\s]*$/;

function slug(value: string): string {
    return value
        .toLowerCase()
        .replace(/\*/g, "star")
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "");
}

/**
 * The edge of an existing Cloudflare zone: strict TLS (SSL mode Full (strict), TLS 1.2 minimum, TLS 1.3 on, HTTPS
 * always, automatic HTTPS rewrites, HSTS), DNS records (proxied by default), the Cloudflare Managed and OWASP core
 * rulesets, rate-limiting rules (100 requests per 60 s per IP by default, or CoachMeld's per-path hourly limits), cache
 * rules (static assets cached, API bypassed) and optionally a Worker with its routes (edge redirects and auth).
 *
 * Each ruleset is the zone's entry point of its phase, and a zone has one per phase: if the zone already has rules in
 * a phase (made in the dashboard), import that ruleset (`pulumi import cloudflare:index/ruleset:Ruleset <name>
 * zones/<zone id>/<ruleset id>`) or delete it first, or creation fails.
 *
 * Cost: the zone's plan (Free, Pro $25, Business $250 a month); Workers Paid $5/month.
 */
export class CloudflareEdge extends Component {
    public readonly zoneId: pulumi.Output<string>;
    public readonly managedRulesetId: pulumi.Output<string>;
    public readonly rateLimitRulesetId: pulumi.Output<string>;
    public readonly cacheRulesetId?: pulumi.Output<string>;
    /** Script name of the Worker, when there is one. */
    public readonly workerName?: pulumi.Output<string>;
    /** What the WAF and rate-limiting rules do, after the profile and plan. */
    public readonly mode: CloudflareEdgeMode;
    public readonly plan: CloudflarePlan;

    constructor(name: string, args: CloudflareEdgeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("edge:CloudflareEdge", name, args, opts);
        const component = `CloudflareEdge "${name}"`;
        const fail = (arg: string, problem: string, allowed?: string): never => {
            throw new InvalidArgumentError(component, arg, problem, allowed);
        };

        // ---- validation, before any child ----
        if (typeof args.zoneId === "string" && !/^[0-9a-f]{32}$/.test(args.zoneId))
            fail("zoneId", `is ${JSON.stringify(args.zoneId)}`, "a zone id: 32 lower-case hex characters");
        const plan = args.plan ?? "pro";
        if (!PLANS.includes(plan)) fail("plan", `is ${JSON.stringify(plan)}`, PLANS.join(", "));
        const limits = CLOUDFLARE_PLAN_LIMITS[plan];
        const p = profileDefaults(PROFILE, this.environment, {
            mode: args.mode,
            hstsMaxAgeSeconds: args.hsts ? args.hsts.maxAgeSeconds : undefined,
        });
        if (!["block", "log", "off"].includes(p.mode)) fail("mode", `is ${JSON.stringify(p.mode)}`, "block, log, off");
        if (p.mode === "log" && plan !== "enterprise") {
            if (args.mode === "log")
                fail(
                    "mode",
                    `is "log" on a ${plan} zone`,
                    'block or off (the log action needs an Enterprise plan; set plan: "enterprise" if the zone has one)',
                );
            p.mode = "off";
        }
        const minTls = args.minTlsVersion ?? "1.2";
        if (minTls !== "1.2" && minTls !== "1.3") fail("minTlsVersion", `is ${JSON.stringify(minTls)}`, '"1.2" or "1.3"');
        if (args.hsts !== false) {
            const hsts = args.hsts ?? {};
            if (!Number.isInteger(p.hstsMaxAgeSeconds) || p.hstsMaxAgeSeconds < 0 || p.hstsMaxAgeSeconds > 63072000)
                fail("hsts.maxAgeSeconds", `is ${p.hstsMaxAgeSeconds}`, "an integer from 0 to 63072000 (2 years)");
            if (hsts.preload && (!hsts.includeSubdomains || p.hstsMaxAgeSeconds < 31536000))
                fail("hsts.preload", "is set without includeSubdomains and a max-age of at least 31536000", "preload only with both");
        }

        const records = args.records ?? [];
        const recordSuffixes = new Map<string, number>();
        const typeName = records.map((r) => `${r.type}/${r.name.toLowerCase()}`);
        records.forEach((r, i) => {
            const at = `records[${i}]`;
            if (!(CLOUDFLARE_DNS_TYPES as readonly string[]).includes(r.type))
                fail(`${at}.type`, `is ${JSON.stringify(r.type)}`, CLOUDFLARE_DNS_TYPES.join(", "));
            if (!RECORD_NAME.test(r.name.toLowerCase()))
                fail(
                    `${at}.name`,
                    `is ${JSON.stringify(r.name)}`,
                    "@ or a host name such as www.example.com, *.example.com, _dmarc.example.com",
                );
            if (DATA_TYPES.includes(r.type)) {
                if (r.data === undefined) fail(`${at}.data`, `is missing for a ${r.type} record`, "the record's structured value (data)");
            } else if (r.content === undefined) {
                fail(`${at}.content`, `is missing for a ${r.type} record`, "the record's value");
            }
            if (r.type === "A" && typeof r.content === "string" && !IPV4.test(r.content))
                fail(`${at}.content`, `is ${JSON.stringify(r.content)}`, "an IPv4 address");
            if (r.type === "AAAA" && typeof r.content === "string" && !r.content.includes(":"))
                fail(`${at}.content`, `is ${JSON.stringify(r.content)}`, "an IPv6 address");
            if (r.type === "MX" && (r.priority === undefined || !Number.isInteger(r.priority) || r.priority < 0 || r.priority > 65535))
                fail(`${at}.priority`, `is ${r.priority}`, "an integer from 0 to 65535 (required for MX)");
            const proxied = r.proxied ?? PROXIABLE.includes(r.type);
            if (proxied && !PROXIABLE.includes(r.type))
                fail(`${at}.proxied`, `is true on a ${r.type} record`, "proxied only on A, AAAA and CNAME records");
            const ttl = r.ttl ?? 1;
            const minTtl = plan === "enterprise" ? 30 : 60;
            if (proxied && ttl !== 1)
                fail(`${at}.ttl`, `is ${ttl} on a proxied record`, "1 (automatic): Cloudflare sets the TTL of proxied records");
            if (!Number.isInteger(ttl) || (ttl !== 1 && (ttl < minTtl || ttl > 86400)))
                fail(`${at}.ttl`, `is ${ttl}`, `1 (automatic) or ${minTtl} to 86400`);
            if (r.key !== undefined && !/^[a-z0-9-]{1,32}$/.test(r.key))
                fail(`${at}.key`, `is ${JSON.stringify(r.key)}`, "a-z, 0-9 and '-', up to 32 characters");
            const shared = typeName.filter((k) => k === typeName[i]).length > 1;
            if (shared && r.key === undefined)
                fail(
                    `${at}.key`,
                    `is missing: ${typeName.filter((k) => k === typeName[i]).length} ${r.type} records are named ${JSON.stringify(r.name)}`,
                    "a key on each record sharing a type and name, e.g. the provider or a priority",
                );
            const suffix = `dns-${r.type.toLowerCase()}-${slug(r.name === "@" ? "apex" : r.name)}${r.key ? `-${r.key}` : ""}`;
            if (recordSuffixes.has(suffix))
                fail(`${at}`, `has the same type, name and key as records[${recordSuffixes.get(suffix)}]`, "distinct keys");
            recordSuffixes.set(suffix, i);
        });

        const owaspThreshold = args.owaspScoreThreshold ?? 40;
        if (![25, 40, 60].includes(owaspThreshold)) fail("owaspScoreThreshold", `is ${owaspThreshold}`, "25 (high), 40 (medium), 60 (low)");

        const rateLimits = args.rateLimits ?? [DEFAULT_CLOUDFLARE_RATE_LIMIT];
        const periods = CLOUDFLARE_RATE_PERIODS.filter((v) => v <= limits.maxPeriod && v !== 86400);
        const timeouts = CLOUDFLARE_RATE_PERIODS.filter((v) => v <= limits.maxMitigationTimeout && v !== 65535);
        if (rateLimits.length > limits.maxRateLimitRules)
            fail("rateLimits", `has ${rateLimits.length} rules`, `at most ${limits.maxRateLimitRules} on a ${plan} zone`);
        const ruleNames = new Set<string>();
        rateLimits.forEach((rule, i) => {
            const at = `rateLimits[${i}]`;
            if (!/^[a-z0-9_-]{1,60}$/.test(rule.name))
                fail(`${at}.name`, `is ${JSON.stringify(rule.name)}`, "a-z, 0-9, '_' and '-', up to 60 characters");
            if (ruleNames.has(rule.name)) fail(`${at}.name`, `repeats ${JSON.stringify(rule.name)}`, "each name once");
            ruleNames.add(rule.name);
            if (rule.expression.trim() === "") fail(`${at}.expression`, "is empty", "a Rules-language expression");
            if (!Number.isInteger(rule.requests) || rule.requests < 1) fail(`${at}.requests`, `is ${rule.requests}`, "an integer from 1");
            if (!(periods as readonly number[]).includes(rule.periodSeconds)) {
                fail(
                    `${at}.periodSeconds`,
                    `is ${rule.periodSeconds} on a ${plan} zone`,
                    `${periods.join(", ")}${plan === "enterprise" ? "" : " (longer periods need a higher plan)"}`,
                );
            }
            if (!(timeouts as readonly number[]).includes(rule.mitigationTimeoutSeconds)) {
                fail(`${at}.mitigationTimeoutSeconds`, `is ${rule.mitigationTimeoutSeconds} on a ${plan} zone`, timeouts.join(", "));
            }
            const countBy = rule.countBy ?? ["ip"];
            if (countBy.length === 0) fail(`${at}.countBy`, "is empty", 'one key or more, e.g. ["ip"] or [{ header: "x-user-id" }]');
            if (countBy.includes("ip") && countBy.includes("ip-nat"))
                fail(`${at}.countBy`, 'has both "ip" and "ip-nat"', "one of them (Cloudflare rejects the pair)");
            countBy.forEach((key, k) => {
                const where = `${at}.countBy[${k}]`;
                if (key === "ip") return;
                if (key === "ip-nat") {
                    if (plan !== "business" && plan !== "enterprise")
                        fail(where, `is "ip-nat" on a ${plan} zone`, '"ip" (IP with NAT support needs Business or Enterprise)');
                    return;
                }
                if (typeof key !== "object" || key === null)
                    return fail(
                        where,
                        `is ${JSON.stringify(key)}`,
                        '"ip", "ip-nat", { header }, { cookie }, { queryArgument }, { jwtClaim }',
                    );
                if (plan !== "enterprise" || args.advancedRateLimiting !== true) {
                    fail(
                        where,
                        `counts per user on a ${plan} zone${plan === "enterprise" ? " without advancedRateLimiting" : ""}`,
                        '"ip" (per-user keys need Enterprise with Advanced Rate Limiting: plan "enterprise", advancedRateLimiting: true)',
                    );
                }
                const name =
                    "header" in key ? key.header : "cookie" in key ? key.cookie : "queryArgument" in key ? key.queryArgument : undefined;
                if (name !== undefined && !/^[A-Za-z0-9_.-]{1,100}$/.test(name))
                    fail(where, `names ${JSON.stringify(name)}`, "a name of letters, digits, '_', '.' and '-'");
                if ("jwtClaim" in key) {
                    if (!/^[0-9a-f-]{32,36}$/.test(key.jwtClaim.tokenConfigurationId))
                        fail(
                            `${where}.jwtClaim.tokenConfigurationId`,
                            `is ${JSON.stringify(key.jwtClaim.tokenConfigurationId)}`,
                            "the id of an API Shield token configuration",
                        );
                    if (!/^[A-Za-z0-9_.-]{1,100}$/.test(key.jwtClaim.claim))
                        fail(`${where}.jwtClaim.claim`, `is ${JSON.stringify(key.jwtClaim.claim)}`, "a claim name such as sub");
                }
            });
        });

        const cache = args.cache === false ? undefined : (args.cache ?? {});
        const extensions = cache?.staticExtensions ?? DEFAULT_STATIC_EXTENSIONS;
        const edgeTtl = cache?.staticEdgeTtlSeconds ?? 86400;
        const bypass = cache?.bypassPathPrefixes ?? ["/api/"];
        if (cache) {
            for (const ext of extensions)
                if (!/^[a-z0-9]{1,10}$/.test(ext))
                    fail("cache.staticExtensions", `contains ${JSON.stringify(ext)}`, "extensions without the dot: a-z and 0-9");
            if (!Number.isInteger(edgeTtl) || edgeTtl < limits.minEdgeTtl || edgeTtl > 31536000)
                fail("cache.staticEdgeTtlSeconds", `is ${edgeTtl} on a ${plan} zone`, `an integer from ${limits.minEdgeTtl} to 31536000`);
            for (const prefix of bypass)
                if (!/^\/[^"\\\s]*$/.test(prefix))
                    fail(
                        "cache.bypassPathPrefixes",
                        `contains ${JSON.stringify(prefix)}`,
                        "paths starting with '/', without quotes, backslashes or spaces",
                    );
        }

        const worker = args.worker;
        let workerContent: pulumi.Input<string> | undefined;
        if (worker) {
            if (!/^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/.test(worker.name))
                fail("worker.name", `is ${JSON.stringify(worker.name)}`, "a-z, 0-9 and '-', up to 32 characters");
            if (args.accountId === undefined) fail("accountId", "is missing", "the account id: Workers scripts belong to an account");
            if ((worker.content === undefined) === (worker.contentFile === undefined))
                fail("worker.content", "and worker.contentFile are both set or both missing", "exactly one of them");
            if (worker.contentFile !== undefined) {
                try {
                    workerContent = fs.readFileSync(worker.contentFile, "utf8");
                } catch (err) {
                    fail(
                        "worker.contentFile",
                        `cannot be read (${err instanceof Error ? err.message : String(err)})`,
                        "the path of a bundled ES module",
                    );
                }
            } else {
                workerContent = worker.content;
            }
            if (worker.routes.length === 0) fail("worker.routes", "is empty", "one or more patterns such as example.com/*");
            const routes = new Set<string>();
            for (const route of worker.routes) {
                if (!ROUTE.test(route))
                    fail(
                        "worker.routes",
                        `contains ${JSON.stringify(route)}`,
                        "patterns host/path such as example.com/*, *.example.com/api/* (no scheme)",
                    );
                if (routes.has(route)) fail("worker.routes", `repeats ${JSON.stringify(route)}`, "each pattern once");
                routes.add(route);
            }
            for (const key of [...Object.keys(worker.vars ?? {}), ...Object.keys(worker.secrets ?? {})]) {
                if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
                    fail("worker.vars", `names a binding ${JSON.stringify(key)}`, "letters, digits and '_'");
            }
            if (worker.compatibilityDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(worker.compatibilityDate))
                fail("worker.compatibilityDate", `is ${JSON.stringify(worker.compatibilityDate)}`, "a date YYYY-MM-DD");
        }
        const t = args.transform ?? {};
        const zoneId = args.zoneId;
        this.mode = p.mode;
        this.plan = plan;

        // ---- children ----
        // Zone settings: one resource per setting. `value` is passed to the API as is, so nested keys are snake_case.
        const setting = (settingId: string, value: unknown) =>
            this.child(cloudflare.ZoneSetting, `setting-${settingId.replace(/_/g, "-")}`, { zoneId, settingId, value }, t.zoneSetting);
        setting("ssl", "strict");
        setting("min_tls_version", minTls);
        setting("tls_1_3", "on");
        setting("always_use_https", "on");
        setting("automatic_https_rewrites", "on");
        if (args.hsts !== false) {
            const hsts = args.hsts ?? {};
            setting("security_header", {
                strict_transport_security: {
                    enabled: p.hstsMaxAgeSeconds > 0,
                    max_age: p.hstsMaxAgeSeconds,
                    include_subdomains: hsts.includeSubdomains ?? false,
                    preload: hsts.preload ?? false,
                    nosniff: true,
                },
            });
        }

        records.forEach((r, i) => {
            const suffix = [...recordSuffixes.entries()].find(([, index]) => index === i)?.[0] ?? `dns-${i}`;
            this.child(
                cloudflare.DnsRecord,
                suffix,
                {
                    zoneId,
                    name: r.name,
                    type: r.type,
                    content: r.content,
                    data: r.data,
                    proxied: r.proxied ?? PROXIABLE.includes(r.type),
                    ttl: r.ttl ?? 1,
                    priority: r.priority,
                    comment: r.comment ?? `managed by pulumi (${this.name})`,
                },
                t.dnsRecord,
            );
        });

        const enabled = p.mode !== "off";
        const logOnly = p.mode === "log";
        const managedRules: cloudflare.types.input.RulesetRule[] =
            plan === "free"
                ? [
                      {
                          ref: "free-managed",
                          description: "Cloudflare Free Managed Ruleset",
                          expression: "true",
                          action: "execute",
                          enabled,
                          actionParameters: { id: CLOUDFLARE_FREE_MANAGED_RULESET_ID },
                      },
                  ]
                : [
                      {
                          ref: "cloudflare-managed",
                          description: "Cloudflare Managed Ruleset",
                          expression: "true",
                          action: "execute",
                          enabled,
                          actionParameters: { id: CLOUDFLARE_MANAGED_RULESET_ID, overrides: logOnly ? { action: "log" } : undefined },
                      },
                      ...((args.owasp ?? true)
                          ? [
                                {
                                    ref: "owasp-core",
                                    description: `Cloudflare OWASP Core Ruleset, paranoia levels 1-2, anomaly score ${owaspThreshold}`,
                                    expression: "true",
                                    action: "execute",
                                    enabled,
                                    actionParameters: {
                                        id: CLOUDFLARE_OWASP_RULESET_ID,
                                        overrides: {
                                            categories: [
                                                { category: "paranoia-level-3", enabled: false },
                                                { category: "paranoia-level-4", enabled: false },
                                            ],
                                            // The anomaly rule is the one that acts; a rule override beats the ruleset action.
                                            rules: [
                                                {
                                                    id: CLOUDFLARE_OWASP_ANOMALY_RULE_ID,
                                                    action: logOnly ? "log" : "block",
                                                    scoreThreshold: owaspThreshold,
                                                    enabled: true,
                                                },
                                            ],
                                        },
                                    },
                                },
                            ]
                          : []),
                  ];
        const managed = this.child(
            cloudflare.Ruleset,
            "waf-managed",
            {
                zoneId,
                kind: "zone",
                phase: "http_request_firewall_managed",
                name: `${this.name} managed WAF rules`,
                description: `Managed WAF rules (${p.mode})`,
                rules: managedRules,
            },
            t.managedRuleset,
        );

        const rateLimit = this.child(
            cloudflare.Ruleset,
            "rate-limit",
            {
                zoneId,
                kind: "zone",
                phase: "http_ratelimit",
                name: `${this.name} rate limits`,
                description: `${rateLimits.every((r) => (r.countBy ?? ["ip"]).every((k) => k === "ip")) ? "Per-IP" : "Per-user"} rate limits (${p.mode})`,
                rules: rateLimits.map((rule) => ({
                    ref: rule.name,
                    description: `${rule.name}: ${rule.requests} requests per ${rule.periodSeconds} s per ${(rule.countBy ?? ["ip"]).map((k) => (k === "ip" ? "IP" : cloudflareCharacteristic(k))).join(" and ")}, blocked ${rule.mitigationTimeoutSeconds} s`,
                    expression: rule.expression,
                    action: logOnly ? "log" : "block",
                    enabled,
                    ratelimit: {
                        // cf.colo.id is mandatory: counters are kept per data center.
                        characteristics: ["cf.colo.id", ...(rule.countBy ?? ["ip"]).map(cloudflareCharacteristic)],
                        period: rule.periodSeconds,
                        requestsPerPeriod: rule.requests,
                        mitigationTimeout: rule.mitigationTimeoutSeconds,
                    },
                })),
            },
            t.rateLimitRuleset,
        );

        let cacheRuleset: cloudflare.Ruleset | undefined;
        if (cache) {
            const cacheRules: cloudflare.types.input.RulesetRule[] = [
                {
                    ref: "static-assets",
                    description: `Cache static assets at the edge for ${edgeTtl} s`,
                    expression: `(http.request.uri.path.extension in {${extensions.map((e) => `"${e}"`).join(" ")}})`,
                    action: "set_cache_settings",
                    enabled: true,
                    actionParameters: {
                        cache: true,
                        edgeTtl: { mode: "override_origin", default: edgeTtl },
                        browserTtl: { mode: "respect_origin" },
                    },
                },
            ];
            if (bypass.length > 0) {
                cacheRules.push({
                    ref: "bypass-dynamic",
                    description: `Never cache ${bypass.join(", ")}`,
                    expression: bypass.map((prefix) => `starts_with(http.request.uri.path, "${prefix}")`).join(" or "),
                    action: "set_cache_settings",
                    enabled: true,
                    actionParameters: { cache: false },
                });
            }
            cacheRuleset = this.child(
                cloudflare.Ruleset,
                "cache",
                {
                    zoneId,
                    kind: "zone",
                    phase: "http_request_cache_settings",
                    name: `${this.name} cache rules`,
                    description: "Static assets cached, dynamic paths bypassed",
                    rules: cacheRules,
                },
                t.cacheRuleset,
            );
        }

        if (worker && args.accountId !== undefined && workerContent !== undefined) {
            const scriptName = this.physicalName(worker.name, "default");
            const bindings: cloudflare.types.input.WorkersScriptBinding[] = [
                ...Object.entries(worker.vars ?? {}).map(([bindingName, text]) => ({ name: bindingName, type: "plain_text", text })),
                ...Object.entries(worker.secrets ?? {}).map(([bindingName, text]) => ({
                    name: bindingName,
                    type: "secret_text",
                    text: pulumi.secret(text),
                })),
                ...(worker.bindings ?? []),
            ];
            const script = this.child(
                cloudflare.WorkersScript,
                "worker",
                {
                    accountId: args.accountId,
                    scriptName,
                    content: workerContent,
                    mainModule: "worker.js",
                    compatibilityDate: worker.compatibilityDate ?? "2025-01-01",
                    compatibilityFlags: worker.compatibilityFlags,
                    bindings: bindings.length > 0 ? bindings : undefined,
                    observability: { enabled: true },
                },
                t.workerScript,
            );
            for (const pattern of worker.routes) {
                this.child(
                    cloudflare.WorkersRoute,
                    `worker-route-${slug(pattern).slice(0, 40)}-${shortHash(pattern)}`,
                    { zoneId, pattern, script: script.scriptName },
                    t.workerRoute,
                );
            }
            this.workerName = script.scriptName;
        }

        this.zoneId = pulumi.output(zoneId);
        this.managedRulesetId = managed.id;
        this.rateLimitRulesetId = rateLimit.id;
        this.cacheRulesetId = cacheRuleset?.id;

        this.registerOutputs({
            zoneId: this.zoneId,
            managedRulesetId: this.managedRulesetId,
            rateLimitRulesetId: this.rateLimitRulesetId,
            cacheRulesetId: this.cacheRulesetId,
            workerName: this.workerName,
            mode: this.mode,
            plan: this.plan,
        });
    }
}
