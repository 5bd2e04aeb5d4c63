import * as crypto from "node:crypto";

export type State = Record<string, unknown>;

/**
 * The stack config of the program being planned (`gcp:project` → value), set by the engine next to the program's
 * own SDK. Read here rather than through an imported `@pulumi/pulumi`: a program with its own node_modules has its
 * own SDK copy, whose config this repository's copy never sees, and loading a second SDK costs every plan ~0.6 s.
 */
let stackConfig: Readonly<Record<string, string>> = {};
export function useStackConfig(config: Readonly<Record<string, string>>): void {
    stackConfig = config;
}
export function stackConfigValue(key: string): string | undefined {
    return stackConfig[key];
}

/** A stable hex string derived from `seed`: mocked ids are the same on every run. */
export function hex(seed: string, length: number): string {
    return crypto.createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** `value` when it is a non-empty string, else `fallback`. */
export function str(value: unknown, fallback: string): string {
    return typeof value === "string" && value.length > 0 ? value : fallback;
}
