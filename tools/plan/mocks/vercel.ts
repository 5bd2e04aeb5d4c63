import type * as pulumi from "@pulumi/pulumi";
import { hex, str, type State } from "./util";

/**
 * Outputs a real preview would show once a Vercel resource exists (`@pulumiverse/vercel`): project ids `prj_…`,
 * team ids `team_…`, domain and variable ids in Vercel's formats. Everything is derived from the resource name, so
 * two runs print the same plan. The region is unused: Vercel resources are global.
 */
export function mockVercelOutputs(args: pulumi.runtime.MockResourceArgs, _region: string): { id: string; state: State } {
    const { type, name } = args;
    const inputs: Record<string, unknown> = args.inputs as Record<string, unknown>;
    const h = (n: number) => hex(`${type}/${name}`, n);
    const state: State = { ...inputs };
    const teamId = str(inputs["teamId"], `team_${hex("vercel-team", 24)}`);
    state["teamId"] = teamId;
    let id = `${name}-${h(8)}`;

    switch (type) {
        case "vercel:index/project:Project": {
            id = `prj_${h(28)}`;
            const projectName = str(inputs["name"], name);
            Object.assign(state, { name: projectName, nodeVersion: str(inputs["nodeVersion"], "22.x"), serverlessFunctionRegion: "iad1" });
            break;
        }
        case "vercel:index/projectDomain:ProjectDomain":
            id = str(inputs["domain"], `${name}.example.com`);
            break;
        case "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable":
            id = h(16);
            break;
        case "vercel:index/firewallConfig:FirewallConfig":
        case "vercel:index/attackChallengeMode:AttackChallengeMode":
            // Both are keyed by the project they configure.
            id = str(inputs["projectId"], `prj_${h(28)}`);
            break;
        default:
            break;
    }
    return { id, state };
}
