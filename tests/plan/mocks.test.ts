import * as aws from "@pulumi/aws";
import { describe, expect, it } from "vitest";
import { mockCall, mockOutputs, takeMockWarnings } from "../../tools/plan/mocks";
import { policyDocument } from "../../tools/plan/mocks/aws-invokes";
import { providerShapes } from "../../tools/plan/shapes";
import { plan } from "../support/plan";

/**
 * The plan's mocks answer like the providers: invokes return every field of their declared `Get*Result` with
 * realistic values, resources every output their class declares, ids and ARNs in each service's own format.
 */
const resource = (type: string, name: string, inputs: Record<string, unknown> = {}) =>
    mockOutputs({ type, name, inputs, custom: true }, "us-east-1");
const call = (token: string, inputs: Record<string, unknown> = {}) => mockCall({ token, inputs }, "us-east-1");

describe("inputs built from invokes", () => {
    it("gives an instance a real-looking AMI id from getAmi, and a record the zone id from getZone", async () => {
        const p = await plan(() => {
            const ami = aws.ec2.getAmiOutput({
                mostRecent: true,
                owners: ["amazon"],
                filters: [{ name: "name", values: ["al2023-ami-*-x86_64"] }],
            });
            const server = new aws.ec2.Instance("server", { ami: ami.id, instanceType: "t3.micro" });
            const zone = aws.route53.getZoneOutput({ name: "example.com" });
            new aws.route53.Record("www", {
                zoneId: zone.zoneId,
                name: "www.example.com",
                type: "A",
                ttl: 300,
                records: [server.publicIp],
            });
        });
        expect(p.inputs("aws:ec2/instance:Instance")["ami"]).toMatch(/^ami-[0-9a-f]{17}$/);
        expect(p.inputs("aws:route53/record:Record")["zoneId"]).toMatch(/^Z[0-9A-Z]{13}$/);
        // An instance's `publicIp` is a declared output, so the record has a value, not a hole.
        expect(p.inputs("aws:route53/record:Record")["records"]).toEqual([expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/)]);
    });

    it("returns every non-optional field of the declared result, for the common data sources", () => {
        for (const token of [
            "aws:index/getAvailabilityZones:getAvailabilityZones",
            "aws:ec2/getAmi:getAmi",
            "aws:ec2/getVpc:getVpc",
            "aws:ec2/getSubnets:getSubnets",
            "aws:index/getCallerIdentity:getCallerIdentity",
            "aws:ssm/getParameter:getParameter",
            "aws:route53/getZone:getZone",
            "cloudflare:index/getZone:getZone",
            "gcp:organizations/getProject:getProject",
            "gcp:organizations/getClientConfig:getClientConfig",
        ]) {
            const declared = providerShapes(token)?.invokeResult(token) ?? [];
            expect(declared.length, token).toBeGreaterThan(0);
            const result = call(token, { name: "example.com" });
            for (const field of declared.filter((f) => !f.optional)) expect(result[field.name], `${token} ${field.name}`).toBeDefined();
        }
        expect(takeMockWarnings()).toEqual([]);
    });

    it("answers the availability zones, the default VPC's subnets and SSM's AMI parameters realistically", () => {
        expect(call("aws:index/getAvailabilityZones:getAvailabilityZones")).toMatchObject({
            names: ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"],
            zoneIds: ["use1-az1", "use1-az2", "use1-az3", "use1-az4"],
        });
        expect(call("aws:ec2/getSubnets:getSubnets", { filters: [{ name: "vpc-id", values: ["vpc-1"] }] })["ids"]).toEqual([
            expect.stringMatching(/^subnet-/),
            expect.stringMatching(/^subnet-/),
            expect.stringMatching(/^subnet-/),
        ]);
        expect(
            call("aws:ssm/getParameter:getParameter", { name: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64" })[
                "value"
            ],
        ).toMatch(/^ami-/);
        expect(call("cloudflare:index/getZone:getZone", { filter: { name: "acme.com" } })).toMatchObject({
            name: "acme.com",
            zoneId: expect.stringMatching(/^[0-9a-f]{32}$/),
            status: "active",
        });
    });

    it("names an invoke it cannot model in a warning, and still answers with the declared shape", () => {
        takeMockWarnings();
        const result = call("aws:ec2/getInstanceType:getInstanceType", { instanceType: "t3.micro" });
        expect(result["defaultVcpus"]).toBe(0);
        expect(result["instanceType"]).toBe("t3.micro");
        expect(takeMockWarnings()).toEqual([expect.stringContaining("`aws:ec2/getInstanceType:getInstanceType`")]);
    });
});

describe("aws.iam.getPolicyDocument", () => {
    // hashicorp/terraform-provider-aws internal/service/iam/policy_document_data_source.go (version default, Merge,
    // MarshalIndent with two spaces) and policy_model.go (policyDecodeConfigStrings: one value as a string, several
    // sorted in reverse; principals and conditions keyed by type and test).
    it("computes the JSON from the statements as the provider does", () => {
        const { json } = policyDocument({
            statements: [
                {
                    sid: "Read",
                    actions: ["s3:GetObject", "s3:ListBucket"],
                    resources: ["arn:aws:s3:::b/*"],
                    principals: [{ type: "Service", identifiers: ["cloudfront.amazonaws.com"] }],
                    conditions: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] }],
                },
                { effect: "Deny", actions: ["s3:*"], principals: [{ type: "*", identifiers: ["*"] }], resources: ["arn:aws:s3:::b/*"] },
            ],
        });
        expect(json).toContain('\n  "Version": "2012-10-17"');
        expect(JSON.parse(json)).toEqual({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "Read",
                    Effect: "Allow",
                    Action: ["s3:ListBucket", "s3:GetObject"],
                    Resource: "arn:aws:s3:::b/*",
                    Principal: { Service: "cloudfront.amazonaws.com" },
                    Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
                },
                { Effect: "Deny", Action: "s3:*", Resource: "arn:aws:s3:::b/*", Principal: "*" },
            ],
        });
    });

    it("lets override documents replace a statement with the same Sid", () => {
        const override = JSON.stringify({ Statement: [{ Sid: "Read", Effect: "Deny", Action: "s3:*", Resource: "*" }] });
        const doc = JSON.parse(
            policyDocument({
                statements: [{ sid: "Read", actions: ["s3:GetObject"], resources: ["*"] }],
                overridePolicyDocuments: [override],
            }).json,
        );
        expect(doc.Statement).toEqual([{ Sid: "Read", Effect: "Deny", Action: "s3:*", Resource: "*" }]);
    });
});

describe("resource outputs", () => {
    it("uses each service's real ARN format and id", () => {
        expect(resource("aws:cloudwatch/logGroup:LogGroup", "logs", { name: "/aws/app" }).state["arn"]).toBe(
            "arn:aws:logs:us-east-1:123456789012:log-group:/aws/app",
        );
        const topic = resource("aws:sns/topic:Topic", "t", { name: "alarms" });
        expect([topic.id, topic.state["arn"]]).toEqual([
            "arn:aws:sns:us-east-1:123456789012:alarms",
            "arn:aws:sns:us-east-1:123456789012:alarms",
        ]);
        expect(resource("aws:cloudwatch/metricAlarm:MetricAlarm", "a", { name: "cpu" }).state["arn"]).toBe(
            "arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu",
        );
        const role = resource("aws:iam/role:Role", "r", { name: "app-task" });
        expect([role.id, role.state["arn"]]).toEqual(["app-task", "arn:aws:iam::123456789012:role/app-task"]);
        expect(resource("aws:ecs/taskDefinition:TaskDefinition", "td", { family: "api" }).state["arn"]).toBe(
            "arn:aws:ecs:us-east-1:123456789012:task-definition/api:1",
        );
    });

    it("has every output the resource class declares, unless it is an optional argument left unset", () => {
        for (const type of [
            "aws:rds/instance:Instance",
            "aws:lb/loadBalancer:LoadBalancer",
            "gcp:cloudrunv2/service:Service",
            "cloudflare:index/dnsRecord:DnsRecord",
            "vercel:index/project:Project",
        ]) {
            const declared = providerShapes(type)?.resourceOutputs(type) ?? [];
            expect(declared.length, type).toBeGreaterThan(3);
            const { state } = resource(type, "x", { name: "x" });
            for (const field of declared.filter((f) => !f.optional)) expect(state[field.name], `${type} ${field.name}`).toBeDefined();
        }
    });

    it("leaves unset optional arguments out instead of inventing them (no KMS key nobody asked for)", () => {
        expect(resource("aws:cloudwatch/logGroup:LogGroup", "logs", { name: "x" }).state).not.toHaveProperty("kmsKeyId");
    });
});
