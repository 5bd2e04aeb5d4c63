// The local rule `appstack/args-jsdoc-default` (tools/eslint/component-args.mjs), wired in eslint.config.mjs for
// components/src except blocks/: the README promises that every component arg has JSDoc with `@default`.
import { RuleTester } from "eslint";
import tseslint from "typescript-eslint";
import { describe, it } from "vitest";

// RuleTester calls Mocha's global describe/it unless given others: `static describe`, `it`, `itOnly` in eslint 9.39
// lib/types/index.d.ts (class RuleTester), and the "Customizing RuleTester" section of ESLint's Node.js API docs
// (added in eslint/eslint#6331, read 2026-12-06).
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });

// The rule is an ES module (eslint.config.mjs loads it); this file is CommonJS to TypeScript, hence the dynamic import.
describe("appstack/args-jsdoc-default", async () => {
    const { default: appstack } = await import("../../tools/eslint/component-args.mjs");
    tester.run("args-jsdoc-default", appstack.rules["args-jsdoc-default"], {
        valid: [
            {
                name: "a documented required arg and an optional one with @default",
                code: `export interface AwsThingArgs {
        /** Name of the thing. Changing it replaces the thing. */
        name: string;
        /**
         * Days backups are kept. Each day of retention is billed as backup storage.
         * @default dev 1, staging 7, prod 30
         */
        retentionDays?: number;
    }`,
            },
            { name: "a non-exported interface is internal", code: "interface ThingArgs { name?: string }" },
            { name: "an interface not named *Args is not component args", code: "export interface ThingOptions { name?: string }" },
        ],
        invalid: [
            {
                name: "a required arg without JSDoc",
                code: "export interface AwsThingArgs {\n    name: string;\n}",
                errors: [{ messageId: "missingDoc", data: { iface: "AwsThingArgs", name: "name" } }],
            },
            {
                name: "a line comment is not JSDoc",
                code: "export interface AwsThingArgs {\n    // Name of the thing.\n    name: string;\n}",
                errors: [{ messageId: "missingDoc" }],
            },
            {
                name: "an optional arg whose JSDoc has no @default",
                code: "export interface AwsThingArgs {\n    /** Days backups are kept. */\n    retentionDays?: number;\n}",
                errors: [{ messageId: "missingDefault", data: { iface: "AwsThingArgs", name: "retentionDays" } }],
            },
            {
                name: "each member is judged on its own comment, not its neighbour's",
                code: "export interface AwsThingArgs {\n    /** Days. @default 7 */\n    retentionDays?: number;\n    port?: number;\n}",
                errors: [{ messageId: "missingDoc", data: { iface: "AwsThingArgs", name: "port" } }],
            },
        ],
    });
});
