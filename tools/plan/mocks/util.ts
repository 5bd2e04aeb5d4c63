import * as crypto from "node:crypto";

export type State = Record<string, unknown>;

/** A stable hex string derived from `seed`: mocked ids are the same on every run. */
export function hex(seed: string, length: number): string {
    return crypto.createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** `value` when it is a non-empty string, else `fallback`. */
export function str(value: unknown, fallback: string): string {
    return typeof value === "string" && value.length > 0 ? value : fallback;
}
