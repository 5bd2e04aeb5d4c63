// The last rule families of issue 10: MemoryDB snapshots (RPO, no data loss on delete), OpenSearch domains open to
// everyone (no public data store), public Cloud Run / Cloud Functions invokers (WAF or equivalent on public
// endpoints) and Cloud Storage retention policies (bucket lock, an opt-in preference). Peers and levels: the rule
// table in policies/README.md and rules/peers.ts.

import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { publicStatements } from "./data-loss";
import { AWS, GCP } from "./resource-types";
import {
    asStringArray,
    configSchema,
    get,
    globMatch,
    judgeEach,
    label,
    ofType,
    parseJsonDocument,
    readBoolean,
    readConfig,
    readNumber,
    readString,
    referrers,
    reportOn,
    safe,
} from "./util";

// ---------------------------------------------------------------------------------------------------------
// rpo-memorydb-snapshots
// ---------------------------------------------------------------------------------------------------------
// MemoryDB keeps every write in a Multi-AZ transaction log, so a node or zone failure loses no acknowledged write
// (AWS MemoryDB developer guide, "What is MemoryDB", read 2026-12-06): the RPO of 1 h holds without snapshots. What the
// log does not cover is the cluster itself: a deleted cluster, a bad FLUSHALL or a lost region is recovered only from a
// snapshot. @pulumi/aws 7.48 memorydb/cluster.d.ts: snapshotRetentionLimit "When set to `0`, automatic backups are
// disabled. Defaults to `0`."; finalSnapshotName "If omitted, no final snapshot will be made." So an unset retention is
// no snapshot at all, and an unset final snapshot name loses the data on delete.

export const memorydbSnapshotsSchema = configSchema<{ minSnapshotRetentionDays: number; requireFinalSnapshot: boolean }>({
    minSnapshotRetentionDays: {
        type: "integer",
        minimum: 0,
        maximum: 35,
        default: 1,
        description:
            "Minimum snapshotRetentionLimit (days) of a MemoryDB cluster; 0 turns the check off (dev). MemoryDB defaults to 0: no automatic " +
            "snapshot, so a deleted or corrupted cluster cannot be restored.",
    },
    requireFinalSnapshot: {
        type: "boolean",
        default: true,
        description:
            "Require finalSnapshotName, so deleting the cluster keeps its data as a snapshot (no data loss on delete). Off in dev.",
    },
});

export const rpoMemorydbSnapshots: ResourceValidationPolicy = {
    name: "rpo-memorydb-snapshots",
    description:
        "MemoryDB clusters keep automatic snapshots (snapshotRetentionLimit >= minSnapshotRetentionDays) and take a final snapshot on delete.",
    configSchema: memorydbSnapshotsSchema,
    validateResource: (args, report) => {
        if (args.type !== AWS.memorydbCluster) {
            return;
        }
        const { minSnapshotRetentionDays, requireFinalSnapshot } = readConfig(args, memorydbSnapshotsSchema);
        const fixes: string[] = [];
        const retention = readNumber(args.props, "snapshotRetentionLimit");
        if (minSnapshotRetentionDays > 0 && (retention ?? 0) < minSnapshotRetentionDays) {
            fixes.push(
                `snapshotRetentionLimit is ${retention ?? "unset (MemoryDB's default: 0, no automatic snapshot)"}; set it to ${minSnapshotRetentionDays} or more ` +
                    `(and a snapshotWindow outside peak hours)`,
            );
        }
        if (requireFinalSnapshot && (readString(args.props, "finalSnapshotName") ?? "") === "") {
            fixes.push("finalSnapshotName is unset, so deleting the cluster keeps no snapshot; set finalSnapshotName");
        }
        if (fixes.length > 0) {
            report(
                `${args.name}: the transaction log survives node and zone failures but not the cluster's deletion or a bad write. Fix: ${fixes.join("; ")}.`,
            );
        }
    },
};

// ---------------------------------------------------------------------------------------------------------
// data-loss-public-search-domain (stack)
// ---------------------------------------------------------------------------------------------------------
// A domain placed in a VPC (vpcOptions.subnetIds) has no public endpoint: its security groups decide who connects, and
// an access policy with Principal "*" is AWS's documented pattern there. Outside a VPC the access policy is the only
// gate, so an Allow to everyone is a public data store (prowler opensearch_service_domains_not_publicly_accessible:
// VPC first, then is_policy_public on the access policy). A statement is public as for S3 buckets (publicStatements in
// ./data-loss.ts): Principal "*" or { AWS: "*" } without a condition pinning the caller. An aws:SourceIp range limits
// from where, not who, so it does not make the statement private (prowler agrees unless every IP is in its trusted_ips
// list: tests/.../opensearch_service_domains_not_publicly_accessible_test.py, partial_match case); list such a domain
// in exemptResourceNames.

const OPENSEARCH_DOMAIN_POLICY = "aws:opensearch/domainPolicy:DomainPolicy";

export const publicSearchDomainSchema = configSchema<{ exemptResourceNames: string[] }>({
    exemptResourceNames: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Logical names of OpenSearch domains (or domain policies) that are public on purpose (none by default).",
    },
});

/** Allow statements of an access policy that let anyone on the internet call the domain. */
export function openSearchPublicStatements(policy: unknown): unknown[] {
    if (policy === undefined || policy === null || policy === "") {
        return [];
    }
    return publicStatements(parseJsonDocument(policy));
}

export const dataLossPublicSearchDomain: StackValidationPolicy = {
    name: "data-loss-public-search-domain",
    description:
        'No OpenSearch domain outside a VPC has an access policy (accessPolicies, or an opensearch.DomainPolicy) that allows everyone: Principal "*" ' +
        "with no condition pinning the caller (aws:SourceIp does not).",
    configSchema: publicSearchDomainSchema,
    validateStack: (args, report) => {
        const { exemptResourceNames } = readConfig(args, publicSearchDomainSchema);
        const policies = ofType(args.resources, [OPENSEARCH_DOMAIN_POLICY]);
        judgeEach(
            ofType(args.resources, [AWS.opensearchDomain]).filter((d) => !exemptResourceNames.includes(d.name)),
            (domain) => {
                if (asStringArray(get(domain.props, "vpcOptions", "subnetIds")).length > 0) {
                    return;
                }
                if (openSearchPublicStatements(get(domain.props, "accessPolicies")).length > 0) {
                    reportOn(
                        report,
                        domain,
                        `${label(domain)} has a public endpoint (no vpcOptions) and its accessPolicies allow everyone (Principal "*" without a condition ` +
                            `pinning the caller): anyone on the internet can query the index. Fix: place it in a VPC (vpcOptions.subnetIds with ` +
                            `security groups), or name the principals (IAM role ARNs) in the policy, or list the domain in exemptResourceNames if an IP allowlist is meant to suffice.`,
                    );
                }
                for (const policy of referrers(policies, "domainName", domain, {
                    keys: ["domainName", "name", "id", "arn"],
                    useDependencies: true,
                })) {
                    if (exemptResourceNames.includes(policy.name)) {
                        continue;
                    }
                    if (openSearchPublicStatements(safe(() => get(policy.props, "accessPolicies"))).length > 0) {
                        reportOn(
                            report,
                            policy,
                            `${label(policy)} allows everyone (Principal "*" without a condition pinning the caller) on ${domain.name}, which has a ` +
                                `public endpoint (no vpcOptions): anyone on the internet can query the index. Fix: place the domain in a VPC, or name the ` +
                                `principals in the policy.`,
                        );
                    }
                }
            },
        );
    },
};

// ---------------------------------------------------------------------------------------------------------
// edge-public-invoker (stack, advisory)
// ---------------------------------------------------------------------------------------------------------
// A public invoker (allUsers / allAuthenticatedUsers holding roles/run.invoker or roles/cloudfunctions.invoker) makes a
// service a public endpoint; it exposes no stored data (the service decides what it returns), so it is judged under
// "WAF or equivalent on public endpoints", not "no public data store". An endpoint whose ingress admits only internal
// traffic and Google Cloud load balancers is fronted: the load balancer's backend service is judged by
// edge-waf-required (Cloud Armor). Ingress ALL leaves the run.app / cloudfunctions.net URL reachable past any load
// balancer, and the "equivalent" (rate limiting in the app, an edge such as Cloudflare) cannot be seen from the stack,
// so the finding is advisory. Ingress values and defaults (@pulumi/gcp 9.37): cloudrunv2/service.d.ts `ingress`
// (INGRESS_TRAFFIC_ALL by default), Cloud Run v1 annotation `run.googleapis.com/ingress` ("all" when absent),
// cloudfunctions/function.d.ts `ingressSettings` and cloudfunctionsv2 `serviceConfig.ingressSettings` (ALLOW_ALL when
// unset). Cloud Run v2 services with ingress ALL are already reported by edge-cloud-run-ingress, so this rule
// reports them only when a Cloud Armor policy in the stack silences that rule yet the service is still reachable
// directly; for Cloud Run v1 and Cloud Functions it is the only rule.

const PUBLIC_MEMBERS = ["allUsers", "allAuthenticatedUsers"];
const INVOKER_ROLES = ["roles/run.invoker", "roles/cloudfunctions.invoker"];
const SECURITY_POLICY = "gcp:compute/securityPolicy:SecurityPolicy";
const CLOUD_FUNCTION_V1 = "gcp:cloudfunctions/function:Function";
const CLOUD_FUNCTION_V2 = "gcp:cloudfunctionsv2/function:Function";

/** Invoker grant types, with the property naming their target and the target's types. */
const INVOKER_GRANTS: Record<string, { target: string; types: readonly string[] }> = {
    "gcp:cloudrunv2/serviceIamMember:ServiceIamMember": { target: "name", types: [GCP.cloudRunService] },
    "gcp:cloudrunv2/serviceIamBinding:ServiceIamBinding": { target: "name", types: [GCP.cloudRunService] },
    "gcp:cloudrun/iamMember:IamMember": { target: "service", types: [GCP.cloudRunV1Service] },
    "gcp:cloudrun/iamBinding:IamBinding": { target: "service", types: [GCP.cloudRunV1Service] },
    "gcp:cloudfunctions/functionIamMember:FunctionIamMember": { target: "cloudFunction", types: [CLOUD_FUNCTION_V1] },
    "gcp:cloudfunctions/functionIamBinding:FunctionIamBinding": { target: "cloudFunction", types: [CLOUD_FUNCTION_V1] },
    "gcp:cloudfunctionsv2/functionIamMember:FunctionIamMember": { target: "cloudFunction", types: [CLOUD_FUNCTION_V2] },
    "gcp:cloudfunctionsv2/functionIamBinding:FunctionIamBinding": { target: "cloudFunction", types: [CLOUD_FUNCTION_V2] },
};

export const publicInvokerSchema = configSchema<{ exemptServices: string[] }>({
    exemptServices: {
        type: "array",
        items: { type: "string" },
        default: [],
        description:
            "Logical names of Cloud Run services or Cloud Functions that are public on purpose with a WAF equivalent the stack cannot show (an edge " +
            "such as Cloudflare in front, rate limiting in the app). ADVISORY by default in every environment.",
    },
});

/** The public principals of an invoker grant; empty when the role is not an invoker role. */
export function publicInvokers(props: Record<string, unknown>): string[] {
    if (!INVOKER_ROLES.includes(readString(props, "role") ?? "")) {
        return [];
    }
    return [readString(props, "member") ?? "", ...asStringArray(get(props, "members"))].filter((m) => PUBLIC_MEMBERS.includes(m));
}

/** Whether an endpoint's ingress admits the internet directly (not only internal traffic and Google load balancers). */
export function admitsInternet(type: string, props: Record<string, unknown>): boolean {
    switch (type) {
        case GCP.cloudRunService:
            return (readString(props, "ingress") ?? "INGRESS_TRAFFIC_ALL") === "INGRESS_TRAFFIC_ALL";
        case GCP.cloudRunV1Service:
            return (readString(props, "metadata", "annotations", "run.googleapis.com/ingress") ?? "all") === "all";
        case CLOUD_FUNCTION_V1:
            return (readString(props, "ingressSettings") ?? "ALLOW_ALL") === "ALLOW_ALL";
        case CLOUD_FUNCTION_V2:
            return (readString(props, "serviceConfig", "ingressSettings") ?? "ALLOW_ALL") === "ALLOW_ALL";
        default:
            return false;
    }
}

export const edgePublicInvoker: StackValidationPolicy = {
    name: "edge-public-invoker",
    description:
        "A Cloud Run service or Cloud Function granted to allUsers/allAuthenticatedUsers (run.invoker, cloudfunctions.invoker) is a public endpoint: " +
        "it should take traffic through a load balancer with Cloud Armor (ingress internal and load balancing), not directly from the internet.",
    enforcementLevel: "advisory",
    configSchema: publicInvokerSchema,
    validateStack: (args, report) => {
        const { exemptServices } = readConfig(args, publicInvokerSchema);
        const armored = ofType(args.resources, [SECURITY_POLICY]).length > 0;
        judgeEach(
            args.resources.filter((r) => INVOKER_GRANTS[r.type] !== undefined),
            (grant) => {
                const principals = publicInvokers(grant.props);
                const spec = INVOKER_GRANTS[grant.type];
                if (principals.length === 0 || spec === undefined) {
                    return;
                }
                const targets = ofType(args.resources, spec.types).filter(
                    (t) => referrers([grant], spec.target, t, { keys: ["name", "id"], useDependencies: true }).length > 0,
                );
                for (const target of targets) {
                    if (exemptServices.includes(target.name) || !safe(() => admitsInternet(target.type, target.props))) {
                        continue;
                    }
                    // Without Cloud Armor in the stack, edge-cloud-run-ingress already reports a v2 service with ingress ALL.
                    if (target.type === GCP.cloudRunService && !armored) {
                        continue;
                    }
                    reportOn(
                        report,
                        grant,
                        `${label(grant)} lets ${principals.join(" and ")} invoke ${target.name}, whose ingress admits the internet directly, so requests ` +
                            `reach it past any load balancer and Cloud Armor${armored ? " in the stack" : " (none in the stack)"}. Fix: set ingress to internal and ` +
                            `Cloud Load Balancing (INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER, run.googleapis.com/ingress: internal-and-cloud-load-balancing, ` +
                            `ingressSettings ALLOW_INTERNAL_AND_GCLB) behind an HTTPS load balancer with a Cloud Armor policy, or list it in exemptServices ` +
                            `if another edge or in-app rate limiting is the WAF equivalent.`,
                    );
                }
            },
        );
    },
};

// ---------------------------------------------------------------------------------------------------------
// data-loss-gcs-retention (opt-in, advisory)
// ---------------------------------------------------------------------------------------------------------
// A retention policy (bucket lock when isLocked) forbids deleting or overwriting an object before its age reaches
// retentionPeriod, for everyone, administrators included: write-once storage for records kept by law. The documents'
// "no data loss on delete" is met by recoverability: soft delete (7 days on every bucket since March 2024) and
// versioning, judged by data-loss-deletion-protection. No document asks for WORM storage, and a locked policy can
// never be shortened or removed (cloud.google.com/storage/docs/bucket-lock, read 2026-12-06), so the rule is opt-in by
// bucket pattern and advisory everywhere.

export const gcsRetentionSchema = configSchema<{ requireRetentionBuckets: string[]; minRetentionDays: number; requireLocked: boolean }>({
    requireRetentionBuckets: {
        type: "array",
        items: { type: "string" },
        default: [],
        description:
            'Bucket names or logical names (globs, e.g. "*-audit-*") that must have a retention policy. Empty (off) in every shipped config.',
    },
    minRetentionDays: {
        type: "integer",
        minimum: 1,
        default: 30,
        description: "Minimum retentionPolicy.retentionPeriod, in days, for the buckets listed.",
    },
    requireLocked: {
        type: "boolean",
        default: false,
        description: "Also require retentionPolicy.isLocked (bucket lock: irreversible; the period can then only grow).",
    },
});

export const dataLossGcsRetention: ResourceValidationPolicy = {
    name: "data-loss-gcs-retention",
    description:
        "Cloud Storage buckets listed in requireRetentionBuckets have a retention policy of at least minRetentionDays (locked when requireLocked).",
    enforcementLevel: "advisory",
    configSchema: gcsRetentionSchema,
    validateResource: (args, report) => {
        if (args.type !== GCP.storageBucket) {
            return;
        }
        const { requireRetentionBuckets, minRetentionDays, requireLocked } = readConfig(args, gcsRetentionSchema);
        const bucketName = readString(args.props, "name") ?? "";
        if (!requireRetentionBuckets.some((p) => globMatch(p, args.name) || (bucketName !== "" && globMatch(p, bucketName)))) {
            return;
        }
        // retentionPeriod is a string of seconds in @pulumi/gcp 9 (types/input.d.ts BucketRetentionPolicy).
        const raw = get(args.props, "retentionPolicy", "retentionPeriod");
        const seconds = typeof raw === "number" ? raw : typeof raw === "string" ? Number(raw) : Number.NaN;
        const days = Number.isFinite(seconds) ? seconds / 86400 : 0;
        const fixes: string[] = [];
        if (days < minRetentionDays) {
            fixes.push(
                `set retentionPolicy.retentionPeriod to "${minRetentionDays * 86400}" (${minRetentionDays} days; it is ${days > 0 ? `${Math.floor(days)} days` : "unset"})`,
            );
        }
        if (requireLocked && readBoolean(args.props, "retentionPolicy", "isLocked") !== true) {
            fixes.push("set retentionPolicy.isLocked: true (irreversible)");
        }
        if (fixes.length > 0) {
            report(
                `${args.name}: the bucket is listed in requireRetentionBuckets, so objects must not be deletable before their retention period. Fix: ${fixes.join("; ")}.`,
            );
        }
    },
};

export const restFamilyPolicies = [rpoMemorydbSnapshots, dataLossPublicSearchDomain, edgePublicInvoker, dataLossGcsRetention];
