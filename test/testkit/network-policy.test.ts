import { cidrContains, parseIPv4 } from '../support/ipv4';
import { matchesSelector } from '../../core/label-selector';
import { checkConnectivity, External, isAllowed, Pod, World } from '../support/network-policy';

const np = (namespace: string, name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace },
  spec,
});

const world: World = {
  namespaces: [
    { name: 'moderation', labels: { team: 'trust' } },
    { name: 'data', labels: { team: 'data' } },
    { name: 'monitoring', labels: { team: 'sre' } },
    { name: 'kube-system' },
  ],
};

const api: Pod = { name: 'api', namespace: 'moderation', labels: { app: 'api' }, ports: [{ name: 'http', containerPort: 8080 }] };
const worker: Pod = { name: 'worker', namespace: 'moderation', labels: { app: 'worker' }, ports: [{ name: 'metrics', containerPort: 9090 }] };
const postgres: Pod = { name: 'postgres', namespace: 'data', labels: { app: 'postgres' }, ports: [{ name: 'pg', containerPort: 5432 }] };
const dataApi: Pod = { name: 'data-api', namespace: 'data', labels: { app: 'api' }, ports: [{ name: 'http', containerPort: 8080 }] };
const prometheus: Pod = { name: 'prometheus', namespace: 'monitoring', labels: { app: 'prometheus' } };
const kubeDns: Pod = {
  name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' },
  ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' }],
};
const internet: External = { ip: '93.184.216.34' };

const denyAll = (ns: string) => np(ns, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });

describe('label selectors', () => {
  const labels = { app: 'api', tier: 'web' };
  it.each([
    [{}, true],
    [{ matchLabels: { app: 'api' } }, true],
    [{ matchLabels: { app: 'api', tier: 'db' } }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'edge'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] }, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
    [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
    [{ matchLabels: { app: 'api' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] }, false],
  ])('%j matches app=api,tier=web: %s', (selector, expected) => {
    expect(matchesSelector(selector, labels)).toBe(expected);
  });

  it('rejects unknown operators', () => {
    expect(() => matchesSelector({ matchExpressions: [{ key: 'a', operator: 'Equals', values: ['b'] }] }, {})).toThrow(/unknown operator/);
  });
});

describe('IPv4 CIDRs', () => {
  it('does CIDR math', () => {
    expect(parseIPv4('10.0.0.1')).toBe(167772161);
    expect(parseIPv4('256.0.0.1')).toBeUndefined();
    expect(cidrContains('10.0.0.0/8', '10.255.1.2')).toBe(true);
    expect(cidrContains('10.0.0.0/8', '11.0.0.0')).toBe(false);
    expect(cidrContains('0.0.0.0/0', '203.0.113.9')).toBe(true);
    expect(cidrContains('192.168.1.7/32', '192.168.1.7')).toBe(true);
    expect(cidrContains('192.168.1.7/32', '192.168.1.8')).toBe(false);
    expect(cidrContains('172.16.0.0/12', '172.31.255.255')).toBe(true);
    expect(cidrContains('172.16.0.0/12', '172.32.0.0')).toBe(false);
    expect(cidrContains('::/0', '1.2.3.4')).toBe(false);
    expect(() => cidrContains('10.0.0.0/33', '10.0.0.1')).toThrow(/invalid/);
  });
});

describe('isAllowed', () => {
  it('allows everything when no policy selects either pod', () => {
    const v = isAllowed([], world, api, postgres, 5432);
    expect(v.allowed).toBe(true);
    expect(v.reason).toContain('egress of moderation/api is not isolated');
  });

  it('default-deny-all isolates both directions', () => {
    const policies = [denyAll('moderation')];
    const out = isAllowed(policies, world, api, postgres, 5432);
    expect(out).toEqual({
      allowed: false,
      reason: 'moderation/api -> data/postgres:5432/TCP denied: egress of moderation/api is isolated by moderation/default-deny and no egress rule matches',
    });
    const inbound = isAllowed(policies, world, prometheus, worker, 9090);
    expect(inbound.allowed).toBe(false);
    expect(inbound.reason).toContain('ingress of moderation/worker is isolated by moderation/default-deny');
    expect(isAllowed(policies, world, api, worker, 9090).allowed).toBe(false); // within the namespace too
    expect(isAllowed(policies, world, prometheus, postgres, 5432).allowed).toBe(true); // other namespaces untouched
  });

  it('defaults policyTypes to Ingress only when there are no egress rules', () => {
    const ingressOnly = np('moderation', 'ingress-only', { podSelector: {} });
    expect(isAllowed([ingressOnly], world, api, postgres, 5432).allowed).toBe(true);
    expect(isAllowed([ingressOnly], world, prometheus, api, 8080).allowed).toBe(false);
    const withEgress = np('moderation', 'with-egress', { podSelector: {}, egress: [{ to: [{ podSelector: {} }] }] });
    expect(isAllowed([withEgress], world, api, postgres, 5432).allowed).toBe(false); // Egress implied by egress rules
    expect(isAllowed([withEgress], world, prometheus, api, 8080).allowed).toBe(false); // Ingress always implied
    const inNamespace = isAllowed([withEgress], world, api, worker, 9090);
    expect(inNamespace.allowed).toBe(false); // egress to same-namespace pods is allowed, but ingress is isolated too
    const emptyTypes = np('moderation', 'empty-types', { podSelector: {}, policyTypes: [], egress: [{ to: [{ podSelector: {} }] }] });
    expect(isAllowed([emptyTypes], world, api, postgres, 5432).allowed).toBe(false); // [] is defaulted like a missing field
    expect(inNamespace.reason).toMatch(/denied: ingress of moderation\/worker is isolated by moderation\/with-egress and no ingress rule matches$/);
  });

  it('an explicit Egress-only policyTypes leaves ingress open', () => {
    const p = np('moderation', 'egress-only', { podSelector: {}, policyTypes: ['Egress'] });
    expect(isAllowed([p], world, prometheus, api, 8080).allowed).toBe(true);
    expect(isAllowed([p], world, api, prometheus, 9090).allowed).toBe(false);
  });

  it('a podSelector peer only matches pods in the policy namespace', () => {
    const p = np('data', 'allow-api', {
      podSelector: { matchLabels: { app: 'postgres' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }] }],
    });
    expect(isAllowed([p], world, dataApi, postgres, 5432).allowed).toBe(true);
    const v = isAllowed([p], world, api, postgres, 5432);
    expect(v.allowed).toBe(false);
    expect(v.reason).toContain('ingress of data/postgres is isolated by data/allow-api and no ingress rule matches');
  });

  it('podSelector+namespaceSelector in one peer is an AND, in two peers an OR', () => {
    const and = np('data', 'and', {
      podSelector: { matchLabels: { app: 'postgres' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'trust' } }, podSelector: { matchLabels: { app: 'api' } } }] }],
    });
    expect(isAllowed([and], world, api, postgres, 5432).allowed).toBe(true);
    expect(isAllowed([and], world, worker, postgres, 5432).allowed).toBe(false); // right namespace, wrong pod
    expect(isAllowed([and], world, dataApi, postgres, 5432).allowed).toBe(false); // right pod, wrong namespace

    const or = np('data', 'or', {
      podSelector: { matchLabels: { app: 'postgres' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'trust' } } }, { podSelector: { matchLabels: { app: 'api' } } }] }],
    });
    expect(isAllowed([or], world, worker, postgres, 5432).allowed).toBe(true); // any pod in team=trust
    expect(isAllowed([or], world, dataApi, postgres, 5432).allowed).toBe(true); // app=api in the policy namespace
    expect(isAllowed([or], world, prometheus, postgres, 5432).allowed).toBe(false);
  });

  it('namespaceSelector matches the automatic kubernetes.io/metadata.name label, also of unlisted namespaces', () => {
    const p = np('data', 'from-ns', {
      podSelector: {},
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'moderation' } } }] }],
    });
    expect(isAllowed([p], world, api, postgres, 5432).allowed).toBe(true);
    expect(isAllowed([p], world, prometheus, postgres, 5432).allowed).toBe(false);
    const q = np('data', 'from-other', {
      podSelector: {},
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'batch' } } }] }],
    });
    expect(isAllowed([q], world, { namespace: 'batch', labels: {} }, postgres, 5432).allowed).toBe(true);
  });

  it('an empty namespaceSelector matches all namespaces', () => {
    const p = np('data', 'any-ns-api', {
      podSelector: {},
      ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'api' } } }] }],
    });
    expect(isAllowed([p], world, api, postgres, 5432).allowed).toBe(true);
    expect(isAllowed([p], world, worker, postgres, 5432).allowed).toBe(false);
  });

  it('matches numeric ports, protocols (default TCP) and missing ports as all ports', () => {
    const p = np('data', 'pg', {
      podSelector: { matchLabels: { app: 'postgres' } },
      ingress: [{ from: [{ podSelector: {}, namespaceSelector: {} }], ports: [{ port: 5432 }] }],
    });
    expect(isAllowed([p], world, api, postgres, 5432).allowed).toBe(true);
    expect(isAllowed([p], world, api, postgres, 5433).allowed).toBe(false);
    expect(isAllowed([p], world, api, postgres, 5432, 'UDP').allowed).toBe(false);
    const allPorts = np('data', 'all-ports', { podSelector: {}, ingress: [{ from: [{ podSelector: {}, namespaceSelector: {} }] }] });
    expect(isAllowed([allPorts], world, api, postgres, 1, 'SCTP').allowed).toBe(true);
    const protocolOnly = np('data', 'udp-any', { podSelector: {}, ingress: [{ ports: [{ protocol: 'UDP' }] }] });
    expect(isAllowed([protocolOnly], world, api, postgres, 9999, 'UDP').allowed).toBe(true);
    expect(isAllowed([protocolOnly], world, api, postgres, 9999, 'TCP').allowed).toBe(false);
  });

  it('an empty or missing from/to matches every peer, including external IPs', () => {
    const p = np('data', 'open', { podSelector: {}, ingress: [{ ports: [{ port: 5432 }] }], egress: [{ to: [] }] });
    expect(isAllowed([p], world, internet, postgres, 5432).allowed).toBe(true);
    expect(isAllowed([p], world, api, postgres, 5432).allowed).toBe(true);
    expect(isAllowed([p], world, postgres, internet, 443).allowed).toBe(true);
  });

  it('resolves named ports against the destination pod container ports', () => {
    const p = np('moderation', 'http', {
      podSelector: {},
      ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 'http' }] }],
    });
    expect(isAllowed([p], world, prometheus, api, 8080).allowed).toBe(true);
    expect(isAllowed([p], world, prometheus, api, 9090).allowed).toBe(false);
    expect(isAllowed([p], world, prometheus, worker, 9090).allowed).toBe(false); // worker has no port named http
    const egress = np('moderation', 'egress-named', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'pg' }] }] });
    expect(isAllowed([egress], world, api, postgres, 5432).allowed).toBe(true);
    expect(isAllowed([egress], world, api, internet, 5432).allowed).toBe(false); // no container ports outside
    const udp = np('kube-system', 'dns-named', { podSelector: {}, ingress: [{ ports: [{ port: 'dns', protocol: 'UDP' }] }] });
    expect(isAllowed([udp], world, api, kubeDns, 53, 'UDP').allowed).toBe(true);
    expect(isAllowed([udp], world, api, kubeDns, 53, 'TCP').allowed).toBe(false);
  });

  it('matches endPort ranges inclusively', () => {
    const p = np('data', 'range', { podSelector: {}, ingress: [{ ports: [{ port: 32000, endPort: 32768 }] }] });
    expect(isAllowed([p], world, api, postgres, 31999).allowed).toBe(false);
    expect(isAllowed([p], world, api, postgres, 32000).allowed).toBe(true);
    expect(isAllowed([p], world, api, postgres, 32500).allowed).toBe(true);
    expect(isAllowed([p], world, api, postgres, 32768).allowed).toBe(true);
    expect(isAllowed([p], world, api, postgres, 32769).allowed).toBe(false);
  });

  it('matches ipBlocks with except for external endpoints in both directions', () => {
    const egress = np('moderation', 'internet', {
      podSelector: { matchLabels: { app: 'api' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '169.254.169.254/32'] } }], ports: [{ port: 443 }] }],
    });
    expect(isAllowed([egress], world, api, internet, 443).allowed).toBe(true);
    expect(isAllowed([egress], world, api, { ip: '10.1.2.3' }, 443).allowed).toBe(false);
    expect(isAllowed([egress], world, api, { ip: '169.254.169.254' }, 443).allowed).toBe(false);
    expect(isAllowed([egress], world, api, { ip: '169.254.169.253' }, 443).allowed).toBe(true);
    expect(isAllowed([egress], world, api, internet, 80).allowed).toBe(false);
    // Pods without a modelled IP do not match ipBlocks; with one, they do.
    expect(isAllowed([egress], world, api, postgres, 443).allowed).toBe(false);
    expect(isAllowed([egress], world, api, { ...postgres, ip: '100.64.0.9' }, 443).allowed).toBe(true);

    const ingress = np('moderation', 'from-lb', {
      podSelector: { matchLabels: { app: 'api' } },
      ingress: [{ from: [{ ipBlock: { cidr: '192.168.0.0/16', except: ['192.168.99.0/24'] } }] }],
    });
    expect(isAllowed([ingress], world, { ip: '192.168.1.10' }, api, 8080).allowed).toBe(true);
    expect(isAllowed([ingress], world, { ip: '192.168.99.10' }, api, 8080).allowed).toBe(false);
    expect(isAllowed([ingress], world, internet, api, 8080).allowed).toBe(false);
    expect(isAllowed([ingress], world, worker, api, 8080).allowed).toBe(false); // selectors needed for pods
  });

  it('external endpoints only involve the pod side', () => {
    const denyIngress = np('moderation', 'deny-in', { podSelector: {} });
    expect(isAllowed([denyIngress], world, api, internet, 443).allowed).toBe(true); // ingress isolation is irrelevant
    const denyEgress = np('moderation', 'deny-out', { podSelector: {}, policyTypes: ['Egress'] });
    expect(isAllowed([denyEgress], world, internet, api, 8080).allowed).toBe(true);
  });

  it('denies when egress is allowed but ingress is not, naming the failing side', () => {
    const policies = [
      np('moderation', 'api-egress', {
        podSelector: { matchLabels: { app: 'api' } },
        policyTypes: ['Egress'],
        egress: [{ to: [{ namespaceSelector: { matchLabels: { team: 'data' } } }] }],
      }),
      denyAll('data'),
    ];
    const v = isAllowed(policies, world, api, postgres, 5432);
    expect(v.allowed).toBe(false);
    expect(v.reason).toBe(
      'moderation/api -> data/postgres:5432/TCP denied: ingress of data/postgres is isolated by data/default-deny and no ingress rule matches',
    );
    const withIngress = [...policies, np('data', 'pg-from-api', { podSelector: { matchLabels: { app: 'postgres' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'trust' } }, podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 5432 }] }] })];
    const ok = isAllowed(withIngress, world, api, postgres, 5432);
    expect(ok.allowed).toBe(true);
    expect(ok.reason).toBe(
      'moderation/api -> data/postgres:5432/TCP allowed: egress of moderation/api allowed by moderation/api-egress egress[0]; ingress of data/postgres allowed by data/pg-from-api ingress[0]',
    );
  });

  it('rules of several policies selecting a pod are additive', () => {
    const policies = [
      denyAll('data'),
      np('data', 'a', { podSelector: { matchLabels: { app: 'postgres' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'trust' } } }] }] }),
      np('data', 'b', { podSelector: { matchLabels: { app: 'postgres' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'sre' } } }] }] }),
    ];
    expect(isAllowed(policies, world, api, postgres, 5432).allowed).toBe(true);
    expect(isAllowed(policies, world, prometheus, postgres, 5432).allowed).toBe(true);
    expect(isAllowed(policies, world, dataApi, postgres, 5432).allowed).toBe(false);
  });

  it('allows DNS egress to kube-system kube-dns on UDP and TCP 53 only', () => {
    const policies = [
      denyAll('moderation'),
      np('moderation', 'allow-dns', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
            ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
          },
        ],
      }),
    ];
    expect(
      checkConnectivity(policies, world, [
        { from: api, to: kubeDns, port: 53, protocol: 'UDP', allowed: true },
        { from: worker, to: kubeDns, port: 53, protocol: 'TCP', allowed: true },
        { from: api, to: kubeDns, port: 5353, protocol: 'UDP', allowed: false },
        { from: api, to: { namespace: 'kube-system', labels: { 'k8s-app': 'metrics-server' } }, port: 53, protocol: 'UDP', allowed: false },
        { from: api, to: { namespace: 'default', labels: { 'k8s-app': 'kube-dns' } }, port: 53, protocol: 'UDP', allowed: false },
        { from: api, to: { ip: '8.8.8.8' }, port: 53, protocol: 'UDP', allowed: false },
      ]),
    ).toEqual([]);
  });

  it('checkConnectivity reports each unexpected outcome with its reason', () => {
    expect(
      checkConnectivity([denyAll('moderation')], world, [
        { from: api, to: worker, port: 9090, allowed: true },
        { from: prometheus, to: postgres, port: 5432, allowed: false },
      ]),
    ).toEqual([
      'expected allowed but moderation/api -> moderation/worker:9090/TCP denied: egress of moderation/api is isolated by moderation/default-deny and no egress rule matches; ingress of moderation/worker is isolated by moderation/default-deny and no ingress rule matches',
      'expected denied but monitoring/prometheus -> data/postgres:5432/TCP allowed: egress of monitoring/prometheus is not isolated; ingress of data/postgres is not isolated',
    ]);
  });

  it('ignores other kinds and rejects policies the API server would reject', () => {
    expect(isAllowed([{ apiVersion: 'v1', kind: 'Service' }], world, api, postgres, 5432).allowed).toBe(true);
    expect(() => isAllowed([np('data', 'bad', { podSelector: {}, ingress: [{ from: [{}] }] })], world, api, postgres, 1)).toThrow(/exactly one/);
    expect(() =>
      isAllowed([np('data', 'bad', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] }] })], world, api, postgres, 1),
    ).toThrow(/exactly one/);
    expect(() => isAllowed([{ ...np('x', 'n', {}), metadata: { name: 'n' } }], world, api, postgres, 1)).toThrow(/namespace/);
    expect(() => isAllowed([], world, internet, { ip: '1.1.1.1' }, 1)).toThrow(/pod/);
  });
});
