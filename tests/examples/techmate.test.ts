/**
 * TechMate AI (seeds/003_af9aa3c9dd59b1d2.txt) as examples/techmate: dev, staging and prod planned through the CLI
 * (`npm run plan -- --cwd examples/techmate --stack <env> --json`), and the document's figures pinned on what each
 * stack would send to the providers: Cloud Run 2-50 instances with probes on the health paths, Secret Manager
 * wired to the API, Upstash with a spend cap, the Vercel firewall's 100/min, Supabase with PITR, monitoring on
 * /health with p95 500 ms, and the four workflows, parsed with GitHub's own parser as committed.
 */
import * as fs from "node:fs";
import { register } from "node:module";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type * as WorkflowParser from "@actions/workflow-parser" with { "resolution-mode": "import" };
import type { TemplateToken } from "@actions/workflow-parser/templates/tokens/template-token" with { "resolution-mode": "import" };
import { type PlanJson, REPO, planJson } from "../support/cli";
import { ENABLE_PGVECTOR_SQL } from "../../examples/techmate/workflows";
import { TOOL_VERSIONS, pinned } from "../../components/src/mobile/pins";

// @actions/workflow-parser imports its JSON schema without `with { type: "json" }`, which Node's ESM loader rejects;
// this hook adds the attribute (as in tests/workflows/workflows.test.ts), for this test file's worker only.
register(
    "data:text/javascript," +
        encodeURIComponent(
            `export async function load(url, context, next) {
                if (url.endsWith(".json") && !context.importAttributes?.type) {
                    return next(url, { ...context, importAttributes: { ...context.importAttributes, type: "json" } });
                }
                return next(url, context);
            }`,
        ),
);

type Stack = "dev" | "staging" | "prod";
const plans: Record<Stack, PlanJson> = {} as never;
let wp: typeof WorkflowParser;

beforeAll(async () => {
    const stacks: Stack[] = ["dev", "staging", "prod"];
    const [results] = await Promise.all([
        Promise.all(stacks.map((stack) => planJson(["--cwd", "examples/techmate", "--stack", stack]))),
        import("@actions/workflow-parser").then((m) => (wp = m)),
    ]);
    stacks.forEach((stack, i) => (plans[stack] = results[i]!));
}, 180_000);

type Resource = PlanJson["resources"][number];
const ofType = (p: PlanJson, type: string) => p.resources.filter((r) => r.type === type);
const one = (p: PlanJson, type: string, name?: string): Resource => {
    const found = p.resources.filter((r) => r.type === type && (name === undefined || r.name === name));
    if (found.length !== 1) throw new Error(`expected one ${type} ${name ?? ""}, found ${found.length}`);
    return found[0];
};
const dynamic = (p: PlanJson, name: string) => p.resources.find((r) => r.type === "pulumi-nodejs:dynamic:Resource" && r.name === name);

const RUN = "gcp:cloudrunv2/service:Service";
const UPSTASH = "upstash:index/redisDatabase:RedisDatabase";
const FILE = "github:index/repositoryFile:RepositoryFile";
const GH_ENV = "github:index/repositoryEnvironment:RepositoryEnvironment";
const FIREWALL = "vercel:index/firewallConfig:FirewallConfig";
const ALERT = "gcp:monitoring/alertPolicy:AlertPolicy";

/** The document's "Estimated Monthly Costs" (seeds/003), USD a month: [low, high]. */
const COST_TABLE = { cloudRun: [50, 200], vercel: [20, 20], database: [25, 100], redis: [10, 50], sentry: [26, 26] } as const;

// ---- workflows, parsed as committed ----

type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };
type Obj = { [key: string]: Plain };
function plain(token: TemplateToken): Plain {
    if (wp.isMapping(token)) {
        const out: Obj = {};
        for (const { key, value } of token) out[wp.isString(key) ? key.value : key.toString()] = plain(value);
        return out;
    }
    if (wp.isSequence(token)) {
        const out: Plain[] = [];
        for (let i = 0; i < token.count; i++) out.push(plain(token.get(i)));
        return out;
    }
    if (wp.isBasicExpression(token)) return token.source ?? `\${{ ${token.expression} }}`;
    if (wp.isString(token) || wp.isBoolean(token) || wp.isNumber(token)) return token.value;
    return null;
}
const obj = (v: Plain | undefined): Obj => (v && typeof v === "object" && !Array.isArray(v) ? v : {});
const list = (v: Plain | undefined): Plain[] => (Array.isArray(v) ? v : []);

async function parseWorkflow(name: string, content: string): Promise<{ errors: string[]; doc: Obj; events: string[] }> {
    const result = wp.parseWorkflow({ name, content }, new wp.NoOperationTraceWriter());
    const errors = result.context.errors.getErrors().map((e) => e.message);
    const template = await wp.convertWorkflowTemplate(result.context, result.value!);
    for (const e of template.errors ?? []) if (!errors.includes(e.Message)) errors.push(e.Message);
    return { errors, doc: obj(result.value ? plain(result.value) : null), events: Object.keys(template.events ?? {}) };
}
const committed = (path: string) => ofType(plans.prod, FILE).find((f) => f.inputs.file === path)?.inputs.content as string;
const jobsOf = (doc: Obj) => Object.fromEntries(Object.entries(obj(doc["jobs"])).map(([k, v]) => [k, obj(v)]));
const stepsOf = (job: Obj) => list(job["steps"]).map(obj);
const runsOf = (job: Obj) => stepsOf(job).flatMap((s) => (typeof s["run"] === "string" ? [s["run"]] : []));
const environmentOf = (job: Obj) => (typeof job["environment"] === "string" ? job["environment"] : obj(job["environment"])["name"]);

describe("techmate prod", () => {
    it("runs the API on Cloud Run with 2 to 50 instances and startup/liveness probes on /health/ready and /health/live", () => {
        const service = one(plans.prod, RUN);
        const template = service.inputs.template;
        expect(template.scaling).toEqual({ minInstanceCount: 2, maxInstanceCount: 50 });
        const container = template.containers[0];
        expect(container.startupProbe.httpGet).toEqual({ path: "/health/ready", port: 3000 });
        expect(container.livenessProbe.httpGet).toEqual({ path: "/health/live", port: 3000 });
        expect(container.resources.limits).toEqual({ cpu: "1", memory: "1Gi" });
        // Reachable only through the load balancer in front (README "Rate limiting").
        expect(service.inputs).toMatchObject({
            deletionProtection: true,
            location: "us-east1",
            ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
        });
        expect(template.serviceAccount).toMatch(/^techmate-prod-api-run@/);
        // api.techmate.ai (seeds/003 "Domain: api.techmate.ai") on the load balancer, not a domain mapping.
        expect(one(plans.prod, "gcp:compute/managedSslCertificate:ManagedSslCertificate").inputs.managed.domains).toEqual([
            "api.techmate.ai",
        ]);
        expect(ofType(plans.prod, "gcp:cloudrun/domainMapping:DomainMapping")).toEqual([]);
    });

    it("limits each user to 100 requests a minute where the requests pass: Cloud Armor keyed by the Authorization header", () => {
        // seeds/003 "Network Security": "Rate Limiting: 100 req/min per user". Keys and actions: @pulumi/gcp 9.37
        // SecurityPolicyRuleRateLimitOptions; hashicorp/terraform-provider-google resource_compute_security_policy.go
        // lines 338-353 (conform "allow", exceed deny(429), enforce_on_key HTTP_HEADER).
        const policy = one(plans.prod, "gcp:compute/securityPolicy:SecurityPolicy");
        const [perUser, perIp, fallback] = policy.inputs.rules;
        expect(perUser).toMatchObject({
            action: "throttle",
            preview: false,
            match: { expr: { expression: "has(request.headers['authorization'])" } },
            rateLimitOptions: {
                enforceOnKey: "HTTP_HEADER",
                enforceOnKeyName: "Authorization",
                rateLimitThreshold: { count: 100, intervalSec: 60 },
                exceedAction: "deny(429)",
                conformAction: "allow",
            },
        });
        expect(perIp.rateLimitOptions).toMatchObject({ enforceOnKey: "IP", rateLimitThreshold: { count: 100, intervalSec: 60 } });
        expect(fallback).toMatchObject({ action: "allow", priority: 2147483647 });
        const backend = one(plans.prod, "gcp:compute/backendService:BackendService");
        expect(backend.inputs.loadBalancingScheme).toBe("EXTERNAL_MANAGED");
        expect(backend.dependencies).toContain(policy.urn);
        expect(one(plans.prod, "gcp:compute/sSLPolicy:SSLPolicy").inputs).toMatchObject({
            minTlsVersion: "TLS_1_2",
            profile: "RESTRICTED",
        });
        // The uptime check calls the domain on the load balancer (the run.app URL refuses outside callers).
        expect(one(plans.prod, "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig").inputs.monitoredResource.labels.host).toBe(
            "api.techmate.ai",
        );
    });

    it("reads DATABASE_URL, REDIS_URL and the app keys from Secret Manager, each bound to the API's own account only", () => {
        const container = one(plans.prod, RUN).inputs.template.containers[0];
        const fromSecrets = container.envs.filter((e: any) => e.valueSource?.secretKeyRef);
        expect(fromSecrets.map((e: any) => e.name).sort()).toEqual(["AI_API_KEY", "DATABASE_URL", "JWT_SECRET", "REDIS_URL"]);
        const secretIds = ofType(plans.prod, "gcp:secretmanager/secret:Secret").map((s) => s.inputs.secretId);
        const bindings = ofType(plans.prod, "gcp:secretmanager/secretIamMember:SecretIamMember");
        for (const env of fromSecrets) {
            const id = env.valueSource.secretKeyRef.secret;
            expect(secretIds).toContain(id);
            const binding = bindings.find((b) => b.inputs.secretId === id)!;
            expect(binding.inputs).toMatchObject({
                role: "roles/secretmanager.secretAccessor",
                member: `serviceAccount:${one(plans.prod, RUN).inputs.template.serviceAccount}`,
            });
        }
        expect(bindings).toHaveLength(fromSecrets.length);
        // Least privilege: no project-wide role for the API's account.
        expect(ofType(plans.prod, "gcp:projects/iAMMember:IAMMember")).toEqual([]);
        for (const version of ofType(plans.prod, "gcp:secretmanager/secretVersion:SecretVersion")) {
            expect(version.secretInputs).toContain("secretData");
            expect(version.inputs.secretData).toBe("[secret]");
        }
        // Plain env carries no secret: the per-user rate limit and the (public) Sentry DSN.
        const env = Object.fromEntries(container.envs.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));
        expect(env).toMatchObject({ RATE_LIMIT_PER_USER_PER_MINUTE: "100", CORS_ORIGINS: "https://techmate.ai", NODE_ENV: "production" });
    });

    it("keeps cache and Bull queues on Upstash: TLS, no eviction, a read region and a $50 monthly cap", () => {
        const redis = one(plans.prod, UPSTASH);
        expect(redis.inputs).toMatchObject({
            budget: COST_TABLE.redis[1],
            eviction: false,
            tls: true,
            primaryRegion: "us-east-1",
            readRegions: ["us-west-2"],
            autoScale: false,
        });
        expect([redis.protect, redis.retainOnDelete]).toEqual([true, true]);
    });

    it("serves the web on Vercel at techmate.ai with a 100 requests/min per IP firewall rule that denies", () => {
        const project = one(plans.prod, "vercel:index/project:Project");
        expect(project.inputs).toMatchObject({ framework: "vite", rootDirectory: "apps/web" });
        expect(one(plans.prod, "vercel:index/projectDomain:ProjectDomain").inputs.domain).toBe("techmate.ai");
        const rule = one(plans.prod, FIREWALL).inputs.rules.rules[0];
        expect(rule.action.rateLimit).toMatchObject({ limit: 100, window: 60, keys: ["ip"], action: "deny" });
    });

    it("runs Postgres on Supabase (small compute, TLS enforced) with 7-day PITR, protected; pgvector is enabled by every deploy", async () => {
        const project = dynamic(plans.prod, "db-project")!;
        expect(project.inputs).toMatchObject({ region: "us-east-1", instanceSize: "small", organizationId: "techmate-ai" });
        expect([project.protect, project.retainOnDelete]).toEqual([true, true]);
        const pitr = dynamic(plans.prod, "db-pitr")!;
        expect(pitr.inputs).toMatchObject({ retentionDays: 7, instanceSize: "small" });
        expect(pitr.protect).toBe(true);
        expect(dynamic(plans.prod, "db-ssl")!.inputs.enforced).toBe(true);
        // pgvector: enabled per database before the migrations, in both deploy workflows.
        expect(ENABLE_PGVECTOR_SQL).toBe("create extension if not exists vector with schema extensions");
        for (const file of ["deploy-staging.yml", "deploy-production.yml"]) {
            const { doc } = await parseWorkflow(file, committed(`.github/workflows/${file}`));
            const runs = Object.values(jobsOf(doc)).flatMap(runsOf);
            const enable = runs.findIndex((r) => r.includes(ENABLE_PGVECTOR_SQL));
            expect(enable, file).toBeGreaterThanOrEqual(0);
            expect(enable, file).toBeLessThan(runs.findIndex((r) => r.includes("db:migrate")));
        }
    });

    it("documents what the document's daily backups, 30-day retention, same region become on Supabase", () => {
        const readme = fs.readFileSync(path.join(REPO, "examples/techmate/README.md"), "utf8");
        expect(readme).toMatch(/30-day retention/);
        expect(readme).toMatch(/pitr_28/);
        expect(readme).toMatch(/same region/i);
    });

    it("monitors /health, alerts on p95 > 500 ms and on 5xx above the 99.9 % error budget, by email and Slack", () => {
        const check = one(plans.prod, "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig");
        expect(check.inputs.httpCheck).toMatchObject({ path: "/health", useSsl: true, validateSsl: true });
        expect(check.inputs.monitoredResource.labels.host).toBe("api.techmate.ai");
        const alerts = ofType(plans.prod, ALERT);
        const latency = alerts.find((a) => a.name === "monitoring-latency-alert")!;
        expect(latency.inputs.conditions[0].conditionThreshold).toMatchObject({ thresholdValue: 500, comparison: "COMPARISON_GT" });
        expect(latency.inputs.conditions[0].conditionThreshold.aggregations[0].perSeriesAligner).toBe("ALIGN_PERCENTILE_95");
        const errors = alerts.find((a) => a.name === "monitoring-error-alert")!;
        expect(errors.inputs.conditions[0].conditionThreshold.thresholdValue).toBeCloseTo(0.001, 6);
        // The monitoring component's channels (the secrets' rotation alert has its own e-mail channel).
        const channels = ofType(plans.prod, "gcp:monitoring/notificationChannel:NotificationChannel")
            .filter((c) => c.name.startsWith("monitoring-"))
            .map((c) => c.inputs.type)
            .sort();
        expect(channels).toEqual(["email", "slack"]);
        const slack = ofType(plans.prod, "gcp:monitoring/notificationChannel:NotificationChannel").find((c) => c.inputs.type === "slack")!;
        expect(slack.secretInputs).toContain("sensitiveLabels.authToken");
    });

    it("alerts in Sentry on web p95 > 2 s and API p95 > 500 ms (what Cloud Monitoring cannot see)", () => {
        const metric = ofType(plans.prod, "sentry:index/sentryMetricAlert:SentryMetricAlert").filter(
            (a) => a.inputs.aggregate === "p95(transaction.duration)",
        );
        const byName = Object.fromEntries(metric.map((a) => [a.name, a.inputs.triggers[0].alertThreshold]));
        expect(byName).toEqual({ "sentry-web-p95-latency": 2000, "sentry-api-p95-latency": 500 });
        expect(
            ofType(plans.prod, "sentry:index/sentryProject:SentryProject")
                .map((p) => p.inputs.platform)
                .sort(),
        ).toEqual(["javascript-react", "node", "react-native"]);
    });

    it("commits the four workflows (and eas.json), each valid for GitHub's parser, with the document's triggers", async () => {
        const paths = ofType(plans.prod, FILE)
            .map((f) => f.inputs.file)
            .sort();
        expect(paths).toEqual([
            ".github/workflows/ci.yml",
            // The database export and its restore drill (GcpDatabaseExport, README "Backups").
            ".github/workflows/db-export-prod-restore.yml",
            ".github/workflows/db-export-prod.yml",
            ".github/workflows/deploy-production.yml",
            ".github/workflows/deploy-staging.yml",
            ".github/workflows/mobile-release.yml",
            "apps/mobile/eas.json",
        ]);
        for (const f of ofType(plans.prod, FILE))
            expect(f.inputs).toMatchObject({ repository: "techmate", branch: "main", overwriteOnCreate: true });

        const ci = await parseWorkflow("ci.yml", committed(".github/workflows/ci.yml"));
        expect(ci.errors).toEqual([]);
        expect(ci.events.sort()).toEqual(["pull_request", "push"]);
        expect(obj(obj(ci.doc["on"])["push"])["branches"]).toEqual(["main", "develop"]);
        expect(obj(obj(ci.doc["on"])["pull_request"])["branches"]).toEqual(["main", "develop"]);
        expect(Object.keys(jobsOf(ci.doc)).sort()).toEqual([
            "build-backend",
            "build-web",
            "integration",
            "lint",
            "test-backend",
            "test-mobile",
            "test-web",
        ]);
        expect(obj(obj(jobsOf(ci.doc)["integration"]["services"])["postgres"])["image"]).toMatch(/^pgvector\/pgvector:pg1[5-9]$/);

        const staging = await parseWorkflow("deploy-staging.yml", committed(".github/workflows/deploy-staging.yml"));
        expect(staging.errors).toEqual([]);
        expect(staging.events).toEqual(["push"]);
        expect(obj(obj(staging.doc["on"])["push"])["branches"]).toEqual(["main"]);
        const stagingJobs = jobsOf(staging.doc);
        expect(Object.keys(stagingJobs)).toEqual(["build", "deploy-backend", "deploy-web", "e2e"]);
        for (const job of Object.values(stagingJobs)) expect(environmentOf(job)).toBe("staging");

        const production = await parseWorkflow("deploy-production.yml", committed(".github/workflows/deploy-production.yml"));
        expect(production.errors).toEqual([]);
        expect(production.events).toEqual(["workflow_dispatch"]);
        expect(obj(obj(obj(obj(production.doc["on"])["workflow_dispatch"])["inputs"])["version"])).toMatchObject({
            required: true,
            type: "string",
        });
        const prodJobs = jobsOf(production.doc);
        expect(Object.keys(prodJobs)).toEqual(["deploy", "smoke", "release"]);
        // Manual approval: the job that deploys is bound to the production environment (required reviewers below).
        expect(environmentOf(prodJobs["deploy"])).toBe("production");
        const uses = stepsOf(prodJobs["deploy"]).map((s) => s["uses"]);
        expect(uses).toContain(pinned("google-github-actions/deploy-cloudrun"));
        expect(runsOf(prodJobs["deploy"]).join("\n")).toContain(`vercel@${TOOL_VERSIONS.vercel} deploy --prebuilt --prod`);
        // Dependencies are installed before the job authenticates to Google Cloud.
        const steps = stepsOf(prodJobs["deploy"]);
        const installAt = steps.findIndex((s) => s["run"] === "npm ci");
        expect(installAt).toBeGreaterThanOrEqual(0);
        expect(installAt).toBeLessThan(steps.findIndex((s) => s["uses"] === pinned("google-github-actions/auth")));
        expect(runsOf(prodJobs["release"]).join("\n")).toMatch(/gh release create/);
        expect(obj(prodJobs["release"]["permissions"])["contents"]).toBe("write");
        // The dispatch input never reaches a script by expansion.
        for (const job of Object.values(prodJobs))
            for (const run of runsOf(job)) expect(run).not.toMatch(/\$\{\{\s*(inputs|github\.event)\./);

        const mobile = await parseWorkflow("mobile-release.yml", committed(".github/workflows/mobile-release.yml"));
        expect(mobile.errors).toEqual([]);
        expect(obj(obj(mobile.doc["on"])["push"])["tags"]).toEqual(["mobile-v*"]);
        const mobileJobs = jobsOf(mobile.doc);
        expect(Object.keys(mobileJobs)).toEqual(["release-android", "release-ios", "github-release", "notify"]);
        expect(runsOf(mobileJobs["release-android"]).join("\n")).toMatch(/eas submit --platform android --profile production/);
        expect(JSON.parse(committed("apps/mobile/eas.json")).submit.production.android.track).toBe("internal");
        // `eas submit --platform ios --non-interactive` refuses a submit profile without it (eas-cli IosSubmitCommand.ts).
        expect(JSON.parse(committed("apps/mobile/eas.json")).submit.production.ios.ascAppId).toBe("6450000003");

        for (const [file, content] of ofType(plans.prod, FILE).map((f) => [f.inputs.file, f.inputs.content] as const)) {
            if (!file.endsWith(".yml")) continue;
            const { doc } = await parseWorkflow(file, content);
            expect(obj(doc["permissions"]), file).toEqual({ contents: "read" });
            for (const job of Object.values(jobsOf(doc))) expect(job["timeout-minutes"], file).toBeGreaterThan(0);
        }
    });

    it("gates production behind required reviewers, admitting main and the mobile-v* tags only", () => {
        // The pipeline's environment (the database export has its own two, each admitting main only: tests/components/gcp-backup.test.ts).
        const pipelineOnly = (r: { name: string }) => !r.name.startsWith("db-export-");
        const env = ofType(plans.prod, GH_ENV).filter(pipelineOnly)[0];
        expect(env.inputs).toMatchObject({
            environment: "production",
            preventSelfReview: true,
            canAdminsBypass: false,
            reviewers: [{ users: [1000001, 1000002], teams: [] }],
        });
        expect(env.inputs.deploymentBranchPolicy).toEqual({ protectedBranches: false, customBranchPolicies: true });
        const policies = ofType(plans.prod, "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy")
            .filter(pipelineOnly)
            .map((p) => p.inputs.branchPattern ?? `tag:${p.inputs.tagPattern}`);
        expect(policies.sort()).toEqual(["main", "tag:mobile-v*"]);
        const vars = Object.fromEntries(
            ofType(plans.prod, "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable").map((v) => [
                v.inputs.variableName,
                v.inputs.value,
            ]),
        );
        expect(vars).toMatchObject({
            GCP_REGION: "us-east1",
            API_URL: "https://api.techmate.ai",
            WEB_URL: "https://techmate.ai",
            GCP_PROJECT: "techmate-prod",
        });
        for (const s of ofType(plans.prod, "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret").filter(pipelineOnly))
            expect(s.inputs.value).toBe("[secret]");
    });

    it("holds the document's cost table ($130-400) in its caps: policy budget $400, Cloud Run budget $200, Redis cap $50", () => {
        const low = Object.values(COST_TABLE).reduce((sum, [l]) => sum + l, 0);
        const high = Object.values(COST_TABLE).reduce((sum, [, h]) => sum + h, 0);
        expect([low, high]).toEqual([131, 396]);
        expect(low).toBeGreaterThanOrEqual(130);
        expect(high).toBeLessThanOrEqual(400);
        expect(plans.prod.cost.budgetUsd).toBe(400);
        // The plan's own estimate of prod falls within the document's total.
        expect(plans.prod.cost.monthlyUsd).toBeGreaterThanOrEqual(low - 1);
        expect(plans.prod.cost.monthlyUsd).toBeLessThanOrEqual(plans.prod.cost.budgetUsd!);
        // Nothing is unpriced: the export's Cloud Storage bucket and the rotation schedule's Pub/Sub topic and subscription
        // are priced (cost/src/gcp.ts, docs/cost-verification.md), their identity and IAM resources are free types.
        expect(plans.prod.cost.unpriced).toEqual([]);
        expect(one(plans.prod, UPSTASH).inputs.budget).toBe(COST_TABLE.redis[1]);
        const budget = one(plans.prod, "gcp:billing/budget:Budget").inputs;
        expect(budget.amount.specifiedAmount).toMatchObject({ currencyCode: "USD", units: String(COST_TABLE.cloudRun[1]) });
        expect(budget.thresholdRules.map((r: any) => [r.thresholdPercent, r.spendBasis])).toEqual([
            [0.8, "CURRENT_SPEND"],
            [1, "CURRENT_SPEND"],
            [1, "FORECASTED_SPEND"],
        ]);
        expect(budget.allUpdatesRule.monitoringNotificationChannels).toHaveLength(2);
    });
});

describe("what dev, staging and prod differ in (seeds/003 'Environments')", () => {
    it("scales Cloud Run 1-2 in dev, 1-5 in staging, 2-50 in prod, CPU always allocated for the Bull workers", () => {
        const scaling = (s: Stack) => one(plans[s], RUN).inputs.template.scaling;
        // The workers run in the API's process: CPU outside requests (instance-based billing) and one instance at least,
        // even in dev, or queued jobs wait for the next request (Cloud Run "Billing settings for services", read 2026-12-06).
        for (const s of ["dev", "staging", "prod"] as const)
            expect(one(plans[s], RUN).inputs.template.containers[0].resources.cpuIdle).toBe(false);
        expect([scaling("dev"), scaling("staging"), scaling("prod")]).toEqual([
            { minInstanceCount: 1, maxInstanceCount: 2 },
            { minInstanceCount: 1, maxInstanceCount: 5 },
            { minInstanceCount: 2, maxInstanceCount: 50 },
        ]);
        expect(ofType(plans.dev, "gcp:cloudrun/domainMapping:DomainMapping")).toEqual([]);
        // The edge (load balancer, Cloud Armor) in staging and prod; dev has no domain and no edge.
        expect(ofType(plans.dev, "gcp:compute/securityPolicy:SecurityPolicy")).toEqual([]);
        expect(one(plans.dev, RUN).inputs.ingress).toBe("INGRESS_TRAFFIC_ALL");
        expect(one(plans.staging, "gcp:compute/managedSslCertificate:ManagedSslCertificate").inputs.managed.domains).toEqual([
            "api-staging.techmate.ai",
        ]);
        expect(one(plans.staging, RUN).inputs.ingress).toBe("INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER");
    });

    it("keeps 7 days of PITR in staging and prod; dev relies on daily backups", () => {
        expect(dynamic(plans.prod, "db-pitr")!.inputs.retentionDays).toBe(7);
        expect(dynamic(plans.staging, "db-pitr")!.inputs.retentionDays).toBe(7);
        expect(dynamic(plans.dev, "db-pitr")).toBeUndefined();
        expect(dynamic(plans.dev, "db-project")!.inputs.instanceSize).toBe("micro");
        expect(dynamic(plans.staging, "db-project")!.inputs.instanceSize).toBe("small");
    });

    it("caps Upstash at $10, $20, $50 and replicates in prod only", () => {
        const redis = (s: Stack) => one(plans[s], UPSTASH).inputs;
        expect([redis("dev").budget, redis("staging").budget, redis("prod").budget]).toEqual([10, 20, 50]);
        expect(redis("dev").readRegions).toBeUndefined();
        expect(redis("staging").readRegions).toBeUndefined();
    });

    it("logs in dev, answers 429 in staging and denies in prod above 100 requests/min per IP", () => {
        const action = (s: Stack) => one(plans[s], FIREWALL).inputs.rules.rules[0].action.rateLimit;
        expect([action("dev").action, action("staging").action, action("prod").action]).toEqual(["log", "rate_limit", "deny"]);
        for (const s of ["dev", "staging", "prod"] as const) expect(action(s).limit).toBe(100);
    });

    it("dev is a sandbox (the document develops on localhost): no domains, no alert channels, no GitHub side, nothing protected", () => {
        const p = plans.dev;
        expect(ofType(p, "vercel:index/projectDomain:ProjectDomain")).toEqual([]);
        expect(ofType(p, ALERT)).toEqual([]);
        expect(p.resources.filter((r) => r.type.startsWith("github:"))).toEqual([]);
        expect(p.resources.filter((r) => r.protect || r.retainOnDelete)).toEqual([]);
        expect(ofType(p, "sentry:index/sentryMetricAlert:SentryMetricAlert")).toEqual([]);
    });

    it("staging fills the staging GitHub environment (no reviewers) and commits no workflow: prod owns them", () => {
        const env = one(plans.staging, GH_ENV);
        expect(env.inputs.environment).toBe("staging");
        expect(env.inputs.reviewers).toBeUndefined();
        expect(ofType(plans.staging, FILE)).toEqual([]);
        const vars = Object.fromEntries(
            ofType(plans.staging, "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable").map((v) => [
                v.inputs.variableName,
                v.inputs.value,
            ]),
        );
        expect(vars).toMatchObject({
            API_URL: "https://api-staging.techmate.ai",
            WEB_URL: "https://staging.techmate.ai",
            GCP_PROJECT: "techmate-staging",
        });
    });

    it("every stack passes its policy config with zero mandatory violations, within the $400 budget", () => {
        for (const stack of ["dev", "staging", "prod"] as const) {
            expect(
                plans[stack].violations.filter((v) => v.level === "mandatory"),
                stack,
            ).toEqual([]);
            expect(plans[stack].cost.budgetUsd, stack).toBe(400);
            expect(plans[stack].cost.monthlyUsd, stack).toBeLessThanOrEqual(400);
            expect(ofType(plans[stack], "gcp:billing/budget:Budget"), stack).toHaveLength(1);
        }
        // Behind Cloud Armor with ingress from the load balancer only, staging and prod have no edge finding left; dev,
        // without the edge, keeps the advisory one (README, "Policy gate").
        const advisory = (s: Stack) => [...new Set(plans[s].violations.map((v) => `${v.policy}:${v.level}`))];
        for (const s of ["staging", "prod"] as const)
            expect(
                advisory(s).filter((v) => v.startsWith("edge-")),
                s,
            ).toEqual([]);
        expect(advisory("dev")).toContain("edge-cloud-run-ingress:advisory");
    });
});
