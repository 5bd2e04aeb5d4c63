import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    accountAdministersKey,
    type BaseArgs,
    checkRange,
    Component,
    type DataProtection,
    InvalidArgumentError,
    type PostgresMetricsSource,
    type Profile,
    profileDefaults,
    type RedisMetricsSource,
    type ServiceMetricsSource,
    type Transform,
} from "../core";
import type { AlarmTopic } from "../core";

export type { AlarmTopic };


/** Service-level objectives the SLO alarms are derived from. */
export interface MonitoringSlo {
    /**
     * Availability target of every load-balanced service, percent of requests that do not end in a 5xx.
     * The error budget `1 - availabilityPercent / 100` becomes the threshold of the 5xx-ratio alarm.
     * Must be strictly between 0 and 100.
     * @default 99.9 (error budget 0.1 %)
     */
    availabilityPercent?: number;
    /**
     * p95 latency target of every load-balanced service, milliseconds (the ALB's `TargetResponseTime`).
     * @default 500
     */
    latencyP95Ms?: number;
}

/** Thresholds of the resource alarms. Every one is a default; each can be set on its own. */
export interface MonitoringThresholds {
    /** ECS service average CPU, percent. @default 70 */
    serviceCpuPercent?: number;
    /** ECS service average memory, percent of the reservation. @default 80 */
    serviceMemoryPercent?: number;
    /** RDS instance CPU, percent. @default 80 */
    dbCpuPercent?: number;
    /** Alarm when an RDS primary's free storage falls below this percentage of its allocated storage. @default 10 */
    dbFreeStoragePercent?: number;
    /** RDS replica lag, seconds. @default 300 (well inside the 1 h RPO, see {@link AwsMonitoring}) */
    replicaLagSeconds?: number;
    /** ElastiCache `DatabaseMemoryUsagePercentage` of each member, percent. @default 80 */
    redisMemoryPercent?: number;
}

/** An HTTPS endpoint checked by Route 53 besides the services' own endpoints. */
export interface MonitoringHealthCheck {
    /** `https://host[:port][/path]`. Only HTTPS is allowed. */
    url: string;
    /** Path requested. @default the URL's path when it has one, else `healthCheckPath` (`/health`) */
    path?: string;
}

/** Regions Route 53 health checkers can run from. */
export const HEALTH_CHECK_REGIONS = ["us-east-1", "us-west-1", "us-west-2", "eu-west-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1"] as const;

/** Route 53 publishes health-check metrics only in this region: their alarms (and the topic they notify) live here. */
export const HEALTH_CHECK_METRICS_REGION = "us-east-1";

export interface AwsMonitoringArgs extends BaseArgs, DataProtection {
    /**
     * Email addresses subscribed to the alarm topic. At least one. Each address receives a confirmation email
     * and gets nothing until it confirms. When the component's region is not us-east-1 and there are health checks,
     * each address is also subscribed to the us-east-1 topic and confirms twice.
     * Cost: the first 1,000 email notifications a month are free, then $2 per 100,000.
     */
    alarmEmails: string[];
    /**
     * An HTTPS endpoint (PagerDuty, Opsgenie, Slack relay, ...) subscribed to the alarm topic. Must be `https://`.
     * Stored as a secret: such URLs usually carry an integration key. Pass a secret config value as it comes (an
     * Output); its format is checked here only when it is a plain string, so validate secret config in the schema.
     * @default none
     */
    webhookUrl?: pulumi.Input<string>;
    /**
     * Whether the webhook confirms its subscription by itself (PagerDuty and Opsgenie do). When false the
     * subscription stays pending until someone visits the SubscribeURL the endpoint receives.
     * @default false
     */
    webhookAutoConfirms?: boolean;
    /** SLO targets the 5xx-ratio and p95-latency alarms are derived from. @default `{ availabilityPercent: 99.9, latencyP95Ms: 500 }` */
    slo?: MonitoringSlo;
    /** Resource alarm thresholds. @default see {@link MonitoringThresholds} */
    thresholds?: MonitoringThresholds;
    /**
     * Services to watch: 5xx ratio and p95 latency (load-balanced services only), CPU and memory (all), and a
     * Route 53 health check of `endpoint` when there is one.
     * Cost: about $0.10 a month per alarm ($0.30 for the 5xx-ratio alarm, which reads three metrics).
     * @default []
     */
    services?: ServiceMetricsSource[];
    /** Postgres instances to watch: CPU and free storage of the primary, lag of each replica. @default [] */
    databases?: PostgresMetricsSource[];
    /** Redis replication groups to watch: memory of each member. @default [] */
    caches?: RedisMetricsSource[];
    /**
     * Extra HTTPS endpoints checked by Route 53, each with an alarm on its `HealthCheckStatus`.
     * Cost: a Route 53 HTTPS health check with latency measurement costs about $2.50 a month for an AWS endpoint
     * and $4.75 for any other (basic check plus two optional features), plus its alarm.
     * @default []
     */
    healthChecks?: MonitoringHealthCheck[];
    /** Path requested by health checks that do not name one (services' endpoints included). @default "/health" */
    healthCheckPath?: string;
    /** Regions the Route 53 checkers run from: at least 3 of {@link HEALTH_CHECK_REGIONS}. @default ["us-east-1", "us-west-2", "eu-west-1"] */
    healthCheckRegions?: string[];
    /**
     * The region of the topic, alarms and dashboard. Set it when the component is given a provider for another
     * region than the stack's `aws:region`; changing it replaces every regional child.
     * @default the stack's `aws:region`
     */
    region?: string;
    /**
     * Create the CloudWatch dashboard. Cost: $3 a month per dashboard beyond the account's first three.
     * @default false in dev, true in staging and prod
     */
    dashboard?: boolean;
    /**
     * Period of the SLO alarms (5xx ratio, p95 latency, health checks), seconds: 10, 30 or a multiple of 60.
     * @default 300 in dev, 60 in staging and prod
     */
    sloPeriodSeconds?: number;
    /** Periods the SLO alarms look back over. @default 3 in dev, 5 in staging and prod */
    sloEvaluationPeriods?: number;
    /**
     * Breaching periods (of `sloEvaluationPeriods`) that trigger an SLO alarm.
     * @default 3 in every environment (dev: 3 of 3 five-minute periods, 15 min sustained; staging and prod: 3 of 5 one-minute periods)
     */
    sloDatapointsToAlarm?: number;
    /** Period of the resource alarms (CPU, memory, storage, replica lag), seconds. @default 300 */
    resourcePeriodSeconds?: number;
    /** Periods the resource alarms look back over. @default 6 in dev (30 min), 3 in staging and prod (15 min) */
    resourceEvaluationPeriods?: number;
    /** Breaching periods that trigger a resource alarm. @default 6 in dev, 3 in staging and prod */
    resourceDatapointsToAlarm?: number;
    /**
     * Waiting period before the topic's KMS key is deleted, days (7-30).
     * Cost: $1 a month per key (two when a us-east-1 topic is needed).
     * @default 7 in dev, 30 in staging and prod
     */
    keyDeletionWindowDays?: number;
    /** Edits of the children's computed args, one key per child kind. */
    transform?: {
        key?: Transform<aws.kms.KeyArgs>;
        topic?: Transform<aws.sns.TopicArgs>;
        topicPolicy?: Transform<aws.sns.TopicPolicyArgs>;
        subscription?: Transform<aws.sns.TopicSubscriptionArgs>;
        alarm?: Transform<aws.cloudwatch.MetricAlarmArgs>;
        healthCheck?: Transform<aws.route53.HealthCheckArgs>;
        dashboard?: Transform<aws.cloudwatch.DashboardArgs>;
    };
}

interface MonitoringProfile {
    dashboard: boolean;
    sloPeriodSeconds: number;
    sloEvaluationPeriods: number;
    sloDatapointsToAlarm: number;
    resourcePeriodSeconds: number;
    resourceEvaluationPeriods: number;
    resourceDatapointsToAlarm: number;
    keyDeletionWindowDays: number;
}

/**
 * dev: no dashboard (nobody watches it, and it may cost $3 a month) and slower alarms (15 min sustained for SLO
 * alarms, 30 min for resources) so that a developer's restart or load test does not page anyone.
 * staging and prod: the SLO alarms fire on 3 breaching minutes out of 5, resource alarms on 15 sustained minutes.
 */
const PROFILE: Profile<MonitoringProfile> = {
    dev: {
        dashboard: false,
        sloPeriodSeconds: 300,
        sloEvaluationPeriods: 3,
        sloDatapointsToAlarm: 3,
        resourcePeriodSeconds: 300,
        resourceEvaluationPeriods: 6,
        resourceDatapointsToAlarm: 6,
        keyDeletionWindowDays: 7,
    },
    staging: {
        dashboard: true,
        sloPeriodSeconds: 60,
        sloEvaluationPeriods: 5,
        sloDatapointsToAlarm: 3,
        resourcePeriodSeconds: 300,
        resourceEvaluationPeriods: 3,
        resourceDatapointsToAlarm: 3,
        keyDeletionWindowDays: 30,
    },
    prod: {
        dashboard: true,
        sloPeriodSeconds: 60,
        sloEvaluationPeriods: 5,
        sloDatapointsToAlarm: 3,
        resourcePeriodSeconds: 300,
        resourceEvaluationPeriods: 3,
        resourceDatapointsToAlarm: 3,
        keyDeletionWindowDays: 30,
    },
};

const DEFAULT_SLO = { availabilityPercent: 99.9, latencyP95Ms: 500 };

const DEFAULT_THRESHOLDS: Required<MonitoringThresholds> = {
    serviceCpuPercent: 70,
    serviceMemoryPercent: 80,
    dbCpuPercent: 80,
    dbFreeStoragePercent: 10,
    // The RPO is 1 h. A replica that falls 300 s behind, detected after at most one evaluation window (15 min in
    // prod, 30 min in dev), leaves well over half the RPO to act before a failover to it would lose more than 1 h.
    replicaLagSeconds: 300,
    redisMemoryPercent: 80,
};

/**
 * What CloudWatch does when a metric sends nothing. `notBreaching` where silence means no traffic (5xx counts,
 * latency: a quiet service is not failing); `breaching` where silence means the thing is down (an ECS service with
 * no running task, a stopped instance or node, a broken replication, an endpoint Route 53 cannot reach).
 */
const MISSING_DATA = {
    availability: "notBreaching",
    latency: "notBreaching",
    serviceCpu: "breaching",
    serviceMemory: "breaching",
    dbCpu: "breaching",
    dbFreeStorage: "breaching",
    replicaLag: "breaching",
    redisMemory: "breaching",
    healthCheck: "breaching",
} as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const GIB = 1024 ** 3;

interface Evaluation {
    period: number;
    evaluationPeriods: number;
    datapointsToAlarm: number;
}

/** Values like `1 - 99.9 / 100` without the binary noise (`0.0009999999999998899` → `0.001`). */
function round(value: number): number {
    return Number(value.toPrecision(12));
}

/** Host, port and path of an endpoint given as `https://host[:port][/path]` or a bare host name. */
function parseEndpoint(endpoint: string): { host: string; port: number; path?: string } {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}`);
    return { host: url.hostname, port: url.port ? Number(url.port) : 443, path: url.pathname && url.pathname !== "/" ? url.pathname : undefined };
}

/**
 * Alerting and observability of an application: a KMS-encrypted SNS topic with email (and optional HTTPS
 * webhook) subscriptions, SLO alarms derived from availability and latency targets, resource alarms for the
 * services, databases and caches it is given, Route 53 HTTPS health checks of the public endpoints, and a
 * CloudWatch dashboard built from the same sources.
 *
 * Alarms and budgets publish to the topic: its policy lets `cloudwatch.amazonaws.com` and `budgets.amazonaws.com`
 * publish for this account only (`aws:SourceAccount`), and its key policy lets both services use the key.
 *
 * Health checks: Route 53 publishes `HealthCheckStatus` only in us-east-1, so those alarms are created there, and a
 * CloudWatch alarm can only notify a topic in its own region. When the component's region is us-east-1 they use the
 * one topic; otherwise the component creates a second topic in us-east-1 (own KMS key, same policy, same
 * subscribers) for them. That second topic is the simplest option that is correct without asking the user for
 * anything: the regional alarms stay next to their metrics, and email recipients confirm one more subscription.
 * {@link healthCheckTopicArn} is that topic.
 */
export class AwsMonitoring extends Component implements AlarmTopic {
    /** ARN of the alarm topic (in the component's region). */
    public readonly topicArn: pulumi.Output<string>;
    /** ARN of the topic the us-east-1 health-check alarms notify: {@link topicArn} when the region is us-east-1. */
    public readonly healthCheckTopicArn: pulumi.Output<string>;
    /** ARN of each alarm, keyed by its child suffix (e.g. `service-api-availability`, `db-main-replica-lag-1`). */
    public readonly alarmArns: Record<string, pulumi.Output<string>>;
    /** Name of the CloudWatch dashboard; undefined when `dashboard` is off. */
    public readonly dashboardName?: pulumi.Output<string>;
    /** Route 53 health check ids, keyed like their alarms. */
    public readonly healthCheckIds: Record<string, pulumi.Output<string>>;
    /** The region of the topic, the regional alarms and the dashboard. */
    public readonly region: string;

    constructor(name: string, args: AwsMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("monitoring:AwsMonitoring", name, args, opts);
        const component = "AwsMonitoring";

        // ---- validation: everything before the first child ----
        const emails = args.alarmEmails ?? [];
        if (emails.length === 0) throw new InvalidArgumentError(component, "alarmEmails", "is empty", "at least one email address");
        for (const email of emails) {
            if (!EMAIL.test(email)) throw new InvalidArgumentError(component, "alarmEmails", `contains "${email}", which is not an email address`, "addresses such as ops@example.com");
        }
        if (new Set(emails.map((e) => e.toLowerCase())).size !== emails.length) {
            throw new InvalidArgumentError(component, "alarmEmails", "lists an address twice", "each address once");
        }
        if (typeof args.webhookUrl === "string" && !isHttpsUrl(args.webhookUrl)) {
            throw new InvalidArgumentError(component, "webhookUrl", `is "${redactUrl(args.webhookUrl)}"`, "an https:// URL");
        }
        const slo = {
            availabilityPercent: args.slo?.availabilityPercent ?? DEFAULT_SLO.availabilityPercent,
            latencyP95Ms: args.slo?.latencyP95Ms ?? DEFAULT_SLO.latencyP95Ms,
        };
        if (!Number.isFinite(slo.availabilityPercent) || slo.availabilityPercent <= 0 || slo.availabilityPercent >= 100) {
            throw new InvalidArgumentError(component, "slo.availabilityPercent", `is ${slo.availabilityPercent}`, "a number strictly between 0 and 100, e.g. 99.9");
        }
        if (!Number.isFinite(slo.latencyP95Ms) || slo.latencyP95Ms <= 0) {
            throw new InvalidArgumentError(component, "slo.latencyP95Ms", `is ${slo.latencyP95Ms}`, "a positive number of milliseconds");
        }
        const t = args.thresholds ?? {};
        const thresholds: Required<MonitoringThresholds> = {
            serviceCpuPercent: t.serviceCpuPercent ?? DEFAULT_THRESHOLDS.serviceCpuPercent,
            serviceMemoryPercent: t.serviceMemoryPercent ?? DEFAULT_THRESHOLDS.serviceMemoryPercent,
            dbCpuPercent: t.dbCpuPercent ?? DEFAULT_THRESHOLDS.dbCpuPercent,
            dbFreeStoragePercent: t.dbFreeStoragePercent ?? DEFAULT_THRESHOLDS.dbFreeStoragePercent,
            replicaLagSeconds: t.replicaLagSeconds ?? DEFAULT_THRESHOLDS.replicaLagSeconds,
            redisMemoryPercent: t.redisMemoryPercent ?? DEFAULT_THRESHOLDS.redisMemoryPercent,
        };
        for (const key of ["serviceCpuPercent", "serviceMemoryPercent", "dbCpuPercent", "dbFreeStoragePercent", "redisMemoryPercent"] as const) {
            const value = thresholds[key];
            if (!Number.isFinite(value) || value <= 0 || value >= 100) {
                throw new InvalidArgumentError(component, `thresholds.${key}`, `is ${value}`, "a percentage strictly between 0 and 100");
            }
        }
        if (!Number.isFinite(thresholds.replicaLagSeconds) || thresholds.replicaLagSeconds <= 0 || thresholds.replicaLagSeconds > 3600) {
            throw new InvalidArgumentError(component, "thresholds.replicaLagSeconds", `is ${thresholds.replicaLagSeconds}`, "more than 0 and at most 3600 (the 1 h RPO)");
        }
        const profile = profileDefaults(PROFILE, this.environment, {
            dashboard: args.dashboard,
            sloPeriodSeconds: args.sloPeriodSeconds,
            sloEvaluationPeriods: args.sloEvaluationPeriods,
            sloDatapointsToAlarm: args.sloDatapointsToAlarm,
            resourcePeriodSeconds: args.resourcePeriodSeconds,
            resourceEvaluationPeriods: args.resourceEvaluationPeriods,
            resourceDatapointsToAlarm: args.resourceDatapointsToAlarm,
            keyDeletionWindowDays: args.keyDeletionWindowDays,
        });
        const sloEvaluation = checkEvaluation(component, "slo", profile.sloPeriodSeconds, profile.sloEvaluationPeriods, profile.sloDatapointsToAlarm);
        const resourceEvaluation = checkEvaluation(component, "resource", profile.resourcePeriodSeconds, profile.resourceEvaluationPeriods, profile.resourceDatapointsToAlarm);
        checkRange(component, "keyDeletionWindowDays", profile.keyDeletionWindowDays, 7, 30);

        const services = args.services ?? [];
        const databases = args.databases ?? [];
        const caches = args.caches ?? [];
        checkUnique(component, "services", services.map((s) => s.name));
        checkUnique(component, "databases", databases.map((d) => d.name));
        checkUnique(component, "caches", caches.map((c) => c.name));
        for (const db of databases) {
            if (!Number.isFinite(db.allocatedStorageGb) || db.allocatedStorageGb <= 0) {
                throw new InvalidArgumentError(component, `databases[${db.name}].allocatedStorageGb`, `is ${db.allocatedStorageGb}`, "a positive number of GiB");
            }
        }
        const healthCheckPath = args.healthCheckPath ?? "/health";
        if (!healthCheckPath.startsWith("/")) throw new InvalidArgumentError(component, "healthCheckPath", `is "${healthCheckPath}"`, "a path starting with /");
        const healthCheckRegions = args.healthCheckRegions ?? ["us-east-1", "us-west-2", "eu-west-1"];
        const allowedRegions: readonly string[] = HEALTH_CHECK_REGIONS;
        if (healthCheckRegions.length < 3 || healthCheckRegions.some((r) => !allowedRegions.includes(r)) || new Set(healthCheckRegions).size !== healthCheckRegions.length) {
            throw new InvalidArgumentError(component, "healthCheckRegions", `is [${healthCheckRegions.join(", ")}]`, `3 or more distinct regions of ${HEALTH_CHECK_REGIONS.join(", ")}`);
        }
        const extraChecks = (args.healthChecks ?? []).map((check, i) => {
            if (!isHttpsUrl(check.url)) throw new InvalidArgumentError(component, `healthChecks[${i}].url`, `is "${check.url}"`, "an https:// URL");
            if (check.path !== undefined && !check.path.startsWith("/")) throw new InvalidArgumentError(component, `healthChecks[${i}].path`, `is "${check.path}"`, "a path starting with /");
            const parsed = parseEndpoint(check.url);
            const path = check.path ?? parsed.path ?? healthCheckPath;
            const pathPart = path === healthCheckPath ? "" : path.replace(/[^A-Za-z0-9.]+/g, "-").replace(/-+$/, "");
            return { key: `health-${parsed.host}${pathPart}`, host: parsed.host, port: parsed.port, path };
        });
        checkUnique(component, "healthChecks", extraChecks.map((c) => c.key));
        const region = args.region ?? aws.config.region;
        if (!region) throw new InvalidArgumentError(component, "region", "is not set and the stack has no aws:region", "an AWS region such as eu-west-1");
        this.region = region;
        const hasHealthChecks = extraChecks.length > 0 || services.some((s) => s.endpoint !== undefined);

        // ---- topic(s) ----
        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const partition = aws.getPartitionOutput({}, { parent: this }).partition;
        const transform = args.transform ?? {};
        const webhookUrl = args.webhookUrl === undefined ? undefined : pulumi.secret(args.webhookUrl);

        const makeTopic = (prefix: string, topicRegion: string | undefined): pulumi.Output<string> => {
            const key = this.child(
                aws.kms.Key,
                `${prefix}key`,
                {
                    description: `Encrypts the alarm topic of ${name}`,
                    enableKeyRotation: true,
                    deletionWindowInDays: profile.keyDeletionWindowDays,
                    policy: keyPolicy(account, partition),
                    region: topicRegion,
                    tags: this.tags,
                },
                transform.key,
                this.dataOptions(args),
            );
            const topic = this.child(
                aws.sns.Topic,
                `${prefix}topic`,
                {
                    name: this.physicalName(`${prefix}alarms`, "sns"),
                    kmsMasterKeyId: key.arn,
                    region: topicRegion,
                    tags: this.tags,
                },
                transform.topic,
            );
            this.child(aws.sns.TopicPolicy, `${prefix}topic-policy`, { arn: topic.arn, policy: topicPolicy(topic.arn, account, partition), region: topicRegion }, transform.topicPolicy);
            for (const email of emails) {
                this.child(aws.sns.TopicSubscription, `${prefix}email-${email.toLowerCase()}`, { topic: topic.arn, protocol: "email", endpoint: email, region: topicRegion }, transform.subscription);
            }
            if (webhookUrl !== undefined) {
                this.child(
                    aws.sns.TopicSubscription,
                    `${prefix}webhook`,
                    { topic: topic.arn, protocol: "https", endpoint: webhookUrl, endpointAutoConfirms: args.webhookAutoConfirms ?? false, region: topicRegion },
                    transform.subscription,
                );
            }
            return topic.arn;
        };
        this.topicArn = makeTopic("", args.region);
        this.healthCheckTopicArn =
            !hasHealthChecks || region === HEALTH_CHECK_METRICS_REGION ? this.topicArn : makeTopic(`${HEALTH_CHECK_METRICS_REGION}-`, HEALTH_CHECK_METRICS_REGION);

        // ---- alarms ----
        this.alarmArns = {};
        const alarm = (
            suffix: string,
            evaluation: Evaluation,
            missing: (typeof MISSING_DATA)[keyof typeof MISSING_DATA],
            spec: Omit<aws.cloudwatch.MetricAlarmArgs, "name" | "alarmActions" | "okActions" | "treatMissingData" | "evaluationPeriods" | "datapointsToAlarm" | "tags" | "region">,
            alarmRegion: string | undefined = args.region,
            topicArn: pulumi.Output<string> = this.topicArn,
        ): aws.cloudwatch.MetricAlarm => {
            const created = this.child(
                aws.cloudwatch.MetricAlarm,
                suffix,
                {
                    name: this.physicalName(suffix),
                    ...spec,
                    // Metric-math alarms carry the period in each query; the others at the top level.
                    ...(spec.metricQueries === undefined ? { period: evaluation.period } : {}),
                    evaluationPeriods: evaluation.evaluationPeriods,
                    datapointsToAlarm: evaluation.datapointsToAlarm,
                    treatMissingData: missing,
                    alarmActions: [topicArn],
                    okActions: [topicArn],
                    region: alarmRegion,
                    tags: this.tags,
                },
                transform.alarm,
            );
            this.alarmArns[suffix] = created.arn;
            return created;
        };

        const errorBudget = round(1 - slo.availabilityPercent / 100);
        const errorBudgetPercent = round(errorBudget * 100);
        const latencySeconds = round(slo.latencyP95Ms / 1000);
        const sloText = `SLO: ${slo.availabilityPercent} % availability, p95 < ${slo.latencyP95Ms} ms`;

        for (const service of services) {
            const prefix = `service-${service.name}`;
            if (service.loadBalancerArnSuffix !== undefined) {
                const lb = { LoadBalancer: service.loadBalancerArnSuffix };
                const albMetric = (id: string, metricName: string) => ({
                    id,
                    returnData: false,
                    metric: { namespace: "AWS/ApplicationELB", metricName, dimensions: lb, stat: "Sum", period: sloEvaluation.period },
                });
                // The ratio is taken at the load balancer: ELB 5xx exist only there, and target 5xx and requests
                // measured at the same scope keep the numerator and denominator comparable.
                alarm(`${prefix}-availability`, sloEvaluation, MISSING_DATA.availability, {
                    alarmDescription: `${service.name}: 5xx ratio (target + load balancer 5xx / requests) above the ${errorBudgetPercent} % error budget of the ${slo.availabilityPercent} % availability SLO`,
                    comparisonOperator: "GreaterThanThreshold",
                    threshold: errorBudget,
                    metricQueries: [
                        albMetric("target5xx", "HTTPCode_Target_5XX_Count"),
                        albMetric("elb5xx", "HTTPCode_ELB_5XX_Count"),
                        albMetric("requests", "RequestCount"),
                        {
                            id: "error_ratio",
                            label: "5xx ratio",
                            returnData: true,
                            expression: "IF(requests > 0, (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)",
                        },
                    ],
                });
                alarm(`${prefix}-latency-p95`, sloEvaluation, MISSING_DATA.latency, {
                    alarmDescription: `${service.name}: p95 target response time above ${slo.latencyP95Ms} ms (latency SLO: p95 < ${slo.latencyP95Ms} ms)`,
                    namespace: "AWS/ApplicationELB",
                    metricName: "TargetResponseTime",
                    dimensions: lb,
                    extendedStatistic: "p95",
                    // A p95 over a handful of requests is noise: keep the alarm's state until there are enough.
                    evaluateLowSampleCountPercentiles: "ignore",
                    comparisonOperator: "GreaterThanThreshold",
                    threshold: latencySeconds,
                    unit: "Seconds",
                });
            }
            const ecs = { ClusterName: service.clusterName, ServiceName: service.serviceName };
            alarm(`${prefix}-cpu`, resourceEvaluation, MISSING_DATA.serviceCpu, {
                alarmDescription: `${service.name}: ECS CPU above ${thresholds.serviceCpuPercent} % (capacity headroom for the ${sloText})`,
                namespace: "AWS/ECS",
                metricName: "CPUUtilization",
                dimensions: ecs,
                statistic: "Average",
                comparisonOperator: "GreaterThanThreshold",
                threshold: thresholds.serviceCpuPercent,
            });
            alarm(`${prefix}-memory`, resourceEvaluation, MISSING_DATA.serviceMemory, {
                alarmDescription: `${service.name}: ECS memory above ${thresholds.serviceMemoryPercent} % (capacity headroom for the ${sloText})`,
                namespace: "AWS/ECS",
                metricName: "MemoryUtilization",
                dimensions: ecs,
                statistic: "Average",
                comparisonOperator: "GreaterThanThreshold",
                threshold: thresholds.serviceMemoryPercent,
            });
        }

        for (const db of databases) {
            const prefix = `db-${db.name}`;
            const primary = { DBInstanceIdentifier: db.primaryInstanceId };
            alarm(`${prefix}-cpu`, resourceEvaluation, MISSING_DATA.dbCpu, {
                alarmDescription: `${db.name}: Postgres primary CPU above ${thresholds.dbCpuPercent} % (capacity headroom for the ${sloText})`,
                namespace: "AWS/RDS",
                metricName: "CPUUtilization",
                dimensions: primary,
                statistic: "Average",
                comparisonOperator: "GreaterThanThreshold",
                threshold: thresholds.dbCpuPercent,
            });
            const freeBytes = Math.floor((db.allocatedStorageGb * GIB * thresholds.dbFreeStoragePercent) / 100);
            alarm(`${prefix}-free-storage`, resourceEvaluation, MISSING_DATA.dbFreeStorage, {
                alarmDescription: `${db.name}: free storage below ${thresholds.dbFreeStoragePercent} % of ${db.allocatedStorageGb} GiB (${freeBytes} bytes); a full disk stops writes (${sloText})`,
                namespace: "AWS/RDS",
                metricName: "FreeStorageSpace",
                dimensions: primary,
                statistic: "Minimum",
                comparisonOperator: "LessThanThreshold",
                threshold: freeBytes,
                unit: "Bytes",
            });
            db.replicaInstanceIds.forEach((replicaId, i) => {
                // 300 s by default against a 1 h RPO: see DEFAULT_THRESHOLDS.replicaLagSeconds.
                alarm(`${prefix}-replica-lag-${i + 1}`, resourceEvaluation, MISSING_DATA.replicaLag, {
                    alarmDescription: `${db.name}: replica ${i + 1} lags more than ${thresholds.replicaLagSeconds} s behind the primary (RPO 1 h)`,
                    namespace: "AWS/RDS",
                    metricName: "ReplicaLag",
                    dimensions: { DBInstanceIdentifier: replicaId },
                    statistic: "Maximum",
                    comparisonOperator: "GreaterThanThreshold",
                    threshold: thresholds.replicaLagSeconds,
                    unit: "Seconds",
                });
            });
        }

        for (const cache of caches) {
            cache.memberClusterIds.forEach((memberId, i) => {
                alarm(`cache-${cache.name}-memory-${i + 1}`, resourceEvaluation, MISSING_DATA.redisMemory, {
                    alarmDescription: `${cache.name}: Redis member ${i + 1} memory above ${thresholds.redisMemoryPercent} % (evictions and write errors follow; ${sloText})`,
                    namespace: "AWS/ElastiCache",
                    metricName: "DatabaseMemoryUsagePercentage",
                    dimensions: { CacheClusterId: memberId },
                    statistic: "Maximum",
                    comparisonOperator: "GreaterThanThreshold",
                    threshold: thresholds.redisMemoryPercent,
                });
            });
        }

        // ---- health checks (global), their alarms in us-east-1 ----
        this.healthCheckIds = {};
        const checks: { key: string; label: string; host: pulumi.Input<string>; port: pulumi.Input<number>; path: string }[] = [
            ...services.flatMap((s) => {
                if (s.endpoint === undefined) return [];
                const parsed = s.endpoint.apply(parseEndpoint);
                return [{ key: `service-${s.name}-health`, label: s.name, host: parsed.host, port: parsed.port, path: healthCheckPath }];
            }),
            ...extraChecks.map((c) => ({ key: c.key, label: `${c.host}${c.path}`, host: c.host, port: c.port, path: c.path })),
        ];
        for (const check of checks) {
            const healthCheck = this.child(
                aws.route53.HealthCheck,
                `${check.key}-check`,
                {
                    type: "HTTPS",
                    fqdn: check.host,
                    port: check.port,
                    resourcePath: check.path,
                    enableSni: true,
                    requestInterval: 30,
                    failureThreshold: 3,
                    measureLatency: true,
                    regions: healthCheckRegions,
                    tags: { ...this.tags, Name: this.physicalName(check.key) },
                },
                transform.healthCheck,
            );
            this.healthCheckIds[check.key] = healthCheck.id;
            alarm(
                check.key,
                sloEvaluation,
                MISSING_DATA.healthCheck,
                {
                    alarmDescription: `${check.label}: Route 53 HTTPS check of ${check.path} failing from the checker regions (availability SLO ${slo.availabilityPercent} %)`,
                    namespace: "AWS/Route53",
                    metricName: "HealthCheckStatus",
                    dimensions: { HealthCheckId: healthCheck.id },
                    statistic: "Minimum",
                    comparisonOperator: "LessThanThreshold",
                    threshold: 1,
                },
                HEALTH_CHECK_METRICS_REGION,
                this.healthCheckTopicArn,
            );
        }

        // ---- dashboard ----
        if (profile.dashboard) {
            const regionalAlarms = Object.entries(this.alarmArns)
                .filter(([key]) => region === HEALTH_CHECK_METRICS_REGION || this.healthCheckIds[key] === undefined)
                .map(([, arn]) => arn)
                .slice(0, 100);
            const dashboard = this.child(
                aws.cloudwatch.Dashboard,
                "dashboard",
                {
                    dashboardName: this.physicalName("dashboard"),
                    dashboardBody: pulumi.jsonStringify({
                        widgets: dashboardWidgets({ region, slo, errorBudget, latencySeconds, thresholds, services, databases, caches, regionalAlarms, healthChecks: this.healthCheckIds }),
                    }),
                    region: args.region,
                },
                transform.dashboard,
            );
            this.dashboardName = dashboard.dashboardName;
        }

        this.registerOutputs({
            topicArn: this.topicArn,
            healthCheckTopicArn: this.healthCheckTopicArn,
            alarmArns: this.alarmArns,
            healthCheckIds: this.healthCheckIds,
            dashboardName: this.dashboardName,
        });
    }
}

/** The key lets the account administer it through IAM and lets CloudWatch and Budgets encrypt what they publish. */
function keyPolicy(account: pulumi.Output<string>, partition: pulumi.Output<string>): pulumi.Output<string> {
    return pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            accountAdministersKey(partition, account),
            {
                // No aws:SourceAccount here: the services reach the key only through the topic, whose policy is
                // scoped to this account, and not every service sends that key to KMS.
                Sid: "AlarmAndBudgetServicesUseTheKey",
                Effect: "Allow",
                Principal: { Service: ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"] },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
            },
        ],
    });
}

/** The account manages the topic; CloudWatch and Budgets publish on behalf of this account only; no plain HTTP. */
function topicPolicy(topicArn: pulumi.Output<string>, account: pulumi.Output<string>, partition: pulumi.Output<string>): pulumi.Output<string> {
    return pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountManagesTheTopic",
                Effect: "Allow",
                Principal: { AWS: pulumi.interpolate`arn:${partition}:iam::${account}:root` },
                Action: [
                    "sns:GetTopicAttributes",
                    "sns:SetTopicAttributes",
                    "sns:AddPermission",
                    "sns:RemovePermission",
                    "sns:DeleteTopic",
                    "sns:Subscribe",
                    "sns:ListSubscriptionsByTopic",
                    "sns:Publish",
                ],
                Resource: topicArn,
            },
            {
                Sid: "AlarmsAndBudgetsPublish",
                Effect: "Allow",
                Principal: { Service: ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"] },
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: { StringEquals: { "aws:SourceAccount": account } },
            },
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    });
}

interface DashboardInputs {
    region: string;
    slo: { availabilityPercent: number; latencyP95Ms: number };
    errorBudget: number;
    latencySeconds: number;
    thresholds: Required<MonitoringThresholds>;
    services: ServiceMetricsSource[];
    databases: PostgresMetricsSource[];
    caches: RedisMetricsSource[];
    regionalAlarms: pulumi.Output<string>[];
    healthChecks: Record<string, pulumi.Output<string>>;
}

type MetricLine = pulumi.Input<string | number | Record<string, pulumi.Input<string | number | boolean>>>[];

/** Widgets of the dashboard, two per row, built from the same sources as the alarms. */
function dashboardWidgets(d: DashboardInputs): Record<string, unknown>[] {
    const widgets: Record<string, unknown>[] = [];
    let y = 0;
    let x = 0;
    const header = (markdown: string) => {
        if (x !== 0) y += 6;
        x = 0;
        widgets.push({ type: "text", x: 0, y, width: 24, height: 1, properties: { markdown } });
        y += 1;
    };
    const metric = (title: string, metrics: MetricLine[], opts: { annotation?: { label: string; value: number }; stat?: string; region?: string; yMin?: number } = {}) => {
        widgets.push({
            type: "metric",
            x,
            y,
            width: 12,
            height: 6,
            properties: {
                title,
                region: opts.region ?? d.region,
                view: "timeSeries",
                stacked: false,
                period: 60,
                stat: opts.stat ?? "Average",
                metrics,
                ...(opts.annotation ? { annotations: { horizontal: [opts.annotation] } } : {}),
                ...(opts.yMin !== undefined ? { yAxis: { left: { min: opts.yMin } } } : {}),
            },
        });
        if (x === 0) x = 12;
        else {
            x = 0;
            y += 6;
        }
    };

    if (d.regionalAlarms.length > 0) {
        header(`# Alarms\n${d.slo.availabilityPercent} % availability (error budget ${round(d.errorBudget * 100)} %), p95 < ${d.slo.latencyP95Ms} ms`);
        widgets.push({ type: "alarm", x: 0, y, width: 24, height: 4, properties: { title: "Alarm status", alarms: d.regionalAlarms, sortBy: "stateUpdatedTimestamp" } });
        y += 4;
    }
    for (const s of d.services) {
        header(`## Service ${s.name}`);
        if (s.loadBalancerArnSuffix !== undefined) {
            const lb = s.loadBalancerArnSuffix;
            metric(
                `${s.name}: 5xx ratio`,
                [
                    [{ expression: "IF(requests > 0, (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)", label: "5xx ratio", id: "ratio" }],
                    ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", lb, { id: "target5xx", stat: "Sum", visible: false }],
                    ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", lb, { id: "elb5xx", stat: "Sum", visible: false }],
                    ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", lb, { id: "requests", stat: "Sum", visible: false }],
                ],
                { annotation: { label: "error budget", value: d.errorBudget }, stat: "Sum", yMin: 0 },
            );
            metric(`${s.name}: p95 latency (s)`, [["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", lb, { stat: "p95" }]], {
                annotation: { label: `p95 SLO ${d.slo.latencyP95Ms} ms`, value: d.latencySeconds },
                stat: "p95",
                yMin: 0,
            });
        }
        metric(
            `${s.name}: ECS CPU and memory (%)`,
            [
                ["AWS/ECS", "CPUUtilization", "ClusterName", s.clusterName, "ServiceName", s.serviceName, { label: "CPU" }],
                ["AWS/ECS", "MemoryUtilization", "ClusterName", s.clusterName, "ServiceName", s.serviceName, { label: "memory" }],
            ],
            { annotation: { label: "CPU alarm", value: d.thresholds.serviceCpuPercent }, yMin: 0 },
        );
        const health = d.healthChecks[`service-${s.name}-health`];
        if (health !== undefined) {
            metric(`${s.name}: health check (1 = healthy)`, [["AWS/Route53", "HealthCheckStatus", "HealthCheckId", health, { stat: "Minimum" }]], {
                region: HEALTH_CHECK_METRICS_REGION,
                stat: "Minimum",
                yMin: 0,
            });
        }
    }
    for (const db of d.databases) {
        header(`## Postgres ${db.name}`);
        const primary = db.primaryInstanceId;
        metric(`${db.name}: CPU (%)`, [["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", primary, { label: "primary" }], ...db.replicaInstanceIds.map((id, i): MetricLine => ["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", id, { label: `replica ${i + 1}` }])], {
            annotation: { label: "alarm", value: d.thresholds.dbCpuPercent },
            yMin: 0,
        });
        metric(`${db.name}: free storage (bytes)`, [["AWS/RDS", "FreeStorageSpace", "DBInstanceIdentifier", primary, { stat: "Minimum" }]], {
            annotation: { label: "alarm", value: Math.floor((db.allocatedStorageGb * GIB * d.thresholds.dbFreeStoragePercent) / 100) },
            stat: "Minimum",
            yMin: 0,
        });
        if (db.replicaInstanceIds.length > 0) {
            metric(
                `${db.name}: replica lag (s)`,
                db.replicaInstanceIds.map((id, i): MetricLine => ["AWS/RDS", "ReplicaLag", "DBInstanceIdentifier", id, { label: `replica ${i + 1}` }]),
                { annotation: { label: "alarm", value: d.thresholds.replicaLagSeconds }, stat: "Maximum", yMin: 0 },
            );
        }
    }
    for (const cache of d.caches) {
        header(`## Redis ${cache.name}`);
        metric(
            `${cache.name}: memory (%)`,
            cache.memberClusterIds.map((id, i): MetricLine => ["AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "CacheClusterId", id, { label: `member ${i + 1}` }]),
            { annotation: { label: "alarm", value: d.thresholds.redisMemoryPercent }, stat: "Maximum", yMin: 0 },
        );
        metric(
            `${cache.name}: CPU (%)`,
            cache.memberClusterIds.map((id, i): MetricLine => ["AWS/ElastiCache", "EngineCPUUtilization", "CacheClusterId", id, { label: `member ${i + 1}` }]),
            { yMin: 0 },
        );
    }
    const extra = Object.entries(d.healthChecks).filter(([key]) => !key.startsWith("service-"));
    if (extra.length > 0) {
        header("## Health checks");
        for (const [key, id] of extra) {
            metric(`${key.replace(/^health-/, "")} (1 = healthy)`, [["AWS/Route53", "HealthCheckStatus", "HealthCheckId", id, { stat: "Minimum" }]], {
                region: HEALTH_CHECK_METRICS_REGION,
                stat: "Minimum",
                yMin: 0,
            });
        }
    }
    return widgets;
}

function isHttpsUrl(value: string): boolean {
    try {
        const url = new URL(value);
        return url.protocol === "https:" && url.hostname.length > 0;
    } catch {
        return false;
    }
}

/** A URL for an error message without its path and query, which often hold a token. */
function redactUrl(value: string): string {
    try {
        const url = new URL(value);
        return `${url.protocol}//${url.host}/...`;
    } catch {
        return "(not a URL)";
    }
}

function checkUnique(component: string, arg: string, names: string[]): void {
    const seen = new Set<string>();
    for (const n of names) {
        if (seen.has(n)) throw new InvalidArgumentError(component, arg, `names "${n}" twice`, "distinct names (they name the alarms)");
        seen.add(n);
    }
}

function checkEvaluation(component: string, kind: "slo" | "resource", period: number, evaluationPeriods: number, datapointsToAlarm: number): Evaluation {
    if (!Number.isInteger(period) || !(period === 10 || period === 30 || (period >= 60 && period % 60 === 0))) {
        throw new InvalidArgumentError(component, `${kind}PeriodSeconds`, `is ${period}`, "10, 30 or a multiple of 60");
    }
    checkRange(component, `${kind}EvaluationPeriods`, evaluationPeriods, 1, Math.floor(86400 / period));
    checkRange(component, `${kind}DatapointsToAlarm`, datapointsToAlarm, 1, evaluationPeriods);
    return { period, evaluationPeriods, datapointsToAlarm };
}
