// The last rule families of issue 10 (policies/rules/families-rest.ts), judged one policy at a time. Cases follow the
// peers' own tests (read 2026-12-06): prowler tests/providers/aws/services/opensearch/
// opensearch_service_domains_not_publicly_accessible/*_test.py (policy_data_restricted, _not_restricted, _not_restricted
// _principal, _source_ip_full, trusted-IP partial match), checkov checkov/terraform/checks/resource/gcp/
// GCPCloudRunPrivateService.py (CKV_GCP_102) and CloudFunctionsShouldNotBePublic.py (CKV_GCP_107), checkov
// tests/terraform/checks/resource/aws/example_MemoryDBSnapshotEncryptionWithCMK (snapshot_retention_limit = 7), prowler
// cloudstorage_bucket_sufficient_retention_period (90 days). Provider defaults: @pulumi/aws 7.48 memorydb/cluster.d.ts
// (snapshotRetentionLimit "Defaults to `0`", finalSnapshotName "If omitted, no final snapshot will be made").
import { describe, expect, it } from "vitest";
import { AWS, GCP } from "../../policies/rules/resource-types";
import { type FakeResource, validateResource, validateStack } from "./harness";

const ACCOUNT = "123456789012";

describe("rpo-memorydb-snapshots", () => {
    const cluster = (props: Record<string, unknown>): FakeResource => ({
        type: AWS.memorydbCluster,
        name: "store",
        props: { aclName: "app", nodeType: "db.t4g.small", numShards: 2, ...props },
    });
    const run = (props: Record<string, unknown>, config = {}) => validateResource("rpo-memorydb-snapshots", cluster(props), config);

    it("passes the peer's compliant cluster (snapshot_retention_limit = 7) with a final snapshot name", async () => {
        expect(await run({ snapshotRetentionLimit: 7, finalSnapshotName: "store-final" })).toEqual([]);
    });
    it("fails a cluster left at the provider's default (0: no automatic snapshot) and says it is the default", async () => {
        const v = await run({ finalSnapshotName: "store-final" });
        expect(v).toHaveLength(1);
        expect(v[0].message).toMatch(/snapshotRetentionLimit is unset \(MemoryDB's default: 0/);
    });
    it("fails a cluster deleted without a final snapshot, and turns both checks off in dev", async () => {
        expect((await run({ snapshotRetentionLimit: 7 }))[0].message).toMatch(/finalSnapshotName is unset/);
        expect(await run({}, { minSnapshotRetentionDays: 0, requireFinalSnapshot: false })).toEqual([]);
    });
    it("judges no other type (ElastiCache Serverless is rpo-cache-snapshot-retention's)", async () => {
        expect(
            await validateResource("rpo-memorydb-snapshots", { type: AWS.elasticacheServerless, name: "c", props: { engine: "valkey" } }),
        ).toEqual([]);
    });
});

describe("ElastiCache Serverless snapshots (rpo-cache-snapshot-retention, rpo-cache-snapshot-frequency)", () => {
    const serverless = (props: Record<string, unknown>): FakeResource => ({
        type: AWS.elasticacheServerless,
        name: "cache",
        props: { engine: "valkey", ...props },
    });
    it("reads an unset snapshotRetentionLimit as no snapshot, and dailySnapshotTime does not change it", async () => {
        expect(
            await validateResource("rpo-cache-snapshot-retention", serverless({ dailySnapshotTime: "03:00" }), {
                minSnapshotRetentionDays: 1,
            }),
        ).toHaveLength(1);
        expect(
            await validateResource("rpo-cache-snapshot-retention", serverless({ snapshotRetentionLimit: 7, dailySnapshotTime: "03:00" }), {
                minSnapshotRetentionDays: 1,
            }),
        ).toEqual([]);
    });
    it("a daily snapshot, at whatever dailySnapshotTime, cannot meet a 1 h RPO (advisory rule)", async () => {
        expect(
            await validateResource("rpo-cache-snapshot-frequency", serverless({ snapshotRetentionLimit: 7, dailySnapshotTime: "03:00" }), {
                rpoHours: 1,
            }),
        ).toHaveLength(1);
        expect(await validateResource("rpo-cache-snapshot-frequency", serverless({ engine: "memcached" }), { rpoHours: 1 })).toEqual([]);
    });
});

describe("data-loss-public-search-domain", () => {
    const resource = `arn:aws:es:us-west-2:${ACCOUNT}:domain/search/*`;
    const policyOf = (statement: Record<string, unknown>) =>
        JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["es:*"], Resource: resource, ...statement }] });
    const restricted = policyOf({ Principal: { AWS: [ACCOUNT] } });
    const open = policyOf({ Principal: { AWS: ["*"] } });
    const domain = (props: Record<string, unknown>): FakeResource => ({
        type: AWS.opensearchDomain,
        name: "search",
        props: { domainName: "search", engineVersion: "OpenSearch_2.13", ...props },
    });
    const run = (resources: FakeResource[], config = {}) => validateStack("data-loss-public-search-domain", resources, config);

    it("passes prowler's restricted policy, and any policy on a domain in a VPC", async () => {
        expect(await run([domain({ accessPolicies: restricted })])).toEqual([]);
        expect(await run([domain({ accessPolicies: open, vpcOptions: { subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"] } })])).toEqual(
            [],
        );
        expect(await run([domain({})])).toEqual([]);
    });
    it('fails prowler\'s open policies: { AWS: ["*"] }, Principal "*", and an aws:SourceIp "*" condition', async () => {
        for (const policy of [
            open,
            policyOf({ Principal: "*" }),
            policyOf({ Principal: { AWS: "*" }, Condition: { IpAddress: { "aws:SourceIp": ["*"] } } }),
        ]) {
            const v = await run([domain({ accessPolicies: policy })]);
            expect(v).toHaveLength(1);
            expect(v[0].message).toMatch(/public endpoint \(no vpcOptions\)/);
        }
    });
    it("an IP allowlist does not pin the caller (prowler's partial trusted-IP case fails too); exemptResourceNames lets it through", async () => {
        const ips = policyOf({ Principal: { AWS: "*" }, Condition: { IpAddress: { "aws:SourceIp": ["1.2.3.4", "5.6.7.8"] } } });
        expect(await run([domain({ accessPolicies: ips })])).toHaveLength(1);
        expect(await run([domain({ accessPolicies: ips })], { exemptResourceNames: ["search"] })).toEqual([]);
        expect(
            await run([
                domain({
                    accessPolicies: policyOf({ Principal: { AWS: "*" }, Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } } }),
                }),
            ]),
        ).toEqual([]);
    });
    it("judges an opensearch.DomainPolicy on the domain it names, by name or by dependency", async () => {
        const byName: FakeResource = {
            type: "aws:opensearch/domainPolicy:DomainPolicy",
            name: "search-policy",
            props: { domainName: "search", accessPolicies: open },
        };
        const v = await run([domain({}), byName]);
        expect(v).toHaveLength(1);
        expect(v[0].message).toMatch(/search-policy.*allows everyone.* on search,/);
        expect(await run([domain({ vpcOptions: { subnetIds: ["subnet-1"] } }), byName])).toEqual([]);
        expect(await run([domain({}), { ...byName, props: { domainName: "search", accessPolicies: restricted } }])).toEqual([]);
        expect(await run([domain({}), { ...byName, props: { domainName: "other", accessPolicies: open } }])).toEqual([]);
    });
});

describe("edge-public-invoker", () => {
    const SECURITY_POLICY: FakeResource = { type: "gcp:compute/securityPolicy:SecurityPolicy", name: "armor", props: { name: "armor" } };
    const run = (resources: FakeResource[], config = {}) => validateStack("edge-public-invoker", resources, config);
    const fnV1 = (props: Record<string, unknown> = {}): FakeResource => ({
        type: "gcp:cloudfunctions/function:Function",
        name: "hook",
        props: { name: "hook", runtime: "nodejs20", triggerHttp: true, ...props },
    });
    const fnV2 = (props: Record<string, unknown> = {}): FakeResource => ({
        type: "gcp:cloudfunctionsv2/function:Function",
        name: "hook2",
        props: { name: "hook2", location: "us-central1", ...props },
    });
    const runV1 = (annotations: Record<string, string> = {}): FakeResource => ({
        type: GCP.cloudRunV1Service,
        name: "web",
        props: { name: "web", location: "us-central1", metadata: { annotations } },
    });
    const runV2 = (ingress?: string): FakeResource => ({
        type: GCP.cloudRunService,
        name: "api",
        props: { name: "api", location: "us-central1", ...(ingress ? { ingress } : {}) },
    });
    const grant = (
        type: string,
        target: Record<string, unknown>,
        member: Record<string, unknown>,
        role = "roles/cloudfunctions.invoker",
    ): FakeResource => ({ type, name: "invoker", props: { role, ...target, ...member } });

    it("flags CKV_GCP_107's public function invokers (member and binding, 1st and 2nd gen) when ingress admits the internet", async () => {
        expect(
            await run([
                fnV1(),
                grant("gcp:cloudfunctions/functionIamMember:FunctionIamMember", { cloudFunction: "hook" }, { member: "allUsers" }),
            ]),
        ).toHaveLength(1);
        expect(
            await run([
                fnV2(),
                grant(
                    "gcp:cloudfunctionsv2/functionIamBinding:FunctionIamBinding",
                    { cloudFunction: "hook2" },
                    { members: ["user:a@example.com", "allUsers"] },
                ),
            ]),
        ).toHaveLength(1);
    });
    it("flags CKV_GCP_102's public Cloud Run v1 invokers (allUsers and allAuthenticatedUsers)", async () => {
        const v = await run([
            runV1(),
            grant("gcp:cloudrun/iamMember:IamMember", { service: "web" }, { member: "allAuthenticatedUsers" }, "roles/run.invoker"),
        ]);
        expect(v).toHaveLength(1);
        expect(v[0].message).toMatch(/allAuthenticatedUsers invoke web, whose ingress admits the internet directly/);
    });
    it("passes the peers' compliant grants (a named member, another role) and fronted endpoints (ingress internal + load balancing)", async () => {
        expect(
            await run([
                fnV1(),
                grant(
                    "gcp:cloudfunctions/functionIamMember:FunctionIamMember",
                    { cloudFunction: "hook" },
                    { member: "serviceAccount:app@p.iam.gserviceaccount.com" },
                ),
            ]),
        ).toEqual([]);
        expect(
            await run([
                fnV1(),
                grant(
                    "gcp:cloudfunctions/functionIamMember:FunctionIamMember",
                    { cloudFunction: "hook" },
                    { member: "allUsers" },
                    "roles/cloudfunctions.viewer",
                ),
            ]),
        ).toEqual([]);
        expect(
            await run([
                fnV1({ ingressSettings: "ALLOW_INTERNAL_AND_GCLB" }),
                grant("gcp:cloudfunctions/functionIamMember:FunctionIamMember", { cloudFunction: "hook" }, { member: "allUsers" }),
            ]),
        ).toEqual([]);
        expect(
            await run([
                fnV2({ serviceConfig: { ingressSettings: "ALLOW_INTERNAL_ONLY" } }),
                grant("gcp:cloudfunctionsv2/functionIamMember:FunctionIamMember", { cloudFunction: "hook2" }, { member: "allUsers" }),
            ]),
        ).toEqual([]);
        expect(
            await run([
                runV1({ "run.googleapis.com/ingress": "internal-and-cloud-load-balancing" }),
                grant("gcp:cloudrun/iamMember:IamMember", { service: "web" }, { member: "allUsers" }, "roles/run.invoker"),
            ]),
        ).toEqual([]);
    });
    it("TechMate's shape (Cloud Run v2, ingress ALL, allUsers invoker, no Cloud Armor) is left to edge-cloud-run-ingress; with Cloud Armor in the stack the bypass is reported", async () => {
        const invoker = grant(
            "gcp:cloudrunv2/serviceIamMember:ServiceIamMember",
            { name: "api", location: "us-central1" },
            { member: "allUsers" },
            "roles/run.invoker",
        );
        expect(await run([runV2(), invoker])).toEqual([]);
        expect(await run([runV2(), invoker, SECURITY_POLICY])).toHaveLength(1);
        expect(await run([runV2("INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"), invoker, SECURITY_POLICY])).toEqual([]);
        expect(await run([runV2(), invoker, SECURITY_POLICY], { exemptServices: ["api"] })).toEqual([]);
    });
    it("judges no grant whose target is not in the stack", async () => {
        expect(
            await run([
                grant("gcp:cloudfunctions/functionIamMember:FunctionIamMember", { cloudFunction: "elsewhere" }, { member: "allUsers" }),
            ]),
        ).toEqual([]);
    });
});

describe("data-loss-gcs-retention (opt-in)", () => {
    const bucket = (props: Record<string, unknown>): FakeResource => ({
        type: GCP.storageBucket,
        name: "audit-logs",
        props: { name: "acme-prod-audit-logs", location: "US", ...props },
    });
    const run = (props: Record<string, unknown>, config: Record<string, unknown> = {}) =>
        validateResource("data-loss-gcs-retention", bucket(props), config);
    const listed = { requireRetentionBuckets: ["*-audit-*"], minRetentionDays: 90 };

    it("is silent by default: no bucket is listed (the documents ask for recoverability, not WORM)", async () => {
        expect(await run({})).toEqual([]);
    });
    it("fails a listed bucket without a retention policy or with a shorter one (prowler's 90-day case), and passes 90 days", async () => {
        expect((await run({}, listed))[0].message).toMatch(/retentionPeriod to "7776000" \(90 days; it is unset\)/);
        expect((await run({ retentionPolicy: { retentionPeriod: String(30 * 86400) } }, listed))[0].message).toMatch(/it is 30 days/);
        expect(await run({ retentionPolicy: { retentionPeriod: String(90 * 86400) } }, listed)).toEqual([]);
    });
    it("asks for the lock only when requireLocked", async () => {
        const policy = { retentionPolicy: { retentionPeriod: String(90 * 86400) } };
        expect((await run(policy, { ...listed, requireLocked: true }))[0].message).toMatch(/isLocked: true/);
        expect(await run({ retentionPolicy: { ...policy.retentionPolicy, isLocked: true } }, { ...listed, requireLocked: true })).toEqual(
            [],
        );
    });
});
