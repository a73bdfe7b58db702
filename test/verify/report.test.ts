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

/** What a terminal shows of a line: colours take no columns. */
const visible = (line: string): string => line.replace(/\x1b\[[0-9;]*m/g, '');

const inMissingNamespace = (kind: string, name: string, apiVersion = 'external-secrets.io/v1beta1'): ResourceResult => ({
  apiVersion, kind, namespace: 'external-secrets', name, health: { status: 'Missing', message: 'namespace "external-secrets" does not exist' }, drift: [],
});

describe('objects in a namespace that does not exist', () => {
  test('table: one row for the namespace, naming the object in it', () => {
    const text = renderTable(result([resource('Deployment', 'web', 'Healthy'), inMissingNamespace('ExternalSecret', 'moderation-api')], { missingNamespaces: ['external-secrets'] }), { color: false });
    expect(text).toMatch(/│ Namespace +│ - +│ external-secrets +│ Missing +│ namespace does not exist \(1 object in it: ExternalSecret moderation-api\) +│/);
    expect(text.match(/moderation-api/g)).toHaveLength(1);
  });

  test('table: past three objects, the rest are counted ("and N more")', () => {
    const objects = ['db', 'redis', 'smtp', 'sentry', 'stripe'].map((name) => inMissingNamespace('ExternalSecret', name));
    const text = renderTable(result(objects, { missingNamespaces: ['external-secrets'] }), { color: false });
    expect(text).toContain('namespace does not exist (5 objects in it: ExternalSecret db, ExternalSecret redis, ExternalSecret smtp and 2 more)');
  });

  test('JUnit: each object is one failing test case and the namespace adds none (failures and tests are the real counts)', () => {
    const objects = [
      resource('Deployment', 'web', 'Healthy'),
      resource('Deployment', 'moderation-api', 'Degraded', 'Deployment "moderation-api" exceeded its progress deadline'),
      inMissingNamespace('ExternalSecret', 'moderation-api'),
      inMissingNamespace('ExternalSecret', 'web'),
      inMissingNamespace('SecretStore', 'aws'),
    ];
    const xml = renderJunit(result(objects, { missingNamespaces: ['external-secrets'] }));
    expect(xml).toContain('<testsuites name="verify eks-staging" tests="5" failures="4" errors="0">');
    expect(xml).toContain('<testsuite name="verify eks-staging" tests="5" failures="4" errors="0" skipped="0">');
    expect(xml.match(/<testcase /g)).toHaveLength(5);
    expect(xml).not.toContain('prerequisites');
    expect(xml.match(/<failure message="Missing: namespace &quot;external-secrets&quot; does not exist"/g)).toHaveLength(3);
  });
});

describe('table sized to the terminal', () => {
  const longDrift = { path: 'spec.template.spec.containers[name=moderation-api].image', desired: 'registry.example.com/moderation/api:1.42.0', live: 'registry.example.com/moderation/api:1.41.9-hotfix' };
  // The longest kind (HorizontalPodAutoscaler), name (moderation-worker-credentials) and namespace (external-secrets) the targets render.
  const problems = [
    resource('Deployment', 'moderation-api', 'Progressing', 'Waiting for rollout to finish: 1 out of 2 new replicas have been updated...', [longDrift]),
    resource('HorizontalPodAutoscaler', 'moderation-worker', 'Healthy', '', [{ path: 'spec.maxReplicas', desired: 10, live: 4 }], 'autoscaling/v2'),
    resource('NetworkPolicy', 'moderation-api', 'Unknown', 'cannot list (RBAC): networkpolicies.networking.k8s.io is forbidden: User "system:serviceaccount:moderation:verifier" cannot list resource "networkpolicies" in API group "networking.k8s.io" in the namespace "moderation"', [], 'networking.k8s.io/v1'),
    resource('ExternalSecret', 'moderation-worker-credentials', 'Degraded', 'could not get secret data from provider', [{ path: 'spec.refreshInterval', desired: '1h', live: '5m' }], 'external-secrets.io/v1beta1'),
    resource('ScaledObject', 'moderation-worker', 'Missing', 'kind not served by the cluster: keda.sh/v1alpha1 has no kind ScaledObject', [], 'keda.sh/v1alpha1'),
  ];
  const report = result([resource('Deployment', 'web', 'Healthy'), ...problems, inMissingNamespace('ExternalSecret', 'moderation-api')], {
    target: 'doks-production',
    unservedKinds: [{ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject', objects: 1 }],
    missingNamespaces: ['external-secrets'],
  });
  const lines = (text: string): string[] => text.trimEnd().split('\n').map(visible);
  /** A table row (not a details line): kind, maybe its apiVersion, maybe a namespace, name, health. */
  const rowOf = (kind: string, name: string, health: string): RegExp =>
    new RegExp(`^│ ${kind}(?: \\([^)]*\\))? +│(?: [^│]+ │)? ${name} +│ ${health.replace('+', '\\+')} +│`);

  test.each([80, 100, 160])('%i columns: no line is wider; every kind, name and health is there uncut; details are wrapped, not cut', (width) => {
    for (const color of [false, true]) {
      const shown = lines(renderTable(report, { color, width }));
      for (const line of shown) expect({ line, length: line.length }).toEqual({ line, length: Math.min(line.length, width) });
      for (const [kind, name, health] of [
        ['Deployment', 'moderation-api', 'Progressing +drift'],
        ['HorizontalPodAutoscaler', 'moderation-worker', 'Healthy +drift'],
        ['NetworkPolicy', 'moderation-api', 'Unknown'],
        ['ExternalSecret', 'moderation-worker-credentials', 'Degraded +drift'],
        ['ScaledObject', '1 object', 'Missing'],
        ['Namespace', 'external-secrets', 'Missing'],
      ]) {
        expect({ kind, rows: shown.filter((line) => rowOf(kind, name, health).test(line)).length }).toEqual({ kind, rows: 1 });
      }
      // The live image is on one line, whole: details wrap at spaces, and values are not cut.
      expect(shown.some((line) => line.includes('"registry.example.com/moderation/api:1.41.9-hotfix"'))).toBe(true);
      expect(shown.join(' ').replace(/[│ ]+/g, ' ')).toContain('"networking.k8s.io" in the namespace "moderation"');
      expect(shown.join(' ')).toMatch(/NOT OK \(target doks-production\)$/);
    }
  });

  test('wide enough for every detail on one line: KIND with its apiVersion, details beside the object', () => {
    const shown = lines(renderTable(report, { color: false, width: 400 }));
    expect(shown).toHaveLength(1 + 1 + 8 + 1 + 1); // top border, head, 6 rows (two with 2 details), bottom border, summary
    expect(shown).toContainEqual(expect.stringMatching(/^│ HorizontalPodAutoscaler \(autoscaling\/v2\) +│ moderation +│ moderation-worker +│ Healthy \+drift +│ drift spec\.maxReplicas: 10 → 4 +│$/));
  });

  test('details stay beside the object while each fits on one line there, else go under it, across the table', () => {
    const short = result(problems.slice(1, 2));
    expect(lines(renderTable(short, { color: false, width: 130 }))).toContainEqual(
      expect.stringMatching(/^│ HorizontalPodAutoscaler \(autoscaling\/v2\) │ moderation │ moderation-worker │ Healthy \+drift │ drift spec\.maxReplicas: 10 → 4 │$/),
    );
    expect(lines(renderTable(short, { color: false, width: 120 }))).toContainEqual(
      expect.stringMatching(/^│ HorizontalPodAutoscaler │ moderation │ moderation-worker │ Healthy \+drift │ drift spec\.maxReplicas: 10 → 4 │$/),
    );
    const shown = lines(renderTable(report, { color: false, width: 100 }));
    const row = shown.findIndex((line) => rowOf('HorizontalPodAutoscaler', 'moderation-worker', 'Healthy +drift').test(line));
    expect(shown[row]).toMatch(/│$/);
    expect(shown[row + 1]).toMatch(/^│ {3}drift spec\.maxReplicas: 10 → 4 +│$/);
  });

  test('names longer than any the targets render: KIND, then NAME, are cut with "…" rather than widen the table', () => {
    const name = 'allow-moderation-api-to-ml-inference-on-port-8080-from-the-edge-gateway';
    const long = result([resource('HorizontalPodAutoscaler', name, 'Degraded', 'scaling is limited')], { target: 'doks-production' });
    const shown = lines(renderTable(long, { color: false, width: 80 }));
    for (const line of shown) expect(line.length).toBeLessThanOrEqual(80);
    expect(shown).toContain('│ HorizontalP… │ allow-moderation-api-to-ml-inference-on-port-8080… │ Degraded │');
  });
});
