/**
 * GitHub: repository settings (environments, deployment policies, Actions secrets and variables, files, branch
 * protection) cost nothing by themselves. A workflow file (`github.RepositoryFile` under `.github/workflows/`) is
 * billed by the Actions minutes its jobs use on GitHub-hosted runners: `githubWorkflowMinutesPerMonth` minutes at
 * the per-minute rate of the costliest runner its `runs-on` labels name (macOS $0.062, Windows $0.010, Linux
 * $0.006: the old ×10 and ×2 multipliers of the Linux rate, repriced on 2026-01-01; prices/services.ts).
 * Self-hosted runners (`runs-on: self-hosted` or a label list containing it) are $0. Other GitHub types are unpriced.
 * The account's included minutes (GitHub Free's 2,000 a month for private repositories) are taken off once per
 * account after pricing (free-tiers.ts), Linux-equivalent: a macOS minute uses 10, a Windows minute 2.
 */
import { SERVICE_PRICES, type ServicePriceId } from "./prices/services";
import { Bill, type CostProvider, type PriceOutcome, qty, usd } from "./provider";
import { asString } from "./props";
import { serviceUsage } from "./service-usage";
import { usageFor } from "./usage";

export const GITHUB_FREE_TYPES: ReadonlySet<string> = new Set([
    "github:index/repositoryEnvironment:RepositoryEnvironment",
    "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy",
    "github:index/actionsEnvironmentSecret:ActionsEnvironmentSecret",
    "github:index/actionsEnvironmentVariable:ActionsEnvironmentVariable",
    "github:index/actionsSecret:ActionsSecret",
    "github:index/actionsVariable:ActionsVariable",
    "github:index/branchProtection:BranchProtection",
]);
const FILE = "github:index/repositoryFile:RepositoryFile";
/** How fast a job uses the plan's included minutes: GitHub's minute multipliers (Linux 1, Windows 2, macOS 10). */
const MINUTE_MULTIPLIER: Readonly<Partial<Record<ServicePriceId, number>>> = {
    "github.actions.linux": 1,
    "github.actions.windows": 2,
    "github.actions.macos": 10,
};

/** The runner class a workflow's `runs-on` values bill at: the costliest one named. */
export function workflowRunner(content: string): { id: ServicePriceId; label: string } | "self-hosted" | undefined {
    const labels = [...content.matchAll(/^\s*runs-on:\s*(.+)$/gm)].map((m) => (m[1] ?? "").trim().toLowerCase());
    if (labels.length === 0) return undefined;
    if (labels.every((l) => l.includes("self-hosted"))) return "self-hosted";
    const hosted = labels.filter((l) => !l.includes("self-hosted"));
    if (hosted.some((l) => l.includes("macos"))) return { id: "github.actions.macos", label: "macOS" };
    if (hosted.some((l) => l.includes("windows"))) return { id: "github.actions.windows", label: "Windows" };
    if (hosted.some((l) => l.includes("ubuntu") || l.includes("linux") || l.includes("${{")))
        return { id: "github.actions.linux", label: "Linux" };
    return undefined;
}

/** The keys of a top-level YAML block (`on:`, `jobs:`): the lines one indentation level below it. */
function blockKeys(content: string, block: string): string[] {
    const lines = content.split("\n");
    const start = lines.findIndex((l) => new RegExp(`^["']?${block}["']?:\\s*$`).test(l));
    if (start < 0) return [];
    const keys: string[] = [];
    let indent: number | undefined;
    for (const line of lines.slice(start + 1)) {
        if (line.trim() === "" || line.trim().startsWith("#")) continue;
        const depth = line.length - line.trimStart().length;
        if (depth === 0) break;
        indent ??= depth;
        const key = depth === indent ? /^\s*["']?([\w-]+)["']?:/.exec(line)?.[1] : undefined;
        if (key !== undefined) keys.push(key);
    }
    return keys;
}

/** The values a cron field matches within [min, max]: `*`, numbers, ranges, lists and steps (GitHub's syntax, no names). */
function cronValues(field: string, min: number, max: number): number {
    const matched = new Set<number>();
    for (const part of field.split(",")) {
        const [range = "*", stepText] = part.split("/");
        const step = stepText === undefined ? 1 : Number(stepText);
        const [from, to] =
            range === "*"
                ? [min, max]
                : range.includes("-")
                  ? range.split("-").map(Number)
                  : [Number(range), stepText ? max : Number(range)];
        if (!Number.isInteger(from) || !Number.isInteger(to) || !Number.isInteger(step) || step < 1) return NaN;
        for (let v = from ?? min; v <= (to ?? max); v += step) matched.add(v);
    }
    return matched.size;
}

const DAYS_PER_MONTH = 365 / 12;
const WEEKS_PER_MONTH = DAYS_PER_MONTH / 7;

/**
 * Runs a month of one five-field cron (UTC): minutes × hours × days. With both day-of-month and day-of-week
 * restricted, cron runs on either, so their days add up. NaN for a field this reader does not understand.
 */
export function cronRunsPerMonth(cron: string): number {
    const [minute, hour, dom, month, dow] = cron.trim().split(/\s+/);
    if (minute === undefined || hour === undefined || dom === undefined || month === undefined || dow === undefined) return NaN;
    const monthDays = dom === "*" ? undefined : cronValues(dom, 1, 31);
    const weekDays = dow === "*" ? undefined : cronValues(dow, 0, 6);
    const days =
        monthDays === undefined && weekDays === undefined
            ? DAYS_PER_MONTH
            : (monthDays ?? 0) + (weekDays === undefined ? 0 : weekDays * WEEKS_PER_MONTH);
    const months = month === "*" ? 1 : cronValues(month, 1, 12) / 12;
    return cronValues(minute, 0, 59) * cronValues(hour, 0, 23) * days * months;
}

/** A workflow's `on.schedule` crons, and whether anything but a schedule or a manual dispatch triggers it. */
export function workflowTriggers(content: string): { crons: string[]; events: boolean } {
    const crons = [...content.matchAll(/^\s*-?\s*cron:\s*["']?([^"'#\n]+?)["']?\s*(?:#.*)?$/gm)].map((m) => m[1] ?? "");
    const inline = /^["']?on["']?:[ \t]*(\S.*)$/m.exec(content)?.[1];
    const triggers =
        inline !== undefined
            ? inline
                  .replace(/[[\]{}]/g, "")
                  .split(/[\s,]+/)
                  .filter(Boolean)
            : blockKeys(content, "on");
    // A manual dispatch beside a schedule is the schedule's rerun button; alone, its runs are unknown: the event default.
    return { crons, events: triggers.some((t) => t !== "schedule" && t !== "workflow_dispatch") || crons.length === 0 };
}

/**
 * The minutes a workflow bills a month. A value of `githubWorkflowMinutesPerMonth` set for it wins. Otherwise a
 * schedule-only workflow is billed by its crons (runs × jobs × `githubScheduledJobMinutes`), and one with event
 * triggers by the event default, plus its schedule if it has one too.
 */
export function workflowMinutes(content: string, usage: object): { minutes: number; basis: string } {
    const set: unknown = Reflect.get(usage, "githubWorkflowMinutesPerMonth");
    if (typeof set === "number") return { minutes: set, basis: "" };
    const { crons, events } = workflowTriggers(content);
    const runs = crons.reduce((sum, cron) => sum + cronRunsPerMonth(cron), 0);
    const jobs = Math.max(1, blockKeys(content, "jobs").length);
    const eventMinutes = events ? serviceUsage(usage, "githubWorkflowMinutesPerMonth") : 0;
    if (crons.length === 0 || !Number.isFinite(runs)) return { minutes: eventMinutes, basis: "" };
    const perJob = serviceUsage(usage, "githubScheduledJobMinutes");
    const scheduled = Math.round(runs) * jobs * perJob;
    const schedule = `${qty(Math.round(runs))} scheduled runs × ${jobs} job${jobs === 1 ? "" : "s"} × ${qty(perJob)} min`;
    return { minutes: scheduled + eventMinutes, basis: ` (${schedule}${events ? ` + ${qty(eventMinutes)} on events` : ""})` };
}

export const githubProvider: CostProvider = {
    prefix: "github",
    createPricer:
        (context) =>
        (r): PriceOutcome => {
            if (GITHUB_FREE_TYPES.has(r.type)) return { kind: "free" };
            if (r.type !== FILE) return { kind: "unpriced", reason: `no GitHub price for ${r.type}` };
            const path = asString(r.props["file"]) ?? "";
            if (!/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) return { kind: "free" };
            const content = asString(r.props["content"]);
            if (content === undefined) return { kind: "unpriced", reason: `workflow ${path}: content unknown, runner not known` };
            const runner = workflowRunner(content);
            if (runner === "self-hosted")
                return { kind: "priced", monthlyUsd: 0, basis: `workflow ${path} runs on self-hosted runners: no per-minute charge` };
            if (runner === undefined)
                return { kind: "unpriced", reason: `workflow ${path}: no GitHub-hosted runner label recognised in runs-on` };
            const usage = usageFor(context.usage, r);
            const { minutes, basis } = workflowMinutes(content, usage);
            const rate = SERVICE_PRICES[runner.id].usd;
            // Meter: the account's included minutes (free-tiers.ts), which macOS jobs use 10× and Windows jobs 2× as fast.
            const multiplier = MINUTE_MULTIPLIER[runner.id] ?? 1;
            return new Bill("global price")
                .add(`workflow ${path}: ${qty(minutes)} min${basis} on ${runner.label} runners × ${usd(rate)}/min`, minutes * rate, {
                    id: "github.actions.includedMinutes",
                    quantity: minutes * multiplier,
                    unitUsd: rate / multiplier,
                })
                .note(
                    `private repository assumed (public repositories are free)${multiplier > 1 ? `; uses included minutes ×${multiplier}` : ""}`,
                )
                .outcome();
        },
};
