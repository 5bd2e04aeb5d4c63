/**
 * The GitHub side of a scheduled database export, shared by `AwsDatabaseExport` and `GcpDatabaseExport`: two
 * environments that admit one branch only (`<name>-<env>` with the `DATABASE_URL` secret, `<name>-<env>-restore` with
 * none), their variables, and the two workflow files, committed after everything a run needs exists.
 */
import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import type { ChildFactory } from "../blocks/child";
import type { Transform } from "../core";
import type { ExportWorkflowFiles } from "./export";

export interface ExportGithubTransforms {
    environment?: Transform<github.RepositoryEnvironmentArgs>;
    deploymentPolicy?: Transform<github.RepositoryEnvironmentDeploymentPolicyArgs>;
    secret?: Transform<github.ActionsEnvironmentSecretArgs>;
    variable?: Transform<github.ActionsEnvironmentVariableArgs>;
    file?: Transform<github.RepositoryFileArgs>;
}

/** The environments and files (`planDatabaseExport`), and what the component puts in them. */
export interface ExportGithubSide extends ExportWorkflowFiles {
    /** Repository name (the provider's `owner` owns it). */
    repository: string;
    branch: string;
    exportVariables: Record<string, pulumi.Input<string>>;
    restoreVariables: Record<string, pulumi.Input<string>>;
    connectionString: pulumi.Input<string>;
    transform: ExportGithubTransforms;
}

/**
 * Registers the environments, branch policies, variables, the secret and the files through the component's bound
 * `child()` (child names are stable: never rename).
 */
export function exportGithubSide(child: ChildFactory, o: ExportGithubSide): void {
    const { repository, branch, transform: t } = o;
    const prerequisites: pulumi.Resource[] = [];
    const environment = (suffix: string, envName: string, variables: Record<string, pulumi.Input<string>>) => {
        const env = child(
            github.RepositoryEnvironment,
            `${suffix}-environment`,
            {
                repository,
                environment: envName,
                canAdminsBypass: false,
                deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
            },
            t.environment,
        );
        prerequisites.push(
            env,
            child(
                github.RepositoryEnvironmentDeploymentPolicy,
                `${suffix}-branch`,
                { repository, environment: env.environment, branchPattern: branch },
                t.deploymentPolicy,
            ),
        );
        for (const [variableName, value] of Object.entries(variables)) {
            prerequisites.push(
                child(
                    github.ActionsEnvironmentVariable,
                    `${suffix}-var-${variableName.toLowerCase().replace(/_/g, "-")}`,
                    { repository, environment: env.environment, variableName, value },
                    t.variable,
                ),
            );
        }
        return env;
    };
    const exportEnv = environment("export", o.exportEnvironment, o.exportVariables);
    environment("restore", o.restoreEnvironment, o.restoreVariables);
    prerequisites.push(
        child(
            github.ActionsEnvironmentSecret,
            "export-secret-database-url",
            {
                repository,
                environment: exportEnv.environment,
                secretName: "DATABASE_URL",
                plaintextValue: pulumi.secret(o.connectionString),
            },
            t.secret,
        ),
    );
    for (const [path, content] of Object.entries(o.files)) {
        child(
            github.RepositoryFile,
            path === o.exportPath ? "export-workflow" : "restore-workflow",
            { repository, file: path, content, branch, commitMessage: `ci: update ${path} (managed by Pulumi)`, overwriteOnCreate: true },
            t.file,
            // A run before its environment, secret and variables exist would fail (or create an unguarded environment).
            { dependsOn: prerequisites },
        );
    }
}
