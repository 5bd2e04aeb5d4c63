import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../components/src/core";
import { AwsWaf, type AwsWafArgs, wafLimitPerHour } from "../../components/src/waf/aws";
import { type Plan, plan, planRejected } from "../support/plan";

const ACL = "aws:wafv2/webAcl:WebAcl";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration";

function waf(stack: string, args: Partial<AwsWafArgs> = {}): Promise<Plan> {
    return plan(() => new AwsWaf("edge", { scope: "REGIONAL", ...args }), { stack });
}

async function rejected(args: Partial<AwsWafArgs>, stack = "prod"): Promise<{ error: unknown; children: string[] }> {
    const { error, plan: p } = await planRejected(() => new AwsWaf("edge", { scope: "REGIONAL", ...args }), { stack });
    return { error, children: p.resources.filter((r) => r.type.startsWith("aws:")).map((r) => r.name) };
}

const rules = (p: Plan): any[] => p.inputs(ACL).rules;
const rule = (p: Plan, name: string): any => rules(p).find((r) => r.name === name);

describe("AwsWaf", () => {
    it("rate-limits each IP to 100 requests per 60 s by default, and takes a custom limit and window", async () => {
        const p = await waf("prod");
        expect(rule(p, "rate-limit-per-ip")).toMatchObject({
            priority: 0,
            action: { block: {} },
            statement: { rateBasedStatement: { limit: 100, evaluationWindowSec: 60, aggregateKeyType: "IP" } },
        });
        const custom = await waf("prod", { rateLimit: { limit: 2000, windowSeconds: 300 } });
        expect(rule(custom, "rate-limit-per-ip").statement.rateBasedStatement).toEqual({
            limit: 2000,
            evaluationWindowSec: 300,
            aggregateKeyType: "IP",
        });
        // The provider's floor (schemas.go rateBasedStatementSchema: IntBetween(100, 2000000000)), the lowest limit that deploys.
        expect((await waf("prod", { rateLimit: { limit: 100 } })).inputs(ACL).rules[0].statement.rateBasedStatement.limit).toBe(100);
    });

    it("counts in dev and blocks in staging and prod, on the rate rule and the managed groups; mode overrides", async () => {
        const modes: Record<string, { rate: unknown; groups: unknown[] }> = {};
        for (const stack of ["dev", "staging", "prod"]) {
            const p = await waf(stack);
            modes[stack] = {
                rate: rule(p, "rate-limit-per-ip").action,
                groups: rules(p)
                    .filter((r) => r.statement.managedRuleGroupStatement)
                    .map((r) => r.overrideAction),
            };
        }
        expect(modes["dev"]).toEqual({ rate: { count: {} }, groups: [{ count: {} }, { count: {} }, { count: {} }] });
        expect(modes["staging"]).toEqual({ rate: { block: {} }, groups: [{ none: {} }, { none: {} }, { none: {} }] });
        expect(modes["prod"]).toEqual(modes["staging"]);
        const counting = await waf("prod", { mode: "count" });
        expect(rule(counting, "rate-limit-per-ip").action).toEqual({ count: {} });
        expect(rule(counting, "AWSManagedRulesCommonRuleSet").overrideAction).toEqual({ count: {} });
        const blocking = await waf("dev", { mode: "block" });
        expect(rule(blocking, "rate-limit-per-ip").action).toEqual({ block: {} });
    });

    it("adds the three AWS managed groups with fixed priorities, whatever order or additions are given", async () => {
        const p = await waf("prod");
        const groups = rules(p)
            .filter((r) => r.statement.managedRuleGroupStatement)
            .map((r) => [r.statement.managedRuleGroupStatement.vendorName, r.statement.managedRuleGroupStatement.name, r.priority]);
        expect(groups).toEqual([
            ["AWS", "AWSManagedRulesAmazonIpReputationList", 10],
            ["AWS", "AWSManagedRulesKnownBadInputsRuleSet", 20],
            ["AWS", "AWSManagedRulesCommonRuleSet", 30],
        ]);
        const reordered = await waf("prod", {
            managedRuleGroups: ["AWSManagedRulesSQLiRuleSet", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesAmazonIpReputationList"],
        });
        expect(rules(reordered).map((r) => [r.name, r.priority])).toEqual([
            ["rate-limit-per-ip", 0],
            ["AWSManagedRulesAmazonIpReputationList", 10],
            ["AWSManagedRulesCommonRuleSet", 30],
            ["AWSManagedRulesSQLiRuleSet", 40],
        ]);
    });

    it("turns excluded rules of a group into count overrides", async () => {
        const p = await waf("prod", { excludedRules: { AWSManagedRulesCommonRuleSet: ["SizeRestrictions_BODY", "NoUserAgent_HEADER"] } });
        expect(rule(p, "AWSManagedRulesCommonRuleSet").statement.managedRuleGroupStatement.ruleActionOverrides).toEqual([
            { name: "SizeRestrictions_BODY", actionToUse: { count: {} } },
            { name: "NoUserAgent_HEADER", actionToUse: { count: {} } },
        ]);
        expect(rule(p, "AWSManagedRulesKnownBadInputsRuleSet").statement.managedRuleGroupStatement.ruleActionOverrides).toBeUndefined();
    });

    it("allows by default and has CloudWatch metrics and sampled requests on every rule and the ACL", async () => {
        const p = await waf("prod");
        const acl = p.inputs(ACL);
        expect(acl.defaultAction).toEqual({ allow: {} });
        expect(acl.scope).toBe("REGIONAL");
        expect(acl.visibilityConfig).toEqual({
            cloudwatchMetricsEnabled: true,
            sampledRequestsEnabled: true,
            metricName: "test-prod-edge",
        });
        for (const r of acl.rules)
            expect(r.visibilityConfig).toEqual({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: r.name });
        expect(acl.region).toBeUndefined();
    });

    it("logs to an aws-waf-logs- group with retention per environment, redacting authorization and cookie", async () => {
        const retention: Record<string, number> = {};
        for (const stack of ["dev", "staging", "prod"]) retention[stack] = (await waf(stack)).inputs(LOG_GROUP).retentionInDays;
        expect(retention).toEqual({ dev: 7, staging: 30, prod: 90 });

        const p = await waf("prod");
        const group = p.one(LOG_GROUP);
        expect(p.inputs(LOG_GROUP).name).toBe("aws-waf-logs-test-prod-edge");
        expect(p.inputs(LOG_GROUP).name.startsWith("aws-waf-logs-")).toBe(true);
        expect([group.protect, group.retainOnDelete]).toEqual([true, true]);
        const logging = p.inputs(LOGGING);
        expect(logging.logDestinationConfigs).toEqual([(group.outputs as any).arn]);
        expect(logging.resourceArn).toBe((p.one(ACL).outputs as any).arn);
        expect(logging.redactedFields).toEqual([{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }]);
        expect((await waf("prod", { logRetentionDays: 365 })).inputs(LOG_GROUP).retentionInDays).toBe(365);
    });

    it("creates every child in us-east-1 with CLOUDFRONT scope, and exposes the ARN and scope", async () => {
        let built: AwsWaf | undefined;
        const p = await plan(() => (built = new AwsWaf("edge", { scope: "CLOUDFRONT" })), {
            stack: "prod",
            region: "eu-west-1",
            config: { "aws:region": "eu-west-1" },
        });
        expect(p.inputs(ACL).scope).toBe("CLOUDFRONT");
        for (const type of [ACL, LOG_GROUP, LOGGING]) expect(p.inputs(type).region).toBe("us-east-1");
        expect(built?.scope).toBe("CLOUDFRONT");
        expect((p.one(ACL).outputs as any).arn).toMatch(/^arn:aws:wafv2:us-east-1:\d+:global\/webacl\//);
        const component = p.one("appstack:waf:AwsWaf");
        expect(p.one(ACL).parent).toBe(component.urn);
    });

    it("keeps stable child names", async () => {
        const p = await waf("prod");
        expect(p.names().filter((n) => n.startsWith("aws:"))).toEqual([
            "aws:cloudwatch/logGroup:LogGroup::edge-logs",
            "aws:wafv2/webAcl:WebAcl::edge-acl",
            "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration::edge-logging",
        ]);
        expect(p.inputs(ACL).name).toBe("test-prod-edge");
    });

    it("applies transforms", async () => {
        const p = await waf("prod", { transform: { webAcl: { description: "mine" }, logGroup: (a) => void (a.retentionInDays = 1) } });
        expect(p.inputs(ACL).description).toBe("mine");
        expect(p.inputs(LOG_GROUP).retentionInDays).toBe(1);
    });

    it("rejects bad arguments before registering any resource", async () => {
        const cases: [Partial<AwsWafArgs>, RegExp][] = [
            [{ rateLimit: { limit: 99 } }, /rateLimit\.limit.*99.*from 100/],
            [{ rateLimit: { limit: 100.5 } }, /rateLimit\.limit/],
            [{ rateLimit: { limit: 100, windowSeconds: 30 as never } }, /rateLimit\.windowSeconds.*60, 120, 300, 600/],
            [{ scope: "GLOBAL" as never }, /scope/],
            [{ mode: "monitor" as never }, /mode/],
            [{ managedRuleGroups: ["AWSManagedRulesBotControlRuleSet" as never] }, /managedRuleGroups/],
            [{ excludedRules: { AWSManagedRulesSQLiRuleSet: ["SQLi_BODY"] } }, /excludedRules\.AWSManagedRulesSQLiRuleSet/],
            [{ logRetentionDays: 10 }, /logRetentionDays/],
        ];
        for (const [args, message] of cases) {
            const { error, children } = await rejected(args);
            expect(error, JSON.stringify(args)).toBeInstanceOf(InvalidArgumentError);
            expect((error as Error).message).toMatch(message);
            expect(children).toEqual([]);
        }
    });
});

// Per-user rate rules (issue 12 item 5). The values are checked against the provider's validators in
// hashicorp/terraform-provider-aws internal/service/wafv2/schemas.go, rateBasedStatementSchema: custom_key
// MinItems 1 / MaxItems 5, header and cookie `name` StringLenBetween(1, 64), label_namespace `^[0-9A-Za-z_\-:]+$`,
// evaluation_window_sec IntInSlice(60, 120, 300, 600), limit IntBetween(100, 2000000000) (pulumi/pulumi-aws#5841).
describe("AwsWaf per-user rate limits", () => {
    it("keys a rate rule by a header (CUSTOM_KEYS), scoped to a path, after the per-IP rule", async () => {
        const p = await waf("prod", {
            userRateLimits: [{ name: "per-user", limit: 100, windowSeconds: 60, keys: [{ header: "Authorization" }], pathPrefix: "/api/" }],
        });
        expect(rules(p).map((r) => [r.name, r.priority])).toEqual([
            ["rate-limit-per-ip", 0],
            ["rate-limit-per-user", 1],
            ["AWSManagedRulesAmazonIpReputationList", 10],
            ["AWSManagedRulesKnownBadInputsRuleSet", 20],
            ["AWSManagedRulesCommonRuleSet", 30],
        ]);
        expect(rule(p, "rate-limit-per-user")).toMatchObject({
            action: { block: {} },
            statement: {
                rateBasedStatement: {
                    limit: 100,
                    evaluationWindowSec: 60,
                    aggregateKeyType: "CUSTOM_KEYS",
                    customKeys: [{ header: { name: "authorization", textTransformations: [{ priority: 0, type: "NONE" }] } }],
                    scopeDownStatement: {
                        byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: "STARTS_WITH", searchString: "/api/" },
                    },
                },
            },
            visibilityConfig: { metricName: "rate-limit-per-user", cloudwatchMetricsEnabled: true },
        });
        expect(
            rule(await waf("dev", { userRateLimits: [{ name: "u", limit: 100, keys: [{ cookie: "sb-access-token" }] }] }), "rate-limit-u")
                .action,
        ).toEqual({ count: {} });
    });

    it("expresses an hourly limit over WAF's 600 s window, and refuses one below the provider's minimum", () => {
        // CoachMeld's API limiter: 1000 an hour is the same sustained rate as 167 per 600 s.
        expect(wafLimitPerHour(1000)).toEqual({ limit: 167, windowSeconds: 600 });
        expect(wafLimitPerHour(600)).toEqual({ limit: 100, windowSeconds: 600 });
        // CoachMeld's AI limiter, 100 an hour, is 17 per 600 s: below 100, so WAF cannot express it.
        expect(() => wafLimitPerHour(100)).toThrow(InvalidArgumentError);
        expect(() => wafLimitPerHour(100)).toThrow(/at least 600 an hour/);
    });

    it("has no per-IP rule with rateLimit false (no stand-in on a CDN of static assets)", async () => {
        const p = await waf("prod", { scope: "CLOUDFRONT", rateLimit: false });
        expect(rules(p).filter((r) => r.statement.rateBasedStatement)).toEqual([]);
        expect(p.inputs(ACL).description).toBe("edge prod: no rate limit and AWS managed rules");
        expect((await waf("prod")).inputs(ACL).description).toBe("edge prod: per-IP rate limit and AWS managed rules");
    });

    it("rejects a window WAF does not support, a limit below 100 and bad keys before registering any resource", async () => {
        const cases: [Partial<AwsWafArgs>, RegExp][] = [
            [
                { userRateLimits: [{ name: "ai", limit: 100, windowSeconds: 3600 as 600, keys: [{ header: "authorization" }] }] },
                /userRateLimits\[0\]\.windowSeconds.*3600.*60, 120, 300, 600/,
            ],
            [
                { userRateLimits: [{ name: "ai", limit: 17, windowSeconds: 600, keys: [{ header: "authorization" }] }] },
                /userRateLimits\[0\]\.limit.*17.*from 100/,
            ],
            [{ userRateLimits: [{ name: "ai", limit: 100, keys: [] }] }, /userRateLimits\[0\]\.keys.*0 keys/],
            [{ userRateLimits: [{ name: "ai", limit: 100, keys: [{ header: "x".repeat(65) }] }] }, /userRateLimits\[0\]\.keys\[0\]/],
            [{ userRateLimits: [{ name: "ai", limit: 100, keys: [{ labelNamespace: "no colon" }] }] }, /keys\[0\].*label namespace/],
            [{ userRateLimits: [{ name: "Per User", limit: 100, keys: [{ header: "x-user-id" }] }] }, /userRateLimits\[0\]\.name/],
            [{ userRateLimits: [{ name: "per-ip", limit: 100, keys: [{ header: "x-user-id" }] }] }, /userRateLimits\[0\]\.name.*repeats/],
            [{ userRateLimits: [{ name: "ai", limit: 100, keys: [{ header: "x-user-id" }], pathPrefix: "api" }] }, /pathPrefix/],
        ];
        for (const [args, message] of cases) {
            const { error, children } = await rejected(args);
            expect(error).toBeInstanceOf(InvalidArgumentError);
            expect(String(error)).toMatch(message);
            expect(children).toEqual([]);
        }
    });
});
