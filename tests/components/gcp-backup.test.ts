import { register } from "node:module";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { GcpDatabaseExport, type GcpDatabaseExportArgs } from "../../components/src/backup/gcp";
import { InvalidArgumentError } from "../../components/src/core";
import { pinTag } from "../../components/src/mobile/pins";
import { type Plan, plan, planRejected } from "../support/plan";

const BUCKET = "gcp:storage/bucket:Bucket";
const BUCKET_IAM = "gcp:storage/bucketIAMMember:BucketIAMMember";
const SA_IAM = "gcp:serviceaccount/iAMMember:IAMMember";
const PROVIDER = "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider";
const SECRET = "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret";
const VARIABLE = "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable";
const FILE = "github:index/repositoryFile:RepositoryFile";

/** See tests/components/mobile.test.ts: @actions/workflow-parser imports JSON without an import attribute (Node 20). */
let parserHookRegistered = false;
async function githubParse(name: string, content: string): Promise<string[]> {
    if (!parserHookRegistered) {
        const hook = `export async function load(url, context, nextLoad) {
            if (url.startsWith("file:") && url.includes("/@actions/workflow-parser/") && url.endsWith(".json")) {
                const { readFile } = await import("node:fs/promises");
                return { format: "module", source: "export default " + (await readFile(new URL(url), "utf8")) + ";", shortCircuit: true };
            }
            return nextLoad(url, context);
        }`;
        register(`data:text/javascript,${encodeURIComponent(hook)}`);
        parserHookRegistered = true;
    }
    const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import("@actions/workflow-parser");
    const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
    const errors = result.context.errors.getErrors().map((e) => e.message);
    if (!result.value) return errors;
    const template = await convertWorkflowTemplate(result.context, result.value);
    return [...errors, ...(template.errors ?? []).map((e) => e.Message)];
}

const BASE: GcpDatabaseExportArgs = {
    connectionString: "postgresql://postgres.ref:s3cr3t-pw@aws-0-us-east-1.pooler.supabase.com:5432/postgres?sslmode=require",
    postgresVersion: 17,
    repository: "acme/app",
};
let last: GcpDatabaseExport | undefined;
const GCP = { "gcp:project": "acme-prod", "gcp:region": "us-east1" };
const exportPlan = (args: Partial<GcpDatabaseExportArgs> = {}, stack = "prod"): Promise<Plan> =>
    plan(
        () => {
            last = new GcpDatabaseExport("db-export", { ...BASE, ...args });
        },
        { stack, config: GCP },
    );

type Json = Record<string, any>;
const rules = (p: Plan): Json[] => p.inputs(BUCKET, "db-export-archive")["lifecycleRules"] as Json[];

describe("GcpDatabaseExport bucket", () => {
    it("is private (uniform access, public access prevention), versioned, soft-deleting, protected in prod", async () => {
        const p = await exportPlan();
        const bucket = p.inputs(BUCKET, "db-export-archive");
        expect(bucket).toMatchObject({
            uniformBucketLevelAccess: true,
            publicAccessPrevention: "enforced",
            versioning: { enabled: true },
            forceDestroy: false,
            storageClass: "STANDARD",
        });
        expect(bucket["softDeletePolicy"]).toEqual({ retentionDurationSeconds: 7 * 86_400 });
        // No CMEK unless asked: Google-managed encryption, and no key grant.
        expect(bucket["encryption"]).toBeUndefined();
        expect(p.ofType("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember")).toHaveLength(0);
        expect(p.one(BUCKET, "db-export-archive").protect).toBe(true);
    });

    it("is geographically distributed in prod by default (the region's multi-region), regional in dev", async () => {
        const prod = await exportPlan();
        expect(prod.inputs(BUCKET, "db-export-archive")).toMatchObject({ location: "US", rpo: "DEFAULT" });
        const dev = await exportPlan({}, "dev");
        expect(dev.inputs(BUCKET, "db-export-archive")["location"]).toBe("US-EAST1");
        // A single region takes no rpo (the provider rejects one there).
        expect(dev.inputs(BUCKET, "db-export-archive")["rpo"]).toBeUndefined();
        expect(dev.one(BUCKET, "db-export-archive").protect).toBe(false);
    });

    it("takes a dual-region with turbo replication, or a configurable one with its two regions", async () => {
        const nam4 = await exportPlan({ location: "NAM4", turboReplication: true });
        expect(nam4.inputs(BUCKET, "db-export-archive")).toMatchObject({ location: "NAM4", rpo: "ASYNC_TURBO" });
        expect(last?.location).toBe("NAM4");
        const custom = await exportPlan({ location: "US", dataLocations: ["US-EAST1", "US-CENTRAL1"] });
        expect(custom.inputs(BUCKET, "db-export-archive")["customPlacementConfig"]).toEqual({ dataLocations: ["US-EAST1", "US-CENTRAL1"] });
    });

    it("archives daily exports to the tier, deletes them at retention, keeps frequent ones short, purges old versions", async () => {
        const p = await exportPlan({
            frequentSchedule: "23 * * * *",
            retentionDays: 120,
            archiveAfterDays: 0,
            archiveStorageClass: "COLDLINE",
        });
        const r = rules(p);
        expect(r).toContainEqual({
            action: { type: "SetStorageClass", storageClass: "COLDLINE" },
            condition: { age: 0, sendAgeIfZero: true, matchesPrefixes: ["daily/"], matchesStorageClasses: ["STANDARD"] },
        });
        expect(r).toContainEqual({ action: { type: "Delete" }, condition: { age: 120, matchesPrefixes: ["daily/"] } });
        expect(r).toContainEqual({ action: { type: "Delete" }, condition: { age: 2, matchesPrefixes: ["frequent/"] } });
        expect(r).toContainEqual({ action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: 7, withState: "ARCHIVED" } });
        expect(r).toContainEqual({ action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: 1 } });
        // Without archiveAfterDays, nothing moves out of Standard.
        const plain = await exportPlan({ retentionDays: 30 });
        expect(rules(plain).filter((x) => x["action"]["type"] === "SetStorageClass")).toHaveLength(0);
    });

    it("encrypts with a customer-managed key when given, after granting the Cloud Storage service agent", async () => {
        const key = "projects/acme-prod/locations/us/keyRings/backups/cryptoKeys/exports";
        const p = await exportPlan({ kmsKeyName: key });
        expect(p.inputs(BUCKET, "db-export-archive")["encryption"]).toEqual({ defaultKmsKeyName: key });
        const grant = p.inputs("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "db-export-key-access");
        expect(grant["role"]).toBe("roles/cloudkms.cryptoKeyEncrypterDecrypter");
        expect(grant["member"]).toMatch(/^serviceAccount:service-\d+@gs-project-accounts\.iam\.gserviceaccount\.com$/);
        expect(p.one(BUCKET, "db-export-archive").dependencies.some((d) => d.endsWith("db-export-key-access"))).toBe(true);
    });
});

describe("GcpDatabaseExport identity", () => {
    it("federates GitHub's OIDC tokens of this repository only", async () => {
        const p = await exportPlan();
        const provider = p.inputs(PROVIDER, "db-export-pool-provider");
        expect(provider["oidc"]).toEqual({ issuerUri: "https://token.actions.githubusercontent.com" });
        expect(provider["attributeCondition"]).toBe("assertion.repository == 'acme/app'");
        expect(provider["attributeMapping"]["google.subject"]).toBe("assertion.sub");
        expect(p.ofType("gcp:iam/workloadIdentityPool:WorkloadIdentityPool")).toHaveLength(1);
        // An existing pool: no new one, the provider joins it.
        const shared = await exportPlan({ workloadIdentityPoolId: "github" });
        expect(shared.ofType("gcp:iam/workloadIdentityPool:WorkloadIdentityPool")).toHaveLength(0);
        expect(shared.inputs(PROVIDER, "db-export-pool-provider")["workloadIdentityPoolId"]).toBe("github");
    });

    it("lets each service account be used by one GitHub environment; export creates under the prefixes only, restore reads", async () => {
        const p = await exportPlan();
        const members = p.ofType(SA_IAM).map((r) => r.inputs as Json);
        expect(members.map((m) => m["role"])).toEqual(["roles/iam.workloadIdentityUser", "roles/iam.workloadIdentityUser"]);
        expect(members.map((m) => String(m["member"]).replace(/^.*\/subject\//, ""))).toEqual([
            "repo:acme/app:environment:db-export-prod",
            "repo:acme/app:environment:db-export-prod-restore",
        ]);
        for (const m of members)
            expect(m["member"]).toMatch(
                /^principal:\/\/iam\.googleapis\.com\/projects\/\d+\/locations\/global\/workloadIdentityPools\/[a-z0-9-]+\/subject\//,
            );

        const write = p.inputs(BUCKET_IAM, "db-export-export-access");
        expect(write["role"]).toBe("roles/storage.objectCreator");
        const bucketName = p.inputs(BUCKET, "db-export-archive")["name"] as string;
        expect(write["condition"]["expression"]).toBe(
            `resource.name.startsWith("projects/_/buckets/${bucketName}/objects/daily/") || resource.name.startsWith("projects/_/buckets/${bucketName}/objects/frequent/")`,
        );
        expect(p.inputs(BUCKET_IAM, "db-export-restore-access")["role"]).toBe("roles/storage.objectViewer");
        // No other grant: neither account may delete or administer the bucket.
        expect(p.ofType(BUCKET_IAM)).toHaveLength(2);
    });
});

describe("GcpDatabaseExport workflows", () => {
    it("sends the connection string only as an environment secret; the variables name the provider and each account", async () => {
        const p = await exportPlan();
        const secret = p.one(SECRET, "db-export-export-secret-database-url");
        expect(secret.secretInputs).toContain("plaintextValue");
        for (const r of p.resources) expect(JSON.stringify(r.inputs)).not.toContain("s3cr3t-pw");
        const vars = Object.fromEntries(
            p
                .ofType(VARIABLE)
                .map((r) => [`${(r.inputs as Json)["environment"]}:${(r.inputs as Json)["variableName"]}`, (r.inputs as Json)["value"]]),
        );
        expect(Object.keys(vars).sort()).toEqual([
            "db-export-prod-restore:DB_EXPORT_BUCKET",
            "db-export-prod-restore:DB_EXPORT_WORKLOAD_IDENTITY_PROVIDER",
            "db-export-prod-restore:DB_RESTORE_SERVICE_ACCOUNT",
            "db-export-prod:DB_EXPORT_BUCKET",
            "db-export-prod:DB_EXPORT_SERVICE_ACCOUNT",
            "db-export-prod:DB_EXPORT_WORKLOAD_IDENTITY_PROVIDER",
        ]);
        expect(vars["db-export-prod:DB_EXPORT_SERVICE_ACCOUNT"]).toMatch(/@acme-prod\.iam\.gserviceaccount\.com$/);
    });

    it("dumps, lists and uploads create-only with Workload Identity; the drill restores the newest; GitHub's parser accepts both", async () => {
        const p = await exportPlan({ frequentSchedule: "23 * * * *", restoreSchedule: "41 4 1 * *" });
        const files = last?.files ?? {};
        expect(Object.keys(files)).toEqual([".github/workflows/db-export-prod.yml", ".github/workflows/db-export-prod-restore.yml"]);
        for (const file of p.ofType(FILE)) expect(files[(file.inputs as Json)["file"] as string]).toBe((file.inputs as Json)["content"]);
        for (const [path, content] of Object.entries(files)) {
            expect(await githubParse(path, content)).toEqual([]);
            for (const uses of content.match(/uses: \S+/g) ?? []) expect(pinTag(uses.slice("uses: ".length))).toBeDefined();
        }
        const exportWf = parse(files[".github/workflows/db-export-prod.yml"]) as Json;
        expect(exportWf["on"]["schedule"]).toEqual([{ cron: "17 3 * * *" }, { cron: "23 * * * *" }]);
        const steps = exportWf["jobs"]["export"]["steps"] as Json[];
        expect(steps.map((s) => s["name"])).toEqual([
            "Dump the database",
            "Google Cloud credentials (Workload Identity Federation)",
            "Upload the dump",
        ]);
        expect(steps[0]["run"]).toContain("pg_restore --list");
        expect(steps[1]["with"]).toMatchObject({ service_account: "${{ vars.DB_EXPORT_SERVICE_ACCOUNT }}", token_format: "access_token" });
        expect(steps[2]["run"]).toContain("uploadType=media&ifGenerationMatch=0");
        expect(steps.filter((s) => JSON.stringify(s).includes("secrets.")).map((s) => s["name"])).toEqual(["Dump the database"]);

        const restore = parse(files[".github/workflows/db-export-prod-restore.yml"]) as Json;
        expect(restore["on"]["schedule"]).toEqual([{ cron: "41 4 1 * *" }]);
        const restoreSteps = restore["jobs"]["restore"]["steps"] as Json[];
        expect(restoreSteps[0]["with"]["service_account"]).toBe("${{ vars.DB_RESTORE_SERVICE_ACCOUNT }}");
        const runs = restoreSteps.map((s) => String(s["run"] ?? "")).join("\n");
        expect(runs).toContain("nextPageToken");
        expect(runs).toContain("pg_restore --dbname=restore_check --no-owner --no-privileges --exit-on-error");
        expect(JSON.stringify(restore)).not.toContain("secrets.");
    });
});

describe("GcpDatabaseExport validation", () => {
    const rejected = async (args: Partial<GcpDatabaseExportArgs>, arg: string) => {
        const { error, plan: p } = await planRejected(() => new GcpDatabaseExport("db-export", { ...BASE, ...args }), { config: GCP });
        expect(error).toBeInstanceOf(InvalidArgumentError);
        expect((error as Error).message).toContain(`\`${arg}\``);
        expect((error as Error).message).not.toContain("s3cr3t-pw");
        expect(p.resources.filter((r) => r.custom)).toHaveLength(0);
    };
    it("refuses bad locations, turbo replication outside a dual-region, and bad soft-delete windows", async () => {
        await rejected({ location: "us east4" }, "location");
        await rejected({ location: "US-EAST4", turboReplication: true }, "turboReplication");
        await rejected({ location: "US", turboReplication: true }, "turboReplication");
        await rejected({ location: "NAM4", dataLocations: ["US-EAST1", "US-CENTRAL1"] }, "dataLocations");
        await rejected({ location: "US", dataLocations: ["US-EAST1", "US-EAST1"] }, "dataLocations");
        await rejected({ softDeleteDays: 3 }, "softDeleteDays");
        await rejected({ workloadIdentityPoolId: "gcp-pool" }, "workloadIdentityPoolId");
    });
    it("refuses a retention shorter than the tier's minimum charge, and bad schedules and repositories", async () => {
        await rejected({ retentionDays: 30, archiveAfterDays: 1, archiveStorageClass: "NEARLINE" }, "retentionDays");
        await rejected({ retentionDays: 300, archiveAfterDays: 0, archiveStorageClass: "ARCHIVE" }, "retentionDays");
        await rejected({ archiveStorageClass: "COLDLINE" }, "archiveStorageClass");
        await rejected({ schedule: "hourly" }, "schedule");
        await rejected({ repository: "app" }, "repository");
    });
});
