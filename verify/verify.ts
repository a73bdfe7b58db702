/**
 * Library API: `verify(options)` compares the desired objects with the cluster and returns the report.
 *
 * Requests per pass: GET /apis (only if a non-core group is used), one GET per group/version used,
 * then one paginated LIST per (resource type, namespace), all with bounded concurrency (the client
 * caps requests in flight). LISTs carry the platform's label selector when every desired object of
 * that type/namespace carries those labels. Objects a selector LIST did not return are looked up
 * again (to tell "missing" from "exists without our labels"): by name when up to 10, else with one
 * LIST without selector; this costs requests only when objects look missing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ClusterClient, ClusterOptions, GroupVersionDiscovery, ServedResource } from './cluster';
import { mapWithConcurrency, sleep } from './concurrency';
import { computeDrift } from './drift';
import { ApiError, UsageError } from './errors';
import { assessHealth } from './health';
import { knownKind, parseApiVersion } from '../core/kinds';
import { loadManifests } from '../core/manifests';
import { Connection } from './transport';
import type { KubeObject } from '../core/object';
import { DriftEntry, HealthStatus, ResourceResult, Summary, UnservedKind, VerifyResult } from './types';

/** Labels every object of the platform carries (docs/features/workloads.md); used as the LIST selector. */
export const PLATFORM_SELECTOR_LABELS = ['app.kubernetes.io/part-of', 'app.kubernetes.io/managed-by'] as const;

export interface VerifyOptions {
  /** Desired objects; or `manifests` (a file or directory); or `target` (reads `<distDir>/<target>/`, one of `listTargets()`). */
  objects?: KubeObject[];
  manifests?: string;
  target?: string;
  /** Where targets live; defaults to the project's dist/. */
  distDir?: string;
  /** Namespace for namespaced objects that set none (kustomization `namespace:` when loading files). */
  defaultNamespace?: string;
  /** How to reach the cluster; default: the kubeconfig (`kubeconfig`/`context`, else kubectl's rules). */
  connection?: Connection;
  kubeconfig?: string;
  context?: string;
  /** Verify only objects in these namespaces (cluster-scoped objects other than those Namespaces are skipped). */
  namespaces?: string[];
  /** Per-request timeout (default 30s). */
  timeoutMs?: number;
  /** Keep polling until everything is healthy and unchanged, up to this long (default 0: one pass). */
  waitMs?: number;
  /** Pause between passes while waiting (default 5s). */
  pollIntervalMs?: number;
  /** Concurrent requests (default 8). */
  concurrency?: number;
  retries?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  pageSize?: number;
  /** Called after every pass (also the last), e.g. to show progress while waiting. */
  onPass?: (result: VerifyResult, pass: PassInfo) => void;
  /** Called when a pass after the first fails as a whole (cluster briefly unreachable) and waiting goes on. */
  onPassError?: (error: ApiError, pass: PassInfo) => void;
}

export interface PassInfo {
  pass: number;
  elapsedMs: number;
  /** Milliseconds left to wait; 0 on the last pass. */
  remainingMs: number;
  requests: number;
}

export const DEFAULT_DIST_DIR = path.resolve(__dirname, '..', 'dist');

/** What `npm run synth` writes into every target's folder; a folder of dist/ without one is not a target. */
const TARGET_MARKER = 'kustomization.yaml';
/** A target name: a folder name, never a path. */
const TARGET_NAME = /^[a-z0-9][a-z0-9._-]*$/i;

/** The targets rendered in `distDir`: its folders with a kustomization.yaml, sorted; none when it does not exist. */
export function listTargets(distDir: string = DEFAULT_DIST_DIR): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(distDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new UsageError(`cannot read ${distDir}: ${(error as Error).message}`);
  }
  return names.filter((name) => fs.existsSync(path.join(distDir, name, TARGET_MARKER))).sort();
}

/** The folder of a target; a UsageError naming the targets there are when it is not one of them. */
/** The folder of a target's cluster-scoped and add-on-namespace objects, delivered by the platform project. */
export const PLATFORM_FOLDER = 'platform';

function targetDir(target: string, distDir: string): string {
  if (!TARGET_NAME.test(target)) throw new UsageError(`invalid target name "${target}"`);
  const targets = listTargets(distDir);
  if (targets.includes(target)) return path.join(distDir, target);
  if (targets.length === 0) throw new UsageError(`unknown target "${target}": no target rendered in ${distDir} (run npm run synth)`);
  throw new UsageError(`unknown target "${target}"; the targets are: ${targets.join(', ')}`);
}

/** Desired objects with their resolved scope, as one pass sees them. */
interface DesiredEntry {
  object: KubeObject;
  namespace: string | null;
  resource?: ServedResource;
  unservedReason?: string;
}

function resolveDesired(options: VerifyOptions): { objects: KubeObject[]; defaultNamespace: string; target: string | null } {
  const sources = [options.objects, options.manifests, options.target].filter((s) => s !== undefined).length;
  if (sources !== 1) throw new UsageError('exactly one of --target and --manifests is required');
  if (options.objects) return { objects: options.objects, defaultNamespace: options.defaultNamespace ?? 'default', target: null };
  if (options.manifests) {
    const loaded = loadManifests(options.manifests);
    return { objects: loaded.objects, defaultNamespace: options.defaultNamespace ?? loaded.defaultNamespace, target: null };
  }
  // A target is what the cluster runs: its application folder and, where rendered, its platform
  // folder (cluster-scoped objects and add-on namespaces), not the Argo CD bootstrap folders.
  const dir = targetDir(options.target!, options.distDir ?? DEFAULT_DIST_DIR);
  const loaded = loadManifests(dir);
  const platform = path.join(dir, PLATFORM_FOLDER);
  const objects = fs.existsSync(path.join(platform, 'kustomization.yaml')) ? [...loadManifests(platform).objects, ...loaded.objects] : loaded.objects;
  return { objects, defaultNamespace: options.defaultNamespace ?? loaded.defaultNamespace, target: options.target ?? null };
}

/**
 * Annotations of objects that are not part of the steady state: Argo CD sync hooks (a PreSync
 * migration Job) and Helm hooks are created for a sync, replaced by the next one and may be deleted
 * by their own TTL, so a missing hook is no finding.
 */
export const HOOK_ANNOTATIONS = ['argocd.argoproj.io/hook', 'helm.sh/hook'] as const;

/** Whether the object is a sync hook rather than part of what should stay running. */
export function isHook(object: KubeObject): boolean {
  return HOOK_ANNOTATIONS.some((a) => object.metadata.annotations?.[a] !== undefined);
}

function filterByNamespace(objects: KubeObject[], namespaces: string[] | undefined): KubeObject[] {
  if (!namespaces || namespaces.length === 0) return objects;
  const wanted = new Set(namespaces);
  return objects.filter((o) => (o.metadata.namespace ? wanted.has(o.metadata.namespace) : o.kind === 'Namespace' && o.apiVersion === 'v1' && wanted.has(o.metadata.name)));
}

async function connect(options: VerifyOptions): Promise<Connection> {
  if (options.connection) return options.connection;
  // Loaded lazily: client-node is ESM (see kubeconfig.ts).
  let kubeconfig: typeof import('./kubeconfig');
  try {
    kubeconfig = await import('./kubeconfig');
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_REQUIRE_ESM') {
      throw new UsageError(`@kubernetes/client-node 2.x is an ES module; loading it needs Node ^20.19 or >=22.12 (this is ${process.version})`);
    }
    throw error;
  }
  return kubeconfig.connectionFromKubeconfig({ kubeconfig: options.kubeconfig, context: options.context });
}

export async function verify(options: VerifyOptions): Promise<VerifyResult> {
  const desired = resolveDesired(options);
  const objects = filterByNamespace(desired.objects.filter((o) => !isHook(o)), options.namespaces);
  if (objects.length === 0) throw new UsageError(`no objects to verify${options.namespaces?.length ? ` in namespace(s) ${options.namespaces.join(', ')}` : ''}`);
  const connection = await connect(options);
  const clusterOptions: Partial<ClusterOptions> = {};
  if (options.timeoutMs !== undefined) clusterOptions.timeoutMs = options.timeoutMs;
  if (options.retries !== undefined) clusterOptions.retries = options.retries;
  if (options.backoffBaseMs !== undefined) clusterOptions.backoffBaseMs = options.backoffBaseMs;
  if (options.backoffMaxMs !== undefined) clusterOptions.backoffMaxMs = options.backoffMaxMs;
  if (options.pageSize !== undefined) clusterOptions.pageSize = options.pageSize;
  const concurrency = options.concurrency ?? 8;
  const client = new ClusterClient(connection, { ...clusterOptions, maxInFlight: concurrency });
  const waitMs = options.waitMs ?? 0;
  const pollIntervalMs = options.pollIntervalMs ?? 5_000;
  const started = Date.now();
  for (let pass = 1; ; pass++) {
    let result: VerifyResult;
    try {
      result = await verifyOnce(client, objects, desired.defaultNamespace, desired.target, concurrency);
    } catch (error) {
      // While waiting, a cluster that was reachable may blip (control-plane upgrade, API server restart):
      // keep waiting. The first pass is never retried this way, so wrong credentials still fail fast.
      const remainingMs = waitMs - (Date.now() - started);
      if (pass === 1 || remainingMs <= 0 || !(error instanceof ApiError) || error.failure === 'unauthorized') throw error;
      options.onPassError?.(error, { pass, elapsedMs: Date.now() - started, remainingMs, requests: client.stats.requests });
      await sleep(Math.min(pollIntervalMs, remainingMs));
      continue;
    }
    const elapsedMs = Date.now() - started;
    const remainingMs = Math.max(0, waitMs - elapsedMs);
    const done = result.ok || remainingMs === 0;
    options.onPass?.(result, { pass, elapsedMs, remainingMs: done ? 0 : remainingMs, requests: client.stats.requests });
    if (done) return result;
    await sleep(Math.min(pollIntervalMs, remainingMs));
  }
}

/** One pass: discovery, LISTs, then health and drift per desired object. */
export async function verifyOnce(
  client: ClusterClient,
  objects: KubeObject[],
  defaultNamespace: string,
  target: string | null,
  concurrency: number,
): Promise<VerifyResult> {
  const groupVersions = [...new Set(objects.map((o) => o.apiVersion))];
  const discovery = await client.discover(groupVersions);
  const entries = objects.map((object) => resolveEntry(object, discovery, defaultNamespace));

  // LIST plan: one per (resource type, namespace); namespaces always listed without selector (prerequisite check).
  const namespacesResource = findResource(discovery.get('v1'), 'Namespace');
  const needsNamespaceCheck = entries.some((e) => e.namespace !== null);
  const lists = new Map<string, { resource: ServedResource; namespace: string | null; entries: DesiredEntry[] }>();
  const listKey = (r: ServedResource, ns: string | null): string => `${r.group}/${r.version}/${r.plural}@${ns ?? ''}`;
  for (const entry of entries) {
    if (!entry.resource) continue;
    const key = listKey(entry.resource, entry.namespace);
    if (!lists.has(key)) lists.set(key, { resource: entry.resource, namespace: entry.namespace, entries: [] });
    lists.get(key)!.entries.push(entry);
  }
  if (needsNamespaceCheck && namespacesResource && !lists.has(listKey(namespacesResource, null))) {
    lists.set(listKey(namespacesResource, null), { resource: namespacesResource, namespace: null, entries: [] });
  }

  const listed = new Map<string, { items: Map<string, KubeObject> } | { error: ApiError }>();
  const plans = [...lists.entries()];
  await mapWithConcurrency(plans, concurrency, async ([key, plan]) => {
    const selector = plan.resource.kind === 'Namespace' && plan.resource.group === '' ? undefined : commonSelector(plan.entries.map((e) => e.object));
    try {
      const items = await client.list(plan.resource, plan.namespace, selector);
      const byName = new Map(items.map((item) => [item.metadata.name, item]));
      if (selector) await findUnlabelled(client, plan, byName, concurrency);
      listed.set(key, { items: byName });
    } catch (error) {
      if (error instanceof ApiError && !error.isFatal) listed.set(key, { error });
      else throw error;
    }
  });

  const namespaceList = namespacesResource ? listed.get(listKey(namespacesResource, null)) : undefined;
  const existingNamespaces = namespaceList && 'items' in namespaceList ? namespaceList.items : undefined;
  const scaledTargets = scalingOwners(objects, defaultNamespace);

  const unserved = new Map<string, UnservedKind>();
  const missingNamespaces = new Set<string>();
  const resources: ResourceResult[] = entries.map((entry) => {
    const { object, namespace } = entry;
    const base = { apiVersion: object.apiVersion, kind: object.kind, namespace, name: object.metadata.name };
    const result = (health: HealthStatus, drift: DriftEntry[] = []): ResourceResult => ({ ...base, health, drift });
    if (!entry.resource) {
      const key = `${object.apiVersion}/${object.kind}`;
      const known = unserved.get(key) ?? { apiVersion: object.apiVersion, kind: object.kind, objects: 0 };
      known.objects++;
      unserved.set(key, known);
      return result({ status: 'Missing', message: `kind not served by the cluster: ${entry.unservedReason}` });
    }
    if (namespace !== null && existingNamespaces && !existingNamespaces.has(namespace)) {
      missingNamespaces.add(namespace);
      return result({ status: 'Missing', message: `namespace "${namespace}" does not exist` });
    }
    const outcome = listed.get(listKey(entry.resource, namespace))!;
    if ('error' in outcome) return result({ status: 'Unknown', message: describeListError(outcome.error) });
    const live = outcome.items.get(object.metadata.name);
    if (!live) return result({ status: 'Missing', message: 'object not found in the cluster' });
    const scaledBy = scaledTargets.get(targetKey(parseApiVersion(object.apiVersion).group, object.kind, namespace, object.metadata.name));
    return result(assessHealth(live), computeDrift(object, live, { scaledBy }));
  });

  const summary = summarise(resources);
  const ok = resources.every((r) => r.health.status === 'Healthy' && r.drift.length === 0);
  return { ok, target, summary, resources, unservedKinds: [...unserved.values()], missingNamespaces: [...missingNamespaces].sort() };
}

/** Above this many objects absent from a label-selected LIST, one unselected LIST is cheaper than GETs. */
const MAX_FOLLOW_UP_GETS = 10;

/**
 * Objects a label-selected LIST did not return either do not exist or lost the platform labels. Tell
 * them apart by name: a GET each when few, else one LIST of the type/namespace without selector.
 */
async function findUnlabelled(
  client: ClusterClient,
  plan: { resource: ServedResource; namespace: string | null; entries: DesiredEntry[] },
  byName: Map<string, KubeObject>,
  concurrency: number,
): Promise<void> {
  const absent = plan.entries.filter((e) => !byName.has(e.object.metadata.name));
  if (absent.length === 0) return;
  if (absent.length > MAX_FOLLOW_UP_GETS) {
    const wanted = new Set(absent.map((e) => e.object.metadata.name));
    for (const item of await client.list(plan.resource, plan.namespace)) {
      if (wanted.has(item.metadata.name)) byName.set(item.metadata.name, item);
    }
    return;
  }
  await mapWithConcurrency(absent, concurrency, async (entry) => {
    const found = await client.get(plan.resource, plan.namespace, entry.object.metadata.name);
    if (found) byName.set(found.metadata.name, { ...found, apiVersion: entry.object.apiVersion, kind: plan.resource.kind });
  });
}

function findResource(discovery: GroupVersionDiscovery | undefined, kind: string): ServedResource | undefined {
  return discovery?.served ? discovery.resources.find((r) => r.kind === kind) : undefined;
}

function resolveEntry(object: KubeObject, discovery: Map<string, GroupVersionDiscovery>, defaultNamespace: string): DesiredEntry {
  const gv = discovery.get(object.apiVersion);
  const resource = gv?.served ? findResource(gv, object.kind) : undefined;
  if (!resource) {
    // Not served, so discovery cannot tell the scope; the static table can for the kinds we know.
    const known = knownKind(parseApiVersion(object.apiVersion).group, object.kind);
    const namespace = object.metadata.namespace ?? (known?.namespaced ? defaultNamespace : null);
    const unservedReason = gv && !gv.served ? gv.reason : `${object.apiVersion} has no kind ${object.kind}`;
    return { object, namespace, unservedReason };
  }
  return { object, resource, namespace: resource.namespaced ? object.metadata.namespace ?? defaultNamespace : null };
}

/** The platform labels shared, with equal values, by all the objects; undefined when any lacks one. */
export function commonSelector(objects: KubeObject[]): string | undefined {
  if (objects.length === 0) return undefined;
  const parts: string[] = [];
  for (const label of PLATFORM_SELECTOR_LABELS) {
    const values = new Set(objects.map((o) => o.metadata.labels?.[label]));
    if (values.size !== 1) return undefined;
    const [value] = values;
    if (value === undefined) return undefined;
    parts.push(`${label}=${value}`);
  }
  return parts.join(',');
}

const targetKey = (group: string, kind: string, namespace: string | null, name: string): string => `${group}/${kind}/${namespace ?? ''}/${name}`;

/** Workloads whose replica count an HPA or a KEDA ScaledObject in the manifests owns. */
function scalingOwners(objects: KubeObject[], defaultNamespace: string): Map<string, string> {
  const owners = new Map<string, string>();
  for (const object of objects) {
    const { group } = parseApiVersion(object.apiVersion);
    const ref = object.spec?.scaleTargetRef;
    if (!ref?.name) continue;
    const isHpa = group === 'autoscaling' && object.kind === 'HorizontalPodAutoscaler';
    const isScaledObject = group === 'keda.sh' && object.kind === 'ScaledObject';
    if (!isHpa && !isScaledObject) continue;
    const targetGroup = parseApiVersion(ref.apiVersion ?? 'apps/v1').group;
    const namespace = object.metadata.namespace ?? defaultNamespace;
    owners.set(targetKey(targetGroup, ref.kind ?? 'Deployment', namespace, ref.name), `${object.kind}/${object.metadata.name}`);
  }
  return owners;
}

function describeListError(error: ApiError): string {
  return error.failure === 'forbidden' ? `cannot list (RBAC): ${error.message}` : `cannot list: ${error.message}`;
}

/**
 * Counts: each object once by health in healthy/progressing/suspended/degraded/missing/unknown
 * (these sum to total); `drifted` counts objects with at least one drift entry, whatever their health.
 */
export function summarise(resources: ResourceResult[]): Summary {
  const summary: Summary = { total: resources.length, healthy: 0, progressing: 0, suspended: 0, degraded: 0, missing: 0, unknown: 0, drifted: 0 };
  for (const r of resources) {
    const key = r.health.status.toLowerCase() as Lowercase<ResourceResult['health']['status']>;
    summary[key]++;
    if (r.drift.length > 0) summary.drifted++;
  }
  return summary;
}
