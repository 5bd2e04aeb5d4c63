/**
 * InteliFeed Hub (seeds/001_0428c3bab62c29d7.txt, "Deployment Architecture"), one stack per environment:
 *
 *   users ─► Cloudflare (apex, www, app.<zone>: WAF, rate limit, cache rules, tenant-redirect Worker) ─► Vercel
 *   tenants ─► <slug>.<tenantBase> (wildcard, Vercel DNS) and tenant custom domains ─► Vercel (firewall, bot protection)
 *   Vercel (web app + /api functions in iad1) ─► Supabase: Postgres (PITR; prod: read replica in a second region),
 *            Auth, Storage, Edge Functions, Realtime
 *   Capacitor apps ◄─ GitHub Actions (native builds, live updates per channel, store releases behind reviewers)
 *   Sentry (web, mobile), Cloud Monitoring uptime checks + SLOs (99.9 %, 95 % < 500 ms), a Cloud Billing budget.
 *
 * Every difference between dev, staging and prod comes from the components' environment profiles and the keys set in
 * Pulumi.<stack>.yaml; this file only wires components to each other.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
    CloudflareEdge,
    GcpBudget,
    GcpDatabaseExport,
    GithubMobilePipeline,
    GithubServerPipeline,
    SentryProjects,
    SupabasePostgres,
    UptimeChecks,
    VercelWebApp,
    stackEnvironment,
} from "@appstack/components";
import { loadConfig } from "./config";

const config = loadConfig();
// The profile every component takes, read once from the stack (its `environment` key, else its name).
const environment = stackEnvironment();
const gcpProject = new pulumi.Config("gcp").require("project");
const appUrl = `https://${config.domains.app}`;
const tenantWildcard = `*.${config.domains.tenantBase}`;

// "Supabase Services": one project = Postgres, Auth, Storage (with its CDN), Edge Functions and Realtime.
// "Backup and Disaster Recovery": PITR (WAL archived continuously, RPO minutes) in staging and prod, checked against
// the RPO of 1 hour; "Horizontal Scaling: Read replica creation" / "Multi-region": prod adds a replica in a second region.
const database = new SupabasePostgres("db", {
    organizationId: config.database.organizationId,
    region: config.database.region,
    instanceSize: config.database.instanceSize,
    pointInTimeRecoveryDays: config.database.pointInTimeRecoveryDays,
    recoveryPointObjectiveMinutes: config.database.rpoMinutes,
    readReplicaRegions: config.database.readReplicaRegions,
    // "Database Health: Connection pool monitoring and query performance": cut runaway queries.
    postgresConfig: { statement_timeout: "30s" },
});

// "Error Monitoring: Sentry integration"; "Frontend Health: Client-side error tracking"; the latency SLO on real
// requests (p95 of transactions, which the synthetic probes below can only approximate).
const sentry = new SentryProjects("sentry", {
    organization: config.sentry.organization,
    teams: config.sentry.teams,
    apps: [
        { name: "web", platform: "javascript-react", p95LatencyMs: config.monitoring.latencyP95Ms },
        { name: "mobile", platform: "capacitor" },
    ],
});

const publicEnv = {
    VITE_APP_URL: appUrl,
    VITE_TENANT_BASE_DOMAIN: config.domains.tenantBase,
};

// "Hosting: Supabase Static Hosting or Vercel/Netlify" → Vercel: tenant wildcard subdomains and per-tenant custom
// domains with automatic certificates ("SSL/TLS: Automatic certificate management"), a global edge network, preview
// deployments and instant rollback ("Controlled releases with rollback capability"). Each tenant's domain is a
// resource named from its slug: adding a tenant adds one resource and renames none.
const web = new VercelWebApp("web", {
    teamId: config.web.teamId,
    framework: config.web.framework,
    functionRegion: config.web.functionRegion,
    gitRepository: config.web.gitRepository,
    domain: config.domains.app,
    tenantWildcardDomain: tenantWildcard,
    tenants: config.tenants,
    env: { ...publicEnv, SENTRY_ENVIRONMENT: environment },
    links: [database.clientLink("VITE_"), sentry.link("web", "VITE_SENTRY_DSN")],
    // Server-side only (/api functions: tenant provisioning, health): it bypasses row-level security, so it is
    // sensitive and given to production deployments only, never to previews of unreviewed branches.
    secrets: { SUPABASE_SERVICE_ROLE_KEY: { production: database.serviceRoleKey.apply((key) => key ?? "") } },
    // Behind Cloudflare's proxy (the app host) Vercel sees Cloudflare's addresses, not the clients': Cloudflare
    // enforces the per-IP limit there, and Vercel's rule counts only the hosts that reach it directly (tenant
    // subdomains and custom domains), so it never throttles a whole Cloudflare data centre.
    rateLimit: { requests: config.web.requestsPerMinute, windowSeconds: 60, exceptHosts: [config.domains.app] },
});

// "DDoS Protection", "WAF", "Bot Management", "Edge Network", "Caching Strategy" in front of the shared app:
// Cloudflare Managed + OWASP rulesets, per-IP rate limit, static assets cached at the edge, strict TLS. The tenant
// subdomains are delegated to Vercel DNS (wildcard certificates need it); the Worker redirects the apex, www and
// path-style tenant links (/t/<slug>) to the tenant's own host.
const edge = new CloudflareEdge("edge", {
    zoneId: config.edge.zoneId,
    accountId: config.edge.accountId,
    plan: config.edge.plan,
    records: [
        { name: config.domains.app, type: "CNAME", content: "cname.vercel-dns.com", comment: "shared web app on Vercel" },
        // Originless: only the Worker answers on the apex and www (redirects to the app).
        { name: config.domains.apex, type: "A", content: "192.0.2.1", comment: "redirected to the app by the Worker" },
        { name: `www.${config.domains.apex}`, type: "CNAME", content: config.domains.apex, comment: "redirected to the app by the Worker" },
        {
            name: config.domains.tenantBase,
            type: "NS",
            content: "ns1.vercel-dns.com",
            ttl: 3600,
            key: "vercel-1",
            comment: "tenant subdomains: Vercel DNS (wildcard certificate)",
        },
        {
            name: config.domains.tenantBase,
            type: "NS",
            content: "ns2.vercel-dns.com",
            ttl: 3600,
            key: "vercel-2",
            comment: "tenant subdomains: Vercel DNS (wildcard certificate)",
        },
    ],
    rateLimits: [{ name: "per-ip", expression: 'starts_with(http.request.uri.path, "/")', ...config.edge.rateLimit }],
    cache: { bypassPathPrefixes: ["/api/", "/auth/"] },
    worker: {
        name: "tenant-router",
        contentFile: path.join(__dirname, "edge", "worker.js"),
        routes: [`${config.domains.apex}/*`, `www.${config.domains.apex}/*`, `${config.domains.app}/t/*`],
        vars: {
            APP_HOST: config.domains.app,
            TENANT_BASE: config.domains.tenantBase,
            TENANTS: JSON.stringify(Object.fromEntries(config.tenants.map((t) => [t.slug, t.customDomain ?? ""]))),
        },
    },
});

// "Mobile Applications": Capacitor builds per branch, "Updates: Over-the-air (OTA) updates via Capacitor Live
// Updates" per channel, store releases on tags; production behind required reviewers ("Approval Workflows").
// One stack manages a repository's pipeline (prod: the real repository; dev: a sandbox one; staging: none).
const mobileSecret = (env: "staging" | "production") =>
    Object.fromEntries(Object.entries(config.mobileSecrets?.[env] ?? {}).map(([name, value]) => [name, pulumi.secret(value)]));
const mobile = config.mobile
    ? new GithubMobilePipeline("mobile", {
          repository: config.mobile.repository,
          framework: "capacitor",
          productionReviewers: config.mobile.productionReviewers,
          stagingBranch: config.mobile.stagingBranch,
          productionBranch: config.mobile.productionBranch,
          liveUpdate: { command: config.mobile.liveUpdateCommand, secretEnv: { CAPGO_TOKEN: "CAPGO_TOKEN" } },
          // "iOS: App Store distribution", "Android: Google Play Store distribution": the `mobile-v*` release signs
          // and uploads (Play internal track, App Store Connect → TestFlight) with the production environment's
          // signing secrets (CAPACITOR_STORE_SECRETS), which the component requires.
          stores: config.mobile.stores,
          secrets: { staging: mobileSecret("staging"), production: mobileSecret("production") },
          variables: {
              staging: config.mobile.stagingVariables,
              // The pipeline takes variables, not links: the client link's variables, as the web app gets them.
              production: { ...publicEnv, ...database.clientLink("VITE_").env, VITE_SENTRY_DSN: sentry.dsns["mobile"] },
          },
      })
    : undefined;

// "Deployment Pipeline": CI (unit, integration tests; lint, type-check; dependency and CodeQL scans) on pull
// requests; "Staging: Daily deployments" by `pulumi up` on a daily schedule from develop (the staging Vercel project
// has no Git connection, so commits no longer deploy it); "Manual QA" as the `qa` environment's required reviewers,
// then "Production Deployment" (its own reviewers) with "Automated rollback on failure". Environments `web-staging`
// and `web-production`: `staging` and `production` of the same repository belong to the mobile pipeline.
const pipelineSecret = (env: "staging" | "production") =>
    Object.fromEntries(Object.entries(config.pipelineSecrets?.[env] ?? {}).map(([name, value]) => [name, pulumi.secret(value)]));
const webPipeline = config.pipeline
    ? new GithubServerPipeline("web-pipeline", {
          repository: config.pipeline.repository,
          options: {
              cloud: "gcp",
              vercel: true,
              infrastructureDirectory: config.pipeline.infrastructureDirectory,
              policyPack: "policies",
              stacks: { staging: "staging", production: "prod" },
          },
          environmentNames: { staging: "web-staging", production: "web-production", qa: "qa" },
          productionReviewers: config.pipeline.productionReviewers,
          qaReviewers: config.pipeline.qaReviewers,
          workflows: {
              ci: { branches: ["main", config.pipeline.stagingBranch] },
              codeql: { branches: ["main", config.pipeline.stagingBranch] },
              scheduledStaging: { branch: config.pipeline.stagingBranch, cron: config.pipeline.stagingCron },
              qaRelease: { tagPattern: "v*" },
          },
          secrets: { staging: pipelineSecret("staging"), production: pipelineSecret("production") },
          variables: {
              staging: {
                  APP_URL: config.pipeline.stagingAppUrl,
                  VERCEL_TEAM_ID: config.web.teamId,
                  GCP_WORKLOAD_IDENTITY_PROVIDER: config.pipeline.gcpWorkloadIdentityProvider,
                  GCP_DEPLOY_SERVICE_ACCOUNT: config.pipeline.gcpDeployServiceAccount,
              },
              production: {
                  APP_URL: appUrl,
                  VERCEL_TEAM_ID: config.web.teamId,
                  GCP_WORKLOAD_IDENTITY_PROVIDER: config.pipeline.gcpWorkloadIdentityProvider,
                  GCP_DEPLOY_SERVICE_ACCOUNT: config.pipeline.gcpDeployServiceAccount,
              },
          },
      })
    : undefined;

// "Data Backup": "Daily full backups, hourly incremental backups", "Geographically distributed backup storage",
// "Encrypted backup data at rest", "Regular backup restoration testing". PITR stays the RPO 1 h mechanism; these
// pg_dump exports (daily kept 30 days, hourly kept 2) go from a GitHub Actions schedule to one Cloud Storage bucket in
// the NAM4 dual-region (Iowa + South Carolina: neither is N. Virginia, where the primary runs), turbo-replicated so
// each export is in both regions within 15 minutes; a weekly drill restores the newest (README "Backups").
const dbExport =
    config.databaseExport !== undefined && config.pipeline !== undefined
        ? new GcpDatabaseExport("db-export", {
              project: gcpProject,
              // Session pooler (5432): pg_dump cannot use the transaction pooler.
              connectionString: database.poolerUrl("session"),
              postgresVersion: 17,
              repository: `${new pulumi.Config("github").require("owner")}/${config.pipeline.repository}`,
              branch: "main",
              location: config.databaseExport.location,
              turboReplication: config.databaseExport.turboReplication,
              schedule: config.databaseExport.schedule,
              frequentSchedule: config.databaseExport.frequentSchedule,
              frequentRetentionDays: config.databaseExport.frequentRetentionDays,
              retentionDays: config.databaseExport.retentionDays,
              restoreSchedule: config.databaseExport.restoreSchedule,
              // The drill must find an hourly export: at most 3 h old.
              maxExportAgeHours: 3,
              restoreImage: "supabase/postgres:17.6.1.132",
              restoreUser: "supabase_admin",
          })
        : undefined;

// "Service Level Objectives": 99.9 % availability and 95 % of requests < 500 ms as Cloud Monitoring uptime checks from
// every checker region, alerts (staging, prod) and SLOs with an error-budget burn-rate alert (prod). The error-rate
// objective (< 0.1 %) is the availability SLO's error budget.
const uptime = new UptimeChecks("uptime", {
    project: gcpProject,
    slo: { availability: config.monitoring.availabilityPercent / 100, latencyMs: config.monitoring.latencyP95Ms },
    notify: { emails: config.monitoring.alertEmails, channels: config.monitoring.notificationChannels },
    endpoints: [
        { name: "web", url: `${appUrl}/` },
        { name: "api", url: `${appUrl}${config.monitoring.healthPath}`, contentMatch: "ok" },
        {
            name: "tenant",
            url: `https://${config.monitoring.probeTenant}.${config.domains.tenantBase}${config.monitoring.healthPath}`,
            contentMatch: "ok",
        },
    ],
});

// "Cost Monitoring: Budget Alerts": a Cloud Billing budget on the monitoring project (80 %, 100 %, forecast 100 %).
const budget = new GcpBudget("budget", {
    billingAccount: config.budget.billingAccount,
    project: gcpProject,
    amountUsd: config.budget.gcpMonthlyUsd,
    notificationChannels: config.monitoring.notificationChannels,
});

export const appEndpoint = web.productionUrl;
export const tenantDomains = web.domains;
export const vercelProjectId = web.projectId;
export const edgeWorker = edge.workerName;
export const supabaseUrl = database.apiUrl;
export const supabaseAnonKey = database.anonKey;
export const databaseHost = database.connection.host;
export const databaseReplicaRegions = database.replicaRegions;
export const databaseReaderHosts = database.connection.readerHosts;
export const pitrDays = database.pitrDays;
export const sentryDsns = sentry.dsns;
export const mobileWorkflows = mobile?.workflowPaths ?? [];
export const webWorkflows = webPipeline?.workflowPaths ?? [];
export const uptimeCheckIds = uptime.checkIds;
export const budgetName = budget.budgetName;
export const databaseExport = dbExport
    ? { bucket: dbExport.bucketName, location: dbExport.location, ...dbExport.schedules, workflows: Object.keys(dbExport.files) }
    : undefined;
