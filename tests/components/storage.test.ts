import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../components/src/core";
import {
    AwsFileStorage,
    type AwsFileStorageArgs,
    type FileStorageCdn,
    type FileStorageTransitionClass,
} from "../../components/src/storage/aws";
import { type CapturedResource, type Plan, plan, planRejected } from "../support/plan";

const BUCKET = "aws:s3/bucket:Bucket";
const KEY = "aws:kms/key:Key";
const PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";
const VERSIONING = "aws:s3/bucketVersioning:BucketVersioning";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
const POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const CORS = "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration";
const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const COMPONENT = "appstack:storage:AwsFileStorage";

const inputsOf = (r: CapturedResource) => r.inputs as Record<string, any>;
const outputsOf = (r: CapturedResource) => r.outputs as Record<string, any>;

const storage = (stack: string, args: AwsFileStorageArgs = {}): Promise<Plan> => plan(() => new AwsFileStorage("files", args), { stack });

/** The resource of `type` whose `bucket` input comes from the bucket child named `*<bucketSuffix>`. */
function forBucket(p: Plan, type: string, bucketSuffix: string): CapturedResource {
    const bucket = p.one(BUCKET, bucketSuffix);
    const found = p.ofType(type).filter((r) => r.propertyDependencies["bucket"]?.includes(bucket.urn));
    expect(found, `${type} of ${bucketSuffix}`).toHaveLength(1);
    return found[0];
}

async function rejected(args: AwsFileStorageArgs, stack = "prod"): Promise<{ error: unknown; children: string[] }> {
    const { error, plan: p } = await planRejected(() => new AwsFileStorage("files", args), { stack });
    return { error, children: p.resources.filter((r) => r.custom).map((r) => r.name) };
}

describe("AwsFileStorage buckets", () => {
    it("makes both buckets private, owner-enforced, versioned and SSE-KMS encrypted with their own rotating keys", async () => {
        const p = await storage("prod");
        for (const [bucketSuffix, keySuffix, region] of [
            ["files-bucket", "files-key", "us-east-1"],
            ["files-replica", "files-replica-key", "us-west-2"],
        ]) {
            expect(inputsOf(forBucket(p, PAB, bucketSuffix))).toMatchObject({
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            });
            expect(inputsOf(forBucket(p, OWNERSHIP, bucketSuffix))["rule"]).toEqual({ objectOwnership: "BucketOwnerEnforced" });
            expect(inputsOf(forBucket(p, VERSIONING, bucketSuffix))["versioningConfiguration"]).toEqual({ status: "Enabled" });
            const key = p.one(KEY, keySuffix);
            expect(inputsOf(key)).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30 });
            expect(outputsOf(key)["arn"]).toMatch(new RegExp(`^arn:aws:kms:${region}:123456789012:key/`));
            expect(inputsOf(forBucket(p, SSE, bucketSuffix))["rules"]).toEqual([
                {
                    applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: outputsOf(key)["arn"] },
                    bucketKeyEnabled: true,
                },
            ]);
        }
        expect(inputsOf(p.one(BUCKET, "files-bucket"))["bucket"]).toBe("test-prod-files-files");
        expect(inputsOf(p.one(BUCKET, "files-replica"))["bucket"]).toBe("test-prod-files-files-replica");
    });

    it("creates the replica bucket, its key and every replica setting in the replica region", async () => {
        const p = await storage("prod");
        const replica = p.one(BUCKET, "files-replica");
        expect(inputsOf(replica)["region"]).toBe("us-west-2");
        expect(outputsOf(replica)["bucketRegionalDomainName"]).toBe("test-prod-files-files-replica.s3.us-west-2.amazonaws.com");
        expect(inputsOf(p.one(KEY, "files-replica-key"))["region"]).toBe("us-west-2");
        for (const type of [PAB, OWNERSHIP, VERSIONING, SSE, LIFECYCLE, POLICY])
            expect(inputsOf(forBucket(p, type, "files-replica"))["region"], type).toBe("us-west-2");
        // The source stays in the provider's region.
        expect(inputsOf(p.one(BUCKET, "files-bucket"))["region"]).toBeUndefined();
        expect(inputsOf(p.one(REPLICATION))["region"]).toBeUndefined();

        const other = await storage("prod", { replicaRegion: "eu-west-1" });
        expect(inputsOf(other.one(BUCKET, "files-replica"))["region"]).toBe("eu-west-1");
        expect(inputsOf(other.one(KEY, "files-replica-key"))["region"]).toBe("eu-west-1");
    });

    it("denies requests without TLS or below TLS 1.2 on both buckets", async () => {
        const p = await storage("prod");
        for (const bucketSuffix of ["files-bucket", "files-replica"]) {
            const arn = outputsOf(p.one(BUCKET, bucketSuffix))["arn"];
            const policy = JSON.parse(inputsOf(forBucket(p, POLICY, bucketSuffix))["policy"]);
            expect(policy.Statement).toEqual([
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [arn, `${arn}/*`],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
                {
                    Sid: "DenyTlsBelow12",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [arn, `${arn}/*`],
                    Condition: { NumericLessThan: { "s3:TlsVersion": 1.2 } },
                },
            ]);
            expect(forBucket(p, POLICY, bucketSuffix).dependencies).toContain(forBucket(p, PAB, bucketSuffix).urn);
        }
    });
});

describe("AwsFileStorage lifecycle", () => {
    const rulesOf = (p: Plan, bucketSuffix: string): any[] => inputsOf(forBucket(p, LIFECYCLE, bucketSuffix))["rules"];

    it("aborts incomplete uploads after 7 days and expires old versions per environment", async () => {
        for (const [stack, days] of Object.entries({ dev: 7, staging: 30, prod: 90 })) {
            const rules = rulesOf(await storage(stack), "files-bucket");
            expect(
                rules.find((r) => r.id === "expire-noncurrent-versions"),
                stack,
            ).toEqual({
                id: "expire-noncurrent-versions",
                status: "Enabled",
                filter: {},
                noncurrentVersionExpiration: { noncurrentDays: days },
                expiration: { expiredObjectDeleteMarker: true },
            });
            expect(rules.find((r) => r.id === "abort-incomplete-multipart-uploads")).toMatchObject({
                status: "Enabled",
                filter: {},
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            });
            expect(rules.map((r) => r.id)).toEqual(["expire-noncurrent-versions", "abort-incomplete-multipart-uploads"]);
        }
        const p = await storage("prod");
        expect(forBucket(p, LIFECYCLE, "files-bucket").dependencies).toContain(forBucket(p, VERSIONING, "files-bucket").urn);
    });

    it("transitions current objects and expires the temporary prefix when asked, on the replica too", async () => {
        const p = await storage("prod", {
            transitionAfterDays: 60,
            transitionStorageClass: "GLACIER_IR",
            temporaryPrefix: "tmp/",
            noncurrentExpireAfterDays: 14,
            abortIncompleteUploadsAfterDays: 2,
        });
        for (const bucketSuffix of ["files-bucket", "files-replica"]) {
            const rules = rulesOf(p, bucketSuffix);
            expect(rules.find((r) => r.id === "transition-current-objects")).toEqual({
                id: "transition-current-objects",
                status: "Enabled",
                filter: {},
                transitions: [{ days: 60, storageClass: "GLACIER_IR" }],
            });
            expect(rules.find((r) => r.id === "expire-temporary-uploads")).toEqual({
                id: "expire-temporary-uploads",
                status: "Enabled",
                filter: { prefix: "tmp/" },
                expiration: { days: 1 },
                noncurrentVersionExpiration: { noncurrentDays: 1 },
            });
            expect(rules.find((r) => r.id === "expire-noncurrent-versions").noncurrentVersionExpiration).toEqual({ noncurrentDays: 14 });
            expect(rules.find((r) => r.id === "abort-incomplete-multipart-uploads").abortIncompleteMultipartUpload).toEqual({
                daysAfterInitiation: 2,
            });
        }
        const ia = rulesOf(
            await storage("dev", { transitionAfterDays: 30, temporaryPrefix: "uploads/tmp/", temporaryExpireAfterDays: 3 }),
            "files-bucket",
        );
        expect(ia.find((r) => r.id === "transition-current-objects").transitions).toEqual([{ days: 30, storageClass: "STANDARD_IA" }]);
        expect(ia.find((r) => r.id === "expire-temporary-uploads")).toMatchObject({
            filter: { prefix: "uploads/tmp/" },
            expiration: { days: 3 },
        });
    });
});

describe("AwsFileStorage replication", () => {
    it("replicates everything with delete markers and KMS objects to the replica, re-encrypted with the replica key", async () => {
        const p = await storage("prod");
        const config = p.one(REPLICATION);
        const source = p.one(BUCKET, "files-bucket");
        const replica = p.one(BUCKET, "files-replica");
        const role = p.one(ROLE);
        expect(config.name).toBe("files-replication");
        expect(inputsOf(config)["bucket"]).toBe(source.id);
        expect(inputsOf(config)["role"]).toBe(outputsOf(role)["arn"]);
        expect(inputsOf(config)["rules"]).toEqual([
            {
                id: "replicate-everything",
                status: "Enabled",
                priority: 1,
                filter: {},
                deleteMarkerReplication: { status: "Enabled" },
                sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                destination: {
                    bucket: outputsOf(replica)["arn"],
                    storageClass: "STANDARD",
                    encryptionConfiguration: { replicaKmsKeyId: outputsOf(p.one(KEY, "files-replica-key"))["arn"] },
                },
            },
        ]);
        // Versioning on both sides (and the role's permissions) exist before the rule.
        for (const dep of [forBucket(p, VERSIONING, "files-bucket"), forBucket(p, VERSIONING, "files-replica"), p.one(ROLE_POLICY)]) {
            expect(config.dependencies).toContain(dep.urn);
        }
        expect(outputsOf(p.one(COMPONENT))).toMatchObject({
            replicaRegion: "us-west-2",
            replicaBucketName: "test-prod-files-files-replica",
            replicaBucketArn: outputsOf(replica)["arn"],
            replicaKmsKeyArn: outputsOf(p.one(KEY, "files-replica-key"))["arn"],
            replicationRoleArn: outputsOf(role)["arn"],
        });
    });

    it("adds Replication Time Control with metrics and a cheaper replica class when asked", async () => {
        const p = await storage("prod", { replicationTimeControl: true, replicaStorageClass: "STANDARD_IA" });
        expect(inputsOf(p.one(REPLICATION))["rules"][0]["destination"]).toMatchObject({
            storageClass: "STANDARD_IA",
            replicationTime: { status: "Enabled", time: { minutes: 15 } },
            metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
        });
    });

    it("lets S3 assume a role that only reads the source, replicates into the replica and uses the two keys", async () => {
        const p = await storage("prod");
        const trust = JSON.parse(inputsOf(p.one(ROLE))["assumeRolePolicy"]);
        const sourceArn = outputsOf(p.one(BUCKET, "files-bucket"))["arn"];
        const replicaArn = outputsOf(p.one(BUCKET, "files-replica"))["arn"];
        expect(trust.Statement).toEqual([
            {
                Effect: "Allow",
                Principal: { Service: "s3.amazonaws.com" },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": sourceArn } },
            },
        ]);
        expect(inputsOf(p.one(ROLE))["name"]).toBe("test-prod-files-s3-replication");
        const rolePolicy = p.one(ROLE_POLICY);
        expect(inputsOf(rolePolicy)["role"]).toBe(outputsOf(p.one(ROLE))["name"]);
        const statements: any[] = JSON.parse(inputsOf(rolePolicy)["policy"]).Statement;
        const bySid = Object.fromEntries(statements.map((s) => [s.Sid, s]));
        expect(bySid["ReadSourceConfiguration"]).toMatchObject({
            Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
            Resource: sourceArn,
        });
        expect(bySid["ReadSourceVersions"]).toMatchObject({
            Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
            Resource: `${sourceArn}/*`,
        });
        expect(bySid["WriteReplica"]).toMatchObject({
            Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
            Resource: `${replicaArn}/*`,
        });
        expect(bySid["DecryptSource"]).toEqual({
            Sid: "DecryptSource",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: outputsOf(p.one(KEY, "files-key"))["arn"],
            Condition: {
                StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
                StringLike: { "kms:EncryptionContext:aws:s3:arn": [sourceArn, `${sourceArn}/*`] },
            },
        });
        expect(bySid["EncryptReplica"]).toEqual({
            Sid: "EncryptReplica",
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:GenerateDataKey"],
            Resource: outputsOf(p.one(KEY, "files-replica-key"))["arn"],
            Condition: {
                StringEquals: { "kms:ViaService": "s3.us-west-2.amazonaws.com" },
                StringLike: { "kms:EncryptionContext:aws:s3:arn": [replicaArn, `${replicaArn}/*`] },
            },
        });
        expect(statements).toHaveLength(5);
        // Nothing in it is a wildcard resource or a write to the source.
        for (const s of statements) {
            expect(s.Resource).not.toBe("*");
            expect(JSON.stringify(s.Action)).not.toMatch(/s3:PutObject|s3:DeleteObject|s3:\*|kms:\*/);
        }
    });

    it("is off in dev and staging (no replica, role or rule) and can be turned on or off by arg", async () => {
        for (const stack of ["dev", "staging"]) {
            const p = await storage(stack);
            expect(
                p.ofType(BUCKET).map((r) => r.name),
                stack,
            ).toEqual(["files-bucket"]);
            expect(p.ofType(KEY).map((r) => r.name)).toEqual(["files-key"]);
            expect(p.ofType(REPLICATION)).toHaveLength(0);
            expect(p.ofType(ROLE)).toHaveLength(0);
            expect(outputsOf(p.one(COMPONENT))["replicaBucketArn"]).toBeUndefined();
        }
        // replicaRegion alone does not turn replication on outside prod.
        expect((await storage("dev", { replicaRegion: "eu-west-1" })).ofType(REPLICATION)).toHaveLength(0);
        const on = await storage("dev", { replication: true, replicaRegion: "eu-west-1" });
        expect(inputsOf(on.one(BUCKET, "files-replica"))["region"]).toBe("eu-west-1");
        expect(on.ofType(REPLICATION)).toHaveLength(1);
        const off = await storage("prod", { replication: false });
        expect(off.ofType(BUCKET)).toHaveLength(1);
        expect(off.ofType(REPLICATION)).toHaveLength(0);
    });
});

describe("AwsFileStorage protection, CORS and grants", () => {
    it("protects and retains buckets and keys in staging and prod, not in dev", async () => {
        for (const [stack, expected] of Object.entries({ dev: false, staging: true, prod: true })) {
            const p = await storage(stack, { replication: true });
            const stateful = [...p.ofType(BUCKET), ...p.ofType(KEY)];
            expect(stateful).toHaveLength(4);
            for (const r of stateful) expect([r.protect, r.retainOnDelete], `${stack} ${r.name}`).toEqual([expected, expected]);
            // Configuration children are not protected: they can be replaced freely.
            expect(p.one(REPLICATION).protect).toBe(false);
        }
        const p = await storage("prod", { protect: false, retainOnDelete: false });
        for (const r of [...p.ofType(BUCKET), ...p.ofType(KEY)]) expect([r.protect, r.retainOnDelete]).toEqual([false, false]);
    });

    it("allows browser uploads from the configured origins only", async () => {
        expect((await storage("prod")).ofType(CORS)).toHaveLength(0);
        const p = await storage("prod", { corsOrigins: ["https://charterflow.app", "https://www.charterflow.app"] });
        const cors = forBucket(p, CORS, "files-bucket");
        expect(inputsOf(cors)["corsRules"]).toEqual([
            {
                id: "browser-uploads",
                allowedOrigins: ["https://charterflow.app", "https://www.charterflow.app"],
                allowedMethods: ["GET", "HEAD", "PUT", "POST"],
                allowedHeaders: ["*"],
                exposeHeaders: ["ETag", "x-amz-version-id"],
                maxAgeSeconds: 3600,
            },
        ]);
        const dev = await storage("dev", { corsOrigins: ["http://localhost:3000"], corsMethods: ["GET", "PUT"], corsMaxAgeSeconds: 600 });
        expect(inputsOf(dev.one(CORS))["corsRules"][0]).toMatchObject({
            allowedOrigins: ["http://localhost:3000"],
            allowedMethods: ["GET", "PUT"],
            maxAgeSeconds: 600,
        });
    });

    it("exposes read-write and read-only policy documents scoped to the bucket and its key through S3", async () => {
        let component: AwsFileStorage | undefined;
        const p = await plan(() => {
            component = new AwsFileStorage("files", {});
        });
        const out = outputsOf(p.one(COMPONENT));
        const bucketArn = outputsOf(p.one(BUCKET, "files-bucket"))["arn"];
        const keyArn = outputsOf(p.one(KEY, "files-key"))["arn"];
        expect(out).toMatchObject({
            bucketName: "test-prod-files-files",
            bucketArn,
            kmsKeyArn: keyArn,
            bucketRegionalDomainName: "test-prod-files-files.s3.us-east-1.amazonaws.com",
        });

        const rw = JSON.parse(out["readWritePolicy"]);
        expect(rw.Version).toBe("2012-10-17");
        expect(rw.Statement).toEqual([
            {
                Sid: "ListFiles",
                Effect: "Allow",
                Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
                Resource: bucketArn,
            },
            {
                Sid: "ReadWriteFiles",
                Effect: "Allow",
                Action: [
                    "s3:GetObject",
                    "s3:GetObjectVersion",
                    "s3:GetObjectTagging",
                    "s3:PutObject",
                    "s3:PutObjectTagging",
                    "s3:DeleteObject",
                    "s3:AbortMultipartUpload",
                    "s3:ListMultipartUploadParts",
                ],
                Resource: `${bucketArn}/*`,
            },
            {
                Sid: "UseFilesKey",
                Effect: "Allow",
                Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                Resource: keyArn,
                Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
            },
        ]);
        // Old versions stay recoverable: the grant cannot delete versions or change the bucket.
        expect(JSON.stringify(rw)).not.toMatch(/DeleteObjectVersion|PutBucket|s3:\*|kms:\*/);

        const ro = JSON.parse(out["readOnlyPolicy"]);
        const actions = ro.Statement.flatMap((s: any) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
        expect(actions).toEqual([
            "s3:ListBucket",
            "s3:GetBucketLocation",
            "s3:GetObject",
            "s3:GetObjectVersion",
            "s3:GetObjectTagging",
            "kms:Decrypt",
        ]);
        expect(ro.Statement.map((s: any) => s.Resource)).toEqual([bucketArn, `${bucketArn}/*`, keyArn]);

        const policy = await new Promise<string>((resolve) => component!.readWritePolicy.apply(resolve));
        expect(JSON.parse(policy)).toEqual(rw);
    });

    it("applies per-child transforms", async () => {
        const p = await storage("prod", {
            transform: { bucket: { forceDestroy: true }, replication: (args) => ({ args: { ...args, token: "lock-token" } }) },
        });
        expect(inputsOf(p.one(BUCKET, "files-bucket"))["forceDestroy"]).toBe(true);
        expect(inputsOf(p.one(BUCKET, "files-replica"))["forceDestroy"]).toBeUndefined();
        // The provider marks the Object Lock token secret.
        expect(p.one(REPLICATION).secretInputs).toContain("token");
    });

    it("keeps child names stable", async () => {
        const p = await storage("prod", { corsOrigins: ["https://charterflow.app"] });
        expect(
            p.resources
                .filter((r) => r.custom)
                .map((r) => r.name)
                .sort(),
        ).toEqual(
            [
                "files-bucket",
                "files-cors",
                "files-encryption",
                "files-key",
                "files-lifecycle",
                "files-ownership",
                "files-policy",
                "files-public-access-block",
                "files-replica",
                "files-replica-encryption",
                "files-replica-key",
                "files-replica-lifecycle",
                "files-replica-ownership",
                "files-replica-policy",
                "files-replica-public-access-block",
                "files-replica-versioning",
                "files-replication",
                "files-replication-role",
                "files-replication-role-policy",
                "files-versioning",
            ].sort(),
        );
    });

    it("rejects invalid args before any child registers", async () => {
        const cases: [AwsFileStorageArgs, string, string?][] = [
            [{ replicaRegion: "us-east-1" }, "`replicaRegion`"],
            [{ replicaRegion: "mars-1" }, "`replicaRegion`"],
            [{ noncurrentExpireAfterDays: 0 }, "`noncurrentExpireAfterDays`"],
            [{ abortIncompleteUploadsAfterDays: 0 }, "`abortIncompleteUploadsAfterDays`"],
            [{ transitionAfterDays: 10 }, "`transitionAfterDays`"],
            [{ transitionStorageClass: "GLACIER_IR" }, "`transitionStorageClass`"],
            [{ transitionAfterDays: 40, transitionStorageClass: "DEEP_ARCHIVE" as FileStorageTransitionClass }, "`transitionStorageClass`"],
            [{ temporaryPrefix: "/tmp/" }, "`temporaryPrefix`"],
            [{ temporaryExpireAfterDays: 2 }, "`temporaryExpireAfterDays`"],
            [{ corsOrigins: ["*"] }, "`corsOrigins`"],
            [{ corsOrigins: ["https://charterflow.app/"] }, "`corsOrigins`"],
            [{ corsOrigins: ["http://charterflow.app"] }, "`corsOrigins`"],
            [{ corsMethods: [] }, "`corsMethods`"],
            [{ replicaStorageClass: "DEEP_ARCHIVE" as "STANDARD" }, "`replicaStorageClass`"],
            [{ replication: true }, "`replicaRegion`", "eu-south-2"],
        ];
        for (const [args, message, region] of cases) {
            let error: unknown;
            let children: string[];
            if (region === undefined) {
                ({ error, children } = await rejected(args));
            } else {
                // A stack region with no default pair needs an explicit replicaRegion.
                const p = await plan(
                    () => {
                        try {
                            new AwsFileStorage("files", args);
                        } catch (err) {
                            error = err;
                        }
                    },
                    { stack: "prod", region, config: { "aws:region": region } },
                );
                children = p.resources.filter((r) => r.custom).map((r) => r.name);
            }
            expect(error, JSON.stringify(args)).toBeInstanceOf(InvalidArgumentError);
            expect((error as Error).message).toContain(message);
            expect(children).toEqual([]);
        }
    });
});

describe('AwsFileStorage cdn (CharterFlow §3.4 "CDN: CloudFront for file delivery")', () => {
    // A throw-away RSA 2048 public key (openssl genpkey; the private half was deleted).
    const PEM = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqqWNJWSCQYgUnTN6EJS+
+we0Khyv+/T4nrfMolVa57yqGSi9n2CbkX3yAdrDH3cnMiwfCt0495SqTtjkizfv
f/uDsA1qKFCZ34Ywg5PUj9HHhnB2Qc4ir9yH9xXQ9ZVoiAJuwFcUQZ/Nv65o1oSC
IoptBaIb3nUEvnxCu6Yb01b6ybWccq2gsdDjGcEn3Tgm7ZLZU9U5ZzmNXKCeM4Ur
mbNGbbzt0/fDGpiN6Iv0c6h4oefUAh91ttwBbnil1QZ5a7iSVGzqgWxvBC+JP56+
8a4iTEeh+MZPAXc3b/9DAW8k2rUlzIkfbBRKlvK/9J7JCgd9TcQMrqhOv+BmT9hX
NwIDAQAB
-----END PUBLIC KEY-----`;
    const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
    const domain = { name: "files.example.com", hostedZoneId: "Z0123456789ABC" };
    const webAcl = { webAclArn: pulumi.output("arn:aws:wafv2:us-east-1:123456789012:global/webacl/files/1"), scope: "CLOUDFRONT" as const };

    it("reads the bucket through OAC: only this distribution may GetObject and decrypt, and only signed URLs are served", async () => {
        const p = await storage("prod", { cdn: { domain, webAcl, signingPublicKeys: [PEM], minimumProtocolVersion: "TLSv1.3_2025" } });
        const dist = p.one(DISTRIBUTION, "files-distribution");
        const d = inputsOf(dist);
        const oac = p.one("aws:cloudfront/originAccessControl:OriginAccessControl", "files-oac");
        expect(inputsOf(oac)).toMatchObject({ originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv4" });
        expect(d["origins"]).toHaveLength(1);
        expect(d["origins"][0]["originAccessControlId"]).toBe(oac.id);
        expect(d["origins"][0]["domainName"]).toBe(outputsOf(p.one(BUCKET, "files-bucket"))["bucketRegionalDomainName"]);
        // Downloads only: uploads stay presigned PUT/POST to S3.
        expect(d["defaultCacheBehavior"]).toMatchObject({
            viewerProtocolPolicy: "redirect-to-https",
            allowedMethods: ["GET", "HEAD", "OPTIONS"],
        });
        const group = p.one("aws:cloudfront/keyGroup:KeyGroup", "files-key-group");
        const key = p.one("aws:cloudfront/publicKey:PublicKey", "files-signing-key-1");
        expect(inputsOf(key)["encodedKey"]).toBe(`${PEM}\n`);
        expect(inputsOf(group)["items"]).toEqual([key.id]);
        expect(d["defaultCacheBehavior"]["trustedKeyGroups"]).toEqual([group.id]);
        expect(d["aliases"]).toEqual(["files.example.com"]);
        expect(d["viewerCertificate"]).toMatchObject({ sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.3_2025" });
        expect(d["webAclId"]).toBe("arn:aws:wafv2:us-east-1:123456789012:global/webacl/files/1");
        expect(d["priceClass"]).toBe("PriceClass_All");

        const policy = JSON.parse(inputsOf(forBucket(p, POLICY, "files-bucket"))["policy"]);
        const read = policy.Statement.find((s: any) => s.Sid === "ThisDistributionReads");
        expect(read).toMatchObject({
            Effect: "Allow",
            Principal: { Service: "cloudfront.amazonaws.com" },
            Action: "s3:GetObject",
            Condition: { StringEquals: { "AWS:SourceArn": outputsOf(dist)["arn"] } },
        });
        const keyPolicy = JSON.parse(inputsOf(p.one(KEY, "files-key"))["policy"]);
        expect(keyPolicy.Statement.find((s: any) => s.Sid === "ThisDistributionDecrypts")).toMatchObject({
            Action: "kms:Decrypt",
            Condition: { StringEquals: { "AWS:SourceArn": outputsOf(dist)["arn"] } },
        });
        // The replica is not behind the distribution.
        const replicaPolicy = JSON.parse(inputsOf(forBucket(p, POLICY, "files-replica"))["policy"]);
        expect(replicaPolicy.Statement.map((s: any) => s.Sid)).not.toContain("ThisDistributionReads");
        expect(p.ofType("aws:route53/record:Record").map((r) => r.name)).toEqual(
            expect.arrayContaining(["files-alias-a-files.example.com", "files-alias-aaaa-files.example.com"]),
        );
    });

    it("gives linked services the CDN URL and the key pair id to sign with", async () => {
        const p = await plan(
            () => {
                const files = new AwsFileStorage("files", { cdn: { domain, signingPublicKeys: [PEM] } });
                const link = files.link("read");
                expect(Object.keys(link.env ?? {})).toEqual(["S3_BUCKET", "FILES_CDN_URL", "CLOUDFRONT_KEY_PAIR_ID"]);
                return files;
            },
            { stack: "staging" },
        );
        expect(p.ofType(DISTRIBUTION)).toHaveLength(1);
    });

    it("has no distribution without cdn", async () => {
        const p = await storage("prod");
        expect(p.ofType(DISTRIBUTION)).toHaveLength(0);
        expect(p.ofType("aws:cloudfront/keyGroup:KeyGroup")).toHaveLength(0);
    });

    it("refuses unsigned private files, bad keys and a missing domain outside dev, before any child", async () => {
        const cases: [FileStorageCdn, string, string][] = [
            [{ domain }, "cdn.signingPublicKeys", "prod"],
            [{ domain, signingPublicKeys: ["ssh-rsa AAAA"] }, "cdn.signingPublicKeys[0]", "prod"],
            [{ domain, publicRead: true, signingPublicKeys: [PEM] }, "cdn.signingPublicKeys", "prod"],
            [{ signingPublicKeys: [PEM] }, "cdn.domain", "staging"],
            [{ domain, signingPublicKeys: [PEM], webAcl: { ...webAcl, scope: "REGIONAL" } }, "cdn.webAcl", "prod"],
        ];
        for (const [cdn, key, stack] of cases) {
            const { error, children } = await rejected({ cdn }, stack);
            expect(error).toBeInstanceOf(InvalidArgumentError);
            expect(String(error)).toContain(key);
            expect(children).toEqual([]);
        }
    });
});
