import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../components/src/core";
import { AwsMonitoring } from "../../components/src/monitoring/aws";
import { AwsPostgres } from "../../components/src/postgres/aws";
import { plan, planRejected, standInNetwork } from "../support/plan";

/**
 * AIOS "Database Queries: < 50ms average" as an alarm from the engine's own figures. RDS for PostgreSQL publishes no
 * query-latency metric (ReadLatency/WriteLatency are disk latency; SelectLatency/DMLLatency/CommitLatency are Aurora's),
 * so the alarm is Little's law over Performance Insights: 1000 × DBLoad / (xact_commit + xact_rollback per second), with
 * the counters read by DB_PERF_INSIGHTS ("Amazon CloudWatch metrics for Amazon RDS Performance Insights" and "Creating
 * CloudWatch alarms to monitor Amazon RDS": "You can set CloudWatch alarms on these metrics", docs.aws.amazon.com, read
 * 2026-12-06).
 */
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const NOTIFY = { emails: ["ops@example.com"] };

describe("AwsPostgres query-latency alarm", () => {
    it("alarms above 50 ms average from DBLoad and the transaction counters of the primary's Performance Insights", async () => {
        const p = await plan(
            () => {
                const db = new AwsPostgres("db", { network: standInNetwork() });
                new AwsMonitoring("mon", { notify: NOTIFY, monitor: [db.monitoring({ queryLatencyMs: 50 })], dashboard: false });
            },
            { stack: "prod" },
        );
        const alarm = p.ofType(ALARM).find((a) => a.name === "mon-db-db-query-latency");
        expect(
            alarm,
            p
                .ofType(ALARM)
                .map((a) => a.name)
                .join(", "),
        ).toBeDefined();
        const inputs = alarm?.inputs as Record<string, any>;
        expect(inputs).toMatchObject({ comparisonOperator: "GreaterThanThreshold", threshold: 50, treatMissingData: "notBreaching" });
        const queries = inputs["metricQueries"] as Record<string, any>[];
        const byId = Object.fromEntries(queries.map((q) => [q.id, q]));
        const primary = p.one("aws:rds/instance:Instance", "db-primary");
        expect(byId["load"].metric).toMatchObject({
            namespace: "AWS/RDS",
            metricName: "DBLoad",
            stat: "Average",
            dimensions: { DBInstanceIdentifier: (primary.inputs as Record<string, unknown>)["identifier"] },
        });
        const resourceId = (primary.outputs as Record<string, any>)["resourceId"];
        expect(byId["commits"]).toMatchObject({
            returnData: false,
            expression: `DB_PERF_INSIGHTS('RDS', '${resourceId}', 'db.Transactions.xact_commit.avg')`,
        });
        expect(byId["rollbacks"].expression).toBe(`DB_PERF_INSIGHTS('RDS', '${resourceId}', 'db.Transactions.xact_rollback.avg')`);
        // The Performance Insights queries carry the alarm's period; the result is milliseconds per transaction.
        expect(byId["commits"].period).toBe(byId["load"].metric.period);
        expect(byId["latency"]).toMatchObject({
            returnData: true,
            expression: "IF((commits + rollbacks) > 0, 1000 * load / (commits + rollbacks), 0)",
        });
        // Not disk latency.
        expect(queries.some((q) => ["ReadLatency", "WriteLatency"].includes(q.metric?.metricName))).toBe(false);
    });

    it("is not there unless asked for", async () => {
        const p = await plan(
            () => {
                const db = new AwsPostgres("db", { network: standInNetwork() });
                new AwsMonitoring("mon", { notify: NOTIFY, monitor: [db], dashboard: false });
            },
            { stack: "prod" },
        );
        expect(p.ofType(ALARM).map((a) => a.name)).not.toContain("mon-db-db-query-latency");
    });

    it("refuses a latency alarm without Performance Insights, before any alarm", async () => {
        const { error, plan: p } = await planRejected(
            () => {
                const db = new AwsPostgres("db", { network: standInNetwork(), performanceInsightsEnabled: false });
                db.monitoring({ queryLatencyMs: 50 });
            },
            { stack: "prod" },
        );
        expect(error).toBeInstanceOf(InvalidArgumentError);
        expect(String(error)).toContain("queryLatencyMs");
        expect(p.ofType(ALARM)).toHaveLength(0);
    });
});
