import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { checkUsageFile, configWithUsage, formatCost, planCost, readUsageFile } from "./cost";
import { formatTable, planAll } from "./all";
import { mermaidDiagram } from "./diagram";
import { blocks, planDocument, resourceJson } from "./document";
import { DEFAULT_TIMEOUT_MS } from "./engine";
import { type GateResult, type GateSession, PolicyConfigError, PolicyPackError, startGate } from "./gate";
import { defaultPolicyConfig } from "./gate/config";
import { loadProject, PlanInputError } from "./project";
import { formatHuman, formatViolations, groupByComponent } from "./report";
import { planStack } from "./run";
import { comparePlans, formatComparison, readPlanDocument, toComparable } from "./compare";
import type * as preview from "./preview";

const REPO = path.resolve(__dirname, "../..");

const USAGE = `Usage: npm run plan -- --stack <name> [--cwd <dir>] [--json | --format mermaid] [--verbose]
       npm run plan -- --all
       npm run plan -- --from-preview <preview.json> [--stack <name>] [--policy-pack-config <file>] [--json]
                      [--policy-pack <dir>] [--policy-pack-config <file>] [--no-policy]

Plans a Pulumi TypeScript project without the Pulumi CLI or a cloud: runs the program under the SDK's mocks with
the stack's Pulumi.<stack>.yaml config and prints every resource it would register, grouped by component.

  --stack <name>   stack to plan (required); Pulumi.<name>.yaml must exist
  --cwd <dir>      project directory holding Pulumi.yaml (default: this repository's root project)
  --json           one JSON document on stdout: { project, stack, resources, violations, cost }
  --format <f>     text (default), json (same as --json) or mermaid (the architecture as a Mermaid flowchart)
  --verbose        every resource by name; JavaScript stacks on errors
  --policy-pack <dir>          CrossGuard pack to evaluate, as \`pulumi preview --policy-pack\` (default: policies/)
  --policy-pack-config <file>  its config (default: <project>/policies/config/<stack>.json when it exists,
                   else <pack>/config/<stack>.json)
  --no-policy      skip the policy gate
  --compare <plan.json>        also print what changed from that plan of the same stack (\`--json\` output of this
                   command): resources added, removed and changed, the cost of each, the total before → after
  --usage-file <file>          usage assumptions for the cost estimate (Infracost-style YAML: resource_usage by
                   name or URN, resource_type_default_usage by type token, shared_plans; see the README);
                   default: appstack-usage.<stack>.yml or appstack-usage.yml beside Pulumi.yaml, when present
  --from-preview <file>        price \`pulumi preview --json --show-sames\` output instead of running the program
  --timeout <s>    stop a program whose outputs never settle after <s> seconds (default ${DEFAULT_TIMEOUT_MS / 1000})
  --all            every stack of every project in the repo (root and examples/*), in parallel, then one table
  --out-dir <dir>  with --all: also write each stack's JSON document and Mermaid diagram there
                   (<project>--<stack>.json and .mmd; the root project is "root")
  --help           this text

The program is loaded as \`pulumi preview\` loads it: from its own node_modules when it has a package.json (run
\`npm install\` there first), TypeScript through ts-node with its tsconfig and Pulumi.yaml runtime options.

Exit codes: 0 planned and no mandatory violation; 1 a mandatory policy violation;
2 invalid input (unknown stack, invalid stack or policy config, a program that throws or never settles,
missing or mismatched dependencies, a pack that fails).`;

export const EXIT = { ok: 0, gateFailed: 1, invalidInput: 2 } as const;

interface Options {
    stack: string;
    cwd: string;
    format: "text" | "json" | "mermaid";
    verbose: boolean;
    policyPack: string | null;
    policyPackConfig: string | null;
    timeoutMs: number;
    /** Internal (`--all`): print the captured registrations as JSON for the parent, which runs the gate. */
    captureOnly: boolean;
    /** `--compare`: the other plan document. */
    compare: string | null;
    /** `--usage-file`: as given (the default file beside Pulumi.yaml is looked up when null). */
    usageFile: string | null;
}

function parse(
    argv: string[],
): Options | { all: string[]; outDir: string | null } | { fromPreview: Parameters<typeof preview.fromPreview>[0] } {
    let values;
    try {
        ({ values } = parseArgs({
            args: argv,
            options: {
                stack: { type: "string", short: "s" },
                cwd: { type: "string", short: "C" },
                json: { type: "boolean", default: false },
                format: { type: "string" },
                verbose: { type: "boolean", short: "v", default: false },
                help: { type: "boolean", short: "h", default: false },
                "policy-pack": { type: "string" },
                "policy-pack-config": { type: "string" },
                "no-policy": { type: "boolean", default: false },
                all: { type: "boolean", default: false },
                "out-dir": { type: "string" },
                compare: { type: "string" },
                "usage-file": { type: "string" },
                "from-preview": { type: "string" },
                timeout: { type: "string" },
                "capture-only": { type: "boolean", default: false },
            },
            strict: true,
            allowPositionals: false,
        }));
    } catch (err) {
        throw new PlanInputError(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    }
    if (values.help) {
        process.stdout.write(`${USAGE}\n`);
        process.exit(EXIT.ok);
    }
    if (values.all) {
        if (values.stack || values.cwd || values["policy-pack-config"])
            throw new PlanInputError("--all plans every stack of every project: drop --stack, --cwd and --policy-pack-config");
        const passThrough = [
            ...(values["policy-pack"] ? ["--policy-pack", path.resolve(values["policy-pack"])] : []),
            ...(values["no-policy"] ? ["--no-policy"] : []),
        ];
        if (values.timeout) passThrough.push("--timeout", values.timeout);
        return { all: passThrough, outDir: values["out-dir"] ? path.resolve(values["out-dir"]) : null };
    }
    if (values["from-preview"]) {
        const cwd = path.resolve(values.cwd ?? process.cwd());
        const policyPack = path.resolve(values["policy-pack"] ?? path.join(REPO, "policies"));
        const config = values["policy-pack-config"] ? path.resolve(values["policy-pack-config"]) : null;
        return {
            fromPreview: {
                file: path.resolve(values["from-preview"]),
                stack: values.stack,
                cwd,
                policyPack,
                policyPackConfig: config,
                usageFile: values["usage-file"] ? path.resolve(values["usage-file"]) : null,
                json: values.json || values.format === "json",
            },
        };
    }
    if (!values.stack) throw new PlanInputError(`--stack is required\n\n${USAGE}`);
    const format = values.json ? "json" : (values.format ?? "text");
    if (format !== "text" && format !== "json" && format !== "mermaid")
        throw new PlanInputError(`--format must be text, json or mermaid, not ${JSON.stringify(format)}`);
    const policyPack = values["no-policy"] ? null : path.resolve(values["policy-pack"] ?? path.join(REPO, "policies"));
    let policyPackConfig: string | null = null;
    if (values["policy-pack-config"]) {
        policyPackConfig = path.resolve(values["policy-pack-config"]);
        if (!fs.existsSync(policyPackConfig)) throw new PlanInputError(`--policy-pack-config: ${policyPackConfig} does not exist`);
    } else if (policyPack) {
        policyPackConfig = defaultPolicyConfig(path.resolve(values.cwd ?? process.cwd()), values.stack, policyPack);
    }
    let timeoutMs = DEFAULT_TIMEOUT_MS;
    if (values.timeout !== undefined) {
        const seconds = Number(values.timeout);
        if (!Number.isFinite(seconds) || seconds <= 0)
            throw new PlanInputError(`--timeout must be a number of seconds above 0, not ${JSON.stringify(values.timeout)}`);
        timeoutMs = seconds * 1000;
    }
    return {
        stack: values.stack,
        cwd: path.resolve(values.cwd ?? process.cwd()),
        format,
        verbose: values.verbose ?? false,
        policyPack: values["capture-only"] ? null : policyPack,
        policyPackConfig,
        timeoutMs,
        captureOnly: values["capture-only"] ?? false,
        // As given: read before the program runs (which changes directory), and shown as the user wrote it.
        compare: values.compare ?? null,
        usageFile: values["usage-file"] ? path.resolve(values["usage-file"]) : null,
    };
}

/** Takes the policy pack down with the plan when the plan is interrupted: no analyzer is left serving. */
function closeOnSignals(gate: GateSession): () => void {
    const handlers = (["SIGINT", "SIGTERM", "SIGHUP"] as const).map((signal) => {
        const handler = () =>
            void gate.close().finally(() => process.exit(128 + (signal === "SIGINT" ? 2 : signal === "SIGTERM" ? 15 : 1)));
        process.once(signal, handler);
        return () => process.off(signal, handler);
    });
    return () => handlers.forEach((off) => off());
}

async function main(argv: string[]): Promise<number> {
    const options = parse(argv);
    if ("fromPreview" in options) {
        // Loaded here only: it reads the budget policy's schema, and `@pulumi/policy` brings the Pulumi SDK (about
        // 0.7 s of every plan of a program that has its own SDK).
        const { fromPreview } = require("./preview") as typeof preview;
        process.stdout.write(fromPreview(options.fromPreview));
        return EXIT.ok;
    }
    // Read the other plan before the program runs: a wrong file fails fast.
    const previous = "compare" in options && options.compare ? readPlanDocument(options.compare) : null;
    if ("all" in options) {
        const outcomes = await planAll(options.all, undefined, options.outDir);
        process.stdout.write(`${formatTable(outcomes)}\n`);
        if (outcomes.some((o) => o.error !== undefined)) return EXIT.invalidInput;
        return outcomes.some((o) => o.mandatory > 0) ? EXIT.gateFailed : EXIT.ok;
    }
    // Like the CLI, load the policy pack before the program runs, so its start-up overlaps the program.
    const project = loadProject(options.cwd, options.stack);
    // The usage file is read (and its YAML checked) before the program runs; its entries are checked against the plan after.
    const usageFile = readUsageFile(options.cwd, options.stack, options.usageFile);
    // This repository's budget rules get the same usage document, so the gate judges the figures the table shows.
    const gateConfig =
        usageFile && options.policyPack === path.join(REPO, "policies")
            ? configWithUsage(options.policyPackConfig, usageFile, `${project.name}/${project.stack}`)
            : options.policyPackConfig;
    let gate: GateSession | null = null;
    if (options.policyPack) {
        gate = startGate({
            packDir: options.policyPack,
            configFile: gateConfig ?? undefined,
            project: project.name,
            stack: project.stack,
            config: project.config,
            secretKeys: project.secretKeys,
        });
        // Errors surface from run(); keep an early failure from being reported as unhandled meanwhile.
        gate.ready.catch(() => undefined);
    }
    const offSignals = gate ? closeOnSignals(gate) : () => undefined;
    try {
        // Keep stdout for the plan: whatever the program prints goes to stderr.
        const log = console.log;
        console.log = (...args: unknown[]) => console.error(...args);
        const run = await planStack({ cwd: options.cwd, stack: options.stack, timeoutMs: options.timeoutMs });
        console.log = log;

        if (run.errors.length > 0) {
            const details = run.errors.map((e) => (options.verbose && e.stack && e.kind !== "timeout" ? e.stack : e.message)).join("\n");
            process.stderr.write(`error: the program for stack \`${options.stack}\` of ${run.project.name} failed:\n${details}\n`);
            if (!options.verbose) process.stderr.write("(run with --verbose for the JavaScript stack)\n");
            return EXIT.invalidInput;
        }
        if (options.captureOnly) {
            process.stdout.write(`${JSON.stringify({ project: run.project, resources: run.resources })}\n`);
            return EXIT.ok;
        }
        const checked = usageFile ? checkUsageFile(usageFile, run.resources, run.project.name, run.project.stack) : null;
        const gateResult: GateResult | null = gate ? await gate.run(run.resources) : null;
        const cost = planCost(run.resources, run.project.region, gateResult, {
            usage: usageFile && checked ? { file: usageFile.file, doc: checked } : null,
        });

        if (options.format === "mermaid") {
            process.stdout.write(mermaidDiagram(run.resources));
        } else if (options.format === "json") {
            const planned = planDocument(run, gateResult, options.policyPackConfig, cost);
            const doc =
                previous && options.compare
                    ? { ...planned, compare: comparePlans(toComparable(planned, "this plan"), previous, options.compare) }
                    : planned;
            process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
        } else {
            const color = process.stdout.isTTY === true && !process.env["NO_COLOR"];
            const out = [formatHuman(run.project.name, run.project.stack, run.resources, { verbose: options.verbose, color }), ""];
            if (gateResult) out.push(formatViolations(gateResult, options.policyPackConfig, { verbose: options.verbose, color }), "");
            out.push(formatCost(cost, groupByComponent(run.resources)), "");
            if (previous && options.compare) {
                const current = toComparable(
                    { project: run.project.name, stack: run.project.stack, resources: run.resources.map(resourceJson), cost },
                    "this plan",
                );
                out.push(formatComparison(comparePlans(current, previous, options.compare)), "");
            }
            const gateNote = gateResult ? `, policy gate ${(gateResult.durationMs / 1000).toFixed(1)} s` : "";
            out.push(
                `planned in ${(run.durationMs / 1000).toFixed(1)} s under the SDK's mocks${gateNote}; see the README for how this differs from \`pulumi preview\`.`,
            );
            process.stdout.write(`${out.join("\n")}\n`);
        }
        return blocks(gateResult) ? EXIT.gateFailed : EXIT.ok;
    } finally {
        offSignals();
        await gate?.close();
        if (gateConfig && gateConfig !== options.policyPackConfig) fs.rmSync(path.dirname(gateConfig), { recursive: true, force: true });
    }
}

/** Exits once stdout is flushed: a pipe is written asynchronously and `process.exit` would cut the JSON short. */
function exit(code: number): void {
    process.stdout.write("", () => process.exit(code));
}

main(process.argv.slice(2)).then(
    (code) => exit(code),
    (err: unknown) => {
        if (err instanceof PlanInputError || err instanceof PolicyConfigError || err instanceof PolicyPackError) {
            process.stderr.write(`error: ${err.message}\n`);
        } else {
            process.stderr.write(
                `error: ${err instanceof Error ? (process.argv.includes("--verbose") ? err.stack : err.message) : String(err)}\n`,
            );
        }
        exit(EXIT.invalidInput);
    },
);
