/**
 * The Fargate task of a container service: its cluster (Container Insights on), the container's log group, the
 * application (task) role, the execution role (image pull, logs, exactly the secrets given), and the task definition
 * (awsvpc, one container `app`). Used by `AwsWebService` and `AwsWorkerService`.
 *
 * Children, through `parent.child` with today's suffixes (never rename them): `cluster`, `logs`, `task-role`,
 * `execution-role`, `execution-role-policy`, `secrets-policy` (with secrets only), `task`.
 *
 * Internal: not exported from `components/src/index.ts`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsSecretReference, NameKind, Transform } from "../core";
import type { BlockParent } from "./child";
import { assumedByService } from "./policy";

/** Name of the one container of the task (the target of the load balancer and of `ecs execute-command`). */
export const CONTAINER_NAME = "app";

/** A container health check ECS runs inside the task; a failing container is replaced. */
export interface ContainerHealthCheck {
    /**
     * The check, as ECS runs it: `["CMD-SHELL", "<shell command>"]` or `["CMD", "<exe>", ...args]`; exit code 0 is
     * healthy. The image must contain what the command calls (e.g. `curl`, or `node` for a Node.js image).
     */
    command: string[];
    /** Seconds between checks (5..300). @default 30 */
    intervalSeconds?: number;
    /** Seconds a check may take before it counts as failed (2..60). @default 5 */
    timeoutSeconds?: number;
    /** Consecutive failures before the container is unhealthy (1..10). @default 3 */
    retries?: number;
    /** Seconds after start during which failures do not count (0..300). @default 0 */
    startPeriodSeconds?: number;
}

export interface FargateTaskTransforms {
    cluster?: Transform<aws.ecs.ClusterArgs>;
    logGroup?: Transform<aws.cloudwatch.LogGroupArgs>;
    taskRole?: Transform<aws.iam.RoleArgs>;
    executionRole?: Transform<aws.iam.RoleArgs>;
    executionRolePolicy?: Transform<aws.iam.RolePolicyAttachmentArgs>;
    secretsPolicy?: Transform<aws.iam.RolePolicyArgs>;
    taskDefinition?: Transform<aws.ecs.TaskDefinitionArgs>;
}

/** What the task block needs from its component beyond {@link BlockParent}. */
export interface TaskParent extends BlockParent {
    /** The component's logical name. */
    name: string;
    environment: string;
    /** The component's `physicalName()`, bound. */
    physicalName: (suffix: string, kind?: NameKind) => string;
}

export interface FargateTaskArgs {
    image: pulumi.Input<string>;
    cpu: number;
    memory: number;
    cpuArchitecture: "X86_64" | "ARM64";
    command?: string[];
    /** The container port, mapped when a load balancer forwards to it. */
    port?: number;
    env: Record<string, pulumi.Input<string>>;
    secrets: Record<string, AwsSecretReference>;
    readonlyRootFilesystem: boolean;
    healthCheck?: Required<ContainerHealthCheck>;
    logRetentionDays: number;
    logKmsKeyId?: pulumi.Input<string>;
    region: pulumi.Output<string>;
    partition: pulumi.Output<string>;
    account: pulumi.Output<string>;
    transform: FargateTaskTransforms;
}

export interface FargateTask {
    cluster: aws.ecs.Cluster;
    logGroup: aws.cloudwatch.LogGroup;
    taskRole: aws.iam.Role;
    executionRole: aws.iam.Role;
    taskDefinition: aws.ecs.TaskDefinition;
}

/** Builds the cluster, logs, roles and task definition of one service. */
export function fargateTask(parent: TaskParent, args: FargateTaskArgs): FargateTask {
    const t = args.transform;
    const { name } = parent;
    const cluster = parent.child(
        aws.ecs.Cluster,
        "cluster",
        { name: parent.physicalName("", "ecs"), settings: [{ name: "containerInsights", value: "enabled" }], tags: parent.tags },
        t.cluster,
    );
    const logGroup = parent.child(
        aws.cloudwatch.LogGroup,
        "logs",
        {
            name: `/ecs/${parent.physicalName("", "logGroup")}`,
            retentionInDays: args.logRetentionDays,
            kmsKeyId: args.logKmsKeyId,
            tags: parent.tags,
        },
        t.logGroup,
    );

    const ecsTasks = pulumi.all([args.partition, args.account, args.region]).apply(([part, accountId, regionName]) =>
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Service: "ecs-tasks.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    // Only ECS acting for this account's tasks (confused-deputy protection).
                    Condition: {
                        StringEquals: { "aws:SourceAccount": accountId },
                        ArnLike: { "aws:SourceArn": `arn:${part}:ecs:${regionName}:${accountId}:*` },
                    },
                },
            ],
        }),
    );
    const taskRole = parent.child(
        aws.iam.Role,
        "task-role",
        {
            name: parent.physicalName("task", "iamRole"),
            description: `Application role of ${name} (${parent.environment}); attach its permissions here`,
            assumeRolePolicy: ecsTasks,
            tags: parent.tags,
        },
        t.taskRole,
    );
    const executionRole = parent.child(
        aws.iam.Role,
        "execution-role",
        {
            name: parent.physicalName("execution", "iamRole"),
            description: `ECS execution role of ${name} (${parent.environment}): image pull, logs, secrets`,
            assumeRolePolicy: assumedByService("ecs-tasks.amazonaws.com"),
            tags: parent.tags,
        },
        t.executionRole,
    );
    const executionPolicy = parent.child(
        aws.iam.RolePolicyAttachment,
        "execution-role-policy",
        {
            role: executionRole.name,
            policyArn: pulumi.interpolate`arn:${args.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy`,
        },
        t.executionRolePolicy,
    );
    const executionDependencies: pulumi.Resource[] = [executionPolicy];
    const secretArns = Object.values(args.secrets).map((s) => s.secretArn);
    if (secretArns.length > 0) {
        const secretsPolicy = parent.child(
            aws.iam.RolePolicy,
            "secrets-policy",
            {
                role: executionRole.name,
                policy: pulumi.all([pulumi.all(secretArns), args.region]).apply(([arns, regionName]) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Sid: "ReadSecrets",
                                Effect: "Allow",
                                Action: "secretsmanager:GetSecretValue",
                                Resource: [...new Set(arns)].sort(),
                            },
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

    const port = args.port;
    const check = args.healthCheck;
    const containerDefinitions = pulumi
        .output({
            image: args.image,
            env: Object.entries(args.env).map(([envName, value]) => ({ name: envName, value })),
            secrets: Object.entries(args.secrets).map(([envName, s]) => ({
                name: envName,
                valueFrom: s.key === undefined ? pulumi.output(s.secretArn) : pulumi.interpolate`${s.secretArn}:${s.key}::`,
            })),
            logGroup: logGroup.name,
            region: args.region,
        })
        .apply((c) =>
            JSON.stringify([
                {
                    name: CONTAINER_NAME,
                    image: c.image,
                    essential: true,
                    command: args.command,
                    portMappings: port !== undefined ? [{ containerPort: port, protocol: "tcp" }] : [],
                    environment: [...c.env].sort((a, b) => (a.name < b.name ? -1 : 1)),
                    secrets: [...c.secrets].sort((a, b) => (a.name < b.name ? -1 : 1)),
                    readonlyRootFilesystem: args.readonlyRootFilesystem,
                    logConfiguration: {
                        logDriver: "awslogs",
                        options: { "awslogs-group": c.logGroup, "awslogs-region": c.region, "awslogs-stream-prefix": CONTAINER_NAME },
                    },
                    // ECS's HealthCheck object: command, interval, timeout, retries, startPeriod (seconds).
                    ...(check && {
                        healthCheck: {
                            command: check.command,
                            interval: check.intervalSeconds,
                            timeout: check.timeoutSeconds,
                            retries: check.retries,
                            startPeriod: check.startPeriodSeconds,
                        },
                    }),
                },
            ]),
        );
    const taskDefinition = parent.child(
        aws.ecs.TaskDefinition,
        "task",
        {
            family: parent.physicalName("", "ecs"),
            networkMode: "awsvpc",
            requiresCompatibilities: ["FARGATE"],
            cpu: String(args.cpu),
            memory: String(args.memory),
            runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: args.cpuArchitecture },
            executionRoleArn: executionRole.arn,
            taskRoleArn: taskRole.arn,
            containerDefinitions,
            tags: parent.tags,
        },
        t.taskDefinition,
        { dependsOn: executionDependencies },
    );
    return { cluster, logGroup, taskRole, executionRole, taskDefinition };
}
