import { PRODUCTION_MIN_REPLICAS } from './defaults';
import { edgeSchema, perSecond, publicHosts, type RateLimit } from './edge';
import type { Rule } from './rules';

/** Whether `host` is the domain itself or a name under it. */
export function isUnderDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

const describe = (limit: RateLimit) => `${limit.requests}/${limit.unit}`;

/**
 * Rules of the `edge` section that involve the rest of the target: public hosts under the domain,
 * the DNS-01 solver settings of the target's own cloud, the API as the strictest rate limit, and a
 * proxy fleet that survives losing a pod in production. Runs on the raw input; skips what the
 * schema already rejects.
 */
export const edgeRules: Rule = (input, report) => {
  const parsed = edgeSchema.safeParse(input.edge);
  if (!parsed.success) return;
  const edge = parsed.data;
  const domain = typeof input.domain === 'string' ? input.domain : undefined;

  if (domain !== undefined) {
    const hosts = publicHosts({ domain, edge });
    for (const role of ['app', 'api'] as const) {
      const host = edge.hosts[role];
      if (host !== undefined && !isUnderDomain(host, domain)) {
        report(`edge.hosts.${role}`, `"${host}" is not under the target's domain "${domain}": use "${domain}" or a name ending in ".${domain}"`);
      }
    }
    if (hosts.api !== undefined && hosts.api === hosts.app) {
      report('edge.hosts.api', `"${hosts.api}" is also the app host: the API needs a host of its own (e.g. "api.${domain}")`);
    }
  }

  const { pages, static: assets, api } = edge.rateLimits;
  for (const [name, other] of [['pages', pages], ['static', assets]] as const) {
    if (perSecond(api) > perSecond(other)) {
      report('edge.rateLimits.api', `${describe(api)} allows more than rateLimits.${name} (${describe(other)}): the API's limit must be the strictest`);
    }
  }

  const { min, max } = edge.proxy.replicas;
  if (max < min) report('edge.proxy.replicas.max', `${max} is below replicas.min (${min})`);
  if (input.environment === 'production' && min < PRODUCTION_MIN_REPLICAS) {
    report('edge.proxy.replicas.min', `${min} is below ${PRODUCTION_MIN_REPLICAS}: production runs at least ${PRODUCTION_MIN_REPLICAS} Envoy proxies so a node drain or a lost pod does not take the site down`);
  }

  const { solver, dns01 } = edge.certificates;
  const cloud = input.cloud;
  if (cloud === 'eks') {
    if (dns01?.digitalocean) report('edge.certificates.dns01.digitalocean', 'is the DigitalOcean DNS solver, but this target runs on eks: use dns01.route53');
    if (solver === 'dns01' && !dns01?.route53) {
      report('edge.certificates.dns01.route53', 'is required when certificates.solver is "dns01" on eks: set { hostedZoneID, region } (and role, to assume one) of the domain\'s Route 53 zone');
    }
  } else if (cloud === 'doks') {
    if (dns01?.route53) report('edge.certificates.dns01.route53', 'is the Route 53 solver, but this target runs on doks: use dns01.digitalocean');
    if (solver === 'dns01' && !dns01?.digitalocean) {
      report('edge.certificates.dns01.digitalocean', 'is required when certificates.solver is "dns01" on doks: set digitalocean: {} once the "digitalocean-dns-token" Secret (key "access-token") exists in the cert-manager namespace');
    }
  }
};
