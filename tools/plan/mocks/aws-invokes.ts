import type * as pulumi from "@pulumi/pulumi";
import { ACCOUNT_ID, awsNameServers, hostedZoneId } from "./aws";
import { uuid } from "./fill";
import { hex, str, type State } from "./util";

/**
 * AWS data sources (invokes) answered as the provider would: the account, region and partition of the plan, the
 * region's availability zones, a current AMI, the default VPC and its subnets, SSM parameters, hosted zones, and IAM
 * policy documents computed from their statements. Fields not set here come from the function's `Get*Result`
 * declaration (`mocks/index.ts`). `undefined` for tokens this module does not model.
 */

/** The region code inside an availability zone id: `us-east-1` → `use1` (`use1-az1`). */
function zoneIdPrefix(region: string): string {
    const [geo = "", direction = "", number = ""] = region.split("-");
    const d =
        { north: "n", south: "s", east: "e", west: "w", central: "c", northeast: "ne", northwest: "nw", southeast: "se", southwest: "sw" }[
            direction
        ] ?? direction.charAt(0);
    return `${geo}${d}${number}`;
}

/**
 * The Elastic Load Balancing account per region that writes access logs (hashicorp/terraform-provider-aws,
 * `internal/service/elb/service_account_data_source.go`, `accountIDPerRegionMap`).
 */
const ELB_ACCOUNTS: Record<string, string> = {
    "af-south-1": "098369216593",
    "ap-east-1": "754344448648",
    "ap-northeast-1": "582318560864",
    "ap-northeast-2": "600734575887",
    "ap-northeast-3": "383597477331",
    "ap-south-1": "718504428378",
    "ap-southeast-1": "114774131450",
    "ap-southeast-2": "783225319266",
    "ap-southeast-3": "589379963580",
    "ca-central-1": "985666609251",
    "eu-central-1": "054676820928",
    "eu-north-1": "897822967062",
    "eu-south-1": "635631232127",
    "eu-west-1": "156460612806",
    "eu-west-2": "652711504416",
    "eu-west-3": "009996457667",
    "me-south-1": "076674570225",
    "sa-east-1": "507241528517",
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-west-1": "027434742980",
    "us-west-2": "797873946194",
};

function strings(value: unknown): string[] {
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : typeof value === "string" ? [value] : [];
}

function records(value: unknown): Record<string, unknown>[] {
    return Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => v !== null && typeof v === "object") : [];
}

/** One string as itself, several sorted in reverse, as the provider writes a set (`policyDecodeConfigStrings`). */
function setValue(values: string[]): string | string[] {
    return values.length === 1 ? (values[0] ?? "") : [...values].sort().reverse();
}

/** Object keys in Go's `encoding/json` order (sorted), which is how the provider writes maps. */
function sortedKeys<T>(object: Record<string, T>): Record<string, T> {
    return Object.fromEntries(Object.entries(object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function principalsOf(value: unknown): unknown {
    const list = records(value);
    if (list.length === 0) return undefined;
    const first = list[0];
    if (list.length === 1 && first?.["type"] === "*" && strings(first["identifiers"]).join() === "*") return "*";
    const out: Record<string, string | string[]> = {};
    for (const p of list) {
        const type = str(p["type"], "AWS");
        const ids = setValue(strings(p["identifiers"]));
        const existing = out[type];
        out[type] = existing === undefined ? ids : [...strings(existing), ...strings(ids)];
    }
    return sortedKeys(out);
}

function conditionsOf(value: unknown): unknown {
    const list = records(value);
    if (list.length === 0) return undefined;
    const out: Record<string, Record<string, string[]>> = {};
    for (const c of list) {
        const test = (out[str(c["test"], "StringEquals")] ??= {});
        (test[str(c["variable"], "")] ??= []).push(...strings(c["values"]));
    }
    return sortedKeys(
        Object.fromEntries(
            Object.entries(out).map(([test, vars]) => [
                test,
                sortedKeys(Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, v.length === 1 ? v[0] : v]))),
            ]),
        ),
    );
}

interface PolicyStatement {
    Sid?: string;
    [key: string]: unknown;
}

/** A statement of `aws.iam.getPolicyDocument` in IAM's JSON, field by field as the provider's `iamPolicyStatement`. */
function statementOf(s: Record<string, unknown>): PolicyStatement {
    const out: PolicyStatement = {};
    const set = (key: string, value: unknown) => {
        if (value !== undefined && !(Array.isArray(value) && value.length === 0) && value !== "") out[key] = value;
    };
    set("Sid", str(s["sid"], ""));
    set("Effect", str(s["effect"], "Allow"));
    const list = (key: string) => (strings(s[key]).length > 0 ? setValue(strings(s[key])) : undefined);
    set("Action", list("actions"));
    set("NotAction", list("notActions"));
    set("Resource", list("resources"));
    set("NotResource", list("notResources"));
    set("Principal", principalsOf(s["principals"]));
    set("NotPrincipal", principalsOf(s["notPrincipals"]));
    set("Condition", conditionsOf(s["conditions"]));
    return out;
}

/** Merges statements the way the provider's `iamPolicyDoc.Merge` does: a later statement replaces one with its Sid. */
function merge(into: PolicyStatement[], statements: PolicyStatement[]): void {
    for (const statement of statements) {
        const at = statement.Sid ? into.findIndex((s) => s.Sid === statement.Sid) : -1;
        if (at >= 0) into[at] = statement;
        else into.push(statement);
    }
}

function parsedStatements(documents: unknown): PolicyStatement[] {
    return strings(documents).flatMap((json): PolicyStatement[] => {
        try {
            const doc = JSON.parse(json) as { Statement?: unknown };
            if (Array.isArray(doc.Statement)) return records(doc.Statement);
            return doc.Statement !== null && typeof doc.Statement === "object" ? [doc.Statement as PolicyStatement] : [];
        } catch {
            return [];
        }
    });
}

/**
 * `aws.iam.getPolicyDocument` computed as the provider does (hashicorp/terraform-provider-aws,
 * `internal/service/iam/policy_document_data_source.go` and `policy_model.go`): version 2012-10-17 unless given,
 * source documents, then the statements, then override documents merged by Sid; `json` indented by two spaces.
 */
export function policyDocument(inputs: Record<string, unknown>): { json: string; minifiedJson: string; id: string } {
    const statements: PolicyStatement[] = [];
    merge(statements, parsedStatements(inputs["sourcePolicyDocuments"]));
    merge(statements, records(inputs["statements"]).map(statementOf));
    merge(statements, parsedStatements(inputs["overridePolicyDocuments"]));
    const doc: Record<string, unknown> = { Version: str(inputs["version"], "2012-10-17") };
    if (typeof inputs["policyId"] === "string" && inputs["policyId"]) doc["Id"] = inputs["policyId"];
    if (statements.length > 0) doc["Statement"] = statements;
    const json = JSON.stringify(doc, null, 2);
    return { json, minifiedJson: JSON.stringify(doc), id: String(parseInt(hex(json, 8), 16)) };
}

export function mockAwsCall(args: pulumi.runtime.MockCallArgs, region: string): State | undefined {
    const inputs = args.inputs as Record<string, unknown>;
    const at = str(inputs["region"], region);
    const h = (n: number, salt = "") => hex(`${args.token}/${JSON.stringify(inputs)}${salt}`, n);
    const arn = (service: string, resource: string, r = at) => `arn:aws:${service}:${r}:${ACCOUNT_ID}:${resource}`;
    const filterValue = (name: string) => records(inputs["filters"]).find((f) => f["name"] === name)?.["values"];
    switch (args.token) {
        case "aws:index/getAvailabilityZones:getAvailabilityZones": {
            const names = ["a", "b", "c", "d"].map((s) => `${at}${s}`);
            return {
                names,
                zoneIds: names.map((_, i) => `${zoneIdPrefix(at)}-az${i + 1}`),
                groupNames: [at],
                state: str(inputs["state"], "available"),
                id: at,
                region: at,
            };
        }
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: ACCOUNT_ID, arn: `arn:aws:iam::${ACCOUNT_ID}:user/plan`, userId: "AIDAPLANPLANPLANPLAN", id: ACCOUNT_ID };
        case "aws:index/getRegion:getRegion":
            return { name: at, region: at, id: at, endpoint: `ec2.${at}.amazonaws.com`, description: at };
        case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" };
        case "aws:iam/getPolicyDocument:getPolicyDocument":
            return policyDocument(inputs);
        case "aws:elb/getServiceAccount:getServiceAccount":
        case "aws:lb/getServiceAccount:getServiceAccount": {
            const account = ELB_ACCOUNTS[at] ?? ELB_ACCOUNTS["us-east-1"] ?? "";
            return { arn: `arn:aws:iam::${account}:root`, id: account, region: at };
        }
        case "aws:ec2/getAmi:getAmi": {
            const id = `ami-${h(17)}`;
            const name = str(
                strings(filterValue("name"))[0]?.replace(/\*/g, "2025.01.01"),
                `al2023-ami-2023.6.20250101.0-kernel-6.1-x86_64`,
            );
            const architecture = str(strings(filterValue("architecture"))[0], "x86_64");
            // Owner aliases as EC2 resolves them: `amazon` is Amazon's own account, `self` the caller's.
            const alias = str(strings(inputs["owners"])[0], "amazon");
            const owner = alias === "amazon" ? "137112412989" : alias === "self" ? ACCOUNT_ID : alias;
            return {
                id,
                imageId: id,
                arn: `arn:aws:ec2:${at}::image/${id}`,
                name,
                architecture,
                ownerId: owner,
                imageOwnerAlias: owner === "137112412989" ? "amazon" : "",
                imageLocation: `${owner === "137112412989" ? "amazon" : owner}/${name}`,
                creationDate: "2025-01-01T00:00:00.000Z",
                state: "available",
                rootDeviceName: "/dev/xvda",
                rootDeviceType: "ebs",
                rootSnapshotId: `snap-${h(17, "snap")}`,
                virtualizationType: "hvm",
                hypervisor: "xen",
                enaSupport: true,
                public: true,
                imageType: "machine",
                platformDetails: "Linux/UNIX",
                usageOperation: "RunInstances",
                bootMode: "uefi-preferred",
                imdsSupport: "v2.0",
                blockDeviceMappings: [
                    {
                        deviceName: "/dev/xvda",
                        ebs: {
                            delete_on_termination: "true",
                            encrypted: "false",
                            snapshot_id: `snap-${h(17, "snap")}`,
                            volume_size: "8",
                            volume_type: "gp3",
                        },
                        noDevice: "",
                        virtualName: "",
                    },
                ],
            };
        }
        case "aws:ec2/getVpc:getVpc": {
            const id = str(inputs["id"], `vpc-${h(17)}`);
            return {
                id,
                arn: arn("ec2", `vpc/${id}`),
                cidrBlock: str(inputs["cidrBlock"], "172.31.0.0/16"),
                default: inputs["default"] === true,
                state: "available",
                ownerId: ACCOUNT_ID,
                mainRouteTableId: `rtb-${h(17, "rtb")}`,
                dhcpOptionsId: `dopt-${h(17, "dopt")}`,
                instanceTenancy: "default",
                enableDnsHostnames: true,
                enableDnsSupport: true,
                cidrBlockAssociations: [
                    {
                        associationId: `vpc-cidr-assoc-${h(17, "assoc")}`,
                        cidrBlock: str(inputs["cidrBlock"], "172.31.0.0/16"),
                        state: "associated",
                    },
                ],
                region: at,
            };
        }
        case "aws:ec2/getSubnets:getSubnets": {
            const vpc = strings(filterValue("vpc-id"))[0] ?? "default";
            return { id: at, ids: ["a", "b", "c"].map((az) => `subnet-${hex(`${vpc}/${az}`, 17)}`), region: at };
        }
        case "aws:ec2/getSubnet:getSubnet": {
            const id = str(inputs["id"], `subnet-${h(17)}`);
            return {
                id,
                arn: arn("ec2", `subnet/${id}`),
                vpcId: str(inputs["vpcId"], `vpc-${h(17, "vpc")}`),
                availabilityZone: `${at}a`,
                availabilityZoneId: `${zoneIdPrefix(at)}-az1`,
                cidrBlock: str(inputs["cidrBlock"], "172.31.0.0/20"),
                state: "available",
                ownerId: ACCOUNT_ID,
                defaultForAz: inputs["defaultForAz"] === true,
                mapPublicIpOnLaunch: false,
            };
        }
        case "aws:ssm/getParameter:getParameter": {
            const name = str(inputs["name"], "/plan/parameter");
            // The public AMI parameters (`/aws/service/ami-amazon-linux-latest/...`) hold an AMI id.
            const value = name.startsWith("/aws/service/") && name.includes("ami") ? `ami-${hex(name, 17)}` : `plan-value-${hex(name, 8)}`;
            return {
                id: name,
                name,
                arn: arn("ssm", `parameter/${name.replace(/^\//, "")}`),
                type: "String",
                value,
                insecureValue: value,
                version: 1,
                withDecryption: inputs["withDecryption"] !== false,
                region: at,
            };
        }
        case "aws:route53/getZone:getZone": {
            const name = str(inputs["name"], "example.com").replace(/\.$/, "");
            const id = str(inputs["zoneId"], hostedZoneId(`zone/${name}`));
            return {
                id,
                zoneId: id,
                name,
                arn: `arn:aws:route53:::hostedzone/${id}`,
                callerReference: uuid(`zone/${name}`),
                comment: "",
                nameServers: awsNameServers(hex(name, 4)),
                primaryNameServer: awsNameServers(hex(name, 4))[0],
                privateZone: inputs["privateZone"] === true,
                resourceRecordSetCount: 2,
                tags: {},
            };
        }
        case "aws:acm/getCertificate:getCertificate": {
            const domain = str(inputs["domain"], "example.com");
            return {
                id: arn("acm", `certificate/${uuid(`certificate/${domain}`)}`),
                arn: arn("acm", `certificate/${uuid(`certificate/${domain}`)}`),
                domain,
                status: "ISSUED",
                statuses: ["ISSUED"],
                types: ["AMAZON_ISSUED"],
                keyTypes: ["RSA_2048"],
            };
        }
        case "aws:kms/getKey:getKey":
        case "aws:kms/getAlias:getAlias": {
            const keyId = uuid(`kms/${str(inputs["keyId"], str(inputs["name"], "key"))}`);
            const alias = str(inputs["name"], "");
            return {
                id: alias ? arn("kms", alias) : keyId,
                arn: alias ? arn("kms", alias) : arn("kms", `key/${keyId}`),
                name: alias,
                keyId,
                targetKeyId: keyId,
                targetKeyArn: arn("kms", `key/${keyId}`),
                keyState: "Enabled",
                enabled: true,
            };
        }
        case "aws:secretsmanager/getSecret:getSecret": {
            const name = str(inputs["name"], "secret");
            const secretArn = str(inputs["arn"], arn("secretsmanager", `secret:${name}-${hex(name, 6)}`));
            return { id: secretArn, arn: secretArn, name };
        }
        case "aws:iam/getRole:getRole": {
            const name = str(inputs["name"], "role");
            return {
                id: name,
                name,
                arn: `arn:aws:iam::${ACCOUNT_ID}:role/${name}`,
                uniqueId: `AROA${hex(name, 17).toUpperCase()}`,
                path: "/",
            };
        }
        default:
            return undefined;
    }
}
