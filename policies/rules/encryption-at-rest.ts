// Encryption at rest (InteliFeed: "encrypted backup data at rest"; CharterFlow: S3 "with lifecycle and
// encryption"). Each stateful type has a reader that says what is missing.

import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { FAMILY_AT_REST } from "./families";
import { AWS, BUCKET_TYPES, GCP, VERCEL } from "./resource-types";
import {
    configSchema,
    get,
    judgeEach,
    label,
    ofType,
    readArray,
    readBoolean,
    readConfig,
    readNumber,
    readString,
    referrers,
    reportOn,
    type Props,
} from "./util";

// ---------------------------------------------------------------------------------------------------------
// encryption-at-rest
// ---------------------------------------------------------------------------------------------------------

export const encryptionAtRestSchema = configSchema<{ requireCustomerManagedKeys: boolean }>({
    requireCustomerManagedKeys: {
        type: "boolean",
        default: false,
        description:
            "Also require a customer-managed KMS key (kmsKeyId / kmsMasterKeyId) instead of the AWS-managed default. " +
            "The documents ask for encryption, not for key ownership, so this is off by default.",
    },
});

/** Returns what is wrong (a fix), or undefined when the resource is encrypted as required. */
type AtRestCheck = (props: Props, requireCmk: boolean) => string | undefined;

const cmk = (props: Props, key: string, requireCmk: boolean): string | undefined =>
    requireCmk && readString(props, key) === undefined ? `set ${key} to a customer-managed KMS key ARN` : undefined;

/** Encryption-at-rest checks by type. Add other providers' stateful types here. */
export const AT_REST_CHECKS: Record<string, AtRestCheck> = {
    [AWS.rdsInstance]: (props, requireCmk) => {
        // A cross-region replica is encrypted by giving it a kmsKeyId (storageEncrypted is ignored there).
        const replica = readString(props, "replicateSourceDb") !== undefined;
        const encrypted = readBoolean(props, "storageEncrypted") === true || (replica && readString(props, "kmsKeyId") !== undefined);
        return encrypted
            ? cmk(props, "kmsKeyId", requireCmk)
            : "set storageEncrypted: true (it defaults to false; replicas in another region: kmsKeyId)";
    },
    [AWS.rdsCluster]: (props, requireCmk) => {
        const encrypted = readBoolean(props, "storageEncrypted") === true || readString(props, "engineMode") === "serverless";
        return encrypted ? cmk(props, "kmsKeyId", requireCmk) : "set storageEncrypted: true";
    },
    [AWS.elasticacheReplicationGroup]: (props, requireCmk) =>
        readBoolean(props, "atRestEncryptionEnabled") === true ? cmk(props, "kmsKeyId", requireCmk) : "set atRestEncryptionEnabled: true",
    // aws.elasticache.Cluster has no at-rest flag (CreateCacheCluster takes none): a standalone cluster, Redis OSS, Valkey
    // or Memcached, is never encrypted at rest. A member of a replication group (replicationGroupId) is judged on the group.
    [AWS.elasticacheCluster]: (props) =>
        readString(props, "replicationGroupId") !== undefined
            ? undefined
            : "a standalone aws.elasticache.Cluster cannot be encrypted at rest (it has no at-rest setting); replace it with an " +
              "aws.elasticache.ReplicationGroup (numCacheClusters: 1 for a single node) with atRestEncryptionEnabled: true (and transitEncryptionEnabled: true)",
    [AWS.ebsVolume]: (props, requireCmk) =>
        readBoolean(props, "encrypted") === true ? cmk(props, "kmsKeyId", requireCmk) : "set encrypted: true",
    [AWS.efsFileSystem]: (props, requireCmk) =>
        readBoolean(props, "encrypted") === true ? cmk(props, "kmsKeyId", requireCmk) : "set encrypted: true",
    [AWS.snsTopic]: (props, requireCmk) => {
        const key = readString(props, "kmsMasterKeyId");
        if (key === undefined) {
            return "set kmsMasterKeyId (e.g. alias/aws/sns, or a customer-managed key)";
        }
        return requireCmk && key === "alias/aws/sns" ? "set kmsMasterKeyId to a customer-managed KMS key" : undefined;
    },
    [AWS.sqsQueue]: (props, requireCmk) => {
        if (readString(props, "kmsMasterKeyId") !== undefined) {
            return undefined;
        }
        if (requireCmk) {
            return "set kmsMasterKeyId to a customer-managed KMS key";
        }
        // Since late 2022 SQS encrypts every new queue with SSE-SQS unless told otherwise, so an unset
        // sqsManagedSseEnabled is encrypted; only an explicit false (without a KMS key) turns encryption off.
        return readBoolean(props, "sqsManagedSseEnabled") === false
            ? "set sqsManagedSseEnabled: true (or drop the explicit false: SSE-SQS is the default), or set kmsMasterKeyId"
            : undefined;
    },
    // The other data-store families (Neptune, DocumentDB, DAX, OpenSearch, Kinesis, ...): rules/families.ts.
    ...Object.fromEntries(Object.entries(FAMILY_AT_REST).map(([type, check]): [string, AtRestCheck] => [type, (props) => check(props)])),
};

export const encryptionAtRest: ResourceValidationPolicy = {
    name: "encryption-at-rest",
    description:
        "Databases, caches, volumes, file systems, streams, topics and queues are encrypted at rest (standalone ElastiCache clusters cannot be; " +
        "SQS queues are by default unless SSE is turned off; types the provider always encrypts are not judged).",
    configSchema: encryptionAtRestSchema,
    validateResource: (args, report) => {
        const check = AT_REST_CHECKS[args.type];
        if (check === undefined) {
            return;
        }
        const { requireCustomerManagedKeys } = readConfig(args, encryptionAtRestSchema);
        const fix = check(args.props, requireCustomerManagedKeys);
        if (fix !== undefined) {
            report(`${args.name} (${args.type}) is not encrypted at rest as required. Fix: ${fix}.`);
        }
    },
};

// ---------------------------------------------------------------------------------------------------------
// encryption-at-rest-customer-keys (advisory): types AWS already encrypts by default
// ---------------------------------------------------------------------------------------------------------

export const customerKeysSchema = configSchema<{ logGroups: boolean; dynamodbTables: boolean }>({
    logGroups: {
        type: "boolean",
        default: true,
        description:
            "Ask CloudWatch log groups for kmsKeyId. CloudWatch Logs already encrypts all log data at rest with service-owned " +
            "keys, so this is about customer-controlled keys (revocation, audit): the policy is ADVISORY by default.",
    },
    dynamodbTables: {
        type: "boolean",
        default: true,
        description:
            "Ask DynamoDB tables for serverSideEncryption.enabled (a KMS key: AWS-managed or kmsKeyArn). Tables are always " +
            "encrypted with AWS-owned keys otherwise, so this too is ADVISORY by default.",
    },
});

export const encryptionAtRestCustomerKeys: ResourceValidationPolicy = {
    name: "encryption-at-rest-customer-keys",
    description: "Log groups and DynamoDB tables, already encrypted by AWS, use a KMS key the account controls.",
    enforcementLevel: "advisory",
    configSchema: customerKeysSchema,
    validateResource: (args, report) => {
        const config = readConfig(args, customerKeysSchema);
        if (args.type === AWS.logGroup && config.logGroups && readString(args.props, "kmsKeyId") === undefined) {
            report(
                `${args.name}: log group uses CloudWatch's service-owned encryption key. Fix: set kmsKeyId to a KMS key ` +
                    `whose policy allows logs.<region>.amazonaws.com, so access to the logs can be audited and revoked.`,
            );
        }
        if (
            args.type === AWS.dynamodbTable &&
            config.dynamodbTables &&
            readBoolean(args.props, "serverSideEncryption", "enabled") !== true
        ) {
            report(
                `${args.name}: table uses DynamoDB's AWS-owned key. Fix: set serverSideEncryption: { enabled: true } ` +
                    `(AWS-managed aws/dynamodb key) or add kmsKeyArn for a customer-managed key.`,
            );
        }
    },
};

// ---------------------------------------------------------------------------------------------------------
// encryption-at-rest-s3-buckets (stack)
// ---------------------------------------------------------------------------------------------------------

export const s3EncryptionSchema = configSchema<{ requireKms: boolean }>({
    requireKms: {
        type: "boolean",
        default: false,
        description: "Require SSE-KMS (sseAlgorithm aws:kms or aws:kms:dsse) rather than SSE-S3 (AES256).",
    },
});

const ENCRYPTION_CONFIG_TYPES = [AWS.s3Encryption, AWS.s3EncryptionV2];

function sseAlgorithms(rules: unknown[]): string[] {
    return rules
        .map((r) => readString(r, "applyServerSideEncryptionByDefault", "sseAlgorithm"))
        .filter((a): a is string => a !== undefined);
}

export const encryptionAtRestS3Buckets: StackValidationPolicy = {
    name: "encryption-at-rest-s3-buckets",
    description:
        "S3 buckets are encrypted: SSE-S3 is S3's default for every new object since January 2023, so a bucket without a configuration passes; " +
        "with requireKms, a BucketServerSideEncryptionConfiguration with SSE-KMS is required.",
    configSchema: s3EncryptionSchema,
    validateStack: (args, report) => {
        const { requireKms } = readConfig(args, s3EncryptionSchema);
        const configs = ofType(args.resources, ENCRYPTION_CONFIG_TYPES);
        judgeEach(ofType(args.resources, BUCKET_TYPES), (bucket) => {
            const attached = referrers(configs, "bucket", bucket, { useDependencies: true });
            const algorithms = [
                ...attached.flatMap((c) => sseAlgorithms(readArray(c.props, "rules"))),
                // Deprecated inline configuration on the bucket itself.
                ...sseAlgorithms([get(bucket.props, "serverSideEncryptionConfiguration", "rule")]),
            ];
            // Since 5 January 2023 S3 encrypts every new object with SSE-S3 when the bucket has no configuration
            // (https://aws.amazon.com/blogs/aws/amazon-s3-encrypts-new-objects-by-default/), so only SSE-KMS can be missing.
            if (algorithms.length === 0 && requireKms) {
                reportOn(
                    report,
                    bucket,
                    `${label(bucket)} has no server-side encryption configuration, so S3 applies SSE-S3, and SSE-KMS is required. Fix: add an ` +
                        `aws.s3.BucketServerSideEncryptionConfiguration with bucket: <this bucket>.id and rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }].`,
                );
            } else if (requireKms && !algorithms.some((a) => a.startsWith("aws:kms"))) {
                reportOn(
                    report,
                    bucket,
                    `${label(bucket)} uses ${algorithms.join(", ")}; SSE-KMS is required. Fix: set sseAlgorithm: "aws:kms" and kmsMasterKeyId.`,
                );
            }
        });
    },
};

// ---------------------------------------------------------------------------------------------------------
// encryption-at-rest-vercel-sensitive-env: secret handling of Vercel environment variables
// ---------------------------------------------------------------------------------------------------------

export const vercelSensitiveEnvSchema = configSchema<{ secretNamePattern: string; publicPrefixes: string[] }>({
    secretNamePattern: {
        type: "string",
        default: "KEY|SECRET|TOKEN|PASSWORD",
        description:
            "Regular expression (case-insensitive) of variable names that hold secrets. Such a Vercel ProjectEnvironmentVariable " +
            "must be sensitive: true (write-only: encrypted and never readable back through the dashboard or API).",
    },
    publicPrefixes: {
        type: "array",
        items: { type: "string" },
        default: ["NEXT_PUBLIC_", "VITE_", "EXPO_PUBLIC_", "PUBLIC_", "NUXT_PUBLIC_", "REACT_APP_"],
        description:
            "Prefixes of variables that frameworks inline into the browser bundle (public by design, e.g. NEXT_PUBLIC_SUPABASE_ANON_KEY): " +
            "exempt, since marking them sensitive would not keep them secret.",
    },
});

export const encryptionAtRestVercelSensitiveEnv: ResourceValidationPolicy = {
    name: "encryption-at-rest-vercel-sensitive-env",
    description: "Vercel environment variables whose names look secret (KEY, SECRET, TOKEN, PASSWORD) are sensitive.",
    configSchema: vercelSensitiveEnvSchema,
    validateResource: (args, report) => {
        if (args.type !== VERCEL.envVar) {
            return;
        }
        const config = readConfig(args, vercelSensitiveEnvSchema);
        const key = readString(args.props, "key");
        if (
            key === undefined ||
            config.publicPrefixes.some((p) => key.startsWith(p)) ||
            !new RegExp(config.secretNamePattern, "i").test(key)
        ) {
            return;
        }
        if (readBoolean(args.props, "sensitive") !== true) {
            const targets = readArray(args.props, "targets").filter((t): t is string => typeof t === "string");
            const development = targets.includes("development")
                ? " Sensitive variables cannot target development: give local development its own value (vercel env pull is not for secrets)."
                : "";
            report(
                `${args.name}: ${key} looks like a secret but is not sensitive, so anyone on the team can read it back in the dashboard or through the API. ` +
                    `Fix: set sensitive: true (VercelWebApp secrets instead of env).${development}`,
            );
        }
    },
};

// ---------------------------------------------------------------------------------------------------------
// encryption-at-rest-key-rotation (advisory)
// ---------------------------------------------------------------------------------------------------------

export const keyRotationSchema = configSchema<{ maxRotationDays: number }>({
    maxRotationDays: {
        type: "integer",
        minimum: 1,
        default: 365,
        description:
            "Longest accepted rotation period for Cloud KMS keys (days). The documents ask for encryption, not for a rotation schedule, " +
            "so this policy is ADVISORY by default (Checkov CKV_AWS_7 and CKV_GCP_43 make it a finding).",
    },
});

export const encryptionAtRestKeyRotation: ResourceValidationPolicy = {
    name: "encryption-at-rest-key-rotation",
    description: "Symmetric AWS KMS keys rotate yearly (enableKeyRotation); Cloud KMS keys have a rotationPeriod within maxRotationDays.",
    enforcementLevel: "advisory",
    configSchema: keyRotationSchema,
    validateResource: (args, report) => {
        const { maxRotationDays } = readConfig(args, keyRotationSchema);
        if (args.type === AWS.kmsKey) {
            // Only symmetric encryption keys can rotate automatically (keySpec SYMMETRIC_DEFAULT, the default).
            const spec = readString(args.props, "customerMasterKeySpec") ?? readString(args.props, "keySpec") ?? "SYMMETRIC_DEFAULT";
            if (spec === "SYMMETRIC_DEFAULT" && readBoolean(args.props, "enableKeyRotation") !== true) {
                report(
                    `${args.name}: the KMS key does not rotate. Fix: set enableKeyRotation: true (rotationPeriodInDays 90-2560, default 365).`,
                );
            }
        }
        if (args.type === GCP.kmsCryptoKey) {
            const period = readString(args.props, "rotationPeriod");
            const seconds = period === undefined ? undefined : readNumber({ s: period.replace(/s$/, "") }, "s");
            if (seconds === undefined || seconds > maxRotationDays * 86400) {
                report(
                    `${args.name}: the Cloud KMS key ${period === undefined ? "has no rotationPeriod" : `rotates every ${period}`}. Fix: set rotationPeriod: "${maxRotationDays * 86400}s" or less.`,
                );
            }
        }
    },
};

export const encryptionAtRestPolicies = [
    encryptionAtRest,
    encryptionAtRestCustomerKeys,
    encryptionAtRestS3Buckets,
    encryptionAtRestVercelSensitiveEnv,
    encryptionAtRestKeyRotation,
];
