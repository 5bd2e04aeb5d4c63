/**
 * Pure generators of the GitHub Actions workflows and the `eas.json` of a mobile app: no resources here, only text.
 * `GithubMobilePipeline` (`./github.ts`) commits what these return; a team without Pulumi can print them and commit
 * them by hand.
 *
 * Every workflow: actions pinned to a full commit SHA with the tag as a comment (`./pins.ts`), a top-level
 * `permissions:` block granting only `contents: read` (a job that needs more asks for it itself), a `concurrency`
 * group, `timeout-minutes` on every job, and no `${{ }}` expression of user-controlled text (commit messages, branch
 * names) inside a `run:` script: such values reach scripts through `env:` only (GitHub's script-injection guidance).
 *
 * Supply chain: `npm ci` runs before anything authenticates, so no dependency's install script sees a credential;
 * a secret is in the `env:` of the steps that use it only, never of a job or workflow, and never an action input that
 * exports it to every later step (expo/expo-github-action's `token` does: `src/expo.ts`, `authenticate` calls
 * `exportVariable("EXPO_TOKEN")`); deploy jobs install exact CLI versions (`TOOL_VERSIONS`), never `latest`.
 *
 * Seeds: CoachMeld (`000_30406cbe3669e999`: EAS profiles development/staging/production, staging builds from
 * `develop`, production builds from `main` followed by `eas submit`, OTA updates), TechMate (`003_af9aa3c9dd59b1d2`:
 * `mobile-release.yml` on `mobile-v*` tags, Play Store internal track and TestFlight), InteliFeed
 * (`001_0428c3bab62c29d7`: Capacitor apps with live updates).
 */
import { Document, isScalar, visit } from "yaml";
import { InvalidArgumentError } from "../core";
import { TOOL_VERSIONS, pinTag, pinned } from "./pins";

export { ACTION_PINS, type ActionPin, type PinnedAction, TOOL_VERSIONS, pinTag, pinned } from "./pins";

/** The actions of the generated workflows, pinned to commits by `./pins.ts`. Bump there; every workflow follows. */
export const ACTIONS = {
    checkout: pinned("actions/checkout"),
    setupNode: pinned("actions/setup-node"),
    setupJava: pinned("actions/setup-java"),
    uploadArtifact: pinned("actions/upload-artifact"),
    expo: pinned("expo/expo-github-action"),
    setupRuby: pinned("ruby/setup-ruby"),
    uploadGooglePlay: pinned("r0adkll/upload-google-play"),
} as const;

/** A workflow as an object (the shape of the YAML file). */
export type Workflow = Record<string, unknown>;
type Step = Record<string, unknown>;
type Job = Record<string, unknown>;

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

/** One OTA channel published from one branch. */
export interface UpdateTarget {
    /** The EAS Update channel (`eas.json` `build.<profile>.channel`) or live-update channel. */
    channel: string;
    branch: string;
    environment: string;
}

/** Options shared by every workflow generator. */
export interface CommonWorkflowOptions {
    /**
     * Folder of the app inside the repository (where `package.json` and `package-lock.json` live), e.g. `apps/mobile`.
     * @default "."
     */
    workingDirectory?: string;
    /** @default "20" */
    nodeVersion?: string;
    /** Branches whose pushes and pull requests run the tests. @default ["main", "develop"] */
    branches?: string[];
}

/** npm scripts the tests workflow runs. */
export interface TestScripts {
    /** @default "test" */
    test?: string;
    /** @default "lint" */
    lint?: string;
    /** Type check script (the CoachMeld seed's `npm run type-check`). @default "type-check" */
    typeCheck?: string;
}

export interface TestsWorkflowOptions extends CommonWorkflowOptions {
    scripts?: TestScripts;
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

export const DEFAULT_UPDATE_TARGETS: UpdateTarget[] = [
    { channel: "staging", branch: "develop", environment: "staging" },
    { channel: "production", branch: "main", environment: "production" },
];

const TIMEOUT_MINUTES = { test: 20, build: 90, update: 20, release: 120, github: 10 } as const;

/**
 * YAML text of a workflow object, with a header line (a `# ...` comment) saying where it comes from. Every pinned
 * `uses:` gets its tag as a comment (`uses: actions/checkout@<sha> # v4.4.0`).
 */
export function toYaml(
    workflow: Workflow,
    header = "Generated by @appstack/components (mobile/workflows.ts). Edit the Pulumi program, not this file.",
): string {
    const doc = new Document(workflow, { aliasDuplicateObjects: false });
    visit(doc, {
        Pair(_key, pair) {
            if (!isScalar(pair.key) || pair.key.value !== "uses" || !isScalar(pair.value) || typeof pair.value.value !== "string") return;
            const tag = pinTag(pair.value.value);
            if (tag) pair.value.comment = ` ${tag}`;
        },
    });
    return `# ${header}\n${doc.toString({ lineWidth: 0 })}`;
}

function dir(options: CommonWorkflowOptions): string {
    return options.workingDirectory ?? ".";
}

function lockfile(options: CommonWorkflowOptions): string {
    const d = dir(options);
    return d === "." ? "package-lock.json" : `${d.replace(/\/+$/, "")}/package-lock.json`;
}

/** checkout, setup-node with the npm cache keyed on the app's lockfile, `npm ci`. */
function installSteps(options: CommonWorkflowOptions): Step[] {
    return [
        { name: "Check out", uses: ACTIONS.checkout, with: { "persist-credentials": false } },
        {
            name: "Set up Node.js",
            uses: ACTIONS.setupNode,
            with: { "node-version": options.nodeVersion ?? "20", cache: "npm", "cache-dependency-path": lockfile(options) },
        },
        { name: "Install dependencies", run: "npm ci" },
    ];
}

const EXACT_VERSION = /^\d+\.\d+\.\d+$/;

/**
 * Installs eas-cli, without logging in: the token goes only to the `eas` steps ({@link easEnv}). Comes after `npm ci`
 * in every job, so that no install script runs where a credential is.
 */
function expoStep(options: ExpoWorkflowOptions): Step {
    const version = options.easVersion ?? TOOL_VERSIONS.easCli;
    if (!EXACT_VERSION.test(version)) {
        throw new InvalidArgumentError(
            "mobile workflows",
            "easVersion",
            `is ${JSON.stringify(version)}`,
            `an exact eas-cli version such as ${TOOL_VERSIONS.easCli}, never latest or a range`,
        );
    }
    return { name: "Set up EAS CLI", uses: ACTIONS.expo, with: { "eas-version": version } };
}

/** The env of a step that runs `eas`: the Expo token, there and nowhere else. */
const easEnv = { EXPO_TOKEN: "${{ secrets.EXPO_TOKEN }}" } as const;

function defaults(options: CommonWorkflowOptions): Record<string, unknown> {
    return { run: { "working-directory": dir(options) } };
}

function onRef(ref: string): string {
    return `github.ref == '${ref}'`;
}

function testJob(options: CommonWorkflowOptions, scripts: TestScripts = {}): Job {
    return {
        name: "Test, lint and type-check",
        "runs-on": "ubuntu-latest",
        "timeout-minutes": TIMEOUT_MINUTES.test,
        defaults: defaults(options),
        steps: [
            ...installSteps(options),
            { name: "Test", run: `npm run ${scripts.test ?? "test"}` },
            { name: "Lint", run: `npm run ${scripts.lint ?? "lint"}` },
            { name: "Type-check", run: `npm run ${scripts.typeCheck ?? "type-check"}` },
        ],
    };
}

function jobId(prefix: string, value: string): string {
    return `${prefix}-${value.toLowerCase().replace(/[^a-z0-9_-]+/g, "-")}`;
}

/** Tests on pull requests and pushes: `npm ci` (cached), test, lint, type-check. Read-only token. */
export function testsWorkflow(options: TestsWorkflowOptions = {}): Workflow {
    const branches = options.branches ?? ["main", "develop"];
    return {
        name: "Tests",
        on: { pull_request: { branches }, push: { branches } },
        permissions: { contents: "read" },
        concurrency: { group: "tests-${{ github.workflow }}-${{ github.ref }}", "cancel-in-progress": true },
        jobs: { test: testJob(options, options.scripts) },
    };
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
        const steps: Step[] = [
            ...installSteps(options),
            expoStep(options),
            { name: `Build (${b.profile})`, env: easEnv, run: `eas build --platform ${platform} --profile ${b.profile} --non-interactive` },
        ];
        if (b.submitProfile) {
            steps.push({
                name: "Submit to the stores",
                env: easEnv,
                run: `eas submit --platform ${platform} --profile ${b.submitProfile} --latest --non-interactive`,
            });
        }
        jobs[jobId("build", b.profile)] = {
            name: `EAS build ${b.profile}${b.submitProfile ? " and submit" : ""}`,
            ...(runTests ? { needs: "test" } : {}),
            if: onRef(`refs/heads/${b.branch}`),
            "runs-on": "ubuntu-latest",
            "timeout-minutes": TIMEOUT_MINUTES.build,
            environment: b.environment,
            defaults: defaults(options),
            steps,
        };
    }
    return {
        name: "EAS Build",
        on: { push: { branches: [...new Set(builds.map((b) => b.branch))] }, workflow_dispatch: {} },
        permissions: { contents: "read" },
        // Never cancel a running store build: a second push waits for the first.
        concurrency: { group: "eas-build-${{ github.ref }}", "cancel-in-progress": false },
        jobs,
    };
}

/** OTA updates: `eas update --channel <channel>` on pushes to the channel's branch, in its environment. */
export function easUpdateWorkflow(options: EasUpdateWorkflowOptions = {}): Workflow {
    const updates = options.updates ?? DEFAULT_UPDATE_TARGETS;
    const jobs: Record<string, Job> = {};
    for (const u of updates) {
        jobs[jobId("update", u.channel)] = {
            name: `EAS Update ${u.channel}`,
            if: onRef(`refs/heads/${u.branch}`),
            "runs-on": "ubuntu-latest",
            "timeout-minutes": TIMEOUT_MINUTES.update,
            environment: u.environment,
            defaults: defaults(options),
            steps: [
                ...installSteps(options),
                expoStep(options),
                {
                    name: `Publish the update to channel ${u.channel}`,
                    // The commit message reaches the script through env, never by expression expansion in the script.
                    env: { ...easEnv, UPDATE_MESSAGE: "${{ github.event.head_commit.message }}" },
                    run: `eas update --channel ${u.channel} --message "$UPDATE_MESSAGE" --non-interactive`,
                },
            ],
        };
    }
    return {
        name: "EAS Update",
        on: { push: { branches: [...new Set(updates.map((u) => u.branch))] } },
        permissions: { contents: "read" },
        // A newer update supersedes one still publishing on the same branch.
        concurrency: { group: "eas-update-${{ github.ref }}", "cancel-in-progress": true },
        jobs,
    };
}

function githubReleaseJob(needs: string[]): Job {
    return {
        name: "GitHub release",
        needs,
        "runs-on": "ubuntu-latest",
        "timeout-minutes": TIMEOUT_MINUTES.github,
        permissions: { contents: "write" },
        steps: [
            {
                name: "Create the release",
                env: { GH_TOKEN: "${{ github.token }}", TAG: "${{ github.ref_name }}" },
                run: 'gh release create "$TAG" --repo "$GITHUB_REPOSITORY" --title "$TAG" --generate-notes --verify-tag',
            },
        ],
    };
}

/**
 * Store release on a tag (TechMate: `mobile-v*`): an EAS production build per platform, each submitted
 * (Play Store internal track / TestFlight, per the `eas.json` submit profile), then a GitHub release.
 */
export function releaseWorkflow(options: ReleaseWorkflowOptions = {}): Workflow {
    const tagPattern = options.tagPattern ?? "mobile-v*";
    const profile = options.profile ?? "production";
    const submitProfile = options.submitProfile ?? "production";
    const platforms = (options.platform ?? "all") === "all" ? ["android", "ios"] : [options.platform ?? "android"];
    const jobs: Record<string, Job> = {};
    for (const platform of platforms) {
        jobs[jobId("release", platform)] = {
            name: `Build and submit ${platform}`,
            "runs-on": "ubuntu-latest",
            "timeout-minutes": TIMEOUT_MINUTES.release,
            environment: options.environment ?? "production",
            defaults: defaults(options),
            steps: [
                ...installSteps(options),
                expoStep(options),
                { name: `Build ${platform}`, env: easEnv, run: `eas build --platform ${platform} --profile ${profile} --non-interactive` },
                {
                    name: `Submit ${platform}`,
                    env: easEnv,
                    run: `eas submit --platform ${platform} --profile ${submitProfile} --latest --non-interactive`,
                },
            ],
        };
    }
    if (options.githubRelease ?? true) jobs["github-release"] = githubReleaseJob(Object.keys(jobs));
    return {
        name: "Mobile Release",
        on: { push: { tags: [tagPattern] } },
        permissions: { contents: "read" },
        concurrency: { group: "mobile-release-${{ github.ref }}", "cancel-in-progress": false },
        jobs,
    };
}

// ---------------------------------------------------------------------------------------------------------------
// Capacitor (InteliFeed)
// ---------------------------------------------------------------------------------------------------------------

/** One native build of a Capacitor app from one branch into one GitHub environment. */
export interface CapacitorBuildTarget {
    /** Label of the target, used in job ids (`android-<name>`), e.g. `staging`. */
    name: string;
    branch: string;
    environment: string;
}

export interface CapacitorWorkflowOptions extends CommonWorkflowOptions {
    /** npm script building the web assets that `npx cap sync` copies into the native projects. @default "build" */
    webBuildScript?: string;
    /** Native platforms to build. @default ["android", "ios"] */
    platforms?: ("android" | "ios")[];
    /** JDK for Gradle (Temurin). @default "21" */
    javaVersion?: string;
    /** Gradle task, run with `./gradlew` in `android/`. @default "bundleRelease" */
    gradleTask?: string;
    /**
     * The iOS build command, run in the app folder on a macOS runner after `npx cap sync ios`. Use a fastlane lane
     * (`bundle exec fastlane ios beta`, with `ruby/setup-ruby` and bundler cache added) or xcodebuild.
     * @default an `xcodebuild archive` of `ios/App/App.xcworkspace`, scheme `App`, Release, unsigned
     */
    iosBuildCommand?: string;
    /** Run the iOS command through fastlane: adds `ruby/setup-ruby` with `bundler-cache`. @default false */
    iosUsesFastlane?: boolean;
    /** macOS runner label. @default "macos-latest" */
    macosRunner?: string;
    /**
     * Secrets passed to the native build steps as environment variables: env name → secret name (signing keystore,
     * App Store Connect key, ...). Values come from the job's environment secrets.
     * @default {}
     */
    buildSecrets?: Record<string, string>;
}

export interface CapacitorBuildWorkflowOptions extends CapacitorWorkflowOptions {
    /** @default staging from `develop`, production from `main` */
    builds?: CapacitorBuildTarget[];
}

export interface LiveUpdateOptions extends CommonWorkflowOptions {
    /** @default "build" */
    webBuildScript?: string;
    /**
     * The command uploading the web bundle to the live-update provider; `$CHANNEL` holds the target channel.
     * Capgo: `npx @capgo/cli@7 bundle upload --channel "$CHANNEL"`; Appflow: the Appflow CLI's live-update deploy.
     */
    command: string;
    /** Secrets the command needs as environment variables: env name → secret name, e.g. `{ CAPGO_TOKEN: "CAPGO_TOKEN" }`. */
    secretEnv?: Record<string, string>;
    /** @default channel `staging` from `develop`, channel `production` from `main` */
    updates?: UpdateTarget[];
}

/** Where the Capacitor store release uploads: Google Play (a track) and App Store Connect (TestFlight). */
export interface CapacitorStores {
    /** Google Play: the signed AAB is uploaded to `track` by r0adkll/upload-google-play. */
    android?: {
        /** Application id of the app on Google Play, e.g. `io.intelifeed.hub`. */
        packageName: string;
        /** @default "internal" (the TechMate seed's "Play Store (internal track)"; InteliFeed reviews there first) */
        track?: "internal" | "alpha" | "beta" | "production";
        /** `completed` rolls the track out; `draft` leaves it for the Play Console. @default "completed" */
        status?: "completed" | "draft";
    };
    /** App Store Connect: the archive is signed (automatic signing with the API key) and uploaded (TestFlight). */
    ios?: {
        /** Apple Developer team id (10 characters), e.g. `A1B2C3D4E5`. */
        teamId: string;
    };
}

/**
 * Environment secrets the Capacitor store release reads, per platform: the component checks they are given for the
 * release's environment, the workflow reads them as `secrets.<NAME>` in the `env:` of the steps that use them.
 *
 * Android: the upload keystore (base64 of the `.jks`), its store and key passwords and key alias, passed to Gradle
 * as the Android Gradle plugin's injected signing properties (`android.injected.signing.*`, what Android Studio's
 * "Generate Signed Bundle" passes); and the JSON key of a Google Cloud service account invited in the Play Console
 * with release permission, given to r0adkll/upload-google-play as a file (`serviceAccountJson`; the action exports it
 * as GOOGLE_APPLICATION_CREDENTIALS, src/main.ts lines 103-122 at v1.1.3), never as an input holding the secret.
 *
 * iOS: an App Store Connect API key (the `.p8` text, its key id and issuer id, role App Manager or Admin): xcodebuild
 * signs with it (`-allowProvisioningUpdates -authenticationKeyPath/-ID/-IssuerID`, cloud-managed automatic signing)
 * and `-exportArchive` with `destination: upload` uploads the build to App Store Connect, where TestFlight picks it
 * up (Apple, "Upload builds", developer.apple.com/help/app-store-connect/manage-builds/upload-builds, read 2026-12-06).
 */
export const CAPACITOR_STORE_SECRETS = {
    android: [
        "ANDROID_KEYSTORE_BASE64",
        "ANDROID_KEYSTORE_PASSWORD",
        "ANDROID_KEY_ALIAS",
        "ANDROID_KEY_PASSWORD",
        "PLAY_SERVICE_ACCOUNT_JSON",
    ],
    ios: ["APP_STORE_CONNECT_API_KEY", "APP_STORE_CONNECT_KEY_ID", "APP_STORE_CONNECT_ISSUER_ID"],
} as const;

export interface CapacitorReleaseWorkflowOptions extends CapacitorWorkflowOptions {
    /** @default "mobile-v*" */
    tagPattern?: string;
    /** @default "production" */
    environment?: string;
    /** @default true */
    githubRelease?: boolean;
    /** Store of each released platform; every platform of `platforms` needs its entry. */
    stores: CapacitorStores;
}

export const DEFAULT_CAPACITOR_BUILDS: CapacitorBuildTarget[] = [
    { name: "staging", branch: "develop", environment: "staging" },
    { name: "production", branch: "main", environment: "production" },
];

function secretEnv(map: Record<string, string> = {}): Record<string, string> {
    return Object.fromEntries(Object.entries(map).map(([env, secret]) => [env, `\${{ secrets.${secret} }}`]));
}

function withEnv(step: Step, env: Record<string, string>): Step {
    return Object.keys(env).length > 0 ? { ...step, env } : step;
}

function capacitorPlatformJob(
    platform: "android" | "ios",
    options: CapacitorWorkflowOptions,
    environment: string,
    condition?: string,
): Job {
    const env = secretEnv(options.buildSecrets);
    const web = { name: "Build the web assets", run: `npm run ${options.webBuildScript ?? "build"}` };
    const sync = { name: `Sync the ${platform} project`, run: `npx cap sync ${platform}` };
    const common = {
        ...(condition ? { if: condition } : {}),
        "timeout-minutes": TIMEOUT_MINUTES.build,
        environment,
        defaults: defaults(options),
    };
    if (platform === "android") {
        return {
            name: "Android build",
            ...common,
            "runs-on": "ubuntu-latest",
            steps: [
                ...installSteps(options),
                {
                    name: "Set up Java",
                    uses: ACTIONS.setupJava,
                    with: { distribution: "temurin", "java-version": options.javaVersion ?? "21", cache: "gradle" },
                },
                web,
                sync,
                withEnv(
                    {
                        name: "Gradle build",
                        "working-directory": `${dir(options)}/android`,
                        run: `./gradlew ${options.gradleTask ?? "bundleRelease"} --no-daemon`,
                    },
                    env,
                ),
                {
                    name: "Upload the bundle",
                    uses: ACTIONS.uploadArtifact,
                    with: { name: `android-${environment}`, path: `${dir(options)}/android/app/build/outputs/`, "retention-days": 14 },
                },
            ],
        };
    }
    const iosCommand =
        options.iosBuildCommand ??
        "xcodebuild -workspace ios/App/App.xcworkspace -scheme App -configuration Release -archivePath build/App.xcarchive -destination 'generic/platform=iOS' CODE_SIGNING_ALLOWED=NO archive";
    return {
        name: "iOS build",
        ...common,
        "runs-on": options.macosRunner ?? "macos-latest",
        steps: [
            ...installSteps(options),
            ...(options.iosUsesFastlane
                ? [
                      {
                          name: "Set up Ruby (fastlane)",
                          uses: ACTIONS.setupRuby,
                          with: { "bundler-cache": true, "working-directory": dir(options) },
                      },
                  ]
                : []),
            web,
            sync,
            withEnv({ name: options.iosUsesFastlane ? "fastlane" : "xcodebuild", run: iosCommand }, env),
        ],
    };
}

/** Capacitor native builds: web build, `npx cap sync`, Gradle on Ubuntu and xcodebuild/fastlane on macOS, per target. */
export function capacitorBuildWorkflow(options: CapacitorBuildWorkflowOptions = {}): Workflow {
    const builds = options.builds ?? DEFAULT_CAPACITOR_BUILDS;
    const platforms = options.platforms ?? ["android", "ios"];
    const jobs: Record<string, Job> = {};
    for (const b of builds) {
        for (const platform of platforms) {
            jobs[jobId(platform, b.name)] = capacitorPlatformJob(platform, options, b.environment, onRef(`refs/heads/${b.branch}`));
        }
    }
    return {
        name: "Capacitor Build",
        on: { push: { branches: [...new Set(builds.map((b) => b.branch))] }, workflow_dispatch: {} },
        permissions: { contents: "read" },
        concurrency: { group: "capacitor-build-${{ github.ref }}", "cancel-in-progress": false },
        jobs,
    };
}

/** Capacitor live updates through a configurable provider command, per channel and branch. */
export function capacitorLiveUpdateWorkflow(options: LiveUpdateOptions): Workflow {
    if (/@latest\b/.test(options.command)) {
        throw new InvalidArgumentError(
            "mobile workflows",
            "liveUpdate.command",
            "installs a tool @latest",
            "a pinned version, e.g. npx @capgo/cli@7.0.0 (a deploy must run the CLI that was reviewed)",
        );
    }
    const updates = options.updates ?? DEFAULT_UPDATE_TARGETS;
    const jobs: Record<string, Job> = {};
    for (const u of updates) {
        jobs[jobId("live-update", u.channel)] = {
            name: `Live update ${u.channel}`,
            if: onRef(`refs/heads/${u.branch}`),
            "runs-on": "ubuntu-latest",
            "timeout-minutes": TIMEOUT_MINUTES.update,
            environment: u.environment,
            defaults: defaults(options),
            steps: [
                ...installSteps(options),
                { name: "Build the web assets", run: `npm run ${options.webBuildScript ?? "build"}` },
                {
                    name: `Publish to channel ${u.channel}`,
                    env: { CHANNEL: u.channel, ...secretEnv(options.secretEnv) },
                    run: options.command,
                },
            ],
        };
    }
    return {
        name: "Live Update",
        on: { push: { branches: [...new Set(updates.map((u) => u.branch))] } },
        permissions: { contents: "read" },
        concurrency: { group: "live-update-${{ github.ref }}", "cancel-in-progress": true },
        jobs,
    };
}

const secretRef = (names: readonly string[]): Record<string, string> => Object.fromEntries(names.map((n) => [n, `\${{ secrets.${n} }}`]));
const TEAM_ID = /^[A-Z0-9]{10}$/;
const PACKAGE_NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/;

/** Signed AAB (injected signing properties), uploaded to a Google Play track. */
function androidReleaseJob(options: CapacitorReleaseWorkflowOptions, environment: string): Job {
    const store = options.stores.android;
    if (!store || !PACKAGE_NAME.test(store.packageName)) {
        throw new InvalidArgumentError(
            "mobile workflows",
            "stores.android.packageName",
            `is ${JSON.stringify(store?.packageName)}`,
            "the app's application id on Google Play, e.g. io.example.app",
        );
    }
    const d = dir(options);
    const [keystore, storePassword, keyAlias, keyPassword, playKey] = CAPACITOR_STORE_SECRETS.android;
    return {
        name: `Android: sign, upload to Google Play (${store.track ?? "internal"})`,
        "runs-on": "ubuntu-latest",
        "timeout-minutes": TIMEOUT_MINUTES.release,
        environment,
        defaults: defaults(options),
        steps: [
            ...installSteps(options),
            {
                name: "Set up Java",
                uses: ACTIONS.setupJava,
                with: { distribution: "temurin", "java-version": options.javaVersion ?? "21", cache: "gradle" },
            },
            { name: "Build the web assets", run: `npm run ${options.webBuildScript ?? "build"}` },
            { name: "Sync the android project", run: "npx cap sync android" },
            {
                name: "Decode the upload keystore",
                env: secretRef([keystore]),
                run: `printf '%s' "$${keystore}" | base64 --decode > "$RUNNER_TEMP/upload.jks"`,
            },
            {
                name: "Gradle build (signed)",
                "working-directory": `${d}/android`,
                env: { ...secretEnv(options.buildSecrets), ...secretRef([storePassword, keyAlias, keyPassword]) },
                run: [
                    `./gradlew ${options.gradleTask ?? "bundleRelease"} --no-daemon \\`,
                    '  -Pandroid.injected.signing.store.file="$RUNNER_TEMP/upload.jks" \\',
                    `  -Pandroid.injected.signing.store.password="$${storePassword}" \\`,
                    `  -Pandroid.injected.signing.key.alias="$${keyAlias}" \\`,
                    `  -Pandroid.injected.signing.key.password="$${keyPassword}"`,
                ].join("\n"),
            },
            {
                name: "Write the Play service account key",
                env: secretRef([playKey]),
                run: `printf '%s' "$${playKey}" > "$RUNNER_TEMP/play-service-account.json"`,
            },
            {
                name: "Upload to Google Play",
                uses: ACTIONS.uploadGooglePlay,
                with: {
                    serviceAccountJson: "${{ runner.temp }}/play-service-account.json",
                    packageName: store.packageName,
                    releaseFiles: `${d}/android/app/build/outputs/bundle/release/*.aab`,
                    tracks: store.track ?? "internal",
                    status: store.status ?? "completed",
                },
            },
            {
                name: "Remove the keys",
                if: "${{ always() }}",
                run: 'rm -f "$RUNNER_TEMP/upload.jks" "$RUNNER_TEMP/play-service-account.json"',
            },
        ],
    };
}

/** Archive signed with the App Store Connect API key, exported with `destination: upload` (App Store Connect / TestFlight). */
function iosReleaseJob(options: CapacitorReleaseWorkflowOptions, environment: string): Job {
    const store = options.stores.ios;
    if (!store || !TEAM_ID.test(store.teamId)) {
        throw new InvalidArgumentError(
            "mobile workflows",
            "stores.ios.teamId",
            `is ${JSON.stringify(store?.teamId)}`,
            "the 10-character Apple Developer team id, e.g. A1B2C3D4E5",
        );
    }
    const [key, keyId, issuer] = CAPACITOR_STORE_SECRETS.ios;
    const auth = `-allowProvisioningUpdates -authenticationKeyPath "$RUNNER_TEMP/asc/AuthKey_$${keyId}.p8" -authenticationKeyID "$${keyId}" -authenticationKeyIssuerID "$${issuer}"`;
    const exportOptions = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
        '<plist version="1.0"><dict>',
        "<key>method</key><string>app-store-connect</string>",
        "<key>destination</key><string>upload</string>",
        "<key>signingStyle</key><string>automatic</string>",
        `<key>teamID</key><string>${store.teamId}</string>`,
        "</dict></plist>",
    ].join("\n");
    const uploadSteps: Step[] = options.iosUsesFastlane
        ? [
              {
                  name: "fastlane (build and upload)",
                  env: { ...secretEnv(options.buildSecrets), ...secretRef([keyId, issuer]) },
                  run: options.iosBuildCommand ?? "bundle exec fastlane ios beta",
              },
          ]
        : [
              {
                  name: "Archive (signed with the App Store Connect key)",
                  env: { ...secretEnv(options.buildSecrets), ...secretRef([keyId, issuer]) },
                  run: `xcodebuild -workspace ios/App/App.xcworkspace -scheme App -configuration Release -archivePath "$RUNNER_TEMP/App.xcarchive" -destination 'generic/platform=iOS' DEVELOPMENT_TEAM=${store.teamId} CODE_SIGN_STYLE=Automatic ${auth} archive`,
              },
              {
                  name: "Upload to App Store Connect (TestFlight)",
                  env: secretRef([keyId, issuer]),
                  run: [
                      `cat > "$RUNNER_TEMP/ExportOptions.plist" <<'PLIST'`,
                      exportOptions,
                      "PLIST",
                      `xcodebuild -exportArchive -archivePath "$RUNNER_TEMP/App.xcarchive" -exportOptionsPlist "$RUNNER_TEMP/ExportOptions.plist" -exportPath "$RUNNER_TEMP/export" ${auth}`,
                  ].join("\n"),
              },
          ];
    return {
        name: "iOS: sign, upload to App Store Connect (TestFlight)",
        "runs-on": options.macosRunner ?? "macos-latest",
        "timeout-minutes": TIMEOUT_MINUTES.release,
        environment,
        defaults: defaults(options),
        steps: [
            ...installSteps(options),
            ...(options.iosUsesFastlane
                ? [
                      {
                          name: "Set up Ruby (fastlane)",
                          uses: ACTIONS.setupRuby,
                          with: { "bundler-cache": true, "working-directory": dir(options) },
                      },
                  ]
                : []),
            { name: "Build the web assets", run: `npm run ${options.webBuildScript ?? "build"}` },
            { name: "Sync the ios project", run: "npx cap sync ios" },
            {
                name: "Write the App Store Connect API key",
                env: secretRef([key, keyId]),
                run: `mkdir -p "$RUNNER_TEMP/asc" && printf '%s' "$${key}" > "$RUNNER_TEMP/asc/AuthKey_$${keyId}.p8"`,
            },
            ...uploadSteps,
            { name: "Remove the key", if: "${{ always() }}", run: 'rm -rf "$RUNNER_TEMP/asc"' },
        ],
    };
}

/**
 * Capacitor store release on a tag: per platform, a production build that is signed and uploaded (Android: the
 * Play track, default internal; iOS: App Store Connect, where TestFlight distributes it), then a GitHub release.
 * The secrets are {@link CAPACITOR_STORE_SECRETS}, environment secrets of `environment`.
 */
export function capacitorReleaseWorkflow(options: CapacitorReleaseWorkflowOptions): Workflow {
    const platforms = options.platforms ?? ["android", "ios"];
    const environment = options.environment ?? "production";
    const jobs: Record<string, Job> = {};
    for (const platform of platforms)
        jobs[jobId("release", platform)] =
            platform === "android" ? androidReleaseJob(options, environment) : iosReleaseJob(options, environment);
    if (options.githubRelease ?? true) jobs["github-release"] = githubReleaseJob(Object.keys(jobs));
    return {
        name: "Mobile Release",
        on: { push: { tags: [options.tagPattern ?? "mobile-v*"] } },
        permissions: { contents: "read" },
        concurrency: { group: "mobile-release-${{ github.ref }}", "cancel-in-progress": false },
        jobs,
    };
}

// ---------------------------------------------------------------------------------------------------------------
// eas.json
// ---------------------------------------------------------------------------------------------------------------

/** One EAS build profile. */
export interface EasProfile {
    name: string;
    /** EAS Update channel the build listens to. */
    channel: string;
    distribution: "internal" | "store";
    developmentClient?: boolean;
    /** Let EAS bump the build number / version code (needs `cli.appVersionSource: "remote"`). */
    autoIncrement?: boolean;
    env?: Record<string, string>;
}

export interface EasJsonOptions {
    /** `cli.version`: the EAS CLI versions allowed to build this project. @default ">= 16.0.0" */
    cliVersion?: string;
    /** Where build numbers live; `remote` lets `autoIncrement` work without committing version bumps. @default "remote" */
    appVersionSource?: "remote" | "local";
    /** @default development, preview, staging, production ({@link DEFAULT_EAS_PROFILES}) */
    profiles?: EasProfile[];
    /** The `submit.production` profile. @default Android internal track (TechMate seed), iOS from credentials on EAS */
    submit?: {
        android?: {
            track?: "internal" | "alpha" | "beta" | "production";
            serviceAccountKeyPath?: string;
            releaseStatus?: "draft" | "completed";
        };
        ios?: { ascAppId?: string; appleTeamId?: string };
    };
}

/** CoachMeld's profiles (seed `000_30406cbe3669e999`) with channels, plus Expo's `preview`. */
export const DEFAULT_EAS_PROFILES: EasProfile[] = [
    {
        name: "development",
        channel: "development",
        distribution: "internal",
        developmentClient: true,
        env: { EXPO_PUBLIC_ENVIRONMENT: "development" },
    },
    { name: "preview", channel: "preview", distribution: "internal", env: { EXPO_PUBLIC_ENVIRONMENT: "preview" } },
    { name: "staging", channel: "staging", distribution: "internal", env: { EXPO_PUBLIC_ENVIRONMENT: "staging" } },
    {
        name: "production",
        channel: "production",
        distribution: "store",
        autoIncrement: true,
        env: { EXPO_PUBLIC_ENVIRONMENT: "production" },
    },
];

/** The `eas.json` object. */
export function easJsonObject(options: EasJsonOptions = {}): Record<string, unknown> {
    const profiles = options.profiles ?? DEFAULT_EAS_PROFILES;
    const build: Record<string, Record<string, unknown>> = {};
    for (const p of profiles) {
        build[p.name] = {
            ...(p.developmentClient ? { developmentClient: true } : {}),
            distribution: p.distribution,
            channel: p.channel,
            ...(p.autoIncrement ? { autoIncrement: true } : {}),
            ...(p.env && Object.keys(p.env).length > 0 ? { env: p.env } : {}),
        };
    }
    const android = { track: "internal", ...options.submit?.android };
    const ios = { ...options.submit?.ios };
    return {
        cli: { version: options.cliVersion ?? ">= 16.0.0", appVersionSource: options.appVersionSource ?? "remote" },
        build,
        submit: { production: { android, ios } },
    };
}

/** `eas.json` text (JSON, two-space indent, trailing newline). */
export function easJson(options: EasJsonOptions = {}): string {
    return `${JSON.stringify(easJsonObject(options), null, 2)}\n`;
}
