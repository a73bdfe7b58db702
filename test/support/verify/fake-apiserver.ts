/**
 * An in-process HTTP server that speaks the parts of the Kubernetes REST protocol the verifier (and
 * kubectl's read paths) use: discovery (/api, /apis, /apis/<group>, /api/v1, /apis/<group>/<version>),
 * GET and LIST of namespaced and cluster-scoped resources (per namespace and across namespaces) with
 * `labelSelector`, `fieldSelector` (metadata.name/metadata.namespace), `limit`/`continue` pagination,
 * typed `<Kind>List` responses, and `Status` error bodies. Writes are refused (405): the verifier must
 * never write. Fault injection: per-path status codes (optionally N times), hangs, latency.
 */
import http from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import { matchesSelector, parseLabelSelector } from '../../../core/label-selector';

export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular?: string;
  namespaced: boolean;
  shortNames?: string[];
  /** Custom resources keep apiVersion/kind on list items; built-in typed lists omit them. */
  custom?: boolean;
}

export interface Fault {
  /** Matches the request path (without query); a string matches exactly, a RegExp anywhere. */
  path: string | RegExp;
  /** Respond with this HTTP status and a matching `Status` body. */
  status?: number;
  /** Never respond (the client must time out). */
  hang?: boolean;
  /** Extra delay before responding, in ms. */
  delayMs?: number;
  /** Apply to this many matching requests, then stop (default: forever). */
  times?: number;
  /** Retry-After header value (seconds) for 429/503. */
  retryAfter?: number;
  message?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
}

const STATUS_REASON: Record<number, string> = {
  400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed', 409: 'Conflict',
  410: 'Expired', 429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable', 504: 'Timeout',
};

const core = (kind: string, plural: string, namespaced: boolean, shortNames?: string[]): ResourceType => ({ group: '', version: 'v1', kind, plural, namespaced, shortNames });
const builtIn = (group: string, version: string, kind: string, plural: string, namespaced: boolean, shortNames?: string[]): ResourceType => ({ group, version, kind, plural, namespaced, shortNames });

/** Built-in resource types of a Kubernetes 1.32 API server (the subset the platform uses, plus a few). */
export const BUILT_IN_TYPES: ResourceType[] = [
  core('Namespace', 'namespaces', false, ['ns']),
  core('ServiceAccount', 'serviceaccounts', true, ['sa']),
  core('Service', 'services', true, ['svc']),
  core('ConfigMap', 'configmaps', true, ['cm']),
  core('Secret', 'secrets', true),
  core('Pod', 'pods', true, ['po']),
  core('PersistentVolumeClaim', 'persistentvolumeclaims', true, ['pvc']),
  builtIn('apps', 'v1', 'Deployment', 'deployments', true, ['deploy']),
  builtIn('apps', 'v1', 'StatefulSet', 'statefulsets', true, ['sts']),
  builtIn('apps', 'v1', 'DaemonSet', 'daemonsets', true, ['ds']),
  builtIn('apps', 'v1', 'ReplicaSet', 'replicasets', true, ['rs']),
  builtIn('batch', 'v1', 'Job', 'jobs', true),
  builtIn('batch', 'v1', 'CronJob', 'cronjobs', true, ['cj']),
  builtIn('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, ['hpa']),
  builtIn('autoscaling', 'v1', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, ['hpa']),
  builtIn('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, ['pdb']),
  builtIn('scheduling.k8s.io', 'v1', 'PriorityClass', 'priorityclasses', false, ['pc']),
  builtIn('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, ['netpol']),
  builtIn('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, ['ing']),
  builtIn('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  builtIn('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  builtIn('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true),
  builtIn('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true),
  builtIn('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, ['crd', 'crds']),
];

const crd = (group: string, version: string, kind: string, plural: string, namespaced: boolean): ResourceType => ({ group, version, kind, plural, namespaced, custom: true });

/** The platform's custom resource types (installed by cert-manager, ESO, Envoy Gateway, KEDA, ...). */
export const PLATFORM_CRDS: ResourceType[] = [
  crd('cert-manager.io', 'v1', 'Certificate', 'certificates', true),
  crd('cert-manager.io', 'v1', 'ClusterIssuer', 'clusterissuers', false),
  crd('cert-manager.io', 'v1', 'Issuer', 'issuers', true),
  crd('external-secrets.io', 'v1', 'ExternalSecret', 'externalsecrets', true),
  crd('external-secrets.io', 'v1', 'SecretStore', 'secretstores', true),
  crd('external-secrets.io', 'v1', 'ClusterSecretStore', 'clustersecretstores', false),
  crd('gateway.networking.k8s.io', 'v1', 'Gateway', 'gateways', true),
  crd('gateway.networking.k8s.io', 'v1', 'HTTPRoute', 'httproutes', true),
  crd('gateway.networking.k8s.io', 'v1', 'GatewayClass', 'gatewayclasses', false),
  crd('gateway.envoyproxy.io', 'v1alpha1', 'BackendTrafficPolicy', 'backendtrafficpolicies', true),
  crd('gateway.envoyproxy.io', 'v1alpha1', 'ClientTrafficPolicy', 'clienttrafficpolicies', true),
  crd('gateway.envoyproxy.io', 'v1alpha1', 'EnvoyProxy', 'envoyproxies', true),
  crd('gateway.envoyproxy.io', 'v1alpha1', 'SecurityPolicy', 'securitypolicies', true),
  crd('monitoring.coreos.com', 'v1', 'PodMonitor', 'podmonitors', true),
  crd('monitoring.coreos.com', 'v1', 'ServiceMonitor', 'servicemonitors', true),
  crd('monitoring.coreos.com', 'v1', 'PrometheusRule', 'prometheusrules', true),
  crd('monitoring.coreos.com', 'v1alpha1', 'AlertmanagerConfig', 'alertmanagerconfigs', true),
  crd('keda.sh', 'v1alpha1', 'ScaledObject', 'scaledobjects', true),
  crd('keda.sh', 'v1alpha1', 'TriggerAuthentication', 'triggerauthentications', true),
  crd('argoproj.io', 'v1alpha1', 'Application', 'applications', true),
  crd('argoproj.io', 'v1alpha1', 'Rollout', 'rollouts', true),
  crd('argoproj.io', 'v1alpha1', 'AnalysisTemplate', 'analysistemplates', true),
];

const gvOf = (t: { group: string; version: string }): string => (t.group ? `${t.group}/${t.version}` : t.version);

interface Stored {
  type: ResourceType;
  object: any;
}

export class FakeApiServer {
  readonly requests: RecordedRequest[] = [];
  /** Fixed latency added to every response, in ms (the benchmark's round trip). */
  latencyMs = 0;
  /** TCP connections accepted (to check that the client keeps connections alive). */
  connections = 0;
  /** Highest number of requests handled at the same time (to check the client's concurrency bound). */
  maxConcurrent = 0;
  private concurrent = 0;
  /** When set, requests without `Authorization: Bearer <token>` get 401. */
  requiredToken?: string;
  private types: ResourceType[];
  private readonly objects = new Map<string, Stored>();
  private faults: (Fault & { used: number })[] = [];
  private resourceVersion = 1000;
  private server?: http.Server;
  private readonly hanging = new Set<http.ServerResponse>();

  /** With `tls`, serves HTTPS with that key and certificate, as a real API server does. */
  constructor(
    types: ResourceType[] = [...BUILT_IN_TYPES, ...PLATFORM_CRDS],
    private readonly tls?: { key: string | Buffer; cert: string | Buffer },
  ) {
    this.types = [...types];
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('fake API server not started');
    return `${this.tls ? 'https' : 'http'}://127.0.0.1:${address.port}`;
  }

  async start(): Promise<string> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => this.handle(req, res);
    this.server = this.tls ? https.createServer(this.tls, handler) : http.createServer(handler);
    this.server.keepAliveTimeout = 5000;
    this.server.on('connection', () => this.connections++);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  /** Removes a resource type (uninstalls its CRD); its group disappears from /apis when it has no types left. */
  removeType(group: string, kind: string): void {
    this.types = this.types.filter((t) => !(t.group === group && t.kind === kind));
  }

  addType(type: ResourceType): void {
    this.types.push(type);
  }

  /** Adds or replaces objects. Server-side metadata (uid, resourceVersion, generation, creationTimestamp) is filled in. */
  apply(...objects: any[]): void {
    for (const object of objects) {
      const type = this.typeFor(object.apiVersion, object.kind);
      if (!type) throw new Error(`fake API server: no type for ${object.apiVersion} ${object.kind}`);
      const key = this.key(type, object.metadata.namespace, object.metadata.name);
      const copy = structuredClone(object);
      copy.metadata = {
        uid: `00000000-0000-4000-8000-${String(this.objects.size).padStart(12, '0')}`,
        creationTimestamp: '2026-11-25T10:00:00Z',
        generation: 1,
        ...copy.metadata,
        resourceVersion: String(++this.resourceVersion),
      };
      if (!type.namespaced) delete copy.metadata.namespace;
      this.objects.set(key, { type, object: copy });
    }
  }

  /** Mutates a stored object in place (e.g. a controller writing status). */
  update(apiVersion: string, kind: string, namespace: string | undefined, name: string, mutate: (object: any) => void): void {
    const type = this.typeFor(apiVersion, kind);
    const stored = type && this.objects.get(this.key(type, namespace, name));
    if (!stored) throw new Error(`fake API server: no ${kind} ${namespace ?? ''}/${name}`);
    mutate(stored.object);
    stored.object.metadata.resourceVersion = String(++this.resourceVersion);
  }

  delete(apiVersion: string, kind: string, namespace: string | undefined, name: string): void {
    const type = this.typeFor(apiVersion, kind);
    if (type) this.objects.delete(this.key(type, namespace, name));
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault, used: 0 });
  }

  clearFaults(): void {
    this.faults = [];
  }

  private typeFor(apiVersion: string, kind: string): ResourceType | undefined {
    return this.types.find((t) => gvOf(t) === apiVersion && t.kind === kind)
      // Objects of another served version of the same group/kind (e.g. autoscaling/v1 vs v2) share storage.
      ?? this.types.find((t) => t.kind === kind && apiVersion.startsWith(t.group ? `${t.group}/` : 'v'));
  }

  /** Storage is keyed by group (not version): versions of one resource are views of the same objects. */
  private key(type: ResourceType, namespace: string | undefined, name: string): string {
    return `${type.group}/${type.plural}/${type.namespaced ? namespace ?? 'default' : ''}/${name}`;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = Object.fromEntries(url.searchParams.entries());
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, query, authorization: req.headers.authorization });
    this.concurrent++;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.concurrent);
    res.on('close', () => this.concurrent--);
    const fault = this.faults.find((f) => (typeof f.path === 'string' ? f.path === url.pathname : f.path.test(url.pathname)) && (f.times === undefined || f.used < f.times));
    if (fault) fault.used++;
    const respond = (): void => {
      if (fault?.hang) {
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        return;
      }
      if (fault?.status) {
        const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {};
        return this.status(res, fault.status, fault.message ?? this.defaultMessage(fault.status, url.pathname), undefined, headers);
      }
      this.route(req, res, url, query);
    };
    const delay = this.latencyMs + (fault?.delayMs ?? 0);
    if (delay > 0) setTimeout(respond, delay);
    else respond();
  }

  private defaultMessage(code: number, path: string): string {
    switch (code) {
      case 403: {
        const m = /^\/(?:api|apis\/([^/]+))\/[^/]+\/(?:namespaces\/([^/]+)\/)?([^/]+)/.exec(path);
        const [group, namespace, plural] = m ? [m[1] ?? '', m[2], m[3]] : ['', undefined, 'resource'];
        return `${plural}${group ? `.${group}` : ''} is forbidden: User "system:serviceaccount:ci:moderation-verify" cannot list resource "${plural}" in API group "${group}" ${namespace ? `in the namespace "${namespace}"` : 'at the cluster scope'}`;
      }
      case 429:
        return 'Too many requests, please try again later.';
      case 500:
        return 'Internal error occurred: etcdserver: request timed out';
      case 503:
        return 'the server is currently unable to handle the request';
      default:
        return STATUS_REASON[code] ?? `HTTP ${code}`;
    }
  }

  private send(res: http.ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private', ...headers });
    res.end(text);
  }

  private status(res: http.ServerResponse, code: number, message: string, details?: Record<string, unknown>, headers?: Record<string, string>): void {
    this.send(res, code, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason: STATUS_REASON[code] ?? 'Unknown',
      details: details ?? (code === 429 && headers?.['Retry-After'] ? { retryAfterSeconds: Number(headers['Retry-After']) } : {}),
      code,
    }, headers);
  }

  private route(req: http.IncomingMessage, res: http.ServerResponse, url: URL, query: Record<string, string>): void {
    if (this.requiredToken && req.headers.authorization !== `Bearer ${this.requiredToken}`) {
      return this.status(res, 401, 'Unauthorized');
    }
    if (req.method !== 'GET') {
      return this.status(res, 405, `the server does not allow this method on the requested resource (fake API server is read-only)`);
    }
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === 'api') {
      if (parts.length === 1) {
        return this.send(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${(this.server!.address() as AddressInfo).port}` }] });
      }
      return this.resourcePath(res, '', parts[1], parts.slice(2), query);
    }
    if (parts[0] === 'apis') {
      if (parts.length === 1) return this.send(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: this.groups() });
      if (parts.length === 2) {
        const group = this.groups().find((g) => g.name === parts[1]);
        return group ? this.send(res, 200, { kind: 'APIGroup', apiVersion: 'v1', ...group }) : this.notFoundPath(res);
      }
      return this.resourcePath(res, parts[1], parts[2], parts.slice(3), query);
    }
    if (url.pathname === '/version') {
      return this.send(res, 200, { major: '1', minor: '32', gitVersion: 'v1.32.0-fake', platform: 'linux/amd64' });
    }
    return this.notFoundPath(res);
  }

  /** The API server's answer for a path it does not serve (unknown group/version or resource). */
  private notFoundPath(res: http.ServerResponse): void {
    this.status(res, 404, 'the server could not find the requested resource');
  }

  private groups(): { name: string; versions: { groupVersion: string; version: string }[]; preferredVersion: { groupVersion: string; version: string } }[] {
    const byGroup = new Map<string, string[]>();
    for (const t of this.types) {
      if (!t.group) continue;
      const versions = byGroup.get(t.group) ?? [];
      if (!versions.includes(t.version)) versions.push(t.version);
      byGroup.set(t.group, versions);
    }
    return [...byGroup.entries()].map(([name, versions]) => {
      const list = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
      return { name, versions: list, preferredVersion: list[0] };
    });
  }

  private resourcePath(res: http.ServerResponse, group: string, version: string, rest: string[], query: Record<string, string>): void {
    const types = this.types.filter((t) => t.group === group && t.version === version);
    if (types.length === 0) return this.notFoundPath(res);
    if (rest.length === 0) {
      return this.send(res, 200, {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: group ? `${group}/${version}` : version,
        resources: types.flatMap((t) => [
          {
            name: t.plural,
            singularName: t.singular ?? t.kind.toLowerCase(),
            namespaced: t.namespaced,
            kind: t.kind,
            verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
            ...(t.shortNames ? { shortNames: t.shortNames } : {}),
            storageVersionHash: Buffer.from(`${group}/${t.plural}`).toString('base64').slice(0, 11),
          },
          { name: `${t.plural}/status`, singularName: '', namespaced: t.namespaced, kind: t.kind, verbs: ['get', 'patch', 'update'] },
        ]),
      });
    }
    // namespaces/<ns>/<plural>[/<name>] — or a cluster-scoped /namespaces/<name>
    let namespace: string | undefined;
    let plural: string;
    let name: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      [, namespace, plural, name] = rest;
    } else {
      [plural, name] = rest;
    }
    if (rest.length > (namespace !== undefined ? 4 : 2)) return this.notFoundPath(res); // subresources are not served
    const type = types.find((t) => t.plural === plural);
    if (!type || (namespace !== undefined && !type.namespaced)) return this.notFoundPath(res);
    if (name !== undefined) return this.getOne(res, type, namespace, name);
    return this.list(res, type, namespace, query);
  }

  /** Shallow: the result is serialised immediately, never stored or mutated. */
  private present(type: ResourceType, object: any, inList: boolean): any {
    if (inList && !type.custom) {
      const { apiVersion: _apiVersion, kind: _kind, ...rest } = object;
      return rest;
    }
    return { ...object, apiVersion: gvOf(type), kind: type.kind };
  }

  private getOne(res: http.ServerResponse, type: ResourceType, namespace: string | undefined, name: string): void {
    if (type.namespaced && namespace === undefined) return this.notFoundPath(res);
    const stored = this.objects.get(this.key(type, namespace, name));
    if (!stored) {
      return this.status(res, 404, `${type.plural}${type.group ? `.${type.group}` : ''} "${name}" not found`, { name, group: type.group, kind: type.plural });
    }
    this.send(res, 200, this.present(type, stored.object, false));
  }

  private list(res: http.ServerResponse, type: ResourceType, namespace: string | undefined, query: Record<string, string>): void {
    let matches: (labels: Record<string, string> | undefined) => boolean;
    try {
      const selector = parseLabelSelector(query.labelSelector ?? '');
      matches = (labels) => matchesSelector(selector, labels ?? {});
    } catch (error) {
      return this.status(res, 400, `unable to parse requirement: ${(error as Error).message}`);
    }
    const fields = (query.fieldSelector ?? '').split(',').filter(Boolean).map((f) => f.split(/!?=+/));
    const items = [...this.objects.values()]
      .filter((s) => s.type.group === type.group && s.type.plural === type.plural)
      .map((s) => s.object)
      .filter((o) => namespace === undefined || o.metadata.namespace === namespace)
      .filter((o) => matches(o.metadata.labels))
      .filter((o) => fields.every(([field, value]) => (field === 'metadata.name' ? o.metadata.name : field === 'metadata.namespace' ? o.metadata.namespace : undefined) === value))
      .sort((a, b) => `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace ?? ''}/${b.metadata.name}`));
    let start = 0;
    let listRv = String(this.resourceVersion);
    if (query.continue) {
      try {
        const token = JSON.parse(Buffer.from(query.continue, 'base64url').toString('utf8'));
        if (typeof token.start !== 'number' || typeof token.rv !== 'string') throw new Error('bad token');
        start = token.start;
        listRv = token.rv;
      } catch {
        return this.status(res, 400, 'continue key is not valid: illegal base64 data');
      }
    }
    const limit = query.limit ? Number(query.limit) : 0;
    const page = limit > 0 ? items.slice(start, start + limit) : items.slice(start);
    const next = limit > 0 && start + limit < items.length ? start + limit : undefined;
    const metadata: Record<string, unknown> = { resourceVersion: listRv };
    if (next !== undefined) {
      metadata.continue = Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: listRv, start: next })).toString('base64url');
      metadata.remainingItemCount = items.length - next;
    }
    this.send(res, 200, { kind: `${type.kind}List`, apiVersion: gvOf(type), metadata, items: page.map((o) => this.present(type, o, true)) });
  }
}
