// npm is never silenced for the whole repository: a mistyped script or a failed install must print npm's own error.
// Machine-readable plans use `npm run -s plan -- --json` (npm's `-s` drops the script banner from stdout for that
// one command), as the README and the PR workflow do.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const REPO = path.resolve(__dirname, "../..");

function npm(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        execFile("npm", args, { cwd: REPO, env: { ...process.env, NO_COLOR: "1" } }, (err, stdout, stderr) => {
            resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr });
        });
    });
}

describe("npm speaks", () => {
    it("a mistyped script name prints npm's error and fails", async () => {
        const result = await npm(["run", "paln"]);
        expect(result.code).not.toBe(0);
        expect(result.stderr).toContain('Missing script: "paln"');
    });

    it("no .npmrc in the repository lowers npm's log level", () => {
        for (const file of [
            path.join(REPO, ".npmrc"),
            ...fs.readdirSync(path.join(REPO, "examples")).map((d) => path.join(REPO, "examples", d, ".npmrc")),
        ]) {
            if (!fs.existsSync(file)) continue;
            expect(fs.readFileSync(file, "utf8")).not.toMatch(/^\s*(loglevel\s*=\s*silent|silent\s*=\s*true)/m);
        }
    });

    it("uses `npm run -s plan` wherever a plan's JSON is written to a file or a pipe", () => {
        const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
        const pr = fs.readFileSync(path.join(REPO, ".github/workflows/pr.yml"), "utf8");
        for (const text of [readme, pr]) {
            // Where the JSON is redirected or piped, the banner would land in it.
            for (const line of text.split("\n").filter((l) => /npm run .*plan .*--json.*\s[>|]\s/.test(l)))
                expect(line).toMatch(/npm run -s plan/);
        }
    });
});
