import { checkConnectivity, findPod, isAllowed, type Pod, type World } from '../support';
import { TARGET_NAMES, targetObjects } from '../support/render';
import { chartObjects, renderedTarget, renderVariant } from '../support/edge-objects';

const world: World = { namespaces: [{ name: 'moderation' }, { name: 'envoy-gateway-system' }, { name: 'monitoring' }, { name: 'cert-manager' }, { name: 'attacker' }] };

const envoyLabels = { 'app.kubernetes.io/name': 'envoy', 'app.kubernetes.io/component': 'proxy', 'app.kubernetes.io/managed-by': 'envoy-gateway', 'gateway.envoyproxy.io/owning-gateway-name': 'edge', 'gateway.envoyproxy.io/owning-gateway-namespace': 'moderation' };
const envoy: Pod = { name: 'envoy', namespace: 'envoy-gateway-system', labels: envoyLabels };
const otherGatewayEnvoy: Pod = { name: 'other-envoy', namespace: 'envoy-gateway-system', labels: { ...envoyLabels, 'gateway.envoyproxy.io/owning-gateway-name': 'other', 'gateway.envoyproxy.io/owning-gateway-namespace': 'other' } };
const egController: Pod = { name: 'envoy-gateway', namespace: 'envoy-gateway-system', labels: { 'app.kubernetes.io/name': 'gateway-helm', 'control-plane': 'envoy-gateway' } };
const attacker: Pod = { name: 'attacker', namespace: 'attacker', labels: { 'app.kubernetes.io/name': 'envoy', 'app.kubernetes.io/component': 'proxy' } };
const solver: Pod = { name: 'cm-acme-http-solver', namespace: 'moderation', labels: { 'acme.cert-manager.io/http01-solver': 'true' }, ports: [{ name: 'http', containerPort: 8089 }] };

describe.each(TARGET_NAMES)('edge network policies of %s', (name) => {
  const policies = chartObjects(renderedTarget(name), 'network-policies.yaml');
  // The platform's pods as the synthesized Deployments define them (labels, named ports).
  const objects = targetObjects(name);
  const web = findPod(objects, 'web');
  const api = findPod(objects, 'moderation-api');
  const inference = findPod(objects, 'ml-inference');

  test("only this Gateway's Envoy pods reach web and the public API, on their http port", () => {
    const problems = checkConnectivity(policies, world, [
      { from: envoy, to: web, port: 3000, allowed: true },
      { from: envoy, to: api, port: 8000, allowed: true },
      { from: envoy, to: web, port: 9464, allowed: false },
      { from: envoy, to: api, port: 9090, allowed: false },
      { from: envoy, to: inference, port: 8080, allowed: false },
      { from: otherGatewayEnvoy, to: web, port: 3000, allowed: false },
      { from: egController, to: web, port: 3000, allowed: false },
      { from: attacker, to: web, port: 3000, allowed: false },
      { from: attacker, to: api, port: 8000, allowed: false },
    ]);
    expect(problems).toEqual([]);
  });

  test("the Envoy pods reach cert-manager's HTTP-01 solver, nothing else does, and the solver sends nothing", () => {
    const problems = checkConnectivity(policies, world, [
      { from: envoy, to: solver, port: 8089, allowed: true },
      { from: attacker, to: solver, port: 8089, allowed: false },
      { from: web, to: solver, port: 8089, allowed: false },
      { from: solver, to: web, port: 3000, allowed: false },
      { from: solver, to: api, port: 8000, allowed: false },
      { from: solver, to: { ip: '203.0.113.10' }, port: 443, allowed: false },
    ]);
    expect(problems).toEqual([]);
  });
});

test('with a private API, the Envoy pods no longer reach moderation-api', () => {
  const { objects } = renderVariant('doks-staging', (input) => {
    input.edge = { publicApi: false };
  });
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  expect(isAllowed(policies, world, envoy, findPod(objects, 'moderation-api'), 8000).allowed).toBe(false);
  expect(isAllowed(policies, world, envoy, findPod(objects, 'web'), 3000).allowed).toBe(true);
});
