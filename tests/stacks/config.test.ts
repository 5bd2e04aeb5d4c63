import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import * as pulumi from "@pulumi/pulumi";
import { StackConfigError, UNDECRYPTED_SECRET, editDistance, nearest, readStackConfig } from "../../components/src/core/config";
import { DEFAULT_POSTGRES_VERSION } from "../../components/src/postgres/versions";
import { stackConfigSchema } from "../../stacks/config";
import { loadProject } from "../../tools/plan/project";
import { REPO } from "../support/cli";

/** The prod stack file as the CLI hands it over: `appstack:key` → string (objects JSON-encoded). */
function stackConfig(stack: string): Record<string, string> {
    const doc = YAML.parse(fs.readFileSync(path.join(REPO, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
    return Object.fromEntries(Object.entries(doc.config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

function read(config: Record<string, string>, stack = "prod", secretKeys: string[] = []) {
    return readStackConfig(stackConfigSchema, { namespace: "appstack", stack, stackFile: `Pulumi.${stack}.yaml`, config, secretKeys });
}

function problems(config: Record<string, string>, stack = "prod", secretKeys: string[] = []): string[] {
    try {
        read(config, stack, secretKeys);
    } catch (err) {
        if (err instanceof StackConfigError) return err.problems;
        throw err;
    }
    throw new Error("expected a StackConfigError");
}

function edit(mutate: (c: Record<string, unknown>) => void): Record<string, string> {
    const config = stackConfig("prod");
    const parsed: Record<string, unknown> = Object.fromEntries(
        Object.entries(config).map(([k, v]) => [k, v.startsWith("{") || v.startsWith("[") ? JSON.parse(v) : v]),
    );
    mutate(parsed);
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

describe("stack config", () => {
    it("accepts every committed stack file and fills defaults", () => {
        for (const stack of ["dev", "staging", "prod"]) {
            const config = read(stackConfig(stack), stack);
            expect(config.api.healthCheckPath).toBe("/health/ready");
            expect(config.monitoring.availabilityPercent).toBe(99.9);
        }
        expect(read(stackConfig("prod"), "prod").database).toMatchObject({
            replicas: 1,
            backupRetentionDays: 30,
            backupCopyRegion: "us-west-2",
        });
    });

    it("rejects a misspelt top-level key and suggests the right one", () => {
        const config = stackConfig("prod");
        config["appstack:databse"] = config["appstack:database"]!;
        delete config["appstack:database"];
        const [problem] = problems(config);
        expect(problem).toMatch(/^appstack:databse: unknown key; did you mean `appstack:database`\?/);
        expect(problem).toContain("Allowed here:");
    });

    it("rejects a WAF rate below the provider's minimum against the stack key, not later in the component", () => {
        // pulumi/pulumi-aws#5841: the bridged provider rejects a rate-based statement's limit under 100.
        const found = problems(edit((c) => ((c["appstack:waf"] as Record<string, unknown>)["requestsPerMinute"] = 50)));
        expect(found).toEqual([expect.stringMatching(/^appstack:waf\.requestsPerMinute: must be at least 100/)]);
    });

    it("rejects a misspelt nested key with the nested suggestion", () => {
        const found = problems(edit((c) => ((c["appstack:database"] as Record<string, unknown>)["replcas"] = 2)));
        expect(found).toEqual([
            expect.stringMatching(/^appstack:database\.replcas: unknown key; did you mean `appstack:database\.replicas`\?/),
        ]);
    });

    it("names the key, the value and what is allowed for out-of-range numbers and bad enums", () => {
        const found = problems(
            edit((c) => {
                (c["appstack:database"] as Record<string, unknown>)["backupRetentionDays"] = 0;
                (c["appstack:waf"] as Record<string, unknown>)["mode"] = "deny";
            }),
        );
        expect(found).toContainEqual(expect.stringMatching(/^appstack:database\.backupRetentionDays: .*>=1.*\(got 0\)$/));
        expect(found).toContainEqual(expect.stringMatching(/^appstack:waf\.mode: .*"block".*"count".*\(got "deny"\)$/));
    });

    it("reports missing required keys, wrong types, bad emails and non-https webhooks, all at once", () => {
        const found = problems(
            edit((c) => {
                delete c["appstack:hostedZoneId"];
                (c["appstack:api"] as Record<string, unknown>)["port"] = "5000x";
                (c["appstack:monitoring"] as Record<string, unknown>)["alertEmails"] = ["not-an-email"];
                c["appstack:alertWebhookUrl"] = "http://hooks.example.com/x";
            }),
        );
        expect(found).toHaveLength(4);
        expect(found).toContainEqual(expect.stringMatching(/^appstack:hostedZoneId: .*\(it is missing\)$/));
        expect(found).toContainEqual(expect.stringMatching(/^appstack:api\.port: .*number.*\(got "5000x"\)$/));
        expect(found).toContainEqual(expect.stringMatching(/^appstack:monitoring\.alertEmails\[0\]: must be an email address/));
        expect(found).toContainEqual(expect.stringMatching(/^appstack:alertWebhookUrl: must be an https:\/\/ URL/));
    });

    it("names the stack file and how to fix it in the message", () => {
        try {
            read(edit((c) => delete c["appstack:budget"]));
            expect.unreachable();
        } catch (err) {
            expect((err as Error).message).toMatch(/^Invalid stack config in Pulumi\.prod\.yaml:\n {2}- appstack:budget: /);
            expect((err as Error).message).toContain("pulumi config set");
        }
    });

    it("leaves other namespaces (provider config) alone", () => {
        expect(() => read({ ...stackConfig("prod"), "aws:profile": "x", "gcp:project": "y" })).not.toThrow();
    });

    it("suggests only close keys", () => {
        expect(editDistance("databse", "database")).toBe(1);
        expect(nearest("databse", ["database", "cache"])).toBe("database");
        expect(nearest("zzzzzz", ["database", "cache"])).toBeUndefined();
    });
});

describe("the environment never fails open", () => {
    it("rejects a stack named none of the documented names without an `environment` key, naming the stack and the fix", () => {
        for (const stack of ["prod-eu", "prdo", "acme-prod"]) {
            const found = problems(stackConfig("prod"), stack);
            expect(found, stack).toEqual([
                expect.stringContaining(
                    `appstack:environment: is not set, and the stack name \`${stack}\` is none of dev, development, staging, stage, prod, production`,
                ),
            ]);
            expect(found[0]).toContain(`pulumi config set environment <dev|staging|prod> --stack ${stack}`);
        }
    });

    it("takes the `environment` key for any stack name, and only dev, staging or prod in it", () => {
        expect(() => read({ ...stackConfig("prod"), "appstack:environment": "prod" }, "prod-eu")).not.toThrow();
        expect(problems({ ...stackConfig("prod"), "appstack:environment": "production" }, "prod-eu")).toContainEqual(
            expect.stringMatching(/^appstack:environment: /),
        );
    });
});

describe("every component rule is checked against the stack file's key", () => {
    const api = (c: Record<string, unknown>) => c["appstack:api"] as Record<string, unknown>;

    it("checks Fargate cpu/memory pairs with the profile's defaults (the component's own rule)", () => {
        expect(problems(edit((c) => (api(c)["cpu"] = 333)))).toEqual([
            expect.stringMatching(/^appstack:api\.cpu: is 333; allowed: 256, 512, 1024/),
        ]);
        // prod's profile memory is 2048 MiB, which Fargate does not run with 4096 CPU units.
        expect(problems(edit((c) => (api(c)["cpu"] = 4096)))).toEqual([
            expect.stringMatching(/^appstack:api\.memory: is 2048, which Fargate does not run with cpu 4096/),
        ]);
    });

    it("checks min ≤ max, also against the profile's bound", () => {
        expect(problems(edit((c) => Object.assign(api(c), { minTasks: 10, maxTasks: 3 })))).toEqual([
            expect.stringMatching(/^appstack:api\.minTasks: \(10\) is greater than autoscaling\.max \(3\)/),
        ]);
        const worker = (c: Record<string, unknown>) => c["appstack:worker"] as Record<string, unknown>;
        // Pulumi.prod.yaml's worker max is 10.
        expect(problems(edit((c) => (worker(c)["minTasks"] = 12)))).toEqual([
            expect.stringMatching(/^appstack:worker\.minTasks: \(12\) is greater/),
        ]);
    });

    it("accepts only PostgreSQL versions RDS creates, from the one dated list", () => {
        const db = (v: string) => edit((c) => ((c["appstack:database"] as Record<string, unknown>)["engineVersion"] = v));
        expect(problems(db("99"))).toEqual([
            expect.stringMatching(/^appstack:database\.engineVersion: is "99", which RDS does not create/),
        ]);
        expect(problems(db("16.4"))).toEqual([expect.stringMatching(/^appstack:database\.engineVersion: is "16\.4"/)]);
        expect(() => read(db("17"))).not.toThrow();
        expect(() => read(db(DEFAULT_POSTGRES_VERSION))).not.toThrow();
    });

    it("checks provider keys and the AWS region", () => {
        const found = problems({ ...stackConfig("prod"), "aws:region": "mars-north-9", "aws:regoin": "us-east-1" });
        expect(found).toContainEqual(expect.stringMatching(/^aws:region: is "mars-north-9", which is not an AWS region/));
        expect(found).toContainEqual("aws:regoin: unknown key of the aws provider; did you mean `aws:region`?");
        expect(() => read({ ...stackConfig("prod"), "aws:region": "eu-central-2" })).not.toThrow();
    });
});

describe("secrets stay secret", () => {
    const leaked = "sk_live_51Hx9ExampleSecretValue";

    it("never echoes a secret value in an error, whether the schema or the CLI says it is secret", () => {
        const webhook = problems({ ...stackConfig("prod"), "appstack:alertWebhookUrl": `http://hooks.example.com/${leaked}` });
        expect(webhook).toEqual([
            expect.stringMatching(/^appstack:alertWebhookUrl: must be an https:\/\/ URL \(got a secret value, not shown\)$/),
        ]);
        // A key set with --secret that the schema does not declare secret (PULUMI_CONFIG_SECRET_KEYS lists it).
        const zone = problems({ ...stackConfig("prod"), "appstack:hostedZoneId": leaked }, "prod", ["appstack:hostedZoneId"]);
        expect(zone.join("\n")).not.toContain(leaked);
        try {
            read({ ...stackConfig("prod"), "appstack:appSecrets": JSON.stringify({ bad_name: leaked }) });
            expect.unreachable();
        } catch (err) {
            expect((err as Error).message).toContain("appstack:appSecrets");
            expect((err as Error).message).not.toContain(leaked);
        }
    });

    it("hands secret values to the program as secret Outputs", async () => {
        const config = read({
            ...stackConfig("prod"),
            "appstack:alertWebhookUrl": "https://hooks.example.com/x",
            "appstack:appSecrets": JSON.stringify({ STRIPE_KEY: leaked }),
        });
        expect(pulumi.Output.isInstance(config.alertWebhookUrl)).toBe(true);
        expect(await pulumi.isSecret(config.alertWebhookUrl!)).toBe(true);
        expect(await pulumi.isSecret(config.appSecrets!["STRIPE_KEY"])).toBe(true);
    });

    it("accepts the offline plan's stand-in for a value it cannot decrypt, without a format check", () => {
        const standIn = "plan-secret-0123456789abcdef0123";
        expect(UNDECRYPTED_SECRET.test(standIn)).toBe(true);
        expect(() => read({ ...stackConfig("prod"), "appstack:alertWebhookUrl": standIn })).not.toThrow();
    });
});

describe("the offline plan and secure values", () => {
    it("hands a `secure:` value it cannot decrypt as a stand-in the config reader accepts, the key marked secret", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "secure-"));
        try {
            fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: appstack\nruntime: nodejs\n");
            fs.writeFileSync(path.join(dir, "index.ts"), "");
            const prod = fs.readFileSync(path.join(REPO, "Pulumi.prod.yaml"), "utf8");
            // What `pulumi config set --secret alertWebhookUrl https://...` writes (README, "Deploy for real").
            fs.writeFileSync(
                path.join(dir, "Pulumi.prod.yaml"),
                `${prod}\n  appstack:alertWebhookUrl:\n    secure: v1:c2VjcmV0LWJ5dGVz:AAAA\n`,
            );
            const project = loadProject(dir, "prod");
            expect(project.secretKeys).toEqual(["appstack:alertWebhookUrl"]);
            expect(project.config["appstack:alertWebhookUrl"]).toMatch(UNDECRYPTED_SECRET);
            const config = readStackConfig(stackConfigSchema, {
                namespace: "appstack",
                stack: "prod",
                config: project.config,
                secretKeys: project.secretKeys,
            });
            expect(pulumi.Output.isInstance(config.alertWebhookUrl)).toBe(true);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
