import { z } from 'zod';
import { objectOf, port } from '../config/primitives';
import type { Target } from '../config/target';
import { PLATFORM_SERVICES, SERVICE_NAMES, type ServiceName } from '../platform/services';
import type { Environment } from '../workloads/defaults';

/**
 * The `pooler` section of a target: what pools the services' PostgreSQL connections, how big each
 * pool is, and the database's connection ceiling the budget holds them to (./budget.ts). Fields
 * without a value here take their environment's default (`POOLER_DEFAULTS`), so an overlay writes
 * only the database's size and what differs.
 */

/** The services that use PostgreSQL: they reach it through the pooler, and the budget counts their pools. */
export const POSTGRES_CLIENTS: readonly ServiceName[] = SERVICE_NAMES.filter((name) => PLATFORM_SERVICES[name].uses.includes('postgres'));

/**
 * `pgbouncer`: PgBouncer in the cluster (charts/pooler/pgbouncer.ts). `digitalocean-managed`: the
 * PgBouncer pools DigitalOcean runs next to the database; nothing is deployed for it.
 */
export const POOLER_MODES = ['pgbouncer', 'digitalocean-managed'] as const;
export type PoolerMode = (typeof POOLER_MODES)[number];

/** What differs by environment: production pools more and keeps two PgBouncers so one can be drained. */
export const POOLER_DEFAULTS: Readonly<Record<Environment, { clientPools: Readonly<Partial<Record<ServiceName, number>>>; replicas: { min: number; max: number }; defaultPoolSize: number }>> = {
  production: { clientPools: { 'moderation-api': 10, 'moderation-worker': 5 }, replicas: { min: 2, max: 4 }, defaultPoolSize: 20 },
  staging: { clientPools: { 'moderation-api': 5, 'moderation-worker': 5 }, replicas: { min: 1, max: 2 }, defaultPoolSize: 10 },
};

const connections = z.number().int('must be a whole number of connections').min(1, 'must be at least 1');
const reserved = z.number().int('must be a whole number of connections').min(0, 'must be 0 or more');
const replicaCount = z.number().int('must be a whole number').min(1, 'must be at least 1');

const pgbouncer = z
  .object({
    /** Autoscaler bounds of the PgBouncer Deployment. @default 2–4 in production, 1–2 in staging */
    replicas: z.object({ min: replicaCount.optional(), max: replicaCount.optional() }).strict().optional(),
    /** Client connections one PgBouncer accepts (`max_client_conn`), its exporter's included. */
    maxClientConn: connections.default(1000),
    /** Server connections per pool (`default_pool_size`); a pool per database user. @default 20 in production, 10 in staging */
    defaultPoolSize: connections.optional(),
  })
  .strict()
  .prefault({});

const managedPool = z
  .object({
    /** The pool's port on the database's host. @default the provider's (DigitalOcean: 25061) */
    port: port.optional(),
    /** The pool's size in DigitalOcean: server connections per user that connects through it. */
    size: connections,
  })
  .strict();

const database = z
  .object({
    /** The database the services use: the only one the pooler serves, and the DigitalOcean pool's name. */
    name: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a PostgreSQL database name (lowercase letters, digits, "_")').default('moderation'),
    /** Not set: the database's size is the estate's (`infra.postgres.size`), which sets its `max_connections`. */
    size: z.never({ error: 'is read from infra.postgres.size, the size the estate gives the database: remove it here' }).optional(),
    /** `max_connections` where the parameter group sets it: overrides what `size` gives. */
    maxConnections: connections.optional(),
    /** Connections kept out of the pools for people and jobs that connect directly. */
    reserved: z
      .object({
        /** psql sessions of operators, monitoring agents. */
        administration: reserved.default(5),
        /** The schema-migration Job. */
        migrations: reserved.default(2),
        /** Backup jobs. */
        backups: reserved.default(2),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

export const poolerSchema = z
  .object({
    /** What pools the connections: PgBouncer in the cluster, or DigitalOcean's own pools (DOKS only). */
    mode: z.enum(POOLER_MODES, { message: `must be one of ${POOLER_MODES.join(', ')}` }).default('pgbouncer'),
    /** Largest client pool one pod of each service opens; the service reads it from POSTGRES_POOL_SIZE. */
    clientPools: objectOf(POSTGRES_CLIENTS, (name) =>
      connections.optional().describe(`Client pool of one ${name} pod. Default: ${POOLER_DEFAULTS.production.clientPools[name]} in production, ${POOLER_DEFAULTS.staging.clientPools[name]} in staging.`),
    ).prefault({}),
    pgbouncer,
    /** DigitalOcean's managed pool the services use; only with mode `digitalocean-managed`, and then required. */
    managedPool: managedPool.optional(),
    database,
  })
  .strict()
  .prefault({});

export const poolerConfig = {
  /** How the services' PostgreSQL connections are pooled, and the connection budget synthesis holds them to. */
  pooler: poolerSchema,
};

/** The `pooler` section as an overlay's config parses, before environment defaults. */
export type PoolerConfig = z.output<typeof poolerSchema>;

/** The pooler's settings with every default resolved. */
export interface PoolerSettings {
  readonly mode: PoolerMode;
  /** Client pool per pod of each service in `POSTGRES_CLIENTS` (only those are present). */
  readonly clientPools: Readonly<Record<ServiceName, number>>;
  readonly pgbouncer: {
    readonly replicas: { readonly min: number; readonly max: number };
    readonly maxClientConn: number;
    readonly defaultPoolSize: number;
  };
  readonly managedPool?: PoolerConfig['managedPool'];
  readonly database: PoolerConfig['database'];
}

/** The environment's defaults with the overlay's values applied. */
export function resolvePooler(environment: Environment, config: PoolerConfig): PoolerSettings {
  const defaults = POOLER_DEFAULTS[environment];
  const pool = (name: ServiceName): number => {
    const size = config.clientPools[name] ?? defaults.clientPools[name];
    // A programming error: a service started using PostgreSQL without a default pool here.
    if (size === undefined) throw new Error(`POOLER_DEFAULTS.${environment}.clientPools has no pool for ${name}, which uses postgres`);
    return size;
  };
  const clientPools = Object.fromEntries(POSTGRES_CLIENTS.map((name) => [name, pool(name)])) as Record<ServiceName, number>;
  return {
    mode: config.mode,
    clientPools,
    pgbouncer: {
      replicas: { ...defaults.replicas, ...config.pgbouncer.replicas },
      maxClientConn: config.pgbouncer.maxClientConn,
      defaultPoolSize: config.pgbouncer.defaultPoolSize ?? defaults.defaultPoolSize,
    },
    managedPool: config.managedPool,
    database: config.database,
  };
}

/** The pooler's settings on a target, environment defaults applied. */
export function poolerSettings(target: Target): PoolerSettings {
  return resolvePooler(target.environment, target.pooler);
}
