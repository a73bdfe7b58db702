/**
 * The read-only RBAC the verifier needs for a set of manifests, so the synthesis side can generate a
 * ClusterRole for the CI job that runs `verify`: get/list/watch on exactly the resource types the
 * manifests contain, plus `namespaces` (the prerequisite check lists them). Discovery endpoints
 * (/api, /apis) are readable by every authenticated user through the default `system:discovery` role,
 * and the verifier does not read CustomResourceDefinitions, so neither needs a rule.
 */
import { knownKind, parseApiVersion } from './kinds';

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

export const READ_VERBS: readonly string[] = ['get', 'list', 'watch'];

/**
 * One rule per API group, groups and resources sorted, so the output is stable across runs.
 * Throws on a kind missing from the static table (kinds.ts) rather than producing a ClusterRole that
 * silently lacks it.
 */
export function readRulesFor(objects: readonly { apiVersion: string; kind: string }[]): PolicyRule[] {
  const byGroup = new Map<string, Set<string>>([['', new Set(['namespaces'])]]);
  const unknown = new Set<string>();
  for (const object of objects) {
    const { group } = parseApiVersion(object.apiVersion);
    const known = knownKind(group, object.kind);
    if (!known) {
      unknown.add(`${object.kind} (${object.apiVersion})`);
      continue;
    }
    if (!byGroup.has(group)) byGroup.set(group, new Set());
    byGroup.get(group)!.add(known.plural);
  }
  if (unknown.size > 0) {
    throw new Error(`readRulesFor: no REST resource name known for ${[...unknown].sort().join(', ')}; add it to core/kinds.ts`);
  }
  return [...byGroup.keys()].sort().map((group) => ({
    apiGroups: [group],
    resources: [...byGroup.get(group)!].sort(),
    verbs: [...READ_VERBS],
  }));
}
