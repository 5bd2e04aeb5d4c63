import { describe, expect, it } from "vitest";
import { perMinute } from "../../policies/rules/edge";
import { UNKNOWN_STRING, urn, validateStack } from "./harness";

const CF = "aws:cloudfront/distribution:Distribution";
const ACL = "aws:wafv2/webAcl:WebAcl";
const ASSOC = "aws:wafv2/webAclAssociation:WebAclAssociation";
const LB = "aws:lb/loadBalancer:LoadBalancer";

describe("edge-waf-required", () => {
    const run = (resources: Parameters<typeof validateStack>[1], config = {}) => validateStack("edge-waf-required", resources, config);
    const cfAcl = { type: ACL, name: "cf-acl", props: { scope: "CLOUDFRONT", arn: "arn:aws:wafv2:us-east-1:1:global/webacl/cf/abc" } };
    const regionalAcl = {
        type: ACL,
        name: "api-acl",
        props: { scope: "REGIONAL", arn: "arn:aws:wafv2:us-east-1:1:regional/webacl/api/def" },
    };

    it("accepts a distribution with a CLOUDFRONT web ACL and an ALB with an association", async () => {
        expect(
            await run([
                cfAcl,
                regionalAcl,
                { type: CF, name: "cdn", props: { webAclId: UNKNOWN_STRING }, propertyDependencies: { webAclId: ["cf-acl"] } },
                {
                    type: LB,
                    name: "alb",
                    props: {
                        internal: false,
                        loadBalancerType: "application",
                        arn: "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/alb/1",
                    },
                },
                {
                    type: ASSOC,
                    name: "assoc",
                    props: {
                        resourceArn: "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/alb/1",
                        webAclArn: regionalAcl.props.arn,
                    },
                },
            ]),
        ).toEqual([]);
    });
    it("rejects a distribution without web ACL or with a REGIONAL one, and an unprotected public ALB", async () => {
        const v = await run([
            regionalAcl,
            { type: CF, name: "bare", props: {} },
            { type: CF, name: "wrong", props: { webAclId: regionalAcl.props.arn } },
            { type: LB, name: "alb", props: {} },
        ]);
        expect(v.map((x) => x.urn)).toEqual([urn(CF, "bare"), urn(CF, "wrong"), urn(LB, "alb")]);
        expect(v[0].message).toMatch(/no web ACL.*scope "CLOUDFRONT"/);
        expect(v[1].message).toMatch(/scope REGIONAL/);
        expect(v[2].message).toMatch(/WebAclAssociation/);
    });
    it("skips internal and network load balancers, and is off without requireWaf", async () => {
        expect(
            await run([
                { type: LB, name: "int", props: { internal: true } },
                { type: LB, name: "nlb", props: { loadBalancerType: "network" } },
            ]),
        ).toEqual([]);
        expect(await run([{ type: CF, name: "bare", props: {} }], { requireWaf: false })).toEqual([]);
    });
});

describe("edge-waf-rate-limit", () => {
    const run = (resources: Parameters<typeof validateStack>[1], config = {}) => validateStack("edge-waf-rate-limit", resources, config);
    const rule = (limit: number, action: Record<string, unknown>, evaluationWindowSec?: number) => ({
        name: "rate",
        priority: 1,
        statement: { rateBasedStatement: { limit, aggregateKeyType: "IP", evaluationWindowSec } },
        action,
    });
    const acl = (rules: unknown[]) => ({ type: ACL, name: "acl", props: { scope: "REGIONAL", rules } });

    it("converts limits per window to per minute", () => {
        expect(perMinute({ limit: 500, windowSec: 300 })).toBe(100);
        expect(perMinute({ limit: 100, windowSec: 60 })).toBe(100);
    });
    it("accepts a blocking rate rule at 100/min per IP (AIOS)", async () => {
        expect(await run([acl([rule(500, { block: {} })])])).toEqual([]);
        expect(await run([acl([rule(100, { block: {} }, 60)])])).toEqual([]);
    });
    it("rejects no rate rule, too high a limit, or count", async () => {
        expect((await run([acl([])]))[0].message).toMatch(/no rate-based rule.*limit: 500/);
        expect((await run([acl([rule(2000, { block: {} })])]))[0].message).toMatch(/2000 per 300 s = 400\/min/);
        expect(await run([acl([rule(500, { count: {} })])])).toHaveLength(1);
    });
    it("follows config: relaxed staging limit, count allowed, off in dev", async () => {
        expect(await run([acl([rule(2000, { block: {} })])], { maxRequestsPerMinute: 500 })).toEqual([]);
        expect(await run([acl([rule(500, { count: {} })])], { allowCountAction: true })).toEqual([]);
        expect(await run([acl([])], { requireRateLimit: false })).toEqual([]);
    });
    it("reads ruleJson and standalone WebAclRule resources", async () => {
        const ruleJson = JSON.stringify([
            { Name: "rate", Priority: 1, Statement: { RateBasedStatement: { Limit: 500, AggregateKeyType: "IP" } }, Action: { Block: {} } },
        ]);
        expect(await run([{ type: ACL, name: "acl", props: { ruleJson } }])).toEqual([]);
        expect(
            await run([
                { type: ACL, name: "acl", props: { arn: "arn:aws:wafv2:us-east-1:1:regional/webacl/a/1" } },
                {
                    type: "aws:wafv2/webAclRule:WebAclRule",
                    name: "r",
                    props: { webAclArn: UNKNOWN_STRING, ...rule(500, { block: {} }) },
                    propertyDependencies: { webAclArn: ["acl"] },
                },
            ]),
        ).toEqual([]);
    });
});
