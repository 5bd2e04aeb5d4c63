import type * as cloudrun from "@pulumi/gcp/cloudrun";
import type * as cloudrunv2 from "@pulumi/gcp/cloudrunv2";
import type * as projects from "@pulumi/gcp/projects";
import type * as secretmanager from "@pulumi/gcp/secretmanager";
import type * as serviceaccount from "@pulumi/gcp/serviceaccount";
import type * as pulumi from "@pulumi/pulumi";
import {
    type ArgProblem,
    type BaseArgs,
    type CloudRunSecretRef,
    type Environment,
    type LinkInput,
    type Profile,
    type Transform,
    orderProblems,
    profileDefaults,
} from "../core";

/*
 * The args, profiles and Cloud Run limits of `GcpCloudRunService` (service/gcp.ts re-exports the public ones).
 */

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

export interface CloudRunProfile {
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
export const PROFILE: Profile<CloudRunProfile> = {
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
    for (const [arg, value, min] of [
        ["minInstances", p.minInstances, 0],
        ["maxInstances", p.maxInstances, 1],
    ] as const) {
        if (!Number.isInteger(value) || value < min || value > 1000)
            problems.push({ arg, problem: `is ${value}`, allowed: `an integer from ${min} to 1000` });
    }
    problems.push(...orderProblems("minInstances", p.minInstances, "maxInstances", p.maxInstances));
    return problems;
}

export const STARTUP_PROBE_DEFAULTS: Required<CloudRunProbeTiming> = {
    initialDelaySeconds: 5,
    periodSeconds: 5,
    timeoutSeconds: 3,
    failureThreshold: 24,
};
/** Defaults of the liveness probe: an instance unresponsive for 3 × 15 s = 45 s is restarted. */
export const LIVENESS_PROBE_DEFAULTS: Required<CloudRunProbeTiming> = {
    initialDelaySeconds: 0,
    periodSeconds: 15,
    timeoutSeconds: 5,
    failureThreshold: 3,
};

/** CPU counts Cloud Run accepts for an instance with request concurrency above 1. */
export const CPUS = [1, 2, 4, 6, 8];
/**
 * Memory (MiB) Cloud Run allows per CPU count: 1 CPU 128Mi-4Gi, 2 CPU 128Mi-8Gi, 4 CPU 2-16Gi, 6 CPU 4-24Gi, 8 CPU
 * 4-32Gi (https://cloud.google.com/run/docs/configuring/services/memory-limits, "Required minimum CPUs").
 */
export const MIN_MEMORY_MIB: Record<number, number> = { 1: 128, 2: 128, 4: 2048, 6: 4096, 8: 4096 };
export const MAX_MEMORY_MIB: Record<number, number> = { 1: 4096, 2: 8192, 4: 16384, 6: 24576, 8: 32768 };
/** Names Cloud Run sets itself and refuses in `env`. */
export const RESERVED_ENV = ["PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION"];
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const HOSTNAME = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
export const INGRESS = ["INGRESS_TRAFFIC_ALL", "INGRESS_TRAFFIC_INTERNAL_ONLY", "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"] as const;
/** Cloud Run service names: at most 49 characters (revision names append a suffix to it). */
export const SERVICE_NAME_LIMIT = 49;
/** Service account ids: 6 to 30 characters. */
export const ACCOUNT_ID_LIMIT = 30;

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
     * Cost: every second of every instance's life at $0.000018 per vCPU-second and $0.000002 per GiB-second
     * (us-central1, tier 1), no per-request fee.
     * @default false (CPU only during requests, cheaper), true with `backgroundWork`
     */
    cpuAlwaysAllocated?: boolean;
    /**
     * The container runs work no request drives, e.g. Bull/BullMQ queue workers in the API's process: CPU always
     * allocated (`cpuIdle: false`, instance-based billing) and at least one instance kept in every environment
     * (`minInstances` defaults to at least 1; 0 is refused). Without it Cloud Run throttles the CPU of an instance
     * between requests and scales to zero, so jobs stall. Cloud Run scales only on requests: the `minInstances`
     * instances are the workers' floor ("Billing settings for services", "CPU allocation",
     * https://cloud.google.com/run/docs/configuring/billing-settings, read 2026-12-06).
     * Cost: `minInstances` × a month of instance-based vCPU- and GiB-seconds (1 vCPU / 1 GiB ≈ $52.56 a month each).
     * @default false
     */
    backgroundWork?: boolean;
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
     * still decides who may invoke, see `public`); put a load balancer with Cloud Armor in front (`GcpApiEdge`) and use
     * `INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER` when you need a WAF or rate limits: the run.app URL then refuses
     * requests that did not come through it (keep `public`: the load balancer invokes without an identity token).
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
     * production a global external Application Load Balancer with a serverless NEG is the supported path
     * (`GcpApiEdge`, which takes the domain instead). Only with ingress `INGRESS_TRAFFIC_ALL`. Changing it replaces the mapping.
     * @default none
     */
    domain?: string;
    /** Egress into a VPC (to reach Memorystore, Cloud SQL private IP, ...). @default none: internet egress only */
    vpc?: CloudRunVpcEgress;
    /** Edits of each child's computed args. @default none: each child takes the args the component computed */
    transform?: {
        serviceAccount?: Transform<serviceaccount.AccountArgs>;
        service?: Transform<cloudrunv2.ServiceArgs>;
        secretAccess?: Transform<secretmanager.SecretIamMemberArgs>;
        projectRole?: Transform<projects.IAMMemberArgs>;
        invoker?: Transform<cloudrunv2.ServiceIamMemberArgs>;
        domainMapping?: Transform<cloudrun.DomainMappingArgs>;
    };
}

export function memoryMib(memory: string): number | undefined {
    const m = /^(\d+)(Mi|Gi)$/.exec(memory);
    if (!m) return undefined;
    return Number(m[1]) * (m[2] === "Gi" ? 1024 : 1);
}
