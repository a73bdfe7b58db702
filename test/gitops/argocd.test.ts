import { validateTarget } from '../../charts/config/validate';
import { parseApiVersion } from '../../core/kinds';
import { overlayInput } from '../support/overlay';
import { allObjectsOf, getObject, objectsOf, renderedTarget, renderVariant, TARGET_NAMES } from '../support/render';


describe.each(TARGET_NAMES)('Argo CD delivery of %s', (targetName) => {
  const rendered = renderedTarget(targetName);
  const { target } = rendered;
  const deployed = objectsOf(rendered);
  const all = allObjectsOf(rendered);
  const application = getObject(all, 'Application', `moderation-${targetName}`, 'argocd');
  const project = getObject(all, 'AppProject', `moderation-${targetName}`, 'argocd');

  it('syncs the target folder of the Git repository into the target namespace', () => {
    expect(application.spec.source).toEqual({ repoURL: target.gitops.repoURL, targetRevision: 'main', path: `dist/${targetName}` });
    expect(application.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: target.namespace });
    expect(application.spec.project).toBe(project.metadata.name);
    expect(application.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    expect(application.metadata.finalizers).toBeUndefined();
  });

  it('lets its project deploy exactly the kinds and namespaces the target renders', () => {
    const kinds = (namespaced: boolean) =>
      [...new Set(deployed.filter((o) => (o.metadata.namespace !== undefined) === namespaced).map((o) => `${parseApiVersion(o.apiVersion).group}/${o.kind}`))].sort();
    const listed = (entries: { group: string; kind: string }[]) => entries.map((e) => `${e.group}/${e.kind}`);
    expect(listed(project.spec.namespaceResourceWhitelist)).toEqual(kinds(true));
    expect(listed(project.spec.clusterResourceWhitelist)).toEqual(kinds(false));
    const namespaces = [...new Set(deployed.map((o) => o.metadata.namespace).filter(Boolean))].sort();
    expect(project.spec.destinations.map((d: any) => d.namespace)).toEqual(namespaces);
    expect(project.spec.sourceRepos).toEqual([target.gitops.repoURL]);
  });
});

describe('Argo CD settings', () => {
  it('leaves syncing to a person when autoSync is off', () => {
    const { rendered } = renderVariant('eks-production', (input) => {
      input.gitops = { autoSync: false, repoURL: 'ssh://git@github.com/acme/gitops.git', targetRevision: 'release-2026.11' };
    });
    const objects = allObjectsOf(rendered);
    const application = getObject(objects, 'Application', 'moderation-eks-production');
    expect(application.spec.syncPolicy.automated).toBeUndefined();
    expect(application.spec.source).toMatchObject({ repoURL: 'ssh://git@github.com/acme/gitops.git', targetRevision: 'release-2026.11' });
  });

  it('rejects a repository URL that is not https or ssh', () => {
    const input = overlayInput('eks-staging');
    input.gitops = { repoURL: 'ftp://example.com/repo.git' };
    expect(() => validateTarget('eks-staging', input)).toThrow(/gitops\.repoURL: must be an https:\/\/ or ssh:\/\/ Git URL/);
  });
});
