// Resource type tokens the rules judge, grouped by concern. To cover another provider, add its tokens here and
// a reader in the rule module that needs it (each module keeps a table keyed by type token).

export const AWS = {
    rdsInstance: "aws:rds/instance:Instance",
    rdsCluster: "aws:rds/cluster:Cluster",
    rdsClusterInstance: "aws:rds/clusterInstance:ClusterInstance",
    rdsParameterGroup: "aws:rds/parameterGroup:ParameterGroup",
    rdsClusterParameterGroup: "aws:rds/clusterParameterGroup:ClusterParameterGroup",
    rdsBackupReplication: "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
    dynamodbTable: "aws:dynamodb/table:Table",
    elasticacheReplicationGroup: "aws:elasticache/replicationGroup:ReplicationGroup",
    elasticacheCluster: "aws:elasticache/cluster:Cluster",
    elasticacheServerless: "aws:elasticache/serverlessCache:ServerlessCache",
    s3Bucket: "aws:s3/bucket:Bucket",
    s3BucketV2: "aws:s3/bucketV2:BucketV2",
    s3Encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    s3EncryptionV2: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    s3Versioning: "aws:s3/bucketVersioning:BucketVersioning",
    s3VersioningV2: "aws:s3/bucketVersioningV2:BucketVersioningV2",
    s3PublicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    s3Acl: "aws:s3/bucketAcl:BucketAcl",
    s3AclV2: "aws:s3/bucketAclV2:BucketAclV2",
    s3Policy: "aws:s3/bucketPolicy:BucketPolicy",
    ebsVolume: "aws:ebs/volume:Volume",
    efsFileSystem: "aws:efs/fileSystem:FileSystem",
    efsBackupPolicy: "aws:efs/backupPolicy:BackupPolicy",
    snsTopic: "aws:sns/topic:Topic",
    sqsQueue: "aws:sqs/queue:Queue",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    kmsKey: "aws:kms/key:Key",
    cloudfrontDistribution: "aws:cloudfront/distribution:Distribution",
    lbListener: "aws:lb/listener:Listener",
    albListener: "aws:alb/listener:Listener",
    lbLoadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    albLoadBalancer: "aws:alb/loadBalancer:LoadBalancer",
    wafWebAcl: "aws:wafv2/webAcl:WebAcl",
    wafWebAclRule: "aws:wafv2/webAclRule:WebAclRule",
    wafWebAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
    ecsService: "aws:ecs/service:Service",
    appautoscalingTarget: "aws:appautoscaling/target:Target",
    budget: "aws:budgets/budget:Budget",
    s3ReplicationConfig: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    s3AccountPublicAccessBlock: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
    neptuneCluster: "aws:neptune/cluster:Cluster",
    docdbCluster: "aws:docdb/cluster:Cluster",
    redshiftCluster: "aws:redshift/cluster:Cluster",
    redshiftServerlessWorkgroup: "aws:redshiftserverless/workgroup:Workgroup",
    redshiftServerlessNamespace: "aws:redshiftserverless/namespace:Namespace",
    daxCluster: "aws:dax/cluster:Cluster",
    memorydbCluster: "aws:memorydb/cluster:Cluster",
    opensearchDomain: "aws:opensearch/domain:Domain",
    mskCluster: "aws:msk/cluster:Cluster",
    kinesisStream: "aws:kinesis/stream:Stream",
    firehoseStream: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    ebsSnapshotCopy: "aws:ebs/snapshotCopy:SnapshotCopy",
    fsxLustre: "aws:fsx/lustreFileSystem:LustreFileSystem",
    fsxWindows: "aws:fsx/windowsFileSystem:WindowsFileSystem",
    fsxOntap: "aws:fsx/ontapFileSystem:OntapFileSystem",
    fsxOpenZfs: "aws:fsx/openZfsFileSystem:OpenZfsFileSystem",
    backupPlan: "aws:backup/plan:Plan",
    backupSelection: "aws:backup/selection:Selection",
    backupVault: "aws:backup/vault:Vault",
    secret: "aws:secretsmanager/secret:Secret",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    securityGroupIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    apiGatewayDomainName: "aws:apigateway/domainName:DomainName",
    apiGatewayV2DomainName: "aws:apigatewayv2/domainName:DomainName",
    apiGatewayStage: "aws:apigateway/stage:Stage",
    apiGatewayMethodSettings: "aws:apigateway/methodSettings:MethodSettings",
    lambdaFunctionUrl: "aws:lambda/functionUrl:FunctionUrl",
} as const;

export const GCP = {
    apiKey: "gcp:projects/apiKey:ApiKey",
    cloudRunService: "gcp:cloudrunv2/service:Service",
    secret: "gcp:secretmanager/secret:Secret",
    secretVersion: "gcp:secretmanager/secretVersion:SecretVersion",
    budget: "gcp:billing/budget:Budget",
    uptimeCheck: "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig",
    alertPolicy: "gcp:monitoring/alertPolicy:AlertPolicy",
    sqlInstance: "gcp:sql/databaseInstance:DatabaseInstance",
    alloydbCluster: "gcp:alloydb/cluster:Cluster",
    spannerDatabase: "gcp:spanner/database:Database",
    firestoreDatabase: "gcp:firestore/database:Database",
    bigtableInstance: "gcp:bigtable/instance:Instance",
    redisInstance: "gcp:redis/instance:Instance",
    memorystoreInstance: "gcp:memorystore/instance:Instance",
    storageBucket: "gcp:storage/bucket:Bucket",
    storageBucketIamMember: "gcp:storage/bucketIAMMember:BucketIAMMember",
    storageBucketIamBinding: "gcp:storage/bucketIAMBinding:BucketIAMBinding",
    storageBucketAccessControl: "gcp:storage/bucketAccessControl:BucketAccessControl",
    storageBucketAcl: "gcp:storage/bucketACL:BucketACL",
    storageDefaultObjectAccessControl: "gcp:storage/defaultObjectAccessControl:DefaultObjectAccessControl",
    bigqueryDataset: "gcp:bigquery/dataset:Dataset",
    bigqueryDatasetIamMember: "gcp:bigquery/datasetIamMember:DatasetIamMember",
    bigqueryDatasetIamBinding: "gcp:bigquery/datasetIamBinding:DatasetIamBinding",
    bigqueryDatasetAccess: "gcp:bigquery/datasetAccess:DatasetAccess",
    cloudRunV1Service: "gcp:cloudrun/service:Service",
    targetHttpsProxy: "gcp:compute/targetHttpsProxy:TargetHttpsProxy",
    sslPolicy: "gcp:compute/sSLPolicy:SSLPolicy",
    kmsCryptoKey: "gcp:kms/cryptoKey:CryptoKey",
    backupDrPlan: "gcp:backupdisasterrecovery/backupPlan:BackupPlan",
    backupDrPlanAssociation: "gcp:backupdisasterrecovery/backupPlanAssociation:BackupPlanAssociation",
} as const;

export const VERCEL = {
    project: "vercel:index/project:Project",
    projectDomain: "vercel:index/projectDomain:ProjectDomain",
    envVar: "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable",
    firewallConfig: "vercel:index/firewallConfig:FirewallConfig",
    attackChallengeMode: "vercel:index/attackChallengeMode:AttackChallengeMode",
} as const;

export const CLOUDFLARE = {
    zone: "cloudflare:index/zone:Zone",
    zoneSetting: "cloudflare:index/zoneSetting:ZoneSetting",
    ruleset: "cloudflare:index/ruleset:Ruleset",
    dnsRecord: "cloudflare:index/dnsRecord:DnsRecord",
    workersScript: "cloudflare:index/workersScript:WorkersScript",
    workersRoute: "cloudflare:index/workersRoute:WorkersRoute",
} as const;

export const UPSTASH = {
    redisDatabase: "upstash:index/redisDatabase:RedisDatabase",
} as const;

/**
 * Dynamic resources (Pulumi dynamic providers) all share one type token. A dynamic provider opts into the pack by
 * setting a constant discriminator input; the Supabase resources of components/src/supabase/provider.ts set
 * `supabaseResource` to one of `SUPABASE_KINDS` (policies/README.md, "Dynamic resources").
 */
export const DYNAMIC_RESOURCE = "pulumi-nodejs:dynamic:Resource";
export const SUPABASE_DISCRIMINATOR = "supabaseResource";
export const SUPABASE_KINDS = {
    project: "project",
    pitr: "pitr",
    sslEnforcement: "ssl-enforcement",
    networkRestrictions: "network-restrictions",
    postgresConfig: "postgres-config",
    readReplica: "read-replica",
} as const;
export type SupabaseKind = (typeof SUPABASE_KINDS)[keyof typeof SUPABASE_KINDS];

/** Supabase compute sizes in ascending order (`instanceSize` of a project; the Management API's `desired_instance_size`). */
export const SUPABASE_INSTANCE_SIZES = [
    "pico",
    "nano",
    "micro",
    "small",
    "medium",
    "large",
    "xlarge",
    "2xlarge",
    "4xlarge",
    "8xlarge",
    "12xlarge",
    "16xlarge",
] as const;

/** Whether Supabase size `size` is at least `minimum` (false for unknown sizes). */
export function supabaseSizeAtLeast(size: string, minimum: string): boolean {
    const order: readonly string[] = SUPABASE_INSTANCE_SIZES;
    return order.includes(size) && order.indexOf(size) >= order.indexOf(minimum);
}

/** S3 bucket types (the deprecated BucketV2 alias is still accepted by AWS v7). */
export const BUCKET_TYPES: readonly string[] = [AWS.s3Bucket, AWS.s3BucketV2];

/** Resources holding data that cannot be recreated: they must be protected from deletion. */
export const STATEFUL_TYPES: readonly string[] = [
    AWS.rdsInstance,
    AWS.rdsCluster,
    ...BUCKET_TYPES,
    AWS.elasticacheReplicationGroup,
    AWS.elasticacheCluster,
    AWS.ebsVolume,
    AWS.dynamodbTable,
    AWS.efsFileSystem,
    AWS.kmsKey,
    AWS.neptuneCluster,
    AWS.docdbCluster,
    AWS.redshiftCluster,
    AWS.opensearchDomain,
    AWS.fsxLustre,
    AWS.fsxWindows,
    AWS.fsxOntap,
    AWS.fsxOpenZfs,
    AWS.backupVault,
    GCP.sqlInstance,
    GCP.alloydbCluster,
    GCP.spannerDatabase,
    GCP.firestoreDatabase,
    GCP.bigtableInstance,
    GCP.storageBucket,
    GCP.bigqueryDataset,
];

/**
 * Type-token prefixes of remote (multi-language) component packages: their children are built by the package's
 * plugin, so a program run without it (the offline plan) registers the component and nothing inside it.
 */
export const REMOTE_COMPONENT_PREFIXES: readonly string[] = [
    "awsx:",
    "eks:",
    "aws-apigateway:",
    "aws-static-website:",
    "google-cloud-static-website:",
];

/** Budget resources, per provider. Any one of them satisfies `budget-exists`. */
export const BUDGET_TYPES: readonly string[] = [AWS.budget, GCP.budget];

/** Resources that carry their own spending cap (a positive `budget` input), also accepted by `budget-exists`. */
export const BUDGET_CAP_TYPES: readonly string[] = [UPSTASH.redisDatabase];

/** Load balancer types whose internet-facing application flavour needs a WAF. */
export const LOAD_BALANCER_TYPES: readonly string[] = [AWS.lbLoadBalancer, AWS.albLoadBalancer];

export const LISTENER_TYPES: readonly string[] = [AWS.lbListener, AWS.albListener];
