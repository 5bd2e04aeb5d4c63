/**
 * Usage assumptions: the traffic, storage and request volumes a monthly estimate needs but a Pulumi program does
 * not say. Each one is named, documented and overridable through `CostOptions.usage` (for the whole stack),
 * `usage.perType[<type token>]` (for every resource of a type) or `usage.perResource[<resource name or URN>]` (for
 * one resource); a usage file (usage-file.ts: `--usage-file`, or `appstack-usage.yml` beside Pulumi.yaml) sets the
 * last two. Volumes are per resource: two CloudFront distributions each get `cloudfrontEgressGbPerMonth`.
 * Free tiers and included allowances are applied after pricing, once per account or organization (free-tiers.ts).
 *
 * Defaults are sized for the small products of /work/shared/seeds (CoachMeld budgets 100 GB of CDN bandwidth a
 * month; TechMate's whole bill is ~$130-400 a month), not for large fleets.
 */
import { SERVICE_USAGE_NOTES, type ServiceUsageKey } from "./service-usage";
/**
 * The service assumptions of service-usage.ts, settable like every other key (a usage file, `perType`, `perResource`).
 * Optional here: a value is an override, and its absence means the default in `SERVICE_USAGE_DEFAULTS`.
 */
export type ServiceUsageOverrides = { [K in ServiceUsageKey]?: number };

export interface ResourceUsage extends ServiceUsageOverrides {
    /** Hours a month an always-on resource runs (AWS bills 730 h a month: 8,760 h / 12). @default 730 */
    hoursPerMonth: number;

    /** GB a CloudFront distribution serves to viewers a month. @default 100 (CoachMeld: "CDN bandwidth 100GB, $10") */
    cloudfrontEgressGbPerMonth: number;
    /** HTTPS requests a CloudFront distribution serves a month. @default 1,000,000 (100 GB at ~100 KB a response) */
    cloudfrontRequestsPerMonth: number;
    /** CloudFront Function invocations a month (one per viewer request it is attached to). @default 1,000,000 */
    cloudfrontFunctionInvocationsPerMonth: number;

    /** GB stored in each S3 bucket (S3 Standard). @default 10 (app bundles and static assets) */
    s3StorageGbPerBucket: number;
    /** PUT/COPY/POST/LIST requests to each bucket a month. @default 10,000 (deploys and uploads) */
    s3WriteRequestsPerBucket: number;
    /** GET requests to each bucket a month (most reads are served from the CDN cache). @default 100,000 */
    s3ReadRequestsPerBucket: number;
    /** GB a bucket replication configuration copies to another region a month. @default 2 */
    s3ReplicationGbPerMonth: number;

    /** Average Load Balancer Capacity Units an ALB uses each hour (the max of its four dimensions). @default 1 */
    albLcuPerHour: number;
    /** Average NLCUs (network) or GLCUs (gateway) a load balancer uses each hour. @default 1 */
    nlbLcuPerHour: number;

    /** GB a NAT gateway processes a month (image pulls, calls to external APIs, package installs). @default 50 */
    natGatewayGbPerMonth: number;
    /** GB an interface VPC endpoint processes a month. @default 10 */
    vpcEndpointGbPerMonth: number;

    /** Requests a WAF web ACL inspects a month. @default 1,000,000 (the CloudFront request assumption) */
    wafRequestsPerMonth: number;

    /** GB of logs ingested into each CloudWatch log group a month. @default 1 */
    logIngestGbPerGroupPerMonth: number;
    /** Months of logs held by a group that never expires (retentionInDays 0 or absent): a year's steady state. @default 12 */
    logNeverExpireMonths: number;
    /** GB of VPC flow log records a flow log delivers a month. @default 5 */
    flowLogGbPerMonth: number;

    /** Share of a database's allocated storage that changes each day (drives backup and replication size). @default 0.05 */
    rdsDailyChangeFraction: number;

    /** Messages published to each SNS topic a month. @default 100,000 */
    snsPublishesPerMonth: number;
    /**
     * Billable requests to each SQS queue a month (send, receive, delete, change-visibility and empty receives; each 64 KB
     * chunk of a payload counts as one). @default 1,000,000
     */
    sqsRequestsPerQueuePerMonth: number;
    /** Non-alias DNS queries a hosted zone answers a month (alias queries to AWS resources are free). @default 0 */
    route53QueriesPerZonePerMonth: number;

    /** Requests a Cloud Run service with request-based billing serves a month. @default 1,000,000 */
    cloudRunRequestsPerMonth: number;
    /** Average seconds an instance is busy per request (no overlap assumed at this volume). @default 0.2 */
    cloudRunRequestSeconds: number;
    /** Access operations on each Secret Manager secret a month (instance starts reading it). @default 10,000 */
    gcpSecretAccessesPerMonth: number;
    /** GB each Cloud Storage bucket holds (at its storage class). @default 10 (the S3 bucket assumption) */
    gcsStorageGbPerBucket: number;
    /** Class A operations (object writes, listings) on each Cloud Storage bucket a month. @default 10,000 */
    gcsClassAOpsPerBucket: number;
    /** Class B operations (object reads, metadata) on each Cloud Storage bucket a month. @default 100,000 */
    gcsClassBOpsPerBucket: number;
    /** GiB published to each Pub/Sub topic a month (each request counted at ≥ 1,000 bytes). @default 1 */
    pubsubGibPerTopic: number;
    /** GiB each Pub/Sub subscription delivers a month. @default 1 */
    pubsubGibPerSubscription: number;

    /** The plan of the Supabase organization the projects belong to. @default "pro" */
    supabaseOrganizationPlan: "free" | "pro";
    /** GB of uncached egress a Supabase project serves a month (the Pro plan includes 250 GB per organization). @default 20 */
    supabaseEgressGbPerMonth: number;
    /** GB of provisioned disk of a Supabase project (8 GB per project included). @default 8 */
    supabaseDiskGb: number;
    /** Monthly active users of a Supabase project's Auth (the Pro plan includes 100,000 per organization). @default 5,000 */
    supabaseMonthlyActiveUsers: number;
    /** Deploying members of the Vercel team (Pro bills per member). @default 1 */
    vercelTeamMembers: number;
    /** Commands each Upstash Redis database serves a month (pay-as-you-go). @default 1,000,000 */
    upstashCommandsPerMonth: number;
    /** Share of an Upstash database's commands that are writes (each read region replicates them, billed again). @default 0.2 */
    upstashWriteShare: number;
    /** GB of data each Upstash database holds (the first GB is free). @default 1 */
    upstashStorageGb: number;
    /** The plan of each Cloudflare zone the stack configures (zone settings present). @default "pro" */
    cloudflareZonePlan: "free" | "pro" | "business";
}

export interface UsageAssumptions extends ResourceUsage {
    /** Overrides for every resource of a type, keyed by its type token (`aws:cloudfront/distribution:Distribution`). */
    perType: Record<string, Partial<ResourceUsage>>;
    /** Overrides for one resource, keyed by its Pulumi name or URN (the URN wins when both match). */
    perResource: Record<string, Partial<ResourceUsage>>;
}

export const DEFAULT_USAGE: Readonly<UsageAssumptions> = Object.freeze({
    hoursPerMonth: 730,
    cloudfrontEgressGbPerMonth: 100,
    cloudfrontRequestsPerMonth: 1_000_000,
    cloudfrontFunctionInvocationsPerMonth: 1_000_000,
    s3StorageGbPerBucket: 10,
    s3WriteRequestsPerBucket: 10_000,
    s3ReadRequestsPerBucket: 100_000,
    s3ReplicationGbPerMonth: 2,
    albLcuPerHour: 1,
    nlbLcuPerHour: 1,
    natGatewayGbPerMonth: 50,
    vpcEndpointGbPerMonth: 10,
    wafRequestsPerMonth: 1_000_000,
    logIngestGbPerGroupPerMonth: 1,
    logNeverExpireMonths: 12,
    flowLogGbPerMonth: 5,
    rdsDailyChangeFraction: 0.05,
    snsPublishesPerMonth: 100_000,
    sqsRequestsPerQueuePerMonth: 1_000_000,
    route53QueriesPerZonePerMonth: 0,
    cloudRunRequestsPerMonth: 1_000_000,
    cloudRunRequestSeconds: 0.2,
    gcpSecretAccessesPerMonth: 10_000,
    gcsStorageGbPerBucket: 10,
    gcsClassAOpsPerBucket: 10_000,
    gcsClassBOpsPerBucket: 100_000,
    pubsubGibPerTopic: 1,
    pubsubGibPerSubscription: 1,
    supabaseOrganizationPlan: "pro",
    supabaseEgressGbPerMonth: 20,
    supabaseDiskGb: 8,
    supabaseMonthlyActiveUsers: 5_000,
    vercelTeamMembers: 1,
    upstashCommandsPerMonth: 1_000_000,
    upstashWriteShare: 0.2,
    upstashStorageGb: 1,
    cloudflareZonePlan: "pro",
    perType: {},
    perResource: {},
});

/** Where each default comes from, for the plan command's "assumptions" footer. */
export const USAGE_NOTES: Readonly<Record<keyof ResourceUsage, string>> = Object.freeze({
    ...SERVICE_USAGE_NOTES,
    hoursPerMonth: "AWS bills a month as 730 hours",
    cloudfrontEgressGbPerMonth: "CoachMeld deployment document: CDN budget $10 for 100 GB of bandwidth a month",
    cloudfrontRequestsPerMonth: "100 GB at an average response of ~100 KB",
    cloudfrontFunctionInvocationsPerMonth: "one invocation per viewer request",
    s3StorageGbPerBucket: "app bundles and static assets of a small product",
    s3WriteRequestsPerBucket: "deploy uploads and user uploads",
    s3ReadRequestsPerBucket: "origin fetches behind a CDN",
    s3ReplicationGbPerMonth: "new or changed objects copied to the replica region",
    albLcuPerHour: "a small API: well under 25 new connections/s and 1 GB/h processed",
    nlbLcuPerHour: "as for the ALB",
    natGatewayGbPerMonth: "image pulls, package installs and third-party API calls from private subnets",
    vpcEndpointGbPerMonth: "traffic to one AWS API through PrivateLink",
    wafRequestsPerMonth: "the CloudFront request assumption",
    logIngestGbPerGroupPerMonth: "structured JSON logs of one small service",
    logNeverExpireMonths: "a never-expiring group after a year",
    flowLogGbPerMonth: "flow records of a small VPC",
    rdsDailyChangeFraction: "5 % of the allocated storage changes each day",
    snsPublishesPerMonth: "alarm and event notifications",
    sqsRequestsPerQueuePerMonth:
        "a background-job queue: ~250,000 small messages sent, received and deleted (3 requests each) plus one consumer's 20 s long polls (~130,000 receives)",
    route53QueriesPerZonePerMonth: "records are aliases to CloudFront/ALB, whose queries are free",
    cloudRunRequestsPerMonth: "the CloudFront request assumption: a small API",
    cloudRunRequestSeconds: "a typical JSON API response time; requests assumed not to overlap (conservative)",
    gcpSecretAccessesPerMonth: "secrets read at instance start and by deploys",
    gcsStorageGbPerBucket: "as for an S3 bucket: exports and assets of a small product",
    gcsClassAOpsPerBucket: "as for an S3 bucket's writes",
    gcsClassBOpsPerBucket: "as for an S3 bucket's reads",
    pubsubGibPerTopic: "event notifications of a small product (about a million 1 KB messages)",
    pubsubGibPerSubscription: "one subscriber receiving what the topic publishes",
    supabaseOrganizationPlan:
        "Pro ($25/month per organization): compute above micro, PITR and replicas need a paid plan (CoachMeld budgets Supabase at $25)",
    supabaseEgressGbPerMonth: "API and storage responses of a small app, well inside the 250 GB the Pro plan includes",
    supabaseDiskGb: "the 8 GB disk a new project is given (it grows automatically as data grows)",
    supabaseMonthlyActiveUsers: "a small product's signed-in users, well inside the 100,000 the Pro plan includes",
    vercelTeamMembers: "one deploying member; viewers are free",
    upstashCommandsPerMonth: "cache reads/writes and rate-limit counters of a small app",
    upstashWriteShare: "a read-heavy cache: one command in five writes",
    upstashStorageGb: "a cache within the free first GB",
    cloudflareZonePlan: 'Pro ($25/month per zone): what CloudflareEdge assumes by default (plan: "pro")',
});

/** The assumptions in force: defaults, then `overrides` (their `perType` and `perResource` entries are merged key by key). */
export function resolveUsage(overrides: Partial<UsageAssumptions> = {}): UsageAssumptions {
    return {
        ...DEFAULT_USAGE,
        ...overrides,
        perType: { ...DEFAULT_USAGE.perType, ...(overrides.perType ?? {}) },
        perResource: { ...DEFAULT_USAGE.perResource, ...(overrides.perResource ?? {}) },
    };
}

/** The assumptions for one resource: stack-wide ones, then its type's entry, then its entry by name, then by URN. */
export function usageFor(usage: UsageAssumptions, resource: { urn: string; name: string; type?: string }): ResourceUsage {
    const { perResource, perType, ...base } = usage;
    const byType = resource.type !== undefined ? (perType[resource.type] ?? {}) : {};
    return { ...base, ...byType, ...(perResource[resource.name] ?? {}), ...(perResource[resource.urn] ?? {}) };
}
