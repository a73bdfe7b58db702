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
import type { RateLimit } from './schema';
import type { Target } from '../config/target';
import { CACHE_IMMUTABLE, CACHE_NO_STORE, GATEWAY_NAME, HTTP_LISTENER, publicListeners, type EdgeRoute } from './routing';

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

/** Retries of idempotent requests: up to 2 more attempts on connection failures and gateway errors. */
export function idempotentRetry(target: Target): BackendTrafficPolicySpecRetry {
  const perTry = Math.max(1, Math.floor(target.edge.requestTimeoutSeconds / 3));
  return {
    numRetries: 2,
    retryOn: {
      triggers: [RetryTrigger.CONNECT_HYPHEN_FAILURE, RetryTrigger.REFUSED_HYPHEN_STREAM, RetryTrigger.RESET, RetryTrigger.RETRIABLE_HYPHEN_STATUS_HYPHEN_CODES],
      httpStatusCodes: [502, 503, 504],
    },
    perRetry: { timeout: `${perTry}s`, backOff: { baseInterval: '100ms', maxInterval: '1s' } },
  };
}

/** Error responses of an immutable-cached route must not be cached: a CDN would keep a 404 for a year. */
const uncachedErrors: BackendTrafficPolicySpecResponseOverride = {
  match: { statusCodes: [{ type: 'Range', range: { start: 400, end: 599 } }] },
  response: { header: { set: [{ name: 'Cache-Control', value: CACHE_NO_STORE }] } },
};

export interface RouteTrafficPolicyProps {
  readonly target: Target;
  readonly route: EdgeRoute;
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
    const { target, route } = props;
    this.policy = new BackendTrafficPolicy(this, 'policy', {
      metadata: { name: route.name, namespace: target.namespace },
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: route.name }],
        rateLimit: perClientRateLimit(target.edge.rateLimits[route.rateLimit]),
        requestBuffer: { limit: BackendTrafficPolicySpecRequestBufferLimit.fromString(target.edge.maxRequestBody[route.bodyLimit]) },
        retry: route.retries ? idempotentRetry(target) : { numRetries: 0 },
        timeout: { tcp: { connectTimeout: '5s' } },
        responseOverride: route.cacheControl === CACHE_IMMUTABLE ? [uncachedErrors] : undefined,
      },
    });
  }
}

/** The redirect route's policy: the pages limit, so port 80 cannot be used to flood Envoy either. */
export class RedirectTrafficPolicy extends Construct {
  readonly policy: BackendTrafficPolicy;

  constructor(scope: Construct, id: string, props: { readonly target: Target; readonly routeName: string }) {
    super(scope, id);
    const { target, routeName } = props;
    this.policy = new BackendTrafficPolicy(this, 'policy', {
      metadata: { name: routeName, namespace: target.namespace },
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: routeName }],
        rateLimit: perClientRateLimit(target.edge.rateLimits.pages),
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

/** The `Strict-Transport-Security` value of a target. */
export function hstsValue(target: Target): string {
  const { maxAgeSeconds, includeSubDomains } = target.edge.hsts;
  return `max-age=${maxAgeSeconds}${includeSubDomains ? '; includeSubDomains' : ''}`;
}

/**
 * What every listener does with client connections. Both clouds' load balancers are set to send
 * the PROXY protocol (v2 on the NLB), so it is required: a connection without it is refused, and
 * the client address it carries is the client's. Behind a CDN, the client is instead the address
 * `trustedHops` from the right of X-Forwarded-For. Slow clients are cut off (headers 10 s, whole
 * request 60 s); headers with underscores are rejected, paths normalised (Envoy Gateway defaults).
 */
export function listenerSettings(target: Target): ClientTrafficPolicySpec {
  const { trustedHops } = target.edge.clientIP;
  return {
    proxyProtocol: { optional: false },
    clientIpDetection: trustedHops > 0 ? { xForwardedFor: { numTrustedHops: trustedHops } } : undefined,
    timeout: { http: { requestHeadersReceivedTimeout: '10s', requestReceivedTimeout: '60s', idleTimeout: '300s' } },
  };
}

/**
 * The Gateway's client-side policies: one for the HTTPS listeners (TLS 1.2 minimum, strong
 * ciphers, HSTS set listener-wide, so no route can forget it) and one for the HTTP listener (no
 * HSTS: browsers ignore it over plain HTTP, and it only ever redirects).
 */
export class GatewayClientPolicies extends Construct {
  readonly https: ClientTrafficPolicy;
  readonly http: ClientTrafficPolicy;

  constructor(scope: Construct, id: string, props: { readonly target: Target }) {
    super(scope, id);
    const { target } = props;
    const gatewayRef = (sectionName: string) => ({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: GATEWAY_NAME, sectionName });

    this.https = new ClientTrafficPolicy(this, 'https', {
      metadata: { name: `${GATEWAY_NAME}-https`, namespace: target.namespace },
      spec: {
        ...listenerSettings(target),
        targetRefs: publicListeners(target).map((l) => gatewayRef(l.name)),
        tls: { minVersion: ClientTrafficPolicySpecTlsMinVersion.VALUE_1_2, ciphers: [...TLS_CIPHERS] },
        headers: { lateResponseHeaders: { set: [{ name: 'Strict-Transport-Security', value: hstsValue(target) }] } },
      },
    });

    this.http = new ClientTrafficPolicy(this, 'http', {
      metadata: { name: `${GATEWAY_NAME}-http`, namespace: target.namespace },
      spec: { ...listenerSettings(target), targetRefs: [gatewayRef(HTTP_LISTENER)] },
    });
  }
}
