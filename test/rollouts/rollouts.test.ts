/**
 * web and moderation-api are released as canaries: a Rollout over each Deployment, traffic split on
 * the edge's HTTPRoutes between the stable and a canary Service, every step analysed, no manual gate;
 * the HPA scales the Rollout, the PDB covers both ReplicaSets, Argo CD leaves the in-flight fields alone.
 */
import { edgeRoutes } from '../../charts/edge/routing';
import { KEDA_SCALED } from '../../charts/scaling/chart';
import { SERVICE_NAMES } from '../../charts/platform/services';
import { VERIFIER_ROLE } from '../../charts/verifier-rbac/chart';
import { matchesSelector, validateObject } from '../support';
import { allObjectsOf, getObject, type KubeObject, objectsOf, renderedTarget, TARGET_NAMES } from '../support/render';

const ROLLOUT_API = 'argoproj.io/v1alpha1';
const HASH_LABEL = 'rollouts-pod-template-hash';

describe.each(TARGET_NAMES)('canary releases of %s', (targetName) => {
  const rendered = renderedTarget(targetName);
  const { target } = rendered;
  const objects = objectsOf(rendered);
  const rolloutFile = rendered.files.find((f) => f.name === 'rollouts.yaml');
  const rollouts = objects.filter((o) => o.kind === 'Rollout');
  const routed = [...new Set(edgeRoutes(target).map((r) => r.service))];
  const get = (kind: string, name: string) => getObject(objects, kind, name, target.namespace);

  it('renders rollouts.yaml, whose every object is valid against its schema (the CRDs of Argo Rollouts v1.9.1)', () => {
    expect(rolloutFile).toBeDefined();
    const own = objects.filter((o) => ['Rollout', 'AnalysisTemplate'].includes(o.kind) || (o.kind === 'Service' && o.metadata.name.endsWith('-canary')));
    expect(own.length).toBe(3 * routed.length);
    for (const object of own) expect(validateObject(object)).toEqual([]);
  });

  it('releases exactly the services the edge routes to as canaries; the worker and ml-inference keep rolling updates', () => {
    expect(rollouts.map((r) => r.metadata.name).sort()).toEqual([...routed].sort());
    expect(routed).toContain('web');
    for (const name of SERVICE_NAMES.filter((s) => !routed.includes(s))) {
      expect(get('Deployment', name).spec.strategy.type).toBe('RollingUpdate');
      expect(objects.filter((o) => o.kind === 'Service' && o.metadata.name === `${name}-canary`)).toEqual([]);
    }
  });

  describe.each(['web', 'moderation-api'])('%s', (name) => {
    if (!routed.includes(name as (typeof routed)[number])) return;
    const rollout = get('Rollout', name);
    const deployment = get('Deployment', name);
    const canary = rollout.spec.strategy.canary;
    const routes = objects.filter((o) => o.kind === 'HTTPRoute' && o.spec.rules.some((r: any) => r.backendRefs?.some((b: any) => b.name === name)));

    it('runs the pods of its Deployment (workloadRef), scaling the Deployment down as its own become available', () => {
      expect(rollout.spec.workloadRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name, scaleDown: 'progressively' });
      // Template and selector are the Deployment's; the replica count is the HPA's.
      expect(rollout.spec.template).toBeUndefined();
      expect(rollout.spec.selector).toBeUndefined();
      expect(rollout.spec.replicas).toBeUndefined();
      expect(rollout.metadata.labels).toEqual(deployment.metadata.labels);
    });

    it('aborts by itself when the canary\'s pods do not become available within the Deployment\'s deadline', () => {
      expect(rollout.spec.progressDeadlineAbort).toBe(true);
      expect(rollout.spec.progressDeadlineSeconds).toBe(deployment.spec.progressDeadlineSeconds);
    });

    it('moves each configured weight to the canary, then analyses it; no step waits for a person', () => {
      const expected = target.rollouts.weights.flatMap((weight) => [
        { setWeight: weight },
        { analysis: { templates: [{ templateName: `${name}-canary` }], args: [{ name: 'canary-weight', value: String(weight) }] } },
      ]);
      expect(canary.steps).toEqual(expected);
      expect(canary.steps.some((s: any) => 'pause' in s)).toBe(false);
      // The template the steps name exists, and takes the argument they pass.
      expect(get('AnalysisTemplate', `${name}-canary`).spec.args).toEqual([{ name: 'canary-weight' }]);
    });

    it('after an abort, sends traffic back to stable first and retires the canary\'s pods after a grace period', () => {
      expect(canary.abortScaleDownDelaySeconds).toBeGreaterThan(0);
      expect(canary.scaleDownDelaySeconds).toBeGreaterThan(0);
      expect(canary.dynamicStableScale).toBeUndefined(); // stable keeps its full capacity until promotion
    });

    it('splits traffic with the Gateway API plugin on every HTTPRoute that sends the service requests', () => {
      expect(routes.length).toBeGreaterThan(0);
      expect(canary.trafficRouting.plugins).toEqual({
        'argoproj-labs/gatewayAPI': { namespace: target.namespace, httpRoutes: routes.map((r) => ({ name: r.metadata.name })) },
      });
    });

    it('has the Workload\'s Service as stable and a canary Service with its ports and selector', () => {
      const stable = get('Service', canary.stableService);
      const canaryService = get('Service', canary.canaryService);
      expect(stable.metadata.name).toBe(name);
      expect(canaryService.metadata.name).toBe(`${name}-canary`);
      expect(canaryService.spec).toEqual(stable.spec);
    });

    it('lists stable and canary Services as backends of each route, all traffic on stable in Git', () => {
      const port = get('Service', name).spec.ports[0].port;
      for (const route of routes) {
        for (const rule of route.spec.rules) {
          expect(rule.backendRefs).toEqual([
            { group: '', kind: 'Service', name, port, weight: 100 },
            { group: '', kind: 'Service', name: `${name}-canary`, port, weight: 0 },
          ]);
        }
      }
    });

    it('is scaled by the workload\'s HPA, aimed at the Rollout', () => {
      const hpa = get('HorizontalPodAutoscaler', name);
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: ROLLOUT_API, kind: 'Rollout', name });
      expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([target.services[name as 'web'].replicas.min, target.services[name as 'web'].replicas.max]);
      expect(objects.filter((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec.scaleTargetRef.name === name)).toHaveLength(1);
    });

    it('keeps one disruption budget over stable and canary pods: its selector has no ReplicaSet hash', () => {
      const pdb = get('PodDisruptionBudget', name);
      const podLabels = deployment.spec.template.metadata.labels;
      for (const hash of ['5d8f7c9b6', '7c4b9d8f5']) expect(matchesSelector(pdb.spec.selector, { ...podLabels, [HASH_LABEL]: hash })).toBe(true);
      expect(JSON.stringify(pdb.spec.selector)).not.toContain(HASH_LABEL);
    });
  });

  it('tells Argo CD to leave the plugin\'s weights, the Services\' ReplicaSet hash and the Deployments\' replicas alone', () => {
    const application = getObject(allObjectsOf(rendered), 'Application', `moderation-${targetName}`);
    const ignored: any[] = application.spec.ignoreDifferences;
    const entry = (kind: string, name: string) => ignored.filter((i) => i.kind === kind && i.name === name && i.namespace === target.namespace);
    for (const name of routed) {
      expect(entry('Deployment', name)).toEqual([{ group: 'apps', kind: 'Deployment', name, namespace: target.namespace, jsonPointers: ['/spec/replicas'] }]);
      for (const service of [name, `${name}-canary`]) expect(entry('Service', service).flatMap((i) => i.jsonPointers)).toEqual([`/spec/selector/${HASH_LABEL}`]);
    }
    const canaryRoutes = objects.filter((o) => o.kind === 'HTTPRoute' && o.spec.rules.some((r: any) => r.backendRefs?.length === 2));
    expect(canaryRoutes.length).toBeGreaterThan(0);
    for (const route of canaryRoutes) {
      expect(entry('HTTPRoute', route.metadata.name)).toEqual([
        { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: route.metadata.name, namespace: target.namespace, jqPathExpressions: ['.spec.rules[].backendRefs[].weight'] },
      ]);
    }
    // Nothing of the canaries' on the worker and ml-inference: only the replicas KEDA's HPA owns (charts/gitops).
    for (const name of [...KEDA_SCALED]) expect(entry('Deployment', name)).toEqual([{ group: 'apps', kind: 'Deployment', name, namespace: target.namespace, jsonPointers: ['/spec/replicas'] }]);
  });

  it('lets the AppProject deploy and the verifier read Rollouts and AnalysisTemplates', () => {
    const all: KubeObject[] = allObjectsOf(rendered);
    const project = getObject(all, 'AppProject', `moderation-${targetName}`);
    const whitelisted = project.spec.namespaceResourceWhitelist.map((k: { group: string; kind: string }) => `${k.group}/${k.kind}`);
    expect(whitelisted).toEqual(expect.arrayContaining(['argoproj.io/Rollout', 'argoproj.io/AnalysisTemplate']));
    const role = getObject(objects, 'ClusterRole', VERIFIER_ROLE);
    const rule = role.rules.find((r: { apiGroups: string[] }) => r.apiGroups.includes('argoproj.io'));
    expect(rule).toEqual({ apiGroups: ['argoproj.io'], resources: ['analysistemplates', 'rollouts'], verbs: ['get', 'list', 'watch'] });
  });
});
