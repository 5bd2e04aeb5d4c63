/**
 * The reference platform: one product in the shape the five seed documents share, composed per environment.
 *
 *   web (CDN + private bucket) ─ WAF (CloudFront)          users
 *   api (ECS Fargate behind an ALB) ─ WAF (regional)  ───► Postgres (primary + replicas), Redis
 *   worker (ECS Fargate, no load balancer)             ───► Postgres, Redis
 *   monitoring (SLO alarms, dashboard, health check) and a monthly budget over all of it.
 *
 * Every difference between dev, staging and prod comes from the environment profiles of the components and
 * the keys set in Pulumi.<stack>.yaml; this file only wires components to each other.
 */
import {
    AwsBudget,
    AwsCdn,
    AwsLogBucket,
    AwsMonitoring,
    AwsNetwork,
    AwsPostgres,
    AwsRedis,
    AwsSecret,
    AwsWaf,
    AwsWebService,
    AwsWorkerService,
    stackEnvironment,
} from "@appstack/components";
import { loadConfig } from "./config";

const config = loadConfig();
// The profile every component takes, read once from the stack (its `environment` key, else its name).
const environment = stackEnvironment();

const network = new AwsNetwork("network", {});

const database = new AwsPostgres("db", {
    network,
    engineVersion: config.database.engineVersion,
    instanceClass: config.database.instanceClass,
    allocatedStorageGb: config.database.allocatedStorageGb,
    multiAz: config.database.multiAz,
    replicas: config.database.replicas,
    backupRetentionDays: config.database.backupRetentionDays,
    backupReplication: config.database.backupCopyRegion ? { region: config.database.backupCopyRegion } : undefined,
});

const cache = new AwsRedis("cache", {
    network,
    nodeType: config.cache.nodeType,
    replicas: config.cache.replicas,
});

const rateLimit = { limit: config.waf.requestsPerMinute, windowSeconds: 60 } as const;
const edgeWaf = config.waf.enabled ? new AwsWaf("edge-waf", { scope: "CLOUDFRONT", rateLimit, mode: config.waf.mode }) : undefined;
const apiWaf = config.waf.enabled ? new AwsWaf("api-waf", { scope: "REGIONAL", rateLimit, mode: config.waf.mode }) : undefined;

const web = new AwsCdn("web", {
    domain: { name: config.web.domain, hostedZoneId: config.hostedZoneId },
    spa: config.web.spa,
    webAcl: edgeWaf,
});

// Each value is a secret Output (stacks/config.ts `secretValue`): stored in Secrets Manager, never in plain inputs.
const appSecrets = config.appSecrets
    ? new AwsSecret("app-secrets", { values: config.appSecrets, keys: Object.keys(config.appSecrets) })
    : undefined;

// Both services link the database, the cache and the app secrets: each link opens the store's port, sets its
// connection variables and reads its password or token from Secrets Manager, never from plain env.
const links = [database, cache, ...(appSecrets ? [appSecrets] : [])];
const sharedEnv = { NODE_ENV: environment === "dev" ? "development" : "production" };

// Access logs of the API's load balancer: who called what, kept 90 days (off in dev to keep it cheap).
const apiAccessLogs = (config.api.accessLogs ?? environment !== "dev") ? new AwsLogBucket("api-access-logs", {}) : undefined;

const api = new AwsWebService("api", {
    network,
    image: config.api.image,
    port: config.api.port,
    cpu: config.api.cpu,
    memory: config.api.memory,
    healthCheckPath: config.api.healthCheckPath,
    autoscaling: { min: config.api.minTasks, max: config.api.maxTasks },
    loadBalancer: {
        domain: { name: config.api.domain, hostedZoneId: config.hostedZoneId },
        webAcl: apiWaf,
        accessLogs: apiAccessLogs ? { bucket: apiAccessLogs.bucketName, prefix: "api" } : undefined,
    },
    env: { ...sharedEnv, PORT: String(config.api.port) },
    links,
});

const worker = new AwsWorkerService("worker", {
    network,
    image: config.worker.image,
    command: config.worker.command,
    autoscaling: { min: config.worker.minTasks, max: config.worker.maxTasks },
    env: sharedEnv,
    links,
});

const monitoring = new AwsMonitoring("monitoring", {
    // The webhook URL is read from a secret config value; the component keeps it secret in the subscription.
    notify: { emails: config.monitoring.alertEmails, webhookUrl: config.alertWebhookUrl },
    slo: { availability: config.monitoring.availabilityPercent / 100, latencyMs: config.monitoring.latencyP95Ms },
    monitor: [api, worker, database, cache],
});

const budget = new AwsBudget("budget", {
    monthlyLimitUsd: config.budget.monthlyUsd,
    emails: config.budget.emails,
    topic: monitoring,
});

export const webUrl = web.url;
export const apiUrl = api.url;
export const databaseHost = database.connection.host;
export const alarmTopicArn = monitoring.topicArn;
export const budgetName = budget.budgetName;
