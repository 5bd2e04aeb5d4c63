import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import { type BaseArgs, Component, InvalidArgumentError } from "@appstack/components";

/**
 * What `GithubMobilePipeline` could not do for TechMate, as a small component of this example (not of the library):
 * one GitHub environment of the repository per stack (`staging` from the staging stack, `production` from the prod
 * stack) with the variables and secrets its deploy jobs read, and, from the stack that owns them, any repository
 * files (the four workflows and `eas.json`).
 *
 * `GithubMobilePipeline` always creates both environments and always commits its own mobile workflows (tests, EAS
 * build per branch, EAS update, release) with no way to add files or leave some out; TechMate's CI/CD is four
 * specific workflows for a Cloud Run + Vercel product (seeds/003), so it does not fit.
 */
export interface GithubDeliveryPipelineArgs extends BaseArgs {
    /** Name (not `owner/name`) of the existing repository; `github:owner` names the owner. */
    repository: string;
    /** The GitHub environment this stack manages. */
    githubEnvironment: "staging" | "production";
    /**
     * Required reviewers (numeric GitHub user and team ids, 1 to 6 in total): the manual approval of every job bound
     * to the environment. Required for `production` (seeds/003: "Requires: Manual approval").
     */
    reviewers?: { users?: number[]; teams?: number[] };
    /**
     * Refs allowed to deploy to the environment (a custom deployment policy); empty: any branch.
     * @default none
     */
    allowedBranches?: string[];
    /** Tag patterns allowed to deploy to the environment (e.g. `mobile-v*` for the store release). @default none */
    allowedTags?: string[];
    /** Environment variables (plain, visible in logs): name → value. */
    variables?: Record<string, pulumi.Input<string>>;
    /** Environment secrets: name → value; sent as Pulumi secrets, readable only by jobs bound to the environment. */
    secrets?: Record<string, pulumi.Input<string>>;
    /** Repository-level Actions secrets (jobs without an environment, e.g. the release notification). @default none */
    repositorySecrets?: Record<string, pulumi.Input<string>>;
    /** Files to commit, by path. Commit them from one stack only: two stacks writing one file fight. @default none */
    files?: Record<string, string>;
    /** Branch the files are committed to (must accept direct commits from the token). @default "main" */
    commitBranch?: string;
    /**
     * Protect a branch (seeds/003 "GitHub: Branch protection, required reviews"): changes arrive by pull request only,
     * with `requiredApprovals` approving reviews (stale approvals dismissed on new pushes, the last push approved by
     * someone else), the `requiredChecks` passing on the up-to-date branch, conversations resolved, linear history, no
     * force pushes or deletion. Administrators are not included (`enforceAdmins: false`): the Pulumi token is an
     * administrator (it manages environments) and commits the managed workflow files to `commitBranch` directly.
     * Manage it from one stack only. @default none
     */
    branchProtection?: { branch: string; requiredApprovals: number; requiredChecks: string[]; codeOwnerReviews?: boolean };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class GithubDeliveryPipeline extends Component {
    public readonly environmentName: pulumi.Output<string>;
    /** Paths of the committed files. */
    public readonly filePaths: string[];

    constructor(name: string, args: GithubDeliveryPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ci:GithubDeliveryPipeline", name, args, opts);
        const component = `GithubDeliveryPipeline "${name}"`;
        const ids = [...(args.reviewers?.users ?? []), ...(args.reviewers?.teams ?? [])];
        if (args.githubEnvironment === "production" && ids.length === 0) {
            throw new InvalidArgumentError(
                component,
                "reviewers",
                "is empty for production",
                "1 to 6 numeric user or team ids: production deploys need a manual approval",
            );
        }
        if (ids.length > 6 || ids.some((id) => !Number.isInteger(id) || id <= 0)) {
            throw new InvalidArgumentError(component, "reviewers", `is ${JSON.stringify(ids)}`, "1 to 6 numeric GitHub user or team ids");
        }
        for (const [kind, map] of [
            ["variables", args.variables],
            ["secrets", args.secrets],
            ["repositorySecrets", args.repositorySecrets],
        ] as const) {
            for (const key of Object.keys(map ?? {})) {
                if (!NAME.test(key) || key.toUpperCase().startsWith("GITHUB_"))
                    throw new InvalidArgumentError(
                        component,
                        `${kind}.${key}`,
                        "is not a valid name",
                        "letters, digits and _, not starting with GITHUB_",
                    );
            }
        }
        const protection = args.branchProtection;
        if (protection !== undefined) {
            if (!Number.isInteger(protection.requiredApprovals) || protection.requiredApprovals < 1 || protection.requiredApprovals > 6) {
                throw new InvalidArgumentError(
                    component,
                    "branchProtection.requiredApprovals",
                    `is ${JSON.stringify(protection.requiredApprovals)}`,
                    "1 to 6 (GitHub's range; 0 would not require reviews)",
                );
            }
            if (protection.branch.length === 0 || protection.requiredChecks.some((c) => c.trim().length === 0)) {
                throw new InvalidArgumentError(
                    component,
                    "branchProtection",
                    "has an empty branch or check name",
                    "a branch name and the names of the checks (the CI jobs' names)",
                );
            }
        }
        const repository = args.repository;
        const policies: { branchPattern?: string; tagPattern?: string }[] = [
            ...(args.allowedBranches ?? []).map((branchPattern) => ({ branchPattern })),
            ...(args.allowedTags ?? []).map((tagPattern) => ({ tagPattern })),
        ];

        const environment = this.child(github.RepositoryEnvironment, "environment", {
            repository,
            environment: args.githubEnvironment,
            reviewers: ids.length > 0 ? [{ users: args.reviewers?.users ?? [], teams: args.reviewers?.teams ?? [] }] : undefined,
            preventSelfReview: ids.length > 0,
            canAdminsBypass: ids.length === 0,
            deploymentBranchPolicy: policies.length > 0 ? { protectedBranches: false, customBranchPolicies: true } : undefined,
        });
        const prerequisites: pulumi.Resource[] = [environment];
        for (const policy of policies) {
            const suffix = `policy-${(policy.branchPattern ? `branch-${policy.branchPattern}` : `tag-${policy.tagPattern}`)
                .replace(/[^A-Za-z0-9]+/g, "-")
                .replace(/-$/, "")
                .toLowerCase()}`;
            prerequisites.push(
                this.child(github.RepositoryEnvironmentDeploymentPolicy, suffix, {
                    repository,
                    environment: environment.environment,
                    ...policy,
                }),
            );
        }
        for (const [variableName, value] of Object.entries(args.variables ?? {})) {
            prerequisites.push(
                this.child(github.ActionsEnvironmentVariable, `var-${variableName.toLowerCase()}`, {
                    repository,
                    environment: environment.environment,
                    variableName,
                    value,
                }),
            );
        }
        for (const [secretName, value] of Object.entries(args.secrets ?? {})) {
            prerequisites.push(
                this.child(github.ActionsEnvironmentSecret, `secret-${secretName.toLowerCase()}`, {
                    repository,
                    environment: environment.environment,
                    secretName,
                    value: pulumi.secret(value),
                }),
            );
        }
        for (const [secretName, value] of Object.entries(args.repositorySecrets ?? {})) {
            prerequisites.push(
                this.child(github.ActionsSecret, `repo-secret-${secretName.toLowerCase()}`, {
                    repository,
                    secretName,
                    value: pulumi.secret(value),
                }),
            );
        }
        for (const [path, content] of Object.entries(args.files ?? {})) {
            this.child(
                github.RepositoryFile,
                `file-${path
                    .replace(/^\.github\/workflows\//, "workflow-")
                    .replace(/[^A-Za-z0-9]+/g, "-")
                    .replace(/^-|-$/g, "")
                    .toLowerCase()}`,
                {
                    repository,
                    file: path,
                    content,
                    branch: args.commitBranch ?? "main",
                    commitMessage: `ci: update ${path} (managed by Pulumi)`,
                    overwriteOnCreate: true,
                },
                undefined,
                // A run that references an environment before it exists would create it without reviewers.
                { dependsOn: prerequisites },
            );
        }

        if (protection !== undefined) {
            this.child(github.BranchProtection, `protect-${protection.branch.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}`, {
                repositoryId: repository,
                pattern: protection.branch,
                enforceAdmins: false,
                allowsDeletions: false,
                allowsForcePushes: false,
                requiredLinearHistory: true,
                requireConversationResolution: true,
                requiredPullRequestReviews: [
                    {
                        requiredApprovingReviewCount: protection.requiredApprovals,
                        dismissStaleReviews: true,
                        requireLastPushApproval: true,
                        requireCodeOwnerReviews: protection.codeOwnerReviews ?? false,
                    },
                ],
                requiredStatusChecks:
                    protection.requiredChecks.length > 0 ? [{ strict: true, contexts: protection.requiredChecks }] : undefined,
            });
        }

        this.environmentName = environment.environment;
        this.filePaths = Object.keys(args.files ?? {});
        this.registerOutputs({ environmentName: this.environmentName, filePaths: this.filePaths });
    }
}
