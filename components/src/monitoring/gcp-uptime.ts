/**
 * Uptime and latency checks of public HTTPS endpoints, for stacks not on AWS, with Google Cloud Monitoring.
 *
 * Why Cloud Monitoring: it has a first-party Pulumi provider already in this library (`@pulumi/gcp`), the products
 * without AWS already run on Google Cloud (TechMate's Cloud Run API, CoachMeld's Gemini project), uptime checks probe
 * from several continents at once, and the same API turns the check into an SLO with error-budget burn-rate alerts.
 * Checkly's provider is not installed here, and `@pulumiverse/sentry` 0.0.9 has no uptime monitors. The cost: a Google
 * Cloud project with the Monitoring API enabled; uptime checks are billed per execution beyond the free allotment
 * (1 million executions a month per billing account at the time of writing; a 60 s check from every region is about
 * 260 000 a month).
 *
 * Limits: probes measure reachability and latency of synthetic GET requests from Google's checker regions, not the
 * latency users see. The latency alert compares the 95th percentile, across checker regions, of each region's mean
 * probe latency (Cloud Monitoring reports probe latency as a gauge, so a true per-request p95 is not available), and
 * the latency SLO counts the share of windows whose mean probe latency stays under the threshold. Both approximate
 * InteliFeed's "95 % of requests < 500 ms" (seed `001_0428c3bab62c29d7`); measure user-facing p95 with the service's own
 * request metrics or Sentry's `p95(transaction.duration)` (see `SentryProjects`). The availability SLO is
 * windows-based: a window is good when a probe passed in it, which is coarser than a request-based 99.9 %.
 */
import * as monitoring from "@pulumi/gcp/monitoring";
import * as pulumi from "@pulumi/pulumi";
import { type BaseArgs, Component, InvalidArgumentError, type Profile, type Transform, profileDefaults } from "../core";
import { gcpLabels } from "../core/gcp";
import { UPTIME_PERIODS, UPTIME_REGIONS } from "./gcp";
import { notificationChannels } from "./gcp-channels";
import { checkNotifications, resolveSlo } from "./objectives";
import type { Notifications, Slo } from "./signals";

const COMPONENT = "UptimeChecks";

/** One public endpoint to probe. */
export interface UptimeEndpoint {
    /** Key of the endpoint (`api`, `web`): child names are derived from it. Never rename. */
    name: string;
    /** `https://host[:port]/path`, e.g. `https://api.techmate.ai/health/live` (TechMate seed's liveness endpoint). */
    url: string;
    /** A string the body must contain (e.g. `"ok"`). @default none: any 2xx passes */
    contentMatch?: string;
    /** Latency threshold of this endpoint, ms, overriding `slo.latencyMs`. */
    latencyMs?: number;
}

interface UptimeProfile {
    periodSeconds: number;
    createSlos: boolean;
    alerts: boolean;
}

/** Probe every minute in prod (finer availability windows), every 5 minutes in staging, every 15 in dev. */
const PROFILE: Profile<UptimeProfile> = {
    dev: { periodSeconds: 900, createSlos: false, alerts: false },
    staging: { periodSeconds: 300, createSlos: false, alerts: true },
    prod: { periodSeconds: 60, createSlos: true, alerts: true },
};

export interface UptimeChecksArgs extends BaseArgs {
    /** Google Cloud project that owns the checks, SLOs and alert policies. @default the provider's project */
    project?: pulumi.Input<string>;
    /** The endpoints. */
    endpoints: UptimeEndpoint[];
    /** Seconds between probes from each region: 60, 300, 600 or 900. Billed per execution. @default dev 900, staging 300, prod 60 */
    periodSeconds?: number;
    /** Probe timeout, seconds (1..60). @default 10 */
    timeoutSeconds?: number;
    /** Checker regions (at least 3 of {@link UPTIME_REGIONS}). @default every region */
    regions?: (typeof UPTIME_REGIONS)[number][];
    /**
     * Objectives, as fractions: `availability` (InteliFeed's SLO, seed `001_0428c3bab62c29d7`: 99.9 % monthly uptime),
     * `latencyMs`, the threshold of the latency alert and SLO (InteliFeed's SLO and TechMate's target: p95 < 500 ms),
     * and `latencyFraction`, the share of windows that must meet it (the "95 %" of p95).
     * @default `{ availability: 0.999, latencyMs: 500, latencyFraction: 0.95 }`
     */
    slo?: Slo;
    /** Rolling period of the SLOs, days (1..30). @default 30 */
    sloRollingDays?: number;
    /**
     * Create SLO objects (availability and latency) with a fast-burn alert on the availability error budget.
     * @default dev false, staging false, prod true
     */
    createSlos?: boolean;
    /**
     * Burn rate of the availability error budget over one hour that pages: 14.4 spends 2 % of a 30-day budget in an
     * hour (Google SRE workbook's fast-burn threshold).
     * @default 14.4
     */
    burnRateThreshold?: number;
    /** Create the availability and latency alert policies. @default dev false, staging true, prod true */
    alerts?: boolean;
    /** Minimum checker regions failing at once before the availability alert fires (1 region failing is often the network). @default 2 */
    failingRegions?: number;
    /**
     * Who is told: existing `channels` (`projects/<p>/notificationChannels/<id>`), `emails` (a channel each), `slack`,
     * `webhookUrl`. May be empty (dev has no alerts).
     * @default {}
     */
    notify?: Notifications;
    /** Edits of each child's computed args. @default none: each child takes the args the component computed */
    transform?: {
        check?: Transform<monitoring.UptimeCheckConfigArgs>;
        alertPolicy?: Transform<monitoring.AlertPolicyArgs>;
        service?: Transform<monitoring.GenericServiceArgs>;
        slo?: Transform<monitoring.SloArgs>;
        channel?: Transform<monitoring.NotificationChannelArgs>;
    };
}

const KEY = /^[a-z][a-z0-9-]{0,29}$/;

/**
 * Cloud Monitoring uptime checks of public HTTPS endpoints (TLS certificate validated), each with an availability
 * alert (probes failing from several regions), a latency alert, and in prod an availability SLO and a latency SLO
 * against the seeds' targets (99.9 %, 95 % under 500 ms) with a fast-burn alert on the availability error budget.
 */
export class UptimeChecks extends Component {
    /** Uptime check ids per endpoint name. */
    public readonly checkIds: Record<string, pulumi.Output<string>>;
    /** SLO resource names per endpoint name (prod, or `createSlos: true`). */
    public readonly availabilitySloNames: Record<string, pulumi.Output<string>>;
    public readonly alertPolicyNames: pulumi.Output<string>[];

    constructor(name: string, args: UptimeChecksArgs, opts?: pulumi.ComponentResourceOptions) {
        super("observability:UptimeChecks", name, args, opts);

        // ---- validation, before any child ----
        if (!Array.isArray(args.endpoints) || args.endpoints.length === 0) {
            throw new InvalidArgumentError(COMPONENT, "endpoints", "is empty", "at least one endpoint");
        }
        const parsed: { endpoint: UptimeEndpoint; url: URL }[] = [];
        const seen = new Set<string>();
        for (const [i, endpoint] of args.endpoints.entries()) {
            if (!KEY.test(endpoint.name))
                throw new InvalidArgumentError(
                    COMPONENT,
                    `endpoints[${i}].name`,
                    `is "${endpoint.name}"`,
                    "lower case letters, digits and `-`, starting with a letter, up to 30 characters",
                );
            if (seen.has(endpoint.name))
                throw new InvalidArgumentError(COMPONENT, `endpoints[${i}].name`, `"${endpoint.name}" is used twice`, "unique names");
            seen.add(endpoint.name);
            let url: URL;
            try {
                url = new URL(endpoint.url);
            } catch {
                throw new InvalidArgumentError(COMPONENT, `endpoints[${i}].url`, `is "${endpoint.url}"`, "an absolute https:// URL");
            }
            if (url.protocol !== "https:")
                throw new InvalidArgumentError(
                    COMPONENT,
                    `endpoints[${i}].url`,
                    `uses ${url.protocol}`,
                    "https:// only (the check validates the certificate)",
                );
            if (url.username || url.password)
                throw new InvalidArgumentError(
                    COMPONENT,
                    `endpoints[${i}].url`,
                    "carries credentials",
                    "a public URL without user:password",
                );
            if (endpoint.latencyMs !== undefined && !(endpoint.latencyMs > 0)) {
                throw new InvalidArgumentError(
                    COMPONENT,
                    `endpoints[${i}].latencyMs`,
                    `is ${endpoint.latencyMs}`,
                    "a positive number of milliseconds",
                );
            }
            parsed.push({ endpoint, url });
        }
        const p = profileDefaults(PROFILE, this.environment, {
            periodSeconds: args.periodSeconds,
            createSlos: args.createSlos,
            alerts: args.alerts,
        });
        if (!UPTIME_PERIODS.includes(p.periodSeconds))
            throw new InvalidArgumentError(COMPONENT, "periodSeconds", `is ${p.periodSeconds}`, UPTIME_PERIODS.join(", "));
        const timeout = args.timeoutSeconds ?? 10;
        if (!Number.isInteger(timeout) || timeout < 1 || timeout > 60)
            throw new InvalidArgumentError(COMPONENT, "timeoutSeconds", `is ${timeout}`, "an integer from 1 to 60");
        if (args.regions !== undefined) {
            const unknown = args.regions.filter((r) => !(UPTIME_REGIONS as readonly string[]).includes(r));
            if (unknown.length > 0 || new Set(args.regions).size < 3) {
                throw new InvalidArgumentError(
                    COMPONENT,
                    "regions",
                    `is ${JSON.stringify(args.regions)}`,
                    `at least 3 of ${UPTIME_REGIONS.join(", ")}`,
                );
            }
        }
        const slo = resolveSlo(COMPONENT, args.slo);
        const { availability: availabilityGoal, latencyFraction: latencyGoal, latencyMs: latencyThresholdMs } = slo;
        const rollingDays = args.sloRollingDays ?? 30;
        if (!Number.isInteger(rollingDays) || rollingDays < 1 || rollingDays > 30)
            throw new InvalidArgumentError(COMPONENT, "sloRollingDays", `is ${rollingDays}`, "an integer from 1 to 30");
        const burnRate = args.burnRateThreshold ?? 14.4;
        if (!(burnRate > 1)) throw new InvalidArgumentError(COMPONENT, "burnRateThreshold", `is ${burnRate}`, "a burn rate above 1");
        const failingRegions = args.failingRegions ?? 2;
        const regionCount = args.regions?.length ?? UPTIME_REGIONS.length;
        if (!Number.isInteger(failingRegions) || failingRegions < 1 || failingRegions > regionCount) {
            throw new InvalidArgumentError(
                COMPONENT,
                "failingRegions",
                `is ${failingRegions}`,
                `an integer from 1 to ${regionCount} (the checker regions)`,
            );
        }
        const notify = checkNotifications(COMPONENT, args.notify, "notify", false);

        const project = args.project;
        const userLabels = gcpLabels(this.tags);
        const channels = notificationChannels(notify, {
            child: this.child.bind(this),
            project,
            userLabels,
            emailSuffix: (_, i) => `email-${i}`,
            displayName: (what) => `${this.physicalName("")} ${what}`,
            givenFirst: true,
            transform: { email: args.transform?.channel, slack: args.transform?.channel, webhook: args.transform?.channel },
        });

        this.checkIds = {};
        this.availabilitySloNames = {};
        this.alertPolicyNames = [];
        for (const { endpoint, url } of parsed) {
            const display = this.physicalName(endpoint.name);
            const check = this.child(
                monitoring.UptimeCheckConfig,
                endpoint.name,
                {
                    project,
                    displayName: display,
                    period: `${p.periodSeconds}s`,
                    timeout: `${timeout}s`,
                    selectedRegions: args.regions,
                    checkerType: "STATIC_IP_CHECKERS",
                    logCheckFailures: true,
                    monitoredResource: {
                        type: "uptime_url",
                        labels: { host: url.hostname, ...(project !== undefined ? { project_id: project } : {}) },
                    },
                    httpCheck: {
                        requestMethod: "GET",
                        path: `${url.pathname}${url.search}`,
                        port: url.port ? Number(url.port) : 443,
                        useSsl: true,
                        validateSsl: true,
                        acceptedResponseStatusCodes: [{ statusClass: "STATUS_CLASS_2XX" }],
                    },
                    contentMatchers:
                        endpoint.contentMatch !== undefined ? [{ content: endpoint.contentMatch, matcher: "CONTAINS_STRING" }] : undefined,
                    userLabels,
                },
                args.transform?.check,
            );
            this.checkIds[endpoint.name] = check.uptimeCheckId;
            const passed = pulumi.interpolate`metric.type="monitoring.googleapis.com/uptime_check/check_passed" AND resource.type="uptime_url" AND metric.label.check_id="${check.uptimeCheckId}"`;
            const latency = pulumi.interpolate`metric.type="monitoring.googleapis.com/uptime_check/request_latency" AND resource.type="uptime_url" AND metric.label.check_id="${check.uptimeCheckId}"`;
            const threshold = endpoint.latencyMs ?? latencyThresholdMs;

            if (p.alerts) {
                const availability = this.child(
                    monitoring.AlertPolicy,
                    `${endpoint.name}-down`,
                    {
                        project,
                        displayName: `${display}: down from ${failingRegions}+ regions`,
                        combiner: "OR",
                        severity: "CRITICAL",
                        conditions: [
                            {
                                displayName: `${endpoint.url} failing`,
                                conditionThreshold: {
                                    filter: passed,
                                    comparison: "COMPARISON_GT",
                                    // Regions whose latest probe failed, counted over the check's regions.
                                    thresholdValue: failingRegions - 1,
                                    duration: `${Math.max(60, p.periodSeconds)}s`,
                                    trigger: { count: 1 },
                                    aggregations: [
                                        {
                                            alignmentPeriod: `${Math.max(1200, p.periodSeconds * 2)}s`,
                                            perSeriesAligner: "ALIGN_NEXT_OLDER",
                                            crossSeriesReducer: "REDUCE_COUNT_FALSE",
                                            groupByFields: ["resource.label.*"],
                                        },
                                    ],
                                },
                            },
                        ],
                        notificationChannels: channels,
                        documentation: {
                            mimeType: "text/markdown",
                            content: `${endpoint.url} failed uptime probes from at least ${failingRegions} checker regions. Availability objective: ${(availabilityGoal * 100).toFixed(2)} %.`,
                        },
                        userLabels,
                    },
                    args.transform?.alertPolicy,
                );
                const slow = this.child(
                    monitoring.AlertPolicy,
                    `${endpoint.name}-slow`,
                    {
                        project,
                        displayName: `${display}: probe latency p95 above ${threshold} ms`,
                        combiner: "OR",
                        severity: "WARNING",
                        conditions: [
                            {
                                displayName: `${endpoint.url} p95 latency > ${threshold} ms`,
                                conditionThreshold: {
                                    filter: latency,
                                    comparison: "COMPARISON_GT",
                                    thresholdValue: threshold,
                                    duration: "300s",
                                    trigger: { count: 1 },
                                    aggregations: [
                                        {
                                            alignmentPeriod: `${Math.max(300, p.periodSeconds)}s`,
                                            perSeriesAligner: "ALIGN_MEAN",
                                            crossSeriesReducer: "REDUCE_PERCENTILE_95",
                                            groupByFields: ["metric.label.check_id"],
                                        },
                                    ],
                                },
                            },
                        ],
                        notificationChannels: channels,
                        documentation: {
                            mimeType: "text/markdown",
                            content: `The 95th percentile across checker regions of the mean probe latency of ${endpoint.url} stayed above ${threshold} ms for 5 minutes.`,
                        },
                        userLabels,
                    },
                    args.transform?.alertPolicy,
                );
                this.alertPolicyNames.push(availability.name, slow.name);
            }

            if (p.createSlos) {
                const service = this.child(
                    monitoring.GenericService,
                    `${endpoint.name}-service`,
                    { project, serviceId: display, displayName: `${display} (${url.host})`, userLabels },
                    args.transform?.service,
                );
                const availabilitySlo = this.child(
                    monitoring.Slo,
                    `${endpoint.name}-availability`,
                    {
                        project,
                        service: service.serviceId,
                        sloId: "availability",
                        displayName: `${display}: ${(availabilityGoal * 100).toFixed(2)} % of ${p.periodSeconds}s windows up`,
                        goal: availabilityGoal,
                        rollingPeriodDays: rollingDays,
                        windowsBasedSli: { windowPeriod: `${p.periodSeconds}s`, goodBadMetricFilter: passed },
                        userLabels,
                    },
                    args.transform?.slo,
                );
                this.child(
                    monitoring.Slo,
                    `${endpoint.name}-latency`,
                    {
                        project,
                        service: service.serviceId,
                        sloId: "latency",
                        displayName: `${display}: ${(latencyGoal * 100).toFixed(0)} % of windows under ${threshold} ms`,
                        goal: latencyGoal,
                        rollingPeriodDays: rollingDays,
                        windowsBasedSli: {
                            windowPeriod: `${Math.max(300, p.periodSeconds)}s`,
                            metricMeanInRange: { timeSeries: latency, range: { max: threshold } },
                        },
                        userLabels,
                    },
                    args.transform?.slo,
                );
                this.availabilitySloNames[endpoint.name] = availabilitySlo.name;
                if (p.alerts) {
                    const burn = this.child(
                        monitoring.AlertPolicy,
                        `${endpoint.name}-burn-rate`,
                        {
                            project,
                            displayName: `${display}: availability error budget burning ${burnRate}x`,
                            combiner: "OR",
                            severity: "CRITICAL",
                            conditions: [
                                {
                                    displayName: `burn rate over 1 h > ${burnRate}`,
                                    conditionThreshold: {
                                        filter: pulumi.interpolate`select_slo_burn_rate("${availabilitySlo.name}", "60m")`,
                                        comparison: "COMPARISON_GT",
                                        thresholdValue: burnRate,
                                        duration: "0s",
                                    },
                                },
                            ],
                            notificationChannels: channels,
                            documentation: {
                                mimeType: "text/markdown",
                                content: `The ${(availabilityGoal * 100).toFixed(2)} % availability objective of ${endpoint.url} is spending its ${rollingDays}-day error budget ${burnRate} times faster than sustainable.`,
                            },
                            userLabels,
                        },
                        args.transform?.alertPolicy,
                    );
                    this.alertPolicyNames.push(burn.name);
                }
            }
        }

        this.registerOutputs({
            checkIds: this.checkIds,
            availabilitySloNames: this.availabilitySloNames,
            alertPolicyNames: this.alertPolicyNames,
        });
    }
}
