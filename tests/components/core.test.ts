import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { Component, type BaseArgs, type DataProtection, type Transform, physicalName, profileDefaults, resolveEnvironment } from "../../components/src/core";
import { plan } from "../support/plan";

interface DemoArgs extends BaseArgs, DataProtection {
    versioned?: boolean;
    transform?: { bucket?: Transform<aws.s3.BucketArgs> };
}

class Demo extends Component {
    public readonly bucket: aws.s3.Bucket;
    constructor(name: string, args: DemoArgs, opts?: pulumi.ComponentResourceOptions) {
        super("demo:Demo", name, args, opts);
        this.bucket = this.child(aws.s3.Bucket, "bucket", { bucket: this.physicalName("bucket", "bucket"), tags: this.tags }, args.transform?.bucket, this.dataOptions(args));
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
        const overridden = (await plan(() => new Demo("d", { environment: "dev", protect: true }), { stack: "prod" })).one("aws:s3/bucket:Bucket");
        expect([overridden.protect, overridden.retainOnDelete]).toEqual([true, false]);
    });

    it("applies object and function transforms to a child", async () => {
        const merged = await plan(() => new Demo("d", { transform: { bucket: { forceDestroy: true } } }));
        expect(merged.inputs("aws:s3/bucket:Bucket")).toMatchObject({ forceDestroy: true, bucket: "test-prod-d-bucket" });
        const edited = await plan(() => new Demo("d", { transform: { bucket: (args) => { args.bucket = "mine"; } } }));
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
        const profile = { dev: { replicas: 0, multiAz: false }, staging: { replicas: 0, multiAz: true }, prod: { replicas: 1, multiAz: true } };
        expect(profileDefaults(profile, "prod", { replicas: 3 })).toEqual({ replicas: 3, multiAz: true });
        expect(profileDefaults(profile, "dev", { multiAz: undefined })).toEqual({ replicas: 0, multiAz: false });
        const envs: string[] = [];
        for (const stack of ["production", "acme-staging", "feature-x"]) {
            await plan(() => envs.push(resolveEnvironment()), { stack });
        }
        expect(envs).toEqual(["prod", "staging", "dev"]);
    });
});
