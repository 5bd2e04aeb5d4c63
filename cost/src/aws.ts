/**
 * AWS pricing functions, one per type token, from the prices of prices.ts and the assumptions of usage.ts.
 *
 * Region: a resource's own `region` input (AWS provider v7), else `CostOptions.region`. A region outside
 * `PRICED_REGIONS` is priced at us-east-1 and the basis says so. Global services (CloudFront, Route 53, WAF) ignore it.
 *
 * Links between resources (inputs hold other resources' outputs: ARNs, names, or URNs for resource references):
 * - ECS service → task definition, by reference only (no pricing depends on our components' child names):
 *   (1) `taskDefinition` is the task definition's URN, or the engine's property dependencies of `taskDefinition`
 *   name it; (2) it is an ARN `…:task-definition/<family>:<rev>` or `<family>[:<rev>]` whose family is exactly one
 *   task definition's `family` input; (3) the only task definition in the plan. No link → the service is unpriced,
 *   with that reason.
 * - ECS service → autoscaling target (`serviceNamespace: ecs`): (1) the target's `resourceId` depends on the
 *   service (property dependencies); (2) `resourceId` `service/<cluster>/<service>` names the service's `name`
 *   input; (3) the only service and the only ECS target of the plan. A linked target's `minCapacity` replaces
 *   `desiredCount`: it is the floor the service runs at all month.
 * - RDS automated-backup replication → source instance: `sourceDbInstanceArn` is the instance's URN, or an ARN
 *   `…:db:<identifier>` matching its `identifier` input (or `<pulumi name>-…`), else the only instance of the plan.
 * - Flow log → log group: `logDestination` (or `logGroupName`) ends with the group's `name` input or Pulumi name,
 *   or is its URN; the group is then priced for storage only (ingestion is billed on the flow log).
 */
import type { PricedResource } from "./index";
import { AWS_PRICES, type AwsPriceId } from "./prices";
import { Bill, type CostProvider, type PricingContext, qty, usd } from "./provider";
import { asBoolean, asNumber, asOptionalArray, asRecord, asString, isUnknownPlaceholder } from "./props";
import { billFor, type Ctx, GLOBAL, only, p, type Pricer, price, regionInfo, unpriced } from "./aws/common";
import { AWS_DATA_PRICERS } from "./aws/databases";
import { AWS_SERVICE_PRICERS } from "./aws/services";
import { usageFor } from "./usage";

/** Types that never cost anything by themselves: items of $0 with basis "no charge". */
export const AWS_FREE_TYPES: ReadonlySet<string> = new Set([
    // Networking scaffolding.
    // AWS Backup plans and selections cost nothing by themselves (recovery points are billed as storage, not counted).
    "aws:backup/plan:Plan",
    "aws:backup/selection:Selection",
    "aws:apigateway/domainName:DomainName",
    "aws:apigatewayv2/domainName:DomainName",
    "aws:ec2/vpc:Vpc",
    "aws:ec2/defaultVpc:DefaultVpc",
    "aws:ec2/subnet:Subnet",
    "aws:ec2/defaultSubnet:DefaultSubnet",
    "aws:ec2/routeTable:RouteTable",
    "aws:ec2/defaultRouteTable:DefaultRouteTable",
    "aws:ec2/route:Route",
    "aws:ec2/routeTableAssociation:RouteTableAssociation",
    "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation",
    "aws:ec2/internetGateway:InternetGateway",
    "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment",
    "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway",
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    "aws:ec2/securityGroupRule:SecurityGroupRule",
    "aws:ec2/vpcSecurityGroupRulesExclusive:VpcSecurityGroupRulesExclusive",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    "aws:vpc/securityGroupVpcAssociation:SecurityGroupVpcAssociation",
    "aws:ec2/networkAcl:NetworkAcl",
    "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
    "aws:ec2/networkAclRule:NetworkAclRule",
    "aws:ec2/networkAclAssociation:NetworkAclAssociation",
    "aws:ec2/vpcDhcpOptions:VpcDhcpOptions",
    "aws:ec2/defaultVpcDhcpOptions:DefaultVpcDhcpOptions",
    "aws:ec2/vpcDhcpOptionsAssociation:VpcDhcpOptionsAssociation",
    "aws:ec2/vpcIpv6CidrBlockAssociation:VpcIpv6CidrBlockAssociation",
    "aws:ec2/eipAssociation:EipAssociation",
    "aws:ec2/natGatewayEipAssociation:NatGatewayEipAssociation",
    "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation",
    "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy",
    // IAM.
    "aws:iam/role:Role",
    "aws:iam/policy:Policy",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive",
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
    "aws:iam/policyAttachment:PolicyAttachment",
    "aws:iam/instanceProfile:InstanceProfile",
    "aws:iam/serviceLinkedRole:ServiceLinkedRole",
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    // S3 bucket configuration sub-resources (v7 names and the deprecated V2 ones).
    ...[
        "bucketVersioning:BucketVersioning",
        "bucketVersioningV2:BucketVersioningV2",
        "bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
        "bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
        "bucketPublicAccessBlock:BucketPublicAccessBlock",
        "bucketOwnershipControls:BucketOwnershipControls",
        "bucketPolicy:BucketPolicy",
        "bucketCorsConfiguration:BucketCorsConfiguration",
        "bucketCorsConfigurationV2:BucketCorsConfigurationV2",
        "bucketLogging:BucketLogging",
        "bucketLoggingV2:BucketLoggingV2",
        "bucketAcl:BucketAcl",
        "bucketAclV2:BucketAclV2",
        "bucketWebsiteConfiguration:BucketWebsiteConfiguration",
        "bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2",
        "bucketNotification:BucketNotification",
        "bucketObjectLockConfiguration:BucketObjectLockConfiguration",
        "bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2",
        "accountPublicAccessBlock:AccountPublicAccessBlock",
    ].map((t) => `aws:s3/${t}`),
    // CloudFront configuration.
    "aws:cloudfront/originAccessControl:OriginAccessControl",
    "aws:cloudfront/originAccessIdentity:OriginAccessIdentity",
    "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy",
    "aws:cloudfront/cachePolicy:CachePolicy",
    "aws:cloudfront/originRequestPolicy:OriginRequestPolicy",
    "aws:cloudfront/keyGroup:KeyGroup",
    "aws:cloudfront/publicKey:PublicKey",
    // ECS and load balancer configuration (the service and the load balancer carry the cost).
    "aws:ecs/taskDefinition:TaskDefinition",
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
    "aws:ecs/accountSettingDefault:AccountSettingDefault",
    "aws:ecs/tag:Tag",
    "aws:lb/targetGroup:TargetGroup",
    "aws:lb/targetGroupAttachment:TargetGroupAttachment",
    "aws:lb/listener:Listener",
    "aws:lb/listenerRule:ListenerRule",
    "aws:lb/listenerCertificate:ListenerCertificate",
    // Database and cache configuration.
    "aws:rds/parameterGroup:ParameterGroup",
    "aws:rds/clusterParameterGroup:ClusterParameterGroup",
    "aws:rds/subnetGroup:SubnetGroup",
    "aws:rds/optionGroup:OptionGroup",
    "aws:rds/roleAssociation:RoleAssociation",
    "aws:elasticache/subnetGroup:SubnetGroup",
    "aws:elasticache/parameterGroup:ParameterGroup",
    "aws:elasticache/user:User",
    "aws:elasticache/userGroup:UserGroup",
    "aws:elasticache/userGroupAssociation:UserGroupAssociation",
    // Messaging, scaling, budgets, certificates, DNS records.
    "aws:sns/topicSubscription:TopicSubscription",
    "aws:sns/topicPolicy:TopicPolicy",
    "aws:sqs/queuePolicy:QueuePolicy",
    "aws:sqs/redrivePolicy:RedrivePolicy",
    "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy",
    "aws:ec2/volumeAttachment:VolumeAttachment",
    "aws:appautoscaling/target:Target",
    "aws:appautoscaling/policy:Policy",
    "aws:appautoscaling/scheduledAction:ScheduledAction",
    "aws:budgets/budget:Budget",
    "aws:acm/certificate:Certificate",
    "aws:acm/certificateValidation:CertificateValidation",
    "aws:route53/record:Record",
    "aws:route53/zoneAssociation:ZoneAssociation",
    // Keys, secrets and WAF attachments.
    "aws:kms/alias:Alias",
    "aws:kms/keyPolicy:KeyPolicy",
    "aws:kms/grant:Grant",
    "aws:secretsmanager/secretVersion:SecretVersion",
    "aws:secretsmanager/secretPolicy:SecretPolicy",
    "aws:secretsmanager/secretRotation:SecretRotation",
    "aws:secretsmanager/tag:Tag",
    "aws:wafv2/webAclAssociation:WebAclAssociation",
    "aws:wafv2/ipSet:IpSet",
    "aws:wafv2/regexPatternSet:RegexPatternSet",
    "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
    // CloudWatch plumbing (the log group / destination carries the cost).
    "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
    "aws:cloudwatch/logStream:LogStream",
    "aws:cloudwatch/queryDefinition:QueryDefinition",
    "aws:cloudwatch/eventRule:EventRule",
    "aws:cloudwatch/eventTarget:EventTarget",
    "aws:lambda/permission:Permission",
]);

// ---------------------------------------------------------------------------------------------------------------
// ECS on Fargate

/** The candidates an input of `from` refers to by reference: its value is their URN, or the engine's dependencies say so. */
function referencedBy(from: PricedResource, input: string, candidates: readonly PricedResource[]): PricedResource[] {
    const value = from.props[input];
    const byValue = candidates.filter((c) => c.urn === value);
    if (byValue.length > 0) return byValue;
    const deps = from.propertyDependencies?.[input] ?? [];
    return candidates.filter((c) => deps.includes(c.urn));
}

/**
 * The task definition a service runs, by reference only (never by our components' child names): the URN or the
 * engine's property dependency of `taskDefinition`, then its ARN `…:task-definition/<family>[:<rev>]` (or a bare
 * `<family>[:<rev>]`) against each task definition's `family` input, then the only task definition of the plan.
 */
function linkTaskDefinition(service: PricedResource, ctx: Ctx): { td: PricedResource; how: string } | undefined {
    const tds = ctx.ofType("aws:ecs/taskDefinition:TaskDefinition");
    const byRef = only(referencedBy(service, "taskDefinition", tds));
    if (byRef) return { td: byRef, how: "by reference" };
    const ref = asString(service.props["taskDefinition"]);
    if (ref) {
        const family = (/task-?definition\/([^/]+)$/i.exec(ref)?.[1] ?? ref).split(":")[0];
        const byFamily = only(tds.filter((t) => asString(t.props["family"]) === family));
        if (byFamily) return { td: byFamily, how: "by taskDefinition family" };
    }
    const sole = only(tds);
    return sole ? { td: sole, how: "the only task definition" } : undefined;
}

/**
 * The ECS autoscaling target of a service, by reference only: a target whose `resourceId` depends on the service
 * (a reference to its name), or whose `resourceId` `service/<cluster>/<service>` names the service's `name` input;
 * else, with one service and one ECS target in the plan, that target.
 */
function linkScalingTarget(service: PricedResource, ctx: Ctx): PricedResource | undefined {
    const targets = ctx.ofType("aws:appautoscaling/target:Target").filter((t) => {
        const ns = asString(t.props["serviceNamespace"]);
        const dim = asString(t.props["scalableDimension"]);
        return ns === "ecs" || dim === "ecs:service:DesiredCount";
    });
    const byRef = only(targets.filter((t) => (t.propertyDependencies?.["resourceId"] ?? []).includes(service.urn)));
    if (byRef) return byRef;
    const name = asString(service.props["name"]);
    const byId = only(
        targets.filter((t) => {
            const id = asString(t.props["resourceId"]);
            return name !== undefined && id !== undefined && id.startsWith("service/") && id.split("/").pop() === name;
        }),
    );
    if (byId) return byId;
    return ctx.ofType("aws:ecs/service:Service").length === 1 ? only(targets) : undefined;
}

const ecsService: Pricer = (r, ctx) => {
    const props = r.props;
    const launchType = asString(props["launchType"]);
    const strategies = asOptionalArray(props["capacityProviderStrategies"])?.map((s) => asString(asRecord(s)?.["capacityProvider"]));
    if (
        launchType === "EC2" ||
        launchType === "EXTERNAL" ||
        (strategies && strategies.length > 0 && !strategies.some((s) => s?.startsWith("FARGATE")))
    ) {
        return {
            kind: "priced",
            monthlyUsd: 0,
            basis: `runs on ${launchType ?? "EC2 capacity provider"} capacity: priced with those instances`,
        };
    }
    const link = linkTaskDefinition(r, ctx);
    if (!link) {
        return unpriced(
            "cannot link the ECS service to a task definition: its taskDefinition is neither a reference to one, nor the ARN or family of one in the plan, and the plan has more than one (or none)",
        );
    }
    const td = link.td;
    const os = asString(asRecord(td.props["runtimePlatform"])?.["operatingSystemFamily"]);
    if (os && !os.startsWith("LINUX")) return unpriced(`Fargate ${os} is not in the price table (Linux only)`);
    const cpuUnits = asNumber(td.props["cpu"]);
    const memMiB = asNumber(td.props["memory"]);
    if (cpuUnits === undefined || memMiB === undefined) return unpriced(`task definition ${td.name} has no known task-level cpu/memory`);
    const vcpu = cpuUnits / 1024;
    const gb = memMiB / 1024;
    const arm = asString(asRecord(td.props["runtimePlatform"])?.["cpuArchitecture"]) === "ARM64";

    const target = linkScalingTarget(r, ctx);
    const min = target ? asNumber(target.props["minCapacity"]) : undefined;
    const desired = props["desiredCount"];
    let tasks: number;
    let tasksText: string;
    if (min !== undefined && target) {
        tasks = min;
        tasksText = `${tasks} task${tasks === 1 ? "" : "s"} (autoscaling minCapacity of ${target.name})`;
    } else if (asNumber(desired) !== undefined) {
        tasks = asNumber(desired) ?? 0;
        tasksText = `${tasks} task${tasks === 1 ? "" : "s"} (desiredCount)`;
    } else if (isUnknownPlaceholder(desired)) {
        tasks = 1;
        tasksText = "1 task (desiredCount unknown: 1 assumed)";
    } else {
        tasks = 0;
        tasksText = "0 tasks (desiredCount absent: provider default 0)";
    }

    const region = ctx.region(r);
    const hours = ctx.usage(r).hoursPerMonth;
    const cpuEntry = AWS_PRICES[arm ? "fargate.arm.vcpu" : "fargate.x86.vcpu"];
    const gbEntry = AWS_PRICES[arm ? "fargate.arm.gb" : "fargate.x86.gb"];
    const cpuRate = p(cpuEntry, region);
    const gbRate = p(gbEntry, region);
    const bill = billFor(region, cpuEntry, gbEntry).add(
        `${tasksText} × (${qty(vcpu)} vCPU × ${usd(cpuRate)} + ${qty(gb)} GB × ${usd(gbRate)})${arm ? " ARM" : ""} × ${qty(hours)} h`,
        tasks * (vcpu * cpuRate + gb * gbRate) * hours,
    );
    const ephemeral = asNumber(asRecord(td.props["ephemeralStorage"])?.["sizeInGib"]);
    if (ephemeral !== undefined && ephemeral > 20) {
        const rate = price("fargate.ephemeral", region);
        bill.add(
            `${tasks} × ${qty(ephemeral - 20)} GB ephemeral storage × ${usd(rate)} × ${qty(hours)} h`,
            tasks * (ephemeral - 20) * rate * hours,
        );
    }
    bill.note(`task definition ${td.name} (linked ${link.how})`);
    if (strategies?.includes("FARGATE_SPOT")) bill.note("Fargate Spot discount not applied");
    return bill.outcome();
};

// ---------------------------------------------------------------------------------------------------------------
// Load balancers, VPC

const loadBalancer: Pricer = (r, ctx) => {
    const type = asString(r.props["loadBalancerType"]) ?? "application";
    const region = ctx.region(r);
    const usage = ctx.usage(r);
    const hours = usage.hoursPerMonth;
    const ids =
        type === "application"
            ? (["elb.alb.hour", "elb.alb.lcu"] as const)
            : type === "network"
              ? (["elb.nlb.hour", "elb.nlb.lcu"] as const)
              : type === "gateway"
                ? (["elb.gwlb.hour", "elb.gwlb.lcu"] as const)
                : undefined;
    if (!ids) return unpriced(`load balancer type ${type} is not in the price table`);
    const lcus = type === "application" ? usage.albLcuPerHour : usage.nlbLcuPerHour;
    const unit = type === "application" ? "LCU" : type === "network" ? "NLCU" : "GLCU";
    const hourly = price(ids[0], region);
    const lcu = price(ids[1], region);
    return billFor(region, AWS_PRICES[ids[0]], AWS_PRICES[ids[1]])
        .add(`${type} LB ${qty(hours)} h × ${usd(hourly)}`, hours * hourly)
        .add(`${qty(lcus)} ${unit} × ${qty(hours)} h × ${usd(lcu)}`, lcus * hours * lcu)
        .outcome();
};

const natGateway: Pricer = (r, ctx) => {
    const region = ctx.region(r);
    const usage = ctx.usage(r);
    const hours = usage.hoursPerMonth;
    const hourly = price("vpc.nat.hour", region);
    const perGb = price("vpc.nat.gb", region);
    const bill = billFor(region, AWS_PRICES["vpc.nat.hour"])
        .add(`${qty(hours)} h × ${usd(hourly)}`, hours * hourly)
        .add(`${qty(usage.natGatewayGbPerMonth)} GB processed × ${usd(perGb)}`, usage.natGatewayGbPerMonth * perGb);
    if (asString(r.props["connectivityType"]) !== "private") bill.note("its Elastic IP is priced on the EIP");
    if (asString(r.props["availabilityMode"]) === "regional") bill.note("regional mode: priced as one gateway (AWS bills per active AZ)");
    return bill.outcome();
};

const eip: Pricer = (r, ctx) => {
    const region = ctx.region(r);
    const hours = ctx.usage(r).hoursPerMonth;
    const rate = price("vpc.publicIpv4.hour", region);
    return billFor(region, AWS_PRICES["vpc.publicIpv4.hour"])
        .add(`public IPv4 ${qty(hours)} h × ${usd(rate)}`, hours * rate)
        .outcome();
};

const vpcEndpoint: Pricer = (r, ctx) => {
    const type = asString(r.props["vpcEndpointType"]) ?? "Gateway";
    if (type === "Gateway") return { kind: "priced", monthlyUsd: 0, basis: "gateway endpoint (S3/DynamoDB): no charge" };
    if (type !== "Interface") return unpriced(`VPC endpoint type ${type} is not in the price table`);
    const region = ctx.region(r);
    const usage = ctx.usage(r);
    const azs = asOptionalArray(r.props["subnetIds"])?.length ?? 1;
    const hourly = price("vpc.interfaceEndpoint.hour", region);
    const perGb = price("vpc.interfaceEndpoint.gb", region);
    return billFor(region, AWS_PRICES["vpc.interfaceEndpoint.hour"])
        .add(`${azs} AZ × ${qty(usage.hoursPerMonth)} h × ${usd(hourly)}`, azs * usage.hoursPerMonth * hourly)
        .add(`${qty(usage.vpcEndpointGbPerMonth)} GB × ${usd(perGb)}`, usage.vpcEndpointGbPerMonth * perGb)
        .outcome();
};

function flowLogDestinations(ctx: Ctx): Map<string, PricedResource> {
    const out = new Map<string, PricedResource>();
    const groups = ctx.ofType("aws:cloudwatch/logGroup:LogGroup");
    for (const fl of ctx.ofType("aws:ec2/flowLog:FlowLog")) {
        const type = asString(fl.props["logDestinationType"]) ?? "cloud-watch-logs";
        if (type !== "cloud-watch-logs") continue;
        const dest = asString(fl.props["logDestination"]) ?? asString(fl.props["logGroupName"]);
        if (!dest) continue;
        const group = groups.find((g) => {
            if (g.urn === dest) return true;
            const names = [asString(g.props["name"]), g.name].filter((n): n is string => n !== undefined);
            return names.some((n) => dest === n || dest.endsWith(`:${n}`) || dest.endsWith(`/${n}`) || dest.endsWith(`:${n}:*`));
        });
        if (group) out.set(group.urn, fl);
    }
    return out;
}

const flowLog: Pricer = (r, ctx) => {
    const type = asString(r.props["logDestinationType"]) ?? "cloud-watch-logs";
    const region = ctx.region(r);
    const gb = ctx.usage(r).flowLogGbPerMonth;
    const id = type === "cloud-watch-logs" ? "cloudwatch.vendedLogs.cwl" : "cloudwatch.vendedLogs.s3";
    const rate = price(id, region);
    return billFor(region, AWS_PRICES[id])
        .add(`${qty(gb)} GB flow records delivered to ${type} × ${usd(rate)}`, gb * rate)
        .note("storage priced at the destination")
        .outcome();
};

// ---------------------------------------------------------------------------------------------------------------
// CloudFront, S3, WAF

const distribution: Pricer = (r, ctx) => {
    const usage = ctx.usage(r);
    const egress = AWS_PRICES["cloudfront.egress"].usd;
    const requests = AWS_PRICES["cloudfront.httpsRequests"].usd;
    const priceClass = asString(r.props["priceClass"]) ?? "PriceClass_All";
    return (
        new Bill(GLOBAL)
            // Meters: the always-free 1 TB and 10 M requests are taken off once per account (free-tiers.ts).
            .add(`${qty(usage.cloudfrontEgressGbPerMonth)} GB egress × ${usd(egress)}`, usage.cloudfrontEgressGbPerMonth * egress, {
                id: "aws.cloudfront.egressGb",
                quantity: usage.cloudfrontEgressGbPerMonth,
                unitUsd: egress,
            })
            .add(
                `${qty(usage.cloudfrontRequestsPerMonth)} HTTPS requests × ${usd(requests)}/10k`,
                (usage.cloudfrontRequestsPerMonth / 10_000) * requests,
                { id: "aws.cloudfront.requests", quantity: usage.cloudfrontRequestsPerMonth, unitUsd: requests / 10_000 },
            )
            .note(`${priceClass}: priced at the North America/Europe rate (other edges $0.109-0.120/GB; matters little at this volume)`)
            .outcome()
    );
};

const cloudfrontFunction: Pricer = (r, ctx) => {
    const n = ctx.usage(r).cloudfrontFunctionInvocationsPerMonth;
    const rate = AWS_PRICES["cloudfront.functions"].usd;
    return new Bill(GLOBAL)
        .add(`${qty(n)} invocations × ${usd(rate)}/M`, (n / 1_000_000) * rate, {
            id: "aws.cloudfront.functionInvocations",
            quantity: n,
            unitUsd: rate / 1_000_000,
        })
        .outcome();
};

const bucket: Pricer = (r, ctx) => {
    const region = ctx.region(r);
    const usage = ctx.usage(r);
    const storage = price("s3.standard", region);
    const write = price("s3.write", region);
    const read = price("s3.read", region);
    return billFor(region, AWS_PRICES["s3.standard"])
        .add(`${qty(usage.s3StorageGbPerBucket)} GB Standard × ${usd(storage)}`, usage.s3StorageGbPerBucket * storage)
        .add(`${qty(usage.s3WriteRequestsPerBucket)} PUT × ${usd(write)}/1k`, (usage.s3WriteRequestsPerBucket / 1000) * write)
        .add(`${qty(usage.s3ReadRequestsPerBucket)} GET × ${usd(read)}/1k`, (usage.s3ReadRequestsPerBucket / 1000) * read)
        .outcome();
};

const bucketReplication: Pricer = (r, ctx) => {
    const region = ctx.region(r);
    const gb = ctx.usage(r).s3ReplicationGbPerMonth;
    const rate = price("transfer.interRegion", region);
    return billFor(region, AWS_PRICES["transfer.interRegion"])
        .add(`${qty(gb)} GB replicated × ${usd(rate)} inter-region transfer`, gb * rate)
        .note("replica storage priced on the destination bucket")
        .outcome();
};

function wafRules(props: Record<string, unknown>): { rules: unknown[]; known: boolean } {
    const rules = asOptionalArray(props["rules"]);
    if (rules) return { rules, known: true };
    const json = asString(props["ruleJson"]);
    if (json) {
        try {
            const parsed: unknown = JSON.parse(json);
            if (Array.isArray(parsed)) return { rules: parsed, known: true };
        } catch {
            return { rules: [], known: false };
        }
    }
    return { rules: [], known: !isUnknownPlaceholder(props["rules"]) && !isUnknownPlaceholder(props["ruleJson"]) };
}

function isBotControl(rule: unknown): boolean {
    const statement = asRecord(asRecord(rule)?.["statement"]) ?? asRecord(asRecord(rule)?.["Statement"]);
    const managed = asRecord(statement?.["managedRuleGroupStatement"]) ?? asRecord(statement?.["ManagedRuleGroupStatement"]);
    const name = asString(managed?.["name"]) ?? asString(managed?.["Name"]);
    return name === "AWSManagedRulesBotControlRuleSet";
}

const webAcl: Pricer = (r, ctx) => {
    const usage = ctx.usage(r);
    const { rules, known } = wafRules(r.props);
    const acl = AWS_PRICES["waf.webAcl"].usd;
    const rule = AWS_PRICES["waf.rule"].usd;
    const req = AWS_PRICES["waf.requests"].usd;
    const bill = new Bill(GLOBAL)
        .add(`web ACL ${usd(acl)}`, acl)
        .add(`${rules.length} rule${rules.length === 1 ? "" : "s"} × ${usd(rule)}`, rules.length * rule)
        .add(`${qty(usage.wafRequestsPerMonth)} requests × ${usd(req)}/M`, (usage.wafRequestsPerMonth / 1_000_000) * req);
    if (rules.some(isBotControl)) {
        const sub = AWS_PRICES["waf.botControl"].usd;
        const botReq = AWS_PRICES["waf.botControl.requests"].usd;
        bill.add(`Bot Control ${usd(sub)}`, sub).add(
            `${qty(usage.wafRequestsPerMonth)} Bot Control requests × ${usd(botReq)}/M`,
            (usage.wafRequestsPerMonth / 1_000_000) * botReq,
        );
    }
    if (!known) bill.note("rules unknown at preview: not counted");
    return bill.outcome();
};

const wafSeparateRule: Pricer = () => {
    const rule = AWS_PRICES["waf.rule"].usd;
    return new Bill(GLOBAL).add(`1 rule × ${usd(rule)}`, rule).outcome();
};

// ---------------------------------------------------------------------------------------------------------------
// CloudWatch

const metricAlarm: Pricer = (r, ctx) => {
    const region = ctx.region(r);
    const props = r.props;
    const queries =
        asOptionalArray(props["metricQueries"])
            ?.map(asRecord)
            .filter((q): q is Record<string, unknown> => q !== undefined) ?? [];
    let metrics: number;
    let what: string;
    let highRes = (asNumber(props["period"]) ?? 60) < 60;
    if (queries.length > 0) {
        const withMetric = queries.filter((q) => asRecord(q["metric"]) !== undefined);
        for (const q of withMetric) if ((asNumber(asRecord(q["metric"])?.["period"]) ?? 60) < 60) highRes = true;
        const anomaly = queries.some((q) => (asString(q["expression"]) ?? "").includes("ANOMALY_DETECTION_BAND"));
        metrics = withMetric.length * (anomaly ? 3 : 1);
        what = anomaly
            ? `${withMetric.length} metric${withMetric.length === 1 ? "" : "s"} × 3 (anomaly detection)`
            : `${metrics} metric${metrics === 1 ? "" : "s"} (metric math)`;
    } else {
        metrics = 1;
        what = "1 metric";
    }
    const id = highRes ? "cloudwatch.alarm.highRes" : "cloudwatch.alarm.standard";
    const rate = price(id, region);
    return billFor(region, AWS_PRICES[id])
        .add(
            `${what} × ${usd(rate)} ${highRes ? "high-resolution" : "standard-resolution"} alarm metric`,
            metrics * rate,
            // The free tier's 10 alarm metrics are standard-resolution ones (free-tiers.ts).
            ...(highRes ? [] : [{ id: "aws.cloudwatch.alarmMetrics", quantity: metrics, unitUsd: rate }]),
        )
        .outcome();
};

/** A flat monthly price; `meter`: the free-tier meter (free-tiers.ts) one unit of it draws on, if any. */
function flat(id: AwsPriceId, text: (rate: string) => string, meter?: string): Pricer {
    return (r, ctx) => {
        const entry = AWS_PRICES[id];
        const region = entry.group === "global" ? undefined : ctx.region(r);
        const rate = region ? p(entry, region) : entry.usd;
        const meters = meter === undefined ? [] : [{ id: meter, quantity: 1, unitUsd: rate }];
        return (region ? billFor(region, entry) : new Bill(GLOBAL)).add(text(usd(rate)), rate, ...meters).outcome();
    };
}

const logGroup: Pricer = (r, ctx) => {
    const region = ctx.region(r);
    const usage = ctx.usage(r);
    const retention = asNumber(r.props["retentionInDays"]);
    const months = retention === undefined || retention === 0 ? usage.logNeverExpireMonths : retention / 30;
    const retentionText =
        retention === undefined || retention === 0
            ? `never expires: ${usage.logNeverExpireMonths} months held`
            : `${retention} d retention`;
    const storage = price("cloudwatch.logs.storage", region);
    const flowLog = flowLogDestinations(ctx).get(r.urn);
    if (flowLog) {
        const gb = ctx.usage(flowLog).flowLogGbPerMonth;
        const stored = gb * months;
        return billFor(region, AWS_PRICES["cloudwatch.logs.storage"])
            .add(`${qty(stored)} GB stored (${qty(gb)} GB/month, ${retentionText}) × ${usd(storage)}`, stored * storage, {
                id: "aws.cloudwatch.logsStorageGb",
                quantity: stored,
                unitUsd: storage,
            })
            .note(`ingestion billed on flow log ${flowLog.name}`)
            .outcome();
    }
    const ia = asString(r.props["logGroupClass"]) === "INFREQUENT_ACCESS";
    const ingestId = ia ? "cloudwatch.logs.ingestIa" : "cloudwatch.logs.ingest";
    const ingest = price(ingestId, region);
    const gb = usage.logIngestGbPerGroupPerMonth;
    const stored = gb * months;
    return billFor(region, AWS_PRICES[ingestId], AWS_PRICES["cloudwatch.logs.storage"])
        .add(
            `${qty(gb)} GB ingested${ia ? " (Infrequent Access)" : ""} × ${usd(ingest)}`,
            gb * ingest,
            ...(ia ? [] : [{ id: "aws.cloudwatch.logsIngestGb", quantity: gb, unitUsd: ingest }]),
        )
        .add(`${qty(stored)} GB stored (${retentionText}) × ${usd(storage)}`, stored * storage, {
            id: "aws.cloudwatch.logsStorageGb",
            quantity: stored,
            unitUsd: storage,
        })
        .outcome();
};

const logMetricFilter: Pricer = (r, ctx) => {
    const region = ctx.region(r);
    const rate = price("cloudwatch.customMetric", region);
    const t = r.props["metricTransformation"];
    const n = asOptionalArray(t)?.length ?? 1;
    return billFor(region, AWS_PRICES["cloudwatch.customMetric"])
        .add(`${n} custom metric${n === 1 ? "" : "s"} × ${usd(rate)}`, n * rate, {
            id: "aws.cloudwatch.metrics",
            quantity: n,
            unitUsd: rate,
        })
        .outcome();
};

// ---------------------------------------------------------------------------------------------------------------
// Keys, secrets, DNS, messaging

const secret: Pricer = (r, ctx) => {
    const region = ctx.region(r);
    const replicas = asOptionalArray(r.props["replicas"])?.length ?? 0;
    const rate = price("secrets.secret", region);
    const bill = billFor(region, AWS_PRICES["secrets.secret"]).add(`1 secret × ${usd(rate)}`, rate);
    if (replicas > 0) bill.add(`${replicas} replica${replicas === 1 ? "" : "s"} × ${usd(rate)}`, replicas * rate);
    return bill.note("API calls ($0.05/10k) not counted").outcome();
};

const ssmParameter: Pricer = (r, ctx) => {
    const tier = asString(r.props["tier"]) ?? "Standard";
    if (tier === "Standard") return { kind: "priced", monthlyUsd: 0, basis: "Standard parameter: no charge" };
    const region = ctx.region(r);
    const rate = price("ssm.advancedParameter", region);
    return billFor(region, AWS_PRICES["ssm.advancedParameter"])
        .add(`${tier} parameter × ${usd(rate)}`, rate)
        .outcome();
};

const hostedZone: Pricer = (r, ctx) => {
    const zone = AWS_PRICES["route53.zone"].usd;
    const q = ctx.usage(r).route53QueriesPerZonePerMonth;
    const bill = new Bill(GLOBAL).add(`hosted zone ${usd(zone)}`, zone);
    if (q > 0) {
        const rate = AWS_PRICES["route53.queries"].usd;
        bill.add(`${qty(q)} queries × ${usd(rate)}/M`, (q / 1_000_000) * rate);
    } else {
        bill.note("queries not counted (alias queries to AWS resources are free)");
    }
    return bill.outcome();
};

const AWS_ENDPOINT = /(\.amazonaws\.com|\.cloudfront\.net|\.elb\.amazonaws\.com|\.awsglobalaccelerator\.com|\.on\.aws)\.?$/i;

const healthCheck: Pricer = (r) => {
    const props = r.props;
    const type = (asString(props["type"]) ?? "HTTP").toUpperCase();
    const fqdn = asString(props["fqdn"]);
    const aws = type === "CALCULATED" || type === "CLOUDWATCH_METRIC" || (fqdn !== undefined && AWS_ENDPOINT.test(fqdn));
    const base = AWS_PRICES[aws ? "route53.healthCheck.aws" : "route53.healthCheck.nonAws"].usd;
    const option = AWS_PRICES[aws ? "route53.healthCheck.option.aws" : "route53.healthCheck.option.nonAws"].usd;
    const options: string[] = [];
    if (type.startsWith("HTTPS")) options.push("HTTPS");
    if (type.endsWith("_STR_MATCH")) options.push("string matching");
    if (asNumber(props["requestInterval"]) === 10) options.push("fast interval");
    if (asBoolean(props["measureLatency"]) === true) options.push("latency measurement");
    const bill = new Bill(GLOBAL).add(`${type} health check, ${aws ? "AWS" : "non-AWS"} endpoint ${usd(base)}`, base);
    if (options.length > 0) bill.add(`${options.join(", ")} ${options.length} × ${usd(option)}`, options.length * option);
    return bill.outcome();
};

const snsTopic: Pricer = (r, ctx) => {
    const region = ctx.region(r);
    const n = ctx.usage(r).snsPublishesPerMonth;
    const rate = price("sns.publishes", region);
    return billFor(region, AWS_PRICES["sns.publishes"])
        .add(`near zero: ${qty(n)} publishes × ${usd(rate)}/M`, (n / 1_000_000) * rate)
        .note("first 1 M publishes a month free, not applied; email/SMS/HTTP deliveries not counted")
        .outcome();
};

// ---------------------------------------------------------------------------------------------------------------

/** Pricing function per AWS type token. */
export const AWS_PRICERS: Readonly<Record<string, Pricer>> = {
    "aws:ecs/service:Service": ecsService,
    "aws:lb/loadBalancer:LoadBalancer": loadBalancer,
    "aws:ec2/natGateway:NatGateway": natGateway,
    "aws:ec2/eip:Eip": eip,
    "aws:ec2/vpcEndpoint:VpcEndpoint": vpcEndpoint,
    "aws:ec2/flowLog:FlowLog": flowLog,
    "aws:cloudfront/distribution:Distribution": distribution,
    "aws:cloudfront/function:Function": cloudfrontFunction,
    "aws:s3/bucket:Bucket": bucket,
    "aws:s3/bucketV2:BucketV2": bucket,
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": bucketReplication,
    "aws:wafv2/webAcl:WebAcl": webAcl,
    "aws:wafv2/webAclRule:WebAclRule": wafSeparateRule,
    "aws:wafv2/webAclRuleGroupAssociation:WebAclRuleGroupAssociation": wafSeparateRule,
    "aws:cloudwatch/metricAlarm:MetricAlarm": metricAlarm,
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": flat("cloudwatch.alarm.composite", (rate) => `composite alarm ${rate}`),
    "aws:cloudwatch/dashboard:Dashboard": flat("cloudwatch.dashboard", (rate) => `dashboard ${rate}`, "aws.cloudwatch.dashboards"),
    "aws:cloudwatch/logGroup:LogGroup": logGroup,
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": logMetricFilter,
    ...AWS_DATA_PRICERS,
    ...AWS_SERVICE_PRICERS,
    "aws:kms/key:Key": flat("kms.key", (rate) => `KMS key ${rate} (requests not counted)`),
    "aws:kms/replicaKey:ReplicaKey": flat("kms.key", (rate) => `KMS replica key ${rate}`),
    "aws:secretsmanager/secret:Secret": secret,
    "aws:ssm/parameter:Parameter": ssmParameter,
    "aws:route53/zone:Zone": hostedZone,
    "aws:route53/healthCheck:HealthCheck": healthCheck,
    "aws:sns/topic:Topic": snsTopic,
};

export const awsProvider: CostProvider = {
    prefix: "aws",
    createPricer(context: PricingContext) {
        const byType = new Map<string, PricedResource[]>();
        for (const r of context.resources) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
        const ctx: Ctx = {
            resources: context.resources,
            ofType: (type) => byType.get(type) ?? [],
            usage: (r) => usageFor(context.usage, r),
            region: (r) => regionInfo(asString(r.props["region"]) ?? context.region),
        };
        return (r) => {
            if (AWS_FREE_TYPES.has(r.type)) return { kind: "free" };
            const pricer = AWS_PRICERS[r.type];
            return pricer ? pricer(r, ctx) : unpriced(`no AWS price for ${r.type}`);
        };
    },
};
