/**
 * Links (issue 11): a consumer given `links: [...]` creates, as its own children, exactly what each link asks for.
 * The real components are linked here (AwsPostgres, AwsRedis, AwsSecret, AwsFileStorage, GcpSecrets, SupabasePostgres,
 * UpstashRedis; stand-in links only for shapes no component offers yet), and the assertions compare against the same
 * service without the link, so they fail when the link does nothing.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError, type Link } from "../../components/src/core";
import { AwsCdn } from "../../components/src/cdn/aws";
import { AwsNetwork } from "../../components/src/network/aws";
import { AwsPostgres } from "../../components/src/postgres/aws";
import { SupabasePostgres } from "../../components/src/postgres/supabase";
import { AwsRedis } from "../../components/src/redis/aws";
import { UpstashRedis } from "../../components/src/redis/upstash";
import { AwsSecret } from "../../components/src/secrets/aws";
import { SentryProjects } from "../../components/src/observability/sentry";
import { GcpSecrets } from "../../components/src/secrets/gcp";
import { AwsWebService, type AwsWebServiceArgs, AwsWorkerService, FORMER_SERVICE_TYPE } from "../../components/src/service/aws";
import { GcpCloudRunService } from "../../components/src/service/gcp";
import { AwsFileStorage } from "../../components/src/storage/aws";
import { type CapturedResource, type Plan, plan, planRejected, standInNetwork } from "../support/plan";

const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const SERVICE = "aws:ecs/service:Service";
const RUN_SERVICE = "gcp:cloudrunv2/service:Service";
const SECRET_IAM = "gcp:secretmanager/secretIamMember:SecretIamMember";
const PROJECT_IAM = "gcp:projects/iAMMember:IAMMember";
const CERT_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/abc";
const gcpConfig = { "gcp:project": "acme-prod", "gcp:region": "us-central1" };

const inputsOf = (r: CapturedResource) => r.inputs as Record<string, any>;
const container = (p: Plan, name = "api") => JSON.parse(p.inputs(TASK, `${name}-task`).containerDefinitions)[0];
const envOf = (p: Plan, name = "api") =>
    Object.fromEntries((container(p, name).environment as { name: string; value: string }[]).map((e) => [e.name, e.value]));
const secretsOf = (p: Plan, name = "api") =>
    Object.fromEntries((container(p, name).secrets as { name: string; valueFrom: string }[]).map((e) => [e.name, e.valueFrom]));
const rulesOf = (p: Plan, service = "api") =>
    [...p.ofType(INGRESS), ...p.ofType(EGRESS)].filter((r) => r.name.startsWith(`${service}-to-`));

/** The AWS side of stacks/index.ts and examples/charterflow: network, database, cache, app secrets, files. */
function stores() {
    const network = new AwsNetwork("network", {});
    const db = new AwsPostgres("db", { network, replicas: 1 });
    const cache = new AwsRedis("cache", { network });
    const appSecrets = new AwsSecret("app-secrets", { values: pulumi.secret({ JWT_SECRET: "x" }), keys: ["JWT_SECRET"] });
    const files = new AwsFileStorage("files", {});
    return { network, db, cache, appSecrets, files };
}

const web = (network: AwsWebServiceArgs["network"], args: Partial<AwsWebServiceArgs> = {}): AwsWebServiceArgs => ({
    network,
    image: "ghcr.io/acme/api:1.0.0",
    loadBalancer: { certificateArn: CERT_ARN },
    env: { NODE_ENV: "production" },
    ...args,
});

describe("links of an ECS service", () => {
    it("a database link opens exactly its port both ways and sets its connection variables and password secret", async () => {
        let db: AwsPostgres | undefined;
        const linked = await plan(() => {
            const s = stores();
            db = s.db;
            new AwsWebService("api", web(s.network, { links: [s.db] }));
        });
        const passwordArn = await new Promise<string>((resolve) => db!.connection.passwordSecretArn.apply(resolve));
        const bare = await plan(() => {
            const s = stores();
            new AwsWebService("api", web(s.network));
        });
        const dbSg = linked.one("aws:ec2/securityGroup:SecurityGroup", "db-sg").id;
        const apiSg = linked.one("aws:ec2/securityGroup:SecurityGroup", "api-sg").id;
        expect(rulesOf(bare)).toEqual([]);
        expect(
            rulesOf(linked).map((r) => [
                r.name,
                inputsOf(r).securityGroupId,
                inputsOf(r).referencedSecurityGroupId,
                inputsOf(r).fromPort,
                inputsOf(r).toPort,
            ]),
        ).toEqual([
            ["api-to-db-ingress", dbSg, apiSg, 5432, 5432],
            ["api-to-db-egress", apiSg, dbSg, 5432, 5432],
        ]);
        expect(envOf(bare)).toEqual({ NODE_ENV: "production" });
        const env = envOf(linked);
        expect(Object.keys(env).sort()).toEqual([
            "DATABASE_HOST",
            "DATABASE_NAME",
            "DATABASE_PORT",
            "DATABASE_READER_HOSTS",
            "DATABASE_SSL_MODE",
            "DATABASE_USER",
            "NODE_ENV",
        ]);
        expect(env).toMatchObject({ DATABASE_PORT: "5432", DATABASE_NAME: "app", DATABASE_SSL_MODE: "verify-full" });
        expect(env["DATABASE_READER_HOSTS"]).toContain("db-replica-1");
        expect(secretsOf(linked)).toEqual({ DATABASE_PASSWORD: `${passwordArn}:password::` });
        expect(secretsOf(bare)).toEqual({});
        // The execution role may read exactly that secret; nothing is attached to the task role.
        expect(JSON.parse(linked.inputs(ROLE_POLICY, "api-secrets-policy").policy).Statement[0].Resource).toEqual([passwordArn]);
        expect(
            linked
                .ofType(ROLE_POLICY)
                .filter((r) => r.name.startsWith("api-"))
                .map((r) => r.name),
        ).toEqual(["api-secrets-policy"]);
    });

    it("cache, app-secret and file links add their variables, secrets and exactly one task-role policy", async () => {
        let files: AwsFileStorage | undefined;
        const p = await plan(() => {
            const s = stores();
            files = s.files;
            new AwsWebService("api", web(s.network, { links: [s.cache, s.appSecrets, s.files.link("readWrite")] }));
            new AwsWorkerService("worker", { network: s.network, image: "ghcr.io/acme/api:1.0.0", links: [s.files.link("read")] });
        });
        expect(envOf(p)).toMatchObject({ REDIS_PORT: "6379", REDIS_TLS: "true", S3_BUCKET: expect.stringContaining("files") });
        const secrets = secretsOf(p);
        expect(Object.keys(secrets).sort()).toEqual(["JWT_SECRET", "REDIS_AUTH_TOKEN"]);
        expect(secrets["JWT_SECRET"]).toMatch(/^arn:aws:secretsmanager:.*:JWT_SECRET::$/);
        expect(secrets["REDIS_AUTH_TOKEN"]).toMatch(/^arn:aws:secretsmanager:[^:]+:[^:]+:secret:[^:]+$/);
        // Secrets and files open no port: only the cache's two rules.
        expect(
            rulesOf(p)
                .map((r) => r.name)
                .sort(),
        ).toEqual(["api-to-cache-egress", "api-to-cache-ingress"]);
        const [readWrite, readOnly] = await new Promise<string[]>((resolve) =>
            pulumi.all([files!.readWritePolicy, files!.readOnlyPolicy]).apply(resolve),
        );
        const policy = p.one(ROLE_POLICY, "api-files-access");
        expect(inputsOf(policy).role).toBe((p.one("aws:iam/role:Role", "api-task-role").outputs as Record<string, any>).name);
        expect(inputsOf(policy).policy).toBe(readWrite);
        expect(p.inputs(ROLE_POLICY, "worker-files-access").policy).toBe(readOnly);
        expect(JSON.parse(readOnly).Statement.flatMap((s: { Action: string | string[] }) => s.Action)).not.toContain("s3:PutObject");
        // The service starts once its task role holds the link's permissions.
        expect(p.one(SERVICE, "api-service").dependencies).toContain(policy.urn);
    });

    it("refuses, before registering anything, links it cannot use and variables set twice", async () => {
        const gcpLink: Link = { name: "secrets", gcp: { secrets: { API_KEY: { secret: "api-key" } } } };
        const envLink = (name: string, env: Record<string, string>): Link => ({ name, env });
        const cases: [Partial<AwsWebServiceArgs>, RegExp][] = [
            [{ links: [gcpLink] }, /links\[0\] \("secrets"\)` is a Google Cloud link.*ECS service cannot use/],
            [{ links: [envLink("a", { NODE_ENV: "x" })] }, /links\[0\] \("a"\)` and env both set NODE_ENV/],
            [{ links: [envLink("a", { X: "1" }), envLink("b", { X: "2" })] }, /links\[1\] \("b"\)` and links\[0\] \("a"\) both set X/],
            [
                { secrets: { X: { secretArn: "arn:aws:secretsmanager:us-east-1:1:secret:x" } }, links: [envLink("a", { X: "1" })] },
                /and secrets both set X/,
            ],
            [{ links: [envLink("a", { X: "1" }), envLink("a", { Y: "1" })] }, /links "a" twice/],
            [{ links: [envLink("a", { "BAD-NAME": "1" })] }, /sets the variable "BAD-NAME"/],
            [{ links: [{ name: "db", aws: { reach: { securityGroupId: pulumi.output("sg-1"), port: 0 } } }] }, /reach\.port` is 0/],
        ];
        for (const [args, message] of cases) {
            const { error, plan: p } = await planRejected(() => new AwsWebService("api", web(standInNetwork(), args)));
            expect(error, message.source).toBeInstanceOf(InvalidArgumentError);
            expect((error as Error).message).toMatch(message);
            expect(
                p.resources.filter((r) => r.type.startsWith("aws:")),
                message.source,
            ).toEqual([]);
        }
    });
});

describe("file storage links", () => {
    it("need an access level: the storage itself in links (JavaScript) is refused, not linked with no grant", async () => {
        const { error, plan: p } = await planRejected(() => {
            const files = new AwsFileStorage("files", {});
            new AwsWebService("api", web(standInNetwork(), { links: [files] }));
        });
        expect(error).toBeInstanceOf(InvalidArgumentError);
        expect((error as Error).message).toMatch(
            /AwsFileStorage "files": `link\(\)` was given undefined; allowed: link\("read"\) or link\("readWrite"\)/,
        );
        expect(p.resources.filter((r) => r.name.startsWith("api-"))).toEqual([]);
    });

    it("a component that offers no link is refused, not linked as an empty link", async () => {
        const { error } = await planRejected(
            () => new AwsWebService("api", web(standInNetwork(), { links: [new AwsNetwork("network", {})] })),
        );
        expect((error as Error).message).toMatch(/links\[0\] \("network"\)` is a component that offers no link/);
    });
});

describe("links of a Cloud Run service", () => {
    it("a GcpSecrets link sets Secret Manager variables with one accessor binding each; env links set env; roles are granted", async () => {
        const roles: Link = { name: "sql", env: { DB_SOCKET: "/cloudsql/x" }, gcp: { roles: ["roles/cloudsql.client"] } };
        const p = await plan(
            () => {
                const secrets = new GcpSecrets("secrets", {
                    values: { DATABASE_URL: pulumi.secret("postgres://x"), REDIS_URL: pulumi.secret("rediss://y") },
                });
                new GcpCloudRunService("api", { image: "us-docker.pkg.dev/x/api:1", env: { APP_ENV: "prod" }, links: [secrets, roles] });
            },
            { config: gcpConfig },
        );
        const envs = p.inputs(RUN_SERVICE).template.containers[0].envs as { name: string; value?: string; valueSource?: unknown }[];
        expect(envs.map((e) => e.name).sort()).toEqual(["APP_ENV", "DATABASE_URL", "DB_SOCKET", "REDIS_URL"]);
        expect(envs.find((e) => e.name === "DATABASE_URL")?.valueSource).toMatchObject({
            secretKeyRef: { secret: expect.stringContaining("secrets-database-url") },
        });
        expect(
            p
                .ofType(SECRET_IAM)
                .map((r) => r.name)
                .sort(),
        ).toEqual(["api-secret-access-secrets-database-url", "api-secret-access-secrets-redis-url"]);
        expect(p.ofType(PROJECT_IAM).map((r) => inputsOf(r).role)).toEqual(["roles/cloudsql.client"]);
    });

    it("Supabase and Upstash links set their connection parts, never the password", async () => {
        const p = await plan(
            () => {
                const db = new SupabasePostgres("db", { organizationId: "acme", region: "us-east-1" });
                const redis = new UpstashRedis("redis", {});
                new GcpCloudRunService("api", { image: "us-docker.pkg.dev/x/api:1", links: [db, redis] });
            },
            { config: gcpConfig },
        );
        const envs = p.inputs(RUN_SERVICE).template.containers[0].envs as { name: string; value?: string }[];
        const env = Object.fromEntries(envs.map((e) => [e.name, e.value]));
        expect(Object.keys(env).sort()).toEqual([
            "DATABASE_HOST",
            "DATABASE_NAME",
            "DATABASE_POOLER_HOST",
            "DATABASE_POOLER_PORT",
            "DATABASE_PORT",
            "DATABASE_SSL_MODE",
            "DATABASE_USER",
            "REDIS_HOST",
            "REDIS_PORT",
            "REDIS_TLS",
        ]);
        expect(env).toMatchObject({ DATABASE_PORT: "5432", DATABASE_NAME: "postgres", DATABASE_SSL_MODE: "require", REDIS_TLS: "true" });
        expect(p.ofType(SECRET_IAM)).toEqual([]);
        expect(p.one(RUN_SERVICE).secretInputs.filter((path) => path.includes("envs"))).toEqual([]);
    });

    it("a Sentry project's link sets its public DSN as SENTRY_DSN (or the variable named); an unknown app is refused", async () => {
        const p = await plan(
            () => {
                const sentry = new SentryProjects("sentry", {
                    organization: "acme",
                    teams: ["core"],
                    apps: [
                        { name: "api", platform: "node" },
                        { name: "jobs", platform: "node" },
                    ],
                });
                new GcpCloudRunService("api", {
                    image: "us-docker.pkg.dev/x/api:1",
                    links: [sentry.link("api"), sentry.link("jobs", "JOBS_SENTRY_DSN")],
                });
                expect(() => sentry.link("web")).toThrow(/SentryProjects "sentry".*link\("web"\).*names no app.*api, jobs/);
            },
            { config: gcpConfig },
        );
        const envs = p.inputs(RUN_SERVICE).template.containers[0].envs as { name: string; value?: string }[];
        expect(envs.filter((e) => e.name.includes("SENTRY")).map((e) => e.name)).toEqual(["SENTRY_DSN", "JOBS_SENTRY_DSN"]);
        // The DSN is the key's public DSN, a plain variable (Sentry: safe to publish), never a Secret Manager reference.
        expect(p.one(RUN_SERVICE).secretInputs.filter((path) => path.includes("envs"))).toEqual([]);
        expect(p.ofType(SECRET_IAM)).toEqual([]);
    });

    it("a CDN's link sets its public URL (ASSETS_URL here, CDN_URL by default) as a plain variable, opening no port", async () => {
        const p = await plan(() => {
            const s = stores();
            const assets = new AwsCdn("assets", { domain: { name: "assets.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" } });
            new AwsWebService("api", web(s.network, { links: [assets.link("ASSETS_URL")] }));
            expect(assets.link().env).toHaveProperty("CDN_URL");
        });
        expect(envOf(p)["ASSETS_URL"]).toBe("https://assets.example.com");
        expect(secretsOf(p)).toEqual({});
        expect(rulesOf(p).filter((r) => r.name.startsWith("api-to-"))).toEqual([]);
    });

    it("a Supabase pooler URL: transaction port from the pooler, session 5432, user postgres.<ref>, secret", async () => {
        let urls: [string, string] | undefined;
        let secret: boolean | undefined;
        await plan(
            () => {
                const db = new SupabasePostgres("db", { organizationId: "acme", region: "us-east-1" });
                pulumi.all([db.poolerUrl("transaction"), db.poolerUrl("session")]).apply(([t, s]) => (urls = [t, s]));
                void pulumi.isSecret(db.poolerUrl("session")).then((v) => (secret = v));
            },
            { config: gcpConfig },
        );
        expect(urls?.[0]).toMatch(/^postgresql:\/\/postgres\.[^:]+:[^@]+@[^:]+:6543\/postgres\?sslmode=require$/);
        expect(urls?.[1]).toMatch(/:5432\/postgres\?sslmode=require$/);
        expect(secret).toBe(true);
    });

    it("refuses a link that needs AWS, before registering anything", async () => {
        const { error, plan: p } = await planRejected(
            () => {
                const network = new AwsNetwork("network", {});
                const db = new AwsPostgres("db", { network });
                new GcpCloudRunService("api", { image: "us-docker.pkg.dev/x/api:1", links: [db] });
            },
            { config: gcpConfig },
        );
        expect(error).toBeInstanceOf(InvalidArgumentError);
        expect((error as Error).message).toMatch(/links\[0\] \("db"\)` needs AWS.*Cloud Run service cannot reach/);
        expect(p.resources.filter((r) => r.type.startsWith("gcp:"))).toEqual([]);
    });

    it("ignores image changes when CI deploys the images (imageDeployedExternally), and not otherwise", async () => {
        const p = await plan(() => new GcpCloudRunService("api", { image: "us-docker.pkg.dev/x/api:1", imageDeployedExternally: true }), {
            config: gcpConfig,
        });
        expect(p.one(RUN_SERVICE).ignoreChanges).toEqual(["template.containers[0].image", "client", "clientVersion"]);
        const q = await plan(() => new GcpCloudRunService("api", { image: "us-docker.pkg.dev/x/api:1" }), { config: gcpConfig });
        expect(q.one(RUN_SERVICE).ignoreChanges).toEqual([]);
    });
});

describe("web service and worker", () => {
    it("a web service always has a load balancer and a URL; a worker has neither", async () => {
        let api: AwsWebService | undefined;
        const p = await plan(() => {
            api = new AwsWebService("api", web(standInNetwork()));
            new AwsWorkerService("worker", { network: standInNetwork(), image: "ghcr.io/acme/api:1.0.0" });
        });
        const url = await new Promise<string>((resolve) => api!.url.apply(resolve));
        expect(url).toMatch(/^https:\/\/.+/);
        expect(p.resources.filter((r) => r.name.startsWith("worker-") && /^aws:(lb|acm|route53|wafv2)\//.test(r.type))).toEqual([]);
        expect(p.ofType("aws:lb/loadBalancer:LoadBalancer").map((r) => r.name)).toEqual(["api-alb"]);
        expect(p.one("appstack:service:AwsWorkerService").name).toBe("worker");
    });

    // Children need no aliases of their own: the engine derives them from the parent's (`allAliases` in
    // @pulumi/pulumi resource.js); the 18 stacks' plans were checked against their baselines that way (issue 11 report).
    it("keeps the former type token as an alias, and gives a link policy the URN of a stack's own policy", async () => {
        let api: AwsWebService | undefined;
        let worker: AwsWorkerService | undefined;
        let policyAliases: pulumi.Input<pulumi.URN | pulumi.Alias>[] | undefined;
        await plan(() => {
            const s = stores();
            api = new AwsWebService(
                "api",
                web(s.network, {
                    links: [s.files.link("readWrite")],
                    transform: { linkPolicy: (_args, opts) => void (policyAliases = opts.aliases) },
                }),
            );
            worker = new AwsWorkerService("worker", { network: s.network, image: "ghcr.io/acme/api:1.0.0" });
        });
        const aliasesOf = (r: pulumi.Resource) =>
            new Promise<string[]>((resolve) =>
                pulumi.all((r as unknown as { __aliases: pulumi.Output<string>[] }).__aliases).apply(resolve),
            );
        expect(await aliasesOf(api!)).toEqual([`urn:pulumi:prod::test::${FORMER_SERVICE_TYPE}::api`]);
        expect(await aliasesOf(worker!)).toEqual([`urn:pulumi:prod::test::${FORMER_SERVICE_TYPE}::worker`]);
        // examples/charterflow wrote `new aws.iam.RolePolicy("api-files-access", ...)` at the stack root.
        expect(policyAliases).toEqual([{ parent: pulumi.rootStackResource }]);
    });

    it("runs a typed container health check, with ECS's defaults and limits", async () => {
        const command = ["CMD-SHELL", "curl -f http://127.0.0.1:3000/health/live || exit 1"];
        const p = await plan(() => new AwsWebService("api", web(standInNetwork(), { healthCheck: { command, startPeriodSeconds: 60 } })));
        expect(container(p).healthCheck).toEqual({ command, interval: 30, timeout: 5, retries: 3, startPeriod: 60 });
        const q = await plan(() => new AwsWebService("api", web(standInNetwork())));
        expect(container(q).healthCheck).toBeUndefined();
        for (const [healthCheck, message] of [
            [{ command: ["curl", "-f", "x"] }, /healthCheck\.command/],
            [{ command, intervalSeconds: 1 }, /healthCheck\.intervalSeconds/],
            [{ command, retries: 11 }, /healthCheck\.retries/],
            [{ command, startPeriodSeconds: 301 }, /healthCheck\.startPeriodSeconds/],
        ] as const) {
            const { error } = await planRejected(
                () =>
                    new AwsWebService("api", web(standInNetwork(), { healthCheck: { ...healthCheck, command: [...healthCheck.command] } })),
            );
            expect((error as Error).message).toMatch(message);
        }
    });
});
