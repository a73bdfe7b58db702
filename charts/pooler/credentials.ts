import type { ServiceName } from '../platform/services';
import { SECRET_CATALOGUE, type SecretSpec } from '../secrets/credentials';
import { STATS_USER } from './pgbouncer';
import { POSTGRES_CLIENTS } from './schema';

/**
 * The credentials PgBouncer reads, each in a Secret of its own, synced by the secrets feature from
 * the feature's `provides().credentials` (docs/features/pooler.md#authentication).
 */

/** The database's CA, which PgBouncer verifies the server's certificate against. */
export const POSTGRES_CA_SECRET = { name: 'postgres-ca', key: 'ca.crt' } as const;
/** The password of PgBouncer's admin-console user, for its exporter. */
export const PGBOUNCER_SECRET = { name: 'pgbouncer-credentials', key: 'stats-password' } as const;

/** The Secret of PgBouncer's copy of a service's PostgreSQL login. */
export const loginSecretName = (service: ServiceName) => `pgbouncer-${service}`;
/** Its keys. */
export const LOGIN_KEYS = { username: 'username', password: 'password' } as const;

/**
 * PgBouncer's own copy of a service's PostgreSQL login: the catalogue's credential of that service
 * (charts/secrets/credentials.ts), read from the same remote key, into a Secret only PgBouncer reads.
 * One write in the secrets manager rotates both (docs/features/pooler.md#rotating-a-database-password).
 */
function loginSpec(service: ServiceName): SecretSpec {
  const credential = SECRET_CATALOGUE.find((s) => s.workload === service)?.credentials.find((c) => c.name === 'postgres');
  const has = (property: string) => credential?.fields.some((f) => f.property === property);
  if (!credential || !has(LOGIN_KEYS.username) || !has(LOGIN_KEYS.password)) throw new Error(`the secrets catalogue gives ${service} no PostgreSQL username and password for PgBouncer to check`);
  return {
    owner: service,
    secretName: loginSecretName(service),
    namespace: 'platform',
    usedBy: `PgBouncer: checks ${service}'s password and logs in to PostgreSQL as it`,
    credentials: [{ ...credential, fields: [LOGIN_KEYS.username, LOGIN_KEYS.password].map((property) => ({ property, secretKey: LOGIN_KEYS[property] })) }],
  };
}

/** The Secrets PgBouncer reads, synced by the secrets feature: the services' logins, the database's CA, its exporter's password. */
export const PGBOUNCER_CREDENTIALS: readonly SecretSpec[] = [
  ...POSTGRES_CLIENTS.map(loginSpec),
  {
    owner: 'postgres',
    secretName: POSTGRES_CA_SECRET.name,
    namespace: 'platform',
    usedBy: 'PgBouncer: verifies the database server\'s certificate (server_tls_sslmode verify-full)',
    credentials: [
      {
        name: 'ca',
        class: 'platform',
        description: 'CA certificate (bundle) of the managed PostgreSQL: RDS\'s regional bundle, or the DigitalOcean cluster\'s CA',
        fields: [{ property: 'ca-certificate', secretKey: POSTGRES_CA_SECRET.key }],
      },
    ],
  },
  {
    owner: 'pgbouncer',
    secretName: PGBOUNCER_SECRET.name,
    namespace: 'platform',
    usedBy: 'PgBouncer\'s exporter: reads statistics on the admin console',
    credentials: [
      {
        name: 'stats',
        class: 'service',
        description: `Password of PgBouncer's admin-console user ${STATS_USER} (SHOW commands only); it exists in PgBouncer only, not in PostgreSQL`,
        fields: [{ property: 'password', secretKey: PGBOUNCER_SECRET.key }],
      },
    ],
  },
];
