import { describe, expect, it } from "vitest";
import { estimateMonthlyCost, type PricedResource } from "@appstack/cost";
import { cronRunsPerMonth, workflowMinutes, workflowTriggers } from "@appstack/cost/github";
import { parseUsageDocument, UsageFileError } from "@appstack/cost/usage-file";

/**
 * GitHub bills Actions by the minute of each job, rounded up ("GitHub rounds the minutes and partial minutes each job
 * uses up to the nearest whole minute", docs.github.com/en/billing/concepts/product-billing/github-actions, read
 * 2026-12-07). A scheduled workflow's minutes therefore follow from its crons: CoachMeld's export runs every 30 minutes
 * and once at night, 1,490 runs a month, which the flat 300-minute default booked as $1.80 instead of $17.88.
 */
const file = (name: string, content: string): PricedResource => ({
    urn: `urn:pulumi:prod::t::github:index/repositoryFile:RepositoryFile::${name}`,
    type: "github:index/repositoryFile:RepositoryFile",
    name,
    props: { file: `.github/workflows/${name}.yml`, content },
});

const EXPORT = `name: Database export (prod)
on:
  schedule:
    - cron: 17 3 * * *
    - cron: 23,53 * * * *
  workflow_dispatch: {}
jobs:
  export:
    runs-on: ubuntu-24.04
`;

describe("GitHub Actions minutes from a workflow's schedule", () => {
    it("counts a cron's runs in an average month (365/12 days; day-of-month and day-of-week add up as cron ORs them)", () => {
        expect(cronRunsPerMonth("17 3 * * *")).toBeCloseTo(365 / 12, 6);
        expect(cronRunsPerMonth("23,53 * * * *")).toBeCloseTo(2 * 24 * (365 / 12), 6);
        expect(cronRunsPerMonth("41 4 * * 1")).toBeCloseTo(365 / 12 / 7, 6);
        expect(cronRunsPerMonth("*/15 9-17 * * 1-5")).toBeCloseTo(4 * 9 * 5 * (365 / 12 / 7), 6);
        expect(cronRunsPerMonth("0 0 1 * *")).toBe(1);
        expect(cronRunsPerMonth("0 0 1 1,7 *")).toBeCloseTo(2 / 12, 6);
        expect(cronRunsPerMonth("@daily")).toBeNaN();
    });

    it("tells a schedule-only workflow (a manual dispatch aside) from one that events trigger", () => {
        expect(workflowTriggers(EXPORT)).toEqual({ crons: ["17 3 * * *", "23,53 * * * *"], events: false });
        expect(workflowTriggers("on:\n  push:\n    branches: [main]\n  schedule:\n    - cron: '0 2 * * 1'\n").events).toBe(true);
        expect(workflowTriggers("on: [push, pull_request]\n")).toEqual({ crons: [], events: true });
        expect(workflowTriggers('"on":\n  workflow_dispatch: {}\n  schedule:\n    - cron: "5 4 * * *"\n').events).toBe(false);
        expect(workflowTriggers("on:\n  workflow_dispatch: {}\n")).toEqual({ crons: [], events: true });
    });

    it("bills CoachMeld's export at 1,490 runs × 2 minutes, with the event default only where events trigger it", () => {
        expect(workflowMinutes(EXPORT, {}).minutes).toBe(1490 * 2);
        const both = EXPORT.replace("  workflow_dispatch: {}\n", "  push:\n    branches: [main]\n");
        expect(workflowMinutes(both, {}).minutes).toBe(1490 * 2 + 300);
        const twoJobs = `${EXPORT}  verify:\n    runs-on: ubuntu-24.04\n`;
        expect(workflowMinutes(twoJobs, {}).minutes).toBe(1490 * 2 * 2);
        expect(workflowMinutes(EXPORT, { githubScheduledJobMinutes: 1 }).minutes).toBe(1490);
        // A value set for the workflow replaces the estimate.
        expect(workflowMinutes(EXPORT, { githubWorkflowMinutesPerMonth: 90 }).minutes).toBe(90);

        // Alone in its account, the workflow's first 2,000 minutes are GitHub Free's included ones.
        const estimate = estimateMonthlyCost([file("db-export-prod", EXPORT)], { region: "us-east-1" });
        expect(estimate.items[0]?.monthlyUsd).toBeCloseTo((2980 - 2000) * 0.006, 2);
        expect(estimate.items[0]?.basis).toContain("1,490 scheduled runs × 1 job × 2 min");
    });

    it("takes the GitHub keys from a usage file, by resource name, and checks the type they price", () => {
        const doc = parseUsageDocument(
            { version: 0.1, resource_usage: { "db-export-prod": { github_scheduled_job_minutes: 3 } } },
            "appstack-usage.yml",
            { resources: [{ urn: "urn:x", name: "db-export-prod", type: "github:index/repositoryFile:RepositoryFile" }] },
        );
        expect(doc.usage.perResource?.["db-export-prod"]).toEqual({ githubScheduledJobMinutes: 3 });
        expect(doc.sources).toContainEqual(expect.objectContaining({ key: "githubScheduledJobMinutes", value: 3 }));
        expect(() =>
            parseUsageDocument(
                { version: 0.1, resource_type_default_usage: { "aws:s3/bucket:Bucket": { github_workflow_minutes_per_month: 10 } } },
                "appstack-usage.yml",
            ),
        ).toThrow(UsageFileError);
    });
});
