import type * as pulumi from "@pulumi/pulumi";
import { checkLogRetention } from "../blocks/cloudwatch-logs";
import type { EcsServiceTransforms } from "../blocks/ecs-service";
import type { ContainerHealthCheck, FargateTaskTransforms } from "../blocks/fargate-task";
import type { LoadBalancerTransforms } from "../blocks/load-balancer";
import {
    type ArgProblem,
    type AwsSecretReference,
    type AwsVpcPlacement,
    type BaseArgs,
    type Environment,
    InvalidArgumentError,
    type Link,
    type LinkInput,
    type Profile,
    type WebAclProvider,
    checkRange,
    orderProblems,
    profileDefaults,
    resolveEnvironment,
    resolveLinks,
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
    else if (!memories.includes(p.memory))
        problems.push({
            arg: "memory",
            problem: `is ${p.memory}, which Fargate does not run with cpu ${p.cpu}`,
            allowed: `with cpu ${p.cpu}: ${memories.join(", ")}`,
        });
    const minAllowed = environment === "dev" ? 0 : 1;
    for (const [arg, value, min] of [
        ["autoscaling.min", p.minTasks, minAllowed],
        ["autoscaling.max", p.maxTasks, 1],
    ] as const) {
        if (!Number.isInteger(value) || value < min || value > 1000)
            problems.push({ arg, problem: `is ${value}`, allowed: `an integer from ${min} to 1000` });
    }
    problems.push(...orderProblems("autoscaling.min", p.minTasks, "autoscaling.max", p.maxTasks));
    return problems;
}

/** The HTTPS listener's TLS policy unless `loadBalancer.sslPolicy` says otherwise: TLS 1.3, with TLS 1.2 for older clients. */
export const DEFAULT_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

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
    /**
     * Further host names in the same zone served by the same load balancer (e.g. the web domain beside `api.`): the
     * certificate covers them (subject alternative names) and each gets its own alias A record. Changing them
     * replaces the certificate.
     * @default none
     */
    aliases?: string[];
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
export type ServiceSecret = AwsSecretReference;

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

/** Args of both kinds of container service. */
export interface AwsServiceCommonArgs extends BaseArgs {
    /** Where the service runs: tasks in `network.privateSubnetIds` (a web service's load balancer in `network.publicSubnetIds`). */
    network: AwsVpcPlacement;
    /** Container image, e.g. `ghcr.io/acme/api:1.4.2` or an ECR URI. Changing it registers a new task definition revision and deploys it. */
    image: pulumi.Input<string>;
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
     * definition: put secrets in `secrets`. A name may be set once, here or by a link. (`environment` is the profile, see BaseArgs.)
     * @default none
     */
    env?: Record<string, pulumi.Input<string>>;
    /**
     * Environment variables read from Secrets Manager when a task starts: `valueFrom` is `<arn>:<key>::` with a key,
     * the secret's ARN without. The execution role may `secretsmanager:GetSecretValue` on exactly these ARNs (and on
     * the links' secrets; `kms:Decrypt` through Secrets Manager only). A rotated value reaches tasks started after it.
     * @default none
     */
    secrets?: Record<string, ServiceSecret>;
    /**
     * Resources the tasks use (`AwsPostgres`, `AwsRedis`, `AwsSecret`, `files.link("readWrite")`, env-only links
     * such as `SupabasePostgres`). For each, the service creates what the link asks for as its own children: an ingress
     * rule on the target's security group from the service's and an egress rule to it on exactly the target's port,
     * the link's environment variables, its secret references (readable by the execution role), and a role policy on
     * the task role with its IAM statements. Google Cloud links (Secret Manager references) are refused.
     * @default none
     */
    links?: LinkInput[];
    /**
     * A health check ECS runs in the container (restarting it when it fails), e.g. a liveness probe. The image must
     * contain the command's program.
     * @default none (ECS judges the container by its process only)
     */
    healthCheck?: ContainerHealthCheck;
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
}

/** A service behind an internet-facing application load balancer. */
export interface AwsWebServiceArgs extends AwsServiceCommonArgs {
    /**
     * TCP port the container listens on (1..65535); the load balancer forwards to it. Changing it replaces the target
     * group (its name carries the port, so the new one is created first).
     * @default 3000
     */
    port?: number;
    /**
     * The internet-facing application load balancer: HTTPS with `certificateArn` or a `domain` (one is required),
     * HTTP redirecting to HTTPS. Cost: about $16.40/month plus $5.84 per LCU-month (us-east-1).
     */
    loadBalancer: ServiceLoadBalancer;
    /**
     * Path the load balancer's health check requests; answers 200-399 are healthy.
     * @default "/health/ready"
     */
    healthCheckPath?: string;
    /**
     * Seconds after a task starts during which failed load balancer health checks are ignored.
     * @default 60
     */
    healthCheckGracePeriodSeconds?: number;
    /**
     * Task count bounds and scaling targets (CPU, and requests per target). Each running task is billed for its CPU and memory.
     * @default tasks dev 1-2, staging 1-4, prod 2-50; CPU target 60 %; 1000 requests per target; cooldowns 300 s in, 60 s out
     */
    autoscaling?: ServiceAutoscaling;
    /** Edits of the computed args of each kind of child. @default none: each child takes the args the component computed */
    transform?: FargateTaskTransforms & LoadBalancerTransforms & EcsServiceTransforms;
}

/** A service with no load balancer: queue consumers, schedulers. */
export interface AwsWorkerServiceArgs extends AwsServiceCommonArgs {
    /**
     * Task count bounds and the CPU target (a worker has no request count). Each running task is billed for its CPU and memory.
     * @default tasks dev 1-2, staging 1-4, prod 2-50; CPU target 60 %; cooldowns 300 s in, 60 s out
     */
    autoscaling?: Omit<ServiceAutoscaling, "requestsPerTarget">;
    /** Edits of the computed args of each kind of child. @default none: each child takes the args the component computed */
    transform?: FargateTaskTransforms & EcsServiceTransforms;
}

/** A service's args once the environment's profile and the defaults fill what is unset, checked. */
export interface ServicePlan {
    component: string;
    p: ServiceProfile;
    cpuArchitecture: "X86_64" | "ARM64";
    cpuTarget: number;
    scaleInCooldown: number;
    scaleOutCooldown: number;
    links: Link[];
    env: Record<string, pulumi.Input<string>>;
    secrets: Record<string, ServiceSecret>;
    healthCheck?: Required<ContainerHealthCheck>;
}

/** The load balancer's settings, checked. */
export interface LoadBalancerPlan {
    port: number;
    sslPolicy: string;
    allowedCidrs: string[];
    idleTimeout: number;
    healthCheckPath: string;
    grace: number;
    requestsPerTarget: number;
}

/** Checks what both kinds share, before anything registers; throws {@link InvalidArgumentError}. */
export function planService(
    kind: string,
    name: string,
    args: AwsServiceCommonArgs & { autoscaling?: ServiceAutoscaling },
    deletionProtection?: boolean,
): ServicePlan {
    const environment = resolveEnvironment(args.environment);
    const component = `${kind} "${name}"`;
    const fail = (arg: string, problem: string, allowed?: string): never => {
        throw new InvalidArgumentError(component, arg, problem, allowed);
    };
    const autoscaling = args.autoscaling ?? {};
    const p = profileDefaults(PROFILE, environment, {
        cpu: args.cpu,
        memory: args.memory,
        minTasks: autoscaling.min,
        maxTasks: autoscaling.max,
        logRetentionDays: args.logRetentionDays,
        deletionProtection,
    });
    throwFirst(component, containerTaskProblems(environment, { cpu: p.cpu, memory: p.memory, minTasks: p.minTasks, maxTasks: p.maxTasks }));
    const cpuArchitecture = args.cpuArchitecture ?? "X86_64";
    if (cpuArchitecture !== "X86_64" && cpuArchitecture !== "ARM64")
        fail("cpuArchitecture", `is ${JSON.stringify(cpuArchitecture)}`, '"X86_64" or "ARM64"');
    if (typeof args.image === "string" && args.image.trim() === "")
        fail("image", "is empty", "a container image reference, e.g. ghcr.io/acme/api:1.4.2");
    const cpuTarget = autoscaling.cpuTargetPercent ?? 60;
    checkRange(component, "autoscaling.cpuTargetPercent", cpuTarget, 10, 90);
    const scaleInCooldown = autoscaling.scaleInCooldownSeconds ?? 300;
    const scaleOutCooldown = autoscaling.scaleOutCooldownSeconds ?? 60;
    checkRange(component, "autoscaling.scaleInCooldownSeconds", scaleInCooldown, 0, 3600);
    checkRange(component, "autoscaling.scaleOutCooldownSeconds", scaleOutCooldown, 0, 3600);
    checkLogRetention(component, "logRetentionDays", p.logRetentionDays);

    const ownEnv = args.env ?? {};
    const ownSecrets = args.secrets ?? {};
    for (const key of Object.keys(ownEnv))
        if (!ENV_NAME.test(key))
            fail("env", `has the name ${JSON.stringify(key)}`, "names made of letters, digits and _, not starting with a digit");
    for (const key of Object.keys(ownSecrets)) {
        if (!ENV_NAME.test(key))
            fail("secrets", `has the name ${JSON.stringify(key)}`, "names made of letters, digits and _, not starting with a digit");
        if (key in ownEnv) fail("secrets", `and env both set ${key}`, "each variable in one of them");
    }
    const { links, env } = resolveLinks(component, "aws", args.links, { env: ownEnv, secrets: ownSecrets });
    const secrets: Record<string, ServiceSecret> = { ...ownSecrets };
    for (const link of links) Object.assign(secrets, link.aws?.secrets);
    for (const [key, secret] of Object.entries(secrets)) {
        if (secret.key !== undefined && !/^[^:\s]+$/.test(secret.key))
            fail(`secrets.${key}.key`, `is ${JSON.stringify(secret.key)}`, "a JSON key without ':' or spaces");
    }
    if (args.command !== undefined && args.command.length === 0)
        fail("command", "is empty", "at least one element, or leave it unset for the image's CMD");

    let healthCheck: Required<ContainerHealthCheck> | undefined;
    if (args.healthCheck !== undefined) {
        const h = args.healthCheck;
        // ECS container health check limits and defaults, as AWS documents them for CDK's aws_ecs.HealthCheck
        // (docs.aws.amazon.com/cdk/api/latest/python/aws_cdk.aws_ecs/HealthCheck.html, read 2026-12-06): interval 5-300 s
        // (30), timeout 2-60 s (5), retries 1-10 (3), start period 0-300 s (none); the command starts with CMD or CMD-SHELL.
        if (h.command.length === 0 || (h.command[0] !== "CMD" && h.command[0] !== "CMD-SHELL") || h.command.length < 2) {
            fail("healthCheck.command", `is ${JSON.stringify(h.command)}`, '["CMD-SHELL", "<command>"] or ["CMD", "<program>", ...args]');
        }
        healthCheck = {
            command: h.command,
            intervalSeconds: h.intervalSeconds ?? 30,
            timeoutSeconds: h.timeoutSeconds ?? 5,
            retries: h.retries ?? 3,
            startPeriodSeconds: h.startPeriodSeconds ?? 0,
        };
        checkRange(component, "healthCheck.intervalSeconds", healthCheck.intervalSeconds, 5, 300);
        checkRange(component, "healthCheck.timeoutSeconds", healthCheck.timeoutSeconds, 2, 60);
        checkRange(component, "healthCheck.retries", healthCheck.retries, 1, 10);
        checkRange(component, "healthCheck.startPeriodSeconds", healthCheck.startPeriodSeconds, 0, 300);
    }
    return { component, p, cpuArchitecture, cpuTarget, scaleInCooldown, scaleOutCooldown, links, env, secrets, healthCheck };
}

/** Checks a web service's load balancer, port and health check; throws {@link InvalidArgumentError}. */
export function planLoadBalancer(component: string, args: AwsWebServiceArgs): LoadBalancerPlan {
    const fail = (arg: string, problem: string, allowed?: string): never => {
        throw new InvalidArgumentError(component, arg, problem, allowed);
    };
    const lb = args.loadBalancer;
    // Also refused for JavaScript callers and `loadBalancer: false` from the former AwsContainerService.
    if (typeof lb !== "object" || lb === null)
        fail(
            "loadBalancer",
            `is ${JSON.stringify(lb)}`,
            "a load balancer { certificateArn } or { domain }; use AwsWorkerService for a service without one",
        );
    const port = args.port ?? 3000;
    checkRange(component, "port", port, 1, 65535);
    if (lb.certificateArn === undefined && lb.domain === undefined) {
        fail(
            "loadBalancer",
            "has neither certificateArn nor domain: the HTTPS listener needs a certificate",
            "loadBalancer.certificateArn, or loadBalancer.domain { name, hostedZoneId }",
        );
    }
    if (lb.certificateArn !== undefined && lb.domain !== undefined)
        fail("loadBalancer", "has both certificateArn and domain", "one of them: domain creates its own certificate");
    if (lb.domain !== undefined && !HOSTNAME.test(lb.domain.name))
        fail("loadBalancer.domain.name", `is ${JSON.stringify(lb.domain.name)}`, "a lower-case DNS name such as api.example.com");
    for (const alias of lb.domain?.aliases ?? []) {
        if (!HOSTNAME.test(alias) || alias === lb.domain?.name)
            fail(
                "loadBalancer.domain.aliases",
                `contains ${JSON.stringify(alias)}`,
                "lower-case DNS names other than domain.name, e.g. example.com",
            );
    }
    const sslPolicy = lb.sslPolicy ?? DEFAULT_SSL_POLICY;
    if (!sslPolicy.startsWith("ELBSecurityPolicy-TLS13-"))
        fail(
            "loadBalancer.sslPolicy",
            `is ${JSON.stringify(sslPolicy)}, which allows TLS below 1.2 or lacks TLS 1.3`,
            "a TLS 1.3 policy, ELBSecurityPolicy-TLS13-*, e.g. ELBSecurityPolicy-TLS13-1-2-2021-06",
        );
    const allowedCidrs = lb.allowedCidrs ?? ["0.0.0.0/0"];
    if (allowedCidrs.length === 0) fail("loadBalancer.allowedCidrs", "is empty: nobody could reach the service", "at least one CIDR block");
    for (const cidr of allowedCidrs)
        if (!CIDR_V4.test(cidr) && !CIDR_V6.test(cidr))
            fail("loadBalancer.allowedCidrs", `contains ${JSON.stringify(cidr)}`, "CIDR blocks such as 0.0.0.0/0 or 2001:db8::/32");
    if (new Set(allowedCidrs).size !== allowedCidrs.length) fail("loadBalancer.allowedCidrs", "lists a block twice", "each block once");
    if (lb.webAcl !== undefined && lb.webAcl.scope !== "REGIONAL")
        fail(
            "loadBalancer.webAcl",
            `has scope ${lb.webAcl.scope}; a load balancer takes only a regional web ACL`,
            'a web ACL of scope "REGIONAL"',
        );
    const idleTimeout = lb.idleTimeoutSeconds ?? 60;
    checkRange(component, "loadBalancer.idleTimeoutSeconds", idleTimeout, 1, 4000);
    const healthCheckPath = args.healthCheckPath ?? "/health/ready";
    if (!healthCheckPath.startsWith("/") || /\s/.test(healthCheckPath) || healthCheckPath.length > 1024)
        fail("healthCheckPath", `is ${JSON.stringify(healthCheckPath)}`, "a path starting with /, without spaces, up to 1024 characters");
    const grace = args.healthCheckGracePeriodSeconds ?? 60;
    checkRange(component, "healthCheckGracePeriodSeconds", grace, 0, 2_147_483_647);
    const requestsPerTarget = args.autoscaling?.requestsPerTarget ?? 1000;
    checkRange(component, "autoscaling.requestsPerTarget", requestsPerTarget, 1, 1_000_000);
    return { port, sslPolicy, allowedCidrs, idleTimeout, healthCheckPath, grace, requestsPerTarget };
}

/** Checks that a worker was not given a web service's args (e.g. by JavaScript callers of the former `AwsContainerService`). */
export function refuseWebArgs(component: string, args: AwsWorkerServiceArgs): void {
    const given: Record<string, unknown> = { ...args };
    for (const [arg, what] of [
        ["loadBalancer", "a load balancer"],
        ["healthCheckPath", "a load balancer health check"],
        ["healthCheckGracePeriodSeconds", "a load balancer health check"],
        ["port", "a port the load balancer forwards to"],
    ] as const) {
        if (given[arg] !== undefined)
            throw new InvalidArgumentError(
                component,
                arg,
                `is set on a worker, which has no ${what.replace(/^an? /, "")}`,
                "leave it unset, or use AwsWebService",
            );
    }
    const autoscaling: Record<string, unknown> = { ...args.autoscaling };
    if (autoscaling["requestsPerTarget"] !== undefined)
        throw new InvalidArgumentError(
            component,
            "autoscaling.requestsPerTarget",
            "is set on a worker, which has no request count",
            "leave it unset, or use AwsWebService",
        );
}
