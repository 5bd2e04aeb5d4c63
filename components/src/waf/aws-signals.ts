import type * as pulumi from "@pulumi/pulumi";
import { HEALTH_CHECK_METRICS_REGION } from "../monitoring/aws-alarms";
import { checkPositive } from "../monitoring/objectives";
import { type AwsMetric, type AwsMetricOptions, AwsSignalSourceBase, type AwsSignals, dashboardLine } from "../monitoring/signals";

/** What monitoring reads of a WAFv2 web ACL. Implemented by `AwsWaf`. */
export interface AwsWafMetricDimensions {
    readonly name: string;
    readonly scope: "REGIONAL" | "CLOUDFRONT";
    /** The web ACL's `visibilityConfig.metricName` (the `WebACL` dimension). */
    readonly metricName: pulumi.Output<string>;
    /** The web ACL's region (the `Region` dimension of REGIONAL web ACLs). */
    readonly region: pulumi.Output<string>;
}

export interface AwsWafSignalOptions {
    /**
     * Blocked requests per resource-alarm period (5 min by default) above which the alarm fires: an attack, or a rule
     * blocking real users. Set it from the traffic the application sees.
     * @default 1000
     */
    blockedRequests?: number;
}

/**
 * Signals of a WAFv2 web ACL: blocked requests (an alarm) and allowed, blocked and counted requests (dashboard), in
 * AWS/WAFV2 with the dimensions `WebACL`, `Rule=ALL` and, except for CloudFront web ACLs, `Region`; CloudFront web
 * ACLs publish in us-east-1 ("AWS WAF metrics and dimensions", docs.aws.amazon.com/waf, read 2026-12-06).
 */
export class AwsWafSignals extends AwsSignalSourceBase<AwsWafMetricDimensions> {
    private readonly blockedRequests: number;

    constructor(waf: AwsWafMetricDimensions, options: AwsWafSignalOptions = {}) {
        super(waf, "AwsWaf");
        this.blockedRequests = checkPositive(
            this.label,
            "blockedRequests",
            options.blockedRequests ?? 1000,
            Number.MAX_SAFE_INTEGER,
            "a positive number of requests",
        );
    }

    public metric(metricName: string, options: AwsMetricOptions = { statistic: "Sum" }): AwsMetric {
        const cloudfront = this.target.scope === "CLOUDFRONT";
        const dimensions: Record<string, pulumi.Input<string>> = cloudfront
            ? { WebACL: this.target.metricName, Rule: "ALL" }
            : { Region: this.target.region, WebACL: this.target.metricName, Rule: "ALL" };
        return {
            namespace: "AWS/WAFV2",
            metricName,
            dimensions,
            ...(cloudfront ? { region: HEALTH_CHECK_METRICS_REGION } : {}),
            ...options,
        };
    }
    public metricBlockedRequests(options?: AwsMetricOptions): AwsMetric {
        return this.metric("BlockedRequests", options);
    }
    public metricAllowedRequests(options?: AwsMetricOptions): AwsMetric {
        return this.metric("AllowedRequests", options);
    }
    public metricCountedRequests(options?: AwsMetricOptions): AwsMetric {
        return this.metric("CountedRequests", options);
    }

    public signals(): AwsSignals {
        const { name } = this;
        const blocked = this.metricBlockedRequests();
        return {
            alarms: [
                {
                    key: `waf-${name}-blocked`,
                    description: `${name}: WAF blocked more than ${this.blockedRequests} requests in a period (an attack, or a rule blocking real users)`,
                    metric: blocked,
                    comparison: "GreaterThanThreshold",
                    threshold: this.blockedRequests,
                    evaluation: "resource",
                    // Nothing blocked, no data.
                    treatMissingData: "notBreaching",
                },
            ],
            dashboard: [
                {
                    title: `## WAF ${name}`,
                    graphs: [
                        {
                            title: `${name}: requests by action`,
                            lines: [
                                dashboardLine(this.metricAllowedRequests(), { label: "allowed" }),
                                dashboardLine(blocked, { label: "blocked" }),
                                dashboardLine(this.metricCountedRequests(), { label: "counted" }),
                            ],
                            annotation: { label: "alarm", value: this.blockedRequests },
                            region: blocked.region,
                            stat: "Sum",
                            yMin: 0,
                        },
                    ],
                },
            ],
        };
    }
}
