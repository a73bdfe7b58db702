import { ApiObject, JsonPatch } from 'cdk8s';
import type { Construct } from 'constructs';
import type { CloudProfile } from '../cloud/profile';
import type { Rule } from '../config/rules';
import type { Target } from '../config/target';
import type { BackingServiceName } from '../platform/services';
import { DEFAULT_DATABASE_BACKUP_RETENTION_DAYS, type InfraConfig } from './schema';

/**
 * What a cloud's estate is made of (charts/infra/<cloud>/): the Crossplane provider packages it
 * needs, the resources it renders for a target, and what the platform reads back from them. Each
 * cloud's profile carries one (`CloudProfile.estate`); charts/infra builds it without knowing the cloud.
 */
export interface CloudEstate {
  /** For people: "AWS (provider-upjet-aws v2.6.0)". */
  readonly title: string;
  /** The target's cloud-specific config sub-section (`infra.aws`, `infra.digitalocean`). */
  readonly configKey: 'aws' | 'digitalocean';
  /** The Crossplane provider packages the estate's kinds come from. */
  readonly providers: readonly ProviderPackage[];
  /**
   * The `<group>/<Kind>` of every kind that holds data (databases, caches, Kafka, buckets, keys):
   * in production these are orphaned, never deleted, when their object is (`managementPolicies`
   * without `Delete`), whatever happens to the folder in Git.
   */
  readonly statefulKinds: readonly string[];
  /** The cloud's own rules over `infra` (its sub-section, and what only it requires), run by the infra rules. @default none */
  readonly rules?: Rule;
  /** Renders the provider's config (how Crossplane authenticates) into the management bootstrap. */
  providerConfig(scope: Construct, context: EstateContext): void;
  /** Renders every managed resource of the target's estate. */
  build(scope: Construct, context: EstateContext): void;
  /**
   * How the platform reaches the managed services the estate creates, without typing an endpoint
   * twice: the connection Secret each writes in the management cluster, the platform's endpoint
   * keys as templates over its keys, and the address ranges the service lives in.
   */
  endpoints(context: EstateContext): EstateEndpoints;
}

/** A Crossplane provider package. */
export interface ProviderPackage {
  /** The Provider object's name, e.g. `provider-aws-rds`. */
  readonly name: string;
  /** The package reference, pinned: `xpkg.crossplane.io/crossplane-contrib/provider-aws-rds:v2.6.0`. */
  readonly package: string;
  /** The DeploymentRuntimeConfig its pods run with (rendered by `providerConfig`). @default Crossplane's default */
  readonly runtimeConfig?: string;
}

/** Everything an estate is built from. */
export interface EstateContext {
  readonly target: Target;
  readonly cloud: CloudProfile;
  /** The management cluster's namespace of the target's managed resources. */
  readonly namespace: string;
  /** The name of the (namespaced) ProviderConfig every managed resource uses. */
  readonly providerConfig: string;
  /** Cost-allocation and ownership tags for every taggable resource. */
  readonly tags: Readonly<Record<string, string>>;
  /** A name for a cloud resource of the target, unique per target: `<cluster>-<suffix>`. */
  name(suffix: string): string;
}

/** The keys of the platform's endpoint Secret for each managed service. */
export interface EstateEndpoint {
  /**
   * The connection Secret the managed resource writes (`writeConnectionSecretToRef`) in the estate's
   * namespace; with `status`, the managed resource's own name.
   */
  readonly connectionSecret: string;
  /**
   * Set where the provider publishes the values in the managed resource's status only, not as
   * connection details (provider-upjet-aws v2.6.0's MSK cluster: its brokers): the resource's API
   * version and plural. The platform then reads the resource itself from the management cluster's
   * API, and `keys` template over its top-level fields (`{{ (.status | fromJson).atProvider.x }}`).
   * @default the connection Secret
   */
  readonly status?: { readonly apiVersion: string; readonly plural: string };
  /**
   * The management cluster's namespace of the connection Secret, when another estate writes it: a
   * disaster-recovery standby reads the replica its primary's estate creates (charts/disaster-recovery).
   * @default the estate's namespace
   */
  readonly namespace?: string;
  /**
   * The endpoint Secret's keys (`host`, `port`; Kafka: `brokers`, comma-separated `host:port`), as
   * External Secrets templates over the connection Secret's keys, e.g. `{{ .address }}`.
   */
  readonly keys: Readonly<Record<string, string>>;
  /** The address ranges the service's endpoints live in: the only egress the platform allows to it. */
  readonly cidrs: readonly string[];
}

/** The managed services the estate creates and the platform reaches (the model registry is the cloud's object store). */
export type EstateService = Exclude<BackingServiceName, 'model-registry'>;
export type EstateEndpoints = Readonly<Record<EstateService, EstateEndpoint>>;

/** The estate's context for a target. */
export function estateContext(target: Target, cloud: CloudProfile): EstateContext {
  return {
    target,
    cloud,
    namespace: target.infra.namespace ?? target.name,
    providerConfig: target.name,
    tags: { 'environment': target.environment, 'team': target.owner.team, 'cost-center': target.owner.costCenter, 'target': target.name, 'managed-by': 'crossplane' },
    name: (suffix) => `${target.cluster.name}-${suffix}`,
  };
}

/**
 * The bucket (S3) or Space (DigitalOcean) the logical backups go to: the estate creates it with this
 * name, the backup jobs (charts/backups) write to it, so the name is typed nowhere.
 */
export function backupBucketName(target: Pick<Target, 'cluster' | 'cloud' | 'name'>): string {
  return `${target.cluster.name}-${target.cloud}-db-backups`;
}

/** Days of automated database backups and point-in-time recovery of a target. */
export function databaseBackupRetentionDays(infra: InfraConfig, environment: Target['environment']): number {
  return infra.postgres.backupRetentionDays ?? DEFAULT_DATABASE_BACKUP_RETENTION_DAYS[environment];
}

/** Whether the target's database runs a standby in a second zone. */
export function databaseHighAvailability(target: Target): boolean {
  return target.infra.postgres.highAvailability ?? target.environment === 'production';
}

/**
 * Crossplane's management policies that leave out `Delete`: deleting the object (or its whole
 * folder in Git) orphans the cloud resource instead of deleting it. Crossplane v2's namespaced
 * managed resources have no `deletionPolicy`; this is how they are orphaned.
 */
export const ORPHAN_ON_DELETE = ['Observe', 'Create', 'Update', 'LateInitialize'] as const;

/**
 * Sets `ORPHAN_ON_DELETE` on every object of a stateful kind under `scope`, in one place, so no
 * builder can forget it. Applied in production; a staging estate can be destroyed on purpose.
 */
export function orphanStatefulResources(scope: Construct, statefulKinds: readonly string[]): void {
  const stateful = new Set(statefulKinds);
  for (const object of scope.node.findAll().filter(ApiObject.isApiObject)) {
    if (stateful.has(`${object.apiGroup}/${object.kind}`)) object.addJsonPatch(JsonPatch.add('/spec/managementPolicies', [...ORPHAN_ON_DELETE]));
  }
}
