import type * as pulumi from "@pulumi/pulumi";
import { hex, str, type State } from "./util";

/**
 * Outputs a real preview would show once the resource exists: ids, ARNs, endpoints and host names in each
 * service's own format, so outputs wired from one component into another look like the real thing.
 * Everything is derived from the resource name, so two runs print the same plan.
 */
export const ACCOUNT_ID = "123456789012";


/** The module part of an AWS type token: `aws:rds/instance:Instance` → `rds`. */
function awsService(type: string): string {
    return type.split(":")[1]?.split("/")[0] ?? "resource";
}

export function mockAwsOutputs(args: pulumi.runtime.MockResourceArgs, region: string): { id: string; state: State } {
    const { type, name } = args;
    const inputs: Record<string, unknown> = args.inputs as Record<string, unknown>;
    const h = (n: number) => hex(`${type}/${name}`, n);
    const regionOf = str(inputs["region"], region);
    const arn = (service: string, resource: string) => `arn:aws:${service}:${regionOf}:${ACCOUNT_ID}:${resource}`;
    const state: State = { ...inputs };
    let id = `${name}-${h(8)}`;

    switch (type) {
        case "aws:ec2/vpc:Vpc":
            id = `vpc-${h(17)}`;
            Object.assign(state, { arn: arn("ec2", `vpc/${id}`), defaultSecurityGroupId: `sg-${h(17)}`, mainRouteTableId: `rtb-${h(17)}` });
            break;
        case "aws:ec2/subnet:Subnet":
            id = `subnet-${h(17)}`;
            state["arn"] = arn("ec2", `subnet/${id}`);
            break;
        case "aws:ec2/securityGroup:SecurityGroup":
            id = `sg-${h(17)}`;
            state["arn"] = arn("ec2", `security-group/${id}`);
            break;
        case "aws:ec2/internetGateway:InternetGateway":
            id = `igw-${h(17)}`;
            break;
        case "aws:ec2/natGateway:NatGateway":
            id = `nat-${h(17)}`;
            break;
        case "aws:ec2/eip:Eip":
            id = `eipalloc-${h(17)}`;
            state["publicIp"] = `203.0.113.${parseInt(h(2), 16) % 254 + 1}`;
            break;
        case "aws:ec2/routeTable:RouteTable":
            id = `rtb-${h(17)}`;
            break;
        case "aws:s3/bucket:Bucket": {
            const bucket = str(inputs["bucket"], `${name}-${h(7)}`);
            id = bucket;
            Object.assign(state, {
                bucket,
                arn: `arn:aws:s3:::${bucket}`,
                bucketDomainName: `${bucket}.s3.amazonaws.com`,
                bucketRegionalDomainName: `${bucket}.s3.${regionOf}.amazonaws.com`,
                region: regionOf,
            });
            break;
        }
        case "aws:cloudfront/distribution:Distribution":
            id = `E${h(13).toUpperCase()}`;
            Object.assign(state, { arn: `arn:aws:cloudfront::${ACCOUNT_ID}:distribution/${id}`, domainName: `d${h(13)}.cloudfront.net`, hostedZoneId: "Z2FDTNDATAQYW2", status: "Deployed" });
            break;
        case "aws:cloudfront/originAccessControl:OriginAccessControl":
        case "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy":
        case "aws:cloudfront/cachePolicy:CachePolicy":
        case "aws:cloudfront/function:Function":
            id = `${h(8)}-${h(4)}-${h(4)}`;
            state["arn"] = `arn:aws:cloudfront::${ACCOUNT_ID}:${awsService(type)}/${id}`;
            break;
        case "aws:lb/loadBalancer:LoadBalancer": {
            const lbName = str(inputs["name"], name).slice(0, 32);
            const suffix = `app/${lbName}/${h(16)}`;
            id = arn("elasticloadbalancing", `loadbalancer/${suffix}`);
            Object.assign(state, { arn: id, arnSuffix: suffix, dnsName: `${lbName}-${parseInt(h(8), 16)}.${regionOf}.elb.amazonaws.com`, zoneId: "Z35SXDOTRQ7X7K" });
            break;
        }
        case "aws:lb/targetGroup:TargetGroup": {
            const tgName = str(inputs["name"], name).slice(0, 32);
            const suffix = `targetgroup/${tgName}/${h(16)}`;
            id = arn("elasticloadbalancing", suffix);
            Object.assign(state, { arn: id, arnSuffix: suffix });
            break;
        }
        case "aws:rds/instance:Instance": {
            const identifier = str(inputs["identifier"], `${name}-${h(7)}`);
            id = `db-${h(26).toUpperCase()}`;
            const address = `${identifier}.c${h(11)}.${regionOf}.rds.amazonaws.com`;
            const port = typeof inputs["port"] === "number" ? inputs["port"] : 5432;
            Object.assign(state, {
                identifier,
                resourceId: id,
                arn: arn("rds", `db:${identifier}`),
                address,
                endpoint: `${address}:${port}`,
                port,
                masterUserSecrets: inputs["manageMasterUserPassword"] ? [{ secretArn: arn("secretsmanager", `secret:rds!${id.toLowerCase()}-${h(6)}`), secretStatus: "active", kmsKeyId: arn("kms", `key/${h(8)}`) }] : [],
            });
            break;
        }
        case "aws:elasticache/replicationGroup:ReplicationGroup": {
            const groupId = str(inputs["replicationGroupId"], `${name}-${h(6)}`);
            id = groupId;
            const count = typeof inputs["numCacheClusters"] === "number" ? inputs["numCacheClusters"] : 1;
            Object.assign(state, {
                arn: arn("elasticache", `replicationgroup:${groupId}`),
                primaryEndpointAddress: `master.${groupId}.${h(6)}.${regionOf.replace(/-/g, "")}.cache.amazonaws.com`,
                readerEndpointAddress: `replica.${groupId}.${h(6)}.${regionOf.replace(/-/g, "")}.cache.amazonaws.com`,
                memberClusters: Array.from({ length: count }, (_, i) => `${groupId}-00${i + 1}`),
            });
            break;
        }
        case "aws:kms/key:Key":
            id = `${h(8)}-${h(4)}-${h(4)}-${h(4)}-${h(12)}`;
            Object.assign(state, { keyId: id, arn: arn("kms", `key/${id}`) });
            break;
        case "aws:secretsmanager/secret:Secret":
            id = arn("secretsmanager", `secret:${str(inputs["name"], name)}-${h(6)}`);
            state["arn"] = id;
            break;
        case "aws:acm/certificate:Certificate": {
            id = arn("acm", `certificate/${h(8)}-${h(4)}`);
            // ACM returns one validation entry per name; `*.x` and `x` share the same record.
            const sans = Array.isArray(inputs["subjectAlternativeNames"]) ? inputs["subjectAlternativeNames"].filter((n): n is string => typeof n === "string") : [];
            const names = [str(inputs["domainName"], name), ...sans];
            Object.assign(state, {
                arn: id,
                domainValidationOptions: names.map((domainName) => {
                    const base = domainName.replace(/^\*\./, "");
                    return {
                        domainName,
                        resourceRecordName: `_${hex(base, 32)}.${base}.`,
                        resourceRecordType: "CNAME",
                        resourceRecordValue: `_${hex(`${base}/value`, 32)}.acm-validations.aws.`,
                    };
                }),
            });
            break;
        }
        case "aws:route53/record:Record":
            id = `${str(inputs["zoneId"], "Z0")}_${str(inputs["name"], name)}_${str(inputs["type"], "A")}`;
            state["fqdn"] = str(inputs["name"], name).replace(/\.$/, "");
            break;
        case "aws:ecs/cluster:Cluster":
            id = arn("ecs", `cluster/${str(inputs["name"], name)}`);
            state["arn"] = id;
            break;
        case "aws:ecs/service:Service":
            id = arn("ecs", `service/${str(inputs["name"], name)}`);
            break;
        case "aws:wafv2/webAcl:WebAcl":
            id = `${h(8)}-${h(4)}-${h(4)}-${h(4)}-${h(12)}`;
            state["arn"] = arn("wafv2", `${inputs["scope"] === "CLOUDFRONT" ? "global" : "regional"}/webacl/${str(inputs["name"], name)}/${id}`);
            state["capacity"] = 700;
            break;
        default:
            if (type.startsWith("aws:")) {
                const resourceName = str(inputs["name"], name);
                const kind = type.split(":")[2]?.toLowerCase() ?? "resource";
                // IAM is global: its ARNs carry no region.
                state["arn"] = awsService(type) === "iam" ? `arn:aws:iam::${ACCOUNT_ID}:${kind}/${resourceName}` : arn(awsService(type), `${kind}/${resourceName}`);
            }
    }
    if (type.startsWith("aws:") && inputs["tags"] !== undefined) state["tagsAll"] = inputs["tags"];
    return { id, state };
}

/** AWS data sources (invokes) a program calls at plan time; `undefined` for tokens this module does not know. */
export function mockAwsCall(args: pulumi.runtime.MockCallArgs, region: string): Record<string, unknown> | undefined {
    const inputs: Record<string, unknown> = args.inputs as Record<string, unknown>;
    switch (args.token) {
        case "aws:index/getAvailabilityZones:getAvailabilityZones": {
            const names = ["a", "b", "c", "d"].map((s) => `${region}${s}`);
            return { names, zoneIds: names.map((_, i) => `use1-az${i + 1}`), state: "available", id: region };
        }
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: ACCOUNT_ID, arn: `arn:aws:iam::${ACCOUNT_ID}:user/plan`, userId: "AIDAPLAN", id: ACCOUNT_ID };
        case "aws:index/getRegion:getRegion":
            return { name: region, region, id: region, endpoint: `ec2.${region}.amazonaws.com`, description: region };
        case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
        case "aws:iam/getPolicyDocument:getPolicyDocument":
            return { json: JSON.stringify({ Version: "2012-10-17", Statement: inputs["statements"] ?? [] }), id: hex(JSON.stringify(inputs), 10) };
        case "aws:elb/getServiceAccount:getServiceAccount":
            return { arn: "arn:aws:iam::127311923021:root", id: "127311923021" };
        default:
            return undefined;
    }
}
