import { describe, expect, it } from "vitest";
import { CLOUDFLARE } from "../../policies/rules/resource-types";
import { type FakeResource, UNKNOWN_STRING, urn, validateStack } from "./harness";

const ZONE = "0123456789abcdef0123456789abcdef";
const setting = (id: string, value: unknown, zoneId = ZONE): FakeResource => ({
    type: CLOUDFLARE.zoneSetting,
    name: `edge-setting-${id}-${zoneId.slice(0, 4)}`,
    props: { zoneId, settingId: id, value },
});
/** The zone settings CloudflareEdge writes. */
const compliantSettings = (zoneId = ZONE) => [
    setting("ssl", "strict", zoneId),
    setting("min_tls_version", "1.2", zoneId),
    setting("tls_1_3", "on", zoneId),
    setting("always_use_https", "on", zoneId),
];

function ruleset(name: string, phase: string, rules: unknown[], zoneId = ZONE): FakeResource {
    return { type: CLOUDFLARE.ruleset, name, props: { zoneId, kind: "zone", phase, name, rules } };
}
const managed = (enabled = true) =>
    ruleset("edge-waf-managed", "http_request_firewall_managed", [
        {
            ref: "cloudflare-managed",
            expression: "true",
            action: "execute",
            enabled,
            actionParameters: { id: "efb7b8c949ac4650a09736fc376e9aee" },
        },
    ]);
const rateLimit = (action = "block") =>
    ruleset("edge-rate-limit", "http_ratelimit", [
        {
            ref: "per-ip",
            expression: "true",
            action,
            enabled: true,
            ratelimit: { characteristics: ["cf.colo.id", "ip.src"], period: 60, requestsPerPeriod: 100, mitigationTimeout: 600 },
        },
    ]);

describe("encryption-in-transit-cloudflare-zone", () => {
    const run = (resources: FakeResource[], config = {}) => validateStack("encryption-in-transit-cloudflare-zone", resources, config);

    it("accepts ssl strict, TLS 1.2 minimum and always_use_https on", async () => {
        expect(await run(compliantSettings())).toEqual([]);
        expect(await run([setting("ssl", "strict"), setting("min_tls_version", "1.3"), setting("always_use_https", "on")])).toEqual([]);
    });
    it("rejects TLS 1.0/1.1, ssl flexible/full and always_use_https off, on the offending setting", async () => {
        const v = await run([setting("ssl", "flexible"), setting("min_tls_version", "1.0"), setting("always_use_https", "off")]);
        expect(v.map((x) => x.message)).toEqual([
            expect.stringMatching(/accepts TLS 1\.0; the minimum is 1\.2/),
            expect.stringMatching(/ssl "flexible"; allowed: strict/),
            expect.stringMatching(/serves plain http:\/\/ \(always_use_https off\)/),
        ]);
        expect(v[1].urn).toBe(urn(CLOUDFLARE.zoneSetting, `edge-setting-ssl-${ZONE.slice(0, 4)}`));
    });
    it("rejects a zone that has settings but leaves one of the three at Cloudflare's default", async () => {
        const v = await run([setting("tls_1_3", "on")]);
        expect(v).toHaveLength(3);
        expect(v[0].message).toMatch(/does not set min_tls_version.*TLS 1\.0/);
    });
    it("accepts ssl full when configured (dev), judges zones separately, ignores unknown zone ids", async () => {
        expect(
            await run([setting("ssl", "full"), setting("min_tls_version", "1.2"), setting("always_use_https", "on")], {
                allowedSslModes: ["strict", "full"],
            }),
        ).toEqual([]);
        const other = "fedcba9876543210fedcba9876543210";
        expect(await run([...compliantSettings(), setting("ssl", "off", other)])).toHaveLength(3);
        expect(await run([setting("ssl", "off", UNKNOWN_STRING)])).toEqual([]);
    });
});

describe("edge-cloudflare-waf", () => {
    const run = (resources: FakeResource[], config = {}) => validateStack("edge-cloudflare-waf", resources, config);

    it("accepts a zone with a managed WAF ruleset and a blocking rate-limit ruleset (as CloudflareEdge creates them)", async () => {
        expect(await run([...compliantSettings(), managed(), rateLimit()])).toEqual([]);
    });
    it("rejects a zone without either ruleset, once per missing phase", async () => {
        const v = await run(compliantSettings());
        expect(v.map((x) => x.message)).toEqual([
            expect.stringMatching(/no enabled managed WAF rules.*http_request_firewall_managed/),
            expect.stringMatching(/no enabled rate-limit rule.*http_ratelimit/),
        ]);
    });
    it("rejects disabled managed rules and log-only rate limits unless acceptLogAction", async () => {
        expect(await run([...compliantSettings(), managed(false), rateLimit()])).toHaveLength(1);
        expect((await run([...compliantSettings(), managed(), rateLimit("log")]))[0].message).toMatch(/only rate-limit rules that log/);
        expect(await run([...compliantSettings(), managed(), rateLimit("log")], { acceptLogAction: true })).toEqual([]);
    });
    it("is off with requireRulesets false (dev, staging)", async () => {
        expect(await run(compliantSettings(), { requireRulesets: false })).toEqual([]);
    });
});
