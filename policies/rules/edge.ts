// Edge protection: public entry points sit behind AWS WAF (InteliFeed and CharterFlow: WAF; AIOS: rate limiting
// enforced in production), and the web ACL rate-limits each client (AIOS: 100 requests/min per IP).

import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { AWS, CLOUDFLARE, GCP, LOAD_BALANCER_TYPES, VERCEL } from "./resource-types";
import {
    configSchema,
    get,
    isRecord,
    isUnknownInPreview,
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
        "Every CloudFront distribution, internet-facing application load balancer and public API Gateway REST stage is protected by a WAFv2 " +
        "web ACL of the right scope; Lambda function URLs are not public (authorizationType AWS_IAM); external Google Cloud backend services " +
        "have a Cloud Armor policy.",
    configSchema: wafRequiredSchema,
    validateStack: (args, report) => {
        if (!readConfig(args, wafRequiredSchema).requireWaf) {
            return;
        }
        const acls = ofType(args.resources, [AWS.wafWebAcl]);

        judgeEach(ofType(args.resources, [AWS.cloudfrontDistribution]), (dist) => {
            if (isUnknownInPreview(() => dist.props["webAclId"]) && (dist.propertyDependencies["webAclId"]?.length ?? 0) === 0) {
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
                reportOn(
                    report,
                    dist,
                    `${label(dist)} points at web ACL '${acl.name}' of scope ${readString(acl.props, "scope") ?? "unset"}; CloudFront needs scope "CLOUDFRONT" (created in us-east-1).`,
                );
            } else if (acl === undefined && value !== undefined && !value.startsWith("arn:aws:wafv2:")) {
                reportOn(
                    report,
                    dist,
                    `${label(dist)} webAclId '${value}' is not a WAFv2 web ACL ARN (WAF Classic ids are retired). Fix: set webAclId to an aws.wafv2.WebAcl arn.`,
                );
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

        // API Gateway REST stages take a REGIONAL web ACL (WebAclAssociation with the stage's arn); private APIs are not public.
        const restApis = ofType(args.resources, ["aws:apigateway/restApi:RestApi"]);
        judgeEach(ofType(args.resources, [AWS.apiGatewayStage]), (stage) => {
            const api = referenced(stage, "restApi", restApis, { keys: ["id"] })[0];
            const types = api === undefined ? [] : readArray(api.props, "endpointConfiguration", "types");
            if (types.includes("PRIVATE")) {
                return;
            }
            if (referrers(associations, "resourceArn", stage, { keys: ["arn"] }).length === 0) {
                reportOn(
                    report,
                    stage,
                    `${label(stage)} is a public API Gateway stage without a web ACL. Fix: add an aws.wafv2.WebAclAssociation with resourceArn: ` +
                        `<this stage>.arn and webAclArn: a REGIONAL aws.wafv2.WebAcl with a rate-based rule.`,
                );
            }
        });

        // Lambda function URLs cannot take a web ACL: with authorizationType NONE anyone can invoke them directly.
        judgeEach(ofType(args.resources, [AWS.lambdaFunctionUrl]), (url) => {
            if (readString(url.props, "authorizationType") === "NONE") {
                reportOn(
                    report,
                    url,
                    `${label(url)} is a public Lambda function URL (authorizationType NONE): no WAF can sit in front of it. Fix: set ` +
                        `authorizationType: "AWS_IAM" and serve it through CloudFront (origin access control for Lambda) with a web ACL, or use API Gateway.`,
                );
            }
        });

        // Google Cloud external HTTP(S) load balancers: Cloud Armor is the WAF (backendService.securityPolicy).
        judgeEach(ofType(args.resources, ["gcp:compute/backendService:BackendService"]), (backend) => {
            const scheme = readString(backend.props, "loadBalancingScheme") ?? "EXTERNAL";
            const armored =
                safe(() => readString(backend.props, "securityPolicy")) !== undefined ||
                (backend.propertyDependencies["securityPolicy"]?.length ?? 0) > 0;
            if (scheme.startsWith("EXTERNAL") && !armored) {
                reportOn(
                    report,
                    backend,
                    `${label(backend)} serves an external load balancer without a Cloud Armor policy. Fix: set securityPolicy to a ` +
                        `gcp.compute.SecurityPolicy with a rate-based rule (and the preconfigured WAF rules).`,
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
                r.limit !== undefined &&
                perMinute({ limit: r.limit, windowSec: r.windowSec }) <= config.maxRequestsPerMinute &&
                (r.action === "block" || (r.action === "count" && config.allowCountAction));
            if (rules.some(fits)) {
                return;
            }
            const expectedLimit = config.maxRequestsPerMinute * 5;
            const fix = `Fix: add a rule { statement: { rateBasedStatement: { limit: ${expectedLimit}, aggregateKeyType: "IP" } }, action: { block: {} } } (limit counted per 5 minutes).`;
            if (rules.length === 0) {
                reportOn(
                    report,
                    acl,
                    `${label(acl)} has no rate-based rule, so one client can flood the API (allowed: ${config.maxRequestsPerMinute} requests/min). ${fix}`,
                );
                return;
            }
            const details = rules
                .map(
                    (r) =>
                        `${r.name}: ${r.limit === undefined ? "limit unset" : `${r.limit} per ${r.windowSec} s = ${Math.round(perMinute({ limit: r.limit, windowSec: r.windowSec }))}/min`}, action ${r.action}`,
                )
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

// ---------------------------------------------------------------------------------------------------------
// edge-vercel-firewall (stack)
// ---------------------------------------------------------------------------------------------------------

export const vercelFirewallSchema = configSchema<{ requireRateLimit: boolean; acceptLogAction: boolean }>({
    requireRateLimit: {
        type: "boolean",
        default: true,
        description:
            "Require every Vercel project to have a FirewallConfig (enabled) with an active rate-limit rule (AIOS: rate limiting " +
            "enforced in production). Production only in the shipped configs.",
    },
    acceptLogAction: {
        type: "boolean",
        default: true,
        description:
            "Accept a rate-limit rule that only logs. On by default: behind a proxy such as Cloudflare, Vercel sees the proxy's " +
            "addresses, so the per-IP limit must be enforced at the proxy and Vercel's rule may only log (CharterFlow). Turn it " +
            "off when Vercel is the edge.",
    },
});

interface VercelRule {
    name: string;
    active: boolean;
    rateLimit: boolean;
    action: string | undefined;
}

function vercelRules(config: PolicyResource): VercelRule[] {
    const nested = readArray(config.props, "rules", "rules");
    const rules = nested.length > 0 ? nested : readArray(config.props, "rules");
    return rules.map((r) => ({
        name: readString(r, "name") ?? "?",
        active: readBoolean(r, "active") !== false,
        rateLimit: readString(r, "action", "action") === "rate_limit" && isRecord(get(r, "action", "rateLimit")),
        action: readString(r, "action", "rateLimit", "action"),
    }));
}

export const edgeVercelFirewall: StackValidationPolicy = {
    name: "edge-vercel-firewall",
    description: "Every Vercel project has an enabled FirewallConfig with an active per-client rate-limit rule.",
    configSchema: vercelFirewallSchema,
    validateStack: (args, report) => {
        const config = readConfig(args, vercelFirewallSchema);
        if (!config.requireRateLimit) {
            return;
        }
        const firewalls = ofType(args.resources, [VERCEL.firewallConfig]);
        judgeEach(ofType(args.resources, [VERCEL.project]), (project) => {
            const attached = referrers(firewalls, "projectId", project, { keys: ["id"], useDependencies: true });
            const enabled = attached.filter((f) => readBoolean(f.props, "enabled") !== false);
            const rules = enabled.flatMap(vercelRules).filter((r) => r.active && r.rateLimit);
            const fits = rules.filter((r) => config.acceptLogAction || r.action !== "log");
            if (fits.length > 0) {
                return;
            }
            const why =
                attached.length === 0
                    ? "has no FirewallConfig"
                    : enabled.length === 0
                      ? "has its FirewallConfig disabled"
                      : rules.length === 0
                        ? "has a FirewallConfig without an active rate-limit rule"
                        : `has only rate-limit rules that log (${rules.map((r) => r.name).join(", ")})`;
            reportOn(
                report,
                project,
                `${label(project)} ${why}, so one client can flood its functions (and the bill). Fix: add a vercel.FirewallConfig with projectId: ` +
                    `<project>.id, enabled: true and a rule { action: { action: "rate_limit", rateLimit: { algo: "fixed_window", limit: 100, window: 60, ` +
                    `keys: ["ip"], action: "deny" } } } (VercelWebApp does this).`,
            );
        });
    },
};

// ---------------------------------------------------------------------------------------------------------
// edge-cloudflare-waf (stack)
// ---------------------------------------------------------------------------------------------------------

export const cloudflareWafSchema = configSchema<{ requireRulesets: boolean; acceptLogAction: boolean }>({
    requireRulesets: {
        type: "boolean",
        default: true,
        description:
            "Require, for every Cloudflare zone the stack configures (zone settings or zone rulesets), an http_request_firewall_managed " +
            "ruleset with an enabled rule and an http_ratelimit ruleset with an enabled rate-limit rule that acts. Production only in the shipped configs.",
    },
    acceptLogAction: {
        type: "boolean",
        default: false,
        description: "Accept rate-limit rules whose action is log (observe only; Enterprise zones), e.g. while tuning.",
    },
});

export const edgeCloudflareWaf: StackValidationPolicy = {
    name: "edge-cloudflare-waf",
    description:
        "Every Cloudflare zone in the stack has a managed WAF ruleset (http_request_firewall_managed) and a rate-limit ruleset (http_ratelimit).",
    configSchema: cloudflareWafSchema,
    validateStack: (args, report) => {
        const config = readConfig(args, cloudflareWafSchema);
        if (!config.requireRulesets) {
            return;
        }
        const zoneOf = (r: PolicyResource): string | undefined => safe(() => readString(r.props, "zoneId"));
        const rulesets = ofType(args.resources, [CLOUDFLARE.ruleset]).filter((r) => safe(() => readString(r.props, "kind")) !== "root");
        const anchors = new Map<string, PolicyResource>();
        for (const r of [...ofType(args.resources, [CLOUDFLARE.zoneSetting]), ...rulesets]) {
            const zone = zoneOf(r);
            if (zone !== undefined && !anchors.has(zone)) {
                anchors.set(zone, r);
            }
        }
        const enabledRules = (phase: string, zone: string): unknown[] =>
            rulesets
                .filter((r) => zoneOf(r) === zone && safe(() => readString(r.props, "phase")) === phase)
                .flatMap((r) => readArray(r.props, "rules"))
                .filter((rule) => readBoolean(rule, "enabled") !== false);
        // One zone at a time: rules unknown during preview defer only that zone to `pulumi up`.
        judgeEach([...anchors.values()], (anchor) => {
            const zone = zoneOf(anchor) ?? "?";
            const managed = enabledRules("http_request_firewall_managed", zone);
            if (managed.length === 0) {
                reportOn(
                    report,
                    anchor,
                    `Cloudflare zone ${zone} has no enabled managed WAF rules: known attacks (OWASP, CVE signatures) reach the origin. Fix: add a ` +
                        `cloudflare.Ruleset { kind: "zone", phase: "http_request_firewall_managed" } executing the Cloudflare Managed Ruleset (CloudflareEdge does this).`,
                );
            }
            const limits = enabledRules("http_ratelimit", zone).filter((rule) => isRecord(get(rule, "ratelimit")));
            const acting = limits.filter((rule) => config.acceptLogAction || readString(rule, "action") !== "log");
            if (acting.length === 0) {
                reportOn(
                    report,
                    anchor,
                    `Cloudflare zone ${zone} has ${limits.length === 0 ? "no enabled rate-limit rule" : "only rate-limit rules that log"}, so one client can flood the origin. ` +
                        `Fix: add a cloudflare.Ruleset { kind: "zone", phase: "http_ratelimit" } with a rule { action: "block", ratelimit: ` +
                        `{ characteristics: ["cf.colo.id", "ip.src"], period: 60, requestsPerPeriod: 100, mitigationTimeout: 600 } }.`,
                );
            }
        });
    },
};

// ---------------------------------------------------------------------------------------------------------
// edge-gcp-api-key-restrictions
// ---------------------------------------------------------------------------------------------------------

export const apiKeyRestrictionsSchema = configSchema<{ requireApplicationRestriction: boolean; exemptKeys: string[] }>({
    requireApplicationRestriction: {
        type: "boolean",
        default: true,
        description:
            "Besides apiTargets (always required), require an application restriction: browser referrers, Android apps, iOS bundle " +
            "ids or server IPs, so a leaked key is harder to reuse and run up the bill.",
    },
    exemptKeys: {
        type: "array",
        items: { type: "string" },
        default: [],
        description:
            "Logical names of keys allowed without an application restriction. Add one only with a note in the stack's config " +
            "saying why (e.g. a server on Cloud Run with no fixed egress IP), and cap its spend with a budget.",
    },
});

const APP_RESTRICTIONS: string[][] = [
    ["browserKeyRestrictions", "allowedReferrers"],
    ["androidKeyRestrictions", "allowedApplications"],
    ["iosKeyRestrictions", "allowedBundleIds"],
    ["serverKeyRestrictions", "allowedIps"],
];

export const edgeGcpApiKeyRestrictions: ResourceValidationPolicy = {
    name: "edge-gcp-api-key-restrictions",
    description:
        "Google Cloud API keys are limited to named APIs (restrictions.apiTargets) and to an application (referrers, apps or IPs).",
    configSchema: apiKeyRestrictionsSchema,
    validateResource: (args, report) => {
        if (args.type !== GCP.apiKey) {
            return;
        }
        const config = readConfig(args, apiKeyRestrictionsSchema);
        const targets = readArray(args.props, "restrictions", "apiTargets").filter((t) => readString(t, "service") !== undefined);
        if (targets.length === 0) {
            report(
                `${args.name}: the API key may call every enabled API of the project. Fix: set restrictions.apiTargets: [{ service: ` +
                    `"generativelanguage.googleapis.com" }] (only the API it is for; GcpGeminiApi does this).`,
            );
        }
        const restricted = APP_RESTRICTIONS.some(([kind, list]) => readArray(args.props, "restrictions", kind, list).length > 0);
        if (!restricted && config.requireApplicationRestriction && !config.exemptKeys.includes(args.name)) {
            report(
                `${args.name}: the API key works from anywhere: whoever finds it (in an app bundle, a log, a repository) can use it. Fix: add ` +
                    `one application restriction (browserKeyRestrictions.allowedReferrers, androidKeyRestrictions, iosKeyRestrictions or ` +
                    `serverKeyRestrictions.allowedIps), or list '${args.name}' in exemptKeys with a note why.`,
            );
        }
    },
};

// ---------------------------------------------------------------------------------------------------------
// edge-cloud-run-ingress (stack, advisory)
// ---------------------------------------------------------------------------------------------------------

export const cloudRunIngressSchema = configSchema<{ exemptServices: string[] }>({
    exemptServices: {
        type: "array",
        items: { type: "string" },
        default: [],
        description:
            "Logical names of Cloud Run services allowed to take traffic from the internet directly. ADVISORY by default: a public " +
            "Cloud Run URL has Google's front end but no WAF; behind Cloud Armor the service should use ingress " +
            "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER. Whether another edge (Cloudflare) fronts it cannot be seen from the stack.",
    },
});

const SECURITY_POLICY = "gcp:compute/securityPolicy:SecurityPolicy";

export const edgeCloudRunIngress: StackValidationPolicy = {
    name: "edge-cloud-run-ingress",
    description:
        "Cloud Run services with ingress ALL (the default) are flagged unless the stack has a Cloud Armor security policy: a WAF needs the " +
        "service behind a load balancer (ingress INTERNAL_LOAD_BALANCER).",
    enforcementLevel: "advisory",
    configSchema: cloudRunIngressSchema,
    validateStack: (args, report) => {
        const { exemptServices } = readConfig(args, cloudRunIngressSchema);
        if (ofType(args.resources, [SECURITY_POLICY]).length > 0) {
            return;
        }
        judgeEach(
            ofType(args.resources, [GCP.cloudRunService]).filter((s) => !exemptServices.includes(s.name)),
            (service) => {
                const ingress = readString(service.props, "ingress") ?? "INGRESS_TRAFFIC_ALL";
                if (ingress === "INGRESS_TRAFFIC_ALL") {
                    reportOn(
                        report,
                        service,
                        `${label(service)} takes traffic from the whole internet (ingress INGRESS_TRAFFIC_ALL) with no WAF in front. Fix: put it ` +
                            `behind an external HTTPS load balancer with a Cloud Armor policy (rate limiting, OWASP rules) and set ingress ` +
                            `INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER, or rate-limit in the app; list it in exemptServices if another edge fronts it.`,
                    );
                }
            },
        );
    },
};

export const edgePolicies = [
    edgeWafRequired,
    edgeWafRateLimit,
    edgeVercelFirewall,
    edgeCloudflareWaf,
    edgeGcpApiKeyRestrictions,
    edgeCloudRunIngress,
];
