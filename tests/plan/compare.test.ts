/**
 * `npm run plan -- --compare <plan.json>` (tools/plan/compare.ts): the difference between two plans of one stack,
 * on a fixture pair of real plan documents of tests/cost/fixtures/small-stack, without (plan-base.json) and with
 * (plan-head.json) its read replica: one resource apart.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { type ComparablePlan, comparePlans, formatComparison, readPlanDocument, toComparable } from "../../tools/plan/compare";

const FIXTURES = path.join(__dirname, "fixtures");
const base = () => readPlanDocument(path.join(FIXTURES, "plan-base.json"));
const head = () => readPlanDocument(path.join(FIXTURES, "plan-head.json"));
const REPLICA = "urn:pulumi:prod::small::small:index:Database$aws:rds/instance:Instance::db-replica";
const PRIMARY = "urn:pulumi:prod::small::small:index:Database$aws:rds/instance:Instance::db-primary";

function withTempFile(content: string, run: (file: string) => void): void {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compare-"));
    try {
        const file = path.join(dir, "plan.json");
        fs.writeFileSync(file, content);
        run(file);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

describe("comparing two plans of a stack that differ by one resource", () => {
    it("lists the added resource with its monthly cost, and the total before → after with the delta", () => {
        const before = base();
        const after = head();
        const c = comparePlans(after, before, "plan-base.json");
        expect(c.added.map((r) => r.urn)).toEqual([REPLICA]);
        expect(c.removed).toEqual([]);
        expect(c.changed).toEqual([]);
        const replicaCost = after.cost!.items.find((i) => i.urn === REPLICA)!.monthlyUsd;
        expect(c.added[0]).toMatchObject({ beforeUsd: null, afterUsd: replicaCost, deltaUsd: replicaCost });
        expect(c.beforeUsd).toBe(before.cost!.monthlyUsd);
        expect(c.afterUsd).toBe(after.cost!.monthlyUsd);
        // The delta of the totals is the cost of the one change: nothing else moved.
        expect(c.deltaUsd).toBeCloseTo(replicaCost, 2);

        const text = formatComparison(c);
        expect(text).toContain("1 added, 0 removed, 0 changed");
        expect(text).toMatch(/\+ db-replica\s+aws:rds\/instance:Instance\s+\+\$49\.75\/month/);
        expect(text).toContain("monthly total: $145.47 → $195.22 (+$49.75/month)");
    });

    it("reports the resource as removed, with a negative delta, the other way round", () => {
        const c = comparePlans(base(), head(), "plan-head.json");
        expect(c.added).toEqual([]);
        expect(c.removed.map((r) => r.urn)).toEqual([REPLICA]);
        expect(c.deltaUsd).toBeCloseTo(-49.75, 2);
        expect(formatComparison(c)).toMatch(/- db-replica\s+\S+\s+-\$49\.75\/month/);
    });

    it("reports a resource whose inputs differ as changed, with the keys and its cost before → after", () => {
        const after = head();
        const bigger: ComparablePlan = {
            ...after,
            resources: after.resources.map((r) =>
                r.urn === PRIMARY ? { ...r, inputs: { ...(r.inputs as object), instanceClass: "db.t4g.large" } } : r,
            ),
            cost: {
                monthlyUsd: after.cost!.monthlyUsd + 94.9,
                items: after.cost!.items.map((i) => (i.urn === PRIMARY ? { ...i, monthlyUsd: i.monthlyUsd + 94.9 } : i)),
            },
        };
        const c = comparePlans(bigger, after, "plan-head.json");
        expect(c.changed).toHaveLength(1);
        expect(c.changed[0]).toMatchObject({ urn: PRIMARY, keys: ["instanceClass"], beforeUsd: 106.4, deltaUsd: 94.9 });
        expect(formatComparison(c)).toMatch(/~ db-primary .* \$106\.40 → \$201\.30 \(\+\$94\.90\)\s+\[instanceClass\]/);
    });

    it("counts a price that moved with unchanged inputs as a change of the bill, and key order as no change", () => {
        const after = head();
        const reordered: ComparablePlan = {
            ...after,
            resources: after.resources.map((r) =>
                r.urn === PRIMARY ? { ...r, inputs: Object.fromEntries(Object.entries(r.inputs as object).reverse()) } : r,
            ),
        };
        expect(comparePlans(reordered, after, "x").changed).toEqual([]);
        const repriced: ComparablePlan = {
            ...after,
            cost: {
                monthlyUsd: after.cost!.monthlyUsd + 1,
                items: after.cost!.items.map((i) => (i.urn === PRIMARY ? { ...i, monthlyUsd: i.monthlyUsd + 1 } : i)),
            },
        };
        expect(comparePlans(repriced, after, "x").changed).toMatchObject([{ urn: PRIMARY, keys: [], deltaUsd: 1 }]);
    });

    it("compares the current plan's own document shape (planDocument) as well as a file", () => {
        const doc: unknown = JSON.parse(fs.readFileSync(path.join(FIXTURES, "plan-head.json"), "utf8"));
        expect(comparePlans(toComparable(doc, "this plan"), base(), "plan-base.json").added).toHaveLength(1);
    });
});

describe("--compare rejects what it cannot compare, naming the file", () => {
    it("a plan of another stack", () => {
        const other = { ...base(), stack: "staging" };
        expect(() => comparePlans(head(), other, "plan-staging.json")).toThrow(
            /plan-staging\.json is the plan of small\/staging, not small\/prod/,
        );
    });

    it("an empty file (a plan that exited 2), a non-JSON file, a preview document", () => {
        withTempFile("", (f) => expect(() => readPlanDocument(f)).toThrow(/is empty \(a plan that exited 2 prints no JSON\)/));
        withTempFile("> appstack@0.1.0 plan\n{", (f) => expect(() => readPlanDocument(f)).toThrow(/is not JSON .*npm run -s plan/));
        withTempFile(JSON.stringify({ steps: [] }), (f) => expect(() => readPlanDocument(f)).toThrow(/use --from-preview/));
        withTempFile(JSON.stringify({ project: "small", stack: "prod" }), (f) =>
            expect(() => readPlanDocument(f)).toThrow(/`resources` must be an array/),
        );
    });

    it("an older document without a cost section compares resources and says the cost is unknown", () => {
        const old: ComparablePlan = { ...base(), cost: null };
        const c = comparePlans(head(), old, "old.json");
        expect(c.added).toHaveLength(1);
        expect(c.deltaUsd).toBeNull();
        expect(formatComparison(c)).toContain("the other plan has no cost section");
    });
});
