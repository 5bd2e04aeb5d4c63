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
            Object.assign(state, { proxiable: ["A", "AAAA", "CNAME"].includes(str(inputs["type"], "")), createdOn: "2025-01-01T00:00:00Z" });
            break;
        case "cloudflare:index/ruleset:Ruleset": {
            const rules: unknown[] = Array.isArray(inputs["rules"]) ? inputs["rules"] : [];
            state["rules"] = rules.map((rule, i) => (rule !== null && typeof rule === "object" ? { id: hex(`${type}/${name}/${i}`, 32), ...rule } : rule));
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
