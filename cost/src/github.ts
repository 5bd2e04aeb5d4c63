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
            const minutes = serviceUsage(usageFor(context.usage, r), "githubWorkflowMinutesPerMonth");
            const rate = SERVICE_PRICES[runner.id].usd;
            // Meter: the account's included minutes (free-tiers.ts), which macOS jobs use 10× and Windows jobs 2× as fast.
            const multiplier = MINUTE_MULTIPLIER[runner.id] ?? 1;
            return new Bill("global price")
                .add(`workflow ${path}: ${qty(minutes)} min on ${runner.label} runners × ${usd(rate)}/min`, minutes * rate, {
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
