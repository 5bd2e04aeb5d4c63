import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    type AwsVpcPlacement,
    type BaseArgs,
    Component,
    InvalidArgumentError,
    type Profile,
    type Reachable,
    type ServiceMetricsSource,
    type Transform,
    type WebAclProvider,
    type ArgProblem,
    type Environment,
    checkRange,
    orderProblems,
    profileDefaults,
    resolveEnvironment,
    throwFirst,
} from "../core";

/**
 * Task sizes Fargate runs (Linux): CPU units → the memory sizes (MiB) allowed with it.
 * 8 and 16 vCPU need platform version 1.4.0 or later (the `LATEST` this component uses).
 */
export const FARGATE_TASK_SIZES: Readonly<Record<number, readonly number[]>> = {
    256: [512, 1024, 2048],
    512: range(1024, 4096, 1024),
    1024: range(2048, 8192, 1024),
    2048: range(4096, 16384, 1024),
    4096: range(8192, 30720, 1024),
    8192: range(16384, 61440, 4096),
    16384: range(32768, 122880, 8192),
};

/** A task's size and task-count bounds, as set (undefined: the environment's profile decides). */
export interface ContainerTaskSize {
    cpu?: number;
    memory?: number;
    minTasks?: number;
    maxTasks?: number;
}

/**
 * Problems of a task size and autoscaling bounds once the environment's profile fills what is unset: the cpu units
 * Fargate runs, the memory sizes it allows with them ({@link FARGATE_TASK_SIZES}), task counts within 0 (dev) or 1
 * to 1000, and min ≤ max. The component and stack config schemas both check through this one rule.
 */
export function containerTaskProblems(environment: Environment, size: ContainerTaskSize): ArgProblem[] {
    const p = profileDefaults(PROFILE, environment, size);
    const problems: ArgProblem[] = [];
    const memories = FARGATE_TASK_SIZES[p.cpu];
    if (memories === undefined) problems.push({ arg: "cpu", problem: `is ${p.cpu}`, allowed: Object.keys(FARGATE_TASK_SIZES).join(", ") });
    else if (!memories.includes(p.memory)) problems.push({ arg: "memory", problem: `is ${p.memory}, which Fargate does not run with cpu ${p.cpu}`, allowed: `with cpu ${p.cpu}: ${memories.join(", ")}` });
    const minAllowed = environment === "dev" ? 0 : 1;
    for (const [arg, value, min] of [["autoscaling.min", p.minTasks, minAllowed], ["autoscaling.max", p.maxTasks, 1]] as const) {
        if (!Number.isInteger(value) || value < min || value > 1000) problems.push({ arg, problem: `is ${value}`, allowed: `an integer from ${min} to 1000` });
    }
    problems.push(...orderProblems("autoscaling.min", p.minTasks, "autoscaling.max", p.maxTasks));
    return problems;
}

/** The HTTPS listener's TLS policy unless `loadBalancer.sslPolicy` says otherwise: TLS 1.3, with TLS 1.2 for older clients. */
export const DEFAULT_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** Name of the one container of the task (the target of the load balancer and of `ecs execute-command`). */
export const CONTAINER_NAME = "app";

/** Retention periods CloudWatch Logs accepts, days. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const HOSTNAME = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CIDR_V4 = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/;
const CIDR_V6 = /^[0-9a-fA-F:]+\/\d{1,3}$/;

function range(from: number, to: number, step: number): number[] {
    const values: number[] = [];
    for (let v = from; v <= to; v += step) values.push(v);
    return values;
}

/** A custom domain for the load balancer: an ACM certificate validated in the zone, and an alias A record. */
export interface ServiceDomain {
    /** Host name served, e.g. `api.example.com`. Changing it replaces the certificate (the new one is validated first). */
    name: string;
    /** Route 53 hosted zone holding `name`: the certificate's DNS validation record and the alias record go there. */
    hostedZoneId: pulumi.Input<string>;
}

/** The internet-facing application load balancer in front of the service. */
export interface ServiceLoadBalancer {
    /**
     * ARN of an ACM certificate (in the stack's region) for the HTTPS listener. Give this or `domain`, not both.
     * With it, point your DNS name at `loadBalancerDnsName` yourself.
     */
    certificateArn?: pulumi.Input<string>;
    /**
     * Serve a custom domain: the component requests an ACM certificate (DNS-validated in `hostedZoneId`, free), waits
     * for validation and writes an alias A record to the load balancer (overwriting an existing record of that name).
     * Give this or `certificateArn`, not both.
     */
    domain?: ServiceDomain;
    /**
     * TLS security policy of the HTTPS listener. Only TLS 1.3 policies (`ELBSecurityPolicy-TLS13-*`) are accepted.
     * Changing it updates the listener in place.
     * @default "ELBSecurityPolicy-TLS13-1-2-2021-06" (TLS 1.3, and TLS 1.2 with forward-secret ciphers)
     */
    sslPolicy?: string;
    /**
     * Client CIDR blocks (IPv4 or IPv6) allowed to reach the load balancer on 443 (and on 80, which only redirects).
     * @default ["0.0.0.0/0"]
     */
    allowedCidrs?: string[];
    /**
     * Refuse to delete the load balancer through the API (a `pulumi destroy` fails until it is turned off).
     * @default dev false, staging false, prod true
     */
    deletionProtection?: boolean;
    /**
     * Write access logs to this S3 bucket (its policy must let the region's ELB log delivery write to it; encryption
     * SSE-S3 only). Costs S3 storage and requests.
     * @default no access logs
     */
    accessLogs?: { bucket: pulumi.Input<string>; prefix?: string };
    /**
     * A WAFv2 web ACL of scope REGIONAL (e.g. an `AwsWaf` with `scope: "REGIONAL"`) associated with the load balancer.
     * A CLOUDFRONT web ACL is refused. Cost: see the web ACL's own component.
     * @default none
     */
    webAcl?: WebAclProvider;
    /**
     * Seconds an idle connection is kept open (1..4000).
     * @default 60
     */
    idleTimeoutSeconds?: number;
}

/** Bounds and targets of the target-tracking autoscaling of the task count. */
export interface ServiceAutoscaling {
    /**
     * Fewest tasks. At least 1 in staging and prod (0 is accepted in dev only, to park a service); prod defaults to 2
     * so one failed task or availability zone does not stop the service.
     * @default dev 1, staging 1, prod 2
     */
    min?: number;
    /**
     * Most tasks (at least `min`, at most 1000). Each task is billed for its CPU and memory while it runs.
     * @default dev 2, staging 4, prod 50
     */
    max?: number;
    /**
     * Average CPU utilisation of the service the task count tracks, percent (10..90).
     * @default 60
     */
    cpuTargetPercent?: number;
    /**
     * Requests per target per minute the task count tracks (`ALBRequestCountPerTarget`); load-balanced services only.
     * @default 1000
     */
    requestsPerTarget?: number;
    /** Seconds after a scale-in before another. @default 300 */
    scaleInCooldownSeconds?: number;
    /** Seconds after a scale-out before another. @default 60 */
    scaleOutCooldownSeconds?: number;
}

/** A value the container reads from Secrets Manager at start-up (through the execution role), never from plain env. */
export interface ServiceSecret {
    /** ARN of the Secrets Manager secret. The execution role may read exactly the secrets named here. */
    secretArn: pulumi.Input<string>;
    /** A key of a JSON secret; without it the whole secret string is the value. */
    key?: string;
}

interface ServiceProfile {
    cpu: number;
    memory: number;
    minTasks: number;
    maxTasks: number;
    logRetentionDays: number;
    deletionProtection: boolean;
}

const PROFILE: Profile<ServiceProfile> = {
    dev: { cpu: 256, memory: 512, minTasks: 1, maxTasks: 2, logRetentionDays: 7, deletionProtection: false },
    staging: { cpu: 512, memory: 1024, minTasks: 1, maxTasks: 4, logRetentionDays: 30, deletionProtection: false },
    prod: { cpu: 1024, memory: 2048, minTasks: 2, maxTasks: 50, logRetentionDays: 90, deletionProtection: true },
};

export interface AwsContainerServiceArgs extends BaseArgs {
    /** Where the service runs: tasks in `network.privateSubnetIds`, the load balancer in `network.publicSubnetIds`. */
    network: AwsVpcPlacement;
    /** Container image, e.g. `ghcr.io/acme/api:1.4.2` or an ECR URI. Changing it registers a new task definition revision and deploys it. */
    image: pulumi.Input<string>;
    /**
     * TCP port the container listens on (1..65535); the load balancer forwards to it. Changing it replaces the target
     * group (its name carries the port, so the new one is created first).
     * @default 3000
     */
    port?: number;
    /**
     * CPU units of a task (256 = 0.25 vCPU): 256, 512, 1024, 2048, 4096, 8192 or 16384, each with its own memory sizes
     * (see `FARGATE_TASK_SIZES`). Changing it deploys a new task definition revision. Cost per task-hour (us-east-1,
     * x86): $0.04048 per vCPU; ARM64 is 20 % cheaper.
     * @default dev 256, staging 512, prod 1024
     */
    cpu?: number;
    /**
     * Memory of a task, MiB, one of the sizes Fargate allows with `cpu` (256: 512/1024/2048; 512: 1024..4096;
     * 1024: 2048..8192; 2048: 4096..16384; 4096: 8192..30720, in 1024 steps). Cost per task-hour (us-east-1, x86):
     * $0.004445 per GiB.
     * @default dev 512, staging 1024, prod 2048
     */
    memory?: number;
    /**
     * CPU architecture of the tasks: the image must be built for it.
     * @default "X86_64"
     */
    cpuArchitecture?: "X86_64" | "ARM64";
    /** Command of the container, overriding the image's CMD. @default the image's CMD */
    command?: string[];
    /**
     * Plain environment variables of the container (names: letters, digits, `_`). Values are visible in the task
     * definition: put secrets in `secrets`. (`environment` is the profile, see BaseArgs.)
     * @default none
     */
    env?: Record<string, pulumi.Input<string>>;
    /**
     * Environment variables read from Secrets Manager when a task starts: `valueFrom` is `<arn>:<key>::` with a key,
     * the secret's ARN without. The execution role may `secretsmanager:GetSecretValue` on exactly these ARNs (and
     * `kms:Decrypt` through Secrets Manager only). A rotated value reaches tasks started after the rotation.
     * @default none
     */
    secrets?: Record<string, ServiceSecret>;
    /**
     * Stores and services the tasks call. For each, the component opens exactly the target's port: an ingress rule on
     * the target's security group from the service's, and an egress rule on the service's to the target's. Names must
     * be unique (they name the rules).
     * @default none
     */
    connectTo?: Reachable[];
    /**
     * The internet-facing application load balancer (HTTPS with a certificate, HTTP redirecting to HTTPS), or `false`
     * for a worker: no load balancer, listener or target group, and autoscaling on CPU only. A load-balanced service
     * needs `certificateArn` or `domain`, so leaving this unset (a load balancer with no certificate) is refused:
     * pass `false` for a worker. Cost of the load balancer: about $16.40/month plus $5.84 per LCU-month (us-east-1).
     * @default a load balancer, which then needs `certificateArn` or `domain`
     */
    loadBalancer?: false | ServiceLoadBalancer;
    /**
     * Path the load balancer's health check requests (load-balanced services only); answers 200-399 are healthy.
     * @default "/health/ready"
     */
    healthCheckPath?: string;
    /**
     * Seconds after a task starts during which failed load balancer health checks are ignored (load-balanced services only).
     * @default 60
     */
    healthCheckGracePeriodSeconds?: number;
    /** Task count bounds and scaling targets. */
    autoscaling?: ServiceAutoscaling;
    /**
     * Mount the container's root filesystem read-only. Off by default because most images write to their own
     * filesystem (caches, temp files, pid files); turn it on when the image writes only to mounted volumes.
     * @default false
     */
    readonlyRootFilesystem?: boolean;
    /**
     * Days the container logs are kept in CloudWatch Logs (a CloudWatch retention value: 1, 3, 5, 7, 14, 30, 60, 90, ...).
     * Costs ingestion ($0.50/GiB) and storage ($0.03/GiB-month).
     * @default dev 7, staging 30, prod 90
     */
    logRetentionDays?: number;
    /**
     * KMS key (ARN) encrypting the container logs; its key policy must allow `logs.<region>.amazonaws.com`.
     * Cost: $1/month per key plus requests.
     * @default CloudWatch Logs' service-owned encryption
     */
    logKmsKeyId?: pulumi.Input<string>;
    /** Edits of the computed args of each kind of child. */
    transform?: {
        cluster?: Transform<aws.ecs.ClusterArgs>;
        logGroup?: Transform<aws.cloudwatch.LogGroupArgs>;
        taskRole?: Transform<aws.iam.RoleArgs>;
        executionRole?: Transform<aws.iam.RoleArgs>;
        executionRolePolicy?: Transform<aws.iam.RolePolicyAttachmentArgs>;
        secretsPolicy?: Transform<aws.iam.RolePolicyArgs>;
        taskDefinition?: Transform<aws.ecs.TaskDefinitionArgs>;
        securityGroup?: Transform<aws.ec2.SecurityGroupArgs>;
        loadBalancerSecurityGroup?: Transform<aws.ec2.SecurityGroupArgs>;
        ingressRule?: Transform<aws.vpc.SecurityGroupIngressRuleArgs>;
        egressRule?: Transform<aws.vpc.SecurityGroupEgressRuleArgs>;
        certificate?: Transform<aws.acm.CertificateArgs>;
        validationRecord?: Transform<aws.route53.RecordArgs>;
        certificateValidation?: Transform<aws.acm.CertificateValidationArgs>;
        aliasRecord?: Transform<aws.route53.RecordArgs>;
        loadBalancer?: Transform<aws.lb.LoadBalancerArgs>;
        targetGroup?: Transform<aws.lb.TargetGroupArgs>;
        httpsListener?: Transform<aws.lb.ListenerArgs>;
        httpListener?: Transform<aws.lb.ListenerArgs>;
        webAclAssociation?: Transform<aws.wafv2.WebAclAssociationArgs>;
        service?: Transform<aws.ecs.ServiceArgs>;
        scalingTarget?: Transform<aws.appautoscaling.TargetArgs>;
        scalingPolicy?: Transform<aws.appautoscaling.PolicyArgs>;
    };
}

/**
 * A container on ECS Fargate: its own cluster (Container Insights on), a task definition (awsvpc, one container
 * `app`, logs to a component-owned CloudWatch log group), a task role for the application (empty: attach policies to
 * {@link taskRoleName}) and an execution role (pull, logs, and exactly the secrets given), a service in the private
 * subnets without public IPs, rolling deployments with a circuit breaker that rolls back, and target-tracking
 * autoscaling on CPU (and on requests per target behind a load balancer).
 *
 * With a load balancer: an internet-facing ALB in the public subnets, HTTPS on 443 with a TLS 1.3 policy, HTTP on 80
 * that only redirects to HTTPS, invalid header fields dropped, an `ip` target group health-checked on
 * `healthCheckPath`, and optionally a REGIONAL WAF web ACL and a custom domain with its certificate.
 *
 * Network: the service's security group admits only the load balancer's group on the container port; its egress is
 * HTTPS (443) to anywhere, for pulling images and calling AWS APIs (ECR, CloudWatch Logs, Secrets Manager, the
 * application's own AWS calls) through the NAT gateway, plus each `connectTo` target's port to that target's group.
 * Nothing else leaves the tasks (DNS to the VPC resolver is not subject to security groups).
 */
export class AwsContainerService extends Component implements ServiceMetricsSource {
    /** Security group of the tasks. */
    public readonly securityGroupId: pulumi.Output<string>;
    /** Security group of the load balancer, when there is one. */
    public readonly loadBalancerSecurityGroupId?: pulumi.Output<string>;
    public readonly loadBalancerArn?: pulumi.Output<string>;
    public readonly loadBalancerDnsName?: pulumi.Output<string>;
    public readonly loadBalancerArnSuffix?: pulumi.Output<string>;
    public readonly targetGroupArnSuffix?: pulumi.Output<string>;
    /** `https://<domain>` with `loadBalancer.domain`, else `https://<load balancer DNS name>`; absent for a worker. */
    public readonly url?: pulumi.Output<string>;
    /** Same as {@link url}: the public HTTPS endpoint, for health checks. */
    public readonly endpoint?: pulumi.Output<string>;
    public readonly clusterName: pulumi.Output<string>;
    public readonly serviceName: pulumi.Output<string>;
    /** The role the application's code runs as; it has no permissions: attach policies to it. */
    public readonly taskRoleArn: pulumi.Output<string>;
    public readonly taskRoleName: pulumi.Output<string>;
    /** The role ECS uses to pull the image, write logs and read the secrets. */
    public readonly executionRoleArn: pulumi.Output<string>;
    public readonly logGroupName: pulumi.Output<string>;
    /** The container port. */
    public readonly port: number;
    public readonly service: aws.ecs.Service;

    constructor(name: string, args: AwsContainerServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        // ---- validation, before anything is registered (the component itself included) ----
        const environment = resolveEnvironment(args.environment);
        const component = `AwsContainerService "${name}"`;
        const fail: (arg: string, problem: string, allowed?: string) => never = (arg, problem, allowed) => {
            throw new InvalidArgumentError(component, arg, problem, allowed);
        };

        const lbArgs = args.loadBalancer ?? {};
        const autoscalingArgs = args.autoscaling ?? {};
        const p = profileDefaults(PROFILE, environment, {
            cpu: args.cpu,
            memory: args.memory,
            minTasks: autoscalingArgs.min,
            maxTasks: autoscalingArgs.max,
            logRetentionDays: args.logRetentionDays,
            deletionProtection: lbArgs === false ? undefined : lbArgs.deletionProtection,
        });
        throwFirst(component, containerTaskProblems(environment, { cpu: p.cpu, memory: p.memory, minTasks: p.minTasks, maxTasks: p.maxTasks }));
        const cpuArchitecture = args.cpuArchitecture ?? "X86_64";
        if (cpuArchitecture !== "X86_64" && cpuArchitecture !== "ARM64") fail("cpuArchitecture", `is ${JSON.stringify(cpuArchitecture)}`, '"X86_64" or "ARM64"');
        const port = args.port ?? 3000;
        checkRange(component, "port", port, 1, 65535);
        if (typeof args.image === "string" && args.image.trim() === "") fail("image", "is empty", "a container image reference, e.g. ghcr.io/acme/api:1.4.2");

        const cpuTarget = autoscalingArgs.cpuTargetPercent ?? 60;
        checkRange(component, "autoscaling.cpuTargetPercent", cpuTarget, 10, 90);
        const requestsPerTarget = autoscalingArgs.requestsPerTarget ?? 1000;
        checkRange(component, "autoscaling.requestsPerTarget", requestsPerTarget, 1, 1_000_000);
        const scaleInCooldown = autoscalingArgs.scaleInCooldownSeconds ?? 300;
        const scaleOutCooldown = autoscalingArgs.scaleOutCooldownSeconds ?? 60;
        checkRange(component, "autoscaling.scaleInCooldownSeconds", scaleInCooldown, 0, 3600);
        checkRange(component, "autoscaling.scaleOutCooldownSeconds", scaleOutCooldown, 0, 3600);
        if (!LOG_RETENTION_DAYS.includes(p.logRetentionDays)) fail("logRetentionDays", `is ${p.logRetentionDays}`, LOG_RETENTION_DAYS.join(", "));

        const env = args.env ?? {};
        const secrets = args.secrets ?? {};
        for (const key of Object.keys(env)) if (!ENV_NAME.test(key)) fail("env", `has the name ${JSON.stringify(key)}`, "names made of letters, digits and _, not starting with a digit");
        for (const [key, secret] of Object.entries(secrets)) {
            if (!ENV_NAME.test(key)) fail("secrets", `has the name ${JSON.stringify(key)}`, "names made of letters, digits and _, not starting with a digit");
            if (key in env) fail("secrets", `and env both set ${key}`, "each variable in one of them");
            if (secret.key !== undefined && !/^[^:\s]+$/.test(secret.key)) fail(`secrets.${key}.key`, `is ${JSON.stringify(secret.key)}`, "a JSON key without ':' or spaces");
        }
        const connectTo = args.connectTo ?? [];
        const targetNames = new Set<string>();
        for (const target of connectTo) {
            if (targetNames.has(target.name)) fail("connectTo", `names ${JSON.stringify(target.name)} twice`, "targets with unique names");
            targetNames.add(target.name);
            checkRange(component, `connectTo[${target.name}].port`, target.port, 1, 65535);
        }
        const command = args.command;
        if (command !== undefined && command.length === 0) fail("command", "is empty", "at least one element, or leave it unset for the image's CMD");

        let lb: ResolvedLoadBalancer | undefined;
        if (lbArgs !== false) {
            if (lbArgs.certificateArn === undefined && lbArgs.domain === undefined) {
                fail("loadBalancer", "has neither certificateArn nor domain: the HTTPS listener needs a certificate", "loadBalancer.certificateArn, or loadBalancer.domain { name, hostedZoneId }; or loadBalancer false for a worker");
            }
            if (lbArgs.certificateArn !== undefined && lbArgs.domain !== undefined) {
                fail("loadBalancer", "has both certificateArn and domain", "one of them: domain creates its own certificate");
            }
            if (lbArgs.domain !== undefined && !HOSTNAME.test(lbArgs.domain.name)) fail("loadBalancer.domain.name", `is ${JSON.stringify(lbArgs.domain.name)}`, "a lower-case DNS name such as api.example.com");
            const sslPolicy = lbArgs.sslPolicy ?? DEFAULT_SSL_POLICY;
            if (!sslPolicy.startsWith("ELBSecurityPolicy-TLS13-")) fail("loadBalancer.sslPolicy", `is ${JSON.stringify(sslPolicy)}, which allows TLS below 1.2 or lacks TLS 1.3`, "a TLS 1.3 policy, ELBSecurityPolicy-TLS13-*, e.g. ELBSecurityPolicy-TLS13-1-2-2021-06");
            const allowedCidrs = lbArgs.allowedCidrs ?? ["0.0.0.0/0"];
            if (allowedCidrs.length === 0) fail("loadBalancer.allowedCidrs", "is empty: nobody could reach the service", "at least one CIDR block");
            for (const cidr of allowedCidrs) if (!CIDR_V4.test(cidr) && !CIDR_V6.test(cidr)) fail("loadBalancer.allowedCidrs", `contains ${JSON.stringify(cidr)}`, "CIDR blocks such as 0.0.0.0/0 or 2001:db8::/32");
            if (new Set(allowedCidrs).size !== allowedCidrs.length) fail("loadBalancer.allowedCidrs", "lists a block twice", "each block once");
            if (lbArgs.webAcl !== undefined && lbArgs.webAcl.scope !== "REGIONAL") {
                fail("loadBalancer.webAcl", `has scope ${lbArgs.webAcl.scope}; a load balancer takes only a regional web ACL`, 'a web ACL of scope "REGIONAL"');
            }
            const idleTimeout = lbArgs.idleTimeoutSeconds ?? 60;
            checkRange(component, "loadBalancer.idleTimeoutSeconds", idleTimeout, 1, 4000);
            const healthCheckPath = args.healthCheckPath ?? "/health/ready";
            if (!healthCheckPath.startsWith("/") || /\s/.test(healthCheckPath) || healthCheckPath.length > 1024) fail("healthCheckPath", `is ${JSON.stringify(healthCheckPath)}`, "a path starting with /, without spaces, up to 1024 characters");
            const grace = args.healthCheckGracePeriodSeconds ?? 60;
            checkRange(component, "healthCheckGracePeriodSeconds", grace, 0, 2_147_483_647);
            lb = { args: lbArgs, sslPolicy, allowedCidrs, idleTimeout, healthCheckPath, grace };
        } else {
            if (args.healthCheckPath !== undefined) fail("healthCheckPath", "is set on a worker (loadBalancer false), which has no load balancer health check", "leave it unset, or give the service a load balancer");
            if (args.healthCheckGracePeriodSeconds !== undefined) fail("healthCheckGracePeriodSeconds", "is set on a worker (loadBalancer false)", "leave it unset, or give the service a load balancer");
            if (autoscalingArgs.requestsPerTarget !== undefined) fail("autoscaling.requestsPerTarget", "is set on a worker (loadBalancer false), which has no request count", "leave it unset, or give the service a load balancer");
        }

        super("service:AwsContainerService", name, args, opts);
        const t = args.transform ?? {};
        this.port = port;
        const region = aws.getRegionOutput({}, { parent: this }).region;
        const partition = aws.getPartitionOutput({}, { parent: this }).partition;
        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;

        // ---- cluster and logs ----
        const cluster = this.child(
            aws.ecs.Cluster,
            "cluster",
            { name: this.physicalName("", "ecs"), settings: [{ name: "containerInsights", value: "enabled" }], tags: this.tags },
            t.cluster,
        );
        const logGroup = this.child(
            aws.cloudwatch.LogGroup,
            "logs",
            { name: `/ecs/${this.physicalName("", "logGroup")}`, retentionInDays: p.logRetentionDays, kmsKeyId: args.logKmsKeyId, tags: this.tags },
            t.logGroup,
        );

        // ---- roles ----
        const ecsTasks = pulumi.all([partition, account, region]).apply(([part, accountId, regionName]) =>
            JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "ecs-tasks.amazonaws.com" },
                        Action: "sts:AssumeRole",
                        // Only ECS acting for this account's tasks (confused-deputy protection).
                        Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnLike: { "aws:SourceArn": `arn:${part}:ecs:${regionName}:${accountId}:*` } },
                    },
                ],
            }),
        );
        const taskRole = this.child(
            aws.iam.Role,
            "task-role",
            { name: this.physicalName("task", "iamRole"), description: `Application role of ${name} (${this.environment}); attach its permissions here`, assumeRolePolicy: ecsTasks, tags: this.tags },
            t.taskRole,
        );
        const executionRole = this.child(
            aws.iam.Role,
            "execution-role",
            {
                name: this.physicalName("execution", "iamRole"),
                description: `ECS execution role of ${name} (${this.environment}): image pull, logs, secrets`,
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }],
                }),
                tags: this.tags,
            },
            t.executionRole,
        );
        const executionPolicy = this.child(
            aws.iam.RolePolicyAttachment,
            "execution-role-policy",
            { role: executionRole.name, policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy` },
            t.executionRolePolicy,
        );
        const executionDependencies: pulumi.Resource[] = [executionPolicy];
        const secretArns = Object.values(secrets).map((s) => s.secretArn);
        if (secretArns.length > 0) {
            const secretsPolicy = this.child(
                aws.iam.RolePolicy,
                "secrets-policy",
                {
                    role: executionRole.name,
                    policy: pulumi.all([pulumi.all(secretArns), region]).apply(([arns, regionName]) =>
                        JSON.stringify({
                            Version: "2012-10-17",
                            Statement: [
                                { Sid: "ReadSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [...new Set(arns)].sort() },
                                {
                                    Sid: "DecryptSecretsThroughSecretsManager",
                                    Effect: "Allow",
                                    Action: "kms:Decrypt",
                                    Resource: "*",
                                    Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${regionName}.amazonaws.com` } },
                                },
                            ],
                        }),
                    ),
                },
                t.secretsPolicy,
            );
            executionDependencies.push(secretsPolicy);
        }

        // ---- task definition ----
        const containerDefinitions = pulumi
            .output({
                image: args.image,
                env: Object.entries(env).map(([envName, value]) => ({ name: envName, value })),
                secrets: Object.entries(secrets).map(([envName, s]) => ({
                    name: envName,
                    valueFrom: s.key === undefined ? pulumi.output(s.secretArn) : pulumi.interpolate`${s.secretArn}:${s.key}::`,
                })),
                logGroup: logGroup.name,
                region,
            })
            .apply((c) =>
                JSON.stringify([
                    {
                        name: CONTAINER_NAME,
                        image: c.image,
                        essential: true,
                        command,
                        portMappings: lb ? [{ containerPort: port, protocol: "tcp" }] : [],
                        environment: [...c.env].sort((a, b) => (a.name < b.name ? -1 : 1)),
                        secrets: [...c.secrets].sort((a, b) => (a.name < b.name ? -1 : 1)),
                        readonlyRootFilesystem: args.readonlyRootFilesystem ?? false,
                        logConfiguration: {
                            logDriver: "awslogs",
                            options: { "awslogs-group": c.logGroup, "awslogs-region": c.region, "awslogs-stream-prefix": CONTAINER_NAME },
                        },
                    },
                ]),
            );
        const taskDefinition = this.child(
            aws.ecs.TaskDefinition,
            "task",
            {
                family: this.physicalName("", "ecs"),
                networkMode: "awsvpc",
                requiresCompatibilities: ["FARGATE"],
                cpu: String(p.cpu),
                memory: String(p.memory),
                runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture },
                executionRoleArn: executionRole.arn,
                taskRoleArn: taskRole.arn,
                containerDefinitions,
                tags: this.tags,
            },
            t.taskDefinition,
            { dependsOn: executionDependencies },
        );

        // ---- security groups ----
        // No inline rules: the provider removes the default allow-all egress, and every rule below is its own resource.
        const serviceSg = this.child(
            aws.ec2.SecurityGroup,
            "sg",
            { name: this.physicalName("service-sg"), description: `Tasks of service ${name}`, vpcId: args.network.vpcId, tags: this.tags },
            t.securityGroup,
        );
        this.securityGroupId = serviceSg.id;
        const egress = (suffix: string, ruleArgs: aws.vpc.SecurityGroupEgressRuleArgs) => this.child(aws.vpc.SecurityGroupEgressRule, suffix, { ...ruleArgs, tags: this.tags }, t.egressRule);
        const ingress = (suffix: string, ruleArgs: aws.vpc.SecurityGroupIngressRuleArgs) => this.child(aws.vpc.SecurityGroupIngressRule, suffix, { ...ruleArgs, tags: this.tags }, t.ingressRule);

        egress("egress-https", {
            securityGroupId: serviceSg.id,
            description: "HTTPS to anywhere: image pulls, AWS APIs",
            ipProtocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrIpv4: "0.0.0.0/0",
        });
        for (const target of connectTo) {
            ingress(`to-${target.name}-ingress`, {
                securityGroupId: target.securityGroupId,
                referencedSecurityGroupId: serviceSg.id,
                description: `From service ${name}`,
                ipProtocol: "tcp",
                fromPort: target.port,
                toPort: target.port,
            });
            egress(`to-${target.name}-egress`, {
                securityGroupId: serviceSg.id,
                referencedSecurityGroupId: target.securityGroupId,
                description: `To ${target.name}`,
                ipProtocol: "tcp",
                fromPort: target.port,
                toPort: target.port,
            });
        }

        // ---- load balancer ----
        let serviceLoadBalancers: aws.types.input.ecs.ServiceLoadBalancer[] | undefined;
        let serviceDependencies: pulumi.Resource[] = [];
        let requestLabel: pulumi.Output<string> | undefined;
        if (lb) {
            const albSg = this.child(
                aws.ec2.SecurityGroup,
                "alb-sg",
                { name: this.physicalName("alb-sg"), description: `Load balancer of service ${name}`, vpcId: args.network.vpcId, tags: this.tags },
                t.loadBalancerSecurityGroup,
            );
            this.loadBalancerSecurityGroupId = albSg.id;
            for (const cidr of lb.allowedCidrs) {
                const source = cidr.includes(":") ? { cidrIpv6: cidr } : { cidrIpv4: cidr };
                for (const [listenerPort, what] of [[443, "HTTPS"], [80, "HTTP (redirects to HTTPS)"]] as const) {
                    ingress(`alb-ingress-${listenerPort}-${cidr}`, { securityGroupId: albSg.id, description: `${what} from ${cidr}`, ipProtocol: "tcp", fromPort: listenerPort, toPort: listenerPort, ...source });
                }
            }
            egress("alb-egress-service", {
                securityGroupId: albSg.id,
                referencedSecurityGroupId: serviceSg.id,
                description: `To the tasks of ${name} on the container port`,
                ipProtocol: "tcp",
                fromPort: port,
                toPort: port,
            });
            ingress("service-ingress-alb", {
                securityGroupId: serviceSg.id,
                referencedSecurityGroupId: albSg.id,
                description: `From the load balancer of ${name}`,
                ipProtocol: "tcp",
                fromPort: port,
                toPort: port,
            });

            const loadBalancer = this.child(
                aws.lb.LoadBalancer,
                "alb",
                {
                    name: this.physicalName("", "loadBalancer"),
                    loadBalancerType: "application",
                    internal: false,
                    subnets: args.network.publicSubnetIds,
                    securityGroups: [albSg.id],
                    dropInvalidHeaderFields: true,
                    enableDeletionProtection: p.deletionProtection,
                    idleTimeout: lb.idleTimeout,
                    accessLogs: lb.args.accessLogs ? { bucket: lb.args.accessLogs.bucket, prefix: lb.args.accessLogs.prefix, enabled: true } : undefined,
                    tags: this.tags,
                },
                t.loadBalancer,
            );
            const targetGroup = this.child(
                aws.lb.TargetGroup,
                "tg",
                {
                    // The port is part of the name so a port change creates the new group before deleting the old one.
                    name: this.physicalName(`${port}`, "targetGroup"),
                    port,
                    protocol: "HTTP",
                    protocolVersion: "HTTP1",
                    targetType: "ip",
                    vpcId: args.network.vpcId,
                    deregistrationDelay: 30,
                    healthCheck: {
                        enabled: true,
                        path: lb.healthCheckPath,
                        protocol: "HTTP",
                        port: "traffic-port",
                        matcher: "200-399",
                        interval: 15,
                        timeout: 5,
                        healthyThreshold: 2,
                        unhealthyThreshold: 3,
                    },
                    tags: this.tags,
                },
                t.targetGroup,
            );

            let certificateArn: pulumi.Input<string>;
            const domain = lb.args.domain;
            if (domain !== undefined) {
                const certificate = this.child(
                    aws.acm.Certificate,
                    "certificate",
                    { domainName: domain.name, validationMethod: "DNS", keyAlgorithm: "RSA_2048", tags: this.tags },
                    t.certificate,
                );
                const option = certificate.domainValidationOptions.apply((options) => {
                    const found = options.find((o) => o.domainName === domain.name) ?? options[0];
                    if (found === undefined) throw new Error(`${component}: ACM returned no DNS validation record for ${domain.name}`);
                    return found;
                });
                const validationRecord = this.child(
                    aws.route53.Record,
                    "certificate-validation-record",
                    { zoneId: domain.hostedZoneId, name: option.resourceRecordName, type: option.resourceRecordType, records: [option.resourceRecordValue], ttl: 300, allowOverwrite: true },
                    t.validationRecord,
                );
                const validation = this.child(
                    aws.acm.CertificateValidation,
                    "certificate-validation",
                    { certificateArn: certificate.arn, validationRecordFqdns: [validationRecord.fqdn] },
                    t.certificateValidation,
                );
                certificateArn = validation.certificateArn;
                this.child(
                    aws.route53.Record,
                    "alias",
                    { zoneId: domain.hostedZoneId, name: domain.name, type: "A", aliases: [{ name: loadBalancer.dnsName, zoneId: loadBalancer.zoneId, evaluateTargetHealth: true }], allowOverwrite: true },
                    t.aliasRecord,
                );
                this.url = pulumi.output(`https://${domain.name}`);
            } else {
                certificateArn = lb.args.certificateArn ?? fail("loadBalancer.certificateArn", "is missing");
                this.url = pulumi.interpolate`https://${loadBalancer.dnsName}`;
            }

            const httpsListener = this.child(
                aws.lb.Listener,
                "https",
                {
                    loadBalancerArn: loadBalancer.arn,
                    port: 443,
                    protocol: "HTTPS",
                    sslPolicy: lb.sslPolicy,
                    certificateArn,
                    defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
                    tags: this.tags,
                },
                t.httpsListener,
            );
            this.child(
                aws.lb.Listener,
                "http",
                {
                    loadBalancerArn: loadBalancer.arn,
                    port: 80,
                    protocol: "HTTP",
                    defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
                    tags: this.tags,
                },
                t.httpListener,
            );
            if (lb.args.webAcl !== undefined) {
                this.child(aws.wafv2.WebAclAssociation, "waf", { resourceArn: loadBalancer.arn, webAclArn: lb.args.webAcl.webAclArn }, t.webAclAssociation);
            }

            serviceLoadBalancers = [{ targetGroupArn: targetGroup.arn, containerName: CONTAINER_NAME, containerPort: port }];
            // ECS refuses a target group that no listener uses yet.
            serviceDependencies = [httpsListener];
            requestLabel = pulumi.interpolate`${loadBalancer.arnSuffix}/${targetGroup.arnSuffix}`;
            this.loadBalancerArn = loadBalancer.arn;
            this.loadBalancerDnsName = loadBalancer.dnsName;
            this.loadBalancerArnSuffix = loadBalancer.arnSuffix;
            this.targetGroupArnSuffix = targetGroup.arnSuffix;
            this.endpoint = this.url;
        }

        // ---- service ----
        this.service = this.child(
            aws.ecs.Service,
            "service",
            {
                name: this.physicalName("", "ecs"),
                cluster: cluster.arn,
                taskDefinition: taskDefinition.arn,
                launchType: "FARGATE",
                platformVersion: "LATEST",
                desiredCount: p.minTasks,
                networkConfiguration: { subnets: args.network.privateSubnetIds, securityGroups: [serviceSg.id], assignPublicIp: false },
                loadBalancers: serviceLoadBalancers,
                healthCheckGracePeriodSeconds: lb?.grace,
                deploymentCircuitBreaker: { enable: true, rollback: true },
                deploymentMinimumHealthyPercent: 100,
                deploymentMaximumPercent: 200,
                propagateTags: "SERVICE",
                enableEcsManagedTags: true,
                enableExecuteCommand: false,
                tags: this.tags,
            },
            t.service,
            // Autoscaling owns the task count after creation.
            { dependsOn: serviceDependencies, ignoreChanges: ["desiredCount"] },
        );
        this.clusterName = cluster.name;
        this.serviceName = this.service.name;

        // ---- autoscaling ----
        const resourceId = pulumi.interpolate`service/${cluster.name}/${this.service.name}`;
        const scalingTarget = this.child(
            aws.appautoscaling.Target,
            "scaling-target",
            { serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", resourceId, minCapacity: p.minTasks, maxCapacity: p.maxTasks, tags: this.tags },
            t.scalingTarget,
        );
        const policy = (suffix: string, predefinedMetricSpecification: aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification, targetValue: number) =>
            this.child(
                aws.appautoscaling.Policy,
                suffix,
                {
                    name: this.physicalName(suffix),
                    policyType: "TargetTrackingScaling",
                    serviceNamespace: scalingTarget.serviceNamespace,
                    scalableDimension: scalingTarget.scalableDimension,
                    resourceId: scalingTarget.resourceId,
                    targetTrackingScalingPolicyConfiguration: { predefinedMetricSpecification, targetValue, scaleInCooldown, scaleOutCooldown },
                },
                t.scalingPolicy,
            );
        policy("scale-cpu", { predefinedMetricType: "ECSServiceAverageCPUUtilization" }, cpuTarget);
        if (requestLabel !== undefined) policy("scale-requests", { predefinedMetricType: "ALBRequestCountPerTarget", resourceLabel: requestLabel }, requestsPerTarget);

        this.taskRoleArn = taskRole.arn;
        this.taskRoleName = taskRole.name;
        this.executionRoleArn = executionRole.arn;
        this.logGroupName = logGroup.name;

        this.registerOutputs({
            securityGroupId: this.securityGroupId,
            loadBalancerSecurityGroupId: this.loadBalancerSecurityGroupId,
            loadBalancerArn: this.loadBalancerArn,
            loadBalancerDnsName: this.loadBalancerDnsName,
            loadBalancerArnSuffix: this.loadBalancerArnSuffix,
            targetGroupArnSuffix: this.targetGroupArnSuffix,
            url: this.url,
            clusterName: this.clusterName,
            serviceName: this.serviceName,
            taskRoleArn: this.taskRoleArn,
            taskRoleName: this.taskRoleName,
            executionRoleArn: this.executionRoleArn,
            logGroupName: this.logGroupName,
        });
    }
}

interface ResolvedLoadBalancer {
    args: ServiceLoadBalancer;
    sslPolicy: string;
    allowedCidrs: string[];
    idleTimeout: number;
    healthCheckPath: string;
    grace: number;
}
