// Encryption in transit beyond load balancers and CloudFront: data stores that accept plain-text clients (the
// families of rules/families.ts), API Gateway custom domains, and Google Cloud HTTPS load balancers.

import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { FAMILY_IN_TRANSIT } from "./families";
import { AWS, GCP } from "./resource-types";
import { configSchema, globMatch, judgeEach, label, ofType, readConfig, readString, referenced, reportOn, safe } from "./util";

// ---------------------------------------------------------------------------------------------------------
// encryption-in-transit-data-stores: the families of rules/families.ts
// ---------------------------------------------------------------------------------------------------------

export const dataStoresTlsSchema = configSchema<{ exemptResourceNames: string[] }>({
    exemptResourceNames: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Logical names exempted on purpose (none by default).",
    },
});

export const encryptionInTransitDataStores: ResourceValidationPolicy = {
    name: "encryption-in-transit-data-stores",
    description:
        "Data stores reject plain-text clients: DAX, MemoryDB, OpenSearch, MSK, Cloud SQL (sslMode ENCRYPTED_ONLY) and Memorystore (rules/families.ts).",
    configSchema: dataStoresTlsSchema,
    validateResource: (args, report) => {
        const fix = FAMILY_IN_TRANSIT[args.type]?.(args.props);
        if (fix !== undefined && !readConfig(args, dataStoresTlsSchema).exemptResourceNames.includes(args.name)) {
            report(`${args.name} (${args.type}) accepts unencrypted connections. Fix: ${fix}.`);
        }
    },
};

// ---------------------------------------------------------------------------------------------------------
// encryption-in-transit-api-gateway
// ---------------------------------------------------------------------------------------------------------

export const apiGatewayTlsSchema = configSchema<{ rejectedSecurityPolicies: string[] }>({
    rejectedSecurityPolicies: {
        type: "array",
        items: { type: "string" },
        default: ["TLS_1_0", "SecurityPolicy_TLS13_1_2_2021_06_Legacy*", "*TLS1_0*", "*TLS10*"],
        description:
            "REST API domain securityPolicy values that still accept TLS 1.0 (`*` wildcard). Unset, API Gateway applies TLS_1_0 " +
            "(API Gateway API reference, DomainName.securityPolicy).",
    },
});

export const encryptionInTransitApiGateway: ResourceValidationPolicy = {
    name: "encryption-in-transit-api-gateway",
    description:
        "API Gateway custom domain names use a TLS 1.2+ security policy (REST domains default to TLS_1_0; HTTP API domains only offer TLS_1_2).",
    configSchema: apiGatewayTlsSchema,
    validateResource: (args, report) => {
        if (args.type === AWS.apiGatewayDomainName) {
            const { rejectedSecurityPolicies } = readConfig(args, apiGatewayTlsSchema);
            const policy = readString(args.props, "securityPolicy") ?? "TLS_1_0";
            if (rejectedSecurityPolicies.some((p) => globMatch(p, policy))) {
                report(`${args.name}: the custom domain accepts TLS 1.0 (securityPolicy ${policy}). Fix: set securityPolicy: "TLS_1_2".`);
            }
        }
        if (args.type === AWS.apiGatewayV2DomainName) {
            const policy = readString(args.props, "domainNameConfiguration", "securityPolicy");
            if (policy !== undefined && policy !== "TLS_1_2") {
                report(`${args.name}: domainNameConfiguration.securityPolicy is ${policy}. Fix: set securityPolicy: "TLS_1_2".`);
            }
        }
    },
};

// ---------------------------------------------------------------------------------------------------------
// encryption-in-transit-gcp-load-balancers (stack)
// ---------------------------------------------------------------------------------------------------------

export const gcpLoadBalancerTlsSchema = configSchema<{ allowedMinTlsVersions: string[] }>({
    allowedMinTlsVersions: {
        type: "array",
        items: { type: "string" },
        default: ["TLS_1_2", "TLS_1_3"],
        description: "Accepted SSLPolicy minTlsVersion values (the SSLPolicy default, and Google's default policy, is TLS_1_0).",
    },
});

export const encryptionInTransitGcpLoadBalancers: StackValidationPolicy = {
    name: "encryption-in-transit-gcp-load-balancers",
    description:
        "HTTPS load balancers (TargetHttpsProxy) use an SSLPolicy with minTlsVersion TLS_1_2: without one, Google's default policy accepts TLS 1.0.",
    configSchema: gcpLoadBalancerTlsSchema,
    validateStack: (args, report) => {
        const { allowedMinTlsVersions } = readConfig(args, gcpLoadBalancerTlsSchema);
        const policies = ofType(args.resources, [GCP.sslPolicy]);
        judgeEach(ofType(args.resources, [GCP.targetHttpsProxy]), (proxy) => {
            const given =
                safe(() => readString(proxy.props, "sslPolicy")) !== undefined ||
                (proxy.propertyDependencies["sslPolicy"]?.length ?? 0) > 0;
            const policy = referenced(proxy, "sslPolicy", policies, { keys: ["id", "selfLink", "name"] })[0];
            if (!given) {
                reportOn(
                    report,
                    proxy,
                    `${label(proxy)} has no sslPolicy, so Google's default policy (minimum TLS 1.0) applies. Fix: attach a gcp.compute.SSLPolicy with minTlsVersion "TLS_1_2" and profile "MODERN" or "RESTRICTED".`,
                );
                return;
            }
            const min = policy === undefined ? undefined : (readString(policy.props, "minTlsVersion") ?? "TLS_1_0");
            if (min !== undefined && !allowedMinTlsVersions.includes(min)) {
                reportOn(
                    report,
                    proxy,
                    `${label(proxy)} uses SSL policy '${policy?.name}' with minTlsVersion ${min}. Fix: set minTlsVersion: "TLS_1_2".`,
                );
            }
        });
    },
};

export const encryptionInTransitServicePolicies = [
    encryptionInTransitDataStores,
    encryptionInTransitApiGateway,
    encryptionInTransitGcpLoadBalancers,
];
