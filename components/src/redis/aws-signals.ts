import type * as pulumi from "@pulumi/pulumi";
import { checkPercent } from "../monitoring/objectives";
import type { AwsMetric, AwsMetricOptions, AwsSignalContext, AwsSignals } from "../monitoring/signals";
import { AwsSignalSourceBase, dashboardLine, sloText } from "../monitoring/signals";

/** CloudWatch dimensions of a Redis replication group. Implemented by `AwsRedis`. */
export interface AwsRedisMetricDimensions {
    readonly name: string;
    readonly replicationGroupId: pulumi.Output<string>;
    /** Cache cluster ids of the members (`<group>-001`, ...), one alarm each. */
    readonly memberClusterIds: pulumi.Output<string>[];
}

/** Thresholds of the cache alarms. */
export interface AwsRedisSignalOptions {
    /** `DatabaseMemoryUsagePercentage` of each member, percent. @default 80 */
    memoryPercent?: number;
}

/**
 * Signals of an ElastiCache Redis replication group: memory of each member (evictions and write errors follow a
 * full one), and its engine CPU on the dashboard (AWS/ElastiCache, dimension `CacheClusterId`: "Metrics for Valkey
 * and Redis OSS", docs.aws.amazon.com, read 2026-12-06).
 */
export class AwsRedisSignals extends AwsSignalSourceBase<AwsRedisMetricDimensions> {
    private readonly memoryPercent: number;

    constructor(cache: AwsRedisMetricDimensions, options: AwsRedisSignalOptions = {}) {
        super(cache, "AwsRedis");
        this.memoryPercent = checkPercent(this.label, "memoryPercent", options.memoryPercent ?? 80);
    }

    /** A metric of one member in AWS/ElastiCache. */
    public metric(metricName: string, memberId: pulumi.Output<string>, options: AwsMetricOptions = { statistic: "Maximum" }): AwsMetric {
        return { namespace: "AWS/ElastiCache", metricName, dimensions: { CacheClusterId: memberId }, ...options };
    }
    public metricDatabaseMemoryUsagePercentage(memberId: pulumi.Output<string>, options?: AwsMetricOptions): AwsMetric {
        return this.metric("DatabaseMemoryUsagePercentage", memberId, options);
    }
    public metricEngineCPUUtilization(memberId: pulumi.Output<string>, options?: AwsMetricOptions): AwsMetric {
        return this.metric("EngineCPUUtilization", memberId, options);
    }

    public signals(ctx: AwsSignalContext): AwsSignals {
        const { name, target: cache } = this;
        const members = cache.memberClusterIds;
        const label = (i: number) => ({ label: `member ${i + 1}` });
        return {
            alarms: members.map((memberId, i) => ({
                key: `cache-${name}-memory-${i + 1}`,
                description: `${name}: Redis member ${i + 1} memory above ${this.memoryPercent} % (evictions and write errors follow; ${sloText(ctx.slo)})`,
                metric: this.metricDatabaseMemoryUsagePercentage(memberId),
                comparison: "GreaterThanThreshold",
                threshold: this.memoryPercent,
                evaluation: "resource",
                treatMissingData: "breaching",
            })),
            dashboard: [
                {
                    title: `## Redis ${name}`,
                    graphs: [
                        {
                            title: `${name}: memory (%)`,
                            lines: members.map((id, i) => dashboardLine(this.metricDatabaseMemoryUsagePercentage(id), label(i))),
                            annotation: { label: "alarm", value: this.memoryPercent },
                            stat: "Maximum",
                            yMin: 0,
                        },
                        {
                            title: `${name}: CPU (%)`,
                            lines: members.map((id, i) => dashboardLine(this.metricEngineCPUUtilization(id), label(i))),
                            yMin: 0,
                        },
                    ],
                },
            ],
        };
    }
}
