/**
 * Free tiers and included allowances, applied as each provider's price page states them: once per billing account,
 * project or organization (the `scope` of the metered quantity), not once per resource. Pricing modules tag the
 * quantities an allowance can cover with a `Meter` (`new Bill(…).add(text, usd, { id, quantity, unitUsd, scope })`);
 * after every resource is priced, `applyAllowances` walks the items in registration order and takes each
 * allowance off the first quantities it covers, so two CloudFront distributions share one free terabyte.
 *
 * An allowance of an account or organization that several stacks share (organisations.ts) is split like the
 * plan itself: each stack gets its share (1/n), so `--all` counts it once.
 *
 * Every figure is from the provider's page, with its address and the date it was read. Where a page gives an
 * allowance this module cannot tie to a metered quantity, the pricing module says so in its basis instead.
 */
import type { Meter } from "./provider";

/** One allowance as the provider's page states it. */
export interface Allowance {
    /** The meter it covers (pricing modules use the same id). */
    meter: string;
    /** Free quantity a month, in the meter's units. */
    quantity: number;
    unit: string;
    /** Who gets it once: `billing account`, `Google Cloud project`, `organization`, `project`. */
    per: string;
    /** Short name shown on the line it is applied to. */
    name: string;
    source: string;
    /** The day the page was read (YYYY-MM-DD). */
    asOf: string;
    /** The plan key (organisations.ts) whose share of stacks splits this allowance, when the scope is shared. */
    shareKey?: (scope: string | undefined) => string;
}

const CLOUDFRONT = "https://aws.amazon.com/cloudfront/pricing/";
const LAMBDA = "https://aws.amazon.com/lambda/pricing/ (and docs.aws.amazon.com/whitepapers/latest/how-aws-pricing-works/lambda.html)";
const CLOUD_RUN = "https://cloud.google.com/run/pricing";
const OBSERVABILITY = "https://cloud.google.com/stackdriver/pricing";
const SUPABASE = "https://supabase.com/docs/guides/platform/org-based-billing";
const READ = "2026-12-06";
const READ_1207 = "2026-12-07";
const SECRET_MANAGER = "https://cloud.google.com/secret-manager/pricing";
const STORAGE_FREE = "https://cloud.google.com/storage/pricing (Always Free: cloud.google.com/free/docs/free-cloud-features#storage)";
const PUBSUB = "https://cloud.google.com/pubsub/pricing";
const CLOUDWATCH = "https://aws.amazon.com/cloudwatch/pricing/";

/** The account whose allowance applies: an AWS or Google Cloud account shared by several stacks is the plan key `aws` / `gcp`. */
const account = (provider: string) => (): string => provider;

export const ALLOWANCES: readonly Allowance[] = [
    // "Included in Always Free Tier: 1 TB of data transfer out to the internet per month, 10,000,000 HTTP or HTTPS
    // Requests per month, 2,000,000 CloudFront Function invocations per month" (per AWS account). 1 TB = 1,024 GB, as
    // the AWS Price List's CloudFront tier boundaries count it (first 10 TB = 10,240 GB).
    {
        meter: "aws.cloudfront.egressGb",
        quantity: 1024,
        unit: "GB",
        per: "AWS account",
        name: "always-free 1 TB out",
        source: CLOUDFRONT,
        asOf: READ,
        shareKey: account("aws"),
    },
    {
        meter: "aws.cloudfront.requests",
        quantity: 10_000_000,
        unit: "requests",
        per: "AWS account",
        name: "always-free 10 M requests",
        source: CLOUDFRONT,
        asOf: READ,
        shareKey: account("aws"),
    },
    {
        meter: "aws.cloudfront.functionInvocations",
        quantity: 2_000_000,
        unit: "invocations",
        per: "AWS account",
        name: "always-free 2 M function invocations",
        source: CLOUDFRONT,
        asOf: READ,
        shareKey: account("aws"),
    },
    // Lambda: "Free Tier: 1 million requests per month", "400,000 GB-seconds per month free" (per account, all functions).
    {
        meter: "aws.lambda.requests",
        quantity: 1_000_000,
        unit: "requests",
        per: "AWS account",
        name: "free tier 1 M requests",
        source: LAMBDA,
        asOf: READ,
        shareKey: account("aws"),
    },
    {
        meter: "aws.lambda.gbSeconds",
        quantity: 400_000,
        unit: "GB-s",
        per: "AWS account",
        name: "free tier 400,000 GB-s",
        source: LAMBDA,
        asOf: READ,
        shareKey: account("aws"),
    },
    // Cloud Run, CPU only allocated during request processing: "First 180,000 vCPU-seconds free per month, First
    // 360,000 GiB-seconds free per month, 2 million requests free per month"; "The free tier usage is aggregated across
    // projects by billing account ... applied as a spending based discount using Tier 1 pricing".
    {
        meter: "gcp.cloudrun.request.vcpuSeconds",
        quantity: 180_000,
        unit: "vCPU-s",
        per: "billing account",
        name: "free tier 180,000 vCPU-s",
        source: CLOUD_RUN,
        asOf: READ,
        shareKey: account("gcp"),
    },
    {
        meter: "gcp.cloudrun.request.gibSeconds",
        quantity: 360_000,
        unit: "GiB-s",
        per: "billing account",
        name: "free tier 360,000 GiB-s",
        source: CLOUD_RUN,
        asOf: READ,
        shareKey: account("gcp"),
    },
    {
        meter: "gcp.cloudrun.requests",
        quantity: 2_000_000,
        unit: "requests",
        per: "billing account",
        name: "free tier 2 M requests",
        source: CLOUD_RUN,
        asOf: READ,
        shareKey: account("gcp"),
    },
    // Cloud Run, instance-based billing (CPU always allocated) and jobs: "$0.00001800 / vCPU-second beyond free tier Free:
    // First 240,000 vCPU-seconds ... First 450,000 GiB-seconds free per month" (stored copy of cloud.google.com/run/pricing,
    // read 2026-12-07; the copy is cut after "First 24", the figures are the page's as quoted by cloud.google.com/free and
    // several public cost notes). Same billing-account aggregation as the request-based tier.
    {
        meter: "gcp.cloudrun.instance.vcpuSeconds",
        quantity: 240_000,
        unit: "vCPU-s",
        per: "billing account",
        name: "free tier 240,000 vCPU-s (instance-based)",
        source: CLOUD_RUN,
        asOf: READ_1207,
        shareKey: account("gcp"),
    },
    {
        meter: "gcp.cloudrun.instance.gibSeconds",
        quantity: 450_000,
        unit: "GiB-s",
        per: "billing account",
        name: "free tier 450,000 GiB-s (instance-based)",
        source: CLOUD_RUN,
        asOf: READ_1207,
        shareKey: account("gcp"),
    },
    // Secret Manager, Always Free: "active secret versions 6 versions; access operations 10,000 operations; rotation
    // notifications 3 rotations" a month, "aggregated across projects by billing account" (stored copy of
    // cloud.google.com/secret-manager/pricing, read 2026-12-07).
    {
        meter: "gcp.secretmanager.versions",
        quantity: 6,
        unit: "active versions",
        per: "billing account",
        name: "Always Free 6 active versions",
        source: SECRET_MANAGER,
        asOf: READ_1207,
        shareKey: account("gcp"),
    },
    {
        meter: "gcp.secretmanager.accesses",
        quantity: 10_000,
        unit: "access operations",
        per: "billing account",
        name: "Always Free 10,000 access operations",
        source: SECRET_MANAGER,
        asOf: READ_1207,
        shareKey: account("gcp"),
    },
    // Cloud Storage, Always Free (cloud.google.com/free/docs/free-cloud-features#storage): 5 GB-months of Standard storage
    // in US regions (us-east1, us-west1, us-central1 only), 5,000 Class A and 50,000 Class B operations a month, per
    // billing account. The storage meter is only set by buckets in those three regions.
    {
        meter: "gcp.storage.standardUsRegionGb",
        quantity: 5,
        unit: "GB-months",
        per: "billing account",
        name: "Always Free 5 GB-months Standard (US regions)",
        source: STORAGE_FREE,
        asOf: READ_1207,
        shareKey: account("gcp"),
    },
    {
        meter: "gcp.storage.classA",
        quantity: 5_000,
        unit: "Class A operations",
        per: "billing account",
        name: "Always Free 5,000 Class A operations",
        source: STORAGE_FREE,
        asOf: READ_1207,
        shareKey: account("gcp"),
    },
    {
        meter: "gcp.storage.classB",
        quantity: 50_000,
        unit: "Class B operations",
        per: "billing account",
        name: "Always Free 50,000 Class B operations",
        source: STORAGE_FREE,
        asOf: READ_1207,
        shareKey: account("gcp"),
    },
    // Pub/Sub: "The first 10 GiB are free. After that, the price is $40 per TiB" (cloud.google.com/pubsub/pricing, read
    // 2026-12-07); per billing account.
    {
        meter: "gcp.pubsub.throughputGib",
        quantity: 10,
        unit: "GiB",
        per: "billing account",
        name: "first 10 GiB free",
        source: PUBSUB,
        asOf: READ_1207,
        shareKey: account("gcp"),
    },
    // CloudWatch, perpetual free tier of every AWS account: 10 custom or detailed-monitoring metrics, 10 standard-resolution
    // alarm metrics, 3 dashboards (up to 50 metrics each), 5 GB of log data ingested and 5 GB archived a month
    // (aws.amazon.com/cloudwatch/pricing "Free tier"; the stored copies show only the page's frame, the figures were
    // checked 2026-12-07 against the transcription in api-evangelist/cloudwatch plans/cloudwatch-plans-pricing.yml,
    // modified 2026-05-05). Vended logs (flow logs) are priced without it (NOT_APPLIED).
    {
        meter: "aws.cloudwatch.metrics",
        quantity: 10,
        unit: "metrics",
        per: "AWS account",
        name: "free tier 10 custom metrics",
        source: CLOUDWATCH,
        asOf: READ_1207,
        shareKey: account("aws"),
    },
    {
        meter: "aws.cloudwatch.alarmMetrics",
        quantity: 10,
        unit: "alarm metrics",
        per: "AWS account",
        name: "free tier 10 standard alarm metrics",
        source: CLOUDWATCH,
        asOf: READ_1207,
        shareKey: account("aws"),
    },
    {
        meter: "aws.cloudwatch.dashboards",
        quantity: 3,
        unit: "dashboards",
        per: "AWS account",
        name: "free tier 3 dashboards",
        source: CLOUDWATCH,
        asOf: READ_1207,
        shareKey: account("aws"),
    },
    {
        meter: "aws.cloudwatch.logsIngestGb",
        quantity: 5,
        unit: "GB",
        per: "AWS account",
        name: "free tier 5 GB logs ingested",
        source: CLOUDWATCH,
        asOf: READ_1207,
        shareKey: account("aws"),
    },
    {
        meter: "aws.cloudwatch.logsStorageGb",
        quantity: 5,
        unit: "GB-months",
        per: "AWS account",
        name: "free tier 5 GB logs archived",
        source: CLOUDWATCH,
        asOf: READ_1207,
        shareKey: account("aws"),
    },
    // GitHub Actions: "On the Free plan you get 2,000 GitHub Actions minutes a month for private repositories, and public
    // repositories are free" (github/docs content/get-started/learning-about-github/githubs-plans.md: GitHub Free for
    // organizations "2,000 GitHub Actions minutes per month"; GitHub Team 3,000). Once per GitHub account, in
    // Linux-equivalent minutes (macOS ×10, Windows ×2, the docs' minute multipliers). The Free plan's 2,000, the least any
    // plan includes, is assumed; stacks sharing one organization split it (shared plan key `github`).
    {
        meter: "github.actions.includedMinutes",
        quantity: 2_000,
        unit: "minutes",
        per: "GitHub account",
        name: "2,000 included minutes (GitHub Free)",
        source: "https://docs.github.com/en/billing/concepts/product-billing/github-actions",
        asOf: READ_1207,
        shareKey: account("github"),
    },
    // Cloud Monitoring: execution of uptime checks $0.30/1,000 executions, free allotment 1 million executions per
    // Google Cloud project a month (charged since 2022-10-01; quoted from the page in 2i2c-org/infrastructure#2320).
    {
        meter: "gcp.monitoring.uptimeExecutions",
        quantity: 1_000_000,
        unit: "executions",
        per: "Google Cloud project",
        name: "1 M free executions",
        source: OBSERVABILITY,
        asOf: READ,
    },
    // Supabase Pro/Team: "Egress 250GB included, then $0.09 per GB", "Monthly Active Users 100,000 MAU included, then
    // $0.00325 per MAU" (quotas apply to the whole organization); "Each project gets 8 GB of disk for free ... Extra disk
    // size costs $0.125/GB/month".
    {
        meter: "supabase.egressGb",
        quantity: 250,
        unit: "GB",
        per: "organization",
        name: "250 GB egress included",
        source: SUPABASE,
        asOf: READ,
        shareKey: (org) => `supabase:${org ?? "[unknown]"}`,
    },
    {
        meter: "supabase.mau",
        quantity: 100_000,
        unit: "MAU",
        per: "organization",
        name: "100,000 MAU included",
        source: SUPABASE,
        asOf: READ,
        shareKey: (org) => `supabase:${org ?? "[unknown]"}`,
    },
    { meter: "supabase.diskGb", quantity: 8, unit: "GB", per: "project", name: "8 GB disk included", source: SUPABASE, asOf: READ },
];

/** Overage prices of Supabase's included quotas (same page, same day): the lines the quotas are taken from. */
export const SUPABASE_QUOTA_PRICES = {
    egressGb: { usd: 0.09, unit: "GB of egress beyond the included 250 GB", source: SUPABASE, asOf: READ },
    diskGb: { usd: 0.125, unit: "GB-month of disk beyond the included 8 GB", source: SUPABASE, asOf: READ },
    mau: { usd: 0.00325, unit: "monthly active user beyond the included 100,000", source: SUPABASE, asOf: READ },
} as const;

/**
 * Allowances a page states that are not applied, and why (shown with the assumptions so nobody expects them).
 * Upstash's pricing page gives the Free plan 500K commands a month, but a pay-as-you-go database (what the Pulumi
 * provider creates once the account has a payment method) is billed from the first command; its first GB of
 * storage is free per database (applied in upstash.ts).
 */
export const NOT_APPLIED: readonly { name: string; why: string; source: string; asOf: string }[] = [
    {
        name: "Upstash Free plan: 500K commands a month",
        why: "for the one free database of an account; pay-as-you-go databases are billed from the first command ($0.20 per 100K); the first GB of storage per database is free and applied",
        source: "https://upstash.com/pricing/redis (and upstash.com/docs/redis/overall/pricing)",
        asOf: READ,
    },
    {
        name: "CloudWatch free tier for vended logs (VPC flow logs)",
        why: "not confirmed that the 5 GB of free log data covers vended logs, which have their own price: flow logs are priced without it",
        source: CLOUDWATCH,
        asOf: READ_1207,
    },
];

const BY_METER = new Map(ALLOWANCES.map((a) => [a.meter, a]));

/** An allowance as applied to one plan. */
export interface AppliedAllowance {
    meter: string;
    name: string;
    per: string;
    scope: string;
    /** Free quantity this stack gets (the allowance × its share). */
    quantity: number;
    /** Of which this plan uses. */
    used: number;
    unit: string;
    /** Monthly USD it takes off the estimate. */
    usd: number;
    /** This stack's share when the account or organization is shared, e.g. `1/3`. */
    share?: string;
    source: string;
    asOf: string;
}

export interface MeteredItem {
    monthlyUsd: number;
    basis: string;
    meters?: readonly Meter[];
    /** Allowances taken off this item: what `applyAllowances` adds. */
    allowances?: { meter: string; quantity: number; usd: number }[];
}

const fmt = (n: number): string => n.toLocaleString("en-US", { maximumFractionDigits: 2 });
const money = (n: number): string => `$${n.toFixed(2)}`;

/**
 * Takes each allowance off the items' metered quantities in registration order, once per scope; edits `items` in
 * place (monthly cost, basis, `allowances`) and returns the allowances applied. `share(key)` is this stack's share
 * of a shared account or organization (organisations.ts).
 */
export function applyAllowances(
    items: MeteredItem[],
    share: (key: string) => { fraction: number; stacks: readonly string[] },
): AppliedAllowance[] {
    const applied = new Map<string, AppliedAllowance>();
    for (const item of items) {
        const notes: string[] = [];
        let credit = 0;
        for (const meter of item.meters ?? []) {
            const allowance = BY_METER.get(meter.id);
            if (allowance === undefined || meter.quantity <= 0) continue;
            const scope = meter.scope ?? "the stack's account";
            const key = `${meter.id}\u0000${scope}`;
            let state = applied.get(key);
            if (state === undefined) {
                const shared = allowance.shareKey ? share(allowance.shareKey(meter.scope)) : { fraction: 1, stacks: [] };
                state = {
                    meter: meter.id,
                    name: allowance.name,
                    per: allowance.per,
                    scope,
                    quantity: allowance.quantity * shared.fraction,
                    used: 0,
                    unit: allowance.unit,
                    usd: 0,
                    source: allowance.source,
                    asOf: allowance.asOf,
                    ...(shared.stacks.length > 1 ? { share: `1/${shared.stacks.length}` } : {}),
                };
                applied.set(key, state);
            }
            const free = Math.min(meter.quantity, Math.max(0, state.quantity - state.used));
            if (free <= 0) {
                notes.push(`${allowance.name} (${allowance.per}) used up by earlier resources`);
                continue;
            }
            const usd = free * meter.unitUsd;
            state.used += free;
            state.usd += usd;
            credit += usd;
            (item.allowances ??= []).push({ meter: meter.id, quantity: free, usd });
            notes.push(
                `− ${fmt(free)} ${allowance.unit} ${allowance.name}${state.share ? ` (share ${state.share})` : ""} per ${allowance.per} ${money(usd)}`,
            );
        }
        if (notes.length === 0) continue;
        item.monthlyUsd = Math.max(0, Math.round((item.monthlyUsd - credit) * 100) / 100);
        item.basis = `${item.basis}; ${notes.join("; ")}`;
    }
    return [...applied.values()].map((a) => ({ ...a, usd: Math.round(a.usd * 100) / 100 }));
}
