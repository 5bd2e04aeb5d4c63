/**
 * The contract every provider module (aws.ts today; gcp.ts, supabase.ts, vercel.ts, upstash.ts, cloudflare.ts
 * later) implements, and the small helpers they share: formatting a basis, building a bill. The property readers
 * (inputs that may be absent or unknown) are in props.ts, shared with the policy rules.
 *
 * A provider is registered in `PROVIDERS` (index.ts) under the package prefix of its type tokens (`aws` for
 * `aws:rds/instance:Instance`). For a plan it gets every resource (to link e.g. an ECS service to its task
 * definition) and returns a function pricing one resource of its package.
 */
import type { PricedResource } from "./index";
import { PRICE_TABLE_AS_OF } from "./prices";
import type { ResourceUsage, UsageAssumptions } from "./usage";

export interface PricingContext {
    /** Every resource of the plan, components included, in registration order. */
    resources: readonly PricedResource[];
    /** The stack's region (`CostOptions.region`); a resource's own `region` input wins. */
    region: string;
    usage: UsageAssumptions;
    /**
     * This stack's share of a plan billed per organization, team or account (`supabase:<org>`, `sentry:<org>`,
     * `vercel:<team>`): 1 unless the project's shared-plans setting says several stacks share it (organisations.ts).
     */
    share(key: string): PlanShare;
}

/** This stack's share of an organization-wide plan. */
export interface PlanShare {
    /** 1, or 1/n when n stacks share the organization. */
    fraction: number;
    /** The stacks sharing it (this one included); empty when not shared. */
    stacks: readonly string[];
}

/**
 * A billed quantity a free tier or included allowance can cover (free-tiers.ts): `quantity` units at `unitUsd`
 * each, within `scope` (the organization, project or account whose allowance applies; default: the stack's account).
 */
export interface Meter {
    id: string;
    quantity: number;
    unitUsd: number;
    scope?: string;
}

export type PriceOutcome =
    /** Costs money (possibly $0 under the assumptions, which the basis then says). */
    | { kind: "priced"; monthlyUsd: number; basis: string; meters?: Meter[] }
    /** A type that never costs anything by itself. */
    | { kind: "free" }
    /** No price for this type or configuration: listed in `unpriced`, never counted as zero. */
    | { kind: "unpriced"; reason: string };

export interface CostProvider {
    /** Package prefix of the type tokens it prices, e.g. `aws`. */
    prefix: string;
    createPricer(ctx: PricingContext): (resource: PricedResource) => PriceOutcome;
}

/** `$0.016`, `$5`, `$0.004445`: a unit price without float noise. */
export function usd(value: number): string {
    return `$${Number(value.toFixed(6))}`;
}

/** `730`, `0.5`, `1,000,000`. */
export function qty(value: number): string {
    return value.toLocaleString("en-US", { maximumFractionDigits: 4 });
}

/** Cents, the precision of an item. */
export function cents(value: number): number {
    return Math.round(value * 100) / 100;
}

/**
 * Builds an item's cost and basis line by line: `add("730 h × $0.016", 11.68)` …, then
 * `outcome()` → `{ monthlyUsd, basis: "730 h × $0.016 + … (us-east-1, 2026-11)" }`.
 */
export class Bill {
    private readonly parts: { text: string; usd: number }[] = [];
    private readonly notes: string[] = [];
    private readonly meters: Meter[] = [];

    /** `where`: the region label (`us-east-1`, `global`, `sa-east-1 not in the price table: us-east-1 prices`). */
    constructor(private readonly where: string) {}

    /** `meters`: what of this line a free tier or included allowance may cover (free-tiers.ts). */
    add(text: string, amount: number, ...meters: Meter[]): this {
        this.parts.push({ text, usd: amount });
        this.meters.push(...meters);
        return this;
    }

    /** A remark in the basis that costs nothing (`Performance Insights 7 days free`). */
    note(text: string): this {
        this.notes.push(text);
        return this;
    }

    get total(): number {
        return this.parts.reduce((sum, p) => sum + p.usd, 0);
    }

    outcome(): PriceOutcome {
        const lines = this.parts.map((p) => p.text).join(" + ");
        const notes = this.notes.length > 0 ? `; ${this.notes.join("; ")}` : "";
        const basis = `${lines || "$0"}${notes} (${this.where}, ${PRICE_TABLE_AS_OF})`;
        return this.meters.length > 0
            ? { kind: "priced", monthlyUsd: cents(this.total), basis, meters: [...this.meters] }
            : { kind: "priced", monthlyUsd: cents(this.total), basis };
    }
}

/** The assumptions for a resource, for provider modules. */
export type { ResourceUsage };

/**
 * Whether `r` is the first of `candidates` (registration order) sharing its `key`: a plan billed per organization,
 * team, zone or account is charged on that resource once, the others are $0 "in the plan". An unknown key
 * (`[unknown]` during preview) groups the unknowns together.
 */
export function firstInGroup(r: PricedResource, candidates: readonly PricedResource[], key: (x: PricedResource) => string): boolean {
    const k = key(r);
    return candidates.find((c) => key(c) === k)?.urn === r.urn;
}

/** A priced outcome with no charge under the assumptions, saying why. */
export function included(basis: string): PriceOutcome {
    return { kind: "priced", monthlyUsd: 0, basis };
}
