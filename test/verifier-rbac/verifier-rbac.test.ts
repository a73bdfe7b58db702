import { VERIFIER_ROLE } from '../../charts/verifier-rbac/chart';
import { knownKind, parseApiVersion } from '../../core/kinds';
import type { PolicyRule } from '../../core/rbac';
import { plainConnection } from '../../verify/transport';
import { isHook, verify } from '../../verify/verify';
import { FakeApiServer } from '../support/verify/fake-apiserver';
import { FAST } from '../support/verify/harness';
import { liveState } from '../support/verify/live-state';
import { getObject, type KubeObject, objectsOf, renderedTarget, renderVariant, TARGET_NAMES } from '../support/render';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Request paths the rules do not allow, as an API server enforcing them would answer with 403. */
function forbiddenBy(rules: readonly PolicyRule[]): RegExp {
  const allowed = rules.flatMap((rule) =>
    rule.apiGroups.map((group) => `${group === '' ? '/api/v1' : `/apis/${escape(group)}/[^/]+`}(?:/namespaces/[^/]+)?/(?:${rule.resources.map(escape).join('|')})(?:/[^/]+)?`),
  );
  return new RegExp(`^(?!(?:${allowed.join('|')})$)(?:/api/v1|/apis/[^/]+/[^/]+)/.+$`);
}

/** Runs the verifier on a target's objects against a fake cluster that enforces `rules`. */
async function verifyWithRules(objects: KubeObject[], rules: readonly PolicyRule[]) {
  const server = new FakeApiServer();
  // The namespaces of the add-ons the target uses (ESO, cert-manager, monitoring) exist in a prepared cluster.
  const addOnNamespaces = [...new Set(objects.map((o) => o.metadata.namespace).filter((n): n is string => !!n))]
    .filter((name) => !objects.some((o) => o.kind === 'Namespace' && o.metadata.name === name))
    .map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
  server.apply(...liveState(objects as KubeObject[]), ...addOnNamespaces);
  server.inject({ path: forbiddenBy(rules), status: 403 });
  await server.start();
  try {
    return await verify({ objects: objects as KubeObject[], connection: plainConnection(server.url), ...FAST });
  } finally {
    await server.stop();
  }
}

describe.each(TARGET_NAMES)('the verifier RBAC of %s', (targetName) => {
  const objects = objectsOf(renderedTarget(targetName));
  const role = getObject(objects, 'ClusterRole', VERIFIER_ROLE);

  it('only reads', () => {
    for (const rule of role.rules) expect(rule.verbs).toEqual(['get', 'list', 'watch']);
    expect(JSON.stringify(role.rules)).not.toContain('*');
    expect(role.rules.flatMap((r: PolicyRule) => r.resources)).not.toContain('secrets');
  });

  it('covers exactly the kinds the target deploys, and namespaces', () => {
    const granted = role.rules.flatMap((r: PolicyRule) => r.apiGroups.flatMap((g) => r.resources.map((res) => `${g}/${res}`))).sort();
    const needed = [...new Set(['/namespaces', ...objects.map((o) => `${parseApiVersion(o.apiVersion).group}/${knownKind(parseApiVersion(o.apiVersion).group, o.kind)!.plural}`)])].sort();
    expect(granted).toEqual(needed);
  });

  it('binds the role to the CI identity', () => {
    const binding = getObject(objects, 'ClusterRoleBinding', VERIFIER_ROLE);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: VERIFIER_ROLE });
    expect(binding.subjects).toEqual([{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'moderation:verifiers' }]);
  });
});

describe('the verifier with exactly the synthesized RBAC', () => {
  const objects = objectsOf(renderedTarget('doks-production'));
  const rules: PolicyRule[] = getObject(objects, 'ClusterRole', VERIFIER_ROLE).rules;

  it('verifies every object of the target against a cluster that enforces it', async () => {
    const result = await verifyWithRules(objects, rules);
    expect(result.resources.filter((r) => r.health.status === 'Unknown')).toEqual([]);
    // Every object but the sync hooks (the migration Job and its policy), which are not steady state.
    expect(result.summary.total).toBe(objects.filter((o) => !isHook(o)).length);
    expect(objects.some(isHook)).toBe(true);
    expect(result.resources.filter((r) => r.health.status !== 'Healthy' || r.drift.length > 0)).toEqual([]);
  });

  it('reports the objects of a kind the role would not grant as Unknown (the check can fail)', async () => {
    const withoutDeployments = rules.map((r) => ({ ...r, resources: r.resources.filter((res) => res !== 'deployments') }));
    const result = await verifyWithRules(objects, withoutDeployments);
    const unknown = result.resources.filter((r) => r.health.status === 'Unknown');
    expect(unknown.map((r) => r.kind)).toEqual(objects.filter((o) => o.kind === 'Deployment').map(() => 'Deployment'));
  });
});

it('binds a ServiceAccount subject when the target names one', () => {
  const { objects } = renderVariant('eks-staging', (input) => {
    input.verifier = { subject: { kind: 'ServiceAccount', name: 'verifier', namespace: 'ci' } };
  });
  const binding = getObject(objects, 'ClusterRoleBinding', VERIFIER_ROLE);
  expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'verifier', namespace: 'ci' }]);
});
