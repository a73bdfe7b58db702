/**
 * The catalogue of every credential the platform uses: which Kubernetes Secret holds it, in which
 * namespace, who reads it, under which remote key it lives in the secrets manager and how often it
 * is refreshed. It is the same on every target except where the cloud differs (`clouds`); the
 * target chooses only the provider and naming (charts/secrets/schema.ts).
 *
 * Each consumer gets its own Secret (never one shared bag), holding only what it needs. A remote
 * secret is one document with named properties (a JSON object in AWS Secrets Manager, Doppler and
 * Infisical, a KV v2 entry in Vault, an item's fields in 1Password), read into Secret keys.
 */
import type { CloudProfile, SecretProvider } from '../cloud';
import type { Target } from '../config/target';
import type { ServiceName } from '../platform/services';

/**
 * How often a class of secret is re-read (`secrets.refreshIntervals`): database credentials rotate
 * most often; service credentials (Redis, Kafka, session, model registry) and platform ones
 * (registry, DNS) less.
 */
export type SecretClass = 'database' | 'service' | 'platform';

/** One property of a remote secret, copied into the Kubernetes Secret. */
export interface CredentialField {
  /** Property of the remote document (JSON key, KV field, 1Password field label). */
  readonly property: string;
  /** Key in the Kubernetes Secret. */
  readonly secretKey: string;
  /** Environment variable a workload reads it from; the name is part of the contract with the app. */
  readonly env?: string;
}

/** One remote secret (a document in the secrets manager) and what is read from it. */
export interface Credential {
  /** Last segment of the remote key: `<prefix>/<owner>/<name>`. */
  readonly name: string;
  readonly class: SecretClass;
  readonly description: string;
  readonly fields: readonly CredentialField[];
  /**
   * Where a provider's consumers other than ESO impose a name, the scheme key renamed for that
   * provider (given the formatted scheme key). @default the scheme key
   */
  readonly providerKey?: Partial<Record<SecretProvider, (key: string) => string>>;
  /** Whether the credential exists on a cloud (a Kafka user only where clients authenticate with SCRAM). @default on every cloud */
  readonly onCloud?: (cloud: CloudProfile) => boolean;
}

/** Where a Secret lives: the platform's namespace, cert-manager's, or the log collector's (`logging.namespace`). */
export type SecretNamespace = 'platform' | 'cert-manager' | 'logging';

/** Namespace of cert-manager, where its DNS-01 solver reads the DigitalOcean token. */
export const CERT_MANAGER_NAMESPACE = 'cert-manager';

/** Template that turns the fetched keys into the Secret's data (ESO template engine v2). */
export interface SecretTemplate {
  readonly type: string;
  /** Secret key → Go template over the fetched keys; `registryHost` is the target's image registry host. */
  readonly data: (context: { readonly registryHost: string }) => Readonly<Record<string, string>>;
}

/** One Kubernetes Secret produced by one ExternalSecret. */
export interface SecretSpec {
  /** Who owns it: the second-to-last segment of its remote keys. A platform service, or a platform component. */
  readonly owner: string;
  /** Name of the Kubernetes Secret (and of its ExternalSecret). */
  readonly secretName: string;
  readonly namespace: SecretNamespace;
  /** The clouds that need it, asked of the cloud's profile. @default every cloud */
  readonly onCloud?: (cloud: CloudProfile) => boolean;
  /**
   * Whether the target's config gives it a consumer; a credential nothing reads is not synced.
   * @default always (a workload or platform component reads it on every target)
   */
  readonly consumed?: (target: Target) => boolean;
  /** The workload whose container reads it (env). @default none: read by something else, see `usedBy` */
  readonly workload?: ServiceName;
  /** Who uses it, for people. */
  readonly usedBy: string;
  readonly credentials: readonly Credential[];
  /** Builds the Secret's data from the fetched keys (e.g. a docker config JSON). @default keys as fetched, type Opaque */
  readonly template?: SecretTemplate;
}

/**
 * PostgreSQL login of one database role. Each role has two login users (blue/green, e.g.
 * `moderation_api_blue` / `moderation_api_green`, both members of role `role`) so a rotation never
 * invalidates the password running pods use; see docs/runbooks/secret-rotation.md.
 */
export const postgres = (role: string, env: { readonly user: string; readonly password: string } = { user: 'POSTGRES_USER', password: 'POSTGRES_PASSWORD' }): Credential => ({
  name: 'postgres',
  class: 'database',
  description: `PostgreSQL login of role ${role} (blue/green users ${role}_blue / ${role}_green)`,
  fields: [
    { property: 'username', secretKey: 'postgres-username', env: env.user },
    { property: 'password', secretKey: 'postgres-password', env: env.password },
  ],
});

/** Redis ACL user of one service. */
const redis: Credential = {
  name: 'redis',
  class: 'service',
  description: 'Redis ACL user of the service',
  fields: [
    { property: 'username', secretKey: 'redis-username', env: 'REDIS_USERNAME' },
    { property: 'password', secretKey: 'redis-password', env: 'REDIS_PASSWORD' },
  ],
};

/**
 * Kafka SASL/SCRAM user of one service, where the cloud's Kafka clients authenticate with SCRAM
 * (`CloudProfile.kafkaAuth`). On Amazon MSK the services sign in with their Pod Identity role (MSK
 * IAM) instead, so no Kafka password exists there.
 */
const kafka: Credential = {
  name: 'kafka',
  class: 'service',
  description: 'Kafka SASL/SCRAM user of the service',
  onCloud: (cloud) => cloud.kafkaAuth.kind === 'scram',
  fields: [
    { property: 'username', secretKey: 'kafka-sasl-username', env: 'KAFKA_SASL_USERNAME' },
    { property: 'password', secretKey: 'kafka-sasl-password', env: 'KAFKA_SASL_PASSWORD' },
  ],
};

/** Every Secret of the platform, in apply order. */
export const SECRET_CATALOGUE: readonly SecretSpec[] = [
  {
    owner: 'web',
    secretName: 'web-credentials',
    namespace: 'platform',
    workload: 'web',
    usedBy: 'web (Next.js): signs and verifies session cookies',
    credentials: [
      {
        name: 'session',
        class: 'service',
        // `previous` keeps sessions signed before a rotation valid until they expire (docs/runbooks/secret-rotation.md).
        description: 'Session signing secret: the current one signs, current and previous verify',
        fields: [
          { property: 'current', secretKey: 'session-secret', env: 'SESSION_SECRET' },
          { property: 'previous', secretKey: 'session-secret-previous', env: 'SESSION_SECRET_PREVIOUS' },
        ],
      },
    ],
  },
  {
    owner: 'moderation-api',
    secretName: 'moderation-api-credentials',
    namespace: 'platform',
    workload: 'moderation-api',
    usedBy: 'moderation-api: database, cache and event producer',
    credentials: [postgres('moderation_api'), redis, kafka],
  },
  {
    owner: 'moderation-worker',
    secretName: 'moderation-worker-credentials',
    namespace: 'platform',
    workload: 'moderation-worker',
    usedBy: 'moderation-worker: database, cache and event consumer',
    credentials: [postgres('moderation_worker'), redis, kafka],
  },
  {
    owner: 'ml-inference',
    secretName: 'ml-inference-credentials',
    namespace: 'platform',
    // Where the cloud has workload identity (EKS Pod Identity), the model registry is read with
    // ml-inference's role: no key exists.
    onCloud: (cloud) => cloud.podIdentityAgent === undefined,
    workload: 'ml-inference',
    usedBy: 'ml-inference: downloads models from the model registry (S3-compatible API)',
    credentials: [
      {
        name: 'model-registry',
        class: 'service',
        description: 'Read-only access key of the model registry',
        fields: [
          { property: 'access-key-id', secretKey: 'model-registry-access-key-id', env: 'MODEL_REGISTRY_ACCESS_KEY_ID' },
          { property: 'secret-access-key', secretKey: 'model-registry-secret-access-key', env: 'MODEL_REGISTRY_SECRET_ACCESS_KEY' },
        ],
      },
    ],
  },
  {
    owner: 'db-migrations',
    secretName: 'db-migrations-credentials',
    namespace: 'platform',
    // The migration Job (charts/migrations) reads it, as the only holder of DDL rights; no service does.
    usedBy: 'the schema-migration Job (charts/migrations); no service reads it',
    credentials: [postgres('moderation_migrations')],
  },
  {
    owner: 'registry',
    secretName: 'registry-pull-secret',
    namespace: 'platform',
    // Where nodes pull with their own identity (EKS nodes from ECR), no pull secret exists.
    onCloud: (cloud) => cloud.registryNeedsPullSecret,
    usedBy: 'the kubelet, to pull every workload\'s image from the DigitalOcean Container Registry',
    credentials: [
      {
        name: 'pull',
        class: 'platform',
        description: 'Read-only registry token (DigitalOcean: an API token with registry read scope, as both username and password)',
        fields: [
          { property: 'username', secretKey: 'username' },
          { property: 'password', secretKey: 'password' },
        ],
      },
    ],
    template: {
      type: 'kubernetes.io/dockerconfigjson',
      data: ({ registryHost }) => ({
        '.dockerconfigjson':
          `{"auths":{${JSON.stringify(registryHost)}:{"username":{{ .username | toJson }},"password":{{ .password | toJson }},` +
          `"auth":{{ printf "%s:%s" .username .password | b64enc | toJson }}}}}`,
      }),
    },
  },
  {
    owner: 'cert-manager',
    secretName: 'digitalocean-dns-token',
    namespace: 'cert-manager',
    // Only the DigitalOcean DNS-01 solver reads a token (on EKS, cert-manager uses its IAM role for
    // Route 53), and only on a target that solves DNS-01 with it.
    onCloud: (cloud) => cloud.dns01Field === 'digitalocean',
    consumed: (target) => target.edge.certificates.solver === 'dns01' && target.edge.certificates.dns01?.digitalocean !== undefined,
    usedBy: 'cert-manager: the DigitalOcean DNS-01 solver',
    credentials: [
      {
        name: 'digitalocean-dns',
        class: 'platform',
        description: 'DigitalOcean API token with write access to the zone\'s DNS records only',
        fields: [{ property: 'access-token', secretKey: 'access-token' }],
      },
    ],
  },
];

/** The Secrets a target produces: those its cloud needs and its config gives a consumer. */
export function secretsForTarget(target: Target, cloud: CloudProfile): SecretSpec[] {
  return SECRET_CATALOGUE.filter((s) => (s.onCloud?.(cloud) ?? true) && (s.consumed?.(target) ?? true)).map((s) => ({
    ...s,
    credentials: s.credentials.filter((c) => c.onCloud?.(cloud) ?? true),
  }));
}

/** The class that sets a Secret's refresh interval: the most often rotated of its credentials'. */
export function refreshClassOf(spec: SecretSpec): SecretClass {
  const classes = spec.credentials.map((c) => c.class);
  return (['database', 'service', 'platform'] as const).find((c) => classes.includes(c)) ?? 'platform';
}

/** The Secret a workload reads its credentials from, if any. */
export function workloadSecret(target: Target, cloud: CloudProfile, workload: ServiceName): SecretSpec | undefined {
  return secretsForTarget(target, cloud).find((s) => s.workload === workload);
}

/** The Secret every workload pulls its image with on this cloud, if the registry needs one. */
export function imagePullSecret(target: Target, cloud: CloudProfile): SecretSpec | undefined {
  return secretsForTarget(target, cloud).find((s) => s.template?.type === 'kubernetes.io/dockerconfigjson');
}
