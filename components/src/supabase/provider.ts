/**
 * Pulumi dynamic providers over the Supabase Management API: a project, its point-in-time-recovery add-on, SSL
 * enforcement, network restrictions, Postgres settings and read replicas. Supabase has no Pulumi package; dynamic
 * providers work with any Pulumi CLI and need no plugin.
 *
 * This file is the public face of the folder; each resource lives in its own file (`./project.ts`, `./pitr.ts`,
 * `./ssl-enforcement.ts`, `./network-restrictions.ts`, `./postgres-config.ts`, `./read-replica.ts`), over the API
 * client of `./api.ts`, the constants of `./constants.ts` and the internal helpers of `./shared.ts`.
 *
 * The provider objects are serialized into the stack's state by Pulumi's closure serializer and run later by the
 * dynamic provider host: they hold no state, capture nothing but plain functions and constants (the serializer copies
 * only the functions a method calls, not the modules they come from), call the API with the global `fetch`, and read
 * `SUPABASE_ACCESS_TOKEN` (and the other settings documented in `./api.ts`) from the environment inside each method.
 * The type token of every resource here is `pulumi-nodejs:dynamic:Resource`.
 *
 * Because that token is shared by every dynamic resource, each resource here also carries a constant input
 * `supabaseResource` (`"project"`, `"pitr"`, `"ssl-enforcement"`, `"network-restrictions"`, `"postgres-config"`,
 * `"read-replica"`) that policies and the cost model read to tell them apart (policies/README.md, "Dynamic
 * resources"). The resource classes set it; callers cannot change it. The providers never compare it in `diff`, so
 * adding it to an existing stack causes no update, and `read` returns it so a `pulumi refresh` records it in the
 * outputs of resources created before it existed.
 */
export * from "./constants";
export * from "./network-restrictions";
export * from "./pitr";
export * from "./postgres-config";
export * from "./project";
export * from "./read-replica";
export * from "./ssl-enforcement";
