/**
 * CharterFlow (seeds/004_26df5cf4e3d052a1.txt, "Deployment Architecture"), one stack per environment:
 *
 *   users ─► Cloudflare zone (CDN, WAF, rate limit, Worker: redirects & auth) ─► Next.js on Vercel
 *   Next.js ─► api.<domain>: ALB (AWS WAF) ─► NestJS API on ECS Fargate ─► Postgres (+ replica, pgvector), Redis, S3
 *   BullMQ workers on ECS Fargate (no load balancer) ─► Postgres (pgvector), Redis (queue)
 *   monitoring (SLO alarms, Route 53 health checks on /health) and a monthly budget over the AWS side.
 *
 * Every difference between dev, staging and prod comes from the components' environment profiles and the keys set in
 * Pulumi.<stack>.yaml; this file only wires components to each other.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
    AwsBudget,
    AwsFileStorage,
    AwsMonitoring,
    AwsNetwork,
    AwsPostgres,
    AwsRedis,
    AwsSecret,
    AwsWaf,
    AwsWebService,
    AwsWorkerService,
    CloudflareEdge,
    GithubServerPipeline,
    VercelWebApp,
    stackEnvironment,
} from "@appstack/components";
import { loadConfig } from "./config";

const config = loadConfig();
// The profile every component takes, read once from the stack (its `environment` key, else its name).
const environment = stackEnvironment();
const region = new pulumi.Config("aws").require("region");
const appUrl = `https://${config.domains.app}`;

// §5.1 "VPC: Private network for backend services": tasks in private subnets, data stores in data subnets.
const network = new AwsNetwork("network", {});

// §3.3 PostgreSQL with daily backups and a read replica for queries; §6.1 daily snapshots + point-in-time recovery;
// pgvector ("VECTOR: Embeddings") allowed through rds.allowed_extensions.
const database = new AwsPostgres("db", {
    network,
    engineVersion: config.database.engineVersion,
    instanceClass: config.database.instanceClass,
    allocatedStorageGb: config.database.allocatedStorageGb,
    multiAz: config.database.multiAz,
    replicas: config.database.replicas,
    backupRetentionDays: config.database.backupRetentionDays,
    backupReplication: config.database.backupCopyRegion ? { region: config.database.backupCopyRegion } : undefined,
    databaseName: "charterflow",
    extensions: ["vector", "pg_stat_statements", "pgcrypto", "uuid-ossp"],
});

// §3.3 Redis "Session & Queue": BullMQ keeps jobs and locks in Redis, so nothing may be evicted. §7.1 "Cache: Redis
// clustering": prod shards the keyspace (cluster mode; BullMQ queues take a {hash-tag} prefix so each queue stays in one slot).
const cache = new AwsRedis("cache", {
    network,
    nodeType: config.cache.nodeType,
    ...(config.cache.cluster
        ? { clusterMode: true, numNodeGroups: config.cache.cluster.shards, replicasPerNodeGroup: config.cache.cluster.replicasPerShard }
        : { replicas: config.cache.replicas }),
    maxmemoryPolicy: "noeviction",
});

// §3.4 "CDN: CloudFront for file delivery": downloads through CloudFront (OAC, signed URLs the API issues with the
// key pair of files.signingPublicKey), behind a CloudFront-scope WAF: AWS's managed rules and the same per-IP flood
// guard as the API's (every signed download is a request to the origin bucket). Uploads stay presigned PUT/POST
// straight to S3: the document puts the CDN on delivery only, and uploads through CloudFront would gain no caching.
const filesWaf = config.files.cdnWaf
    ? new AwsWaf("files-waf", {
          scope: "CLOUDFRONT",
          rateLimit: { limit: config.waf.requestsPerMinute, windowSeconds: 60 },
          mode: config.waf.mode,
      })
    : undefined;

// §3.4 S3 file storage: SSE-KMS, lifecycle cleanup (tmp/ uploads expire, old versions expire), §6.1 cross-region
// replication (prod). Browsers upload with presigned URLs issued by the API and download through the CDN.
const files = new AwsFileStorage("files", {
    cdn: {
        domain:
            config.files.cdnDomain !== undefined ? { name: config.files.cdnDomain, hostedZoneId: config.files.cdnHostedZoneId } : undefined,
        minimumProtocolVersion: config.files.cdnDomain !== undefined ? "TLSv1.3_2025" : undefined, // §5.1 "TLS 1.3 everywhere"
        webAcl: filesWaf,
        signingPublicKeys: [config.files.signingPublicKey],
    },
    replication: config.files.replication,
    replicaRegion: config.files.replicaRegion,
    noncurrentExpireAfterDays: config.files.noncurrentExpireAfterDays,
    temporaryPrefix: "tmp/",
    temporaryExpireAfterDays: config.files.temporaryExpireAfterDays,
    corsOrigins: [appUrl],
});

// §5.1 "WAF: Web application firewall" on the API's load balancer; §5.2 "Rate limiting: API rate limiting".
const apiWaf = new AwsWaf("api-waf", {
    scope: "REGIONAL",
    rateLimit: { limit: config.waf.requestsPerMinute, windowSeconds: 60 },
    mode: config.waf.mode,
});

// §5.2 "Environment variables: Secure secret management": JWT_SECRET from Secrets Manager, never plain env.
const appSecrets = new AwsSecret("app-secrets", { values: pulumi.secret({ JWT_SECRET: config.jwtSecret }), keys: ["JWT_SECRET"] });
// The private key of the files CDN's signed URLs: the API signs downloads, the workers never see it.
const filesSigningKey = new AwsSecret("files-signing-key", {
    values: pulumi.secret({ CLOUDFRONT_PRIVATE_KEY: config.filesSigningPrivateKey }),
    keys: ["CLOUDFRONT_PRIVATE_KEY"],
});

// §1.2 Production variables. DATABASE_URL and REDIS_URL carry credentials, so the app assembles them from the parts
// the links set (DATABASE_HOST, DATABASE_PORT, DATABASE_NAME, DATABASE_USER, REDIS_HOST, REDIS_PORT) and the secrets
// they read from Secrets Manager (DATABASE_PASSWORD, REDIS_AUTH_TOKEN), with JWT_SECRET from the app secrets.
const sharedLinks = [database, cache, appSecrets];
const sharedEnv = { NODE_ENV: environment === "dev" ? "development" : "production" };

// §3.2 NestJS in Docker on ECS behind an application load balancer, CPU-based autoscaling; §4.3 readiness
// /health/ready is the load balancer's check.
const api = new AwsWebService("api", {
    network,
    image: config.api.image,
    port: config.api.port,
    cpu: config.api.cpu,
    memory: config.api.memory,
    healthCheckPath: "/health/ready",
    autoscaling: { min: config.api.minTasks, max: config.api.maxTasks },
    loadBalancer: {
        domain: { name: config.domains.api, hostedZoneId: config.hostedZoneId },
        webAcl: apiWaf,
        sslPolicy: config.tls.loadBalancerSslPolicy,
    },
    env: {
        ...sharedEnv,
        PORT: String(config.api.port),
        APP_URL: appUrl,
        CORS_ORIGIN: appUrl,
        S3_REGION: region,
        UPLOAD_PATH: "/tmp/uploads",
    },
    // API → S3 (deployment diagram): S3_BUCKET, and read, write and delete of current files; versions stay for recovery.
    links: [...sharedLinks, files.link("readWrite"), filesSigningKey],
    // §4.3 liveness: ECS restarts a container whose /health/live fails (the load balancer uses readiness, above).
    healthCheck: {
        command: [
            "CMD-SHELL",
            `node -e "fetch('http://127.0.0.1:${config.api.port}/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"`,
        ],
        startPeriodSeconds: 60,
    },
});

// "Background Workers: BullMQ Jobs" → pgvector and Redis: the same image, a worker command, no load balancer.
const worker = new AwsWorkerService("worker", {
    network,
    image: config.worker.image,
    command: config.worker.command,
    cpu: config.worker.cpu,
    memory: config.worker.memory,
    autoscaling: { min: config.worker.minTasks, max: config.worker.maxTasks },
    env: sharedEnv,
    links: sharedLinks,
});

// §3.1 Next.js on Vercel (static generation + ISR at Vercel's edge), §1.2 frontend variables.
const web = new VercelWebApp("web", {
    teamId: config.web.teamId,
    framework: "nextjs",
    rootDirectory: config.web.rootDirectory,
    functionRegion: config.web.functionRegion,
    gitRepository: config.web.gitRepository,
    domain: config.domains.app,
    env: { NEXT_PUBLIC_APP_URL: appUrl },
    links: [api.link("NEXT_PUBLIC_API_URL")],
    // Both targets in every environment: dev's "production" deployments are the develop branch (see Pulumi.dev.yaml).
    envTargets: ["production", "preview"],
    // Behind Cloudflare's proxy Vercel sees Cloudflare's addresses, not the clients': the per-IP limit is enforced
    // at Cloudflare (below), and Vercel's rule only logs so it never throttles a whole Cloudflare data centre.
    rateLimitAction: "log",
});

// "Cloudflare CDN: Static Assets" and "Edge Functions: Redirects & Auth" in front of the web app. Created after the
// Vercel project and its domain, so the zone never proxies to Vercel before Vercel knows the domain.
const edge = new CloudflareEdge(
    "edge",
    {
        zoneId: config.edge.zoneId,
        accountId: config.edge.accountId,
        plan: config.edge.plan,
        minTlsVersion: config.edge.minTlsVersion,
        records: [
            { name: config.domains.app, type: "CNAME", content: "cname.vercel-dns.com", comment: "Next.js on Vercel" },
            {
                name: `www.${config.domains.app}`,
                type: "CNAME",
                content: config.domains.app,
                comment: "redirected to the apex by the Worker",
            },
            // The API's domain is delegated to Route 53 (certificate and alias record of the load balancer live there).
            ...config.edge.apiNameservers.map((ns, i) => ({
                name: config.domains.api,
                type: "NS" as const,
                content: ns,
                ttl: 3600,
                key: `ns${i + 1}`,
            })),
            // The files CDN's domain is delegated to its own Route 53 zone (certificate validation and alias records).
            ...(config.files.cdnDomain !== undefined
                ? config.edge.filesNameservers.map((ns, i) => ({
                      name: config.files.cdnDomain ?? "",
                      type: "NS" as const,
                      content: ns,
                      ttl: 3600,
                      key: `ns${i + 1}`,
                  }))
                : []),
        ],
        rateLimits: [{ name: "per-ip", expression: 'starts_with(http.request.uri.path, "/")', ...config.edge.rateLimit }],
        cache: { bypassPathPrefixes: ["/api/", "/_next/data/"] },
        worker: {
            name: "edge",
            contentFile: path.join(__dirname, "edge", "worker.js"),
            routes: [`${config.domains.app}/*`, `www.${config.domains.app}/*`],
            vars: {
                APP_HOST: config.domains.app,
                REDIRECTS: JSON.stringify(config.edge.redirects),
                PROTECTED_PREFIXES: JSON.stringify(config.edge.protectedPaths),
                SESSION_COOKIE: config.edge.sessionCookie,
            },
            secrets: { JWT_SECRET: config.jwtSecret },
        },
    },
    { dependsOn: [web] },
);

// §4 Monitoring: SLO alarms of the API, CPU/memory of both services, database and Redis; §3.2 Route 53 checks
// of the API on /health and of the web app's front door (Cloudflare → Vercel).
const monitoring = new AwsMonitoring("monitoring", {
    notify: { emails: config.monitoring.alertEmails, webhookUrl: config.alertWebhookUrl },
    slo: { availability: config.monitoring.availabilityPercent / 100, latencyMs: config.monitoring.latencyP95Ms },
    monitor: [api, worker, database, cache],
    healthCheckPath: "/health",
    healthChecks: [{ url: appUrl, path: "/" }],
});

const budget = new AwsBudget("budget", {
    monthlyLimitUsd: config.budget.monthlyUsd,
    emails: config.budget.emails,
    topic: monitoring,
});

// §2 "Deployment Pipeline" (feature → develop: "PR Merge", "Tests Pass" → merge into main → "Tag Release" → "Deploy
// Staging" → "E2E Tests" → "Deploy Production"), by `pulumi up` of each stack with AWS credentials by OIDC:
//   - pull requests into develop and main: full tests, lint, type-check, npm audit, dependency review;
//   - pushes to develop: the same, then the dev stack (its Vercel project deploys develop through its Git connection);
//   - a v* tag whose commit is on main: tests, build, staging (stack and web app), E2E on staging, then production,
//     which waits for its reviewers and admits v* tags only. Nothing deploys staging or production from a branch.
// No CodeQL: the document asks for no code scanning (§5 lists validation, CORS, secrets, rate limits), and on a private
// repository it needs GitHub Advanced Security. One stack per repository: prod manages it (`pipeline` is unset elsewhere).
const pipelineSecrets = (stage: "development" | "staging" | "production") =>
    Object.fromEntries(Object.entries(config.pipelineSecrets?.[stage] ?? {}).map(([name, value]) => [name, pulumi.secret(value)]));
const pipeline = config.pipeline
    ? new GithubServerPipeline("pipeline", {
          repository: config.pipeline.repository,
          defaultBranch: config.pipeline.releaseBranch,
          options: {
              cloud: "aws",
              vercel: true,
              infrastructureDirectory: config.pipeline.infrastructureDirectory,
              policyPack: "policies",
              stacks: { development: "dev", staging: "staging", production: "prod" },
          },
          productionReviewers: config.pipeline.productionReviewers,
          workflows: {
              ci: {
                  branches: [config.pipeline.developBranch, config.pipeline.releaseBranch],
                  fullTestBranches: [config.pipeline.developBranch, config.pipeline.releaseBranch],
              },
              dependencyReview: { branches: [config.pipeline.developBranch, config.pipeline.releaseBranch] },
              development: { branch: config.pipeline.developBranch, vercel: false },
              promote: { stagingBranches: [], tagPattern: "v*", tagsFrom: config.pipeline.releaseBranch },
          },
          secrets: {
              development: pipelineSecrets("development"),
              staging: pipelineSecrets("staging"),
              production: pipelineSecrets("production"),
          },
          variables: {
              development: {
                  APP_URL: config.pipeline.appUrls.development,
                  AWS_DEPLOY_ROLE_ARN: config.pipeline.deployRoleArns.development,
                  AWS_REGION: region,
              },
              staging: {
                  APP_URL: config.pipeline.appUrls.staging,
                  AWS_DEPLOY_ROLE_ARN: config.pipeline.deployRoleArns.staging,
                  AWS_REGION: region,
                  VERCEL_TEAM_ID: config.web.teamId,
              },
              production: {
                  APP_URL: appUrl,
                  AWS_DEPLOY_ROLE_ARN: config.pipeline.deployRoleArns.production,
                  AWS_REGION: region,
                  VERCEL_TEAM_ID: config.web.teamId,
              },
          },
      })
    : undefined;

export const webUrl = web.productionUrl;
export const vercelProjectId = web.projectId;
export const apiEndpoint = api.url;
export const edgeWorker = edge.workerName;
export const filesBucket = files.bucketName;
export const filesCdnUrl = files.cdnUrl ?? null;
export const filesReplicaBucket = files.replicaBucketName ?? null;
export const databaseHost = database.connection.host;
export const databaseReaderHosts = database.connection.readerHosts;
export const alarmTopicArn = monitoring.topicArn;
export const budgetName = budget.budgetName;
export const pipelineWorkflows = pipeline?.workflowPaths ?? null;
