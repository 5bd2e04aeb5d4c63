import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    accountAdministersKey,
    type AwsVpcPlacement,
    type BaseArgs,
    checkRange,
    Component,
    type DataProtection,
    InvalidArgumentError,
    type Profile,
    profileDefaults,
    type Transform,
} from "../core";

/** How private subnets reach the internet. */
export type NatGatewayMode = "single" | "perAz" | "none";

/** The CIDR blocks of one availability zone's three subnets. */
export interface AzSubnetCidrs {
    /** Load balancers only. */
    public: string;
    /** Services. */
    private: string;
    /** Data stores. */
    data: string;
}

/** Smallest and largest VPC prefix {@link subnetCidrs} can carve (a /20 VPC leaves /26 public and data subnets). */
export const VPC_PREFIX_RANGE = { min: 16, max: 20 } as const;

/** Retention periods CloudWatch Logs accepts, days. */
const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Most availability zones a network spans; {@link subnetCidrs} keeps room for exactly this many. */
export const MAX_AZS = 6;

function parseIpv4(address: string): number | undefined {
    const parts = address.split(".");
    if (parts.length !== 4) return undefined;
    let value = 0;
    for (const part of parts) {
        if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
        const octet = Number(part);
        if (octet > 255) return undefined;
        value = value * 256 + octet;
    }
    return value;
}

function formatIpv4(value: number): string {
    return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/**
 * Carves the subnets of every availability zone from a VPC CIDR, deterministically: the CIDR of zone `i`
 * depends only on the VPC CIDR and `i`, never on how many zones there are, so adding a zone never moves
 * (replaces) an existing subnet.
 *
 * Layout of a VPC of prefix `/p` (shown for a /16):
 * - private (services): `/p+3` blocks 0-5, e.g. `10.0.0.0/19`, `10.0.32.0/19`, ... (8,187 usable addresses each);
 * - public (load balancers): `/p+6` blocks 48-53, e.g. `10.0.192.0/22`, `10.0.196.0/22`, ... (1,019 each);
 * - data (databases, caches): `/p+6` blocks 56-61, e.g. `10.0.224.0/22`, `10.0.228.0/22`, ... (1,019 each).
 *
 * The rest (`/p+6` blocks 54-55 and 62-63) stays free for later use.
 *
 * @param vpcCidr an IPv4 CIDR with a prefix from 16 to 20 whose address is the network address
 * @param azCount the number of availability zones, 1 to 6
 * @param component who is asking, named in errors
 * @throws InvalidArgumentError on a malformed or unaligned CIDR, a prefix out of range, or a bad zone count
 */
export function subnetCidrs(vpcCidr: string, azCount: number, component = "subnetCidrs"): AzSubnetCidrs[] {
    const match = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(vpcCidr);
    const base = match ? parseIpv4(match[1] ?? "") : undefined;
    const prefix = match ? Number(match[2]) : NaN;
    if (base === undefined || !Number.isInteger(prefix)) {
        throw new InvalidArgumentError(
            component,
            "vpcCidr",
            `is ${JSON.stringify(vpcCidr)}, not an IPv4 CIDR`,
            "a block such as 10.0.0.0/16",
        );
    }
    if (prefix < VPC_PREFIX_RANGE.min || prefix > VPC_PREFIX_RANGE.max) {
        throw new InvalidArgumentError(
            component,
            "vpcCidr",
            `has prefix /${prefix}`,
            `a prefix from /${VPC_PREFIX_RANGE.min} to /${VPC_PREFIX_RANGE.max}`,
        );
    }
    const vpcSize = 2 ** (32 - prefix);
    if (base % vpcSize !== 0) {
        throw new InvalidArgumentError(
            component,
            "vpcCidr",
            `is ${vpcCidr}, whose address is not the network address`,
            `${formatIpv4(base - (base % vpcSize))}/${prefix}`,
        );
    }
    checkRange(component, "azCount", azCount, 1, MAX_AZS);
    const large = vpcSize / 8; // /p+3
    const small = vpcSize / 64; // /p+6
    const block = (index: number, size: number, bits: number) => `${formatIpv4(base + index * size)}/${prefix + bits}`;
    return Array.from({ length: azCount }, (_, i) => ({
        private: block(i, large, 3),
        public: block(48 + i, small, 6),
        data: block(56 + i, small, 6),
    }));
}

interface NetworkProfile {
    azCount: number;
    natGateways: NatGatewayMode;
    flowLogs: boolean;
    flowLogRetentionDays: number;
}

const PROFILE: Profile<NetworkProfile> = {
    dev: { azCount: 2, natGateways: "single", flowLogs: false, flowLogRetentionDays: 14 },
    staging: { azCount: 2, natGateways: "single", flowLogs: false, flowLogRetentionDays: 30 },
    prod: { azCount: 3, natGateways: "perAz", flowLogs: true, flowLogRetentionDays: 90 },
};

export interface AwsNetworkArgs extends BaseArgs, DataProtection {
    /**
     * IPv4 CIDR of the VPC, a prefix from /16 to /20. Known at plan time: every subnet's CIDR is derived
     * from it (see {@link subnetCidrs}). Changing it replaces the VPC and everything in it.
     * @default "10.0.0.0/16"
     */
    vpcCidr?: string;
    /**
     * Number of availability zones, 2 to 6; each gets a public, a private and a data subnet. Adding a zone adds
     * subnets without moving existing ones; removing one deletes the last zone's subnets.
     * @default 2 in dev and staging, 3 in prod (or the length of `availabilityZones` when given)
     */
    azCount?: number;
    /**
     * Availability zone names to use, in order (e.g. `["eu-west-1a", "eu-west-1b"]`). Changing a zone replaces
     * its subnets.
     * @default the first `azCount` zones of the region that need no opt-in (`aws.getAvailabilityZones`)
     */
    availabilityZones?: string[];
    /**
     * NAT gateways giving private subnets egress to the internet:
     * - `single`: one, in the first zone (cheapest; private egress of every zone depends on that zone);
     * - `perAz`: one per zone (zone-independent egress);
     * - `none`: private subnets have no internet route (services then need VPC endpoints for AWS APIs).
     * Switching modes creates or deletes NAT gateways and rewrites the private default routes (brief egress cut).
     * Cost: each NAT gateway is about $0.045/hour (~$33/month) plus $0.045/GB processed, and its Elastic IP
     * $0.005/hour.
     * @default "single" in dev and staging, "perAz" in prod
     */
    natGateways?: NatGatewayMode;
    /**
     * VPC flow logs (all traffic, accepted and rejected) to a KMS-encrypted CloudWatch log group.
     * Cost: CloudWatch Logs ingestion (~$0.50/GB) and storage (~$0.03/GB-month), plus $1/month for the KMS key.
     * @default true in prod, false in dev and staging
     */
    flowLogs?: boolean;
    /**
     * Days the flow-log group keeps records; one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90,
     * 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653).
     * @default 90 in prod, 30 in staging, 14 in dev
     */
    flowLogRetentionDays?: number;
    /** Per-child overrides, one key per kind of child. @default none: each child takes the args the component computed */
    transform?: {
        vpc?: Transform<aws.ec2.VpcArgs>;
        defaultSecurityGroup?: Transform<aws.ec2.DefaultSecurityGroupArgs>;
        internetGateway?: Transform<aws.ec2.InternetGatewayArgs>;
        subnet?: Transform<aws.ec2.SubnetArgs>;
        routeTable?: Transform<aws.ec2.RouteTableArgs>;
        route?: Transform<aws.ec2.RouteArgs>;
        routeTableAssociation?: Transform<aws.ec2.RouteTableAssociationArgs>;
        eip?: Transform<aws.ec2.EipArgs>;
        natGateway?: Transform<aws.ec2.NatGatewayArgs>;
        flowLogKey?: Transform<aws.kms.KeyArgs>;
        flowLogGroup?: Transform<aws.cloudwatch.LogGroupArgs>;
        flowLogRole?: Transform<aws.iam.RoleArgs>;
        flowLogRolePolicy?: Transform<aws.iam.RolePolicyArgs>;
        flowLog?: Transform<aws.ec2.FlowLogArgs>;
    };
}

const NAT_MODES: readonly NatGatewayMode[] = ["single", "perAz", "none"];

/**
 * A VPC over 2 to 6 availability zones with three tiers of subnets per zone:
 * - public: a route to the internet gateway, for load balancers only (no public IPs assigned on launch);
 * - private: services, egress through NAT (`natGateways`);
 * - data: databases and caches, no route to the internet at all.
 *
 * The VPC's default security group is stripped of every rule, so nothing placed in it by mistake can talk.
 * Optional VPC flow logs go to a KMS-encrypted log group through a role that can write to that group only.
 * Hand it to other components as their `network` ({@link AwsVpcPlacement}).
 *
 * Cost: the VPC, subnets, route tables and internet gateway are free; NAT gateways and flow logs cost money
 * (see `natGateways` and `flowLogs`).
 */
export class AwsNetwork extends Component implements AwsVpcPlacement {
    public readonly vpcId: pulumi.Output<string>;
    public readonly vpcCidrBlock: pulumi.Output<string>;
    public readonly publicSubnetIds: pulumi.Output<string[]>;
    public readonly privateSubnetIds: pulumi.Output<string[]>;
    public readonly dataSubnetIds: pulumi.Output<string[]>;
    /** Number of availability zones (and of subnets per tier). */
    public readonly azCount: number;
    /** Availability zone names, in subnet order. */
    public readonly availabilityZones: pulumi.Output<string[]>;
    /** The subnet CIDRs per zone, known at plan time. */
    public readonly subnetCidrs: AzSubnetCidrs[];
    /** NAT gateway ids (empty with `natGateways: "none"`). */
    public readonly natGatewayIds: pulumi.Output<string[]>;
    /** Public IPs of the NAT gateways: the source addresses of private egress, for third-party allow lists. */
    public readonly natPublicIps: pulumi.Output<string[]>;
    public readonly publicRouteTableId: pulumi.Output<string>;
    /** One per zone, in subnet order; add gateway endpoints (S3, DynamoDB) here. */
    public readonly privateRouteTableIds: pulumi.Output<string[]>;
    /** Shared by every data subnet; holds only the local route. */
    public readonly dataRouteTableId: pulumi.Output<string>;
    /** Name of the flow-log group, when flow logs are on. */
    public readonly flowLogGroupName?: pulumi.Output<string>;

    constructor(name: string, args: AwsNetworkArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("network:AwsNetwork", name, args, opts);
        const label = `AwsNetwork "${name}"`;

        // Validation, before any child exists.
        const zones = args.availabilityZones;
        if (zones !== undefined) {
            if (zones.length < 2 || zones.length > MAX_AZS) {
                throw new InvalidArgumentError(label, "availabilityZones", `lists ${zones.length} zones`, `2 to ${MAX_AZS} zone names`);
            }
            if (new Set(zones).size !== zones.length) {
                throw new InvalidArgumentError(label, "availabilityZones", `repeats a zone (${zones.join(", ")})`, "distinct zone names");
            }
            if (args.azCount !== undefined && args.azCount !== zones.length) {
                throw new InvalidArgumentError(
                    label,
                    "azCount",
                    `is ${args.azCount} but availabilityZones lists ${zones.length}`,
                    "the same number, or only one of the two",
                );
            }
        }
        const settings = profileDefaults(PROFILE, this.environment, {
            azCount: args.azCount ?? zones?.length,
            natGateways: args.natGateways,
            flowLogs: args.flowLogs,
            flowLogRetentionDays: args.flowLogRetentionDays,
        });
        checkRange(label, "azCount", settings.azCount, 2, MAX_AZS);
        if (!NAT_MODES.includes(settings.natGateways)) {
            throw new InvalidArgumentError(label, "natGateways", `is ${JSON.stringify(settings.natGateways)}`, NAT_MODES.join(", "));
        }
        if (!LOG_RETENTION_DAYS.some((days) => days === settings.flowLogRetentionDays)) {
            throw new InvalidArgumentError(
                label,
                "flowLogRetentionDays",
                `is ${settings.flowLogRetentionDays}`,
                LOG_RETENTION_DAYS.join(", "),
            );
        }
        const vpcCidr = args.vpcCidr ?? "10.0.0.0/16";
        const cidrs = subnetCidrs(vpcCidr, settings.azCount, label);
        const azCount = settings.azCount;
        this.azCount = azCount;
        this.subnetCidrs = cidrs;

        const t = args.transform ?? {};
        const named = (suffix: string) => ({ ...this.tags, Name: this.physicalName(suffix) });

        const availabilityZones: pulumi.Output<string[]> =
            zones !== undefined
                ? pulumi.output([...zones])
                : aws
                      .getAvailabilityZonesOutput(
                          { state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] },
                          { parent: this },
                      )
                      .names.apply((names) => {
                          if (names.length < azCount) {
                              throw new InvalidArgumentError(
                                  label,
                                  "azCount",
                                  `is ${azCount} but the region has ${names.length} zones without opt-in`,
                                  `at most ${names.length}`,
                              );
                          }
                          return names.slice(0, azCount);
                      });
        this.availabilityZones = availabilityZones;

        const vpc = this.child(
            aws.ec2.Vpc,
            "vpc",
            { cidrBlock: vpcCidr, enableDnsHostnames: true, enableDnsSupport: true, tags: named("vpc") },
            t.vpc,
        );

        // Nothing may use the default security group: no ingress, no egress.
        this.child(
            aws.ec2.DefaultSecurityGroup,
            "default-sg",
            { vpcId: vpc.id, ingress: [], egress: [], revokeRulesOnDelete: true, tags: named("default-locked") },
            t.defaultSecurityGroup,
        );

        const igw = this.child(aws.ec2.InternetGateway, "igw", { vpcId: vpc.id, tags: named("igw") }, t.internetGateway);

        const subnet = (tier: keyof AzSubnetCidrs, i: number) =>
            this.child(
                aws.ec2.Subnet,
                `${tier}-${i}`,
                {
                    vpcId: vpc.id,
                    cidrBlock: cidrs[i][tier],
                    availabilityZone: availabilityZones.apply((names) => names[i]),
                    mapPublicIpOnLaunch: false,
                    tags: { ...named(`${tier}-${i}`), tier },
                },
                t.subnet,
            );
        const indexes = Array.from({ length: azCount }, (_, i) => i);
        const publicSubnets = indexes.map((i) => subnet("public", i));
        const privateSubnets = indexes.map((i) => subnet("private", i));
        const dataSubnets = indexes.map((i) => subnet("data", i));

        const associate = (suffix: string, subnetId: pulumi.Input<string>, routeTableId: pulumi.Input<string>) =>
            this.child(aws.ec2.RouteTableAssociation, suffix, { subnetId, routeTableId }, t.routeTableAssociation);

        // Public tier: default route to the internet gateway.
        const publicRouteTable = this.child(aws.ec2.RouteTable, "public-rt", { vpcId: vpc.id, tags: named("public") }, t.routeTable);
        this.child(
            aws.ec2.Route,
            "public-default",
            { routeTableId: publicRouteTable.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id },
            t.route,
        );
        publicSubnets.forEach((s, i) => associate(`public-rta-${i}`, s.id, publicRouteTable.id));

        // NAT gateways in public subnets.
        const natCount = settings.natGateways === "perAz" ? azCount : settings.natGateways === "single" ? 1 : 0;
        const nats = Array.from({ length: natCount }, (_, j) => {
            const eip = this.child(aws.ec2.Eip, `nat-eip-${j}`, { domain: "vpc", tags: named(`nat-${j}`) }, t.eip);
            const nat = this.child(
                aws.ec2.NatGateway,
                `nat-${j}`,
                { allocationId: eip.id, subnetId: publicSubnets[j].id, connectivityType: "public", tags: named(`nat-${j}`) },
                t.natGateway,
                { dependsOn: [igw] },
            );
            return { eip, nat };
        });

        // Private tier: one route table per zone, default route through the zone's NAT (or the single one).
        const privateRouteTables = indexes.map((i) => {
            const rt = this.child(aws.ec2.RouteTable, `private-rt-${i}`, { vpcId: vpc.id, tags: named(`private-${i}`) }, t.routeTable);
            const nat = nats[Math.min(i, nats.length - 1)];
            if (nat)
                this.child(
                    aws.ec2.Route,
                    `private-default-${i}`,
                    { routeTableId: rt.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.nat.id },
                    t.route,
                );
            associate(`private-rta-${i}`, privateSubnets[i].id, rt.id);
            return rt;
        });

        // Data tier: the local route only.
        const dataRouteTable = this.child(aws.ec2.RouteTable, "data-rt", { vpcId: vpc.id, tags: named("data") }, t.routeTable);
        dataSubnets.forEach((s, i) => associate(`data-rta-${i}`, s.id, dataRouteTable.id));

        if (settings.flowLogs) {
            this.flowLogGroupName = this.createFlowLogs(args, vpc, settings.flowLogRetentionDays);
        }

        this.vpcId = vpc.id;
        this.vpcCidrBlock = vpc.cidrBlock;
        this.publicSubnetIds = pulumi.all(publicSubnets.map((s) => s.id));
        this.privateSubnetIds = pulumi.all(privateSubnets.map((s) => s.id));
        this.dataSubnetIds = pulumi.all(dataSubnets.map((s) => s.id));
        this.natGatewayIds = pulumi.all(nats.map((n) => n.nat.id));
        this.natPublicIps = pulumi.all(nats.map((n) => n.eip.publicIp));
        this.publicRouteTableId = publicRouteTable.id;
        this.privateRouteTableIds = pulumi.all(privateRouteTables.map((rt) => rt.id));
        this.dataRouteTableId = dataRouteTable.id;

        this.registerOutputs({
            vpcId: this.vpcId,
            vpcCidrBlock: this.vpcCidrBlock,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
            dataSubnetIds: this.dataSubnetIds,
            azCount: this.azCount,
            availabilityZones: this.availabilityZones,
            natGatewayIds: this.natGatewayIds,
            natPublicIps: this.natPublicIps,
            publicRouteTableId: this.publicRouteTableId,
            privateRouteTableIds: this.privateRouteTableIds,
            dataRouteTableId: this.dataRouteTableId,
            flowLogGroupName: this.flowLogGroupName,
        });
    }

    /** KMS key, log group, IAM role scoped to that group, and the VPC flow log. Returns the group's name. */
    private createFlowLogs(args: AwsNetworkArgs, vpc: aws.ec2.Vpc, retentionInDays: number): pulumi.Output<string> {
        const t = args.transform ?? {};
        const identity = aws.getCallerIdentityOutput({}, { parent: this });
        const partition = aws.getPartitionOutput({}, { parent: this });
        const region = aws.getRegionOutput({}, { parent: this });
        const logGroupName = `/aws/vpc/flow-logs/${this.physicalName("flow-logs", "logGroup")}`;
        const logGroupArn = pulumi.interpolate`arn:${partition.partition}:logs:${region.region}:${identity.accountId}:log-group:${logGroupName}`;

        const key = this.child(
            aws.kms.Key,
            "flow-logs-key",
            {
                description: `Encrypts the VPC flow logs of ${this.name} (${logGroupName})`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        accountAdministersKey(partition.partition, identity.accountId),
                        {
                            Sid: "CloudWatchLogsUsesForThisGroup",
                            Effect: "Allow",
                            Principal: { Service: pulumi.interpolate`logs.${region.region}.amazonaws.com` },
                            Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                            Resource: "*",
                            Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroupArn } },
                        },
                    ],
                }),
                tags: this.tags,
            },
            t.flowLogKey,
            this.dataOptions(args),
        );

        const logGroup = this.child(
            aws.cloudwatch.LogGroup,
            "flow-logs",
            { name: logGroupName, retentionInDays, kmsKeyId: key.arn, tags: this.tags },
            t.flowLogGroup,
            this.dataOptions(args),
        );

        const role = this.child(
            aws.iam.Role,
            "flow-logs-role",
            {
                name: this.physicalName("flow-logs", "iamRole"),
                description: `VPC flow logs of ${this.name} write to ${logGroupName}`,
                assumeRolePolicy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                            Action: "sts:AssumeRole",
                            Condition: {
                                StringEquals: { "aws:SourceAccount": identity.accountId },
                                ArnLike: {
                                    "aws:SourceArn": pulumi.interpolate`arn:${partition.partition}:ec2:${region.region}:${identity.accountId}:vpc-flow-log/*`,
                                },
                            },
                        },
                    ],
                }),
                tags: this.tags,
            },
            t.flowLogRole,
        );

        const rolePolicy = this.child(
            aws.iam.RolePolicy,
            "flow-logs-policy",
            {
                role: role.id,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Sid: "WriteThisLogGroupOnly",
                            Effect: "Allow",
                            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                            Resource: [logGroup.arn, pulumi.interpolate`${logGroup.arn}:*`],
                        },
                    ],
                }),
            },
            t.flowLogRolePolicy,
        );

        this.child(
            aws.ec2.FlowLog,
            "flow-log",
            {
                vpcId: vpc.id,
                trafficType: "ALL",
                logDestinationType: "cloud-watch-logs",
                logDestination: logGroup.arn,
                iamRoleArn: role.arn,
                maxAggregationInterval: 60,
                tags: { ...this.tags, Name: this.physicalName("flow-log") },
            },
            t.flowLog,
            { dependsOn: [rolePolicy] },
        );
        return logGroup.name;
    }
}
