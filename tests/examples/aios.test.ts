import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { type PlanJson, REPO, planJson } from "../support/cli";

/**
 * examples/aios (seeds/002, AIOS "Deployment Architecture"), planned through `npm run plan`: the document's
 * "Environment Comparison" table row by row on the captured resource inputs, its monitoring targets, its backup
 * strategy, and the policy gate with each stack's own config.
 */
const CWD = path.join(REPO, "examples/aios");
const STACKS = ["dev", "staging", "prod"] as const;
type Stack = (typeof STACKS)[number];
const plans = {} as Record<Stack, PlanJson>;

beforeAll(async () => {
    const results = await Promise.all(STACKS.map((stack) => planJson(["--cwd", CWD, "--stack", stack])));
    STACKS.forEach((stack, i) => (plans[stack] = results[i]!));
}, 180_000);

type Resource = PlanJson["resources"][number];
const ofType = (p: PlanJson, type: string) => p.resources.filter((r) => r.type === type);
const one = (p: PlanJson, type: string, name: string): Resource => {
    const found = p.resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} ${name}, found ${found.length}`);
    return found[0];
};
/** The API container's plain environment, name → value. */
const apiEnv = (p: PlanJson): Record<string, string> => {
    const [container] = JSON.parse(one(p, "aws:ecs/taskDefinition:TaskDefinition", "api-task").inputs.containerDefinitions);
    return Object.fromEntries(container.environment.map((e: { name: string; value: string }) => [e.name, e.value]));
};
const apiSecretNames = (p: PlanJson): string[] => {
    const [container] = JSON.parse(one(p, "aws:ecs/taskDefinition:TaskDefinition", "api-task").inputs.containerDefinitions);
    return (container.secrets ?? []).map((s: { name: string }) => s.name).sort();
};
const rateRule = (acl: Resource) => acl.inputs.rules.find((r: any) => r.statement?.rateBasedStatement);
const alarm = (p: PlanJson, suffix: string) => one(p, "aws:cloudwatch/metricAlarm:MetricAlarm", `monitoring-${suffix}`).inputs;

const RDS = "aws:rds/instance:Instance";
const BACKUP_COPY = "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication";
const REDIS = "aws:elasticache/replicationGroup:ReplicationGroup";
const WEB_ACL = "aws:wafv2/webAcl:WebAcl";
const TARGET = "aws:appautoscaling/target:Target";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const SENTRY_PROJECT = "sentry:index/sentryProject:SentryProject";

describe("the Express API server in every environment", () => {
    it.each(STACKS)("%s: one load-balanced ECS service on port 5000, health-checked on /health", (stack) => {
        const p = plans[stack];
        expect(ofType(p, "aws:ecs/service:Service").map((r) => r.name)).toEqual(["api-service"]);
        const [container] = JSON.parse(one(p, "aws:ecs/taskDefinition:TaskDefinition", "api-task").inputs.containerDefinitions);
        expect(container.portMappings).toEqual([{ containerPort: 5000, protocol: "tcp" }]);
        expect(apiEnv(p).PORT).toBe("5000");
        expect(one(p, "aws:lb/targetGroup:TargetGroup", "api-tg").inputs).toMatchObject({ port: 5000, healthCheck: { path: "/health" } });
        expect(apiSecretNames(p)).toContain("JWT_SECRET");
    });
});

describe("Environment Comparison, row by row", () => {
    it("Database: Local/Mock (no cloud database, in-memory driver) / Cloud DB / Replicated DB", () => {
        expect(ofType(plans.dev, RDS)).toHaveLength(0);
        expect(apiEnv(plans.dev)).toMatchObject({ DB_DRIVER: "memory" });
        expect(apiEnv(plans.dev).DATABASE_HOST).toBeUndefined();
        expect(apiSecretNames(plans.dev)).not.toContain("DATABASE_PASSWORD");

        expect(ofType(plans.staging, RDS).map((r) => r.name)).toEqual(["db-primary"]);
        expect(one(plans.staging, RDS, "db-primary").inputs).toMatchObject({
            multiAz: false,
            storageEncrypted: true,
            publiclyAccessible: false,
        });
        expect(apiEnv(plans.staging)).toMatchObject({ DB_DRIVER: "postgres", DATABASE_SSL_MODE: expect.any(String) });

        const primary = one(plans.prod, RDS, "db-primary");
        const replica = one(plans.prod, RDS, "db-replica-1");
        expect(ofType(plans.prod, RDS)).toHaveLength(2);
        expect(primary.inputs).toMatchObject({
            multiAz: true,
            storageEncrypted: true,
            publiclyAccessible: false,
            deletionProtection: true,
        });
        expect(replica.inputs.replicateSourceDb).toBe(primary.inputs.identifier);
        expect(apiEnv(plans.prod).DATABASE_READER_HOSTS).toContain("replica-1");
    });

    it("Server: a dev cloud sandbox (localhost:5000 is the laptop) / staging.aios.app / aios.app, the API on its own name", () => {
        // API_URL=https://api.aios.app (api-staging.aios.app in staging) beside EXPO_PUBLIC_DOMAIN=aios.app: one
        // load balancer and certificate, an alias record per name.
        const record = (p: PlanJson, name: string) => ofType(p, "aws:route53/record:Record").find((r) => r.name === name)?.inputs.name;
        expect([plans.dev, plans.staging, plans.prod].map((p) => record(p, "api-alias"))).toEqual([
            "api-dev.aios.app",
            "api-staging.aios.app",
            "api.aios.app",
        ]);
        expect(
            [plans.dev, plans.staging, plans.prod].map((p, i) =>
                record(p, `api-alias-${["dev.aios.app", "staging.aios.app", "aios.app"][i]}`),
            ),
        ).toEqual(["dev.aios.app", "staging.aios.app", "aios.app"]);
        expect(one(plans.prod, "aws:acm/certificate:Certificate", "api-certificate").inputs).toMatchObject({
            domainName: "api.aios.app",
            subjectAlternativeNames: ["aios.app"],
        });
        expect(
            [apiEnv(plans.dev), apiEnv(plans.staging), apiEnv(plans.prod)].map((e) => [e.NODE_ENV, e.EXPO_PUBLIC_DOMAIN, e.API_URL]),
        ).toEqual([
            ["development", "dev.aios.app", "https://api-dev.aios.app"],
            ["staging", "staging.aios.app", "https://api-staging.aios.app"],
            ["production", "aios.app", "https://api.aios.app"],
        ]);
    });

    it("Monitoring: console logs / basic monitoring / full observability", () => {
        const logDays = (p: PlanJson) => one(p, "aws:cloudwatch/logGroup:LogGroup", "api-logs").inputs.retentionInDays;
        expect(STACKS.map((s) => logDays(plans[s]))).toEqual([7, 30, 90]);
        // dev: no alarm topic, no alarm, no dashboard, no health check
        for (const type of [ALARM, "aws:sns/topic:Topic", "aws:cloudwatch/dashboard:Dashboard", "aws:route53/healthCheck:HealthCheck"]) {
            expect(ofType(plans.dev, type), type).toHaveLength(0);
        }
        // staging: uptime and the API's alarms only, no dashboard
        expect(
            ofType(plans.staging, ALARM)
                .map((a) => a.name.replace("monitoring-", ""))
                .sort(),
        ).toEqual(["service-api-availability", "service-api-cpu", "service-api-health", "service-api-latency-p95", "service-api-memory"]);
        expect(ofType(plans.staging, "aws:cloudwatch/dashboard:Dashboard")).toHaveLength(0);
        // prod: plus the database and cache alarms, and the dashboard
        const prodAlarms = ofType(plans.prod, ALARM).map((a) => a.name.replace("monitoring-", ""));
        // "Database Queries: < 50ms average": db-db-query-latency.
        expect(prodAlarms).toEqual(
            expect.arrayContaining([
                "service-api-latency-p95",
                "db-db-cpu",
                "db-db-free-storage",
                "db-db-replica-lag-1",
                "db-db-query-latency",
                "cache-cache-memory-1",
            ]),
        );
        expect(prodAlarms).toHaveLength(12);
        expect(ofType(plans.prod, "aws:cloudwatch/dashboard:Dashboard")).toHaveLength(1);
        expect(ofType(plans.prod, "aws:ec2/flowLog:FlowLog")).toHaveLength(1);
    });

    it("Error Tracking: local only / Sentry staging / Sentry production", () => {
        expect(ofType(plans.dev, SENTRY_PROJECT)).toHaveLength(0);
        expect(apiEnv(plans.dev).SENTRY_DSN).toBeUndefined();
        for (const [stack, env] of [
            ["staging", "staging"],
            ["prod", "production"],
        ] as const) {
            const projects = ofType(plans[stack], SENTRY_PROJECT);
            expect(projects.map((r) => [r.name, r.inputs.platform]).sort(), stack).toEqual([
                ["sentry-api", "node-express"],
                ["sentry-mobile", "react-native"],
            ]);
            expect(projects.every((r) => r.inputs.slug.startsWith(`aios-${stack}-`))).toBe(true);
            expect(apiEnv(plans[stack])).toMatchObject({
                SENTRY_DSN: expect.stringMatching(/^https:\/\/.+ingest\.sentry\.io\//),
                SENTRY_ENVIRONMENT: env,
            });
            const latency = one(plans[stack], "sentry:index/sentryMetricAlert:SentryMetricAlert", "sentry-api-p95-latency").inputs;
            expect(latency).toMatchObject({ dataset: "generic_metrics", aggregate: "p95(transaction.duration)" });
            // Not scoped to an environment: Sentry rejects a scope it has not received an event for (a new project has none).
            expect(latency.environment).toBeUndefined();
        }
    });

    it("Analytics: disabled / sample rate 10 % / full tracking", () => {
        expect(STACKS.map((s) => [apiEnv(plans[s]).ANALYTICS_ENABLED, Number(apiEnv(plans[s]).ANALYTICS_SAMPLE_RATE)])).toEqual([
            ["false", 0],
            ["true", 0.1],
            ["true", 1],
        ]);
    });

    it("Cache: memory only / Redis (chosen: one node) / Redis + CDN", () => {
        expect(ofType(plans.dev, REDIS)).toHaveLength(0);
        expect(apiEnv(plans.dev).CACHE_DRIVER).toBe("memory");
        expect(ofType(plans.dev, "aws:cloudfront/distribution:Distribution")).toHaveLength(0);

        expect(one(plans.staging, REDIS, "cache-group").inputs).toMatchObject({ numCacheClusters: 1, transitEncryptionEnabled: true });
        expect(apiEnv(plans.staging)).toMatchObject({ CACHE_DRIVER: "redis", REDIS_TLS: "true" });
        expect(ofType(plans.staging, "aws:cloudfront/distribution:Distribution")).toHaveLength(0);

        expect(one(plans.prod, REDIS, "cache-group").inputs).toMatchObject({
            numCacheClusters: 3,
            automaticFailoverEnabled: true,
            multiAzEnabled: true,
        });
        expect(ofType(plans.prod, "aws:cloudfront/distribution:Distribution")).toHaveLength(1);
        expect(apiEnv(plans.prod)).toMatchObject({ CACHE_DRIVER: "redis", ASSETS_URL: "https://assets.aios.app" });
    });

    it("Backups: none / daily / continuous", () => {
        expect(ofType(plans.dev, RDS)).toHaveLength(0);
        expect(ofType(plans.dev, BACKUP_COPY)).toHaveLength(0);

        // staging: the automated daily snapshot in its window, kept 7 days; no copy to another region
        expect(one(plans.staging, RDS, "db-primary").inputs).toMatchObject({
            backupRetentionPeriod: 7,
            backupWindow: "03:00-03:30",
            skipFinalSnapshot: false,
        });
        expect(ofType(plans.staging, BACKUP_COPY)).toHaveLength(0);

        // prod: continuous WAL archiving (point-in-time recovery) and daily snapshots, 30 days, copied to a second region
        const primary = one(plans.prod, RDS, "db-primary");
        expect(primary.inputs).toMatchObject({
            backupRetentionPeriod: 30,
            backupWindow: "03:00-03:30",
            deleteAutomatedBackups: false,
            skipFinalSnapshot: false,
        });
        const copy = ofType(plans.prod, BACKUP_COPY);
        expect(copy).toHaveLength(1);
        expect(copy[0].inputs).toMatchObject({
            region: "us-west-2",
            retentionPeriod: 30,
            sourceDbInstanceArn: expect.stringContaining("aios-prod-db-primary"),
        });
        expect(copy[0].inputs.kmsKeyId).toMatch(/^arn:aws:kms:us-west-2:/);
    });

    it("SSL: HTTPS with a TLS 1.3 policy in every stack (dev included), HTTP only redirects", () => {
        for (const stack of STACKS) {
            const listeners = ofType(plans[stack], "aws:lb/listener:Listener");
            const https = listeners.find((l) => l.inputs.protocol === "HTTPS")!;
            expect(https.inputs.sslPolicy, stack).toMatch(/^ELBSecurityPolicy-TLS13-/);
            const http = listeners.find((l) => l.inputs.protocol === "HTTP")!;
            expect(http.inputs.defaultActions[0], stack).toMatchObject({
                type: "redirect",
                redirect: { protocol: "HTTPS", statusCode: "HTTP_301" },
            });
            expect(ofType(plans[stack], "aws:acm/certificate:Certificate").length, stack).toBeGreaterThan(0);
        }
        const distribution = one(plans.prod, "aws:cloudfront/distribution:Distribution", "assets-distribution");
        expect(distribution.inputs.viewerCertificate.minimumProtocolVersion).toMatch(/^TLSv1\.2_2021|^TLSv1\.3/);
    });

    it("Rate Limiting: disabled / relaxed / enforced (100 requests per minute per IP, blocking)", () => {
        expect(ofType(plans.dev, WEB_ACL)).toHaveLength(0);
        expect(ofType(plans.dev, "aws:wafv2/webAclAssociation:WebAclAssociation")).toHaveLength(0);

        const [stagingAcl] = ofType(plans.staging, WEB_ACL);
        expect(ofType(plans.staging, WEB_ACL)).toHaveLength(1);
        expect(rateRule(stagingAcl).statement.rateBasedStatement).toMatchObject({
            limit: 500,
            evaluationWindowSec: 60,
            aggregateKeyType: "IP",
        });
        expect(rateRule(stagingAcl).action).toEqual({ block: {} });

        const prodAcls = ofType(plans.prod, WEB_ACL);
        expect(prodAcls.map((a) => a.inputs.scope).sort()).toEqual(["CLOUDFRONT", "REGIONAL"]);
        for (const acl of prodAcls) {
            expect(rateRule(acl).statement.rateBasedStatement).toMatchObject({
                limit: 100,
                evaluationWindowSec: 60,
                aggregateKeyType: "IP",
            });
            expect(rateRule(acl).action).toEqual({ block: {} });
        }
    });

    it("Auto-scaling: no (fixed at one task) / no / yes (2 to 20 tasks on CPU and requests)", () => {
        const target = (p: PlanJson) => one(p, TARGET, "api-scaling-target").inputs;
        expect(target(plans.dev)).toMatchObject({ minCapacity: 1, maxCapacity: 1 });
        expect(target(plans.staging)).toMatchObject({ minCapacity: 1, maxCapacity: 1 });
        expect(target(plans.prod)).toMatchObject({ minCapacity: 2, maxCapacity: 20 });
        const cpuPolicy = one(plans.prod, "aws:appautoscaling/policy:Policy", "api-scale-cpu").inputs;
        expect(cpuPolicy.targetTrackingScalingPolicyConfiguration.targetValue).toBe(60);
    });
});

describe("the document's monitoring targets (prod)", () => {
    it("p95 < 200 ms, error rate < 0.1 % (uptime 99.9 %), CPU < 70 %, memory < 80 %", () => {
        const p = plans.prod;
        expect(alarm(p, "service-api-latency-p95")).toMatchObject({
            extendedStatistic: "p95",
            threshold: 0.2,
            metricName: "TargetResponseTime",
        });
        expect(alarm(p, "service-api-availability").threshold).toBeCloseTo(0.001, 6);
        expect(alarm(p, "service-api-cpu")).toMatchObject({ metricName: "CPUUtilization", threshold: 70 });
        expect(alarm(p, "service-api-memory")).toMatchObject({ metricName: "MemoryUtilization", threshold: 80 });
        expect(one(p, "aws:route53/healthCheck:HealthCheck", "monitoring-service-api-health-check").inputs).toMatchObject({
            fqdn: "api.aios.app",
            resourcePath: "/health",
        });
        expect(one(p, "sentry:index/sentryMetricAlert:SentryMetricAlert", "sentry-api-p95-latency").inputs.triggers[0].alertThreshold).toBe(
            200,
        );
    });

    it("database queries < 50 ms average: statements slower than 50 ms are logged, Performance Insights on", () => {
        for (const stack of ["staging", "prod"] as const) {
            const params = one(plans[stack], "aws:rds/parameterGroup:ParameterGroup", "db-params").inputs.parameters;
            expect(params.find((x: any) => x.name === "log_min_duration_statement").value, stack).toBe("50");
            expect(one(plans[stack], RDS, "db-primary").inputs.performanceInsightsEnabled, stack).toBe(true);
        }
    });

    it("staging alarms on the same targets as production", () => {
        expect(alarm(plans.staging, "service-api-latency-p95").threshold).toBe(0.2);
        expect(alarm(plans.staging, "service-api-cpu").threshold).toBe(70);
    });
});

describe("the Expo app's pipeline (prod stack)", () => {
    it("server pipeline (seeds CI/CD): main runs the full tests, builds, deploys staging and runs E2E; a tag goes on to prod; a hotfix path", () => {
        const workflow = (name: string) =>
            parseYaml(
                one(plans.prod, "github:index/repositoryFile:RepositoryFile", `server-pipeline-file-workflow-${name}-yml`).inputs
                    .content as string,
            );
        const deploy = workflow("deploy");
        expect(deploy.on).toEqual({ push: { tags: ["v*"], branches: ["main"] } });
        const needs = Object.fromEntries(
            Object.entries(deploy.jobs as Record<string, { needs?: string[] }>).map(([k, j]) => [k, j.needs ?? []]),
        );
        expect(needs).toMatchObject({
            build: ["test", "dependency-scan"],
            "deploy-staging": ["build"],
            e2e: ["deploy-staging"],
            "deploy-production": ["e2e"],
        });
        expect(deploy.jobs["deploy-production"]).toMatchObject({ if: "github.ref_type == 'tag'", environment: { name: "api-production" } });
        const hotfix = workflow("hotfix");
        expect(Object.keys(hotfix.on)).toEqual(["workflow_dispatch"]);
        expect(hotfix.jobs["deploy-production"].environment.name).toBe("api-production"); // the same reviewers as a release
        expect(
            one(plans.prod, "github:index/repositoryEnvironment:RepositoryEnvironment", "server-pipeline-production").inputs.reviewers[0]
                .teams,
        ).toHaveLength(1);
    });

    it("is managed once, from prod: GitHub environments staging and production, EAS workflows and eas.json", () => {
        expect(ofType(plans.dev, "github:index/repositoryEnvironment:RepositoryEnvironment")).toHaveLength(0);
        expect(ofType(plans.staging, "github:index/repositoryEnvironment:RepositoryEnvironment")).toHaveLength(0);
        const p = plans.prod;
        const mobileEnvs = ofType(p, "github:index/repositoryEnvironment:RepositoryEnvironment").filter((r) =>
            r.name.startsWith("mobile-"),
        );
        expect(mobileEnvs.map((r) => r.inputs.environment).sort()).toEqual(["production", "staging"]);
        const files = ofType(p, "github:index/repositoryFile:RepositoryFile")
            .map((r) => r.inputs.file)
            .sort();
        expect(files).toEqual(
            expect.arrayContaining([
                "eas.json",
                ".github/workflows/eas-build.yml",
                ".github/workflows/eas-update.yml",
                ".github/workflows/mobile-release.yml",
            ]),
        );
        const variables = Object.fromEntries(
            ofType(p, "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable").map((r) => [
                `${r.inputs.environment}/${r.inputs.variableName}`,
                r.inputs.value,
            ]),
        );
        expect(variables).toMatchObject({
            "staging/EXPO_PUBLIC_DOMAIN": "staging.aios.app",
            "staging/EXPO_PUBLIC_ANALYTICS_SAMPLE_RATE": "0.1",
            "production/EXPO_PUBLIC_DOMAIN": "aios.app",
            "production/EXPO_PUBLIC_ANALYTICS_SAMPLE_RATE": "1.0",
            "production/EXPO_PUBLIC_SENTRY_DSN": expect.stringMatching(/ingest\.sentry\.io/),
        });
        for (const secret of ofType(p, "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret"))
            expect(secret.secretInputs).toContain("value");
    });
});

describe("data protection and the policy gate", () => {
    it("staging and prod protect and retain the database and cache; dev has nothing stateful to protect", () => {
        expect(plans.dev.resources.filter((r) => r.protect)).toEqual([]);
        for (const stack of ["staging", "prod"] as const) {
            for (const r of plans[stack].resources.filter((x) => x.type === RDS || x.type === REDIS))
                expect([stack, r.name, r.protect, r.retainOnDelete]).toEqual([stack, r.name, true, true]);
        }
    });

    it.each([
        ["dev", 150],
        ["staging", 350],
        ["prod", 2500],
    ] as const)("%s: zero mandatory violations, within its budget of $%i", (stack, budget) => {
        const p = plans[stack];
        expect(p.violations.filter((v) => v.level === "mandatory")).toEqual([]);
        expect(p.cost.budgetUsd).toBe(budget);
        expect(one(p, "aws:budgets/budget:Budget", "budget-budget").inputs.limitAmount).toMatch(new RegExp(`^${budget}(\\.0+)?$`));
        expect(p.cost.monthlyUsd).toBeGreaterThan(0);
        expect(p.cost.monthlyUsd).toBeLessThanOrEqual(budget);
    });

    it("prod stays within its budget even at the autoscaling maximum of 20 tasks", () => {
        const p = plans.prod;
        const service = p.cost.items.find((i) => i.type === "aws:ecs/service:Service")!;
        const atMax = p.cost.monthlyUsd - service.monthlyUsd + (service.monthlyUsd / 2) * 20;
        expect(atMax).toBeLessThanOrEqual(p.cost.budgetUsd!);
    });
});
