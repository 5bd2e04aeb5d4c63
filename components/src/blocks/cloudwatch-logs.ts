/**
 * The retention periods CloudWatch Logs accepts, and the check of a component's retention arg against them.
 *
 * Signature: `checkLogRetention(component: string, arg: string, days: number): void`, throwing
 * `InvalidArgumentError` (`is <days>`, allowed: the list) on any other value.
 *
 * The values are those of a log group's `retentionInDays` ("Possible values are: 1, 3, 5, ... 3288, and 3653", AWS SDK
 * for Kotlin, CloudWatch Logs `LogGroup.retentionInDays`, https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/cloudwatchlogs/aws.sdk.kotlin.services.cloudwatchlogs.model/-log-group/retention-in-days.html,
 * read 2026-12-07). Used by `AwsRedis` (slow log), `AwsNetwork` (flow logs), `AwsWaf` (WAF logs) and the ECS services (task logs). Internal: not exported from
 * `components/src/index.ts`.
 */
import { InvalidArgumentError } from "../core";

/** Retention periods CloudWatch Logs accepts, days. */
export const LOG_RETENTION_DAYS: readonly number[] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** Throws unless `days` is a retention period CloudWatch Logs accepts. */
export function checkLogRetention(component: string, arg: string, days: number): void {
    if (!LOG_RETENTION_DAYS.includes(days)) {
        throw new InvalidArgumentError(component, arg, `is ${days}`, LOG_RETENTION_DAYS.join(", "));
    }
}
