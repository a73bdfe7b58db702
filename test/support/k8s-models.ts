/**
 * The two libraries behind built-in-kind validation, per apiVersion/kind:
 * - kubernetes-models (4.x, CommonJS): a class whose `validate()` runs the upstream OpenAPI schema
 *   (types, required fields, enums, formats), at `kubernetes-models/<group>/<version>/<Kind>`;
 * - @kubernetes/client-node: model classes generated from the same OpenAPI, whose
 *   `getAttributeTypeMap()` lists every field of a type (used for the unknown-field check).
 */
import { parseApiVersion } from '../../core/kinds';

/** The parts of a kubernetes-models class this kit uses. */
export interface ModelClass {
  new (data: unknown): { validate(): void };
}

/** One field of a client-node model: its JSON name and its type (`V1PodSpec`, `Array<V1Container>`, ...). */
export interface Attribute {
  baseName: string;
  type: string;
}

/**
 * Built-in kinds this kit validates, by apiVersion: GA APIs served by Kubernetes 1.28+. Anything else in a
 * built-in group is reported as unknown; add a kind here (both libraries must have it) to accept it.
 */
export const BUILT_IN_KINDS: Readonly<Record<string, readonly string[]>> = {
  v1: ['Namespace', 'ServiceAccount', 'Service', 'ConfigMap', 'Secret', 'Pod', 'PersistentVolumeClaim',
    'PersistentVolume', 'LimitRange', 'ResourceQuota'],
  'apps/v1': ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'],
  'autoscaling/v2': ['HorizontalPodAutoscaler'],
  'policy/v1': ['PodDisruptionBudget'],
  'networking.k8s.io/v1': ['NetworkPolicy', 'Ingress', 'IngressClass'],
  'rbac.authorization.k8s.io/v1': ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
  'batch/v1': ['Job', 'CronJob'],
  'scheduling.k8s.io/v1': ['PriorityClass'],
  'storage.k8s.io/v1': ['StorageClass'],
  'admissionregistration.k8s.io/v1': ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'],
  'apiextensions.k8s.io/v1': ['CustomResourceDefinition'],
};

/** Whether apiVersion/kind is listed in BUILT_IN_KINDS. */
export function isBuiltInKind(apiVersion: string, kind: string): boolean {
  return Object.hasOwn(BUILT_IN_KINDS, apiVersion) && BUILT_IN_KINDS[apiVersion].includes(kind);
}

/** The kubernetes-models class of a kind listed in BUILT_IN_KINDS. */
export function modelClass(apiVersion: string, kind: string): ModelClass {
  return require(`kubernetes-models/${apiVersion}/${kind}`)[kind] as ModelClass;
}

/** The client-node model name of a kind listed in BUILT_IN_KINDS (`apps/v1` Deployment → `V1Deployment`). */
export function rootModelName(apiVersion: string, kind: string): string {
  const { version } = parseApiVersion(apiVersion);
  return `${version[0].toUpperCase()}${version.slice(1)}${kind}`;
}

const attributes = new Map<string, readonly Attribute[]>();

/** The fields of client-node model `name` (throws if there is no such model). */
export function modelAttributes(name: string): readonly Attribute[] {
  let found = attributes.get(name);
  if (!found) {
    // Deep path: the package index pulls in the whole (ES-module) client; the model files import nothing.
    found = require(`@kubernetes/client-node/dist/gen/models/${name}.js`)[name].getAttributeTypeMap() as Attribute[];
    attributes.set(name, found);
  }
  return found;
}
