/**
 * How long the policy gate takes for ~150 resources: `npx tsx tests/gate/bench.ts [packDir] [count]`.
 * Prints the time of a cold `runGate` (start-up included) and of a `startGate` session started ahead of the
 * program (what the gate adds to a plan once the program has run). Not a test: timings depend on the machine.
 */
import * as path from "node:path";
import { runGate, startGate } from "../../tools/plan/gate";
import type { CapturedResource } from "../../tools/plan/engine";
import { PACKS, SECRET_SIG, resource, stackResource } from "./support";

function resources(count: number): CapturedResource[] {
    const out: CapturedResource[] = [stackResource()];
    for (let i = 0; out.length < count; i++) {
        const bucket = resource(
            "aws:s3/bucket:Bucket",
            `bucket-${i}`,
            { acl: i % 10 === 0 ? "public-read" : "private", tags: { owner: "team", index: String(i) } },
            { outputs: { arn: `arn:aws:s3:::bucket-${i}` } },
        );
        const policy = resource(
            "aws:s3/bucketPolicy:BucketPolicy",
            `bucket-${i}-policy`,
            { bucket: `bucket-${i}-id`, policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) },
            { propertyDependencies: { bucket: [bucket.urn] }, dependencies: [bucket.urn] },
        );
        const db = resource("aws:rds/instance:Instance", `db-${i}`, {
            engine: "postgres",
            password: { ...SECRET_SIG, value: "pw" },
            retentionDays: i % 40,
            allocatedStorage: 20,
        });
        out.push(bucket, policy, db);
    }
    return out.slice(0, count);
}

async function main() {
    const packDir = path.resolve(process.argv[2] ?? path.join(PACKS, "basic"));
    const count = Number(process.argv[3] ?? 150);
    const list = resources(count);
    const ms = (n: number) => `${Math.round(n)} ms`;

    for (let round = 1; round <= 3; round++) {
        const cold = await runGate({ packDir, resources: list, project: "shop", stack: "prod" });
        const session = startGate({ packDir, project: "shop", stack: "prod" });
        await session.ready;
        const warm = await session.run(list);
        console.log(
            `round ${round}: ${list.length} resources, ${cold.violations.length} violations — ` +
                `runGate (cold, start-up included) ${ms(cold.durationMs)}; ` +
                `startGate: start-up+configure ${ms(warm.startupMs ?? 0)}, added after the program ${ms(warm.durationMs)}`,
        );
    }
}

main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
});
