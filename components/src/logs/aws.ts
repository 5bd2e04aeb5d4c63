import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expireLogsRule, privateBucket, type PrivateBucketTransforms } from "../blocks/bucket";
import { type BaseArgs, Component, type DataProtection, checkRange } from "../core";

export interface AwsLogBucketArgs extends BaseArgs, DataProtection {
    /**
     * Days an access log is kept. Changing it updates the lifecycle rule in place.
     * @default 90
     */
    retentionDays?: number;
    /**
     * Per-child overrides: `bucket`, `publicAccessBlock`, `ownership`, `versioning`, `encryption`, `lifecycle`, `policy`.
     * @default none: each child takes the args the component computed
     */
    transform?: Omit<PrivateBucketTransforms, "logging">;
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

        const logs = privateBucket(
            { child: this.child.bind(this), tags: this.tags, label: `AwsLogBucket "${name}"` },
            {
                bucketSuffix: "bucket",
                prefix: "",
                physicalName: this.physicalName("", "bucket"),
                encryption: "AES256",
                lifecycleRules: [expireLogsRule(retentionDays, 7)],
                dataOptions: this.dataOptions(args),
                transform: t,
            },
        );
        const bucket = logs.bucket;

        const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
        const elbAccount = aws.elb.getServiceAccountOutput({}, { parent: this }).arn;
        // Keys are `<prefix>/AWSLogs/<account>/...`, or `AWSLogs/<account>/...` without a prefix.
        const writes = [pulumi.interpolate`${bucket.arn}/*/AWSLogs/${account}/*`, pulumi.interpolate`${bucket.arn}/AWSLogs/${account}/*`];
        logs.policy([
            { Sid: "ElbAccountDelivery", Effect: "Allow", Principal: { AWS: elbAccount }, Action: "s3:PutObject", Resource: writes },
            {
                Sid: "ElbServiceDelivery",
                Effect: "Allow",
                Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: writes,
            },
        ]);

        this.bucketName = bucket.bucket;
        this.bucketArn = bucket.arn;
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
    }
}
