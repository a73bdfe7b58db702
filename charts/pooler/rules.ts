import { CLOUD_PROFILES, type Cloud, type CloudProfile } from '../cloud';
import { isRecord } from '../config/primitives';
import type { Problem } from '../config/problems';
import type { Rule } from '../config/rules';
import { SERVICE_NAMES, type ServiceName } from '../platform/services';
import { PRODUCTION_MIN_REPLICAS, type Environment } from '../workloads/defaults';
import { resolvedSizing } from '../workloads/rules';
import { budgetOf, budgetProblems, type ConnectionBudget } from './budget';
import { poolerSchema, resolvePooler, type PoolerSettings } from './schema';

/** What the budget of a raw overlay is computed from; undefined where the schema rejects a part (it reports that). */
export interface OverlayPooler {
  readonly environment: Environment;
  readonly cloud: CloudProfile;
  readonly settings: PoolerSettings;
  /** Every service's `replicas.max` after the environment's defaults. */
  readonly replicasMax: Readonly<Record<ServiceName, number>>;
  /** The database's size, the estate's (`infra.postgres.size`). */
  readonly databaseSize: string;
}

export function overlayPooler(input: Record<string, unknown>): OverlayPooler | undefined {
  const environment = input.environment === 'staging' || input.environment === 'production' ? input.environment : undefined;
  const cloud = typeof input.cloud === 'string' && Object.hasOwn(CLOUD_PROFILES, input.cloud) ? CLOUD_PROFILES[input.cloud as Cloud] : undefined;
  const parsed = poolerSchema.safeParse(input.pooler);
  const databaseSize = isRecord(input.infra) && isRecord(input.infra.postgres) ? input.infra.postgres.size : undefined;
  if (!environment || !cloud || !parsed.success || typeof databaseSize !== 'string') return undefined;
  const replicasMax: Partial<Record<ServiceName, number>> = {};
  for (const name of SERVICE_NAMES) {
    const sizing = resolvedSizing(input, name);
    if (!sizing) return undefined;
    replicasMax[name] = sizing.replicas.max;
  }
  return { environment, cloud, settings: resolvePooler(environment, parsed.data), replicasMax: replicasMax as Record<ServiceName, number>, databaseSize };
}

/** The connection budget of a raw overlay, or the problem that keeps it from being known. */
export function overlayBudget(pooler: OverlayPooler): ConnectionBudget | Problem {
  return budgetOf(pooler.settings, pooler.replicasMax, pooler.cloud.postgres, pooler.databaseSize);
}

/**
 * The pooler's mode fits the cloud, its replica bounds are ordered (two or more in production), and
 * the connection budget holds at maximum scale on both sides (./budget.ts): synthesis fails, every
 * contributor listed, rather than a database that refuses connections under load.
 */
export const poolerRules: Rule = (input, report) => {
  const pooler = overlayPooler(input);
  if (!pooler) return;
  const { environment, cloud, settings } = pooler;
  if (settings.mode === 'digitalocean-managed' && !cloud.postgres.managedPools) {
    report('pooler.mode', `"${settings.mode}" uses the pools the database provider runs, and ${cloud.postgres.title} (${cloud.title}) runs none: use "pgbouncer"`);
    return;
  }
  if (settings.mode === 'pgbouncer') {
    if (settings.managedPool) report('pooler.managedPool', 'is read only with mode "digitalocean-managed": remove it, or set pooler.mode');
    const { min, max } = settings.pgbouncer.replicas;
    if (max < min) report('pooler.pgbouncer.replicas.max', `${max} is below replicas.min (${min})`);
    if (environment === 'production' && min < PRODUCTION_MIN_REPLICAS) {
      report('pooler.pgbouncer.replicas.min', `${min} is below ${PRODUCTION_MIN_REPLICAS}: production runs at least ${PRODUCTION_MIN_REPLICAS} PgBouncers, so draining a node does not cut the database off`);
    }
  }
  const budget = overlayBudget(pooler);
  if ('path' in budget) report(budget.path, budget.message);
  else for (const problem of budgetProblems(budget)) report(problem.path, problem.message);
};
