import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    type AlarmTopic,
    type BaseArgs,
    checkRange,
    Component,
    type DataProtection,
    InvalidArgumentError,
    type Profile,
    profileDefaults,
    type Transform,
} from "../core";
import {
    type AlarmTargets,
    checkAlarmSignal,
    checkEvaluation,
    createAlarm,
    HEALTH_CHECK_METRICS_REGION,
    metricRegion,
    type RenderedAlarm,
} from "./aws-alarms";
import { dashboardWidgets } from "./aws-dashboard";
import { checkHealthCheckRegions, createHealthCheck, extraHealthChecks, type MonitoringHealthCheck } from "./aws-health-checks";
import { alarmTopic, type MonitoringParent } from "./aws-topic";
import { checkNotifications, checkUnique, resolveSlo } from "./objectives";
import {
    type AwsHealthCheckSignal,
    type AwsMonitorable,
    type AwsSignalSource,
    type AwsSignals,
    awsSources,
    type Notifications,
    round,
    type Slo,
} from "./signals";

export type { AlarmTopic };
export { HEALTH_CHECK_METRICS_REGION } from "./aws-alarms";
export { HEALTH_CHECK_REGIONS, type MonitoringHealthCheck } from "./aws-health-checks";

export interface AwsMonitoringArgs extends BaseArgs, DataProtection {
    /**
     * Who is told: `emails` (each address receives a confirmation email and gets nothing until it confirms; when the
     * component's region is not us-east-1 and there are us-east-1 alarms, each is also subscribed to the us-east-1
     * topic and confirms twice) and/or `webhookUrl` (an SNS `https` subscription, kept secret). At least one.
     * `channels` and `slack` are Google Cloud's and rejected here.
     * Cost: the first 1,000 email notifications a month are free, then $2 per 100,000.
     */
    notify: Notifications;
    /**
     * Whether the webhook confirms its subscription by itself (PagerDuty and Opsgenie do). When false the
     * subscription stays pending until someone visits the SubscribeURL the endpoint receives.
     * @default false
     */
    webhookAutoConfirms?: boolean;
    /**
     * Objectives the SLO alarms derive from: a service's 5xx ratio alarms above the error budget `1 - availability`,
     * its latency percentile above `latencyMs`; a CDN's 5xx rate above the same budget.
     * @default `{ availability: 0.999, latencyMs: 500, latencyFraction: 0.95 }`
     */
    slo?: Slo;
    /**
     * The components to watch, each describing its own alarms, health checks and dashboard section (its
     * `monitoring()`): `[api, worker, db, cache, cdn, waf, bucket, upstash]`. Pass `db.monitoring({ cpuPercent: 90 })`
     * to change a component's thresholds. Alarm names come from each component's name: do not rename one.
     * Cost: about $0.10 a month per alarm ($0.30 for a metric-math alarm reading three metrics).
     * @default []
     */
    monitor?: (AwsMonitorable | AwsSignalSource)[];
    /**
     * Extra HTTPS endpoints checked by Route 53, each with an alarm on its `HealthCheckStatus`.
     * Cost: a Route 53 HTTPS health check with latency measurement costs about $2.50 a month for an AWS endpoint
     * and $4.75 for any other (basic check plus two optional features), plus its alarm.
     * @default []
     */
    healthChecks?: MonitoringHealthCheck[];
    /** Path requested by HTTPS health checks that do not name one (components' endpoints included). @default "/health" */
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
     * Period of the SLO alarms (5xx ratio, latency, health checks), seconds: 10, 30 or a multiple of 60.
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
    /** Edits of the children's computed args, one key per child kind. @default none: each child takes the args the component computed */
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

const DURABLE: MonitoringProfile = {
    dashboard: true,
    sloPeriodSeconds: 60,
    sloEvaluationPeriods: 5,
    sloDatapointsToAlarm: 3,
    resourcePeriodSeconds: 300,
    resourceEvaluationPeriods: 3,
    resourceDatapointsToAlarm: 3,
    keyDeletionWindowDays: 30,
};

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
    staging: DURABLE,
    prod: DURABLE,
};

/**
 * Alerting and observability of an application: a KMS-encrypted SNS topic with email (and optional HTTPS
 * webhook) subscriptions, and whatever the components it is given ask for (their `monitoring()`): SLO and resource
 * alarms, Route 53 health checks of their endpoints, and a CloudWatch dashboard section each. It knows no component:
 * a new one is watched by implementing {@link AwsMonitorable} (see `monitoring/signals.ts`).
 *
 * Alarms and budgets publish to the topic: its policy lets `cloudwatch.amazonaws.com` and `budgets.amazonaws.com`
 * publish for this account only (`aws:SourceAccount`), and its key policy lets both services use the key.
 *
 * us-east-1 metrics: Route 53 publishes `HealthCheckStatus` and CloudFront its metrics only in us-east-1, so those
 * alarms are created there, and a CloudWatch alarm can only notify a topic in its own region. When the component's
 * region is us-east-1 they use the one topic; otherwise the component creates a second topic in us-east-1 (own KMS
 * key, same policy, same subscribers) for them: the regional alarms stay next to their metrics, and email recipients
 * confirm one more subscription. {@link healthCheckTopicArn} is that topic.
 */
export class AwsMonitoring extends Component implements AlarmTopic {
    /** ARN of the alarm topic (in the component's region). */
    public readonly topicArn: pulumi.Output<string>;
    /** ARN of the topic the us-east-1 alarms notify: {@link topicArn} when the region is us-east-1. */
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
        const notify = checkNotifications(component, args.notify);
        for (const key of ["channels", "slack"] as const) {
            const value = args.notify[key];
            if (value !== undefined && !(Array.isArray(value) && value.length === 0)) {
                throw new InvalidArgumentError(
                    component,
                    `notify.${key}`,
                    "is set",
                    "emails and webhookUrl on AWS (channels and slack are Google Cloud notification channels)",
                );
            }
        }
        const slo = resolveSlo(component, args.slo);
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
        const sloEvaluation = checkEvaluation(
            component,
            "slo",
            profile.sloPeriodSeconds,
            profile.sloEvaluationPeriods,
            profile.sloDatapointsToAlarm,
        );
        const resourceEvaluation = checkEvaluation(
            component,
            "resource",
            profile.resourcePeriodSeconds,
            profile.resourceEvaluationPeriods,
            profile.resourceDatapointsToAlarm,
        );
        checkRange(component, "keyDeletionWindowDays", profile.keyDeletionWindowDays, 7, 30);
        const region = args.region ?? aws.config.region;
        if (!region)
            throw new InvalidArgumentError(
                component,
                "region",
                "is not set and the stack has no aws:region",
                "an AWS region such as eu-west-1",
            );
        this.region = region;

        const healthCheckPath = args.healthCheckPath ?? "/health";
        if (!healthCheckPath.startsWith("/"))
            throw new InvalidArgumentError(component, "healthCheckPath", `is "${healthCheckPath}"`, "a path starting with /");
        const healthCheckRegions = checkHealthCheckRegions(component, args.healthCheckRegions ?? ["us-east-1", "us-west-2", "eu-west-1"]);
        const extraChecks = extraHealthChecks(component, args.healthChecks ?? [], healthCheckPath);
        checkUnique(
            component,
            "healthChecks",
            extraChecks.map((c) => c.key),
        );

        // Every source's signals, asked once, in `monitor` order; their keys name the children.
        const described: { source: AwsSignalSource; signals: AwsSignals }[] = awsSources(args.monitor ?? []).map((source) => ({
            source,
            signals: source.signals({ slo }),
        }));
        for (const { source, signals } of described) {
            for (const signal of signals.alarms) checkAlarmSignal(component, source.name, signal, region);
            for (const check of signals.healthChecks ?? []) {
                if (check.path !== undefined && !check.path.startsWith("/"))
                    throw new InvalidArgumentError(
                        component,
                        `monitor[${source.name}]`,
                        `asks for health check "${check.key}" of path "${check.path}"`,
                        "a path starting with /",
                    );
            }
        }
        const checks: AwsHealthCheckSignal[] = [...described.flatMap((d) => d.signals.healthChecks ?? []), ...extraChecks];
        const alarmSignals = described.flatMap((d) => d.signals.alarms);
        checkUnique(
            component,
            "monitor",
            [...alarmSignals.map((s) => s.key), ...checks.map((c) => c.key)],
            "each alarm key once: two components with the same name, or a component given twice",
        );
        const needsUsEast1 = checks.length > 0 || alarmSignals.some((s) => metricRegion(s) === HEALTH_CHECK_METRICS_REGION);

        // ---- topic(s) ----
        const parent: MonitoringParent = { child: this.child.bind(this), physicalName: this.physicalName.bind(this), tags: this.tags };
        const transform = args.transform ?? {};
        const topicArgs = {
            description: `Encrypts the alarm topic of ${name}`,
            keyDeletionWindowDays: profile.keyDeletionWindowDays,
            keyOptions: this.dataOptions(args),
            emails: notify.emails,
            webhookUrl: notify.webhookUrl,
            webhookAutoConfirms: args.webhookAutoConfirms ?? false,
            account: aws.getCallerIdentityOutput({}, { parent: this }).accountId,
            partition: aws.getPartitionOutput({}, { parent: this }).partition,
            transform,
        };
        this.topicArn = alarmTopic(parent, { ...topicArgs, prefix: "", region: args.region });
        this.healthCheckTopicArn =
            !needsUsEast1 || region === HEALTH_CHECK_METRICS_REGION
                ? this.topicArn
                : alarmTopic(parent, { ...topicArgs, prefix: `${HEALTH_CHECK_METRICS_REGION}-`, region: HEALTH_CHECK_METRICS_REGION });

        // ---- alarms, then health checks (global) with their alarms in us-east-1 ----
        const targets: AlarmTargets = {
            component,
            slo: sloEvaluation,
            resource: resourceEvaluation,
            regionArg: args.region,
            region,
            topicArn: this.topicArn,
            usEast1TopicArn: this.healthCheckTopicArn,
            transform: transform.alarm,
        };
        const alarms: RenderedAlarm[] = alarmSignals.map((signal) => createAlarm(parent, signal, targets));
        this.healthCheckIds = {};
        const rendering = {
            regions: healthCheckRegions,
            healthCheckPath,
            availabilityPercent: round(slo.availability * 100),
            transform: transform.healthCheck,
        };
        for (const check of checks) {
            const created = createHealthCheck(parent, check, rendering, targets);
            this.healthCheckIds[check.key] = created.id;
            alarms.push(created.alarm);
        }
        this.alarmArns = Object.fromEntries(alarms.map((a) => [a.key, a.arn]));

        // ---- dashboard ----
        if (profile.dashboard) {
            const dashboard = this.child(
                aws.cloudwatch.Dashboard,
                "dashboard",
                {
                    dashboardName: this.physicalName("dashboard"),
                    dashboardBody: pulumi.jsonStringify({
                        widgets: dashboardWidgets({
                            region,
                            slo,
                            sections: described.flatMap((d) => d.signals.dashboard ?? []),
                            regionalAlarms: alarms
                                .filter((a) => a.region === undefined)
                                .map((a) => a.arn)
                                .slice(0, 100),
                            healthChecks: this.healthCheckIds,
                            extraHealthChecks: extraChecks.map((c) => c.key),
                        }),
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
