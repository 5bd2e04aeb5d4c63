/**
 * Issue 13 item 7: no pricing depends on our components' child names. An ECS service is linked to its task
 * definition and its autoscaling target by reference only: the URN or the engine's property dependencies
 * (`propertyDependencies`, which the engine records for every input that holds another resource's output: pulumi/pulumi
 * sdk/nodejs/runtime/resource.ts `prepareResource`, and the analyzer's `PolicyResource.propertyDependencies`), the
 * task definition's ARN/family, the target's `resourceId` (`service/<cluster>/<service name>`, AWS Application Auto
 * Scaling RegisterScalableTarget, ResourceId), and "the only one in the plan" last. A Supabase read replica is linked
 * to its project the same way. Names like `api-service` ↔ `api-task` no longer link anything.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { estimateMonthlyCost, type PricedResource, unpricedReasons } from "@appstack/cost";
import { planCost } from "../../tools/plan/cost";
import { parsePreview, previewCost } from "../../tools/plan/preview";
import { plan } from "../support/plan";

const TD = "aws:ecs/taskDefinition:TaskDefinition";
const SERVICE = "aws:ecs/service:Service";
const TARGET = "aws:appautoscaling/target:Target";
const DYNAMIC = "pulumi-nodejs:dynamic:Resource";
const urnOf = (type: string, name: string) => `urn:pulumi:prod::raw::${type}::${name}`;
const res = (
    type: string,
    name: string,
    props: Record<string, unknown>,
    propertyDependencies?: Record<string, string[]>,
): PricedResource => ({
    urn: urnOf(type, name),
    type,
    name,
    props,
    ...(propertyDependencies ? { propertyDependencies } : {}),
});
const OPTIONS = { region: "us-east-1" };
const itemOf = (resources: PricedResource[], name: string) => estimateMonthlyCost(resources, OPTIONS).items.find((i) => i.name === name);

// 0.25 vCPU / 0.5 GB and 2 vCPU / 4 GB: the two task definitions cost very differently, so a wrong link shows.
const small = (name: string) =>
    res(TD, name, { family: `${name}-family`, cpu: "256", memory: "512", requiresCompatibilities: ["FARGATE"] });
const large = (name: string) =>
    res(TD, name, { family: `${name}-family`, cpu: "2048", memory: "4096", requiresCompatibilities: ["FARGATE"] });

describe("ECS service → task definition, by reference only", () => {
    it("follows the engine's property dependency of an unknown taskDefinition, not the name that looks like a sibling", () => {
        // `api-task` shares the service's component prefix; the service really runs `worker-task` (its dependency).
        const apiTask = small("api-task");
        const workerTask = large("worker-task");
        const service = res(SERVICE, "api-service", { desiredCount: 1, taskDefinition: "[unknown]" }, { taskDefinition: [workerTask.urn] });
        const item = itemOf([apiTask, workerTask, service], "api-service");
        expect(item?.basis).toContain("2 vCPU");
        expect(item?.basis).toContain("task definition worker-task (linked by reference)");
    });

    it("leaves a service unpriced, with its reason, when nothing references a task definition and the plan has two", () => {
        const resources = [
            small("web-task"),
            large("other-task"),
            res(SERVICE, "web-service", { desiredCount: 1, taskDefinition: "[unknown]" }),
        ];
        const estimate = estimateMonthlyCost(resources, OPTIONS);
        expect(estimate.unpriced.map((u) => u.name)).toEqual(["web-service"]);
        expect(unpricedReasons(resources, OPTIONS)[urnOf(SERVICE, "web-service")]).toMatch(
            /cannot link the ECS service to a task definition: .*neither a reference/,
        );
    });

    it("links by family in the ARN, never by a task definition's Pulumi name", () => {
        // The ARN's family is `alpha` (the Pulumi name of one task definition) but the `family` input of the other.
        const named = small("alpha");
        const real = res(TD, "td-2", { family: "alpha", cpu: "2048", memory: "4096" });
        const service = res(SERVICE, "svc", {
            desiredCount: 1,
            taskDefinition: "arn:aws:ecs:us-east-1:123456789012:task-definition/alpha:7",
        });
        expect(itemOf([named, real, service], "svc")?.basis).toContain("task definition td-2 (linked by taskDefinition family)");
    });

    it("takes the only task definition of the plan as the last resort", () => {
        const service = res(SERVICE, "svc", { desiredCount: 1, taskDefinition: "[unknown]" });
        expect(itemOf([large("whatever"), service], "svc")?.basis).toContain("(linked the only task definition)");
    });
});

describe("ECS service → autoscaling target, by reference only", () => {
    const target = (name: string, min: number, props: Record<string, unknown>, deps?: Record<string, string[]>) =>
        res(
            TARGET,
            name,
            { serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", minCapacity: min, maxCapacity: 10, ...props },
            deps,
        );

    it("follows the target's resourceId dependency on the service, not a target named like the service", () => {
        const td = small("task");
        const api = res(SERVICE, "api-service", { desiredCount: 1, taskDefinition: td.urn });
        const worker = res(SERVICE, "worker-service", { desiredCount: 1, taskDefinition: td.urn });
        // `api-scaling` shares api-service's prefix, but its resourceId is built from worker-service's name.
        const scaling = target("api-scaling", 5, { resourceId: "[unknown]" }, { resourceId: [worker.urn] });
        const resources = [td, api, worker, scaling];
        expect(itemOf(resources, "worker-service")?.basis).toContain("5 tasks (autoscaling minCapacity of api-scaling)");
        expect(itemOf(resources, "api-service")?.basis).toContain("1 task (desiredCount)");
    });

    it("matches resourceId service/<cluster>/<name> against the service's name input only", () => {
        const td = small("task");
        const a = res(SERVICE, "a", { name: "orders", desiredCount: 1, taskDefinition: td.urn });
        const b = res(SERVICE, "b", { name: "a", desiredCount: 1, taskDefinition: td.urn });
        const resources = [td, a, b, target("t", 4, { resourceId: "service/main/a" })];
        // `service/main/a` names service b (its `name` input), not the service whose Pulumi name is `a`.
        expect(itemOf(resources, "b")?.basis).toContain("4 tasks (autoscaling minCapacity of t)");
        expect(itemOf(resources, "a")?.basis).toContain("1 task (desiredCount)");
    });
});

describe("a raw Pulumi program (no appstack components, names without our suffixes)", () => {
    it("prices each service with its own task definition and autoscaling floor, linked by reference", async () => {
        const offline = await plan(
            () => {
                const cluster = new aws.ecs.Cluster("main", {});
                const definitions = { checkout: ["256", "512"], search: ["2048", "4096"] } as const;
                for (const [app, [cpu, memory]] of Object.entries(definitions)) {
                    const spec = new aws.ecs.TaskDefinition(`${app}-spec`, {
                        family: `${app}-v2`,
                        cpu,
                        memory,
                        networkMode: "awsvpc",
                        requiresCompatibilities: ["FARGATE"],
                        containerDefinitions: JSON.stringify([{ name: app, image: `${app}:1`, essential: true }]),
                    });
                    const runner = new aws.ecs.Service(`run-${app}`, {
                        cluster: cluster.arn,
                        taskDefinition: spec.arn,
                        desiredCount: 1,
                        launchType: "FARGATE",
                    });
                    new aws.appautoscaling.Target(`floor-for-${app}`, {
                        serviceNamespace: "ecs",
                        scalableDimension: "ecs:service:DesiredCount",
                        resourceId: pulumi.interpolate`service/${cluster.name}/${runner.name}`,
                        minCapacity: app === "checkout" ? 2 : 3,
                        maxCapacity: 10,
                    });
                }
            },
            { project: "raw" },
        );
        const cost = planCost(offline.resources, "us-east-1", null);
        const basis = (name: string) => cost.items.find((i) => i.name === name)?.basis ?? "";
        expect(cost.unpriced).toEqual([]);
        expect(basis("run-checkout")).toContain("2 tasks (autoscaling minCapacity of floor-for-checkout) × (0.25 vCPU");
        expect(basis("run-checkout")).toContain("task definition checkout-spec");
        expect(basis("run-search")).toContain("3 tasks (autoscaling minCapacity of floor-for-search) × (2 vCPU");
        expect(basis("run-search")).toContain("task definition search-spec");
    });

    it("links through a preview's propertyDependencies when the references are unknown", () => {
        const stack = "urn:pulumi:prod::raw::pulumi:pulumi:Stack::raw-prod";
        const state = (
            type: string,
            name: string,
            inputs: Record<string, unknown>,
            propertyDependencies: Record<string, string[]> = {},
        ) => ({
            op: "create",
            urn: urnOf(type, name),
            newState: { urn: urnOf(type, name), type, custom: true, parent: stack, inputs, propertyDependencies },
        });
        const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"; // the engine's computedValuePlaceholder
        const doc = {
            steps: [
                { op: "create", urn: stack, newState: { urn: stack, type: "pulumi:pulumi:Stack", custom: false, inputs: {} } },
                state(TD, "alpha", { family: "a", cpu: "256", memory: "512" }),
                state(TD, "beta", { family: "b", cpu: "2048", memory: "4096" }),
                state(SERVICE, "alpha-runner", { desiredCount: 1, taskDefinition: UNKNOWN }, { taskDefinition: [urnOf(TD, "beta")] }),
                state(SERVICE, "beta-runner", { desiredCount: 1, taskDefinition: UNKNOWN }, { taskDefinition: [urnOf(TD, "alpha")] }),
            ],
            changeSummary: { create: 5 },
        };
        const cost = previewCost(parsePreview(doc, "preview.json"), { usd: 3000, source: "test" }).cost;
        expect(cost.items.find((i) => i.name === "alpha-runner")?.basis).toContain("task definition beta (linked by reference)");
        expect(cost.items.find((i) => i.name === "beta-runner")?.basis).toContain("task definition alpha (linked by reference)");
    });
});

describe("Supabase read replica → project, by reference only", () => {
    const project = (name: string, size: string) =>
        res(DYNAMIC, name, { supabaseResource: "project", organizationId: "org", instanceSize: size });

    it("follows the property dependency of projectRef, not a project named like the replica", () => {
        const db = project("db-project", "micro");
        const other = project("analytics", "large");
        const replica = res(
            DYNAMIC,
            "db-replica-us-east-1",
            { supabaseResource: "read-replica", projectRef: "[unknown]" },
            { projectRef: [other.urn] },
        );
        expect(itemOf([db, other, replica], "db-replica-us-east-1")?.basis).toContain("project analytics");
    });
});

describe("CloudFront invalidation (appstackResource: cloudfront-invalidation)", () => {
    it("is priced $0: the first 1,000 invalidation paths a month are free per account", () => {
        const inv = res(DYNAMIC, "site-invalidation", {
            appstackResource: "cloudfront-invalidation",
            distributionId: "E123",
            paths: ["/*"],
        });
        const estimate = estimateMonthlyCost([inv], OPTIONS);
        expect(estimate.unpriced).toEqual([]);
        expect(estimate.items).toEqual([
            expect.objectContaining({
                name: "site-invalidation",
                monthlyUsd: 0,
                basis: expect.stringContaining("first 1,000 invalidation paths"),
            }),
        ]);
    });

    it("leaves other dynamic resources unpriced", () => {
        const other = res(DYNAMIC, "thing", { appstackResource: "something-else" });
        expect(estimateMonthlyCost([other], OPTIONS).unpriced.map((u) => u.name)).toEqual(["thing"]);
    });
});
