/** Small pure helpers: durations, quantities, Retry-After, RBAC rules, manifest loading, summary. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseRetryAfter } from '../../verify/cluster';
import { formatDuration, parseDuration } from '../../core/duration';
import { loadManifests, ManifestError } from '../../core/manifests';
import { parseQuantity, quantitiesEqual } from '../../core/quantity';
import { readRulesFor } from '../../core/rbac';
import { commonSelector, summarise } from '../../verify/verify';
import { desiredFixture, FIXTURE_DIR } from '../support/verify/live-state';

test('parseDuration accepts Go-style durations and rejects bare numbers', () => {
  expect(parseDuration('500ms')).toBe(500);
  expect(parseDuration('5s')).toBe(5000);
  expect(parseDuration('2m')).toBe(120_000);
  expect(parseDuration('1h30m')).toBe(5_400_000);
  expect(parseDuration('1.5s')).toBe(1500);
  expect(parseDuration('0')).toBe(0);
  for (const bad of ['10', '5 s', 's', '1d', '-1s', '']) expect(() => parseDuration(bad)).toThrow();
  expect(formatDuration(1500)).toBe('1.5s');
  expect(formatDuration(125_000)).toBe('2m5s');
});

test('quantities compare by value', () => {
  expect(parseQuantity('250m')).toBe(0.25);
  expect(parseQuantity('1Gi')).toBe(2 ** 30);
  expect(parseQuantity('1e3')).toBe(1000);
  expect(parseQuantity('1.5k')).toBe(1500);
  expect(parseQuantity('abc')).toBeUndefined();
  expect(quantitiesEqual('1000m', '1')).toBe(true);
  expect(quantitiesEqual('1Gi', '1024Mi')).toBe(true);
  expect(quantitiesEqual('1G', '1Gi')).toBe(false);
  expect(quantitiesEqual('100n', '0.0000001')).toBe(true);
});

test('Retry-After: seconds or an HTTP date', () => {
  expect(parseRetryAfter('3')).toBe(3000);
  expect(parseRetryAfter(undefined)).toBeUndefined();
  expect(parseRetryAfter('soon')).toBeUndefined();
  const inFuture = new Date(Date.now() + 60_000).toUTCString();
  expect(parseRetryAfter(inFuture)).toBeGreaterThan(50_000);
});

test('readRulesFor: get/list/watch on exactly the kinds used, plus namespaces, one rule per group', () => {
  const rules = readRulesFor(desiredFixture());
  expect(rules).toEqual([
    { apiGroups: [''], resources: ['configmaps', 'namespaces', 'serviceaccounts', 'services'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['cert-manager.io'], resources: ['certificates', 'clusterissuers'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['external-secrets.io'], resources: ['clustersecretstores', 'externalsecrets'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['gateway.networking.k8s.io'], resources: ['gateways', 'httproutes'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['keda.sh'], resources: ['scaledobjects'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: ['get', 'list', 'watch'] },
  ]);
  expect(() => readRulesFor([{ apiVersion: 'kafka.strimzi.io/v1beta2', kind: 'Kafka' }])).toThrow(/Kafka \(kafka.strimzi.io\/v1beta2\)/);
});

describe('loadManifests', () => {
  test('reads every YAML document, skips the kustomization but takes its namespace', () => {
    const loaded = loadManifests(FIXTURE_DIR);
    expect(loaded.files).toEqual(['kustomization.yaml', 'platform.k8s.yaml', 'workloads.k8s.yaml', 'edge.k8s.yaml']);
    expect(loaded.objects).toHaveLength(21);
    expect(loaded.objects.some((o) => o.kind === 'Kustomization')).toBe(false);
    expect(loaded.defaultNamespace).toBe('moderation');
  });
  test('a kustomization contributes exactly the resources it lists, as kubectl apply -k does', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-kustomization-'));
    const object = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: moderation}\n`;
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources:\n  - listed.yaml\n  - nested\n');
    fs.writeFileSync(path.join(dir, 'listed.yaml'), object('listed'));
    fs.writeFileSync(path.join(dir, 'unlisted.yaml'), object('unlisted'));
    fs.mkdirSync(path.join(dir, 'nested'));
    fs.writeFileSync(path.join(dir, 'nested', 'kustomization.yaml'), 'resources: [inner.yaml]\n');
    fs.writeFileSync(path.join(dir, 'nested', 'inner.yaml'), object('inner'));
    fs.mkdirSync(path.join(dir, 'argocd'));
    fs.writeFileSync(path.join(dir, 'argocd', 'application.yaml'), object('application'));
    expect(loadManifests(dir).objects.map((o) => o.metadata.name)).toEqual(['listed', 'inner']);
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources:\n  - https://example.com/remote.yaml\n');
    expect(() => loadManifests(dir)).toThrow(/remote resource https:\/\/example.com\/remote.yaml is not supported/);
  });
  test('a single file, empty documents and List kinds', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-manifests-'));
    const file = path.join(dir, 'one.yaml');
    fs.writeFileSync(file, '---\n---\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a}\n');
    expect(loadManifests(file).objects.map((o) => o.metadata.name)).toEqual(['a']);
    fs.writeFileSync(file, '# nothing\n');
    expect(() => loadManifests(file)).toThrow(ManifestError);
  });
});

test('commonSelector uses the platform labels only when every object carries the same values', () => {
  const objects = desiredFixture().filter((o) => o.kind === 'Deployment');
  expect(commonSelector(objects)).toBe('app.kubernetes.io/part-of=moderation-platform,app.kubernetes.io/managed-by=cdk8s');
  objects[0] = { ...objects[0], metadata: { ...objects[0].metadata, labels: {} } };
  expect(commonSelector(objects)).toBeUndefined();
});

test('summary counts each object once by health; drifted counts objects with drift', () => {
  const r = (status: any, drift = 0) => ({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'm', name: 'x', health: { status, message: '' }, drift: Array(drift).fill({ path: 'data', desired: 1, live: 2 }) });
  expect(summarise([r('Healthy'), r('Healthy', 2), r('Progressing', 1), r('Missing'), r('Unknown'), r('Suspended'), r('Degraded')])).toEqual({
    total: 7, healthy: 2, progressing: 1, suspended: 1, degraded: 1, missing: 1, unknown: 1, drifted: 2,
  });
});
