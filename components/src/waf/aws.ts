import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import {
    type BaseArgs,
    Component,
    type DataProtection,
    InvalidArgumentError,
    type Profile,
    type Transform,
    type WebAclProvider,
    profileDefaults,
} from "../core";
import { checkLogRetention } from "../blocks/cloudwatch-logs";
import { type AwsWafSignalOptions, AwsWafSignals } from "./aws-signals";

/** Web ACL scopes: REGIONAL (load balancers, API gateways) or CLOUDFRONT (distributions, always in us-east-1). */
export type WafScope = "REGIONAL" | "CLOUDFRONT";

/** What the rate rule and the managed rule groups do with a matching request: `block` it, or only `count` it (observe). */
export type WafMode = "block" | "count";

/** Evaluation windows a WAF rate-based rule accepts, seconds. */
export const WAF_RATE_WINDOWS = [60, 120, 300, 600] as const;
export type WafRateWindowSeconds = (typeof WAF_RATE_WINDOWS)[number];

/**
 * AWS managed rule groups (vendor `AWS`) this component can add, each with a fixed rule priority, so adding,
 * removing or reordering groups never renumbers the others. The rate rule has priority 0. Only groups with no
 * extra subscription fee and no required configuration are listed (Bot Control, ATP and ACFP are not).
 */
export const WAF_MANAGED_RULE_GROUP_PRIORITIES = {
    AWSManagedRulesAmazonIpReputationList: 10,
    AWSManagedRulesAnonymousIpList: 15,
    AWSManagedRulesKnownBadInputsRuleSet: 20,
    AWSManagedRulesCommonRuleSet: 30,
    AWSManagedRulesSQLiRuleSet: 40,
    AWSManagedRulesLinuxRuleSet: 50,
    AWSManagedRulesUnixRuleSet: 55,
    AWSManagedRulesAdminProtectionRuleSet: 60,
    AWSManagedRulesPHPRuleSet: 70,
    AWSManagedRulesWordPressRuleSet: 75,
    AWSManagedRulesWindowsRuleSet: 80,
} as const;
export type WafManagedRuleGroup = keyof typeof WAF_MANAGED_RULE_GROUP_PRIORITIES;

/** The managed rule groups of a web ACL unless `managedRuleGroups` says otherwise. */
export const DEFAULT_WAF_MANAGED_RULE_GROUPS: readonly WafManagedRuleGroup[] = [
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
];

/** Name (and metric name) of the rate-based rule. Never change it: it is how CloudWatch metrics and logs name the rule. */
export const WAF_RATE_RULE_NAME = "rate-limit-per-ip";

/**
 * Lowest rate limit the Pulumi AWS provider accepts, requests per evaluation window. The WAF API itself takes 10
 * since 2024, but the provider still checks `rate_based_statement.limit` with `validation.IntBetween(100, 2000000000)`
 * (hashicorp/terraform-provider-aws, internal/service/wafv2/schemas.go, rateBasedStatementSchema; pulumi/pulumi-aws#5841:
 * "expected ... limit to be in the range (100 - 2000000000), got 10"), so 10 to 99 would pass here and fail at `pulumi up`.
 */
export const WAF_MIN_RATE_LIMIT = 100;
const WAF_MAX_RATE_LIMIT = 2_000_000_000;

/** Request headers whose values are replaced by `REDACTED` in WAF logs (lower case, as WAF requires). */
export const WAF_REDACTED_HEADERS = ["authorization", "cookie"] as const;

/**
 * Longest evaluation window WAF offers, seconds. An hourly limit is expressed over it: `requests * 600 / 3600` per
 * 600 s, rounded up (1000 an hour becomes 167 per 600 s, the same sustained rate; a burst of up to 167 in 10 minutes
 * passes where an hourly counter would have let 1000 through at once). See {@link wafLimitPerHour}.
 */
export const WAF_LONGEST_WINDOW_SECONDS = 600;

/**
 * What a per-user rate rule counts requests by (a rate-based rule with `aggregateKeyType: "CUSTOM_KEYS"`): a request
 * header (`{ header: "authorization" }`: the bearer token, one per user session; `{ header: "x-user-id" }` set by a
 * trusted client), a cookie, a query argument, or a label namespace that an earlier rule adds. WAF cannot read a
 * JWT's claims: the token itself is the key. Header and cookie names are matched case-insensitively (lower-cased here).
 */
export type WafRateKey = { header: string } | { cookie: string } | { queryArgument: string } | { labelNamespace: string };

/** A rate limit per user: `limit` requests per key (see {@link WafRateKey}) in each `windowSeconds`. */
export interface WafUserRateLimit {
    /**
     * Rule name suffix (`a-z`, `0-9`, `-`, up to 40): the rule is `rate-limit-<name>`, as metrics and logs name it.
     * Never change it once deployed.
     */
    name: string;
    /** Requests one key may send in `windowSeconds` before the rule acts: 100 (the provider's minimum) to 2,000,000,000. */
    limit: number;
    /** Window the requests are counted over, seconds: 60, 120, 300 or 600. @default 60 */
    windowSeconds?: WafRateWindowSeconds;
    /**
     * The keys the requests are counted by (up to 5, combined). A request without one of them (no such header, say)
     * is not counted by this rule at all: keep the per-IP `rateLimit` for anonymous traffic.
     */
    keys: WafRateKey[];
    /** Only requests whose path starts with this are counted, e.g. `/api/ai/`. @default "/" (every request) */
    pathPrefix?: string;
}

/**
 * The WAF form of a per-hour limit: the same sustained rate over WAF's longest window (600 s), rounded up. Throws
 * when that falls below the provider's minimum of 100 per window (anything under 600 an hour): WAF cannot express it.
 */
export function wafLimitPerHour(requestsPerHour: number): { limit: number; windowSeconds: 600 } {
    const limit = Math.ceil((requestsPerHour * WAF_LONGEST_WINDOW_SECONDS) / 3600);
    if (!Number.isInteger(requestsPerHour) || limit < WAF_MIN_RATE_LIMIT) {
        throw new InvalidArgumentError(
            "wafLimitPerHour",
            "requestsPerHour",
            `is ${requestsPerHour}, ${limit} per ${WAF_LONGEST_WINDOW_SECONDS} s`,
            `at least ${(WAF_MIN_RATE_LIMIT * 3600) / WAF_LONGEST_WINDOW_SECONDS} an hour (${WAF_MIN_RATE_LIMIT} per ${WAF_LONGEST_WINDOW_SECONDS} s, the provider's minimum over WAF's longest window)`,
        );
    }
    return { limit, windowSeconds: WAF_LONGEST_WINDOW_SECONDS };
}

/** Rate limit of a web ACL: `limit` requests per client IP in each `windowSeconds`. */
export interface WafRateLimit {
    /**
     * Requests one client IP may send in `windowSeconds` before the rule acts (WAF's minimum is 10). WAF evaluates
     * rates every few seconds, so a client may briefly exceed the limit before it is blocked.
     */
    limit: number;
    /**
     * The window the requests are counted over, seconds: 60, 120, 300 or 600.
     * @default 60
     */
    windowSeconds?: WafRateWindowSeconds;
}

interface WafProfile {
    mode: WafMode;
    logRetentionDays: number;
}

const PROFILE: Profile<WafProfile> = {
    dev: { mode: "count", logRetentionDays: 7 },
    staging: { mode: "block", logRetentionDays: 30 },
    prod: { mode: "block", logRetentionDays: 90 },
};

export interface AwsWafArgs extends BaseArgs, DataProtection {
    /**
     * What the web ACL protects: `REGIONAL` for application load balancers (and API gateways), `CLOUDFRONT` for
     * distributions. With `CLOUDFRONT` every child (web ACL, log group, logging configuration) is created in
     * us-east-1, as WAF requires. Changing it replaces the web ACL and detaches it from what it protects until the
     * new one is associated.
     */
    scope: WafScope;
    /**
     * Per-IP rate limit (aggregateKeyType IP): a client above it is blocked (or counted, see `mode`) until its rate
     * falls back below the limit. `false`: no per-IP rule (e.g. a CDN of static assets, where a per-IP limit would
     * stand in for limits that belong elsewhere); the rule is removed in place.
     * @default 100 requests per 60 s per IP (the AIOS document's 100 requests per minute per IP)
     */
    rateLimit?: WafRateLimit | false;
    /**
     * Rate limits per user (rate-based rules with custom keys, priorities 1 to 9 in the order given), evaluated
     * after the per-IP rule. WAF blocks a key while its count over the window is above the limit (no fixed block
     * duration). Cost: $1/month per rule.
     * @default none
     */
    userRateLimits?: WafUserRateLimit[];
    /**
     * `block`: the rate rule blocks and the managed rule groups act as they are written (override action none).
     * `count`: the rate rule and every managed group only count matches (metrics, sampled requests and logs show what
     * would have been blocked), for tuning before enforcing.
     * @default dev `count`, staging `block`, prod `block`
     */
    mode?: WafMode;
    /**
     * AWS managed rule groups to evaluate, each with its fixed priority (see `WAF_MANAGED_RULE_GROUP_PRIORITIES`), so the
     * order given here does not matter. Cost: $1/month per rule group (and the groups' WCUs count towards the 1,500
     * WCUs included in the request price).
     * @default AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet, AWSManagedRulesAmazonIpReputationList
     */
    managedRuleGroups?: WafManagedRuleGroup[];
    /**
     * Rules of a managed group to only count instead of applying their own action (`ruleActionOverrides`), by group,
     * e.g. `{ AWSManagedRulesCommonRuleSet: ["SizeRestrictions_BODY"] }` for an API that accepts large bodies. Each
     * group named here must be in `managedRuleGroups`.
     * @default none
     */
    excludedRules?: Partial<Record<WafManagedRuleGroup, string[]>>;
    /**
     * Days WAF logs are kept in CloudWatch Logs (a CloudWatch retention value: 1, 3, 5, 7, 14, 30, 60, 90, ...).
     * Costs ingestion ($0.50/GiB, WAF logs are about 1.5 KiB per request) and storage ($0.03/GiB-month).
     * @default dev 7, staging 30, prod 90
     */
    logRetentionDays?: number;
    /**
     * KMS key (ARN) encrypting the WAF logs; its key policy must allow `logs.<region>.amazonaws.com` (us-east-1 with
     * CLOUDFRONT). Changing it re-associates the key (no replacement). Cost: $1/month per key plus requests.
     * @default CloudWatch Logs' service-owned encryption
     */
    logKmsKeyId?: pulumi.Input<string>;
    /** Edits of the computed args of each kind of child. @default none: each child takes the args the component computed */
    transform?: {
        webAcl?: Transform<aws.wafv2.WebAclArgs>;
        logGroup?: Transform<aws.cloudwatch.LogGroupArgs>;
        loggingConfiguration?: Transform<aws.wafv2.WebAclLoggingConfigurationArgs>;
    };
}

/**
 * An AWS WAFv2 web ACL: a per-IP rate-based rule (or none, `rateLimit: false`), optional per-user rate rules keyed by
 * a header, cookie, query argument or label (`userRateLimits`, e.g. the `authorization` bearer token), AWS managed rule groups (common exploits, known bad inputs, IP
 * reputation by default) with fixed priorities, a default action of allow, CloudWatch metrics and sampled requests on
 * every rule, and full request logs in a CloudWatch log group `aws-waf-logs-…` (the prefix WAF requires) with the
 * `authorization` and `cookie` headers redacted. In dev the rules only count; in staging and prod they block.
 *
 * Hand it to a load-balanced `AwsContainerService` (`loadBalancer.webAcl`, scope REGIONAL) or to an `AwsCdn`
 * (`webAcl`, scope CLOUDFRONT).
 *
 * Logging to CloudWatch Logs needs a resource policy on the log group for `delivery.logs.amazonaws.com`; WAF adds it
 * itself when the deploying identity may call `logs:PutResourcePolicy` and `logs:DescribeResourcePolicies`.
 *
 * Cost: $5/month per web ACL, $1/month per rule (the rate rule and each managed group), $0.60 per million requests,
 * plus log ingestion and storage.
 */
export class AwsWaf extends Component implements WebAclProvider {
    public readonly webAclArn: pulumi.Output<string>;
    public readonly webAclId: pulumi.Output<string>;
    public readonly scope: WafScope;
    /** The log group receiving the WAF logs, `aws-waf-logs-<project>-<stack>-<name>`. */
    public readonly logGroupName: pulumi.Output<string>;
    /** The mode the rules run in, after the environment profile. */
    public readonly mode: WafMode;
    public readonly webAcl: aws.wafv2.WebAcl;

    /** The blocked-requests alarm and dashboard graph, for `AwsMonitoring`'s `monitor` (see `aws-signals.ts`). */
    public monitoring(options?: AwsWafSignalOptions): AwsWafSignals {
        return new AwsWafSignals(
            { name: this.name, scope: this.scope, metricName: this.webAcl.visibilityConfig.metricName, region: this.webAcl.region },
            options,
        );
    }

    constructor(name: string, args: AwsWafArgs, opts?: pulumi.ComponentResourceOptions) {
        super("waf:AwsWaf", name, args, opts);
        const component = `AwsWaf "${name}"`;

        // ---- validation, before any child ----
        const scope: unknown = args.scope;
        if (scope !== "REGIONAL" && scope !== "CLOUDFRONT") {
            throw new InvalidArgumentError(
                component,
                "scope",
                `is ${JSON.stringify(scope)}`,
                '"REGIONAL" (load balancers) or "CLOUDFRONT" (distributions)',
            );
        }
        const p = profileDefaults(PROFILE, this.environment, { mode: args.mode, logRetentionDays: args.logRetentionDays });
        if (p.mode !== "block" && p.mode !== "count") {
            throw new InvalidArgumentError(component, "mode", `is ${JSON.stringify(p.mode)}`, '"block" or "count"');
        }
        const checkRate = (at: string, limit: number, windowSeconds: number) => {
            if (!Number.isInteger(limit) || limit < WAF_MIN_RATE_LIMIT || limit > WAF_MAX_RATE_LIMIT) {
                throw new InvalidArgumentError(
                    component,
                    `${at}.limit`,
                    `is ${limit}`,
                    `an integer from ${WAF_MIN_RATE_LIMIT} (the provider's minimum) to ${WAF_MAX_RATE_LIMIT}`,
                );
            }
            if (!(WAF_RATE_WINDOWS as readonly number[]).includes(windowSeconds)) {
                throw new InvalidArgumentError(
                    component,
                    `${at}.windowSeconds`,
                    `is ${windowSeconds}`,
                    `${WAF_RATE_WINDOWS.join(", ")} (an hourly limit: wafLimitPerHour)`,
                );
            }
        };
        const perIp =
            args.rateLimit === false
                ? undefined
                : { limit: args.rateLimit?.limit ?? 100, windowSeconds: args.rateLimit?.windowSeconds ?? 60 };
        if (perIp) checkRate("rateLimit", perIp.limit, perIp.windowSeconds);
        const userLimits = args.userRateLimits ?? [];
        if (userLimits.length > 9)
            throw new InvalidArgumentError(
                component,
                "userRateLimits",
                `has ${userLimits.length} rules`,
                "at most 9 (priorities 1 to 9, below the managed groups)",
            );
        const userRuleNames = new Set<string>();
        const userRules = userLimits.map((u, i) => {
            const at = `userRateLimits[${i}]`;
            if (!/^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/.test(u.name))
                throw new InvalidArgumentError(
                    component,
                    `${at}.name`,
                    `is ${JSON.stringify(u.name)}`,
                    "a-z, 0-9 and '-', up to 40 characters",
                );
            if (userRuleNames.has(u.name) || `rate-limit-${u.name}` === WAF_RATE_RULE_NAME)
                throw new InvalidArgumentError(
                    component,
                    `${at}.name`,
                    `repeats ${JSON.stringify(u.name)}`,
                    "a name used once, not per-ip",
                );
            userRuleNames.add(u.name);
            const windowSeconds = u.windowSeconds ?? 60;
            checkRate(at, u.limit, windowSeconds);
            if (u.keys.length === 0 || u.keys.length > 5)
                throw new InvalidArgumentError(
                    component,
                    `${at}.keys`,
                    `has ${u.keys.length} keys`,
                    "1 to 5 keys (header, cookie, queryArgument, labelNamespace)",
                );
            const customKeys = u.keys.map((key, k): aws.types.input.wafv2.WebAclRuleStatementRateBasedStatementCustomKey => {
                const where = `${at}.keys[${k}]`;
                // WAF requires a text transformation on header, cookie and query keys; NONE counts the value as sent.
                const none = [{ priority: 0, type: "NONE" }];
                if ("header" in key || "cookie" in key) {
                    const value = "header" in key ? key.header : key.cookie;
                    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/.test(value))
                        throw new InvalidArgumentError(
                            component,
                            where,
                            `names ${JSON.stringify(value)}`,
                            "a header or cookie name: 1-64 token characters (letters, digits, - and _ ...)",
                        );
                    return "header" in key
                        ? { header: { name: value.toLowerCase(), textTransformations: none } }
                        : { cookie: { name: value, textTransformations: none } };
                }
                if ("queryArgument" in key) {
                    if (!/^[^\s]{1,64}$/.test(key.queryArgument))
                        throw new InvalidArgumentError(
                            component,
                            where,
                            `names ${JSON.stringify(key.queryArgument)}`,
                            "a query argument name of 1-64 characters without spaces",
                        );
                    return { queryArgument: { name: key.queryArgument, textTransformations: none } };
                }
                if ("labelNamespace" in key) {
                    if (!/^[0-9A-Za-z_\-:]+:$/.test(key.labelNamespace))
                        throw new InvalidArgumentError(
                            component,
                            where,
                            `is ${JSON.stringify(key.labelNamespace)}`,
                            "a label namespace ending in ':', e.g. awswaf:managed:token:id:",
                        );
                    return { labelNamespace: { namespace: key.labelNamespace } };
                }
                throw new InvalidArgumentError(
                    component,
                    where,
                    `is ${JSON.stringify(key)}`,
                    "{ header }, { cookie }, { queryArgument } or { labelNamespace }",
                );
            });
            const pathPrefix = u.pathPrefix ?? "/";
            if (!/^\/[^\s]{0,199}$/.test(pathPrefix))
                throw new InvalidArgumentError(
                    component,
                    `${at}.pathPrefix`,
                    `is ${JSON.stringify(pathPrefix)}`,
                    "a path starting with '/', without spaces",
                );
            return { name: `rate-limit-${u.name}`, priority: i + 1, limit: u.limit, windowSeconds, customKeys, pathPrefix };
        });
        const groups = args.managedRuleGroups ?? [...DEFAULT_WAF_MANAGED_RULE_GROUPS];
        const known = Object.keys(WAF_MANAGED_RULE_GROUP_PRIORITIES);
        for (const group of groups) {
            if (!known.includes(group))
                throw new InvalidArgumentError(component, "managedRuleGroups", `contains ${JSON.stringify(group)}`, known.join(", "));
        }
        if (new Set(groups).size !== groups.length) {
            throw new InvalidArgumentError(component, "managedRuleGroups", "names a group twice", "each group at most once");
        }
        for (const [group, rules] of Object.entries(args.excludedRules ?? {})) {
            if (!(groups as string[]).includes(group)) {
                throw new InvalidArgumentError(
                    component,
                    `excludedRules.${group}`,
                    "names a group that is not in managedRuleGroups",
                    groups.join(", "),
                );
            }
            for (const rule of rules ?? []) {
                if (!/^[\w-]{1,128}$/.test(rule))
                    throw new InvalidArgumentError(
                        component,
                        `excludedRules.${group}`,
                        `contains ${JSON.stringify(rule)}`,
                        "rule names of the managed group (letters, digits, _ and -)",
                    );
            }
        }
        checkLogRetention(component, "logRetentionDays", p.logRetentionDays);
        const t = args.transform ?? {};
        // WAF for CloudFront lives in us-east-1, whatever the stack's region.
        const region = scope === "CLOUDFRONT" ? "us-east-1" : undefined;
        this.scope = scope;
        this.mode = p.mode;

        // ---- children ----
        const aclName = this.physicalName("", "waf");
        const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });
        const rateAction = p.mode === "block" ? { block: {} } : { count: {} };
        const rules: aws.types.input.wafv2.WebAclRule[] = [
            ...(perIp
                ? [
                      {
                          name: WAF_RATE_RULE_NAME,
                          priority: 0,
                          action: rateAction,
                          statement: {
                              rateBasedStatement: { limit: perIp.limit, evaluationWindowSec: perIp.windowSeconds, aggregateKeyType: "IP" },
                          },
                          visibilityConfig: visibility(WAF_RATE_RULE_NAME),
                      },
                  ]
                : []),
            ...userRules.map((u): aws.types.input.wafv2.WebAclRule => ({
                name: u.name,
                priority: u.priority,
                action: rateAction,
                statement: {
                    rateBasedStatement: {
                        limit: u.limit,
                        evaluationWindowSec: u.windowSeconds,
                        aggregateKeyType: "CUSTOM_KEYS",
                        customKeys: u.customKeys,
                        scopeDownStatement:
                            u.pathPrefix === "/"
                                ? undefined
                                : {
                                      byteMatchStatement: {
                                          fieldToMatch: { uriPath: {} },
                                          positionalConstraint: "STARTS_WITH",
                                          searchString: u.pathPrefix,
                                          textTransformations: [{ priority: 0, type: "NONE" }],
                                      },
                                  },
                    },
                },
                visibilityConfig: visibility(u.name),
            })),
            ...[...groups]
                .sort((a, b) => WAF_MANAGED_RULE_GROUP_PRIORITIES[a] - WAF_MANAGED_RULE_GROUP_PRIORITIES[b])
                .map((group): aws.types.input.wafv2.WebAclRule => {
                    const excluded = args.excludedRules?.[group] ?? [];
                    return {
                        name: group,
                        priority: WAF_MANAGED_RULE_GROUP_PRIORITIES[group],
                        overrideAction: p.mode === "block" ? { none: {} } : { count: {} },
                        statement: {
                            managedRuleGroupStatement: {
                                vendorName: "AWS",
                                name: group,
                                ruleActionOverrides:
                                    excluded.length > 0 ? excluded.map((rule) => ({ name: rule, actionToUse: { count: {} } })) : undefined,
                            },
                        },
                        visibilityConfig: visibility(group),
                    };
                }),
        ];

        this.webAcl = this.child(
            aws.wafv2.WebAcl,
            "acl",
            {
                region,
                name: aclName,
                // WAF descriptions take letters, digits, spaces and + = : # @ / - , . only (no parentheses).
                description: `${name} ${this.environment}: ${[perIp ? "per-IP rate limit" : "", userRules.length > 0 ? "per-user rate limits" : ""].filter((d) => d !== "").join(", ") || "no rate limit"} and AWS managed rules`,
                scope,
                defaultAction: { allow: {} },
                rules,
                visibilityConfig: visibility(aclName),
                tags: this.tags,
            },
            t.webAcl,
        );

        // WAF only delivers to log groups whose name starts with `aws-waf-logs-`.
        const logGroup = this.child(
            aws.cloudwatch.LogGroup,
            "logs",
            {
                region,
                name: `aws-waf-logs-${this.physicalName("", "logGroup")}`,
                retentionInDays: p.logRetentionDays,
                kmsKeyId: args.logKmsKeyId,
                tags: this.tags,
            },
            t.logGroup,
            this.dataOptions(args),
        );

        this.child(
            aws.wafv2.WebAclLoggingConfiguration,
            "logging",
            {
                region,
                resourceArn: this.webAcl.arn,
                logDestinationConfigs: [logGroup.arn],
                redactedFields: WAF_REDACTED_HEADERS.map((header) => ({ singleHeader: { name: header } })),
            },
            t.loggingConfiguration,
        );

        this.webAclArn = this.webAcl.arn;
        this.webAclId = this.webAcl.id;
        this.logGroupName = logGroup.name;

        this.registerOutputs({
            webAclArn: this.webAclArn,
            webAclId: this.webAclId,
            scope: this.scope,
            mode: this.mode,
            logGroupName: this.logGroupName,
        });
    }
}
