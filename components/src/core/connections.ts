import type * as pulumi from "@pulumi/pulumi";

/**
 * The typed contracts components pass to each other. A stack hands one component to another
 * (`new AwsWebService("api", { network, links: [db, cache] })`) and the receiving component wires ports, security
 * groups, environment, secrets and IAM itself (the link contract is `core/link.ts`): no one writes a security-group
 * rule or an IAM statement in a stack. What monitoring
 * reads of a component is not here: each component describes its own signals (`monitoring/signals.ts`).
 */

/** Where AWS components place themselves: a VPC and its three tiers of subnets. Implemented by `AwsNetwork`. */
export interface AwsVpcPlacement {
    readonly vpcId: pulumi.Output<string>;
    readonly vpcCidrBlock: pulumi.Output<string>;
    /** Subnets with a route to the internet gateway: load balancers only. */
    readonly publicSubnetIds: pulumi.Output<string[]>;
    /** Subnets for services, egress through NAT. */
    readonly privateSubnetIds: pulumi.Output<string[]>;
    /** Subnets for data stores, no route to the internet. */
    readonly dataSubnetIds: pulumi.Output<string[]>;
}

/**
 * A store or service reachable on one TCP port behind its own security group. Its link's `aws.reach` carries the
 * group and port, and a service linked to it opens exactly that port from its own security group to the target's.
 */
export interface Reachable {
    /** Logical name of the target, used in rule descriptions. */
    readonly name: string;
    readonly securityGroupId: pulumi.Output<string>;
    readonly port: number;
}

/** Anything that can be put behind a WAFv2 web ACL. */
export interface WebAclProvider {
    readonly webAclArn: pulumi.Output<string>;
    /** REGIONAL (load balancers, API gateways) or CLOUDFRONT (distributions, in us-east-1). */
    readonly scope: "REGIONAL" | "CLOUDFRONT";
}

/** Connection details of a Postgres database, with the password kept in a secret store, never in plain text. */
export interface PostgresConnection {
    readonly host: pulumi.Output<string>;
    readonly port: number;
    readonly database: string;
    readonly username: string;
    /** Read-only endpoints of the replicas. */
    readonly readerHosts: pulumi.Output<string>[];
    /** ARN of the Secrets Manager secret holding `{ "username", "password" }`. */
    readonly passwordSecretArn: pulumi.Output<string>;
    readonly sslMode: "require" | "verify-full";
}

/** Connection details of a Redis store; the AUTH token lives in a secret store. */
export interface RedisConnection {
    readonly host: pulumi.Output<string>;
    readonly readerHost: pulumi.Output<string>;
    readonly port: number;
    readonly tls: boolean;
    /** ARN of the Secrets Manager secret holding the AUTH token. */
    readonly authTokenSecretArn: pulumi.Output<string>;
}

/** An environment variable read from Secret Manager when an instance starts. `GcpSecrets.envRefs()` (and its `link()`) builds these. */
export interface CloudRunSecretRef {
    /**
     * The secret: its id (`api-key`) when it lives in the service's project, else `projects/<p>/secrets/<id>`.
     * The service account gets `roles/secretmanager.secretAccessor` on exactly this secret.
     */
    secret: pulumi.Input<string>;
    /**
     * Secret version: a number (pinned: a new value needs a new revision, rollouts are reproducible) or `latest`
     * (read at each instance start: a new value reaches instances started after it is written).
     * @default "latest"
     */
    version?: pulumi.Input<string>;
    /**
     * A plan-time name of the secret. References with the same key share one IAM binding (two IAM member
     * resources for the same binding would remove it for both when one is deleted). `GcpSecrets` sets it.
     * @default the environment variable's name
     */
    key?: string;
}

/**
 * An SNS topic that alarms and budgets publish to. Implemented by {@link AwsMonitoring}; taken by `AwsBudget`
 * (and anything else that wants to page the same people).
 */
export interface AlarmTopic {
    /** ARN of an SNS topic whose policy lets `cloudwatch.amazonaws.com` and `budgets.amazonaws.com` publish. */
    readonly topicArn: pulumi.Output<string>;
}
