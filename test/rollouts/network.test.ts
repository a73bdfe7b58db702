/**
 * A canary's pods are the workload's pods with one more label (the ReplicaSet hash Argo Rollouts
 * adds), so the NetworkPolicies that admit the stable pods admit them: the edge proxies reach the
 * canary backend on the canary Service's port, callers and Prometheus reach it, and nothing else does.
 */
import { checkConnectivity, findPod, matchesSelector, worldOf, type Expectation, type Pod } from '../support';
import { getObject, renderedTarget, TARGET_NAMES, targetObjects } from '../support/render';

/** A pod of a Rollout's canary ReplicaSet: the Deployment's template plus the hash Argo Rollouts labels it with. */
const canaryPod = (stable: Pod): Pod => ({ ...stable, name: `${stable.name}-canary`, labels: { ...stable.labels, 'rollouts-pod-template-hash': '7c4b9d8f5' } });

describe.each(TARGET_NAMES)('network policies around the canaries of %s', (targetName) => {
  const { target } = renderedTarget(targetName);
  const objects = targetObjects(targetName);
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const world = worldOf(objects, [{ name: target.network.edgeNamespace }, { name: target.network.monitoringNamespace }, { name: 'default' }]);
  const envoy: Pod = {
    name: 'envoy-edge',
    namespace: target.network.edgeNamespace,
    labels: { 'app.kubernetes.io/name': 'envoy', 'app.kubernetes.io/component': 'proxy', 'app.kubernetes.io/managed-by': 'envoy-gateway', 'gateway.envoyproxy.io/owning-gateway-name': 'edge', 'gateway.envoyproxy.io/owning-gateway-namespace': target.namespace },
  };
  const prometheus: Pod = { name: 'prometheus', namespace: target.network.monitoringNamespace, labels: { 'app.kubernetes.io/name': 'prometheus' } };
  const stray: Pod = { name: 'debug', namespace: target.namespace, labels: { run: 'debug' } };
  const inference = findPod(objects, 'ml-inference');
  const rollouts = objects.filter((o) => o.kind === 'Rollout').map((r) => r.metadata.name);

  it.each(rollouts)('%s: the edge proxies reach the canary backend on the canary Service\'s port, and only there', (name) => {
    const canaryService = getObject(objects, 'Service', `${name}-canary`);
    const pod = canaryPod(findPod(objects, name, 'Deployment'));
    expect(matchesSelector({ matchLabels: canaryService.spec.selector }, pod.labels)).toBe(true);
    // The port the proxies connect to: the container port the Service's named targetPort resolves to.
    const port = pod.ports!.find((p) => p.name === canaryService.spec.ports[0].targetPort)!.containerPort;
    const metrics = pod.ports!.find((p) => p.name === 'metrics')?.containerPort ?? port;
    const expectations: Expectation[] = [
      { from: envoy, to: pod, port, allowed: true },
      { from: prometheus, to: pod, port: metrics, allowed: true },
      { from: stray, to: pod, port, allowed: false },
    ];
    if (metrics !== port) expectations.push({ from: envoy, to: pod, port: metrics, allowed: false });
    expect(checkConnectivity(policies, world, expectations)).toEqual([]);
  });

  it('web reaches a moderation-api canary, which reaches ml-inference as the stable pods do', () => {
    if (!rollouts.includes('moderation-api')) return;
    const api = canaryPod(findPod(objects, 'moderation-api', 'Deployment'));
    const web = canaryPod(findPod(objects, 'web', 'Deployment'));
    expect(
      checkConnectivity(policies, world, [
        { from: findPod(objects, 'web'), to: api, port: 8000, allowed: true },
        { from: web, to: api, port: 8000, allowed: true },
        { from: api, to: inference, port: 8080, allowed: true },
        { from: web, to: inference, port: 8080, allowed: false },
      ]),
    ).toEqual([]);
  });
});
