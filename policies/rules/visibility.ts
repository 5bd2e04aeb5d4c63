// What the gate could not see. Remote (multi-language) components (awsx 2, @pulumi/eks, @pulumi/aws-apigateway, ...)
// are built by their package's plugin: with the plugin (the real CLI) their children are registered and judged like
// any resource; without it (the offline plan under mocks) only the component itself is, and every rule above is
// silent about what it would create. This policy names each such component, so silence is not read as compliance.

import type { StackValidationPolicy } from "@pulumi/policy";
import { REMOTE_COMPONENT_PREFIXES } from "./resource-types";
import { configSchema, readConfig, reportOn } from "./util";

export const opaqueComponentsSchema = configSchema<{ remoteComponentPrefixes: string[] }>({
    remoteComponentPrefixes: {
        type: "array",
        items: { type: "string" },
        default: [...REMOTE_COMPONENT_PREFIXES],
        description:
            "Type-token prefixes of remote component packages. ADVISORY by default; set this policy mandatory to block a stack whose " +
            "remote components could not be looked into.",
    },
});

export const visibilityOpaqueComponents: StackValidationPolicy = {
    name: "visibility-opaque-components",
    description:
        "Each remote (multi-language) component of the stack has children the pack could judge; one without any is reported as not checked.",
    enforcementLevel: "advisory",
    configSchema: opaqueComponentsSchema,
    validateStack: (args, report) => {
        const { remoteComponentPrefixes } = readConfig(args, opaqueComponentsSchema);
        for (const component of args.resources.filter((r) => remoteComponentPrefixes.some((p) => r.type.startsWith(p)))) {
            // A `:` after the package and a module part without `/` is a component token (awsx:ec2:Vpc), not a resource.
            const [, module = ""] = component.type.split(":");
            if (module.includes("/")) {
                continue;
            }
            if (args.resources.some((r) => r.parent?.urn === component.urn)) {
                continue;
            }
            reportOn(
                report,
                component,
                `'${component.name}' (${component.type}) is a remote component whose children were not registered (its plugin did not run), so ` +
                    `no rule of this pack has judged what it creates. Check it with the real CLI (pulumi preview --policy-pack), or build it from ` +
                    `provider resources.`,
            );
        }
    },
};

export const visibilityPolicies = [visibilityOpaqueComponents];
