import type * as pulumi from "@pulumi/pulumi";
import { hex, str, type State } from "./util";

/**
 * Outputs of `@upstash/pulumi` resources as Upstash returns them: a database id (UUID), an endpoint
 * `<name>-<5 digits>.upstash.io`, port 6379, a password and REST tokens. Derived from the resource name, so two
 * runs print the same plan. The provider marks password and tokens secret (`additionalSecretOutputs`).
 */
export function mockUpstashOutputs(args: pulumi.runtime.MockResourceArgs, region: string): { id: string; state: State } {
    const { type, name } = args;
    const inputs: Record<string, unknown> = args.inputs as Record<string, unknown>;
    const h = (n: number, salt = "") => hex(`${type}/${name}${salt}`, n);
    const state: State = { ...inputs };
    let id = `${name}-${h(8)}`;

    switch (type) {
        case "upstash:index/redisDatabase:RedisDatabase": {
            id = `${h(8)}-${h(4, "a")}-${h(4, "b")}-${h(4, "c")}-${h(12, "d")}`;
            const label = str(inputs["databaseName"], name)
                .toLowerCase()
                .replace(/[^a-z0-9-]/g, "-")
                .slice(0, 40);
            const endpoint = `${label}-${String((parseInt(h(8, "port"), 16) % 90_000) + 10_000)}.upstash.io`;
            Object.assign(state, {
                databaseId: id,
                endpoint,
                port: 6379,
                password: `mock-${h(32, "password")}`,
                restToken: `mock-${h(48, "rest")}`,
                readOnlyRestToken: `mock-${h(48, "readonly")}`,
                state: "active",
                databaseType: "Pay as You Go",
                tls: true,
                region: str(inputs["region"], "global"),
                primaryRegion: str(inputs["primaryRegion"], region),
                userEmail: "plan@example.com",
                creationTime: 1_700_000_000,
            });
            break;
        }
        default:
            break;
    }
    return { id, state };
}
