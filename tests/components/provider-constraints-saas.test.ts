// Inputs the non-AWS providers validate, checked against what our components send. Each allowed set sits next to the
// provider source it comes from (docs/provider-constraints.md lists them all). One plan per stack holds every
// component, so the whole file costs a few plans.
import { describe, expect, it } from "vitest";
import { GcpGeminiApi } from "../../components/src/ai/gcp";
import { GcpBudget } from "../../components/src/budget/gcp";
import { InvalidArgumentError } from "../../components/src/core";
import { CLOUDFLARE_PLAN_LIMITS, CloudflareEdge } from "../../components/src/edge/cloudflare";
import { GithubMobilePipeline } from "../../components/src/mobile/github";
import { GcpMonitoring } from "../../components/src/monitoring/gcp";
import { SentryProjects } from "../../components/src/observability/sentry";
import { UptimeChecks } from "../../components/src/monitoring/gcp-uptime";
import { UPSTASH_REDIS_REGIONS, UpstashRedis } from "../../components/src/redis/upstash";
import { GcpCloudRunService } from "../../components/src/service/gcp";
import { VercelWebApp } from "../../components/src/web/vercel";
import { type CapturedResource, type Plan, plan, planRejected } from "../support/plan";

const config = { "gcp:project": "acme-prod", "gcp:region": "us-central1" };
const inputsOf = (r: CapturedResource): Record<string, any> => r.inputs as Record<string, any>;
const all = (p: Plan, type: string): Record<string, any>[] => {
    const found = p.ofType(type).map(inputsOf);
    expect(found.length, type).toBeGreaterThan(0);
    return found;
};
const seconds = (duration: string): number => {
    expect(duration).toMatch(/^\d+s$/);
    return Number(duration.slice(0, -1));
};

/** Every component of these providers, with the options that reach the most provider inputs. */
function everything(): void {
    new VercelWebApp("web", {
        teamId: "team_abc",
        framework: "nextjs",
        domain: "app.example.com",
        env: { NEXT_PUBLIC_API_URL: "https://api.example.com" },
        secrets: { SESSION_SECRET: "s3cret" },
        owasp: true,
        blockAiBots: true,
        rateLimit: { requests: 100, windowSeconds: 60, pathPrefix: "/api/" },
    });
    new SentryProjects("errors", {
        organization: "acme",
        teams: ["platform"],
        apps: [
            { name: "mobile", platform: "react-native" },
            { name: "api", platform: "node", p95LatencyMs: 500, teams: ["backend"] },
        ],
    });
    new GcpGeminiApi("gemini", {
        androidApps: [{ packageName: "com.coachmeld.app", sha1Fingerprint: "DA:39:A3:EE:5E:6B:4B:0D:32:55:BF:EF:95:60:18:90:AF:D8:07:09" }],
    });
    new GcpCloudRunService("api", { image: "us-docker.pkg.dev/acme/api/api:1", public: true });
    new UptimeChecks("uptime", {
        endpoints: [{ name: "api", url: "https://api.example.com/health", contentMatch: "ok" }],
        notify: { emails: ["oncall@example.com"] },
    });
    new GcpMonitoring("mon", { notify: { emails: ["oncall@example.com"] }, uptimeHost: "api.example.com" });
    new GcpBudget("budget", { billingAccount: "012345-6789AB-CDEF01", amountUsd: 50 });
    new CloudflareEdge("edge", {
        zoneId: "023e105f4ecef8ad9ca31a8372d0c353",
        records: [
            { name: "app.example.com", type: "CNAME", content: "cname.vercel-dns.com", proxied: true },
            { name: "api.example.com", type: "NS", content: "ns-1.awsdns-01.org", proxied: false, ttl: 3600 },
        ],
    });
    new UpstashRedis("cache", {});
    new GithubMobilePipeline("mobile", {
        repository: "coachmeld",
        framework: "expo",
        appStoreConnectAppId: "6450000002",
        productionReviewers: { users: [1234567], teams: [89] },
        secrets: { production: { EXPO_TOKEN: "expo-prod-token" } },
    });
}

describe("inputs the SaaS and Google Cloud providers accept", async () => {
    const plans: Record<string, Plan> = {};
    for (const stack of ["dev", "prod"]) plans[stack] = await plan(everything, { stack, config });
    const each = (check: (p: Plan, stack: string) => void) => {
        for (const [stack, p] of Object.entries(plans)) check(p, stack);
    };

    describe("Vercel", () => {
        it("sends a vercelAuthentication.deploymentType the provider accepts (snake_case, not the SDK doc's camelCase)", () => {
            // vercel/terraform-provider-vercel vercel/resource_project.go, vercel_authentication.deployment_type: OneOf(...)
            const allowed = ["standard_protection_new", "standard_protection", "all_deployments", "only_preview_deployments", "none"];
            each((p) => {
                for (const project of all(p, "vercel:index/project:Project")) {
                    expect(allowed).toContain(project.vercelAuthentication.deploymentType);
                    // resource_project.go, name: LengthBetween(1, 52) and ^[a-z0-9\-]{0,100}$
                    expect(project.name).toMatch(/^[a-z0-9-]{1,52}$/);
                }
            });
        });

        it("cuts a long default project name to 52 characters and rejects names the provider refuses", async () => {
            const long = await plan(() => new VercelWebApp("a-very-long-component-name-for-the-marketing-web-app", {}), {
                stack: "staging",
                project: "intelifeed-hub",
            });
            expect(inputsOf(long.one("vercel:index/project:Project")).name).toMatch(/^[a-z0-9-]{1,52}$/);
            for (const projectName of ["my.app", "my_app", "x".repeat(53)]) {
                const { error } = await planRejected(() => new VercelWebApp("web", { projectName }));
                expect(error, projectName).toBeInstanceOf(InvalidArgumentError);
                expect((error as Error).message).toMatch(/projectName/);
            }
        });

        it("sends firewall rules of the shapes resource_firewall_config.go validates", () => {
            // vercel/terraform-provider-vercel vercel/resource_firewall_config.go: rule name LengthBetween(4, 160), description
            // LengthAtMost(260), action OneOf(...), rate_limit.action OneOf(...), condition type and op OneOf(...).
            const actions = ["bypass", "log", "challenge", "deny", "rate_limit", "redirect"];
            const rateLimitActions = ["bypass", "log", "challenge", "deny", "rate_limit"];
            const types = [
                "host",
                "path",
                "method",
                "header",
                "query",
                "cookie",
                "target_path",
                "ip_address",
                "region",
                "protocol",
                "scheme",
                "environment",
                "user_agent",
                "geo_continent",
                "geo_country",
                "geo_country_region",
                "geo_city",
                "geo_as_number",
                "ja4_digest",
                "ja3_digest",
                "rate_limit_api_id",
            ];
            const ops = ["re", "eq", "neq", "ex", "nex", "inc", "ninc", "pre", "suf", "sub", "gt", "gte", "lt", "lte"];
            each((p) => {
                for (const firewall of all(p, "vercel:index/firewallConfig:FirewallConfig")) {
                    for (const rule of firewall.rules.rules) {
                        expect(rule.name.length).toBeGreaterThanOrEqual(4);
                        expect(rule.name.length).toBeLessThanOrEqual(160);
                        expect((rule.description ?? "").length).toBeLessThanOrEqual(260);
                        expect(actions).toContain(rule.action.action);
                        if (rule.action.action === "rate_limit") expect(rateLimitActions).toContain(rule.action.rateLimit.action);
                        for (const group of rule.conditionGroups) {
                            for (const condition of group.conditions) {
                                expect(types).toContain(condition.type);
                                expect(ops).toContain(condition.op);
                            }
                        }
                    }
                }
            });
        });

        it("gives every variable targets and an explicit sensitive flag", () => {
            // resource_project_environment_variable.go: target ValueStringsAre(OneOf("production", "preview", "development")),
            // sensitive Required.
            each((p) => {
                for (const variable of all(p, "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable")) {
                    expect(variable.targets.length).toBeGreaterThan(0);
                    for (const target of variable.targets) expect(["production", "preview", "development"]).toContain(target);
                    expect(typeof variable.sensitive).toBe("boolean");
                }
            });
        });
    });

    describe("Sentry", () => {
        it("gives every metric alert trigger an action: by default an e-mail to the owning team, by its internal id", () => {
            // getsentry/sentry src/sentry/incidents/serializers/alert_rule.py, AlertRuleSerializer.validate: "Each trigger must
            // have an associated action for this alert to fire." (PR #78446); 1 or 2 triggers labelled critical, warning.
            const alerts = all(plans.prod, "sentry:index/sentryMetricAlert:SentryMetricAlert");
            for (const alert of alerts) {
                expect(alert.triggers.length).toBeGreaterThanOrEqual(1);
                expect(alert.triggers.length).toBeLessThanOrEqual(2);
                alert.triggers.forEach((trigger: Record<string, any>, i: number) => {
                    expect(trigger.label).toBe(["critical", "warning"][i]);
                    expect(trigger.actions.length).toBeGreaterThan(0);
                    for (const action of trigger.actions) {
                        expect(action).toMatchObject({ type: "email", targetType: "team" });
                        expect(action.targetIdentifier).toMatch(/^\d+$/);
                    }
                });
            }
            const api = alerts.find((a) => a.project === "test-prod-errors-api" && a.aggregate === "count()");
            const mobile = alerts.find((a) => a.project === "test-prod-errors-mobile");
            // Each app's own first team: "backend" for the api, "platform" for the mobile app.
            expect(api?.triggers[0].actions[0].targetIdentifier).not.toBe(mobile?.triggers[0].actions[0].targetIdentifier);
        });

        it("uses the datasets and event types Sentry accepts, and no environment Sentry may not have seen", () => {
            // alert_rule.py _validate_performance_dataset: "Performance alerts must use the `generic_metrics` dataset";
            // QUERY_TYPE_VALID_EVENT_TYPES: ERROR {error, default}, PERFORMANCE {transaction}.
            // src/sentry/api/serializers/rest_framework/environment.py, EnvironmentField: "Environment is not part of this
            // organization" until an event has been received from it.
            const validEventTypes: Record<string, string[]> = { events: ["error", "default"], generic_metrics: ["transaction"] };
            const windows = [1, 5, 10, 15, 30, 60, 120, 240, 1440];
            for (const alert of all(plans.prod, "sentry:index/sentryMetricAlert:SentryMetricAlert")) {
                expect(Object.keys(validEventTypes)).toContain(alert.dataset);
                for (const type of alert.eventTypes) expect(validEventTypes[alert.dataset]).toContain(type);
                expect(windows).toContain(alert.timeWindow);
                expect(alert.environment).toBeUndefined();
            }
            const latency = all(plans.prod, "sentry:index/sentryMetricAlert:SentryMetricAlert").find(
                (a) => a.aggregate === "p95(transaction.duration)",
            );
            expect(latency?.dataset).toBe("generic_metrics");
            for (const alert of all(plans.prod, "sentry:index/sentryIssueAlert:SentryIssueAlert")) {
                // src/sentry/api/serializers/rest_framework/rule.py: frequency 5..43200 minutes; an environment must exist.
                expect(alert.frequency).toBeGreaterThanOrEqual(5);
                expect(alert.frequency).toBeLessThanOrEqual(43200);
                expect(alert.environment).toBeUndefined();
                expect(alert.actions.length).toBeGreaterThan(0);
            }
        });

        it("rejects an empty alertActions before registering anything", async () => {
            const { error, plan: p } = await planRejected(
                () =>
                    new SentryProjects("errors", {
                        organization: "acme",
                        teams: ["platform"],
                        apps: [{ name: "api", platform: "node" }],
                        alertActions: [],
                    }),
            );
            expect(error).toBeInstanceOf(InvalidArgumentError);
            expect((error as Error).message).toMatch(/alertActions/);
            expect(p.ofType("sentry:index/sentryProject:SentryProject")).toEqual([]);
        });
    });

    describe("Google Cloud", () => {
        it("sends Android certificate fingerprints in the form the API Keys API stores (no colons, lower case)", () => {
            // hashicorp/terraform-provider-google google/services/apikeys/resource_apikeys_key.go, sha1_fingerprint: "Output
            // format is the latter" (no colons); compared exactly (key_internal.go, dcl.StringCanonicalize).
            const key = inputsOf(plans.prod.one("gcp:projects/apiKey:ApiKey"));
            expect(key.restrictions.androidKeyRestrictions.allowedApplications[0].sha1Fingerprint).toBe(
                "da39a3ee5e6b4b0d3255bfef95601890afd80709",
            );
            // resource_apikeys_key.go, name: [a-z]([a-z0-9-]{0,61}[a-z0-9])?
            expect(key.name).toMatch(/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/);
        });

        it("sends Cloud Run probes, scaling, concurrency and cpu/memory inside the API's ranges", () => {
            // https://cloud.google.com/run/docs/configuring/healthchecks: startup initialDelay 0-240, period 1-240, timeout
            // 1..period; liveness initialDelay 0-3600, period 1-3600, timeout 1..period. Concurrency 1-1000, timeout <= 3600 s.
            each((p) => {
                for (const service of all(p, "gcp:cloudrunv2/service:Service")) {
                    const t = service.template;
                    expect(t.maxInstanceRequestConcurrency).toBeGreaterThanOrEqual(1);
                    expect(t.maxInstanceRequestConcurrency).toBeLessThanOrEqual(1000);
                    expect(seconds(t.timeout)).toBeLessThanOrEqual(3600);
                    expect(t.scaling.minInstanceCount).toBeLessThanOrEqual(t.scaling.maxInstanceCount);
                    for (const c of t.containers) {
                        for (const [probe, maxDelay] of [
                            [c.startupProbe, 240],
                            [c.livenessProbe, 3600],
                        ] as const) {
                            expect(probe.initialDelaySeconds).toBeLessThanOrEqual(maxDelay);
                            expect(probe.periodSeconds).toBeLessThanOrEqual(maxDelay);
                            expect(probe.timeoutSeconds).toBeLessThanOrEqual(probe.periodSeconds);
                        }
                        // https://cloud.google.com/run/docs/configuring/services/memory-limits: 1 CPU up to 4Gi.
                        expect(["1", "2", "4", "6", "8"]).toContain(c.resources.limits.cpu);
                    }
                }
            });
        });

        it("rejects memory above what the CPU count allows (1 CPU: 4Gi, 2: 8Gi, 4: 16Gi, 6: 24Gi)", async () => {
            for (const [cpu, memory] of [
                [1, "8Gi"],
                [2, "16Gi"],
                [4, "20Gi"],
                [6, "32Gi"],
            ] as const) {
                const { error } = await planRejected(() => new GcpCloudRunService("api", { image: "img", cpu, memory }), { config });
                expect(error, `${cpu} CPU ${memory}`).toBeInstanceOf(InvalidArgumentError);
                expect((error as Error).message).toMatch(/memory/);
            }
            await expect(
                plan(() => new GcpCloudRunService("api", { image: "img", cpu: 2, memory: "8Gi" }), { config }),
            ).resolves.toBeDefined();
        });

        it("sends uptime checks with a period and timeout the API accepts", () => {
            // Monitoring API UptimeCheckConfig.period: 60s, 300s, 600s or 900s; timeout 1s..60s; selectedRegions at least 3.
            each((p) => {
                for (const check of all(p, "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig")) {
                    expect([60, 300, 600, 900]).toContain(seconds(check.period));
                    expect(seconds(check.timeout)).toBeGreaterThanOrEqual(1);
                    expect(seconds(check.timeout)).toBeLessThanOrEqual(60);
                    if (check.selectedRegions !== undefined) expect(check.selectedRegions.length).toBeGreaterThanOrEqual(3);
                }
            });
        });

        it("sends alert policy durations in whole minutes and aligners and reducers of the API's enums", () => {
            // AlertPolicy.Condition.MetricThreshold.duration: multiples of 60 s; Aggregation.alignmentPeriod >= 60 s;
            // terraform-provider-google resource_monitoring_alert_policy.go: per_series_aligner / cross_series_reducer enums.
            each((p) => {
                for (const policy of p.ofType("gcp:monitoring/alertPolicy:AlertPolicy").map(inputsOf)) {
                    for (const condition of policy.conditions) {
                        const threshold = condition.conditionThreshold;
                        if (!threshold) continue;
                        expect(seconds(threshold.duration) % 60).toBe(0);
                        for (const a of threshold.aggregations ?? []) {
                            expect(seconds(a.alignmentPeriod)).toBeGreaterThanOrEqual(60);
                            expect(a.perSeriesAligner).toMatch(/^ALIGN_[A-Z0-9_]+$/);
                            if (a.crossSeriesReducer !== undefined) expect(a.crossSeriesReducer).toMatch(/^REDUCE_[A-Z0-9_]+$/);
                        }
                    }
                }
            });
        });

        it("sends budget thresholds with a spend basis of the API's enum, on a calendar month", () => {
            // terraform-provider-google resource_billing_budget.go, spend_basis: ValidateEnum(CURRENT_SPEND, FORECASTED_SPEND);
            // forecasts need a calendar period (calendar_period MONTH), not a custom one.
            each((p) => {
                for (const budget of all(p, "gcp:billing/budget:Budget")) {
                    expect(budget.budgetFilter.calendarPeriod).toBe("MONTH");
                    for (const rule of budget.thresholdRules) expect(["CURRENT_SPEND", "FORECASTED_SPEND"]).toContain(rule.spendBasis);
                    expect(budget.displayName.length).toBeLessThanOrEqual(60);
                }
            });
        });
    });

    describe("Cloudflare, Upstash, GitHub", () => {
        it("sends DNS TTLs of 1 (automatic, and on every proxied record) or 60..86400", () => {
            // cloudflare/terraform-provider-cloudflare internal/services/dns_record/schema.go, ttl: "Setting to 1 means
            // 'automatic'. Value must be between 60 and 86400, with the minimum reduced to 30 for Enterprise zones."
            each((p) => {
                for (const record of all(p, "cloudflare:index/dnsRecord:DnsRecord")) {
                    expect(record.ttl === 1 || (record.ttl >= 60 && record.ttl <= 86400)).toBe(true);
                    if (record.proxied) expect(record.ttl).toBe(1);
                }
            });
        });

        it("sends rulesets of known phases and actions, with rate-limit periods and timeouts the (default pro) plan allows", () => {
            // internal/services/ruleset/schema.go: phase OneOfCaseInsensitive(...), rules.action OneOfCaseInsensitive(...).
            const phases = ["http_request_firewall_managed", "http_ratelimit", "http_request_cache_settings"];
            const actions = ["block", "challenge", "execute", "js_challenge", "log", "managed_challenge", "set_cache_settings", "skip"];
            const pro = CLOUDFLARE_PLAN_LIMITS.pro;
            each((p) => {
                for (const ruleset of all(p, "cloudflare:index/ruleset:Ruleset")) {
                    expect(phases).toContain(ruleset.phase);
                    expect(ruleset.kind).toBe("zone");
                    for (const rule of ruleset.rules) {
                        expect(actions).toContain(rule.action);
                        if (ruleset.phase === "http_ratelimit") {
                            expect(rule.ratelimit.period).toBeLessThanOrEqual(pro.maxPeriod);
                            expect(rule.ratelimit.mitigationTimeout).toBeLessThanOrEqual(pro.maxMitigationTimeout);
                            // Below Enterprise the counting characteristics are the data center and the IP.
                            expect(rule.ratelimit.characteristics).toEqual(["cf.colo.id", "ip.src"]);
                        }
                    }
                }
            });
        });

        it("sends Upstash regions of the provider's list, on a global database", () => {
            // upstash/terraform-provider-upstash upstash/redis/database/resource.go, primary_region / read_regions descriptions.
            each((p) => {
                for (const db of all(p, "upstash:index/redisDatabase:RedisDatabase")) {
                    expect(db.region).toBe("global");
                    expect(UPSTASH_REDIS_REGIONS).toContain(db.primaryRegion);
                    for (const region of db.readRegions ?? []) {
                        expect(UPSTASH_REDIS_REGIONS).toContain(region);
                        expect(region).not.toBe(db.primaryRegion);
                    }
                }
            });
        });

        it("sends environment wait timers of 0..43200 minutes and at most 6 user and 6 team reviewers", () => {
            // integrations/terraform-provider-github github/resource_github_repository_environment.go: wait_timer
            // IntBetween(0, 43200); reviewers.teams and reviewers.users MaxItems 6.
            each((p) => {
                for (const environment of all(p, "github:index/repositoryEnvironment:RepositoryEnvironment")) {
                    const wait = environment.waitTimer ?? 0;
                    expect(wait).toBeGreaterThanOrEqual(0);
                    expect(wait).toBeLessThanOrEqual(43200);
                    for (const reviewers of environment.reviewers ?? []) {
                        expect((reviewers.users ?? []).length).toBeLessThanOrEqual(6);
                        expect((reviewers.teams ?? []).length).toBeLessThanOrEqual(6);
                    }
                }
                for (const file of p.ofType("github:index/repositoryFile:RepositoryFile").map(inputsOf)) {
                    // A repository path: relative, no "..", no leading or trailing "/".
                    expect(file.file).toMatch(/^[^/].*[^/]$/);
                    expect(file.file.split("/")).not.toContain("..");
                }
            });
        });
    });
});
