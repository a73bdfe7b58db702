/**
 * `npm run bench:verify`: the verifier's LIST strategy against the naive one-GET-per-object strategy,
 * on the same data: a fake API server holding 5,000 objects (10 namespaces x 100 apps x 5 kinds)
 * with ~20 ms added to every response (a typical CI-runner-to-cluster round trip). Both strategies use
 * the same client, the same concurrency bound and the same health/drift code; only the reads differ.
 */
import { ClusterClient } from '../verify/cluster';
import { mapWithConcurrency } from '../verify/concurrency';
import { computeDrift } from '../verify/drift';
import { assessHealth } from '../verify/health';
import { plainConnection } from '../verify/transport';
import type { KubeObject } from '../core/object';
import { verify } from '../verify/verify';
import { FakeApiServer } from '../test/support/verify/fake-apiserver';
import { desiredFixture, liveObject } from '../test/support/verify/live-state';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const NAMESPACES = 10;
const APPS_PER_NAMESPACE = 100;
const CONCURRENCY = 8;
const KINDS = ['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'ConfigMap'];

function syntheticTarget(): KubeObject[] {
  const templates = desiredFixture();
  const template = (kind: string) => templates.find((o) => o.kind === kind && o.metadata.name.startsWith('moderation-api')) ?? templates.find((o) => o.kind === kind)!;
  const objects: KubeObject[] = [];
  for (let n = 0; n < NAMESPACES; n++) {
    const namespace = `tenant-${String(n).padStart(2, '0')}`;
    objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: template('Namespace').metadata.labels } });
    for (let a = 0; a < APPS_PER_NAMESPACE; a++) {
      const name = `app-${String(a).padStart(3, '0')}`;
      for (const kind of KINDS) {
        const object = structuredClone(template(kind));
        object.metadata = { ...object.metadata, name, namespace };
        if (object.spec?.scaleTargetRef) object.spec.scaleTargetRef.name = name;
        objects.push(object);
      }
    }
  }
  return objects.slice(0, 5000);
}

/** The approach the verifier avoids: discovery, then one GET per object. */
async function perObjectGets(client: ClusterClient, objects: KubeObject[]): Promise<number> {
  const discovery = await client.discover([...new Set(objects.map((o) => o.apiVersion))]);
  let healthy = 0;
  await mapWithConcurrency(objects, CONCURRENCY, async (object) => {
    const gv = discovery.get(object.apiVersion);
    const resource = gv?.served ? gv.resources.find((r) => r.kind === object.kind) : undefined;
    if (!resource) return;
    const live = await client.get(resource, resource.namespaced ? object.metadata.namespace ?? 'default' : null, object.metadata.name);
    if (live && assessHealth({ ...live, apiVersion: object.apiVersion, kind: object.kind }).status === 'Healthy' && computeDrift(object, live).length === 0) healthy++;
  });
  return healthy;
}

async function main(): Promise<void> {
  const objects = syntheticTarget();
  const server = new FakeApiServer();
  server.apply(...objects.map(liveObject));
  const url = await server.start();
  server.latencyMs = LATENCY_MS;
  console.log(`bench:verify — ${objects.length} objects in ${NAMESPACES} namespaces, ${LATENCY_MS} ms per round trip, concurrency ${CONCURRENCY}\n`);

  const rows: { approach: string; requests: number; ms: number; healthy: number }[] = [];

  server.requests.length = 0;
  let started = performance.now();
  const report = await verify({ objects, connection: plainConnection(url), concurrency: CONCURRENCY });
  rows.push({ approach: 'verify (LIST per kind+namespace)', requests: server.requests.length, ms: performance.now() - started, healthy: report.resources.filter((r) => r.health.status === 'Healthy' && r.drift.length === 0).length });

  server.requests.length = 0;
  started = performance.now();
  const healthy = await perObjectGets(new ClusterClient(plainConnection(url)), objects);
  rows.push({ approach: 'one GET per object', requests: server.requests.length, ms: performance.now() - started, healthy });

  await server.stop();
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(`${pad('approach', 34)}${pad('requests', 10)}${pad('wall time', 12)}healthy & unchanged`);
  for (const r of rows) console.log(`${pad(r.approach, 34)}${pad(String(r.requests), 10)}${pad(`${(r.ms / 1000).toFixed(2)} s`, 12)}${r.healthy}/${objects.length}`);
  const [list, get] = rows;
  console.log(`\nLIST strategy: ${(get.requests / list.requests).toFixed(0)}x fewer requests, ${(get.ms / list.ms).toFixed(1)}x faster.`);
  console.log('(The fake API server runs in this process: its JSON encoding of the 5,000 objects is included in both times.)');
  if (list.healthy !== objects.length || get.healthy !== objects.length) {
    console.error('bench:verify: the two strategies disagree with the expected all-healthy state');
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(`bench:verify: ${(error as Error).message}`);
  process.exitCode = 1;
});
