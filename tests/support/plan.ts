import * as pulumi from "@pulumi/pulumi";
import type { AwsVpcPlacement } from "../../components/src/core";
import { type CapturedResource, capture } from "../../tools/plan/engine";
import type { Json } from "../../tools/plan/values";

export type { CapturedResource };

export interface PlanOptions {
    stack?: string;
    project?: string;
    region?: string;
    /** Extra config, `project:key` → string. */
    config?: Record<string, string>;
}

/** What a program registered, with finders that fail loudly when the expected resource is missing. */
export class Plan {
    constructor(
        readonly resources: CapturedResource[],
        readonly outputs: Json,
    ) {}

    /** Every resource of a type token, e.g. `aws:rds/instance:Instance`. */
    ofType(type: string): CapturedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    /** The one resource of a type (optionally whose name ends with `nameSuffix`); throws if not exactly one. */
    one(type: string, nameSuffix?: string): CapturedResource {
        const found = this.ofType(type).filter((r) => nameSuffix === undefined || r.name.endsWith(nameSuffix));
        if (found.length !== 1) {
            throw new Error(
                `expected one ${type}${nameSuffix ? ` named *${nameSuffix}` : ""}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`,
            );
        }
        return found[0];
    }

    /** The inputs of {@link one}, as a plain object. */
    inputs(type: string, nameSuffix?: string): Record<string, any> {
        return this.one(type, nameSuffix).inputs as Record<string, any>;
    }

    byUrn(urn: string): CapturedResource {
        const found = this.resources.find((r) => r.urn === urn);
        if (!found) throw new Error(`no resource ${urn}`);
        return found;
    }

    /** Names of every resource, for stable-name assertions. */
    names(): string[] {
        return this.resources.map((r) => `${r.type}::${r.name}`).sort();
    }
}

/**
 * Runs `program` under the SDK's mocks as a stack (default `prod` of project `test`) and returns what it
 * registered. Throws if the program failed.
 */
export async function plan(program: () => unknown, options: PlanOptions = {}): Promise<Plan> {
    const project = options.project ?? "test";
    const result = await capture({
        project,
        stack: options.stack ?? "prod",
        config: { "aws:region": "us-east-1", ...options.config },
        secretKeys: [],
        region: options.region ?? "us-east-1",
        sdk: pulumi,
        program: () => {
            program();
            return Promise.resolve();
        },
    });
    if (result.errors.length > 0) throw new Error(`program failed: ${result.errors.map((e) => e.message).join("; ")}`);
    return new Plan(result.resources, result.outputs);
}

/**
 * Runs a constructor that is expected to throw (bad arguments) and returns the error with what was registered
 * meanwhile, so a test can check that no child resource was created before the error.
 */
export async function planRejected(construct: () => unknown, options: PlanOptions = {}): Promise<{ error: unknown; plan: Plan }> {
    let error: unknown;
    const p = await plan(() => {
        try {
            construct();
        } catch (err) {
            error = err;
        }
    }, options);
    return { error, plan: p };
}

/** A stand-in for `AwsNetwork`: what components placed in a VPC need from it. */
export function standInNetwork(): AwsVpcPlacement {
    return {
        vpcId: pulumi.output("vpc-0123456789abcdef0"),
        vpcCidrBlock: pulumi.output("10.0.0.0/16"),
        publicSubnetIds: pulumi.output(["subnet-pub-a", "subnet-pub-b"]),
        privateSubnetIds: pulumi.output(["subnet-app-a", "subnet-app-b"]),
        dataSubnetIds: pulumi.output(["subnet-data-a", "subnet-data-b"]),
    };
}
