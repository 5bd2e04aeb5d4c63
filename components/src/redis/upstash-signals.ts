import type * as pulumi from "@pulumi/pulumi";
import { AwsSignalSourceBase, type AwsSignals } from "../monitoring/signals";

/** What monitoring reads of an Upstash Redis database. Implemented by `UpstashRedis`. */
export interface UpstashRedisEndpoint {
    readonly name: string;
    /** Host name, e.g. `eu1-xyz-12345.upstash.io`. */
    readonly endpoint: pulumi.Output<string>;
    readonly port: pulumi.Output<number>;
}

/**
 * Signals of an Upstash Redis database. Upstash publishes no CloudWatch metrics and its Pulumi provider has no alert
 * resource, so it is watched from outside: a Route 53 TCP health check of its TLS endpoint from several regions (a
 * TCP check passes when the connection is accepted: "How Amazon Route 53 determines whether a health check is
 * healthy", docs.aws.amazon.com, read 2026-12-06), with an alarm in us-east-1. Cost: about $0.75 a month for the
 * check (non-AWS endpoint, basic) plus $2 for latency measurement, plus the alarm.
 */
export class UpstashRedisSignals extends AwsSignalSourceBase<UpstashRedisEndpoint> {
    constructor(redis: UpstashRedisEndpoint) {
        super(redis, "UpstashRedis");
    }

    public signals(): AwsSignals {
        const key = `upstash-${this.name}-health`;
        return {
            alarms: [],
            healthChecks: [
                { key, label: `${this.name} (Upstash Redis)`, endpoint: this.target.endpoint, protocol: "TCP", port: this.target.port },
            ],
            dashboard: [
                { title: `## Upstash Redis ${this.name}`, graphs: [{ title: `${this.name}: TCP check (1 = healthy)`, healthCheck: key }] },
            ],
        };
    }
}
