import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { type EcsServiceTransforms, ecsService, linkPolicies, serviceSecurityGroup } from "../blocks/ecs-service";
import { type FargateTask, type FargateTaskTransforms, type TaskParent, fargateTask } from "../blocks/fargate-task";
import { type FrontEnd, loadBalancerFrontEnd } from "../blocks/load-balancer";
import { Component, type Link } from "../core";
import { type AwsServiceMetricDimensions, type AwsServiceSignalOptions, AwsServiceSignals } from "./aws-signals";
import {
    type AwsServiceCommonArgs,
    type AwsWebServiceArgs,
    type AwsWorkerServiceArgs,
    type LoadBalancerPlan,
    type ServicePlan,
    planLoadBalancer,
    planService,
    refuseWebArgs,
} from "./aws-args";

export { CONTAINER_NAME, type ContainerHealthCheck } from "../blocks/fargate-task";
export {
    type AwsServiceCommonArgs,
    type AwsWebServiceArgs,
    type AwsWorkerServiceArgs,
    type ContainerTaskSize,
    DEFAULT_SSL_POLICY,
    FARGATE_TASK_SIZES,
    type ServiceAutoscaling,
    type ServiceDomain,
    type ServiceLoadBalancer,
    type ServiceSecret,
    containerTaskProblems,
} from "./aws-args";

/**
 * The type token both services had as one class, `AwsContainerService`, before issue 11 split it. Each keeps it as an
 * alias, so the component and, through it, every child (whose URN carries its parent's type) are found under the
 * URNs they had: the engine derives a child's aliases from its parent's (`@pulumi/pulumi` resource.js `allAliases`).
 */
export const FORMER_SERVICE_TYPE = "appstack:service:AwsContainerService";

function withFormerType(opts: pulumi.ComponentResourceOptions | undefined): pulumi.ComponentResourceOptions {
    return { ...opts, aliases: [...(opts?.aliases ?? []), { type: FORMER_SERVICE_TYPE }] };
}

/**
 * What both services share: a Fargate task (its own cluster, Container Insights on, a log group, an empty task role
 * for the application, an execution role that may read exactly the secrets given), the tasks' security group, the
 * children their links ask for, and a service in the private subnets without public IPs, rolling deployments with a
 * circuit breaker that rolls back, and target-tracking autoscaling on CPU.
 *
 * Network: the tasks' egress is HTTPS (443) to anywhere (image pulls, AWS APIs through the NAT gateway) plus each
 * linked target's port to that target's group. Nothing else leaves the tasks (DNS to the VPC resolver is not subject
 * to security groups).
 */
abstract class AwsFargateService extends Component implements AwsServiceMetricDimensions {
    /** Security group of the tasks. */
    public readonly securityGroupId: pulumi.Output<string>;
    public readonly clusterName: pulumi.Output<string>;
    public readonly serviceName: pulumi.Output<string>;
    /** The role the application's code runs as: it has the links' IAM statements and nothing else. */
    public readonly taskRoleArn: pulumi.Output<string>;
    public readonly taskRoleName: pulumi.Output<string>;
    /** The role ECS uses to pull the image, write logs and read the secrets. */
    public readonly executionRoleArn: pulumi.Output<string>;
    public readonly logGroupName: pulumi.Output<string>;
    public readonly service: aws.ecs.Service;

    protected constructor(
        type: `${string}:${string}`,
        name: string,
        args: AwsServiceCommonArgs & { transform?: FargateTaskTransforms & EcsServiceTransforms },
        plan: ServicePlan,
        opts: pulumi.ComponentResourceOptions | undefined,
        web?: { lb: LoadBalancerPlan; args: AwsWebServiceArgs; built: (frontEnd: FrontEnd) => void },
    ) {
        super(type, name, args, withFormerType(opts));
        const t = args.transform ?? {};
        const parent: TaskParent = {
            child: this.child.bind(this),
            tags: this.tags,
            label: plan.component,
            name,
            environment: this.environment,
            physicalName: this.physicalName.bind(this),
        };
        const task: FargateTask = fargateTask(parent, {
            image: args.image,
            cpu: plan.p.cpu,
            memory: plan.p.memory,
            cpuArchitecture: plan.cpuArchitecture,
            command: args.command,
            port: web?.lb.port,
            env: plan.env,
            secrets: plan.secrets,
            readonlyRootFilesystem: args.readonlyRootFilesystem ?? false,
            healthCheck: plan.healthCheck,
            logRetentionDays: plan.p.logRetentionDays,
            logKmsKeyId: args.logKmsKeyId,
            region: aws.getRegionOutput({}, { parent: this }).region,
            partition: aws.getPartitionOutput({}, { parent: this }).partition,
            account: aws.getCallerIdentityOutput({}, { parent: this }).accountId,
            transform: t,
        });
        const sg = serviceSecurityGroup(parent, args.network, plan.links, t);
        const policies = linkPolicies(parent, task.taskRole, plan.links, t);

        let frontEnd: FrontEnd | undefined;
        if (web !== undefined) {
            const lb = web.args.loadBalancer;
            frontEnd = loadBalancerFrontEnd(parent, {
                network: args.network,
                serviceSecurityGroupId: sg.id,
                port: web.lb.port,
                certificateArn: lb.certificateArn,
                domain: lb.domain,
                sslPolicy: web.lb.sslPolicy,
                allowedCidrs: web.lb.allowedCidrs,
                deletionProtection: plan.p.deletionProtection,
                idleTimeout: web.lb.idleTimeout,
                healthCheckPath: web.lb.healthCheckPath,
                accessLogs: lb.accessLogs,
                webAcl: lb.webAcl,
                transform: web.args.transform ?? {},
            });
            web.built(frontEnd);
        }
        this.service = ecsService(parent, {
            network: args.network,
            cluster: task.cluster,
            taskDefinition: task.taskDefinition,
            securityGroupId: sg.id,
            minTasks: plan.p.minTasks,
            maxTasks: plan.p.maxTasks,
            cpuTarget: plan.cpuTarget,
            scaleInCooldown: plan.scaleInCooldown,
            scaleOutCooldown: plan.scaleOutCooldown,
            frontEnd:
                frontEnd && web
                    ? {
                          loadBalancer: frontEnd.loadBalancer,
                          targetGroup: frontEnd.targetGroup,
                          listener: frontEnd.httpsListener,
                          port: web.lb.port,
                          grace: web.lb.grace,
                          requestsPerTarget: web.lb.requestsPerTarget,
                      }
                    : undefined,
            dependsOn: policies,
            transform: t,
        });
        this.securityGroupId = sg.id;
        this.clusterName = task.cluster.name;
        this.serviceName = this.service.name;
        this.taskRoleArn = task.taskRole.arn;
        this.taskRoleName = task.taskRole.name;
        this.executionRoleArn = task.executionRole.arn;
        this.logGroupName = task.logGroup.name;
    }

    /** The service's alarms, dashboard widgets and health check, for `AwsMonitoring`. */
    monitoring(options?: AwsServiceSignalOptions): AwsServiceSignals {
        return new AwsServiceSignals(this, options);
    }

    /** The outputs both kinds register. */
    protected commonOutputs(): Record<string, pulumi.Output<string>> {
        return {
            securityGroupId: this.securityGroupId,
            clusterName: this.clusterName,
            serviceName: this.serviceName,
            taskRoleArn: this.taskRoleArn,
            taskRoleName: this.taskRoleName,
            executionRoleArn: this.executionRoleArn,
            logGroupName: this.logGroupName,
        };
    }
}

/**
 * A container on ECS Fargate behind an internet-facing application load balancer: everything {@link AwsWorkerService}
 * has, plus the ALB in the public subnets, HTTPS on 443 with a TLS 1.3 policy, HTTP on 80 that only redirects to
 * HTTPS, invalid header fields dropped, an `ip` target group health-checked on `healthCheckPath`, autoscaling on
 * requests per target too, and optionally a REGIONAL WAF web ACL and a custom domain with its DNS-validated
 * certificate. The tasks' security group admits only the load balancer's group, on the container port.
 */
export class AwsWebService extends AwsFargateService {
    /** `https://<domain>` with `loadBalancer.domain`, else `https://<load balancer DNS name>`. */
    public readonly url: pulumi.Output<string>;
    /** Same as {@link url}: the public HTTPS endpoint, for health checks. */
    public readonly endpoint: pulumi.Output<string>;
    /** Security group of the load balancer. */
    public readonly loadBalancerSecurityGroupId: pulumi.Output<string>;
    public readonly loadBalancerArn: pulumi.Output<string>;
    public readonly loadBalancerDnsName: pulumi.Output<string>;
    public readonly loadBalancerArnSuffix: pulumi.Output<string>;
    public readonly targetGroupArnSuffix: pulumi.Output<string>;
    /** The container port. */
    public readonly port: number;

    constructor(name: string, args: AwsWebServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validation, before anything is registered (the component itself included).
        const plan = planService(
            "AwsWebService",
            name,
            args,
            typeof args.loadBalancer === "object" ? args.loadBalancer.deletionProtection : undefined,
        );
        const lb = planLoadBalancer(plan.component, args);
        let built: FrontEnd | undefined;
        super("service:AwsWebService", name, args, plan, opts, { lb, args, built: (frontEnd) => (built = frontEnd) });
        if (built === undefined) throw new Error(`${plan.component}: the load balancer was not built`);
        this.port = lb.port;
        this.url = built.url;
        this.endpoint = built.url;
        this.loadBalancerSecurityGroupId = built.securityGroup.id;
        this.loadBalancerArn = built.loadBalancer.arn;
        this.loadBalancerDnsName = built.loadBalancer.dnsName;
        this.loadBalancerArnSuffix = built.loadBalancer.arnSuffix;
        this.targetGroupArnSuffix = built.targetGroup.arnSuffix;
        this.registerOutputs({
            ...this.commonOutputs(),
            loadBalancerSecurityGroupId: this.loadBalancerSecurityGroupId,
            loadBalancerArn: this.loadBalancerArn,
            loadBalancerDnsName: this.loadBalancerDnsName,
            loadBalancerArnSuffix: this.loadBalancerArnSuffix,
            targetGroupArnSuffix: this.targetGroupArnSuffix,
            url: this.url,
        });
    }

    /**
     * A link giving a consumer (e.g. a web app's build) this service's public {@link url} in `variable`, a plain
     * variable since the URL is public. The link is named after this service.
     */
    link(variable = "API_URL"): Link {
        return { name: this.name, env: { [variable]: this.url } };
    }
}

/**
 * A container on ECS Fargate with no load balancer (queue consumers, schedulers): its own cluster, a task definition
 * (awsvpc, one container `app`, logs to a component-owned CloudWatch log group), a task role for the application
 * holding its links' IAM statements, an execution role (pull, logs, and exactly the secrets given), a service in the
 * private subnets without public IPs, rolling deployments with a circuit breaker, and autoscaling on CPU.
 */
export class AwsWorkerService extends AwsFargateService {
    constructor(name: string, args: AwsWorkerServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        const plan = planService("AwsWorkerService", name, args);
        refuseWebArgs(plan.component, args);
        super("service:AwsWorkerService", name, args, plan, opts);
        this.registerOutputs(this.commonOutputs());
    }
}
