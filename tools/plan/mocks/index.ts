import type * as pulumi from "@pulumi/pulumi";
import { mockAwsCall, mockAwsOutputs } from "./aws";
import { mockCloudflareOutputs } from "./cloudflare";
import { mockGcpCall, mockGcpOutputs } from "./gcp";
import { mockGithubOutputs } from "./github";
import { mockRandomOutputs } from "./random";
import { mockSentryOutputs } from "./sentry";
import { mockSupabaseOutputs } from "./supabase";
import { mockUpstashOutputs } from "./upstash";
import { mockVercelOutputs } from "./vercel";
import { hex, type State } from "./util";

/**
 * Outputs a real preview would show once the resource exists: ids, ARNs, endpoints and host names in each
 * service's own format, so outputs wired from one component into another look like the real thing.
 * Everything is derived from the resource name, so two runs print the same plan. One module per provider.
 */
export { ACCOUNT_ID } from "./aws";

type OutputsMock = (args: pulumi.runtime.MockResourceArgs, region: string) => { id: string; state: State };
type CallMock = (args: pulumi.runtime.MockCallArgs, region: string) => Record<string, unknown> | undefined;

/** Per provider package (the part of the type token before the first `:`). */
const OUTPUTS: Record<string, OutputsMock> = {
    aws: mockAwsOutputs,
    cloudflare: mockCloudflareOutputs,
    gcp: mockGcpOutputs,
    github: mockGithubOutputs,
    // Dynamic providers (`pulumi-nodejs:dynamic:Resource`): ours is the Supabase Management API.
    "pulumi-nodejs": mockSupabaseOutputs,
    random: mockRandomOutputs,
    sentry: mockSentryOutputs,
    upstash: mockUpstashOutputs,
    vercel: mockVercelOutputs,
};
const CALLS: Record<string, CallMock> = { aws: mockAwsCall, gcp: mockGcpCall };

export function mockOutputs(args: pulumi.runtime.MockResourceArgs, region: string): { id: string; state: State } {
    const provider = OUTPUTS[args.type.split(":")[0] ?? ""];
    if (provider) return provider(args, region);
    return { id: `${args.name}-${hex(`${args.type}/${args.name}`, 8)}`, state: { ...(args.inputs as State) } };
}

export function mockCall(args: pulumi.runtime.MockCallArgs, region: string): Record<string, unknown> {
    const provider = CALLS[args.token.split(":")[0] ?? ""];
    return provider?.(args, region) ?? { ...(args.inputs as State) };
}
