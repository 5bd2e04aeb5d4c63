/**
 * Cost model: the monthly USD cost of the resources a Pulumi program registers, at on-demand list prices
 * (prices.ts, dated) under named usage assumptions (usage.ts, set per resource or type by a usage file:
 * usage-file.ts), less the free tiers and included allowances (free-tiers.ts) once per account or organization,
 * with organization-wide plans split between the stacks that share them (organisations.ts). Used by the CrossGuard
 * budget policy and by the offline plan command's cost table.
 *
 * Every resource lands in exactly one place:
 * - skipped silently: component resources and Pulumi's own (`pulumi:pulumi:Stack`, `pulumi:providers:*`);
 * - `items` with its monthly cost and the basis of the figure, $0 with basis "no charge" for types that never
 *   cost anything by themselves (VPC, IAM, bucket settings, …);
 * - `unpriced`: every other provider resource: never counted as zero in silence.
 *
 * What is a component: a type token whose package has no pricing module and is not a known provider package
 * (`appstack:…`, `postgres:AwsPostgres`, `acme:index:Thing`). A token of an unregistered package whose module part
 * has a `/` (`gcp:cloudrun/service:Service`, `vercel:index/project:Project`) is a provider resource: unpriced.
 *
 * Providers: `PROVIDERS` maps a type-token package prefix to its pricing module: aws, gcp, vercel, upstash,
 * cloudflare, github, sentry, and `pulumi-nodejs` (dynamic resources, dynamic.ts: priced by their `appstackResource` or `supabaseResource`
 * discriminator: supabase.ts). To add another, write `<provider>.ts` exporting a `CostProvider` (provider.ts) with
 * its prices in prices.ts and its assumptions in usage.ts, and add it here.
 */
import { awsProvider } from "./aws";
import { cloudflareProvider } from "./cloudflare";
import { dynamicProvider } from "./dynamic";
import { gcpProvider } from "./gcp";
import { githubProvider } from "./github";
import { sentryProvider } from "./sentry";
import { upstashProvider } from "./upstash";
import { vercelProvider } from "./vercel";
import { type AppliedAllowance, applyAllowances } from "./free-tiers";
import { shareOf, type SharedPlans } from "./organisations";
import { type CostProvider, cents, type Meter, type PriceOutcome } from "./provider";
import { resolveUsage, type UsageAssumptions } from "./usage";

export interface PricedResource {
    urn: string;
    type: string;
    name: string;
    props: Record<string, unknown>;
    /**
     * The URNs each input depends on, as the engine records them (`propertyDependencies` of the plan, the preview's
     * states and the analyzer's resources): links resources by reference where an input's value is unknown.
     */
    propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}
export interface CostItem {
    urn: string;
    type: string;
    name: string;
    monthlyUsd: number;
    basis: string;
    /** Free tiers and included allowances taken off this item (free-tiers.ts). */
    allowances?: { meter: string; quantity: number; usd: number }[];
}
export interface CostEstimate {
    monthlyUsd: number;
    items: CostItem[];
    /** Resources without a price and why (`reason`): while any is listed, `monthlyUsd` is a lower bound. */
    unpriced: { urn: string; type: string; name: string; reason?: string }[];
    /** The free tiers and included allowances applied, once per account or organization. */
    freeTiers: AppliedAllowance[];
}
export interface CostOptions {
    region: string;
    usage?: Partial<UsageAssumptions>;
    /** Which stacks share an organization or account (organisations.ts): its plans and allowances are split between them. */
    sharedPlans?: SharedPlans;
}

/** Packages whose resources never cost anything (generated values, local commands, keys made in memory). */
const noChargePackage = (prefix: string): CostProvider => ({ prefix, createPricer: () => () => ({ kind: "free" }) });

/** The dispatch table: type-token package prefix → pricing module. */
export const PROVIDERS: Readonly<Record<string, CostProvider>> = {
    aws: awsProvider,
    gcp: gcpProvider,
    vercel: vercelProvider,
    upstash: upstashProvider,
    cloudflare: cloudflareProvider,
    github: githubProvider,
    sentry: sentryProvider,
    // Dynamic resources: priced by their discriminator input (appstackResource, supabaseResource); others are unpriced.
    "pulumi-nodejs": dynamicProvider,
    random: noChargePackage("random"),
    tls: noChargePackage("tls"),
    command: noChargePackage("command"),
};

/** Provider packages without a pricing module yet: their resources are unpriced, never taken for components. */
const KNOWN_PROVIDER_PACKAGES = new Set([
    "aws-native",
    "gcp",
    "google-native",
    "azure",
    "azure-native",
    "cloudflare",
    "vercel",
    "supabase",
    "upstash",
    "neon",
    "netlify",
    "kubernetes",
    "docker",
    "github",
    "digitalocean",
    "fastly",
    "datadog",
    "sentry",
    "auth0",
    "mongodbatlas",
]);

/** Why each unpriced resource could not be priced, for the plan command. */
export type UnpricedReasons = Record<string, string>;

function classify(resource: PricedResource, pricers: Map<string, (r: PricedResource) => PriceOutcome>): PriceOutcome | "skip" {
    const [pkg = "", mod = ""] = resource.type.split(":");
    if (pkg === "pulumi") return "skip";
    const pricer = pricers.get(pkg);
    if (pricer) return pricer(resource);
    if (KNOWN_PROVIDER_PACKAGES.has(pkg) || mod.includes("/")) return { kind: "unpriced", reason: `no pricing module for ${pkg}` };
    return "skip";
}

function run(resources: PricedResource[], options: CostOptions): { estimate: CostEstimate; reasons: UnpricedReasons } {
    const usage = resolveUsage(options.usage);
    const share = (key: string) => shareOf(options.sharedPlans, key);
    const context = { resources, region: options.region, usage, share };
    const pricers = new Map<string, (r: PricedResource) => PriceOutcome>();
    for (const [prefix, provider] of Object.entries(PROVIDERS)) pricers.set(prefix, provider.createPricer(context));

    const items: (CostItem & { meters?: Meter[] })[] = [];
    const unpriced: CostEstimate["unpriced"] = [];
    const reasons: UnpricedReasons = {};
    for (const resource of resources) {
        const outcome = classify(resource, pricers);
        if (outcome === "skip") continue;
        const { urn, type, name } = resource;
        if (outcome.kind === "free") items.push({ urn, type, name, monthlyUsd: 0, basis: "no charge" });
        else if (outcome.kind === "priced")
            items.push({
                urn,
                type,
                name,
                monthlyUsd: outcome.monthlyUsd,
                basis: outcome.basis,
                ...(outcome.meters ? { meters: outcome.meters } : {}),
            });
        else {
            unpriced.push({ urn, type, name, reason: outcome.reason });
            reasons[urn] = outcome.reason;
        }
    }
    const freeTiers = applyAllowances(items, share);
    const monthlyUsd = cents(items.reduce((sum, item) => sum + item.monthlyUsd, 0));
    // Meters are the pricing modules' working: the items carry what was applied (`allowances`), not them.
    const plain: CostItem[] = items.map(({ meters: _meters, ...item }) => item);
    return { estimate: { monthlyUsd, items: plain, unpriced, freeTiers }, reasons };
}

/** The monthly cost of `resources` (a plan's registrations with their inputs) in `options.region`. */
export function estimateMonthlyCost(resources: PricedResource[], options: CostOptions): CostEstimate {
    return run(resources, options).estimate;
}

/** Why each resource of `estimateMonthlyCost(...).unpriced` has no price, by URN. */
export function unpricedReasons(resources: PricedResource[], options: CostOptions): UnpricedReasons {
    return run(resources, options).reasons;
}

export type { CostProvider, Meter, PlanShare, PriceOutcome, PricingContext } from "./provider";
export { DEFAULT_USAGE, USAGE_NOTES, type ResourceUsage, type UsageAssumptions } from "./usage";
export { ALLOWANCES, type AppliedAllowance, NOT_APPLIED } from "./free-tiers";
export type { SharedPlans } from "./organisations";
export { PRICE_TABLE, unverifiedPrices } from "./prices";
