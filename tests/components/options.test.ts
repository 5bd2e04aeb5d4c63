// Resource options given to a component reach its children. The SDK passes `protect` and providers down through
// `parent` by itself (`@pulumi/pulumi` resource.js, the `opts.parent` branch of the Resource constructor) but not
// `retainOnDelete` or `deletedWith`, and a child's own `protect: false` (the dev profile's data option) overrides
// the inherited value: the component has to pass them on.
import * as aws from "@pulumi/aws";
import { describe, expect, it } from "vitest";
import { AwsPostgres } from "../../components/src/postgres/aws";
import { AwsRedis } from "../../components/src/redis/aws";
import { AwsFileStorage } from "../../components/src/storage/aws";
import { plan, standInNetwork } from "../support/plan";

const STATEFUL = [
    "aws:rds/instance:Instance",
    "aws:kms/key:Key",
    "aws:elasticache/replicationGroup:ReplicationGroup",
    "aws:s3/bucket:Bucket",
];

describe("component resource options", () => {
    it("protect: true on a component in dev protects every stateful child, the instance and its key included", async () => {
        const p = await plan(
            () => {
                new AwsPostgres("db", { network: standInNetwork() }, { protect: true });
                new AwsRedis("cache", { network: standInNetwork() }, { protect: true });
            },
            { stack: "dev" },
        );
        const stateful = p.resources.filter((r) => STATEFUL.includes(r.type));
        expect(stateful.map((r) => r.type)).toEqual(
            expect.arrayContaining(["aws:rds/instance:Instance", "aws:kms/key:Key", "aws:elasticache/replicationGroup:ReplicationGroup"]),
        );
        for (const r of stateful) expect({ name: r.name, protect: r.protect }).toEqual({ name: r.name, protect: true });
        // Stateless children inherit it through the SDK as well.
        for (const r of p.resources.filter((x) => x.custom))
            expect({ name: r.name, protect: r.protect }).toEqual({ name: r.name, protect: true });
    });

    it("without options, dev leaves data unprotected and prod protects it (the profile still decides)", async () => {
        const dev = await plan(() => new AwsPostgres("db", { network: standInNetwork() }), { stack: "dev" });
        expect(dev.one("aws:rds/instance:Instance").protect).toBe(false);
        const prod = await plan(() => new AwsPostgres("db", { network: standInNetwork() }), { stack: "prod" });
        expect(prod.one("aws:rds/instance:Instance", "db-primary").protect).toBe(true);
    });

    it("the component's own protect arg wins over its resource options", async () => {
        const p = await plan(() => new AwsPostgres("db", { network: standInNetwork(), protect: false }, { protect: true }), {
            stack: "dev",
        });
        expect(p.one("aws:rds/instance:Instance").protect).toBe(false);
    });

    it("retainOnDelete and deletedWith on a component reach every child", async () => {
        const p = await plan(
            () => {
                const owner = new aws.s3.Bucket("owner", {});
                new AwsFileStorage("files", {}, { retainOnDelete: true, deletedWith: owner });
            },
            { stack: "dev" },
        );
        const owner = p.one("aws:s3/bucket:Bucket", "owner");
        const children = p.resources.filter((r) => r.custom && r.name.startsWith("files-"));
        expect(children.length).toBeGreaterThan(3);
        for (const r of children) {
            expect({ name: r.name, retainOnDelete: r.retainOnDelete, deletedWith: r.deletedWith }).toEqual({
                name: r.name,
                retainOnDelete: true,
                deletedWith: owner.urn,
            });
        }
    });

    it("a provider given to a component is the provider of each of its AWS children", async () => {
        const p = await plan(
            () => {
                const account = new aws.Provider("workload-account", { region: "eu-west-1" });
                new AwsPostgres("db", { network: standInNetwork() }, { providers: [account] });
            },
            { stack: "dev" },
        );
        const provider = p.one("pulumi:providers:aws", "workload-account");
        const children = p.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
        expect(children.length).toBeGreaterThan(3);
        for (const r of children)
            expect({ name: r.name, provider: r.provider }).toEqual({ name: r.name, provider: `${provider.urn}::${provider.id}` });
    });
});
