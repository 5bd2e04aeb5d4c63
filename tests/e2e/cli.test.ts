// The plan command end to end, in subprocesses: human and JSON output, and exit 2 with a clear message and no
// plan for every kind of invalid input.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type CliRun, FIXTURES, mandatory, parsePlan, pool, PROD_POLICY_CONFIG, REPO, runCli } from "./support";

const COMPONENTS = path.join(FIXTURES, "cli-components");
const THROWS = path.join(FIXTURES, "cli-throws");
const UNHANDLED = path.join(FIXTURES, "cli-unhandled");
const PROGRAM_LOG = "cli-components: hello from the program on console.log";
/** A line of a JavaScript stack trace. */
const JS_STACK = /^\s+at .+[:(]/m;

const limit = pool(Number(process.env["E2E_CONCURRENCY"] ?? 2));
const cli = (args: string[], cwd?: string): Promise<CliRun> => limit(() => runCli(args, cwd));

const temps: string[] = [];
function tempDir(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), prefix));
    temps.push(dir);
    return dir;
}
afterAll(() => {
    for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

/** Invalid input: exit 2, a message on stderr, nothing planned on stdout (no JSON, no resource list). */
function expectInvalidInput(run: CliRun): void {
    expect(run.code, `stderr: ${run.stderr}`).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^error: /m);
}

describe.concurrent("plan CLI end to end", () => {
    it("human output: resources grouped by top-level component, with counts per type", async () => {
        const run = await cli(["--cwd", COMPONENTS, "--stack", "prod", "--policy-pack-config", PROD_POLICY_CONFIG]);
        expect(run.code, run.stderr).toBe(0);
        // The first line counts what the groups show: 3 resources in the one component, 1 directly in the stack.
        expect(run.stdout).toContain("e2e-cli-components / prod: 4 resources (3 in 1 component, 1 outside any component)");
        expect(run.stdout).toMatch(/^notifier\s+3\s+acme:app:Notifier$/m);
        expect(run.stdout).toMatch(/^\s+(sqs\.Queue, sns\.Topic ×2|sns\.Topic ×2, sqs\.Queue)$/m);
        expect(run.stdout).toMatch(/^\(stack\)\s+1\s+resources outside any component$/m);
        expect(run.stdout).toMatch(/^\s+budgets\.Budget$/m);
        expect(run.stdout).toMatch(/0 mandatory, 0 advisory violations/);
        // What the program prints goes to stderr, not into the plan.
        expect(run.stdout).not.toContain(PROGRAM_LOG);
        expect(run.stderr).toContain(PROGRAM_LOG);
    });

    it("--json: stdout is exactly one JSON document, even when the program writes to console.log", async () => {
        const run = await cli(["--cwd", COMPONENTS, "--stack", "prod", "--json", "--policy-pack-config", PROD_POLICY_CONFIG]);
        expect(run.code, run.stderr).toBe(0);
        const doc = parsePlan(run); // the whole of stdout parses
        expect(run.stdout.trimEnd().endsWith("}")).toBe(true);
        expect(run.stdout).not.toContain(PROGRAM_LOG);
        expect(run.stderr).toContain(PROGRAM_LOG);
        expect(doc).toMatchObject({ project: "e2e-cli-components", stack: "prod" });
        expect(doc.summary).toMatchObject({ resources: 4, components: 1, outsideComponents: 1, registrations: doc.resources.length });
        const component = doc.resources.find((r) => r.type === "acme:app:Notifier");
        expect(component).toMatchObject({ name: "notifier", custom: false });
        const children = doc.resources
            .filter((r) => r.parent === component?.urn)
            .map((r) => `${r.type}::${r.name}`)
            .sort();
        expect(children).toEqual([
            "aws:sns/topic:Topic::notifier-alerts",
            "aws:sns/topic:Topic::notifier-events",
            "aws:sqs/queue:Queue::notifier-jobs",
        ]);
        expect(mandatory(doc)).toEqual([]);
        expect(doc.cost.budgetUsd).toBe(3000);
    });

    it("unknown stack: exit 2, the message lists the project's stacks", async () => {
        const run = await cli(["--cwd", COMPONENTS, "--stack", "staging", "--json"]);
        expectInvalidInput(run);
        expect(run.stderr).toContain("unknown stack `staging`");
        expect(run.stderr).toMatch(/stacks here: dev, prod/);
    });

    it("a program that throws: exit 2, its message, no JavaScript stack unless --verbose", async () => {
        const [quiet, verbose] = await Promise.all([
            cli(["--cwd", THROWS, "--stack", "prod", "--json"]),
            cli(["--cwd", THROWS, "--stack", "prod", "--json", "--verbose"]),
        ]);
        expectInvalidInput(quiet);
        expect(quiet.stderr).toContain("e2e-cli-throws: required setting databaseUrl is missing");
        expect(quiet.stderr).not.toMatch(JS_STACK);
        expect(quiet.stderr).toContain("--verbose");
        expect(quiet.stderr.split("\n").length).toBeLessThan(10);

        expectInvalidInput(verbose);
        expect(verbose.stderr).toContain("e2e-cli-throws: required setting databaseUrl is missing");
        expect(verbose.stderr).toMatch(/^\s+at .*cli-throws[\\/]index\.ts:\d+/m);
    });

    it("a rejection nobody handles: exit 2 with the program's own error, as the language host reports it", async () => {
        const run = await cli(["--cwd", UNHANDLED, "--stack", "prod", "--json", "--no-policy"]);
        expectInvalidInput(run);
        expect(run.stderr).toContain("failed with an unhandled exception:\ne2e-cli-unhandled: zone example.com not found");
        expect(run.stderr).not.toMatch(/promises? (were|was) still active/);
        expect(run.stderr).not.toMatch(JS_STACK);
    });

    it("an unknown option: exit 2, names the option", async () => {
        const run = await cli(["--cwd", COMPONENTS, "--stack", "prod", "--json", "--frobnicate"]);
        expectInvalidInput(run);
        expect(run.stderr).toMatch(/Unknown option '--frobnicate'/);
        expect(run.stderr).not.toMatch(JS_STACK);
    });

    it("a missing --policy-pack-config file: exit 2, names the file", async () => {
        const missing = path.join(tempDir("e2e-policy-config-"), "nope.json");
        const run = await cli(["--cwd", COMPONENTS, "--stack", "prod", "--json", "--policy-pack-config", missing]);
        expectInvalidInput(run);
        expect(run.stderr).toContain(missing);
        expect(run.stderr).toContain("does not exist");
    });

    it("a policy config with an invalid value: exit 2, names the policy and the key", async () => {
        const dir = tempDir("e2e-policy-config-");
        const tooLarge = path.join(dir, "too-large.json");
        fs.writeFileSync(tooLarge, JSON.stringify({ all: "mandatory", "rpo-database-backups": { minRetentionDays: 99 } }));
        const wrongType = path.join(dir, "wrong-type.json");
        fs.writeFileSync(wrongType, JSON.stringify({ "edge-waf-rate-limit": { maxRequestsPerMinute: "a hundred" } }));
        const [large, type] = await Promise.all([
            cli(["--cwd", COMPONENTS, "--stack", "prod", "--json", "--policy-pack-config", tooLarge]),
            cli(["--cwd", COMPONENTS, "--stack", "prod", "--json", "--policy-pack-config", wrongType]),
        ]);
        expectInvalidInput(large);
        expect(large.stderr).toContain("rpo-database-backups");
        expect(large.stderr).toContain("minRetentionDays");
        expect(large.stderr).toContain("99");
        expect(large.stderr).not.toMatch(JS_STACK);
        expectInvalidInput(type);
        expect(type.stderr).toContain("edge-waf-rate-limit");
        expect(type.stderr).toContain("maxRequestsPerMinute");
    });

    it("a misspelt key in the root project's stack config: exit 2, names the file and the key, suggests the right key", async () => {
        const dir = tempDir("e2e-root-config-");
        const project = fs.readFileSync(path.join(REPO, "Pulumi.yaml"), "utf8");
        expect(project).toMatch(/^main: .+$/m);
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), project.replace(/^main: .+$/m, `main: ${path.join(REPO, "stacks/index.ts")}`));
        const stack = fs.readFileSync(path.join(REPO, "Pulumi.prod.yaml"), "utf8");
        expect(stack).toMatch(/^ {2}appstack:database:/m);
        fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), stack.replace(/^ {2}appstack:database:/m, "  appstack:databse:"));

        const run = await cli(["--cwd", dir, "--stack", "prod", "--json"]);
        expectInvalidInput(run);
        expect(run.stderr).toContain("Pulumi.prod.yaml");
        expect(run.stderr).toContain("appstack:databse");
        expect(run.stderr).toMatch(/did you mean `appstack:database`/);
        expect(run.stderr).not.toMatch(JS_STACK);
    });

    it("--cwd with a plain program outside the repository resolves @pulumi/* from here and is planned", async () => {
        const dir = tempDir("e2e-outside-");
        expect(path.relative(REPO, dir).startsWith("..")).toBe(true);
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: e2e-outside\nruntime: nodejs\n");
        fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), "config:\n  aws:region: us-east-1\n");
        fs.writeFileSync(
            path.join(dir, "index.ts"),
            [
                'import * as aws from "@pulumi/aws";',
                'import * as pulumi from "@pulumi/pulumi";',
                'const topic = new aws.sns.Topic("outside-alerts", { kmsMasterKeyId: "alias/aws/sns" });',
                'new aws.budgets.Budget("outside-budget", { budgetType: "COST", timeUnit: "MONTHLY", limitAmount: "100", limitUnit: "USD" });',
                "export const topicArn = pulumi.output(topic.arn);",
                "",
            ].join("\n"),
        );
        expect(fs.existsSync(path.join(dir, "node_modules"))).toBe(false);

        const run = await cli(["--cwd", dir, "--stack", "prod", "--json", "--policy-pack-config", PROD_POLICY_CONFIG], os.tmpdir());
        expect(run.code, run.stderr).toBe(0);
        const doc = parsePlan(run);
        expect(doc.project).toBe("e2e-outside");
        expect(doc.resources.map((r) => `${r.type}::${r.name}`)).toEqual(
            expect.arrayContaining(["aws:sns/topic:Topic::outside-alerts", "aws:budgets/budget:Budget::outside-budget"]),
        );
        expect(doc.resources.find((r) => r.name === "outside-alerts")?.inputs).toMatchObject({ kmsMasterKeyId: "alias/aws/sns" });
        expect(mandatory(doc)).toEqual([]);
    });
});
