// Edge protection: public entry points sit behind AWS WAF (InteliFeed and CharterFlow: WAF; AIOS: rate limiting
// enforced in production), and the web ACL rate-limits each client (AIOS: 100 requests/min per IP).

import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { AWS, LOAD_BALANCER_TYPES } from "./resource-types";
import {
    configSchema,
    get,
    isRecord,
    isUnknown,
    judgeEach,
    label,
    ofType,
    parseJsonDocument,
    readArray,
    readBoolean,
    readConfig,
    readNumber,
    readString,
    referenced,
    referrers,
    reportOn,
    safe,
} from "./util";

// ---------------------------------------------------------------------------------------------------------
// edge-waf-required
// ---------------------------------------------------------------------------------------------------------

export const wafRequiredSchema = configSchema<{ requireWaf: boolean }>({
    requireWaf: {
        type: "boolean",
        default: true,
        description:
            "Require a WAFv2 web ACL in front of every CloudFront distribution (webAclId, scope CLOUDFRONT) and every " +
            "internet-facing application load balancer (WebAclAssociation). Production only in the shipped configs.",
    },
});

export const edgeWafRequired: StackValidationPolicy = {
    name: "edge-waf-required",
    description:
        "Every CloudFront distribution and internet-facing application load balancer is protected by a WAFv2 web ACL of the right scope.",
    configSchema: wafRequiredSchema,
    validateStack: (args, report) => {
        if (!readConfig(args, wafRequiredSchema).requireWaf) {
            return;
        }
        const acls = ofType(args.resources, [AWS.wafWebAcl]);

        judgeEach(ofType(args.resources, [AWS.cloudfrontDistribution]), (dist) => {
            if (isUnknown(() => dist.props["webAclId"]) && (dist.propertyDependencies["webAclId"]?.length ?? 0) === 0) {
                return; // known on `pulumi up`
            }
            const value = safe(() => readString(dist.props, "webAclId"));
            const acl = referenced(dist, "webAclId", acls, { keys: ["arn", "id"] })[0];
            if (acl === undefined && value === undefined) {
                reportOn(
                    report,
                    dist,
                    `${label(dist)} has no web ACL: nothing rate-limits or filters requests before they reach the origin. ` +
                        `Fix: create an aws.wafv2.WebAcl with scope "CLOUDFRONT" (in us-east-1) and a rate-based rule, and set webAclId to its arn.`,
                );
            } else if (acl !== undefined && readString(acl.props, "scope") !== "CLOUDFRONT") {
                reportOn(report, dist, `${label(dist)} points at web ACL '${acl.name}' of scope ${readString(acl.props, "scope") ?? "unset"}; CloudFront needs scope "CLOUDFRONT" (created in us-east-1).`);
            } else if (acl === undefined && value !== undefined && !value.startsWith("arn:aws:wafv2:")) {
                reportOn(report, dist, `${label(dist)} webAclId '${value}' is not a WAFv2 web ACL ARN (WAF Classic ids are retired). Fix: set webAclId to an aws.wafv2.WebAcl arn.`);
            }
            // An ARN of a web ACL outside this stack is accepted: its rules are not visible here.
        });

        const associations = ofType(args.resources, [AWS.wafWebAclAssociation]);
        judgeEach(ofType(args.resources, LOAD_BALANCER_TYPES), (lb) => {
            const internal = readBoolean(lb.props, "internal") === true;
            const type = readString(lb.props, "loadBalancerType") ?? "application";
            if (internal || type !== "application") {
                return;
            }
            if (referrers(associations, "resourceArn", lb, { keys: ["arn", "id"] }).length === 0) {
                reportOn(
                    report,
                    lb,
                    `${label(lb)} is an internet-facing application load balancer without a web ACL. Fix: add an aws.wafv2.WebAclAssociation ` +
                        `with resourceArn: <this load balancer>.arn and webAclArn: a REGIONAL aws.wafv2.WebAcl with a rate-based rule.`,
                );
            }
        });
    },
};

// ---------------------------------------------------------------------------------------------------------
// edge-waf-rate-limit
// ---------------------------------------------------------------------------------------------------------

export const wafRateLimitSchema = configSchema<{ requireRateLimit: boolean; maxRequestsPerMinute: number; allowCountAction: boolean }>({
    requireRateLimit: {
        type: "boolean",
        default: true,
        description: "Require a rate-based rule in every WAFv2 web ACL (AIOS: enforced in production, relaxed in staging, off in dev).",
    },
    maxRequestsPerMinute: {
        type: "number",
        minimum: 1,
        default: 100,
        description:
            "Highest accepted rate per client, in requests per minute: AIOS allows 100 requests/min per IP. The rule's limit is " +
            "counted per evaluationWindowSec (default 300 s), so 100/min is a limit of 500 per 5 minutes.",
    },
    allowCountAction: {
        type: "boolean",
        default: false,
        description: "Accept a rate-based rule whose action is count (observe only) instead of block, e.g. while tuning in staging.",
    },
});

interface RateRule {
    name: string;
    limit: number | undefined;
    windowSec: number;
    action: "block" | "count" | "other";
}

function actionOf(action: unknown, blockKey: string, countKey: string): RateRule["action"] {
    if (get(action, blockKey) !== undefined) {
        return "block";
    }
    return get(action, countKey) !== undefined ? "count" : "other";
}

/** Rate-based rules from `rules`, `ruleJson` (AWS API casing) and standalone WebAclRule resources. */
function rateRules(acl: PolicyResource, standalone: PolicyResource[]): RateRule[] {
    const fromRule = (rule: unknown): RateRule | undefined => {
        const rate = get(rule, "statement", "rateBasedStatement");
        if (!isRecord(rate)) {
            return undefined;
        }
        return {
            name: readString(rule, "name") ?? "?",
            limit: readNumber(rate, "limit"),
            windowSec: readNumber(rate, "evaluationWindowSec") ?? 300,
            action: actionOf(get(rule, "action"), "block", "count"),
        };
    };
    const fromJson = (rule: unknown): RateRule | undefined => {
        const rate = get(rule, "Statement", "RateBasedStatement");
        if (!isRecord(rate)) {
            return undefined;
        }
        return {
            name: readString(rule, "Name") ?? "?",
            limit: readNumber(rate, "Limit"),
            windowSec: readNumber(rate, "EvaluationWindowSec") ?? 300,
            action: actionOf(get(rule, "Action"), "Block", "Count"),
        };
    };
    const json = parseJsonDocument(safe(() => get(acl.props, "ruleJson")));
    return [
        ...readArray(acl.props, "rules").map(fromRule),
        ...(Array.isArray(json) ? json.map(fromJson) : []),
        ...standalone.map((r) => fromRule(r.props)),
    ].filter((r): r is RateRule => r !== undefined);
}

export const perMinute = (rule: { limit: number; windowSec: number }): number => (rule.limit * 60) / rule.windowSec;

export const edgeWafRateLimit: StackValidationPolicy = {
    name: "edge-waf-rate-limit",
    description: "Every WAFv2 web ACL has a rate-based rule that blocks a client above maxRequestsPerMinute.",
    configSchema: wafRateLimitSchema,
    validateStack: (args, report) => {
        const config = readConfig(args, wafRateLimitSchema);
        if (!config.requireRateLimit) {
            return;
        }
        const ruleResources = ofType(args.resources, [AWS.wafWebAclRule]);
        judgeEach(ofType(args.resources, [AWS.wafWebAcl]), (acl) => {
            const rules = rateRules(acl, referrers(ruleResources, "webAclArn", acl, { keys: ["arn", "id"] }));
            const fits = (r: RateRule): boolean =>
                r.limit !== undefined && perMinute({ limit: r.limit, windowSec: r.windowSec }) <= config.maxRequestsPerMinute && (r.action === "block" || (r.action === "count" && config.allowCountAction));
            if (rules.some(fits)) {
                return;
            }
            const expectedLimit = config.maxRequestsPerMinute * 5;
            const fix = `Fix: add a rule { statement: { rateBasedStatement: { limit: ${expectedLimit}, aggregateKeyType: "IP" } }, action: { block: {} } } (limit counted per 5 minutes).`;
            if (rules.length === 0) {
                reportOn(report, acl, `${label(acl)} has no rate-based rule, so one client can flood the API (allowed: ${config.maxRequestsPerMinute} requests/min). ${fix}`);
                return;
            }
            const details = rules
                .map((r) => `${r.name}: ${r.limit === undefined ? "limit unset" : `${r.limit} per ${r.windowSec} s = ${Math.round(perMinute({ limit: r.limit, windowSec: r.windowSec }))}/min`}, action ${r.action}`)
                .join("; ");
            reportOn(
                report,
                acl,
                `${label(acl)} has no rate-based rule that blocks above ${config.maxRequestsPerMinute} requests/min` +
                    `${config.allowCountAction ? " (count accepted)" : ""}: ${details}. ${fix}`,
            );
        });
    },
};

export const edgePolicies = [edgeWafRequired, edgeWafRateLimit];
