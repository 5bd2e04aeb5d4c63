// The documents CloudflareEdge's children carry: the rules of its managed-WAF, rate-limit and cache rulesets, and
// its Worker's bindings, computed from the checked plan (edge/cloudflare-plan.ts).
import type * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import {
    CLOUDFLARE_FREE_MANAGED_RULESET_ID,
    CLOUDFLARE_MANAGED_RULESET_ID,
    CLOUDFLARE_OWASP_ANOMALY_RULE_ID,
    CLOUDFLARE_OWASP_RULESET_ID,
    type CloudflareEdgeMode,
    type CloudflarePlan,
    type CloudflareRateKey,
    type CloudflareRateLimitRule,
    type CloudflareWorker,
} from "./cloudflare-args";

/** The characteristic of a key, as the ruleset API takes it. */
export function cloudflareCharacteristic(key: CloudflareRateKey): string {
    if (key === "ip") return "ip.src";
    if (key === "ip-nat") return "cf.unique_visitor_id";
    if ("header" in key) return `http.request.headers["${key.header.toLowerCase()}"]`;
    if ("cookie" in key) return `http.request.cookies["${key.cookie}"]`;
    if ("queryArgument" in key) return `http.request.uri.args["${key.queryArgument}"]`;
    return `lookup_json_string(http.request.jwt.claims["${key.jwtClaim.tokenConfigurationId}"][0], "${key.jwtClaim.claim}")`;
}

/**
 * The managed WAF rules (phase `http_request_firewall_managed`): the Free Managed Ruleset on Free; otherwise the
 * Cloudflare Managed Ruleset and, with `owasp`, the OWASP core ruleset at paranoia levels 1-2 whose anomaly rule acts
 * at `owaspThreshold`. `log` mode overrides their action with `log`; `off` deploys them disabled.
 */
export function managedWafRules(
    plan: CloudflarePlan,
    mode: CloudflareEdgeMode,
    owasp: boolean,
    owaspThreshold: number,
): cloudflare.types.input.RulesetRule[] {
    const enabled = mode !== "off";
    const logOnly = mode === "log";
    if (plan === "free")
        return [
            {
                ref: "free-managed",
                description: "Cloudflare Free Managed Ruleset",
                expression: "true",
                action: "execute",
                enabled,
                actionParameters: { id: CLOUDFLARE_FREE_MANAGED_RULESET_ID },
            },
        ];
    return [
        {
            ref: "cloudflare-managed",
            description: "Cloudflare Managed Ruleset",
            expression: "true",
            action: "execute",
            enabled,
            actionParameters: { id: CLOUDFLARE_MANAGED_RULESET_ID, overrides: logOnly ? { action: "log" } : undefined },
        },
        ...(owasp
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
}

/** The rate-limit ruleset's description: per IP when every rule counts by IP alone, else per user. */
export function rateLimitDescription(rateLimits: CloudflareRateLimitRule[], mode: CloudflareEdgeMode): string {
    return `${rateLimits.every((r) => (r.countBy ?? ["ip"]).every((k) => k === "ip")) ? "Per-IP" : "Per-user"} rate limits (${mode})`;
}

/** The rate-limiting rules (phase `http_ratelimit`), one per rule in order, counted per data center and `countBy`. */
export function rateLimitRules(rateLimits: CloudflareRateLimitRule[], mode: CloudflareEdgeMode): cloudflare.types.input.RulesetRule[] {
    return rateLimits.map((rule) => ({
        ref: rule.name,
        description: `${rule.name}: ${rule.requests} requests per ${rule.periodSeconds} s per ${(rule.countBy ?? ["ip"]).map((k) => (k === "ip" ? "IP" : cloudflareCharacteristic(k))).join(" and ")}, blocked ${rule.mitigationTimeoutSeconds} s`,
        expression: rule.expression,
        action: mode === "log" ? "log" : "block",
        enabled: mode !== "off",
        ratelimit: {
            // cf.colo.id is mandatory: counters are kept per data center.
            characteristics: ["cf.colo.id", ...(rule.countBy ?? ["ip"]).map(cloudflareCharacteristic)],
            period: rule.periodSeconds,
            requestsPerPeriod: rule.requests,
            mitigationTimeout: rule.mitigationTimeoutSeconds,
        },
    }));
}

/** The cache rules (phase `http_request_cache_settings`): static extensions cached for `edgeTtl`, then the bypassed prefixes. */
export function cacheRules(cache: { extensions: string[]; edgeTtl: number; bypass: string[] }): cloudflare.types.input.RulesetRule[] {
    const { extensions, edgeTtl, bypass } = cache;
    const rules: cloudflare.types.input.RulesetRule[] = [
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
        rules.push({
            ref: "bypass-dynamic",
            description: `Never cache ${bypass.join(", ")}`,
            expression: bypass.map((prefix) => `starts_with(http.request.uri.path, "${prefix}")`).join(" or "),
            action: "set_cache_settings",
            enabled: true,
            actionParameters: { cache: false },
        });
    }
    return rules;
}

/** The Worker's bindings: `vars` as plain text, `secrets` as secret text (secret in the state), then `bindings` as given. */
export function workerBindings(worker: CloudflareWorker): cloudflare.types.input.WorkersScriptBinding[] {
    return [
        ...Object.entries(worker.vars ?? {}).map(([bindingName, text]) => ({ name: bindingName, type: "plain_text", text })),
        ...Object.entries(worker.secrets ?? {}).map(([bindingName, text]) => ({
            name: bindingName,
            type: "secret_text",
            text: pulumi.secret(text),
        })),
        ...(worker.bindings ?? []),
    ];
}
