/**
 * The `DATABASE_*` environment variables of a Postgres connection, written once for every Postgres a service links
 * (`AwsPostgres`, `SupabasePostgres`): `DATABASE_HOST`, `DATABASE_PORT`, `DATABASE_READER_HOSTS` (when the database
 * has reader endpoints; comma-separated), `DATABASE_NAME`, `DATABASE_USER`, `DATABASE_SSL_MODE`. Never the password:
 * each component links it its own way (a secret reference, or a secret the stack stores).
 *
 * Internal: not exported from `components/src/index.ts`.
 */
import type * as pulumi from "@pulumi/pulumi";

/** The connection parts the variables are made of. */
export interface DatabaseEnvParts {
    readonly host: pulumi.Input<string>;
    readonly port: number;
    readonly database: string;
    readonly username: string;
    readonly sslMode: string;
}

/** The variables, in this order; `readerHosts` only when given. */
export function databaseEnv(c: DatabaseEnvParts, readerHosts?: pulumi.Input<string>): Record<string, pulumi.Input<string>> {
    return {
        DATABASE_HOST: c.host,
        DATABASE_PORT: String(c.port),
        ...(readerHosts === undefined ? {} : { DATABASE_READER_HOSTS: readerHosts }),
        DATABASE_NAME: c.database,
        DATABASE_USER: c.username,
        DATABASE_SSL_MODE: c.sslMode,
    };
}
