import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../components/src/core";
import { AwsPostgres, type AwsPostgresArgs } from "../../components/src/postgres/aws";
import { DEFAULT_POSTGRES_VERSION } from "../../components/src/postgres/versions";
import { type Plan, plan, planRejected, standInNetwork } from "../support/plan";

const INSTANCE = "aws:rds/instance:Instance";
const KEY = "aws:kms/key:Key";
const PARAMS = "aws:rds/parameterGroup:ParameterGroup";
const BACKUP_REPLICATION = "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication";

const network = standInNetwork;

function db(stack: string, args: Partial<AwsPostgresArgs> = {}): Promise<Plan> {
    return plan(() => new AwsPostgres("db", { network: network(), ...args }), { stack });
}

/** Runs the constructor expecting a validation error; returns it with what was registered. */
async function rejected(args: Partial<AwsPostgresArgs>, stack = "prod"): Promise<{ error: unknown; children: string[] }> {
    const { error, plan: p } = await planRejected(() => new AwsPostgres("db", { network: network(), ...args }), { stack });
    const children = p.resources.filter((r) => r.type.startsWith("aws:") || r.type.startsWith("random:")).map((r) => r.name);
    return { error, children };
}

function keyArn(p: Plan, suffix = "db-key"): string {
    return (p.one(KEY, suffix).outputs as Record<string, string>)["arn"];
}

function componentOutputs(p: Plan): Record<string, any> {
    return p.one("appstack:postgres:AwsPostgres").outputs as Record<string, any>;
}

describe("AwsPostgres", () => {
    it("encrypts storage with its own rotating KMS key and is never public", async () => {
        const p = await db("prod");
        const key = p.inputs(KEY, "db-key");
        expect(key.enableKeyRotation).toBe(true);
        const arn = keyArn(p);
        expect(arn).toMatch(/^arn:aws:kms:us-east-1:/);
        for (const instance of p.ofType(INSTANCE)) {
            const inputs = instance.inputs as Record<string, any>;
            expect(inputs.storageEncrypted).toBe(true);
            expect(inputs.kmsKeyId).toBe(arn);
            expect(inputs.publiclyAccessible).toBe(false);
            expect(inputs.iamDatabaseAuthenticationEnabled).toBe(true);
            expect(inputs.caCertIdentifier).toBe("rds-ca-rsa2048-g1");
            expect(inputs.performanceInsightsEnabled).toBe(true);
            expect(inputs.performanceInsightsKmsKeyId).toBe(arn);
            expect(inputs.performanceInsightsRetentionPeriod).toBe(7);
            expect(inputs.storageType).toBe("gp3");
            expect(inputs.autoMinorVersionUpgrade).toBe(true);
            expect(inputs.copyTagsToSnapshot).toBe(true);
        }
        const primary = p.inputs(INSTANCE, "db-primary");
        expect(primary).toMatchObject({
            engine: "postgres",
            engineVersion: DEFAULT_POSTGRES_VERSION,
            allocatedStorage: 100,
            maxAllocatedStorage: 200,
            port: 5432,
        });
        expect(primary.dbSubnetGroupName).toBe(p.inputs("aws:rds/subnetGroup:SubnetGroup").name);
        expect(p.inputs("aws:rds/subnetGroup:SubnetGroup").subnetIds).toEqual(["subnet-data-a", "subnet-data-b"]);
    });

    it("keeps the master password in Secrets Manager under its KMS key and puts the secret ARN in the connection", async () => {
        let component: AwsPostgres | undefined;
        const p = await plan(() => {
            component = new AwsPostgres("db", { network: network(), databaseName: "orders", masterUsername: "orders_admin" });
        });
        const primary = p.inputs(INSTANCE, "db-primary");
        expect(primary.manageMasterUserPassword).toBe(true);
        expect(primary.masterUserSecretKmsKeyId).toBe(keyArn(p));
        expect(primary.password).toBeUndefined();
        expect(primary).toMatchObject({ dbName: "orders", username: "orders_admin" });
        const out = componentOutputs(p);
        expect(out.passwordSecretArn).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!/);
        expect(out.host).toBe((p.one(INSTANCE, "db-primary").outputs as Record<string, string>)["address"]);
        expect(out.readerHosts).toHaveLength(1);
        expect(component!.connection).toMatchObject({ port: 5432, database: "orders", username: "orders_admin", sslMode: "verify-full" });
        expect(component!.port).toBe(5432);
        expect(component!.allocatedStorageGb).toBe(100);
    });

    it("sizes multi-AZ, replicas, backups and protection per environment", async () => {
        const expected = {
            dev: {
                multiAz: false,
                replicas: 0,
                retention: 1,
                deletionProtection: false,
                instanceClass: "db.t4g.micro",
                storage: 20,
                protect: false,
                retain: false,
                monitoring: 0,
            },
            staging: {
                multiAz: false,
                replicas: 0,
                retention: 7,
                deletionProtection: true,
                instanceClass: "db.t4g.medium",
                storage: 50,
                protect: true,
                retain: true,
                monitoring: 0,
            },
            prod: {
                multiAz: true,
                replicas: 1,
                retention: 30,
                deletionProtection: true,
                instanceClass: "db.r6g.large",
                storage: 100,
                protect: true,
                retain: true,
                monitoring: 60,
            },
        };
        for (const [stack, e] of Object.entries(expected)) {
            const p = await db(stack);
            const primary = p.one(INSTANCE, "db-primary");
            const inputs = primary.inputs as Record<string, any>;
            expect(inputs.multiAz, stack).toBe(e.multiAz);
            expect(inputs.backupRetentionPeriod, stack).toBe(e.retention);
            expect(inputs.deletionProtection, stack).toBe(e.deletionProtection);
            expect(inputs.instanceClass, stack).toBe(e.instanceClass);
            expect(inputs.allocatedStorage, stack).toBe(e.storage);
            expect(inputs.monitoringInterval, stack).toBe(e.monitoring);
            expect([primary.protect, primary.retainOnDelete], stack).toEqual([e.protect, e.retain]);
            expect(p.ofType(INSTANCE).length - 1, stack).toBe(e.replicas);
            expect(p.ofType("aws:iam/role:Role").length, stack).toBe(e.monitoring > 0 ? 1 : 0);
            const key = p.one(KEY, "db-key");
            expect([key.protect, key.retainOnDelete], stack).toEqual([e.protect, e.retain]);
        }
    });

    it("takes a final snapshot named after the instance in staging and prod, none in dev", async () => {
        for (const stack of ["staging", "prod"]) {
            const primary = (await db(stack)).inputs(INSTANCE, "db-primary");
            expect(primary.skipFinalSnapshot, stack).toBe(false);
            expect(primary.finalSnapshotIdentifier, stack).toBe(`test-${stack}-db-primary-final`);
            expect(primary.deleteAutomatedBackups, stack).toBe(false);
        }
        const dev = (await db("dev")).inputs(INSTANCE, "db-primary");
        expect(dev.skipFinalSnapshot).toBe(true);
        expect(dev.finalSnapshotIdentifier).toBeUndefined();
    });

    it("creates protected read replicas of the primary with its parameter group and key, and overrides of the profile", async () => {
        const p = await db("prod");
        const primary = p.one(INSTANCE, "db-primary");
        const replica = p.one(INSTANCE, "db-replica-1");
        const inputs = replica.inputs as Record<string, any>;
        expect(inputs.replicateSourceDb).toBe("test-prod-db-primary");
        expect(inputs.instanceClass).toBe("db.r6g.large");
        expect(inputs.parameterGroupName).toBe(p.inputs(PARAMS).name);
        expect(inputs.vpcSecurityGroupIds).toEqual((primary.inputs as Record<string, any>).vpcSecurityGroupIds);
        expect(inputs.deletionProtection).toBe(true);
        expect(inputs.backupRetentionPeriod).toBe(0);
        expect(inputs.skipFinalSnapshot).toBe(true);
        expect(inputs.dbSubnetGroupName).toBeUndefined();
        expect([replica.protect, replica.retainOnDelete]).toEqual([true, true]);
        expect(componentOutputs(p).replicaInstanceIds).toEqual(["test-prod-db-replica-1"]);

        const dev = await db("dev", { replicas: 2, multiAz: true, replicaInstanceClass: "db.t4g.small" });
        expect(dev.inputs(INSTANCE, "db-primary").multiAz).toBe(true);
        expect(
            dev
                .ofType(INSTANCE)
                .map((r) => r.name)
                .sort(),
        ).toEqual(["db-primary", "db-replica-1", "db-replica-2"]);
        expect(dev.inputs(INSTANCE, "db-replica-2").instanceClass).toBe("db.t4g.small");
        expect(dev.one(INSTANCE, "db-replica-2").protect).toBe(false);

        const none = await db("prod", { replicas: 0 });
        expect(none.ofType(INSTANCE)).toHaveLength(1);
        expect(componentOutputs(none).replicaInstanceIds).toEqual([]);
    });

    it("creates a cross-region replica with its own KMS key, subnet group, security group and parameter group there", async () => {
        const p = await db("prod", {
            crossRegionReplica: { region: "us-west-2", subnetIds: ["subnet-w-a", "subnet-w-b"], vpcId: "vpc-west" },
        });
        const dr = p.inputs(INSTANCE, "db-dr-replica");
        const drKey = p.one(KEY, "db-dr-key");
        expect((drKey.inputs as Record<string, any>).region).toBe("us-west-2");
        expect((drKey.inputs as Record<string, any>).enableKeyRotation).toBe(true);
        expect(dr.region).toBe("us-west-2");
        expect(dr.kmsKeyId).toBe((drKey.outputs as Record<string, string>)["arn"]);
        expect(dr.kmsKeyId).toMatch(/^arn:aws:kms:us-west-2:/);
        expect(dr.storageEncrypted).toBe(true);
        expect(dr.publiclyAccessible).toBe(false);
        expect(dr.replicateSourceDb).toBe("arn:aws:rds:us-east-1:123456789012:db:test-prod-db-primary");
        expect(p.inputs("aws:rds/subnetGroup:SubnetGroup", "db-dr-subnet-group")).toMatchObject({
            region: "us-west-2",
            subnetIds: ["subnet-w-a", "subnet-w-b"],
        });
        expect(dr.dbSubnetGroupName).toBe(p.inputs("aws:rds/subnetGroup:SubnetGroup", "db-dr-subnet-group").name);
        const drSg = p.one("aws:ec2/securityGroup:SecurityGroup", "db-dr-sg");
        expect(drSg.inputs).toMatchObject({ region: "us-west-2", vpcId: "vpc-west" });
        expect(dr.vpcSecurityGroupIds).toEqual([drSg.id]);
        expect(p.inputs(PARAMS, "db-dr-params")).toMatchObject({ region: "us-west-2", family: "postgres16" });
        expect(p.one(INSTANCE, "db-dr-replica").protect).toBe(true);
        // Its metrics live in us-west-2: not among the replicas alarmed on in the primary's region.
        expect(componentOutputs(p).replicaInstanceIds).toEqual(["test-prod-db-replica-1"]);
        expect(componentOutputs(p).crossRegionReplicaArn).toBe("arn:aws:rds:us-west-2:123456789012:db:test-prod-db-dr-replica");
    });

    it("replicates automated backups to another region only when asked", async () => {
        expect((await db("prod")).ofType(BACKUP_REPLICATION)).toHaveLength(0);
        const p = await db("prod", { backupReplication: { region: "us-west-2" } });
        const replication = p.one(BACKUP_REPLICATION);
        const inputs = replication.inputs as Record<string, any>;
        expect(inputs.region).toBe("us-west-2");
        expect(inputs.sourceDbInstanceArn).toBe("arn:aws:rds:us-east-1:123456789012:db:test-prod-db-primary");
        expect(inputs.retentionPeriod).toBe(30);
        expect(inputs.kmsKeyId).toMatch(/^arn:aws:kms:us-west-2:/);
        expect(p.inputs(KEY, "db-backup-replica-key")).toMatchObject({ region: "us-west-2", enableKeyRotation: true });
        expect(replication.protect).toBe(true);
        const shorter = await db("staging", { backupReplication: { region: "eu-west-1", retentionDays: 3 } });
        expect(shorter.inputs(BACKUP_REPLICATION).retentionPeriod).toBe(3);
    });

    it("derives the parameter group family from the engine version", async () => {
        for (const [version, family] of [
            ["16.13", "postgres16"],
            ["15.17", "postgres15"],
            ["17", "postgres17"],
            ["18.3", "postgres18"],
        ] as const) {
            const p = await db("dev", { engineVersion: version, extensions: ["pgcrypto"] });
            expect(p.inputs(PARAMS).family, version).toBe(family);
            expect(p.inputs(PARAMS).name, version).toBe(`test-dev-db-params-${family}`);
            expect(p.inputs(INSTANCE, "db-primary").engineVersion, version).toBe(version);
        }
    });

    it("forces TLS, allows the listed extensions and logs slow statements", async () => {
        const params = (p: Plan) =>
            Object.fromEntries((p.inputs(PARAMS).parameters as { name: string; value: string }[]).map((x) => [x.name, x.value]));
        const defaults = params(await db("dev"));
        expect(defaults["rds.force_ssl"]).toBe("1");
        expect(defaults["rds.allowed_extensions"]).toBe("vector,pg_stat_statements,pgcrypto,uuid-ossp");
        expect(defaults["log_min_duration_statement"]).toBe("500");
        const custom = params(await db("dev", { extensions: ["postgis", "pg_trgm"], logMinDurationStatementMs: 1000 }));
        expect(custom["rds.allowed_extensions"]).toBe("postgis,pg_trgm");
        expect(custom["log_min_duration_statement"]).toBe("1000");
        expect(custom["rds.force_ssl"]).toBe("1");
    });

    it("checks that pgvector is available in the engine version", async () => {
        // Every PostgreSQL 14 minor RDS still creates predates pgvector's 15.2 (postgres/versions.ts).
        for (const engineVersion of ["14.22", "14"]) {
            const { error, children } = await rejected({ engineVersion });
            expect(error, engineVersion).toBeInstanceOf(InvalidArgumentError);
            expect(String(error), engineVersion).toMatch(/`extensions` includes "vector".*15\.2/);
            expect(children, engineVersion).toEqual([]);
        }
        for (const engineVersion of ["15.15", "15", "16.11", "17.9", "16"]) {
            const p = await db("dev", { engineVersion });
            expect(p.ofType(INSTANCE), engineVersion).toHaveLength(1);
        }
        // Without pgvector an older engine is fine.
        const older = await db("dev", { engineVersion: "14.20", extensions: ["pgcrypto"] });
        expect(older.inputs(PARAMS).family).toBe("postgres14");
    });

    it("accepts only engine versions RDS creates today, before registering anything", async () => {
        for (const engineVersion of ["16.4", "16.8", "17.4", "13.15", "99"]) {
            const { error, children } = await rejected({ engineVersion, extensions: ["pgcrypto"] });
            expect(String(error), engineVersion).toMatch(
                new RegExp(`\`engineVersion\` is "${engineVersion.replace(".", "\\.")}", which RDS does not create`),
            );
            expect(children, engineVersion).toEqual([]);
        }
    });

    it("gives the security group no rules of its own", async () => {
        const p = await db("prod");
        const sg = p.one("aws:ec2/securityGroup:SecurityGroup", "db-sg");
        const inputs = sg.inputs as Record<string, any>;
        expect(inputs.ingress ?? []).toEqual([]);
        expect(inputs.egress ?? []).toEqual([]);
        expect(inputs.vpcId).toBe("vpc-0123456789abcdef0");
        expect(p.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")).toHaveLength(0);
        expect(p.ofType("aws:ec2/securityGroupRule:SecurityGroupRule")).toHaveLength(0);
        expect(componentOutputs(p).securityGroupId).toBe(sg.id);
        expect(p.inputs(INSTANCE, "db-primary").vpcSecurityGroupIds).toEqual([sg.id]);
    });

    it("runs enhanced monitoring with a role RDS can assume in prod", async () => {
        const p = await db("prod");
        const role = p.inputs("aws:iam/role:Role");
        expect(JSON.parse(role.assumeRolePolicy as string).Statement[0].Principal.Service).toBe("monitoring.rds.amazonaws.com");
        expect(p.inputs("aws:iam/rolePolicyAttachment:RolePolicyAttachment").policyArn).toBe(
            "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
        );
        const primary = p.one(INSTANCE, "db-primary");
        expect((primary.inputs as Record<string, any>).monitoringRoleArn).toBe(
            (p.one("aws:iam/role:Role").outputs as Record<string, string>)["arn"],
        );
        expect(primary.dependencies).toContain(p.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment").urn);
    });

    it("refuses invalid args before registering any child", async () => {
        const cases: [Partial<AwsPostgresArgs>, RegExp][] = [
            [{ backupRetentionDays: 0 }, /`backupRetentionDays` is 0; allowed: an integer from 1 to 35/],
            [{ backupRetentionDays: 36 }, /`backupRetentionDays` is 36/],
            [{ replicas: 6 }, /`replicas` is 6/],
            [{ engineVersion: "12.18" }, /`engineVersion` is "12.18"/],
            [{ engineVersion: "18.0" }, /`engineVersion` is "18.0"/],
            [{ engineVersion: "latest" }, /`engineVersion`/],
            [{ allocatedStorageGb: 10 }, /`allocatedStorageGb` is 10/],
            [{ allocatedStorageGb: 100, maxAllocatedStorageGb: 105 }, /`maxAllocatedStorageGb` is 105/],
            [{ monitoringInterval: 20 }, /`monitoringInterval` is 20/],
            [{ extensions: [] }, /`extensions` is empty/],
            [{ extensions: ["pgcrypto; drop"] }, /`extensions` contains/],
            [{ databaseName: "1orders" }, /`databaseName`/],
            [{ databaseName: "template1" }, /`databaseName` is reserved/],
            [{ masterUsername: "rdsadmin" }, /`masterUsername` is reserved/],
            [{ masterUsername: "bad-name" }, /`masterUsername`/],
            [{ backupWindow: "04:10-04:40" }, /`backupWindow` \("04:10-04:40"\) overlaps maintenanceWindow/],
            [{ backupWindow: "03:00-03:10" }, /`backupWindow` is 10 minutes long/],
            [{ maintenanceWindow: "sunday 4am" }, /`maintenanceWindow`/],
            [{ crossRegionReplica: { region: "west", subnetIds: [], vpcId: "vpc-w" } }, /`crossRegionReplica.region`/],
            [{ backupReplication: { region: "us-west-2", retentionDays: 0 } }, /`backupReplication.retentionDays` is 0/],
        ];
        for (const [args, message] of cases) {
            const { error, children } = await rejected(args);
            expect(error, JSON.stringify(args)).toBeInstanceOf(InvalidArgumentError);
            expect(String(error), JSON.stringify(args)).toMatch(message);
            expect(children, JSON.stringify(args)).toEqual([]);
        }
        // Saturday's backup crossing midnight into Sunday's maintenance is an overlap too.
        const wrap = await rejected({ backupWindow: "23:45-00:15", maintenanceWindow: "sun:00:00-sun:00:30" });
        expect(String(wrap.error)).toMatch(/overlaps/);
        const off = await db("dev", { maxAllocatedStorageGb: 0 });
        expect(off.inputs(INSTANCE, "db-primary").maxAllocatedStorage).toBe(0);
    });

    it("applies transforms and keeps child names stable", async () => {
        const p = await db("prod", {
            transform: {
                primary: { applyImmediately: true },
                replica: (args) => {
                    args.instanceClass = "db.r6g.xlarge";
                },
            },
        });
        expect(p.inputs(INSTANCE, "db-primary").applyImmediately).toBe(true);
        expect(p.inputs(INSTANCE, "db-replica-1").instanceClass).toBe("db.r6g.xlarge");
        expect(p.names()).toEqual([
            "appstack:postgres:AwsPostgres::db",
            "aws:ec2/securityGroup:SecurityGroup::db-sg",
            "aws:iam/role:Role::db-monitoring-role",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment::db-monitoring-policy",
            "aws:kms/key:Key::db-key",
            "aws:rds/instance:Instance::db-primary",
            "aws:rds/instance:Instance::db-replica-1",
            "aws:rds/parameterGroup:ParameterGroup::db-params",
            "aws:rds/subnetGroup:SubnetGroup::db-subnet-group",
            "pulumi:pulumi:Stack::test-prod",
        ]);
        const component = p.one("appstack:postgres:AwsPostgres");
        for (const child of p.resources.filter((r) => r.type.startsWith("aws:"))) expect(child.parent).toBe(component.urn);
        for (const child of p.resources.filter((r) => r.type.startsWith("aws:") && "tags" in (r.inputs as object))) {
            expect((child.inputs as Record<string, any>).tags).toMatchObject({ environment: "prod", component: "db" });
        }
    });
});
