/**
 * Parser for the AWS Price List Query API's `GetProducts` response (service `pricing`, endpoint
 * https://api.pricing.us-east-1.amazonaws.com, API version 2017-10-15).
 *
 * The response is `{ FormatVersion: "aws_v1", NextToken?, PriceList: string[] }`; each PriceList entry is a JSON
 * *string* holding `{ product: { sku, productFamily, attributes }, serviceCode, terms: { OnDemand: { "<sku>.<offerTermCode>":
 * { priceDimensions: { "<sku>.<offerTermCode>.<rateCode>": { unit, beginRange, endRange, pricePerUnit: { USD } } },
 * effectiveDate, ... } }, Reserved? }, version, publicationDate }`. Documented in AWS's API examples
 * (boto/botocore botocore/data/pricing/2017-10-15/examples-1.json, GetProducts "To retrieve a list of products") and
 * the Price List file reference (https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/reading-service-price-list-file-for-services.html,
 * read 2026-12-06). Fixtures and citations: tests/cost/fixtures/price-api/README.md.
 */
import { addPrice, emptyResult, isRecord, type ParsedPrice, type ParseResult } from "./parse-result";

export const AWS_PRICING_ENDPOINT = "https://api.pricing.us-east-1.amazonaws.com/";

/** The product part of one PriceList entry. */
export interface AwsProduct {
    sku: string;
    productFamily: string;
    attributes: Readonly<Record<string, string>>;
}

/** What a target makes of a product it wants: the table id and region, the unit, and a factor (e.g. 1e6 per million). */
export interface AwsMatch {
    id: string;
    region: string;
    unit: string;
    scale?: number;
}

export type AwsMatcher = (product: AwsProduct) => AwsMatch | undefined;

/** The Price List's `location` names of the regions the tables price (the API filters on `location` or `regionCode`). */
export const AWS_LOCATIONS: Readonly<Record<string, string>> = {
    "us-east-1": "US East (N. Virginia)",
    "us-west-2": "US West (Oregon)",
    "eu-west-1": "Europe (Ireland)",
    "eu-central-1": "Europe (Frankfurt)",
    "ap-southeast-1": "Asia Pacific (Singapore)",
};

/** The region code of a product: its `regionCode` attribute, else its `location` name. */
export function awsRegionOf(attributes: Readonly<Record<string, string>>): string | undefined {
    const code = attributes["regionCode"];
    if (code) return code;
    const location = attributes["location"];
    return Object.entries(AWS_LOCATIONS).find(([, name]) => name === location)?.[0];
}

function readProduct(doc: Record<string, unknown>): AwsProduct | string {
    const product = doc["product"];
    if (!isRecord(product)) return "no product object";
    const attributes = product["attributes"];
    if (!isRecord(attributes)) return "no product.attributes";
    const sku = product["sku"];
    if (typeof sku !== "string" || sku === "") return "no product.sku";
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(attributes)) if (typeof v === "string") attrs[k] = v;
    return { sku, productFamily: typeof product["productFamily"] === "string" ? product["productFamily"] : "", attributes: attrs };
}

interface Rate {
    usd: number;
    begin: number;
    unit: string;
    effective?: string;
}

/** Every On-Demand rate of an entry, or why they cannot be read. */
function onDemandRates(doc: Record<string, unknown>): Rate[] | string {
    const terms = doc["terms"];
    if (!isRecord(terms)) return "no terms object";
    const onDemand = terms["OnDemand"];
    if (!isRecord(onDemand)) return "no terms.OnDemand";
    const rates: Rate[] = [];
    for (const [termKey, term] of Object.entries(onDemand)) {
        if (!isRecord(term) || !isRecord(term["priceDimensions"])) return `terms.OnDemand.${termKey} has no priceDimensions`;
        const effective = typeof term["effectiveDate"] === "string" ? term["effectiveDate"] : undefined;
        for (const [rateCode, dim] of Object.entries(term["priceDimensions"])) {
            if (!isRecord(dim)) return `price dimension ${rateCode} is not an object`;
            const ppu = dim["pricePerUnit"];
            const raw = isRecord(ppu) ? ppu["USD"] : undefined;
            if (typeof raw !== "string" || !/^\d+(\.\d+)?$/.test(raw.trim())) {
                return `price dimension ${rateCode} has no numeric pricePerUnit.USD (${JSON.stringify(raw ?? null)})`;
            }
            const beginRaw = dim["beginRange"];
            const begin = typeof beginRaw === "string" && beginRaw !== "" ? Number(beginRaw) : 0;
            rates.push({
                usd: Number(raw),
                begin: Number.isFinite(begin) ? begin : 0,
                unit: typeof dim["unit"] === "string" ? dim["unit"] : "",
                effective,
            });
        }
    }
    if (rates.length === 0) return "terms.OnDemand has no price dimension";
    return rates;
}

/**
 * Reads the PriceList entries of one or more GetProducts pages. An entry no matcher wants is skipped (counted); an
 * entry that cannot be parsed, or that is wanted but has no paid On-Demand rate, is reported in `malformed` and
 * never priced at 0. Tiered dimensions (Lambda duration, DynamoDB storage) give their first paid tier.
 */
export function parseAwsPriceList(entries: readonly unknown[], match: AwsMatcher): ParseResult {
    const out = emptyResult();
    const seen = new Map<string, ParsedPrice | "conflict">();
    entries.forEach((entry, index) => {
        let doc: unknown;
        try {
            doc = typeof entry === "string" ? JSON.parse(entry) : entry;
        } catch {
            out.malformed.push({ at: `PriceList[${index}]`, message: "not valid JSON" });
            return;
        }
        if (!isRecord(doc)) {
            out.malformed.push({ at: `PriceList[${index}]`, message: "not a JSON object" });
            return;
        }
        const product = readProduct(doc);
        if (typeof product === "string") {
            out.malformed.push({ at: `PriceList[${index}]`, message: product });
            return;
        }
        const at = `PriceList[${index}] (SKU ${product.sku})`;
        const wanted = match(product);
        if (wanted === undefined) {
            out.skipped++;
            return;
        }
        const rates = onDemandRates(doc);
        if (typeof rates === "string") {
            out.malformed.push({ at, message: `${wanted.id}: ${rates}` });
            return;
        }
        const paid = [...rates].sort((a, b) => a.begin - b.begin).find((r) => r.usd > 0);
        if (paid === undefined) {
            out.malformed.push({
                at,
                message: `${wanted.id}: every On-Demand rate is $0 (a free tier, or not a billable SKU): not priced`,
            });
            return;
        }
        const usd = Number((paid.usd * (wanted.scale ?? 1)).toPrecision(12));
        addPrice(out, seen, { id: wanted.id, region: wanted.region, usd, unit: wanted.unit, sku: product.sku, effective: paid.effective });
    });
    return out;
}
