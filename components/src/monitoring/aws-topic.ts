import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { accountAdministersKey, type NameKind, type Tags, type Transform } from "../core";
import type { ChildFactory } from "../blocks/child";
import { denyInsecureTransport } from "../blocks/policy";

/** What AwsMonitoring's builders need from it: its bound `child()`, `physicalName()` and tags. */
export interface MonitoringParent {
    child: ChildFactory;
    physicalName(suffix: string, kind?: NameKind): string;
    tags: Tags;
}

export interface AlarmTopicArgs {
    /** Child name prefix: "" for the component's region, `us-east-1-` for the second topic. Forever. */
    prefix: string;
    /** Region of the key, topic, policy and subscriptions; undefined: the provider's. */
    region: string | undefined;
    /** Description of the topic's KMS key. */
    description: string;
    /** Days a deleted key can be restored (7..30; AwsMonitoring's `keyDeletionWindowDays`). */
    keyDeletionWindowDays: number;
    /** Options of the key, a stateful child: AwsMonitoring's `dataOptions` (protect, retainOnDelete). */
    keyOptions: pulumi.CustomResourceOptions;
    /** Addresses subscribed by email, one subscription each (each must confirm). */
    emails: string[];
    /** HTTPS endpoint subscribed to the topic (secret). @default none: no webhook subscription */
    webhookUrl?: pulumi.Output<string>;
    /** `endpointAutoConfirms` of the webhook subscription (the endpoint confirms by itself). */
    webhookAutoConfirms: boolean;
    /** Account id, for the key policy and the topic policy's `aws:SourceAccount`. */
    account: pulumi.Output<string>;
    /** Partition (`aws`, `aws-cn`, ...), for the ARNs of the policies. */
    partition: pulumi.Output<string>;
    /** AwsMonitoring's transforms of the key, topic, topic policy and subscriptions. */
    transform: {
        key?: Transform<aws.kms.KeyArgs>;
        topic?: Transform<aws.sns.TopicArgs>;
        topicPolicy?: Transform<aws.sns.TopicPolicyArgs>;
        subscription?: Transform<aws.sns.TopicSubscriptionArgs>;
    };
}

/** A KMS-encrypted SNS topic that CloudWatch and Budgets publish to, with its email and webhook subscriptions. */
export function alarmTopic(parent: MonitoringParent, a: AlarmTopicArgs): pulumi.Output<string> {
    const { prefix, region } = a;
    const key = parent.child(
        aws.kms.Key,
        `${prefix}key`,
        {
            description: a.description,
            enableKeyRotation: true,
            deletionWindowInDays: a.keyDeletionWindowDays,
            policy: keyPolicy(a.account, a.partition),
            region,
            tags: parent.tags,
        },
        a.transform.key,
        a.keyOptions,
    );
    const topic = parent.child(
        aws.sns.Topic,
        `${prefix}topic`,
        { name: parent.physicalName(`${prefix}alarms`, "sns"), kmsMasterKeyId: key.arn, region, tags: parent.tags },
        a.transform.topic,
    );
    parent.child(
        aws.sns.TopicPolicy,
        `${prefix}topic-policy`,
        { arn: topic.arn, policy: topicPolicy(topic.arn, a.account, a.partition), region },
        a.transform.topicPolicy,
    );
    for (const email of a.emails) {
        parent.child(
            aws.sns.TopicSubscription,
            `${prefix}email-${email.toLowerCase()}`,
            { topic: topic.arn, protocol: "email", endpoint: email, region },
            a.transform.subscription,
        );
    }
    if (a.webhookUrl !== undefined) {
        parent.child(
            aws.sns.TopicSubscription,
            `${prefix}webhook`,
            { topic: topic.arn, protocol: "https", endpoint: a.webhookUrl, endpointAutoConfirms: a.webhookAutoConfirms, region },
            a.transform.subscription,
        );
    }
    return topic.arn;
}

/** The key lets the account administer it through IAM and lets CloudWatch and Budgets encrypt what they publish. */
function keyPolicy(account: pulumi.Output<string>, partition: pulumi.Output<string>): pulumi.Output<string> {
    return pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            accountAdministersKey(partition, account),
            {
                // No aws:SourceAccount here: the services reach the key only through the topic, whose policy is
                // scoped to this account, and not every service sends that key to KMS.
                Sid: "AlarmAndBudgetServicesUseTheKey",
                Effect: "Allow",
                Principal: { Service: ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"] },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
            },
        ],
    });
}

/** The account manages the topic; CloudWatch and Budgets publish on behalf of this account only; no plain HTTP. */
function topicPolicy(
    topicArn: pulumi.Output<string>,
    account: pulumi.Output<string>,
    partition: pulumi.Output<string>,
): pulumi.Output<string> {
    return pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountManagesTheTopic",
                Effect: "Allow",
                Principal: { AWS: pulumi.interpolate`arn:${partition}:iam::${account}:root` },
                Action: [
                    "sns:GetTopicAttributes",
                    "sns:SetTopicAttributes",
                    "sns:AddPermission",
                    "sns:RemovePermission",
                    "sns:DeleteTopic",
                    "sns:Subscribe",
                    "sns:ListSubscriptionsByTopic",
                    "sns:Publish",
                ],
                Resource: topicArn,
            },
            {
                Sid: "AlarmsAndBudgetsPublish",
                Effect: "Allow",
                Principal: { Service: ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"] },
                Action: "sns:Publish",
                Resource: topicArn,
                Condition: { StringEquals: { "aws:SourceAccount": account } },
            },
            denyInsecureTransport("sns:Publish", topicArn),
        ],
    });
}
