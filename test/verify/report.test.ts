import { renderJson } from '../../verify/report/json';
import { renderJunit } from '../../verify/report/junit';
import { renderTable } from '../../verify/report/table';
import { ResourceResult, VerifyResult } from '../../verify/types';
import { summarise } from '../../verify/verify';

const resource = (kind: string, name: string, status: ResourceResult['health']['status'], message = '', drift: ResourceResult['drift'] = [], apiVersion = 'apps/v1'): ResourceResult => ({
  apiVersion, kind, namespace: 'moderation', name, health: { status, message }, drift,
});

const result = (resources: ResourceResult[], extra: Partial<VerifyResult> = {}): VerifyResult => ({
  ok: resources.every((r) => r.health.status === 'Healthy' && r.drift.length === 0),
  target: 'eks-staging',
  summary: summarise(resources),
  resources,
  unservedKinds: [],
  missingNamespaces: [],
  ...extra,
});

const mixed = result([
  resource('Deployment', 'web', 'Healthy'),
  resource('Deployment', 'moderation-api', 'Progressing', 'Waiting for rollout to finish: 1 out of 2 new replicas have been updated...'),
  resource('HorizontalPodAutoscaler', 'moderation-api', 'Healthy', '', [{ path: 'spec.maxReplicas', desired: 10, live: 4 }], 'autoscaling/v2'),
  resource('NetworkPolicy', 'moderation-api', 'Unknown', 'cannot list (RBAC): networkpolicies.networking.k8s.io is forbidden', [], 'networking.k8s.io/v1'),
  resource('Certificate', 'moderation-tls', 'Missing', 'kind not served by the cluster: ...', [], 'cert-manager.io/v1'),
], { unservedKinds: [{ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', objects: 1 }] });

test('JSON: exactly the documented contract, unserved-kind bookkeeping left out', () => {
  const json = JSON.parse(renderJson(mixed));
  expect(json).toEqual({
    ok: false,
    target: 'eks-staging',
    summary: { total: 5, healthy: 2, progressing: 1, suspended: 0, degraded: 0, missing: 1, unknown: 1, drifted: 1 },
    resources: mixed.resources.map((r) => ({ apiVersion: r.apiVersion, kind: r.kind, namespace: r.namespace, name: r.name, health: r.health, drift: r.drift })),
  });
});

test('table: only objects that are not Healthy-and-unchanged, unserved kinds folded, summary last', () => {
  const text = renderTable(mixed, { color: false });
  expect(text).not.toContain('│ web ');
  expect(text).toContain('Waiting for rollout to finish');
  expect(text).toContain('drift spec.maxReplicas: 10 → 4');
  expect(text).toContain('cannot list (RBAC)');
  expect(text.match(/Certificate/g)).toHaveLength(1);
  expect(text.trim().split('\n').pop()).toBe('5 objects: 2 healthy, 1 progressing, 1 missing, 1 unknown, 1 drifted — NOT OK (target eks-staging)');
  expect(text).not.toMatch(/\x1b\[/);
});

test('table: colours only when asked; all-good output is just the summary', () => {
  expect(renderTable(mixed, { color: true })).toMatch(/\x1b\[/);
  const good = result([resource('Deployment', 'web', 'Healthy')]);
  expect(renderTable(good, { color: false })).toBe('1 object: 1 healthy, 0 drifted — OK (target eks-staging)\n');
});

test('JUnit: one test case per object, Unknown as error, unserved kind skipped and failed once under prerequisites, XML escaped', () => {
  const withMarkup = result([...mixed.resources, resource('ConfigMap', 'cfg', 'Healthy', '', [{ path: 'data', desired: { a: '<x & "y">' }, live: {} }], 'v1')], { unservedKinds: mixed.unservedKinds });
  const xml = renderJunit(withMarkup);
  expect(xml.match(/<testcase classname="(?!prerequisites)/g)).toHaveLength(6);
  expect(xml).toContain('<testsuite name="verify eks-staging" tests="6" failures="3" errors="1" skipped="1">');
  expect(xml).toContain('<testsuite name="prerequisites" tests="1" failures="1"');
  expect(xml).toContain('<error message="Unknown: cannot list (RBAC)');
  expect(xml).toContain('&lt;x &amp; \\&quot;y\\&quot;&gt;');
  expect(xml).not.toMatch(/<x &/);
});
