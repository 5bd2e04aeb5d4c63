/**
 * The transforms of a private bucket's children (`privateBucket`, ./bucket.ts) from a component's `transform` arg,
 * whose keys name them as the component's args do (`ownershipControls`, `bucketPolicy`, `bucketLogging`). AwsCdn's
 * content bucket and AwsFileStorage's file bucket take them the same way.
 */
import type * as aws from "@pulumi/aws";
import type { Transform } from "../core";
import type { PrivateBucketTransforms } from "./bucket";

/** A component's transform keys of its main bucket's children and its KMS key (its `transform` arg extends this). */
export interface BucketTransformArgs {
    /** The bucket's KMS key (`bucketKey`), not a `privateBucket` child. */
    key?: Transform<aws.kms.KeyArgs>;
    bucket?: Transform<aws.s3.BucketArgs>;
    publicAccessBlock?: Transform<aws.s3.BucketPublicAccessBlockArgs>;
    ownershipControls?: Transform<aws.s3.BucketOwnershipControlsArgs>;
    versioning?: Transform<aws.s3.BucketVersioningArgs>;
    encryption?: Transform<aws.s3.BucketServerSideEncryptionConfigurationArgs>;
    lifecycle?: Transform<aws.s3.BucketLifecycleConfigurationArgs>;
    bucketPolicy?: Transform<aws.s3.BucketPolicyArgs>;
}

/** `privateBucket`'s `transform` from the component's: one key per child, renamed where the two differ. */
export function bucketTransforms(
    t: BucketTransformArgs & { bucketLogging?: Transform<aws.s3.BucketLoggingArgs> },
): PrivateBucketTransforms {
    return {
        bucket: t.bucket,
        publicAccessBlock: t.publicAccessBlock,
        ownership: t.ownershipControls,
        versioning: t.versioning,
        encryption: t.encryption,
        lifecycle: t.lifecycle,
        logging: t.bucketLogging,
        policy: t.bucketPolicy,
    };
}
