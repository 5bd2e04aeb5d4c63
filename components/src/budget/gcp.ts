import * as billing from "@pulumi/gcp/billing";
import * as pulumi from "@pulumi/pulumi";
import { type BaseArgs, Component, cutName, InvalidArgumentError, type Profile, profileDefaults, type Transform } from "../core";
import { gcpProject } from "../core/gcp";

/** One threshold rule: notify when spend passes a fraction of the amount. */
export interface GcpBudgetThreshold {
    /** Fraction of the amount, more than 0 and at most 2 (0.8 = 80 %, 1.2 = 120 %). */
    percent: number;
    /**
     * `CURRENT_SPEND` (actual spend so far this month) or `FORECASTED_SPEND` (spend forecast for the month).
     * @default "CURRENT_SPEND"
     */
    basis?: "CURRENT_SPEND" | "FORECASTED_SPEND";
}

export interface GcpBudgetArgs extends BaseArgs {
    /** Billing account id, e.g. `012345-6789AB-CDEF01`. The deploying identity needs Billing Account Costs Manager on it. */
    billingAccount: pulumi.Input<string>;
    /**
     * Monthly amount, USD, more than 0; thresholds are fractions of it. The billing account must bill in USD (the API
     * rejects another currency). CoachMeld's Gemini API budget is $50 a month (seeds/000).
     * Cost: budgets are free.
     */
    amountUsd: number;
    /**
     * Count the spend of this project only.
     * @default the provider's project
     */
    project?: pulumi.Input<string>;
    /** Count the whole billing account's spend instead of one project's. @default false */
    allProjects?: boolean;
    /**
     * Count the spend of these services only, as `services/<SERVICE_ID>` ids of the Cloud Billing catalog
     * (`gcloud billing services list` or the Catalog API; e.g. `services/6F81-5844-456A` is Compute Engine).
     * @default every service
     */
    services?: string[];
    /**
     * When to notify, as fractions of `amountUsd` in (0, 2]. CoachMeld alerts at 80 % (seeds/000).
     * @default 80 % and 100 % actual spend, 100 % forecasted spend, in every environment
     */
    thresholds?: GcpBudgetThreshold[];
    /**
     * Cloud Monitoring notification channels (`projects/<p>/notificationChannels/<id>`, e.g.
     * `GcpMonitoring.notificationChannelNames`) notified at each threshold; at most 5.
     * @default none (the billing account's administrators and users still get email)
     */
    notificationChannels?: pulumi.Input<string>[];
    /**
     * Pub/Sub topic (`projects/<p>/topics/<t>`) receiving the budget's status every few hours, e.g. to cap spend
     * automatically. The billing budget service account must be able to publish to it.
     * @default none
     */
    pubsubTopic?: pulumi.Input<string>;
    /**
     * Stop the default emails to the billing account's administrators and users (requires a channel or topic).
     * @default false
     */
    disableDefaultRecipients?: boolean;
    /** Edits of the budget's computed args. @default none: each child takes the args the component computed */
    transform?: { budget?: Transform<billing.BudgetArgs> };
}

interface BudgetProfile {
    thresholds: GcpBudgetThreshold[];
}

const DEFAULT_THRESHOLDS: GcpBudgetThreshold[] = [
    { percent: 0.8, basis: "CURRENT_SPEND" },
    { percent: 1.0, basis: "CURRENT_SPEND" },
    { percent: 1.0, basis: "FORECASTED_SPEND" },
];
/** The same everywhere: overspending in dev is real money too; the amount is what differs per stack. */
const PROFILE: Profile<BudgetProfile> = {
    dev: { thresholds: DEFAULT_THRESHOLDS },
    staging: { thresholds: DEFAULT_THRESHOLDS },
    prod: { thresholds: DEFAULT_THRESHOLDS },
};

const SERVICE_ID = /^services\/[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/;
const MAX_CHANNELS = 5;
/** Budget display names: at most 60 characters. */
const DISPLAY_NAME_LIMIT = 60;

/**
 * A monthly Cloud Billing budget in USD on a billing account, scoped to one project (and optionally some services),
 * with threshold rules and notifications to Cloud Monitoring channels and/or Pub/Sub. A budget alerts; it never
 * stops spending (wire the Pub/Sub topic to a function for that).
 *
 * The Billing Budget API (`billingbudgets.googleapis.com`) must be enabled on the provider's quota project; with
 * user credentials set the provider's `billingProject` and `userProjectOverride: true`.
 */
export class GcpBudget extends Component {
    /** `billingAccounts/<account>/budgets/<id>`. */
    public readonly budgetName: pulumi.Output<string>;
    /** The monthly amount, USD. */
    public readonly amountUsd: number;

    constructor(name: string, args: GcpBudgetArgs, opts?: pulumi.ComponentResourceOptions) {
        super("budget:GcpBudget", name, args, opts);
        const component = `GcpBudget "${name}"`;
        if (typeof args.amountUsd !== "number" || !Number.isFinite(args.amountUsd) || args.amountUsd <= 0) {
            throw new InvalidArgumentError(component, "amountUsd", `is ${String(args.amountUsd)}`, "a number of USD more than 0");
        }
        const { thresholds } = profileDefaults(PROFILE, this.environment, { thresholds: args.thresholds });
        if (thresholds.length === 0) throw new InvalidArgumentError(component, "thresholds", "is empty", "one threshold or more");
        thresholds.forEach((t, i) => {
            if (typeof t.percent !== "number" || !Number.isFinite(t.percent) || t.percent <= 0 || t.percent > 2) {
                throw new InvalidArgumentError(
                    component,
                    `thresholds[${i}].percent`,
                    `is ${String(t.percent)}`,
                    "a fraction in (0, 2], e.g. 0.8 for 80 %",
                );
            }
            if (t.basis !== undefined && t.basis !== "CURRENT_SPEND" && t.basis !== "FORECASTED_SPEND") {
                throw new InvalidArgumentError(
                    component,
                    `thresholds[${i}].basis`,
                    `is "${String(t.basis)}"`,
                    "CURRENT_SPEND or FORECASTED_SPEND",
                );
            }
        });
        const keys = thresholds.map((t) => `${t.basis ?? "CURRENT_SPEND"}@${t.percent}`);
        if (new Set(keys).size !== keys.length)
            throw new InvalidArgumentError(component, "thresholds", "repeats a threshold", "distinct (percent, basis) pairs");
        for (const service of args.services ?? []) {
            if (!SERVICE_ID.test(service))
                throw new InvalidArgumentError(
                    component,
                    "services",
                    `contains "${service}"`,
                    "catalog ids such as services/6F81-5844-456A",
                );
        }
        const channels = args.notificationChannels ?? [];
        if (channels.length > MAX_CHANNELS)
            throw new InvalidArgumentError(
                component,
                "notificationChannels",
                `lists ${channels.length} channels`,
                `at most ${MAX_CHANNELS}`,
            );
        if (args.disableDefaultRecipients && channels.length === 0 && args.pubsubTopic === undefined) {
            throw new InvalidArgumentError(
                component,
                "disableDefaultRecipients",
                "is true with no notification channel or Pub/Sub topic: nobody would be told",
                "a channel or topic, or keep the default recipients",
            );
        }
        if (args.allProjects && args.project !== undefined)
            throw new InvalidArgumentError(component, "allProjects", "is true while project is set", "one of them");

        const units = Math.floor(args.amountUsd);
        const nanos = Math.round((args.amountUsd - units) * 1e9);
        const notify = channels.length > 0 || args.pubsubTopic !== undefined || args.disableDefaultRecipients !== undefined;

        const budget = this.child(
            billing.Budget,
            "budget",
            {
                billingAccount: args.billingAccount,
                displayName: cutName(this.physicalName("budget"), DISPLAY_NAME_LIMIT),
                amount: { specifiedAmount: { currencyCode: "USD", units: String(units), nanos: nanos === 0 ? undefined : nanos } },
                budgetFilter: {
                    calendarPeriod: "MONTH",
                    // The API wants project numbers, not ids.
                    projects: args.allProjects ? undefined : [pulumi.interpolate`projects/${gcpProject(this, args.project).number}`],
                    services: args.services,
                    creditTypesTreatment: "INCLUDE_ALL_CREDITS",
                },
                thresholdRules: thresholds.map((t) => ({ thresholdPercent: t.percent, spendBasis: t.basis ?? "CURRENT_SPEND" })),
                allUpdatesRule: notify
                    ? {
                          monitoringNotificationChannels: channels.length > 0 ? channels : undefined,
                          pubsubTopic: args.pubsubTopic,
                          schemaVersion: args.pubsubTopic !== undefined ? "1.0" : undefined,
                          disableDefaultIamRecipients: args.disableDefaultRecipients ?? false,
                      }
                    : undefined,
            },
            args.transform?.budget,
        );
        this.budgetName = budget.name;
        this.amountUsd = args.amountUsd;
        this.registerOutputs({ budgetName: this.budgetName, amountUsd: this.amountUsd });
    }
}
