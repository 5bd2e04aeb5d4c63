/**
 * Stale prices: a price whose date is more than `STALE_PRICE_DAYS` days before today is reported as stale by the
 * plan (text and JSON), so a table nobody re-checked does not pass for current. A price's date is its own `asOf`
 * (YYYY-MM or YYYY-MM-DD) when it has one, else the table's (`PRICE_TABLE.asOf`); a month counts from its first day.
 * The free-tier allowances (free-tiers.ts) are dated the same way.
 */
import { ALLOWANCES, SUPABASE_QUOTA_PRICES } from "./free-tiers";
import { PRICE_TABLE } from "./prices";

/** Days after which a price is stale: vendors move prices about twice a year; 180 days is one review cycle. */
export const STALE_PRICE_DAYS = 180;

export interface StalePrice {
    id: string;
    asOf: string;
    ageDays: number;
    source: string;
}

const DAY_MS = 86_400_000;

/** `2026-11` → 2026-11-01, `2026-11-20` → that day; undefined when not a date. */
export function priceDate(asOf: string): Date | undefined {
    const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(asOf);
    if (!m) return undefined;
    return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, m[3] !== undefined ? Number(m[3]) : 1));
}

function isRecord(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Every dated price entry of the table (any nesting: entries are objects with a numeric `usd` and a `source`). */
function* entries(node: unknown, id: string, tableAsOf: string): Generator<{ id: string; asOf: string; source: string }> {
    if (!isRecord(node)) return;
    if (typeof node["usd"] === "number" && typeof node["source"] === "string") {
        yield { id, asOf: typeof node["asOf"] === "string" ? node["asOf"] : tableAsOf, source: node["source"] };
        return;
    }
    for (const [key, child] of Object.entries(node)) yield* entries(child, id === "" ? key : `${id}.${key}`, tableAsOf);
}

/** The prices (and allowances) older than `maxAgeDays` on `today`, oldest first. */
export function stalePrices(today: Date, maxAgeDays: number = STALE_PRICE_DAYS): StalePrice[] {
    const all = [
        ...entries(PRICE_TABLE, "", PRICE_TABLE.asOf),
        ...ALLOWANCES.map((a) => ({ id: `free tier ${a.meter}`, asOf: a.asOf, source: a.source })),
        ...Object.entries(SUPABASE_QUOTA_PRICES).map(([k, p]) => ({ id: `supabase.${k}`, asOf: p.asOf, source: p.source })),
    ];
    const out: StalePrice[] = [];
    for (const e of all) {
        const date = priceDate(e.asOf);
        // An undated figure is as stale as it gets: report it with an age of -1.
        const ageDays = date === undefined ? -1 : Math.floor((today.getTime() - date.getTime()) / DAY_MS);
        if (date === undefined || ageDays > maxAgeDays) out.push({ ...e, ageDays });
    }
    return out.sort((a, b) => b.ageDays - a.ageDays);
}
