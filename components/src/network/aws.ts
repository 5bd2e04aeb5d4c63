import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkLogRetention } from "../blocks/cloudwatch-logs";
import {
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
import { type AzSubnetCidrs, MAX_AZS, subnetCidrs } from "./cidrs";
import { flowLogs } from "./flow-logs";

export { type AzSubnetCidrs, MAX_AZS, subnetCidrs, VPC_PREFIX_RANGE } from "./cidrs";

/** How private subnets reach the internet. */
export type NatGatewayMode = "single" | "perAz" | "none";

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
        checkLogRetention(label, "flowLogRetentionDays", settings.flowLogRetentionDays);
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
            this.flowLogGroupName = flowLogs(
                {
                    child: this.child.bind(this),
                    tags: this.tags,
                    label,
                    resource: this,
                    name: this.name,
                    physicalName: this.physicalName.bind(this),
                },
                { vpc, retentionInDays: settings.flowLogRetentionDays, data: this.dataOptions(args), transform: t },
            );
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
}
