import * as pulumi from "@pulumi/pulumi";
import { InvalidArgumentError } from "../core";
import { type GcpAlertSignal, type GcpSignalContext, GcpSignalSourceBase, type GcpSignals } from "../monitoring/signals";

/** What monitoring reads of a Cloud Run service. Implemented by `GcpCloudRunService`. */
export interface CloudRunMetricLabels {
    /** Logical name of the component, in alert documentation. */
    readonly name: string;
    /** The Cloud Run service name (`resource.label.service_name` of `cloud_run_revision` metrics). */
    readonly serviceName: pulumi.Output<string>;
    /** Region of the service (`resource.label.location`). */
    readonly location: string;
    /** The service's `https://…run.app` URL. */
    readonly url: pulumi.Output<string>;
    /** The custom domain served, if any (uptime checks target it rather than the run.app URL). */
    readonly domain?: string;
}

export interface CloudRunSignalOptions {
    /**
     * Prefix of the alert policies' child names. The first service watched keeps today's names (`latency-alert`,
     * `error-alert`); give a second one its own, e.g. `"worker-"`. Never change it: it would replace the policies.
     * @default ""
     */
    keyPrefix?: string;
}

/** The percentiles Cloud Monitoring's aligner offers ("Aligner", cloud.google.com/monitoring/api/ref_v3, read 2026-12-06). */
const ALIGNERS: Record<string, string> = { "0.5": "ALIGN_PERCENTILE_50", "0.95": "ALIGN_PERCENTILE_95", "0.99": "ALIGN_PERCENTILE_99" };
const ORDINAL: Record<string, string> = { "0.5": "50th", "0.95": "95th", "0.99": "99th" };

/** `0.999` → `"99.9 %"`. */
function percent(fraction: number): string {
    return `${Number((fraction * 100).toFixed(4))} %`;
}

/**
 * Signals of a Cloud Run service from its `run.googleapis.com` metrics (request_latencies, request_count by
 * response_code_class: "Google Cloud metrics: run", cloud.google.com/monitoring/api/metrics_gcp, read 2026-12-06):
 * a latency-percentile alert against the latency SLO, a 5xx-ratio alert against the availability SLO's error budget,
 * and its domain (or run.app host) for the uptime check.
 */
export class CloudRunSignals extends GcpSignalSourceBase<CloudRunMetricLabels> {
    private readonly prefix: string;

    constructor(service: CloudRunMetricLabels, options: CloudRunSignalOptions = {}) {
        super(service, "GcpCloudRunService");
        this.prefix = options.keyPrefix ?? "";
        if (this.prefix !== "" && !/^[a-z][a-z0-9-]*-$/.test(this.prefix)) {
            throw new InvalidArgumentError(
                this.label,
                "keyPrefix",
                `is "${this.prefix}"`,
                'lower-case letters, digits and "-", ending in "-", e.g. "worker-"',
            );
        }
    }

    /** The filter of one of the service's metrics (CDK's generic `metric()`, as a Cloud Monitoring filter). */
    public metric(metricType: string, extra = ""): pulumi.Output<string> {
        return pulumi.interpolate`resource.type="cloud_run_revision" AND resource.label.service_name="${this.target.serviceName}" AND metric.type="run.googleapis.com/${metricType}"${extra}`;
    }
    public metricRequestLatencies(): pulumi.Output<string> {
        return this.metric("request_latencies");
    }
    public metricRequestCount(responseCodeClass?: string): pulumi.Output<string> {
        return this.metric(
            "request_count",
            responseCodeClass === undefined ? "" : ` AND metric.label.response_code_class="${responseCodeClass}"`,
        );
    }

    public signals(ctx: GcpSignalContext): GcpSignals {
        const { slo, alertAfterMinutes: minutes } = ctx;
        const fraction = String(slo.latencyFraction);
        const aligner = ALIGNERS[fraction];
        if (aligner === undefined) {
            throw new InvalidArgumentError(
                this.label,
                "slo.latencyFraction",
                `is ${slo.latencyFraction}`,
                "0.5, 0.95 or 0.99 (the percentiles Cloud Monitoring aligns)",
            );
        }
        const p = `p${Number((slo.latencyFraction * 100).toFixed(4))}`;
        const latencyMs = slo.latencyMs;
        const errorRatio = Number(slo.errorBudget.toPrecision(6));
        const sum = {
            alignmentPeriod: "300s",
            perSeriesAligner: "ALIGN_DELTA",
            crossSeriesReducer: "REDUCE_SUM",
            groupByFields: ["resource.label.service_name"],
        };
        const alerts: GcpAlertSignal[] = [
            {
                key: `${this.prefix}latency-alert`,
                title: `${p} latency above ${latencyMs} ms`,
                severity: "WARNING",
                conditions: [
                    {
                        displayName: `${p} request latency > ${latencyMs} ms for ${minutes} min`,
                        conditionThreshold: {
                            filter: this.metricRequestLatencies(),
                            aggregations: [
                                {
                                    alignmentPeriod: "60s",
                                    perSeriesAligner: aligner,
                                    // The worst percentile over the service's revisions and response-code series.
                                    crossSeriesReducer: "REDUCE_MAX",
                                    groupByFields: ["resource.label.service_name"],
                                },
                            ],
                            comparison: "COMPARISON_GT",
                            thresholdValue: latencyMs,
                            duration: `${minutes * 60}s`,
                            trigger: { count: 1 },
                        },
                    },
                ],
                content: [
                    `The ${ORDINAL[fraction]} percentile of request latency of Cloud Run service \`${this.name}\` has been above ${latencyMs} ms for ${minutes} minutes.`,
                    ``,
                    `SLO: API response time ${p} < ${latencyMs} ms (TechMate performance target, seeds/003).`,
                    `Look at instance count against max instances, CPU, cold starts and slow dependencies (database p95 target < 100 ms).`,
                ].join("\n"),
            },
            {
                key: `${this.prefix}error-alert`,
                title: `5xx ratio above ${percent(errorRatio)}`,
                severity: "ERROR",
                conditions: [
                    {
                        displayName: `5xx responses / all responses > ${percent(errorRatio)} for ${minutes} min`,
                        conditionThreshold: {
                            filter: this.metricRequestCount("5xx"),
                            aggregations: [sum],
                            denominatorFilter: this.metricRequestCount(),
                            denominatorAggregations: [sum],
                            comparison: "COMPARISON_GT",
                            thresholdValue: errorRatio,
                            duration: `${minutes * 60}s`,
                            trigger: { count: 1 },
                        },
                    },
                ],
                content: [
                    `More than ${percent(errorRatio)} of the requests to Cloud Run service \`${this.name}\` failed with 5xx over ${minutes} minutes.`,
                    ``,
                    `SLO: ${percent(slo.availability)} availability, an error budget of ${percent(errorRatio)} of requests (uptime target 99.9 %, seeds/000 and seeds/003).`,
                    `Check Error Reporting / Sentry and the latest revision; roll back the revision if it started with a deploy.`,
                ].join("\n"),
            },
        ];
        const uptimeHost = this.target.domain !== undefined ? this.target.domain : this.target.url.apply((u) => new URL(u).host);
        return { alerts, uptimeHost };
    }
}
