/**
 * The Capacitor store release on a tag: per platform a production build, signed and uploaded (Android: Gradle with
 * the injected signing properties, then a Google Play track; iOS: xcodebuild or fastlane with the App Store Connect
 * API key, then App Store Connect, where TestFlight distributes it), then a GitHub release of the tag.
 */
import { InvalidArgumentError } from "../core";
import { type CapacitorWorkflowOptions, nativeSetupSteps } from "./capacitor-workflows";
import {
    ACTIONS,
    type Job,
    type Step,
    TIMEOUT_MINUTES,
    type Workflow,
    dir,
    environmentJob,
    jobId,
    secretEnv,
    secretRef,
    tagReleaseWorkflow,
} from "./workflow-common";

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
    return environmentJob(options, {
        name: `Android: sign, upload to Google Play (${store.track ?? "internal"})`,
        timeoutMinutes: TIMEOUT_MINUTES.release,
        environment,
        steps: [
            ...nativeSetupSteps("android", options),
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
    });
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
    const signingEnv = { ...secretEnv(options.buildSecrets), ...secretRef([keyId, issuer]) };
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
                  env: signingEnv,
                  run: options.iosBuildCommand ?? "bundle exec fastlane ios beta",
              },
          ]
        : [
              {
                  name: "Archive (signed with the App Store Connect key)",
                  env: signingEnv,
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
    return environmentJob(options, {
        name: "iOS: sign, upload to App Store Connect (TestFlight)",
        runsOn: options.macosRunner ?? "macos-latest",
        timeoutMinutes: TIMEOUT_MINUTES.release,
        environment,
        steps: [
            ...nativeSetupSteps("ios", options),
            {
                name: "Write the App Store Connect API key",
                env: secretRef([key, keyId]),
                run: `mkdir -p "$RUNNER_TEMP/asc" && printf '%s' "$${key}" > "$RUNNER_TEMP/asc/AuthKey_$${keyId}.p8"`,
            },
            ...uploadSteps,
            { name: "Remove the key", if: "${{ always() }}", run: 'rm -rf "$RUNNER_TEMP/asc"' },
        ],
    });
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
    return tagReleaseWorkflow(options.tagPattern ?? "mobile-v*", jobs, options.githubRelease ?? true);
}
