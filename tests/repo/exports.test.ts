// The barrel `components/src/index.ts` (`@appstack/components`) is the public API (issue 11 item 6: "no
// `editDistance`, `nearest` or other internals"). What is public, and why:
// - components (Pulumi component resources) and the Supabase resources a program may use on its own;
// - the contracts a user implements: `Link`/`Linkable` (types) and a monitorable's signal source (the
//   `AwsSignalSourceBase`/`GcpSignalSourceBase` classes, `dashboardLine` for its widgets), and `Component` with
//   `InvalidArgumentError` for a component of the user's own (examples/techmate/pipeline.ts);
// - what a stack needs around them: its environment (`stackEnvironment`, `resolveEnvironment`), its config
//   (`readStackConfig`, `secretValue`, `addArgProblems`, `StackConfigError`), the checks a config runs so that a bad
//   value names the config key before any resource (`containerTaskProblems`, `engineVersionProblems`,
//   `cloudRunScalingProblems`, `vercelDomainProblems`), documented values and allowed-value lists (constants), and the
//   workflow generators a stack writes its own CI files with (examples/techmate/workflows.ts);
// - every type (args, outputs, contracts): types cost nothing at run time.
// Internal: how components work inside (naming, tags, transforms, profiles, validation helpers, link resolution,
// the dynamic providers, the content upload, the `blocks/` builders). Inside the package they are imported by path.
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as barrel from "../../components/src";
import type { AwsMonitorable, BaseArgs, Environment, GcpMonitorable, Link, Linkable } from "../../components/src";
import { AwsSignalSourceBase, GcpSignalSourceBase } from "../../components/src/monitoring/signals";

const REPO = path.resolve(__dirname, "../..");
const exported: Record<string, unknown> = barrel;

/** Runtime values that are internal, each with where it belongs instead. */
const INTERNALS: Record<string, string> = {
    editDistance: "core/validate: the nearest-key suggestion of config errors",
    nearest: "core/validate: the nearest-key suggestion of config errors",
    profileDefaults: "core/environment: how a component fills unset args from its profile",
    applyTransform: "core/transform: what Component.child() does with a child's transform",
    physicalName: "core/naming: Component.physicalName() is the way to name a resource",
    cutName: "core/naming",
    shortHash: "core/naming",
    NAME_LIMITS: "core/naming",
    standardTags: "core/tags: Component.tags",
    PACKAGE: "core/component: the type-token prefix",
    checkRange: "core/validate: a component's own argument checks",
    orderProblems: "core/validate",
    throwFirst: "core/validate",
    checkWindows: "core/windows",
    accountAdministersKey: "core/policies: a KMS key-policy statement of component-owned keys",
    providerValueProblem: "core/providers",
    PROVIDER_CONFIG_KEYS: "core/providers",
    environmentFor: "core/environment: stackEnvironment() and resolveEnvironment() are the public ways",
    environmentProblem: "core/environment",
    UNDECRYPTED_SECRET: "core/config: the offline plan's stand-in for secure values",
    resolveLink: "core/link: what a consumer does with `links: [...]`",
    resolveLinks: "core/link",
    FORMER_SERVICE_TYPE: "service: the alias of the former AwsContainerService type token",
    subnetCidrs: "network/aws",
    contentHash: "cdn/content: the content upload",
    contentTypeOf: "cdn/content",
    listContentFiles: "cdn/content",
    CONTENT_TYPES: "cdn/content",
    storedSha1: "ai/gcp",
    cloudflareCharacteristic: "edge/cloudflare",
    wafLimitPerHour: "waf/aws",
    checkUptimeRegions: "monitoring/gcp",
    parseEngineVersion: "postgres/versions: engineVersionProblems() is the public check",
    creatableVersions: "postgres/versions",
    pushBranches: "mobile/github",
    pinTag: "mobile/pins",
    instanceSizeAtLeast: "supabase",
    pitrVariantFor: "supabase",
    SupabaseProjectProvider: "supabase: dynamic providers are the resources' implementation",
    SupabasePitrProvider: "supabase",
    SupabaseSslEnforcementProvider: "supabase",
    SupabaseNetworkRestrictionsProvider: "supabase",
    SupabasePostgresConfigProvider: "supabase",
    SupabaseReadReplicaProvider: "supabase",
    awsSources: "monitoring/signals: how AwsMonitoring reads `monitor: [...]`",
    gcpSources: "monitoring/signals",
    sloText: "monitoring/signals",
    percentile: "monitoring/signals",
    asPercent: "monitoring/signals",
    round: "monitoring/signals",
};

/** Plain functions of the public API (classes are judged by what they are, below). */
const PUBLIC_FUNCTIONS = new Set([
    // environment and stack config
    "stackEnvironment",
    "resolveEnvironment",
    "readStackConfig",
    "secretValue",
    "addArgProblems",
    // the checks a stack's config runs before any resource, naming its own key
    "containerTaskProblems",
    "engineVersionProblems",
    "cloudRunScalingProblems",
    "vercelDomainProblems",
    // a monitorable's dashboard widgets
    "dashboardLine",
    // workflow generators (mobile and server pipelines) a stack writes its own files with
    "toYaml",
    "pinned",
    "easJson",
    "easJsonObject",
    "testsWorkflow",
    "easBuildWorkflow",
    "easUpdateWorkflow",
    "releaseWorkflow",
    "capacitorBuildWorkflow",
    "capacitorLiveUpdateWorkflow",
    "capacitorReleaseWorkflow",
    "ciWorkflow",
    "codeqlWorkflow",
    "dependencyReviewWorkflow",
    "promoteWorkflow",
    "developmentWorkflow",
    "hotfixWorkflow",
    "scheduledStagingWorkflow",
    "qaReleaseWorkflow",
]);

/** `value` is the class `base` or a subclass of it (the signal bases have protected constructors, so no `new` type). */
const isSubclassOf = (value: unknown, base: { prototype: object }): boolean =>
    typeof value === "function" &&
    (value === base || Object.prototype.isPrototypeOf.call(base.prototype, (value as { prototype: object }).prototype ?? {}));

/** Why a runtime export is public, or undefined when nothing says it is. */
function publicBecause(name: string, value: unknown): string | undefined {
    if (typeof value !== "function") return "a value (documented default or allowed values)";
    if (isSubclassOf(value, pulumi.Resource)) return "a component or resource";
    if (isSubclassOf(value, Error)) return "an error a stack catches or throws";
    if (isSubclassOf(value, AwsSignalSourceBase) || isSubclassOf(value, GcpSignalSourceBase)) return "a monitorable's signal source";
    if (PUBLIC_FUNCTIONS.has(name)) return "a public function";
    return undefined;
}

/** Names imported as values from `@appstack/components` by the root stack and the examples. */
function barrelValueImports(): Map<string, string[]> {
    const files = ["stacks", ...fs.readdirSync(path.join(REPO, "examples")).map((d) => path.join("examples", d))].flatMap((dir) =>
        fs.existsSync(path.join(REPO, dir)) && fs.statSync(path.join(REPO, dir)).isDirectory()
            ? fs
                  .readdirSync(path.join(REPO, dir))
                  .filter((f) => f.endsWith(".ts"))
                  .map((f) => path.join(dir, f))
            : [],
    );
    const names = new Map<string, string[]>();
    for (const file of files) {
        const text = fs.readFileSync(path.join(REPO, file), "utf8");
        for (const m of text.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s+from\s+"@appstack\/components"/g)) {
            if (m[1]) continue;
            for (const raw of m[2].split(",")) {
                const spec = raw.trim();
                if (spec === "" || spec.startsWith("type ")) continue;
                const name = spec.split(/\s+as\s+/)[0];
                names.set(name, [...(names.get(name) ?? []), file]);
            }
        }
    }
    return names;
}

describe("the barrel exports the public API only", () => {
    it("leaves out the known internals", () => {
        const leaked = Object.keys(INTERNALS).filter((name) => name in exported);
        expect(leaked.map((name) => `${name} (${INTERNALS[name]})`)).toEqual([]);
    });

    it("every runtime export is a component, resource, error, signal source, value or a listed public function", () => {
        const unexplained = Object.entries(exported)
            .filter(([name, value]) => publicBecause(name, value) === undefined)
            .map(([name]) => name);
        // A new plain function here is internal unless it joins PUBLIC_FUNCTIONS with its reason.
        expect(unexplained).toEqual([]);
    });

    it("exports the components and the contracts' runtime parts", () => {
        for (const name of [
            "AwsWebService",
            "AwsWorkerService",
            "AwsPostgres",
            "AwsRedis",
            "AwsFileStorage",
            "AwsMonitoring",
            "GcpCloudRunService",
            "SupabasePostgres",
            "UpstashRedis",
        ]) {
            expect(isSubclassOf(exported[name], pulumi.ComponentResource), name).toBe(true);
        }
        expect(exported.Component).toBeTypeOf("function");
        expect(exported.AwsSignalSourceBase).toBe(AwsSignalSourceBase);
        expect(exported.GcpSignalSourceBase).toBe(GcpSignalSourceBase);
        // The contracts a user implements are types: they must be importable from the root (tsc checks these lines).
        expectTypeOf<Link>().toHaveProperty("aws");
        expectTypeOf<Linkable>().toHaveProperty("link");
        expectTypeOf<AwsMonitorable>().toHaveProperty("monitoring");
        expectTypeOf<GcpMonitorable>().toHaveProperty("monitoring");
        expectTypeOf<BaseArgs>().toHaveProperty("environment");
        expectTypeOf<Environment>().toEqualTypeOf<"dev" | "staging" | "prod">();
    });

    it("still exports every value the root stack and the examples import from it", () => {
        const imports = barrelValueImports();
        expect(imports.size).toBeGreaterThan(20);
        const missing = [...imports].filter(([name]) => !(name in exported)).map(([name, files]) => `${name} (${files.join(", ")})`);
        expect(missing).toEqual([]);
    });
});
