import * as pulumi from "@pulumi/pulumi";
import { InvalidArgumentError } from "../core";
import { type Notifications, type ResolvedSlo, round, type Slo } from "./signals";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The seeds' targets: 99.9 % availability, p95 < 500 ms (CoachMeld seeds/000, InteliFeed 001, TechMate 003). */
export const DEFAULT_SLO: Required<Slo> = { availability: 0.999, latencyMs: 500, latencyFraction: 0.95 };

/** Applies the defaults and checks each objective; `arg` names the argument in errors (`slo`). */
export function resolveSlo(component: string, slo: Slo | undefined, arg = "slo"): ResolvedSlo {
    const availability = slo?.availability ?? DEFAULT_SLO.availability;
    const latencyMs = slo?.latencyMs ?? DEFAULT_SLO.latencyMs;
    const latencyFraction = slo?.latencyFraction ?? DEFAULT_SLO.latencyFraction;
    for (const [key, value] of [
        ["availability", availability],
        ["latencyFraction", latencyFraction],
    ] as const) {
        if (!Number.isFinite(value) || value <= 0 || value >= 1) {
            throw new InvalidArgumentError(
                component,
                `${arg}.${key}`,
                `is ${value}`,
                "a fraction strictly between 0 and 1, e.g. 0.999 (not a percentage)",
            );
        }
    }
    if (!Number.isFinite(latencyMs) || latencyMs <= 0)
        throw new InvalidArgumentError(component, `${arg}.latencyMs`, `is ${latencyMs}`, "a positive number of milliseconds");
    return { availability: round(availability), latencyMs, latencyFraction: round(latencyFraction), errorBudget: round(1 - availability) };
}

/** The checked notification targets, the webhook URL wrapped as a secret. */
export interface ResolvedNotifications {
    emails: string[];
    webhookUrl?: pulumi.Output<string>;
    channels: pulumi.Input<string>[];
    slack?: { channel: string; authToken: pulumi.Output<string> };
}

/**
 * Checks emails (format, each once), the webhook (`https://` when a plain string; the message never shows its path,
 * which often holds a token), the Slack channel name, and that someone is told.
 */
export function checkNotifications(
    component: string,
    notify: Notifications | undefined,
    arg = "notify",
    required = true,
): ResolvedNotifications {
    const emails = notify?.emails ?? [];
    for (const [i, email] of emails.entries()) {
        if (!EMAIL.test(email))
            throw new InvalidArgumentError(
                component,
                `${arg}.emails[${i}]`,
                `is "${email}", which is not an email address`,
                "addresses such as oncall@example.com",
            );
    }
    if (new Set(emails.map((e) => e.toLowerCase())).size !== emails.length)
        throw new InvalidArgumentError(component, `${arg}.emails`, "lists an address twice", "each address once");
    const webhook = notify?.webhookUrl;
    if (typeof webhook === "string" && !isHttpsUrl(webhook))
        throw new InvalidArgumentError(component, `${arg}.webhookUrl`, `is "${redactUrl(webhook)}"`, "an https:// URL");
    const slack = notify?.slack;
    if (slack !== undefined && !/^#[a-z0-9_-]{1,80}$/.test(slack.channel)) {
        throw new InvalidArgumentError(component, `${arg}.slack.channel`, `is "${slack.channel}"`, "a channel name such as #alerts");
    }
    if (slack !== undefined && slack.authToken === undefined)
        throw new InvalidArgumentError(
            component,
            `${arg}.slack.authToken`,
            "is missing",
            "the Slack app's token from a secret config value",
        );
    const channels = notify?.channels ?? [];
    if (required && emails.length === 0 && webhook === undefined && channels.length === 0 && slack === undefined) {
        throw new InvalidArgumentError(
            component,
            arg,
            "names no email, webhook, Slack channel or notification channel: alerts would reach nobody",
            "at least one of emails, webhookUrl, slack, channels",
        );
    }
    return {
        emails,
        webhookUrl: webhook === undefined ? undefined : pulumi.secret(webhook),
        channels,
        slack: slack?.authToken === undefined ? undefined : { channel: slack.channel, authToken: pulumi.secret(slack.authToken) },
    };
}

export function isHttpsUrl(value: string): boolean {
    try {
        const url = new URL(value);
        return url.protocol === "https:" && url.hostname.length > 0;
    } catch {
        return false;
    }
}

/** A URL for an error message without its path and query, which often hold a token. */
export function redactUrl(value: string): string {
    try {
        const url = new URL(value);
        return `${url.protocol}//${url.host}/...`;
    } catch {
        return "(not a URL)";
    }
}

/** Throws when two sources or signals share a name: the names are child names. */
export function checkUnique(component: string, arg: string, names: string[], what = "they name the alarms"): void {
    const seen = new Set<string>();
    for (const n of names) {
        if (seen.has(n)) throw new InvalidArgumentError(component, arg, `names "${n}" twice`, `distinct names (${what})`);
        seen.add(n);
    }
}

/** A percentage threshold of a signal option: strictly between 0 and 100. */
export function checkPercent(component: string, arg: string, value: number): number {
    if (!Number.isFinite(value) || value <= 0 || value >= 100)
        throw new InvalidArgumentError(component, arg, `is ${value}`, "a percentage strictly between 0 and 100");
    return value;
}

/** A positive threshold of a signal option, at most `max`. */
export function checkPositive(
    component: string,
    arg: string,
    value: number,
    max = Number.MAX_SAFE_INTEGER,
    allowed = "a positive number",
): number {
    if (!Number.isFinite(value) || value <= 0 || value > max) throw new InvalidArgumentError(component, arg, `is ${value}`, allowed);
    return value;
}
