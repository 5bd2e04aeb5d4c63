import type { Field, PackageShapes, TypeShape } from "../shapes";
import { hex, type State } from "./util";

/**
 * Values for the outputs a provider declares but no provider module computed: realistic by property name (an
 * `endpoint` is a host name, a `createdAt` a timestamp), else the zero value of the declared type. Stable per seed.
 */
export interface FillContext {
    /** Physical name of the resource (or of what an invoke looked up). */
    name: string;
    /** Seed for derived hex: the type token and the resource name. */
    seed: string;
    region: string;
    shapes: PackageShapes;
    /** Invoke results get one element per list and non-empty strings; resources get the provider's empty defaults. */
    invoke: boolean;
    /** Provider-specific value of a string property (ARNs, ids in the service's format), `undefined` for the generic rule. */
    special?: (property: string) => string | undefined;
}

const TIMESTAMP = "2025-01-01T00:00:00Z";

function kebab(property: string): string {
    return property.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

/** A string by what its name says it holds; `undefined` when the name says nothing recognisable. */
export function stringByName(property: string, ctx: FillContext): string | undefined {
    const special = ctx.special?.(property);
    if (special !== undefined) return special;
    const p = property.toLowerCase();
    const h = (n: number) => hex(`${ctx.seed}/${property}`, n);
    if (p === "name" || p.endsWith("displayname")) return ctx.name;
    if (p === "region" || p === "location") return ctx.region;
    if (p === "availabilityzone") return `${ctx.region}a`;
    if (p === "etag" || p === "fingerprint") return h(16);
    if (/(createdate|creationdate|createdat|createdon|createtime|creationtime|modifiedon|updatedat|updatetime|lastmodified)$/.test(p))
        return TIMESTAMP;
    if (/(url|uri)$/.test(p)) return `https://${ctx.name}.${h(8)}.example.com`;
    if (/(endpoint|hostname|host|dnsname|domainname|fqdn)$/.test(p)) return `${ctx.name}.${h(8)}.example.com`;
    if (/cidrblock$|cidr$/.test(p)) return "10.0.0.0/16";
    if (/(publicip|privateip|ipaddress)$/.test(p)) return `10.0.${parseInt(h(2), 16)}.${(parseInt(h(4), 16) % 254) + 1}`;
    if (p.endsWith("email")) return "plan@example.com";
    if (p === "status" || p === "state") return ctx.invoke ? "available" : "";
    if (p === "uid" || p === "uuid" || p === "uniqueid") return uuid(`${ctx.seed}/${property}`);
    if (p === "id" || (p.endsWith("id") && !p.includes("kms"))) return h(16);
    return undefined;
}

/** A UUID (version 4 layout) derived from `seed`. */
export function uuid(seed: string): string {
    const h = hex(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function valueOf(property: string, type: TypeShape, ctx: FillContext, depth: number): unknown {
    switch (type.kind) {
        case "string":
            return (
                type.literal ?? stringByName(property, ctx) ?? (ctx.invoke ? `${kebab(property)}-${hex(`${ctx.seed}/${property}`, 8)}` : "")
            );
        case "number":
            return /port$/i.test(property) ? 443 : 0;
        case "boolean":
            return false;
        case "map":
            return {};
        case "any":
            return ctx.invoke ? {} : null;
        case "array": {
            if (!ctx.invoke || depth > 2) return [];
            const singular = property.replace(/ies$/, "y").replace(/s$/, "");
            return [valueOf(singular, type.of, ctx, depth + 1)];
        }
        case "object":
            return depth > 3 ? {} : fillFields(type.fields, {}, ctx, depth + 1);
        case "ref": {
            const fields = depth > 3 ? undefined : ctx.shapes.resolve(type);
            return fields ? fillFields(fields, {}, ctx, depth + 1) : {};
        }
    }
}

/**
 * `state` with every declared field it lacks filled in; what `state` has wins. Optional fields (`x?:` in a result,
 * `Output<T | undefined>` parsed as optional) are left out: the provider only echoes them when they were given.
 */
export function fillFields(fields: Field[], state: State, ctx: FillContext, depth = 0): State {
    const filled: State = {};
    for (const field of fields) {
        if (field.optional || state[field.name] !== undefined) continue;
        filled[field.name] = valueOf(field.name, field.type, ctx, depth);
    }
    return { ...filled, ...state };
}
