// Encryption in transit: HTTPS everywhere at the edge with TLS 1.2+ (AIOS and CharterFlow: TLS 1.3), TLS
// between the application and its data stores.

import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { encryptionInTransitServicePolicies } from "./encryption-in-transit-services";
import { AWS, CLOUDFLARE, LISTENER_TYPES, SUPABASE_KINDS, UPSTASH } from "./resource-types";
import {
    belongsToSupabaseProject,
    configSchema,
    get,
    globMatch,
    isUnknownInPreview,
    judgeEach,
    label,
    ofSupabaseKind,
    ofType,
    readArray,
    readBoolean,
    readConfig,
    readString,
    referenced,
    refersTo,
    reportOn,
    safe,
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
                report(
                    `${args.name}: ${b.where} has viewerProtocolPolicy '${b.policy ?? "unset"}', which serves plain HTTP. Fix: set viewerProtocolPolicy: "redirect-to-https".`,
                );
            }
        }
        // The origin side: a custom origin reached over plain HTTP, or allowed to negotiate SSLv3/TLSv1/TLSv1.1.
        readArray(args.props, "origins").forEach((origin, i) => {
            const custom = get(origin, "customOriginConfig");
            if (custom === undefined) {
                return; // S3 and other AWS origins are reached over HTTPS
            }
            const where = `origins[${i}] (${readString(origin, "originId") ?? "?"})`;
            const policy = readString(custom, "originProtocolPolicy");
            if (policy === "http-only") {
                report(
                    `${args.name}: ${where} is reached over plain HTTP (originProtocolPolicy http-only). Fix: set originProtocolPolicy: "https-only".`,
                );
            }
            const weak = readArray(custom, "originSslProtocols").filter(
                (v) => typeof v === "string" && ["SSLv3", "TLSv1", "TLSv1.1"].includes(v),
            );
            if (policy !== "http-only" && weak.length > 0) {
                report(`${args.name}: ${where} allows ${weak.join(", ")} to the origin. Fix: set originSslProtocols: ["TLSv1.2"].`);
            }
        });
        const cert = get(args.props, "viewerCertificate");
        // With the default certificate CloudFront ignores minimumProtocolVersion and serves TLSv1 (the viewer-certificate
        // docs: "If you use the default CloudFront certificate, CloudFront sets the security policy to TLSv1").
        const defaultCert = readBoolean(cert, "cloudfrontDefaultCertificate") === true;
        const custom =
            !defaultCert && (readString(cert, "acmCertificateArn") !== undefined || readString(cert, "iamCertificateId") !== undefined);
        if (!custom) {
            if (!config.allowDefaultCertificate) {
                const ignored = readString(cert, "minimumProtocolVersion");
                report(
                    `${args.name}: uses the default *.cloudfront.net certificate, which serves TLSv1` +
                        `${ignored !== undefined ? ` (minimumProtocolVersion ${ignored} is ignored with it)` : ""}. ` +
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
    description: "Load balancer listeners serve HTTPS/TLS with a TLS 1.3 security policy; an HTTP listener may only redirect to HTTPS.",
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
            'Accept transitEncryptionMode "preferred", which also accepts plain-text clients (meant only while migrating clients to TLS).',
    },
});

export const encryptionInTransitCache: ResourceValidationPolicy = {
    name: "encryption-in-transit-cache",
    description:
        "ElastiCache replication groups and standalone clusters require TLS (transitEncryptionEnabled, mode required); Upstash Redis databases do not turn TLS off.",
    configSchema: cacheTlsSchema,
    validateResource: (args, report) => {
        if (args.type === UPSTASH.redisDatabase) {
            // Upstash enables TLS on every new database and it cannot be disabled; only an explicit `tls: false` is a mistake.
            if (readBoolean(args.props, "tls") === false) {
                report(
                    `${args.name}: tls is false, asking Upstash for plain-text Redis connections. Fix: set tls: true (clients use rediss://).`,
                );
            }
            return;
        }
        const standaloneCluster = args.type === AWS.elasticacheCluster && readString(args.props, "replicationGroupId") === undefined;
        if (args.type !== AWS.elasticacheReplicationGroup && !standaloneCluster) {
            return;
        }
        const { allowPreferredMode } = readConfig(args, cacheTlsSchema);
        if (readBoolean(args.props, "transitEncryptionEnabled") !== true) {
            report(`${args.name}: clients connect without TLS. Fix: set transitEncryptionEnabled: true (clients use rediss:// / TLS).`);
        } else if (readString(args.props, "transitEncryptionMode") === "preferred" && !allowPreferredMode) {
            report(
                `${args.name}: transitEncryptionMode "preferred" still accepts plain-text clients. Fix: set transitEncryptionMode: "required".`,
            );
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

/**
 * Engines whose DB instances force TLS by default from a major version on: RDS for PostgreSQL 15 and later ships
 * rds.force_ssl = 1 in its default parameter group (and a custom group of those families inherits 1 unless it sets
 * the parameter). Older majors default to 0.
 */
export const FORCE_SSL_DEFAULT_ON: { engine: string; parameter: string; fromMajor: number }[] = [
    { engine: "postgres", parameter: "rds.force_ssl", fromMajor: 15 },
];

function forcesSsl(group: PolicyResource, parameter: string): boolean {
    return readArray(group.props, "parameters").some(
        (p) => readString(p, "name") === parameter && TRUE_VALUES.includes((readString(p, "value") ?? "").toLowerCase()),
    );
}

/** The value a group sets for `parameter`, or undefined when it does not set it (it then inherits the family default). */
function parameterValue(group: PolicyResource, parameter: string): string | undefined {
    const entry = readArray(group.props, "parameters").find((p) => readString(p, "name") === parameter);
    return entry === undefined ? undefined : (readString(entry, "value") ?? "");
}

/** The major version of an `engineVersion` ("16.4" → 16), or undefined when unset or not numeric. */
function majorVersion(engineVersion: string | undefined): number | undefined {
    const major = Number.parseInt((engineVersion ?? "").split(".")[0], 10);
    return Number.isFinite(major) ? major : undefined;
}

export const encryptionInTransitRdsForceSsl: StackValidationPolicy = {
    name: "encryption-in-transit-rds-force-ssl",
    description:
        "Each RDS instance (and cluster) has a parameter group that rejects non-TLS connections (rds.force_ssl / require_secure_transport = 1); " +
        "RDS for PostgreSQL 15+ does by default, so its default group (or a custom group not setting rds.force_ssl) passes.",
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
            // Instances whose engine version forces TLS by default: the default parameter group (no group, or a
            // "default.<family>" one) passes, and so does a custom group that leaves the parameter at the default.
            const defaultOn =
                db.type === AWS.rdsInstance
                    ? FORCE_SSL_DEFAULT_ON.find((d) => engine === d.engine && d.parameter === parameter)
                    : undefined;
            const engineVersion = safe(() => readString(db.props, "engineVersion"));
            const major = majorVersion(engineVersion);
            if (defaultOn !== undefined && major !== undefined && major >= defaultOn.fromMajor) {
                const groupName = safe(() => readString(db.props, groupProp));
                const groupGiven =
                    groupName !== undefined ||
                    isUnknownInPreview(() => get(db.props, groupProp)) ||
                    (db.propertyDependencies[groupProp]?.length ?? 0) > 0;
                const defaultGroup = /^default\.postgres(\d+)$/.exec(groupName ?? "");
                if (!groupGiven || (defaultGroup !== null && Number(defaultGroup[1]) >= defaultOn.fromMajor)) {
                    return;
                }
                if (groups.length > 0 && groups.every((g) => parameterValue(g, parameter) === undefined || forcesSsl(g, parameter))) {
                    return;
                }
            }
            if (!groups.some((g) => forcesSsl(g, parameter))) {
                const setTo = groups.length > 0 ? parameterValue(groups[0], parameter) : undefined;
                const current =
                    groups.length > 0
                        ? `its parameter group '${groups[0].name}' does not set ${parameter} = 1${setTo !== undefined ? ` (it sets it to ${setTo === "" ? "an empty value" : setTo})` : ""}`
                        : `${groupProp} does not name a parameter group of this stack` +
                          (defaultOn !== undefined
                              ? ` (the default group forces TLS only from PostgreSQL ${defaultOn.fromMajor}; engineVersion is ${engineVersion ?? "unset"})`
                              : "");
                reportOn(
                    report,
                    db,
                    `${label(db)} accepts unencrypted connections: ${current}. Fix: create an aws.rds.${groupTypes[0] === AWS.rdsParameterGroup ? "ParameterGroup" : "ClusterParameterGroup"} ` +
                        `for the engine family with parameters: [{ name: "${parameter}", value: "1" }] and set ${groupProp} to its name.`,
                );
            }
        };
        judgeEach(ofType(args.resources, [AWS.rdsInstance]), (db) => judge(db, "parameterGroupName", [AWS.rdsParameterGroup]));
        judgeEach(ofType(args.resources, [AWS.rdsCluster]), (db) =>
            judge(db, "dbClusterParameterGroupName", [AWS.rdsClusterParameterGroup]),
        );
    },
};

// ---------------------------------------------------------------------------------------------------------
// encryption-in-transit-supabase-ssl (stack)
// ---------------------------------------------------------------------------------------------------------

export const supabaseSslSchema = configSchema<{ requireSslEnforcement: boolean }>({
    requireSslEnforcement: {
        type: "boolean",
        default: true,
        description:
            'Require SSL enforcement for every Supabase project: a supabaseResource "ssl-enforcement" resource with enforced: true ' +
            "(the Management API's default is off, so Postgres also accepts plain-text connections).",
    },
});

export const encryptionInTransitSupabaseSsl: StackValidationPolicy = {
    name: "encryption-in-transit-supabase-ssl",
    description:
        "Each Supabase project enforces TLS on database connections (an ssl-enforcement resource with enforced: true, correlated by projectRef).",
    configSchema: supabaseSslSchema,
    validateStack: (args, report) => {
        if (!readConfig(args, supabaseSslSchema).requireSslEnforcement) {
            return;
        }
        const projects = ofSupabaseKind(args.resources, SUPABASE_KINDS.project);
        const settings = ofSupabaseKind(args.resources, SUPABASE_KINDS.sslEnforcement);
        judgeEach(projects, (project) => {
            const attached = settings.filter((s) => belongsToSupabaseProject(s, project, projects));
            // An unknown `enforced` (preview) throws here and defers this project to `pulumi up` (judgeEach).
            if (attached.some((s) => readBoolean(s.props, "enforced") === true)) {
                return;
            }
            reportOn(
                report,
                project,
                `${label(project)} ${attached.length === 0 ? "has no SSL enforcement" : "has SSL enforcement turned off"}: its database accepts ` +
                    `unencrypted connections. Fix: add a SupabaseSslEnforcement with projectRef: <project>.ref and enforced: true ` +
                    `(SupabasePostgres sslEnforcement: true, the default).`,
            );
        });
    },
};

// ---------------------------------------------------------------------------------------------------------
// encryption-in-transit-cloudflare-zone (stack)
// ---------------------------------------------------------------------------------------------------------

export const cloudflareZoneTlsSchema = configSchema<{ minTlsVersion: string; allowedSslModes: string[]; requireAlwaysUseHttps: boolean }>({
    minTlsVersion: {
        type: "string",
        default: "1.2",
        enum: ["1.0", "1.1", "1.2", "1.3"],
        description: "Lowest accepted min_tls_version zone setting (Cloudflare's default is 1.0).",
    },
    allowedSslModes: {
        type: "array",
        items: { type: "string" },
        default: ["strict"],
        description:
            "Accepted values of the zone's `ssl` setting: strict (Full (strict): TLS to the origin with a validated certificate). Add " +
            '"full" to accept TLS to the origin without certificate validation; flexible and off send plain HTTP to the origin.',
    },
    requireAlwaysUseHttps: {
        type: "boolean",
        default: true,
        description: "Require the always_use_https zone setting on (every http:// request redirected to https://).",
    },
});

const TLS_ORDER = ["1.0", "1.1", "1.2", "1.3"];

export const encryptionInTransitCloudflareZone: StackValidationPolicy = {
    name: "encryption-in-transit-cloudflare-zone",
    description:
        "Every Cloudflare zone (a Zone of the stack, or a zoneId its settings name) sets min_tls_version ≥ minTlsVersion, ssl to an allowed mode " +
        "(strict) and always_use_https on; a zone without settings is judged by Cloudflare's defaults.",
    configSchema: cloudflareZoneTlsSchema,
    validateStack: (args, report) => {
        const config = readConfig(args, cloudflareZoneTlsSchema);
        const byZone = new Map<string, PolicyResource[]>();
        const zones = ofType(args.resources, [CLOUDFLARE.zone]);
        const settings = ofType(args.resources, [CLOUDFLARE.zoneSetting]);
        for (const setting of settings) {
            // Grouped by the zone resource it came from (known also during preview), else by the zoneId value.
            const owner = zones.find((z) => refersTo(setting, "zoneId", z, { keys: ["id"] }));
            const zone = owner !== undefined ? `'${owner.name}'` : safe(() => readString(setting.props, "zoneId"));
            if (zone !== undefined) {
                byZone.set(zone, [...(byZone.get(zone) ?? []), setting]);
            }
        }
        // A zone of this stack without any setting is judged by Cloudflare's defaults: min_tls_version 1.0 and
        // always_use_https off (the Zone Settings API's documented defaults), whatever its SSL mode.
        for (const zone of zones) {
            if (!settings.some((s) => refersTo(s, "zoneId", zone, { keys: ["id"] }))) {
                reportOn(
                    report,
                    zone,
                    `Cloudflare zone ${label(zone)} keeps Cloudflare's defaults: TLS 1.0 accepted (min_tls_version 1.0), plain http:// served ` +
                        `(always_use_https off) and the SSL mode not pinned to strict. Fix: add cloudflare.ZoneSetting resources min_tls_version ` +
                        `"${config.minTlsVersion}", ssl "strict" and always_use_https "on" for this zone.`,
                );
            }
        }
        for (const [zone, settings] of byZone) {
            const find = (id: string): { resource: PolicyResource; value: string | undefined } | undefined => {
                const resource = settings.find((s) => safe(() => readString(s.props, "settingId")) === id);
                return resource === undefined ? undefined : { resource, value: safe(() => readString(resource.props, "value")) };
            };
            const anchor = settings[0];
            const tls = find("min_tls_version");
            if (tls === undefined) {
                reportOn(
                    report,
                    anchor,
                    `Cloudflare zone ${zone} does not set min_tls_version, so it accepts TLS 1.0 (the default). Fix: add a cloudflare.ZoneSetting settingId "min_tls_version" value "${config.minTlsVersion}".`,
                );
            } else if (tls.value !== undefined && TLS_ORDER.indexOf(tls.value) < TLS_ORDER.indexOf(config.minTlsVersion)) {
                reportOn(
                    report,
                    tls.resource,
                    `Cloudflare zone ${zone} accepts TLS ${tls.value}; the minimum is ${config.minTlsVersion}. Fix: set value "${config.minTlsVersion}".`,
                );
            }
            const ssl = find("ssl");
            if (ssl === undefined) {
                reportOn(
                    report,
                    anchor,
                    `Cloudflare zone ${zone} does not pin its SSL mode, so the origin leg may be plain HTTP or unvalidated TLS. Fix: add a cloudflare.ZoneSetting settingId "ssl" value "strict".`,
                );
            } else if (ssl.value !== undefined && !config.allowedSslModes.includes(ssl.value)) {
                reportOn(
                    report,
                    ssl.resource,
                    `Cloudflare zone ${zone} has ssl "${ssl.value}"; allowed: ${config.allowedSslModes.join(", ")}. Fix: set value "strict" (a valid certificate on the origin).`,
                );
            }
            if (config.requireAlwaysUseHttps) {
                const https = find("always_use_https");
                if (https === undefined || (https.value !== undefined && https.value !== "on")) {
                    reportOn(
                        report,
                        https?.resource ?? anchor,
                        `Cloudflare zone ${zone} serves plain http:// (always_use_https ${https?.value ?? "not set"}). Fix: add a cloudflare.ZoneSetting settingId "always_use_https" value "on".`,
                    );
                }
            }
        }
    },
};

export const encryptionInTransitPolicies = [
    encryptionInTransitCloudfront,
    encryptionInTransitLoadBalancers,
    encryptionInTransitCache,
    encryptionInTransitRdsForceSsl,
    encryptionInTransitSupabaseSsl,
    encryptionInTransitCloudflareZone,
    ...encryptionInTransitServicePolicies,
];
