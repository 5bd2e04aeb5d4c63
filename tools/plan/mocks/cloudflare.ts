import type * as pulumi from "@pulumi/pulumi";
import { hex, str, type State } from "./util";

/**
 * Outputs a real preview would show once a Cloudflare resource exists (`@pulumi/cloudflare` v6): 32-hex ids for DNS
 * records, rulesets and routes, the setting id for zone settings, the script name for Workers scripts. Everything is
 * derived from the resource name, so two runs print the same plan. The region is unused: Cloudflare is global.
 */
export function mockCloudflareOutputs(args: pulumi.runtime.MockResourceArgs, _region: string): { id: string; state: State } {
    const { type, name } = args;
    const inputs: Record<string, unknown> = args.inputs as Record<string, unknown>;
    const h = (n: number) => hex(`${type}/${name}`, n);
    const state: State = { ...inputs };
    let id = h(32);

    switch (type) {
        case "cloudflare:index/zoneSetting:ZoneSetting":
            id = str(inputs["settingId"], name);
            Object.assign(state, { editable: true, modifiedOn: "2025-01-01T00:00:00Z" });
            break;
        case "cloudflare:index/dnsRecord:DnsRecord":
            Object.assign(state, {
                proxiable: ["A", "AAAA", "CNAME"].includes(str(inputs["type"], "")),
                createdOn: "2025-01-01T00:00:00Z",
            });
            break;
        case "cloudflare:index/ruleset:Ruleset": {
            const rules: unknown[] = Array.isArray(inputs["rules"]) ? inputs["rules"] : [];
            state["rules"] = rules.map((rule, i) =>
                rule !== null && typeof rule === "object" ? { id: hex(`${type}/${name}/${i}`, 32), ...rule } : rule,
            );
            break;
        }
        case "cloudflare:index/workersScript:WorkersScript": {
            const scriptName = str(inputs["scriptName"], name);
            id = scriptName;
            Object.assign(state, { scriptName, etag: h(64), hasModules: true, handlers: ["fetch"], createdOn: "2025-01-01T00:00:00Z" });
            break;
        }
        case "cloudflare:index/workersRoute:WorkersRoute":
        default:
            break;
    }
    return { id, state };
}

/** Cloudflare's two name servers for a zone: `<name>.ns.cloudflare.com`. */
function nameServers(seed: string): string[] {
    const names = ["ada", "bob", "cruz", "dina", "elle", "finn", "gina", "hugo"];
    const n = parseInt(hex(seed, 2), 16);
    return [`${names[n % 8]}.ns.cloudflare.com`, `${names[(n + 3) % 8]}.ns.cloudflare.com`];
}

/** A zone as `getZone` and each of `getZones`'s results report it (`@pulumi/cloudflare` v6 `GetZoneResult`). */
function zone(name: string, accountId: string): Record<string, unknown> {
    const id = hex(`cloudflare-zone/${name}`, 32);
    return {
        id,
        zoneId: id,
        name,
        account: { id: accountId, name: "plan" },
        status: "active",
        type: "full",
        paused: false,
        nameServers: nameServers(name),
        originalNameServers: [],
        vanityNameServers: [],
        activatedOn: "2025-01-01T00:00:00Z",
        createdOn: "2025-01-01T00:00:00Z",
        modifiedOn: "2025-01-01T00:00:00Z",
        developmentMode: 0,
        plan: {
            id: hex("cloudflare-plan/free", 32),
            name: "Free Website",
            price: 0,
            currency: "USD",
            frequency: "",
            isSubscribed: true,
            canSubscribe: false,
            legacyId: "free",
            legacyDiscount: false,
            externallyManaged: false,
        },
        meta: {
            cdnOnly: false,
            customCertificateQuota: 0,
            dnsOnly: false,
            foundationDns: false,
            pageRuleQuota: 3,
            phishingDetected: false,
            step: 2,
        },
        owner: { id: accountId, name: "plan", type: "organization" },
        permissions: ["#zone:read", "#zone:edit"],
        cnameSuffix: "",
        verificationKey: "",
        originalDnshost: "",
        originalRegistrar: "",
    };
}

/** Cloudflare data sources: zones by name (`getZone` with a `filter`, `getZones`); `undefined` for other tokens. */
export function mockCloudflareCall(args: pulumi.runtime.MockCallArgs): Record<string, unknown> | undefined {
    const inputs: Record<string, unknown> = args.inputs as Record<string, unknown>;
    const account = (value: unknown) => str((value as Record<string, unknown> | undefined)?.["id"], hex("cloudflare-account", 32));
    switch (args.token) {
        case "cloudflare:index/getZone:getZone": {
            const filter = (inputs["filter"] ?? {}) as Record<string, unknown>;
            const byId = str(inputs["zoneId"], "");
            const found = zone(
                str(filter["name"], byId ? `zone-${byId.slice(0, 6)}.example.com` : "example.com"),
                account(filter["account"]),
            );
            return byId ? { ...found, id: byId, zoneId: byId, filter: inputs["filter"] } : { ...found, filter: inputs["filter"] };
        }
        case "cloudflare:index/getZones:getZones": {
            const name = str(inputs["name"], "example.com");
            return { ...inputs, match: str(inputs["match"], "all"), results: [zone(name, account(inputs["account"]))] };
        }
        default:
            return undefined;
    }
}
