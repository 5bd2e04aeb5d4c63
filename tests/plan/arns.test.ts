import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";

/**
 * Every ARN wired into an input, in every stack of the repository, is one AWS would accept there: it parses
 * (`arn:<partition>:<service>:<region>:<account>:<resource>`), names the service the input expects, and has that
 * service's resource format (AWS Service Authorization Reference, "Resource types defined by <service>";
 * e.g. a log group is `log-group:<name>`, an SNS topic `<name>`, an alarm `alarm:<name>`). The ARNs come from the
 * plan's mocked outputs, so this is what keeps those in the providers' real shapes.
 */
const REPO = path.resolve(__dirname, "../..");

interface StackPlan {
    project: string;
    stack: string;
    resources: { urn: string; type: string; inputs: unknown }[];
}

let stacks: StackPlan[] = [];

/** The `--json` documents `plan --all --out-dir` wrote, one per stack. */
function readDocuments(dir: string): StackPlan[] {
    return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".json"))
        .map((f) => {
            const doc = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as {
                project: string;
                stack: string;
                resources: StackPlan["resources"];
            };
            return { project: doc.project, stack: doc.stack, resources: doc.resources };
        });
}

beforeAll(async () => {
    // The documents of every stack, planned once for the whole suite (tests/support/global-plans.ts), when there.
    const cache = inject("planCache");
    if (cache) {
        stacks = readDocuments(cache);
        return;
    }
    // Otherwise the same command here (exit 1, a gate failure, still writes every document).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "appstack-arns-"));
    try {
        await new Promise<void>((resolve, reject) =>
            execFile(
                path.join(REPO, "node_modules/.bin/tsx"),
                ["--conditions=development", path.join(REPO, "tools/plan/cli.ts"), "--all", "--out-dir", dir],
                { cwd: REPO, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } },
                (err, _out, stderr) => (err && err.code !== 1 ? reject(new Error(`${err.message}\n${stderr}`)) : resolve()),
            ),
        );
        stacks = readDocuments(dir);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}, 600_000);

/** The service an input expects, by its name (and, where the name alone is ambiguous, the resource type). */
function expectedService(type: string, key: string, inputs: Record<string, unknown>): string | undefined {
    if (/^(targetGroupArn|loadBalancerArn)$/.test(key)) return "elasticloadbalancing";
    if (/(kmsKeyId|kmsKeyArn|KmsKeyId|kmsMasterKeyId)$/.test(key)) return "kms";
    if (/(roleArn|RoleArn|policyArn)$/.test(key) || (type === "aws:s3/bucketReplicationConfig:BucketReplicationConfig" && key === "role"))
        return "iam";
    if (/^(topicArn|alarmActions|okActions|insufficientDataActions|subscriberSnsTopicArns)$/.test(key)) return "sns";
    if (
        (type === "aws:sns/topicSubscription:TopicSubscription" && key === "topic") ||
        (type === "aws:sns/topicPolicy:TopicPolicy" && key === "arn")
    )
        return "sns";
    if (/^(certificateArn|acmCertificateArn)$/.test(key)) return "acm";
    if (key === "webAclArn" || (type === "aws:cloudfront/distribution:Distribution" && key === "webAclId")) return "wafv2";
    if (type === "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration") return key === "resourceArn" ? "wafv2" : "logs";
    if (type === "aws:ec2/flowLog:FlowLog" && key === "logDestination") return inputs["logDestinationType"] === "s3" ? "s3" : "logs";
    if (/^(secretId|secretArn)$/.test(key)) return "secretsmanager";
    if (/^(sourceDbInstanceArn|replicateSourceDb)$/.test(key)) return "rds";
    if (type === "aws:ecs/service:Service" && (key === "cluster" || key === "taskDefinition")) return "ecs";
    return undefined;
}

/** The resource part of each service's ARNs. */
const RESOURCE_FORMATS: Record<string, RegExp> = {
    logs: /^log-group:[^:]+(:\*)?$/,
    sns: /^[A-Za-z0-9_-]{1,256}(\.fifo)?$/,
    cloudwatch: /^alarm:.+$/,
    kms: /^(key\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|alias\/.+)$/,
    iam: /^(root|(role|policy|user|group|instance-profile|oidc-provider|saml-provider)\/.+)$/,
    acm: /^certificate\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    wafv2: /^(global|regional)\/webacl\/[^/]+\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    elasticloadbalancing:
        /^(loadbalancer\/app\/[^/]+\/[0-9a-f]{16}|targetgroup\/[^/]+\/[0-9a-f]{16}|listener\/app\/[^/]+\/[0-9a-f]{16}\/[0-9a-f]{16})$/,
    // ECS `valueFrom` may append `:<json key>:<version stage>:<version id>` to a secret's ARN.
    secretsmanager: /^secret:.+-[A-Za-z0-9]{6}(:[^:]*:[^:]*:[^:]*)?$/,
    ecs: /^(cluster\/[^/]+|service\/[^/]+\/[^/]+|task-definition\/[^/:]+:\d+)$/,
    rds: /^(db|pg|subgrp|auto-backup):.+$/,
};

const ARN = /^arn:(aws|aws-cn|aws-us-gov):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws)?:(.+)$/;

/** Problems with one ARN, `[]` when it is well formed for `service` (any service when `undefined`). */
function arnProblems(value: string, service: string | undefined): string[] {
    const match = ARN.exec(value);
    if (!match) return [`does not parse as an ARN`];
    const [, , actual = "", region = "", account = "", resource = ""] = match;
    const problems: string[] = [];
    if (service && actual !== service) problems.push(`names service ${actual}, the input expects ${service}`);
    if (actual === "s3" && (region || account)) problems.push("an S3 ARN has no region or account");
    // IAM and Route 53 are global; most other services are regional.
    if (!["iam", "s3", "route53", "cloudfront", "budgets"].includes(actual) && !/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region))
        problems.push(`region ${JSON.stringify(region)}`);
    const format = RESOURCE_FORMATS[actual];
    // A wildcard (`arn:aws:ecs:<region>:<account>:*` in a trust policy) matches many resources: only its prefix is checked.
    if (format && !resource.includes("*") && !format.test(resource))
        problems.push(`resource ${JSON.stringify(resource)} is not ${actual}'s format ${format.source}`);
    return problems;
}

/** Every ARN-valued input: `[path, leaf key, value]`, including ARNs inside JSON documents (policies, dashboards). */
function arnInputs(value: unknown, at: string, key: string, out: [string, string, string][]): void {
    if (typeof value === "string") {
        if (value.startsWith("arn:") || /arn$/i.test(key)) out.push([at, key, value]);
        else if (/^[[{]/.test(value) && value.includes("arn:")) {
            try {
                arnInputs(JSON.parse(value), `${at}(json)`, "", out);
            } catch {
                // Not JSON: a plain string that happens to contain "arn:".
            }
        }
    } else if (Array.isArray(value)) value.forEach((v, i) => arnInputs(v, `${at}[${i}]`, key, out));
    else if (value !== null && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) arnInputs(v, at ? `${at}.${k}` : k, k, out);
    }
}

describe("ARNs wired between resources, in every stack of the repository", () => {
    it("covers the root project and every example, each of its stacks planned (a program error writes no document)", () => {
        expect(stacks.map((s) => `${s.project}/${s.stack}`)).toHaveLength(18);
    });

    it("parses each ARN input as an ARN of the service the input expects, in that service's format", () => {
        const problems: string[] = [];
        let checked = 0;
        for (const s of stacks) {
            for (const r of s.resources.filter((x) => x.type.startsWith("aws:"))) {
                const found: [string, string, string][] = [];
                arnInputs(r.inputs, "", "", found);
                for (const [at, key, value] of found) {
                    if (value === "[unknown]" || value === "[secret]" || value.includes("${")) continue;
                    checked++;
                    const inputs = (r.inputs ?? {}) as Record<string, unknown>;
                    for (const p of arnProblems(value, at.includes("(json)") ? undefined : expectedService(r.type, key, inputs))) {
                        problems.push(`${s.project}/${s.stack} ${r.urn.split("::").pop()} ${at} = ${value}: ${p}`);
                    }
                }
            }
        }
        expect(checked).toBeGreaterThan(500);
        expect(problems.slice(0, 30)).toEqual([]);
    });

    it("knows a made-up shape when it sees one", () => {
        expect(arnProblems("arn:aws:cloudwatch:us-east-1:123456789012:loggroup/x", "logs")).not.toEqual([]);
        expect(arnProblems("arn:aws:sns:us-east-1:123456789012:topic/x", "sns")).not.toEqual([]);
        expect(arnProblems("arn:aws:acm:us-east-1:123456789012:certificate/10e0208c-10e0", "acm")).not.toEqual([]);
        expect(arnProblems("arn:aws:logs:us-east-1:123456789012:log-group:/aws/vpc/x:*", "logs")).toEqual([]);
    });
});
