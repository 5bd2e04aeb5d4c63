// @ts-check
import pulumi from "@pulumi/eslint-plugin";
import tseslint from "typescript-eslint";
import appstack from "./tools/eslint/component-args.mjs";

export default tseslint.config(
    { ignores: ["**/node_modules/**", "**/dist/**", "**/*.js", "tests/fixtures/**/node_modules/**", "tests/plan/corpus/**"] },
    ...tseslint.configs.recommendedTypeChecked,
    {
        languageOptions: {
            parserOptions: {
                projectService: { allowDefaultProject: ["eslint.config.mjs", "vitest.config.mts"] },
                tsconfigRootDir: import.meta.dirname,
            },
        },
        plugins: { "@pulumi": pulumi },
        rules: {
            // An Output in a template literal prints "Calling [toString] on an [Output<T>]": use pulumi.interpolate.
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
            "@typescript-eslint/no-explicit-any": "error",
            "@typescript-eslint/no-floating-promises": "error",
            "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
        },
    },
    {
        // README "Components": every arg has JSDoc with `@default`. blocks/ are internal builders, not public API.
        files: ["components/src/**/*.ts"],
        ignores: ["components/src/blocks/**"],
        plugins: { appstack },
        rules: { "appstack/args-jsdoc-default": "error" },
    },
    {
        // Tests are linted without type information (tsc checks their types in `npm test`): the type-aware rules on
        // them cost a third of the lint's CPU time. The code users run keeps them all.
        files: ["tests/**/*.ts"],
        ...tseslint.configs.disableTypeChecked,
        rules: {
            ...tseslint.configs.disableTypeChecked.rules,
            "@pulumi/no-output-in-template-literal": "off",
            "@pulumi/no-output-instance-in-template-literal": "off",
        },
    },
    {
        // Tests read captured inputs as loosely typed JSON on purpose; the library and policies may not.
        files: ["tests/**/*.ts"],
        rules: {
            "@typescript-eslint/no-explicit-any": "off",
            "@typescript-eslint/no-unsafe-member-access": "off",
            "@typescript-eslint/no-unsafe-assignment": "off",
            "@typescript-eslint/no-unsafe-argument": "off",
            "@typescript-eslint/no-unsafe-call": "off",
            "@typescript-eslint/no-unsafe-return": "off",
            "@typescript-eslint/no-non-null-assertion": "off",
            "@typescript-eslint/unbound-method": "off",
        },
    },
    {
        // The plan loads programs and SDK internals by path at run time: require is the point there.
        files: ["tools/**/*.ts"],
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
    {
        files: ["**/*.mjs", "**/*.mts"],
        ...tseslint.configs.disableTypeChecked,
        rules: {
            ...tseslint.configs.disableTypeChecked.rules,
            "@pulumi/no-output-in-template-literal": "off",
            "@pulumi/no-output-instance-in-template-literal": "off",
        },
    },
);
