/**
 * Google Cloud pricing functions: Cloud Run services, Secret Manager, Cloud Monitoring uptime checks and alerting
 * policies; API keys, enabled APIs, IAM, service accounts, budgets and notification channels cost nothing.
 *
 * Prices are Tier 1 regions' (GCP_PRICES in prices.ts); a service in another region is priced at Tier 1 and the
 * basis says so. Cloud Run's free tiers (request-based and instance-based), Secret Manager's, Cloud Storage's and
 * Pub/Sub's Always Free allowances and the 1 M free uptime executions per project are applied once per billing
 * account / project after pricing (free-tiers.ts, through the lines' meters).
 *
 * Cloud Storage buckets are priced by storage class and location type (region, dual-region, multi-region) from the
 * usage assumptions `gcsStorageGbPerBucket`, `gcsClassAOpsPerBucket`, `gcsClassBOpsPerBucket`; Pub/Sub by throughput
 * (`pubsubGibPerTopic` published, `pubsubGibPerSubscription` delivered). IAM bindings, workload identity pools and
 * service identities cost nothing.
 *
 * Links: a secret version is priced by the replica locations of its secret: (1) `secret` is the secret's URN;
 * (2) the version's Pulumi name is the secret's plus `-version` (how GcpSecrets names them); (3) the only secret of
 * the plan; else one location is assumed and the basis says so.
 */
import type { PricedResource } from "./index";
import { GCP_PRICES, type GcpPriceId } from "./prices";
import { SERVICE_PRICES, type ServicePriceId } from "./prices/services";
import { serviceUsage } from "./service-usage";
import { GCP_EDGE_PRICERS } from "./gcp-edge";
import { Bill, type CostProvider, type PriceOutcome, qty, usd } from "./provider";
import { asBoolean, asNumber, asOptionalArray, asRecord, asString } from "./props";
import { type ResourceUsage, usageFor } from "./usage";

/** Types that never cost anything by themselves. */
export const GCP_FREE_TYPES: ReadonlySet<string> = new Set([
    "gcp:projects/apiKey:ApiKey",
    "gcp:projects/service:Service",
    "gcp:projects/iAMMember:IAMMember",
    "gcp:projects/iAMBinding:IAMBinding",
    "gcp:serviceaccount/account:Account",
    "gcp:serviceaccount/iAMMember:IAMMember",
    "gcp:secretmanager/secretIamMember:SecretIamMember",
    "gcp:cloudrunv2/serviceIamMember:ServiceIamMember",
    "gcp:cloudrun/domainMapping:DomainMapping",
    "gcp:billing/budget:Budget",
    "gcp:monitoring/notificationChannel:NotificationChannel",
    "gcp:monitoring/genericService:GenericService",
    "gcp:monitoring/customService:CustomService",
    "gcp:monitoring/slo:Slo",
    "gcp:sql/database:Database",
    "gcp:sql/user:User",
    // Workload Identity Federation, service agents and IAM on buckets and topics: no charge
    // (cloud.google.com/iam/pricing: "IAM ... offered at no additional charge", including workload identity federation).
    "gcp:iam/workloadIdentityPool:WorkloadIdentityPool",
    "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider",
    "gcp:projects/serviceIdentity:ServiceIdentity",
    "gcp:storage/bucketIAMMember:BucketIAMMember",
    "gcp:storage/bucketIAMBinding:BucketIAMBinding",
    "gcp:pubsub/topicIAMMember:TopicIAMMember",
    "gcp:pubsub/topicIAMBinding:TopicIAMBinding",
    "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember",
    "gcp:pubsub/subscriptionIAMBinding:SubscriptionIAMBinding",
]);

/** Tier 1 Cloud Run regions (the rest cost more: priced at Tier 1 and said so). */
const TIER1 = new Set([
    "asia-east1",
    "asia-northeast1",
    "asia-northeast2",
    "europe-north1",
    "europe-southwest1",
    "europe-west1",
    "europe-west4",
    "europe-west8",
    "europe-west9",
    "me-west1",
    "us-central1",
    "us-east1",
    "us-east4",
    "us-east5",
    "us-south1",
    "us-west1",
]);

const SECONDS_PER_HOUR = 3600;

type Ctx = { usage(r: PricedResource): ResourceUsage; resources: readonly PricedResource[] };
type Pricer = (r: PricedResource, ctx: Ctx) => PriceOutcome;

const price = (id: GcpPriceId): number => GCP_PRICES[id].usd;

function where(location: string | undefined): string {
    if (location === undefined) return "Tier 1 price";
    return TIER1.has(location) ? `${location}, Tier 1 price` : `${location}: Tier 1 price (Tier 2 regions cost more)`;
}

/** `"1"`, `"2"`, `"1000m"`, `1` → vCPUs. */
export function cpuOf(value: unknown): number | undefined {
    if (typeof value === "string" && value.endsWith("m")) {
        const milli = asNumber(value.slice(0, -1));
        return milli === undefined ? undefined : milli / 1000;
    }
    return asNumber(value);
}

/** `"512Mi"`, `"1Gi"`, `"2G"`, `"1024M"` → GiB. */
export function gibOf(value: unknown): number | undefined {
    const s = asString(value);
    if (s === undefined) return asNumber(value) !== undefined ? (asNumber(value) as number) / 2 ** 30 : undefined;
    const m = /^([0-9.]+)\s*(Ki|Mi|Gi|Ti|K|M|G|T)?$/.exec(s);
    if (!m) return undefined;
    const n = Number(m[1]);
    const factor: Record<string, number> = {
        Ki: 2 ** -20,
        Mi: 2 ** -10,
        Gi: 1,
        Ti: 2 ** 10,
        K: 1e3 / 2 ** 30,
        M: 1e6 / 2 ** 30,
        G: 1e9 / 2 ** 30,
        T: 1e12 / 2 ** 30,
    };
    return n * (m[2] ? (factor[m[2]] ?? 1) : 1 / 2 ** 30);
}

const cloudRunService: Pricer = (r, ctx) => {
    const usage = ctx.usage(r);
    const template = asRecord(r.props["template"]);
    const container = asRecord(asOptionalArray(template?.["containers"])?.[0]);
    const resources = asRecord(container?.["resources"]);
    const limits = asRecord(resources?.["limits"]);
    const cpu = cpuOf(limits?.["cpu"]) ?? 1;
    const gib = gibOf(limits?.["memory"]) ?? 0.5;
    const minInstances = Math.max(
        asNumber(asRecord(template?.["scaling"])?.["minInstanceCount"]) ?? 0,
        asNumber(asRecord(r.props["scaling"])?.["minInstanceCount"]) ?? 0,
    );
    // cpuIdle false: CPU always allocated, i.e. instance-based billing. Unset is Cloud Run's default, request-based.
    const alwaysAllocated = asBoolean(resources?.["cpuIdle"]) === false;
    const month = usage.hoursPerMonth * SECONDS_PER_HOUR;
    const size = `${qty(cpu)} vCPU / ${qty(gib)} GiB`;
    const bill = new Bill(where(asString(r.props["location"])));
    const busy = usage.cloudRunRequestsPerMonth * usage.cloudRunRequestSeconds;

    if (alwaysAllocated) {
        const rate = cpu * price("cloudrun.instance.vcpu") + gib * price("cloudrun.instance.gib");
        const seconds = minInstances > 0 ? minInstances * month : busy;
        // Meters: instance-based billing's own free tier, once per billing account (free-tiers.ts).
        const meters = [
            { id: "gcp.cloudrun.instance.vcpuSeconds", quantity: seconds * cpu, unitUsd: price("cloudrun.instance.vcpu") },
            { id: "gcp.cloudrun.instance.gibSeconds", quantity: seconds * gib, unitUsd: price("cloudrun.instance.gib") },
        ];
        if (minInstances > 0) {
            bill.add(
                `${minInstances} min instance${minInstances === 1 ? "" : "s"} × ${qty(usage.hoursPerMonth)} h × 3,600 s × (${size}: ${usd(rate)}/s, CPU always allocated)`,
                seconds * rate,
                ...meters,
            );
        } else {
            bill.add(
                `${qty(busy)} busy instance-seconds (${qty(usage.cloudRunRequestsPerMonth)} requests × ${qty(usage.cloudRunRequestSeconds)} s) × ${usd(rate)}/s (${size}, CPU always allocated, scales to zero)`,
                seconds * rate,
                ...meters,
            );
        }
        return bill.outcome();
    }

    const active = cpu * price("cloudrun.request.vcpu") + gib * price("cloudrun.request.gib");
    const requests = price("cloudrun.requests");
    // Meters: the free tier is a discount at Tier 1 prices, once per billing account (free-tiers.ts).
    bill.add(
        `${qty(usage.cloudRunRequestsPerMonth)} requests × ${qty(usage.cloudRunRequestSeconds)} s × ${usd(active)}/s (${size}, request-based)`,
        busy * active,
        { id: "gcp.cloudrun.request.vcpuSeconds", quantity: busy * cpu, unitUsd: price("cloudrun.request.vcpu") },
        { id: "gcp.cloudrun.request.gibSeconds", quantity: busy * gib, unitUsd: price("cloudrun.request.gib") },
    );
    bill.add(
        `${qty(usage.cloudRunRequestsPerMonth)} requests × ${usd(requests)}/M`,
        (usage.cloudRunRequestsPerMonth / 1_000_000) * requests,
        {
            id: "gcp.cloudrun.requests",
            quantity: usage.cloudRunRequestsPerMonth,
            unitUsd: requests / 1_000_000,
        },
    );
    if (minInstances > 0) {
        const idle = cpu * price("cloudrun.idle.vcpu") + gib * price("cloudrun.idle.gib");
        const idleSeconds = Math.max(0, minInstances * month - busy);
        bill.add(
            `${minInstances} idle min instance${minInstances === 1 ? "" : "s"} ${qty(Math.round(idleSeconds))} s × ${usd(idle)}/s`,
            idleSeconds * idle,
        );
    }
    return bill.outcome();
};

/** Replica locations of a secret: automatic replication is billed as one location. */
function secretLocations(secret: PricedResource | undefined): { n: number; how: string } {
    if (secret === undefined) return { n: 1, how: "secret not found in the plan: 1 location assumed" };
    const replication = asRecord(secret.props["replication"]);
    const replicas = asOptionalArray(asRecord(replication?.["userManaged"])?.["replicas"]);
    if (replicas && replicas.length > 0)
        return { n: replicas.length, how: `${replicas.length} user-managed location${replicas.length === 1 ? "" : "s"}` };
    return { n: 1, how: "automatic replication, billed as 1 location" };
}

function secretOf(version: PricedResource, ctx: Ctx): PricedResource | undefined {
    const secrets = ctx.resources.filter((s) => s.type === "gcp:secretmanager/secret:Secret");
    const ref = asString(version.props["secret"]);
    return (
        secrets.find((s) => s.urn === ref) ??
        secrets.find((s) => `${s.name}-version` === version.name) ??
        (secrets.length === 1 ? secrets[0] : undefined)
    );
}

const secret: Pricer = (r, ctx) => {
    const n = ctx.usage(r).gcpSecretAccessesPerMonth;
    const rate = price("secretmanager.access");
    return new Bill(where(undefined))
        .add(`${qty(n)} access operations × ${usd(rate)}/10k`, (n / 10_000) * rate, {
            id: "gcp.secretmanager.accesses",
            quantity: n,
            unitUsd: rate / 10_000,
        })
        .note("versions priced on each SecretVersion")
        .outcome();
};

const secretVersion: Pricer = (r, ctx) => {
    const enabled = asBoolean(r.props["enabled"]) !== false;
    const { n, how } = secretLocations(secretOf(r, ctx));
    const rate = price("secretmanager.version");
    return new Bill(where(undefined))
        .add(
            `1 ${enabled ? "active" : "disabled (still billed)"} version × ${n} location${n === 1 ? "" : "s"} (${how}) × ${usd(rate)}`,
            n * rate,
            { id: "gcp.secretmanager.versions", quantity: n, unitUsd: rate },
        )
        .outcome();
};

const uptimeCheck: Pricer = (r) => {
    const period = asNumber(asString(r.props["period"])?.replace(/s$/, "")) ?? 60;
    const regions = asOptionalArray(r.props["selectedRegions"])?.length ?? 0;
    // Unset: every checker region (USA counts three checkers, EUROPE, SOUTH_AMERICA and ASIA_PACIFIC one each).
    const checkers =
        regions === 0
            ? 6
            : (asOptionalArray(r.props["selectedRegions"]) ?? []).reduce<number>((sum, region) => sum + (region === "USA" ? 3 : 1), 0);
    const executions = ((30 * 24 * SECONDS_PER_HOUR) / period) * checkers;
    const rate = price("monitoring.uptimeCheck");
    return (
        new Bill(where(undefined))
            // Meter: 1 M executions a month free per Google Cloud project (free-tiers.ts).
            .add(
                `${qty(Math.round(executions))} executions (every ${period} s from ${checkers} checkers) × ${usd(rate)}/1k`,
                (executions / 1000) * rate,
                {
                    id: "gcp.monitoring.uptimeExecutions",
                    quantity: executions,
                    unitUsd: rate / 1000,
                    scope: `project ${asString(r.props["project"]) ?? "of the stack"}`,
                },
            )
            .outcome()
    );
};

/** Alerting-policy charges are announced ($1.50 a condition, $0.35 per million time series) but not started: $0. */
const alertPolicy: Pricer = (r) => {
    const conditions = asOptionalArray(r.props["conditions"])?.length ?? 1;
    const rate = price("monitoring.alertCondition");
    return new Bill(where(undefined))
        .add(`${conditions} condition${conditions === 1 ? "" : "s"} × ${usd(rate)}`, conditions * rate)
        .note("alerting-policy charges announced ($1.50 a condition-month, $0.35 per million time series) but not started")
        .outcome();
};

const svc = (id: ServicePriceId): number => SERVICE_PRICES[id].usd;

/** `db-custom-2-7680` → 2 vCPU, 7.5 GB; `db-n1-standard-4` → 4 vCPU, 15 GB; `db-n1-highmem-2` → 2 vCPU, 13 GB. */
export function cloudSqlShape(tier: string): { vcpu: number; gb: number } | "shared" | undefined {
    if (tier === "db-f1-micro" || tier === "db-g1-small") return "shared";
    const custom = /^db-custom-(\d+)-(\d+)$/.exec(tier);
    if (custom) return { vcpu: Number(custom[1]), gb: Number(custom[2]) / 1024 };
    const legacy = /^db-n1-(standard|highmem)-(\d+)$/.exec(tier) ?? /^db-(standard|highmem)-(\d+)$/.exec(tier);
    if (legacy) return { vcpu: Number(legacy[2]), gb: Number(legacy[2]) * (legacy[1] === "standard" ? 3.75 : 6.5) };
    return undefined;
}

const cloudSqlInstance: Pricer = (r) => {
    const settings = asRecord(r.props["settings"]) ?? asRecord(asOptionalArray(r.props["settings"])?.[0]);
    const tier = asString(settings?.["tier"]);
    if (!tier) return { kind: "unpriced", reason: "Cloud SQL tier unknown" };
    const edition = asString(settings?.["edition"]) ?? "ENTERPRISE";
    if (edition === "ENTERPRISE_PLUS")
        return {
            kind: "unpriced",
            reason: "Cloud SQL Enterprise Plus: no cited price in the table (npm run prices:regenerate reads it from the Cloud Billing Catalog)",
        };
    const shape = cloudSqlShape(tier);
    if (shape === undefined)
        return {
            kind: "unpriced",
            reason: `Cloud SQL tier ${tier} is not in the price table (db-custom-N-MB, db-n1-standard/highmem-N, db-f1-micro, db-g1-small)`,
        };
    const ha = asString(settings?.["availabilityType"]) === "REGIONAL";
    const x = ha ? 2 : 1;
    const hours = 730;
    const bill = new Bill(where(asString(r.props["region"])));
    if (shape === "shared") {
        const rate = svc(tier === "db-f1-micro" ? "cloudsql.f1-micro" : "cloudsql.g1-small") * x;
        bill.add(`${tier}${ha ? " HA" : ""} ${hours} h × ${usd(rate)}`, hours * rate);
    } else {
        const cpu = svc("cloudsql.enterprise.vcpu") * x;
        const mem = svc("cloudsql.enterprise.memory") * x;
        bill.add(
            `${tier}${ha ? " HA (× 2)" : ""}: ${shape.vcpu} vCPU × ${hours} h × ${usd(cpu)} + ${qty(shape.gb)} GB × ${hours} h × ${usd(mem)}`,
            hours * (shape.vcpu * cpu + shape.gb * mem),
        );
    }
    const gb = asNumber(settings?.["diskSize"]) ?? 10;
    const hdd = asString(settings?.["diskType"]) === "PD_HDD";
    const disk = svc(hdd ? "cloudsql.hdd" : "cloudsql.ssd") * x;
    bill.add(`${qty(gb)} GB ${hdd ? "HDD" : "SSD"}${ha ? " (× 2)" : ""} × ${usd(disk)}`, gb * disk);
    const replica = asString(r.props["masterInstanceName"]) !== undefined;
    if (replica) bill.note("read replica: priced as an instance");
    return bill.note("backups beyond the free 7 not counted; Tier 1 list price").outcome();
};

/** 1st gen: CPU GHz by memory size (the 1st gen pricing page's table). */
const GEN1_GHZ: Readonly<Record<number, number>> = { 128: 0.2, 256: 0.4, 512: 0.8, 1024: 1.4, 2048: 2.4, 4096: 4.8, 8192: 4.8 };

const functionGen1: Pricer = (r, ctx) => {
    const usage = ctx.usage(r);
    const mb = asNumber(r.props["availableMemoryMb"]) ?? 256;
    const ghz = GEN1_GHZ[mb];
    if (ghz === undefined) return { kind: "unpriced", reason: `Cloud Functions memory ${mb} MB is not a 1st gen size` };
    const n = serviceUsage(usage, "functionInvocationsPerMonth");
    const s = serviceUsage(usage, "functionSeconds");
    return new Bill(where(asString(r.props["region"])))
        .add(`${qty(n)} invocations × ${usd(svc("functions.gen1.invocations"))}/M`, (n / 1_000_000) * svc("functions.gen1.invocations"))
        .add(
            `${qty(n * s * (mb / 1024))} GB-s × ${usd(svc("functions.gen1.gbSecond"))}`,
            n * s * (mb / 1024) * svc("functions.gen1.gbSecond"),
        )
        .add(`${qty(n * s * ghz)} GHz-s × ${usd(svc("functions.gen1.ghzSecond"))}`, n * s * ghz * svc("functions.gen1.ghzSecond"))
        .note("before the free tier")
        .outcome();
};

/** 2nd gen functions run on Cloud Run: request-based Cloud Run prices. */
const functionGen2: Pricer = (r, ctx) => {
    const usage = ctx.usage(r);
    const config = asRecord(r.props["serviceConfig"]);
    const gib = gibOf(config?.["availableMemory"]) ?? 0.25;
    const cpu = cpuOf(config?.["availableCpu"]) ?? (gib <= 0.5 ? 0.333 : 1);
    const n = serviceUsage(usage, "functionInvocationsPerMonth");
    const s = serviceUsage(usage, "functionSeconds");
    const active = cpu * price("cloudrun.request.vcpu") + gib * price("cloudrun.request.gib");
    const min = asNumber(config?.["minInstanceCount"]) ?? 0;
    const bill = new Bill(where(asString(r.props["location"])))
        .add(
            `${qty(n)} invocations × ${qty(s)} s × ${usd(active)}/s (${qty(cpu)} vCPU / ${qty(gib)} GiB, Cloud Run request-based)`,
            n * s * active,
        )
        .add(`${qty(n)} requests × ${usd(price("cloudrun.requests"))}/M`, (n / 1_000_000) * price("cloudrun.requests"));
    if (min > 0) {
        const idle = cpu * price("cloudrun.idle.vcpu") + gib * price("cloudrun.idle.gib");
        bill.add(
            `${min} idle min instance${min === 1 ? "" : "s"} × ${qty(usage.hoursPerMonth * SECONDS_PER_HOUR)} s × ${usd(idle)}/s`,
            min * usage.hoursPerMonth * SECONDS_PER_HOUR * idle,
        );
    }
    return bill.note("before the free tier").outcome();
};

const gkeCluster: Pricer = (r, ctx) => {
    const usage = ctx.usage(r);
    const hours = usage.hoursPerMonth;
    const bill = new Bill(where(asString(r.props["location"]))).add(
        `cluster management ${qty(hours)} h × ${usd(svc("gke.cluster.hour"))}`,
        hours * svc("gke.cluster.hour"),
    );
    if (asBoolean(r.props["enableAutopilot"]) === true) {
        const vcpu = serviceUsage(usage, "autopilotVcpu");
        const gb = serviceUsage(usage, "autopilotMemoryGb");
        bill.add(
            `Autopilot pods ${qty(vcpu)} vCPU × ${qty(hours)} h × ${usd(svc("gke.autopilot.vcpu"))}`,
            vcpu * hours * svc("gke.autopilot.vcpu"),
        ).add(`${qty(gb)} GB × ${qty(hours)} h × ${usd(svc("gke.autopilot.memory"))}`, gb * hours * svc("gke.autopilot.memory"));
    } else {
        bill.note("nodes priced on their node pools");
    }
    return bill.note("one zonal or Autopilot cluster per billing account is free ($74.40 credit), not applied").outcome();
};

function redisTier(gb: number): "M1" | "M2" | "M3" | "M4" | "M5" {
    return gb <= 4 ? "M1" : gb <= 10 ? "M2" : gb <= 35 ? "M3" : gb <= 100 ? "M4" : "M5";
}

const redisInstance: Pricer = (r, ctx) => {
    const gb = asNumber(r.props["memorySizeGb"]);
    if (gb === undefined) return { kind: "unpriced", reason: "Memorystore memorySizeGb unknown" };
    const standard = asString(r.props["tier"]) === "STANDARD_HA";
    const id: ServicePriceId = `redis.${standard ? "standard" : "basic"}.${redisTier(gb)}`;
    const rate = svc(id);
    const hours = ctx.usage(r).hoursPerMonth;
    const replicas = standard ? Math.max(1, asNumber(r.props["replicaCount"]) ?? 1) : 0;
    const bill = new Bill(where(asString(r.props["region"]))).add(
        `${qty(gb)} GB ${standard ? "Standard" : "Basic"} (${redisTier(gb)}) × ${qty(hours)} h × ${usd(rate)}`,
        gb * hours * rate,
    );
    if (replicas > 1) bill.note(`${replicas} read replicas: priced as the Standard tier's one replica`);
    return bill.outcome();
};

/** Regions whose Cloud Storage prices are the us-east1 figures (the page's $0.020 Standard rows). */
const GCS_BASE_REGIONS = new Set([
    "us-central1",
    "us-east1",
    "us-east5",
    "us-south1",
    "us-west1",
    "europe-north1",
    "europe-west1",
    "europe-west4",
]);
/**
 * Regions the page prices above us-east1, per GB-month [Standard, Nearline, Coldline, Archive] (stored copy of
 * cloud.google.com/storage/pricing, read 2026-12-07). A region in neither set is priced at the us-east1 rate and says so.
 */
const GCS_REGION_PRICES: Readonly<Record<string, readonly [number, number, number, number]>> = {
    "us-east4": [0.023, 0.013, 0.006, 0.0025],
    "us-west2": [0.023, 0.016, 0.007, 0.0025],
    "us-west3": [0.023, 0.016, 0.007, 0.0025],
    "us-west4": [0.023, 0.013, 0.006, 0.0025],
    "northamerica-northeast1": [0.023, 0.013, 0.007, 0.0025],
    "northamerica-northeast2": [0.023, 0.013, 0.007, 0.0025],
    "europe-central2": [0.023, 0.013, 0.006, 0.0025],
    "europe-north2": [0.023, 0.013, 0.006, 0.0025],
    "europe-west2": [0.023, 0.013, 0.007, 0.0025],
};
const GCS_CLASS_INDEX: Readonly<Record<GcsClass, 0 | 1 | 2 | 3>> = { standard: 0, nearline: 1, coldline: 2, archive: 3 };
/** The Always Free 5 GB-months cover Standard storage in these regions only. */
const GCS_FREE_REGIONS = new Set(["us-central1", "us-east1", "us-west1"]);
const GCS_MULTI_REGIONS = new Set(["US", "EU", "ASIA"]);
const GCS_DUAL_REGIONS = new Set(["NAM4", "EUR4", "ASIA1", "EUR5", "EUR7", "EUR8"]);

type GcsClass = "standard" | "nearline" | "coldline" | "archive";

const storageBucket: Pricer = (r, ctx) => {
    const usage = ctx.usage(r);
    const location = (asString(r.props["location"]) ?? "US").toUpperCase();
    const raw = (asString(r.props["storageClass"]) ?? "STANDARD").toUpperCase();
    const cls: GcsClass | undefined =
        raw === "STANDARD" || raw === "MULTI_REGIONAL" || raw === "REGIONAL"
            ? "standard"
            : raw === "NEARLINE"
              ? "nearline"
              : raw === "COLDLINE"
                ? "coldline"
                : raw === "ARCHIVE"
                  ? "archive"
                  : undefined;
    if (cls === undefined) return { kind: "unpriced", reason: `Cloud Storage class ${raw} is not in the price table` };
    const customDual = asRecord(r.props["customPlacementConfig"]) !== undefined;
    const kind = GCS_MULTI_REGIONS.has(location) ? "multiRegion" : GCS_DUAL_REGIONS.has(location) || customDual ? "dualRegion" : "region";
    if (kind === "dualRegion" && cls !== "standard")
        return { kind: "unpriced", reason: `Cloud Storage ${cls} in a dual-region (${location}) is not in the price table` };
    const id: GcpPriceId = kind === "dualRegion" ? "storage.standard.dualRegion" : (`storage.${cls}.${kind}` as const satisfies GcpPriceId);
    const region = location.toLowerCase();
    const regional = kind === "region" ? GCS_REGION_PRICES[region] : undefined;
    const where =
        kind !== "region"
            ? `${location} ${kind === "multiRegion" ? "multi-region" : "dual-region"}`
            : GCS_BASE_REGIONS.has(region) || regional !== undefined
              ? region
              : `${region}: priced at the us-east1 rate (this region may cost more)`;
    const gb = usage.gcsStorageGbPerBucket;
    const a = usage.gcsClassAOpsPerBucket;
    const b = usage.gcsClassBOpsPerBucket;
    const rate = regional !== undefined ? regional[GCS_CLASS_INDEX[cls]] : price(id);
    const aRate = price(`storage.classA.${cls}`);
    const bRate = price(`storage.classB.${cls}`);
    const freeStorage = cls === "standard" && kind === "region" && GCS_FREE_REGIONS.has(region);
    const bill = new Bill(where)
        .add(
            `${qty(gb)} GB ${cls[0]?.toUpperCase() ?? ""}${cls.slice(1)} × ${usd(rate)}`,
            gb * rate,
            ...(freeStorage ? [{ id: "gcp.storage.standardUsRegionGb", quantity: gb, unitUsd: rate }] : []),
        )
        .add(`${qty(a)} Class A operations × ${usd(aRate)}/1k`, (a / 1000) * aRate, {
            id: "gcp.storage.classA",
            quantity: a,
            unitUsd: aRate / 1000,
        })
        .add(`${qty(b)} Class B operations × ${usd(bRate)}/1k`, (b / 1000) * bRate, {
            id: "gcp.storage.classB",
            quantity: b,
            unitUsd: bRate / 1000,
        });
    if (cls !== "standard") bill.note("retrieval and early-deletion fees not counted");
    if (kind !== "region") bill.note("replication and network egress not counted");
    return bill.outcome();
};

/** Throughput of a topic (published) or a subscription (delivered), at the 1,000-byte minimum per request. */
function pubsubThroughput(gib: number, what: string): PriceOutcome {
    const rate = price("pubsub.throughput");
    return new Bill(where(undefined))
        .add(`${qty(gib)} GiB ${what} × ${usd(rate)}/TiB`, (gib / 1024) * rate, {
            id: "gcp.pubsub.throughputGib",
            quantity: gib,
            unitUsd: rate / 1024,
        })
        .note("retained-message and snapshot storage not counted")
        .outcome();
}

export const GCP_PRICERS: Readonly<Record<string, Pricer>> = {
    // Load balancer and Cloud Armor (GcpApiEdge): gcp-edge.ts.
    ...GCP_EDGE_PRICERS,
    "gcp:storage/bucket:Bucket": storageBucket,
    "gcp:pubsub/topic:Topic": (r, ctx) => pubsubThroughput(ctx.usage(r).pubsubGibPerTopic, "published"),
    "gcp:pubsub/subscription:Subscription": (r, ctx) => pubsubThroughput(ctx.usage(r).pubsubGibPerSubscription, "delivered"),
    "gcp:cloudrunv2/service:Service": cloudRunService,
    "gcp:secretmanager/secret:Secret": secret,
    "gcp:secretmanager/secretVersion:SecretVersion": secretVersion,
    "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig": uptimeCheck,
    "gcp:monitoring/alertPolicy:AlertPolicy": alertPolicy,
    "gcp:sql/databaseInstance:DatabaseInstance": cloudSqlInstance,
    "gcp:cloudfunctions/function:Function": functionGen1,
    "gcp:cloudfunctionsv2/function:Function": functionGen2,
    "gcp:container/cluster:Cluster": gkeCluster,
    "gcp:container/nodePool:NodePool": () => ({
        kind: "unpriced",
        reason: "GKE node pools are Compute Engine VMs: machine-type prices are not in the table",
    }),
    "gcp:redis/instance:Instance": redisInstance,
    "gcp:memorystore/instance:Instance": () => ({
        kind: "unpriced",
        reason: "Memorystore for Valkey: no cited node price in the table (npm run prices:regenerate reads it)",
    }),
};

export const gcpProvider: CostProvider = {
    prefix: "gcp",
    createPricer(context) {
        const ctx: Ctx = { resources: context.resources, usage: (r) => usageFor(context.usage, r) };
        return (r) => {
            if (GCP_FREE_TYPES.has(r.type)) return { kind: "free" };
            const pricer = GCP_PRICERS[r.type];
            return pricer ? pricer(r, ctx) : { kind: "unpriced", reason: `no Google Cloud price for ${r.type}` };
        };
    },
};
