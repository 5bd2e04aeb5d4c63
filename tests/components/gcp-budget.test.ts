import { describe, expect, it } from "vitest";
import { type GcpBudgetArgs, GcpBudget } from "../../components/src/budget/gcp";
import { type Plan, plan } from "../support/plan";

const BUDGET = "gcp:billing/budget:Budget";
const ACCOUNT = "012345-6789AB-CDEF01";
const CHANNEL = "projects/acme-prod/notificationChannels/123";
const config = { "gcp:project": "acme-prod" };

async function attempt(args: GcpBudgetArgs): Promise<{ error: unknown; p: Plan }> {
    let error: unknown;
    const p = await plan(
        () => {
            try {
                new GcpBudget("gemini", args);
            } catch (e) {
                error = e;
            }
        },
        { config },
    );
    return { error, p };
}

describe("GcpBudget", () => {
    it("budgets CoachMeld's Gemini API at 50 USD a month on the project, alerting at 80 % (seeds/000)", async () => {
        const p = await plan(() => new GcpBudget("gemini", { billingAccount: ACCOUNT, amountUsd: 50, notificationChannels: [CHANNEL] }), {
            config,
            project: "coachmeld",
        });
        const b = p.inputs(BUDGET);
        expect(b).toMatchObject({
            billingAccount: ACCOUNT,
            displayName: "coachmeld-prod-gemini-budget",
            amount: { specifiedAmount: { currencyCode: "USD", units: "50" } },
        });
        expect(b.budgetFilter).toEqual({
            calendarPeriod: "MONTH",
            projects: ["projects/123456789012"],
            creditTypesTreatment: "INCLUDE_ALL_CREDITS",
        });
        expect(b.thresholdRules).toEqual([
            { thresholdPercent: 0.8, spendBasis: "CURRENT_SPEND" },
            { thresholdPercent: 1, spendBasis: "CURRENT_SPEND" },
            { thresholdPercent: 1, spendBasis: "FORECASTED_SPEND" },
        ]);
        expect(b.allUpdatesRule).toEqual({ monitoringNotificationChannels: [CHANNEL], disableDefaultIamRecipients: false });
        expect(p.one("appstack:budget:GcpBudget").outputs).toMatchObject({
            amountUsd: 50,
            budgetName: expect.stringMatching(/^billingAccounts\/012345-6789AB-CDEF01\/budgets\//),
        });
    });

    it("keeps cents as nanos, filters services, notifies Pub/Sub, and can cover the whole account", async () => {
        const p = await plan(
            () =>
                new GcpBudget("gemini", {
                    billingAccount: ACCOUNT,
                    amountUsd: 12.5,
                    services: ["services/6F81-5844-456A"],
                    pubsubTopic: "projects/acme-prod/topics/budget",
                    allProjects: true,
                    thresholds: [{ percent: 0.5 }, { percent: 1.2, basis: "FORECASTED_SPEND" }],
                }),
            { config },
        );
        const b = p.inputs(BUDGET);
        expect(b.amount.specifiedAmount).toEqual({ currencyCode: "USD", units: "12", nanos: 500000000 });
        expect(b.budgetFilter).toEqual({
            calendarPeriod: "MONTH",
            services: ["services/6F81-5844-456A"],
            creditTypesTreatment: "INCLUDE_ALL_CREDITS",
        });
        expect(b.allUpdatesRule).toEqual({
            pubsubTopic: "projects/acme-prod/topics/budget",
            schemaVersion: "1.0",
            disableDefaultIamRecipients: false,
        });
        expect(b.thresholdRules).toEqual([
            { thresholdPercent: 0.5, spendBasis: "CURRENT_SPEND" },
            { thresholdPercent: 1.2, spendBasis: "FORECASTED_SPEND" },
        ]);
    });

    it("leaves notifications to the billing account's default recipients when no channel is given", async () => {
        const p = await plan(() => new GcpBudget("gemini", { billingAccount: ACCOUNT, amountUsd: 50 }), { config, stack: "dev" });
        expect(p.inputs(BUDGET).allUpdatesRule).toBeUndefined();
        expect(p.inputs(BUDGET).thresholdRules).toHaveLength(3);
    });

    it.each<[string, Partial<GcpBudgetArgs>, RegExp]>([
        ["a zero amount", { amountUsd: 0 }, /amountUsd.*is 0/],
        ["a negative amount", { amountUsd: -1 }, /amountUsd/],
        ["a zero threshold", { thresholds: [{ percent: 0 }] }, /thresholds\[0\]\.percent.*is 0/],
        ["a threshold above 200 %", { thresholds: [{ percent: 80 }] }, /thresholds\[0\]\.percent.*\(0, 2\]/],
        ["no thresholds", { thresholds: [] }, /thresholds.*empty/],
        ["a bad service id", { services: ["Gemini"] }, /services.*Gemini/],
        ["six channels", { notificationChannels: ["a", "b", "c", "d", "e", "f"] }, /notificationChannels.*at most 5/],
        ["no recipient at all", { disableDefaultRecipients: true }, /disableDefaultRecipients/],
    ])("rejects %s before registering any resource", async (_, bad, message) => {
        const { error, p } = await attempt({ billingAccount: ACCOUNT, amountUsd: 50, ...bad });
        expect((error as Error).name).toBe("InvalidArgumentError");
        expect((error as Error).message).toMatch(message);
        expect(p.resources.filter((r) => r.custom)).toEqual([]);
    });
});
