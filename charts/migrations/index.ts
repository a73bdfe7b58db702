import { isStandby } from '../disaster-recovery/standby';
import type { Feature } from '../platform/feature';
import { MigrationsChart } from './chart';
import { migrationsConfig } from './schema';

/**
 * The schema migration of each release: a Job Argo CD runs before the new pods (a `PreSync` hook).
 * None on a disaster-recovery standby: its database is a read-only replica of the primary's, which
 * the primary's release migrates; the replica receives the change by replication.
 */
export const migrations: Feature<typeof migrationsConfig> = {
  id: 'migrations',
  config: migrationsConfig,
  charts: (scope, { target, cloud }) => (isStandby(target) ? [] : [new MigrationsChart(scope, 'migrations', { target, cloud })]),
};
