// Encryption in transit: HTTPS everywhere at the edge with TLS 1.2+ (AIOS and CharterFlow: TLS 1.3), TLS
// between the application and its data stores.

import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { AWS, LISTENER_TYPES } from "./resource-types";
import {
    configSchema,
    get,
    globMatch,
    judgeEach,
    label,
    ofType,
    readArray,
    readBoolean,
    readConfig,
    readString,
    referenced,
    reportOn,
} from "./util";

// ---------------------------------------------------------------------------------------------------------
// encryption-in-transit-cloudfront
// ---------------------------------------------------------------------------------------------------------

const HTTPS_VIEWER_POLICIES = ["redirect-to-https", "https-only"];

export const cloudfrontTlsSchema = configSchema<{ allowedMinimumProtocolVersions: string[]; allowDefaultCertificate: boolean }>({
    allowedMinimumProtocolVersions: {
        type: "array",
        items: { type: "string" },
        default: ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"],
        description:
            "Accepted viewerCertificate.minimumProtocolVersion values with a custom certificate: TLSv1.2_2021 or newer " +
            "(CloudFront's default is TLSv1).",
    },
    allowDefaultCertificate: {
        type: "boolean",
        default: false,
        description:
            "Accept the default *.cloudfront.net certificate, whose security policy is fixed at TLSv1 and cannot be raised. " +
            "Fine for dev; staging and production serve their own domain with an ACM certificate.",
    },
});

export const encryptionInTransitCloudfront: ResourceValidationPolicy = {
    name: "encryption-in-transit-cloudfront",
    description:
        "CloudFront distributions redirect viewers to HTTPS on every cache behavior and use a custom certificate with TLSv1.2_2021 or newer.",
    configSchema: cloudfrontTlsSchema,
    validateResource: (args, report) => {
        if (args.type !== AWS.cloudfrontDistribution) {
            return;
        }
        const config = readConfig(args, cloudfrontTlsSchema);
        const behaviors: { where: string; policy: string | undefined }[] = [
            { where: "defaultCacheBehavior", policy: readString(args.props, "defaultCacheBehavior", "viewerProtocolPolicy") },
            ...readArray(args.props, "orderedCacheBehaviors").map((b, i) => ({
                where: `orderedCacheBehaviors[${i}] (${readString(b, "pathPattern") ?? "?"})`,
                policy: readString(b, "viewerProtocolPolicy"),
            })),
        ];
        for (const b of behaviors) {
            if (b.policy === undefined || !HTTPS_VIEWER_POLICIES.includes(b.policy)) {
                report(`${args.name}: ${b.where} has viewerProtocolPolicy '${b.policy ?? "unset"}', which serves plain HTTP. Fix: set viewerProtocolPolicy: "redirect-to-https".`);
            }
        }
        const cert = get(args.props, "viewerCertificate");
        const custom = readString(cert, "acmCertificateArn") !== undefined || readString(cert, "iamCertificateId") !== undefined;
        if (!custom) {
            if (!config.allowDefaultCertificate) {
                report(
                    `${args.name}: uses the default *.cloudfront.net certificate, whose minimum protocol is fixed at TLSv1. ` +
                        `Fix: set viewerCertificate { acmCertificateArn (in us-east-1), sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" } and an alias.`,
                );
            }
            return;
        }
        const version = readString(cert, "minimumProtocolVersion") ?? "TLSv1";
        if (!config.allowedMinimumProtocolVersions.includes(version)) {
            report(
                `${args.name}: viewerCertificate.minimumProtocolVersion is ${version}; allowed: ${config.allowedMinimumProtocolVersions.join(", ")}. ` +
                    `Fix: set minimumProtocolVersion: "TLSv1.2_2021" (or newer).`,
            );
        }
    },
};

// ---------------------------------------------------------------------------------------------------------
// encryption-in-transit-load-balancers
// ---------------------------------------------------------------------------------------------------------

export const listenerTlsSchema = configSchema<{ allowedSslPolicies: string[] }>({
    allowedSslPolicies: {
        type: "array",
        items: { type: "string" },
        default: ["ELBSecurityPolicy-TLS13-1-2-*", "ELBSecurityPolicy-TLS13-1-3-*"],
        description:
            "Accepted sslPolicy names (`*` is a wildcard): the TLS 1.3 policies (AIOS and CharterFlow require TLS 1.3; the " +
            "-1-2- family also accepts TLS 1.2 clients). The listener default, ELBSecurityPolicy-2016-08, allows TLS 1.0.",
    },
});

function isHttpsRedirect(action: unknown): boolean {
    return readString(action, "type") === "redirect" && readString(action, "redirect", "protocol") === "HTTPS";
}

export const encryptionInTransitLoadBalancers: ResourceValidationPolicy = {
    name: "encryption-in-transit-load-balancers",
    description:
        "Load balancer listeners serve HTTPS/TLS with a TLS 1.3 security policy; an HTTP listener may only redirect to HTTPS.",
    configSchema: listenerTlsSchema,
    validateResource: (args, report) => {
        if (!LISTENER_TYPES.includes(args.type)) {
            return;
        }
        const { allowedSslPolicies } = readConfig(args, listenerTlsSchema);
        const protocol = readString(args.props, "protocol") ?? "HTTP";
        if (protocol === "HTTPS" || protocol === "TLS") {
            const policy = readString(args.props, "sslPolicy");
            if (policy === undefined || !allowedSslPolicies.some((p) => globMatch(p, policy))) {
                report(
                    `${args.name}: ${protocol} listener uses sslPolicy ${policy ?? "unset (ELBSecurityPolicy-2016-08, TLS 1.0+)"}; ` +
                        `allowed: ${allowedSslPolicies.join(", ")}. Fix: set sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06".`,
                );
            }
            return;
        }
        if (protocol === "HTTP") {
            const actions = readArray(args.props, "defaultActions");
            if (actions.length === 0 || !actions.every(isHttpsRedirect)) {
                report(
                    `${args.name}: HTTP listener forwards plain-text traffic. Fix: make it only redirect: defaultActions: ` +
                        `[{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }], and serve the app on an HTTPS listener.`,
                );
            }
        }
        // TCP/UDP listeners (network load balancers) carry opaque traffic and are not judged here.
    },
};

// ---------------------------------------------------------------------------------------------------------
// encryption-in-transit-cache
// ---------------------------------------------------------------------------------------------------------

export const cacheTlsSchema = configSchema<{ allowPreferredMode: boolean }>({
    allowPreferredMode: {
        type: "boolean",
        default: false,
        description:
            "Accept transitEncryptionMode \"preferred\", which also accepts plain-text clients (meant only while migrating clients to TLS).",
    },
});

export const encryptionInTransitCache: ResourceValidationPolicy = {
    name: "encryption-in-transit-cache",
    description: "ElastiCache replication groups and standalone clusters require TLS (transitEncryptionEnabled, mode required).",
    configSchema: cacheTlsSchema,
    validateResource: (args, report) => {
        const standaloneCluster = args.type === AWS.elasticacheCluster && readString(args.props, "replicationGroupId") === undefined;
        if (args.type !== AWS.elasticacheReplicationGroup && !standaloneCluster) {
            return;
        }
        const { allowPreferredMode } = readConfig(args, cacheTlsSchema);
        if (readBoolean(args.props, "transitEncryptionEnabled") !== true) {
            report(`${args.name}: clients connect without TLS. Fix: set transitEncryptionEnabled: true (clients use rediss:// / TLS).`);
        } else if (readString(args.props, "transitEncryptionMode") === "preferred" && !allowPreferredMode) {
            report(`${args.name}: transitEncryptionMode "preferred" still accepts plain-text clients. Fix: set transitEncryptionMode: "required".`);
        }
    },
};

// ---------------------------------------------------------------------------------------------------------
// encryption-in-transit-rds-force-ssl (stack)
// ---------------------------------------------------------------------------------------------------------

/** The parameter that rejects non-TLS connections, by engine prefix. */
export const FORCE_SSL_PARAMETER: { engine: string; parameter: string }[] = [
    { engine: "aurora-postgresql", parameter: "rds.force_ssl" },
    { engine: "aurora-mysql", parameter: "require_secure_transport" },
    { engine: "postgres", parameter: "rds.force_ssl" },
    { engine: "sqlserver", parameter: "rds.force_ssl" },
    { engine: "mysql", parameter: "require_secure_transport" },
    { engine: "mariadb", parameter: "require_secure_transport" },
];

export const rdsForceSslSchema = configSchema<{ engines: string[] }>({
    engines: {
        type: "array",
        items: { type: "string" },
        default: ["postgres", "aurora-postgresql", "mysql", "aurora-mysql", "mariadb", "sqlserver"],
        description:
            "Engine prefixes judged. PostgreSQL/SQL Server need rds.force_ssl = 1, MySQL/MariaDB require_secure_transport = 1, " +
            "in a parameter group attached to the instance (DB cluster parameter group for clusters).",
    },
});

const TRUE_VALUES = ["1", "on", "true"];

function forcesSsl(group: PolicyResource, parameter: string): boolean {
    return readArray(group.props, "parameters").some(
        (p) => readString(p, "name") === parameter && TRUE_VALUES.includes((readString(p, "value") ?? "").toLowerCase()),
    );
}

export const encryptionInTransitRdsForceSsl: StackValidationPolicy = {
    name: "encryption-in-transit-rds-force-ssl",
    description:
        "Each RDS instance (and cluster) has a parameter group that rejects non-TLS connections (rds.force_ssl / require_secure_transport = 1).",
    configSchema: rdsForceSslSchema,
    validateStack: (args, report) => {
        const { engines } = readConfig(args, rdsForceSslSchema);
        const judge = (db: PolicyResource, groupProp: string, groupTypes: string[]): void => {
            const engine = readString(db.props, "engine");
            if (engine === undefined || !engines.some((e) => engine.startsWith(e))) {
                return;
            }
            const parameter = FORCE_SSL_PARAMETER.find((p) => engine.startsWith(p.engine))?.parameter;
            if (parameter === undefined) {
                return;
            }
            const groups = referenced(db, groupProp, ofType(args.resources, groupTypes), { keys: ["name", "id"] });
            if (!groups.some((g) => forcesSsl(g, parameter))) {
                const current = groups.length > 0 ? `its parameter group '${groups[0].name}' does not set ${parameter} = 1` : `${groupProp} does not name a parameter group of this stack`;
                reportOn(
                    report,
                    db,
                    `${label(db)} accepts unencrypted connections: ${current}. Fix: create an aws.rds.${groupTypes[0] === AWS.rdsParameterGroup ? "ParameterGroup" : "ClusterParameterGroup"} ` +
                        `for the engine family with parameters: [{ name: "${parameter}", value: "1" }] and set ${groupProp} to its name.`,
                );
            }
        };
        judgeEach(ofType(args.resources, [AWS.rdsInstance]), (db) => judge(db, "parameterGroupName", [AWS.rdsParameterGroup]));
        judgeEach(ofType(args.resources, [AWS.rdsCluster]), (db) => judge(db, "dbClusterParameterGroupName", [AWS.rdsClusterParameterGroup]));
    },
};

export const encryptionInTransitPolicies = [
    encryptionInTransitCloudfront,
    encryptionInTransitLoadBalancers,
    encryptionInTransitCache,
    encryptionInTransitRdsForceSsl,
];
