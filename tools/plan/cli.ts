import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { formatCost, planCost } from "./cost";
import { formatTable, planAll } from "./all";
import { mermaidDiagram } from "./diagram";
import { blocks, planDocument } from "./document";
import { type GateResult, type GateSession, PolicyConfigError, PolicyPackError, startGate } from "./gate";
import { loadProject, PlanInputError } from "./project";
import { formatHuman, formatViolations, groupByComponent } from "./report";
import { planStack } from "./run";

const REPO = path.resolve(__dirname, "../..");

const USAGE = `Usage: npm run plan -- --stack <name> [--cwd <dir>] [--json | --format mermaid] [--verbose]
       npm run plan -- --all
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
  --all            every stack of every project in the repo (root and examples/*), in parallel, then one table
  --help           this text

Exit codes: 0 planned and no mandatory violation; 1 a mandatory policy violation;
2 invalid input (unknown stack, invalid stack or policy config, a program that throws, a pack that fails).`;

export const EXIT = { ok: 0, gateFailed: 1, invalidInput: 2 } as const;

interface Options {
    stack: string;
    cwd: string;
    format: "text" | "json" | "mermaid";
    verbose: boolean;
    policyPack: string | null;
    policyPackConfig: string | null;
}

function parse(argv: string[]): Options | { all: string[] } {
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
        if (values.stack || values.cwd || values["policy-pack-config"]) throw new PlanInputError("--all plans every stack of every project: drop --stack, --cwd and --policy-pack-config");
        const passThrough = [...(values["policy-pack"] ? ["--policy-pack", path.resolve(values["policy-pack"])] : []), ...(values["no-policy"] ? ["--no-policy"] : [])];
        return { all: passThrough };
    }
    if (!values.stack) throw new PlanInputError(`--stack is required\n\n${USAGE}`);
    const format = values.json ? "json" : (values.format ?? "text");
    if (format !== "text" && format !== "json" && format !== "mermaid") throw new PlanInputError(`--format must be text, json or mermaid, not ${JSON.stringify(format)}`);
    const policyPack = values["no-policy"] ? null : path.resolve(values["policy-pack"] ?? path.join(REPO, "policies"));
    let policyPackConfig: string | null = null;
    if (values["policy-pack-config"]) {
        policyPackConfig = path.resolve(values["policy-pack-config"]);
        if (!fs.existsSync(policyPackConfig)) throw new PlanInputError(`--policy-pack-config: ${policyPackConfig} does not exist`);
    } else if (policyPack) {
        // The project's own `policies/config/<stack>.json` (an example's budget differs from the root's), else the pack's.
        const candidates = [path.resolve(values.cwd ?? process.cwd(), "policies", "config", `${values.stack}.json`), path.join(policyPack, "config", `${values.stack}.json`)];
        policyPackConfig = candidates.find((c) => fs.existsSync(c)) ?? null;
    }
    return {
        stack: values.stack,
        cwd: path.resolve(values.cwd ?? process.cwd()),
        format,
        verbose: values.verbose ?? false,
        policyPack,
        policyPackConfig,
    };
}

async function main(argv: string[]): Promise<number> {
    const options = parse(argv);
    if ("all" in options) {
        const outcomes = await planAll(options.all);
        process.stdout.write(`${formatTable(outcomes)}\n`);
        if (outcomes.some((o) => o.error !== undefined)) return EXIT.invalidInput;
        return outcomes.some((o) => o.mandatory > 0) ? EXIT.gateFailed : EXIT.ok;
    }
    // Like the CLI, load the policy pack before the program runs, so its start-up overlaps the program.
    const project = loadProject(options.cwd, options.stack);
    let gate: GateSession | null = null;
    if (options.policyPack) {
        gate = startGate({
            packDir: options.policyPack,
            configFile: options.policyPackConfig ?? undefined,
            project: project.name,
            stack: project.stack,
            config: project.config,
            secretKeys: project.secretKeys,
        });
        // Errors surface from run(); keep an early failure from being reported as unhandled meanwhile.
        gate.ready.catch(() => undefined);
    }
    try {
        // Keep stdout for the plan: whatever the program prints goes to stderr.
        const log = console.log;
        console.log = (...args: unknown[]) => console.error(...args);
        const run = await planStack({ cwd: options.cwd, stack: options.stack });
        console.log = log;

        if (run.errors.length > 0) {
            const details = run.errors.map((e) => (options.verbose && e.stack ? e.stack : e.message)).join("\n");
            process.stderr.write(`error: the program for stack \`${options.stack}\` of ${run.project.name} failed:\n${details}\n`);
            if (!options.verbose) process.stderr.write("(run with --verbose for the JavaScript stack)\n");
            return EXIT.invalidInput;
        }
        const gateResult: GateResult | null = gate ? await gate.run(run.resources) : null;
        const cost = planCost(run.resources, run.project.region, gateResult);

        if (options.format === "mermaid") {
            process.stdout.write(mermaidDiagram(run.resources));
        } else if (options.format === "json") {
            const doc = planDocument(run, gateResult, options.policyPackConfig, cost);
            process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
        } else {
            const color = process.stdout.isTTY === true && !process.env["NO_COLOR"];
            const out = [formatHuman(run.project.name, run.project.stack, run.resources, { verbose: options.verbose, color }), ""];
            if (gateResult) out.push(formatViolations(gateResult, options.policyPackConfig, { verbose: options.verbose, color }), "");
            out.push(formatCost(cost, groupByComponent(run.resources)), "");
            const gateNote = gateResult ? `, policy gate ${(gateResult.durationMs / 1000).toFixed(1)} s` : "";
            out.push(`planned in ${(run.durationMs / 1000).toFixed(1)} s under the SDK's mocks${gateNote}; see the README for how this differs from \`pulumi preview\`.`);
            process.stdout.write(`${out.join("\n")}\n`);
        }
        return blocks(gateResult) ? EXIT.gateFailed : EXIT.ok;
    } finally {
        await gate?.close();
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
            process.stderr.write(`error: ${err instanceof Error ? (process.argv.includes("--verbose") ? err.stack : err.message) : String(err)}\n`);
        }
        exit(EXIT.invalidInput);
    },
);
