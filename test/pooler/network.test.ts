/**
 * The pooler's NetworkPolicies, evaluated as Kubernetes does (both directions, selectors, named
 * ports): the services that use the database reach the pooler and no longer the database; the
 * pooler reaches the database and nothing else; nothing else reaches the pooler.
 */
import { App } from 'cdk8s';
import { cloudProfile } from '../../charts/cloud';
import { NetworkPoliciesChart } from '../../charts/network/network-policies-chart';
import { NO_CONTRIBUTIONS, type ServiceEndpoint } from '../../charts/platform/contributions';
import { PGBOUNCER_PORT, EXPORTER_PORT } from '../../charts/pooler/pgbouncer';
import { poolerSettings, POSTGRES_CLIENTS } from '../../charts/pooler/schema';
import { SERVICE_NAMES } from '../../charts/platform/services';
import { checkConnectivity, findPod, isAllowed, worldOf, type Expectation, type External, type Pod } from '../support';
import { getObject, renderedTarget, TARGET_NAMES, targetObjects, type KubeObject } from '../support/render';
import { managedService } from '../support/estate';

/** An address inside the first of some ranges: `10.20.96.0/22` → `10.20.96.10`. */
const inside = (cidrs: readonly string[]) => cidrs[0].replace(/\.0\/\d+$/, '.10');

describe.each(TARGET_NAMES)('the pooler\'s network edges on %s', (name) => {
  const { target } = renderedTarget(name);
  const settings = poolerSettings(target);
  const objects = targetObjects(name);
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const ns = target.namespace;
  const monitoring = target.network.monitoringNamespace;
  const world = worldOf(objects, [{ name: 'kube-system' }, { name: monitoring }, { name: target.network.edgeNamespace }, { name: 'default' }]);
  const services = Object.fromEntries(SERVICE_NAMES.map((s) => [s, findPod(objects, s)])) as Record<string, Pod>;
  const others = SERVICE_NAMES.filter((s) => !POSTGRES_CLIENTS.includes(s));
  const [postgres, redis] = [managedService(target, 'postgres'), managedService(target, 'redis')];
  const database: External = { ip: inside(postgres.cidrs) };
  const strangers: Pod[] = [
    { name: 'debug', namespace: ns, labels: { run: 'debug' } },
    { name: 'intruder', namespace: 'default', labels: { app: 'intruder' } },
    { name: 'edge-proxy', namespace: target.network.edgeNamespace, labels: { 'app.kubernetes.io/name': 'envoy' } },
  ];
  const prometheus: Pod = { name: 'prometheus', namespace: monitoring, labels: { 'app.kubernetes.io/name': 'prometheus' } };

  if (settings.mode === 'pgbouncer') {
    const pgbouncer = findPod(objects, 'pgbouncer', 'Deployment');

    it('the services that use the database reach PgBouncer; they no longer reach the database directly', () => {
      expect(
        checkConnectivity(policies, world, [
          ...POSTGRES_CLIENTS.map((s): Expectation => ({ from: services[s], to: pgbouncer, port: PGBOUNCER_PORT, allowed: true })),
          ...POSTGRES_CLIENTS.map((s): Expectation => ({ from: services[s], to: database, port: postgres.port, allowed: false })),
        ]),
      ).toEqual([]);
    });

    it('PgBouncer reaches the database on its port, and nothing else: not another port, not Redis, not the internet', () => {
      expect(
        checkConnectivity(policies, world, [
          { from: pgbouncer, to: database, port: postgres.port, allowed: true },
          { from: pgbouncer, to: database, port: 22, allowed: false },
          { from: pgbouncer, to: { ip: inside(redis.cidrs) }, port: redis.port, allowed: false },
          { from: pgbouncer, to: { ip: '93.184.216.34' }, port: 443, allowed: false },
          ...SERVICE_NAMES.map((s): Expectation => ({ from: pgbouncer, to: services[s], port: 8080, allowed: false })),
        ]),
      ).toEqual([]);
    });

    it('nothing else reaches PgBouncer: not the other services, nor strangers in or outside the namespace; Prometheus only its metrics', () => {
      expect(
        checkConnectivity(policies, world, [
          ...others.map((s): Expectation => ({ from: services[s], to: pgbouncer, port: PGBOUNCER_PORT, allowed: false })),
          ...strangers.map((p): Expectation => ({ from: p, to: pgbouncer, port: PGBOUNCER_PORT, allowed: false })),
          { from: prometheus, to: pgbouncer, port: EXPORTER_PORT, allowed: true },
          { from: prometheus, to: pgbouncer, port: PGBOUNCER_PORT, allowed: false },
          ...POSTGRES_CLIENTS.map((s): Expectation => ({ from: services[s], to: pgbouncer, port: EXPORTER_PORT, allowed: false })),
        ]),
      ).toEqual([]);
    });
  } else {
    const pool = settings.managedPool?.port ?? cloudProfile(target.cloud).postgres.managedPools!.port;

    it('the services that use the database reach the provider\'s pool on its port, not the database\'s own; the others neither', () => {
      expect(
        checkConnectivity(policies, world, [
          ...POSTGRES_CLIENTS.map((s): Expectation => ({ from: services[s], to: database, port: pool, allowed: true })),
          ...POSTGRES_CLIENTS.map((s): Expectation => ({ from: services[s], to: database, port: postgres.port, allowed: false })),
          ...others.map((s): Expectation => ({ from: services[s], to: database, port: pool, allowed: false })),
        ]),
      ).toEqual([]);
    });
  }
});

describe('an endpoint outside the cluster (the network feature\'s side of the contract)', () => {
  const { target } = renderedTarget('eks-staging');
  const cloud = cloudProfile(target.cloud);
  const render = (endpoint: ServiceEndpoint): KubeObject[] =>
    new NetworkPoliciesChart(new App(), 'n', { target, cloud, contributions: { ...NO_CONTRIBUTIONS, endpoints: { postgres: endpoint } } }).toJson() as KubeObject[];

  it('is reached at its address ranges on its port, instead of the database\'s port', () => {
    const policies = render({ port: 25061, cidrs: ['10.99.0.0/24'] });
    expect(getObject(policies, 'NetworkPolicy', 'moderation-api').spec.egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.99.0.0/24' } }], ports: [{ protocol: 'TCP', port: 25061 }] });
    const api: Pod = findPod(targetObjects('eks-staging'), 'moderation-api');
    expect(isAllowed(policies, { namespaces: [] }, api, { ip: '10.99.0.10' }, 25061).allowed).toBe(true);
    const postgres = managedService(target, 'postgres');
    expect(isAllowed(policies, { namespaces: [] }, api, { ip: inside(postgres.cidrs) }, postgres.port).allowed).toBe(false);
  });
});
