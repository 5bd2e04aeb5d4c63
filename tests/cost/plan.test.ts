import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { estimateMonthlyCost, type PricedResource } from "@appstack/cost";
import { plan } from "../support/plan";

/** A captured registration as the policy and the plan command hand it to the cost model. */
function priced(resources: { urn: string; type: string; name: string; inputs: unknown }[]): PricedResource[] {
    return resources.map(({ urn, type, name, inputs }) => ({ urn, type, name, props: (inputs ?? {}) as Record<string, unknown> }));
}

class Api extends pulumi.ComponentResource {
    constructor(name: string) {
        super("appstack:test:Api", name);
        const parent = { parent: this };
        const cluster = new aws.ecs.Cluster(`${name}-cluster`, { name: `${name}-cluster` }, parent);
        const task = new aws.ecs.TaskDefinition(
            `${name}-task`,
            {
                family: name,
                cpu: "512",
                memory: "1024",
                networkMode: "awsvpc",
                requiresCompatibilities: ["FARGATE"],
                containerDefinitions: JSON.stringify([{ name: "api", image: "api:1", essential: true }]),
            },
            parent,
        );
        const service = new aws.ecs.Service(
            `${name}-service`,
            {
                name,
                cluster: cluster.arn,
                taskDefinition: task.arn,
                desiredCount: 2,
                launchType: "FARGATE",
            },
            parent,
        );
        new aws.appautoscaling.Target(
            `${name}-scaling`,
            {
                serviceNamespace: "ecs",
                scalableDimension: "ecs:service:DesiredCount",
                resourceId: pulumi.interpolate`service/${cluster.name}/${service.name}`,
                minCapacity: 3,
                maxCapacity: 10,
            },
            parent,
        );
        new aws.rds.Instance(
            `${name}-db`,
            {
                engine: "postgres",
                instanceClass: "db.t4g.micro",
                allocatedStorage: 20,
                storageType: "gp3",
                multiAz: true,
                backupRetentionPeriod: 7,
                skipFinalSnapshot: true,
            },
            parent,
        );
        new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: "assets", versioningConfiguration: { status: "Enabled" } }, parent);
        this.registerOutputs({});
    }
}

describe("cost of a captured plan", () => {
    it("links service, task definition and autoscaling target as the engine captures them, and skips the component", async () => {
        const captured = await plan(() => new Api("api"));
        const resources = priced(captured.resources);
        const estimate = estimateMonthlyCost(resources, { region: "us-east-1" });

        expect(estimate.unpriced).toEqual([]);
        const names = estimate.items.map((i) => i.name).sort();
        expect(names).toEqual(["api-cluster", "api-db", "api-scaling", "api-service", "api-task", "api-versioning"]);

        const service = estimate.items.find((i) => i.name === "api-service")!;
        expect(service.monthlyUsd).toBeCloseTo(3 * (0.5 * 0.04048 + 1 * 0.004445) * 730, 2);
        expect(service.basis).toContain("autoscaling minCapacity of api-scaling");
        expect(service.basis).toContain("task definition api-task (linked by taskDefinition family)");

        const db = estimate.items.find((i) => i.name === "api-db")!;
        expect(db.monthlyUsd).toBeCloseTo(2 * (730 * 0.016 + 20 * 0.115), 2);
        expect(estimate.monthlyUsd).toBeCloseTo(service.monthlyUsd + db.monthlyUsd, 2);
    });
});
