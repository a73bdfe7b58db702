import { compareSubset, computeDrift } from '../../verify/drift';
import type { KubeObject } from '../../core/object';
import { DriftEntry } from '../../verify/types';
import { liveObject, desiredFixture } from '../support/verify/live-state';

const fixture = (kind: string, name: string): KubeObject => {
  const found = desiredFixture().find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`${kind} ${name} not in fixture`);
  return found;
};

describe('computeDrift', () => {
  test('a live object as the API server returns it (defaults, canonical quantities, status) has no drift', () => {
    for (const desired of desiredFixture()) {
      expect({ kind: desired.kind, name: desired.metadata.name, drift: computeDrift(desired, liveObject(desired)) }).toEqual({ kind: desired.kind, name: desired.metadata.name, drift: [] });
    }
  });

  test('Deployment: image, resources (by value), probes, env names, replicas', () => {
    const desired = fixture('Deployment', 'web');
    const live = liveObject(desired);
    const container = live.spec.template.spec.containers[0];
    container.image = 'registry.example.com/moderation/web:3.6.0';
    container.resources.limits.memory = '2Gi';
    container.resources.requests.cpu = '0.25'; // same value as 250m: not drift
    container.readinessProbe.httpGet.path = '/ready';
    container.env.push({ name: 'DEBUG', value: '1' });
    live.spec.replicas = 3;
    const path = 'spec.template.spec.containers[name=web]';
    expect(computeDrift(desired, live)).toEqual<DriftEntry[]>([
      { path: 'spec.replicas', desired: 2, live: 3 },
      { path: `${path}.image`, desired: 'registry.example.com/moderation/web:3.7.1', live: 'registry.example.com/moderation/web:3.6.0' },
      { path: `${path}.resources.limits.memory`, desired: '1024Mi', live: '2Gi' },
      { path: `${path}.readinessProbe.httpGet.path`, desired: '/healthz/ready', live: '/ready' },
      { path: `${path}.env[*].name`, desired: ['LOG_LEVEL', 'OTEL_SERVICE_NAME'], live: ['DEBUG', 'LOG_LEVEL', 'OTEL_SERVICE_NAME'] },
    ]);
  });

  test('Deployment: a container added or removed in the cluster', () => {
    const desired = fixture('Deployment', 'web');
    const live = liveObject(desired);
    live.spec.template.spec.containers = [{ name: 'debug', image: 'busybox:1.36' }];
    expect(computeDrift(desired, live)).toEqual([
      { path: 'spec.template.spec.containers[name=web]', desired: { name: 'web', image: 'registry.example.com/moderation/web:3.7.1' }, live: null },
      { path: 'spec.template.spec.containers[name=debug]', desired: null, live: { name: 'debug', image: 'busybox:1.36' } },
    ]);
  });

  test('replicas are not compared when an HPA or ScaledObject owns scaling', () => {
    const desired = fixture('Deployment', 'moderation-api');
    const live = liveObject(desired);
    live.spec.replicas = 7;
    expect(computeDrift(desired, live, { scaledBy: 'HorizontalPodAutoscaler/moderation-api' })).toEqual([]);
    expect(computeDrift(desired, live)).toEqual([{ path: 'spec.replicas', desired: 2, live: 7 }]);
  });

  test('HPA: min, max and metrics (quantities by value); server-defaulted behavior ignored', () => {
    const desired = fixture('HorizontalPodAutoscaler', 'moderation-api');
    desired.spec.metrics.push({ type: 'Pods', pods: { metric: { name: 'inflight_requests' }, target: { type: 'AverageValue', averageValue: '1500m' } } });
    const live = liveObject(desired);
    live.spec.metrics[1].pods.target.averageValue = '1.5'; // same value
    expect(computeDrift(desired, live)).toEqual([]);
    live.spec.minReplicas = 1;
    live.spec.metrics[0].resource.target.averageUtilization = 90;
    expect(computeDrift(desired, live)).toEqual([
      { path: 'spec.minReplicas', desired: 2, live: 1 },
      { path: 'spec.metrics[0].resource.target.averageUtilization', desired: 70, live: 90 },
    ]);
  });

  test('PDB: switching from minAvailable to maxUnavailable is drift', () => {
    const desired = fixture('PodDisruptionBudget', 'moderation-api');
    const live = liveObject(desired);
    delete live.spec.minAvailable;
    live.spec.maxUnavailable = '50%';
    expect(computeDrift(desired, live)).toEqual([
      { path: 'spec.minAvailable', desired: 1, live: null },
      { path: 'spec.maxUnavailable', desired: null, live: '50%' },
    ]);
  });

  test('Service: ports by name (nodePort/protocol defaults ignored), selector exactly', () => {
    const desired = fixture('Service', 'web');
    const live = liveObject(desired);
    live.spec.ports[0].nodePort = 31234;
    expect(computeDrift(desired, live)).toEqual([]);
    live.spec.ports[0].targetPort = 8080;
    live.spec.selector['app.kubernetes.io/version'] = 'canary';
    expect(computeDrift(desired, live)).toEqual([
      { path: 'spec.ports[name=http].targetPort', desired: 3000, live: 8080 },
      { path: 'spec.selector', desired: { 'app.kubernetes.io/name': 'web' }, live: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/version': 'canary' } },
    ]);
  });

  test('NetworkPolicy: an extra ingress rule is drift; protocol: TCP default is not', () => {
    const desired = fixture('NetworkPolicy', 'moderation-api');
    const live = liveObject(desired);
    expect(live.spec.ingress[0].ports[0].protocol).toBe('TCP');
    expect(computeDrift(desired, live)).toEqual([]);
    live.spec.ingress.push({ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] });
    expect(computeDrift(desired, live)).toHaveLength(1);
    expect(computeDrift(desired, live)[0].path).toBe('spec.ingress');
  });

  test('Certificate: DNS names and issuer', () => {
    const desired = fixture('Certificate', 'moderation-tls');
    const live = liveObject(desired);
    live.spec.dnsNames = ['moderation.staging.example.com'];
    live.spec.issuerRef.name = 'letsencrypt-staging';
    expect(computeDrift(desired, live)).toEqual([
      { path: 'spec.dnsNames', desired: ['moderation.staging.example.com', 'api.moderation.staging.example.com'], live: ['moderation.staging.example.com'] },
      { path: 'spec.issuerRef.name', desired: 'letsencrypt', live: 'letsencrypt-staging' },
    ]);
  });

  test('ExternalSecret: data keys and store; CRD-defaulted fields ignored', () => {
    const desired = fixture('ExternalSecret', 'moderation-api-db');
    const live = liveObject(desired);
    expect(live.spec.data[0].remoteRef.conversionStrategy).toBe('Default');
    expect(computeDrift(desired, live)).toEqual([]);
    live.spec.data[1].secretKey = 'REDIS_DSN';
    live.spec.secretStoreRef.name = 'vault';
    expect(computeDrift(desired, live).map((d) => d.path)).toEqual(['spec.secretStoreRef.name', 'spec.data[1].secretKey']);
  });

  test('ConfigMap data is compared exactly', () => {
    const desired = fixture('ConfigMap', 'moderation-config');
    const live = liveObject(desired);
    live.data.LOG_LEVEL = 'debug';
    expect(computeDrift(desired, live)).toEqual([{ path: 'data', desired: desired.data, live: live.data }]);
  });

  test('kinds without a rule (ServiceAccount, Namespace) are never drifted', () => {
    const sa = fixture('ServiceAccount', 'moderation-api');
    const live = liveObject(sa);
    live.metadata.annotations = {};
    live.secrets = [{ name: 'token' }];
    expect(computeDrift(sa, live)).toEqual([]);
  });
});

describe('compareSubset', () => {
  const run = (desired: unknown, live: unknown, key = '') => {
    const out: DriftEntry[] = [];
    compareSubset(desired, live, 'x', out, key);
    return out;
  };
  test('quantities compare by value only under requests/limits', () => {
    expect(run({ requests: { cpu: '1000m', memory: '1024Mi' } }, { requests: { cpu: '1', memory: '1Gi' } }, 'resources')).toEqual([]);
    expect(run({ tag: '1.0' }, { tag: '1' })).toHaveLength(1);
  });
  test('empty desired values match absent live values', () => {
    expect(run({ podSelector: {} }, {})).toEqual([]);
    expect(run({ a: [] }, {})).toEqual([]);
  });
  test('IntOrString written either way is equal', () => {
    expect(run({ port: 8000 }, { port: '8000' })).toEqual([]);
  });
});
