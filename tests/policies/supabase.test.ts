// Supabase resources are Pulumi dynamic resources: one shared type token, told apart by the constant
// `supabaseResource` input (policies/README.md, "Dynamic resources").
import { describe, expect, it } from "vitest";
import { type ExportStore, databaseExportWorkflow, databaseRestoreWorkflow } from "../../components/src/backup/workflows";
import { toYaml } from "../../components/src/mobile/workflows";
import { DYNAMIC_RESOURCE, SUPABASE_DISCRIMINATOR, SUPABASE_KINDS } from "../../policies/rules/resource-types";
import { cronMaxGapMinutes, workflowCrons } from "../../policies/rules/rpo";
import { type FakeResource, UNKNOWN_STRING, urn, validateResource, validateStack } from "./harness";

const DYN = DYNAMIC_RESOURCE;

/** A project as `pulumi preview` sees it: outputs such as `ref` are not known yet. */
function project(name = "db-project", props: Record<string, unknown> = {}, protect = true): FakeResource {
    return {
        type: DYN,
        name,
        protect,
        props: {
            supabaseResource: "project",
            organizationId: "acme",
            name: "coachmeld-prod-db",
            region: "eu-central-1",
            instanceSize: "small",
            dbPass: "pw",
            ...props,
        },
    };
}
/** A child of `projectName` wired as the engine wires it: projectRef unknown during preview, propertyDependencies set. */
function child(name: string, kind: string, props: Record<string, unknown>, projectName = "db-project"): FakeResource {
    return {
        type: DYN,
        name,
        props: { supabaseResource: kind, projectRef: UNKNOWN_STRING, ...props },
        propertyDependencies: { projectRef: [projectName] },
    };
}
const pitr = (days: number, projectName = "db-project") =>
    child(`${projectName}-pitr`, "pitr", { retentionDays: days, instanceSize: "small" }, projectName);
const ssl = (enforced: boolean, projectName = "db-project") => child(`${projectName}-ssl`, "ssl-enforcement", { enforced }, projectName);
const replica = (projectName = "db-project") =>
    child(`${projectName}-replica-us-east-1`, "read-replica", { organizationId: "acme", region: "us-east-1" }, projectName);

describe("the discriminator contract", () => {
    it("names the input and its values in one table", () => {
        expect(SUPABASE_DISCRIMINATOR).toBe("supabaseResource");
        expect(Object.values(SUPABASE_KINDS).sort()).toEqual([
            "network-restrictions",
            "pitr",
            "postgres-config",
            "project",
            "read-replica",
            "ssl-enforcement",
        ]);
    });
    it("ignores dynamic resources without it (another dynamic provider) and non-dynamic types with the same input", async () => {
        const other: FakeResource = { type: DYN, name: "something-else", props: { projectRef: "x" } };
        const wrongType: FakeResource = { type: "acme:index:Thing", name: "thing", props: { supabaseResource: "project" } };
        expect(await validateStack("rpo-supabase-pitr", [other, wrongType])).toEqual([]);
        expect(await validateResource("data-loss-protect", { ...other, protect: false })).toEqual([]);
    });
});

describe("rpo-supabase-pitr", () => {
    const run = (resources: FakeResource[], config = {}) => validateStack("rpo-supabase-pitr", resources, config);

    it("accepts a project with a 7-day PITR add-on correlated through propertyDependencies (preview)", async () => {
        expect(await run([project(), pitr(7)])).toEqual([]);
    });
    it("rejects a project without PITR, on the project's URN", async () => {
        const v = await run([project(), ssl(true)]);
        expect(v).toHaveLength(1);
        expect(v[0].urn).toBe(urn(DYN, "db-project"));
        expect(v[0].message).toMatch(/without point-in-time recovery.*24 h.*pointInTimeRecoveryDays: 7/);
    });
    it("rejects a retention below the minimum, counting the variant the add-on buys (10 days → pitr_14)", async () => {
        expect((await run([project(), pitr(7)], { minRetentionDays: 14 }))[0].message).toMatch(/keeps 7 day\(s\).*required 14/);
        expect(await run([project(), pitr(10)], { minRetentionDays: 14 })).toEqual([]);
    });
    it("does not credit one project's PITR to another", async () => {
        const v = await run([project("a-project"), project("b-project"), pitr(7, "a-project")]);
        expect(v.map((x) => x.urn)).toEqual([urn(DYN, "b-project")]);
    });
    it("correlates by value on `pulumi up` (projectRef = the project's ref output), and by the only project depended on", async () => {
        const up = project("db-project", { ref: "abcdefghijklmnopqrst" });
        const byValue: FakeResource = {
            type: DYN,
            name: "pitr",
            props: { supabaseResource: "pitr", projectRef: "abcdefghijklmnopqrst", retentionDays: 7, pitrDays: 7 },
        };
        expect(await run([up, byValue])).toEqual([]);
        const other: FakeResource = { ...byValue, props: { ...byValue.props, projectRef: "zzzzzzzzzzzzzzzzzzzz" } };
        expect(await run([up, other])).toHaveLength(1);
        const byDependency: FakeResource = {
            type: DYN,
            name: "pitr",
            props: { supabaseResource: "pitr", retentionDays: 7 },
            dependencies: ["db-project"],
        };
        expect(await run([project(), byDependency])).toEqual([]);
    });
    it("is off with requirePitr false (dev)", async () => {
        expect(await run([project()], { requirePitr: false })).toEqual([]);
    });

    // Issue 12: a scheduled pg_dump at least hourly meets RPO 1 h without the $100 add-on. Judged on the workflow file
    // (github.RepositoryFile), so a program that is not ours qualifies too. GitHub's `schedule` event (docs.github.com/en/
    // actions/reference/workflows-and-actions/events-that-trigger-workflows#schedule, read 2026-12-06): POSIX cron in UTC.
    describe("a scheduled export instead of PITR", () => {
        const FILE = "github:index/repositoryFile:RepositoryFile";
        /** The storage steps do not matter here; the dump step and the crons are the generator's own. */
        const store: ExportStore = {
            credentialsSteps: () => [],
            env: {},
            upload: 'aws s3 cp "$DUMP_FILE" "s3://b/$KEY"',
            findLatest: "",
            download: "",
            location: "s3://b/$KEY",
        };
        /** What AwsDatabaseExport commits (backup/workflows.ts), with its daily and frequent crons. */
        const generated = (schedule: string, frequentSchedule?: string) =>
            toYaml(
                databaseExportWorkflow({
                    name: "Database export (prod)",
                    environment: "db-export-prod",
                    schedule,
                    frequentSchedule,
                    postgresVersion: 17,
                    schemas: [],
                    timeoutMinutes: 60,
                    store,
                }),
            );
        /** A hand-written workflow of another program: quoted cron, pg_dump piped to S3 (no appstack class involved). */
        const handWritten = (
            cron: string,
            command = 'pg_dump --format=custom "$DATABASE_URL" > db.dump && aws s3 cp db.dump s3://backups/',
        ) =>
            `name: backup\non:\n  schedule:\n    - cron: '${cron}'   # UTC\n  workflow_dispatch: {}\njobs:\n  dump:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: ${command}\n`;
        const file = (content: string, path = ".github/workflows/backup.yml", name = "backup-workflow"): FakeResource => ({
            type: FILE,
            name,
            props: { repository: "app", file: path, content },
        });

        it("accepts the 30-minute frequent exports AwsDatabaseExport commits, and hourly or more often in any cron form (steps, lists, `n/step`)", async () => {
            expect(await run([project(), file(generated("17 3 * * *", "23,53 * * * *"), ".github/workflows/db-export-prod.yml")])).toEqual(
                [],
            );
            for (const cron of ["*/30 * * * *", "0 * * * *", "15,45 * * * *", "5/20 * * * *"]) {
                expect(await run([project(), file(handWritten(cron))]), cron).toEqual([]);
            }
        });
        it("rejects exports every 2 hours, daily, or on weekdays only, naming the workflow and its worst gap", async () => {
            const cases: [string, RegExp][] = [
                ["0 */2 * * *", /backup-workflow \(\.github\/workflows\/backup\.yml: up to 120 min apart\)/],
                ["0 3 * * *", /up to 1440 min apart/],
                ["*/30 * * * MON-FRI", /up to 2910 min apart/],
                ["*/30 * 1 * *", /not every day/],
            ];
            for (const [cron, message] of cases) {
                const v = await run([project(), file(handWritten(cron))]);
                expect(v, cron).toHaveLength(1);
                expect(v[0].urn).toBe(urn(DYN, "db-project"));
                expect(v[0].message, cron).toMatch(message);
                expect(v[0].message).toMatch(/without point-in-time recovery.*frequentSchedule/);
            }
            // The daily schedule alone, as AwsDatabaseExport commits it without frequentSchedule.
            expect(await run([project(), file(generated("17 3 * * *"), ".github/workflows/db-export-prod.yml")])).toHaveLength(1);
        });
        it("needs pg_dump in a workflow under .github/workflows/, on a schedule", async () => {
            expect(await run([project(), file(handWritten("*/30 * * * *", "./backup.sh"))])).toHaveLength(1);
            expect(await run([project(), file(handWritten("*/30 * * * *"), "scripts/backup.yml")])).toHaveLength(1);
            expect(await run([project(), file(handWritten("*/30 * * * *").replace("schedule:", "push:"))])).toHaveLength(1);
            // Content unknown during preview: nothing to judge it on, so it does not count.
            expect(await run([project(), file(UNKNOWN_STRING)])).toHaveLength(1);
        });
        it("credits one project per export workflow", async () => {
            const v = await run([project("a-project"), project("b-project"), file(handWritten("*/30 * * * *"))]);
            expect(v.map((x) => x.urn)).toEqual([urn(DYN, "b-project")]);
            expect(v[0].message).toMatch(/1 hourly export workflow\(s\) cover other projects/);
            expect(
                await run([
                    project("a-project"),
                    project("b-project"),
                    file(handWritten("*/30 * * * *")),
                    file(handWritten("0 * * * *"), ".github/workflows/b.yml", "b"),
                ]),
            ).toEqual([]);
        });
        it("computes the worst gap of a set of crons over a week", () => {
            expect(cronMaxGapMinutes(["*/30 * * * *"])).toBe(30);
            expect(cronMaxGapMinutes(["0 * * * *"])).toBe(60);
            expect(cronMaxGapMinutes(["15,45 * * * *"])).toBe(30);
            expect(cronMaxGapMinutes(["0 */2 * * *"])).toBe(120);
            expect(cronMaxGapMinutes(["0 3 * * *"])).toBe(1440);
            expect(cronMaxGapMinutes(["17 3 * * *", "23,53 * * * *"])).toBe(30);
            expect(cronMaxGapMinutes(["0 0-11 * * *", "30 12-23 * * *"])).toBe(90);
            expect(cronMaxGapMinutes(["0 3 * * 0", "0 3 * * 7"])).toBe(7 * 1440);
            expect(cronMaxGapMinutes(["0 3 1 * *", "not a cron"])).toBeUndefined();
            expect(workflowCrons(handWritten("15,45 * * * *"))).toEqual(["15,45 * * * *"]);
        });
    });
});

describe("encryption-in-transit-supabase-ssl", () => {
    const run = (resources: FakeResource[], config = {}) => validateStack("encryption-in-transit-supabase-ssl", resources, config);
    it("accepts SSL enforcement on", async () => {
        expect(await run([project(), ssl(true)])).toEqual([]);
    });
    it("rejects enforcement off, and none at all", async () => {
        expect((await run([project(), ssl(false)]))[0].message).toMatch(/SSL enforcement turned off.*enforced: true/);
        expect((await run([project()]))[0].message).toMatch(/has no SSL enforcement/);
    });
    it("defers a project whose setting is unknown during preview", async () => {
        expect(await run([project(), child("db-ssl", "ssl-enforcement", { enforced: UNKNOWN_STRING })])).toEqual([]);
    });
});

describe("data-loss-public-database: Supabase network restrictions", () => {
    const net = (v4: string[], v6: string[] = []) => ({
        type: DYN,
        name: "db-network",
        props: { supabaseResource: "network-restrictions", projectRef: "ref", dbAllowedCidrs: v4, dbAllowedCidrsV6: v6 },
    });
    it("accepts restrictions to named ranges", async () => {
        expect(await validateResource("data-loss-public-database", net(["203.0.113.0/24"]))).toEqual([]);
    });
    it("rejects 0.0.0.0/0 or ::/0 when restrictions are set", async () => {
        expect((await validateResource("data-loss-public-database", net(["0.0.0.0/0"])))[0].message).toMatch(
            /allow 0\.0\.0\.0\/0.*whole internet/,
        );
        expect(await validateResource("data-loss-public-database", net(["203.0.113.0/24"], ["::/0"]))).toHaveLength(1);
        expect(await validateResource("data-loss-public-database", net(["0.0.0.0/0"]), { exemptResourceNames: ["db-network"] })).toEqual(
            [],
        );
    });
});

describe("data-loss-protect: Supabase projects", () => {
    it("requires protect on the project (staging/prod), not on its settings", async () => {
        expect(await validateResource("data-loss-protect", project("db-project", {}, true))).toEqual([]);
        expect((await validateResource("data-loss-protect", project("db-project", {}, false)))[0].message).toMatch(/not protected/);
        expect(await validateResource("data-loss-protect", project("db-project", {}, false), { requireProtection: false })).toEqual([]);
        expect(await validateResource("data-loss-protect", { ...ssl(true), protect: false })).toEqual([]);
    });
});

describe("rto-supabase-recovery", () => {
    const run = (resources: FakeResource[], config = {}) => validateStack("rto-supabase-recovery", resources, config);
    it("accepts a read replica, whatever the size", async () => {
        expect(await run([project("db-project", { instanceSize: "micro" }), replica()])).toEqual([]);
    });
    it("accepts small compute (or larger) with PITR", async () => {
        expect(await run([project(), pitr(7)])).toEqual([]);
        expect(await run([project("db-project", { instanceSize: "large" }), pitr(7)])).toEqual([]);
    });
    it("rejects micro with PITR, and small without PITR, naming what is missing", async () => {
        expect((await run([project("db-project", { instanceSize: "micro" }), pitr(7)]))[0].message).toMatch(
            /compute micro \(below small\)/,
        );
        expect((await run([project()]))[0].message).toMatch(/no read replica and no PITR add-on/);
        expect((await run([project("db-project", { instanceSize: undefined })]))[0].message).toMatch(/no PITR add-on and compute micro/);
    });
    describe("a scheduled export with a scheduled restore drill instead of a replica or PITR", () => {
        const FILE = "github:index/repositoryFile:RepositoryFile";
        const store: ExportStore = {
            credentialsSteps: () => [],
            env: {},
            upload: 'aws s3 cp "$DUMP_FILE" "s3://b/$KEY"',
            findLatest: "",
            download: "",
            location: "s3://b/$KEY",
        };
        const file = (content: string, path: string): FakeResource => ({
            type: FILE,
            name: path.replace(/\W+/g, "-"),
            props: { repository: "app", file: path, content },
        });
        const exportFile = file(
            toYaml(
                databaseExportWorkflow({
                    name: "Database export (prod)",
                    environment: "db-export-prod",
                    schedule: "17 3 * * *",
                    frequentSchedule: "23,53 * * * *",
                    postgresVersion: 17,
                    schemas: [],
                    timeoutMinutes: 60,
                    store,
                }),
            ),
            ".github/workflows/db-export-prod.yml",
        );
        /** What AwsDatabaseExport commits as its drill (backup/workflows.ts). */
        const drill = (timeoutMinutes: number) =>
            file(
                toYaml(
                    databaseRestoreWorkflow({
                        name: "Restore drill (prod)",
                        environment: "db-export-prod-restore",
                        schedule: "41 4 * * 1",
                        postgresVersion: 17,
                        restoreImage: "postgres:17",
                        restoreUser: "postgres",
                        checkQuery: "SELECT true",
                        maxAgeHours: 2,
                        timeoutMinutes,
                        store,
                    }),
                ),
                ".github/workflows/db-export-prod-restore.yml",
            );
        /** A hand-written drill of another program: restores the newest dump and checks it, no appstack class involved. */
        const handDrill = (timeout: string) =>
            file(
                `name: drill\non:\n  schedule:\n    - cron: '0 5 * * 0'\njobs:\n  restore:\n    runs-on: ubuntu-24.04\n${timeout}    steps:\n      - run: pg_restore --dbname=check --no-owner db.dump\n`,
                ".github/workflows/drill.yml",
            );

        it("accepts the drill AwsDatabaseExport commits (timeout-minutes 60 ≤ 240), and a hand-written one with a timeout", async () => {
            expect(await run([project("db-project", { instanceSize: "micro" }), exportFile, drill(60)])).toEqual([]);
            expect(
                await run([project("db-project", { instanceSize: "micro" }), exportFile, handDrill("    timeout-minutes: 120\n")]),
            ).toEqual([]);
        });
        it("rejects a drill that may run past the RTO (timeout over 240 min, or none: GitHub's 360-minute default), a drill without an export, and an export without a drill", async () => {
            expect(await run([project(), exportFile, drill(300)])).toHaveLength(1);
            expect(await run([project(), exportFile, handDrill("")])).toHaveLength(1);
            expect(await run([project(), drill(60)])).toHaveLength(1);
            expect((await run([project(), exportFile]))[0].message).toMatch(/scheduled restore drill/);
        });
        it("credits one project per drill, and never a pg_restore --list check", async () => {
            expect(await run([project("a"), project("b"), exportFile, drill(60)])).toHaveLength(1);
            const listOnly = file(
                "name: check\non:\n  schedule:\n    - cron: '0 5 * * 0'\njobs:\n  c:\n    timeout-minutes: 10\n    steps:\n      - run: pg_restore --list db.dump\n",
                ".github/workflows/check.yml",
            );
            expect(await run([project(), exportFile, listOnly])).toHaveLength(1);
        });
    });
    it("follows minInstanceSize and is off outside prod", async () => {
        expect(await run([project(), pitr(7)], { minInstanceSize: "medium" })).toHaveLength(1);
        expect(await run([project()], { requireRecoveryPath: false })).toEqual([]);
    });
});
