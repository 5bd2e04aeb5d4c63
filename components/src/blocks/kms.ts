/**
 * The KMS key recipe of components that own their key, and the key-policy statement that lets CloudWatch Logs use
 * such a key for log groups.
 *
 * Signatures:
 *
 *     componentKeyArgs(description: string, tags: Tags, policy?: pulumi.Input<string>): aws.kms.KeyArgs
 *     cloudWatchLogsUseKey(sid: string, region: pulumi.Input<string>, condition: LogsKeyCondition): Statement
 *
 * Used by `AwsPostgres`, `AwsRedis` (its slow log) and `AwsNetwork` (its flow logs). Internal: not exported from
 * `components/src/index.ts`.
 */
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Tags } from "../core";

/** A component-owned key: yearly rotation on, the longest deletion window (30 days), the component's tags. */
export function componentKeyArgs(description: string, tags: Tags, policy?: pulumi.Input<string>): aws.kms.KeyArgs {
    return { description, enableKeyRotation: true, deletionWindowInDays: 30, ...(policy === undefined ? {} : { policy }), tags };
}

/** The log group ARN (or ARN pattern) CloudWatch Logs sends as the encryption context. */
interface LogGroupContext {
    "kms:EncryptionContext:aws:logs:arn": pulumi.Input<string>;
}

/** Which log groups may use the key: one group (`ArnEquals`) or a pattern (`ArnLike`). */
export type LogsKeyCondition = { ArnLike: LogGroupContext } | { ArnEquals: LogGroupContext };

/**
 * The key-policy statement letting the regional CloudWatch Logs service encrypt and decrypt with the key, only for the
 * log groups `condition` names (the encryption context CloudWatch Logs sends is the log group's ARN).
 */
export function cloudWatchLogsUseKey(sid: string, region: pulumi.Input<string>, condition: LogsKeyCondition) {
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: pulumi.interpolate`logs.${region}.amazonaws.com` },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: condition,
    };
}
