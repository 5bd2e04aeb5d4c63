import type * as pulumi from "@pulumi/pulumi";
import { HEALTH_CHECK_METRICS_REGION } from "./aws-alarms";
import { type AwsDashboardSection, type AwsGraph, type AwsHealthGraph, type ResolvedSlo, round } from "./signals";

export interface DashboardInputs {
    region: string;
    slo: ResolvedSlo;
    /** Sections of every watched component, in `monitor` order. */
    sections: AwsDashboardSection[];
    /** ARNs of the alarms in the dashboard's region (an alarm widget shows only those). */
    regionalAlarms: pulumi.Output<string>[];
    /** Route 53 health check ids by key. */
    healthChecks: Record<string, pulumi.Output<string>>;
    /** Keys of the health checks of the `healthChecks` arg, drawn in their own section. */
    extraHealthChecks: string[];
}

function isHealthGraph(graph: AwsGraph | AwsHealthGraph): graph is AwsHealthGraph {
    return "healthCheck" in graph;
}

/**
 * Widgets of the CloudWatch dashboard (body format: "Dashboard Body Structure and Syntax", docs.aws.amazon.com, read
 * 2026-12-06): the alarm status first, then each component's section with its graphs two per row, then the extra
 * health checks.
 */
export function dashboardWidgets(d: DashboardInputs): Record<string, unknown>[] {
    const widgets: Record<string, unknown>[] = [];
    let y = 0;
    let x = 0;
    const header = (markdown: string) => {
        if (x !== 0) y += 6;
        x = 0;
        widgets.push({ type: "text", x: 0, y, width: 24, height: 1, properties: { markdown } });
        y += 1;
    };
    const metric = (g: AwsGraph) => {
        widgets.push({
            type: "metric",
            x,
            y,
            width: 12,
            height: 6,
            properties: {
                title: g.title,
                region: g.region ?? d.region,
                view: "timeSeries",
                stacked: false,
                period: 60,
                stat: g.stat ?? "Average",
                metrics: g.lines,
                ...(g.annotation ? { annotations: { horizontal: [g.annotation] } } : {}),
                ...(g.yMin !== undefined ? { yAxis: { left: { min: g.yMin } } } : {}),
            },
        });
        if (x === 0) x = 12;
        else {
            x = 0;
            y += 6;
        }
    };
    const health = (title: string, id: pulumi.Output<string>) =>
        metric({
            title,
            lines: [["AWS/Route53", "HealthCheckStatus", "HealthCheckId", id, { stat: "Minimum" }]],
            region: HEALTH_CHECK_METRICS_REGION,
            stat: "Minimum",
            yMin: 0,
        });

    if (d.regionalAlarms.length > 0) {
        const p = `p${round(d.slo.latencyFraction * 100)}`;
        header(
            `# Alarms\n${round(d.slo.availability * 100)} % availability (error budget ${round(d.slo.errorBudget * 100)} %), ${p} < ${d.slo.latencyMs} ms`,
        );
        widgets.push({
            type: "alarm",
            x: 0,
            y,
            width: 24,
            height: 4,
            properties: { title: "Alarm status", alarms: d.regionalAlarms, sortBy: "stateUpdatedTimestamp" },
        });
        y += 4;
    }
    for (const section of d.sections) {
        header(section.title);
        for (const graph of section.graphs) {
            if (!isHealthGraph(graph)) metric(graph);
            else {
                const id = d.healthChecks[graph.healthCheck];
                if (id !== undefined) health(graph.title, id);
            }
        }
    }
    if (d.extraHealthChecks.length > 0) {
        header("## Health checks");
        for (const key of d.extraHealthChecks) {
            const id = d.healthChecks[key];
            if (id !== undefined) health(`${key.replace(/^health-/, "")} (1 = healthy)`, id);
        }
    }
    return widgets;
}
