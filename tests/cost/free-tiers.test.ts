// Free tiers and included allowances, once per account / project / organization, as the providers' pages state them
// (read 2026-12-06): CloudFront https://aws.amazon.com/cloudfront/pricing/ ("Included in Always Free Tier: 1 TB of data
// transfer out ..., 10,000,000 HTTP or HTTPS Requests ..., 2,000,000 CloudFront Function invocations per month");
// Cloud Run https://cloud.google.com/run/pricing (request-based: 180,000 vCPU-s, 360,000 GiB-s, 2 M requests per billing
// account); Cloud Monitoring https://cloud.google.com/stackdriver/pricing (uptime checks $0.30/1,000 executions, 1 M
// free per project); Lambda https://aws.amazon.com/lambda/pricing/ (1 M requests, 400,000 GB-s); Supabase
// https://supabase.com/docs/guides/platform/org-based-billing (Pro: 250 GB egress, 100,000 MAU per organization, 8 GB
// disk per project).
import { describe, expect, it } from "vitest";
import { estimateMonthlyCost, type PricedResource } from "@appstack/cost";
import { ALLOWANCES, applyAllowances, type MeteredItem } from "@appstack/cost/free-tiers";
import { NOT_SHARED } from "@appstack/cost/organisations";

function res(type: string, name: string, props: Record<string, unknown> = {}): PricedResource {
    return { urn: `urn:pulumi:prod::test::${type}::${name}`, type, name, props };
}
const us = { region: "us-east-1" };
const UPTIME = "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig";

describe("free tiers", () => {
    it("makes InteliFeed's three uptime checks (6 checkers, every 60 s) free: 777,600 of the 1 M free executions", () => {
        // Before: 3 × 259,200 executions × $0.30/1,000 = $233.28 a month.
        const checks = ["uptime-web", "uptime-api", "uptime-tenant"].map((n) => res(UPTIME, n, { period: "60s" }));
        const e = estimateMonthlyCost(checks, us);
        expect(e.monthlyUsd).toBe(0);
        expect(e.freeTiers).toEqual([
            expect.objectContaining({
                meter: "gcp.monitoring.uptimeExecutions",
                per: "Google Cloud project",
                quantity: 1_000_000,
                used: 777_600,
                usd: 233.28,
            }),
        ]);
        for (const i of e.items) expect(i.basis).toMatch(/− 259,200 executions 1 M free executions per Google Cloud project \$77\.76/);
    });

    it("counts the allowance once per project: checks in another project get their own", () => {
        const many = [0, 1, 2, 3].map((i) => res(UPTIME, `a${i}`, { period: "60s", project: "p1" }));
        const other = res(UPTIME, "b", { period: "60s", project: "p2" });
        const e = estimateMonthlyCost([...many, other], us);
        // p1: 4 × 259,200 = 1,036,800, 36,800 beyond the free million; p2 free.
        expect(e.monthlyUsd).toBeCloseTo((36_800 / 1000) * 0.3, 2);
        expect(e.items.find((i) => i.name === "a3")?.basis).toContain("− 222,400 executions");
        expect(e.items.find((i) => i.name === "b")?.monthlyUsd).toBe(0);
    });

    it("gives two CloudFront distributions one always-free terabyte and 10 M requests between them", () => {
        const usage = {
            perResource: {
                a: { cloudfrontEgressGbPerMonth: 800, cloudfrontRequestsPerMonth: 6_000_000 },
                b: { cloudfrontEgressGbPerMonth: 800, cloudfrontRequestsPerMonth: 6_000_000 },
            },
        };
        const e = estimateMonthlyCost(
            [res("aws:cloudfront/distribution:Distribution", "a"), res("aws:cloudfront/distribution:Distribution", "b")],
            { ...us, usage },
        );
        // 1,600 GB − 1,024 GB free = 576 GB × $0.085; 12 M − 10 M = 2 M requests × $0.01/10k.
        expect(e.monthlyUsd).toBeCloseTo(576 * 0.085 + 200 * 0.01, 2);
        expect(e.items[0]?.monthlyUsd).toBe(0);
        expect(e.items[1]?.basis).toContain("− 224 GB always-free 1 TB out per AWS account");
    });

    it("applies Cloud Run's request-based free tier once per billing account, at Tier 1 prices", () => {
        const svc = (name: string) =>
            res("gcp:cloudrunv2/service:Service", name, {
                location: "us-east1",
                template: { containers: [{ resources: { limits: { cpu: "1", memory: "1Gi" } } }] },
            });
        // Each: 1 M requests × 0.2 s = 200,000 vCPU-s and 200,000 GiB-s. Two: 400,000 vCPU-s (220,000 billed),
        // 400,000 GiB-s (40,000 billed), 2 M requests (free).
        const e = estimateMonthlyCost([svc("a"), svc("b")], us);
        expect(e.monthlyUsd).toBeCloseTo(220_000 * 0.000024 + 40_000 * 0.0000025, 2);
    });

    it("takes Supabase's included egress and MAU once per organization, disk once per project", () => {
        const project = (name: string) =>
            res("pulumi-nodejs:dynamic:Resource", name, { supabaseResource: "project", organizationId: "org1", instanceSize: "micro" });
        const usage = { supabaseEgressGbPerMonth: 200, supabaseMonthlyActiveUsers: 60_000, supabaseDiskGb: 10 };
        const e = estimateMonthlyCost([project("a-project"), project("b-project")], { ...us, usage });
        // The defaults (20 GB, 5,000 MAU, 8 GB each) are inside the quotas: only the excess of the heavier usage is billed:
        // egress 400 − 250 = 150 GB × $0.09; MAU 120,000 − 100,000 × $0.00325; disk (10 − 8) GB × $0.125 per project.
        const defaults = estimateMonthlyCost([project("a-project"), project("b-project")], us);
        expect(e.monthlyUsd - defaults.monthlyUsd).toBeCloseTo(150 * 0.09 + 20_000 * 0.00325 + 2 * 2 * 0.125, 2);
        expect(defaults.items[0]?.basis).toContain("− 20 GB 250 GB egress included per organization $1.80");
        expect(e.items[1]?.basis).toContain("− 50 GB 250 GB egress included per organization");
    });

    it("takes the Lambda free tier off metered Lambda lines (1 M requests, 400,000 GB-s per account)", () => {
        const items: MeteredItem[] = [
            {
                monthlyUsd: 0.3 + 10,
                basis: "fn-a",
                meters: [
                    { id: "aws.lambda.requests", quantity: 1_500_000, unitUsd: 0.2 / 1e6 },
                    { id: "aws.lambda.gbSeconds", quantity: 600_000, unitUsd: 0.0000166667 },
                ],
            },
            { monthlyUsd: 0.2, basis: "fn-b", meters: [{ id: "aws.lambda.requests", quantity: 1_000_000, unitUsd: 0.2 / 1e6 }] },
        ];
        const applied = applyAllowances(items, () => NOT_SHARED);
        expect(items[0]?.monthlyUsd).toBeCloseTo(0.3 + 10 - 0.2 - 400_000 * 0.0000166667, 2);
        expect(items[1]?.monthlyUsd).toBe(0.2);
        expect(items[1]?.basis).toContain("used up by earlier resources");
        expect(applied.map((a) => [a.meter, a.used])).toEqual([
            ["aws.lambda.requests", 1_000_000],
            ["aws.lambda.gbSeconds", 400_000],
        ]);
    });

    it("dates every allowance and gives its page", () => {
        for (const a of ALLOWANCES) {
            expect(a.source).toMatch(/^https:\/\//);
            expect(a.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
            expect(a.quantity).toBeGreaterThan(0);
        }
    });
});
