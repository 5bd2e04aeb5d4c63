/**
 * AWS Signature Version 4 for one JSON request (the Price List Query API is `POST /` with an
 * `application/x-amz-json-1.1` body and an `X-Amz-Target` header), with node:crypto only, so the script needs no
 * AWS SDK. The algorithm is AWS's "Create a signed AWS API request"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html, read 2026-12-06);
 * tests/cost/price-list.test.ts checks it against AWS's published test-suite signatures (get-vanilla,
 * post-vanilla; awslabs/aws-c-auth tests/aws-sig-v4-test-suite).
 */
import { createHash, createHmac } from "node:crypto";

export interface AwsCredentials {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
}

export interface SignInput {
    method: string;
    url: URL;
    /** Headers to sign besides host and x-amz-date (which are added). Names any case. */
    headers: Readonly<Record<string, string>>;
    body: string;
    region: string;
    service: string;
    credentials: AwsCredentials;
    now: Date;
}

const sha256 = (data: string): string => createHash("sha256").update(data, "utf8").digest("hex");
const hmac = (key: Buffer | string, data: string): Buffer => createHmac("sha256", key).update(data, "utf8").digest();

/** `20150830T123600Z` */
export function amzDate(now: Date): string {
    return now
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d{3}/, "");
}

/** RFC 3986 encoding as SigV4 wants it (unreserved characters kept, everything else %XX upper case). */
function uriEncode(s: string): string {
    return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalQuery(url: URL): string {
    const pairs = [...url.searchParams.entries()].map(([k, v]) => [uriEncode(k), uriEncode(v)] as const);
    pairs.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1));
    return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

/** The headers to send (the input's, plus host, x-amz-date, x-amz-security-token and Authorization). */
export function signRequest(input: SignInput): Record<string, string> {
    const date = amzDate(input.now);
    const day = date.slice(0, 8);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(input.headers)) headers[k.toLowerCase()] = v.trim().replace(/\s+/g, " ");
    headers["host"] = input.url.host;
    headers["x-amz-date"] = date;
    if (input.credentials.sessionToken !== undefined) headers["x-amz-security-token"] = input.credentials.sessionToken;
    const names = Object.keys(headers).sort();
    const signedHeaders = names.join(";");
    const canonical = [
        input.method.toUpperCase(),
        input.url.pathname === "" ? "/" : input.url.pathname,
        canonicalQuery(input.url),
        names.map((n) => `${n}:${headers[n] ?? ""}\n`).join(""),
        signedHeaders,
        sha256(input.body),
    ].join("\n");
    const scope = `${day}/${input.region}/${input.service}/aws4_request`;
    const stringToSign = ["AWS4-HMAC-SHA256", date, scope, sha256(canonical)].join("\n");
    const kDate = hmac(`AWS4${input.credentials.secretAccessKey}`, day);
    const kSigning = hmac(hmac(hmac(kDate, input.region), input.service), "aws4_request");
    const signature = createHmac("sha256", kSigning).update(stringToSign, "utf8").digest("hex");
    const out: Record<string, string> = { ...headers };
    out["authorization"] =
        `AWS4-HMAC-SHA256 Credential=${input.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return out;
}
