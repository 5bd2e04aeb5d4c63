/**
 * Parser for the Google Cloud Billing Catalog API's `services.skus.list` response
 * (`GET https://cloudbilling.googleapis.com/v1/services/{serviceId}/skus`, paged with `nextPageToken`/`pageToken`).
 *
 * The response is `{ skus: Sku[], nextPageToken }`; a Sku is `{ name, skuId, description, category: { serviceDisplayName,
 * resourceFamily, resourceGroup, usageType }, serviceRegions: string[], pricingInfo: [{ effectiveTime, pricingExpression:
 * { usageUnit, usageUnitDescription, baseUnit, baseUnitConversionFactor, displayQuantity, tieredRates: [{ startUsageAmount,
 * unitPrice: { currencyCode, units, nanos } }] } }], serviceProviderName, geoTaxonomy }`. `units` is an int64, which
 * the JSON mapping writes as a string; a price is `units + nanos / 1e9`. Documented at
 * https://cloud.google.com/billing/v1/how-tos/catalog-api and the REST reference of services.skus.list (read 2026-12-06);
 * fixtures and citations: tests/cost/fixtures/price-api/README.md.
 */
import { addPrice, emptyResult, isRecord, type ParsedPrice, type ParseResult } from "./parse-result";

export const GCP_CATALOG_ENDPOINT = "https://cloudbilling.googleapis.com/v1";

export interface GcpSku {
    skuId: string;
    description: string;
    resourceFamily: string;
    resourceGroup: string;
    usageType: string;
    serviceRegions: readonly string[];
}

/** A wanted SKU: its table id, the unit, a factor (e.g. 1e6 per million), and the regions to keep (default: all). */
export interface GcpMatch {
    id: string;
    unit: string;
    scale?: number;
    regions?: readonly string[];
}

export type GcpMatcher = (sku: GcpSku) => GcpMatch | undefined;

/** `{ units: "1", nanos: 750000000 }` → 1.75; undefined when neither is a whole number. */
export function money(unitPrice: unknown): number | undefined {
    if (!isRecord(unitPrice)) return undefined;
    const { units = "0", nanos = 0 } = unitPrice;
    const u =
        typeof units === "string" && /^-?\d+$/.test(units)
            ? Number(units)
            : typeof units === "number" && Number.isInteger(units)
              ? units
              : undefined;
    const n = typeof nanos === "number" && Number.isInteger(nanos) ? nanos : undefined;
    if (u === undefined || n === undefined) return undefined;
    return Number((u + n / 1e9).toPrecision(12));
}

function readSku(raw: Record<string, unknown>): GcpSku | string {
    const skuId = raw["skuId"];
    if (typeof skuId !== "string" || skuId === "") return "no skuId";
    const description = raw["description"];
    if (typeof description !== "string") return "no description";
    const category = isRecord(raw["category"]) ? raw["category"] : {};
    const str = (v: unknown): string => (typeof v === "string" ? v : "");
    const regions = Array.isArray(raw["serviceRegions"]) ? raw["serviceRegions"].filter((r): r is string => typeof r === "string") : [];
    return {
        skuId,
        description,
        resourceFamily: str(category["resourceFamily"]),
        resourceGroup: str(category["resourceGroup"]),
        usageType: str(category["usageType"]),
        serviceRegions: regions,
    };
}

/** The first paid tier of the SKU's current pricing, or why there is none. */
function firstPaidTier(raw: Record<string, unknown>): { usd: number; effective?: string } | string {
    const infos = raw["pricingInfo"];
    if (!Array.isArray(infos) || infos.length === 0) return "no pricingInfo";
    // The list call returns the pricing in effect now unless a time range is asked for: one entry, the latest last.
    const info: unknown = infos[infos.length - 1];
    if (!isRecord(info) || !isRecord(info["pricingExpression"])) return "pricingInfo has no pricingExpression";
    const tiers = info["pricingExpression"]["tieredRates"];
    if (!Array.isArray(tiers) || tiers.length === 0) return "pricingExpression has no tieredRates";
    const read: { start: number; usd: number }[] = [];
    for (const [i, tier] of tiers.entries()) {
        if (!isRecord(tier)) return `tieredRates[${i}] is not an object`;
        const usd = money(tier["unitPrice"]);
        if (usd === undefined) return `tieredRates[${i}].unitPrice has no whole units/nanos`;
        const currency = isRecord(tier["unitPrice"]) ? tier["unitPrice"]["currencyCode"] : undefined;
        if (currency !== undefined && currency !== "USD")
            return `tieredRates[${i}] is in ${JSON.stringify(currency)}, not USD (ask with currencyCode=USD)`;
        const start = tier["startUsageAmount"];
        read.push({ start: typeof start === "number" ? start : 0, usd });
    }
    const paid = read.sort((a, b) => a.start - b.start).find((t) => t.usd > 0);
    if (paid === undefined) return "every tier is $0 (a free allowance, or not a billable SKU): not priced";
    return { usd: paid.usd, effective: typeof info["effectiveTime"] === "string" ? info["effectiveTime"] : undefined };
}

/**
 * Reads the `skus` of one or more list pages. A SKU no matcher wants (or in no wanted region) is skipped (counted);
 * a SKU that cannot be read, or is wanted and has no paid tier, is reported in `malformed`, never priced at 0.
 * Tiered rates give the first paid tier (the free allowance is the free-tier table's business).
 */
export function parseGcpSkus(skus: readonly unknown[], match: GcpMatcher): ParseResult {
    const out = emptyResult();
    const seen = new Map<string, ParsedPrice | "conflict">();
    skus.forEach((raw, index) => {
        if (!isRecord(raw)) {
            out.malformed.push({ at: `skus[${index}]`, message: "not a JSON object" });
            return;
        }
        const sku = readSku(raw);
        if (typeof sku === "string") {
            out.malformed.push({ at: `skus[${index}]`, message: sku });
            return;
        }
        const wanted = match(sku);
        const regions =
            wanted === undefined ? [] : sku.serviceRegions.filter((r) => wanted.regions === undefined || wanted.regions.includes(r));
        if (wanted === undefined || regions.length === 0) {
            out.skipped++;
            return;
        }
        const at = `skus[${index}] (SKU ${sku.skuId} "${sku.description}")`;
        const tier = firstPaidTier(raw);
        if (typeof tier === "string") {
            out.malformed.push({ at, message: `${wanted.id}: ${tier}` });
            return;
        }
        const usd = Number((tier.usd * (wanted.scale ?? 1)).toPrecision(12));
        for (const region of regions)
            addPrice(out, seen, { id: wanted.id, region, usd, unit: wanted.unit, sku: sku.skuId, effective: tier.effective });
    });
    return out;
}
