import { knownKind, parseApiVersion } from '../../core/kinds';
import type { KubeObject } from '../../core/object';

/**
 * The folders of `dist/<target>/`, each its own kustomization, and what delivers each:
 * - the root (`''`): the application, synced by the application Application in the application project;
 * - `platform/`: what the target's charts render that the application may not create: cluster-scoped
 *   objects and objects in the add-ons' namespaces, synced by the platform Application;
 * - `bootstrap/`: one Application per add-on, the platform's and the application's, synced by the root Application;
 * - `argocd/`: the AppProjects and the root Application, applied once by a person where Argo CD runs;
 * - `loadtests/<scenario>/`: one k6 TestRun each, applied by a person to start a load test and deleted
 *   after. No Application syncs it: a TestRun starts a test when it is created, so Argo CD would
 *   start one on every sync that recreates it (docs/features/loadtests.md).
 */
export const FOLDERS = { application: '', platform: 'platform', bootstrap: 'bootstrap', argocd: 'argocd', loadtests: 'loadtests' } as const;

/** The folders applied to the target's cluster (the others hold Argo CD objects). */
export const CLUSTER_FOLDERS: readonly string[] = [FOLDERS.application, FOLDERS.platform];

/** The namespaces a target creates itself (its Namespace objects): the only ones the application deploys into. */
export function ownNamespaces(objects: readonly KubeObject[]): ReadonlySet<string> {
  return new Set(objects.filter((o) => o.apiVersion === 'v1' && o.kind === 'Namespace').map((o) => o.metadata.name));
}

/**
 * The folder that delivers an object a chart renders into the target's root, from the kind table's
 * scope (core/kinds.ts): a namespaced object in one of the target's own namespaces stays with the
 * application; a cluster-scoped object, or one in an add-on's namespace (the secret store's
 * ServiceAccount in ESO's, the dashboards in the monitoring stack's), goes to the platform. So the
 * application's project never needs a cluster-scoped kind or another team's namespace, and the
 * platform is whole before the application syncs: the store's ServiceAccount is there when the
 * ClusterSecretStore is checked. A kind missing from the table is an error: its scope decides its folder.
 */
export function deliveryFolder(object: KubeObject, own: ReadonlySet<string>): string {
  const kind = knownKind(parseApiVersion(object.apiVersion).group, object.kind);
  if (!kind) throw new Error(`${object.kind} (${object.apiVersion}) is not in core/kinds.ts: add it with its scope, which decides the folder that delivers it`);
  return kind.namespaced && own.has(object.metadata.namespace ?? '') ? FOLDERS.application : FOLDERS.platform;
}

/** The objects of the target's root charts, by the folder that delivers them. */
export function splitByDelivery(objects: readonly KubeObject[]): { application: KubeObject[]; platform: KubeObject[] } {
  const own = ownNamespaces(objects);
  return {
    application: objects.filter((o) => deliveryFolder(o, own) === FOLDERS.application),
    platform: objects.filter((o) => deliveryFolder(o, own) === FOLDERS.platform),
  };
}
