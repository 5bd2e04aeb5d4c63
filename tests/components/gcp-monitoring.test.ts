import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { type GcpMonitoringArgs, GcpMonitoring } from "../../components/src/monitoring/gcp";
import { GcpCloudRunService } from "../../components/src/service/gcp";
import { type CloudRunMetricLabels, CloudRunSignals } from "../../components/src/service/gcp-signals";
import { type Plan, plan } from "../support/plan";

const CHANNEL = "gcp:monitoring/notificationChannel:NotificationChannel";
const UPTIME = "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig";
const POLICY = "gcp:monitoring/alertPolicy:AlertPolicy";
const config = { "gcp:project": "acme-prod", "gcp:region": "us-central1" };
// Built inside each program (Outputs belong to the program that runs them).
const labels = (): CloudRunMetricLabels => ({
    name: "api",
    serviceName: pulumi.output("techmate-prod-api"),
    location: "us-central1",
    url: pulumi.output("https://techmate-prod-api-abc123-uc.a.run.app"),
});
const ONCALL = { emails: ["oncall@techmate.ai"] };

async function attempt(args: GcpMonitoringArgs): Promise<{ error: unknown; p: Plan }> {
    let error: unknown;
    const p = await plan(
        () => {
            try {
                new GcpMonitoring("mon", args);
            } catch (e) {
                error = e;
            }
        },
        { config },
    );
    return { error, p };
}

describe("GcpMonitoring", () => {
    it("creates email and Slack channels, the Slack token kept secret", async () => {
        const p = await plan(
            () =>
                new GcpMonitoring("mon", {
                    notify: { ...ONCALL, slack: { channel: "#alerts", authToken: "xoxb-123" } },
                    uptimeHost: "api.techmate.ai",
                }),
            { config },
        );
        const email = p.ofType(CHANNEL).find((c) => (c.inputs as Record<string, any>).type === "email")!;
        expect(email.inputs).toMatchObject({ type: "email", labels: { email_address: "oncall@techmate.ai" } });
        const slack = p.one(CHANNEL, "mon-slack");
        expect(slack.inputs).toMatchObject({
            type: "slack",
            labels: { channel_name: "#alerts" },
            sensitiveLabels: { authToken: "[secret]" },
        });
        expect(slack.secretInputs).toContain("sensitiveLabels.authToken");
        expect(JSON.stringify(slack.inputs)).not.toContain("xoxb-123");
        // Every policy goes to both channels.
        const names = p.ofType(CHANNEL).map((c) => (c.outputs as Record<string, any>).name);
        for (const policy of p.ofType(POLICY))
            expect((policy.inputs as Record<string, any>).notificationChannels.sort()).toEqual(names.sort());
    });

    it("checks https://<host>/health every 60 s from three continents and alerts when it fails", async () => {
        const p = await plan(() => new GcpMonitoring("mon", { notify: ONCALL, uptimeHost: "api.techmate.ai" }), { config });
        const check = p.inputs(UPTIME);
        expect(check).toMatchObject({
            period: "60s",
            timeout: "10s",
            selectedRegions: ["USA", "EUROPE", "ASIA_PACIFIC"],
            monitoredResource: { type: "uptime_url", labels: { host: "api.techmate.ai", project_id: "acme-prod" } },
            httpCheck: { requestMethod: "GET", path: "/health", port: 443, useSsl: true, validateSsl: true },
        });
        const alert = p.inputs(POLICY, "mon-uptime-alert");
        const checkId = (p.one(UPTIME).outputs as Record<string, any>).uptimeCheckId;
        expect(alert.conditions[0].conditionThreshold.filter).toContain(`metric.label.check_id="${checkId}"`);
        expect(alert.conditions[0].conditionThreshold.filter).toContain("uptime_check/check_passed");
        expect(alert.documentation.content).toContain("SLO: 99.9 % availability");
        expect(p.ofType(POLICY)).toHaveLength(1);
    });

    it("alerts on Cloud Run p95 latency above 500 ms (TechMate) and a 5xx ratio above 0.1 % (99.9 % SLO)", async () => {
        const p = await plan(() => new GcpMonitoring("mon", { notify: ONCALL, monitor: [new CloudRunSignals(labels())] }), { config });
        expect(p.inputs(UPTIME).monitoredResource.labels.host).toBe("techmate-prod-api-abc123-uc.a.run.app");
        const latency = p.inputs(POLICY, "mon-latency-alert");
        const lt = latency.conditions[0].conditionThreshold;
        expect(lt.filter).toBe(
            'resource.type="cloud_run_revision" AND resource.label.service_name="techmate-prod-api" AND metric.type="run.googleapis.com/request_latencies"',
        );
        expect(lt.aggregations[0]).toMatchObject({ perSeriesAligner: "ALIGN_PERCENTILE_95", alignmentPeriod: "60s" });
        expect(lt).toMatchObject({ comparison: "COMPARISON_GT", thresholdValue: 500, duration: "300s" });
        expect(latency.documentation.content).toContain("p95 < 500 ms");

        const errors = p.inputs(POLICY, "mon-error-alert");
        const et = errors.conditions[0].conditionThreshold;
        expect(et.filter).toContain('metric.type="run.googleapis.com/request_count" AND metric.label.response_code_class="5xx"');
        expect(et.denominatorFilter).toBe(
            'resource.type="cloud_run_revision" AND resource.label.service_name="techmate-prod-api" AND metric.type="run.googleapis.com/request_count"',
        );
        expect(et.aggregations).toEqual(et.denominatorAggregations);
        expect(et).toMatchObject({ comparison: "COMPARISON_GT", thresholdValue: 0.001 });
        expect(errors.documentation.content).toContain("SLO: 99.9 % availability");
        expect(errors.severity).toBe("ERROR");
    });

    it("takes thresholds from args and builds from a GcpCloudRunService with a domain", async () => {
        const p = await plan(
            () => {
                const api = new GcpCloudRunService("api", { image: "img", domain: "api.techmate.ai", public: true });
                new GcpMonitoring("mon", { notify: ONCALL, monitor: [api], slo: { availability: 0.995, latencyMs: 300 } });
            },
            { config },
        );
        expect(p.inputs(UPTIME).monitoredResource.labels.host).toBe("api.techmate.ai");
        expect(p.inputs(POLICY, "mon-latency-alert").conditions[0].conditionThreshold.thresholdValue).toBe(300);
        expect(p.inputs(POLICY, "mon-error-alert").conditions[0].conditionThreshold.thresholdValue).toBe(0.005);
        expect(p.inputs(POLICY, "mon-error-alert").conditions[0].conditionThreshold.filter).toContain('service_name="test-prod-api"');
    });

    it("watches a second Cloud Run service under its own keyPrefix, and rejects one without or an unalignable percentile", async () => {
        const two = await plan(
            () =>
                new GcpMonitoring("mon", {
                    notify: ONCALL,
                    monitor: [
                        new CloudRunSignals(labels()),
                        new CloudRunSignals({ ...labels(), name: "worker" }, { keyPrefix: "worker-" }),
                    ],
                }),
            { config },
        );
        expect(
            two
                .ofType(POLICY)
                .map((r) => r.name)
                .sort(),
        ).toEqual(["mon-error-alert", "mon-latency-alert", "mon-uptime-alert", "mon-worker-error-alert", "mon-worker-latency-alert"]);
        const errors: string[] = [];
        const p = await plan(
            () => {
                for (const args of [
                    { notify: ONCALL, monitor: [new CloudRunSignals(labels()), new CloudRunSignals({ ...labels(), name: "worker" })] },
                    { notify: ONCALL, monitor: [new CloudRunSignals(labels())], slo: { latencyFraction: 0.9 } },
                ]) {
                    try {
                        new GcpMonitoring("mon", args);
                    } catch (e) {
                        errors.push((e as Error).message);
                    }
                }
            },
            { config },
        );
        expect(errors[0]).toMatch(/monitor.*"latency-alert" twice.*keyPrefix/);
        expect(errors[1]).toMatch(/slo\.latencyFraction.*0\.9.*0\.5, 0\.95 or 0\.99/);
        expect(p.resources.filter((r) => r.custom)).toEqual([]);
    });

    it("sends every alert to a webhook channel whose URL stays secret", async () => {
        const p = await plan(
            () =>
                new GcpMonitoring("mon", {
                    notify: { webhookUrl: "https://events.example.com/hook/abc123" },
                    uptimeHost: "api.techmate.ai",
                }),
            { config },
        );
        const webhook = p.one(CHANNEL, "mon-webhook");
        expect(webhook.inputs).toMatchObject({ type: "webhook_tokenauth" });
        expect(webhook.secretInputs).toContain("labels.url");
        expect(JSON.stringify(webhook.inputs)).not.toContain("abc123");
        expect(p.inputs(POLICY, "mon-uptime-alert").notificationChannels).toEqual([(webhook.outputs as Record<string, any>).name]);
    });

    it.each<[string, GcpMonitoringArgs, RegExp]>([
        ["no channel", { notify: {}, uptimeHost: "api.example.com" }, /reach nobody/],
        ["a bad email", { notify: { emails: ["oncall"] }, uptimeHost: "api.example.com" }, /notify\.emails\[0\].*oncall/],
        [
            "Slack without token",
            { notify: { slack: { channel: "#alerts", authToken: undefined } }, uptimeHost: "api.example.com" },
            /notify\.slack\.authToken.*missing/,
        ],
        [
            "a Slack channel without #",
            { notify: { slack: { channel: "alerts", authToken: "x" } }, uptimeHost: "api.example.com" },
            /notify\.slack\.channel.*#alerts/,
        ],
        ["no host and no service", { notify: { emails: ["a@example.com"] } }, /uptimeHost/],
        ["a URL as host", { notify: { emails: ["a@example.com"] }, uptimeHost: "https://api.example.com" }, /uptimeHost/],
        [
            "an unsupported period",
            { notify: { emails: ["a@example.com"] }, uptimeHost: "api.example.com", uptimePeriodSeconds: 30 },
            /uptimePeriodSeconds/,
        ],
        [
            "too few locations",
            { notify: { emails: ["a@example.com"] }, uptimeHost: "api.example.com", uptimeRegions: ["USA_OREGON"] },
            /uptimeRegions/,
        ],
        [
            "an SLO of 1",
            { notify: { emails: ["a@example.com"] }, uptimeHost: "api.example.com", slo: { availability: 1 } },
            /slo\.availability/,
        ],
        [
            "an SLO in percent",
            { notify: { emails: ["a@example.com"] }, uptimeHost: "api.example.com", slo: { availability: 99.9 } },
            /slo\.availability.*not a percentage/,
        ],
    ])("rejects %s before registering any resource", async (_, args, message) => {
        const { error, p } = await attempt(args);
        expect((error as Error).name).toBe("InvalidArgumentError");
        expect((error as Error).message).toMatch(message);
        expect(p.resources.filter((r) => r.custom)).toEqual([]);
    });
});
