import { Construct } from 'constructs';
import {
  BackendTrafficPolicy,
  BackendTrafficPolicySpecRateLimitLocalRulesClientSelectorsSourceCidrType as SourceCidrType,
  BackendTrafficPolicySpecRateLimitLocalRulesLimitUnit as LimitUnit,
  BackendTrafficPolicySpecRequestBufferLimit,
  BackendTrafficPolicySpecRetryRetryOnTriggers as RetryTrigger,
  type BackendTrafficPolicySpecRateLimit,
  type BackendTrafficPolicySpecResponseOverride,
  type BackendTrafficPolicySpecRetry,
} from '../../imports/backendtrafficpolicies-gateway.envoyproxy.io';
import { ClientTrafficPolicy, ClientTrafficPolicySpecTlsMinVersion, type ClientTrafficPolicySpec } from '../../imports/clienttrafficpolicies-gateway.envoyproxy.io';
import type { EdgeConfig, RateLimit } from './schema';
import { CACHE_IMMUTABLE, CACHE_NO_STORE, HTTP_LISTENER, type EdgeRoute, type PublicListener } from './routing';

/**
 * Every IPv4 and every IPv6 address, each address its own bucket (`Distinct`). Envoy Gateway allows
 * one `sourceCIDR` selector per rule, so the two families are two rules with the same limit.
 */
const CLIENT_RANGES = ['0.0.0.0/0', '::/0'];

/**
 * A local (per Envoy replica) rate limit of `limit` requests per client IP. Envoy Gateway has
 * supported `Distinct` source CIDRs in local limits since v1.4, and keeps up to 10,000 client
 * buckets per route since v1.9.2 (before, only the 20 most recent clients: use v1.9.2 or later).
 */
export function perClientRateLimit(limit: RateLimit): BackendTrafficPolicySpecRateLimit {
  return {
    local: {
      rules: CLIENT_RANGES.map((value) => ({
        clientSelectors: [{ sourceCidr: { type: SourceCidrType.DISTINCT, value } }],
        limit: { requests: limit.requests, unit: limit.unit as LimitUnit },
      })),
    },
  };
}

/** Attempts after the first for an idempotent request; each attempt gets an equal share of the request timeout. */
const IDEMPOTENT_RETRIES = 2;
/** Gateway errors worth another attempt: bad gateway, unavailable, gateway timeout. */
const RETRIABLE_STATUS_CODES = [502, 503, 504];
/** Pause before a retry: from 100 ms, growing to 1 s, so retries do not hammer a struggling backend. */
const RETRY_BACKOFF = { baseInterval: '100ms', maxInterval: '1s' } as const;
/** Longest wait for a backend to accept a connection: one that takes longer is treated as down (a connect failure). */
const UPSTREAM_CONNECT_TIMEOUT = '5s';

/**
 * Retries of idempotent requests: up to `IDEMPOTENT_RETRIES` more attempts on connection failures
 * and gateway errors, each attempt getting an equal share of the request timeout (at least 1 s).
 */
export function idempotentRetry(requestTimeoutSeconds: number): BackendTrafficPolicySpecRetry {
  const perTry = Math.max(1, Math.floor(requestTimeoutSeconds / (IDEMPOTENT_RETRIES + 1)));
  return {
    numRetries: IDEMPOTENT_RETRIES,
    retryOn: {
      triggers: [RetryTrigger.CONNECT_HYPHEN_FAILURE, RetryTrigger.REFUSED_HYPHEN_STREAM, RetryTrigger.RESET, RetryTrigger.RETRIABLE_HYPHEN_STATUS_HYPHEN_CODES],
      httpStatusCodes: [...RETRIABLE_STATUS_CODES],
    },
    perRetry: { timeout: `${perTry}s`, backOff: { ...RETRY_BACKOFF } },
  };
}

/** Error responses of an immutable-cached route must not be cached: a CDN would keep a 404 for a year. */
const uncachedErrors: BackendTrafficPolicySpecResponseOverride = {
  match: { statusCodes: [{ type: 'Range', range: { start: 400, end: 599 } }] },
  response: { header: { set: [{ name: 'Cache-Control', value: CACHE_NO_STORE }] } },
};

export interface RouteTrafficPolicyProps {
  /** Namespace of the policy: its route's. */
  readonly namespace: string;
  /** The row of the routing table the policy applies to (its HTTPRoute has the row's name). */
  readonly route: EdgeRoute;
  /** Per-client-IP limit of the route's kind (`edge.rateLimits[route.rateLimit]`). */
  readonly rateLimit: RateLimit;
  /** Largest request body accepted (`edge.maxRequestBody[route.bodyLimit]`), as a quantity such as "1Mi". */
  readonly maxRequestBody: string;
  /** Longest time a request may take end to end (`edge.requestTimeoutSeconds`): shared by the attempts of a retried request. */
  readonly requestTimeoutSeconds: number;
}

/**
 * How Envoy treats one public route: the per-client-IP rate limit of its kind, the request body
 * limit (HTTP 413 beyond it), retries only where the methods are idempotent (explicitly none
 * elsewhere: a retried POST could submit content twice), and a short connect timeout.
 */
export class RouteTrafficPolicy extends Construct {
  readonly policy: BackendTrafficPolicy;

  constructor(scope: Construct, id: string, props: RouteTrafficPolicyProps) {
    super(scope, id);
    const { route } = props;
    this.policy = new BackendTrafficPolicy(this, 'policy', {
      metadata: { name: route.name, namespace: props.namespace },
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: route.name }],
        rateLimit: perClientRateLimit(props.rateLimit),
        requestBuffer: { limit: BackendTrafficPolicySpecRequestBufferLimit.fromString(props.maxRequestBody) },
        retry: route.retries ? idempotentRetry(props.requestTimeoutSeconds) : { numRetries: 0 },
        timeout: { tcp: { connectTimeout: UPSTREAM_CONNECT_TIMEOUT } },
        responseOverride: route.cacheControl === CACHE_IMMUTABLE ? [uncachedErrors] : undefined,
      },
    });
  }
}

export interface RedirectTrafficPolicyProps {
  /** Namespace of the policy: its route's. */
  readonly namespace: string;
  /** The HTTP-to-HTTPS redirect route. */
  readonly routeName: string;
  /** Per-client-IP limit of the redirect: the pages limit (`edge.rateLimits.pages`). */
  readonly rateLimit: RateLimit;
}

/** The redirect route's policy: a per-client limit, so port 80 cannot be used to flood Envoy either. */
export class RedirectTrafficPolicy extends Construct {
  readonly policy: BackendTrafficPolicy;

  constructor(scope: Construct, id: string, props: RedirectTrafficPolicyProps) {
    super(scope, id);
    const { routeName } = props;
    this.policy = new BackendTrafficPolicy(this, 'policy', {
      metadata: { name: routeName, namespace: props.namespace },
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: routeName }],
        rateLimit: perClientRateLimit(props.rateLimit),
      },
    });
  }
}

/** TLS 1.2 and 1.3 only; for 1.2, the ECDHE AEAD suites (Mozilla "intermediate"). */
export const TLS_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
];

/** Strict-Transport-Security settings (`edge.hsts`). */
export type HstsSettings = EdgeConfig['hsts'];

/** The `Strict-Transport-Security` header value of these settings. */
export function hstsValue(hsts: HstsSettings): string {
  const { maxAgeSeconds, includeSubDomains } = hsts;
  return `max-age=${maxAgeSeconds}${includeSubDomains ? '; includeSubDomains' : ''}`;
}

/**
 * How long a client connection may take: to send its request headers and its whole request (slow
 * clients tie up a connection each), and to stay open idle between requests.
 */
const CLIENT_TIMEOUTS = { requestHeadersReceivedTimeout: '10s', requestReceivedTimeout: '60s', idleTimeout: '300s' } as const;

/**
 * What every listener does with client connections. Both clouds' load balancers are set to send
 * the PROXY protocol (v2 on the NLB), so it is required: a connection without it is refused, and
 * the client address it carries is the client's. Behind a CDN, the client is instead the address
 * `trustedHops` from the right of X-Forwarded-For. Slow clients are cut off (`CLIENT_TIMEOUTS`);
 * headers with underscores are rejected, paths normalised (Envoy Gateway defaults).
 */
export function listenerSettings(trustedHops: number): ClientTrafficPolicySpec {
  return {
    proxyProtocol: { optional: false },
    clientIpDetection: trustedHops > 0 ? { xForwardedFor: { numTrustedHops: trustedHops } } : undefined,
    timeout: { http: { ...CLIENT_TIMEOUTS } },
  };
}

export interface GatewayClientPoliciesProps {
  /** Namespace of the policies: the Gateway's. */
  readonly namespace: string;
  /** The Gateway whose listeners the policies apply to; it also prefixes their names. */
  readonly gatewayName: string;
  /** The HTTPS listeners, one per public host. */
  readonly listeners: readonly PublicListener[];
  /** Strict-Transport-Security of every HTTPS response (`edge.hsts`). */
  readonly hsts: HstsSettings;
  /**
   * Proxies in front of the load balancer that append to X-Forwarded-For (`edge.clientIP.trustedHops`).
   * @default 0: the PROXY protocol address is the client
   */
  readonly trustedHops?: number;
}

/**
 * The Gateway's client-side policies: one for the HTTPS listeners (TLS 1.2 minimum, strong
 * ciphers, HSTS set listener-wide, so no route can forget it) and one for the HTTP listener (no
 * HSTS: browsers ignore it over plain HTTP, and it only ever redirects).
 */
export class GatewayClientPolicies extends Construct {
  readonly https: ClientTrafficPolicy;
  readonly http: ClientTrafficPolicy;

  constructor(scope: Construct, id: string, props: GatewayClientPoliciesProps) {
    super(scope, id);
    const { namespace, gatewayName } = props;
    const settings = listenerSettings(props.trustedHops ?? 0);
    const gatewayRef = (sectionName: string) => ({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gatewayName, sectionName });

    this.https = new ClientTrafficPolicy(this, 'https', {
      metadata: { name: `${gatewayName}-https`, namespace },
      spec: {
        ...settings,
        targetRefs: props.listeners.map((l) => gatewayRef(l.name)),
        tls: { minVersion: ClientTrafficPolicySpecTlsMinVersion.VALUE_1_2, ciphers: [...TLS_CIPHERS] },
        headers: { lateResponseHeaders: { set: [{ name: 'Strict-Transport-Security', value: hstsValue(props.hsts) }] } },
      },
    });

    this.http = new ClientTrafficPolicy(this, 'http', {
      metadata: { name: `${gatewayName}-http`, namespace },
      spec: { ...settings, targetRefs: [gatewayRef(HTTP_LISTENER)] },
    });
  }
}
