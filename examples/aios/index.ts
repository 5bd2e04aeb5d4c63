/**
 * AIOS (seeds/002, "Deployment Architecture"): the Express API server, its database, cache, CDN, security layers,
 * monitoring, error tracking and the Expo app's pipeline, composed per environment from the document's
 * "Environment Comparison" table. Every difference between dev, staging and prod is a key of Pulumi.<stack>.yaml
 * (each commented with its row of the table); this file only passes components to each other.
 *
 *   users ─► [WAF] ─► load balancer (HTTPS, TLS 1.3) ─► API (ECS Fargate, port 5000) ─► Postgres primary ─► replica
 *                                                                                     └► Redis
 *   users ─► [WAF] ─► CDN (static assets, prod)            Sentry (staging, prod)   alarms + dashboard   budget
 */
import * as pulumi from "@pulumi/pulumi";
import {
    AwsBudget,
    AwsCdn,
    AwsMonitoring,
    AwsNetwork,
    AwsPostgres,
    AwsRedis,
    AwsSecret,
    AwsWaf,
    AwsWebService,
    GithubMobilePipeline,
    GithubServerPipeline,
    SentryProjects,
} from "@appstack/components";
import { MONITORING_LEVELS, loadConfig } from "./config";

const config = loadConfig();
const monitoringLevel = MONITORING_LEVELS[config.monitoring.level];
const apiUrl = `https://${config.server.apiDomain}`;

const network = new AwsNetwork("network", {});

// Database: mock → none (the API's in-memory store); cloud → one instance; replicated → Multi-AZ + read replica.
// Backups: RDS automated backups = a daily snapshot + write-ahead logs every 5 minutes (point-in-time recovery).
const database =
    config.database.mode === "mock"
        ? undefined
        : new AwsPostgres("db", {
              network,
              instanceClass: config.database.instanceClass,
              allocatedStorageGb: config.database.allocatedStorageGb,
              multiAz: config.database.mode === "replicated",
              replicas: config.database.mode === "replicated" ? config.database.replicas : 0,
              backupRetentionDays: config.database.backupRetentionDays,
              backupReplication: config.database.backupCopyRegion ? { region: config.database.backupCopyRegion } : undefined,
              logMinDurationStatementMs: config.database.slowQueryLogMs,
              databaseName: "aios",
          });

// Cache: memory → the API's in-process cache; redis → ElastiCache (TLS, AUTH token in Secrets Manager).
const cache =
    config.cache.mode === "redis"
        ? new AwsRedis("cache", { network, nodeType: config.cache.nodeType, replicas: config.cache.replicas })
        : undefined;

// Rate limiting: disabled → no web ACL; relaxed / enforced → per-IP rate rule that blocks (document: 100 req/min per IP).
const rateLimit = { limit: config.rateLimit.requestsPerMinute, windowSeconds: 60 } as const;
const withWaf = config.rateLimit.level !== "disabled";
const apiWaf = withWaf ? new AwsWaf("api-waf", { scope: "REGIONAL", rateLimit, mode: "block" }) : undefined;

// The "+ CDN" of production's cache row: static assets on CloudFront, behind its own (CLOUDFRONT) web ACL.
const cdnWaf = config.cdn && withWaf ? new AwsWaf("cdn-waf", { scope: "CLOUDFRONT", rateLimit, mode: "block" }) : undefined;
const cdn = config.cdn
    ? new AwsCdn("assets", {
          domain: { name: config.cdn.domain, hostedZoneId: config.hostedZoneId },
          webAcl: cdnWaf,
          minimumProtocolVersion: config.tls.cdnMinimumProtocolVersion,
      })
    : undefined;

// Error tracking: Sentry staging / Sentry production, one project per app; absent in dev (local only).
const sentry = config.sentry
    ? new SentryProjects("sentry", {
          organization: config.sentry.organization,
          teams: config.sentry.teams,
          apps: [
              { name: "mobile", platform: "react-native" },
              { name: "api", platform: "node-express", p95LatencyMs: config.monitoring.latencyP95Ms },
          ],
      })
    : undefined;

const appSecrets = new AwsSecret("app-secrets", { values: pulumi.secret({ JWT_SECRET: config.jwtSecret }), keys: ["JWT_SECRET"] });

const api = new AwsWebService("api", {
    network,
    image: config.server.image,
    port: config.server.port,
    cpu: config.server.cpu,
    memory: config.server.memory,
    healthCheckPath: config.server.healthCheckPath,
    // Auto-scaling: No → a fixed task count (min = max); Yes → bounds with CPU tracked at 60 % (< 70 % average).
    autoscaling: config.server.autoscaling
        ? { min: config.server.autoscaling.minTasks, max: config.server.autoscaling.maxTasks, cpuTargetPercent: 60 }
        : { min: config.server.tasks, max: config.server.tasks },
    logRetentionDays: monitoringLevel.logRetentionDays,
    // API_URL's name (api.aios.app) first, the web domain (aios.app, EXPO_PUBLIC_DOMAIN) on the same certificate.
    loadBalancer: {
        domain: { name: config.server.apiDomain, aliases: [config.server.domain], hostedZoneId: config.hostedZoneId },
        webAcl: apiWaf,
        sslPolicy: config.tls.loadBalancerSslPolicy,
    },
    env: {
        NODE_ENV: config.nodeEnv,
        PORT: String(config.server.port),
        EXPO_PUBLIC_DOMAIN: config.server.domain,
        API_URL: apiUrl,
        // The links below set DATABASE_* (and DATABASE_PASSWORD) and REDIS_* (and REDIS_AUTH_TOKEN) when they exist.
        DB_DRIVER: database ? "postgres" : "memory",
        CACHE_DRIVER: cache ? "redis" : "memory",
        ...(sentry && { SENTRY_ENVIRONMENT: config.nodeEnv }),
        ANALYTICS_ENABLED: String(config.analytics.sampleRate > 0),
        ANALYTICS_SAMPLE_RATE: config.analytics.sampleRate.toFixed(1),
    },
    // ASSETS_URL (the CDN) and SENTRY_DSN (the api project) come from links too.
    links: [
        appSecrets,
        ...(database ? [database] : []),
        ...(cache ? [cache] : []),
        ...(cdn ? [cdn.link("ASSETS_URL")] : []),
        ...(sentry ? [sentry.link("api")] : []),
    ],
});

// Monitoring: console → logs only; basic → the API's SLO, CPU, memory alarms and uptime check; full → also the
// database and cache alarms, and the dashboard.
const monitoring =
    monitoringLevel.alarms === "none"
        ? undefined
        : new AwsMonitoring("monitoring", {
              notify: { emails: config.monitoring.alertEmails, webhookUrl: config.alertWebhookUrl },
              slo: { availability: config.monitoring.availabilityPercent / 100, latencyMs: config.monitoring.latencyP95Ms },
              monitor: [
                  api.monitoring({ cpuPercent: config.monitoring.cpuPercent, memoryPercent: config.monitoring.memoryPercent }),
                  // "Database Queries: < 50ms average", from the engine's own figures (see AwsPostgresSignals.queryLatencyMs).
                  ...(monitoringLevel.alarms === "all" && database
                      ? [database.monitoring({ queryLatencyMs: config.monitoring.dbQueryLatencyMs })]
                      : []),
                  ...(monitoringLevel.alarms === "all" && cache ? [cache] : []),
              ],
              healthCheckPath: config.server.healthCheckPath,
              dashboard: monitoringLevel.dashboard,
          });

const budget = new AwsBudget("budget", { monthlyLimitUsd: config.budget.monthlyUsd, emails: config.budget.emails, topic: monitoring });

// The Expo app's pipeline: GitHub environments staging and production, EAS build/update/release workflows, eas.json.
if (config.mobile) {
    const m = config.mobile;
    const variables = (domain: string, apiDomain: string, sampleRate: number, sentryDsn: pulumi.Input<string> | undefined) => ({
        EXPO_PUBLIC_DOMAIN: domain,
        EXPO_PUBLIC_API_URL: `https://${apiDomain}`,
        EXPO_PUBLIC_ANALYTICS_SAMPLE_RATE: sampleRate.toFixed(1),
        ...(sentryDsn !== undefined && { EXPO_PUBLIC_SENTRY_DSN: sentryDsn }),
    });
    const tokens = { EXPO_TOKEN: m.expoToken, ...(m.sentryAuthToken !== undefined && { SENTRY_AUTH_TOKEN: m.sentryAuthToken }) };
    new GithubMobilePipeline("mobile", {
        repository: m.repository,
        framework: "expo",
        productionReviewers: m.productionReviewers,
        stagingBranch: m.stagingBranch,
        productionBranch: m.productionBranch,
        releaseTagPattern: m.releaseTagPattern,
        workingDirectory: m.workingDirectory,
        // `eas submit --non-interactive` (production builds and the v* release) needs it for iOS.
        appStoreConnectAppId: m.appStoreConnectAppId,
        // Workflow files live on the staging branch (main, the default branch) so every trigger sees them.
        commitBranch: m.stagingBranch,
        secrets: { staging: tokens, production: tokens },
        variables: {
            staging: variables(m.staging.domain, m.staging.apiDomain, m.staging.analyticsSampleRate, m.staging.sentryDsn),
            production: variables(config.server.domain, config.server.apiDomain, config.analytics.sampleRate, sentry?.dsns["mobile"]),
        },
    });

    // The server's pipeline ("CI/CD Pipeline", "Feature Deployment", "Hotfix Deployment"): main runs the full suite,
    // builds client and server, deploys staging (`pulumi up`) and runs E2E; feature branches run the fast suite; a
    // `v*` tag runs the same chain for that commit, then production after its reviewers; the hotfix workflow goes from
    // main straight to production and probes /health for 15 minutes. CodeQL and dependency scanning ("Security
    // Measures"). Same repository as the app: its own environments, `api-staging` and `api-production`.
    if (m.server) {
        const region = new pulumi.Config("aws").require("region");
        new GithubServerPipeline("server-pipeline", {
            repository: m.repository,
            options: {
                cloud: "aws",
                infrastructureDirectory: m.server.infrastructureDirectory,
                policyPack: "policies",
                scripts: { build: ["expo:static:build", "server:build"] },
            },
            environmentNames: { staging: "api-staging", production: "api-production", qa: "api-qa" },
            productionReviewers: m.server.productionReviewers,
            workflows: {
                ci: { branches: ["main"], fullTestBranches: ["main"], featureBranches: true },
                codeql: { branches: ["main"] },
                dependencyReview: { branches: ["main"] },
                promote: { stagingBranches: ["main"], tagPattern: m.releaseTagPattern },
                hotfix: { branch: "main", healthPath: config.server.healthCheckPath, monitorMinutes: 15 },
            },
            secrets: {
                staging: { PULUMI_ACCESS_TOKEN: m.server.stagingPulumiToken },
                production: { PULUMI_ACCESS_TOKEN: m.server.productionPulumiToken },
            },
            variables: {
                staging: { APP_URL: `https://${m.staging.apiDomain}`, AWS_DEPLOY_ROLE_ARN: m.server.stagingRoleArn, AWS_REGION: region },
                production: { APP_URL: apiUrl, AWS_DEPLOY_ROLE_ARN: m.server.productionRoleArn, AWS_REGION: region },
            },
        });
    }
}

export const serverUrl = api.url;
export const assetsUrl = cdn?.url;
export const databaseHost = database?.connection.host;
export const mobileSentryDsn = sentry?.dsns["mobile"];
export const alarmTopicArn = monitoring?.topicArn;
export const budgetName = budget.budgetName;
