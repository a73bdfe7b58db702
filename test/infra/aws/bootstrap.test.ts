/** The AWS estate's bootstrap: a pinned family package for every service group it renders, one fixed ServiceAccount, Pod Identity, no key. */
import { AWS_PROVIDER_RUNTIME, AWS_PROVIDER_VERSION } from '../../../charts/infra/aws/estate';
import { renderEstate } from '../../support/estate';

describe.each(['eks-production', 'eks-staging'])('the bootstrap of %s', (name) => {
  const { bootstrap, estate } = renderEstate(name);
  const providers = bootstrap.filter((o) => o.kind === 'Provider');

  it('installs the family package of every service group the estate renders, pinned to the vendored release', () => {
    const groups = new Set(estate.map((o) => o.apiVersion.split('/')[0].replace('.aws.m.upbound.io', '')));
    const packages = providers.map((p) => (p.spec as { package: string }).package);
    expect([...groups].filter((g) => !packages.includes(`xpkg.crossplane.io/crossplane-contrib/provider-aws-${g}:${AWS_PROVIDER_VERSION}`))).toEqual([]);
  });

  it('runs every provider as one fixed ServiceAccount, the one the management cluster\'s Pod Identity association names', () => {
    expect(providers.every((p) => (p.spec as { runtimeConfigRef?: { name: string } }).runtimeConfigRef?.name === AWS_PROVIDER_RUNTIME.name)).toBe(true);
    const runtime = bootstrap.find((o) => o.kind === 'DeploymentRuntimeConfig' && o.metadata.name === AWS_PROVIDER_RUNTIME.name);
    expect((runtime?.spec as { serviceAccountTemplate: { metadata: { name: string } } }).serviceAccountTemplate.metadata.name).toBe(AWS_PROVIDER_RUNTIME.serviceAccount);
  });

  it('authenticates with EKS Pod Identity: no credentials Secret', () => {
    const config = bootstrap.find((o) => o.kind === 'ProviderConfig');
    expect(config?.spec).toEqual({ credentials: { source: 'PodIdentity' } });
  });
});
