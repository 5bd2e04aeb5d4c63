// Single-fault programs translated from other projects' own rule tests, judged by the real pack through the analyzer
// protocol (one pack process for every case: startGate with reuse, as `plan --all` does) under policies/config/prod.json.
// Each case is a captured program (the resources a Pulumi program registers, with their inputs, outputs, `protect` and
// property dependencies) in two variants: the peer's non-compliant case, which must be blocked by the named policy on
// the named resource and by nothing else, and its compliant twin, which must raise no mandatory violation.
//
// Sources (read 2026-12-06 from the repositories' default branches):
//   trivy   aquasecurity/trivy-checks checks/cloud/<provider>/<service>/<check>.yaml (terraform good/bad examples)
//   checkov bridgecrewio/checkov tests/terraform/checks/resource/<provider>/example_<Check>/main.tf
//   kics    Checkmarx/kics assets/queries/terraform/<provider>/<query>/test/{positive,negative}*.tf (query id in brackets)
//   prowler prowler-cloud/prowler prowler/providers/<provider>/services/<service>/<check>/
//   awsguard pulumi/pulumi-policy-aws src/*.ts;  compliance-policies pulumi/compliance-policies vendor-aws/aws/**
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CapturedResource } from "../../tools/plan/engine";
import { type GateResult, startGate } from "../../tools/plan/gate";
import { resource, stackResource } from "./support";

const REPO = path.resolve(__dirname, "../..");
const PROD = path.join(REPO, "policies/config/prod.json");
const ACCOUNT = "123456789012";
const REGION = "us-east-1";

type Res = CapturedResource;
type Extra = Parameters<typeof resource>[3];

const res = (type: string, name: string, inputs: Record<string, unknown>, extra: Extra = {}): Res => resource(type, name, inputs, extra);
/** A stateful resource: protected, as data-loss-protect asks in prod. */
const kept = (type: string, name: string, inputs: Record<string, unknown>, extra: Extra = {}): Res =>
    resource(type, name, inputs, { protect: true, ...extra });
/** A registered output of a captured resource (the value the program would pass on). */
const outputOf = (r: Res, key: string): unknown => r.wire.outputs[key];
const arn = (service: string, rest: string, region = REGION): string => `arn:aws:${service}:${region}:${ACCOUNT}:${rest}`;

function budget(): Res {
    return res("aws:budgets/budget:Budget", "monthly", {
        budgetType: "COST",
        timeUnit: "MONTHLY",
        limitAmount: "3000",
        limitUnit: "USD",
        notifications: [
            {
                comparisonOperator: "GREATER_THAN",
                notificationType: "ACTUAL",
                threshold: 80,
                thresholdType: "PERCENTAGE",
                subscriberEmailAddresses: ["ops@example.com"],
            },
        ],
    });
}

function webAcl(name: string, scope: "CLOUDFRONT" | "REGIONAL"): Res {
    const visibility = { cloudwatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true };
    return res(
        "aws:wafv2/webAcl:WebAcl",
        name,
        {
            scope,
            defaultAction: { allow: {} },
            rules: [
                {
                    name: "rate-limit",
                    priority: 0,
                    action: { block: {} },
                    statement: { rateBasedStatement: { limit: 500, aggregateKeyType: "IP" } },
                    visibilityConfig: visibility,
                },
                {
                    name: "aws-common",
                    priority: 1,
                    overrideAction: { none: {} },
                    statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" } },
                    visibilityConfig: visibility,
                },
            ],
            visibilityConfig: visibility,
        },
        { outputs: { arn: arn("wafv2", `global/webacl/${name}/1`) } },
    );
}

/** A prod-compliant RDS for PostgreSQL 16 instance (and its cross-region backup replication), with `over` merged in. */
function rds(name: string, over: Record<string, unknown> = {}): Res[] {
    const dbArn = arn("rds", `db:${name}`);
    return [
        kept(
            "aws:rds/instance:Instance",
            name,
            {
                engine: "postgres",
                engineVersion: "16.4",
                instanceClass: "db.t4g.medium",
                allocatedStorage: 50,
                storageEncrypted: true,
                multiAz: true,
                backupRetentionPeriod: 30,
                publiclyAccessible: false,
                deletionProtection: true,
                skipFinalSnapshot: false,
                finalSnapshotIdentifier: `${name}-final`,
                ...over,
            },
            { outputs: { arn: dbArn } },
        ),
        res("aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication", `${name}-backups-us-west-2`, {
            region: "us-west-2",
            sourceDbInstanceArn: dbArn,
            retentionPeriod: 30,
        }),
    ];
}

/** An Aurora PostgreSQL cluster, compliant in prod: 30-day backups, a global-cluster-free cross-region path via AWS Backup. */
function aurora(name: string, over: Record<string, unknown> = {}, schedule = "cron(0 * * * ? *)"): Res[] {
    const clusterArn = arn("rds", `cluster:${name}`);
    const vault = arn("backup", "backup-vault:dr", "us-west-2");
    const plan = res("aws:backup/plan:Plan", `${name}-plan`, {
        rules: [
            {
                ruleName: "hourly",
                targetVaultName: "main",
                schedule,
                lifecycle: { deleteAfter: 35 },
                copyActions: [{ destinationVaultArn: vault, lifecycle: { deleteAfter: 35 } }],
            },
        ],
    });
    return [
        kept(
            "aws:rds/cluster:Cluster",
            name,
            {
                engine: "aurora-postgresql",
                engineVersion: "16.4",
                storageEncrypted: true,
                backupRetentionPeriod: 30,
                deletionProtection: true,
                finalSnapshotIdentifier: `${name}-final`,
                dbClusterParameterGroupName: `${name}-params`,
                ...over,
            },
            { outputs: { arn: clusterArn } },
        ),
        res("aws:rds/clusterParameterGroup:ClusterParameterGroup", `${name}-params`, {
            name: `${name}-params`,
            family: "aurora-postgresql16",
            parameters: [{ name: "rds.force_ssl", value: "1" }],
        }),
        res("aws:rds/clusterInstance:ClusterInstance", `${name}-1`, {
            clusterIdentifier: name,
            engine: "aurora-postgresql",
            instanceClass: "db.r6g.large",
        }),
        res("aws:rds/clusterInstance:ClusterInstance", `${name}-2`, {
            clusterIdentifier: name,
            engine: "aurora-postgresql",
            instanceClass: "db.r6g.large",
        }),
        plan,
        res(
            "aws:backup/selection:Selection",
            `${name}-selection`,
            { planId: `${name}-plan-id`, iamRoleArn: arn("iam", "role/backup", ""), resources: [clusterArn] },
            { propertyDependencies: { planId: [plan.urn] } },
        ),
    ];
}

/** A prod-compliant OpenSearch domain (encrypted, HTTPS with TLS 1.2, node-to-node), with `over` merged in. */
function searchDomain(over: Record<string, unknown>): Res {
    return kept("aws:opensearch/domain:Domain", "search", {
        domainName: "search",
        engineVersion: "OpenSearch_2.13",
        clusterConfig: { instanceType: "r6g.large.search", instanceCount: 2, zoneAwarenessEnabled: true },
        encryptAtRest: { enabled: true },
        nodeToNodeEncryption: { enabled: true },
        domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" },
        ...over,
    });
}

const CLOUDFRONT_CERT = {
    acmCertificateArn: arn("acm", "certificate/11111111-2222-3333-4444-555555555555"),
    sslSupportMethod: "sni-only",
    minimumProtocolVersion: "TLSv1.2_2021",
};

function distribution(
    over: Record<string, unknown> = {},
    behaviour: Record<string, unknown> = {},
    origin: Record<string, unknown> = {},
): Res[] {
    const acl = webAcl("edge-waf", "CLOUDFRONT");
    return [
        acl,
        res(
            "aws:cloudfront/distribution:Distribution",
            "web",
            {
                enabled: true,
                aliases: ["www.example.com"],
                origins: [
                    {
                        originId: "app",
                        domainName: "origin.example.com",
                        customOriginConfig: {
                            httpPort: 80,
                            httpsPort: 443,
                            originProtocolPolicy: "https-only",
                            originSslProtocols: ["TLSv1.2"],
                            ...origin,
                        },
                    },
                ],
                defaultCacheBehavior: {
                    targetOriginId: "app",
                    viewerProtocolPolicy: "redirect-to-https",
                    allowedMethods: ["GET", "HEAD"],
                    cachedMethods: ["GET", "HEAD"],
                    ...behaviour,
                },
                restrictions: { geoRestriction: { restrictionType: "none" } },
                viewerCertificate: CLOUDFRONT_CERT,
                webAclId: outputOf(acl, "arn"),
                ...over,
            },
            { propertyDependencies: { webAclId: [acl.urn] } },
        ),
    ];
}

/** A load balancer (with a WAF association when it is an internet-facing ALB) and one listener. */
function loadBalancer(lb: Record<string, unknown>, listener: Record<string, unknown>): Res[] {
    const lbArn = arn("elasticloadbalancing", "loadbalancer/app/api/1");
    const balancer = res(
        "aws:lb/loadBalancer:LoadBalancer",
        "api",
        { subnets: ["subnet-a", "subnet-b"], ...lb },
        { outputs: { arn: lbArn } },
    );
    const out = [
        balancer,
        res(
            "aws:lb/listener:Listener",
            "api-listener",
            { loadBalancerArn: lbArn, ...listener },
            { propertyDependencies: { loadBalancerArn: [balancer.urn] } },
        ),
    ];
    if ((lb["loadBalancerType"] ?? "application") === "application") {
        const acl = webAcl("api-waf", "REGIONAL");
        out.push(
            acl,
            res(
                "aws:wafv2/webAclAssociation:WebAclAssociation",
                "api-waf-assoc",
                { resourceArn: lbArn, webAclArn: outputOf(acl, "arn") },
                { propertyDependencies: { resourceArn: [balancer.urn], webAclArn: [acl.urn] } },
            ),
        );
    }
    return out;
}

const TLS13 = "ELBSecurityPolicy-TLS13-1-2-2021-06";
const CERT = arn("acm", "certificate/abc");
const sql = (settings: Record<string, unknown> = {}, over: Record<string, unknown> = {}): Res =>
    kept(
        "gcp:sql/databaseInstance:DatabaseInstance",
        "db",
        {
            databaseVersion: "POSTGRES_16",
            region: "us-central1",
            settings: {
                tier: "db-custom-2-7680",
                availabilityType: "REGIONAL",
                backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: true },
                ipConfiguration: { ipv4Enabled: false, privateNetwork: "projects/p/global/networks/default", sslMode: "ENCRYPTED_ONLY" },
                ...settings,
            },
            ...over,
        },
        {
            outputs: {
                selfLink: "https://sqladmin.googleapis.com/sql/v1beta4/projects/p/instances/db",
                connectionName: "p:us-central1:db",
            },
        },
    );

const fsBackup = (fs: Res): Res =>
    res(
        "aws:efs/backupPolicy:BackupPolicy",
        `${fs.name}-backup`,
        { fileSystemId: `${fs.name}-id`, backupPolicy: { status: "ENABLED" } },
        { propertyDependencies: { fileSystemId: [fs.urn] } },
    );

const bucket = (name: string, versioned = true, over: Record<string, unknown> = {}): Res[] => {
    const b = kept("aws:s3/bucket:Bucket", name, { ...over }, { outputs: { arn: `arn:aws:s3:::${name}`, bucket: name } });
    return versioned
        ? [
              b,
              res(
                  "aws:s3/bucketVersioning:BucketVersioning",
                  `${name}-versioning`,
                  { bucket: `${name}-id`, versioningConfiguration: { status: "Enabled" } },
                  { propertyDependencies: { bucket: [b.urn] } },
              ),
          ]
        : [b];
};

interface PeerCase {
    id: string;
    /** Upstream rules and test files this case is translated from. */
    peers: string;
    policy: string;
    /** The resource the fault must be reported on. */
    target: string;
    build: (faulty: boolean) => Res[];
}

const CASES: PeerCase[] = [
    // ----- RDS / Aurora -----
    {
        id: "rds-unencrypted",
        peers: "trivy aws/rds/encrypt_instance_storage_data (AVD-AWS-0080); kics db_instance_storage_not_encrypted [08bd0760]; checkov example_RDSEncryption (CKV_AWS_16)",
        policy: "encryption-at-rest",
        target: "db",
        build: (bad) => rds("db", bad ? { storageEncrypted: undefined } : {}),
    },
    {
        id: "rds-public",
        peers: "trivy aws/rds/disable_public_access (AVD-AWS-0180); kics db_instance_publicly_accessible [35113e6f]; awsguard rds-instance-public-access",
        policy: "data-loss-public-database",
        target: "db",
        build: (bad) => rds("db", { publiclyAccessible: bad }),
    },
    {
        id: "rds-backup-1-day",
        peers: "trivy aws/rds/specify_backup_retention (AVD-AWS-0077) bad #1; checkov example_DBInstanceBackupRetentionPeriod (CKV_AWS_133)",
        policy: "rpo-database-backups",
        target: "db",
        build: (bad) => rds("db", { backupRetentionPeriod: bad ? 1 : 30 }),
    },
    {
        id: "rds-no-deletion-protection",
        peers: "trivy aws/rds/enable_deletion_protection (AVD-AWS-0177); checkov example_RDSInstanceDeletionProtection (CKV_AWS_293); prowler rds_instance_deletion_protection",
        policy: "data-loss-deletion-protection",
        target: "db",
        build: (bad) => rds("db", { deletionProtection: !bad }),
    },
    // The pack judges the RTO, not Multi-AZ as such: a single-AZ instance passes while a restore (45 min + 100 GB/h) fits 4 h.
    {
        id: "rds-single-az-large",
        peers: "awsguard rds-instance-multi-az-enabled; prowler rds_instance_multi_az; checkov CKV_AWS_157 (stricter: any single-AZ instance)",
        policy: "rto-database-recovery",
        target: "db",
        build: (bad) => rds("db", { multiAz: !bad, allocatedStorage: 2000 }),
    },
    {
        id: "aurora-backup-default",
        peers: "trivy aws/rds/specify_backup_retention (AVD-AWS-0077) bad #3 (aws_rds_cluster, no backup_retention_period); compliance-policies aws-rds-cluster-configure-backup-retention",
        policy: "rpo-database-backups",
        target: "aurora",
        build: (bad) => aurora("aurora", { backupRetentionPeriod: bad ? undefined : 30 }, bad ? "cron(0 5 * * ? *)" : undefined),
    },
    {
        id: "aurora-unencrypted",
        peers: "kics rds_cluster_storage_not_encrypted [3199c26c]; trivy aws/rds/encrypt_cluster_storage_data (AVD-AWS-0079); compliance-policies aws-rds-cluster-disallow-unencrypted-storage",
        policy: "encryption-at-rest",
        target: "aurora",
        build: (bad) => aurora("aurora", { storageEncrypted: !bad }),
    },
    // ----- Neptune, DocumentDB, Redshift, DynamoDB, DAX, MemoryDB -----
    {
        id: "neptune-unencrypted",
        peers: "trivy aws/neptune/enable_storage_encryption (AVD-AWS-0076); kics neptune_database_cluster_encryption_disabled [98d59056]; checkov example_NeptuneClusterStorageEncrypted (CKV_AWS_44)",
        policy: "encryption-at-rest",
        target: "graph",
        build: (bad) => [
            kept("aws:neptune/cluster:Cluster", "graph", {
                engine: "neptune",
                storageEncrypted: !bad,
                backupRetentionPeriod: 30,
                deletionProtection: true,
                finalSnapshotIdentifier: "graph-final",
            }),
        ],
    },
    {
        id: "neptune-backup-1-day",
        peers: "checkov example_NeptuneClusterBackupRetention (CKV_AWS_361); prowler neptune_cluster_backup_enabled",
        policy: "rpo-database-backups",
        target: "graph",
        build: (bad) => [
            kept("aws:neptune/cluster:Cluster", "graph", {
                engine: "neptune",
                storageEncrypted: true,
                backupRetentionPeriod: bad ? 1 : 30,
                deletionProtection: true,
                finalSnapshotIdentifier: "graph-final",
            }),
        ],
    },
    {
        id: "docdb-unencrypted",
        peers: "trivy aws/documentdb/enable_storage_encryption (AVD-AWS-0021); kics docdb_cluster_not_encrypted [bc1f9009]; prowler documentdb_cluster_storage_encrypted",
        policy: "encryption-at-rest",
        target: "docs",
        build: (bad) => [
            kept("aws:docdb/cluster:Cluster", "docs", {
                clusterIdentifier: "my-docdb-cluster",
                masterUsername: "foo",
                storageEncrypted: !bad,
                backupRetentionPeriod: 30,
                deletionProtection: true,
                finalSnapshotIdentifier: "docs-final",
            }),
        ],
    },
    {
        id: "docdb-no-deletion-protection",
        peers: "prowler documentdb_cluster_deletion_protection",
        policy: "data-loss-deletion-protection",
        target: "docs",
        build: (bad) => [
            kept("aws:docdb/cluster:Cluster", "docs", {
                storageEncrypted: true,
                backupRetentionPeriod: 30,
                deletionProtection: !bad,
                finalSnapshotIdentifier: "docs-final",
            }),
        ],
    },
    {
        id: "redshift-public",
        peers: "awsguard redshift-cluster-public-access; kics redshift_publicly_accessible [af173fde]; prowler redshift_cluster_public_access; checkov CKV_AWS_87",
        policy: "data-loss-public-database",
        target: "warehouse",
        build: (bad) => [
            kept("aws:redshift/cluster:Cluster", "warehouse", {
                clusterIdentifier: "w",
                nodeType: "ra3.xlplus",
                publiclyAccessible: bad,
                finalSnapshotIdentifier: "warehouse-final",
                automatedSnapshotRetentionPeriod: 7,
            }),
        ],
    },
    {
        id: "redshift-skip-final-snapshot",
        peers: "issue 10 named fault; prowler redshift_cluster_automated_snapshot (neighbour)",
        policy: "data-loss-deletion-protection",
        target: "warehouse",
        build: (bad) => [
            kept("aws:redshift/cluster:Cluster", "warehouse", {
                clusterIdentifier: "w",
                nodeType: "ra3.xlplus",
                ...(bad ? { skipFinalSnapshot: true } : { finalSnapshotIdentifier: "warehouse-final" }),
                automatedSnapshotRetentionPeriod: 7,
            }),
        ],
    },
    {
        id: "dynamodb-no-pitr",
        peers: "trivy aws/dynamodb/enable_recovery (AVD-AWS-0024); kics dynamodb_table_point_in_time_recovery_disabled [741f1291]; prowler dynamodb_tables_pitr_enabled",
        policy: "rpo-database-backups",
        target: "table",
        build: (bad) => [
            kept("aws:dynamodb/table:Table", "table", {
                name: "example",
                hashKey: "TestTableHashKey",
                billingMode: "PAY_PER_REQUEST",
                attributes: [{ name: "TestTableHashKey", type: "S" }],
                deletionProtectionEnabled: true,
                ...(bad ? {} : { pointInTimeRecovery: { enabled: true } }),
            }),
        ],
    },
    {
        id: "dax-unencrypted",
        peers: "checkov example_DAXEncryption (CKV_AWS_47); prowler dynamodb_accelerator_cluster_encryption_enabled",
        policy: "encryption-at-rest",
        target: "dax",
        build: (bad) => [
            res("aws:dax/cluster:Cluster", "dax", {
                clusterName: "c",
                iamRoleArn: arn("iam", "role/dax", ""),
                nodeType: "dax.r4.large",
                replicationFactor: 3,
                clusterEndpointEncryptionType: "TLS",
                serverSideEncryption: { enabled: !bad },
            }),
        ],
    },
    {
        id: "dax-no-tls",
        peers: "checkov example_DAXEndpointTLS (CKV_AWS_239); prowler dynamodb_accelerator_cluster_in_transit_encryption_enabled",
        policy: "encryption-in-transit-data-stores",
        target: "dax",
        build: (bad) => [
            res("aws:dax/cluster:Cluster", "dax", {
                clusterName: "c",
                iamRoleArn: arn("iam", "role/dax", ""),
                nodeType: "dax.r4.large",
                replicationFactor: 3,
                serverSideEncryption: { enabled: true },
                ...(bad ? { clusterEndpointEncryptionType: "NONE" } : { clusterEndpointEncryptionType: "TLS" }),
            }),
        ],
    },
    {
        id: "memorydb-no-tls",
        peers: "checkov example_MemoryDBClusterIntransitEncryption (CKV_AWS_202)",
        policy: "encryption-in-transit-data-stores",
        target: "mem",
        build: (bad) => [
            res("aws:memorydb/cluster:Cluster", "mem", {
                aclName: "open-access",
                nodeType: "db.t4g.small",
                numShards: 1,
                tlsEnabled: !bad,
                snapshotRetentionLimit: 7,
                finalSnapshotName: "mem-final",
            }),
        ],
    },
    // ----- ElastiCache -----
    {
        id: "redis-at-rest-off",
        peers: "trivy aws/elasticache/enable_at_rest_encryption (AVD-AWS-0045); prowler elasticache_redis_cluster_rest_encryption_enabled; checkov CKV_AWS_29",
        policy: "encryption-at-rest",
        target: "sessions",
        build: (bad) => [
            kept("aws:elasticache/replicationGroup:ReplicationGroup", "sessions", {
                description: "my foo cluster",
                engine: "redis",
                nodeType: "cache.t4g.small",
                atRestEncryptionEnabled: !bad,
                transitEncryptionEnabled: true,
                snapshotRetentionLimit: 1,
                automaticFailoverEnabled: true,
                numCacheClusters: 2,
            }),
        ],
    },
    {
        id: "redis-transit-off",
        peers: "trivy aws/elasticache/enable_in_transit_encryption (AVD-AWS-0051); prowler elasticache_redis_cluster_in_transit_encryption_enabled; checkov CKV_AWS_30",
        policy: "encryption-in-transit-cache",
        target: "sessions",
        build: (bad) => [
            kept("aws:elasticache/replicationGroup:ReplicationGroup", "sessions", {
                description: "d",
                engine: "redis",
                nodeType: "cache.t4g.small",
                atRestEncryptionEnabled: true,
                transitEncryptionEnabled: !bad,
                snapshotRetentionLimit: 1,
                automaticFailoverEnabled: true,
                numCacheClusters: 2,
            }),
        ],
    },
    {
        id: "redis-no-snapshots",
        peers: "trivy aws/elasticache/enable_backup_retention (AVD-AWS-0050); kics elasticache_redis_cluster_without_backup [8fdb08a0]; checkov example_ElasticCacheAutomaticBackup (CKV_AWS_134)",
        policy: "rpo-cache-snapshot-retention",
        target: "sessions",
        build: (bad) => [
            kept("aws:elasticache/replicationGroup:ReplicationGroup", "sessions", {
                description: "d",
                engine: "redis",
                nodeType: "cache.m4.large",
                atRestEncryptionEnabled: true,
                transitEncryptionEnabled: true,
                automaticFailoverEnabled: true,
                numCacheClusters: 2,
                ...(bad ? {} : { snapshotRetentionLimit: 5 }),
            }),
        ],
    },
    // ----- EFS, FSx, EBS -----
    {
        id: "efs-unencrypted",
        peers: "trivy aws/efs/enable_at_rest_encryption (AVD-AWS-0037); kics efs_not_encrypted [48207659]; awsguard efs-encrypted; compliance-policies aws-efs-filesystem-disallow-unencrypted-file-system",
        policy: "encryption-at-rest",
        target: "files",
        build: (bad) => {
            const fs = kept("aws:efs/fileSystem:FileSystem", "files", { creationToken: "bar", encrypted: !bad });
            return [fs, fsBackup(fs)];
        },
    },
    {
        id: "efs-no-backup",
        peers: "checkov CKV2_AWS_18 (graph_checks/aws/EFSAddedBackup.yaml); prowler efs_have_backup_enabled",
        policy: "rpo-file-system-backups",
        target: "files",
        build: (bad) => {
            const fs = kept("aws:efs/fileSystem:FileSystem", "files", { encrypted: true });
            return bad ? [fs] : [fs, fsBackup(fs)];
        },
    },
    {
        id: "efs-backup-via-aws-backup",
        peers: "prowler efs_have_backup_enabled (AWS Backup path)",
        policy: "rpo-file-system-backups",
        target: "files",
        build: (bad) => {
            const fs = kept(
                "aws:efs/fileSystem:FileSystem",
                "files",
                { encrypted: true },
                { outputs: { arn: arn("elasticfilesystem", "file-system/fs-1") } },
            );
            const plan = res("aws:backup/plan:Plan", "daily", {
                rules: [{ ruleName: "daily", targetVaultName: "main", schedule: "cron(0 5 * * ? *)", lifecycle: { deleteAfter: 35 } }],
            });
            return bad
                ? [fs, plan]
                : [
                      fs,
                      plan,
                      res(
                          "aws:backup/selection:Selection",
                          "files-sel",
                          { planId: "daily-id", iamRoleArn: "r", resources: [arn("elasticfilesystem", "file-system/*")] },
                          { propertyDependencies: { planId: [plan.urn] } },
                      ),
                  ];
        },
    },
    {
        id: "fsx-ontap-no-backup",
        peers: "terraform-provider-aws fsx ontap schema (automatic_backup_retention_days Default 0); prowler fsx checks (neighbour)",
        policy: "rpo-file-system-backups",
        target: "ontap",
        build: (bad) => [
            kept("aws:fsx/ontapFileSystem:OntapFileSystem", "ontap", {
                deploymentType: "MULTI_AZ_1",
                storageCapacity: 1024,
                subnetIds: ["a", "b"],
                throughputCapacity: 512,
                preferredSubnetId: "a",
                ...(bad ? {} : { automaticBackupRetentionDays: 30 }),
            }),
        ],
    },
    {
        id: "fsx-lustre-persistent-no-backup",
        peers: "FSx API CreateFileSystemLustreConfiguration (AutomaticBackupRetentionDays default 0)",
        policy: "rpo-file-system-backups",
        target: "lustre",
        build: (bad) => [
            kept("aws:fsx/lustreFileSystem:LustreFileSystem", "lustre", {
                deploymentType: "PERSISTENT_2",
                storageCapacity: 1200,
                subnetIds: "a",
                perUnitStorageThroughput: 125,
                automaticBackupRetentionDays: bad ? 0 : 7,
            }),
        ],
    },
    {
        id: "ebs-unencrypted",
        peers: "trivy aws/ec2/enable_volume_encryption (AVD-AWS-0026); kics ebs_volume_encryption_disabled [cc997676]; awsguard encrypted-volumes; compliance-policies aws-ebs-volume-disallow-unencrypted-volume",
        policy: "encryption-at-rest",
        target: "data",
        build: (bad) => [kept("aws:ebs/volume:Volume", "data", { availabilityZone: "us-east-1a", size: 40, encrypted: !bad })],
    },
    // ----- Queues, topics, streams, search, Kafka, secrets -----
    {
        id: "sqs-sse-off",
        peers: "trivy aws/sqs/enable_queue_encryption (AVD-AWS-0096); kics sqs_with_sse_disabled [6e8849c1]; prowler sqs_queues_server_side_encryption_enabled",
        policy: "encryption-at-rest",
        target: "jobs",
        build: (bad) => [res("aws:sqs/queue:Queue", "jobs", { name: "terraform-example-queue", sqsManagedSseEnabled: !bad })],
    },
    {
        id: "sns-unencrypted",
        peers: "trivy aws/sns/enable_topic_encryption (AVD-AWS-0095); prowler sns_topics_kms_encryption_at_rest_enabled; checkov CKV_AWS_26",
        policy: "encryption-at-rest",
        target: "alerts",
        build: (bad) => [res("aws:sns/topic:Topic", "alerts", bad ? {} : { kmsMasterKeyId: "alias/aws/sns" })],
    },
    {
        id: "kinesis-unencrypted",
        peers: "trivy aws/kinesis/enable_in_transit_encryption (AVD-AWS-0064); kics kinesis_not_encrypted_with_kms [862fe4bf]; checkov example_KinesisStreamEncryptionType (CKV_AWS_43); prowler kinesis_stream_encrypted_at_rest",
        policy: "encryption-at-rest",
        target: "events",
        build: (bad) => [
            res("aws:kinesis/stream:Stream", "events", {
                shardCount: 1,
                ...(bad ? { encryptionType: "NONE" } : { encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis" }),
            }),
        ],
    },
    {
        id: "firehose-unencrypted",
        peers: "kics kinesis_sse_not_configured [5c6dd5e7]; checkov example_KinesisFirehoseDeliveryStreamSSE (CKV_AWS_240); prowler firehose_stream_encrypted_at_rest",
        policy: "encryption-at-rest",
        target: "delivery",
        build: (bad) => [
            res("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "delivery", {
                destination: "extended_s3",
                extendedS3Configuration: { roleArn: "r", bucketArn: "arn:aws:s3:::logs" },
                serverSideEncryption: { enabled: !bad },
            }),
        ],
    },
    {
        id: "msk-plaintext",
        peers: "trivy aws/msk/enable_in_transit_encryption (AVD-AWS-0073); kics msk_cluster_encryption_disabled [6db52fa6]; prowler kafka_cluster_in_transit_encryption_enabled; checkov CKV_AWS_81",
        policy: "encryption-in-transit-data-stores",
        target: "kafka",
        build: (bad) => [
            res("aws:msk/cluster:Cluster", "kafka", {
                clusterName: "k",
                kafkaVersion: "3.6.0",
                numberOfBrokerNodes: 3,
                brokerNodeGroupInfo: { instanceType: "kafka.m5.large", clientSubnets: ["a", "b", "c"], securityGroups: ["sg"] },
                encryptionInfo: { encryptionInTransit: { clientBroker: bad ? "PLAINTEXT" : "TLS", inCluster: true } },
            }),
        ],
    },
    {
        id: "opensearch-unencrypted",
        peers: "trivy aws/elasticsearch/enable_domain_encryption (AVD-AWS-0048); kics elasticsearch_not_encrypted_at_rest [24e16922]; awsguard elasticsearch-encrypted-at-rest; prowler opensearch_service_domains_encryption_at_rest_enabled",
        policy: "encryption-at-rest",
        target: "search",
        build: (bad) => [
            kept("aws:opensearch/domain:Domain", "search", {
                domainName: "s",
                engineVersion: "OpenSearch_2.13",
                encryptAtRest: { enabled: !bad },
                nodeToNodeEncryption: { enabled: true },
                domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" },
            }),
        ],
    },
    {
        id: "opensearch-http",
        peers: "trivy aws/elasticsearch/enforce_https (AVD-AWS-0046) and enable_in_transit_encryption (AVD-AWS-0043); prowler opensearch_service_domains_https_communications_enforced; checkov CKV_AWS_83",
        policy: "encryption-in-transit-data-stores",
        target: "search",
        build: (bad) => [
            kept("aws:opensearch/domain:Domain", "search", {
                domainName: "s",
                encryptAtRest: { enabled: true },
                nodeToNodeEncryption: { enabled: true },
                domainEndpointOptions: { enforceHttps: !bad, tlsSecurityPolicy: "Policy-Min-TLS-1-2-PFS-2023-10" },
            }),
        ],
    },
    {
        id: "secret-no-recovery-window",
        peers: "no peer rule (prowler secretsmanager_* judge rotation, not deletion); recoveryWindowInDays 0 deletes at once",
        policy: "data-loss-deletion-protection",
        target: "api-key",
        build: (bad) => [res("aws:secretsmanager/secret:Secret", "api-key", { recoveryWindowInDays: bad ? 0 : 30 })],
    },
    // ----- S3 -----
    {
        id: "s3-public-read-acl",
        peers: "trivy aws/s3/no_public_access_with_acl (AVD-AWS-0092); kics all_users_gets_read_access; prowler s3_bucket_public_access; checkov CKV_AWS_20",
        policy: "data-loss-s3-public-access",
        target: "uploads-acl",
        build: (bad) => {
            const [b, v] = bucket("uploads");
            return [
                b,
                v,
                res(
                    "aws:s3/bucketAcl:BucketAcl",
                    "uploads-acl",
                    { bucket: "uploads-id", acl: bad ? "public-read" : "private" },
                    { propertyDependencies: { bucket: [b.urn] } },
                ),
            ];
        },
    },
    {
        id: "s3-no-versioning",
        peers: "trivy aws/s3/enable_versioning (AVD-AWS-0090); kics s3_bucket_without_versioning [568a4d22]; prowler s3_bucket_object_versioning; checkov CKV_AWS_21",
        policy: "data-loss-s3-versioning",
        target: "uploads",
        build: (bad) => bucket("uploads", !bad),
    },
    {
        id: "s3-private-default",
        peers: "trivy aws/s3/specify_public_access_block (AVD-AWS-0094) bad: passes since the April 2023 defaults; fault = a public policy",
        policy: "data-loss-s3-public-access",
        target: "uploads-policy",
        build: (bad) => {
            const [b, v] = bucket("uploads");
            const statement = {
                Effect: "Allow",
                Principal: "*",
                Action: "s3:GetObject",
                Resource: "arn:aws:s3:::uploads/*",
                ...(bad ? {} : { Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }),
            };
            return [
                b,
                v,
                res(
                    "aws:s3/bucketPolicy:BucketPolicy",
                    "uploads-policy",
                    { bucket: "uploads-id", policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) },
                    { propertyDependencies: { bucket: [b.urn] } },
                ),
            ];
        },
    },
    // ----- CloudFront -----
    {
        id: "cloudfront-allow-all",
        peers: "trivy aws/cloudfront/enforce_https (AVD-AWS-0012); prowler cloudfront_distributions_https_enabled; checkov CKV_AWS_34",
        policy: "encryption-in-transit-cloudfront",
        target: "web",
        build: (bad) => distribution({}, { viewerProtocolPolicy: bad ? "allow-all" : "redirect-to-https" }),
    },
    {
        id: "cloudfront-tls1",
        peers: "trivy aws/cloudfront/use_secure_tls_policy (AVD-AWS-0013); kics cloudfront_without_minimum_protocol_tls_1.2 [00e5e55e]; checkov example_CloudfrontTLS12 (CKV_AWS_174)",
        policy: "encryption-in-transit-cloudfront",
        target: "web",
        build: (bad) => distribution({ viewerCertificate: { ...CLOUDFRONT_CERT, minimumProtocolVersion: bad ? "TLSv1" : "TLSv1.2_2021" } }),
    },
    {
        id: "cloudfront-origin-http",
        peers: "kics https_traffic_disabled [55af1353]; compliance-policies aws-cloudfront-distribution-enable-tls-to-origin; prowler cloudfront_distributions_origin_traffic_encrypted",
        policy: "encryption-in-transit-cloudfront",
        target: "web",
        build: (bad) => distribution({}, {}, { originProtocolPolicy: bad ? "http-only" : "https-only" }),
    },
    {
        id: "cloudfront-origin-sslv3",
        peers: "prowler cloudfront_distributions_using_deprecated_ssl_protocols; compliance-policies aws-cloudfront-distribution-configure-secure-tls-to-origin",
        policy: "encryption-in-transit-cloudfront",
        target: "web",
        build: (bad) => distribution({}, {}, { originSslProtocols: bad ? ["SSLv3", "TLSv1.2"] : ["TLSv1.2"] }),
    },
    {
        id: "cloudfront-no-waf",
        peers: "trivy aws/cloudfront/enable_waf (AVD-AWS-0011); kics cloudfront_without_waf [1419b4c6]; prowler cloudfront_distributions_using_waf; checkov CKV_AWS_68",
        policy: "edge-waf-required",
        target: "web",
        build: (bad) => {
            const out = distribution();
            return bad
                ? out
                      .filter((r) => r.type !== "aws:wafv2/webAcl:WebAcl")
                      .map((r) => (r.name === "web" ? res(r.type, r.name, { ...r.wire.inputs, webAclId: undefined }) : r))
                : out;
        },
    },
    // ----- Load balancers -----
    {
        id: "alb-http-forward",
        peers: "trivy aws/elb/http_not_used (AVD-AWS-0054); kics alb_listening_on_http; awsguard alb-http-to-https-redirection; checkov CKV_AWS_2",
        policy: "encryption-in-transit-load-balancers",
        target: "api-listener",
        build: (bad) =>
            loadBalancer(
                {},
                bad
                    ? { port: 80, protocol: "HTTP", defaultActions: [{ type: "forward", targetGroupArn: "tg" }] }
                    : {
                          port: 80,
                          protocol: "HTTP",
                          defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
                      },
            ),
    },
    {
        id: "alb-old-tls-policy",
        peers: "trivy aws/elb/use_secure_tls_policy (AVD-AWS-0047); compliance-policies aws-lb-listener-configure-secure-tls; prowler elbv2_insecure_ssl_ciphers; checkov CKV_AWS_103",
        policy: "encryption-in-transit-load-balancers",
        target: "api-listener",
        build: (bad) =>
            loadBalancer(
                {},
                {
                    port: 443,
                    protocol: "HTTPS",
                    certificateArn: CERT,
                    sslPolicy: bad ? "ELBSecurityPolicy-2016-08" : TLS13,
                    defaultActions: [{ type: "forward", targetGroupArn: "tg" }],
                },
            ),
    },
    {
        id: "nlb-tls-default-policy",
        peers: "prowler elbv2_nlb_tls_termination_enabled / elbv2_insecure_ssl_ciphers; compliance-policies aws-lb-listener-configure-secure-tls",
        policy: "encryption-in-transit-load-balancers",
        target: "api-listener",
        build: (bad) =>
            loadBalancer(
                { loadBalancerType: "network", internal: true },
                {
                    port: 443,
                    protocol: "TLS",
                    certificateArn: CERT,
                    ...(bad ? {} : { sslPolicy: TLS13 }),
                    defaultActions: [{ type: "forward", targetGroupArn: "tg" }],
                },
            ),
    },
    {
        id: "nlb-public-postgres",
        peers: "prowler elbv2_internet_facing with ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_postgres_5432; trivy aws/elb/alb_not_public (AVD-AWS-0053)",
        policy: "data-loss-public-listener-ports",
        target: "api-listener",
        build: (bad) =>
            loadBalancer(
                { loadBalancerType: "network", ...(bad ? {} : { internal: true }) },
                { port: 5432, protocol: "TCP", defaultActions: [{ type: "forward", targetGroupArn: "tg" }] },
            ),
    },
    // ----- Security groups -----
    {
        id: "sg-inline-mysql-world",
        peers: "trivy aws/ec2/no_public_ingress_sgr (AVD-AWS-0107); kics sensitive_port_is_exposed_to_entire_network [381c3f2a]; prowler ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_mysql_3306",
        policy: "data-loss-public-database",
        target: "db-sg",
        build: (bad) => [
            res("aws:ec2/securityGroup:SecurityGroup", "db-sg", {
                vpcId: "vpc-1",
                ingress: [{ protocol: "tcp", fromPort: 3306, toPort: 3306, cidrBlocks: [bad ? "0.0.0.0/0" : "10.0.0.0/16"] }],
            }),
        ],
    },
    {
        id: "sg-rule-postgres-ipv6",
        peers: "trivy aws/ec2/no_public_ingress_sgr (AVD-AWS-0107, ipv6_cidr_blocks case); prowler ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_postgres_5432",
        policy: "data-loss-public-database",
        target: "db-rule",
        build: (bad) => [
            res("aws:ec2/securityGroupRule:SecurityGroupRule", "db-rule", {
                type: "ingress",
                protocol: "tcp",
                fromPort: 5432,
                toPort: 5432,
                securityGroupId: "sg-1",
                ...(bad ? { ipv6CidrBlocks: ["::/0"] } : { sourceSecurityGroupId: "sg-app" }),
            }),
        ],
    },
    {
        id: "vpc-ingress-redis-world",
        peers: "trivy aws/ec2/no_public_ingress_sgr (AVD-AWS-0107); prowler ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_redis_6379",
        policy: "data-loss-public-database",
        target: "redis-in",
        build: (bad) => [
            res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "redis-in", {
                securityGroupId: "sg-1",
                ipProtocol: "tcp",
                fromPort: 6379,
                toPort: 6379,
                cidrIpv4: bad ? "0.0.0.0/0" : "10.0.0.0/16",
            }),
        ],
    },
    {
        id: "sg-all-traffic-world",
        peers: "prowler ec2_securitygroup_allow_ingress_from_internet_to_all_ports; kics fully_open_ingress [4728cd65]",
        policy: "data-loss-public-database",
        target: "open-sg",
        build: (bad) => [
            res("aws:ec2/securityGroup:SecurityGroup", "open-sg", {
                vpcId: "vpc-1",
                ingress: [
                    bad
                        ? { protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }
                        : { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
                ],
            }),
        ],
    },
    // ----- API Gateway, Lambda URLs -----
    {
        id: "apigw-domain-tls10",
        peers: "trivy aws/apigateway/use_secure_tls_policy (AVD-AWS-0005); checkov example_APIGatewayDomainNameTLS (CKV_AWS_206); compliance-policies aws-apigateway-domainname-configure-security-policy",
        policy: "encryption-in-transit-api-gateway",
        target: "api-domain",
        build: (bad) => [
            res("aws:apigateway/domainName:DomainName", "api-domain", {
                domainName: "api.example.com",
                regionalCertificateArn: CERT,
                endpointConfiguration: { types: "REGIONAL" },
                securityPolicy: bad ? "TLS_1_0" : "TLS_1_2",
            }),
        ],
    },
    {
        id: "apigwv2-domain-tls10",
        peers: "compliance-policies aws-apigatewayv2-domainname-configure-domain-name-security-policy",
        policy: "encryption-in-transit-api-gateway",
        target: "http-domain",
        build: (bad) => [
            res("aws:apigatewayv2/domainName:DomainName", "http-domain", {
                domainName: "api.example.com",
                domainNameConfiguration: { certificateArn: CERT, endpointType: "REGIONAL", securityPolicy: bad ? "TLS_1_0" : "TLS_1_2" },
            }),
        ],
    },
    {
        id: "apigw-cache-unencrypted",
        peers: "trivy aws/apigateway/enable_cache_encryption (AVD-AWS-0002); checkov example_APIGatewayMethodSettingsCacheEncrypted (CKV_AWS_308); awsguard apigateway-method-cached-and-encrypted; prowler apigateway_restapi_cache_encrypted",
        policy: "encryption-at-rest",
        target: "settings",
        build: (bad) => [
            res("aws:apigateway/methodSettings:MethodSettings", "settings", {
                restApi: "api",
                stageName: "prod",
                methodPath: "*/*",
                settings: { cachingEnabled: true, cacheDataEncrypted: !bad, metricsEnabled: true },
            }),
        ],
    },
    {
        id: "lambda-url-no-auth",
        peers: "checkov example_LambdaFunctionURLAuth (CKV_AWS_258); prowler awslambda_function_url_public",
        policy: "edge-waf-required",
        target: "fn-url",
        build: (bad) => [
            res("aws:lambda/functionUrl:FunctionUrl", "fn-url", { functionName: "fn", authorizationType: bad ? "NONE" : "AWS_IAM" }),
        ],
    },
    // ----- Google Cloud -----
    {
        id: "cloudsql-no-backups",
        peers: "trivy google/sql/enable_backup (AVD-GCP-0024); kics sql_db_instance_backup_disabled [cf3c7631]; prowler cloudsql_instance_automated_backups; checkov CKV_GCP_14",
        policy: "rpo-database-backups",
        target: "db",
        build: (bad) => [sql(bad ? { backupConfiguration: { enabled: false } } : {})],
    },
    {
        id: "cloudsql-backup-dr-daily",
        peers: "Google Cloud Backup and DR plans (@pulumi/gcp 9 backupdisasterrecovery/backupPlan.d.ts): an HOURLY rule is the 1 h path, a DAILY one is not",
        policy: "rpo-database-backups",
        target: "db",
        build: (bad) => {
            const db = sql({ backupConfiguration: { enabled: false } });
            const plan = res(
                "gcp:backupdisasterrecovery/backupPlan:BackupPlan",
                "sql-plan",
                {
                    location: "us-central1",
                    backupPlanId: "sql-plan",
                    resourceType: "sqladmin.googleapis.com/Instance",
                    backupVault: "projects/p/locations/us-central1/backupVaults/v",
                    backupRules: [
                        {
                            ruleId: bad ? "daily" : "hourly",
                            backupRetentionDays: 30,
                            standardSchedule: bad
                                ? { recurrenceType: "DAILY", timeZone: "UTC" }
                                : { recurrenceType: "HOURLY", hourlyFrequency: 1, timeZone: "UTC" },
                        },
                    ],
                },
                { outputs: { name: "projects/p/locations/us-central1/backupPlans/sql-plan" } },
            );
            const assoc = res(
                "gcp:backupdisasterrecovery/backupPlanAssociation:BackupPlanAssociation",
                "sql-assoc",
                {
                    location: "us-central1",
                    backupPlanAssociationId: "sql-assoc",
                    resourceType: "sqladmin.googleapis.com/Instance",
                    resource: "projects/p/instances/db",
                    backupPlan: "projects/p/locations/us-central1/backupPlans/sql-plan",
                },
                { propertyDependencies: { resource: [db.urn], backupPlan: [plan.urn] } },
            );
            return [db, plan, assoc];
        },
    },
    {
        id: "cloudsql-ssl-allowed",
        peers: "trivy google/sql/encrypt_in_transit_data (AVD-GCP-0015); kics cloud_sql_instance_with_ssl_disabled [02474449]; prowler cloudsql_instance_ssl_connections; checkov CKV_GCP_6",
        policy: "encryption-in-transit-data-stores",
        target: "db",
        build: (bad) => [
            sql({
                ipConfiguration: {
                    ipv4Enabled: false,
                    privateNetwork: "n",
                    sslMode: bad ? "ALLOW_UNENCRYPTED_AND_ENCRYPTED" : "ENCRYPTED_ONLY",
                },
            }),
        ],
    },
    {
        id: "cloudsql-open-world",
        peers: "trivy google/sql/no_public_access (AVD-GCP-0017); kics cloud_sql_db_is_publicly_accessible [b187edca]; checkov example_GoogleCloudSqlDatabasePubliclyAccessible (CKV_GCP_11); prowler cloudsql_instance_public_access",
        policy: "data-loss-public-database",
        target: "db",
        build: (bad) => [
            sql({
                ipConfiguration: {
                    ipv4Enabled: true,
                    sslMode: "ENCRYPTED_ONLY",
                    authorizedNetworks: [{ name: "n", value: bad ? "0.0.0.0/0" : "203.0.113.0/24" }],
                },
            }),
        ],
    },
    {
        id: "cloudsql-no-deletion-protection",
        peers: "prowler cloudsql (neighbour); @pulumi/gcp 9 sql/databaseInstance deletionProtection default true",
        policy: "data-loss-deletion-protection",
        target: "db",
        build: (bad) => [sql({}, bad ? { deletionProtection: false } : {})],
    },
    {
        id: "cloudsql-zonal-large",
        peers: "prowler cloudsql_instance_high_availability_enabled (stricter: any zonal instance)",
        policy: "rto-database-recovery",
        target: "db",
        build: (bad) => [sql({ availabilityType: bad ? "ZONAL" : "REGIONAL", diskSize: 2000 })],
    },
    {
        id: "gcs-public-iam",
        peers: "trivy google/storage/no_public_access (AVD-GCP-0001); kics cloud_storage_bucket_is_publicly_accessible [c010082c]; prowler cloudstorage_bucket_public_access; checkov CKV_GCP_28",
        policy: "data-loss-public-storage",
        target: "reader",
        build: (bad) => [
            kept("gcp:storage/bucket:Bucket", "assets", { location: "US", uniformBucketLevelAccess: true, versioning: { enabled: true } }),
            res("gcp:storage/bucketIAMMember:BucketIAMMember", "reader", {
                bucket: "assets",
                role: "roles/storage.objectViewer",
                member: bad ? "allUsers" : "serviceAccount:app@p.iam.gserviceaccount.com",
            }),
        ],
    },
    {
        id: "gcs-soft-delete-off",
        peers: "prowler cloudstorage_bucket_soft_delete_enabled; cloud.google.com/storage/docs/soft-delete (7 days by default)",
        policy: "data-loss-deletion-protection",
        target: "assets",
        build: (bad) => [
            kept("gcp:storage/bucket:Bucket", "assets", {
                location: "US",
                uniformBucketLevelAccess: true,
                softDeletePolicy: { retentionDurationSeconds: bad ? 0 : 604800 },
            }),
        ],
    },
    {
        id: "bigquery-public",
        peers: "trivy google/bigquery/no_public_access (AVD-GCP-0046); kics bigquery_dataset_is_public [e576ce44]; prowler bigquery_dataset_public_access; checkov CKV_GCP_15",
        policy: "data-loss-public-storage",
        target: "analytics",
        build: (bad) => [
            kept("gcp:bigquery/dataset:Dataset", "analytics", {
                datasetId: "d",
                accesses: [{ role: "READER", ...(bad ? { specialGroup: "allAuthenticatedUsers" } : { specialGroup: "projectReaders" }) }],
            }),
        ],
    },
    // Reported on the proxy that uses the policy (an unused SSL policy protects nothing).
    {
        id: "gcp-ssl-policy-tls10",
        peers: "trivy google/compute/use_secure_tls_policy (AVD-GCP-0039); kics google_compute_ssl_policy_weak_cipher_in_use [14a457f0]",
        policy: "encryption-in-transit-gcp-load-balancers",
        target: "https-proxy",
        build: (bad) => {
            const tls = res(
                "gcp:compute/sSLPolicy:SSLPolicy",
                "tls",
                { profile: "MODERN", minTlsVersion: bad ? "TLS_1_0" : "TLS_1_2" },
                { outputs: { selfLink: "https://www.googleapis.com/compute/v1/projects/p/global/sslPolicies/tls" } },
            );
            return [
                tls,
                res(
                    "gcp:compute/targetHttpsProxy:TargetHttpsProxy",
                    "https-proxy",
                    { urlMap: "u", sslCertificates: ["c"], sslPolicy: outputOf(tls, "selfLink") },
                    { propertyDependencies: { sslPolicy: [tls.urn] } },
                ),
            ];
        },
    },
    {
        id: "memorystore-no-tls",
        peers: "checkov example_MemorystoreForRedisInTransitEncryption (CKV_GCP_97)",
        policy: "encryption-in-transit-data-stores",
        target: "cache",
        build: (bad) => [
            res("gcp:redis/instance:Instance", "cache", {
                memorySizeGb: 1,
                tier: "STANDARD_HA",
                ...(bad ? {} : { transitEncryptionMode: "SERVER_AUTHENTICATION" }),
            }),
        ],
    },
    {
        id: "spanner-no-deletion-protection",
        peers: "checkov example_SpannerDatabaseDeletionProtection (CKV_GCP_119)",
        policy: "data-loss-deletion-protection",
        target: "spanner",
        build: (bad) => [
            kept("gcp:spanner/database:Database", "spanner", { instance: "i", ...(bad ? { deletionProtection: false } : {}) }),
        ],
    },
    {
        id: "bigtable-no-deletion-protection",
        peers: "checkov example_BigTableInstanceDeletionProtection (CKV_GCP_122)",
        policy: "data-loss-deletion-protection",
        target: "bt",
        build: (bad) => [
            kept("gcp:bigtable/instance:Instance", "bt", {
                clusters: [{ clusterId: "c", zone: "us-central1-a", numNodes: 1 }],
                ...(bad ? { deletionProtection: false } : {}),
            }),
        ],
    },
    {
        id: "firestore-no-pitr",
        peers: "Firestore pointInTimeRecoveryEnablement (default disabled)",
        policy: "rpo-database-backups",
        target: "fs",
        build: (bad) => [
            kept("gcp:firestore/database:Database", "fs", {
                locationId: "nam5",
                type: "FIRESTORE_NATIVE",
                deleteProtectionState: "DELETE_PROTECTION_ENABLED",
                pointInTimeRecoveryEnablement: bad ? "POINT_IN_TIME_RECOVERY_DISABLED" : "POINT_IN_TIME_RECOVERY_ENABLED",
            }),
        ],
    },
    {
        id: "cloud-run-cold",
        peers: "techmate document (Cloud Run 2-50 instances)",
        policy: "rto-cloud-run-min-instances",
        target: "api",
        build: (bad) => [
            res("gcp:cloudrunv2/service:Service", "api", {
                location: "us-central1",
                ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
                template: { scaling: { minInstanceCount: bad ? 0 : 2 }, containers: [{ image: "gcr.io/p/api" }] },
            }),
        ],
    },
    // ----- Last families (policies/rules/families-rest.ts) -----
    {
        id: "memorydb-no-snapshots",
        peers: 'checkov example_MemoryDBSnapshotEncryptionWithCMK main.tf (snapshot_retention_limit = 7 as the compliant cluster); @pulumi/aws 7.48 memorydb/cluster.d.ts snapshotRetentionLimit "Defaults to `0`"',
        policy: "rpo-memorydb-snapshots",
        target: "store",
        build: (bad) => [
            kept("aws:memorydb/cluster:Cluster", "store", {
                aclName: "open-access",
                nodeType: "db.t4g.small",
                numShards: 2,
                finalSnapshotName: "store-final",
                ...(bad ? {} : { snapshotRetentionLimit: 7 }),
            }),
        ],
    },
    {
        id: "memorydb-no-final-snapshot",
        peers: '@pulumi/aws 7.48 memorydb/cluster.d.ts finalSnapshotName "If omitted, no final snapshot will be made" (no data loss on delete)',
        policy: "rpo-memorydb-snapshots",
        target: "store",
        build: (bad) => [
            kept("aws:memorydb/cluster:Cluster", "store", {
                aclName: "open-access",
                nodeType: "db.t4g.small",
                numShards: 2,
                snapshotRetentionLimit: 7,
                ...(bad ? {} : { finalSnapshotName: "store-final" }),
            }),
        ],
    },
    {
        id: "elasticache-serverless-no-snapshots",
        peers: "trivy aws/elasticache/enable_backup_retention (AVD-AWS-0050, serverless analogue); @pulumi/aws 7.48 elasticache/serverlessCache.d.ts (no default stated)",
        policy: "rpo-cache-snapshot-retention",
        target: "sessions",
        build: (bad) => [
            kept("aws:elasticache/serverlessCache:ServerlessCache", "sessions", {
                engine: "valkey",
                dailySnapshotTime: "03:00",
                ...(bad ? {} : { snapshotRetentionLimit: 7 }),
            }),
        ],
    },
    {
        id: "opensearch-open-policy",
        peers: "prowler opensearch_service_domains_not_publicly_accessible (policy_data_not_restricted vs policy_data_restricted); checkov ElasticsearchInVPC (CKV_AWS_137)",
        policy: "data-loss-public-search-domain",
        target: "search",
        build: (bad) => [
            searchDomain({
                accessPolicies: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { AWS: [bad ? "*" : ACCOUNT] },
                            Action: ["es:*"],
                            Resource: arn("es", "domain/search/*"),
                        },
                    ],
                }),
            }),
        ],
    },
    {
        id: "opensearch-domain-policy-open",
        peers: "prowler opensearch_service_domains_not_publicly_accessible (policy_data_not_restricted_principal); compliant twin: the same policy on a domain in a VPC",
        policy: "data-loss-public-search-domain",
        target: "search-policy",
        build: (bad) => {
            const domain = searchDomain(bad ? {} : { vpcOptions: { subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"] } });
            const policy = JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: "*", Action: ["es:*"], Resource: arn("es", "domain/search/*") }],
            });
            return [
                domain,
                res(
                    "aws:opensearch/domainPolicy:DomainPolicy",
                    "search-policy",
                    { domainName: "search", accessPolicies: policy },
                    { propertyDependencies: { domainName: [domain.urn] } },
                ),
            ];
        },
    },
];

const gate = startGate({ packDir: path.join(REPO, "policies"), configFile: PROD, project: "peers", stack: "prod", reusable: true });
afterAll(() => gate.close());

const judged = new Map<string, Promise<GateResult>>();
function judge(c: PeerCase, faulty: boolean): Promise<GateResult> {
    const key = `${c.id}:${faulty}`;
    let found = judged.get(key);
    if (found === undefined) {
        found = gate.run([stackResource(), budget(), ...c.build(faulty)]);
        judged.set(key, found);
    }
    return found;
}

const blocking = (r: GateResult) => r.violations.filter((v) => v.level === "mandatory" || v.level === "remediate");
const show = (r: GateResult) =>
    blocking(r)
        .map((v) => `  ${v.policy} on ${v.name}: ${v.message}`)
        .join("\n") || "  (none)";

describe("peer cases through the analyzer protocol (prod config)", () => {
    for (const c of CASES) {
        it(`${c.id}: blocked by ${c.policy} on ${c.target} [${c.peers}]`, async () => {
            const result = await judge(c, true);
            expect(
                blocking(result).map((v) => ({ policy: v.policy, name: v.name })),
                show(result),
            ).toEqual([{ policy: c.policy, name: c.target }]);
        });
        it(`${c.id}-ok: the compliant twin raises no mandatory violation`, async () => {
            const result = await judge(c, false);
            expect(blocking(result), show(result)).toEqual([]);
        });
    }

    it("catches at least 95 % of the core faults and blocks no compliant twin", async () => {
        const outcomes = await Promise.all(
            CASES.map(async (c) => ({
                caught: blocking(await judge(c, true)).some((v) => v.policy === c.policy && v.name === c.target),
                falseAlarm: blocking(await judge(c, false)).length > 0,
            })),
        );
        const caught = outcomes.filter((o) => o.caught).length;
        console.info(`peer corpus: ${caught}/${CASES.length} faults caught, ${outcomes.filter((o) => o.falseAlarm).length} twins blocked`);
        expect(caught / CASES.length).toBeGreaterThanOrEqual(0.95);
        expect(outcomes.filter((o) => o.falseAlarm)).toEqual([]);
    });
});
