/**
 * SSL enforcement of a Supabase project's database (PUT /v1/projects/{ref}/ssl-enforcement). Discriminator
 * `supabaseResource: "ssl-enforcement"`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { SslEnforcementRequest, SslEnforcementResponse } from "supabase-management-js";
import { type ApiSettings, apiError, apiRequest, apiSettings, readSetting } from "./api";
import { type Discriminated, type Inputs, settingDiff, settingId, settingRef } from "./shared";

export interface SupabaseSslEnforcementInputs {
    projectRef: string;
    /** Reject database connections without TLS. */
    enforced: boolean;
}

export interface SupabaseSslEnforcementOutputs extends SupabaseSslEnforcementInputs, Discriminated<"ssl-enforcement"> {
    appliedSuccessfully: boolean;
}

async function putSslEnforcement(
    s: ApiSettings,
    ref: string,
    enforced: boolean,
    accept404 = false,
): Promise<SslEnforcementResponse | undefined> {
    const body: SslEnforcementRequest = { requestedConfig: { database: enforced } };
    const res = await apiRequest<SslEnforcementResponse>(s, "PUT", `/v1/projects/${ref}/ssl-enforcement`, {
        body,
        accept: accept404 ? [404] : [],
    });
    if (res.status === 404) return undefined;
    if (!res.data.appliedSuccessfully) {
        throw apiError(
            `Supabase project ${ref}: SSL enforcement ${enforced ? "on" : "off"} was not applied (appliedSuccessfully: false); retry pulumi up`,
        );
    }
    return res.data;
}

/** Provider of SSL enforcement (PUT /v1/projects/{ref}/ssl-enforcement). Deleting it turns enforcement off (the API's default). */
export class SupabaseSslEnforcementProvider implements pulumi.dynamic.ResourceProvider<
    SupabaseSslEnforcementInputs,
    SupabaseSslEnforcementOutputs
> {
    async create(inputs: SupabaseSslEnforcementInputs): Promise<pulumi.dynamic.CreateResult<SupabaseSslEnforcementOutputs>> {
        await putSslEnforcement(apiSettings(), inputs.projectRef, inputs.enforced);
        return { id: settingId(inputs.projectRef, "ssl-enforcement"), outs: { ...inputs, appliedSuccessfully: true } };
    }

    diff(_id: string, olds: SupabaseSslEnforcementOutputs, news: SupabaseSslEnforcementInputs): Promise<pulumi.dynamic.DiffResult> {
        return settingDiff(olds, news, olds.enforced !== news.enforced, true);
    }

    async update(
        _id: string,
        _olds: SupabaseSslEnforcementOutputs,
        news: SupabaseSslEnforcementInputs,
    ): Promise<pulumi.dynamic.UpdateResult<SupabaseSslEnforcementOutputs>> {
        await putSslEnforcement(apiSettings(), news.projectRef, news.enforced);
        return { outs: { ...news, appliedSuccessfully: true } };
    }

    async delete(_id: string, props: SupabaseSslEnforcementOutputs): Promise<void> {
        await putSslEnforcement(apiSettings(), props.projectRef, false, true);
    }

    async read(id: string, props?: SupabaseSslEnforcementOutputs): Promise<pulumi.dynamic.ReadResult<SupabaseSslEnforcementOutputs>> {
        const ref = settingRef(id, props);
        return readSetting<SslEnforcementResponse, SupabaseSslEnforcementOutputs>(ref, id, "ssl-enforcement", (data) => ({
            projectRef: ref,
            enforced: data.currentConfig.database,
            appliedSuccessfully: data.appliedSuccessfully,
            supabaseResource: "ssl-enforcement",
        }));
    }
}

export type SupabaseSslEnforcementArgs = Inputs<SupabaseSslEnforcementInputs>;

/** SSL enforcement of a project's database. */
export class SupabaseSslEnforcement extends pulumi.dynamic.Resource {
    declare public readonly enforced: pulumi.Output<boolean>;

    constructor(name: string, args: SupabaseSslEnforcementArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            new SupabaseSslEnforcementProvider(),
            name,
            { appliedSuccessfully: undefined, ...args, supabaseResource: "ssl-enforcement" },
            opts,
        );
    }
}
