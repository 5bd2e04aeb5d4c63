// The args of CloudflareEdge (edge/cloudflare.ts) and the Cloudflare values they are checked against: managed
// ruleset ids, plans and their limits, rate-limit periods, DNS record types. Checked in edge/cloudflare-plan.ts.
// edge/cloudflare.ts re-exports all of it; the barrel (index.ts) names the public values.
import type * as cloudflare from "@pulumi/cloudflare";
import type * as pulumi from "@pulumi/pulumi";
import type { BaseArgs, Transform } from "../core";

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

/** DNS record types whose value is `content` (an address, a host or text). */
const CONTENT_TYPES = ["A", "AAAA", "CNAME", "MX", "NS", "OPENPGPKEY", "PTR", "TXT"] as const;
/** Types whose value is structured (`data`) rather than `content`. */
const STRUCTURED_TYPES = ["CAA", "CERT", "DNSKEY", "DS", "HTTPS", "LOC", "NAPTR", "SMIMEA", "SRV", "SSHFP", "SVCB", "TLSA", "URI"] as const;
/** DNS record types `DnsRecord` accepts. */
export const CLOUDFLARE_DNS_TYPES = [...CONTENT_TYPES, ...STRUCTURED_TYPES] as const;
export type CloudflareDnsType = (typeof CLOUDFLARE_DNS_TYPES)[number];
/** {@link STRUCTURED_TYPES}, as strings to test any record's type against (edge/cloudflare-plan.ts; not in the barrel). */
export const DATA_TYPES: readonly string[] = STRUCTURED_TYPES;

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
