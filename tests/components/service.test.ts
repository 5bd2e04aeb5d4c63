import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError, type Link, type WebAclProvider } from "../../components/src/core";
import { AwsWebService, type AwsWebServiceArgs, AwsWorkerService, type AwsWorkerServiceArgs } from "../../components/src/service/aws";
import { type CapturedResource, type Plan, plan, planRejected, standInNetwork } from "../support/plan";

const CLUSTER = "aws:ecs/cluster:Cluster";
const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const SERVICE = "aws:ecs/service:Service";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const LB = "aws:lb/loadBalancer:LoadBalancer";
const TG = "aws:lb/targetGroup:TargetGroup";
const LISTENER = "aws:lb/listener:Listener";
const CERT = "aws:acm/certificate:Certificate";
const CERT_VALIDATION = "aws:acm/certificateValidation:CertificateValidation";
const RECORD = "aws:route53/record:Record";
const WAF_ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation";
const SCALING_TARGET = "aws:appautoscaling/target:Target";
const SCALING_POLICY = "aws:appautoscaling/policy:Policy";

const CERT_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/abc";
const DB_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf";
const APP_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-GhIjKl";

const network = standInNetwork;
/** Stand-ins for the links of AwsPostgres and AwsRedis: reachability only. */
const db = (): Link => ({ name: "db", aws: { reach: { securityGroupId: pulumi.output("sg-db"), port: 5432 } } });
const cache = (): Link => ({ name: "cache", aws: { reach: { securityGroupId: pulumi.output("sg-cache"), port: 6379 } } });
const regionalAcl = (): WebAclProvider => ({
    webAclArn: pulumi.output("arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api/1"),
    scope: "REGIONAL",
});

/** Either kind's args; `worker` marks the worker's. */
type ServiceArgs = AwsWebServiceArgs | (AwsWorkerServiceArgs & { worker: true });
const web = (args: Partial<AwsWebServiceArgs> = {}): AwsWebServiceArgs => ({
    network: network(),
    image: "ghcr.io/acme/api:1.0.0",
    loadBalancer: { certificateArn: CERT_ARN },
    ...args,
});
const worker = (args: Partial<AwsWorkerServiceArgs> = {}): ServiceArgs => ({
    network: network(),
    image: "ghcr.io/acme/worker:1.0.0",
    ...args,
    worker: true,
});
const build = (name: string, args: ServiceArgs) => ("worker" in args ? new AwsWorkerService(name, args) : new AwsWebService(name, args));

function service(stack: string, args: ServiceArgs, name = "api"): Promise<Plan> {
    return plan(() => build(name, args), { stack });
}

async function rejected(args: ServiceArgs, stack = "prod"): Promise<{ error: unknown; children: string[] }> {
    const { error, plan: p } = await planRejected(() => build("api", args), { stack });
    return { error, children: p.resources.filter((r) => r.type.startsWith("aws:")).map((r) => r.name) };
}

const inputsOf = (r: CapturedResource) => r.inputs as Record<string, any>;
const outputsOf = (r: CapturedResource) => r.outputs as Record<string, any>;
const idOf = (p: Plan, type: string, suffix: string) => p.one(type, suffix).id;
const container = (p: Plan) => JSON.parse(p.inputs(TASK).containerDefinitions)[0];
const listener = (p: Plan, port: number) => inputsOf(p.ofType(LISTENER).find((l) => inputsOf(l).port === port)!);

/** Every SG rule as `<group> <direction> <port> <peer>`, peers named by the stand-in or child they are. */
function sgRules(p: Plan): string[] {
    const names: Record<string, string> = { "sg-db": "db", "sg-cache": "cache" };
    for (const sg of p.ofType(SG)) names[sg.id] = sg.name;
    const describe = (r: CapturedResource, direction: string) => {
        const i = inputsOf(r);
        const peer = i.referencedSecurityGroupId ? names[i.referencedSecurityGroupId] : (i.cidrIpv4 ?? i.cidrIpv6);
        return `${names[i.securityGroupId]} ${direction} ${i.ipProtocol}/${i.fromPort}-${i.toPort} ${peer}`;
    };
    return [...p.ofType(INGRESS).map((r) => describe(r, "in")), ...p.ofType(EGRESS).map((r) => describe(r, "out"))].sort();
}

describe("AwsWebService", () => {
    it("serves HTTPS with the TLS 1.3 policy and makes HTTP only redirect to HTTPS", async () => {
        const p = await service("prod", web());
        const https = listener(p, 443);
        expect(https).toMatchObject({ protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", certificateArn: CERT_ARN });
        expect(https.defaultActions).toEqual([{ type: "forward", targetGroupArn: p.one(TG).id }]);
        const http = listener(p, 80);
        expect(http.protocol).toBe("HTTP");
        expect(http.defaultActions).toEqual([{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]);
        const custom = await service(
            "prod",
            web({ loadBalancer: { certificateArn: CERT_ARN, sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" } }),
        );
        expect(listener(custom, 443).sslPolicy).toBe("ELBSecurityPolicy-TLS13-1-3-2021-06");
    });

    it("puts an internet-facing ALB in the public subnets, dropping invalid headers, deletion-protected in prod only", async () => {
        const p = await service("prod", web());
        expect(p.inputs(LB)).toMatchObject({
            loadBalancerType: "application",
            internal: false,
            subnets: ["subnet-pub-a", "subnet-pub-b"],
            securityGroups: [idOf(p, SG, "api-alb-sg")],
            dropInvalidHeaderFields: true,
            enableDeletionProtection: true,
            name: "test-prod-api",
        });
        expect(p.inputs(LB).accessLogs).toBeUndefined();
        expect((await service("staging", web())).inputs(LB).enableDeletionProtection).toBe(false);
        expect((await service("dev", web())).inputs(LB).enableDeletionProtection).toBe(false);
        const logged = await service(
            "dev",
            web({ loadBalancer: { certificateArn: CERT_ARN, deletionProtection: true, accessLogs: { bucket: "my-logs", prefix: "api" } } }),
        );
        expect(logged.inputs(LB)).toMatchObject({
            enableDeletionProtection: true,
            accessLogs: { bucket: "my-logs", prefix: "api", enabled: true },
        });
    });

    it("health-checks /health/ready by default (200-399), with a 30 s deregistration delay, ip targets; path overridable", async () => {
        const p = await service("prod", web());
        expect(p.inputs(TG)).toMatchObject({
            targetType: "ip",
            protocol: "HTTP",
            port: 3000,
            deregistrationDelay: 30,
            vpcId: "vpc-0123456789abcdef0",
        });
        expect(p.inputs(TG).healthCheck).toMatchObject({ path: "/health/ready", matcher: "200-399", enabled: true });
        const custom = await service("prod", web({ healthCheckPath: "/healthz", port: 8080 }));
        expect(custom.inputs(TG).healthCheck.path).toBe("/healthz");
        expect(custom.inputs(TG).port).toBe(8080);
        expect(custom.inputs(SERVICE).loadBalancers).toEqual([
            { targetGroupArn: custom.one(TG).id, containerName: "app", containerPort: 8080 },
        ]);
    });

    it("opens exactly ALB → service on the container port and service → each target on its port", async () => {
        const p = await service("prod", web({ links: [db(), cache()] }));
        expect(sgRules(p)).toEqual([
            "api-alb-sg in tcp/443-443 0.0.0.0/0",
            "api-alb-sg in tcp/80-80 0.0.0.0/0",
            "api-alb-sg out tcp/3000-3000 api-sg",
            "api-sg in tcp/3000-3000 api-alb-sg",
            "api-sg out tcp/443-443 0.0.0.0/0",
            "api-sg out tcp/5432-5432 db",
            "api-sg out tcp/6379-6379 cache",
            "cache in tcp/6379-6379 api-sg",
            "db in tcp/5432-5432 api-sg",
        ]);
        // The security groups themselves carry no inline rules.
        for (const sg of p.ofType(SG)) expect([inputsOf(sg).ingress, inputsOf(sg).egress]).toEqual([undefined, undefined]);
        const restricted = await service(
            "prod",
            web({ loadBalancer: { certificateArn: CERT_ARN, allowedCidrs: ["203.0.113.0/24", "2001:db8::/32"] } }),
        );
        expect(sgRules(restricted).filter((r) => r.startsWith("api-alb-sg in"))).toEqual([
            "api-alb-sg in tcp/443-443 2001:db8::/32",
            "api-alb-sg in tcp/443-443 203.0.113.0/24",
            "api-alb-sg in tcp/80-80 2001:db8::/32",
            "api-alb-sg in tcp/80-80 203.0.113.0/24",
        ]);
    });

    it("creates, validates and aliases a certificate for a domain, and serves the domain's URL", async () => {
        let built: AwsWebService | undefined;
        const p = await plan(
            () =>
                (built = new AwsWebService(
                    "api",
                    web({ loadBalancer: { domain: { name: "api.example.com", hostedZoneId: "Z0123456789ABC" } } }),
                )),
            { stack: "prod" },
        );
        expect(p.inputs(CERT)).toMatchObject({ domainName: "api.example.com", validationMethod: "DNS" });
        const validationRecord = p.one(RECORD, "api-certificate-validation-record");
        expect(inputsOf(validationRecord)).toMatchObject({ zoneId: "Z0123456789ABC", type: "CNAME", ttl: 300 });
        const validation = p.one(CERT_VALIDATION);
        expect(inputsOf(validation).certificateArn).toBe(p.one(CERT).id);
        expect(listener(p, 443).certificateArn).toBe(outputsOf(validation).certificateArn);
        const alias = inputsOf(p.one(RECORD, "api-alias"));
        expect(alias).toMatchObject({ zoneId: "Z0123456789ABC", name: "api.example.com", type: "A" });
        expect(alias.aliases).toEqual([{ name: outputsOf(p.one(LB)).dnsName, zoneId: "Z35SXDOTRQ7X7K", evaluateTargetHealth: true }]);
        const url = await new Promise((resolve) => built!.url.apply(resolve));
        expect(url).toBe("https://api.example.com");
    });

    it("associates a regional web ACL with the load balancer", async () => {
        const p = await service("prod", web({ loadBalancer: { certificateArn: CERT_ARN, webAcl: regionalAcl() } }));
        expect(p.inputs(WAF_ASSOCIATION)).toEqual({
            resourceArn: p.one(LB).id,
            webAclArn: "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api/1",
        });
        expect((await service("prod", web())).ofType(WAF_ASSOCIATION)).toHaveLength(0);
    });

    it("tracks CPU and requests per target, the latter on the ALB and target group suffixes", async () => {
        const p = await service("prod", web({ autoscaling: { cpuTargetPercent: 50 } }));
        const cpu = inputsOf(p.one(SCALING_POLICY, "api-scale-cpu"));
        expect(cpu.policyType).toBe("TargetTrackingScaling");
        expect(cpu.targetTrackingScalingPolicyConfiguration).toMatchObject({
            targetValue: 50,
            predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
        });
        const requests = inputsOf(p.one(SCALING_POLICY, "api-scale-requests")).targetTrackingScalingPolicyConfiguration;
        const lbSuffix = outputsOf(p.one(LB)).arnSuffix;
        const tgSuffix = outputsOf(p.one(TG)).arnSuffix;
        expect(requests).toMatchObject({
            targetValue: 1000,
            predefinedMetricSpecification: { predefinedMetricType: "ALBRequestCountPerTarget", resourceLabel: `${lbSuffix}/${tgSuffix}` },
        });
        expect(lbSuffix).toMatch(/^app\//);
        expect(tgSuffix).toMatch(/^targetgroup\//);
    });
});

describe("AwsWorkerService", () => {
    it("creates no load balancer, listener, target group, certificate or request policy", async () => {
        const p = await service("prod", worker({ links: [db()] }), "worker");
        for (const type of [LB, TG, LISTENER, CERT, RECORD, WAF_ASSOCIATION]) expect(p.ofType(type), type).toHaveLength(0);
        expect(
            p
                .ofType(SCALING_POLICY)
                .map((r) => inputsOf(r).targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.predefinedMetricType),
        ).toEqual(["ECSServiceAverageCPUUtilization"]);
        const svc = p.inputs(SERVICE);
        expect(svc.loadBalancers).toBeUndefined();
        expect(svc.healthCheckGracePeriodSeconds).toBeUndefined();
        expect(container(p).portMappings).toEqual([]);
        expect(sgRules(p)).toEqual([
            "db in tcp/5432-5432 worker-sg",
            "worker-sg out tcp/443-443 0.0.0.0/0",
            "worker-sg out tcp/5432-5432 db",
        ]);
    });

    it("exposes no load balancer outputs and the ECS dimensions for monitoring", async () => {
        let built: AwsWorkerService | undefined;
        await plan(() => (built = new AwsWorkerService("worker", worker())), { stack: "prod" });
        // Not even as undefined properties: a worker's type has no load balancer, URL or endpoint at all.
        for (const key of ["loadBalancerArn", "url", "endpoint", "loadBalancerArnSuffix", "targetGroupArnSuffix"])
            expect(key in built!, key).toBe(false);
        const values = await new Promise((resolve) =>
            pulumi.all([built!.clusterName, built!.serviceName, built!.logGroupName]).apply(resolve),
        );
        expect(values).toEqual(["test-prod-worker", "test-prod-worker", "/ecs/test-prod-worker"]);
    });
});

describe("ECS services tasks and service", () => {
    it("runs Fargate tasks in the private subnets without public IPs, with rollback, 100/200 % and ignoreChanges desiredCount", async () => {
        const p = await service("prod", web());
        const svc = p.one(SERVICE);
        expect(inputsOf(svc)).toMatchObject({
            launchType: "FARGATE",
            networkConfiguration: {
                subnets: ["subnet-app-a", "subnet-app-b"],
                securityGroups: [idOf(p, SG, "api-sg")],
                assignPublicIp: false,
            },
            deploymentCircuitBreaker: { enable: true, rollback: true },
            deploymentMinimumHealthyPercent: 100,
            deploymentMaximumPercent: 200,
            healthCheckGracePeriodSeconds: 60,
            propagateTags: "SERVICE",
            enableExecuteCommand: false,
            desiredCount: 2,
            cluster: outputsOf(p.one(CLUSTER)).arn,
        });
        expect(svc.ignoreChanges).toEqual(["desiredCount"]);
        // Created after the HTTPS listener, so the target group is attached to the load balancer.
        expect(svc.dependencies).toContain(p.ofType(LISTENER).find((l) => inputsOf(l).port === 443)!.urn);
        expect(p.inputs(CLUSTER).settings).toEqual([{ name: "containerInsights", value: "enabled" }]);
    });

    it("sizes tasks per environment and accepts valid Fargate sizes", async () => {
        const sizes: Record<string, [string, string]> = {};
        for (const stack of ["dev", "staging", "prod"]) {
            const t = (await service(stack, web())).inputs(TASK);
            sizes[stack] = [t.cpu, t.memory];
        }
        expect(sizes).toEqual({ dev: ["256", "512"], staging: ["512", "1024"], prod: ["1024", "2048"] });
        const p = await service("prod", web({ cpu: 2048, memory: 8192, cpuArchitecture: "ARM64" }));
        expect(p.inputs(TASK)).toMatchObject({
            cpu: "2048",
            memory: "8192",
            networkMode: "awsvpc",
            requiresCompatibilities: ["FARGATE"],
            runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" },
        });
        expect((await service("prod", web())).inputs(TASK).runtimePlatform.cpuArchitecture).toBe("X86_64");
    });

    it("defines one container with env, command, read-write root by default and awslogs to its own group", async () => {
        const p = await service(
            "prod",
            web({ command: ["node", "server.js"], env: { B: "2", A: pulumi.output("1") }, readonlyRootFilesystem: true }),
        );
        const c = container(p);
        expect(c).toMatchObject({
            name: "app",
            image: "ghcr.io/acme/api:1.0.0",
            essential: true,
            command: ["node", "server.js"],
            portMappings: [{ containerPort: 3000, protocol: "tcp" }],
            environment: [
                { name: "A", value: "1" },
                { name: "B", value: "2" },
            ],
            readonlyRootFilesystem: true,
        });
        expect(c.logConfiguration).toEqual({
            logDriver: "awslogs",
            options: { "awslogs-group": "/ecs/test-prod-api", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "app" },
        });
        expect(container(await service("prod", web())).readonlyRootFilesystem).toBe(false);
    });

    it("keeps container logs 7, 30 and 90 days by environment, KMS-encrypted on request", async () => {
        const retention: Record<string, number> = {};
        for (const stack of ["dev", "staging", "prod"]) retention[stack] = (await service(stack, web())).inputs(LOG_GROUP).retentionInDays;
        expect(retention).toEqual({ dev: 7, staging: 30, prod: 90 });
        const p = await service("prod", web({ logRetentionDays: 14, logKmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/k" }));
        expect(p.inputs(LOG_GROUP)).toMatchObject({ retentionInDays: 14, kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/k" });
        expect((await service("prod", web())).inputs(LOG_GROUP).kmsKeyId).toBeUndefined();
    });

    it("reads secrets from Secrets Manager and lets the execution role read exactly those ARNs", async () => {
        const p = await service(
            "prod",
            web({
                secrets: {
                    DATABASE_PASSWORD: { secretArn: pulumi.output(DB_SECRET), key: "password" },
                    API_KEY: { secretArn: APP_SECRET },
                    OTHER: { secretArn: APP_SECRET, key: "other" },
                },
            }),
        );
        expect(container(p).secrets).toEqual([
            { name: "API_KEY", valueFrom: APP_SECRET },
            { name: "DATABASE_PASSWORD", valueFrom: `${DB_SECRET}:password::` },
            { name: "OTHER", valueFrom: `${APP_SECRET}:other::` },
        ]);
        const executionRole = p.one(ROLE, "api-execution-role");
        const policy = p.inputs(ROLE_POLICY);
        expect(policy.role).toBe(outputsOf(executionRole).name);
        const statements = JSON.parse(policy.policy).Statement;
        expect(statements).toEqual([
            { Sid: "ReadSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [APP_SECRET, DB_SECRET] },
            {
                Sid: "DecryptSecretsThroughSecretsManager",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: "*",
                Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
            },
        ]);
        expect(p.inputs(ATTACHMENT)).toEqual({
            role: outputsOf(executionRole).name,
            policyArn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
        });
        expect(p.inputs(TASK).executionRoleArn).toBe(outputsOf(executionRole).arn);
        // The task definition is registered after the execution role can read the secrets.
        expect(p.one(TASK).dependencies).toContain(p.one(ROLE_POLICY).urn);
        // No secrets, no secrets policy.
        expect((await service("prod", web())).ofType(ROLE_POLICY)).toHaveLength(0);
    });

    it("gives the application an empty task role of its own", async () => {
        let built: AwsWebService | undefined;
        const p = await plan(() => (built = new AwsWebService("api", web())), { stack: "prod" });
        const taskRole = p.one(ROLE, "api-task-role");
        expect(p.inputs(TASK).taskRoleArn).toBe(outputsOf(taskRole).arn);
        expect(p.ofType(ATTACHMENT).filter((a) => inputsOf(a).role === outputsOf(taskRole).name)).toHaveLength(0);
        expect(p.ofType(ROLE_POLICY)).toHaveLength(0);
        const trust = JSON.parse(inputsOf(taskRole).assumeRolePolicy).Statement[0];
        expect(trust).toMatchObject({
            Principal: { Service: "ecs-tasks.amazonaws.com" },
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        });
        const name = await new Promise((resolve) => built!.taskRoleName.apply(resolve));
        expect(name).toBe("test-prod-api-task");
    });
});

describe("ECS services autoscaling", () => {
    it("bounds the task count per environment: dev 1-2, staging 1-4, prod 2-50", async () => {
        const bounds: Record<string, [number, number]> = {};
        for (const stack of ["dev", "staging", "prod"]) {
            const target = (await service(stack, web())).inputs(SCALING_TARGET);
            bounds[stack] = [target.minCapacity, target.maxCapacity];
        }
        expect(bounds).toEqual({ dev: [1, 2], staging: [1, 4], prod: [2, 50] });
        const p = await service("prod", web({ autoscaling: { min: 3, max: 10 } }));
        expect(p.inputs(SCALING_TARGET)).toMatchObject({
            minCapacity: 3,
            maxCapacity: 10,
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId: "service/test-prod-api/test-prod-api",
        });
        expect(p.inputs(SERVICE).desiredCount).toBe(3);
        expect(p.one(SCALING_TARGET).propertyDependencies["resourceId"]).toContain(p.one(SERVICE).urn);
        // Dev may park a service at 0.
        expect((await service("dev", worker({ autoscaling: { min: 0 } }))).inputs(SCALING_TARGET).minCapacity).toBe(0);
    });
});

describe("ECS services names, transforms and outputs", () => {
    it("keeps stable child names", async () => {
        const p = await service(
            "prod",
            web({
                links: [db()],
                secrets: { A: { secretArn: APP_SECRET } },
                loadBalancer: { domain: { name: "api.example.com", hostedZoneId: "Z1" }, webAcl: regionalAcl() },
            }),
        );
        expect(p.names().filter((n) => n.startsWith("aws:"))).toEqual([
            "aws:acm/certificate:Certificate::api-certificate",
            "aws:acm/certificateValidation:CertificateValidation::api-certificate-validation",
            "aws:appautoscaling/policy:Policy::api-scale-cpu",
            "aws:appautoscaling/policy:Policy::api-scale-requests",
            "aws:appautoscaling/target:Target::api-scaling-target",
            "aws:cloudwatch/logGroup:LogGroup::api-logs",
            "aws:ec2/securityGroup:SecurityGroup::api-alb-sg",
            "aws:ec2/securityGroup:SecurityGroup::api-sg",
            "aws:ecs/cluster:Cluster::api-cluster",
            "aws:ecs/service:Service::api-service",
            "aws:ecs/taskDefinition:TaskDefinition::api-task",
            "aws:iam/role:Role::api-execution-role",
            "aws:iam/role:Role::api-task-role",
            "aws:iam/rolePolicy:RolePolicy::api-secrets-policy",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment::api-execution-role-policy",
            "aws:lb/listener:Listener::api-http",
            "aws:lb/listener:Listener::api-https",
            "aws:lb/loadBalancer:LoadBalancer::api-alb",
            "aws:lb/targetGroup:TargetGroup::api-tg",
            "aws:route53/record:Record::api-alias",
            "aws:route53/record:Record::api-certificate-validation-record",
            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule::api-alb-egress-service",
            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule::api-egress-https",
            "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule::api-to-db-egress",
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::api-alb-ingress-443-0.0.0.0/0",
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::api-alb-ingress-80-0.0.0.0/0",
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::api-service-ingress-alb",
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::api-to-db-ingress",
            "aws:wafv2/webAclAssociation:WebAclAssociation::api-waf",
        ]);
        const component = p.one("appstack:service:AwsWebService");
        for (const r of p.resources.filter((r) => r.type.startsWith("aws:"))) expect(r.parent, r.name).toBe(component.urn);
        expect(p.inputs(TG).name).toBe("test-prod-api-3000");
        expect(p.inputs(SERVICE).tags).toMatchObject({ environment: "prod", component: "api", "managed-by": "pulumi" });
    });

    it("applies transforms", async () => {
        const p = await service(
            "prod",
            web({ transform: { service: { enableExecuteCommand: true }, targetGroup: (a) => void (a.deregistrationDelay = 5) } }),
        );
        expect(p.inputs(SERVICE).enableExecuteCommand).toBe(true);
        expect(p.inputs(TG).deregistrationDelay).toBe(5);
    });

    it("exposes the load balancer, the URL and the monitoring dimensions", async () => {
        let built: AwsWebService | undefined;
        const p = await plan(() => (built = new AwsWebService("api", web())), { stack: "prod" });
        const s = built!;
        const values = await new Promise((resolve) =>
            pulumi
                .all([
                    s.securityGroupId,
                    s.loadBalancerArn,
                    s.loadBalancerDnsName,
                    s.url,
                    s.endpoint,
                    s.loadBalancerArnSuffix,
                    s.targetGroupArnSuffix,
                    s.clusterName,
                    s.serviceName,
                ])
                .apply(resolve),
        );
        const lb = outputsOf(p.one(LB));
        expect(values).toEqual([
            idOf(p, SG, "api-sg"),
            lb.arn,
            lb.dnsName,
            `https://${lb.dnsName}`,
            `https://${lb.dnsName}`,
            lb.arnSuffix,
            outputsOf(p.one(TG)).arnSuffix,
            "test-prod-api",
            "test-prod-api",
        ]);
        expect(s.name).toBe("api");
    });
});

describe("ECS services validation", () => {
    it("rejects bad arguments before registering any resource", async () => {
        const cases: [ServiceArgs, RegExp][] = [
            [web({ loadBalancer: {} }), /loadBalancer.*neither certificateArn nor domain/],
            // JavaScript callers (and `loadBalancer: false` from the former AwsContainerService) are refused too.
            [web({ loadBalancer: undefined as unknown as AwsWebServiceArgs["loadBalancer"] }), /loadBalancer/],
            [web({ loadBalancer: false as unknown as AwsWebServiceArgs["loadBalancer"] }), /loadBalancer.*AwsWorkerService/],
            [
                web({ loadBalancer: { certificateArn: CERT_ARN, domain: { name: "api.example.com", hostedZoneId: "Z1" } } }),
                /both certificateArn and domain/,
            ],
            [web({ cpu: 300 }), /`cpu` is 300/],
            [web({ cpu: 256, memory: 4096 }), /`memory` is 4096.*512, 1024, 2048/],
            [web({ cpu: 2048 }), /`memory` is 2048/],
            [web({ autoscaling: { min: 5, max: 3 } }), /autoscaling\.min.*greater than autoscaling\.max/],
            [web({ autoscaling: { min: 0 } }), /autoscaling\.min/],
            [
                web({
                    loadBalancer: {
                        certificateArn: CERT_ARN,
                        webAcl: { webAclArn: pulumi.output("arn:aws:wafv2:us-east-1:1:global/webacl/x/1"), scope: "CLOUDFRONT" },
                    },
                }),
                /webAcl.*CLOUDFRONT/,
            ],
            [web({ loadBalancer: { certificateArn: CERT_ARN, sslPolicy: "ELBSecurityPolicy-2016-08" } }), /sslPolicy/],
            [web({ loadBalancer: { certificateArn: CERT_ARN, allowedCidrs: ["everyone"] } }), /allowedCidrs/],
            [web({ healthCheckPath: "health" }), /healthCheckPath/],
            [web({ port: 70000 }), /port/],
            [web({ env: { "BAD-NAME": "x" } }), /env/],
            [web({ env: { A: "x" }, secrets: { A: { secretArn: APP_SECRET } } }), /secrets.*A/],
            [web({ links: [db(), db()] }), /links.*twice/],
            [web({ logRetentionDays: 8 }), /logRetentionDays/],
            [worker({ healthCheckPath: "/health" } as Partial<AwsWorkerServiceArgs>), /healthCheckPath.*worker/],
            [worker({ autoscaling: { requestsPerTarget: 100 } as unknown as AwsWorkerServiceArgs["autoscaling"] }), /requestsPerTarget/],
        ];
        for (const [args, message] of cases) {
            const { error, children } = await rejected(args);
            expect(error, message.source).toBeInstanceOf(InvalidArgumentError);
            expect((error as Error).message).toMatch(message);
            expect(children, message.source).toEqual([]);
        }
        // Staging also refuses a minimum of 0 tasks; dev accepts it.
        expect((await rejected(worker({ autoscaling: { min: 0 } }), "staging")).error).toBeInstanceOf(InvalidArgumentError);
        expect((await rejected(worker({ autoscaling: { min: 0 } }), "dev")).error).toBeUndefined();
    });
});
