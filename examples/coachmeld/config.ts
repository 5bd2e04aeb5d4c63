import { SUPABASE_INSTANCE_SIZES, SUPABASE_REGIONS, StackConfigError, readStackConfig, secretValue } from "@appstack/components";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

/**
 * CoachMeld's stack config: one schema, every key documented in README.md ("Configuration"). Keys an environment
 * profile decides are optional: set them only to override the profile (each stack file says which it sets and why).
 * Defaults quote the document (`/work/shared/seeds/000_30406cbe3669e999.txt`, "seeds/000" below).
 */
const email = z.email({ message: "must be an email address" });
const hostname = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
    message: "must be a lower-case DNS name such as app.coachmeld.com",
});
const githubId = z.number().int().positive({ message: "must be a numeric GitHub id (`gh api users/<login> --jq .id`)" });

/** One limiter of the document's `rateLimiter` ("API Rate Limiting"): `points` requests per `duration`, then blocked. */
const limiter = (requests: number, windowSeconds: number, blockSeconds: number) =>
    z
        .strictObject({
            /** Requests a user may make in `windowSeconds` (the document's `points`). */
            requests: z.number().int().positive(),
            /** The counting window, seconds (the document's `duration`). */
            windowSeconds: z.number().int().positive(),
            /** How long a user above the limit is refused, seconds (the document's `blockDuration`). */
            blockSeconds: z.number().int().nonnegative(),
        })
        .default({ requests, windowSeconds, blockSeconds });

export const stackConfigSchema = z.strictObject({
    /** dev | staging | prod: the profile every component takes its defaults from. Default: from the stack name. */
    environment: z.enum(["dev", "staging", "prod"]).optional(),
    /**
     * The app's EXPO_PUBLIC_API_URL in this environment ("Environment Configuration"): http://localhost:3000 in
     * development, https://api-staging.coachmeld.com in staging, https://api.coachmeld.com in production.
     */
    apiUrl: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }),
    /** Route 53 hosted zone holding `web.domain` (the certificate validates and the alias records live there). */
    hostedZoneId: z
        .string()
        .regex(/^Z[A-Z0-9]{4,32}$/, { message: "must be a Route 53 hosted zone id such as Z0123456789ABC" })
        .optional(),
    web: z
        .strictObject({
            /** Custom domain of the web PWA on CloudFront. Without it: the distribution's `*.cloudfront.net` name. */
            domain: hostname.optional(),
            /** CloudFront price class. Default: the AwsCdn profile (PriceClass_100 in dev/staging, PriceClass_All in prod). */
            priceClass: z.enum(["PriceClass_100", "PriceClass_200", "PriceClass_All"]).optional(),
            /**
             * The exported web build (`npx expo export --platform web`, `dist/`): when set, `pulumi up` uploads it and
             * invalidates the CDN ("Web Deployment": Build Web -> Upload to S3 -> Invalidate CDN).
             */
            contentDirectory: z.string().min(1).optional(),
        })
        .default({}),
    supabase: z.strictObject({
        /** Supabase organization slug (`https://supabase.com/dashboard/org/<slug>`); its plan pays for the project. */
        organizationId: z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, { message: "must be an organization slug such as coachmeld-org" }),
        region: z.enum(SUPABASE_REGIONS).default("us-east-1"),
        /** Compute size. Default: the component profile (micro in dev, small in staging and prod). */
        instanceSize: z.enum(SUPABASE_INSTANCE_SIZES).optional(),
        /** Days of point-in-time recovery (0: daily backups only). Default: the profile (0 dev, 7 staging and prod). */
        pointInTimeRecoveryDays: z.number().int().min(0).max(28).optional(),
        /** RPO the database must meet, minutes; under a day requires PITR. Default: the profile (1440 dev, 60 staging/prod). */
        recoveryPointObjectiveMinutes: z.number().int().min(2).optional(),
    }),
    gemini: z.strictObject({
        /** Billing account paying for the GCP project (`gcloud billing accounts list`), e.g. 012345-6789AB-CDEF01. */
        billingAccount: z
            .string()
            .regex(/^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/, { message: "must be a billing account id such as 012345-6789AB-CDEF01" }),
        /** Monthly budget of the GCP project (the Gemini API), USD. The document: $50 ("Cost Optimization"). */
        monthlyBudgetUsd: z.number().positive(),
        /** Budget alert thresholds, fractions. The document: "Tokens Used: 80% of quota". */
        alertThresholds: z.array(z.number().gt(0).max(2)).min(1).default([0.8, 1]),
        /** Methods the API keys may call. */
        allowedMethods: z.array(z.string().min(1)).min(1).default(["GenerateContent", "StreamGenerateContent", "CountTokens"]),
        /**
         * One key per client, each restricted to that client (an API key takes one kind of application restriction):
         * the web PWA by HTTP referrer, the iOS app by bundle id, the Android app by package and signing-certificate SHA-1.
         */
        clients: z.strictObject({
            /** Pages allowed to use the web key, e.g. `https://app.coachmeld.com/*`. */
            webReferrers: z
                .array(z.string().regex(/^https?:\/\/\S+$/, { message: "must be a referrer pattern such as https://app.coachmeld.com/*" }))
                .min(1),
            /** Bundle ids of the iOS app. */
            iosBundleIds: z
                .array(z.string().regex(/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/, { message: "must be a bundle id such as com.coachmeld.app" }))
                .min(1),
            /** The Android app: package and SHA-1 of each signing certificate (`eas credentials`; Play App Signing's key for store builds). */
            androidApps: z.array(z.strictObject({ packageName: z.string().min(3), sha1Fingerprint: z.string().min(40) })).min(1),
        }),
    }),
    /** The document's `rateLimiter` ("API Rate Limiting"), per user. */
    rateLimits: z
        .strictObject({
            ai: limiter(100, 3600, 600),
            api: limiter(1000, 3600, 300),
        })
        .default({
            ai: { requests: 100, windowSeconds: 3600, blockSeconds: 600 },
            api: { requests: 1000, windowSeconds: 3600, blockSeconds: 300 },
        }),
    waf: z
        .strictObject({
            enabled: z.boolean().default(true),
            /** block | count. Default: the AwsWaf profile (count in dev, block in staging and prod). */
            mode: z.enum(["block", "count"]).optional(),
        })
        .default({ enabled: true }),
    /** Archive bucket of database backups (Backup Strategy: "S3 Cold Storage", "90-day Archive"). */
    archive: z
        .strictObject({
            /** Days an archived backup is kept. */
            retentionDays: z.number().int().min(1).default(90),
            /**
             * Cron (UTC) of extra exports under `frequent/` between the daily ones: the recovery point when PITR is off
             * (rpo-supabase-pitr accepts a pg_dump schedule firing at least every 60 minutes). Default: none.
             */
            frequentSchedule: z.string().min(1).optional(),
            /** Days a `frequent/` export is kept (S3 Standard, not archived, not replicated). Default: 2. */
            frequentRetentionDays: z.number().int().min(1).max(365).optional(),
            /** Copy the archive to a second region. Default: the AwsFileStorage profile (prod only). */
            replication: z.boolean().optional(),
        })
        .default({ retentionDays: 90 }),
    monitoring: z.strictObject({
        /** Recipients of alarms and budget alerts (each confirms the SNS subscription once). */
        alertEmails: z.array(email).min(1, { message: "needs at least one address" }),
    }),
    budgets: z.strictObject({
        /** AWS budget on Amazon CloudFront, USD a month. The document: CDN $10 (100 GB of bandwidth). */
        cdnMonthlyUsd: z.number().positive(),
        /** "CDN | Bandwidth | 100GB": the CDN's monthly bandwidth; an alarm fires on a day above a thirtieth of it. */
        cdnMonthlyGb: z.number().positive().default(100),
        /** AWS budget on every AWS service of the account (CDN, WAF, S3, KMS, CloudWatch, Route 53), USD a month. */
        awsMonthlyUsd: z.number().positive(),
        /** Extra budget recipients (the alarm topic always gets the alerts). */
        emails: z.array(email).default([]),
    }),
    sentry: z.strictObject({
        /** Slug of the Sentry organization. */
        organization: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { message: "must be a Sentry organization slug" }),
        /** Team slug owning the projects. */
        team: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { message: "must be a Sentry team slug" }),
    }),
    /**
     * The GitHub Actions + EAS pipeline of the app repository ("CI/CD Pipeline"). Set in ONE stack only (prod): the
     * repository's `staging` and `production` environments and workflow files are shared by every environment.
     */
    pipeline: z
        .strictObject({
            /** Repository name (the owner is `github:owner`). */
            repository: z.string().regex(/^[A-Za-z0-9._-]+$/, { message: "must be a repository name (no owner)" }),
            /** Required reviewers of the production environment: numeric user and team ids, 1 to 6 in total. */
            productionReviewers: z.strictObject({ users: z.array(githubId).default([]), teams: z.array(githubId).default([]) }),
            stagingBranch: z.string().default("develop"),
            productionBranch: z.string().default("main"),
            /** Tags that build and submit a store release (`null`: no release workflow). */
            releaseTagPattern: z.string().nullable().default("mobile-v*"),
            /** Folder of the Expo app in the repository. */
            workingDirectory: z.string().default("."),
            /** App Store Connect app id (numeric Apple ID): `eas submit --non-interactive` needs it for iOS. */
            appStoreConnectAppId: z.string().regex(/^\d+$/, { message: "must be the numeric Apple ID of the app in App Store Connect" }),
        })
        .optional(),
    /** Secret (`pulumi config set --secret expoToken <token>`): the Expo robot token the EAS jobs use (EXPO_TOKEN). */
    expoToken: secretValue(z.string().min(1)).optional(),
});

export type StackConfig = z.infer<typeof stackConfigSchema>;
export type Limiter = StackConfig["rateLimits"]["ai"];

/** Reads and validates this stack's config; throws a StackConfigError naming the file and keys on any problem. */
export function loadConfig(): StackConfig {
    const config = readStackConfig(stackConfigSchema);
    if (config.web.domain !== undefined && config.hostedZoneId === undefined) {
        const problem = `coachmeld:hostedZoneId: is missing while web.domain is set (${config.web.domain}); it is the Route 53 zone that validates the certificate`;
        throw new StackConfigError(`Invalid stack config in Pulumi.${pulumi.getStack()}.yaml:\n  - ${problem}`, [problem]);
    }
    if (config.pipeline !== undefined && config.expoToken === undefined) {
        const problem = "coachmeld:expoToken: is missing while pipeline is set (`pulumi config set --secret expoToken <token>`)";
        throw new StackConfigError(`Invalid stack config in Pulumi.${pulumi.getStack()}.yaml:\n  - ${problem}`, [problem]);
    }
    return config;
}
