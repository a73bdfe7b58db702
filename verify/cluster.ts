/**
 * Read-only access to the API server, as the verifier needs it: discovery of the group/versions the
 * manifests use, and paginated LISTs with a label selector. Owns what client-node 2.x does not:
 * per-request timeouts, retries with exponential backoff and full jitter on 429/5xx/timeouts
 * (honouring Retry-After), and classification of failures (see errors.ts).
 */
import { ApiError } from './errors';
import { isBuiltInGroup, parseApiVersion } from '../core/kinds';
import { Semaphore, sleep } from './concurrency';
import { Connection, HttpResponse, httpGet } from './transport';
import type { KubeObject } from '../core/object';

export interface ClusterOptions {
  /** Per-request timeout. */
  timeoutMs: number;
  /** Retries after the first attempt for 429, 5xx and timeouts. */
  retries: number;
  /** First backoff step; doubles per attempt, capped by backoffMaxMs, with full jitter. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Items per LIST page (`limit`). */
  pageSize: number;
  /** Requests in flight at once, across all callers (backoff waits do not hold a slot). */
  maxInFlight: number;
}

export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = {
  timeoutMs: 30_000,
  retries: 4,
  backoffBaseMs: 250,
  backoffMaxMs: 8_000,
  pageSize: 500,
  maxInFlight: 8,
};

/** Longest Retry-After the verifier will honour before retrying anyway. */
const MAX_RETRY_AFTER_MS = 60_000;

/** One resource type as served by the cluster (an entry of an APIResourceList). */
export interface ServedResource {
  group: string;
  version: string;
  kind: string;
  /** REST resource name, e.g. `deployments`. */
  plural: string;
  namespaced: boolean;
  verbs: string[];
}

/** Result of discovering one group/version: its resources, or why it is not served. */
export type GroupVersionDiscovery =
  | { served: true; resources: ServedResource[] }
  | { served: false; reason: string };

export interface RequestStats {
  requests: number;
  retries: number;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

export class ClusterClient {
  readonly stats: RequestStats = { requests: 0, retries: 0 };
  private readonly options: ClusterOptions;
  private readonly inFlight: Semaphore;

  constructor(
    private readonly connection: Connection,
    options: Partial<ClusterOptions> = {},
  ) {
    this.options = { ...DEFAULT_CLUSTER_OPTIONS, ...options };
    this.inFlight = new Semaphore(this.options.maxInFlight);
  }

  get server(): string {
    return this.connection.server;
  }

  /**
   * Discovers the given group/versions (`v1`, `apps/v1`, `cert-manager.io/v1`). One GET of `/apis`
   * tells which groups and versions exist, so a missing CRD is known without guessing from a 404;
   * then one GET per served group/version for its resource list.
   */
  async discover(groupVersions: readonly string[]): Promise<Map<string, GroupVersionDiscovery>> {
    const result = new Map<string, GroupVersionDiscovery>();
    const needsGroups = groupVersions.some((gv) => gv.includes('/'));
    const servedGroupVersions = new Set<string>(['v1']);
    if (needsGroups) {
      const groupList = await this.getJson<{ groups?: { name: string; versions?: { groupVersion: string }[] }[] }>('/apis');
      for (const group of groupList.groups ?? []) {
        for (const version of group.versions ?? []) servedGroupVersions.add(version.groupVersion);
      }
    }
    await Promise.all(
      groupVersions.map(async (gv) => {
        const { group, version } = parseApiVersion(gv);
        if (!servedGroupVersions.has(gv)) {
          const hint = isBuiltInGroup(group) ? 'removed in this Kubernetes version?' : 'is its CRD installed?';
          result.set(gv, { served: false, reason: `API group/version ${gv} is not served by the cluster (${hint})` });
          return;
        }
        const path = group ? `/apis/${gv}` : `/api/${gv}`;
        try {
          const list = await this.getJson<{ resources?: any[] }>(path);
          const resources = (list.resources ?? [])
            .filter((r) => typeof r.name === 'string' && !r.name.includes('/'))
            .map<ServedResource>((r) => ({
              group,
              version,
              kind: r.kind,
              plural: r.name,
              namespaced: Boolean(r.namespaced),
              verbs: Array.isArray(r.verbs) ? r.verbs : [],
            }));
          result.set(gv, { served: true, resources });
        } catch (error) {
          // Listed in /apis but its resource list 404s: the CRD was just removed, or an aggregated API is down.
          if (error instanceof ApiError && (error.failure === 'pathNotFound' || error.failure === 'notFound')) {
            result.set(gv, { served: false, reason: `API group/version ${gv} is not served by the cluster` });
          } else {
            throw error;
          }
        }
      }),
    );
    return result;
  }

  /**
   * Lists one resource type, in one namespace (or cluster-wide for cluster-scoped kinds), following
   * `continue` tokens. Items get `apiVersion`/`kind` filled in: typed lists omit them per item.
   */
  async list(resource: ServedResource, namespace: string | null, labelSelector?: string): Promise<KubeObject[]> {
    const gv = resource.group ? `${resource.group}/${resource.version}` : resource.version;
    const base = resourcePath(resource, namespace);
    let restartedAfterExpiry = false;
    for (;;) {
      const items: KubeObject[] = [];
      let token: string | undefined;
      try {
        do {
          const query = new URLSearchParams({ limit: String(this.options.pageSize) });
          if (labelSelector) query.set('labelSelector', labelSelector);
          if (token) query.set('continue', token);
          const page = await this.getJson<{ items?: KubeObject[]; metadata?: { continue?: string } }>(`${base}?${query}`);
          for (const item of page.items ?? []) items.push({ ...item, apiVersion: gv, kind: resource.kind });
          token = page.metadata?.continue || undefined;
        } while (token);
        return items;
      } catch (error) {
        // 410 Gone: the continue token outlived etcd compaction; a consistent list needs a fresh start.
        if (error instanceof ApiError && error.failure === 'gone' && !restartedAfterExpiry) {
          restartedAfterExpiry = true;
          continue;
        }
        throw error;
      }
    }
  }

  /** GETs one object; undefined when it does not exist. */
  async get(resource: ServedResource, namespace: string | null, name: string): Promise<KubeObject | undefined> {
    const path = `${resourcePath(resource, namespace)}/${encodeURIComponent(name)}`;
    try {
      return await this.getJson<KubeObject>(path);
    } catch (error) {
      if (error instanceof ApiError && error.failure === 'notFound') return undefined;
      throw error;
    }
  }

  /** GET with retries; resolves with the parsed body of a 2xx response, or rejects with an ApiError. */
  async getJson<T>(path: string): Promise<T> {
    const { retries } = this.options;
    for (let attempt = 0; ; attempt++) {
      let response: HttpResponse | undefined;
      let failure: ApiError;
      try {
        this.stats.requests++;
        response = await this.inFlight.run(() => httpGet(this.connection, path, this.options.timeoutMs));
        if (response.status >= 200 && response.status < 300) return parseJson<T>(response.body, path);
        failure = classify(response, path);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        failure = error;
      }
      const retryable = response ? RETRYABLE_STATUS.has(response.status) : failure.failure === 'timeout';
      if (!retryable || attempt >= retries) throw failure;
      this.stats.retries++;
      await sleep(this.backoffDelay(attempt, response));
    }
  }

  private backoffDelay(attempt: number, response?: HttpResponse): number {
    const ceiling = Math.min(this.options.backoffMaxMs, this.options.backoffBaseMs * 2 ** attempt);
    const jittered = Math.random() * ceiling;
    const retryAfter = parseRetryAfter(response?.headers['retry-after']);
    return retryAfter === undefined ? jittered : Math.max(jittered, Math.min(retryAfter, MAX_RETRY_AFTER_MS));
  }
}

/** `/apis/<group>/<version>[/namespaces/<ns>]/<plural>` (core group: `/api/v1/...`). */
function resourcePath(resource: ServedResource, namespace: string | null): string {
  const prefix = resource.group ? `/apis/${resource.group}/${resource.version}` : `/api/${resource.version}`;
  return namespace !== null && resource.namespaced
    ? `${prefix}/namespaces/${encodeURIComponent(namespace)}/${resource.plural}`
    : `${prefix}/${resource.plural}`;
}

function parseJson<T>(body: string, path: string): T {
  try {
    return JSON.parse(body) as T;
  } catch {
    throw new ApiError('protocol', `GET ${path}: response is not JSON`, path);
  }
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  details?: { name?: string; kind?: string };
}

/** Maps a non-2xx response to an ApiError, using the `Status` body the API server sends. */
function classify(response: HttpResponse, path: string): ApiError {
  let status: StatusBody = {};
  try {
    status = JSON.parse(response.body) as StatusBody;
  } catch {
    // Proxies and load balancers answer with HTML or plain text.
  }
  const text = status.kind === 'Status' && status.message ? status.message : response.body.trim().slice(0, 200) || `HTTP ${response.status}`;
  const code = response.status;
  switch (true) {
    case code === 401:
      return new ApiError('unauthorized', `authentication refused by the API server (401): ${text}`, path, code);
    case code === 403:
      return new ApiError('forbidden', text, path, code);
    case code === 404:
      // An object NotFound names the object in `details`; a path the server does not serve has none.
      return status.details?.name
        ? new ApiError('notFound', text, path, code)
        : new ApiError('pathNotFound', `${path}: ${text}`, path, code);
    case code === 410:
      return new ApiError('gone', text, path, code);
    case code === 429:
      return new ApiError('throttled', `throttled by the API server (429): ${text}`, path, code);
    case code >= 500:
      return new ApiError('server', `API server error ${code}: ${text}`, path, code);
    default:
      return new ApiError('protocol', `unexpected HTTP ${code} for GET ${path}: ${text}`, path, code);
  }
}
