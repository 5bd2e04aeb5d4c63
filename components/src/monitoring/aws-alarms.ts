import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { checkRange, InvalidArgumentError, type Transform } from "../core";
import type { MonitoringParent } from "./aws-topic";
import type { AwsAlarmSignal, AwsMetric, AwsMetricMath } from "./signals";

/** Route 53 publishes health-check metrics (and CloudFront its metrics) only in this region. */
export const HEALTH_CHECK_METRICS_REGION = "us-east-1";

export interface Evaluation {
    period: number;
    evaluationPeriods: number;
    datapointsToAlarm: number;
}

/** Where alarms go: the evaluation windows, the regional topic and, for us-east-1 metrics, the us-east-1 topic. */
export interface AlarmTargets {
    component: string;
    slo: Evaluation;
    resource: Evaluation;
    /** The `region` input of regional alarms (the component's `region` arg, or undefined for the provider's). */
    regionArg: string | undefined;
    /** The component's region, resolved. */
    region: string;
    topicArn: pulumi.Output<string>;
    /** The topic of alarms in us-east-1: the regional topic when the region is us-east-1. */
    usEast1TopicArn: pulumi.Output<string>;
    transform?: Transform<aws.cloudwatch.MetricAlarmArgs>;
}

/** A created alarm, with the region it lives in (undefined: the component's). */
export interface RenderedAlarm {
    key: string;
    arn: pulumi.Output<string>;
    region: string | undefined;
}

function isMath(metric: AwsMetric | AwsMetricMath): metric is AwsMetricMath {
    return "expression" in metric;
}

/** The region a signal's metric is published in, when it is not the component's. */
export function metricRegion(signal: AwsAlarmSignal): string | undefined {
    const metrics = isMath(signal.metric) ? Object.values(signal.metric.usingMetrics) : [signal.metric];
    return metrics.find((m) => m.region !== undefined)?.region;
}

/** Checks what a signal asks for before any child is created. */
export function checkAlarmSignal(component: string, source: string, signal: AwsAlarmSignal, region: string): void {
    const where = metricRegion(signal);
    if (where !== undefined && where !== region && where !== HEALTH_CHECK_METRICS_REGION) {
        throw new InvalidArgumentError(
            component,
            `monitor[${source}]`,
            `asks for alarm "${signal.key}" on a metric in ${where}`,
            `metrics in ${region} or ${HEALTH_CHECK_METRICS_REGION}`,
        );
    }
    if (typeof signal.evaluation === "object") {
        const e = signal.evaluation;
        checkEvaluation(component, `monitor[${source}].${signal.key}`, e.period, e.evaluationPeriods, e.datapointsToAlarm);
    }
}

/** One CloudWatch alarm from a signal, notifying the topic of the alarm's region on alarm and on recovery. */
export function createAlarm(parent: MonitoringParent, signal: AwsAlarmSignal, t: AlarmTargets): RenderedAlarm {
    const evaluation = signal.evaluation === "slo" ? t.slo : signal.evaluation === "resource" ? t.resource : signal.evaluation;
    const where = metricRegion(signal);
    const elsewhere = where !== undefined && where !== t.region;
    const topicArn = where === HEALTH_CHECK_METRICS_REGION ? t.usEast1TopicArn : t.topicArn;
    const m = signal.metric;
    // Metric-math alarms carry the period in each query; the others at the top level.
    const metric: Partial<aws.cloudwatch.MetricAlarmArgs> = isMath(m)
        ? {
              comparisonOperator: signal.comparison,
              threshold: signal.threshold,
              metricQueries: [
                  ...Object.entries(m.usingMetrics).map(([id, u]) => ({
                      id,
                      returnData: false,
                      metric: {
                          namespace: u.namespace,
                          metricName: u.metricName,
                          dimensions: u.dimensions,
                          stat: u.statistic ?? u.extendedStatistic ?? "Average",
                          period: evaluation.period,
                      },
                  })),
                  ...Object.entries(m.usingQueries ?? {}).map(([id, expression]) => ({
                      id,
                      returnData: false,
                      expression,
                      period: evaluation.period,
                  })),
                  { id: m.id, label: m.label, returnData: true, expression: m.expression },
              ],
          }
        : {
              namespace: m.namespace,
              metricName: m.metricName,
              dimensions: m.dimensions,
              ...(m.statistic !== undefined ? { statistic: m.statistic } : {}),
              ...(m.extendedStatistic !== undefined ? { extendedStatistic: m.extendedStatistic } : {}),
              ...(signal.evaluateLowSampleCountPercentiles !== undefined
                  ? { evaluateLowSampleCountPercentiles: signal.evaluateLowSampleCountPercentiles }
                  : {}),
              comparisonOperator: signal.comparison,
              threshold: signal.threshold,
              ...(m.unit !== undefined ? { unit: m.unit } : {}),
              period: evaluation.period,
          };
    const alarm = parent.child(
        aws.cloudwatch.MetricAlarm,
        signal.key,
        {
            name: parent.physicalName(signal.key),
            alarmDescription: signal.description,
            comparisonOperator: signal.comparison,
            ...metric,
            evaluationPeriods: evaluation.evaluationPeriods,
            datapointsToAlarm: evaluation.datapointsToAlarm,
            treatMissingData: signal.treatMissingData,
            alarmActions: [topicArn],
            okActions: [topicArn],
            region: where ?? t.regionArg,
            tags: parent.tags,
        },
        t.transform,
    );
    return { key: signal.key, arn: alarm.arn, region: elsewhere ? where : undefined };
}

export function checkEvaluation(
    component: string,
    kind: string,
    period: number,
    evaluationPeriods: number,
    datapointsToAlarm: number,
): Evaluation {
    if (!Number.isInteger(period) || !(period === 10 || period === 30 || (period >= 60 && period % 60 === 0))) {
        throw new InvalidArgumentError(component, `${kind}PeriodSeconds`, `is ${period}`, "10, 30 or a multiple of 60");
    }
    checkRange(component, `${kind}EvaluationPeriods`, evaluationPeriods, 1, Math.floor(86400 / period));
    checkRange(component, `${kind}DatapointsToAlarm`, datapointsToAlarm, 1, evaluationPeriods);
    return { period, evaluationPeriods, datapointsToAlarm };
}
