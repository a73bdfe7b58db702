/**
 * Locates the kubernetes-models class (runtime validator) and TypeScript interface (field tree) for a
 * built-in apiVersion/kind. kubernetes-models lays resources out as `<group>/<version>/<Kind>` (core
 * group: `v1/<Kind>`) but also ships APIs that current clusters no longer serve (extensions/v1beta1,
 * policy/v1beta1, ...), so only the GA kinds listed in BUILT_IN_KINDS are accepted.
 */
import * as fs from 'fs';
import * as path from 'path';
import { findPackageDir, importSync } from './esm-loader';
import { splitApiVersion } from './object-path';

/** The parts of a kubernetes-models class this kit uses. */
export interface ModelClass {
  apiVersion: string;
  kind: string;
  new (data: unknown): { validate(): void };
}

/**
 * Built-in kinds this kit validates, by apiVersion: GA APIs served by Kubernetes 1.28+. Anything else in a
 * built-in group is reported as unknown; add a kind here (kubernetes-models must have it) to accept it.
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

let packageDir: string | undefined;

/** Directory of the installed kubernetes-models package. */
export function kubernetesModelsDir(): string {
  packageDir ??= findPackageDir('kubernetes-models', __dirname);
  return packageDir;
}

/** Group names (e.g. `apps`, `networking.k8s.io`) for which kubernetes-models has built-in kinds. */
export function builtInGroups(): Set<string> {
  const dir = kubernetesModelsDir();
  const groups = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('_') && e.name !== 'v1')
    .map((e) => e.name);
  return new Set(['', ...groups]);
}

/** The module path (without extension) of a built-in kind's model, or undefined if there is none. */
export function modelModulePath(apiVersion: string, kind: string): string | undefined {
  if (!Object.hasOwn(BUILT_IN_KINDS, apiVersion) || !BUILT_IN_KINDS[apiVersion].includes(kind)) return undefined;
  const { group, version } = splitApiVersion(apiVersion);
  const base = path.join(kubernetesModelsDir(), group === '' ? '' : group, version, kind);
  return fs.existsSync(`${base}.js`) && fs.existsSync(`${base}.d.ts`) ? base : undefined;
}

const classes = new Map<string, ModelClass | undefined>();

/** The kubernetes-models class for apiVersion/kind, or undefined when it is not a built-in resource kind. */
export function modelClass(apiVersion: string, kind: string): ModelClass | undefined {
  const key = `${apiVersion}/${kind}`;
  if (!classes.has(key)) {
    const modulePath = modelModulePath(apiVersion, kind);
    const cls = modulePath ? (importSync(`${modulePath}.js`, __filename)[kind] as ModelClass | undefined) : undefined;
    // Sub-structures (DeploymentSpec) have files too; only top-level kinds carry apiVersion/kind.
    classes.set(key, cls && cls.apiVersion === apiVersion && cls.kind === kind ? cls : undefined);
  }
  return classes.get(key);
}

/** The .d.ts files of every kind in BUILT_IN_KINDS (that kubernetes-models has). */
export function builtInDtsFiles(): string[] {
  return Object.entries(BUILT_IN_KINDS).flatMap(([apiVersion, kinds]) =>
    kinds.map((kind) => modelModulePath(apiVersion, kind)).filter((p): p is string => p !== undefined).map((p) => `${p}.d.ts`),
  );
}
