/**
 * Dynamic resources (`pulumi-nodejs:dynamic:Resource`): one type token for every dynamic provider, told apart by a
 * constant discriminator input (policies/README.md, "Dynamic resources"):
 * - `appstackResource: "cloudfront-invalidation"` (components/src/cdn/invalidation.ts): a CloudFront
 *   CreateInvalidation call, no charge. "The first 1,000 invalidation paths that you submit per month are free; you
 *   pay for each invalidation path over 1,000 in a month", across all distributions of one AWS account, and a path
 *   with `*` counts as one (Amazon CloudFront Developer Guide, "Pay for file invalidation",
 *   https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/PayingForInvalidation.html, and
 *   https://aws.amazon.com/cloudfront/pricing/, read 2026-12-06). A deploy invalidates a handful of paths.
 * - `supabaseResource`: Supabase (supabase.ts).
 * Any other dynamic resource is unpriced: its provider did not opt into a contract.
 */
import type { CostProvider, PriceOutcome } from "./provider";
import { asString } from "./props";
import { supabaseProvider } from "./supabase";

export const APPSTACK_DISCRIMINATOR = "appstackResource";

const INVALIDATION: PriceOutcome = {
    kind: "priced",
    monthlyUsd: 0,
    basis: "no charge: the first 1,000 invalidation paths a month are free per AWS account (CloudFront pricing, read 2026-12-06)",
};

export const dynamicProvider: CostProvider = {
    prefix: "pulumi-nodejs",
    createPricer(context) {
        const supabase = supabaseProvider.createPricer(context);
        return (r) =>
            r.type === "pulumi-nodejs:dynamic:Resource" && asString(r.props[APPSTACK_DISCRIMINATOR]) === "cloudfront-invalidation"
                ? INVALIDATION
                : supabase(r);
    },
};
