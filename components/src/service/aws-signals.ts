import type * as pulumi from "@pulumi/pulumi";
import { checkPercent } from "../monitoring/objectives";
import {
    type AwsAlarmSignal,
    type AwsDashboardSection,
    type AwsGraph,
    type AwsHealthGraph,
    type AwsMetric,
    type AwsMetricOptions,
    type AwsSignalContext,
    AwsSignalSourceBase,
    type AwsSignals,
    dashboardLine,
    percentile,
    round,
    sloText,
} from "../monitoring/signals";

/** CloudWatch dimensions of a load-balanced or worker ECS service. Implemented by `AwsWebService` and `AwsWorkerService`. */
export interface AwsServiceMetricDimensions {
    readonly name: string;
    readonly clusterName: pulumi.Output<string>;
    readonly serviceName: pulumi.Output<string>;
    /** Present when the service sits behind a load balancer. */
    readonly loadBalancerArnSuffix?: pulumi.Output<string>;
    readonly targetGroupArnSuffix?: pulumi.Output<string>;
    /** The public HTTPS endpoint (for health checks), when there is one. */
    readonly endpoint?: pulumi.Output<string>;
}

/** Thresholds of an ECS service's resource alarms. */
export interface AwsServiceSignalOptions {
    /** Average CPU of the service, percent. @default 70 */
    cpuPercent?: number;
    /** Average memory of the service, percent of the reservation. @default 80 */
    memoryPercent?: number;
}

/**
 * Signals of an ECS service: with a load balancer, the 5xx ratio against the availability SLO's error budget and the
 * latency percentile against the latency SLO (AWS/ApplicationELB); CPU and memory (AWS/ECS); a Route 53 health check
 * of its endpoint. Metric names and dimensions: "CloudWatch metrics for your Application Load Balancer" and "Amazon
 * ECS CloudWatch metrics" (docs.aws.amazon.com, read 2026-12-06).
 * Cost: about $0.10 a month per alarm ($0.30 for the 5xx-ratio alarm, which reads three metrics).
 */
export class AwsServiceSignals extends AwsSignalSourceBase<AwsServiceMetricDimensions> {
    private readonly cpuPercent: number;
    private readonly memoryPercent: number;

    constructor(service: AwsServiceMetricDimensions, options: AwsServiceSignalOptions = {}) {
        // The class in the message: a web service sits behind a load balancer, a worker does not.
        super(service, service.loadBalancerArnSuffix !== undefined ? "AwsWebService" : "AwsWorkerService");
        this.cpuPercent = checkPercent(this.label, "cpuPercent", options.cpuPercent ?? 70);
        this.memoryPercent = checkPercent(this.label, "memoryPercent", options.memoryPercent ?? 80);
    }

    /** A metric of the service in AWS/ECS (CDK's generic `metric()`). */
    public metric(metricName: string, options: AwsMetricOptions = { statistic: "Average" }): AwsMetric {
        return {
            namespace: "AWS/ECS",
            metricName,
            dimensions: { ClusterName: this.target.clusterName, ServiceName: this.target.serviceName },
            ...options,
        };
    }
    public metricCPUUtilization(options?: AwsMetricOptions): AwsMetric {
        return this.metric("CPUUtilization", options);
    }
    public metricMemoryUtilization(options?: AwsMetricOptions): AwsMetric {
        return this.metric("MemoryUtilization", options);
    }
    /** A metric of the service's load balancer in AWS/ApplicationELB; undefined for a worker. */
    public metricLoadBalancer(metricName: string, options: AwsMetricOptions): AwsMetric | undefined {
        const lb = this.target.loadBalancerArnSuffix;
        return lb === undefined ? undefined : { namespace: "AWS/ApplicationELB", metricName, dimensions: { LoadBalancer: lb }, ...options };
    }
    public metricTargetResponseTime(options: AwsMetricOptions = { extendedStatistic: "p95" }): AwsMetric | undefined {
        return this.metricLoadBalancer("TargetResponseTime", options);
    }

    public signals(ctx: AwsSignalContext): AwsSignals {
        const { name } = this;
        const slo = ctx.slo;
        const prefix = `service-${name}`;
        const p = percentile(slo.latencyFraction);
        const availability = round(slo.availability * 100);
        const errorBudgetPercent = round(slo.errorBudget * 100);
        const latencySeconds = round(slo.latencyMs / 1000);
        const alarms: AwsAlarmSignal[] = [];
        const graphs: (AwsGraph | AwsHealthGraph)[] = [];
        const sum = { statistic: "Sum" } as const;
        const target5xx = this.metricLoadBalancer("HTTPCode_Target_5XX_Count", sum);
        const elb5xx = this.metricLoadBalancer("HTTPCode_ELB_5XX_Count", sum);
        const requests = this.metricLoadBalancer("RequestCount", sum);
        const latency = this.metricTargetResponseTime({ extendedStatistic: p, unit: "Seconds" });
        if (target5xx && elb5xx && requests && latency) {
            // The ratio is taken at the load balancer: ELB 5xx exist only there, and target 5xx and requests
            // measured at the same scope keep the numerator and denominator comparable.
            const expression = "IF(requests > 0, (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)";
            alarms.push(
                {
                    key: `${prefix}-availability`,
                    description: `${name}: 5xx ratio (target + load balancer 5xx / requests) above the ${errorBudgetPercent} % error budget of the ${availability} % availability SLO`,
                    metric: { id: "error_ratio", label: "5xx ratio", expression, usingMetrics: { target5xx, elb5xx, requests } },
                    comparison: "GreaterThanThreshold",
                    threshold: slo.errorBudget,
                    evaluation: "slo",
                    treatMissingData: "notBreaching",
                },
                {
                    key: `${prefix}-latency-${p}`,
                    description: `${name}: ${p} target response time above ${slo.latencyMs} ms (latency SLO: ${p} < ${slo.latencyMs} ms)`,
                    metric: latency,
                    // A percentile over a handful of requests is noise: keep the alarm's state until there are enough.
                    evaluateLowSampleCountPercentiles: "ignore",
                    comparison: "GreaterThanThreshold",
                    threshold: latencySeconds,
                    evaluation: "slo",
                    treatMissingData: "notBreaching",
                },
            );
            const hidden = (id: string) => ({ id, stat: "Sum", visible: false });
            graphs.push(
                {
                    title: `${name}: 5xx ratio`,
                    lines: [
                        [{ expression, label: "5xx ratio", id: "ratio" }],
                        dashboardLine(target5xx, hidden("target5xx")),
                        dashboardLine(elb5xx, hidden("elb5xx")),
                        dashboardLine(requests, hidden("requests")),
                    ],
                    annotation: { label: "error budget", value: slo.errorBudget },
                    stat: "Sum",
                    yMin: 0,
                },
                {
                    title: `${name}: ${p} latency (s)`,
                    lines: [dashboardLine(latency, { stat: p })],
                    annotation: { label: `${p} SLO ${slo.latencyMs} ms`, value: latencySeconds },
                    stat: p,
                    yMin: 0,
                },
            );
        }
        const headroom = `(capacity headroom for the ${sloText(slo)})`;
        const cpu = this.metricCPUUtilization();
        const memory = this.metricMemoryUtilization();
        alarms.push(
            {
                key: `${prefix}-cpu`,
                description: `${name}: ECS CPU above ${this.cpuPercent} % ${headroom}`,
                metric: cpu,
                comparison: "GreaterThanThreshold",
                threshold: this.cpuPercent,
                evaluation: "resource",
                treatMissingData: "breaching",
            },
            {
                key: `${prefix}-memory`,
                description: `${name}: ECS memory above ${this.memoryPercent} % ${headroom}`,
                metric: memory,
                comparison: "GreaterThanThreshold",
                threshold: this.memoryPercent,
                evaluation: "resource",
                treatMissingData: "breaching",
            },
        );
        graphs.push(
            {
                title: `${name}: ECS CPU and memory (%)`,
                lines: [dashboardLine(cpu, { label: "CPU" }), dashboardLine(memory, { label: "memory" })],
                annotation: { label: "CPU alarm", value: this.cpuPercent },
                yMin: 0,
            },
            { title: `${name}: health check (1 = healthy)`, healthCheck: `${prefix}-health` },
        );
        const endpoint = this.target.endpoint;
        const dashboard: AwsDashboardSection[] = [{ title: `## Service ${name}`, graphs }];
        return { alarms, healthChecks: endpoint === undefined ? [] : [{ key: `${prefix}-health`, label: name, endpoint }], dashboard };
    }
}
