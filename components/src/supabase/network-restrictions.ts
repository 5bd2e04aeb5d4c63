/**
 * The CIDRs allowed to reach a Supabase project's database (POST /v1/projects/{ref}/network-restrictions/apply).
 * Discriminator `supabaseResource: "network-restrictions"`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { NetworkRestrictionsRequest, NetworkRestrictionsResponse } from "supabase-management-js";
import { type ApiSettings, apiRequest, apiSettings, readSetting } from "./api";
import { type Discriminated, type Inputs, settingDiff, settingId, settingRef } from "./shared";

export interface SupabaseNetworkRestrictionsInputs {
    projectRef: string;
    /** IPv4 CIDRs allowed to reach the database (`0.0.0.0/0` allows all). */
    dbAllowedCidrs: string[];
    /** IPv6 CIDRs allowed to reach the database (`::/0` allows all). */
    dbAllowedCidrsV6: string[];
}

export interface SupabaseNetworkRestrictionsOutputs extends SupabaseNetworkRestrictionsInputs, Discriminated<"network-restrictions"> {
    status: string;
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
    const x = [...(a ?? [])].sort();
    const y = [...(b ?? [])].sort();
    return x.length === y.length && x.every((v, i) => v === y[i]);
}

async function applyNetworkRestrictions(
    s: ApiSettings,
    ref: string,
    body: NetworkRestrictionsRequest,
    accept404 = false,
): Promise<NetworkRestrictionsResponse | undefined> {
    const res = await apiRequest<NetworkRestrictionsResponse>(s, "POST", `/v1/projects/${ref}/network-restrictions/apply`, {
        body,
        idempotent: true, // applying the same list twice is harmless
        accept: accept404 ? [404] : [],
    });
    return res.status === 404 ? undefined : res.data;
}

/**
 * Provider of network restrictions (POST /v1/projects/{ref}/network-restrictions/apply). Deleting it allows every
 * address again (`0.0.0.0/0`, `::/0`), the API's default.
 */
export class SupabaseNetworkRestrictionsProvider implements pulumi.dynamic.ResourceProvider<
    SupabaseNetworkRestrictionsInputs,
    SupabaseNetworkRestrictionsOutputs
> {
    async create(inputs: SupabaseNetworkRestrictionsInputs): Promise<pulumi.dynamic.CreateResult<SupabaseNetworkRestrictionsOutputs>> {
        const res = await applyNetworkRestrictions(apiSettings(), inputs.projectRef, {
            dbAllowedCidrs: inputs.dbAllowedCidrs,
            dbAllowedCidrsV6: inputs.dbAllowedCidrsV6,
        });
        return { id: settingId(inputs.projectRef, "network-restrictions"), outs: { ...inputs, status: res?.status ?? "stored" } };
    }

    diff(
        _id: string,
        olds: SupabaseNetworkRestrictionsOutputs,
        news: SupabaseNetworkRestrictionsInputs,
    ): Promise<pulumi.dynamic.DiffResult> {
        const changed = !sameList(olds.dbAllowedCidrs, news.dbAllowedCidrs) || !sameList(olds.dbAllowedCidrsV6, news.dbAllowedCidrsV6);
        return settingDiff(olds, news, changed, true);
    }

    async update(
        _id: string,
        _olds: SupabaseNetworkRestrictionsOutputs,
        news: SupabaseNetworkRestrictionsInputs,
    ): Promise<pulumi.dynamic.UpdateResult<SupabaseNetworkRestrictionsOutputs>> {
        const res = await applyNetworkRestrictions(apiSettings(), news.projectRef, {
            dbAllowedCidrs: news.dbAllowedCidrs,
            dbAllowedCidrsV6: news.dbAllowedCidrsV6,
        });
        return { outs: { ...news, status: res?.status ?? "stored" } };
    }

    async delete(_id: string, props: SupabaseNetworkRestrictionsOutputs): Promise<void> {
        await applyNetworkRestrictions(
            apiSettings(),
            props.projectRef,
            { dbAllowedCidrs: ["0.0.0.0/0"], dbAllowedCidrsV6: ["::/0"] },
            true,
        );
    }

    async read(
        id: string,
        props?: SupabaseNetworkRestrictionsOutputs,
    ): Promise<pulumi.dynamic.ReadResult<SupabaseNetworkRestrictionsOutputs>> {
        const ref = settingRef(id, props);
        return readSetting<NetworkRestrictionsResponse, SupabaseNetworkRestrictionsOutputs>(ref, id, "network-restrictions", (data) => ({
            projectRef: ref,
            dbAllowedCidrs: data.config.dbAllowedCidrs ?? [],
            dbAllowedCidrsV6: data.config.dbAllowedCidrsV6 ?? [],
            status: data.status,
            supabaseResource: "network-restrictions",
        }));
    }
}

export type SupabaseNetworkRestrictionsArgs = Inputs<SupabaseNetworkRestrictionsInputs>;

/** The CIDRs allowed to reach a project's database. */
export class SupabaseNetworkRestrictions extends pulumi.dynamic.Resource {
    declare public readonly dbAllowedCidrs: pulumi.Output<string[]>;

    constructor(name: string, args: SupabaseNetworkRestrictionsArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            new SupabaseNetworkRestrictionsProvider(),
            name,
            { status: undefined, ...args, supabaseResource: "network-restrictions" },
            opts,
        );
    }
}
