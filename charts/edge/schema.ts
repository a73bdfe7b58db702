import { z } from 'zod';
import { parseQuantity } from '../../core/quantity';
import { awsRegion, hostname, iamRoleArn } from '../config/primitives';

/**
 * The `edge` section of a target: what the internet reaches, through the Gateway. Every field has a
 * default, so an overlay writes only what differs on its target. Rules that relate these fields to
 * the rest of the target (hosts under the domain, the cloud's DNS-01 settings, the API being the
 * stricter limit) live in ./rules.ts.
 */

const cidr = z.union([z.cidrv4(), z.cidrv6()], { message: 'must be an IPv4 or IPv6 CIDR such as "203.0.113.0/24"' });

/** Units a per-client rate limit can be expressed in (Envoy Gateway's RateLimitUnit, the short ones). */
export const RATE_LIMIT_UNITS = ['Second', 'Minute', 'Hour'] as const;
export type RateLimitUnit = (typeof RATE_LIMIT_UNITS)[number];
export const SECONDS_PER_UNIT: Readonly<Record<RateLimitUnit, number>> = { Second: 1, Minute: 60, Hour: 3600 };

/** Requests one client IP may send per unit of time to one route, on each Envoy replica. */
const rateLimit = z
  .object({
    requests: z
      .number({ message: 'must be a number of requests' })
      .int('must be a whole number of requests')
      .positive('must be greater than 0: a limit of 0 or less would reject every request (remove the route instead)'),
    unit: z.enum(RATE_LIMIT_UNITS, { message: `must be one of ${RATE_LIMIT_UNITS.join(', ')}` }),
  })
  .strict();
export type RateLimit = z.infer<typeof rateLimit>;

const bodySize = z.string().refine((v) => (parseQuantity(v) ?? 0) > 0, 'must be a positive size such as "1Mi" or "512Ki"');

/** A URL path prefix such as "/admin": absolute, no trailing slash, no query. */
const pathPrefix = z
  .string()
  .regex(/^(\/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)+$/, 'must be an absolute path prefix such as "/admin" (no trailing slash, not "/")');

const route53 = z
  .object({
    /** The Route 53 hosted zone of the target's domain, e.g. "Z0123456789ABCDEFGHIJ". */
    hostedZoneID: z.string().regex(/^Z[A-Z0-9]{1,31}$/, 'must be a Route 53 hosted zone ID such as "Z0123456789ABCDEFGHIJ"'),
    /** AWS region hint for the Route 53 API client. */
    region: awsRegion,
    /** A role to assume from cert-manager's own IRSA/pod identity role (cross-account zones). @default none */
    role: iamRoleArn.optional(),
  })
  .strict();

/**
 * DigitalOcean DNS: the API token is read from the Secret `digitalocean-dns-token` (key
 * `access-token`) in the `cert-manager` namespace, created by an ExternalSecret; nothing here
 * names or holds the token. Writing `digitalocean: {}` opts the target in.
 */
const digitalocean = z.object({}).strict();

/** Public host names of the target. */
export const hostsSchema = z
  .object({
    /** The web app (moderator UI). @default the target's `domain` */
    app: hostname.optional(),
    /** The public API. @default `api.<domain>` */
    api: hostname.optional(),
  })
  .strict()
  .prefault({});

/** Each kind of public route's limit, with its default (see `rateLimits` below). */
export const rateLimitFields = {
  /** HTML pages and the web app's own routes (server actions, Next.js API routes). */
  pages: rateLimit.prefault({ requests: 20, unit: 'Second' }),
  /** Hashed static assets under `/_next/static/` (a CDN absorbs most of these). */
  static: rateLimit.prefault({ requests: 100, unit: 'Second' }),
  /** The public API (`/api/v1/...`). */
  api: rateLimit.prefault({ requests: 5, unit: 'Second' }),
};

/** The Envoy proxy fleet that serves the Gateway. */
export const proxySchema = z
  .object({
    replicas: z
      .object({ min: z.number().int().min(1, 'must be at least 1').default(2), max: z.number().int().min(1, 'must be at least 1').default(6) })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

/** TLS certificates from Let's Encrypt through cert-manager. */
export const certificatesSchema = z
  .object({
    /** The ClusterIssuer the Certificates use. */
    issuer: z.enum(['letsencrypt-production', 'letsencrypt-staging']).default('letsencrypt-production'),
    /** ACME account contact. @default `hostmaster@<domain>` */
    email: z.email('must be an email address').optional(),
    /** How ACME challenges are solved: HTTP-01 through the Gateway, or DNS-01 with the cloud's DNS. */
    solver: z.enum(['http01', 'dns01']).default('http01'),
    /** The cloud's DNS-01 settings: `route53` on EKS, `digitalocean` on DOKS. */
    dns01: z.object({ route53: route53.optional(), digitalocean: digitalocean.optional() }).strict().optional(),
  })
  .strict()
  .prefault({});

export const edgeSchema = z
  .object({
    /** Whether `/api/v1/...` is routed from the internet to moderation-api. */
    publicApi: z.boolean().default(true),
    /** Public host names; each must be under the target's `domain`. */
    hosts: hostsSchema,
    /**
     * Per-client-IP request limits of each kind of public route, enforced by every Envoy replica on
     * its own (local rate limit): a client spread over N replicas may get up to N times the limit.
     * The API's limit must be the strictest.
     */
    rateLimits: z.object(rateLimitFields).strict().prefault({}),
    /** Largest request body accepted (HTTP 413 beyond), per kind of route. */
    maxRequestBody: z
      .object({ web: bodySize.default('1Mi'), api: bodySize.default('8Mi') })
      .strict()
      .prefault({}),
    /** Longest time a request may take end to end (including retries), in seconds. */
    requestTimeoutSeconds: z.number().int().min(1, 'must be at least 1 second').max(300, 'must be at most 300 seconds').default(30),
    /** Strict-Transport-Security on every HTTPS response. */
    hsts: z
      .object({
        maxAgeSeconds: z.number().int().min(300, 'must be at least 300 seconds').default(31536000),
        includeSubDomains: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    /** Client IP detection: what sits in front of the cloud load balancer. */
    clientIP: z
      .object({
        /**
         * Proxies in front of the load balancer that append to X-Forwarded-For (a CDN: 1). 0 means
         * clients connect to the load balancer directly and the PROXY protocol address is the client.
         * Only set this when the load balancer accepts nothing but the CDN (`loadBalancer.sourceRanges`),
         * or clients can forge their address.
         */
        trustedHops: z.number().int().min(0, 'must be 0 or more').max(5, 'must be at most 5').default(0),
      })
      .strict()
      .prefault({}),
    loadBalancer: z
      .object({
        /** Source ranges allowed to reach the load balancer (e.g. a CDN's origin-facing ranges). @default anywhere */
        sourceRanges: z.array(cidr).default([]),
      })
      .strict()
      .prefault({}),
    /** Paths never served to the internet (HTTP 403), on the app host. */
    blockedPaths: z.array(pathPrefix).min(1, 'must list at least one path').default(['/admin', '/internal', '/api/internal', '/metrics']),
    /** Client ranges still allowed to reach `blockedPaths` (e.g. an office VPN). @default nobody */
    adminCidrs: z.array(cidr).default([]),
    /** The Envoy proxy fleet that serves the Gateway. */
    proxy: proxySchema,
    /** TLS certificates from Let's Encrypt through cert-manager. */
    certificates: certificatesSchema,
  })
  .strict()
  .prefault({});

export type EdgeConfig = z.output<typeof edgeSchema>;

/** The public host names of a target, with their defaults resolved. */
export interface PublicHosts {
  readonly app: string;
  /** Only where the target exposes the API publicly. */
  readonly api?: string;
}

/** The target's public hosts: `edge.hosts` where set, else derived from the domain. */
export function publicHosts(target: { readonly domain: string; readonly edge: Pick<EdgeConfig, 'hosts' | 'publicApi'> }): PublicHosts {
  const { hosts, publicApi } = target.edge;
  return { app: hosts.app ?? target.domain, api: publicApi ? (hosts.api ?? `api.${target.domain}`) : undefined };
}

/** Requests per second of a limit, to compare limits in different units. */
export function perSecond(limit: RateLimit): number {
  return limit.requests / SECONDS_PER_UNIT[limit.unit];
}
