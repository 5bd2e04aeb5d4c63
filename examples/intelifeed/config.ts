import {
    SUPABASE_INSTANCE_SIZES,
    SUPABASE_REGIONS,
    addArgProblems,
    readStackConfig,
    secretValue,
    vercelDomainProblems,
} from "@appstack/components";
import { z } from "zod";

/**
 * InteliFeed Hub's stack config: one schema, every key documented in README.md ("Configuration"). Keys an environment
 * profile decides are optional: set them only to override the profile (each stack file says which it sets and why).
 */
const email = z.email({ message: "must be an email address" });
const hostname = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
    message: "must be a lower-case DNS name such as app.intelifeed.io",
});
const cloudflareId = z.string().regex(/^[0-9a-f]{32}$/, { message: "must be a Cloudflare id: 32 lower-case hex characters" });
const slug = z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, { message: "must be a DNS label: a-z, 0-9 and '-', 1-63 characters" });
const envName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, { message: "names must be UPPER_SNAKE_CASE" });

/**
 * One tenant (document: "Custom Domains: Tenant-specific subdomains and custom domains"). The slug is the tenant's
 * stable key: it is the subdomain (`<slug>.<domains.tenantBase>`) and names the tenant's resources
 * (`web-domain-tenant-<slug>`), so adding, removing or reordering tenants never renames another tenant's domain.
 */
const tenant = z.strictObject({
    slug,
    /** The tenant's own domain, pointed at Vercel by the tenant (CNAME cname.vercel-dns.com). */
    customDomain: hostname.optional(),
});

export const stackConfigSchema = z
    .strictObject({
        /** dev | staging | prod: the profile every component takes its defaults from. Default: from the stack name. */
        environment: z.enum(["dev", "staging", "prod"]).optional(),
        domains: z.strictObject({
            /** Apex of the environment's Cloudflare zone, e.g. intelifeed.io: redirected to `app` by the Worker. */
            apex: hostname,
            /** The shared web app (sign-in, onboarding, tenant picker), proxied by Cloudflare to Vercel, e.g. app.intelifeed.io. */
            app: hostname,
            /**
             * Parent of the tenant subdomains, e.g. hub.intelifeed.io → acme.hub.intelifeed.io. Delegated from the
             * Cloudflare zone to Vercel's nameservers (NS records below): Vercel issues wildcard certificates only
             * for domains it serves DNS for.
             */
            tenantBase: hostname,
        }),
        /** The tenants; add one by appending an entry. Slugs are unique. */
        tenants: z
            .array(tenant)
            .min(1, { message: "needs at least one tenant" })
            .refine((list) => new Set(list.map((t) => t.slug)).size === list.length, {
                message: "repeats a slug: each tenant's slug once",
            }),
        edge: z.strictObject({
            /** Id of the environment's existing Cloudflare zone (`domains.apex`). */
            zoneId: cloudflareId,
            /** Cloudflare account id: the Worker script belongs to the account. */
            accountId: cloudflareId,
            /** The zone's plan: it bounds the rate-limit period (free 10 s, pro 60 s, business 600 s). */
            plan: z.enum(["free", "pro", "business", "enterprise"]),
            /** Per-IP rate limit of the proxied hosts; the period must be one the plan allows (CloudflareEdge validates it). */
            rateLimit: z.strictObject({
                requests: z.number().int().min(1),
                periodSeconds: z.number().int().positive(),
                mitigationTimeoutSeconds: z.number().int().positive(),
            }),
        }),
        web: z.strictObject({
            /** Vercel team owning the project (`team_...`). */
            teamId: z.string().regex(/^team_[A-Za-z0-9]+$/, { message: "must be a Vercel team id such as team_abc123" }),
            /** Framework preset of the shared web/Capacitor codebase. */
            framework: z.string().default("vite"),
            /** Region of the Vercel Functions (`/api/*`), next to the Supabase primary (us-east-1 → iad1). */
            functionRegion: z.string().default("iad1"),
            /** Connect the project to GitHub: pushes to `productionBranch` deploy, other branches get previews. */
            gitRepository: z.strictObject({ repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/), productionBranch: z.string().min(1) }).optional(),
            /** Per-IP rate limit of the Vercel firewall on the hosts Cloudflare does not proxy (tenant subdomains, custom domains). */
            requestsPerMinute: z.number().int().min(1).default(100),
        }),
        database: z.strictObject({
            /** Supabase organization slug (billing: Pro plan or above for PITR, compute add-ons and read replicas). */
            organizationId: z.string().min(1),
            /** Region of the primary database; next to the Vercel Functions. */
            region: z.enum(SUPABASE_REGIONS),
            /** Compute size. Default: the profile (dev micro, staging and prod small). */
            instanceSize: z.enum(SUPABASE_INSTANCE_SIZES).optional(),
            /** Days of point-in-time recovery (0 = daily backups only). Default: the profile (dev 0, staging and prod 7). */
            pointInTimeRecoveryDays: z.number().int().min(0).max(28).optional(),
            /** Recovery point objective, minutes; checked against the backups. Default: the profile (dev 1440, staging and prod 60). */
            rpoMinutes: z.number().int().min(2).optional(),
            /** Regions of read replicas (prod: one, in a second region). */
            readReplicaRegions: z.array(z.enum(SUPABASE_REGIONS)).default([]),
        }),
        mobile: z
            .strictObject({
                /** Name of the existing GitHub repository of the Capacitor app (owner: `github:owner`). */
                repository: z.string().regex(/^[\w.-]+$/),
                /** Numeric GitHub user and team ids that approve production builds and live updates. */
                productionReviewers: z.strictObject({
                    users: z.array(z.number().int().positive()).default([]),
                    teams: z.array(z.number().int().positive()).default([]),
                }),
                stagingBranch: z.string().default("develop"),
                productionBranch: z.string().default("main"),
                /** Live-update upload command; `$CHANNEL` is the channel (staging, production). */
                liveUpdateCommand: z.string().min(1).default('npx @capgo/cli@7 bundle upload --channel "$CHANNEL"'),
                /** Plain build variables of the GitHub `staging` environment (the staging stack's public outputs). */
                stagingVariables: z.record(envName, z.string()).default({}),
                /**
                 * Where the `mobile-v*` release uploads ("iOS: App Store distribution", "Android: Google Play Store
                 * distribution"); its signing and upload keys are `mobileSecrets.production` (README, "Configuration").
                 */
                stores: z.strictObject({
                    android: z.strictObject({
                        packageName: z.string().min(3),
                        track: z.enum(["internal", "alpha", "beta", "production"]).default("internal"),
                    }),
                    ios: z.strictObject({
                        teamId: z.string().regex(/^[A-Z0-9]{10}$/, { message: "must be the 10-character Apple team id" }),
                    }),
                }),
            })
            .optional(),
        /**
         * The web app's pipeline (README, "Pipeline"): CI with quality and security scans, staging deployed daily by
         * `pulumi up` on a schedule, a tag release through a manual QA gate to production with automatic rollback.
         * Set in ONE stack only (prod), like `mobile`.
         */
        pipeline: z
            .strictObject({
                repository: z.string().regex(/^[\w.-]+$/),
                /** Numeric ids: production approvers ("Approval Workflows") and the QA team ("Manual QA"). */
                productionReviewers: z.strictObject({
                    users: z.array(z.number().int().positive()).default([]),
                    teams: z.array(z.number().int().positive()).default([]),
                }),
                qaReviewers: z.strictObject({
                    users: z.array(z.number().int().positive()).default([]),
                    teams: z.array(z.number().int().positive()).default([]),
                }),
                /** The branch staging deploys daily ("Staging: Daily deployments"). */
                stagingBranch: z.string().default("develop"),
                /** When staging deploys, UTC. */
                stagingCron: z.string().default("0 6 * * *"),
                /** Folder of this Pulumi project in the repository. */
                infrastructureDirectory: z.string().default("infra"),
                /** The staging app's URL (E2E, smoke and performance tests). */
                stagingAppUrl: z.url(),
                /** Workload Identity Federation of the deploy jobs (Google Cloud: monitoring, budget). */
                gcpWorkloadIdentityProvider: z
                    .string()
                    .regex(/^projects\/\d+\/locations\/global\/workloadIdentityPools\/[^/]+\/providers\/[^/]+$/),
                gcpDeployServiceAccount: z.email(),
            })
            .optional(),
        /**
         * Scheduled exports of the database to Cloud Storage ("Backup and Disaster Recovery": "Daily full backups, hourly
         * incremental backups", "Geographically distributed backup storage", "Encrypted", "Regular backup restoration
         * testing"), run by the web pipeline's repository (`pipeline.repository`). Set in prod (README, "Backups").
         */
        databaseExport: z
            .strictObject({
                /** Cloud Storage location: a dual-region away from the primary's region (NAM4: Iowa + South Carolina). */
                location: z.string().min(2),
                /** Turbo replication: each export in both regions within 15 minutes (dual-regions only). */
                turboReplication: z.boolean().default(false),
                /** Cron (UTC) of the daily full export. */
                schedule: z.string().default("17 3 * * *"),
                /** Cron (UTC) of the hourly exports (the document's "hourly incremental"), kept `frequentRetentionDays`. */
                frequentSchedule: z.string().default("23 * * * *"),
                frequentRetentionDays: z.number().int().min(1).max(365).default(2),
                /** Days a daily export is kept. Default: the component's profile (30 in staging and prod). */
                retentionDays: z.number().int().min(1).optional(),
                /** Cron (UTC) of the restore drill. */
                restoreSchedule: z.string().default("41 4 * * 1"),
            })
            .optional(),
        /** Secret: GitHub environment secrets of the web pipeline per stage (PULUMI_ACCESS_TOKEN, VERCEL_TOKEN). */
        pipelineSecrets: z
            .strictObject({
                staging: z.record(envName, secretValue(z.string())).default({}),
                production: z.record(envName, secretValue(z.string())).default({}),
            })
            .optional(),
        /**
         * Secret (`pulumi config set --secret --path 'mobileSecrets.production.CAPGO_TOKEN' ...`): GitHub environment
         * secrets of the mobile pipeline, per environment (live-update token, signing keys).
         */
        mobileSecrets: z
            .strictObject({
                staging: z.record(envName, secretValue(z.string())).default({}),
                production: z.record(envName, secretValue(z.string())).default({}),
            })
            .optional(),
        sentry: z.strictObject({
            /** Sentry organization slug. */
            organization: z.string().min(1),
            /** Team slugs owning the projects. */
            teams: z.array(z.string().min(1)).min(1),
        }),
        monitoring: z.strictObject({
            alertEmails: z.array(email).min(1, { message: "needs at least one address" }),
            /** Existing Cloud Monitoring channels (`projects/<p>/notificationChannels/<id>`: PagerDuty, Slack) for alerts and the budget. */
            notificationChannels: z
                .array(z.string().regex(/^projects\/[^/]+\/notificationChannels\/\d+$/))
                .max(5)
                .default([]),
            /** Availability SLO, percent (document: 99.9 % monthly uptime). */
            availabilityPercent: z.number().gt(0).lt(100).default(99.9),
            /** Latency SLO, ms (document: 95 % of requests < 500 ms). */
            latencyP95Ms: z.number().int().positive().default(500),
            /** Tenant whose subdomain is probed (a synthetic status tenant): it checks the wildcard path end to end. */
            probeTenant: slug,
            /** Health route of the app (a Vercel Function that queries Supabase). */
            healthPath: z.string().startsWith("/").default("/api/health"),
        }),
        budget: z.strictObject({
            /** Cloud Billing account of the monitoring project, e.g. 01A2B3-C4D5E6-F7A8B9. */
            billingAccount: z
                .string()
                .regex(/^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/, { message: "must be a billing account id such as 01A2B3-C4D5E6-F7A8B9" }),
            /** Monthly amount of the Google Cloud budget (the monitoring project's spend), USD. */
            gcpMonthlyUsd: z.number().positive(),
        }),
    })
    .superRefine((config, ctx) => {
        // VercelWebApp's own rule: domains attached once, no custom domain equal to another tenant's subdomain.
        const domains = { domain: config.domains.app, tenantWildcardDomain: `*.${config.domains.tenantBase}`, tenants: config.tenants };
        addArgProblems(ctx, vercelDomainProblems(domains), { domain: "domains.app", tenantWildcardDomain: "domains.tenantBase" });
        if (!config.tenants.some((t) => t.slug === config.monitoring.probeTenant)) {
            ctx.addIssue({
                code: "custom",
                path: ["monitoring", "probeTenant"],
                message: `must be the slug of a tenant (${config.tenants.map((t) => t.slug).join(", ")})`,
            });
        }
        if (config.database.readReplicaRegions.includes(config.database.region)) {
            ctx.addIssue({
                code: "custom",
                path: ["database", "readReplicaRegions"],
                message: `must be regions other than the primary's (${config.database.region})`,
            });
        }
    });

export type StackConfig = z.infer<typeof stackConfigSchema>;

/** Reads and validates this stack's config; throws a StackConfigError naming the file and keys on any problem. */
export function loadConfig(): StackConfig {
    return readStackConfig(stackConfigSchema);
}
