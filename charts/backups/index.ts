import { isStandby } from '../disaster-recovery/standby';
import type { Feature } from '../platform/feature';
import { BackupsChart } from './chart';
import { backupCredentials } from './credentials';
import { backupsRules } from './rules';
import { backupsConfig } from './schema';

/**
 * Nightly encrypted logical backups of PostgreSQL to the cloud's object store, and a weekly test that
 * restores one. None on a disaster-recovery standby: the primary's jobs back up and test the data
 * (their dumps and the provider's backup copies are what the standby's region holds); a standby's jobs
 * would only duplicate them. Promotion (removing `disasterRecovery`) brings them back. Their
 * credentials stay synced, so the first backup after a promotion needs nothing new.
 */
export const backups: Feature<typeof backupsConfig> = {
  id: 'backups',
  config: backupsConfig,
  rules: [backupsRules],
  provides: ({ cloud }) => ({ credentials: backupCredentials(cloud) }),
  charts: (scope, { target, cloud }) => (isStandby(target) ? [] : [new BackupsChart(scope, 'backups', { target, cloud })]),
};
