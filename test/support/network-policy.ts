/**
 * An evaluator of Kubernetes NetworkPolicy semantics (networking.k8s.io/v1), for tests that assert which
 * connections the synthesized policies allow. Policies are plain objects as parsed from YAML; objects of
 * other kinds in the list are ignored, so a whole manifest set can be passed.
 *
 * A pod-to-pod connection is allowed iff the source's egress allows it AND the destination's ingress
 * allows it. A side is allowed when no policy isolates it (selects the pod with that policy type) or when
 * a rule of one of the isolating policies matches both the peer and the port. Pod → external IP only
 * involves the source's egress, external IP → pod only the destination's ingress.
 *
 * Not modelled: Services/DNAT (ports are the destination pod's ports, i.e. the Service targetPort),
 * hostNetwork pods and node traffic, IPv6, CNI-specific extensions, and reply traffic (NetworkPolicy is
 * stateful: replies to an allowed connection are always allowed, so they need not be asked about).
 */
import { cidrContains } from './ipv4';
import { describeSelector, LabelSelector, matchesSelector } from '../../core/label-selector';

/** A container port of a pod (as in the pod spec). */
export interface ContainerPort {
  name?: string;
  containerPort: number;
  /** Defaults to TCP. */
  protocol?: string;
}

/** A pod: its namespace, labels and (for named ports) container ports; `ip` makes ipBlocks apply to it. */
export interface Pod {
  /** Only used in messages. */
  name?: string;
  namespace: string;
  labels: Record<string, string>;
  ports?: ContainerPort[];
  ip?: string;
}

/** An endpoint outside the cluster, by IPv4 address. */
export interface External {
  ip: string;
}

/** A namespace and its labels (`kubernetes.io/metadata.name` is added automatically). */
export interface Namespace {
  name: string;
  labels?: Record<string, string>;
}

/** The namespaces of the cluster, for namespaceSelectors. Unlisted namespaces have only the automatic label. */
export interface World {
  namespaces: Namespace[];
}

/** The outcome for one connection, with a human-readable reason. */
export interface Verdict {
  allowed: boolean;
  reason: string;
}

type Direction = 'Ingress' | 'Egress';

interface PolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

interface Rule {
  ports?: PolicyPort[];
  from?: Peer[];
  to?: Peer[];
}

interface Policy {
  name: string;
  namespace: string;
  podSelector: LabelSelector;
  policyTypes: Direction[];
  ingress: Rule[];
  egress: Rule[];
}

/** Whether an endpoint is a pod (has a namespace) rather than an external IP. */
export function isPod(endpoint: Pod | External): endpoint is Pod {
  return typeof (endpoint as Pod).namespace === 'string';
}

/**
 * Decides whether `from` may open a connection to `to` on `port`/`protocol` under `policies`.
 * At least one side must be a pod. Throws on policies the API server would reject (missing namespace,
 * empty peer, ipBlock combined with selectors, unknown policy type or selector operator).
 */
export function isAllowed(
  policies: readonly unknown[],
  world: World,
  from: Pod | External,
  to: Pod | External,
  port: number,
  protocol = 'TCP',
): Verdict {
  if (!isPod(from) && !isPod(to)) throw new Error('isAllowed: at least one endpoint must be a pod');
  const parsed = policies.filter(isNetworkPolicy).map(parsePolicy);
  const conn: Connection = { from, to, port, protocol, world };
  const sides = [isPod(from) ? side(parsed, 'Egress', from, conn) : undefined, isPod(to) ? side(parsed, 'Ingress', to, conn) : undefined]
    .filter((s): s is Verdict => s !== undefined);
  const allowed = sides.every((s) => s.allowed);
  const reasons = (allowed ? sides : sides.filter((s) => !s.allowed)).map((s) => s.reason);
  return { allowed, reason: `${describeConnection(conn)} ${allowed ? 'allowed' : 'denied'}: ${reasons.join('; ')}` };
}

/** One expected outcome for checkConnectivity. */
export interface Expectation {
  from: Pod | External;
  to: Pod | External;
  port: number;
  protocol?: string;
  allowed: boolean;
}

/** Evaluates a matrix of expectations; returns one message per connection whose outcome differs (empty = all as expected). */
export function checkConnectivity(policies: readonly unknown[], world: World, expectations: readonly Expectation[]): string[] {
  return expectations.flatMap((e) => {
    const verdict = isAllowed(policies, world, e.from, e.to, e.port, e.protocol);
    return verdict.allowed === e.allowed ? [] : [`expected ${e.allowed ? 'allowed' : 'denied'} but ${verdict.reason}`];
  });
}

interface Connection {
  from: Pod | External;
  to: Pod | External;
  port: number;
  protocol: string;
  world: World;
}

/** The verdict of one side: egress of the source pod or ingress of the destination pod. */
function side(policies: Policy[], direction: Direction, pod: Pod, conn: Connection): Verdict {
  const what = `${direction.toLowerCase()} of ${describeEndpoint(pod)}`;
  const isolating = policies.filter(
    (p) => p.namespace === pod.namespace && p.policyTypes.includes(direction) && matchesSelector(p.podSelector, pod.labels),
  );
  if (isolating.length === 0) return { allowed: true, reason: `${what} is not isolated` };
  const peer = direction === 'Egress' ? conn.to : conn.from;
  for (const policy of isolating) {
    const rules = direction === 'Egress' ? policy.egress : policy.ingress;
    for (const [i, rule] of rules.entries()) {
      const peers = direction === 'Egress' ? rule.to : rule.from;
      if (peersMatch(peers, peer, policy.namespace, conn.world) && portsMatch(rule.ports, conn)) {
        return { allowed: true, reason: `${what} allowed by ${policy.namespace}/${policy.name} ${direction.toLowerCase()}[${i}]` };
      }
    }
  }
  const names = isolating.map((p) => `${p.namespace}/${p.name}`).join(', ');
  return { allowed: false, reason: `${what} is isolated by ${names} and no ${direction.toLowerCase()} rule matches` };
}

/** Missing or empty peers match every endpoint; otherwise any one peer must match. */
function peersMatch(peers: Peer[] | undefined, endpoint: Pod | External, policyNamespace: string, world: World): boolean {
  if (!peers || peers.length === 0) return true;
  return peers.some((peer) => peerMatches(peer, endpoint, policyNamespace, world));
}

function peerMatches(peer: Peer, endpoint: Pod | External, policyNamespace: string, world: World): boolean {
  if (peer.ipBlock) {
    const ip = endpoint.ip;
    if (ip === undefined) return false;
    return cidrContains(peer.ipBlock.cidr, ip) && !(peer.ipBlock.except ?? []).some((e) => cidrContains(e, ip));
  }
  if (!isPod(endpoint)) return false;
  const namespaceOk = peer.namespaceSelector
    ? matchesSelector(peer.namespaceSelector, namespaceLabels(world, endpoint.namespace))
    : endpoint.namespace === policyNamespace;
  return namespaceOk && (!peer.podSelector || matchesSelector(peer.podSelector, endpoint.labels));
}

/** Missing or empty ports match every port; otherwise any one entry must match. */
function portsMatch(ports: PolicyPort[] | undefined, conn: Connection): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => portMatches(p, conn));
}

function portMatches(p: PolicyPort, conn: Connection): boolean {
  const protocol = p.protocol ?? 'TCP';
  if (protocol !== conn.protocol) return false;
  if (p.port === undefined) return true;
  if (typeof p.port === 'number') return p.endPort === undefined ? conn.port === p.port : conn.port >= p.port && conn.port <= p.endPort;
  // A named port is resolved against the destination pod's container ports (name and protocol).
  if (!isPod(conn.to)) return false;
  return (conn.to.ports ?? []).some(
    (cp) => cp.name === p.port && (cp.protocol ?? 'TCP') === protocol && cp.containerPort === conn.port,
  );
}

function namespaceLabels(world: World, name: string): Record<string, string> {
  const ns = world.namespaces.find((n) => n.name === name);
  return { ...(ns?.labels ?? {}), 'kubernetes.io/metadata.name': name };
}

function isNetworkPolicy(obj: unknown): boolean {
  const o = obj as { kind?: unknown; apiVersion?: unknown } | null;
  return o !== null && typeof o === 'object' && o.kind === 'NetworkPolicy' && o.apiVersion === 'networking.k8s.io/v1';
}

/** Normalises a NetworkPolicy object, applying the API server's policyTypes defaulting. */
function parsePolicy(obj: unknown): Policy {
  const o = obj as { metadata?: { name?: string; namespace?: string }; spec?: Record<string, unknown> };
  const name = o.metadata?.name ?? '<unnamed>';
  const namespace = o.metadata?.namespace;
  if (!namespace) throw new Error(`NetworkPolicy ${name}: metadata.namespace is required to evaluate it`);
  const spec = o.spec ?? {};
  const ingress = (spec.ingress as Rule[] | undefined) ?? [];
  const egress = (spec.egress as Rule[] | undefined) ?? [];
  const declared = (spec.policyTypes as Direction[] | undefined) ?? [];
  // Defaulting as the API server does when policyTypes is missing or empty.
  const policyTypes: Direction[] = declared.length > 0 ? declared : egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  for (const t of policyTypes) if (t !== 'Ingress' && t !== 'Egress') throw new Error(`NetworkPolicy ${namespace}/${name}: unknown policyType ${t}`);
  for (const rule of [...ingress, ...egress]) {
    for (const peer of [...(rule.from ?? []), ...(rule.to ?? [])]) {
      const selectors = peer.podSelector !== undefined || peer.namespaceSelector !== undefined;
      if (peer.ipBlock ? selectors : !selectors) {
        throw new Error(`NetworkPolicy ${namespace}/${name}: a peer needs exactly one of ipBlock or pod/namespace selectors`);
      }
    }
  }
  return { name, namespace, podSelector: (spec.podSelector as LabelSelector | undefined) ?? {}, policyTypes, ingress, egress };
}

function describeEndpoint(e: Pod | External): string {
  if (!isPod(e)) return e.ip;
  return `${e.namespace}/${e.name ?? `pod(${describeSelector({ matchLabels: e.labels })})`}`;
}

function describeConnection(c: Connection): string {
  return `${describeEndpoint(c.from)} -> ${describeEndpoint(c.to)}:${c.port}/${c.protocol}`;
}
