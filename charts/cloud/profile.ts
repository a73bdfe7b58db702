import type { ClusterIssuerSpecAcmeSolversDns01 } from '../../imports/clusterissuers-cert-manager.io';
import type { CloudEstate, EstateService } from '../infra/estate';

/** The clouds a target can run on; each has one `CloudProfile` (charts/cloud/index.ts). */
export const CLOUDS = ['eks', 'doks'] as const;
export type Cloud = (typeof CLOUDS)[number];

/** The secrets managers a target can read credentials from (charts/secrets/schema.ts). */
export const SECRET_PROVIDERS = ['aws-secrets-manager', 'vault', 'doppler', 'infisical', '1password'] as const;
export type SecretProvider = (typeof SECRET_PROVIDERS)[number];

/** A link-local agent that hands pods their cloud identity's credentials; pods need egress to it. */
export interface IdentityAgent {
  readonly cidr: string;
  readonly port: number;
}

/**
 * How Kafka clients authenticate on a cloud: the services that use Kafka and KEDA's lag scaler, with
 * their own cloud identity (Amazon MSK IAM, on the brokers' IAM port; no credential exists), or with
 * SASL/SCRAM users over TLS synced from the secrets manager.
 */
export type KafkaAuth =
  | { readonly kind: 'aws-msk-iam'; readonly port: number }
  | { readonly kind: 'scram'; readonly mechanism: 'scram_sha256' | 'scram_sha512' };

/**
 * A cloud's managed PostgreSQL, as far as the connection budget (charts/pooler) needs it: how its
 * `max_connections` follows from the size a target runs, and what the provider keeps of it.
 */
export interface ManagedPostgres {
  /** For people: "Amazon RDS for PostgreSQL". */
  readonly title: string;
  /** What the provider calls a size, for messages: "instance class", "size slug". */
  readonly sizeName: string;
  readonly sizeExample: string;
  /** The sizes `maxConnections` knows, for the message that names an unknown one. */
  readonly knownSizes: string;
  /** `max_connections` of a size by the provider's default rule, with its arithmetic; undefined for a size the rule does not know. */
  maxConnections(size: string): { readonly value: number; readonly derivation: string } | undefined;
  /** Connections of `max_connections` the provider keeps for itself, and why. */
  readonly reserved: { readonly connections: number; readonly why: string };
  /** Where the provider runs PgBouncer pools itself: the port they listen on, on the database's host. @default none */
  readonly managedPools?: { readonly port: number };
}

/**
 * Where a cloud's targets ship their logs (charts/logging), and how the collector gets there:
 * - `cloudwatch-logs`: the provider's regional log service, written with the collector's own cloud
 *   identity (the `podIdentityAgent`; no key), into log groups it creates with their retention;
 * - `opensearch`: a managed OpenSearch cluster the target names, written over TLS with a user and
 *   CA certificate synced from the secrets manager; its indices' retention is an ISM policy.
 */
export type LogStore =
  | {
      readonly kind: 'cloudwatch-logs';
      /** For people: "Amazon CloudWatch Logs". */
      readonly title: string;
      /** The store's HTTPS host in a region. */
      endpoint(region: string): string;
      readonly port: number;
      /** The only retention periods, in days, a log group accepts. */
      readonly retentionDays: readonly number[];
    }
  | {
      readonly kind: 'opensearch';
      readonly title: string;
      /** The port the provider's clusters serve HTTPS on; the host is the target's (`logging.destination.host`). */
      readonly port: number;
    };

/** What the edge's load balancer needs to know of the target. */
export interface LoadBalancerContext {
  readonly targetName: string;
  readonly production: boolean;
  /** The host the load balancer answers for (the app's public host). */
  readonly primaryHost: string;
}

/** The DNS-01 solver settings of a target, as configured in `edge.certificates.dns01`. */
export interface Dns01Settings {
  readonly route53?: { readonly hostedZoneID: string; readonly region: string; readonly role?: string };
  readonly digitalocean?: Record<string, never>;
}

/**
 * Everything that differs between the clouds a target can run on. Features ask the profile; none
 * branches on the cloud's name. Add a cloud by adding an implementation next to eks.ts and doks.ts.
 */
export interface CloudProfile {
  readonly id: Cloud;
  /** For people: "Amazon EKS". */
  readonly title: string;
  /**
   * How hard replicas are spread over zones: `DoNotSchedule` where node groups span zones,
   * `ScheduleAnyway` where a cluster may have a single zone.
   */
  readonly zoneSpread: 'DoNotSchedule' | 'ScheduleAnyway';
  /** Annotations of the edge proxy's `LoadBalancer` Service. */
  loadBalancerAnnotations(context: LoadBalancerContext): Record<string, string>;
  /**
   * Whether the load balancer targets pod IPs directly, so no NodePort needs to be open
   * (`allocateLoadBalancerNodePorts: false`).
   */
  readonly loadBalancerTargetsPods: boolean;
  /** The `edge.certificates.dns01` field that configures this cloud's DNS-01 solver. */
  readonly dns01Field: keyof Dns01Settings;
  /** How to configure that field, for the error that says it is missing. */
  readonly dns01Setup: string;
  /** cert-manager's DNS-01 solver from the target's settings; undefined when they are missing. */
  dns01Solver(settings: Dns01Settings | undefined): ClusterIssuerSpecAcmeSolversDns01 | undefined;
  /**
   * The agent that hands workload pods their cloud identity, where the cloud has one; workloads
   * that use a cloud identity (`PlatformService.cloudIdentity`) get egress to it and need no key.
   */
  readonly podIdentityAgent?: IdentityAgent;
  /**
   * The cloud's S3-compatible object store (logical backups): its name, for people, and the HTTPS
   * endpoint of a region. Without a `podIdentityAgent`, pods reach it with an access key.
   */
  readonly objectStore: { readonly title: string; endpoint(region: string): string };
  /** Whether nodes need a pull secret for the target's registry (no node identity reads it). */
  readonly registryNeedsPullSecret: boolean;
  /** How Kafka clients (the services, KEDA reading the worker's consumer lag) authenticate on this cloud. */
  readonly kafkaAuth: KafkaAuth;
  /** The cloud's managed PostgreSQL: its connection limit by size, and whether it runs pools itself. */
  readonly postgres: ManagedPostgres;
  /** The secrets managers a target on this cloud may use without static cloud keys. */
  readonly secretProviders: readonly SecretProvider[];
  /** Where the log collector ships the cluster's logs. */
  readonly logStore: LogStore;
  /**
   * Whether the provider installs and upgrades the Gateway API CRDs itself (for its own Gateway
   * implementation). Then the add-ons install Envoy Gateway's CRDs only: a second copy of the
   * Gateway API bundle over the provider's would fight its upgrades.
   */
  readonly providesGatewayApiCrds: boolean;
  /** Labels the cloud's load-balancer integration reads on the edge's namespace (`network.edgeNamespace`). */
  readonly edgeNamespaceLabels: Readonly<Record<string, string>>;
  /** The target's cloud estate as Crossplane managed resources (charts/infra/<cloud>/). */
  readonly estate: CloudEstate;
  /**
   * The ports the cloud's managed services listen on, which NetworkPolicies need at synthesis: the
   * hosts are read at run time from the estate's endpoint Secrets (charts/infra/endpoints.ts), the
   * ports are the provider's fixed ones.
   */
  readonly estatePorts: Readonly<Record<EstateService, number>>;
}
