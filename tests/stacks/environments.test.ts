import { beforeAll, describe, expect, it } from "vitest";
import { type PlanJson, planJson } from "../support/cli";

/**
 * The root platform per environment, planned end to end through `npm run plan` (the same program `pulumi up`
 * runs): what dev, staging and prod each create, and where they differ (the AIOS document's table).
 */
const plans: Record<"dev" | "staging" | "prod", PlanJson> = {} as never;

beforeAll(async () => {
    const [dev, staging, prod] = await Promise.all(["dev", "staging", "prod"].map((stack) => planJson(["--stack", stack])));
    Object.assign(plans, { dev, staging, prod });
}, 120_000);

const ofType = (p: PlanJson, type: string) => p.resources.filter((r) => r.type === type);
const one = (p: PlanJson, type: string, name: string) => {
    const found = p.resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} ${name}, found ${found.length}`);
    return found[0];
};
const RDS = "aws:rds/instance:Instance";
const STATEFUL = [
    "aws:rds/instance:Instance",
    "aws:s3/bucket:Bucket",
    "aws:elasticache/replicationGroup:ReplicationGroup",
    "aws:kms/key:Key",
];

describe("root stack prod", () => {
    it("creates every part of the reference platform", () => {
        const p = plans.prod;
        for (const type of [
            "aws:ec2/vpc:Vpc",
            "aws:s3/bucket:Bucket",
            "aws:cloudfront/distribution:Distribution",
            "aws:lb/loadBalancer:LoadBalancer",
            "aws:elasticache/replicationGroup:ReplicationGroup",
            "aws:wafv2/webAcl:WebAcl",
            "aws:cloudwatch/metricAlarm:MetricAlarm",
            "aws:budgets/budget:Budget",
        ]) {
            expect(ofType(p, type).length, type).toBeGreaterThan(0);
        }
        expect(
            ofType(p, "aws:ecs/service:Service")
                .map((r) => r.name)
                .sort(),
        ).toEqual(["api-service", "worker-service"]);
        expect(ofType(p, RDS)).toHaveLength(2);
    });

    it("runs Postgres Multi-AZ with a read replica, 30-day PITR and backups copied to a second region", () => {
        const p = plans.prod;
        const primary = one(p, RDS, "db-primary");
        expect(primary.inputs).toMatchObject({
            multiAz: true,
            backupRetentionPeriod: 30,
            storageEncrypted: true,
            publiclyAccessible: false,
            deletionProtection: true,
            skipFinalSnapshot: false,
        });
        const replica = ofType(p, RDS).find((r) => r !== primary)!;
        expect(replica.inputs.replicateSourceDb).toBe(primary.inputs.identifier);
        const copy = ofType(p, "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication");
        expect(copy).toHaveLength(1);
        expect(copy[0].inputs).toMatchObject({ region: "us-west-2", retentionPeriod: 30 });
    });

    it("enforces 100 requests per minute per IP at the WAF, blocking", () => {
        for (const acl of ofType(plans.prod, "aws:wafv2/webAcl:WebAcl")) {
            const rate = acl.inputs.rules.find((r: any) => r.statement?.rateBasedStatement);
            expect(rate.statement.rateBasedStatement).toMatchObject({ limit: 100, evaluationWindowSec: 60, aggregateKeyType: "IP" });
            expect(rate.action).toEqual({ block: {} });
        }
        expect(
            ofType(plans.prod, "aws:wafv2/webAcl:WebAcl")
                .map((r) => r.inputs.scope)
                .sort(),
        ).toEqual(["CLOUDFRONT", "REGIONAL"]);
    });

    it("scales the API from 2 to 50 tasks behind a TLS 1.3 HTTPS listener", () => {
        const target = ofType(plans.prod, "aws:appautoscaling/target:Target").find((t) => t.name.startsWith("api-"))!;
        expect(target.inputs).toMatchObject({ minCapacity: 2, maxCapacity: 50 });
        const https = ofType(plans.prod, "aws:lb/listener:Listener").find((l) => l.inputs.protocol === "HTTPS")!;
        expect(https.inputs.sslPolicy).toMatch(/^ELBSecurityPolicy-TLS13-/);
        const http = ofType(plans.prod, "aws:lb/listener:Listener").find((l) => l.inputs.protocol === "HTTP")!;
        expect(http.inputs.defaultActions[0]).toMatchObject({ type: "redirect", redirect: { protocol: "HTTPS", statusCode: "HTTP_301" } });
    });

    it("writes the API load balancer's access logs to a private log bucket (not in dev)", () => {
        const alb = one(plans.prod, "aws:lb/loadBalancer:LoadBalancer", "api-alb");
        expect(alb.inputs.accessLogs).toMatchObject({
            enabled: true,
            prefix: "api",
            bucket: one(plans.prod, "aws:s3/bucket:Bucket", "api-access-logs-bucket").inputs.bucket,
        });
        expect(one(plans.dev, "aws:lb/loadBalancer:LoadBalancer", "api-alb").inputs.accessLogs).toBeUndefined();
    });

    it("alarms on the 99.9 % availability SLO and p95 latency of 500 ms", () => {
        const alarms = ofType(plans.prod, "aws:cloudwatch/metricAlarm:MetricAlarm");
        const availability = alarms.find((a) => a.name.includes("availability"))!;
        expect(availability.inputs.threshold).toBeCloseTo(0.001, 6);
        const latency = alarms.find((a) => a.name.includes("latency"))!;
        expect(latency.inputs).toMatchObject({ extendedStatistic: "p95", threshold: 0.5 });
    });

    it("protects and retains every stateful resource", () => {
        for (const r of plans.prod.resources.filter((x) => STATEFUL.includes(x.type))) {
            expect([r.name, r.protect, r.retainOnDelete]).toEqual([r.name, true, true]);
        }
    });

    it("passes the policy gate with zero mandatory violations, within its monthly budget", () => {
        expect(plans.prod.violations.filter((v) => v.level === "mandatory")).toEqual([]);
        expect(plans.prod.cost.budgetUsd).toBe(3000);
        expect(plans.prod.cost.monthlyUsd).toBeGreaterThan(0);
        expect(plans.prod.cost.monthlyUsd).toBeLessThanOrEqual(3000);
    });
});

describe("what dev, staging and prod differ in", () => {
    it("dev has no replica, single-AZ data, 1-day backups and a counting WAF; nothing protected", () => {
        const p = plans.dev;
        expect(ofType(p, RDS)).toHaveLength(1);
        expect(one(p, RDS, "db-primary").inputs).toMatchObject({ multiAz: false, backupRetentionPeriod: 1, deletionProtection: false });
        expect(ofType(p, "aws:ec2/natGateway:NatGateway")).toHaveLength(1);
        expect(ofType(p, "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication")).toHaveLength(0);
        const rate = ofType(p, "aws:wafv2/webAcl:WebAcl")[0].inputs.rules.find((r: any) => r.statement?.rateBasedStatement);
        expect(rate.action).toEqual({ count: {} });
        expect(p.resources.filter((r) => r.protect || r.retainOnDelete)).toEqual([]);
        expect(one(p, "aws:elasticache/replicationGroup:ReplicationGroup", "cache-group").inputs.numCacheClusters).toBe(1);
    });

    it("staging keeps daily backups for 7 days, a relaxed 500/min rate limit and failover cache, without replica", () => {
        const p = plans.staging;
        expect(ofType(p, RDS)).toHaveLength(1);
        expect(one(p, RDS, "db-primary").inputs).toMatchObject({ backupRetentionPeriod: 7, deletionProtection: true });
        const rate = ofType(p, "aws:wafv2/webAcl:WebAcl")[0].inputs.rules.find((r: any) => r.statement?.rateBasedStatement);
        expect(rate.statement.rateBasedStatement.limit).toBe(500);
        expect(rate.action).toEqual({ block: {} });
        expect(one(p, "aws:elasticache/replicationGroup:ReplicationGroup", "cache-group").inputs).toMatchObject({
            automaticFailoverEnabled: true,
            numCacheClusters: 2,
        });
    });

    it("prod has more AZs and NAT gateways, more API capacity and flow logs", () => {
        expect(ofType(plans.prod, "aws:ec2/natGateway:NatGateway")).toHaveLength(3);
        expect(ofType(plans.staging, "aws:ec2/natGateway:NatGateway")).toHaveLength(1);
        expect(ofType(plans.prod, "aws:ec2/flowLog:FlowLog")).toHaveLength(1);
        expect(ofType(plans.dev, "aws:ec2/flowLog:FlowLog")).toHaveLength(0);
        const apiMax = (p: PlanJson) =>
            ofType(p, "aws:appautoscaling/target:Target").find((t) => t.name.startsWith("api-"))!.inputs.maxCapacity;
        expect([apiMax(plans.dev), apiMax(plans.staging), apiMax(plans.prod)]).toEqual([2, 4, 50]);
    });

    it("every environment passes its own policy config and stays within its budget", () => {
        for (const [stack, budget] of [
            ["dev", 400],
            ["staging", 1000],
            ["prod", 3000],
        ] as const) {
            expect(
                plans[stack].violations.filter((v) => v.level === "mandatory"),
                stack,
            ).toEqual([]);
            expect(plans[stack].cost.budgetUsd, stack).toBe(budget);
            expect(plans[stack].cost.monthlyUsd, stack).toBeLessThanOrEqual(budget);
        }
    });

    it("keeps secrets out of plain inputs: the Redis AUTH token is a secret input", () => {
        const group = one(plans.prod, "aws:elasticache/replicationGroup:ReplicationGroup", "cache-group");
        expect(group.secretInputs).toContain("authToken");
        expect(group.inputs.authToken).toBe("[secret]");
    });
});

describe("the profile each stack took", () => {
    it("is an input of every component, the stack's own environment", () => {
        for (const stack of ["dev", "staging", "prod"] as const) {
            const components = plans[stack].resources.filter((r) => !r.custom && r.type.startsWith("appstack:"));
            expect(components.length, stack).toBeGreaterThan(5);
            expect(new Set(components.map((r) => r.inputs.environment)), stack).toEqual(new Set([stack]));
        }
    });
});
