// Plans many small fixture programs in this process against ONE running policy pack: the same capture, gate, cost
// and JSON document as `npm run plan -- --json` (tools/plan/cli.ts), without starting two Node processes per
// fixture. The CLI itself is exercised end to end in cli.test.ts and for the root project in gate.test.ts.
import * as path from "node:path";
import { register } from "tsx/cjs/api";
import { planCost } from "../../tools/plan/cost";
import { blocks, planDocument } from "../../tools/plan/document";
import { type GateSession, startGate } from "../../tools/plan/gate";
import { planStack } from "../../tools/plan/run";
import { type CliRun, type PlanDocument, REPO } from "./support";

// The fixtures are TypeScript programs, loaded with `require` as the Node.js language host would (tsx compiles).
register();

export class FixturePlanner {
    private readonly gate: GateSession;
    private queue: Promise<unknown> = Promise.resolve();

    constructor(private readonly configFile: string) {
        this.gate = startGate({ packDir: path.join(REPO, "policies"), configFile, project: "e2e", stack: "prod", reusable: true });
    }

    /** Plans one fixture's prod stack. Plans run one at a time: the Pulumi runtime is one per process. */
    plan(dir: string): Promise<{ run: CliRun; doc: PlanDocument }> {
        const next = this.queue.then(() => this.planNow(dir));
        this.queue = next.catch(() => undefined);
        return next;
    }

    private async planNow(dir: string): Promise<{ run: CliRun; doc: PlanDocument }> {
        const started = performance.now();
        const cwd = process.cwd();
        try {
            const run = await planStack({ cwd: dir, stack: "prod" });
            if (run.errors.length > 0) throw new Error(`${dir}: ${run.errors.map((e) => e.message).join("; ")}`);
            const gate = await this.gate.run(run.resources);
            const cost = planCost(run.resources, run.project.region, gate);
            const doc = planDocument(run, gate, this.configFile, cost) as PlanDocument;
            return { run: { code: blocks(gate) ? 1 : 0, stdout: "", stderr: "", ms: performance.now() - started }, doc };
        } finally {
            process.chdir(cwd);
        }
    }

    close(): Promise<void> {
        return this.gate.close();
    }
}
