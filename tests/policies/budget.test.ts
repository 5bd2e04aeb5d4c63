import { describe, expect, it } from "vitest";
import { BUDGET_TYPES } from "../../policies/rules/resource-types";
import { UNKNOWN_STRING, validateStack } from "./harness";

const DB = { type: "aws:rds/instance:Instance", name: "db", props: { instanceClass: "db.m6g.large", engine: "postgres", allocatedStorage: 100, storageType: "gp3", multiAz: true } };
const BUDGET = { type: "aws:budgets/budget:Budget", name: "budget", props: { budgetType: "COST", limitAmount: "3000", limitUnit: "USD", timeUnit: "MONTHLY" } };

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

describe("budget-monthly-cost", () => {
    const run = (resources: Parameters<typeof validateStack>[1], config = {}) => validateStack("budget-monthly-cost", resources, config);
    it("accepts a stack within the budget (default 3000 USD)", async () => {
        expect(await run([DB, BUDGET])).toEqual([]);
    });
    it("rejects a stack over the budget and lists the top cost items", async () => {
        const v = await run([DB, BUDGET], { monthlyBudgetUsd: 10 });
        expect(v).toHaveLength(1);
        expect(v[0].message).toMatch(/Estimated monthly cost \$\d+\.\d\d exceeds the budget of \$10\.00\. Top items: db \(aws:rds\/instance:Instance\) \$/);
    });
    it("prices resources whose props are partly unknown during preview", async () => {
        const v = await run([{ ...DB, props: { ...DB.props, identifier: UNKNOWN_STRING } }], { monthlyBudgetUsd: 10 });
        expect(v[0].message).toMatch(/Top items: db /);
    });
});
