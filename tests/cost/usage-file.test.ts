// The usage file: Infracost's shape (infracost/infracost, infracost-usage-example.yml: `version: 0.1`,
// `resource_usage:` by address, `resource_type_default_usage:` by type), addressed by Pulumi names, URNs and type tokens.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { estimateMonthlyCost, type PricedResource } from "@appstack/cost";
import { parseUsageDocument, UsageFileError } from "@appstack/cost/usage-file";
import { REPO, runPlan } from "../support/cli";

function res(type: string, name: string, props: Record<string, unknown> = {}): PricedResource {
    return { urn: `urn:pulumi:prod::test::${type}::${name}`, type, name, props };
}

const CDN = "aws:cloudfront/distribution:Distribution";
const BUCKET = "aws:s3/bucket:Bucket";
const resources = [
    res(CDN, "web"),
    res(CDN, "docs"),
    res(BUCKET, "assets"),
    res(BUCKET, "logs"),
    res("aws:ec2/natGateway:NatGateway", "nat"),
];
const us = { region: "us-east-1" };

function problem(doc: unknown): UsageFileError {
    try {
        parseUsageDocument(doc, "appstack-usage.yml", { resources });
    } catch (err) {
        if (err instanceof UsageFileError) return err;
        throw err;
    }
    throw new Error("no error");
}

describe("usage file: what it changes", () => {
    it("changes the estimate of the resource it names, and only that", () => {
        const before = estimateMonthlyCost(resources, us);
        const doc = parseUsageDocument({ version: 0.1, resource_usage: { assets: { s3StorageGbPerBucket: 500 } } }, "appstack-usage.yml", {
            resources,
        });
        const after = estimateMonthlyCost(resources, { ...us, usage: doc.usage });
        const changed = after.items
            .filter((a) => a.monthlyUsd !== before.items.find((b) => b.urn === a.urn)?.monthlyUsd)
            .map((i) => i.name);
        expect(changed).toEqual(["assets"]);
        // 490 GB more of S3 Standard at $0.023 (aws.amazon.com/s3/pricing, first 50 TB).
        expect(after.monthlyUsd - before.monthlyUsd).toBeCloseTo(490 * 0.023, 2);
    });

    it("applies a type's default to every resource of the type; a resource's own entry wins; snake_case keys work", () => {
        const doc = parseUsageDocument(
            {
                version: "0.1",
                resource_type_default_usage: { [BUCKET]: { s3_storage_gb_per_bucket: 100 } },
                resource_usage: { logs: { s3StorageGbPerBucket: 1 } },
            },
            "appstack-usage.yml",
            { resources },
        );
        const e = estimateMonthlyCost(resources, { ...us, usage: doc.usage });
        const base = estimateMonthlyCost(resources, us);
        const of = (x: typeof e, n: string) => x.items.find((i) => i.name === n)?.monthlyUsd ?? NaN;
        expect(of(e, "assets") - of(base, "assets")).toBeCloseTo(90 * 0.023, 2);
        expect(of(e, "logs") - of(base, "logs")).toBeCloseTo(-9 * 0.023, 2);
        expect(of(e, "nat")).toBe(of(base, "nat"));
        expect(doc.sources.map((s) => s.source)).toEqual([
            `appstack-usage.yml: resource_type_default_usage.${BUCKET}.s3_storage_gb_per_bucket`,
            "appstack-usage.yml: resource_usage.logs.s3StorageGbPerBucket",
        ]);
    });

    it("addresses a resource by URN as well as by name", () => {
        const urn = resources[1]?.urn ?? "";
        const doc = parseUsageDocument({ resource_usage: { [urn]: { cloudfrontEgressGbPerMonth: 3000 } } }, "f.yml", { resources });
        const e = estimateMonthlyCost(resources, { ...us, usage: doc.usage });
        expect(e.items.find((i) => i.name === "docs")?.monthlyUsd).toBeGreaterThan(0);
        expect(e.items.find((i) => i.name === "web")?.monthlyUsd).toBe(0);
    });
});

describe("usage file: errors name the file and the key", () => {
    it("rejects an unknown top-level key, with a suggestion", () => {
        expect(problem({ resource_usages: {} }).message).toBe(
            "usage file appstack-usage.yml: resource_usages: unknown top-level key (did you mean resource_usage?); allowed: version, resource_usage, resource_type_default_usage, shared_plans",
        );
    });
    it("rejects an unknown usage key", () => {
        expect(problem({ resource_usage: { assets: { s3StorageGb: 5 } } }).message).toMatch(
            /^usage file appstack-usage\.yml: resource_usage\.assets\.s3StorageGb: unknown usage key/,
        );
    });
    it("rejects a resource the plan does not have", () => {
        expect(problem({ resource_usage: { asset: { s3StorageGbPerBucket: 5 } } }).message).toBe(
            "usage file appstack-usage.yml: resource_usage.asset: no resource of the plan has this name or URN (did you mean assets?)",
        );
    });
    it("rejects a key that does not price the resource's type", () => {
        expect(problem({ resource_usage: { web: { s3StorageGbPerBucket: 5 } } }).message).toBe(
            `usage file appstack-usage.yml: resource_usage.web.s3StorageGbPerBucket: does not price ${CDN}: it applies to aws:s3/bucket:Bucket, aws:s3/bucketV2:BucketV2`,
        );
        expect(problem({ resource_type_default_usage: { [CDN]: { natGatewayGbPerMonth: 5 } } }).key).toBe(
            `resource_type_default_usage.${CDN}.natGatewayGbPerMonth`,
        );
    });
    it("rejects values of the wrong type, a share above 1, a bad version and a malformed type token", () => {
        expect(problem({ resource_usage: { assets: { s3StorageGbPerBucket: "lots" } } }).message).toContain(
            'must be a number ≥ 0, not "lots"',
        );
        expect(problem({ resource_usage: { assets: { s3StorageGbPerBucket: -1 } } }).message).toContain("must be a number ≥ 0, not -1");
        expect(
            problem({ resource_type_default_usage: { "upstash:index/redisDatabase:RedisDatabase": { upstashWriteShare: 2 } } }).message,
        ).toContain("is a share");
        expect(
            problem({ resource_type_default_usage: { "vercel:index/project:Project": { supabaseOrganizationPlan: "pro" } } }).message,
        ).toContain("does not price");
        expect(
            problem({ resource_type_default_usage: { "pulumi-nodejs:dynamic:Resource": { supabaseOrganizationPlan: "team" } } }).message,
        ).toContain("must be one of free, pro");
        expect(problem({ version: 2 }).key).toBe("version");
        expect(problem({ resource_type_default_usage: { cloudfront: { cloudfrontEgressGbPerMonth: 1 } } }).message).toContain(
            "is not a Pulumi type token",
        );
        expect(problem({ resource_usage: { assets: 5 } }).message).toContain("must be a mapping");
    });
});

describe("usage file: the plan command", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "usage-file-test-"));
    const fixture = path.join(REPO, "tests/cost/fixtures/small-stack");
    const write = (name: string, text: string) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, text);
        return file;
    };

    it("prices with --usage-file and lists each assumption with where it came from, in the text and the JSON", async () => {
        const file = write("usage.yml", "version: 0.1\nresource_usage:\n  uploads:\n    s3StorageGbPerBucket: 1000\n");
        const [base, tuned, text] = await Promise.all([
            runPlan(["--cwd", fixture, "--stack", "prod", "--no-policy", "--json"]),
            runPlan(["--cwd", fixture, "--stack", "prod", "--no-policy", "--json", "--usage-file", file]),
            runPlan(["--cwd", fixture, "--stack", "prod", "--no-policy", "--usage-file", file]),
        ]);
        expect(tuned.code, tuned.stderr).toBe(0);
        const before = JSON.parse(base.stdout) as { cost: { monthlyUsd: number; items: { urn: string; monthlyUsd: number }[] } };
        const after = JSON.parse(tuned.stdout) as {
            cost: {
                monthlyUsd: number;
                items: { urn: string; monthlyUsd: number }[];
                assumptions: { target: string; key: string; value: number; source: string }[];
            };
        };
        const changed = after.cost.items
            .filter((a) => a.monthlyUsd !== before.cost.items.find((b) => b.urn === a.urn)?.monthlyUsd)
            .map((i) => i.urn.split("::").pop());
        expect(changed).toEqual(["uploads"]);
        expect(after.cost.monthlyUsd - before.cost.monthlyUsd).toBeCloseTo(990 * 0.023, 1);
        expect(after.cost.assumptions).toContainEqual({
            target: "uploads",
            key: "s3StorageGbPerBucket",
            value: 1000,
            source: `${path.relative(REPO, file)}: resource_usage.uploads.s3StorageGbPerBucket`,
        });
        expect(after.cost.assumptions.find((a) => a.key === "natGatewayGbPerMonth")?.source).toMatch(/^default: /);
        expect(text.stdout).toContain("assumptions used");
        expect(text.stdout).toMatch(
            /uploads: s3StorageGbPerBucket = 1,000 {2}\(.*usage\.yml: resource_usage\.uploads\.s3StorageGbPerBucket\)/,
        );
    }, 180_000);

    it("exits 2 on an unknown entry, naming the file and the key, without a stack trace", async () => {
        const bad = write("bad.yml", "version: 0.1\nresource_usage:\n  uploads:\n    s3StorageGB: 1000\n");
        const unknown = write("unknown.yml", "version: 0.1\nresource_usage:\n  upload:\n    s3StorageGbPerBucket: 1000\n");
        const [a, b] = await Promise.all([
            runPlan(["--cwd", fixture, "--stack", "prod", "--no-policy", "--usage-file", bad]),
            runPlan(["--cwd", fixture, "--stack", "prod", "--no-policy", "--usage-file", unknown]),
        ]);
        expect(a.code).toBe(2);
        expect(a.stderr).toMatch(
            /^error: usage file .*bad\.yml: resource_usage\.uploads\.s3StorageGB: unknown usage key \(did you mean s3StorageGbPerBucket\?\)/,
        );
        expect(b.code).toBe(2);
        expect(b.stderr).toMatch(
            /^error: usage file .*unknown\.yml: resource_usage\.upload: no resource of the plan has this name or URN \(did you mean uploads\?\)/,
        );
        for (const r of [a, b]) expect(r.stderr).not.toMatch(/\n\s+at /);
    }, 180_000);
});
