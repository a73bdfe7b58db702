import type { Feature } from '../platform/feature';
import { BackingServicesChart } from './backing-services-chart';
import { NamespaceChart } from './namespace-chart';
import { NetworkPoliciesChart } from './network-policies-chart';
import { networkConfig } from './schema';

/** The namespace (restricted Pod Security), in-cluster names of the managed services, NetworkPolicies. */
export const network: Feature<typeof networkConfig> = {
  id: 'network',
  config: networkConfig,
  charts: (scope, { target, cloud, contributions }) => [
    new NamespaceChart(scope, 'namespace', { target, cloud }),
    new BackingServicesChart(scope, 'backing-services', { target, cloud }),
    new NetworkPoliciesChart(scope, 'network-policies', { target, cloud, contributions }),
  ],
};
