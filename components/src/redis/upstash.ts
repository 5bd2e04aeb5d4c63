import * as pulumi from "@pulumi/pulumi";
import * as upstash from "@upstash/pulumi";
import {
    type BaseArgs,
    checkOneOf,
    Component,
    type DataProtection,
    InvalidArgumentError,
    type Link,
    type Linkable,
    type Profile,
    type Transform,
    profileDefaults,
} from "../core";
import { type UpstashRedisEndpoint, UpstashRedisSignals } from "./upstash-signals";

const COMPONENT = "UpstashRedis";

/**
 * AWS regions an Upstash global database can use as primary or read region, as the provider's schema lists them
 * (`@upstash/pulumi` 0.5, `primaryRegion` / `readRegions`). Upstash may add regions before the schema does.
 */
export const UPSTASH_REDIS_REGIONS = [
    "us-east-1",
    "us-west-1",
    "us-west-2",
    "eu-central-1",
    "eu-west-1",
    "sa-east-1",
    "ap-southeast-1",
    "ap-southeast-2",
] as const;
export type UpstashRedisRegion = (typeof UPSTASH_REDIS_REGIONS)[number];

/** The read region the prod profile adds for each primary: the nearest other region of the list, on another coast or country. */
export const UPSTASH_PAIRED_REGION: Readonly<Record<UpstashRedisRegion, UpstashRedisRegion>> = {
    "us-east-1": "us-west-2",
    "us-west-1": "us-east-1",
    "us-west-2": "us-east-1",
    "eu-central-1": "eu-west-1",
    "eu-west-1": "eu-central-1",
    "sa-east-1": "us-east-1",
    "ap-southeast-1": "ap-southeast-2",
    "ap-southeast-2": "ap-southeast-1",
};

/** Connection details of an Upstash database. TLS is always on; the password is a secret output. */
export interface UpstashRedisConnection {
    readonly host: pulumi.Output<string>;
    readonly port: pulumi.Output<number>;
    readonly tls: true;
    /** The `default` user's password, a secret output. */
    readonly password: pulumi.Output<string>;
}

interface UpstashProfile {
    /** Add the primary's paired region as a read region. */
    replicate: boolean;
    budget: number;
}

/**
 * Budget caps per environment. TechMate's deployment summary (seeds/003_af9aa3c9dd59b1d2.txt, "Estimated Monthly
 * Costs") puts Redis at $10-50/month: the low end for dev, the high end for prod.
 */
const PROFILE: Profile<UpstashProfile> = {
    dev: { replicate: false, budget: 10 },
    staging: { replicate: false, budget: 20 },
    prod: { replicate: true, budget: 50 },
};

const CIDR = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(\/(3[0-2]|[12]?\d))?$/;

export interface UpstashRedisArgs extends BaseArgs, DataProtection {
    /**
     * Region of the primary, which takes every write. The database is created as an Upstash global database
     * (`region: "global"`), the only kind Upstash still creates on AWS. Changing it replaces the database (data lost
     * unless restored from a backup).
     * @default "us-east-1"
     */
    primaryRegion?: UpstashRedisRegion;
    /**
     * Read replicas: regions holding a copy that serves reads near clients and takes over if the primary's region fails.
     * Writes still go to the primary. Any of {@link UPSTASH_REDIS_REGIONS} except the primary; added and removed in place,
     * without downtime. `[]` turns replication off.
     * Cost: every write is replicated, and billed, in each read region, and storage is charged per region.
     * @default none in dev and staging; in prod one region, {@link UPSTASH_PAIRED_REGION} of the primary
     */
    readRegions?: UpstashRedisRegion[];
    /**
     * Evict keys when the database reaches its maximum size. Leave it off for queues: BullMQ (and Bull) require
     * `maxmemory-policy noeviction`, since an evicted job key silently loses or corrupts jobs; with eviction off a full
     * database refuses writes instead, which the queue reports as an error. Turn it on only for a pure cache.
     * @default false
     */
    eviction?: boolean;
    /**
     * Monthly spend cap in USD (a whole number): once reached, Upstash throttles the database until the next month
     * instead of billing more. TechMate budgets Redis at $10-50/month (seeds/003_af9aa3c9dd59b1d2.txt).
     * @default 10 in dev, 20 in staging, 50 in prod (the provider's own default is 20)
     */
    budget?: number;
    /**
     * Move the database to a higher plan automatically when it hits a quota (max commands, data size, bandwidth).
     * Cost: the higher plan's price; an unattended upgrade can exceed what `budget` suggests. Off keeps spend predictable
     * at the price of throttling at the quota.
     * @default false
     */
    autoScale?: boolean;
    /**
     * Upstash Prod Pack: 99.99% uptime SLA, SOC-2 report, encryption at rest, Prometheus/Datadog metrics, role-based access.
     * Cost: $200/month per database on top of usage.
     * @default false
     */
    prodPack?: boolean;
    /**
     * IPv4 addresses or CIDR blocks allowed to connect. Empty or unset: every address (the password and TLS still apply).
     * Serverless callers (Cloud Run, Vercel) rarely have fixed egress addresses: set this only if yours do.
     * @default none (all addresses)
     */
    ipAllowlist?: string[];
    /** Per-child overrides, one key per kind of child. @default none: each child takes the args the component computed */
    transform?: {
        database?: Transform<upstash.RedisDatabaseArgs>;
    };
}

/**
 * A serverless Redis database on Upstash (TechMate's cache and Bull/BullMQ queues): TLS only, a primary region and,
 * in prod, a read region for replication, eviction off (queues need it), and a monthly spend cap.
 *
 * Connect with `rediss://default:<password>@<endpoint>:<port>` ({@link redisUrl}) or over REST with {@link restToken}.
 * Password and tokens are secret outputs: they reach state encrypted and print as `[secret]`.
 *
 * The provider needs `upstash:email` and `upstash:apiKey` (or `UPSTASH_EMAIL` / `UPSTASH_API_KEY`).
 * Cost: pay-as-you-go per command and GB stored, per region, capped by `budget`.
 */
export class UpstashRedis extends Component implements Linkable, UpstashRedisEndpoint {
    /** Host name of the database, e.g. `example-12345.upstash.io`. */
    public readonly endpoint: pulumi.Output<string>;
    public readonly port: pulumi.Output<number>;
    /** Password of the `default` user (secret). */
    public readonly password: pulumi.Output<string>;
    /** Token of the REST API, read and write (secret). */
    public readonly restToken: pulumi.Output<string>;
    /** Token of the REST API, read only (secret). */
    public readonly readOnlyRestToken: pulumi.Output<string>;
    /** `https://<endpoint>`, the REST API's base URL. */
    public readonly restUrl: pulumi.Output<string>;
    /** `rediss://default:<password>@<endpoint>:<port>` for `REDIS_URL` (secret). */
    public readonly redisUrl: pulumi.Output<string>;
    public readonly databaseId: pulumi.Output<string>;
    public readonly connection: UpstashRedisConnection;
    /** The regions replicas were asked for (the primary excluded). */
    public readonly readRegions: UpstashRedisRegion[];
    public readonly database: upstash.RedisDatabase;

    /** A Route 53 TCP check of the endpoint, for `AwsMonitoring`'s `monitor` (see `upstash-signals.ts`). */
    public monitoring(): UpstashRedisSignals {
        return new UpstashRedisSignals(this);
    }

    constructor(name: string, args: UpstashRedisArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("redis:UpstashRedis", name, args, opts);

        // ---- validation, before any child ----
        const regions: readonly string[] = UPSTASH_REDIS_REGIONS;
        const primaryRegion = checkOneOf(COMPONENT, "primaryRegion", args.primaryRegion ?? "us-east-1", UPSTASH_REDIS_REGIONS);
        const p = profileDefaults(PROFILE, this.environment, { budget: args.budget });
        const readRegions = args.readRegions ?? (p.replicate ? [UPSTASH_PAIRED_REGION[primaryRegion]] : []);
        for (const region of readRegions) {
            if (!regions.includes(region)) {
                throw new InvalidArgumentError(
                    COMPONENT,
                    "readRegions",
                    `contains ${JSON.stringify(region)}`,
                    UPSTASH_REDIS_REGIONS.join(", "),
                );
            }
            if (region === primaryRegion) {
                throw new InvalidArgumentError(
                    COMPONENT,
                    "readRegions",
                    `contains the primary region ${primaryRegion}`,
                    `regions other than primaryRegion (${primaryRegion})`,
                );
            }
        }
        if (new Set(readRegions).size !== readRegions.length) {
            throw new InvalidArgumentError(COMPONENT, "readRegions", `repeats a region (${readRegions.join(", ")})`, "distinct regions");
        }
        if (!Number.isInteger(p.budget) || p.budget <= 0) {
            throw new InvalidArgumentError(COMPONENT, "budget", `is ${p.budget}`, "a whole number of US dollars per month, greater than 0");
        }
        for (const cidr of args.ipAllowlist ?? []) {
            if (!CIDR.test(cidr)) {
                throw new InvalidArgumentError(
                    COMPONENT,
                    "ipAllowlist",
                    `contains ${JSON.stringify(cidr)}`,
                    "IPv4 addresses or CIDR blocks such as 203.0.113.0/24",
                );
            }
        }
        const t = args.transform ?? {};

        // ---- children ----
        const database = this.child(
            upstash.RedisDatabase,
            "database",
            {
                databaseName: this.physicalName(""),
                region: "global",
                primaryRegion,
                readRegions: readRegions.length > 0 ? readRegions : undefined,
                // The schema still has the flag; Upstash turns TLS on for every new database and it cannot be disabled.
                tls: true,
                eviction: args.eviction ?? false,
                budget: p.budget,
                autoScale: args.autoScale ?? false,
                prodPack: args.prodPack ?? false,
                ipAllowlists: args.ipAllowlist !== undefined && args.ipAllowlist.length > 0 ? args.ipAllowlist : undefined,
            },
            t.database,
            this.dataOptions(args),
        );

        this.database = database;
        this.readRegions = readRegions;
        this.databaseId = database.databaseId;
        this.endpoint = database.endpoint;
        this.port = database.port;
        // The provider marks these additionalSecretOutputs; wrapping again keeps them secret whatever the engine does.
        this.password = pulumi.secret(database.password);
        this.restToken = pulumi.secret(database.restToken);
        this.readOnlyRestToken = pulumi.secret(database.readOnlyRestToken);
        this.restUrl = pulumi.interpolate`https://${database.endpoint}`;
        this.redisUrl = pulumi.secret(pulumi.interpolate`rediss://default:${database.password}@${database.endpoint}:${database.port}`);
        this.connection = { host: this.endpoint, port: this.port, tls: true, password: this.password };

        this.registerOutputs({
            databaseId: this.databaseId,
            endpoint: this.endpoint,
            port: this.port,
            password: this.password,
            restToken: this.restToken,
            readOnlyRestToken: this.readOnlyRestToken,
            restUrl: this.restUrl,
            redisUrl: this.redisUrl,
            readRegions: this.readRegions,
        });
    }

    /**
     * The connection parts, for any service (Upstash is reached over the internet, TLS always on): `REDIS_HOST`,
     * `REDIS_PORT`, `REDIS_TLS`. The password is not in it: store it (or {@link redisUrl}) in `GcpSecrets` /
     * `AwsSecret` and link that.
     */
    link(): Link {
        return { name: this.name, env: { REDIS_HOST: this.endpoint, REDIS_PORT: this.port.apply(String), REDIS_TLS: "true" } };
    }
}
