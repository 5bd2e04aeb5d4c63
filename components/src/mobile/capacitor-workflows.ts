/**
 * The Capacitor workflows (InteliFeed seed `001_0428c3bab62c29d7`: Capacitor apps with live updates): native builds
 * per branch (web build, `npx cap sync`, Gradle on Ubuntu, xcodebuild or fastlane on macOS) and live updates per
 * channel through the provider's CLI. The signed store release on a tag is `./capacitor-release.ts`.
 */
import { InvalidArgumentError } from "../core";
import {
    ACTIONS,
    type CommonWorkflowOptions,
    type Job,
    type Step,
    TIMEOUT_MINUTES,
    type UpdateTarget,
    type Workflow,
    channelUpdateWorkflow,
    defaults,
    dir,
    installSteps,
    jobId,
    onBranch,
    pushOn,
    secretEnv,
    webBuildStep,
    workflow,
} from "./workflow-common";

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

export const DEFAULT_CAPACITOR_BUILDS: CapacitorBuildTarget[] = [
    { name: "staging", branch: "develop", environment: "staging" },
    { name: "production", branch: "main", environment: "production" },
];

function withEnv(step: Step, env: Record<string, string>): Step {
    return Object.keys(env).length > 0 ? { ...step, env } : step;
}

/** Temurin JDK with the Gradle cache, for the Android builds. */
export function setupJavaStep(options: { javaVersion?: string }): Step {
    return {
        name: "Set up Java",
        uses: ACTIONS.setupJava,
        with: { distribution: "temurin", "java-version": options.javaVersion ?? "21", cache: "gradle" },
    };
}

/** Ruby with the bundler cache when the iOS build runs through fastlane; nothing otherwise. */
export function fastlaneSteps(options: CommonWorkflowOptions & { iosUsesFastlane?: boolean }): Step[] {
    return options.iosUsesFastlane
        ? [{ name: "Set up Ruby (fastlane)", uses: ACTIONS.setupRuby, with: { "bundler-cache": true, "working-directory": dir(options) } }]
        : [];
}

/** The `npx cap sync` step copying the web assets and plugins into one native project. */
export function capSyncStep(platform: "android" | "ios"): Step {
    return { name: `Sync the ${platform} project`, run: `npx cap sync ${platform}` };
}

/**
 * The first steps of every native job, build or release: install, the platform's toolchain (a JDK for Gradle; Ruby
 * when fastlane builds iOS), the web build, and `npx cap sync` of the platform's project.
 */
export function nativeSetupSteps(platform: "android" | "ios", options: CapacitorWorkflowOptions): Step[] {
    return [
        ...installSteps(options),
        ...(platform === "android" ? [setupJavaStep(options)] : fastlaneSteps(options)),
        webBuildStep(options),
        capSyncStep(platform),
    ];
}

function capacitorPlatformJob(
    platform: "android" | "ios",
    options: CapacitorWorkflowOptions,
    environment: string,
    condition?: string,
): Job {
    const env = secretEnv(options.buildSecrets);
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
                ...nativeSetupSteps("android", options),
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
            ...nativeSetupSteps("ios", options),
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
            jobs[jobId(platform, b.name)] = capacitorPlatformJob(platform, options, b.environment, onBranch(b.branch));
        }
    }
    return workflow(
        "Capacitor Build",
        { ...pushOn(builds), workflow_dispatch: {} },
        { group: "capacitor-build-${{ github.ref }}", cancel: false },
        jobs,
    );
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
    const ids = { jobPrefix: "live-update", concurrencyGroup: "live-update-${{ github.ref }}" };
    return channelUpdateWorkflow(options, "Live Update", options.updates, ids, (u) => ({
        name: `Live update ${u.channel}`,
        steps: [
            ...installSteps(options),
            webBuildStep(options),
            {
                name: `Publish to channel ${u.channel}`,
                env: { CHANNEL: u.channel, ...secretEnv(options.secretEnv) },
                run: options.command,
            },
        ],
    }));
}
