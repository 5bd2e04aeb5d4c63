/**
 * Sentry pricing: the organization's Team plan ($26 a month, an assumption: TechMate's document budgets Sentry at
 * $26) charged on the first project of each `organization` (this stack's share when stacks share it: organisations.ts); keys and alert rules cost nothing by themselves. Events
 * beyond the plan's reserved volume are not counted.
 */
import type { PricedResource } from "./index";
import { SAAS_PRICES } from "./prices";
import { shareText } from "./organisations";
import { Bill, type CostProvider, firstInGroup, included, usd } from "./provider";
import { asString } from "./props";

const PROJECT = "sentry:index/sentryProject:SentryProject";

export const SENTRY_FREE_TYPES: ReadonlySet<string> = new Set([
    "sentry:index/sentryKey:SentryKey",
    "sentry:index/sentryIssueAlert:SentryIssueAlert",
    "sentry:index/sentryMetricAlert:SentryMetricAlert",
    "sentry:index/sentryTeam:SentryTeam",
]);

const orgOf = (r: PricedResource): string => asString(r.props["organization"]) ?? "[unknown]";

export const sentryProvider: CostProvider = {
    prefix: "sentry",
    createPricer(context) {
        const projects = context.resources.filter((r) => r.type === PROJECT);
        return (r) => {
            if (SENTRY_FREE_TYPES.has(r.type)) return { kind: "free" };
            if (r.type !== PROJECT) return { kind: "unpriced", reason: `no Sentry price for ${r.type}` };
            if (!firstInGroup(r, projects, orgOf))
                return included(`in the Team plan of organization ${orgOf(r)} (counted on its first project)`);
            const team = SAAS_PRICES["sentry.team"].usd;
            const share = context.share(`sentry:${orgOf(r)}`);
            return new Bill("global price")
                .add(`Team plan ${usd(team)}${shareText(share)} (organization ${orgOf(r)})`, team * share.fraction)
                .note("events beyond the reserved volume not counted")
                .outcome();
        };
    },
};
