/**
 * Builds the NetworkPolicy evaluator's model (pods and namespaces) from manifest objects, so that
 * connectivity tests can use the synthesized workloads instead of restating their labels and ports.
 */
import { Namespace, Pod, World } from './network-policy';
import { isPlainObject } from './object-path';

interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec?: { containers?: { ports?: { name?: string; containerPort: number; protocol?: string }[] }[] };
}

/** The pod template of a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob; a Pod is its own template. */
function templateOf(obj: Record<string, unknown>): PodTemplate | undefined {
  const spec = obj.spec as Record<string, any> | undefined;
  switch (obj.kind) {
    case 'Pod':
      return obj as PodTemplate;
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return spec?.template;
    case 'CronJob':
      return spec?.jobTemplate?.spec?.template;
    default:
      return undefined;
  }
}

/**
 * The pod a workload object runs: its namespace (metadata.namespace, else `defaultNamespace`), the pod
 * template labels and all containers' ports. Throws for kinds without a pod template.
 */
export function podOf(workload: unknown, defaultNamespace = 'default'): Pod {
  if (!isPlainObject(workload)) throw new Error('podOf: not an object');
  const template = templateOf(workload);
  const metadata = (workload.metadata ?? {}) as { name?: string; namespace?: string };
  if (!template) throw new Error(`podOf: ${String(workload.kind)} ${metadata.name ?? ''} has no pod template`);
  return {
    name: metadata.name,
    namespace: metadata.namespace ?? defaultNamespace,
    labels: { ...(template.metadata?.labels ?? {}) },
    ports: (template.spec?.containers ?? []).flatMap((c) => c.ports ?? []).map((p) => ({ ...p })),
  };
}

/** Finds the workload named `name` (optionally of `kind`) among `objects` and returns its pod. */
export function findPod(objects: readonly unknown[], name: string, kind?: string): Pod {
  const matches = objects.filter(
    (o) => isPlainObject(o) && (o.metadata as { name?: string } | undefined)?.name === name && (kind ? o.kind === kind : templateOf(o) !== undefined),
  );
  if (matches.length !== 1) throw new Error(`findPod: expected one workload named ${name}${kind ? ` of kind ${kind}` : ''}, found ${matches.length}`);
  return podOf(matches[0]);
}

/** A World with the Namespace objects among `objects` plus `extra` (e.g. kube-system, which is not synthesized). */
export function worldOf(objects: readonly unknown[], extra: readonly Namespace[] = []): World {
  const namespaces = objects
    .filter((o): o is Record<string, unknown> => isPlainObject(o) && o.kind === 'Namespace' && o.apiVersion === 'v1')
    .map((o) => {
      const metadata = o.metadata as { name: string; labels?: Record<string, string> };
      return { name: metadata.name, labels: { ...(metadata.labels ?? {}) } };
    });
  return { namespaces: [...namespaces, ...extra] };
}
