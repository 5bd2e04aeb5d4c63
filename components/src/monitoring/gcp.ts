import * as monitoring from "@pulumi/gcp/monitoring";
import * as pulumi from "@pulumi/pulumi";
import { type BaseArgs, checkRange, type CloudRunMetricsSource, Component, InvalidArgumentError, shortHash, type Transform } from "../core";
import { gcpLabels, gcpProject } from "../core/gcp";

/** Uptime check regions Cloud Monitoring offers; a check needs regions holding at least 3 locations. */
export const UPTIME_REGIONS = ["USA", "EUROPE", "SOUTH_AMERICA", "ASIA_PACIFIC", "USA_OREGON", "USA_IOWA", "USA_VIRGINIA"] as const;
export type UptimeRegion = (typeof UPTIME_REGIONS)[number];

/** The uptime check periods Cloud Monitoring accepts, seconds. */
const UPTIME_PERIODS = [60, 300, 600, 900];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HOSTNAME = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export interface GcpMonitoringArgs extends BaseArgs {
    /** Project of the channels, checks and policies. @default the provider's project */
    project?: pulumi.Input<string>;
    /**
     * Email addresses notified of every alert, one `email` notification channel each. TechMate: email for production
     * issues and health check failures (seeds/003).
     * @default none
     */
    emails?: string[];
    /**
     * Slack channel notified, e.g. `#alerts` (with `slackAuthToken`). TechMate: Slack for critical errors (seeds/003).
     * @default none
     */
    slackChannel?: string;
    /**
     * OAuth token of the Google Cloud Monitoring Slack app (`xoxb-…` / `xoxp-…`), from `pulumi config set --secret`.
     * Sent as the channel's `sensitiveLabels.authToken`, secret in state.
     */
    slackAuthToken?: pulumi.Input<string>;
    /** Existing notification channels (`projects/<p>/notificationChannels/<id>`) notified as well. @default none */
    notificationChannels?: pulumi.Input<string>[];
    /**
     * The Cloud Run service to watch: p95 latency and 5xx ratio alerts on its `run.googleapis.com` metrics, and the
     * uptime check on its custom domain or `run.app` host unless `uptimeHost` is given.
     * @default none (only the uptime check, which then needs `uptimeHost`)
     */
    service?: CloudRunMetricsSource;
    /**
     * Host the uptime check calls over HTTPS, e.g. `api.techmate.ai` (no scheme, no path).
     * @default `service.domain`, else the host of `service.url`
     */
    uptimeHost?: pulumi.Input<string>;
    /** Path the uptime check GETs: TechMate's comprehensive health check (seeds/003). @default "/health" */
    uptimePath?: string;
    /** Seconds between checks from each location: 60, 300, 600 or 900. @default 60 */
    uptimePeriodSeconds?: number;
    /** Seconds a check may take (1..60). @default 10 */
    uptimeTimeoutSeconds?: number;
    /**
     * Regions the check runs from (together at least 3 locations).
     * @default ["USA", "EUROPE", "ASIA_PACIFIC"]
     */
    uptimeRegions?: UptimeRegion[];
    /**
     * Availability SLO, a fraction in (0, 1): the 5xx ratio alert fires above `1 - availabilitySlo` (0.1 % for
     * 99.9 %). Both CoachMeld (seeds/000) and TechMate target 99.9 % uptime.
     * @default 0.999
     */
    availabilitySlo?: number;
    /**
     * p95 request latency above which the latency alert fires, milliseconds. TechMate: API p95 < 500 ms (seeds/003).
     * @default 500
     */
    latencyThresholdMs?: number;
    /** Minutes a condition must hold before the alert fires (1..60; uptime alerts use 1). @default 5 */
    alertAfterMinutes?: number;
    /** Edits of each child's computed args. */
    transform?: {
        emailChannel?: Transform<monitoring.NotificationChannelArgs>;
        slackChannel?: Transform<monitoring.NotificationChannelArgs>;
        uptimeCheck?: Transform<monitoring.UptimeCheckConfigArgs>;
        uptimeAlert?: Transform<monitoring.AlertPolicyArgs>;
        latencyAlert?: Transform<monitoring.AlertPolicyArgs>;
        errorAlert?: Transform<monitoring.AlertPolicyArgs>;
    };
}

/** `0.999` → `"99.9 %"`. */
function percent(fraction: number): string {
    return `${Number((fraction * 100).toFixed(4))} %`;
}

/**
 * Cloud Monitoring for a service: email and Slack notification channels, an HTTPS uptime check on `/health` every
 * minute from three continents, and alert policies on uptime, p95 latency and 5xx ratio, each documented with the
 * SLO it guards.
 *
 * Cost: uptime check executions are free up to 1 million a month per project, then $0.30 per 1,000 (one check every
 * 60 s from the 3 default regions, about 9 locations, runs ≈ 390,000 times a month); alert policies may be billed per
 * condition and per time series scanned (see Cloud Monitoring pricing); email and Slack channels are free.
 */
export class GcpMonitoring extends Component {
    /** Names (`projects/<p>/notificationChannels/<id>`) of every channel alerts go to, created or given. */
    public readonly notificationChannelNames: pulumi.Output<string[]>;
    /** The uptime check's id (for `metric.label.check_id`). */
    public readonly uptimeCheckId: pulumi.Output<string>;
    /** Names of the alert policies, by kind. */
    public readonly alertPolicyNames: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: GcpMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("monitoring:GcpMonitoring", name, args, opts);
        const component = `GcpMonitoring "${name}"`;

        // ---- validation ----
        const emails = args.emails ?? [];
        for (const email of emails) {
            if (!EMAIL.test(email)) throw new InvalidArgumentError(component, "emails", `contains "${email}", which is not an email address`, "addresses such as oncall@example.com");
        }
        if (new Set(emails.map((e) => e.toLowerCase())).size !== emails.length) throw new InvalidArgumentError(component, "emails", "lists an address twice", "distinct addresses");
        if ((args.slackChannel === undefined) !== (args.slackAuthToken === undefined)) {
            throw new InvalidArgumentError(component, args.slackChannel === undefined ? "slackAuthToken" : "slackChannel", "is set without the other", "slackChannel and slackAuthToken together");
        }
        if (args.slackChannel !== undefined && !/^#[a-z0-9_-]{1,80}$/.test(args.slackChannel)) {
            throw new InvalidArgumentError(component, "slackChannel", `is "${args.slackChannel}"`, "a channel name such as #alerts");
        }
        const extra = args.notificationChannels ?? [];
        if (emails.length === 0 && args.slackChannel === undefined && extra.length === 0) {
            throw new InvalidArgumentError(component, "emails", "is empty and no Slack or other channel is given: alerts would reach nobody", "at least one of emails, slackChannel, notificationChannels");
        }
        if (args.uptimeHost === undefined && args.service === undefined) {
            throw new InvalidArgumentError(component, "uptimeHost", "is missing and no service is given", "a host name such as api.example.com, or a service");
        }
        if (typeof args.uptimeHost === "string" && !HOSTNAME.test(args.uptimeHost)) {
            throw new InvalidArgumentError(component, "uptimeHost", `is "${args.uptimeHost}"`, "a lower-case host name without scheme or path, e.g. api.example.com");
        }
        const uptimePath = args.uptimePath ?? "/health";
        if (!/^\/[^\s]*$/.test(uptimePath)) throw new InvalidArgumentError(component, "uptimePath", `is "${uptimePath}"`, 'a path starting with "/"');
        const period = args.uptimePeriodSeconds ?? 60;
        if (!UPTIME_PERIODS.includes(period)) throw new InvalidArgumentError(component, "uptimePeriodSeconds", `is ${period}`, UPTIME_PERIODS.join(", "));
        const timeout = args.uptimeTimeoutSeconds ?? 10;
        checkRange(component, "uptimeTimeoutSeconds", timeout, 1, 60);
        const regions = args.uptimeRegions ?? ["USA", "EUROPE", "ASIA_PACIFIC"];
        for (const r of regions) {
            if (!UPTIME_REGIONS.includes(r)) throw new InvalidArgumentError(component, "uptimeRegions", `contains "${String(r)}"`, UPTIME_REGIONS.join(", "));
        }
        // USA, EUROPE, SOUTH_AMERICA, ASIA_PACIFIC hold several locations each; the USA_* ones one each.
        const locations = regions.reduce((n, r) => n + (r.startsWith("USA_") ? 1 : 3), 0);
        if (locations < 3) throw new InvalidArgumentError(component, "uptimeRegions", `holds ${locations} location(s)`, "regions holding at least 3 locations, e.g. three USA_* or one continent");
        const slo = args.availabilitySlo ?? 0.999;
        if (!Number.isFinite(slo) || slo <= 0 || slo >= 1) throw new InvalidArgumentError(component, "availabilitySlo", `is ${slo}`, "a fraction in (0, 1), e.g. 0.999");
        const latencyMs = args.latencyThresholdMs ?? 500;
        if (!Number.isFinite(latencyMs) || latencyMs <= 0) throw new InvalidArgumentError(component, "latencyThresholdMs", `is ${latencyMs}`, "milliseconds more than 0");
        const minutes = args.alertAfterMinutes ?? 5;
        checkRange(component, "alertAfterMinutes", minutes, 1, 60);

        // ---- children ----
        const labels = gcpLabels(this.tags);
        const projectId = gcpProject(this, args.project).id;
        const errorRatio = Number((1 - slo).toPrecision(6));
        const sloText = percent(slo);

        const created: pulumi.Output<string>[] = [];
        for (const email of emails) {
            const channel = this.child(
                monitoring.NotificationChannel,
                `email-${shortHash(email.toLowerCase())}`,
                { project: args.project, type: "email", displayName: `${name} alerts: ${email}`, labels: { email_address: email }, userLabels: labels, forceDelete: false },
                args.transform?.emailChannel,
            );
            created.push(channel.name);
        }
        if (args.slackChannel !== undefined && args.slackAuthToken !== undefined) {
            const channel = this.child(
                monitoring.NotificationChannel,
                "slack",
                {
                    project: args.project,
                    type: "slack",
                    displayName: `${name} alerts: Slack ${args.slackChannel}`,
                    labels: { channel_name: args.slackChannel },
                    sensitiveLabels: { authToken: pulumi.secret(args.slackAuthToken) },
                    userLabels: labels,
                },
                args.transform?.slackChannel,
            );
            created.push(channel.name);
        }
        const channels = pulumi.all([...created, ...extra]);
        this.notificationChannelNames = channels;

        const host: pulumi.Input<string> =
            args.uptimeHost ??
            (args.service?.domain !== undefined ? args.service.domain : (args.service?.url ?? pulumi.output("")).apply((u) => new URL(u).host));

        const check = this.child(
            monitoring.UptimeCheckConfig,
            "uptime",
            {
                project: args.project,
                displayName: `${name} ${uptimePath} (${this.environment})`,
                period: `${period}s`,
                timeout: `${timeout}s`,
                selectedRegions: regions,
                checkerType: "STATIC_IP_CHECKERS",
                logCheckFailures: true,
                monitoredResource: { type: "uptime_url", labels: { host, project_id: projectId } },
                httpCheck: {
                    requestMethod: "GET",
                    path: uptimePath,
                    port: 443,
                    useSsl: true,
                    validateSsl: true,
                    acceptedResponseStatusCodes: [{ statusClass: "STATUS_CLASS_2XX" }],
                },
                userLabels: labels,
            },
            args.transform?.uptimeCheck,
        );
        this.uptimeCheckId = check.uptimeCheckId;

        const policies: Record<string, pulumi.Output<string>> = {};
        const common = { project: args.project, combiner: "OR", notificationChannels: channels, userLabels: labels, alertStrategy: { autoClose: "1800s" } };

        const uptimeAlert = this.child(
            monitoring.AlertPolicy,
            "uptime-alert",
            {
                ...common,
                displayName: `${name}: ${uptimePath} failing (${this.environment})`,
                severity: "CRITICAL",
                conditions: [
                    {
                        displayName: `Uptime check ${uptimePath} fails from more than one location`,
                        conditionThreshold: {
                            filter: pulumi.interpolate`metric.type="monitoring.googleapis.com/uptime_check/check_passed" AND metric.label.check_id="${check.uptimeCheckId}" AND resource.type="uptime_url"`,
                            aggregations: [
                                {
                                    alignmentPeriod: "1200s",
                                    perSeriesAligner: "ALIGN_NEXT_OLDER",
                                    crossSeriesReducer: "REDUCE_COUNT_FALSE",
                                    groupByFields: ["resource.label.project_id", "resource.label.host"],
                                },
                            ],
                            comparison: "COMPARISON_GT",
                            thresholdValue: 1,
                            duration: "60s",
                            trigger: { count: 1 },
                        },
                    },
                ],
                documentation: {
                    mimeType: "text/markdown",
                    subject: `${name}: health check ${uptimePath} failing`,
                    content: [
                        `The HTTPS uptime check on \`${uptimePath}\` fails from more than one location.`,
                        ``,
                        `SLO: ${sloText} availability (seeds: CoachMeld and TechMate uptime target 99.9 %, 8.76 h downtime a year).`,
                        `Check the latest revision's logs and the \`/health\` details (database, memory, disk); roll back with a Cloud Run revision rollback (~2 minutes).`,
                    ].join("\n"),
                },
            },
            args.transform?.uptimeAlert,
        );
        policies["uptime"] = uptimeAlert.name;

        const service = args.service;
        if (service !== undefined) {
            const scope = pulumi.interpolate`resource.type="cloud_run_revision" AND resource.label.service_name="${service.serviceName}"`;
            const latency = this.child(
                monitoring.AlertPolicy,
                "latency-alert",
                {
                    ...common,
                    displayName: `${name}: p95 latency above ${latencyMs} ms (${this.environment})`,
                    severity: "WARNING",
                    conditions: [
                        {
                            displayName: `p95 request latency > ${latencyMs} ms for ${minutes} min`,
                            conditionThreshold: {
                                filter: pulumi.interpolate`${scope} AND metric.type="run.googleapis.com/request_latencies"`,
                                aggregations: [
                                    {
                                        alignmentPeriod: "60s",
                                        perSeriesAligner: "ALIGN_PERCENTILE_95",
                                        // The worst p95 over the service's revisions and response-code series.
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
                    documentation: {
                        mimeType: "text/markdown",
                        subject: `${name}: p95 latency above ${latencyMs} ms`,
                        content: [
                            `The 95th percentile of request latency of Cloud Run service \`${service.name}\` has been above ${latencyMs} ms for ${minutes} minutes.`,
                            ``,
                            `SLO: API response time p95 < ${latencyMs} ms (TechMate performance target, seeds/003).`,
                            `Look at instance count against max instances, CPU, cold starts and slow dependencies (database p95 target < 100 ms).`,
                        ].join("\n"),
                    },
                },
                args.transform?.latencyAlert,
            );
            policies["latency"] = latency.name;

            const sum = { alignmentPeriod: "300s", perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_SUM", groupByFields: ["resource.label.service_name"] };
            const errors = this.child(
                monitoring.AlertPolicy,
                "error-alert",
                {
                    ...common,
                    displayName: `${name}: 5xx ratio above ${percent(errorRatio)} (${this.environment})`,
                    severity: "ERROR",
                    conditions: [
                        {
                            displayName: `5xx responses / all responses > ${percent(errorRatio)} for ${minutes} min`,
                            conditionThreshold: {
                                filter: pulumi.interpolate`${scope} AND metric.type="run.googleapis.com/request_count" AND metric.label.response_code_class="5xx"`,
                                aggregations: [sum],
                                denominatorFilter: pulumi.interpolate`${scope} AND metric.type="run.googleapis.com/request_count"`,
                                denominatorAggregations: [sum],
                                comparison: "COMPARISON_GT",
                                thresholdValue: errorRatio,
                                duration: `${minutes * 60}s`,
                                trigger: { count: 1 },
                            },
                        },
                    ],
                    documentation: {
                        mimeType: "text/markdown",
                        subject: `${name}: 5xx ratio above ${percent(errorRatio)}`,
                        content: [
                            `More than ${percent(errorRatio)} of the requests to Cloud Run service \`${service.name}\` failed with 5xx over ${minutes} minutes.`,
                            ``,
                            `SLO: ${sloText} availability, an error budget of ${percent(errorRatio)} of requests (uptime target 99.9 %, seeds/000 and seeds/003).`,
                            `Check Error Reporting / Sentry and the latest revision; roll back the revision if it started with a deploy.`,
                        ].join("\n"),
                    },
                },
                args.transform?.errorAlert,
            );
            policies["errorRate"] = errors.name;
        }
        this.alertPolicyNames = policies;

        this.registerOutputs({ notificationChannelNames: this.notificationChannelNames, uptimeCheckId: this.uptimeCheckId, alertPolicyNames: this.alertPolicyNames });
    }
}
