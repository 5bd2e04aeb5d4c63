/**
 * Upstash pricing: a Redis database on pay-as-you-go, $0.20 per 100,000 commands (assumption
 * `upstashCommandsPerMonth`), each read region billed again for the writes it replicates (`upstashWriteShare`), data
 * beyond the free first GB at $0.25/GB, the Prod Pack when `prodPack` is on, all capped at the database's `budget`
 * input (Upstash throttles the database there; unset, the provider's default cap of $20 applies).
 */
import { SAAS_PRICES } from "./prices";
import { Bill, type CostProvider, qty, usd } from "./provider";
import { asBoolean, asNumber, asOptionalArray } from "./props";
import { usageFor } from "./usage";

const DATABASE = "upstash:index/redisDatabase:RedisDatabase";
/** The provider's documented default budget when `budget` is unset. */
export const UPSTASH_DEFAULT_BUDGET_USD = 20;

export const upstashProvider: CostProvider = {
    prefix: "upstash",
    createPricer(context) {
        return (r) => {
            if (r.type !== DATABASE) return { kind: "unpriced", reason: `no Upstash price for ${r.type}` };
            const usage = usageFor(context.usage, r);
            const readRegions = asOptionalArray(r.props["readRegions"])?.length ?? 0;
            const perCommand = SAAS_PRICES["upstash.commands"].usd;
            const bill = new Bill("global price");
            bill.add(
                `${qty(usage.upstashCommandsPerMonth)} commands × ${usd(perCommand)}/100k`,
                (usage.upstashCommandsPerMonth / 100_000) * perCommand,
            );
            if (readRegions > 0) {
                const writes = usage.upstashCommandsPerMonth * usage.upstashWriteShare * readRegions;
                bill.add(
                    `${qty(writes)} writes replicated to ${readRegions} read region${readRegions === 1 ? "" : "s"} × ${usd(perCommand)}/100k`,
                    (writes / 100_000) * perCommand,
                );
            }
            const extraGb = Math.max(0, usage.upstashStorageGb - 1);
            if (extraGb > 0) {
                const gb = SAAS_PRICES["upstash.storage"].usd;
                bill.add(`${qty(extraGb)} GB beyond the free GB × ${usd(gb)}`, extraGb * gb);
            }
            if (asBoolean(r.props["prodPack"]) === true) {
                const pack = SAAS_PRICES["upstash.prodPack"].usd;
                bill.add(`Prod Pack ${usd(pack)}`, pack);
            }
            const budget = asNumber(r.props["budget"]);
            const cap = budget !== undefined && budget > 0 ? budget : UPSTASH_DEFAULT_BUDGET_USD;
            if (bill.total > cap) {
                return new Bill("global price")
                    .add(`capped at the ${budget !== undefined ? "" : "provider's default "}budget ${usd(cap)}`, cap)
                    .note(`uncapped estimate ${usd(Math.round(bill.total * 100) / 100)}; Upstash throttles the database at its budget`)
                    .outcome();
            }
            return bill.note(`within the ${budget !== undefined ? "" : "default "}budget cap of ${usd(cap)}`).outcome();
        };
    },
};
