import { register } from "node:module";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { AwsDatabaseExport, type AwsDatabaseExportArgs } from "../../components/src/backup/aws";
import { InvalidArgumentError } from "../../components/src/core";
import { pinTag } from "../../components/src/mobile/pins";
import { type Plan, plan, planRejected } from "../support/plan";

const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const SECRET = "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret";
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

const BASE: AwsDatabaseExportArgs = {
    connectionString: "postgresql://postgres.ref:s3cr3t-pw@aws-0-us-east-1.pooler.supabase.com:5432/postgres?sslmode=require",
    postgresVersion: 17,
    repository: "acme/app",
};
let last: AwsDatabaseExport | undefined;
const exportPlan = (args: Partial<AwsDatabaseExportArgs> = {}, stack = "prod"): Promise<Plan> =>
    plan(
        () => {
            last = new AwsDatabaseExport("db-export", { ...BASE, ...args });
        },
        { stack },
    );

type Json = Record<string, any>;
const policyOf = (p: Plan, suffix: string): Json => JSON.parse(p.inputs(ROLE_POLICY, suffix)["policy"]) as Json;
const trustOf = (p: Plan, suffix: string): Json => JSON.parse(p.inputs(ROLE, suffix)["assumeRolePolicy"]) as Json;
const rulesOf = (p: Plan, suffix: string): Json[] => p.inputs(LIFECYCLE, suffix)["rules"] as Json[];

describe("AwsDatabaseExport bucket", () => {
    it("archives daily exports, expires them, and keeps frequent ones short in Standard, in the bucket and its replica", async () => {
        const p = await exportPlan({
            frequentSchedule: "23 * * * *",
            retentionDays: 90,
            archiveAfterDays: 0,
            archiveStorageClass: "GLACIER_IR",
        });
        for (const lifecycle of ["db-export-archive-lifecycle", "db-export-archive-replica-lifecycle"]) {
            const rules = rulesOf(p, lifecycle);
            const daily = rules.find((r) => r["id"] === "daily-exports");
            expect(daily).toMatchObject({
                status: "Enabled",
                filter: { prefix: "daily/" },
                transitions: [{ days: 0, storageClass: "GLACIER_IR" }],
                expiration: { days: 90 },
            });
            const frequent = rules.find((r) => r["id"] === "frequent-exports");
            expect(frequent).toMatchObject({ filter: { prefix: "frequent/" }, expiration: { days: 2 } });
            expect(frequent?.["transitions"]).toBeUndefined();
            // AwsFileStorage's own rules stay: old versions purged, incomplete uploads aborted.
            expect(rules.find((r) => r["id"] === "expire-noncurrent-versions")?.["noncurrentVersionExpiration"]).toEqual({
                noncurrentDays: 7,
            });
            expect(rules.find((r) => r["id"] === "abort-incomplete-multipart-uploads")).toBeDefined();
        }
    });

    it("is KMS-encrypted, versioned and private, with its replica in the paired region in prod and none in dev", async () => {
        const prod = await exportPlan();
        const encryption = prod.inputs(
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "db-export-archive-encryption",
        );
        expect(encryption["rules"][0]["applyServerSideEncryptionByDefault"]["sseAlgorithm"]).toBe("aws:kms");
        expect(prod.inputs("aws:kms/key:Key", "db-export-archive-key")["enableKeyRotation"]).toBe(true);
        expect(prod.inputs("aws:s3/bucketVersioning:BucketVersioning", "db-export-archive-versioning")["versioningConfiguration"]).toEqual({
            status: "Enabled",
        });
        expect(
            prod.inputs("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "db-export-archive-public-access-block"),
        ).toMatchObject({ blockPublicPolicy: true, restrictPublicBuckets: true });
        expect(prod.inputs("aws:s3/bucket:Bucket", "db-export-archive-replica")["region"]).toBe("us-west-2");
        expect(last?.replicaRegion).toBe("us-west-2");
        expect(prod.one("aws:s3/bucket:Bucket", "db-export-archive-bucket").protect).toBe(true);

        const dev = await exportPlan({}, "dev");
        expect(dev.ofType("aws:s3/bucket:Bucket").map((b) => b.name)).toEqual(["db-export-archive-bucket"]);
        expect(rulesOf(dev, "db-export-archive-lifecycle").find((r) => r["id"] === "daily-exports")?.["expiration"]).toEqual({ days: 7 });
        const replica = await exportPlan({ replicaRegion: "eu-central-1" });
        expect(replica.inputs("aws:s3/bucket:Bucket", "db-export-archive-replica")["region"]).toBe("eu-central-1");
    });
});

describe("AwsDatabaseExport IAM", () => {
    it("lets the export role only put objects under the export prefixes, trusted by one GitHub environment", async () => {
        const p = await exportPlan();
        const statements = policyOf(p, "db-export-export-role-policy")["Statement"] as Json[];
        const actions = statements.flatMap((s) => [s["Action"]].flat());
        expect(actions.filter((a: string) => a.startsWith("s3:"))).toEqual(["s3:PutObject"]);
        expect(statements[0]["Resource"]).toEqual([expect.stringMatching(/\/daily\/\*$/), expect.stringMatching(/\/frequent\/\*$/)]);
        expect(actions).not.toContain("s3:DeleteObject");
        expect(actions).not.toContain("s3:GetObject");
        const trust = trustOf(p, "db-export-export-role")["Statement"][0] as Json;
        expect(trust["Action"]).toBe("sts:AssumeRoleWithWebIdentity");
        expect(trust["Condition"]["StringEquals"]).toEqual({
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": "repo:acme/app:environment:db-export-prod",
        });
    });

    it("lets the restore role only list and read, trusted by the restore environment", async () => {
        const p = await exportPlan();
        const actions = (policyOf(p, "db-export-restore-role-policy")["Statement"] as Json[]).flatMap((s) => [s["Action"]].flat());
        expect(actions.sort()).toEqual(["kms:Decrypt", "s3:GetObject", "s3:ListBucket"]);
        expect(
            trustOf(p, "db-export-restore-role")["Statement"][0]["Condition"]["StringEquals"]["token.actions.githubusercontent.com:sub"],
        ).toBe("repo:acme/app:environment:db-export-prod-restore");
    });

    it("creates the account's GitHub OIDC provider unless one is given", async () => {
        expect((await exportPlan()).inputs("aws:iam/openIdConnectProvider:OpenIdConnectProvider")).toMatchObject({
            url: "https://token.actions.githubusercontent.com",
            clientIdLists: ["sts.amazonaws.com"],
        });
        const reused = await exportPlan({
            githubOidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
        });
        expect(reused.ofType("aws:iam/openIdConnectProvider:OpenIdConnectProvider")).toHaveLength(0);
    });
});

describe("AwsDatabaseExport GitHub side", () => {
    it("sends the connection string only as a secret environment secret, never in a workflow", async () => {
        const p = await exportPlan();
        const secret = p.one(SECRET, "db-export-export-secret-database-url");
        expect(secret.secretInputs).toContain("plaintextValue");
        expect(JSON.stringify(secret.inputs)).not.toContain("s3cr3t-pw");
        expect(secret.inputs).toMatchObject({ secretName: "DATABASE_URL", environment: "db-export-prod" });
        for (const file of p.ofType(FILE)) expect(JSON.stringify(file.inputs)).not.toContain("s3cr3t-pw");
        // Environments admit the commit branch only.
        expect(
            p
                .ofType("github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy")
                .map((r) => (r.inputs as Json)["branchPattern"]),
        ).toEqual(["main", "main"]);
    });

    it("commits an export workflow on its schedules and a restore drill, both accepted by GitHub's parser, actions pinned", async () => {
        const p = await exportPlan({ frequentSchedule: "23 * * * *", schedule: "17 3 * * *", restoreSchedule: "41 4 * * 1" });
        const files = last?.files ?? {};
        expect(Object.keys(files)).toEqual([".github/workflows/db-export-prod.yml", ".github/workflows/db-export-prod-restore.yml"]);
        for (const file of p.ofType(FILE)) expect(files[(file.inputs as Json)["file"] as string]).toBe((file.inputs as Json)["content"]);
        for (const [path, content] of Object.entries(files)) {
            expect(await githubParse(path, content)).toEqual([]);
            for (const uses of content.match(/uses: \S+/g) ?? []) expect(pinTag(uses.slice("uses: ".length))).toBeDefined();
        }
        const exportWf = parse(files[".github/workflows/db-export-prod.yml"]) as Json;
        expect(exportWf["on"]["schedule"]).toEqual([{ cron: "17 3 * * *" }, { cron: "23 * * * *" }]);
        const job = exportWf["jobs"]["export"] as Json;
        expect(job["environment"]).toBe("db-export-prod");
        expect(job["permissions"]).toEqual({ contents: "read", "id-token": "write" });
        const steps = job["steps"] as Json[];
        // The secret is in the dump step's env only, and the dump is checked before upload.
        expect(steps.filter((s) => JSON.stringify(s).includes("secrets.")).map((s) => s["name"])).toEqual(["Dump the database"]);
        expect(steps[0]["run"]).toContain("pg_dump --format=custom");
        expect(steps[0]["run"]).toContain("pg_restore --list");
        expect(steps[0]["env"]["PG_IMAGE"]).toBe("postgres:17");

        const restore = parse(files[".github/workflows/db-export-prod-restore.yml"]) as Json;
        expect(restore["on"]).toEqual({ schedule: [{ cron: "41 4 * * 1" }], workflow_dispatch: {} });
        const restoreJob = restore["jobs"]["restore"] as Json;
        expect(restoreJob["services"]["postgres"]["image"]).toBe("postgres:17");
        const runs = (restoreJob["steps"] as Json[]).map((s) => String(s["run"] ?? "")).join("\n");
        expect(runs).toContain("pg_restore --dbname=restore_check --no-owner --no-privileges --exit-on-error");
        expect(runs).toContain('[ "$result" != "t" ]');
        expect(JSON.stringify(restoreJob)).not.toContain("secrets.");
    });
});

describe("AwsDatabaseExport validation", () => {
    const rejected = async (args: Partial<AwsDatabaseExportArgs>, arg: string) => {
        const { error, plan: p } = await planRejected(() => new AwsDatabaseExport("db-export", { ...BASE, ...args }));
        expect(error).toBeInstanceOf(InvalidArgumentError);
        expect((error as Error).message).toContain(`\`${arg}\``);
        expect((error as Error).message).not.toContain("s3cr3t-pw");
        expect(p.resources.filter((r) => r.custom)).toHaveLength(0);
    };
    it("refuses bad schedules, repositories and schemas before registering anything", async () => {
        await rejected({ schedule: "every hour" }, "schedule");
        await rejected({ frequentSchedule: "17 3 * * *" }, "frequentSchedule");
        await rejected({ repository: "app" }, "repository");
        await rejected({ schemas: ["public; rm -rf /"] }, "schemas");
        await rejected({ postgresVersion: 9 }, "postgresVersion");
    });
    it("refuses a retention shorter than the archive tier's minimum charge, and tiers the drill cannot read", async () => {
        await rejected({ retentionDays: 30, archiveAfterDays: 0, archiveStorageClass: "GLACIER_IR" }, "retentionDays");
        await rejected({ retentionDays: 365, archiveAfterDays: 1, archiveStorageClass: "DEEP_ARCHIVE" }, "archiveAfterDays");
        await rejected({ retentionDays: 90, archiveAfterDays: 10, archiveStorageClass: "STANDARD_IA" }, "archiveAfterDays");
    });
});
