/** The IAM grants `AwsFileStorage` gives the services using its files (split from `aws.ts`). */
import * as pulumi from "@pulumi/pulumi";
import type { IamStatement } from "../core";

/** Access a service may be linked with. */
export type FileAccess = "read" | "readWrite";

/**
 * The statements of a role policy for each access level, on the bucket `bucketArn` encrypted with `keyArn` in
 * `region`: `read` lists the bucket, reads objects (current and old versions, tags) and decrypts through S3;
 * `readWrite` also writes, tags and deletes current objects and runs multipart uploads (deleting leaves a recoverable
 * old version: permanent deletion of versions is not granted). The key is usable only through S3 (`kms:ViaService`).
 */
export function fileGrants(
    bucketArn: pulumi.Input<string>,
    keyArn: pulumi.Input<string>,
    region: pulumi.Input<string>,
): Record<FileAccess, IamStatement[]> {
    const viaS3 = { StringEquals: { "kms:ViaService": pulumi.interpolate`s3.${region}.amazonaws.com` } };
    const listStatement: IamStatement = {
        Sid: "ListFiles",
        Effect: "Allow",
        Action: ["s3:ListBucket", "s3:GetBucketLocation"],
        Resource: bucketArn,
    };
    return {
        read: [
            listStatement,
            {
                Sid: "ReadFiles",
                Effect: "Allow",
                Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTagging"],
                Resource: pulumi.interpolate`${bucketArn}/*`,
            },
            { Sid: "DecryptFiles", Effect: "Allow", Action: "kms:Decrypt", Resource: keyArn, Condition: viaS3 },
        ],
        readWrite: [
            { ...listStatement, Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"] },
            {
                Sid: "ReadWriteFiles",
                Effect: "Allow",
                Action: [
                    "s3:GetObject",
                    "s3:GetObjectVersion",
                    "s3:GetObjectTagging",
                    "s3:PutObject",
                    "s3:PutObjectTagging",
                    "s3:DeleteObject",
                    "s3:AbortMultipartUpload",
                    "s3:ListMultipartUploadParts",
                ],
                Resource: pulumi.interpolate`${bucketArn}/*`,
            },
            // Decrypt too: multipart uploads and reads of SSE-KMS objects need it.
            {
                Sid: "UseFilesKey",
                Effect: "Allow",
                Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                Resource: keyArn,
                Condition: viaS3,
            },
        ],
    };
}
