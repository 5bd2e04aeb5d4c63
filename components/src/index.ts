/**
 * @appstack/components: secure-by-default Pulumi components. One folder per capability, one file per provider;
 * import everything from the package root or a single capability from its subpath
 * (`@appstack/components/postgres/aws`).
 */
export * from "./core";
export * from "./secrets/aws";
export * from "./network/aws";
export * from "./cdn/aws";
export * from "./postgres/aws";
export * from "./postgres/versions";
export * from "./redis/aws";
export * from "./monitoring/aws";
export * from "./budget/aws";
export * from "./service/aws";
export * from "./waf/aws";
export * from "./redis/upstash";
export * from "./storage/aws";
export * from "./web/vercel";
export * from "./edge/cloudflare";
export * from "./ai/gcp";
export * from "./budget/gcp";
export * from "./secrets/gcp";
export * from "./service/gcp";
export * from "./monitoring/gcp";
export * from "./postgres/supabase";
export * from "./supabase/provider";
export * from "./mobile/workflows";
export * from "./mobile/github";
export * from "./pipeline/workflows";
export * from "./pipeline/github";
export * from "./observability/sentry";
export * from "./monitoring/gcp-uptime";
export type * from "./monitoring/signals";
export { dashboardLine } from "./monitoring/signals";
export * from "./service/aws-signals";
export * from "./service/gcp-signals";
export * from "./postgres/aws-signals";
export * from "./redis/aws-signals";
export * from "./redis/upstash-signals";
export * from "./cdn/aws-signals";
export * from "./waf/aws-signals";
export * from "./storage/aws-signals";
export * from "./logs/aws";
export * from "./backup/aws";
export * from "./backup/gcp";
