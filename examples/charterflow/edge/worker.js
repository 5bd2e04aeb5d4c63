// CharterFlow edge function (Cloudflare Worker, ES module): "Edge Functions: Redirects & Auth" in front of the
// Next.js app on Vercel (seeds/004, deployment diagram). Deployed by CloudflareEdge on the app's routes.
//
// Bindings (set by index.ts):
//   APP_HOST            canonical host (charterflow.app): any other host (www.) is redirected to it, 301
//   REDIRECTS           JSON { "/old-path": "/new-path" or "https://..." }: exact-path redirects, 301
//   PROTECTED_PREFIXES  JSON ["/app/"]: paths that need a valid session, else 302 to /login?next=...
//   SESSION_COOKIE      name of the cookie holding the session JWT issued by the API
//   JWT_SECRET          secret binding: the API's JWT_SECRET, verifies HS256 signatures and expiry

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function base64UrlDecode(input) {
    const padded = input.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (input.length % 4)) % 4);
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

function parseJson(text, fallback) {
    try {
        return JSON.parse(text);
    } catch {
        return fallback;
    }
}

/** The claims of a valid, unexpired HS256 JWT, else null (a malformed token is invalid, never an error). */
async function verifySession(token, secret) {
    try {
        return await verifyHs256(token, secret);
    } catch {
        return null;
    }
}

async function verifyHs256(token, secret) {
    const parts = token.split(".");
    if (parts.length !== 3) return null;
    const [header, payload, signature] = parts;
    const head = parseJson(decoder.decode(base64UrlDecode(header)), null);
    if (!head || head.alg !== "HS256") return null;
    const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    const valid = await crypto.subtle.verify("HMAC", key, base64UrlDecode(signature), encoder.encode(`${header}.${payload}`));
    if (!valid) return null;
    const claims = parseJson(decoder.decode(base64UrlDecode(payload)), null);
    if (!claims || (typeof claims.exp === "number" && claims.exp * 1000 <= Date.now())) return null;
    return claims;
}

function readCookie(request, name) {
    for (const part of (request.headers.get("Cookie") ?? "").split(";")) {
        const [key, ...value] = part.trim().split("=");
        if (key === name) return value.join("=");
    }
    return undefined;
}

export default {
    async fetch(request, env) {
        const url = new URL(request.url);

        // Redirects: canonical host, then exact-path redirects.
        if (url.hostname !== env.APP_HOST) {
            url.hostname = env.APP_HOST;
            return Response.redirect(url.toString(), 301);
        }
        const target = parseJson(env.REDIRECTS ?? "{}", {})[url.pathname];
        if (typeof target === "string") return Response.redirect(new URL(target, url).toString(), 301);

        // Auth: protected paths need a valid session before the request reaches the origin.
        const prefixes = parseJson(env.PROTECTED_PREFIXES ?? "[]", []);
        if (prefixes.some((prefix) => url.pathname.startsWith(prefix))) {
            const token = readCookie(request, env.SESSION_COOKIE);
            const claims = token ? await verifySession(token, env.JWT_SECRET) : null;
            if (!claims) {
                const login = new URL("/login", url);
                login.searchParams.set("next", url.pathname + url.search);
                return new Response(null, { status: 302, headers: { Location: login.toString(), "Cache-Control": "no-store" } });
            }
        }
        return fetch(request);
    },
};
