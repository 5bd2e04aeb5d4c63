import type * as pulumi from "@pulumi/pulumi";
import { hex, str, type State } from "./util";

/**
 * Outputs of `@pulumiverse/sentry` resources as the provider reports them: a project's id is its slug, a client key
 * carries DSNs of the form `https://<public key>@o<org id>.ingest.sentry.io/<project id>`. Derived from the name.
 */
export function mockSentryOutputs(args: pulumi.runtime.MockResourceArgs, _region: string): { id: string; state: State } {
    const { type, name } = args;
    const inputs = args.inputs as Record<string, unknown>;
    const h = (n: number) => hex(`${type}/${name}`, n);
    const state: State = { ...inputs };
    let id = `${name}-${h(8)}`;
    const organization = str(inputs["organization"], "organization");
    const orgId = parseInt(hex(`sentry-org/${organization}`, 6), 16);

    switch (type) {
        case "sentry:index/sentryProject:SentryProject": {
            const slug = str(inputs["slug"], str(inputs["name"], name));
            id = slug;
            Object.assign(state, {
                slug,
                name: str(inputs["name"], slug),
                internalId: String(parseInt(hex(`sentry-project/${slug}`, 7), 16)),
                projectId: String(parseInt(hex(`sentry-project/${slug}`, 7), 16)),
                status: "active",
            });
            break;
        }
        case "sentry:index/sentryKey:SentryKey": {
            const publicKey = h(32);
            const projectId = parseInt(hex(`sentry-project/${str(inputs["project"], name)}`, 7), 16);
            id = hex(`${type}/${name}/id`, 32);
            Object.assign(state, {
                public: publicKey,
                secret: hex(`${type}/${name}/secret`, 32),
                projectId,
                isActive: true,
                dsnPublic: `https://${publicKey}@o${orgId}.ingest.sentry.io/${projectId}`,
                dsnCsp: `https://o${orgId}.ingest.sentry.io/api/${projectId}/security/?sentry_key=${publicKey}`,
            });
            break;
        }
        case "sentry:index/sentryIssueAlert:SentryIssueAlert":
        case "sentry:index/sentryMetricAlert:SentryMetricAlert":
            id = `${organization}/${str(inputs["project"], "project")}/${parseInt(h(6), 16)}`;
            break;
        case "sentry:index/sentryTeam:SentryTeam": {
            const slug = str(inputs["slug"], str(inputs["name"], name));
            id = slug;
            Object.assign(state, { slug, teamId: String(parseInt(h(6), 16)), internalId: String(parseInt(h(6), 16)) });
            break;
        }
    }
    return { id, state };
}

/**
 * `@pulumiverse/sentry` data sources: a team's internal id, the same one `sentryTeam` above gives a team of that slug;
 * an organization integration (e.g. Slack) by provider and name, with a numeric id as Sentry gives it.
 */
export function mockSentryCall(args: pulumi.runtime.MockCallArgs, _region: string): Record<string, unknown> | undefined {
    const inputs = args.inputs as Record<string, unknown>;
    if (args.token === "sentry:index/getSentryOrganizationIntegration:getSentryOrganizationIntegration") {
        const integrationId = String(
            parseInt(hex(`sentry-integration/${str(inputs["providerKey"], "slack")}/${str(inputs["name"], "workspace")}`, 6), 16),
        );
        return { ...inputs, id: integrationId, internalId: integrationId };
    }
    if (args.token !== "sentry:index/getSentryTeam:getSentryTeam") return undefined;
    const slug = str(inputs["slug"], "team");
    const internalId = String(parseInt(hex(`sentry-team/${slug}`, 6), 16));
    return { ...inputs, id: slug, slug, name: slug, internalId, hasAccess: true, isMember: true, isPending: false };
}
