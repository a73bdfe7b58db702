/**
 * Fidelity of the fake API server: the protocol shapes the verifier relies on, checked directly and
 * with kubectl (a real client) when it is installed.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeApiServer } from '../support/verify/fake-apiserver';
import { matchesSelector, parseLabelSelector } from '../../core/label-selector';
import { desiredFixture, liveState } from '../support/verify/live-state';

let server: FakeApiServer;
beforeAll(async () => {
  server = new FakeApiServer();
  server.apply(...liveState(desiredFixture()));
  await server.start();
});
afterAll(() => server.stop());

const get = async (path: string): Promise<{ status: number; body: any; headers: Headers }> => {
  const response = await fetch(server.url + path);
  return { status: response.status, body: await response.json(), headers: response.headers };
};

describe('protocol', () => {
  test('discovery documents are shaped like the real ones', async () => {
    expect((await get('/api')).body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await get('/apis')).body;
    expect(groups.kind).toBe('APIGroupList');
    expect(groups.groups.find((g: any) => g.name === 'apps')).toEqual({
      name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
    });
    const apps = (await get('/apis/apps/v1')).body;
    expect(apps).toMatchObject({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'apps/v1' });
    expect(apps.resources.find((r: any) => r.name === 'deployments')).toMatchObject({ namespaced: true, kind: 'Deployment', verbs: expect.arrayContaining(['get', 'list', 'watch']) });
    expect(apps.resources.find((r: any) => r.name === 'deployments/status')).toBeDefined();
  });

  test('a typed list omits apiVersion/kind per item and carries metadata.resourceVersion; CR lists keep them', async () => {
    const list = (await get('/apis/apps/v1/namespaces/moderation/deployments')).body;
    expect(list).toMatchObject({ kind: 'DeploymentList', apiVersion: 'apps/v1', metadata: { resourceVersion: expect.any(String) } });
    expect(list.items).toHaveLength(4);
    expect(list.items[0].apiVersion).toBeUndefined();
    const crs = (await get('/apis/cert-manager.io/v1/namespaces/moderation/certificates')).body;
    expect(crs.items[0]).toMatchObject({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate' });
  });

  test('limit/continue paginate a consistent list', async () => {
    const first = (await get('/apis/apps/v1/deployments?limit=3')).body;
    expect(first.items).toHaveLength(3);
    expect(first.metadata).toMatchObject({ continue: expect.any(String), remainingItemCount: 1 });
    const second = (await get(`/apis/apps/v1/deployments?limit=3&continue=${encodeURIComponent(first.metadata.continue)}`)).body;
    expect(second.items).toHaveLength(1);
    expect(second.metadata.continue).toBeUndefined();
    expect((await get('/apis/apps/v1/deployments?limit=3&continue=garbage')).status).toBe(400);
  });

  test('an object NotFound differs from a path the server does not serve', async () => {
    const object = await get('/apis/apps/v1/namespaces/moderation/deployments/nope');
    expect(object.status).toBe(404);
    expect(object.body).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'deployments.apps "nope" not found', reason: 'NotFound',
      details: { name: 'nope', group: 'apps', kind: 'deployments' }, code: 404,
    });
    const path404 = await get('/apis/kafka.strimzi.io/v1beta2/namespaces/moderation/kafkas');
    expect(path404.status).toBe(404);
    expect(path404.body).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'the server could not find the requested resource', details: {} });
  });

  test('fault injection: status codes with Status bodies, N times, Retry-After', async () => {
    server.inject({ path: '/api/v1/namespaces/moderation/configmaps', status: 429, times: 1, retryAfter: 2 });
    const throttled = await get('/api/v1/namespaces/moderation/configmaps');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('2');
    expect(throttled.body).toMatchObject({ kind: 'Status', reason: 'TooManyRequests', code: 429, details: { retryAfterSeconds: 2 } });
    expect((await get('/api/v1/namespaces/moderation/configmaps')).status).toBe(200);
    server.clearFaults();
  });

  test('writes are refused: the verifier must never need them', async () => {
    const response = await fetch(`${server.url}/api/v1/namespaces/moderation/configmaps`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(405);
  });
});

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'frontend', env: 'staging' };
  test.each([
    ['app=web', true], ['app==web', true], ['app!=web', false], ['app in (web,api)', true], ['app notin (web,api)', false],
    ['tier', true], ['!tier', false], ['!missing', true], ['app=web,env in (prod)', false], ['missing notin (x)', true],
  ])('%s → %s', (selector, expected) => {
    expect(matchesSelector(parseLabelSelector(selector), labels)).toBe(expected);
  });
});

const kubectlAvailable = (() => {
  try {
    require('node:child_process').execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!kubectlAvailable) console.log('kubectl not found on PATH: skipping the kubectl fidelity checks');

const kubectl = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-cache-'));
  return new Promise((resolve) => {
    execFile('kubectl', ['--server', server.url, '--cache-dir', cache, '--request-timeout', '10s', ...args], { env: { ...process.env, KUBECONFIG: '/dev/null' } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
};

(kubectlAvailable ? describe : describe.skip)('kubectl against the fake API server', () => {
  test('api-resources sees built-in and custom kinds with their scope', async () => {
    const run = await kubectl(['api-resources', '--no-headers']);
    expect(run.code).toBe(0);
    const rows = run.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/));
    const scaled = rows.find((r) => r[0] === 'scaledobjects')!;
    expect(scaled.slice(-3)).toEqual(['keda.sh/v1alpha1', 'true', 'ScaledObject']);
    expect(rows.find((r) => r[0] === 'clusterissuers')!.slice(-2)).toEqual(['false', 'ClusterIssuer']);
  });

  test('get -A -o json, label selectors, chunked lists and NotFound behave as against a real server', async () => {
    const all = await kubectl(['get', 'deployments', '-A', '-o', 'json']);
    expect(all.code).toBe(0);
    const list = JSON.parse(all.stdout);
    expect(list.items.map((d: any) => d.metadata.name).sort()).toEqual(['ml-inference', 'moderation-api', 'moderation-worker', 'web']);
    const selected = await kubectl(['get', 'deploy', '-n', 'moderation', '-l', 'app.kubernetes.io/name in (web,ml-inference)', '-o', 'name']);
    expect(selected.stdout.trim().split('\n')).toEqual(['deployment.apps/ml-inference', 'deployment.apps/web']);
    const chunked = await kubectl(['get', 'deploy', '-n', 'moderation', '--chunk-size=1', '-o', 'name']);
    expect(chunked.stdout.trim().split('\n')).toHaveLength(4);
    const missing = await kubectl(['get', 'deploy', 'nope', '-n', 'moderation']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.trim()).toBe('Error from server (NotFound): deployments.apps "nope" not found');
    const crd = await kubectl(['get', 'kafkas.kafka.strimzi.io', '-A']);
    expect(crd.stderr).toContain(`the server doesn't have a resource type "kafkas"`);
  });
});
