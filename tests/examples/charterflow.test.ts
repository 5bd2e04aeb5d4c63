import * as crypto from "node:crypto";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type PlanJson, REPO, planJson } from "../support/cli";
import { parse } from "yaml";
import { DEFAULT_POSTGRES_VERSION } from "../../components/src/postgres/versions";
import { githubParse } from "../support/github-workflow-parser";

/**
 * CharterFlow (seeds/004_26df5cf4e3d052a1.txt) planned end to end through `npm run plan -- --cwd examples/charterflow`:
 * the document's architecture in prod, the differences between dev, staging and prod chosen in the stack files,
 * the policy gate and the budget; and the edge Worker's redirects and auth, run as Cloudflare would run them.
 */
const CWD = path.join(REPO, "examples/charterflow");
const plans: Record<"dev" | "staging" | "prod", PlanJson> = {} as never;

beforeAll(async () => {
    const [dev, staging, prod] = await Promise.all(["dev", "staging", "prod"].map((stack) => planJson(["--cwd", CWD, "--stack", stack])));
    Object.assign(plans, { dev, staging, prod });
}, 180_000);

const ofType = (p: PlanJson, type: string) => p.resources.filter((r) => r.type === type);
const one = (p: PlanJson, type: string, name: string) => {
    const found = p.resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} ${name}, found ${found.length}`);
    return found[0];
};
const RDS = "aws:rds/instance:Instance";
const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const ZONE_SETTING = "cloudflare:index/zoneSetting:ZoneSetting";
const RULESET = "cloudflare:index/ruleset:Ruleset";
const setting = (p: PlanJson, id: string) => ofType(p, ZONE_SETTING).find((s) => s.inputs.settingId === id)?.inputs.value;
const awsRateRule = (p: PlanJson) =>
    one(p, "aws:wafv2/webAcl:WebAcl", "api-waf-acl").inputs.rules.find((r: any) => r.statement?.rateBasedStatement);
const edgeRateRule = (p: PlanJson) => one(p, RULESET, "edge-rate-limit").inputs.rules[0];
const scaling = (p: PlanJson, service: "api" | "worker") => one(p, "aws:appautoscaling/target:Target", `${service}-scaling-target`).inputs;
const containers = (p: PlanJson, service: "api" | "worker") =>
    JSON.parse(one(p, "aws:ecs/taskDefinition:TaskDefinition", `${service}-task`).inputs.containerDefinitions);

describe("CharterFlow prod: the document's architecture", () => {
    it("runs Postgres 16 Multi-AZ with a read replica for queries, 30-day PITR, backups copied to us-west-2", () => {
        const p = plans.prod;
        const primary = one(p, RDS, "db-primary");
        expect(primary.inputs).toMatchObject({
            engine: "postgres",
            engineVersion: DEFAULT_POSTGRES_VERSION,
            multiAz: true,
            backupRetentionPeriod: 30,
            storageEncrypted: true,
            publiclyAccessible: false,
            deletionProtection: true,
            dbName: "charterflow",
        });
        const replica = one(p, RDS, "db-replica-1");
        expect(replica.inputs.replicateSourceDb).toBe(primary.inputs.identifier);
        expect(ofType(p, RDS)).toHaveLength(2);
        const copy = ofType(p, "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication");
        expect(copy.map((c) => c.inputs.region)).toEqual(["us-west-2"]);
    });

    it("allows pgvector (and forces TLS) in the parameter group", () => {
        const params = one(plans.prod, "aws:rds/parameterGroup:ParameterGroup", "db-params").inputs.parameters;
        const allowed = params.find((x: any) => x.name === "rds.allowed_extensions").value.split(",");
        expect(allowed).toContain("vector");
        expect(params.find((x: any) => x.name === "rds.force_ssl").value).toBe("1");
    });

    it('keeps BullMQ\'s queue safe in Redis: noeviction, TLS, failover across AZs, sharded (§7.1 "Cache: Redis clustering")', () => {
        const p = plans.prod;
        expect(one(p, "aws:elasticache/parameterGroup:ParameterGroup", "cache-params").inputs.parameters).toEqual([
            { name: "maxmemory-policy", value: "noeviction" },
            { name: "cluster-enabled", value: "yes" },
        ]);
        expect(one(p, "aws:elasticache/replicationGroup:ReplicationGroup", "cache-group").inputs).toMatchObject({
            clusterMode: "enabled",
            numNodeGroups: 2,
            replicasPerNodeGroup: 1,
            automaticFailoverEnabled: true,
            multiAzEnabled: true,
            transitEncryptionEnabled: true,
            atRestEncryptionEnabled: true,
        });
    });

    it("replicates the encrypted uploads bucket to another region, with lifecycle cleanup on both sides", () => {
        const p = plans.prod;
        const source = one(p, "aws:s3/bucket:Bucket", "files-bucket");
        const replica = one(p, "aws:s3/bucket:Bucket", "files-replica");
        expect(replica.inputs.region).toBe("us-west-2");
        expect(source.inputs.region).toBeUndefined(); // the stack's region, us-east-1 (§1.2 S3_REGION)
        const replication = ofType(p, REPLICATION);
        expect(replication).toHaveLength(1);
        expect(replication[0].inputs.bucket).toBe(source.inputs.bucket);
        expect(replication[0].inputs.rules[0]).toMatchObject({
            status: "Enabled",
            deleteMarkerReplication: { status: "Enabled" },
            destination: { bucket: `arn:aws:s3:::${replica.inputs.bucket}` },
        });
        for (const name of ["files-encryption", "files-replica-encryption"]) {
            expect(
                one(p, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", name).inputs.rules[0]
                    .applyServerSideEncryptionByDefault.sseAlgorithm,
            ).toBe("aws:kms");
        }
        for (const name of ["files-lifecycle", "files-replica-lifecycle"]) {
            const rules = one(p, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", name).inputs.rules;
            expect(rules.find((r: any) => r.id === "expire-temporary-uploads")).toMatchObject({
                filter: { prefix: "tmp/" },
                expiration: { days: 1 },
            });
            expect(rules.find((r: any) => r.id === "expire-noncurrent-versions").noncurrentVersionExpiration.noncurrentDays).toBe(90);
        }
        expect(one(p, "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration", "files-cors").inputs.corsRules[0].allowedOrigins).toEqual([
            "https://charterflow.app",
        ]);
    });

    it("runs the NestJS API behind a load balancer checking /health/ready, liveness on /health/live, and BullMQ workers without one", () => {
        const p = plans.prod;
        expect(
            ofType(p, "aws:ecs/service:Service")
                .map((s) => s.name)
                .sort(),
        ).toEqual(["api-service", "worker-service"]);
        const apiService = one(p, "aws:ecs/service:Service", "api-service");
        const workerService = one(p, "aws:ecs/service:Service", "worker-service");
        expect(apiService.inputs.loadBalancers).toHaveLength(1);
        expect(workerService.inputs.loadBalancers).toBeUndefined();
        expect(ofType(p, "aws:lb/loadBalancer:LoadBalancer").map((l) => l.name)).toEqual(["api-alb"]);
        expect(one(p, "aws:lb/targetGroup:TargetGroup", "api-tg").inputs).toMatchObject({
            port: 3001,
            healthCheck: { path: "/health/ready" },
        });
        const [apiContainer] = containers(p, "api");
        expect(apiContainer.healthCheck.command.join(" ")).toContain("http://127.0.0.1:3001/health/live");
        expect(apiContainer.portMappings).toEqual([{ containerPort: 3001, protocol: "tcp" }]);
        const [workerContainer] = containers(p, "worker");
        expect(workerContainer).toMatchObject({ command: ["node", "dist/worker.js"], portMappings: [] });
        // §1.2 variables; secrets come from Secrets Manager, never plain env.
        const env = Object.fromEntries(apiContainer.environment.map((e: any) => [e.name, e.value]));
        expect(env).toMatchObject({
            PORT: "3001",
            S3_REGION: "us-east-1",
            S3_BUCKET: one(p, "aws:s3/bucket:Bucket", "files-bucket").inputs.bucket,
            UPLOAD_PATH: "/tmp/uploads",
            CORS_ORIGIN: "https://charterflow.app",
        });
        // CLOUDFRONT_PRIVATE_KEY signs the files CDN's download URLs (§3.4): the API's alone.
        expect(apiContainer.secrets.map((s: any) => s.name)).toEqual([
            "CLOUDFRONT_PRIVATE_KEY",
            "DATABASE_PASSWORD",
            "JWT_SECRET",
            "REDIS_AUTH_TOKEN",
        ]);
        expect(workerContainer.secrets.map((s: any) => s.name)).toEqual(["DATABASE_PASSWORD", "JWT_SECRET", "REDIS_AUTH_TOKEN"]);
        expect(JSON.stringify(p.resources)).not.toContain(`"JWT_SECRET":"plan-secret`);
        // Only the API reaches S3 (API → S3 in the diagram).
        const filesAccess = ofType(p, "aws:iam/rolePolicy:RolePolicy").filter((r) => r.name === "api-files-access");
        expect(filesAccess).toHaveLength(1);
    });

    it("autoscales the API 2-20 and the workers 2-10 tasks", () => {
        expect(scaling(plans.prod, "api")).toMatchObject({ minCapacity: 2, maxCapacity: 20 });
        expect(scaling(plans.prod, "worker")).toMatchObject({ minCapacity: 2, maxCapacity: 10 });
    });

    it("blocks more than 100 requests per minute per IP at the API's WAF", () => {
        const acl = one(plans.prod, "aws:wafv2/webAcl:WebAcl", "api-waf-acl");
        expect(acl.inputs.scope).toBe("REGIONAL");
        expect(awsRateRule(plans.prod).statement.rateBasedStatement).toMatchObject({
            limit: 100,
            evaluationWindowSec: 60,
            aggregateKeyType: "IP",
        });
        expect(awsRateRule(plans.prod).action).toEqual({ block: {} });
        expect(ofType(plans.prod, "aws:wafv2/webAclAssociation:WebAclAssociation")).toHaveLength(1);
    });

    // §5.1 "HTTPS: TLS 1.3 everywhere" (issue 12): the zone and the API's listener accept TLS 1.3 only.
    it("sets the Cloudflare zone to strict SSL, TLS 1.3 minimum, HTTPS only, HSTS; the API listener is TLS 1.3 only", () => {
        const p = plans.prod;
        expect(setting(p, "ssl")).toBe("strict");
        expect(setting(p, "min_tls_version")).toBe("1.3");
        expect(p.resources.find((r) => r.type === "aws:lb/listener:Listener" && r.name === "api-https")?.inputs.sslPolicy).toBe(
            "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
        );
        expect(setting(p, "tls_1_3")).toBe("on");
        expect(setting(p, "always_use_https")).toBe("on");
        expect(setting(p, "security_header").strict_transport_security).toMatchObject({ enabled: true, max_age: 31536000 });
    });

    it("runs managed WAF rules, a 100/min rate limit allowed on a Pro zone, and caches static assets only", () => {
        const p = plans.prod;
        const managed = one(p, RULESET, "edge-waf-managed").inputs.rules;
        expect(managed.map((r: any) => [r.ref, r.enabled])).toEqual([
            ["cloudflare-managed", true],
            ["owasp-core", true],
        ]);
        expect(edgeRateRule(p)).toMatchObject({
            action: "block",
            enabled: true,
            ratelimit: { requestsPerPeriod: 100, period: 60, mitigationTimeout: 600, characteristics: ["cf.colo.id", "ip.src"] },
        });
        const cache = one(p, RULESET, "edge-cache").inputs.rules;
        expect(cache.map((r: any) => r.ref)).toEqual(["static-assets", "bypass-dynamic"]);
        expect(cache[1].expression).toContain('starts_with(http.request.uri.path, "/api/")');
    });

    it("deploys the edge Worker (redirects & auth) on the app's routes, with JWT_SECRET as a secret binding", () => {
        const p = plans.prod;
        const scripts = ofType(p, "cloudflare:index/workersScript:WorkersScript");
        expect(scripts).toHaveLength(1);
        const script = scripts[0];
        expect(script.inputs.content).toContain("verifySession");
        const bindings = Object.fromEntries(script.inputs.bindings.map((b: any) => [b.name, b]));
        expect(bindings.APP_HOST).toMatchObject({ type: "plain_text", text: "charterflow.app" });
        expect(JSON.parse(bindings.PROTECTED_PREFIXES.text)).toEqual(["/app/"]);
        expect(bindings.JWT_SECRET).toMatchObject({ type: "secret_text", text: "[secret]" });
        const routes = ofType(p, "cloudflare:index/workersRoute:WorkersRoute");
        expect(routes.map((r) => r.inputs.pattern).sort()).toEqual(["charterflow.app/*", "www.charterflow.app/*"]);
        for (const route of routes) expect(route.inputs.script).toBe(script.inputs.scriptName);
        // The routes' hosts are proxied records pointing at Vercel; the API's name is delegated to Route 53.
        const records = ofType(p, "cloudflare:index/dnsRecord:DnsRecord");
        expect(records.find((r) => r.inputs.name === "charterflow.app")!.inputs).toMatchObject({
            type: "CNAME",
            content: "cname.vercel-dns.com",
            proxied: true,
        });
        expect(records.filter((r) => r.inputs.name === "api.charterflow.app").map((r) => [r.inputs.type, r.inputs.proxied])).toEqual(
            Array(4).fill(["NS", false]),
        );
    });

    it("hosts the Next.js app on Vercel with the document's production variables", () => {
        const p = plans.prod;
        const project = one(p, "vercel:index/project:Project", "web-project");
        expect(project.inputs).toMatchObject({
            framework: "nextjs",
            rootDirectory: "apps/web",
            teamId: "team_charterflow01",
            resourceConfig: { functionDefaultRegions: ["iad1"] },
        });
        expect(project.inputs.gitRepository).toBeUndefined(); // released by the pipeline after staging's E2E tests
        expect(one(p, "vercel:index/projectDomain:ProjectDomain", "web-domain").inputs.domain).toBe("charterflow.app");
        const vars = ofType(p, "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable")
            .map((v) => v.name)
            .sort();
        expect(vars).toEqual([
            "web-env-preview-NEXT_PUBLIC_API_URL",
            "web-env-preview-NEXT_PUBLIC_APP_URL",
            "web-env-production-NEXT_PUBLIC_API_URL",
            "web-env-production-NEXT_PUBLIC_APP_URL",
        ]);
    });

    it("checks the API's /health and the web front door from Route 53, and alarms on the SLO", () => {
        const checks = ofType(plans.prod, "aws:route53/healthCheck:HealthCheck").map((c) => [c.inputs.fqdn, c.inputs.resourcePath]);
        expect(checks.sort()).toEqual([
            ["api.charterflow.app", "/health"],
            ["charterflow.app", "/"],
        ]);
        const alarms = ofType(plans.prod, "aws:cloudwatch/metricAlarm:MetricAlarm");
        expect(alarms.find((a) => a.name.includes("availability"))!.inputs.threshold).toBeCloseTo(0.001, 6);
        expect(alarms.find((a) => a.name.includes("latency"))!.inputs).toMatchObject({ extendedStatistic: "p95", threshold: 0.5 });
    });

    it("passes the policy gate with zero mandatory violations, within the $2,000 budget", () => {
        const p = plans.prod;
        expect(p.violations.filter((v) => v.level === "mandatory")).toEqual([]);
        expect(one(p, "aws:budgets/budget:Budget", "budget-budget").inputs.limitAmount).toBe("2000.00");
        expect(p.cost.budgetUsd).toBe(2000);
        expect(p.cost.monthlyUsd).toBeGreaterThan(0);
        expect(p.cost.monthlyUsd).toBeLessThanOrEqual(p.cost.budgetUsd!);
    });
});

describe("CharterFlow: what dev, staging and prod differ in", () => {
    it("only prod has a read replica, Multi-AZ and cross-region backup copies; PITR 1 / 7 / 30 days", () => {
        expect([plans.dev, plans.staging, plans.prod].map((p) => ofType(p, RDS).length)).toEqual([1, 1, 2]);
        expect([plans.dev, plans.staging, plans.prod].map((p) => one(p, RDS, "db-primary").inputs.backupRetentionPeriod)).toEqual([
            1, 7, 30,
        ]);
        expect([plans.dev, plans.staging, plans.prod].map((p) => one(p, RDS, "db-primary").inputs.multiAz)).toEqual([false, false, true]);
        expect([plans.dev, plans.staging, plans.prod].map((p) => one(p, RDS, "db-primary").inputs.instanceClass)).toEqual([
            "db.t4g.micro",
            "db.t4g.medium",
            "db.r6g.large",
        ]);
        for (const p of [plans.dev, plans.staging]) {
            expect(ofType(p, "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication")).toHaveLength(0);
            // pgvector everywhere: the embeddings code runs against the same engine in every environment.
            expect(
                one(p, "aws:rds/parameterGroup:ParameterGroup", "db-params").inputs.parameters.find(
                    (x: any) => x.name === "rds.allowed_extensions",
                ).value,
            ).toContain("vector");
        }
    });

    it("only prod replicates uploads to another region; old versions kept 7 / 30 / 90 days", () => {
        expect([plans.dev, plans.staging, plans.prod].map((p) => ofType(p, REPLICATION).length)).toEqual([0, 0, 1]);
        expect([plans.dev, plans.staging, plans.prod].map((p) => ofType(p, "aws:s3/bucket:Bucket").length)).toEqual([1, 1, 2]);
        const noncurrent = (p: PlanJson) =>
            one(p, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "files-lifecycle").inputs.rules.find(
                (r: any) => r.id === "expire-noncurrent-versions",
            ).noncurrentVersionExpiration.noncurrentDays;
        expect([noncurrent(plans.dev), noncurrent(plans.staging), noncurrent(plans.prod)]).toEqual([7, 30, 90]);
    });

    it("Redis grows from one node to a failover pair to 2 shards of a primary and a replica, always noeviction", () => {
        const group = (p: PlanJson) => one(p, "aws:elasticache/replicationGroup:ReplicationGroup", "cache-group").inputs;
        expect([plans.dev, plans.staging].map((p) => group(p).numCacheClusters)).toEqual([1, 2]);
        expect(group(plans.prod)).toMatchObject({ numNodeGroups: 2, replicasPerNodeGroup: 1 });
        for (const p of [plans.dev, plans.staging]) {
            expect(one(p, "aws:elasticache/parameterGroup:ParameterGroup", "cache-params").inputs.parameters).toEqual([
                { name: "maxmemory-policy", value: "noeviction" },
            ]);
        }
    });

    it("the AWS WAF counts at 1000/min in dev, blocks at a relaxed 500/min in staging (E2E suite) and 100/min in prod", () => {
        expect(
            [plans.dev, plans.staging, plans.prod].map((p) => [
                awsRateRule(p).statement.rateBasedStatement.limit,
                Object.keys(awsRateRule(p).action)[0],
            ]),
        ).toEqual([
            [1000, "count"],
            [500, "block"],
            [100, "block"],
        ]);
    });

    it("Cloudflare: a Free dev zone with its 10-second period and rules off; Pro zones blocking 500/min and 100/min", () => {
        expect(edgeRateRule(plans.dev)).toMatchObject({
            enabled: false,
            ratelimit: { requestsPerPeriod: 160, period: 10, mitigationTimeout: 10 },
        });
        expect(edgeRateRule(plans.staging)).toMatchObject({
            enabled: true,
            action: "block",
            ratelimit: { requestsPerPeriod: 500, period: 60 },
        });
        expect(edgeRateRule(plans.prod)).toMatchObject({
            enabled: true,
            action: "block",
            ratelimit: { requestsPerPeriod: 100, period: 60 },
        });
        // Free zones run the Free Managed Ruleset (no OWASP); Pro zones the Cloudflare Managed and OWASP rulesets.
        expect(one(plans.dev, RULESET, "edge-waf-managed").inputs.rules.map((r: any) => r.ref)).toEqual(["free-managed"]);
        expect(one(plans.staging, RULESET, "edge-waf-managed").inputs.rules.map((r: any) => r.ref)).toEqual([
            "cloudflare-managed",
            "owasp-core",
        ]);
        // One zone per environment; strict TLS in every one; HSTS only where the domain is long-lived.
        expect(
            new Set([plans.dev, plans.staging, plans.prod].map((p) => setting(p, "ssl") + "/" + ofType(p, ZONE_SETTING)[0].inputs.zoneId))
                .size,
        ).toBe(3);
        for (const p of [plans.dev, plans.staging, plans.prod])
            expect([setting(p, "ssl"), setting(p, "min_tls_version")]).toEqual(["strict", "1.3"]);
        expect([plans.dev, plans.staging, plans.prod].map((p) => setting(p, "security_header").strict_transport_security.enabled)).toEqual([
            false,
            true,
            true,
        ]);
    });

    it("dev deploys the develop branch and PR previews from GitHub; staging and prod are released by the pipeline", () => {
        expect(one(plans.dev, "vercel:index/project:Project", "web-project").inputs.gitRepository).toEqual({
            type: "github",
            repo: "charterflow/charterflow",
            productionBranch: "develop",
        });
        expect(one(plans.staging, "vercel:index/project:Project", "web-project").inputs.gitRepository).toBeUndefined();
    });

    it("scales the API 1-2 / 1-4 / 2-20 and the workers 1-1 / 1-2 / 2-10 tasks, larger tasks in prod", () => {
        expect([plans.dev, plans.staging, plans.prod].map((p) => [scaling(p, "api").minCapacity, scaling(p, "api").maxCapacity])).toEqual([
            [1, 2],
            [1, 4],
            [2, 20],
        ]);
        expect(
            [plans.dev, plans.staging, plans.prod].map((p) => [scaling(p, "worker").minCapacity, scaling(p, "worker").maxCapacity]),
        ).toEqual([
            [1, 1],
            [1, 2],
            [2, 10],
        ]);
        expect(
            [plans.dev, plans.staging, plans.prod].map((p) => one(p, "aws:ecs/taskDefinition:TaskDefinition", "api-task").inputs.cpu),
        ).toEqual(["256", "512", "1024"]);
    });

    it("network: 1 NAT in dev and staging, one per AZ and flow logs in prod", () => {
        expect([plans.dev, plans.staging, plans.prod].map((p) => ofType(p, "aws:ec2/natGateway:NatGateway").length)).toEqual([1, 1, 3]);
        expect([plans.dev, plans.staging, plans.prod].map((p) => ofType(p, "aws:ec2/flowLog:FlowLog").length)).toEqual([0, 0, 1]);
    });

    it("dev protects nothing; staging and prod protect every stateful resource", () => {
        expect(plans.dev.resources.filter((r) => r.protect || r.retainOnDelete)).toEqual([]);
        const stateful = ["aws:rds/instance:Instance", "aws:s3/bucket:Bucket", "aws:elasticache/replicationGroup:ReplicationGroup"];
        for (const p of [plans.staging, plans.prod]) {
            for (const r of p.resources.filter((x) => stateful.includes(x.type)))
                expect([r.name, r.protect, r.retainOnDelete]).toEqual([r.name, true, true]);
        }
    });

    it("every stack has zero mandatory violations and stays within its budget ($200 / $350 / $2,000)", () => {
        for (const [stack, budget] of [
            ["dev", 200],
            ["staging", 350],
            ["prod", 2000],
        ] as const) {
            expect(
                plans[stack].violations.filter((v) => v.level === "mandatory"),
                stack,
            ).toEqual([]);
            expect(plans[stack].cost.budgetUsd, stack).toBe(budget);
            expect(plans[stack].cost.monthlyUsd, stack).toBeLessThanOrEqual(budget);
        }
    });
});

describe("CharterFlow pipeline (§2: develop → main → tag → staging → E2E → production)", () => {
    const FILE = "github:index/repositoryFile:RepositoryFile";
    const workflowFile = (p: PlanJson, file: string) => {
        const copies = ofType(p, FILE).filter((f) => f.inputs.file === file);
        if (copies.length === 0) throw new Error(`no ${file} in the plan`);
        return {
            branches: copies.map((f) => f.inputs.branch).sort(),
            content: copies[0].inputs.content as string,
            same: copies.every((f) => f.inputs.content === copies[0].inputs.content),
        };
    };
    const needs = (j: any): string[] => (typeof j.needs === "string" ? [j.needs] : (j.needs ?? []));
    const step = (j: any, prefix: string) => j.steps.find((s: any) => String(s.name).startsWith(prefix));

    it("every workflow the prod stack commits parses with GitHub's parser, on every branch it runs on", async () => {
        const paths = [...new Set(ofType(plans.prod, FILE).map((f) => f.inputs.file as string))].sort();
        expect(paths).toEqual([
            ".github/workflows/ci.yml",
            ".github/workflows/dependency-review.yml",
            ".github/workflows/deploy.yml",
            ".github/workflows/develop.yml",
        ]);
        for (const path of paths) {
            const f = workflowFile(plans.prod, path);
            expect(f.same, path).toBe(true);
            expect((await githubParse(path, f.content)).errors, path).toEqual([]);
        }
        // Workflows that run on develop (its pushes, pull requests into it) are committed to develop; the tag's deploy to main.
        expect(workflowFile(plans.prod, ".github/workflows/ci.yml").branches).toEqual(["develop", "main"]);
        expect(workflowFile(plans.prod, ".github/workflows/dependency-review.yml").branches).toEqual(["develop", "main"]);
        expect(workflowFile(plans.prod, ".github/workflows/develop.yml").branches).toEqual(["develop", "main"]);
        expect(workflowFile(plans.prod, ".github/workflows/deploy.yml").branches).toEqual(["main"]);
    });

    it("develop: pull requests and pushes run the full tests and npm audit; pushes deploy the dev stack, nothing else", async () => {
        const ci = parse(workflowFile(plans.prod, ".github/workflows/ci.yml").content);
        expect(ci.on.pull_request.branches).toEqual(["develop", "main"]);
        expect(ci.jobs["test-full"].if).toContain("refs/heads/develop");
        expect(step(ci.jobs["dependency-scan"], "Dependency vulnerability scan").run).toContain("npm audit");
        const review = parse(workflowFile(plans.prod, ".github/workflows/dependency-review.yml").content);
        expect(review.on).toEqual({ pull_request: { branches: ["develop", "main"] } });
        const { template } = await githubParse("develop.yml", workflowFile(plans.prod, ".github/workflows/develop.yml").content);
        expect(template?.events.push?.branches).toEqual(["develop"]);
        const develop = parse(workflowFile(plans.prod, ".github/workflows/develop.yml").content);
        expect(Object.keys(develop.jobs)).toEqual(["test", "dependency-scan", "build", "deploy-development"]);
        const deploy = develop.jobs["deploy-development"];
        expect(needs(deploy)).toEqual(["build"]);
        expect(deploy.environment.name).toBe("development");
        expect(step(deploy, "pulumi up").with).toMatchObject({
            command: "up",
            "stack-name": "dev",
            "work-dir": "infra",
            policyPacks: "policies",
            policyPackConfigs: "policies/config/dev.json",
        });
    });

    it("a v* tag on main: tests → build → staging → E2E on staging → production; only tags, and production only after E2E", async () => {
        const content = workflowFile(plans.prod, ".github/workflows/deploy.yml").content;
        const { template } = await githubParse("deploy.yml", content);
        expect(template?.events.push?.tags).toEqual(["v*"]);
        expect(template?.events.push?.branches).toBeUndefined();
        expect(template?.events.pull_request).toBeUndefined();
        const w = parse(content);
        const j = w.jobs;
        expect(step(j["verify-tag"], "Check that the tagged commit is on main").env).toEqual({ BRANCH: "main" });
        expect(needs(j["test"])).toEqual(["verify-tag"]);
        expect(needs(j["build"])).toEqual(["test", "dependency-scan"]);
        expect(needs(j["deploy-staging"])).toEqual(["build"]);
        expect(needs(j["e2e"])).toEqual(["deploy-staging"]);
        expect(step(j["e2e"], "E2E tests (staging)").env).toEqual({ E2E_BASE_URL: "${{ needs.deploy-staging.outputs.url }}" });
        expect(needs(j["deploy-production"])).toEqual(["e2e"]);
        expect(j["deploy-production"].if).toBe("github.ref_type == 'tag'");
        for (const [id, env, stack] of [
            ["deploy-staging", "staging", "staging"],
            ["deploy-production", "production", "prod"],
        ]) {
            const job = j[id];
            expect(job.environment.name, id).toBe(env);
            expect(job.permissions, id).toEqual({ contents: "read", "id-token": "write" });
            expect(step(job, "AWS credentials (OIDC)").with["role-to-assume"], id).toBe("${{ vars.AWS_DEPLOY_ROLE_ARN }}");
            expect(step(job, "pulumi up").with["stack-name"], id).toBe(stack);
            // §3.1 Next.js on Vercel: staging and prod have no Git connection, so the release deploys the web app.
            expect(step(job, "Deploy the web app (Vercel)"), id).toBeDefined();
        }
    });

    it("environments: production behind the release managers, admitting v* tags only; each stage assumes its own AWS role", () => {
        const p = plans.prod;
        const envs = ofType(p, "github:index/repositoryEnvironment:RepositoryEnvironment");
        expect(envs.map((e) => e.inputs.environment).sort()).toEqual(["development", "production", "staging"]);
        const production = envs.find((e) => e.inputs.environment === "production")!;
        expect(production.inputs).toMatchObject({
            repository: "charterflow",
            reviewers: [{ teams: [8812345], users: [] }],
            preventSelfReview: true,
            canAdminsBypass: false,
            deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
        });
        for (const e of envs.filter((x) => x.inputs.environment !== "production"))
            expect(e.inputs.reviewers, e.inputs.environment).toBeUndefined();
        const policies = ofType(p, "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy");
        expect(policies.map((x) => [x.inputs.tagPattern, x.inputs.branchPattern])).toEqual([["v*", undefined]]);
        const roleOf = (stage: string) =>
            one(p, "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable", `pipeline-${stage}-var-aws_deploy_role_arn`).inputs
                .value;
        expect([roleOf("development"), roleOf("staging"), roleOf("production")]).toEqual([
            "arn:aws:iam::333333333333:role/charterflow-deploy-dev",
            "arn:aws:iam::333333333333:role/charterflow-deploy-staging",
            "arn:aws:iam::444444444444:role/charterflow-deploy-prod",
        ]);
        expect(
            one(p, "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable", "pipeline-production-var-app_url").inputs.value,
        ).toBe("https://charterflow.app");
        const secrets = ofType(p, "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret");
        expect(secrets.map((s) => s.name).sort()).toEqual([
            "pipeline-development-secret-pulumi_access_token",
            "pipeline-production-secret-pulumi_access_token",
            "pipeline-production-secret-vercel_token",
            "pipeline-staging-secret-pulumi_access_token",
            "pipeline-staging-secret-vercel_token",
        ]);
        for (const s of secrets) expect(s.secretInputs, s.name).toContain("value");
    });

    it("one stack per repository: dev and staging manage no GitHub resources", () => {
        for (const stack of ["dev", "staging"] as const)
            expect(
                plans[stack].resources.filter((r) => r.type.startsWith("github:")),
                stack,
            ).toEqual([]);
    });
});

describe("CharterFlow edge Worker: redirects and auth", () => {
    type Worker = { fetch(request: Request, env: Record<string, string>): Promise<Response> };
    let worker: Worker;
    const secret = "test-secret-0123456789";
    const env = {
        APP_HOST: "charterflow.app",
        REDIRECTS: JSON.stringify({ "/signup": "/register" }),
        PROTECTED_PREFIXES: JSON.stringify(["/app/"]),
        SESSION_COOKIE: "session",
        JWT_SECRET: secret,
    };
    const jwt = (claims: object, key = secret) => {
        const header = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");
        const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
        return `${header}.${payload}.${crypto.createHmac("sha256", key).update(`${header}.${payload}`).digest("base64url")}`;
    };
    const call = (url: string, cookie?: string) => worker.fetch(new Request(url, { headers: cookie ? { Cookie: cookie } : {} }), env);
    const inAMinute = () => Math.floor(Date.now() / 1000) + 60;

    beforeAll(async () => {
        const modulePath = path.join(CWD, "edge/worker.js");
        worker = ((await import(modulePath)) as { default: Worker }).default;
        // The origin (Vercel) answers 200 with the path it saw.
        globalThis.fetch = ((input: Request) => Promise.resolve(new Response(`origin ${new URL(input.url).pathname}`))) as typeof fetch;
    });

    it("redirects www to the apex and configured paths, 301", async () => {
        const www = await call("https://www.charterflow.app/pricing?plan=pro");
        expect([www.status, www.headers.get("Location")]).toEqual([301, "https://charterflow.app/pricing?plan=pro"]);
        const signup = await call("https://charterflow.app/signup");
        expect([signup.status, signup.headers.get("Location")]).toEqual([301, "https://charterflow.app/register"]);
    });

    it("sends protected paths without a valid session to /login, and lets valid sessions through", async () => {
        const login = "https://charterflow.app/login?next=%2Fapp%2Fcharters";
        for (const cookie of [
            undefined,
            `session=${jwt({ sub: "u1", exp: inAMinute() - 120 })}`,
            `session=${jwt({ sub: "u1", exp: inAMinute() }, "another-secret-000000")}`,
            "session=not.a.jwt%%",
        ]) {
            const res = await call("https://charterflow.app/app/charters", cookie);
            expect([res.status, res.headers.get("Location")], String(cookie)).toEqual([302, login]);
        }
        const ok = await call("https://charterflow.app/app/charters", `theme=dark; session=${jwt({ sub: "u1", exp: inAMinute() })}`);
        expect([ok.status, await ok.text()]).toEqual([200, "origin /app/charters"]);
        const open = await call("https://charterflow.app/pricing");
        expect([open.status, await open.text()]).toEqual([200, "origin /pricing"]);
    });
});
