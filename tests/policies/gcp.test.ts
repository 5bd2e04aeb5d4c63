import { describe, expect, it } from "vitest";
import { policies } from "../../policies/rules";
import { GCP } from "../../policies/rules/resource-types";
import { type FakeResource, UNKNOWN_STRING, urn, validateResource, validateStack } from "./harness";

describe("edge-gcp-api-key-restrictions", () => {
    const key = (restrictions: Record<string, unknown> | undefined, name = "ai-key") => ({
        type: GCP.apiKey,
        name,
        props: { project: "p", name: "coachmeld-prod-ai-key", displayName: "ai gemini (prod)", ...(restrictions ? { restrictions } : {}) },
    });
    const run = (restrictions: Record<string, unknown> | undefined, config = {}, name?: string) =>
        validateResource("edge-gcp-api-key-restrictions", key(restrictions, name), config);
    const targets = { apiTargets: [{ service: "generativelanguage.googleapis.com" }] };

    it("accepts a key limited to one API and to an app (referrers, Android, iOS or IPs)", async () => {
        expect(await run({ ...targets, browserKeyRestrictions: { allowedReferrers: ["https://app.example.com/*"] } })).toEqual([]);
        expect(await run({ ...targets, iosKeyRestrictions: { allowedBundleIds: ["com.coachmeld.app"] } })).toEqual([]);
        expect(
            await run({
                ...targets,
                androidKeyRestrictions: {
                    allowedApplications: [
                        { packageName: "com.coachmeld.app", sha1Fingerprint: "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709" },
                    ],
                },
            }),
        ).toEqual([]);
        expect(await run({ ...targets, serverKeyRestrictions: { allowedIps: ["203.0.113.7"] } })).toEqual([]);
    });
    it("rejects an unrestricted key twice: every API, and usable from anywhere", async () => {
        const v = await run(undefined);
        expect(v.map((x) => x.message)).toEqual([
            expect.stringMatching(/every enabled API.*apiTargets/),
            expect.stringMatching(/works from anywhere/),
        ]);
    });
    it("rejects a key with an API target but no app restriction, unless exempted with a note or not required (dev)", async () => {
        expect((await run(targets))[0].message).toMatch(/works from anywhere.*exemptKeys/);
        expect(await run(targets, { exemptKeys: ["ai-key"] })).toEqual([]);
        expect(await run(targets, { requireApplicationRestriction: false })).toEqual([]);
        expect(
            await run({ browserKeyRestrictions: { allowedReferrers: ["https://a/*"] } }, { requireApplicationRestriction: false }),
        ).toHaveLength(1);
    });
});

describe("rto-cloud-run-min-instances", () => {
    const svc = (template: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
        type: GCP.cloudRunService,
        name: "api-service",
        props: { name: "api", location: "us-central1", template, ...extra },
    });
    const run = (template: Record<string, unknown>, config = {}, extra = {}) =>
        validateResource("rto-cloud-run-min-instances", svc(template, extra), config);

    it("accepts 2 warm instances in prod (the default minimum)", async () => {
        expect(await run({ scaling: { minInstanceCount: 2, maxInstanceCount: 50 } })).toEqual([]);
        expect(await run({}, {}, { scaling: { minInstanceCount: 3 } })).toEqual([]);
    });
    it("rejects scale-to-zero and a single instance", async () => {
        expect((await run({ scaling: { maxInstanceCount: 5 } }))[0].message).toMatch(
            /keeps 0 instance\(s\) warm.*zero and cold-start.*minInstanceCount: 2/,
        );
        expect(await run({ scaling: { minInstanceCount: 1 } })).toHaveLength(1);
    });
    it("follows the configured minimum; 0 turns it off (dev, staging)", async () => {
        expect(await run({ scaling: { minInstanceCount: 1 } }, { minInstances: 1 })).toEqual([]);
        expect(await run({}, { minInstances: 0 })).toEqual([]);
    });
    it("lets an unknown scaling surface as the SDK's UnknownValueError", async () => {
        await expect(run({ scaling: { minInstanceCount: UNKNOWN_STRING } })).rejects.toThrow(/can't be known during preview/);
    });
});

describe("edge-cloud-run-ingress (advisory)", () => {
    const svc = (name: string, ingress?: string): FakeResource => ({
        type: GCP.cloudRunService,
        name,
        props: { name, ...(ingress ? { ingress } : {}) },
    });
    const run = (resources: FakeResource[], config = {}) => validateStack("edge-cloud-run-ingress", resources, config);

    it("is advisory by its own level", () => {
        expect(policies.find((p) => p.name === "edge-cloud-run-ingress")?.enforcementLevel).toBe("advisory");
    });
    it("flags ingress ALL (also the default) without a Cloud Armor policy; accepts internal / load-balancer ingress", async () => {
        const v = await run([
            svc("api", "INGRESS_TRAFFIC_ALL"),
            svc("web"),
            svc("worker", "INGRESS_TRAFFIC_INTERNAL_ONLY"),
            svc("lb", "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"),
        ]);
        expect(v.map((x) => x.urn)).toEqual([urn(GCP.cloudRunService, "api"), urn(GCP.cloudRunService, "web")]);
        expect(v[0].message).toMatch(/no WAF in front.*Cloud Armor/);
    });
    it("accepts a stack with a Cloud Armor security policy, and exempted services", async () => {
        expect(await run([svc("api"), { type: "gcp:compute/securityPolicy:SecurityPolicy", name: "armor", props: {} }])).toEqual([]);
        expect(await run([svc("api")], { exemptServices: ["api"] })).toEqual([]);
    });
});

describe("rto-gcp-secret-replication", () => {
    const secret = (replication: unknown) => ({
        type: GCP.secret,
        name: "secrets-jwt",
        props: { secretId: "jwt", ...(replication === undefined ? {} : { replication }) },
    });
    const run = (replication: unknown, config = {}) => validateResource("rto-gcp-secret-replication", secret(replication), config);

    it("accepts automatic replication and user-managed replication in 2+ locations", async () => {
        expect(await run({ auto: {} })).toEqual([]);
        expect(await run({ userManaged: { replicas: [{ location: "us-central1" }, { location: "us-east1" }] } })).toEqual([]);
    });
    it("rejects a single location (prod minimum 2) and a missing policy", async () => {
        expect((await run({ userManaged: { replicas: [{ location: "us-central1" }] } }))[0].message).toMatch(
            /1 location\(s\) only.*2 or more/,
        );
        expect((await run(undefined))[0].message).toMatch(/no replication policy/);
        expect(await run({ userManaged: { replicas: [{ location: "us-central1" }] } }, { minUserManagedLocations: 1 })).toEqual([]);
    });
});
