/**
 * PgBouncer's configuration file, rendered from typed settings. What is the same on every target is
 * fixed here, each with its reason; what differs (the database, the limits) comes in as props.
 */

/** Protocol-level prepared statements PgBouncer keeps per server connection, so drivers that prepare (asyncpg, psycopg 3) work in transaction mode. */
const MAX_PREPARED_STATEMENTS = 200;

/** What PgBouncer needs to know of the database it pools. */
export interface PgBouncerDatabase {
  /** The database name clients ask for, and the server's. */
  readonly name: string;
  /** The server's real host: `verify-full` checks the certificate against it (an alias would fail). */
  readonly host: string;
  readonly port: number;
}

export interface PgBouncerIniProps {
  readonly database: PgBouncerDatabase;
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
  const { database } = props;
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
    '[databases]',
    `${database.name} = host=${database.host} port=${database.port} dbname=${database.name}`,
    '',
    '[pgbouncer]',
    ...settings.map(([key, value]) => (value === '' ? `${key} =` : `${key} = ${value}`)),
    '',
  ].join('\n');
}
