import type * as pulumi from "@pulumi/pulumi";
import { checkPercent, checkPositive } from "../monitoring/objectives";
import { type AwsAlarmSignal, type AwsDashboardLine, type AwsGraph, type AwsMetric, type AwsMetricOptions, type AwsSignalContext, AwsSignalSourceBase, type AwsSignals, dashboardLine, sloText } from "../monitoring/signals";

/** CloudWatch dimensions of a Postgres primary and its replicas. Implemented by `AwsPostgres`. */
export interface AwsPostgresMetricDimensions {
    readonly name: string;
    readonly primaryInstanceId: pulumi.Output<string>;
    readonly replicaInstanceIds: pulumi.Output<string>[];
    /** Allocated storage of the primary, GiB, to turn free-storage alarms into a percentage. */
    readonly allocatedStorageGb: number;
}

/** Thresholds of the database alarms. */
export interface AwsPostgresSignalOptions {
    /** CPU of the primary, percent. @default 80 */
    cpuPercent?: number;
    /** Alarm when the primary's free storage falls below this percentage of its allocated storage. @default 10 */
    freeStoragePercent?: number;
    /**
     * Lag of each replica, seconds (at most 3600, the 1 h RPO). A replica 300 s behind, detected after at most one
     * evaluation window (15 min in prod, 30 min in dev), leaves well over half the RPO to act before a failover to
     * it would lose more than 1 h.
     * @default 300
     */
    replicaLagSeconds?: number;
}

const GIB = 1024 ** 3;

/**
 * Signals of an RDS Postgres instance: CPU and free storage of the primary, lag of each replica (AWS/RDS, dimension
 * `DBInstanceIdentifier`: "Amazon CloudWatch metrics for Amazon RDS", docs.aws.amazon.com, read 2026-12-06).
 */
export class AwsPostgresSignals extends AwsSignalSourceBase<AwsPostgresMetricDimensions> {
    private readonly cpuPercent: number;
    private readonly freeStoragePercent: number;
    private readonly replicaLagSeconds: number;

    constructor(db: AwsPostgresMetricDimensions, options: AwsPostgresSignalOptions = {}) {
        super(db, "AwsPostgres");
        const component = this.label;
        checkPositive(component, "allocatedStorageGb", db.allocatedStorageGb, Number.MAX_SAFE_INTEGER, "a positive number of GiB");
        this.cpuPercent = checkPercent(component, "cpuPercent", options.cpuPercent ?? 80);
        this.freeStoragePercent = checkPercent(component, "freeStoragePercent", options.freeStoragePercent ?? 10);
        this.replicaLagSeconds = checkPositive(component, "replicaLagSeconds", options.replicaLagSeconds ?? 300, 3600, "more than 0 and at most 3600 (the 1 h RPO)");
    }

    /** A metric of one instance (the primary by default) in AWS/RDS. */
    public metric(metricName: string, options: AwsMetricOptions = { statistic: "Average" }, instanceId: pulumi.Output<string> = this.target.primaryInstanceId): AwsMetric {
        return { namespace: "AWS/RDS", metricName, dimensions: { DBInstanceIdentifier: instanceId }, ...options };
    }
    public metricCPUUtilization(options?: AwsMetricOptions, instanceId?: pulumi.Output<string>): AwsMetric {
        return this.metric("CPUUtilization", options, instanceId);
    }
    public metricFreeStorageSpace(options: AwsMetricOptions = { statistic: "Minimum", unit: "Bytes" }): AwsMetric {
        return this.metric("FreeStorageSpace", options);
    }
    public metricReplicaLag(replicaId: pulumi.Output<string>, options: AwsMetricOptions = { statistic: "Maximum", unit: "Seconds" }): AwsMetric {
        return this.metric("ReplicaLag", options, replicaId);
    }

    public signals(ctx: AwsSignalContext): AwsSignals {
        const { name, target: db } = this;
        const prefix = `db-${name}`;
        const slo = sloText(ctx.slo);
        const freeBytes = Math.floor((db.allocatedStorageGb * GIB * this.freeStoragePercent) / 100);
        const alarms: AwsAlarmSignal[] = [
            {
                key: `${prefix}-cpu`,
                description: `${name}: Postgres primary CPU above ${this.cpuPercent} % (capacity headroom for the ${slo})`,
                metric: this.metricCPUUtilization(),
                comparison: "GreaterThanThreshold",
                threshold: this.cpuPercent,
                evaluation: "resource",
                treatMissingData: "breaching",
            },
            {
                key: `${prefix}-free-storage`,
                description: `${name}: free storage below ${this.freeStoragePercent} % of ${db.allocatedStorageGb} GiB (${freeBytes} bytes); a full disk stops writes (${slo})`,
                metric: this.metricFreeStorageSpace(),
                comparison: "LessThanThreshold",
                threshold: freeBytes,
                evaluation: "resource",
                treatMissingData: "breaching",
            },
            // Numbered in the component's replica order, which its own child names already fix.
            ...db.replicaInstanceIds.map(
                (replicaId, i): AwsAlarmSignal => ({
                    key: `${prefix}-replica-lag-${i + 1}`,
                    description: `${name}: replica ${i + 1} lags more than ${this.replicaLagSeconds} s behind the primary (RPO 1 h)`,
                    metric: this.metricReplicaLag(replicaId),
                    comparison: "GreaterThanThreshold",
                    threshold: this.replicaLagSeconds,
                    evaluation: "resource",
                    treatMissingData: "breaching",
                }),
            ),
        ];
        const replicaLine = (metric: AwsMetric, i: number): AwsDashboardLine => dashboardLine(metric, { label: `replica ${i + 1}` });
        const graphs: AwsGraph[] = [
            {
                title: `${name}: CPU (%)`,
                lines: [dashboardLine(this.metricCPUUtilization(), { label: "primary" }), ...db.replicaInstanceIds.map((id, i) => replicaLine(this.metricCPUUtilization(undefined, id), i))],
                annotation: { label: "alarm", value: this.cpuPercent },
                yMin: 0,
            },
            {
                title: `${name}: free storage (bytes)`,
                lines: [dashboardLine(this.metricFreeStorageSpace(), { stat: "Minimum" })],
                annotation: { label: "alarm", value: freeBytes },
                stat: "Minimum",
                yMin: 0,
            },
        ];
        if (db.replicaInstanceIds.length > 0) {
            graphs.push({
                title: `${name}: replica lag (s)`,
                lines: db.replicaInstanceIds.map((id, i) => replicaLine(this.metricReplicaLag(id), i)),
                annotation: { label: "alarm", value: this.replicaLagSeconds },
                stat: "Maximum",
                yMin: 0,
            });
        }
        return { alarms, dashboard: [{ title: `## Postgres ${name}`, graphs }] };
    }
}
