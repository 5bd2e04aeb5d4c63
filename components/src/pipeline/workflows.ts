/**
 * Pure generators of the GitHub Actions workflows of a server or web app: tests, dependency and code scanning, and
 * deploys by `pulumi up` through stages (staging, E2E, production), with the flows the documents describe. No
 * resources here, only workflow objects; `GithubServerPipeline` (`./github.ts`) commits them as files.
 *
 * Same rules as the mobile generators (`../mobile/workflows.ts`): actions pinned to a full commit SHA from the one
 * pin table (`../mobile/pins.ts`, the tag as a comment), top-level `permissions: contents: read` (a job that needs
 * more asks for it), a `concurrency` group, `timeout-minutes` on every job, `npm ci` and tool installs before any
 * step that authenticates or holds a secret, secrets only in the `env:` of the steps that use them, exact CLI
 * versions, and no `${{ }}` expression inside a `run:` script (values reach scripts through `env:`).
 *
 * Deploys: `pulumi up` of the environment's stack with pulumi/actions (`command: up`, `pulumi-version` exact), the
 * Pulumi token an environment secret (`PULUMI_ACCESS_TOKEN`), cloud credentials by OIDC (AWS: a role in
 * `vars.AWS_DEPLOY_ROLE_ARN`; Google Cloud: Workload Identity Federation in `vars.GCP_WORKLOAD_IDENTITY_PROVIDER`
 * and `vars.GCP_DEPLOY_SERVICE_ACCOUNT`), so no long-lived cloud key exists anywhere.
 *
 * Seeds: AIOS (`002_22025bb116a7a77f`: "main → Run Full Test Suite → Build Client → Build Server → Deploy to Staging →
 * Run E2E Tests"; "Tag Release → Deploy to Production"; "Hotfix Branch → Critical Review → Merge to main → Skip
 * Staging → Direct to Production → Monitor Closely"; "Regular security audits (CodeQL)", "Dependency vulnerability
 * scanning"), CharterFlow (`004_26df5cf4e3d052a1` §2: develop → PR merge, tests pass → merge into main → tag release →
 * deploy staging → E2E tests → deploy production), InteliFeed (`001_0428c3bab62c29d7` "Deployment Pipeline": tests →
 * code quality → security scans → build → staging, "Staging: Daily deployments", then automated, performance and
 * security testing → "Manual QA" → production with "Automated rollback on failure").
 */
import { InvalidArgumentError } from "../core";
import { TOOL_VERSIONS, pinned } from "../mobile/pins";
import type { Workflow } from "../mobile/workflows";

type Step = Record<string, unknown>;
type Job = Record<string, unknown>;

/** The actions of these workflows, pinned by `../mobile/pins.ts`. */
export const PIPELINE_ACTIONS = {
    checkout: pinned("actions/checkout"),
    setupNode: pinned("actions/setup-node"),
    pulumi: pinned("pulumi/actions"),
    awsCredentials: pinned("aws-actions/configure-aws-credentials"),
    gcpAuth: pinned("google-github-actions/auth"),
    codeqlInit: pinned("github/codeql-action", "init"),
    codeqlAnalyze: pinned("github/codeql-action", "analyze"),
    dependencyReview: pinned("actions/dependency-review-action"),
} as const;

/** npm scripts of the app the jobs run (each `npm run <script>` in the app folder). */
export interface PipelineScripts {
    /** The full suite (unit + integration). @default "test" */
    test?: string;
    /** The fast suite of feature branches (AIOS: "feature → Run Fast Tests"). @default "test:unit" */
    testFast?: string;
    /** @default "lint" */
    lint?: string;
    /** @default "type-check" */
    typeCheck?: string;
    /** Builds, in order (AIOS: `expo:static:build` then `server:build`). @default ["build"] */
    build?: string[];
    /** End-to-end tests against a deployed environment; `E2E_BASE_URL` holds its URL. @default "test:e2e" */
    e2e?: string;
    /** Smoke tests against a deployed environment (`E2E_BASE_URL`). @default "test:smoke" */
    smoke?: string;
    /** Performance tests against staging, compared with a baseline (InteliFeed). @default "test:perf" */
    performance?: string;
}

/** Options every generator takes. */
export interface PipelineWorkflowOptions {
    /** Folder of the app (its `package.json` and lockfile). @default "." */
    workingDirectory?: string;
    /** Folder of the Pulumi project that deploys it (its own `package.json`). @default "infra" */
    infrastructureDirectory?: string;
    /** @default "20" */
    nodeVersion?: string;
    scripts?: PipelineScripts;
    /** Pulumi stack per GitHub environment. @default { development: "dev", staging: "staging", production: "prod" } */
    stacks?: { development?: string; staging?: string; production?: string };
    /** GitHub environment of each stage (its secrets, variables and reviewers). @default development, staging, production */
    environments?: { development?: string; staging?: string; production?: string };
    /** Cloud credentials the deploy jobs get by OIDC. @default "none" */
    cloud?: "aws" | "gcp" | "none";
    /**
     * Policy pack run by `pulumi up` (a folder relative to the Pulumi project) and its config per stack
     * (`<dir>/config/<stack>.json`), as the README's deploy command: mandatory violations stop the deploy.
     */
    policyPack?: string;
    /**
     * The web app is deployed with the Vercel CLI after `pulumi up` (the Vercel project comes from the stack's
     * `vercelProjectId` output; `VERCEL_TOKEN` is an environment secret, `VERCEL_TEAM_ID` a variable).
     * @default false
     */
    vercel?: boolean;
}

/** The environment variable every deploy job sets for E2E and smoke tests (`vars.APP_URL` of the environment). */
export const APP_URL_VARIABLE = "APP_URL";

const TIMEOUT = { test: 30, scan: 30, build: 30, deploy: 60, e2e: 30, monitor: 20, gate: 10 } as const;

/**
 * YAML-ready object helpers. Workflow text is made by `toYaml` of `../mobile/workflows.ts`, which also writes each
 * pin's tag as a comment.
 */
function dir(o: PipelineWorkflowOptions): string {
    return o.workingDirectory ?? ".";
}
function infra(o: PipelineWorkflowOptions): string {
    return o.infrastructureDirectory ?? "infra";
}
function lockfile(folder: string): string {
    return folder === "." ? "package-lock.json" : `${folder.replace(/\/+$/, "")}/package-lock.json`;
}
function scripts(o: PipelineWorkflowOptions): Required<PipelineScripts> {
    const s = o.scripts ?? {};
    return {
        test: s.test ?? "test",
        testFast: s.testFast ?? "test:unit",
        lint: s.lint ?? "lint",
        typeCheck: s.typeCheck ?? "type-check",
        build: s.build ?? ["build"],
        e2e: s.e2e ?? "test:e2e",
        smoke: s.smoke ?? "test:smoke",
        performance: s.performance ?? "test:perf",
    };
}
/** A stage a deploy job deploys. */
type DeployStage = "development" | "staging" | "production";
const DEFAULT_STACKS: Record<DeployStage, string> = { development: "dev", staging: "staging", production: "prod" };

function stackOf(o: PipelineWorkflowOptions, env: DeployStage): string {
    return o.stacks?.[env] ?? DEFAULT_STACKS[env];
}

function environmentOf(o: PipelineWorkflowOptions, env: DeployStage): string {
    return o.environments?.[env] ?? env;
}

function checkout(ref?: string, fetchDepth?: number): Step {
    return {
        name: "Check out",
        uses: PIPELINE_ACTIONS.checkout,
        with: { "persist-credentials": false, ...(ref ? { ref } : {}), ...(fetchDepth !== undefined ? { "fetch-depth": fetchDepth } : {}) },
    };
}

/** setup-node with the npm cache of the folder's lockfile, then `npm ci` there. */
function install(o: PipelineWorkflowOptions, folder: string): Step[] {
    return [
        {
            name: "Set up Node.js",
            uses: PIPELINE_ACTIONS.setupNode,
            with: { "node-version": o.nodeVersion ?? "20", cache: "npm", "cache-dependency-path": lockfile(folder) },
        },
        { name: `Install dependencies (${folder})`, run: "npm ci", "working-directory": folder },
    ];
}

function job(name: string, timeout: number, steps: Step[], extra: Record<string, unknown> = {}): Job {
    return { name, "runs-on": "ubuntu-latest", "timeout-minutes": timeout, ...extra, steps };
}

function runIn(o: PipelineWorkflowOptions, name: string, script: string, env?: Record<string, string>): Step {
    return { name, ...(env ? { env } : {}), run: `npm run ${script}`, "working-directory": dir(o) };
}

/** Tests job: full or fast suite, lint and type-check. */
function testJob(o: PipelineWorkflowOptions, suite: "full" | "fast", extra: Record<string, unknown> = {}, ref?: string): Job {
    const s = scripts(o);
    return job(
        suite === "full" ? "Full test suite, lint, type-check" : "Fast tests, lint, type-check",
        TIMEOUT.test,
        [
            checkout(ref),
            ...install(o, dir(o)),
            runIn(o, suite === "full" ? "Full test suite" : "Fast tests", suite === "full" ? s.test : s.testFast),
            runIn(o, "Lint", s.lint),
            runIn(o, "Type-check", s.typeCheck),
        ],
        extra,
    );
}

/** `npm audit` of the production dependencies: fails on a known high or critical vulnerability. */
function auditStep(o: PipelineWorkflowOptions): Step {
    return {
        name: "Dependency vulnerability scan (npm audit)",
        run: "npm audit --omit=dev --audit-level=high",
        "working-directory": dir(o),
    };
}

function buildJob(o: PipelineWorkflowOptions, needs: string[], ref?: string): Job {
    const s = scripts(o);
    return job("Build", TIMEOUT.build, [checkout(ref), ...install(o, dir(o)), ...s.build.map((b) => runIn(o, `Build (${b})`, b))], {
        needs,
    });
}

/** Cloud credentials by OIDC: the job needs `id-token: write`. */
function cloudAuth(o: PipelineWorkflowOptions, env: string): Step[] {
    if ((o.cloud ?? "none") === "aws") {
        return [
            {
                name: "AWS credentials (OIDC)",
                uses: PIPELINE_ACTIONS.awsCredentials,
                with: {
                    "role-to-assume": "${{ vars.AWS_DEPLOY_ROLE_ARN }}",
                    "role-session-name": `pulumi-deploy-${env}`,
                    "aws-region": "${{ vars.AWS_REGION }}",
                },
            },
        ];
    }
    if (o.cloud === "gcp") {
        return [
            {
                name: "Google Cloud credentials (Workload Identity Federation)",
                uses: PIPELINE_ACTIONS.gcpAuth,
                with: {
                    workload_identity_provider: "${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}",
                    service_account: "${{ vars.GCP_DEPLOY_SERVICE_ACCOUNT }}",
                },
            },
        ];
    }
    return [];
}

const PULUMI_TOKEN = { PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}" } as const;

/** The Vercel CLI deploy of the app to the stack's Vercel project (production target), after `pulumi up`. */
function vercelSteps(o: PipelineWorkflowOptions, stack: string): Step[] {
    const vercel = `npx --yes vercel@${TOOL_VERSIONS.vercel}`;
    return [
        {
            name: "Vercel project of the stack",
            id: "vercel",
            env: { ...PULUMI_TOKEN, STACK: stack },
            run: 'echo "project=$(pulumi stack output vercelProjectId --stack "$STACK")" >> "$GITHUB_OUTPUT"',
            "working-directory": infra(o),
        },
        {
            name: "Deploy the web app (Vercel)",
            env: {
                VERCEL_TOKEN: "${{ secrets.VERCEL_TOKEN }}",
                VERCEL_ORG_ID: "${{ vars.VERCEL_TEAM_ID }}",
                VERCEL_PROJECT_ID: "${{ steps.vercel.outputs.project }}",
            },
            run: [
                `${vercel} pull --yes --environment=production --token="$VERCEL_TOKEN"`,
                `${vercel} build --prod --token="$VERCEL_TOKEN"`,
                `${vercel} deploy --prebuilt --prod --token="$VERCEL_TOKEN"`,
            ].join("\n"),
            "working-directory": dir(o),
        },
    ];
}

/**
 * `pulumi up` of the environment's stack: install (npm ci of the Pulumi project, the Pulumi CLI at its exact
 * version) before the credentials, then pulumi/actions `up` with the policy pack, then the Vercel deploy if any.
 */
interface DeployExtras {
    /** Ref to check out (a branch for the scheduled staging deploy). */
    ref?: string;
    /** `fetch-depth` of the checkout (0: every tag, for the rollback). */
    fetchDepth?: number;
    /** Install steps run before the credentials (after the Pulumi project's `npm ci`). */
    installs?: Step[];
    /** Steps after the deploy (smoke tests, rollback). */
    after?: Step[];
}

function deployJob(
    o: PipelineWorkflowOptions,
    env: DeployStage,
    needs: string[],
    extra: Record<string, unknown> = {},
    more: DeployExtras = {},
): Job {
    const stack = stackOf(o, env);
    const up: Record<string, unknown> = {
        command: "up",
        "stack-name": stack,
        "work-dir": infra(o),
        "pulumi-version": TOOL_VERSIONS.pulumi,
    };
    if (o.policyPack) Object.assign(up, { policyPacks: o.policyPack, policyPackConfigs: `${o.policyPack}/config/${stack}.json` });
    return job(
        `Deploy ${env} (pulumi up --stack ${stack})`,
        TIMEOUT.deploy,
        [
            checkout(more.ref, more.fetchDepth),
            ...install(o, infra(o)),
            ...(o.vercel ? [{ name: `Install dependencies (${dir(o)})`, run: "npm ci", "working-directory": dir(o) }] : []),
            ...(more.installs ?? []),
            // Without `command`, pulumi/actions only installs the CLI: an exact version, before any credential.
            { name: "Install the Pulumi CLI", uses: PIPELINE_ACTIONS.pulumi, with: { "pulumi-version": TOOL_VERSIONS.pulumi } },
            ...cloudAuth(o, env),
            { name: `pulumi up (${stack})`, uses: PIPELINE_ACTIONS.pulumi, env: PULUMI_TOKEN, with: up },
            ...(o.vercel ? vercelSteps(o, stack) : []),
            ...(more.after ?? []),
        ],
        {
            needs,
            environment: { name: environmentOf(o, env), url: `\${{ vars.${APP_URL_VARIABLE} }}` },
            // One deployment per stack at a time, never cancelled midway.
            concurrency: { group: `deploy-${stack}`, "cancel-in-progress": false },
            permissions: { contents: "read", ...((o.cloud ?? "none") !== "none" ? { "id-token": "write" } : {}) },
            outputs: { url: `\${{ vars.${APP_URL_VARIABLE} }}` },
            ...extra,
        },
    );
}

/** Tests against a deployed environment whose URL is the output `url` of job `deployJobId`. */
function againstJob(o: PipelineWorkflowOptions, name: string, script: string, deployJobId: string, needs: string[], ref?: string): Job {
    return job(
        name,
        TIMEOUT.e2e,
        [checkout(ref), ...install(o, dir(o)), runIn(o, name, script, { E2E_BASE_URL: `\${{ needs.${deployJobId}.outputs.url }}` })],
        { needs },
    );
}

function workflow(name: string, on: Record<string, unknown>, jobs: Record<string, Job>, group: string, cancel = false): Workflow {
    return { name, on, permissions: { contents: "read" }, concurrency: { group, "cancel-in-progress": cancel }, jobs };
}

const CRON = /^(\S+\s+){4}\S+$/;
const GLOB = /^[A-Za-z0-9._/*-]+$/;

function checkGlob(option: string, value: string): void {
    if (!GLOB.test(value))
        throw new InvalidArgumentError(
            "pipeline workflows",
            option,
            `is ${JSON.stringify(value)}`,
            "a branch or tag glob of letters, digits, `.`, `_`, `/`, `*`, `-`",
        );
}

// ---------------------------------------------------------------------------------------------------------------

export interface CiWorkflowOptions extends PipelineWorkflowOptions {
    /** Branches whose pushes run the full suite (AIOS: main). @default ["main"] */
    fullTestBranches?: string[];
    /** Branches whose pushes run CI at all; pull requests into any of them run it too. @default ["main", "develop"] */
    branches?: string[];
    /** Also run on pushes to every other branch (the fast suite; AIOS: "feature → Run Fast Tests"). @default false */
    featureBranches?: boolean;
}

/**
 * CI on pull requests and pushes: the full suite on `fullTestBranches`, the fast suite elsewhere (pull requests,
 * feature branches), and the dependency vulnerability scan (`npm audit`) in every run.
 */
export function ciWorkflow(options: CiWorkflowOptions = {}): Workflow {
    const branches = options.branches ?? ["main", "develop"];
    const full = options.fullTestBranches ?? ["main"];
    for (const b of [...branches, ...full]) checkGlob("branches", b);
    const fullRef = full.map((b) => `github.ref == 'refs/heads/${b}'`).join(" || ");
    const push = options.featureBranches ? {} : { branches };
    return workflow(
        "CI",
        { pull_request: { branches }, push },
        {
            "test-full": { ...testJob(options, "full"), if: `github.event_name == 'push' && (${fullRef})` },
            "test-fast": { ...testJob(options, "fast"), if: `!(github.event_name == 'push' && (${fullRef}))` },
            "dependency-scan": job("Dependency vulnerability scan", TIMEOUT.scan, [
                checkout(),
                ...install(options, dir(options)),
                auditStep(options),
            ]),
        },
        "ci-${{ github.ref }}",
        true,
    );
}

export interface CodeqlWorkflowOptions {
    /** CodeQL languages. @default ["javascript-typescript"] */
    languages?: string[];
    /** Branches whose pushes and pull requests are analyzed. @default ["main"] */
    branches?: string[];
    /** Weekly run catching new queries on unchanged code. @default "23 4 * * 1" */
    cron?: string;
}

/**
 * CodeQL ("Regular security audits (CodeQL)", "Static analysis", "Security scans") on pushes, pull requests and a
 * weekly schedule; results go to code scanning (`security-events: write`, that job only). Code scanning needs a
 * public repository or GitHub Advanced Security (GitHub Docs, "About code scanning with CodeQL", read 2026-12-06).
 */
export function codeqlWorkflow(options: CodeqlWorkflowOptions = {}): Workflow {
    const branches = options.branches ?? ["main"];
    for (const b of branches) checkGlob("branches", b);
    const cron = options.cron ?? "23 4 * * 1";
    if (!CRON.test(cron))
        throw new InvalidArgumentError("pipeline workflows", "codeql.cron", `is ${JSON.stringify(cron)}`, "a five-field cron expression");
    return workflow(
        "CodeQL",
        { push: { branches }, pull_request: { branches }, schedule: [{ cron }] },
        {
            analyze: {
                ...job("CodeQL analysis", TIMEOUT.scan, [
                    checkout(),
                    {
                        name: "Initialize CodeQL",
                        uses: PIPELINE_ACTIONS.codeqlInit,
                        with: { languages: "${{ matrix.language }}", "build-mode": "none" },
                    },
                    { name: "Analyze", uses: PIPELINE_ACTIONS.codeqlAnalyze, with: { category: "/language:${{ matrix.language }}" } },
                ]),
                permissions: { contents: "read", "security-events": "write" },
                strategy: { "fail-fast": false, matrix: { language: options.languages ?? ["javascript-typescript"] } },
            },
        },
        "codeql-${{ github.ref }}",
        true,
    );
}

/**
 * Dependency review on pull requests: fails a pull request that adds a dependency with a known vulnerability of
 * high severity or worse (needs the dependency graph: public repositories, or GitHub Advanced Security).
 */
export function dependencyReviewWorkflow(options: { branches?: string[] } = {}): Workflow {
    const branches = options.branches ?? ["main", "develop"];
    for (const b of branches) checkGlob("branches", b);
    return workflow(
        "Dependency Review",
        { pull_request: { branches } },
        {
            review: job("Dependency review", TIMEOUT.scan, [
                checkout(),
                { name: "Review the dependency changes", uses: PIPELINE_ACTIONS.dependencyReview, with: { "fail-on-severity": "high" } },
            ]),
        },
        "dependency-review-${{ github.ref }}",
        true,
    );
}

export interface DevelopmentWorkflowOptions extends PipelineWorkflowOptions {
    /** The integration branch whose pushes deploy the development stack (CharterFlow: develop). @default "develop" */
    branch?: string;
}

/**
 * The integration branch's deploy (CharterFlow §2: feature work → "PR Merge" into develop → "Tests Pass"): each push
 * to `branch` runs the full suite and the dependency scan, builds, then `pulumi up` of the development stack (bound
 * to the `development` environment, no reviewers). Nothing of it reaches staging or production: those come from the
 * release tag (`promoteWorkflow`).
 */
export function developmentWorkflow(options: DevelopmentWorkflowOptions = {}): Workflow {
    const branch = options.branch ?? "develop";
    checkGlob("branch", branch);
    if (/[*?[\]!]/.test(branch))
        throw new InvalidArgumentError("pipeline workflows", "development.branch", `is "${branch}"`, "one branch name, not a glob");
    return workflow(
        "Deploy development",
        { push: { branches: [branch] } },
        {
            test: testJob(options, "full"),
            "dependency-scan": job("Dependency vulnerability scan", TIMEOUT.scan, [
                checkout(),
                ...install(options, dir(options)),
                auditStep(options),
            ]),
            build: buildJob(options, ["test", "dependency-scan"]),
            "deploy-development": deployJob(options, "development", ["build"]),
        },
        "deploy-development",
    );
}

export interface PromoteWorkflowOptions extends PipelineWorkflowOptions {
    /** Branches whose pushes deploy staging and run E2E (AIOS: main); none: tags only (CharterFlow). @default ["main"] */
    stagingBranches?: string[];
    /** Release tags: deploy staging, E2E, then production (after its reviewers). @default "v*" */
    tagPattern?: string;
    /**
     * A tag must point at a commit of this branch (CharterFlow: develop → main → tag); checked before anything
     * deploys. @default undefined (not checked)
     */
    tagsFrom?: string;
}

/**
 * Staging then production through one chain of jobs: full tests → build → deploy staging → E2E on staging →
 * (tags only) deploy production, bound to the `production` environment (its required reviewers approve). A tag
 * run deploys to staging and runs E2E again for that exact commit before production.
 */
export function promoteWorkflow(options: PromoteWorkflowOptions = {}): Workflow {
    const stagingBranches = options.stagingBranches ?? ["main"];
    const tag = options.tagPattern ?? "v*";
    for (const b of stagingBranches) checkGlob("stagingBranches", b);
    checkGlob("tagPattern", tag);
    const jobs: Record<string, Job> = {};
    const first: string[] = [];
    if (options.tagsFrom) {
        checkGlob("tagsFrom", options.tagsFrom);
        jobs["verify-tag"] = job(
            `Tag is on ${options.tagsFrom}`,
            TIMEOUT.gate,
            [
                checkout(undefined, 0),
                {
                    name: `Check that the tagged commit is on ${options.tagsFrom}`,
                    env: { BRANCH: options.tagsFrom },
                    run: 'git merge-base --is-ancestor "$GITHUB_SHA" "origin/$BRANCH"',
                },
            ],
            { if: "github.ref_type == 'tag'" },
        );
        first.push("verify-tag");
    }
    jobs["test"] = testJob(options, "full", first.length > 0 ? { needs: first, if: "${{ !failure() && !cancelled() }}" } : {});
    jobs["dependency-scan"] = job("Dependency vulnerability scan", TIMEOUT.scan, [
        checkout(),
        ...install(options, dir(options)),
        auditStep(options),
    ]);
    jobs["build"] = buildJob(options, ["test", "dependency-scan"]);
    jobs["deploy-staging"] = deployJob(options, "staging", ["build"]);
    jobs["e2e"] = againstJob(options, "E2E tests (staging)", scripts(options).e2e, "deploy-staging", ["deploy-staging"]);
    jobs["deploy-production"] = deployJob(options, "production", ["e2e"], { if: "github.ref_type == 'tag'" });
    const push: Record<string, unknown> = { tags: [tag] };
    if (stagingBranches.length > 0) push["branches"] = stagingBranches;
    return workflow("Deploy", { push }, jobs, "deploy-${{ github.ref }}");
}

export interface HotfixWorkflowOptions extends PipelineWorkflowOptions {
    /** The branch a hotfix is merged into first. @default "main" */
    branch?: string;
    /** Minutes of close monitoring after the deploy (health checks every minute). @default 15 */
    monitorMinutes?: number;
    /** Health path probed on the production URL. @default "/health" */
    healthPath?: string;
}

/**
 * AIOS's hotfix path: run by hand (workflow_dispatch) on `branch` after the hotfix branch was reviewed ("Critical
 * Review") and merged ("Merge to main"); fast tests and the build, then straight to production ("Skip Staging",
 * "Direct to Production"; the production environment's reviewers approve), then the health route is probed every
 * minute for `monitorMinutes` ("Monitor Closely"): any failure fails the run.
 */
export function hotfixWorkflow(options: HotfixWorkflowOptions = {}): Workflow {
    const branch = options.branch ?? "main";
    checkGlob("branch", branch);
    const minutes = options.monitorMinutes ?? 15;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 120)
        throw new InvalidArgumentError("pipeline workflows", "monitorMinutes", `is ${minutes}`, "an integer from 1 to 120");
    const health = options.healthPath ?? "/health";
    return workflow(
        "Hotfix",
        {
            workflow_dispatch: {
                inputs: { reason: { description: "What the hotfix fixes (incident or issue)", required: true, type: "string" } },
            },
        },
        {
            test: { ...testJob(options, "fast"), if: `github.ref == 'refs/heads/${branch}'` },
            build: buildJob(options, ["test"]),
            "deploy-production": deployJob(options, "production", ["build"]),
            monitor: job(
                "Monitor closely",
                TIMEOUT.monitor + minutes,
                [
                    {
                        name: `Probe ${health} every minute for ${minutes} minutes`,
                        env: { URL: "${{ needs.deploy-production.outputs.url }}", HEALTH: health, MINUTES: String(minutes) },
                        run: 'for i in $(seq "$MINUTES"); do curl --fail --silent --show-error --max-time 10 "$URL$HEALTH" > /dev/null; sleep 60; done',
                    },
                ],
                { needs: ["deploy-production"] },
            ),
        },
        "deploy-hotfix",
    );
}

export interface ScheduledStagingWorkflowOptions extends PipelineWorkflowOptions {
    /** The branch deployed to staging. @default "develop" */
    branch?: string;
    /** When (UTC, five-field cron). @default "0 6 * * 1-5" */
    cron?: string;
}

/**
 * InteliFeed's staging: deployed daily on a schedule (not on every commit): tests, code quality (lint,
 * type-check), security scans (dependency audit), build, deploy, then smoke, E2E and performance tests on staging.
 * GitHub runs scheduled workflows from the default branch's copy only, so the file lives there and checks out
 * `branch` explicitly (GitHub Docs, "Events that trigger workflows", `schedule`, read 2026-12-06).
 */
export function scheduledStagingWorkflow(options: ScheduledStagingWorkflowOptions = {}): Workflow {
    const branch = options.branch ?? "develop";
    checkGlob("branch", branch);
    const cron = options.cron ?? "0 6 * * 1-5";
    if (!CRON.test(cron))
        throw new InvalidArgumentError("pipeline workflows", "cron", `is ${JSON.stringify(cron)}`, "a five-field cron expression");
    const s = scripts(options);
    return workflow(
        "Staging (daily)",
        { schedule: [{ cron }], workflow_dispatch: {} },
        {
            test: testJob(options, "full", {}, branch),
            "dependency-scan": job("Security scan: dependencies", TIMEOUT.scan, [
                checkout(branch),
                ...install(options, dir(options)),
                auditStep(options),
            ]),
            build: buildJob(options, ["test", "dependency-scan"], branch),
            "deploy-staging": deployJob(options, "staging", ["build"], {}, { ref: branch }),
            smoke: againstJob(options, "Smoke tests (staging)", s.smoke, "deploy-staging", ["deploy-staging"], branch),
            e2e: againstJob(options, "E2E tests (staging)", s.e2e, "deploy-staging", ["smoke"], branch),
            performance: againstJob(options, "Performance tests (staging)", s.performance, "deploy-staging", ["smoke"], branch),
        },
        "deploy-staging",
    );
}

export interface QaReleaseWorkflowOptions extends PipelineWorkflowOptions {
    /** @default "v*" */
    tagPattern?: string;
    /** GitHub environment of the manual QA gate (required reviewers: the QA team). @default "qa" */
    qaEnvironment?: string;
}

/**
 * InteliFeed's production release on a tag: tests and the dependency scan, the manual QA gate (a job bound to the
 * `qa` environment, which waits for one of its required reviewers), then one production job (its own reviewers:
 * "Multi-stage approval workflows") that deploys, runs the smoke tests, and rolls back automatically when the deploy
 * or the smoke tests fail ("Automated rollback on failure"): `pulumi up` of the previous release tag's program, and
 * for Vercel `vercel rollback` to the previous production deployment. The rollback is in the same job so that it
 * needs no second approval and runs with the credentials already there; the previous release is checked out and
 * installed before any credential exists.
 */
export function qaReleaseWorkflow(options: QaReleaseWorkflowOptions = {}): Workflow {
    const tag = options.tagPattern ?? "v*";
    checkGlob("tagPattern", tag);
    const qa = options.qaEnvironment ?? "qa";
    const s = scripts(options);
    const stack = stackOf(options, "production");
    const vercel = `npx --yes vercel@${TOOL_VERSIONS.vercel}`;
    const previousInfra = `.previous/${infra(options)}`;
    const rollback: Step[] = [
        {
            name: `Rollback: pulumi up --stack ${stack} of the previous release`,
            if: "${{ failure() && steps.previous.outputs.tag != '' }}",
            uses: PIPELINE_ACTIONS.pulumi,
            env: PULUMI_TOKEN,
            with: { command: "up", "stack-name": stack, "work-dir": previousInfra, "pulumi-version": TOOL_VERSIONS.pulumi },
        },
    ];
    if (options.vercel) {
        rollback.push({
            name: "Rollback: the previous production deployment (Vercel)",
            if: "${{ failure() }}",
            env: {
                VERCEL_TOKEN: "${{ secrets.VERCEL_TOKEN }}",
                VERCEL_SCOPE: "${{ vars.VERCEL_TEAM_ID }}",
                VERCEL_PROJECT_ID: "${{ steps.vercel.outputs.project }}",
            },
            run: `${vercel} rollback --yes --scope "$VERCEL_SCOPE" --token="$VERCEL_TOKEN"`,
            "working-directory": dir(options),
        });
    }
    const installs: Step[] = [
        {
            name: "Find the previous release tag",
            id: "previous",
            env: { TAG_PATTERN: tag },
            run: 'echo "tag=$(git describe --tags --abbrev=0 --match "$TAG_PATTERN" "$GITHUB_SHA^" 2>/dev/null || true)" >> "$GITHUB_OUTPUT"',
        },
        {
            name: "Check out the previous release",
            if: "${{ steps.previous.outputs.tag != '' }}",
            uses: PIPELINE_ACTIONS.checkout,
            with: { ref: "${{ steps.previous.outputs.tag }}", path: ".previous", "persist-credentials": false },
        },
        {
            name: "Install the previous release's Pulumi project",
            if: "${{ steps.previous.outputs.tag != '' }}",
            run: "npm ci",
            "working-directory": previousInfra,
        },
        ...(options.vercel ? [] : [{ name: `Install dependencies (${dir(options)})`, run: "npm ci", "working-directory": dir(options) }]),
    ];
    const smoke: Step = runIn(options, "Smoke tests (production)", s.smoke, { E2E_BASE_URL: `\${{ vars.${APP_URL_VARIABLE} }}` });
    return workflow(
        "Release",
        { push: { tags: [tag] } },
        {
            test: testJob(options, "full"),
            "dependency-scan": job("Security scan: dependencies", TIMEOUT.scan, [
                checkout(),
                ...install(options, dir(options)),
                auditStep(options),
            ]),
            "qa-approval": job(
                "Manual QA (user acceptance, cross-browser, devices)",
                TIMEOUT.gate,
                [{ name: "Approved by QA", env: { TAG: "${{ github.ref_name }}" }, run: 'echo "QA approved $TAG for production"' }],
                { needs: ["test", "dependency-scan"], environment: qa },
            ),
            "deploy-production": deployJob(
                options,
                "production",
                ["qa-approval"],
                {},
                { fetchDepth: 0, installs, after: [smoke, ...rollback] },
            ),
        },
        "deploy-production",
    );
}
