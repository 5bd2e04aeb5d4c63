/**
 * Cost from a real preview (tools/plan/preview.ts): a `pulumi preview --json` document in the CLI's format
 * (`PreviewDigest`, pulumi/pulumi pkg/display/json.go, written by ShowPreviewDigest in pkg/backend/display/json.go)
 * for tests/cost/fixtures/small-stack, priced with the offline plan's cost model and budget, against the offline
 * plan of the same program captured here.
 *
 * The fixture's inputs are post-Check, as the AWS provider (7.48.0) returns them: autonamed `identifier`/`bucket`
 * (name + "-" + 7 hex characters), the schema defaults its docs name ("Defaults to true"...) listed in
 * `__defaults`, and values unknown during a preview as the engine's placeholder (pkg/resource/stack/deployment.go,
 * `computedValuePlaceholder`).
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { register } from "tsx/cjs/api";
import { describe, expect, it } from "vitest";
import { planCost } from "../../tools/plan/cost";
import {
    fromPreview,
    parsePreview,
    previewBudget,
    previewCost,
    previewWarnings,
    readPreview,
    resourcesAfter,
} from "../../tools/plan/preview";
import { plan } from "../support/plan";

// The program is TypeScript, loaded with `require` as the Node.js language host would (tsx compiles).
register();

const REPO = path.resolve(__dirname, "../..");
const FIXTURE = path.join(__dirname, "fixtures/preview-small-stack.json");
const PROGRAM = path.join(__dirname, "fixtures/small-stack/index.ts");
const PROD_CONFIG = path.join(REPO, "policies/config/prod.json");
const REPLICA = "urn:pulumi:prod::small::small:index:Database$aws:rds/instance:Instance::db-replica";
const budget = { usd: 3000, source: "test" };

interface Digest {
    config: Record<string, string>;
    steps: {
        op: string;
        urn: string;
        provider?: string;
        oldState?: Record<string, unknown>;
        newState?: Record<string, unknown>;
        detailedDiff: null;
    }[];
    changeSummary: Record<string, number>;
}
const digest = (): Digest => JSON.parse(fs.readFileSync(FIXTURE, "utf8")) as Digest;
const priced = (d: Digest) => previewCost(parsePreview(d, "preview.json"), budget);

describe("a preview document yields the offline plan's total for the same program", () => {
    it("prices the same resources, and differs only where post-Check inputs change a priced input", async () => {
        // The program as the plan runs it: its own config, project `small`, stack `prod`.
        const offline = await plan(() => createRequire(__filename)(PROGRAM), { project: "small", config: { "small:replica": "true" } });
        const planned = planCost(offline.resources, "us-east-1", null);
        const previewed = previewCost(readPreview(FIXTURE), previewBudget(PROD_CONFIG)).cost;

        // Same priced URNs (the default provider of the preview is Pulumi's own: skipped), nothing unpriced.
        expect(previewed.items.map((i) => i.urn).sort()).toEqual(planned.items.map((i) => i.urn).sort());
        expect(previewed.unpriced).toEqual(planned.unpriced);

        // Check autonames the primary's `identifier`, so the replica's `replicateSourceDb` names it and the model
        // takes the source's 50 GB; offline the primary has no identifier input and 20 GB is assumed.
        const differing = previewed.items.filter((i) => planned.items.find((p) => p.urn === i.urn)?.monthlyUsd !== i.monthlyUsd);
        expect(differing.map((i) => i.urn)).toEqual([REPLICA]);
        const offlineReplica = planned.items.find((i) => i.urn === REPLICA)!;
        expect(offlineReplica.basis).toContain("allocatedStorage not known: 20 GB assumed");
        expect(differing[0].basis).toContain("50 GB gp2 (source's storage)");
        expect(previewed.monthlyUsd - planned.monthlyUsd).toBeCloseTo(differing[0].monthlyUsd - offlineReplica.monthlyUsd, 2);
        expect(previewed.monthlyUsd - planned.monthlyUsd).toBeCloseTo((50 - 20) * 0.115, 2);
        // The budget verdict is the plan's: the stack's policy config.
        expect(previewed).toMatchObject({ budgetUsd: 3000, budgetSource: "policy config budget-monthly-cost" });
    });

    it("reads unknown values as the cost model's [unknown] and puts a resource in its provider's region", () => {
        const d = digest();
        const { resources } = resourcesAfter(parsePreview(d, "preview.json"));
        const nat = resources.find((r) => r.type === "aws:ec2/natGateway:NatGateway")!;
        expect(nat.inputs).toMatchObject({ allocationId: "[unknown]", subnetId: "[unknown]", region: "us-east-1" });

        // An explicit provider in another region: its resources are priced there, as the budget policy does.
        const provider = "urn:pulumi:prod::small::pulumi:providers:aws::west";
        d.steps.push({
            op: "create",
            urn: provider,
            newState: { urn: provider, custom: true, type: "pulumi:providers:aws", inputs: { region: "us-west-2" } },
            detailedDiff: null,
        });
        const eip = d.steps.find((s) => s.urn.endsWith("aws:ec2/eip:Eip::nat"))!;
        eip.newState = { ...eip.newState, provider: `${provider}::04da6b54-80e4-46f7-96ec-b56ff0331ba9` };
        const item = priced(d).cost.items.find((i) => i.type === "aws:ec2/eip:Eip")!;
        expect(item.basis).toContain("us-west-2");
    });
});

describe("each step maps to the resources that exist after the change", () => {
    /** The fixture as a preview of the deployed stack without the replica: every other resource `same`. */
    const update = (showSames: boolean): Digest => {
        const d = digest();
        const steps = d.steps
            .map((s) => (s.urn === REPLICA ? s : { ...s, op: "same", oldState: s.newState }))
            .filter((s) => showSames || s.op !== "same" || s.urn.includes("pulumi:pulumi:Stack"));
        return { ...d, steps, changeSummary: { create: 1, same: d.steps.length - 1 } };
    };

    it("counts `same` steps (--show-sames) with the creates: the whole stack's total", () => {
        const all = priced(digest());
        const p = priced(update(true));
        expect(p.cost.monthlyUsd).toBe(all.cost.monthlyUsd);
        expect(p.missingSames).toBe(0);
        expect(previewWarnings(p)).toEqual([]);
    });

    it("says the total is incomplete when unchanged resources are left out (no --show-sames)", () => {
        const p = priced(update(false));
        expect(p.missingSames).toBe(8);
        expect(p.cost.items.map((i) => i.urn)).toEqual([REPLICA]);
        expect(previewWarnings(p).join("\n")).toMatch(/8 unchanged resource\(s\) .* `pulumi preview --json --show-sames`/);
    });

    it("drops deleted resources, keeps one copy of a replaced one with its new inputs, ignores reads", () => {
        const d = digest();
        const replica = d.steps.find((s) => s.urn === REPLICA)!;
        const primary = d.steps.find((s) => s.urn.endsWith("::db-primary"))!;
        const bigger = { ...primary.newState, inputs: { ...(primary.newState!["inputs"] as object), instanceClass: "db.t4g.large" } };
        const read = "urn:pulumi:prod::small::aws:ec2/vpc:Vpc::shared";
        d.steps = d.steps.filter((s) => s !== replica && s !== primary);
        d.steps.push(
            { op: "delete", urn: REPLICA, oldState: replica.newState, detailedDiff: null },
            // --show-replacement-steps: the new copy, the logical replace, then the old copy's delete.
            { op: "create-replacement", urn: primary.urn, oldState: primary.newState, newState: bigger, detailedDiff: null },
            { op: "replace", urn: primary.urn, oldState: primary.newState, newState: bigger, detailedDiff: null },
            { op: "delete-replaced", urn: primary.urn, oldState: primary.newState, detailedDiff: null },
            { op: "read", urn: read, newState: { urn: read, custom: true, type: "aws:ec2/vpc:Vpc", inputs: {} }, detailedDiff: null },
        );
        const p = priced(d);
        expect(p.cost.items.some((i) => i.urn === REPLICA || i.urn === read)).toBe(false);
        const items = p.cost.items.filter((i) => i.urn === primary.urn);
        expect(items).toHaveLength(1);
        expect(items[0].basis).toContain("db.t4g.large");
    });
});

describe("bad input: a clear error naming the file and what is allowed", () => {
    it("rejects an op it does not know, a plan document, a stream of events, a step without op", () => {
        const d = digest();
        d.steps[2] = { ...d.steps[2], op: "transmogrify" };
        expect(() => parsePreview(d, "p.json")).toThrow(/p\.json: steps\[2\] .* has op "transmogrify", .* known: create, update, same/);
        expect(() => parsePreview({ project: "small", stack: "prod", resources: [] }, "plan.json")).toThrow(
            /offline plan document .* use --compare/,
        );
        expect(() => parsePreview({ steps: [{ urn: "x" }] }, "p.json")).toThrow(/steps\[0\] needs a string `op` and `urn`/);
        expect(() => parsePreview({ diagnostics: [{ severity: "error", message: "boom" }] }, "p.json")).toThrow(
            /failed before any step: boom/,
        );
        const dir = fs.mkdtempSync(path.join(REPO, ".tmp-preview-"));
        try {
            const file = path.join(dir, "events.json");
            fs.writeFileSync(file, '{"sequence":0,"preludeEvent":{}}\n{"sequence":1,"summaryEvent":{}}\n');
            expect(() => readPreview(file)).toThrow(/stream of engine events .* PULUMI_ENABLE_STREAMING_JSON_PREVIEW/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("rejects a preview of another stack than --stack", () => {
        expect(() => previewCost(readPreview(FIXTURE), budget, "staging")).toThrow(/preview of stack "prod", not "staging"/);
    });

    it("takes the budget from the policy config, else the policy's default, and rejects a wrong value by key", () => {
        expect(previewBudget(PROD_CONFIG)).toEqual({ usd: 3000, source: "policy config budget-monthly-cost" });
        expect(previewBudget(null).source).toContain("schema default");
        const dir = fs.mkdtempSync(path.join(REPO, ".tmp-preview-"));
        try {
            const file = path.join(dir, "prod.json");
            fs.writeFileSync(file, JSON.stringify({ "budget-monthly-cost": { monthlyBudgetUsd: "lots" } }));
            expect(() => previewBudget(file)).toThrow(
                /prod\.json: budget-monthly-cost\.monthlyBudgetUsd must be a number ≥ 0 .* got "lots"/,
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("npm run plan -- --from-preview", () => {
    it("prints the plan's cost table with the budget verdict, and with --json the plan document's cost section", () => {
        const options = { file: FIXTURE, cwd: REPO, policyPack: path.join(REPO, "policies"), policyPackConfig: null };
        const text = fromPreview({ ...options, json: false });
        expect(text).toMatch(/total\s+\$198\.67\s+within the budget of \$3,000\.00 \(policy config budget-monthly-cost\)/);
        expect(text).toMatch(/db\s+\$159\.60\s+largest: db-primary \(\$106\.40\)/);

        const doc = JSON.parse(fromPreview({ ...options, json: true })) as {
            stack: string;
            cost: Record<string, unknown>;
            preview: { complete: boolean };
        };
        const planDoc = JSON.parse(fs.readFileSync(path.join(__dirname, "../plan/fixtures/plan-head.json"), "utf8")) as {
            cost: Record<string, unknown>;
        };
        expect(Object.keys(doc.cost).sort()).toEqual(Object.keys(planDoc.cost).sort());
        expect(doc).toMatchObject({ stack: "prod", preview: { complete: true }, cost: { monthlyUsd: 198.67, budgetUsd: 3000 } });
    });
});
