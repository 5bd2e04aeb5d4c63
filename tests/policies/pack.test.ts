// The pack as a library (policies/pack.ts): other teams compose our rules into their own pack, with levels and
// config baked in, as awsguard allows; and a misspelt config key is an error naming the nearest valid one.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { appstackPolicies, appstackPolicyPackArgs } from "../../policies/pack";
import { policies } from "../../policies/rules";
import { UPSTREAM } from "../../policies/rules/peers";
import { validateResource, validateStack } from "./harness";

describe("appstackPolicies", () => {
    it("without options returns every policy as defined; the pack args are mandatory by default", () => {
        expect(appstackPolicies().map((p) => p.name)).toEqual(policies.map((p) => p.name));
        expect(appstackPolicyPackArgs().enforcementLevel).toBe("mandatory");
    });
    it("bakes an environment's shipped levels and thresholds into levels and schema defaults", () => {
        const prod = appstackPolicies({ environment: "prod" });
        const backups = prod.find((p) => p.name === "rpo-database-backups");
        expect(backups?.enforcementLevel).toBe("mandatory");
        expect(backups?.configSchema?.properties["minRetentionDays"].default).toBe(30);
        expect(prod.find((p) => p.name === "encryption-at-rest-customer-keys")?.enforcementLevel).toBe("advisory");
        const dev = appstackPolicies({ environment: "dev" });
        expect(dev.find((p) => p.name === "rpo-database-backups")?.enforcementLevel).toBe("advisory");
        expect(dev.find((p) => p.name === "data-loss-public-database")?.enforcementLevel).toBe("mandatory");
    });
    it("applies the caller's settings over the environment's, and leaves out excluded policies", () => {
        const mine = appstackPolicies({
            environment: "prod",
            config: { "budget-monthly-cost": { monthlyBudgetUsd: 120 }, "edge-waf-required": "advisory" },
            exclude: ["budget-upstash-cap"],
        });
        expect(mine.find((p) => p.name === "budget-monthly-cost")?.configSchema?.properties["monthlyBudgetUsd"].default).toBe(120);
        expect(mine.find((p) => p.name === "edge-waf-required")?.enforcementLevel).toBe("advisory");
        expect(mine.some((p) => p.name === "budget-upstash-cap")).toBe(false);
    });
    it("rejects unknown policies, keys and levels before anything runs, naming the nearest valid one", () => {
        expect(() => appstackPolicies({ config: { "budget-monthly-cots": "advisory" } })).toThrow(
            /no such policy \(did you mean "budget-monthly-cost"\?\)/,
        );
        expect(() => appstackPolicies({ config: { "budget-monthly-cost": { monthlyBudgtUsd: 1 } } })).toThrow(
            /"monthlyBudgtUsd" \(did you mean "monthlyBudgetUsd"\?\)/,
        );
        expect(() => appstackPolicies({ config: { all: "loud" as "advisory" } })).toThrow(/not an enforcement level/);
    });
});

describe("policy config checked like stack config", () => {
    it("a misspelt key in a policy's config is an error naming the nearest valid key (also under the real CLI)", async () => {
        await expect(validateStack("budget-monthly-cost", [], { monthlyBudgtUsd: 10 })).rejects.toThrow(
            /unknown policy config key "monthlyBudgtUsd" \(did you mean "monthlyBudgetUsd"\?\)/,
        );
        await expect(
            validateResource(
                "encryption-at-rest",
                { type: "aws:ebs/volume:Volume", name: "v", props: {} },
                { requireCustomerManagedKey: true },
            ),
        ).rejects.toThrow(/did you mean "requireCustomerManagedKeys"/);
    });
});

describe("the rule table (policies/README.md)", () => {
    it("documents every policy in one row with its levels and peers", () => {
        const readme = fs.readFileSync(path.join(__dirname, "../../policies/README.md"), "utf8");
        const table = readme.slice(readme.indexOf("## Rule table"));
        const levels = (env: string) => appstackPolicies({ environment: env as "dev" });
        const [dev, staging, prod] = ["dev", "staging", "prod"].map(levels);
        const letter = (list: typeof dev, name: string) =>
            (list.find((p) => p.name === name)?.enforcementLevel ?? "mandatory")[0].toUpperCase();
        for (const p of policies) {
            const row = table.split("\n").find((line) => line.startsWith(`| \`${p.name}\``));
            expect(row, p.name).toBeDefined();
            // The row's levels are the shipped configs' levels.
            expect(row, p.name).toContain(`| ${letter(dev, p.name)}/${letter(staging, p.name)}/${letter(prod, p.name)}`);
        }
    });
});

describe("upstream ids (policies/rules/peers.ts)", () => {
    const readme = fs.readFileSync(path.join(__dirname, "../../policies/README.md"), "utf8");
    const table = readme.slice(readme.indexOf("## Rule table")).split("\n");
    it("every policy names its peers, or says it is beyond them, and the README row gives the same ids", () => {
        expect(Object.keys(UPSTREAM).sort()).toEqual(policies.map((p) => p.name).sort());
        for (const p of policies) {
            const ids = UPSTREAM[p.name];
            const all = [...ids.checkov, ...ids.kics, ...ids.trivy, ...ids.prowler, ...ids.pulumi, ...(ids.notFollowed ?? [])];
            const row = table.find((line) => line.startsWith(`| \`${p.name}\``)) ?? "";
            for (const id of all) expect(row, `${p.name}: ${id}`).toContain(id);
            if (ids.beyondPeers) expect(row, p.name).toContain("†");
            // A rule with no peer at all says so: † (beyond peers) or — (no peer and nothing stricter).
            if (all.length === 0) expect(ids.beyondPeers || row.trimEnd().endsWith("| — |"), p.name).toBe(true);
        }
    });
    it("ids have each project's shape", () => {
        for (const [name, ids] of Object.entries(UPSTREAM)) {
            for (const id of ids.checkov) expect(id, name).toMatch(/^CKV2?_(AWS|GCP)_\d+$/);
            for (const id of ids.kics) expect(id, name).toMatch(/^[0-9a-f]{8}$/);
            for (const id of ids.trivy) expect(id, name).toMatch(/^AVD-(AWS|GCP)-\d{4}$/);
            for (const id of ids.prowler) expect(id, name).toMatch(/^[a-z0-9]+(_[a-z0-9]+)+$/);
            for (const id of ids.pulumi) expect(id, name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
        }
    });
});
