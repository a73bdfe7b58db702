import type { Feature } from '../platform/feature';
import { disasterRecoveryRules } from './rules';
import { disasterRecoveryConfig } from './schema';

export { isStandby, standbyOf, warmSizing } from './standby';

/**
 * A passive disaster-recovery target in a second region (docs/features/disaster-recovery.md): the
 * `disasterRecovery` section marks a production target as the standby of another. It renders no
 * chart of its own: the features it affects ask `standbyOf(target)` (the database is a replica, the
 * migration and backup jobs are off, the services run warm), and the estates render the replica and
 * the DNS failover.
 */
export const disasterRecovery: Feature<typeof disasterRecoveryConfig> = {
  id: 'disaster-recovery',
  config: disasterRecoveryConfig,
  rules: [disasterRecoveryRules],
};
