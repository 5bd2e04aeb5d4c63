import { describe, expect, it } from "vitest";
import { type CostItem, estimateMonthlyCost, type PricedResource } from "@appstack/cost";
import { GCP_EDGE_PRICES } from "@appstack/cost/gcp-edge";

/*
 * Prices (read 2026-12-07): https://cloud.google.com/load-balancing/pricing ("First 5 forwarding rules $0.025 / 1 hour",
 * "Per additional forwarding rule $0.01 / 1 hour", inbound and outbound data processed $0.008 / GiB);
 * https://cloud.google.com/armor/pricing (Standard: $5 per policy-month, $1 per rule-month, $0.75 per million requests
 * for a global policy), as quoted in public repositories (the page itself was not among the stored pages).
 */

const FR = "gcp:compute/globalForwardingRule:GlobalForwardingRule";
const res = (type: string, name: string, props: Record<string, unknown> = {}): PricedResource => ({
    urn: `urn:pulumi:prod::test::${type}::${name}`,
    type,
    name,
    props,
});
const item = (resources: PricedResource[], name: string): CostItem => {
    const e = estimateMonthlyCost(resources, { region: "us-east-1" });
    const found = e.items.find((i) => i.name === name);
    if (!found) throw new Error(`no item ${name}; unpriced: ${e.unpriced.map((u) => `${u.name} (${u.reason ?? ""})`).join(", ")}`);
    return found;
};

describe("Cloud Load Balancing and Cloud Armor (GcpApiEdge)", () => {
    it("charges the first 5 global forwarding rules $0.025 an hour together, each one beyond $0.01", () => {
        const rules = Array.from({ length: 6 }, (_, i) => res(FR, `rule-${i}`, { portRange: "443" }));
        expect(item(rules, "rule-0").monthlyUsd).toBeCloseTo(730 * 0.025, 2); // $18.25
        for (const name of ["rule-1", "rule-2", "rule-3", "rule-4"]) expect(item(rules, name).monthlyUsd).toBe(0);
        expect(item(rules, "rule-5").monthlyUsd).toBeCloseTo(730 * 0.01, 2);
    });

    it("prices the policy, each rule (the default one included) and the requests it evaluates", () => {
        const policy = res("gcp:compute/securityPolicy:SecurityPolicy", "policy", { type: "CLOUD_ARMOR", rules: [{}, {}, {}] });
        // 1 M requests (the Cloud Run request assumption): $5 + 3 × $1 + $0.75.
        expect(item([policy], "policy").monthlyUsd).toBeCloseTo(8.75, 2);
    });

    it("prices the data an external backend service's load balancer processes", () => {
        const backend = res("gcp:compute/backendService:BackendService", "backend", { loadBalancingScheme: "EXTERNAL_MANAGED" });
        expect(item([backend], "backend").monthlyUsd).toBeCloseTo(10 * 0.008, 2);
        expect(GCP_EDGE_PRICES["lb.dataProcessed"]).toMatchObject({
            usd: 0.008,
            source: "https://cloud.google.com/load-balancing/pricing",
        });
    });

    it("lists the proxies, URL maps, certificate, SSL policy, NEG and address at $0 with the reason, not as unpriced", () => {
        const types = [
            "gcp:compute/uRLMap:URLMap",
            "gcp:compute/targetHttpsProxy:TargetHttpsProxy",
            "gcp:compute/targetHttpProxy:TargetHttpProxy",
            "gcp:compute/sSLPolicy:SSLPolicy",
            "gcp:compute/managedSslCertificate:ManagedSslCertificate",
            "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup",
            "gcp:compute/globalAddress:GlobalAddress",
        ];
        const resources = types.map((t, i) => res(t, `r${i}`));
        const e = estimateMonthlyCost(resources, { region: "us-east-1" });
        expect(e.unpriced).toEqual([]);
        expect(e.items.map((i) => i.monthlyUsd)).toEqual(types.map(() => 0));
        expect(e.items.every((i) => i.basis.startsWith("no charge"))).toBe(true);
    });
});
