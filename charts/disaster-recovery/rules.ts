import { isRecord } from '../config/primitives';
import type { Rule } from '../config/rules';
import { overlayTarget } from './pairing';

/**
 * A standby stands in for a production target elsewhere: it is production itself, its primary is
 * another overlay that is production on the same cloud and not a standby, in another region (a
 * standby in the primary's region does not survive the region), with the same domain (failover only
 * switches DNS; the hosts, certificates and clients stay), in the region its primary copies its
 * database to (where the replica and the backup copies are).
 */
export const disasterRecoveryRules: Rule = (input, report) => {
  const section = input.disasterRecovery;
  if (!isRecord(section) || typeof section.primary !== 'string') return;
  const name = section.primary;
  if (input.environment !== 'production') {
    report('environment', `a disaster-recovery standby stands in for production: it is "production", not "${String(input.environment)}"`);
  }
  if (name === input.name) {
    report('disasterRecovery.primary', 'names this target itself: a standby stands in for another production target');
    return;
  }
  const primary = overlayTarget(name);
  if (!primary) {
    report('disasterRecovery.primary', `"${name}" is not a target: no overlays/${name}.ts loads`);
    return;
  }
  if (primary.environment !== 'production') report('disasterRecovery.primary', `"${name}" is ${String(primary.environment)}: only production has a disaster-recovery standby`);
  if (primary.disasterRecovery !== undefined) report('disasterRecovery.primary', `"${name}" is a standby itself: name the target that serves`);
  if (primary.cloud !== input.cloud) {
    report('disasterRecovery.primary', `"${name}" runs on ${String(primary.cloud)}, this target on ${String(input.cloud)}: the database replica and the DNS failover stay within one cloud`);
  }
  const region = isRecord(input.cluster) ? input.cluster.region : undefined;
  if (region !== undefined && region === primary.region) {
    report('cluster.region', `"${String(region)}" is the region of its primary "${name}": a standby there does not survive the region's outage`);
  }
  if (region !== undefined && primary.backupRegion !== undefined && region !== primary.backupRegion) {
    report(
      'cluster.region',
      `"${String(region)}" is not where "${name}" copies its database (infra.postgres.crossRegionBackup.region "${String(primary.backupRegion)}"): the standby runs where the replica and the backup copies are`,
    );
  }
  if (input.domain !== primary.domain) {
    report('domain', `"${String(input.domain)}" differs from its primary's "${String(primary.domain)}": a standby serves the same hosts, so failing over only switches DNS`);
  }
};
