// InteliFeed Hub tenant routing at the edge (Cloudflare Worker, ES module), deployed by CloudflareEdge on the
// zone's proxied hosts: the apex, www and the shared app's /t/* paths (seeds/001: "Custom Domains: Tenant-specific
// subdomains and custom domains"; "Caching Strategy: Multi-tier caching (browser, CDN, server)").
//
// Bindings (set by index.ts):
//   APP_HOST      the shared app's host (app.intelifeed.io): the apex and www redirect there, 301
//   TENANT_BASE   parent of the tenant subdomains (hub.intelifeed.io), served by Vercel directly
//   TENANTS       JSON { "<slug>": "<custom domain or empty>" } of every tenant in the stack's config
//
// Routing:
//   https://intelifeed.io/x, https://www.intelifeed.io/x  → 301 https://app.intelifeed.io/x
//   https://app.intelifeed.io/t/<slug>/x                  → 301 https://<custom domain or <slug>.hub.intelifeed.io>/x
//   https://app.intelifeed.io/t/<unknown>/x               → 404 (no origin request: tenant enumeration stops here)
//   /.well-known/acme-challenge/*, /.well-known/vercel/*  → passed to Vercel untouched (certificates, domain checks)

const PASS_THROUGH = ["/.well-known/acme-challenge/", "/.well-known/vercel/"];

function parseTenants(text) {
    try {
        const value = JSON.parse(text);
        return value !== null && typeof value === "object" && !Array.isArray(value) ? value : {};
    } catch {
        return {};
    }
}

function redirect(location) {
    return new Response(null, { status: 301, headers: { Location: location, "Cache-Control": "public, max-age=3600" } });
}

export default {
    async fetch(request, env) {
        const url = new URL(request.url);
        if (PASS_THROUGH.some((prefix) => url.pathname.startsWith(prefix))) return fetch(request);

        if (url.hostname !== env.APP_HOST) {
            return redirect(`https://${env.APP_HOST}${url.pathname}${url.search}`);
        }

        const match = /^\/t\/([a-z0-9-]{1,63})(\/.*)?$/.exec(url.pathname);
        if (match) {
            const tenants = parseTenants(env.TENANTS);
            const slug = match[1];
            if (!Object.prototype.hasOwnProperty.call(tenants, slug)) {
                return new Response("Unknown tenant", { status: 404, headers: { "Cache-Control": "public, max-age=60" } });
            }
            const host = tenants[slug] || `${slug}.${env.TENANT_BASE}`;
            return redirect(`https://${host}${match[2] || "/"}${url.search}`);
        }
        return fetch(request);
    },
};
