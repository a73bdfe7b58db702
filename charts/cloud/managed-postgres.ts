import type { ManagedPostgres } from './profile';

/**
 * The managed PostgreSQL of each cloud, as the connection budget (charts/pooler) needs it: how
 * `max_connections` follows from the size a target runs, and what the provider keeps for itself.
 */

const GIB = 2 ** 30;

/** RDS's default `max_connections`: `LEAST({DBInstanceClassMemory/9531392}, 5000)`. */
const RDS_BYTES_PER_CONNECTION = 9_531_392;
const RDS_MAX_CONNECTIONS = 5000;

/** GiB of memory per size of the instance families the budget knows (burstable, general purpose, memory optimized). */
const BURSTABLE = { 'micro': 1, 'small': 2, 'medium': 4, 'large': 8, 'xlarge': 16, '2xlarge': 32 };
const GENERAL_PURPOSE = { 'large': 8, 'xlarge': 16, '2xlarge': 32, '4xlarge': 64, '8xlarge': 128 };
const MEMORY_OPTIMIZED = { 'large': 16, 'xlarge': 32, '2xlarge': 64, '4xlarge': 128, '8xlarge': 256 };
const RDS_FAMILIES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  t3: BURSTABLE, t4g: BURSTABLE,
  m5: GENERAL_PURPOSE, m6g: GENERAL_PURPOSE, m6i: GENERAL_PURPOSE, m7g: GENERAL_PURPOSE,
  r5: MEMORY_OPTIMIZED, r6g: MEMORY_OPTIMIZED, r6i: MEMORY_OPTIMIZED, r7g: MEMORY_OPTIMIZED,
};

/** Memory of an RDS instance class such as `db.r6g.large`, in GiB; undefined for a class not in the table. */
function rdsClassMemoryGiB(instanceClass: string): number | undefined {
  const [prefix, family, size] = instanceClass.split('.');
  return prefix === 'db' && family !== undefined && size !== undefined ? RDS_FAMILIES[family]?.[size] : undefined;
}

/**
 * Amazon RDS for PostgreSQL. The table holds each class's nominal memory; RDS's
 * DBInstanceClassMemory is that less what the OS and RDS's own processes use (a few percent), so the
 * derived value is slightly high: the budget's reserve covers that, and `SHOW max_connections` on the
 * instance gives the exact number for `pooler.database.maxConnections`.
 */
export const RDS_POSTGRES: ManagedPostgres = {
  title: 'Amazon RDS for PostgreSQL',
  sizeName: 'instance class',
  sizeExample: 'db.r6g.large',
  knownSizes: [BURSTABLE, GENERAL_PURPOSE, MEMORY_OPTIMIZED]
    .map((sizes) => `db.{${Object.keys(RDS_FAMILIES).filter((f) => RDS_FAMILIES[f] === sizes).join(',')}}.{${Object.keys(sizes).join(',')}}`)
    .join(', '),
  maxConnections: (instanceClass) => {
    const gib = rdsClassMemoryGiB(instanceClass);
    if (gib === undefined) return undefined;
    const value = Math.min(Math.floor((gib * GIB) / RDS_BYTES_PER_CONNECTION), RDS_MAX_CONNECTIONS);
    return { value, derivation: `${instanceClass}: LEAST(${gib} GiB / ${RDS_BYTES_PER_CONNECTION} B, ${RDS_MAX_CONNECTIONS})` };
  },
  reserved: { connections: 3, why: 'superuser_reserved_connections, kept for rds_superuser' },
};

/** DigitalOcean Managed PostgreSQL: 25 connections per GiB of the node's memory, 3 of them kept for maintenance. */
const DO_CONNECTIONS_PER_GIB = 25;
const DO_MAINTENANCE_CONNECTIONS = 3;
/** The port DigitalOcean's managed PgBouncer pools listen on, on the cluster's own host. */
const DO_POOL_PORT = 25061;

/** A DigitalOcean database size slug names its memory last: `db-s-2vcpu-4gb`, `gd-4vcpu-16gb`, `so1_5-2vcpu-16gb`. */
const DO_SIZE_SLUG = /^[a-z0-9_]+(?:-[a-z0-9_]+)*-\d+vcpu-(\d+)gb$/;

export const DIGITALOCEAN_POSTGRES: ManagedPostgres = {
  title: 'DigitalOcean Managed PostgreSQL',
  sizeName: 'size slug',
  sizeExample: 'db-s-2vcpu-4gb',
  knownSizes: 'slugs ending in -<n>vcpu-<n>gb, e.g. db-s-2vcpu-4gb, gd-4vcpu-16gb',
  maxConnections: (slug) => {
    const gib = DO_SIZE_SLUG.exec(slug)?.[1];
    if (gib === undefined) return undefined;
    return { value: DO_CONNECTIONS_PER_GIB * Number(gib), derivation: `${slug}: ${DO_CONNECTIONS_PER_GIB} per GiB × ${gib} GiB` };
  },
  reserved: { connections: DO_MAINTENANCE_CONNECTIONS, why: 'kept by DigitalOcean for maintenance' },
  managedPools: { port: DO_POOL_PORT },
};
