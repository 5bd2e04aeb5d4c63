// Recovery time on Google Cloud: serving instances kept warm (Cloud Run, HTTP Cloud Functions) and secrets
// replicated beyond one region.

import type { ResourceValidationPolicy } from "@pulumi/policy";
import { GCP } from "./resource-types";
import { configSchema, get, readArray, readConfig, readNumber, readString } from "./util";

// ---------------------------------------------------------------------------------------------------------
// rto-cloud-run-min-instances
// ---------------------------------------------------------------------------------------------------------

export const cloudRunMinInstancesSchema = configSchema<{ minInstances: number }>({
    minInstances: {
        type: "integer",
        minimum: 0,
        default: 2,
        description:
            "Minimum instances a Cloud Run service keeps warm (template.scaling.minInstanceCount, or the service-level " +
            "scaling.minInstanceCount): 2 in production so a crashed instance or a cold start never leaves the API without a " +
            "serving instance; 0 (off) in dev and staging, which may scale to zero.",
    },
});

const CLOUD_FUNCTION_V2 = "gcp:cloudfunctionsv2/function:Function";

export const rtoCloudRunMinInstances: ResourceValidationPolicy = {
    name: "rto-cloud-run-min-instances",
    description:
        "Cloud Run services (v2, and v1 through minScale) and HTTP-triggered Cloud Functions (2nd gen) keep at least minInstances instances.",
    configSchema: cloudRunMinInstancesSchema,
    validateResource: (args, report) => {
        if (args.type === CLOUD_FUNCTION_V2 && readString(args.props, "eventTrigger", "eventType") === undefined) {
            // An HTTP-triggered function serves requests like a Cloud Run service (it is one underneath).
            const { minInstances } = readConfig(args, cloudRunMinInstancesSchema);
            const min = readNumber(args.props, "serviceConfig", "minInstanceCount") ?? 0;
            if (minInstances > 0 && min < minInstances) {
                report(
                    `${args.name}: the HTTP function keeps ${min} instance(s) warm; at least ${minInstances} must run. Fix: set serviceConfig.minInstanceCount: ${minInstances}.`,
                );
            }
            return;
        }
        if (args.type === GCP.cloudRunV1Service) {
            // Cloud Run v1 (Knative): the revision template's autoscaling.knative.dev/minScale annotation.
            const { minInstances } = readConfig(args, cloudRunMinInstancesSchema);
            const min = readNumber(args.props, "template", "metadata", "annotations", "autoscaling.knative.dev/minScale") ?? 0;
            if (minInstances > 0 && min < minInstances) {
                report(
                    `${args.name}: Cloud Run keeps ${min} instance(s) warm; at least ${minInstances} must run. Fix: set the template annotation "autoscaling.knative.dev/minScale": "${minInstances}".`,
                );
            }
            return;
        }
        if (args.type !== GCP.cloudRunService) {
            return;
        }
        const { minInstances } = readConfig(args, cloudRunMinInstancesSchema);
        if (minInstances <= 0) {
            return;
        }
        const min = Math.max(
            readNumber(args.props, "template", "scaling", "minInstanceCount") ?? 0,
            readNumber(args.props, "scaling", "minInstanceCount") ?? 0,
        );
        if (min < minInstances) {
            report(
                `${args.name}: Cloud Run keeps ${min} instance(s) warm, so it can scale to ${min === 0 ? "zero and cold-start" : `${min}`} ` +
                    `when an instance fails; at least ${minInstances} must run. Fix: set template.scaling.minInstanceCount: ${minInstances} ` +
                    `(GcpCloudRunService minInstances).`,
            );
        }
    },
};

// ---------------------------------------------------------------------------------------------------------
// rto-gcp-secret-replication
// ---------------------------------------------------------------------------------------------------------

export const secretReplicationSchema = configSchema<{ minUserManagedLocations: number }>({
    minUserManagedLocations: {
        type: "integer",
        minimum: 1,
        default: 2,
        description:
            "Secret Manager secrets must be replicated: automatic replication (Google keeps copies in several regions) always " +
            "passes; user-managed replication needs at least this many locations, so one regional outage does not stop every " +
            "service that reads its secrets at start.",
    },
});

export const rtoGcpSecretReplication: ResourceValidationPolicy = {
    name: "rto-gcp-secret-replication",
    description:
        "Secret Manager secrets use automatic replication, or user-managed replication in at least minUserManagedLocations regions.",
    configSchema: secretReplicationSchema,
    validateResource: (args, report) => {
        if (args.type !== GCP.secret) {
            return;
        }
        const { minUserManagedLocations } = readConfig(args, secretReplicationSchema);
        if (get(args.props, "replication", "auto") !== undefined) {
            return;
        }
        const replicas = readArray(args.props, "replication", "userManaged", "replicas");
        if (get(args.props, "replication", "userManaged") === undefined) {
            report(
                `${args.name}: the secret has no replication policy. Fix: set replication: { auto: {} } (or userManaged with ${minUserManagedLocations}+ locations).`,
            );
        } else if (replicas.length < minUserManagedLocations) {
            report(
                `${args.name}: the secret is replicated to ${replicas.length} location(s) only; a regional outage makes it unreadable and services ` +
                    `reading it cannot start. Fix: replicate it to ${minUserManagedLocations} or more locations, or use replication: { auto: {} }.`,
            );
        }
    },
};

export const rtoGcpPolicies = [rtoCloudRunMinInstances, rtoGcpSecretReplication];
