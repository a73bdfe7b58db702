import { VERIFIER_ROLE } from '../../charts/verifier-rbac/chart';
import type { PolicyRule } from '../../core/rbac';
import { allObjectsOf, getObject, objectsOf, renderedTarget, TARGET_NAMES } from '../support/render';

/** The verifier and Argo CD reach what the logging feature adds: its kinds and its namespace. */
describe.each(TARGET_NAMES)('delivery of the logging objects of %s', (targetName) => {
  const rendered = renderedTarget(targetName);
  const namespace = rendered.target.logging.namespace;
  const objects = objectsOf(rendered);
  const project = getObject(allObjectsOf(rendered), 'AppProject', `moderation-${targetName}`, 'argocd');
  const platformProject = getObject(allObjectsOf(rendered), 'AppProject', `moderation-${targetName}-platform`, 'argocd');

  it('lets the verifier read DaemonSets, ConfigMaps and the cluster-scoped RBAC and PriorityClass it renders', () => {
    const rules: PolicyRule[] = getObject(objects, 'ClusterRole', VERIFIER_ROLE).rules;
    const granted = rules.flatMap((r) => r.apiGroups.flatMap((g) => r.resources.map((res) => `${g}/${res}`)));
    expect(granted).toEqual(expect.arrayContaining(['apps/daemonsets', '/configmaps', '/namespaces', 'rbac.authorization.k8s.io/clusterroles', 'rbac.authorization.k8s.io/clusterrolebindings', 'scheduling.k8s.io/priorityclasses', 'monitoring.coreos.com/podmonitors']));
  });

  it('lets Argo CD deploy into the logging namespace and the kinds it renders there, and its cluster-wide objects through the platform project', () => {
    expect(project.spec.destinations.map((d: { namespace: string }) => d.namespace)).toContain(namespace);
    const namespaced = project.spec.namespaceResourceWhitelist.map((e: { group: string; kind: string }) => `${e.group}/${e.kind}`);
    expect(namespaced).toEqual(expect.arrayContaining(['apps/DaemonSet', '/ConfigMap', '/ServiceAccount', 'networking.k8s.io/NetworkPolicy', 'monitoring.coreos.com/PodMonitor']));
    const clusterWide = platformProject.spec.clusterResourceWhitelist.map((e: { group: string; kind: string }) => `${e.group}/${e.kind}`);
    expect(clusterWide).toEqual(expect.arrayContaining(['/Namespace', 'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding', 'scheduling.k8s.io/PriorityClass']));
  });
});
