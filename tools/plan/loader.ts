/**
 * Loads a Pulumi program the way the Node.js language host does (`@pulumi/pulumi/cmd/run/run.js`):
 *
 * - packages come from the program's own `node_modules` when it has a `package.json` (the host searches up from the
 *   program for it); only a program with none falls back to this repository's packages;
 * - TypeScript is compiled by ts-node as the host registers it: the `typescript` and `ts-node` the program's SDK
 *   resolves (else the SDK's vendored ts-node 7), `runtime.options.typescript` and `tsconfig` of Pulumi.yaml
 *   (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs/main.go, parseOptions), `PULUMI_NODEJS_TSCONFIG_PATH`,
 *   `PULUMI_NODEJS_TRANSPILE_ONLY` else the tsconfig's `noCheck`, and the same default compiler options. Closure
 *   serialization (`CallbackFunction`, `onSchedule`, dynamic providers) depends on this.
 */
import * as fs from "node:fs";
import Module, { createRequire } from "node:module";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import YAML from "yaml";
import { type LoadedProject, PlanInputError } from "./project";

const REPO = path.resolve(__dirname, "../..");
const REPO_MODULES = path.join(REPO, "node_modules");

export interface ProgramRuntime {
    /** `@pulumi/pulumi`'s entry file as the program resolves it. */
    sdkPath: string;
    /** The directory of the nearest `package.json` above the program, `null` when it has none. */
    packageRoot: string | null;
    /** Whether the program's packages come from this repository (a program without a `package.json`). */
    repoFallback: boolean;
    /**
     * Whether this repository type-checks the program already (`npm run typecheck`: its root, examples and test
     * fixtures), or TypeScript could not see its packages (the fallback): then ts-node only transpiles by default.
     */
    checkedElsewhere: boolean;
}

/** This repository's own package roots: the root and its workspaces. */
function repoPackageRoots(): string[] {
    const manifest = readJson(path.join(REPO, "package.json"));
    const workspaces =
        isRecord(manifest) && Array.isArray(manifest["workspaces"])
            ? manifest["workspaces"].filter((w): w is string => typeof w === "string")
            : [];
    const roots = [REPO];
    for (const pattern of workspaces) {
        if (pattern.endsWith("/*")) {
            const parent = path.join(REPO, pattern.slice(0, -2));
            if (fs.existsSync(parent)) for (const name of fs.readdirSync(parent)) roots.push(path.join(parent, name));
        } else {
            roots.push(path.join(REPO, pattern));
        }
    }
    return roots;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

function readJson(file: string): unknown {
    try {
        return JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        throw new PlanInputError(`${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
}

/** The nearest directory at or above `dir` holding a `package.json` (the host's `searchupPackageManifest`). */
export function findPackageRoot(dir: string): string | null {
    for (let current = path.resolve(dir); ; current = path.dirname(current)) {
        if (fs.existsSync(path.join(current, "package.json"))) return current;
        if (path.dirname(current) === current) return null;
    }
}

/** Where Node would find `<name>/package.json` from `dir`: each `node_modules` up the tree, then NODE_PATH. */
function installedManifest(name: string, dir: string): string | null {
    for (let current = path.resolve(dir); ; current = path.dirname(current)) {
        const candidate = path.join(current, "node_modules", name, "package.json");
        if (fs.existsSync(candidate)) return candidate;
        if (path.dirname(current) === current) break;
    }
    for (const extra of (process.env["NODE_PATH"] ?? "").split(path.delimiter).filter(Boolean)) {
        const candidate = path.join(extra, name, "package.json");
        if (fs.existsSync(candidate)) return candidate;
    }
    return null;
}

/**
 * The majors a declared range admits, or `null` when it admits any major from one up (`>=5`) or is not a version
 * range npm resolves from the registry (`file:`, `workspace:`, git, tags).
 */
function declaredMajors(range: string): { majors: Set<number>; atLeast: number | null } | null {
    const trimmed = range.trim();
    if (trimmed === "" || trimmed === "*" || trimmed === "latest" || /^[a-z+]+:/i.test(trimmed) || trimmed.includes("/")) return null;
    const majors = new Set<number>();
    let atLeast: number | null = null;
    for (const alternative of trimmed.split("||")) {
        const comparators = alternative.trim().split(/\s+/).filter(Boolean);
        const first = comparators.map((c) => /^(>=|>|<=|<|=|\^|~)?v?(\d+)/.exec(c)).find((m) => m !== null);
        if (!first) return null;
        const major = Number(first[2]);
        const unbounded = comparators.every((c) => c.startsWith(">")) || /^\d+(\.\d+)?\s*-\s*$/.test(alternative);
        if (unbounded) atLeast = atLeast === null ? major : Math.min(atLeast, major);
        else majors.add(major);
    }
    return { majors, atLeast };
}

/** The first problem with the program's declared dependencies against what resolves, or `null` when none. */
export function checkDependencies(packageRoot: string, resolveFrom: string): string | null {
    const manifestFile = path.join(packageRoot, "package.json");
    const manifest = readJson(manifestFile);
    if (!isRecord(manifest)) return null;
    const declared: Record<string, string> = {};
    for (const field of ["dependencies", "devDependencies"]) {
        const deps = manifest[field];
        if (isRecord(deps)) for (const [name, range] of Object.entries(deps)) if (typeof range === "string") declared[name] = range;
    }
    const problems: string[] = [];
    for (const [name, range] of Object.entries(declared)) {
        const wanted = declaredMajors(range);
        if (!wanted) continue;
        const found = installedManifest(name, resolveFrom);
        if (!found) continue; // only an import of it fails, with the npm install hint
        const pkg = readJson(found);
        const version = isRecord(pkg) && typeof pkg["version"] === "string" ? pkg["version"] : null;
        const major = version ? Number(/^(\d+)/.exec(version)?.[1]) : NaN;
        if (!Number.isFinite(major)) continue;
        if (wanted.majors.has(major) || (wanted.atLeast !== null && major >= wanted.atLeast)) continue;
        problems.push(`${name}: package.json declares ${JSON.stringify(range)} but ${version} resolves (${path.dirname(found)})`);
    }
    if (problems.length === 0) return null;
    return `${manifestFile} declares other major versions than the ones installed:\n  ${problems.join("\n  ")}\nrun \`npm install\` in ${packageRoot}`;
}

/**
 * Resolves the program's SDK and checks its declared dependencies. A program with its own `package.json` uses its
 * own `node_modules` only; a plain program without one uses this repository's packages (through NODE_PATH).
 */
export function resolveRuntime(project: LoadedProject): ProgramRuntime {
    const programDir = path.dirname(project.entry);
    const packageRoot = findPackageRoot(programDir);
    const fromProgram = createRequire(path.join(programDir, "__plan__.js"));
    if (packageRoot === null) {
        const paths = (process.env["NODE_PATH"] ?? "").split(path.delimiter).filter(Boolean);
        if (!paths.includes(REPO_MODULES)) {
            process.env["NODE_PATH"] = [...paths, REPO_MODULES].join(path.delimiter);
            (Module as unknown as { _initPaths(): void })._initPaths();
        }
        return { sdkPath: require.resolve("@pulumi/pulumi"), packageRoot, repoFallback: true, checkedElsewhere: true };
    }
    const mismatch = checkDependencies(packageRoot, programDir);
    if (mismatch) throw new PlanInputError(mismatch);
    let sdkPath: string;
    try {
        sdkPath = fromProgram.resolve("@pulumi/pulumi");
    } catch {
        throw new PlanInputError(`cannot find module '@pulumi/pulumi' from ${programDir}: run \`npm install\` in ${packageRoot}`);
    }
    return { sdkPath, packageRoot, repoFallback: false, checkedElsewhere: repoPackageRoots().includes(packageRoot) };
}

interface TsNodeOptions {
    compiler: string;
    transpileOnly: boolean | undefined;
    project: string;
    skipProject: boolean;
    compilerOptions: Record<string, unknown>;
}

interface TsUtils {
    loadTypeScriptCompilerOptions(tsConfigPath: string): Record<string, unknown>;
    typeScriptRequireStrings(): { tsnodeRequire: string; typescriptRequire: string };
}

type Loader = (module: NodeJS.Module & { _compile(code: string, filename: string): void }, filename: string) => void;
const extensions = (Module as unknown as { _extensions: Record<string, Loader> })._extensions;
const TS_EXTENSIONS = [".ts", ".tsx"];
/** The loader this process had for `.ts` before any program (tsx's, for this repository's own tools). */
const toolLoaders = new Map(TS_EXTENSIONS.map((ext) => [ext, extensions[ext]]));
let registered: string | null = null;

/** Reads `runtime.options` of the project's Pulumi.yaml. */
function runtimeOptions(dir: string): Record<string, unknown> {
    const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
    const doc: unknown = file ? YAML.parse(fs.readFileSync(file, "utf8")) : null;
    const runtime = isRecord(doc) ? doc["runtime"] : null;
    return isRecord(runtime) && isRecord(runtime["options"]) ? runtime["options"] : {};
}

/**
 * Registers ts-node for the program as run.js does (same options, same module resolution from the SDK). The
 * program's `.ts` files are compiled by it alone: the tool's own loader (tsx) is set aside first, not chained.
 * One registration per process and set of options; planning another program with other options replaces it.
 * Unlike the host, a program this repository type-checks already is only transpiled unless asked otherwise
 * (`PULUMI_NODEJS_TRANSPILE_ONLY=false`): checking it again under ts-node would cost seconds on every plan.
 */
export function registerTypeScript(project: LoadedProject, runtime: ProgramRuntime): { typescript: boolean; transpileOnly: boolean } {
    const { sdkPath } = runtime;
    const options = runtimeOptions(project.dir);
    if (options["typescript"] === false) {
        for (const [ext, loader] of toolLoaders) if (loader) extensions[ext] = loader;
        registered = null;
        return { typescript: false, transpileOnly: false };
    }
    const sdkDir = path.dirname(sdkPath);
    const tsutils = require(path.join(sdkDir, "tsutils")) as TsUtils;
    const configured = typeof options["tsconfig"] === "string" ? options["tsconfig"] : process.env["PULUMI_NODEJS_TSCONFIG_PATH"];
    const tsConfigPath = path.resolve(project.dir, configured ?? "tsconfig.json");
    const skipProject = !fs.existsSync(tsConfigPath);
    if (skipProject && configured !== undefined)
        throw new PlanInputError(`tsconfig path was set to ${configured} but the file was not found`);
    const compilerOptions = tsutils.loadTypeScriptCompilerOptions(tsConfigPath);
    const transpileEnv = process.env["PULUMI_NODEJS_TRANSPILE_ONLY"];
    // The host's order: the environment, then the tsconfig's noCheck, else ts-node's default (type-check).
    let transpileOnly = transpileEnv ? transpileEnv === "true" : compilerOptions["noCheck"] === true ? true : undefined;
    if (transpileOnly === undefined && runtime.checkedElsewhere) transpileOnly = true;
    const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
    // The strings are module names resolved from the SDK's own directory (or vendored paths): resolve them there,
    // so the program's own `typescript` and `ts-node` are used, as the host's `require` in run.js would.
    const fromSdk = createRequire(path.join(sdkDir, "tsutils.js"));
    const ts = fromSdk(typescriptRequire) as { version: string };
    const [major = 0, minor = 0] = ts.version.split(".").map(Number);
    const nodeNext = major > 4 || (major === 4 && minor >= 7);
    const tsNodeOptions: TsNodeOptions = {
        compiler: fromSdk.resolve(typescriptRequire),
        transpileOnly,
        project: tsConfigPath,
        skipProject,
        compilerOptions: {
            target: "ES2020",
            module: nodeNext ? "nodenext" : "commonjs",
            moduleResolution: nodeNext ? "nodenext" : "node",
            sourceMap: "true",
            ...compilerOptions,
        },
    };
    const key = JSON.stringify([tsnodeRequire, tsNodeOptions]);
    if (registered !== key) {
        // ts-node chains to the loader it finds: give it Node's plain one, so tsx does not compile the program first.
        const plain: Loader = (module, filename) => module._compile(fs.readFileSync(filename, "utf8"), filename);
        for (const ext of TS_EXTENSIONS) extensions[ext] = plain;
        (fromSdk(tsnodeRequire) as { register(options: TsNodeOptions): unknown }).register(tsNodeOptions);
        registered = key;
    }
    return { typescript: true, transpileOnly: transpileOnly === true };
}

/**
 * Runs the program's module as run.js does: `require` for CommonJS, `import()` for `"type": "module"`; an exported
 * function is called and awaited; a default export of an ES module is the program's result.
 */
export async function loadProgram(entry: string, packageRoot: string | null): Promise<unknown> {
    const manifest = packageRoot ? readJson(path.join(packageRoot, "package.json")) : null;
    let exported: unknown;
    if (isRecord(manifest) && manifest["type"] === "module") {
        const mod = (await import(pathToFileURL(fs.realpathSync(entry)).href)) as Record<string, unknown>;
        exported = Object.getOwnPropertyDescriptor(mod, "default") !== undefined ? mod["default"] : mod;
    } else {
        exported = require(entry);
    }
    return typeof exported === "function" ? await (exported as () => unknown)() : exported;
}

/** The hint for a module that cannot be found: the program's dependencies are not installed. */
export function missingModuleHint(err: unknown, runtime: ProgramRuntime, entry: string): string | null {
    if (!(err instanceof Error) || !("code" in err) || err.code !== "MODULE_NOT_FOUND") return null;
    const name = /Cannot find module '([^']+)'/.exec(err.message)?.[1];
    if (!name || name.startsWith(".") || path.isAbsolute(name)) return null;
    const where = runtime.packageRoot ?? path.dirname(entry);
    const declared = runtime.packageRoot ? "" : " (the program has no package.json: add one with its dependencies)";
    return `cannot find module '${name}' from ${path.dirname(entry)}: run \`npm install\` in ${where}${declared}`;
}
