import * as monitoring from "@pulumi/gcp/monitoring";
import type * as pulumi from "@pulumi/pulumi";
import type { Transform } from "../core";
import type { ChildFactory } from "../blocks/child";
import type { ResolvedNotifications } from "./objectives";

export interface ChannelArgs {
    /** The calling component's bound `child()`: channels are its children. */
    child: ChildFactory;
    /** Project of the channels; undefined: the provider's. */
    project: pulumi.Input<string> | undefined;
    /** Labels of every channel (the component's tags as GCP labels). */
    userLabels: Record<string, string>;
    /** Child suffix of an email channel (forever: each component keeps the names it had). */
    emailSuffix: (email: string, index: number) => string;
    /** Display name of a channel, from what it reaches (`ops@example.com`, `Slack #alerts`, `webhook`). */
    displayName: (what: string) => string;
    /** `forceDelete` of email channels. @default unset: the input is left out and the provider's default applies */
    forceDelete?: boolean;
    /** Whether the given `channels` come before the created ones in every policy's list. */
    givenFirst: boolean;
    /** The calling component's transforms, per kind of channel. */
    transform: {
        email?: Transform<monitoring.NotificationChannelArgs>;
        slack?: Transform<monitoring.NotificationChannelArgs>;
        webhook?: Transform<monitoring.NotificationChannelArgs>;
    };
}

/**
 * The Cloud Monitoring notification channels of a {@link Notifications}: one `email` channel per address, a `slack`
 * channel (token in `sensitiveLabels.authToken`) and a `webhook_tokenauth` channel whose URL label is secret
 * ("Create and manage notification channels by API", cloud.google.com/monitoring/alerts/using-channels-api, read
 * 2026-12-06). Returns the names every alert policy notifies, created and given.
 */
export function notificationChannels(notify: ResolvedNotifications, a: ChannelArgs): pulumi.Input<string>[] {
    const created: pulumi.Output<string>[] = [];
    const add = (
        suffix: string,
        args: Omit<monitoring.NotificationChannelArgs, "project" | "userLabels">,
        transform: Transform<monitoring.NotificationChannelArgs> | undefined,
    ) => {
        created.push(
            a.child(monitoring.NotificationChannel, suffix, { project: a.project, ...args, userLabels: a.userLabels }, transform).name,
        );
    };
    for (const [i, email] of notify.emails.entries()) {
        const forceDelete = a.forceDelete !== undefined ? { forceDelete: a.forceDelete } : {};
        add(
            a.emailSuffix(email, i),
            { type: "email", displayName: a.displayName(email), labels: { email_address: email }, ...forceDelete },
            a.transform.email,
        );
    }
    const slack = notify.slack;
    if (slack !== undefined) {
        const what = `Slack ${slack.channel}`;
        add(
            "slack",
            {
                type: "slack",
                displayName: a.displayName(what),
                labels: { channel_name: slack.channel },
                sensitiveLabels: { authToken: slack.authToken },
            },
            a.transform.slack,
        );
    }
    if (notify.webhookUrl !== undefined)
        add(
            "webhook",
            { type: "webhook_tokenauth", displayName: a.displayName("webhook"), labels: { url: notify.webhookUrl } },
            a.transform.webhook,
        );
    return a.givenFirst ? [...notify.channels, ...created] : [...created, ...notify.channels];
}
