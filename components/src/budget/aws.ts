import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { type BaseArgs, Component, InvalidArgumentError, type Profile, type Transform, profileDefaults } from "../core";
import type { AlarmTopic } from "../core";

/** One budget notification: sent when actual or forecasted spend of the month passes a percentage of the limit. */
export interface BudgetNotificationSpec {
    /** `ACTUAL` spend so far this month, or spend `FORECASTED` for the whole month. */
    type: "ACTUAL" | "FORECASTED";
    /** Percentage of `monthlyLimitUsd`, more than 0 (may exceed 100, e.g. 120). */
    thresholdPercent: number;
}

/** A cost filter in the Budgets API's own terms, e.g. `{ name: "Service", values: ["Amazon Relational Database Service"] }`. */
export interface BudgetCostFilterSpec {
    /** `AZ`, `BillingEntity`, `CostCategory`, `InstanceType`, `LinkedAccount`, `Operation`, `PurchaseType`, `Region`, `Service`, `TagKeyValue`, `UsageType`, `UsageTypeGroup`, ... */
    name: string;
    values: string[];
}

export interface AwsBudgetArgs extends BaseArgs {
    /**
     * Monthly cost limit, USD, more than 0. Notifications are percentages of it.
     * Cost: the first two budgets of an account are free, then about $0.62 per budget and month (billed daily).
     */
    monthlyLimitUsd: number;
    /** Email addresses notified (at most 10). At least one of `emails` and `topic` is required. @default [] */
    emails?: string[];
    /**
     * SNS topic notified, e.g. `AwsMonitoring`. Its policy must let `budgets.amazonaws.com` publish (AwsMonitoring's does).
     * @default none
     */
    topic?: AlarmTopic;
    /**
     * Only count costs carrying these cost-allocation tags, `{ key: [values] }`, e.g. `{ project: ["shop"] }`.
     * The tag must be activated as a cost-allocation tag in the Billing console, or nothing matches.
     * @default no tag filter: the whole account's spend
     */
    tagFilter?: Record<string, string[]>;
    /** Other cost filters in the API's terms; tag values given here and in `tagFilter` are merged. @default [] */
    costFilters?: BudgetCostFilterSpec[];
    /**
     * When to notify.
     * @default `[ACTUAL 80 %, ACTUAL 100 %, FORECASTED 100 %]` in every environment
     */
    notifications?: BudgetNotificationSpec[];
    /** Edits of the budget's computed args. @default none: each child takes the args the component computed */
    transform?: { budget?: Transform<aws.budgets.BudgetArgs> };
}

interface BudgetProfile {
    notifications: BudgetNotificationSpec[];
}

/**
 * The same notifications everywhere: a dev account overspending is as real as a prod one, and the limit itself
 * (which differs per environment) is what the stack sets.
 */
const DEFAULT_NOTIFICATIONS: BudgetNotificationSpec[] = [
    { type: "ACTUAL", thresholdPercent: 80 },
    { type: "ACTUAL", thresholdPercent: 100 },
    { type: "FORECASTED", thresholdPercent: 100 },
];
const PROFILE: Profile<BudgetProfile> = {
    dev: { notifications: DEFAULT_NOTIFICATIONS },
    staging: { notifications: DEFAULT_NOTIFICATIONS },
    prod: { notifications: DEFAULT_NOTIFICATIONS },
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_EMAILS = 10;

/**
 * A monthly AWS cost budget with notifications by email and/or SNS. Budgets are account-global (no region):
 * the name is the physical name `${project}-${stack}-${name}-budget`, unique per stack.
 */
export class AwsBudget extends Component {
    /** Name of the budget in the account. */
    public readonly budgetName: pulumi.Output<string>;
    /** The monthly limit, USD. */
    public readonly limit: number;

    constructor(name: string, args: AwsBudgetArgs, opts?: pulumi.ComponentResourceOptions) {
        super("budget:AwsBudget", name, args, opts);
        const component = "AwsBudget";

        if (typeof args.monthlyLimitUsd !== "number" || !Number.isFinite(args.monthlyLimitUsd) || args.monthlyLimitUsd <= 0) {
            throw new InvalidArgumentError(component, "monthlyLimitUsd", `is ${args.monthlyLimitUsd}`, "a number of USD more than 0");
        }
        const emails = args.emails ?? [];
        for (const email of emails) {
            if (!EMAIL.test(email))
                throw new InvalidArgumentError(
                    component,
                    "emails",
                    `contains "${email}", which is not an email address`,
                    "addresses such as finance@example.com",
                );
        }
        if (emails.length > MAX_EMAILS)
            throw new InvalidArgumentError(
                component,
                "emails",
                `lists ${emails.length} addresses`,
                `at most ${MAX_EMAILS} (use topic for more)`,
            );
        if (emails.length === 0 && args.topic === undefined) {
            throw new InvalidArgumentError(
                component,
                "emails",
                "is empty and no topic is given",
                "at least one email address or an SNS topic",
            );
        }
        const { notifications } = profileDefaults(PROFILE, this.environment, { notifications: args.notifications });
        if (notifications.length === 0) throw new InvalidArgumentError(component, "notifications", "is empty", "at least one notification");
        notifications.forEach((n, i) => {
            if (n.type !== "ACTUAL" && n.type !== "FORECASTED")
                throw new InvalidArgumentError(component, `notifications[${i}].type`, `is "${String(n.type)}"`, "ACTUAL or FORECASTED");
            if (!Number.isFinite(n.thresholdPercent) || n.thresholdPercent <= 0) {
                throw new InvalidArgumentError(
                    component,
                    `notifications[${i}].thresholdPercent`,
                    `is ${n.thresholdPercent}`,
                    "a percentage more than 0",
                );
            }
        });
        const costFilters = mergeFilters(args.costFilters ?? [], args.tagFilter ?? {});
        costFilters.forEach((f, i) => {
            if (f.values.length === 0)
                throw new InvalidArgumentError(component, `costFilters[${i}] (${f.name})`, "has no values", "one value or more");
        });

        const budget = this.child(
            aws.budgets.Budget,
            "budget",
            {
                name: this.physicalName("budget", "budget"),
                budgetType: "COST",
                timeUnit: "MONTHLY",
                limitAmount: args.monthlyLimitUsd.toFixed(2),
                limitUnit: "USD",
                costFilters: costFilters.length > 0 ? costFilters : undefined,
                notifications: notifications.map((n) => ({
                    notificationType: n.type,
                    comparisonOperator: "GREATER_THAN",
                    threshold: n.thresholdPercent,
                    thresholdType: "PERCENTAGE",
                    subscriberEmailAddresses: emails.length > 0 ? emails : undefined,
                    subscriberSnsTopicArns: args.topic ? [args.topic.topicArn] : undefined,
                })),
                tags: this.tags,
            },
            args.transform?.budget,
        );

        this.budgetName = budget.name;
        this.limit = args.monthlyLimitUsd;
        this.registerOutputs({ budgetName: this.budgetName, limit: this.limit });
    }
}

/** Cost filters with the tag filter folded into one `TagKeyValue` filter (`user:<key>$<value>`). */
function mergeFilters(filters: BudgetCostFilterSpec[], tags: Record<string, string[]>): BudgetCostFilterSpec[] {
    const tagValues = Object.entries(tags).flatMap(([key, values]) => values.map((v) => `user:${key}$${v}`));
    const out = filters.map((f) => ({ name: f.name, values: [...f.values] }));
    if (tagValues.length === 0) return out;
    const existing = out.find((f) => f.name === "TagKeyValue");
    if (existing) existing.values.push(...tagValues.filter((v) => !existing.values.includes(v)));
    else out.push({ name: "TagKeyValue", values: tagValues });
    return out;
}
