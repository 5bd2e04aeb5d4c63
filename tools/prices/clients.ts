/**
 * The two price APIs over plain `fetch`: the AWS Price List Query API (`AWSPriceListService.GetProducts`, SigV4
 * signed, paged with NextToken) and the Google Cloud Billing Catalog API (`services.list`, `services.skus.list`, paged
 * with nextPageToken). Credentials come from the environment or the vendors' CLIs; without them `CredentialsError`
 * carries one line for the user.
 */
import { execFileSync } from "node:child_process";
import { AWS_PRICING_ENDPOINT } from "./aws-price-list";
import { GCP_CATALOG_ENDPOINT } from "./gcp-catalog";
import { isRecord } from "./parse-result";
import { type AwsCredentials, signRequest } from "./sigv4";
import type { AwsQuery } from "./targets";

/** Missing or unusable credentials: the message is one line, without any secret. */
export class CredentialsError extends Error {}
/** An API answered with an error or an unexpected document. */
export class ApiError extends Error {}

function cli(cmd: string, args: readonly string[]): string | undefined {
    try {
        return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 30_000 }).trim();
    } catch {
        return undefined;
    }
}

/** AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN), else `aws configure export-credentials` (any profile/SSO). */
export function awsCredentials(env: NodeJS.ProcessEnv = process.env, run: typeof cli = cli): AwsCredentials {
    const id = env["AWS_ACCESS_KEY_ID"];
    const secret = env["AWS_SECRET_ACCESS_KEY"];
    if (id && secret) return { accessKeyId: id, secretAccessKey: secret, sessionToken: env["AWS_SESSION_TOKEN"] || undefined };
    const exported = run("aws", ["configure", "export-credentials", "--format", "process"]);
    if (exported !== undefined) {
        try {
            const doc: unknown = JSON.parse(exported);
            if (isRecord(doc) && typeof doc["AccessKeyId"] === "string" && typeof doc["SecretAccessKey"] === "string") {
                return {
                    accessKeyId: doc["AccessKeyId"],
                    secretAccessKey: doc["SecretAccessKey"],
                    sessionToken: typeof doc["SessionToken"] === "string" ? doc["SessionToken"] : undefined,
                };
            }
        } catch {
            // fall through to the error below
        }
    }
    throw new CredentialsError(
        "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or sign in with the AWS CLI (aws configure export-credentials must work); the identity needs pricing:GetProducts",
    );
}

export type GcpAuth = { kind: "token"; token: string } | { kind: "key"; key: string };

/** GOOGLE_OAUTH_ACCESS_TOKEN, else GOOGLE_API_KEY, else `gcloud auth print-access-token`. */
export function gcpAuth(env: NodeJS.ProcessEnv = process.env, run: typeof cli = cli): GcpAuth {
    const token = env["GOOGLE_OAUTH_ACCESS_TOKEN"];
    if (token) return { kind: "token", token };
    const key = env["GOOGLE_API_KEY"];
    if (key) return { kind: "key", key };
    const printed = run("gcloud", ["auth", "print-access-token"]);
    if (printed) return { kind: "token", token: printed };
    throw new CredentialsError(
        "no Google Cloud credentials: set GOOGLE_OAUTH_ACCESS_TOKEN or GOOGLE_API_KEY (an API key with the Cloud Billing API enabled), or sign in with gcloud (gcloud auth print-access-token must work)",
    );
}

/** Every PriceList entry of one GetProducts query, all pages. */
export async function awsGetProducts(serviceCode: string, filters: AwsQuery, credentials: AwsCredentials): Promise<string[]> {
    const url = new URL(AWS_PRICING_ENDPOINT);
    const out: string[] = [];
    let nextToken: string | undefined;
    do {
        const body = JSON.stringify({
            ServiceCode: serviceCode,
            FormatVersion: "aws_v1",
            MaxResults: 100,
            Filters: filters.map((f) => ({ Type: "TERM_MATCH", Field: f.Field, Value: f.Value })),
            ...(nextToken !== undefined ? { NextToken: nextToken } : {}),
        });
        const headers = signRequest({
            method: "POST",
            url,
            body,
            region: "us-east-1",
            service: "pricing",
            credentials,
            now: new Date(),
            headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSPriceListService.GetProducts" },
        });
        delete headers["host"]; // fetch sets the same Host itself
        const res = await fetch(url, { method: "POST", headers, body });
        const text = await res.text();
        if (res.status === 403 || res.status === 401)
            throw new CredentialsError(
                `AWS Price List refused the credentials (HTTP ${res.status}): the identity needs pricing:GetProducts`,
            );
        if (!res.ok) throw new ApiError(`AWS Price List GetProducts ${serviceCode} answered HTTP ${res.status}: ${text.slice(0, 200)}`);
        const doc: unknown = JSON.parse(text);
        if (!isRecord(doc) || !Array.isArray(doc["PriceList"]))
            throw new ApiError(`AWS Price List GetProducts ${serviceCode}: no PriceList in the answer`);
        for (const e of doc["PriceList"]) if (typeof e === "string") out.push(e);
        nextToken = typeof doc["NextToken"] === "string" && doc["NextToken"] !== "" ? doc["NextToken"] : undefined;
    } while (nextToken !== undefined);
    return out;
}

async function gcpGet(path: string, params: Record<string, string>, auth: GcpAuth): Promise<Record<string, unknown>> {
    const url = new URL(`${GCP_CATALOG_ENDPOINT}/${path}`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const headers: Record<string, string> = {};
    if (auth.kind === "key") url.searchParams.set("key", auth.key);
    else headers["authorization"] = `Bearer ${auth.token}`;
    const res = await fetch(url, { headers });
    const text = await res.text();
    if (res.status === 401 || res.status === 403)
        throw new CredentialsError(
            `Cloud Billing Catalog refused the credentials (HTTP ${res.status}): enable the Cloud Billing API for the key's or token's project`,
        );
    if (!res.ok) throw new ApiError(`Cloud Billing Catalog GET ${path} answered HTTP ${res.status}: ${text.slice(0, 200)}`);
    const doc: unknown = JSON.parse(text);
    if (!isRecord(doc)) throw new ApiError(`Cloud Billing Catalog GET ${path}: not a JSON object`);
    return doc;
}

/** The service id of a Billing Catalog service by display name (services.list, all pages). */
export async function gcpServiceId(displayName: string, auth: GcpAuth): Promise<string> {
    let pageToken = "";
    do {
        const doc = await gcpGet("services", pageToken ? { pageToken } : {}, auth);
        const services = Array.isArray(doc["services"]) ? doc["services"] : [];
        for (const s of services)
            if (isRecord(s) && s["displayName"] === displayName && typeof s["serviceId"] === "string") return s["serviceId"];
        pageToken = typeof doc["nextPageToken"] === "string" ? doc["nextPageToken"] : "";
    } while (pageToken !== "");
    throw new ApiError(`Cloud Billing Catalog has no service named "${displayName}"`);
}

/** Every SKU of a service (USD), all pages. */
export async function gcpListSkus(serviceId: string, auth: GcpAuth): Promise<unknown[]> {
    const out: unknown[] = [];
    let pageToken = "";
    do {
        const doc = await gcpGet(
            `services/${serviceId}/skus`,
            { currencyCode: "USD", pageSize: "5000", ...(pageToken ? { pageToken } : {}) },
            auth,
        );
        const skus: unknown = doc["skus"];
        if (!Array.isArray(skus)) throw new ApiError(`Cloud Billing Catalog services/${serviceId}/skus: no skus in the answer`);
        for (const sku of skus) out.push(sku);
        pageToken = typeof doc["nextPageToken"] === "string" ? doc["nextPageToken"] : "";
    } while (pageToken !== "");
    return out;
}
