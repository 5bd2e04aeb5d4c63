/**
 * npm run prices:regenerate -- [--service ec2|rds|elasticache|lambda|dynamodb|eks|redshift|cloudsql|gke|functions|memorystore]...
 *                             [--dry-run] [--check] [--dataset <file>] [--date YYYY-MM-DD]
 *
 * Reads the vendors' price APIs (AWS Price List Query API, Google Cloud Billing Catalog API) with the caller's
 * credentials and writes cost/src/generated/<service>.ts with each price's SKU, the vendor page and the date
 * read. `--dry-run` reads and reports but writes nothing; `--check` prints where the figures differ from the
 * committed tables (cost/src/prices/); `--dataset` takes the figures from a public dataset file instead of the
 * API (EC2: karpenter's zz_generated.pricing_aws.go or ec2instances.info's instances.json), for a check without
 * credentials. Exit 0 done, 1 the check found differences, 2 bad arguments, missing credentials or an API error.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseAwsPriceList } from "./aws-price-list";
import { compareWithTables, formatDifferences } from "./check";
import { ApiError, awsCredentials, awsGetProducts, CredentialsError, gcpAuth, gcpListSkus, gcpServiceId } from "./clients";
import { parseDataset } from "./dataset";
import { generatedPath, renderGenerated } from "./emit";
import { emptyResult, type ParseResult } from "./parse-result";
import { parseGcpSkus } from "./gcp-catalog";
import { type Target, TARGETS } from "./targets";

export class UsageError extends Error {}

export interface Options {
    services: string[];
    dryRun: boolean;
    check: boolean;
    dataset?: string;
    date: string;
}

export function parseArgs(argv: readonly string[], today: Date = new Date()): Options {
    const opts: Options = { services: [], dryRun: false, check: false, date: today.toISOString().slice(0, 10) };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i] ?? "";
        const value = (): string => {
            const v = argv[++i];
            if (v === undefined || v.startsWith("--")) throw new UsageError(`${a} needs a value`);
            return v;
        };
        if (a === "--service") opts.services.push(...value().split(","));
        else if (a === "--dry-run") opts.dryRun = true;
        else if (a === "--check") opts.check = true;
        else if (a === "--dataset") opts.dataset = value();
        else if (a === "--date") opts.date = value();
        else
            throw new UsageError(
                `unknown argument ${a} (allowed: --service <${Object.keys(TARGETS).join("|")}>, --dry-run, --check, --dataset <file>, --date YYYY-MM-DD)`,
            );
    }
    for (const s of opts.services) {
        if (!(s in TARGETS)) throw new UsageError(`unknown --service ${s} (allowed: ${Object.keys(TARGETS).join(", ")})`);
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.date)) throw new UsageError(`--date ${opts.date} is not YYYY-MM-DD`);
    if (opts.dataset !== undefined) {
        if (opts.services.length !== 1 || opts.services[0] !== "ec2")
            throw new UsageError("--dataset reads EC2 price files only: give --service ec2");
        opts.check = true;
        opts.dryRun = true;
    }
    if (opts.services.length === 0) opts.services = Object.keys(TARGETS);
    return opts;
}

async function readTarget(target: Target, log: (line: string) => void): Promise<ParseResult> {
    if (target.provider === "aws") {
        const credentials = awsCredentials();
        const entries: string[] = [];
        for (const q of target.queries) entries.push(...(await awsGetProducts(target.serviceCode, q, credentials)));
        log(`${target.name}: ${entries.length} Price List entries from ${target.queries.length} GetProducts queries`);
        return parseAwsPriceList(entries, target.match);
    }
    const auth = gcpAuth();
    const id = await gcpServiceId(target.serviceDisplayName, auth);
    const skus = await gcpListSkus(id, auth);
    log(`${target.name}: ${skus.length} SKUs of ${target.serviceDisplayName} (${id})`);
    return parseGcpSkus(skus, target.match);
}

export async function main(argv: readonly string[], log: (line: string) => void = console.log, cwd = process.cwd()): Promise<number> {
    const opts = parseArgs(argv);
    let differences = 0;
    for (const name of opts.services) {
        const target = TARGETS[name];
        if (target === undefined) continue;
        const result =
            opts.dataset !== undefined
                ? { ...emptyResult(), prices: parseDataset(fs.readFileSync(opts.dataset, "utf8")) }
                : await readTarget(target, log);
        log(
            `${name}: ${result.prices.length} prices, ${result.skipped} entries skipped as not priced by the tables, ${result.malformed.length} malformed, ${result.conflicts.length} conflicting`,
        );
        for (const m of [...result.malformed, ...result.conflicts]) log(`  ! ${m.at}: ${m.message}`);
        if (opts.check) {
            const diffs = compareWithTables(name, result.prices);
            differences += diffs.filter((d) => d.table !== undefined).length;
            log(
                `${name}: ${diffs.filter((d) => d.table !== undefined).length} differ from the committed table by more than 0.5 %, ${diffs.filter((d) => d.table === undefined).length} are not in it`,
            );
            for (const line of formatDifferences(diffs)) log(line);
        }
        if (!opts.dryRun) {
            if (result.prices.length === 0) {
                log(`${name}: nothing read, ${generatedPath(name)} left as it was`);
                continue;
            }
            const file = path.join(cwd, generatedPath(name));
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, renderGenerated(target, result.prices, opts.date));
            log(`${name}: wrote ${generatedPath(name)}`);
        }
    }
    return opts.check && differences > 0 ? 1 : 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (err: unknown) => {
            if (err instanceof UsageError || err instanceof CredentialsError || err instanceof ApiError) {
                console.error(`prices:regenerate: ${err.message}`);
            } else {
                console.error(`prices:regenerate: ${err instanceof Error ? err.message : String(err)}`);
            }
            process.exit(2);
        },
    );
}
