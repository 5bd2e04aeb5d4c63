import * as fs from "node:fs";
import * as path from "node:path";
import * as crypto from "node:crypto";
import YAML from "yaml";

/** Bad input to the plan: unknown stack, missing project, invalid config. Exit code 2, no stack trace. */
export class PlanInputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PlanInputError";
    }
}

export interface LoadedProject {
    dir: string;
    name: string;
    /** The program's entry file. */
    entry: string;
    stack: string;
    stackFile: string;
    /** Config as the CLI hands it to the program: `namespace:key` → string. */
    config: Record<string, string>;
    secretKeys: string[];
    region: string;
    /** Every stack this project has a `Pulumi.<stack>.yaml` for. */
    stacks: string[];
}

function readYaml(file: string): unknown {
    try {
        return YAML.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new PlanInputError(`${file} is not valid YAML: ${err instanceof Error ? err.message : String(err)}`);
    }
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Every stack of the project in `dir`, from its `Pulumi.<stack>.yaml` files. */
export function listStacks(dir: string): string[] {
    return fs
        .readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/**
 * A stand-in for a `secure:` value: there is no passphrase or service to decrypt it offline. Its form is the one
 * `UNDECRYPTED_SECRET` (components/src/core/config.ts) recognises, so a schema skips the value's format check.
 */
function secretStandIn(key: string): string {
    return `plan-secret-${crypto.createHash("sha256").update(key).digest("hex").slice(0, 20)}`;
}

/** Replaces `{ secure: ... }` anywhere in a value by a stand-in; reports whether it found one. */
function replaceSecure(key: string, value: unknown): { value: unknown; secret: boolean } {
    if (isRecord(value)) {
        if (typeof value["secure"] === "string" && Object.keys(value).length === 1) return { value: secretStandIn(key), secret: true };
        let secret = false;
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            const r = replaceSecure(`${key}.${k}`, v);
            out[k] = r.value;
            secret ||= r.secret;
        }
        return { value: out, secret };
    }
    if (Array.isArray(value)) {
        const items = value.map((v, i) => replaceSecure(`${key}[${i}]`, v));
        return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
    }
    return { value, secret: false };
}

function toConfigString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

function qualify(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/** The entry file the Pulumi Node.js host would run for a project directory. */
function findEntry(dir: string, main: unknown): string {
    const base = typeof main === "string" ? path.resolve(dir, main) : dir;
    const candidates: string[] = [];
    if (fs.existsSync(base) && fs.statSync(base).isFile()) return base;
    const pkgFile = path.join(base, "package.json");
    if (fs.existsSync(pkgFile)) {
        const pkg: unknown = JSON.parse(fs.readFileSync(pkgFile, "utf8"));
        if (isRecord(pkg) && typeof pkg["main"] === "string") candidates.push(path.resolve(base, pkg["main"]));
    }
    candidates.push(path.join(base, "index.ts"), path.join(base, "index.js"));
    const found = candidates.find((c) => fs.existsSync(c));
    if (!found) throw new PlanInputError(`no program found in ${base}: expected package.json "main", index.ts or index.js`);
    return found;
}

/** Loads `Pulumi.yaml` and `Pulumi.<stack>.yaml` from `dir` into what the CLI would hand the program. */
export function loadProject(dir: string, stack: string): LoadedProject {
    const projectFile = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
    if (!projectFile) throw new PlanInputError(`no Pulumi project in ${dir}: Pulumi.yaml not found`);
    const project = readYaml(projectFile);
    if (!isRecord(project) || typeof project["name"] !== "string") throw new PlanInputError(`${projectFile}: \`name\` is required`);
    const runtime = isRecord(project["runtime"]) ? project["runtime"]["name"] : project["runtime"];
    if (runtime !== "nodejs")
        throw new PlanInputError(`${projectFile}: runtime is ${JSON.stringify(runtime)}; the offline plan runs nodejs projects only`);
    const name = project["name"];

    const stacks = listStacks(dir);
    const stackFile = ["yaml", "yml"].map((ext) => path.join(dir, `Pulumi.${stack}.${ext}`)).find((f) => fs.existsSync(f));
    if (!stackFile) {
        throw new PlanInputError(
            `unknown stack \`${stack}\`: no Pulumi.${stack}.yaml in ${dir}; stacks here: ${stacks.join(", ") || "none"}`,
        );
    }

    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    // Project-level defaults first (Pulumi.yaml `config:`), then the stack's values.
    if (isRecord(project["config"])) {
        for (const [key, spec] of Object.entries(project["config"])) {
            const value = isRecord(spec) ? (spec["value"] ?? spec["default"]) : spec;
            if (value !== undefined) config[qualify(name, key)] = toConfigString(value);
        }
    }
    const stackDoc = readYaml(stackFile);
    const stackConfig = isRecord(stackDoc) && isRecord(stackDoc["config"]) ? stackDoc["config"] : {};
    for (const [key, raw] of Object.entries(stackConfig)) {
        const full = qualify(name, key);
        const { value, secret } = replaceSecure(full, raw);
        config[full] = toConfigString(value);
        if (secret) secretKeys.push(full);
    }
    return {
        dir,
        name,
        entry: findEntry(dir, project["main"]),
        stack,
        stackFile: path.basename(stackFile),
        config,
        secretKeys,
        region: config["aws:region"] ?? "us-east-1",
        stacks,
    };
}
