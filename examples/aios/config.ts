import { CDN_MINIMUM_PROTOCOL_VERSIONS, WAF_MIN_RATE_LIMIT, readStackConfig, secretValue } from "@appstack/components";
import { z } from "zod";

/**
 * AIOS's stack config: one schema, every key documented in README.md ("Configuration"). Each row of the document's
 * "Environment Comparison" table is one key here, so a stack file reads like its column of the table:
 *
 *   Database        database.mode          mock | cloud | replicated
 *   Server          server.domain          (dev: a cloud sandbox; localhost:5000 is the laptop, not a stack)
 *   Monitoring      monitoring.level       console | basic | full
 *   Error Tracking  sentry                 absent (local only) | present (a Sentry project set per stack)
 *   Analytics       analytics.sampleRate   0 (disabled) .. 1 (full tracking)
 *   Cache           cache.mode, cdn        memory | redis, and the CDN (prod)
 *   Backups         database.backupRetentionDays, database.backupCopyRegion
 *   SSL             (none: every entry point is HTTPS with TLS 1.3 in every stack, see README)
 *   Rate Limiting   rateLimit.level        disabled | relaxed | enforced
 *   Auto-scaling    server.autoscaling     absent (fixed server.tasks) | { minTasks, maxTasks }
 */
const email = z.email({ message: "must be an email address" });
const hostname = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
    message: "must be a lower-case DNS name such as staging.aios.app",
});
const awsRegion = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { message: "must be an AWS region such as us-west-2" });
const tasks = z.number().int().min(1).max(1000);
const ratio = z.number().min(0).max(1);

/** What each `monitoring.level` turns on (the table's "Console logs", "Basic monitoring", "Full observability"). */
export const MONITORING_LEVELS = {
    /** dev: the API's stdout/stderr in CloudWatch Logs for a week; no alarm topic, no alarms, no dashboard. */
    console: { logRetentionDays: 7, alarms: "none", dashboard: false },
    /** staging: logs kept 30 days; uptime (Route 53 health check) and the API's SLO, CPU and memory alarms. */
    basic: { logRetentionDays: 30, alarms: "api", dashboard: false },
    /** prod: logs kept 90 days; the API's alarms plus database and cache alarms, and the CloudWatch dashboard. */
    full: { logRetentionDays: 90, alarms: "all", dashboard: true },
} as const;

/** The table's "Rate Limiting" row: `disabled` has no web ACL; `relaxed` and `enforced` block above the limit. */
export const RATE_LIMIT_LEVELS = ["disabled", "relaxed", "enforced"] as const;

export const stackConfigSchema = z
    .strictObject({
        /** dev | staging | prod: the profile every component takes its defaults from. Default: from the stack name. */
        environment: z.enum(["dev", "staging", "prod"]).optional(),
        /** Route 53 hosted zone holding `server.domain` (and `cdn.domain`); certificates validate through it. */
        hostedZoneId: z.string().regex(/^Z[A-Z0-9]{4,32}$/, { message: "must be a Route 53 hosted zone id such as Z0123456789ABC" }),
        /** NODE_ENV of the API, as the document's environment blocks write it (development, staging, production). */
        nodeEnv: z.enum(["development", "staging", "production"]),
        server: z.strictObject({
            /** The table's "Server": the web domain the app is served on (EXPO_PUBLIC_DOMAIN), e.g. aios.app. */
            domain: hostname,
            /**
             * The API's own name (API_URL), separate from the web domain: `api.aios.app` in production,
             * `api-staging.aios.app` in staging (the document's "Environment Variables"). The load balancer's certificate
             * covers both names, and each has its alias record in `hostedZoneId`.
             */
            apiDomain: hostname,
            /** Container image of the esbuild-bundled Express server (`npm run server:build`, `npm run server:prod`). */
            image: z.string().min(1, { message: "must name a container image, e.g. ghcr.io/aios/server:1.0.0" }),
            /** The Express server listens on 5000 (document: "Express Server: Local instance on port 5000"). */
            port: z.number().int().min(1).max(65535).default(5000),
            /** Health check of the load balancer and of Route 53 (document: `GET /health`, which also queries the database). */
            healthCheckPath: z.string().startsWith("/").default("/health"),
            cpu: z.number().int().optional(),
            memory: z.number().int().optional(),
            /** Fixed task count when `autoscaling` is absent (the table's "Auto-scaling: No"). */
            tasks: tasks.default(1),
            /** The table's "Auto-scaling: Yes": task-count bounds; CPU is tracked at 60 % (the document's "CPU < 70 % average"). */
            autoscaling: z.strictObject({ minTasks: tasks, maxTasks: tasks }).optional(),
        }),
        database: z.strictObject({
            /**
             * The table's "Database": `mock` (Local/Mock: no cloud database, the API runs on its in-memory store),
             * `cloud` (one managed PostgreSQL instance), `replicated` (Multi-AZ primary and a read replica).
             */
            mode: z.enum(["mock", "cloud", "replicated"]),
            instanceClass: z.string().startsWith("db.").optional(),
            allocatedStorageGb: z.number().int().min(20).max(65536).optional(),
            /** Read replicas with `replicated`. */
            replicas: z.number().int().min(1).max(5).default(1),
            /** The table's "Backups": days of automated (daily) snapshots and point-in-time recovery (write-ahead logs). */
            backupRetentionDays: z.number().int().min(1).max(35).optional(),
            /** The document's "Geo-Redundancy: Multi-region backups": copy automated backups and WAL to this region. */
            backupCopyRegion: awsRegion.optional(),
            /** Log statements slower than this, ms (`log_min_duration_statement`): the document's "Database Queries: < 50ms average". */
            slowQueryLogMs: z.number().int().min(-1).default(50),
        }),
        cache: z.strictObject({
            /** The table's "Cache": `memory` (the API's in-process cache) or `redis` (ElastiCache). */
            mode: z.enum(["memory", "redis"]),
            nodeType: z.string().startsWith("cache.").optional(),
            /** Redis replicas; 1 or more turns on failover and Multi-AZ. */
            replicas: z.number().int().min(0).max(5).optional(),
        }),
        /** The "+ CDN" of the table's prod cache: static assets (the Expo web build, images) on CloudFront. Absent: no CDN. */
        cdn: z.strictObject({ domain: hostname }).optional(),
        /**
         * "HTTPS enforced (TLS 1.3)": the load balancer's listener policy (a TLS 1.3 policy; `ELBSecurityPolicy-TLS13-1-3-*`
         * accepts TLS 1.3 only) and the CDN's viewer policy (`TLSv1.3_2025`: TLS 1.3 only). Absent: TLS 1.3 with TLS 1.2 fallback.
         */
        tls: z
            .strictObject({
                loadBalancerSslPolicy: z
                    .string()
                    .startsWith("ELBSecurityPolicy-TLS13-", { message: "must be a TLS 1.3 policy, ELBSecurityPolicy-TLS13-*" })
                    .optional(),
                cdnMinimumProtocolVersion: z.enum(CDN_MINIMUM_PROTOCOL_VERSIONS).optional(),
            })
            .default({}),
        rateLimit: z
            .strictObject({
                /** The table's "Rate Limiting". */
                level: z.enum(RATE_LIMIT_LEVELS),
                /** Requests per minute per client IP (document: 100 in production). Ignored when `disabled`. */
                requestsPerMinute: z
                    .number()
                    .int()
                    .min(WAF_MIN_RATE_LIMIT, {
                        message: `must be at least ${WAF_MIN_RATE_LIMIT} (the provider's minimum for a rate-based rule)`,
                    })
                    .default(100),
            })
            .refine((r) => r.level !== "enforced" || r.requestsPerMinute <= 100, {
                message: "enforced means the document's 100 requests/min per IP or fewer",
                path: ["requestsPerMinute"],
            }),
        monitoring: z.strictObject({
            /** The table's "Monitoring": `console` (logs only), `basic`, `full` (see MONITORING_LEVELS). */
            level: z.enum(["console", "basic", "full"]),
            /** Alarm recipients; required unless `console`. */
            alertEmails: z.array(email).default([]),
            /** Document: "Uptime: 99.9 % target", "Error Rate: < 0.1 %" (the 5xx alarm's threshold is the error budget). */
            availabilityPercent: z.number().gt(0).lt(100).default(99.9),
            /** Document: "Response Time: < 200ms p95". */
            latencyP95Ms: z.number().int().positive().default(200),
            /** Document: "CPU Usage: < 70 % average". */
            cpuPercent: z.number().int().min(1).max(100).default(70),
            /** Document: "Memory Usage: < 80 % capacity". */
            memoryPercent: z.number().int().min(1).max(100).default(80),
            /** "Database Queries: < 50ms average": the database's average query latency alarm (Performance Insights). */
            dbQueryLatencyMs: z.number().positive().default(50),
        }),
        /** The table's "Error Tracking": absent = local only (no DSN, the SDK logs to the console); present = this stack's Sentry projects. */
        sentry: z
            .strictObject({
                /** Sentry organization slug. The provider's token is `sentry:token` (a secret). */
                organization: z.string().min(1),
                /** Team slugs owning the projects. */
                teams: z.array(z.string().min(1)).min(1),
            })
            .optional(),
        analytics: z.strictObject({
            /** The table's "Analytics": 0 disabled, 0.1 the staging sample, 1 full tracking. */
            sampleRate: ratio,
        }),
        /** The Expo app's CI/CD (GitHub environments, EAS workflows): one per repository, so only the prod stack sets it. */
        mobile: z
            .strictObject({
                /** Repository name; the owner is the provider's `github:owner`. */
                repository: z.string().min(1),
                /** Numeric GitHub ids that approve production jobs. */
                productionReviewers: z.strictObject({
                    users: z.array(z.number().int().positive()).optional(),
                    teams: z.array(z.number().int().positive()).optional(),
                }),
                /** Document: "Merge to main → Auto-deploy to Staging". */
                stagingBranch: z.string().default("main"),
                /** Branch the production builds and OTA updates run from. */
                productionBranch: z.string().default("release"),
                /** Document: "Tag Release → Deploy to Production" (store release workflow). */
                releaseTagPattern: z.string().default("v*"),
                /** Folder of the Expo app in the repository. */
                workingDirectory: z.string().default("."),
                /** App Store Connect app id (numeric Apple ID): `eas submit --non-interactive` needs it for iOS. */
                appStoreConnectAppId: z
                    .string()
                    .regex(/^\d+$/, { message: "must be the numeric Apple ID of the app in App Store Connect" }),
                /**
                 * The server's pipeline (README, "Pipeline"): main → full tests → build → staging → E2E; tags `v*` →
                 * production; the hotfix path. Environments `api-staging` / `api-production` (the mobile pipeline has
                 * `staging` / `production`).
                 */
                server: z
                    .strictObject({
                        /** Numeric ids approving production deploys and hotfixes ("Critical Review"). */
                        productionReviewers: z.strictObject({
                            users: z.array(z.number().int().positive()).optional(),
                            teams: z.array(z.number().int().positive()).optional(),
                        }),
                        /** Folder of this Pulumi project in the repository. */
                        infrastructureDirectory: z.string().default("infra"),
                        /** IAM roles the deploy jobs assume by OIDC, per stage. */
                        stagingRoleArn: z.string().regex(/^arn:aws:iam::\d{12}:role\/.+$/),
                        productionRoleArn: z.string().regex(/^arn:aws:iam::\d{12}:role\/.+$/),
                        /** Secret: Pulumi Cloud tokens of the deploy jobs. */
                        stagingPulumiToken: secretValue(z.string().min(1)),
                        productionPulumiToken: secretValue(z.string().min(1)),
                    })
                    .optional(),
                /** Secret: `pulumi config set --secret --path mobile.expoToken ...` (EAS builds, updates, submissions). */
                expoToken: secretValue(z.string().min(1)),
                /** Secret: `pulumi config set --secret --path mobile.sentryAuthToken ...` (source map uploads). */
                sentryAuthToken: secretValue(z.string().min(1)).optional(),
                /** The staging GitHub environment's values, from the staging stack (`pulumi stack output -s staging`). */
                staging: z.strictObject({
                    domain: hostname,
                    /** The staging API's name (API_URL=https://api-staging.aios.app). */
                    apiDomain: hostname,
                    analyticsSampleRate: ratio,
                    /** `mobileSentryDsn` output of the staging stack (a DSN is public). */
                    sentryDsn: z.url().optional(),
                }),
            })
            .optional(),
        budget: z.strictObject({
            monthlyUsd: z.number().positive(),
            emails: z.array(email).default([]),
        }),
        /** Secret: `pulumi config set --secret jwtSecret ...` (JWT_SECRET of the API, stored in Secrets Manager). */
        jwtSecret: secretValue(z.string().min(16, { message: "must be at least 16 characters" })),
        /** Secret: `pulumi config set --secret alertWebhookUrl https://...`: alarms are posted there too. */
        alertWebhookUrl: z.url({ protocol: /^https$/, message: "must be an https:// URL" }).optional(),
    })
    .superRefine((c, ctx) => {
        const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
        if (c.database.mode === "mock") {
            for (const key of ["instanceClass", "allocatedStorageGb", "backupRetentionDays", "backupCopyRegion"] as const) {
                if (c.database[key] !== undefined)
                    problem(["database", key], "does not apply to database.mode mock (there is no cloud database)");
            }
        } else if (c.database.backupRetentionDays === undefined) {
            problem(["database", "backupRetentionDays"], `is required with database.mode ${c.database.mode} (the table's "Backups" row)`);
        }
        if (c.cache.mode === "memory" && (c.cache.nodeType !== undefined || c.cache.replicas !== undefined))
            problem(["cache", "mode"], "is memory: nodeType and replicas apply to redis only");
        if (c.monitoring.level !== "console" && c.monitoring.alertEmails.length === 0)
            problem(["monitoring", "alertEmails"], `needs at least one address with monitoring.level ${c.monitoring.level}`);
        if (c.monitoring.level === "console" && c.budget.emails.length === 0)
            problem(
                ["budget", "emails"],
                "needs at least one address when monitoring.level is console (there is no alarm topic to notify)",
            );
        if (c.server.autoscaling && c.server.autoscaling.minTasks > c.server.autoscaling.maxTasks)
            problem(["server", "autoscaling", "minTasks"], "is greater than maxTasks");
        if (c.mobile && !c.sentry && c.mobile.sentryAuthToken !== undefined)
            problem(["mobile", "sentryAuthToken"], "is set but the stack has no sentry projects");
    });

export type StackConfig = z.infer<typeof stackConfigSchema>;

/** Reads and validates this stack's config; throws a StackConfigError naming the file and keys on any problem. */
export function loadConfig(): StackConfig {
    return readStackConfig(stackConfigSchema);
}
