/** The estimate of every target: its line items against the price file, its workloads, its report in three formats. */
import { databaseHighAvailability } from '../../charts/infra/estate';
import { DUMP_SHARE_OF_STORAGE, estimateTarget, type TargetEstimate } from '../../charts/cost/estimate';
import { monthly, parsePriceData, priceData, PriceDataError } from '../../charts/cost/prices';
import { costObjects } from '../../charts/cost/rendered';
import { renderMarkdown, renderReport, renderTable } from '../../charts/cost/report';
import { clusterWorkloads } from '../../charts/cost/workloads';
import { renderedTarget, TARGET_NAMES } from '../support/render';

const NOW = new Date('2026-12-01T00:00:00Z');
const data = priceData();

function estimate(name: string, now = NOW): TargetEstimate {
  const rendered = renderedTarget(name);
  return estimateTarget(rendered.target, costObjects(rendered.files), data, now);
}

describe('eks-production: line items from the price file', () => {
  const { target } = renderedTarget('eks-production');
  const e = estimate('eks-production');
  const cloud = data.clouds[target.cloud];
  const region = cloud.regions[target.cluster.region];
  const month = (p: Parameters<typeof monthly>[0]) => monthly(p, cloud.hoursPerMonth);
  const line = (item: string) => {
    const found = e.lines.find((l) => l.item === item);
    if (!found) throw new Error(`no line "${item}" in ${e.lines.map((l) => l.item).join(', ')}`);
    return found;
  };

  it('prices each pool by its node count at both scales, spot where the pool says so', () => {
    for (const pool of e.pools) {
      const size = region.nodes.sizes[pool.size];
      const each = month(pool.spot ? size.spot! : size.price);
      expect(line(`nodes: ${pool.pool}`)).toMatchObject({ min: pool.min.nodes * each, max: pool.max.nodes * each });
      expect(pool.min.nodes).toBeGreaterThanOrEqual(target.infra.nodePools[pool.pool].min);
      expect(pool.max.nodes).toBeLessThanOrEqual(target.infra.nodePools[pool.pool].max);
    }
    expect(e.pools.find((p) => p.pool === 'batch')?.spot).toBe(true);
  });

  it('prices the databases, cache and Kafka as the infra config sizes them', () => {
    const { postgres, cache, kafka } = target.infra;
    expect(databaseHighAvailability(target)).toBe(true);
    const pg = region.postgres;
    expect(line('PostgreSQL').max).toBeCloseTo(2 * month(pg.sizes[postgres.size].price) + 2 * postgres.storageGiB * pg.storagePerGiBMonth);
    expect(line('backup copies').max).toBeCloseTo(postgres.storageGiB * cloud.regions[postgres.crossRegionBackup!.region].postgres.backupCopyPerGiBMonth);
    expect(line('cache').max).toBeCloseTo(cache.nodes * month(region.cache.sizes[cache.size].price));
    expect(line('Kafka').max).toBeCloseTo(kafka.brokers * month(region.kafka.sizes[kafka.size].price) + kafka.brokers * kafka.storageGiB * region.kafka.storagePerGiBMonth);
  });

  it('counts a NAT gateway per zone in production, the control plane, the edge load balancer and the backup bucket', () => {
    expect(line('NAT gateways').max).toBeCloseTo(region.natGateway!.zones * month(region.natGateway!.price));
    expect(line('control plane').max).toBeCloseTo(month(region.controlPlane.base));
    expect(line('load balancers').max).toBeCloseTo(month(region.loadBalancer.price));
    const dumps = target.infra.postgres.storageGiB * DUMP_SHARE_OF_STORAGE * (target.backups.retentionDays ?? 30);
    expect(line('backup bucket').max).toBeCloseTo(month(region.objectStorage.base) + dumps * region.objectStorage.perGiBMonth);
  });

  it('totals its lines, and costs more at maximum scale than at minimum', () => {
    expect(e.total.min).toBeCloseTo(e.lines.reduce((n, l) => n + l.min, 0));
    expect(e.total.max).toBeCloseTo(e.lines.reduce((n, l) => n + l.max, 0));
    expect(e.total.max).toBeGreaterThan(e.total.min);
  });

  it('prices the steady part at the commitment prices where the cloud sells them', () => {
    expect(e.commitment.available).toBe(true);
    expect(e.commitment.saving).toBeGreaterThan(0);
    expect(e.commitment.saving).toBeCloseTo(e.commitment.onDemand - e.commitment.committed);
  });
});

describe('workloads read from the rendered objects', () => {
  const { workloads, daemonSets, jobs } = clusterWorkloads(costObjects(renderedTarget('eks-production').files));
  const named = (name: string) => workloads.find((w) => w.name === name);

  it('takes replicas from the KEDA ScaledObject and the HPA, and a Rollout\'s pods from its workloadRef Deployment, once', () => {
    expect(named('Deployment moderation/ml-inference')).toMatchObject({ replicas: { min: 3, max: 10 }, purpose: 'serving', requests: { cpu: 2, memoryGiB: 6 } });
    expect(named('Deployment moderation/moderation-worker')).toMatchObject({ purpose: 'batch' });
    expect(named('Rollout moderation/web')).toMatchObject({ scaledBy: 'HorizontalPodAutoscaler web', requests: { cpu: 0.25, memoryGiB: 0.5 } });
    expect(named('Deployment moderation/web')).toBeUndefined();
  });

  it('counts the edge proxy, the log collector on every node, and leaves the Jobs out', () => {
    expect(named('EnvoyProxy moderation/edge-proxy')?.replicas.min).toBeGreaterThan(0);
    expect(daemonSets.map((d) => d.name)).toContain('DaemonSet logging/fluent-bit');
    expect(jobs.length).toBeGreaterThan(0);
    expect(workloads.some((w) => w.name.startsWith('Job') || w.name.startsWith('CronJob'))).toBe(false);
  });
});

describe.each(TARGET_NAMES)('%s: the report', (name) => {
  const e = estimate(name);

  it('is within its budget, with prices for every size it uses', () => {
    expect(e.budget.over).toBe(false);
    expect(e.pools.every((p) => p.min.doesNotFit.length === 0 && p.max.overflow === 0)).toBe(true);
  });

  it('prints a table, JSON and a Markdown table a pull-request comment renders', () => {
    expect(renderTable(e)).toContain(`${name} (`);
    const json = JSON.parse(renderReport([e], 'json'));
    expect(json.targets[0]).toMatchObject({ target: name, total: { min: e.total.min, max: e.total.max } });
    const markdown = renderMarkdown(e);
    const rows = markdown.split('\n').filter((l) => l.startsWith('|'));
    expect(rows[0]).toBe('| item | how | minimum | maximum |');
    expect(rows[1]).toMatch(/^\| --- \| --- \| ---: \| ---: \|$/);
    // Every row has the header's four cells (escaped pipes inside cells do not count).
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|').length).toBe(6);
    expect(rows).toHaveLength(e.lines.length + 3);
  });

  it('says how old the prices are, and what a commitment would do', () => {
    expect(renderTable(e)).toMatch(/prices retrieved \d{4}-\d{2}-\d{2}, \d+ days? ago/);
    expect(renderTable(e)).toContain(e.commitment.available ? 'with a commitment: saves' : 'no commitment');
  });
});

describe('stale prices', () => {
  const oldest = estimate('doks-staging').prices.oldest;
  const daysAfter = (days: number) => new Date(Date.parse(`${oldest}T00:00:00Z`) + days * 24 * 60 * 60 * 1000);

  it(`warn once they are older than ${data.staleAfterDays} days`, () => {
    const fresh = estimate('doks-staging', daysAfter(data.staleAfterDays));
    const stale = estimate('doks-staging', daysAfter(data.staleAfterDays + 1));
    expect(fresh.prices).toMatchObject({ stale: false, ageDays: data.staleAfterDays });
    expect(stale.prices).toMatchObject({ stale: true, ageDays: data.staleAfterDays + 1 });
    expect(renderTable(fresh)).not.toContain('WARNING');
    expect(renderTable(stale)).toContain(`WARNING: prices retrieved ${oldest}, ${data.staleAfterDays + 1} days ago, older than ${data.staleAfterDays} days`);
    expect(renderMarkdown(stale)).toContain('**WARNING');
  });
});

describe('the price file', () => {
  it('has a source and a retrieved date in every section of every region the overlays use', () => {
    for (const name of TARGET_NAMES) {
      const { target } = renderedTarget(name);
      const region = data.clouds[target.cloud].regions[target.cluster.region];
      for (const section of Object.values(region)) expect(section.source).toMatch(/^https:\/\//);
    }
  });

  it('is validated: a malformed price is named by its path', () => {
    const broken = JSON.parse(JSON.stringify(data));
    broken.clouds.eks.regions['us-east-1'].nodes.retrieved = 'last week';
    expect(() => parsePriceData(broken)).toThrow(PriceDataError);
    expect(() => parsePriceData(broken)).toThrow('clouds.eks.regions.us-east-1.nodes.retrieved: must be a date');
  });
});
