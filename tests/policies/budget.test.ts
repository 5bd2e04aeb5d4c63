import { describe, expect, it } from "vitest";
import { BUDGET_TYPES } from "../../policies/rules/resource-types";
import { UNKNOWN_STRING, validateStack } from "./harness";

const DB = {
    type: "aws:rds/instance:Instance",
    name: "db",
    props: { instanceClass: "db.m6g.large", engine: "postgres", allocatedStorage: 100, storageType: "gp3", multiAz: true },
};
const BUDGET = {
    type: "aws:budgets/budget:Budget",
    name: "budget",
    props: { budgetType: "COST", limitAmount: "3000", limitUnit: "USD", timeUnit: "MONTHLY" },
};

describe("budget-exists", () => {
    const run = (resources: Parameters<typeof validateStack>[1], config = {}) => validateStack("budget-exists", resources, config);
    it("accepts a stack with an AWS budget; keeps a list of budget types for other providers", async () => {
        expect(await run([DB, BUDGET])).toEqual([]);
        expect(BUDGET_TYPES).toContain("aws:budgets/budget:Budget");
    });
    it("rejects a stack without budget, as a stack-level violation", async () => {
        const v = await run([DB]);
        expect(v).toHaveLength(1);
        expect(v[0].urn).toBeUndefined();
        expect(v[0].message).toMatch(/no budget.*aws\.budgets\.Budget/);
        expect(await run([DB], { requireBudget: false })).toEqual([]);
    });
});

describe("budget-exists: other providers", () => {
    const run = (resources: Parameters<typeof validateStack>[1]) => validateStack("budget-exists", resources);
    const vercel = { type: "vercel:index/project:Project", name: "web-project", props: { name: "web" } };
    const upstash = (budget?: number) => ({
        type: "upstash:index/redisDatabase:RedisDatabase",
        name: "cache-database",
        props: { databaseName: "c", ...(budget === undefined ? {} : { budget }) },
    });
    it("accepts a GCP billing budget", async () => {
        expect(
            await run([vercel, { type: "gcp:billing/budget:Budget", name: "budget", props: { billingAccount: "000000-000000-000000" } }]),
        ).toEqual([]);
    });
    it("accepts an Upstash database with an explicit budget cap as budget evidence", async () => {
        expect(await run([upstash(20)])).toEqual([]);
        expect(await run([vercel, upstash(20)])).toEqual([]);
    });
    it("stays honest: a Vercel project alone, or an Upstash database without a cap, is no budget", async () => {
        expect(await run([vercel])).toHaveLength(1);
        expect(await run([vercel, upstash()])).toHaveLength(1);
        expect(await run([upstash(0)])).toHaveLength(1);
        expect(
            (await run([{ type: "pulumi-nodejs:dynamic:Resource", name: "db-project", props: { supabaseResource: "project" } }]))[0]
                .message,
        ).toMatch(/no budget/);
    });
});

describe("budget-monthly-cost", () => {
    const run = (resources: Parameters<typeof validateStack>[1], config = {}) => validateStack("budget-monthly-cost", resources, config);
    it("accepts a stack within the budget (default 3000 USD)", async () => {
        expect(await run([DB, BUDGET])).toEqual([]);
    });
    it("rejects a stack over the budget and lists the top cost items", async () => {
        const v = await run([DB, BUDGET], { monthlyBudgetUsd: 10 });
        expect(v).toHaveLength(1);
        expect(v[0].message).toMatch(
            /Estimated monthly cost \$\d+\.\d\d exceeds the budget of \$10\.00\. Top items: db \(aws:rds\/instance:Instance\) \$/,
        );
    });
    it("counts EBS volumes and SQS queues (finding: both were unpriced, so a stack of them never exceeded any budget)", async () => {
        const volume = {
            type: "aws:ebs/volume:Volume",
            name: "data",
            props: { availabilityZone: "us-east-1a", size: 1000, type: "io2", iops: 20000 },
        };
        const queue = { type: "aws:sqs/queue:Queue", name: "jobs", props: {} };
        const v = await run([volume, queue, BUDGET], { monthlyBudgetUsd: 100 });
        expect(v).toHaveLength(1);
        expect(v[0].message).toMatch(
            /Estimated monthly cost \$\d+\.\d\d exceeds the budget of \$100\.00\. Top items: data \(aws:ebs\/volume:Volume\) \$1[\d,]+\.\d\d: 1,000 GB io2/,
        );
        expect(v[0].message).toMatch(/jobs \(aws:sqs\/queue:Queue\) \$0\.40/);
        expect(v[0].message).not.toMatch(/could not be priced/);
    });
    it("says how many resources it could not price (counted as unknown, not as zero)", async () => {
        // A type the cost model has no price for (Amazon MQ): any provider resource without one counts as unknown.
        const v = await run(
            [DB, BUDGET, { type: "aws:mq/broker:Broker", name: "mq", props: { engineType: "RabbitMQ", hostInstanceType: "mq.m5.large" } }],
            { monthlyBudgetUsd: 10 },
        );
        expect(v[0].message).toMatch(/1 resource\(s\) could not be priced and are not counted/);
    });
    it("prices resources whose props are partly unknown during preview", async () => {
        const v = await run([{ ...DB, props: { ...DB.props, identifier: UNKNOWN_STRING } }], { monthlyBudgetUsd: 10 });
        expect(v[0].message).toMatch(/Top items: db /);
    });
});

describe("budget-monthly-cost: other providers", () => {
    it("counts Supabase projects (dynamic resources, by discriminator) and Vercel in the estimate", async () => {
        const project = {
            type: "pulumi-nodejs:dynamic:Resource",
            name: "db-project",
            props: { supabaseResource: "project", organizationId: "acme", instanceSize: "small" },
        };
        const pitr = {
            type: "pulumi-nodejs:dynamic:Resource",
            name: "db-pitr",
            props: { supabaseResource: "pitr", retentionDays: 7, projectRef: UNKNOWN_STRING },
        };
        const vercel = { type: "vercel:index/project:Project", name: "web-project", props: { teamId: "t" } };
        const v = await validateStack("budget-monthly-cost", [project, pitr, vercel], { monthlyBudgetUsd: 100 });
        expect(v).toHaveLength(1);
        expect(v[0].message).toMatch(/Estimated monthly cost \$150\.\d\d exceeds the budget of \$100\.00\. Top items: db-pitr/);
        expect(await validateStack("budget-monthly-cost", [project, pitr, vercel], { monthlyBudgetUsd: 200 })).toEqual([]);
    });
});
