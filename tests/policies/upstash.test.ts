import { describe, expect, it } from "vitest";
import { UPSTASH } from "../../policies/rules/resource-types";
import { validateResource } from "./harness";

const db = (props: Record<string, unknown>) => ({
    type: UPSTASH.redisDatabase,
    name: "cache-database",
    props: { databaseName: "coachmeld-prod-cache", region: "global", primaryRegion: "us-east-1", ...props },
});

describe("budget-upstash-cap", () => {
    const run = (props: Record<string, unknown>, config = {}) => validateResource("budget-upstash-cap", db(props), config);
    it("accepts an explicit budget", async () => {
        expect(await run({ budget: 50 })).toEqual([]);
    });
    it("rejects a missing or zero budget (the provider's $20 default is nobody's decision)", async () => {
        expect((await run({}))[0].message).toMatch(/no budget cap.*\$20/);
        expect(await run({ budget: 0 })).toHaveLength(1);
    });
    it("enforces maxBudgetUsd when set", async () => {
        expect((await run({ budget: 500 }, { maxBudgetUsd: 100 }))[0].message).toMatch(/\$500 exceeds the allowed \$100/);
        expect(await run({}, { requireBudgetCap: false })).toEqual([]);
    });
});

describe("encryption-in-transit-cache: Upstash TLS", () => {
    const run = (props: Record<string, unknown>) => validateResource("encryption-in-transit-cache", db(props));
    it("accepts tls true or unset (Upstash turns TLS on for every new database)", async () => {
        expect(await run({ tls: true })).toEqual([]);
        expect(await run({})).toEqual([]);
    });
    it("rejects tls: false", async () => {
        expect((await run({ tls: false }))[0].message).toMatch(/tls is false.*rediss/);
    });
});
