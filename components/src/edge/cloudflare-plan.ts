// CloudflareEdge's args checked and resolved, before any child: the environment's profile applied, the plan's limits
// enforced, each DNS record and Worker route given its child suffix. edge/cloudflare.ts builds the children from it.
import * as fs from "node:fs";
import type * as pulumi from "@pulumi/pulumi";
import { type Environment, InvalidArgumentError, type Profile, profileDefaults, shortHash } from "../core";
import {
    CLOUDFLARE_DNS_TYPES,
    CLOUDFLARE_PLAN_LIMITS,
    CLOUDFLARE_RATE_PERIODS,
    type CloudflareDnsRecord,
    type CloudflareEdgeArgs,
    type CloudflareEdgeMode,
    type CloudflarePlan,
    type CloudflareRateLimitRule,
    type CloudflareWorker,
    DATA_TYPES,
    DEFAULT_CLOUDFLARE_RATE_LIMIT,
} from "./cloudflare-args";

const PLANS: readonly CloudflarePlan[] = ["free", "pro", "business", "enterprise"];
/** Types Cloudflare can proxy (orange cloud). */
const PROXIABLE: readonly string[] = ["A", "AAAA", "CNAME"];

/** Cached at the edge by default (`cache.staticExtensions`). */
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

const PROFILE: Profile<{ mode: CloudflareEdgeMode; hstsMaxAgeSeconds: number }> = {
    // dev: observe only (falls back to `off` below Enterprise, where the log action does not exist); no HSTS pinning.
    dev: { mode: "log", hstsMaxAgeSeconds: 0 },
    staging: { mode: "block", hstsMaxAgeSeconds: 31536000 },
    prod: { mode: "block", hstsMaxAgeSeconds: 31536000 },
};

const RECORD_NAME = /^(@|(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)$/;
const IPV4 = /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)$/;
const ROUTE = /^(\*\.?)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?\/[^\s]*$/;

/** Throws the component's InvalidArgumentError for `arg`. */
type Fail = (arg: string, problem: string, allowed?: string) => never;

function slug(value: string): string {
    return value
        .toLowerCase()
        .replace(/\*/g, "star")
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "");
}

/** The edge as the children are built from it: every arg checked, every default filled. */
export interface EdgePlan {
    plan: CloudflarePlan;
    /** What the WAF and rate-limiting rules do, after the profile and plan. */
    mode: CloudflareEdgeMode;
    minTls: "1.2" | "1.3";
    /** The HSTS setting; undefined when `hsts: false` leaves the zone's setting alone. */
    hsts?: { maxAgeSeconds: number; includeSubdomains: boolean; preload: boolean };
    /** The records in the order given, each with its child suffix (`dns-<type>-<name>[-<key>]`), proxying and TTL. */
    records: { suffix: string; record: CloudflareDnsRecord; proxied: boolean; ttl: number }[];
    owasp: boolean;
    owaspThreshold: number;
    rateLimits: CloudflareRateLimitRule[];
    /** The cache rules; undefined with `cache: false`. */
    cache?: { extensions: string[]; edgeTtl: number; bypass: string[] };
    worker?: {
        worker: CloudflareWorker;
        accountId: pulumi.Input<string>;
        content: pulumi.Input<string>;
        /** Each route pattern with its child suffix (`worker-route-<slug>-<hash>`). */
        routes: { pattern: string; suffix: string }[];
    };
}

/** Checks the args of `CloudflareEdge "<name>"` in `environment` and resolves them; throws InvalidArgumentError on the first problem. */
export function planEdge(name: string, environment: Environment, args: CloudflareEdgeArgs): EdgePlan {
    const component = `CloudflareEdge "${name}"`;
    const fail: Fail = (arg, problem, allowed) => {
        throw new InvalidArgumentError(component, arg, problem, allowed);
    };

    if (typeof args.zoneId === "string" && !/^[0-9a-f]{32}$/.test(args.zoneId))
        fail("zoneId", `is ${JSON.stringify(args.zoneId)}`, "a zone id: 32 lower-case hex characters");
    const plan = args.plan ?? "pro";
    if (!PLANS.includes(plan)) fail("plan", `is ${JSON.stringify(plan)}`, PLANS.join(", "));
    const p = profileDefaults(PROFILE, environment, {
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
    let hsts: EdgePlan["hsts"];
    if (args.hsts !== false) {
        const given = args.hsts ?? {};
        if (!Number.isInteger(p.hstsMaxAgeSeconds) || p.hstsMaxAgeSeconds < 0 || p.hstsMaxAgeSeconds > 63072000)
            fail("hsts.maxAgeSeconds", `is ${p.hstsMaxAgeSeconds}`, "an integer from 0 to 63072000 (2 years)");
        if (given.preload && (!given.includeSubdomains || p.hstsMaxAgeSeconds < 31536000))
            fail("hsts.preload", "is set without includeSubdomains and a max-age of at least 31536000", "preload only with both");
        hsts = { maxAgeSeconds: p.hstsMaxAgeSeconds, includeSubdomains: given.includeSubdomains ?? false, preload: given.preload ?? false };
    }

    const records = planRecords(fail, plan, args.records ?? []);

    const owaspThreshold = args.owaspScoreThreshold ?? 40;
    if (![25, 40, 60].includes(owaspThreshold)) fail("owaspScoreThreshold", `is ${owaspThreshold}`, "25 (high), 40 (medium), 60 (low)");

    const rateLimits = args.rateLimits ?? [DEFAULT_CLOUDFLARE_RATE_LIMIT];
    checkRateLimits(fail, plan, rateLimits, args.advancedRateLimiting === true);

    let cache: EdgePlan["cache"];
    if (args.cache !== false) {
        const given = args.cache ?? {};
        cache = {
            extensions: given.staticExtensions ?? DEFAULT_STATIC_EXTENSIONS,
            edgeTtl: given.staticEdgeTtlSeconds ?? 86400,
            bypass: given.bypassPathPrefixes ?? ["/api/"],
        };
        checkCache(fail, plan, cache);
    }

    const worker = args.worker && planWorker(fail, args.worker, args.accountId);
    return { plan, mode: p.mode, minTls, hsts, records, owasp: args.owasp ?? true, owaspThreshold, rateLimits, cache, worker };
}

/** Each record checked (type, name, value, proxying, TTL, key), with its child suffix; two records may not share one. */
function planRecords(fail: Fail, plan: CloudflarePlan, records: CloudflareDnsRecord[]): EdgePlan["records"] {
    const recordSuffixes = new Map<string, number>();
    const typeName = records.map((r) => `${r.type}/${r.name.toLowerCase()}`);
    return records.map((r, i) => {
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
        return { suffix, record: r, proxied, ttl };
    });
}

/** The rules against the plan's limits: rule count, periods, timeouts, and which `countBy` keys the plan offers. */
function checkRateLimits(fail: Fail, plan: CloudflarePlan, rateLimits: CloudflareRateLimitRule[], advancedRateLimiting: boolean): void {
    const limits = CLOUDFLARE_PLAN_LIMITS[plan];
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
                return fail(where, `is ${JSON.stringify(key)}`, '"ip", "ip-nat", { header }, { cookie }, { queryArgument }, { jwtClaim }');
            if (plan !== "enterprise" || !advancedRateLimiting) {
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
}

/** Extensions, the static edge TTL (within the plan's minimum) and the bypassed prefixes. */
function checkCache(fail: Fail, plan: CloudflarePlan, cache: NonNullable<EdgePlan["cache"]>): void {
    const minEdgeTtl = CLOUDFLARE_PLAN_LIMITS[plan].minEdgeTtl;
    for (const ext of cache.extensions)
        if (!/^[a-z0-9]{1,10}$/.test(ext))
            fail("cache.staticExtensions", `contains ${JSON.stringify(ext)}`, "extensions without the dot: a-z and 0-9");
    if (!Number.isInteger(cache.edgeTtl) || cache.edgeTtl < minEdgeTtl || cache.edgeTtl > 31536000)
        fail("cache.staticEdgeTtlSeconds", `is ${cache.edgeTtl} on a ${plan} zone`, `an integer from ${minEdgeTtl} to 31536000`);
    for (const prefix of cache.bypass)
        if (!/^\/[^"\\\s]*$/.test(prefix))
            fail(
                "cache.bypassPathPrefixes",
                `contains ${JSON.stringify(prefix)}`,
                "paths starting with '/', without quotes, backslashes or spaces",
            );
}

/** The Worker checked (name, account, exactly one source, routes, binding names, date), its source read and each route named. */
function planWorker(fail: Fail, worker: CloudflareWorker, accountId: pulumi.Input<string> | undefined): NonNullable<EdgePlan["worker"]> {
    if (!/^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/.test(worker.name))
        fail("worker.name", `is ${JSON.stringify(worker.name)}`, "a-z, 0-9 and '-', up to 32 characters");
    if (accountId === undefined) return fail("accountId", "is missing", "the account id: Workers scripts belong to an account");
    if ((worker.content === undefined) === (worker.contentFile === undefined))
        fail("worker.content", "and worker.contentFile are both set or both missing", "exactly one of them");
    let content: pulumi.Input<string> | undefined = worker.content;
    if (worker.contentFile !== undefined) {
        try {
            content = fs.readFileSync(worker.contentFile, "utf8");
        } catch (err) {
            fail(
                "worker.contentFile",
                `cannot be read (${err instanceof Error ? err.message : String(err)})`,
                "the path of a bundled ES module",
            );
        }
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
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) fail("worker.vars", `names a binding ${JSON.stringify(key)}`, "letters, digits and '_'");
    }
    if (worker.compatibilityDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(worker.compatibilityDate))
        fail("worker.compatibilityDate", `is ${JSON.stringify(worker.compatibilityDate)}`, "a date YYYY-MM-DD");
    if (content === undefined) return fail("worker.content", "is missing", "exactly one of worker.content and worker.contentFile");
    return {
        worker,
        accountId,
        content,
        routes: worker.routes.map((pattern) => ({ pattern, suffix: `worker-route-${slug(pattern).slice(0, 40)}-${shortHash(pattern)}` })),
    };
}
