import type { Feature } from '../platform/feature';
import { MigrationsChart } from './chart';
import { migrationsConfig } from './schema';

/** The schema migration of each release: a Job Argo CD runs before the new pods (a `PreSync` hook). */
export const migrations: Feature<typeof migrationsConfig> = {
  id: 'migrations',
  config: migrationsConfig,
  charts: (scope, { target, cloud }) => [new MigrationsChart(scope, 'migrations', { target, cloud })],
};
