import * as cloudrun from "@pulumi/gcp/cloudrun";
import * as cloudrunv2 from "@pulumi/gcp/cloudrunv2";
import * as projects from "@pulumi/gcp/projects";
import * as secretmanager from "@pulumi/gcp/secretmanager";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import type * as inputs from "@pulumi/gcp/types/input";
import type * as pulumi from "@pulumi/pulumi";
import {
    type CloudRunSecretRef,
    Component,
    InvalidArgumentError,
    type Link,
    checkRange,
    cutName,
    profileDefaults,
    resolveEnvironment,
    resolveLinks,
    throwFirst,
} from "../core";
import { gcpLabels, gcpProject, gcpRegion } from "../core/gcp";
import { type CloudRunMetricLabels, type CloudRunSignalOptions, CloudRunSignals } from "./gcp-signals";
import {
    ACCOUNT_ID_LIMIT,
    CPUS,
    ENV_NAME,
    type GcpCloudRunServiceArgs,
    HOSTNAME,
    INGRESS,
    LIVENESS_PROBE_DEFAULTS,
    MAX_MEMORY_MIB,
    MIN_MEMORY_MIB,
    PROFILE,
    RESERVED_ENV,
    SERVICE_NAME_LIMIT,
    STARTUP_PROBE_DEFAULTS,
    cloudRunScalingProblems,
    memoryMib,
} from "./gcp-args";

export type { CloudRunSecretRef };
export {
    type CloudRunProbeTiming,
    type CloudRunVpcEgress,
    type GcpCloudRunServiceArgs,
    LIVENESS_PROBE_DEFAULTS,
    STARTUP_PROBE_DEFAULTS,
    cloudRunScalingProblems,
} from "./gcp-args";

/**
 * A Cloud Run (v2) service with its own least-privilege service account, Secret Manager env vars, startup and
 * liveness probes on the health paths, per-environment scaling and deletion protection, an optional public
 * invoker binding, custom domain and VPC egress.
 *
 * Cost: request-based billing per vCPU-second and GiB-second while serving, plus idle warm instances
 * (`minInstances`); TechMate estimates $50-200 a month (seeds/003).
 */
export class GcpCloudRunService extends Component implements CloudRunMetricLabels {
    public readonly url: pulumi.Output<string>;
    public readonly serviceName: pulumi.Output<string>;
    public readonly serviceAccountEmail: pulumi.Output<string>;
    public readonly location: string;
    /** Who may reach the service (`ingress` as applied): a `GcpApiEdge` in front checks it. */
    public readonly ingress: (typeof INGRESS)[number];
    public readonly domain?: string;
    /** DNS records to create for `domain` (type, name, rrdata), once the mapping exists. */
    public readonly domainRecords?: pulumi.Output<{ type: string; name: string; rrdata: string }[]>;
    public readonly service: cloudrunv2.Service;

    constructor(name: string, args: GcpCloudRunServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        // ---- validation, before anything is registered (the component itself included) ----
        const environment = resolveEnvironment(args.environment);
        const component = `GcpCloudRunService "${name}"`;

        const background = args.backgroundWork ?? false;
        if (background && args.cpuAlwaysAllocated === false) {
            throw new InvalidArgumentError(
                component,
                "cpuAlwaysAllocated",
                "is false with backgroundWork",
                "CPU always allocated (leave cpuAlwaysAllocated unset) for work outside requests",
            );
        }
        if (background && args.minInstances === 0) {
            throw new InvalidArgumentError(
                component,
                "minInstances",
                "is 0 with backgroundWork (Cloud Run scales on requests only: no instance would run the workers)",
                "at least 1",
            );
        }
        const p = profileDefaults(PROFILE, environment, {
            cpu: args.cpu,
            memory: args.memory,
            minInstances: args.minInstances ?? (background ? Math.max(1, PROFILE[environment].minInstances) : undefined),
            maxInstances: args.maxInstances,
            deletionProtection: args.deletionProtection,
        });
        const cpuAlwaysAllocated = args.cpuAlwaysAllocated ?? background;
        if (!CPUS.includes(p.cpu)) throw new InvalidArgumentError(component, "cpu", `is ${p.cpu}`, CPUS.join(", "));
        const mib = memoryMib(p.memory);
        if (mib === undefined) throw new InvalidArgumentError(component, "memory", `is "${p.memory}"`, 'a size such as "512Mi" or "2Gi"');
        const minMib = MIN_MEMORY_MIB[p.cpu] ?? 128;
        const maxMib = MAX_MEMORY_MIB[p.cpu] ?? 32 * 1024;
        if (mib < minMib || mib > maxMib)
            throw new InvalidArgumentError(component, "memory", `is ${p.memory} with ${p.cpu} CPU`, `${minMib}Mi to ${maxMib / 1024}Gi`);
        throwFirst(component, cloudRunScalingProblems(environment, { minInstances: p.minInstances, maxInstances: p.maxInstances }));
        const port = args.port ?? 8080;
        checkRange(component, "port", port, 1, 65535);
        const concurrency = args.concurrency ?? 80;
        checkRange(component, "concurrency", concurrency, 1, 1000);
        const timeoutSeconds = args.timeoutSeconds ?? 300;
        checkRange(component, "timeoutSeconds", timeoutSeconds, 1, 3600);

        const startupPath = args.startupProbePath ?? "/health/ready";
        const livenessPath = args.livenessProbePath ?? "/health/live";
        for (const [arg, path] of [
            ["startupProbePath", startupPath],
            ["livenessProbePath", livenessPath],
        ] as const) {
            if (!/^\/[^\s]*$/.test(path))
                throw new InvalidArgumentError(component, arg, `is "${path}"`, 'a path starting with "/", e.g. "/health/ready"');
        }
        const startup = { ...STARTUP_PROBE_DEFAULTS, ...args.startupProbe };
        const liveness = { ...LIVENESS_PROBE_DEFAULTS, ...args.livenessProbe };
        checkRange(component, "startupProbe.initialDelaySeconds", startup.initialDelaySeconds, 0, 240);
        checkRange(component, "startupProbe.periodSeconds", startup.periodSeconds, 1, 240);
        checkRange(component, "startupProbe.timeoutSeconds", startup.timeoutSeconds, 1, startup.periodSeconds);
        checkRange(component, "startupProbe.failureThreshold", startup.failureThreshold, 1, 1000);
        checkRange(component, "livenessProbe.initialDelaySeconds", liveness.initialDelaySeconds, 0, 3600);
        checkRange(component, "livenessProbe.periodSeconds", liveness.periodSeconds, 1, 3600);
        checkRange(component, "livenessProbe.timeoutSeconds", liveness.timeoutSeconds, 1, liveness.periodSeconds);
        checkRange(component, "livenessProbe.failureThreshold", liveness.failureThreshold, 1, 1000);

        const ownEnv = args.env ?? {};
        const ownSecrets = args.secrets ?? {};
        for (const [arg, names] of [
            ["env", Object.keys(ownEnv)],
            ["secrets", Object.keys(ownSecrets)],
        ] as const) {
            for (const envName of names) {
                if (!ENV_NAME.test(envName))
                    throw new InvalidArgumentError(
                        component,
                        arg,
                        `has the variable name "${envName}"`,
                        "letters, digits and _, not starting with a digit",
                    );
                if (RESERVED_ENV.includes(envName))
                    throw new InvalidArgumentError(
                        component,
                        arg,
                        `sets "${envName}", which Cloud Run sets itself`,
                        `any name but ${RESERVED_ENV.join(", ")}`,
                    );
            }
        }
        for (const envName of Object.keys(ownSecrets)) {
            if (envName in ownEnv)
                throw new InvalidArgumentError(component, "secrets", `and \`env\` both set "${envName}"`, "each variable in one of them");
        }
        const { links, env } = resolveLinks(component, "gcp", args.links, { env: ownEnv, secrets: ownSecrets });
        const secrets: Record<string, CloudRunSecretRef> = { ...ownSecrets };
        for (const link of links) Object.assign(secrets, link.gcp?.secrets);
        for (const envName of Object.keys(env)) {
            if (RESERVED_ENV.includes(envName))
                throw new InvalidArgumentError(
                    component,
                    "links",
                    `set "${envName}", which Cloud Run sets itself`,
                    `any name but ${RESERVED_ENV.join(", ")}`,
                );
        }
        // Plan the accessor bindings: one per secret key, with a child-name suffix that never collides.
        const bindings = new Map<string, pulumi.Input<string>>();
        const keyOfSuffix = new Map<string, string>();
        for (const [envName, ref] of Object.entries(secrets)) {
            const key = ref.key ?? envName;
            const suffix = key.toLowerCase().replace(/[^a-z0-9-]/g, "-");
            const owner = keyOfSuffix.get(suffix);
            if (owner !== undefined && owner !== key) {
                throw new InvalidArgumentError(
                    component,
                    `secrets.${envName}.key`,
                    `"${key}" and "${owner}" name the same binding "${suffix}"`,
                    "keys that differ in more than case and punctuation",
                );
            }
            const known = bindings.get(suffix);
            if (known !== undefined && typeof known === "string" && typeof ref.secret === "string" && known !== ref.secret) {
                throw new InvalidArgumentError(
                    component,
                    `secrets.${envName}.key`,
                    `"${key}" is used for two different secrets ("${known}" and "${ref.secret}")`,
                    "one key per secret",
                );
            }
            keyOfSuffix.set(suffix, key);
            if (known === undefined) bindings.set(suffix, ref.secret);
        }
        const roles = [...(args.serviceAccountRoles ?? []), ...links.flatMap((link) => link.gcp?.roles ?? [])];
        if (new Set(roles).size !== roles.length)
            throw new InvalidArgumentError(component, "serviceAccountRoles", "lists a role twice", "distinct roles");
        for (const role of roles) {
            if (!/^(roles\/[A-Za-z0-9_.]+|(projects|organizations)\/[^/]+\/roles\/[A-Za-z0-9_.]+)$/.test(role)) {
                throw new InvalidArgumentError(
                    component,
                    "serviceAccountRoles",
                    `contains "${role}"`,
                    "role names such as roles/cloudsql.client",
                );
            }
            if (role === "roles/owner" || role === "roles/editor") {
                throw new InvalidArgumentError(
                    component,
                    "serviceAccountRoles",
                    `contains the basic role ${role}`,
                    "predefined or custom roles (least privilege)",
                );
            }
        }
        if (args.ingress !== undefined && !INGRESS.includes(args.ingress))
            throw new InvalidArgumentError(component, "ingress", `is "${String(args.ingress)}"`, INGRESS.join(", "));
        if (args.internalOnly && args.ingress !== undefined && args.ingress !== "INGRESS_TRAFFIC_INTERNAL_ONLY") {
            throw new InvalidArgumentError(
                component,
                "internalOnly",
                `contradicts ingress "${args.ingress}"`,
                "one of internalOnly and ingress",
            );
        }
        const ingress = args.internalOnly ? "INGRESS_TRAFFIC_INTERNAL_ONLY" : (args.ingress ?? "INGRESS_TRAFFIC_ALL");
        if (args.domain !== undefined && !HOSTNAME.test(args.domain))
            throw new InvalidArgumentError(component, "domain", `is "${args.domain}"`, "a lower-case host name such as api.example.com");
        if (args.domain !== undefined && ingress !== "INGRESS_TRAFFIC_ALL") {
            // A domain mapping is reached from the internet, not through a load balancer: such ingress refuses it.
            throw new InvalidArgumentError(
                component,
                "domain",
                `is set on a service with ingress ${ingress}, which refuses the mapping's traffic`,
                "a domain on a service with ingress INGRESS_TRAFFIC_ALL, or the domain on the load balancer in front (GcpApiEdge)",
            );
        }
        const vpc = args.vpc;
        if (vpc) {
            const direct = vpc.network !== undefined || vpc.subnetwork !== undefined;
            if (direct === (vpc.connector !== undefined)) {
                throw new InvalidArgumentError(
                    component,
                    "vpc",
                    direct ? "sets both a connector and a network/subnetwork" : "sets neither a network/subnetwork nor a connector",
                    "network and/or subnetwork (direct VPC egress), or connector",
                );
            }
            if (vpc.networkTags && !direct)
                throw new InvalidArgumentError(
                    component,
                    "vpc.networkTags",
                    "is set with a connector",
                    "network tags with direct VPC egress only",
                );
        }

        super("service:GcpCloudRunService", name, args, opts);

        // ---- children ----
        this.location = gcpRegion(args.location);
        this.ingress = ingress;
        this.domain = args.domain;
        const labels = gcpLabels(this.tags);
        let project: ReturnType<typeof gcpProject> | undefined;
        const projectId = () => (project ??= gcpProject(this, args.project)).id;

        const account = this.child(
            serviceaccount.Account,
            "sa",
            {
                project: args.project,
                accountId: cutName(this.physicalName("run"), ACCOUNT_ID_LIMIT),
                displayName: `Cloud Run ${name} (${this.environment})`,
                description: `Identity of the Cloud Run service ${name}; managed by Pulumi, least privilege.`,
            },
            args.transform?.serviceAccount,
        );
        this.serviceAccountEmail = account.email;

        // One accessor binding per distinct secret (by key), never project-wide.
        const access = [...bindings].map(([suffix, secret]) =>
            this.child(
                secretmanager.SecretIamMember,
                `secret-access-${suffix}`,
                { project: args.project, secretId: secret, role: "roles/secretmanager.secretAccessor", member: account.member },
                args.transform?.secretAccess,
            ),
        );
        const projectRoles = roles.map((role) =>
            this.child(
                projects.IAMMember,
                `role-${role
                    .replace(/^.*roles\//, "")
                    .replace(/[^A-Za-z0-9]/g, "-")
                    .toLowerCase()}`,
                { project: projectId(), role, member: account.member },
                args.transform?.projectRole,
            ),
        );

        const envs: inputs.cloudrunv2.ServiceTemplateContainerEnv[] = [
            ...Object.entries(env).map(([envName, value]) => ({ name: envName, value })),
            ...Object.entries(secrets).map(([envName, ref]) => ({
                name: envName,
                valueSource: { secretKeyRef: { secret: ref.secret, version: ref.version ?? "latest" } },
            })),
        ];

        const service = this.child(
            cloudrunv2.Service,
            "service",
            {
                project: args.project,
                name: cutName(this.physicalName(""), SERVICE_NAME_LIMIT),
                location: this.location,
                description: `${name} (${this.environment}), managed by Pulumi`,
                ingress,
                deletionProtection: p.deletionProtection,
                labels,
                template: {
                    serviceAccount: account.email,
                    labels,
                    maxInstanceRequestConcurrency: concurrency,
                    timeout: `${timeoutSeconds}s`,
                    scaling: { minInstanceCount: p.minInstances, maxInstanceCount: p.maxInstances },
                    vpcAccess: vpc
                        ? vpc.connector !== undefined
                            ? { connector: vpc.connector, egress: vpc.egress ?? "PRIVATE_RANGES_ONLY" }
                            : {
                                  networkInterfaces: [{ network: vpc.network, subnetwork: vpc.subnetwork, tags: vpc.networkTags }],
                                  egress: vpc.egress ?? "PRIVATE_RANGES_ONLY",
                              }
                        : undefined,
                    containers: [
                        {
                            image: args.image,
                            ports: { containerPort: port },
                            resources: {
                                limits: { cpu: String(p.cpu), memory: p.memory },
                                // Must be explicit once `resources` is set, or CPU becomes always-allocated.
                                cpuIdle: !cpuAlwaysAllocated,
                                startupCpuBoost: args.startupCpuBoost ?? true,
                            },
                            envs,
                            startupProbe: {
                                httpGet: { path: startupPath, port },
                                initialDelaySeconds: startup.initialDelaySeconds,
                                periodSeconds: startup.periodSeconds,
                                timeoutSeconds: startup.timeoutSeconds,
                                failureThreshold: startup.failureThreshold,
                            },
                            livenessProbe: {
                                httpGet: { path: livenessPath, port },
                                initialDelaySeconds: liveness.initialDelaySeconds,
                                periodSeconds: liveness.periodSeconds,
                                timeoutSeconds: liveness.timeoutSeconds,
                                failureThreshold: liveness.failureThreshold,
                            },
                        },
                    ],
                },
            },
            args.transform?.service,
            // A revision whose account cannot read its secrets fails to deploy: bind first.
            {
                dependsOn: [...access, ...projectRoles],
                ...(args.imageDeployedExternally ? { ignoreChanges: ["template.containers[0].image", "client", "clientVersion"] } : {}),
            },
        );
        this.service = service;
        this.serviceName = service.name;
        this.url = service.uri;

        if (args.public) {
            this.child(
                cloudrunv2.ServiceIamMember,
                "invoker",
                { project: args.project, location: this.location, name: service.name, role: "roles/run.invoker", member: "allUsers" },
                args.transform?.invoker,
            );
        }

        if (args.domain !== undefined) {
            const mapping = this.child(
                cloudrun.DomainMapping,
                "domain",
                {
                    project: args.project,
                    location: this.location,
                    name: args.domain,
                    metadata: { namespace: projectId(), labels },
                    spec: { routeName: service.name, certificateMode: "AUTOMATIC" },
                },
                args.transform?.domainMapping,
            );
            this.domainRecords = mapping.statuses.apply((statuses) =>
                (statuses ?? [])
                    .flatMap((s) => s.resourceRecords ?? [])
                    .map((r) => ({ type: r.type ?? "", name: r.name ?? "", rrdata: r.rrdata ?? "" })),
            );
        }

        this.registerOutputs({
            url: this.url,
            serviceName: this.serviceName,
            serviceAccountEmail: this.serviceAccountEmail,
            location: this.location,
            domainRecords: this.domainRecords,
        });
    }

    /** The service's latency and error alerts and uptime check, for `GcpMonitoring`. */
    monitoring(options?: CloudRunSignalOptions): CloudRunSignals {
        return new CloudRunSignals(this, options);
    }

    /**
     * A link giving a consumer (e.g. a web app's build) the URL clients reach this service on, in `variable`, a plain
     * variable since the URL is public: `https://<domain>` with a mapped `domain`, else the `run.app` {@link url};
     * `url` overrides both when something in front serves it (a load balancer on its own domain, `GcpApiEdge.url`).
     * The link is named after this service.
     */
    link(variable = "API_URL", url?: pulumi.Input<string>): Link {
        return { name: this.name, env: { [variable]: url ?? (this.domain !== undefined ? `https://${this.domain}` : this.url) } };
    }
}
