// Cloud Storage buckets and Pub/Sub, priced since 2026-12-07 (issue 13: "price what the stacks still leave unpriced"),
// and the Google Cloud types of the prod stacks that cost nothing. Sources, read 2026-12-07 from stored copies:
// - https://cloud.google.com/storage/pricing: "South Carolina (us-east1) $0.020 $0.010 $0.004 $0.0012" (Standard, Nearline,
//   Coldline, Archive per GB-month), "Northern Virginia (us-east4) $0.023 …", multi-region Standard "$0.000035616 / 1
//   gibibyte hour" (= $0.026 a month), dual-region "$0.022 per GB per month" billed to each of its two regions;
//   https://cloud.google.com/storage/pricing-examples: "10,000 Class A operations * $0.005 per 1,000", "50,000 Class B
//   operations * $0.0004 per 1,000". Always Free: 5 GB-months Standard in us-east1/us-west1/us-central1, 5,000 Class A,
//   50,000 Class B operations a month per billing account.
// - https://cloud.google.com/pubsub/pricing: "The first 10 GiB are free. After that, the price is $40 per TiB".
import { describe, expect, it } from "vitest";
import { estimateMonthlyCost, type PricedResource } from "@appstack/cost";
import { parseUsageDocument } from "@appstack/cost/usage-file";

const res = (type: string, name: string, props: Record<string, unknown> = {}): PricedResource => ({
    urn: `urn:pulumi:prod::t::${type}::${name}`,
    type,
    name,
    props,
});
const BUCKET = "gcp:storage/bucket:Bucket";
const us = { region: "us-east-1" };
/** Items are rounded to cents. */
const cents = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(0.0051);
const at = (e: ReturnType<typeof estimateMonthlyCost>, name: string) => {
    const found = e.items.find((i) => i.name === name);
    if (!found) throw new Error(`no item ${name}; unpriced: ${e.unpriced.map((u) => `${u.name} (${u.reason})`).join(", ")}`);
    return found;
};

describe("Cloud Storage buckets", () => {
    // 10 GB, 10,000 Class A, 100,000 Class B (the S3 bucket defaults).
    const opsAfterFree = ((10_000 - 5_000) / 1000) * 0.005 + ((100_000 - 50_000) / 1000) * 0.0004;

    it("prices a regional Standard bucket in us-east1 after the Always Free 5 GB-months and operations", () => {
        const e = estimateMonthlyCost([res(BUCKET, "archive", { location: "US-EAST1", storageClass: "STANDARD" })], us);
        expect(e.unpriced).toEqual([]);
        cents(at(e, "archive").monthlyUsd, (10 - 5) * 0.02 + opsAfterFree);
        expect(at(e, "archive").basis).toContain("Always Free 5 GB-months Standard (US regions)");
    });
    it("gives no free storage outside us-east1, us-west1 and us-central1, and prices us-east4 at its own rate", () => {
        // TechMate's export archive: US-EAST4, Standard.
        const e = estimateMonthlyCost([res(BUCKET, "archive", { location: "US-EAST4", storageClass: "STANDARD" })], us);
        cents(at(e, "archive").monthlyUsd, 10 * 0.023 + opsAfterFree);
        expect(at(e, "archive").basis).not.toContain("5 GB-months");
    });
    it("prices multi-region, dual-region and colder classes by location type", () => {
        const e = estimateMonthlyCost(
            [
                res(BUCKET, "first", { location: "US-EAST1" }), // takes the free operations
                res(BUCKET, "multi", { location: "US", storageClass: "STANDARD" }),
                res(BUCKET, "dual", { location: "NAM4", storageClass: "STANDARD" }),
                res(BUCKET, "cold", { location: "US-CENTRAL1", storageClass: "COLDLINE" }),
            ],
            us,
        );
        const ops = (10_000 / 1000) * 0.005 + (100_000 / 1000) * 0.0004;
        expect(at(e, "multi").monthlyUsd).toBeCloseTo(10 * 0.026 + ops, 2);
        // InteliFeed's export archive: NAM4, $0.022 × 2 regions.
        expect(at(e, "dual").monthlyUsd).toBeCloseTo(10 * 0.044 + ops, 2);
        expect(at(e, "cold").monthlyUsd).toBeCloseTo(10 * 0.004 + (10_000 / 1000) * 0.02 + (100_000 / 1000) * 0.01, 2);
        expect(at(e, "cold").basis).toContain("retrieval and early-deletion fees not counted");
    });
    it("takes its quantities from a usage file, and that changes only the bucket it names", () => {
        const resources = [res(BUCKET, "archive", { location: "US-EAST1" }), res(BUCKET, "assets", { location: "US-EAST1" })];
        const before = estimateMonthlyCost(resources, us);
        const doc = parseUsageDocument({ resource_usage: { assets: { gcs_storage_gb_per_bucket: 110 } } }, "appstack-usage.yml", {
            resources,
        });
        const after = estimateMonthlyCost(resources, { ...us, usage: doc.usage });
        expect(at(after, "archive").monthlyUsd).toBe(at(before, "archive").monthlyUsd);
        expect(at(after, "assets").monthlyUsd - at(before, "assets").monthlyUsd).toBeCloseTo(100 * 0.02, 2);
    });
    it("says why an unknown storage class stays unpriced", () => {
        const e = estimateMonthlyCost([res(BUCKET, "odd", { location: "US-EAST1", storageClass: "DURABLE_REDUCED_AVAILABILITY" })], us);
        expect(e.unpriced[0]?.reason).toMatch(/storage class DURABLE_REDUCED_AVAILABILITY is not in the price table/i);
    });
});

describe("Pub/Sub", () => {
    it("prices throughput at $40 per TiB after the first 10 GiB a billing account", () => {
        const resources = [
            res("gcp:pubsub/topic:Topic", "events"),
            res("gcp:pubsub/subscription:Subscription", "events-log", { topic: "events" }),
        ];
        const small = estimateMonthlyCost(resources, us);
        expect(small.unpriced).toEqual([]);
        expect(small.monthlyUsd).toBe(0);
        expect(small.freeTiers.find((f) => f.meter === "gcp.pubsub.throughputGib")?.used).toBe(2);
        const big = estimateMonthlyCost(resources, { ...us, usage: { pubsubGibPerTopic: 1024, pubsubGibPerSubscription: 1024 } });
        expect(big.monthlyUsd).toBeCloseTo(((2048 - 10) / 1024) * 40, 2);
    });
});

describe("Google Cloud types that cost nothing", () => {
    it.each([
        "gcp:iam/workloadIdentityPool:WorkloadIdentityPool",
        "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider",
        "gcp:projects/serviceIdentity:ServiceIdentity",
        "gcp:storage/bucketIAMMember:BucketIAMMember",
        "gcp:pubsub/topicIAMMember:TopicIAMMember",
    ])("%s is free, not unpriced", (type) => {
        const e = estimateMonthlyCost([res(type, "x")], us);
        expect(e.unpriced).toEqual([]);
        expect(e.monthlyUsd).toBe(0);
    });
});
