import type * as pulumi from "@pulumi/pulumi";
import { uuid } from "./fill";
import { hex, str, type State } from "./util";

/**
 * Outputs a real preview would show once the resource exists: ids, ARNs, endpoints and host names in each
 * service's own format, so outputs wired from one component into another look like the real thing.
 * ARN formats are those of the AWS Service Authorization Reference ("Resource types defined by <service>"); which
 * attribute is the id follows the Terraform provider behind `@pulumi/aws` (hashicorp/terraform-provider-aws,
 * `d.SetId(...)` in `internal/service/<service>/<resource>.go`). Everything is derived from the resource name, so two
 * runs print the same plan. Outputs not computed here come from the class's declared shape (`mocks/index.ts`).
 */
export const ACCOUNT_ID = "123456789012";

/** The ARN service of a type token's module where the two differ (`aws:lb/...` ARNs say `elasticloadbalancing`). */
const ARN_SERVICES: Record<string, string> = {
    lb: "elasticloadbalancing",
    alb: "elasticloadbalancing",
    elb: "elasticloadbalancing",
    appautoscaling: "application-autoscaling",
    cognito: "cognito-idp",
    sfn: "states",
    efs: "elasticfilesystem",
    msk: "kafka",
    opensearch: "es",
    elasticsearch: "es",
    cfg: "config",
    cloudwatch: "cloudwatch",
    vpc: "ec2",
};

/** The ARN service a type token's resources live in. */
export function arnService(type: string): string {
    const module = type.split(":")[1]?.split("/")[0] ?? "resource";
    const kind = type.split(":")[2] ?? "";
    if (module === "cloudwatch" && /^Log/.test(kind)) return "logs";
    if (module === "cloudwatch" && /^Event/.test(kind)) return "events";
    return ARN_SERVICES[module] ?? module;
}

export interface AwsContext {
    type: string;
    /** The resource's physical name: its `name` input, else the Pulumi name. */
    physical: string;
    inputs: Record<string, unknown>;
    region: string;
    h(n: number, salt?: string): string;
    /** `arn:aws:<service>:<region>:<account>:<resource>`; `region: ""` for global services. */
    arn(service: string, resource: string, region?: string): string;
}

type Computed = { id: string; state?: State };

/** The trailing `app/<name>/<hash>` of a load balancer ARN, for the ARNs of its listeners. */
function lbSuffix(c: AwsContext): string {
    return /loadbalancer\/(.+)$/.exec(str(c.inputs["loadBalancerArn"], ""))?.[1] ?? `app/${c.physical}/${c.h(16)}`;
}

function nameOf(value: unknown, fallback: string): string {
    const text = str(value, fallback);
    // An ARN given where a name is accepted (ECS `cluster`, IAM `role`): its last path segment is the name.
    return text.startsWith("arn:") ? (text.split(/[/:]/).pop() ?? fallback) : text;
}

/** Id and computed outputs per type token; types not listed get the generic ARN of {@link mockAwsOutputs}. */
const RESOURCES: Record<string, (c: AwsContext) => Computed> = {
    "aws:ec2/vpc:Vpc": (c) => {
        const id = `vpc-${c.h(17)}`;
        return {
            id,
            state: {
                arn: c.arn("ec2", `vpc/${id}`),
                defaultSecurityGroupId: `sg-${c.h(17, "sg")}`,
                mainRouteTableId: `rtb-${c.h(17, "rtb")}`,
                defaultRouteTableId: `rtb-${c.h(17, "rtb")}`,
                defaultNetworkAclId: `acl-${c.h(17, "acl")}`,
                ownerId: ACCOUNT_ID,
            },
        };
    },
    "aws:ec2/subnet:Subnet": (c) => {
        const id = `subnet-${c.h(17)}`;
        return { id, state: { arn: c.arn("ec2", `subnet/${id}`), ownerId: ACCOUNT_ID } };
    },
    "aws:ec2/securityGroup:SecurityGroup": (c) => {
        const id = `sg-${c.h(17)}`;
        return { id, state: { arn: c.arn("ec2", `security-group/${id}`), ownerId: ACCOUNT_ID } };
    },
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": (c) => {
        const id = `sg-${c.h(17)}`;
        return { id, state: { arn: c.arn("ec2", `security-group/${id}`), ownerId: ACCOUNT_ID, name: "default" } };
    },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": (c) => securityGroupRule(c),
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": (c) => securityGroupRule(c),
    "aws:ec2/internetGateway:InternetGateway": (c) => {
        const id = `igw-${c.h(17)}`;
        return { id, state: { arn: c.arn("ec2", `internet-gateway/${id}`), ownerId: ACCOUNT_ID } };
    },
    "aws:ec2/natGateway:NatGateway": (c) => ({
        id: `nat-${c.h(17)}`,
        state: {
            networkInterfaceId: `eni-${c.h(17, "eni")}`,
            privateIp: `10.0.${parseInt(c.h(2), 16)}.${(parseInt(c.h(2, "ip"), 16) % 250) + 4}`,
        },
    }),
    "aws:ec2/eip:Eip": (c) => {
        const id = `eipalloc-${c.h(17)}`;
        return {
            id,
            state: {
                allocationId: id,
                arn: c.arn("ec2", `elastic-ip/${id}`),
                publicIp: `203.0.113.${(parseInt(c.h(2), 16) % 254) + 1}`,
                domain: "vpc",
            },
        };
    },
    "aws:ec2/routeTable:RouteTable": (c) => {
        const id = `rtb-${c.h(17)}`;
        return { id, state: { arn: c.arn("ec2", `route-table/${id}`), ownerId: ACCOUNT_ID } };
    },
    // Terraform's route id: `r-<route table id><hash of the destination>`.
    "aws:ec2/route:Route": (c) => ({ id: `r-${str(c.inputs["routeTableId"], `rtb-${c.h(17)}`)}${parseInt(c.h(8), 16)}` }),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": (c) => ({ id: `rtbassoc-${c.h(17)}` }),
    "aws:ec2/flowLog:FlowLog": (c) => {
        const id = `fl-${c.h(17)}`;
        return { id, state: { arn: c.arn("ec2", `vpc-flow-log/${id}`) } };
    },
    "aws:s3/bucket:Bucket": (c) => {
        const bucket = str(c.inputs["bucket"], `${c.physical}-${c.h(7)}`);
        return {
            id: bucket,
            state: {
                bucket,
                arn: `arn:aws:s3:::${bucket}`,
                bucketDomainName: `${bucket}.s3.amazonaws.com`,
                bucketRegionalDomainName: `${bucket}.s3.${c.region}.amazonaws.com`,
                hostedZoneId: "Z3AQBSTGFYJSTF",
                region: c.region,
            },
        };
    },
    "aws:cloudfront/distribution:Distribution": (c) => {
        const id = `E${c.h(13).toUpperCase()}`;
        return {
            id,
            state: {
                arn: `arn:aws:cloudfront::${ACCOUNT_ID}:distribution/${id}`,
                domainName: `d${c.h(13)}.cloudfront.net`,
                hostedZoneId: "Z2FDTNDATAQYW2",
                status: "Deployed",
                etag: `E${c.h(13, "etag").toUpperCase()}`,
            },
        };
    },
    "aws:cloudfront/originAccessControl:OriginAccessControl": (c) => {
        const id = `E${c.h(13).toUpperCase()}`;
        return {
            id,
            state: { arn: `arn:aws:cloudfront::${ACCOUNT_ID}:origin-access-control/${id}`, etag: `E${c.h(13, "etag").toUpperCase()}` },
        };
    },
    "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": (c) => {
        const id = uuid(`${c.type}/${c.physical}`);
        return {
            id,
            state: { arn: `arn:aws:cloudfront::${ACCOUNT_ID}:response-headers-policy/${id}`, etag: `E${c.h(13, "etag").toUpperCase()}` },
        };
    },
    "aws:cloudfront/cachePolicy:CachePolicy": (c) => {
        const id = uuid(`${c.type}/${c.physical}`);
        return { id, state: { arn: `arn:aws:cloudfront::${ACCOUNT_ID}:cache-policy/${id}`, etag: `E${c.h(13, "etag").toUpperCase()}` } };
    },
    "aws:cloudfront/function:Function": (c) => ({
        id: c.physical,
        state: {
            arn: `arn:aws:cloudfront::${ACCOUNT_ID}:function/${c.physical}`,
            etag: `E${c.h(13, "etag").toUpperCase()}`,
            status: "UNPUBLISHED",
        },
    }),
    "aws:lb/loadBalancer:LoadBalancer": (c) => {
        const lbName = c.physical.slice(0, 32);
        const suffix = `app/${lbName}/${c.h(16)}`;
        const id = c.arn("elasticloadbalancing", `loadbalancer/${suffix}`);
        return {
            id,
            state: {
                arn: id,
                arnSuffix: suffix,
                dnsName: `${lbName}-${parseInt(c.h(8), 16)}.${c.region}.elb.amazonaws.com`,
                zoneId: "Z35SXDOTRQ7X7K",
            },
        };
    },
    "aws:lb/targetGroup:TargetGroup": (c) => {
        const suffix = `targetgroup/${c.physical.slice(0, 32)}/${c.h(16)}`;
        const id = c.arn("elasticloadbalancing", suffix);
        return { id, state: { arn: id, arnSuffix: suffix } };
    },
    "aws:lb/listener:Listener": (c) => {
        const id = c.arn("elasticloadbalancing", `listener/${lbSuffix(c)}/${c.h(16)}`);
        return { id, state: { arn: id } };
    },
    "aws:kms/key:Key": (c) => {
        const id = uuid(`${c.type}/${c.physical}`);
        return { id, state: { keyId: id, arn: c.arn("kms", `key/${id}`) } };
    },
    "aws:kms/alias:Alias": (c) => ({ id: c.physical, state: { arn: c.arn("kms", c.physical) } }),
    "aws:secretsmanager/secret:Secret": (c) => {
        const id = c.arn("secretsmanager", `secret:${c.physical}-${c.h(6)}`);
        return { id, state: { arn: id } };
    },
    "aws:secretsmanager/secretVersion:SecretVersion": (c) => {
        const versionId = uuid(`${c.type}/${c.physical}`);
        const secret = str(c.inputs["secretId"], c.arn("secretsmanager", `secret:${c.physical}-${c.h(6)}`));
        return { id: `${secret}|${versionId}`, state: { arn: secret, versionId, versionStages: ["AWSCURRENT"] } };
    },
    "aws:acm/certificate:Certificate": (c) => {
        const id = c.arn("acm", `certificate/${uuid(`${c.type}/${c.physical}`)}`);
        // ACM returns one validation entry per name; `*.x` and `x` share the same record.
        const sans = Array.isArray(c.inputs["subjectAlternativeNames"])
            ? c.inputs["subjectAlternativeNames"].filter((n): n is string => typeof n === "string")
            : [];
        const names = [str(c.inputs["domainName"], c.physical), ...sans];
        const domainValidationOptions = names.map((domainName) => {
            const base = domainName.replace(/^\*\./, "");
            return {
                domainName,
                resourceRecordName: `_${hex(base, 32)}.${base}.`,
                resourceRecordType: "CNAME",
                resourceRecordValue: `_${hex(`${base}/value`, 32)}.acm-validations.aws.`,
            };
        });
        return { id, state: { arn: id, domainValidationOptions, status: "PENDING_VALIDATION" } };
    },
    "aws:acm/certificateValidation:CertificateValidation": (c) => ({ id: str(c.inputs["certificateArn"], TIMESTAMP) }),
    "aws:route53/zone:Zone": (c) => {
        const id = hostedZoneId(c.h(13));
        return { id, state: { zoneId: id, arn: `arn:aws:route53:::hostedzone/${id}`, nameServers: awsNameServers(c.h(4)) } };
    },
    "aws:route53/record:Record": (c) => ({
        id: `${str(c.inputs["zoneId"], "Z0")}_${str(c.inputs["name"], c.physical)}_${str(c.inputs["type"], "A")}`,
        state: { fqdn: str(c.inputs["name"], c.physical).replace(/\.$/, "") },
    }),
    "aws:route53/healthCheck:HealthCheck": (c) => {
        const id = uuid(`${c.type}/${c.physical}`);
        return { id, state: { arn: `arn:aws:route53:::healthcheck/${id}` } };
    },
    "aws:cloudwatch/logGroup:LogGroup": (c) => ({ id: c.physical, state: { arn: c.arn("logs", `log-group:${c.physical}`) } }),
    "aws:cloudwatch/metricAlarm:MetricAlarm": (c) => {
        const alarm = str(c.inputs["name"], c.physical);
        return { id: alarm, state: { arn: c.arn("cloudwatch", `alarm:${alarm}`) } };
    },
    "aws:cloudwatch/dashboard:Dashboard": (c) => {
        const dashboard = str(c.inputs["dashboardName"], c.physical);
        return { id: dashboard, state: { dashboardArn: c.arn("cloudwatch", `dashboard/${dashboard}`, "") } };
    },
    "aws:cloudwatch/eventRule:EventRule": (c) => ({ id: c.physical, state: { arn: c.arn("events", `rule/${c.physical}`) } }),
    "aws:sns/topic:Topic": (c) => {
        const id = c.arn("sns", c.physical);
        return { id, state: { arn: id, owner: ACCOUNT_ID } };
    },
    "aws:sns/topicPolicy:TopicPolicy": (c) => ({ id: str(c.inputs["arn"], c.arn("sns", c.physical)), state: { owner: ACCOUNT_ID } }),
    "aws:sns/topicSubscription:TopicSubscription": (c) => {
        const id = `${str(c.inputs["topic"], c.arn("sns", c.physical))}:${uuid(`${c.type}/${c.physical}`)}`;
        return { id, state: { arn: id, ownerId: ACCOUNT_ID } };
    },
    "aws:sqs/queue:Queue": (c) => ({
        id: `https://sqs.${c.region}.amazonaws.com/${ACCOUNT_ID}/${c.physical}`,
        state: { arn: c.arn("sqs", c.physical), url: `https://sqs.${c.region}.amazonaws.com/${ACCOUNT_ID}/${c.physical}` },
    }),
    "aws:lambda/function:Function": (c) => ({
        id: c.physical,
        state: {
            arn: c.arn("lambda", `function:${c.physical}`),
            invokeArn: `arn:aws:apigateway:${c.region}:lambda:path/2015-03-31/functions/${c.arn("lambda", `function:${c.physical}`)}/invocations`,
        },
    }),
    "aws:dynamodb/table:Table": (c) => ({ id: c.physical, state: { arn: c.arn("dynamodb", `table/${c.physical}`) } }),
    "aws:ecr/repository:Repository": (c) => ({
        id: c.physical,
        state: {
            arn: c.arn("ecr", `repository/${c.physical}`),
            registryId: ACCOUNT_ID,
            repositoryUrl: `${ACCOUNT_ID}.dkr.ecr.${c.region}.amazonaws.com/${c.physical}`,
        },
    }),
    "aws:ssm/parameter:Parameter": (c) => ({
        id: c.physical,
        state: { arn: c.arn("ssm", `parameter/${c.physical.replace(/^\//, "")}`), version: 1 },
    }),
    // IAM is global: no region in its ARNs; a role's, policy's or user's id is its name.
    "aws:iam/role:Role": (c) => {
        const rolePath = str(c.inputs["path"], "/");
        return {
            id: c.physical,
            state: {
                arn: c.arn("iam", `role${rolePath}${c.physical}`, ""),
                uniqueId: `AROA${c.h(17).toUpperCase()}`,
                createDate: TIMESTAMP,
            },
        };
    },
    "aws:iam/policy:Policy": (c) => {
        const arn = c.arn("iam", `policy${str(c.inputs["path"], "/")}${c.physical}`, "");
        return { id: arn, state: { arn, policyId: `ANPA${c.h(17).toUpperCase()}` } };
    },
    // An OIDC provider is named by its URL without the scheme: `oidc-provider/token.actions.githubusercontent.com`.
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (c) => {
        const arn = c.arn("iam", `oidc-provider/${str(c.inputs["url"], c.physical).replace(/^https:\/\//, "")}`, "");
        return { id: arn, state: { arn } };
    },
    "aws:iam/user:User": (c) => ({
        id: c.physical,
        state: { arn: c.arn("iam", `user${str(c.inputs["path"], "/")}${c.physical}`, ""), uniqueId: `AIDA${c.h(17).toUpperCase()}` },
    }),
    "aws:iam/rolePolicy:RolePolicy": (c) => ({ id: `${nameOf(c.inputs["role"], "role")}:${c.physical}` }),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": (c) => ({ id: `${nameOf(c.inputs["role"], "role")}-${c.h(20)}` }),
    "aws:ecs/cluster:Cluster": (c) => {
        const id = c.arn("ecs", `cluster/${c.physical}`);
        return { id, state: { arn: id } };
    },
    "aws:ecs/service:Service": (c) => ({ id: c.arn("ecs", `service/${nameOf(c.inputs["cluster"], "default")}/${c.physical}`) }),
    "aws:ecs/taskDefinition:TaskDefinition": (c) => {
        const family = str(c.inputs["family"], c.physical);
        const withoutRevision = c.arn("ecs", `task-definition/${family}`);
        return { id: family, state: { family, revision: 1, arn: `${withoutRevision}:1`, arnWithoutRevision: withoutRevision } };
    },
    "aws:appautoscaling/target:Target": (c) => ({
        id: str(c.inputs["resourceId"], c.physical),
        state: {
            arn: c.arn("application-autoscaling", `scalable-target/${c.h(4)}${c.h(28, "target")}`),
            roleArn: c.arn(
                "iam",
                "role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService",
                "",
            ),
        },
    }),
    "aws:appautoscaling/policy:Policy": (c) => ({
        id: c.physical,
        state: {
            arn: c.arn(
                "autoscaling",
                `scalingPolicy:${uuid(`${c.type}/${c.physical}`)}:resource/${str(c.inputs["serviceNamespace"], "ecs")}/${str(c.inputs["resourceId"], c.physical)}:policyName/${c.physical}`,
            ),
        },
    }),
    "aws:budgets/budget:Budget": (c) => ({
        id: `${ACCOUNT_ID}:${c.physical}`,
        state: { arn: c.arn("budgets", `budget/${c.physical}`, ""), accountId: ACCOUNT_ID },
    }),
    "aws:rds/instance:Instance": (c) => {
        const identifier = str(c.inputs["identifier"], `${c.physical}-${c.h(7)}`);
        const resourceId = `db-${c.h(26).toUpperCase()}`;
        const address = `${identifier}.c${c.h(11)}.${c.region}.rds.amazonaws.com`;
        const port = typeof c.inputs["port"] === "number" ? c.inputs["port"] : 5432;
        const masterUserSecrets = c.inputs["manageMasterUserPassword"]
            ? [
                  {
                      secretArn: c.arn("secretsmanager", `secret:rds!${resourceId.toLowerCase()}-${c.h(6)}`),
                      secretStatus: "active",
                      kmsKeyId: str(c.inputs["masterUserSecretKmsKeyId"], c.arn("kms", `key/${uuid(`${c.type}/${c.physical}/secret`)}`)),
                  },
              ]
            : [];
        // Since provider v5 (Terraform AWS 5.0) an instance's id is its DbiResourceId, not its identifier.
        return {
            id: resourceId,
            state: {
                identifier,
                resourceId,
                arn: c.arn("rds", `db:${identifier}`),
                address,
                endpoint: `${address}:${port}`,
                port,
                hostedZoneId: "Z2R2ITUGPM61AM",
                masterUserSecrets,
            },
        };
    },
    "aws:rds/parameterGroup:ParameterGroup": (c) => ({ id: c.physical, state: { arn: c.arn("rds", `pg:${c.physical}`) } }),
    "aws:rds/subnetGroup:SubnetGroup": (c) => ({ id: c.physical, state: { arn: c.arn("rds", `subgrp:${c.physical}`) } }),
    "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": (c) => {
        const id = c.arn("rds", `auto-backup:ab-${c.h(26)}`);
        return { id, state: {} };
    },
    "aws:elasticache/replicationGroup:ReplicationGroup": (c) => {
        const groupId = str(c.inputs["replicationGroupId"], `${c.physical}-${c.h(6)}`);
        const count = typeof c.inputs["numCacheClusters"] === "number" ? c.inputs["numCacheClusters"] : 1;
        const host = `${c.h(6)}.${c.region.replace(/-/g, "")}.cache.amazonaws.com`;
        return {
            id: groupId,
            state: {
                arn: c.arn("elasticache", `replicationgroup:${groupId}`),
                primaryEndpointAddress: `master.${groupId}.${host}`,
                readerEndpointAddress: `replica.${groupId}.${host}`,
                memberClusters: Array.from({ length: count }, (_, i) => `${groupId}-00${i + 1}`),
            },
        };
    },
    "aws:elasticache/parameterGroup:ParameterGroup": (c) => ({
        id: c.physical,
        state: { arn: c.arn("elasticache", `parametergroup:${c.physical}`) },
    }),
    "aws:elasticache/subnetGroup:SubnetGroup": (c) => ({
        id: c.physical,
        state: { arn: c.arn("elasticache", `subnetgroup:${c.physical}`) },
    }),
    "aws:wafv2/webAcl:WebAcl": (c) => {
        const id = uuid(`${c.type}/${c.physical}`);
        const scope = c.inputs["scope"] === "CLOUDFRONT" ? "global" : "regional";
        return {
            id,
            state: {
                arn: c.arn("wafv2", `${scope}/webacl/${c.physical}/${id}`, scope === "global" ? "us-east-1" : c.region),
                capacity: 700,
                lockToken: uuid(`${c.type}/${c.physical}/lock`),
            },
        };
    },
    "aws:wafv2/webAclAssociation:WebAclAssociation": (c) => ({
        id: `${str(c.inputs["webAclArn"], "webacl")},${str(c.inputs["resourceArn"], "resource")}`,
    }),
    "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": (c) => ({ id: str(c.inputs["resourceArn"], c.physical) }),
};

function securityGroupRule(c: AwsContext): Computed {
    const id = `sgr-${c.h(17)}`;
    return { id, state: { arn: c.arn("ec2", `security-group-rule/${id}`), securityGroupRuleId: id } };
}

const TIMESTAMP = "2025-01-01T00:00:00Z";

/** A Route 53 hosted zone id: `Z` and 13 upper-case letters or digits. */
export function hostedZoneId(seed: string): string {
    return `Z${hex(seed, 13).toUpperCase()}`;
}

/** The four name servers Route 53 gives a zone (one each under .com, .net, .org, .co.uk). */
export function awsNameServers(seed: string): string[] {
    const n = parseInt(seed, 16) % 2048;
    return [
        `ns-${n}.awsdns-${n % 64}.com`,
        `ns-${n + 512}.awsdns-${n % 64}.net`,
        `ns-${n + 1024}.awsdns-${n % 64}.org`,
        `ns-${n + 1536}.awsdns-${n % 64}.co.uk`,
    ];
}

/** Ids of the forms EC2 uses (`vpc-`, `subnet-`, ...) by property name, for outputs the table above leaves out. */
const EC2_ID_PREFIXES: [RegExp, string][] = [
    [/^vpcid$/i, "vpc"],
    [/subnetid$/i, "subnet"],
    [/securitygroupid$/i, "sg"],
    [/routetableid$/i, "rtb"],
    [/networkinterfaceid$/i, "eni"],
    [/^allocationid$/i, "eipalloc"],
    [/^associationid$/i, "eipassoc"],
    [/(imageid|^amiid)$/i, "ami"],
    [/^instanceid$/i, "i"],
    [/snapshotid$/i, "snap"],
    [/volumeid$/i, "vol"],
    [/(^|internet)gatewayid$/i, "igw"],
    [/natgatewayid$/i, "nat"],
    [/networkaclid$/i, "acl"],
];

/** Provider-specific strings for {@link fillFields}: ARNs and ids in AWS's formats. */
export function awsSpecial(c: AwsContext, state: State): (property: string) => string | undefined {
    return (property) => {
        const p = property.toLowerCase();
        if (p === "arn") return genericArn(c);
        if (p === "ownerid" || p === "accountid" || p === "owner" || p === "registryid") return ACCOUNT_ID;
        if (p === "hostedzoneid" || p === "zoneid") return hostedZoneId(c.h(13, property));
        for (const [pattern, prefix] of EC2_ID_PREFIXES) if (pattern.test(property)) return `${prefix}-${c.h(17, property)}`;
        if (p === "uniqueid") return `AROA${c.h(17).toUpperCase()}`;
        if (p.endsWith("arn") && typeof state["arn"] === "string") return "";
        return undefined;
    };
}

/** `arn:aws:<service>:<region>:<account>:<kind>/<name>`, for types without an entry in the table. */
function genericArn(c: AwsContext): string {
    const service = arnService(c.type);
    const kind = (c.type.split(":")[2] ?? "resource").replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
    return c.arn(service, `${kind}/${c.physical}`, service === "iam" ? "" : undefined);
}

export function awsContext(args: pulumi.runtime.MockResourceArgs, region: string): AwsContext {
    const inputs = args.inputs as Record<string, unknown>;
    const regionOf = str(inputs["region"], region);
    const name = str(inputs["name"], args.name);
    return {
        type: args.type,
        physical: name,
        inputs,
        region: regionOf,
        h: (n, salt = "") => hex(`${args.type}/${args.name}${salt}`, n),
        arn: (service, resource, r = regionOf) => `arn:aws:${service}:${r}:${ACCOUNT_ID}:${resource}`,
    };
}

export function mockAwsOutputs(args: pulumi.runtime.MockResourceArgs, region: string): { id: string; state: State } {
    const c = awsContext(args, region);
    const state: State = { ...c.inputs };
    const computed = RESOURCES[args.type]?.(c) ?? { id: `${c.physical}-${c.h(8)}`, state: { arn: genericArn(c) } };
    Object.assign(state, computed.state);
    if (c.inputs["tags"] !== undefined) state["tagsAll"] = c.inputs["tags"];
    return { id: computed.id, state };
}
