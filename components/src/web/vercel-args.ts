/** The args of `VercelWebApp`, its profile, the values it accepts and their checks (split from `vercel.ts`). */
import * as pulumi from "@pulumi/pulumi";
import type * as vercel from "@pulumiverse/vercel";
import type { ArgProblem, BaseArgs, Environment, LinkInput, Profile, Transform } from "../core";
import { cutName, InvalidArgumentError, profileDefaults } from "../core";
import { resolveLink, resolveLinks } from "../core/link";

/** Vercel deployment targets a variable can be given to (`development` is for `vercel dev` and not managed here). */
export const VERCEL_ENV_TARGETS = ["production", "preview"] as const;
export type VercelEnvTarget = (typeof VERCEL_ENV_TARGETS)[number];

/**
 * What the rate-limit rule does once a client is over the limit: `log` only records it, `rate_limit` answers
 * 429 Too Many Requests, `deny` answers 403, `challenge` serves a browser challenge.
 */
export type VercelRateLimitAction = "log" | "rate_limit" | "deny" | "challenge";
const RATE_LIMIT_ACTIONS: readonly VercelRateLimitAction[] = ["log", "rate_limit", "deny", "challenge"];

/** What a managed ruleset does with a match: `log` only records it; `deny` (OWASP) or `challenge` (bots) acts. */
export type VercelManagedAction = "log" | "deny" | "challenge";

/** Rate-limit windows Vercel accepts, seconds: 10 to 600 on Hobby and Pro, up to 3600 on Enterprise. */
export const VERCEL_RATE_LIMIT_WINDOW = { min: 10, max: 3600, maxPro: 600 } as const;

/** Name of the firewall's rate-limit rule. Never change it: the firewall's logs and metrics name the rule by it. */
export const VERCEL_RATE_LIMIT_RULE_NAME = "rate-limit-per-ip";

/** OWASP core ruleset groups Vercel offers (managed rulesets, Enterprise plan). */
export const OWASP_GROUPS = ["xss", "sqli", "rce", "php", "java", "lfi", "rfi", "gen", "sd", "ma", "sf"] as const;

/** Nameservers a wildcard domain needs: Vercel issues wildcard certificates only for domains it serves DNS for. */
export const VERCEL_NAMESERVERS = ["ns1.vercel-dns.com", "ns2.vercel-dns.com"] as const;

/** One tenant of a multi-tenant app (InteliFeed Hub: tenant subdomains and custom domains). */
export interface VercelTenant {
    /**
     * Stable tenant key, a DNS label (`a-z`, `0-9`, `-`, 1-63 characters): it names the tenant's children
     * (`<name>-domain-tenant-<slug>`), so adding or removing a tenant never renames another. Changing a slug replaces
     * that tenant's domain.
     */
    slug: string;
    /**
     * The tenant's own domain (e.g. `feeds.acme.com`), attached to the project. The tenant points it at Vercel
     * (CNAME `cname.vercel-dns.com`, or A `76.76.21.21` at an apex); Vercel issues its certificate once DNS resolves.
     * @default none: the tenant is served on the wildcard subdomain only
     */
    customDomain?: string;
}

/** The domains of a {@link VercelWebApp}: its own, the tenants' wildcard and the tenants. */
export interface VercelDomains {
    domain?: string;
    tenantWildcardDomain?: string;
    tenants?: readonly VercelTenant[];
}

/**
 * Problems of a web app's domains: host names, tenant slugs (valid, unique), each domain attached once, and no
 * tenant's custom domain equal to another tenant's subdomain (`<slug>` under the wildcard), which Vercel would route
 * to one project for two tenants. The component and stack config schemas both check through this one rule.
 */
export function vercelDomainProblems(args: VercelDomains): ArgProblem[] {
    const problems: ArgProblem[] = [];
    const seen = new Map<string, string>();
    const claim = (domain: string, arg: string) => {
        const previous = seen.get(domain);
        if (previous)
            problems.push({
                arg,
                problem: `repeats the domain ${JSON.stringify(domain)} already given by ${previous}`,
                allowed: "each domain once",
            });
        else seen.set(domain, arg);
    };
    if (args.domain !== undefined) {
        if (!HOSTNAME.test(args.domain))
            problems.push({
                arg: "domain",
                problem: `is ${JSON.stringify(args.domain)}`,
                allowed: "a lower-case host name such as app.example.com",
            });
        claim(args.domain, "domain");
    }
    const w = args.tenantWildcardDomain;
    if (w !== undefined) {
        if (!w.startsWith("*.") || !HOSTNAME.test(w.slice(2)) || w.slice(2).split(".").length < 2) {
            problems.push({
                arg: "tenantWildcardDomain",
                problem: `is ${JSON.stringify(w)}`,
                allowed: "`*.` followed by a lower-case domain, e.g. *.app.example.com",
            });
        }
        claim(w, "tenantWildcardDomain");
    }
    const tenants = args.tenants ?? [];
    const slugs = new Set<string>();
    tenants.forEach((tenant, i) => {
        if (!SLUG.test(tenant.slug))
            problems.push({
                arg: `tenants[${i}].slug`,
                problem: `is ${JSON.stringify(tenant.slug)}`,
                allowed: "a DNS label: a-z, 0-9 and '-', 1-63 characters, not starting or ending with '-'",
            });
        if (slugs.has(tenant.slug))
            problems.push({ arg: `tenants[${i}].slug`, problem: `repeats ${JSON.stringify(tenant.slug)}`, allowed: "each slug once" });
        slugs.add(tenant.slug);
        if (tenant.customDomain !== undefined) {
            if (!HOSTNAME.test(tenant.customDomain))
                problems.push({
                    arg: `tenants[${i}].customDomain`,
                    problem: `is ${JSON.stringify(tenant.customDomain)}`,
                    allowed: "a lower-case host name such as feeds.acme.com",
                });
            claim(tenant.customDomain, `tenants[${i}].customDomain`);
        }
    });
    if (w !== undefined && w.startsWith("*.")) {
        const base = w.slice(2);
        tenants.forEach((tenant, i) => {
            const other = tenants.find((t) => t !== tenant && tenant.customDomain === `${t.slug}.${base}`);
            if (other) {
                problems.push({
                    arg: `tenants[${i}].customDomain`,
                    problem: `is ${JSON.stringify(tenant.customDomain)}, the subdomain of tenant ${JSON.stringify(other.slug)}`,
                    allowed: `a domain that is no other tenant's <slug>.${base}`,
                });
            }
        });
    }
    return problems;
}

/** Per-IP rate limit of the Vercel firewall. */
export interface VercelRateLimit {
    /**
     * Requests one IP may send in `windowSeconds` before the rule acts.
     * @default 100 (AIOS: 100 requests per minute per IP; TechMate: 100 requests per minute)
     */
    requests?: number;
    /**
     * Fixed window the requests are counted over, seconds: 10 to 600 (Hobby and Pro), up to 3600 on Enterprise.
     * @default 60
     */
    windowSeconds?: number;
    /**
     * Only requests whose path starts with this are counted (e.g. `/api/`).
     * @default "/" (every request)
     */
    pathPrefix?: string;
    /**
     * Hosts whose requests are not counted: hosts behind another proxy (e.g. Cloudflare's), where Vercel sees the
     * proxy's addresses rather than the clients' and a per-IP limit would throttle a whole data centre; the proxy
     * limits them instead.
     * @default none (every host)
     */
    exceptHosts?: string[];
}

export interface VercelProfile {
    envTargets: VercelEnvTarget[];
    rateLimitAction: VercelRateLimitAction;
    botProtectionAction: VercelManagedAction;
    owaspAction: VercelManagedAction;
}

export const PROFILE: Profile<VercelProfile> = {
    // dev: variables reach preview deployments only, and the firewall only logs (AIOS: rate limiting off in dev).
    dev: { envTargets: ["preview"], rateLimitAction: "log", botProtectionAction: "log", owaspAction: "log" },
    // staging: rate limiting "relaxed" (AIOS): 429 answers, no hard deny.
    staging: {
        envTargets: ["production", "preview"],
        rateLimitAction: "rate_limit",
        botProtectionAction: "challenge",
        owaspAction: "deny",
    },
    // prod: enforced.
    prod: { envTargets: ["production", "preview"], rateLimitAction: "deny", botProtectionAction: "challenge", owaspAction: "deny" },
};

/** An environment variable value: one value for every target in `envTargets`, or one per target. */
export type VercelEnvValue = pulumi.Input<string> | Partial<Record<VercelEnvTarget, pulumi.Input<string>>>;

export interface VercelWebAppArgs extends BaseArgs {
    /**
     * Vercel team (`team_...`) owning the project; passed to every child. Changing it replaces every child.
     * @default the provider's default team (`vercel:team`), else the token's personal account
     */
    teamId?: pulumi.Input<string>;
    /**
     * Project name: lower-case letters, digits and `-`, at most 52 characters (the provider's own check,
     * vercel/terraform-provider-vercel `vercel/resource_project.go`, attribute `name`). It is also the
     * `<name>.vercel.app` host. Changing it renames the project in place.
     * @default `<project>-<stack>-<component name>`, cut to 52 characters
     */
    projectName?: string;
    /**
     * Framework preset, e.g. `nextjs`, `vite`, `remix`, `astro`, `sveltekit`.
     * @default none (Vercel detects it on the first deployment)
     */
    framework?: string;
    /**
     * Directory of the app inside the repository (monorepos), e.g. `apps/web`.
     * @default the repository root
     */
    rootDirectory?: string;
    /** Build command. @default detected from the framework */
    buildCommand?: string;
    /** Build output directory. @default detected from the framework */
    outputDirectory?: string;
    /** Install command, e.g. `npm ci`. @default detected from the lock file */
    installCommand?: string;
    /**
     * Node.js major version of builds and functions, e.g. `22.x`.
     * @default Vercel's current default
     */
    nodeVersion?: string;
    /**
     * GitHub repository deployed on every push (`owner/name`): pushes to `productionBranch` make production
     * deployments, other branches preview deployments. The Vercel GitHub app must be installed on the repository.
     * Changing the repository reconnects the project (no replacement).
     * @default none: deploy with the Vercel CLI
     */
    gitRepository?: { repo: string; productionBranch?: string };
    /**
     * Region of the app's serverless functions, next to its data (e.g. `iad1`, `fra1`, `sfo1`, `hnd1`). Set through
     * `resourceConfig.functionDefaultRegions` (the provider deprecated `serverlessFunctionRegion`). Takes effect on the
     * next deployment. More than one region needs the Pro or Enterprise plan.
     * @default Vercel's default (`iad1`)
     */
    functionRegion?: string;
    /**
     * Production domain, e.g. `app.example.com`: attached to the project and served by production deployments. Point
     * it at Vercel (CNAME `cname.vercel-dns.com`, or A `76.76.21.21` at an apex).
     * @default none: production is served on `<projectName>.vercel.app`
     */
    domain?: string;
    /**
     * Wildcard domain tenants are served on, e.g. `*.app.example.com` (InteliFeed Hub: tenant subdomains). Vercel
     * issues wildcard certificates only for domains whose nameservers are Vercel's (`ns1.vercel-dns.com`,
     * `ns2.vercel-dns.com`): delegate the parent domain (or the subdomain) to them first, or the domain stays
     * "Invalid Configuration". The app resolves the tenant from the `Host` header.
     * @default none
     */
    tenantWildcardDomain?: string;
    /**
     * Tenants; each with a `customDomain` gets its own ProjectDomain named from its slug.
     * @default none
     */
    tenants?: VercelTenant[];
    /**
     * Plain environment variables (not sensitive: readable in the dashboard and by the API), by name. A value goes to
     * every target in `envTargets`; `{ production, preview }` gives each target its own value. One
     * ProjectEnvironmentVariable per name and target, named `env-<target>-<NAME>`. Changes reach the next deployment.
     * (The provider keeps every variable's value secret in the Pulumi state, plain ones included.)
     * @default none
     */
    env?: Record<string, VercelEnvValue>;
    /**
     * Secret environment variables, created `sensitive: true` (write-only: no one can read them back through the
     * dashboard or API) and kept secret in the Pulumi state. Same shapes and naming as `env`; a name may not be in both.
     * @default none
     */
    secrets?: Record<string, VercelEnvValue>;
    /**
     * Resources whose values the app reads, each by the variable its link names, e.g. `[api.link("NEXT_PUBLIC_API_URL"),
     * sentry.link("web", "VITE_SENTRY_DSN")]`. Each link's env values become plain variables exactly as `env` makes them
     * (every target in `envTargets`, `env-<target>-<NAME>`); a link's env is never a secret, and a secret output stays
     * secret in the Pulumi state. A variable set by two links, or by a link and `env` or `secrets`, is an error, as is
     * a link that grants cloud access (IAM statements, security groups, secret references), which a Vercel project
     * cannot use.
     * @default none
     */
    links?: LinkInput[];
    /**
     * Targets a single-value variable is given to.
     * @default dev `["preview"]`, staging and prod `["production", "preview"]`
     */
    envTargets?: VercelEnvTarget[];
    /**
     * Per-IP rate limit of the firewall (rate limiting needs the Pro or Enterprise plan; Pro includes 1 million
     * allowed requests a month, then $0.50 per million).
     * @default 100 requests per 60 s per IP on every path (AIOS, TechMate)
     */
    rateLimit?: VercelRateLimit;
    /**
     * What the rate-limit rule does with a client over the limit.
     * @default dev `log`, staging `rate_limit` (429), prod `deny`
     */
    rateLimitAction?: VercelRateLimitAction;
    /**
     * Bot protection managed ruleset (all plans): `challenge` serves a JavaScript challenge to traffic unlike a
     * browser, `log` only records it.
     * @default dev `log`, staging and prod `challenge`
     */
    botProtectionAction?: "log" | "challenge";
    /**
     * Enable the OWASP core ruleset (XSS, SQLi, RCE, LFI/RFI, PHP, Java, generic attacks, scanners, multipart,
     * session fixation). Enterprise plan only: on other plans the firewall update fails.
     * @default false
     */
    owasp?: boolean;
    /**
     * What the OWASP rules do with a match (when `owasp` is on).
     * @default dev `log`, staging and prod `deny`
     */
    owaspAction?: "log" | "deny";
    /**
     * Deny known AI crawlers (AI bots managed ruleset).
     * @default false
     */
    blockAiBots?: boolean;
    /**
     * Turn Attack Challenge Mode on (every visitor gets a verification challenge) until this time, Unix milliseconds,
     * e.g. `Date.parse("2025-06-01T00:00:00Z")`. For an ongoing attack only: Vercel turns it off at that time and the
     * next preview shows drift until the arg is removed. Removing the arg turns it off.
     * @default off
     */
    attackChallengeModeUntil?: number;
    /** Edits of the computed args of each kind of child. @default none: each child takes the args the component computed */
    transform?: {
        project?: Transform<vercel.ProjectArgs>;
        domain?: Transform<vercel.ProjectDomainArgs>;
        envVar?: Transform<vercel.ProjectEnvironmentVariableArgs>;
        firewall?: Transform<vercel.FirewallConfigArgs>;
        attackChallengeMode?: Transform<vercel.AttackChallengeModeArgs>;
    };
}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const SLUG = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** vercel/terraform-provider-vercel `vercel/resource_project.go`, `name`: LengthBetween(1, 52), `^[a-z0-9\-]{0,100}$`. */
const PROJECT_NAME = /^[a-z0-9-]{1,52}$/;
const PROJECT_NAME_MAX = 52;

export function isPerTarget(value: VercelEnvValue): value is Partial<Record<VercelEnvTarget, pulumi.Input<string>>> {
    return typeof value === "object" && value !== null && !pulumi.Output.isInstance(value) && !(value instanceof Promise);
}

/** A web app's settings after its profile, each checked: what the constructor builds from. */
export interface VercelSettings {
    /** The profile's values, overridden by the args. */
    p: VercelProfile;
    projectName: string;
    /** `env` with the links' variables. */
    env: Record<string, VercelEnvValue>;
    requests: number;
    windowSeconds: number;
    pathPrefix: string;
    exceptHosts: string[];
}

/**
 * Checks the args of the web app `component` (domains aside: {@link vercelDomainProblems} runs first) and fills the
 * profile's defaults; `defaultProjectName` is the component's physical name. Each bad value is an
 * {@link InvalidArgumentError} naming the arg and what is allowed.
 */
export function vercelSettings(
    component: string,
    environment: Environment,
    args: VercelWebAppArgs,
    defaultProjectName: string,
): VercelSettings {
    const fail = (arg: string, problem: string, allowed?: string): never => {
        throw new InvalidArgumentError(component, arg, problem, allowed);
    };
    const p = profileDefaults(PROFILE, environment, {
        envTargets: args.envTargets,
        rateLimitAction: args.rateLimitAction,
        botProtectionAction: args.botProtectionAction,
        owaspAction: args.owaspAction,
    });
    const projectName = args.projectName ?? cutName(defaultProjectName, PROJECT_NAME_MAX);
    if (!PROJECT_NAME.test(projectName) || projectName.includes("---")) {
        fail("projectName", `is ${JSON.stringify(projectName)}`, `1-${PROJECT_NAME_MAX} lower-case letters, digits and '-' (no '---')`);
    }
    if (args.gitRepository && !/^[\w.-]+\/[\w.-]+$/.test(args.gitRepository.repo)) {
        fail("gitRepository.repo", `is ${JSON.stringify(args.gitRepository.repo)}`, "`owner/name` of a GitHub repository");
    }
    if (args.functionRegion !== undefined && !/^[a-z]{3}\d$/.test(args.functionRegion)) {
        fail("functionRegion", `is ${JSON.stringify(args.functionRegion)}`, "a Vercel region id such as iad1, fra1, sfo1, hnd1");
    }
    if (args.rootDirectory !== undefined && (args.rootDirectory.startsWith("/") || args.rootDirectory.split("/").includes(".."))) {
        fail("rootDirectory", `is ${JSON.stringify(args.rootDirectory)}`, "a path relative to the repository root, without '..'");
    }

    for (const target of p.envTargets) {
        if (!(VERCEL_ENV_TARGETS as readonly string[]).includes(target))
            fail("envTargets", `contains ${JSON.stringify(target)}`, VERCEL_ENV_TARGETS.join(", "));
    }
    if (p.envTargets.length === 0) fail("envTargets", "is empty", "one or more of production, preview");
    for (const [arg, vars] of [
        ["env", args.env ?? {}],
        ["secrets", args.secrets ?? {}],
    ] as const) {
        for (const [key, value] of Object.entries(vars)) {
            if (!ENV_NAME.test(key) || key.startsWith("VERCEL_"))
                fail(`${arg}.${key}`, "is not a valid variable name", "letters, digits and '_', not starting with a digit or VERCEL_");
            if (isPerTarget(value)) {
                for (const target of Object.keys(value)) {
                    if (!(VERCEL_ENV_TARGETS as readonly string[]).includes(target))
                        fail(`${arg}.${key}`, `has a value for target ${JSON.stringify(target)}`, VERCEL_ENV_TARGETS.join(", "));
                }
            }
        }
    }
    for (const key of Object.keys(args.secrets ?? {})) {
        if (args.env && key in args.env) fail(`secrets.${key}`, "is also in env", "each variable in env or secrets, not both");
    }
    // The links' values join `env` (plain variables, as a link's env is never a secret); a variable set twice, or a
    // link asking for cloud access a Vercel project cannot use, is refused here.
    const { env } = resolveLinks<VercelEnvValue>(component, "env", args.links, { env: args.env ?? {}, secrets: args.secrets ?? {} });
    for (const [i, input] of (args.links ?? []).entries()) {
        const link = resolveLink(input);
        for (const key of Object.keys(link.env ?? {})) {
            if (key.startsWith("VERCEL_"))
                fail(`links[${i}] ("${link.name}")`, `sets ${key}`, "variable names not starting with VERCEL_ (Vercel's own)");
        }
    }

    const requests = args.rateLimit?.requests ?? 100;
    if (!Number.isInteger(requests) || requests < 1 || requests > 10_000_000)
        fail("rateLimit.requests", `is ${requests}`, "an integer from 1");
    const windowSeconds = args.rateLimit?.windowSeconds ?? 60;
    if (!Number.isInteger(windowSeconds) || windowSeconds < VERCEL_RATE_LIMIT_WINDOW.min || windowSeconds > VERCEL_RATE_LIMIT_WINDOW.max) {
        fail(
            "rateLimit.windowSeconds",
            `is ${windowSeconds}`,
            `an integer from ${VERCEL_RATE_LIMIT_WINDOW.min} to ${VERCEL_RATE_LIMIT_WINDOW.maxPro} (Hobby, Pro) or ${VERCEL_RATE_LIMIT_WINDOW.max} (Enterprise)`,
        );
    }
    const pathPrefix = args.rateLimit?.pathPrefix ?? "/";
    if (!pathPrefix.startsWith("/")) fail("rateLimit.pathPrefix", `is ${JSON.stringify(pathPrefix)}`, "a path starting with '/'");
    const exceptHosts = args.rateLimit?.exceptHosts ?? [];
    for (const host of exceptHosts) {
        if (!/^[a-z0-9.-]+$/.test(host) || !host.includes("."))
            fail("rateLimit.exceptHosts", `contains ${JSON.stringify(host)}`, "host names such as app.example.com");
    }
    if (!RATE_LIMIT_ACTIONS.includes(p.rateLimitAction))
        fail("rateLimitAction", `is ${JSON.stringify(p.rateLimitAction)}`, RATE_LIMIT_ACTIONS.join(", "));
    if (p.botProtectionAction !== "log" && p.botProtectionAction !== "challenge")
        fail("botProtectionAction", `is ${JSON.stringify(p.botProtectionAction)}`, "log, challenge");
    if (p.owaspAction !== "log" && p.owaspAction !== "deny") fail("owaspAction", `is ${JSON.stringify(p.owaspAction)}`, "log, deny");
    if (
        args.attackChallengeModeUntil !== undefined &&
        (!Number.isInteger(args.attackChallengeModeUntil) || args.attackChallengeModeUntil < 1_000_000_000_000)
    ) {
        fail(
            "attackChallengeModeUntil",
            `is ${args.attackChallengeModeUntil}`,
            'a Unix time in milliseconds, e.g. Date.parse("2025-06-01T00:00:00Z")',
        );
    }
    return { p, projectName, env, requests, windowSeconds, pathPrefix, exceptHosts };
}
