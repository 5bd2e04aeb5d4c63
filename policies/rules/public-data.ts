// No public data store on Google Cloud: Cloud Storage buckets and BigQuery datasets are private until an IAM
// binding or ACL grants allUsers / allAuthenticatedUsers (Checkov CKV_GCP_28 and CKV_GCP_15, KICS "Cloud Storage
// Bucket Is Publicly Accessible" and "BigQuery Dataset Is Public", tfsec google-storage-no-public-access and
// google-bigquery-no-public-access). A grant is reported even on a bucket with publicAccessPrevention "enforced":
// Google then rejects it and the deployment fails.

import type { ResourceValidationPolicy } from "@pulumi/policy";
import { GCP } from "./resource-types";
import { asString, asStringArray, configSchema, get, readArray, readConfig, readString } from "./util";

const PUBLIC_MEMBERS = ["allUsers", "allAuthenticatedUsers"];
const PUBLIC_ACL_ENTITIES = ["allUsers", "allAuthenticatedUsers"];
const PUBLIC_PREDEFINED_ACLS = ["publicRead", "publicReadWrite", "authenticatedRead"];

export const publicStorageSchema = configSchema<{ exemptResourceNames: string[] }>({
    exemptResourceNames: {
        type: "array",
        items: { type: "string" },
        default: [],
        description:
            "Logical names of grants that are public on purpose (none by default: public files go through a CDN, not a public bucket).",
    },
});

/** The public principals a grant names, by type; empty for every other resource. */
function publicPrincipals(type: string, props: Record<string, unknown>): string[] {
    switch (type) {
        case GCP.storageBucketIamMember:
        case GCP.bigqueryDatasetIamMember:
            return [readString(props, "member") ?? ""].filter((m) => PUBLIC_MEMBERS.includes(m));
        case GCP.storageBucketIamBinding:
        case GCP.bigqueryDatasetIamBinding:
            return asStringArray(get(props, "members")).filter((m) => PUBLIC_MEMBERS.includes(m));
        case GCP.storageBucketAccessControl:
        case GCP.storageDefaultObjectAccessControl:
            return [readString(props, "entity") ?? ""].filter((e) => PUBLIC_ACL_ENTITIES.includes(e));
        case GCP.storageBucketAcl: {
            const predefined = readString(props, "predefinedAcl");
            const entities = asStringArray(get(props, "roleEntities")).filter((e) => PUBLIC_ACL_ENTITIES.some((p) => e.endsWith(`:${p}`)));
            return [
                ...(predefined !== undefined && PUBLIC_PREDEFINED_ACLS.includes(predefined) ? [`predefinedAcl ${predefined}`] : []),
                ...entities,
            ];
        }
        case GCP.bigqueryDatasetAccess:
            return [readString(props, "specialGroup"), readString(props, "iamMember")].filter(
                (m): m is string => m !== undefined && PUBLIC_MEMBERS.includes(m),
            );
        case GCP.bigqueryDataset:
            return readArray(props, "accesses").flatMap((a) =>
                [asString(get(a, "specialGroup")), asString(get(a, "iamMember"))].filter(
                    (m): m is string => m !== undefined && PUBLIC_MEMBERS.includes(m),
                ),
            );
        default:
            return [];
    }
}

export const dataLossPublicStorage: ResourceValidationPolicy = {
    name: "data-loss-public-storage",
    description:
        "No Cloud Storage bucket or BigQuery dataset is granted to allUsers or allAuthenticatedUsers (IAM members, bindings, ACLs, dataset access).",
    configSchema: publicStorageSchema,
    validateResource: (args, report) => {
        const principals = publicPrincipals(args.type, args.props);
        if (principals.length === 0 || readConfig(args, publicStorageSchema).exemptResourceNames.includes(args.name)) {
            return;
        }
        report(
            `${args.name} (${args.type}) grants ${principals.join(" and ")}: anyone on the internet can read the data. Fix: grant named ` +
                `service accounts or groups only, and set publicAccessPrevention: "enforced" on the bucket (serve public files through Cloud CDN).`,
        );
    },
};
