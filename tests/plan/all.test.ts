import { describe, expect, it } from "vitest";
import { type StackOutcome, discoverTargets, formatTable } from "../../tools/plan/all";

describe("plan --all", () => {
    it("finds every stack of the root project and of each example, environments in order", () => {
        const targets = discoverTargets();
        expect(targets.slice(0, 3)).toEqual([
            { project: ".", stack: "dev" },
            { project: ".", stack: "staging" },
            { project: ".", stack: "prod" },
        ]);
        for (const example of ["aios", "charterflow", "coachmeld", "intelifeed", "techmate"]) {
            expect(targets.filter((t) => t.project === `examples/${example}`).map((t) => t.stack)).toEqual(["dev", "staging", "prod"]);
        }
    });

    it("ends with one table: project, stack, profile, resources, violations, cost against budget, and the verdict", () => {
        const base = {
            exitCode: 0,
            resources: 10,
            mandatory: 0,
            advisory: 1,
            monthlyUsd: 120.4,
            budgetUsd: 400,
            seconds: 2,
            profile: "prod",
        };
        const outcomes: StackOutcome[] = [
            { ...base, project: ".", stack: "prod" },
            { ...base, project: "examples/aios", stack: "dev", exitCode: 1, mandatory: 2, profile: "dev" },
            {
                ...base,
                project: "examples/techmate",
                stack: "prod",
                exitCode: 2,
                monthlyUsd: null,
                budgetUsd: null,
                profile: null,
                error: "unknown stack `prod`",
            },
        ];
        const lines = formatTable(outcomes).split("\n");
        expect(lines[0]).toMatch(/^project\s+stack\s+profile\s+resources\s+mandatory\s+advisory\s+monthly cost\s+budget\s+result\s*$/);
        expect(lines[2]).toMatch(/^\(root\)\s+prod\s+prod\s+10\s+0\s+1\s+\$120\s+\$400\s+ok\s*$/);
        expect(lines[3]).toMatch(/examples\/aios\s+dev\s+dev\s+10\s+2\s+1\s+\$120\s+\$400\s+FAIL/);
        expect(lines[4]).toMatch(/examples\/techmate\s+prod.*-\s+-\s+INVALID/);
        expect(lines[5]).toBe("examples/techmate/prod: unknown stack `prod`");
    });
});
