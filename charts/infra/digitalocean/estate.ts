import { ProviderConfig, ProviderConfigSpecCredentialsSource } from '../../../imports/providerconfigs-digitalocean.m.crossplane.io';
import { Vpc } from '../../../imports/vpcs-vpc.digitalocean.m.crossplane.io';
import type { CloudEstate, EstateContext } from '../estate';

/** The release of provider-upjet-digitalocean whose CRDs are vendored (crds/README.md). */
export const DO_PROVIDER_VERSION = 'v1.0.1';

/** The Secret (in the estate's namespace) holding the DigitalOcean API token the provider uses. */
export const DO_TOKEN_SECRET = 'digitalocean-api-token';

/** The providerConfigRef of every managed resource. */
export function doProviderConfigRef(context: EstateContext) {
  return { kind: 'ProviderConfig', name: context.providerConfig };
}

/**
 * The cloud estate of a DOKS target: provider-upjet-digitalocean v1 namespaced managed resources
 * (`*.digitalocean.m.crossplane.io`), authenticated with an API token synced from the secrets manager.
 */
export const DO_ESTATE: CloudEstate = {
  title: `DigitalOcean (provider-upjet-digitalocean ${DO_PROVIDER_VERSION})`,
  configKey: 'digitalocean',
  providers: [{ name: 'provider-upjet-digitalocean', package: `xpkg.crossplane.io/crossplane-contrib/provider-upjet-digitalocean:${DO_PROVIDER_VERSION}` }],
  statefulKinds: [],
  providerConfig: (scope, context) => {
    new ProviderConfig(scope, 'provider-config', {
      metadata: { name: context.providerConfig, namespace: context.namespace },
      spec: { credentials: { source: ProviderConfigSpecCredentialsSource.SECRET, secretRef: { name: DO_TOKEN_SECRET, namespace: context.namespace, key: 'credentials' } } },
    });
  },
  build: (scope, context) => {
    const { target } = context;
    new Vpc(scope, 'vpc', {
      metadata: { name: context.name('vpc'), namespace: context.namespace },
      spec: { providerConfigRef: doProviderConfigRef(context), forProvider: { name: context.name('vpc'), region: target.cluster.region, ipRange: target.infra.network.cidr } },
    });
  },
  endpoints: (context) => ({
    postgres: { connectionSecret: context.name('postgres'), keys: { host: '{{ .private_host }}', port: '{{ .port }}' }, cidrs: [context.target.infra.network.cidr] },
    redis: { connectionSecret: context.name('cache'), keys: { host: '{{ .private_host }}', port: '{{ .port }}' }, cidrs: [context.target.infra.network.cidr] },
    kafka: { connectionSecret: context.name('kafka'), keys: { brokers: '{{ .private_host }}:{{ .port }}' }, cidrs: [context.target.infra.network.cidr] },
  }),
};
