// The config schema of every policy, the per-environment config files, and per-environment behaviour.
import * as fs from "node:fs";
import * as path from "node:path";
import type { PolicyConfigSchema } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { policies } from "../../policies/rules";
import { validateResource, validateStack } from "./harness";

const root = path.resolve(__dirname, "../../policies");
type PolicyConfigJSONSchema = PolicyConfigSchema["properties"][string];
const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
type Env = (typeof ENVIRONMENTS)[number];
const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const loadConfig = (env: Env): Record<string, Json> =>
    JSON.parse(fs.readFileSync(path.join(root, "config", `${env}.json`), "utf8")) as Record<string, Json>;

/** Validates a value against the subset of JSON schema the policies use (type, items, minimum, maximum, enum). */
function validate(schema: PolicyConfigJSONSchema, value: Json, where: string): string[] {
    const errors: string[] = [];
    const t = schema.type;
    const ok =
        t === "boolean"
            ? typeof value === "boolean"
            : t === "number"
              ? typeof value === "number"
              : t === "integer"
                ? typeof value === "number" && Number.isInteger(value)
                : t === "string"
                  ? typeof value === "string"
                  : t === "array"
                    ? Array.isArray(value)
                    : t === "object"
                      ? typeof value === "object" && value !== null && !Array.isArray(value)
                      : false;
    if (!ok) return [`${where}: expected ${String(t)}, got ${JSON.stringify(value)}`];
    if (typeof value === "number" && schema.minimum !== undefined && value < schema.minimum)
        errors.push(`${where}: ${value} < minimum ${schema.minimum}`);
    if (typeof value === "number" && schema.maximum !== undefined && value > schema.maximum)
        errors.push(`${where}: ${value} > maximum ${schema.maximum}`);
    if (schema.enum !== undefined && !schema.enum.includes(value)) errors.push(`${where}: not in enum`);
    if (Array.isArray(value) && schema.items !== undefined && !Array.isArray(schema.items) && typeof schema.items === "object") {
        value.forEach((v, i) => errors.push(...validate(schema.items as PolicyConfigJSONSchema, v, `${where}[${i}]`)));
    }
    return errors;
}

/** Validates a whole `--policy-pack-config` file: known policies, valid levels, values matching the schemas, no unknown keys. */
function validateConfigFile(config: Record<string, Json>): string[] {
    const errors: string[] = [];
    for (const [name, value] of Object.entries(config)) {
        if (typeof value === "string") {
            if (!LEVELS.includes(value)) errors.push(`${name}: bad level ${value}`);
            continue;
        }
        const policy = policies.find((p) => p.name === name);
        if (policy === undefined) {
            errors.push(`${name}: no such policy`);
            continue;
        }
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
            errors.push(`${name}: must be a level or an object`);
            continue;
        }
        for (const [key, v] of Object.entries(value)) {
            if (key === "enforcementLevel") {
                if (typeof v !== "string" || !LEVELS.includes(v)) errors.push(`${name}.enforcementLevel: bad level`);
                continue;
            }
            const schema = policy.configSchema?.properties[key];
            if (schema === undefined) errors.push(`${name}.${key}: not in the schema`);
            else errors.push(...validate(schema, v, `${name}.${key}`));
        }
    }
    return errors;
}

/** The policy's config as the CLI hands it over: its properties without enforcementLevel. */
function propsFor(env: Env, policyName: string): Record<string, unknown> {
    const entry = loadConfig(env)[policyName];
    if (entry === undefined || typeof entry !== "object" || entry === null || Array.isArray(entry)) return {};
    return Object.fromEntries(Object.entries(entry).filter(([key]) => key !== "enforcementLevel"));
}

/** The effective level, reconciled as the CLI does: policy default, then "all", then the policy's own entry. */
function levelFor(env: Env, policyName: string): string {
    const config = loadConfig(env);
    const policy = policies.find((p) => p.name === policyName)!;
    let level = policy.enforcementLevel ?? "mandatory";
    const all = config["all"];
    if (typeof all === "string") level = all as typeof level;
    const own = config[policyName];
    if (typeof own === "string") level = own as typeof level;
    else if (own !== null && typeof own === "object" && !Array.isArray(own) && typeof own["enforcementLevel"] === "string")
        level = own["enforcementLevel"] as typeof level;
    return level;
}

describe("policy pack layout", () => {
    it("index.ts is one call of the library function (pack.ts), mandatory by default", () => {
        const source = fs.readFileSync(path.join(root, "index.ts"), "utf8");
        expect(source).toMatch(/new PolicyPack\("appstack-policies", appstackPolicyPackArgs\(\)\)/);
        expect(source).toMatch(/from "\.\/pack"/);
    });
    it("PulumiPolicy.yaml declares the nodejs runtime; package.json has a version", () => {
        const yaml = parse(fs.readFileSync(path.join(root, "PulumiPolicy.yaml"), "utf8")) as { runtime: string; description: string };
        expect(yaml.runtime).toBe("nodejs");
        expect(yaml.description.length).toBeGreaterThan(10);
        const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version?: string };
        expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/);
    });
    it("policy names are unique, kebab-case and not the reserved 'all'", () => {
        const names = policies.map((p) => p.name);
        expect(new Set(names).size).toBe(names.length);
        for (const n of names) expect(n).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(names).not.toContain("all");
    });
});

describe("config schemas", () => {
    it("every policy has a schema whose properties have a type, a description and a valid default", () => {
        for (const p of policies) {
            expect(p.configSchema, p.name).toBeDefined();
            const props = Object.entries(p.configSchema!.properties);
            expect(props.length, p.name).toBeGreaterThan(0);
            for (const [key, schema] of props) {
                expect(schema.description, `${p.name}.${key}`).toBeTruthy();
                expect(schema.default, `${p.name}.${key}`).toBeDefined();
                expect(validate(schema, schema.default as Json, `${p.name}.${key}`)).toEqual([]);
            }
        }
    });
    it("defaults carry the documents' figures: RTO 4 h, RPO 1 h, 30-day retention, 100 req/min, 2 instances", () => {
        const d = (policy: string, key: string) => policies.find((p) => p.name === policy)!.configSchema!.properties[key].default;
        expect(d("rto-database-recovery", "targetHours")).toBe(4);
        expect(d("rpo-cache-snapshot-frequency", "rpoHours")).toBe(1);
        expect(d("rpo-database-backups", "minRetentionDays")).toBe(30);
        expect(d("edge-waf-rate-limit", "maxRequestsPerMinute")).toBe(100);
        expect(d("rto-service-min-instances", "minInstances")).toBe(2);
        expect(d("rto-cross-region-backups", "requireCrossRegionBackups")).toBe(true);
        expect(d("data-loss-protect", "requireProtection")).toBe(true);
        expect(d("budget-monthly-cost", "region")).toBe("us-east-1");
    });
    it("explains in the schema why the cache-RPO and customer-key policies are advisory", () => {
        const desc = (policy: string, key: string) => policies.find((p) => p.name === policy)!.configSchema!.properties[key].description;
        expect(desc("rpo-cache-snapshot-frequency", "rpoHours")).toMatch(/ADVISORY.*not the system of record/);
        expect(desc("encryption-at-rest-customer-keys", "logGroups")).toMatch(/already encrypts/);
    });
});

describe("per-environment config files", () => {
    for (const env of ENVIRONMENTS) {
        it(`${env}.json validates against every policy's schema and names every policy`, () => {
            const config = loadConfig(env);
            expect(validateConfigFile(config)).toEqual([]);
            for (const p of policies) expect(Object.keys(config), `${env} lacks ${p.name}`).toContain(p.name);
        });
    }
    it("the validator catches mistakes", () => {
        expect(validateConfigFile({ nope: {}, "rpo-database-backups": { minRetentionDays: "30", typo: 1 }, all: "loud" })).toHaveLength(4);
    });
    it("enforcement: dev advisory, staging and prod mandatory, with the documented exceptions", () => {
        for (const p of policies) {
            const exceptionsDev = [
                "data-loss-public-database",
                "data-loss-s3-public-access",
                "data-loss-public-storage",
                "data-loss-public-listener-ports",
                "data-loss-public-search-domain",
            ];
            expect(levelFor("dev", p.name), p.name).toBe(exceptionsDev.includes(p.name) ? "mandatory" : "advisory");
            for (const env of ["staging", "prod"] as const) {
                const advisory = [
                    "rpo-cache-snapshot-frequency",
                    "encryption-at-rest-customer-keys",
                    "edge-cloud-run-ingress",
                    "encryption-at-rest-key-rotation",
                    "budget-unpriced-resources",
                    "visibility-opaque-components",
                    "edge-public-invoker",
                    "data-loss-gcs-retention",
                ];
                expect(levelFor(env, p.name), `${env} ${p.name}`).toBe(advisory.includes(p.name) ? "advisory" : "mandatory");
            }
        }
    });
    it("thresholds per environment", () => {
        expect(ENVIRONMENTS.map((e) => propsFor(e, "rpo-database-backups")["minRetentionDays"])).toEqual([1, 7, 30]);
        expect(ENVIRONMENTS.map((e) => propsFor(e, "data-loss-protect")["requireProtection"])).toEqual([false, true, true]);
        expect(ENVIRONMENTS.map((e) => propsFor(e, "rto-cross-region-backups")["requireCrossRegionBackups"])).toEqual([false, false, true]);
        expect(ENVIRONMENTS.map((e) => propsFor(e, "edge-waf-required")["requireWaf"])).toEqual([false, true, true]);
        expect(ENVIRONMENTS.map((e) => propsFor(e, "edge-waf-rate-limit")["maxRequestsPerMinute"])).toEqual([1000, 500, 100]);
        expect(ENVIRONMENTS.map((e) => propsFor(e, "encryption-in-transit-cloudfront")["allowDefaultCertificate"])).toEqual([
            true,
            false,
            false,
        ]);
        expect(ENVIRONMENTS.map((e) => propsFor(e, "budget-monthly-cost")["monthlyBudgetUsd"])).toEqual([400, 1000, 3000]);
        expect(propsFor("prod", "rto-database-recovery")["targetHours"]).toBe(4);
        // New providers: PITR and SSL from staging, edge rules and the Supabase recovery path in prod.
        expect(ENVIRONMENTS.map((e) => propsFor(e, "rpo-supabase-pitr")["requirePitr"])).toEqual([false, true, true]);
        expect(ENVIRONMENTS.map((e) => propsFor(e, "rpo-supabase-pitr")["minRetentionDays"])).toEqual([1, 7, 7]);
        expect(ENVIRONMENTS.map((e) => propsFor(e, "rto-supabase-recovery")["requireRecoveryPath"])).toEqual([false, false, true]);
        expect(ENVIRONMENTS.map((e) => propsFor(e, "rto-cloud-run-min-instances")["minInstances"])).toEqual([0, 0, 2]);
        expect(ENVIRONMENTS.map((e) => propsFor(e, "rto-gcp-secret-replication")["minUserManagedLocations"])).toEqual([1, 1, 2]);
        expect(ENVIRONMENTS.map((e) => propsFor(e, "rto-s3-replication")["requireReplicatedBuckets"])).toEqual([[], [], []]);
        expect(ENVIRONMENTS.map((e) => propsFor(e, "encryption-in-transit-supabase-ssl")["requireSslEnforcement"])).toEqual([
            true,
            true,
            true,
        ]);
        expect(ENVIRONMENTS.map((e) => propsFor(e, "encryption-in-transit-cloudflare-zone")["allowedSslModes"])).toEqual([
            ["strict", "full"],
            ["strict"],
            ["strict"],
        ]);
        expect(ENVIRONMENTS.map((e) => propsFor(e, "edge-vercel-firewall")["requireRateLimit"])).toEqual([false, false, true]);
        expect(ENVIRONMENTS.map((e) => propsFor(e, "edge-cloudflare-waf")["requireRulesets"])).toEqual([false, false, true]);
        expect(ENVIRONMENTS.map((e) => propsFor(e, "edge-gcp-api-key-restrictions")["requireApplicationRestriction"])).toEqual([
            false,
            true,
            true,
        ]);
        expect(ENVIRONMENTS.map((e) => propsFor(e, "budget-upstash-cap")["requireBudgetCap"])).toEqual([true, true, true]);
    });
});

describe("per-environment behaviour through getConfig", () => {
    const judge = async (
        env: Env,
        policy: string,
        resource: { type: string; name: string; props: Record<string, unknown>; protect?: boolean },
    ) => (await validateResource(policy, resource, propsFor(env, policy))).length;

    it("a 7-day RDS retention passes staging, fails prod; 1 day passes dev only", async () => {
        const db = (days: number) => ({ type: "aws:rds/instance:Instance", name: "db", props: { backupRetentionPeriod: days } });
        expect(await Promise.all(ENVIRONMENTS.map((e) => judge(e, "rpo-database-backups", db(7))))).toEqual([0, 0, 1]);
        expect(await Promise.all(ENVIRONMENTS.map((e) => judge(e, "rpo-database-backups", db(1))))).toEqual([0, 1, 1]);
    });
    it("an unprotected bucket passes dev only", async () => {
        const bucket = { type: "aws:s3/bucket:Bucket", name: "b", props: {}, protect: false };
        expect(await Promise.all(ENVIRONMENTS.map((e) => judge(e, "data-loss-protect", bucket)))).toEqual([0, 1, 1]);
    });
    it("a public database fails everywhere", async () => {
        const db = { type: "aws:rds/instance:Instance", name: "db", props: { publiclyAccessible: true } };
        expect(await Promise.all(ENVIRONMENTS.map((e) => judge(e, "data-loss-public-database", db)))).toEqual([1, 1, 1]);
    });
    it("a cache without snapshots passes dev only", async () => {
        const rg = { type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "r", props: {} };
        expect(await Promise.all(ENVIRONMENTS.map((e) => judge(e, "rpo-cache-snapshot-retention", rg)))).toEqual([0, 1, 1]);
    });
    it("a Supabase project without PITR passes dev only; small with PITR and no replica passes everywhere; micro with PITR fails the RTO only in prod", async () => {
        const DYN = "pulumi-nodejs:dynamic:Resource";
        const project = (size: string) => ({ type: DYN, name: "db-project", props: { supabaseResource: "project", instanceSize: size } });
        const pitr = {
            type: DYN,
            name: "db-pitr",
            props: { supabaseResource: "pitr", retentionDays: 7 },
            propertyDependencies: { projectRef: ["db-project"] },
        };
        const count = (policy: string, resources: Parameters<typeof validateStack>[1]) =>
            Promise.all(ENVIRONMENTS.map(async (e) => (await validateStack(policy, resources, propsFor(e, policy))).length));
        expect(await count("rpo-supabase-pitr", [project("small")])).toEqual([0, 1, 1]);
        expect(await count("rto-supabase-recovery", [project("small"), pitr])).toEqual([0, 0, 0]);
        expect(await count("rto-supabase-recovery", [project("micro"), pitr])).toEqual([0, 0, 1]);
    });
    it("a Vercel project without firewall and a Cloudflare zone without rulesets fail prod only; Cloud Run at zero instances fails prod only", async () => {
        const count = (policy: string, resources: Parameters<typeof validateStack>[1]) =>
            Promise.all(ENVIRONMENTS.map(async (e) => (await validateStack(policy, resources, propsFor(e, policy))).length));
        expect(await count("edge-vercel-firewall", [{ type: "vercel:index/project:Project", name: "web", props: {} }])).toEqual([0, 0, 1]);
        const setting = {
            type: "cloudflare:index/zoneSetting:ZoneSetting",
            name: "s",
            props: { zoneId: "z", settingId: "ssl", value: "strict" },
        };
        expect(await count("edge-cloudflare-waf", [setting])).toEqual([0, 0, 2]);
        const run = { type: "gcp:cloudrunv2/service:Service", name: "api", props: { template: { scaling: { minInstanceCount: 0 } } } };
        expect(await Promise.all(ENVIRONMENTS.map((e) => judge(e, "rto-cloud-run-min-instances", run)))).toEqual([0, 0, 1]);
    });
    it("a single ECS task passes dev and staging, fails prod; a lone primary fails cross-region only in prod", async () => {
        const svc = [{ type: "aws:ecs/service:Service", name: "api", props: { name: "api", desiredCount: 1 } }];
        const results = await Promise.all(
            ENVIRONMENTS.map(
                async (e) => (await validateStack("rto-service-min-instances", svc, propsFor(e, "rto-service-min-instances"))).length,
            ),
        );
        expect(results).toEqual([0, 0, 1]);
        const db = [{ type: "aws:rds/instance:Instance", name: "db", props: { identifier: "db" } }];
        const cross = await Promise.all(
            ENVIRONMENTS.map(
                async (e) => (await validateStack("rto-cross-region-backups", db, propsFor(e, "rto-cross-region-backups"))).length,
            ),
        );
        expect(cross).toEqual([0, 0, 1]);
    });
});
