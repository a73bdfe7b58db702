import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { Target } from '../config/target';
import type { FeatureChartProps } from '../platform/feature';
import { PlatformChart } from '../platform/platform-chart';
import { SINGLE_HOST_SERVICES, type SingleHostServiceName } from '../platform/services';

/** The in-cluster DNS name applications use for a managed service. */
export function backingServiceHost(target: Target, name: SingleHostServiceName): string {
  return `${name}.${target.namespace}.svc.cluster.local`;
}

/**
 * Stable in-cluster names for the managed services outside the cluster: an ExternalName Service
 * per service (`postgres`, `redis`, `model-registry`), so applications are configured with the same
 * host on every target and never with a cloud endpoint. Kafka clients get the broker list instead.
 */
export class BackingServicesChart extends PlatformChart {
  constructor(scope: Construct, id: string, props: FeatureChartProps) {
    const { target } = props;
    super(scope, id, { target, component: 'backing-service' });
    for (const name of SINGLE_HOST_SERVICES) {
      const endpoint = target.backingServices[name];
      new k8s.KubeService(this, name, {
        metadata: {
          name,
          namespace: target.namespace,
          labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': `${name}-${target.environment}` },
        },
        spec: {
          type: 'ExternalName',
          externalName: endpoint.host,
          ports: [{ name: 'tcp', port: endpoint.port, protocol: 'TCP' }],
        },
      });
    }
  }
}
