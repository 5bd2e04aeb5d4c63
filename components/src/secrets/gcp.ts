import * as monitoring from "@pulumi/gcp/monitoring";
import * as projects from "@pulumi/gcp/projects";
import * as pubsub from "@pulumi/gcp/pubsub";
import * as secretmanager from "@pulumi/gcp/secretmanager";
import type * as inputs from "@pulumi/gcp/types/input";
import * as pulumi from "@pulumi/pulumi";
import {
    type BaseArgs,
    checkEachMatches,
    type CloudRunSecretRef,
    Component,
    type DataProtection,
    InvalidArgumentError,
    type Link,
    type Linkable,
    type Profile,
    profileDefaults,
    type Transform,
} from "../core";
import { gcpLabels } from "../core/gcp";

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Secret Manager locations look like regions (`us-central1`, `europe-west4`). */
const LOCATION = /^[a-z]+-[a-z]+[0-9]+$/;
/** RFC 3339 UTC, whole seconds: `2027-01-04T09:00:00Z`. */
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/**
 * A rotation schedule: Secret Manager publishes a `SECRET_ROTATE` message for each secret on the rotation topic at
 * `firstRotation` and every `periodDays` after ("Create rotation schedules", cloud.google.com/secret-manager/docs/rotation-recommendations
 * and the `rotation`/`topics` inputs of `gcp.secretmanager.Secret`, @pulumi/gcp 9: "`topics` must be set to configure
 * rotation"; read 2026-12-06). Secret Manager does not change a value itself: an alert on the topic tells the
 * notification channels to rotate (`pulumi config set --secret ...` and `pulumi up`, or the provider's own rotation).
 */
export interface GcpSecretsRotation {
    /** Days between rotations (TechMate "Rotation: Quarterly for production secrets": 90). 1 to 36,500. */
    periodDays: number;
    /**
     * The first rotation, RFC 3339 UTC (`2027-01-04T09:00:00Z`), in the future when first applied. Secret Manager moves
     * it forward by itself after each rotation, so later changes of it are ignored (`ignoreChanges`).
     */
    firstRotation: string;
    /** Addresses the rotation alert emails (an email notification channel each). */
    emails?: string[];
    /** Existing Cloud Monitoring notification channels (`projects/<p>/notificationChannels/<id>`) it notifies too. */
    notificationChannels?: pulumi.Input<string>[];
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i;

interface SecretsProfile {
    deletionProtection: boolean;
}

const PROFILE: Profile<SecretsProfile> = {
    dev: { deletionProtection: false },
    staging: { deletionProtection: true },
    prod: { deletionProtection: true },
};

export interface GcpSecretsArgs extends BaseArgs, DataProtection {
    /**
     * The secrets, by name (`GEMINI_API_KEY`, `DATABASE_URL`: letters, digits, `_`), one Secret Manager secret each,
     * with one version holding the value. Pass values from `pulumi config set --secret` or another resource's secret
     * output: they are kept secret in state. A new value writes a new version (the old one is destroyed after the
     * consumers moved to it); adding a name adds a secret, removing one deletes it (blocked by `protect` and
     * `deletionProtection` in staging and prod).
     */
    values: Record<string, pulumi.Input<string>>;
    /** Project of the secrets. @default the provider's project */
    project?: pulumi.Input<string>;
    /**
     * Regions the secret data is stored in (user-managed replication, e.g. for data residency). Cannot change
     * after creation: changing it replaces every secret. Cost: $0.06 per active version and replica location a month.
     * @default automatic replication (Google picks the locations; billed as one location)
     */
    replicationLocations?: string[];
    /**
     * Cloud KMS key (`projects/<p>/locations/global/keyRings/<r>/cryptoKeys/<k>`) encrypting the secrets when
     * replication is automatic: it must be a `global` key. The Secret Manager service agent
     * (`service-<number>@gcp-sa-secretmanager.iam.gserviceaccount.com`) needs `roles/cloudkms.cryptoKeyEncrypterDecrypter`
     * on it. Changing it replaces the secrets. Cost: $0.06 per key version a month plus $0.03 per 10,000 operations.
     * @default Google-managed encryption
     */
    kmsKeyName?: pulumi.Input<string>;
    /**
     * With `replicationLocations`: one KMS key per location (a key in that region), by location. Every location
     * needs one when any is given.
     * @default Google-managed encryption
     */
    replicaKmsKeyNames?: Record<string, pulumi.Input<string>>;
    /**
     * Refuse to delete the secrets through the provider (Secret Manager's own deletion protection).
     * @default dev false, staging true, prod true
     */
    deletionProtection?: boolean;
    /**
     * Rotate every secret on a schedule: a Pub/Sub topic (`rotation`) the Secret Manager service agent may publish to,
     * a subscription keeping the messages 7 days (which secret, when), and a Cloud Monitoring alert that notifies
     * `notificationChannels` when a rotation message is published. Removing it removes the schedule. Cost: Pub/Sub's
     * first 10 GiB a month are free (a few messages a quarter); the alert policy is free.
     * @default none
     */
    rotation?: GcpSecretsRotation;
    /** Edits of each child's computed args. @default none: each child takes the args the component computed */
    transform?: {
        secret?: Transform<secretmanager.SecretArgs>;
        version?: Transform<secretmanager.SecretVersionArgs>;
        rotationTopic?: Transform<pubsub.TopicArgs>;
        rotationSubscription?: Transform<pubsub.SubscriptionArgs>;
        rotationAlert?: Transform<monitoring.AlertPolicyArgs>;
    };
}

/**
 * Application secrets in Google Secret Manager, one secret per name, each with a version holding the value.
 * Link a `GcpCloudRunService` to it (`links: [secrets]`, or `secrets.link({ pin: false })`) and the service account gets
 * `roles/secretmanager.secretAccessor` on exactly these secrets (bound by the service, per secret).
 *
 * Cost: $0.06 per active secret version and location a month, $0.03 per 10,000 access operations
 * (6 versions and 10,000 accesses free per billing account).
 */
export class GcpSecrets extends Component implements Linkable {
    /** Names given in `values`, known at plan time. */
    public readonly names: string[];
    /** Secret ids (`<project>-<stack>-<component>-<name>`), by name. */
    public readonly secretIds: Record<string, pulumi.Output<string>>;
    /** Full resource ids `projects/<project>/secrets/<id>`, by name. */
    public readonly secretResourceIds: Record<string, pulumi.Output<string>>;
    /** Version numbers of the values written by this program, by name. */
    public readonly versions: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: GcpSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("secrets:GcpSecrets", name, args, opts);
        const component = `GcpSecrets "${name}"`;
        const names = Object.keys(args.values ?? {});
        if (names.length === 0) throw new InvalidArgumentError(component, "values", "is empty", "one secret or more");
        for (const key of names) {
            if (!SECRET_NAME.test(key))
                throw new InvalidArgumentError(
                    component,
                    "values",
                    `has the name ${JSON.stringify(key)}`,
                    "names made of letters, digits and _ (environment variable names)",
                );
        }
        const lowered = new Map<string, string>();
        for (const key of names) {
            const id = key.toLowerCase();
            const other = lowered.get(id);
            if (other !== undefined)
                throw new InvalidArgumentError(
                    component,
                    "values",
                    `has "${other}" and "${key}", which map to the same secret id`,
                    "names that differ in more than case",
                );
            lowered.set(id, key);
        }
        const locations = args.replicationLocations;
        if (locations !== undefined) {
            if (locations.length === 0)
                throw new InvalidArgumentError(
                    component,
                    "replicationLocations",
                    "is empty",
                    "one region or more, or leave it out for automatic replication",
                );
            for (const loc of locations) {
                if (!LOCATION.test(loc))
                    throw new InvalidArgumentError(component, "replicationLocations", `contains "${loc}"`, "regions such as us-central1");
            }
            if (new Set(locations).size !== locations.length)
                throw new InvalidArgumentError(component, "replicationLocations", "lists a region twice", "distinct regions");
            if (args.kmsKeyName !== undefined)
                throw new InvalidArgumentError(
                    component,
                    "kmsKeyName",
                    "is set with replicationLocations",
                    "replicaKmsKeyNames (one key per location) with replicationLocations",
                );
        }
        const replicaKeys = args.replicaKmsKeyNames;
        if (replicaKeys !== undefined) {
            if (locations === undefined)
                throw new InvalidArgumentError(
                    component,
                    "replicaKmsKeyNames",
                    "is set without replicationLocations",
                    "kmsKeyName for automatic replication",
                );
            const missing = locations.filter((l) => !(l in replicaKeys));
            const extra = Object.keys(replicaKeys).filter((l) => !locations.includes(l));
            if (missing.length > 0 || extra.length > 0) {
                throw new InvalidArgumentError(
                    component,
                    "replicaKmsKeyNames",
                    `does not match replicationLocations (missing: ${missing.join(", ") || "none"}; extra: ${extra.join(", ") || "none"})`,
                    "exactly one key per replication location",
                );
            }
        }
        const { deletionProtection } = profileDefaults(PROFILE, this.environment, { deletionProtection: args.deletionProtection });
        const rotation = args.rotation;
        if (rotation !== undefined) {
            if (!Number.isInteger(rotation.periodDays) || rotation.periodDays < 1 || rotation.periodDays > 36_500) {
                throw new InvalidArgumentError(
                    component,
                    "rotation.periodDays",
                    `is ${JSON.stringify(rotation.periodDays)}`,
                    "whole days from 1 to 36500 (Secret Manager: at least 1 h, at most 100 years), e.g. 90 for quarterly",
                );
            }
            if (!RFC3339_UTC.test(rotation.firstRotation) || Number.isNaN(Date.parse(rotation.firstRotation))) {
                throw new InvalidArgumentError(
                    component,
                    "rotation.firstRotation",
                    `is ${JSON.stringify(rotation.firstRotation)}`,
                    "an RFC 3339 UTC time such as 2027-01-04T09:00:00Z",
                );
            }
            if ((rotation.emails ?? []).length + (rotation.notificationChannels ?? []).length === 0) {
                throw new InvalidArgumentError(
                    component,
                    "rotation.emails",
                    "and rotation.notificationChannels are empty, so nobody would be told to rotate",
                    "one address or notification channel or more",
                );
            }
            checkEachMatches(component, "rotation.emails", rotation.emails, EMAIL, "email addresses such as oncall@example.com");
        }

        const replication: inputs.secretmanager.SecretReplication =
            locations !== undefined
                ? {
                      userManaged: {
                          replicas: locations.map((location) => ({
                              location,
                              customerManagedEncryption: replicaKeys ? { kmsKeyName: replicaKeys[location] ?? "" } : undefined,
                          })),
                      },
                  }
                : { auto: { customerManagedEncryption: args.kmsKeyName !== undefined ? { kmsKeyName: args.kmsKeyName } : undefined } };

        const labels = gcpLabels(this.tags);

        // ---- rotation: the topic the service agent publishes SECRET_ROTATE to, before any secret names it.
        let topics: inputs.secretmanager.SecretTopic[] | undefined;
        let rotationDependsOn: pulumi.Resource[] = [];
        if (rotation !== undefined) {
            const agent = this.child(projects.ServiceIdentity, "secretmanager-agent", {
                project: args.project,
                service: "secretmanager.googleapis.com",
            });
            const topic = this.child(
                pubsub.Topic,
                "rotation",
                { project: args.project, name: this.physicalName("rotation"), labels, messageRetentionDuration: "604800s" },
                args.transform?.rotationTopic,
            );
            const publisher = this.child(pubsub.TopicIAMMember, "rotation-publisher", {
                project: topic.project,
                topic: topic.name,
                role: "roles/pubsub.publisher",
                member: agent.member,
            });
            this.child(
                pubsub.Subscription,
                "rotation-log",
                {
                    project: topic.project,
                    name: this.physicalName("rotation-log"),
                    topic: topic.id,
                    messageRetentionDuration: "604800s",
                    expirationPolicy: { ttl: "" },
                    labels,
                },
                args.transform?.rotationSubscription,
            );
            const emailChannels = (rotation.emails ?? []).map(
                (address, i) =>
                    this.child(monitoring.NotificationChannel, `rotation-email-${i + 1}`, {
                        project: args.project,
                        type: "email",
                        displayName: `${this.name} rotation: ${address}`,
                        labels: { email_address: address },
                        userLabels: labels,
                    }).name,
            );
            this.child(
                monitoring.AlertPolicy,
                "rotation-alert",
                {
                    project: args.project,
                    displayName: `${this.name}: rotate the secrets (every ${rotation.periodDays} days)`,
                    combiner: "OR",
                    conditions: [
                        {
                            displayName: "Secret Manager published a rotation message",
                            conditionThreshold: {
                                filter: pulumi.interpolate`resource.type = "pubsub_topic" AND resource.labels.topic_id = "${topic.name}" AND metric.type = "pubsub.googleapis.com/topic/send_message_operation_count"`,
                                comparison: "COMPARISON_GT",
                                thresholdValue: 0,
                                duration: "0s",
                                aggregations: [{ alignmentPeriod: "300s", perSeriesAligner: "ALIGN_SUM" }],
                            },
                        },
                    ],
                    documentation: {
                        mimeType: "text/markdown",
                        content: `Rotation is due for the secrets of ${this.name} (${names.join(", ")}). Pull the messages of the rotation-log subscription to see which, set new values (pulumi config set --secret, or the provider's key rotation) and run pulumi up.`,
                    },
                    notificationChannels: [...emailChannels, ...(rotation.notificationChannels ?? [])],
                    alertStrategy: { autoClose: "604800s" },
                    userLabels: labels,
                },
                args.transform?.rotationAlert,
            );
            topics = [{ name: topic.id }];
            rotationDependsOn = [publisher];
        }

        this.names = names;
        this.secretIds = {};
        this.secretResourceIds = {};
        this.versions = {};
        for (const key of names) {
            const suffix = key.toLowerCase().replace(/_/g, "-");
            const secret = this.child(
                secretmanager.Secret,
                suffix,
                {
                    project: args.project,
                    secretId: this.physicalName(suffix),
                    replication,
                    labels,
                    deletionProtection,
                    ...(rotation !== undefined
                        ? {
                              topics,
                              rotation: { rotationPeriod: `${rotation.periodDays * 86_400}s`, nextRotationTime: rotation.firstRotation },
                          }
                        : {}),
                },
                args.transform?.secret,
                // Secret Manager advances nextRotationTime after each rotation: not a change to undo.
                rotation !== undefined
                    ? { ...this.dataOptions(args), dependsOn: rotationDependsOn, ignoreChanges: ["rotation.nextRotationTime"] }
                    : this.dataOptions(args),
            );
            const version = this.child(
                secretmanager.SecretVersion,
                `${suffix}-version`,
                { secret: secret.id, secretData: pulumi.secret(args.values[key] ?? "") },
                args.transform?.version,
            );
            this.secretIds[key] = secret.secretId;
            this.secretResourceIds[key] = secret.id;
            this.versions[key] = version.version;
        }

        this.registerOutputs({ secretIds: this.secretIds, secretResourceIds: this.secretResourceIds, versions: this.versions });
    }

    /**
     * Cloud Run `secrets` entries, one environment variable per name, for `GcpCloudRunService`.
     * Pinned (default): each refers to the version this program wrote, so a new value rolls out as a new revision
     * and rolls back with it, as long as the old version exists: a new value destroys the version it replaces, so
     * keep old versions (`transform.version: { deletionPolicy: "ABANDON" }`) if you roll back to older revisions.
     * `pin: false` refers to `latest`, read at each instance start.
     */
    /** One Secret Manager environment variable per name ({@link envRefs}), for a Cloud Run service's `links`. */
    link(options: { pin?: boolean } = {}): Link {
        return { name: this.name, gcp: { secrets: this.envRefs(options) } };
    }

    envRefs(options: { pin?: boolean } = {}): Record<string, CloudRunSecretRef> {
        const pin = options.pin ?? true;
        return Object.fromEntries(
            this.names.map((key) => [
                key,
                {
                    secret: this.secretIds[key] ?? pulumi.output(""),
                    // "latest" still waits for the version to exist: a revision started before it would fail.
                    version: pin ? this.versions[key] : (this.versions[key] ?? pulumi.output("")).apply(() => "latest"),
                    key: `${this.name}-${key}`,
                },
            ]),
        );
    }
}
