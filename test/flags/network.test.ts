/**
 * flagd's network edges, evaluated as Kubernetes does (both directions, selectors, named ports): the
 * services reach its evaluation port and nothing else of it, Prometheus its management port, nobody
 * else anything; flagd itself reaches nothing.
 */
import { FLAG_CLIENTS } from '../../charts/flags/clients';
import { SERVICE_NAMES } from '../../charts/platform/services';
import { checkConnectivity, findPod, worldOf, type Expectation, type Pod } from '../support';
import { renderedTarget, TARGET_NAMES, targetObjects } from '../support/render';
import { managedService } from '../support/estate';

/** flagd's ports: evaluation, management (health, metrics), sync and OFREP, which listen but are not for anyone here. */
const PORTS = { evaluation: 8013, management: 8014, sync: 8015, ofrep: 8016 };

describe.each(TARGET_NAMES)('flagd\'s network edges on %s', (name) => {
  const { target } = renderedTarget(name);
  const objects = targetObjects(name);
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const ns = target.namespace;
  const monitoring = target.network.monitoringNamespace;
  const world = worldOf(objects, [{ name: 'kube-system' }, { name: monitoring }, { name: target.network.edgeNamespace }, { name: 'default' }]);
  const flagd = findPod(objects, 'flagd', 'Deployment');
  const services = Object.fromEntries(SERVICE_NAMES.map((s) => [s, findPod(objects, s)])) as Record<string, Pod>;
  const prometheus: Pod = { name: 'prometheus', namespace: monitoring, labels: { 'app.kubernetes.io/name': 'prometheus' } };
  const strangers: Pod[] = [
    { name: 'debug', namespace: ns, labels: { run: 'debug' } },
    { name: 'intruder', namespace: 'default', labels: { app: 'intruder' } },
    { name: 'edge-proxy', namespace: target.network.edgeNamespace, labels: { 'app.kubernetes.io/name': 'envoy' } },
    { name: 'pgbouncer', namespace: ns, labels: { 'app.kubernetes.io/name': 'pgbouncer', 'app.kubernetes.io/instance': `pgbouncer-${target.environment}` } },
  ];

  it('every service evaluates flags on flagd\'s evaluation port, and reaches no other port of it', () => {
    expect(
      checkConnectivity(policies, world, [
        ...FLAG_CLIENTS.map((s): Expectation => ({ from: services[s], to: flagd, port: PORTS.evaluation, allowed: true })),
        ...FLAG_CLIENTS.flatMap((s) => [PORTS.management, PORTS.sync, PORTS.ofrep].map((port): Expectation => ({ from: services[s], to: flagd, port, allowed: false }))),
      ]),
    ).toEqual([]);
  });

  it('Prometheus scrapes its management port only; nobody else reaches flagd', () => {
    expect(
      checkConnectivity(policies, world, [
        { from: prometheus, to: flagd, port: PORTS.management, allowed: true },
        { from: prometheus, to: flagd, port: PORTS.evaluation, allowed: false },
        ...strangers.flatMap((p) => Object.values(PORTS).map((port): Expectation => ({ from: p, to: flagd, port, allowed: false }))),
      ]),
    ).toEqual([]);
  });

  it('flagd reaches nothing: not the services, not the managed services, not the internet', () => {
    const inside = (cidrs: readonly string[]) => ({ ip: cidrs[0].replace(/\.0\/\d+$/, '.10') });
    const [postgres, redis] = [managedService(target, 'postgres'), managedService(target, 'redis')];
    expect(
      checkConnectivity(policies, world, [
        ...SERVICE_NAMES.map((s): Expectation => ({ from: flagd, to: services[s], port: 8080, allowed: false })),
        { from: flagd, to: inside(postgres.cidrs), port: postgres.port, allowed: false },
        { from: flagd, to: inside(redis.cidrs), port: redis.port, allowed: false },
        { from: flagd, to: { ip: '93.184.216.34' }, port: 443, allowed: false },
        { from: flagd, to: { ip: '169.254.169.254' }, port: 80, allowed: false },
      ]),
    ).toEqual([]);
  });
});
