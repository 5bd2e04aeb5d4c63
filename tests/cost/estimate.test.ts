import { describe, expect, it } from "vitest";
import {
    type CostEstimate,
    type CostItem,
    estimateMonthlyCost,
    PRICE_TABLE,
    type PricedResource,
    unpricedReasons,
    unverifiedPrices,
} from "@appstack/cost";

function res(type: string, name: string, props: Record<string, unknown> = {}): PricedResource {
    return { urn: `urn:pulumi:prod::test::${type}::${name}`, type, name, props };
}

const us = { region: "us-east-1" };

function item(estimate: CostEstimate, name: string): CostItem {
    const found = estimate.items.find((i) => i.name === name);
    if (!found)
        throw new Error(
            `no item ${name}: ${estimate.items.map((i) => i.name).join(", ")}; unpriced ${estimate.unpriced.map((u) => u.name).join(", ")}`,
        );
    return found;
}

function cost(resources: PricedResource[], name: string, options: Parameters<typeof estimateMonthlyCost>[1] = us): CostItem {
    return item(estimateMonthlyCost(resources, options), name);
}

const RDS = "aws:rds/instance:Instance";
const TD = "aws:ecs/taskDefinition:TaskDefinition";
const SERVICE = "aws:ecs/service:Service";
const TARGET = "aws:appautoscaling/target:Target";

describe("RDS for PostgreSQL", () => {
    const micro = { engine: "postgres", instanceClass: "db.t4g.micro", allocatedStorage: 20, storageType: "gp3", backupRetentionPeriod: 7 };

    it("prices a db.t4g.micro single-AZ with 20 GB gp3 as 730 h × price + 20 GB × gp3 price", () => {
        const db = cost([res(RDS, "db", micro)], "db");
        expect(db.monthlyUsd).toBeCloseTo(730 * 0.016 + 20 * 0.115, 2);
        expect(db.basis).toContain("db.t4g.micro 730 h × $0.016 + 20 GB gp3 × $0.115");
        expect(db.basis).toContain("within the free 20 GB");
        expect(db.basis).toMatch(/\(us-east-1, 2026-11\)$/);
    });

    it("doubles instance and storage for Multi-AZ", () => {
        const single = cost([res(RDS, "db", micro)], "db");
        const multi = cost([res(RDS, "db", { ...micro, multiAz: true })], "db");
        expect(multi.monthlyUsd).toBeCloseTo(2 * single.monthlyUsd, 2);
        const big = cost(
            [
                res(RDS, "big", {
                    engine: "postgres",
                    instanceClass: "db.r6g.large",
                    multiAz: true,
                    allocatedStorage: 100,
                    storageType: "gp3",
                }),
            ],
            "big",
        );
        expect(big.basis).toContain("db.r6g.large Multi-AZ 730 h × $0.45 + 100 GB gp3 × $0.23");
        expect(big.monthlyUsd).toBeCloseTo(730 * 0.45 + 100 * 0.23, 2);
    });

    it("charges backup storage beyond the free amount: retention days × daily change − provisioned storage", () => {
        const db = cost([res(RDS, "db", { ...micro, allocatedStorage: 100, backupRetentionPeriod: 30 })], "db");
        // 30 d × 5 GB/d = 150 GB of backups, 100 GB free → 50 GB × $0.095.
        expect(db.monthlyUsd).toBeCloseTo(730 * 0.016 + 100 * 0.115 + 50 * 0.095, 2);
        expect(db.basis).toContain("50 GB × $0.095");
        const lessChange = cost([res(RDS, "db", { ...micro, allocatedStorage: 100, backupRetentionPeriod: 30 })], "db", {
            ...us,
            usage: { rdsDailyChangeFraction: 0.02 },
        });
        expect(lessChange.monthlyUsd).toBeCloseTo(730 * 0.016 + 100 * 0.115, 2);
    });

    it("keeps Performance Insights free for 7 days and charges longer retention per vCPU-hour", () => {
        const free = cost([res(RDS, "db", { ...micro, performanceInsightsEnabled: true })], "db");
        expect(free.monthlyUsd).toBeCloseTo(730 * 0.016 + 20 * 0.115, 2);
        expect(free.basis).toContain("Performance Insights 7 days: free");
        const paid = cost([res(RDS, "db", { ...micro, performanceInsightsEnabled: true, performanceInsightsRetentionPeriod: 93 })], "db");
        expect(paid.monthlyUsd - free.monthlyUsd).toBeCloseTo(2 * 730 * 0.0125, 2);
    });

    it("prices io1 provisioned IOPS and gp3 IOPS above the baseline", () => {
        const io1 = cost([res(RDS, "db", { ...micro, storageType: "io1", allocatedStorage: 100, iops: 1000 })], "db");
        expect(io1.monthlyUsd).toBeCloseTo(730 * 0.016 + 100 * 0.125 + 1000 * 0.1, 2);
        const gp3 = cost([res(RDS, "db", { ...micro, iops: 4000 })], "db");
        expect(gp3.monthlyUsd).toBeCloseTo(730 * 0.016 + 20 * 0.115 + 1000 * 0.02, 2);
    });

    it("prices cross-region automated backup replication as replicated storage plus transfer", () => {
        const resources = [
            res(RDS, "db", { ...micro, identifier: "app-db", allocatedStorage: 100 }),
            res("aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication", "db-backups", {
                sourceDbInstanceArn: "arn:aws:rds:us-east-1:123456789012:db:app-db",
                retentionPeriod: 7,
                region: "us-west-2",
            }),
        ];
        const replication = cost(resources, "db-backups");
        // (100 GB + 7 d × 5 GB/d) × $0.095 in us-west-2 + 30 × 5 GB/month × $0.02.
        expect(replication.monthlyUsd).toBeCloseTo(135 * 0.095 + 150 * 0.02, 1);
        expect(replication.basis).toContain("(us-west-2, 2026-11)");
    });

    it("lists unknown classes and other engines as unpriced, with a reason", () => {
        const resources = [
            res(RDS, "unknown-class", { engine: "postgres", instanceClass: "[unknown]", allocatedStorage: 20 }),
            res(RDS, "mysql", { engine: "mysql", instanceClass: "db.t4g.micro", allocatedStorage: 20 }),
        ];
        const estimate = estimateMonthlyCost(resources, us);
        expect(estimate.items).toEqual([]);
        expect(estimate.unpriced.map((u) => u.name)).toEqual(["unknown-class", "mysql"]);
        const reasons = unpricedReasons(resources, us);
        expect(reasons[resources[1].urn]).toContain("MySQL");
    });
});

describe("ECS on Fargate", () => {
    const td = res(TD, "api-task", { family: "api", cpu: "512", memory: "1024", requiresCompatibilities: ["FARGATE"] });
    const perTask = (0.5 * 0.04048 + 1 * 0.004445) * 730;

    it("prices 0.5 vCPU / 1 GB × 2 tasks × 730 h, linking the task definition by its ARN", () => {
        const service = res(SERVICE, "api-service", {
            desiredCount: 2,
            taskDefinition: "arn:aws:ecs:us-east-1:123456789012:taskdefinition/api-task",
        });
        const priced = cost([td, service], "api-service");
        expect(priced.monthlyUsd).toBeCloseTo(2 * perTask, 2);
        expect(priced.basis).toContain("2 tasks (desiredCount) × (0.5 vCPU × $0.04048 + 1 GB × $0.004445) × 730 h");
        expect(priced.basis).toContain("task definition api-task");
        expect(cost([td, service], "api-task").basis).toBe("no charge");
    });

    it("links a real task-definition ARN by family and revision", () => {
        const service = res(SERVICE, "web", { desiredCount: 1, taskDefinition: "arn:aws:ecs:us-east-1:1:task-definition/api:3" });
        const other = res(TD, "worker-task", { family: "worker", cpu: "2048", memory: "4096" });
        expect(cost([other, td, service], "web").monthlyUsd).toBeCloseTo(perTask, 2);
    });

    it("uses the autoscaling target's minCapacity instead of desiredCount", () => {
        const service = res(SERVICE, "api-service", { name: "api", desiredCount: 2, taskDefinition: td.urn });
        const target = res(TARGET, "api-scaling", {
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId: "service/main/api",
            minCapacity: 3,
            maxCapacity: 10,
        });
        const priced = cost([td, service, target], "api-service");
        expect(priced.monthlyUsd).toBeCloseTo(3 * perTask, 2);
        expect(priced.basis).toContain("autoscaling minCapacity of api-scaling");
    });

    it("prices ARM tasks at the Graviton rate", () => {
        const arm = res(TD, "api-task", {
            family: "api",
            cpu: "1024",
            memory: "2048",
            runtimePlatform: { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" },
        });
        const service = res(SERVICE, "api-service", { desiredCount: 1, taskDefinition: arm.urn });
        expect(cost([arm, service], "api-service").monthlyUsd).toBeCloseTo((0.03238 + 2 * 0.00356) * 730, 2);
    });

    it("leaves a service it cannot link to a task definition unpriced", () => {
        const a = res(TD, "a-task", { cpu: "256", memory: "512" });
        const b = res(TD, "b-task", { cpu: "256", memory: "512" });
        const service = res(SERVICE, "c-service", { desiredCount: 1, taskDefinition: "[unknown]" });
        const estimate = estimateMonthlyCost([a, b, service], us);
        expect(estimate.unpriced.map((u) => u.name)).toEqual(["c-service"]);
    });
});

describe("ElastiCache", () => {
    it("prices a 3-node cache as 3 × node price × 730 h", () => {
        const cache = cost(
            [
                res("aws:elasticache/replicationGroup:ReplicationGroup", "cache", {
                    nodeType: "cache.t4g.micro",
                    numCacheClusters: 3,
                    engine: "redis",
                }),
            ],
            "cache",
        );
        expect(cache.monthlyUsd).toBeCloseTo(3 * 730 * 0.016, 2);
        expect(cache.basis).toContain("3 nodes × cache.t4g.micro 730 h × $0.016");
    });

    it("counts shards × (1 + replicas) in cluster mode, and prices Valkey 20 % lower", () => {
        const sharded = cost(
            [
                res("aws:elasticache/replicationGroup:ReplicationGroup", "c", {
                    nodeType: "cache.r7g.large",
                    numNodeGroups: 2,
                    replicasPerNodeGroup: 1,
                }),
            ],
            "c",
        );
        expect(sharded.monthlyUsd).toBeCloseTo(4 * 730 * 0.219, 2);
        const valkey = cost(
            [
                res("aws:elasticache/replicationGroup:ReplicationGroup", "v", {
                    nodeType: "cache.m7g.large",
                    numCacheClusters: 2,
                    engine: "valkey",
                }),
            ],
            "v",
        );
        expect(valkey.monthlyUsd).toBeCloseTo(2 * 730 * 0.158 * 0.8, 2);
    });
});

describe("edge, network and observability", () => {
    it("prices a WAF web ACL with 4 rules: $5 + 4 × $1 + requests", () => {
        const rules = [1, 2, 3, 4].map((priority) => ({ name: `r${priority}`, priority, statement: {} }));
        const waf = res("aws:wafv2/webAcl:WebAcl", "waf", { scope: "CLOUDFRONT", rules });
        expect(cost([waf], "waf").monthlyUsd).toBeCloseTo(5 + 4 + 0.6, 2);
        expect(cost([waf], "waf", { ...us, usage: { wafRequestsPerMonth: 10_000_000 } }).monthlyUsd).toBeCloseTo(5 + 4 + 6, 2);
        const bot = res("aws:wafv2/webAcl:WebAcl", "bot", {
            scope: "REGIONAL",
            rules: [
                { name: "bots", statement: { managedRuleGroupStatement: { name: "AWSManagedRulesBotControlRuleSet", vendorName: "AWS" } } },
            ],
        });
        expect(cost([bot], "bot").monthlyUsd).toBeCloseTo(5 + 1 + 0.6 + 10 + 1, 2);
    });

    it("prices alarms by metric and resolution, composite alarms and dashboards", () => {
        const alarm = "aws:cloudwatch/metricAlarm:MetricAlarm";
        const resources = [
            res(alarm, "cpu", { metricName: "CPUUtilization", period: 60 }),
            res(alarm, "fast", { metricName: "Latency", period: 10 }),
            res(alarm, "ratio", {
                metricQueries: [
                    { id: "errors", metric: { metricName: "5xx", period: 60 } },
                    { id: "requests", metric: { metricName: "RequestCount", period: 60 } },
                    { id: "rate", expression: "errors / requests", returnData: true },
                ],
            }),
            res(alarm, "anomaly", {
                metricQueries: [
                    { id: "m1", metric: { metricName: "Latency", period: 300 } },
                    { id: "ad1", expression: "ANOMALY_DETECTION_BAND(m1, 2)" },
                ],
            }),
            res("aws:cloudwatch/compositeAlarm:CompositeAlarm", "composite", {}),
            res("aws:cloudwatch/dashboard:Dashboard", "dash", {}),
        ];
        // Ten standard alarm metrics and three dashboards registered first use up the account's CloudWatch free tier,
        // so the figures below are the list prices (aws.amazon.com/cloudwatch/pricing).
        const fillers = [
            ...Array.from({ length: 10 }, (_, i) => res(alarm, `filler-${i}`, { metricName: "X", period: 60 })),
            ...Array.from({ length: 3 }, (_, i) => res("aws:cloudwatch/dashboard:Dashboard", `filler-dash-${i}`, {})),
        ];
        const estimate = estimateMonthlyCost([...fillers, ...resources], us);
        expect(item(estimate, "cpu").monthlyUsd).toBe(0.1);
        expect(item(estimate, "fast").monthlyUsd).toBe(0.3);
        expect(item(estimate, "ratio").monthlyUsd).toBe(0.2);
        expect(item(estimate, "ratio").basis).toContain("2 metrics (metric math)");
        expect(item(estimate, "anomaly").monthlyUsd).toBe(0.3);
        expect(item(estimate, "composite").monthlyUsd).toBe(0.5);
        expect(item(estimate, "dash").monthlyUsd).toBe(3);
    });
    it("takes CloudWatch's free tier once per account: 10 standard alarm metrics, 3 dashboards, 10 custom metrics, 5 GB of logs", () => {
        // aws.amazon.com/cloudwatch/pricing, free tier (checked 2026-12-07, docs/cost-verification.md). The root stack's one
        // dashboard ($3 before) and its first alarms cost nothing; a high-resolution alarm is not covered.
        const alarm = "aws:cloudwatch/metricAlarm:MetricAlarm";
        const resources = [
            res("aws:cloudwatch/dashboard:Dashboard", "dash", {}),
            ...Array.from({ length: 11 }, (_, i) => res(alarm, `std-${i}`, { metricName: "X", period: 60 })),
            res(alarm, "fast", { metricName: "Latency", period: 10 }),
            res("aws:cloudwatch/logGroup:LogGroup", "logs", { retentionInDays: 30 }),
        ];
        const e = estimateMonthlyCost(resources, us);
        expect(item(e, "dash").monthlyUsd).toBe(0);
        expect(item(e, "dash").basis).toContain("free tier 3 dashboards");
        expect(item(e, "std-9").monthlyUsd).toBe(0);
        expect(item(e, "std-10").monthlyUsd).toBe(0.1);
        expect(item(e, "fast").monthlyUsd).toBe(0.3);
        expect(item(e, "logs").monthlyUsd).toBe(0);
        expect(e.freeTiers.map((f) => f.meter)).toEqual(
            expect.arrayContaining(["aws.cloudwatch.dashboards", "aws.cloudwatch.alarmMetrics", "aws.cloudwatch.logsIngestGb"]),
        );
    });

    it("prices NAT gateways, Elastic IPs, load balancers, log groups, keys, secrets, DNS and SNS", () => {
        const resources = [
            res("aws:ec2/natGateway:NatGateway", "nat"),
            res("aws:ec2/eip:Eip", "nat-ip", { domain: "vpc" }),
            res("aws:lb/loadBalancer:LoadBalancer", "alb", { loadBalancerType: "application" }),
            res("aws:cloudwatch/logGroup:LogGroup", "logs", { retentionInDays: 30 }),
            res("aws:kms/key:Key", "key"),
            res("aws:secretsmanager/secret:Secret", "secret"),
            res("aws:route53/zone:Zone", "zone", { name: "example.com" }),
            res("aws:route53/healthCheck:HealthCheck", "hc-external", { type: "HTTPS", fqdn: "api.example.com", measureLatency: true }),
            res("aws:route53/healthCheck:HealthCheck", "hc-aws", { type: "HTTP", fqdn: "app-123.us-east-1.elb.amazonaws.com" }),
            res("aws:sns/topic:Topic", "alerts"),
            res("aws:s3/bucket:Bucket", "assets"),
        ];
        const e = estimateMonthlyCost(resources, us);
        expect(item(e, "nat").monthlyUsd).toBeCloseTo(730 * 0.045 + 50 * 0.045, 2);
        expect(item(e, "nat-ip").monthlyUsd).toBeCloseTo(730 * 0.005, 2);
        expect(item(e, "alb").monthlyUsd).toBeCloseTo(730 * 0.0225 + 730 * 0.008, 1);
        // The log group's 1 GB ingested and 1 GB-month stored are inside CloudWatch's free 5 GB of each.
        expect(item(e, "logs").monthlyUsd).toBe(0);
        expect(item(e, "logs").basis).toContain("1 GB ingested × $0.5 + 1 GB stored (30 d retention) × $0.03");
        expect(item(e, "key").monthlyUsd).toBe(1);
        expect(item(e, "secret").monthlyUsd).toBe(0.4);
        expect(item(e, "zone").monthlyUsd).toBe(0.5);
        expect(item(e, "hc-external").monthlyUsd).toBeCloseTo(0.75 + 2 * 2, 2);
        expect(item(e, "hc-aws").monthlyUsd).toBe(0.5);
        expect(item(e, "alerts").basis).toContain("near zero");
        expect(item(e, "alerts").monthlyUsd).toBeLessThan(0.1);
        expect(item(e, "assets").monthlyUsd).toBeCloseTo(10 * 0.023 + 10 * 0.005 + 100 * 0.0004, 2);
    });

    it("prices VPC flow log ingestion on the flow log and only storage on its log group", () => {
        const resources = [
            res("aws:cloudwatch/logGroup:LogGroup", "flow-logs", { name: "/vpc/flow", retentionInDays: 90 }),
            res("aws:ec2/flowLog:FlowLog", "flow", {
                logDestinationType: "cloud-watch-logs",
                logDestination: "arn:aws:logs:us-east-1:123456789012:log-group:/vpc/flow",
            }),
        ];
        const e = estimateMonthlyCost(resources, us);
        expect(item(e, "flow").monthlyUsd).toBeCloseTo(5 * 0.5, 2);
        // 15 GB-months stored, of which 5 in the account's free tier; the flow log's vended ingestion has no free tier here.
        expect(item(e, "flow-logs").monthlyUsd).toBeCloseTo((5 * 3 - 5) * 0.03, 2);
        expect(item(e, "flow-logs").basis).toContain("ingestion billed on flow log flow");
    });
});

describe("CloudFront and usage assumptions", () => {
    const cdn = res("aws:cloudfront/distribution:Distribution", "cdn", { priceClass: "PriceClass_100" });

    it("defaults to CoachMeld's 100 GB a month and states the price class; the always-free tier covers it", () => {
        // https://aws.amazon.com/cloudfront/pricing/ (read 2026-12-06): always free 1 TB out and 10 M requests a month.
        const priced = cost([cdn], "cdn");
        expect(priced.monthlyUsd).toBe(0);
        expect(priced.basis).toContain("100 GB egress × $0.085");
        expect(priced.basis).toContain("PriceClass_100");
        expect(priced.basis).toContain("always-free 1 TB out");
    });

    it("changes with usage overrides, stack-wide or for one resource, beyond the free tier", () => {
        // 2,000 GB: 976 GB beyond the free 1,024 GB; 1 M requests inside the free 10 M.
        expect(cost([cdn], "cdn", { ...us, usage: { cloudfrontEgressGbPerMonth: 2000 } }).monthlyUsd).toBeCloseTo((2000 - 1024) * 0.085, 2);
        const other = res("aws:cloudfront/distribution:Distribution", "docs");
        const e = estimateMonthlyCost([cdn, other], {
            ...us,
            usage: { perResource: { docs: { cloudfrontEgressGbPerMonth: 1500, cloudfrontRequestsPerMonth: 0 } } },
        });
        // One allowance for the account: cdn (first) takes 100 GB of it, docs the remaining 924 GB.
        expect(item(e, "cdn").monthlyUsd).toBe(0);
        expect(item(e, "docs").monthlyUsd).toBeCloseTo((1500 - 924) * 0.085, 2);
    });
});

describe("regions", () => {
    const db = res(RDS, "db", {
        engine: "postgres",
        instanceClass: "db.t4g.micro",
        allocatedStorage: 20,
        storageType: "gp3",
        backupRetentionPeriod: 1,
    });
    const td = res(TD, "api-task", { cpu: "1024", memory: "2048" });
    const service = res(SERVICE, "api-service", { desiredCount: 1, taskDefinition: td.urn });
    const cdn = res("aws:cloudfront/distribution:Distribution", "cdn");

    it("costs more in Frankfurt and Singapore than in N. Virginia, and the same in Oregon", () => {
        const at = (region: string) => estimateMonthlyCost([db, td, service], { region });
        const virginia = at("us-east-1");
        expect(at("us-west-2").monthlyUsd).toBeCloseTo(virginia.monthlyUsd, 2);
        const frankfurt = at("eu-central-1");
        expect(frankfurt.monthlyUsd).toBeGreaterThan(virginia.monthlyUsd);
        expect(item(frankfurt, "api-service").monthlyUsd).toBeCloseTo((0.04656 + 2 * 0.0051) * 730, 2);
        expect(item(frankfurt, "db").basis).toContain("eu-central-1, us-east-1 price × regional factor");
        expect(at("ap-southeast-1").monthlyUsd).toBeGreaterThan(frankfurt.monthlyUsd);
    });

    it("prices an unknown region at us-east-1 and says so", () => {
        const saoPaulo = estimateMonthlyCost([db], { region: "sa-east-1" });
        expect(saoPaulo.monthlyUsd).toBe(estimateMonthlyCost([db], us).monthlyUsd);
        expect(item(saoPaulo, "db").basis).toContain("sa-east-1 not in the price table: us-east-1 prices");
    });

    it("uses a resource's own region input, and global prices for CloudFront", () => {
        const inFrankfurt = res(RDS, "db-eu", { ...db.props, region: "eu-central-1" });
        const e = estimateMonthlyCost([db, inFrankfurt], us);
        expect(item(e, "db-eu").monthlyUsd).toBeGreaterThan(item(e, "db").monthlyUsd);
        expect(cost([cdn], "cdn", { region: "ap-southeast-1" }).monthlyUsd).toBe(cost([cdn], "cdn").monthlyUsd);
    });
});

describe("what gets priced", () => {
    it("skips component resources, the stack and providers silently", () => {
        const e = estimateMonthlyCost(
            [
                res("pulumi:pulumi:Stack", "app-prod"),
                res("pulumi:providers:aws", "default_7_0_0"),
                res("appstack:web:StaticSite", "site"),
                res("postgres:AwsPostgres", "db"),
                res("acme:index:Thing", "thing"),
            ],
            us,
        );
        expect(e).toEqual({ monthlyUsd: 0, items: [], unpriced: [], freeTiers: [] });
    });

    it("lists free types as zero items with basis 'no charge'", () => {
        const types = [
            "aws:ec2/vpc:Vpc",
            "aws:ec2/subnet:Subnet",
            "aws:ec2/routeTable:RouteTable",
            "aws:ec2/securityGroup:SecurityGroup",
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            "aws:iam/role:Role",
            "aws:iam/rolePolicy:RolePolicy",
            "aws:s3/bucketVersioning:BucketVersioning",
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
            "aws:s3/bucketPolicy:BucketPolicy",
            "aws:cloudfront/originAccessControl:OriginAccessControl",
            "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
            "aws:ecs/taskDefinition:TaskDefinition",
            "aws:lb/targetGroup:TargetGroup",
            "aws:lb/listener:Listener",
            "aws:rds/parameterGroup:ParameterGroup",
            "aws:rds/subnetGroup:SubnetGroup",
            "aws:elasticache/subnetGroup:SubnetGroup",
            "aws:sns/topicSubscription:TopicSubscription",
            "aws:appautoscaling/target:Target",
            "aws:appautoscaling/policy:Policy",
            "aws:budgets/budget:Budget",
            "aws:acm/certificate:Certificate",
            "aws:route53/record:Record",
            "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
            "random:index/randomPassword:RandomPassword",
        ];
        const e = estimateMonthlyCost(
            types.map((t, i) => res(t, `r${i}`)),
            us,
        );
        expect(e.unpriced).toEqual([]);
        expect(e.items).toHaveLength(types.length);
        for (const i of e.items) expect(i).toMatchObject({ monthlyUsd: 0, basis: "no charge" });
    });

    it("lists types it has no price for as unpriced, never as zero", () => {
        const resources = [
            res("aws:sagemaker/endpoint:Endpoint", "model"),
            res("gcp:cloudrun/v2Service:V2Service", "api"),
            res("vercel:index/edgeConfig:EdgeConfig", "flags"),
            res("supabase:index/project:Project", "db"),
            res("pulumi-nodejs:dynamic:Resource", "other-dynamic", { somethingElse: true }),
            res("aws:lb/loadBalancer:LoadBalancer", "classic", { loadBalancerType: "classic" }),
        ];
        const e = estimateMonthlyCost(resources, us);
        expect(e.items).toEqual([]);
        expect(e.unpriced.map(({ urn, type, name }) => ({ urn, type, name }))).toEqual(
            resources.map(({ urn, type, name }) => ({ urn, type, name })),
        );
        for (const u of e.unpriced) expect(u.reason).toBeTruthy();
        expect(e.monthlyUsd).toBe(0);
    });

    it("totals exactly the sum of the items", () => {
        const td = res(TD, "api-task", { cpu: "512", memory: "1024" });
        const resources = [
            res("pulumi:pulumi:Stack", "stack"),
            res("aws:ec2/vpc:Vpc", "vpc"),
            res("aws:ec2/natGateway:NatGateway", "nat"),
            res("aws:ec2/eip:Eip", "nat-eip"),
            res(RDS, "db", {
                engine: "postgres",
                instanceClass: "db.t4g.small",
                allocatedStorage: 50,
                storageType: "gp3",
                multiAz: true,
                backupRetentionPeriod: 7,
            }),
            res("aws:elasticache/replicationGroup:ReplicationGroup", "cache", { nodeType: "cache.t4g.small", numCacheClusters: 2 }),
            td,
            res(SERVICE, "api-service", { desiredCount: 2, taskDefinition: td.urn }),
            res("aws:lb/loadBalancer:LoadBalancer", "alb"),
            res("aws:cloudfront/distribution:Distribution", "cdn"),
            res("aws:s3/bucket:Bucket", "assets"),
            res("aws:wafv2/webAcl:WebAcl", "waf", { rules: [{}, {}] }),
            res("aws:kms/key:Key", "key"),
            res("aws:sagemaker/endpoint:Endpoint", "model"),
        ];
        const e = estimateMonthlyCost(resources, us);
        const sum = e.items.reduce((s, i) => s + i.monthlyUsd, 0);
        expect(e.monthlyUsd).toBeCloseTo(sum, 6);
        expect(e.items.every((i) => Number.isFinite(i.monthlyUsd) && i.monthlyUsd >= 0 && i.basis.length > 0)).toBe(true);
        expect(e.items).toHaveLength(resources.length - 2); // the stack is skipped, a SageMaker endpoint unpriced
        expect(e.unpriced.map((u) => u.name)).toEqual(["model"]);
    });
});

describe("EBS volumes", () => {
    const VOL = "aws:ebs/volume:Volume";
    const vol = (props: Record<string, unknown>) => cost([res(VOL, "data", { availabilityZone: "us-east-1a", ...props })], "data");

    it("prices gp3 per GB-month, with IOPS above 3,000 and throughput above 125 MiB/s", () => {
        expect(vol({ size: 100, type: "gp3" }).monthlyUsd).toBeCloseTo(100 * 0.08, 2);
        const fast = vol({ size: 500, type: "gp3", iops: 6000, throughput: 250 });
        expect(fast.monthlyUsd).toBeCloseTo(500 * 0.08 + 3000 * 0.005 + 125 * 0.04, 2);
        expect(fast.basis).toContain("500 GB gp3 × $0.08");
        expect(fast.basis).toContain("3,000 IOPS above the gp3 baseline × $0.005");
        expect(fast.basis).toContain("125 MiB/s above the gp3 baseline × $0.04");
        expect(fast.basis).toMatch(/\(us-east-1, 2026-11\)$/);
        // At the baseline: no extra charge.
        expect(vol({ size: 100, type: "gp3", iops: 3000, throughput: 125 }).monthlyUsd).toBeCloseTo(8, 2);
    });

    it("defaults to gp2, and prices st1, sc1 and magnetic per GB-month", () => {
        expect(vol({ size: 50 }).monthlyUsd).toBeCloseTo(50 * 0.1, 2);
        expect(vol({ size: 500, type: "st1" }).monthlyUsd).toBeCloseTo(500 * 0.045, 2);
        expect(vol({ size: 500, type: "sc1" }).monthlyUsd).toBeCloseTo(500 * 0.015, 2);
        expect(vol({ size: 10, type: "standard" }).monthlyUsd).toBeCloseTo(10 * 0.05, 2);
    });

    it("prices io1 and io2 provisioned IOPS (io2 in tiers above 32,000 and 64,000)", () => {
        expect(vol({ size: 100, type: "io1", iops: 1000 }).monthlyUsd).toBeCloseTo(100 * 0.125 + 1000 * 0.065, 2);
        expect(vol({ size: 100, type: "io2", iops: 1000 }).monthlyUsd).toBeCloseTo(100 * 0.125 + 1000 * 0.065, 2);
        const big = vol({ size: 100, type: "io2", iops: 80000 });
        expect(big.monthlyUsd).toBeCloseTo(100 * 0.125 + 32000 * 0.065 + 32000 * 0.0455 + 16000 * 0.03185, 2);
    });

    it("scales by region, and leaves a volume of unknown size or type unpriced with a reason", () => {
        const frankfurt = cost([res(VOL, "data", { size: 100, type: "gp3" })], "data", { region: "eu-central-1" });
        expect(frankfurt.monthlyUsd).toBeGreaterThan(8);
        const resources = [res(VOL, "from-snapshot", { snapshotId: "snap-1" }), res(VOL, "odd", { size: 10, type: "gp9" })];
        const e = estimateMonthlyCost(resources, us);
        expect(e.unpriced.map((u) => u.name)).toEqual(["from-snapshot", "odd"]);
        const reasons = unpricedReasons(resources, us);
        expect(reasons[resources[0].urn]).toMatch(/size/);
        expect(reasons[resources[1].urn]).toMatch(/gp9/);
    });
});

describe("SQS queues", () => {
    const Q = "aws:sqs/queue:Queue";

    it("prices requests per million under the usage assumption (standard $0.40, FIFO $0.50)", () => {
        const standard = cost([res(Q, "jobs")], "jobs");
        expect(standard.monthlyUsd).toBeCloseTo(0.4, 2);
        expect(standard.basis).toContain("1,000,000 requests × $0.4/M");
        expect(cost([res(Q, "jobs", { fifoQueue: true })], "jobs").monthlyUsd).toBeCloseTo(0.5, 2);
        expect(cost([res(Q, "jobs", { name: "jobs.fifo" })], "jobs").monthlyUsd).toBeCloseTo(0.5, 2);
        const busy = cost([res(Q, "jobs")], "jobs", {
            ...us,
            usage: { perResource: { jobs: { sqsRequestsPerQueuePerMonth: 50_000_000 } } },
        });
        expect(busy.monthlyUsd).toBeCloseTo(20, 2);
    });
});

describe("price table", () => {
    it("is dated, and every entry has a source URL and a verified flag", () => {
        expect(PRICE_TABLE.asOf).toBe("2026-11");
        const entries = [
            ...Object.values(PRICE_TABLE.aws.rdsPostgresInstances),
            ...Object.values(PRICE_TABLE.aws.elasticacheNodes),
            ...Object.values(PRICE_TABLE.aws.other),
        ];
        for (const e of entries) {
            expect(e.source).toMatch(/^https:\/\/aws\.amazon\.com\//);
            expect(typeof e.verified).toBe("boolean");
            expect(e.usd).toBeGreaterThan(0);
        }
        expect(unverifiedPrices()).toContain("rds.postgres.db.m6i.large");
        expect(unverifiedPrices()).not.toContain("rds.postgres.db.r6g.large");
        expect(unverifiedPrices()).not.toContain("fargate.x86.vcpu");
    });
});
