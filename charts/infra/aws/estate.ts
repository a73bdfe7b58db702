import { ProviderConfig, ProviderConfigSpecCredentialsSource } from '../../../imports/providerconfigs-aws.m.upbound.io';
import { Vpc } from '../../../imports/vpcs-ec2.aws.m.upbound.io';
import type { CloudEstate, EstateContext } from '../estate';

/** The release of provider-upjet-aws whose CRDs are vendored (crds/README.md). */
export const AWS_PROVIDER_VERSION = 'v2.6.0';

/** The provider family's packages the estate's kinds come from. */
const SERVICES = ['ec2'] as const;

/** The providerConfigRef of every managed resource. */
export function awsProviderConfigRef(context: EstateContext) {
  return { kind: 'ProviderConfig', name: context.providerConfig };
}

/**
 * The cloud estate of an EKS target: provider-upjet-aws v2 namespaced managed resources
 * (`*.aws.m.upbound.io`), authenticated with the management cluster's EKS Pod Identity.
 */
export const AWS_ESTATE: CloudEstate = {
  title: `AWS (provider-upjet-aws ${AWS_PROVIDER_VERSION})`,
  configKey: 'aws',
  providers: SERVICES.map((service) => ({ name: `provider-aws-${service}`, package: `xpkg.crossplane.io/crossplane-contrib/provider-aws-${service}:${AWS_PROVIDER_VERSION}` })),
  statefulKinds: [],
  providerConfig: (scope, context) => {
    new ProviderConfig(scope, 'provider-config', {
      metadata: { name: context.providerConfig, namespace: context.namespace },
      spec: { credentials: { source: ProviderConfigSpecCredentialsSource.POD_IDENTITY } },
    });
  },
  build: (scope, context) => {
    const { target } = context;
    new Vpc(scope, 'vpc', {
      metadata: { name: context.name('vpc'), namespace: context.namespace },
      spec: {
        providerConfigRef: awsProviderConfigRef(context),
        forProvider: { region: target.cluster.region, cidrBlock: target.infra.network.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { ...context.tags, Name: context.name('vpc') } },
      },
    });
  },
  endpoints: (context) => ({
    postgres: { connectionSecret: context.name('postgres'), keys: { host: '{{ .address }}', port: '{{ .port }}' }, cidrs: [context.target.infra.network.cidr] },
    redis: { connectionSecret: context.name('cache'), keys: { host: '{{ .primary_endpoint_address }}', port: '{{ .port }}' }, cidrs: [context.target.infra.network.cidr] },
    kafka: { connectionSecret: context.name('kafka'), keys: { brokers: '{{ .bootstrap_brokers_sasl_iam }}' }, cidrs: [context.target.infra.network.cidr] },
  }),
};
