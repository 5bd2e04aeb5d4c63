/**
 * A bare security group, without inline rules: every rule of it is a resource of its own
 * (`aws.vpc.SecurityGroupIngressRule`/`EgressRule`), so that rules added by others are never removed by an update of
 * the group. With no rule at all, the provider removes the default allow-all egress rule at creation, so the group
 * lets nothing in and nothing out.
 *
 * - A private data store (Postgres, Redis) gets no rule of its own: each client adds its own ingress rule to the
 *   group (a link's `reach`).
 * - The load balancer of a service adds its listener ingress rules next to it (`load-balancer.ts`).
 *
 * Signature:
 *
 *     bareSecurityGroup(parent: BlockParent, suffix: string, args: SecurityGroupArgs,
 *                       transform?: Transform<aws.ec2.SecurityGroupArgs>): aws.ec2.SecurityGroup
 *
 * The child is `parent.child(aws.ec2.SecurityGroup, suffix, ...)`: the suffix is the caller's (`sg`, `dr-sg`,
 * `alb-sg`), never renamed. Internal: not exported from `components/src/index.ts`.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { Transform } from "../core";
import type { BlockParent } from "./child";

export interface SecurityGroupArgs {
    /** The group's region, when it is not the provider's (a cross-region replica). */
    region?: string;
    /** The group's name (the component's `physicalName()`). */
    name: string;
    /** What the group guards (and, for a data store, on which port clients add their ingress). */
    description: string;
    vpcId: pulumi.Input<string>;
}

/** A security group without inline rules, tagged with the component's tags. */
export function bareSecurityGroup(
    parent: BlockParent,
    suffix: string,
    args: SecurityGroupArgs,
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
