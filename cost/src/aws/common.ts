/**
 * Helpers every AWS pricing module shares: the region a resource is priced in, the per-plan context, and bills
 * labelled with where their prices come from.
 */
import type { PricedResource } from "../index";
import { AWS_PRICES, type AwsPriceId, BASE_REGION, isPricedRegion, type PriceEntry, type PricedRegion, regionalPrice } from "../prices";
import { Bill, type PriceOutcome } from "../provider";
import type { ResourceUsage } from "../usage";

export interface RegionInfo {
    /** Region prices are read for. */
    priced: PricedRegion;
    /** The region label of a basis. */
    label: string;
}

export type Ctx = {
    region(r: PricedResource): RegionInfo;
    usage(r: PricedResource): ResourceUsage;
    resources: readonly PricedResource[];
    ofType(type: string): PricedResource[];
};

export type Pricer = (r: PricedResource, ctx: Ctx) => PriceOutcome;

/** A price in a region (published regional figure, or us-east-1 × the group's regional factor). */
export function p(entry: PriceEntry, region: RegionInfo): number {
    return regionalPrice(entry, region.priced).usd;
}
export function price(id: AwsPriceId, region: RegionInfo): number {
    return p(AWS_PRICES[id], region);
}

export function regionInfo(requested: string): RegionInfo {
    if (isPricedRegion(requested)) return { priced: requested, label: requested };
    return { priced: BASE_REGION, label: `${requested} not in the price table: us-east-1 prices` };
}

/** The label for a bill whose prices come from `entries`: says when a regional factor (an estimate) was used. */
export function labelFor(region: RegionInfo, entries: PriceEntry[]): string {
    const derived = entries.some((e) => regionalPrice(e, region.priced).derived);
    return derived && isPricedRegion(region.label) ? `${region.label}, us-east-1 price × regional factor` : region.label;
}
export function billFor(region: RegionInfo, ...entries: PriceEntry[]): Bill {
    return new Bill(labelFor(region, entries));
}
export const GLOBAL = "global price";

export function unpriced(reason: string): PriceOutcome {
    return { kind: "unpriced", reason };
}

export function only<T>(items: T[]): T | undefined {
    return items.length === 1 ? items[0] : undefined;
}
