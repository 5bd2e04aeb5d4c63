import type * as pulumi from "@pulumi/pulumi";
import { providerShapes } from "../shapes";
import { awsContext, awsSpecial, mockAwsOutputs } from "./aws";
import { mockAwsCall } from "./aws-invokes";
import { mockCloudflareCall, mockCloudflareOutputs } from "./cloudflare";
import { type FillContext, fillFields } from "./fill";
import { mockGcpCall, mockGcpOutputs } from "./gcp";
import { mockGithubOutputs } from "./github";
import { mockRandomOutputs } from "./random";
import { mockSentryCall, mockSentryOutputs } from "./sentry";
import { mockSupabaseOutputs } from "./supabase";
import { mockUpstashOutputs } from "./upstash";
import { mockVercelOutputs } from "./vercel";
import { hex, str, type State } from "./util";

/**
 * Outputs a real preview would show once the resource exists: ids, ARNs, endpoints and host names in each
 * service's own format, so outputs wired from one component into another look like the real thing.
 * Everything is derived from the resource name, so two runs print the same plan. One module per provider computes
 * what it knows; every other output the provider's class (or function result) declares is then filled by type from
 * the installed package's declarations (`../shapes.ts`), so no declared output is missing.
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
const CALLS: Record<string, CallMock> = { aws: mockAwsCall, cloudflare: mockCloudflareCall, gcp: mockGcpCall, sentry: mockSentryCall };

/** Invokes answered without a model since the last {@link takeMockWarnings}, one message per token. */
const warnings = new Map<string, string>();

function warn(token: string, message: string): void {
    if (warnings.has(token)) return;
    warnings.set(token, message);
    process.stderr.write(`warning: ${message}\n`);
}

/** The warnings of the plan so far (invokes the plan cannot model), and a fresh start for the next plan. */
export function takeMockWarnings(): string[] {
    const taken = [...warnings.values()];
    warnings.clear();
    return taken;
}

function fillContext(token: string, name: string, region: string, invoke: boolean): Omit<FillContext, "shapes"> {
    return { name, seed: `${token}/${name}`, region, invoke };
}

export function mockOutputs(args: pulumi.runtime.MockResourceArgs, region: string): { id: string; state: State } {
    const provider = OUTPUTS[args.type.split(":")[0] ?? ""];
    const result = provider?.(args, region) ?? {
        id: `${args.name}-${hex(`${args.type}/${args.name}`, 8)}`,
        state: { ...(args.inputs as State) },
    };
    const shapes = providerShapes(args.type);
    const fields = shapes?.resourceOutputs(args.type);
    if (!shapes || !fields) return result;
    const base = fillContext(args.type, str(result.state["name"], args.name), str(result.state["region"], region), false);
    const special = args.type.startsWith("aws:") ? awsSpecial(awsContext(args, region), result.state) : undefined;
    return { id: result.id, state: fillFields(fields, result.state, { ...base, shapes, special }) };
}

export function mockCall(args: pulumi.runtime.MockCallArgs, region: string): Record<string, unknown> {
    const inputs = args.inputs as State;
    const modelled = CALLS[args.token.split(":")[0] ?? ""]?.(args, region);
    if (args.token.startsWith("pulumi:")) return modelled ?? { ...inputs };
    const shapes = providerShapes(args.token);
    const fields = shapes?.invokeResult(args.token);
    if (!modelled) {
        warn(
            args.token,
            fields
                ? `the plan has no model of \`${args.token}\`: its result has the declared shape, with placeholder values`
                : `the plan has no model of \`${args.token}\` and no declaration of its result: it returns its arguments`,
        );
    }
    const state = modelled ?? { ...inputs };
    if (!shapes || !fields) return state;
    const name = str(inputs["name"], args.token.split(":")[2] ?? "result");
    return fillFields(fields, state, { ...fillContext(args.token, name, str(inputs["region"], region), true), shapes });
}
