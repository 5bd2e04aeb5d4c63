/**
 * The files `GithubMobilePipeline` (`./github.ts`) commits, and the branches each goes to: the generated workflows
 * (tests, builds per branch, OTA or live updates per channel, the store release on a tag) and, for Expo, `eas.json`.
 * Text only; the component makes one `RepositoryFile` per file and branch.
 */
import type { GithubMobilePipelineArgs, PipelineSettings } from "./github-args";
import { type CapacitorBuildTarget, capacitorBuildWorkflow, capacitorLiveUpdateWorkflow } from "./capacitor-workflows";
import { capacitorReleaseWorkflow } from "./capacitor-release";
import { easJson } from "./eas-json";
import { type EasBuildTarget, easBuildWorkflow, easUpdateWorkflow, releaseWorkflow } from "./eas-workflows";
import { type UpdateTarget, type Workflow, testsWorkflow, toYaml } from "./workflow-common";

/** The literal branches (no glob patterns) a workflow's `on.<event>.branches` names. */
export function triggerBranches(workflow: Workflow, event: "push" | "pull_request"): string[] {
    const field = (v: unknown, key: string): unknown =>
        v && typeof v === "object" && !Array.isArray(v) ? Object.entries(v).find(([k]) => k === key)?.[1] : undefined;
    const branches = field(field(workflow["on"], event), "branches");
    return Array.isArray(branches) ? branches.filter((b): b is string => typeof b === "string" && !/[*?[\]!]/.test(b)) : [];
}

/** The branches a workflow's `on.push.branches` names (none for tag-only or dispatch-only workflows). */
export function pushBranches(workflow: Workflow): string[] {
    return triggerBranches(workflow, "push");
}

/** What the pipeline commits. */
export interface PipelineFiles {
    /** Repository path → content: the workflows first, then `eas.json`. */
    files: Record<string, string>;
    /** Path → the branches it is committed to: the commit branch first, then every branch its pushes run on. */
    placement: Record<string, string[]>;
    /** The paths of the workflows (`.github/workflows/<name>.yml`). */
    workflowPaths: string[];
    /** The branch every file is committed to (`commitBranch`, else the production branch). */
    branch: string;
}

/** The workflows and `eas.json` of the pipeline, from args that {@link checkPipelineArgs} accepted. */
export function pipelineFiles(args: GithubMobilePipelineArgs, settings: PipelineSettings): PipelineFiles {
    const { stagingBranch, productionBranch, releaseTagPattern, workingDirectory } = settings;
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
    return { files, placement, workflowPaths, branch };
}
