import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";

/**
 * The shape of what a provider returns, read from the installed package's own type declarations: the
 * `readonly x: pulumi.Output<T>` properties of a resource class, and the fields of a function's `Get*Result`
 * interface. Pulumi's code generator writes both in a fixed pattern (one file per resource or function, named after
 * the token's member: `aws:cloudwatch/logGroup:LogGroup` → `cloudwatch/logGroup.d.ts`; nested types in
 * `types/output.d.ts`), so a small scanner reads them without the TypeScript compiler. Each file is read once, on
 * first use, so a plan pays only for the types it registers.
 */

export type TypeShape =
    | { kind: "string"; literal?: string }
    | { kind: "number" }
    | { kind: "boolean" }
    | { kind: "any" }
    | { kind: "array"; of: TypeShape }
    | { kind: "map"; of: TypeShape }
    | { kind: "object"; fields: Field[] }
    /** A named type in `types/output.d.ts`: `outputs.ec2.GetAmiBlockDeviceMapping` (namespace `ec2`). */
    | { kind: "ref"; namespace: string | null; name: string };

export interface Field {
    name: string;
    type: TypeShape;
    /** `x?: T` in a result, `Output<T | undefined>` on a resource: present only when the program set it. */
    optional: boolean;
}

/** Splits `pkg:module/member:Name` into the file that declares it and the declared name. */
function tokenParts(token: string): { module: string; member: string; name: string } | undefined {
    const match = /^[^:]+:([^/:]+)\/([^:]+):(.+)$/.exec(token);
    if (!match) return undefined;
    return { module: match[1] ?? "", member: match[2] ?? "", name: match[3] ?? "" };
}

/** Strips comments so braces and semicolons in JSDoc do not count. */
function stripComments(text: string): string {
    return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

/** The text between the `{` at `open` and its matching `}`. */
function block(text: string, open: number): string {
    let depth = 0;
    for (let i = open; i < text.length; i++) {
        const c = text[i];
        if (c === "{") depth++;
        else if (c === "}" && --depth === 0) return text.slice(open + 1, i);
    }
    return text.slice(open + 1);
}

/** Splits `text` at `separator` where no bracket is open (`=>` is not a bracket). */
function splitTop(text: string, separator: string): string[] {
    const parts: string[] = [];
    let depth = 0;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if ("{[(<".includes(c ?? "")) depth++;
        else if ("}])".includes(c ?? "") || (c === ">" && text[i - 1] !== "=")) depth--;
        else if (c === separator && depth === 0) {
            parts.push(text.slice(start, i));
            start = i + 1;
        }
    }
    parts.push(text.slice(start));
    return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

/** Parses a declared type: primitives, literal unions, arrays, index signatures, inline objects, `outputs.*` refs. */
export function parseType(text: string): TypeShape {
    const alternatives = splitTop(text.trim(), "|").filter((t) => t !== "undefined" && t !== "null");
    const literals = alternatives.filter((t) => /^"[^"]*"$/.test(t));
    if (literals.length > 0 && literals.length === alternatives.length)
        return { kind: "string", literal: (literals[0] ?? '""').slice(1, -1) };
    const type = alternatives[0] ?? "any";
    if (type.endsWith("[]")) return { kind: "array", of: parseType(type.slice(0, -2).replace(/^\((.*)\)$/s, "$1")) };
    const generic = /^(pulumi\.Output|Array|Promise)<([\s\S]*)>$/.exec(type);
    if (generic) return generic[1] === "Array" ? { kind: "array", of: parseType(generic[2] ?? "any") } : parseType(generic[2] ?? "any");
    if (type.startsWith("{")) {
        const body = type.slice(1, type.lastIndexOf("}"));
        const index = /^\s*\[\w+: string\]\s*:\s*([\s\S]+?);?\s*$/.exec(body);
        if (index) return { kind: "map", of: parseType(index[1] ?? "any") };
        return { kind: "object", fields: parseMembers(body, false) };
    }
    if (type === "string" || type.startsWith("enums.")) return { kind: "string" };
    if (type === "number") return { kind: "number" };
    if (type === "boolean") return { kind: "boolean" };
    const ref = /^outputs\.(?:([\w.]+)\.)?(\w+)$/.exec(type);
    if (ref) return { kind: "ref", namespace: ref[1] ?? null, name: ref[2] ?? "" };
    return { kind: "any" };
}

/**
 * The properties of an interface or class body (comments stripped). With `outputsOnly`, only the
 * `readonly x: pulumi.Output<T>` properties a resource class declares; methods and statics are skipped.
 */
function parseMembers(body: string, outputsOnly: boolean): Field[] {
    const fields: Field[] = [];
    for (const statement of splitTop(body, ";")) {
        const match = /^(readonly\s+)?(\w+)(\??)\s*:\s*([\s\S]+)$/.exec(statement);
        if (!match) continue;
        const typeText = match[4] ?? "any";
        if (outputsOnly && (!match[1] || !typeText.startsWith("pulumi.Output<"))) continue;
        // `Output<T | undefined>`: an optional argument the provider only echoes back, never computes.
        const echoed = outputsOnly && splitTop(typeText.slice("pulumi.Output<".length, -1), "|").includes("undefined");
        fields.push({ name: match[2] ?? "", optional: match[3] === "?" || echoed, type: parseType(typeText) });
    }
    return fields;
}

/** The declared shapes of one installed provider package (the directory holding its `package.json`). */
export class PackageShapes {
    private readonly files = new Map<string, string | null>();
    private readonly refs = new Map<string, Field[] | undefined>();
    private outputTypes: string | null | undefined;

    constructor(readonly dir: string) {}

    private readonly parsed = new Map<string, Field[] | undefined>();

    /** The output properties a resource class declares, or `undefined` when the package has no such class. */
    resourceOutputs(token: string): Field[] | undefined {
        return this.once(`resource ${token}`, () => this.parseResource(token));
    }

    /** The fields of a function's `Get*Result` interface, or `undefined` when the package declares none. */
    invokeResult(token: string): Field[] | undefined {
        return this.once(`invoke ${token}`, () => this.parseInvoke(token));
    }

    private once(key: string, parse: () => Field[] | undefined): Field[] | undefined {
        if (!this.parsed.has(key)) this.parsed.set(key, parse());
        return this.parsed.get(key);
    }

    private parseResource(token: string): Field[] | undefined {
        const parts = tokenParts(token);
        const text = parts && this.declarations(parts.module, parts.member);
        if (!parts || !text) return undefined;
        const at = text.search(new RegExp(`export declare class ${parts.name} extends pulumi\\.(Custom|Provider)Resource\\s*\\{`));
        return at < 0 ? undefined : parseMembers(block(text, text.indexOf("{", at)), true);
    }

    private parseInvoke(token: string): Field[] | undefined {
        const parts = tokenParts(token);
        const text = parts && this.declarations(parts.module, parts.member);
        if (!parts || !text) return undefined;
        const name = `${parts.name.charAt(0).toUpperCase()}${parts.name.slice(1)}Result`;
        const at = text.search(new RegExp(`export interface ${name}\\s*\\{`));
        return at < 0 ? undefined : parseMembers(block(text, text.indexOf("{", at)), false);
    }

    /** The fields of a named output type (`outputs.ec2.X`), read from `types/output.d.ts` on first use. */
    resolve(ref: { namespace: string | null; name: string }): Field[] | undefined {
        const key = `${ref.namespace ?? ""}.${ref.name}`;
        if (this.refs.has(key)) return this.refs.get(key);
        this.outputTypes ??= readOrNull(path.join(this.dir, "types", "output.d.ts"));
        let fields: Field[] | undefined;
        const text = this.outputTypes;
        if (text) {
            // Generated layout: `export declare namespace ec2 {` at column 0, its interfaces indented by four.
            let from = 0;
            let to = text.length;
            let indent = "";
            for (const ns of ref.namespace?.split(".") ?? []) {
                const head = indent ? `\n${indent}namespace ${ns} {\n` : `\nexport declare namespace ${ns} {\n`;
                const at = text.indexOf(head, from);
                if (at < 0 || at > to) {
                    from = -1;
                    break;
                }
                from = at;
                to = text.indexOf(`\n${indent}}\n`, at + head.length);
                indent += "    ";
            }
            const head = indent ? `\n${indent}interface ${ref.name} {\n` : `\nexport interface ${ref.name} {\n`;
            const at = from < 0 ? -1 : text.indexOf(head, from);
            if (at >= 0 && at < to) {
                const end = text.indexOf(`\n${indent}}\n`, at + head.length);
                fields = parseMembers(stripComments(text.slice(at + head.length, end)), false);
            }
        }
        this.refs.set(key, fields);
        return fields;
    }

    /** The comment-free text of `<module>/<member>.d.ts` (`index` is the package root), matched case-insensitively. */
    private declarations(module: string, member: string): string | undefined {
        const key = `${module}/${member}`;
        if (!this.files.has(key)) {
            const dir = module === "index" ? this.dir : path.join(this.dir, module);
            let file = path.join(dir, `${member}.d.ts`);
            if (!fs.existsSync(file)) {
                // Tokens and file names differ in case now and then (`gcp:projects/iAMMember` is `projects/iammember.d.ts`).
                const wanted = `${member}.d.ts`.toLowerCase();
                const found = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.toLowerCase() === wanted) : undefined;
                file = found ? path.join(dir, found) : file;
            }
            const text = readOrNull(file);
            this.files.set(key, text === null ? null : stripComments(text));
        }
        return this.files.get(key) ?? undefined;
    }
}

function readOrNull(file: string): string | null {
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        return null;
    }
}

/** npm packages of the providers whose tokens start with something other than their package name. */
const PACKAGE_NAMES: Record<string, string[]> = {
    vercel: ["@pulumiverse/vercel"],
    sentry: ["@pulumiverse/sentry"],
    upstash: ["@upstash/pulumi"],
};

const byDir = new Map<string, PackageShapes>();
const byProvider = new Map<string, PackageShapes | null>();

/** The shapes of the package installed in `packageDir` (cached per directory). */
export function shapesOf(packageDir: string): PackageShapes {
    let shapes = byDir.get(packageDir);
    if (!shapes) {
        shapes = new PackageShapes(packageDir);
        byDir.set(packageDir, shapes);
    }
    return shapes;
}

/** The directory of a package as `fromDir` would `require` it, or `undefined` when it is not installed there. */
export function packageDir(packageName: string, fromDir: string): string | undefined {
    try {
        const main = createRequire(path.join(fromDir, "__plan__.js")).resolve(packageName);
        for (let dir = path.dirname(main); dir !== path.dirname(dir); dir = path.dirname(dir)) {
            if (fs.existsSync(path.join(dir, "package.json")) && dir.endsWith(path.join(...packageName.split("/")))) return dir;
        }
    } catch {
        // Not installed where the program is.
    }
    return undefined;
}

/**
 * The shapes of the provider a token belongs to (`aws:...` → `@pulumi/aws`), resolved the way the program resolves
 * it: from the working directory (the program's, during a plan) first, then from this repository.
 */
export function providerShapes(token: string, fromDir = process.cwd()): PackageShapes | undefined {
    const provider = token.split(":")[0] ?? "";
    const key = `${fromDir}\0${provider}`;
    if (!byProvider.has(key)) {
        const names = PACKAGE_NAMES[provider] ?? [`@pulumi/${provider}`, `@pulumiverse/${provider}`];
        let dir: string | undefined;
        for (const name of names) dir ??= packageDir(name, fromDir) ?? packageDir(name, __dirname);
        byProvider.set(key, dir ? shapesOf(dir) : null);
    }
    return byProvider.get(key) ?? undefined;
}
