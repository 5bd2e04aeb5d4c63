import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["tests/**/*.test.ts"],
        // Plans every stack once (`plan --all --out-dir`) for the files that read whole-stack plans.
        globalSetup: ["tests/support/global-plans.ts"],
        // The Pulumi runtime keeps global state: every test file gets its own process.
        pool: "forks",
        // Two files at a time on two cores (vitest's default is cores - 1): most files wait on plan subprocesses.
        maxWorkers: 2,
        // Generous on purpose: end-to-end tests start Node processes (the program and the policy pack), which take
        // several times longer when the machine is busy. A limit is a hang detector, never a performance assertion.
        testTimeout: 240_000,
        hookTimeout: 240_000,
        reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
    },
});
