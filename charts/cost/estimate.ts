import type { KubeObject } from '../../core/object';
import { BACKUP_DEFAULTS } from '../backups/schema';
import type { Target } from '../config/target';
import { databaseHighAvailability } from '../infra/estate';
import { allocatable, pack, reservedOf, type PackResult } from './packing';
import { MissingPriceError, monthly, priceAge, regionPrices, type Price, type PriceData, type Resources } from './prices';
import { clusterWorkloads, type ClusterWorkloads } from './workloads';

/**
 * A target's estimated monthly cost at minimum and at maximum scale, line by line, from its
 * validated config (`infra`: node pools, data services, budget), its rendered workloads and the
 * price data. Pure: the same target, objects, prices and clock give the same estimate.
 */

/**
 * Assumed size of one compressed logical dump (charts/backups) as a share of the database's
 * allocated storage: allocated storage is headroom over the data, and pg_dump's custom format compresses.
 */
export const DUMP_SHARE_OF_STORAGE = 0.2;
/** A pool whose requests use less than this share of its nodes (CPU and memory) gets a right-sizing hint. */
export const UNDERUSED_POOL_SHARE = 0.5;
/** A single pod that leaves at least this share of its node unusable by another of its kind gets a hint. */
export const STRANDED_NODE_SHARE = 0.4;
/** Limits more than this many times the requests get a right-sizing hint. */
export const LIMIT_TO_REQUEST_RATIO = 4;

/** One line of the estimate, in USD a month. */
export interface LineItem {
  readonly item: string;
  /** How it is counted, for people: "3 × m7i.xlarge at $147.17". */
  readonly detail: string;
  readonly min: number;
  readonly max: number;
  /** A price not confirmed on its page (prices.json `estimated`). */
  readonly estimated: boolean;
}

/** One node pool at one scale. */
export interface PoolAtScale {
  readonly pool: string;
  readonly purpose: string;
  readonly size: string;
  readonly spot: boolean;
  readonly allocatable: Resources;
  readonly min: PackResult;
  readonly max: PackResult;
}

/** The steady part of the estate (it runs at minimum scale all month) and what a commitment would save on it. */
export interface Commitment {
  readonly available: boolean;
  /** Why there is none, or the terms priced. */
  readonly note: string;
  readonly items: readonly { readonly item: string; readonly onDemand: number; readonly committed: number }[];
  readonly onDemand: number;
  readonly committed: number;
  readonly saving: number;
}

export interface TargetEstimate {
  readonly target: string;
  readonly cloud: string;
  readonly region: string;
  readonly environment: string;
  readonly lines: readonly LineItem[];
  readonly total: { readonly min: number; readonly max: number };
  readonly pools: readonly PoolAtScale[];
  readonly budget: { readonly monthlyUsd: number; readonly onOverrun: 'warn' | 'fail'; readonly over: boolean; readonly headroom: number };
  readonly prices: { readonly oldest: string; readonly ageDays: number; readonly staleAfterDays: number; readonly stale: boolean };
  readonly hints: readonly string[];
  readonly commitment: Commitment;
  /** What the estimate leaves out. */
  readonly notCounted: readonly string[];
}

const usd = (n: number) => `$${n.toFixed(2)}`;
const percent = (share: number) => `${Math.round(share * 100)} %`;

/** The estimate of one target. `objects` are its rendered cluster objects (root and platform/ folders). */
export function estimateTarget(target: Target, objects: readonly KubeObject[], data: PriceData, now: Date): TargetEstimate {
  const { cloud, region } = regionPrices(data, target.cloud, target.cluster.region);
  const hours = cloud.hoursPerMonth;
  const month = (p: Price) => monthly(p, hours);
  const production = target.environment === 'production';
  const { infra } = target;
  const cluster = clusterWorkloads(objects, region.loadBalancer.sizeUnitAnnotation);
  const lines: LineItem[] = [];
  const missing: string[] = [];
  const sized = <T>(sizes: Readonly<Record<string, T>>, size: string, what: string): T | undefined => {
    if (!sizes[size]) missing.push(`${what} size "${size}" in ${target.cluster.region}`);
    return sizes[size];
  };

  // Nodes: pods packed onto each pool, at minimum and at maximum replicas.
  const pools = poolsAtScale(target, cluster, data, (size) => sized(region.nodes.sizes, size, 'node'));
  for (const pool of pools) {
    const size = region.nodes.sizes[pool.size];
    const each = month(pool.spot && size.spot ? size.spot : size.price);
    lines.push({
      item: `nodes: ${pool.pool}`,
      detail: `${pool.min.nodes}–${pool.max.nodes} × ${pool.size}${pool.spot && size.spot ? ' (spot)' : ''} at ${usd(each)}`,
      min: pool.min.nodes * each,
      max: pool.max.nodes * each,
      estimated: region.nodes.estimated,
    });
  }

  const controlPlane = month(region.controlPlane.base) + (production && region.controlPlane.highAvailability ? month(region.controlPlane.highAvailability) : 0);
  lines.push({ item: 'control plane', detail: production && region.controlPlane.highAvailability ? 'with high availability' : 'one cluster', min: controlPlane, max: controlPlane, estimated: region.controlPlane.estimated });

  const units = cluster.loadBalancers.reduce((n, lb) => n + lb.units, 0);
  const lb = units * month(region.loadBalancer.price);
  lines.push({ item: 'load balancers', detail: `${cluster.loadBalancers.length} (${units} unit${units === 1 ? '' : 's'})`, min: lb, max: lb, estimated: region.loadBalancer.estimated });

  if (region.natGateway) {
    const gateways = production ? region.natGateway.zones : 1;
    const nat = gateways * month(region.natGateway.price);
    lines.push({ item: 'NAT gateways', detail: `${gateways} (${production ? 'one per zone' : 'one, staging'})`, min: nat, max: nat, estimated: region.natGateway.estimated });
  }

  // PostgreSQL: the instance (twice with a standby), its storage, copies of its backups in a second region.
  const pg = region.postgres;
  const pgSize = sized(pg.sizes, infra.postgres.size, 'PostgreSQL');
  const ha = databaseHighAvailability(target);
  if (pgSize) {
    const instances = ha ? 2 : 1;
    const storage = Math.max(0, infra.postgres.storageGiB - pgSize.includedStorageGiB) * pg.storagePerGiBMonth * (ha && pg.standbyStorage ? 2 : 1);
    const cost = instances * month(pgSize.price) + storage;
    lines.push({ item: 'PostgreSQL', detail: `${instances} × ${infra.postgres.size}${ha ? ' (primary and standby)' : ''}, ${infra.postgres.storageGiB} GiB`, min: cost, max: cost, estimated: pg.estimated });
  }
  const copy = infra.postgres.crossRegionBackup;
  if (copy) {
    const copyRegion = data.clouds[target.cloud].regions[copy.region];
    if (!copyRegion) missing.push(`region "${copy.region}" of ${target.cloud} (backup copies)`);
    else {
      const cost = infra.postgres.storageGiB * copyRegion.postgres.backupCopyPerGiBMonth;
      lines.push({ item: 'backup copies', detail: `${infra.postgres.storageGiB} GiB in ${copy.region}`, min: cost, max: cost, estimated: copyRegion.postgres.estimated });
    }
  }

  const cacheSize = sized(region.cache.sizes, infra.cache.size, 'cache');
  if (cacheSize) {
    const cost = infra.cache.nodes * month(cacheSize.price);
    lines.push({ item: 'cache', detail: `${infra.cache.nodes} × ${infra.cache.size}`, min: cost, max: cost, estimated: region.cache.estimated });
  }

  const kafkaSize = sized(region.kafka.sizes, infra.kafka.size, 'Kafka');
  if (kafkaSize) {
    const storage = infra.kafka.brokers * Math.max(0, infra.kafka.storageGiB - kafkaSize.includedStorageGiB) * region.kafka.storagePerGiBMonth;
    const cost = infra.kafka.brokers * month(kafkaSize.price) + storage;
    lines.push({ item: 'Kafka', detail: `${infra.kafka.brokers} × ${infra.kafka.size}, ${infra.kafka.storageGiB} GiB each`, min: cost, max: cost, estimated: region.kafka.estimated });
  }

  // The logical dumps (charts/backups): one a night, kept for the bucket's retention.
  const retention = target.backups.retentionDays ?? BACKUP_DEFAULTS[target.environment].retentionDays;
  const dumpsGiB = infra.postgres.storageGiB * DUMP_SHARE_OF_STORAGE * retention;
  const store = region.objectStorage;
  const bucket = month(store.base) + Math.max(0, dumpsGiB - store.includedGiB) * store.perGiBMonth;
  lines.push({ item: 'backup bucket', detail: `${retention} nightly dumps of ~${(infra.postgres.storageGiB * DUMP_SHARE_OF_STORAGE).toFixed(0)} GiB`, min: bucket, max: bucket, estimated: store.estimated });

  for (const fixed of region.fixed.items) {
    const cost = month(fixed.price);
    lines.push({ item: fixed.name, detail: fixed.note ?? 'fixed', min: cost, max: cost, estimated: region.fixed.estimated || fixed.estimated });
  }

  if (missing.length > 0) throw new MissingPriceError(missing);

  const total = { min: lines.reduce((n, l) => n + l.min, 0), max: lines.reduce((n, l) => n + l.max, 0) };
  const age = priceAge(region, now);
  return {
    target: target.name,
    cloud: target.cloud,
    region: target.cluster.region,
    environment: target.environment,
    lines,
    total,
    pools,
    budget: { monthlyUsd: infra.budget.monthlyUsd, onOverrun: infra.budget.onOverrun, over: total.max > infra.budget.monthlyUsd, headroom: infra.budget.monthlyUsd - total.max },
    prices: { oldest: age.oldest, ageDays: age.days, staleAfterDays: data.staleAfterDays, stale: age.days > data.staleAfterDays },
    hints: rightSizingHints(cluster, pools),
    commitment: commitment(target, pools, data, month),
    notCounted: [
      'data transfer (egress, cross-zone, NAT and load balancer processing) and requests (WAF, CDN, object storage): they scale with traffic',
      `Jobs and CronJobs (${cluster.jobs.length}): short-lived, they run in the batch pool's headroom`,
      'log ingestion and storage (volume-based); taxes',
    ],
  };
}

/** Each pool's pods packed at minimum and maximum replicas. */
function poolsAtScale(target: Target, cluster: ClusterWorkloads, data: PriceData, size: (name: string) => { vcpu: number; memoryGiB: number } | undefined): PoolAtScale[] {
  const { cloud } = regionPrices(data, target.cloud, target.cluster.region);
  const pools = Object.entries(target.infra.nodePools).sort(([a], [b]) => a.localeCompare(b));
  const servingPool = pools.find(([, p]) => p.purpose === 'serving')?.[0];
  const daemonSets = [...cluster.daemonSets.map((d) => d.requests), ...cloud.addonDaemonSets.pods];
  const result: PoolAtScale[] = [];
  for (const [name, pool] of pools) {
    const nodeSize = size(pool.size);
    if (!nodeSize) continue;
    const node = allocatable(nodeSize, reservedOf(nodeSize, cloud.reserved, pool.size), daemonSets);
    // Pods go to the first pool of their purpose; with no pool of it, to the serving pool. The add-ons serve.
    const home = (purpose: string) => pools.find(([, p]) => p.purpose === purpose)?.[0] ?? servingPool;
    const mine = cluster.workloads.filter((w) => home(w.purpose) === name);
    const addons = name === servingPool ? data.addonControllers.pods.map((p) => ({ name: `add-on ${p.name}`, requests: p, count: 1 })) : [];
    const at = (scale: 'min' | 'max') =>
      pack({ allocatable: node, pods: [...mine.map((w) => ({ name: w.name, requests: w.requests, count: w.replicas[scale] })), ...addons], min: pool.min, max: pool.max });
    result.push({ pool: name, purpose: pool.purpose, size: pool.size, spot: pool.spot, allocatable: node, min: at('min'), max: at('max') });
  }
  return result;
}

/** Where requests leave most of a node unused, or limits are far above requests. */
function rightSizingHints(cluster: ClusterWorkloads, pools: readonly PoolAtScale[]): string[] {
  const hints: string[] = [];
  for (const pool of pools) {
    for (const [scale, result] of [['minimum', pool.min], ['maximum', pool.max]] as const) {
      for (const name of result.doesNotFit) hints.push(`${name} does not fit a ${pool.size} node of pool "${pool.pool}" (${pool.allocatable.cpu.toFixed(2)} CPU, ${pool.allocatable.memoryGiB.toFixed(2)} GiB allocatable): it never schedules there`);
      if (result.overflow > 0) hints.push(`pool "${pool.pool}" at ${scale} scale needs ${result.needed} nodes but its max is ${result.nodes}: ${result.overflow} pods would stay Pending`);
    }
    const used = Math.max(pool.min.utilization.cpu, pool.min.utilization.memoryGiB);
    if (pool.min.nodes > 0 && used < UNDERUSED_POOL_SHARE) {
      hints.push(`pool "${pool.pool}" at minimum scale: requests use ${percent(pool.min.utilization.cpu)} of CPU and ${percent(pool.min.utilization.memoryGiB)} of memory of its ${pool.min.nodes} × ${pool.size}: a lower min or a smaller size`);
    }
  }
  for (const w of cluster.workloads) {
    const pool = pools.find((p) => p.purpose === w.purpose) ?? pools.find((p) => p.purpose === 'serving');
    if (pool && w.requests.cpu > 0 && w.requests.memoryGiB > 0) {
      const fit = Math.floor(Math.min(pool.allocatable.cpu / w.requests.cpu, pool.allocatable.memoryGiB / w.requests.memoryGiB));
      const left = fit >= 1 ? Math.min(1 - (fit * w.requests.cpu) / pool.allocatable.cpu, 1 - (fit * w.requests.memoryGiB) / pool.allocatable.memoryGiB) : 0;
      if (fit >= 1 && fit <= 2 && left >= STRANDED_NODE_SHARE) {
        hints.push(`${w.name}: ${fit} pod${fit === 1 ? '' : 's'} per ${pool.size} node leave ${percent(left)} of it to smaller pods: a node size closer to a multiple of its requests`);
      }
    }
    for (const [what, request, limit] of [['CPU', w.requests.cpu, w.limits.cpu], ['memory', w.requests.memoryGiB, w.limits.memoryGiB]] as const) {
      if (request > 0 && limit / request > LIMIT_TO_REQUEST_RATIO) {
        hints.push(`${w.name}: ${what} limit is ${(limit / request).toFixed(1)}× its request: size the request to what it uses, or lower the limit`);
      }
    }
  }
  return hints;
}

/** The steady part (on-demand nodes at minimum scale, the databases) at on-demand and commitment prices. */
function commitment(target: Target, pools: readonly PoolAtScale[], data: PriceData, month: (p: Price) => number): Commitment {
  const { cloud, region } = regionPrices(data, target.cloud, target.cluster.region);
  const { infra } = target;
  const steady: { item: string; count: number; price: Price; commitment?: Price }[] = [
    ...pools.filter((p) => !p.spot).map((p) => ({ item: `nodes: ${p.pool} (${p.min.nodes} × ${p.size})`, count: p.min.nodes, price: region.nodes.sizes[p.size].price, commitment: region.nodes.sizes[p.size].commitment })),
    { item: `PostgreSQL (${infra.postgres.size})`, count: databaseHighAvailability(target) ? 2 : 1, price: region.postgres.sizes[infra.postgres.size].price, commitment: region.postgres.sizes[infra.postgres.size].commitment },
    { item: `cache (${infra.cache.size})`, count: infra.cache.nodes, price: region.cache.sizes[infra.cache.size].price, commitment: region.cache.sizes[infra.cache.size].commitment },
    { item: `Kafka (${infra.kafka.size})`, count: infra.kafka.brokers, price: region.kafka.sizes[infra.kafka.size].price, commitment: region.kafka.sizes[infra.kafka.size].commitment },
  ];
  const items = steady.map((s) => ({ item: s.item, onDemand: s.count * month(s.price), committed: s.count * month(cloud.commitmentAvailable && s.commitment ? s.commitment : s.price) }));
  const onDemand = items.reduce((n, i) => n + i.onDemand, 0);
  const committed = items.reduce((n, i) => n + i.committed, 0);
  const terms = [region.nodes.commitmentTerm, region.postgres.commitmentTerm, region.cache.commitmentTerm].filter(Boolean).join('; ');
  return {
    available: cloud.commitmentAvailable,
    note: cloud.commitmentAvailable ? `${terms}; items without a commitment price stay on demand` : (cloud.commitmentNote ?? 'no commitment discounts listed'),
    items,
    onDemand,
    committed,
    saving: onDemand - committed,
  };
}
