// The data-store and endpoint families of policies/rules/families.ts and the other paths issue 10 adds. Cases are
// translated from other projects' rule tests (their pass/fail resources, in Pulumi input names), cited per case:
// bridgecrewio/checkov tests/terraform/checks/resource/{aws,gcp}/example_<Check>/main.tf.
import { describe, expect, it } from "vitest";
import { UNKNOWN_STRING, validateResource, validateStack } from "./harness";

const NEPTUNE = "aws:neptune/cluster:Cluster";
const REDSHIFT = "aws:redshift/cluster:Cluster";
const SQL = "gcp:sql/databaseInstance:DatabaseInstance";

describe("encryption-at-rest: families", () => {
    const run = (type: string, props: Record<string, unknown>) => validateResource("encryption-at-rest", { type, name: "x", props });
    it("Neptune: storageEncrypted true passes; unset (default false) and false fail (checkov example_NeptuneClusterStorageEncrypted)", async () => {
        expect(await run(NEPTUNE, { clusterIdentifier: "example", engine: "neptune", storageEncrypted: true })).toEqual([]);
        expect(await run(NEPTUNE, { clusterIdentifier: "example", engine: "neptune" })).toHaveLength(1);
        expect((await run(NEPTUNE, { engine: "neptune", storageEncrypted: false }))[0].message).toMatch(/storageEncrypted: true/);
    });
    it("types the provider always encrypts are not judged (Redshift defaults to encrypted, DynamoDB, Secrets Manager)", async () => {
        expect(await run(REDSHIFT, { clusterIdentifier: "c", nodeType: "ra3.xlplus" })).toEqual([]);
        expect(await run(REDSHIFT, { encrypted: "false" })).toHaveLength(1); // a string in @pulumi/aws 7 redshift/cluster.d.ts
        expect(await run(REDSHIFT, { encrypted: "true" })).toEqual([]);
        expect(await run("aws:secretsmanager/secret:Secret", {})).toEqual([]);
    });
    it("DocumentDB, DAX, OpenSearch and Kinesis default to unencrypted", async () => {
        expect(await run("aws:docdb/cluster:Cluster", {})).toHaveLength(1);
        expect(await run("aws:dax/cluster:Cluster", { serverSideEncryption: { enabled: true } })).toEqual([]);
        expect(await run("aws:opensearch/domain:Domain", {})).toHaveLength(1);
        expect(await run("aws:kinesis/stream:Stream", { encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis" })).toEqual([]);
    });
});

describe("more families: API Gateway cache, Cloud Run v1, HTTP Cloud Functions", () => {
    it("an API Gateway stage cache without encryption fails", async () => {
        const run = (settings: Record<string, unknown>) =>
            validateResource("encryption-at-rest", {
                type: "aws:apigateway/methodSettings:MethodSettings",
                name: "m",
                props: { restApi: "a", stageName: "s", methodPath: "*/*", settings },
            });
        expect(await run({ cachingEnabled: true })).toHaveLength(1);
        expect(await run({ cachingEnabled: true, cacheDataEncrypted: true })).toEqual([]);
        expect(await run({ metricsEnabled: true })).toEqual([]);
    });
    it("Cloud Run v1 minScale and HTTP Cloud Functions minInstanceCount count as warm instances", async () => {
        const run = (type: string, props: Record<string, unknown>) =>
            validateResource("rto-cloud-run-min-instances", { type, name: "s", props }, { minInstances: 2 });
        expect(
            await run("gcp:cloudrun/service:Service", {
                location: "us-central1",
                template: { metadata: { annotations: { "autoscaling.knative.dev/minScale": "2" } } },
            }),
        ).toEqual([]);
        expect(await run("gcp:cloudrun/service:Service", { location: "us-central1", template: {} })).toHaveLength(1);
        expect(
            await run("gcp:cloudfunctionsv2/function:Function", { location: "us-central1", serviceConfig: { minInstanceCount: 0 } }),
        ).toHaveLength(1);
        expect(
            await run("gcp:cloudfunctionsv2/function:Function", {
                location: "us-central1",
                eventTrigger: { eventType: "google.cloud.pubsub.topic.v1.messagePublished" },
            }),
        ).toEqual([]);
    });
});

describe("data-loss-public-database: Cloud SQL and security groups", () => {
    const run = (type: string, props: Record<string, unknown>) => validateResource("data-loss-public-database", { type, name: "x", props });
    const net = (...values: string[]) => values.map((value, i) => ({ name: `n${i}`, value }));
    it("Cloud SQL open to 0.0.0.0/0 fails; named networks, no settings or private IP pass (checkov example_GoogleCloudSqlDatabasePubliclyAccessible)", async () => {
        const fail = await run(SQL, {
            databaseVersion: "MYSQL_8_0",
            settings: {
                tier: "db-f1-micro",
                ipConfiguration: { ipv4Enabled: true, authorizedNetworks: net("1.2.3.4", "0.0.0.0/0", "5.5.5.0/24") },
            },
        });
        expect(fail).toHaveLength(1);
        expect(fail[0].message).toMatch(/0\.0\.0\.0\/0.*authorizedNetworks/);
        expect(
            await run(SQL, {
                databaseVersion: "MYSQL_8_0",
                settings: { ipConfiguration: { ipv4Enabled: true, authorizedNetworks: net("1.2.3.4", "5.5.5.0/24") } },
            }),
        ).toEqual([]);
        expect(await run(SQL, { databaseVersion: "MYSQL_8_0" })).toEqual([]);
        expect(
            await run(SQL, {
                settings: { ipConfiguration: { ipv4Enabled: false, privateNetwork: "net", authorizedNetworks: net("0.0.0.0/0") } },
            }),
        ).toEqual([]);
    });
    it("a database port open to the world fails in every security-group form, IPv4 and IPv6; HTTPS to the world passes", async () => {
        expect(
            await run("aws:ec2/securityGroup:SecurityGroup", {
                ingress: [{ protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] }],
            }),
        ).toHaveLength(1);
        expect(
            await run("aws:ec2/securityGroup:SecurityGroup", {
                ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }],
            }),
        ).toHaveLength(1);
        expect(
            await run("aws:ec2/securityGroupRule:SecurityGroupRule", {
                type: "ingress",
                protocol: "tcp",
                fromPort: 3306,
                toPort: 3306,
                cidrBlocks: ["0.0.0.0/0"],
                securityGroupId: "sg",
            }),
        ).toHaveLength(1);
        expect(
            await run("aws:ec2/securityGroupRule:SecurityGroupRule", {
                type: "egress",
                protocol: "-1",
                fromPort: 0,
                toPort: 0,
                cidrBlocks: ["0.0.0.0/0"],
                securityGroupId: "sg",
            }),
        ).toEqual([]);
        expect(
            await run("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", {
                ipProtocol: "tcp",
                fromPort: 6379,
                toPort: 6379,
                cidrIpv6: "::/0",
                securityGroupId: "sg",
            }),
        ).toHaveLength(1);
        expect(
            await run("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", {
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                cidrIpv4: "0.0.0.0/0",
                securityGroupId: "sg",
            }),
        ).toEqual([]);
        expect(
            await run("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", {
                ipProtocol: "tcp",
                fromPort: 5432,
                toPort: 5432,
                cidrIpv4: "10.0.0.0/16",
                securityGroupId: "sg",
            }),
        ).toEqual([]);
    });
});

describe("data-loss-public-storage", () => {
    const run = (type: string, props: Record<string, unknown>) => validateResource("data-loss-public-storage", { type, name: "x", props });
    it("BigQuery datasets granted to allAuthenticatedUsers fail; project readers and named users pass (checkov example_GoogleBigQueryDatasetPublicACL)", async () => {
        expect(
            await run("gcp:bigquery/dataset:Dataset", {
                datasetId: "d",
                accesses: [{ role: "READER", specialGroup: "allAuthenticatedUsers" }],
            }),
        ).toHaveLength(1);
        expect(
            await run("gcp:bigquery/dataset:Dataset", {
                datasetId: "d",
                accesses: [
                    { role: "READER", specialGroup: "projectReaders" },
                    { role: "EDITOR", userByEmail: "foo@bar.com" },
                ],
            }),
        ).toEqual([]);
    });
    it("Cloud Storage IAM members and bindings to allUsers fail", async () => {
        expect(
            await run("gcp:storage/bucketIAMMember:BucketIAMMember", {
                bucket: "b",
                role: "roles/storage.objectViewer",
                member: "allUsers",
            }),
        ).toHaveLength(1);
        expect(
            await run("gcp:storage/bucketIAMBinding:BucketIAMBinding", {
                bucket: "b",
                role: "roles/storage.objectViewer",
                members: ["user:a@b.c"],
            }),
        ).toEqual([]);
    });
});

describe("data-loss-deletion-protection: families", () => {
    const run = (type: string, props: Record<string, unknown>) =>
        validateResource("data-loss-deletion-protection", { type, name: "x", props });
    it("a Redshift cluster that skips its final snapshot fails; one with a final snapshot passes", async () => {
        expect((await run(REDSHIFT, { clusterIdentifier: "c", skipFinalSnapshot: true }))[0].message).toMatch(/skipFinalSnapshot is true/);
        expect(await run(REDSHIFT, { clusterIdentifier: "c", finalSnapshotIdentifier: "c-final" })).toEqual([]);
    });
    it("Neptune needs deletion protection and a final snapshot; Cloud SQL fails only on an explicit deletionProtection: false", async () => {
        expect(await run(NEPTUNE, {})).toHaveLength(2);
        expect(await run(NEPTUNE, { deletionProtection: true, finalSnapshotIdentifier: "f" })).toEqual([]);
        expect(await run(SQL, {})).toEqual([]);
        expect(await run(SQL, { deletionProtection: false })).toHaveLength(1);
    });
});

describe("encryption-in-transit: API Gateway, data stores, CloudFront default certificate", () => {
    it("an API Gateway domain on TLS 1.0 (explicit or by default) fails; TLS_1_2 passes (checkov CKV_AWS_206)", async () => {
        const run = (props: Record<string, unknown>) =>
            validateResource("encryption-in-transit-api-gateway", { type: "aws:apigateway/domainName:DomainName", name: "d", props });
        expect(await run({ domainName: "api.example.com", securityPolicy: "TLS_1_0" })).toHaveLength(1);
        expect(await run({ domainName: "api.example.com" })).toHaveLength(1);
        expect(await run({ domainName: "api.example.com", securityPolicy: "TLS_1_2" })).toEqual([]);
    });
    it("Cloud SQL must require TLS (sslMode), Memorystore must enable transit encryption", async () => {
        const run = (type: string, props: Record<string, unknown>) =>
            validateResource("encryption-in-transit-data-stores", { type, name: "x", props });
        expect(await run(SQL, { settings: { ipConfiguration: { sslMode: "ALLOW_UNENCRYPTED_AND_ENCRYPTED" } } })).toHaveLength(1);
        expect(await run(SQL, { settings: { ipConfiguration: { sslMode: "ENCRYPTED_ONLY" } } })).toEqual([]);
        expect(await run("gcp:redis/instance:Instance", { memorySizeGb: 1 })).toHaveLength(1);
    });
    it("the default CloudFront certificate serves TLSv1 whatever minimumProtocolVersion says", async () => {
        const props = {
            defaultCacheBehavior: { viewerProtocolPolicy: "redirect-to-https" },
            viewerCertificate: { cloudfrontDefaultCertificate: true, minimumProtocolVersion: "TLSv1.2_2021" },
        };
        const v = await validateResource("encryption-in-transit-cloudfront", {
            type: "aws:cloudfront/distribution:Distribution",
            name: "web",
            props,
        });
        expect(v).toHaveLength(1);
        expect(v[0].message).toMatch(/serves TLSv1 \(minimumProtocolVersion TLSv1\.2_2021 is ignored with it\)/);
    });
    it("a custom origin over plain HTTP fails", async () => {
        const props = {
            defaultCacheBehavior: { viewerProtocolPolicy: "redirect-to-https" },
            origins: [
                {
                    originId: "api",
                    domainName: "api.example.com",
                    customOriginConfig: {
                        originProtocolPolicy: "http-only",
                        httpPort: 80,
                        httpsPort: 443,
                        originSslProtocols: ["TLSv1.2"],
                    },
                },
            ],
            viewerCertificate: {
                acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/x",
                sslSupportMethod: "sni-only",
                minimumProtocolVersion: "TLSv1.2_2021",
            },
        };
        const v = await validateResource("encryption-in-transit-cloudfront", {
            type: "aws:cloudfront/distribution:Distribution",
            name: "web",
            props,
        });
        expect(v.map((x) => x.message)).toEqual([expect.stringMatching(/origins\[0\] \(api\) is reached over plain HTTP/)]);
    });
    it("a Cloudflare zone without settings is judged by Cloudflare's defaults", async () => {
        const v = await validateStack("encryption-in-transit-cloudflare-zone", [
            { type: "cloudflare:index/zone:Zone", name: "zone", props: { name: "example.com" } },
        ]);
        expect(v).toHaveLength(1);
        expect(v[0].message).toMatch(/keeps Cloudflare's defaults: TLS 1\.0 accepted/);
    });
});

describe("AWS Backup as a backup path: Aurora with an hourly plan and a cross-region copy", () => {
    const cluster = {
        type: "aws:rds/cluster:Cluster",
        name: "aurora",
        props: {
            engine: "aurora-postgresql",
            storageEncrypted: true,
            backupRetentionPeriod: 1,
            arn: "arn:aws:rds:us-east-1:123456789012:cluster:aurora",
        },
    };
    const plan = (schedule: string, copy: boolean) => ({
        type: "aws:backup/plan:Plan",
        name: "plan",
        props: {
            rules: [
                {
                    ruleName: "hourly",
                    targetVaultName: "main",
                    schedule,
                    lifecycle: { deleteAfter: 35 },
                    copyActions: copy
                        ? [{ destinationVaultArn: "arn:aws:backup:us-west-2:123456789012:backup-vault:dr", lifecycle: { deleteAfter: 35 } }]
                        : [],
                },
            ],
        },
    });
    const selection = {
        type: "aws:backup/selection:Selection",
        name: "sel",
        props: { iamRoleArn: "role", planId: UNKNOWN_STRING, resources: [UNKNOWN_STRING] },
        propertyDependencies: { planId: ["plan"], resources: ["aurora"] },
    };

    it("passes the RPO rule (hourly, 35 days kept) and the cross-region rule (copy to us-west-2)", async () => {
        const stack = [cluster, plan("cron(0 * * * ? *)", true), selection];
        expect(await validateStack("rpo-database-backups", stack)).toEqual([]);
        expect(await validateStack("rto-cross-region-backups", stack)).toEqual([]);
    });
    it("a daily rule does not bound the RPO at 1 h, and a plan without a copy leaves the backups in one region", async () => {
        const stack = [cluster, plan("cron(0 5 * * ? *)", false), selection];
        expect((await validateStack("rpo-database-backups", stack))[0].message).toMatch(/not hourly/);
        expect(await validateStack("rto-cross-region-backups", stack)).toHaveLength(1);
    });
});

describe("unknown is not compliant: budget-unpriced-resources and visibility-opaque-components", () => {
    it("says the estimate is a lower bound while a billable resource is unpriced, and nothing when all are priced", async () => {
        const v = await validateStack("budget-unpriced-resources", [{ type: NEPTUNE, name: "graph", props: {} }]);
        expect(v[0].message).toMatch(/is a lower bound: 1 billable resource\(s\) could not be priced.*graph/);
        expect(await validateStack("budget-unpriced-resources", [{ type: "aws:sqs/queue:Queue", name: "q", props: {} }])).toEqual([]);
    });
    it("prices an EKS control plane and takes AWS Backup plans and selections as free, so they leave the estimate complete", async () => {
        const stack = [
            { type: "aws:eks/cluster:Cluster", name: "k8s", props: { roleArn: "r", vpcConfig: { subnetIds: ["a"] } } },
            { type: "aws:backup/plan:Plan", name: "plan", props: { rules: [] } },
            { type: "aws:backup/selection:Selection", name: "sel", props: { planId: "p", iamRoleArn: "r" } },
        ];
        expect(await validateStack("budget-unpriced-resources", stack)).toEqual([]);
        const over = await validateStack("budget-monthly-cost", stack, { monthlyBudgetUsd: 10 });
        expect(over[0].message).toMatch(/k8s \(aws:eks\/cluster:Cluster\) \$73\.00/);
    });
    it("names a remote component with no children, and not one whose children were registered", async () => {
        const v = await validateStack("visibility-opaque-components", [{ type: "awsx:ec2:Vpc", name: "vpc", props: {} }]);
        expect(v[0].message).toMatch(/'vpc' \(awsx:ec2:Vpc\) is a remote component whose children were not registered/);
        const seen = [
            { type: "awsx:ec2:Vpc", name: "vpc", props: {} },
            { type: "aws:ec2/vpc:Vpc", name: "vpc-inner", props: {}, parent: "vpc" },
        ];
        expect(await validateStack("visibility-opaque-components", seen)).toEqual([]);
    });
});

describe("issue 10 families: file-system backups, NLB data ports, GCS soft delete, Backup and DR plans", () => {
    const fsx = (type: string, props: Record<string, unknown>) =>
        validateStack("rpo-file-system-backups", [{ type, name: "fs", props }], { requireBackups: true });
    it("FSx: Windows keeps 7 days unless set to 0 (provider schema Default: 7); ONTAP/OpenZFS default to 0; Lustre SCRATCH is exempt", async () => {
        expect(await fsx("aws:fsx/windowsFileSystem:WindowsFileSystem", { storageCapacity: 32 })).toEqual([]);
        expect(await fsx("aws:fsx/windowsFileSystem:WindowsFileSystem", { automaticBackupRetentionDays: 0 })).toHaveLength(1);
        expect((await fsx("aws:fsx/openZfsFileSystem:OpenZfsFileSystem", { deploymentType: "SINGLE_AZ_1" }))[0].message).toMatch(
            /0 \(the default\)/,
        );
        expect(await fsx("aws:fsx/lustreFileSystem:LustreFileSystem", { deploymentType: "SCRATCH_2" })).toEqual([]);
        expect(await fsx("aws:fsx/lustreFileSystem:LustreFileSystem", {})).toEqual([]); // SCRATCH_1 is the default deployment type
        expect(
            await validateStack("rpo-file-system-backups", [{ type: "aws:efs/fileSystem:FileSystem", name: "fs", props: {} }], {
                requireBackups: false,
            }),
        ).toEqual([]);
    });
    it("an EFS BackupPolicy counts only when ENABLED and attached to that file system", async () => {
        const efs = { type: "aws:efs/fileSystem:FileSystem", name: "fs", props: { id: "fs-1" } };
        const policy = (status: string, fileSystemId: string) => ({
            type: "aws:efs/backupPolicy:BackupPolicy",
            name: "p",
            props: { fileSystemId, backupPolicy: { status } },
        });
        expect(await validateStack("rpo-file-system-backups", [efs, policy("ENABLED", "fs-1")], { requireBackups: true })).toEqual([]);
        expect(await validateStack("rpo-file-system-backups", [efs, policy("DISABLED", "fs-1")], { requireBackups: true })).toHaveLength(1);
        expect(await validateStack("rpo-file-system-backups", [efs, policy("ENABLED", "fs-other")], { requireBackups: true })).toHaveLength(
            1,
        );
    });
    it("an internet-facing load balancer with a TCP listener on a database port fails; internal, HTTPS, or with security groups passes", async () => {
        const run = (lb: Record<string, unknown>, listener: Record<string, unknown>) =>
            validateStack("data-loss-public-listener-ports", [
                { type: "aws:lb/loadBalancer:LoadBalancer", name: "lb", props: { loadBalancerType: "network", arn: "arn:lb", ...lb } },
                { type: "aws:lb/listener:Listener", name: "l", props: { loadBalancerArn: "arn:lb", ...listener } },
            ]);
        expect((await run({}, { protocol: "TCP", port: 6379 }))[0].message).toMatch(/6379 \(Redis\).*internet-facing/);
        expect(await run({ internal: false }, { protocol: "TLS", port: 5432 })).toHaveLength(1);
        expect(await run({ internal: true }, { protocol: "TCP", port: 5432 })).toEqual([]);
        expect(await run({}, { protocol: "TCP", port: 443 })).toEqual([]);
        expect(await run({ securityGroups: ["sg-1"] }, { protocol: "TCP", port: 5432 })).toEqual([]);
    });
    it("GCS: soft delete off without versioning loses objects; the 7-day default or versioning passes", async () => {
        const run = (props: Record<string, unknown>) =>
            validateResource(
                "data-loss-deletion-protection",
                { type: "gcp:storage/bucket:Bucket", name: "b", props },
                { requireDeletionProtection: true, requireFinalSnapshot: true },
            );
        expect(await run({ location: "US" })).toEqual([]);
        expect(await run({ softDeletePolicy: { retentionDurationSeconds: 0 } })).toHaveLength(1);
        expect(await run({ softDeletePolicy: { retentionDurationSeconds: 0 }, versioning: { enabled: true } })).toEqual([]);
    });
    it("a Backup and DR plan covers Cloud SQL only with an HOURLY rule of frequency 1 kept minRetentionDays", async () => {
        const sql = {
            type: SQL,
            name: "db",
            props: { databaseVersion: "POSTGRES_16", settings: { backupConfiguration: { enabled: false } } },
        };
        const plan = (schedule: Record<string, unknown>, days = 30) => ({
            type: "gcp:backupdisasterrecovery/backupPlan:BackupPlan",
            name: "plan",
            props: {
                name: "projects/p/locations/l/backupPlans/plan",
                backupRules: [{ ruleId: "r", backupRetentionDays: days, standardSchedule: { timeZone: "UTC", ...schedule } }],
            },
        });
        const assoc = {
            type: "gcp:backupdisasterrecovery/backupPlanAssociation:BackupPlanAssociation",
            name: "a",
            props: { resource: "x", backupPlan: "y" },
            propertyDependencies: { resource: ["db"], backupPlan: ["plan"] },
        };
        const run = (p: ReturnType<typeof plan>) => validateStack("rpo-database-backups", [sql, p, assoc], { minRetentionDays: 30 });
        expect(await run(plan({ recurrenceType: "HOURLY", hourlyFrequency: 1 }))).toEqual([]);
        expect(await run(plan({ recurrenceType: "HOURLY", hourlyFrequency: 6 }))).toHaveLength(1);
        expect(await run(plan({ recurrenceType: "DAILY" }))).toHaveLength(1);
        expect(await run(plan({ recurrenceType: "HOURLY", hourlyFrequency: 1 }, 7))).toHaveLength(1);
        expect(
            await validateStack("rpo-database-backups", [sql, plan({ recurrenceType: "HOURLY" })], { minRetentionDays: 30 }),
        ).toHaveLength(1); // no association
    });
});
