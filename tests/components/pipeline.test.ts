/**
 * The server/web pipeline (components/src/pipeline): every generated workflow parses and converts with GitHub's own
 * parser (@actions/workflow-parser) without errors, and triggers, jobs, needs and environments follow the documents'
 * flows: AIOS (seeds/002: main → full tests → build → staging → E2E; tag → production; hotfix straight to production),
 * CharterFlow (seeds/004 §2: develop → main → tag → staging → E2E → production), InteliFeed (seeds/001: tests, quality
 * and security scans, staging daily on a schedule, manual QA, production with automatic rollback).
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { GithubServerPipeline, type GithubServerPipelineArgs } from "../../components/src/pipeline/github";
import {
    ciWorkflow,
    codeqlWorkflow,
    dependencyReviewWorkflow,
    developmentWorkflow,
    hotfixWorkflow,
    promoteWorkflow,
    qaReleaseWorkflow,
    scheduledStagingWorkflow,
} from "../../components/src/pipeline/workflows";
import { type Workflow, toYaml } from "../../components/src/mobile/workflows";
import { TOOL_VERSIONS, pinned } from "../../components/src/mobile/pins";
import { plan, planRejected } from "../support/plan";
import { githubParse } from "../support/github-workflow-parser";

type Job = Record<string, any>;
const jobs = (w: Workflow) => w["jobs"] as Record<string, Job>;
const needsOf = (j: Job): string[] => (typeof j["needs"] === "string" ? [j["needs"]] : (j["needs"] ?? []));
const stepNamed = (j: Job, prefix: string): Job => (j["steps"] as Job[]).find((s) => String(s["name"]).startsWith(prefix))!;

const AIOS = { cloud: "aws" as const, scripts: { build: ["expo:static:build", "server:build"] }, policyPack: "policies" };
const ALL: Record<string, Workflow> = {
    ci: ciWorkflow({ featureBranches: true, branches: ["main"] }),
    codeql: codeqlWorkflow(),
    "dependency-review": dependencyReviewWorkflow(),
    "aios-deploy": promoteWorkflow({ ...AIOS, stagingBranches: ["main"], tagPattern: "v*" }),
    "aios-hotfix": hotfixWorkflow(AIOS),
    "charterflow-deploy": promoteWorkflow({ cloud: "aws", stagingBranches: [], tagPattern: "v*", tagsFrom: "main" }),
    "charterflow-develop": developmentWorkflow({ cloud: "aws", branch: "develop" }),
    "intelifeed-staging": scheduledStagingWorkflow({ cloud: "gcp", vercel: true, cron: "0 6 * * *" }),
    "intelifeed-release": qaReleaseWorkflow({ cloud: "gcp", vercel: true }),
};

describe("server/web workflow generators", () => {
    it.each(Object.entries(ALL))("%s parses and converts with GitHub's parser without errors", async (name, workflow) => {
        const { errors, template } = await githubParse(`${name}.yml`, toYaml(workflow));
        expect(errors).toEqual([]);
        expect(template?.jobs.length).toBe(Object.keys(jobs(workflow)).length);
        expect(parse(toYaml(workflow))).toEqual(workflow);
        expect(workflow["permissions"]).toEqual({ contents: "read" });
        for (const [id, job] of Object.entries(jobs(workflow))) {
            expect(job["timeout-minutes"], id).toBeGreaterThan(0);
            for (const step of job["steps"] as Job[]) {
                if (step["run"]) expect(step["run"], `${name}.${id}`).not.toContain("${{");
                if (step["uses"]) expect(step["uses"], `${name}.${id}`).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w.-]+)?@[0-9a-f]{40}$/);
            }
        }
    });

    it("the parser rejects a job that needs a job that does not exist (the check above is not vacuous)", async () => {
        const w = ALL["aios-deploy"];
        const broken = { ...w, jobs: { ...jobs(w), e2e: { ...jobs(w)["e2e"], needs: ["deploy-stagin"] } } };
        expect((await githubParse("broken.yml", toYaml(broken))).errors.join("\n")).toMatch(/deploy-stagin/);
    });

    it("AIOS: main and v* tags; full tests → build → staging → E2E; production only on tags, after E2E, via pulumi/actions", async () => {
        const w = ALL["aios-deploy"];
        const { template } = await githubParse("deploy.yml", toYaml(w));
        expect(template?.events.push?.branches).toEqual(["main"]);
        expect(template?.events.push?.tags).toEqual(["v*"]);
        const j = jobs(w);
        expect(needsOf(j["build"])).toEqual(["test", "dependency-scan"]);
        expect(
            j["build"]["steps"].filter((s: Job) => s["run"] === "npm run expo:static:build" || s["run"] === "npm run server:build"),
        ).toHaveLength(2);
        expect(needsOf(j["deploy-staging"])).toEqual(["build"]);
        expect(needsOf(j["e2e"])).toEqual(["deploy-staging"]);
        expect(needsOf(j["deploy-production"])).toEqual(["e2e"]);
        expect(j["deploy-production"]).toMatchObject({ if: "github.ref_type == 'tag'", environment: { name: "production" } });
        expect(j["deploy-staging"]["if"]).toBeUndefined();
        const up = stepNamed(j["deploy-production"], "pulumi up");
        expect(up).toMatchObject({ uses: pinned("pulumi/actions"), env: { PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}" } });
        expect(up["with"]).toMatchObject({
            command: "up",
            "stack-name": "prod",
            "pulumi-version": TOOL_VERSIONS.pulumi,
            policyPacks: "policies",
            policyPackConfigs: "policies/config/prod.json",
        });
        // OIDC, not keys: the role comes from a variable, the job asks for an id token.
        expect(j["deploy-production"]["permissions"]).toEqual({ contents: "read", "id-token": "write" });
        expect(stepNamed(j["deploy-production"], "AWS credentials")["with"]["role-to-assume"]).toBe("${{ vars.AWS_DEPLOY_ROLE_ARN }}");
        expect(stepNamed(j["e2e"], "E2E")["env"]).toEqual({ E2E_BASE_URL: "${{ needs.deploy-staging.outputs.url }}" });
    });

    it("AIOS: feature branches run the fast suite, main the full suite; dependency audit every run", () => {
        const w = ALL["ci"];
        expect(w["on"]).toEqual({ pull_request: { branches: ["main"] }, push: {} });
        expect(jobs(w)["test-full"]["if"]).toBe("github.event_name == 'push' && (github.ref == 'refs/heads/main')");
        expect(stepNamed(jobs(w)["test-fast"], "Fast tests")["run"]).toBe("npm run test:unit");
        expect(stepNamed(jobs(w)["dependency-scan"], "Dependency")["run"]).toBe("npm audit --omit=dev --audit-level=high");
    });

    it("AIOS hotfix: from main only, skips staging, production after its reviewers, then monitored", () => {
        const j = jobs(ALL["aios-hotfix"]);
        expect(Object.keys(ALL["aios-hotfix"]["on"] as object)).toEqual(["workflow_dispatch"]);
        expect(j["test"]["if"]).toBe("github.ref == 'refs/heads/main'");
        expect(Object.keys(j)).not.toContain("deploy-staging");
        expect(needsOf(j["deploy-production"])).toEqual(["build"]);
        expect(j["deploy-production"]["environment"]["name"]).toBe("production");
        expect(needsOf(j["monitor"])).toEqual(["deploy-production"]);
        expect(stepNamed(j["monitor"], "Probe")["env"]).toMatchObject({ HEALTH: "/health", MINUTES: "15" });
    });

    it("CharterFlow: only v* tags, checked to be on main; staging → E2E → production", async () => {
        const w = ALL["charterflow-deploy"];
        const { template } = await githubParse("deploy.yml", toYaml(w));
        expect(template?.events.push?.tags).toEqual(["v*"]);
        expect(template?.events.push?.branches).toBeUndefined();
        const j = jobs(w);
        expect(stepNamed(j["verify-tag"], "Check that the tagged commit")["run"]).toBe(
            'git merge-base --is-ancestor "$GITHUB_SHA" "origin/$BRANCH"',
        );
        expect(needsOf(j["test"])).toEqual(["verify-tag"]);
        expect(needsOf(j["deploy-production"])).toEqual(["e2e"]);
    });

    it("CharterFlow develop: pushes to develop only; full tests and audit → build → pulumi up --stack dev (development, OIDC)", async () => {
        const w = ALL["charterflow-develop"];
        const { template } = await githubParse("develop.yml", toYaml(w));
        expect(template?.events.push?.branches).toEqual(["develop"]);
        expect(template?.events.push?.tags).toBeUndefined();
        expect(Object.keys(w["on"] as object)).toEqual(["push"]);
        const j = jobs(w);
        expect(Object.keys(j)).toEqual(["test", "dependency-scan", "build", "deploy-development"]);
        expect(stepNamed(j["test"], "Full test suite")["run"]).toBe("npm run test");
        expect(stepNamed(j["dependency-scan"], "Dependency vulnerability scan")["run"]).toBe("npm audit --omit=dev --audit-level=high");
        expect(needsOf(j["build"])).toEqual(["test", "dependency-scan"]);
        const deploy = j["deploy-development"];
        expect(needsOf(deploy)).toEqual(["build"]);
        expect(deploy["environment"]["name"]).toBe("development");
        expect(deploy["permissions"]).toEqual({ contents: "read", "id-token": "write" });
        expect(stepNamed(deploy, "pulumi up")["with"]).toMatchObject({ command: "up", "stack-name": "dev" });
        expect(stepNamed(deploy, "AWS credentials (OIDC)")["with"]["role-to-assume"]).toBe("${{ vars.AWS_DEPLOY_ROLE_ARN }}");
        expect(() => developmentWorkflow({ branch: "release/*" })).toThrow(/one branch name/);
    });

    it("CodeQL and dependency review: pinned actions, security-events only where CodeQL uploads", () => {
        const a = jobs(ALL["codeql"])["analyze"];
        expect(a["steps"].map((s: Job) => s["uses"])).toEqual([
            pinned("actions/checkout"),
            pinned("github/codeql-action", "init"),
            pinned("github/codeql-action", "analyze"),
        ]);
        expect(a["permissions"]).toEqual({ contents: "read", "security-events": "write" });
        expect((ALL["codeql"]["on"] as Job)["schedule"]).toEqual([{ cron: "23 4 * * 1" }]);
        expect(jobs(ALL["dependency-review"])["review"]["steps"][1]).toMatchObject({
            uses: pinned("actions/dependency-review-action"),
            with: { "fail-on-severity": "high" },
        });
    });

    it("InteliFeed staging: a daily schedule (not push), deploying develop, then smoke, E2E and performance tests", async () => {
        const w = ALL["intelifeed-staging"];
        const { template } = await githubParse("staging.yml", toYaml(w));
        expect(Object.keys(template?.events ?? {}).sort()).toEqual(["schedule", "workflow_dispatch"]);
        expect(template?.events.push).toBeUndefined();
        expect((w["on"] as Job)["schedule"]).toEqual([{ cron: "0 6 * * *" }]);
        const j = jobs(w);
        for (const id of ["test", "build", "deploy-staging", "smoke"]) expect(j[id]["steps"][0]["with"]["ref"], id).toBe("develop");
        expect(needsOf(j["e2e"])).toEqual(["smoke"]);
        expect(needsOf(j["performance"])).toEqual(["smoke"]);
        expect(stepNamed(j["deploy-staging"], "Deploy the web app")["run"]).toContain(
            `vercel@${TOOL_VERSIONS.vercel} deploy --prebuilt --prod`,
        );
        expect(() => scheduledStagingWorkflow({ cron: "daily" })).toThrow(/`cron` is "daily"/);
    });

    it("InteliFeed release: manual QA gate, then production with smoke tests and automatic rollback in the same job", () => {
        const j = jobs(ALL["intelifeed-release"]);
        expect(j["qa-approval"]).toMatchObject({ environment: "qa", needs: ["test", "dependency-scan"] });
        const prod = j["deploy-production"];
        expect(needsOf(prod)).toEqual(["qa-approval"]);
        const steps = prod["steps"] as Job[];
        const names = steps.map((s) => String(s["name"]));
        const at = (prefix: string) => names.findIndex((n) => n.startsWith(prefix));
        expect(at("pulumi up")).toBeLessThan(at("Smoke tests"));
        expect(at("Smoke tests")).toBeLessThan(at("Rollback: pulumi up"));
        expect(steps[at("Rollback: pulumi up")]).toMatchObject({
            if: "${{ failure() && steps.previous.outputs.tag != '' }}",
            with: { command: "up", "work-dir": ".previous/infra" },
        });
        expect(steps[at("Rollback: the previous production deployment")]["run"]).toContain("rollback --yes");
        // The previous release is installed before any credential exists.
        expect(at("Install the previous release")).toBeLessThan(at("Google Cloud credentials"));
    });
});

const BASE: GithubServerPipelineArgs = {
    repository: "intelifeed-hub",
    options: { cloud: "gcp", vercel: true },
    environmentNames: { staging: "web-staging", production: "web-production" },
    productionReviewers: { teams: [7712345] },
    qaReviewers: { teams: [7712346] },
    workflows: {
        ci: { branches: ["main", "develop"] },
        codeql: { branches: ["main", "develop"] },
        scheduledStaging: { branch: "develop" },
        qaRelease: {},
    },
    secrets: {
        staging: { PULUMI_ACCESS_TOKEN: pulumi.secret("pul-staging"), VERCEL_TOKEN: pulumi.secret("vc-staging") },
        production: { PULUMI_ACCESS_TOKEN: pulumi.secret("pul-prod"), VERCEL_TOKEN: pulumi.secret("vc-prod") },
    },
    variables: {
        staging: {
            APP_URL: "https://app.staging.example",
            VERCEL_TEAM_ID: "team_x",
            GCP_WORKLOAD_IDENTITY_PROVIDER: "projects/1/locations/global/workloadIdentityPools/p/providers/q",
            GCP_DEPLOY_SERVICE_ACCOUNT: "d@p.iam.gserviceaccount.com",
        },
        production: {
            APP_URL: "https://app.example",
            VERCEL_TEAM_ID: "team_x",
            GCP_WORKLOAD_IDENTITY_PROVIDER: "projects/1/locations/global/workloadIdentityPools/p/providers/q",
            GCP_DEPLOY_SERVICE_ACCOUNT: "d@p.iam.gserviceaccount.com",
        },
    },
};
const ENV = "github:index/repositoryEnvironment:RepositoryEnvironment";
const AWS_VARS = (stage: string) => ({
    APP_URL: `https://${stage}.charterflow.example`,
    AWS_DEPLOY_ROLE_ARN: `arn:aws:iam::333333333333:role/deploy-${stage}`,
    AWS_REGION: "us-east-1",
});
/** examples/charterflow's pipeline: develop → dev; v* tags on main → staging → E2E → production. */
const CHARTERFLOW: GithubServerPipelineArgs = {
    repository: "charterflow",
    options: { cloud: "aws", vercel: true, policyPack: "policies" },
    productionReviewers: { teams: [8812345] },
    workflows: {
        ci: { branches: ["develop", "main"], fullTestBranches: ["develop", "main"] },
        dependencyReview: { branches: ["develop", "main"] },
        development: { branch: "develop", vercel: false },
        promote: { stagingBranches: [], tagPattern: "v*", tagsFrom: "main" },
    },
    secrets: {
        development: { PULUMI_ACCESS_TOKEN: pulumi.secret("pul-dev") },
        staging: { PULUMI_ACCESS_TOKEN: pulumi.secret("pul-staging"), VERCEL_TOKEN: pulumi.secret("vc-staging") },
        production: { PULUMI_ACCESS_TOKEN: pulumi.secret("pul-prod"), VERCEL_TOKEN: pulumi.secret("vc-prod") },
    },
    variables: {
        development: AWS_VARS("dev"),
        staging: { ...AWS_VARS("staging"), VERCEL_TEAM_ID: "team_x" },
        production: { ...AWS_VARS("prod"), VERCEL_TEAM_ID: "team_x" },
    },
};
const FILE = "github:index/repositoryFile:RepositoryFile";

describe("GithubServerPipeline", () => {
    it("environments: staging open, production and QA behind reviewers admitting only the release tags", async () => {
        const p = await plan(() => new GithubServerPipeline("web", BASE), { stack: "prod" });
        expect(
            p
                .ofType(ENV)
                .map((e) => (e.inputs as Job).environment)
                .sort(),
        ).toEqual(["qa", "web-production", "web-staging"]);
        expect(p.inputs(ENV, "-production")).toMatchObject({
            reviewers: [{ teams: [7712345], users: [] }],
            preventSelfReview: true,
            canAdminsBypass: false,
        });
        expect(p.inputs(ENV, "-qa")).toMatchObject({
            reviewers: [{ teams: [7712346], users: [] }],
            deploymentBranchPolicy: { customBranchPolicies: true },
        });
        const policies = p
            .ofType("github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy")
            .map((r) => (r.inputs as Job).tagPattern);
        expect(policies).toEqual(["v*", "v*"]);
        for (const s of p.ofType("github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret"))
            expect(s.secretInputs).toContain("value");
        for (const r of p.resources) expect(JSON.stringify(r.inputs)).not.toContain("pul-prod");
    });

    it("commits each workflow to the default branch and to every branch its pushes and pull requests run on; schedules on main only", async () => {
        let c: GithubServerPipeline | undefined;
        const p = await plan(() => {
            c = new GithubServerPipeline("web", BASE);
        });
        expect(c!.fileBranches).toEqual({
            ".github/workflows/ci.yml": ["main", "develop"],
            // Pull requests into develop run the file of their merge commit: develop must hold it.
            ".github/workflows/dependency-review.yml": ["main", "develop"],
            ".github/workflows/codeql.yml": ["main", "develop"],
            ".github/workflows/staging.yml": ["main"],
            ".github/workflows/release.yml": ["main"],
        });
        const files = p.ofType(FILE).map((f) => [f.name, (f.inputs as Job).file, (f.inputs as Job).branch]);
        expect(files).toContainEqual(["web-file-workflow-ci-yml-on-develop", ".github/workflows/ci.yml", "develop"]);
        expect(files).toHaveLength(8);
        for (const path of c!.workflowPaths) expect((await githubParse(path, c!.files[path])).errors, path).toEqual([]);
        expect(parse(c!.files[".github/workflows/release.yml"]).jobs["deploy-production"].environment.name).toBe("web-production");
    });

    it("CharterFlow: development open, production behind reviewers admitting v* tags only; develop.yml on develop, deploy.yml on main only", async () => {
        let c: GithubServerPipeline | undefined;
        const p = await plan(
            () => {
                c = new GithubServerPipeline("pipeline", CHARTERFLOW);
            },
            { stack: "prod" },
        );
        expect(
            p
                .ofType(ENV)
                .map((e) => (e.inputs as Job).environment)
                .sort(),
        ).toEqual(["development", "production", "staging"]);
        expect(p.inputs(ENV, "-development")).toMatchObject({ environment: "development", canAdminsBypass: true });
        expect((p.inputs(ENV, "-development") as Job).reviewers).toBeUndefined();
        expect(p.inputs(ENV, "-production")).toMatchObject({
            reviewers: [{ teams: [8812345], users: [] }],
            preventSelfReview: true,
            canAdminsBypass: false,
            deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
        });
        const policies = p
            .ofType("github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy")
            .map((r) => r.inputs as Job);
        expect(policies.map((x) => [x.tagPattern, x.branchPattern])).toEqual([["v*", undefined]]);
        expect(c!.fileBranches).toEqual({
            ".github/workflows/ci.yml": ["main", "develop"],
            ".github/workflows/dependency-review.yml": ["main", "develop"],
            ".github/workflows/develop.yml": ["main", "develop"],
            ".github/workflows/deploy.yml": ["main"],
        });
        for (const path of c!.workflowPaths) expect((await githubParse(path, c!.files[path])).errors, path).toEqual([]);
        const develop = parse(c!.files[".github/workflows/develop.yml"]);
        // The dev Vercel project deploys develop through its Git connection: no Vercel CLI step there, but in staging and production.
        expect(JSON.stringify(develop.jobs["deploy-development"])).not.toContain("vercel@");
        const deploy = parse(c!.files[".github/workflows/deploy.yml"]);
        expect(deploy.jobs["deploy-staging"].steps.map((s: Job) => s.name)).toContain("Deploy the web app (Vercel)");
        expect(deploy.jobs["deploy-production"].steps.map((s: Job) => s.name)).toContain("Deploy the web app (Vercel)");
        const variables = p
            .ofType("github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable")
            .map((v) => v.name)
            .sort();
        expect(variables.filter((n) => n.includes("development"))).toEqual([
            "pipeline-development-var-app_url",
            "pipeline-development-var-aws_deploy_role_arn",
            "pipeline-development-var-aws_region",
        ]);
    });

    it("rejects missing secrets, variables and reviewers before registering any child", async () => {
        const cases: [Partial<GithubServerPipelineArgs>, RegExp][] = [
            [
                { secrets: { staging: BASE.secrets!.staging, production: { PULUMI_ACCESS_TOKEN: "x" } } },
                /secrets.production.*lacks VERCEL_TOKEN/,
            ],
            [{ variables: { ...BASE.variables, staging: { APP_URL: "https://x" } } }, /variables.staging.*lacks .*VERCEL_TEAM_ID/],
            [{ qaReviewers: undefined }, /qaReviewers/],
            [{ productionReviewers: {} }, /productionReviewers/],
            [{ workflows: { ...BASE.workflows, scheduledStaging: { cron: "every day" } } }, /cron/],
            [{ environmentNames: { staging: "qa" } }, /environmentNames/],
        ];
        for (const [args, message] of cases) {
            const { error, plan: p } = await planRejected(() => new GithubServerPipeline("web", { ...BASE, ...args }));
            expect((error as Error | undefined)?.name, JSON.stringify(Object.keys(args))).toBe("InvalidArgumentError");
            expect((error as Error).message).toMatch(message);
            expect(p.resources.filter((r) => r.type.startsWith("github:"))).toEqual([]);
        }
        const development: [Partial<GithubServerPipelineArgs>, RegExp][] = [
            [{ secrets: { ...CHARTERFLOW.secrets, development: {} } }, /secrets.development.*lacks PULUMI_ACCESS_TOKEN/],
            [
                { variables: { ...CHARTERFLOW.variables, development: { APP_URL: "https://dev.example" } } },
                /variables.development.*lacks AWS_DEPLOY_ROLE_ARN, AWS_REGION/,
            ],
            [
                { workflows: { ...CHARTERFLOW.workflows, development: { branch: "develop", vercel: true } } },
                /secrets.development.*lacks VERCEL_TOKEN/,
            ],
            [{ environmentNames: { development: "staging" } }, /environmentNames/],
        ];
        for (const [args, message] of development) {
            const { error, plan: p } = await planRejected(() => new GithubServerPipeline("pipeline", { ...CHARTERFLOW, ...args }));
            expect((error as Error | undefined)?.name, JSON.stringify(Object.keys(args))).toBe("InvalidArgumentError");
            expect((error as Error).message).toMatch(message);
            expect(p.resources.filter((r) => r.type.startsWith("github:"))).toEqual([]);
        }
    });
});
