import { ProviderConfig, ProviderConfigSpecCredentialsSource } from '../../../imports/providerconfigs-digitalocean.m.crossplane.io';
import { overlayTarget } from '../../disaster-recovery/pairing';
import { standbyOf } from '../../disaster-recovery/standby';
import type { CloudEstate, EstateContext, EstateEndpoint } from '../estate';
import { buildCluster } from './cluster';
import { NAMES } from './common';
import { buildCredentials, DO_TOKEN_SECRET } from './credentials';
import { buildDatabases } from './databases';
import { buildDns } from './dns';
import { buildMonitoring } from './monitoring';
import { buildNetwork } from './network';
import { buildProject } from './project';
import { buildRegistry } from './registry';
import { buildStorage } from './storage';

export { doProviderConfigRef } from './common';
export { DO_TOKEN_SECRET } from './credentials';

/** The release of provider-upjet-digitalocean whose CRDs are vendored (crds/README.md). */
export const DO_PROVIDER_VERSION = 'v1.0.1';

/**
 * The connection-detail key upjet writes for a database's private URI: sensitive attributes are
 * published as `attribute.<terraform attribute>`. PostgreSQL and Valkey give a URL
 * (`scheme://user:password@host:port/…`), Kafka `host:port`.
 */
const PRIVATE_URI = '(index . "attribute.private_uri")';

/** An endpoint read from a URL-shaped private URI: its host and its port. */
function urlEndpoint(connectionSecret: string, cidrs: readonly string[], namespace?: string): EstateEndpoint {
  return {
    connectionSecret,
    ...(namespace === undefined ? {} : { namespace }),
    keys: { host: `{{ (urlParse ${PRIVATE_URI}).hostname }}`, port: `{{ (urlParse ${PRIVATE_URI}).host | splitList ":" | last }}` },
    cidrs,
  };
}

/**
 * Where the platform's PostgreSQL is: the estate's own cluster, or on a disaster-recovery standby the
 * read-only replica its primary's estate keeps in the standby's VPC (charts/disaster-recovery), whose
 * connection Secret is in the primary's estate namespace.
 */
function postgresEndpoint(context: EstateContext, cidrs: readonly string[]): EstateEndpoint {
  const standby = standbyOf(context.target);
  const primary = standby && overlayTarget(standby.primary);
  if (!primary) return urlEndpoint(context.name(NAMES.postgres), cidrs);
  return urlEndpoint(`${String(primary.clusterName)}-${NAMES.postgresReplica}`, cidrs, primary.estateNamespace);
}

/**
 * The cloud estate of a DOKS target: provider-upjet-digitalocean v1 namespaced managed resources
 * (`*.digitalocean.m.crossplane.io`), authenticated with an API token synced from the management
 * cluster's secrets manager (docs/features/infra-digitalocean.md).
 */
export const DO_ESTATE: CloudEstate = {
  title: `DigitalOcean (provider-upjet-digitalocean ${DO_PROVIDER_VERSION})`,
  configKey: 'digitalocean',
  providers: [{ name: 'provider-upjet-digitalocean', package: `xpkg.crossplane.io/crossplane-contrib/provider-upjet-digitalocean:${DO_PROVIDER_VERSION}` }],
  statefulKinds: [
    'database.digitalocean.m.crossplane.io/Cluster',
    'database.digitalocean.m.crossplane.io/DB',
    'database.digitalocean.m.crossplane.io/Replica',
    'database.digitalocean.m.crossplane.io/KafkaTopic',
    'database.digitalocean.m.crossplane.io/User',
    'spaces.digitalocean.m.crossplane.io/Bucket',
    'container.digitalocean.m.crossplane.io/Registry',
    'kubernetes.digitalocean.m.crossplane.io/Cluster',
    'vpc.digitalocean.m.crossplane.io/VPC',
  ],
  providerConfig: (scope, context) => {
    buildCredentials(scope, context);
    new ProviderConfig(scope, 'provider-config', {
      metadata: { name: context.providerConfig, namespace: context.namespace },
      spec: { credentials: { source: ProviderConfigSpecCredentialsSource.SECRET, secretRef: { name: DO_TOKEN_SECRET.name, namespace: context.namespace, key: DO_TOKEN_SECRET.key } } },
    });
  },
  build: (scope, context) => {
    buildProject(scope, context);
    buildNetwork(scope, context);
    buildCluster(scope, context);
    buildDatabases(scope, context);
    buildStorage(scope, context);
    buildRegistry(scope, context);
    buildMonitoring(scope, context);
    buildDns(scope, context);
  },
  endpoints: (context: EstateContext) => {
    const cidrs = [context.target.infra.network.cidr];
    return {
      postgres: postgresEndpoint(context, cidrs),
      redis: urlEndpoint(context.name(NAMES.cache), cidrs),
      kafka: { connectionSecret: context.name(NAMES.kafka), keys: { brokers: `{{ ${PRIVATE_URI} }}` }, cidrs },
    };
  },
};
