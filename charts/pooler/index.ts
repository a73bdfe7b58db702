import { estateEndpoints } from '../infra/endpoints';
import type { Contributions, ServiceEndpoint } from '../platform/contributions';
import type { Feature, FeatureChartProps } from '../platform/feature';
import { selectorLabels } from '../platform/labels';
import { PoolerChart } from './chart';
import { PGBOUNCER_CREDENTIALS } from './credentials';
import { PGBOUNCER_NAME, PGBOUNCER_PORT, pgbouncerHost } from './pgbouncer';
import { poolerRules } from './rules';
import { poolerConfig, poolerSettings, POSTGRES_CLIENTS } from './schema';

/** The environment variable a service sizes its PostgreSQL client pool from: the budget's pool per pod. */
export const POOL_SIZE_ENV = 'POSTGRES_POOL_SIZE';

/**
 * Where the services reach PostgreSQL: PgBouncer's Service in the cluster, or the provider's pool
 * on the database's own host (read from its endpoint Secret: no host here) and the pool's port, in
 * the estate's address ranges.
 */
function endpoint({ target, cloud }: FeatureChartProps): ServiceEndpoint {
  const settings = poolerSettings(target);
  if (settings.mode === 'pgbouncer') return { host: pgbouncerHost(target.namespace), port: PGBOUNCER_PORT, podLabels: selectorLabels(PGBOUNCER_NAME, target) };
  const port = settings.managedPool?.port ?? cloud.postgres.managedPools?.port;
  // The rules refuse this mode where the provider runs no pools.
  if (port === undefined) throw new Error(`${cloud.postgres.title} runs no connection pools`);
  return { port, cidrs: estateEndpoints(target, cloud).postgres.cidrs };
}

/**
 * Connection pooling with a budget: PgBouncer (or DigitalOcean's pools) between the services and
 * PostgreSQL, and synthesis that fails when any connection ceiling can be exceeded at maximum scale.
 */
export const pooler: Feature<typeof poolerConfig> = {
  id: 'pooler',
  config: poolerConfig,
  rules: [poolerRules],
  provides: (props): Partial<Contributions> => {
    const settings = poolerSettings(props.target);
    return {
      endpoints: { postgres: endpoint(props) },
      env: Object.fromEntries(POSTGRES_CLIENTS.map((service) => [service, [{ name: POOL_SIZE_ENV, value: String(settings.clientPools[service]) }]])),
      credentials: settings.mode === 'pgbouncer' ? PGBOUNCER_CREDENTIALS : [],
    };
  },
  charts: (scope, { target, cloud }) => (poolerSettings(target).mode === 'pgbouncer' ? [new PoolerChart(scope, 'pooler', { target, cloud })] : []),
};
