/**
 * The usage file: the quantities a price depends on, set per resource or per type, in the shape of Infracost's
 * usage file (infracost/infracost `infracost-usage-example.yml`: `version: 0.1` (older files: `v0.1`, also accepted), `resource_usage:` keyed by resource
 * address, `resource_type_default_usage:` keyed by resource type). Here a resource is addressed by its Pulumi name
 * or URN and a type by its Pulumi type token; the keys are the assumptions of usage.ts, in camelCase or snake_case:
 *
 *     version: 0.1
 *     resource_type_default_usage:
 *       aws:cloudfront/distribution:Distribution:
 *         cloudfront_egress_gb_per_month: 500
 *     resource_usage:
 *       web-distribution:                    # Pulumi name, or the full URN
 *         cloudfrontEgressGbPerMonth: 2000
 *     shared_plans:                          # organisations.ts
 *       sentry:coachmeld: [dev, staging, prod]
 *
 * Precedence for a resource: the defaults of usage.ts, its type's entry, its entry by name, its entry by URN.
 * Every entry is checked: an unknown top-level key, usage key, type or resource, a key that does not apply to the
 * type, or a value of the wrong type is a `UsageFileError` naming the file and the key. Parsing YAML is the caller's
 * (the plan reads the file; the policy pack gets the same document as JSON in its config), so this module has no
 * dependencies.
 */
import { isServiceUsageKey, SERVICE_USAGE_DEFAULTS } from "./service-usage";
import { editDistance } from "./suggest";
import { DEFAULT_USAGE, type ResourceUsage, USAGE_NOTES, type UsageAssumptions } from "./usage";
import type { SharedPlans } from "./organisations";

/** The default usage file, beside Pulumi.yaml: `appstack-usage.<stack>.yml` wins over `appstack-usage.yml`. */
export const DEFAULT_USAGE_FILE = "appstack-usage.yml";
export const USAGE_FILE_VERSION = "0.1";

export class UsageFileError extends Error {
    constructor(
        readonly file: string,
        readonly key: string,
        problem: string,
    ) {
        super(`usage file ${file}: ${key}: ${problem}`);
        this.name = "UsageFileError";
    }
}

/**
 * The type tokens each assumption prices (the pricing modules that read it); an assumption not listed applies to
 * any type (`hoursPerMonth`). A key set on a type it does not price is an error: it would change nothing.
 */
export const USAGE_APPLIES_TO: Readonly<Partial<Record<keyof ResourceUsage, readonly string[]>>> = {
    lambdaRequestsPerMonth: ["aws:lambda/function:Function"],
    lambdaDurationMs: ["aws:lambda/function:Function"],
    apiRequestsPerMonth: ["aws:apigateway/restApi:RestApi", "aws:apigatewayv2/api:Api"],
    dynamodbWriteRequestsPerMonth: ["aws:dynamodb/table:Table"],
    dynamodbReadRequestsPerMonth: ["aws:dynamodb/table:Table"],
    dynamodbStorageGb: ["aws:dynamodb/table:Table"],
    auroraStorageGb: ["aws:rds/cluster:Cluster"],
    auroraIoMillionsPerMonth: ["aws:rds/cluster:Cluster"],
    auroraServerlessAverageAcu: ["aws:rds/clusterInstance:ClusterInstance"],
    containerInsightsClusterMetrics: ["aws:ecs/cluster:Cluster"],
    containerInsightsMetricsPerService: ["aws:ecs/cluster:Cluster"],
    enhancedMonitoringGbPerMonthAt60s: ["aws:rds/instance:Instance", "aws:rds/clusterInstance:ClusterInstance"],
    functionInvocationsPerMonth: ["gcp:cloudfunctions/function:Function", "gcp:cloudfunctionsv2/function:Function"],
    functionSeconds: ["gcp:cloudfunctions/function:Function", "gcp:cloudfunctionsv2/function:Function"],
    autopilotVcpu: ["gcp:container/cluster:Cluster"],
    autopilotMemoryGb: ["gcp:container/cluster:Cluster"],
    githubWorkflowMinutesPerMonth: ["github:index/repositoryFile:RepositoryFile"],
    githubScheduledJobMinutes: ["github:index/repositoryFile:RepositoryFile"],
    redshiftManagedStorageGb: ["aws:redshift/cluster:Cluster"],
    cloudfrontEgressGbPerMonth: ["aws:cloudfront/distribution:Distribution"],
    cloudfrontRequestsPerMonth: ["aws:cloudfront/distribution:Distribution"],
    cloudfrontFunctionInvocationsPerMonth: ["aws:cloudfront/function:Function"],
    s3StorageGbPerBucket: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
    s3WriteRequestsPerBucket: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
    s3ReadRequestsPerBucket: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
    s3ReplicationGbPerMonth: ["aws:s3/bucketReplicationConfig:BucketReplicationConfig"],
    albLcuPerHour: ["aws:lb/loadBalancer:LoadBalancer"],
    nlbLcuPerHour: ["aws:lb/loadBalancer:LoadBalancer"],
    natGatewayGbPerMonth: ["aws:ec2/natGateway:NatGateway"],
    vpcEndpointGbPerMonth: ["aws:ec2/vpcEndpoint:VpcEndpoint"],
    wafRequestsPerMonth: ["aws:wafv2/webAcl:WebAcl"],
    logIngestGbPerGroupPerMonth: ["aws:cloudwatch/logGroup:LogGroup"],
    logNeverExpireMonths: ["aws:cloudwatch/logGroup:LogGroup"],
    flowLogGbPerMonth: ["aws:ec2/flowLog:FlowLog"],
    rdsDailyChangeFraction: [
        "aws:rds/instance:Instance",
        "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
    ],
    snsPublishesPerMonth: ["aws:sns/topic:Topic"],
    sqsRequestsPerQueuePerMonth: ["aws:sqs/queue:Queue"],
    route53QueriesPerZonePerMonth: ["aws:route53/zone:Zone"],
    cloudRunRequestsPerMonth: ["gcp:cloudrunv2/service:Service"],
    cloudRunRequestSeconds: ["gcp:cloudrunv2/service:Service"],
    gcpSecretAccessesPerMonth: ["gcp:secretmanager/secret:Secret"],
    gcsStorageGbPerBucket: ["gcp:storage/bucket:Bucket"],
    gcsClassAOpsPerBucket: ["gcp:storage/bucket:Bucket"],
    gcsClassBOpsPerBucket: ["gcp:storage/bucket:Bucket"],
    pubsubGibPerTopic: ["gcp:pubsub/topic:Topic"],
    pubsubGibPerSubscription: ["gcp:pubsub/subscription:Subscription"],
    supabaseOrganizationPlan: ["pulumi-nodejs:dynamic:Resource"],
    supabaseEgressGbPerMonth: ["pulumi-nodejs:dynamic:Resource"],
    supabaseDiskGb: ["pulumi-nodejs:dynamic:Resource"],
    supabaseMonthlyActiveUsers: ["pulumi-nodejs:dynamic:Resource"],
    vercelTeamMembers: ["vercel:index/project:Project"],
    upstashCommandsPerMonth: ["upstash:index/redisDatabase:RedisDatabase"],
    upstashWriteShare: ["upstash:index/redisDatabase:RedisDatabase"],
    upstashStorageGb: ["upstash:index/redisDatabase:RedisDatabase"],
    cloudflareZonePlan: ["cloudflare:index/zoneSetting:ZoneSetting"],
};

/** Assumptions whose value is one of a few words; the rest are numbers ≥ 0. */
const CHOICES: Readonly<Partial<Record<keyof ResourceUsage, readonly string[]>>> = {
    supabaseOrganizationPlan: ["free", "pro"],
    cloudflareZonePlan: ["free", "pro", "business"],
};
/** Shares, at most 1. */
const FRACTIONS: ReadonlySet<string> = new Set(["upstashWriteShare", "rdsDailyChangeFraction"]);

const TOP_LEVEL = ["version", "resource_usage", "resource_type_default_usage", "shared_plans"] as const;

/** Where one assumption in force came from. */
export interface AssumptionSource {
    /** `stack`, a type token, or a resource name/URN. */
    target: string;
    key: keyof ResourceUsage;
    value: number | string;
    /** `default (<why>)` or `<file>: <path of the key>`. */
    source: string;
}

export interface UsageDocument {
    /** What to pass as `CostOptions.usage`. */
    usage: Partial<UsageAssumptions>;
    /** What to pass as `CostOptions.sharedPlans`: the entries naming this stack, as `project/stack`. */
    sharedPlans: SharedPlans;
    /** Every value the file sets, with the key it was set by. */
    sources: AssumptionSource[];
}

export const USAGE_KEYS = [
    ...Object.keys(DEFAULT_USAGE).filter((k) => k !== "perResource" && k !== "perType"),
    ...Object.keys(SERVICE_USAGE_DEFAULTS),
] as (keyof ResourceUsage)[];

/** A key's default: usage.ts's, or service-usage.ts's for the service keys (absent from `DEFAULT_USAGE` on purpose). */
function defaultOf(key: keyof ResourceUsage): number | string {
    return isServiceUsageKey(key) ? SERVICE_USAGE_DEFAULTS[key] : (DEFAULT_USAGE[key] ?? 0);
}
const KEY_SET: ReadonlySet<string> = new Set(USAGE_KEYS);

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const camel = (key: string): string => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const isTypeToken = (s: string): boolean => /^[A-Za-z0-9_.-]+:[A-Za-z0-9_./-]*:[A-Za-z0-9_]+$/.test(s);

/** The closest of `candidates` to `word`, for "did you mean". */
function nearest(word: string, candidates: Iterable<string>): string | undefined {
    const list = [...candidates];
    // A key cut short (`s3StorageGb` for `s3StorageGbPerBucket`): the one candidate it begins.
    const extending = list.filter((c) => c.toLowerCase().startsWith(word.toLowerCase()));
    if (extending.length === 1) return extending[0];
    let best: { c: string; d: number } | undefined;
    for (const c of list) {
        const d = editDistance(word, c);
        if (best === undefined || d < best.d) best = { c, d };
    }
    return best !== undefined && best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.c : undefined;
}

const didYouMean = (word: string, candidates: Iterable<string>): string => {
    const n = nearest(word, candidates);
    return n !== undefined ? ` (did you mean ${n}?)` : "";
};

function appliesTo(key: keyof ResourceUsage): readonly string[] | undefined {
    return USAGE_APPLIES_TO[key];
}

function readValues(
    file: string,
    path: string,
    entry: unknown,
    type: string | undefined,
    sources: AssumptionSource[],
    target: string,
): Partial<ResourceUsage> {
    if (!isRecord(entry))
        throw new UsageFileError(
            file,
            path,
            `must be a mapping of usage keys to values, not ${entry === null ? "null" : Array.isArray(entry) ? "a list" : typeof entry}`,
        );
    const out: Record<string, number | string> = {};
    for (const [raw, value] of Object.entries(entry)) {
        const key = camel(raw);
        const where = `${path}.${raw}`;
        if (!KEY_SET.has(key))
            throw new UsageFileError(file, where, `unknown usage key${didYouMean(key, USAGE_KEYS)}; keys: ${USAGE_KEYS.join(", ")}`);
        const k = key as keyof ResourceUsage;
        const types = appliesTo(k);
        if (type !== undefined && types !== undefined && !types.includes(type)) {
            throw new UsageFileError(file, where, `does not price ${type}: it applies to ${types.join(", ")}`);
        }
        const choices = CHOICES[k];
        if (choices !== undefined) {
            if (typeof value !== "string" || !choices.includes(value))
                throw new UsageFileError(file, where, `must be one of ${choices.join(", ")}, not ${JSON.stringify(value)}`);
        } else if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
            throw new UsageFileError(file, where, `must be a number ≥ 0, not ${JSON.stringify(value)}`);
        } else if (FRACTIONS.has(k) && value > 1) {
            throw new UsageFileError(file, where, `is a share: a number from 0 to 1, not ${value}`);
        }
        out[k] = value;
        sources.push({ target, key: k, value, source: `${file}: ${where}` });
    }
    return out;
}

/**
 * Checks a usage document (the parsed YAML or JSON) and turns it into cost options. `resources`: the plan's
 * resources, to check that every `resource_usage` entry names one and that its keys price its type (omit to check
 * the shape only). `project`/`stack`: this stack, to resolve `shared_plans` entries (`stack` or `project/stack`).
 */
export function parseUsageDocument(
    doc: unknown,
    file: string,
    options: { resources?: readonly { urn: string; name: string; type: string }[]; project?: string; stack?: string } = {},
): UsageDocument {
    const sources: AssumptionSource[] = [];
    if (doc === null || doc === undefined) return { usage: {}, sharedPlans: {}, sources };
    if (!isRecord(doc))
        throw new UsageFileError(
            file,
            "(document)",
            "must be a mapping with version, resource_usage, resource_type_default_usage, shared_plans",
        );
    for (const key of Object.keys(doc)) {
        if (!(TOP_LEVEL as readonly string[]).includes(key))
            throw new UsageFileError(file, key, `unknown top-level key${didYouMean(key, TOP_LEVEL)}; allowed: ${TOP_LEVEL.join(", ")}`);
    }
    const version = doc["version"];
    if (
        version !== undefined &&
        !((typeof version === "number" || typeof version === "string") && String(version).replace(/^v/, "") === USAGE_FILE_VERSION)
    ) {
        throw new UsageFileError(
            file,
            "version",
            `must be ${USAGE_FILE_VERSION} (the Infracost usage-file version this format follows), not ${JSON.stringify(doc["version"])}`,
        );
    }

    const perType: Record<string, Partial<ResourceUsage>> = {};
    const byType = doc["resource_type_default_usage"];
    if (byType !== undefined && byType !== null) {
        if (!isRecord(byType)) throw new UsageFileError(file, "resource_type_default_usage", "must be a mapping of type tokens to usage");
        for (const [type, entry] of Object.entries(byType)) {
            const path = `resource_type_default_usage.${type}`;
            if (!isTypeToken(type))
                throw new UsageFileError(
                    file,
                    path,
                    "is not a Pulumi type token (<package>:<module>:<Type>, e.g. aws:cloudfront/distribution:Distribution)",
                );
            perType[type] = readValues(file, path, entry, type, sources, type);
        }
    }

    const perResource: Record<string, Partial<ResourceUsage>> = {};
    const byResource = doc["resource_usage"];
    if (byResource !== undefined && byResource !== null) {
        if (!isRecord(byResource)) throw new UsageFileError(file, "resource_usage", "must be a mapping of resource names or URNs to usage");
        for (const [address, entry] of Object.entries(byResource)) {
            const path = `resource_usage.${address}`;
            let type: string | undefined;
            if (options.resources !== undefined) {
                const matches = options.resources.filter((r) => r.urn === address || r.name === address);
                if (matches.length === 0) {
                    throw new UsageFileError(
                        file,
                        path,
                        `no resource of the plan has this name or URN${didYouMean(
                            address,
                            options.resources.map((r) => r.name),
                        )}`,
                    );
                }
                const types = new Set(matches.map((r) => r.type));
                type = types.size === 1 ? matches[0]?.type : undefined;
            }
            perResource[address] = readValues(file, path, entry, type, sources, address);
        }
    }

    const sharedPlans: Record<string, string[]> = {};
    const shared = doc["shared_plans"];
    if (shared !== undefined && shared !== null) {
        if (!isRecord(shared))
            throw new UsageFileError(
                file,
                "shared_plans",
                "must be a mapping of plan keys (sentry:<org>, supabase:<org>, vercel:<team>, aws, gcp, github) to lists of stacks",
            );
        for (const [key, list] of Object.entries(shared)) {
            const path = `shared_plans.${key}`;
            if (!/^(aws|gcp|github|(supabase|sentry|vercel):.+)$/.test(key)) {
                throw new UsageFileError(
                    file,
                    path,
                    "unknown plan key: use supabase:<organizationId>, sentry:<organization>, vercel:<teamId>, aws, gcp or github",
                );
            }
            if (!Array.isArray(list) || list.length === 0 || !list.every((s) => typeof s === "string" && s !== "")) {
                throw new UsageFileError(file, path, "must be a non-empty list of stacks (`stack` of this project, or `project/stack`)");
            }
            const stacks = [
                ...new Set(
                    (list as string[]).map((s) => (s.includes("/") || options.project === undefined ? s : `${options.project}/${s}`)),
                ),
            ];
            const self = options.project !== undefined && options.stack !== undefined ? `${options.project}/${options.stack}` : undefined;
            // Only the plans this stack is said to share are split; a list without it says nothing about this stack.
            if (self === undefined || stacks.includes(self)) sharedPlans[key] = stacks;
        }
    }
    return { usage: { perType, perResource }, sharedPlans, sources };
}

/** The assumption keys that price at least one of `types` (or any type). */
export function keysFor(types: Iterable<string>): (keyof ResourceUsage)[] {
    const present = new Set(types);
    return USAGE_KEYS.filter((k) => {
        const t = appliesTo(k);
        return t === undefined || t.some((x) => present.has(x));
    });
}

/**
 * The assumptions a plan used, and where each came from: every key that prices a type of the plan with its
 * stack-wide value (the default and why), then each value the usage file sets.
 */
export function assumptionsUsed(types: Iterable<string>, doc: UsageDocument | null): AssumptionSource[] {
    const defaults = keysFor(types).map((key): AssumptionSource => ({
        target: "stack",
        key,
        value: defaultOf(key),
        source: `default: ${USAGE_NOTES[key]}`,
    }));
    return [...defaults, ...(doc?.sources ?? [])];
}
