import * as projects from "@pulumi/gcp/projects";
import type * as inputs from "@pulumi/gcp/types/input";
import * as pulumi from "@pulumi/pulumi";
import { type BaseArgs, Component, InvalidArgumentError, type Transform } from "../core";

/** The API each flavour enables, and the only service its key may call. */
export const GEMINI_SERVICES = {
    /** Gemini Developer API (Google AI Studio): `generativelanguage.googleapis.com`. */
    gemini: "generativelanguage.googleapis.com",
    /** Gemini on Vertex AI: `aiplatform.googleapis.com` (API keys work there in Vertex AI express mode). */
    vertex: "aiplatform.googleapis.com",
} as const;

/** The API Keys API, which `projects.ApiKey` needs enabled. */
export const API_KEYS_SERVICE = "apikeys.googleapis.com";

/** An Android app allowed to use the key: its package name and the SHA-1 fingerprint of its signing certificate. */
export interface AndroidApp {
    packageName: string;
    /**
     * `DA:39:A3:…` or `DA39A3…` (40 hex digits, any case). Sent as 40 lower-case hex digits without colons: the API
     * accepts both forms but stores the bare one, and the provider compares exactly, so a colon form would show a
     * diff on every preview.
     */
    sha1Fingerprint: string;
}

export interface GcpGeminiApiArgs extends BaseArgs {
    /**
     * Which Gemini API: the Developer API (`generativelanguage.googleapis.com`, what the CoachMeld app calls,
     * seeds/000) or Vertex AI (`aiplatform.googleapis.com`). The key may call this service only. Vertex AI accepts
     * API keys only in express mode or bound to a service account (set `serviceAccountEmail` through
     * `transform.key`); a server should use its service account instead (`createKey: false`).
     * @default "gemini"
     */
    api?: "gemini" | "vertex";
    /** Project whose APIs are enabled and which owns the key. @default the provider's project */
    project?: pulumi.Input<string>;
    /**
     * Create an API key restricted to the API (`keyString`). Without it, callers use their own credentials
     * (a service account through Vertex AI), which is what a server should do.
     * @default true
     */
    createKey?: boolean;
    /**
     * Methods the key may call, e.g. `["GenerateContent", "StreamGenerateContent", "CountTokens"]` (a trailing `*`
     * is a wildcard). Narrower is safer: a leaked key cannot then list or tune models.
     * @default every method of the API
     */
    allowedMethods?: string[];
    /**
     * Web pages allowed to use the key (HTTP referrer patterns, e.g. `https://app.coachmeld.com/*`). A referrer is set
     * by the browser and trivially forged by anything else: it only stops casual reuse.
     * Give at most one of `allowedReferrers`, `androidApps`, `iosBundleIds`, `allowedIps` (the API takes one kind).
     * @default none
     */
    allowedReferrers?: string[];
    /** Android apps allowed to use the key (the app sends its package and certificate fingerprint). @default none */
    androidApps?: AndroidApp[];
    /** iOS bundle ids allowed to use the key (the app sends `X-Ios-Bundle-Identifier`). @default none */
    iosBundleIds?: string[];
    /** Caller IP addresses or CIDR ranges allowed to use the key (for a server-side proxy). @default none */
    allowedIps?: string[];
    /** Edits of each child's computed args. @default none: each child takes the args the component computed */
    transform?: {
        api?: Transform<projects.ServiceArgs>;
        apiKeysApi?: Transform<projects.ServiceArgs>;
        key?: Transform<projects.ApiKeyArgs>;
    };
}

const PACKAGE = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/;
const SHA1 = /^([0-9A-Fa-f]{2}:){19}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{40}$/;
const BUNDLE_ID = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const IP_OR_CIDR = /^(\d{1,3}\.){3}\d{1,3}(\/\d{1,2})?$|^[0-9a-fA-F:]+(\/\d{1,3})?$/;
const METHOD = /^[A-Za-z0-9_.]+\*?$|^\*$/;

/**
 * The form the API Keys API stores a certificate fingerprint in: hashicorp/terraform-provider-google
 * `google/services/apikeys/resource_apikeys_key.go` (`sha1_fingerprint`: "both sha1 formats are acceptable ... Output
 * format is the latter", the one without colons), compared without normalisation (`key_internal.go`,
 * `dcl.StringCanonicalize`); the provider's own acceptance test uses lower case (`resource_apikeys_key_generated_test.go`).
 */
export function storedSha1(fingerprint: string): string {
    return fingerprint.replace(/:/g, "").toLowerCase();
}

/**
 * The Gemini API enabled on a project, with an API key that can call that API and nothing else.
 *
 * The key in a mobile or web app (CoachMeld calls Gemini from the apps, seeds/000) is readable by anyone who
 * unpacks the app: the app restrictions below only make reuse harder. A server-side proxy (e.g. a Cloud Run
 * service calling Vertex AI with its service account, holding no key at all) is safer, and lets you rate-limit per
 * user (CoachMeld's 100 AI requests per user an hour). Cap the spend with a `GcpBudget` on the API either way.
 *
 * Cost: the APIs and keys are free; Gemini usage is billed per token (CoachMeld budgets $50 a month, seeds/000).
 */
export class GcpGeminiApi extends Component {
    /** The API enabled (`generativelanguage.googleapis.com` or `aiplatform.googleapis.com`). */
    public readonly apiService: string;
    /** The key's value, secret in state and outputs. Undefined with `createKey: false`. */
    public readonly keyString?: pulumi.Output<string>;
    /** The key's resource id `projects/<p>/locations/global/keys/<name>`. */
    public readonly keyId?: pulumi.Output<string>;

    constructor(name: string, args: GcpGeminiApiArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("ai:GcpGeminiApi", name, args, opts);
        const component = `GcpGeminiApi "${name}"`;
        const api = args.api ?? "gemini";
        if (!(api in GEMINI_SERVICES)) throw new InvalidArgumentError(component, "api", `is "${String(api)}"`, "gemini or vertex");
        const restrictionKinds = (["allowedReferrers", "androidApps", "iosBundleIds", "allowedIps"] as const).filter(
            (k) => args[k] !== undefined,
        );
        if (restrictionKinds.length > 1) {
            throw new InvalidArgumentError(
                component,
                restrictionKinds.join(" and "),
                "are both set; an API key takes one kind of application restriction",
                "one of allowedReferrers, androidApps, iosBundleIds, allowedIps",
            );
        }
        for (const kind of restrictionKinds) {
            const list = args[kind];
            if (list !== undefined && list.length === 0)
                throw new InvalidArgumentError(component, kind, "is empty", "one entry or more, or leave it out");
        }
        for (const referrer of args.allowedReferrers ?? []) {
            if (referrer.trim() === "" || /\s/.test(referrer))
                throw new InvalidArgumentError(
                    component,
                    "allowedReferrers",
                    `contains "${referrer}"`,
                    "referrer patterns such as https://app.example.com/*",
                );
        }
        (args.androidApps ?? []).forEach((app, i) => {
            if (!PACKAGE.test(app.packageName))
                throw new InvalidArgumentError(
                    component,
                    `androidApps[${i}].packageName`,
                    `is "${app.packageName}"`,
                    "a package name such as com.coachmeld.app",
                );
            if (!SHA1.test(app.sha1Fingerprint))
                throw new InvalidArgumentError(
                    component,
                    `androidApps[${i}].sha1Fingerprint`,
                    "is not a SHA-1 fingerprint",
                    "40 hex digits, with or without colons",
                );
        });
        for (const id of args.iosBundleIds ?? []) {
            if (!BUNDLE_ID.test(id))
                throw new InvalidArgumentError(component, "iosBundleIds", `contains "${id}"`, "bundle ids such as com.coachmeld.app");
        }
        for (const ip of args.allowedIps ?? []) {
            if (!IP_OR_CIDR.test(ip))
                throw new InvalidArgumentError(component, "allowedIps", `contains "${ip}"`, "IP addresses or CIDR ranges");
        }
        for (const method of args.allowedMethods ?? []) {
            if (!METHOD.test(method))
                throw new InvalidArgumentError(
                    component,
                    "allowedMethods",
                    `contains "${method}"`,
                    "method names such as GenerateContent, optionally ending in *",
                );
        }
        if (args.allowedMethods !== undefined && args.allowedMethods.length === 0)
            throw new InvalidArgumentError(component, "allowedMethods", "is empty", "one method or more, or leave it out for all");

        this.apiService = GEMINI_SERVICES[api];
        // disableOnDestroy false: other workloads in the project (another stack, a console-made key, a notebook) may use
        // the API; disabling it on destroy would break them, and disabling then re-enabling takes minutes. Leaving an
        // API enabled costs nothing. disableDependentServices false for the same reason.
        const enabled = this.child(
            projects.Service,
            "api",
            { project: args.project, service: this.apiService, disableOnDestroy: false, disableDependentServices: false },
            args.transform?.api,
        );

        if (args.createKey ?? true) {
            const keysApi = this.child(
                projects.Service,
                "apikeys-api",
                { project: args.project, service: API_KEYS_SERVICE, disableOnDestroy: false, disableDependentServices: false },
                args.transform?.apiKeysApi,
            );
            const restrictions: inputs.projects.ApiKeyRestrictions = {
                apiTargets: [{ service: this.apiService, methods: args.allowedMethods }],
                browserKeyRestrictions: args.allowedReferrers ? { allowedReferrers: args.allowedReferrers } : undefined,
                androidKeyRestrictions: args.androidApps
                    ? {
                          allowedApplications: args.androidApps.map((a) => ({
                              packageName: a.packageName,
                              sha1Fingerprint: storedSha1(a.sha1Fingerprint),
                          })),
                      }
                    : undefined,
                iosKeyRestrictions: args.iosBundleIds ? { allowedBundleIds: args.iosBundleIds } : undefined,
                serverKeyRestrictions: args.allowedIps ? { allowedIps: args.allowedIps } : undefined,
            };
            const key = this.child(
                projects.ApiKey,
                "key",
                {
                    project: args.project,
                    name: this.physicalName("key"),
                    displayName: `${name} ${api} (${this.environment})`.slice(0, 63),
                    restrictions,
                },
                args.transform?.key,
                { dependsOn: [enabled, keysApi] },
            );
            this.keyString = pulumi.secret(key.keyString);
            this.keyId = key.id;
        }

        this.registerOutputs({ apiService: this.apiService, keyString: this.keyString, keyId: this.keyId });
    }
}
