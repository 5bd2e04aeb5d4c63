/**
 * Public price datasets for `--check --dataset <file>` (no credentials needed): figures someone else read from the
 * AWS Price List, compared with the committed tables like the API's.
 * - karpenter: aws/karpenter-provider-aws pkg/providers/pricing/zz_generated.pricing_aws.go (`"<region>": { "<type>": <usd>, ... }`,
 *   generated from the Price List API, On-Demand Linux), EC2 only.
 * - ec2instances: vantage-sh/ec2instances.info www/instances.json (`[{ instance_type, pricing: { <region>: { linux: { ondemand } } } }]`).
 */
import { isRecord, type ParsedPrice } from "./parse-result";

export function parseKarpenterPricing(text: string): ParsedPrice[] {
    const out: ParsedPrice[] = [];
    const start = text.indexOf("InitialOnDemandPricesAWS");
    if (start < 0) return out;
    let region: string | undefined;
    for (const line of text.slice(start).split("\n")) {
        const block = /^\s*"([a-z]{2}(?:-[a-z]+)+-\d)":\s*\{\s*$/.exec(line);
        if (block) {
            region = block[1];
            continue;
        }
        if (/^\s*\},?\s*$/.test(line)) {
            region = undefined;
            continue;
        }
        if (region === undefined) continue;
        for (const m of line.matchAll(/"([a-z0-9-]+\.[a-z0-9-]+)":\s*([0-9.]+)/g)) {
            const usd = Number(m[2]);
            if (m[1] !== undefined && usd > 0)
                out.push({ id: m[1], region, usd, unit: "instance-hour (Linux, On-Demand)", sku: "karpenter dataset" });
        }
    }
    return out;
}

export function parseEc2InstancesJson(text: string): ParsedPrice[] {
    const doc: unknown = JSON.parse(text);
    if (!Array.isArray(doc)) throw new Error("not an ec2instances.info instances.json array");
    const out: ParsedPrice[] = [];
    for (const row of doc) {
        if (!isRecord(row) || typeof row["instance_type"] !== "string" || !isRecord(row["pricing"])) continue;
        for (const [region, p] of Object.entries(row["pricing"])) {
            const linux = isRecord(p) ? p["linux"] : undefined;
            const od = isRecord(linux) ? linux["ondemand"] : undefined;
            const usd = typeof od === "string" || typeof od === "number" ? Number(od) : NaN;
            if (Number.isFinite(usd) && usd > 0)
                out.push({
                    id: row["instance_type"],
                    region,
                    usd,
                    unit: "instance-hour (Linux, On-Demand)",
                    sku: "ec2instances.info dataset",
                });
        }
    }
    return out;
}

/** Reads a dataset file by its shape (the Go source or the JSON array). */
export function parseDataset(text: string): ParsedPrice[] {
    if (text.includes("InitialOnDemandPricesAWS")) return parseKarpenterPricing(text);
    return parseEc2InstancesJson(text);
}
