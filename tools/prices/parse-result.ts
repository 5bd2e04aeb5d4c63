/** What a parser returns: the prices it read, how many entries it skipped as not wanted, and what it could not read. */

export interface ParsedPrice {
    /** The table id the price belongs to (e.g. `m5.large`, `postgres/db.r6g.large/Single-AZ`, `lambda.requests`). */
    id: string;
    /** Region code (`us-east-1`, `us-central1`) or `global`. */
    region: string;
    /** USD per `unit`, after the target's scale (e.g. per 1,000,000 requests). */
    usd: number;
    unit: string;
    /** The vendor's SKU (AWS product sku / Google skuId) the figure was read from. */
    sku: string;
    /** The vendor's own date for the figure (AWS term effectiveDate, Google pricingInfo effectiveTime), if given. */
    effective?: string;
}

export interface ParseIssue {
    /** Where in the response: the entry's index and, when known, its SKU. */
    at: string;
    message: string;
}

export interface ParseResult {
    prices: ParsedPrice[];
    /** Entries that parsed but match no id the target wants (other engines, OS, tenancy, sizes nobody prices). */
    skipped: number;
    /** Entries that could not be read, or that matched an id without a paid rate: never priced at 0. */
    malformed: ParseIssue[];
    /** Two SKUs for the same id and region with different prices: neither is kept. */
    conflicts: ParseIssue[];
}

/** Merges one price into the result, turning a second, different figure for the same id and region into a conflict. */
export function addPrice(out: ParseResult, seen: Map<string, ParsedPrice | "conflict">, price: ParsedPrice): void {
    const key = `${price.id}@${price.region}`;
    const before = seen.get(key);
    if (before === undefined) {
        seen.set(key, price);
        out.prices.push(price);
        return;
    }
    if (before === "conflict") {
        out.conflicts.push({ at: key, message: `SKU ${price.sku} says $${price.usd} as well` });
        return;
    }
    if (before.usd === price.usd) return;
    out.conflicts.push({ at: key, message: `SKU ${before.sku} says $${before.usd}, SKU ${price.sku} says $${price.usd}: neither is kept` });
    out.prices = out.prices.filter((p) => p !== before);
    seen.set(key, "conflict");
}

export function emptyResult(): ParseResult {
    return { prices: [], skipped: 0, malformed: [], conflicts: [] };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}
