import { EasJsonAccessor, EasJsonUtils, Platform } from "@expo/eas-json";
import { register } from "node:module";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { GithubMobilePipeline, type GithubMobilePipelineArgs } from "../../components/src/mobile/github";
import {
    type Workflow,
    capacitorBuildWorkflow,
    capacitorLiveUpdateWorkflow,
    capacitorReleaseWorkflow,
    easBuildWorkflow,
    easJson,
    easUpdateWorkflow,
    releaseWorkflow,
    testsWorkflow,
    toYaml,
} from "../../components/src/mobile/workflows";
import { TOOL_VERSIONS, pinned } from "../../components/src/mobile/pins";
import { CAPACITOR_STORE_SECRETS } from "../../components/src/mobile/workflows";

const STORES = { android: { packageName: "io.intelifeed.hub" }, ios: { teamId: "A1B2C3D4E5" } };
const STORE_SECRETS = Object.fromEntries(
    [...CAPACITOR_STORE_SECRETS.android, ...CAPACITOR_STORE_SECRETS.ios].map((n) => [n, pulumi.secret(`value-of-${n}`)]),
);
import { type CapturedResource, type Plan, plan, planRejected } from "../support/plan";

const ENV = "github:index/repositoryEnvironment:RepositoryEnvironment";
const POLICY = "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy";
const SECRET = "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret";
const VARIABLE = "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable";
const FILE = "github:index/repositoryFile:RepositoryFile";

/**
 * `@actions/workflow-parser` (ESM) imports its JSON schema without an import attribute, which Node 20 refuses
 * ("needs an import attribute of type json"). This loader hook, registered in this test process only (vitest runs
 * every file in its own fork), serves those two JSON files as ES modules. The parser itself runs unmodified.
 */
let parserHookRegistered = false;
function registerParserJsonHook(): void {
    if (parserHookRegistered) return;
    const hook = `export async function load(url, context, nextLoad) {
        if (url.startsWith("file:") && url.includes("/@actions/workflow-parser/") && url.endsWith(".json")) {
            const { readFile } = await import("node:fs/promises");
            return { format: "module", source: "export default " + (await readFile(new URL(url), "utf8")) + ";", shortCircuit: true };
        }
        return nextLoad(url, context);
    }`;
    register(`data:text/javascript,${encodeURIComponent(hook)}`);
    parserHookRegistered = true;
}

/** Parses a workflow with GitHub's own parser (`@actions/workflow-parser`) and returns its errors and template. */
async function githubParse(name: string, content: string) {
    registerParserJsonHook();
    const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import("@actions/workflow-parser");
    const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
    const parseErrors = result.context.errors.getErrors().map((e) => e.message);
    if (!result.value) return { errors: parseErrors, template: undefined };
    const template = await convertWorkflowTemplate(result.context, result.value);
    return { errors: [...parseErrors, ...(template.errors ?? []).map((e) => e.Message)], template };
}

type Job = Record<string, any>;
const jobsOf = (w: Workflow) => w["jobs"] as Record<string, Job>;
const runs = (job: Job): string[] => (job["steps"] as Job[]).filter((s) => s["run"]).map((s) => s["run"] as string);
const uses = (job: Job): string[] => (job["steps"] as Job[]).filter((s) => s["uses"]).map((s) => s["uses"] as string);

const ALL: Record<string, Workflow> = {
    tests: testsWorkflow({ workingDirectory: "apps/mobile" }),
    "eas-build": easBuildWorkflow({ workingDirectory: "apps/mobile" }),
    "eas-update": easUpdateWorkflow(),
    "mobile-release": releaseWorkflow(),
    "capacitor-build": capacitorBuildWorkflow({ buildSecrets: { ANDROID_KEYSTORE_BASE64: "ANDROID_KEYSTORE_BASE64" } }),
    "capacitor-build-fastlane": capacitorBuildWorkflow({ iosUsesFastlane: true, iosBuildCommand: "bundle exec fastlane ios beta" }),
    "live-update": capacitorLiveUpdateWorkflow({
        command: 'npx @capgo/cli@7 bundle upload --channel "$CHANNEL"',
        secretEnv: { CAPGO_TOKEN: "CAPGO_TOKEN" },
    }),
    "capacitor-release": capacitorReleaseWorkflow({
        stores: { android: { packageName: "io.intelifeed.hub" }, ios: { teamId: "A1B2C3D4E5" } },
    }),
};

describe("workflow generators", () => {
    it("every workflow parses and converts with GitHub's own parser without errors", async () => {
        for (const [name, workflow] of Object.entries(ALL)) {
            const { errors, template } = await githubParse(`${name}.yml`, toYaml(workflow));
            expect(errors, name).toEqual([]);
            expect(template?.jobs.length, name).toBe(Object.keys(jobsOf(workflow)).length);
        }
    });

    it("the parser does reject broken workflows (the check above is not vacuous)", async () => {
        const tests = ALL["tests"];
        const broken: Record<string, Workflow> = {
            permission: { ...tests, permissions: { contents: "rw" } },
            trigger: { ...tests, on: { push: { tagz: ["mobile-v*"] } } },
            jobKey: { ...tests, jobs: { test: { ...jobsOf(tests)["test"], stepz: [] } } },
            needs: { ...tests, jobs: { test: { ...jobsOf(tests)["test"], needs: "build" } } },
        };
        for (const [what, workflow] of Object.entries(broken)) {
            const { errors } = await githubParse(`${what}.yml`, toYaml(workflow));
            expect(errors.length, what).toBeGreaterThan(0);
        }
    });

    it("YAML round-trips to the same object, with no anchors or aliases", () => {
        for (const [name, workflow] of Object.entries(ALL)) {
            const text = toYaml(workflow);
            expect(parse(text), name).toEqual(workflow);
            expect(text, name).not.toMatch(/[&*]a\d/);
        }
    });

    it("every workflow is least-privilege, grouped for concurrency, time-limited and pins actions to commits", () => {
        for (const [name, workflow] of Object.entries(ALL)) {
            expect(workflow["permissions"], name).toEqual({ contents: "read" });
            expect((workflow["concurrency"] as Job)["group"], name).toContain("${{ github.ref }}");
            for (const [id, job] of Object.entries(jobsOf(workflow))) {
                expect(job["timeout-minutes"], `${name}.${id}`).toBeGreaterThan(0);
                if (job["permissions"]) expect(id, name).toBe("github-release");
                for (const action of uses(job)) expect(action, `${name}.${id}`).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
            }
        }
        expect(jobsOf(ALL["mobile-release"])["github-release"]["permissions"]).toEqual({ contents: "write" });
    });

    it("tests: npm ci with the npm cache, then test, lint and type-check, on pull requests and pushes", () => {
        const w = ALL["tests"];
        expect(w["on"]).toEqual({ pull_request: { branches: ["main", "develop"] }, push: { branches: ["main", "develop"] } });
        const job = jobsOf(w)["test"];
        const node = (job["steps"] as Job[]).find((s) => s["uses"] === pinned("actions/setup-node"));
        expect(node?.["with"]).toMatchObject({ cache: "npm", "cache-dependency-path": "apps/mobile/package-lock.json" });
        expect(runs(job)).toEqual(["npm ci", "npm run test", "npm run lint", "npm run type-check"]);
        expect(job["defaults"]).toEqual({ run: { "working-directory": "apps/mobile" } });
    });

    it("EAS build: staging from develop, production from main then eas submit, each in its environment", async () => {
        const w = ALL["eas-build"];
        const { template } = await githubParse("eas-build.yml", toYaml(w));
        expect(template?.events.push?.branches).toEqual(["develop", "main"]);
        const jobs = jobsOf(w);
        expect(Object.keys(jobs)).toEqual(["test", "build-staging", "build-production"]);
        expect(jobs["build-staging"]).toMatchObject({ needs: "test", if: "github.ref == 'refs/heads/develop'", environment: "staging" });
        expect(jobs["build-production"]).toMatchObject({ needs: "test", if: "github.ref == 'refs/heads/main'", environment: "production" });
        expect(runs(jobs["build-staging"])).toEqual(["npm ci", "eas build --platform all --profile staging --non-interactive"]);
        const prod = runs(jobs["build-production"]);
        expect(prod).toEqual([
            "npm ci",
            "eas build --platform all --profile production --non-interactive",
            "eas submit --platform all --profile production --latest --non-interactive",
        ]);
        for (const id of ["build-staging", "build-production"]) {
            const steps = jobs[id]["steps"] as Job[];
            // eas-cli at an exact version, installed after npm ci and without the token: only the eas steps get it.
            const expo = steps.findIndex((s) => s["uses"] === pinned("expo/expo-github-action"));
            expect(steps[expo]?.["with"], id).toEqual({ "eas-version": TOOL_VERSIONS.easCli });
            expect(expo, id).toBeGreaterThan(steps.findIndex((s) => s["run"] === "npm ci"));
            for (const step of steps)
                expect(step["env"]?.["EXPO_TOKEN"], `${id}: ${step["name"]}`).toBe(
                    String(step["run"]).startsWith("eas ") ? "${{ secrets.EXPO_TOKEN }}" : undefined,
                );
        }
        expect(() => easBuildWorkflow({ easVersion: "latest" })).toThrow(/`easVersion` is "latest"; allowed: an exact eas-cli version/);
        expect(() => easBuildWorkflow({ easVersion: ">= 16.0.0" })).toThrow(/`easVersion`/);
        expect((w["concurrency"] as Job)["cancel-in-progress"]).toBe(false);
    });

    it("EAS update: eas update --channel per branch, commit message through env only", () => {
        const jobs = jobsOf(ALL["eas-update"]);
        expect(jobs["update-staging"]).toMatchObject({ if: "github.ref == 'refs/heads/develop'", environment: "staging" });
        expect(jobs["update-production"]).toMatchObject({ if: "github.ref == 'refs/heads/main'", environment: "production" });
        const publish = (jobs["update-production"]["steps"] as Job[]).at(-1)!;
        expect(publish["run"]).toBe('eas update --channel production --message "$UPDATE_MESSAGE" --non-interactive');
        expect(publish["env"]).toEqual({
            EXPO_TOKEN: "${{ secrets.EXPO_TOKEN }}",
            UPDATE_MESSAGE: "${{ github.event.head_commit.message }}",
        });
        // No expression inside any run script of any workflow (script injection).
        for (const [name, workflow] of Object.entries(ALL)) {
            for (const job of Object.values(jobsOf(workflow))) for (const run of runs(job)) expect(run, name).not.toContain("${{");
        }
    });

    it("release: triggered by mobile-v* tags only, build and submit per platform in production", async () => {
        const w = ALL["mobile-release"];
        expect(w["on"]).toEqual({ push: { tags: ["mobile-v*"] } });
        const { template } = await githubParse("mobile-release.yml", toYaml(w));
        expect(template?.events.push?.tags).toEqual(["mobile-v*"]);
        expect(template?.events.push?.branches).toBeUndefined();
        const jobs = jobsOf(w);
        expect(jobs["release-android"]["environment"]).toBe("production");
        expect(runs(jobs["release-ios"])).toContain("eas submit --platform ios --profile production --latest --non-interactive");
        expect(jobs["github-release"]["needs"]).toEqual(["release-android", "release-ios"]);
        expect(releaseWorkflow({ tagPattern: "app-v*", platform: "android" })["on"]).toEqual({ push: { tags: ["app-v*"] } });
    });

    it("Capacitor: web build, cap sync, Gradle on Ubuntu, xcodebuild or fastlane on macOS, per environment", () => {
        const jobs = jobsOf(ALL["capacitor-build"]);
        expect(Object.keys(jobs)).toEqual(["android-staging", "ios-staging", "android-production", "ios-production"]);
        expect(jobs["android-production"]).toMatchObject({
            "runs-on": "ubuntu-latest",
            environment: "production",
            if: "github.ref == 'refs/heads/main'",
        });
        expect(runs(jobs["android-production"])).toEqual([
            "npm ci",
            "npm run build",
            "npx cap sync android",
            "./gradlew bundleRelease --no-daemon",
        ]);
        const gradle = (jobs["android-production"]["steps"] as Job[]).find((s) => String(s["run"]).startsWith("./gradlew"));
        expect(gradle?.["env"]).toEqual({ ANDROID_KEYSTORE_BASE64: "${{ secrets.ANDROID_KEYSTORE_BASE64 }}" });
        expect(uses(jobs["android-production"])).toContain(pinned("actions/setup-java"));
        expect(jobs["ios-staging"]["runs-on"]).toBe("macos-latest");
        expect(runs(jobs["ios-staging"])).toContain("npx cap sync ios");
        expect(runs(jobs["ios-staging"]).at(-1)).toMatch(/^xcodebuild -workspace ios\/App\/App.xcworkspace -scheme App/);
        const fastlane = jobsOf(ALL["capacitor-build-fastlane"])["ios-production"];
        expect(uses(fastlane)).toContain(pinned("ruby/setup-ruby"));
        expect(runs(fastlane).at(-1)).toBe("bundle exec fastlane ios beta");
    });

    it("Capacitor live updates run the provider's command with the channel and its token", () => {
        const jobs = jobsOf(ALL["live-update"]);
        const publish = (jobs["live-update-production"]["steps"] as Job[]).at(-1)!;
        expect(publish["run"]).toBe('npx @capgo/cli@7 bundle upload --channel "$CHANNEL"');
        expect(publish["env"]).toEqual({ CHANNEL: "production", CAPGO_TOKEN: "${{ secrets.CAPGO_TOKEN }}" });
        expect(jobs["live-update-production"]["environment"]).toBe("production");
        expect(runs(jobs["live-update-staging"])).toContain("npm run build");
        expect(() => capacitorLiveUpdateWorkflow({ command: "npx @capgo/cli@latest bundle upload" })).toThrow(
            /`liveUpdate.command` installs a tool @latest/,
        );
    });
});

describe("easJson", () => {
    it("is valid for Expo's own eas.json reader, with the profiles, channels and production submit profile", async () => {
        const accessor = EasJsonAccessor.fromRawString(easJson());
        const raw = await accessor.readAsync();
        expect(raw.cli).toEqual({ version: ">= 16.0.0", appVersionSource: "remote" });
        expect(await EasJsonUtils.getBuildProfileNamesAsync(accessor)).toEqual(["development", "preview", "staging", "production"]);
        const expected = {
            development: { channel: "development", distribution: "internal", developmentClient: true },
            preview: { channel: "preview", distribution: "internal" },
            staging: { channel: "staging", distribution: "internal" },
            production: { channel: "production", distribution: "store", autoIncrement: true },
        };
        for (const [profile, e] of Object.entries(expected)) {
            for (const platform of [Platform.ANDROID, Platform.IOS]) {
                const resolved = await EasJsonUtils.getBuildProfileAsync(accessor, platform, profile);
                expect(resolved, `${profile}/${platform}`).toMatchObject(e);
            }
        }
        expect((await EasJsonUtils.getBuildProfileAsync(accessor, Platform.IOS, "staging")).env).toEqual({
            EXPO_PUBLIC_ENVIRONMENT: "staging",
        });
        expect(await EasJsonUtils.getSubmitProfileNamesAsync(accessor)).toEqual(["production"]);
        expect(await EasJsonUtils.getSubmitProfileAsync(accessor, Platform.ANDROID, "production")).toMatchObject({ track: "internal" });
        await EasJsonUtils.getSubmitProfileAsync(accessor, Platform.IOS, "production");
    });

    it("the reader rejects an invalid eas.json (the check above is not vacuous)", async () => {
        const bad = JSON.stringify({ build: { production: { distribution: "everywhere" } } });
        await expect(EasJsonAccessor.fromRawString(bad).readAsync()).rejects.toThrow(/not valid/);
    });
});

// ---------------------------------------------------------------------------------------------------------------

const BASE: GithubMobilePipelineArgs = {
    repository: "coachmeld",
    framework: "expo",
    productionReviewers: { users: [1234567], teams: [89] },
    workingDirectory: "apps/mobile",
    appStoreConnectAppId: "6450000002",
    secrets: {
        staging: { EXPO_TOKEN: "expo-staging-token" },
        production: { EXPO_TOKEN: "expo-prod-token", SENTRY_AUTH_TOKEN: "sntrys_prod" },
    },
    variables: { production: { EXPO_PUBLIC_API_URL: "https://api.coachmeld.com" } },
};

function pipeline(args: Partial<GithubMobilePipelineArgs> = {}, stack = "prod"): Promise<Plan> {
    return plan(() => new GithubMobilePipeline("mobile", { ...BASE, ...args }), { stack });
}

async function rejected(args: Partial<GithubMobilePipelineArgs>): Promise<{ error: unknown; children: string[] }> {
    const { error, plan: p } = await planRejected(() => new GithubMobilePipeline("mobile", { ...BASE, ...args }));
    return { error, children: p.resources.filter((r) => r.type.startsWith("github:")).map((r) => r.name) };
}

describe("GithubMobilePipeline", () => {
    it("creates staging and production environments, reviewers and a branch-and-tag policy on production only", async () => {
        const p = await pipeline();
        const production = p.inputs(ENV, "-production");
        expect(production).toMatchObject({
            repository: "coachmeld",
            environment: "production",
            reviewers: [{ users: [1234567], teams: [89] }],
            preventSelfReview: true,
            canAdminsBypass: false,
            deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
        });
        const staging = p.inputs(ENV, "-staging");
        expect(staging.environment).toBe("staging");
        expect(staging.reviewers).toBeUndefined();
        expect(staging.deploymentBranchPolicy).toBeUndefined();
        const policies = p.ofType(POLICY).map((r) => r.inputs as Record<string, any>);
        expect(policies).toEqual([
            expect.objectContaining({ environment: "production", branchPattern: "main" }),
            expect.objectContaining({ environment: "production", tagPattern: "mobile-v*" }),
        ]);
        expect(p.one("appstack:mobile:GithubMobilePipeline").outputs).toMatchObject({ environmentNames: ["staging", "production"] });
    });

    it("sends every secret as a secret input, per environment, and variables in plain text", async () => {
        const p = await pipeline();
        const secrets = p.ofType(SECRET);
        expect(
            secrets.map((s) => [s.name, (s.inputs as Record<string, any>).environment, (s.inputs as Record<string, any>).secretName]),
        ).toEqual([
            ["mobile-staging-secret-expo_token", "staging", "EXPO_TOKEN"],
            ["mobile-production-secret-expo_token", "production", "EXPO_TOKEN"],
            ["mobile-production-secret-sentry_auth_token", "production", "SENTRY_AUTH_TOKEN"],
        ]);
        for (const s of secrets) {
            expect(s.secretInputs).toContain("value");
            expect((s.inputs as Record<string, any>).value).toBe("[secret]");
        }
        for (const r of p.resources) expect(JSON.stringify([r.inputs, r.outputs])).not.toContain("expo-prod-token");
        expect(p.inputs(VARIABLE)).toMatchObject({
            environment: "production",
            variableName: "EXPO_PUBLIC_API_URL",
            value: "https://api.coachmeld.com",
        });
    });

    it("commits one RepositoryFile per generated workflow and eas.json, with the generated content", async () => {
        let component: GithubMobilePipeline | undefined;
        const p = await plan(() => {
            component = new GithubMobilePipeline("mobile", BASE);
        });
        const files = p.ofType(FILE);
        const byPath: Record<string, CapturedResource> = Object.fromEntries(
            files.map((f) => [(f.inputs as Record<string, any>).file as string, f]),
        );
        expect([...new Set(files.map((f) => (f.inputs as Record<string, any>).file as string))]).toEqual([
            ".github/workflows/tests.yml",
            ".github/workflows/eas-build.yml",
            ".github/workflows/eas-update.yml",
            ".github/workflows/mobile-release.yml",
            "apps/mobile/eas.json",
        ]);
        const mainFiles = files.filter((f) => (f.inputs as Record<string, any>).branch === "main");
        for (const file of mainFiles) {
            const inputs = file.inputs as Record<string, any>;
            const path = inputs.file as string;
            expect(inputs, path).toMatchObject({
                repository: "coachmeld",
                branch: "main",
                overwriteOnCreate: true,
                commitMessage: `ci: update ${path} (managed by Pulumi)`,
            });
            expect(inputs.content, path).toBe(component!.files[path]);
            // Environments, policies and secrets exist before any workflow can run.
            expect(file.dependencies.length, path).toBe(2 + 2 + 3);
        }
        const build = parse((byPath[".github/workflows/eas-build.yml"].inputs as Record<string, any>).content as string);
        expect(build.jobs["build-production"].environment).toBe("production");
        expect(build.jobs["build-production"].defaults.run["working-directory"]).toBe("apps/mobile");
        for (const path of component!.workflowPaths) {
            expect((await githubParse(path, component!.files[path])).errors, path).toEqual([]);
        }
        const eas = EasJsonAccessor.fromRawString(component!.files["apps/mobile/eas.json"]);
        expect((await EasJsonUtils.getBuildProfileAsync(eas, Platform.ANDROID, "production")).channel).toBe("production");
        // Each workflow that runs on pushes to develop is committed to develop too; the tag release only to main.
        expect(component!.fileBranches[".github/workflows/eas-build.yml"]).toEqual(["main", "develop"]);
        expect(component!.fileBranches[".github/workflows/mobile-release.yml"]).toEqual(["main"]);
        expect(component!.fileBranches["apps/mobile/eas.json"]).toEqual(["main", "develop"]);
        expect(JSON.parse(component!.files["apps/mobile/eas.json"]).submit.production.ios).toEqual({ ascAppId: "6450000002" });
        expect(p.names().filter((n) => n.startsWith(FILE))).toEqual([
            `${FILE}::mobile-file-apps-mobile-eas-json`,
            `${FILE}::mobile-file-apps-mobile-eas-json-on-develop`,
            `${FILE}::mobile-file-workflow-eas-build-yml`,
            `${FILE}::mobile-file-workflow-eas-build-yml-on-develop`,
            `${FILE}::mobile-file-workflow-eas-update-yml`,
            `${FILE}::mobile-file-workflow-eas-update-yml-on-develop`,
            `${FILE}::mobile-file-workflow-mobile-release-yml`,
            `${FILE}::mobile-file-workflow-tests-yml`,
            `${FILE}::mobile-file-workflow-tests-yml-on-develop`,
        ]);
    });

    it("follows custom branches, eas.json path and no release workflow", async () => {
        const p = await pipeline({
            stagingBranch: "next",
            productionBranch: "release",
            releaseTagPattern: null,
            easJsonPath: "eas.json",
            commitBranch: "ci-config",
        });
        const paths = p.ofType(FILE).map((f) => (f.inputs as Record<string, any>).file);
        expect(paths).not.toContain(".github/workflows/mobile-release.yml");
        expect(paths).toContain("eas.json");
        // Committed to ci-config, and to each branch whose pushes run the workflow.
        for (const f of p.ofType(FILE)) expect(["ci-config", "next", "release"]).toContain((f.inputs as Record<string, any>).branch);
        expect(p.ofType(FILE).filter((f) => (f.inputs as Record<string, any>).branch === "ci-config")).toHaveLength(4);
        expect(p.ofType(POLICY).map((r) => (r.inputs as Record<string, any>).branchPattern)).toEqual(["release"]);
        const update = parse(
            (p.ofType(FILE).find((f) => (f.inputs as Record<string, any>).file.endsWith("eas-update.yml"))!.inputs as Record<string, any>)
                .content,
        );
        expect(update.on.push.branches).toEqual(["next", "release"]);
    });

    it("Capacitor: native build, live-update and release workflows, no eas.json", async () => {
        let component: GithubMobilePipeline | undefined;
        const p = await plan(() => {
            component = new GithubMobilePipeline("intelifeed", {
                repository: "intelifeed-hub",
                framework: "capacitor",
                productionReviewers: { teams: [42] },
                liveUpdate: { command: 'npx @capgo/cli@7 bundle upload --channel "$CHANNEL"', secretEnv: { CAPGO_TOKEN: "CAPGO_TOKEN" } },
                stores: STORES,
                secrets: { production: { CAPGO_TOKEN: pulumi.secret("capgo"), ...STORE_SECRETS } },
            });
        });
        expect(component!.filePaths).toEqual([
            ".github/workflows/tests.yml",
            ".github/workflows/capacitor-build.yml",
            ".github/workflows/live-update.yml",
            ".github/workflows/mobile-release.yml",
        ]);
        for (const path of component!.workflowPaths) expect((await githubParse(path, component!.files[path])).errors, path).toEqual([]);
        expect(p.ofType(FILE).filter((f) => (f.inputs as Record<string, any>).branch === "main")).toHaveLength(4);
        for (const s of p.ofType(SECRET)) expect(s.secretInputs).toContain("value");
        // The release signs and uploads: Play internal track with the service-account file, App Store Connect upload.
        const release = parse(component!.files[".github/workflows/mobile-release.yml"]);
        const android = release.jobs["release-android"];
        const upload = android.steps.find((s: Job) => String(s["uses"]).startsWith("r0adkll/upload-google-play@"));
        expect(upload.uses).toBe(pinned("r0adkll/upload-google-play"));
        expect(upload.with).toMatchObject({
            packageName: "io.intelifeed.hub",
            tracks: "internal",
            status: "completed",
            serviceAccountJson: "${{ runner.temp }}/play-service-account.json",
        });
        expect(JSON.stringify(upload.with)).not.toContain("secrets.");
        const gradle = android.steps.find((s: Job) => String(s["run"]).startsWith("./gradlew"));
        expect(gradle.run).toContain("-Pandroid.injected.signing.store.file=");
        expect(Object.keys(gradle.env)).toEqual(["ANDROID_KEYSTORE_PASSWORD", "ANDROID_KEY_ALIAS", "ANDROID_KEY_PASSWORD"]);
        const ios = release.jobs["release-ios"];
        expect(ios.environment).toBe("production");
        const uploadIos = ios.steps.find((s: Job) => String(s["name"]).startsWith("Upload to App Store Connect"));
        expect(uploadIos.run).toContain("<key>destination</key><string>upload</string>");
        expect(uploadIos.run).toContain("xcodebuild -exportArchive");
        expect(uploadIos.run).toContain("-authenticationKeyIssuerID");
        const referenced = JSON.stringify(release).match(/secrets\.[A-Z0-9_]+/g) ?? [];
        expect([...new Set(referenced)].sort()).toEqual(
            [...CAPACITOR_STORE_SECRETS.android, ...CAPACITOR_STORE_SECRETS.ios].map((n) => `secrets.${n}`).sort(),
        );
    });

    it("refuses a Capacitor release that could not upload, and an Expo app without its App Store Connect id", async () => {
        const cap = {
            framework: "capacitor" as const,
            appStoreConnectAppId: undefined,
            stores: STORES,
            secrets: { production: { ...STORE_SECRETS } },
        };
        const withoutPlay = Object.fromEntries(Object.entries(STORE_SECRETS).filter(([name]) => name !== "PLAY_SERVICE_ACCOUNT_JSON"));
        for (const [args, message] of [
            [{ ...cap, secrets: { production: withoutPlay } }, /secrets.production.*lacks PLAY_SERVICE_ACCOUNT_JSON/],
            [{ ...cap, stores: { android: STORES.android } }, /stores.ios.*is missing/],
            [{ appStoreConnectAppId: undefined }, /appStoreConnectAppId.*is missing/],
            [{ appStoreConnectAppId: "com.example" }, /appStoreConnectAppId/],
        ] as [Partial<GithubMobilePipelineArgs>, RegExp][]) {
            const { error, children } = await rejected(args);
            expect((error as Error).message).toMatch(message);
            expect(children).toEqual([]);
        }
        // Without a release, no store secrets are needed.
        const { error } = await planRejected(
            () => new GithubMobilePipeline("m", { ...BASE, ...cap, stores: undefined, secrets: {}, releaseTagPattern: null }),
        );
        expect(error).toBeUndefined();
    });

    it("loosens the production environment in dev: admins may bypass, self review allowed", async () => {
        const p = await pipeline({}, "dev");
        expect(p.inputs(ENV, "-production")).toMatchObject({
            canAdminsBypass: true,
            preventSelfReview: false,
            reviewers: [{ users: [1234567], teams: [89] }],
        });
        const overridden = await pipeline({ canAdminsBypass: false, productionWaitTimerMinutes: 30 }, "dev");
        expect(overridden.inputs(ENV, "-production")).toMatchObject({ canAdminsBypass: false, waitTimer: 30 });
    });

    it("applies transforms to children", async () => {
        const p = await pipeline({
            transform: { file: { commitAuthor: "release-bot" }, environment: (args) => ({ args: { ...args, waitTimer: 5 } }) },
        });
        expect(p.ofType(FILE).every((f) => (f.inputs as Record<string, any>).commitAuthor === "release-bot")).toBe(true);
        expect(p.inputs(ENV, "-staging").waitTimer).toBe(5);
    });

    it("rejects invalid args before registering any child", async () => {
        const cases: [Partial<GithubMobilePipelineArgs>, RegExp][] = [
            [{ productionReviewers: {} }, /productionReviewers.*1 to 6/],
            [{ productionReviewers: { users: [1, 2, 3, 4, 5, 6, 7] } }, /productionReviewers/],
            [{ productionReviewers: { users: [Number("octocat")] } }, /numeric GitHub user or team ids/],
            [{ framework: "flutter" as "expo" }, /framework/],
            [{ stagingBranch: "main" }, /stagingBranch.*equals productionBranch/],
            [{ secrets: { preview: { X: "y" } } as GithubMobilePipelineArgs["secrets"] }, /secrets.preview/],
            [{ secrets: { production: { GITHUB_TOKEN: "x" } } }, /GITHUB_TOKEN/],
            [{ liveUpdate: { command: "x" } }, /liveUpdate.*Expo/],
            [{ framework: "capacitor", easJsonPath: "eas.json" }, /easJsonPath/],
            [{ releaseTagPattern: "mobile v*" }, /releaseTagPattern/],
            [{ workingDirectory: "../other" }, /workingDirectory/],
            [{ productionWaitTimerMinutes: -1 }, /productionWaitTimerMinutes/],
        ];
        for (const [args, message] of cases) {
            const { error, children } = await rejected(args);
            expect((error as Error | undefined)?.name, JSON.stringify(args)).toBe("InvalidArgumentError");
            expect((error as Error).message).toMatch(message);
            expect(children).toEqual([]);
        }
    });
});
