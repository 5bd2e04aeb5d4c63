/**
 * A Vercel web app's `links` (issue 11, "Every wire between components goes through a link"): the API's URL and the
 * Sentry DSN reach the project's environment variables through links, made exactly as `env` makes them, so the 18
 * stacks' plans keep their inputs. The API services give their URL by `link(variable)`.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError, type Link } from "../../components/src/core";
import { AwsWebService } from "../../components/src/service/aws";
import { SupabasePostgres } from "../../components/src/postgres/supabase";
import { GcpCloudRunService } from "../../components/src/service/gcp";
import { VercelWebApp, type VercelWebAppArgs } from "../../components/src/web/vercel";
import { type CapturedResource, type Plan, plan, planRejected, standInNetwork } from "../support/plan";

const ENV = "vercel:index/projectEnvironmentVariable:ProjectEnvironmentVariable";
const gcpConfig = { "gcp:project": "acme-prod", "gcp:region": "us-central1" };
const BASE: VercelWebAppArgs = { teamId: "team_abc", framework: "nextjs" };

const webApp = (args: Partial<VercelWebAppArgs>) => new VercelWebApp("web", { ...BASE, ...args });
/** Each environment variable by child name, with what the engine would record of it. */
const envVars = (p: Plan) =>
    Object.fromEntries(
        p
            .ofType(ENV)
            .map((r: CapturedResource) => [r.name, { inputs: r.inputs, secretInputs: r.secretInputs, value: r.wire.inputs["value"] }]),
    );
/** The value a variable is created with (the plan shows it "[secret]": the provider keeps every value secret in the state). */
const valueOf = (p: Plan, name: string): unknown => (p.one(ENV, name).wire.inputs["value"] as { value?: unknown }).value;

describe("VercelWebApp links", () => {
    it("turns each link's values into the variables env would make: same names, targets, values and secrecy", async () => {
        const link: Link = { name: "api", env: { NEXT_PUBLIC_API_URL: "https://api.example.com", API_TOKEN: pulumi.secret("t0k3n") } };
        for (const stack of ["dev", "prod"]) {
            const linked = await plan(() => webApp({ env: { NEXT_PUBLIC_APP_URL: "https://app.example.com" }, links: [link] }), {
                stack,
            });
            const handWired = await plan(
                () =>
                    webApp({
                        env: {
                            NEXT_PUBLIC_APP_URL: "https://app.example.com",
                            NEXT_PUBLIC_API_URL: "https://api.example.com",
                            API_TOKEN: pulumi.secret("t0k3n"),
                        },
                    }),
                { stack },
            );
            expect(envVars(linked)).toEqual(envVars(handWired));
        }
        const p = await plan(() => webApp({ links: [link] }), { stack: "prod" });
        expect(p.inputs(ENV, "env-production-NEXT_PUBLIC_API_URL")).toMatchObject({
            key: "NEXT_PUBLIC_API_URL",
            targets: ["production"],
            sensitive: false,
        });
        expect(valueOf(p, "env-production-NEXT_PUBLIC_API_URL")).toBe("https://api.example.com");
        // A secret output stays secret in the state, as every value of this provider does.
        expect(valueOf(p, "env-production-API_TOKEN")).toBe("t0k3n");
        expect(p.one(ENV, "env-production-API_TOKEN").secretInputs).toContain("value");
    });

    it("takes the API's URL from the Cloud Run service's link: its mapped domain, else run.app, else the override", async () => {
        const p = await plan(
            () => {
                const mapped = new GcpCloudRunService("api", { image: "us-docker.pkg.dev/x/api:1", domain: "api.example.com" });
                const bare = new GcpCloudRunService("jobs", { image: "us-docker.pkg.dev/x/jobs:1" });
                webApp({
                    links: [
                        mapped.link("VITE_API_URL"),
                        bare.link("VITE_JOBS_URL"),
                        { ...bare.link("VITE_EDGE_URL", "https://edge.example.com"), name: "edge" },
                    ],
                });
            },
            { stack: "prod", config: gcpConfig },
        );
        expect(valueOf(p, "env-production-VITE_API_URL")).toBe("https://api.example.com");
        expect(valueOf(p, "env-production-VITE_JOBS_URL")).toMatch(/^https:\/\/.+\.run\.app$/);
        expect(valueOf(p, "env-production-VITE_EDGE_URL")).toBe("https://edge.example.com");
    });

    it("takes the API's URL from the ECS web service's link (API_URL unless named)", async () => {
        let api: AwsWebService | undefined;
        const p = await plan(() => {
            api = new AwsWebService("api", {
                network: standInNetwork(),
                image: "ghcr.io/acme/api:1.0.0",
                loadBalancer: { certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc" },
            });
            webApp({ links: [api.link("NEXT_PUBLIC_API_URL")] });
        });
        const url = await new Promise<string>((resolve) => api!.url.apply(resolve));
        expect(url).toMatch(/^https:\/\/.+/);
        expect(valueOf(p, "env-production-NEXT_PUBLIC_API_URL")).toBe(url);
        expect(Object.keys(api!.link().env ?? {})).toEqual(["API_URL"]);
    });

    it.each([
        [
            "a variable in env and a link",
            {
                env: { NEXT_PUBLIC_API_URL: "https://old.example.com" },
                links: [{ name: "api", env: { NEXT_PUBLIC_API_URL: "https://x" } }],
            },
            /VercelWebApp "web": `links\[0\] \("api"\)` and env both set NEXT_PUBLIC_API_URL; allowed: each variable set once/,
        ],
        [
            "a variable in secrets and a link",
            { secrets: { SENTRY_DSN: "x" }, links: [{ name: "sentry", env: { SENTRY_DSN: "y" } }] },
            /`links\[0\] \("sentry"\)` and secrets both set SENTRY_DSN/,
        ],
        [
            "a variable set by two links",
            {
                links: [
                    { name: "api", env: { API_URL: "a" } },
                    { name: "jobs", env: { API_URL: "b" } },
                ],
            },
            /`links\[1\] \("jobs"\)` and links\[0\] \("api"\) both set API_URL/,
        ],
        [
            "a link granting IAM statements",
            {
                links: [
                    {
                        name: "files",
                        env: { S3_BUCKET: "b" },
                        aws: { statements: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] },
                    },
                ],
            },
            /`links\[0\] \("files"\)` grants cloud access.*allowed: links with env only/,
        ],
        [
            "a link setting a VERCEL_ variable",
            { links: [{ name: "api", env: { VERCEL_URL: "x" } }] },
            /`links\[0\] \("api"\)` sets VERCEL_URL; allowed: variable names not starting with VERCEL_/,
        ],
    ] as [string, Partial<VercelWebAppArgs>, RegExp][])("refuses %s before any child registers", async (_what, args, message) => {
        const { error, plan: p } = await planRejected(() => webApp(args));
        expect(error).toBeInstanceOf(InvalidArgumentError);
        expect((error as Error).message).toMatch(message);
        expect(p.resources.filter((r) => r.type.startsWith("vercel:"))).toEqual([]);
    });
});

describe("SupabasePostgres.clientLink", () => {
    it("gives a browser app the project's URL and anon key under the framework's prefix, never the service-role key", async () => {
        const p = await plan(
            () => {
                const db = new SupabasePostgres("db", { organizationId: "acme", region: "us-east-1" });
                webApp({ framework: "vite", links: [db.clientLink("VITE_")] });
            },
            { stack: "prod" },
        );
        const keys = p.ofType(ENV).map((r) => (r.inputs as Record<string, unknown>)["key"] as string);
        expect([...new Set(keys.filter((k) => k.includes("SUPABASE")))].sort()).toEqual(["VITE_SUPABASE_ANON_KEY", "VITE_SUPABASE_URL"]);
        expect(valueOf(p, "env-production-VITE_SUPABASE_URL")).toMatch(/^https:\/\/[a-z0-9]+\.supabase\.co$/);
        expect(keys.some((k) => k.includes("SERVICE_ROLE"))).toBe(false);
    });

    it("refuses a prefix that is not an environment-variable prefix, naming the call and what is allowed", async () => {
        const { error } = await planRejected(() => {
            const db = new SupabasePostgres("db", { organizationId: "acme", region: "us-east-1" });
            db.clientLink("vite-");
        });
        expect(error).toBeInstanceOf(InvalidArgumentError);
        expect(String(error)).toContain('SupabasePostgres: `clientLink(prefix)` is "vite-"; allowed: upper-case letters');
    });
});
