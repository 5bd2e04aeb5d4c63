import { parseArgs } from "node:util";
import type { CapturedResource } from "./engine";
import { PlanInputError } from "./project";
import { formatHuman } from "./report";
import { planStack } from "./run";

const USAGE = `Usage: npm run plan -- --stack <name> [--cwd <dir>] [--json] [--verbose]

Plans a Pulumi TypeScript project without the Pulumi CLI or a cloud: runs the program under the SDK's mocks with
the stack's Pulumi.<stack>.yaml config and prints every resource it would register, grouped by component.

  --stack <name>   stack to plan (required); Pulumi.<name>.yaml must exist
  --cwd <dir>      project directory holding Pulumi.yaml (default: this repository's root project)
  --json           one JSON document on stdout: { project, stack, resources: [...] }
  --verbose        every resource by name; JavaScript stacks on errors
  --help           this text

Exit codes: 0 planned; 2 invalid input (unknown stack, invalid config, a program that throws).`;

export const EXIT = { ok: 0, gateFailed: 1, invalidInput: 2 } as const;

interface Options {
    stack: string;
    cwd: string;
    json: boolean;
    verbose: boolean;
}

function parse(argv: string[]): Options {
    let values;
    try {
        ({ values } = parseArgs({
            args: argv,
            options: {
                stack: { type: "string", short: "s" },
                cwd: { type: "string", short: "C" },
                json: { type: "boolean", default: false },
                verbose: { type: "boolean", short: "v", default: false },
                help: { type: "boolean", short: "h", default: false },
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
    if (!values.stack) throw new PlanInputError(`--stack is required\n\n${USAGE}`);
    return { stack: values.stack, cwd: values.cwd ?? process.cwd(), json: values.json ?? false, verbose: values.verbose ?? false };
}

/** The `--json` shape of a resource: the contract other tools read. */
export function resourceJson(r: CapturedResource) {
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        parent: r.parent,
        custom: r.custom,
        protect: r.protect,
        retainOnDelete: r.retainOnDelete,
        dependencies: r.dependencies,
        inputs: r.inputs,
        secretInputs: r.secretInputs,
    };
}

async function main(argv: string[]): Promise<number> {
    const options = parse(argv);
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
    if (options.json) {
        const doc = { project: run.project.name, stack: run.project.stack, resources: run.resources.map(resourceJson) };
        process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    } else {
        const color = process.stdout.isTTY === true && !process.env["NO_COLOR"];
        process.stdout.write(`${formatHuman(run.project.name, run.project.stack, run.resources, { verbose: options.verbose, color })}\n`);
        process.stdout.write(`\nplanned in ${(run.durationMs / 1000).toFixed(1)} s under the SDK's mocks; see the README for how this differs from \`pulumi preview\`.\n`);
    }
    return EXIT.ok;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
        if (err instanceof PlanInputError) {
            process.stderr.write(`error: ${err.message}\n`);
        } else {
            process.stderr.write(`error: ${err instanceof Error ? (process.argv.includes("--verbose") ? err.stack : err.message) : String(err)}\n`);
        }
        process.exit(EXIT.invalidInput);
    },
);
