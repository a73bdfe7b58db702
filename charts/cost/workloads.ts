import type { KubeObject } from '../../core/object';
import { parseQuantity } from '../../core/quantity';
import { PRIORITY_TIERS, type PriorityTier } from '../platform/services';
import { priorityClassName } from '../workloads/priority-classes';
import type { Resources } from './prices';

/**
 * What runs on a target's nodes, read from its rendered objects (not from config): every long-running
 * workload's pod requests and limits with its minimum and maximum replicas, the DaemonSets every node
 * carries, and the load balancers the cluster asks the cloud for.
 */

/** A long-running workload: its pod, how many of them, and which pool runs them. */
export interface Workload {
  /** `<Kind> <namespace>/<name>`. */
  readonly name: string;
  /** The node pool purpose its pods land on (`infra.nodePools[*].purpose`). */
  readonly purpose: PriorityTier;
  /** The pod's requests: its containers' sum, or its largest init container when that is larger. */
  readonly requests: Resources;
  /** The sum of its containers' limits; a missing limit counts as its request. */
  readonly limits: Resources;
  readonly replicas: { readonly min: number; readonly max: number };
  /** Where the replica counts come from. */
  readonly scaledBy: string;
}

/** A load balancer the cluster asks the cloud for, with its size units (1 where the cloud has none). */
export interface LoadBalancer {
  readonly name: string;
  readonly units: number;
}

export interface ClusterWorkloads {
  readonly workloads: readonly Workload[];
  /** Pods of the rendered DaemonSets: one of each on every node. */
  readonly daemonSets: readonly { readonly name: string; readonly requests: Resources }[];
  readonly loadBalancers: readonly LoadBalancer[];
  /** Jobs and CronJobs: short-lived, not counted (they run in the batch pool's headroom). */
  readonly jobs: readonly string[];
}

const GIB = 2 ** 30;
const POD_KINDS = ['Deployment', 'StatefulSet', 'Rollout'];
const JOB_KINDS = ['Job', 'CronJob'];

/** The rendered pod templates' resources (requests or limits) as cores and GiB. */
function resourcesOf(list: Record<string, unknown> | undefined, fallback?: Record<string, unknown>): Resources {
  const value = (key: string) => parseQuantity(list?.[key] ?? fallback?.[key]) ?? 0;
  return { cpu: value('cpu'), memoryGiB: value('memory') / GIB };
}

const add = (a: Resources, b: Resources): Resources => ({ cpu: a.cpu + b.cpu, memoryGiB: a.memoryGiB + b.memoryGiB });
const most = (a: Resources, b: Resources): Resources => ({ cpu: Math.max(a.cpu, b.cpu), memoryGiB: Math.max(a.memoryGiB, b.memoryGiB) });
export const ZERO: Resources = { cpu: 0, memoryGiB: 0 };
export const sum = (list: readonly Resources[]): Resources => list.reduce(add, ZERO);

interface Container {
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  restartPolicy?: string;
}

/** A pod spec's effective requests and summed limits, as the scheduler sees them (sidecar init containers run beside the others). */
export function podResources(spec: { containers?: Container[]; initContainers?: Container[] }): { requests: Resources; limits: Resources } {
  const sidecars = (spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  const running = [...(spec.containers ?? []), ...sidecars];
  const requests = sum(running.map((c) => resourcesOf(c.resources?.requests)));
  const limits = sum(running.map((c) => resourcesOf(c.resources?.limits, c.resources?.requests)));
  const init = (spec.initContainers ?? []).filter((c) => c.restartPolicy !== 'Always').map((c) => resourcesOf(c.resources?.requests));
  return { requests: init.reduce(most, requests), limits };
}

const TIER_OF_CLASS = new Map(PRIORITY_TIERS.map((tier) => [priorityClassName(tier), tier]));
const SERVING: PriorityTier = 'serving';

/** The pool purpose of a pod: its priority class's tier; pods without one (the edge proxy) serve. */
function purposeOf(spec: { priorityClassName?: string }): PriorityTier {
  return TIER_OF_CLASS.get(spec.priorityClassName ?? '') ?? SERVING;
}

const key = (namespace: string | undefined, kind: string, name: string) => `${namespace ?? ''}/${kind}/${name}`;

/** Reads the workloads, DaemonSets and load balancers of a target's rendered cluster objects (its root and platform/ folders). */
export function clusterWorkloads(objects: readonly KubeObject[], sizeUnitAnnotation?: string): ClusterWorkloads {
  const byKey = new Map(objects.map((o) => [key(o.metadata.namespace, o.kind, o.metadata.name), o]));
  const scalers = new Map<string, { min: number; max: number; by: string }>();
  for (const o of objects) {
    const ns = o.metadata.namespace;
    if (o.kind === 'HorizontalPodAutoscaler') {
      scalers.set(key(ns, o.spec.scaleTargetRef.kind, o.spec.scaleTargetRef.name), { min: o.spec.minReplicas ?? 1, max: o.spec.maxReplicas, by: `HorizontalPodAutoscaler ${o.metadata.name}` });
    }
    if (o.kind === 'ScaledObject') {
      const ref = o.spec.scaleTargetRef;
      scalers.set(key(ns, ref.kind ?? 'Deployment', ref.name), { min: o.spec.minReplicaCount ?? 0, max: o.spec.maxReplicaCount ?? 100, by: `ScaledObject ${o.metadata.name}` });
    }
  }
  // A Rollout with a workloadRef runs the referenced Deployment's template; the Deployment itself is scaled to zero.
  const replaced = new Set(
    objects.filter((o) => o.kind === 'Rollout' && o.spec.workloadRef).map((o) => key(o.metadata.namespace, o.spec.workloadRef.kind, o.spec.workloadRef.name)),
  );

  const workloads: Workload[] = [];
  for (const o of objects.filter((x) => POD_KINDS.includes(x.kind))) {
    const id = key(o.metadata.namespace, o.kind, o.metadata.name);
    if (replaced.has(id)) continue;
    const template = o.spec.workloadRef ? byKey.get(key(o.metadata.namespace, o.spec.workloadRef.kind, o.spec.workloadRef.name))?.spec.template : o.spec.template;
    if (!template) continue;
    const scaler = scalers.get(id);
    const fixed = o.spec.replicas ?? 1;
    workloads.push({
      name: `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`,
      purpose: purposeOf(template.spec),
      ...podResources(template.spec),
      replicas: scaler ? { min: scaler.min, max: scaler.max } : { min: fixed, max: fixed },
      scaledBy: scaler?.by ?? 'spec.replicas',
    });
  }

  const loadBalancers: LoadBalancer[] = [];
  const units = (annotations: Record<string, string> | undefined) => Number(sizeUnitAnnotation ? (annotations?.[sizeUnitAnnotation] ?? 1) : 1);
  for (const o of objects) {
    // Envoy Gateway runs the edge proxy from its EnvoyProxy: a Deployment (scaled by its own HPA) behind a LoadBalancer Service.
    const envoy = o.kind === 'EnvoyProxy' ? o.spec?.provider?.kubernetes : undefined;
    if (envoy) {
      const resources = envoy.envoyDeployment?.container?.resources ?? {};
      const fixed = envoy.envoyDeployment?.replicas ?? 1;
      workloads.push({
        name: `EnvoyProxy ${o.metadata.namespace}/${o.metadata.name}`,
        purpose: SERVING,
        requests: resourcesOf(resources.requests),
        limits: resourcesOf(resources.limits, resources.requests),
        replicas: envoy.envoyHpa ? { min: envoy.envoyHpa.minReplicas ?? 1, max: envoy.envoyHpa.maxReplicas } : { min: fixed, max: fixed },
        scaledBy: envoy.envoyHpa ? 'EnvoyProxy envoyHpa' : 'EnvoyProxy envoyDeployment.replicas',
      });
      if ((envoy.envoyService?.type ?? 'LoadBalancer') === 'LoadBalancer') loadBalancers.push({ name: `EnvoyProxy ${o.metadata.namespace}/${o.metadata.name}`, units: units(envoy.envoyService?.annotations) });
    }
    if (o.kind === 'Service' && o.spec?.type === 'LoadBalancer') loadBalancers.push({ name: `Service ${o.metadata.namespace}/${o.metadata.name}`, units: units(o.metadata.annotations) });
  }

  return {
    workloads: workloads.sort((a, b) => a.name.localeCompare(b.name)),
    daemonSets: objects.filter((o) => o.kind === 'DaemonSet').map((o) => ({ name: `DaemonSet ${o.metadata.namespace}/${o.metadata.name}`, requests: podResources(o.spec.template.spec).requests })),
    loadBalancers,
    jobs: objects.filter((o) => JOB_KINDS.includes(o.kind)).map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`),
  };
}
