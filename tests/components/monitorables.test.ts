import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { AwsCdn } from "../../components/src/cdn/aws";
import { AwsMonitoring } from "../../components/src/monitoring/aws";
import { GcpMonitoring } from "../../components/src/monitoring/gcp";
import { UptimeChecks } from "../../components/src/monitoring/gcp-uptime";
import type { AwsMonitorable, AwsSignalSource, GcpMonitorable, GcpSignalSource, Slo } from "../../components/src/monitoring/signals";
import { dashboardLine } from "../../components/src/monitoring/signals";
import { AwsPostgresSignals } from "../../components/src/postgres/aws-signals";
import { AwsRedisSignals } from "../../components/src/redis/aws-signals";
import { UpstashRedis } from "../../components/src/redis/upstash";
import { AwsServiceSignals } from "../../components/src/service/aws-signals";
import { CloudRunSignals } from "../../components/src/service/gcp-signals";
import { AwsFileStorage } from "../../components/src/storage/aws";
import { AwsWaf } from "../../components/src/waf/aws";
import { type Plan, plan } from "../support/plan";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC = "aws:sns/topic:Topic";
const HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck";
const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";
const POLICY = "gcp:monitoring/alertPolicy:AlertPolicy";
const NOTIFY = { emails: ["ops@example.com"] };

/**
 * A component the monitoring components have never heard of: an SQS queue that describes its own signal (the age of
 * its oldest message, AWS/SQS `ApproximateAgeOfOldestMessage` by `QueueName`: "Available CloudWatch metrics for
 * Amazon SQS", docs.aws.amazon.com, read 2026-12-06). Nothing in components/src/monitoring names it.
 */
class JobQueue extends pulumi.ComponentResource implements AwsMonitorable {
    public readonly queueName: pulumi.Output<string>;
    constructor(
        public readonly name: string,
        private readonly maxAgeSeconds = 600,
    ) {
        super("test:JobQueue", name);
        const queue = new aws.sqs.Queue(`${name}-queue`, { sqsManagedSseEnabled: true }, { parent: this });
        this.queueName = queue.name;
        this.registerOutputs({});
    }
    public monitoring(): AwsSignalSource {
        const age = {
            namespace: "AWS/SQS",
            metricName: "ApproximateAgeOfOldestMessage",
            dimensions: { QueueName: this.queueName },
            statistic: "Maximum" as const,
            unit: "Seconds",
        };
        return {
            cloud: "aws",
            name: this.name,
            signals: (ctx) => ({
                alarms: [
                    {
                        key: `queue-${this.name}-age`,
                        description: `${this.name}: oldest job waits more than ${this.maxAgeSeconds} s (${ctx.slo.availability})`,
                        metric: age,
                        comparison: "GreaterThanThreshold",
                        threshold: this.maxAgeSeconds,
                        evaluation: "resource",
                        treatMissingData: "notBreaching",
                    },
                ],
                dashboard: [
                    {
                        title: `## Queue ${this.name}`,
                        graphs: [{ title: `${this.name}: age of oldest job (s)`, lines: [dashboardLine(age)], stat: "Maximum" }],
                    },
                ],
            }),
        };
    }
}

/** The same on Google Cloud: a source that asks GcpMonitoring for one alert policy. */
class JobTopic implements GcpMonitorable {
    constructor(public readonly name: string) {}
    public monitoring(): GcpSignalSource {
        return {
            cloud: "gcp",
            name: this.name,
            signals: (ctx) => ({
                alerts: [
                    {
                        key: `${this.name}-backlog-alert`,
                        title: "backlog older than 10 min",
                        severity: "WARNING",
                        conditions: [
                            {
                                displayName: "oldest unacked message > 600 s",
                                conditionThreshold: {
                                    filter: `resource.type="pubsub_subscription" AND metric.type="pubsub.googleapis.com/subscription/oldest_unacked_message_age"`,
                                    comparison: "COMPARISON_GT",
                                    thresholdValue: 600,
                                    duration: `${ctx.alertAfterMinutes * 60}s`,
                                },
                            },
                        ],
                        content: "Jobs wait; look at the workers.",
                    },
                ],
            }),
        };
    }
}

function service() {
    return new AwsServiceSignals({
        name: "api",
        clusterName: pulumi.output("shop-prod-cluster"),
        serviceName: pulumi.output("shop-prod-api"),
        loadBalancerArnSuffix: pulumi.output("app/shop-prod-api/0123456789abcdef"),
        endpoint: pulumi.output("https://api.example.com"),
    });
}
function database() {
    return new AwsPostgresSignals({
        name: "main",
        primaryInstanceId: pulumi.output("shop-prod-main"),
        replicaInstanceIds: [pulumi.output("shop-prod-main-replica-1")],
        allocatedStorageGb: 50,
    });
}
function cache() {
    return new AwsRedisSignals({
        name: "sessions",
        replicationGroupId: pulumi.output("shop-prod-sessions"),
        memberClusterIds: [pulumi.output("shop-prod-sessions-001"), pulumi.output("shop-prod-sessions-002")],
    });
}

function alarmsByName(p: Plan): Map<string, string> {
    return new Map(p.ofType(ALARM).map((a) => [a.name, JSON.stringify(a.inputs)]));
}

describe("monitorables", () => {
    it("a component written here gets its alarm and dashboard section without any change to AwsMonitoring", async () => {
        const p = await plan(() => {
            const jobs = new JobQueue("jobs", 300);
            new AwsMonitoring("mon", { notify: NOTIFY, monitor: [jobs] });
        });
        const queue = p.one("aws:sqs/queue:Queue");
        const age = p.inputs(ALARM, "mon-queue-jobs-age");
        expect(age).toMatchObject({
            name: "test-prod-mon-queue-jobs-age",
            namespace: "AWS/SQS",
            metricName: "ApproximateAgeOfOldestMessage",
            dimensions: { QueueName: (queue.outputs as Record<string, unknown>).name },
            statistic: "Maximum",
            unit: "Seconds",
            threshold: 300,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
            // The component's resource evaluation in prod: 3 of 3 five-minute periods.
            period: 300,
            evaluationPeriods: 3,
            datapointsToAlarm: 3,
            alarmActions: [(p.one(TOPIC).outputs as Record<string, unknown>).arn],
        });
        expect(age.alarmDescription).toContain("0.999");
        const body = JSON.parse(p.inputs(DASHBOARD).dashboardBody);
        expect(
            body.widgets.map((w: { properties: { markdown?: string; title?: string } }) => w.properties.markdown ?? w.properties.title),
        ).toEqual(expect.arrayContaining(["## Queue jobs", "jobs: age of oldest job (s)"]));
    });

    it("a Google Cloud source written here gets its alert policy from GcpMonitoring, notified like the uptime alert", async () => {
        const p = await plan(
            () => new GcpMonitoring("mon", { notify: NOTIFY, uptimeHost: "api.example.com", monitor: [new JobTopic("jobs")] }),
            {
                config: { "gcp:project": "acme-prod" },
            },
        );
        const backlog = p.inputs(POLICY, "mon-jobs-backlog-alert");
        expect(backlog).toMatchObject({
            displayName: "mon: backlog older than 10 min (prod)",
            severity: "WARNING",
            documentation: { subject: "mon: backlog older than 10 min" },
        });
        expect(backlog.conditions[0].conditionThreshold.duration).toBe("300s");
        expect(backlog.notificationChannels).toEqual(p.inputs(POLICY, "mon-uptime-alert").notificationChannels);
    });

    it("watches a CDN, a WAF, a bucket and Upstash; CloudFront and CLOUDFRONT-WAF alarms live in us-east-1 with the us-east-1 topic", async () => {
        const p = await plan(
            () => {
                const cdn = new AwsCdn("web", {});
                const edgeWaf = new AwsWaf("edge", { scope: "CLOUDFRONT" });
                const apiWaf = new AwsWaf("api", { scope: "REGIONAL" });
                const files = new AwsFileStorage("files", {});
                const upstash = new UpstashRedis("queue", {});
                new AwsMonitoring("mon", {
                    notify: NOTIFY,
                    monitor: [cdn, edgeWaf, apiWaf.monitoring({ blockedRequests: 50 }), files.monitoring({ maxSizeGb: 500 }), upstash],
                });
            },
            { stack: "dev", config: { "aws:region": "eu-west-1" }, region: "eu-west-1" },
        );
        const east = (p.one(TOPIC, "mon-us-east-1-topic").outputs as Record<string, unknown>).arn;
        const regional = (p.one(TOPIC, "mon-topic").outputs as Record<string, unknown>).arn;

        const cdn = p.inputs(ALARM, "mon-cdn-web-5xx-rate");
        const distribution = p.one("aws:cloudfront/distribution:Distribution");
        expect(cdn).toMatchObject({
            namespace: "AWS/CloudFront",
            metricName: "5xxErrorRate",
            dimensions: { DistributionId: distribution.id, Region: "Global" },
            statistic: "Average",
            // The 0.1 % error budget of the 0.999 availability SLO, in CloudFront's percent.
            threshold: 0.1,
            region: "us-east-1",
            alarmActions: [east],
        });

        const edge = p.inputs(ALARM, "mon-waf-edge-blocked");
        expect(edge).toMatchObject({
            namespace: "AWS/WAFV2",
            metricName: "BlockedRequests",
            statistic: "Sum",
            threshold: 1000,
            region: "us-east-1",
            alarmActions: [east],
        });
        expect(Object.keys(edge.dimensions).sort()).toEqual(["Rule", "WebACL"]);
        expect(edge.dimensions.WebACL).toBe(p.inputs("aws:wafv2/webAcl:WebAcl", "edge-acl").visibilityConfig.metricName);
        const api = p.inputs(ALARM, "mon-waf-api-blocked");
        expect(api).toMatchObject({ threshold: 50, alarmActions: [regional], dimensions: { Rule: "ALL" } });
        expect(api.dimensions.Region).toBe("eu-west-1");
        expect(api.region).toBeUndefined();

        const size = p.inputs(ALARM, "mon-bucket-files-size");
        expect(size).toMatchObject({
            namespace: "AWS/S3",
            metricName: "BucketSizeBytes",
            threshold: 500 * 1000 ** 3,
            period: 86400,
            evaluationPeriods: 1,
            datapointsToAlarm: 1,
        });
        const buckets = p.ofType("aws:s3/bucket:Bucket").filter((b) => b.name.startsWith("files-"));
        expect(buckets.map((b) => (b.outputs as Record<string, unknown>).bucket)).toContain(size.dimensions.BucketName);
        expect(size.dimensions.StorageType).toBe("StandardStorage");

        const database = p.one("upstash:index/redisDatabase:RedisDatabase");
        const check = p.inputs(HEALTH_CHECK, "mon-upstash-queue-health-check");
        expect(check).toMatchObject({
            type: "TCP",
            fqdn: (database.outputs as Record<string, unknown>).endpoint,
            port: (database.outputs as Record<string, unknown>).port,
        });
        expect(check.resourcePath).toBeUndefined();
        expect(p.inputs(ALARM, "mon-upstash-queue-health")).toMatchObject({
            metricName: "HealthCheckStatus",
            region: "us-east-1",
            alarmActions: [east],
        });
        expect(p.inputs(ALARM, "mon-upstash-queue-health").alarmDescription).toContain("Route 53 TCP check");
    });

    it("names every alarm from its component, whatever the order of monitor", async () => {
        const forward = await plan(
            () => new AwsMonitoring("mon", { notify: NOTIFY, monitor: [service(), database(), cache()], dashboard: false }),
        );
        const backward = await plan(
            () => new AwsMonitoring("mon", { notify: NOTIFY, monitor: [cache(), database(), service()], dashboard: false }),
        );
        const a = alarmsByName(forward);
        const b = alarmsByName(backward);
        expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
        expect(a.size).toBe(10);
        for (const [name, inputs] of a) expect(b.get(name), name).toBe(inputs);
    });

    it("one Slo in fractions drives the 5xx thresholds of AwsMonitoring, GcpMonitoring and UptimeChecks alike", async () => {
        const slo: Slo = { availability: 0.995, latencyMs: 300 };
        const p = await plan(
            () => {
                new AwsMonitoring("aws-mon", { notify: NOTIFY, monitor: [service()], slo, dashboard: false });
                const run = new CloudRunSignals({
                    name: "api",
                    serviceName: pulumi.output("shop-prod-api"),
                    location: "us-central1",
                    url: pulumi.output("https://shop-prod-api-abc-uc.a.run.app"),
                });
                new GcpMonitoring("gcp-mon", { notify: NOTIFY, monitor: [run], slo });
                new UptimeChecks("uptime", { notify: NOTIFY, endpoints: [{ name: "api", url: "https://api.example.com/health" }], slo });
            },
            { config: { "gcp:project": "acme-prod" } },
        );
        expect(p.inputs(ALARM, "aws-mon-service-api-availability").threshold).toBe(0.005);
        expect(p.inputs(ALARM, "aws-mon-service-api-latency-p95").threshold).toBe(0.3);
        expect(p.inputs(POLICY, "gcp-mon-error-alert").conditions[0].conditionThreshold.thresholdValue).toBe(0.005);
        expect(p.inputs(POLICY, "gcp-mon-latency-alert").conditions[0].conditionThreshold.thresholdValue).toBe(300);
        expect(p.inputs("gcp:monitoring/slo:Slo", "uptime-api-availability").goal).toBe(0.995);
        expect(p.inputs(POLICY, "uptime-api-slow").conditions[0].conditionThreshold.thresholdValue).toBe(300);
    });

    it("reads p99 when the SLO says 99 % of requests, on AWS and Cloud Run", async () => {
        const p = await plan(
            () => {
                new AwsMonitoring("aws-mon", { notify: NOTIFY, monitor: [service()], slo: { latencyFraction: 0.99 }, dashboard: false });
                const run = new CloudRunSignals({
                    name: "api",
                    serviceName: pulumi.output("shop-prod-api"),
                    location: "us-central1",
                    url: pulumi.output("https://shop-prod-api-abc-uc.a.run.app"),
                });
                new GcpMonitoring("gcp-mon", { notify: NOTIFY, monitor: [run], slo: { latencyFraction: 0.99 } });
            },
            { config: { "gcp:project": "acme-prod" } },
        );
        expect(p.inputs(ALARM, "aws-mon-service-api-latency-p99").extendedStatistic).toBe("p99");
        expect(p.inputs(POLICY, "gcp-mon-latency-alert").conditions[0].conditionThreshold.aggregations[0].perSeriesAligner).toBe(
            "ALIGN_PERCENTILE_99",
        );
    });
});
