import { CLOUD_PROFILES } from '../cloud';
import type { Cloud } from '../cloud/profile';
import { isRecord } from '../config/primitives';
import type { Rule } from '../config/rules';
import { DATABASE_BACKUP_RETENTION_DAYS } from './schema';

/**
 * The estate's cross-field rules: the seed's backup numbers (7–30 days of automated backups, copies
 * in a second region in production), on-demand capacity for serving, pools that can scale, and the
 * cloud-specific sub-section the target's cloud reads. Malformed values are the schema's to report.
 */
export const infraRules: Rule = (input, report) => {
  const infra = input.infra;
  if (!isRecord(infra)) return;
  const production = input.environment === 'production';

  const postgres = isRecord(infra.postgres) ? infra.postgres : {};
  const days = postgres.backupRetentionDays;
  const { min, max } = DATABASE_BACKUP_RETENTION_DAYS;
  if (typeof days === 'number' && (days < min || days > max)) {
    report('infra.postgres.backupRetentionDays', `${days} days is outside the ${min}–${max} days of automated backups and point-in-time recovery the platform keeps`);
  }
  const copy = postgres.crossRegionBackup;
  if (production && !isRecord(copy)) {
    report('infra.postgres.crossRegionBackup', 'production keeps copies of its database backups in a second region: set { region } to a region other than the cluster\'s');
  }
  if (isRecord(copy) && isRecord(input.cluster) && copy.region === input.cluster.region) {
    report('infra.postgres.crossRegionBackup.region', `"${String(copy.region)}" is the cluster's own region: a copy there does not survive the region`);
  }

  const pools = isRecord(infra.nodePools) ? Object.entries(infra.nodePools).filter((entry): entry is [string, Record<string, unknown>] => isRecord(entry[1])) : [];
  if (isRecord(infra.nodePools) && !pools.some(([, pool]) => pool.purpose === 'serving')) {
    report('infra.nodePools', 'must have a pool with purpose "serving" for the web, API, inference and edge pods');
  }
  for (const [name, pool] of pools) {
    if (pool.purpose === 'serving' && pool.spot === true) {
      report(`infra.nodePools.${name}.spot`, 'a serving pool runs on on-demand capacity: spot nodes can be reclaimed at two minutes\' notice; use spot for a batch pool');
    }
    if (typeof pool.min === 'number' && typeof pool.max === 'number' && pool.min > pool.max) {
      report(`infra.nodePools.${name}.min`, `${pool.min} is above max (${pool.max})`);
    }
  }

  const cloud = CLOUD_PROFILES[input.cloud as Cloud];
  if (!cloud) return;
  cloud.estate.rules?.(input, report);
  const own = cloud.estate.configKey;
  for (const key of ['aws', 'digitalocean'] as const) {
    if (key !== own && infra[key] !== undefined) report(`infra.${key}`, `is not read on ${cloud.title}: its estate reads infra.${own}`);
  }
};
