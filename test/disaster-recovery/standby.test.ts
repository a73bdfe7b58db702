/**
 * Passive disaster-recovery targets: every overlay whose `disasterRecovery` makes it a standby renders
 * and validates, reads a replica of its primary's database, runs no job that writes the primary's
 * data, runs warm, and serves the same hosts and images as its primary.
 */
import { cloudProfile } from '../../charts/cloud';
import { isStandby, standbyOf } from '../../charts/disaster-recovery/standby';
import { publicListeners } from '../../charts/edge/routing';
import { estateContext } from '../../charts/infra/estate';
import { SERVICE_NAMES } from '../../charts/platform/services';
import { SIZING_DEFAULTS } from '../../charts/workloads/defaults';
import type { KubeObject } from '../../core/object';
import { validateObject } from '../support';
import { estateObjects, renderEstate } from '../support/estate';
import { configProblems } from '../support/overlay';
import { allObjectsOf, renderedTarget, TARGET_NAMES, targetObjects } from '../support/render';

const STANDBYS = TARGET_NAMES.filter((name) => isStandby(renderedTarget(name).target));

const id = (o: KubeObject) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
/** The estate object that writes the connection Secret `name` in `namespace`. */
const writerOf = (objects: readonly KubeObject[], namespace: string, name: string) =>
  objects.find((o) => o.metadata.namespace === namespace && o.spec?.writeConnectionSecretToRef?.name === name);

it('the repository has a disaster-recovery standby for each production target of each cloud', () => {
  const primaries = TARGET_NAMES.filter((name) => renderedTarget(name).target.environment === 'production' && !STANDBYS.includes(name));
  expect(primaries.length).toBeGreaterThan(0);
  expect(primaries.filter((p) => !STANDBYS.some((s) => standbyOf(renderedTarget(s).target)?.primary === p))).toEqual([]);
});

describe.each(STANDBYS)('the disaster-recovery standby %s', (name) => {
  const { target } = renderedTarget(name);
  const standby = standbyOf(target)!;
  const primary = renderedTarget(standby.primary).target;
  const objects = targetObjects(name);
  const cloud = cloudProfile(target.cloud);

  it('renders objects that validate, in production, in another region of the same cloud', () => {
    expect(allObjectsOf(renderedTarget(name)).flatMap((o) => validateObject(o))).toEqual([]);
    expect([target.environment, primary.environment]).toEqual(['production', 'production']);
    expect(target.cloud).toBe(primary.cloud);
    expect(target.cluster.region).not.toBe(primary.cluster.region);
    expect(target.cluster.region).toBe(primary.infra.postgres.crossRegionBackup?.region);
  });

  const endpoint = cloud.estate.endpoints(estateContext(target, cloud)).postgres;
  const primaryContext = estateContext(primary, cloud);
  const primaryWriter = writerOf(estateObjects(standby.primary).estate, primaryContext.namespace, cloud.estate.endpoints(primaryContext).postgres.connectionSecret);
  // Pending while the cloud's estate renders no database yet (charts/infra/<cloud>/ in progress).
  const withDatabase = primaryWriter ? it : it.skip;

  withDatabase('reads a replica of its primary\'s database, not a second primary', () => {
    const namespace = endpoint.namespace ?? estateContext(target, cloud).namespace;
    const everyEstate = [...estateObjects(name).estate, ...estateObjects(standby.primary).estate];
    const writer = writerOf(everyEstate, namespace, endpoint.connectionSecret);
    expect(writer).toBeDefined();
    expect(writer).not.toBe(primaryWriter);
    // A replica names its source: DigitalOcean's Replica by reference, RDS's by `replicateSourceDb`.
    const forProvider = writer!.spec.forProvider;
    const source = forProvider.clusterIdRef ?? forProvider.replicateSourceDb ?? forProvider.replicateSourceDbRef;
    if (typeof source === 'string') {
      // An ARN: arn:aws:rds:<region>:<account>:db:<identifier>.
      const arn = source.split(':');
      expect({ source: arn[6], region: arn[3] }).toEqual({ source: primaryWriter!.metadata.name, region: primary.cluster.region });
    } else {
      expect({ source: source?.name, namespace: source?.namespace ?? writer!.metadata.namespace }).toEqual({ source: primaryWriter!.metadata.name, namespace: primaryContext.namespace });
    }
    expect(forProvider.region).toBe(target.cluster.region);
    // In the standby's network, so its cluster reaches it privately: DigitalOcean's VPC, RDS's subnet group.
    const network = forProvider.privateNetworkUuidRef ?? forProvider.dbSubnetGroupNameRef;
    expect(network?.namespace ?? writer!.metadata.namespace).toBe(estateContext(target, cloud).namespace);
  });

  it('runs no schema migration and no backup or restore test: the replica is read-only, the primary backs up', () => {
    expect(objects.filter((o) => o.kind === 'Job' || o.kind === 'CronJob').map(id)).toEqual([]);
    const primaryObjects = targetObjects(standby.primary);
    expect(primaryObjects.filter((o) => o.kind === 'Job').length).toBe(1);
    expect(primaryObjects.filter((o) => o.kind === 'CronJob').map((o) => o.metadata.name).sort()).toEqual(['db-backup', 'db-restore-test']);
  });

  it.each(SERVICE_NAMES)('runs %s warm: replicas.min at most the warm minimum, replicas.max as production', (service) => {
    const { min, max } = target.services[service].replicas;
    const production = SIZING_DEFAULTS.production[service].replicas;
    expect(min).toBe(Math.min(production.min, standby.warmReplicas));
    expect(max).toBe(primary.services[service].replicas.max);
    const scaler = objects.find((o) => ['HorizontalPodAutoscaler', 'ScaledObject'].includes(o.kind) && o.metadata.name === service);
    expect(scaler?.spec.minReplicas ?? scaler?.spec.minReplicaCount).toBe(min);
    expect(scaler?.spec.maxReplicas ?? scaler?.spec.maxReplicaCount).toBe(max);
  });

  it('serves the same hosts with the same images as its primary, so failing over only switches DNS', () => {
    expect(publicListeners(target).map((l) => l.host)).toEqual(publicListeners(primary).map((l) => l.host));
    expect(target.images).toEqual(primary.images);
  });
});

describe('disasterRecovery config', () => {
  const standby = STANDBYS[0];

  it('accepts the repository\'s standbys as they are', () => {
    expect(STANDBYS.flatMap((name) => configProblems(name, () => undefined))).toEqual([]);
  });

  it('requires a production primary that exists, is not a standby, on the same cloud', () => {
    expect(configProblems(standby, (input) => (input.disasterRecovery.primary = 'nowhere'))).toEqual(['disasterRecovery.primary: "nowhere" is not a target: no overlays/nowhere.ts loads']);
    expect(configProblems(standby, (input) => (input.disasterRecovery.primary = standby))).toEqual(['disasterRecovery.primary: names this target itself: a standby stands in for another production target']);
    const staging = TARGET_NAMES.find((name) => renderedTarget(name).target.environment === 'staging')!;
    expect(configProblems(standby, (input) => (input.disasterRecovery.primary = staging))).toContainEqual(`disasterRecovery.primary: "${staging}" is staging: only production has a disaster-recovery standby`);
    const other = STANDBYS.find((name) => name !== standby);
    if (other) expect(configProblems(standby, (input) => (input.disasterRecovery.primary = other))).toContainEqual(`disasterRecovery.primary: "${other}" is a standby itself: name the target that serves`);
  });

  it('requires the standby to be production, elsewhere than its primary, with the same domain', () => {
    const { target } = renderedTarget(standby);
    const primary = renderedTarget(target.disasterRecovery!.primary).target;
    expect(configProblems(standby, (input) => (input.environment = 'staging'))).toContainEqual('environment: a disaster-recovery standby stands in for production: it is "production", not "staging"');
    expect(configProblems(standby, (input) => (input.cluster.region = primary.cluster.region))).toContainEqual(
      `cluster.region: "${primary.cluster.region}" is the region of its primary "${primary.name}": a standby there does not survive the region's outage`,
    );
    expect(configProblems(standby, (input) => (input.domain = 'elsewhere.example.com'))).toEqual([
      `domain: "elsewhere.example.com" differs from its primary's "${primary.domain}": a standby serves the same hosts, so failing over only switches DNS`,
    ]);
  });

  it('keeps the warm minimum at the production floor or above', () => {
    expect(configProblems(standby, (input) => (input.disasterRecovery.warmReplicas = 1))).toEqual([
      'disasterRecovery.warmReplicas: must be at least 2: the standby is production, and takes traffic the moment DNS fails over',
    ]);
  });
});

/** The Route 53 objects of a target's estate. */
const route53Of = (name: string) => {
  const estate = estateObjects(name).estate.filter((o) => o.apiVersion.startsWith('route53.aws.m.upbound.io/'));
  return { records: estate.filter((o) => o.kind === 'Record'), checks: estate.filter((o) => o.kind === 'HealthCheck') };
};

describe.each(STANDBYS.filter((name) => route53Of(name).records.length > 0))('Route 53 failover between %s and its primary', (name) => {
  const standby = standbyOf(renderedTarget(name).target)!;
  const pair = { PRIMARY: route53Of(standby.primary), SECONDARY: route53Of(name) };
  const hosts = (records: KubeObject[]) => records.map((r) => r.spec.forProvider.name).sort();

  it.each(['PRIMARY', 'SECONDARY'] as const)('the %s records are health-checked, low-TTL failover records of one load balancer', (type) => {
    const { records, checks } = pair[type];
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      const spec = record.spec.forProvider;
      expect(spec.failoverRoutingPolicy).toEqual({ type });
      expect(spec.ttl).toBeLessThanOrEqual(60);
      expect(checks.map((c) => c.metadata.name)).toContain(spec.healthCheckIdRef.name);
      const check = checks.find((c) => c.metadata.name === spec.healthCheckIdRef.name)!.spec.forProvider;
      expect(spec.records).toEqual([check.fqdn]);
    }
  });

  it('pairs every record: the same names in both estates, different set identifiers and load balancers', () => {
    expect(hosts(pair.SECONDARY.records)).toEqual(hosts(pair.PRIMARY.records));
    const primaryTargets = new Set(pair.PRIMARY.records.flatMap((r) => r.spec.forProvider.records));
    expect(pair.SECONDARY.records.flatMap((r) => r.spec.forProvider.records).filter((lb: string) => primaryTargets.has(lb))).toEqual([]);
    expect(new Set([...pair.PRIMARY.records, ...pair.SECONDARY.records].map((r) => r.spec.forProvider.setIdentifier)).size).toBe(2);
  });

  it('covers every public host: the ones behind CloudFront through its origin host, the others directly', () => {
    const { target } = renderedTarget(name);
    const names = hosts(pair.PRIMARY.records);
    for (const listener of publicListeners(target)) {
      const direct = names.includes(listener.host);
      const viaOrigin = names.some((n: string) => n.startsWith('origin.')) && listener.role === 'app';
      expect({ host: listener.host, covered: direct || viaOrigin }).toEqual({ host: listener.host, covered: true });
    }
  });
});

/** The DigitalOcean DNS records of a target's estate. */
const doRecordsOf = (name: string) => estateObjects(name).estate.filter((o) => o.apiVersion.startsWith('dns.digitalocean.m.crossplane.io/') && o.kind === 'Record');

describe.each(STANDBYS.filter((name) => renderedTarget(name).target.infra.digitalocean?.dns))('DigitalOcean DNS between %s and its primary', (name) => {
  const { target } = renderedTarget(name);
  const primary = renderedTarget(standbyOf(target)!.primary).target;

  it('the primary answers for every public host with a low TTL, at its own load balancer; the standby renders no record', () => {
    const records = doRecordsOf(primary.name).map((r) => r.spec.forProvider);
    const zone = primary.infra.digitalocean?.dns?.zone ?? primary.domain;
    const fqdn = (r: { name: string; domain: string }) => (r.name === '@' ? r.domain : `${r.name}.${r.domain}`);
    expect(records.map(fqdn).sort()).toEqual(publicListeners(primary).map((l) => l.host).sort());
    for (const record of records) expect(record).toMatchObject({ domain: zone, type: 'A', value: primary.infra.digitalocean!.dns!.loadBalancerIp, ttl: expect.any(Number) });
    expect(Math.max(...records.map((r) => r.ttl))).toBeLessThanOrEqual(60);
    expect(doRecordsOf(name)).toEqual([]);
  });

  it('the standby takes the records over, at its own load balancer, once promoted', () => {
    const { estate } = renderEstate(name, (input) => delete input.disasterRecovery);
    const records = estate.filter((o) => o.kind === 'Record' && o.apiVersion.startsWith('dns.digitalocean')).map((r) => r.spec.forProvider);
    expect(records.map((r) => r.value)).toEqual(publicListeners(target).map(() => target.infra.digitalocean!.dns!.loadBalancerIp));
    expect(target.infra.digitalocean!.dns!.loadBalancerIp).not.toBe(primary.infra.digitalocean!.dns!.loadBalancerIp);
  });
});
