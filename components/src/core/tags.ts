import * as pulumi from "@pulumi/pulumi";
import type { Environment } from "./environment";

export type Tags = Record<string, string>;

/** Tags every resource we create carries, so cost reports and audits can attribute it. */
export function standardTags(environment: Environment, component: string, extra: Tags = {}): Tags {
    return {
        environment,
        project: pulumi.getProject(),
        stack: pulumi.getStack(),
        "managed-by": "pulumi",
        component,
        ...extra,
    };
}
