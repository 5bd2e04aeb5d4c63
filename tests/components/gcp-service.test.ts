import { describe, expect, it } from "vitest";
import { GcpSecrets } from "../../components/src/secrets/gcp";
import {
    type GcpCloudRunServiceArgs,
    GcpCloudRunService,
    LIVENESS_PROBE_DEFAULTS,
    STARTUP_PROBE_DEFAULTS,
} from "../../components/src/service/gcp";
import { type Plan, plan } from "../support/plan";

const SERVICE = "gcp:cloudrunv2/service:Service";
const ACCOUNT = "gcp:serviceaccount/account:Account";
const SECRET_IAM = "gcp:secretmanager/secretIamMember:SecretIamMember";
const PROJECT_IAM = "gcp:projects/iAMMember:IAMMember";
const INVOKER = "gcp:cloudrunv2/serviceIamMember:ServiceIamMember";
const DOMAIN = "gcp:cloudrun/domainMapping:DomainMapping";
const config = { "gcp:project": "acme-prod", "gcp:region": "us-central1" };
const IMAGE = "us-central1-docker.pkg.dev/acme-prod/api/api:1.4.2";

async function attempt(args: GcpCloudRunServiceArgs): Promise<{ error: unknown; p: Plan }> {
    let error: unknown;
    const p = await plan(
        () => {
            try {
                new GcpCloudRunService("api", args);
            } catch (e) {
                error = e;
            }
        },
        { config },
    );
    return { error, p };
}

describe("GcpCloudRunService backgroundWork (queue workers in the process)", () => {
    // "Instance-based billing ... allocates CPU even outside of request processing"; "Cloud Run only applies instance
    // autoscaling if a service is handling requests", so the min instances run the workers (cloud.google.com/run/docs/
    // configuring/billing-settings and .../cpu-allocation, read 2026-12-06). cpuIdle: @pulumi/gcp 9.37
    // types/input.d.ts, cloudrunv2.ServiceTemplateContainerResources.
    it("allocates CPU always and keeps one instance in dev, where the profile scales to zero", async () => {
        const p = await plan(() => new GcpCloudRunService("api", { image: IMAGE, backgroundWork: true }), { stack: "dev", config });
        const svc = p.inputs(SERVICE);
        expect(svc.template.containers[0].resources).toMatchObject({ cpuIdle: false });
        expect(svc.template.scaling).toEqual({ minInstanceCount: 1, maxInstanceCount: 2 });
        const q = await plan(() => new GcpCloudRunService("api", { image: IMAGE }), { stack: "dev", config });
        expect(q.inputs(SERVICE).template.containers[0].resources).toMatchObject({ cpuIdle: true });
        expect(q.inputs(SERVICE).template.scaling).toEqual({ minInstanceCount: 0, maxInstanceCount: 2 });
    });

    it("keeps the prod profile's two instances and an explicit minimum", async () => {
        const p = await plan(() => new GcpCloudRunService("api", { image: IMAGE, backgroundWork: true }), { config });
        expect(p.inputs(SERVICE).template.scaling).toEqual({ minInstanceCount: 2, maxInstanceCount: 50 });
        const q = await plan(() => new GcpCloudRunService("api", { image: IMAGE, backgroundWork: true, minInstances: 3 }), { config });
        expect(q.inputs(SERVICE).template.scaling).toEqual({ minInstanceCount: 3, maxInstanceCount: 50 });
    });

    it("refuses minInstances 0 and cpuAlwaysAllocated false, before anything registers", async () => {
        for (const [args, pattern] of [
            [{ minInstances: 0 }, /minInstances.*is 0 with backgroundWork.*at least 1/],
            [{ cpuAlwaysAllocated: false }, /cpuAlwaysAllocated.*is false with backgroundWork/],
        ] as const) {
            const { error, p } = await attempt({ image: IMAGE, backgroundWork: true, ...args });
            expect((error as Error).message).toMatch(pattern);
            expect(p.resources.filter((r) => r.type.startsWith("gcp:"))).toEqual([]);
        }
    });
});

describe("GcpCloudRunService", () => {
    it("runs 2 to 50 instances in prod (TechMate), with deletion protection and request-based CPU", async () => {
        const p = await plan(() => new GcpCloudRunService("api", { image: IMAGE }), { project: "techmate", config });
        const svc = p.inputs(SERVICE);
        expect(svc.template.scaling).toEqual({ minInstanceCount: 2, maxInstanceCount: 50 });
        expect(svc).toMatchObject({
            name: "techmate-prod-api",
            location: "us-central1",
            ingress: "INGRESS_TRAFFIC_ALL",
            deletionProtection: true,
        });
        expect(svc.labels).toMatchObject({ environment: "prod", project: "techmate", "managed-by": "pulumi" });
        const container = svc.template.containers[0];
        expect(container.image).toBe(IMAGE);
        expect(container.ports).toEqual({ containerPort: 8080 });
        expect(container.resources).toEqual({ limits: { cpu: "1", memory: "1Gi" }, cpuIdle: true, startupCpuBoost: true });
        expect(svc.template.maxInstanceRequestConcurrency).toBe(80);
        expect(svc.template.timeout).toBe("300s");
        const component = p.one("appstack:service:GcpCloudRunService");
        expect(p.one(SERVICE).parent).toBe(component.urn);
        expect((component.outputs as Record<string, any>).url).toMatch(/^https:\/\/techmate-prod-api-[0-9a-f]{10}-uc\.a\.run\.app$/);
        expect(component.outputs).toMatchObject({
            serviceName: "techmate-prod-api",
            location: "us-central1",
            serviceAccountEmail: "techmate-prod-api-run@acme-prod.iam.gserviceaccount.com",
        });
    });

    it.each([
        ["dev", 0, 2, false, "512Mi"],
        ["staging", 1, 5, false, "512Mi"],
        ["prod", 2, 50, true, "1Gi"],
    ] as const)("profile %s: %i-%i instances, deletionProtection %s, memory %s", async (stack, min, max, protection, memory) => {
        const p = await plan(() => new GcpCloudRunService("api", { image: IMAGE }), { stack, config });
        const svc = p.inputs(SERVICE);
        expect(svc.template.scaling).toEqual({ minInstanceCount: min, maxInstanceCount: max });
        // The provider defaults deletionProtection to true: dev must say false explicitly.
        expect(svc.deletionProtection).toBe(protection);
        expect(svc.template.containers[0].resources.limits.memory).toBe(memory);
    });

    it("lets args override the profile", async () => {
        const p = await plan(
            () =>
                new GcpCloudRunService("api", {
                    image: IMAGE,
                    minInstances: 1,
                    maxInstances: 10,
                    deletionProtection: false,
                    cpu: 2,
                    memory: "2Gi",
                    concurrency: 40,
                }),
            { config },
        );
        const svc = p.inputs(SERVICE);
        expect(svc.template.scaling).toEqual({ minInstanceCount: 1, maxInstanceCount: 10 });
        expect(svc.deletionProtection).toBe(false);
        expect(svc.template.containers[0].resources.limits).toEqual({ cpu: "2", memory: "2Gi" });
        expect(svc.template.maxInstanceRequestConcurrency).toBe(40);
    });

    it("probes startup on /health/ready and liveness on /health/live over HTTP on the port", async () => {
        const p = await plan(() => new GcpCloudRunService("api", { image: IMAGE, port: 3000 }), { config });
        const c = p.inputs(SERVICE).template.containers[0];
        expect(c.startupProbe).toEqual({ httpGet: { path: "/health/ready", port: 3000 }, ...STARTUP_PROBE_DEFAULTS });
        expect(c.livenessProbe).toEqual({ httpGet: { path: "/health/live", port: 3000 }, ...LIVENESS_PROBE_DEFAULTS });
        expect(c.startupProbe.timeoutSeconds).toBeLessThanOrEqual(c.startupProbe.periodSeconds);
        expect(c.livenessProbe.timeoutSeconds).toBeLessThanOrEqual(c.livenessProbe.periodSeconds);
        const custom = await plan(
            () => new GcpCloudRunService("api", { image: IMAGE, startupProbePath: "/ready", livenessProbe: { periodSeconds: 30 } }),
            { config },
        );
        const cc = custom.inputs(SERVICE).template.containers[0];
        expect(cc.startupProbe.httpGet.path).toBe("/ready");
        expect(cc.livenessProbe).toMatchObject({ periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 });
    });

    it("wires Secret Manager env refs and grants secretAccessor on exactly those secrets to its own account", async () => {
        const p = await plan(
            () => {
                const secrets = new GcpSecrets("app", { values: { DATABASE_URL: "postgres://x", GEMINI_API_KEY: "AIza-x" } });
                new GcpCloudRunService("api", { image: IMAGE, env: { NODE_ENV: "production" }, secrets: secrets.envRefs() });
            },
            { config },
        );
        const envs: any[] = p.inputs(SERVICE).template.containers[0].envs;
        expect(envs).toEqual([
            { name: "NODE_ENV", value: "production" },
            { name: "DATABASE_URL", valueSource: { secretKeyRef: { secret: "test-prod-app-database-url", version: "1" } } },
            { name: "GEMINI_API_KEY", valueSource: { secretKeyRef: { secret: "test-prod-app-gemini-api-key", version: "1" } } },
        ]);
        const grants = p.ofType(SECRET_IAM).map((r) => r.inputs as Record<string, any>);
        expect(grants).toHaveLength(2);
        const email = p.inputs(ACCOUNT).accountId + "@acme-prod.iam.gserviceaccount.com";
        for (const g of grants) expect(g).toMatchObject({ role: "roles/secretmanager.secretAccessor", member: `serviceAccount:${email}` });
        expect(grants.map((g) => g.secretId).sort()).toEqual(["test-prod-app-database-url", "test-prod-app-gemini-api-key"]);
        expect(p.inputs(SERVICE).template.serviceAccount).toBe(email);
        // Deployed after the bindings, or the revision cannot read its secrets.
        const svc = p.one(SERVICE);
        for (const g of p.ofType(SECRET_IAM)) expect(svc.dependencies).toContain(g.urn);
        // Nothing project-wide by default.
        expect(p.ofType(PROJECT_IAM)).toEqual([]);
    });

    it("shares one binding between two variables of the same secret, and defaults the version to latest", async () => {
        const p = await plan(
            () =>
                new GcpCloudRunService("api", {
                    image: IMAGE,
                    secrets: { A: { secret: "shared", key: "shared" }, B: { secret: "shared", key: "shared" }, C: { secret: "other" } },
                }),
            { config },
        );
        expect(
            p
                .ofType(SECRET_IAM)
                .map((r) => r.name)
                .sort(),
        ).toEqual(["api-secret-access-c", "api-secret-access-shared"]);
        expect(p.inputs(SERVICE).template.containers[0].envs[2]).toEqual({
            name: "C",
            valueSource: { secretKeyRef: { secret: "other", version: "latest" } },
        });
    });

    it("creates a dedicated service account and project roles only when asked", async () => {
        const p = await plan(
            () => new GcpCloudRunService("api", { image: IMAGE, serviceAccountRoles: ["roles/cloudsql.client", "roles/cloudtrace.agent"] }),
            { config },
        );
        const account = p.inputs(ACCOUNT);
        expect(account.accountId).toMatch(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/);
        const roles = p.ofType(PROJECT_IAM).map((r) => r.inputs as Record<string, any>);
        expect(roles.map((r) => r.role)).toEqual(["roles/cloudsql.client", "roles/cloudtrace.agent"]);
        for (const r of roles)
            expect(r).toMatchObject({
                project: "acme-prod",
                member: `serviceAccount:${account.accountId}@acme-prod.iam.gserviceaccount.com`,
            });
    });

    it("cuts the service account id to 30 characters", async () => {
        const p = await plan(() => new GcpCloudRunService("a-rather-long-service-name", { image: IMAGE }), {
            project: "techmate-platform",
            config,
        });
        const id: string = p.inputs(ACCOUNT).accountId;
        expect(id.length).toBeLessThanOrEqual(30);
        expect(p.inputs(SERVICE).name.length).toBeLessThanOrEqual(49);
    });

    it("grants allUsers run.invoker only when public", async () => {
        const priv = await plan(() => new GcpCloudRunService("api", { image: IMAGE }), { config });
        expect(priv.ofType(INVOKER)).toEqual([]);
        const pub = await plan(() => new GcpCloudRunService("api", { image: IMAGE, public: true }), { config });
        expect(pub.inputs(INVOKER)).toMatchObject({
            role: "roles/run.invoker",
            member: "allUsers",
            name: "test-prod-api",
            location: "us-central1",
        });
    });

    it("maps a custom domain (v1 DomainMapping) and restricts ingress when internal", async () => {
        const p = await plan(() => new GcpCloudRunService("api", { image: IMAGE, domain: "api.techmate.ai", public: true }), { config });
        expect(p.inputs(DOMAIN)).toMatchObject({
            name: "api.techmate.ai",
            location: "us-central1",
            metadata: { namespace: "acme-prod" },
            spec: { routeName: "test-prod-api", certificateMode: "AUTOMATIC" },
        });
        expect((p.one("appstack:service:GcpCloudRunService").outputs as Record<string, any>).domainRecords).toEqual([
            { type: "CNAME", name: "api", rrdata: "ghs.googlehosted.com." },
        ]);
        const internal = await plan(() => new GcpCloudRunService("api", { image: IMAGE, internalOnly: true }), { config });
        expect(internal.inputs(SERVICE).ingress).toBe("INGRESS_TRAFFIC_INTERNAL_ONLY");
        expect(internal.ofType(DOMAIN)).toEqual([]);
    });

    it("routes private ranges into a VPC with direct egress", async () => {
        const p = await plan(() => new GcpCloudRunService("api", { image: IMAGE, vpc: { network: "default", subnetwork: "run" } }), {
            config,
        });
        expect(p.inputs(SERVICE).template.vpcAccess).toEqual({
            networkInterfaces: [{ network: "default", subnetwork: "run" }],
            egress: "PRIVATE_RANGES_ONLY",
        });
    });

    it("applies transforms and keeps child names stable", async () => {
        const p = await plan(
            () =>
                new GcpCloudRunService("api", {
                    image: IMAGE,
                    public: true,
                    transform: {
                        service: (a) => {
                            a.description = "mine";
                        },
                    },
                }),
            { config },
        );
        expect(p.inputs(SERVICE).description).toBe("mine");
        expect(p.names().filter((n) => n.startsWith("gcp:"))).toEqual(
            [`${ACCOUNT}::api-sa`, `${INVOKER}::api-invoker`, `${SERVICE}::api-service`].sort(),
        );
    });

    it.each<[string, Partial<GcpCloudRunServiceArgs>, RegExp]>([
        ["max below min", { minInstances: 5, maxInstances: 2 }, /maxInstances/],
        ["an unsupported CPU", { cpu: 3 }, /cpu.*is 3/],
        ["too little memory for 4 CPU", { cpu: 4, memory: "1Gi" }, /memory/],
        ["a malformed memory", { memory: "1GB" }, /memory/],
        ["a reserved env name", { env: { PORT: "1" } }, /env.*PORT/],
        ["a variable in env and secrets", { env: { A: "1" }, secrets: { A: { secret: "s" } } }, /secrets.*env.*"A"/],
        ["a probe path without slash", { startupProbePath: "health" }, /startupProbePath/],
        ["a probe timeout above its period", { livenessProbe: { periodSeconds: 5, timeoutSeconds: 10 } }, /livenessProbe\.timeoutSeconds/],
        ["a basic role", { serviceAccountRoles: ["roles/editor"] }, /serviceAccountRoles.*roles\/editor/],
        ["a bad domain", { domain: "https://api.example.com" }, /domain/],
        ["internalOnly with ingress all", { internalOnly: true, ingress: "INGRESS_TRAFFIC_ALL" }, /internalOnly/],
        ["a VPC with connector and network", { vpc: { connector: "c", network: "n" } }, /vpc/],
        [
            "one key for two secrets",
            { secrets: { A: { secret: "x", key: "k" }, B: { secret: "y", key: "k" } } },
            /secrets\.B\.key.*two different secrets/,
        ],
    ])("rejects %s before registering any resource", async (_, bad, message) => {
        const { error, p } = await attempt({ image: IMAGE, ...bad });
        expect((error as Error).name).toBe("InvalidArgumentError");
        expect((error as Error).message).toMatch(message);
        expect(p.resources.filter((r) => r.custom)).toEqual([]);
    });
});
