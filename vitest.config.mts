import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["tests/**/*.test.ts"],
        // The Pulumi runtime keeps global state: every test file gets its own process.
        pool: "forks",
        testTimeout: 60_000,
        hookTimeout: 60_000,
        reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
    },
});
