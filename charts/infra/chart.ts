import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { Provider } from '../../imports/providers-pkg.crossplane.io';
import type { FeatureChartProps } from '../platform/feature';
import { PlatformChart } from '../platform/platform-chart';
import { EstateReader, estateEndpoints } from './endpoints';
import { estateContext, orphanStatefulResources } from './estate';

/**
 * The output folders of the estate, applied to the management cluster (where Crossplane runs), not
 * to the target's: first the bootstrap (the estate's namespace, the provider packages and the
 * ProviderConfig), then the estate itself.
 */
export const INFRA_FOLDERS = { bootstrap: 'infra-bootstrap', estate: 'infra' } as const;

/**
 * The management cluster's bootstrap for a target's estate: its namespace, the Crossplane provider
 * packages its kinds come from, how they authenticate (the cloud's ProviderConfig), and the reader
 * the target's cluster reads the estate's connection Secrets as (./endpoints.ts).
 */
export class CrossplaneBootstrapChart extends PlatformChart {
  constructor(scope: Construct, id: string, props: FeatureChartProps) {
    const { target, cloud } = props;
    super(scope, id, { target, component: 'crossplane', folder: INFRA_FOLDERS.bootstrap });
    const context = estateContext(target, cloud);
    new k8s.KubeNamespace(this, 'namespace', { metadata: { name: context.namespace } });
    for (const provider of cloud.estate.providers) {
      new Provider(this, provider.name, {
        metadata: { name: provider.name },
        spec: { package: provider.package, runtimeConfigRef: provider.runtimeConfig ? { name: provider.runtimeConfig } : undefined },
      });
    }
    cloud.estate.providerConfig(this, context);
    new EstateReader(this, 'estate-reader', { namespace: context.namespace, endpoints: estateEndpoints(target, cloud) });
  }
}

/**
 * The target's cloud estate as Crossplane managed resources. In production every resource that
 * holds data is orphaned, not deleted, when its object goes away.
 */
export class EstateChart extends PlatformChart {
  constructor(scope: Construct, id: string, props: FeatureChartProps) {
    const { target, cloud } = props;
    super(scope, id, { target, component: 'cloud-estate', folder: INFRA_FOLDERS.estate });
    cloud.estate.build(this, estateContext(target, cloud));
    if (target.environment === 'production') orphanStatefulResources(this, cloud.estate.statefulKinds);
  }
}
