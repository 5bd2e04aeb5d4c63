/**
 * GitHub's own workflow parser (@actions/workflow-parser, the parser of the Actions service and of the VS Code
 * extension) for tests: parse and convert a workflow file, returning every error either step reports and the
 * converted template (events, jobs, needs).
 */
import { register } from "node:module";

let hooked = false;

export async function githubParse(name: string, content: string) {
    if (!hooked) {
        // The parser imports its JSON schema without an import attribute (see tests/components/mobile.test.ts).
        register(
            `data:text/javascript,${encodeURIComponent(`export async function load(url, context, nextLoad) {
                if (url.startsWith("file:") && url.includes("/@actions/workflow-parser/") && url.endsWith(".json")) {
                    const { readFile } = await import("node:fs/promises");
                    return { format: "module", source: "export default " + (await readFile(new URL(url), "utf8")) + ";", shortCircuit: true };
                }
                return nextLoad(url, context);
            }`)}`,
        );
        hooked = true;
    }
    const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import("@actions/workflow-parser");
    const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
    const errors = result.context.errors.getErrors().map((e) => e.message);
    if (!result.value) return { errors, template: undefined };
    const template = await convertWorkflowTemplate(result.context, result.value);
    return { errors: [...errors, ...(template.errors ?? []).map((e) => e.Message)], template };
}
