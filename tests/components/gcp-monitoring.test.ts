import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { type GcpMonitoringArgs, GcpMonitoring } from "../../components/src/monitoring/gcp";
import { type CloudRunMetricsSource, GcpCloudRunService } from "../../components/src/service/gcp";
import { type Plan, plan } from "../support/plan";

const CHANNEL = "gcp:monitoring/notificationChannel:NotificationChannel";
const UPTIME = "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig";
const POLICY = "gcp:monitoring/alertPolicy:AlertPolicy";
const config = { "gcp:project": "acme-prod", "gcp:region": "us-central1" };
const source: CloudRunMetricsSource = { name: "api", serviceName: pulumi.output("techmate-prod-api"), location: "us-central1", url: pulumi.output("https://techmate-prod-api-abc123-uc.a.run.app") };

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
        const p = await plan(() => new GcpMonitoring("mon", { emails: ["oncall@techmate.ai"], slackChannel: "#alerts", slackAuthToken: "xoxb-123", uptimeHost: "api.techmate.ai" }), { config });
        const email = p.ofType(CHANNEL).find((c) => (c.inputs as Record<string, any>).type === "email")!;
        expect(email.inputs).toMatchObject({ type: "email", labels: { email_address: "oncall@techmate.ai" } });
        const slack = p.one(CHANNEL, "mon-slack");
        expect(slack.inputs).toMatchObject({ type: "slack", labels: { channel_name: "#alerts" }, sensitiveLabels: { authToken: "[secret]" } });
        expect(slack.secretInputs).toContain("sensitiveLabels.authToken");
        expect(JSON.stringify(slack.inputs)).not.toContain("xoxb-123");
        // Every policy goes to both channels.
        const names = p.ofType(CHANNEL).map((c) => (c.outputs as Record<string, any>).name);
        for (const policy of p.ofType(POLICY)) expect((policy.inputs as Record<string, any>).notificationChannels.sort()).toEqual(names.sort());
    });

    it("checks https://<host>/health every 60 s from three continents and alerts when it fails", async () => {
        const p = await plan(() => new GcpMonitoring("mon", { emails: ["oncall@techmate.ai"], uptimeHost: "api.techmate.ai" }), { config });
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
        const p = await plan(() => new GcpMonitoring("mon", { emails: ["oncall@techmate.ai"], service: source }), { config });
        expect(p.inputs(UPTIME).monitoredResource.labels.host).toBe("techmate-prod-api-abc123-uc.a.run.app");
        const latency = p.inputs(POLICY, "mon-latency-alert");
        const lt = latency.conditions[0].conditionThreshold;
        expect(lt.filter).toBe('resource.type="cloud_run_revision" AND resource.label.service_name="techmate-prod-api" AND metric.type="run.googleapis.com/request_latencies"');
        expect(lt.aggregations[0]).toMatchObject({ perSeriesAligner: "ALIGN_PERCENTILE_95", alignmentPeriod: "60s" });
        expect(lt).toMatchObject({ comparison: "COMPARISON_GT", thresholdValue: 500, duration: "300s" });
        expect(latency.documentation.content).toContain("p95 < 500 ms");

        const errors = p.inputs(POLICY, "mon-error-alert");
        const et = errors.conditions[0].conditionThreshold;
        expect(et.filter).toContain('metric.type="run.googleapis.com/request_count" AND metric.label.response_code_class="5xx"');
        expect(et.denominatorFilter).toBe('resource.type="cloud_run_revision" AND resource.label.service_name="techmate-prod-api" AND metric.type="run.googleapis.com/request_count"');
        expect(et.aggregations).toEqual(et.denominatorAggregations);
        expect(et).toMatchObject({ comparison: "COMPARISON_GT", thresholdValue: 0.001 });
        expect(errors.documentation.content).toContain("SLO: 99.9 % availability");
        expect(errors.severity).toBe("ERROR");
    });

    it("takes thresholds from args and builds from a GcpCloudRunService with a domain", async () => {
        const p = await plan(
            () => {
                const api = new GcpCloudRunService("api", { image: "img", domain: "api.techmate.ai", public: true });
                new GcpMonitoring("mon", { emails: ["oncall@techmate.ai"], service: api, availabilitySlo: 0.995, latencyThresholdMs: 300 });
            },
            { config },
        );
        expect(p.inputs(UPTIME).monitoredResource.labels.host).toBe("api.techmate.ai");
        expect(p.inputs(POLICY, "mon-latency-alert").conditions[0].conditionThreshold.thresholdValue).toBe(300);
        expect(p.inputs(POLICY, "mon-error-alert").conditions[0].conditionThreshold.thresholdValue).toBe(0.005);
        expect(p.inputs(POLICY, "mon-error-alert").conditions[0].conditionThreshold.filter).toContain('service_name="test-prod-api"');
    });

    it.each<[string, GcpMonitoringArgs, RegExp]>([
        ["no channel", { uptimeHost: "api.example.com" }, /reach nobody/],
        ["a bad email", { emails: ["oncall"], uptimeHost: "api.example.com" }, /emails.*oncall/],
        ["Slack without token", { slackChannel: "#alerts", uptimeHost: "api.example.com" }, /slackChannel.*without/],
        ["a Slack channel without #", { slackChannel: "alerts", slackAuthToken: "x", uptimeHost: "api.example.com" }, /slackChannel.*#alerts/],
        ["no host and no service", { emails: ["a@example.com"] }, /uptimeHost/],
        ["a URL as host", { emails: ["a@example.com"], uptimeHost: "https://api.example.com" }, /uptimeHost/],
        ["an unsupported period", { emails: ["a@example.com"], uptimeHost: "api.example.com", uptimePeriodSeconds: 30 }, /uptimePeriodSeconds/],
        ["too few locations", { emails: ["a@example.com"], uptimeHost: "api.example.com", uptimeRegions: ["USA_OREGON"] }, /uptimeRegions/],
        ["an SLO of 100 %", { emails: ["a@example.com"], uptimeHost: "api.example.com", availabilitySlo: 1 }, /availabilitySlo/],
    ])("rejects %s before registering any resource", async (_, args, message) => {
        const { error, p } = await attempt(args);
        expect((error as Error).name).toBe("InvalidArgumentError");
        expect((error as Error).message).toMatch(message);
        expect(p.resources.filter((r) => r.custom)).toEqual([]);
    });
});
