// Budgets: every stack declares a provider budget (alerts before the bill), and the estimated monthly cost of
// what the stack deploys stays under the environment's budget. The estimate comes from ../cost.

import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { estimateMonthlyCost } from "../cost";
import { BUDGET_TYPES } from "./resource-types";
import { configSchema, isRecord, ofType, readConfig, readString, safe, toPlain } from "./util";

// ---------------------------------------------------------------------------------------------------------
// budget-exists
// ---------------------------------------------------------------------------------------------------------

export const budgetExistsSchema = configSchema<{ requireBudget: boolean }>({
    requireBudget: {
        type: "boolean",
        default: true,
        description:
            "Require at least one budget resource (" +
            BUDGET_TYPES.join(", ") +
            ") in the stack, so spend alerts exist (CoachMeld budgets per service; InteliFeed: automated budget alerts).",
    },
});

export const budgetExists: StackValidationPolicy = {
    name: "budget-exists",
    description: "The stack declares a cloud budget with alerts (aws.budgets.Budget, or another provider's budget type).",
    configSchema: budgetExistsSchema,
    validateStack: (args, report) => {
        if (!readConfig(args, budgetExistsSchema).requireBudget) {
            return;
        }
        if (ofType(args.resources, BUDGET_TYPES).length === 0) {
            report(
                `The stack has no budget, so nobody is warned before the bill exceeds the plan. Fix: add an aws.budgets.Budget ` +
                    `(budgetType "COST", timeUnit "MONTHLY", limitAmount = this environment's monthly budget) with notifications ` +
                    `at 80 % actual and 100 % forecasted. Accepted types: ${BUDGET_TYPES.join(", ")}.`,
            );
        }
    },
};

// ---------------------------------------------------------------------------------------------------------
// budget-monthly-cost
// ---------------------------------------------------------------------------------------------------------

export const monthlyCostSchema = configSchema<{ monthlyBudgetUsd: number; region: string; topItems: number }>({
    monthlyBudgetUsd: {
        type: "number",
        minimum: 0,
        default: 3000,
        description:
            "Monthly budget in USD for this environment's stack. Placeholder figures (dev 300, staging 800, prod 3000): the " +
            "documents only budget SaaS services (CoachMeld: Supabase $25, Gemini $50, CDN $10; TechMate ~$130-400 in total), " +
            "not an AWS deployment.",
    },
    region: {
        type: "string",
        default: "us-east-1",
        description: "Region prices are looked up in, unless a resource's own `region` input (or its provider's region) says otherwise.",
    },
    topItems: {
        type: "integer",
        minimum: 1,
        default: 5,
        description: "How many of the most expensive resources the violation message lists.",
    },
});

/** The repo's convention for unknown (preview) values in plain props, as `pulumi preview --json` shows them. */
const UNKNOWN_MASK = "[unknown]";

function costInput(resource: PolicyResource): { urn: string; type: string; name: string; props: Record<string, unknown> } {
    const plain = toPlain(resource.props, UNKNOWN_MASK);
    const props: Record<string, unknown> = isRecord(plain) ? plain : {};
    // A resource without its own `region` input is created in its provider's region.
    const providerRegion = safe(() => readString(resource.provider?.props, "region"));
    if (props["region"] === undefined && providerRegion !== undefined) {
        props["region"] = providerRegion;
    }
    return { urn: resource.urn, type: resource.type, name: resource.name, props };
}

const money = (n: number): string => `$${n.toFixed(2)}`;

export const budgetMonthlyCost: StackValidationPolicy = {
    name: "budget-monthly-cost",
    description: "The estimated monthly cost of the stack's resources stays within monthlyBudgetUsd.",
    configSchema: monthlyCostSchema,
    validateStack: (args, report) => {
        const config = readConfig(args, monthlyCostSchema);
        const estimate = estimateMonthlyCost(args.resources.map(costInput), { region: config.region });
        if (estimate.monthlyUsd <= config.monthlyBudgetUsd) {
            return;
        }
        const top = [...estimate.items]
            .sort((a, b) => b.monthlyUsd - a.monthlyUsd)
            .slice(0, config.topItems)
            .map((i) => `${i.name} (${i.type}) ${money(i.monthlyUsd)}: ${i.basis}`)
            .join("; ");
        const unpriced = estimate.unpriced.length > 0 ? ` ${estimate.unpriced.length} resource(s) could not be priced and are not counted.` : "";
        report(
            `Estimated monthly cost ${money(estimate.monthlyUsd)} exceeds the budget of ${money(config.monthlyBudgetUsd)}. ` +
                `Top items: ${top}.${unpriced} Fix: right-size the largest items (instance classes, node counts, Multi-AZ outside production) ` +
                `or raise monthlyBudgetUsd in this environment's policy config if the spend is intended.`,
        );
    },
};

export const budgetPolicies = [budgetExists, budgetMonthlyCost];
