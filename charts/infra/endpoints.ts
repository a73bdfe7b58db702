/**
 * One source of truth for the endpoints of the managed services the estate creates: nobody types a
 * host, port or broker list. Crossplane writes each managed resource's connection details to a
 * Secret in the management cluster's estate namespace (`EstateEndpoint.connectionSecret`); in the
 * target's cluster, External Secrets reads them through a `kubernetes`-provider ClusterSecretStore
 * and renders one endpoint Secret per service with stable keys (`host`, `port`; Kafka `brokers`),
 * which every consumer reads (docs/features/infra.md#endpoints-one-source-of-truth).
 *
 *   management cluster                              target's cluster
 *   <estate ns>/<connection Secret> ──(reader token)──▶ ClusterSecretStore moderation-estate
 *                                                       └▶ ExternalSecret <svc>-endpoint ─▶ env, PgBouncer, KEDA
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ClusterSecretStore,
  ClusterSecretStoreSpecProviderKubernetesServerCaProviderType,
  ClusterSecretStoreSpecProviderWebhookCaProviderType,
} from '../../imports/clustersecretstores-external-secrets.io';
import { parseApiVersion } from '../../core/kinds';
import type { CloudProfile } from '../cloud/profile';
import type { Target } from '../config/target';
import type { BackingServiceName } from '../platform/services';
import { ManagedSecret, type StoreRef } from '../secrets/external-secret';
import { estateContext, type EstateEndpoint, type EstateEndpoints, type EstateService } from './estate';

/** The managed services whose endpoints the estate publishes, in a fixed order. */
export const ESTATE_SERVICES = ['postgres', 'redis', 'kafka'] as const satisfies readonly EstateService[];

/** Whether a managed service is one the estate creates (the model registry is the cloud's object store). */
export function isEstateService(name: BackingServiceName): name is EstateService {
  return (ESTATE_SERVICES as readonly string[]).includes(name);
}

/**
 * The keys of each endpoint Secret that consumers read: the contract between the estates (whose
 * `endpoints().keys` must give each) and the workloads, PgBouncer, jobs and KEDA.
 */
export const ENDPOINT_KEYS = {
  postgres: ['host', 'port'],
  redis: ['host', 'port'],
  kafka: ['brokers'],
} as const satisfies Readonly<Record<EstateService, readonly string[]>>;

export type EndpointKey<S extends EstateService> = (typeof ENDPOINT_KEYS)[S][number];

/** The endpoint Secret of a managed service in the platform's namespace: `postgres-endpoint`. */
export const endpointSecretName = (service: EstateService) => `${service}-endpoint`;

/** An environment variable's source: one key of a service's endpoint Secret (never a literal host). */
export function endpointKeyRef<S extends EstateService>(service: S, key: EndpointKey<S>): k8s.EnvVarSource {
  return { secretKeyRef: { name: endpointSecretName(service), key, optional: false } };
}

/** The ClusterSecretStore of the target's cluster that reads the estate's connection Secrets. */
export const ESTATE_STORE_NAME = 'moderation-estate';

/**
 * The ClusterSecretStore that reads managed resources themselves (External Secrets' `webhook`
 * provider on the management cluster's API), for values a provider publishes in status only.
 */
export const ESTATE_STATUS_STORE_NAME = 'moderation-estate-status';

/** The management API path of a managed resource an endpoint reads from its status (`EstateEndpoint.status`). */
export function statusPath(endpoint: EstateEndpoint, namespace: string): string | undefined {
  if (!endpoint.status) return undefined;
  const { group, version } = parseApiVersion(endpoint.status.apiVersion);
  return `apis/${group}/${version}/namespaces/${namespace}/${endpoint.status.plural}/${endpoint.connectionSecret}`;
}

/**
 * The store that reads a connection Secret in `namespace` of the management cluster: the estate's
 * own, or, for a Secret another estate writes (a disaster-recovery standby's database is its
 * primary's replica), one per such namespace: `moderation-estate-<namespace>`.
 */
export function estateStoreName(own: string, namespace: string): string {
  return namespace === own ? ESTATE_STORE_NAME : `${ESTATE_STORE_NAME}-${namespace}`;
}

/** The management cluster's namespace of an endpoint's connection Secret. */
const namespaceOf = (endpoint: EstateEndpoints[EstateService], own: string) => endpoint.namespace ?? own;

/** The namespaces other than the estate's own where a connection Secret this target reads lives, sorted. */
const otherNamespaces = (endpoints: EstateEndpoints, own: string): string[] =>
  [...new Set(ESTATE_SERVICES.map((service) => namespaceOf(endpoints[service], own)).filter((ns) => ns !== own))].sort();

/**
 * The management cluster's reader of the estate's connection Secrets: a ServiceAccount in the
 * estate's namespace; in the target's cluster, the bootstrap Secret of the same name in External
 * Secrets' namespace holds a copy of its token Secret's `token` and `ca.crt` (placed once by a person).
 */
export const ESTATE_READER = { name: 'moderation-estate-reader', tokenKey: 'token', caKey: 'ca.crt' } as const;

/**
 * The estate's endpoints on a target, checked against the contract: an estate that leaves out a key
 * consumers read is a programming error of charts/infra/<cloud>/, reported with the key.
 */
export function estateEndpoints(target: Target, cloud: CloudProfile): EstateEndpoints {
  const endpoints = cloud.estate.endpoints(estateContext(target, cloud));
  for (const service of ESTATE_SERVICES) {
    const missing = ENDPOINT_KEYS[service].filter((key) => endpoints[service].keys[key] === undefined);
    if (missing.length > 0) throw new Error(`${cloud.estate.title}: endpoints().${service}.keys lacks ${missing.join(', ')}, which the platform reads from ${endpointSecretName(service)}`);
  }
  return endpoints;
}

export interface EstateEndpointSecretsProps {
  readonly target: Target;
  readonly cloud: CloudProfile;
  /** Labels of the produced Secrets. @default none */
  readonly secretLabels?: Readonly<Record<string, string>>;
}

/**
 * The target's cluster's side: the ClusterSecretStore (External Secrets' `kubernetes` provider) that
 * reads the estate's namespace of the management cluster, authenticated with the reader's token (a
 * bootstrap Secret placed once, docs/features/infra.md#the-first-human-step) and usable from the
 * platform's namespace only; and one ExternalSecret per managed service whose template maps the
 * connection Secret's keys to the endpoint keys. Only the templated keys reach the endpoint Secret:
 * a password in the connection details stays in the management cluster.
 */
export class EstateEndpointSecrets extends Construct {
  readonly store: ClusterSecretStore;
  /** The endpoint Secrets, by service. */
  readonly secrets: Readonly<Record<EstateService, ManagedSecret>>;

  constructor(scope: Construct, id: string, props: EstateEndpointSecretsProps) {
    super(scope, id);
    const { target, cloud } = props;
    const context = estateContext(target, cloud);
    const operatorNamespace = target.secrets.operatorNamespace;
    const management = target.infra.managementCluster;
    // The management API server's CA, for both providers: a ConfigMap when configured, else the reader's token Secret.
    const caType = management.caConfigMap ? 'CONFIG_MAP' : 'SECRET';
    const ca = { name: management.caConfigMap ?? ESTATE_READER.name, namespace: operatorNamespace, key: ESTATE_READER.caKey };

    const endpoints = estateEndpoints(target, cloud);
    const storeOf = (remoteNamespace: string) =>
      new ClusterSecretStore(this, remoteNamespace === context.namespace ? 'store' : `store-${remoteNamespace}`, {
        metadata: { name: estateStoreName(context.namespace, remoteNamespace) },
        spec: {
          conditions: [{ namespaces: [target.namespace] }],
          provider: {
            kubernetes: {
              remoteNamespace,
              server: { url: management.server, caProvider: { type: ClusterSecretStoreSpecProviderKubernetesServerCaProviderType[caType], ...ca } },
              auth: { token: { bearerToken: { name: ESTATE_READER.name, namespace: operatorNamespace, key: ESTATE_READER.tokenKey } } },
            },
          },
        },
      });
    this.store = storeOf(context.namespace);
    for (const namespace of otherNamespaces(endpoints, context.namespace)) storeOf(namespace);

    const statusStore: StoreRef = { kind: 'ClusterSecretStore', name: ESTATE_STATUS_STORE_NAME };
    // Values published in a managed resource's status only: read the resource with the same reader
    // token, as JSON, through the API server (the webhook provider; the template picks the field).
    if (ESTATE_SERVICES.some((service) => endpoints[service].status)) {
      new ClusterSecretStore(this, 'status-store', {
        metadata: { name: ESTATE_STATUS_STORE_NAME },
        spec: {
          conditions: [{ namespaces: [target.namespace] }],
          provider: {
            webhook: {
              url: `${management.server.replace(/\/$/, '')}/{{ .remoteRef.key }}`,
              method: 'GET',
              headers: { Accept: 'application/json', Authorization: 'Bearer {{ print .reader.token }}' },
              secrets: [{ name: 'reader', secretRef: { name: ESTATE_READER.name, namespace: operatorNamespace, key: ESTATE_READER.tokenKey } }],
              caProvider: { type: ClusterSecretStoreSpecProviderWebhookCaProviderType[caType], ...ca },
            },
          },
        },
      });
    }
    const secrets = {} as Record<EstateService, ManagedSecret>;
    for (const service of ESTATE_SERVICES) {
      const endpoint = endpoints[service];
      const keys: readonly string[] = ENDPOINT_KEYS[service];
      const remoteNamespace = namespaceOf(endpoint, context.namespace);
      const path = statusPath(endpoint, remoteNamespace);
      const store: StoreRef = { kind: 'ClusterSecretStore', name: estateStoreName(context.namespace, remoteNamespace) };
      secrets[service] = new ManagedSecret(this, service, {
        name: endpointSecretName(service),
        namespace: target.namespace,
        store: path ? statusStore : store,
        // An endpoint changes only when the estate replaces a resource; Reloader then rolls its consumers.
        refreshInterval: target.secrets.refreshIntervals.service,
        values: [],
        extract: [path ?? endpoint.connectionSecret],
        secretLabels: props.secretLabels,
        templateData: Object.fromEntries(keys.map((key) => [key, endpoint.keys[key]!])),
      });
    }
    this.secrets = secrets;
  }
}

/**
 * The management cluster's side, beside the estate: the reader's ServiceAccount and a Role that may
 * get exactly the connection Secrets the estate writes, by name — not the ProviderConfig's
 * credentials, not any other Secret of the namespace, and no list or watch. Its token is the first
 * human step (docs/features/infra.md#the-first-human-step): dist/ holds no Secret, not even an empty one.
 */
export class EstateReader extends Construct {
  readonly role: k8s.KubeRole;

  constructor(scope: Construct, id: string, props: { readonly namespace: string; readonly endpoints: EstateEndpoints }) {
    super(scope, id);
    const metadata = { name: ESTATE_READER.name, namespace: props.namespace };
    new k8s.KubeServiceAccount(this, 'service-account', { metadata, automountServiceAccountToken: false });
    // By namespace: the estate's own, and another estate's where it writes what this target reads (a
    // standby's replica, in its primary's namespace): a Role there for this reader only, by name.
    const rulesIn = (namespace: string) => {
      const mine = ESTATE_SERVICES.filter((s) => namespaceOf(props.endpoints[s], props.namespace) === namespace);
      const secrets = mine.filter((s) => !props.endpoints[s].status).map((s) => props.endpoints[s].connectionSecret);
      return [
        // Never an empty list: a rule without resourceNames would grant every Secret of the namespace.
        ...(secrets.length > 0 ? [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: secrets }] : []),
        // Managed resources whose status carries an endpoint: get on exactly those, by name.
        ...mine.flatMap((s) => {
          const { status, connectionSecret } = props.endpoints[s];
          return status ? [{ apiGroups: [parseApiVersion(status.apiVersion).group], resources: [status.plural], verbs: ['get'], resourceNames: [connectionSecret] }] : [];
        }),
      ];
    };
    const grant = (roleId: string, roleMetadata: { name: string; namespace: string }) => {
      const role = new k8s.KubeRole(this, roleId, { metadata: roleMetadata, rules: rulesIn(roleMetadata.namespace) });
      new k8s.KubeRoleBinding(this, roleId === 'role' ? 'binding' : `${roleId}-binding`, {
        metadata: roleMetadata,
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleMetadata.name },
        subjects: [{ kind: 'ServiceAccount', name: ESTATE_READER.name, namespace: props.namespace }],
      });
      return role;
    };
    this.role = grant('role', metadata);
    for (const namespace of otherNamespaces(props.endpoints, props.namespace)) grant(`role-${namespace}`, { name: `${ESTATE_READER.name}-${props.namespace}`, namespace });
  }
}
