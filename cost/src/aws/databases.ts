/**
 * AWS databases and storage: RDS instances (PostgreSQL, MySQL, MariaDB) and their backup replication, RDS
 * enhanced monitoring, Aurora clusters and cluster instances (provisioned, Serverless v2, I/O-Optimized),
 * ElastiCache, EBS volumes and SQS queues.
 *
 * Enhanced monitoring (`monitoringInterval` > 0) is billed as CloudWatch Logs ingestion of the RDSOSMetrics log
 * group (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.overview.html: "the cost of
 * Enhanced Monitoring depends on … the CloudWatch Logs"), at the volume of `enhancedMonitoringGbPerMonthAt60s`.
 */
import type { PricedResource } from "../index";
import { AWS_PRICES, type AwsPriceId } from "../prices";
import { cacheNodeEntry, type RdsEngine, rdsInstanceEntry } from "../prices/aws-rds";
import { SERVICE_PRICES } from "../prices/services";
import { type Bill, type PriceOutcome, qty, usd } from "../provider";
import { asBoolean, asNumber, asOptionalArray, asString, isUnknownPlaceholder } from "../props";
import { serviceUsage } from "../service-usage";
import type { ResourceUsage } from "../usage";
import { billFor, type Ctx, only, p, type Pricer, price, type RegionInfo, unpriced } from "./common";

/** The engine input of aws.rds.Instance → the price table's engine. */
const RDS_ENGINE_KEYS: Readonly<Record<string, RdsEngine>> = { postgres: "postgres", mysql: "mysql", mariadb: "mariadb" };

function enhancedMonitoring(bill: Bill, props: Record<string, unknown>, region: RegionInfo, usage: ResourceUsage): void {
    const interval = asNumber(props["monitoringInterval"]) ?? 0;
    if (interval <= 0) return;
    const gb = serviceUsage(usage, "enhancedMonitoringGbPerMonthAt60s") * (60 / interval);
    const rate = price("cloudwatch.logs.ingest", region);
    bill.add(
        `enhanced monitoring every ${interval} s: ${qty(Number(gb.toFixed(3)))} GB RDSOSMetrics × ${usd(rate)} CloudWatch Logs ingestion`,
        gb * rate,
        { id: "aws.cloudwatch.logsIngestGb", quantity: gb, unitUsd: rate },
    );
}

// ---------------------------------------------------------------------------------------------------------------
// RDS

function rdsSource(replica: PricedResource, ctx: Ctx): PricedResource | undefined {
    const ref = asString(replica.props["replicateSourceDb"]);
    if (!ref) return undefined;
    const instances = ctx.ofType("aws:rds/instance:Instance").filter((r) => r.urn !== replica.urn);
    return (
        instances.find(
            (r) =>
                r.urn === ref || asString(r.props["identifier"]) === ref || ref.endsWith(`:db:${asString(r.props["identifier"]) ?? "\0"}`),
        ) ?? instances.find((r) => ref.includes(`:db:${r.name}-`) || ref === r.name)
    );
}

function linkBackupSource(r: PricedResource, ctx: Ctx): PricedResource | undefined {
    const ref = asString(r.props["sourceDbInstanceArn"]);
    const instances = ctx.ofType("aws:rds/instance:Instance");
    if (ref) {
        const id = /:db:([^:]+)$/.exec(ref)?.[1];
        const found =
            instances.find((i) => i.urn === ref) ??
            instances.find((i) => id !== undefined && asString(i.props["identifier"]) === id) ??
            instances.find((i) => id !== undefined && id.startsWith(`${i.name}-`));
        if (found) return found;
    }
    return only(instances);
}

const rdsInstance: Pricer = (r, ctx) => {
    const props = r.props;
    const source = rdsSource(r, ctx);
    const isReplica = asString(props["replicateSourceDb"]) !== undefined || isUnknownPlaceholder(props["replicateSourceDb"]);
    const engine =
        asString(props["engine"]) ?? (source ? asString(source.props["engine"]) : undefined) ?? (isReplica ? "postgres" : undefined);
    if (engine === undefined)
        return unpriced(isUnknownPlaceholder(props["engine"]) ? "RDS engine unknown at preview" : "RDS instance without a known engine");
    const key = RDS_ENGINE_KEYS[engine];
    if (key === undefined) {
        return unpriced(
            `RDS engine "${engine}" is not in the price table (PostgreSQL, MySQL, MariaDB; Aurora instances are priced on aws:rds/clusterInstance)`,
        );
    }
    const cls = asString(props["instanceClass"]);
    if (!cls)
        return unpriced(
            isUnknownPlaceholder(props["instanceClass"]) ? "RDS instance class unknown at preview" : "RDS instance class not set",
        );
    const lookup = rdsInstanceEntry(cls, key);
    if ("reason" in lookup) return unpriced(lookup.reason);
    const classPrice = { ...lookup.entry, vcpu: lookup.vcpu };

    const region = ctx.region(r);
    const usage = ctx.usage(r);
    const multiAz = asBoolean(props["multiAz"]) === true;
    const az = multiAz ? 2 : 1;
    const hours = usage.hoursPerMonth;
    const type = (asString(props["storageType"]) ?? (asNumber(props["iops"]) !== undefined ? "io1" : "gp2")).toLowerCase();
    const storageId = `rds.storage.${type}`;
    if (!(storageId in AWS_PRICES)) return unpriced(`RDS storage type ${type} is not in the price table`);
    const storageEntry = AWS_PRICES[storageId as AwsPriceId];
    const bill = billFor(region, classPrice, storageEntry);

    const hourly = p(classPrice, region) * az;
    bill.add(
        `${cls}${engine === "postgres" ? "" : ` ${engine}`}${multiAz ? " Multi-AZ" : ""} ${qty(hours)} h × ${usd(hourly)}`,
        hours * hourly,
    );
    if (classPrice.derived) bill.note(`${cls} price ${classPrice.derived}`);

    let gb = asNumber(props["allocatedStorage"]);
    let gbNote = "";
    if (gb === undefined && source) {
        gb = asNumber(source.props["allocatedStorage"]);
        gbNote = " (source's storage)";
    }
    if (gb === undefined) {
        gb = 20;
        gbNote = " (allocatedStorage not known: 20 GB assumed)";
    }
    const perGb = p(storageEntry, region) * az;
    bill.add(`${qty(gb)} GB ${type}${gbNote} × ${usd(perGb)}`, gb * perGb);

    const iops = asNumber(props["iops"]);
    if ((type === "io1" || type === "io2") && iops !== undefined) {
        const rate = price("rds.piops.io", region) * az;
        bill.add(`${qty(iops)} IOPS × ${usd(rate)}`, iops * rate);
    }
    if (type === "gp3") {
        const large = gb >= 400;
        const extraIops = Math.max(0, (iops ?? 0) - (large ? 12_000 : 3_000));
        if (extraIops > 0) {
            const rate = price("rds.gp3.extraIops", region) * az;
            bill.add(`${qty(extraIops)} IOPS above the gp3 baseline × ${usd(rate)}`, extraIops * rate);
        }
        const extraTput = Math.max(0, (asNumber(props["storageThroughput"]) ?? 0) - (large ? 500 : 125));
        if (extraTput > 0) {
            const rate = price("rds.gp3.extraThroughput", region) * az;
            bill.add(`${qty(extraTput)} MiB/s above the gp3 baseline × ${usd(rate)}`, extraTput * rate);
        }
    }

    // Automated backups: retention days × daily change, beyond the free 100 % of the provisioned storage.
    const retentionInput = asNumber(props["backupRetentionPeriod"]);
    const retention = retentionInput ?? (isReplica ? 0 : 1);
    if (retention > 0) {
        const daily = gb * usage.rdsDailyChangeFraction;
        const backupGb = retention * daily;
        const billable = Math.max(0, backupGb - gb);
        const days = `${retention} d${retentionInput === undefined ? " (default)" : ""}`;
        if (billable > 0) {
            const rate = price("rds.backup", region);
            bill.add(`backups ${days} × ${qty(daily)} GB/d − ${qty(gb)} GB free = ${qty(billable)} GB × ${usd(rate)}`, billable * rate);
        } else {
            bill.note(`backups ${days} × ${qty(daily)} GB/d within the free ${qty(gb)} GB`);
        }
    }

    // Performance Insights: 7 days free; longer retention (or Database Insights Advanced) per vCPU-hour.
    const piRetention = asNumber(props["performanceInsightsRetentionPeriod"]) ?? 7;
    const advanced = asString(props["databaseInsightsMode"]) === "advanced";
    if (advanced || (asBoolean(props["performanceInsightsEnabled"]) === true && piRetention > 7)) {
        const rate = price("rds.databaseInsights.advanced", region);
        bill.add(
            `Performance Insights ${piRetention} d: ${classPrice.vcpu} vCPU × ${qty(hours)} h × ${usd(rate)}`,
            classPrice.vcpu * hours * rate,
        );
    } else if (asBoolean(props["performanceInsightsEnabled"]) === true) {
        bill.note("Performance Insights 7 days: free");
    }
    enhancedMonitoring(bill, props, region, usage);
    return bill.outcome();
};

const rdsBackupReplication: Pricer = (r, ctx) => {
    const source = linkBackupSource(r, ctx);
    if (!source) return unpriced("cannot link the backup replication to its source RDS instance");
    const gb = asNumber(source.props["allocatedStorage"]);
    if (gb === undefined) return unpriced(`source instance ${source.name} has no known allocatedStorage`);
    const dest = ctx.region(r);
    const from = ctx.region(source);
    const usage = ctx.usage(r);
    const retention = asNumber(r.props["retentionPeriod"]) ?? 7;
    const daily = gb * usage.rdsDailyChangeFraction;
    const storedGb = gb + retention * daily;
    const transferGb = daily * 30;
    const storage = price("rds.backup", dest);
    const transfer = price("transfer.interRegion", from);
    return billFor(dest, AWS_PRICES["rds.backup"], AWS_PRICES["transfer.interRegion"])
        .add(
            `replicated backups of ${source.name} (${qty(gb)} GB + ${retention} d × ${qty(daily)} GB/d) = ${qty(storedGb)} GB × ${usd(storage)}`,
            storedGb * storage,
        )
        .add(`${qty(transferGb)} GB/month transferred from ${from.priced} × ${usd(transfer)}`, transferGb * transfer)
        .outcome();
};

// ---------------------------------------------------------------------------------------------------------------
// ElastiCache

function cacheNodes(
    nodeType: string | undefined,
    count: number,
    countText: string,
    engine: string | undefined,
    r: PricedResource,
    ctx: Ctx,
): PriceOutcome {
    if (!nodeType) return unpriced("cache node type unknown");
    const entry = cacheNodeEntry(nodeType);
    if (!entry) return unpriced(`cache node type ${nodeType} is not in the price table (families: t3 t4g m5 m6g m7g r5 r6g r6gd r7g)`);
    const region = ctx.region(r);
    const hours = ctx.usage(r).hoursPerMonth;
    const valkey = engine === "valkey";
    const rate = p(entry, region) * (valkey ? AWS_PRICES["elasticache.valkeyFactor"].usd : 1);
    return billFor(region, entry)
        .add(`${countText} × ${nodeType}${valkey ? " (Valkey: Redis OSS × 0.8)" : ""} ${qty(hours)} h × ${usd(rate)}`, count * hours * rate)
        .note(entry.derived ? `${nodeType} price ${entry.derived}; snapshot storage not counted` : "snapshot storage not counted")
        .outcome();
}

const cacheReplicationGroup: Pricer = (r, ctx) => {
    const props = r.props;
    const groups = asNumber(props["numNodeGroups"]);
    let count: number;
    let text: string;
    if (groups !== undefined) {
        const replicas = asNumber(props["replicasPerNodeGroup"]) ?? 0;
        count = groups * (1 + replicas);
        text = `${count} nodes (${groups} shards × ${1 + replicas})`;
    } else {
        const clusters = asNumber(props["numCacheClusters"]);
        count = clusters ?? 1;
        text = clusters === undefined ? "1 node (numCacheClusters not known: 1 assumed)" : `${count} node${count === 1 ? "" : "s"}`;
    }
    return cacheNodes(asString(props["nodeType"]), count, text, asString(props["engine"]), r, ctx);
};

const cacheCluster: Pricer = (r, ctx) => {
    const group = asString(r.props["replicationGroupId"]);
    if (group) return { kind: "priced", monthlyUsd: 0, basis: `member of replication group ${group}: its nodes are priced there` };
    const nodes = asNumber(r.props["numCacheNodes"]) ?? 1;
    return cacheNodes(asString(r.props["nodeType"]), nodes, `${nodes} node${nodes === 1 ? "" : "s"}`, asString(r.props["engine"]), r, ctx);
};

// ---------------------------------------------------------------------------------------------------------------
// EBS volumes

const EBS_VOLUME_TYPES: readonly string[] = ["gp3", "gp2", "io1", "io2", "st1", "sc1", "standard"];

/** io2 provisioned IOPS are billed in tiers: up to 32,000, 32,001-64,000, above 64,000. */
const IO2_IOPS_TIERS: { upTo: number; id: AwsPriceId; label: string }[] = [
    { upTo: 32_000, id: "ebs.io2.iops", label: "" },
    { upTo: 64_000, id: "ebs.io2.iops.tier2", label: " (32,001-64,000)" },
    { upTo: Infinity, id: "ebs.io2.iops.tier3", label: " (above 64,000)" },
];

const ebsVolume: Pricer = (r, ctx) => {
    const props = r.props;
    if (isUnknownPlaceholder(props["type"])) return unpriced("EBS volume type unknown");
    // Unset, CreateVolume (and the provider) create gp2.
    const type = (asString(props["type"]) ?? "gp2").toLowerCase();
    if (!EBS_VOLUME_TYPES.includes(type)) return unpriced(`EBS volume type ${type} is not in the price table`);
    const gb = asNumber(props["size"]);
    if (gb === undefined) {
        return unpriced(
            isUnknownPlaceholder(props["size"])
                ? "EBS volume size unknown"
                : "EBS volume size not set (created from a snapshot: its size is not known)",
        );
    }
    const storageId = `ebs.${type}` as AwsPriceId;
    const region = ctx.region(r);
    const bill = billFor(region, AWS_PRICES[storageId]);
    const perGb = price(storageId, region);
    bill.add(`${qty(gb)} GB ${type} × ${usd(perGb)}`, gb * perGb);

    const iops = asNumber(props["iops"]);
    if (type === "gp3") {
        const extraIops = Math.max(0, (iops ?? 0) - 3_000);
        if (extraIops > 0) {
            const rate = price("ebs.gp3.extraIops", region);
            bill.add(`${qty(extraIops)} IOPS above the gp3 baseline × ${usd(rate)}`, extraIops * rate);
        }
        const extraTput = Math.max(0, (asNumber(props["throughput"]) ?? 0) - 125);
        if (extraTput > 0) {
            const rate = price("ebs.gp3.extraThroughput", region);
            bill.add(`${qty(extraTput)} MiB/s above the gp3 baseline × ${usd(rate)}`, extraTput * rate);
        }
    } else if (type === "io1" && iops !== undefined) {
        const rate = price("ebs.io1.iops", region);
        bill.add(`${qty(iops)} IOPS × ${usd(rate)}`, iops * rate);
    } else if (type === "io2" && iops !== undefined) {
        let from = 0;
        for (const tier of IO2_IOPS_TIERS) {
            const n = Math.max(0, Math.min(iops, tier.upTo) - from);
            if (n > 0) {
                const rate = price(tier.id, region);
                bill.add(`${qty(n)} IOPS${tier.label} × ${usd(rate)}`, n * rate);
            }
            from = tier.upTo;
        }
    } else if ((type === "io1" || type === "io2") && isUnknownPlaceholder(props["iops"])) {
        bill.note("provisioned IOPS unknown: not counted");
    }
    return bill.note("snapshots not counted").outcome();
};

// ---------------------------------------------------------------------------------------------------------------
// SQS

const sqsQueue: Pricer = (r, ctx) => {
    const fifo = asBoolean(r.props["fifoQueue"]) === true || (asString(r.props["name"]) ?? "").endsWith(".fifo");
    const id: AwsPriceId = fifo ? "sqs.fifo.requests" : "sqs.standard.requests";
    const region = ctx.region(r);
    const n = ctx.usage(r).sqsRequestsPerQueuePerMonth;
    const rate = price(id, region);
    return billFor(region, AWS_PRICES[id])
        .add(`${qty(n)} requests × ${usd(rate)}/M${fifo ? " (FIFO)" : ""}`, (n / 1_000_000) * rate)
        .note("first 1 M requests a month free per account, not applied")
        .outcome();
};

// ---------------------------------------------------------------------------------------------------------------
// Aurora

const AURORA_ENGINES: Readonly<Record<string, RdsEngine>> = {
    "aurora-postgresql": "aurora",
    "aurora-mysql": "auroraMysql",
    aurora: "auroraMysql",
};

function clusterOf(instance: PricedResource, ctx: Ctx): PricedResource | undefined {
    const ref = asString(instance.props["clusterIdentifier"]);
    const clusters = ctx.ofType("aws:rds/cluster:Cluster");
    return clusters.find((c) => c.urn === ref || asString(c.props["clusterIdentifier"]) === ref) ?? only(clusters);
}

function ioOptimized(cluster: PricedResource | undefined): boolean {
    return asString(cluster?.props["storageType"]) === "aurora-iopt1";
}

/** The cluster: storage and I/O (instances are priced on each aws:rds/clusterInstance). */
const auroraCluster: Pricer = (r, ctx) => {
    const engine = asString(r.props["engine"]);
    if (engine !== undefined && !(engine in AURORA_ENGINES))
        return unpriced(`RDS Multi-AZ DB cluster engine "${engine}" is not in the price table (Aurora only)`);
    const region = ctx.region(r);
    const usage = ctx.usage(r);
    const gb = serviceUsage(usage, "auroraStorageGb");
    if (ioOptimized(r)) {
        const entry = SERVICE_PRICES["aurora.storage.iopt"];
        const rate = p(entry, region);
        return billFor(region, entry)
            .add(`${qty(gb)} GB I/O-Optimized storage × ${usd(rate)} (I/O included)`, gb * rate)
            .note("instances priced on their cluster instances")
            .outcome();
    }
    const storage = SERVICE_PRICES["aurora.storage"];
    const io = SERVICE_PRICES["aurora.io"];
    const ios = serviceUsage(usage, "auroraIoMillionsPerMonth");
    return billFor(region, storage, io)
        .add(`${qty(gb)} GB storage × ${usd(p(storage, region))}`, gb * p(storage, region))
        .add(`${qty(ios)} M I/O requests × ${usd(p(io, region))}`, ios * p(io, region))
        .note("instances priced on their cluster instances; backups within the cluster size free")
        .outcome();
};

const auroraInstance: Pricer = (r, ctx) => {
    const cluster = clusterOf(r, ctx);
    const engineName = asString(r.props["engine"]) ?? asString(cluster?.props["engine"]);
    const engine = engineName === undefined ? undefined : AURORA_ENGINES[engineName];
    if (engine === undefined)
        return unpriced(
            engineName === undefined ? "Aurora engine unknown" : `cluster instance engine "${engineName}" is not in the price table`,
        );
    const cls = asString(r.props["instanceClass"]);
    if (!cls) return unpriced("cluster instance class unknown");
    const region = ctx.region(r);
    const usage = ctx.usage(r);
    const hours = usage.hoursPerMonth;
    const iopt = ioOptimized(cluster);
    if (cls === "db.serverless") {
        const scaling =
            asOptionalArray(cluster?.props["serverlessv2ScalingConfiguration"])?.[0] ?? cluster?.props["serverlessv2ScalingConfiguration"];
        const min = asNumber(scaling !== null && typeof scaling === "object" ? Reflect.get(scaling, "minCapacity") : undefined) ?? 0;
        const acu = Math.max(min, serviceUsage(usage, "auroraServerlessAverageAcu"));
        const entry = SERVICE_PRICES[iopt ? "aurora.serverlessV2.acu.iopt" : "aurora.serverlessV2.acu"];
        const rate = p(entry, region);
        return billFor(region, entry)
            .add(`Serverless v2 ${qty(acu)} ACU × ${qty(hours)} h × ${usd(rate)}${iopt ? " (I/O-Optimized)" : ""}`, acu * hours * rate)
            .outcome();
    }
    const lookup = rdsInstanceEntry(cls, engine);
    if ("reason" in lookup) return unpriced(lookup.reason);
    const factor = iopt ? 1.3 : 1;
    const rate = p(lookup.entry, region) * factor;
    const bill = billFor(region, lookup.entry).add(
        `${cls} ${engineName}${iopt ? " I/O-Optimized (× 1.3)" : ""} ${qty(hours)} h × ${usd(rate)}`,
        hours * rate,
    );
    if (lookup.entry.derived) bill.note(`${cls} price ${lookup.entry.derived}`);
    enhancedMonitoring(bill, r.props, region, usage);
    return bill.outcome();
};

export const AWS_DATA_PRICERS: Readonly<Record<string, Pricer>> = {
    "aws:rds/instance:Instance": rdsInstance,
    "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": rdsBackupReplication,
    "aws:rds/cluster:Cluster": auroraCluster,
    "aws:rds/clusterInstance:ClusterInstance": auroraInstance,
    "aws:elasticache/replicationGroup:ReplicationGroup": cacheReplicationGroup,
    "aws:elasticache/cluster:Cluster": cacheCluster,
    "aws:sqs/queue:Queue": sqsQueue,
    "aws:ebs/volume:Volume": ebsVolume,
};

export type { AwsPriceId };
