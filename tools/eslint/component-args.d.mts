import type { ESLint } from "eslint";

/** Types of component-args.mjs for TypeScript callers (tests): the plugin holds the `args-jsdoc-default` rule. */
declare const plugin: ESLint.Plugin & { rules: { "args-jsdoc-default": NonNullable<ESLint.Plugin["rules"]>[string] } };
export default plugin;
