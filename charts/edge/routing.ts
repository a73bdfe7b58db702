import { publicHosts } from './schema';
import type { Target } from '../config/target';
import { PLATFORM_SERVICES, type ServiceName } from '../platform/services';

/**
 * The public routing table of a target, as data: which host and paths reach which service, and how
 * the edge treats them. The Gateway's listeners, the HTTPRoutes, their traffic policies and the
 * NetworkPolicies are all rendered from this one table, so they cannot disagree.
 */

/** Name of the Gateway, its listeners and the objects around it. */
export const GATEWAY_NAME = 'edge';
export const HTTP_LISTENER = 'http';
/** Path prefix of the public, versioned API. */
export const PUBLIC_API_PREFIX = '/api/v1';
/** Next.js content-hashed build assets: the URL changes whenever the content does. */
export const NEXT_STATIC_PREFIX = '/_next/static';

export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
export const CACHE_NO_STORE = 'no-store';

/** Methods that may be retried: they do not change state, so sending one twice is harmless. */
export const IDEMPOTENT_METHODS = ['GET', 'HEAD'] as const;

/** A public host and the HTTPS listener that serves it. */
export interface PublicListener {
  /** Listener name (the Gateway's `sectionName`), also names its Certificate. */
  readonly name: string;
  readonly role: 'app' | 'api';
  readonly host: string;
  /** The Secret the Certificate writes and the listener serves. */
  readonly secretName: string;
}

/** One HTTPRoute at the edge. */
export interface EdgeRoute {
  readonly name: string;
  readonly listener: PublicListener;
  readonly service: ServiceName;
  /** Path prefixes matched (Gateway API `PathPrefix`: whole path segments). */
  readonly paths: readonly string[];
  /** Only these methods match; unset means every method (the rest of the traffic on those paths). */
  readonly methods?: readonly (typeof IDEMPOTENT_METHODS)[number][];
  /** Whether failed attempts are retried: only for idempotent methods. */
  readonly retries: boolean;
  /** Which per-client limit of `edge.rateLimits` applies. */
  readonly rateLimit: 'pages' | 'static' | 'api';
  /** Which limit of `edge.maxRequestBody` applies. */
  readonly bodyLimit: 'web' | 'api';
  /** `Cache-Control` the edge puts on responses, for a CDN in front. @default the backend's */
  readonly cacheControl?: string;
  /** Reachable only from `edge.adminCidrs` (HTTP 403 for everyone else). */
  readonly restricted?: boolean;
}

/** The HTTPS listeners of a target: one per public host. */
export function publicListeners(target: Target): PublicListener[] {
  const hosts = publicHosts(target);
  const listeners: PublicListener[] = [{ name: 'https-app', role: 'app', host: hosts.app, secretName: 'edge-app-tls' }];
  if (hosts.api !== undefined) listeners.push({ name: 'https-api', role: 'api', host: hosts.api, secretName: 'edge-api-tls' });
  return listeners;
}

/**
 * Paths of the web app that the internet never gets: the configured `edge.blockedPaths` plus the
 * web app's own health endpoints (they say nothing a visitor needs, and invite probing).
 */
export function blockedPaths(target: Target): string[] {
  const web = PLATFORM_SERVICES.web;
  const probes = [web.liveness, web.readiness].filter((p) => p.port === 'http').map((p) => p.path);
  return [...new Set([...target.edge.blockedPaths, ...probes])].sort();
}

/** Every public route of the target, in a stable order. */
export function edgeRoutes(target: Target): EdgeRoute[] {
  const [app, api] = publicListeners(target);
  const routes: EdgeRoute[] = [
    {
      name: 'web-static',
      listener: app,
      service: 'web',
      paths: [NEXT_STATIC_PREFIX],
      methods: IDEMPOTENT_METHODS,
      retries: true,
      rateLimit: 'static',
      bodyLimit: 'web',
      cacheControl: CACHE_IMMUTABLE,
    },
    { name: 'web-pages', listener: app, service: 'web', paths: ['/'], methods: IDEMPOTENT_METHODS, retries: true, rateLimit: 'pages', bodyLimit: 'web' },
    // Form posts, server actions and the app's own API routes: never retried.
    { name: 'web-actions', listener: app, service: 'web', paths: ['/'], retries: false, rateLimit: 'pages', bodyLimit: 'web' },
    { name: 'web-restricted', listener: app, service: 'web', paths: blockedPaths(target), retries: false, rateLimit: 'pages', bodyLimit: 'web', restricted: true },
  ];
  if (api !== undefined) {
    routes.push(
      {
        name: 'api-reads',
        listener: api,
        service: 'moderation-api',
        paths: [PUBLIC_API_PREFIX],
        methods: IDEMPOTENT_METHODS,
        retries: true,
        rateLimit: 'api',
        bodyLimit: 'api',
        cacheControl: CACHE_NO_STORE,
      },
      // Content submissions (POST): a retry could submit the same content twice.
      { name: 'api-writes', listener: api, service: 'moderation-api', paths: [PUBLIC_API_PREFIX], retries: false, rateLimit: 'api', bodyLimit: 'api', cacheControl: CACHE_NO_STORE },
    );
  }
  return routes;
}
