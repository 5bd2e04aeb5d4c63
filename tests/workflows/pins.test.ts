/**
 * CI supply chain, for this repository's workflows (.github/workflows) and every workflow the components and the
 * examples generate: every `uses:` is `owner/repo@<40-hex sha> # <tag>` with both taken from the one pin table
 * (components/src/mobile/pins.ts); `npm ci` and other installs run before any step that authenticates or holds a
 * secret; secrets sit in the `env:` of the steps that use them only; deploy tools are exact versions, never `latest`;
 * `pull_request_target` is never used. Text checks (the tag comment exists only in the text), plus the `yaml` parse
 * of the same text for the structure; tests/workflows/workflows.test.ts runs GitHub's own parser over the repo's files.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ACTION_PINS, type ActionPin, TOOL_VERSIONS } from "../../components/src/mobile/pins";
import {
    capacitorBuildWorkflow,
    capacitorLiveUpdateWorkflow,
    capacitorReleaseWorkflow,
    easBuildWorkflow,
    easJsonObject,
    easUpdateWorkflow,
    releaseWorkflow,
    testsWorkflow,
    toYaml,
} from "../../components/src/mobile/workflows";
import { techmateWorkflows } from "../../examples/techmate/workflows";
import {
    ciWorkflow,
    codeqlWorkflow,
    dependencyReviewWorkflow,
    hotfixWorkflow,
    promoteWorkflow,
    qaReleaseWorkflow,
    scheduledStagingWorkflow,
} from "../../components/src/pipeline/workflows";

const REPO = path.resolve(__dirname, "../..");
const WORKFLOWS = path.join(REPO, ".github/workflows");

const repoFiles = Object.fromEntries(
    fs
        .readdirSync(WORKFLOWS)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => [`.github/workflows/${f}`, fs.readFileSync(path.join(WORKFLOWS, f), "utf8")]),
);
const generated: Record<string, string> = {
    "tests.yml": toYaml(testsWorkflow({ workingDirectory: "apps/mobile" })),
    "eas-build.yml": toYaml(easBuildWorkflow()),
    "eas-update.yml": toYaml(easUpdateWorkflow()),
    "mobile-release.yml": toYaml(releaseWorkflow()),
    "capacitor-build.yml": toYaml(
        capacitorBuildWorkflow({ iosUsesFastlane: true, buildSecrets: { ANDROID_KEYSTORE: "ANDROID_KEYSTORE" } }),
    ),
    "capacitor-release.yml": toYaml(
        capacitorReleaseWorkflow({ stores: { android: { packageName: "io.example.app" }, ios: { teamId: "A1B2C3D4E5" } } }),
    ),
    "pipeline ci.yml": toYaml(ciWorkflow()),
    "pipeline codeql.yml": toYaml(codeqlWorkflow()),
    "pipeline dependency-review.yml": toYaml(dependencyReviewWorkflow()),
    "pipeline deploy.yml": toYaml(promoteWorkflow({ cloud: "aws", policyPack: "policies" })),
    "pipeline hotfix.yml": toYaml(hotfixWorkflow({ cloud: "aws" })),
    "pipeline staging.yml": toYaml(scheduledStagingWorkflow({ cloud: "gcp", vercel: true })),
    "pipeline release.yml": toYaml(qaReleaseWorkflow({ cloud: "gcp", vercel: true })),
    "live-update.yml": toYaml(
        capacitorLiveUpdateWorkflow({
            command: 'npx --yes @capgo/cli@7.0.0 bundle upload --channel "$CHANNEL"',
            secretEnv: { CAPGO_TOKEN: "CAPGO_TOKEN" },
        }),
    ),
    ...Object.fromEntries(Object.entries(techmateWorkflows()).map(([p, text]) => [`techmate: ${p}`, text])),
};
const all = Object.entries({ ...repoFiles, ...generated });

type Node = Record<string, unknown>;
const asObj = (v: unknown): Node => (v && typeof v === "object" && !Array.isArray(v) ? (v as Node) : {});
const jobsOf = (text: string): [string, Node][] => Object.entries(asObj(asObj(parse(text))["jobs"])).map(([id, j]) => [id, asObj(j)]);
const stepsOf = (job: Node): Node[] => (Array.isArray(job["steps"]) ? job["steps"].map(asObj) : []);
const has = (v: unknown, needle: string): boolean => v !== undefined && JSON.stringify(v).includes(needle);
const asText = (v: unknown): string => (typeof v === "string" ? v : "");

/** Steps that install code which then runs: dependencies, CLIs, toolchains. */
const installs = (s: Node): boolean =>
    /\bnpm (ci|install)\b/.test(asText(s["run"])) ||
    (/^(pulumi\/actions|expo\/expo-github-action|ruby\/setup-ruby|actions\/setup-node|actions\/setup-java)@/.test(asText(s["uses"])) &&
        asObj(s["with"])["command"] === undefined);
/** Steps that authenticate or hold a credential. */
const authenticates = (s: Node): boolean =>
    /^(aws-actions\/configure-aws-credentials|google-github-actions\/auth)@/.test(asText(s["uses"])) ||
    has(s["env"], "secrets.") ||
    has(s["with"], "secrets.");

describe("the pin table", () => {
    it("holds full commit SHAs with their tags", () => {
        for (const [action, pin] of Object.entries(ACTION_PINS as Record<string, ActionPin>)) {
            expect(action).toMatch(/^[\w.-]+\/[\w.-]+$/);
            expect(pin.sha, action).toMatch(/^[0-9a-f]{40}$/);
            expect(pin.tag, action).toMatch(/^v?\d+\.\d+\.\d+$/);
        }
    });

    it("pins the Pulumi CLI to the SDK version the lockfile installs, and eas-cli to one eas.json accepts", () => {
        const lock = JSON.parse(fs.readFileSync(path.join(REPO, "package-lock.json"), "utf8")) as {
            packages: Record<string, { version?: string }>;
        };
        expect(TOOL_VERSIONS.pulumi).toBe(lock.packages["node_modules/@pulumi/pulumi"]?.version);
        const minimum = /^>= (\d+)\.\d+\.\d+$/.exec(String(asObj(easJsonObject()["cli"])["version"]))?.[1];
        expect(Number(TOOL_VERSIONS.easCli.split(".")[0])).toBeGreaterThanOrEqual(Number(minimum));
    });
});

describe.each(all)("%s", (name, text) => {
    it("pins every uses: to a commit of the table, with its tag as a comment", () => {
        const lines = text.split("\n").filter((l) => /^\s*(-\s+)?uses:/.test(l));
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) {
            // `owner/repo` or `owner/repo/path` (an action in a folder, e.g. github/codeql-action/init), pinned by the repository's commit.
            const m = /^\s*(?:-\s+)?uses:\s+([\w.-]+\/[\w.-]+)(?:\/[\w./-]+)?@([0-9a-f]{40}) # (\S+)$/.exec(line);
            expect(m, `${name}: ${line.trim()}`).not.toBeNull();
            const pin = (ACTION_PINS as Record<string, ActionPin>)[m?.[1] ?? ""];
            expect(pin, `${name}: ${m?.[1]} is in the pin table`).toBeDefined();
            expect({ sha: m?.[2], tag: m?.[3] }, `${name}: ${line.trim()}`).toEqual(pin);
        }
    });

    it("installs before anything authenticates, and keeps secrets in the env of the steps that use them", () => {
        const doc = asObj(parse(text));
        expect(has(doc["env"], "secrets."), `${name}: workflow env`).toBe(false);
        for (const [id, job] of jobsOf(text)) {
            expect(has(job["env"], "secrets."), `${name}: job ${id} env`).toBe(false);
            const steps = stepsOf(job);
            for (const s of steps)
                expect(
                    has(s["with"], "secrets."),
                    `${name}: job ${id}, step ${String(s["name"] ?? s["uses"])} passes a secret as an input`,
                ).toBe(false);
            const lastInstall = steps.map(installs).lastIndexOf(true);
            const firstAuth = steps.findIndex(authenticates);
            if (lastInstall >= 0 && firstAuth >= 0)
                expect(lastInstall, `${name}: job ${id} installs after authenticating`).toBeLessThan(firstAuth);
        }
    });

    it("uses no latest tool, exact CLI versions, and never pull_request_target", () => {
        expect(text).not.toMatch(/@latest\b/);
        // It runs with the base repository's secrets, so it must never run a pull request's code: not used at all.
        const on = asObj(parse(text))["on"];
        const events = typeof on === "string" ? [on] : Array.isArray(on) ? on.map(String) : Object.keys(asObj(on));
        expect(events, name).not.toContain("pull_request_target");
        for (const m of text.matchAll(/\b(eas-version|pulumi-version):\s*(\S+)/g))
            expect(m[2], `${name}: ${m[1]}`).toMatch(/^\d+\.\d+\.\d+$/);
        for (const m of text.matchAll(/pulumi-version:\s*(\S+)/g)) expect(m[1]).toBe(TOOL_VERSIONS.pulumi);
        for (const m of text.matchAll(/\bnpx (?:--yes )?(@?[\w./-]+)@(\S+)/g))
            expect(m[2], `${name}: npx ${m[1]}`).toMatch(/^\d+\.\d+\.\d+$/);
        // pulumi/actions without pulumi-version installs the newest CLI.
        for (const [id, job] of jobsOf(text)) {
            for (const s of stepsOf(job))
                if (asText(s["uses"]).startsWith("pulumi/actions@"))
                    expect(asObj(s["with"])["pulumi-version"], `${name}: job ${id}`).toBe(TOOL_VERSIONS.pulumi);
        }
    });
});
