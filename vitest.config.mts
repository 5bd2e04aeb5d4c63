import { defineConfig } from "vitest/config";

/**
 * Files that run programs in-process under the SDK's mocks (`tests/support/plan.ts` resets the runtime for every
 * plan) or only call functions: they share a worker process, which saves loading the SDK, the providers and the
 * components again for each file (about a third of their CPU time on two cores).
 */
const IN_PROCESS = [
    "tests/components/**/*.test.ts",
    "tests/policies/**/*.test.ts",
    "tests/cost/**/*.test.ts",
    "tests/workflows/**/*.test.ts",
    "tests/repo/**/*.test.ts",
    // They read the plans of the global setup (or start the CLI for one): no process state of their own. CharterFlow's
    // replaces globalThis.fetch for its Worker, so it keeps a process.
    "tests/stacks/**/*.test.ts",
    "tests/examples/!(charterflow).test.ts",
];

export default defineConfig({
    test: {
        // Plans every stack once (`plan --all --out-dir`) for the files that read whole-stack plans.
        globalSetup: ["tests/support/global-plans.ts"],
        pool: "forks",
        // Two files at a time on two cores (vitest's default is cores - 1): most files wait on plan subprocesses.
        maxWorkers: 2,
        // Generous on purpose: end-to-end tests start Node processes (the program and the policy pack), which take
        // several times longer when the machine is busy. A limit is a hang detector, never a performance assertion.
        testTimeout: 240_000,
        hookTimeout: 240_000,
        reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
        projects: [
            { extends: true, test: { name: "in-process", include: IN_PROCESS, isolate: false } },
            // Files that start the CLI, the pack or whole programs, or change process state (the loader's tests): each
            // gets its own process, since the Pulumi runtime keeps global state.
            { extends: true, test: { name: "processes", include: ["tests/**/*.test.ts"], exclude: IN_PROCESS } },
        ],
    },
});
