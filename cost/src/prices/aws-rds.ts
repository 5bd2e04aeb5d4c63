/**
 * RDS (PostgreSQL, MySQL, MariaDB), Aurora (PostgreSQL/MySQL-compatible) and ElastiCache node prices, On-Demand,
 * USD per instance-hour (RDS: Single-AZ; Multi-AZ is twice), us-east-1 with published us-west-2, eu-west-1,
 * eu-central-1 and ap-southeast-1 figures.
 *
 * Read 2026-12-06 from the AWS Price List data that vantage-sh/ec2instances.info committed for its RDS and
 * ElastiCache pages: www/rds/instances.json (commit 14ede5a5, 2021-08-03) and www/cache/instances.json (commit
 * 3e75a5dd, 2022-02-13). AWS has not changed these families' On-Demand list prices since (the RDS PostgreSQL figures
 * equal the ones this table already held, e.g. db.r6g.large $0.225, db.t3.micro $0.018).
 *
 * Families newer than those files are derived, never read, and say so (`derived`):
 * - db.m6i and db.r6i at the db.m5 and db.r5 price of the same size and engine (AWS prices the EC2 m6i/r6i at the
 *   m5/r5 price: EC2_HOURLY m6i.large = m5.large = $0.096);
 * - db.t4g (PostgreSQL) at the figures this table held before; db.m7g and db.r7g (PostgreSQL), cache.m7g and cache.r7g from this table's earlier
 *   figures for their smallest sizes, scaled by size (each size doubles the one below it, AWS's normalization
 *   factors: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithReservedDBInstances.html).
 * A family/engine with no figure to read or derive from stays unpriced with that reason.
 * `npm run prices:regenerate` rewrites these tables from the Price List API (GetProducts, AmazonRDS/AmazonElastiCache).
 */
import type { PricedRegion, PriceEntry } from "./types";

export const RDS_SOURCE: Readonly<Record<RdsEngine, string>> = {
    postgres: "https://aws.amazon.com/rds/postgresql/pricing/",
    mysql: "https://aws.amazon.com/rds/mysql/pricing/",
    mariadb: "https://aws.amazon.com/rds/mariadb/pricing/",
    aurora: "https://aws.amazon.com/rds/aurora/pricing/",
    auroraMysql: "https://aws.amazon.com/rds/aurora/pricing/",
};
export const ELASTICACHE_SOURCE = "https://aws.amazon.com/elasticache/pricing/";
const READ = "2026-12-06";
const RDS_DATASET = "vantage-sh/ec2instances.info www/rds/instances.json (AWS Price List data, commit 14ede5a5, 2021-08-03)";
const CACHE_DATASET = "vantage-sh/ec2instances.info www/cache/instances.json (AWS Price List data, commit 3e75a5dd, 2022-02-13)";
const REGIONS: readonly PricedRegion[] = ["us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1"];

/** `aurora` is Aurora PostgreSQL-compatible, `auroraMysql` Aurora MySQL-compatible (provisioned, Aurora Standard). */
export type RdsEngine = "postgres" | "mysql" | "mariadb" | "aurora" | "auroraMysql";
type Priced = [usd: number, regional: (number | undefined)[]];
type Row = { vcpu: number; gib: number } & Partial<Record<RdsEngine, Priced>>;

/** Read from the dataset: us-east-1 and [us-west-2, eu-west-1, eu-central-1, ap-southeast-1]. */
const RDS_READ: Readonly<Record<string, Row>> = {
    "db.t3.micro": {
        vcpu: 2,
        gib: 1,
        postgres: [0.018, [0.018, 0.02, 0.021, 0.028]],
        mysql: [0.017, [0.017, 0.018, 0.02, 0.026]],
        mariadb: [0.017, [0.017, 0.018, 0.02, 0.026]],
    },
    "db.t3.small": {
        vcpu: 2,
        gib: 2,
        postgres: [0.036, [0.036, 0.039, 0.042, 0.056]],
        mysql: [0.034, [0.034, 0.036, 0.04, 0.052]],
        mariadb: [0.034, [0.034, 0.036, 0.04, 0.052]],
        auroraMysql: [0.041, [0.041, 0.044, 0.048, 0.063]],
    },
    "db.t3.medium": {
        vcpu: 2,
        gib: 4,
        postgres: [0.072, [0.072, 0.078, 0.084, 0.112]],
        mysql: [0.068, [0.068, 0.072, 0.08, 0.104]],
        mariadb: [0.068, [0.068, 0.072, 0.08, 0.104]],
        aurora: [0.082, [0.082, 0.088, 0.096, 0.126]],
        auroraMysql: [0.082, [0.082, 0.088, 0.096, 0.126]],
    },
    "db.t3.large": {
        vcpu: 2,
        gib: 8,
        postgres: [0.145, [0.145, 0.156, 0.168, 0.224]],
        mysql: [0.136, [0.136, 0.144, 0.16, 0.208]],
        mariadb: [0.136, [0.136, 0.144, 0.16, 0.208]],
        aurora: [0.164, [0.164, 0.176, 0.192, 0.252]],
        auroraMysql: [0.164, [0.164, 0.176, 0.192, 0.252]],
    },
    "db.t3.xlarge": {
        vcpu: 4,
        gib: 16,
        postgres: [0.29, [0.29, 0.312, 0.336, 0.448]],
        mysql: [0.272, [0.272, 0.288, 0.32, 0.416]],
        mariadb: [0.272, [0.272, 0.288, 0.32, 0.416]],
    },
    "db.t3.2xlarge": {
        vcpu: 8,
        gib: 32,
        postgres: [0.579, [0.579, 0.624, 0.672, 0.896]],
        mysql: [0.544, [0.544, 0.576, 0.64, 0.832]],
        mariadb: [0.544, [0.544, 0.576, 0.64, 0.832]],
    },
    "db.m5.large": {
        vcpu: 2,
        gib: 8,
        postgres: [0.178, [0.178, 0.197, 0.212, 0.247]],
        mysql: [0.171, [0.171, 0.189, 0.203, 0.235]],
        mariadb: [0.171, [0.171, 0.189, 0.203, 0.235]],
    },
    "db.m5.xlarge": {
        vcpu: 4,
        gib: 16,
        postgres: [0.356, [0.356, 0.394, 0.424, 0.494]],
        mysql: [0.342, [0.342, 0.378, 0.406, 0.47]],
        mariadb: [0.342, [0.342, 0.378, 0.406, 0.47]],
    },
    "db.m5.2xlarge": {
        vcpu: 8,
        gib: 32,
        postgres: [0.712, [0.712, 0.788, 0.848, 0.988]],
        mysql: [0.684, [0.684, 0.756, 0.812, 0.94]],
        mariadb: [0.684, [0.684, 0.756, 0.812, 0.94]],
    },
    "db.m5.4xlarge": {
        vcpu: 16,
        gib: 64,
        postgres: [1.424, [1.424, 1.576, 1.696, 1.976]],
        mysql: [1.368, [1.368, 1.512, 1.624, 1.88]],
        mariadb: [1.368, [1.368, 1.512, 1.624, 1.88]],
    },
    "db.m5.8xlarge": {
        vcpu: 32,
        gib: 128,
        postgres: [2.848, [2.848, 3.152, 3.392, 3.952]],
        mysql: [2.74, [2.74, 3.02, 3.25, 3.76]],
        mariadb: [2.74, [2.74, 3.02, 3.25, 3.76]],
    },
    "db.m5.12xlarge": {
        vcpu: 48,
        gib: 192,
        postgres: [4.272, [4.272, 4.728, 5.088, 5.928]],
        mysql: [4.104, [4.104, 4.536, 4.872, 5.64]],
        mariadb: [4.104, [4.104, 4.536, 4.872, 5.64]],
    },
    "db.m5.16xlarge": {
        vcpu: 64,
        gib: 256,
        postgres: [5.696, [5.696, 6.304, 6.784, 7.904]],
        mysql: [5.47, [5.47, 6.05, 6.5, 7.52]],
        mariadb: [5.47, [5.47, 6.05, 6.5, 7.52]],
    },
    "db.m5.24xlarge": {
        vcpu: 96,
        gib: 384,
        postgres: [8.544, [8.544, 9.456, 10.176, 11.856]],
        mysql: [8.208, [8.208, 9.072, 9.744, 11.28]],
        mariadb: [8.208, [8.208, 9.072, 9.744, 11.28]],
    },
    "db.m6g.large": {
        vcpu: 2,
        gib: 8,
        postgres: [0.159, [0.159, 0.176, 0.189, 0.221]],
        mysql: [0.152, [0.152, 0.168, 0.18, 0.209]],
        mariadb: [0.152, [0.152, 0.168, 0.18, 0.209]],
    },
    "db.m6g.xlarge": {
        vcpu: 4,
        gib: 16,
        postgres: [0.318, [0.318, 0.352, 0.379, 0.441]],
        mysql: [0.304, [0.304, 0.336, 0.361, 0.418]],
        mariadb: [0.304, [0.304, 0.336, 0.361, 0.418]],
    },
    "db.m6g.2xlarge": {
        vcpu: 8,
        gib: 32,
        postgres: [0.636, [0.636, 0.704, 0.757, 0.883]],
        mysql: [0.608, [0.608, 0.672, 0.722, 0.836]],
        mariadb: [0.608, [0.608, 0.672, 0.722, 0.836]],
    },
    "db.m6g.4xlarge": {
        vcpu: 16,
        gib: 64,
        postgres: [1.272, [1.272, 1.408, 1.515, 1.765]],
        mysql: [1.216, [1.216, 1.344, 1.444, 1.671]],
        mariadb: [1.216, [1.216, 1.344, 1.444, 1.671]],
    },
    "db.m6g.8xlarge": {
        vcpu: 32,
        gib: 128,
        postgres: [2.544, [2.544, 2.816, 3.03, 3.53]],
        mysql: [2.432, [2.432, 2.688, 2.887, 3.342]],
        mariadb: [2.432, [2.432, 2.688, 2.887, 3.342]],
    },
    "db.m6g.12xlarge": {
        vcpu: 48,
        gib: 192,
        postgres: [3.816, [3.816, 4.223, 4.545, 5.295]],
        mysql: [3.648, [3.648, 4.032, 4.331, 5.013]],
        mariadb: [3.648, [3.648, 4.032, 4.331, 5.013]],
    },
    "db.m6g.16xlarge": {
        vcpu: 64,
        gib: 256,
        postgres: [5.088, [5.088, 5.631, 6.06, 7.06]],
        mysql: [4.864, [4.864, 5.376, 5.774, 6.684]],
        mariadb: [4.864, [4.864, 5.376, 5.774, 6.684]],
    },
    "db.r5.large": {
        vcpu: 2,
        gib: 16,
        postgres: [0.25, [0.25, 0.28, 0.305, 0.3]],
        mysql: [0.24, [0.24, 0.265, 0.29, 0.285]],
        mariadb: [0.24, [0.24, 0.265, 0.29, 0.285]],
        aurora: [0.29, [0.29, 0.32, 0.35, 0.35]],
        auroraMysql: [0.29, [0.29, 0.32, 0.35, 0.35]],
    },
    "db.r5.xlarge": {
        vcpu: 4,
        gib: 32,
        postgres: [0.5, [0.5, 0.56, 0.61, 0.6]],
        mysql: [0.48, [0.48, 0.53, 0.58, 0.57]],
        mariadb: [0.48, [0.48, 0.53, 0.58, 0.57]],
        aurora: [0.58, [0.58, 0.64, 0.7, 0.7]],
        auroraMysql: [0.58, [0.58, 0.64, 0.7, 0.7]],
    },
    "db.r5.2xlarge": {
        vcpu: 8,
        gib: 64,
        postgres: [1, [1, 1.12, 1.22, 1.2]],
        mysql: [0.96, [0.96, 1.06, 1.16, 1.14]],
        mariadb: [0.96, [0.96, 1.06, 1.16, 1.14]],
        aurora: [1.16, [1.16, 1.28, 1.4, 1.4]],
        auroraMysql: [1.16, [1.16, 1.28, 1.4, 1.4]],
    },
    "db.r5.4xlarge": {
        vcpu: 16,
        gib: 128,
        postgres: [2, [2, 2.24, 2.44, 2.4]],
        mysql: [1.92, [1.92, 2.12, 2.32, 2.28]],
        mariadb: [1.92, [1.92, 2.12, 2.32, 2.28]],
        aurora: [2.32, [2.32, 2.56, 2.8, 2.8]],
        auroraMysql: [2.32, [2.32, 2.56, 2.8, 2.8]],
    },
    "db.r5.8xlarge": {
        vcpu: 32,
        gib: 256,
        postgres: [4, [4, 4.48, 4.88, 4.8]],
        mysql: [3.84, [3.84, 4.24, 4.64, 4.56]],
        mariadb: [3.84, [3.84, 4.24, 4.64, 4.56]],
        aurora: [4.64, [4.64, 5.12, 5.6, 5.6]],
        auroraMysql: [4.64, [4.64, 5.12, 5.6, 5.6]],
    },
    "db.r5.12xlarge": {
        vcpu: 48,
        gib: 384,
        postgres: [6, [6, 6.72, 7.32, 7.2]],
        mysql: [5.76, [5.76, 6.36, 6.96, 6.84]],
        mariadb: [5.76, [5.76, 6.36, 6.96, 6.84]],
        aurora: [6.96, [6.96, 7.68, 8.4, 8.4]],
        auroraMysql: [6.96, [6.96, 7.68, 8.4, 8.4]],
    },
    "db.r5.16xlarge": {
        vcpu: 64,
        gib: 512,
        postgres: [8, [8, 8.96, 9.76, 9.6]],
        mysql: [7.68, [7.68, 8.48, 9.28, 9.12]],
        mariadb: [7.68, [7.68, 8.48, 9.28, 9.12]],
        aurora: [9.28, [9.28, 10.24, 11.2, 11.2]],
        auroraMysql: [9.28, [9.28, 10.24, 11.2, 11.2]],
    },
    "db.r5.24xlarge": {
        vcpu: 96,
        gib: 768,
        postgres: [12, [12, 13.44, 14.64, 14.4]],
        mysql: [11.52, [11.52, 12.72, 13.92, 13.68]],
        mariadb: [11.52, [11.52, 12.72, 13.92, 13.68]],
        aurora: [13.92, [13.92, 15.36, 16.8, 16.8]],
        auroraMysql: [13.92, [13.92, 15.36, 16.8, 16.8]],
    },
    "db.r6g.large": {
        vcpu: 2,
        gib: 16,
        postgres: [0.225, [0.225, 0.252, 0.274, 0.27]],
        mysql: [0.215, [0.215, 0.237, 0.26, 0.255]],
        mariadb: [0.215, [0.215, 0.237, 0.26, 0.255]],
        aurora: [0.26, [0.26, 0.286, 0.313, 0.313]],
        auroraMysql: [0.26, [0.26, 0.286, 0.313, 0.313]],
    },
    "db.r6g.xlarge": {
        vcpu: 4,
        gib: 32,
        postgres: [0.45, [0.45, 0.504, 0.549, 0.54]],
        mysql: [0.43, [0.43, 0.474, 0.519, 0.51]],
        mariadb: [0.43, [0.43, 0.474, 0.519, 0.51]],
        aurora: [0.519, [0.519, 0.573, 0.627, 0.627]],
        auroraMysql: [0.519, [0.519, 0.573, 0.627, 0.627]],
    },
    "db.r6g.2xlarge": {
        vcpu: 8,
        gib: 64,
        postgres: [0.899, [0.899, 1.007, 1.097, 1.079]],
        mysql: [0.859, [0.859, 0.949, 1.038, 1.02]],
        mariadb: [0.859, [0.859, 0.949, 1.038, 1.02]],
        aurora: [1.038, [1.038, 1.146, 1.253, 1.253]],
        auroraMysql: [1.038, [1.038, 1.146, 1.253, 1.253]],
    },
    "db.r6g.4xlarge": {
        vcpu: 16,
        gib: 128,
        postgres: [1.798, [1.798, 2.014, 2.194, 2.158]],
        mysql: [1.718, [1.718, 1.897, 2.076, 2.041]],
        mariadb: [1.718, [1.718, 1.897, 2.076, 2.041]],
        aurora: [2.076, [2.076, 2.291, 2.506, 2.506]],
        auroraMysql: [2.076, [2.076, 2.291, 2.506, 2.506]],
    },
    "db.r6g.8xlarge": {
        vcpu: 32,
        gib: 256,
        postgres: [3.597, [3.597, 4.028, 4.388, 4.316]],
        mysql: [3.437, [3.437, 3.795, 4.153, 4.081]],
        mariadb: [3.437, [3.437, 3.795, 4.153, 4.081]],
        aurora: [4.153, [4.153, 4.582, 5.012, 5.012]],
        auroraMysql: [4.153, [4.153, 4.582, 5.012, 5.012]],
    },
    "db.r6g.12xlarge": {
        vcpu: 48,
        gib: 384,
        postgres: [5.395, [5.395, 6.043, 6.582, 6.474]],
        mysql: [5.155, [5.155, 5.692, 6.229, 6.122]],
        mariadb: [5.155, [5.155, 5.692, 6.229, 6.122]],
        aurora: [6.229, [6.229, 6.874, 7.518, 7.518]],
        auroraMysql: [6.229, [6.229, 6.874, 7.518, 7.518]],
    },
    "db.r6g.16xlarge": {
        vcpu: 64,
        gib: 512,
        postgres: [7.194, [7.194, 8.057, 8.776, 8.632]],
        mysql: [6.874, [6.874, 7.59, 8.306, 8.162]],
        mariadb: [6.874, [6.874, 7.59, 8.306, 8.162]],
        aurora: [8.306, [8.306, 9.165, 10.024, 10.024]],
        auroraMysql: [8.306, [8.306, 9.165, 10.024, 10.024]],
    },
};

const SIZE_UNITS: Readonly<Record<string, number>> = {
    micro: 0.125,
    small: 0.25,
    medium: 0.5,
    large: 1,
    xlarge: 2,
    "2xlarge": 4,
    "4xlarge": 8,
    "8xlarge": 16,
    "12xlarge": 24,
    "16xlarge": 32,
    "24xlarge": 48,
    "32xlarge": 64,
    "48xlarge": 96,
};
const VCPU_PER_UNIT = 2;

/** Families priced as a sibling of the dataset (same size, same engine). */
const SIBLING: Readonly<Record<string, { family: string; sizes: readonly string[] }>> = {
    m6i: { family: "m5", sizes: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge"] },
    r6i: { family: "r5", sizes: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "32xlarge"] },
};

/** Families scaled from an anchor size this table held before (PostgreSQL figures; unverified unless said). */
const SCALED: Readonly<Record<string, { engine: RdsEngine; anchor: string; usd: number; verified: boolean; sizes: readonly string[] }>> = {
    m7g: {
        engine: "postgres",
        anchor: "large",
        usd: 0.168,
        verified: false,
        sizes: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
    },
    r7g: {
        engine: "postgres",
        anchor: "large",
        usd: 0.239,
        verified: false,
        sizes: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"],
    },
};

/** db.t4g PostgreSQL: the figures this table held before (micro-medium checked against the page in 2026-11). */
const T4G_POSTGRES: Readonly<Record<string, { usd: number; vcpu: number; verified: boolean }>> = {
    "db.t4g.micro": { usd: 0.016, vcpu: 2, verified: true },
    "db.t4g.small": { usd: 0.032, vcpu: 2, verified: true },
    "db.t4g.medium": { usd: 0.065, vcpu: 2, verified: true },
    "db.t4g.large": { usd: 0.129, vcpu: 2, verified: false },
    "db.t4g.xlarge": { usd: 0.258, vcpu: 4, verified: false },
    "db.t4g.2xlarge": { usd: 0.516, vcpu: 8, verified: false },
};

export type RdsLookup = { entry: PriceEntry; vcpu: number } | { reason: string };

const ENGINE_NAME: Readonly<Record<RdsEngine, string>> = {
    postgres: "PostgreSQL",
    mysql: "MySQL",
    mariadb: "MariaDB",
    aurora: "Aurora PostgreSQL",
    auroraMysql: "Aurora MySQL",
};

function byRegion(regional: (number | undefined)[]): Partial<Record<PricedRegion, number>> {
    const out: Partial<Record<PricedRegion, number>> = {};
    REGIONS.forEach((region, i) => {
        const v = regional[i];
        if (typeof v === "number") out[region] = v;
    });
    return out;
}

function readEntry(cls: string, engine: RdsEngine): { usd: number; regional: (number | undefined)[]; vcpu: number } | undefined {
    const row = RDS_READ[cls];
    const priced = row?.[engine];
    return row && priced ? { usd: priced[0], regional: priced[1], vcpu: row.vcpu } : undefined;
}

/** The On-Demand Single-AZ price of a DB instance class for an engine, or why there is none. */
export function rdsInstanceEntry(cls: string, engine: RdsEngine): RdsLookup {
    const unit =
        engine === "aurora" || engine === "auroraMysql"
            ? "instance-hour (Aurora Standard)"
            : "instance-hour (Single-AZ; Multi-AZ is twice)";
    const base = { unit, group: "rdsInstance" as const, source: RDS_SOURCE[engine], read: READ };
    const read = readEntry(cls, engine);
    if (read)
        return {
            entry: { ...base, usd: read.usd, byRegion: byRegion(read.regional), verified: true, checkedAgainst: RDS_DATASET },
            vcpu: read.vcpu,
        };
    const [, family = "", size = ""] = cls.split(".");
    const t4g = T4G_POSTGRES[cls];
    if (t4g) {
        if (engine !== "postgres")
            return {
                reason: `no ${ENGINE_NAME[engine]} price for db.t4g in the table (only PostgreSQL); npm run prices:regenerate reads it from the AWS Price List`,
            };
        return { entry: { ...base, usd: t4g.usd, verified: t4g.verified, read: "2026-11-01" }, vcpu: t4g.vcpu };
    }
    const sibling = SIBLING[family];
    if (sibling?.sizes.includes(size)) {
        const from = `db.${sibling.family}.${size}`;
        const s = readEntry(from, engine);
        if (s) {
            return {
                entry: {
                    ...base,
                    usd: s.usd,
                    byRegion: byRegion(s.regional),
                    verified: false,
                    checkedAgainst: RDS_DATASET,
                    derived: `priced as ${from} (EC2 prices ${family} as ${sibling.family})`,
                },
                vcpu: s.vcpu,
            };
        }
    }
    const scaled = SCALED[family];
    const units = SIZE_UNITS[size];
    if (scaled && units !== undefined && scaled.sizes.includes(size)) {
        if (scaled.engine !== engine) {
            return {
                reason: `no ${ENGINE_NAME[engine]} price for db.${family} in the table (only ${ENGINE_NAME[scaled.engine]}); npm run prices:regenerate reads it from the AWS Price List`,
            };
        }
        const factor = units / (SIZE_UNITS[scaled.anchor] ?? 1);
        const usd = Number((scaled.usd * factor).toFixed(4));
        const vcpu = Math.max(2, units * VCPU_PER_UNIT);
        return {
            entry: {
                ...base,
                usd,
                verified: scaled.verified && factor === 1,
                derived: factor === 1 ? undefined : `${factor} × db.${family}.${scaled.anchor} ($${scaled.usd})`,
            },
            vcpu,
        };
    }
    if (RDS_READ[cls]) return { reason: `db instance class ${cls} is not offered for ${ENGINE_NAME[engine]} in the price data` };
    return { reason: `db instance class ${cls} is not in the price table (families: t3 t4g m5 m6g m6i m7g r5 r6g r6i r7g)` };
}

/** Every class × engine the table prices (for coverage tests and the PRICE_TABLE dump). */
export function rdsClasses(): string[] {
    const out = new Set(Object.keys(RDS_READ));
    for (const [family, s] of Object.entries(SIBLING)) for (const size of s.sizes) out.add(`db.${family}.${size}`);
    for (const [family, s] of Object.entries(SCALED)) for (const size of s.sizes) out.add(`db.${family}.${size}`);
    for (const cls of Object.keys(T4G_POSTGRES)) out.add(cls);
    return [...out];
}

// ---------------------------------------------------------------------------------------------------------------
// ElastiCache (Redis OSS / Memcached; Valkey is priced by the factor in AWS_PRICES)

const CACHE_READ: Readonly<Record<string, Priced>> = {
    "cache.t3.micro": [0.017, [0.017, 0.018, 0.019, 0.025]],
    "cache.t3.small": [0.034, [0.034, 0.036, 0.038, 0.05]],
    "cache.t3.medium": [0.068, [0.068, 0.072, 0.076, 0.1]],
    "cache.t4g.micro": [0.016, [0.016, 0.017, 0.018, 0.024]],
    "cache.t4g.small": [0.032, [0.032, 0.034, 0.036, 0.048]],
    "cache.t4g.medium": [0.065, [0.065, 0.068, 0.072, 0.095]],
    "cache.m5.large": [0.156, [0.06, 0.172, 0.186, 0.194]],
    "cache.m5.xlarge": [0.119, [0.119, 0.129, 0.371, 0.389]],
    "cache.m5.2xlarge": [0.623, [0.239, 0.686, 0.741, 0.778]],
    "cache.m5.4xlarge": [1.245, [1.245, 0.517, 1.482, 0.595]],
    "cache.m5.12xlarge": [1.44, [1.44, 1.56, 1.704, 4.666]],
    "cache.m5.24xlarge": [7.488, [7.488, 3.12, 8.928, 9.331]],
    "cache.m6g.large": [0.149, [0.149, 0.164, 0.177, 0.185]],
    "cache.m6g.xlarge": [0.297, [0.297, 0.327, 0.354, 0.369]],
    "cache.m6g.2xlarge": [0.593, [0.593, 0.654, 0.707, 0.738]],
    "cache.m6g.4xlarge": [1.186, [1.186, 1.308, 1.414, 1.475]],
    "cache.m6g.8xlarge": [2.372, [2.372, 2.615, 2.828, 2.949]],
    "cache.m6g.12xlarge": [3.557, [3.557, 3.922, 4.241, 4.424]],
    "cache.m6g.16xlarge": [4.743, [4.743, 5.229, 5.655, 5.898]],
    "cache.r5.large": [0.09, [0.216, 0.1, 0.108, 0.107]],
    "cache.r5.xlarge": [0.179, [0.431, 0.198, 0.214, 0.517]],
    "cache.r5.2xlarge": [0.358, [0.358, 0.961, 0.429, 1.035]],
    "cache.r5.4xlarge": [0.716, [0.716, 0.793, 0.859, 0.853]],
    "cache.r5.12xlarge": [2.16, [2.16, 5.775, 6.23, 6.207]],
    "cache.r5.24xlarge": [10.368, [4.32, 11.55, 5.164, 12.414]],
    "cache.r6g.large": [0.206, [0.206, 0.229, 0.247, 0.247]],
    "cache.r6g.xlarge": [0.411, [0.411, 0.458, 0.494, 0.493]],
    "cache.r6g.2xlarge": [0.821, [0.821, 0.916, 0.988, 0.985]],
    "cache.r6g.4xlarge": [1.642, [1.642, 1.832, 1.976, 1.969]],
    "cache.r6g.8xlarge": [3.284, [3.284, 3.664, 3.952, 3.937]],
    "cache.r6g.12xlarge": [4.925, [4.925, 5.495, 5.928, 5.906]],
    "cache.r6g.16xlarge": [6.567, [6.567, 7.327, 7.904, 7.874]],
    "cache.r6gd.xlarge": [0.781, [0.781, 0.87, 0.939, 0.937]],
    "cache.r6gd.2xlarge": [1.56, [1.56, 1.74, 1.877, 1.872]],
    "cache.r6gd.4xlarge": [3.12, [3.12, 3.481, 3.754, 3.741]],
    "cache.r6gd.8xlarge": [6.24, [6.24, , 7.509, 7.48]],
    "cache.r6gd.12xlarge": [9.358, [9.358, 10.441, 11.263, 11.221]],
    "cache.r6gd.16xlarge": [12.477, [12.477, 13.921, 15.018, 14.961]],
};

const CACHE_SCALED: Readonly<Record<string, { usd: number; sizes: readonly string[] }>> = {
    m7g: { usd: 0.158, sizes: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"] },
    r7g: { usd: 0.219, sizes: ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"] },
};

/** The On-Demand price of a cache node type (Redis OSS / Memcached), or undefined. */
export function cacheNodeEntry(nodeType: string): PriceEntry | undefined {
    const base = { unit: "node-hour (Redis OSS / Memcached)", group: "cache" as const, source: ELASTICACHE_SOURCE, read: READ };
    const read = CACHE_READ[nodeType];
    if (read) return { ...base, usd: read[0], byRegion: byRegion(read[1]), verified: true, checkedAgainst: CACHE_DATASET };
    const [, family = "", size = ""] = nodeType.split(".");
    const scaled = CACHE_SCALED[family];
    const units = SIZE_UNITS[size];
    if (!scaled || units === undefined || !scaled.sizes.includes(size)) return undefined;
    return {
        ...base,
        usd: Number((scaled.usd * units).toFixed(4)),
        verified: false,
        derived: units === 1 ? undefined : `${units} × cache.${family}.large ($${scaled.usd})`,
    };
}

export function cacheNodeTypes(): string[] {
    const out = new Set(Object.keys(CACHE_READ));
    for (const [family, s] of Object.entries(CACHE_SCALED)) for (const size of s.sizes) out.add(`cache.${family}.${size}`);
    return [...out];
}
