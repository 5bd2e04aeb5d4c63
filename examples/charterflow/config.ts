import {
    AWS_REGIONS,
    WAF_MIN_RATE_LIMIT,
    DEFAULT_POSTGRES_VERSION,
    type Environment,
    addArgProblems,
    containerTaskProblems,
    engineVersionProblems,
    readStackConfig,
    secretValue,
} from "@appstack/components";
import { z } from "zod";

/**
 * CharterFlow's stack config: one schema, every key documented in README.md ("Configuration"). Keys an environment
 * profile decides are optional: set them only to override the profile (each stack file says which it sets and why).
 */
const email = z.email({ message: "must be an email address" });
const hostname = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
    message: "must be a lower-case DNS name such as api.charterflow.app",
});
const awsRegion = z.string().refine((r) => AWS_REGIONS.includes(r), { message: "must be an AWS region such as us-west-2" });
const image = z.string().min(1, { message: "must name a container image, e.g. ghcr.io/charterflow/api:1.0.0" });
const cloudflareId = z.string().regex(/^[0-9a-f]{32}$/, { message: "must be a Cloudflare id: 32 lower-case hex characters" });
const tasks = z.number().int().min(1).max(1000);
const iamRoleArn = z.string().regex(/^arn:aws:iam::\d{12}:role\/[\w+=,.@\/-]+$/, {
    message: "must be an IAM role ARN such as arn:aws:iam::123456789012:role/charterflow-deploy",
});
const secretName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: "must be a GitHub secret name (letters, digits, _)" });
/** A service's task size and counts, checked by AwsContainerService's own rule with this environment's profile. */
const taskRules =
    (environment: Environment) =>
    (s: { cpu?: number; memory?: number; minTasks?: number; maxTasks?: number }, ctx: z.RefinementCtx): void =>
        addArgProblems(ctx, containerTaskProblems(environment, s), { "autoscaling.min": "minTasks", "autoscaling.max": "maxTasks" });

export const stackConfigSchema = (environment: Environment) =>
    z.strictObject({
        /** dev | staging | prod: the profile every component takes its defaults from. Default: from the stack name. */
        environment: z.enum(["dev", "staging", "prod"]).optional(),
        /**
         * Route 53 hosted zone of the API's domain (`api.<app domain>`, delegated from the Cloudflare zone with the NS
         * records of `edge.apiNameservers`): the ACM certificate validates and the alias record lives there.
         */
        hostedZoneId: z.string().regex(/^Z[A-Z0-9]{4,32}$/, { message: "must be a Route 53 hosted zone id such as Z0123456789ABC" }),
        domains: z.strictObject({
            /** The web app's domain (apex of the Cloudflare zone), e.g. charterflow.app (NEXT_PUBLIC_APP_URL). */
            app: hostname,
            /** The API's domain, e.g. api.charterflow.app (NEXT_PUBLIC_API_URL). */
            api: hostname,
        }),
        edge: z.strictObject({
            /** Id of the environment's existing Cloudflare zone (one zone per environment, see README). */
            zoneId: cloudflareId,
            /** Cloudflare account id: the Worker script belongs to the account. */
            accountId: cloudflareId,
            /** The zone's plan: it bounds the rate-limit period (free 10 s, pro 60 s, business 600 s). */
            plan: z.enum(["free", "pro", "business", "enterprise"]),
            /** Lowest TLS version clients may use (TLS 1.3 is always on); §5.1 "TLS 1.3 everywhere" is 1.3. */
            minTlsVersion: z.enum(["1.2", "1.3"]).default("1.3"),
            /** Per-IP rate limit of the zone; the period must be one the plan allows (CloudflareEdge validates it). */
            rateLimit: z.strictObject({
                requests: z.number().int().min(1),
                periodSeconds: z.number().int().positive(),
                mitigationTimeoutSeconds: z.number().int().positive(),
            }),
            /** Route 53 name servers of `hostedZoneId`: NS records delegating the API's domain from the Cloudflare zone. */
            apiNameservers: z.array(hostname).max(8).default([]),
            /** Route 53 name servers of `files.cdnHostedZoneId`: NS records delegating the files domain from the Cloudflare zone. */
            filesNameservers: z.array(hostname).max(8).default([]),
            /** Edge redirects run by the Worker: exact path → target path or URL (301). */
            redirects: z.record(z.string().startsWith("/"), z.string().min(1)).default({}),
            /** Path prefixes the Worker lets through only with a valid session JWT (HS256, signed with jwtSecret). */
            protectedPaths: z.array(z.string().startsWith("/")).default(["/app/"]),
            /** Cookie holding the session JWT. */
            sessionCookie: z
                .string()
                .regex(/^[A-Za-z0-9_-]+$/)
                .default("session"),
        }),
        web: z.strictObject({
            /** Vercel team owning the project (`team_...`). */
            teamId: z.string().regex(/^team_[A-Za-z0-9]+$/, { message: "must be a Vercel team id such as team_abc123" }),
            /** Directory of the Next.js app in the monorepo. */
            rootDirectory: z.string().default("apps/web"),
            /** Region of the app's serverless functions, next to the API (us-east-1 → iad1). */
            functionRegion: z.string().default("iad1"),
            /** Connect the project to GitHub: pushes to `productionBranch` deploy, other branches and PRs get previews. */
            gitRepository: z.strictObject({ repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/), productionBranch: z.string().min(1) }).optional(),
        }),
        api: z
            .strictObject({
                image,
                /** NestJS listens on 3001 (document §1.1, PORT=3001). */
                port: z.number().int().min(1).max(65535).default(3001),
                cpu: z.number().int().optional(),
                memory: z.number().int().optional(),
                minTasks: tasks.optional(),
                maxTasks: tasks.optional(),
            })
            .superRefine(taskRules(environment)),
        worker: z
            .strictObject({
                image,
                command: z.array(z.string()).min(1).optional(),
                cpu: z.number().int().optional(),
                memory: z.number().int().optional(),
                minTasks: tasks.optional(),
                maxTasks: tasks.optional(),
            })
            .superRefine(taskRules(environment)),
        database: z
            .strictObject({
                /** PostgreSQL version; pgvector needs 15.2 or later. */
                engineVersion: z
                    .string()
                    .superRefine((v, ctx) => addArgProblems(ctx, engineVersionProblems(v, "")))
                    .default(DEFAULT_POSTGRES_VERSION),
                instanceClass: z.string().startsWith("db.").optional(),
                allocatedStorageGb: z.number().int().min(20).max(65536).optional(),
                multiAz: z.boolean().optional(),
                replicas: z.number().int().min(0).max(5).optional(),
                backupRetentionDays: z.number().int().min(1).max(35).optional(),
                backupCopyRegion: awsRegion.optional(),
            })
            .default({ engineVersion: DEFAULT_POSTGRES_VERSION }),
        cache: z
            .strictObject({
                nodeType: z.string().startsWith("cache.").optional(),
                replicas: z.number().int().min(0).max(5).optional(),
                /** §7.1 "Cache: Redis clustering": shards (cluster mode) instead of one primary with replicas. */
                cluster: z
                    .strictObject({ shards: z.number().int().min(1).max(500), replicasPerShard: z.number().int().min(0).max(5) })
                    .optional(),
            })
            .default({}),
        files: z
            .strictObject({
                /** Cross-region replication of the uploads bucket. */
                replication: z.boolean().optional(),
                replicaRegion: awsRegion.optional(),
                /** Days an overwritten or deleted file stays recoverable. */
                noncurrentExpireAfterDays: z.number().int().min(1).optional(),
                /** Days before files under `tmp/` (the API's UPLOAD_PATH staging area) are deleted. */
                temporaryExpireAfterDays: z.number().int().min(1).default(1),
                /**
                 * §3.4 "CDN: CloudFront for file delivery": the distribution's domain, e.g. files.charterflow.app, in its own
                 * Route 53 zone (`cdnHostedZoneId`, delegated from the Cloudflare zone by `edge.filesNameservers`). Required
                 * in staging and prod; dev serves on the *.cloudfront.net name.
                 */
                cdnDomain: hostname.optional(),
                cdnHostedZoneId: z
                    .string()
                    .regex(/^Z[A-Z0-9]{4,32}$/, { message: "must be a Route 53 hosted zone id such as Z0123456789ABC" })
                    .optional(),
                /** A CloudFront-scope WAF in front of the files CDN (~$9/month: web ACL, rules, requests). Off in dev. */
                cdnWaf: z.boolean().default(true),
                /** PEM public key whose private half (secret `filesSigningPrivateKey`) signs CloudFront download URLs. */
                signingPublicKey: z
                    .string()
                    .startsWith("-----BEGIN PUBLIC KEY-----", { message: "must be a PEM public key (openssl pkey -pubout)" }),
            })
            .refine((f) => (f.cdnDomain === undefined) === (f.cdnHostedZoneId === undefined), {
                message: "cdnDomain and cdnHostedZoneId go together",
            }),
        /**
         * §5.1 "HTTPS: TLS 1.3 everywhere": the API load balancer's listener policy, TLS 1.3 only by default
         * (`ELBSecurityPolicy-TLS13-1-3-*`; the -1-2- policies also accept TLS 1.2 clients).
         */
        tls: z
            .strictObject({
                loadBalancerSslPolicy: z
                    .string()
                    .startsWith("ELBSecurityPolicy-TLS13-", { message: "must be a TLS 1.3 policy, ELBSecurityPolicy-TLS13-*" })
                    .default("ELBSecurityPolicy-TLS13-1-3-PQ-2025-09"),
            })
            .default({ loadBalancerSslPolicy: "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09" }),
        waf: z
            .strictObject({
                mode: z.enum(["block", "count"]).optional(),
                requestsPerMinute: z
                    .number()
                    .int()
                    .min(WAF_MIN_RATE_LIMIT, {
                        message: `must be at least ${WAF_MIN_RATE_LIMIT} (the provider's minimum for a rate-based rule)`,
                    })
                    .default(100),
            })
            .default({ requestsPerMinute: 100 }),
        monitoring: z.strictObject({
            alertEmails: z.array(email).min(1, { message: "needs at least one address" }),
            availabilityPercent: z.number().gt(0).lt(100).default(99.9),
            latencyP95Ms: z.number().int().positive().default(500),
        }),
        budget: z.strictObject({
            monthlyUsd: z.number().positive(),
            emails: z.array(email).default([]),
        }),
        /**
         * §2 "Deployment Pipeline" in the app's GitHub repository (the provider's `github:owner` names the owner): pushes
         * to develop run the tests and deploy the dev stack; a `v*` tag on main deploys staging, runs the E2E tests there,
         * then production after its reviewers. One stack manages a repository's pipeline, so only prod sets it.
         */
        pipeline: z
            .strictObject({
                /** Repository name (not owner/name). */
                repository: z
                    .string()
                    .regex(/^[\w.-]+$/, { message: "must be a repository name such as charterflow (the owner is github:owner)" }),
                /** Numeric GitHub user and team ids that approve production deploys (`gh api orgs/<org>/teams/<team> --jq .id`). */
                productionReviewers: z.strictObject({
                    users: z.array(z.number().int().positive()).default([]),
                    teams: z.array(z.number().int().positive()).default([]),
                }),
                /** The integration branch (§2 "develop"): its pushes deploy the dev stack. */
                developBranch: z
                    .string()
                    .regex(/^[A-Za-z0-9._/-]+$/)
                    .default("develop"),
                /** Release tags must point at a commit of this branch (§2: develop is merged into main, then tagged). */
                releaseBranch: z
                    .string()
                    .regex(/^[A-Za-z0-9._/-]+$/)
                    .default("main"),
                /** Folder of this Pulumi project in the repository. */
                infrastructureDirectory: z.string().min(1).default("infra"),
                /** URLs the E2E tests run against, per stage below production (production is https://<domains.app>). */
                appUrls: z.strictObject({ development: z.url({ protocol: /^https$/ }), staging: z.url({ protocol: /^https$/ }) }),
                /** IAM roles the deploy jobs assume by GitHub OIDC (trusting `repo:<owner>/<repository>:environment:<stage>`). */
                deployRoleArns: z.strictObject({ development: iamRoleArn, staging: iamRoleArn, production: iamRoleArn }),
            })
            .optional(),
        /** Secret (`pulumi config set --secret --path 'pipelineSecrets.staging.PULUMI_ACCESS_TOKEN' ...`): environment secrets per stage. */
        pipelineSecrets: z
            .strictObject({
                development: z.record(secretName, secretValue(z.string())).default({}),
                staging: z.record(secretName, secretValue(z.string())).default({}),
                production: z.record(secretName, secretValue(z.string())).default({}),
            })
            .optional(),
        /** Secret: `pulumi config set --secret jwtSecret ...` (JWT_SECRET of the API, also verifies sessions at the edge). */
        jwtSecret: secretValue(z.string().min(16, { message: "must be at least 16 characters" })),
        /** Secret: the PEM private key of `files.signingPublicKey` (CLOUDFRONT_PRIVATE_KEY of the API, which signs file URLs). */
        filesSigningPrivateKey: secretValue(z.string().min(1)),
        /** Secret: `pulumi config set --secret alertWebhookUrl https://...`: alarms are posted there too. */
        alertWebhookUrl: secretValue(z.url({ protocol: /^https$/, message: "must be an https:// URL" })).optional(),
    });

export type StackConfig = z.infer<ReturnType<typeof stackConfigSchema>>;

/** Reads and validates this stack's config; throws a StackConfigError naming the file and keys on any problem. */
export function loadConfig(): StackConfig {
    return readStackConfig(stackConfigSchema);
}
