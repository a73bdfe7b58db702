import type { k8s } from 'cdk8s-plus-28';

/**
 * PgBouncer's configuration file, rendered from typed settings. What is the same on every target is
 * fixed here, each with its reason; what differs (the database, the limits) comes in as props.
 */

/** Protocol-level prepared statements PgBouncer keeps per server connection, so drivers that prepare (asyncpg, psycopg 3) work in transaction mode. */
const MAX_PREPARED_STATEMENTS = 200;

/** What PgBouncer needs to know of the database it pools when it starts. */
export interface PgBouncerDatabase {
  /** The database name clients ask for, and the server's. */
  readonly name: string;
  /** The server's real host, from its endpoint Secret: `verify-full` checks the certificate against it (an alias would fail). */
  readonly host: k8s.EnvVarSource;
  readonly port: k8s.EnvVarSource;
}

/**
 * The `[databases]` section PgBouncer includes (`%include`), as a `printf` format over the database
 * name, host, port and name again: written when the pod starts, from the database's endpoint Secret
 * (PgBouncer expands no environment variables in its config), so no host is typed anywhere.
 */
export const DATABASES_SECTION_FORMAT = '[databases]\\n%s = host=%s port=%s dbname=%s\\n';

export interface PgBouncerIniProps {
  /** The file holding the `[databases]` section, written at start (`DATABASES_SECTION_FORMAT`). */
  readonly databasesFile: string;
  /** The port clients connect to. */
  readonly listenPort: number;
  /** Client connections accepted (`max_client_conn`). */
  readonly maxClientConn: number;
  /** Server connections per database user (`default_pool_size`). */
  readonly defaultPoolSize: number;
  /** The users and plain-text passwords PgBouncer checks clients against and logs in to the server with. */
  readonly authFile: string;
  /** The CA bundle the server's certificate must chain to. */
  readonly serverCaFile: string;
  /** The admin-console user allowed read-only `SHOW` commands (the exporter). */
  readonly statsUser: string;
}

/** `pgbouncer.ini`, with sections and keys in a fixed order, so the same props give the same bytes. */
export function pgbouncerIni(props: PgBouncerIniProps): string {
  const settings: readonly (readonly [string, string | number])[] = [
    ['listen_addr', '*'],
    ['listen_port', props.listenPort],
    // No Unix socket: the root filesystem is read-only and nothing in the pod needs one.
    ['unix_socket_dir', ''],
    // A server connection serves one transaction, then the next client's: the services' pools
    // hold many mostly idle client connections on few server connections.
    ['pool_mode', 'transaction'],
    ['max_client_conn', props.maxClientConn],
    ['default_pool_size', props.defaultPoolSize],
    ['max_prepared_statements', MAX_PREPARED_STATEMENTS],
    // Clients prove their password with SCRAM, checked against the auth file; PgBouncer logs in to
    // the server with the same password (managed PostgreSQL hides pg_authid, so auth_query cannot work).
    ['auth_type', 'scram-sha-256'],
    ['auth_file', props.authFile],
    ['stats_users', props.statsUser],
    // Sent by the exporter's driver (and JDBC) at startup; harmless to ignore.
    ['ignore_startup_parameters', 'extra_float_digits'],
    // TLS to the server, its certificate checked against the CA and the host name.
    ['server_tls_sslmode', 'verify-full'],
    ['server_tls_ca_file', props.serverCaFile],
    ['server_tls_protocols', 'secure'],
    // Clients reach PgBouncer inside the namespace only (its NetworkPolicy), with SCRAM: no password crosses the wire.
    ['client_tls_sslmode', 'disable'],
  ];
  return [
    '[pgbouncer]',
    ...settings.map(([key, value]) => (value === '' ? `${key} =` : `${key} = ${value}`)),
    '',
    // The database, with its host from the endpoint Secret: the included file opens its own section.
    `%include ${props.databasesFile}`,
    '',
  ].join('\n');
}
