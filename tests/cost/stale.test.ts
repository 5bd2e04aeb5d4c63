import { describe, expect, it } from "vitest";
import { PRICE_TABLE } from "@appstack/cost";
import { priceDate, STALE_PRICE_DAYS, stalePrices } from "@appstack/cost/stale";
import { formatCost, type PlanCost } from "../../tools/plan/cost";

describe("stale prices", () => {
    it("reports nothing while the table is younger than STALE_PRICE_DAYS, everything dated by the table once it is older", () => {
        const asOf = priceDate(PRICE_TABLE.asOf);
        expect(asOf).toBeDefined();
        const day = 86_400_000;
        const young = new Date((asOf?.getTime() ?? 0) + (STALE_PRICE_DAYS - 1) * day);
        const old = new Date((asOf?.getTime() ?? 0) + (STALE_PRICE_DAYS + 1) * day);
        expect(stalePrices(young).filter((s) => s.asOf === PRICE_TABLE.asOf)).toEqual([]);
        const stale = stalePrices(old);
        expect(stale.length).toBeGreaterThan(10);
        expect(stale.every((s) => s.ageDays > STALE_PRICE_DAYS && s.source.length > 0)).toBe(true);
        expect(stale.map((s) => s.id)).toContain("saas.other.sentry.team");
    });

    it("says so in the cost table's text", () => {
        const cost: PlanCost = {
            monthlyUsd: 0,
            items: [],
            unpriced: [],
            freeTiers: [],
            budgetUsd: null,
            budgetSource: null,
            assumptions: [],
            usageFile: null,
            sharedPlans: {},
            stalePrices: [{ id: "saas.other.sentry.team", asOf: "2026-01", ageDays: 200, source: "https://sentry.io/pricing/" }],
        };
        expect(formatCost(cost, [])).toContain(
            `STALE prices (older than ${STALE_PRICE_DAYS} days, re-check their pages): 1: saas.other.sentry.team (2026-01, 200 days)`,
        );
        expect(formatCost({ ...cost, stalePrices: [] }, [])).toContain(`prices: none older than ${STALE_PRICE_DAYS} days`);
    });
});
