import type * as pulumi from "@pulumi/pulumi";
import { checkPositive } from "../monitoring/objectives";
import {
    type AwsAlarmSignal,
    type AwsMetric,
    type AwsMetricOptions,
    AwsSignalSourceBase,
    type AwsSignals,
    dashboardLine,
    GB,
    ONE_DAY,
} from "../monitoring/signals";

/** What monitoring reads of an S3 bucket. Implemented by `AwsFileStorage`. */
export interface AwsBucketMetricDimensions {
    readonly name: string;
    readonly bucketName: pulumi.Output<string>;
}

export interface AwsBucketSignalOptions {
    /**
     * Alarm when the bucket's Standard storage exceeds this size, GB (a runaway upload job, a missing lifecycle rule).
     * @default none: no alarm, the size and object count are on the dashboard only
     */
    maxSizeGb?: number;
}

/**
 * Signals of an S3 bucket from its free daily storage metrics (AWS/S3 `BucketSizeBytes` per `StorageType`,
 * `NumberOfObjects` for `AllStorageTypes`): size and objects on the dashboard, and an optional size alarm. Request
 * metrics (4xx, 5xx, latency) need a paid request-metrics configuration and are not used.
 */
export class AwsBucketSignals extends AwsSignalSourceBase<AwsBucketMetricDimensions> {
    private readonly maxSizeGb?: number;

    constructor(bucket: AwsBucketMetricDimensions, options: AwsBucketSignalOptions = {}) {
        super(bucket, "AwsFileStorage");
        if (options.maxSizeGb !== undefined)
            this.maxSizeGb = checkPositive(this.label, "maxSizeGb", options.maxSizeGb, Number.MAX_SAFE_INTEGER, "a positive number of GB");
    }

    public metric(metricName: string, storageType: string, options: AwsMetricOptions = { statistic: "Maximum" }): AwsMetric {
        return {
            namespace: "AWS/S3",
            metricName,
            dimensions: { BucketName: this.target.bucketName, StorageType: storageType },
            ...options,
        };
    }
    public metricBucketSizeBytes(storageType = "StandardStorage", options?: AwsMetricOptions): AwsMetric {
        return this.metric("BucketSizeBytes", storageType, options);
    }
    public metricNumberOfObjects(options?: AwsMetricOptions): AwsMetric {
        return this.metric("NumberOfObjects", "AllStorageTypes", options);
    }

    public signals(): AwsSignals {
        const { name } = this;
        const alarms: AwsAlarmSignal[] =
            this.maxSizeGb === undefined
                ? []
                : [
                      {
                          key: `bucket-${name}-size`,
                          description: `${name}: Standard storage above ${this.maxSizeGb} GB (S3 reports bucket size once a day)`,
                          metric: this.metricBucketSizeBytes(),
                          comparison: "GreaterThanThreshold",
                          threshold: this.maxSizeGb * GB,
                          // S3 storage metrics are daily ("Metrics and dimensions", Amazon S3 user guide, read 2026-12-06).
                          evaluation: ONE_DAY,
                          // A bucket with nothing in Standard storage sends no datapoint.
                          treatMissingData: "notBreaching",
                      },
                  ];
        return {
            alarms,
            dashboard: [
                {
                    title: `## Bucket ${name}`,
                    graphs: [
                        {
                            title: `${name}: size (bytes)`,
                            lines: [dashboardLine(this.metricBucketSizeBytes(), { label: "Standard", period: 86400 })],
                            stat: "Maximum",
                            yMin: 0,
                        },
                        {
                            title: `${name}: objects`,
                            lines: [dashboardLine(this.metricNumberOfObjects(), { period: 86400 })],
                            stat: "Maximum",
                            yMin: 0,
                        },
                    ],
                },
            ],
        };
    }
}
