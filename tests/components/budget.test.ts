import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { type AwsBudgetArgs, AwsBudget } from "../../components/src/budget/aws";
import { type Plan, plan } from "../support/plan";

const BUDGET = "aws:budgets/budget:Budget";
const TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:test-prod-mon-alarms";

async function attempt(args: AwsBudgetArgs): Promise<{ error: unknown; p: Plan }> {
    let error: unknown;
    const p = await plan(() => {
        try {
            new AwsBudget("monthly", args);
        } catch (e) {
            error = e;
        }
    });
    return { error, p };
}

describe("AwsBudget", () => {
    it("creates a monthly COST budget with the limit, named per stack", async () => {
        const p = await plan(() => new AwsBudget("monthly", { monthlyLimitUsd: 250, emails: ["finance@example.com"] }), {
            project: "shop",
        });
        const budget = p.inputs(BUDGET);
        expect(budget).toMatchObject({
            budgetType: "COST",
            timeUnit: "MONTHLY",
            limitAmount: "250.00",
            limitUnit: "USD",
            name: "shop-prod-monthly-budget",
        });
        expect(budget.costFilters).toBeUndefined();
        expect(budget.tags).toMatchObject({ environment: "prod", project: "shop" });
        const component = p.one("appstack:budget:AwsBudget");
        expect(p.one(BUDGET).parent).toBe(component.urn);
        expect(component.outputs).toMatchObject({ budgetName: "shop-prod-monthly-budget", limit: 250 });
    });

    it("notifies at 80 % and 100 % actual and 100 % forecasted spend, to emails and the topic", async () => {
        const p = await plan(
            () =>
                new AwsBudget("monthly", {
                    monthlyLimitUsd: 100,
                    emails: ["finance@example.com", "cto@example.com"],
                    topic: { topicArn: pulumi.output(TOPIC_ARN) },
                }),
        );
        const notifications: any[] = p.inputs(BUDGET).notifications;
        expect(notifications.map((n) => [n.notificationType, n.threshold])).toEqual([
            ["ACTUAL", 80],
            ["ACTUAL", 100],
            ["FORECASTED", 100],
        ]);
        for (const n of notifications) {
            expect(n).toMatchObject({ comparisonOperator: "GREATER_THAN", thresholdType: "PERCENTAGE" });
            expect(n.subscriberEmailAddresses).toEqual(["finance@example.com", "cto@example.com"]);
            expect(n.subscriberSnsTopicArns).toEqual([TOPIC_ARN]);
        }
    });

    it("takes its own notification list, a topic alone, and tag and cost filters", async () => {
        const p = await plan(
            () =>
                new AwsBudget("monthly", {
                    monthlyLimitUsd: 49.5,
                    topic: { topicArn: pulumi.output(TOPIC_ARN) },
                    notifications: [{ type: "FORECASTED", thresholdPercent: 120 }],
                    tagFilter: { project: ["shop"] },
                    costFilters: [{ name: "Region", values: ["eu-west-1"] }],
                }),
            { stack: "dev" },
        );
        const budget = p.inputs(BUDGET);
        expect(budget.limitAmount).toBe("49.50");
        expect(budget.notifications).toHaveLength(1);
        expect(budget.notifications[0]).toMatchObject({
            notificationType: "FORECASTED",
            threshold: 120,
            subscriberSnsTopicArns: [TOPIC_ARN],
        });
        expect(budget.notifications[0].subscriberEmailAddresses).toBeUndefined();
        expect(budget.costFilters).toEqual([
            { name: "Region", values: ["eu-west-1"] },
            { name: "TagKeyValue", values: ["user:project$shop"] },
        ]);
    });

    it("applies a transform to the budget", async () => {
        const p = await plan(
            () =>
                new AwsBudget("monthly", {
                    monthlyLimitUsd: 10,
                    emails: ["a@example.com"],
                    transform: { budget: { timeUnit: "QUARTERLY" } },
                }),
        );
        expect(p.inputs(BUDGET).timeUnit).toBe("QUARTERLY");
    });

    it.each<[string, AwsBudgetArgs, RegExp]>([
        ["a zero limit", { monthlyLimitUsd: 0, emails: ["a@example.com"] }, /monthlyLimitUsd.*is 0/],
        ["a negative limit", { monthlyLimitUsd: -5, emails: ["a@example.com"] }, /monthlyLimitUsd/],
        ["no subscriber", { monthlyLimitUsd: 10 }, /emails.*no topic/],
        ["a bad email", { monthlyLimitUsd: 10, emails: ["finance"] }, /emails.*finance/],
        ["no notification", { monthlyLimitUsd: 10, emails: ["a@example.com"], notifications: [] }, /notifications.*empty/],
        [
            "a zero threshold",
            { monthlyLimitUsd: 10, emails: ["a@example.com"], notifications: [{ type: "ACTUAL", thresholdPercent: 0 }] },
            /notifications\[0\]\.thresholdPercent/,
        ],
    ])("rejects %s before registering any resource", async (_, args, message) => {
        const { error, p } = await attempt(args);
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).name).toBe("InvalidArgumentError");
        expect((error as Error).message).toMatch(message);
        expect(p.resources.filter((r) => r.custom)).toEqual([]);
    });
});
