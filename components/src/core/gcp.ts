import * as organizations from "@pulumi/gcp/organizations";
import * as pulumi from "@pulumi/pulumi";
import type { Tags } from "./tags";

/** Helpers shared by the Google Cloud components: labels, project and region. */

/**
 * Our standard tags as GCP labels: keys and values lower case, `[a-z0-9_-]` only, at most 63 characters, keys
 * starting with a letter (the rule of every GCP `labels`/`userLabels` field). Resource manager `tags` are a
 * different thing (tag bindings by id) and are never set from these.
 */
export function gcpLabels(tags: Tags): Record<string, string> {
    const clean = (value: string) =>
        value
            .toLowerCase()
            .replace(/[^a-z0-9_-]/g, "_")
            .slice(0, 63);
    const labels: Record<string, string> = {};
    for (const [key, value] of Object.entries(tags)) {
        let k = clean(key);
        if (!/^[a-z]/.test(k)) k = `l${k}`.slice(0, 63);
        labels[k] = clean(value);
    }
    return labels;
}

/**
 * The project id the GCP components work in: `project` when given, otherwise the provider's project (the
 * `gcp:project` config or the credentials' default), read with `gcp.organizations.getProject`.
 */
export function gcpProject(
    parent: pulumi.Resource,
    project?: pulumi.Input<string>,
): { id: pulumi.Output<string>; number: pulumi.Output<string> } {
    const found = organizations.getProjectOutput({ projectId: project }, { parent });
    return {
        id: project !== undefined ? pulumi.output(project) : found.apply((p) => p.projectId ?? p.id.replace(/^projects\//, "")),
        number: found.number,
    };
}

/** The region Cloud Run and friends use when no `location` is given: `gcp:region`, else `us-central1`. */
export function gcpRegion(location?: string): string {
    return location ?? new pulumi.Config("gcp").get("region") ?? "us-central1";
}

//
