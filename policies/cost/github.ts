/**
 * GitHub: the repository settings the mobile pipeline creates (environments, deployment policies, Actions secrets
 * and variables, files) cost nothing by themselves. Actions minutes are billed by usage and not counted; other
 * GitHub types are unpriced.
 */
import type { CostProvider } from "./provider";

export const GITHUB_FREE_TYPES: ReadonlySet<string> = new Set([
    "github:index/repositoryEnvironment:RepositoryEnvironment",
    "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy",
    "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret",
    "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable",
    "github:index/actionsSecret:ActionsSecret",
    "github:index/actionsVariable:ActionsVariable",
    "github:index/repositoryFile:RepositoryFile",
    "github:index/branchProtection:BranchProtection",
]);

export const githubProvider: CostProvider = {
    prefix: "github",
    createPricer: () => (r) => (GITHUB_FREE_TYPES.has(r.type) ? { kind: "free" } : { kind: "unpriced", reason: `no GitHub price for ${r.type}` }),
};
