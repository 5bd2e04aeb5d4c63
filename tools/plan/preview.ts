/**
 * Cost from a real preview: reads the document `pulumi preview --json` prints and prices what the stack will hold
 * after the change, with the same cost model and budget verdict as the offline plan (tools/plan/cost.ts).
 *
 * The format is the CLI's `PreviewDigest` (pulumi/pulumi pkg/display/json.go: `config`, `steps`, `diagnostics`,
 * `duration`, `changeSummary`; each `PreviewStep` has `op`, `urn`, `provider`, `oldState`, `newState`,
 * `diffReasons`, `replaceReasons`, `detailedDiff`; states are `apitype.ResourceV3`, sdk/go/common/apitype/core.go),
 * built by `ShowPreviewDigest` in pkg/backend/display/json.go from each step's pre-event, so `newState.inputs` are
 * the inputs after the provider's Check (autonames and schema defaults filled in). What that source fixes:
 * - `same` steps are left out unless `--show-sames` (`shouldShow`, pkg/backend/display/display.go), though
 *   `changeSummary` counts them: without the flag an existing stack's unchanged resources are missing, and the total
 *   is reported as incomplete. A replacement is one `replace` step unless `--show-replacement-steps`.
 * - secrets are the string "[secret]" (`MassageSecrets`); values unknown during the preview are the engine's
 *   placeholder `04da6b54-80e4-46f7-96ec-b56ff0331ba9` (`computedValuePlaceholder`, pkg/resource/stack/deployment.go),
 *   read here as the cost model's "[unknown]", as the budget policy sees them under the CLI.
 * Ops (pkg/resource/deploy/step.go): `create`, `update`, `same`, `replace`, `create-replacement`, `import`,
 * `import-replacement` and `refresh` leave the resource in the stack with `newState`; `delete` and `discard` remove it;
 * `delete-replaced`, `discard-replaced` and `remove-pending-replace` remove only the replaced copy; `read` and
 * `read-replacement` are resources the stack reads but does not manage, not priced (as in the offline plan).
 */
import * as fs from "node:fs";
import { monthlyCostSchema } from "../../policies/rules/budget";
import { configDefaults } from "../../policies/rules/util";
import { checkUsageFile, formatCost, type PlanCost, planCost, readUsageFile, type UsageFile } from "./cost";
import type { CapturedResource } from "./engine";
import { defaultPolicyConfig } from "./gate/config";
import { PlanInputError } from "./project";
import { groupByComponent } from "./report";
import { type Json, toPlain } from "./values";

const KEEPS = new Set(["create", "update", "same", "replace", "create-replacement", "import", "import-replacement", "refresh"]);
const REMOVES = new Set(["delete", "discard"]);
const IGNORED = new Set(["delete-replaced", "discard-replaced", "remove-pending-replace", "read", "read-replacement"]);

export interface PreviewState {
    urn: string;
    type: string;
    custom: boolean;
    parent: string | null;
    provider: string | null;
    inputs: { [key: string]: Json };
    /** `propertyDependencies` of the state (apitype.ResourceV3): input → the URNs it depends on. */
    propertyDependencies: Record<string, string[]>;
}

export interface PreviewStep {
    op: string;
    urn: string;
    newState: PreviewState | null;
}

export interface PreviewDocument {
    file: string;
    config: Record<string, string>;
    steps: PreviewStep[];
    changeSummary: Record<string, number>;
    /** Error diagnostics: the preview failed, and its steps may stop short. */
    errors: string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Reads and checks a `pulumi preview --json` document; errors name the file, the step and what is allowed. */
export function readPreview(file: string): PreviewDocument {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new PlanInputError(`--from-preview: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (err) {
        const streamed =
            text.trim().split("\n").length > 1 &&
            text
                .trim()
                .split("\n")
                .every((l) => l.trim().startsWith("{"));
        const hint = streamed
            ? "it looks like a stream of engine events (one JSON object a line, from `pulumi up --json` or PULUMI_ENABLE_STREAMING_JSON_PREVIEW); run `pulumi preview --json` without that variable"
            : `not JSON (${err instanceof Error ? err.message : String(err)})`;
        throw new PlanInputError(`--from-preview: ${file}: ${hint}`);
    }
    return parsePreview(doc, file);
}

/** A state's `propertyDependencies` (input → URNs); anything not of that shape is left out. */
function propertyDependenciesOf(value: unknown): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    if (!isRecord(value)) return out;
    for (const [key, urns] of Object.entries(value)) {
        if (Array.isArray(urns)) out[key] = urns.filter((u): u is string => typeof u === "string");
    }
    return out;
}

/** Checks the shape of a parsed preview document. */
export function parsePreview(doc: unknown, file: string): PreviewDocument {
    const bad = (what: string) =>
        new PlanInputError(`--from-preview: ${file}: ${what}; expected the output of \`pulumi preview --json --show-sames\``);
    if (!isRecord(doc)) throw bad("not a JSON object");
    if (Array.isArray(doc["resources"]))
        throw bad("this is an offline plan document (`npm run plan -- --json`), not a preview; use --compare for two plans");
    const rawSteps = doc["steps"] ?? [];
    if (!Array.isArray(rawSteps)) throw bad("`steps` must be an array");
    const steps = rawSteps.map((s: unknown, i): PreviewStep => {
        if (!isRecord(s) || typeof s["op"] !== "string" || typeof s["urn"] !== "string")
            throw bad(`steps[${i}] needs a string \`op\` and \`urn\``);
        const op = s["op"];
        if (!KEEPS.has(op) && !REMOVES.has(op) && !IGNORED.has(op)) {
            throw bad(
                `steps[${i}] (${s["urn"]}) has op "${op}", which this tool does not know; known: ${[...KEEPS, ...REMOVES, ...IGNORED].join(", ")}`,
            );
        }
        const ns = s["newState"];
        let newState: PreviewState | null = null;
        if (ns !== undefined && ns !== null) {
            if (!isRecord(ns) || typeof ns["type"] !== "string") throw bad(`steps[${i}].newState needs a string \`type\``);
            // The plan's own conversion: the unknown placeholder becomes "[unknown]", as the cost model reads it.
            const inputs = toPlain(ns["inputs"] ?? {});
            newState = {
                urn: typeof ns["urn"] === "string" ? ns["urn"] : s["urn"],
                type: ns["type"],
                custom: ns["custom"] === true,
                parent: typeof ns["parent"] === "string" && ns["parent"] !== "" ? ns["parent"] : null,
                provider: typeof ns["provider"] === "string" && ns["provider"] !== "" ? ns["provider"] : null,
                inputs: inputs !== null && typeof inputs === "object" && !Array.isArray(inputs) ? inputs : {},
                propertyDependencies: propertyDependenciesOf(ns["propertyDependencies"]),
            };
        }
        return { op, urn: s["urn"], newState };
    });
    const config: Record<string, string> = {};
    if (isRecord(doc["config"])) for (const [k, v] of Object.entries(doc["config"])) if (typeof v === "string") config[k] = v;
    const changeSummary: Record<string, number> = {};
    if (isRecord(doc["changeSummary"]))
        for (const [k, v] of Object.entries(doc["changeSummary"])) if (typeof v === "number") changeSummary[k] = v;
    const diagnostics: unknown[] = Array.isArray(doc["diagnostics"]) ? doc["diagnostics"] : [];
    const errors = diagnostics
        .filter(isRecord)
        .filter((d) => d["severity"] === "error")
        .map((d) => (typeof d["message"] === "string" ? d["message"].trim() : "(no message)"));
    if (steps.length === 0) throw bad(errors.length > 0 ? `the preview failed before any step: ${errors[0]}` : "it has no steps");
    return { file, config, steps, changeSummary, errors };
}

/** The stack of a preview, from its root stack URN (`urn:pulumi:<stack>::<project>::...`). */
export function previewStack(preview: PreviewDocument): { stack: string; project: string } {
    const m = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(preview.steps[0]?.urn ?? "");
    if (!m) throw new PlanInputError(`--from-preview: ${preview.file}: steps[0].urn is not a Pulumi URN`);
    return { stack: m[1], project: m[2] };
}

export interface PreviewResources {
    /** What the stack holds after the change, in step order (stack, components, custom resources). */
    resources: CapturedResource[];
    /** Unchanged resources `changeSummary` counts but the document leaves out (no `--show-sames`). */
    missingSames: number;
}

/** A preview state as the offline plan's capture shape, so the plan's own cost and report code price it. */
function asCaptured(s: PreviewState, inputs: { [key: string]: Json }): CapturedResource {
    const parts = s.urn.split("::");
    return {
        urn: s.urn,
        type: s.type,
        name: parts.slice(3).join("::"),
        parent: s.parent,
        custom: s.custom,
        remote: false,
        id: "",
        protect: false,
        retainOnDelete: false,
        deletedWith: null,
        deleteBeforeReplace: false,
        ignoreChanges: [],
        additionalSecretOutputs: [],
        dependencies: [],
        propertyDependencies: s.propertyDependencies,
        provider: s.provider,
        inputs,
        secretInputs: [],
        outputs: {},
        wire: { inputs, outputs: {} },
    };
}

/** The resources that exist after the change, with post-Check inputs; see the ops in this module's comment. */
export function resourcesAfter(preview: PreviewDocument): PreviewResources {
    const after = new Map<string, PreviewState>();
    for (const step of preview.steps) {
        if (REMOVES.has(step.op)) after.delete(step.urn);
        // A refresh step only stands for the resource until the step that says what happens to it.
        else if (KEEPS.has(step.op) && step.newState && !(step.op === "refresh" && after.has(step.urn))) after.set(step.urn, step.newState);
    }
    // Like the budget policy under the CLI: a resource without its own `region` is in its provider's region.
    const providers = new Map([...after.values()].filter((s) => s.type.startsWith("pulumi:providers:")).map((s) => [s.urn, s]));
    const resources = [...after.values()].map((s) => {
        const providerUrn = s.provider?.split("::").slice(0, -1).join("::");
        const region = providerUrn ? providers.get(providerUrn)?.inputs["region"] : undefined;
        const inputs = s.inputs["region"] === undefined && typeof region === "string" ? { ...s.inputs, region } : s.inputs;
        return asCaptured(s, inputs);
    });
    const sameSteps = preview.steps.filter((s) => s.op === "same").length;
    return { resources, missingSames: Math.max(0, (preview.changeSummary["same"] ?? 0) - sameSteps) };
}

/**
 * The budget the plan would hold the stack to: `budget-monthly-cost.monthlyBudgetUsd` of the policy config file,
 * else the policy's schema default, as the gate reconciles it (tools/plan/gate/config.ts).
 */
export function previewBudget(configFile: string | null): { usd: number; source: string } {
    const fallback = {
        usd: configDefaults(monthlyCostSchema).monthlyBudgetUsd,
        source: "policy config budget-monthly-cost (schema default)",
    };
    if (configFile === null) return fallback;
    let parsed: unknown;
    try {
        parsed = JSON.parse(fs.readFileSync(configFile, "utf8"));
    } catch (err) {
        throw new PlanInputError(
            `--policy-pack-config: cannot read ${configFile} as JSON: ${err instanceof Error ? err.message : String(err)}`,
        );
    }
    const policy = isRecord(parsed) ? parsed["budget-monthly-cost"] : undefined;
    const value = isRecord(policy) ? policy["monthlyBudgetUsd"] : undefined;
    if (value === undefined) return fallback;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
        throw new PlanInputError(
            `${configFile}: budget-monthly-cost.monthlyBudgetUsd must be a number ≥ 0 (USD a month), got ${JSON.stringify(value)}`,
        );
    }
    return { usd: value, source: "policy config budget-monthly-cost" };
}

export interface PreviewCost {
    project: string;
    stack: string;
    resources: CapturedResource[];
    cost: PlanCost;
    missingSames: number;
    errors: string[];
    changeSummary: Record<string, number>;
}

/**
 * Prices a preview with the plan's cost model and budget. `stack`, when given, must be the preview's. `usage`: the
 * usage file as the plan reads it (`readUsageFile`), checked here against the preview's resources as the plan checks
 * it against its own.
 */
export function previewCost(
    preview: PreviewDocument,
    budget: { usd: number; source: string },
    stack?: string,
    usage: UsageFile | null = null,
): PreviewCost {
    const identity = previewStack(preview);
    if (stack !== undefined && stack !== identity.stack) {
        throw new PlanInputError(`--from-preview: ${preview.file} is a preview of stack "${identity.stack}", not "${stack}"`);
    }
    const { resources, missingSames } = resourcesAfter(preview);
    // The plan's region: `aws:region` of the stack config, which the preview carries in `config`.
    const region = preview.config["aws:region"] ?? "us-east-1";
    const checked = usage ? checkUsageFile(usage, resources, identity.project, identity.stack) : null;
    const planned = planCost(resources, region, null, { usage: usage && checked ? { file: usage.file, doc: checked } : null });
    const cost = { ...planned, budgetUsd: budget.usd, budgetSource: budget.source };
    return { ...identity, resources, cost, missingSames, errors: preview.errors, changeSummary: preview.changeSummary };
}

/** Why the total may be short, for the text and the JSON. */
export function previewWarnings(p: PreviewCost): string[] {
    const out: string[] = [];
    if (p.missingSames > 0) {
        out.push(
            `${p.missingSames} unchanged resource(s) are counted in changeSummary but not in the document: the total covers only what changes. ` +
                "Run `pulumi preview --json --show-sames` for the whole stack.",
        );
    }
    if (p.errors.length > 0) out.push(`the preview reported ${p.errors.length} error(s), so its steps may stop short: ${p.errors[0]}`);
    return out;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The `--json` document: the plan document's `cost` section (tools/plan/document.ts), for the preview's stack. */
export function previewDocument(p: PreviewCost, file: string) {
    return {
        project: p.project,
        stack: p.stack,
        preview: { file, changeSummary: p.changeSummary, complete: p.missingSames === 0 && p.errors.length === 0 },
        warnings: previewWarnings(p),
        cost: {
            monthlyUsd: round(p.cost.monthlyUsd),
            budgetUsd: p.cost.budgetUsd,
            items: p.cost.items.map((i) => ({ urn: i.urn, type: i.type, monthlyUsd: round(i.monthlyUsd), basis: i.basis })),
            unpriced: p.cost.unpriced.map((u) => ({ urn: u.urn, type: u.type, name: u.name, reason: u.reason })),
        },
    };
}

/** The text: the plan's cost table by component, then why the total may be short. */
export function formatPreview(p: PreviewCost, file: string): string {
    const changes = Object.entries(p.changeSummary)
        .map(([op, n]) => `${n} ${op}`)
        .join(", ");
    const lines = [
        `${p.project}/${p.stack} after the change in ${file}${changes ? ` (${changes})` : ""}`,
        "",
        formatCost(p.cost, groupByComponent(p.resources)),
    ];
    for (const w of previewWarnings(p)) lines.push(`  warning: ${w}`);
    lines.push(
        "",
        "Inputs after the provider's Check, as `pulumi preview` computed them; prices and usage assumptions as in the offline plan.",
    );
    return lines.join("\n");
}

export interface FromPreviewOptions {
    file: string;
    stack?: string;
    /** Project directory whose `policies/config/<stack>.json` holds the budget (as the plan's default). */
    cwd: string;
    policyPack: string;
    policyPackConfig: string | null;
    /** `--usage-file` as given; when null, `appstack-usage.<stack>.yml` / `appstack-usage.yml` in `cwd`, as the plan. */
    usageFile?: string | null;
    json: boolean;
}

/** `npm run plan -- --from-preview <file>`: the text or JSON to print. */
export function fromPreview(o: FromPreviewOptions): string {
    const preview = readPreview(o.file);
    const stack = o.stack ?? previewStack(preview).stack;
    const configFile = o.policyPackConfig ?? defaultPolicyConfig(o.cwd, stack, o.policyPack);
    const usage = readUsageFile(o.cwd, stack, o.usageFile ?? null);
    const p = previewCost(preview, previewBudget(configFile), o.stack, usage);
    return o.json ? `${JSON.stringify(previewDocument(p, o.file), null, 2)}\n` : `${formatPreview(p, o.file)}\n`;
}
