/**
 * Google Cloud's external Application Load Balancer and Cloud Armor Standard, as `GcpApiEdge` (components
 * waf/gcp.ts) builds them: global forwarding rules by the hour, data processed by the load balancer (priced on the
 * backend service, where the traffic is processed), and the Cloud Armor policy, its rules and the requests it
 * evaluates. URL maps, target proxies, SSL policies, Google-managed certificates and serverless NEGs have no charge of
 * their own.
 *
 * Kept apart from gcp.ts (whose table another change edits) and registered there by spreading `GCP_EDGE_PRICERS`.
 */
import type { PricedResource } from "./index";
import type { PriceEntry } from "./prices/types";
import { Bill, type PriceOutcome, included, qty, usd } from "./provider";
import { asOptionalArray, asString } from "./props";
import type { ResourceUsage } from "./usage";

const READ = "2026-12-07";
const LB_PAGE = "https://cloud.google.com/load-balancing/pricing";
const ARMOR_PAGE = "https://cloud.google.com/armor/pricing";
const LB_CHECK =
    'search (pages corpus) of https://cloud.google.com/load-balancing/pricing (mirrors), "Load balancing and forwarding rules": ' +
    '"First 5 forwarding rules $0.025 / 1 hour", "Per additional forwarding rule $0.01 / 1 hour", "Inbound data processed by load ' +
    'balancer $0.008 / 1 gibibyte", "Outbound data processed by load balancer $0.008 / 1 gibibyte" (us-central1 selection)';
const ARMOR_CHECK =
    "the vendor page itself was not in the stored pages; figures as quoted from it by public repositories (policy $0.006849315/h " +
    "≈ $5, rule $0.001369863/h ≈ $1, $0.75 per million requests for a global policy, $0.60 regional), found by find_string 2026-12-07";

function e(usd: number, unit: string, source: string, checkedAgainst: string, verified: boolean): PriceEntry {
    return { usd, unit, group: "flat", source, verified, read: READ, checkedAgainst };
}

/** Prices of the edge (USD, us-central1 / global list prices). */
export const GCP_EDGE_PRICES = {
    "lb.forwardingRules.first5": e(0.025, "hour, for the first 5 forwarding rules of a project together", LB_PAGE, LB_CHECK, true),
    "lb.forwardingRule.additional": e(0.01, "hour per forwarding rule beyond 5", LB_PAGE, LB_CHECK, true),
    "lb.dataProcessed": e(0.008, "GiB processed (inbound and outbound alike)", LB_PAGE, LB_CHECK, true),
    "armor.policy": e(5, "policy-month", ARMOR_PAGE, ARMOR_CHECK, false),
    "armor.rule": e(1, "rule-month", ARMOR_PAGE, ARMOR_CHECK, false),
    "armor.requests": e(0.75, "1,000,000 requests (global policy)", ARMOR_PAGE, ARMOR_CHECK, false),
} as const satisfies Record<string, PriceEntry>;
export type GcpEdgePriceId = keyof typeof GCP_EDGE_PRICES;

/** Usage assumptions of the edge, read like `serviceUsage`: a value of the same name in the resolved usage wins. */
export const GCP_EDGE_USAGE_DEFAULTS = {
    /**
     * GiB a load balancer processes a month, requests and responses together. 1 M API calls (the Cloud Run request
     * assumption) at ~10 KiB in and out each.
     */
    loadBalancerGibPerMonth: 10,
} as const;
export type GcpEdgeUsageKey = keyof typeof GCP_EDGE_USAGE_DEFAULTS;

export function edgeUsage(usage: object, key: GcpEdgeUsageKey): number {
    const value: unknown = Reflect.get(usage, key);
    return typeof value === "number" && Number.isFinite(value) ? value : GCP_EDGE_USAGE_DEFAULTS[key];
}

const price = (id: GcpEdgePriceId): number => GCP_EDGE_PRICES[id].usd;

type Ctx = { usage(r: PricedResource): ResourceUsage; resources: readonly PricedResource[] };
type Pricer = (r: PricedResource, ctx: Ctx) => PriceOutcome;

const FORWARDING_RULE = "gcp:compute/globalForwardingRule:GlobalForwardingRule";

/**
 * The first 5 global forwarding rules of a stack share $0.025 an hour (charged on the first, in registration order);
 * each one beyond costs $0.01 an hour. A stack is taken to be one project.
 */
const globalForwardingRule: Pricer = (r, ctx) => {
    const rules = ctx.resources.filter((x) => x.type === FORWARDING_RULE);
    const index = Math.max(
        0,
        rules.findIndex((x) => x.urn === r.urn),
    );
    const hours = ctx.usage(r).hoursPerMonth;
    const bill = new Bill("global");
    if (index === 0) {
        bill.add(
            `${qty(hours)} h × ${usd(price("lb.forwardingRules.first5"))} (the first 5 forwarding rules together)`,
            hours * price("lb.forwardingRules.first5"),
        );
    } else if (index < 5) {
        return included(`one of the first 5 forwarding rules: in the $0.025/h charged on ${rules[0]?.name ?? "the first"} (global)`);
    } else {
        bill.add(
            `${qty(hours)} h × ${usd(price("lb.forwardingRule.additional"))} (rule ${index + 1}, beyond the first 5)`,
            hours * price("lb.forwardingRule.additional"),
        );
    }
    return bill.outcome();
};

/** External backend services: the data their load balancer processes (internal ones are priced differently: unpriced). */
const backendService: Pricer = (r, ctx) => {
    const scheme = asString(r.props["loadBalancingScheme"]) ?? "EXTERNAL";
    if (!scheme.startsWith("EXTERNAL"))
        return {
            kind: "unpriced",
            reason: `backend service with loadBalancingScheme ${scheme}: internal load balancer prices are not in the table`,
        };
    const gib = edgeUsage(ctx.usage(r), "loadBalancerGibPerMonth");
    return new Bill("us-central1 list price")
        .add(`${qty(gib)} GiB processed × ${usd(price("lb.dataProcessed"))}`, gib * price("lb.dataProcessed"))
        .note("internet egress billed to the backend (Cloud Run), not here")
        .outcome();
};

/** Cloud Armor Standard: the policy, every rule (the default rule counted), the requests it evaluates. */
const securityPolicy: Pricer = (r, ctx) => {
    const rules = asOptionalArray(r.props["rules"])?.length ?? 1;
    const requests = ctx.usage(r).cloudRunRequestsPerMonth;
    const regional = asString(r.props["type"]) === "CLOUD_ARMOR_INTERNAL_SERVICE";
    if (regional) return { kind: "unpriced", reason: "Cloud Armor internal-service policies: no cited price in the table" };
    return new Bill("global")
        .add(`1 policy × ${usd(price("armor.policy"))}`, price("armor.policy"))
        .add(`${rules} rule${rules === 1 ? "" : "s"} × ${usd(price("armor.rule"))}`, rules * price("armor.rule"))
        .add(`${qty(requests)} requests × ${usd(price("armor.requests"))}/M`, (requests / 1_000_000) * price("armor.requests"))
        .note("Cloud Armor Standard (pay as you go); the default rule counted as a rule")
        .outcome();
};

const noCharge =
    (what: string): Pricer =>
    () =>
        included(`no charge: ${what}`);

export const GCP_EDGE_PRICERS: Readonly<Record<string, Pricer>> = {
    [FORWARDING_RULE]: globalForwardingRule,
    "gcp:compute/backendService:BackendService": backendService,
    "gcp:compute/securityPolicy:SecurityPolicy": securityPolicy,
    "gcp:compute/uRLMap:URLMap": noCharge("URL maps are part of the load balancer (priced by its forwarding rules and data)"),
    "gcp:compute/targetHttpsProxy:TargetHttpsProxy": noCharge("target proxies are part of the load balancer"),
    "gcp:compute/targetHttpProxy:TargetHttpProxy": noCharge("target proxies are part of the load balancer"),
    "gcp:compute/sSLPolicy:SSLPolicy": noCharge("SSL policies"),
    "gcp:compute/managedSslCertificate:ManagedSslCertificate": noCharge("Google-managed certificates"),
    "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup": noCharge(
        "serverless NEGs (the Cloud Run service is billed itself)",
    ),
    "gcp:compute/globalAddress:GlobalAddress": noCharge(
        "a reserved address in use by a forwarding rule (assumed; IP address pricing not read)",
    ),
};
