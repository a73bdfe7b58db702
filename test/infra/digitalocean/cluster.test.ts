/** The DOKS cluster: pinned version, HA in production, maintenance window, surge upgrades, every pool autoscaled and tagged. */
import { doksVersionSlug, POOL_LABEL } from '../../../charts/infra/digitalocean/cluster';
import { nodeTag } from '../../../charts/infra/digitalocean/common';
import { configProblems } from '../../support/overlay';
import { DO_TARGETS, doEstate, forProvider, KINDS } from './support';

describe.each(DO_TARGETS)('the DOKS cluster of %s', (name) => {
  const { context, of } = doEstate(name);
  const [cluster] = of(KINDS.k8sCluster).map(forProvider);
  const pools = [...cluster.nodePool, ...of(KINDS.nodePool).map(forProvider)];

  it('runs the pinned version of infra.kubernetesVersion, never upgraded behind a review', () => {
    expect(cluster.version).toBe(doksVersionSlug(context));
    expect(cluster.version.startsWith(`${context.target.infra.kubernetesVersion}.`)).toBe(true);
    expect(cluster.autoUpgrade).toBe(false);
    expect(cluster.surgeUpgrade).toBe(true);
    expect(cluster.maintenancePolicy).toEqual([{ day: 'sunday', startTime: '04:00' }]);
  });

  it('has an HA control plane exactly in production', () => {
    expect(cluster.ha).toBe(context.target.environment === 'production');
  });

  it('sits in the estate\'s VPC', () => {
    expect(cluster.vpcUuidRef).toEqual({ name: context.name('vpc') });
  });

  it('autoscales every pool of infra.nodePools, labelled with its name and tagged as the cluster\'s node', () => {
    const wanted = Object.entries(context.target.infra.nodePools).map(([pool, p]) => ({ pool, min: p.min, max: p.max, size: p.size }));
    expect(pools.map((p) => ({ pool: p.labels[POOL_LABEL], min: p.minNodes, max: p.maxNodes, size: p.size })).sort((a, b) => a.pool.localeCompare(b.pool))).toEqual(wanted.sort((a, b) => a.pool.localeCompare(b.pool)));
    expect(pools.every((p) => p.autoScale === true && p.tags.includes(nodeTag(context)))).toBe(true);
  });
});

describe('DOKS config', () => {
  it('refuses a version slug of another minor, and spot capacity', () => {
    expect(configProblems('doks-staging', (input) => (input.infra.digitalocean = { kubernetesVersionSlug: '1.32.2-do.0' }))).toEqual([
      'infra.digitalocean.kubernetesVersionSlug: "1.32.2-do.0" is not a release of Kubernetes 1.33 (infra.kubernetesVersion)',
    ]);
    expect(configProblems('doks-staging', (input) => (input.infra.kubernetesVersion = '1.99'))).toEqual([
      'infra.kubernetesVersion: no DOKS version slug is pinned for 1.99: set infra.digitalocean.kubernetesVersionSlug (`doctl kubernetes options versions`) or add it to DOKS_VERSION_SLUGS',
    ]);
    expect(configProblems('doks-staging', (input) => (input.infra.nodePools.batch.spot = true))).toEqual(['infra.nodePools.batch.spot: DigitalOcean has no spot capacity: leave it unset']);
  });
});
