import * as pulumi from "@pulumi/pulumi";

/**
 * The key-policy statement every component-owned KMS key starts with: the account administers the key, and IAM
 * policies grant its use. Without it a key policy can lock everyone out of the key, and of the data it encrypts.
 */
export function accountAdministersKey(partition: pulumi.Input<string>, accountId: pulumi.Input<string>) {
    return {
        Sid: "AccountAdministers",
        Effect: "Allow",
        Principal: { AWS: pulumi.interpolate`arn:${partition}:iam::${accountId}:root` },
        Action: "kms:*",
        Resource: "*",
    };
}
