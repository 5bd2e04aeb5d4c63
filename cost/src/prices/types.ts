/**
 * The shape of a price and how it moves between regions, shared by every table of prices.ts and prices/*.ts.
 *
 * Every entry carries the page it is billed by (`source`), the date that figure was read (`read`, else the table's
 * `PRICE_TABLE_AS_OF`), and, where it was read from a dataset rather than the vendor page itself, which dataset
 * (`checkedAgainst`: repository, file, and that file's own date). `derived` marks a figure computed from others (a
 * size scaled from its family's published size), never read itself.
 */

export const PRICE_TABLE_AS_OF = "2026-11";
export const BASE_REGION = "us-east-1";
export const PRICED_REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1"] as const;
export type PricedRegion = (typeof PRICED_REGIONS)[number];

/** How a price moves between regions. */
export type PriceGroup =
    "global" | "flat" | "rdsInstance" | "rdsStorage" | "ebs" | "cache" | "fargate" | "elb" | "nat" | "s3" | "logs" | "transfer" | "ec2";

export interface PriceEntry {
    /** us-east-1 price in USD per `unit`. */
    usd: number;
    unit: string;
    group: PriceGroup;
    source: string;
    /** Checked against a published source when the table was written. */
    verified: boolean;
    /** Published regional prices (unverified unless said otherwise), overriding the group factor. */
    byRegion?: Partial<Record<PricedRegion, number>>;
    note?: string;
    /** The date the figure was read (YYYY-MM-DD); absent: the table's PRICE_TABLE_AS_OF. */
    read?: string;
    /** The dataset the figure was read from or checked against: repository, file and the file's own date. */
    checkedAgainst?: string;
    /** How a figure that was not read itself was computed (e.g. "8 × db.m7g.large"). */
    derived?: string;
}

/** Regional price ÷ us-east-1 price, per group (estimates: `verified: false`). */
export const REGION_FACTORS: Readonly<Record<Exclude<PriceGroup, "global">, Readonly<Record<PricedRegion, number>>>> = {
    flat: { "us-east-1": 1, "us-west-2": 1, "eu-west-1": 1, "eu-central-1": 1, "ap-southeast-1": 1 },
    rdsInstance: { "us-east-1": 1, "us-west-2": 1, "eu-west-1": 1.1, "eu-central-1": 1.19, "ap-southeast-1": 1.3 },
    rdsStorage: { "us-east-1": 1, "us-west-2": 1, "eu-west-1": 1.1, "eu-central-1": 1.19, "ap-southeast-1": 1.2 },
    ebs: { "us-east-1": 1, "us-west-2": 1, "eu-west-1": 1.1, "eu-central-1": 1.19, "ap-southeast-1": 1.2 },
    cache: { "us-east-1": 1, "us-west-2": 1, "eu-west-1": 1.09, "eu-central-1": 1.17, "ap-southeast-1": 1.25 },
    fargate: { "us-east-1": 1, "us-west-2": 1, "eu-west-1": 1, "eu-central-1": 1.15, "ap-southeast-1": 1.25 },
    elb: { "us-east-1": 1, "us-west-2": 1, "eu-west-1": 1.12, "eu-central-1": 1.2, "ap-southeast-1": 1.12 },
    nat: { "us-east-1": 1, "us-west-2": 1, "eu-west-1": 1.067, "eu-central-1": 1.156, "ap-southeast-1": 1.311 },
    s3: { "us-east-1": 1, "us-west-2": 1, "eu-west-1": 1, "eu-central-1": 1.065, "ap-southeast-1": 1.087 },
    logs: { "us-east-1": 1, "us-west-2": 1, "eu-west-1": 1.14, "eu-central-1": 1.26, "ap-southeast-1": 1.4 },
    transfer: { "us-east-1": 1, "us-west-2": 1, "eu-west-1": 1, "eu-central-1": 1, "ap-southeast-1": 4.5 },
    // EC2 instance-hours: not measured; the RDS instance ratios (the same hardware) are used as the estimate.
    ec2: { "us-east-1": 1, "us-west-2": 1, "eu-west-1": 1.1, "eu-central-1": 1.19, "ap-southeast-1": 1.3 },
};
export const REGION_FACTORS_VERIFIED = false;

export function isPricedRegion(region: string): region is PricedRegion {
    return (PRICED_REGIONS as readonly string[]).includes(region);
}

/** A price in one region: the published regional figure, the us-east-1 figure × the group factor, or the global figure. */
export function regionalPrice(entry: PriceEntry, region: PricedRegion): { usd: number; derived: boolean } {
    if (entry.group === "global") return { usd: entry.usd, derived: false };
    const listed = entry.byRegion?.[region];
    if (listed !== undefined) return { usd: listed, derived: false };
    const factor = REGION_FACTORS[entry.group][region];
    return { usd: entry.usd * factor, derived: factor !== 1 };
}

/** The date an entry was read. */
export function readOn(entry: PriceEntry): string {
    return entry.read ?? PRICE_TABLE_AS_OF;
}
