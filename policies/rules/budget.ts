// Budgets: every stack declares a provider budget (alerts before the bill), and the estimated monthly cost of
// what the stack deploys stays under the environment's budget. The estimate comes from the cost
// model, @appstack/cost (cost/src).

import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { type CostOptions, estimateMonthlyCost, type PricedResource } from "@appstack/cost";
import { UNKNOWN_PLACEHOLDER } from "@appstack/cost/props";
import { parseUsageDocument, UsageFileError } from "@appstack/cost/usage-file";
import { BUDGET_CAP_TYPES, BUDGET_TYPES, UPSTASH } from "./resource-types";
import { configSchema, isRecord, ofType, readConfig, readNumber, readString, safe, toPlain } from "./util";

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
            ") in the stack, so spend alerts exist (CoachMeld budgets per service; InteliFeed: automated budget alerts). A service's own " +
            "spending cap also counts: an Upstash Redis database with a `budget` input (" +
            BUDGET_CAP_TYPES.join(", ") +
            "). Nothing else does: a stack of only Vercel, Cloudflare or Supabase resources has no budget.",
    },
});

/** Resources with an explicit, positive spending cap (`budget` input); the provider's default cap is not a decision. */
export function budgetCaps(resources: readonly PolicyResource[]): PolicyResource[] {
    return ofType(resources, BUDGET_CAP_TYPES).filter((r) => (safe(() => readNumber(r.props, "budget")) ?? 0) > 0);
}

export const budgetExists: StackValidationPolicy = {
    name: "budget-exists",
    description:
        "The stack declares a cloud budget with alerts (aws.budgets.Budget, gcp.billing.Budget), or a service spending cap (an Upstash database's budget).",
    configSchema: budgetExistsSchema,
    validateStack: (args, report) => {
        if (!readConfig(args, budgetExistsSchema).requireBudget) {
            return;
        }
        if (ofType(args.resources, BUDGET_TYPES).length === 0 && budgetCaps(args.resources).length === 0) {
            report(
                `The stack has no budget, so nobody is warned before the bill exceeds the plan. Fix: add an aws.budgets.Budget ` +
                    `(budgetType "COST", timeUnit "MONTHLY", limitAmount = this environment's monthly budget) with notifications ` +
                    `at 80 % actual and 100 % forecasted (or a gcp.billing.Budget). Accepted types: ${BUDGET_TYPES.join(", ")}; spending caps: ` +
                    `${BUDGET_CAP_TYPES.join(", ")} with a budget input.`,
            );
        }
    },
};

// ---------------------------------------------------------------------------------------------------------
// budget-monthly-cost
// ---------------------------------------------------------------------------------------------------------

/**
 * The usage document (the usage file's content as JSON: `resource_usage`, `resource_type_default_usage`,
 * `shared_plans`; cost/src/usage-file.ts) and the `project/stack` its shared plans are resolved for. The plan
 * passes its usage file here, so the gate prices with the same assumptions and shares as the plan's table.
 */
const usageProperties = {
    usage: {
        type: "object",
        default: {},
        description:
            "Usage assumptions and shared plans, in the usage file's shape (version, resource_usage, resource_type_default_usage, shared_plans; " +
            "see cost/src/usage-file.ts). Empty: the defaults of cost/src/usage.ts, nothing shared.",
    },
    stack: {
        type: "string",
        default: "",
        description: "This stack as project/stack, for usage.shared_plans (a plan is split only between the stacks listed with this one).",
    },
} as const;

/** Cost options from a budget rule's config: an invalid usage document is reported, not thrown. */
function costOptions(
    config: { region: string; usage: unknown; stack: string },
    resources: readonly PolicyResource[],
    report: (message: string) => void,
): CostOptions | undefined {
    const [project, stack] = config.stack.includes("/") ? config.stack.split("/", 2) : [undefined, undefined];
    try {
        const doc = parseUsageDocument(config.usage, "policy config usage", { resources, project, stack });
        return { region: config.region, usage: doc.usage, sharedPlans: doc.sharedPlans };
    } catch (err) {
        if (!(err instanceof UsageFileError)) throw err;
        report(`${err.message}. Fix: correct the usage document in this policy's config (the same shape as the usage file).`);
        return undefined;
    }
}

export const monthlyCostSchema = configSchema<{
    monthlyBudgetUsd: number;
    region: string;
    topItems: number;
    usage: Record<string, unknown>;
    stack: string;
}>({
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
    ...usageProperties,
});

function dependencyUrns(resource: PolicyResource): Record<string, string[]> {
    return Object.fromEntries(Object.entries(resource.propertyDependencies ?? {}).map(([input, deps]) => [input, deps.map((d) => d.urn)]));
}

function costInput(resource: PolicyResource): PricedResource {
    const plain = toPlain(resource.props, UNKNOWN_PLACEHOLDER);
    const props: Record<string, unknown> = isRecord(plain) ? plain : {};
    // A resource without its own `region` input is created in its provider's region.
    const providerRegion = safe(() => readString(resource.provider?.props, "region"));
    if (props["region"] === undefined && providerRegion !== undefined) {
        props["region"] = providerRegion;
    }
    // The engine's property dependencies link resources by reference where an input is unknown (e.g. an ECS service's taskDefinition).
    return { urn: resource.urn, type: resource.type, name: resource.name, props, propertyDependencies: dependencyUrns(resource) };
}

const money = (n: number): string => `$${n.toFixed(2)}`;

export const budgetMonthlyCost: StackValidationPolicy = {
    name: "budget-monthly-cost",
    description: "The estimated monthly cost of the stack's resources stays within monthlyBudgetUsd.",
    configSchema: monthlyCostSchema,
    validateStack: (args, report) => {
        const config = readConfig(args, monthlyCostSchema);
        const options = costOptions(config, args.resources, report);
        if (options === undefined) {
            return;
        }
        const estimate = estimateMonthlyCost(args.resources.map(costInput), options);
        if (estimate.monthlyUsd <= config.monthlyBudgetUsd) {
            return;
        }
        const top = [...estimate.items]
            .sort((a, b) => b.monthlyUsd - a.monthlyUsd)
            .slice(0, config.topItems)
            .map((i) => `${i.name} (${i.type}) ${money(i.monthlyUsd)}: ${i.basis}`)
            .join("; ");
        const unpriced =
            estimate.unpriced.length > 0
                ? ` ${estimate.unpriced.length} resource(s) could not be priced and are not counted: the estimate is a lower bound.`
                : "";
        report(
            `Estimated monthly cost ${money(estimate.monthlyUsd)} exceeds the budget of ${money(config.monthlyBudgetUsd)}. ` +
                `Top items: ${top}.${unpriced} Fix: right-size the largest items (instance classes, node counts, Multi-AZ outside production) ` +
                `or raise monthlyBudgetUsd in this environment's policy config if the spend is intended.`,
        );
    },
};

// ---------------------------------------------------------------------------------------------------------
// budget-unpriced-resources: unknown is not compliant
// ---------------------------------------------------------------------------------------------------------

export const unpricedSchema = configSchema<{ region: string; listItems: number; usage: Record<string, unknown>; stack: string }>({
    region: {
        type: "string",
        default: "us-east-1",
        description: "Region prices are looked up in (as budget-monthly-cost).",
    },
    listItems: {
        type: "integer",
        minimum: 1,
        default: 10,
        description: "How many unpriced resources the message names.",
    },
    ...usageProperties,
});

export const budgetUnpricedResources: StackValidationPolicy = {
    name: "budget-unpriced-resources",
    description:
        "When the cost model cannot price some billable resources, the estimate is only a lower bound: this policy says so instead of letting " +
        "budget-monthly-cost's silence read as 'within budget'. ADVISORY by default (make it mandatory to require a full estimate).",
    enforcementLevel: "advisory",
    configSchema: unpricedSchema,
    validateStack: (args, report) => {
        const config = readConfig(args, unpricedSchema);
        const options = costOptions(config, args.resources, report);
        if (options === undefined) {
            return;
        }
        const estimate = estimateMonthlyCost(args.resources.map(costInput), options);
        if (estimate.unpriced.length === 0) {
            return;
        }
        const names = estimate.unpriced
            .slice(0, config.listItems)
            .map((u) => `${u.name} (${u.type})`)
            .join(", ");
        const more = estimate.unpriced.length > config.listItems ? ` and ${estimate.unpriced.length - config.listItems} more` : "";
        report(
            `The estimated monthly cost ${money(estimate.monthlyUsd)} is a lower bound: ${estimate.unpriced.length} billable resource(s) ` +
                `could not be priced and are not counted: ${names}${more}. Whether the stack stays within its budget (budget-monthly-cost) ` +
                `is unknown until they are. Fix: add their prices to cost/src, or check them by hand.`,
        );
    },
};

// ---------------------------------------------------------------------------------------------------------
// budget-upstash-cap
// ---------------------------------------------------------------------------------------------------------

export const upstashCapSchema = configSchema<{ requireBudgetCap: boolean; maxBudgetUsd: number }>({
    requireBudgetCap: {
        type: "boolean",
        default: true,
        description:
            "Require an explicit monthly `budget` (USD) on every Upstash Redis database: pay-as-you-go bills per command, and Upstash " +
            "throttles the database at its budget. Unset, the provider applies its own default ($20), which nobody decided.",
    },
    maxBudgetUsd: {
        type: "number",
        minimum: 0,
        default: 0,
        description: "Highest accepted budget per database in USD; 0 means no upper bound.",
    },
});

export const budgetUpstashCap: ResourceValidationPolicy = {
    name: "budget-upstash-cap",
    description: "Upstash Redis databases set an explicit monthly budget cap (within maxBudgetUsd when set).",
    configSchema: upstashCapSchema,
    validateResource: (args, report) => {
        if (args.type !== UPSTASH.redisDatabase) {
            return;
        }
        const config = readConfig(args, upstashCapSchema);
        if (!config.requireBudgetCap) {
            return;
        }
        const budget = readNumber(args.props, "budget");
        if (budget === undefined || budget <= 0) {
            report(
                `${args.name}: no budget cap is set, so the database's spend is bounded only by the provider's default ($20). Fix: set budget ` +
                    `to this environment's monthly allowance in USD (UpstashRedis budget).`,
            );
        } else if (config.maxBudgetUsd > 0 && budget > config.maxBudgetUsd) {
            report(
                `${args.name}: budget $${budget} exceeds the allowed $${config.maxBudgetUsd} a month. Fix: lower budget, or raise maxBudgetUsd if intended.`,
            );
        }
    },
};

export const budgetPolicies = [budgetExists, budgetMonthlyCost, budgetUnpricedResources, budgetUpstashCap];
