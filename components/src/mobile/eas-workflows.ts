/**
 * The Expo workflows: EAS builds per branch (CoachMeld seed `000_30406cbe3669e999`: staging from `develop`,
 * production from `main` followed by `eas submit`), OTA updates per channel, and the store release on a tag
 * (TechMate seed `003_af9aa3c9dd59b1d2`: `mobile-release.yml` on `mobile-v*`, Play Store internal track and
 * TestFlight). The Expo token is in the `env:` of the `eas` steps only ({@link easEnv}), after `npm ci`.
 */
import { InvalidArgumentError } from "../core";
import { TOOL_VERSIONS } from "./pins";
import {
    ACTIONS,
    type CommonWorkflowOptions,
    type Job,
    type Step,
    TIMEOUT_MINUTES,
    type TestScripts,
    type UpdateTarget,
    type Workflow,
    channelUpdateWorkflow,
    environmentJob,
    installSteps,
    jobId,
    pushOn,
    tagReleaseWorkflow,
    testJob,
    workflow,
} from "./workflow-common";

/** One EAS build profile built from one branch into one GitHub environment. */
export interface EasBuildTarget {
    /** The `eas.json` build profile, e.g. `staging`. */
    profile: string;
    /** The branch whose pushes build it, e.g. `develop`. */
    branch: string;
    /** The GitHub environment of the job (its secrets, and its required reviewers). */
    environment: string;
    /** Run `eas submit --profile <submitProfile> --latest` after the build (store builds only). */
    submitProfile?: string;
}

export interface ExpoWorkflowOptions extends CommonWorkflowOptions {
    /**
     * `eas-version` given to `expo/expo-github-action`: an exact eas-cli version (`latest` and ranges are refused: a
     * deploy must run the CLI that was reviewed). `eas.json`'s `cli.version` constraint must accept it.
     * @default TOOL_VERSIONS.easCli
     */
    easVersion?: string;
    /** `--platform` of `eas build` / `eas submit`. @default "all" */
    platform?: "all" | "ios" | "android";
}

export interface EasBuildWorkflowOptions extends ExpoWorkflowOptions {
    /** @default staging from `develop`, production from `main` then `eas submit` ({@link DEFAULT_EAS_BUILDS}) */
    builds?: EasBuildTarget[];
    /** Run the tests job first (`needs: test`), as in the CoachMeld seed. @default true */
    runTests?: boolean;
    scripts?: TestScripts;
}

export interface EasUpdateWorkflowOptions extends ExpoWorkflowOptions {
    /** @default channel `staging` from `develop`, channel `production` from `main` ({@link DEFAULT_UPDATE_TARGETS}) */
    updates?: UpdateTarget[];
}

export interface ReleaseWorkflowOptions extends ExpoWorkflowOptions {
    /** Tag pattern that triggers the release (TechMate seed: `mobile-v*`). @default "mobile-v*" */
    tagPattern?: string;
    /** @default "production" */
    profile?: string;
    /** @default "production" */
    submitProfile?: string;
    /** @default "production" */
    environment?: string;
    /** Create a GitHub release of the tag with generated notes (the only job with `contents: write`). @default true */
    githubRelease?: boolean;
}

export const DEFAULT_EAS_BUILDS: EasBuildTarget[] = [
    { profile: "staging", branch: "develop", environment: "staging" },
    { profile: "production", branch: "main", environment: "production", submitProfile: "production" },
];

const EXACT_VERSION = /^\d+\.\d+\.\d+$/;

/** The env of a step that runs `eas`: the Expo token, there and nowhere else. */
const easEnv = { EXPO_TOKEN: "${{ secrets.EXPO_TOKEN }}" } as const;

/**
 * checkout, setup-node, `npm ci`, then eas-cli installed without logging in: the token goes only to the `eas` steps
 * ({@link easEnv}). eas-cli comes after `npm ci` in every job, so that no install script runs where a credential is.
 */
function easSetupSteps(options: ExpoWorkflowOptions): Step[] {
    const version = options.easVersion ?? TOOL_VERSIONS.easCli;
    if (!EXACT_VERSION.test(version)) {
        throw new InvalidArgumentError(
            "mobile workflows",
            "easVersion",
            `is ${JSON.stringify(version)}`,
            `an exact eas-cli version such as ${TOOL_VERSIONS.easCli}, never latest or a range`,
        );
    }
    return [...installSteps(options), { name: "Set up EAS CLI", uses: ACTIONS.expo, with: { "eas-version": version } }];
}

/** `eas build --non-interactive` of one profile. */
function easBuildStep(name: string, platform: string, profile: string): Step {
    return { name, env: easEnv, run: `eas build --platform ${platform} --profile ${profile} --non-interactive` };
}

/** `eas submit --latest --non-interactive`: the build just made, to the stores of the submit profile. */
function easSubmitStep(name: string, platform: string, submitProfile: string): Step {
    return { name, env: easEnv, run: `eas submit --platform ${platform} --profile ${submitProfile} --latest --non-interactive` };
}

/**
 * EAS builds per profile: each target builds on pushes to its branch, in a job bound to its GitHub environment
 * (so a production environment with required reviewers holds the build until approved); a target with
 * `submitProfile` runs `eas submit --latest` after its build.
 */
export function easBuildWorkflow(options: EasBuildWorkflowOptions = {}): Workflow {
    const builds = options.builds ?? DEFAULT_EAS_BUILDS;
    const platform = options.platform ?? "all";
    const runTests = options.runTests ?? true;
    const jobs: Record<string, Job> = {};
    if (runTests) jobs["test"] = testJob(options, options.scripts);
    for (const b of builds) {
        const steps: Step[] = [...easSetupSteps(options), easBuildStep(`Build (${b.profile})`, platform, b.profile)];
        if (b.submitProfile) steps.push(easSubmitStep("Submit to the stores", platform, b.submitProfile));
        jobs[jobId("build", b.profile)] = environmentJob(options, {
            name: `EAS build ${b.profile}${b.submitProfile ? " and submit" : ""}`,
            needs: runTests ? "test" : undefined,
            branch: b.branch,
            timeoutMinutes: TIMEOUT_MINUTES.build,
            environment: b.environment,
            steps,
        });
    }
    // Never cancel a running store build: a second push waits for the first.
    return workflow(
        "EAS Build",
        { ...pushOn(builds), workflow_dispatch: {} },
        { group: "eas-build-${{ github.ref }}", cancel: false },
        jobs,
    );
}

/** OTA updates: `eas update --channel <channel>` on pushes to the channel's branch, in its environment. */
export function easUpdateWorkflow(options: EasUpdateWorkflowOptions = {}): Workflow {
    const ids = { jobPrefix: "update", concurrencyGroup: "eas-update-${{ github.ref }}" };
    return channelUpdateWorkflow(options, "EAS Update", options.updates, ids, (u) => ({
        name: `EAS Update ${u.channel}`,
        steps: [
            ...easSetupSteps(options),
            {
                name: `Publish the update to channel ${u.channel}`,
                // The commit message reaches the script through env, never by expression expansion in the script.
                env: { ...easEnv, UPDATE_MESSAGE: "${{ github.event.head_commit.message }}" },
                run: `eas update --channel ${u.channel} --message "$UPDATE_MESSAGE" --non-interactive`,
            },
        ],
    }));
}

/**
 * Store release on a tag (TechMate: `mobile-v*`): an EAS production build per platform, each submitted
 * (Play Store internal track / TestFlight, per the `eas.json` submit profile), then a GitHub release.
 */
export function releaseWorkflow(options: ReleaseWorkflowOptions = {}): Workflow {
    const profile = options.profile ?? "production";
    const submitProfile = options.submitProfile ?? "production";
    const platforms = (options.platform ?? "all") === "all" ? ["android", "ios"] : [options.platform ?? "android"];
    const jobs: Record<string, Job> = {};
    for (const platform of platforms) {
        jobs[jobId("release", platform)] = environmentJob(options, {
            name: `Build and submit ${platform}`,
            timeoutMinutes: TIMEOUT_MINUTES.release,
            environment: options.environment ?? "production",
            steps: [
                ...easSetupSteps(options),
                easBuildStep(`Build ${platform}`, platform, profile),
                easSubmitStep(`Submit ${platform}`, platform, submitProfile),
            ],
        });
    }
    return tagReleaseWorkflow(options.tagPattern ?? "mobile-v*", jobs, options.githubRelease ?? true);
}
