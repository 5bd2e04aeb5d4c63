/**
 * The security group of a private data store (Postgres, Redis): no ingress and no egress of its own. The provider
 * removes the default allow-all egress rule at creation, and each client adds its own ingress rule to this group
 * (a link's `reach`); inline rules are not set, so that those rules are never removed.
 *
 * Signature:
 *
 *     clientSecurityGroup(parent: BlockParent, suffix: string, args: ClientSecurityGroupArgs,
 *                         transform?: Transform<aws.ec2.SecurityGroupArgs>): aws.ec2.SecurityGroup
 *
 * The child is `parent.child(aws.ec2.SecurityGroup, suffix, ...)`: the suffix is the caller's (`sg`, `dr-sg`), never
 * renamed. Internal: not exported from `components/src/index.ts`.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { Transform } from "../core";
import type { BlockParent } from "./child";

export interface ClientSecurityGroupArgs {
    /** The group's region, when it is not the provider's (a cross-region replica). */
    region?: string;
    /** The group's name (the component's `physicalName()`). */
    name: string;
    /** What the group guards and on which port clients add their ingress. */
    description: string;
    vpcId: pulumi.Input<string>;
}

/** A security group without rules, for clients to open with their own ingress rules. */
export function clientSecurityGroup(
    parent: BlockParent,
    suffix: string,
    args: ClientSecurityGroupArgs,
    transform?: Transform<aws.ec2.SecurityGroupArgs>,
): aws.ec2.SecurityGroup {
    const { region, name, description, vpcId } = args;
    return parent.child(
        aws.ec2.SecurityGroup,
        suffix,
        { ...(region === undefined ? {} : { region }), name, description, vpcId, tags: parent.tags },
        transform,
    );
}
