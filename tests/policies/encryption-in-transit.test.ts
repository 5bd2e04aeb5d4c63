import { describe, expect, it } from "vitest";
import { UNKNOWN_STRING, validateResource, validateStack } from "./harness";

describe("encryption-in-transit-cloudfront", () => {
    const CF = "aws:cloudfront/distribution:Distribution";
    const run = (props: Record<string, unknown>, config = {}) =>
        validateResource("encryption-in-transit-cloudfront", { type: CF, name: "cdn", props }, config);
    const cert = {
        acmCertificateArn: "arn:aws:acm:us-east-1:1:certificate/c",
        sslSupportMethod: "sni-only",
        minimumProtocolVersion: "TLSv1.2_2021",
    };

    it("accepts HTTPS redirects everywhere with a custom certificate and TLSv1.2_2021", async () => {
        expect(
            await run({
                defaultCacheBehavior: { viewerProtocolPolicy: "redirect-to-https" },
                orderedCacheBehaviors: [{ pathPattern: "/api/*", viewerProtocolPolicy: "https-only" }],
                viewerCertificate: cert,
            }),
        ).toEqual([]);
    });
    it("rejects allow-all on any behavior and an old minimum protocol", async () => {
        const v = await run({
            defaultCacheBehavior: { viewerProtocolPolicy: "redirect-to-https" },
            orderedCacheBehaviors: [{ pathPattern: "/img/*", viewerProtocolPolicy: "allow-all" }],
            viewerCertificate: { ...cert, minimumProtocolVersion: "TLSv1" },
        });
        expect(v.map((x) => x.message)).toEqual([
            expect.stringMatching(/\/img\/\*.*allow-all.*redirect-to-https/),
            expect.stringMatching(/TLSv1;.*TLSv1\.2_2021/),
        ]);
    });
    it("rejects the default certificate unless allowDefaultCertificate (dev)", async () => {
        const props = {
            defaultCacheBehavior: { viewerProtocolPolicy: "redirect-to-https" },
            viewerCertificate: { cloudfrontDefaultCertificate: true },
        };
        expect((await run(props))[0].message).toMatch(/default \*\.cloudfront\.net certificate/);
        expect(await run(props, { allowDefaultCertificate: true })).toEqual([]);
    });
});

describe("encryption-in-transit-load-balancers", () => {
    const run = (type: string, props: Record<string, unknown>, config = {}) =>
        validateResource("encryption-in-transit-load-balancers", { type, name: "l", props }, config);
    for (const type of ["aws:lb/listener:Listener", "aws:alb/listener:Listener"]) {
        it(`${type}: HTTPS needs a TLS 1.3 policy`, async () => {
            expect(await run(type, { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" })).toEqual([]);
            expect(await run(type, { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" })).toEqual([]);
            expect((await run(type, { protocol: "HTTPS" }))[0].message).toMatch(/ELBSecurityPolicy-2016-08/);
            expect(await run(type, { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS-1-2-2017-01" })).toHaveLength(1);
        });
        it(`${type}: HTTP only as a redirect to HTTPS`, async () => {
            expect(
                await run(type, {
                    protocol: "HTTP",
                    defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
                }),
            ).toEqual([]);
            expect((await run(type, { protocol: "HTTP", defaultActions: [{ type: "forward", targetGroupArn: "tg" }] }))[0].message).toMatch(
                /plain-text.*redirect/,
            );
            expect(await run(type, { defaultActions: [{ type: "forward" }] })).toHaveLength(1);
        });
    }
    it("honours a configured allow-list", async () => {
        expect(
            await run("aws:lb/listener:Listener", { protocol: "TLS", sslPolicy: "Custom-1" }, { allowedSslPolicies: ["Custom-*"] }),
        ).toEqual([]);
    });
});

describe("encryption-in-transit-cache", () => {
    const run = (type: string, props: Record<string, unknown>, config = {}) =>
        validateResource("encryption-in-transit-cache", { type, name: "c", props }, config);
    const RG = "aws:elasticache/replicationGroup:ReplicationGroup";
    it("requires transitEncryptionEnabled, mode required", async () => {
        expect(await run(RG, { transitEncryptionEnabled: true })).toEqual([]);
        expect((await run(RG, {}))[0].message).toMatch(/transitEncryptionEnabled: true/);
        expect((await run(RG, { transitEncryptionEnabled: true, transitEncryptionMode: "preferred" }))[0].message).toMatch(/"required"/);
        expect(await run(RG, { transitEncryptionEnabled: true, transitEncryptionMode: "preferred" }, { allowPreferredMode: true })).toEqual(
            [],
        );
    });
    it("judges standalone clusters, not replication-group members", async () => {
        expect(await run("aws:elasticache/cluster:Cluster", { engine: "redis" })).toHaveLength(1);
        expect(await run("aws:elasticache/cluster:Cluster", { replicationGroupId: "rg" })).toEqual([]);
    });
});

describe("encryption-in-transit-rds-force-ssl", () => {
    const RDS = "aws:rds/instance:Instance";
    const PG = "aws:rds/parameterGroup:ParameterGroup";
    const run = (resources: Parameters<typeof validateStack>[1], config = {}) =>
        validateStack("encryption-in-transit-rds-force-ssl", resources, config);

    it("accepts an instance whose parameter group sets rds.force_ssl = 1 (by name or propertyDependencies)", async () => {
        expect(
            await run([
                { type: RDS, name: "db", props: { engine: "postgres", parameterGroupName: "app-pg16" } },
                {
                    type: PG,
                    name: "pg",
                    props: { name: "app-pg16", family: "postgres16", parameters: [{ name: "rds.force_ssl", value: "1" }] },
                },
            ]),
        ).toEqual([]);
        expect(
            await run([
                {
                    type: RDS,
                    name: "db",
                    props: { engine: "postgres", parameterGroupName: UNKNOWN_STRING },
                    propertyDependencies: { parameterGroupName: ["pg"] },
                },
                { type: PG, name: "pg", props: { family: "postgres16", parameters: [{ name: "rds.force_ssl", value: "1" }] } },
            ]),
        ).toEqual([]);
    });
    it("rejects no parameter group, or one without force_ssl; MySQL needs require_secure_transport", async () => {
        expect((await run([{ type: RDS, name: "db", props: { engine: "postgres" } }]))[0].message).toMatch(
            /rds\.force_ssl.*parameterGroupName/,
        );
        const v = await run([
            { type: RDS, name: "db", props: { engine: "postgres", parameterGroupName: "g" } },
            { type: PG, name: "pg", props: { name: "g", parameters: [{ name: "rds.force_ssl", value: "0" }] } },
        ]);
        expect(v[0].message).toMatch(/'pg' does not set rds\.force_ssl = 1/);
        expect((await run([{ type: RDS, name: "db", props: { engine: "mysql" } }]))[0].message).toMatch(/require_secure_transport/);
    });
    it("accepts PostgreSQL 15+ on the default parameter group (rds.force_ssl defaults to 1 there); still rejects an explicit 0 and older versions", async () => {
        for (const engineVersion of ["15", "15.4", "16.4", "17.2"]) {
            expect(await run([{ type: RDS, name: "db", props: { engine: "postgres", engineVersion } }]), engineVersion).toEqual([]);
        }
        expect(
            await run([
                { type: RDS, name: "db", props: { engine: "postgres", engineVersion: "16.4", parameterGroupName: "default.postgres16" } },
            ]),
        ).toEqual([]);
        const zero = await run([
            { type: RDS, name: "db", props: { engine: "postgres", engineVersion: "16.4", parameterGroupName: "g" } },
            { type: PG, name: "pg", props: { name: "g", family: "postgres16", parameters: [{ name: "rds.force_ssl", value: "0" }] } },
        ]);
        expect(zero).toHaveLength(1);
        expect(zero[0].message).toMatch(/'pg' does not set rds\.force_ssl = 1 \(it sets it to 0\)/);
        for (const engineVersion of ["14.9", "13", undefined]) {
            const v = await run([
                { type: RDS, name: "db", props: { engine: "postgres", ...(engineVersion === undefined ? {} : { engineVersion }) } },
            ]);
            expect(v, String(engineVersion)).toHaveLength(1);
            expect(v[0].message).toMatch(/rds\.force_ssl/);
        }
        expect(
            await run([
                { type: RDS, name: "db", props: { engine: "postgres", engineVersion: "14.9", parameterGroupName: "default.postgres14" } },
            ]),
        ).toHaveLength(1);
    });
    it("judges Aurora clusters by their cluster parameter group, and skips engines not configured", async () => {
        expect(
            await run([
                { type: "aws:rds/cluster:Cluster", name: "c", props: { engine: "aurora-postgresql", dbClusterParameterGroupName: "cpg" } },
                {
                    type: "aws:rds/clusterParameterGroup:ClusterParameterGroup",
                    name: "cpg",
                    props: { name: "cpg", parameters: [{ name: "rds.force_ssl", value: "1" }] },
                },
            ]),
        ).toEqual([]);
        expect(await run([{ type: RDS, name: "db", props: { engine: "oracle-ee" } }])).toEqual([]);
        expect(await run([{ type: RDS, name: "db", props: { engine: "mysql" } }], { engines: ["postgres"] })).toEqual([]);
    });
});
