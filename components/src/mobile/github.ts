import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import { type BaseArgs, Component, InvalidArgumentError, type Profile, type Transform, profileDefaults } from "../core";
import {
    CAPACITOR_STORE_SECRETS,
    type CapacitorBuildTarget,
    type CapacitorStores,
    type EasBuildTarget,
    type EasProfile,
    type UpdateTarget,
    capacitorBuildWorkflow,
    capacitorLiveUpdateWorkflow,
    capacitorReleaseWorkflow,
    easBuildWorkflow,
    easJson,
    easUpdateWorkflow,
    releaseWorkflow,
    testsWorkflow,
    toYaml,
    type Workflow,
} from "./workflows";

const COMPONENT = "GithubMobilePipeline";

/** The two GitHub environments the pipeline manages. */
export const MOBILE_ENVIRONMENTS = ["staging", "production"] as const;
export type MobileEnvironment = (typeof MOBILE_ENVIRONMENTS)[number];

interface PipelineProfile {
    canAdminsBypass: boolean;
    preventSelfReview: boolean;
    productionWaitTimerMinutes: number;
}

/**
 * A stack per environment usually manages one repository's pipeline from its prod stack; a dev stack pointed at a
 * sandbox repository gets a looser production environment (admins may bypass the review).
 */
const PROFILE: Profile<PipelineProfile> = {
    dev: { canAdminsBypass: true, preventSelfReview: false, productionWaitTimerMinutes: 0 },
    staging: { canAdminsBypass: false, preventSelfReview: true, productionWaitTimerMinutes: 0 },
    prod: { canAdminsBypass: false, preventSelfReview: true, productionWaitTimerMinutes: 0 },
};

/** Who must approve a production job: numeric GitHub ids (`gh api users/<login> --jq .id`, `gh api orgs/<org>/teams/<slug> --jq .id`). */
export interface EnvironmentReviewers {
    users?: number[];
    teams?: number[];
}

/** Live updates of a Capacitor app through a provider's CLI (Capgo, Appflow, ...). */
export interface LiveUpdateProvider {
    /** Upload command, run after the web build; `$CHANNEL` holds the channel. E.g. `npx @capgo/cli@7 bundle upload --channel "$CHANNEL"`. */
    command: string;
    /** Env name → secret name the command reads, e.g. `{ CAPGO_TOKEN: "CAPGO_TOKEN" }`. Put the secret in `secrets`. */
    secretEnv?: Record<string, string>;
}

export interface GithubMobilePipelineArgs extends BaseArgs {
    /** Name (not `owner/name`) of the existing repository; the provider's `owner` config names the owner. Changing it replaces every child. */
    repository: pulumi.Input<string>;
    /** `expo` (EAS Build, EAS Update, `eas.json`) or `capacitor` (Gradle/xcodebuild builds, live updates). */
    framework: "expo" | "capacitor";
    /**
     * Required reviewers of the production environment (1..6 users and teams in total, GitHub's limit): every
     * production job (store build, submit, OTA update to production) waits for one of them.
     */
    productionReviewers: EnvironmentReviewers;
    /** @default "develop" */
    stagingBranch?: string;
    /** @default "main" */
    productionBranch?: string;
    /**
     * Tag pattern of the store release workflow (TechMate seed `003_af9aa3c9dd59b1d2`: `mobile-v*`); `null` omits the
     * release workflow. Production's deployment policy admits exactly this tag pattern and the production branch.
     * @default "mobile-v*"
     */
    releaseTagPattern?: string | null;
    /**
     * Environment secrets, per environment: secret name → value (e.g. `EXPO_TOKEN`, `SENTRY_AUTH_TOKEN`,
     * `CAPGO_TOKEN`). Values are always sent as Pulumi secrets; pass them from `config.requireSecret`.
     * Only jobs bound to the environment can read them.
     * @default {}
     */
    secrets?: Partial<Record<MobileEnvironment, Record<string, pulumi.Input<string>>>>;
    /**
     * Environment variables (plain, visible in logs), per environment: name → value, e.g. `EXPO_PUBLIC_API_URL`,
     * `EXPO_PUBLIC_SENTRY_DSN` (a DSN is public, see `SentryProjects`).
     * @default {}
     */
    variables?: Partial<Record<MobileEnvironment, Record<string, pulumi.Input<string>>>>;
    /** Folder of the app in the repository, e.g. `apps/mobile`. @default "." */
    workingDirectory?: string;
    /** Path of the generated `eas.json` (Expo only). @default `<workingDirectory>/eas.json` */
    easJsonPath?: string;
    /** EAS build profiles written to `eas.json` (Expo only). @default development, preview, staging, production */
    easProfiles?: EasProfile[];
    /** `eas-version` of `expo/expo-github-action`: an exact eas-cli version (`latest` and ranges are refused). @default TOOL_VERSIONS.easCli */
    easVersion?: string;
    /** @default "20" */
    nodeVersion?: string;
    /** Live-update provider (Capacitor only); without it no live-update workflow is written. @default none */
    liveUpdate?: LiveUpdateProvider;
    /** Env name → secret name given to the Capacitor native build steps (signing keys). @default {} */
    buildSecrets?: Record<string, string>;
    /**
     * Capacitor only, required with a release workflow: where the tag release uploads (Google Play package and track,
     * Apple team). The release signs and uploads with the environment secrets {@link CAPACITOR_STORE_SECRETS}, which
     * must be in `secrets.production` (the component refuses a release that could not upload).
     * @default none (an error for a Capacitor app with a release workflow)
     */
    stores?: CapacitorStores;
    /**
     * Expo only, required: the App Store Connect app id (numeric, App Store Connect → App Information → Apple ID),
     * written to `eas.json` `submit.production.ios.ascAppId`. `eas submit --non-interactive` needs it to submit iOS
     * builds from CI (Expo, "Configure EAS Submit with eas.json", docs.expo.dev/submit/eas-json, read 2026-12-06);
     * the App Store Connect API key itself is kept on EAS (`eas credentials`).
     * @default none (an error for an Expo app; a Capacitor app must leave it unset)
     */
    appStoreConnectAppId?: string;
    /**
     * Branch the files are committed to. Must not require pull requests, or the commit is refused. A workflow that
     * runs on pushes to other branches is also committed to each of them (GitHub runs a push's workflows from the
     * pushed commit, so a file present only on this branch never runs for the others); those branches must exist.
     * @default `productionBranch`
     */
    commitBranch?: string;
    /** @default "ci: update <file> (managed by Pulumi)" */
    commitMessage?: string;
    /** Admins may deploy to production without review. @default dev true, staging false, prod false */
    canAdminsBypass?: boolean;
    /** The person who triggered a production job cannot approve it. @default dev false, staging true, prod true */
    preventSelfReview?: boolean;
    /** Minutes production jobs wait after approval (0..43200). @default 0 */
    productionWaitTimerMinutes?: number;
    /** Edits of the computed args of each kind of child. @default none: each child takes the args the component computed */
    transform?: GithubPipelineTransforms;
}

/** The transform keys of a pipeline's children (environments, their deployment policies, secrets, variables, files). */
export interface GithubPipelineTransforms {
    environment?: Transform<github.RepositoryEnvironmentArgs>;
    deploymentPolicy?: Transform<github.RepositoryEnvironmentDeploymentPolicyArgs>;
    secret?: Transform<github.ActionsEnvironmentSecretArgs>;
    variable?: Transform<github.ActionsEnvironmentVariableArgs>;
    file?: Transform<github.RepositoryFileArgs>;
}

/** The branches a workflow's `on.push.branches` names (none for tag-only or dispatch-only workflows). */
export function pushBranches(workflow: Workflow): string[] {
    const field = (v: unknown, key: string): unknown =>
        v && typeof v === "object" && !Array.isArray(v) ? Object.entries(v).find(([k]) => k === key)?.[1] : undefined;
    const branches = field(field(workflow["on"], "push"), "branches");
    return Array.isArray(branches) ? branches.filter((b): b is string => typeof b === "string" && !/[*?[\]!]/.test(b)) : [];
}

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const BRANCH = /^[A-Za-z0-9._/-]+$/;

/**
 * The CI/CD of a mobile app in an existing GitHub repository: `staging` and `production` environments (production
 * behind required reviewers and a deployment policy admitting only the production branch and the release tags),
 * environment secrets and variables, and the generated workflows committed as files: tests, builds per branch
 * (EAS or Capacitor native), OTA/live updates per channel, the tag-triggered store release, and `eas.json` for Expo.
 *
 * Files are committed with `overwriteOnCreate`: an existing workflow of the same name is replaced by the managed one.
 */
export class GithubMobilePipeline extends Component {
    /** Names of the GitHub environments, `["staging", "production"]`. */
    public readonly environmentNames: pulumi.Output<string[]>;
    /** Repository paths of every committed file. */
    public readonly filePaths: string[];
    /** Repository paths of the workflow files. */
    public readonly workflowPaths: string[];
    /** Generated file contents by path (what is committed). */
    public readonly files: Record<string, string>;
    /** Path → the branches the file is committed to (the commit branch first). */
    public readonly fileBranches: Record<string, string[]>;
    public readonly environments: Record<MobileEnvironment, github.RepositoryEnvironment>;

    constructor(name: string, args: GithubMobilePipelineArgs, opts?: pulumi.ComponentResourceOptions) {
        super("mobile:GithubMobilePipeline", name, args, opts);

        // ---- validation, before any child ----
        if (args.framework !== "expo" && args.framework !== "capacitor") {
            throw new InvalidArgumentError(COMPONENT, "framework", `is ${JSON.stringify(args.framework)}`, '"expo" or "capacitor"');
        }
        const reviewers = args.productionReviewers ?? {};
        const ids = [...(reviewers.users ?? []), ...(reviewers.teams ?? [])];
        if (ids.length < 1 || ids.length > 6) {
            throw new InvalidArgumentError(
                COMPONENT,
                "productionReviewers",
                `lists ${ids.length} reviewers`,
                "1 to 6 users and teams in total (GitHub's limit)",
            );
        }
        for (const id of ids) {
            if (!Number.isInteger(id) || id <= 0) {
                throw new InvalidArgumentError(
                    COMPONENT,
                    "productionReviewers",
                    `contains ${JSON.stringify(id)}`,
                    "numeric GitHub user or team ids (e.g. `gh api users/<login> --jq .id`), not logins or slugs",
                );
            }
        }
        const stagingBranch = args.stagingBranch ?? "develop";
        const productionBranch = args.productionBranch ?? "main";
        for (const [arg, branch] of [
            ["stagingBranch", stagingBranch],
            ["productionBranch", productionBranch],
        ] as const) {
            if (!BRANCH.test(branch))
                throw new InvalidArgumentError(COMPONENT, arg, `is "${branch}"`, "a branch name of letters, digits, `.`, `_`, `/`, `-`");
        }
        if (stagingBranch === productionBranch) {
            throw new InvalidArgumentError(
                COMPONENT,
                "stagingBranch",
                `equals productionBranch ("${productionBranch}")`,
                "two different branches",
            );
        }
        const releaseTagPattern = args.releaseTagPattern === undefined ? "mobile-v*" : args.releaseTagPattern;
        if (releaseTagPattern !== null && !/^[A-Za-z0-9._/*-]+$/.test(releaseTagPattern)) {
            throw new InvalidArgumentError(
                COMPONENT,
                "releaseTagPattern",
                `is "${releaseTagPattern}"`,
                "a tag glob such as `mobile-v*`, or null",
            );
        }
        for (const kind of ["secrets", "variables"] as const) {
            const byEnv = args[kind] ?? {};
            for (const [env, values] of Object.entries(byEnv)) {
                if (!(MOBILE_ENVIRONMENTS as readonly string[]).includes(env)) {
                    throw new InvalidArgumentError(
                        COMPONENT,
                        `${kind}.${env}`,
                        "is not a managed environment",
                        MOBILE_ENVIRONMENTS.join(", "),
                    );
                }
                for (const key of Object.keys(values ?? {})) {
                    if (!SECRET_NAME.test(key) || key.toUpperCase().startsWith("GITHUB_")) {
                        throw new InvalidArgumentError(
                            COMPONENT,
                            `${kind}.${env}.${key}`,
                            "is not a valid name",
                            "letters, digits and `_`, not starting with a digit or `GITHUB_`",
                        );
                    }
                }
            }
        }
        if (args.framework === "expo" && args.liveUpdate) {
            throw new InvalidArgumentError(
                COMPONENT,
                "liveUpdate",
                "is set for an Expo app",
                "Capacitor only; Expo apps publish OTA updates with `eas update`",
            );
        }
        if (args.framework === "capacitor" && (args.easJsonPath !== undefined || args.easProfiles !== undefined)) {
            throw new InvalidArgumentError(
                COMPONENT,
                args.easJsonPath !== undefined ? "easJsonPath" : "easProfiles",
                "is set for a Capacitor app",
                "Expo only",
            );
        }
        if (args.framework === "capacitor" && args.appStoreConnectAppId !== undefined) {
            throw new InvalidArgumentError(
                COMPONENT,
                "appStoreConnectAppId",
                "is set for a Capacitor app",
                "Expo only; a Capacitor release takes `stores`",
            );
        }
        if (args.framework === "expo" && args.stores !== undefined) {
            throw new InvalidArgumentError(
                COMPONENT,
                "stores",
                "is set for an Expo app",
                "Capacitor only; Expo apps submit with `eas submit` (set `appStoreConnectAppId`)",
            );
        }
        if (args.framework === "expo" && !/^\d+$/.test(args.appStoreConnectAppId ?? "")) {
            throw new InvalidArgumentError(
                COMPONENT,
                "appStoreConnectAppId",
                args.appStoreConnectAppId === undefined ? "is missing" : `is ${JSON.stringify(args.appStoreConnectAppId)}`,
                "the numeric Apple ID of the app in App Store Connect: `eas submit --non-interactive` cannot submit iOS builds without it",
            );
        }
        if (args.framework === "capacitor" && releaseTagPattern !== null) {
            const stores = args.stores ?? {};
            for (const platform of ["android", "ios"] as const) {
                if (!stores[platform]) {
                    throw new InvalidArgumentError(
                        COMPONENT,
                        `stores.${platform}`,
                        "is missing",
                        `the ${platform === "android" ? "Google Play package" : "Apple team"} the release uploads to (or releaseTagPattern: null for no release)`,
                    );
                }
                const missing = CAPACITOR_STORE_SECRETS[platform].filter((name) => args.secrets?.production?.[name] === undefined);
                if (missing.length > 0) {
                    throw new InvalidArgumentError(
                        COMPONENT,
                        "secrets.production",
                        `lacks ${missing.join(", ")}`,
                        `every secret the ${platform} store upload reads: ${CAPACITOR_STORE_SECRETS[platform].join(", ")}`,
                    );
                }
            }
        }
        if (args.liveUpdate && args.liveUpdate.command.trim() === "") {
            throw new InvalidArgumentError(COMPONENT, "liveUpdate.command", "is empty", "the provider's upload command");
        }
        const p = profileDefaults(PROFILE, this.environment, {
            canAdminsBypass: args.canAdminsBypass,
            preventSelfReview: args.preventSelfReview,
            productionWaitTimerMinutes: args.productionWaitTimerMinutes,
        });
        if (!Number.isInteger(p.productionWaitTimerMinutes) || p.productionWaitTimerMinutes < 0 || p.productionWaitTimerMinutes > 43200) {
            throw new InvalidArgumentError(
                COMPONENT,
                "productionWaitTimerMinutes",
                `is ${p.productionWaitTimerMinutes}`,
                "an integer from 0 to 43200",
            );
        }
        const workingDirectory = (args.workingDirectory ?? ".").replace(/\/+$/, "") || ".";
        if (workingDirectory.startsWith("/") || workingDirectory.split("/").includes("..")) {
            throw new InvalidArgumentError(
                COMPONENT,
                "workingDirectory",
                `is "${workingDirectory}"`,
                "a path relative to the repository root, without `..`",
            );
        }

        // ---- the generated files ----
        const common = { workingDirectory, nodeVersion: args.nodeVersion, branches: [productionBranch, stagingBranch] };
        const updates: UpdateTarget[] = [
            { channel: "staging", branch: stagingBranch, environment: "staging" },
            { channel: "production", branch: productionBranch, environment: "production" },
        ];
        const workflows: Record<string, Workflow> = { tests: testsWorkflow(common) };
        const files: Record<string, string> = {};
        if (args.framework === "expo") {
            const expo = { ...common, easVersion: args.easVersion };
            const builds: EasBuildTarget[] = [
                { profile: "staging", branch: stagingBranch, environment: "staging" },
                { profile: "production", branch: productionBranch, environment: "production", submitProfile: "production" },
            ];
            workflows["eas-build"] = easBuildWorkflow({ ...expo, builds });
            workflows["eas-update"] = easUpdateWorkflow({ ...expo, updates });
            if (releaseTagPattern !== null) workflows["mobile-release"] = releaseWorkflow({ ...expo, tagPattern: releaseTagPattern });
        } else {
            const cap = { ...common, buildSecrets: args.buildSecrets };
            const builds: CapacitorBuildTarget[] = [
                { name: "staging", branch: stagingBranch, environment: "staging" },
                { name: "production", branch: productionBranch, environment: "production" },
            ];
            workflows["capacitor-build"] = capacitorBuildWorkflow({ ...cap, builds });
            if (args.liveUpdate) workflows["live-update"] = capacitorLiveUpdateWorkflow({ ...common, ...args.liveUpdate, updates });
            if (releaseTagPattern !== null)
                workflows["mobile-release"] = capacitorReleaseWorkflow({
                    ...cap,
                    tagPattern: releaseTagPattern,
                    stores: args.stores ?? {},
                });
        }
        const branch = args.commitBranch ?? productionBranch;
        /** Path → the branches it is committed to: the commit branch first, then every branch its pushes run on. */
        const placement: Record<string, string[]> = {};
        for (const [workflow, content] of Object.entries(workflows)) {
            const path = `.github/workflows/${workflow}.yml`;
            files[path] = toYaml(content);
            placement[path] = [...new Set([branch, ...pushBranches(content)])];
        }
        const workflowPaths = Object.keys(files);
        if (args.framework === "expo") {
            const path = args.easJsonPath ?? (workingDirectory === "." ? "eas.json" : `${workingDirectory}/eas.json`);
            files[path] = easJson({ profiles: args.easProfiles, submit: { ios: { ascAppId: args.appStoreConnectAppId } } });
            // `eas build` reads eas.json from the commit it builds: every branch that builds needs it.
            placement[path] = [...new Set([branch, stagingBranch, productionBranch])];
        }

        // ---- environments ----
        const repository = args.repository;
        const production = this.child(
            github.RepositoryEnvironment,
            "production",
            {
                repository,
                environment: "production",
                reviewers: [{ users: reviewers.users ?? [], teams: reviewers.teams ?? [] }],
                preventSelfReview: p.preventSelfReview,
                canAdminsBypass: p.canAdminsBypass,
                waitTimer: p.productionWaitTimerMinutes,
                deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
            },
            args.transform?.environment,
        );
        const staging = this.child(
            github.RepositoryEnvironment,
            "staging",
            { repository, environment: "staging", canAdminsBypass: true, preventSelfReview: false },
            args.transform?.environment,
        );
        const envs: Record<MobileEnvironment, github.RepositoryEnvironment> = { staging, production };

        // Production admits only the production branch and the release tags ("selected branches and tags"): the
        // "protected branches" policy would refuse tag-triggered release jobs.
        const policies: { suffix: string; branchPattern?: string; tagPattern?: string }[] = [
            { suffix: "production-branch", branchPattern: productionBranch },
        ];
        if (releaseTagPattern !== null) policies.push({ suffix: "production-release-tags", tagPattern: releaseTagPattern });
        const prerequisites: pulumi.Resource[] = [staging, production];
        for (const policy of policies) {
            const created = this.child(
                github.RepositoryEnvironmentDeploymentPolicy,
                policy.suffix,
                { repository, environment: production.environment, branchPattern: policy.branchPattern, tagPattern: policy.tagPattern },
                args.transform?.deploymentPolicy,
            );
            prerequisites.push(created);
        }

        for (const env of MOBILE_ENVIRONMENTS) {
            for (const [secretName, value] of Object.entries(args.secrets?.[env] ?? {})) {
                const secret = this.child(
                    github.ActionsEnvironmentSecret,
                    `${env}-secret-${secretName.toLowerCase()}`,
                    { repository, environment: envs[env].environment, secretName, value: pulumi.secret(value) },
                    args.transform?.secret,
                );
                prerequisites.push(secret);
            }
            for (const [variableName, value] of Object.entries(args.variables?.[env] ?? {})) {
                this.child(
                    github.ActionsEnvironmentVariable,
                    `${env}-var-${variableName.toLowerCase()}`,
                    { repository, environment: envs[env].environment, variableName, value },
                    args.transform?.variable,
                );
            }
        }

        // ---- files ----
        // The commit branch's copy keeps the name it always had; the copy on another branch adds `-on-<branch>`.
        const fileBranches: Record<string, string[]> = {};
        for (const [path, content] of Object.entries(files)) {
            const base = `file-${path
                .replace(/^\.github\/workflows\//, "workflow-")
                .replace(/[^A-Za-z0-9]+/g, "-")
                .replace(/^-|-$/g, "")
                .toLowerCase()}`;
            fileBranches[path] = placement[path];
            for (const target of placement[path]) {
                this.child(
                    github.RepositoryFile,
                    target === branch ? base : `${base}-on-${target.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}`,
                    {
                        repository,
                        file: path,
                        content,
                        branch: target,
                        commitMessage: args.commitMessage ?? `ci: update ${path} (managed by Pulumi)`,
                        overwriteOnCreate: true,
                    },
                    args.transform?.file,
                    // Environments, policies and secrets first: a workflow run referencing an environment that does not
                    // exist yet would create it without reviewers, and a run before its secrets exist fails.
                    { dependsOn: prerequisites },
                );
            }
        }

        this.environments = envs;
        this.environmentNames = pulumi.all([staging.environment, production.environment]);
        this.filePaths = Object.keys(files);
        this.workflowPaths = workflowPaths;
        this.files = files;
        this.fileBranches = fileBranches;
        this.registerOutputs({ environmentNames: this.environmentNames, filePaths: this.filePaths, workflowPaths: this.workflowPaths });
    }
}
