/**
 * The args of `GithubMobilePipeline` (`./github.ts`) and their check: every bad value is refused here, naming the
 * arg, before the component registers any child. {@link checkPipelineArgs} returns the values the component and the
 * generated files (`./pipeline-files.ts`) use, defaults applied.
 */
import type * as github from "@pulumi/github";
import type * as pulumi from "@pulumi/pulumi";
import { type BaseArgs, type Environment, InvalidArgumentError, type Profile, type Transform, profileDefaults } from "../core";
import { CAPACITOR_STORE_SECRETS, type CapacitorStores } from "./capacitor-release";
import type { EasProfile } from "./eas-json";

export const COMPONENT = "GithubMobilePipeline";

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

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const BRANCH = /^[A-Za-z0-9._/-]+$/;

/** The pipeline's args with their defaults applied, once {@link checkPipelineArgs} accepted them. */
export interface PipelineSettings {
    reviewers: EnvironmentReviewers;
    stagingBranch: string;
    productionBranch: string;
    /** `null`: no release workflow. */
    releaseTagPattern: string | null;
    /** Without a trailing `/`; `.` for the repository root. */
    workingDirectory: string;
    /** The production environment's protection, from the profile of `environment` and the args. */
    profile: PipelineProfile;
}

/**
 * Refuses, with an {@link InvalidArgumentError} naming the arg, anything GitHub or the generated workflows would
 * reject or that could not work: reviewers GitHub does not accept, bad branch and tag names, secrets of unmanaged
 * environments, args of the other framework, a release that could not upload, an Expo app without its App Store
 * Connect id.
 */
export function checkPipelineArgs(args: GithubMobilePipelineArgs, environment: Environment): PipelineSettings {
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
                throw new InvalidArgumentError(COMPONENT, `${kind}.${env}`, "is not a managed environment", MOBILE_ENVIRONMENTS.join(", "));
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
    // Args of one framework only: the arg, its value, its framework, and what the other framework uses instead.
    const frameworkOnly = [
        ["liveUpdate", args.liveUpdate || undefined, "capacitor", "Capacitor only; Expo apps publish OTA updates with `eas update`"],
        ["easJsonPath", args.easJsonPath, "expo", "Expo only"],
        ["easProfiles", args.easProfiles, "expo", "Expo only"],
        ["appStoreConnectAppId", args.appStoreConnectAppId, "expo", "Expo only; a Capacitor release takes `stores`"],
        ["stores", args.stores, "capacitor", "Capacitor only; Expo apps submit with `eas submit` (set `appStoreConnectAppId`)"],
    ] as const;
    for (const [arg, value, framework, allowed] of frameworkOnly) {
        if (value !== undefined && args.framework !== framework) {
            throw new InvalidArgumentError(
                COMPONENT,
                arg,
                `is set for ${args.framework === "expo" ? "an Expo" : "a Capacitor"} app`,
                allowed,
            );
        }
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
    const p = profileDefaults(PROFILE, environment, {
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
    return { reviewers, stagingBranch, productionBranch, releaseTagPattern, workingDirectory, profile: p };
}
