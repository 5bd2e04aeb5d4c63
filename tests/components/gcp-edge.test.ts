import { describe, expect, it } from "vitest";
import { GcpCloudRunService } from "../../components/src/service/gcp";
import { type ApiEdgeBackend, type GcpApiEdgeArgs, GcpApiEdge } from "../../components/src/waf/gcp";
import { type Plan, plan, planRejected } from "../support/plan";

/*
 * Outside sources (read 2026-12-07):
 * - hashicorp/terraform-provider-google google/services/compute/resource_compute_security_policy.go (commit e03b762):
 *   line 338 conform_action "allow" only; line 345 exceed_action redirect | deny(403|404|429|502); line 353
 *   enforce_on_key ALL, IP, HTTP_HEADER, ...; enforce_on_key_name "HTTP_HEADER -- Name of the HTTP header whose value
 *   is taken as the key value". interval_sec and count are not checked by the provider (lines 320-331): the API is.
 * - website/docs/r/compute_security_policy.html.markdown line 405: HTTP_HEADER keys on the first 128 bytes; "If no such
 *   header is present in the request, the key type defaults to ALL".
 * - https://cloud.google.com/armor/docs/rate-limiting-overview: count 1 to 1,000,000; interval_sec 10, 30, 60, 120, 180,
 *   240, 300, 600, 900, 1200, 1800, 2700 or 3600.
 * - resource_compute_ssl_policy.go lines 201-234: TLS_1_3 needs profile RESTRICTED; the default profile is COMPATIBLE
 *   and the default min_tls_version TLS_1_0.
 * - @pulumi/gcp 9.37 compute/securityPolicy.d.ts and types/input.d.ts SecurityPolicyRuleRateLimitOptions
 *   (enforceOnKey, enforceOnKeyName, rateLimitThreshold.count/intervalSec).
 */

const POLICY = "gcp:compute/securityPolicy:SecurityPolicy";
const BACKEND = "gcp:compute/backendService:BackendService";
const NEG = "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup";
const SSL_POLICY = "gcp:compute/sSLPolicy:SSLPolicy";
const HTTPS_PROXY = "gcp:compute/targetHttpsProxy:TargetHttpsProxy";
const RULE = "gcp:compute/globalForwardingRule:GlobalForwardingRule";
const URL_MAP = "gcp:compute/uRLMap:URLMap";
const CERT = "gcp:compute/managedSslCertificate:ManagedSslCertificate";
const SERVICE = "gcp:cloudrunv2/service:Service";
const config = { "gcp:project": "techmate-prod", "gcp:region": "us-east1" };
const IMAGE = "us-east1-docker.pkg.dev/techmate-prod/api/api:1.0.0";
const BEHIND_LB: ApiEdgeBackend = {
    serviceName: "techmate-prod-api",
    location: "us-east1",
    ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
};

function edge(args: Partial<GcpApiEdgeArgs> = {}, stack = "prod"): Promise<Plan> {
    return plan(() => new GcpApiEdge("edge", { service: BEHIND_LB, domain: "api.techmate.ai", ...args }), { stack, config });
}

interface Rule {
    priority: number;
    action: string;
    preview?: boolean;
    match: { expr?: { expression: string }; versionedExpr?: string; config?: { srcIpRanges: string[] } };
    rateLimitOptions?: {
        conformAction: string;
        exceedAction: string;
        enforceOnKey: string;
        enforceOnKeyName?: string;
        rateLimitThreshold: { count: number; intervalSec: number };
    };
}
const rules = (p: Plan): Rule[] => p.inputs(POLICY).rules as Rule[];

describe("GcpApiEdge Cloud Armor rules", () => {
    it("throttles 100 requests a minute per Authorization header value, denying with 429 (TechMate's per-user limit)", async () => {
        const p = await edge();
        const perUser = rules(p).find((r) => r.priority === 1000);
        expect(perUser).toMatchObject({
            action: "throttle",
            preview: false,
            match: { expr: { expression: "has(request.headers['authorization'])" } },
            rateLimitOptions: {
                conformAction: "allow",
                exceedAction: "deny(429)",
                enforceOnKey: "HTTP_HEADER",
                enforceOnKeyName: "Authorization",
                rateLimitThreshold: { count: 100, intervalSec: 60 },
            },
        });
    });

    it("throttles requests without the header per client IP, and allows the rest by the default rule", async () => {
        const p = await edge({ ipRateLimit: { requests: 300, intervalSeconds: 300 } });
        const all = rules(p);
        expect(all.map((r) => r.priority)).toEqual([1000, 1100, 2147483647]);
        expect(all[1]).toMatchObject({
            action: "throttle",
            match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } },
            rateLimitOptions: { enforceOnKey: "IP", exceedAction: "deny(429)", rateLimitThreshold: { count: 300, intervalSec: 300 } },
        });
        expect(all[1].rateLimitOptions?.enforceOnKeyName).toBeUndefined();
        expect(all[2]).toMatchObject({ action: "allow", match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } } });
    });

    it("keys on another header (an API key) and another status when asked; false removes a rule", async () => {
        const p = await edge({
            userRateLimit: { requests: 1000, intervalSeconds: 3600, header: "X-Api-Key" },
            ipRateLimit: false,
            exceedStatus: 403,
        });
        const all = rules(p);
        expect(all.map((r) => r.priority)).toEqual([1000, 2147483647]);
        expect(all[0]).toMatchObject({
            match: { expr: { expression: "has(request.headers['x-api-key'])" } },
            rateLimitOptions: {
                enforceOnKeyName: "X-Api-Key",
                exceedAction: "deny(403)",
                rateLimitThreshold: { count: 1000, intervalSec: 3600 },
            },
        });
    });

    it("only previews (logs) in dev, enforces in staging and prod", async () => {
        for (const [stack, preview] of [
            ["dev", true],
            ["staging", false],
            ["prod", false],
        ] as const) {
            const throttles = rules(await edge({}, stack)).filter((r) => r.action === "throttle");
            expect(throttles.map((r) => r.preview)).toEqual([preview, preview]);
        }
        const forced = rules(await edge({ preview: false }, "dev")).filter((r) => r.action === "throttle");
        expect(forced.every((r) => r.preview === false)).toBe(true);
    });
});

describe("GcpApiEdge load balancer", () => {
    it("chains address → 443 rule → HTTPS proxy (managed certificate, TLS 1.2+ RESTRICTED) → URL map → armored backend → serverless NEG", async () => {
        const p = await edge();
        expect(p.inputs(NEG)).toMatchObject({
            networkEndpointType: "SERVERLESS",
            region: "us-east1",
            cloudRun: { service: "techmate-prod-api" },
        });
        const backend = p.one(BACKEND);
        expect(backend.inputs).toMatchObject({ loadBalancingScheme: "EXTERNAL_MANAGED", logConfig: { enable: true, sampleRate: 1 } });
        expect(backend.propertyDependencies["securityPolicy"]).toEqual([p.one(POLICY).urn]);
        expect(backend.propertyDependencies["backends"]).toEqual([p.one(NEG).urn]);
        expect(p.inputs(SSL_POLICY)).toMatchObject({ minTlsVersion: "TLS_1_2", profile: "RESTRICTED" });
        expect(p.inputs(CERT)).toMatchObject({ type: "MANAGED", managed: { domains: ["api.techmate.ai"] } });
        const proxy = p.one(HTTPS_PROXY);
        expect(proxy.propertyDependencies["sslPolicy"]).toEqual([p.one(SSL_POLICY).urn]);
        expect(proxy.propertyDependencies["sslCertificates"]).toEqual([p.one(CERT).urn]);
        const https = p.one(RULE, "https-rule");
        expect(https.inputs).toMatchObject({ portRange: "443", loadBalancingScheme: "EXTERNAL_MANAGED", ipProtocol: "TCP" });
        expect(https.propertyDependencies["target"]).toEqual([proxy.urn]);
    });

    it("redirects port 80 to HTTPS on the same address, unless httpsRedirect is false", async () => {
        const p = await edge();
        expect(p.inputs(URL_MAP, "redirect-map").defaultUrlRedirect).toMatchObject({ httpsRedirect: true });
        expect(p.inputs(RULE, "http-rule")).toMatchObject({ portRange: "80" });
        expect(p.one(RULE, "http-rule").propertyDependencies["ipAddress"]).toEqual(
            p.one(RULE, "https-rule").propertyDependencies["ipAddress"],
        );
        const q = await edge({ httpsRedirect: false });
        expect(q.ofType(RULE).map((r) => r.name)).toEqual(["edge-https-rule"]);
    });

    it("offers TLS 1.3 only with the RESTRICTED profile", async () => {
        const p = await edge({ minTlsVersion: "TLS_1_3" });
        expect(p.inputs(SSL_POLICY)).toMatchObject({ minTlsVersion: "TLS_1_3", profile: "RESTRICTED" });
    });

    it("keeps its child names (suffixes are forever)", async () => {
        const p = await edge();
        expect(
            p.resources
                .filter((r) => r.type.startsWith("gcp:"))
                .map((r) => r.name)
                .sort(),
        ).toEqual(
            [
                "edge-address",
                "edge-backend",
                "edge-cert",
                "edge-http-proxy",
                "edge-http-rule",
                "edge-https-proxy",
                "edge-https-rule",
                "edge-neg",
                "edge-policy",
                "edge-redirect-map",
                "edge-tls",
                "edge-url-map",
            ].sort(),
        );
    });
});

describe("GcpApiEdge in front of a GcpCloudRunService", () => {
    it("fronts a service with ingress INTERNAL_LOAD_BALANCER, whose run.app URL then refuses direct requests", async () => {
        const p = await plan(
            () => {
                const api = new GcpCloudRunService("api", {
                    image: IMAGE,
                    public: true,
                    ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
                });
                new GcpApiEdge("edge", { service: api, domain: "api.techmate.ai" });
            },
            { config },
        );
        expect(p.inputs(SERVICE).ingress).toBe("INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER");
        expect(p.one(NEG).propertyDependencies["cloudRun"]).toEqual([p.one(SERVICE).urn]);
    });

    it("refuses a service the internet reaches directly, before anything registers", async () => {
        const { error, plan: p } = await planRejected(
            () => {
                const api = new GcpCloudRunService("api", { image: IMAGE, public: true });
                new GcpApiEdge("edge", { service: api, domain: "api.techmate.ai" });
            },
            { config },
        );
        expect(String(error)).toMatch(/GcpApiEdge "edge": `service` has ingress INGRESS_TRAFFIC_ALL.*bypass the rate limits/);
        expect(p.resources.filter((r) => r.type.startsWith("gcp:compute/"))).toEqual([]);
    });

    it("refuses a Cloud Run domain mapping on a service behind the load balancer", async () => {
        const { error } = await planRejected(
            () =>
                new GcpCloudRunService("api", {
                    image: IMAGE,
                    domain: "api.techmate.ai",
                    ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
                }),
            { config },
        );
        expect(String(error)).toMatch(/`domain` is set on a service with ingress INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER.*GcpApiEdge/);
    });
});

describe("GcpApiEdge refuses what the provider or Cloud Armor would reject, before any resource registers", () => {
    const cases: [Partial<GcpApiEdgeArgs>, RegExp][] = [
        [{ userRateLimit: { requests: 0 } }, /`userRateLimit.requests` is 0; allowed: an integer from 1 to 1000000/],
        [{ userRateLimit: { requests: 1_000_001 } }, /`userRateLimit.requests` is 1000001/],
        [
            { userRateLimit: { requests: 100, intervalSeconds: 45 as 60 } },
            /`userRateLimit.intervalSeconds` is 45; allowed: one of 10, 30, 60, 120, 180, 240, 300, 600, 900, 1200, 1800, 2700, 3600/,
        ],
        [{ ipRateLimit: { requests: 10.5 } }, /`ipRateLimit.requests` is 10.5/],
        [
            { userRateLimit: { requests: 100, header: "Bad Header" } },
            /`userRateLimit.header` is "Bad Header"; allowed: an HTTP header name/,
        ],
        [{ userRateLimit: { requests: 100, header: "x'])||true||has(request.headers['y" } }, /`userRateLimit.header`/],
        [{ exceedStatus: 418 as 429 }, /`exceedStatus` is 418; allowed: 429, 403, 404, 502/],
        [{ minTlsVersion: "TLS_1_3", sslProfile: "MODERN" }, /`sslProfile` is MODERN with minTlsVersion TLS_1_3/],
        [{ minTlsVersion: "TLS_1_0" as "TLS_1_2" }, /`minTlsVersion` is "TLS_1_0"; allowed: TLS_1_2, TLS_1_3/],
        [{ domain: "API.TechMate.ai" }, /`domain` is "API.TechMate.ai"/],
        [{ logSampleRate: 2 }, /`logSampleRate` is 2/],
        [{ service: { ...BEHIND_LB, ingress: "INGRESS_TRAFFIC_INTERNAL_ONLY" } }, /`service` has ingress INGRESS_TRAFFIC_INTERNAL_ONLY/],
    ];
    for (const [args, pattern] of cases) {
        it(`${JSON.stringify(args)}`, async () => {
            const { error, plan: p } = await planRejected(
                () => new GcpApiEdge("edge", { service: BEHIND_LB, domain: "api.techmate.ai", ...args }),
                {
                    config,
                },
            );
            expect(error).toBeInstanceOf(Error);
            expect((error as Error).name).toBe("InvalidArgumentError");
            expect((error as Error).message).toMatch(/^GcpApiEdge "edge": /);
            expect((error as Error).message).toMatch(pattern);
            expect(p.resources.filter((r) => !r.type.startsWith("pulumi:"))).toEqual([]);
        });
    }

    it("accepts a directly reachable service with allowDirectIngress (while moving traffic)", async () => {
        const p = await edge({ service: { ...BEHIND_LB, ingress: "INGRESS_TRAFFIC_ALL" }, allowDirectIngress: true });
        expect(p.ofType(POLICY)).toHaveLength(1);
    });
});
