/**
 * `GithubMobilePipeline`: the GitHub side of a mobile app's CI/CD. Its args and their check are `./github-args.ts`,
 * the files it commits `./pipeline-files.ts` (from the generators of `./workflows.ts`); this file makes the children.
 */
import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import { Component } from "../core";
import { type GithubMobilePipelineArgs, MOBILE_ENVIRONMENTS, type MobileEnvironment, checkPipelineArgs } from "./github-args";
import { pipelineFiles } from "./pipeline-files";

export {
    type EnvironmentReviewers,
    type GithubMobilePipelineArgs,
    type GithubPipelineTransforms,
    type LiveUpdateProvider,
    MOBILE_ENVIRONMENTS,
    type MobileEnvironment,
} from "./github-args";
export { pushBranches } from "./pipeline-files";

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

        // Every arg is checked, and every file generated (which checks the generators' own inputs), before any child.
        const settings = checkPipelineArgs(args, this.environment);
        const { reviewers, productionBranch, releaseTagPattern, profile: p } = settings;
        const { files, placement, workflowPaths, branch } = pipelineFiles(args, settings);

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
