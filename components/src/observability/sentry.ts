import type * as pulumi from "@pulumi/pulumi";
import * as sentry from "@pulumiverse/sentry";
import type * as sentryInputs from "@pulumiverse/sentry/types/input";
import { type BaseArgs, Component, InvalidArgumentError, type Link, type Profile, type Transform, profileDefaults } from "../core";

const COMPONENT = "SentryProjects";

/** One application reporting to Sentry. */
export interface SentryApp {
    /** Key of the app in this component (`mobile`, `web`, `api`): child names and outputs are keyed by it. Never rename. */
    name: string;
    /**
     * Sentry platform of the project: `react-native` (Expo), `javascript-react` / `capacitor` (Capacitor web layer),
     * `javascript-nextjs`, `node`, `python`, ... Only sets the onboarding and default grouping hints.
     */
    platform: string;
    /**
     * Project slug (lower case, digits, `-`, `_`), unique in the organization. Changing it renames the project.
     * @default the physical name `<project>-<stack>-<component>-<app>`: one Sentry project per app and stack
     */
    slug?: string;
    /** Teams owning the project, overriding the component's `teams`. */
    teams?: pulumi.Input<string>[];
    /** Performance alert on `p95(transaction.duration)` above this many ms (needs tracing in the SDK). @default none */
    p95LatencyMs?: number;
}

interface SentryProfile {
    alerts: boolean;
    rateLimitCount: number;
    errorCountThreshold: number;
    resolveAgeHours: number;
}

/**
 * Per environment: no alerts in dev (noise), a tighter key rate limit in dev and staging (a DSN is public, so a leaked
 * or abused one can only burn this much quota), and auto-resolution of stale issues.
 */
const PROFILE: Profile<SentryProfile> = {
    dev: { alerts: false, rateLimitCount: 100, errorCountThreshold: 100, resolveAgeHours: 168 },
    staging: { alerts: true, rateLimitCount: 300, errorCountThreshold: 50, resolveAgeHours: 336 },
    prod: { alerts: true, rateLimitCount: 1000, errorCountThreshold: 20, resolveAgeHours: 720 },
};

export interface SentryProjectsArgs extends BaseArgs {
    /** Slug of the Sentry organization. Changing it replaces every project. */
    organization: pulumi.Input<string>;
    /** Team slugs owning every project (at least one, here or per app). @default none: each app names its own `teams` */
    teams?: pulumi.Input<string>[];
    /** The applications, one Sentry project each (seeds: mobile crash reporting, web error boundaries, backend exceptions). */
    apps: SentryApp[];
    /**
     * Events each client key accepts per `rateLimitWindowSeconds` before Sentry drops them. Sentry bills accepted
     * events: this caps what an abused public DSN can cost.
     * @default dev 100, staging 300, prod 1000
     */
    rateLimitCount?: number;
    /** @default 60 */
    rateLimitWindowSeconds?: number;
    /** Hours after which an issue not seen again is resolved (0 = never). @default dev 168, staging 336, prod 720 */
    resolveAgeHours?: number;
    /** Create the issue and metric alerts. @default dev false, staging true, prod true */
    alerts?: boolean;
    /**
     * Critical threshold of the error-count metric alert: errors per `alertWindowMinutes` (warning at half of it).
     * @default dev 100, staging 50, prod 20
     */
    errorCountThreshold?: number;
    /** Window of the metric alerts, minutes (Sentry accepts 1, 5, 10, 15, 30, 60, 120, 240, 1440). @default 60 */
    alertWindowMinutes?: number;
    /**
     * Sentry environment the alerts watch (the SDK's `environment`). Sentry rejects an alert scoped to an environment
     * it has not received an event for yet ("Environment is not part of this organization"; Sentry creates an
     * environment on the first event tagged with it), so set this only once the apps have reported from it. Each
     * project here belongs to one stack already, so the scope is rarely needed.
     * @default every environment of the project
     */
    alertEnvironment?: pulumi.Input<string>;
    /**
     * Who metric alerts notify, e.g. a Slack action `{ type: "slack", targetType: "specific", targetIdentifier:
     * "#alerts", integrationId }`. Sentry rejects a metric alert trigger without an action ("Each trigger must have an
     * associated action for this alert to fire."), so the list may not be empty. Issue alerts e-mail the issue owners,
     * falling back to active members.
     * @default an e-mail to the app's first owning team (its internal id looked up with `getSentryTeam`)
     */
    alertActions?: pulumi.Input<sentryInputs.SentryMetricAlertTriggerAction>[];
    /**
     * Also post every alert to a Slack channel through the organization's Slack integration (installed once in Sentry,
     * Settings → Integrations → Slack; the component looks its id up by workspace name with
     * `getSentryOrganizationIntegration`, so a missing integration fails the preview, not the first alert). Issue
     * alerts get Sentry's `SlackNotifyServiceAction` (`workspace`, `channel`), metric alerts a `slack` action
     * (`targetType: "specific"`, `targetIdentifier` the channel, `integrationId`): the shapes of the provider's examples
     * (@pulumiverse/sentry 0.0.9, sentryIssueAlert.d.ts and sentryMetricAlert.d.ts) and of Sentry's rule registry
     * (getsentry/sentry src/sentry/integrations/slack/actions/notification.py, src/sentry/mail/actions.py).
     * @default none: alerts e-mail the owning team only
     */
    slack?: { workspace: pulumi.Input<string>; channel: string };
    /** Edits of the computed args of each kind of child. @default none: each child takes the args the component computed */
    transform?: {
        project?: Transform<sentry.SentryProjectArgs>;
        key?: Transform<sentry.SentryKeyArgs>;
        issueAlert?: Transform<sentry.SentryIssueAlertArgs>;
        metricAlert?: Transform<sentry.SentryMetricAlertArgs>;
    };
}

const ALERT_WINDOWS = [1, 5, 10, 15, 30, 60, 120, 240, 1440];
const SLUG = /^[a-z0-9][a-z0-9_-]{0,49}$/;
const KEY = /^[a-z][a-z0-9-]{0,29}$/;

/**
 * A Sentry project per application, its client key (DSN) with a rate limit, and, outside dev, an issue alert on new
 * and regressed issues plus metric alerts on the error count (and p95 transaction latency where asked).
 *
 * The DSN is NOT marked secret: Sentry documents it as safe to publish (it only allows sending events, and it ships
 * inside every mobile and web bundle anyway), and a secret output could not be passed as a plain build variable
 * (`EXPO_PUBLIC_SENTRY_DSN`) without unwrapping it. What limits abuse is the key's rate limit. The provider marks the
 * key's `secret` and deprecated `dsnSecret` outputs secret itself; this component exposes neither.
 */
export class SentryProjects extends Component {
    /** DSN per app name. */
    public readonly dsns: Record<string, pulumi.Output<string>>;
    /** Project slug per app name. */
    public readonly projectSlugs: Record<string, pulumi.Output<string>>;
    public readonly projects: Record<string, sentry.SentryProject>;
    public readonly keys: Record<string, sentry.SentryKey>;

    constructor(name: string, args: SentryProjectsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("observability:SentryProjects", name, args, opts);

        // ---- validation, before any child ----
        if (!Array.isArray(args.apps) || args.apps.length === 0) {
            throw new InvalidArgumentError(COMPONENT, "apps", "is empty", "at least one app");
        }
        const seen = new Set<string>();
        for (const [i, app] of args.apps.entries()) {
            if (!KEY.test(app.name))
                throw new InvalidArgumentError(
                    COMPONENT,
                    `apps[${i}].name`,
                    `is "${app.name}"`,
                    "lower case letters, digits and `-`, starting with a letter, up to 30 characters",
                );
            if (seen.has(app.name))
                throw new InvalidArgumentError(COMPONENT, `apps[${i}].name`, `"${app.name}" is used twice`, "unique app names");
            seen.add(app.name);
            if (!app.platform)
                throw new InvalidArgumentError(
                    COMPONENT,
                    `apps[${i}].platform`,
                    "is empty",
                    "a Sentry platform such as react-native, javascript-nextjs, node",
                );
            if (app.slug !== undefined && !SLUG.test(app.slug)) {
                throw new InvalidArgumentError(
                    COMPONENT,
                    `apps[${i}].slug`,
                    `is "${app.slug}"`,
                    "lower case letters, digits, `-` and `_`, up to 50 characters",
                );
            }
            if ((app.teams ?? args.teams ?? []).length === 0) {
                throw new InvalidArgumentError(
                    COMPONENT,
                    `apps[${i}].teams`,
                    "is empty and so is `teams`",
                    "at least one team slug owning the project",
                );
            }
            if (app.p95LatencyMs !== undefined && !(app.p95LatencyMs > 0)) {
                throw new InvalidArgumentError(
                    COMPONENT,
                    `apps[${i}].p95LatencyMs`,
                    `is ${app.p95LatencyMs}`,
                    "a positive number of milliseconds",
                );
            }
        }
        const p = profileDefaults(PROFILE, this.environment, {
            alerts: args.alerts,
            rateLimitCount: args.rateLimitCount,
            errorCountThreshold: args.errorCountThreshold,
            resolveAgeHours: args.resolveAgeHours,
        });
        if (!Number.isInteger(p.rateLimitCount) || p.rateLimitCount < 1) {
            throw new InvalidArgumentError(COMPONENT, "rateLimitCount", `is ${p.rateLimitCount}`, "a positive integer");
        }
        const rateLimitWindow = args.rateLimitWindowSeconds ?? 60;
        if (!Number.isInteger(rateLimitWindow) || rateLimitWindow < 1 || rateLimitWindow > 86400) {
            throw new InvalidArgumentError(COMPONENT, "rateLimitWindowSeconds", `is ${rateLimitWindow}`, "an integer from 1 to 86400");
        }
        if (!(p.errorCountThreshold >= 2)) {
            throw new InvalidArgumentError(
                COMPONENT,
                "errorCountThreshold",
                `is ${p.errorCountThreshold}`,
                "a number of errors >= 2 (the warning is half of it)",
            );
        }
        const window = args.alertWindowMinutes ?? 60;
        if (!ALERT_WINDOWS.includes(window)) {
            throw new InvalidArgumentError(COMPONENT, "alertWindowMinutes", `is ${window}`, ALERT_WINDOWS.join(", "));
        }
        if (args.slack !== undefined && !/^#[a-z0-9_-]{1,80}$/.test(args.slack.channel)) {
            throw new InvalidArgumentError(
                COMPONENT,
                "slack.channel",
                `is ${JSON.stringify(args.slack.channel)}`,
                "a Slack channel name such as #alerts",
            );
        }
        if (args.alertActions !== undefined && args.alertActions.length === 0) {
            // getsentry/sentry src/sentry/incidents/serializers/alert_rule.py, AlertRuleSerializer.validate (PR #78446).
            throw new InvalidArgumentError(
                COMPONENT,
                "alertActions",
                "is empty; Sentry rejects a metric alert trigger without an action",
                "one action or more, or leave it out to e-mail the owning team",
            );
        }

        // The Slack integration, looked up once (its internal id is what both alert kinds name).
        const slack = args.slack;
        const slackIntegrationId =
            slack !== undefined && p.alerts
                ? sentry.getSentryOrganizationIntegrationOutput(
                      { organization: args.organization, providerKey: "slack", name: slack.workspace },
                      { parent: this },
                  ).internalId
                : undefined;

        this.dsns = {};
        this.projectSlugs = {};
        this.projects = {};
        this.keys = {};
        for (const app of args.apps) {
            const slug = app.slug ?? this.physicalName(app.name).slice(0, 50).replace(/-+$/, "");
            const project = this.child(
                sentry.SentryProject,
                app.name,
                {
                    organization: args.organization,
                    name: slug,
                    slug,
                    platform: app.platform,
                    teams: app.teams ?? args.teams ?? [],
                    resolveAge: p.resolveAgeHours,
                },
                args.transform?.project,
            );
            const key = this.child(
                sentry.SentryKey,
                `${app.name}-key`,
                {
                    organization: args.organization,
                    project: project.slug,
                    name: `${slug} (managed by Pulumi)`,
                    rateLimitCount: p.rateLimitCount,
                    rateLimitWindow,
                },
                args.transform?.key,
            );
            this.projects[app.name] = project;
            this.keys[app.name] = key;
            this.dsns[app.name] = key.dsnPublic;
            this.projectSlugs[app.name] = project.slug;

            if (!p.alerts) continue;
            const team = this.team(args.organization, (app.teams ?? args.teams ?? [])[0]);
            // Every alert reaches people: the owning team by e-mail (all active members if the team has none), and Slack when configured.
            const issueActions: pulumi.Input<Record<string, pulumi.Input<string>>>[] = [
                {
                    id: "sentry.mail.actions.NotifyEmailAction",
                    targetType: "Team",
                    targetIdentifier: team.internalId,
                    fallthroughType: "ActiveMembers",
                },
                ...(slack !== undefined && slackIntegrationId !== undefined
                    ? [
                          {
                              id: "sentry.integrations.slack.notify_action.SlackNotifyServiceAction",
                              workspace: slackIntegrationId,
                              channel: slack.channel,
                          },
                      ]
                    : []),
            ];
            this.child(
                sentry.SentryIssueAlert,
                `${app.name}-new-issues`,
                {
                    organization: args.organization,
                    project: project.slug,
                    name: `${slug}: new or regressed issue`,
                    actionMatch: "any",
                    filterMatch: "all",
                    frequency: 30,
                    environment: args.alertEnvironment,
                    conditions: [
                        { id: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition" },
                        { id: "sentry.rules.conditions.regression_event.RegressionEventCondition" },
                    ],
                    actions: issueActions,
                },
                args.transform?.issueAlert,
            );
            const actions: pulumi.Input<sentryInputs.SentryMetricAlertTriggerAction>[] = [
                ...(args.alertActions ?? [{ type: "email", targetType: "team", targetIdentifier: team.internalId }]),
                ...(slack !== undefined && slackIntegrationId !== undefined
                    ? [
                          {
                              type: "slack",
                              targetType: "specific",
                              targetIdentifier: slack.channel,
                              integrationId: slackIntegrationId.apply((id) => Number(id)),
                          },
                      ]
                    : []),
            ];
            this.child(
                sentry.SentryMetricAlert,
                `${app.name}-error-count`,
                {
                    organization: args.organization,
                    project: project.slug,
                    name: `${slug}: errors above ${p.errorCountThreshold} per ${window} min`,
                    dataset: "events",
                    eventTypes: ["error"],
                    query: "",
                    aggregate: "count()",
                    timeWindow: window,
                    thresholdType: 0,
                    environment: args.alertEnvironment,
                    triggers: [
                        { label: "critical", alertThreshold: p.errorCountThreshold, thresholdType: 0, actions },
                        { label: "warning", alertThreshold: Math.floor(p.errorCountThreshold / 2), thresholdType: 0, actions },
                    ],
                },
                args.transform?.metricAlert,
            );
            if (app.p95LatencyMs !== undefined) {
                this.child(
                    sentry.SentryMetricAlert,
                    `${app.name}-p95-latency`,
                    {
                        organization: args.organization,
                        project: project.slug,
                        name: `${slug}: p95 transaction duration above ${app.p95LatencyMs} ms`,
                        // Current organisations reject `transactions` for performance alerts ("Performance alerts
                        // must use the `generic_metrics` dataset", AlertRuleSerializer._validate_performance_dataset).
                        dataset: "generic_metrics",
                        eventTypes: ["transaction"],
                        query: "",
                        aggregate: "p95(transaction.duration)",
                        timeWindow: window,
                        thresholdType: 0,
                        environment: args.alertEnvironment,
                        triggers: [{ label: "critical", alertThreshold: app.p95LatencyMs, thresholdType: 0, actions }],
                    },
                    args.transform?.metricAlert,
                );
            }
        }

        this.registerOutputs({ dsns: this.dsns, projectSlugs: this.projectSlugs });
    }

    /**
     * The link of one app's project, for the service that reports to it: `SENTRY_DSN` (or `variable`, e.g.
     * `VITE_SENTRY_DSN` for a web build) set to the project's public DSN, a plain variable (see the class comment:
     * the DSN only lets a client send events). The link is named `<this>-<app>`.
     */
    link(app: string, variable = "SENTRY_DSN"): Link {
        const dsn = this.dsns[app];
        if (dsn === undefined)
            throw new InvalidArgumentError(
                `${COMPONENT} "${this.name}"`,
                `link("${app}")`,
                "names no app of this component",
                Object.keys(this.dsns).join(", "),
            );
        return { name: `${this.name}-${app}`, env: { [variable]: dsn } };
    }

    /** A team, looked up by slug: its internal id is what `targetIdentifier` takes for a team e-mail in both alert kinds. */
    private team(organization: pulumi.Input<string>, slug: pulumi.Input<string>): { internalId: pulumi.Output<string> } {
        return sentry.getSentryTeamOutput({ organization, slug }, { parent: this });
    }
}
