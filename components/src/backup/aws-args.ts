/**
 * The args of `AwsDatabaseExport` (`./aws.ts`): the shared export args (`./args.ts`) and S3's own (archive tiers,
 * replication, the account's GitHub OIDC provider), with S3's rules on archive tiers.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { InvalidArgumentError, type Transform } from "../core";
import type { AwsFileStorageArgs } from "../storage/aws";
import type { ArchiveTiers, DatabaseExportArgs } from "./args";
import type { ExportGithubTransforms } from "./github";

/** Storage classes exports may move to after `archiveAfterDays`, with the minimum days S3 bills each object for. */
export const EXPORT_ARCHIVE_MINIMUM_DAYS = { STANDARD_IA: 30, GLACIER_IR: 90, GLACIER: 90, DEEP_ARCHIVE: 180 } as const;
export type ExportArchiveClass = keyof typeof EXPORT_ARCHIVE_MINIMUM_DAYS;

export interface AwsDatabaseExportArgs extends DatabaseExportArgs {
    /**
     * Days after upload before `daily/` exports move to `archiveStorageClass`. Objects under 128 KB are not moved.
     * @default none (they stay in S3 Standard)
     */
    archiveAfterDays?: number;
    /**
     * Archive tier: `GLACIER_IR` (read in milliseconds, $0.004/GB-month, 90-day minimum charge), `GLACIER` (Flexible
     * Retrieval, hours, 90 days), `DEEP_ARCHIVE` (12 h+, $0.00099/GB-month, 180 days) or `STANDARD_IA` (30 days).
     * The retention after archiving must cover the tier's minimum, or every object is billed for it anyway.
     * @default "GLACIER_IR"
     */
    archiveStorageClass?: ExportArchiveClass;
    /**
     * Copy every export to a bucket in `replicaRegion` (same hardening, its own KMS key, the same lifecycle).
     * Cost: a second copy of the storage, $0.02/GB inter-region transfer, replication requests, a second KMS key.
     * @default AwsFileStorage's profile: true in prod, false in dev and staging
     */
    replication?: boolean;
    /** @default AwsFileStorage's pair of the stack's region (us-east-1 → us-west-2) */
    replicaRegion?: string;
    /**
     * ARN of the account's existing GitHub OIDC provider (`token.actions.githubusercontent.com`): an account holds one per
     * issuer, so a second component (or a CI role set up elsewhere) must pass it.
     * @default a new provider, created by this component
     */
    githubOidcProviderArn?: pulumi.Input<string>;
    /** Edits of the computed args of each kind of child. @default none: each child takes the args the component computed */
    transform?: ExportGithubTransforms & {
        /** Transforms of the bucket component's children (see AwsFileStorageArgs.transform). */
        bucket?: AwsFileStorageArgs["transform"];
        oidcProvider?: Transform<aws.iam.OpenIdConnectProviderArgs>;
        role?: Transform<aws.iam.RoleArgs>;
        rolePolicy?: Transform<aws.iam.RolePolicyArgs>;
    };
}

/** S3's archive tiers, with the rules a lifecycle transition and the restore drill put on `archiveAfterDays`. */
export function s3ArchiveTiers(component: string): ArchiveTiers<ExportArchiveClass> {
    return {
        minimumDays: EXPORT_ARCHIVE_MINIMUM_DAYS,
        fallback: "GLACIER_IR",
        billedBy: "S3",
        tierRules: (archiveStorageClass, archiveAfterDays) => {
            if (archiveStorageClass === "STANDARD_IA" && archiveAfterDays < 30) {
                throw new InvalidArgumentError(
                    component,
                    "archiveAfterDays",
                    `is ${archiveAfterDays}; S3 moves objects to STANDARD_IA no sooner than 30 days`,
                    "30 or more with STANDARD_IA",
                );
            }
            if ((archiveStorageClass === "GLACIER" || archiveStorageClass === "DEEP_ARCHIVE") && archiveAfterDays < 7) {
                throw new InvalidArgumentError(
                    component,
                    "archiveAfterDays",
                    `is ${archiveAfterDays} with ${archiveStorageClass}, whose objects need a restore request before they can be read: the restore drill would find the newest export unreadable`,
                    "7 or more, or GLACIER_IR",
                );
            }
        },
    };
}
