import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../components/src/core";
import { UPSTASH_REDIS_REGIONS, UpstashRedis, type UpstashRedisArgs, type UpstashRedisRegion } from "../../components/src/redis/upstash";
import { type Plan, plan, planRejected } from "../support/plan";

const DATABASE = "upstash:index/redisDatabase:RedisDatabase";
const COMPONENT = "appstack:redis:UpstashRedis";

const redis = (stack: string, args: UpstashRedisArgs = {}): Promise<Plan> => plan(() => new UpstashRedis("queue", args), { stack });

async function rejected(args: UpstashRedisArgs, stack = "prod"): Promise<{ error: unknown; children: string[] }> {
    const { error, plan: p } = await planRejected(() => new UpstashRedis("queue", args), { stack });
    return { error, children: p.resources.filter((r) => r.type.startsWith("upstash:")).map((r) => r.name) };
}

describe("UpstashRedis", () => {
    it("creates a global database with TLS, eviction off and the component's physical name", async () => {
        const p = await redis("prod");
        const db = p.inputs(DATABASE);
        expect(db).toMatchObject({
            databaseName: "test-prod-queue",
            region: "global",
            primaryRegion: "us-east-1",
            tls: true,
            eviction: false,
            autoScale: false,
            prodPack: false,
        });
        expect(db.ipAllowlists).toBeUndefined();
        expect(p.one(DATABASE).name).toBe("queue-database");
        expect(p.one(DATABASE).parent).toBe(p.one(COMPONENT).urn);
    });

    it("replicates to one read region in prod and none in dev and staging", async () => {
        const expected: Record<string, string[] | undefined> = { dev: undefined, staging: undefined, prod: ["us-west-2"] };
        for (const [stack, readRegions] of Object.entries(expected)) {
            const p = await redis(stack);
            expect(p.inputs(DATABASE).readRegions, stack).toEqual(readRegions);
        }
        // The paired region follows the primary; an explicit list wins in any environment; [] turns it off.
        expect((await redis("prod", { primaryRegion: "eu-central-1" })).inputs(DATABASE).readRegions).toEqual(["eu-west-1"]);
        expect((await redis("dev", { readRegions: ["eu-west-1", "us-west-1"] })).inputs(DATABASE).readRegions).toEqual([
            "eu-west-1",
            "us-west-1",
        ]);
        expect((await redis("prod", { readRegions: [] })).inputs(DATABASE).readRegions).toBeUndefined();
    });

    it("caps spend per environment (TechMate's $10-50/month) and takes an explicit budget", async () => {
        const expected = { dev: 10, staging: 20, prod: 50 };
        for (const [stack, budget] of Object.entries(expected)) {
            expect((await redis(stack)).inputs(DATABASE).budget, stack).toBe(budget);
        }
        expect((await redis("prod", { budget: 120 })).inputs(DATABASE).budget).toBe(120);
    });

    it("passes eviction, auto-scale, Prod Pack and the IP allowlist through when asked", async () => {
        const p = await redis("prod", { eviction: true, autoScale: true, prodPack: true, ipAllowlist: ["203.0.113.0/24", "198.51.100.7"] });
        expect(p.inputs(DATABASE)).toMatchObject({
            eviction: true,
            autoScale: true,
            prodPack: true,
            ipAllowlists: ["203.0.113.0/24", "198.51.100.7"],
        });
    });

    it("exposes password, REST tokens and the URL as secret outputs, and a TLS connection", async () => {
        let component: UpstashRedis | undefined;
        const p = await plan(() => {
            component = new UpstashRedis("queue", {});
        });
        const out = p.one(COMPONENT).outputs as Record<string, unknown>;
        for (const key of ["password", "restToken", "readOnlyRestToken", "redisUrl"]) expect(out[key], key).toBe("[secret]");
        const db = p.one(DATABASE).outputs as Record<string, unknown>;
        expect(out["endpoint"]).toBe(db["endpoint"]);
        expect(out["endpoint"]).toMatch(/^test-prod-queue-\d{5}\.upstash\.io$/);
        expect(out["port"]).toBe(6379);
        expect(out["restUrl"]).toBe(`https://${String(db["endpoint"])}`);
        // The provider asks the engine to keep the database's own copies secret (the SDK mocks do not apply that)...
        expect(p.one(DATABASE).additionalSecretOutputs).toEqual(expect.arrayContaining(["password", "restToken", "readOnlyRestToken"]));
        // ...and the password (the mock's value) appears nowhere else in plain text.
        const password = p.one(DATABASE).wire.outputs["password"];
        expect(String(password)).toMatch(/^mock-/);
        for (const r of p.resources.filter((r) => r.type !== DATABASE))
            expect(JSON.stringify([r.inputs, r.outputs])).not.toContain(String(password));

        const c = component!;
        expect(c.connection.tls).toBe(true);
        const [secrets, host, port] = await Promise.all([
            Promise.all([c.password, c.connection.password, c.restToken, c.redisUrl].map((o) => pulumi.isSecret(o))),
            new Promise((resolve) => c.connection.host.apply(resolve)),
            new Promise((resolve) => c.connection.port.apply(resolve)),
        ]);
        expect(secrets).toEqual([true, true, true, true]);
        expect(host).toBe(out["endpoint"]);
        expect(port).toBe(6379);
    });

    it("protects the database in staging and prod only", async () => {
        for (const [stack, expected] of Object.entries({ dev: false, staging: true, prod: true })) {
            const db = (await redis(stack)).one(DATABASE);
            expect([db.protect, db.retainOnDelete], stack).toEqual([expected, expected]);
        }
        const unprotected = (await redis("prod", { protect: false, retainOnDelete: false })).one(DATABASE);
        expect([unprotected.protect, unprotected.retainOnDelete]).toEqual([false, false]);
    });

    it("applies the database transform", async () => {
        const p = await redis("dev", { transform: { database: { budget: 5 } } });
        expect(p.inputs(DATABASE).budget).toBe(5);
    });

    it("rejects bad regions and budgets before creating the database", async () => {
        const cases: [UpstashRedisArgs, string][] = [
            [{ primaryRegion: "us-east-2" as UpstashRedisRegion }, "`primaryRegion`"],
            [{ readRegions: ["ap-northeast-1" as UpstashRedisRegion] }, "`readRegions`"],
            [{ primaryRegion: "eu-west-1", readRegions: ["eu-west-1"] }, "primary region"],
            [{ readRegions: ["us-west-1", "us-west-1"] }, "repeats"],
            [{ budget: 0 }, "`budget`"],
            [{ budget: -10 }, "`budget`"],
            [{ budget: 12.5 }, "`budget`"],
            [{ ipAllowlist: ["10.0.0.0/33"] }, "`ipAllowlist`"],
        ];
        for (const [args, message] of cases) {
            const { error, children } = await rejected(args);
            expect(error, JSON.stringify(args)).toBeInstanceOf(InvalidArgumentError);
            expect((error as Error).message).toContain(message);
            expect(children).toEqual([]);
        }
        const { error } = await rejected({ primaryRegion: "us-east-2" as UpstashRedisRegion });
        expect((error as Error).message).toContain(UPSTASH_REDIS_REGIONS.join(", "));
    });
});
