import type * as pulumi from "@pulumi/pulumi";
import { hex, str, type State } from "./util";

/**
 * Outputs of `@pulumi/github` resources as the provider reports them: ids in the provider's import format
 * (`<repo>:<environment>`, `<repo>/<file>`, ...), commit SHAs, numeric ids. Derived from the resource name.
 */
export function mockGithubOutputs(args: pulumi.runtime.MockResourceArgs, _region: string): { id: string; state: State } {
    const { type, name } = args;
    const inputs = args.inputs as Record<string, unknown>;
    const h = (n: number) => hex(`${type}/${name}`, n);
    const state: State = { ...inputs };
    const repository = str(inputs["repository"], "repository");
    const environment = str(inputs["environment"], "environment");
    let id = `${name}-${h(8)}`;

    switch (type) {
        case "github:index/repositoryEnvironment:RepositoryEnvironment":
            id = `${repository}:${environment}`;
            break;
        case "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy":
            id = `${repository}:${environment}:${parseInt(h(8), 16)}`;
            break;
        case "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret":
            id = `${repository}:${environment}:${str(inputs["secretName"], name)}`;
            Object.assign(state, {
                createdAt: "2025-01-01T00:00:00Z",
                updatedAt: "2025-01-01T00:00:00Z",
                repositoryId: parseInt(h(6), 16),
            });
            break;
        case "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable":
            id = `${repository}:${environment}:${str(inputs["variableName"], name)}`;
            Object.assign(state, {
                createdAt: "2025-01-01T00:00:00Z",
                updatedAt: "2025-01-01T00:00:00Z",
                repositoryId: parseInt(h(6), 16),
            });
            break;
        case "github:index/repositoryFile:RepositoryFile": {
            const file = str(inputs["file"], name);
            id = `${repository}/${file}`;
            Object.assign(state, {
                commitSha: h(40),
                sha: hex(`${file}/${String(inputs["content"])}`, 40),
                ref: str(inputs["branch"], "main"),
            });
            break;
        }
        case "github:index/repository:Repository":
            id = str(inputs["name"], name);
            Object.assign(state, {
                nodeId: `R_${h(12)}`,
                repoId: parseInt(h(8), 16),
                fullName: `owner/${id}`,
                htmlUrl: `https://github.com/owner/${id}`,
            });
            break;
    }
    return { id, state };
}
