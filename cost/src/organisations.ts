/**
 * Organisation-wide plans counted once. A plan billed per organization, team or account (Supabase's organization
 * plan and its compute credits, Sentry's Team plan, Vercel's Pro seats; the free tiers of an AWS or Google Cloud
 * account) is charged once by its provider, however many stacks use it. Each stack's estimate therefore carries
 * its share: with n stacks sharing, 1/n of the plan (and of the allowance) is booked on each, so the stacks of a
 * `--all` run add up to the plan once.
 *
 * Which stacks share what is a project setting, the `shared_plans` section of the usage file (usage-file.ts):
 *
 *     shared_plans:
 *       sentry:coachmeld: [dev, staging, prod]          # stacks of this project
 *       supabase:coachmeld: [dev, staging, prod]
 *       aws: [coachmeld/dev, coachmeld/staging, root/prod]   # project/stack across projects
 *
 * Keys: `supabase:<organizationId>`, `sentry:<organization slug>`, `vercel:<teamId>`, `aws` (the AWS account the stacks
 * deploy to), `gcp` (the Google Cloud billing account), `github` (the GitHub account whose Actions minutes the workflows use). The policy pack gets the same setting in its
 * `budget-monthly-cost` / `budget-unpriced-resources` config (`sharedPlans`), so the gate judges the same figures.
 */
import type { PlanShare } from "./provider";

/** Plan key → the stacks sharing it (`project/stack`), this stack among them. */
export type SharedPlans = Readonly<Record<string, readonly string[]>>;

export const NOT_SHARED: PlanShare = Object.freeze({ fraction: 1, stacks: [] });

/** This stack's share of the plan `key`: 1/n of n sharing stacks, else the whole plan. */
export function shareOf(shared: SharedPlans | undefined, key: string): PlanShare {
    const stacks = shared?.[key];
    if (stacks === undefined || stacks.length <= 1) return NOT_SHARED;
    return { fraction: 1 / stacks.length, stacks };
}

/** `Team plan $26 × 1/3 (shared by a, b, c)` for a basis line, or "" when not shared. */
export function shareText(share: PlanShare): string {
    return share.stacks.length > 1 ? ` × 1/${share.stacks.length} (shared by ${share.stacks.join(", ")})` : "";
}
