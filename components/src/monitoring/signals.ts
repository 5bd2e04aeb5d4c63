import type * as gcpInputs from "@pulumi/gcp/types/input";
import type * as pulumi from "@pulumi/pulumi";

/**
 * The monitorable contract: each component describes its own signals (alarms, dashboard graphs, health checks and
 * the metrics they read) in a sibling `*-signals.ts` file, and the monitoring components render whatever they are
 * given (`monitor: [db, cache, api, cdn, waf, bucket, upstash]`) without knowing any component.
 *
 * After the AWS CDK design guidelines, "Metrics" section (aws/aws-cdk `docs/DESIGN_GUIDELINES.md`, read 2026-12-06):
 * a resource has a generic `metric(metricName, options?)` that sets its namespace and dimensions
 * (_awslint:metrics-generic-method_) and `metricXxx(options?)` methods named after the official metric name that
 * return a metric description (_awslint:metrics-method-signature_). Here the signal classes carry those methods, and
 * the component's `monitoring(options?)` returns its signal class, so thresholds belong to the component they judge.
 */

/** A CloudWatch metric of one resource: what an alarm reads and a dashboard graph draws. */
export interface AwsMetric {
    readonly namespace: string;
    readonly metricName: string;
    /** Dimensions in the order the dashboard lists them. */
    readonly dimensions: Readonly<Record<string, pulumi.Input<string>>>;
    /** `Average`, `Sum`, `Minimum`, `Maximum`, `SampleCount`. Mutually exclusive with `extendedStatistic`. */
    readonly statistic?: "Average" | "Sum" | "Minimum" | "Maximum" | "SampleCount";
    /** A percentile such as `p95`. */
    readonly extendedStatistic?: string;
    readonly unit?: string;
    /**
     * The region CloudWatch publishes the metric in, when it is not the monitoring component's region (CloudFront,
     * CLOUDFRONT-scoped WAF and Route 53 publish only in us-east-1).
     */
    readonly region?: string;
}

/** Options of a `metricXxx()` method (CDK's `MetricOptions`, in our subset). */
export interface AwsMetricOptions {
    statistic?: AwsMetric["statistic"];
    extendedStatistic?: string;
    unit?: string;
}

/** A metric-math expression over named metrics (the `metricQueries` of an alarm). */
export interface AwsMetricMath {
    readonly expression: string;
    readonly label: string;
    /** Query id of the expression. */
    readonly id: string;
    /** The metrics the expression reads, by query id, each with its statistic. */
    readonly usingMetrics: Readonly<Record<string, AwsMetric>>;
    /**
     * Expressions that fetch data themselves, by query id, e.g. `DB_PERF_INSIGHTS('RDS', '<DbiResourceId>',
     * 'db.Transactions.xact_commit.avg')` (Performance Insights counters, which CloudWatch alarms may read: "Creating
     * CloudWatch alarms to monitor Amazon RDS", docs.aws.amazon.com, read 2026-12-06). Rendered with the alarm's period.
     * @default none
     */
    readonly usingQueries?: Readonly<Record<string, pulumi.Input<string>>>;
}

/** Which of the monitoring component's evaluation windows an alarm uses, or its own (daily metrics). */
export type AwsEvaluation =
    "slo" | "resource" | { readonly period: number; readonly evaluationPeriods: number; readonly datapointsToAlarm: number };

/** One CloudWatch alarm a component asks for. */
export interface AwsAlarmSignal {
    /**
     * Child name suffix of the alarm (`service-api-cpu`): the alarm's URN and physical name. Forever: renaming one
     * replaces the alarm. Unique within one monitoring component.
     */
    readonly key: string;
    readonly description: string;
    readonly metric: AwsMetric | AwsMetricMath;
    readonly comparison: "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold" | "LessThanThreshold" | "LessThanOrEqualToThreshold";
    readonly threshold: number;
    readonly evaluation: AwsEvaluation;
    /** `notBreaching` where silence means no traffic; `breaching` where silence means the resource is down. */
    readonly treatMissingData: "breaching" | "notBreaching" | "ignore" | "missing";
    /** For percentiles: `ignore` keeps the state while there are too few samples. */
    readonly evaluateLowSampleCountPercentiles?: "ignore" | "evaluate";
}

/** A Route 53 health check a component asks for, with an alarm on its `HealthCheckStatus`. */
export interface AwsHealthCheckSignal {
    /** Child name suffix of the alarm; the check is `<key>-check`. Forever, like alarm keys. */
    readonly key: string;
    /** Who is checked, in the alarm's description. */
    readonly label: string;
    /** `https://host[:port][/path]` or a bare host name. */
    readonly endpoint: pulumi.Input<string>;
    /** `HTTPS` (status 2xx/3xx) or `TCP` (a connection is accepted). @default "HTTPS" */
    readonly protocol?: "HTTPS" | "TCP";
    /** TCP only: the port. HTTPS checks take the port from `endpoint`. */
    readonly port?: pulumi.Input<number>;
    /** HTTPS only. @default the monitoring component's `healthCheckPath` */
    readonly path?: string;
}

/** One line of a dashboard graph: `[namespace, name, dim, value, ..., options]` or `[{ expression, ... }]`. */
export type AwsDashboardLine = pulumi.Input<string | number | Record<string, pulumi.Input<string | number | boolean>>>[];

/** A graph of a dashboard section. */
export interface AwsGraph {
    readonly title: string;
    readonly lines: AwsDashboardLine[];
    readonly stat?: string;
    readonly region?: string;
    readonly yMin?: number;
    readonly annotation?: { readonly label: string; readonly value: number };
}

/** A graph of one of the component's own health checks, drawn only when the check exists. */
export interface AwsHealthGraph {
    readonly title: string;
    /** The {@link AwsHealthCheckSignal.key} drawn. */
    readonly healthCheck: string;
}

/** A dashboard section: a header and its graphs, two per row. */
export interface AwsDashboardSection {
    readonly title: string;
    readonly graphs: (AwsGraph | AwsHealthGraph)[];
}

/** What the monitoring component hands each signal source: the objectives the alarms derive from. */
export interface AwsSignalContext {
    readonly slo: ResolvedSlo;
}

/** Everything a component asks AwsMonitoring for. */
export interface AwsSignals {
    readonly alarms: AwsAlarmSignal[];
    readonly healthChecks?: AwsHealthCheckSignal[];
    readonly dashboard?: AwsDashboardSection[];
}

/** A component's AWS signals, returned by its `monitoring(options?)`. */
export interface AwsSignalSource {
    readonly cloud: "aws";
    /** Logical name of the component, in descriptions. */
    readonly name: string;
    signals(context: AwsSignalContext): AwsSignals;
}

/** A component AwsMonitoring can watch as it is: `monitor: [db]` is `monitor: [db.monitoring()]`. */
export interface AwsMonitorable {
    monitoring(): AwsSignalSource;
}

/**
 * One Cloud Monitoring alert policy a component asks for. The renderer adds project, channels and labels, and names
 * it `<monitoring name>: <title> (<environment>)`, with the subject `<monitoring name>: <title>`.
 */
export interface GcpAlertSignal {
    /** Child name of the policy. Forever, like AWS alarm keys. */
    readonly key: string;
    readonly title: string;
    readonly severity: "CRITICAL" | "ERROR" | "WARNING";
    readonly conditions: pulumi.Input<gcpInputs.monitoring.AlertPolicyCondition>[];
    /** Markdown documentation: what failed, the SLO it guards, what to look at. */
    readonly content: string;
}

/** What GcpMonitoring hands each signal source. */
export interface GcpSignalContext {
    readonly slo: ResolvedSlo;
    /** Minutes a condition must hold. */
    readonly alertAfterMinutes: number;
}

/** Everything a component asks GcpMonitoring for. */
export interface GcpSignals {
    readonly alerts: GcpAlertSignal[];
    /** The host an uptime check should call when the monitoring component is given none. */
    readonly uptimeHost?: pulumi.Input<string>;
}

export interface GcpSignalSource {
    readonly cloud: "gcp";
    readonly name: string;
    signals(context: GcpSignalContext): GcpSignals;
}

export interface GcpMonitorable {
    monitoring(): GcpSignalSource;
}

/**
 * Service-level objectives, one type for AwsMonitoring, GcpMonitoring and UptimeChecks. Fractions, not percent.
 * CoachMeld, InteliFeed and TechMate target 99.9 % uptime and API p95 < 500 ms (seeds/000, 001, 003).
 */
export interface Slo {
    /** Share of requests (or probe windows) that succeed, strictly between 0 and 1. @default 0.999 */
    availability?: number;
    /** Latency threshold, milliseconds. @default 500 */
    latencyMs?: number;
    /**
     * Share of requests (or windows) that must be faster than `latencyMs`: 0.95 is "p95 < latencyMs". The AWS alarm
     * reads that percentile; Cloud Run's aligner offers 0.5, 0.95 and 0.99.
     * @default 0.95
     */
    latencyFraction?: number;
}

/** An {@link Slo} with its defaults applied and checked. */
export interface ResolvedSlo {
    readonly availability: number;
    readonly latencyMs: number;
    readonly latencyFraction: number;
    /** `1 - availability`, without binary noise. */
    readonly errorBudget: number;
}

/**
 * Who is told, one shape for AwsMonitoring, GcpMonitoring and UptimeChecks.
 * Email and Slack notifications are free on Cloud Monitoring; SNS email costs nothing for the first 1,000 a month.
 */
export interface Notifications {
    /** Email addresses, one subscription (AWS) or notification channel (Google Cloud) each. @default [] */
    emails?: string[];
    /**
     * An HTTPS endpoint (PagerDuty, Opsgenie, a Slack relay, ...). Kept secret: such URLs carry an integration key.
     * AWS: an SNS `https` subscription; Google Cloud: a `webhook_tokenauth` channel. Checked here only when it is a
     * plain string; validate secret config in the stack's schema.
     * @default none
     */
    webhookUrl?: pulumi.Input<string>;
    /**
     * Existing Google Cloud notification channels (`projects/<p>/notificationChannels/<id>`). AWS rejects them
     * (an alarm notifies SNS topics in its own region only: use `emails` or `webhookUrl`).
     * @default []
     */
    channels?: pulumi.Input<string>[];
    /**
     * A Slack channel through the Google Cloud Monitoring Slack app (Google Cloud only). The token
     * (`xoxb-…`/`xoxp-…`) comes from `pulumi config set --secret` and stays secret in state.
     * @default none
     */
    slack?: { channel: string; authToken: pulumi.Input<string> | undefined };
}

/** The sources of `monitor: [...]`: each component's `monitoring()`, or a signal source given as it is. */
export function awsSources(monitor: readonly (AwsMonitorable | AwsSignalSource)[]): AwsSignalSource[] {
    return monitor.map((m) => ("monitoring" in m ? m.monitoring() : m));
}

export function gcpSources(monitor: readonly (GcpMonitorable | GcpSignalSource)[]): GcpSignalSource[] {
    return monitor.map((m) => ("monitoring" in m ? m.monitoring() : m));
}

/** A dashboard line of a metric: `[namespace, name, dim1, value1, ..., options]`. */
export function dashboardLine(metric: AwsMetric, options?: Record<string, pulumi.Input<string | number | boolean>>): AwsDashboardLine {
    const dims = Object.entries(metric.dimensions).flatMap(([k, v]) => [k, v]);
    return [metric.namespace, metric.metricName, ...dims, ...(options !== undefined ? [options] : [])];
}

/** Bytes in a GB, decimal as AWS bills and counts them (CloudWatch `Bytes` metrics of S3 and CloudFront). */
export const GB = 1000 ** 3;

/** The evaluation of an alarm on a daily metric (S3 storage) or a day's sum: one 86,400 s period, one datapoint. */
export const ONE_DAY: AwsEvaluation = { period: 86_400, evaluationPeriods: 1, datapointsToAlarm: 1 };

/** Values like `1 - 0.999` without the binary noise (`0.0010000000000000009` → `0.001`). */
export function round(value: number): number {
    return Number(value.toPrecision(12));
}

/** `0.999` → `99.9`. */
export function asPercent(fraction: number): number {
    return round(fraction * 100);
}

/** `0.95` → `p95`, `0.999` → `p99.9`. */
export function percentile(fraction: number): string {
    return `p${asPercent(fraction)}`;
}

/** `SLO: 99.9 % availability, p95 < 500 ms`, the suffix of resource alarm descriptions. */
export function sloText(slo: ResolvedSlo): string {
    return `SLO: ${asPercent(slo.availability)} % availability, ${percentile(slo.latencyFraction)} < ${slo.latencyMs} ms`;
}

/** What every signal class holds: the component it describes, its name, and a label for errors. */
abstract class SignalSourceBase<T extends { readonly name: string }> {
    public readonly name: string;
    /** Names the component in errors about its options, e.g. `AwsPostgres "main" monitoring()`. */
    protected readonly label: string;

    protected constructor(
        protected readonly target: T,
        componentClass: string,
    ) {
        this.name = target.name;
        this.label = `${componentClass} "${target.name}" monitoring()`;
    }
}

/** The base of a component's AWS signal class; a subclass adds its `metricXxx()` methods and `signals()`. */
export abstract class AwsSignalSourceBase<T extends { readonly name: string }> extends SignalSourceBase<T> implements AwsSignalSource {
    public readonly cloud = "aws";
    public abstract signals(context: AwsSignalContext): AwsSignals;
}

/** The base of a component's Google Cloud signal class. */
export abstract class GcpSignalSourceBase<T extends { readonly name: string }> extends SignalSourceBase<T> implements GcpSignalSource {
    public readonly cloud = "gcp";
    public abstract signals(context: GcpSignalContext): GcpSignals;
}
