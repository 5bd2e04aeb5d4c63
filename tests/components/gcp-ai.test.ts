import { describe, expect, it } from "vitest";
import { type GcpGeminiApiArgs, GcpGeminiApi } from "../../components/src/ai/gcp";
import { type Plan, plan } from "../support/plan";

const SERVICE = "gcp:projects/service:Service";
const KEY = "gcp:projects/apiKey:ApiKey";
const config = { "gcp:project": "acme-prod" };

async function attempt(args: GcpGeminiApiArgs): Promise<{ error: unknown; p: Plan }> {
    let error: unknown;
    const p = await plan(
        () => {
            try {
                new GcpGeminiApi("gemini", args);
            } catch (e) {
                error = e;
            }
        },
        { config },
    );
    return { error, p };
}

describe("GcpGeminiApi", () => {
    it("enables the Generative Language and API Keys APIs, leaving them enabled on destroy", async () => {
        const p = await plan(() => new GcpGeminiApi("gemini", {}), { config, project: "coachmeld" });
        const services = p.ofType(SERVICE).map((r) => r.inputs as Record<string, any>);
        expect(services.map((s) => s.service).sort()).toEqual(["apikeys.googleapis.com", "generativelanguage.googleapis.com"]);
        for (const s of services) expect(s).toMatchObject({ disableOnDestroy: false, disableDependentServices: false });
    });

    it("restricts the key to the Generative Language API only, created after the APIs are on", async () => {
        const p = await plan(() => new GcpGeminiApi("gemini", { allowedMethods: ["GenerateContent", "StreamGenerateContent"] }), {
            config,
            project: "coachmeld",
        });
        const key = p.inputs(KEY);
        expect(key.name).toBe("coachmeld-prod-gemini-key");
        expect(key.restrictions).toEqual({
            apiTargets: [{ service: "generativelanguage.googleapis.com", methods: ["GenerateContent", "StreamGenerateContent"] }],
        });
        const deps = p.one(KEY).dependencies;
        for (const s of p.ofType(SERVICE)) expect(deps).toContain(s.urn);
    });

    it("exposes the key string as a secret output", async () => {
        const p = await plan(() => new GcpGeminiApi("gemini", {}), { config });
        const outputs = p.one("appstack:ai:GcpGeminiApi").outputs as Record<string, any>;
        expect(outputs.keyString).toBe("[secret]");
        expect(outputs.keyId).toBe("projects/acme-prod/locations/global/keys/test-prod-gemini-key");
    });

    it("adds the app restriction given: Android apps, iOS bundles or browser referrers", async () => {
        const android = await plan(
            () =>
                new GcpGeminiApi("gemini", {
                    androidApps: [
                        {
                            packageName: "com.coachmeld.app",
                            sha1Fingerprint: "DA:39:A3:EE:5E:6B:4B:0D:32:55:BF:EF:95:60:18:90:AF:D8:07:09",
                        },
                    ],
                }),
            { config },
        );
        expect(android.inputs(KEY).restrictions.androidKeyRestrictions).toEqual({
            allowedApplications: [{ packageName: "com.coachmeld.app", sha1Fingerprint: "da39a3ee5e6b4b0d3255bfef95601890afd80709" }],
        });
        const ios = await plan(() => new GcpGeminiApi("gemini", { iosBundleIds: ["com.coachmeld.app"] }), { config });
        expect(ios.inputs(KEY).restrictions.iosKeyRestrictions).toEqual({ allowedBundleIds: ["com.coachmeld.app"] });
        const web = await plan(() => new GcpGeminiApi("gemini", { allowedReferrers: ["https://app.coachmeld.com/*"] }), { config });
        expect(web.inputs(KEY).restrictions).toEqual({
            apiTargets: [{ service: "generativelanguage.googleapis.com" }],
            browserKeyRestrictions: { allowedReferrers: ["https://app.coachmeld.com/*"] },
        });
    });

    it("enables Vertex AI instead when asked, and can skip the key", async () => {
        const p = await plan(() => new GcpGeminiApi("gemini", { api: "vertex", createKey: false }), { config });
        expect(p.ofType(SERVICE).map((r) => (r.inputs as Record<string, any>).service)).toEqual(["aiplatform.googleapis.com"]);
        expect(p.ofType(KEY)).toEqual([]);
    });

    it.each<[string, GcpGeminiApiArgs, RegExp]>([
        [
            "two kinds of app restriction",
            { allowedReferrers: ["https://a.example.com/*"], iosBundleIds: ["com.a.b"] },
            /allowedReferrers and iosBundleIds/,
        ],
        ["an empty referrer list", { allowedReferrers: [] }, /allowedReferrers.*empty/],
        ["a bad fingerprint", { androidApps: [{ packageName: "com.a.b", sha1Fingerprint: "abc" }] }, /androidApps\[0\]\.sha1Fingerprint/],
        ["a bad bundle id", { iosBundleIds: ["app"] }, /iosBundleIds/],
        ["an unknown api", { api: "openai" as "gemini" }, /api.*openai/],
    ])("rejects %s before registering any resource", async (_, args, message) => {
        const { error, p } = await attempt(args);
        expect((error as Error).name).toBe("InvalidArgumentError");
        expect((error as Error).message).toMatch(message);
        expect(p.resources.filter((r) => r.custom)).toEqual([]);
    });
});
