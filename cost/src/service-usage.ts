/**
 * Usage assumptions of the services priced on 2026-12-06 (Lambda, API Gateway, DynamoDB, Aurora, Container
 * Insights, RDS enhanced monitoring, Cloud Functions, GKE Autopilot, GitHub Actions), read through `serviceUsage`:
 * a value of the same name in the resolved usage (stack-wide, per type or per resource, e.g. from a usage file, which
 * accepts these keys like usage.ts's) wins over the default here. They stay out of `DEFAULT_USAGE`, so that a
 * value present in the usage is always an override.
 */
export const SERVICE_USAGE_DEFAULTS = {
    /** Invocations of each Lambda function a month. */
    lambdaRequestsPerMonth: 1_000_000,
    /** Average billed duration of one invocation, ms. */
    lambdaDurationMs: 200,
    /** Requests each API Gateway REST or HTTP API serves a month. */
    apiRequestsPerMonth: 1_000_000,
    /** On-demand DynamoDB write request units a table takes a month. */
    dynamodbWriteRequestsPerMonth: 1_000_000,
    /** On-demand DynamoDB read request units a table takes a month. */
    dynamodbReadRequestsPerMonth: 5_000_000,
    /** GB each DynamoDB table holds (PITR is billed on the same size). */
    dynamodbStorageGb: 10,
    /** GB each Aurora cluster holds. */
    auroraStorageGb: 20,
    /** Millions of I/O requests an Aurora Standard cluster makes a month. */
    auroraIoMillionsPerMonth: 10,
    /** Average ACUs a Serverless v2 instance runs at (its minCapacity when higher). */
    auroraServerlessAverageAcu: 1,
    /** Container Insights metrics an ECS cluster emits at the cluster level. */
    containerInsightsClusterMetrics: 10,
    /** Container Insights metrics per ECS service (service and task-definition dimensions). */
    containerInsightsMetricsPerService: 20,
    /** GB of RDSOSMetrics logs an instance with enhanced monitoring at a 60 s interval ingests a month. */
    enhancedMonitoringGbPerMonthAt60s: 0.1,
    /** Invocations of each Cloud Function (1st gen) a month. */
    functionInvocationsPerMonth: 1_000_000,
    /** Average billed seconds per Cloud Function invocation. */
    functionSeconds: 0.2,
    /** Average vCPU an Autopilot cluster's pods request all month. */
    autopilotVcpu: 0.5,
    /** Average GB an Autopilot cluster's pods request all month. */
    autopilotMemoryGb: 2,
    /**
     * Billable minutes a GitHub Actions workflow runs a month on its event triggers (push, pull request, tag; private
     * repository, before included minutes). A workflow with only `schedule` (and `workflow_dispatch`) is billed by
     * its schedule instead; set this per resource to replace either estimate.
     */
    githubWorkflowMinutesPerMonth: 300,
    /** Billed minutes of each job of one scheduled run (GitHub rounds every job up to a whole minute). */
    githubScheduledJobMinutes: 2,
    /** GB of each Redshift RA3 cluster's managed storage. */
    redshiftManagedStorageGb: 100,
} as const;

export type ServiceUsageKey = keyof typeof SERVICE_USAGE_DEFAULTS;

export function isServiceUsageKey(key: string): key is ServiceUsageKey {
    return Object.hasOwn(SERVICE_USAGE_DEFAULTS, key);
}

/** Where each default comes from, for the assumptions footer. */
export const SERVICE_USAGE_NOTES: Readonly<Record<ServiceUsageKey, string>> = {
    lambdaRequestsPerMonth: "the CloudFront request assumption: a small API",
    lambdaDurationMs: "a typical short handler",
    apiRequestsPerMonth: "the CloudFront request assumption",
    dynamodbWriteRequestsPerMonth: "a small app's writes",
    dynamodbReadRequestsPerMonth: "five reads per write",
    dynamodbStorageGb: "a small product's table",
    auroraStorageGb: "the RDS default of 20 GB",
    auroraIoMillionsPerMonth: "a small OLTP database",
    auroraServerlessAverageAcu: "an idle-most-of-the-time cluster",
    containerInsightsClusterMetrics: "an estimate of the cluster-level metric count, not a figure from AWS",
    containerInsightsMetricsPerService: "an estimate of the per-service metric count, not a figure from AWS",
    enhancedMonitoringGbPerMonthAt60s: "an estimate of the RDSOSMetrics volume, not a figure from AWS; scales with 60 / monitoringInterval",
    functionInvocationsPerMonth: "the CloudFront request assumption",
    functionSeconds: "a typical short handler",
    autopilotVcpu: "one small pod",
    autopilotMemoryGb: "one small pod",
    githubWorkflowMinutesPerMonth: "ten 30-minute runs a month",
    githubScheduledJobMinutes: "a dump, a check or a restore drill of a small database: about a minute of work, billed as two",
    redshiftManagedStorageGb: "a small warehouse",
};

/** The assumption `key` for a resource: an override of that name in `usage`, else the default. */
export function serviceUsage(usage: object, key: ServiceUsageKey): number {
    const value: unknown = Reflect.get(usage, key);
    return typeof value === "number" && Number.isFinite(value) ? value : SERVICE_USAGE_DEFAULTS[key];
}
