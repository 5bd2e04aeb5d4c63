import * as compute from "@pulumi/gcp/compute";
import type * as inputs from "@pulumi/gcp/types/input";
import type * as pulumi from "@pulumi/pulumi";
import { type BaseArgs, Component, InvalidArgumentError, type Profile, type Transform, checkRange, profileDefaults } from "../core";
import { gcpLabels } from "../core/gcp";

/*
 * Sources of the limits checked here (read 2026-12-07):
 * - hashicorp/terraform-provider-google google/services/compute/resource_compute_security_policy.go (commit e03b762,
 *   2026-08-21), the schema @pulumi/gcp 9.37 bridges: `exceed_action` StringInSlice redirect, deny(403), deny(404),
 *   deny(429), deny(502) (line 345); `enforce_on_key` ALL, IP, HTTP_HEADER, XFF_IP, HTTP_COOKIE, ... (line 353);
 *   `conform_action` "allow" only (line 338). The provider does not check `count` or `interval_sec`: the API does.
 * - Cloud Armor "Rate limiting overview" (https://cloud.google.com/armor/docs/rate-limiting-overview): a throttle's
 *   `rate_limit_threshold_count` is 1 to 1,000,000; `interval_sec` must be 10, 30, 60, 120, 180, 240, 300, 600, 900,
 *   1200, 1800, 2700 or 3600; 429 is the recommended deny status.
 * - website/docs/r/compute_security_policy.html.markdown line 405: with HTTP_HEADER "the key value is truncated to the
 *   first 128 bytes of the header value. If no such header is present in the request, the key type defaults to ALL"
 *   (one bucket shared by every such request), hence the per-IP rule for requests without the header.
 * - resource_compute_ssl_policy.go lines 201-234: min_tls_version TLS_1_0..TLS_1_3 ("When set to TLS_1_3, the profile
 *   field must be set to RESTRICTED"); profile COMPATIBLE (the default), MODERN, RESTRICTED, CUSTOM, FIPS_202205.
 */

/** Windows a Cloud Armor throttle counts over, seconds (rate-limiting overview, `interval_sec`). */
export const ARMOR_RATE_INTERVALS = [10, 30, 60, 120, 180, 240, 300, 600, 900, 1200, 1800, 2700, 3600] as const;
export type ArmorRateIntervalSeconds = (typeof ARMOR_RATE_INTERVALS)[number];
/** Largest `rate_limit_threshold_count` of a throttle rule. */
export const ARMOR_MAX_RATE_COUNT = 1_000_000;
/** HTTP statuses a throttle's `exceed_action` may deny with (provider: deny(403|404|429|502)). */
export const ARMOR_DENY_STATUSES = [429, 403, 404, 502] as const;
export type ArmorDenyStatus = (typeof ARMOR_DENY_STATUSES)[number];

/** Rule priorities: fixed, so adding or removing one rule never renumbers another. */
export const API_EDGE_RULE_PRIORITIES = { perUser: 1000, perIp: 1100, default: 2147483647 } as const;

/** A header name as HTTP defines a token (RFC 9110 §5.1), at most 64 characters. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
const HOSTNAME = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** A throttle: `requests` per key in each `intervalSeconds`; above it, requests are denied until the window moves on. */
export interface ApiEdgeRateLimit {
    /** Requests one key may send per window (1 to 1,000,000). */
    requests: number;
    /** Window, seconds: 10, 30, 60, 120, 180, 240, 300, 600, 900, 1200, 1800, 2700 or 3600. @default 60 */
    intervalSeconds?: ArmorRateIntervalSeconds;
}

/** The per-user throttle: counted per value of a request header (a bearer token, an API key). */
export interface ApiEdgeUserRateLimit extends ApiEdgeRateLimit {
    /**
     * Header whose value is the key (Cloud Armor `enforceOnKey: "HTTP_HEADER"`). Cloud Armor keys on the first 128
     * bytes of the value: with `Authorization: Bearer <JWT>` that is "Bearer ", the JWT header and the first ~84
     * characters of its payload, so the token must carry the user's id (`sub`) early in its payload, or two users'
     * tokens share a key.
     * @default "Authorization"
     */
    header?: string;
}

interface EdgeProfile {
    preview: boolean;
}

/** dev only logs what the rules would deny (preview), so a sandbox is never throttled by surprise; staging and prod deny. */
const PROFILE: Profile<EdgeProfile> = {
    dev: { preview: true },
    staging: { preview: false },
    prod: { preview: false },
};

/** What the edge needs of the Cloud Run service it fronts (a `GcpCloudRunService` has all of it). */
export interface ApiEdgeBackend {
    /** Cloud Run service name. */
    serviceName: pulumi.Input<string>;
    /** Its region. */
    location: string;
    /** Its ingress setting: the edge refuses a service the internet can reach past it. */
    ingress: string;
}

export interface GcpApiEdgeArgs extends BaseArgs {
    /**
     * The Cloud Run service behind the edge (a `GcpCloudRunService`), reached through a serverless network endpoint
     * group in its region. Its ingress must be `INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER`: with `INGRESS_TRAFFIC_ALL` its
     * run.app URL bypasses every rule here (see `allowDirectIngress`). Changing the region replaces the NEG.
     */
    service: ApiEdgeBackend;
    /**
     * Host name served (e.g. `api.techmate.ai`): the Google-managed certificate is issued for it once its A record
     * points at `ipAddress` (`dnsRecords`); until then HTTPS fails. Changing it creates a new certificate (the old
     * one is deleted after the proxy moved: certificates are auto-named) and needs a new DNS record.
     */
    domain: string;
    /** Project of every child. @default the provider's project (`gcp:project`) */
    project?: pulumi.Input<string>;
    /**
     * Per-user throttle (priority 1000) on requests carrying `header`: `requests` per `intervalSeconds` per header
     * value; above it, `deny(<exceedStatus>)`. `false` removes the rule. Cost: $1 a month per rule (Cloud Armor Standard).
     * @default { requests: 100, intervalSeconds: 60, header: "Authorization" } (TechMate: "100 req/min per user", seeds/003)
     */
    userRateLimit?: ApiEdgeUserRateLimit | false;
    /**
     * Per-IP throttle (priority 1100) on every request the per-user rule did not take (no `header`: sign-in, health
     * checks, anonymous calls). `false` removes the rule: such requests then pass unthrottled. Cost: $1 a month.
     * @default { requests: 100, intervalSeconds: 60 }
     */
    ipRateLimit?: ApiEdgeRateLimit | false;
    /** Status returned above a limit: 429, 403, 404 or 502. @default 429 (Too Many Requests, as Cloud Armor recommends) */
    exceedStatus?: ArmorDenyStatus;
    /**
     * Rules only log what they would deny (`preview`), in the load balancer's request logs, for tuning.
     * @default dev true, staging false, prod false
     */
    preview?: boolean;
    /**
     * Lowest TLS version clients may use. `TLS_1_3` needs the `RESTRICTED` profile (provider rule) and refuses clients
     * without TLS 1.3 (Android 9 and older). TLS 1.3 is negotiated with every client that offers it either way.
     * @default "TLS_1_2"
     */
    minTlsVersion?: "TLS_1_2" | "TLS_1_3";
    /**
     * SSL policy profile: `RESTRICTED` (ECDHE with AES-GCM or ChaCha20 only, no CBC or RSA key exchange) or `MODERN`.
     * Changing it updates the policy in place.
     * @default "RESTRICTED"
     */
    sslProfile?: "MODERN" | "RESTRICTED";
    /**
     * Answer plain HTTP on port 80 with a 301 to HTTPS (its own URL map, HTTP proxy and forwarding rule on the same
     * address). Cost: none while the project has at most 5 forwarding rules (they share $0.025 an hour).
     * @default true
     */
    httpsRedirect?: boolean;
    /**
     * Fraction of requests written to the load balancer's request logs (where Cloud Armor's decisions appear), 0 to 1.
     * Cost: Cloud Logging ingestion beyond the free 50 GiB a month ($0.50/GiB), about 1.5 KiB a request.
     * @default 1
     */
    logSampleRate?: number;
    /**
     * Accept a service whose ingress is `INGRESS_TRAFFIC_ALL` (its run.app URL stays reachable past the edge), e.g. while
     * moving traffic to the edge before closing the direct URL.
     * @default false
     */
    allowDirectIngress?: boolean;
    /** Edits of each child's computed args. @default none: each child takes the args the component computed */
    transform?: {
        address?: Transform<compute.GlobalAddressArgs>;
        endpointGroup?: Transform<compute.RegionNetworkEndpointGroupArgs>;
        securityPolicy?: Transform<compute.SecurityPolicyArgs>;
        backend?: Transform<compute.BackendServiceArgs>;
        urlMap?: Transform<compute.URLMapArgs>;
        certificate?: Transform<compute.ManagedSslCertificateArgs>;
        sslPolicy?: Transform<compute.SSLPolicyArgs>;
        httpsProxy?: Transform<compute.TargetHttpsProxyArgs>;
        httpsRule?: Transform<compute.GlobalForwardingRuleArgs>;
        redirectUrlMap?: Transform<compute.URLMapArgs>;
        httpProxy?: Transform<compute.TargetHttpProxyArgs>;
        httpRule?: Transform<compute.GlobalForwardingRuleArgs>;
    };
}

/** The per-user and per-IP limits a {@link GcpApiEdge} enforces, as planned. */
export interface ApiEdgeLimits {
    perUser?: { requests: number; intervalSeconds: number; header: string };
    perIp?: { requests: number; intervalSeconds: number };
    exceedStatus: ArmorDenyStatus;
    preview: boolean;
}

/**
 * A global external Application Load Balancer in front of one Cloud Run service, with Cloud Armor throttling per user:
 * reserved global IPv4 address → forwarding rule (443) → HTTPS proxy (Google-managed certificate for `domain`, SSL
 * policy TLS 1.2+ RESTRICTED) → URL map → backend service (EXTERNAL_MANAGED, Cloud Armor policy, request logs) →
 * serverless NEG → the service; plus a port-80 rule that redirects to HTTPS.
 *
 * The policy's rules: requests with the key header are throttled per header value (100 a minute by default); the
 * rest per client IP; everything under the limits is allowed (the default rule). Cloud Armor keys a request without
 * the header as ALL (one shared bucket), which is why the per-user rule matches only requests that carry it.
 *
 * Cost (Cloud Load Balancing and Cloud Armor Standard list prices): $0.025 an hour for up to 5 forwarding rules
 * (≈ $18.25 a month), $0.008/GiB processed in and out, $5 a month for the policy, $1 per rule, $0.75 per million
 * requests.
 */
export class GcpApiEdge extends Component {
    /** The reserved address: the domain's A record. */
    public readonly ipAddress: pulumi.Output<string>;
    /** DNS records to create for `domain`. */
    public readonly dnsRecords: pulumi.Output<{ type: string; name: string; rrdata: string }[]>;
    /** `https://<domain>`. */
    public readonly url: string;
    public readonly domain: string;
    public readonly securityPolicyName: pulumi.Output<string>;
    public readonly backendServiceName: pulumi.Output<string>;
    /** The limits enforced, as planned. */
    public readonly limits: ApiEdgeLimits;
    public readonly securityPolicy: compute.SecurityPolicy;

    constructor(name: string, args: GcpApiEdgeArgs, opts?: pulumi.ComponentResourceOptions) {
        const component = `GcpApiEdge "${name}"`;
        const { domain, service } = args;
        if (!HOSTNAME.test(domain))
            throw new InvalidArgumentError(component, "domain", `is "${domain}"`, "a lower-case host name such as api.example.com");
        if (service.ingress === "INGRESS_TRAFFIC_INTERNAL_ONLY")
            throw new InvalidArgumentError(
                component,
                "service",
                "has ingress INGRESS_TRAFFIC_INTERNAL_ONLY, which refuses the load balancer's requests",
                "a service with ingress INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
            );
        if (service.ingress === "INGRESS_TRAFFIC_ALL" && !args.allowDirectIngress)
            throw new InvalidArgumentError(
                component,
                "service",
                "has ingress INGRESS_TRAFFIC_ALL: its run.app URL would bypass the rate limits",
                'ingress "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER" on the service (or allowDirectIngress: true while moving traffic)',
            );
        const exceedStatus = args.exceedStatus ?? 429;
        if (!ARMOR_DENY_STATUSES.includes(exceedStatus))
            throw new InvalidArgumentError(component, "exceedStatus", `is ${String(exceedStatus)}`, ARMOR_DENY_STATUSES.join(", "));
        const checkLimit = (arg: string, limit: ApiEdgeRateLimit): { requests: number; intervalSeconds: ArmorRateIntervalSeconds } => {
            checkRange(component, `${arg}.requests`, limit.requests, 1, ARMOR_MAX_RATE_COUNT);
            const intervalSeconds = limit.intervalSeconds ?? 60;
            if (!ARMOR_RATE_INTERVALS.includes(intervalSeconds))
                throw new InvalidArgumentError(
                    component,
                    `${arg}.intervalSeconds`,
                    `is ${String(intervalSeconds)}`,
                    `one of ${ARMOR_RATE_INTERVALS.join(", ")} (seconds, Cloud Armor's throttle windows)`,
                );
            return { requests: limit.requests, intervalSeconds };
        };
        const userLimit = args.userRateLimit === false ? undefined : (args.userRateLimit ?? { requests: 100 });
        const ipLimit = args.ipRateLimit === false ? undefined : (args.ipRateLimit ?? { requests: 100 });
        const perUser = userLimit ? { ...checkLimit("userRateLimit", userLimit), header: userLimit.header ?? "Authorization" } : undefined;
        if (perUser && !HEADER_NAME.test(perUser.header))
            throw new InvalidArgumentError(
                component,
                "userRateLimit.header",
                `is "${perUser.header}"`,
                "an HTTP header name (letters, digits and !#$%&'*+.^_`|~-, up to 64 characters), e.g. Authorization or X-Api-Key",
            );
        const perIp = ipLimit ? checkLimit("ipRateLimit", ipLimit) : undefined;
        const minTlsVersion = args.minTlsVersion ?? "TLS_1_2";
        if (minTlsVersion !== "TLS_1_2" && minTlsVersion !== "TLS_1_3")
            throw new InvalidArgumentError(component, "minTlsVersion", `is "${String(minTlsVersion)}"`, "TLS_1_2, TLS_1_3");
        const sslProfile = args.sslProfile ?? "RESTRICTED";
        if (sslProfile !== "MODERN" && sslProfile !== "RESTRICTED")
            throw new InvalidArgumentError(component, "sslProfile", `is "${String(sslProfile)}"`, "MODERN, RESTRICTED");
        if (minTlsVersion === "TLS_1_3" && sslProfile !== "RESTRICTED")
            throw new InvalidArgumentError(
                component,
                "sslProfile",
                "is MODERN with minTlsVersion TLS_1_3",
                "RESTRICTED (Google requires it for TLS 1.3 only)",
            );
        const logSampleRate = args.logSampleRate ?? 1;
        if (!(logSampleRate >= 0 && logSampleRate <= 1))
            throw new InvalidArgumentError(component, "logSampleRate", `is ${logSampleRate}`, "a fraction from 0 to 1");

        super("waf:GcpApiEdge", name, args, opts);

        const { preview } = profileDefaults(PROFILE, this.environment, { preview: args.preview });
        this.domain = domain;
        this.url = `https://${domain}`;
        this.limits = { perUser, perIp, exceedStatus, preview };
        const project = args.project;
        const labels = gcpLabels(this.tags);
        const t = args.transform ?? {};

        const address = this.child(
            compute.GlobalAddress,
            "address",
            {
                project,
                name: this.physicalName("edge"),
                description: `Address of ${domain} (${this.environment}), managed by Pulumi`,
                addressType: "EXTERNAL",
                ipVersion: "IPV4",
                labels,
            },
            t.address,
        );

        const endpointGroup = this.child(
            compute.RegionNetworkEndpointGroup,
            "neg",
            {
                project,
                name: this.physicalName("neg"),
                region: service.location,
                networkEndpointType: "SERVERLESS",
                cloudRun: { service: service.serviceName },
            },
            t.endpointGroup,
        );

        const deny = `deny(${exceedStatus})`;
        const rules: inputs.compute.SecurityPolicyRule[] = [];
        if (perUser) {
            const key = perUser.header.toLowerCase();
            rules.push({
                priority: API_EDGE_RULE_PRIORITIES.perUser,
                description: `${perUser.requests} per ${perUser.intervalSeconds}s per ${perUser.header}`.slice(0, 64),
                action: "throttle",
                preview,
                match: { expr: { expression: `has(request.headers['${key}'])` } },
                rateLimitOptions: {
                    conformAction: "allow",
                    exceedAction: deny,
                    enforceOnKey: "HTTP_HEADER",
                    enforceOnKeyName: perUser.header,
                    rateLimitThreshold: { count: perUser.requests, intervalSec: perUser.intervalSeconds },
                },
            });
        }
        if (perIp) {
            rules.push({
                priority: API_EDGE_RULE_PRIORITIES.perIp,
                description: `${perIp.requests} per ${perIp.intervalSeconds}s per client IP`,
                action: "throttle",
                preview,
                match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } },
                rateLimitOptions: {
                    conformAction: "allow",
                    exceedAction: deny,
                    enforceOnKey: "IP",
                    rateLimitThreshold: { count: perIp.requests, intervalSec: perIp.intervalSeconds },
                },
            });
        }
        // The default rule is always there (the API adds it): declared so the plan and the cloud agree.
        rules.push({
            priority: API_EDGE_RULE_PRIORITIES.default,
            description: "default: allow what no rule above denied",
            action: "allow",
            match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } },
        });
        const policy = this.child(
            compute.SecurityPolicy,
            "policy",
            {
                project,
                name: this.physicalName("armor"),
                description: `Rate limits of ${domain} (${this.environment}), managed by Pulumi`,
                type: "CLOUD_ARMOR",
                rules,
            },
            t.securityPolicy,
        );
        this.securityPolicy = policy;
        this.securityPolicyName = policy.name;

        // Serverless NEGs take no health check, port, timeout or balancing mode (Cloud Run scales itself).
        const backend = this.child(
            compute.BackendService,
            "backend",
            {
                project,
                name: this.physicalName("backend"),
                description: `Cloud Run service behind ${domain}`,
                loadBalancingScheme: "EXTERNAL_MANAGED",
                protocol: "HTTPS",
                securityPolicy: policy.selfLink,
                backends: [{ group: endpointGroup.id }],
                logConfig: { enable: logSampleRate > 0, sampleRate: logSampleRate },
            },
            t.backend,
        );
        this.backendServiceName = backend.name;

        const urlMap = this.child(
            compute.URLMap,
            "url-map",
            { project, name: this.physicalName("urls"), description: `${domain} → ${name}`, defaultService: backend.id },
            t.urlMap,
        );
        // Auto-named (no `name`): a new domain gets a new certificate before the proxy lets go of the old one.
        const certificate = this.child(
            compute.ManagedSslCertificate,
            "cert",
            { project, type: "MANAGED", managed: { domains: [domain] } },
            t.certificate,
        );
        const sslPolicy = this.child(
            compute.SSLPolicy,
            "tls",
            {
                project,
                name: this.physicalName("tls"),
                description: `TLS ${minTlsVersion === "TLS_1_3" ? "1.3" : "1.2+"} for ${domain}`,
                minTlsVersion,
                profile: sslProfile,
            },
            t.sslPolicy,
        );
        const httpsProxy = this.child(
            compute.TargetHttpsProxy,
            "https-proxy",
            { project, name: this.physicalName("https"), urlMap: urlMap.id, sslCertificates: [certificate.id], sslPolicy: sslPolicy.id },
            t.httpsProxy,
        );
        this.child(
            compute.GlobalForwardingRule,
            "https-rule",
            {
                project,
                name: this.physicalName("https"),
                loadBalancingScheme: "EXTERNAL_MANAGED",
                ipProtocol: "TCP",
                portRange: "443",
                ipAddress: address.id,
                target: httpsProxy.id,
                labels,
            },
            t.httpsRule,
        );

        if (args.httpsRedirect ?? true) {
            const redirect = this.child(
                compute.URLMap,
                "redirect-map",
                {
                    project,
                    name: this.physicalName("redirect"),
                    description: `http://${domain} → https://`,
                    defaultUrlRedirect: { httpsRedirect: true, redirectResponseCode: "MOVED_PERMANENTLY_DEFAULT", stripQuery: false },
                },
                t.redirectUrlMap,
            );
            const httpProxy = this.child(
                compute.TargetHttpProxy,
                "http-proxy",
                { project, name: this.physicalName("http"), urlMap: redirect.id },
                t.httpProxy,
            );
            this.child(
                compute.GlobalForwardingRule,
                "http-rule",
                {
                    project,
                    name: this.physicalName("http"),
                    loadBalancingScheme: "EXTERNAL_MANAGED",
                    ipProtocol: "TCP",
                    portRange: "80",
                    ipAddress: address.id,
                    target: httpProxy.id,
                    labels,
                },
                t.httpRule,
            );
        }

        this.ipAddress = address.address;
        this.dnsRecords = address.address.apply((ip) => [{ type: "A", name: `${domain}.`, rrdata: ip }]);

        this.registerOutputs({
            ipAddress: this.ipAddress,
            dnsRecords: this.dnsRecords,
            url: this.url,
            securityPolicyName: this.securityPolicyName,
            backendServiceName: this.backendServiceName,
        });
    }
}
