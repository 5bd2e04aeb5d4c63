/**
 * The VPC flow logs of `AwsNetwork`: a KMS key CloudWatch Logs may use for this log group only, the log group, an IAM
 * role that VPC flow logs assume (for this account's flow logs only) and that can write to that group only, and the
 * flow log of all traffic.
 *
 * Children, through `parent.child` with today's suffixes (never rename them): `flow-logs-key`, `flow-logs`,
 * `flow-logs-role`, `flow-logs-policy`, `flow-log`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { BlockParent } from "../blocks/child";
import { cloudWatchLogsUseKey, componentKeyArgs } from "../blocks/kms";
import { accountAdministersKey, type NameKind, type Transform } from "../core";

/** What the flow logs need from `AwsNetwork` beyond {@link BlockParent}. */
export interface FlowLogParent extends BlockParent {
    /** The network itself, parent of the account, region and partition look-ups. */
    resource: pulumi.Resource;
    /** The network's logical name. */
    name: string;
    /** The network's `physicalName()`, bound. */
    physicalName: (suffix: string, kind?: NameKind) => string;
}

export interface FlowLogTransforms {
    flowLogKey?: Transform<aws.kms.KeyArgs>;
    flowLogGroup?: Transform<aws.cloudwatch.LogGroupArgs>;
    flowLogRole?: Transform<aws.iam.RoleArgs>;
    flowLogRolePolicy?: Transform<aws.iam.RolePolicyArgs>;
    flowLog?: Transform<aws.ec2.FlowLogArgs>;
}

export interface FlowLogArgs {
    /** The VPC whose traffic is logged (all of it, accepted and rejected). Another VPC replaces the flow log. @default none: required */
    vpc: aws.ec2.Vpc;
    /** Days the log group keeps records (`AwsNetworkArgs.flowLogRetentionDays`, already checked). @default none: required */
    retentionInDays: number;
    /** Resource options of the children that hold data (the key and the log group). @default none: required */
    data: pulumi.CustomResourceOptions;
    /** The network's transforms of these children. @default none: required (may be empty) */
    transform: FlowLogTransforms;
}

/** Creates the flow logs of `args.vpc`; returns the log group's name. */
export function flowLogs(parent: FlowLogParent, args: FlowLogArgs): pulumi.Output<string> {
    const { vpc, retentionInDays } = args;
    const t = args.transform;
    const identity = aws.getCallerIdentityOutput({}, { parent: parent.resource });
    const partition = aws.getPartitionOutput({}, { parent: parent.resource });
    const region = aws.getRegionOutput({}, { parent: parent.resource });
    const logGroupName = `/aws/vpc/flow-logs/${parent.physicalName("flow-logs", "logGroup")}`;
    const logGroupArn = pulumi.interpolate`arn:${partition.partition}:logs:${region.region}:${identity.accountId}:log-group:${logGroupName}`;

    const key = parent.child(
        aws.kms.Key,
        "flow-logs-key",
        componentKeyArgs(
            `Encrypts the VPC flow logs of ${parent.name} (${logGroupName})`,
            parent.tags,
            pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    accountAdministersKey(partition.partition, identity.accountId),
                    cloudWatchLogsUseKey("CloudWatchLogsUsesForThisGroup", region.region, {
                        ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroupArn },
                    }),
                ],
            }),
        ),
        t.flowLogKey,
        args.data,
    );

    const logGroup = parent.child(
        aws.cloudwatch.LogGroup,
        "flow-logs",
        { name: logGroupName, retentionInDays, kmsKeyId: key.arn, tags: parent.tags },
        t.flowLogGroup,
        args.data,
    );

    const role = parent.child(
        aws.iam.Role,
        "flow-logs-role",
        {
            name: parent.physicalName("flow-logs", "iamRole"),
            description: `VPC flow logs of ${parent.name} write to ${logGroupName}`,
            assumeRolePolicy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                        Action: "sts:AssumeRole",
                        Condition: {
                            StringEquals: { "aws:SourceAccount": identity.accountId },
                            ArnLike: {
                                "aws:SourceArn": pulumi.interpolate`arn:${partition.partition}:ec2:${region.region}:${identity.accountId}:vpc-flow-log/*`,
                            },
                        },
                    },
                ],
            }),
            tags: parent.tags,
        },
        t.flowLogRole,
    );

    const rolePolicy = parent.child(
        aws.iam.RolePolicy,
        "flow-logs-policy",
        {
            role: role.id,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "WriteThisLogGroupOnly",
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                        Resource: [logGroup.arn, pulumi.interpolate`${logGroup.arn}:*`],
                    },
                ],
            }),
        },
        t.flowLogRolePolicy,
    );

    parent.child(
        aws.ec2.FlowLog,
        "flow-log",
        {
            vpcId: vpc.id,
            trafficType: "ALL",
            logDestinationType: "cloud-watch-logs",
            logDestination: logGroup.arn,
            iamRoleArn: role.arn,
            maxAggregationInterval: 60,
            tags: { ...parent.tags, Name: parent.physicalName("flow-log") },
        },
        t.flowLog,
        { dependsOn: [rolePolicy] },
    );
    return logGroup.name;
}
