/**
 * TechMate AI (seeds/003_af9aa3c9dd59b1d2.txt, "DevOps and Deployment Summary"), one stack per environment:
 *
 *   web (Vercel: project, domain, firewall 100/min per IP) ──► api-edge (staging, prod: load balancer, Cloud Armor 100/min
 *   per user) ──► api (Cloud Run, 2-50 instances in prod, probes on /health/ready and /health/live) ──► Postgres with
 *   pgvector (Supabase, PITR), Redis + Bull queues (Upstash)
 *   secrets (Secret Manager: DATABASE_URL, REDIS_URL, app keys; read by the API's own service account)
 *   monitoring (uptime on /health, p95 and 5xx alerts, email + Slack), Sentry (api, web, mobile), GCP budget
 *   pipeline (GitHub environment per stack; prod commits ci, deploy-staging, deploy-production, mobile-release)
 *
 * Composition only: every difference between dev, staging and prod comes from the components' environment profiles
 * and the keys set in Pulumi.<stack>.yaml.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    GcpApiEdge,
    GcpBudget,
    GcpCloudRunService,
    GcpDatabaseExport,
    GcpMonitoring,
    GcpSecrets,
    SentryProjects,
    SupabasePostgres,
    UpstashRedis,
    VercelWebApp,
    easJson,
    stackEnvironment,
} from "@appstack/components";
import { loadConfig } from "./config";
import { GithubDeliveryPipeline } from "./pipeline";
import { ciCheckNames, techmateWorkflows } from "./workflows";

const config = loadConfig();
// The profile every component takes, read once from the stack (its `environment` key, else its name).
const environment = stackEnvironment();
const production = environment === "prod";

const database = new SupabasePostgres("db", {
    organizationId: config.database.organizationId,
    region: config.database.region,
    instanceSize: config.database.instanceSize,
    pointInTimeRecoveryDays: config.database.pointInTimeRecoveryDays,
    recoveryPointObjectiveMinutes: config.database.recoveryPointObjectiveMinutes,
});

// Cache and Bull queues: eviction stays off (an evicted job key loses the job), spend capped per month.
const redis = new UpstashRedis("redis", {
    primaryRegion: config.redis.primaryRegion,
    readRegions: config.redis.readRegions,
    budget: config.redis.monthlyCapUsd,
    eviction: false,
});

const sentry = new SentryProjects("sentry", {
    organization: config.sentry.organization,
    teams: [config.sentry.team],
    // "Alerting": Sentry's error-rate and performance alerts e-mail the team and, in prod, post to the Slack channel.
    slack:
        config.sentry.slackWorkspace !== undefined && config.monitoring?.slackChannel !== undefined
            ? { workspace: config.sentry.slackWorkspace, channel: config.monitoring.slackChannel }
            : undefined,
    apps: [
        { name: "api", platform: "node", p95LatencyMs: config.monitoring?.apiLatencyP95Ms },
        // Web page load p95 < 2 s: only the browser sees it, so Sentry's performance data alerts on it.
        { name: "web", platform: "javascript-react", p95LatencyMs: config.monitoring?.webLatencyP95Ms },
        { name: "mobile", platform: "react-native" },
    ],
});

// Session pooler (port 5432) for migrations and the exports, which need session features (CREATE EXTENSION vector, advisory locks).
const migrationUrl = database.poolerUrl("session");

const secrets = new GcpSecrets("secrets", {
    values: {
        // Transaction pooler (port 6543) for the API: many short-lived Cloud Run instances, few Postgres connections.
        DATABASE_URL: database.poolerUrl("transaction"),
        REDIS_URL: redis.redisUrl,
        ...Object.fromEntries(Object.entries(config.appSecrets).map(([name, value]) => [name, pulumi.secret(value)])),
    },
    // "Rotation: Quarterly for production secrets": Secret Manager publishes SECRET_ROTATE every 90 days and the
    // on-call addresses are told to set new values (the values come from Supabase, Upstash and config: see README).
    rotation: config.secretsRotation
        ? {
              periodDays: config.secretsRotation.periodDays,
              firstRotation: config.secretsRotation.firstRotation,
              emails: config.monitoring?.alertEmails ?? [],
          }
        : undefined,
});

const webUrl = config.domains ? `https://${config.domains.web}` : undefined;
const api = new GcpCloudRunService("api", {
    image: config.api.image,
    port: config.api.port,
    cpu: config.api.cpu,
    memory: config.api.memory,
    minInstances: config.api.minInstances,
    maxInstances: config.api.maxInstances,
    // Behind the edge (staging, prod) the domain is the load balancer's and the run.app URL refuses direct requests;
    // the load balancer invokes without an identity token, hence still `public`.
    domain: config.edge ? undefined : config.domains?.api,
    ingress: config.edge ? "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER" : undefined,
    public: true,
    env: {
        NODE_ENV: environment === "dev" ? "development" : "production",
        APP_ENV: environment,
        LOG_FORMAT: "json",
        // The API's own per-user counter (Redis, by user id), behind the edge's per-token limit (README "Rate limiting").
        RATE_LIMIT_PER_USER_PER_MINUTE: String(config.api.rateLimitPerUserPerMinute),
        ...(webUrl ? { CORS_ORIGINS: webUrl } : {}),
    },
    links: [secrets, sentry.link("api")],
    // The Bull workers run in the API's process (the document has one backend container and no worker service): CPU
    // always allocated (instance-based billing) and at least one instance, or jobs stall between requests.
    backgroundWork: true,
    // CI deploys new images as revisions (deploy-staging.yml, deploy-production.yml): Pulumi must not roll them back.
    imageDeployedExternally: true,
});
// "Rate Limiting: 100 req/min per user" where the requests pass: Cloud Armor on a global external load balancer throttles
// per Authorization header value, and per IP what carries none (README "Rate limiting"). Staging and prod only.
const apiEdge =
    config.edge && config.domains
        ? new GcpApiEdge("api-edge", {
              service: api,
              domain: config.domains.api,
              userRateLimit: { requests: config.edge.userRequestsPerMinute, intervalSeconds: 60, header: "Authorization" },
              ipRateLimit: { requests: config.edge.ipRequestsPerMinute, intervalSeconds: 60 },
          })
        : undefined;
const apiUrl = config.domains ? pulumi.output(`https://${config.domains.api}`) : api.url;

const web = new VercelWebApp("web", {
    teamId: config.web.teamId,
    framework: config.web.framework,
    rootDirectory: config.web.rootDirectory,
    domain: config.domains?.web,
    env: { VITE_APP_ENV: environment },
    // The API on its domain: the load balancer's behind the edge, else the service's mapped domain, else run.app.
    links: [api.link("VITE_API_URL", apiEdge?.url), sentry.link("web", "VITE_SENTRY_DSN")],
    rateLimit: { requests: config.web.rateLimitPerMinute, windowSeconds: 60 },
});

const monitoring = config.monitoring
    ? new GcpMonitoring("monitoring", {
          notify: {
              emails: config.monitoring.alertEmails,
              // A token without a channel names the empty channel, which the component rejects.
              slack:
                  config.monitoring.slackChannel !== undefined || config.slackAuthToken !== undefined
                      ? { channel: config.monitoring.slackChannel ?? "", authToken: config.slackAuthToken }
                      : undefined,
          },
          monitor: [api],
          // Behind the edge the run.app URL refuses outside callers: the uptime check calls the domain on the load balancer.
          uptimeHost: apiEdge?.domain,
          slo: { availability: config.monitoring.availabilityPercent / 100, latencyMs: config.monitoring.apiLatencyP95Ms },
      })
    : undefined;
const channelCount = config.monitoring ? config.monitoring.alertEmails.length + (config.monitoring.slackChannel ? 1 : 0) : 0;

const budget = new GcpBudget("budget", {
    billingAccount: config.budget.billingAccount,
    amountUsd: config.budget.gcpMonthlyUsd,
    notificationChannels: monitoring
        ? Array.from({ length: Math.min(channelCount, 5) }, (_, i) => monitoring.notificationChannelNames.apply((names) => names[i] ?? ""))
        : undefined,
});

const pipeline = config.pipeline
    ? new GithubDeliveryPipeline("pipeline", {
          repository: config.pipeline.repository,
          githubEnvironment: config.pipeline.githubEnvironment,
          reviewers: config.pipeline.reviewers,
          allowedBranches: ["main"],
          allowedTags: config.pipeline.githubEnvironment === "production" ? ["mobile-v*"] : undefined,
          variables: {
              GCP_PROJECT: new pulumi.Config("gcp").require("project"),
              GCP_REGION: api.location,
              CLOUD_RUN_SERVICE: api.serviceName,
              ARTIFACT_REGISTRY: config.pipeline.artifactRegistry,
              GCP_WORKLOAD_IDENTITY_PROVIDER: config.pipeline.gcpWorkloadIdentityProvider,
              GCP_DEPLOY_SERVICE_ACCOUNT: config.pipeline.gcpDeployServiceAccount,
              VERCEL_TEAM_ID: config.web.teamId,
              VERCEL_PROJECT_ID: web.projectId,
              API_URL: apiUrl,
              WEB_URL: web.productionUrl,
          },
          secrets: {
              DATABASE_URL: migrationUrl,
              ...(config.vercelDeployToken ? { VERCEL_TOKEN: config.vercelDeployToken } : {}),
              ...(config.expoToken && production ? { EXPO_TOKEN: config.expoToken } : {}),
          },
          repositorySecrets:
              config.pipeline.commitWorkflows && config.slackWebhookUrl ? { SLACK_WEBHOOK_URL: config.slackWebhookUrl } : undefined,
          files: config.pipeline.commitWorkflows
              ? {
                    ...techmateWorkflows(),
                    "apps/mobile/eas.json": easJson({ submit: { ios: { ascAppId: config.pipeline.appStoreConnectAppId } } }),
                }
              : undefined,
          // "GitHub: Branch protection, required reviews": main takes pull requests with approvals and a green CI.
          branchProtection: config.pipeline.branchProtection
              ? {
                    branch: config.pipeline.branchProtection.branch,
                    requiredApprovals: config.pipeline.branchProtection.requiredApprovals,
                    requiredChecks: ciCheckNames(),
                }
              : undefined,
      })
    : undefined;

// "Database Backups: Daily automated backups, Retention: 30 days, Testing: Monthly restore tests, Location: Same region
// as database": Supabase keeps 7 days of backups (PITR 7 days, the RPO 1 h mechanism); a daily pg_dump from a GitHub
// Actions schedule into a Cloud Storage bucket in the database's region (US-EAST4, N. Virginia, like Supabase's
// us-east-1) keeps the 30, and a monthly drill restores the newest into a throwaway Supabase Postgres (README "Backups").
const dbExport =
    config.databaseExport !== undefined && config.pipeline !== undefined
        ? new GcpDatabaseExport("db-export", {
              connectionString: migrationUrl,
              postgresVersion: 17,
              repository: `${new pulumi.Config("github").require("owner")}/${config.pipeline.repository}`,
              branch: "main",
              location: config.databaseExport.location,
              schedule: config.databaseExport.schedule,
              retentionDays: config.databaseExport.retentionDays,
              // Nearline from the first day: read once a month by the drill; its 30-day minimum equals the retention.
              archiveAfterDays: 0,
              archiveStorageClass: "NEARLINE",
              restoreSchedule: config.databaseExport.restoreSchedule,
              // A monthly drill must still find a daily export: at most 26 h old.
              maxExportAgeHours: 26,
              restoreImage: "supabase/postgres:17.6.1.132",
              restoreUser: "supabase_admin",
          })
        : undefined;

export const webProductionUrl = web.productionUrl;
export const apiServiceUrl = api.url;
export { apiUrl };
export const apiDomainRecords = apiEdge?.dnsRecords ?? api.domainRecords ?? [];
export const apiEdgeLimits = apiEdge?.limits;
export const databaseProjectRef = database.projectRef;
export const databasePitrDays = database.pitrDays;
export const redisEndpoint = redis.endpoint;
export const sentryDsns = sentry.dsns;
export const budgetName = budget.budgetName;
export const githubEnvironment = pipeline?.environmentName ?? "none";
export const databaseExport = dbExport
    ? {
          bucket: dbExport.bucketName,
          location: dbExport.location,
          retentionDays: dbExport.retentionDays,
          ...dbExport.schedules,
          workflows: Object.keys(dbExport.files),
      }
    : undefined;
