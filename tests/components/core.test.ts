import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import {
    Component,
    type BaseArgs,
    type DataProtection,
    EnvironmentError,
    type Transform,
    physicalName,
    profileDefaults,
    resolveEnvironment,
} from "../../components/src/core";
import { AwsPostgres } from "../../components/src/postgres/aws";
import { DEFAULT_POSTGRES_VERSION, engineVersionProblems } from "../../components/src/postgres/versions";
import { AwsWorkerService } from "../../components/src/service/aws";
import { GcpCloudRunService } from "../../components/src/service/gcp";
import { VercelWebApp } from "../../components/src/web/vercel";
import { profileSummary } from "../../tools/plan/report";
import { plan, planRejected, standInNetwork } from "../support/plan";

interface DemoArgs extends BaseArgs, DataProtection {
    versioned?: boolean;
    transform?: { bucket?: Transform<aws.s3.BucketArgs> };
}

class Demo extends Component {
    public readonly bucket: aws.s3.Bucket;
    constructor(name: string, args: DemoArgs, opts?: pulumi.ComponentResourceOptions) {
        super("demo:Demo", name, args, opts);
        this.bucket = this.child(
            aws.s3.Bucket,
            "bucket",
            { bucket: this.physicalName("bucket", "bucket"), tags: this.tags },
            args.transform?.bucket,
            this.dataOptions(args),
        );
        this.registerOutputs({ bucket: this.bucket.bucket });
    }
}

describe("core", () => {
    it("registers the type token, child names from the component name, and parents children", async () => {
        const p = await plan(() => new Demo("web", {}), { stack: "prod", project: "shop" });
        const component = p.one("appstack:demo:Demo");
        const bucket = p.one("aws:s3/bucket:Bucket");
        expect(bucket.name).toBe("web-bucket");
        expect(bucket.parent).toBe(component.urn);
        expect(p.inputs("aws:s3/bucket:Bucket").bucket).toBe("shop-prod-web-bucket");
        expect(p.inputs("aws:s3/bucket:Bucket").tags).toMatchObject({ environment: "prod", project: "shop", "managed-by": "pulumi" });
    });

    it("protects and retains data in staging and prod, and neither in dev", async () => {
        const prod = (await plan(() => new Demo("d", {}), { stack: "prod" })).one("aws:s3/bucket:Bucket");
        expect([prod.protect, prod.retainOnDelete]).toEqual([true, true]);
        const staging = (await plan(() => new Demo("d", {}), { stack: "staging" })).one("aws:s3/bucket:Bucket");
        expect([staging.protect, staging.retainOnDelete]).toEqual([true, true]);
        const dev = (await plan(() => new Demo("d", {}), { stack: "dev" })).one("aws:s3/bucket:Bucket");
        expect([dev.protect, dev.retainOnDelete]).toEqual([false, false]);
        const overridden = (await plan(() => new Demo("d", { environment: "dev", protect: true }), { stack: "prod" })).one(
            "aws:s3/bucket:Bucket",
        );
        expect([overridden.protect, overridden.retainOnDelete]).toEqual([true, false]);
    });

    it("applies object and function transforms to a child", async () => {
        const merged = await plan(() => new Demo("d", { transform: { bucket: { forceDestroy: true } } }));
        expect(merged.inputs("aws:s3/bucket:Bucket")).toMatchObject({ forceDestroy: true, bucket: "test-prod-d-bucket" });
        const edited = await plan(
            () =>
                new Demo("d", {
                    transform: {
                        bucket: (args) => {
                            args.bucket = "mine";
                        },
                    },
                }),
        );
        expect(edited.inputs("aws:s3/bucket:Bucket").bucket).toBe("mine");
    });

    it("cuts physical names to the service limit with a hash, keeping them unique", () => {
        const a = physicalName("a-very-long-component-name-for-the-load-balancer", "loadBalancer", "project", "production");
        const b = physicalName("a-very-long-component-name-for-the-load-balancer-2", "loadBalancer", "project", "production");
        expect(a.length).toBeLessThanOrEqual(32);
        expect(b.length).toBeLessThanOrEqual(32);
        expect(a).not.toBe(b);
        expect(physicalName("Web_App", "bucket", "P", "dev")).toBe("p-dev-web-app");
    });

    it("lets every profile default be overridden and derives the environment from the stack", async () => {
        const profile = {
            dev: { replicas: 0, multiAz: false },
            staging: { replicas: 0, multiAz: true },
            prod: { replicas: 1, multiAz: true },
        };
        expect(profileDefaults(profile, "prod", { replicas: 3 })).toEqual({ replicas: 3, multiAz: true });
        expect(profileDefaults(profile, "dev", { multiAz: undefined })).toEqual({ replicas: 0, multiAz: false });
        const envs: string[] = [];
        for (const stack of ["production", "stage", "DEV"]) {
            await plan(() => envs.push(resolveEnvironment()), { stack });
        }
        expect(envs).toEqual(["prod", "staging", "dev"]);
        // The stack's `environment` key wins over its name.
        await plan(() => envs.push(resolveEnvironment()), { stack: "prod-eu", config: { "test:environment": "prod" } });
        expect(envs[3]).toBe("prod");
    });

    it("fails, naming the stack and the key to set, for any other stack name without an `environment` key", async () => {
        for (const stack of ["prod-eu", "prdo", "acme-staging", "feature-x"]) {
            const { error, plan: p } = await planRejected(() => new Demo("d", {}), { stack });
            expect(error, stack).toBeInstanceOf(EnvironmentError);
            expect((error as Error).message).toContain(`Stack \`${stack}\`: test:environment is not set`);
            expect((error as Error).message).toContain(`pulumi config set environment <dev|staging|prod> --stack ${stack}`);
            expect(
                p.resources.filter((r) => r.type !== "pulumi:pulumi:Stack"),
                stack,
            ).toEqual([]);
        }
    });

    it("registers the profile each component took as its input, for previews and the plan", async () => {
        const p = await plan(() => new Demo("web", {}), { stack: "staging" });
        expect(p.one("appstack:demo:Demo").inputs).toEqual({ environment: "staging" });
        expect(profileSummary(p.resources)).toBe("staging");
        const mixed = await plan(() => [new Demo("a", {}), new Demo("b", { environment: "dev" })], { stack: "prod" });
        expect(profileSummary(mixed.resources)).toBe("dev ×1, prod ×1");
    });
});

/** Each rule a component enforces stops it before anything is registered, the component itself included. */
describe("validation before registration", () => {
    const network = standInNetwork();
    const onlyStack = (p: { resources: { type: string }[] }) => p.resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
    const cases: [string, () => unknown, RegExp][] = [
        ["Fargate cpu", () => new AwsWorkerService("api", { network, image: "x:1", cpu: 333 }), /`cpu` is 333; allowed: 256, 512/],
        [
            "min > max tasks",
            () => new AwsWorkerService("api", { network, image: "x:1", autoscaling: { min: 9, max: 3 } }),
            /`autoscaling.min` \(9\) is greater than autoscaling.max \(3\)/,
        ],
        [
            "min > max instances",
            () => new GcpCloudRunService("api", { image: "x:1", minInstances: 9, maxInstances: 3 }),
            /`minInstances` \(9\) is greater than maxInstances \(3\)/,
        ],
        ["engine 99", () => new AwsPostgres("db", { network, engineVersion: "99" }), /`engineVersion` is "99", which RDS does not create/],
        ["retired engine 16.4", () => new AwsPostgres("db", { network, engineVersion: "16.4" }), /`engineVersion` is "16.4"/],
        [
            "duplicate tenant domains",
            () =>
                new VercelWebApp("web", {
                    tenants: [
                        { slug: "a", customDomain: "x.example.com" },
                        { slug: "b", customDomain: "x.example.com" },
                    ],
                }),
            /`tenants\[1\].customDomain` repeats the domain "x.example.com"/,
        ],
        [
            "a custom domain that is another tenant's subdomain",
            () =>
                new VercelWebApp("web", {
                    tenantWildcardDomain: "*.hub.example.com",
                    tenants: [{ slug: "acme" }, { slug: "beta", customDomain: "acme.hub.example.com" }],
                }),
            /`tenants\[1\].customDomain` is "acme.hub.example.com", the subdomain of tenant "acme"/,
        ],
    ];
    for (const [label, construct, message] of cases) {
        it(`${label}: an error naming the argument, nothing registered`, async () => {
            const { error, plan: p } = await planRejected(construct, {
                stack: "prod",
                config: { "gcp:project": "p", "gcp:region": "us-central1" },
            });
            expect((error as Error | undefined)?.message).toMatch(message);
            expect(onlyStack(p)).toEqual([]);
        });
    }

    it("defaults AwsPostgres to an engine RDS creates today, from the dated list", async () => {
        expect(engineVersionProblems(DEFAULT_POSTGRES_VERSION)).toEqual([]);
        const p = await plan(() => new AwsPostgres("db", { network }), { stack: "dev" });
        expect(p.inputs("aws:rds/instance:Instance", "db-primary").engineVersion).toBe(DEFAULT_POSTGRES_VERSION);
    });
});

describe("secret config values stay secret downstream", () => {
    it("a secret Output put into a container's env makes the task definition's container definitions secret", async () => {
        const value = "sk_live_51Hx9ExampleSecretValue";
        const p = await plan(
            () => new AwsWorkerService("api", { network: standInNetwork(), image: "x:1", env: { STRIPE_KEY: pulumi.secret(value) } }),
        );
        const task = p.one("aws:ecs/taskDefinition:TaskDefinition");
        expect(task.secretInputs).toContain("containerDefinitions");
        expect(JSON.stringify(p.resources.map((r) => [r.inputs, r.outputs]))).not.toContain(value);
    });
});
