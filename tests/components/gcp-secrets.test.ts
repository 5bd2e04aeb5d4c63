import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { type GcpSecretsArgs, type GcpSecretsRotation, GcpSecrets } from "../../components/src/secrets/gcp";
import { type Plan, plan } from "../support/plan";

const SECRET = "gcp:secretmanager/secret:Secret";
const VERSION = "gcp:secretmanager/secretVersion:SecretVersion";
const config = { "gcp:project": "acme-prod" };

async function attempt(args: GcpSecretsArgs): Promise<{ error: unknown; p: Plan }> {
    let error: unknown;
    const p = await plan(
        () => {
            try {
                new GcpSecrets("app", args);
            } catch (e) {
                error = e;
            }
        },
        { config },
    );
    return { error, p };
}

describe("GcpSecrets", () => {
    it("creates one secret per name with automatic replication, and a secret version holding the value", async () => {
        const p = await plan(
            () => new GcpSecrets("app", { values: { DATABASE_URL: pulumi.secret("postgres://db"), GEMINI_API_KEY: "AIza-plain" } }),
            { config, project: "techmate" },
        );
        const secrets = p.ofType(SECRET);
        expect(secrets.map((s) => s.name)).toEqual(["app-database-url", "app-gemini-api-key"]);
        expect(p.inputs(SECRET, "app-database-url")).toMatchObject({
            secretId: "techmate-prod-app-database-url",
            replication: { auto: {} },
            deletionProtection: true,
        });
        expect(p.inputs(SECRET, "app-database-url").labels).toMatchObject({ environment: "prod", project: "techmate" });
        const versions = p.ofType(VERSION);
        expect(versions).toHaveLength(2);
        for (const v of versions) {
            // The value is secret even when given as a plain string.
            expect(v.secretInputs).toContain("secretData");
            expect((v.inputs as Record<string, unknown>).secretData).toBe("[secret]");
        }
        expect(p.inputs(VERSION, "app-database-url-version").secret).toBe("projects/acme-prod/secrets/techmate-prod-app-database-url");
    });

    it("protects and retains the secrets in staging and prod, not in dev", async () => {
        const prod = (await plan(() => new GcpSecrets("app", { values: { A: "x" } }), { config })).one(SECRET);
        expect([prod.protect, prod.retainOnDelete]).toEqual([true, true]);
        const dev = await plan(() => new GcpSecrets("app", { values: { A: "x" } }), { config, stack: "dev" });
        expect([dev.one(SECRET).protect, dev.one(SECRET).retainOnDelete]).toEqual([false, false]);
        expect(dev.inputs(SECRET).deletionProtection).toBe(false);
    });

    it("replicates to chosen regions with one CMEK key each, or to a global CMEK key", async () => {
        const p = await plan(
            () =>
                new GcpSecrets("app", {
                    values: { A: "x" },
                    replicationLocations: ["us-central1", "us-east1"],
                    replicaKmsKeyNames: {
                        "us-central1": "projects/k/locations/us-central1/keyRings/r/cryptoKeys/c",
                        "us-east1": "projects/k/locations/us-east1/keyRings/r/cryptoKeys/c",
                    },
                }),
            { config },
        );
        expect(p.inputs(SECRET).replication).toEqual({
            userManaged: {
                replicas: [
                    {
                        location: "us-central1",
                        customerManagedEncryption: { kmsKeyName: "projects/k/locations/us-central1/keyRings/r/cryptoKeys/c" },
                    },
                    {
                        location: "us-east1",
                        customerManagedEncryption: { kmsKeyName: "projects/k/locations/us-east1/keyRings/r/cryptoKeys/c" },
                    },
                ],
            },
        });
        const global = await plan(
            () => new GcpSecrets("app", { values: { A: "x" }, kmsKeyName: "projects/k/locations/global/keyRings/r/cryptoKeys/c" }),
            { config },
        );
        expect(global.inputs(SECRET).replication).toEqual({
            auto: { customerManagedEncryption: { kmsKeyName: "projects/k/locations/global/keyRings/r/cryptoKeys/c" } },
        });
    });

    it("gives Cloud Run env refs pinned to the written version, or latest", async () => {
        let pinned: Record<string, unknown> = {};
        let latest: Record<string, unknown> = {};
        await plan(
            () => {
                const s = new GcpSecrets("app", { values: { DATABASE_URL: "x" } });
                pulumi.output(s.envRefs()).apply((v) => (pinned = v));
                pulumi.output(s.envRefs({ pin: false })).apply((v) => (latest = v));
            },
            { config },
        );
        expect(pinned).toEqual({ DATABASE_URL: { secret: "test-prod-app-database-url", version: "1", key: "app-DATABASE_URL" } });
        expect(latest).toEqual({ DATABASE_URL: { secret: "test-prod-app-database-url", version: "latest", key: "app-DATABASE_URL" } });
    });

    it.each<[string, GcpSecretsArgs, RegExp]>([
        ["no values", { values: {} }, /values.*empty/],
        ["a bad name", { values: { "db-url": "x" } }, /values.*db-url/],
        ["names equal but for case", { values: { Key: "x", KEY: "y" } }, /same secret id/],
        ["a bad location", { values: { A: "x" }, replicationLocations: ["US"] }, /replicationLocations/],
        [
            "a global key with user-managed replication",
            { values: { A: "x" }, replicationLocations: ["us-east1"], kmsKeyName: "k" },
            /kmsKeyName/,
        ],
        [
            "a missing replica key",
            { values: { A: "x" }, replicationLocations: ["us-east1", "us-west1"], replicaKmsKeyNames: { "us-east1": "k" } },
            /replicaKmsKeyNames.*missing: us-west1/,
        ],
    ])("rejects %s before registering any resource", async (_, args, message) => {
        const { error, p } = await attempt(args);
        expect((error as Error).name).toBe("InvalidArgumentError");
        expect((error as Error).message).toMatch(message);
        expect(p.resources.filter((r) => r.custom)).toEqual([]);
    });
});

describe('GcpSecrets rotation (TechMate "Rotation: Quarterly for production secrets")', () => {
    const rotation = { periodDays: 90, firstRotation: "2027-01-04T14:00:00Z", emails: ["oncall@techmate.ai"] };

    it("schedules every secret on a rotation topic the Secret Manager agent may publish to, and alerts someone when it is due", async () => {
        const p = await plan(() => new GcpSecrets("app", { values: { DATABASE_URL: "postgres://db", JWT_SECRET: "x" }, rotation }), {
            config,
            project: "techmate",
        });
        const topic = p.one("gcp:pubsub/topic:Topic", "app-rotation");
        for (const name of ["app-database-url", "app-jwt-secret"]) {
            const secret = p.one(SECRET, name);
            // 90 days in seconds; Secret Manager needs topics to rotate.
            expect(p.inputs(SECRET, name)).toMatchObject({
                rotation: { rotationPeriod: "7776000s", nextRotationTime: "2027-01-04T14:00:00Z" },
                topics: [{ name: topic.id }],
            });
            // Secret Manager moves nextRotationTime forward itself; the publisher binding exists before the secret names the topic.
            const publisher = p.one("gcp:pubsub/topicIAMMember:TopicIAMMember", "app-rotation-publisher");
            expect(secret.dependencies).toContain(publisher.urn);
        }
        const agent = p.one("gcp:projects/serviceIdentity:ServiceIdentity", "app-secretmanager-agent");
        expect(agent.inputs).toMatchObject({ service: "secretmanager.googleapis.com" });
        expect(p.inputs("gcp:pubsub/topicIAMMember:TopicIAMMember", "app-rotation-publisher")).toMatchObject({
            role: "roles/pubsub.publisher",
        });
        const email = p.one("gcp:monitoring/notificationChannel:NotificationChannel", "app-rotation-email-1");
        expect(email.inputs).toMatchObject({ type: "email", labels: { email_address: "oncall@techmate.ai" } });
        const alert = p.inputs("gcp:monitoring/alertPolicy:AlertPolicy", "app-rotation-alert");
        expect(alert["notificationChannels"]).toEqual([(email.outputs as Record<string, unknown>)["name"]]);
        expect(alert["conditions"][0].conditionThreshold.filter).toContain(
            'metric.type = "pubsub.googleapis.com/topic/send_message_operation_count"',
        );
    });

    it("has no schedule, topic or alert without rotation", async () => {
        const p = await plan(() => new GcpSecrets("app", { values: { JWT_SECRET: "x" } }), { config });
        expect(p.inputs(SECRET, "app-jwt-secret")["rotation"]).toBeUndefined();
        expect(p.ofType("gcp:pubsub/topic:Topic")).toHaveLength(0);
    });

    it("refuses a bad period, time or nobody to tell, before any child", async () => {
        const cases: [GcpSecretsRotation, string][] = [
            [{ ...rotation, periodDays: 0 }, "rotation.periodDays"],
            [{ ...rotation, firstRotation: "next monday" }, "rotation.firstRotation"],
            [{ ...rotation, emails: [] }, "rotation.emails"],
            [{ ...rotation, emails: ["not-an-address"] }, "rotation.emails"],
        ];
        for (const [bad, key] of cases) {
            const { error, p } = await attempt({ values: { JWT_SECRET: "x" }, rotation: bad });
            expect(String(error)).toContain(key);
            expect(p.ofType(SECRET)).toHaveLength(0);
        }
    });
});
