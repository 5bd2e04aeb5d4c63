import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { Component } from "../core";
import type { CloudflareEdgeArgs, CloudflareEdgeMode, CloudflarePlan } from "./cloudflare-args";
import { planEdge } from "./cloudflare-plan";
import { cacheRules, managedWafRules, rateLimitDescription, rateLimitRules, workerBindings } from "./cloudflare-rules";

export * from "./cloudflare-args";
export { cloudflareCharacteristic } from "./cloudflare-rules";

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
        // Every arg is checked before the first child.
        const edge = planEdge(name, this.environment, args);
        const t = args.transform ?? {};
        const zoneId = args.zoneId;
        this.mode = edge.mode;
        this.plan = edge.plan;

        // Zone settings: one resource per setting. `value` is passed to the API as is, so nested keys are snake_case.
        const setting = (settingId: string, value: unknown) =>
            this.child(cloudflare.ZoneSetting, `setting-${settingId.replace(/_/g, "-")}`, { zoneId, settingId, value }, t.zoneSetting);
        setting("ssl", "strict");
        setting("min_tls_version", edge.minTls);
        setting("tls_1_3", "on");
        setting("always_use_https", "on");
        setting("automatic_https_rewrites", "on");
        if (edge.hsts) {
            setting("security_header", {
                strict_transport_security: {
                    enabled: edge.hsts.maxAgeSeconds > 0,
                    max_age: edge.hsts.maxAgeSeconds,
                    include_subdomains: edge.hsts.includeSubdomains,
                    preload: edge.hsts.preload,
                    nosniff: true,
                },
            });
        }

        for (const { suffix, record: r, proxied, ttl } of edge.records) {
            this.child(
                cloudflare.DnsRecord,
                suffix,
                {
                    zoneId,
                    name: r.name,
                    type: r.type,
                    content: r.content,
                    data: r.data,
                    proxied,
                    ttl,
                    priority: r.priority,
                    comment: r.comment ?? `managed by pulumi (${this.name})`,
                },
                t.dnsRecord,
            );
        }

        const managed = this.child(
            cloudflare.Ruleset,
            "waf-managed",
            {
                zoneId,
                kind: "zone",
                phase: "http_request_firewall_managed",
                name: `${this.name} managed WAF rules`,
                description: `Managed WAF rules (${edge.mode})`,
                rules: managedWafRules(edge.plan, edge.mode, edge.owasp, edge.owaspThreshold),
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
                description: rateLimitDescription(edge.rateLimits, edge.mode),
                rules: rateLimitRules(edge.rateLimits, edge.mode),
            },
            t.rateLimitRuleset,
        );

        const cacheRuleset =
            edge.cache &&
            this.child(
                cloudflare.Ruleset,
                "cache",
                {
                    zoneId,
                    kind: "zone",
                    phase: "http_request_cache_settings",
                    name: `${this.name} cache rules`,
                    description: "Static assets cached, dynamic paths bypassed",
                    rules: cacheRules(edge.cache),
                },
                t.cacheRuleset,
            );

        if (edge.worker) {
            const { worker, accountId, content, routes } = edge.worker;
            const bindings = workerBindings(worker);
            const script = this.child(
                cloudflare.WorkersScript,
                "worker",
                {
                    accountId,
                    scriptName: this.physicalName(worker.name, "default"),
                    content,
                    mainModule: "worker.js",
                    compatibilityDate: worker.compatibilityDate ?? "2025-01-01",
                    compatibilityFlags: worker.compatibilityFlags,
                    bindings: bindings.length > 0 ? bindings : undefined,
                    observability: { enabled: true },
                },
                t.workerScript,
            );
            for (const { pattern, suffix } of routes) {
                this.child(cloudflare.WorkersRoute, suffix, { zoneId, pattern, script: script.scriptName }, t.workerRoute);
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
