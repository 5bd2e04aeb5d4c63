import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, describe, expect, it } from "vitest";
import { type GateResult, PolicyConfigError, PolicyPackError, runGate, startGate } from "../../tools/plan/gate";
import { plan } from "../support/plan";
import { PACKS, SECRET_SIG, configFile, processesMentioning, resource, stackResource, tempPack, removeTemporary } from "./support";

afterAll(removeTemporary);

const BASIC = path.join(PACKS, "basic");
const REMEDIATING = path.join(PACKS, "remediating");
const BROKEN = path.join(PACKS, "broken");
const STACK_URN = "urn:pulumi:prod::shop::pulumi:pulumi:Stack::shop-prod";

/** A public bucket without tags or policy, a private tagged bucket with a policy depending on it. */
function basicResources() {
    const stack = stackResource();
    const pub = resource(
        "aws:s3/bucket:Bucket",
        "public",
        { acl: "public-read", retentionDays: 20 },
        { outputs: { arn: "arn:aws:s3:::public-1" } },
    );
    const priv = resource("aws:s3/bucket:Bucket", "private", { tags: { owner: "data" } }, { outputs: { arn: "arn:aws:s3:::private-1" } });
    const policy = resource(
        "aws:s3/bucketPolicy:BucketPolicy",
        "private-policy",
        { bucket: "private-id" },
        { propertyDependencies: { bucket: [priv.urn] } },
    );
    return { stack, pub, priv, policy, all: [stack, pub, priv, policy] };
}

function byPolicy(result: GateResult, policy: string) {
    return result.violations.filter((v) => v.policy === policy);
}

describe("policy gate", () => {
    it("one reusable pack judges several stacks in turn, each with its own policy config (plan --all)", async () => {
        const { pub, all } = basicResources();
        const session = startGate({ packDir: BASIC, project: "all", stack: "all", reusable: true });
        try {
            const [strict, lenient, again] = await Promise.all([
                session.run(all, { project: "shop", stack: "prod" }),
                session.run(all, { project: "shop", stack: "dev", configFile: configFile({ "no-public-buckets": "disabled" }) }),
                session.run(all, { project: "shop", stack: "prod" }),
            ]);
            expect(byPolicy(strict, "no-public-buckets")).toEqual([expect.objectContaining({ level: "mandatory", urn: pub.urn })]);
            expect(byPolicy(lenient, "no-public-buckets")).toEqual([]);
            expect(lenient.policies).toContainEqual({ name: "no-public-buckets", level: "disabled" });
            // The second config did not stick: the next stack is judged with its own again.
            expect(byPolicy(again, "no-public-buckets")).toHaveLength(1);
        } finally {
            await session.close();
        }
        expect(processesMentioning(BASIC)).toEqual([]);
    });

    it("reports mandatory and advisory violations on the right resources, with schema defaults and stack outputs", async () => {
        const { pub, priv, all } = basicResources();
        const result = await runGate({ packDir: BASIC, resources: all, project: "shop", stack: "prod" });

        expect(result.packName).toBe("gate-fixture-basic");
        expect(result.packVersion).toBe("1.2.3");
        expect(result.policies).toEqual([
            { name: "bucket-has-policy", level: "mandatory" },
            { name: "bucket-tags", level: "advisory" },
            { name: "max-retention", level: "mandatory" },
            { name: "no-public-buckets", level: "mandatory" },
            { name: "secret-seen", level: "advisory" },
            { name: "stack-size", level: "advisory" },
        ]);

        const publicViolations = byPolicy(result, "no-public-buckets");
        expect(publicViolations).toHaveLength(1);
        expect(publicViolations[0]).toMatchObject({
            level: "mandatory",
            urn: pub.urn,
            name: "public",
            type: "aws:s3/bucket:Bucket",
            description: "Buckets must not be public.",
        });
        expect(publicViolations[0]?.message).toContain("bucket public has acl public-read");

        // Advisory stays advisory; the schema default (`owner`) reached the policy without any config file.
        expect(byPolicy(result, "bucket-tags")).toEqual([
            expect.objectContaining({ level: "advisory", urn: pub.urn, message: expect.stringContaining('missing tag "owner"') }),
        ]);
        expect(byPolicy(result, "max-retention")).toEqual([
            expect.objectContaining({
                level: "mandatory",
                urn: pub.urn,
                message: expect.stringContaining("retention 20 exceeds 7 days (mode strict)"),
            }),
        ]);

        // The stack policy saw outputs (arn is not an input), the parent, and the property dependency of the policy.
        const stackViolations = byPolicy(result, "bucket-has-policy");
        expect(stackViolations).toHaveLength(1);
        expect(stackViolations[0]).toMatchObject({ level: "mandatory", urn: pub.urn, name: "public" });
        expect(stackViolations[0]?.message).toContain("bucket arn:aws:s3:::public-1 (parent shop-prod) has no bucket policy");
        expect(result.violations.some((v) => v.urn === priv.urn)).toBe(false);
        expect(byPolicy(result, "stack-size")).toEqual([]);
        expect(processesMentioning(BASIC)).toEqual([]);
    });

    it("applies a config file: `all` overrides every level, properties override schema defaults", async () => {
        const { pub, all } = basicResources();
        const file = configFile({
            all: "advisory",
            "max-retention": { days: 10, mode: "lenient" },
            "bucket-tags": { requiredTag: "team" },
            "stack-size": { enforcementLevel: "mandatory", maxResources: 2 },
        });
        const result = await runGate({ packDir: BASIC, configFile: file, resources: all, project: "shop", stack: "prod" });

        expect(result.policies.find((p) => p.name === "no-public-buckets")?.level).toBe("advisory");
        expect(result.policies.find((p) => p.name === "stack-size")?.level).toBe("mandatory");
        expect(byPolicy(result, "no-public-buckets")).toEqual([expect.objectContaining({ level: "advisory", urn: pub.urn })]);
        expect(byPolicy(result, "bucket-has-policy")).toEqual([expect.objectContaining({ level: "advisory", urn: pub.urn })]);
        expect(byPolicy(result, "max-retention")[0]?.message).toContain("retention 20 exceeds 10 days (mode lenient)");
        expect(
            byPolicy(result, "bucket-tags")
                .map((v) => v.name)
                .sort(),
        ).toEqual(["private", "public"]);
        // A stack-level violation without a resource carries the stack's URN.
        expect(byPolicy(result, "stack-size")).toEqual([
            expect.objectContaining({
                level: "mandatory",
                urn: STACK_URN,
                name: "shop-prod",
                type: "pulumi:pulumi:Stack",
                message: expect.stringContaining("4 resources exceed 2"),
            }),
        ]);
        expect(result.violations.filter((v) => v.level === "mandatory").map((v) => v.policy)).toEqual(["stack-size"]);
    });

    it("disables a policy from the config file", async () => {
        const { all } = basicResources();
        const result = await runGate({
            packDir: BASIC,
            configFile: configFile({ "no-public-buckets": "disabled" }),
            resources: all,
            project: "shop",
            stack: "prod",
        });
        expect(byPolicy(result, "no-public-buckets")).toEqual([]);
        expect(result.policies.find((p) => p.name === "no-public-buckets")?.level).toBe("disabled");
    });

    it("rejects invalid values, unknown policies and bad levels with a typed error naming file, policy and key", async () => {
        const { all } = basicResources();
        const run = (config: unknown) =>
            runGate({ packDir: BASIC, configFile: configFile(config), resources: all, project: "shop", stack: "prod" });

        const wrongType = await run({ "max-retention": { days: "seven" } }).catch((e: unknown) => e);
        expect(wrongType).toBeInstanceOf(PolicyConfigError);
        const error = wrongType as PolicyConfigError;
        expect(error.file).toMatch(/policy-config\.json$/);
        expect(error.problems).toEqual([
            { policy: "max-retention", key: "days", message: expect.stringContaining("expected integer, got string") },
        ]);
        expect(error.message).toContain(error.file as string);
        expect(error.message).toContain('policy "max-retention", key "days"');
        expect(error.message).toMatch(/allowed: integer, ≥ 1, ≤ 35/);

        const tooLarge = (await run({ "max-retention": { days: 99, mode: "loose" } }).catch((e: unknown) => e)) as PolicyConfigError;
        expect(tooLarge.problems.map((p) => [p.policy, p.key])).toEqual([
            ["max-retention", "days"],
            ["max-retention", "mode"],
        ]);
        expect(tooLarge.message).toContain("99 is too large");
        expect(tooLarge.message).toContain('allowed: one of "strict", "lenient"');

        const unknown = (await run({ "no-such-policy": "mandatory" }).catch((e: unknown) => e)) as PolicyConfigError;
        expect(unknown).toBeInstanceOf(PolicyConfigError);
        expect(unknown.problems[0]).toMatchObject({ policy: "no-such-policy" });
        expect(unknown.message).toContain(
            'policy "no-such-policy": no policy of this name in the pack; allowed: "all", "bucket-has-policy"',
        );

        const badLevel = (await run({ all: "strict", "bucket-tags": { enforcementLevel: 1 } }).catch(
            (e: unknown) => e,
        )) as PolicyConfigError;
        expect(badLevel.problems).toEqual([
            {
                policy: "all",
                message: expect.stringContaining(
                    '"strict" is not a valid enforcement level; allowed: "advisory", "mandatory", "remediate", "disabled"',
                ),
            },
            { policy: "bucket-tags", key: "enforcementLevel", message: expect.stringContaining("1 is not a valid enforcement level") },
        ]);

        const notJson = (await run("{ all: advisory").catch((e: unknown) => e)) as PolicyConfigError;
        expect(notJson).toBeInstanceOf(PolicyConfigError);
        expect(notJson.message).toMatch(/policy-config\.json is not valid JSON/);
        // The pack was started for GetAnalyzerInfo and must be gone.
        expect(processesMentioning(BASIC)).toEqual([]);
    });

    it("remediates inputs before analysis, counts remediations, and applies the pack's initial config as the CLI does", async () => {
        const bucket = resource("aws:s3/bucket:Bucket", "logs", { tags: { owner: "ops" } });
        const volume = resource("aws:ebs/volume:Volume", "data", { size: 5 });
        const result = await runGate({
            packDir: REMEDIATING,
            resources: [stackResource(), bucket, volume],
            project: "shop",
            stack: "prod",
        });

        // PulumiPolicy.yaml's version wins over package.json's, as in the CLI.
        expect(result.packVersion).toBe("2.0.0");
        expect(result.remediations).toBe(1);
        expect(byPolicy(result, "managed-by-tag")).toEqual([]);
        // The stack policy sees the remediated tags in the outputs.
        expect(byPolicy(result, "tags-seen-by-stack")).toEqual([
            expect.objectContaining({ urn: bucket.urn, level: "advisory", message: expect.stringContaining('"managed-by":"pulumi"') }),
        ]);
        // Initial config with properties only: the CLI reads the missing level as advisory (protobuf default 0).
        expect(result.policies).toEqual([
            { name: "managed-by-tag", level: "remediate" },
            { name: "min-size", level: "advisory" },
            { name: "tags-seen-by-stack", level: "advisory" },
        ]);
        expect(byPolicy(result, "min-size")).toEqual([
            expect.objectContaining({ urn: volume.urn, level: "advisory", message: expect.stringContaining("size 5 is below 10") }),
        ]);
    });

    it("passes a captured program's registrations: secrets unwrapped, options, parents and resource references", async () => {
        class Raw extends pulumi.CustomResource {
            constructor(type: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
                super(type, name, props, opts);
            }
        }
        class Site extends pulumi.ComponentResource {
            constructor(name: string) {
                super("shop:web:Site", name, {}, {});
                const bucket = new Raw(
                    "aws:s3/bucket:Bucket",
                    `${name}-bucket`,
                    { acl: "private", tags: { owner: "web" }, password: pulumi.secret("hunter2") },
                    { parent: this, protect: true },
                );
                new Raw("aws:s3/bucketPolicy:BucketPolicy", `${name}-policy`, { bucket: bucket.id, target: bucket }, { parent: this });
                this.registerOutputs({});
            }
        }
        const p = await plan(() => new Site("web"), { project: "shop", stack: "prod" });
        const result = await runGate({ packDir: BASIC, resources: p.resources, project: "shop", stack: "prod" });
        const site = p.one("shop:web:Site");
        const bucket = p.one("aws:s3/bucket:Bucket");
        expect(byPolicy(result, "secret-seen")).toEqual([
            expect.objectContaining({
                urn: bucket.urn,
                level: "advisory",
                message: expect.stringContaining(`password is hunter2; protect=true; parent=${site.urn}`),
            }),
        ]);
        // The policy depends on the bucket through `bucket` (its id), so the stack policy is satisfied.
        expect(byPolicy(result, "bucket-has-policy")).toEqual([]);
        expect(result.violations.filter((v) => v.level === "mandatory")).toEqual([]);
    });

    it("sends secrets in the wire format and keeps them from violations of other resources", async () => {
        const db = resource("aws:rds/instance:Instance", "db", { password: { ...SECRET_SIG, value: "s3cret" }, retentionDays: 3 });
        const result = await runGate({ packDir: BASIC, resources: [stackResource(), db], project: "shop", stack: "prod" });
        expect(byPolicy(result, "secret-seen")[0]?.message).toContain("password is s3cret");
        expect(byPolicy(result, "max-retention")).toEqual([]);
    });

    it("starts the pack ahead of the program and adds only the evaluation to the plan", async () => {
        const session = startGate({ packDir: BASIC, project: "shop", stack: "prod" });
        await session.ready;
        const result = await session.run(basicResources().all);
        // The start-up was paid before `run` (measured apart from the evaluation); no timing is compared here, since
        // a busy machine scales both (the figures are printed by tests/gate/bench.ts).
        expect(result.startupMs).toBeGreaterThan(0);
        expect(byPolicy(result, "no-public-buckets")).toHaveLength(1);
        await expect(session.run([])).rejects.toThrow(/runs once/);
        expect(processesMentioning(BASIC)).toEqual([]);
    });
});

describe("policy gate failures", () => {
    it("fails with the pack's error when a policy throws, as the CLI fails the preview", async () => {
        const failure = await runGate({
            packDir: BASIC,
            resources: [stackResource(), resource("aws:s3/bucket:Bucket", "odd", { explode: true })],
            project: "shop",
            stack: "prod",
        }).catch((e: unknown) => e);
        expect(failure).toBeInstanceOf(PolicyPackError);
        expect((failure as Error).message).toMatch(
            /policy pack at .*basic failed: Error validating resource with policy 'secret-seen' from policy pack 'gate-fixture-basic@v1\.2\.3'[\s\S]*cannot evaluate odd/,
        );
        expect(processesMentioning(BASIC)).toEqual([]);
    });

    it("reports a pack that fails while loading, with its output, and leaves no process", async () => {
        const failure = await runGate({ packDir: BROKEN, resources: [stackResource()], project: "shop", stack: "prod" }).catch(
            (e: unknown) => e,
        );
        expect(failure).toBeInstanceOf(PolicyPackError);
        const message = (failure as Error).message;
        expect(message).toContain(`policy pack at ${BROKEN} failed to start: it exited with code 1 before printing its port`);
        expect(message).toContain("limits.json is missing");
        expect(processesMentioning(BROKEN)).toEqual([]);
    });

    it("reports a pack that does not compile", async () => {
        const dir = tempPack({
            "PulumiPolicy.yaml": "runtime: nodejs\n",
            "package.json": JSON.stringify({ name: "syntax-error", version: "0.0.1", main: "index.ts" }),
            "index.ts": "const limit: number = ;\n",
        });
        const failure = await runGate({ packDir: dir, resources: [], project: "shop", stack: "prod" }).catch((e: unknown) => e);
        expect(failure).toBeInstanceOf(PolicyPackError);
        expect((failure as Error).message).toMatch(/failed to start: it exited with code 1[\s\S]*index\.ts:1:\d+[\s\S]*Unexpected/);
        expect(processesMentioning(dir)).toEqual([]);
    });

    it("kills a pack that never serves when the start-up time runs out", async () => {
        const dir = tempPack({
            "PulumiPolicy.yaml": "runtime: nodejs\n",
            "package.json": JSON.stringify({ name: "silent", version: "0.0.1", main: "index.ts" }),
            "index.ts": "console.error('warming up forever');\nsetInterval(() => undefined, 1000);\n",
        });
        const failure = await runGate({ packDir: dir, resources: [], project: "shop", stack: "prod", startupTimeoutMs: 3000 }).catch(
            (e: unknown) => e,
        );
        expect(failure).toBeInstanceOf(PolicyPackError);
        expect((failure as Error).message).toContain("did not print its port within 3 s");
        expect((failure as Error).message).toContain("warming up forever");
        expect(processesMentioning(dir)).toEqual([]);
    });

    it("names what is missing when a directory is not a policy pack", async () => {
        await expect(runGate({ packDir: PACKS, resources: [], project: "shop", stack: "prod" })).rejects.toThrow(
            /PulumiPolicy\.yaml not found/,
        );
    });
});
