import { knownKind, parseApiVersion } from '../../core/kinds';
import { validateObject } from '../support';
import { allObjectsOf, getObject, objectsOf, parseObjects, renderedTarget, TARGET_NAMES, type KubeObject } from '../support/render';
import { destinationPermitted, kindPermitted, permitsAnyClusterScopedKind, sourcePermitted } from './project-rules';

const ARGOCD_CLUSTER = 'https://kubernetes.default.svc';
const groupOf = (o: KubeObject) => parseApiVersion(o.apiVersion).group;
const isNamespaced = (o: KubeObject) => knownKind(groupOf(o), o.kind)!.namespaced;
const wave = (o: KubeObject) => Number(o.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? 0);

describe.each(TARGET_NAMES)('Argo CD delivery of %s', (targetName) => {
  const rendered = renderedTarget(targetName);
  const { target } = rendered;
  const folder = (name: string) => rendered.files.filter((f) => (name === '' ? !f.name.includes('/') : f.name.startsWith(`${name}/`)) && !f.name.endsWith('kustomization.yaml')).flatMap((f) => parseObjects(f.content));
  const root = folder('');
  const platform = folder('platform');
  const bootstrap = folder('bootstrap');
  const argocd = folder('argocd');
  const all = allObjectsOf(rendered);
  const project = (name: string) => getObject(all, 'AppProject', name, target.gitops.argocdNamespace);
  const application = (name: string) => getObject(all, 'Application', name, target.gitops.argocdNamespace);
  const applicationProject = project(`moderation-${targetName}`);
  const platformProject = project(`moderation-${targetName}-platform`);
  const bootstrapProject = project(`moderation-${targetName}-bootstrap`);
  const app = application(`moderation-${targetName}`);
  const platformApp = application(`moderation-${targetName}-platform`);
  const rootApp = application(`moderation-${targetName}-bootstrap`);

  it('validates every Application and AppProject against the vendored Argo CD CRDs', () => {
    const argoObjects = all.filter((o) => groupOf(o) === 'argoproj.io');
    expect(argoObjects.length).toBeGreaterThan(3);
    expect(argoObjects.flatMap((o) => validateObject(o))).toEqual([]);
  });

  it('splits the target by scope: the root holds only namespaced objects in the namespaces the target creates, platform/ the rest', () => {
    const own = new Set(platform.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
    expect(own).toEqual(new Set([target.namespace, target.logging.namespace]));
    expect(root.filter((o) => !isNamespaced(o) || !own.has(o.metadata.namespace!)).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
    expect(platform.filter((o) => isNamespaced(o) && own.has(o.metadata.namespace!)).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
    expect(new Set(platform.filter((o) => !isNamespaced(o)).map((o) => o.kind))).toEqual(
      new Set(['Namespace', 'PriorityClass', 'GatewayClass', 'ClusterIssuer', 'ClusterSecretStore', 'ClusterRole', 'ClusterRoleBinding']),
    );
    // The verifier's cluster-wide read role and the collector's are delivered by the platform.
    expect(platform.filter((o) => o.kind === 'ClusterRole').map((o) => o.metadata.name).sort()).toEqual(['moderation-log-collector', 'moderation-verifier']);
    expect(objectsOf(rendered).length).toBe(root.length + platform.length);
  });

  it('applies the projects and the root Application by hand; the root Application syncs bootstrap/, which holds only Applications', () => {
    expect(argocd.map((o) => o.kind).sort()).toEqual(['AppProject', 'AppProject', 'AppProject', 'Application']);
    expect(bootstrap.every((o) => o.kind === 'Application')).toBe(true);
    expect(rootApp.spec.source).toEqual({ repoURL: target.gitops.repoURL, targetRevision: app.spec.source.targetRevision, path: `dist/${targetName}/bootstrap` });
    expect(rootApp.spec.destination).toEqual({ server: ARGOCD_CLUSTER, namespace: target.gitops.argocdNamespace });
    expect(rootApp.spec.project).toBe(bootstrapProject.metadata.name);
    // Its project lets it create Applications in Argo CD's namespace and nothing else.
    expect(bootstrapProject.spec.namespaceResourceWhitelist).toEqual([{ group: 'argoproj.io', kind: 'Application' }]);
    expect(bootstrapProject.spec.destinations).toEqual([{ server: ARGOCD_CLUSTER, namespace: target.gitops.argocdNamespace }]);
    expect(permitsAnyClusterScopedKind(bootstrapProject)).toBe(false);
  });

  it('syncs platform/ before the application, each with its own project, from the same revision', () => {
    expect(platformApp.spec.source).toEqual({ repoURL: target.gitops.repoURL, targetRevision: app.spec.source.targetRevision, path: `dist/${targetName}/platform` });
    expect(app.spec.source).toEqual({ repoURL: target.gitops.repoURL, targetRevision: app.spec.source.targetRevision, path: `dist/${targetName}` });
    expect(app.spec.destination).toEqual({ server: target.gitops.destinationServer, namespace: target.namespace });
    expect([platformApp.spec.project, app.spec.project]).toEqual([platformProject.metadata.name, applicationProject.metadata.name]);
    expect(wave(platformApp)).toBeLessThan(wave(app));
    // Every add-on is installed before the platform that uses them.
    const addOns = bootstrap.filter((o) => ![platformApp.metadata.name, app.metadata.name].includes(o.metadata.name));
    expect(addOns.length).toBeGreaterThan(0);
    expect(Math.max(...addOns.map(wave))).toBeLessThan(wave(platformApp));
    for (const a of [rootApp, platformApp, app]) {
      expect(a.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
      expect(a.metadata.finalizers).toBeUndefined();
    }
  });

  it('never lets the application project create a cluster-scoped object, or deploy outside the namespaces the target creates', () => {
    expect(permitsAnyClusterScopedKind(applicationProject)).toBe(false);
    for (const kind of ['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PriorityClass']) {
      const group = { Namespace: '', ClusterRole: 'rbac.authorization.k8s.io', ClusterRoleBinding: 'rbac.authorization.k8s.io', CustomResourceDefinition: 'apiextensions.k8s.io', PriorityClass: 'scheduling.k8s.io' }[kind]!;
      expect({ kind, permitted: kindPermitted(applicationProject, { group, kind }, false) }).toEqual({ kind, permitted: false });
    }
    const listed = applicationProject.spec.namespaceResourceWhitelist as { group: string; kind: string }[];
    expect(listed.filter((e) => e.group === '*' || e.kind === '*' || !knownKind(e.group, e.kind)?.namespaced)).toEqual([]);
    expect(listed.filter((e) => e.group === 'rbac.authorization.k8s.io' && e.kind.startsWith('Cluster'))).toEqual([]);
    const own = platform.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name).sort();
    expect(applicationProject.spec.destinations.map((d: { namespace: string }) => d.namespace)).toEqual(own);
    expect(applicationProject.spec.sourceRepos).toEqual([target.gitops.repoURL]);
  });

  it('lets each Application deploy exactly what its folder holds: every kind and namespace permitted, and the application project no more', () => {
    const permitted = (proj: KubeObject, objects: KubeObject[], server: string) =>
      objects
        .filter((o) => !kindPermitted(proj, { group: groupOf(o), kind: o.kind }, isNamespaced(o)) || (isNamespaced(o) && !destinationPermitted(proj, server, o.metadata.namespace!)))
        .map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    expect(permitted(applicationProject, root, target.gitops.destinationServer)).toEqual([]);
    expect(permitted(platformProject, platform, target.gitops.destinationServer)).toEqual([]);
    expect(permitted(bootstrapProject, bootstrap, ARGOCD_CLUSTER)).toEqual([]);
    const kinds = [...new Set(root.map((o) => `${groupOf(o)}/${o.kind}`))].sort();
    expect(applicationProject.spec.namespaceResourceWhitelist.map((e: { group: string; kind: string }) => `${e.group}/${e.kind}`)).toEqual(kinds);
  });

  it("admits every Application's source and destination in its project", () => {
    const projects = new Map(argocd.filter((o) => o.kind === 'AppProject').map((p) => [p.metadata.name, p]));
    for (const a of all.filter((o) => o.kind === 'Application')) {
      const proj = projects.get(a.spec.project)!;
      expect({ app: a.metadata.name, source: sourcePermitted(proj, a.spec.source.repoURL) }).toEqual({ app: a.metadata.name, source: true });
      expect({ app: a.metadata.name, destination: destinationPermitted(proj, a.spec.destination.server, a.spec.destination.namespace) }).toEqual({ app: a.metadata.name, destination: true });
    }
  });

  it('leaves replica counts to what owns them: every autoscaler target and every Deployment rendered without replicas', () => {
    const id = (kind: string, namespace: string, name: string) => `${kind} ${namespace}/${name}`;
    const ignored = app.spec.ignoreDifferences.filter((d: { jsonPointers?: string[] }) => d.jsonPointers?.includes('/spec/replicas')).map((d: { kind: string; namespace: string; name: string }) => id(d.kind, d.namespace, d.name));
    const scalers = root.filter((o) => o.kind === 'HorizontalPodAutoscaler' || o.kind === 'ScaledObject');
    const targets = scalers.map((s) => id(s.spec.scaleTargetRef.kind ?? 'Deployment', s.metadata.namespace!, s.spec.scaleTargetRef.name));
    // An HPA, KEDA or Argo Rollouts (which scales a canaried service's Deployment to 0) owns these.
    const unpinned = root.filter((o) => o.kind === 'Deployment' && o.spec.replicas === undefined).map((o) => id(o.kind, o.metadata.namespace!, o.metadata.name));
    expect(scalers.length).toBeGreaterThan(0);
    expect(new Set(ignored)).toEqual(new Set([...targets, ...unpinned]));
    expect(ignored.length).toBe(new Set(ignored).size);
    expect(app.spec.syncPolicy.syncOptions).toContain('RespectIgnoreDifferences=true');
  });
});
