/**
 * On-demand list prices, USD, as AWS publishes them for US East (N. Virginia) (and, further down, Google Cloud's and
 * the SaaS providers' list prices), before free tiers, credits,
 * Savings Plans or reserved capacity. Every figure carries its pricing page and whether it was checked against a
 * published source when the table was written (`verified`); unverified figures are the best-known public list
 * prices and should be checked before the table's next date.
 *
 * Other regions: an entry's `byRegion` gives the regional price where known; otherwise the us-east-1 price is
 * scaled by the regional factor of the entry's `group` (`REGION_FACTORS`, all unverified estimates from the
 * published price ratios of a few representative SKUs). `global` services (CloudFront, Route 53, WAF) cost the
 * same wherever the stack runs. A region outside `PRICED_REGIONS` is priced at us-east-1 and the basis says so.
 */

import { ec2Entry, EC2_HOURLY } from "./prices/aws-ec2";
import { cacheNodeEntry, cacheNodeTypes, rdsClasses, rdsInstanceEntry } from "./prices/aws-rds";
import { SERVICE_PRICE_TABLE } from "./prices/services";
import { type PriceEntry, PRICE_TABLE_AS_OF, BASE_REGION, PRICED_REGIONS, REGION_FACTORS, REGION_FACTORS_VERIFIED } from "./prices/types";

export * from "./prices/types";

const SRC = {
    rdsPg: "https://aws.amazon.com/rds/postgresql/pricing/",
    elasticache: "https://aws.amazon.com/elasticache/pricing/",
    fargate: "https://aws.amazon.com/fargate/pricing/",
    elb: "https://aws.amazon.com/elasticloadbalancing/pricing/",
    vpc: "https://aws.amazon.com/vpc/pricing/",
    privatelink: "https://aws.amazon.com/privatelink/pricing/",
    cloudfront: "https://aws.amazon.com/cloudfront/pricing/",
    s3: "https://aws.amazon.com/s3/pricing/",
    waf: "https://aws.amazon.com/waf/pricing/",
    cloudwatch: "https://aws.amazon.com/cloudwatch/pricing/",
    kms: "https://aws.amazon.com/kms/pricing/",
    eks: "https://aws.amazon.com/eks/pricing/",
    secrets: "https://aws.amazon.com/secrets-manager/pricing/",
    route53: "https://aws.amazon.com/route53/pricing/",
    sns: "https://aws.amazon.com/sns/pricing/",
    sqs: "https://aws.amazon.com/sqs/pricing/",
    ebs: "https://aws.amazon.com/ebs/pricing/",
    ssm: "https://aws.amazon.com/systems-manager/pricing/",
    ec2Transfer: "https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer",
} as const;

/** RDS instance classes × engines (PostgreSQL, MySQL, MariaDB, Aurora), ElastiCache nodes, EC2 instances: prices/aws-*.ts. */
function rdsTable(): Record<string, Record<string, PriceEntry & { vcpu: number }>> {
    const out: Record<string, Record<string, PriceEntry & { vcpu: number }>> = {};
    for (const engine of ["postgres", "mysql", "mariadb", "aurora", "auroraMysql"] as const) {
        const table: Record<string, PriceEntry & { vcpu: number }> = {};
        for (const cls of rdsClasses()) {
            const found = rdsInstanceEntry(cls, engine);
            if ("entry" in found) table[cls] = { ...found.entry, vcpu: found.vcpu };
        }
        out[engine] = table;
    }
    return out;
}
export const RDS_INSTANCES = rdsTable();
/** RDS for PostgreSQL classes (kept for readers of the earlier table). */
export const RDS_POSTGRES_INSTANCES: Readonly<Record<string, PriceEntry & { vcpu: number }>> = RDS_INSTANCES["postgres"] ?? {};
export const ELASTICACHE_NODES: Readonly<Record<string, PriceEntry>> = Object.fromEntries(
    cacheNodeTypes().flatMap((t) => {
        const entry = cacheNodeEntry(t);
        return entry ? [[t, entry]] : [];
    }),
);
export const EC2_INSTANCES: Readonly<Record<string, PriceEntry>> = Object.fromEntries(
    Object.keys(EC2_HOURLY).flatMap((t) => {
        const entry = ec2Entry(t);
        return entry ? [[t, entry]] : [];
    }),
);

/** Every other AWS price, by id. */
export const AWS_PRICES = {
    // RDS storage and extras (Single-AZ; Multi-AZ doubles storage).
    "rds.storage.gp3": { usd: 0.115, unit: "GB-month", group: "rdsStorage", source: SRC.rdsPg, verified: true },
    "rds.storage.gp2": { usd: 0.115, unit: "GB-month", group: "rdsStorage", source: SRC.rdsPg, verified: true },
    "rds.storage.io1": { usd: 0.125, unit: "GB-month", group: "rdsStorage", source: SRC.rdsPg, verified: false },
    "rds.storage.io2": { usd: 0.125, unit: "GB-month", group: "rdsStorage", source: SRC.rdsPg, verified: false },
    "rds.storage.standard": {
        usd: 0.1,
        unit: "GB-month (magnetic, I/O not counted)",
        group: "rdsStorage",
        source: SRC.rdsPg,
        verified: false,
    },
    "rds.piops.io": { usd: 0.1, unit: "provisioned IOPS-month (io1/io2)", group: "rdsStorage", source: SRC.rdsPg, verified: false },
    "rds.gp3.extraIops": { usd: 0.02, unit: "IOPS-month above the gp3 baseline", group: "rdsStorage", source: SRC.rdsPg, verified: true },
    "rds.gp3.extraThroughput": {
        usd: 0.08,
        unit: "MiB/s-month above the gp3 baseline",
        group: "rdsStorage",
        source: SRC.rdsPg,
        verified: false,
    },
    "rds.backup": {
        usd: 0.095,
        unit: "GB-month of backup storage beyond 100 % of the provisioned storage",
        group: "rdsStorage",
        source: SRC.rdsPg,
        verified: true,
    },
    "rds.databaseInsights.advanced": {
        usd: 0.0125,
        unit: "vCPU-hour (Performance Insights retention beyond the free 7 days / Database Insights Advanced)",
        group: "flat",
        source: SRC.cloudwatch,
        verified: false,
        note: "Performance Insights' paid retention is billed as CloudWatch Database Insights Advanced mode",
    },
    // Data transfer between regions (backup replication, S3 replication).
    "transfer.interRegion": {
        usd: 0.02,
        unit: "GB transferred to another region",
        group: "transfer",
        source: SRC.ec2Transfer,
        verified: false,
    },

    // ElastiCache.
    "elasticache.valkeyFactor": {
        usd: 0.8,
        unit: "× the Redis OSS node price for Valkey",
        group: "global",
        source: SRC.elasticache,
        verified: false,
    },

    // ECS on Fargate (Linux).
    "fargate.x86.vcpu": {
        usd: 0.04048,
        unit: "vCPU-hour (Linux/x86)",
        group: "fargate",
        source: SRC.fargate,
        verified: true,
        byRegion: { "us-west-2": 0.04048, "eu-west-1": 0.04048, "eu-central-1": 0.04656, "ap-southeast-1": 0.05056 },
    },
    "fargate.x86.gb": {
        usd: 0.004445,
        unit: "GB-hour (Linux/x86)",
        group: "fargate",
        source: SRC.fargate,
        verified: true,
        byRegion: { "us-west-2": 0.004445, "eu-west-1": 0.004445, "eu-central-1": 0.0051, "ap-southeast-1": 0.00553 },
    },
    "fargate.arm.vcpu": { usd: 0.03238, unit: "vCPU-hour (Linux/ARM)", group: "fargate", source: SRC.fargate, verified: true },
    "fargate.arm.gb": { usd: 0.00356, unit: "GB-hour (Linux/ARM)", group: "fargate", source: SRC.fargate, verified: true },
    "fargate.ephemeral": {
        usd: 0.000111,
        unit: "GB-hour of ephemeral storage beyond 20 GB",
        group: "fargate",
        source: SRC.fargate,
        verified: true,
    },

    // Load balancers.
    "elb.alb.hour": { usd: 0.0225, unit: "ALB-hour", group: "elb", source: SRC.elb, verified: true },
    "elb.alb.lcu": { usd: 0.008, unit: "LCU-hour", group: "elb", source: SRC.elb, verified: true },
    "elb.nlb.hour": { usd: 0.0225, unit: "NLB-hour", group: "elb", source: SRC.elb, verified: true },
    "elb.nlb.lcu": { usd: 0.006, unit: "NLCU-hour", group: "elb", source: SRC.elb, verified: true },
    "elb.gwlb.hour": { usd: 0.0125, unit: "GWLB-hour", group: "elb", source: SRC.elb, verified: true },
    "elb.gwlb.lcu": { usd: 0.004, unit: "GLCU-hour", group: "elb", source: SRC.elb, verified: true },

    // VPC.
    "vpc.nat.hour": { usd: 0.045, unit: "NAT gateway-hour", group: "nat", source: SRC.vpc, verified: false },
    "vpc.nat.gb": { usd: 0.045, unit: "GB processed by a NAT gateway", group: "nat", source: SRC.vpc, verified: false },
    "vpc.publicIpv4.hour": {
        usd: 0.005,
        unit: "public IPv4 address-hour (in use or idle)",
        group: "flat",
        source: SRC.vpc,
        verified: false,
    },
    "vpc.interfaceEndpoint.hour": {
        usd: 0.01,
        unit: "interface endpoint-hour per AZ",
        group: "nat",
        source: SRC.privatelink,
        verified: false,
    },
    "vpc.interfaceEndpoint.gb": {
        usd: 0.01,
        unit: "GB processed by an interface endpoint",
        group: "nat",
        source: SRC.privatelink,
        verified: false,
    },
    "cloudwatch.vendedLogs.cwl": {
        usd: 0.5,
        unit: "GB of vended logs (flow logs) delivered to CloudWatch Logs",
        group: "logs",
        source: SRC.cloudwatch,
        verified: false,
    },
    "cloudwatch.vendedLogs.s3": {
        usd: 0.25,
        unit: "GB of vended logs delivered to S3 or Firehose",
        group: "logs",
        source: SRC.cloudwatch,
        verified: false,
    },

    // CloudFront (global; North America / Europe edge rate).
    "cloudfront.egress": {
        usd: 0.085,
        unit: "GB to the internet, first 10 TB (North America / Europe)",
        group: "global",
        source: SRC.cloudfront,
        verified: true,
        note: "other edge regions cost $0.109-0.120/GB; price class changes the total little at these volumes",
    },
    "cloudfront.httpsRequests": {
        usd: 0.01,
        unit: "10,000 HTTPS requests (North America / Europe)",
        group: "global",
        source: SRC.cloudfront,
        verified: false,
    },
    "cloudfront.functions": {
        usd: 0.1,
        unit: "1,000,000 CloudFront Function invocations",
        group: "global",
        source: SRC.cloudfront,
        verified: true,
    },

    // S3 Standard.
    "s3.standard": { usd: 0.023, unit: "GB-month, S3 Standard first 50 TB", group: "s3", source: SRC.s3, verified: false },
    "s3.write": { usd: 0.005, unit: "1,000 PUT/COPY/POST/LIST requests", group: "s3", source: SRC.s3, verified: false },
    "s3.read": { usd: 0.0004, unit: "1,000 GET requests", group: "s3", source: SRC.s3, verified: false },

    // WAF (same price in every region).
    "waf.webAcl": { usd: 5, unit: "web ACL-month", group: "global", source: SRC.waf, verified: true },
    "waf.rule": { usd: 1, unit: "rule or rule group-month", group: "global", source: SRC.waf, verified: true },
    "waf.requests": { usd: 0.6, unit: "1,000,000 requests inspected", group: "global", source: SRC.waf, verified: true },
    "waf.botControl": { usd: 10, unit: "Bot Control rule group subscription-month", group: "global", source: SRC.waf, verified: true },
    "waf.botControl.requests": {
        usd: 1,
        unit: "1,000,000 requests analysed by Bot Control (common level)",
        group: "global",
        source: SRC.waf,
        verified: true,
    },

    // CloudWatch.
    "cloudwatch.alarm.standard": {
        usd: 0.1,
        unit: "alarm metric-month (standard resolution, ≥ 60 s)",
        group: "flat",
        source: SRC.cloudwatch,
        verified: true,
    },
    "cloudwatch.alarm.highRes": {
        usd: 0.3,
        unit: "alarm metric-month (high resolution, < 60 s)",
        group: "flat",
        source: SRC.cloudwatch,
        verified: true,
    },
    "cloudwatch.alarm.composite": { usd: 0.5, unit: "composite alarm-month", group: "flat", source: SRC.cloudwatch, verified: true },
    "cloudwatch.dashboard": { usd: 3, unit: "dashboard-month", group: "flat", source: SRC.cloudwatch, verified: true },
    "cloudwatch.customMetric": {
        usd: 0.3,
        unit: "custom metric-month (first 10,000)",
        group: "flat",
        source: SRC.cloudwatch,
        verified: true,
    },
    "cloudwatch.logs.ingest": { usd: 0.5, unit: "GB ingested (Standard log class)", group: "logs", source: SRC.cloudwatch, verified: true },
    "cloudwatch.logs.ingestIa": {
        usd: 0.25,
        unit: "GB ingested (Infrequent Access log class)",
        group: "logs",
        source: SRC.cloudwatch,
        verified: false,
    },
    "cloudwatch.logs.storage": { usd: 0.03, unit: "GB-month archived", group: "logs", source: SRC.cloudwatch, verified: false },

    // Keys, secrets, parameters.
    "eks.cluster": {
        usd: 73,
        unit: "cluster-month (control plane, standard support: 730 h × $0.10)",
        group: "flat",
        source: SRC.eks,
        verified: false,
    },
    "kms.key": {
        usd: 1,
        unit: "customer managed key-month (each multi-Region replica too)",
        group: "flat",
        source: SRC.kms,
        verified: false,
    },
    "secrets.secret": { usd: 0.4, unit: "secret-month (each replica too)", group: "flat", source: SRC.secrets, verified: false },
    "ssm.advancedParameter": { usd: 0.05, unit: "advanced parameter-month", group: "flat", source: SRC.ssm, verified: false },

    // Route 53 (global).
    "route53.zone": { usd: 0.5, unit: "hosted zone-month (first 25)", group: "global", source: SRC.route53, verified: false },
    "route53.queries": { usd: 0.4, unit: "1,000,000 standard queries", group: "global", source: SRC.route53, verified: false },
    "route53.healthCheck.aws": { usd: 0.5, unit: "health check-month, AWS endpoint", group: "global", source: SRC.route53, verified: true },
    "route53.healthCheck.nonAws": {
        usd: 0.75,
        unit: "health check-month, non-AWS endpoint",
        group: "global",
        source: SRC.route53,
        verified: true,
    },
    "route53.healthCheck.option.aws": {
        usd: 1,
        unit: "optional feature-month (HTTPS, string matching, fast interval, latency measurement), AWS endpoint",
        group: "global",
        source: SRC.route53,
        verified: false,
    },
    "route53.healthCheck.option.nonAws": {
        usd: 2,
        unit: "optional feature-month (HTTPS, string matching, fast interval, latency measurement), non-AWS endpoint",
        group: "global",
        source: SRC.route53,
        verified: false,
    },

    // EBS volumes (added 2026-11; the figures are the long-standing us-east-1 list prices as quoted by third-party
    // summaries of the EBS pricing page, not re-read from it: unverified). gp3 includes 3,000 IOPS and 125 MiB/s.
    "ebs.gp3": { usd: 0.08, unit: "GB-month, General Purpose SSD (gp3)", group: "ebs", source: SRC.ebs, verified: false },
    "ebs.gp2": { usd: 0.1, unit: "GB-month, General Purpose SSD (gp2)", group: "ebs", source: SRC.ebs, verified: false },
    "ebs.io1": { usd: 0.125, unit: "GB-month, Provisioned IOPS SSD (io1)", group: "ebs", source: SRC.ebs, verified: false },
    "ebs.io2": { usd: 0.125, unit: "GB-month, Provisioned IOPS SSD (io2)", group: "ebs", source: SRC.ebs, verified: false },
    "ebs.st1": { usd: 0.045, unit: "GB-month, Throughput Optimized HDD (st1)", group: "ebs", source: SRC.ebs, verified: false },
    "ebs.sc1": { usd: 0.015, unit: "GB-month, Cold HDD (sc1)", group: "ebs", source: SRC.ebs, verified: false },
    "ebs.standard": {
        usd: 0.05,
        unit: "GB-month, Magnetic (previous generation; I/O requests not counted)",
        group: "ebs",
        source: SRC.ebs,
        verified: false,
    },
    "ebs.gp3.extraIops": {
        usd: 0.005,
        unit: "provisioned IOPS-month above the gp3 baseline of 3,000",
        group: "ebs",
        source: SRC.ebs,
        verified: false,
    },
    "ebs.gp3.extraThroughput": {
        usd: 0.04,
        unit: "provisioned MiB/s-month above the gp3 baseline of 125 MiB/s",
        group: "ebs",
        source: SRC.ebs,
        verified: false,
    },
    "ebs.io1.iops": { usd: 0.065, unit: "provisioned IOPS-month (io1)", group: "ebs", source: SRC.ebs, verified: false },
    "ebs.io2.iops": { usd: 0.065, unit: "provisioned IOPS-month (io2), up to 32,000 IOPS", group: "ebs", source: SRC.ebs, verified: false },
    "ebs.io2.iops.tier2": {
        usd: 0.0455,
        unit: "provisioned IOPS-month (io2), 32,001 to 64,000 IOPS",
        group: "ebs",
        source: SRC.ebs,
        verified: false,
    },
    "ebs.io2.iops.tier3": {
        usd: 0.03185,
        unit: "provisioned IOPS-month (io2), above 64,000 IOPS",
        group: "ebs",
        source: SRC.ebs,
        verified: false,
    },

    // SQS (added 2026-11, unverified as above): billed per request, each 64 KB chunk of a payload a request.
    "sqs.standard.requests": {
        usd: 0.4,
        unit: "1,000,000 requests, standard queue (first 1,000,000 a month free per account, not applied)",
        group: "flat",
        source: SRC.sqs,
        verified: false,
    },
    "sqs.fifo.requests": {
        usd: 0.5,
        unit: "1,000,000 requests, FIFO queue (first 1,000,000 a month free per account, not applied)",
        group: "flat",
        source: SRC.sqs,
        verified: false,
    },

    // SNS.
    "sns.publishes": {
        usd: 0.5,
        unit: "1,000,000 publishes (first 1,000,000 a month free, not applied)",
        group: "flat",
        source: SRC.sns,
        verified: false,
    },
} as const satisfies Record<string, PriceEntry>;

export type AwsPriceId = keyof typeof AWS_PRICES;

// ---------------------------------------------------------------------------------------------------------------
// Other providers. Prices of SaaS plans are the same everywhere (group "global"); Google Cloud figures are Tier 1
// regions' (us-central1, us-east1, europe-west1, …): Tier 2 regions cost more and are noted, not priced. Each entry
// says where the figure was read and whether it was checked against the provider's own published page when the
// table was written. `verified: false` marks figures from the brief, third-party summaries or memory.

const OTHER_SRC = {
    supabaseCompute: "https://supabase.com/docs/guides/platform/manage-your-usage/compute",
    supabasePitr: "https://supabase.com/docs/guides/platform/manage-your-usage/point-in-time-recovery",
    supabasePricing: "https://supabase.com/pricing",
    vercel: "https://vercel.com/pricing",
    upstash: "https://upstash.com/docs/redis/overall/billing",
    cloudflarePlans: "https://www.cloudflare.com/plans/",
    cloudflareWorkers: "https://developers.cloudflare.com/workers/platform/pricing/",
    sentry: "https://sentry.io/pricing/",
    cloudRun: "https://cloud.google.com/run/pricing",
    secretManager: "https://cloud.google.com/secret-manager/pricing",
    observability: "https://cloud.google.com/stackdriver/pricing",
    alerting: "https://cloud.google.com/monitoring/alerts/cost-control",
    storage: "https://cloud.google.com/storage/pricing",
    pubsub: "https://cloud.google.com/pubsub/pricing",
} as const;

function supabaseCompute(usd: number): PriceEntry {
    return { usd, unit: "compute-hour", group: "global", source: OTHER_SRC.supabaseCompute, verified: true };
}

/**
 * Supabase compute per hour by size (billed hourly per project, primary and each read replica). In a paid organization
 * `nano` (and the legacy `pico`) is billed as `micro`.
 */
export const SUPABASE_COMPUTE_HOURLY: Readonly<Record<string, PriceEntry>> = {
    micro: supabaseCompute(0.01344),
    small: supabaseCompute(0.0206),
    medium: supabaseCompute(0.0822),
    large: supabaseCompute(0.1517),
    xlarge: supabaseCompute(0.2877),
    "2xlarge": supabaseCompute(0.562),
    "4xlarge": supabaseCompute(1.32),
    "8xlarge": supabaseCompute(2.562),
    "12xlarge": supabaseCompute(3.836),
    "16xlarge": supabaseCompute(5.12),
};

/** SaaS plans and usage prices (Supabase, Vercel, Upstash, Cloudflare, Sentry). */
export const SAAS_PRICES = {
    "supabase.pro": {
        usd: 25,
        unit: "organization-month, Pro plan",
        group: "global",
        source: OTHER_SRC.supabaseCompute,
        verified: true,
        note: "billing examples on the page: Pro Plan $25",
    },
    "supabase.computeCredits": {
        usd: 10,
        unit: "compute credits per paid organization-month",
        group: "global",
        source: OTHER_SRC.supabaseCompute,
        verified: true,
    },
    "supabase.pitr.7": {
        usd: 0.137,
        unit: "PITR-hour, 7 days of recovery (~$100/month)",
        group: "global",
        source: OTHER_SRC.supabasePitr,
        verified: true,
    },
    "supabase.pitr.14": {
        usd: 0.274,
        unit: "PITR-hour, 14 days of recovery (~$200/month)",
        group: "global",
        source: OTHER_SRC.supabasePitr,
        verified: true,
    },
    "supabase.pitr.28": {
        usd: 0.55,
        unit: "PITR-hour, 28 days of recovery (~$400/month)",
        group: "global",
        source: OTHER_SRC.supabasePitr,
        verified: true,
    },
    "vercel.proMember": {
        usd: 20,
        unit: "deploying member-month, Pro plan (includes $20 of usage credit)",
        group: "global",
        source: OTHER_SRC.vercel,
        verified: false,
        note: "Vercel's Pro plan page confirms the $20 monthly credit; the $20 per-seat price is from the brief and third-party summaries",
    },
    "upstash.commands": { usd: 0.2, unit: "100,000 commands, pay-as-you-go", group: "global", source: OTHER_SRC.upstash, verified: true },
    "upstash.storage": {
        usd: 0.25,
        unit: "GB-month of data beyond the first free GB, pay-as-you-go",
        group: "global",
        source: OTHER_SRC.upstash,
        verified: true,
    },
    "upstash.prodPack": { usd: 200, unit: "database-month, Prod Pack add-on", group: "global", source: OTHER_SRC.upstash, verified: false },
    "cloudflare.pro": {
        usd: 25,
        unit: "zone-month, Pro plan billed monthly ($20 billed annually)",
        group: "global",
        source: OTHER_SRC.cloudflarePlans,
        verified: false,
    },
    "cloudflare.business": {
        usd: 250,
        unit: "zone-month, Business plan billed monthly",
        group: "global",
        source: OTHER_SRC.cloudflarePlans,
        verified: false,
    },
    "cloudflare.workersPaid": {
        usd: 5,
        unit: "account-month, Workers Paid (10 M requests and 30 M CPU-ms included)",
        group: "global",
        source: OTHER_SRC.cloudflareWorkers,
        verified: true,
    },
    "sentry.team": {
        usd: 26,
        unit: "organization-month, Team plan (billed annually)",
        group: "global",
        source: OTHER_SRC.sentry,
        verified: false,
        note: "the TechMate deployment document budgets Sentry at $26",
    },
} as const satisfies Record<string, PriceEntry>;
export type SaasPriceId = keyof typeof SAAS_PRICES;

/** Google Cloud list prices, Tier 1 regions, before free tiers and committed-use discounts. */
export const GCP_PRICES = {
    "cloudrun.instance.vcpu": {
        usd: 0.000018,
        unit: "vCPU-second, instance-based billing (CPU always allocated)",
        group: "flat",
        source: OTHER_SRC.cloudRun,
        verified: true,
    },
    "cloudrun.instance.gib": {
        usd: 0.000002,
        unit: "GiB-second, instance-based billing",
        group: "flat",
        source: OTHER_SRC.cloudRun,
        verified: true,
        read: "2026-12-07",
        note: '"$0.00000200 / GiB-second beyond free tier" (the page\'s Tier 1 table, as quoted by several public cost notes; the stored copy is cut after the vCPU figure)',
    },
    "cloudrun.request.vcpu": {
        usd: 0.000024,
        unit: "vCPU-second while serving, request-based billing",
        group: "flat",
        source: OTHER_SRC.cloudRun,
        verified: true,
    },
    "cloudrun.request.gib": {
        usd: 0.0000025,
        unit: "GiB-second while serving, request-based billing",
        group: "flat",
        source: OTHER_SRC.cloudRun,
        verified: false,
    },
    "cloudrun.requests": {
        usd: 0.4,
        unit: "1,000,000 requests, request-based billing",
        group: "flat",
        source: OTHER_SRC.cloudRun,
        verified: false,
    },
    "cloudrun.idle.vcpu": {
        usd: 0.0000025,
        unit: "vCPU-second of an idle minimum instance, request-based billing",
        group: "flat",
        source: OTHER_SRC.cloudRun,
        verified: false,
    },
    "cloudrun.idle.gib": {
        usd: 0.0000025,
        unit: "GiB-second of an idle minimum instance, request-based billing",
        group: "flat",
        source: OTHER_SRC.cloudRun,
        verified: false,
    },
    "secretmanager.version": {
        usd: 0.06,
        unit: "active secret version per replica location-month (automatic replication: 1 location)",
        group: "flat",
        source: OTHER_SRC.secretManager,
        verified: true,
    },
    "secretmanager.access": { usd: 0.03, unit: "10,000 access operations", group: "flat", source: OTHER_SRC.secretManager, verified: true },
    "monitoring.uptimeCheck": {
        usd: 0.3,
        unit: "1,000 uptime check executions (1 M free per project: free-tiers.ts)",
        group: "flat",
        source: OTHER_SRC.observability,
        verified: false,
    },
    // Announced, not billed: the page reads "Starting no sooner than April 2025, Cloud Monitoring will begin charging for the
    // use of alerting policies" (stored copy of cloud.google.com/monitoring/alerts/cost-control, read 2026-12-06) and
    // issue 13 records that the charge has not started. Kept at $0 with the announced rates in the note.
    "monitoring.alertCondition": {
        usd: 0,
        unit: "alerting policy condition-month (charge announced, not started)",
        group: "flat",
        source: OTHER_SRC.alerting,
        verified: true,
        read: "2026-12-06",
        note: "announced: $1.50 per condition-month once charging starts",
    },
    "monitoring.alertTimeSeries": {
        usd: 0,
        unit: "1,000,000 time series returned by alert conditions (charge announced, not started)",
        group: "flat",
        source: OTHER_SRC.alerting,
        verified: true,
        read: "2026-12-06",
        note: "announced: $0.35 per million time series once charging starts",
    },
    // Cloud Storage (read 2026-12-07 from stored copies of cloud.google.com/storage/pricing and /storage/pricing-examples):
    // "South Carolina (us-east1) $0.020 $0.010 $0.004 $0.0012" per GB-month for Standard, Nearline, Coldline, Archive;
    // multi-region Standard "$0.000035616 / 1 gibibyte hour" (× 730 h = $0.026), dual-region "$0.022 per GB per month"
    // for each of its two regions; "10,000 Class A operations * $0.005 per 1,000", "50,000 Class B operations * $0.0004
    // per 1,000" (Standard). Regions priced like us-east1 (the page's $0.020 rows: us-central1, us-east1, us-east5, us-west1,
    // us-south1, europe-north1, europe-west1, europe-west4) are exact; other regions cost more and the basis says so.
    "storage.standard.region": {
        usd: 0.02,
        unit: "GB-month, Standard storage, region (us-east1 and the other $0.020 regions)",
        group: "flat",
        source: OTHER_SRC.storage,
        verified: true,
        read: "2026-12-07",
    },
    "storage.nearline.region": {
        usd: 0.01,
        unit: "GB-month, Nearline storage, region",
        group: "flat",
        source: OTHER_SRC.storage,
        verified: true,
        read: "2026-12-07",
    },
    "storage.coldline.region": {
        usd: 0.004,
        unit: "GB-month, Coldline storage, region",
        group: "flat",
        source: OTHER_SRC.storage,
        verified: true,
        read: "2026-12-07",
    },
    "storage.archive.region": {
        usd: 0.0012,
        unit: "GB-month, Archive storage, region",
        group: "flat",
        source: OTHER_SRC.storage,
        verified: true,
        read: "2026-12-07",
    },
    "storage.standard.multiRegion": {
        usd: 0.026,
        unit: "GB-month, Standard storage, multi-region (US, EU, ASIA)",
        group: "flat",
        source: OTHER_SRC.storage,
        verified: true,
        read: "2026-12-07",
        note: "the page quotes $0.000035616 per GiB-hour; × 730 h",
    },
    "storage.nearline.multiRegion": {
        usd: 0.015,
        unit: "GB-month, Nearline storage, multi-region",
        group: "flat",
        source: OTHER_SRC.storage,
        verified: true,
        read: "2026-12-07",
        note: "the page quotes $0.000020548 per GiB-hour; × 730 h",
    },
    "storage.coldline.multiRegion": {
        usd: 0.00875,
        unit: "GB-month, Coldline storage, multi-region",
        group: "flat",
        source: OTHER_SRC.storage,
        verified: true,
        read: "2026-12-07",
        note: "the page quotes $0.000011986 per GiB-hour; × 730 h",
    },
    "storage.archive.multiRegion": {
        usd: 0.003,
        unit: "GB-month, Archive storage, multi-region",
        group: "flat",
        source: OTHER_SRC.storage,
        verified: true,
        read: "2026-12-07",
        note: "the page quotes $0.00000411 per GiB-hour; × 730 h",
    },
    "storage.standard.dualRegion": {
        usd: 0.044,
        unit: "GB-month, Standard storage, dual-region ($0.022 billed to each of its two regions)",
        group: "flat",
        source: OTHER_SRC.storage,
        verified: true,
        read: "2026-12-07",
    },
    "storage.classA.standard": {
        usd: 0.005,
        unit: "1,000 Class A operations (object adds, listings), Standard",
        group: "flat",
        source: OTHER_SRC.storage,
        verified: true,
        read: "2026-12-07",
    },
    "storage.classB.standard": {
        usd: 0.0004,
        unit: "1,000 Class B operations (object gets, metadata), Standard",
        group: "flat",
        source: OTHER_SRC.storage,
        verified: true,
        read: "2026-12-07",
    },
    "storage.classA.nearline": {
        usd: 0.01,
        unit: "1,000 Class A operations, Nearline",
        group: "flat",
        source: OTHER_SRC.storage,
        verified: false,
    },
    "storage.classB.nearline": {
        usd: 0.001,
        unit: "1,000 Class B operations, Nearline",
        group: "flat",
        source: OTHER_SRC.storage,
        verified: false,
    },
    "storage.classA.coldline": {
        usd: 0.02,
        unit: "1,000 Class A operations, Coldline",
        group: "flat",
        source: OTHER_SRC.storage,
        verified: false,
    },
    "storage.classB.coldline": {
        usd: 0.01,
        unit: "1,000 Class B operations, Coldline",
        group: "flat",
        source: OTHER_SRC.storage,
        verified: false,
    },
    "storage.classA.archive": {
        usd: 0.05,
        unit: "1,000 Class A operations, Archive",
        group: "flat",
        source: OTHER_SRC.storage,
        verified: false,
    },
    "storage.classB.archive": {
        usd: 0.05,
        unit: "1,000 Class B operations, Archive",
        group: "flat",
        source: OTHER_SRC.storage,
        verified: false,
    },
    // Pub/Sub (stored copies of cloud.google.com/pubsub/pricing, read 2026-12-07): "Throughput ... The first 10 GiB are
    // free. After that, the price is $40 per TiB in all Google Cloud regions"; "A minimum of 1000 bytes per publish, push,
    // or pull request is assessed". Topics and subscriptions themselves cost nothing.
    "pubsub.throughput": {
        usd: 40,
        unit: "TiB of publish and delivery throughput (first 10 GiB a month free per billing account)",
        group: "flat",
        source: OTHER_SRC.pubsub,
        verified: true,
        read: "2026-12-07",
    },
} as const satisfies Record<string, PriceEntry>;
export type GcpPriceId = keyof typeof GCP_PRICES;

/** The whole table, for the plan command and for reviews of which figures still need checking. */
export const PRICE_TABLE = {
    asOf: PRICE_TABLE_AS_OF,
    currency: "USD",
    baseRegion: BASE_REGION,
    regions: PRICED_REGIONS,
    regionFactors: REGION_FACTORS,
    regionFactorsVerified: REGION_FACTORS_VERIFIED,
    services: SERVICE_PRICE_TABLE,
    aws: {
        rdsInstances: RDS_INSTANCES,
        rdsPostgresInstances: RDS_POSTGRES_INSTANCES,
        elasticacheNodes: ELASTICACHE_NODES,
        ec2Instances: EC2_INSTANCES,
        other: AWS_PRICES as Readonly<Record<AwsPriceId, PriceEntry>>,
    },
    gcp: GCP_PRICES as Readonly<Record<GcpPriceId, PriceEntry>>,
    saas: {
        supabaseComputeHourly: SUPABASE_COMPUTE_HOURLY,
        other: SAAS_PRICES as Readonly<Record<SaasPriceId, PriceEntry>>,
    },
} as const;

/** Every entry whose figure was not checked against a published source (for the final report / a review). */
export function unverifiedPrices(): string[] {
    const out: string[] = [];
    for (const [engine, table] of Object.entries(RDS_INSTANCES))
        for (const [id, e] of Object.entries(table)) if (!e.verified) out.push(`rds.${engine}.${id}`);
    for (const [id, e] of Object.entries(SERVICE_PRICE_TABLE)) if (!e.verified) out.push(id);
    for (const [id, e] of Object.entries(ELASTICACHE_NODES)) if (!e.verified) out.push(`elasticache.${id}`);
    for (const [id, e] of Object.entries(AWS_PRICES) as [string, PriceEntry][]) if (!e.verified) out.push(id);
    for (const [id, e] of Object.entries(GCP_PRICES) as [string, PriceEntry][]) if (!e.verified) out.push(`gcp.${id}`);
    for (const [id, e] of Object.entries(SUPABASE_COMPUTE_HOURLY)) if (!e.verified) out.push(`supabase.compute.${id}`);
    for (const [id, e] of Object.entries(SAAS_PRICES) as [string, PriceEntry][]) if (!e.verified) out.push(id);
    return out;
}
