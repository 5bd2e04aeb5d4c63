/**
 * Supabase pricing. Supabase resources are Pulumi dynamic resources (`pulumi-nodejs:dynamic:Resource`), so this
 * module is registered under the `pulumi-nodejs` package and prices each resource by its constant `supabaseResource`
 * input (the discriminator contract, policies/README.md):
 * - `project`: compute by `instanceSize` per hour; the organization's plan (Pro $25, assumption
 *   `supabaseOrganizationPlan`) and its $10 of compute credits land on the first project of each `organizationId`
 *   (this stack's share when several stacks share the organization: organisations.ts); egress, disk and monthly
 *   active users (assumptions `supabaseEgressGbPerMonth`, `supabaseDiskGb`, `supabaseMonthlyActiveUsers`) at their
 *   overage prices, less the plan's included quotas (free-tiers.ts: 250 GB and 100,000 MAU per organization, 8 GB
 *   disk per project);
 * - `pitr`: the add-on variant its `retentionDays` selects (7, 14, 28 days) per hour;
 * - `read-replica`: compute of the same size as its project (found through `projectRef` = the project's URN or
 *   `ref` or its property dependency, else the only project); disk beyond the included 8 GB
 *   is not counted;
 * - `ssl-enforcement`, `network-restrictions`, `postgres-config`: no charge.
 * Any other dynamic resource is unpriced: its provider did not opt into the contract.
 */
import type { PricedResource } from "./index";
import { SUPABASE_QUOTA_PRICES } from "./free-tiers";
import { shareText } from "./organisations";
import { SAAS_PRICES, SUPABASE_COMPUTE_HOURLY } from "./prices";
import { Bill, type CostProvider, firstInGroup, type PlanShare, type PriceOutcome, qty, usd } from "./provider";
import { asString } from "./props";
import { type ResourceUsage, usageFor } from "./usage";

export const SUPABASE_DISCRIMINATOR = "supabaseResource";
const GLOBAL = "global price";

type Ctx = { usage(r: PricedResource): ResourceUsage; projects: readonly PricedResource[]; share(key: string): PlanShare };

/** The size a project is billed at: nano/pico are billed as micro in a paid organization; unset is micro. */
function billedSize(size: string | undefined): string {
    return size === undefined || size === "nano" || size === "pico" ? "micro" : size;
}

function computeLine(bill: Bill, size: string | undefined, hours: number, what: string): number | undefined {
    const billed = billedSize(size);
    const entry = SUPABASE_COMPUTE_HOURLY[billed];
    if (entry === undefined) return undefined;
    const amount = hours * entry.usd;
    bill.add(
        `${what} ${billed}${size !== undefined && size !== billed ? ` (${size} billed as micro)` : ""} ${qty(hours)} h × ${usd(entry.usd)}`,
        amount,
    );
    return amount;
}

const orgOf = (r: PricedResource): string => asString(r.props["organizationId"]) ?? "[unknown]";

function project(r: PricedResource, ctx: Ctx): PriceOutcome {
    const usage = ctx.usage(r);
    const plan = r.props["plan"] === "free" ? "free" : usage.supabaseOrganizationPlan;
    const size = asString(r.props["instanceSize"]);
    if (plan === "free") {
        if (size === undefined || size === "nano" || size === "pico") {
            return { kind: "priced", monthlyUsd: 0, basis: "free plan: nano compute at no charge (assumption supabaseOrganizationPlan)" };
        }
        return { kind: "unpriced", reason: `a free-plan Supabase organization cannot run ${size} compute` };
    }
    const bill = new Bill(GLOBAL);
    const compute = computeLine(bill, size, usage.hoursPerMonth, "compute");
    if (compute === undefined) return { kind: "unpriced", reason: `Supabase compute size ${size ?? "?"} is not in the price table` };
    if (firstInGroup(r, ctx.projects, orgOf)) {
        const share = ctx.share(`supabase:${orgOf(r)}`);
        const pro = SAAS_PRICES["supabase.pro"].usd * share.fraction;
        const credits = Math.min(SAAS_PRICES["supabase.computeCredits"].usd * share.fraction, compute);
        bill.add(`Pro plan ${usd(SAAS_PRICES["supabase.pro"].usd)}${shareText(share)} (organization ${orgOf(r)})`, pro);
        bill.add(`− ${usd(Math.round(credits * 100) / 100)} compute credits`, -credits);
    } else {
        bill.note(`plan and compute credits counted on the organization's first project`);
    }
    // Usage at overage prices; the included quotas are taken off once per organization (disk: per project).
    const org = orgOf(r);
    const { egressGb, diskGb, mau } = SUPABASE_QUOTA_PRICES;
    bill.add(`${qty(usage.supabaseEgressGbPerMonth)} GB egress × ${usd(egressGb.usd)}`, usage.supabaseEgressGbPerMonth * egressGb.usd, {
        id: "supabase.egressGb",
        quantity: usage.supabaseEgressGbPerMonth,
        unitUsd: egressGb.usd,
        scope: org,
    });
    bill.add(`${qty(usage.supabaseDiskGb)} GB disk × ${usd(diskGb.usd)}`, usage.supabaseDiskGb * diskGb.usd, {
        id: "supabase.diskGb",
        quantity: usage.supabaseDiskGb,
        unitUsd: diskGb.usd,
        scope: r.urn,
    });
    bill.add(`${qty(usage.supabaseMonthlyActiveUsers)} MAU × ${usd(mau.usd)}`, usage.supabaseMonthlyActiveUsers * mau.usd, {
        id: "supabase.mau",
        quantity: usage.supabaseMonthlyActiveUsers,
        unitUsd: mau.usd,
        scope: org,
    });
    return bill.note("storage objects, function invocations and custom domains not counted").outcome();
}

const PITR_VARIANTS = [7, 14, 28] as const;

function pitr(r: PricedResource, ctx: Ctx): PriceOutcome {
    const wanted = typeof r.props["retentionDays"] === "number" ? r.props["retentionDays"] : undefined;
    if (wanted === undefined) return { kind: "unpriced", reason: "PITR retention unknown" };
    const days = PITR_VARIANTS.find((d) => d >= wanted);
    if (days === undefined) return { kind: "unpriced", reason: `PITR retention of ${wanted} days exceeds the longest add-on (28)` };
    const entry = SAAS_PRICES[`supabase.pitr.${days}`];
    const hours = ctx.usage(r).hoursPerMonth;
    return new Bill(GLOBAL)
        .add(`pitr_${days}${wanted !== days ? ` (for ${wanted} days)` : ""} ${qty(hours)} h × ${usd(entry.usd)}`, hours * entry.usd)
        .outcome();
}

/**
 * The replica's project, by reference only (never by our components' child names): `projectRef` is the project's
 * URN or `ref`, or the engine's property dependencies of `projectRef` name exactly one project; else the only project.
 */
function replicaProject(r: PricedResource, ctx: Ctx): PricedResource | undefined {
    const ref = asString(r.props["projectRef"]);
    const deps = r.propertyDependencies?.["projectRef"] ?? [];
    const byDeps = ctx.projects.filter((p) => deps.includes(p.urn));
    return (
        ctx.projects.find((p) => ref !== undefined && (p.urn === ref || asString(p.props["ref"]) === ref)) ??
        (byDeps.length === 1 ? byDeps[0] : undefined) ??
        (ctx.projects.length === 1 ? ctx.projects[0] : undefined)
    );
}

function readReplica(r: PricedResource, ctx: Ctx): PriceOutcome {
    const source = replicaProject(r, ctx);
    if (source === undefined) return { kind: "unpriced", reason: "read replica whose project is not in the plan: compute size unknown" };
    const bill = new Bill(GLOBAL);
    if (
        computeLine(bill, asString(source.props["instanceSize"]), ctx.usage(r).hoursPerMonth, "replica compute (project's size)") ===
        undefined
    ) {
        return { kind: "unpriced", reason: "the project's compute size is not in the price table" };
    }
    return bill.note(`project ${source.name}; replica disk beyond the included 8 GB not counted`).outcome();
}

export const supabaseProvider: CostProvider = {
    prefix: "pulumi-nodejs",
    createPricer(context) {
        const kind = (r: PricedResource): string | undefined =>
            r.type === "pulumi-nodejs:dynamic:Resource" ? asString(r.props[SUPABASE_DISCRIMINATOR]) : undefined;
        const ctx: Ctx = {
            usage: (r) => usageFor(context.usage, r),
            projects: context.resources.filter((r) => kind(r) === "project"),
            share: (key) => context.share(key),
        };
        return (r) => {
            switch (kind(r)) {
                case "project":
                    return project(r, ctx);
                case "pitr":
                    return pitr(r, ctx);
                case "read-replica":
                    return readReplica(r, ctx);
                case "ssl-enforcement":
                case "network-restrictions":
                case "postgres-config":
                    return { kind: "free" };
                default:
                    return { kind: "unpriced", reason: `dynamic resource without a known ${SUPABASE_DISCRIMINATOR} discriminator` };
            }
        };
    },
};
