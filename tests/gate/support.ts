import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CapturedResource } from "../../tools/plan/engine";
import { toPlain } from "../../tools/plan/values";

export const PACKS = path.resolve(__dirname, "../fixtures/policy-packs");
export const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

/** A registration as the capture records it, built by hand: `urn:pulumi:<stack>::<project>::<type>::<name>`. */
export function resource(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    extra: Partial<Omit<CapturedResource, "wire" | "outputs">> & {
        outputs?: Record<string, unknown>;
        project?: string;
        stack?: string;
    } = {},
): CapturedResource {
    const { outputs = {}, project = "shop", stack = "prod", ...rest } = extra;
    const wireOutputs = { ...inputs, ...outputs };
    return {
        urn: `urn:pulumi:${stack}::${project}::${type}::${name}`,
        type,
        name,
        parent: `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}`,
        custom: type !== "pulumi:pulumi:Stack",
        remote: false,
        id: `${name}-id`,
        protect: false,
        retainOnDelete: false,
        deletedWith: null,
        deleteBeforeReplace: false,
        ignoreChanges: [],
        additionalSecretOutputs: [],
        dependencies: [],
        propertyDependencies: {},
        provider: null,
        inputs: toPlain(inputs),
        secretInputs: [],
        outputs: toPlain(wireOutputs),
        wire: { inputs, outputs: wireOutputs },
        ...rest,
    };
}

export function stackResource(project = "shop", stack = "prod"): CapturedResource {
    return resource("pulumi:pulumi:Stack", `${project}-${stack}`, {}, { parent: null, project, stack });
}

// Every temporary directory made here is removed by `removeTemporary` (test files call it in `afterAll`), or at the
// latest when the process exits (the bench script).
const temporary: string[] = [];
export function removeTemporary(): void {
    for (const dir of temporary.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
process.on("exit", removeTemporary);

function tempDir(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    temporary.push(dir);
    return dir;
}

/** Writes a JSON config file in a fresh temporary directory and returns its path. */
export function configFile(content: unknown): string {
    const dir = tempDir("gate-config-");
    const file = path.join(dir, "policy-config.json");
    fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
    return file;
}

/** A throwaway pack directory (for packs that must not be type-checked with the repository). */
export function tempPack(files: Record<string, string>): string {
    const dir = tempDir("gate-pack-");
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
}

/** PIDs of live processes whose command line mentions `needle` (reads /proc; Linux only). */
export function processesMentioning(needle: string): number[] {
    const found: number[] = [];
    for (const entry of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
        try {
            const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ");
            const state = /^State:\s+(\S)/m.exec(fs.readFileSync(`/proc/${entry}/status`, "utf8"))?.[1];
            if (cmdline.includes(needle) && state !== "Z") found.push(Number(entry));
        } catch {
            // The process ended while we looked.
        }
    }
    return found;
}
