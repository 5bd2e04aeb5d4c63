// @ts-check
/**
 * Local ESLint rule `appstack/args-jsdoc-default`: every property of an exported `*Args` interface in components/src
 * has a JSDoc comment, and every optional one says its `@default` (README "Components": "every arg has JSDoc with
 * `@default`"). A required arg has no default, so it needs the JSDoc only.
 */

/** @type {import("eslint").Rule.RuleModule} */
const argsJsdocDefault = {
    meta: {
        type: "suggestion",
        docs: { description: "component args carry JSDoc, with @default on every optional arg" },
        schema: [],
        messages: {
            missingDoc: "{{iface}}.{{name}}: add a JSDoc comment (what it does, what it costs, what forces replacement).",
            missingDefault: "{{iface}}.{{name}} is optional: its JSDoc needs `@default` (per environment where the profile sets it).",
        },
    },
    create(context) {
        const source = context.sourceCode;
        return {
            /** @param {any} node TSInterfaceDeclaration */
            TSInterfaceDeclaration(node) {
                const iface = node.id.name;
                if (!/Args$/.test(iface)) return;
                if (node.parent?.type !== "ExportNamedDeclaration") return;
                for (const member of node.body.body) {
                    if (member.type !== "TSPropertySignature" || member.key.type !== "Identifier") continue;
                    const name = member.key.name;
                    const doc = source
                        .getCommentsBefore(member)
                        .filter((c) => c.type === "Block" && c.value.startsWith("*"))
                        .pop();
                    if (!doc) {
                        context.report({ node: member, messageId: "missingDoc", data: { iface, name } });
                    } else if (member.optional && !/@default\b/.test(doc.value)) {
                        context.report({ node: member, messageId: "missingDefault", data: { iface, name } });
                    }
                }
            },
        };
    },
};

export default { rules: { "args-jsdoc-default": argsJsdocDefault } };
