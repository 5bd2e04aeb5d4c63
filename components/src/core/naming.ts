import * as crypto from "node:crypto";
import * as pulumi from "@pulumi/pulumi";

/**
 * Length limits of the physical names of the services we create. A name over the limit is cut and given
 * a short hash of the full name, so two long names never collide after cutting.
 */
export const NAME_LIMITS = {
    /** ALB and target group names. */
    loadBalancer: 32,
    targetGroup: 32,
    /** RDS DB instance and parameter group identifiers. */
    rds: 63,
    /** ElastiCache replication group id. */
    elasticache: 40,
    /** S3 bucket names (lower case, digits, dots, hyphens). */
    bucket: 63,
    /** IAM role names (64), leaving room for nothing else. */
    iamRole: 64,
    /** WAFv2 web ACL and rule names. */
    waf: 128,
    /** ECS cluster and service names. */
    ecs: 255,
    /** CloudWatch log group names. */
    logGroup: 512,
    /** SNS topic names. */
    sns: 256,
    /** AWS Budgets budget names. */
    budget: 100,
    /** Anything else. */
    default: 63,
} as const;

export type NameKind = keyof typeof NAME_LIMITS;

/** Short, stable hash used to keep cut names unique. */
export function shortHash(value: string, length = 6): string {
    return crypto.createHash("sha256").update(value).digest("hex").slice(0, length);
}

/**
 * A physical (cloud-side) name `${project}-${stack}-${name}`, lower-cased, restricted to `[a-z0-9-]`,
 * and cut to the service's limit with a hash suffix when too long.
 */
export function physicalName(name: string, kind: NameKind = "default", project = pulumi.getProject(), stack = pulumi.getStack()): string {
    const limit = NAME_LIMITS[kind];
    const full = `${project}-${stack}-${name}`
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, "-")
        .replace(/-+/g, "-")
        .replace(/^-|-$/g, "");
    return cutName(/^[a-z]/.test(full) ? full : `x${full}`, limit);
}

/** `name` cut to `limit` characters with a short hash of the whole, so two long names never collide after cutting. */
export function cutName(name: string, limit: number): string {
    if (name.length <= limit) return name;
    const hash = shortHash(name);
    return `${name.slice(0, limit - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}
