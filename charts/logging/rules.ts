import { CLOUD_PROFILES, type Cloud } from '../cloud';
import { isRecord } from '../config/primitives';
import type { Rule } from '../config/rules';
import { AUDIT_RETENTION_DAYS, MAX_RETENTION_DAYS, MIN_RETENTION_DAYS } from './schema';

/**
 * Rules of the `logging` section that depend on the target's cloud (its profile's `logStore`):
 * - an OpenSearch cluster has no regional endpoint, so the target names its host;
 * - CloudWatch Logs keeps a log group's events only for some periods, so both retentions (logs,
 *   audit logs) are one of them.
 */
export const loggingRules: Rule = (input, report) => {
  const logging = input.logging;
  if (!isRecord(logging)) return;
  const cloud = typeof input.cloud === 'string' && Object.hasOwn(CLOUD_PROFILES, input.cloud) ? CLOUD_PROFILES[input.cloud as Cloud] : undefined;
  if (!cloud) return;
  const store = cloud.logStore;

  const destination = isRecord(logging.destination) ? logging.destination : {};
  if (store.kind === 'opensearch' && destination.host === undefined) {
    report('logging.destination.host', `required on ${cloud.id}: the host of the ${store.title} cluster logs are written to, e.g. "private-moderation-logs-do-user-1234567-0.f.db.ondigitalocean.com"`);
  }

  if (store.kind !== 'cloudwatch-logs') return;
  const retentions = [
    { field: 'retentionDays', min: MIN_RETENTION_DAYS, max: MAX_RETENTION_DAYS },
    { field: 'auditRetentionDays', ...AUDIT_RETENTION_DAYS },
  ] as const;
  for (const { field, min, max } of retentions) {
    const days = logging[field];
    // Values outside the range, or not whole days, are the schema's to report.
    const inRange = typeof days === 'number' && Number.isInteger(days) && days >= min && days <= max;
    if (inRange && !store.retentionDays.includes(days)) {
      const accepted = store.retentionDays.filter((d) => d >= min && d <= max);
      report(`logging.${field}`, `${days} is not a retention ${store.title} accepts on ${cloud.id}: use one of ${accepted.join(', ')}`);
    }
  }
};
