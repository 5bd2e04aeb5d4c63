/**
 * `--check`: the figures read (from the API, or from a public dataset with `--dataset`) against the committed
 * tables in cost/src/prices/, so a stale or wrong entry shows. A difference above `tolerance` (relative) is
 * printed; so is an id the figures have and the table lacks (a class nobody priced yet) and the other way round.
 */
import { EC2_HOURLY } from "@appstack/cost/prices/aws-ec2";
import { cacheNodeEntry, type RdsEngine, rdsInstanceEntry } from "@appstack/cost/prices/aws-rds";
import { SERVICE_PRICE_TABLE } from "@appstack/cost/prices/services";
import { isPricedRegion, type PriceEntry, regionalPrice } from "@appstack/cost/prices/types";
import type { ParsedPrice } from "./parse-result";

export interface Difference {
    id: string;
    region: string;
    read: number;
    /** The committed figure, or undefined when the table has none. */
    table: number | undefined;
    /** (read - table) / table; undefined without a table figure. */
    relative: number | undefined;
    note?: string;
}

const RDS_ENGINE_KEYS: readonly string[] = ["postgres", "mysql", "mariadb", "aurora", "auroraMysql"];
function isRdsEngine(s: string): s is RdsEngine {
    return RDS_ENGINE_KEYS.includes(s);
}

function inRegion(entry: PriceEntry | undefined, region: string): number | undefined {
    if (entry === undefined) return undefined;
    if (region === "us-east-1" || region === "global" || region === "us-central1") return entry.usd;
    return isPricedRegion(region) ? regionalPrice(entry, region).usd : undefined;
}

function serviceEntry(id: string): PriceEntry | undefined {
    return Object.entries(SERVICE_PRICE_TABLE).find(([k]) => k === id)?.[1];
}

/** The committed figure for a table id in a region, with a note on how the table gets it; undefined: not in the table. */
export function tableFigure(service: string, id: string, region: string): { usd: number; note?: string } | undefined {
    if (service === "ec2") {
        const usd = EC2_HOURLY[id];
        if (usd === undefined) return undefined;
        const entry: PriceEntry = { usd, unit: "instance-hour", group: "ec2", source: "", verified: true };
        return {
            usd: inRegion(entry, region) ?? usd,
            note: region === "us-east-1" ? undefined : "table: us-east-1 × the ec2 regional factor",
        };
    }
    if (service === "rds") {
        const [engine = "", cls = "", option = ""] = id.split("/");
        if (!isRdsEngine(engine)) {
            const usd = inRegion(serviceEntry(id), region);
            return usd === undefined ? undefined : { usd };
        }
        if (option === "IO-Optimized") return undefined; // the table prices Aurora Standard instances only
        const found = rdsInstanceEntry(cls, engine);
        if (!("entry" in found)) return undefined;
        const single = inRegion(found.entry, region);
        if (single === undefined) return undefined;
        return option === "Multi-AZ"
            ? { usd: single * 2, note: "table: Multi-AZ = 2 × Single-AZ" }
            : { usd: single, note: found.entry.derived };
    }
    if (service === "elasticache") {
        if (id.startsWith("valkey/")) return undefined; // the table prices Valkey as a factor of Redis OSS
        const usd = inRegion(cacheNodeEntry(id), region);
        return usd === undefined ? undefined : { usd };
    }
    const usd = inRegion(serviceEntry(id), region);
    return usd === undefined ? undefined : { usd };
}

/** Differences between the figures read and the committed table, largest first. */
export function compareWithTables(service: string, prices: readonly ParsedPrice[], tolerance = 0.005): Difference[] {
    const out: Difference[] = [];
    for (const p of prices) {
        const t = tableFigure(service, p.id, p.region);
        if (t === undefined) {
            out.push({
                id: p.id,
                region: p.region,
                read: p.usd,
                table: undefined,
                relative: undefined,
                note: "not in the committed table",
            });
            continue;
        }
        const relative = t.usd === 0 ? (p.usd === 0 ? 0 : Infinity) : (p.usd - t.usd) / t.usd;
        if (Math.abs(relative) > tolerance) out.push({ id: p.id, region: p.region, read: p.usd, table: t.usd, relative, note: t.note });
    }
    return out.sort((a, b) => Math.abs(b.relative ?? 0) - Math.abs(a.relative ?? 0) || a.id.localeCompare(b.id));
}

export function formatDifferences(diffs: readonly Difference[]): string[] {
    return diffs.map((d) =>
        d.table === undefined
            ? `  + ${d.id} (${d.region}): $${d.read}, ${d.note ?? ""}`
            : `  ~ ${d.id} (${d.region}): read $${d.read}, table $${Number(d.table.toPrecision(10))} (${((d.relative ?? 0) * 100).toFixed(1)} %)${d.note ? `; ${d.note}` : ""}`,
    );
}
