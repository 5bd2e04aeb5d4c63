import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { SentryProjects, type SentryProjectsArgs } from "../../components/src/observability/sentry";
import { UptimeChecks, type UptimeChecksArgs } from "../../components/src/monitoring/gcp-uptime";
import { AwsServiceSignals } from "../../components/src/service/aws-signals";
import { type Plan, plan } from "../support/plan";

const PROJECT = "sentry:index/sentryProject:SentryProject";
const KEY = "sentry:index/sentryKey:SentryKey";
const ISSUE_ALERT = "sentry:index/sentryIssueAlert:SentryIssueAlert";
const METRIC_ALERT = "sentry:index/sentryMetricAlert:SentryMetricAlert";

const CHECK = "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig";
const POLICY = "gcp:monitoring/alertPolicy:AlertPolicy";
const SERVICE = "gcp:monitoring/genericService:GenericService";
const SLO = "gcp:monitoring/slo:Slo";
const CHANNEL = "gcp:monitoring/notificationChannel:NotificationChannel";

const inputsOf = (r: { inputs: unknown }) => r.inputs as Record<string, any>;

const SENTRY: SentryProjectsArgs = {
    organization: "techmate",
    teams: ["platform"],
    apps: [
        { name: "mobile", platform: "react-native" },
        { name: "web", platform: "javascript-nextjs" },
        { name: "api", platform: "node", p95LatencyMs: 500, teams: ["backend"] },
    ],
};

function sentryPlan(stack: string, args: Partial<SentryProjectsArgs> = {}): Promise<Plan> {
    return plan(() => new SentryProjects("errors", { ...SENTRY, ...args }), { stack });
}

describe("SentryProjects", () => {
    it("creates a project per app with its platform, teams and a stack-qualified slug", async () => {
        const p = await sentryPlan("prod");
        const projects = p.ofType(PROJECT).map(inputsOf);
        expect(projects.map((x) => [x.slug, x.platform, x.teams])).toEqual([
            ["test-prod-errors-mobile", "react-native", ["platform"]],
            ["test-prod-errors-web", "javascript-nextjs", ["platform"]],
            ["test-prod-errors-api", "node", ["backend"]],
        ]);
        expect(projects.every((x) => x.organization === "techmate" && x.resolveAge === 720)).toBe(true);
        const custom = await sentryPlan("prod", { apps: [{ name: "mobile", platform: "react-native", slug: "coachmeld-mobile" }] });
        expect(custom.inputs(PROJECT).slug).toBe("coachmeld-mobile");
    });

    it("creates a rate-limited client key per project and exposes its DSN in plain text (public by design)", async () => {
        let component: SentryProjects | undefined;
        const p = await plan(() => {
            component = new SentryProjects("errors", SENTRY);
        });
        const key = p.one(KEY, "mobile-key");
        expect(inputsOf(key)).toMatchObject({
            organization: "techmate",
            project: "test-prod-errors-mobile",
            rateLimitCount: 1000,
            rateLimitWindow: 60,
        });
        // The provider itself keeps the key's secret parts secret.
        expect(key.additionalSecretOutputs).toEqual(expect.arrayContaining(["secret", "dsnSecret"]));
        const outputs = p.one("appstack:observability:SentryProjects").outputs as Record<string, any>;
        expect(outputs.dsns.mobile).toMatch(/^https:\/\/[0-9a-f]{32}@o\d+\.ingest\.sentry\.io\/\d+$/);
        expect(outputs.dsns.mobile).toBe((key.outputs as Record<string, any>).dsnPublic);
        expect(Object.keys(component!.dsns)).toEqual(["mobile", "web", "api"]);
    });

    it("alerts on new or regressed issues and on the error count outside dev, p95 latency where asked", async () => {
        const p = await sentryPlan("prod", { alertActions: [{ type: "email", targetType: "team", targetIdentifier: "42" }] });
        expect(p.ofType(ISSUE_ALERT)).toHaveLength(3);
        const issue = p.inputs(ISSUE_ALERT, "mobile-new-issues");
        expect(issue.conditions.map((c: Record<string, string>) => c.id)).toEqual([
            "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition",
            "sentry.rules.conditions.regression_event.RegressionEventCondition",
        ]);
        expect(issue).toMatchObject({ actionMatch: "any", filterMatch: "all", frequency: 30, project: "test-prod-errors-mobile" });
        const errors = p.inputs(METRIC_ALERT, "mobile-error-count");
        expect(errors).toMatchObject({ dataset: "events", eventTypes: ["error"], aggregate: "count()", timeWindow: 60, thresholdType: 0 });
        expect(errors.triggers).toEqual([
            {
                label: "critical",
                alertThreshold: 20,
                thresholdType: 0,
                actions: [{ type: "email", targetType: "team", targetIdentifier: "42" }],
            },
            {
                label: "warning",
                alertThreshold: 10,
                thresholdType: 0,
                actions: [{ type: "email", targetType: "team", targetIdentifier: "42" }],
            },
        ]);
        const latency = p.inputs(METRIC_ALERT, "api-p95-latency");
        expect(latency).toMatchObject({
            dataset: "generic_metrics",
            aggregate: "p95(transaction.duration)",
            project: "test-prod-errors-api",
        });
        expect(latency.triggers[0].alertThreshold).toBe(500);
        expect(p.ofType(METRIC_ALERT)).toHaveLength(4);

        const dev = await sentryPlan("dev");
        expect(dev.ofType(ISSUE_ALERT)).toHaveLength(0);
        expect(dev.ofType(METRIC_ALERT)).toHaveLength(0);
        expect(dev.inputs(KEY, "mobile-key").rateLimitCount).toBe(100);
        const staging = await sentryPlan("staging");
        expect(staging.inputs(METRIC_ALERT, "web-error-count").triggers[0].alertThreshold).toBe(50);
        const devWithAlerts = await sentryPlan("dev", { alerts: true, errorCountThreshold: 7, alertWindowMinutes: 15 });
        expect(devWithAlerts.inputs(METRIC_ALERT, "web-error-count")).toMatchObject({
            timeWindow: 15,
            triggers: [{ alertThreshold: 7 }, { alertThreshold: 3 }],
        });
    });

    it("sends every alert to people: the owning team by e-mail (issue and metric alerts), and Slack from config", async () => {
        const p = await sentryPlan("prod");
        // The team ids the mocked getSentryTeam gives: platform owns mobile and web, backend owns the api.
        const issue = p.inputs(ISSUE_ALERT, "mobile-new-issues");
        expect(issue.actions).toHaveLength(1);
        expect(issue.actions[0]).toMatchObject({
            id: "sentry.mail.actions.NotifyEmailAction",
            targetType: "Team",
            fallthroughType: "ActiveMembers",
        });
        expect(issue.actions[0].targetIdentifier).toMatch(/^\d+$/);
        const apiIssue = p.inputs(ISSUE_ALERT, "api-new-issues");
        expect(apiIssue.actions[0].targetIdentifier).not.toBe(issue.actions[0].targetIdentifier);
        const errors = p.inputs(METRIC_ALERT, "mobile-error-count");
        expect(errors.triggers[0].actions).toEqual([
            { type: "email", targetType: "team", targetIdentifier: issue.actions[0].targetIdentifier },
        ]);
        // No issue alert mails "IssueOwners" (empty without ownership rules) as its only target.
        expect(p.ofType(ISSUE_ALERT).every((a) => inputsOf(a).actions.some((x: Record<string, string>) => x.targetType === "Team"))).toBe(
            true,
        );

        const withSlack = await sentryPlan("prod", { slack: { workspace: "TechMate", channel: "#alerts" } });
        const slackIssue = withSlack.inputs(ISSUE_ALERT, "web-new-issues").actions[1];
        expect(slackIssue).toMatchObject({ id: "sentry.integrations.slack.notify_action.SlackNotifyServiceAction", channel: "#alerts" });
        expect(slackIssue.workspace).toMatch(/^\d+$/);
        for (const alert of withSlack.ofType(METRIC_ALERT)) {
            for (const trigger of inputsOf(alert).triggers) {
                expect(trigger.actions[1]).toEqual({
                    type: "slack",
                    targetType: "specific",
                    targetIdentifier: "#alerts",
                    integrationId: Number(slackIssue.workspace),
                });
            }
        }
        await expect(sentryPlan("prod", { slack: { workspace: "TechMate", channel: "alerts" } })).rejects.toThrow(/slack\.channel/);
    });

    it("keeps child names stable and applies transforms", async () => {
        const p = await sentryPlan("prod", { transform: { project: { digestsMinDelay: 300 } } });
        expect(
            p
                .names()
                .filter((n) => n.startsWith("sentry:"))
                .map((n) => n.split("::")[1]),
        ).toEqual(
            expect.arrayContaining([
                "errors-mobile",
                "errors-mobile-key",
                "errors-mobile-new-issues",
                "errors-mobile-error-count",
                "errors-api-p95-latency",
            ]),
        );
        expect(p.ofType(PROJECT).every((r) => inputsOf(r).digestsMinDelay === 300)).toBe(true);
    });

    it("rejects invalid args before registering any child", async () => {
        const cases: [Partial<SentryProjectsArgs>, RegExp][] = [
            [{ apps: [] }, /apps/],
            [{ apps: [{ name: "Mobile App", platform: "react-native" }] }, /apps\[0\]\.name/],
            [
                {
                    apps: [
                        { name: "a", platform: "node" },
                        { name: "a", platform: "node" },
                    ],
                },
                /used twice/,
            ],
            [{ apps: [{ name: "a", platform: "node", slug: "Has Spaces" }] }, /slug/],
            [{ teams: undefined }, /teams/],
            [{ alertWindowMinutes: 7 }, /alertWindowMinutes/],
            [{ rateLimitCount: 0 }, /rateLimitCount/],
            [{ errorCountThreshold: 1 }, /errorCountThreshold/],
        ];
        for (const [args, message] of cases) {
            let error: unknown;
            const p = await plan(() => {
                try {
                    new SentryProjects("errors", { ...SENTRY, ...args });
                } catch (err) {
                    error = err;
                }
            });
            expect((error as Error | undefined)?.name, JSON.stringify(args)).toBe("InvalidArgumentError");
            expect((error as Error).message).toMatch(message);
            expect(p.resources.filter((r) => r.type.startsWith("sentry:"))).toEqual([]);
        }
    });
});

// ---------------------------------------------------------------------------------------------------------------

const UPTIME: UptimeChecksArgs = {
    project: "intelifeed-prod",
    endpoints: [
        { name: "api", url: "https://api.intelifeed.example/health/live", contentMatch: "ok" },
        { name: "web", url: "https://app.intelifeed.example:8443/?probe=1", latencyMs: 800 },
    ],
    notify: { emails: ["oncall@intelifeed.example"] },
};

function uptimePlan(stack: string, args: Partial<UptimeChecksArgs> = {}): Promise<Plan> {
    return plan(() => new UptimeChecks("uptime", { ...UPTIME, ...args }), { stack });
}

describe("UptimeChecks", () => {
    it("probes each endpoint over HTTPS with certificate validation, from every region, every minute in prod", async () => {
        const p = await uptimePlan("prod");
        const api = p.inputs(CHECK, "uptime-api");
        expect(api).toMatchObject({
            project: "intelifeed-prod",
            period: "60s",
            timeout: "10s",
            monitoredResource: { type: "uptime_url", labels: { host: "api.intelifeed.example", project_id: "intelifeed-prod" } },
            httpCheck: {
                requestMethod: "GET",
                path: "/health/live",
                port: 443,
                useSsl: true,
                validateSsl: true,
                acceptedResponseStatusCodes: [{ statusClass: "STATUS_CLASS_2XX" }],
            },
            contentMatchers: [{ content: "ok", matcher: "CONTAINS_STRING" }],
        });
        expect(api.selectedRegions).toBeUndefined();
        expect(p.inputs(CHECK, "uptime-web").httpCheck).toMatchObject({ path: "/?probe=1", port: 8443 });
        expect(api.userLabels).toMatchObject({ environment: "prod", "managed-by": "pulumi" });
        expect((await uptimePlan("staging")).inputs(CHECK, "uptime-api").period).toBe("300s");
        expect((await uptimePlan("dev")).inputs(CHECK, "uptime-api").period).toBe("900s");
    });

    it("alerts when probes fail from 2+ regions and when probe latency p95 exceeds the 500 ms SLO", async () => {
        const p = await uptimePlan("prod");
        const channel = p.one(CHANNEL);
        expect(inputsOf(channel)).toMatchObject({ type: "email", labels: { email_address: "oncall@intelifeed.example" } });
        const down = p.inputs(POLICY, "uptime-api-down");
        const condition = down.conditions[0].conditionThreshold;
        expect(condition.filter).toContain('metric.type="monitoring.googleapis.com/uptime_check/check_passed"');
        expect(condition.filter).toContain("metric.label.check_id=");
        expect(condition).toMatchObject({ comparison: "COMPARISON_GT", thresholdValue: 1 });
        expect(condition.aggregations[0]).toMatchObject({ perSeriesAligner: "ALIGN_NEXT_OLDER", crossSeriesReducer: "REDUCE_COUNT_FALSE" });
        expect(down.severity).toBe("CRITICAL");
        expect(down.notificationChannels).toEqual([(channel.outputs as Record<string, any>).name]);

        const slow = p.inputs(POLICY, "uptime-api-slow").conditions[0].conditionThreshold;
        expect(slow.filter).toContain('metric.type="monitoring.googleapis.com/uptime_check/request_latency"');
        expect(slow).toMatchObject({ comparison: "COMPARISON_GT", thresholdValue: 500 });
        expect(slow.aggregations[0]).toMatchObject({ perSeriesAligner: "ALIGN_MEAN", crossSeriesReducer: "REDUCE_PERCENTILE_95" });
        expect(p.inputs(POLICY, "uptime-web-slow").conditions[0].conditionThreshold.thresholdValue).toBe(800);
    });

    it("defines 99.9 % availability and 95 %-under-500 ms latency SLOs with a fast-burn alert in prod", async () => {
        const p = await uptimePlan("prod");
        expect(p.ofType(SERVICE)).toHaveLength(2);
        const availability = p.inputs(SLO, "uptime-api-availability");
        expect(availability).toMatchObject({ goal: 0.999, rollingPeriodDays: 30, sloId: "availability" });
        expect(availability.windowsBasedSli.goodBadMetricFilter).toContain("uptime_check/check_passed");
        const latency = p.inputs(SLO, "uptime-api-latency");
        expect(latency).toMatchObject({ goal: 0.95, windowsBasedSli: { metricMeanInRange: { range: { max: 500 } } } });
        expect(latency.windowsBasedSli.metricMeanInRange.timeSeries).toContain("uptime_check/request_latency");
        const burn = p.inputs(POLICY, "uptime-api-burn-rate").conditions[0].conditionThreshold;
        // The filter names the SLO by its server-side resource name, unknown until the SLO exists (as in a real preview).
        expect(
            burn.filter === "[unknown]" ||
                /^select_slo_burn_rate\("projects\/.+\/serviceLevelObjectives\/availability", "60m"\)$/.test(burn.filter),
        ).toBe(true);
        expect(p.one(POLICY, "uptime-api-burn-rate").propertyDependencies["conditions"]).toContain(
            p.one(SLO, "uptime-api-availability").urn,
        );
        expect(burn).toMatchObject({ comparison: "COMPARISON_GT", thresholdValue: 14.4 });
        // SLOs hang off the endpoint's service.
        expect(p.one(SLO, "uptime-api-availability").dependencies).toContain(p.one(SERVICE, "uptime-api-service").urn);

        const staging = await uptimePlan("staging");
        expect(staging.ofType(SLO)).toHaveLength(0);
        expect(staging.ofType(POLICY)).toHaveLength(4);
        const dev = await uptimePlan("dev");
        expect(dev.ofType(POLICY)).toHaveLength(0);
        expect(dev.ofType(CHECK)).toHaveLength(2);
        const stricter = await uptimePlan("staging", { createSlos: true, slo: { availability: 0.9995, latencyMs: 300 } });
        expect(stricter.inputs(SLO, "uptime-api-availability").goal).toBe(0.9995);
        expect(stricter.inputs(SLO, "uptime-api-latency").windowsBasedSli.metricMeanInRange.range.max).toBe(300);
    });

    it("rejects invalid args before registering any child", async () => {
        const cases: [Partial<UptimeChecksArgs>, RegExp][] = [
            [{ endpoints: [] }, /endpoints/],
            [{ endpoints: [{ name: "api", url: "http://api.example.com/" }] }, /https:\/\/ only/],
            [{ endpoints: [{ name: "api", url: "not a url" }] }, /absolute https/],
            [{ endpoints: [{ name: "api", url: "https://u:p@api.example.com/" }] }, /credentials/],
            [{ periodSeconds: 30 }, /periodSeconds/],
            [{ regions: ["USA", "EUROPE"] }, /regions/],
            [{ slo: { availability: 99.9 } }, /slo\.availability.*not a percentage/],
            [{ slo: { latencyMs: 0 } }, /slo\.latencyMs/],
            [{ slo: { latencyFraction: 95 } }, /slo\.latencyFraction/],
            [{ failingRegions: 0 }, /failingRegions/],
            [{ notify: { emails: ["not-an-email"] } }, /notify\.emails\[0\]/],
            [{ notify: { webhookUrl: "http://hooks.example.com/x" } }, /notify\.webhookUrl/],
        ];
        for (const [args, message] of cases) {
            let error: unknown;
            const p = await plan(() => {
                try {
                    new UptimeChecks("uptime", { ...UPTIME, ...args });
                } catch (err) {
                    error = err;
                }
            });
            expect((error as Error | undefined)?.name, JSON.stringify(args)).toBe("InvalidArgumentError");
            expect((error as Error).message).toMatch(message);
            expect(p.resources.filter((r) => r.type.startsWith("gcp:"))).toEqual([]);
        }
    });
});

describe("ECS service signals name the service's class", () => {
    // The type names since the split of AwsContainerService (issue 11, item 4): a web service has a load balancer.
    it("AwsWebService with a load balancer, AwsWorkerService without, in a refused threshold's message", () => {
        const worker = { name: "jobs", clusterName: pulumi.output("c"), serviceName: pulumi.output("s") };
        expect(() => new AwsServiceSignals(worker, { cpuPercent: 150 })).toThrow(/AwsWorkerService "jobs" monitoring\(\)/);
        const web = {
            ...worker,
            name: "api",
            loadBalancerArnSuffix: pulumi.output("app/x/1"),
            targetGroupArnSuffix: pulumi.output("targetgroup/x/1"),
        };
        expect(() => new AwsServiceSignals(web, { cpuPercent: 150 })).toThrow(/AwsWebService "api" monitoring\(\)/);
        expect(() => new AwsServiceSignals(web, { cpuPercent: 150 })).not.toThrow(/AwsContainerService/);
    });
});
