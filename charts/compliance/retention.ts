import { ADDON_DEFAULTS, addOnSettings, METRICS_RETENTION_DAYS, prometheusRetentionDays } from '../addons/schema';
import { BACKUP_DEFAULTS, backupRetentionOf, RETENTION_DAYS as BACKUP_RETENTION_DAYS } from '../backups/schema';
import type { Target } from '../config/target';
import { databaseBackupRetentionDays } from '../infra/estate';
import { DATABASE_BACKUP_RETENTION_DAYS, DEFAULT_DATABASE_BACKUP_RETENTION_DAYS } from '../infra/schema';
import { AUDIT_RETENTION_DAYS, auditRetentionOf, DEFAULT_AUDIT_RETENTION_DAYS, DEFAULT_RETENTION_DAYS, MAX_RETENTION_DAYS, MIN_RETENTION_DAYS, retentionOf } from '../logging/schema';
import type { Environment } from '../workloads/defaults';

/**
 * How long a target keeps each kind of data that holds evidence or personal data, in days, in one
 * view (docs/compliance.md#retention): each is a field of its own feature's config, bounded there
 * and defaulted per environment; this module only reads them, so the number here is the number the
 * feature renders.
 */
export type RetentionKind = 'logs' | 'auditLogs' | 'metrics' | 'backups' | 'databaseBackups';

export type RetentionPolicy = Readonly<Record<RetentionKind, number>>;

/** Where each retention is set, its bounds, its defaults and what renders it. */
export interface RetentionSource {
  readonly kind: RetentionKind;
  /** For people: "Application and cluster logs". */
  readonly title: string;
  /** The overlay field, e.g. `logging.retentionDays`. */
  readonly field: string;
  /** The bounds the schema or rules enforce, in days. */
  readonly bounds: { readonly min: number; readonly max: number };
  /** The default per environment, in days. */
  readonly defaults: Readonly<Record<Environment, number>>;
  /** What applies it: the objects that carry the number. */
  readonly appliedBy: string;
  /** The target's value, in days. */
  readonly of: (target: Target) => number;
}

const perEnvironment = (days: (environment: Environment) => number): Readonly<Record<Environment, number>> => ({ staging: days('staging'), production: days('production') });

export const RETENTION_SOURCES: readonly RetentionSource[] = [
  {
    kind: 'logs',
    title: 'Application and cluster logs',
    field: 'logging.retentionDays',
    bounds: { min: MIN_RETENTION_DAYS, max: MAX_RETENTION_DAYS },
    defaults: DEFAULT_RETENTION_DAYS,
    appliedBy: 'the CloudWatch log groups Fluent Bit creates (`log_retention_days`); the OpenSearch ISM policy `moderation-<environment>-logs`; the managed databases\' log sinks (`indexDaysMax`)',
    of: retentionOf,
  },
  {
    kind: 'auditLogs',
    title: 'Audit logs',
    field: 'logging.auditRetentionDays',
    bounds: AUDIT_RETENTION_DAYS,
    defaults: DEFAULT_AUDIT_RETENTION_DAYS,
    appliedBy: 'the audit events\' log group `/moderation/<environment>/audit` or ISM policy `moderation-audit-<environment>`; on EKS the control-plane log group `/aws/eks/<cluster>/cluster`',
    of: auditRetentionOf,
  },
  {
    kind: 'metrics',
    title: 'Metrics',
    field: 'addons.prometheus.retention',
    bounds: METRICS_RETENTION_DAYS,
    defaults: perEnvironment((environment) => prometheusRetentionDays(ADDON_DEFAULTS[environment].prometheus.retention)!),
    appliedBy: 'kube-prometheus-stack\'s `prometheus.prometheusSpec.retention` (and `retentionSize`, which may drop samples earlier)',
    of: (target) => prometheusRetentionDays(addOnSettings(target).prometheus.retention)!,
  },
  {
    kind: 'backups',
    title: 'Logical database backups (dumps)',
    field: 'backups.retentionDays',
    bounds: BACKUP_RETENTION_DAYS,
    defaults: perEnvironment((environment) => BACKUP_DEFAULTS[environment].retentionDays),
    appliedBy: 'the backup bucket\'s lifecycle rule (S3 or Spaces: `expiration`, `noncurrentVersionExpiration`)',
    of: backupRetentionOf,
  },
  {
    kind: 'databaseBackups',
    title: 'Managed database backups and point-in-time recovery',
    field: 'infra.postgres.backupRetentionDays',
    bounds: DATABASE_BACKUP_RETENTION_DAYS,
    defaults: DEFAULT_DATABASE_BACKUP_RETENTION_DAYS,
    appliedBy: 'RDS `backupRetentionPeriod` (and its cross-region copies); on DigitalOcean 7 days of PITR, fixed, and the dumps for the rest',
    of: (target) => databaseBackupRetentionDays(target.infra, target.environment),
  },
];

/** The retention of every kind of data of a target, in days, resolved from its config and its environment's defaults. */
export function retentionPolicy(target: Target): RetentionPolicy {
  return Object.fromEntries(RETENTION_SOURCES.map((source) => [source.kind, source.of(target)])) as RetentionPolicy;
}
