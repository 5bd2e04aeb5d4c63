import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { InvalidArgumentError, type Transform } from "../core";
import { type AlarmTargets, createAlarm, HEALTH_CHECK_METRICS_REGION, type RenderedAlarm } from "./aws-alarms";
import type { MonitoringParent } from "./aws-topic";
import { isHttpsUrl } from "./objectives";
import type { AwsHealthCheckSignal } from "./signals";

/** Regions Route 53 health checkers can run from. */
export const HEALTH_CHECK_REGIONS = [
    "us-east-1",
    "us-west-1",
    "us-west-2",
    "eu-west-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "sa-east-1",
] as const;

/** An HTTPS endpoint checked by Route 53 besides the components' own endpoints. */
export interface MonitoringHealthCheck {
    /** `https://host[:port][/path]`. Only HTTPS is allowed. */
    url: string;
    /** Path requested. @default the URL's path when it has one, else `healthCheckPath` (`/health`) */
    path?: string;
}

/** Host, port and path of an endpoint given as `https://host[:port][/path]` or a bare host name. */
export function parseEndpoint(endpoint: string): { host: string; port: number; path?: string } {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}`);
    return {
        host: url.hostname,
        port: url.port ? Number(url.port) : 443,
        path: url.pathname && url.pathname !== "/" ? url.pathname : undefined,
    };
}

/** The `healthChecks` arg as health-check signals, keyed `health-<host><path>` (the path only when not the default). */
export function extraHealthChecks(component: string, checks: MonitoringHealthCheck[], healthCheckPath: string): AwsHealthCheckSignal[] {
    return checks.map((check, i) => {
        if (!isHttpsUrl(check.url))
            throw new InvalidArgumentError(component, `healthChecks[${i}].url`, `is "${check.url}"`, "an https:// URL");
        if (check.path !== undefined && !check.path.startsWith("/"))
            throw new InvalidArgumentError(component, `healthChecks[${i}].path`, `is "${check.path}"`, "a path starting with /");
        const parsed = parseEndpoint(check.url);
        const path = check.path ?? parsed.path ?? healthCheckPath;
        const pathPart = path === healthCheckPath ? "" : path.replace(/[^A-Za-z0-9.]+/g, "-").replace(/-+$/, "");
        return {
            key: `health-${parsed.host}${pathPart}`,
            label: `${parsed.host}${path}`,
            endpoint: `https://${parsed.host}:${parsed.port}`,
            path,
        };
    });
}

export interface HealthCheckRendering {
    regions: string[];
    healthCheckPath: string;
    availabilityPercent: number;
    transform?: Transform<aws.route53.HealthCheckArgs>;
}

/**
 * A Route 53 health check (every 30 s, unhealthy after 3 failures, latency measured) and its alarm on
 * `HealthCheckStatus`, which Route 53 publishes only in us-east-1 ("Monitoring health checks using CloudWatch",
 * docs.aws.amazon.com, read 2026-12-06). HTTPS checks send SNI and treat 2xx and 3xx as healthy; TCP checks pass when
 * the connection is accepted.
 */
export function createHealthCheck(
    parent: MonitoringParent,
    check: AwsHealthCheckSignal,
    r: HealthCheckRendering,
    targets: AlarmTargets,
): { id: pulumi.Output<string>; alarm: RenderedAlarm } {
    const parsed = pulumi.output(check.endpoint).apply(parseEndpoint);
    const tcp = check.protocol === "TCP";
    const path = check.path ?? r.healthCheckPath;
    const healthCheck = parent.child(
        aws.route53.HealthCheck,
        `${check.key}-check`,
        {
            type: tcp ? "TCP" : "HTTPS",
            fqdn: parsed.host,
            port: tcp && check.port !== undefined ? check.port : parsed.port,
            ...(tcp ? {} : { resourcePath: path, enableSni: true }),
            requestInterval: 30,
            failureThreshold: 3,
            measureLatency: true,
            regions: r.regions,
            tags: { ...parent.tags, Name: parent.physicalName(check.key) },
        },
        r.transform,
    );
    const what = tcp ? "TCP check" : `HTTPS check of ${path}`;
    const alarm = createAlarm(
        parent,
        {
            key: check.key,
            description: `${check.label}: Route 53 ${what} failing from the checker regions (availability SLO ${r.availabilityPercent} %)`,
            metric: {
                namespace: "AWS/Route53",
                metricName: "HealthCheckStatus",
                dimensions: { HealthCheckId: healthCheck.id },
                statistic: "Minimum",
                region: HEALTH_CHECK_METRICS_REGION,
            },
            comparison: "LessThanThreshold",
            threshold: 1,
            evaluation: "slo",
            treatMissingData: "breaching",
        },
        targets,
    );
    return { id: healthCheck.id, alarm };
}

export function checkHealthCheckRegions(component: string, regions: string[]): string[] {
    const allowed: readonly string[] = HEALTH_CHECK_REGIONS;
    if (regions.length < 3 || regions.some((r) => !allowed.includes(r)) || new Set(regions).size !== regions.length) {
        throw new InvalidArgumentError(
            component,
            "healthCheckRegions",
            `is [${regions.join(", ")}]`,
            `3 or more distinct regions of ${HEALTH_CHECK_REGIONS.join(", ")}`,
        );
    }
    return regions;
}
