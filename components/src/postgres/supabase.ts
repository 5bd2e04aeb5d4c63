import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import {
    type BaseArgs,
    checkEachMatches,
    Component,
    type DataProtection,
    InvalidArgumentError,
    type Link,
    type Linkable,
    type Profile,
    type Transform,
    checkRange,
    profileDefaults,
} from "../core";
import {
    SUPABASE_INSTANCE_SIZES,
    SUPABASE_REGIONS,
    SupabaseNetworkRestrictions,
    type SupabaseNetworkRestrictionsArgs,
    SupabasePitr,
    type SupabasePitrArgs,
    SupabasePostgresConfig,
    type SupabasePostgresConfigArgs,
    type SupabasePostgresSettings,
    SupabaseProject,
    type SupabaseProjectArgs,
    SupabaseReadReplica,
    type SupabaseReadReplicaArgs,
    type SupabaseRegion,
    type SupabaseInstanceSize,
    SupabaseSslEnforcement,
    type SupabaseSslEnforcementArgs,
    instanceSizeAtLeast,
    isSupabaseInstanceSize,
    isSupabaseRegion,
    pitrVariantFor,
} from "../supabase/provider";
import { databaseEnv } from "./env";

const COMPONENT = "SupabasePostgres";

/** Daily backups, which every paid Supabase project has, lose at most a day: a tighter RPO needs PITR. */
const DAILY_BACKUP_RPO_MINUTES = 24 * 60;
/** PITR archives WAL at least every two minutes: no RPO below that is achievable. */
const PITR_RPO_MINUTES = 2;

interface SupabasePostgresProfile {
    instanceSize: SupabaseInstanceSize;
    pointInTimeRecoveryDays: number;
    recoveryPointObjectiveMinutes: number;
    readReplicaRegions: SupabaseRegion[];
}

/**
 * Per-environment defaults. PITR with 7 days of history in staging and prod: CoachMeld asks for "Point-in-time
 * Recovery" with "7-day Retention" and an RPO of 1 hour (seeds/000_30406cbe3669e999.txt, "Backup Strategy",
 * "RTO/RPO Targets"); InteliFeed asks for hourly incremental backups and an RPO under 1 hour
 * (seeds/001_0428c3bab62c29d7.txt, "Backup and Disaster Recovery"). Daily backups alone cannot meet either.
 */
const PROFILE: Profile<SupabasePostgresProfile> = {
    dev: {
        instanceSize: "micro",
        pointInTimeRecoveryDays: 0,
        recoveryPointObjectiveMinutes: DAILY_BACKUP_RPO_MINUTES,
        readReplicaRegions: [],
    },
    staging: { instanceSize: "small", pointInTimeRecoveryDays: 7, recoveryPointObjectiveMinutes: 60, readReplicaRegions: [] },
    prod: { instanceSize: "small", pointInTimeRecoveryDays: 7, recoveryPointObjectiveMinutes: 60, readReplicaRegions: [] },
};

export interface SupabasePostgresArgs extends BaseArgs, DataProtection {
    /**
     * The Supabase organization the project belongs to: its slug (`organization_slug`, as in
     * `https://supabase.com/dashboard/org/<slug>`). The organization's plan decides billing; compute above `micro`,
     * PITR, network restrictions and read replicas need a paid plan. Changing it replaces the project (a new, empty
     * database).
     */
    organizationId: pulumi.Input<string>;
    /**
     * Region of the primary database, e.g. `eu-central-1`. Changing it replaces the project (a new, empty database).
     */
    region: SupabaseRegion;
    /**
     * The project's name in the dashboard. Updated in place.
     * @default `${project}-${stack}-${name}`
     */
    projectName?: string;
    /**
     * Compute size (`desired_instance_size` at creation, then the `ci_<size>` compute add-on, resized in place with
     * a short restart). Costs per hour of the add-on: roughly $10/month for micro, $15 small, $60 medium, $110 large
     * (Supabase pricing; a Pro organization's compute credits cover one micro).
     * @default `micro` in dev, `small` in staging and prod
     */
    instanceSize?: SupabaseInstanceSize;
    /**
     * Password of the `postgres` role. Kept secret in state and outputs. Changing it updates the password in place.
     * @default a generated 32-character password (letters and digits), kept in state as a secret
     */
    databasePassword?: pulumi.Input<string>;
    /**
     * Days of point-in-time-recovery history; 0 turns PITR off (daily backups only). The add-on chosen is the smallest
     * of `pitr_7`, `pitr_14`, `pitr_28` keeping at least this many days. Needs `instanceSize` of at least `small`.
     * Costs about $100/month for 7 days, $200 for 14, $400 for 28.
     * @default 0 in dev, 7 in staging and prod (CoachMeld: 7-day retention with PITR; InteliFeed: hourly incremental backups)
     */
    pointInTimeRecoveryDays?: number;
    /**
     * The recovery point objective this database must meet, minutes. Checked, not configured: anything under a day
     * needs PITR (`pointInTimeRecoveryDays` ≥ 1), and nothing under 2 minutes is possible.
     * @default 1440 in dev, 60 in staging and prod (both seeds: RPO 1 hour)
     */
    recoveryPointObjectiveMinutes?: number;
    /**
     * Reject database connections without TLS (PUT /ssl-enforcement). The API's own default is off.
     * @default true
     */
    sslEnforcement?: boolean;
    /**
     * IPv4 CIDRs allowed to connect to the database. When unset, no restriction is managed and every address may
     * connect (the API's default; clients still need the password, and TLS when `sslEnforcement` is on). Setting it
     * needs a paid plan; removing it later allows every address again.
     * @default unset: all addresses
     */
    allowedCidrs?: string[];
    /**
     * IPv6 CIDRs allowed to connect, alongside `allowedCidrs`.
     * @default none when `allowedCidrs` is set (IPv6 blocked), else unmanaged
     */
    allowedCidrsV6?: string[];
    /**
     * Postgres settings (PUT /config/database/postgres), e.g. `{ statement_timeout: "30s" }`. Some settings restart
     * the database. Removing a setting later leaves its current value in place.
     * @default none (Supabase's defaults for the compute size)
     */
    postgresConfig?: SupabasePostgresSettings;
    /**
     * Regions of read replicas (one replica each), for reads close to users and a copy of the data in another region.
     * Needs `instanceSize` of at least `small`. Each replica costs as much as the primary's compute plus disk.
     * Changing a region replaces that replica.
     * @default none in every environment (InteliFeed's prod adds one in a second region)
     */
    readReplicaRegions?: SupabaseRegion[];
    /** Edits the computed args of any child before it is created. @default none: each child takes the args the component computed */
    transform?: {
        password?: Transform<random.RandomPasswordArgs>;
        project?: Transform<SupabaseProjectArgs>;
        pitr?: Transform<SupabasePitrArgs>;
        ssl?: Transform<SupabaseSslEnforcementArgs>;
        network?: Transform<SupabaseNetworkRestrictionsArgs>;
        postgresConfig?: Transform<SupabasePostgresConfigArgs>;
        replica?: Transform<SupabaseReadReplicaArgs>;
    };
}

/** How to connect to the Supabase database; the password is a secret output. */
export interface SupabasePostgresConnection {
    /** Direct connection host, `db.<ref>.supabase.co` (IPv6 unless the IPv4 add-on is enabled). */
    readonly host: pulumi.Output<string>;
    readonly port: number;
    readonly database: string;
    readonly username: string;
    readonly sslMode: "require";
    /** Secret. */
    readonly password: pulumi.Output<string>;
    /** Shared pooler (Supavisor) host, reachable over IPv4; its user is `postgres.<ref>`. */
    readonly poolerHost: pulumi.Output<string | undefined>;
    readonly poolerPort: pulumi.Output<number | undefined>;
    /** Pooler hosts of the read replicas. */
    readonly readerHosts: pulumi.Output<string | undefined>[];
}

/** A read replica of the Supabase database. */
export interface SupabasePostgresReplica {
    readonly region: SupabaseRegion;
    readonly identifier: pulumi.Output<string>;
    readonly poolerHost: pulumi.Output<string | undefined>;
}

const IPV4_CIDR = /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)\/(3[0-2]|[12]?\d)$/;
const IPV6_CIDR = /^[0-9a-fA-F:]+\/(12[0-8]|1[01]\d|[1-9]?\d)$/;
const DURATION = /^(-?[0-9]+(?:\.[0-9]+)?)(us|ms|s|min|h|d)?$/;

/**
 * A Supabase project as managed Postgres, through the Supabase Management API (dynamic providers: no plugin). The
 * project is created in `region` with `instanceSize` compute and waits until healthy; point-in-time recovery, SSL
 * enforcement, network restrictions, Postgres settings and read replicas follow, one after another (the API handles
 * one change of a project at a time). The project and its PITR add-on are protected and retained in staging and prod.
 *
 * Needs `SUPABASE_ACCESS_TOKEN` in the environment of `pulumi up` (and `preview`/`refresh`).
 */
export class SupabasePostgres extends Component implements Linkable {
    public readonly project: SupabaseProject;
    public readonly projectRef: pulumi.Output<string>;
    /** `https://<ref>.supabase.co`, the REST/Auth/Storage/Realtime endpoint. */
    public readonly apiUrl: pulumi.Output<string>;
    /** `db.<ref>.supabase.co`. */
    public readonly host: pulumi.Output<string>;
    public readonly poolerHost: pulumi.Output<string | undefined>;
    public readonly port: number = 5432;
    public readonly connection: SupabasePostgresConnection;
    /** The public `anon` key (safe in apps; access is governed by row-level security). */
    public readonly anonKey: pulumi.Output<string | undefined>;
    /** The `service_role` key, which bypasses row-level security. Secret. */
    public readonly serviceRoleKey: pulumi.Output<string | undefined>;
    public readonly replicas: SupabasePostgresReplica[];
    public readonly replicaRegions: SupabaseRegion[];
    /** Days of PITR history kept (the add-on's retention, ≥ the requested days); 0 without PITR. */
    public readonly pitrDays: number;
    public readonly instanceSize: SupabaseInstanceSize;

    constructor(name: string, args: SupabasePostgresArgs, opts?: pulumi.ComponentResourceOptions) {
        super(`postgres:${COMPONENT}`, name, args, opts);
        const p = profileDefaults(PROFILE, this.environment, {
            instanceSize: args.instanceSize,
            pointInTimeRecoveryDays: args.pointInTimeRecoveryDays,
            recoveryPointObjectiveMinutes: args.recoveryPointObjectiveMinutes,
            readReplicaRegions: args.readReplicaRegions,
        });
        const sslEnforcement = args.sslEnforcement ?? true;

        // Validation, before any child registers.
        if (!isSupabaseRegion(args.region))
            throw new InvalidArgumentError(COMPONENT, "region", `is ${JSON.stringify(args.region)}`, SUPABASE_REGIONS.join(", "));
        if (!isSupabaseInstanceSize(p.instanceSize))
            throw new InvalidArgumentError(
                COMPONENT,
                "instanceSize",
                `is ${JSON.stringify(p.instanceSize)}`,
                SUPABASE_INSTANCE_SIZES.join(", "),
            );
        if (typeof args.organizationId === "string" && args.organizationId.trim() === "") {
            throw new InvalidArgumentError(COMPONENT, "organizationId", "is empty", "the organization slug from the dashboard URL");
        }
        checkRange(COMPONENT, "pointInTimeRecoveryDays", p.pointInTimeRecoveryDays, 0, 28);
        const pitrVariant = p.pointInTimeRecoveryDays > 0 ? pitrVariantFor(p.pointInTimeRecoveryDays) : undefined;
        if (pitrVariant && !instanceSizeAtLeast(p.instanceSize, "small")) {
            throw new InvalidArgumentError(
                COMPONENT,
                "pointInTimeRecoveryDays",
                `is ${p.pointInTimeRecoveryDays} with instanceSize ${p.instanceSize}: PITR needs a compute add-on of at least small`,
                "instanceSize small or larger, or pointInTimeRecoveryDays 0",
            );
        }
        checkRange(COMPONENT, "recoveryPointObjectiveMinutes", p.recoveryPointObjectiveMinutes, PITR_RPO_MINUTES, 10_000_000);
        if (p.recoveryPointObjectiveMinutes < DAILY_BACKUP_RPO_MINUTES && !pitrVariant) {
            throw new InvalidArgumentError(
                COMPONENT,
                "recoveryPointObjectiveMinutes",
                `is ${p.recoveryPointObjectiveMinutes} but PITR is off: daily backups lose up to ${DAILY_BACKUP_RPO_MINUTES} minutes`,
                "pointInTimeRecoveryDays of 1 to 28 (PITR, RPO of about 2 minutes), or an RPO of at least 1440",
            );
        }
        const seen = new Set<string>();
        for (const region of p.readReplicaRegions) {
            if (!isSupabaseRegion(region))
                throw new InvalidArgumentError(
                    COMPONENT,
                    "readReplicaRegions",
                    `contains ${JSON.stringify(region)}`,
                    SUPABASE_REGIONS.join(", "),
                );
            if (seen.has(region))
                throw new InvalidArgumentError(COMPONENT, "readReplicaRegions", `lists ${region} twice`, "each region once");
            seen.add(region);
        }
        if (p.readReplicaRegions.length > 0 && !instanceSizeAtLeast(p.instanceSize, "small")) {
            throw new InvalidArgumentError(
                COMPONENT,
                "readReplicaRegions",
                `needs instanceSize of at least small (is ${p.instanceSize})`,
                "instanceSize small or larger",
            );
        }
        checkEachMatches(COMPONENT, "allowedCidrs", args.allowedCidrs, IPV4_CIDR, "IPv4 CIDRs such as 203.0.113.0/24");
        checkEachMatches(COMPONENT, "allowedCidrsV6", args.allowedCidrsV6, IPV6_CIDR, "IPv6 CIDRs such as 2001:db8::/32");
        for (const key of ["statement_timeout", "checkpoint_timeout"] as const) {
            const value = args.postgresConfig?.[key];
            if (value !== undefined && !DURATION.test(value)) {
                throw new InvalidArgumentError(
                    COMPONENT,
                    `postgresConfig.${key}`,
                    `is ${JSON.stringify(value)}`,
                    "a number with an optional unit us, ms, s, min, h or d, e.g. 30s",
                );
            }
        }

        const t = args.transform ?? {};
        const data = this.dataOptions(args);

        let password: pulumi.Output<string>;
        if (args.databasePassword !== undefined) {
            password = pulumi.secret(args.databasePassword);
        } else {
            const generated = this.child(
                random.RandomPassword,
                "password",
                { length: 32, special: false, upper: true, lower: true, numeric: true, minUpper: 1, minLower: 1, minNumeric: 1 },
                t.password,
                data,
            );
            // The provider marks `result` secret; say so here too, so the secret never depends on a provider detail.
            password = pulumi.secret(generated.result);
        }

        this.project = this.child(
            SupabaseProject,
            "project",
            {
                organizationId: args.organizationId,
                name: args.projectName ?? this.physicalName(""),
                region: args.region,
                instanceSize: p.instanceSize,
                dbPass: password,
            },
            t.project,
            data,
        );
        const ref = this.project.ref;
        let previous: pulumi.Resource = this.project;

        this.pitrDays = pitrVariant ? Number(pitrVariant.slice("pitr_".length)) : 0;
        if (pitrVariant) {
            previous = this.child(
                SupabasePitr,
                "pitr",
                { projectRef: ref, retentionDays: p.pointInTimeRecoveryDays, instanceSize: p.instanceSize },
                t.pitr,
                { ...data, dependsOn: [previous] },
            );
        }

        previous = this.child(SupabaseSslEnforcement, "ssl", { projectRef: ref, enforced: sslEnforcement }, t.ssl, {
            dependsOn: [previous],
        });

        if (args.allowedCidrs !== undefined || args.allowedCidrsV6 !== undefined) {
            previous = this.child(
                SupabaseNetworkRestrictions,
                "network",
                { projectRef: ref, dbAllowedCidrs: args.allowedCidrs ?? [], dbAllowedCidrsV6: args.allowedCidrsV6 ?? [] },
                t.network,
                { dependsOn: [previous] },
            );
        }

        if (args.postgresConfig !== undefined && Object.keys(args.postgresConfig).length > 0) {
            previous = this.child(
                SupabasePostgresConfig,
                "postgres-config",
                { projectRef: ref, settings: args.postgresConfig },
                t.postgresConfig,
                { dependsOn: [previous] },
            );
        }

        this.replicaRegions = [...p.readReplicaRegions];
        this.replicas = [];
        for (const region of p.readReplicaRegions) {
            const replica: SupabaseReadReplica = this.child(
                SupabaseReadReplica,
                `replica-${region}`,
                { projectRef: ref, organizationId: args.organizationId, region },
                t.replica,
                { dependsOn: [previous] },
            );
            previous = replica;
            this.replicas.push({ region, identifier: replica.identifier, poolerHost: replica.poolerHost });
        }

        this.instanceSize = p.instanceSize;
        this.projectRef = ref;
        this.apiUrl = this.project.apiUrl;
        this.host = this.project.dbHost;
        this.poolerHost = this.project.poolerHost;
        this.anonKey = this.project.anonKey;
        this.serviceRoleKey = pulumi.secret(this.project.serviceRoleKey);
        this.connection = {
            host: this.host,
            port: this.port,
            database: "postgres",
            username: "postgres",
            sslMode: "require",
            password: pulumi.secret(password),
            poolerHost: this.project.poolerHost,
            poolerPort: this.project.poolerPort,
            readerHosts: this.replicas.map((r) => r.poolerHost),
        };

        this.registerOutputs({
            projectRef: this.projectRef,
            apiUrl: this.apiUrl,
            host: this.host,
            poolerHost: this.poolerHost,
            port: this.port,
            replicaIdentifiers: this.replicas.map((r) => r.identifier),
            replicaRegions: this.replicaRegions,
            pitrDays: this.pitrDays,
        });
    }

    /**
     * A `postgresql://` URL through the shared pooler (Supavisor, IPv4), as a secret: the value to store in
     * `GcpSecrets` / `AwsSecret` (then link that) or to hand to a pipeline. `"transaction"` is the pooler's port
     * (6543: one server connection per transaction, for many short-lived instances); `"session"` is port 5432 on the
     * same host (session features: `CREATE EXTENSION`, advisory locks, prepared statements; for migrations and dumps).
     * The user is `postgres.<ref>`, TLS required ("Connect to your database", supabase.com/docs/guides/database/connecting-to-postgres,
     * read 2026-12-06).
     */
    poolerUrl(mode: "transaction" | "session"): pulumi.Output<string> {
        const c = this.connection;
        const port = mode === "session" ? pulumi.output(5432) : c.poolerPort;
        return pulumi.secret(
            pulumi.interpolate`postgresql://postgres.${this.projectRef}:${c.password}@${c.poolerHost}:${port}/${c.database}?sslmode=${c.sslMode}`,
        );
    }

    /**
     * What a browser or mobile client of the project needs: `<prefix>SUPABASE_URL` (the API URL) and
     * `<prefix>SUPABASE_ANON_KEY`. The anon key is public by design (row-level security guards the data), so these are
     * plain variables; the service-role key is never in a link. `prefix`: the framework's public prefix, e.g. `VITE_`,
     * `NEXT_PUBLIC_` or `EXPO_PUBLIC_` (empty for none).
     */
    clientLink(prefix: string): Link {
        if (!/^([A-Z][A-Z0-9_]*_)?$/.test(prefix))
            throw new InvalidArgumentError(
                COMPONENT,
                "clientLink(prefix)",
                `is ${JSON.stringify(prefix)}`,
                "upper-case letters, digits and underscores ending in _ (VITE_, NEXT_PUBLIC_), or empty",
            );
        return {
            name: `${this.name}-client`,
            env: {
                [`${prefix}SUPABASE_URL`]: this.apiUrl,
                [`${prefix}SUPABASE_ANON_KEY`]: this.anonKey.apply((key) => key ?? ""),
            },
        };
    }

    /**
     * The connection parts, for any service (Supabase is reached over the internet, with TLS): `DATABASE_HOST` (the
     * direct host), `DATABASE_PORT`, `DATABASE_NAME`, `DATABASE_USER`, `DATABASE_SSL_MODE`, and `DATABASE_POOLER_HOST`
     * / `DATABASE_POOLER_PORT` (Supavisor, IPv4; its user is `postgres.<ref>`). The password is not in it: store it
     * (or a URL built with it) in `GcpSecrets` / `AwsSecret` and link that.
     */
    link(): Link {
        const c = this.connection;
        return {
            name: this.name,
            env: {
                ...databaseEnv(c),
                DATABASE_POOLER_HOST: c.poolerHost.apply((host) => host ?? ""),
                DATABASE_POOLER_PORT: c.poolerPort.apply((port) => (port === undefined ? "" : String(port))),
            },
        };
    }
}
