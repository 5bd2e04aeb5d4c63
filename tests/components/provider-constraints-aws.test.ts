// What the AWS provider accepts, checked against what our components send in dev, staging and prod.
//
// Each rule below states an allowed set and where it comes from: the Terraform provider behind the Pulumi bridge
// (hashicorp/terraform-provider-aws, path + schema function) or, where the provider leaves the check to AWS, the
// AWS API reference. docs/provider-constraints.md is the same table in prose. One in-process plan per environment
// composes every AWS component the way stacks/index.ts does, so a regression in any default shows up here.
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { AwsBudget } from "../../components/src/budget/aws";
import { AwsCdn, DEFAULT_CERTIFICATE_MINIMUM_PROTOCOL_VERSION } from "../../components/src/cdn/aws";
import { AwsLogBucket } from "../../components/src/logs/aws";
import { AwsMonitoring } from "../../components/src/monitoring/aws";
import { AwsNetwork } from "../../components/src/network/aws";
import { AwsPostgres } from "../../components/src/postgres/aws";
import { AwsRedis } from "../../components/src/redis/aws";
import { AwsSecret } from "../../components/src/secrets/aws";
import { AwsWebService, AwsWorkerService, FARGATE_TASK_SIZES } from "../../components/src/service/aws";
import { AwsFileStorage } from "../../components/src/storage/aws";
import { AwsWaf } from "../../components/src/waf/aws";
import { type CapturedResource, type Plan, plan, planRejected } from "../support/plan";

type Inputs = Record<string, any>;
/** A broken constraint, as text; undefined or "" when the inputs are fine. */
type Rule = { type: string; what: string; check: (i: Inputs, r: CapturedResource) => string | undefined };

const oneOf = (allowed: readonly (string | number)[], value: unknown, what: string) =>
    value === undefined || allowed.includes(value as string | number)
        ? undefined
        : `${what} is ${JSON.stringify(value)}, not one of ${allowed.join(", ")}`;
const between = (min: number, max: number, value: unknown, what: string) =>
    value === undefined || (Number.isInteger(value) && (value as number) >= min && (value as number) <= max)
        ? undefined
        : `${what} is ${JSON.stringify(value)}, not ${min}..${max}`;
const matches = (re: RegExp, value: unknown, what: string) =>
    value === undefined || (typeof value === "string" && re.test(value))
        ? undefined
        : `${what} ${JSON.stringify(value)} does not match ${re}`;
const first = (...problems: (string | undefined)[]) => problems.find((p) => p !== undefined && p !== "");

const DAILY_WINDOW = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;
const WEEKLY_WINDOW = /^(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):[0-5]\d-(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):[0-5]\d$/;
const minutesOf = (window: string) => {
    const [from, to] = window.split("-").map((t) => t.split(":").slice(-2).map(Number));
    return (((to[0] * 60 + to[1] - (from[0] * 60 + from[1])) % 1440) + 1440) % 1440;
};
// terraform-provider-aws internal/service/logs/group.go, resourceGroup: retention_in_days validation.IntInSlice.
const LOG_RETENTION_DAYS = [0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
// AWS WAF logs to CloudWatch only into groups named aws-waf-logs-* (website/docs/r/wafv2_web_acl_logging_configuration.html.markdown).
const WAF_LOG_GROUP = /:log-group:aws-waf-logs-|loggroup\/aws-waf-logs-/;

const RULES: Rule[] = [
    // ---- CloudFront: internal/service/cloudfront/distribution.go, resourceDistribution (viewer_certificate, enums via enum.Validate).
    {
        type: "aws:cloudfront/distribution:Distribution",
        what: "viewer certificate",
        check: (i) => {
            const cert = i.viewerCertificate ?? {};
            // "If you have specified cloudfront_default_certificate, TLSv1 must be specified"
            // (website/docs/r/cloudfront_distribution.html.markdown; CloudFront API ViewerCertificate: "CloudFront
            // automatically sets the security policy to TLSv1 regardless of the value that you set here").
            if (cert.cloudfrontDefaultCertificate === true) {
                return first(
                    cert.minimumProtocolVersion === undefined || cert.minimumProtocolVersion === "TLSv1"
                        ? undefined
                        : `default certificate with minimumProtocolVersion ${cert.minimumProtocolVersion}, which AWS ignores (TLSv1 applies)`,
                    cert.acmCertificateArn === undefined ? undefined : "acmCertificateArn ConflictsWith cloudfrontDefaultCertificate",
                );
            }
            return first(
                // awstypes.MinimumProtocolVersion
                oneOf(
                    [
                        "SSLv3",
                        "TLSv1",
                        "TLSv1_2016",
                        "TLSv1.1_2016",
                        "TLSv1.2_2018",
                        "TLSv1.2_2019",
                        "TLSv1.2_2021",
                        "TLSv1.2_2025",
                        "TLSv1.3_2025",
                    ],
                    cert.minimumProtocolVersion,
                    "minimumProtocolVersion",
                ),
                oneOf(["sni-only", "vip", "static-ip"], cert.sslSupportMethod, "sslSupportMethod"), // awstypes.SSLSupportMethod
                cert.acmCertificateArn === undefined ? "neither the default certificate nor an ACM certificate" : undefined,
                (i.aliases ?? []).length > 0 ? undefined : "a custom certificate without aliases",
            );
        },
    },
    {
        type: "aws:cloudfront/distribution:Distribution",
        what: "enums",
        check: (i) =>
            first(
                oneOf(["PriceClass_All", "PriceClass_200", "PriceClass_100", "None"], i.priceClass, "priceClass"), // awstypes.PriceClass
                oneOf(["http1.1", "http2", "http2and3", "http3"], i.httpVersion, "httpVersion"), // awstypes.HttpVersion
                oneOf(
                    ["allow-all", "https-only", "redirect-to-https"],
                    i.defaultCacheBehavior?.viewerProtocolPolicy,
                    "viewerProtocolPolicy",
                ),
                oneOf(["none", "whitelist", "blacklist"], i.restrictions?.geoRestriction?.restrictionType, "restrictionType"),
                // A cache policy excludes the legacy forwarded_values/TTLs (distribution.go, default_cache_behavior).
                i.defaultCacheBehavior?.cachePolicyId !== undefined && i.defaultCacheBehavior?.forwardedValues !== undefined
                    ? "cachePolicyId with forwardedValues"
                    : undefined,
                typeof i.comment === "string" && i.comment.length > 128 ? "comment longer than 128" : undefined,
            ),
    },
    {
        // internal/service/cloudfront/origin_access_control.go: name 1..64, enums of awstypes.OriginAccessControl*.
        type: "aws:cloudfront/originAccessControl:OriginAccessControl",
        what: "OAC",
        check: (i) =>
            first(
                matches(/^.{1,64}$/, i.name, "name"),
                oneOf(["s3", "mediastore", "lambda", "mediapackagev2"], i.originAccessControlOriginType, "originType"),
                oneOf(["always", "never", "no-override"], i.signingBehavior, "signingBehavior"),
                oneOf(["sigv4"], i.signingProtocol, "signingProtocol"),
            ),
    },
    {
        // internal/service/cloudfront/response_headers_policy.go: awstypes.FrameOptionsList, awstypes.ReferrerPolicyList.
        type: "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
        what: "security headers",
        check: (i) => {
            const h = i.securityHeadersConfig ?? {};
            return first(
                oneOf(["DENY", "SAMEORIGIN"], h.frameOptions?.frameOption, "frameOption"),
                oneOf(
                    [
                        "no-referrer",
                        "no-referrer-when-downgrade",
                        "origin",
                        "origin-when-cross-origin",
                        "same-origin",
                        "strict-origin",
                        "strict-origin-when-cross-origin",
                        "unsafe-url",
                    ],
                    h.referrerPolicy?.referrerPolicy,
                    "referrerPolicy",
                ),
            );
        },
    },
    {
        // internal/service/acm/certificate.go: validation_method enum; key_algorithm awstypes.KeyAlgorithm. CloudFront
        // reads certificates from us-east-1 only.
        type: "aws:acm/certificate:Certificate",
        what: "certificate",
        check: (i) =>
            first(
                oneOf(["DNS", "EMAIL", "NONE"], i.validationMethod, "validationMethod"),
                oneOf(
                    ["RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1"],
                    i.keyAlgorithm,
                    "keyAlgorithm",
                ),
            ),
    },
    // ---- WAFv2: internal/service/wafv2/schemas.go (rateBasedStatementSchema, visibilityConfigSchema), web_acl.go.
    {
        type: "aws:wafv2/webAcl:WebAcl",
        what: "web ACL",
        check: (i) =>
            first(
                oneOf(["CLOUDFRONT", "REGIONAL"], i.scope, "scope"),
                i.scope === "CLOUDFRONT" && i.region !== "us-east-1" ? "a CLOUDFRONT web ACL outside us-east-1" : undefined,
                matches(/^[\w-]{1,128}$/, i.name, "name"),
                matches(/^[0-9A-Za-z_-]{1,128}$/, i.visibilityConfig?.metricName, "metricName"),
                ...(i.rules ?? []).flatMap((rule: Inputs) => {
                    const rate = rule.statement?.rateBasedStatement;
                    return [
                        matches(/^[\w-]{1,128}$/, rule.name, "rule name"),
                        matches(/^[0-9A-Za-z_-]{1,128}$/, rule.visibilityConfig?.metricName, "rule metricName"),
                        rate ? between(100, 2_000_000_000, rate.limit, "rateBasedStatement.limit") : undefined, // IntBetween(100, 2000000000)
                        rate ? oneOf([60, 120, 300, 600], rate.evaluationWindowSec, "evaluationWindowSec") : undefined, // IntInSlice
                        rate
                            ? oneOf(["IP", "FORWARDED_IP", "CUSTOM_KEYS", "CONSTANT"], rate.aggregateKeyType, "aggregateKeyType")
                            : undefined,
                        rate && rate.aggregateKeyType !== "CUSTOM_KEYS" && rate.customKeys !== undefined
                            ? "customKeys without aggregateKeyType CUSTOM_KEYS"
                            : undefined,
                    ];
                }),
            ),
    },
    {
        type: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
        what: "logging",
        check: (i) =>
            first(
                ...(i.logDestinationConfigs ?? []).map((arn: string) => matches(WAF_LOG_GROUP, arn, "log destination")),
                // fieldToMatchBaseSchema single_header.name: 1..40, ^[0-9a-z_-]+$
                ...(i.redactedFields ?? []).map((f: Inputs) => matches(/^[0-9a-z_-]{1,40}$/, f.singleHeader?.name, "redacted header")),
            ),
    },
    // ---- CloudWatch.
    {
        type: "aws:cloudwatch/logGroup:LogGroup",
        what: "retention",
        check: (i) => first(oneOf(LOG_RETENTION_DAYS, i.retentionInDays, "retentionInDays"), matches(/^[\w\-/.#]{1,512}$/, i.name, "name")),
    },
    {
        // internal/service/cloudwatch/metric_alarm.go, resourceMetricAlarm: statistic ConflictsWith extended_statistic and
        // metric_query; evaluate_low_sample_count_percentiles StringInSlice(evaluate, ignore); enums of awstypes.
        type: "aws:cloudwatch/metricAlarm:MetricAlarm",
        what: "alarm",
        check: (i) =>
            first(
                oneOf(["SampleCount", "Average", "Sum", "Minimum", "Maximum"], i.statistic, "statistic"),
                i.statistic !== undefined && i.extendedStatistic !== undefined ? "statistic with extendedStatistic" : undefined,
                matches(/^p\d{1,2}(\.\d{1,2})?$/, i.extendedStatistic, "extendedStatistic"),
                i.evaluateLowSampleCountPercentiles !== undefined && i.extendedStatistic === undefined
                    ? "evaluateLowSampleCountPercentiles without a percentile"
                    : undefined,
                oneOf(["evaluate", "ignore"], i.evaluateLowSampleCountPercentiles, "evaluateLowSampleCountPercentiles"),
                i.metricQueries !== undefined &&
                    [i.metricName, i.namespace, i.period, i.statistic, i.extendedStatistic].some((v) => v !== undefined)
                    ? "metricQueries with metricName/namespace/period/statistic"
                    : undefined,
                i.metricQueries === undefined && (i.metricName === undefined || i.namespace === undefined || i.period === undefined)
                    ? "a metric alarm without metricName, namespace and period"
                    : undefined,
                i.period === undefined || [10, 20, 30].includes(i.period) || i.period % 60 === 0
                    ? undefined
                    : `period ${i.period} (10, 20, 30 or a multiple of 60)`,
                oneOf(
                    [
                        "GreaterThanOrEqualToThreshold",
                        "GreaterThanThreshold",
                        "LessThanThreshold",
                        "LessThanOrEqualToThreshold",
                        "LessThanLowerOrGreaterThanUpperThreshold",
                        "LessThanLowerThreshold",
                        "GreaterThanUpperThreshold",
                    ],
                    i.comparisonOperator,
                    "comparisonOperator",
                ),
                oneOf(["missing", "ignore", "breaching", "notBreaching"], i.treatMissingData, "treatMissingData"),
                i.datapointsToAlarm !== undefined && i.datapointsToAlarm > i.evaluationPeriods
                    ? "datapointsToAlarm above evaluationPeriods"
                    : undefined,
                oneOf(
                    [
                        "Seconds",
                        "Microseconds",
                        "Milliseconds",
                        "Bytes",
                        "Kilobytes",
                        "Megabytes",
                        "Gigabytes",
                        "Terabytes",
                        "Bits",
                        "Percent",
                        "Count",
                        "Bytes/Second",
                        "Count/Second",
                        "None",
                    ],
                    i.unit,
                    "unit",
                ),
                // Route 53 health-check metrics exist only in us-east-1.
                i.namespace === "AWS/Route53" && i.region !== "us-east-1" ? "a Route 53 metric alarm outside us-east-1" : undefined,
                ...(i.metricQueries ?? []).map((q: Inputs) => matches(/^[a-z][A-Za-z0-9_]*$/, q.id, "metric query id")),
            ),
    },
    {
        type: "aws:cloudwatch/dashboard:Dashboard",
        what: "name",
        check: (i) => matches(/^[-_A-Za-z0-9]{1,255}$/, i.dashboardName, "dashboardName"),
    },
    // ---- SNS: internal/service/sns/topic_subscription.go, SubscriptionProtocol_Values; topic.go name regex.
    { type: "aws:sns/topic:Topic", what: "name", check: (i) => matches(/^[A-Za-z0-9_-]{1,256}$/, i.name, "name") },
    {
        type: "aws:sns/topicSubscription:TopicSubscription",
        what: "protocol",
        check: (i) =>
            oneOf(["application", "email", "email-json", "firehose", "http", "https", "lambda", "sms", "sqs"], i.protocol, "protocol"),
    },
    // ---- Route 53: internal/service/route53/health_check.go (request_interval IntInSlice{10,30}, failure_threshold
    // IntBetween(1,10), regions MinItems 3 of HealthCheckRegion); record.go (alias ConflictsWith ttl and records).
    {
        type: "aws:route53/healthCheck:HealthCheck",
        what: "health check",
        check: (i) =>
            first(
                oneOf(
                    ["HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP", "CALCULATED", "CLOUDWATCH_METRIC", "RECOVERY_CONTROL"],
                    i.type,
                    "type",
                ),
                oneOf([10, 30], i.requestInterval, "requestInterval"),
                between(1, 10, i.failureThreshold, "failureThreshold"),
                i.regions === undefined || i.regions.length >= 3 ? undefined : "fewer than 3 regions",
                ...(i.regions ?? []).map((r: string) =>
                    oneOf(
                        [
                            "us-east-1",
                            "us-west-1",
                            "us-west-2",
                            "eu-west-1",
                            "ap-southeast-1",
                            "ap-southeast-2",
                            "ap-northeast-1",
                            "sa-east-1",
                        ],
                        r,
                        "region",
                    ),
                ),
            ),
    },
    {
        type: "aws:route53/record:Record",
        what: "record",
        check: (i) =>
            first(
                oneOf(
                    [
                        "A",
                        "AAAA",
                        "CAA",
                        "CNAME",
                        "DS",
                        "HTTPS",
                        "MX",
                        "NAPTR",
                        "NS",
                        "PTR",
                        "SOA",
                        "SPF",
                        "SRV",
                        "SSHFP",
                        "SVCB",
                        "TLSA",
                        "TXT",
                    ],
                    i.type,
                    "type",
                ),
                i.aliases !== undefined && (i.ttl !== undefined || i.records !== undefined) ? "alias with ttl or records" : undefined,
                i.aliases === undefined && i.ttl === undefined ? "a non-alias record without ttl" : undefined,
            ),
    },
    // ---- Budgets: internal/service/budgets/budget.go (enums of awstypes.TimeUnit, NotificationType, ComparisonOperator, ThresholdType).
    {
        type: "aws:budgets/budget:Budget",
        what: "budget",
        check: (i) =>
            first(
                oneOf(
                    ["USAGE", "COST", "RI_UTILIZATION", "RI_COVERAGE", "SAVINGS_PLANS_UTILIZATION", "SAVINGS_PLANS_COVERAGE"],
                    i.budgetType,
                    "budgetType",
                ),
                oneOf(["DAILY", "MONTHLY", "QUARTERLY", "ANNUALLY", "CUSTOM"], i.timeUnit, "timeUnit"),
                matches(/^[^:\\]{1,100}$/, i.name, "name"),
                ...(i.notifications ?? []).flatMap((n: Inputs) => [
                    oneOf(["ACTUAL", "FORECASTED"], n.notificationType, "notificationType"),
                    oneOf(["GREATER_THAN", "LESS_THAN", "EQUAL_TO"], n.comparisonOperator, "comparisonOperator"),
                    oneOf(["PERCENTAGE", "ABSOLUTE_VALUE"], n.thresholdType, "thresholdType"),
                    (n.subscriberEmailAddresses ?? []).length + (n.subscriberSnsTopicArns ?? []).length > 0
                        ? undefined
                        : "a notification without subscribers",
                ]),
            ),
    },
    // ---- KMS (internal/service/kms/key.go: deletion_window_in_days IntBetween(7, 30)), Secrets Manager
    // (internal/service/secretsmanager/secret.go: recovery_window_in_days Any(IntBetween(7, 30), IntInSlice{0})).
    { type: "aws:kms/key:Key", what: "deletion window", check: (i) => between(7, 30, i.deletionWindowInDays, "deletionWindowInDays") },
    {
        type: "aws:secretsmanager/secret:Secret",
        what: "recovery window",
        check: (i) =>
            first(
                i.recoveryWindowInDays === 0 ? undefined : between(7, 30, i.recoveryWindowInDays, "recoveryWindowInDays"),
                matches(/^[\w/+=.@-]{1,512}$/, i.name, "name"),
            ),
    },
    // ---- RDS: internal/service/rds/instance.go (identifier validIdentifier, monitoring_interval IntInSlice,
    // backup_retention_period IntBetween(0, 35), windows verify.ValidOnceADayWindowFormat / ValidOnceAWeekWindowFormat,
    // performance_insights_retention_period 7, 731 or a multiple of 31); parameter_group.go (validParamGroupName).
    {
        type: "aws:rds/instance:Instance",
        what: "instance",
        check: (i) =>
            first(
                matches(/^[a-z](?!.*--)[a-z0-9-]{0,62}(?<!-)$/, i.identifier, "identifier"),
                matches(/^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,254}(?<!-)$/, i.finalSnapshotIdentifier, "finalSnapshotIdentifier"),
                oneOf([0, 1, 5, 10, 15, 30, 60], i.monitoringInterval, "monitoringInterval"),
                i.monitoringInterval > 0 && i.monitoringRoleArn === undefined ? "monitoringInterval without monitoringRoleArn" : undefined,
                between(0, 35, i.backupRetentionPeriod, "backupRetentionPeriod"),
                i.replicateSourceDb === undefined && (i.backupRetentionPeriod ?? 0) < 1
                    ? "a primary without backups (replicas need them)"
                    : undefined,
                matches(DAILY_WINDOW, i.backupWindow, "backupWindow"),
                matches(WEEKLY_WINDOW, i.maintenanceWindow, "maintenanceWindow"),
                i.backupWindow !== undefined && minutesOf(i.backupWindow) < 30 ? "backupWindow under 30 minutes" : undefined,
                i.performanceInsightsRetentionPeriod === undefined ||
                    [7, 731].includes(i.performanceInsightsRetentionPeriod) ||
                    i.performanceInsightsRetentionPeriod % 31 === 0
                    ? undefined
                    : "performanceInsightsRetentionPeriod not 7, 731 or a multiple of 31",
                oneOf(["standard", "gp2", "gp3", "io1", "io2"], i.storageType, "storageType"),
                i.maxAllocatedStorage !== undefined && i.allocatedStorage !== undefined && i.maxAllocatedStorage <= i.allocatedStorage
                    ? "maxAllocatedStorage not above allocatedStorage"
                    : undefined,
                // Replicas inherit these from the source; a primary needs them (instance.go: username required unless replicate_source_db).
                i.replicateSourceDb !== undefined && [i.username, i.dbName, i.manageMasterUserPassword].some((v) => v !== undefined)
                    ? "a replica with username/dbName/manageMasterUserPassword"
                    : undefined,
                i.replicateSourceDb === undefined && i.username === undefined ? "a primary without username" : undefined,
                i.parameterGroupName !== undefined &&
                    i.engineVersion !== undefined &&
                    !String(i.parameterGroupName).endsWith(`postgres${String(i.engineVersion).split(".")[0]}`)
                    ? "parameter group of another major"
                    : undefined,
            ),
    },
    {
        type: "aws:rds/parameterGroup:ParameterGroup",
        what: "parameter group",
        check: (i) =>
            first(
                matches(/^[a-z](?!.*--)[a-z0-9-]{0,254}(?<!-)$/, i.name, "name"),
                matches(/^postgres1[3-7]$/, i.family, "family"),
                ...(i.parameters ?? []).map((p: Inputs) => oneOf(["immediate", "pending-reboot"], p.applyMethod, "applyMethod")),
            ),
    },
    { type: "aws:rds/subnetGroup:SubnetGroup", what: "name", check: (i) => matches(/^[ .0-9a-z_-]{1,255}$/, i.name, "name") },
    {
        type: "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
        what: "retention",
        check: (i) => between(1, 35, i.retentionPeriod, "retentionPeriod"),
    },
    // ---- ElastiCache: internal/service/elasticache/replication_group.go (validReplicationGroupID: 1..40, lower case,
    // starts with a letter, no -- or trailing -; multi_az_enabled needs automatic_failover_enabled, which needs 2+
    // clusters; transit_encryption_mode enum; log_delivery_configuration enums; windows as RDS).
    {
        type: "aws:elasticache/replicationGroup:ReplicationGroup",
        what: "replication group",
        check: (i) =>
            first(
                matches(/^[a-z](?!.*--)[a-z0-9-]{0,39}(?<!-)$/, i.replicationGroupId, "replicationGroupId"),
                matches(DAILY_WINDOW, i.snapshotWindow, "snapshotWindow"),
                matches(WEEKLY_WINDOW, i.maintenanceWindow, "maintenanceWindow"),
                i.snapshotWindow !== undefined && minutesOf(i.snapshotWindow) < 60 ? "snapshotWindow under 60 minutes" : undefined,
                between(0, 35, i.snapshotRetentionLimit, "snapshotRetentionLimit"),
                between(1, 6, i.numCacheClusters, "numCacheClusters"),
                i.multiAzEnabled === true && i.automaticFailoverEnabled !== true
                    ? "multiAzEnabled without automaticFailoverEnabled"
                    : undefined,
                i.automaticFailoverEnabled === true && (i.numCacheClusters ?? 1) < 2 ? "automatic failover with one node" : undefined,
                oneOf(["preferred", "required"], i.transitEncryptionMode, "transitEncryptionMode"),
                i.authToken !== undefined && i.transitEncryptionEnabled !== true ? "authToken without transitEncryptionEnabled" : undefined,
                oneOf(["redis", "valkey"], i.engine, "engine"),
                i.parameterGroupName !== undefined &&
                    i.engineVersion !== undefined &&
                    !String(i.parameterGroupName).endsWith(`redis${String(i.engineVersion).split(".")[0]}`)
                    ? "parameter group of another major"
                    : undefined,
                ...(i.logDeliveryConfigurations ?? []).flatMap((l: Inputs) => [
                    oneOf(["cloudwatch-logs", "kinesis-firehose"], l.destinationType, "destinationType"),
                    oneOf(["text", "json"], l.logFormat, "logFormat"),
                    oneOf(["slow-log", "engine-log"], l.logType, "logType"),
                ]),
            ),
    },
    {
        type: "aws:elasticache/parameterGroup:ParameterGroup",
        what: "family",
        check: (i) => matches(/^redis[67](\.x)?$|^valkey[78]$/, i.family, "family"),
    },
    // ---- ECS (Fargate sizes: AWS ECS developer guide, "Task CPU and memory"; internal/service/ecs/service.go:
    // health_check_grace_period_seconds IntBetween(0, 2147483647), propagate_tags enum; the API refuses a grace
    // period on a service without load balancers).
    {
        type: "aws:ecs/taskDefinition:TaskDefinition",
        what: "Fargate size",
        check: (i) =>
            first(
                (FARGATE_TASK_SIZES[Number(i.cpu)] ?? []).includes(Number(i.memory)) ? undefined : `cpu ${i.cpu} with memory ${i.memory}`,
                oneOf(["awsvpc"], i.networkMode, "networkMode (Fargate)"),
                matches(/^[A-Za-z0-9_-]{1,255}$/, i.family, "family"),
            ),
    },
    {
        type: "aws:ecs/service:Service",
        what: "service",
        check: (i) =>
            first(
                i.healthCheckGracePeriodSeconds !== undefined && (i.loadBalancers ?? []).length === 0
                    ? "healthCheckGracePeriodSeconds without a load balancer"
                    : undefined,
                oneOf(["SERVICE", "TASK_DEFINITION", "NONE"], i.propagateTags, "propagateTags"),
                oneOf(["FARGATE", "EC2", "EXTERNAL"], i.launchType, "launchType"),
                between(0, 100, i.deploymentMinimumHealthyPercent, "deploymentMinimumHealthyPercent"),
            ),
    },
    {
        type: "aws:ecs/cluster:Cluster",
        what: "settings",
        check: (i) =>
            first(...(i.settings ?? []).map((s: Inputs) => oneOf(["enabled", "disabled", "enhanced"], s.value, "containerInsights"))),
    },
    // ---- ELBv2: internal/service/elbv2/validate.go (validName: 1..32, alphanumeric and -, no leading/trailing -;
    // validTargetGroupName), load_balancer.go (idle_timeout IntBetween(1, 4000)), target_group.go (health check
    // interval 5..300, timeout 2..120, thresholds 2..10; deregistration_delay 0..3600), listener.go (redirect status).
    {
        type: "aws:lb/loadBalancer:LoadBalancer",
        what: "load balancer",
        check: (i) =>
            first(
                matches(/^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/, i.name, "name"),
                between(1, 4000, i.idleTimeout, "idleTimeout"),
                oneOf(["application", "network", "gateway"], i.loadBalancerType, "loadBalancerType"),
            ),
    },
    {
        type: "aws:lb/targetGroup:TargetGroup",
        what: "target group",
        check: (i) => {
            const h = i.healthCheck ?? {};
            return first(
                matches(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/, i.name, "name"),
                between(5, 300, h.interval, "healthCheck.interval"),
                between(2, 120, h.timeout, "healthCheck.timeout"),
                h.timeout !== undefined && h.interval !== undefined && h.timeout >= h.interval
                    ? "healthCheck.timeout not below interval"
                    : undefined,
                between(2, 10, h.healthyThreshold, "healthyThreshold"),
                between(2, 10, h.unhealthyThreshold, "unhealthyThreshold"),
                between(0, 3600, i.deregistrationDelay, "deregistrationDelay"),
                oneOf(["instance", "ip", "lambda", "alb"], i.targetType, "targetType"),
                oneOf(["HTTP1", "HTTP2", "GRPC"], i.protocolVersion, "protocolVersion"),
            );
        },
    },
    {
        type: "aws:lb/listener:Listener",
        what: "listener",
        check: (i) =>
            first(
                oneOf(["HTTP", "HTTPS"], i.protocol, "protocol (ALB)"),
                i.sslPolicy !== undefined && i.protocol !== "HTTPS" ? "sslPolicy on a non-HTTPS listener" : undefined,
                i.protocol === "HTTPS" && i.certificateArn === undefined ? "HTTPS without certificateArn" : undefined,
                ...(i.defaultActions ?? []).map((a: Inputs) =>
                    a.redirect ? oneOf(["HTTP_301", "HTTP_302"], a.redirect.statusCode, "redirect.statusCode") : undefined,
                ),
            ),
    },
    {
        type: "aws:appautoscaling/target:Target",
        what: "capacity",
        check: (i) => (i.minCapacity <= i.maxCapacity ? undefined : `minCapacity ${i.minCapacity} above maxCapacity ${i.maxCapacity}`),
    },
    {
        // ALBRequestCountPerTarget needs a resource_label (internal/service/appautoscaling/policy.go; AWS API PredefinedMetricSpecification).
        type: "aws:appautoscaling/policy:Policy",
        what: "target tracking",
        check: (i) => {
            const m = i.targetTrackingScalingPolicyConfiguration?.predefinedMetricSpecification ?? {};
            return first(
                oneOf(
                    ["ECSServiceAverageCPUUtilization", "ECSServiceAverageMemoryUtilization", "ALBRequestCountPerTarget"],
                    m.predefinedMetricType,
                    "predefinedMetricType",
                ),
                m.predefinedMetricType === "ALBRequestCountPerTarget" && !m.resourceLabel
                    ? "ALBRequestCountPerTarget without resourceLabel"
                    : undefined,
            );
        },
    },
    // ---- S3: internal/service/s3/bucket.go (validBucketName), bucket_lifecycle_configuration.go (a rule needs a
    // filter or prefix; transition storage classes), bucket_replication_configuration.go (delete_marker_replication
    // and priority only in V2 rules, which need filter), bucket_server_side_encryption_configuration.go.
    {
        type: "aws:s3/bucket:Bucket",
        what: "name",
        check: (i) => matches(/^(?!xn--|sthree-)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, i.bucket, "bucket"),
    },
    {
        type: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        what: "rules",
        check: (i) =>
            first(
                ...(i.rules ?? []).flatMap((rule: Inputs) => [
                    rule.filter === undefined && rule.prefix === undefined ? `rule ${rule.id} without filter or prefix` : undefined,
                    oneOf(["Enabled", "Disabled"], rule.status, "status"),
                    matches(/^.{1,255}$/, rule.id, "rule id"),
                    rule.expiration?.expiredObjectDeleteMarker !== undefined && rule.expiration?.days !== undefined
                        ? "expiredObjectDeleteMarker with days"
                        : undefined,
                    ...[...(rule.transitions ?? []), ...(rule.noncurrentVersionTransitions ?? [])].map((t: Inputs) =>
                        oneOf(
                            ["GLACIER", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "DEEP_ARCHIVE", "GLACIER_IR"],
                            t.storageClass,
                            "transition storageClass",
                        ),
                    ),
                    ...(rule.transitions ?? []).map((t: Inputs) =>
                        ["STANDARD_IA", "ONEZONE_IA"].includes(t.storageClass) && t.days < 30
                            ? "STANDARD_IA/ONEZONE_IA before day 30"
                            : undefined,
                    ),
                ]),
            ),
    },
    {
        type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
        what: "rules",
        check: (i) =>
            first(
                ...(i.rules ?? []).flatMap((rule: Inputs) => [
                    (rule.deleteMarkerReplication !== undefined || rule.priority !== undefined) && rule.filter === undefined
                        ? "V2 fields (deleteMarkerReplication, priority) without filter"
                        : undefined,
                    oneOf(
                        [
                            "STANDARD",
                            "REDUCED_REDUNDANCY",
                            "STANDARD_IA",
                            "ONEZONE_IA",
                            "INTELLIGENT_TIERING",
                            "GLACIER",
                            "DEEP_ARCHIVE",
                            "GLACIER_IR",
                        ],
                        rule.destination?.storageClass,
                        "destination storageClass",
                    ),
                    rule.sourceSelectionCriteria?.sseKmsEncryptedObjects?.status === "Enabled" &&
                    !rule.destination?.encryptionConfiguration?.replicaKmsKeyId
                        ? "SSE-KMS objects replicated without replicaKmsKeyId"
                        : undefined,
                ]),
            ),
    },
    {
        type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        what: "encryption",
        check: (i) =>
            first(
                ...(i.rules ?? []).flatMap((rule: Inputs) => {
                    const d = rule.applyServerSideEncryptionByDefault ?? {};
                    return [
                        oneOf(["AES256", "aws:kms", "aws:kms:dsse"], d.sseAlgorithm, "sseAlgorithm"),
                        d.kmsMasterKeyId !== undefined && d.sseAlgorithm === "AES256" ? "kmsMasterKeyId with AES256" : undefined,
                    ];
                }),
            ),
    },
    {
        type: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
        what: "ownership",
        check: (i) => oneOf(["BucketOwnerPreferred", "ObjectWriter", "BucketOwnerEnforced"], i.rule?.objectOwnership, "objectOwnership"),
    },
    // ---- VPC: internal/service/ec2/vpc_flow_log.go (max_aggregation_interval IntInSlice{60, 600}; enums), IAM
    // (internal/service/iam/role.go: name ^[\w+=,.@-]{1,64}$, description charset), security groups (≤255, ASCII).
    {
        type: "aws:ec2/flowLog:FlowLog",
        what: "flow log",
        check: (i) =>
            first(
                oneOf([60, 600], i.maxAggregationInterval, "maxAggregationInterval"),
                oneOf(["ACCEPT", "REJECT", "ALL"], i.trafficType, "trafficType"),
                oneOf(["cloud-watch-logs", "s3", "kinesis-data-firehose"], i.logDestinationType, "logDestinationType"),
                i.logDestinationType === "cloud-watch-logs" && i.iamRoleArn === undefined
                    ? "CloudWatch delivery without iamRoleArn"
                    : undefined,
            ),
    },
    {
        type: "aws:iam/role:Role",
        what: "role",
        check: (i) =>
            first(
                matches(/^[\w+=,.@-]{1,64}$/, i.name, "name"),
                matches(/^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]{0,1000}$/, i.description, "description"),
            ),
    },
    {
        type: "aws:ec2/securityGroup:SecurityGroup",
        what: "group",
        check: (i) =>
            first(
                matches(/^(?!sg-)[\x20-\x7e]{1,255}$/, i.name, "name"),
                matches(/^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]{0,255}$/, i.description, "description"),
            ),
    },
    ...["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"].map(
        (type): Rule => ({
            type,
            what: "rule",
            check: (i) =>
                first(
                    matches(/^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]{0,255}$/, i.description, "description"),
                    i.fromPort !== undefined && i.toPort !== undefined && i.fromPort > i.toPort ? "fromPort above toPort" : undefined,
                    [i.cidrIpv4, i.cidrIpv6, i.prefixListId, i.referencedSecurityGroupId].filter((v) => v !== undefined).length === 1
                        ? undefined
                        : "not exactly one of cidrIpv4, cidrIpv6, prefixListId, referencedSecurityGroupId",
                ),
        }),
    ),
];

/** The AWS program of stacks/index.ts, with every optional part on (replicas, DR copies, WAF, access logs, content). */
function platform(): void {
    const network = new AwsNetwork("network", {});
    const db = new AwsPostgres("db", {
        network,
        replicas: 1,
        crossRegionReplica: { region: "us-west-2", subnetIds: ["subnet-dr-a", "subnet-dr-b"], vpcId: "vpc-dr" },
        backupReplication: { region: "us-west-2" },
    });
    const cache = new AwsRedis("cache", { network });
    const edgeWaf = new AwsWaf("edge-waf", { scope: "CLOUDFRONT" });
    const apiWaf = new AwsWaf("api-waf", { scope: "REGIONAL", rateLimit: { limit: 1000, windowSeconds: 300 } });
    new AwsCdn("web", {
        domain: { name: "www.example.com", aliases: ["example.com"], hostedZoneId: "Z0123456789ABC" },
        spa: true,
        webAcl: edgeWaf,
    });
    const secret = new AwsSecret("app-secrets", { keys: ["API_KEY"], values: { API_KEY: pulumi.secret("x") } });
    const accessLogs = new AwsLogBucket("api-access-logs", {});
    new AwsFileStorage("files", { replication: true, corsOrigins: ["https://www.example.com"] });
    const links = [secret, db, cache];
    const api = new AwsWebService("api", {
        network,
        image: "ghcr.io/acme/api:1.0.0",
        loadBalancer: {
            domain: { name: "api.example.com", hostedZoneId: "Z0123456789ABC" },
            webAcl: apiWaf,
            accessLogs: { bucket: accessLogs.bucketName, prefix: "api" },
        },
        links,
    });
    const worker = new AwsWorkerService("worker", { network, image: "ghcr.io/acme/api:1.0.0", links });
    const monitoring = new AwsMonitoring("monitoring", { notify: { emails: ["ops@example.com"] }, monitor: [api, worker, db, cache] });
    new AwsBudget("budget", { monthlyLimitUsd: 500, emails: ["finance@example.com"], topic: monitoring });
}

/** The dev variant: the web app on its *.cloudfront.net name (allowed in dev only). */
function devPlatform(): void {
    platform();
    new AwsCdn("preview", {});
}

function violations(p: Plan): string[] {
    const found: string[] = [];
    for (const rule of RULES) {
        for (const r of p.ofType(rule.type)) {
            const problem = rule.check(r.inputs as Inputs, r);
            if (problem) found.push(`${r.type} ${r.name} (${rule.what}): ${problem}`);
        }
    }
    return found;
}

const ENVIRONMENTS = ["dev", "staging", "prod"] as const;

describe("AWS inputs lie within what the provider accepts", () => {
    const plans: Partial<Record<(typeof ENVIRONMENTS)[number], Plan>> = {};
    beforeAll(async () => {
        for (const env of ENVIRONMENTS) plans[env] = await plan(env === "dev" ? devPlatform : platform, { stack: env });
    });

    for (const env of ENVIRONMENTS) {
        it(`${env}: every constrained input is in its allowed set`, () => {
            const p = plans[env] as Plan;
            expect(violations(p)).toEqual([]);
        });
    }

    it("checks every constrained type in at least one environment (not vacuous)", () => {
        const planned = (type: string) => ENVIRONMENTS.some((env) => (plans[env] as Plan).ofType(type).length > 0);
        expect([...new Set(RULES.map((r) => r.type))].filter((type) => !planned(type))).toEqual([]);
    });

    it("dev without a domain sends TLSv1, the only policy CloudFront's default certificate has", () => {
        const preview = (plans.dev as Plan).one("aws:cloudfront/distribution:Distribution", "preview-distribution");
        expect((preview.inputs as Inputs).viewerCertificate).toEqual({
            cloudfrontDefaultCertificate: true,
            minimumProtocolVersion: DEFAULT_CERTIFICATE_MINIMUM_PROTOCOL_VERSION,
        });
        // The rule itself catches the old input (TLSv1.2_2021 on the default certificate).
        const old = {
            ...preview,
            inputs: { viewerCertificate: { cloudfrontDefaultCertificate: true, minimumProtocolVersion: "TLSv1.2_2021" } },
        } as CapturedResource;
        expect(violations({ ofType: (t: string) => (t === preview.type ? [old] : []) } as Plan)).toEqual([
            expect.stringMatching(/TLSv1\.2_2021, which AWS ignores/),
        ]);
    });

    it("staging and prod refuse a CDN without a custom domain before registering anything", async () => {
        for (const stack of ["staging", "prod"]) {
            const { error, plan: p } = await planRejected(() => new AwsCdn("web", {}), { stack });
            expect((error as Error).message).toMatch(/`domain` is missing/);
            expect(p.resources.filter((r) => r.type.startsWith("aws:"))).toEqual([]);
        }
    });

    it("refuses a WAF rate limit under the provider's 100 (schemas.go rateBasedStatementSchema: IntBetween(100, 2000000000))", async () => {
        const { error } = await planRejected(() => new AwsWaf("waf", { scope: "REGIONAL", rateLimit: { limit: 99 } }));
        expect((error as Error).message).toMatch(/rateLimit\.limit` is 99; allowed: an integer from 100/);
        expect(violations(await plan(() => new AwsWaf("waf", { scope: "REGIONAL", rateLimit: { limit: 100 } })))).toEqual([]);
    });
});
