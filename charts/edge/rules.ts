import { PRODUCTION_MIN_REPLICAS } from '../workloads/defaults';
import { certificatesSchema, hostsSchema, perSecond, proxySchema, publicHosts, rateLimitFields, type RateLimit } from './schema';
import { CLOUD_PROFILES, type Cloud, type Dns01Settings } from '../cloud';
import type { Rule } from '../config/rules';

/** The DNS-01 solvers a target can configure, by `edge.certificates.dns01` field. */
const DNS01_SOLVERS: Readonly<Record<keyof Dns01Settings, string>> = { route53: 'Route 53', digitalocean: 'DigitalOcean DNS' };
const DNS01_FIELDS = Object.keys(DNS01_SOLVERS) as (keyof Dns01Settings)[];

/** Whether `host` is the domain itself or a name under it. */
export function isUnderDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

const describe = (limit: RateLimit) => `${limit.requests}/${limit.unit}`;

/** A part of the raw `edge` section parsed with its own schema; undefined where the schema rejects it. */
function part<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }, value: unknown): T | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Rules of the `edge` section that involve the rest of the target: public hosts under the domain,
 * the DNS-01 solver settings of the target's own cloud, the API as the strictest rate limit, and a
 * proxy fleet that survives losing a pod in production. Runs on the raw input, each part on its own,
 * so a mistake in one part does not hide the problems of another; skips what the schema rejects.
 */
export const edgeRules: Rule = (input, report) => {
  const edge = (typeof input.edge === 'object' && input.edge !== null ? input.edge : {}) as Record<string, unknown>;

  const domain = typeof input.domain === 'string' ? input.domain : undefined;
  const hosts = part(hostsSchema, edge.hosts);
  if (domain !== undefined && hosts !== undefined) {
    for (const role of ['app', 'api'] as const) {
      const host = hosts[role];
      if (host !== undefined && !isUnderDomain(host, domain)) {
        report(`edge.hosts.${role}`, `"${host}" is not under the target's domain "${domain}": use "${domain}" or a name ending in ".${domain}"`);
      }
    }
    const resolved = publicHosts({ domain, edge: { hosts, publicApi: edge.publicApi !== false } });
    if (resolved.api !== undefined && resolved.api === resolved.app) {
      report('edge.hosts.api', `"${resolved.api}" is also the app host: the API needs a host of its own (e.g. "api.${domain}")`);
    }
  }

  const limits = (typeof edge.rateLimits === 'object' && edge.rateLimits !== null ? edge.rateLimits : {}) as Record<string, unknown>;
  const api = part(rateLimitFields.api, limits.api);
  for (const name of ['pages', 'static'] as const) {
    const other = part(rateLimitFields[name], limits[name]);
    if (api && other && perSecond(api) > perSecond(other)) {
      report('edge.rateLimits.api', `${describe(api)} allows more than rateLimits.${name} (${describe(other)}): the API's limit must be the strictest`);
    }
  }

  const proxy = part(proxySchema, edge.proxy);
  if (proxy) {
    const { min, max } = proxy.replicas;
    if (max < min) report('edge.proxy.replicas.max', `${max} is below replicas.min (${min})`);
    if (input.environment === 'production' && min < PRODUCTION_MIN_REPLICAS) {
      report('edge.proxy.replicas.min', `${min} is below ${PRODUCTION_MIN_REPLICAS}: production runs at least ${PRODUCTION_MIN_REPLICAS} Envoy proxies so a node drain or a lost pod does not take the site down`);
    }
  }

  const certificates = part(certificatesSchema, edge.certificates);
  if (certificates) {
    const { solver, dns01 } = certificates;
    const cloud = typeof input.cloud === 'string' && Object.hasOwn(CLOUD_PROFILES, input.cloud) ? CLOUD_PROFILES[input.cloud as Cloud] : undefined;
    if (cloud) {
      // Only the cloud's own DNS solver can be configured; it is required when DNS-01 is chosen.
      for (const field of DNS01_FIELDS.filter((f) => f !== cloud.dns01Field && dns01?.[f] !== undefined)) {
        report(`edge.certificates.dns01.${field}`, `is the ${DNS01_SOLVERS[field]} solver, but this target runs on ${cloud.id}: use dns01.${cloud.dns01Field}`);
      }
      if (solver === 'dns01' && dns01?.[cloud.dns01Field] === undefined) {
        report(`edge.certificates.dns01.${cloud.dns01Field}`, `is required when certificates.solver is "dns01" on ${cloud.id}: ${cloud.dns01Setup}`);
      }
    }
  }
};
