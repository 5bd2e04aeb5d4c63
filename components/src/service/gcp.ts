import * as cloudrun from "@pulumi/gcp/cloudrun";
import * as cloudrunv2 from "@pulumi/gcp/cloudrunv2";
import * as projects from "@pulumi/gcp/projects";
import * as secretmanager from "@pulumi/gcp/secretmanager";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import type * as inputs from "@pulumi/gcp/types/input";
import type * as pulumi from "@pulumi/pulumi";
import {
    type ArgProblem,
    type BaseArgs,
    type CloudRunSecretRef,
    Component,
    type Environment,
    InvalidArgumentError,
    type LinkInput,
    type Profile,
    type Transform,
    checkRange,
    cutName,
    orderProblems,
    profileDefaults,
    resolveEnvironment,
    resolveLinks,
    throwFirst,
} from "../core";
import { gcpLabels, gcpProject, gcpRegion } from "../core/gcp";
import { type CloudRunMetricLabels, type CloudRunSignalOptions, CloudRunSignals } from "./gcp-signals";

export type { CloudRunSecretRef };


/** Timing of an HTTP probe. Cloud Run requires `timeoutSeconds` ≤ `periodSeconds`. */
export interface CloudRunProbeTiming {
    /** Seconds before the first probe. */
    initialDelaySeconds?: number;
    /** Seconds between probes. */
    periodSeconds?: number;
    /** Seconds a probe may take. */
    timeoutSeconds?: number;
    /** Consecutive failures before the probe counts as failed. */
    failureThreshold?: number;
}

/** Direct VPC egress (preferred, no connector to pay for) or a Serverless VPC Access connector. */
export interface CloudRunVpcEgress {
    /** VPC network (name or self link) for direct VPC egress. */
    network?: pulumi.Input<string>;
    /** Subnetwork the instances take their IPs from (direct VPC egress). Give `network` and/or `subnetwork`, or `connector`. */
    subnetwork?: pulumi.Input<string>;
    /** Network tags of the instances (for firewall rules), direct VPC egress only. */
    networkTags?: string[];
    /** `projects/<p>/locations/<region>/connectors/<name>` of a Serverless VPC Access connector (billed per connector VM). */
    connector?: pulumi.Input<string>;
    /**
     * `PRIVATE_RANGES_ONLY` sends only RFC 1918 traffic into the VPC; `ALL_TRAFFIC` sends everything (then the
     * VPC needs Cloud NAT for the internet, and the fixed egress IP that comes with it).
     * @default "PRIVATE_RANGES_ONLY"
     */
    egress?: "PRIVATE_RANGES_ONLY" | "ALL_TRAFFIC";
}

interface CloudRunProfile {
    cpu: number;
    memory: string;
    minInstances: number;
    maxInstances: number;
    deletionProtection: boolean;
}

/**
 * dev scales to zero (cold starts accepted, no idle cost); staging keeps one warm instance; prod keeps two (so a
 * crashed instance or a zone incident never means a cold start for users) and may grow to 50, the TechMate
 * figure (seeds/003, "Auto-scaling: 2-50 instances").
 */
const PROFILE: Profile<CloudRunProfile> = {
    dev: { cpu: 1, memory: "512Mi", minInstances: 0, maxInstances: 2, deletionProtection: false },
    staging: { cpu: 1, memory: "512Mi", minInstances: 1, maxInstances: 5, deletionProtection: false },
    prod: { cpu: 1, memory: "1Gi", minInstances: 2, maxInstances: 50, deletionProtection: true },
};

/** Defaults of the startup probe: up to 5 s + 24 × 5 s = 125 s for the app to become ready. */
/**
 * Problems of Cloud Run instance bounds once the environment's profile fills what is unset: 0..1000 and 1..1000
 * instances, min ≤ max. The component and stack config schemas both check through this one rule.
 */
export function cloudRunScalingProblems(environment: Environment, bounds: { minInstances?: number; maxInstances?: number }): ArgProblem[] {
    const p = profileDefaults(PROFILE, environment, bounds);
    const problems: ArgProblem[] = [];
    for (const [arg, value, min] of [["minInstances", p.minInstances, 0], ["maxInstances", p.maxInstances, 1]] as const) {
        if (!Number.isInteger(value) || value < min || value > 1000) problems.push({ arg, problem: `is ${value}`, allowed: `an integer from ${min} to 1000` });
    }
    problems.push(...orderProblems("minInstances", p.minInstances, "maxInstances", p.maxInstances));
    return problems;
}

export const STARTUP_PROBE_DEFAULTS: Required<CloudRunProbeTiming> = { initialDelaySeconds: 5, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 24 };
/** Defaults of the liveness probe: an instance unresponsive for 3 × 15 s = 45 s is restarted. */
export const LIVENESS_PROBE_DEFAULTS: Required<CloudRunProbeTiming> = { initialDelaySeconds: 0, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 3 };

/** CPU counts Cloud Run accepts for an instance with request concurrency above 1. */
const CPUS = [1, 2, 4, 6, 8];
/**
 * Memory (MiB) Cloud Run allows per CPU count: 1 CPU 128Mi-4Gi, 2 CPU 128Mi-8Gi, 4 CPU 2-16Gi, 6 CPU 4-24Gi, 8 CPU
 * 4-32Gi (https://cloud.google.com/run/docs/configuring/services/memory-limits, "Required minimum CPUs").
 */
const MIN_MEMORY_MIB: Record<number, number> = { 1: 128, 2: 128, 4: 2048, 6: 4096, 8: 4096 };
const MAX_MEMORY_MIB: Record<number, number> = { 1: 4096, 2: 8192, 4: 16384, 6: 24576, 8: 32768 };
/** Names Cloud Run sets itself and refuses in `env`. */
const RESERVED_ENV = ["PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION"];
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HOSTNAME = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const INGRESS = ["INGRESS_TRAFFIC_ALL", "INGRESS_TRAFFIC_INTERNAL_ONLY", "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"] as const;
/** Cloud Run service names: at most 49 characters (revision names append a suffix to it). */
const SERVICE_NAME_LIMIT = 49;
/** Service account ids: 6 to 30 characters. */
const ACCOUNT_ID_LIMIT = 30;

export interface GcpCloudRunServiceArgs extends BaseArgs {
    /**
     * Container image, e.g. `us-central1-docker.pkg.dev/acme/api/api:1.4.2` (Artifact Registry; the service agent
     * reads it). Changing it deploys a new revision.
     */
    image: pulumi.Input<string>;
    /** Project of the service. @default the provider's project (`gcp:project`) */
    project?: pulumi.Input<string>;
    /**
     * Region of the service. Changing it replaces the service (and its URL).
     * @default `gcp:region`, else `us-central1`
     */
    location?: string;
    /** Port the container listens on (passed to it as `PORT`). @default 8080 */
    port?: number;
    /**
     * vCPUs per instance: 1, 2, 4, 6 or 8. Cost (us-central1, tier 1, request-based billing): $0.000024 per
     * vCPU-second while serving, and for every second a `minInstances` instance idles at a lower rate.
     * @default 1 in every environment
     */
    cpu?: number;
    /**
     * Memory per instance, `<n>Mi` or `<n>Gi` (4 CPU need ≥ 2Gi, 6 or 8 CPU ≥ 4Gi; at most 32Gi).
     * Cost: $0.0000025 per GiB-second.
     * @default dev "512Mi", staging "512Mi", prod "1Gi"
     */
    memory?: string;
    /**
     * Keep CPU allocated outside requests (instance-based billing, for background work after the response).
     * @default false (CPU only during requests, cheaper)
     */
    cpuAlwaysAllocated?: boolean;
    /** Extra CPU while an instance starts, to shorten cold starts. Billed only during start-up. @default true */
    startupCpuBoost?: boolean;
    /**
     * Fewest instances kept warm (0 scales to zero). Each warm instance is billed while idle.
     * @default dev 0, staging 1, prod 2 (TechMate: 2-50, seeds/003)
     */
    minInstances?: number;
    /**
     * Most instances (at least `minInstances`, at most 1000): the cap on cost and on connections to databases.
     * @default dev 2, staging 5, prod 50 (TechMate: 2-50, seeds/003)
     */
    maxInstances?: number;
    /** Concurrent requests per instance (1..1000). @default 80 */
    concurrency?: number;
    /** Seconds a request may take (1..3600). @default 300 */
    timeoutSeconds?: number;
    /**
     * Path of the startup probe (HTTP GET on `port`): no traffic reaches an instance until it answers 2xx; the
     * instance is replaced when it fails `failureThreshold` times in a row. TechMate serves `/health/ready`.
     * @default "/health/ready"
     */
    startupProbePath?: string;
    /**
     * Startup probe timing (initial delay ≤ 240 s, period 1..240 s, timeout 1..period).
     * @default { initialDelaySeconds: 5, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 24 } (≈ 2 minutes to start)
     */
    startupProbe?: CloudRunProbeTiming;
    /**
     * Path of the liveness probe (HTTP GET on `port`), run once the startup probe passed: an instance failing it
     * `failureThreshold` times in a row is restarted. Keep it cheap (no database call). TechMate serves `/health/live`.
     * @default "/health/live"
     */
    livenessProbePath?: string;
    /**
     * Liveness probe timing (period 1..3600 s, timeout 1..period).
     * @default { periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 3 } (restart after ≈ 45 s unresponsive)
     */
    livenessProbe?: CloudRunProbeTiming;
    /**
     * Plain environment variables (names: letters, digits, `_`; not `PORT`, `K_SERVICE`, `K_REVISION`,
     * `K_CONFIGURATION`). Values are visible in the revision: put secrets in `secrets`.
     * @default none
     */
    env?: Record<string, pulumi.Input<string>>;
    /**
     * Environment variables read from Secret Manager when an instance starts, e.g. `secrets.envRefs()` of a
     * `GcpSecrets`. The service account gets `roles/secretmanager.secretAccessor` on each of these secrets (one
     * `SecretIamMember` per secret) and on nothing else; the service is deployed after those bindings exist.
     * @default none
     */
    secrets?: Record<string, CloudRunSecretRef>;
    /**
     * Extra project-level roles of the service account (e.g. `roles/cloudsql.client`), one `projects.IAMMember`
     * each. Prefer resource-level bindings on the resource itself where the service offers them.
     * @default none: the account can read its secrets and nothing else
     */
    serviceAccountRoles?: string[];
    /**
     * Resources the service uses: `GcpSecrets` (its values as Secret Manager variables, readable by exactly this
     * service account), env-only links such as `SupabasePostgres` and `UpstashRedis`. For each the service sets the
     * link's variables and secret references and grants its roles, as its own children. Links that need AWS (a VPC
     * security group, Secrets Manager, IAM statements) are refused.
     * @default none
     */
    links?: LinkInput[];
    /**
     * New images reach the service from outside Pulumi (CI deploys them as revisions, e.g. `gcloud run deploy`):
     * Pulumi keeps the image of the first deployment and ignores later image changes and the `client` fields gcloud
     * sets, so an update never rolls back a deployed revision.
     * @default false (Pulumi deploys `image`)
     */
    imageDeployedExternally?: boolean;
    /**
     * Who may reach the service at the network level. `INGRESS_TRAFFIC_ALL` lets the internet reach the URL (IAM
     * still decides who may invoke, see `public`); put a load balancer with Cloud Armor in front and use
     * `INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER` when you need a WAF.
     * @default "INGRESS_TRAFFIC_ALL" (a public API; see `internalOnly`)
     */
    ingress?: (typeof INGRESS)[number];
    /** Shorthand for `ingress: "INGRESS_TRAFFIC_INTERNAL_ONLY"`: only the VPC and Google services reach it. @default false */
    internalOnly?: boolean;
    /**
     * Let anyone invoke the service (`allUsers` gets `roles/run.invoker`): for a public API or website. Without it
     * callers need an identity token of a principal with `run.invoker`. An org policy
     * `iam.allowedPolicyMemberDomains` rejects `allUsers`.
     * @default false
     */
    public?: boolean;
    /**
     * Refuse to delete the service (`pulumi destroy` and replacements fail until it is set to false and applied).
     * The provider's own default is true, so dev sets false explicitly.
     * @default dev false, staging false, prod true
     */
    deletionProtection?: boolean;
    /**
     * Serve a custom domain (e.g. `api.techmate.ai`) through a Cloud Run domain mapping (`gcp.cloudrun.DomainMapping`,
     * the v1 API: Cloud Run v2 has no domain mapping). The deploying identity must be a verified owner of the domain
     * (Search Console); the mapping's `domainRecords` are the DNS records to create; Google then issues the
     * certificate. Domain mappings are in preview and exist only in some regions (not e.g. `us-east4`); in
     * production a global external Application Load Balancer with a serverless NEG is the supported path.
     * Changing it replaces the mapping.
     * @default none
     */
    domain?: string;
    /** Egress into a VPC (to reach Memorystore, Cloud SQL private IP, ...). @default none: internet egress only */
    vpc?: CloudRunVpcEgress;
    /** Edits of each child's computed args. */
    transform?: {
        serviceAccount?: Transform<serviceaccount.AccountArgs>;
        service?: Transform<cloudrunv2.ServiceArgs>;
        secretAccess?: Transform<secretmanager.SecretIamMemberArgs>;
        projectRole?: Transform<projects.IAMMemberArgs>;
        invoker?: Transform<cloudrunv2.ServiceIamMemberArgs>;
        domainMapping?: Transform<cloudrun.DomainMappingArgs>;
    };
}

function memoryMib(memory: string): number | undefined {
    const m = /^(\d+)(Mi|Gi)$/.exec(memory);
    if (!m) return undefined;
    return Number(m[1]) * (m[2] === "Gi" ? 1024 : 1);
}

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
    public readonly domain?: string;
    /** DNS records to create for `domain` (type, name, rrdata), once the mapping exists. */
    public readonly domainRecords?: pulumi.Output<{ type: string; name: string; rrdata: string }[]>;
    public readonly service: cloudrunv2.Service;

    constructor(name: string, args: GcpCloudRunServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        // ---- validation, before anything is registered (the component itself included) ----
        const environment = resolveEnvironment(args.environment);
        const component = `GcpCloudRunService "${name}"`;

        const p = profileDefaults(PROFILE, environment, {
            cpu: args.cpu,
            memory: args.memory,
            minInstances: args.minInstances,
            maxInstances: args.maxInstances,
            deletionProtection: args.deletionProtection,
        });
        if (!CPUS.includes(p.cpu)) throw new InvalidArgumentError(component, "cpu", `is ${p.cpu}`, CPUS.join(", "));
        const mib = memoryMib(p.memory);
        if (mib === undefined) throw new InvalidArgumentError(component, "memory", `is "${p.memory}"`, 'a size such as "512Mi" or "2Gi"');
        const minMib = MIN_MEMORY_MIB[p.cpu] ?? 128;
        const maxMib = MAX_MEMORY_MIB[p.cpu] ?? 32 * 1024;
        if (mib < minMib || mib > maxMib) throw new InvalidArgumentError(component, "memory", `is ${p.memory} with ${p.cpu} CPU`, `${minMib}Mi to ${maxMib / 1024}Gi`);
        throwFirst(component, cloudRunScalingProblems(environment, { minInstances: p.minInstances, maxInstances: p.maxInstances }));
        const port = args.port ?? 8080;
        checkRange(component, "port", port, 1, 65535);
        const concurrency = args.concurrency ?? 80;
        checkRange(component, "concurrency", concurrency, 1, 1000);
        const timeoutSeconds = args.timeoutSeconds ?? 300;
        checkRange(component, "timeoutSeconds", timeoutSeconds, 1, 3600);

        const startupPath = args.startupProbePath ?? "/health/ready";
        const livenessPath = args.livenessProbePath ?? "/health/live";
        for (const [arg, path] of [["startupProbePath", startupPath], ["livenessProbePath", livenessPath]] as const) {
            if (!/^\/[^\s]*$/.test(path)) throw new InvalidArgumentError(component, arg, `is "${path}"`, 'a path starting with "/", e.g. "/health/ready"');
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
        for (const [arg, names] of [["env", Object.keys(ownEnv)], ["secrets", Object.keys(ownSecrets)]] as const) {
            for (const envName of names) {
                if (!ENV_NAME.test(envName)) throw new InvalidArgumentError(component, arg, `has the variable name "${envName}"`, "letters, digits and _, not starting with a digit");
                if (RESERVED_ENV.includes(envName)) throw new InvalidArgumentError(component, arg, `sets "${envName}", which Cloud Run sets itself`, `any name but ${RESERVED_ENV.join(", ")}`);
            }
        }
        for (const envName of Object.keys(ownSecrets)) {
            if (envName in ownEnv) throw new InvalidArgumentError(component, "secrets", `and \`env\` both set "${envName}"`, "each variable in one of them");
        }
        const { links, env } = resolveLinks(component, "gcp", args.links, { env: ownEnv, secrets: ownSecrets });
        const secrets: Record<string, CloudRunSecretRef> = { ...ownSecrets };
        for (const link of links) Object.assign(secrets, link.gcp?.secrets);
        for (const envName of Object.keys(env)) {
            if (RESERVED_ENV.includes(envName)) throw new InvalidArgumentError(component, "links", `set "${envName}", which Cloud Run sets itself`, `any name but ${RESERVED_ENV.join(", ")}`);
        }
        // Plan the accessor bindings: one per secret key, with a child-name suffix that never collides.
        const bindings = new Map<string, pulumi.Input<string>>();
        const keyOfSuffix = new Map<string, string>();
        for (const [envName, ref] of Object.entries(secrets)) {
            const key = ref.key ?? envName;
            const suffix = key.toLowerCase().replace(/[^a-z0-9-]/g, "-");
            const owner = keyOfSuffix.get(suffix);
            if (owner !== undefined && owner !== key) {
                throw new InvalidArgumentError(component, `secrets.${envName}.key`, `"${key}" and "${owner}" name the same binding "${suffix}"`, "keys that differ in more than case and punctuation");
            }
            const known = bindings.get(suffix);
            if (known !== undefined && typeof known === "string" && typeof ref.secret === "string" && known !== ref.secret) {
                throw new InvalidArgumentError(component, `secrets.${envName}.key`, `"${key}" is used for two different secrets ("${known}" and "${ref.secret}")`, "one key per secret");
            }
            keyOfSuffix.set(suffix, key);
            if (known === undefined) bindings.set(suffix, ref.secret);
        }
        const roles = [...(args.serviceAccountRoles ?? []), ...links.flatMap((link) => link.gcp?.roles ?? [])];
        if (new Set(roles).size !== roles.length) throw new InvalidArgumentError(component, "serviceAccountRoles", "lists a role twice", "distinct roles");
        for (const role of roles) {
            if (!/^(roles\/[A-Za-z0-9_.]+|(projects|organizations)\/[^/]+\/roles\/[A-Za-z0-9_.]+)$/.test(role)) {
                throw new InvalidArgumentError(component, "serviceAccountRoles", `contains "${role}"`, "role names such as roles/cloudsql.client");
            }
            if (role === "roles/owner" || role === "roles/editor") {
                throw new InvalidArgumentError(component, "serviceAccountRoles", `contains the basic role ${role}`, "predefined or custom roles (least privilege)");
            }
        }
        if (args.ingress !== undefined && !INGRESS.includes(args.ingress)) throw new InvalidArgumentError(component, "ingress", `is "${String(args.ingress)}"`, INGRESS.join(", "));
        if (args.internalOnly && args.ingress !== undefined && args.ingress !== "INGRESS_TRAFFIC_INTERNAL_ONLY") {
            throw new InvalidArgumentError(component, "internalOnly", `contradicts ingress "${args.ingress}"`, "one of internalOnly and ingress");
        }
        const ingress = args.internalOnly ? "INGRESS_TRAFFIC_INTERNAL_ONLY" : (args.ingress ?? "INGRESS_TRAFFIC_ALL");
        if (args.domain !== undefined && !HOSTNAME.test(args.domain)) throw new InvalidArgumentError(component, "domain", `is "${args.domain}"`, "a lower-case host name such as api.example.com");
        if (args.domain !== undefined && ingress === "INGRESS_TRAFFIC_INTERNAL_ONLY") {
            throw new InvalidArgumentError(component, "domain", "is set on an internal-only service", "a domain on a service with ingress INGRESS_TRAFFIC_ALL");
        }
        const vpc = args.vpc;
        if (vpc) {
            const direct = vpc.network !== undefined || vpc.subnetwork !== undefined;
            if (direct === (vpc.connector !== undefined)) {
                throw new InvalidArgumentError(component, "vpc", direct ? "sets both a connector and a network/subnetwork" : "sets neither a network/subnetwork nor a connector", "network and/or subnetwork (direct VPC egress), or connector");
            }
            if (vpc.networkTags && !direct) throw new InvalidArgumentError(component, "vpc.networkTags", "is set with a connector", "network tags with direct VPC egress only");
        }

        super("service:GcpCloudRunService", name, args, opts);

        // ---- children ----
        this.location = gcpRegion(args.location);
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
                `role-${role.replace(/^.*roles\//, "").replace(/[^A-Za-z0-9]/g, "-").toLowerCase()}`,
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
                            : { networkInterfaces: [{ network: vpc.network, subnetwork: vpc.subnetwork, tags: vpc.networkTags }], egress: vpc.egress ?? "PRIVATE_RANGES_ONLY" }
                        : undefined,
                    containers: [
                        {
                            image: args.image,
                            ports: { containerPort: port },
                            resources: {
                                limits: { cpu: String(p.cpu), memory: p.memory },
                                // Must be explicit once `resources` is set, or CPU becomes always-allocated.
                                cpuIdle: !(args.cpuAlwaysAllocated ?? false),
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
            { dependsOn: [...access, ...projectRoles], ...(args.imageDeployedExternally ? { ignoreChanges: ["template.containers[0].image", "client", "clientVersion"] } : {}) },
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
                (statuses ?? []).flatMap((s) => s.resourceRecords ?? []).map((r) => ({ type: r.type ?? "", name: r.name ?? "", rrdata: r.rrdata ?? "" })),
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
}
