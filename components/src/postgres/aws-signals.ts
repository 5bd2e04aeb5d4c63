import * as pulumi from "@pulumi/pulumi";
import { InvalidArgumentError } from "../core";
import { checkPercent, checkPositive } from "../monitoring/objectives";
import {
    type AwsAlarmSignal,
    type AwsDashboardLine,
    type AwsGraph,
    type AwsMetric,
    type AwsMetricMath,
    type AwsMetricOptions,
    type AwsSignalContext,
    AwsSignalSourceBase,
    type AwsSignals,
    dashboardLine,
    sloText,
} from "../monitoring/signals";

/** CloudWatch dimensions of a Postgres primary and its replicas. Implemented by `AwsPostgres`. */
export interface AwsPostgresMetricDimensions {
    readonly name: string;
    readonly primaryInstanceId: pulumi.Output<string>;
    readonly replicaInstanceIds: pulumi.Output<string>[];
    /** Allocated storage of the primary, GiB, to turn free-storage alarms into a percentage. */
    readonly allocatedStorageGb: number;
    /** The primary's `DbiResourceId`, which Performance Insights names it by (for `queryLatencyMs`). */
    readonly primaryResourceId?: pulumi.Output<string>;
    /** Performance Insights on the primary (`queryLatencyMs` needs it). */
    readonly performanceInsightsEnabled?: boolean;
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
    /**
     * Alarm when the primary's average query latency exceeds this many milliseconds (AIOS "Database Queries: < 50ms
     * average"). RDS for PostgreSQL publishes no query-latency metric: `ReadLatency`/`WriteLatency` are disk I/O
     * latency, and Aurora's `SelectLatency`/`DMLLatency`/`CommitLatency` do not exist on RDS. The alarm reads the
     * engine's own figures through Performance Insights instead, by Little's law: average latency = average active
     * sessions / throughput, i.e. `1000 × DBLoad / (xact_commit + xact_rollback per second)` ms, with `DBLoad`
     * (AWS/RDS, published when Performance Insights is on) and the `db.Transactions.xact_commit`/`xact_rollback`
     * counters (pg_stat_database) read with `DB_PERF_INSIGHTS` ("Amazon CloudWatch metrics for Amazon RDS Performance
     * Insights" and "Performance Insights counter metrics", docs.aws.amazon.com, read 2026-12-06). With autocommit
     * statements a transaction is a query; in multi-statement transactions the figure is time per transaction
     * (an upper bound of the per-query average). No transactions: 0, no alarm. Needs Performance Insights.
     * @default none: no latency alarm
     */
    queryLatencyMs?: number;
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
    private readonly queryLatencyMs?: number;

    constructor(db: AwsPostgresMetricDimensions, options: AwsPostgresSignalOptions = {}) {
        super(db, "AwsPostgres");
        const component = this.label;
        checkPositive(component, "allocatedStorageGb", db.allocatedStorageGb, Number.MAX_SAFE_INTEGER, "a positive number of GiB");
        this.cpuPercent = checkPercent(component, "cpuPercent", options.cpuPercent ?? 80);
        this.freeStoragePercent = checkPercent(component, "freeStoragePercent", options.freeStoragePercent ?? 10);
        this.replicaLagSeconds = checkPositive(
            component,
            "replicaLagSeconds",
            options.replicaLagSeconds ?? 300,
            3600,
            "more than 0 and at most 3600 (the 1 h RPO)",
        );
        if (options.queryLatencyMs !== undefined) {
            this.queryLatencyMs = checkPositive(
                component,
                "queryLatencyMs",
                options.queryLatencyMs,
                60_000,
                "more than 0 and at most 60000 ms",
            );
            if (db.performanceInsightsEnabled !== true || db.primaryResourceId === undefined) {
                throw new InvalidArgumentError(
                    component,
                    "queryLatencyMs",
                    "is set while Performance Insights is off, and RDS publishes no query latency without it",
                    "performanceInsightsEnabled true on the database, or no queryLatencyMs",
                );
            }
        }
    }

    /** A metric of one instance (the primary by default) in AWS/RDS. */
    public metric(
        metricName: string,
        options: AwsMetricOptions = { statistic: "Average" },
        instanceId: pulumi.Output<string> = this.target.primaryInstanceId,
    ): AwsMetric {
        return { namespace: "AWS/RDS", metricName, dimensions: { DBInstanceIdentifier: instanceId }, ...options };
    }
    public metricCPUUtilization(options?: AwsMetricOptions, instanceId?: pulumi.Output<string>): AwsMetric {
        return this.metric("CPUUtilization", options, instanceId);
    }
    public metricFreeStorageSpace(options: AwsMetricOptions = { statistic: "Minimum", unit: "Bytes" }): AwsMetric {
        return this.metric("FreeStorageSpace", options);
    }
    /** Average active sessions of the primary (Performance Insights, published to AWS/RDS). */
    public metricDBLoad(options: AwsMetricOptions = { statistic: "Average" }): AwsMetric {
        return this.metric("DBLoad", options);
    }
    /**
     * Average query latency of the primary, ms: `1000 × DBLoad / transactions per second` (see
     * {@link AwsPostgresSignalOptions.queryLatencyMs}).
     */
    public metricQueryLatency(): AwsMetricMath {
        const resourceId = this.target.primaryResourceId;
        if (resourceId === undefined)
            throw new InvalidArgumentError(this.label, "metricQueryLatency", "needs the primary's DbiResourceId", "an AwsPostgres");
        const counter = (name: string) => pulumi.interpolate`DB_PERF_INSIGHTS('RDS', '${resourceId}', 'db.Transactions.${name}.avg')`;
        return {
            id: "latency",
            label: "average query latency (ms)",
            expression: "IF((commits + rollbacks) > 0, 1000 * load / (commits + rollbacks), 0)",
            usingMetrics: { load: this.metricDBLoad() },
            usingQueries: { commits: counter("xact_commit"), rollbacks: counter("xact_rollback") },
        };
    }
    public metricReplicaLag(
        replicaId: pulumi.Output<string>,
        options: AwsMetricOptions = { statistic: "Maximum", unit: "Seconds" },
    ): AwsMetric {
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
            ...(this.queryLatencyMs !== undefined
                ? [
                      {
                          key: `${prefix}-query-latency`,
                          description: `${name}: average query latency above ${this.queryLatencyMs} ms (1000 × DBLoad / transactions per second, Performance Insights)`,
                          metric: this.metricQueryLatency(),
                          comparison: "GreaterThanThreshold" as const,
                          threshold: this.queryLatencyMs,
                          evaluation: "resource" as const,
                          // No load, no data: an idle database is not slow.
                          treatMissingData: "notBreaching" as const,
                      },
                  ]
                : []),
            // Numbered in the component's replica order, which its own child names already fix.
            ...db.replicaInstanceIds.map((replicaId, i): AwsAlarmSignal => ({
                key: `${prefix}-replica-lag-${i + 1}`,
                description: `${name}: replica ${i + 1} lags more than ${this.replicaLagSeconds} s behind the primary (RPO 1 h)`,
                metric: this.metricReplicaLag(replicaId),
                comparison: "GreaterThanThreshold",
                threshold: this.replicaLagSeconds,
                evaluation: "resource",
                treatMissingData: "breaching",
            })),
        ];
        const replicaLine = (metric: AwsMetric, i: number): AwsDashboardLine => dashboardLine(metric, { label: `replica ${i + 1}` });
        const graphs: AwsGraph[] = [
            {
                title: `${name}: CPU (%)`,
                lines: [
                    dashboardLine(this.metricCPUUtilization(), { label: "primary" }),
                    ...db.replicaInstanceIds.map((id, i) => replicaLine(this.metricCPUUtilization(undefined, id), i)),
                ],
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
