/**
 * Vercel pricing: the team's Pro plan, $20 per deploying member a month (assumption `vercelTeamMembers`, default 1),
 * charged on the first project of each `teamId` (projects without a team share one; this stack's share when stacks
 * share the team: organisations.ts). Domains, environment variables,
 * the firewall and Attack Challenge Mode cost nothing by themselves; usage beyond the plan's $20 credit (bandwidth,
 * function CPU, rate-limited requests above the included million) is not counted.
 */
import type { PricedResource } from "./index";
import { SAAS_PRICES } from "./prices";
import { shareText } from "./organisations";
import { Bill, type CostProvider, firstInGroup, included, qty, usd } from "./provider";
import { asString } from "./props";
import { usageFor } from "./usage";

export const VERCEL_FREE_TYPES: ReadonlySet<string> = new Set([
    "vercel:index/projectDomain:ProjectDomain",
    "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable",
    "vercel:index/projectEnvironmentVariables:ProjectEnvironmentVariables",
    "vercel:index/firewallConfig:FirewallConfig",
    "vercel:index/attackChallengeMode:AttackChallengeMode",
    "vercel:index/dnsRecord:DnsRecord",
]);

const PROJECT = "vercel:index/project:Project";
const teamOf = (r: PricedResource): string => asString(r.props["teamId"]) ?? "(default team)";

export const vercelProvider: CostProvider = {
    prefix: "vercel",
    createPricer(context) {
        const projects = context.resources.filter((r) => r.type === PROJECT);
        return (r) => {
            if (VERCEL_FREE_TYPES.has(r.type)) return { kind: "free" };
            if (r.type !== PROJECT) return { kind: "unpriced", reason: `no Vercel price for ${r.type}` };
            if (!firstInGroup(r, projects, teamOf)) return included(`in the Pro plan of team ${teamOf(r)} (counted on its first project)`);
            const members = usageFor(context.usage, r).vercelTeamMembers;
            const seat = SAAS_PRICES["vercel.proMember"].usd;
            const share = context.share(`vercel:${teamOf(r)}`);
            return new Bill("global price")
                .add(
                    `Pro plan ${qty(members)} member${members === 1 ? "" : "s"} × ${usd(seat)}${shareText(share)} (team ${teamOf(r)})`,
                    members * seat * share.fraction,
                )
                .note("usage beyond the included $20 credit not counted")
                .outcome();
        };
    },
};
