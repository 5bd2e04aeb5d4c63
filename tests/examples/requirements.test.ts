import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type PlanJson, REPO, planJson } from "../support/cli";
import {
    checkRequirements,
    costByComponent,
    dollars,
    parseComponentCost,
    parseCost,
    parseRequirements,
    sameFigure,
    strayEstimates,
} from "../support/requirements";

/**
 * Each example's README against its document (../shared/seeds, index README.md there) and its plans: the
 * "Requirements" table has a row for every section of the document that states a requirement, every `met`/`partly`
 * row names evidence the plan shows (resource type, name and input values), and the "Cost" table quotes each stack's
 * estimate and budget as the plan computes them. The syntax is described in tests/support/requirements.ts.
 *
 * The plan documents come from the global setup's cache (tests/support/global-plans.ts), as in the other
 * tests/examples files: no plan runs here that they do not run.
 */
const SEEDS = path.resolve(REPO, "../shared/seeds");
const STACKS = ["dev", "staging", "prod"] as const;

/**
 * Per example: its document and the document's sections (headings, as written there) that state a requirement
 * infrastructure could be asked to keep, or that the README must argue. Read from the documents; a section that
 * only introduces (an overview, a list of related documents, a quick-start of commands) is not listed.
 */
const EXAMPLES: Record<string, { seed: string; sections: string[] }> = {
    coachmeld: {
        seed: "000_30406cbe3669e999.txt",
        sections: [
            "Infrastructure Architecture",
            "Environment Configuration",
            "EAS Build Profiles",
            "GitHub Actions Workflow",
            "Mobile App Deployment",
            "Web Deployment",
            "Application Monitoring",
            "Performance Monitoring",
            "Database Scaling",
            "API Rate Limiting",
            "Security Checklist",
            "Backup Strategy",
            "Resource Usage Monitoring",
            "Optimization Strategies",
            "Recovery Plan",
            "RTO/RPO Targets",
        ],
    },
    aios: {
        seed: "002_22025bb116a7a77f.txt",
        sections: [
            "Environment Architecture",
            "Local Setup",
            "CI/CD Pipeline",
            "Infrastructure",
            "Feature Deployment",
            "Hotfix Deployment",
            "Over-The-Air (OTA) Updates",
            "Native App Updates",
            "Client Build",
            "Server Build",
            "Database Migrations",
            "Health Check Flow",
            "Production Security Layers",
            "Backup Strategy",
            "Rollback Strategy",
            "Environment Comparison",
            "Pre-Deployment",
            "Deployment",
            "Post-Deployment",
        ],
    },
    charterflow: {
        seed: "004_26df5cf4e3d052a1.txt",
        sections: [
            "0. Deployment Diagram",
            "1.1 Development (Local)",
            "1.2 Production",
            "2. Deployment Pipeline",
            "3.1 Frontend Deployment",
            "3.2 Backend Deployment",
            "3.3 Database",
            "3.4 Storage",
            "4.1 Logging",
            "4.2 Metrics",
            "4.3 Health Checks",
            "5.1 Network Security",
            "5.2 Application Security",
            "5.3 Data Security",
            "6.1 Backup Strategy",
            "6.2 Recovery Procedures",
            "7.1 Horizontal Scaling",
            "7.2 Vertical Scaling",
        ],
    },
    intelifeed: {
        seed: "001_0428c3bab62c29d7.txt",
        sections: [
            "Development Environment",
            "Staging Environment",
            "Production Environment",
            "Web Application",
            "Mobile Applications",
            "Supabase Services",
            "Third-Party Services",
            "Load Balancing",
            "Content Delivery",
            "Security",
            "Continuous Integration",
            "Continuous Deployment",
            "Deployment Process",
            "Schema Migrations",
            "Data Migration",
            "Scaling",
            "Health Checks",
            "Performance Monitoring",
            "Logging",
            "Alerting",
            "Data Backup",
            "Disaster Recovery",
            "Business Continuity",
            "Horizontal Scaling",
            "Vertical Scaling",
            "Database Scaling",
            "Configuration Management",
            "Tenant Isolation",
            "Release Management",
            "Secure Deployment",
            "Access Control",
            "Resource Optimization",
            "Cost Monitoring",
            "Deployment Controls",
            "Documentation",
            "Key Metrics",
            "Service Level Objectives (SLOs)",
            "Alerting Thresholds",
        ],
    },
    techmate: {
        seed: "003_af9aa3c9dd59b1d2.txt",
        sections: [
            "Architecture",
            "Workflows",
            "Deployment Flow",
            "Error Tracking (Sentry)",
            "Structured Logging",
            "Health Checks",
            "Alerting",
            "Development",
            "Staging",
            "Production",
            "Secrets Management",
            "Access Control",
            "Network Security",
            "Database Backups",
            "Disaster Recovery",
            "Rollback Procedures",
            "Targets",
            "Optimization",
            "Monitoring",
            "Estimated Monthly Costs",
            "Optimization Strategies",
            "Deploy to Production",
        ],
    },
};

/** The headings of a document, outside its fenced code blocks (where `# ...` is a shell comment). */
function headings(text: string): string[] {
    const out: string[] = [];
    let fenced = false;
    for (const line of text.split("\n")) {
        if (/^\s*```/.test(line)) fenced = !fenced;
        else if (!fenced) {
            const m = /^#{1,6}\s+(.*?)\s*$/.exec(line);
            if (m) out.push(m[1]);
        }
    }
    return out;
}

const readme = (example: string) => fs.readFileSync(path.join(REPO, "examples", example, "README.md"), "utf8");
const plans: Record<string, Record<string, PlanJson>> = {};

beforeAll(async () => {
    const wanted = Object.keys(EXAMPLES).flatMap((example) => STACKS.map((stack) => ({ example, stack })));
    const results = await Promise.all(
        wanted.map(({ example, stack }) => planJson(["--cwd", path.join(REPO, "examples", example), "--stack", stack])),
    );
    wanted.forEach(({ example, stack }, i) => ((plans[example] ??= {})[stack] = results[i]!));
}, 600_000);

describe.each(Object.keys(EXAMPLES))("examples/%s/README.md", (example) => {
    const { seed, sections } = EXAMPLES[example];
    // The documents sit beside the repository (../shared/seeds), not in it: a clone elsewhere checks the rows
    // against the sections listed above, and the two document checks run where the documents are.
    const documentPath = path.join(SEEDS, seed);
    const document = fs.existsSync(documentPath) ? fs.readFileSync(documentPath, "utf8") : "";

    it.skipIf(document === "")("the sections listed here are headings of the document", () => {
        const all = headings(document);
        expect(sections.filter((s) => !all.includes(s))).toEqual([]);
    });

    it.skipIf(document === "")(
        "has a Requirements table with a row for every section of the document that states a requirement, and names only its sections",
        () => {
            const rows = parseRequirements(readme(example));
            expect(rows, "a `## Requirements` section with the table").toBeDefined();
            const covered = new Set(rows!.map((r) => r.section));
            expect(
                sections.filter((s) => !covered.has(s)),
                "sections without a row",
            ).toEqual([]);
            const all = headings(document);
            expect(
                rows!.filter((r) => !all.includes(r.section)).map((r) => `line ${r.line}: ${r.section}`),
                "rows naming no heading of the document",
            ).toEqual([]);
        },
    );

    it("every met or partly row names evidence the plan shows; every other row gives its reason", () => {
        const rows = parseRequirements(readme(example)) ?? [];
        expect(checkRequirements(rows, plans[example])).toEqual([]);
    });

    it("the Cost table quotes each stack's estimate and budget as the plan has them", () => {
        const rows = parseCost(readme(example));
        expect(rows, "a `## Cost` section with the table").toBeDefined();
        expect(rows!.map((r) => r.stack).sort()).toEqual([...STACKS].sort());
        const wrong: string[] = [];
        for (const row of rows!) {
            const { monthlyUsd, budgetUsd } = plans[example][row.stack].cost;
            const estimate = dollars(row.estimate);
            const budget = dollars(row.budget);
            if (!estimate || !sameFigure(monthlyUsd, estimate))
                wrong.push(`line ${row.line}: ${row.stack} estimate ${row.estimate}, the plan says $${monthlyUsd}`);
            if (budgetUsd === null ? budget !== undefined : !budget || !sameFigure(budgetUsd, budget))
                wrong.push(
                    `line ${row.line}: ${row.stack} budget ${row.budget}, the plan says ${budgetUsd === null ? "none" : `$${budgetUsd}`}`,
                );
        }
        expect(wrong).toEqual([]);
    });

    it("the Cost table by component, where there is one, quotes prod's estimate of each component as the plan has it", () => {
        const sums = costByComponent(plans[example].prod);
        const wrong = parseComponentCost(readme(example))
            .filter((row) => {
                const written = dollars(row.estimate);
                return !written || !sameFigure(sums[row.component] ?? 0, written);
            })
            .map((row) => `line ${row.line}: ${row.component} ${row.estimate}, the plan says $${(sums[row.component] ?? 0).toFixed(2)}`);
        expect(wrong).toEqual([]);
    });

    it("quotes no plan estimate in dollars outside the Cost table", () => {
        expect(strayEstimates(readme(example)).map((s) => `line ${s.line}: ${s.text}`)).toEqual([]);
    });
});

describe("the checks catch drift", () => {
    it("a stale total (AIOS prod as its README quoted it before this test: $1,299.51) is not the plan's", () => {
        const plan = plans["aios"]?.["prod"] ?? plans["coachmeld"]["prod"];
        const stale = dollars("$1,299.51")!;
        expect(sameFigure(plan.cost.monthlyUsd, stale)).toBe(false);
        expect(sameFigure(1299.514, stale)).toBe(true);
        expect(sameFigure(1299.5, { value: 1300, decimals: 0 })).toBe(true);
    });

    it("a prose estimate outside the Cost table is refused", () => {
        const text = "## Budgets\n\n- **prod $2,000** against an estimate of **$1,358.58**\n\n## Cost\n\nThe estimate is $1.\n";
        expect(strayEstimates(text).map((s) => s.line)).toEqual([3]);
    });

    it("evidence with a wrong value, a wrong name or no evidence at all fails", () => {
        const text = [
            "## Requirements",
            "",
            "| section | requirement | status | evidence | reason |",
            "|---|---|---|---|---|",
            "| Backup Strategy | PITR | met | `pulumi-nodejs:dynamic:Resource supabase-pitr retentionDays=7` | |",
            "| Backup Strategy | PITR 28 days | met | `pulumi-nodejs:dynamic:Resource supabase-pitr retentionDays=28` | |",
            "| Backup Strategy | archive | met | `aws:s3/bucket:Bucket no-such-bucket` | |",
            "| Backup Strategy | nothing named | partly | | why |",
            "| Backup Strategy | no reason | deviation | | |",
            "| Backup Strategy | odd status | done | `pulumi-nodejs:dynamic:Resource supabase-pitr` | why |",
        ].join("\n");
        // One resource as a plan document shows it (CoachMeld staging's PITR add-on), so the case does not move with the examples.
        const pitr = {
            urn: "urn:pulumi:staging::coachmeld::pulumi-nodejs:dynamic:Resource::supabase-pitr",
            type: "pulumi-nodejs:dynamic:Resource",
            name: "supabase-pitr",
            parent: null,
            custom: true,
            protect: true,
            retainOnDelete: true,
            dependencies: [],
            inputs: { instanceSize: "small", retentionDays: 7, supabaseResource: "pitr" },
            secretInputs: [],
        };
        const plan: PlanJson = {
            project: "coachmeld",
            stack: "prod",
            resources: [pitr],
            violations: [],
            cost: { monthlyUsd: 0, budgetUsd: null, items: [], unpriced: [] },
        };
        const problems = checkRequirements(parseRequirements(text)!, { prod: plan });
        expect(problems.map((p) => Number(/^line (\d+)/.exec(p)![1]))).toEqual([6, 7, 8, 9, 10]);
        expect(problems[0]).toContain("retentionDays is 7");
    });
});
