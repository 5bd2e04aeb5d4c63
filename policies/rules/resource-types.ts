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
} as const;

/** S3 bucket types (the deprecated BucketV2 alias is still accepted by AWS v7). */
export const BUCKET_TYPES: readonly string[] = [AWS.s3Bucket, AWS.s3BucketV2];

/** Resources holding data that cannot be recreated: they must be protected from deletion. */
export const STATEFUL_TYPES: readonly string[] = [
    AWS.rdsInstance,
    AWS.rdsCluster,
    ...BUCKET_TYPES,
    AWS.elasticacheReplicationGroup,
    AWS.dynamodbTable,
    AWS.efsFileSystem,
    AWS.kmsKey,
];

/** Budget resources, per provider. Any one of them satisfies `budget-exists`. */
export const BUDGET_TYPES: readonly string[] = [AWS.budget, "gcp:billing/budget:Budget"];

/** Load balancer types whose internet-facing application flavour needs a WAF. */
export const LOAD_BALANCER_TYPES: readonly string[] = [AWS.lbLoadBalancer, AWS.albLoadBalancer];

export const LISTENER_TYPES: readonly string[] = [AWS.lbListener, AWS.albListener];
