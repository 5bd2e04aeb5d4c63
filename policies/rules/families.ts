// Data-store and endpoint families beyond the original RDS/S3/ElastiCache rules: one row per type token saying how
// each promise is read from its inputs. The concern modules merge these rows into their own tables, so a new type
// is one row here, not a new policy. Each reader returns a fix (what to change), or undefined when the promise holds,
// including when the provider already guarantees it (then the row says so and cites where).

import { AWS, GCP } from "./resource-types";
import { asString, get, readArray, readBoolean, readNumber, readString, type Props } from "./util";

/** Returns what is wrong as a fix, or undefined when the promise holds. */
export type Check = (props: Props) => string | undefined;

// ---------------------------------------------------------------------------------------------------------
// Encryption at rest (encryption-at-rest)
// ---------------------------------------------------------------------------------------------------------

/**
 * Types whose storage is not encrypted unless asked. Not listed because the provider always encrypts them:
 * DynamoDB, ElastiCache Serverless, MemoryDB, MSK, Redshift Serverless, FSx (all four), Secrets Manager, Backup
 * vaults, and every Google Cloud store (Google encrypts all data at rest by default). Redshift provisioned clusters
 * default to `encrypted: true` (@pulumi/aws 7 redshift/cluster.d.ts: "Default is `true`").
 */
export const FAMILY_AT_REST: Record<string, Check> = {
    // @pulumi/aws 7 neptune/cluster.d.ts storageEncrypted: "The default is `false` if not specified." (Checkov CKV_AWS_44)
    [AWS.neptuneCluster]: (p) =>
        readBoolean(p, "storageEncrypted") === true ? undefined : "set storageEncrypted: true (Neptune defaults to false)",
    // docdb/cluster.d.ts storageEncrypted: "The default is `false`." (Checkov CKV_AWS_74)
    [AWS.docdbCluster]: (p) =>
        readBoolean(p, "storageEncrypted") === true ? undefined : "set storageEncrypted: true (DocumentDB defaults to false)",
    // `encrypted` is a string in @pulumi/aws 7 ("true" / "false").
    [AWS.redshiftCluster]: (p) =>
        String(get(p, "encrypted")).toLowerCase() === "false" ? 'drop encrypted: "false" (Redshift encrypts by default)' : undefined,
    // DAX serverSideEncryption is off unless enabled (Checkov CKV_AWS_47).
    [AWS.daxCluster]: (p) =>
        readBoolean(p, "serverSideEncryption", "enabled") === true ? undefined : "set serverSideEncryption: { enabled: true }",
    // OpenSearch encryptAtRest is off unless enabled (Checkov CKV_AWS_5).
    [AWS.opensearchDomain]: (p) =>
        readBoolean(p, "encryptAtRest", "enabled") === true ? undefined : "set encryptAtRest: { enabled: true }",
    // Kinesis encryptionType defaults to NONE (Checkov CKV_AWS_43).
    [AWS.kinesisStream]: (p) =>
        readString(p, "encryptionType") === "KMS" ? undefined : 'set encryptionType: "KMS" (and kmsKeyId, e.g. alias/aws/kinesis)',
    // Firehose buffers records up to 24 h; serverSideEncryption is off unless enabled (Checkov CKV_AWS_240).
    // With a Kinesis stream as source, the stream's encryption governs (Firehose refuses SSE there).
    [AWS.firehoseStream]: (p) =>
        readBoolean(p, "serverSideEncryption", "enabled") === true || get(p, "kinesisSourceConfiguration") !== undefined
            ? undefined
            : "set serverSideEncryption: { enabled: true }",
    [AWS.ebsSnapshotCopy]: (p) => (readBoolean(p, "encrypted") === true ? undefined : "set encrypted: true"),
    // API Gateway stage cache: cached responses are stored unencrypted unless cacheDataEncrypted.
    [AWS.apiGatewayMethodSettings]: (p) =>
        readBoolean(p, "settings", "cachingEnabled") === true && readBoolean(p, "settings", "cacheDataEncrypted") !== true
            ? "set settings.cacheDataEncrypted: true (or turn caching off)"
            : undefined,
};

// ---------------------------------------------------------------------------------------------------------
// Encryption in transit (encryption-in-transit-data-stores)
// ---------------------------------------------------------------------------------------------------------

const CLOUD_SQL_TLS_MODES = ["ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"];

export const FAMILY_IN_TRANSIT: Record<string, Check> = {
    // DAX clusterEndpointEncryptionType defaults to NONE (Checkov CKV_AWS_239).
    [AWS.daxCluster]: (p) =>
        readString(p, "clusterEndpointEncryptionType") === "TLS" ? undefined : 'set clusterEndpointEncryptionType: "TLS"',
    // memorydb/cluster.d.ts tlsEnabled: "Defaults to `true`."
    [AWS.memorydbCluster]: (p) => (readBoolean(p, "tlsEnabled") === false ? "set tlsEnabled: true (the default)" : undefined),
    // OpenSearch: HTTPS enforced and node-to-node encryption (Checkov CKV_AWS_83, CKV_AWS_6).
    [AWS.opensearchDomain]: (p) => {
        const fixes: string[] = [];
        if (readBoolean(p, "domainEndpointOptions", "enforceHttps") !== true) fixes.push("domainEndpointOptions.enforceHttps: true");
        const tls = readString(p, "domainEndpointOptions", "tlsSecurityPolicy");
        if (tls !== undefined && !tls.startsWith("Policy-Min-TLS-1-2"))
            fixes.push('domainEndpointOptions.tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10"');
        if (readBoolean(p, "nodeToNodeEncryption", "enabled") !== true) fixes.push("nodeToNodeEncryption: { enabled: true }");
        return fixes.length === 0 ? undefined : `set ${fixes.join(", ")}`;
    },
    // MSK: clientBroker defaults to TLS and inCluster to true; plain text is an explicit choice (Checkov CKV_AWS_81).
    [AWS.mskCluster]: (p) => {
        const clientBroker = readString(p, "encryptionInfo", "encryptionInTransit", "clientBroker");
        const inCluster = readBoolean(p, "encryptionInfo", "encryptionInTransit", "inCluster");
        if ((clientBroker !== undefined && clientBroker !== "TLS") || inCluster === false) {
            return 'set encryptionInfo.encryptionInTransit { clientBroker: "TLS", inCluster: true }';
        }
        return undefined;
    },
    // Cloud SQL: sslMode defaults to ALLOW_UNENCRYPTED_AND_ENCRYPTED (GCP v9 replaced requireSsl with sslMode; Checkov CKV_GCP_6).
    [GCP.sqlInstance]: (p) => {
        const mode = readString(p, "settings", "ipConfiguration", "sslMode");
        return mode !== undefined && CLOUD_SQL_TLS_MODES.includes(mode)
            ? undefined
            : `set settings.ipConfiguration.sslMode: "ENCRYPTED_ONLY" (it is ${mode ?? "unset, which allows plain text"})`;
    },
    // Memorystore for Redis: transitEncryptionMode defaults to DISABLED (Checkov CKV_GCP_97).
    [GCP.redisInstance]: (p) =>
        readString(p, "transitEncryptionMode") === "SERVER_AUTHENTICATION"
            ? undefined
            : 'set transitEncryptionMode: "SERVER_AUTHENTICATION"',
    [GCP.memorystoreInstance]: (p) =>
        readString(p, "transitEncryptionMode") === "SERVER_AUTHENTICATION"
            ? undefined
            : 'set transitEncryptionMode: "SERVER_AUTHENTICATION"',
};

// ---------------------------------------------------------------------------------------------------------
// Backups (rpo-database-backups): native point-in-time recovery / automated backups
// ---------------------------------------------------------------------------------------------------------

/** Native backup state of a store: retention days (0 = off), whether the days count against minRetentionDays, and the fix. */
export interface NativeBackups {
    retentionDays: number;
    /** False when the service caps retention below the documents' figure (Cloud SQL logs: 7 days), so only "on" is judged. */
    judgeRetention: boolean;
    how: string;
}
export type BackupReader = (props: Props) => NativeBackups | "exempt";

const clusterRetention: BackupReader = (p) => ({
    retentionDays: readNumber(p, "backupRetentionPeriod") ?? 1,
    judgeRetention: true,
    how: "set backupRetentionPeriod",
});

export const FAMILY_BACKUPS: Record<string, BackupReader> = {
    // DocumentDB and Neptune keep continuous backups (point-in-time restore) for backupRetentionPeriod days, default 1.
    [AWS.docdbCluster]: clusterRetention,
    [AWS.neptuneCluster]: clusterRetention,
    // Redshift takes automated snapshots (every 8 h or 5 GB) kept automatedSnapshotRetentionPeriod days (default 1, 0 = off).
    [AWS.redshiftCluster]: (p) => ({
        retentionDays: readNumber(p, "automatedSnapshotRetentionPeriod") ?? 1,
        judgeRetention: false,
        how: "set automatedSnapshotRetentionPeriod",
    }),
    // Cloud SQL: backupConfiguration.enabled defaults to false; PITR needs pointInTimeRecoveryEnabled (PostgreSQL, SQL
    // Server) or binaryLogEnabled (MySQL). Transaction logs are kept at most 7 days on Enterprise edition.
    [GCP.sqlInstance]: (p) => {
        if (readString(p, "masterInstanceName") !== undefined) return "exempt"; // a read replica
        const version = readString(p, "databaseVersion") ?? "";
        const backups = readBoolean(p, "settings", "backupConfiguration", "enabled") === true;
        const pitr = version.startsWith("MYSQL")
            ? readBoolean(p, "settings", "backupConfiguration", "binaryLogEnabled") === true
            : readBoolean(p, "settings", "backupConfiguration", "pointInTimeRecoveryEnabled") === true;
        const flag = version.startsWith("MYSQL") ? "binaryLogEnabled" : "pointInTimeRecoveryEnabled";
        return {
            retentionDays: backups && pitr ? 7 : 0,
            judgeRetention: false,
            how: `set settings.backupConfiguration { enabled: true, ${flag}: true }`,
        };
    },
    // AlloyDB: continuous backup is on by default (14 days); only an explicit enabled: false turns it off.
    [GCP.alloydbCluster]: (p) => ({
        retentionDays:
            readBoolean(p, "continuousBackupConfig", "enabled") === false
                ? 0
                : (readNumber(p, "continuousBackupConfig", "recoveryWindowDays") ?? 14),
        judgeRetention: false,
        how: "set continuousBackupConfig: { enabled: true }",
    }),
    // Firestore: point-in-time recovery is off by default (pointInTimeRecoveryEnablement POINT_IN_TIME_RECOVERY_DISABLED).
    [GCP.firestoreDatabase]: (p) => ({
        retentionDays: readString(p, "pointInTimeRecoveryEnablement") === "POINT_IN_TIME_RECOVERY_ENABLED" ? 7 : 0,
        judgeRetention: false,
        how: 'set pointInTimeRecoveryEnablement: "POINT_IN_TIME_RECOVERY_ENABLED"',
    }),
};

// ---------------------------------------------------------------------------------------------------------
// Deletion guards (data-loss-deletion-protection)
// ---------------------------------------------------------------------------------------------------------

/** Returns the problems (each with its fix); empty when the store is guarded. */
export type DeletionCheck = (props: Props, config: { requireDeletionProtection: boolean; requireFinalSnapshot: boolean }) => string[];

const clusterGuards =
    (snapshotProp: string): DeletionCheck =>
    (p, config) => {
        const problems: string[] = [];
        if (config.requireDeletionProtection && readBoolean(p, "deletionProtection") !== true) {
            problems.push("deletionProtection is off, so any API call or destroy deletes the cluster. Fix: set deletionProtection: true.");
        }
        problems.push(...finalSnapshot(p, config, snapshotProp));
        return problems;
    };

function finalSnapshot(p: Props, config: { requireFinalSnapshot: boolean }, snapshotProp: string): string[] {
    if (!config.requireFinalSnapshot) return [];
    if (readBoolean(p, "skipFinalSnapshot") === true) {
        return [`skipFinalSnapshot is true, so deleting it leaves no snapshot. Fix: set skipFinalSnapshot: false and a ${snapshotProp}.`];
    }
    return readString(p, snapshotProp) === undefined
        ? [`no ${snapshotProp}, so the deletion fails or leaves no snapshot. Fix: set ${snapshotProp} (e.g. "<name>-final").`]
        : [];
}

/** An explicit `false` on a guard the provider turns on by default. */
const notDisabled =
    (prop: string, what: string): DeletionCheck =>
    (p, config) =>
        config.requireDeletionProtection && readBoolean(p, prop) === false
            ? [`${prop} is false, so ${what} can be deleted by a destroy. Fix: drop it (the default is true).`]
            : [];

function forceDestroy(p: Props, config: { requireDeletionProtection: boolean }): string[] {
    return config.requireDeletionProtection && readBoolean(p, "forceDestroy") === true
        ? [
              "forceDestroy is true, so a destroy or replacement deletes every object in the bucket. Fix: drop forceDestroy (the default is false).",
          ]
        : [];
}

function gcsSoftDelete(p: Props, config: { requireDeletionProtection: boolean }): string[] {
    if (
        !config.requireDeletionProtection ||
        readNumber(p, "softDeletePolicy", "retentionDurationSeconds") !== 0 ||
        readBoolean(p, "versioning", "enabled") === true
    ) {
        return [];
    }
    return [
        "softDeletePolicy.retentionDurationSeconds is 0 and versioning is off, so a deleted or overwritten object is gone at once. " +
            "Fix: drop softDeletePolicy (7 days by default) or set versioning: { enabled: true }.",
    ];
}

export const FAMILY_DELETION: Record<string, DeletionCheck> = {
    [AWS.neptuneCluster]: clusterGuards("finalSnapshotIdentifier"),
    [AWS.docdbCluster]: clusterGuards("finalSnapshotIdentifier"),
    // Redshift has no deletion-protection flag; skipFinalSnapshot defaults to false and then needs finalSnapshotIdentifier.
    [AWS.redshiftCluster]: (p, config) => finalSnapshot(p, config, "finalSnapshotIdentifier"),
    // Secrets Manager: recoveryWindowInDays 0 deletes without recovery (default 30).
    [AWS.secret]: (p, config) =>
        config.requireDeletionProtection && readNumber(p, "recoveryWindowInDays") === 0
            ? ["recoveryWindowInDays is 0, so a delete destroys the secret at once. Fix: set 7-30 days (default 30)."]
            : [],
    // forceDestroy deletes every object (and version) with the bucket on destroy or replacement; it defaults to false.
    [AWS.s3Bucket]: forceDestroy,
    [AWS.s3BucketV2]: forceDestroy,
    // Cloud Storage keeps deleted and overwritten objects 7 days by default (soft delete, on for every bucket since
    // March 2024: cloud.google.com/storage/docs/soft-delete; @pulumi/gcp 9 storage BucketSoftDeletePolicy
    // retentionDurationSeconds "Default value is 604800"). Only turning it off (0) without versioning loses them.
    [GCP.storageBucket]: (p, config) => [...forceDestroy(p, config), ...gcsSoftDelete(p, config)],
    // Google Cloud: the provider-side deletionProtection defaults to true on these; only an explicit false is a fault.
    [GCP.sqlInstance]: notDisabled("deletionProtection", "the instance"),
    [GCP.spannerDatabase]: notDisabled("deletionProtection", "the database"),
    [GCP.bigtableInstance]: notDisabled("deletionProtection", "the instance"),
    [GCP.alloydbCluster]: notDisabled("deletionProtection", "the cluster"),
};

// ---------------------------------------------------------------------------------------------------------
// Public data stores (data-loss-public-database)
// ---------------------------------------------------------------------------------------------------------

export const OPEN_CIDRS = ["0.0.0.0/0", "::/0"];

export const FAMILY_PUBLIC: Record<string, Check> = {
    [AWS.redshiftCluster]: (p) =>
        readBoolean(p, "publiclyAccessible") === true ? "set publiclyAccessible: false (the default)" : undefined,
    [AWS.redshiftServerlessWorkgroup]: (p) =>
        readBoolean(p, "publiclyAccessible") === true ? "set publiclyAccessible: false (the default)" : undefined,
    // Cloud SQL with a public IP (ipv4Enabled defaults to true) and an authorized network open to everyone (Checkov CKV_GCP_11).
    [GCP.sqlInstance]: (p) => {
        if (readBoolean(p, "settings", "ipConfiguration", "ipv4Enabled") === false) return undefined;
        const open = readArray(p, "settings", "ipConfiguration", "authorizedNetworks")
            .map((n) => asString(get(n, "value")))
            .filter((v): v is string => v !== undefined && OPEN_CIDRS.includes(v));
        return open.length === 0
            ? undefined
            : `remove ${open.join(" and ")} from settings.ipConfiguration.authorizedNetworks (list only the networks that must connect, or use private IP: ipv4Enabled: false and privateNetwork)`;
    },
};

/** Ports of data stores: a security-group ingress rule opening any of them to the internet exposes a database. */
export const DATA_PORTS: readonly { port: number; service: string }[] = [
    { port: 1433, service: "SQL Server" },
    { port: 1521, service: "Oracle" },
    { port: 2049, service: "NFS (EFS)" },
    { port: 2483, service: "Oracle TLS" },
    { port: 3306, service: "MySQL/Aurora" },
    { port: 5432, service: "PostgreSQL" },
    { port: 5439, service: "Redshift" },
    { port: 5984, service: "CouchDB" },
    { port: 6379, service: "Redis" },
    { port: 6380, service: "Redis TLS" },
    { port: 7000, service: "Cassandra" },
    { port: 8182, service: "Neptune" },
    { port: 9042, service: "Cassandra" },
    { port: 9092, service: "Kafka" },
    { port: 9094, service: "Kafka TLS" },
    { port: 9200, service: "OpenSearch" },
    { port: 9300, service: "OpenSearch" },
    { port: 11211, service: "Memcached" },
    { port: 27017, service: "MongoDB/DocumentDB" },
];

/** The data ports an ingress rule opens: all of them for protocol "-1"/"all", else those within fromPort..toPort. */
export function openedDataPorts(protocol: string | undefined, fromPort: number | undefined, toPort: number | undefined): string[] {
    const all = protocol === "-1" || protocol === "all";
    if (!all && protocol !== "tcp" && protocol !== "6") return [];
    const from = all ? 0 : (fromPort ?? 0);
    const to = all ? 65535 : (toPort ?? fromPort ?? 65535);
    return DATA_PORTS.filter((d) => d.port >= from && d.port <= to).map((d) => `${d.port} (${d.service})`);
}
