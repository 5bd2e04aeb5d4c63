import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type BaseArgs, Component, type DataProtection, type Transform, checkRange } from "../core";

export interface AwsLogBucketArgs extends BaseArgs, DataProtection {
    /**
     * Days an access log is kept. Changing it updates the lifecycle rule in place.
     * @default 90
     */
    retentionDays?: number;
    transform?: {
        bucket?: Transform<aws.s3.BucketArgs>;
        publicAccessBlock?: Transform<aws.s3.BucketPublicAccessBlockArgs>;
        ownership?: Transform<aws.s3.BucketOwnershipControlsArgs>;
        versioning?: Transform<aws.s3.BucketVersioningArgs>;
        encryption?: Transform<aws.s3.BucketServerSideEncryptionConfigurationArgs>;
        lifecycle?: Transform<aws.s3.BucketLifecycleConfigurationArgs>;
        policy?: Transform<aws.s3.BucketPolicyArgs>;
    };
}

/**
 * A private bucket that Elastic Load Balancing writes access logs to: hand it to a load-balanced service as
 * `loadBalancer: { accessLogs: { bucket: logs.bucketName, prefix: "api" } }`.
 *
 * Load balancer log delivery writes with SSE-S3 only (not SSE-KMS) and is allowed by the bucket policy, both the
 * region's ELB account (regions before August 2022) and the `logdelivery.elasticloadbalancing.amazonaws.com`
 * service principal (newer regions), limited to this account's prefix. Versioned, so a log cannot be overwritten
 * before it expires; public access blocked; TLS-only.
 *
 * Cost: S3 Standard storage of the logs ($0.023/GB-month in us-east-1) and PUT requests; no charge for delivery.
 */
export class AwsLogBucket extends Component {
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;

    constructor(name: string, args: AwsLogBucketArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("logs:AwsLogBucket", name, args, opts);
        const retentionDays = args.retentionDays ?? 90;
        checkRange(`AwsLogBucket "${name}"`, "retentionDays", retentionDays, 1, 3650);
        const t = args.transform ?? {};

        const bucket = this.child(aws.s3.Bucket, "bucket", { bucket: this.physicalName("", "bucket"), tags: this.tags }, t.bucket, this.dataOptions(args));
        this.child(
            aws.s3.BucketPublicAccessBlock,
            "public-access-block",
            { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            t.publicAccessBlock,
        );
        this.child(aws.s3.BucketOwnershipControls, "ownership", { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, t.ownership);
        const versioning = this.child(aws.s3.BucketVersioning, "versioning", { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, t.versioning);
        this.child(
            aws.s3.BucketServerSideEncryptionConfiguration,
            "encryption",
            { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
            t.encryption,
        );
        this.child(
            aws.s3.BucketLifecycleConfiguration,
            "lifecycle",
            {
                bucket: bucket.id,
                rules: [
                    {
                        id: "expire-logs",
                        status: "Enabled",
                        filter: {},
                        expiration: { days: retentionDays },
                        noncurrentVersionExpiration: { noncurrentDays: 1 },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            },
            t.lifecycle,
            { dependsOn: [versioning] },
        );

        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const elbAccount = aws.elb.getServiceAccountOutput({}, { parent: this }).arn;
        // Keys are `<prefix>/AWSLogs/<account>/...`, or `AWSLogs/<account>/...` without a prefix.
        const writes = [pulumi.interpolate`${bucket.arn}/*/AWSLogs/${account}/*`, pulumi.interpolate`${bucket.arn}/AWSLogs/${account}/*`];
        this.child(
            aws.s3.BucketPolicy,
            "policy",
            {
                bucket: bucket.id,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        { Sid: "ElbAccountDelivery", Effect: "Allow", Principal: { AWS: elbAccount }, Action: "s3:PutObject", Resource: writes },
                        { Sid: "ElbServiceDelivery", Effect: "Allow", Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, Action: "s3:PutObject", Resource: writes },
                        {
                            Sid: "DenyInsecureTransport",
                            Effect: "Deny",
                            Principal: "*",
                            Action: "s3:*",
                            Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
                            Condition: { Bool: { "aws:SecureTransport": "false" } },
                        },
                    ],
                }),
            },
            t.policy,
        );

        this.bucketName = bucket.bucket;
        this.bucketArn = bucket.arn;
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
    }
}
