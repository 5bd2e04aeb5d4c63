// No data loss: stateful resources survive a mistaken `pulumi destroy` or replacement, databases refuse deletion
// and leave a final snapshot, buckets keep old versions, and no data store is reachable by the public.

import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { DATA_PORTS, FAMILY_DELETION, FAMILY_PUBLIC, OPEN_CIDRS, openedDataPorts } from "./families";
import { AWS, BUCKET_TYPES, LISTENER_TYPES, LOAD_BALANCER_TYPES, STATEFUL_TYPES, SUPABASE_KINDS } from "./resource-types";
import {
    asString,
    asStringArray,
    configSchema,
    get,
    isRecord,
    judgeEach,
    label,
    ofType,
    parseJsonDocument,
    readArray,
    readBoolean,
    readConfig,
    readNumber,
    readString,
    referenced,
    referrers,
    reportOn,
    safe,
    supabaseKindOf,
} from "./util";

// ---------------------------------------------------------------------------------------------------------
// data-loss-protect
// ---------------------------------------------------------------------------------------------------------

export const protectSchema = configSchema<{ requireProtection: boolean }>({
    requireProtection: {
        type: "boolean",
        default: true,
        description:
            "Require the `protect` resource option on stateful resources (databases, buckets, caches, tables, EBS volumes, file systems, " +
            "KMS keys). Off in dev, where stacks are torn down freely.",
    },
});

/** Stateful by type, or a Supabase project (a dynamic resource with supabaseResource "project"). */
export function isStateful(resource: { type: string; props: Record<string, unknown> }): boolean {
    return STATEFUL_TYPES.includes(resource.type) || supabaseKindOf(resource) === SUPABASE_KINDS.project;
}

export const dataLossProtect: ResourceValidationPolicy = {
    name: "data-loss-protect",
    description:
        "Stateful resources (and Supabase projects) are created with the `protect` resource option, so Pulumi refuses to delete or replace them.",
    remediationSteps:
        "Pass { protect: true } in the resource options (components: forward it to their stateful children). To delete on purpose, " +
        "unprotect first with `pulumi state unprotect`.",
    configSchema: protectSchema,
    validateResource: (args, report) => {
        if (!isStateful(args)) {
            return;
        }
        const { requireProtection } = readConfig(args, protectSchema);
        // The analyzer protocol carries `protect` but not `retainOnDelete` (see the pack README), so only
        // `protect` can be checked: a resource that is only retainOnDelete is reported too.
        if (requireProtection && !args.opts.protect) {
            report(
                `${args.name} (${args.type}) is stateful but not protected: a destroy, a replacement or a refactoring that drops it ` +
                    `deletes its data (for a KMS key: makes everything encrypted with it unreadable). Fix: set the resource option protect: true ` +
                    `(retainOnDelete alone is invisible to policies).`,
            );
        }
    },
};

// ---------------------------------------------------------------------------------------------------------
// data-loss-deletion-protection
// ---------------------------------------------------------------------------------------------------------

export const deletionProtectionSchema = configSchema<{ requireDeletionProtection: boolean; requireFinalSnapshot: boolean }>({
    requireDeletionProtection: {
        type: "boolean",
        default: true,
        description: "Require the provider-side deletion guard: RDS deletionProtection, DynamoDB deletionProtectionEnabled.",
    },
    requireFinalSnapshot: {
        type: "boolean",
        default: true,
        description:
            "Require RDS instances and clusters (not read replicas) to take a final snapshot: skipFinalSnapshot false and a finalSnapshotIdentifier.",
    },
});

export const dataLossDeletionProtection: ResourceValidationPolicy = {
    name: "data-loss-deletion-protection",
    description:
        "RDS, DocumentDB and Neptune have deletionProtection and a final snapshot; Redshift takes a final snapshot; DynamoDB tables have " +
        "deletionProtectionEnabled; Secrets Manager keeps a recovery window; Google Cloud stores keep their default deletionProtection.",
    configSchema: deletionProtectionSchema,
    validateResource: (args, report) => {
        const config = readConfig(args, deletionProtectionSchema);
        if (args.type === AWS.rdsInstance || args.type === AWS.rdsCluster) {
            if (config.requireDeletionProtection && readBoolean(args.props, "deletionProtection") !== true) {
                report(
                    `${args.name}: deletionProtection is off, so the database can be deleted by any API call or destroy. Fix: set deletionProtection: true.`,
                );
            }
            const replica = readString(args.props, "replicateSourceDb") !== undefined;
            if (config.requireFinalSnapshot && !replica) {
                if (readBoolean(args.props, "skipFinalSnapshot") === true) {
                    report(
                        `${args.name}: skipFinalSnapshot is true, so deleting it leaves no snapshot. Fix: set skipFinalSnapshot: false and a finalSnapshotIdentifier.`,
                    );
                } else if (readString(args.props, "finalSnapshotIdentifier") === undefined) {
                    report(
                        `${args.name}: no finalSnapshotIdentifier, so the deletion fails or leaves no snapshot. Fix: set finalSnapshotIdentifier (e.g. "<name>-final").`,
                    );
                }
            }
        }
        if (
            args.type === AWS.dynamodbTable &&
            config.requireDeletionProtection &&
            readBoolean(args.props, "deletionProtectionEnabled") !== true
        ) {
            report(`${args.name}: deletionProtectionEnabled is off. Fix: set deletionProtectionEnabled: true.`);
        }
        for (const problem of FAMILY_DELETION[args.type]?.(args.props, config) ?? []) {
            report(`${args.name} (${args.type}): ${problem}`);
        }
    },
};

// ---------------------------------------------------------------------------------------------------------
// data-loss-s3-versioning (stack)
// ---------------------------------------------------------------------------------------------------------

export const versioningSchema = configSchema<{ requireVersioning: boolean }>({
    requireVersioning: {
        type: "boolean",
        default: true,
        description: "Require versioning on every bucket, so overwritten or deleted objects can be restored.",
    },
});

export const dataLossS3Versioning: StackValidationPolicy = {
    name: "data-loss-s3-versioning",
    description: "Each S3 bucket has a BucketVersioning with status Enabled (correlated through its bucket input).",
    configSchema: versioningSchema,
    validateStack: (args, report) => {
        if (!readConfig(args, versioningSchema).requireVersioning) {
            return;
        }
        const versionings = ofType(args.resources, [AWS.s3Versioning, AWS.s3VersioningV2]);
        judgeEach(ofType(args.resources, BUCKET_TYPES), (bucket) => {
            const enabled =
                referrers(versionings, "bucket", bucket, { useDependencies: true }).some(
                    (v) => readString(v.props, "versioningConfiguration", "status") === "Enabled",
                ) || readBoolean(bucket.props, "versioning", "enabled") === true;
            if (!enabled) {
                reportOn(
                    report,
                    bucket,
                    `${label(bucket)} is not versioned: an overwrite or delete loses the object. Fix: add an aws.s3.BucketVersioning with ` +
                        `bucket: <this bucket>.id and versioningConfiguration: { status: "Enabled" } (and a lifecycle rule expiring noncurrent versions).`,
                );
            }
        });
    },
};

// ---------------------------------------------------------------------------------------------------------
// data-loss-s3-public-access (stack)
// ---------------------------------------------------------------------------------------------------------

export const publicAccessSchema = configSchema<{ exemptBuckets: string[] }>({
    exemptBuckets: {
        type: "array",
        items: { type: "string" },
        default: [],
        description:
            "Logical names of buckets allowed to be public (none by default: the documents serve public files through CloudFront " +
            "with origin access control, which needs no public bucket).",
    },
});

const PUBLIC_CANNED_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const PUBLIC_GROUPS = ["http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"];

function isPublicAcl(acl: PolicyResource): string | undefined {
    const canned = readString(acl.props, "acl");
    if (canned !== undefined && PUBLIC_CANNED_ACLS.includes(canned)) {
        return `canned ACL ${canned}`;
    }
    const grants = readArray(acl.props, "accessControlPolicy", "grants");
    const publicGrant = grants.find((g) => PUBLIC_GROUPS.includes(readString(g, "grantee", "uri") ?? ""));
    return publicGrant === undefined ? undefined : `a grant to ${readString(publicGrant, "grantee", "uri")}`;
}

/** Whether a statement's principal is everyone: "*", { AWS: "*" } or a list containing "*". */
function isEveryone(principal: unknown): boolean {
    if (principal === "*") {
        return true;
    }
    if (isRecord(principal)) {
        return Object.values(principal).some((p) => p === "*" || asStringArray(p).includes("*"));
    }
    return false;
}

/**
 * Condition keys that restrict WHO can call (the caller's identity, account, organization, or the AWS resource / network
 * path the request comes through), lower-cased: IAM condition keys are case-insensitive (`AWS:SourceArn`). The list is
 * documented in policies/README.md ("data-loss-s3-public-access: conditions that make a public statement private").
 * Anything else (aws:SecureTransport, s3:TlsVersion, aws:CurrentTime, aws:SourceIp, aws:UserAgent, aws:Referer, ...)
 * limits HOW or WHEN a request is made, not by whom, and leaves the statement public.
 */
export const RESTRICTING_CONDITION_KEYS: readonly string[] = [
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceowner",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalservicename",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:userid",
    "aws:username",
    "s3:dataaccesspointaccount",
    "s3:dataaccesspointarn",
];

/**
 * Operators whose match pins the key to the listed values. Negated operators (`StringNotEquals`, ...) match everyone
 * else, `...IfExists` matches requests without the key, and `ForAllValues:` matches an absent key: none restricts.
 */
const RESTRICTING_OPERATORS: readonly string[] = ["StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike"];

/**
 * Whether one condition value pins the caller: no policy variable, and no wildcard where the identity is: a value
 * without `*`/`?`, an ARN whose account segment is fixed (`arn:aws:cloudfront::123456789012:distribution/*`), or an
 * aws:userid whose unique-ID part is fixed (`AROAEXAMPLEID:*`, any session of one role).
 */
function pinsCaller(key: string, value: unknown): boolean {
    const text = typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
    if (text === undefined || text.trim() === "" || text.includes("${")) {
        return false;
    }
    const wild = (part: string): boolean => /[*?]/.test(part);
    if (!wild(text)) {
        return true;
    }
    if (text.startsWith("arn:")) {
        const [, partition = "", service = "", , account = ""] = text.split(":");
        return ![partition, service, account].some(wild) && account !== "" && partition !== "" && service !== "";
    }
    if (key === "aws:userid") {
        const id = text.split(":")[0];
        return text.includes(":") && id !== "" && !wild(id);
    }
    return false;
}

/** Whether a statement's Condition restricts who can call: some operator on a restricting key, every value pinned. */
export function restrictsCaller(condition: unknown): boolean {
    if (!isRecord(condition)) {
        return false;
    }
    return Object.entries(condition).some(([rawOperator, block]) => {
        const operator = rawOperator.startsWith("ForAnyValue:") ? rawOperator.slice("ForAnyValue:".length) : rawOperator;
        if (!RESTRICTING_OPERATORS.includes(operator) || !isRecord(block)) {
            return false;
        }
        return Object.entries(block).some(([rawKey, values]) => {
            const key = rawKey.toLowerCase();
            const list = Array.isArray(values) ? values : [values];
            return RESTRICTING_CONDITION_KEYS.includes(key) && list.length > 0 && list.every((v) => pinsCaller(key, v));
        });
    });
}

/**
 * Allow statements open to everyone, from a policy document (string or object): Principal "*" and no Condition that
 * restricts who can call (`restrictsCaller`). Conditions in one statement are ANDed, so one restricting entry suffices.
 */
export function publicStatements(policy: unknown): unknown[] {
    const doc = parseJsonDocument(policy);
    const statements = get(doc, "Statement");
    return (Array.isArray(statements) ? statements : [statements]).filter(
        (s) => isRecord(s) && s["Effect"] === "Allow" && isEveryone(s["Principal"]) && !restrictsCaller(s["Condition"]),
    );
}

/**
 * Whether the bucket's own public access block, or the account's, blocks `flag`. A bucket without a
 * BucketPublicAccessBlock keeps the block S3 applies to every new bucket since April 2023 (all four settings on:
 * https://aws.amazon.com/blogs/aws/heads-up-amazon-s3-security-changes-are-coming-in-april-of-2023/), so only a
 * block resource that turns a setting off (or leaves it unset: the resource's flags default to false) unblocks it.
 */
function blocks(resources: readonly PolicyResource[], bucket: PolicyResource | undefined, flag: string): boolean {
    const account = ofType(resources, [AWS.s3AccountPublicAccessBlock]).some((b) => safe(() => readBoolean(b.props, flag)) === true);
    if (account || bucket === undefined) {
        return account;
    }
    const attached = referrers(ofType(resources, [AWS.s3PublicAccessBlock]), "bucket", bucket, { useDependencies: true });
    return attached.length === 0 || attached.some((b) => safe(() => readBoolean(b.props, flag)) === true);
}

export const dataLossS3PublicAccess: StackValidationPolicy = {
    name: "data-loss-s3-public-access",
    description:
        'No public bucket: no bucket policy granting "*" without a condition restricting who can call, and no public ACL. A bucket without ' +
        "a BucketPublicAccessBlock is private (S3 blocks public access on new buckets since April 2023).",
    configSchema: publicAccessSchema,
    validateStack: (args, report) => {
        const { exemptBuckets } = readConfig(args, publicAccessSchema);
        const allBuckets = ofType(args.resources, BUCKET_TYPES);
        const buckets = allBuckets.filter((b) => !exemptBuckets.includes(b.name));
        const bucketOf = (r: PolicyResource): PolicyResource | undefined =>
            allBuckets.find((b) => referrers([r], "bucket", b, { useDependencies: true }).length > 0);
        const exempt = (r: PolicyResource): boolean => exemptBuckets.includes(bucketOf(r)?.name ?? "");
        // A grant is reported even when a block would stop it: S3 then rejects the ACL or policy and the deployment fails.
        const blocked = (bucket: PolicyResource | undefined, flag: string): string =>
            blocks(args.resources, bucket, flag) ? ` (${flag} is on, so S3 will reject it and the deployment fails)` : "";

        judgeEach(buckets, (bucket) => {
            const inlineAcl = readString(bucket.props, "acl");
            if (inlineAcl !== undefined && PUBLIC_CANNED_ACLS.includes(inlineAcl)) {
                reportOn(
                    report,
                    bucket,
                    `${label(bucket)} has acl ${inlineAcl}, which makes its objects public${blocked(bucket, "blockPublicAcls")}. Fix: remove the acl ` +
                        `(keep the default private ownership, BucketOwnerEnforced) and serve files through CloudFront with origin access control.`,
                );
            }
        });

        judgeEach(
            ofType(args.resources, [AWS.s3Acl, AWS.s3AclV2]).filter((a) => !exempt(a)),
            (acl) => {
                const why = isPublicAcl(acl);
                if (why !== undefined) {
                    reportOn(
                        report,
                        acl,
                        `${label(acl)} makes its bucket public with ${why}${blocked(bucketOf(acl), "blockPublicAcls")}. Fix: use acl "private" (or remove the BucketAcl) and serve files through CloudFront with origin access control.`,
                    );
                }
            },
        );

        judgeEach(
            ofType(args.resources, [AWS.s3Policy]).filter((p) => !exempt(p)),
            (policy) => {
                const open = publicStatements(safe(() => get(policy.props, "policy")));
                if (open.length > 0) {
                    const sids = open.map((s) => asString(get(s, "Sid")) ?? "(no Sid)").join(", ");
                    reportOn(
                        report,
                        policy,
                        `${label(policy)} allows Principal "*" without a Condition (statements: ${sids}) that restricts who can call, which makes the ` +
                            `bucket public${blocked(bucketOf(policy), "blockPublicPolicy")} (conditions on transport, time or IP ranges, such as aws:SecureTransport or aws:SourceIp, do not). ` +
                            `Fix: grant the CloudFront service principal with a Condition on AWS:SourceArn (origin access control), or a specific role ` +
                            `(or pin the caller with aws:SourceAccount, aws:PrincipalOrgID, aws:PrincipalArn, aws:SourceVpce, ...).`,
                    );
                }
            },
        );
    },
};

// ---------------------------------------------------------------------------------------------------------
// data-loss-public-database
// ---------------------------------------------------------------------------------------------------------

export const publicDatabaseSchema = configSchema<{ exemptResourceNames: string[] }>({
    exemptResourceNames: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Logical names exempted on purpose (none by default): a publicly accessible database fails in every environment.",
    },
});

/** The open CIDRs and data ports of one ingress rule, in any of the three forms a security group rule takes. */
function openDataIngress(rule: unknown, cidrKeys: string[], protocolKey: string): { cidrs: string[]; ports: string[] } {
    const cidrs = cidrKeys.flatMap((k) => {
        const value = get(rule, k);
        return (typeof value === "string" ? [value] : asStringArray(value)).filter((c) => OPEN_CIDRS.includes(c));
    });
    if (cidrs.length === 0) {
        return { cidrs, ports: [] };
    }
    const protocol = readString(rule, protocolKey)?.toLowerCase();
    return { cidrs, ports: openedDataPorts(protocol, readNumber(rule, "fromPort"), readNumber(rule, "toPort")) };
}

/** Security-group forms that open ports: inline `ingress` blocks, ec2.SecurityGroupRule and vpc.SecurityGroupIngressRule. */
function securityGroupExposure(type: string, props: Record<string, unknown>): { cidrs: string[]; ports: string[] }[] {
    if (type === AWS.securityGroup) {
        return readArray(props, "ingress").map((r) => openDataIngress(r, ["cidrBlocks", "ipv6CidrBlocks"], "protocol"));
    }
    if (type === AWS.securityGroupRule) {
        return readString(props, "type") === "ingress" ? [openDataIngress(props, ["cidrBlocks", "ipv6CidrBlocks"], "protocol")] : [];
    }
    if (type === AWS.securityGroupIngressRule) {
        return [openDataIngress(props, ["cidrIpv4", "cidrIpv6"], "ipProtocol")];
    }
    return [];
}

export const dataLossPublicDatabase: ResourceValidationPolicy = {
    name: "data-loss-public-database",
    description:
        "No database is publicly accessible: RDS and Redshift publiclyAccessible is not true; Cloud SQL authorized networks do not include " +
        "0.0.0.0/0; no security group opens a database port to 0.0.0.0/0 or ::/0; Supabase network restrictions do not allow them.",
    configSchema: publicDatabaseSchema,
    validateResource: (args, report) => {
        if (supabaseKindOf(args) === SUPABASE_KINDS.networkRestrictions) {
            const { exemptResourceNames } = readConfig(args, publicDatabaseSchema);
            const open = [...readArray(args.props, "dbAllowedCidrs"), ...readArray(args.props, "dbAllowedCidrsV6")].filter(
                (c) => typeof c === "string" && OPEN_CIDRS.includes(c),
            );
            if (open.length > 0 && !exemptResourceNames.includes(args.name)) {
                report(
                    `${args.name}: the Supabase network restrictions allow ${open.join(" and ")}, so the database accepts connections from the ` +
                        `whole internet despite restrictions being managed. Fix: list only the CIDRs that must connect (egress IPs of the services, ` +
                        `office/VPN ranges) in allowedCidrs / allowedCidrsV6.`,
                );
            }
            return;
        }
        const exposures = securityGroupExposure(args.type, args.props).filter((e) => e.ports.length > 0);
        if (exposures.length > 0) {
            const { exemptResourceNames } = readConfig(args, publicDatabaseSchema);
            if (!exemptResourceNames.includes(args.name)) {
                const cidrs = [...new Set(exposures.flatMap((e) => e.cidrs))].join(" and ");
                const ports = [...new Set(exposures.flatMap((e) => e.ports))];
                report(
                    `${args.name} (${args.type}): ingress from ${cidrs} opens database port(s) ${ports.slice(0, 6).join(", ")}${ports.length > 6 ? ", ..." : ""} ` +
                        `to the whole internet. Fix: allow only the application's security group (referencedSecurityGroupId / sourceSecurityGroupId) ` +
                        `or private CIDRs on data ports.`,
                );
            }
            return;
        }
        const familyFix = FAMILY_PUBLIC[args.type]?.(args.props);
        if (familyFix !== undefined) {
            if (!readConfig(args, publicDatabaseSchema).exemptResourceNames.includes(args.name)) {
                report(`${args.name} (${args.type}) is reachable from the internet. Fix: ${familyFix}.`);
            }
            return;
        }
        if (args.type !== AWS.rdsInstance && args.type !== AWS.rdsClusterInstance) {
            return;
        }
        const { exemptResourceNames } = readConfig(args, publicDatabaseSchema);
        if (readBoolean(args.props, "publiclyAccessible") === true && !exemptResourceNames.includes(args.name)) {
            report(
                `${args.name}: publiclyAccessible is true, so the database gets a public IP and is reachable from the internet. ` +
                    `Fix: set publiclyAccessible: false, place it in private subnets and reach it from the services' security group.`,
            );
        }
    },
};

// ---------------------------------------------------------------------------------------------------------
// data-loss-public-listener-ports (stack): an internet-facing load balancer forwarding a database port
// ---------------------------------------------------------------------------------------------------------

/** Layer-4 listener protocols: the load balancer passes the database protocol through as it is. */
const LAYER4_PROTOCOLS = ["TCP", "TLS", "UDP", "TCP_UDP"];

export const dataLossPublicListenerPorts: StackValidationPolicy = {
    name: "data-loss-public-listener-ports",
    description:
        "No internet-facing load balancer (internal unset or false: the default is internet-facing) has a TCP/TLS listener on a database port " +
        "(DATA_PORTS): that publishes the database behind it to the internet whatever its own security group says. A load balancer with its " +
        "own securityGroups is judged through those groups' rules (data-loss-public-database) instead.",
    remediationSteps: "Set internal: true on the load balancer (or remove the listener), and reach the database from inside the VPC.",
    configSchema: publicDatabaseSchema,
    validateStack: (args, report) => {
        const { exemptResourceNames } = readConfig(args, publicDatabaseSchema);
        const balancers = ofType(args.resources, LOAD_BALANCER_TYPES);
        judgeEach(ofType(args.resources, LISTENER_TYPES), (listener) => {
            const protocol = (readString(listener.props, "protocol") ?? "").toUpperCase();
            const port = readNumber(listener.props, "port");
            const data = DATA_PORTS.find((d) => d.port === port);
            if (!LAYER4_PROTOCOLS.includes(protocol) || data === undefined || exemptResourceNames.includes(listener.name)) {
                return;
            }
            const lb = referenced(listener, "loadBalancerArn", balancers, { keys: ["arn", "id"], useDependencies: true })[0];
            if (lb === undefined || readBoolean(lb.props, "internal") === true || exemptResourceNames.includes(lb.name)) {
                return;
            }
            if (asStringArray(safe(() => get(lb.props, "securityGroups"))).length > 0) {
                return; // NLBs with security groups (since August 2023) are filtered by them: their rules are judged on their own.
            }
            reportOn(
                report,
                listener,
                `${listener.name}: ${protocol} listener on port ${data.port} (${data.service}) of the internet-facing load balancer ${lb.name} ` +
                    `(internal is ${readBoolean(lb.props, "internal") === false ? "false" : "unset, which is internet-facing"}) publishes a database ` +
                    `to the internet. Fix: set internal: true on ${lb.name} and reach the database from inside the VPC (or give the load balancer ` +
                    `securityGroups that admit only known networks).`,
            );
        });
    },
};

export const dataLossPolicies = [
    dataLossProtect,
    dataLossDeletionProtection,
    dataLossS3Versioning,
    dataLossS3PublicAccess,
    dataLossPublicDatabase,
    dataLossPublicListenerPorts,
];
