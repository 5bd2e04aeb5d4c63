/**
 * Coverage of the price tables: every size of the current EC2, RDS and ElastiCache families is priced (or says why
 * not), every figure names its page and date, and a program far over its budget can no longer pass it unpriced.
 * Figures are checked against the datasets named in each table's header (read 2026-12-06): karpenter's generated
 * EC2 prices (2026-07-20), vantage-sh/ec2instances.info's RDS (2021-08-03) and ElastiCache (2022-02-13) data, the
 * infracost golden files, and github/docs' runner prices.
 */
import { describe, expect, it } from "vitest";
import { estimateMonthlyCost, type PricedResource } from "@appstack/cost";
import { PRICE_TABLE, readOn } from "@appstack/cost/prices";
import { EC2_HOURLY } from "@appstack/cost/prices/aws-ec2";
import { rdsInstanceEntry } from "@appstack/cost/prices/aws-rds";
import { SERVICE_PRICES } from "@appstack/cost/prices/services";

const R = (type: string, name: string, props: Record<string, unknown>): PricedResource => ({
    urn: `urn:pulumi:prod::t::${type}::${name}`,
    type,
    name,
    props,
});
const cost = (resources: PricedResource[]) => estimateMonthlyCost(resources, { region: "us-east-1" });

describe("EC2 instance types", () => {
    const families = ["m5", "m6i", "m6g", "m7i", "m7g", "c5", "c6i", "c6g", "c7g", "c7i", "r5", "r6i", "r6g", "r7g", "t3", "t3a", "t4g"];
    it.each(families)("prices every size of %s", (family) => {
        const sizes = Object.keys(EC2_HOURLY).filter((t) => t.startsWith(`${family}.`));
        expect(sizes.length).toBeGreaterThanOrEqual(7);
        for (const type of sizes) {
            const r = cost([R("aws:ec2/instance:Instance", "vm", { instanceType: type })]);
            expect(r.unpriced, type).toEqual([]);
        }
    });
    it("bills m5.large at the Price List figure plus its 8 GB gp3 root volume", () => {
        // karpenter zz_generated.pricing_aws.go: "m5.large": 0.096000; EBS gp3 $0.08/GB-month.
        const r = cost([R("aws:ec2/instance:Instance", "vm", { instanceType: "m5.large" })]);
        expect(r.monthlyUsd).toBeCloseTo(730 * 0.096 + 8 * 0.08, 2);
    });
    it("says why an unknown instance type is unpriced, in the estimate itself", () => {
        const r = cost([R("aws:ec2/instance:Instance", "vm", { instanceType: "x9z.huge" })]);
        expect(r.unpriced[0]?.reason).toMatch(/x9z\.huge is not in the price table/);
    });
});

describe("RDS", () => {
    const sizes = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"];
    it.each(["m5", "m6g", "m6i", "r5", "r6g", "r6i"])("prices db.%s for PostgreSQL, MySQL and MariaDB", (family) => {
        for (const size of sizes) {
            for (const engine of ["postgres", "mysql", "mariadb"] as const) {
                expect("entry" in rdsInstanceEntry(`db.${family}.${size}`, engine), `db.${family}.${size} ${engine}`).toBe(true);
            }
        }
    });
    it("prices db.r6g.16xlarge per engine as the Price List data lists it (vantage www/rds/instances.json)", () => {
        const pg = rdsInstanceEntry("db.r6g.16xlarge", "postgres");
        const my = rdsInstanceEntry("db.r6g.16xlarge", "mysql");
        const au = rdsInstanceEntry("db.r6g.16xlarge", "aurora");
        expect("entry" in pg && pg.entry.usd).toBe(7.194);
        expect("entry" in my && my.entry.usd).toBe(6.874);
        expect("entry" in au && au.entry.usd).toBe(8.306);
    });
    it("doubles a Multi-AZ instance", () => {
        const one = cost([
            R("aws:rds/instance:Instance", "db", {
                engine: "mysql",
                instanceClass: "db.m5.large",
                allocatedStorage: 20,
                storageType: "gp3",
                multiAz: false,
                backupRetentionPeriod: 1,
            }),
        ]);
        const two = cost([
            R("aws:rds/instance:Instance", "db", {
                engine: "mysql",
                instanceClass: "db.m5.large",
                allocatedStorage: 20,
                storageType: "gp3",
                multiAz: true,
                backupRetentionPeriod: 1,
            }),
        ]);
        expect(two.monthlyUsd).toBeCloseTo(one.monthlyUsd * 2, 1);
        expect(one.monthlyUsd).toBeCloseTo(730 * 0.171 + 20 * 0.115, 1);
    });
    it("bills enhanced monitoring as CloudWatch Logs ingestion", () => {
        const base = { engine: "postgres", instanceClass: "db.t3.micro", allocatedStorage: 20, storageType: "gp3" };
        // A log group ingesting 5 GB first uses up the account's free 5 GB of CloudWatch Logs ingestion.
        const logs = R("aws:cloudwatch/logGroup:LogGroup", "app-logs", { retentionInDays: 1 });
        const opts = { region: "us-east-1", usage: { logIngestGbPerGroupPerMonth: 5 } };
        const off = estimateMonthlyCost([logs, R("aws:rds/instance:Instance", "db", base)], opts);
        const on = estimateMonthlyCost([logs, R("aws:rds/instance:Instance", "db", { ...base, monitoringInterval: 15 })], opts);
        expect(on.monthlyUsd).toBeGreaterThan(off.monthlyUsd);
        expect(on.items[1]?.basis).toMatch(/RDSOSMetrics/);
    });
    it("makes twelve db.r6g.16xlarge (about $150,000 a month) impossible to pass a $3,000 budget", () => {
        const fleet = Array.from({ length: 12 }, (_, i) =>
            R("aws:rds/instance:Instance", `db${i}`, {
                engine: "postgres",
                instanceClass: "db.r6g.16xlarge",
                multiAz: true,
                allocatedStorage: 1000,
                storageType: "gp3",
            }),
        );
        const r = cost(fleet);
        expect(r.unpriced).toEqual([]);
        expect(r.monthlyUsd).toBeGreaterThan(125_000);
        expect(r.monthlyUsd).toBeGreaterThan(3000);
    });
    it("prices Aurora instances, Serverless v2 and I/O-Optimized", () => {
        const cluster = R("aws:rds/cluster:Cluster", "c", { engine: "aurora-postgresql", storageType: "aurora-iopt1" });
        const inst = R("aws:rds/clusterInstance:ClusterInstance", "i", {
            engine: "aurora-postgresql",
            instanceClass: "db.r6g.large",
            clusterIdentifier: cluster.urn,
        });
        const sv2 = R("aws:rds/clusterInstance:ClusterInstance", "s", {
            engine: "aurora-postgresql",
            instanceClass: "db.serverless",
            clusterIdentifier: cluster.urn,
        });
        const r = cost([cluster, inst, sv2]);
        expect(r.unpriced).toEqual([]);
        const byName = Object.fromEntries(r.items.map((i) => [i.name, i.monthlyUsd]));
        expect(byName["i"]).toBeCloseTo(730 * 0.26 * 1.3, 1);
        expect(byName["s"]).toBeCloseTo(730 * 0.156, 1);
    });
});

describe("services", () => {
    it("prices Lambda, API Gateway, DynamoDB, EKS and Redshift from usage", () => {
        const r = cost([
            R("aws:lambda/function:Function", "fn", { memorySize: 1024, architectures: ["arm64"] }),
            R("aws:apigateway/restApi:RestApi", "rest", {}),
            R("aws:apigatewayv2/api:Api", "http", { protocolType: "HTTP" }),
            R("aws:dynamodb/table:Table", "t", { billingMode: "PAY_PER_REQUEST", pointInTimeRecovery: { enabled: true } }),
            R("aws:eks/cluster:Cluster", "k", {}),
            R("aws:eks/nodeGroup:NodeGroup", "ng", {
                scalingConfig: { desiredSize: 2, minSize: 1, maxSize: 3 },
                instanceTypes: ["m6g.large"],
            }),
            R("aws:redshift/cluster:Cluster", "rs", { nodeType: "ra3.4xlarge", numberOfNodes: 2 }),
        ]);
        expect(r.unpriced).toEqual([]);
        const byName = Object.fromEntries(r.items.map((i) => [i.name, i.monthlyUsd]));
        expect(byName["rest"]).toBeCloseTo(3.5, 2);
        expect(byName["http"]).toBeCloseTo(1, 2);
        expect(byName["k"]).toBeCloseTo(73, 2);
        expect(byName["rs"]).toBeCloseTo(2 * 730 * 3.26 + 100 * 0.024, 1);
        // 1 M × 0.2 s × 1 GB × $0.0000133334 + $0.20, all inside the free tier (1 M requests, 400,000 GB-s a month).
        expect(byName["fn"]).toBe(0);
        expect(r.items.find((i) => i.name === "fn")?.basis).toContain(
            "1,000,000 requests × $0.2/M + 200,000 GB-s (1,024 MB × 200 ms, Arm) × $0.000013",
        );
        expect(byName["t"]).toBeCloseTo(0.625 + 5 * 0.125 + 10 * 0.25 + 10 * 0.2, 2);
    });
    it("gives an unpriced Redshift node type its reason", () => {
        const r = cost([R("aws:redshift/cluster:Cluster", "rs", { nodeType: "ra3.xlplus" })]);
        expect(r.unpriced[0]?.reason).toMatch(/no cited price/);
    });
    it("prices Google Cloud SQL (HA doubles), Cloud Functions, GKE and Memorystore", () => {
        const sql = (availabilityType: string) =>
            R("gcp:sql/databaseInstance:DatabaseInstance", `sql-${availabilityType}`, {
                settings: { tier: "db-custom-1-3840", availabilityType, diskSize: 10 },
            });
        const r = cost([
            sql("ZONAL"),
            sql("REGIONAL"),
            R("gcp:cloudfunctions/function:Function", "f1", { availableMemoryMb: 256 }),
            R("gcp:cloudfunctionsv2/function:Function", "f2", { serviceConfig: { availableMemory: "256M" } }),
            R("gcp:container/cluster:Cluster", "gke", { enableAutopilot: true }),
            R("gcp:redis/instance:Instance", "redis", { tier: "STANDARD_HA", memorySizeGb: 5 }),
        ]);
        expect(r.unpriced).toEqual([]);
        const byName = Object.fromEntries(r.items.map((i) => [i.name, i.monthlyUsd]));
        // infracost golden: db-custom-1-3840 zonal $30.15 + $19.16 + 10 GB $1.70.
        expect(byName["sql-ZONAL"]).toBeCloseTo(30.15 + 19.16 + 1.7, 0);
        expect(byName["sql-REGIONAL"]).toBeCloseTo(2 * (byName["sql-ZONAL"] ?? 0), 1);
        expect(byName["redis"]).toBeCloseTo(197.1, 0);
        expect(byName["gke"]).toBeGreaterThan(73);
    });
    it("books GitHub Actions minutes by runner: macOS costs more than Linux", () => {
        const wf = (name: string, runsOn: string) =>
            R("github:index/repositoryFile:RepositoryFile", name, {
                file: `.github/workflows/${name}.yml`,
                content: `jobs:\n  a:\n    runs-on: ${runsOn}\n`,
            });
        // Seven 300-minute Linux workflows first use up the account's 2,000 included minutes.
        const fillers = Array.from({ length: 7 }, (_, i) => wf(`filler-${i}`, "ubuntu-latest"));
        const r = cost([
            ...fillers,
            wf("linux", "ubuntu-latest"),
            wf("mac", "macos-14"),
            wf("win", "windows-latest"),
            wf("self", "self-hosted"),
        ]);
        const byName = Object.fromEntries(r.items.map((i) => [i.name, i.monthlyUsd]));
        expect(byName["linux"]).toBeCloseTo(300 * 0.006, 2);
        expect(byName["win"]).toBeCloseTo(300 * 0.01, 2);
        expect(byName["mac"]).toBeCloseTo(300 * 0.062, 2);
        expect(byName["self"]).toBe(0);
    });
    it("takes the account's 2,000 included minutes off once, a macOS minute counting 10 of them", () => {
        // docs.github.com (billing for GitHub Actions; GitHub Free for organizations: "2,000 GitHub Actions minutes per
        // month" for private repositories; macOS minutes use included minutes at 10×). Read 2026-12-07.
        const wf = (name: string, runsOn: string) =>
            R("github:index/repositoryFile:RepositoryFile", name, {
                file: `.github/workflows/${name}.yml`,
                content: `jobs:\n  a:\n    runs-on: ${runsOn}\n`,
            });
        const r = cost([wf("ci", "ubuntu-latest"), wf("ios", "macos-14")]);
        const byName = Object.fromEntries(r.items.map((i) => [i.name, i.monthlyUsd]));
        // Linux 300 min: inside the 2,000. macOS 300 min = 3,000 Linux-equivalent, 1,700 of them still included.
        expect(byName["ci"]).toBe(0);
        expect(byName["ios"]).toBeCloseTo(((3000 - 1700) / 10) * 0.062, 2);
        expect(r.freeTiers.find((f) => f.meter === "github.actions.includedMinutes")?.used).toBe(2000);
    });
    it("books Container Insights on an ECS cluster that enables it", () => {
        // A cluster with a service: 10 + 20 metrics, the first 10 in the account's free 10 custom metrics.
        const svc = R("aws:ecs/service:Service", "s", { cluster: "c" });
        const on = cost([R("aws:ecs/cluster:Cluster", "c", { settings: [{ name: "containerInsights", value: "enabled" }] }), svc]);
        const off = cost([R("aws:ecs/cluster:Cluster", "c", { settings: [{ name: "containerInsights", value: "disabled" }] }), svc]);
        const cluster = (e: typeof on) => e.items.find((i) => i.type === "aws:ecs/cluster:Cluster");
        expect(cluster(on)?.monthlyUsd).toBeCloseTo((30 - 10) * 0.3, 2);
        expect(cluster(on)?.basis).toContain("free tier 10 custom metrics");
        expect(cluster(off)?.monthlyUsd).toBe(0);
    });
    it("books Google Cloud alerting policies at $0: the charge is announced but not started", () => {
        const r = cost([R("gcp:monitoring/alertPolicy:AlertPolicy", "a", { conditions: [{}, {}] })]);
        expect(r.monthlyUsd).toBe(0);
        expect(r.items[0]?.basis).toMatch(/not started/);
    });
});

describe("every price names its page and date", () => {
    it("has an https source and a read date on every entry", () => {
        const entries = [
            ...Object.values(SERVICE_PRICES),
            ...Object.values(PRICE_TABLE.aws.ec2Instances),
            ...Object.values(PRICE_TABLE.aws.elasticacheNodes),
            ...Object.values(PRICE_TABLE.aws.rdsInstances).flatMap((t) => Object.values(t)),
            ...Object.values(PRICE_TABLE.aws.other),
            ...Object.values(PRICE_TABLE.gcp),
        ];
        expect(entries.length).toBeGreaterThan(500);
        for (const e of entries) {
            expect(e.source).toMatch(/^https:\/\//);
            expect(readOn(e)).toMatch(/^2026-1[12]/);
        }
    });
});
