/**
 * AWS compute and serverless pricing: EC2 instances (with their root volume), EKS clusters and managed node groups,
 * Lambda, API Gateway REST and HTTP APIs, DynamoDB, Redshift, and ECS Container Insights.
 *
 * Defaults a real provider applies when an input is absent (so the estimate matches what gets created):
 * - EC2 root volume: the AMI's, typically 8 GB gp3 (Amazon Linux 2023), priced as 8 GB gp3 when `rootBlockDevice` is unset.
 * - EKS node group: `instanceTypes` defaults to ["t3.medium"] and the disk to 20 GB (EKS CreateNodegroup API reference:
 *   https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html, instanceTypes and diskSize).
 * - Lambda: 128 MB and x86_64 (https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html, MemorySize, Architectures).
 * - DynamoDB: PROVISIONED billing when `billingMode` is unset (the provider's default).
 */
import type { PricedResource } from "../index";
import { AWS_PRICES, type PriceEntry } from "../prices";
import { ec2Entry } from "../prices/aws-ec2";
import { SERVICE_PRICES, type ServicePriceId } from "../prices/services";
import { type PriceOutcome, qty, usd } from "../provider";
import { asBoolean, asNumber, asOptionalArray, asRecord, asString, isUnknownPlaceholder } from "../props";
import { serviceUsage } from "../service-usage";
import { billFor, type Ctx, p, type Pricer, price, type RegionInfo, unpriced } from "./common";

const svc = (id: ServicePriceId, region: RegionInfo): number => p(SERVICE_PRICES[id], region);

function rootVolume(props: Record<string, unknown>): { gb: number; type: string; assumed: boolean } {
    const root = asRecord(props["rootBlockDevice"]) ?? asRecord(asOptionalArray(props["rootBlockDevice"])?.[0]);
    const gb = asNumber(root?.["volumeSize"]);
    const type = (asString(root?.["volumeType"]) ?? "gp3").toLowerCase();
    return { gb: gb ?? 8, type, assumed: gb === undefined };
}

function instanceHours(
    type: string | undefined,
    count: number,
    countText: string,
    r: PricedResource,
    ctx: Ctx,
): PriceOutcome | { entry: PriceEntry; text: string; usd: number } {
    if (!type)
        return unpriced(
            isUnknownPlaceholder(r.props["instanceType"]) ? "EC2 instance type unknown at preview" : "EC2 instance type not set",
        );
    const entry = ec2Entry(type);
    if (!entry)
        return unpriced(
            `EC2 instance type ${type} is not in the price table (current m/c/r/t families: m5 m6i m6g m7i m7g c5 c6i c6g c7g c7i r5 r6i r6g r7g t3 t3a t4g)`,
        );
    const region = ctx.region(r);
    const hours = ctx.usage(r).hoursPerMonth;
    const rate = p(entry, region);
    return { entry, text: `${countText} × ${type} ${qty(hours)} h × ${usd(rate)}`, usd: count * hours * rate };
}

function ebsRate(type: string, region: RegionInfo): number | undefined {
    const id = `ebs.${type}`;
    for (const [k, entry] of Object.entries(AWS_PRICES)) if (k === id) return p(entry, region);
    return undefined;
}

const ec2Instance: Pricer = (r, ctx) => {
    const hours = instanceHours(asString(r.props["instanceType"]), 1, "1", r, ctx);
    if ("kind" in hours) return hours;
    const region = ctx.region(r);
    const root = rootVolume(r.props);
    const rate = ebsRate(root.type, region);
    const bill = billFor(region, hours.entry).add(hours.text, hours.usd);
    if (rate === undefined) bill.note(`root volume type ${root.type} not priced`);
    else
        bill.add(
            `root volume ${qty(root.gb)} GB ${root.type}${root.assumed ? " (AMI default assumed)" : ""} × ${usd(rate)}`,
            root.gb * rate,
        );
    if (asString(r.props["tenancy"]) === "dedicated") bill.note("dedicated tenancy surcharge not counted");
    if (asString(r.props["instanceType"])?.startsWith("t") === true) bill.note("T-family unlimited CPU credits not counted");
    return bill.outcome();
};

const eksCluster: Pricer = (r, ctx) => {
    const region = ctx.region(r);
    const hours = ctx.usage(r).hoursPerMonth;
    const extended = asString(asRecord(r.props["upgradePolicy"])?.["supportType"]) === "EXTENDED";
    const id: ServicePriceId = extended ? "eks.cluster.extendedHour" : "eks.cluster.hour";
    const rate = svc(id, region);
    return billFor(region, SERVICE_PRICES[id])
        .add(`EKS control plane${extended ? " (extended support)" : ""} ${qty(hours)} h × ${usd(rate)}`, hours * rate)
        .note("nodes priced on their node groups or instances")
        .outcome();
};

const eksNodeGroup: Pricer = (r, ctx) => {
    const scaling = asRecord(r.props["scalingConfig"]);
    const desired = asNumber(scaling?.["desiredSize"]) ?? asNumber(scaling?.["minSize"]);
    if (desired === undefined) return unpriced("EKS node group scalingConfig.desiredSize unknown");
    const types = asOptionalArray(r.props["instanceTypes"])
        ?.map(asString)
        .filter((t): t is string => t !== undefined);
    const type = types?.[0] ?? (r.props["launchTemplate"] !== undefined ? undefined : "t3.medium");
    if (type === undefined) return unpriced("EKS node group instance type set in its launch template: not read");
    const hours = instanceHours(
        type,
        desired,
        `${desired} node${desired === 1 ? "" : "s"}${types ? "" : " (EKS default t3.medium)"}`,
        r,
        ctx,
    );
    if ("kind" in hours) return hours;
    const region = ctx.region(r);
    const disk = asNumber(r.props["diskSize"]) ?? 20;
    const gp2 = ebsRate("gp2", region) ?? 0;
    const bill = billFor(region, hours.entry)
        .add(hours.text, hours.usd)
        .add(`${desired} × ${qty(disk)} GB gp2 node disk × ${usd(gp2)}`, desired * disk * gp2);
    if (asString(r.props["capacityType"]) === "SPOT") bill.note("Spot discount not applied");
    return bill.outcome();
};

const lambdaFunction: Pricer = (r, ctx) => {
    const region = ctx.region(r);
    const usage = ctx.usage(r);
    const arm = (asOptionalArray(r.props["architectures"]) ?? []).includes("arm64");
    const mb = asNumber(r.props["memorySize"]) ?? 128;
    const n = serviceUsage(usage, "lambdaRequestsPerMonth");
    const ms = serviceUsage(usage, "lambdaDurationMs");
    const gbSeconds = n * (ms / 1000) * (mb / 1024);
    const durationId: ServicePriceId = arm ? "lambda.arm.gbSecond" : "lambda.x86.gbSecond";
    const bill = billFor(region, SERVICE_PRICES["lambda.requests"], SERVICE_PRICES[durationId])
        // Meters: the free tier's 1 M requests and 400,000 GB-s (x86 and Arm alike) are taken off once per account (free-tiers.ts).
        .add(`${qty(n)} requests × ${usd(svc("lambda.requests", region))}/M`, (n / 1_000_000) * svc("lambda.requests", region), {
            id: "aws.lambda.requests",
            quantity: n,
            unitUsd: svc("lambda.requests", region) / 1_000_000,
        })
        .add(
            `${qty(gbSeconds)} GB-s (${qty(mb)} MB × ${qty(ms)} ms${arm ? ", Arm" : ", x86"}) × ${usd(svc(durationId, region))}`,
            gbSeconds * svc(durationId, region),
            {
                id: "aws.lambda.gbSeconds",
                quantity: gbSeconds,
                unitUsd: svc(durationId, region),
            },
        );
    const ephemeral = asNumber(asRecord(r.props["ephemeralStorage"])?.["size"]);
    if (ephemeral !== undefined && ephemeral > 512) {
        const extraGbSeconds = n * (ms / 1000) * ((ephemeral - 512) / 1024);
        bill.add(
            `${qty(extraGbSeconds)} GB-s ephemeral storage above 512 MB × ${usd(svc("lambda.ephemeral.gbSecond", region))}`,
            extraGbSeconds * svc("lambda.ephemeral.gbSecond", region),
        );
    }
    return bill.outcome();
};

function apiRequests(id: ServicePriceId, what: string): Pricer {
    return (r, ctx) => {
        const region = ctx.region(r);
        const n = serviceUsage(ctx.usage(r), "apiRequestsPerMonth");
        const rate = svc(id, region);
        return billFor(region, SERVICE_PRICES[id])
            .add(`${qty(n)} ${what} requests × ${usd(rate)}/M`, (n / 1_000_000) * rate)
            .note("caching and data transfer not counted")
            .outcome();
    };
}

const httpApi: Pricer = (r, ctx) => {
    if (asString(r.props["protocolType"]) === "WEBSOCKET") {
        const region = ctx.region(r);
        const n = serviceUsage(ctx.usage(r), "apiRequestsPerMonth");
        const rate = svc("apigw.websocket.messages", region);
        return billFor(region, SERVICE_PRICES["apigw.websocket.messages"])
            .add(`${qty(n)} WebSocket messages × ${usd(rate)}/M`, (n / 1_000_000) * rate)
            .note("connection minutes not counted")
            .outcome();
    }
    return apiRequests("apigw.http.requests", "HTTP API")(r, ctx);
};

const dynamodbTable: Pricer = (r, ctx) => {
    const region = ctx.region(r);
    const usage = ctx.usage(r);
    const props = r.props;
    const mode = asString(props["billingMode"]) ?? "PROVISIONED";
    const gb = serviceUsage(usage, "dynamodbStorageGb");
    const hours = usage.hoursPerMonth;
    const bill = billFor(region, SERVICE_PRICES["dynamodb.storage"]);
    if (mode === "PAY_PER_REQUEST") {
        const w = serviceUsage(usage, "dynamodbWriteRequestsPerMonth");
        const rd = serviceUsage(usage, "dynamodbReadRequestsPerMonth");
        bill.add(
            `${qty(w)} write request units × ${usd(svc("dynamodb.ondemand.write", region))}/M`,
            (w / 1_000_000) * svc("dynamodb.ondemand.write", region),
        ).add(
            `${qty(rd)} read request units × ${usd(svc("dynamodb.ondemand.read", region))}/M`,
            (rd / 1_000_000) * svc("dynamodb.ondemand.read", region),
        );
    } else {
        const wcu = asNumber(props["writeCapacity"]) ?? 0;
        const rcu = asNumber(props["readCapacity"]) ?? 0;
        bill.add(
            `${qty(wcu)} WCU × ${qty(hours)} h × ${usd(svc("dynamodb.provisioned.wcu", region))}`,
            wcu * hours * svc("dynamodb.provisioned.wcu", region),
        ).add(
            `${qty(rcu)} RCU × ${qty(hours)} h × ${usd(svc("dynamodb.provisioned.rcu", region))}`,
            rcu * hours * svc("dynamodb.provisioned.rcu", region),
        );
    }
    bill.add(`${qty(gb)} GB stored × ${usd(svc("dynamodb.storage", region))}`, gb * svc("dynamodb.storage", region));
    if (asBoolean(asRecord(props["pointInTimeRecovery"])?.["enabled"]) === true) {
        bill.add(`PITR ${qty(gb)} GB × ${usd(svc("dynamodb.pitr", region))}`, gb * svc("dynamodb.pitr", region));
    }
    const replicas = asOptionalArray(props["replicas"])?.length ?? 0;
    if (replicas > 0) bill.note(`${replicas} global-table replica${replicas === 1 ? "" : "s"} not counted`);
    return bill.note("first 25 GB a month free per account, not applied").outcome();
};

const REDSHIFT_NODES: Readonly<Record<string, ServicePriceId>> = {
    "dc2.large": "redshift.dc2.large",
    "ra3.4xlarge": "redshift.ra3.4xlarge",
    "ra3.16xlarge": "redshift.ra3.16xlarge",
    "ds2.8xlarge": "redshift.ds2.8xlarge",
};

const redshiftCluster: Pricer = (r, ctx) => {
    const nodeType = asString(r.props["nodeType"]);
    if (!nodeType) return unpriced("Redshift node type unknown");
    const id = REDSHIFT_NODES[nodeType];
    if (!id)
        return unpriced(
            `Redshift node type ${nodeType} has no cited price in the table (priced: ${Object.keys(REDSHIFT_NODES).join(", ")})`,
        );
    const region = ctx.region(r);
    const usage = ctx.usage(r);
    const nodes = asString(r.props["clusterType"]) === "single-node" ? 1 : (asNumber(r.props["numberOfNodes"]) ?? 1);
    const rate = svc(id, region);
    const bill = billFor(region, SERVICE_PRICES[id]).add(
        `${nodes} × ${nodeType} ${qty(usage.hoursPerMonth)} h × ${usd(rate)}`,
        nodes * usage.hoursPerMonth * rate,
    );
    if (nodeType.startsWith("ra3")) {
        const gb = serviceUsage(usage, "redshiftManagedStorageGb");
        bill.add(
            `${qty(gb)} GB managed storage × ${usd(svc("redshift.managedStorage", region))}`,
            gb * svc("redshift.managedStorage", region),
        );
    }
    return bill.outcome();
};

/** Container Insights (settings containerInsights enabled/enhanced): its metrics are CloudWatch custom metrics. */
export const containerInsights: Pricer = (r, ctx) => {
    const settings = asOptionalArray(r.props["settings"])?.map(asRecord) ?? [];
    const value = settings.find((s) => asString(s?.["name"]) === "containerInsights")?.["value"];
    const mode = asString(value);
    if (mode !== "enabled" && mode !== "enhanced") {
        return {
            kind: "priced",
            monthlyUsd: 0,
            basis: isUnknownPlaceholder(value) ? "Container Insights setting unknown: not counted" : "Container Insights off: no charge",
        };
    }
    const region = ctx.region(r);
    const usage = ctx.usage(r);
    const services = ctx.ofType("aws:ecs/service:Service");
    const mine = services.filter((s) => {
        const c = asString(s.props["cluster"]);
        return c === undefined || c === r.urn || c.endsWith(`/${asString(r.props["name"]) ?? r.name}`) || c === asString(r.props["name"]);
    });
    const n = ctx.ofType("aws:ecs/cluster:Cluster").length === 1 ? services.length : mine.length;
    const metrics = serviceUsage(usage, "containerInsightsClusterMetrics") + n * serviceUsage(usage, "containerInsightsMetricsPerService");
    const rate = price("cloudwatch.customMetric", region);
    return billFor(region, AWS_PRICES["cloudwatch.customMetric"])
        .add(
            `Container Insights (${mode}): ${qty(metrics)} custom metrics (cluster + ${n} service${n === 1 ? "" : "s"}) × ${usd(rate)}`,
            metrics * rate,
            { id: "aws.cloudwatch.metrics", quantity: metrics, unitUsd: rate },
        )
        .note("performance log events ingested not counted")
        .outcome();
};

export const AWS_SERVICE_PRICERS: Readonly<Record<string, Pricer>> = {
    "aws:ec2/instance:Instance": ec2Instance,
    "aws:eks/cluster:Cluster": eksCluster,
    "aws:eks/nodeGroup:NodeGroup": eksNodeGroup,
    "aws:lambda/function:Function": lambdaFunction,
    "aws:apigateway/restApi:RestApi": apiRequests("apigw.rest.requests", "REST API"),
    "aws:apigatewayv2/api:Api": httpApi,
    "aws:dynamodb/table:Table": dynamodbTable,
    "aws:redshift/cluster:Cluster": redshiftCluster,
    "aws:redshiftserverless/workgroup:Workgroup": () =>
        unpriced("Redshift Serverless RPU-hours: no cited price in the table yet (npm run prices:regenerate reads it)"),
    "aws:ecs/cluster:Cluster": containerInsights,
};
