/**
 * Credentials from a kubeconfig, through client-node's KubeConfig: the same files kubectl reads
 * (`--kubeconfig`, else every file in KUBECONFIG merged, else ~/.kube/config, else the in-cluster
 * service account), the same context selection, and client-node's authenticators (exec plugins,
 * OIDC, client certificates, proxies).
 *
 * client-node 2.x is an ES module. Node >= 20.19 loads it from CommonJS (`require(esm)`), which is how
 * the CLI runs; Jest's CommonJS runtime cannot, so this module is only ever loaded lazily (verify.ts)
 * and tests hand the library a ready `Connection` instead.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeconfigError } from './errors';
import { Connection } from './transport';

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export interface KubeconfigOptions {
  kubeconfig?: string;
  context?: string;
}

export interface KubeconfigConnection extends Connection {
  context: string;
}

function load(options: KubeconfigOptions): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (options.kubeconfig) {
      if (!fs.existsSync(options.kubeconfig)) throw new KubeconfigError(`kubeconfig not found: ${options.kubeconfig}`);
      kc.loadFromFile(options.kubeconfig);
    } else {
      const envFiles = (process.env.KUBECONFIG ?? '').split(path.delimiter).filter(Boolean);
      const home = path.join(os.homedir(), '.kube', 'config');
      if (envFiles.length === 0 && !fs.existsSync(home) && !fs.existsSync(IN_CLUSTER_TOKEN)) {
        // client-node would silently fall back to http://localhost:8080; kubectl refuses, and so do we.
        throw new KubeconfigError('no kubeconfig: set KUBECONFIG, create ~/.kube/config, or pass --kubeconfig');
      }
      const missing = envFiles.filter((f) => !fs.existsSync(f));
      if (missing.length === envFiles.length && envFiles.length > 0) throw new KubeconfigError(`kubeconfig not found: ${missing.join(', ')} (from KUBECONFIG)`);
      kc.loadFromDefault();
    }
  } catch (error) {
    if (error instanceof KubeconfigError) throw error;
    throw new KubeconfigError(`cannot load kubeconfig: ${(error as Error).message.split('\n')[0]}`);
  }
  return kc;
}

export function connectionFromKubeconfig(options: KubeconfigOptions = {}): KubeconfigConnection {
  const kc = load(options);
  if (options.context) {
    if (!kc.getContextObject(options.context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new KubeconfigError(`context "${options.context}" not found in kubeconfig${known.length ? ` (known: ${known.join(', ')})` : ''}`);
    }
    kc.setCurrentContext(options.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server) {
    throw new KubeconfigError(kc.getCurrentContext() ? `context "${kc.getCurrentContext()}" has no cluster server` : 'kubeconfig has no current context; pass --context');
  }
  let pooled: { agent: http.Agent; cert?: unknown; key?: unknown } | undefined;
  return {
    server: cluster.server,
    context: kc.getCurrentContext(),
    requestOptions: async () => {
      const options: https.RequestOptions = {};
      try {
        await kc.applyToHTTPSOptions(options);
      } catch (error) {
        throw new KubeconfigError(`cannot build credentials for context "${kc.getCurrentContext()}": ${(error as Error).message.split('\n')[0]}`);
      }
      // client-node's agent does not keep connections alive, so every request would pay a TCP and TLS
      // handshake. Without a proxy, reuse one keep-alive agent with the same TLS material (rebuilt if an
      // exec plugin rotates the client certificate).
      if (!cluster.proxyUrl) {
        if (!pooled || !sameMaterial(pooled.cert, options.cert) || !sameMaterial(pooled.key, options.key)) {
          pooled?.agent.destroy();
          pooled = { agent: keepAliveAgent(cluster.server, options), cert: options.cert, key: options.key };
        }
        options.agent = pooled.agent;
      }
      return options;
    },
  };
}

function keepAliveAgent(server: string, tls: https.RequestOptions): http.Agent {
  if (server.startsWith('http:')) return new http.Agent({ keepAlive: true });
  return new https.Agent({
    keepAlive: true,
    ca: tls.ca,
    cert: tls.cert,
    key: tls.key,
    pfx: tls.pfx,
    passphrase: tls.passphrase,
    servername: tls.servername,
    ...(tls.rejectUnauthorized !== undefined ? { rejectUnauthorized: tls.rejectUnauthorized } : {}),
  });
}

/** TLS material is re-read into fresh Buffers per request; compare content, not identity. */
function sameMaterial(a: unknown, b: unknown): boolean {
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  return a === b;
}
