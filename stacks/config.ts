import {
    AWS_REGIONS,
    WAF_MIN_RATE_LIMIT,
    type Environment,
    addArgProblems,
    containerTaskProblems,
    engineVersionProblems,
    readStackConfig,
    secretValue,
} from "@appstack/components";
import { z } from "zod";

/**
 * The root project's stack config: one schema, every key documented in README.md ("Configuration").
 * Everything the environment profile decides is optional here: set a key only to override the profile.
 */
const email = z.email({ message: "must be an email address" });
const hostname = z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
    message: "must be a lower-case DNS name such as api.example.com",
});
const awsRegion = z.string().refine((r) => AWS_REGIONS.includes(r), { message: "must be an AWS region such as us-east-1" });
const image = z.string().min(1, { message: "must name a container image, e.g. ghcr.io/acme/api:1.4.2" });

/** Task size and counts of a service, checked by the container service's own rule with this environment's profile. */
const taskRules =
    (environment: Environment) =>
    (s: { cpu?: number; memory?: number; minTasks?: number; maxTasks?: number }, ctx: z.RefinementCtx): void =>
        addArgProblems(ctx, containerTaskProblems(environment, s), { "autoscaling.min": "minTasks", "autoscaling.max": "maxTasks" });

/**
 * The schema for one environment: rules that depend on the profile (a cpu set without memory is paired with the
 * profile's memory) are the components' own, so a value a component would refuse is reported here, against its key.
 */
export const stackConfigSchema = (environment: Environment) =>
    z.strictObject({
        /** dev | staging | prod: the profile every component takes its defaults from. Default: from the stack name. */
        environment: z.enum(["dev", "staging", "prod"]).optional(),
        /** Route 53 hosted zone that holds the domains below (certificates are validated through it). */
        hostedZoneId: z.string().regex(/^Z[A-Z0-9]{4,32}$/, { message: "must be a Route 53 hosted zone id such as Z0123456789ABC" }),
        web: z.strictObject({
            /** Custom domain of the web app on the CDN. */
            domain: hostname,
            /** Serve index.html for unknown paths (single-page app). */
            spa: z.boolean().default(true),
        }),
        api: z
            .strictObject({
                image,
                domain: hostname,
                port: z.number().int().min(1).max(65535).default(5000),
                healthCheckPath: z.string().startsWith("/").default("/health/ready"),
                cpu: z.number().int().optional(),
                memory: z.number().int().optional(),
                minTasks: z.number().int().min(1).max(1000).optional(),
                maxTasks: z.number().int().min(1).max(1000).optional(),
                /** Load balancer access logs to a dedicated bucket. Default: on in staging and prod. */
                accessLogs: z.boolean().optional(),
            })
            .superRefine(taskRules(environment)),
        worker: z
            .strictObject({
                image,
                command: z.array(z.string()).min(1).optional(),
                minTasks: z.number().int().min(1).max(1000).optional(),
                maxTasks: z.number().int().min(1).max(1000).optional(),
            })
            .superRefine(taskRules(environment)),
        database: z
            .strictObject({
                engineVersion: z
                    .string()
                    .superRefine((v, ctx) => addArgProblems(ctx, engineVersionProblems(v, "")))
                    .optional(),
                instanceClass: z.string().startsWith("db.").optional(),
                allocatedStorageGb: z.number().int().min(20).max(65536).optional(),
                multiAz: z.boolean().optional(),
                replicas: z.number().int().min(0).max(5).optional(),
                backupRetentionDays: z.number().int().min(1).max(35).optional(),
                /** Copy automated backups to this region (disaster recovery). */
                backupCopyRegion: awsRegion.optional(),
            })
            .default({}),
        cache: z
            .strictObject({
                nodeType: z.string().startsWith("cache.").optional(),
                replicas: z.number().int().min(0).max(5).optional(),
            })
            .default({}),
        waf: z
            .strictObject({
                enabled: z.boolean().default(true),
                mode: z.enum(["block", "count"]).optional(),
                requestsPerMinute: z
                    .number()
                    .int()
                    .min(WAF_MIN_RATE_LIMIT, {
                        message: `must be at least ${WAF_MIN_RATE_LIMIT} (the provider's minimum for a rate-based rule)`,
                    })
                    .max(2_000_000_000)
                    .default(100),
            })
            .default({ enabled: true, requestsPerMinute: 100 }),
        monitoring: z.strictObject({
            alertEmails: z.array(email).min(1, { message: "needs at least one address" }),
            availabilityPercent: z.number().gt(0).lt(100).default(99.9),
            latencyP95Ms: z.number().int().positive().default(500),
        }),
        budget: z.strictObject({
            monthlyUsd: z.number().positive(),
            emails: z.array(email).default([]),
        }),
        /** Secret (`pulumi config set --secret alertWebhookUrl https://...`): an HTTPS endpoint that receives alarms. */
        alertWebhookUrl: secretValue(z.url({ protocol: /^https$/, message: "must be an https:// URL" })).optional(),
        /** Secret object (`pulumi config set --secret --path 'appSecrets.STRIPE_KEY' ...`): injected into the API and worker. */
        appSecrets: z
            .record(z.string().regex(/^[A-Z][A-Z0-9_]*$/, { message: "names must be UPPER_SNAKE_CASE" }), secretValue(z.string()))
            .optional(),
    });

export type StackConfig = z.infer<ReturnType<typeof stackConfigSchema>>;

/** Reads and validates this stack's config; throws a StackConfigError naming the file and keys on any problem. */
export function loadConfig(): StackConfig {
    return readStackConfig(stackConfigSchema);
}
