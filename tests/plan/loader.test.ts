// The plan loads and runs programs as the Node.js language host does, in this process: remote components shown,
// closures serialized, never-settling programs stopped, dependencies checked against the program's package.json.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatCost, planCost } from "../../tools/plan/cost";
import { planDocument } from "../../tools/plan/document";
import { checkDependencies, missingModuleHint, resolveRuntime } from "../../tools/plan/loader";
import { loadProject, PlanInputError } from "../../tools/plan/project";
import { formatHuman, groupByComponent } from "../../tools/plan/report";
import { planStack } from "../../tools/plan/run";

const REPO = path.resolve(__dirname, "../..");
const FIXTURES = path.join(REPO, "tests/e2e/fixtures");
const cwd = process.cwd();
const temps: string[] = [];
afterAll(() => {
    process.chdir(cwd);
    for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

/** A project outside the repository with its own package.json; `node_modules` links to this repository's. */
function userProject(dependencies: Record<string, string>, withModules: boolean): string {
    const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), "plan-loader-"));
    temps.push(dir);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: user-project\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config:\n  aws:region: us-east-1\n");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "user-project", main: "index.ts", dependencies }));
    fs.writeFileSync(path.join(dir, "index.ts"), 'import * as aws from "@pulumi/aws";\nnew aws.sns.Topic("t");\n');
    if (withModules) fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"));
    return dir;
}

const installedAws = (JSON.parse(fs.readFileSync(path.join(REPO, "node_modules/@pulumi/aws/package.json"), "utf8")) as { version: string })
    .version;

describe("plan loader", () => {
    it("shows a remote component with its type and inputs in the text, the JSON and the cost table, and the summary counts what the JSON holds", async () => {
        const run = await planStack({ cwd: path.join(FIXTURES, "cli-remote"), stack: "prod" });
        expect(run.errors).toEqual([]);
        const cost = planCost(run.resources, run.project.region, null);
        const doc = planDocument(run, null, null, cost);

        const remote = doc.resources.filter((r) => r.remote);
        expect(remote.map((r) => `${r.type}::${r.name}`).sort()).toEqual(["awsx:ec2:Vpc::platform-vpc", "awsx:ec2:Vpc::vpc"]);
        expect(doc.remoteComponents.find((r) => r.name === "vpc")?.inputs).toEqual({
            cidrBlock: "10.0.0.0/16",
            numberOfAvailabilityZones: 3,
        });
        expect(doc.summary).toMatchObject({
            resources: 2,
            components: 2,
            outsideComponents: 1,
            remoteComponents: 2,
            registrations: doc.resources.length,
        });
        expect(doc.summary.resources).toBe(doc.resources.filter((r) => r.custom).length);
        expect(doc.cost.unpriced).toEqual(
            expect.arrayContaining([
                expect.objectContaining({ name: "vpc", type: "awsx:ec2:Vpc", reason: expect.stringContaining("remote component") }),
            ]),
        );

        const text = formatHuman(run.project.name, run.project.stack, run.resources, { verbose: false, color: false });
        const first = text.split("\n")[0] ?? "";
        expect(first).toContain(`${doc.summary.resources} resources`);
        expect(first).toContain("2 remote components not expanded");
        expect(first).toContain(`${doc.resources.length} registrations`);
        expect(text).toMatch(/^vpc\s+0\s+awsx:ec2:Vpc$/m);
        expect(text).toContain('inputs: cidrBlock="10.0.0.0/16", numberOfAvailabilityZones=3');
        expect(text).toContain("platform-vpc (awsx:ec2:Vpc): remote component");
        const table = formatCost(cost, groupByComponent(run.resources));
        expect(table).toMatch(/not priced \(2\):\n\s+awsx:ec2:Vpc \(vpc, platform-vpc\): remote component/);
    });

    it("serializes CallbackFunction and onSchedule handlers into Lambda code, with the helpers they capture", async () => {
        const run = await planStack({ cwd: path.join(FIXTURES, "cli-callbacks"), stack: "prod" });
        expect(run.errors).toEqual([]);
        const functions = run.resources.filter((r) => r.type === "aws:lambda/function:Function");
        expect(functions.map((f) => f.name).sort()).toEqual(["hello", "nightly"]);
        for (const fn of functions) {
            // The code input is an archive whose `__index.js` is the serialized closure (the SDK's serializeFunction).
            const code = JSON.stringify(fn.wire.inputs["code"]);
            expect(code).toContain("exports.handler");
            expect(code).toContain("hello from ${name}");
        }
    });

    it("stops a program whose outputs never settle after the timeout and names what was outstanding", async () => {
        const started = performance.now();
        const run = await planStack({ cwd: path.join(FIXTURES, "cli-never-settles"), stack: "prod", timeoutMs: 1500 });
        expect(performance.now() - started).toBeLessThan(30_000);
        expect(run.errors).toHaveLength(1);
        expect(run.errors[0]).toMatchObject({ kind: "timeout" });
        expect(run.errors[0]?.message).toContain("did not finish within 1.5 s");
        expect(run.errors[0]?.message).toMatch(/waiting on their inputs or outputs: jobs \(aws:sqs\/queue:Queue\)/);
    });

    it("a declared major that differs from the installed one is an error naming both, with the fix", () => {
        const dir = userProject({ "@pulumi/aws": "^6.0.0", "@pulumi/pulumi": "^3.0.0" }, true);
        const problem = checkDependencies(dir, dir);
        expect(problem).toContain('@pulumi/aws: package.json declares "^6.0.0" but ' + installedAws + " resolves");
        expect(problem).toContain(`run \`npm install\` in ${dir}`);
        expect(() => resolveRuntime(loadProject(dir, "dev"))).toThrow(PlanInputError);
        // The same project declaring the installed major is fine, and uses its own node_modules (no fallback).
        const ok = userProject({ "@pulumi/aws": `^${installedAws.split(".")[0]}.0.0`, "@pulumi/pulumi": ">=3.0.0" }, true);
        expect(checkDependencies(ok, ok)).toBeNull();
        expect(resolveRuntime(loadProject(ok, "dev"))).toMatchObject({ packageRoot: ok, repoFallback: false });
    });

    it("a project with a package.json but no node_modules is told to run npm install there, not given this repository's packages", () => {
        const dir = userProject({ "@pulumi/aws": "^7.0.0", "@pulumi/pulumi": "^3.0.0" }, false);
        expect(() => resolveRuntime(loadProject(dir, "dev"))).toThrow(
            `cannot find module '@pulumi/pulumi' from ${dir}: run \`npm install\` in ${dir}`,
        );
        const missing = Object.assign(new Error("Cannot find module '@pulumi/docker'\nRequire stack:\n- x"), { code: "MODULE_NOT_FOUND" });
        const runtime = { sdkPath: "", packageRoot: dir, repoFallback: false, checkedElsewhere: false };
        expect(missingModuleHint(missing, runtime, path.join(dir, "index.ts"))).toBe(
            `cannot find module '@pulumi/docker' from ${dir}: run \`npm install\` in ${dir}`,
        );
        expect(
            missingModuleHint(
                Object.assign(new Error("Cannot find module './local'"), { code: "MODULE_NOT_FOUND" }),
                runtime,
                path.join(dir, "index.ts"),
            ),
        ).toBeNull();
    });
});
