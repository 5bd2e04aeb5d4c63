/**
 * Policy documents written once: the TLS-only resource-policy statement (deny every request made without TLS,
 * `aws:SecureTransport` false), and the trust policy of a role one AWS service assumes.
 *
 * Signatures:
 *
 *     denyInsecureTransport(action: string, resource: pulumi.Input<string> | pulumi.Input<string>[]): Statement
 *     denyInsecureBucketTransport(bucketArn: pulumi.Input<string>): Statement   // "s3:*" on the bucket and its objects
 *     assumedByService(service: string): string   // the trust policy of a role one service assumes, as JSON
 *
 * AWS's recommendation for S3: "Enforce encryption of data in transit ... use the aws:SecureTransport condition"
 * (Amazon S3 User Guide, Security best practices, https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html,
 * read 2026-12-06); the same key works for SNS topic policies (SNS Developer Guide, "Enforce encryption of data in transit").
 */
import * as pulumi from "@pulumi/pulumi";

/** A policy statement refusing `action` on `resource` when the request is not made over TLS. */
export function denyInsecureTransport(action: string, resource: pulumi.Input<string> | pulumi.Input<string>[]) {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: action,
        Resource: resource,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

/** A bucket-policy statement refusing every S3 request, on the bucket and its objects, not made over TLS. */
export function denyInsecureBucketTransport(bucketArn: pulumi.Input<string>) {
    return denyInsecureTransport("s3:*", [bucketArn, pulumi.interpolate`${bucketArn}/*`]);
}

/**
 * The trust policy of a role that one AWS service assumes (e.g. `monitoring.rds.amazonaws.com`), without conditions,
 * as the JSON string a role's `assumeRolePolicy` takes. A role whose service acts for other accounts too needs an
 * `aws:SourceAccount` condition instead (the ECS task role in `fargate-task.ts` has one).
 */
export function assumedByService(service: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
    });
}
