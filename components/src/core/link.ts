import * as pulumi from "@pulumi/pulumi";
import type { CloudRunSecretRef } from "./connections";
import { InvalidArgumentError } from "./validate";

/**
 * Links: what a consumer needs from a resource it uses, in one typed contract. A stack passes the resource to the
 * consumer (`links: [database, cache, files.link("readWrite")]`) and the consumer creates, as its own children, the
 * security-group rules, environment variables, secret references and role policy the link asks for. The shape is
 * SST's `link` (a `Link.Linkable` has `getSSTLink()` returning `properties` and `include`, the AWS permissions the
 * linking resource gets; sst platform/src/components/link.ts, read 2026-12-06) and CDK's grants
 * (`bucket.grantReadWrite(role)` adds the statements to the grantee's policy), typed per cloud so a consumer refuses
 * what it cannot use.
 */

/** One statement of an IAM policy document, as the consumer's role policy will contain it. */
export interface IamStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Action: string | string[];
    Resource: pulumi.Input<string> | pulumi.Input<string>[];
    Condition?: Record<string, Record<string, pulumi.Input<string> | pulumi.Input<string>[]>>;
}

/** An environment variable an ECS task reads from Secrets Manager at start-up (through its execution role). */
export interface AwsSecretReference {
    /** ARN of the Secrets Manager secret. */
    secretArn: pulumi.Input<string>;
    /** A key of a JSON secret; without it the whole secret string is the value. */
    key?: string;
}

/** What an AWS consumer (an ECS service) does for a link. */
export interface AwsLinkGrant {
    /** Open exactly this TCP port from the consumer's security group to the target's, and no other. */
    reach?: { securityGroupId: pulumi.Output<string>; port: number };
    /** Environment variables read from Secrets Manager; the execution role may read exactly these secrets. */
    secrets?: Readonly<Record<string, AwsSecretReference>>;
    /** Statements of a role policy on the consumer's application (task) role, one policy per link. */
    statements?: readonly IamStatement[];
}

/** What a Google Cloud consumer (a Cloud Run service) does for a link. */
export interface GcpLinkGrant {
    /** Environment variables read from Secret Manager; the service account may access exactly these secrets. */
    secrets?: Readonly<Record<string, CloudRunSecretRef>>;
    /** Project-level roles of the consumer's service account, e.g. `roles/cloudsql.client`. */
    roles?: readonly string[];
}

/**
 * What a consumer needs from one resource it uses. `env` is cloud-neutral (any consumer can set it); `aws` and `gcp`
 * are what only a consumer on that cloud can do, so a Cloud Run service refuses a link that needs an AWS security
 * group, and an ECS service refuses Secret Manager references.
 */
export interface Link {
    /**
     * Names the consumer's children made for this link (`<consumer>-to-<name>-ingress`, `<consumer>-<name>-access`)
     * and the link in error messages. Unique among one consumer's links. Never rename it: the children would be replaced.
     */
    readonly name: string;
    /** Plain environment variables (visible in the task definition or revision: never secrets). */
    readonly env?: Readonly<Record<string, pulumi.Input<string>>>;
    readonly aws?: AwsLinkGrant;
    readonly gcp?: GcpLinkGrant;
}

/** A resource that can be linked with its default link (`links: [database]` means `links: [database.link()]`). */
export interface Linkable {
    link(): Link;
}

/** What a consumer's `links` arg takes: a resource with a default link, or a link (`files.link("read")`). */
export type LinkInput = Link | Linkable;

/** The link of a {@link LinkInput}. */
export function resolveLink(input: LinkInput): Link {
    return "link" in input ? input.link() : input;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What a consumer's links add up to, after validation; `E`: the consumer's own `env` values. */
export interface ResolvedLinks<E = pulumi.Input<string>> {
    links: Link[];
    /** `env` with every link's variables. */
    env: Record<string, E | pulumi.Input<string>>;
}

/**
 * What each kind of consumer cannot use of a link: `aws` (an ECS service) refuses Google Cloud grants, `gcp` (a Cloud
 * Run service) AWS grants, and `env` (a consumer that takes environment values only, such as a Vercel project) both.
 */
const REFUSED: Record<"aws" | "gcp" | "env", { aws: boolean; gcp: boolean; why: string; allowed: string }> = {
    aws: {
        aws: false,
        gcp: true,
        why: "is a Google Cloud link (Secret Manager references or service-account roles), which an ECS service cannot use",
        allowed: "links of AWS resources, or links with env only",
    },
    gcp: {
        aws: true,
        gcp: false,
        why: "needs AWS (a VPC security group, Secrets Manager references or IAM statements), which a Cloud Run service cannot reach",
        allowed: "links of Google Cloud resources, or links with env only",
    },
    env: {
        aws: true,
        gcp: true,
        why: "grants cloud access (security groups, secret references, IAM statements or roles), which a consumer of environment values cannot use",
        allowed: "links with env only (a URL, a DSN)",
    },
};

/**
 * Resolves a consumer's links and checks them before anything registers: link names unique, variable names valid,
 * no variable set twice (between two links, or between a link and the consumer's own `env` or `secrets`), and no
 * part the consumer cannot use (`cloud`: the consumer's cloud, whose grants it uses, the other cloud's being refused;
 * `env`: a consumer of environment values only, which refuses every grant).
 */
export function resolveLinks<E = pulumi.Input<string>>(
    component: string,
    cloud: "aws" | "gcp" | "env",
    inputs: readonly LinkInput[] | undefined,
    own: { env: Readonly<Record<string, E>>; secrets: Readonly<Record<string, unknown>> },
): ResolvedLinks<E> {
    for (const [i, input] of (inputs ?? []).entries()) {
        // A component without a `link()` is shaped like an empty Link (a name, nothing else): linking it would do nothing.
        if (!("link" in input) && pulumi.Resource.isInstance(input)) {
            throw new InvalidArgumentError(
                component,
                `links[${i}] ("${input.name}")`,
                "is a component that offers no link",
                "components with a link() (databases, caches, secrets, file storage), or a Link",
            );
        }
    }
    const links = (inputs ?? []).map(resolveLink);
    const names = new Set<string>();
    const setBy = new Map<string, string>();
    for (const key of Object.keys(own.env)) setBy.set(key, "env");
    for (const key of Object.keys(own.secrets)) setBy.set(key, "secrets");
    const env: Record<string, E | pulumi.Input<string>> = { ...own.env };
    for (const [i, link] of links.entries()) {
        const arg = `links[${i}] ("${link.name}")`;
        if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(link.name))
            throw new InvalidArgumentError(component, arg, "has a name that cannot name a child", "lower-case letters, digits and -");
        if (names.has(link.name)) throw new InvalidArgumentError(component, arg, `links "${link.name}" twice`, "each resource linked once");
        names.add(link.name);
        const refused = REFUSED[cloud];
        if ((refused.aws && awsGrants(link.aws)) || (refused.gcp && gcpGrants(link.gcp)))
            throw new InvalidArgumentError(component, arg, refused.why, refused.allowed);
        const secrets = cloud === "aws" ? link.aws?.secrets : cloud === "gcp" ? link.gcp?.secrets : undefined;
        for (const [kind, keys] of [
            ["env", Object.keys(link.env ?? {})],
            ["secrets", Object.keys(secrets ?? {})],
        ] as const) {
            for (const key of keys) {
                if (!ENV_NAME.test(key))
                    throw new InvalidArgumentError(
                        component,
                        arg,
                        `sets the variable ${JSON.stringify(key)} (${kind})`,
                        "names made of letters, digits and _, not starting with a digit",
                    );
                const owner = setBy.get(key);
                if (owner !== undefined)
                    throw new InvalidArgumentError(
                        component,
                        arg,
                        `and ${owner} both set ${key}`,
                        "each variable set once: drop it from one of them",
                    );
                setBy.set(key, `links[${i}] ("${link.name}")`);
            }
        }
        Object.assign(env, link.env);
        if (link.aws?.reach !== undefined) {
            const port = link.aws.reach.port;
            if (!Number.isInteger(port) || port < 1 || port > 65535)
                throw new InvalidArgumentError(component, `${arg}.aws.reach.port`, `is ${port}`, "an integer from 1 to 65535");
        }
    }
    return { links, env };
}

function awsGrants(grant: AwsLinkGrant | undefined): boolean {
    return (
        grant !== undefined &&
        (grant.reach !== undefined || Object.keys(grant.secrets ?? {}).length > 0 || (grant.statements ?? []).length > 0)
    );
}

function gcpGrants(grant: GcpLinkGrant | undefined): boolean {
    return grant !== undefined && (Object.keys(grant.secrets ?? {}).length > 0 || (grant.roles ?? []).length > 0);
}
