import * as monitoring from "@pulumi/gcp/monitoring";
import * as pulumi from "@pulumi/pulumi";
import { type BaseArgs, checkRange, Component, InvalidArgumentError, shortHash, type Transform } from "../core";
import { gcpLabels, gcpProject } from "../core/gcp";
import { notificationChannels } from "./gcp-channels";
import { checkNotifications, checkUnique, resolveSlo } from "./objectives";
import { type GcpMonitorable, type GcpSignalSource, gcpSources, type Notifications, type Slo } from "./signals";

/** Uptime check regions Cloud Monitoring offers; a check needs regions holding at least 3 locations. */
export const UPTIME_REGIONS = ["USA", "EUROPE", "SOUTH_AMERICA", "ASIA_PACIFIC", "USA_OREGON", "USA_IOWA", "USA_VIRGINIA"] as const;
export type UptimeRegion = (typeof UPTIME_REGIONS)[number];

/** The uptime check periods Cloud Monitoring accepts, seconds. */
export const UPTIME_PERIODS = [60, 300, 600, 900];
const HOSTNAME = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export interface GcpMonitoringArgs extends BaseArgs {
    /** Project of the channels, checks and policies. @default the provider's project */
    project?: pulumi.Input<string>;
    /**
     * Who is told: one `email` channel per address, a Slack channel (`slack`, the Cloud Monitoring Slack app's token
     * from a secret config value), a `webhook_tokenauth` channel for `webhookUrl`, and existing `channels`. At least
     * one. TechMate: email for production issues and health check failures, Slack for critical errors (seeds/003).
     * Email, Slack and webhook channels are free.
     */
    notify: Notifications;
    /**
     * The components to watch, each describing its own alert policies (its `monitoring()`), e.g. `[api]`: a Cloud Run
     * service's latency and 5xx-ratio alerts. The uptime check calls the first one's host unless `uptimeHost` is given.
     * @default [] (only the uptime check, which then needs `uptimeHost`)
     */
    monitor?: (GcpMonitorable | GcpSignalSource)[];
    /**
     * Host the uptime check calls over HTTPS, e.g. `api.techmate.ai` (no scheme, no path).
     * @default the first watched component's host (a Cloud Run service's domain, else its run.app host)
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
     * Objectives, as fractions: a Cloud Run service's 5xx ratio alert fires above `1 - availability` (0.1 % for
     * 0.999), its latency alert above `latencyMs` at the `latencyFraction` percentile. CoachMeld (seeds/000) and
     * TechMate target 99.9 % uptime; TechMate API p95 < 500 ms (seeds/003).
     * @default `{ availability: 0.999, latencyMs: 500, latencyFraction: 0.95 }`
     */
    slo?: Slo;
    /** Minutes a condition must hold before the alert fires (1..60; uptime alerts use 1). @default 5 */
    alertAfterMinutes?: number;
    /** Edits of each child's computed args. @default none: each child takes the args the component computed */
    transform?: {
        emailChannel?: Transform<monitoring.NotificationChannelArgs>;
        slackChannel?: Transform<monitoring.NotificationChannelArgs>;
        webhookChannel?: Transform<monitoring.NotificationChannelArgs>;
        uptimeCheck?: Transform<monitoring.UptimeCheckConfigArgs>;
        uptimeAlert?: Transform<monitoring.AlertPolicyArgs>;
        /** Every alert policy a watched component asks for. */
        alert?: Transform<monitoring.AlertPolicyArgs>;
    };
}

/** `0.999` → `"99.9 %"`. */
function percent(fraction: number): string {
    return `${Number((fraction * 100).toFixed(4))} %`;
}

/** Checks the uptime regions hold at least 3 checker locations. */
export function checkUptimeRegions(component: string, arg: string, regions: readonly string[]): void {
    for (const r of regions) {
        if (!(UPTIME_REGIONS as readonly string[]).includes(r))
            throw new InvalidArgumentError(component, arg, `contains "${String(r)}"`, UPTIME_REGIONS.join(", "));
    }
    // USA, EUROPE, SOUTH_AMERICA, ASIA_PACIFIC hold several locations each; the USA_* ones one each.
    const locations = regions.reduce((n, r) => n + (r.startsWith("USA_") ? 1 : 3), 0);
    if (locations < 3)
        throw new InvalidArgumentError(
            component,
            arg,
            `holds ${locations} location(s)`,
            "regions holding at least 3 locations, e.g. three USA_* or one continent",
        );
}

/**
 * Cloud Monitoring for an application: notification channels, an HTTPS uptime check on `/health` every minute from
 * three continents with its alert, and whatever alert policies the watched components ask for (their
 * `monitoring()`), each documented with the SLO it guards. It knows no component.
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
    /** Names of the alert policies, by child name (`uptime`, `latency-alert`, ...). */
    public readonly alertPolicyNames: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: GcpMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("monitoring:GcpMonitoring", name, args, opts);
        const component = `GcpMonitoring "${name}"`;

        // ---- validation ----
        const notify = checkNotifications(component, args.notify);
        if (typeof args.uptimeHost === "string" && !HOSTNAME.test(args.uptimeHost)) {
            throw new InvalidArgumentError(
                component,
                "uptimeHost",
                `is "${args.uptimeHost}"`,
                "a lower-case host name without scheme or path, e.g. api.example.com",
            );
        }
        const uptimePath = args.uptimePath ?? "/health";
        if (!/^\/[^\s]*$/.test(uptimePath))
            throw new InvalidArgumentError(component, "uptimePath", `is "${uptimePath}"`, 'a path starting with "/"');
        const period = args.uptimePeriodSeconds ?? 60;
        if (!UPTIME_PERIODS.includes(period))
            throw new InvalidArgumentError(component, "uptimePeriodSeconds", `is ${period}`, UPTIME_PERIODS.join(", "));
        const timeout = args.uptimeTimeoutSeconds ?? 10;
        checkRange(component, "uptimeTimeoutSeconds", timeout, 1, 60);
        const regions = args.uptimeRegions ?? ["USA", "EUROPE", "ASIA_PACIFIC"];
        checkUptimeRegions(component, "uptimeRegions", regions);
        const slo = resolveSlo(component, args.slo);
        const minutes = args.alertAfterMinutes ?? 5;
        checkRange(component, "alertAfterMinutes", minutes, 1, 60);
        const described = gcpSources(args.monitor ?? []).map((source) => source.signals({ slo, alertAfterMinutes: minutes }));
        const alerts = described.flatMap((d) => d.alerts);
        checkUnique(
            component,
            "monitor",
            ["uptime-alert", ...alerts.map((a) => a.key)],
            "each alert key once: give a second service its own monitoring({ keyPrefix })",
        );
        const host = args.uptimeHost ?? described.find((d) => d.uptimeHost !== undefined)?.uptimeHost;
        if (host === undefined)
            throw new InvalidArgumentError(
                component,
                "uptimeHost",
                "is missing and no watched component has a host",
                "a host name such as api.example.com, or a service in monitor",
            );

        // ---- children ----
        const labels = gcpLabels(this.tags);
        const projectId = gcpProject(this, args.project).id;
        const channels = pulumi.all(
            notificationChannels(notify, {
                child: this.child.bind(this),
                project: args.project,
                userLabels: labels,
                emailSuffix: (email) => `email-${shortHash(email.toLowerCase())}`,
                displayName: (what) => `${name} alerts: ${what}`,
                forceDelete: false,
                givenFirst: false,
                transform: {
                    email: args.transform?.emailChannel,
                    slack: args.transform?.slackChannel,
                    webhook: args.transform?.webhookChannel,
                },
            }),
        );
        this.notificationChannelNames = channels;

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
        const common = {
            project: args.project,
            combiner: "OR",
            notificationChannels: channels,
            userLabels: labels,
            alertStrategy: { autoClose: "1800s" },
        };

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
                        `SLO: ${percent(slo.availability)} availability (seeds: CoachMeld and TechMate uptime target 99.9 %, 8.76 h downtime a year).`,
                        `Check the latest revision's logs and the \`/health\` details (database, memory, disk); roll back with a Cloud Run revision rollback (~2 minutes).`,
                    ].join("\n"),
                },
            },
            args.transform?.uptimeAlert,
        );
        policies["uptime"] = uptimeAlert.name;

        for (const alert of alerts) {
            const policy = this.child(
                monitoring.AlertPolicy,
                alert.key,
                {
                    ...common,
                    displayName: `${name}: ${alert.title} (${this.environment})`,
                    severity: alert.severity,
                    conditions: alert.conditions,
                    documentation: { mimeType: "text/markdown", subject: `${name}: ${alert.title}`, content: alert.content },
                },
                args.transform?.alert,
            );
            policies[alert.key] = policy.name;
        }
        this.alertPolicyNames = policies;

        this.registerOutputs({
            notificationChannelNames: this.notificationChannelNames,
            uptimeCheckId: this.uptimeCheckId,
            alertPolicyNames: this.alertPolicyNames,
        });
    }
}
