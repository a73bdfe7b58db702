import path from 'node:path';
import { ApiError } from '../../verify/errors';
import { renderJunit } from '../../verify/report/junit';
import { renderTable } from '../../verify/report/table';
import { plainConnection } from '../../verify/transport';
import { verify } from '../../verify/verify';
import { FakeApiServer } from '../support/verify/fake-apiserver';
import { FAST, Harness, resultFor, startHarness } from '../support/verify/harness';
import { desiredFixture, FIXTURE_DIR } from '../support/verify/live-state';

const NS = 'moderation';
let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

const listRequests = () => h.server.requests.filter((r) => r.query.limit !== undefined);

describe('verify() against a healthy cluster', () => {
  test('every object is present, Healthy and without drift', async () => {
    const result = await h.run();
    const unhealthy = result.resources.filter((r) => r.health.status !== 'Healthy' || r.drift.length > 0);
    expect(unhealthy).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.summary).toEqual({ total: 21, healthy: 21, progressing: 0, suspended: 0, degraded: 0, missing: 0, unknown: 0, drifted: 0 });
    expect(resultFor(result, 'ClusterIssuer', 'letsencrypt').namespace).toBeNull();
    expect(resultFor(result, 'Deployment', 'web').namespace).toBe(NS);
  });

  test('server-defaulted fields and canonicalised quantities are not drift', async () => {
    const live: any = await (await fetch(`${h.server.url}/apis/apps/v1/namespaces/${NS}/deployments/web`)).json();
    const container = live.spec.template.spec.containers[0];
    // What the API server returns differs from the manifest in spelling and in defaults...
    expect(container.resources.limits).toEqual({ cpu: '1', memory: '1Gi' }); // manifest: 1000m, 1024Mi
    expect(container).toMatchObject({ imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log' });
    expect(container.readinessProbe).toMatchObject({ timeoutSeconds: 1, periodSeconds: 10, httpGet: { scheme: 'HTTP' } });
    const service: any = await (await fetch(`${h.server.url}/api/v1/namespaces/${NS}/services/web`)).json();
    expect(service.spec).toMatchObject({ clusterIP: '10.100.23.17', sessionAffinity: 'None', ports: [{ protocol: 'TCP' }] });
    // ...and none of it is drift.
    const result = await h.run();
    expect(result.resources.flatMap((r) => r.drift)).toEqual([]);
  });

  test('replicas changed by the HPA or KEDA are not drift; on an unscaled Deployment they are', async () => {
    for (const name of ['moderation-api', 'moderation-worker', 'ml-inference']) {
      h.server.update('apps/v1', 'Deployment', NS, name, (d) => {
        d.spec.replicas = 5;
        Object.assign(d.status, { replicas: 5, updatedReplicas: 5, readyReplicas: 5, availableReplicas: 5 });
      });
    }
    const result = await h.run();
    expect(resultFor(result, 'Deployment', 'moderation-api').drift).toEqual([]);
    expect(resultFor(result, 'Deployment', 'moderation-worker').drift).toEqual([]);
    expect(resultFor(result, 'Deployment', 'ml-inference').drift).toEqual([{ path: 'spec.replicas', desired: 1, live: 5 }]);
  });

  test('lists instead of polling: at most one LIST per (kind, namespace), label-selected, only GETs', async () => {
    await h.run();
    const lists = listRequests();
    const firstPages = lists.filter((r) => !r.query.continue).map((r) => r.path);
    expect(new Set(firstPages).size).toBe(firstPages.length);
    // The fixture uses 15 resource types (namespaces included), all in one namespace or cluster-scoped.
    expect(firstPages).toHaveLength(15);
    for (const r of lists.filter((l) => l.path !== '/api/v1/namespaces')) {
      expect(r.query.labelSelector).toBe('app.kubernetes.io/part-of=moderation-platform,app.kubernetes.io/managed-by=cdk8s');
    }
    expect(h.server.requests.every((r) => r.method === 'GET')).toBe(true);
    // No per-object GETs when everything is found.
    expect(h.server.requests.filter((r) => r.query.limit === undefined && !/^\/apis?(\/[^/]+){0,2}$/.test(r.path))).toEqual([]);
  });

  test('never has more requests in flight than --concurrency', async () => {
    h.server.latencyMs = 15;
    h.server.delete('v1', 'Service', NS, 'web'); // plus a follow-up GET
    await h.run({ concurrency: 3 });
    expect(h.server.maxConcurrent).toBeLessThanOrEqual(3);
    expect(h.server.maxConcurrent).toBeGreaterThan(1);
  });

  test('follows continue tokens when the server paginates', async () => {
    const result = await h.run({ pageSize: 2 });
    expect(result.ok).toBe(true);
    expect(listRequests().some((r) => r.query.continue)).toBe(true);
  });
});

describe('health', () => {
  test('a rollout in progress is Progressing with Argo CD’s message', async () => {
    h.server.update('apps/v1', 'Deployment', NS, 'web', (d) => {
      d.metadata.generation = 2;
      d.status.observedGeneration = 2;
      d.status.updatedReplicas = 1;
      d.status.replicas = 3;
    });
    const result = await h.run();
    expect(resultFor(result, 'Deployment', 'web').health).toEqual({
      status: 'Progressing',
      message: 'Waiting for rollout to finish: 1 out of 2 new replicas have been updated...',
    });
    expect(result.ok).toBe(false);
    expect(result.summary.progressing).toBe(1);
  });

  test('a rollout past its progress deadline is Degraded', async () => {
    h.server.update('apps/v1', 'Deployment', NS, 'ml-inference', (d) => {
      d.metadata.generation = 2;
      d.status.observedGeneration = 2;
      d.status.updatedReplicas = 0;
      d.status.conditions[1] = { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "ml-inference-5f6d7c8b9" has timed out progressing.' };
    });
    const result = await h.run();
    expect(resultFor(result, 'Deployment', 'ml-inference').health).toEqual({ status: 'Degraded', message: 'Deployment "ml-inference" exceeded its progress deadline' });
    expect(result.summary.degraded).toBe(1);
  });
});

describe('presence and prerequisites', () => {
  test('a missing object is Missing; the follow-up GET confirms it rather than trusting the selector', async () => {
    h.server.delete('v1', 'Service', NS, 'web');
    const result = await h.run();
    expect(resultFor(result, 'Service', 'web').health).toEqual({ status: 'Missing', message: 'object not found in the cluster' });
    expect(result.summary).toMatchObject({ total: 21, healthy: 20, missing: 1 });
    expect(h.server.requests.some((r) => r.path === `/api/v1/namespaces/${NS}/services/web`)).toBe(true);
  });

  test('an object that lost the platform labels is still found (by name) and is not Missing', async () => {
    h.server.update('v1', 'ConfigMap', NS, 'moderation-config', (cm) => {
      delete cm.metadata.labels;
    });
    const result = await h.run();
    expect(resultFor(result, 'ConfigMap', 'moderation-config').health.status).toBe('Healthy');
  });

  test('many objects missing from a label-selected LIST are looked up with one LIST without selector, not N GETs', async () => {
    const base = desiredFixture().find((o) => o.kind === 'ConfigMap')!;
    const configMaps = Array.from({ length: 12 }, (_, i) => ({ ...base, metadata: { ...base.metadata, name: `tenant-${i}` } }));
    h.server.apply(...configMaps.slice(1).map((cm) => ({ ...cm, metadata: { name: cm.metadata.name, namespace: NS } })));
    const result = await h.run({ manifests: undefined, objects: configMaps });
    expect(result.resources.map((r) => r.health.status)).toEqual(['Missing', ...Array(11).fill('Healthy')]);
    const configMapRequests = h.server.requests.filter((r) => r.path.startsWith(`/api/v1/namespaces/${NS}/configmaps`));
    expect(configMapRequests.map((r) => r.query.labelSelector ?? null)).toEqual(['app.kubernetes.io/part-of=moderation-platform,app.kubernetes.io/managed-by=cdk8s', null]);
  });

  test('a built-in API version the cluster no longer serves is named as such', async () => {
    const hpa = desiredFixture().find((o) => o.kind === 'HorizontalPodAutoscaler')!;
    const result = await h.run({ manifests: undefined, objects: [{ ...hpa, apiVersion: 'autoscaling/v2beta2' }] });
    expect(result.resources[0].health.message).toBe('kind not served by the cluster: API group/version autoscaling/v2beta2 is not served by the cluster (removed in this Kubernetes version?)');
  });

  test('a missing CRD is reported once per kind as "kind not served by the cluster", without LISTing it', async () => {
    h.server.removeType('cert-manager.io', 'Certificate');
    h.server.removeType('cert-manager.io', 'ClusterIssuer');
    h.server.removeType('cert-manager.io', 'Issuer');
    const extraCertificate = { ...desiredFixture().find((o) => o.kind === 'Certificate')!, metadata: { name: 'admin-tls', namespace: NS } };
    const result = await h.run({ manifests: undefined, objects: [...desiredFixture(), extraCertificate], defaultNamespace: NS });
    const certificates = result.resources.filter((r) => r.kind === 'Certificate');
    expect(certificates).toHaveLength(2);
    for (const c of certificates) {
      expect(c.health.status).toBe('Missing');
      expect(c.health.message).toMatch(/^kind not served by the cluster: API group\/version cert-manager.io\/v1 is not served/);
    }
    expect(result.unservedKinds).toEqual([
      { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', objects: 1 },
      { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', objects: 2 },
    ]);
    expect(h.server.requests.some((r) => r.path.includes('cert-manager.io'))).toBe(false);
    // Human outputs: one row / one failing test case per kind, not one per object.
    const table = renderTable(result, { color: false });
    expect(table.match(/kind not served by the cluster/g)).toHaveLength(2);
    expect(table).toContain('2 objects');
    const junit = renderJunit(result);
    expect(junit.match(/<failure message="kind not served by the cluster"/g)).toHaveLength(2);
    expect(junit.match(/<skipped /g)).toHaveLength(3);
  });

  test('a kind missing from a served group/version is also "not served"', async () => {
    h.server.removeType('keda.sh', 'ScaledObject');
    h.server.addType({ group: 'keda.sh', version: 'v1alpha1', kind: 'ScaledJob', plural: 'scaledjobs', namespaced: true, custom: true });
    const result = await h.run();
    expect(resultFor(result, 'ScaledObject', 'moderation-worker').health.message).toBe('kind not served by the cluster: keda.sh/v1alpha1 has no kind ScaledObject');
  });

  test('objects in a namespace that does not exist are Missing, with the namespace named', async () => {
    h.server.delete('v1', 'Namespace', undefined, NS);
    const result = await h.run();
    expect(result.missingNamespaces).toEqual([NS]);
    expect(resultFor(result, 'Deployment', 'web').health).toEqual({ status: 'Missing', message: `namespace "${NS}" does not exist` });
    expect(resultFor(result, 'ClusterIssuer', 'letsencrypt').health.status).toBe('Healthy');
    // Human outputs: the table names the objects in the namespace; JUnit counts each object once, the namespace not again.
    const inNamespace = result.resources.filter((r) => r.namespace === NS);
    expect(renderTable(result, { color: false })).toContain(
      `namespace does not exist (${inNamespace.length} objects in it: ${inNamespace.slice(0, 3).map((r) => `${r.kind} ${r.name}`).join(', ')} and ${inNamespace.length - 3} more)`,
    );
    const failing = result.resources.filter((r) => r.health.status !== 'Healthy' || r.drift.length > 0).length;
    expect(failing).toBe(inNamespace.length + 1); // and the Namespace object itself
    expect(renderJunit(result)).toContain(`<testsuites name="verify" tests="21" failures="${failing}" errors="0">`);
  });
});

describe('drift', () => {
  test('an image and an HPA max changed in the cluster are reported with desired and live values', async () => {
    h.server.update('apps/v1', 'Deployment', NS, 'moderation-api', (d) => {
      d.spec.template.spec.containers[0].image = 'registry.example.com/moderation/api:1.41.9-hotfix';
    });
    h.server.update('autoscaling/v2', 'HorizontalPodAutoscaler', NS, 'moderation-api', (hpa) => {
      hpa.spec.maxReplicas = 4;
    });
    const result = await h.run();
    expect(resultFor(result, 'Deployment', 'moderation-api').drift).toEqual([
      {
        path: 'spec.template.spec.containers[name=moderation-api].image',
        desired: 'registry.example.com/moderation/api:1.42.0',
        live: 'registry.example.com/moderation/api:1.41.9-hotfix',
      },
    ]);
    expect(resultFor(result, 'HorizontalPodAutoscaler', 'moderation-api').drift).toEqual([{ path: 'spec.maxReplicas', desired: 10, live: 4 }]);
    expect(result.summary.drifted).toBe(2);
    expect(result.summary.healthy).toBe(21);
    expect(result.ok).toBe(false);
  });
});

describe('faults', () => {
  const deploymentsPath = `/apis/apps/v1/namespaces/${NS}/deployments`;

  test('403 on one kind makes its objects Unknown with the reason; everything else is verified', async () => {
    h.server.inject({ path: `/apis/networking.k8s.io/v1/namespaces/${NS}/networkpolicies`, status: 403 });
    const result = await h.run();
    const policy = resultFor(result, 'NetworkPolicy', 'moderation-api');
    expect(policy.health.status).toBe('Unknown');
    expect(policy.health.message).toContain('cannot list (RBAC): networkpolicies.networking.k8s.io is forbidden');
    expect(result.summary).toMatchObject({ total: 21, healthy: 20, unknown: 1 });
    expect(result.ok).toBe(false);
  });

  test('a flaky 500 is retried and then succeeds', async () => {
    h.server.inject({ path: deploymentsPath, status: 500, times: 2 });
    const result = await h.run();
    expect(result.ok).toBe(true);
    expect(h.server.requests.filter((r) => r.path === deploymentsPath)).toHaveLength(3);
  });

  test('429 is retried after the Retry-After the server asks for', async () => {
    h.server.inject({ path: deploymentsPath, status: 429, times: 1, retryAfter: 1 });
    const started = Date.now();
    const result = await h.run();
    expect(result.ok).toBe(true);
    expect(h.server.requests.filter((r) => r.path === deploymentsPath)).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // a lower bound, not a speed assertion
  });

  test('5xx that persists beyond the retries makes that kind Unknown', async () => {
    h.server.inject({ path: deploymentsPath, status: 503 });
    const result = await h.run();
    expect(resultFor(result, 'Deployment', 'web').health.message).toMatch(/^cannot list: API server error 503/);
    expect(h.server.requests.filter((r) => r.path === deploymentsPath)).toHaveLength(1 + FAST.retries!);
  });

  test('a hanging request times out (and is retried) instead of waiting forever', async () => {
    h.server.inject({ path: `/api/v1/namespaces/${NS}/services`, hang: true });
    const result = await h.run({ timeoutMs: 200, retries: 1 });
    expect(resultFor(result, 'Service', 'web').health).toEqual({ status: 'Unknown', message: `cannot list: GET /api/v1/namespaces/${NS}/services?limit=500&labelSelector=app.kubernetes.io%2Fpart-of%3Dmoderation-platform%2Capp.kubernetes.io%2Fmanaged-by%3Dcdk8s timed out after 200ms` });
    expect(resultFor(result, 'Deployment', 'web').health.status).toBe('Healthy');
  });

  test('an unreachable cluster rejects with an "unreachable" ApiError', async () => {
    const closed = new FakeApiServer();
    const url = await closed.start();
    await closed.stop();
    const error = await verify({ manifests: FIXTURE_DIR, connection: plainConnection(url), ...FAST }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.failure).toBe('unreachable');
    expect(error.message).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED$/);
  });

  test('refused credentials reject with an "unauthorized" ApiError', async () => {
    h.server.requiredToken = 'the-right-token';
    const error = await verify({ manifests: FIXTURE_DIR, connection: plainConnection(h.server.url, 'a-revoked-token'), ...FAST }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.failure).toBe('unauthorized');
    const ok = await verify({ manifests: FIXTURE_DIR, connection: plainConnection(h.server.url, 'the-right-token'), ...FAST });
    expect(ok.ok).toBe(true);
  });
});

describe('--wait', () => {
  const startRollout = () =>
    h.server.update('apps/v1', 'Deployment', NS, 'web', (d) => {
      d.metadata.generation = 2;
      d.status.observedGeneration = 1;
    });

  test('keeps polling and succeeds once the objects become healthy', async () => {
    startRollout();
    const passes: boolean[] = [];
    const result = await h.run({
      waitMs: 10_000,
      onPass: (r) => {
        passes.push(r.ok);
        if (passes.length === 2) h.server.update('apps/v1', 'Deployment', NS, 'web', (d) => (d.status.observedGeneration = 2));
      },
    });
    expect(result.ok).toBe(true);
    expect(passes.length).toBeGreaterThanOrEqual(3);
    expect(passes.slice(0, 2)).toEqual([false, false]);
    expect(passes[passes.length - 1]).toBe(true);
  });

  test('rides out a pass that fails as a whole (API server restarting) instead of ending the wait', async () => {
    startRollout();
    const errors: string[] = [];
    let passes = 0;
    const result = await h.run({
      waitMs: 10_000,
      onPass: () => {
        passes++;
        if (passes === 1) h.server.inject({ path: '/apis', status: 503, times: 3 }); // more than the 2 retries
        if (passes === 2) h.server.update('apps/v1', 'Deployment', NS, 'web', (d) => (d.status.observedGeneration = 2));
      },
      onPassError: (error) => errors.push(error.message),
    });
    expect(errors).toEqual(['API server error 503: the server is currently unable to handle the request']);
    expect(result.ok).toBe(true);
  });

  test('gives up when the time is up and reports the last state', async () => {
    startRollout();
    let passes = 0;
    const result = await h.run({ waitMs: 300, onPass: () => passes++ });
    expect(result.ok).toBe(false);
    expect(resultFor(result, 'Deployment', 'web').health.status).toBe('Progressing');
    expect(passes).toBeGreaterThan(1);
  });
});

describe('scoping', () => {
  test('--target reads <distDir>/<target>/ and names the target in the report', async () => {
    const result = await h.run({ manifests: undefined, target: 'staging', distDir: path.dirname(FIXTURE_DIR) });
    expect(result.target).toBe('staging');
    expect(result.ok).toBe(true);
  });

  test('--namespace keeps only objects in those namespaces (and those Namespace objects)', async () => {
    const result = await h.run({ namespaces: [NS] });
    expect(result.resources.some((r) => r.kind === 'ClusterIssuer')).toBe(false);
    expect(result.resources.some((r) => r.kind === 'Namespace')).toBe(true);
    expect(result.summary.total).toBe(19);
  });
});
