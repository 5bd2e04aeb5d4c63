import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type PlanJson, REPO, planJson } from "../support/cli";

/**
 * Issue 12 item 7, "the rest that infrastructure can do", as the prod plans show it: CharterFlow's CloudFront in front
 * of file storage and Redis clustering (seeds/004 §3.4, §7.1), AIOS's api.aios.app and its 50 ms database average
 * (seeds/002), CoachMeld's CDN bandwidth alert (seeds/000 "Resource Usage Monitoring"), TechMate's branch
 * protection, quarterly secret rotation and Sentry alerts that reach people (seeds/003 "Security", "Alerting").
 */
const plans: Record<"charterflow" | "aios" | "coachmeld" | "techmate", PlanJson> = {} as never;

beforeAll(async () => {
    const names = ["charterflow", "aios", "coachmeld", "techmate"] as const;
    const results = await Promise.all(names.map((n) => planJson(["--cwd", path.join(REPO, "examples", n), "--stack", "prod"])));
    names.forEach((n, i) => {
        const result = results[i];
        if (result !== undefined) plans[n] = result;
    });
}, 300_000);

const ofType = (p: PlanJson, type: string) => p.resources.filter((r) => r.type === type);
const one = (p: PlanJson, type: string, name: string) => {
    const found = p.resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1)
        throw new Error(
            `expected one ${type} ${name}, found ${found.length}: ${ofType(p, type)
                .map((r) => r.name)
                .join(", ")}`,
        );
    return found[0];
};
const urnOf = (p: PlanJson, type: string, name: string) => one(p, type, name).urn;

describe("every touched prod stack", () => {
    it("has no mandatory violation and stays within its budget", () => {
        for (const [name, p] of Object.entries(plans)) {
            expect(
                p.violations.filter((v) => v.level === "mandatory"),
                name,
            ).toEqual([]);
            if (p.cost.budgetUsd !== null) expect(p.cost.monthlyUsd, name).toBeLessThanOrEqual(p.cost.budgetUsd);
        }
    });
});

describe("CharterFlow: CloudFront for file delivery, Redis clustering", () => {
    it("serves the file bucket through a TLS 1.3 distribution on files.charterflow.app with OAC, signed URLs and a CloudFront WAF", () => {
        const p = plans.charterflow;
        const dist = one(p, "aws:cloudfront/distribution:Distribution", "files-distribution");
        expect(dist.inputs.aliases).toEqual(["files.charterflow.app"]);
        expect(dist.inputs.viewerCertificate).toMatchObject({ minimumProtocolVersion: "TLSv1.3_2025", sslSupportMethod: "sni-only" });
        expect(dist.inputs.defaultCacheBehavior.allowedMethods).toEqual(["GET", "HEAD", "OPTIONS"]);
        expect(dist.inputs.defaultCacheBehavior.trustedKeyGroups).toHaveLength(1);
        expect(dist.dependencies).toContain(urnOf(p, "aws:cloudfront/originAccessControl:OriginAccessControl", "files-oac"));
        expect(dist.dependencies).toContain(urnOf(p, "aws:wafv2/webAcl:WebAcl", "files-waf-acl"));
        expect(one(p, "aws:wafv2/webAcl:WebAcl", "files-waf-acl").inputs.scope).toBe("CLOUDFRONT");
        const policy = JSON.parse(one(p, "aws:s3/bucketPolicy:BucketPolicy", "files-policy").inputs.policy);
        expect(policy.Statement.find((s: { Sid?: string }) => s.Sid === "ThisDistributionReads")).toMatchObject({
            Principal: { Service: "cloudfront.amazonaws.com" },
            Action: "s3:GetObject",
        });
        // The files domain is delegated from the Cloudflare zone to its Route 53 zone, where the alias records live.
        const ns = ofType(p, "cloudflare:index/dnsRecord:DnsRecord").filter(
            (r) => r.inputs.type === "NS" && r.inputs.name === "files.charterflow.app",
        );
        expect(ns).toHaveLength(4);
        expect(one(p, "aws:route53/record:Record", "files-alias-a-files.charterflow.app").inputs.zoneId).toBe("Z0CHARTERFILES1");
        // The API signs download URLs: the CDN URL and key pair id in its environment, the private key from Secrets Manager.
        const env = JSON.parse(one(p, "aws:ecs/taskDefinition:TaskDefinition", "api-task").inputs.containerDefinitions)[0];
        const names = [...env.environment.map((e: { name: string }) => e.name), ...env.secrets.map((e: { name: string }) => e.name)];
        expect(names).toEqual(expect.arrayContaining(["FILES_CDN_URL", "CLOUDFRONT_KEY_PAIR_ID", "CLOUDFRONT_PRIVATE_KEY", "S3_BUCKET"]));
    });

    it("runs Redis in cluster mode in prod: 2 shards of a primary and a replica, cluster-enabled yes", () => {
        const group = one(plans.charterflow, "aws:elasticache/replicationGroup:ReplicationGroup", "cache-group").inputs;
        expect(group).toMatchObject({
            clusterMode: "enabled",
            numNodeGroups: 2,
            replicasPerNodeGroup: 1,
            automaticFailoverEnabled: true,
            multiAzEnabled: true,
        });
        expect(group.numCacheClusters).toBeUndefined();
        expect(one(plans.charterflow, "aws:elasticache/parameterGroup:ParameterGroup", "cache-params").inputs.parameters).toContainEqual({
            name: "cluster-enabled",
            value: "yes",
        });
    });
});

describe("AIOS: api.aios.app, database queries under 50 ms on average", () => {
    it("serves the API on api.aios.app and the web domain on the same load balancer and certificate", () => {
        const p = plans.aios;
        const cert = one(p, "aws:acm/certificate:Certificate", "api-certificate").inputs;
        expect(cert.domainName).toBe("api.aios.app");
        expect(cert.subjectAlternativeNames).toEqual(["aios.app"]);
        expect(one(p, "aws:route53/record:Record", "api-alias").inputs.name).toBe("api.aios.app");
        expect(one(p, "aws:route53/record:Record", "api-alias-aios.app").inputs.name).toBe("aios.app");
        const env = JSON.parse(one(p, "aws:ecs/taskDefinition:TaskDefinition", "api-task").inputs.containerDefinitions)[0].environment;
        expect(env).toEqual(
            expect.arrayContaining([
                { name: "API_URL", value: "https://api.aios.app" },
                { name: "EXPO_PUBLIC_DOMAIN", value: "aios.app" },
            ]),
        );
    });

    it("alarms on the primary's average query latency above 50 ms from Performance Insights", () => {
        const alarm = one(plans.aios, "aws:cloudwatch/metricAlarm:MetricAlarm", "monitoring-db-db-query-latency").inputs;
        expect(alarm.threshold).toBe(50);
        const ids = alarm.metricQueries.map((q: { id: string }) => q.id);
        expect(ids).toEqual(["load", "commits", "rollbacks", "latency"]);
        expect(alarm.metricQueries[1].expression).toMatch(/^DB_PERF_INSIGHTS\('RDS', '.+', 'db\.Transactions\.xact_commit\.avg'\)$/);
    });
});

describe("CoachMeld: the CDN's 100 GB", () => {
    it("alarms on a day's BytesDownloaded above 100 GB / 30", () => {
        const alarm = one(plans.coachmeld, "aws:cloudwatch/metricAlarm:MetricAlarm", "monitoring-cdn-web-bandwidth").inputs;
        expect(alarm).toMatchObject({
            namespace: "AWS/CloudFront",
            metricName: "BytesDownloaded",
            statistic: "Sum",
            period: 86_400,
            region: "us-east-1",
            threshold: Math.round(100e9 / 30),
        });
    });
});

describe("TechMate: branch protection, quarterly rotation, Sentry alerts to people", () => {
    it("protects main: pull requests with a review, the CI checks, no force pushes", () => {
        const protection = one(plans.techmate, "github:index/branchProtection:BranchProtection", "pipeline-protect-main").inputs;
        expect(protection).toMatchObject({ pattern: "main", allowsForcePushes: false, allowsDeletions: false });
        expect(protection.requiredPullRequestReviews[0]).toMatchObject({ requiredApprovingReviewCount: 1, dismissStaleReviews: true });
        expect(protection.requiredStatusChecks[0].contexts).toEqual(expect.arrayContaining(["Lint and type check", "Integration tests"]));
    });

    it("rotates every production secret every 90 days, with an alert to the on-call address", () => {
        const secrets = ofType(plans.techmate, "gcp:secretmanager/secret:Secret").filter((s) => s.name.startsWith("secrets-"));
        expect(secrets.length).toBeGreaterThanOrEqual(2);
        for (const s of secrets) expect(s.inputs.rotation).toMatchObject({ rotationPeriod: "7776000s" });
        const channel = one(plans.techmate, "gcp:monitoring/notificationChannel:NotificationChannel", "secrets-rotation-email-1").inputs;
        expect(channel.labels).toEqual({ email_address: "oncall@techmate.ai" });
    });

    it("sends Sentry alerts to the team by e-mail and to #prod-alerts", () => {
        for (const alert of ofType(plans.techmate, "sentry:index/sentryIssueAlert:SentryIssueAlert")) {
            expect(alert.inputs.actions.map((a: { id: string }) => a.id)).toEqual([
                "sentry.mail.actions.NotifyEmailAction",
                "sentry.integrations.slack.notify_action.SlackNotifyServiceAction",
            ]);
        }
        for (const alert of ofType(plans.techmate, "sentry:index/sentryMetricAlert:SentryMetricAlert")) {
            for (const trigger of alert.inputs.triggers)
                expect(trigger.actions.map((a: { type: string }) => a.type)).toEqual(["email", "slack"]);
        }
    });
});
