/**
 * Drift: desired (rendered manifest) versus live (from the API server), on the field groups that matter
 * per kind. Only what the desired object *sets* inside those groups is compared, so fields the API
 * server defaults (imagePullPolicy, terminationMessagePath, protocol: TCP, clusterIP, sessionAffinity,
 * probe periods, ...) or that controllers add are never drift. Quantities are compared by value
 * (`1000m` = `1`, `1Gi` = `1024Mi`). Pure: no I/O.
 */
import { isBuiltInGroup, parseApiVersion } from '../core/kinds';
import { quantitiesEqual } from '../core/quantity';
import type { KubeObject } from '../core/object';
import { DriftEntry } from './types';

export interface DriftContext {
  /** Set when an HPA or KEDA ScaledObject owns this workload's replica count (e.g. `HorizontalPodAutoscaler/api`). */
  scaledBy?: string;
}

type Json = unknown;

const isObject = (value: Json): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isEmpty = (value: Json): boolean =>
  value === undefined || value === null || (isObject(value) && Object.keys(value).length === 0) || (Array.isArray(value) && value.length === 0);

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/** Keys under which scalar values are resource quantities. */
const QUANTITY_PARENTS = new Set(['requests', 'limits']);
const QUANTITY_KEYS_UNDER_TARGET = new Set(['averageValue', 'value']);

function scalarsEqual(desired: Json, live: Json, quantity: boolean): boolean {
  if (desired === live) return true;
  if (quantity && quantitiesEqual(desired, live)) return true;
  // IntOrString fields (targetPort, minAvailable) may be written either way in a manifest.
  return (typeof desired === 'number' || typeof desired === 'string') &&
    (typeof live === 'number' || typeof live === 'string') &&
    String(desired) === String(live);
}

/** Arrays whose items are identified by `name` (containers, ports, env) are matched by name, not index. */
function keyedByName(items: Json[]): boolean {
  const names = items.map((item) => (isObject(item) && typeof item.name === 'string' ? item.name : undefined));
  return names.length > 0 && names.every((n) => n !== undefined) && new Set(names).size === names.length;
}

/**
 * Records every field set in `desired` whose live value differs. Objects: keys of desired only.
 * Arrays: by name when items are named, else by index with equal length required.
 */
export function compareSubset(desired: Json, live: Json, path: string, out: DriftEntry[], key = '', quantity = false): void {
  if (desired === undefined) return;
  if (isEmpty(desired) && isEmpty(live)) return;
  if (isObject(desired)) {
    if (!isObject(live)) {
      out.push({ path, desired, live: live ?? null });
      return;
    }
    for (const child of Object.keys(desired)) {
      const childIsQuantity = QUANTITY_PARENTS.has(key) || (key === 'target' && QUANTITY_KEYS_UNDER_TARGET.has(child));
      compareSubset(desired[child], live[child], join(path, child), out, child, childIsQuantity);
    }
    return;
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(live)) {
      out.push({ path, desired, live: live ?? null });
      return;
    }
    if (keyedByName(desired) && keyedByName(live)) {
      const liveByName = new Map(live.map((item) => [(item as { name: string }).name, item]));
      const desiredNames = new Set(desired.map((item) => (item as { name: string }).name));
      for (const item of desired as Record<string, Json>[]) {
        const itemPath = `${path}[name=${item.name}]`;
        if (!liveByName.has(item.name as string)) out.push({ path: itemPath, desired: item, live: null });
        else compareSubset(item, liveByName.get(item.name as string), itemPath, out, key);
      }
      for (const item of live as Record<string, Json>[]) {
        if (!desiredNames.has(item.name as string)) out.push({ path: `${path}[name=${item.name}]`, desired: null, live: item });
      }
      return;
    }
    if (desired.length !== live.length) {
      out.push({ path, desired, live });
      return;
    }
    desired.forEach((item, index) => compareSubset(item, live[index], `${path}[${index}]`, out, key));
    return;
  }
  if (!scalarsEqual(desired, live, quantity)) out.push({ path, desired, live: live ?? null });
}

/** Maps compared exactly: an extra live key (e.g. in a Service selector) is drift too. */
function compareExact(desired: Json, live: Json, path: string, out: DriftEntry[]): void {
  if (desired === undefined) return;
  if (JSON.stringify(sortKeys(desired)) !== JSON.stringify(sortKeys(live ?? null)) && !(isEmpty(desired) && isEmpty(live))) {
    out.push({ path, desired, live: live ?? null });
  }
}

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
}

const CONTAINER_FIELDS = ['image', 'resources', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** Containers by name: image, resources, probes, and the *names* of env vars (values may be injected). */
function compareContainers(desired: Json, live: Json, path: string, out: DriftEntry[]): void {
  if (!Array.isArray(desired)) return;
  const liveList = Array.isArray(live) ? (live as Record<string, Json>[]) : [];
  const liveByName = new Map(liveList.map((c) => [c.name, c]));
  const desiredNames = new Set<Json>();
  for (const container of desired as Record<string, Json>[]) {
    desiredNames.add(container.name);
    const itemPath = `${path}[name=${container.name}]`;
    const liveContainer = liveByName.get(container.name);
    if (!liveContainer) {
      out.push({ path: itemPath, desired: { name: container.name, image: container.image }, live: null });
      continue;
    }
    for (const field of CONTAINER_FIELDS) {
      compareSubset(container[field], liveContainer[field], `${itemPath}.${field}`, out, field, false);
    }
    const desiredEnv = envNames(container.env);
    const liveEnv = envNames(liveContainer.env);
    if (desiredEnv.join('\n') !== liveEnv.join('\n')) out.push({ path: `${itemPath}.env[*].name`, desired: desiredEnv, live: liveEnv });
  }
  for (const container of liveList) {
    if (!desiredNames.has(container.name)) out.push({ path: `${path}[name=${container.name}]`, desired: null, live: { name: container.name, image: container.image } });
  }
}

const envNames = (env: Json): string[] =>
  Array.isArray(env) ? env.map((e) => (isObject(e) ? String(e.name) : '')).sort() : [];

function get(object: Json, path: string): Json {
  return path.split('.').reduce<Json>((value, key) => (isObject(value) ? value[key] : undefined), object);
}

function comparePodSpec(desired: KubeObject, live: KubeObject, podSpecPath: string, out: DriftEntry[]): void {
  for (const list of ['initContainers', 'containers']) {
    compareContainers(get(desired, `${podSpecPath}.${list}`), get(live, `${podSpecPath}.${list}`), `${podSpecPath}.${list}`, out);
  }
}

function compareFields(desired: KubeObject, live: KubeObject, paths: string[], out: DriftEntry[]): void {
  for (const path of paths) {
    const key = path.slice(path.lastIndexOf('.') + 1);
    compareSubset(get(desired, path), get(live, path), path, out, key);
  }
}

type DriftRule = (desired: KubeObject, live: KubeObject, out: DriftEntry[], context: DriftContext) => void;

const workload: DriftRule = (desired, live, out, context) => {
  if (!context.scaledBy) compareFields(desired, live, ['spec.replicas'], out);
  comparePodSpec(desired, live, 'spec.template.spec', out);
};

const RULES: Record<string, DriftRule> = {
  'apps/Deployment': workload,
  'apps/StatefulSet': workload,
  'apps/DaemonSet': (desired, live, out) => comparePodSpec(desired, live, 'spec.template.spec', out),
  'batch/Job': (desired, live, out) => comparePodSpec(desired, live, 'spec.template.spec', out),
  'batch/CronJob': (desired, live, out) => comparePodSpec(desired, live, 'spec.jobTemplate.spec.template.spec', out),
  'autoscaling/HorizontalPodAutoscaler': (desired, live, out) =>
    compareFields(desired, live, ['spec.scaleTargetRef', 'spec.minReplicas', 'spec.maxReplicas', 'spec.metrics'], out),
  'policy/PodDisruptionBudget': (desired, live, out) => {
    // The budget is whichever of the two is set; switching from one to the other is drift.
    for (const key of ['minAvailable', 'maxUnavailable']) {
      const d = get(desired, `spec.${key}`);
      const l = get(live, `spec.${key}`);
      if ((d !== undefined || l !== undefined) && !scalarsEqual(d, l, false)) out.push({ path: `spec.${key}`, desired: d ?? null, live: l ?? null });
    }
  },
  'networking.k8s.io/NetworkPolicy': (desired, live, out) => compareFields(desired, live, ['spec'], out),
  '/Service': (desired, live, out) => {
    compareFields(desired, live, ['spec.type', 'spec.externalName', 'spec.ports'], out);
    compareExact(get(desired, 'spec.selector'), get(live, 'spec.selector'), 'spec.selector', out);
  },
  '/ConfigMap': (desired, live, out) => compareExact(desired.data, live.data, 'data', out),
};

/** The drift of `live` from `desired`; empty when they agree on every compared field. */
export function computeDrift(desired: KubeObject, live: KubeObject, context: DriftContext = {}): DriftEntry[] {
  const out: DriftEntry[] = [];
  const { group } = parseApiVersion(desired.apiVersion);
  const rule = RULES[`${group}/${desired.kind}`];
  if (rule) rule(desired, live, out, context);
  else if (!isBuiltInGroup(group)) compareFields(desired, live, ['spec'], out);
  return out;
}
