/**
 * One HTTP GET to the API server with a hard per-request timeout. Deliberately below client-node's
 * generated API classes: those (client-node 2.x) have no timeout, no retry and no access to response
 * headers such as Retry-After, and their discovery path turns a missing CRD into an opaque error.
 * client-node still owns everything about *credentials* (kubeconfig parsing, contexts, exec/OIDC
 * plugins, client certificates, proxies): see kubeconfig.ts, which produces a `Connection`.
 */
import http from 'node:http';
import https from 'node:https';
import { ApiError } from './errors';

export interface Connection {
  /** Base URL of the API server as in the kubeconfig (may carry a path prefix, e.g. Rancher's proxy). */
  server: string;
  /** TLS material, agent and auth headers for one request; called per request so tokens can refresh. */
  requestOptions(): Promise<https.RequestOptions>;
}

/** A Connection for a plain URL with an optional bearer token (tests, benchmarks, in-process use). */
export function plainConnection(server: string, token?: string): Connection {
  return {
    server,
    requestOptions: async () => (token ? { headers: { Authorization: `Bearer ${token}` } } : {}),
  };
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const USER_AGENT = 'moderation-k8s-verify';

export async function httpGet(connection: Connection, path: string, timeoutMs: number): Promise<HttpResponse> {
  const url = new URL(connection.server.replace(/\/+$/, '') + path);
  const base = await connection.requestOptions();
  const signal = AbortSignal.timeout(timeoutMs);
  const transport = url.protocol === 'http:' ? http : https;
  const options: https.RequestOptions = {
    ...base,
    method: 'GET',
    protocol: url.protocol,
    hostname: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port || undefined,
    path: url.pathname + url.search,
    headers: { ...(base.headers ?? {}), Accept: 'application/json', 'User-Agent': USER_AGENT },
    signal,
  };
  return new Promise<HttpResponse>((resolve, reject) => {
    const fail = (error: Error & { code?: string }): void => {
      if (signal.aborted) {
        reject(new ApiError('timeout', `GET ${path} timed out after ${timeoutMs}ms`, path));
      } else if (/CERT|SSL|TLS|SELF_SIGNED|HOSTNAME|ALTNAME/.test(`${error.code ?? ''} ${error.message}`)) {
        reject(new ApiError('unreachable', `TLS handshake with ${url.origin} failed: ${error.code ?? error.message}`, path));
      } else {
        reject(new ApiError('unreachable', `cannot reach ${url.origin}: ${error.code ?? error.message}`, path));
      }
    };
    const request = transport.request(options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', fail);
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    request.on('error', fail);
    request.end();
  });
}
