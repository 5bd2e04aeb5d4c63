/**
 * The parts the pipeline workflows (`./workflows.ts`) are made of: the options every generator shares, the pinned
 * actions, and the steps and jobs (checkout, install, tests, scans, build, `pulumi up` with OIDC credentials and the
 * Vercel deploy, tests against a deployed stage), with the checks of globs and crons. Internal: `./workflows.ts`
 * re-exports the public options and constants; the builders are not exported from the package.
 */
import { InvalidArgumentError } from "../core";
import { TOOL_VERSIONS, pinned } from "../mobile/pins";
import type { Workflow } from "../mobile/workflows";

export type Step = Record<string, unknown>;
export type Job = Record<string, unknown>;

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

export const TIMEOUT = { test: 30, scan: 30, build: 30, deploy: 60, e2e: 30, monitor: 20, gate: 10 } as const;

/**
 * YAML-ready object helpers. Workflow text is made by `toYaml` of `../mobile/workflows.ts`, which also writes each
 * pin's tag as a comment.
 */
export function dir(o: PipelineWorkflowOptions): string {
    return o.workingDirectory ?? ".";
}
export function infra(o: PipelineWorkflowOptions): string {
    return o.infrastructureDirectory ?? "infra";
}
function lockfile(folder: string): string {
    return folder === "." ? "package-lock.json" : `${folder.replace(/\/+$/, "")}/package-lock.json`;
}
export function scripts(o: PipelineWorkflowOptions): Required<PipelineScripts> {
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
export type DeployStage = "development" | "staging" | "production";
const DEFAULT_STACKS: Record<DeployStage, string> = { development: "dev", staging: "staging", production: "prod" };

export function stackOf(o: PipelineWorkflowOptions, env: DeployStage): string {
    return o.stacks?.[env] ?? DEFAULT_STACKS[env];
}

function environmentOf(o: PipelineWorkflowOptions, env: DeployStage): string {
    return o.environments?.[env] ?? env;
}

export function checkout(ref?: string, fetchDepth?: number): Step {
    return {
        name: "Check out",
        uses: PIPELINE_ACTIONS.checkout,
        with: { "persist-credentials": false, ...(ref ? { ref } : {}), ...(fetchDepth !== undefined ? { "fetch-depth": fetchDepth } : {}) },
    };
}

/** setup-node with the npm cache of the folder's lockfile, then `npm ci` there. */
export function install(o: PipelineWorkflowOptions, folder: string): Step[] {
    return [
        {
            name: "Set up Node.js",
            uses: PIPELINE_ACTIONS.setupNode,
            with: { "node-version": o.nodeVersion ?? "20", cache: "npm", "cache-dependency-path": lockfile(folder) },
        },
        npmCi(folder),
    ];
}

/** `npm ci` in `folder`. */
export function npmCi(folder: string): Step {
    return { name: `Install dependencies (${folder})`, run: "npm ci", "working-directory": folder };
}

export function job(name: string, timeout: number, steps: Step[], extra: Record<string, unknown> = {}): Job {
    return { name, "runs-on": "ubuntu-latest", "timeout-minutes": timeout, ...extra, steps };
}

export function runIn(o: PipelineWorkflowOptions, name: string, script: string, env?: Record<string, string>): Step {
    return { name, ...(env ? { env } : {}), run: `npm run ${script}`, "working-directory": dir(o) };
}

/** Tests job: full or fast suite, lint and type-check. */
export function testJob(o: PipelineWorkflowOptions, suite: "full" | "fast", extra: Record<string, unknown> = {}, ref?: string): Job {
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
export function auditStep(o: PipelineWorkflowOptions): Step {
    return {
        name: "Dependency vulnerability scan (npm audit)",
        run: "npm audit --omit=dev --audit-level=high",
        "working-directory": dir(o),
    };
}

/** The dependency scan as a job of its own: checkout (of `ref`), install, `npm audit`. */
export function dependencyScanJob(o: PipelineWorkflowOptions, name: string, ref?: string): Job {
    return job(name, TIMEOUT.scan, [checkout(ref), ...install(o, dir(o)), auditStep(o)]);
}

export function buildJob(o: PipelineWorkflowOptions, needs: string[], ref?: string): Job {
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

/** The Vercel CLI at its exact version. */
export const VERCEL_CLI = `npx --yes vercel@${TOOL_VERSIONS.vercel}`;

export const PULUMI_TOKEN = { PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}" } as const;

/** The Vercel CLI deploy of the app to the stack's Vercel project (production target), after `pulumi up`. */
function vercelSteps(o: PipelineWorkflowOptions, stack: string): Step[] {
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
                `${VERCEL_CLI} pull --yes --environment=production --token="$VERCEL_TOKEN"`,
                `${VERCEL_CLI} build --prod --token="$VERCEL_TOKEN"`,
                `${VERCEL_CLI} deploy --prebuilt --prod --token="$VERCEL_TOKEN"`,
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

export function deployJob(
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
            ...(o.vercel ? [npmCi(dir(o))] : []),
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
export function againstJob(
    o: PipelineWorkflowOptions,
    name: string,
    script: string,
    deployJobId: string,
    needs: string[],
    ref?: string,
): Job {
    return job(
        name,
        TIMEOUT.e2e,
        [checkout(ref), ...install(o, dir(o)), runIn(o, name, script, { E2E_BASE_URL: `\${{ needs.${deployJobId}.outputs.url }}` })],
        { needs },
    );
}

export function workflow(name: string, on: Record<string, unknown>, jobs: Record<string, Job>, group: string, cancel = false): Workflow {
    return { name, on, permissions: { contents: "read" }, concurrency: { group, "cancel-in-progress": cancel }, jobs };
}

const CRON = /^(\S+\s+){4}\S+$/;
const GLOB = /^[A-Za-z0-9._/*-]+$/;

export function checkGlob(option: string, value: string): void {
    if (!GLOB.test(value))
        throw new InvalidArgumentError(
            "pipeline workflows",
            option,
            `is ${JSON.stringify(value)}`,
            "a branch or tag glob of letters, digits, `.`, `_`, `/`, `*`, `-`",
        );
}

/** Throws unless `cron` has five fields (the option named `option` in the error). */
export function checkCron(option: string, cron: string): void {
    if (!CRON.test(cron))
        throw new InvalidArgumentError("pipeline workflows", option, `is ${JSON.stringify(cron)}`, "a five-field cron expression");
}
