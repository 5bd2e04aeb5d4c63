/**
 * Cloudflare pricing. The plan of a zone is not an input of any resource the stack creates, so it is an assumption
 * (`cloudflareZonePlan`, default Pro at $25 a month, what CloudflareEdge assumes) charged once per `zoneId` on the
 * first zone setting of that zone: a stack that configures zone settings runs the zone on a paid plan. Workers Paid
 * ($5 a month per account) is charged on the first Workers script of each `accountId`; requests within the included
 * 10 million are not counted. Rulesets, DNS records, Worker routes and zones themselves cost nothing beyond the plan.
 */
import type { PricedResource } from "./index";
import { SAAS_PRICES } from "./prices";
import { Bill, type CostProvider, firstInGroup, included, usd } from "./provider";
import { asString } from "./props";
import { usageFor } from "./usage";

const ZONE_SETTING = "cloudflare:index/zoneSetting:ZoneSetting";
const WORKERS_SCRIPT = "cloudflare:index/workersScript:WorkersScript";

export const CLOUDFLARE_FREE_TYPES: ReadonlySet<string> = new Set([
    "cloudflare:index/ruleset:Ruleset",
    "cloudflare:index/dnsRecord:DnsRecord",
    "cloudflare:index/workersRoute:WorkersRoute",
    "cloudflare:index/zone:Zone",
    "cloudflare:index/zoneDnssec:ZoneDnssec",
]);

const zoneOf = (r: PricedResource): string => asString(r.props["zoneId"]) ?? "[unknown]";
const accountOf = (r: PricedResource): string => asString(r.props["accountId"]) ?? "[unknown]";

export const cloudflareProvider: CostProvider = {
    prefix: "cloudflare",
    createPricer(context) {
        const settings = context.resources.filter((r) => r.type === ZONE_SETTING);
        const scripts = context.resources.filter((r) => r.type === WORKERS_SCRIPT);
        return (r) => {
            if (CLOUDFLARE_FREE_TYPES.has(r.type)) return { kind: "free" };
            if (r.type === ZONE_SETTING) {
                if (!firstInGroup(r, settings, zoneOf)) return included(`in the plan of zone ${zoneOf(r)} (counted on its first setting)`);
                const plan = usageFor(context.usage, r).cloudflareZonePlan;
                if (plan === "free") return included(`zone ${zoneOf(r)} on the Free plan (assumption cloudflareZonePlan)`);
                const entry = SAAS_PRICES[plan === "business" ? "cloudflare.business" : "cloudflare.pro"];
                return new Bill("global price")
                    .add(`${plan === "business" ? "Business" : "Pro"} plan for zone ${zoneOf(r)} ${usd(entry.usd)}`, entry.usd)
                    .note("assumption cloudflareZonePlan")
                    .outcome();
            }
            if (r.type === WORKERS_SCRIPT) {
                if (!firstInGroup(r, scripts, accountOf))
                    return included(`in the Workers Paid plan of account ${accountOf(r)} (counted on its first script)`);
                const paid = SAAS_PRICES["cloudflare.workersPaid"].usd;
                return new Bill("global price")
                    .add(`Workers Paid ${usd(paid)} (account ${accountOf(r)})`, paid)
                    .note("requests within the included 10 M not counted")
                    .outcome();
            }
            return { kind: "unpriced", reason: `no Cloudflare price for ${r.type}` };
        };
    },
};
