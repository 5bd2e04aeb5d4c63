import type * as pulumi from "@pulumi/pulumi";
import { hex, str, type State } from "./util";

/**
 * Plan-time outputs of the Supabase dynamic resources (`components/src/supabase/provider.ts`). Their type token is
 * the generic `pulumi-nodejs:dynamic:Resource`, so the kind comes from the name suffix the `SupabasePostgres`
 * component gives each child: `-project`, `-pitr`, `-ssl`, `-network`, `-postgres-config`, `-replica-<region>`.
 * Other dynamic resources get their inputs back with a derived id, as without this module.
 * Register under the `pulumi-nodejs` package in `mocks/index.ts`.
 */

/** A project ref in Supabase's format: 20 lower-case letters, stable per seed. */
export function mockProjectRef(seed: string): string {
    return hex(seed, 20)
        .split("")
        .map((c) => String.fromCharCode(97 + parseInt(c, 16)))
        .join("");
}

const PITR_DAYS = [7, 14, 28];

export function mockSupabaseOutputs(args: pulumi.runtime.MockResourceArgs, region: string): { id: string; state: State } {
    const { name } = args;
    const inputs: Record<string, unknown> = args.inputs as Record<string, unknown>;
    const state: State = { ...inputs };
    const ref = str(inputs["projectRef"], "");

    if (name.endsWith("-project")) {
        const projectRef = mockProjectRef(`project/${name}`);
        const projectRegion = str(inputs["region"], region);
        Object.assign(state, {
            ref: projectRef,
            status: "ACTIVE_HEALTHY",
            apiUrl: `https://${projectRef}.supabase.co`,
            dbHost: `db.${projectRef}.supabase.co`,
            dbPort: 5432,
            postgresVersion: "17.4.1.054",
            createdAt: "2025-01-01T00:00:00.000Z",
            poolerHost: `aws-0-${projectRegion}.pooler.supabase.com`,
            poolerPort: 6543,
            anonKey: `eyJhbGciOiJIUzI1NiJ9.anon.${hex(`anon/${name}`, 16)}`,
            serviceRoleKey: `eyJhbGciOiJIUzI1NiJ9.service_role.${hex(`service/${name}`, 16)}`,
        });
        return { id: projectRef, state };
    }
    if (name.endsWith("-pitr")) {
        const wanted = typeof inputs["retentionDays"] === "number" ? inputs["retentionDays"] : 7;
        const days = PITR_DAYS.find((d) => d >= wanted) ?? 28;
        Object.assign(state, { variant: `pitr_${days}`, pitrDays: days });
        return { id: `${ref}/pitr`, state };
    }
    if (name.endsWith("-ssl")) {
        state["appliedSuccessfully"] = true;
        return { id: `${ref}/ssl-enforcement`, state };
    }
    if (name.endsWith("-network")) {
        state["status"] = "applied";
        return { id: `${ref}/network-restrictions`, state };
    }
    if (name.endsWith("-postgres-config")) {
        const settings = inputs["settings"];
        state["effective"] = typeof settings === "object" && settings !== null ? { ...settings } : {};
        return { id: `${ref}/postgres-config`, state };
    }
    const replica = name.match(/-replica-([a-z]+-[a-z]+-\d)$/);
    if (replica) {
        const replicaRegion = str(inputs["region"], replica[1] ?? region);
        const identifier = `${ref || mockProjectRef(`replica/${name}`)}-rr-${replicaRegion}-${hex(`replica/${name}`, 5)}`;
        Object.assign(state, { identifier, status: "ACTIVE_HEALTHY", poolerHost: `aws-0-${replicaRegion}.pooler.supabase.com` });
        return { id: identifier, state };
    }
    return { id: `${name}-${hex(`${args.type}/${name}`, 8)}`, state };
}
