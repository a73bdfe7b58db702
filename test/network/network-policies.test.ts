import { SERVICE_NAMES, type ServiceName } from '../../charts/platform/services';
import { findPod, isAllowed, worldOf, type External, type Pod } from '../support';
import { managedService } from '../support/estate';
import { renderedTarget, TARGET_NAMES, targetObjects } from '../support/render';

/**
 * The full allow matrix of each target, evaluated as Kubernetes evaluates NetworkPolicies (both
 * directions, selectors, namespaces, named ports): every intended edge is allowed, every other
 * pod-to-pod and pod-to-data edge is denied. The intended edges are written out here, not derived
 * from the charts' own catalogue, so a wrong catalogue entry fails the test.
 */
describe.each(TARGET_NAMES)('network policies of %s', (targetName) => {
  const target = renderedTarget(targetName).target;
  const objects = targetObjects(targetName);
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const ns = target.namespace;
  const world = worldOf(objects, [{ name: 'kube-system' }, { name: target.network.edgeNamespace }, { name: target.network.monitoringNamespace }, { name: 'default' }]);

  const envoyLabels = { 'app.kubernetes.io/name': 'envoy', 'app.kubernetes.io/component': 'proxy', 'app.kubernetes.io/managed-by': 'envoy-gateway' };
  const pods: Record<string, Pod> = {
    ...Object.fromEntries(SERVICE_NAMES.map((name) => [name, findPod(objects, name)])),
    'edge-proxy': {
      name: 'envoy-proxy',
      namespace: target.network.edgeNamespace,
      labels: { ...envoyLabels, 'gateway.envoyproxy.io/owning-gateway-name': 'edge', 'gateway.envoyproxy.io/owning-gateway-namespace': ns },
    },
    // Another Gateway's proxies share the edge namespace and labels, but not the owning Gateway.
    'other-gateway-proxy': {
      name: 'envoy-other',
      namespace: target.network.edgeNamespace,
      labels: { ...envoyLabels, 'gateway.envoyproxy.io/owning-gateway-name': 'internal', 'gateway.envoyproxy.io/owning-gateway-namespace': 'tools' },
    },
    'prometheus': { name: 'prometheus', namespace: target.network.monitoringNamespace, labels: { 'app.kubernetes.io/name': 'prometheus' } },
    'stray-pod-same-namespace': { name: 'debug', namespace: ns, labels: { run: 'debug' } },
    'stray-pod-other-namespace': { name: 'intruder', namespace: 'default', labels: { app: 'intruder' } },
    'kube-dns': { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53 }] },
  };
  const ip = (cidr: string) => cidr.replace(/\.0\/\d+$/, '.10');
  const externals: Record<string, External & { port: number }> = {
    // The estate's managed services: their published address ranges, the cloud's ports.
    ...Object.fromEntries((['postgres', 'redis', 'kafka'] as const).map((s) => [s, { ip: ip(managedService(target, s).cidrs[0]!), port: managedService(target, s).port }])),
    'model-registry': { ip: ip(target.backingServices['model-registry'].cidrs[0]), port: target.backingServices['model-registry'].port },
    'internet': { ip: '93.184.216.34', port: 443 },
    'cloud-metadata': { ip: '169.254.169.254', port: 80 },
    'eks-pod-identity-agent': { ip: '169.254.170.23', port: 80 },
  };
  const ports: Record<ServiceName, { http: number; metrics: number }> = {
    'web': { http: 3000, metrics: 9464 },
    'moderation-api': { http: 8000, metrics: 9090 },
    'moderation-worker': { http: 8080, metrics: 8080 },
    'ml-inference': { http: 8080, metrics: 9090 },
  };

  const intended = new Set([
    'edge-proxy -> web:3000',
    ...(target.edge.publicApi ? ['edge-proxy -> moderation-api:8000'] : []),
    'web -> moderation-api:8000',
    'moderation-api -> ml-inference:8080',
    'moderation-worker -> ml-inference:8080',
    ...SERVICE_NAMES.map((s) => `prometheus -> ${s}:${ports[s].metrics}`),
    // PostgreSQL only through the pooler (test/pooler/network.test.ts), never on the database's own port.
    ...['moderation-api', 'moderation-worker'].flatMap((s) => ['redis', 'kafka'].map((d) => `${s} -> ${d}:${externals[d].port}`)),
    `ml-inference -> model-registry:${externals['model-registry'].port}`,
    // Pod Identity: ml-inference reads the model registry; on MSK the Kafka clients sign in with IAM.
    ...(target.cloud === 'eks' ? ['ml-inference', 'moderation-api', 'moderation-worker'].map((s) => `${s} -> eks-pod-identity-agent:80`) : []),
  ]);

  const sources = Object.keys(pods).filter((p) => p !== 'kube-dns');
  const podEdges = sources.flatMap((from) =>
    SERVICE_NAMES.filter((to) => to !== from).flatMap((to) => [...new Set(Object.values(ports[to]))].map((port) => ({ from, to, port, key: `${from} -> ${to}:${port}` }))),
  );
  // Egress from pods outside the platform namespace is not ours to restrict.
  const ownSources = sources.filter((s) => pods[s].namespace === ns);
  const externalEdges = ownSources.flatMap((from) => Object.keys(externals).map((to) => ({ from, to, port: externals[to].port, key: `${from} -> ${to}:${externals[to].port}` })));

  it.each(podEdges.map((e) => [e.key, e] as const))('pod edge %s is allowed only when intended', (key, edge) => {
    const verdict = isAllowed(policies, world, pods[edge.from], pods[edge.to], edge.port);
    expect({ key, allowed: verdict.allowed, reason: verdict.reason }).toEqual({ key, allowed: intended.has(key), reason: verdict.reason });
  });

  it.each(externalEdges.map((e) => [e.key, e] as const))('egress %s is allowed only when intended', (key, edge) => {
    const verdict = isAllowed(policies, world, pods[edge.from], externals[edge.to], edge.port);
    expect({ key, allowed: verdict.allowed, reason: verdict.reason }).toEqual({ key, allowed: intended.has(key), reason: verdict.reason });
  });

  it('lets every pod of the namespace resolve names through the cluster DNS, and nothing else there', () => {
    for (const from of ownSources) {
      for (const protocol of ['UDP', 'TCP']) expect(isAllowed(policies, world, pods[from], pods['kube-dns'], 53, protocol).allowed).toBe(true);
      expect(isAllowed(policies, world, pods[from], pods['kube-dns'], 9153).allowed).toBe(false);
    }
  });

  it('exercises every intended edge (the matrix above covers them all)', () => {
    const covered = new Set([...podEdges, ...externalEdges].map((e) => e.key));
    expect([...intended].filter((e) => !covered.has(e))).toEqual([]);
  });
});
