/**
 * The point-in-time-recovery add-on of a Supabase project (PATCH/DELETE /v1/projects/{ref}/billing/addons).
 * Discriminator `supabaseResource: "pitr"`.
 */
import * as pulumi from "@pulumi/pulumi";
import { apiSettings, applyAddon, listAddons, removeAddon } from "./api";
import { type PitrVariant, instanceSizeAtLeast, pitrVariantFor } from "./constants";
import { type Discriminated, type Inputs, settingDiff, settingId, settingRef } from "./shared";

export interface SupabasePitrInputs {
    projectRef: string;
    /** Days of history wanted; the add-on chosen is the smallest of 7, 14, 28 at least this long. */
    retentionDays: number;
    /** The project's compute size, to check PITR's requirement of at least `small`. */
    instanceSize?: string;
}

export interface SupabasePitrOutputs extends SupabasePitrInputs, Discriminated<"pitr"> {
    /** `pitr_7`, `pitr_14` or `pitr_28`. */
    variant: PitrVariant;
    /** The retention the variant keeps (≥ `retentionDays`). */
    pitrDays: number;
}

/** The add-on keeping `days` of history, or a clear error when none does. */
function variantOrThrow(days: number): PitrVariant {
    const variant = pitrVariantFor(days);
    if (!variant) throw new Error(`PITR retention of ${days} days exceeds the longest add-on (28 days)`);
    return variant;
}

/** Provider of the PITR add-on (PATCH/DELETE /v1/projects/{ref}/billing/addons). */
export class SupabasePitrProvider implements pulumi.dynamic.ResourceProvider<SupabasePitrInputs, SupabasePitrOutputs> {
    check(_olds: SupabasePitrInputs, news: SupabasePitrInputs): Promise<pulumi.dynamic.CheckResult<SupabasePitrInputs>> {
        const failures: pulumi.dynamic.CheckFailure[] = [];
        if (!Number.isInteger(news.retentionDays) || pitrVariantFor(news.retentionDays) === undefined || news.retentionDays < 1) {
            failures.push({
                property: "retentionDays",
                reason: `is ${news.retentionDays}; allowed: an integer from 1 to 28 (add-ons pitr_7, pitr_14, pitr_28)`,
            });
        }
        if (news.instanceSize !== undefined && !instanceSizeAtLeast(news.instanceSize, "small")) {
            failures.push({
                property: "instanceSize",
                reason: `PITR needs a compute add-on of at least small; the project is ${news.instanceSize}`,
            });
        }
        return Promise.resolve({ inputs: news, failures });
    }

    async create(inputs: SupabasePitrInputs): Promise<pulumi.dynamic.CreateResult<SupabasePitrOutputs>> {
        const variant = variantOrThrow(inputs.retentionDays);
        const s = apiSettings();
        await applyAddon(s, inputs.projectRef, { addon_type: "pitr", addon_variant: variant });
        return { id: settingId(inputs.projectRef, "pitr"), outs: { ...inputs, variant, pitrDays: Number(variant.slice(5)) } };
    }

    diff(_id: string, olds: SupabasePitrOutputs, news: SupabasePitrInputs): Promise<pulumi.dynamic.DiffResult> {
        const changed =
            olds.variant !== pitrVariantFor(news.retentionDays) ||
            olds.retentionDays !== news.retentionDays ||
            olds.instanceSize !== news.instanceSize;
        return settingDiff(olds, news, changed, true);
    }

    async update(
        _id: string,
        olds: SupabasePitrOutputs,
        news: SupabasePitrInputs,
    ): Promise<pulumi.dynamic.UpdateResult<SupabasePitrOutputs>> {
        const variant = variantOrThrow(news.retentionDays);
        if (variant !== olds.variant) await applyAddon(apiSettings(), news.projectRef, { addon_type: "pitr", addon_variant: variant });
        return { outs: { ...news, variant, pitrDays: Number(variant.slice(5)) } };
    }

    async delete(_id: string, props: SupabasePitrOutputs): Promise<void> {
        await removeAddon(apiSettings(), props.projectRef, props.variant);
    }

    async read(id: string, props?: SupabasePitrOutputs): Promise<pulumi.dynamic.ReadResult<SupabasePitrOutputs>> {
        const ref = settingRef(id, props);
        const addons = await listAddons(apiSettings(), ref);
        const pitr = addons?.selected_addons.find((a) => a.type === "pitr");
        if (!pitr) return {};
        const variant = String(pitr.variant.id);
        const days = Number(variant.replace(/^pitr_/, ""));
        const known = pitrVariantFor(days);
        if (!known) return {};
        return {
            id,
            props: {
                projectRef: ref,
                retentionDays: props?.retentionDays ?? days,
                instanceSize: props?.instanceSize,
                variant: known,
                pitrDays: days,
                supabaseResource: "pitr",
            },
        };
    }
}

export type SupabasePitrArgs = Inputs<SupabasePitrInputs>;

/** The PITR add-on of a project. */
export class SupabasePitr extends pulumi.dynamic.Resource {
    declare public readonly variant: pulumi.Output<PitrVariant>;
    declare public readonly pitrDays: pulumi.Output<number>;

    constructor(name: string, args: SupabasePitrArgs, opts?: pulumi.CustomResourceOptions) {
        super(new SupabasePitrProvider(), name, { variant: undefined, pitrDays: undefined, ...args, supabaseResource: "pitr" }, opts);
    }
}
