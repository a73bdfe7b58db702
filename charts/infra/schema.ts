import { z } from 'zod';
import { cidr, dnsLabel } from '../config/primitives';
import { awsEstateConfig } from './aws/schema';
import { doEstateConfig } from './digitalocean/schema';

/**
 * The `infra` config section: the target's cloud estate (network, cluster, data services, storage,
 * edge, logs, budget), rendered as Crossplane v2 namespaced managed resources for a management
 * cluster (charts/infra). Cloud-neutral fields here; what only one cloud has sits in its own
 * sub-section (`aws`, `digitalocean`), which the cloud's estate (charts/infra/<cloud>/) defines.
 * Sizes are the provider's own names: an instance class or type on AWS, a size slug on DigitalOcean.
 */

/**
 * The seed's bounds for automated database backups, in days. The provider keeps point-in-time
 * recovery for the same period.
 */
export const DATABASE_BACKUP_RETENTION_DAYS = { min: 7, max: 30 } as const;
/** Database backup retention when a target sets none. */
export const DEFAULT_DATABASE_BACKUP_RETENTION_DAYS = { staging: 7, production: 14 } as const;

const positiveInt = z.number().int('must be a whole number').positive('must be positive');
const size = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'must be the provider\'s size name, such as "db.r6g.large" or "db-s-2vcpu-4gb"');
const region = z.string().regex(/^[a-z0-9-]+$/, 'must be a cloud region such as "us-west-2" or "sfo3"');

/**
 * The management cluster, as the target's cluster reaches it: External Secrets reads the estate's
 * connection Secrets from its API server (charts/infra/endpoints.ts, docs/features/infra.md).
 */
const managementCluster = z
  .object({
    /** The management cluster's API server URL, reachable from the target's cluster. */
    server: z.string().regex(/^https:\/\/[a-z0-9.-]+(:[0-9]{1,5})?$/, 'must be the API server\'s https:// URL, such as "https://management.example.com:6443"'),
    /**
     * A ConfigMap in External Secrets' namespace of the target's cluster whose `ca.crt` is the
     * management API server's CA. @default the `ca.crt` of the reader's token Secret (a ServiceAccount token Secret carries its cluster's CA)
     */
    caConfigMap: dnsLabel.optional(),
  })
  .strict();

/** A pool of worker nodes: what runs on it, its node size and how far the cluster autoscaler may take it. */
const nodePool = z
  .object({
    /** What the pool runs: `serving` (web, API, inference, the edge: on-demand capacity only) or `batch` (the worker, jobs). */
    purpose: z.enum(['serving', 'batch']),
    /** The node size (AWS instance type, DigitalOcean droplet slug). */
    size,
    min: z.number().int().min(0, 'must be 0 or more'),
    max: positiveInt,
    /** Spot (AWS) capacity: cheaper, reclaimable at two minutes' notice. Batch pools only. @default false */
    spot: z.boolean().default(false),
  })
  .strict();

export const infraConfig = {
  infra: z
    .object({
      /** The management cluster's namespace that holds the estate's managed resources. @default the target's name */
      namespace: dnsLabel.optional(),
      /** Where the management cluster's API server is, for the target's cluster to read the estate's endpoints. */
      managementCluster,
      /** The cluster's Kubernetes minor version, pinned ("1.33"): upgrades are a reviewed change. */
      kubernetesVersion: z.string().regex(/^1\.\d{2}$/, 'must be a Kubernetes minor version such as "1.33"'),
      network: z
        .object({
          /** The VPC's address range; the estate carves its subnets from it. */
          cidr,
        })
        .strict(),
      /** Address ranges allowed to reach the cluster's API server from outside the VPC; none keeps it private. @default [] */
      apiAccessCidrs: z.array(cidr).default([]),
      /** Node pools by name; at least one `serving` pool. */
      nodePools: z.record(dnsLabel, nodePool),
      /** The managed PostgreSQL the services use. */
      postgres: z
        .object({
          size,
          /** Storage, in GiB. */
          storageGiB: positiveInt,
          /** A standby in another zone that takes over on failure. @default true in production, false in staging */
          highAvailability: z.boolean().optional(),
          /** Days of automated backups and point-in-time recovery (7–30). @default 14 in production, 7 in staging */
          backupRetentionDays: z.number().int().optional(),
          /** Copies of the automated backups in a second region (required in production). @default none */
          crossRegionBackup: z.object({ region }).strict().optional(),
        })
        .strict(),
      /** The managed Valkey/Redis cache. */
      cache: z.object({ size, /** Nodes: a primary and replicas; two or more fail over. @default 2 */ nodes: positiveInt.default(2) }).strict(),
      /** The managed Kafka cluster. */
      kafka: z.object({ size, /** Brokers, spread over zones. @default 3 */ brokers: positiveInt.default(3), /** Storage per broker, in GiB. */ storageGiB: positiveInt }).strict(),
      /** The estate's monthly cost budget, with alerts at the given percentages of it. */
      budget: z
        .object({
          monthlyUsd: positiveInt,
          /** Percentages of the budget that alert the owners. @default [80, 100] */
          alertPercents: z.array(z.number().positive()).min(1).default([80, 100]),
          /**
           * What synthesis does when the estimate at maximum scale (`npm run cost`, docs/cost.md) is above
           * `monthlyUsd`: print a warning, or fail and write nothing. @default 'warn'
           */
          onOverrun: z.enum(['warn', 'fail']).default('warn'),
        })
        .strict(),
      /** What only an AWS estate has (EKS targets). @default {} */
      aws: awsEstateConfig.optional(),
      /** What only a DigitalOcean estate has (DOKS targets). @default {} */
      digitalocean: doEstateConfig.optional(),
    })
    .strict(),
};

export type InfraConfig = z.output<(typeof infraConfig)['infra']>;
