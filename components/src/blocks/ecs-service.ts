/**
 * The running side of a container service: the tasks' security group with its HTTPS egress, the children each link
 * asks for (an ingress rule on the target's group and an egress rule on the tasks' for its port, a role policy on the
 * task role for its IAM statements), the ECS service and its target-tracking autoscaling.
 *
 * Children, through `parent.child` with today's suffixes (never rename them): `sg`, `egress-https`,
 * `to-<link>-ingress`, `to-<link>-egress`, `<link>-access`, `service`, `scaling-target`, `scale-cpu`, `scale-requests`.
 *
 * Internal: not exported from `components/src/index.ts`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsVpcPlacement, Link, Transform } from "../core";
import { CONTAINER_NAME, type TaskParent } from "./fargate-task";

export interface EcsServiceTransforms {
    securityGroup?: Transform<aws.ec2.SecurityGroupArgs>;
    ingressRule?: Transform<aws.vpc.SecurityGroupIngressRuleArgs>;
    egressRule?: Transform<aws.vpc.SecurityGroupEgressRuleArgs>;
    /** The role policy of each link with IAM statements (`<name>-<link>-access`). */
    linkPolicy?: Transform<aws.iam.RolePolicyArgs>;
    service?: Transform<aws.ecs.ServiceArgs>;
    scalingTarget?: Transform<aws.appautoscaling.TargetArgs>;
    scalingPolicy?: Transform<aws.appautoscaling.PolicyArgs>;
}

/** The tasks' security group, made before the load balancer (whose rules reference it). */
export function serviceSecurityGroup(
    parent: TaskParent,
    network: AwsVpcPlacement,
    links: readonly Link[],
    t: EcsServiceTransforms,
): aws.ec2.SecurityGroup {
    const { name } = parent;
    // No inline rules: the provider removes the default allow-all egress, and every rule below is its own resource.
    const sg = parent.child(
        aws.ec2.SecurityGroup,
        "sg",
        { name: parent.physicalName("service-sg"), description: `Tasks of service ${name}`, vpcId: network.vpcId, tags: parent.tags },
        t.securityGroup,
    );
    parent.child(
        aws.vpc.SecurityGroupEgressRule,
        "egress-https",
        {
            securityGroupId: sg.id,
            description: "HTTPS to anywhere: image pulls, AWS APIs",
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrIpv4: "0.0.0.0/0",
            tags: parent.tags,
        },
        t.egressRule,
    );
    for (const link of links) {
        const reach = link.aws?.reach;
        if (reach === undefined) continue;
        parent.child(
            aws.vpc.SecurityGroupIngressRule,
            `to-${link.name}-ingress`,
            {
                securityGroupId: reach.securityGroupId,
                referencedSecurityGroupId: sg.id,
                description: `From service ${name}`,
                ipProtocol: "tcp",
                fromPort: reach.port,
                toPort: reach.port,
                tags: parent.tags,
            },
            t.ingressRule,
        );
        parent.child(
            aws.vpc.SecurityGroupEgressRule,
            `to-${link.name}-egress`,
            {
                securityGroupId: sg.id,
                referencedSecurityGroupId: reach.securityGroupId,
                description: `To ${link.name}`,
                ipProtocol: "tcp",
                fromPort: reach.port,
                toPort: reach.port,
                tags: parent.tags,
            },
            t.egressRule,
        );
    }
    return sg;
}

/**
 * One role policy on the task role per link with IAM statements. `aliases` gives a link's policy the URNs it had
 * before the service made it (a stack's own `aws.iam.RolePolicy` named `<service>-<link>-access`, at the stack root).
 */
export function linkPolicies(
    parent: TaskParent,
    taskRole: aws.iam.Role,
    links: readonly Link[],
    t: EcsServiceTransforms,
): aws.iam.RolePolicy[] {
    return links.flatMap((link) => {
        const statements = link.aws?.statements ?? [];
        if (statements.length === 0) return [];
        return [
            parent.child(
                aws.iam.RolePolicy,
                `${link.name}-access`,
                { role: taskRole.name, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements }) },
                t.linkPolicy,
                // Until issue 11, stacks wrote this policy themselves at the stack root, under the same name.
                { aliases: [{ parent: pulumi.rootStackResource }] },
            ),
        ];
    });
}

export interface EcsServiceArgs {
    network: AwsVpcPlacement;
    cluster: aws.ecs.Cluster;
    taskDefinition: aws.ecs.TaskDefinition;
    securityGroupId: pulumi.Output<string>;
    minTasks: number;
    maxTasks: number;
    cpuTarget: number;
    scaleInCooldown: number;
    scaleOutCooldown: number;
    /** Behind a load balancer: the target group, its listener (ECS refuses a group no listener uses yet), and requests per target. */
    frontEnd?: {
        loadBalancer: aws.lb.LoadBalancer;
        targetGroup: aws.lb.TargetGroup;
        listener: aws.lb.Listener;
        port: number;
        grace: number;
        requestsPerTarget: number;
    };
    /** Resources the service must wait for (e.g. the link policies the application needs at start). */
    dependsOn: pulumi.Resource[];
    transform: EcsServiceTransforms;
}

/** The ECS service and its autoscaling. */
export function ecsService(parent: TaskParent, args: EcsServiceArgs): aws.ecs.Service {
    const t = args.transform;
    const fe = args.frontEnd;
    const service = parent.child(
        aws.ecs.Service,
        "service",
        {
            name: parent.physicalName("", "ecs"),
            cluster: args.cluster.arn,
            taskDefinition: args.taskDefinition.arn,
            launchType: "FARGATE",
            platformVersion: "LATEST",
            desiredCount: args.minTasks,
            networkConfiguration: { subnets: args.network.privateSubnetIds, securityGroups: [args.securityGroupId], assignPublicIp: false },
            loadBalancers: fe ? [{ targetGroupArn: fe.targetGroup.arn, containerName: CONTAINER_NAME, containerPort: fe.port }] : undefined,
            healthCheckGracePeriodSeconds: fe?.grace,
            deploymentCircuitBreaker: { enable: true, rollback: true },
            deploymentMinimumHealthyPercent: 100,
            deploymentMaximumPercent: 200,
            propagateTags: "SERVICE",
            enableEcsManagedTags: true,
            enableExecuteCommand: false,
            tags: parent.tags,
        },
        t.service,
        // Autoscaling owns the task count after creation.
        { dependsOn: [...(fe ? [fe.listener] : []), ...args.dependsOn], ignoreChanges: ["desiredCount"] },
    );

    const resourceId = pulumi.interpolate`service/${args.cluster.name}/${service.name}`;
    const scalingTarget = parent.child(
        aws.appautoscaling.Target,
        "scaling-target",
        {
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId,
            minCapacity: args.minTasks,
            maxCapacity: args.maxTasks,
            tags: parent.tags,
        },
        t.scalingTarget,
    );
    const scaleInCooldown = args.scaleInCooldown;
    const scaleOutCooldown = args.scaleOutCooldown;
    const policy = (
        suffix: string,
        predefinedMetricSpecification: aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification,
        targetValue: number,
    ) =>
        parent.child(
            aws.appautoscaling.Policy,
            suffix,
            {
                name: parent.physicalName(suffix),
                policyType: "TargetTrackingScaling",
                serviceNamespace: scalingTarget.serviceNamespace,
                scalableDimension: scalingTarget.scalableDimension,
                resourceId: scalingTarget.resourceId,
                targetTrackingScalingPolicyConfiguration: { predefinedMetricSpecification, targetValue, scaleInCooldown, scaleOutCooldown },
            },
            t.scalingPolicy,
        );
    policy("scale-cpu", { predefinedMetricType: "ECSServiceAverageCPUUtilization" }, args.cpuTarget);
    if (fe) {
        const resourceLabel = pulumi.interpolate`${fe.loadBalancer.arnSuffix}/${fe.targetGroup.arnSuffix}`;
        policy("scale-requests", { predefinedMetricType: "ALBRequestCountPerTarget", resourceLabel }, fe.requestsPerTarget);
    }
    return service;
}
