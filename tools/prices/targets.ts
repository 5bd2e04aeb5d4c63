/**
 * What `npm run prices:regenerate` reads, per `--service`: which API, which queries, and how a product or SKU maps to
 * a table id. The attribute names and values are the Price List's (`location`, `instanceType`, `databaseEngine`,
 * `deploymentOption`, `usagetype`, `group`) and the Billing Catalog's SKU descriptions, as infracost/infracost's
 * resource price filters use them (internal/resources/aws/db_instance.go, internal/resources/google/redis_instance.go,
 * cloudfunctions_function.go) and as the fixtures in tests/cost/fixtures/price-api show. An id a query returns no
 * SKU for is reported as missing by the script; it is never priced at a guess.
 */
import { AWS_LOCATIONS, type AwsMatch, type AwsMatcher, awsRegionOf } from "./aws-price-list";
import type { GcpMatcher } from "./gcp-catalog";

/** One `Filters` list of a GetProducts call (all TERM_MATCH). */
export type AwsQuery = ReadonlyArray<{ Field: string; Value: string }>;

export interface AwsTarget {
    provider: "aws";
    name: string;
    serviceCode: string;
    /** The vendor page the table cites. */
    source: string;
    queries: readonly AwsQuery[];
    match: AwsMatcher;
}

export interface GcpTarget {
    provider: "gcp";
    name: string;
    /** The Billing Catalog service's display name (its id is looked up with services.list). */
    serviceDisplayName: string;
    source: string;
    match: GcpMatcher;
}

export type Target = AwsTarget | GcpTarget;

export const AWS_REGIONS = Object.keys(AWS_LOCATIONS);
/** The Google Cloud region the tables price (us-central1). */
export const GCP_REGIONS: readonly string[] = ["us-central1"];

/** The usage-type prefix AWS gives a region's meters (us-east-1 has none). */
export const AWS_USAGE_PREFIX: Readonly<Record<string, string>> = {
    "us-east-1": "",
    "us-west-2": "USW2-",
    "eu-west-1": "EU-",
    "eu-central-1": "EUC1-",
    "ap-southeast-1": "APS1-",
};

const perRegion = (extra: AwsQuery): AwsQuery[] => AWS_REGIONS.map((r) => [{ Field: "location", Value: AWS_LOCATIONS[r] ?? r }, ...extra]);

/** The region of a product in a priced region, else undefined (Local Zones, Outposts, other regions). */
function pricedRegion(attributes: Readonly<Record<string, string>>): string | undefined {
    const region = awsRegionOf(attributes);
    return region !== undefined && AWS_REGIONS.includes(region) ? region : undefined;
}

/** A matcher on the region-stripped `usagetype`: `{ "WriteRequestUnits": { id, unit, scale } }`. */
function byUsageType(table: Readonly<Record<string, Omit<AwsMatch, "region">>>): AwsMatcher {
    return (p) => {
        const region = pricedRegion(p.attributes);
        if (region === undefined) return undefined;
        const prefix = AWS_USAGE_PREFIX[region] ?? "";
        const usage = p.attributes["usagetype"] ?? "";
        if (!usage.startsWith(prefix)) return undefined;
        const hit = table[usage.slice(prefix.length)];
        return hit ? { ...hit, region } : undefined;
    };
}

export const RDS_ENGINES: Readonly<Record<string, string>> = {
    PostgreSQL: "postgres",
    MySQL: "mysql",
    MariaDB: "mariadb",
    "Aurora PostgreSQL": "aurora",
    "Aurora MySQL": "auroraMysql",
};

const ec2: AwsTarget = {
    provider: "aws",
    name: "ec2",
    serviceCode: "AmazonEC2",
    source: "https://aws.amazon.com/ec2/pricing/on-demand/",
    queries: perRegion([
        { Field: "operatingSystem", Value: "Linux" },
        { Field: "tenancy", Value: "Shared" },
        { Field: "preInstalledSw", Value: "NA" },
        { Field: "capacitystatus", Value: "Used" },
    ]),
    match: (p) => {
        const a = p.attributes;
        const region = pricedRegion(a);
        if (region === undefined || p.productFamily !== "Compute Instance" || !a["instanceType"]) return undefined;
        if (a["operatingSystem"] !== "Linux" || a["tenancy"] !== "Shared" || a["preInstalledSw"] !== "NA" || a["capacitystatus"] !== "Used")
            return undefined;
        if (a["licenseModel"] !== undefined && a["licenseModel"] !== "No License required") return undefined;
        return { id: a["instanceType"], region, unit: "instance-hour (Linux, On-Demand)" };
    },
};

const rds: AwsTarget = {
    provider: "aws",
    name: "rds",
    serviceCode: "AmazonRDS",
    source: "https://aws.amazon.com/rds/pricing/",
    queries: AWS_REGIONS.flatMap((r) =>
        Object.keys(RDS_ENGINES).map((engine) => [
            { Field: "location", Value: AWS_LOCATIONS[r] ?? r },
            { Field: "databaseEngine", Value: engine },
        ]),
    ),
    match: (p) => {
        const a = p.attributes;
        const region = pricedRegion(a);
        const engine = RDS_ENGINES[a["databaseEngine"] ?? ""];
        if (region === undefined || engine === undefined) return undefined;
        const usage = a["usagetype"] ?? "";
        if (p.productFamily === "ServerlessV2" || /ServerlessV2(IOOptimized)?Usage$/.test(usage)) {
            // One ACU price for both Aurora editions: the PostgreSQL-compatible SKU stands for both.
            if (engine !== "aurora") return undefined;
            const iopt = /IOOptimized/.test(usage);
            return { id: iopt ? "aurora.serverlessV2.acu.iopt" : "aurora.serverlessV2.acu", region, unit: "ACU-hour" };
        }
        if (p.productFamily !== "Database Instance" || !a["instanceType"]) return undefined;
        if (a["licenseModel"] !== undefined && a["licenseModel"] !== "No license required") return undefined;
        if (engine === "aurora" || engine === "auroraMysql") {
            // Aurora Standard: InstanceUsage:<class>; I/O-Optimized: InstanceUsageIOOptimized:<class> (infracost db_instance.go).
            const m = /(?:^|-)InstanceUsage(IOOptimized)?:/.exec(usage);
            if (!m) return undefined;
            return { id: `${engine}/${a["instanceType"]}/${m[1] ? "IO-Optimized" : "Standard"}`, region, unit: "instance-hour" };
        }
        const option = a["deploymentOption"];
        if (option !== "Single-AZ" && option !== "Multi-AZ") return undefined; // "Multi-AZ (readable standbys)" is a cluster
        return { id: `${engine}/${a["instanceType"]}/${option}`, region, unit: `instance-hour (${option})` };
    },
};

const elasticache: AwsTarget = {
    provider: "aws",
    name: "elasticache",
    serviceCode: "AmazonElastiCache",
    source: "https://aws.amazon.com/elasticache/pricing/",
    queries: perRegion([{ Field: "productFamily", Value: "Cache Instance" }]),
    match: (p) => {
        const a = p.attributes;
        const region = pricedRegion(a);
        if (region === undefined || p.productFamily !== "Cache Instance" || !a["instanceType"]) return undefined;
        const engine = a["cacheEngine"];
        if (engine === "Redis") return { id: a["instanceType"], region, unit: "node-hour (Redis OSS)" };
        if (engine === "Valkey") return { id: `valkey/${a["instanceType"]}`, region, unit: "node-hour (Valkey)" };
        return undefined;
    },
};

const lambda: AwsTarget = {
    provider: "aws",
    name: "lambda",
    serviceCode: "AWSLambda",
    source: "https://aws.amazon.com/lambda/pricing/",
    queries: perRegion([]),
    match: (p) => {
        const region = pricedRegion(p.attributes);
        if (region === undefined) return undefined;
        const ids: Readonly<Record<string, Omit<AwsMatch, "region">>> = {
            "AWS-Lambda-Requests": { id: "lambda.requests", unit: "1,000,000 requests", scale: 1e6 },
            "AWS-Lambda-Duration": { id: "lambda.x86.gbSecond", unit: "GB-second (x86, first tier)" },
            "AWS-Lambda-Duration-ARM": { id: "lambda.arm.gbSecond", unit: "GB-second (Arm, first tier)" },
            "AWS-Lambda-Storage-Duration": { id: "lambda.ephemeral.gbSecond", unit: "GB-second of ephemeral storage" },
        };
        const hit = ids[p.attributes["group"] ?? ""];
        return hit ? { ...hit, region } : undefined;
    },
};

const dynamodb: AwsTarget = {
    provider: "aws",
    name: "dynamodb",
    serviceCode: "AmazonDynamoDB",
    source: "https://aws.amazon.com/dynamodb/pricing/",
    queries: perRegion([]),
    match: byUsageType({
        WriteRequestUnits: { id: "dynamodb.ondemand.write", unit: "1,000,000 write request units", scale: 1e6 },
        ReadRequestUnits: { id: "dynamodb.ondemand.read", unit: "1,000,000 read request units", scale: 1e6 },
        "WriteCapacityUnit-Hrs": { id: "dynamodb.provisioned.wcu", unit: "WCU-hour" },
        "ReadCapacityUnit-Hrs": { id: "dynamodb.provisioned.rcu", unit: "RCU-hour" },
        "TimedStorage-ByteHrs": { id: "dynamodb.storage", unit: "GB-month (Standard)" },
        "TimedPITRStorage-ByteHrs": { id: "dynamodb.pitr", unit: "GB-month of PITR backup" },
    }),
};

const eks: AwsTarget = {
    provider: "aws",
    name: "eks",
    serviceCode: "AmazonEKS",
    source: "https://aws.amazon.com/eks/pricing/",
    queries: perRegion([]),
    match: byUsageType({
        "AmazonEKS-Hours:perCluster": { id: "eks.cluster.hour", unit: "cluster-hour" },
        "AmazonEKS-Hours:extendedSupport": { id: "eks.cluster.extendedHour", unit: "cluster-hour (extended support)" },
    }),
};

const redshift: AwsTarget = {
    provider: "aws",
    name: "redshift",
    serviceCode: "AmazonRedshift",
    source: "https://aws.amazon.com/redshift/pricing/",
    queries: perRegion([]),
    match: (p) => {
        const region = pricedRegion(p.attributes);
        if (region === undefined) return undefined;
        const type = p.attributes["instanceType"];
        if (p.productFamily === "Compute Instance" && type) return { id: `redshift.${type}`, region, unit: `node-hour, ${type}` };
        if (p.productFamily === "Redshift Managed Storage")
            return { id: "redshift.managedStorage", region, unit: "GB-month of RA3 managed storage" };
        return undefined;
    },
};

/** A matcher on a SKU's description (regex → id), On-Demand only, in the priced Google Cloud regions unless `global`. */
function byDescription(
    rows: ReadonlyArray<[RegExp, string, string, number?]>,
    regions: readonly string[] | undefined = GCP_REGIONS,
): GcpMatcher {
    return (sku) => {
        if (sku.usageType !== "" && sku.usageType !== "OnDemand") return undefined;
        const row = rows.find(([re]) => re.test(sku.description));
        return row ? { id: row[1], unit: row[2], scale: row[3], regions } : undefined;
    };
}

const cloudsql: GcpTarget = {
    provider: "gcp",
    name: "cloudsql",
    serviceDisplayName: "Cloud SQL",
    source: "https://cloud.google.com/sql/pricing",
    match: byDescription([
        [/^Cloud SQL for PostgreSQL: Zonal - vCPU in /, "cloudsql.enterprise.vcpu", "vCPU-hour (Enterprise, zonal)"],
        [/^Cloud SQL for PostgreSQL: Zonal - RAM in /, "cloudsql.enterprise.memory", "GiB-hour (Enterprise, zonal)"],
        [
            /^Cloud SQL for PostgreSQL: Zonal - Enterprise Plus N vCPU in /,
            "cloudsql.enterprisePlus.vcpu",
            "vCPU-hour (Enterprise Plus, zonal)",
        ],
        [
            /^Cloud SQL for PostgreSQL: Zonal - Enterprise Plus N RAM in /,
            "cloudsql.enterprisePlus.memory",
            "GiB-hour (Enterprise Plus, zonal)",
        ],
        [/^Cloud SQL for PostgreSQL: Zonal - Micro instance in /, "cloudsql.f1-micro", "instance-hour, db-f1-micro"],
        [/^Cloud SQL for PostgreSQL: Zonal - Small instance in /, "cloudsql.g1-small", "instance-hour, db-g1-small"],
        [/^Cloud SQL for PostgreSQL: Zonal - Standard storage in /, "cloudsql.ssd", "GiB-month SSD (zonal)"],
        [/^Cloud SQL for PostgreSQL: Zonal - Low cost storage in /, "cloudsql.hdd", "GiB-month HDD (zonal)"],
        [/^Cloud SQL: Backups in /, "cloudsql.backup", "GiB-month of backups"],
    ]),
};

const gke: GcpTarget = {
    provider: "gcp",
    name: "gke",
    serviceDisplayName: "Kubernetes Engine",
    source: "https://cloud.google.com/kubernetes-engine/pricing",
    match: (sku) => {
        if (/^(Regional|Zonal) Kubernetes Clusters$/.test(sku.description)) return { id: "gke.cluster.hour", unit: "cluster-hour" };
        return byDescription([
            // Priced per mCPU-hour: × 1000 for a vCPU-hour.
            [/^Autopilot Pod mCPU Requests \(/, "gke.autopilot.vcpu", "vCPU-hour of Autopilot pod requests", 1000],
            [/^Autopilot Pod Memory Requests \(/, "gke.autopilot.memory", "GiB-hour of Autopilot pod requests"],
            [/^Autopilot Pod Ephemeral Storage Requests \(/, "gke.autopilot.ephemeral", "GiB-hour of Autopilot ephemeral storage"],
        ])(sku);
    },
};

const functions: GcpTarget = {
    provider: "gcp",
    name: "functions",
    serviceDisplayName: "Cloud Run Functions",
    source: "https://cloud.google.com/functions/pricing-1stgen",
    match: (sku) => {
        // Invocations are one global SKU; its first 2,000,000 a month are the free tier, so the first paid tier is read.
        if (/\(1st Gen\) Invocations/.test(sku.description))
            return { id: "functions.gen1.invocations", unit: "1,000,000 invocations", scale: 1e6 };
        return byDescription([
            [/\(1st Gen\) CPU/, "functions.gen1.ghzSecond", "GHz-second of CPU"],
            [/\(1st Gen\) Memory/, "functions.gen1.gbSecond", "GB-second of memory"],
        ])(sku);
    },
};

const memorystore: GcpTarget = {
    provider: "gcp",
    name: "memorystore",
    serviceDisplayName: "Cloud Memorystore for Redis",
    source: "https://cloud.google.com/memorystore/docs/redis/pricing",
    match: byDescription(
        (["Basic", "Standard"] as const).flatMap((tier) =>
            (["M1", "M2", "M3", "M4", "M5"] as const).map((m): [RegExp, string, string] => [
                new RegExp(`Redis Capacity ${tier} ${m}( |$)`),
                `redis.${tier.toLowerCase()}.${m}`,
                `GB-hour, ${tier} tier, ${m}`,
            ]),
        ),
    ),
};

export const TARGETS: Readonly<Record<string, Target>> = {
    ec2,
    rds,
    elasticache,
    lambda,
    dynamodb,
    eks,
    redshift,
    cloudsql,
    gke,
    functions,
    memorystore,
};
