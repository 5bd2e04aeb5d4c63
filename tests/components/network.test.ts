import { describe, expect, it } from "vitest";
import { AwsNetwork, subnetCidrs } from "../../components/src/network/aws";
import { type CapturedResource, type Plan, plan } from "../support/plan";

const inputsOf = (r: CapturedResource) => r.inputs as Record<string, any>;

const SUBNET = "aws:ec2/subnet:Subnet";
const ROUTE = "aws:ec2/route:Route";
const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";
const ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
const NAT = "aws:ec2/natGateway:NatGateway";

function ipToInt(ip: string): number {
    return ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}
function range(cidr: string): [number, number] {
    const [ip, prefix] = cidr.split("/");
    const start = ipToInt(ip);
    return [start, start + 2 ** (32 - Number(prefix)) - 1];
}

/** URN of the route table a subnet is associated with. */
function routeTableOf(p: Plan, subnetName: string): string {
    const subnet = p.one(SUBNET, subnetName);
    const association = p.ofType(ASSOCIATION).find((a) => a.propertyDependencies["subnetId"]?.includes(subnet.urn));
    expect(association, `association of ${subnetName}`).toBeDefined();
    const rt = association!.propertyDependencies["routeTableId"][0];
    return rt;
}
function routesOf(p: Plan, routeTableUrn: string) {
    return p.ofType(ROUTE).filter((r) => r.propertyDependencies["routeTableId"]?.includes(routeTableUrn));
}

describe("subnetCidrs", () => {
    it("carves non-overlapping subnets inside the VPC, the same for a zone whatever the zone count", () => {
        const six = subnetCidrs("10.0.0.0/16", 6);
        expect(six[0]).toEqual({ private: "10.0.0.0/19", public: "10.0.192.0/22", data: "10.0.224.0/22" });
        expect(six[5]).toEqual({ private: "10.0.160.0/19", public: "10.0.212.0/22", data: "10.0.244.0/22" });
        const all = six.flatMap((z) => [z.public, z.private, z.data]).map(range);
        const [vpcStart, vpcEnd] = range("10.0.0.0/16");
        for (const [i, [s, e]] of all.entries()) {
            expect(s).toBeGreaterThanOrEqual(vpcStart);
            expect(e).toBeLessThanOrEqual(vpcEnd);
            for (const [s2, e2] of all.slice(i + 1)) expect(e < s2 || e2 < s).toBe(true);
        }
        expect(subnetCidrs("10.0.0.0/16", 2)).toEqual(six.slice(0, 2));
        expect(subnetCidrs("172.16.16.0/20", 1)).toEqual([{ private: "172.16.16.0/23", public: "172.16.28.0/26", data: "172.16.30.0/26" }]);
    });

    it("rejects malformed, unaligned or out-of-range CIDRs and zone counts", () => {
        expect(() => subnetCidrs("10.0.0.0", 2)).toThrow(/vpcCidr/);
        expect(() => subnetCidrs("10.0.300.0/16", 2)).toThrow(/not an IPv4 CIDR/);
        expect(() => subnetCidrs("10.0.0.0/24", 2)).toThrow(/prefix \/24/);
        expect(() => subnetCidrs("10.0.1.0/16", 2)).toThrow(/10\.0\.0\.0\/16/);
        expect(() => subnetCidrs("10.0.0.0/16", 7)).toThrow(/azCount/);
    });
});

describe("AwsNetwork", () => {
    it("spans 2 zones with one NAT gateway in dev and no flow logs", async () => {
        const p = await plan(() => new AwsNetwork("net", {}), { stack: "dev" });
        expect(p.ofType(SUBNET)).toHaveLength(6);
        expect(p.ofType(NAT)).toHaveLength(1);
        expect(p.ofType("aws:ec2/flowLog:FlowLog")).toHaveLength(0);
        expect(p.ofType("aws:cloudwatch/logGroup:LogGroup")).toHaveLength(0);
        // Both private route tables send egress through the single NAT.
        const nat = p.one(NAT);
        for (const i of [0, 1]) {
            const routes = routesOf(p, routeTableOf(p, `private-${i}`));
            expect(routes).toHaveLength(1);
            expect(routes[0].propertyDependencies["natGatewayId"]).toEqual([nat.urn]);
        }
    });

    it("uses a single NAT gateway and 2 zones in staging", async () => {
        const p = await plan(() => new AwsNetwork("net", {}), { stack: "staging" });
        expect(p.ofType(SUBNET)).toHaveLength(6);
        expect(p.ofType(NAT)).toHaveLength(1);
        expect(p.ofType("aws:ec2/flowLog:FlowLog")).toHaveLength(0);
    });

    it("spans 3 zones with a NAT gateway per zone in prod", async () => {
        const p = await plan(() => new AwsNetwork("net", {}), { stack: "prod" });
        expect(p.ofType(SUBNET)).toHaveLength(9);
        const nats = p.ofType(NAT);
        expect(nats).toHaveLength(3);
        expect(p.ofType("aws:ec2/eip:Eip")).toHaveLength(3);
        for (const i of [0, 1, 2]) {
            const routes = routesOf(p, routeTableOf(p, `private-${i}`));
            expect(routes[0].propertyDependencies["natGatewayId"]).toEqual([p.one(NAT, `nat-${i}`).urn]);
            // Each NAT sits in the zone's public subnet.
            expect(p.one(NAT, `nat-${i}`).propertyDependencies["subnetId"]).toEqual([p.one(SUBNET, `public-${i}`).urn]);
        }
        const zones = p
            .ofType(SUBNET)
            .filter((s) => s.name.includes("-private-"))
            .map((s) => inputsOf(s)["availabilityZone"]);
        expect(zones).toEqual(["us-east-1a", "us-east-1b", "us-east-1c"]);
    });

    it("gives data subnets no internet route and public subnets only the internet gateway", async () => {
        const p = await plan(() => new AwsNetwork("net", {}), { stack: "prod" });
        for (const i of [0, 1, 2]) {
            const dataRt = routeTableOf(p, `data-${i}`);
            expect(routesOf(p, dataRt)).toEqual([]);
            expect(p.byUrn(dataRt).inputs).not.toHaveProperty("routes");
            const publicRoutes = routesOf(p, routeTableOf(p, `public-${i}`));
            expect(publicRoutes).toHaveLength(1);
            expect(inputsOf(publicRoutes[0])["destinationCidrBlock"]).toBe("0.0.0.0/0");
            expect(publicRoutes[0].propertyDependencies["gatewayId"]).toEqual([p.one("aws:ec2/internetGateway:InternetGateway").urn]);
        }
        // Every route in the plan targets the public or a private route table, never a data one.
        const dataTables = new Set([0, 1, 2].map((i) => routeTableOf(p, `data-${i}`)));
        for (const route of p.ofType(ROUTE)) expect(dataTables.has(route.propertyDependencies["routeTableId"][0])).toBe(false);
        // No subnet hands out public IPs.
        for (const s of p.ofType(SUBNET)) expect(inputsOf(s)["mapPublicIpOnLaunch"]).toBe(false);
    });

    it("leaves private subnets without an internet route with natGateways none", async () => {
        const p = await plan(() => new AwsNetwork("net", { natGateways: "none" }), { stack: "prod" });
        expect(p.ofType(NAT)).toHaveLength(0);
        expect(p.ofType(ROUTE)).toHaveLength(1);
        expect(p.one(ROUTE).name).toBe("net-public-default");
    });

    it("enables DNS on the VPC and strips the default security group", async () => {
        const p = await plan(() => new AwsNetwork("net", {}), { stack: "dev" });
        expect(p.inputs("aws:ec2/vpc:Vpc")).toMatchObject({ cidrBlock: "10.0.0.0/16", enableDnsHostnames: true, enableDnsSupport: true });
        const sg = p.inputs("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
        expect(sg["ingress"]).toEqual([]);
        expect(sg["egress"]).toEqual([]);
    });

    it("sends prod flow logs to a KMS-encrypted, retained log group through a role scoped to it", async () => {
        const p = await plan(() => new AwsNetwork("net", {}), { stack: "prod", project: "shop" });
        const flowLog = p.one("aws:ec2/flowLog:FlowLog");
        expect(flowLog.inputs).toMatchObject({ trafficType: "ALL", logDestinationType: "cloud-watch-logs" });
        const group = p.one("aws:cloudwatch/logGroup:LogGroup");
        expect(inputsOf(group)["retentionInDays"]).toBe(90);
        expect(group.propertyDependencies["kmsKeyId"]).toEqual([p.one("aws:kms/key:Key").urn]);
        expect([group.protect, group.retainOnDelete]).toEqual([true, true]);
        expect(p.inputs("aws:kms/key:Key")["enableKeyRotation"]).toBe(true);
        const policy = JSON.parse(p.inputs("aws:iam/rolePolicy:RolePolicy")["policy"]);
        const groupArn = group.outputs && (group.outputs as Record<string, string>)["arn"];
        expect(policy.Statement).toHaveLength(1);
        expect(policy.Statement[0].Resource).toEqual([groupArn, `${groupArn}:*`]);
        const trust = JSON.parse(p.inputs("aws:iam/role:Role")["assumeRolePolicy"]);
        expect(trust.Statement[0].Principal).toEqual({ Service: "vpc-flow-logs.amazonaws.com" });
        const keyPolicy = JSON.parse(p.inputs("aws:kms/key:Key")["policy"]);
        const logsStatement = keyPolicy.Statement.find((s: any) => s.Principal.Service === "logs.us-east-1.amazonaws.com");
        expect(logsStatement.Condition.ArnEquals["kms:EncryptionContext:aws:logs:arn"]).toBe(
            `arn:aws:logs:us-east-1:123456789012:log-group:${inputsOf(group)["name"]}`,
        );
    });

    it("lets every profile default be overridden", async () => {
        const p = await plan(
            () =>
                new AwsNetwork("net", {
                    azCount: 4,
                    natGateways: "single",
                    flowLogs: true,
                    flowLogRetentionDays: 365,
                    vpcCidr: "10.20.0.0/16",
                }),
            { stack: "dev" },
        );
        expect(p.ofType(SUBNET)).toHaveLength(12);
        expect(p.ofType(NAT)).toHaveLength(1);
        expect(p.inputs("aws:cloudwatch/logGroup:LogGroup")["retentionInDays"]).toBe(365);
        expect(p.inputs(SUBNET, "data-3")["cidrBlock"]).toBe("10.20.236.0/22");
        const zones = await plan(() => new AwsNetwork("net", { availabilityZones: ["eu-west-1b", "eu-west-1c"] }), { stack: "prod" });
        expect(zones.ofType(SUBNET)).toHaveLength(6);
        expect(zones.ofType(NAT)).toHaveLength(2);
        expect(zones.inputs(SUBNET, "public-1")["availabilityZone"]).toBe("eu-west-1c");
    });

    it("exposes the placement outputs", async () => {
        let network: AwsNetwork | undefined;
        const p = await plan(() => (network = new AwsNetwork("net", {})), { stack: "prod" });
        expect(network!.azCount).toBe(3);
        const outputs = p.one("appstack:network:AwsNetwork").outputs as Record<string, any>;
        expect(outputs["azCount"]).toBe(3);
        expect(outputs["vpcCidrBlock"]).toBe("10.0.0.0/16");
        for (const key of ["publicSubnetIds", "privateSubnetIds", "dataSubnetIds"]) {
            expect(outputs[key]).toHaveLength(3);
            for (const id of outputs[key]) expect(id).toMatch(/^subnet-/);
        }
        expect(outputs["vpcId"]).toMatch(/^vpc-/);
    });

    it("keeps child names stable", async () => {
        const p = await plan(() => new AwsNetwork("net", {}), { stack: "dev" });
        expect(p.names()).toEqual(
            [
                "pulumi:pulumi:Stack::test-dev",
                "appstack:network:AwsNetwork::net",
                "aws:ec2/vpc:Vpc::net-vpc",
                "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup::net-default-sg",
                "aws:ec2/internetGateway:InternetGateway::net-igw",
                ...[0, 1].flatMap((i) => [`${SUBNET}::net-public-${i}`, `${SUBNET}::net-private-${i}`, `${SUBNET}::net-data-${i}`]),
                `${ROUTE_TABLE}::net-public-rt`,
                `${ROUTE}::net-public-default`,
                ...[0, 1].map((i) => `${ASSOCIATION}::net-public-rta-${i}`),
                "aws:ec2/eip:Eip::net-nat-eip-0",
                `${NAT}::net-nat-0`,
                ...[0, 1].flatMap((i) => [
                    `${ROUTE_TABLE}::net-private-rt-${i}`,
                    `${ROUTE}::net-private-default-${i}`,
                    `${ASSOCIATION}::net-private-rta-${i}`,
                ]),
                `${ROUTE_TABLE}::net-data-rt`,
                ...[0, 1].map((i) => `${ASSOCIATION}::net-data-rta-${i}`),
            ].sort(),
        );
    });

    it("validates arguments before registering any resource", async () => {
        const cases: [object, RegExp][] = [
            [{ azCount: 1 }, /`azCount` is 1; allowed: an integer from 2 to 6/],
            [{ azCount: 7 }, /azCount/],
            [{ availabilityZones: ["a"] }, /availabilityZones/],
            [{ availabilityZones: ["a", "a"] }, /repeats/],
            [{ availabilityZones: ["a", "b"], azCount: 3 }, /azCount/],
            [{ natGateways: "two" }, /natGateways/],
            [{ flowLogRetentionDays: 10 }, /flowLogRetentionDays/],
            [{ vpcCidr: "10.0.0.0/8" }, /vpcCidr/],
        ];
        for (const [args, message] of cases) {
            const registered: string[] = [];
            let error: unknown;
            await plan(() => {
                try {
                    new AwsNetwork("net", args);
                } catch (e) {
                    error = e;
                }
            }).then((p) => registered.push(...p.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => r.type)));
            expect(error, JSON.stringify(args)).toBeInstanceOf(Error);
            expect((error as Error).name).toBe("InvalidArgumentError");
            expect((error as Error).message).toMatch(message);
            // The component resource itself is registered by the base constructor; no child is.
            expect(registered.filter((t) => t.startsWith("aws:"))).toEqual([]);
        }
    });
});
