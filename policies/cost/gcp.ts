/**
 * Google Cloud pricing functions: Cloud Run services, Secret Manager, Cloud Monitoring uptime checks and alerting
 * policies; API keys, enabled APIs, IAM, service accounts, budgets and notification channels cost nothing.
 *
 * Prices are Tier 1 regions' (GCP_PRICES in prices.ts); a service in another region is priced at Tier 1 and the
 * basis says so. Cloud Run's request-based free tier and the 1 M free uptime executions per project are applied
 * once per billing account / project after pricing (free-tiers.ts, through the lines' meters); Secret Manager's
 * 6 free versions are not.
 *
 * Links: a secret version is priced by the replica locations of its secret: (1) `secret` is the secret's URN;
 * (2) the version's Pulumi name is the secret's plus `-version` (how GcpSecrets names them); (3) the only secret of
 * the plan; else one location is assumed and the basis says so.
 */
import type { PricedResource } from "./index";
import { GCP_PRICES, type GcpPriceId } from "./prices";
import { arr, Bill, bool, type CostProvider, num, type PriceOutcome, qty, rec, str, usd } from "./provider";
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
]);

/** Tier 1 Cloud Run regions (the rest cost more: priced at Tier 1 and said so). */
const TIER1 = new Set([
    "asia-east1", "asia-northeast1", "asia-northeast2", "europe-north1", "europe-southwest1", "europe-west1", "europe-west4", "europe-west8",
    "europe-west9", "me-west1", "us-central1", "us-east1", "us-east4", "us-east5", "us-south1", "us-west1",
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
        const milli = num(value.slice(0, -1));
        return milli === undefined ? undefined : milli / 1000;
    }
    return num(value);
}

/** `"512Mi"`, `"1Gi"`, `"2G"`, `"1024M"` → GiB. */
export function gibOf(value: unknown): number | undefined {
    const s = str(value);
    if (s === undefined) return num(value) !== undefined ? (num(value) as number) / 2 ** 30 : undefined;
    const m = /^([0-9.]+)\s*(Ki|Mi|Gi|Ti|K|M|G|T)?$/.exec(s);
    if (!m) return undefined;
    const n = Number(m[1]);
    const factor: Record<string, number> = { Ki: 2 ** -20, Mi: 2 ** -10, Gi: 1, Ti: 2 ** 10, K: 1e3 / 2 ** 30, M: 1e6 / 2 ** 30, G: 1e9 / 2 ** 30, T: 1e12 / 2 ** 30 };
    return n * (m[2] ? (factor[m[2]] ?? 1) : 1 / 2 ** 30);
}

const cloudRunService: Pricer = (r, ctx) => {
    const usage = ctx.usage(r);
    const template = rec(r.props["template"]);
    const container = rec(arr(template?.["containers"])?.[0]);
    const resources = rec(container?.["resources"]);
    const limits = rec(resources?.["limits"]);
    const cpu = cpuOf(limits?.["cpu"]) ?? 1;
    const gib = gibOf(limits?.["memory"]) ?? 0.5;
    const minInstances = Math.max(num(rec(template?.["scaling"])?.["minInstanceCount"]) ?? 0, num(rec(r.props["scaling"])?.["minInstanceCount"]) ?? 0);
    // cpuIdle false: CPU always allocated, i.e. instance-based billing. Unset is Cloud Run's default, request-based.
    const alwaysAllocated = bool(resources?.["cpuIdle"]) === false;
    const month = usage.hoursPerMonth * SECONDS_PER_HOUR;
    const size = `${qty(cpu)} vCPU / ${qty(gib)} GiB`;
    const bill = new Bill(where(str(r.props["location"])));
    const busy = usage.cloudRunRequestsPerMonth * usage.cloudRunRequestSeconds;

    if (alwaysAllocated) {
        const rate = cpu * price("cloudrun.instance.vcpu") + gib * price("cloudrun.instance.gib");
        if (minInstances > 0) {
            bill.add(`${minInstances} min instance${minInstances === 1 ? "" : "s"} × ${qty(usage.hoursPerMonth)} h × 3,600 s × (${size}: ${usd(rate)}/s, CPU always allocated)`, minInstances * month * rate);
        } else {
            bill.add(`${qty(busy)} busy instance-seconds (${qty(usage.cloudRunRequestsPerMonth)} requests × ${qty(usage.cloudRunRequestSeconds)} s) × ${usd(rate)}/s (${size}, CPU always allocated, scales to zero)`, busy * rate);
        }
        return bill.note("instance-based billing: no free tier applied").outcome();
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
    bill.add(`${qty(usage.cloudRunRequestsPerMonth)} requests × ${usd(requests)}/M`, (usage.cloudRunRequestsPerMonth / 1_000_000) * requests, {
        id: "gcp.cloudrun.requests",
        quantity: usage.cloudRunRequestsPerMonth,
        unitUsd: requests / 1_000_000,
    });
    if (minInstances > 0) {
        const idle = cpu * price("cloudrun.idle.vcpu") + gib * price("cloudrun.idle.gib");
        const idleSeconds = Math.max(0, minInstances * month - busy);
        bill.add(`${minInstances} idle min instance${minInstances === 1 ? "" : "s"} ${qty(Math.round(idleSeconds))} s × ${usd(idle)}/s`, idleSeconds * idle);
    }
    return bill.outcome();
};

/** Replica locations of a secret: automatic replication is billed as one location. */
function secretLocations(secret: PricedResource | undefined): { n: number; how: string } {
    if (secret === undefined) return { n: 1, how: "secret not found in the plan: 1 location assumed" };
    const replication = rec(secret.props["replication"]);
    const replicas = arr(rec(replication?.["userManaged"])?.["replicas"]);
    if (replicas && replicas.length > 0) return { n: replicas.length, how: `${replicas.length} user-managed location${replicas.length === 1 ? "" : "s"}` };
    return { n: 1, how: "automatic replication, billed as 1 location" };
}

function secretOf(version: PricedResource, ctx: Ctx): PricedResource | undefined {
    const secrets = ctx.resources.filter((s) => s.type === "gcp:secretmanager/secret:Secret");
    const ref = str(version.props["secret"]);
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
        .add(`${qty(n)} access operations × ${usd(rate)}/10k`, (n / 10_000) * rate)
        .note("versions priced on each SecretVersion")
        .outcome();
};

const secretVersion: Pricer = (r, ctx) => {
    const enabled = bool(r.props["enabled"]) !== false;
    const { n, how } = secretLocations(secretOf(r, ctx));
    const rate = price("secretmanager.version");
    return new Bill(where(undefined))
        .add(`1 ${enabled ? "active" : "disabled (still billed)"} version × ${n} location${n === 1 ? "" : "s"} (${how}) × ${usd(rate)}`, n * rate)
        .outcome();
};

const uptimeCheck: Pricer = (r) => {
    const period = num(str(r.props["period"])?.replace(/s$/, "")) ?? 60;
    const regions = arr(r.props["selectedRegions"])?.length ?? 0;
    // Unset: every checker region (USA counts three checkers, EUROPE, SOUTH_AMERICA and ASIA_PACIFIC one each).
    const checkers = regions === 0 ? 6 : (arr(r.props["selectedRegions"]) ?? []).reduce<number>((sum, region) => sum + (region === "USA" ? 3 : 1), 0);
    const executions = (30 * 24 * SECONDS_PER_HOUR / period) * checkers;
    const rate = price("monitoring.uptimeCheck");
    return new Bill(where(undefined))
        // Meter: 1 M executions a month free per Google Cloud project (free-tiers.ts).
        .add(`${qty(Math.round(executions))} executions (every ${period} s from ${checkers} checkers) × ${usd(rate)}/1k`, (executions / 1000) * rate, {
            id: "gcp.monitoring.uptimeExecutions",
            quantity: executions,
            unitUsd: rate / 1000,
            scope: `project ${str(r.props["project"]) ?? "of the stack"}`,
        })
        .outcome();
};

const alertPolicy: Pricer = (r) => {
    const conditions = arr(r.props["conditions"])?.length ?? 1;
    const rate = price("monitoring.alertCondition");
    const series = price("monitoring.alertTimeSeries");
    // One time series per condition, evaluated every 30 s: 86,400 a month.
    const returned = conditions * 86_400;
    return new Bill(where(undefined))
        .add(`${conditions} condition${conditions === 1 ? "" : "s"} × ${usd(rate)}`, conditions * rate)
        .add(`${qty(returned)} time series returned × ${usd(series)}/M`, (returned / 1_000_000) * series)
        .outcome();
};

export const GCP_PRICERS: Readonly<Record<string, Pricer>> = {
    "gcp:cloudrunv2/service:Service": cloudRunService,
    "gcp:secretmanager/secret:Secret": secret,
    "gcp:secretmanager/secretVersion:SecretVersion": secretVersion,
    "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig": uptimeCheck,
    "gcp:monitoring/alertPolicy:AlertPolicy": alertPolicy,
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
