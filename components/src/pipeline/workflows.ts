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
import { TOOL_VERSIONS } from "../mobile/pins";
import type { Workflow } from "../mobile/workflows";
import {
    againstJob,
    APP_URL_VARIABLE,
    buildJob,
    checkCron,
    checkGlob,
    checkout,
    dependencyScanJob,
    deployJob,
    dir,
    infra,
    job,
    type Job,
    npmCi,
    PIPELINE_ACTIONS,
    type PipelineWorkflowOptions,
    PULUMI_TOKEN,
    runIn,
    scripts,
    stackOf,
    type Step,
    testJob,
    TIMEOUT,
    VERCEL_CLI,
    workflow,
} from "./jobs";

export { APP_URL_VARIABLE, PIPELINE_ACTIONS, type PipelineScripts, type PipelineWorkflowOptions } from "./jobs";

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
            "dependency-scan": dependencyScanJob(options, "Dependency vulnerability scan"),
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
    checkCron("codeql.cron", cron);
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
            "dependency-scan": dependencyScanJob(options, "Dependency vulnerability scan"),
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
    jobs["dependency-scan"] = dependencyScanJob(options, "Dependency vulnerability scan");
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
    checkCron("cron", cron);
    const s = scripts(options);
    return workflow(
        "Staging (daily)",
        { schedule: [{ cron }], workflow_dispatch: {} },
        {
            test: testJob(options, "full", {}, branch),
            "dependency-scan": dependencyScanJob(options, "Security scan: dependencies", branch),
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
            run: `${VERCEL_CLI} rollback --yes --scope "$VERCEL_SCOPE" --token="$VERCEL_TOKEN"`,
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
        ...(options.vercel ? [] : [npmCi(dir(options))]),
    ];
    const smoke: Step = runIn(options, "Smoke tests (production)", s.smoke, { E2E_BASE_URL: `\${{ vars.${APP_URL_VARIABLE} }}` });
    return workflow(
        "Release",
        { push: { tags: [tag] } },
        {
            test: testJob(options, "full"),
            "dependency-scan": dependencyScanJob(options, "Security scan: dependencies"),
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
