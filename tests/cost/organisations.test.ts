// Organisation-wide plans counted once: stacks listed together in the usage file's shared_plans each book 1/n.
import { describe, expect, it } from "vitest";
import { estimateMonthlyCost, type PricedResource } from "@appstack/cost";
import { formatTable } from "../../tools/plan/all";
import { parseUsageDocument } from "@appstack/cost/usage-file";
import { validateStack } from "../policies/harness";

function res(type: string, name: string, props: Record<string, unknown>, stack = "prod"): PricedResource {
    return { urn: `urn:pulumi:${stack}::coachmeld::${type}::${name}`, type, name, props };
}
const SENTRY = "sentry:index/sentryProject:SentryProject";
const shared = {
    shared_plans: {
        "sentry:coachmeld": ["dev", "staging", "prod"],
        "supabase:coachmeld": ["dev", "prod"],
        "vercel:team_1": ["other/prod", "prod"],
    },
};

function optionsFor(stack: string) {
    const doc = parseUsageDocument({ version: 0.1, ...shared }, "appstack-usage.yml", { project: "coachmeld", stack });
    return { region: "us-east-1", sharedPlans: doc.sharedPlans };
}

describe("shared organisation plans", () => {
    it("books 1/3 of a Sentry Team plan shared by three stacks on each, which adds up to the plan once", () => {
        const totals = ["dev", "staging", "prod"].map((stack) =>
            estimateMonthlyCost([res(SENTRY, "sentry-app", { organization: "coachmeld" }, stack)], optionsFor(stack)),
        );
        for (const t of totals)
            expect(t.items[0]?.basis).toContain("Team plan $26 × 1/3 (shared by coachmeld/dev, coachmeld/staging, coachmeld/prod)");
        expect(totals.reduce((sum, t) => sum + t.monthlyUsd, 0)).toBeCloseTo(26, 1);
    });

    it("splits the Supabase plan and its compute credits, and Vercel seats across projects", () => {
        const project = res("pulumi-nodejs:dynamic:Resource", "supabase-project", {
            supabaseResource: "project",
            organizationId: "coachmeld",
            instanceSize: "small",
        });
        const alone = estimateMonthlyCost([project], { region: "us-east-1" }).items[0]?.monthlyUsd ?? NaN;
        const half = estimateMonthlyCost([project], optionsFor("prod")).items[0]?.monthlyUsd ?? NaN;
        // Pro $25 and $10 of credits are split in two: the stack books $12.50 − $5 instead of $25 − $10.
        expect(alone - half).toBeCloseTo(12.5 - 5, 2);
        const web = res("vercel:index/project:Project", "web-project", { teamId: "team_1" });
        expect(estimateMonthlyCost([web], optionsFor("prod")).monthlyUsd).toBeCloseTo(10, 2);
    });

    it("does not split a plan for a stack the list does not name", () => {
        const e = estimateMonthlyCost([res(SENTRY, "sentry-app", { organization: "coachmeld" }, "qa")], optionsFor("qa"));
        expect(e.monthlyUsd).toBe(26);
    });

    it("gives the pack's budget rule the same figures when its config carries the usage document", async () => {
        const resources = [{ type: SENTRY, name: "sentry-app", props: { organization: "coachmeld" } }];
        const [shared3] = await validateStack("budget-monthly-cost", resources, {
            monthlyBudgetUsd: 5,
            usage: { version: 0.1, ...shared },
            stack: "coachmeld/prod",
        });
        expect(shared3?.message).toContain("Estimated monthly cost $8.67 exceeds the budget of $5.00");
        const [whole] = await validateStack("budget-monthly-cost", resources, { monthlyBudgetUsd: 5 });
        expect(whole?.message).toContain("Estimated monthly cost $26.00 exceeds");
        const [bad] = await validateStack("budget-monthly-cost", resources, {
            usage: { resource_usage: { nothing: { hoursPerMonth: 1 } } },
            stack: "coachmeld/prod",
        });
        expect(bad?.message).toContain(
            "usage file policy config usage: resource_usage.nothing: no resource of the plan has this name or URN",
        );
    });
});

describe("plan --all: the combined table", () => {
    it("ends with the total of every stack, which counts each shared plan once, and names the shared plans", () => {
        const base = { exitCode: 0, resources: 3, mandatory: 0, advisory: 0, budgetUsd: 100, seconds: 1, profile: "prod" };
        const stacks = ["coachmeld/dev", "coachmeld/staging", "coachmeld/prod"];
        const table = formatTable(
            ["dev", "staging", "prod"].map((stack) => ({
                ...base,
                project: "examples/coachmeld",
                stack,
                monthlyUsd: 26 / 3,
                sharedPlans: { "sentry:coachmeld": stacks },
            })),
        );
        const lines = table.split("\n");
        expect(lines.at(-2)).toMatch(/^total\s+\$26\s*$/);
        expect(lines.at(-1)).toBe("shared plans, counted once in the total (each stack books its share): sentry:coachmeld (3 stacks)");
    });
});
