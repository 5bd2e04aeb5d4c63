import type * as pulumi from "@pulumi/pulumi";
import { HEALTH_CHECK_METRICS_REGION } from "../monitoring/aws-alarms";
import { checkPositive } from "../monitoring/objectives";
import {
    type AwsAlarmSignal,
    type AwsMetric,
    type AwsMetricOptions,
    type AwsSignalContext,
    AwsSignalSourceBase,
    type AwsSignals,
    asPercent,
    dashboardLine,
    GB,
    ONE_DAY,
} from "../monitoring/signals";

/** What monitoring reads of a CloudFront distribution. Implemented by `AwsCdn`. */
export interface AwsCdnMetricDimensions {
    readonly name: string;
    readonly distributionId: pulumi.Output<string>;
}

export interface AwsCdnSignalOptions {
    /**
     * Monthly bandwidth the distribution should stay under, GB (CoachMeld "CDN | Bandwidth | 100GB"): an alarm when
     * one day's `BytesDownloaded` (bytes served to viewers; a free default metric) exceeds a thirtieth of it, the daily
     * rate that would use it up within a month. A daily window because CloudWatch alarms see at most one day of data
     * here; the month's total is what the cost budget on CloudFront watches.
     * @default none: no bandwidth alarm
     */
    monthlyDownloadGb?: number;
}

/**
 * Signals of a CloudFront distribution: its 5xx error rate against the availability SLO's error budget, and requests
 * and error rates on the dashboard. CloudFront publishes these default metrics (free) only in us-east-1, with the
 * dimensions `DistributionId` and `Region=Global` ("Monitor CloudFront metrics with Amazon CloudWatch",
 * docs.aws.amazon.com, read 2026-12-06), so the alarm lives in us-east-1 and notifies the us-east-1 topic.
 */
export class AwsCdnSignals extends AwsSignalSourceBase<AwsCdnMetricDimensions> {
    private readonly monthlyDownloadGb?: number;

    constructor(cdn: AwsCdnMetricDimensions, options: AwsCdnSignalOptions = {}) {
        super(cdn, "AwsCdn");
        if (options.monthlyDownloadGb !== undefined) {
            this.monthlyDownloadGb = checkPositive(
                this.label,
                "monthlyDownloadGb",
                options.monthlyDownloadGb,
                Number.MAX_SAFE_INTEGER,
                "a positive number of GB",
            );
        }
    }

    public metric(metricName: string, options: AwsMetricOptions = { statistic: "Average" }): AwsMetric {
        return {
            namespace: "AWS/CloudFront",
            metricName,
            dimensions: { DistributionId: this.target.distributionId, Region: "Global" },
            region: HEALTH_CHECK_METRICS_REGION,
            ...options,
        };
    }
    /** Share of viewer requests answered with 5xx, percent. */
    public metric5xxErrorRate(options?: AwsMetricOptions): AwsMetric {
        return this.metric("5xxErrorRate", options);
    }
    public metric4xxErrorRate(options?: AwsMetricOptions): AwsMetric {
        return this.metric("4xxErrorRate", options);
    }
    public metricRequests(options: AwsMetricOptions = { statistic: "Sum" }): AwsMetric {
        return this.metric("Requests", options);
    }
    /** Bytes served to viewers (GET, HEAD, OPTIONS). */
    public metricBytesDownloaded(options: AwsMetricOptions = { statistic: "Sum" }): AwsMetric {
        return this.metric("BytesDownloaded", options);
    }

    public signals(ctx: AwsSignalContext): AwsSignals {
        const { name } = this;
        const budgetPercent = asPercent(ctx.slo.errorBudget);
        const bandwidth: AwsAlarmSignal[] =
            this.monthlyDownloadGb === undefined
                ? []
                : [
                      {
                          key: `cdn-${name}-bandwidth`,
                          description: `${name}: more than ${(this.monthlyDownloadGb / 30).toFixed(2)} GB served in a day, on course for over ${this.monthlyDownloadGb} GB a month`,
                          metric: this.metricBytesDownloaded(),
                          comparison: "GreaterThanThreshold",
                          threshold: Math.round((this.monthlyDownloadGb * GB) / 30),
                          evaluation: ONE_DAY,
                          treatMissingData: "notBreaching",
                      },
                  ];
        return {
            alarms: [
                ...bandwidth,
                {
                    key: `cdn-${name}-5xx-rate`,
                    description: `${name}: CloudFront 5xx error rate above the ${budgetPercent} % error budget of the ${asPercent(ctx.slo.availability)} % availability SLO`,
                    metric: this.metric5xxErrorRate(),
                    comparison: "GreaterThanThreshold",
                    threshold: budgetPercent,
                    evaluation: "slo",
                    // No requests, no data: a quiet distribution is not failing.
                    treatMissingData: "notBreaching",
                },
            ],
            dashboard: [
                {
                    title: `## CDN ${name}`,
                    graphs: [
                        {
                            title: `${name}: error rates (%)`,
                            lines: [
                                dashboardLine(this.metric5xxErrorRate(), { label: "5xx" }),
                                dashboardLine(this.metric4xxErrorRate(), { label: "4xx" }),
                            ],
                            annotation: { label: "error budget", value: budgetPercent },
                            region: HEALTH_CHECK_METRICS_REGION,
                            yMin: 0,
                        },
                        {
                            title: `${name}: requests`,
                            lines: [dashboardLine(this.metricRequests())],
                            region: HEALTH_CHECK_METRICS_REGION,
                            stat: "Sum",
                            yMin: 0,
                        },
                    ],
                },
            ],
        };
    }
}
