/**
 * Cost loose ends of issue 13: Lambda lines carry the meters the free tier takes off (free-tiers.ts:
 * `aws.lambda.requests`, `aws.lambda.gbSeconds`; "1 million free requests per month and 400,000 GB-seconds of compute
 * time per month", https://aws.amazon.com/lambda/pricing/, read 2026-12-06), `--from-preview` reads the usage file as
 * the plan does, and the text never says "within the budget" while a resource is unpriced (the total is a lower bound).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { estimateMonthlyCost, type PricedResource } from "@appstack/cost";
import { budgetVerdict } from "../../tools/plan/cost";
import { fromPreview } from "../../tools/plan/preview";

const REPO = path.resolve(__dirname, "../..");
const FIXTURE = path.join(__dirname, "fixtures/preview-small-stack.json");
const fn = (name: string, props: Record<string, unknown> = {}): PricedResource => ({
    urn: `urn:pulumi:prod::p::aws:lambda/function:Function::${name}`,
    type: "aws:lambda/function:Function",
    name,
    props: { runtime: "nodejs20.x", ...props },
});

describe("Lambda and its free tier", () => {
    it("takes the free 1 M requests and 400,000 GB-s off once per account", () => {
        // 2 functions × the default 1 M requests × 200 ms × 10 GB: 2 M requests and 4 M GB-s, of which 1 M and 400,000 are free.
        const estimate = estimateMonthlyCost([fn("a", { memorySize: 10_240 }), fn("b", { memorySize: 10_240 })], { region: "us-east-1" });
        const requests = estimate.freeTiers.find((a) => a.meter === "aws.lambda.requests");
        const gbSeconds = estimate.freeTiers.find((a) => a.meter === "aws.lambda.gbSeconds");
        expect(requests?.used).toBe(1_000_000);
        expect(gbSeconds?.used).toBe(400_000);
        // $0.20 per 1 M requests and $0.0000166667 per GB-s (x86, us-east-1).
        expect(requests?.usd).toBeCloseTo(0.2, 4);
        expect(gbSeconds?.usd).toBeCloseTo(400_000 * 0.0000166667, 2);
        const gross = 2 * (0.2 + 2_000_000 * 0.0000166667);
        expect(estimate.monthlyUsd).toBeCloseTo(gross - 0.2 - 400_000 * 0.0000166667, 1);
    });

    it("prices a function at the default usage (1 M requests, 200 ms, 128 MB) at $0: inside the free tier", () => {
        const estimate = estimateMonthlyCost([fn("small")], { region: "us-east-1" });
        expect(estimate.items[0]?.monthlyUsd).toBe(0);
        expect(estimate.items[0]?.allowances?.map((a) => a.meter).sort()).toEqual(["aws.lambda.gbSeconds", "aws.lambda.requests"]);
    });
});

describe("the budget verdict of the text", () => {
    const unpriced = [{ urn: "u", type: "aws:redshift/cluster:Cluster", name: "warehouse", reason: "no price" }];

    it("says the total is a lower bound, never 'within the budget', while a resource is unpriced", () => {
        const verdict = budgetVerdict({ monthlyUsd: 100, budgetUsd: 3000, unpriced });
        expect(verdict).not.toContain("within the budget");
        expect(verdict).toContain("a lower bound: 1 resource not priced, so it may exceed the budget of $3,000.00");
    });

    it("says 'within the budget' when everything is priced, and OVER when the priced part exceeds it", () => {
        expect(budgetVerdict({ monthlyUsd: 100, budgetUsd: 3000, unpriced: [] })).toBe("within the budget of $3,000.00");
        expect(budgetVerdict({ monthlyUsd: 4000, budgetUsd: 3000, unpriced })).toBe(
            "OVER the budget of $3,000.00 (a lower bound: 1 resource not priced)",
        );
        expect(budgetVerdict({ monthlyUsd: 100, budgetUsd: null, unpriced })).toBe("a lower bound: 1 resource not priced; no budget found");
    });
});

describe("--from-preview and the usage file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-usage-"));
    const options = { file: FIXTURE, cwd: dir, policyPack: path.join(REPO, "policies"), policyPackConfig: null, json: true };
    type Doc = { cost: { monthlyUsd: number; items: { urn: string; monthlyUsd: number }[] } };
    const run = (extra: { usageFile?: string | null } = {}) => JSON.parse(fromPreview({ ...options, ...extra })) as Doc;

    it("reads --usage-file, and the default appstack-usage.yml beside the project, as the plan does", () => {
        const base = run();

        const given = path.join(dir, "given.yml");
        fs.writeFileSync(given, "version: 0.1\nresource_usage:\n  uploads:\n    s3StorageGbPerBucket: 1000\n");
        const tuned = run({ usageFile: given });
        const changed = tuned.cost.items
            .filter((a) => a.monthlyUsd !== base.cost.items.find((b) => b.urn === a.urn)?.monthlyUsd)
            .map((i) => i.urn.split("::").pop());
        expect(changed).toEqual(["uploads"]);
        expect(tuned.cost.monthlyUsd - base.cost.monthlyUsd).toBeCloseTo(990 * 0.023, 1);
        // The text names the file and lists the assumption with where it came from, as the plan's does.
        const text = fromPreview({ ...options, usageFile: given, json: false });
        expect(text).toContain(`usage: ${path.relative(process.cwd(), given)}`);
        expect(text).toMatch(/uploads: s3StorageGbPerBucket = 1,000 {2}\(.*given\.yml: resource_usage\.uploads\.s3StorageGbPerBucket\)/);

        fs.writeFileSync(
            path.join(dir, "appstack-usage.yml"),
            "version: 0.1\nresource_usage:\n  uploads:\n    s3StorageGbPerBucket: 1000\n",
        );
        expect(run().cost.monthlyUsd).toBeCloseTo(tuned.cost.monthlyUsd, 2);
    });

    it("refuses an entry naming no resource of the preview, naming the file and the key", () => {
        const bad = path.join(dir, "bad.yml");
        fs.writeFileSync(bad, "version: 0.1\nresource_usage:\n  upload:\n    s3StorageGbPerBucket: 1000\n");
        expect(() => run({ usageFile: bad })).toThrow(/bad\.yml.*upload/);
    });
});
