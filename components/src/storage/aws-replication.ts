/**
 * Cross-region replication of `AwsFileStorage`'s bucket: the role S3 assumes (it may only read the source's versions,
 * decrypt with the source key, replicate into the replica and encrypt with the replica key) and the replication rule
 * (every object and delete marker, SSE-KMS objects re-encrypted with the replica key, optional Replication Time
 * Control). Children `replication-role`, `replication-role-policy`, `replication` of the calling component.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { BlockParent } from "../blocks/child";
import type { Transform } from "../core";

/** One side of the replication: the bucket, its key and its versioning (which the rule waits for). */
export interface ReplicatedBucket {
    bucket: aws.s3.Bucket;
    key: aws.kms.Key;
    versioning: aws.s3.BucketVersioning;
}

export interface BucketReplicationArgs {
    /** Component name, for descriptions. */
    name: string;
    /** The role's cloud-side name (the component's `physicalName("s3-replication", "iamRole")`). */
    roleName: string;
    /** The bucket replicated from. */
    source: ReplicatedBucket;
    /** The bucket in `replicaRegion` replicated into (changing it replaces the rule's destination). */
    replica: ReplicatedBucket;
    /** Region of the source (the stack's): the source key's `kms:ViaService` condition names it. */
    region: pulumi.Input<string>;
    /** Region of the replica: the replica key's `kms:ViaService` condition names it. */
    replicaRegion: string;
    /** The account id: only this account's source bucket may make S3 assume the role. */
    account: pulumi.Input<string>;
    /** Storage class of the copies (`STANDARD`, `STANDARD_IA`, `GLACIER_IR`): what the replica's storage costs. */
    replicaStorageClass: string;
    /** S3 Replication Time Control (15 minutes, with metrics). */
    replicationTimeControl: boolean;
    /** Tags of the role. */
    tags: Record<string, string>;
    /** Per-child overrides. @default none */
    transform: {
        replicationRole?: Transform<aws.iam.RoleArgs>;
        replicationRolePolicy?: Transform<aws.iam.RolePolicyArgs>;
        replication?: Transform<aws.s3.BucketReplicationConfigArgs>;
    };
}

/** Builds the replication role, its policy and the replication rule; returns the role. */
export function bucketReplication(block: BlockParent, a: BucketReplicationArgs): aws.iam.Role {
    const { source, replica, region, replicaRegion, account } = a;
    const t = a.transform;
    const role = block.child(
        aws.iam.Role,
        "replication-role",
        {
            name: a.roleName,
            description: `S3 replicates the file bucket of ${a.name} to ${replicaRegion}`,
            assumeRolePolicy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Service: "s3.amazonaws.com" },
                        Action: "sts:AssumeRole",
                        Condition: { StringEquals: { "aws:SourceAccount": account }, ArnLike: { "aws:SourceArn": source.bucket.arn } },
                    },
                ],
            }),
            tags: a.tags,
        },
        t.replicationRole,
    );
    const rolePolicy = block.child(
        aws.iam.RolePolicy,
        "replication-role-policy",
        {
            role: role.name,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "ReadSourceConfiguration",
                        Effect: "Allow",
                        Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
                        Resource: source.bucket.arn,
                    },
                    {
                        Sid: "ReadSourceVersions",
                        Effect: "Allow",
                        Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
                        Resource: pulumi.interpolate`${source.bucket.arn}/*`,
                    },
                    {
                        Sid: "WriteReplica",
                        Effect: "Allow",
                        Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
                        Resource: pulumi.interpolate`${replica.bucket.arn}/*`,
                    },
                    {
                        Sid: "DecryptSource",
                        Effect: "Allow",
                        Action: "kms:Decrypt",
                        Resource: source.key.arn,
                        Condition: {
                            StringEquals: { "kms:ViaService": pulumi.interpolate`s3.${region}.amazonaws.com` },
                            // With the bucket key on, the encryption context is the bucket's ARN; without, the object's.
                            StringLike: {
                                "kms:EncryptionContext:aws:s3:arn": [source.bucket.arn, pulumi.interpolate`${source.bucket.arn}/*`],
                            },
                        },
                    },
                    {
                        Sid: "EncryptReplica",
                        Effect: "Allow",
                        Action: ["kms:Encrypt", "kms:GenerateDataKey"],
                        Resource: replica.key.arn,
                        Condition: {
                            StringEquals: { "kms:ViaService": `s3.${replicaRegion}.amazonaws.com` },
                            StringLike: {
                                "kms:EncryptionContext:aws:s3:arn": [replica.bucket.arn, pulumi.interpolate`${replica.bucket.arn}/*`],
                            },
                        },
                    },
                ],
            }),
        },
        t.replicationRolePolicy,
    );
    const rtc = a.replicationTimeControl;
    block.child(
        aws.s3.BucketReplicationConfig,
        "replication",
        {
            bucket: source.bucket.id,
            role: role.arn,
            rules: [
                {
                    id: "replicate-everything",
                    status: "Enabled",
                    priority: 1,
                    // An empty filter selects every object and makes this a V2 rule, which delete marker replication needs.
                    filter: {},
                    deleteMarkerReplication: { status: "Enabled" },
                    sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                    destination: {
                        bucket: replica.bucket.arn,
                        storageClass: a.replicaStorageClass,
                        encryptionConfiguration: { replicaKmsKeyId: replica.key.arn },
                        ...(rtc
                            ? {
                                  replicationTime: { status: "Enabled", time: { minutes: 15 } },
                                  metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
                              }
                            : {}),
                    },
                },
            ],
        },
        t.replication,
        // Both buckets must be versioned before S3 accepts the rule, and the role able to act.
        { dependsOn: [source.versioning, replica.versioning, rolePolicy] },
    );
    return role;
}
