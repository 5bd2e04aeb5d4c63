/**
 * CoachMeld (seeds/000_30406cbe3669e999.txt): an Expo app for iOS, Android and the web (PWA).
 *
 *   web PWA + app bundles ── CloudFront (TLS 1.2+, security headers) ── WAF (per-IP rate rule) ── private S3
 *   Supabase project (Auth, Postgres, Realtime, Storage; 7-day PITR in staging; prod: exports every 30 minutes instead)
 *   Gemini API on Google Cloud (one restricted key per client)     Sentry (crash and error reports)
 *   database exports (GitHub Actions schedule -> S3): daily to Glacier Instant Retrieval for 90 days, every 30 minutes
 *   kept 2 days (prod), and a weekly restore drill
 *   GitHub Actions + EAS (build profiles, staging from develop, production from main then submit, OTA, tags)
 *   alarm topic + CDN health check; AWS budgets (CDN $10, all of AWS) and a GCP budget (Gemini $50, alert at 80 %).
 *
 * Composition only: every difference between dev, staging and prod comes from the component profiles and the keys
 * set in Pulumi.<stack>.yaml.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    AwsBudget,
    AwsCdn,
    AwsDatabaseExport,
    AwsMonitoring,
    AwsWaf,
    GcpBudget,
    GcpGeminiApi,
    GithubMobilePipeline,
    SentryProjects,
    SupabasePostgres,
    stackEnvironment,
} from "@appstack/components";
import { loadConfig } from "./config";

const config = loadConfig();
// The profile every component takes, read once from the stack (its `environment` key, else its name).
const environment = stackEnvironment();
/** EXPO_PUBLIC_ENVIRONMENT of this stack, as the document's .env files and EAS profiles spell it. */
const expoEnvironment = ({ dev: "development", staging: "staging", prod: "production" } as const)[environment];

// ---- Content delivery: the web PWA and the app bundles on CloudFront + S3 ("Content Delivery").
// The WAF only sees CDN traffic: static assets and app bundles (Supabase and Gemini are called directly). It runs the
// managed rule groups and no rate rule: a per-IP limit on static assets is no stand-in for the document's per-user
// limits (AI 100/h blocked 10 min, API 1000/h blocked 5 min), which no infrastructure of ours sees; see README "Rate limits".
const edgeWaf = config.waf.enabled ? new AwsWaf("edge-waf", { scope: "CLOUDFRONT", rateLimit: false, mode: config.waf.mode }) : undefined;

const web = new AwsCdn("web", {
    domain: config.web.domain !== undefined ? { name: config.web.domain, hostedZoneId: config.hostedZoneId } : undefined,
    spa: true,
    priceClass: config.web.priceClass,
    webAcl: edgeWaf,
    content: config.web.contentDirectory !== undefined ? { directory: config.web.contentDirectory } : undefined,
});

// ---- Backend: one Supabase project per environment is Auth, Postgres, Realtime and Storage ("Supabase Services").
// Daily backups come with the plan; staging adds 7 days of point-in-time recovery (RPO 1 h, "Backup Strategy"); prod meets
// the RPO with exports every 30 minutes instead of the ~$100 PITR add-on (README "Backups").
const supabase = new SupabasePostgres("supabase", {
    organizationId: config.supabase.organizationId,
    region: config.supabase.region,
    instanceSize: config.supabase.instanceSize,
    pointInTimeRecoveryDays: config.supabase.pointInTimeRecoveryDays,
    recoveryPointObjectiveMinutes: config.supabase.recoveryPointObjectiveMinutes,
});

// ---- Cold storage: "Daily Backup" -> "S3 Cold Storage" -> "90-day Archive". A GitHub Actions schedule in the app
// repository (the pipeline's, so prod only: dev and staging have no GitHub provider) dumps the database through the
// session pooler (TLS) daily into S3; dumps move to Glacier Instant Retrieval at once (its 90-day minimum charge matches
// the retention) and expire after `archive.retentionDays`; prod copies them to a second region. A weekly drill restores
// the newest one into a throwaway Supabase Postgres. With `archive.frequentSchedule` (prod: every 30 minutes, kept 2
// days in S3 Standard) the exports are the RPO 1 h mechanism in place of PITR: see README "Backups".
const dbExport =
    config.pipeline !== undefined
        ? new AwsDatabaseExport("db-export", {
              // Session pooler (5432): pg_dump cannot use the transaction pooler.
              connectionString: supabase.poolerUrl("session"),
              postgresVersion: 17,
              repository: `${new pulumi.Config("github").require("owner")}/${config.pipeline.repository}`,
              branch: config.pipeline.productionBranch,
              schedule: "17 3 * * *",
              // prod: every 30 minutes at :23 and :53 (off the top of the hour, GitHub's busiest), kept 2 days: the RPO 1 h without PITR.
              frequentSchedule: config.archive.frequentSchedule,
              frequentRetentionDays: config.archive.frequentRetentionDays,
              // The weekly drill fails when the newest export is 2 h old or more (a stalled frequent schedule shows up there).
              maxExportAgeHours: config.archive.frequentSchedule !== undefined ? 1 : undefined,
              retentionDays: config.archive.retentionDays,
              archiveAfterDays: 0,
              archiveStorageClass: "GLACIER_IR",
              replication: config.archive.replication,
              restoreImage: "supabase/postgres:17.6.1.132",
              restoreUser: "supabase_admin",
          })
        : undefined;

// ---- AI: the Gemini API on Google Cloud, called by the three clients directly (the document's iOS/Android/Web -> AI).
// One key per client: each may call the generate/count methods of that API only, and only from its own client (web
// referrer, iOS bundle id, Android package + certificate). GcpGeminiApi makes one key each, so each instance also
// declares the API enabled (idempotent, never disabled on destroy).
const geminiArgs = { api: "gemini", allowedMethods: config.gemini.allowedMethods } as const;
const geminiKeys = {
    web: new GcpGeminiApi("gemini-web", { ...geminiArgs, allowedReferrers: config.gemini.clients.webReferrers }),
    ios: new GcpGeminiApi("gemini-ios", { ...geminiArgs, iosBundleIds: config.gemini.clients.iosBundleIds }),
    android: new GcpGeminiApi("gemini-android", { ...geminiArgs, androidApps: config.gemini.clients.androidApps }),
};

// ---- Error tracking: the document's Sentry integration (sentry-expo), one project per environment.
const sentry = new SentryProjects("sentry", {
    organization: config.sentry.organization,
    teams: [config.sentry.team],
    apps: [{ name: "app", platform: "react-native" }],
});

// ---- Alerts: one topic for alarms and AWS budgets; a Route 53 health check of the web app when it has a domain.
// "Resource Usage Monitoring": the CDN's bandwidth ("100GB") as a daily run-rate alarm on BytesDownloaded, beside the
// $10 cost budget below. Supabase's database size and API requests have no alarm target here: see README.
const monitoring = new AwsMonitoring("monitoring", {
    notify: { emails: config.monitoring.alertEmails },
    monitor: [web.monitoring({ monthlyDownloadGb: config.budgets.cdnMonthlyGb })],
    healthChecks: config.web.domain !== undefined ? [{ url: `https://${config.web.domain}`, path: "/" }] : [],
    dashboard: false,
});

// ---- Budgets ("Cost Optimization"). AWS: the CDN row ($10 for 100 GB) on CloudFront alone, and everything AWS.
// GCP: the Gemini row ($50) on the project, alerting at 80 % ("Tokens Used: 80% of quota") and 100 %, and at a
// forecast of 100 %. Supabase ($25) and EAS (free tier) have no budget API: see README "Budgets and alerts".
new AwsBudget("cdn-budget", {
    monthlyLimitUsd: config.budgets.cdnMonthlyUsd,
    costFilters: [{ name: "Service", values: ["Amazon CloudFront"] }],
    emails: config.budgets.emails,
    topic: monitoring,
});
new AwsBudget("aws-budget", {
    monthlyLimitUsd: config.budgets.awsMonthlyUsd,
    emails: config.budgets.emails,
    topic: monitoring,
});
new GcpBudget("gemini-budget", {
    billingAccount: config.gemini.billingAccount,
    amountUsd: config.gemini.monthlyBudgetUsd,
    thresholds: [
        ...config.gemini.alertThresholds.map((percent) => ({ percent, basis: "CURRENT_SPEND" as const })),
        { percent: 1, basis: "FORECASTED_SPEND" },
    ],
});

// ---- CI/CD ("GitHub Actions Workflow", "EAS Build Profiles", "Mobile App Deployment"): managed from one stack only.
const pipeline =
    config.pipeline !== undefined
        ? new GithubMobilePipeline("mobile", {
              repository: config.pipeline.repository,
              framework: "expo",
              productionReviewers: config.pipeline.productionReviewers,
              stagingBranch: config.pipeline.stagingBranch,
              productionBranch: config.pipeline.productionBranch,
              releaseTagPattern: config.pipeline.releaseTagPattern,
              workingDirectory: config.pipeline.workingDirectory,
              // "eas submit --platform all": iOS submissions from CI need the App Store Connect app id in eas.json.
              appStoreConnectAppId: config.pipeline.appStoreConnectAppId,
              // The document's three profiles, with the EAS Update channel each build listens to (OTA updates).
              easProfiles: [
                  {
                      name: "development",
                      channel: "development",
                      distribution: "internal",
                      developmentClient: true,
                      env: { EXPO_PUBLIC_ENVIRONMENT: "development" },
                  },
                  { name: "staging", channel: "staging", distribution: "internal", env: { EXPO_PUBLIC_ENVIRONMENT: "staging" } },
                  {
                      name: "production",
                      channel: "production",
                      distribution: "store",
                      autoIncrement: true,
                      env: { EXPO_PUBLIC_ENVIRONMENT: "production" },
                  },
              ],
              secrets: {
                  staging: { EXPO_TOKEN: pulumi.secret(config.expoToken ?? "") },
                  production: { EXPO_TOKEN: pulumi.secret(config.expoToken ?? "") },
              },
          })
        : undefined;

/** The document's per-user limiter, for the Supabase Edge Function (or Postgres function) that enforces it. */
export const rateLimits = {
    ai: config.rateLimits.ai,
    api: config.rateLimits.api,
};
/** This environment's `.env` of the app ("Environment Configuration"): `pulumi stack output clientEnv --json`. */
export const clientEnv = {
    EXPO_PUBLIC_SUPABASE_URL: supabase.apiUrl,
    EXPO_PUBLIC_SUPABASE_ANON_KEY: supabase.anonKey,
    EXPO_PUBLIC_API_URL: config.apiUrl,
    EXPO_PUBLIC_ENVIRONMENT: expoEnvironment,
    EXPO_PUBLIC_SENTRY_DSN: sentry.dsns["app"],
};
export const webUrl = web.url;
export const webBucketName = web.bucketName;
export const distributionId = web.distributionId;
export const supabaseProjectRef = supabase.projectRef;
export const supabasePitrDays = supabase.pitrDays;
export const archiveBucketName = dbExport?.bucketName;
export const databaseExport = dbExport
    ? { bucket: dbExport.bucketName, replicaRegion: dbExport.replicaRegion, ...dbExport.schedules, workflows: Object.keys(dbExport.files) }
    : undefined;
/** Secret, per client: EXPO_PUBLIC_GEMINI_API_KEY of each platform (`pulumi stack output --show-secrets geminiApiKeys`). */
export const geminiApiKeys = { web: geminiKeys.web.keyString, ios: geminiKeys.ios.keyString, android: geminiKeys.android.keyString };
export const alarmTopicArn = monitoring.topicArn;
export const workflowFiles = pipeline?.filePaths ?? [];
