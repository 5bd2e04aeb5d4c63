// AWS Backup as a backup path: a plan's rules (schedule, continuous backup, retention, copy actions) reach a
// resource through a selection (resources ARNs or wildcards, notResources, selectionTags, conditions). The RPO rule
// accepts an hourly or continuous rule; the cross-region rule accepts a copy action to a vault in another region.
// Reference: AWS Backup API CreateBackupPlan / CreateBackupSelection; @pulumi/aws 7 backup/plan.d.ts, backup/selection.d.ts.

import type { PolicyResource } from "@pulumi/policy";
import { AWS, GCP } from "./resource-types";
import {
    arnRegion,
    asString,
    asStringArray,
    get,
    globMatch,
    isRecord,
    ofType,
    readArray,
    readBoolean,
    readNumber,
    readString,
    refersTo,
    regionOf,
    safe,
    toPlain,
} from "./util";

/** What one backup-plan rule gives a resource it covers. */
export interface BackupRule {
    plan: string;
    rule: string;
    /** At most one hour between recovery points: an hourly cron, or continuous backup (PITR). */
    hourly: boolean;
    continuous: boolean;
    /** Days recovery points are kept; undefined = kept until deleted by hand. */
    retentionDays: number | undefined;
    /** Regions of the copy actions' destination vaults that differ from the plan's region. */
    copyRegions: string[];
}

/**
 * Whether a cron expression (`cron(min hour dom month dow year)`) fires at least hourly: its hour field is `*`,
 * `* /1` or `0/1` and its minute field is one fixed value or a list.
 */
export function isHourlyCron(expression: string): boolean {
    const match = /^cron\((.*)\)$/.exec(expression.trim());
    if (match === null) {
        return false;
    }
    const fields = match[1].trim().split(/\s+/);
    if (fields.length < 5) {
        return false;
    }
    return ["*", "*/1", "0/1"].includes(fields[1]);
}

/** The resource's tags, from `tags` (and `tagsAll` when known). */
function tagsOf(resource: PolicyResource): Record<string, string> {
    const plain = safe(() => toPlain(resource.props["tags"]));
    const out: Record<string, string> = {};
    if (isRecord(plain)) {
        for (const [k, v] of Object.entries(plain)) {
            if (typeof v === "string") out[k] = v;
        }
    }
    return out;
}

function selects(selection: PolicyResource, resource: PolicyResource): boolean {
    const arn = safe(() => readString(resource.props, "arn"));
    const listed = selection.propertyDependencies["resources"]?.some((d) => d.urn === resource.urn) ?? false;
    const patterns = asStringArray(safe(() => toPlain(selection.props["resources"])));
    const byPattern = patterns.some((p) => p === "*" || (arn !== undefined && globMatch(p, arn)));
    const excluded =
        (selection.propertyDependencies["notResources"]?.some((d) => d.urn === resource.urn) ?? false) ||
        asStringArray(safe(() => toPlain(selection.props["notResources"]))).some((p) => arn !== undefined && globMatch(p, arn));
    if (excluded) {
        return false;
    }
    const tags = tagsOf(resource);
    const byTag = asArrayOf(safe(() => toPlain(selection.props["selectionTags"]))).some(
        (t) => readString(t, "type") === "STRINGEQUALS" && tags[readString(t, "key") ?? ""] === readString(t, "value"),
    );
    const conditions = asArrayOf(safe(() => toPlain(selection.props["conditions"]))).flatMap((c) => asArrayOf(get(c, "stringEquals")));
    const byCondition = conditions.some((c) => {
        const key = (readString(c, "key") ?? "").replace(/^aws:ResourceTag\//, "");
        return key !== "" && tags[key] === readString(c, "value");
    });
    return listed || byPattern || byTag || byCondition;
}

function asArrayOf(value: unknown): unknown[] {
    if (Array.isArray(value)) return value;
    return value === undefined ? [] : [value];
}

/** The region of a copy action's destination vault: its ARN, else the vault resource it came from. */
function destinationRegion(
    plan: PolicyResource,
    action: unknown,
    vaults: readonly PolicyResource[],
    stackRegion: string,
): string | undefined {
    const arn = asString(get(action, "destinationVaultArn"));
    if (arn !== undefined) {
        return arnRegion(arn);
    }
    // Unknown ARN during preview: the plan depends on the vault through `rules`.
    const fromVault = (plan.propertyDependencies["rules"] ?? [])
        .map((d) => vaults.find((v) => v.urn === d.urn))
        .filter((v): v is PolicyResource => v !== undefined);
    const regions = fromVault.map((v) => regionOf(v, stackRegion)).filter((r) => r !== regionOf(plan, stackRegion));
    return regions[0];
}

/** The backup rules that cover `resource`: AWS Backup (through a selection) and Google Cloud Backup and DR (through an association). */
export function backupRulesFor(resource: PolicyResource, resources: readonly PolicyResource[], stackRegion: string): BackupRule[] {
    return [...awsBackupRulesFor(resource, resources, stackRegion), ...gcpBackupRulesFor(resource, resources)];
}

/**
 * Google Cloud Backup and DR: a `BackupPlanAssociation` whose `resource` is the Compute instance/disk or Cloud SQL
 * instance (by dependency, or by value against its id, name or selfLink) and whose `backupPlan` is a `BackupPlan` of
 * this stack. A rule with `standardSchedule.recurrenceType: "HOURLY"` and `hourlyFrequency` 1 (or unset) bounds the
 * RPO at 1 h; `backupRetentionDays` is its retention. @pulumi/gcp 9 backupdisasterrecovery/backupPlan.d.ts (backupRules,
 * resourceType "sqladmin.googleapis.com/Instance", "compute.googleapis.com/Instance", ...) and backupPlanAssociation.d.ts.
 * Backup vault copies to other regions are not read: no Google Cloud rule of this pack asks for a cross-region copy.
 */
function gcpBackupRulesFor(resource: PolicyResource, resources: readonly PolicyResource[]): BackupRule[] {
    const associations = ofType(resources, [GCP.backupDrPlanAssociation]).filter((a) =>
        refersTo(a, "resource", resource, { keys: ["id", "name", "selfLink", "connectionName"] }),
    );
    const plans = ofType(resources, [GCP.backupDrPlan]).filter((plan) =>
        associations.some((a) => refersTo(a, "backupPlan", plan, { keys: ["id", "name", "backupPlanId"] })),
    );
    const out: BackupRule[] = [];
    for (const plan of plans) {
        for (const rule of asArrayOf(safe(() => toPlain(plan.props["backupRules"])))) {
            const recurrence = readString(rule, "standardSchedule", "recurrenceType");
            const every = readNumber(rule, "standardSchedule", "hourlyFrequency") ?? 1;
            out.push({
                plan: plan.name,
                rule: readString(rule, "ruleId") ?? "?",
                continuous: false,
                hourly: recurrence === "HOURLY" && every <= 1,
                retentionDays: readNumber(rule, "backupRetentionDays"),
                copyRegions: [],
            });
        }
    }
    return out;
}

/** The AWS Backup rules that cover `resource`, through a selection of a plan of this stack. */
function awsBackupRulesFor(resource: PolicyResource, resources: readonly PolicyResource[], stackRegion: string): BackupRule[] {
    const plans = ofType(resources, [AWS.backupPlan]);
    const vaults = ofType(resources, [AWS.backupVault]);
    const selections = ofType(resources, [AWS.backupSelection]).filter((s) => selects(s, resource));
    const out: BackupRule[] = [];
    for (const plan of plans) {
        if (!selections.some((s) => refersTo(s, "planId", plan, { keys: ["id"], useDependencies: true }))) {
            continue;
        }
        const planRegion = regionOf(plan, stackRegion);
        for (const rule of asArrayOf(safe(() => toPlain(plan.props["rules"])))) {
            const continuous = readBoolean(rule, "enableContinuousBackup") === true;
            const copyRegions = readArray(rule, "copyActions")
                .map((a) => destinationRegion(plan, a, vaults, stackRegion))
                .filter((r): r is string => r !== undefined && r !== planRegion);
            out.push({
                plan: plan.name,
                rule: readString(rule, "ruleName") ?? "?",
                continuous,
                hourly: continuous || isHourlyCron(readString(rule, "schedule") ?? ""),
                retentionDays: readNumber(rule, "lifecycle", "deleteAfter"),
                copyRegions,
            });
        }
    }
    return out;
}
