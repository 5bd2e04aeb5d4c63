import * as pulumi from "@pulumi/pulumi";
import * as vercel from "@pulumiverse/vercel";
import { Component, throwFirst } from "../core";
import {
    isPerTarget,
    OWASP_GROUPS,
    VERCEL_ENV_TARGETS,
    VERCEL_RATE_LIMIT_RULE_NAME,
    type VercelEnvTarget,
    type VercelEnvValue,
    type VercelRateLimitAction,
    type VercelWebAppArgs,
    vercelDomainProblems,
    vercelSettings,
} from "./vercel-args";

// The args, their types and the documented values are part of this module's public surface.
export {
    VERCEL_ENV_TARGETS,
    VERCEL_NAMESERVERS,
    VERCEL_RATE_LIMIT_RULE_NAME,
    VERCEL_RATE_LIMIT_WINDOW,
    type VercelDomains,
    type VercelEnvTarget,
    type VercelEnvValue,
    type VercelManagedAction,
    type VercelRateLimit,
    type VercelRateLimitAction,
    type VercelTenant,
    type VercelWebAppArgs,
    vercelDomainProblems,
} from "./vercel-args";

/**
 * A web app on Vercel: the project (framework, build settings, GitHub repository, function region), its production
 * domain, a tenant wildcard subdomain and per-tenant custom domains, environment variables per target (secrets
 * `sensitive`), and the project firewall: a per-IP rate limit (100 requests per 60 s by default), bot protection,
 * optionally the OWASP core ruleset and AI-bot blocking, and Attack Challenge Mode on demand. In dev the firewall only
 * logs and variables reach preview deployments only; staging answers 429; prod denies.
 *
 * The wildcard domain needs the domain's nameservers on Vercel (see `tenantWildcardDomain`). Custom domains need the
 * tenants' DNS pointed at Vercel. Deployments come from the connected repository (or the CLI), not from this component.
 *
 * Cost: Vercel bills per team plan (Pro $20 per member-month) plus usage; rate limiting is billed per allowed request
 * beyond the included million; OWASP managed rules need Enterprise.
 */
export class VercelWebApp extends Component {
    public readonly projectId: pulumi.Output<string>;
    /** `https://<domain>` when a domain is given, else `https://<projectName>.vercel.app`. */
    public readonly productionUrl: pulumi.Output<string>;
    /** Every domain attached to the project: primary, wildcard, then tenant custom domains. */
    public readonly domains: pulumi.Output<string[]>;
    public readonly project: vercel.Project;
    /** What the rate-limit rule does, after the environment profile. */
    public readonly rateLimitAction: VercelRateLimitAction;

    constructor(name: string, args: VercelWebAppArgs, opts?: pulumi.ComponentResourceOptions) {
        const component = `VercelWebApp "${name}"`;
        // Domains and tenants before anything is registered (the component itself included).
        throwFirst(component, vercelDomainProblems(args));
        super("web:VercelWebApp", name, args, opts);

        // ---- validation, before any child (./vercel-args.ts) ----
        const s = vercelSettings(component, this.environment, args, this.physicalName("", "default"));
        const p = s.p;
        const tenants = args.tenants ?? [];
        const t = args.transform ?? {};
        const teamId = args.teamId;
        this.rateLimitAction = p.rateLimitAction;

        // ---- children ----
        this.project = this.child(
            vercel.Project,
            "project",
            {
                name: s.projectName,
                teamId,
                framework: args.framework,
                rootDirectory: args.rootDirectory,
                buildCommand: args.buildCommand,
                outputDirectory: args.outputDirectory,
                installCommand: args.installCommand,
                nodeVersion: args.nodeVersion,
                gitRepository: args.gitRepository
                    ? { type: "github", repo: args.gitRepository.repo, productionBranch: args.gitRepository.productionBranch ?? "main" }
                    : undefined,
                resourceConfig: args.functionRegion ? { functionDefaultRegions: [args.functionRegion] } : undefined,
                // Previews need a Vercel login; production stays public. The provider takes the snake_case value (its
                // OneOf in vercel/terraform-provider-vercel `vercel/resource_project.go`, `vercel_authentication`); the
                // SDK's doc comment camel-cases it, and `standardProtectionNew` fails `pulumi preview`.
                vercelAuthentication: { deploymentType: "standard_protection_new" },
                // Pull requests from forks wait for a team member before they deploy with the project's variables.
                gitForkProtection: true,
            },
            t.project,
        );
        const projectId = this.project.id;

        const domainChild = (suffix: string, domain: string) =>
            this.child(vercel.ProjectDomain, suffix, { projectId, teamId, domain }, t.domain);
        const domainNames: string[] = [];
        if (args.domain !== undefined) {
            domainChild("domain", args.domain);
            domainNames.push(args.domain);
        }
        if (args.tenantWildcardDomain !== undefined) {
            domainChild("domain-wildcard", args.tenantWildcardDomain);
            domainNames.push(args.tenantWildcardDomain);
        }
        for (const tenant of tenants) {
            if (tenant.customDomain === undefined) continue;
            domainChild(`domain-tenant-${tenant.slug}`, tenant.customDomain);
            domainNames.push(tenant.customDomain);
        }

        const envChildren = (vars: Record<string, VercelEnvValue>, sensitive: boolean) => {
            for (const [key, value] of Object.entries(vars)) {
                const perTarget: [VercelEnvTarget, pulumi.Input<string>][] = isPerTarget(value)
                    ? VERCEL_ENV_TARGETS.flatMap((target) =>
                          value[target] !== undefined ? [[target, value[target]] as [VercelEnvTarget, pulumi.Input<string>]] : [],
                      )
                    : p.envTargets.map((target) => [target, value]);
                for (const [target, v] of perTarget) {
                    this.child(
                        vercel.ProjectEnvironmentVariable,
                        `env-${target}-${key}`,
                        { projectId, teamId, key, value: sensitive ? pulumi.secret(v) : v, targets: [target], sensitive },
                        t.envVar,
                    );
                }
            }
        };
        envChildren(s.env, false);
        envChildren(args.secrets ?? {}, true);

        const owasp = Object.fromEntries(OWASP_GROUPS.map((group) => [group, { active: true, action: p.owaspAction }]));
        this.child(
            vercel.FirewallConfig,
            "firewall",
            {
                projectId,
                teamId,
                enabled: true,
                managedRulesets: {
                    botProtection: { active: true, action: p.botProtectionAction },
                    aiBots: { active: args.blockAiBots ?? false, action: args.blockAiBots ? "deny" : "log" },
                    ...(args.owasp ? { owasp } : {}),
                },
                rules: {
                    rules: [
                        {
                            name: VERCEL_RATE_LIMIT_RULE_NAME,
                            description: `${s.requests} requests per ${s.windowSeconds} s per IP on ${s.pathPrefix}*`,
                            active: true,
                            conditionGroups: [
                                {
                                    conditions: [
                                        { type: "path", op: "pre", value: s.pathPrefix },
                                        ...s.exceptHosts.map((host) => ({ type: "host", op: "neq", value: host })),
                                    ],
                                },
                            ],
                            action: {
                                action: "rate_limit",
                                rateLimit: {
                                    algo: "fixed_window",
                                    limit: s.requests,
                                    window: s.windowSeconds,
                                    keys: ["ip"],
                                    action: p.rateLimitAction,
                                },
                            },
                        },
                    ],
                },
            },
            t.firewall,
        );

        if (args.attackChallengeModeUntil !== undefined) {
            this.child(
                vercel.AttackChallengeMode,
                "attack-challenge-mode",
                { projectId, teamId, enabled: true, attackModeActiveUntil: args.attackChallengeModeUntil },
                t.attackChallengeMode,
            );
        }

        this.projectId = projectId;
        this.productionUrl =
            args.domain !== undefined
                ? pulumi.output(`https://${args.domain}`)
                : pulumi.interpolate`https://${this.project.name}.vercel.app`;
        this.domains = pulumi.output(domainNames);

        this.registerOutputs({
            projectId: this.projectId,
            productionUrl: this.productionUrl,
            domains: this.domains,
            rateLimitAction: this.rateLimitAction,
        });
    }
}
