/**
 * The price-table regeneration script (tools/prices/, `npm run prices:regenerate`): its parsers on the AWS Price List
 * Query API's and the Google Cloud Billing Catalog API's documented response shapes, its SigV4 signer on AWS's
 * published test vectors, its credential errors and its --check against the committed tables. No network: the
 * fixtures and their sources are in tests/cost/fixtures/price-api/README.md.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAwsPriceList } from "../../tools/prices/aws-price-list";
import { compareWithTables } from "../../tools/prices/check";
import { awsCredentials, CredentialsError, gcpAuth } from "../../tools/prices/clients";
import { parseKarpenterPricing } from "../../tools/prices/dataset";
import { renderGenerated } from "../../tools/prices/emit";
import { money, parseGcpSkus } from "../../tools/prices/gcp-catalog";
import { main, parseArgs, UsageError } from "../../tools/prices/regenerate";
import { signRequest } from "../../tools/prices/sigv4";
import { TARGETS } from "../../tools/prices/targets";

const FIXTURES = path.join(__dirname, "fixtures/price-api");
const json = (file: string): any => JSON.parse(fs.readFileSync(path.join(FIXTURES, file), "utf8"));
const target = (name: string): any => TARGETS[name];
const price = (r: { prices: { id: string; region: string; usd: number }[] }, id: string, region = "us-east-1") =>
    r.prices.find((p) => p.id === id && p.region === region)?.usd;

describe("AWS Price List GetProducts parser", () => {
    const rds = parseAwsPriceList(json("aws-rds-getproducts.json").PriceList, target("rds").match);

    it("yields the exact hourly price of a class, engine and deployment option", () => {
        expect(price(rds, "postgres/db.r6g.large/Single-AZ")).toBe(0.225);
        expect(price(rds, "mysql/db.r6g.16xlarge/Single-AZ")).toBe(6.874);
        expect(price(rds, "mysql/db.r6g.16xlarge/Single-AZ", "eu-west-1")).toBe(7.59);
        expect(rds.prices.find((p) => p.id === "postgres/db.r6g.large/Single-AZ")?.sku).toBe("RDSPGR6GLSAZ0001");
    });

    it("keeps Multi-AZ apart from Single-AZ and skips the readable-standby cluster SKU", () => {
        expect(price(rds, "postgres/db.r6g.large/Multi-AZ")).toBe(0.45);
        expect(
            rds.prices
                .filter((p) => p.id.startsWith("postgres/db.r6g.large/"))
                .map((p) => p.id)
                .sort(),
        ).toEqual(["postgres/db.r6g.large/Multi-AZ", "postgres/db.r6g.large/Single-AZ"]);
    });

    it("tells Aurora Standard from I/O-Optimized by usage type", () => {
        expect(price(rds, "aurora/db.r6g.large/Standard")).toBe(0.26);
        expect(price(rds, "aurora/db.r6g.large/IO-Optimized")).toBe(0.338);
    });

    it("counts the entries it does not want (readable standbys, Oracle in Tokyo, storage) as skipped", () => {
        expect(rds.skipped).toBe(3);
        expect(rds.prices).toHaveLength(6);
    });

    it("reports a malformed or $0 entry instead of pricing it at 0", () => {
        expect(rds.malformed.map((m) => m.at)).toEqual([
            "PriceList[9] (SKU RDSPGT3MICR0010)",
            "PriceList[10] (SKU RDSPGT3SMAL0011)",
            "PriceList[11]",
        ]);
        expect(rds.malformed[0]?.message).toMatch(/postgres\/db\.t3\.micro\/Single-AZ: .*no numeric pricePerUnit\.USD/);
        expect(rds.malformed[1]?.message).toMatch(/every On-Demand rate is \$0/);
        expect(rds.malformed[2]?.message).toBe("not valid JSON");
        expect(rds.prices.some((p) => p.usd === 0 || p.id.includes("db.t3."))).toBe(false);
    });

    it("reads EC2 Linux shared instances only, and skips AWS's documented EBS example entry", () => {
        const ec2 = parseAwsPriceList(json("aws-ec2-getproducts.json").PriceList, target("ec2").match);
        expect(price(ec2, "m5.large")).toBe(0.096);
        expect(price(ec2, "m5.large", "eu-west-1")).toBe(0.107);
        expect(ec2.skipped).toBe(2); // the io1 volume (botocore's example) and the Windows instance
        expect(ec2.malformed).toEqual([]);
    });

    it("takes a tiered dimension's first tier, and scales per-request prices to the table's unit", () => {
        const lambda = parseAwsPriceList(json("aws-lambda-getproducts.json").PriceList, target("lambda").match);
        expect(price(lambda, "lambda.x86.gbSecond")).toBe(0.0000166667);
        expect(price(lambda, "lambda.requests")).toBe(0.2);
        expect(lambda.skipped).toBe(1); // Lambda@Edge
    });

    it("skips a free first tier for the first paid one, and matches usage types by region prefix", () => {
        const ddb = parseAwsPriceList(json("aws-dynamodb-getproducts.json").PriceList, target("dynamodb").match);
        expect(price(ddb, "dynamodb.storage")).toBe(0.25);
        expect(price(ddb, "dynamodb.ondemand.write")).toBe(0.625);
        expect(price(ddb, "dynamodb.ondemand.write", "eu-west-1")).toBe(0.705);
        expect(ddb.skipped).toBe(1); // IA-WriteRequestUnits: the Standard-IA table class
    });

    it("drops both figures when two SKUs price the same id differently", () => {
        const doc = json("aws-ec2-getproducts.json").PriceList as string[];
        const twin = (doc[1] ?? "").replace(/EC2M5LLINUX00001/g, "EC2M5LTWIN00009").replace(/0\.0960000000/g, "0.0990000000");
        const r = parseAwsPriceList([doc[1], twin], target("ec2").match);
        expect(price(r, "m5.large")).toBeUndefined();
        expect(r.conflicts[0]?.message).toMatch(/EC2M5LLINUX00001 says \$0\.096, SKU EC2M5LTWIN00009 says \$0\.099/);
    });
});

describe("Cloud Billing Catalog skus.list parser", () => {
    it("turns units (an int64 string) and nanos into dollars", () => {
        expect(money({ currencyCode: "USD", units: "1", nanos: 750_000_000 })).toBe(1.75);
        expect(money({ units: "0", nanos: 41_300_000 })).toBe(0.0413);
        expect(money({ units: "x", nanos: 1 })).toBeUndefined();
    });

    const sql = parseGcpSkus(json("gcp-cloudsql-skus.json").skus, target("cloudsql").match);

    it("yields the exact zonal vCPU, RAM and storage prices in us-central1", () => {
        expect(price(sql, "cloudsql.enterprise.vcpu", "us-central1")).toBe(0.0413);
        expect(price(sql, "cloudsql.enterprise.memory", "us-central1")).toBe(0.007);
        expect(price(sql, "cloudsql.ssd", "us-central1")).toBe(0.17);
        expect(sql.prices.every((p) => p.region === "us-central1")).toBe(true);
    });

    it("skips commitments, other regions and SKUs nobody prices, with a count", () => {
        expect(sql.skipped).toBe(4); // regional vCPU, Montreal, Commit1Yr, the MySQL highmem tier
    });

    it("reports a SKU whose only tier is $0 instead of pricing it", () => {
        expect(sql.malformed).toHaveLength(1);
        expect(sql.malformed[0]?.message).toMatch(/cloudsql\.f1-micro: every tier is \$0/);
        expect(price(sql, "cloudsql.f1-micro", "us-central1")).toBeUndefined();
    });

    it("picks the first paid tier of a tiered SKU and scales it to the table's unit", () => {
        const skus = json("gcp-functions-gke-skus.json").skus;
        const fn = parseGcpSkus(skus, target("functions").match);
        expect(price(fn, "functions.gen1.invocations", "global")).toBe(0.4);
        expect(price(fn, "functions.gen1.ghzSecond", "us-central1")).toBe(0.00001);
        expect(fn.malformed.map((m) => m.message)).toEqual([expect.stringMatching(/functions\.gen1\.gbSecond: every tier is \$0/)]);
        const gke = parseGcpSkus(skus, target("gke").match);
        expect(price(gke, "gke.autopilot.vcpu", "us-central1")).toBe(0.0445); // per mCPU-hour × 1000
        expect(price(gke, "gke.cluster.hour", "global")).toBe(0.1); // zonal and regional agree: no conflict
        expect(gke.conflicts).toEqual([]);
    });
});

describe("SigV4 signer", () => {
    // AWS's SigV4 test suite (awslabs/aws-c-auth tests/aws-sig-v4-test-suite): key AKIDEXAMPLE, 2015-08-30T12:36:00Z.
    const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
    const sign = (method: string) =>
        signRequest({
            method,
            url: new URL("https://example.amazonaws.com/"),
            headers: {},
            body: "",
            region: "us-east-1",
            service: "service",
            credentials,
            now: new Date("2015-08-30T12:36:00Z"),
        });
    it("matches get-vanilla and post-vanilla", () => {
        expect(sign("GET")["authorization"]).toBe(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
        );
        expect(sign("POST")["authorization"]).toMatch(/Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b$/);
    });
});

describe("credentials and arguments", () => {
    const none = () => undefined;
    it("says in one line what is missing, without a stack trace", () => {
        expect(() => awsCredentials({}, none)).toThrow(CredentialsError);
        expect(() => awsCredentials({}, none)).toThrow(/^no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
        expect(() => gcpAuth({}, none)).toThrow(/^no Google Cloud credentials: set GOOGLE_OAUTH_ACCESS_TOKEN or GOOGLE_API_KEY/);
        expect(awsCredentials({ AWS_ACCESS_KEY_ID: "AKID", AWS_SECRET_ACCESS_KEY: "s" }, none)).toEqual({
            accessKeyId: "AKID",
            secretAccessKey: "s",
            sessionToken: undefined,
        });
        expect(gcpAuth({ GOOGLE_API_KEY: "k" }, none)).toEqual({ kind: "key", key: "k" });
    });
    it("rejects unknown services and arguments with what is allowed", () => {
        expect(() => parseArgs(["--service", "rdss"])).toThrow(UsageError);
        expect(() => parseArgs(["--service", "rdss"])).toThrow(/allowed: ec2, rds, elasticache/);
        expect(() => parseArgs(["--force"])).toThrow(/unknown argument --force/);
        expect(parseArgs(["--service", "rds,ec2", "--dry-run"], new Date("2026-12-06T00:00:00Z"))).toMatchObject({
            services: ["rds", "ec2"],
            dryRun: true,
            date: "2026-12-06",
        });
    });
});

describe("--check against the committed tables", () => {
    it("is silent where the API agrees with the table and shows a changed or new figure", () => {
        const rds = parseAwsPriceList(json("aws-rds-getproducts.json").PriceList, target("rds").match);
        const diffs = compareWithTables("rds", rds.prices);
        // The fixture holds the table's own figures (Multi-AZ = 2 × Single-AZ; eu-west-1 listed): nothing differs...
        expect(diffs.filter((d) => d.table !== undefined)).toEqual([]);
        // ...except what the table does not price: Aurora I/O-Optimized instances.
        expect(diffs.map((d) => d.id)).toEqual(["aurora/db.r6g.large/IO-Optimized"]);
        const changed = compareWithTables("rds", [
            { id: "mysql/db.r6g.16xlarge/Single-AZ", region: "us-east-1", usd: 7.2, unit: "h", sku: "X" },
        ]);
        expect(changed[0]).toMatchObject({ table: 6.874, read: 7.2 });
        expect(changed[0]?.relative).toBeCloseTo(0.0474, 3);
    });

    it("reads karpenter's dataset and lists the types the EC2 table lacks, offline and writing nothing", async () => {
        const file = path.join(FIXTURES, "karpenter-pricing-excerpt.go.txt");
        const read = parseKarpenterPricing(fs.readFileSync(file, "utf8"));
        expect(read).toHaveLength(27);
        expect(read.find((p) => p.id === "m5.large")).toMatchObject({ region: "us-east-1", usd: 0.096 });
        const diffs = compareWithTables("ec2", read);
        expect(diffs.every((d) => d.table === undefined && d.id.startsWith("c7i-flex."))).toBe(true);
        expect(diffs).toHaveLength(7);
        const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "prices-"));
        const lines: string[] = [];
        expect(await main(["--service", "ec2", "--dataset", file], (l) => lines.push(l), cwd)).toBe(0);
        expect(lines.join("\n")).toMatch(/ec2: 0 differ from the committed table by more than 0\.5 %, 7 are not in it/);
        expect(fs.readdirSync(cwd)).toEqual([]);
    });
});

describe("generated table", () => {
    it("carries the vendor page, the API, the date read and each price's SKU", () => {
        const ec2 = parseAwsPriceList(json("aws-ec2-getproducts.json").PriceList, target("ec2").match);
        const text = renderGenerated(target("ec2"), ec2.prices, "2026-12-06");
        expect(text).toContain("https://aws.amazon.com/ec2/pricing/on-demand/");
        expect(text).toContain("AWS Price List Query API, GetProducts AmazonEC2");
        const body = JSON.parse(text.slice(text.indexOf("= ") + 2, text.lastIndexOf(" as const")));
        expect(body.read).toBe("2026-12-06");
        expect(body.prices["m5.large"]).toEqual({
            unit: "instance-hour (Linux, On-Demand)",
            byRegion: { "eu-west-1": 0.107, "us-east-1": 0.096 },
            skus: { "eu-west-1": "EC2M5LLINUXEU003", "us-east-1": "EC2M5LLINUX00001" },
        });
    });
});
