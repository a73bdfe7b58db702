import type { Construct } from 'constructs';
import { Cluster } from '../../../imports/clusters-kubernetes.digitalocean.m.crossplane.io';
import { NodePool } from '../../../imports/nodepools-kubernetes.digitalocean.m.crossplane.io';
import type { EstateContext } from '../estate';
import { doSettings, doTags, managed, NAMES, nodeTag, ref } from './common';
import { DOKS_VERSION_SLUGS } from './schema';

/** The node label that names a node's pool (`infra.nodePools` key): workloads can select a pool by it. */
export const POOL_LABEL = 'moderation.io/pool';

/** The DOKS version slug of a target: its own pin, else the slug pinned for its Kubernetes minor. */
export function doksVersionSlug(context: EstateContext): string {
  const slug = doSettings(context).kubernetesVersionSlug ?? DOKS_VERSION_SLUGS[context.target.infra.kubernetesVersion];
  // The rules (./rules.ts) report a minor without a slug before anything is built.
  if (slug === undefined) throw new Error(`no DOKS version slug for Kubernetes ${context.target.infra.kubernetesVersion}`);
  return slug;
}

/** `HH:00`, the form DigitalOcean's maintenance windows take. */
export function maintenanceHour(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

/**
 * The DOKS cluster: pinned version (no automatic upgrades: an upgrade is a reviewed change), HA
 * control plane in production, surge upgrades in the configured maintenance window, VPC-native when
 * `clusterNetwork` is set. The first `serving` pool is the cluster's default pool; every other pool of
 * `infra.nodePools` is a NodePool. Every node carries the estate's tags and `nodeTag`.
 */
export function buildCluster(scope: Construct, context: EstateContext): Cluster {
  const { target } = context;
  const settings = doSettings(context);
  const pools = Object.entries(target.infra.nodePools).sort(([a], [b]) => a.localeCompare(b));
  const defaultPool = pools.find(([, pool]) => pool.purpose === 'serving') ?? pools[0];
  const poolSpec = ([name, pool]: (typeof pools)[number]) => ({
    name: context.name(name),
    size: pool.size,
    autoScale: true,
    minNodes: pool.min,
    maxNodes: pool.max,
    labels: { [POOL_LABEL]: name },
    tags: [...doTags(context), nodeTag(context)],
  });
  const { metadata, providerConfigRef } = managed(context, NAMES.cluster);
  const cluster = new Cluster(scope, 'cluster', {
    metadata,
    spec: {
      providerConfigRef,
      forProvider: {
        name: target.cluster.name,
        region: target.cluster.region,
        version: doksVersionSlug(context),
        autoUpgrade: false,
        surgeUpgrade: settings.surgeUpgrade,
        ha: target.environment === 'production',
        maintenancePolicy: [{ day: settings.maintenance.day, startTime: maintenanceHour(settings.maintenance.hour) }],
        vpcUuidRef: ref(context, NAMES.vpc),
        clusterSubnet: settings.clusterNetwork?.podCidr,
        serviceSubnet: settings.clusterNetwork?.serviceCidr,
        controlPlaneFirewall: target.infra.apiAccessCidrs.length > 0 ? [{ enabled: true, allowedAddresses: [...target.infra.apiAccessCidrs] }] : undefined,
        registryIntegration: true,
        nodePool: [poolSpec(defaultPool)],
        tags: doTags(context),
      },
    },
  });
  for (const pool of pools.filter((p) => p !== defaultPool)) {
    const { metadata: poolMetadata } = managed(context, `pool-${pool[0]}`);
    new NodePool(scope, `pool-${pool[0]}`, { metadata: poolMetadata, spec: { providerConfigRef, forProvider: { ...poolSpec(pool), clusterIdRef: ref(context, NAMES.cluster) } } });
  }
  return cluster;
}
