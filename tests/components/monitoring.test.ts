import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { type AwsMonitoringArgs, AwsMonitoring } from "../../components/src/monitoring/aws";
import {
    type AwsPostgresMetricDimensions,
    type AwsPostgresSignalOptions,
    AwsPostgresSignals,
} from "../../components/src/postgres/aws-signals";
import { type AwsRedisMetricDimensions, AwsRedisSignals } from "../../components/src/redis/aws-signals";
import { type AwsServiceMetricDimensions, type AwsServiceSignalOptions, AwsServiceSignals } from "../../components/src/service/aws-signals";
import { type Plan, plan } from "../support/plan";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC = "aws:sns/topic:Topic";
const KEY = "aws:kms/key:Key";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
const HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck";
const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";
const GIB = 1024 ** 3;

// Stand-ins for what AwsContainerService, AwsPostgres and AwsRedis expose: built inside the program, under the mocks.
function api(): AwsServiceMetricDimensions {
    return {
        name: "api",
        clusterName: pulumi.output("shop-prod-cluster"),
        serviceName: pulumi.output("shop-prod-api"),
        loadBalancerArnSuffix: pulumi.output("app/shop-prod-api/0123456789abcdef"),
        targetGroupArnSuffix: pulumi.output("targetgroup/shop-prod-api/fedcba9876543210"),
        endpoint: pulumi.output("https://api.example.com"),
    };
}
function worker(): AwsServiceMetricDimensions {
    return { name: "worker", clusterName: pulumi.output("shop-prod-cluster"), serviceName: pulumi.output("shop-prod-worker") };
}
function postgres(): AwsPostgresMetricDimensions {
    return {
        name: "main",
        primaryInstanceId: pulumi.output("shop-prod-main"),
        replicaInstanceIds: [pulumi.output("shop-prod-main-replica-1"), pulumi.output("shop-prod-main-replica-2")],
        allocatedStorageGb: 100,
    };
}
function redis(): AwsRedisMetricDimensions {
    return {
        name: "sessions",
        replicationGroupId: pulumi.output("shop-prod-sessions"),
        memberClusterIds: [pulumi.output("shop-prod-sessions-001"), pulumi.output("shop-prod-sessions-002")],
    };
}

interface Tuning {
    service?: AwsServiceSignalOptions;
    db?: AwsPostgresSignalOptions;
    redisMemoryPercent?: number;
}

/** The four sources every test watches, in the stacks' order, each with its own thresholds. */
function sources(t: Tuning = {}) {
    return [
        new AwsServiceSignals(api(), t.service),
        new AwsServiceSignals(worker(), t.service),
        new AwsPostgresSignals(postgres(), t.db),
        new AwsRedisSignals(redis(), { memoryPercent: t.redisMemoryPercent }),
    ];
}

const NOTIFY = { emails: ["ops@example.com"] };

function full(extra: Partial<AwsMonitoringArgs> = {}, t: Tuning = {}): () => AwsMonitoring {
    return () => new AwsMonitoring("mon", { notify: NOTIFY, monitor: sources(t), ...extra });
}

function alarm(p: Plan, suffix: string): Record<string, any> {
    return p.inputs(ALARM, `mon-${suffix}`);
}

/** Runs the program, catching what the constructor throws, and returns the error with what got registered. */
async function attempt(args: () => AwsMonitoringArgs): Promise<{ error: unknown; p: Plan }> {
    let error: unknown;
    const p = await plan(() => {
        try {
            new AwsMonitoring("mon", args());
        } catch (e) {
            error = e;
        }
    });
    return { error, p };
}

describe("AwsMonitoring", () => {
    it("derives the 5xx-ratio alarm from the availability SLO's error budget", async () => {
        const p = await plan(full());
        const availability = alarm(p, "service-api-availability");
        expect(availability.threshold).toBe(0.001);
        expect(availability.comparisonOperator).toBe("GreaterThanThreshold");
        expect(availability.treatMissingData).toBe("notBreaching");
        expect([availability.datapointsToAlarm, availability.evaluationPeriods]).toEqual([3, 5]);
        expect(availability.alarmDescription).toContain("99.9 % availability SLO");
        const queries: any[] = availability.metricQueries;
        const metrics = queries.filter((q) => q.metric).map((q) => q.metric);
        expect(metrics.map((m) => m.metricName).sort()).toEqual(["HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count", "RequestCount"]);
        for (const m of metrics) {
            expect(m).toMatchObject({
                namespace: "AWS/ApplicationELB",
                stat: "Sum",
                period: 60,
                dimensions: { LoadBalancer: "app/shop-prod-api/0123456789abcdef" },
            });
        }
        const expression = queries.filter((q) => q.returnData);
        expect(expression).toHaveLength(1);
        expect(expression[0].expression).toContain("/ requests");
        expect(availability.period).toBeUndefined();

        const relaxed = await plan(full({ slo: { availability: 0.995 } }));
        expect(alarm(relaxed, "service-api-availability").threshold).toBe(0.005);
        expect(alarm(relaxed, "service-api-availability").alarmDescription).toContain("99.5 % availability SLO");
    });

    it("alarms on p95 TargetResponseTime above the latency SLO, in seconds", async () => {
        const p = await plan(full());
        const latency = alarm(p, "service-api-latency-p95");
        expect(latency).toMatchObject({
            namespace: "AWS/ApplicationELB",
            metricName: "TargetResponseTime",
            extendedStatistic: "p95",
            threshold: 0.5,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
            dimensions: { LoadBalancer: "app/shop-prod-api/0123456789abcdef" },
        });
        expect(latency.statistic).toBeUndefined();
        expect(latency.alarmDescription).toContain("p95 < 500 ms");
        const faster = await plan(full({ slo: { latencyMs: 250 } }));
        expect(alarm(faster, "service-api-latency-p95").threshold).toBe(0.25);
    });

    it("alarms on ECS CPU 70 % and memory 80 % by default, overridable, and no load-balancer alarms for a worker", async () => {
        const p = await plan(full());
        for (const service of ["api", "worker"]) {
            const cpu = alarm(p, `service-${service}-cpu`);
            expect(cpu).toMatchObject({ namespace: "AWS/ECS", metricName: "CPUUtilization", threshold: 70, treatMissingData: "breaching" });
            expect(cpu.dimensions).toEqual({ ClusterName: "shop-prod-cluster", ServiceName: `shop-prod-${service}` });
            expect(alarm(p, `service-${service}-memory`)).toMatchObject({ metricName: "MemoryUtilization", threshold: 80 });
        }
        const workerAlarms = p
            .ofType(ALARM)
            .filter((r) => r.name.startsWith("mon-service-worker-"))
            .map((r) => r.name)
            .sort();
        expect(workerAlarms).toEqual(["mon-service-worker-cpu", "mon-service-worker-memory"]);

        const tuned = await plan(full({}, { service: { cpuPercent: 60, memoryPercent: 90 } }));
        expect(alarm(tuned, "service-api-cpu").threshold).toBe(60);
        expect(alarm(tuned, "service-api-memory").threshold).toBe(90);
        expect(alarm(tuned, "db-main-cpu").threshold).toBe(80);
    });

    it("alarms on database CPU, free storage in bytes from the allocated GiB, and each replica's lag", async () => {
        const p = await plan(full());
        expect(alarm(p, "db-main-cpu")).toMatchObject({
            namespace: "AWS/RDS",
            metricName: "CPUUtilization",
            threshold: 80,
            dimensions: { DBInstanceIdentifier: "shop-prod-main" },
        });
        const storage = alarm(p, "db-main-free-storage");
        expect(storage).toMatchObject({
            metricName: "FreeStorageSpace",
            comparisonOperator: "LessThanThreshold",
            threshold: 10 * GIB,
            statistic: "Minimum",
        });
        expect(storage.threshold).toBe(10_737_418_240);
        const lags = p.ofType(ALARM).filter((r) => r.name.startsWith("mon-db-main-replica-lag-"));
        expect(lags.map((r) => (r.inputs as any).dimensions.DBInstanceIdentifier).sort()).toEqual([
            "shop-prod-main-replica-1",
            "shop-prod-main-replica-2",
        ]);
        for (const lag of lags)
            expect(lag.inputs).toMatchObject({ metricName: "ReplicaLag", threshold: 300, comparisonOperator: "GreaterThanThreshold" });

        const tuned = await plan(full({}, { db: { cpuPercent: 65, freeStoragePercent: 20, replicaLagSeconds: 120 } }));
        expect(alarm(tuned, "db-main-cpu").threshold).toBe(65);
        expect(alarm(tuned, "db-main-free-storage").threshold).toBe(20 * GIB);
        expect(alarm(tuned, "db-main-replica-lag-2").threshold).toBe(120);
    });

    it("alarms on the memory of each Redis member", async () => {
        const p = await plan(full());
        const members = p.ofType(ALARM).filter((r) => r.name.startsWith("mon-cache-sessions-memory-"));
        expect(members.map((r) => (r.inputs as any).dimensions.CacheClusterId).sort()).toEqual([
            "shop-prod-sessions-001",
            "shop-prod-sessions-002",
        ]);
        for (const m of members)
            expect(m.inputs).toMatchObject({ namespace: "AWS/ElastiCache", metricName: "DatabaseMemoryUsagePercentage", threshold: 80 });
        const tuned = await plan(full({}, { redisMemoryPercent: 70 }));
        expect(alarm(tuned, "cache-sessions-memory-1").threshold).toBe(70);
    });

    it("sends every alarm and its recovery to the KMS-encrypted topic", async () => {
        const p = await plan(full());
        const topic = p.one(TOPIC);
        const key = p.one(KEY);
        expect((topic.inputs as any).kmsMasterKeyId).toBe((key.outputs as any).arn);
        expect(key.inputs).toMatchObject({ enableKeyRotation: true });
        const keyPolicy = JSON.parse((key.inputs as any).policy);
        const services = keyPolicy.Statement.find((s: any) => s.Principal.Service).Principal.Service;
        expect(services).toEqual(expect.arrayContaining(["cloudwatch.amazonaws.com", "budgets.amazonaws.com"]));
        expect([key.protect, key.retainOnDelete]).toEqual([true, true]);

        const topicPolicy = JSON.parse(p.inputs("aws:sns/topicPolicy:TopicPolicy").policy);
        const publish = topicPolicy.Statement.find((s: any) => s.Sid === "AlarmsAndBudgetsPublish");
        expect(publish.Principal.Service).toEqual(expect.arrayContaining(["cloudwatch.amazonaws.com", "budgets.amazonaws.com"]));
        expect(publish.Condition).toEqual({ StringEquals: { "aws:SourceAccount": "123456789012" } });

        const topicArn = (topic.outputs as any).arn;
        const alarms = p.ofType(ALARM);
        // api: 4, worker: 2, db: cpu + storage + 2 replicas, cache: 2 members, health check: 1
        expect(alarms).toHaveLength(13);
        for (const a of alarms) {
            expect((a.inputs as any).alarmActions).toEqual([topicArn]);
            expect((a.inputs as any).okActions).toEqual([topicArn]);
            expect((a.inputs as any).alarmDescription).toMatch(/SLO|RPO/);
        }
    });

    it("subscribes the emails and an HTTPS webhook, keeping the webhook URL secret", async () => {
        const p = await plan(
            full({
                notify: { emails: ["ops@example.com", "oncall@example.com"], webhookUrl: "https://events.example.com/integration/abc123" },
            }),
        );
        const subs = p.ofType(SUBSCRIPTION);
        const emails = subs
            .filter((s) => (s.inputs as any).protocol === "email")
            .map((s) => (s.inputs as any).endpoint)
            .sort();
        expect(emails).toEqual(["oncall@example.com", "ops@example.com"]);
        const webhook = p.one(SUBSCRIPTION, "mon-webhook");
        expect((webhook.inputs as any).protocol).toBe("https");
        expect(webhook.secretInputs).toContain("endpoint");
        for (const s of subs) expect((s.inputs as any).topic).toBe((p.one(TOPIC).outputs as any).arn);
    });

    it("checks each public endpoint over HTTPS on /health, with its alarm in us-east-1", async () => {
        const p = await plan(full({ healthChecks: [{ url: "https://www.example.com" }, { url: "https://status.example.com/ping" }] }));
        const check = p.inputs(HEALTH_CHECK, "mon-service-api-health-check");
        expect(check).toMatchObject({
            type: "HTTPS",
            fqdn: "api.example.com",
            port: 443,
            resourcePath: "/health",
            requestInterval: 30,
            failureThreshold: 3,
            measureLatency: true,
        });
        expect(check.regions.length).toBeGreaterThanOrEqual(3);
        expect(p.inputs(HEALTH_CHECK, "mon-health-www.example.com-check")).toMatchObject({
            fqdn: "www.example.com",
            resourcePath: "/health",
        });
        expect(p.inputs(HEALTH_CHECK, "mon-health-status.example.com-ping-check")).toMatchObject({
            fqdn: "status.example.com",
            resourcePath: "/ping",
        });
        // The worker has no endpoint: no check.
        expect(p.ofType(HEALTH_CHECK)).toHaveLength(3);

        const healthAlarm = alarm(p, "service-api-health");
        const checkId = p.one(HEALTH_CHECK, "mon-service-api-health-check").id;
        expect(healthAlarm).toMatchObject({
            region: "us-east-1",
            namespace: "AWS/Route53",
            metricName: "HealthCheckStatus",
            comparisonOperator: "LessThanThreshold",
            threshold: 1,
            treatMissingData: "breaching",
            dimensions: { HealthCheckId: checkId },
        });
        // The stack is in us-east-1: one topic serves every alarm.
        expect(p.ofType(TOPIC)).toHaveLength(1);
        expect(healthAlarm.alarmActions).toEqual([(p.one(TOPIC).outputs as any).arn]);
    });

    it("creates a second topic in us-east-1 for the health-check alarms when the region differs", async () => {
        const p = await plan(full({ notify: { ...NOTIFY, webhookUrl: "https://events.example.com/x" } }), {
            config: { "aws:region": "eu-west-1" },
            region: "eu-west-1",
        });
        const topics = p.ofType(TOPIC);
        expect(topics.map((t) => t.name).sort()).toEqual(["mon-topic", "mon-us-east-1-topic"]);
        const east = p.one(TOPIC, "mon-us-east-1-topic");
        expect((east.inputs as any).region).toBe("us-east-1");
        expect((east.inputs as any).kmsMasterKeyId).toBe((p.one(KEY, "mon-us-east-1-key").outputs as any).arn);
        expect((p.one(KEY, "mon-us-east-1-key").inputs as any).region).toBe("us-east-1");
        expect(p.one("aws:sns/topicPolicy:TopicPolicy", "mon-us-east-1-topic-policy").inputs).toMatchObject({ region: "us-east-1" });
        expect(p.one(SUBSCRIPTION, "mon-us-east-1-email-ops@example.com").inputs).toMatchObject({ region: "us-east-1", protocol: "email" });
        expect(p.one(SUBSCRIPTION, "mon-us-east-1-webhook").inputs).toMatchObject({ region: "us-east-1", protocol: "https" });

        const healthAlarm = alarm(p, "service-api-health");
        expect(healthAlarm.region).toBe("us-east-1");
        expect(healthAlarm.alarmActions).toEqual([(east.outputs as any).arn]);
        expect(alarm(p, "service-api-cpu").alarmActions).toEqual([(p.one(TOPIC, "mon-topic").outputs as any).arn]);

        // Without health checks there is no second topic.
        const noChecks = await plan(() => new AwsMonitoring("mon", { notify: NOTIFY, monitor: [new AwsServiceSignals(worker())] }), {
            config: { "aws:region": "eu-west-1" },
        });
        expect(noChecks.ofType(TOPIC)).toHaveLength(1);
    });

    it("builds a dashboard listing every service, database and cache", async () => {
        const p = await plan(full());
        const dashboard = p.inputs(DASHBOARD);
        expect(dashboard.dashboardName).toBe("test-prod-mon-dashboard");
        const body = JSON.parse(dashboard.dashboardBody);
        const text = JSON.stringify(body);
        for (const id of [
            "app/shop-prod-api/0123456789abcdef",
            "shop-prod-api",
            "shop-prod-worker",
            "shop-prod-main",
            "shop-prod-main-replica-1",
            "shop-prod-main-replica-2",
            "shop-prod-sessions-001",
            "shop-prod-sessions-002",
        ]) {
            expect(text).toContain(`"${id}"`);
        }
        const metricWidgets = body.widgets.filter((w: any) => w.type === "metric");
        expect(metricWidgets.every((w: any) => typeof w.properties.region === "string")).toBe(true);
        const latency = metricWidgets.find((w: any) => w.properties.title === "api: p95 latency (s)");
        expect(latency.properties.annotations.horizontal[0].value).toBe(0.5);
        const alarmWidget = body.widgets.find((w: any) => w.type === "alarm");
        expect(alarmWidget.properties.alarms).toHaveLength(13);
    });

    it("in dev, skips the dashboard and evaluates over longer windows; every profile value is overridable", async () => {
        const dev = await plan(full(), { stack: "dev" });
        expect(dev.ofType(DASHBOARD)).toHaveLength(0);
        const availability = alarm(dev, "service-api-availability");
        expect(availability.metricQueries.find((q: any) => q.metric).metric.period).toBe(300);
        expect(alarm(dev, "service-api-cpu")).toMatchObject({ period: 300, evaluationPeriods: 6, datapointsToAlarm: 6 });
        expect([dev.one(KEY).protect, dev.one(KEY).retainOnDelete]).toEqual([false, false]);

        const overridden = await plan(
            full({
                dashboard: true,
                sloPeriodSeconds: 60,
                sloEvaluationPeriods: 10,
                sloDatapointsToAlarm: 4,
                resourceEvaluationPeriods: 2,
                resourceDatapointsToAlarm: 2,
            }),
            { stack: "dev" },
        );
        expect(overridden.ofType(DASHBOARD)).toHaveLength(1);
        expect(alarm(overridden, "service-api-latency-p95")).toMatchObject({ period: 60, evaluationPeriods: 10, datapointsToAlarm: 4 });
        expect(alarm(overridden, "db-main-cpu")).toMatchObject({ evaluationPeriods: 2, datapointsToAlarm: 2 });
    });

    it("keeps child names stable and applies transforms", async () => {
        const p = await plan(full({ transform: { alarm: { actionsEnabled: false }, topic: { displayName: "Shop alarms" } } }));
        expect(p.ofType(ALARM).every((a) => (a.inputs as any).actionsEnabled === false)).toBe(true);
        expect(p.inputs(TOPIC).displayName).toBe("Shop alarms");
        expect(p.inputs(TOPIC).name).toBe("test-prod-mon-alarms");
        expect(alarm(p, "service-api-availability").name).toBe("test-prod-mon-service-api-availability");
        const component = p.one("appstack:monitoring:AwsMonitoring");
        expect(p.ofType(ALARM).every((a) => a.parent === component.urn)).toBe(true);
    });

    it.each<[string, () => Partial<AwsMonitoringArgs>, RegExp]>([
        ["no one to tell", () => ({ notify: {} }), /notify.*reach nobody/],
        ["a bad email", () => ({ notify: { emails: ["ops.example.com"] } }), /notify\.emails\[0\].*ops\.example\.com/],
        ["an address twice", () => ({ notify: { emails: ["ops@example.com", "OPS@example.com"] } }), /notify\.emails.*twice/],
        [
            "an http webhook",
            () => ({ notify: { emails: ["ops@example.com"], webhookUrl: "http://hooks.example.com/x" } }),
            /notify\.webhookUrl.*https/,
        ],
        [
            "Google Cloud channels",
            () => ({ notify: { emails: ["ops@example.com"], channels: ["projects/p/notificationChannels/1"] } }),
            /notify\.channels.*Google Cloud/,
        ],
        ["an SLO of 1", () => ({ slo: { availability: 1 } }), /slo\.availability.*is 1;/],
        ["an SLO of 0", () => ({ slo: { availability: 0 } }), /slo\.availability/],
        ["an SLO in percent", () => ({ slo: { availability: 99.9 } }), /slo\.availability.*not a percentage/],
        ["a negative latency", () => ({ slo: { latencyMs: -1 } }), /slo\.latencyMs/],
        [
            "a threshold over 100 %",
            () => ({ monitor: [new AwsServiceSignals(api(), { cpuPercent: 120 })] }),
            /AwsWebService "api" monitoring\(\).*cpuPercent.*120/,
        ],
        [
            "a replica lag beyond the RPO",
            () => ({ monitor: [new AwsPostgresSignals(postgres(), { replicaLagSeconds: 7200 })] }),
            /replicaLagSeconds.*3600/,
        ],
        [
            "a component given twice",
            () => ({ monitor: [new AwsServiceSignals(api()), new AwsServiceSignals(api())] }),
            /monitor.*"service-api-availability" twice/,
        ],
        ["an http health check", () => ({ healthChecks: [{ url: "http://www.example.com" }] }), /healthChecks\[0\]\.url/],
        ["two checker regions", () => ({ healthCheckRegions: ["us-east-1", "eu-west-1"] }), /healthCheckRegions/],
        ["a bad period", () => ({ sloPeriodSeconds: 90 }), /sloPeriodSeconds/],
    ])("rejects %s before registering any resource", async (_, bad, message) => {
        const { error, p } = await attempt(() => ({ notify: NOTIFY, ...bad() }));
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).name).toBe("InvalidArgumentError");
        expect((error as Error).message).toMatch(message);
        expect(p.resources.filter((r) => r.custom)).toEqual([]);
    });
});
