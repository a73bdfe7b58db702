/**
 * What an Argo CD AppProject permits, as Argo CD decides it (util/.../types.go: IsSourcePermitted,
 * IsDestinationPermitted, IsGroupKindPermitted): the tests ask these questions of the rendered
 * projects instead of comparing lists.
 */
import type { KubeObject } from '../support/render';

interface GroupKind {
  group: string;
  kind: string;
}

const glob = (pattern: string, value: string) => pattern === '*' || new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(value);
const inList = (list: GroupKind[] | undefined, gk: GroupKind) => (list ?? []).some((e) => glob(e.group, gk.group) && glob(e.kind, gk.kind));

/** Whether the project lets an Application create objects of this group and kind. */
export function kindPermitted(project: KubeObject, gk: GroupKind, namespaced: boolean): boolean {
  const { spec } = project;
  if (namespaced) {
    const allowed = (spec.namespaceResourceWhitelist ?? []).length === 0 || inList(spec.namespaceResourceWhitelist, gk);
    return allowed && !inList(spec.namespaceResourceBlacklist, gk);
  }
  return inList(spec.clusterResourceWhitelist, gk) && !inList(spec.clusterResourceBlacklist, gk);
}

/** Whether the project lets an Application deploy into this namespace of this cluster. */
export function destinationPermitted(project: KubeObject, server: string, namespace: string): boolean {
  return (project.spec.destinations ?? []).some((d: { server: string; namespace: string }) => glob(d.server, server) && glob(d.namespace, namespace));
}

/** Whether the project lets an Application use this source repository. */
export function sourcePermitted(project: KubeObject, repoURL: string): boolean {
  return (project.spec.sourceRepos ?? []).some((r: string) => glob(r, repoURL));
}

/** Whether any cluster-scoped kind at all gets past the project's lists (a wildcard whitelist entry not denied). */
export function permitsAnyClusterScopedKind(project: KubeObject): boolean {
  const allowed: GroupKind[] = project.spec.clusterResourceWhitelist ?? [];
  return allowed.some((entry) => !inList(project.spec.clusterResourceBlacklist, entry));
}
