import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { StackConfigError, editDistance, nearest, readStackConfig } from "../../components/src/core/config";
import { stackConfigSchema } from "../../stacks/config";
import { REPO } from "../support/cli";

/** The prod stack file as the CLI hands it over: `appstack:key` → string (objects JSON-encoded). */
function stackConfig(stack: string): Record<string, string> {
    const doc = YAML.parse(fs.readFileSync(path.join(REPO, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
    return Object.fromEntries(Object.entries(doc.config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

function read(config: Record<string, string>) {
    return readStackConfig(stackConfigSchema, { namespace: "appstack", stackFile: "Pulumi.prod.yaml", config });
}

function problems(config: Record<string, string>): string[] {
    try {
        read(config);
    } catch (err) {
        if (err instanceof StackConfigError) return err.problems;
        throw err;
    }
    throw new Error("expected a StackConfigError");
}

function edit(mutate: (c: Record<string, unknown>) => void): Record<string, string> {
    const config = stackConfig("prod");
    const parsed: Record<string, unknown> = Object.fromEntries(Object.entries(config).map(([k, v]) => [k, v.startsWith("{") || v.startsWith("[") ? JSON.parse(v) : v]));
    mutate(parsed);
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

describe("stack config", () => {
    it("accepts every committed stack file and fills defaults", () => {
        for (const stack of ["dev", "staging", "prod"]) {
            const config = read(stackConfig(stack));
            expect(config.api.healthCheckPath).toBe("/health/ready");
            expect(config.monitoring.availabilityPercent).toBe(99.9);
        }
        expect(read(stackConfig("prod")).database).toMatchObject({ replicas: 1, backupRetentionDays: 30, backupCopyRegion: "us-west-2" });
    });

    it("rejects a misspelt top-level key and suggests the right one", () => {
        const config = stackConfig("prod");
        config["appstack:databse"] = config["appstack:database"]!;
        delete config["appstack:database"];
        const [problem] = problems(config);
        expect(problem).toMatch(/^appstack:databse: unknown key; did you mean `appstack:database`\?/);
        expect(problem).toContain("Allowed here:");
    });

    it("rejects a misspelt nested key with the nested suggestion", () => {
        const found = problems(edit((c) => ((c["appstack:database"] as Record<string, unknown>)["replcas"] = 2)));
        expect(found).toEqual([expect.stringMatching(/^appstack:database\.replcas: unknown key; did you mean `appstack:database\.replicas`\?/)]);
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
