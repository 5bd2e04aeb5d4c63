/**
 * Starts a Node.js policy pack the way the CLI's `pulumi-analyzer-policy` plugin does: the pack's program runs
 * with the pack directory as working directory, `new PolicyPack()` serves the Analyzer gRPC service on
 * 127.0.0.1 and prints its port as the first line of stdout. The CLI compiles TypeScript with ts-node through
 * `@pulumi/pulumi/cmd/run-policy-pack`; here the entry runs under this repository's tsx.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import YAML from "yaml";

/** The policy pack could not be loaded, started or run. */
export class PolicyPackError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PolicyPackError";
    }
}

export interface PackProject {
    dir: string;
    /** The program file started for the pack. */
    entry: string;
    /** `version` from PulumiPolicy.yaml, which the CLI prefers over the pack's reported version. */
    version?: string;
    /** Runtime options of PulumiPolicy.yaml (the CLI hands them to run-policy-pack, not to the program). */
    runtimeOptions: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

const EXTENSIONS = [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"];

function resolveFile(candidate: string): string | undefined {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
    for (const ext of EXTENSIONS) if (fs.existsSync(candidate + ext)) return candidate + ext;
    if (fs.existsSync(candidate) && fs.statSync(candidate).isDirectory()) {
        for (const ext of EXTENSIONS) {
            const index = path.join(candidate, `index${ext}`);
            if (fs.existsSync(index)) return index;
        }
    }
    return undefined;
}

/** Loads PulumiPolicy.yaml and finds the program `require(packDir)` would run (package.json `main`, else index). */
export function loadPackProject(packDir: string): PackProject {
    const dir = path.resolve(packDir);
    const projectFile = ["PulumiPolicy.yaml", "PulumiPolicy.yml"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
    if (!projectFile) throw new PolicyPackError(`failed to load the Pulumi policy project located at ${dir}: PulumiPolicy.yaml not found`);
    let doc: unknown;
    try {
        doc = YAML.parse(fs.readFileSync(projectFile, "utf8"));
    } catch (err) {
        throw new PolicyPackError(`${projectFile} is not valid YAML: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!isRecord(doc)) throw new PolicyPackError(`${projectFile} must be a YAML mapping with at least \`runtime: nodejs\``);
    const runtime = doc["runtime"];
    const runtimeName = isRecord(runtime) ? runtime["name"] : runtime;
    if (runtimeName !== "nodejs") {
        throw new PolicyPackError(
            `${projectFile}: runtime ${JSON.stringify(runtimeName ?? null)} is not supported offline; only \`nodejs\` packs can be run`,
        );
    }
    const runtimeOptions = isRecord(runtime) && isRecord(runtime["options"]) ? runtime["options"] : {};
    const version = typeof doc["version"] === "string" && doc["version"] !== "" ? doc["version"] : undefined;

    const manifestFile = path.join(dir, "package.json");
    if (!fs.existsSync(manifestFile))
        throw new PolicyPackError(`policy pack at ${dir} has no package.json (\`new PolicyPack()\` reads its version from it)`);
    let manifest: unknown;
    try {
        manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
    } catch (err) {
        throw new PolicyPackError(`${manifestFile} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    const main = isRecord(manifest) && typeof manifest["main"] === "string" ? manifest["main"] : undefined;
    const entry = resolveFile(path.resolve(dir, main ?? "index"));
    if (!entry) {
        throw new PolicyPackError(
            `we failed to locate the entry point of the policy pack at ${dir}: ${main ? `package.json main "${main}" does not exist` : "no package.json main and no index.ts/index.js"}`,
        );
    }
    return { dir, entry, version, runtimeOptions };
}

export interface LaunchOptions {
    project: PackProject;
    env: Record<string, string>;
    startupTimeoutMs: number;
}

export interface RunningPack {
    port: number;
    child: ChildProcess;
    /** Everything the pack wrote to stderr, and to stdout after the port (bounded). */
    output(): string;
    /** Kills the process (SIGKILL if it does not exit after SIGTERM) and waits for it to exit. */
    stop(): Promise<void>;
}

const OUTPUT_LIMIT = 64 * 1024;

/**
 * The exact command used to start a pack: `node --import <this repo's tsx loader> <entry>`. The CLI runs
 * `pulumi-analyzer-policy <engine address> .`, whose run-policy-pack strips its own arguments (and the
 * `-key=value` runtime options) before loading the program, so the program sees no arguments either way.
 */
export function packCommand(project: PackProject): { command: string; args: string[] } {
    const tsx = pathToFileURL(require.resolve("tsx")).href;
    return { command: process.execPath, args: ["--import", tsx, project.entry] };
}

export function startPack(options: LaunchOptions): Promise<RunningPack> {
    const { project } = options;
    const { command, args } = packCommand(project);
    const child = spawn(command, args, {
        cwd: project.dir,
        env: { ...process.env, ...options.env },
        stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const append = (chunk: string) => {
        output += chunk;
        if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
    };
    child.stderr?.setEncoding("utf8").on("data", append);

    let exited = child.exitCode !== null || child.signalCode !== null;
    const exitPromise = new Promise<void>((resolve) => {
        child.once("exit", () => {
            exited = true;
            resolve();
        });
        child.once("error", () => {
            exited = true;
            resolve();
        });
    });
    // If this process exits while the pack runs (e.g. process.exit in the plan), take the pack down with it.
    const onExit = () => {
        if (!exited) child.kill("SIGKILL");
    };
    process.on("exit", onExit);

    const stop = async () => {
        if (!exited) {
            child.kill("SIGTERM");
            const timer = setTimeout(() => {
                if (!exited) child.kill("SIGKILL");
            }, 2000);
            await exitPromise;
            clearTimeout(timer);
        }
        process.off("exit", onExit);
    };

    return new Promise<RunningPack>((resolve, reject) => {
        let stdout = "";
        let settled = false;
        const fail = (reason: string) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            // Give stderr a moment to drain so the error shows what the pack printed.
            void stop().then(() => setImmediate(() => reject(new PolicyPackError(describeFailure(project, reason, output)))));
        };
        const timer = setTimeout(
            () => fail(`it did not print its port within ${(options.startupTimeoutMs / 1000).toFixed(0)} s`),
            options.startupTimeoutMs,
        );
        child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
            if (settled) {
                append(chunk);
                return;
            }
            stdout += chunk;
            const newline = stdout.indexOf("\n");
            if (newline < 0) return;
            const first = stdout.slice(0, newline).trim();
            append(stdout.slice(newline + 1));
            const port = Number(first);
            if (!/^\d+$/.test(first) || port <= 0 || port > 65535) {
                fail(`the first line of its output is not a port: ${JSON.stringify(first.slice(0, 200))}`);
                return;
            }
            settled = true;
            clearTimeout(timer);
            resolve({ port, child, output: () => output, stop });
        });
        child.once("error", (err) => fail(`it could not be started: ${err.message}`));
        child.once("exit", (code, signal) =>
            fail(`it exited ${signal ? `on signal ${signal}` : `with code ${code}`} before printing its port`),
        );
    });
}

function describeFailure(project: PackProject, reason: string, output: string): string {
    const text = output.trim();
    let hint = "";
    const missing = /Cannot find (?:module|package) '(@pulumi\/[^']+)'/.exec(text);
    if (missing)
        hint = `\nit looks like the policy pack's dependencies are not installed (${missing[1]} not found); try running npm install in ${project.dir}`;
    return `policy pack at ${project.dir} failed to start: ${reason}${hint}${text ? `\n--- its output ---\n${text}` : " (it printed nothing)"}`;
}
