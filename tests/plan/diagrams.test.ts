import * as fs from "node:fs";
import * as path from "node:path";
import { JSDOM } from "jsdom";
import { beforeAll, describe, expect, it } from "vitest";
import { discoverTargets } from "../../tools/plan/all";
import { REPO, runPlan } from "../support/cli";

/**
 * Every project's README embeds the architecture of its prod stack as drawn by `--format mermaid`. The diagram is
 * generated from what the code registers, so this test fails as soon as the committed picture drifts from the code
 * (fix: `npm run plan -- [--cwd <project>] --stack prod --format mermaid` and paste the output into the README).
 */
const projects = [
    ...new Set(
        discoverTargets()
            .filter((t) => t.stack === "prod")
            .map((t) => t.project),
    ),
];

function committedDiagram(project: string): string {
    const readme = fs.readFileSync(path.join(REPO, project, "README.md"), "utf8");
    const match = /<!-- diagram:prod -->\s*```mermaid\n([\s\S]*?)```/.exec(readme);
    if (!match?.[1]) throw new Error(`${project}/README.md has no <!-- diagram:prod --> mermaid block`);
    return match[1];
}

type MermaidApi = { parse(text: string): Promise<unknown> };
let mermaid: MermaidApi;

beforeAll(async () => {
    // Mermaid's parser runs in a DOM; jsdom is enough for parsing (no rendering).
    const dom = new JSDOM("<!doctype html><html><body></body></html>");
    Object.assign(globalThis, { window: dom.window, document: dom.window.document });
    mermaid = ((await import("mermaid")) as unknown as { default: MermaidApi }).default;
});

describe.each(projects)("architecture diagram of %s", (project) => {
    it("parses as Mermaid and matches the README", async () => {
        const result = await runPlan(["--cwd", path.join(REPO, project), "--stack", "prod", "--format", "mermaid", "--no-policy"]);
        expect(result.code, result.stderr).toBe(0);
        await expect(mermaid.parse(result.stdout)).resolves.toBeTruthy();
        expect(result.stdout).toBe(committedDiagram(project));
    });
});

it("a broken diagram does not parse, so the check above can fail", async () => {
    await expect(mermaid.parse("flowchart LR\n  a -->")).rejects.toThrow();
});
