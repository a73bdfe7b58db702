import type { Feature } from '../platform/feature';
import { BackupsChart } from './chart';
import { backupCredentials } from './credentials';
import { backupsRules } from './rules';
import { backupsConfig } from './schema';

/** Nightly encrypted logical backups of PostgreSQL to the cloud's object store, and a weekly test that restores one. */
export const backups: Feature<typeof backupsConfig> = {
  id: 'backups',
  config: backupsConfig,
  rules: [backupsRules],
  provides: ({ cloud }) => ({ credentials: backupCredentials(cloud) }),
  charts: (scope, { target, cloud }) => [new BackupsChart(scope, 'backups', { target, cloud })],
};
