/**
 * The GitHub Actions workflows in .github/workflows, checked with GitHub's own workflow parser
 * (@actions/workflow-parser, the one behind the Actions language service): every file parses and converts
 * without errors, and the workflows do what docs and README promise (plan per stack on pull requests, preview only
 * with credentials and only for reviewed code, staging then approved production on main, least-privilege
 * permissions, the README's plan command).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import { register } from "node:module";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type * as WorkflowParser from "@actions/workflow-parser" with { "resolution-mode": "import" };
import type { TemplateToken } from "@actions/workflow-parser/templates/tokens/template-token" with { "resolution-mode": "import" };
import { comparePlans, readPlanDocument, toComparable } from "../../tools/plan/compare";

const REPO = path.resolve(__dirname, "../..");
const WORKFLOWS = path.join(REPO, ".github/workflows");

// @actions/workflow-parser imports its JSON schema without `with { type: "json" }`, which Node's ESM loader
// rejects (vitest loads node_modules natively). This loader hook adds the attribute for .json files; it only
// affects this test file's worker process.
register(
    "data:text/javascript," +
        encodeURIComponent(
            `export async function load(url, context, next) {
                if (url.endsWith(".json") && !context.importAttributes?.type) {
                    return next(url, { ...context, importAttributes: { ...context.importAttributes, type: "json" } });
                }
                return next(url, context);
            }`,
        ),
);

let wp: typeof WorkflowParser;
beforeAll(async () => {
    wp = await import("@actions/workflow-parser");
});

type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };
type Obj = { [key: string]: Plain };

/** The parsed template as plain data; expressions keep their source text (`${{ ... }}` included). */
function plain(token: TemplateToken): Plain {
    if (wp.isMapping(token)) {
        const out: Obj = {};
        for (const { key, value } of token) out[wp.isString(key) ? key.value : key.toString()] = plain(value);
        return out;
    }
    if (wp.isSequence(token)) {
        const out: Plain[] = [];
        for (let i = 0; i < token.count; i++) out.push(plain(token.get(i)));
        return out;
    }
    if (wp.isBasicExpression(token)) return token.source ?? `\${{ ${token.expression} }}`;
    if (wp.isString(token) || wp.isBoolean(token) || wp.isNumber(token)) return token.value;
    return null;
}

interface Parsed {
    errors: string[];
    template: WorkflowParser.WorkflowTemplate;
    doc: Obj;
}

/** Parses with GitHub's parser and converts to a WorkflowTemplate, collecting the errors of both stages. */
async function parse(name: string, content: string): Promise<Parsed> {
    const result = wp.parseWorkflow({ name, content }, new wp.NoOperationTraceWriter());
    const errors = result.context.errors.getErrors().map((e) => e.message);
    const template = await wp.convertWorkflowTemplate(result.context, result.value!);
    for (const e of template.errors ?? []) if (!errors.includes(e.Message)) errors.push(e.Message);
    const doc = result.value ? plain(result.value) : null;
    return { errors, template, doc: doc && typeof doc === "object" && !Array.isArray(doc) ? doc : {} };
}

const obj = (v: Plain | undefined): Obj => (v && typeof v === "object" && !Array.isArray(v) ? v : {});
const list = (v: Plain | undefined): Plain[] => (Array.isArray(v) ? v : []);
const jobsOf = (p: Parsed): Record<string, Obj> => Object.fromEntries(Object.entries(obj(p.doc["jobs"])).map(([k, v]) => [k, obj(v)]));
const stepsOf = (job: Obj): Obj[] => list(job["steps"]).map(obj);
const runsOf = (job: Obj): string[] => stepsOf(job).flatMap((s) => (typeof s["run"] === "string" ? [s["run"]] : []));
const usesOf = (job: Obj): string[] => stepsOf(job).flatMap((s) => (typeof s["uses"] === "string" ? [s["uses"]] : []));
/** A scalar as text (undefined and null as ""), anything else as JSON. */
const str = (v: Plain | undefined): string =>
    typeof v === "string" ? v : v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
const stripExpr = (s: Plain | undefined): string =>
    str(s)
        .replace(/^\$\{\{\s*([\s\S]*?)\s*\}\}$/, "$1")
        .trim();

const files = fs.existsSync(WORKFLOWS)
    ? fs
          .readdirSync(WORKFLOWS)
          .filter((f) => /\.ya?ml$/.test(f))
          .sort()
    : [];
const parsed = new Map<string, Parsed>();
async function workflow(file: string): Promise<Parsed> {
    let p = parsed.get(file);
    if (!p) {
        p = await parse(file, fs.readFileSync(path.join(WORKFLOWS, file), "utf8"));
        parsed.set(file, p);
    }
    return p;
}

describe("GitHub's workflow parser", () => {
    it("finds the three workflows", () => {
        expect(files).toEqual(expect.arrayContaining(["deploy.yml", "policies.yml", "pr.yml"]));
    });

    it.each(files)("%s parses and converts without errors", async (file) => {
        const p = await workflow(file);
        expect(p.errors).toEqual([]);
        expect(p.template.jobs.length).toBeGreaterThan(0);
    });

    const valid =
        "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    steps:\n      - run: echo ok\n";
    it("accepts a valid control workflow (so the cases below fail for their one defect)", async () => {
        expect((await parse("valid.yml", valid)).errors).toEqual([]);
    });

    it.each([
        ["an unknown event under on", valid.replace("on: push", "on:\n  push:\n  pul_request:"), /Unexpected value 'pul_request'/],
        ["an unknown filter under on.push", valid.replace("on: push", "on:\n  push:\n    branchez: [main]"), /Unexpected value 'branchez'/],
        [
            "secrets in a job's if",
            valid.replace("    runs-on:", "    if: ${{ secrets.TOKEN != '' }}\n    runs-on:"),
            /Unrecognized named-value: 'secrets'/,
        ],
        [
            "an invalid permissions value",
            valid.replace("permissions: {}", "permissions: write-everything"),
            /Unexpected value 'write-everything'/,
        ],
    ])("reports %s", async (_what, content, message) => {
        const { errors } = await parse("broken.yml", content);
        expect(errors.length).toBeGreaterThan(0);
        expect(errors.join("\n")).toMatch(message);
    });
});

describe("pr.yml", () => {
    it("runs on pull requests", async () => {
        const p = await workflow("pr.yml");
        expect(Object.keys(p.template.events)).toEqual(["pull_request"]);
    });

    it("runs the README's plan command for dev, staging and prod, after npm ci, and fails on exit 1 or 2", async () => {
        const plan = jobsOf(await workflow("pr.yml"))["plan"];
        expect(list(obj(obj(plan["strategy"])["matrix"])["stack"])).toEqual(["dev", "staging", "prod"]);
        expect(obj(plan["strategy"])["fail-fast"]).toBe(false);
        const runs = runsOf(plan);
        // `-s`: npm prints its script banner on stdout otherwise, which would corrupt the JSON.
        const planLine = "npm run -s plan -- --stack ${{ matrix.stack }} --json $COMPARE > plan-${{ matrix.stack }}.json";
        expect(runs).toContain(planLine);
        expect(runs.indexOf("npm ci")).toBeGreaterThanOrEqual(0);
        expect(runs.indexOf("npm ci")).toBeLessThan(runs.indexOf(planLine));
        // Not swallowed: the plan step has no continue-on-error and no `|| true`, so exit 1 / 2 fails the job.
        const step = stepsOf(plan).find((s) => s["run"] === planLine)!;
        expect(step["continue-on-error"]).toBeUndefined();
        expect(planLine).not.toMatch(/\|\||;\s*true|set \+e/);
    });

    it("uploads each plan and writes a summary even when the gate failed", async () => {
        const plan = jobsOf(await workflow("pr.yml"))["plan"];
        const upload = stepsOf(plan).find((s) => str(s["uses"]).startsWith("actions/upload-artifact@"))!;
        expect(obj(upload["with"])["path"]).toBe("plan-${{ matrix.stack }}.json");
        expect(stripExpr(upload["if"])).toMatch(/!cancelled\(\)/);
        const summary = stepsOf(plan).find((s) => str(s["run"]).includes("GITHUB_STEP_SUMMARY"))!;
        expect(summary["run"]).toContain(".github/scripts/plan-summary.mjs plan-${{ matrix.stack }}.json");
        expect(stripExpr(summary["if"])).toMatch(/!cancelled\(\)/);
    });

    it("plans the base branch with its own code, per stack, and compares the head plan with it", async () => {
        const plan = jobsOf(await workflow("pr.yml"))["plan"];
        const steps = stepsOf(plan);
        const checkout = steps.find((s) => str(s["uses"]).startsWith("actions/checkout@") && obj(s["with"])["ref"] !== undefined)!;
        // The base commit of the pull request, in its own directory, without a persisted token.
        expect(obj(checkout["with"])).toMatchObject({
            ref: "${{ github.event.pull_request.base.sha }}",
            path: ".base",
            "persist-credentials": "false",
        });
        const base = steps.find((s) => s["id"] === "base")!;
        expect(base["working-directory"]).toBe(".base");
        expect(str(base["run"])).toContain("npm ci");
        expect(str(base["run"])).toContain(
            "npm run -s plan -- --stack ${{ matrix.stack }} --json > ../base-plan-${{ matrix.stack }}.json || [ $? -eq 1 ]",
        );
        // A base that does not plan never fails the pull request; exit 1 (violations on the base) still compares.
        expect(str(base["continue-on-error"])).toBe("true");
        const head = steps.find((s) => s["id"] === "plan")!;
        expect(steps.indexOf(checkout)).toBeLessThan(steps.indexOf(base));
        expect(steps.indexOf(base)).toBeLessThan(steps.indexOf(head));
        expect(stripExpr(obj(head["env"])["COMPARE"])).toBe(
            "steps.base.outcome == 'success' && format('--compare base-plan-{0}.json', matrix.stack) || ''",
        );
        expect(str(head["run"])).toContain("--json $COMPARE > plan-${{ matrix.stack }}.json");
    });

    it("posts or updates one marked PR comment, the only job besides preview with pull-requests: write", async () => {
        const jobs = jobsOf(await workflow("pr.yml"));
        const comment = jobs["comment"];
        expect(list(comment["needs"]).concat(typeof comment["needs"] === "string" ? [comment["needs"]] : [])).toContain("plan");
        expect(stripExpr(comment["if"])).toMatch(/!cancelled\(\)/);
        const script = stepsOf(comment).find((s) => str(s["uses"]).startsWith("actions/github-script@"))!;
        const code = str(obj(script["with"])["script"]);
        const { MARKER } = (await import(pathToFileURL(path.join(REPO, ".github/scripts/plan-summary.mjs")).href)) as { MARKER: string };
        expect(code).toContain(MARKER);
        expect(code).toMatch(/updateComment/);
        expect(code).toMatch(/createComment/);
        const writers = Object.entries(jobs)
            .filter(([, j]) => obj(j["permissions"])["pull-requests"] === "write")
            .map(([id]) => id);
        expect(writers.sort()).toEqual(["comment", "preview"]);
    });

    it("previews every stack with pulumi/actions and the policy pack, only when credentials exist", async () => {
        const preview = jobsOf(await workflow("pr.yml"))["preview"];
        expect(list(obj(obj(preview["strategy"])["matrix"])["stack"])).toEqual(["dev", "staging", "prod"]);
        // The check reads the secret in its own step's env (never `secrets` in `if`); every later step waits on it.
        const steps = stepsOf(preview);
        const at = steps.findIndex((st) => st["id"] === "credentials");
        const [check, ...rest] = steps.slice(at);
        expect(check).toBeDefined();
        expect(obj(check["env"])["PULUMI_ACCESS_TOKEN"]).toBe("${{ secrets.PULUMI_ACCESS_TOKEN }}");
        expect(str(check["run"])).toMatch(/-n "\$PULUMI_ACCESS_TOKEN"/);
        for (const step of rest) expect(stripExpr(step["if"])).toBe("steps.credentials.outputs.available == 'true'");

        const pulumi = stepsOf(preview).find(
            (s) => str(s["uses"]).startsWith("pulumi/actions@") && obj(s["with"])["command"] === "preview",
        )!;
        expect(obj(pulumi["with"])).toMatchObject({
            command: "preview",
            "stack-name": "${{ matrix.stack }}",
            policyPacks: "policies",
            policyPackConfigs: "policies/config/${{ matrix.stack }}.json",
            "comment-on-pr": "true",
        });
        const aws = stepsOf(preview).find((s) => str(s["uses"]).startsWith("aws-actions/configure-aws-credentials@"))!;
        expect(str(obj(aws["with"])["role-to-assume"])).toMatch(/^\$\{\{ vars\.[A-Z_]+ \}\}$/);
        expect(obj(preview["permissions"])["id-token"]).toBe("write");
        // The stacks whose config the preview points at all exist.
        for (const stack of ["dev", "staging", "prod"]) expect(fs.existsSync(path.join(REPO, `policies/config/${stack}.json`))).toBe(true);
    });

    it("runs the credentialed preview only for reviewed code: same-repository pull requests, in an environment", async () => {
        const p = await workflow("pr.yml");
        const preview = jobsOf(p)["preview"];
        // Forks get no secrets on pull_request; the job is skipped for them rather than left waiting for approval.
        expect(stripExpr(preview["if"])).toBe("github.event.pull_request.head.repo.full_name == github.repository");
        // The preview environment's required reviewers approve the job before it starts or sees its secrets.
        expect(preview["environment"]).toBe("preview");
        // The only jobs that can hold cloud credentials are the ones in that environment.
        for (const [id, job] of Object.entries(jobsOf(p))) {
            const credentialed = obj(job["permissions"])["id-token"] === "write" || JSON.stringify(job).includes("secrets.");
            if (credentialed) expect(job["environment"], `pr.yml: job ${id}`).toBe("preview");
        }
        expect(Object.keys(p.template.events)).not.toContain("pull_request_target");
    });
});

describe("deploy.yml", () => {
    it("runs only on pushes to main", async () => {
        const p = await workflow("deploy.yml");
        expect(Object.keys(p.template.events)).toEqual(["push"]);
        expect(p.template.events.push).toEqual({ branches: ["main"] });
    });

    it("deploys staging with the policy pack and its staging config", async () => {
        const staging = jobsOf(await workflow("deploy.yml"))["staging"];
        expect(runsOf(staging)).toContain(
            "pulumi up --stack staging --policy-pack policies --policy-pack-config policies/config/staging.json --yes",
        );
        expect(obj(staging["concurrency"])).toEqual({ group: "deploy-staging", "cancel-in-progress": false });
    });

    it("deploys prod only through the production environment, after staging", async () => {
        const jobs = jobsOf(await workflow("deploy.yml"));
        const prodJobs = Object.entries(jobs).filter(([, j]) => runsOf(j).some((r) => /--stack prod\b/.test(r)));
        expect(prodJobs.map(([id]) => id)).toEqual(["prod"]);
        const prod = jobs["prod"];
        expect(prod["environment"]).toBe("production");
        const needs = typeof prod["needs"] === "string" ? [prod["needs"]] : list(prod["needs"]);
        expect(needs).toContain("staging");
        expect(prod["if"]).toBeUndefined(); // runs only when staging succeeded (the default)
        expect(runsOf(prod)).toContain(
            "pulumi up --stack prod --policy-pack policies --policy-pack-config policies/config/prod.json --yes",
        );
        expect(obj(prod["concurrency"])).toEqual({ group: "deploy-prod", "cancel-in-progress": false });
        // The converter sees the same dependency.
        const converted = (await workflow("deploy.yml")).template.jobs.find((j) => j.id.value === "prod")!;
        expect(converted.needs?.map((n) => n.value)).toContain("staging");
    });

    it("never cancels a deployment in progress", async () => {
        const p = await workflow("deploy.yml");
        expect(obj(p.doc["concurrency"])["cancel-in-progress"]).not.toBe(true);
        for (const job of Object.values(jobsOf(p))) expect(obj(job["concurrency"])["cancel-in-progress"]).not.toBe(true);
    });
});

describe("policies.yml", () => {
    it("runs the pack's own suites when policies/ or tools/plan/ change", async () => {
        const p = await workflow("policies.yml");
        const pr = obj(obj(p.doc["on"])["pull_request"]);
        expect(list(pr["paths"])).toEqual(expect.arrayContaining(["policies/**", "tools/plan/**"]));
        const pack = Object.values(jobsOf(p)).find((j) => runsOf(j).includes("npx vitest run tests/policies tests/cost tests/gate"));
        expect(pack).toBeDefined();
    });

    it("runs npm test on every push", async () => {
        const p = await workflow("policies.yml");
        expect(obj(p.doc["on"])["push"]).toBeNull(); // no branch or path filter
        const test = Object.values(jobsOf(p)).find((j) => runsOf(j).includes("npm test"))!;
        expect(stripExpr(test["if"])).toBe("github.event_name == 'push'");
        expect(runsOf(test)).toContain("npm ci");
    });
});

describe("every workflow", () => {
    /** Which jobs may hold which write scope, and why. */
    const mayWrite = (scope: string, job: Obj): boolean => {
        const uses = usesOf(job);
        if (scope === "id-token") return uses.some((u) => u.startsWith("aws-actions/configure-aws-credentials@"));
        if (scope === "pull-requests")
            return (
                uses.some((u) => u.startsWith("actions/github-script@")) ||
                stepsOf(job).some((s) => str(s["uses"]).startsWith("pulumi/actions@") && obj(s["with"])["comment-on-pr"] === "true")
            );
        return false;
    };

    it.each(files)("%s has least-privilege permissions: none at the top, per job only what its steps use", async (file) => {
        const p = await workflow(file);
        expect(p.doc["permissions"]).toEqual({});
        for (const [id, job] of Object.entries(jobsOf(p))) {
            const perms = job["permissions"];
            expect(perms, `${file}: job ${id} declares its permissions`).toBeDefined();
            expect(typeof perms, `${file}: job ${id} uses no write-all / read-all shorthand`).toBe("object");
            for (const [scope, level] of Object.entries(obj(perms))) {
                expect(["read", "write", "none"]).toContain(level);
                if (level === "write")
                    expect(mayWrite(scope, job), `${file}: job ${id} has ${scope}: write without a step that needs it`).toBe(true);
                if (level === "read") expect(scope, `${file}: job ${id} reads only the code`).toBe("contents");
            }
        }
        expect(fs.readFileSync(path.join(WORKFLOWS, file), "utf8")).not.toMatch(/write-all|read-all/);
    });

    it.each(files)("%s pins every action to a commit and sets up Node 20 with the npm cache before npm ci", async (file) => {
        for (const [id, job] of Object.entries(jobsOf(await workflow(file)))) {
            // The parser drops the `# <tag>` comment; tests/workflows/pins.test.ts checks it against the pin table.
            for (const uses of usesOf(job)) expect(uses, `${file}: job ${id}`).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/);
            if (!runsOf(job).includes("npm ci")) continue;
            const node = stepsOf(job).find((s) => str(s["uses"]).startsWith("actions/setup-node@"));
            expect(obj(node?.["with"]), `${file}: job ${id}`).toMatchObject({ "node-version": "20", cache: "npm" });
        }
    });

    it.each(files)("%s never tests secrets in an if", (file) => {
        const text = fs.readFileSync(path.join(WORKFLOWS, file), "utf8");
        expect(text.split("\n").filter((l) => /^\s*(-\s*)?if:.*secrets\./.test(l))).toEqual([]);
    });

    it("uses the plan command as the README documents it", async () => {
        const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
        // The README's synopsis, e.g. `npm run plan -- --stack <name> [--cwd <dir>] [--json] [--verbose]`.
        const synopsis = /npm run plan -- --stack <name>((?: \[--[\w-]+(?: <\w+>)?\])*)/.exec(readme);
        expect(synopsis).not.toBeNull();
        const documented = new Set([...synopsis![1].matchAll(/--[\w-]+/g)].map((m) => m[0]));
        expect(documented.has("--json")).toBe(true);
        const lines: string[] = [];
        for (const file of files) {
            for (const job of Object.values(jobsOf(await workflow(file)))) {
                for (const step of stepsOf(job)) {
                    if (typeof step["run"] !== "string") continue;
                    // `$COMPARE` is the step's env: `--compare <file>` or nothing.
                    const compare = str(obj(step["env"])["COMPARE"]);
                    const runLines = step["run"].split("\n").filter((l) => /npm run (-s )?plan\b/.test(l));
                    lines.push(...runLines.map((l) => l.trim().replace("$COMPARE", compare.includes("--compare") ? "--compare" : "")));
                }
            }
        }
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) {
            const m =
                /^npm run (?:-s )?plan -- --stack (\$\{\{ matrix\.stack \}\}|[\w-]+)((?: --[\w-]+)*)\s*(?: > (?:\.\.\/)?(?:base-)?plan-(?:\$\{\{ matrix\.stack \}\}|[\w-]+)\.json)?(?: \|\| \[ \$\? -eq 1 \])?$/.exec(
                    line,
                );
            expect(m, line).not.toBeNull();
            // JSON to a file needs npm's -s, or npm's banner lands in the file.
            if (line.includes("--json") && line.includes(">")) expect(line, line).toMatch(/^npm run -s plan/);
            for (const flag of m![2].trim().split(/\s+/).filter(Boolean)) expect(documented, `${flag} in "${line}"`).toContain(flag);
        }
        // And the deploy commands use the README's policy flags (`pulumi preview --policy-pack policies --policy-pack-config policies/config/prod.json`).
        expect(readme).toContain("--policy-pack policies --policy-pack-config policies/config/prod.json");
    });
});

describe("plan-summary.mjs", () => {
    it("summarizes violations and cost against the budget, and reports a plan that printed no JSON", async () => {
        const { summarize, readPlan } = (await import(pathToFileURL(path.join(REPO, ".github/scripts/plan-summary.mjs")).href)) as {
            summarize: (entries: unknown[], options?: { marker?: boolean }) => string;
            readPlan: (file: string) => unknown;
        };
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-summary-"));
        try {
            const plan = {
                project: "appstack",
                stack: "prod",
                resources: [{ urn: "u", type: "aws:s3/bucket:Bucket", name: "b" }],
                policyPack: { name: "appstack-policies", version: "0.1.0" },
                violations: [
                    {
                        policy: "data-loss-s3-versioning",
                        level: "mandatory",
                        urn: "u",
                        name: "b",
                        type: "aws:s3/bucket:Bucket",
                        message: "versioning | off",
                    },
                ],
                cost: { monthlyUsd: 3500, budgetUsd: 3000, items: [], unpriced: [] },
            };
            fs.writeFileSync(path.join(dir, "plan-prod.json"), JSON.stringify(plan));
            fs.writeFileSync(path.join(dir, "plan-dev.json"), "");
            const md = summarize([readPlan(path.join(dir, "plan-prod.json")), readPlan(path.join(dir, "plan-dev.json"))], { marker: true });
            expect(md.startsWith("<!-- appstack-offline-plan -->")).toBe(true);
            expect(md).toMatch(/\| prod \| ❌ blocked \| 1 \| 1 \| 0 \| \$3,500\.00 \| \$3,000\.00 \(117 %\) \|/);
            expect(md).toMatch(/\| dev \| ❌ .*invalid input \(exit 2\)/);
            expect(md).toContain("versioning \\| off");
            // Without a base plan (base not planned), the comment says so rather than inventing a delta.
            expect(md).toMatch(/\| prod \| .* \| base not planned \|/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("says per stack what the change adds to the monthly bill, from a plan compared with the base (fixture pair)", async () => {
        const { summarize, readPlan } = (await import(pathToFileURL(path.join(REPO, ".github/scripts/plan-summary.mjs")).href)) as {
            summarize: (entries: unknown[], options?: { marker?: boolean }) => string;
            readPlan: (file: string) => unknown;
        };
        // The two plans of tests/cost/fixtures/small-stack: the head adds a read replica.
        const fixtures = path.join(REPO, "tests/plan/fixtures");
        const headDoc: unknown = JSON.parse(fs.readFileSync(path.join(fixtures, "plan-head.json"), "utf8"));
        const compare = comparePlans(
            toComparable(headDoc, "head"),
            readPlanDocument(path.join(fixtures, "plan-base.json")),
            "base-plan-prod.json",
        );
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-summary-"));
        try {
            const file = path.join(dir, "plan-prod.json");
            fs.writeFileSync(file, JSON.stringify({ ...(headDoc as object), compare }));
            const md = summarize([readPlan(file)], { marker: true });
            expect(md).toMatch(/\| prod \| .* \| \$195\.22 \| .* \| adds \$49\.75\/month \(\$145\.47 → \$195\.22\) \|/);
            expect(md).toContain("<summary><b>prod</b>: adds $49.75/month ($145.47 → $195.22): 1 added, 0 removed, 0 changed</summary>");
            expect(md).toContain("| `db-replica` (aws:rds/instance:Instance) | added | +$49.75/month |");
            // The other way round, the comment says what it saves.
            fs.writeFileSync(
                file,
                JSON.stringify({ ...(headDoc as object), compare: { ...compare, beforeUsd: 195.22, afterUsd: 145.47, deltaUsd: -49.75 } }),
            );
            expect(summarize([readPlan(file)])).toContain("saves $49.75/month ($195.22 → $145.47)");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
