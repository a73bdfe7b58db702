import type { Target } from '../config/target';

/**
 * Where a target keeps personal data (docs/compliance.md#where-personal-data-lives), from its config:
 * the region of its cluster (the services, the managed database, cache and Kafka, the logs, the
 * metrics), the region of its backup bucket, and the region its database backups are copied to.
 * Content delivery networks cache public static assets only, worldwide, and hold no personal data.
 */
export interface DataRegions {
  /** The cluster's region: the services and every managed service the estate creates beside them. */
  readonly primary: string;
  /** Regions of the logical backups (the backup bucket) and of the managed database's backup copies (on DigitalOcean its read replica), other than the primary, sorted. */
  readonly backups: readonly string[];
}

export function dataRegions(target: Pick<Target, 'cluster' | 'backups' | 'infra'>): DataRegions {
  const primary = target.cluster.region;
  const backupRegions = [target.backups.objectStore.region ?? primary, target.infra.postgres.crossRegionBackup?.region].filter((r): r is string => r !== undefined && r !== primary);
  return { primary, backups: [...new Set(backupRegions)].sort() };
}
