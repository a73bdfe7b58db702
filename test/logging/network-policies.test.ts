import { cloudProfile } from '../../charts/cloud';
import { checkConnectivity, findPod, worldOf, type Expectation, type External, type Pod } from '../support';
import { renderedTarget, TARGET_NAMES, targetObjects } from '../support/render';

/** The first address of a CIDR (a /32 is its own address). */
const firstAddress = (cidr: string) => {
  const [address, bits] = cidr.split('/');
  if (bits === '32') return address;
  const octets = address.split('.').map(Number);
  octets[3] += 10;
  return octets.join('.');
};

/**
 * The logging namespace's policies, evaluated as Kubernetes does: the collector reaches the cluster
 * DNS, the API server and its log store (and on EKS the Pod Identity Agent), nothing else; only the
 * monitoring namespace reaches it, on its two metrics ports.
 */
describe.each(TARGET_NAMES)('network policies of the logging namespace on %s', (targetName) => {
  const { target } = renderedTarget(targetName);
  const objects = targetObjects(targetName);
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const { network, logging } = target;
  const world = worldOf(objects, [{ name: 'kube-system' }, { name: network.monitoringNamespace }, { name: 'default' }]);
  const profile = cloudProfile(target.cloud);

  const collector = findPod(objects, 'fluent-bit', 'DaemonSet');
  const pods: Record<string, Pod> = {
    'prometheus': { name: 'prometheus', namespace: network.monitoringNamespace, labels: { 'app.kubernetes.io/name': 'prometheus' } },
    'stray-pod': { name: 'intruder', namespace: 'default', labels: { app: 'intruder' } },
    'other-logging-pod': { name: 'debug', namespace: logging.namespace, labels: { run: 'debug' } },
    'platform-api': findPod(objects, 'moderation-api', 'Deployment'),
    'kube-dns': { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
  };
  const storePort = logging.destination.port ?? profile.logStore.port;
  const externals: Record<string, External> = {
    'api-server': { ip: firstAddress(logging.apiServer.cidrs[0]) },
    'log-store': { ip: firstAddress(logging.destination.cidrs[0]) },
    'internet': { ip: '93.184.216.34' },
    'instance-metadata': { ip: '169.254.169.254' },
    'pod-identity-agent': { ip: '169.254.170.23' },
  };

  const expectations: (Expectation & { what: string })[] = [
    { what: 'DNS over UDP', from: collector, to: pods['kube-dns'], port: 53, protocol: 'UDP', allowed: true },
    { what: 'DNS over TCP', from: collector, to: pods['kube-dns'], port: 53, allowed: true },
    { what: 'the API server', from: collector, to: externals['api-server'], port: logging.apiServer.port, allowed: true },
    { what: 'the API server on another port', from: collector, to: externals['api-server'], port: 22, allowed: false },
    { what: 'the log store', from: collector, to: externals['log-store'], port: storePort, allowed: true },
    { what: 'the log store on another port', from: collector, to: externals['log-store'], port: 9200, allowed: false },
    { what: 'the internet', from: collector, to: externals.internet, port: 443, allowed: false },
    { what: 'the instance metadata service', from: collector, to: externals['instance-metadata'], port: 80, allowed: false },
    { what: 'the Pod Identity Agent (only where the store is written with one)', from: collector, to: externals['pod-identity-agent'], port: 80, allowed: profile.logStore.kind === 'cloudwatch-logs' },
    { what: 'a platform service', from: collector, to: pods['platform-api'], port: 8000, allowed: false },
    { what: 'Prometheus to the HTTP server', from: pods.prometheus, to: collector, port: 2020, allowed: true },
    { what: 'Prometheus to the log metrics', from: pods.prometheus, to: collector, port: 2021, allowed: true },
    { what: 'Prometheus to another port', from: pods.prometheus, to: collector, port: 8080, allowed: false },
    { what: 'a pod of another namespace', from: pods['stray-pod'], to: collector, port: 2020, allowed: false },
    { what: 'another pod of the logging namespace', from: pods['other-logging-pod'], to: collector, port: 2021, allowed: false },
    { what: 'another pod of the logging namespace, outward', from: pods['other-logging-pod'], to: externals.internet, port: 443, allowed: false },
  ];

  it.each(expectations.map((e) => [e.what, e] as const))('%s', (_what, expectation) => {
    expect(checkConnectivity(policies, world, [expectation])).toEqual([]);
  });

  it('denies everything else in the namespace by default', () => {
    const deny = policies.find((p) => p.metadata.namespace === logging.namespace && p.metadata.name === 'default-deny-all');
    expect(deny?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });
});
