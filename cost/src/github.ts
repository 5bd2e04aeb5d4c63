/**
 * GitHub: repository settings (environments, deployment policies, Actions secrets and variables, files, branch
 * protection) cost nothing by themselves. A workflow file (`github.RepositoryFile` under `.github/workflows/`) is
 * billed by the Actions minutes its jobs use on GitHub-hosted runners: `githubWorkflowMinutesPerMonth` minutes at
 * the per-minute rate of the costliest runner its `runs-on` labels name (macOS $0.062, Windows $0.010, Linux
 * $0.006: the old ×10 and ×2 multipliers of the Linux rate, repriced on 2026-01-01; prices/services.ts).
 * Self-hosted runners (`runs-on: self-hosted` or a label list containing it) are $0. Other GitHub types are unpriced.
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
            return new Bill("global price")
                .add(`workflow ${path}: ${qty(minutes)} min on ${runner.label} runners × ${usd(rate)}/min`, minutes * rate)
                .note("before the plan's included minutes; public repositories are free")
                .outcome();
        },
};
