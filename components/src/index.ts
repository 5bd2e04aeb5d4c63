/**
 * @appstack/components: secure-by-default Pulumi components. One folder per capability, one file per provider;
 * import everything from the package root or a single capability from its subpath
 * (`@appstack/components/postgres/aws`).
 *
 * The root is the public API: the components and their args, the contracts a user implements (`Link`, a monitorable's
 * signal source), and what a stack needs around them (environment, stack config, the checks its config runs before
 * any resource). Every type is exported. Runtime internals (naming, validation and transform helpers, link
 * resolution, the dynamic providers, builders of `blocks/`) are not: inside the package they are imported by path.
 * Where a module holds both, its public values are listed by name; `tests/repo/exports.test.ts` holds the line.
 */
export type * from "./core";
export {
    AWS_REGIONS,
    addArgProblems,
    Component,
    ENVIRONMENT_KEY,
    ENVIRONMENT_STACK_NAMES,
    ENVIRONMENTS,
    EnvironmentError,
    InvalidArgumentError,
    readStackConfig,
    resolveEnvironment,
    secretValue,
    StackConfigError,
    stackEnvironment,
} from "./core";
export * from "./secrets/aws";
export type * from "./network/aws";
export { AwsNetwork, MAX_AZS, VPC_PREFIX_RANGE } from "./network/aws";
export type * from "./cdn/aws";
export {
    AwsCdn,
    CACHING_OPTIMIZED_POLICY_ID,
    CDN_MINIMUM_PROTOCOL_VERSIONS,
    CUSTOM_DOMAIN_MINIMUM_PROTOCOL_VERSION,
    DEFAULT_CERTIFICATE_MINIMUM_PROTOCOL_VERSION,
    HSTS_MAX_AGE_SECONDS,
} from "./cdn/aws";
export * from "./postgres/aws";
export type * from "./postgres/versions";
export { DEFAULT_POSTGRES_VERSION, engineVersionProblems, RDS_POSTGRES_VERSIONS } from "./postgres/versions";
export * from "./redis/aws";
export * from "./monitoring/aws";
export * from "./budget/aws";
export type * from "./service/aws";
export {
    AwsWebService,
    AwsWorkerService,
    CONTAINER_NAME,
    containerTaskProblems,
    DEFAULT_SSL_POLICY,
    FARGATE_TASK_SIZES,
} from "./service/aws";
export type * from "./waf/aws";
export {
    AwsWaf,
    DEFAULT_WAF_MANAGED_RULE_GROUPS,
    WAF_LONGEST_WINDOW_SECONDS,
    WAF_MANAGED_RULE_GROUP_PRIORITIES,
    WAF_MIN_RATE_LIMIT,
    WAF_RATE_RULE_NAME,
    WAF_RATE_WINDOWS,
    WAF_REDACTED_HEADERS,
} from "./waf/aws";
export * from "./waf/gcp";
export * from "./redis/upstash";
export * from "./storage/aws";
export * from "./web/vercel";
export type * from "./edge/cloudflare";
export {
    CLOUDFLARE_DNS_TYPES,
    CLOUDFLARE_FREE_MANAGED_RULESET_ID,
    CLOUDFLARE_MANAGED_RULESET_ID,
    CLOUDFLARE_OWASP_ANOMALY_RULE_ID,
    CLOUDFLARE_OWASP_RULESET_ID,
    CLOUDFLARE_PLAN_LIMITS,
    CLOUDFLARE_RATE_PERIODS,
    CloudflareEdge,
    DEFAULT_CLOUDFLARE_RATE_LIMIT,
} from "./edge/cloudflare";
export type * from "./ai/gcp";
export { API_KEYS_SERVICE, GcpGeminiApi, GEMINI_SERVICES } from "./ai/gcp";
export * from "./budget/gcp";
export * from "./secrets/gcp";
export * from "./service/gcp";
export type * from "./monitoring/gcp";
export { GcpMonitoring, UPTIME_PERIODS, UPTIME_REGIONS } from "./monitoring/gcp";
export * from "./postgres/supabase";
export type * from "./supabase/provider";
export {
    PITR_RETENTION_DAYS,
    SUPABASE_INSTANCE_SIZES,
    SUPABASE_REGIONS,
    SUPABASE_RESOURCE_INPUT,
    SUPABASE_RESOURCE_KINDS,
    SupabaseNetworkRestrictions,
    SupabasePitr,
    SupabasePostgresConfig,
    SupabaseProject,
    SupabaseReadReplica,
    SupabaseSslEnforcement,
} from "./supabase/provider";
export type * from "./mobile/workflows";
export {
    ACTION_PINS,
    ACTIONS,
    CAPACITOR_STORE_SECRETS,
    capacitorBuildWorkflow,
    capacitorLiveUpdateWorkflow,
    capacitorReleaseWorkflow,
    DEFAULT_CAPACITOR_BUILDS,
    DEFAULT_EAS_BUILDS,
    DEFAULT_EAS_PROFILES,
    DEFAULT_UPDATE_TARGETS,
    easBuildWorkflow,
    easJson,
    easJsonObject,
    easUpdateWorkflow,
    pinned,
    releaseWorkflow,
    testsWorkflow,
    TOOL_VERSIONS,
    toYaml,
} from "./mobile/workflows";
export type * from "./mobile/github";
export { GithubMobilePipeline, MOBILE_ENVIRONMENTS } from "./mobile/github";
export * from "./pipeline/workflows";
export * from "./pipeline/github";
export * from "./observability/sentry";
export * from "./monitoring/gcp-uptime";
export type * from "./monitoring/signals";
export { AwsSignalSourceBase, dashboardLine, GcpSignalSourceBase } from "./monitoring/signals";
export * from "./service/aws-signals";
export * from "./service/gcp-signals";
export * from "./postgres/aws-signals";
export * from "./redis/aws-signals";
export * from "./redis/upstash-signals";
export * from "./cdn/aws-signals";
export * from "./waf/aws-signals";
export * from "./storage/aws-signals";
export * from "./logs/aws";
export * from "./backup/aws";
export * from "./backup/gcp";
