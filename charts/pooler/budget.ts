import type { ManagedPostgres } from '../cloud/profile';
import type { Problem } from '../config/problems';
import type { ServiceName } from '../platform/services';
import { POSTGRES_CLIENTS, type PoolerSettings } from './schema';

/**
 * The connection budget of a target, at maximum scale, on both sides of the pooler:
 *
 *   client side   Σ services (replicas.max × client pool)            ≤  what the poolers accept
 *   server side   pooler pods × pools × pool size + reserve + the provider's own  ≤  max_connections
 *
 * Pure arithmetic, shared by the synthesis rule (./rules.ts) and `npm run report -- connections`.
 */

/** PgBouncer's exporter holds one client connection of its own PgBouncer while it scrapes. */
export const EXPORTER_CLIENT_CONNECTIONS = 1;
/** Pods a PgBouncer rollout adds above the replica count (the Deployment's `maxSurge`). */
export const PGBOUNCER_ROLLOUT_SURGE = 1;
/**
 * Login users of one role that may be connected at once: blue and green overlap while a password
 * rotates (docs/runbooks/secret-rotation.md). A PgBouncer pod knows one of them (its auth file is
 * written when it starts); a provider's pool accepts both, each with a pool of its own.
 */
export const LOGIN_USERS_PER_ROLE = 2;

/** One term of a side's sum. */
export interface Contributor {
  readonly name: string;
  /** How the number comes about, e.g. "20 replicas × pool 10"; '' for a configured number. */
  readonly how: string;
  readonly connections: number;
}

/** One side of the pooler: what may be asked of it at maximum scale against what it can give. */
export interface BudgetSide {
  readonly contributors: readonly Contributor[];
  /** The sum of the contributors. */
  readonly demand: number;
  /** The ceiling; undefined where the provider does not publish it (the side is then not checked). */
  readonly limit?: number;
  /** How the ceiling comes about. */
  readonly limitHow: string;
  /** `limit - demand`; negative when the ceiling can be exceeded. */
  readonly headroom?: number;
  readonly fits: boolean;
}

export interface ConnectionBudget {
  /** What pools the connections: "PgBouncer", "DigitalOcean pool". */
  readonly pooler: string;
  readonly levers: PoolerCapacity['levers'];
  readonly client: BudgetSide;
  readonly server: BudgetSide;
}

/** The largest client pool each service opens at its largest. */
export interface ClientDemand {
  readonly service: ServiceName;
  readonly replicas: number;
  readonly pool: number;
}

/** What a pooler accepts from clients and opens to the server. */
export interface PoolerCapacity {
  readonly name: string;
  /** Client connections the poolers accept at their smallest; undefined where unknown. */
  readonly clients?: { readonly limit: number; readonly how: string };
  /** Server connections the poolers open at their largest. */
  readonly server: Contributor;
  /** The settings that move each side, for the message that reports it exceeded. */
  readonly levers: { readonly client: string; readonly server: string };
}

/** The database's `max_connections` and what the provider keeps of it. */
export interface DatabaseCeiling {
  readonly maxConnections: number;
  readonly how: string;
  readonly providerReserved: Contributor;
}

export interface BudgetInput {
  readonly clients: readonly ClientDemand[];
  readonly pooler: PoolerCapacity;
  readonly database: DatabaseCeiling;
  /** Connections kept for whatever connects directly, by purpose. */
  readonly reserve: Readonly<Record<string, number>>;
}

/** "1 replica", "4 replicas". */
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function side(contributors: readonly Contributor[], limit: number | undefined, limitHow: string): BudgetSide {
  const demand = contributors.reduce((sum, c) => sum + c.connections, 0);
  const headroom = limit === undefined ? undefined : limit - demand;
  return { contributors, demand, limit, limitHow, headroom, fits: headroom === undefined || headroom >= 0 };
}

/** Both sides of the budget. */
export function connectionBudget(input: BudgetInput): ConnectionBudget {
  const clients = input.clients.map(({ service, replicas, pool }) => ({ name: service, how: `${count(replicas, 'replica')} × pool ${pool}`, connections: replicas * pool }));
  const reserve = Object.entries(input.reserve).map(([purpose, connections]) => ({ name: `reserved: ${purpose}`, how: '', connections }));
  return {
    pooler: input.pooler.name,
    levers: input.pooler.levers,
    client: side(clients, input.pooler.clients?.limit, input.pooler.clients?.how ?? `${input.pooler.name} does not publish its client limit: not checked`),
    server: side([input.pooler.server, ...reserve, input.database.providerReserved], input.database.maxConnections, input.database.how),
  };
}

/** PgBouncer in the cluster: one pool per role (a pod's auth file holds one user of each), on every pod a rollout may run. */
export function pgbouncerCapacity(settings: PoolerSettings): PoolerCapacity {
  const { replicas, maxClientConn, defaultPoolSize } = settings.pgbouncer;
  const perPod = maxClientConn - EXPORTER_CLIENT_CONNECTIONS;
  const pods = replicas.max + PGBOUNCER_ROLLOUT_SURGE;
  const pools = POSTGRES_CLIENTS.length;
  return {
    name: 'PgBouncer',
    clients: {
      limit: replicas.min * perPod,
      how: `${count(replicas.min, 'replica')} (replicas.min) × ${perPod} (max_client_conn ${maxClientConn} less ${EXPORTER_CLIENT_CONNECTIONS} for its exporter)`,
    },
    server: {
      name: 'PgBouncer',
      how: `${count(pods, 'pod')} (replicas.max ${replicas.max} + ${PGBOUNCER_ROLLOUT_SURGE} during a rollout) × ${count(pools, 'pool')} × ${defaultPoolSize} (default_pool_size)`,
      connections: pods * pools * defaultPoolSize,
    },
    levers: {
      client: 'raise pooler.pgbouncer.maxClientConn or pooler.pgbouncer.replicas.min',
      server: 'lower pooler.pgbouncer.defaultPoolSize or pooler.pgbouncer.replicas.max',
    },
  };
}

/** A provider's pool without a fixed user: a pool of `size` per login user, blue and green alike. */
export function managedPoolCapacity(size: number): PoolerCapacity {
  const pools = POSTGRES_CLIENTS.length * LOGIN_USERS_PER_ROLE;
  return {
    name: 'DigitalOcean pool',
    server: { name: 'DigitalOcean pool', how: `${pools} user pools (${POSTGRES_CLIENTS.length} roles × blue/green) × ${size} (pool size)`, connections: pools * size },
    levers: { client: 'lower the client pools', server: 'lower pooler.managedPool.size' },
  };
}

/**
 * The database's ceiling: `maxConnections` where set, else the provider's rule for its size, the
 * estate's (`infra.postgres.size`: one source for the database that is created and the budget).
 */
export function databaseCeiling(database: PoolerSettings['database'], postgres: ManagedPostgres, size: string): DatabaseCeiling | Problem {
  const providerReserved = { name: `reserved: ${postgres.title}`, how: postgres.reserved.why, connections: postgres.reserved.connections };
  if (database.maxConnections !== undefined) return { maxConnections: database.maxConnections, how: 'pooler.database.maxConnections', providerReserved };
  const derived = postgres.maxConnections(size);
  if (!derived) {
    return {
      path: 'infra.postgres.size',
      message: `the connection budget knows no ${postgres.sizeName} "${size}" (it knows ${postgres.knownSizes}); set pooler.database.maxConnections to the database's max_connections instead`,
    };
  }
  return { maxConnections: derived.value, how: derived.derivation, providerReserved };
}

/**
 * The budget of resolved settings, with the services' largest replica counts, on the target's
 * cloud, against a database of the given size; a problem where the database's ceiling cannot be known.
 */
export function budgetOf(settings: PoolerSettings, replicasMax: Readonly<Record<ServiceName, number>>, postgres: ManagedPostgres, databaseSize: string): ConnectionBudget | Problem {
  const database = databaseCeiling(settings.database, postgres, databaseSize);
  if ('path' in database) return database;
  let pooler: PoolerCapacity;
  if (settings.mode === 'pgbouncer') pooler = pgbouncerCapacity(settings);
  else if (settings.managedPool) pooler = managedPoolCapacity(settings.managedPool.size);
  else return { path: 'pooler.managedPool', message: `required with mode "${settings.mode}": { size } of the pool the services use (its size in the provider's console)` };
  const clients = POSTGRES_CLIENTS.map((service) => ({ service, replicas: replicasMax[service], pool: settings.clientPools[service] }));
  return connectionBudget({ clients, pooler, database, reserve: settings.database.reserved });
}

/** A side's sum, term by term, for messages: "moderation-api: 20 replicas × pool 10 = 200; ...". */
export function describeSide(side: BudgetSide): string {
  return side.contributors.map((c) => `${c.name}: ${c.how ? `${c.how} = ` : ''}${c.connections}`).join('; ');
}

/** What a budget exceeds, each with every contributor and the settings that fix it; none when it fits. */
export function budgetProblems(budget: ConnectionBudget): Problem[] {
  const problems: Problem[] = [];
  const { client, server, pooler, levers } = budget;
  if (!client.fits) {
    problems.push({
      path: 'pooler',
      message:
        `client connections can exceed what ${pooler} accepts: at maximum scale the services open ${client.demand} (${describeSide(client)}), ` +
        `${pooler} accepts ${client.limit} (${client.limitHow}); lower a service's replicas.max or its pooler.clientPools entry, or ${levers.client}`,
    });
  }
  if (!server.fits) {
    problems.push({
      path: 'pooler',
      message:
        `server connections can exceed the database's max_connections: at maximum scale ${server.demand} (${describeSide(server)}), ` +
        `max_connections is ${server.limit} (${server.limitHow}); ${levers.server}, or give the database a larger size`,
    });
  }
  return problems;
}
