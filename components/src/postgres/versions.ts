import type { ArgProblem } from "../core";

/**
 * The RDS for PostgreSQL versions RDS creates new instances on, checked 2026-12-03. Keep it with its date: RDS retires
 * minor versions on a calendar, after which `CreateDBInstance` refuses them.
 *
 * Sources:
 * - AWS, "Release calendars for Amazon RDS for PostgreSQL",
 *   https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html
 * - AWS Health notice of 2026 (quoted in https://github.com/saayam-for-all/database/wiki/AWS-RDS-instances-%E2%80%90-Health-Checks):
 *   from 2026-05-01 no new instances on 14.14-14.17, 15.9-15.12, 16.5-16.8, 17.1-17.4 (older minors were retired
 *   before); instances move to 14.20, 15.15, 16.11, 17.7 or higher.
 * - aws/aws-cdk `packages/aws-cdk-lib/aws-rds/lib/instance-engine.ts` (`PostgresEngineVersion`): the newest minors
 *   released, up to 14.22, 15.17, 16.13, 17.9 and 18.3.
 * PostgreSQL 13 left standard support on 2026-02-28 (RDS Extended Support only, charged per vCPU-hour): not listed.
 */
export const RDS_POSTGRES_VERSIONS = {
    checked: "2026-12-03",
    /** Major → the minors RDS creates. A major alone (`"16"`) lets RDS pick its default minor. */
    minors: {
        14: [20, 21, 22],
        15: [15, 16, 17],
        16: [11, 12, 13],
        17: [7, 8, 9],
        18: [1, 2, 3],
    } as Readonly<Record<number, readonly number[]>>,
} as const;

/** `AwsPostgres`'s default engine: the oldest listed minor of major 16, the target of RDS's own 2026 upgrades. */
export const DEFAULT_POSTGRES_VERSION = "16.11";

export interface EngineVersion {
    major: number;
    minor?: number;
}

/** Parses `<major>` or `<major>.<minor>`; `undefined` if the text is neither. */
export function parseEngineVersion(value: string): EngineVersion | undefined {
    const match = /^(\d+)(?:\.(\d+))?$/.exec(value);
    if (!match) return undefined;
    return match[2] === undefined ? { major: Number(match[1]) } : { major: Number(match[1]), minor: Number(match[2]) };
}

/** Every version string RDS creates, for messages. */
export function creatableVersions(): string[] {
    return Object.entries(RDS_POSTGRES_VERSIONS.minors).flatMap(([major, minors]) => [major, ...minors.map((m) => `${major}.${m}`)]);
}

/**
 * Problems of an `engineVersion`: the one rule both `AwsPostgres` and the stack config schemas check, so an engine
 * RDS would refuse (`99`, `16.4`) stops the program before anything is registered.
 */
export function engineVersionProblems(value: string, arg = "engineVersion"): ArgProblem[] {
    const version = parseEngineVersion(value);
    const minors = version ? RDS_POSTGRES_VERSIONS.minors[version.major] : undefined;
    if (version && minors && (version.minor === undefined || minors.includes(version.minor))) return [];
    return [
        {
            arg,
            problem: `is ${JSON.stringify(value)}, which RDS does not create (list of ${RDS_POSTGRES_VERSIONS.checked})`,
            allowed: `a major alone or a listed minor: ${creatableVersions().join(", ")}`,
        },
    ];
}
