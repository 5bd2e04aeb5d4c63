import {
    SUPABASE_INSTANCE_SIZES,
    SUPABASE_REGIONS,
    UPSTASH_REDIS_REGIONS,
    type Environment,
    addArgProblems,
    cloudRunScalingProblems,
    readStackConfig,
    secretValue,
} from "@appstack/components";
import { z } from "zod";

/**
 * TechMate AI's stack config (seeds/003): one schema, every key documented in README.md ("Configuration"). Keys an
 * environment profile decides are optional: set them only to override the profile (each stack file says which it
 * sets and which line of the document asks for it). Provider keys (`gcp:project`, `gcp:region`, `vercel:apiToken`,
 * `upstash:email`, `upstash:apiKey`, `github:owner`, `github:token`, `sentry:token`) belong to the providers.
 */
const email = z.email({ message: "must be an email address" });
const hostname = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
    message: "must be a lower-case DNS name such as api.techmate.ai",
});
const secret = secretValue(z.string().min(8, { message: "must be set with `pulumi config set --secret` (at least 8 characters)" }));
const perMinute = z.number().int().min(1).max(100_000);

const stackConfigObject = (environment: Environment) =>
    z.strictObject({
        /** dev | staging | prod: the profile every component takes its defaults from. Default: from the stack name. */
        environment: z.enum(["dev", "staging", "prod"]).optional(),
        /** Public names (seeds/003 "Environments"). Unset in dev: the document's development runs on localhost. */
        domains: z
            .strictObject({
                /** Web app on Vercel, e.g. techmate.ai / staging.techmate.ai. */
                web: hostname,
                /** API: on the load balancer when `edge` is set (staging, prod), else a Cloud Run domain mapping. */
                api: hostname,
            })
            .optional(),
        web: z.strictObject({
            /** Vercel team owning the project (`team_...`). */
            teamId: z.string().regex(/^team_[A-Za-z0-9]+$/, { message: "must be a Vercel team id such as team_abc123" }),
            /** The web app is a Vite app (the document's development web URL is localhost:5173). */
            framework: z.string().default("vite"),
            /** Directory of the web app in the monorepo. */
            rootDirectory: z.string().default("apps/web"),
            /** Per-IP rate limit of the Vercel firewall, requests a minute: the backstop of the per-user limit. */
            rateLimitPerMinute: perMinute.default(100),
        }),
        api: z
            .strictObject({
                /** Container image of the API in Artifact Registry; CI deploys later revisions (see README). */
                image: z.string().min(1, { message: "must name a container image" }),
                /** Port the backend listens on (the document's development backend is localhost:3000). */
                port: z.number().int().min(1).max(65535).default(3000),
                cpu: z.number().int().optional(),
                memory: z
                    .string()
                    .regex(/^\d+(Mi|Gi)$/)
                    .optional(),
                /** Cloud Run scaling bounds; the profile gives dev 0-2, staging 1-5, prod 2-50 (seeds/003: "2-50 instances"). */
                minInstances: z.number().int().min(0).max(1000).optional(),
                maxInstances: z.number().int().min(1).max(1000).optional(),
                /**
                 * Requests a minute one user may make, the API's own counter (a Redis counter per user id) for what the edge
                 * cannot tell apart (several sessions of one user, tokens whose first 128 bytes match; dev has no edge).
                 */
                rateLimitPerUserPerMinute: perMinute.default(100),
            })
            .superRefine((api, ctx) => addArgProblems(ctx, cloudRunScalingProblems(environment, api))),
        /**
         * The API's edge (README "Rate limiting"): a global external Application Load Balancer on `domains.api` with Cloud
         * Armor throttling per user (the Authorization header) and per IP, the Cloud Run service then reachable only through
         * it. Set in staging and prod; unset in dev (no domain for the certificate; $25+ a month for a sandbox).
         */
        edge: z
            .strictObject({
                /** Requests a minute per Authorization header value (seeds/003: "Rate Limiting: 100 req/min per user"). */
                userRequestsPerMinute: perMinute.default(100),
                /** Requests a minute per client IP for requests without an Authorization header (sign-in, health). */
                ipRequestsPerMinute: perMinute.default(100),
            })
            .optional(),
        database: z.strictObject({
            /** Supabase organization slug (its plan decides what the project may use: Pro for PITR). */
            organizationId: z.string().min(1),
            /** Supabase region, next to Cloud Run's region (us-east-1 for us-east1). */
            region: z.enum(SUPABASE_REGIONS),
            instanceSize: z.enum(SUPABASE_INSTANCE_SIZES).optional(),
            /** Days of point-in-time recovery (0: daily backups only). Profile: dev 0, staging 7, prod 7. */
            pointInTimeRecoveryDays: z.number().int().min(0).max(28).optional(),
            /** RPO the database must meet, minutes (the document: RPO 1 hour). Profile: dev 1440, staging and prod 60. */
            recoveryPointObjectiveMinutes: z.number().int().min(2).optional(),
        }),
        redis: z
            .strictObject({
                primaryRegion: z.enum(UPSTASH_REDIS_REGIONS).default("us-east-1"),
                /** Read regions; profile: none in dev and staging, the paired region in prod. */
                readRegions: z.array(z.enum(UPSTASH_REDIS_REGIONS)).optional(),
                /** Upstash monthly spend cap, USD (seeds/003: Redis $10-50). Profile: dev 10, staging 20, prod 50. */
                monthlyCapUsd: z.number().int().positive().optional(),
            })
            .default({ primaryRegion: "us-east-1" }),
        sentry: z.strictObject({
            organization: z.string().min(1),
            /** Team slug owning the Sentry projects. */
            team: z.string().min(1),
            /**
             * Name of the Slack workspace of the Sentry organization's Slack integration (installed once in Sentry): Sentry's
             * alerts also post to `monitoring.slackChannel` ("Slack: Critical errors"). Unset: they e-mail the team only.
             */
            slackWorkspace: z.string().min(1).optional(),
        }),
        /** Alerting (seeds/003 "Alerting"). Unset in dev: nobody is paged for a developer's sandbox. */
        monitoring: z
            .strictObject({
                /** Email: production issues and health check failures. */
                alertEmails: z.array(email).min(1, { message: "needs at least one address" }),
                /** Slack channel for critical errors (with the secret `slackAuthToken`). */
                slackChannel: z
                    .string()
                    .regex(/^#[a-z0-9_-]{1,80}$/)
                    .optional(),
                availabilityPercent: z.number().gt(0).lt(100).default(99.9),
                /** API p95 target, ms (seeds/003 "Performance": p95 < 500ms). */
                apiLatencyP95Ms: z.number().int().positive().default(500),
                /** Web page load p95 target, ms (seeds/003: p95 < 2s), alerted in Sentry. */
                webLatencyP95Ms: z.number().int().positive().default(2000),
            })
            .optional(),
        budget: z.strictObject({
            /** Cloud Billing account of the project, e.g. 012345-6789AB-CDEF01. */
            billingAccount: z
                .string()
                .regex(/^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/, { message: "must be a billing account id such as 012345-6789AB-CDEF01" }),
            /** Monthly Google Cloud budget, USD (Cloud Run is the only GCP line of the document's table: $50-200). */
            gcpMonthlyUsd: z.number().positive(),
        }),
        /** The GitHub side of this stack (seeds/003 "CI/CD Pipeline"). Unset in dev. */
        pipeline: z
            .strictObject({
                /** Repository name (the owner is `github:owner`). */
                repository: z.string().regex(/^[\w.-]+$/),
                /** The GitHub environment this stack fills with variables and secrets. */
                githubEnvironment: z.enum(["staging", "production"]),
                /** Required reviewers of the environment: the manual approval of production (numeric ids). */
                reviewers: z
                    .strictObject({
                        users: z.array(z.number().int().positive()).default([]),
                        teams: z.array(z.number().int().positive()).default([]),
                    })
                    .optional(),
                /** This stack commits the four workflows and eas.json (exactly one stack should: prod). */
                commitWorkflows: z.boolean().default(false),
                /**
                 * App Store Connect app id (the app's numeric Apple ID, App Store Connect → App Information), written to
                 * eas.json `submit.production.ios.ascAppId`: without it `eas submit --platform ios --non-interactive` fails
                 * ("Set ascAppId in the submit profile (eas.json) or re-run this command in interactive mode.", expo/eas-cli
                 * packages/eas-cli/src/submit/ios/IosSubmitCommand.ts, resolveAscAppIdentifierAsync). Required with
                 * `commitWorkflows`, the stack that writes eas.json.
                 */
                appStoreConnectAppId: z
                    .string()
                    .regex(/^\d+$/, { message: "must be the numeric Apple ID of the app in App Store Connect" })
                    .optional(),
                /** Workload Identity provider GitHub Actions authenticates with (created once, outside these stacks). */
                gcpWorkloadIdentityProvider: z
                    .string()
                    .regex(/^projects\/\d+\/locations\/global\/workloadIdentityPools\/[a-z0-9-]+\/providers\/[a-z0-9-]+$/),
                /** Service account the deploy jobs impersonate (run.developer, artifactregistry.writer, actAs the runtime account). */
                gcpDeployServiceAccount: email,
                /** Artifact Registry repository the images are pushed to, e.g. us-east1-docker.pkg.dev/techmate-prod/api. */
                artifactRegistry: z.string().regex(/^[a-z0-9-]+-docker\.pkg\.dev\/[a-z0-9-]+\/[a-z0-9-]+$/),
                /**
                 * seeds/003 "GitHub: Branch protection, required reviews": pull requests only on `branch`, with this many
                 * approvals and the CI checks passing. Set on the stack that commits the workflows (prod).
                 */
                branchProtection: z
                    .strictObject({
                        branch: z.string().min(1).default("main"),
                        requiredApprovals: z.number().int().min(1).max(6).default(1),
                    })
                    .optional(),
            })
            .superRefine((pipeline, ctx) => {
                if (pipeline.commitWorkflows && pipeline.appStoreConnectAppId === undefined)
                    ctx.addIssue({
                        code: "custom",
                        path: ["appStoreConnectAppId"],
                        message: "is required with commitWorkflows: eas submit cannot submit iOS builds from CI without it",
                    });
            })
            .optional(),
        /**
         * seeds/003 "Rotation: Quarterly for production secrets": Secret Manager's rotation schedule on every secret of the
         * API, with an alert to `monitoring.alertEmails` when rotation is due. Set in prod.
         */
        secretsRotation: z
            .strictObject({
                periodDays: z.number().int().min(1).default(90),
                /** First rotation, RFC 3339 UTC, e.g. 2027-01-04T09:00:00Z (Secret Manager moves it forward after each). */
                firstRotation: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, {
                    message: "must be an RFC 3339 UTC time such as 2027-01-04T09:00:00Z",
                }),
            })
            .optional(),
        /**
         * Scheduled exports of the database to Cloud Storage (seeds/003 "Database Backups": "Daily automated backups",
         * "Retention: 30 days", "Testing: Monthly restore tests", "Location: Same region as database"), run by the
         * pipeline's repository (`pipeline.repository`). Set in prod (README, "Backups").
         */
        databaseExport: z
            .strictObject({
                /** Cloud Storage region: the database's (Supabase us-east-1 is N. Virginia, as is US-EAST4). */
                location: z.string().min(2),
                /** Cron (UTC) of the daily export. */
                schedule: z.string().default("17 3 * * *"),
                /** Days an export is kept (the document: 30). */
                retentionDays: z.number().int().min(1).default(30),
                /** Cron (UTC) of the restore drill ("Monthly restore tests": the 1st of each month). */
                restoreSchedule: z.string().default("41 4 1 * *"),
            })
            .optional(),
        /** Secret: OAuth token of the Google Cloud Monitoring Slack app (with `monitoring.slackChannel`). */
        slackAuthToken: secret.optional(),
        /** Secret: Slack incoming webhook the mobile release posts to ("Send notifications"). */
        slackWebhookUrl: secret.optional(),
        /** Secret: Vercel token the deploy jobs use (`VERCEL_TOKEN`). */
        vercelDeployToken: secret.optional(),
        /** Secret: Expo access token of the mobile release (`EXPO_TOKEN`). */
        expoToken: secret.optional(),
        /** Secret map (`pulumi config set --secret --path 'appSecrets.JWT_SECRET' ...`): Secret Manager secrets of the API. */
        appSecrets: z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/, { message: "names must be UPPER_SNAKE_CASE" }), z.string()).default({}),
    });

/** The stack config schema: the keys above, and `edge` only with `domains` (its certificate is for `domains.api`). */
export const stackConfigSchema = (environment: Environment) =>
    stackConfigObject(environment).superRefine((stack, ctx) => {
        if (stack.edge !== undefined && stack.domains === undefined)
            ctx.addIssue({
                code: "custom",
                path: ["edge"],
                message: "needs domains.api (the load balancer's certificate is issued for it)",
            });
    });

export type StackConfig = z.infer<ReturnType<typeof stackConfigSchema>>;

/** Reads and validates this stack's config; throws a StackConfigError naming the file and keys on any problem. */
export function loadConfig(): StackConfig {
    return readStackConfig(stackConfigSchema);
}
