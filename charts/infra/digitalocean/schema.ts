import { z } from 'zod';
import { cidr, dnsLabel, hostname } from '../../config/primitives';

/**
 * `infra.digitalocean`: what only a DigitalOcean estate has. Every field has a default, so the section may be left out.
 */

/** The days of the week DigitalOcean's maintenance windows accept. */
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/**
 * DOKS version slugs by Kubernetes minor: DigitalOcean names a release `<minor>.<patch>-do.<n>`, and a
 * cluster is created from one slug. `infra.kubernetesVersion` picks the row; an overlay can pin
 * another slug of the same minor with `infra.digitalocean.kubernetesVersionSlug`.
 */
export const DOKS_VERSION_SLUGS: Readonly<Record<string, string>> = { '1.33': '1.33.1-do.3' };

/** DigitalOcean Container Registry subscription tiers (`starter` holds one repository only). */
export const REGISTRY_TIERS = ['starter', 'basic', 'professional'] as const;

/** Regions Uptime checks probe from. */
export const UPTIME_REGIONS = ['us_east', 'us_west', 'eu_west', 'se_asia'] as const;

/** Seconds resolvers keep a public host's answer by default: low, so switching regions reaches clients within minutes. */
export const DEFAULT_DNS_TTL_SECONDS = 60;
/** DigitalOcean DNS's lowest TTL. */
export const MIN_DNS_TTL_SECONDS = 30;

export const doEstateConfig = z
  .object({
    /**
     * The ClusterSecretStore of the management cluster the provider's API token is read from (remote
     * key `<target>/digitalocean-api-token`, properties `token`, `spaces-access-id`, `spaces-secret-key`).
     * @default 'management-secrets'
     */
    tokenStore: dnsLabel.default('management-secrets'),
    /** The DOKS version slug. @default the slug `DOKS_VERSION_SLUGS` pins for `infra.kubernetesVersion` */
    kubernetesVersionSlug: z
      .string()
      .regex(/^1\.\d{2}\.\d+-do\.\d+$/, 'must be a DOKS version slug such as "1.33.1-do.3" (`doctl kubernetes options versions`)')
      .optional(),
    /**
     * The pod and Service ranges of the VPC-native cluster (DigitalOcean's Gateway API needs one); they
     * must not overlap the VPC or any other network of the account. The databases trust the pod range.
     */
    clusterNetwork: z.object({ /** Pod addresses. */ podCidr: cidr, /** Service addresses. */ serviceCidr: cidr }).strict().optional(),
    /** When DigitalOcean may patch the cluster and the managed databases (UTC). @default sunday 04:00 */
    maintenance: z
      .object({
        day: z.enum(WEEKDAYS, { message: `must be one of ${WEEKDAYS.join(', ')}` }).default('sunday'),
        /** Hour of day, UTC. */
        hour: z.number().int().min(0, 'must be an hour 0–23').max(23, 'must be an hour 0–23').default(4),
      })
      .strict()
      .prefault({}),
    /** Replace nodes by surge upgrades (new nodes first, then drain the old). @default true */
    surgeUpgrade: z.boolean().default(true),
    /** PostgreSQL logs statements slower than this (`log_min_duration_statement`), in ms. @default 500 */
    slowQueryMs: z.number().int().min(0, 'must be 0 or more milliseconds').default(500),
    /** The managed Valkey's major version. @default '8' */
    valkeyVersion: z.string().regex(/^\d+$/, 'must be a major version such as "8"').default('8'),
    /** The managed Kafka's version. @default '3.8' */
    kafkaVersion: z.string().regex(/^\d+\.\d+$/, 'must be a version such as "3.8"').default('3.8'),
    /**
     * The account's container registry (one per DigitalOcean account): set on the one target that
     * owns it; its name is the path of `images.registry` (`registry.digitalocean.com/<name>`). @default none: the target uses the account's registry
     */
    registry: z
      .object({
        /** Subscription tier. @default 'basic' */
        subscriptionTier: z.enum(REGISTRY_TIERS, { message: `must be one of ${REGISTRY_TIERS.join(', ')}` }).default('basic'),
        /** Region of the registry's storage. @default the cluster's region */
        region: z.string().regex(/^[a-z0-9]+$/, 'must be a DigitalOcean region such as "nyc3"').optional(),
      })
      .strict()
      .optional(),
    /** Seconds the Spaces CDN caches a static asset. @default 3600 */
    cdnTtlSeconds: z.number().int().min(60, 'must be at least 60 seconds').max(604800, 'must be at most 604800 seconds (a week)').default(3600),
    /** Who the uptime alerts notify. @default `alertRouting.email.to` */
    alertEmails: z.array(z.email({ message: 'must be an email address' })).min(1, 'must list at least one address').optional(),
    /**
     * The public hosts' A records in DigitalOcean DNS, pointing at this target's edge load balancer,
     * rendered by the target that serves: not by a disaster-recovery standby, so failing over is the
     * reviewed commit that promotes it (docs/runbooks/region-failover.md). DigitalOcean DNS has no
     * health-checked records, and external-dns's in-tree DigitalOcean provider is gone (v0.21). @default none: the records are managed elsewhere
     */
    dns: z
      .object({
        /** The DigitalOcean domain (zone) the public hosts are in. @default the target's domain */
        zone: hostname.optional(),
        /**
         * The address of the edge's load balancer (created by DigitalOcean's cloud controller from the
         * Gateway's Service, not by the estate: `kubectl get svc -n envoy-gateway-system`).
         */
        loadBalancerIp: z.ipv4({ message: 'must be an IPv4 address such as "203.0.113.10"' }),
        /** Seconds resolvers keep the answer. @default 60 */
        ttlSeconds: z.number().int().min(MIN_DNS_TTL_SECONDS, `must be at least ${MIN_DNS_TTL_SECONDS} seconds (DigitalOcean's minimum)`).max(3600, 'must be at most 3600 seconds: a failover waits for it').default(DEFAULT_DNS_TTL_SECONDS),
      })
      .strict()
      .optional(),
    /** Where the uptime checks probe from. @default every region DigitalOcean offers */
    uptimeRegions: z.array(z.enum(UPTIME_REGIONS)).min(1).default([...UPTIME_REGIONS]),
  })
  .strict();

export type DoEstateConfig = z.output<typeof doEstateConfig>;

/** The section with its defaults, whether or not the overlay wrote it. */
export function doConfig(section: DoEstateConfig | undefined): DoEstateConfig {
  return section ?? doEstateConfig.parse({});
}
