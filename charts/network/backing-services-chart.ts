import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { Target } from '../config/target';
import type { FeatureChartProps } from '../platform/feature';
import { PlatformChart } from '../platform/platform-chart';

/** The managed services with a host typed in the overlay: the model registry (the object store). */
export const EXTERNAL_NAME_SERVICES = ['model-registry'] as const;
export type ExternalNameService = (typeof EXTERNAL_NAME_SERVICES)[number];

/** The in-cluster DNS name applications use for a managed service with an ExternalName. */
export function backingServiceHost(target: Target, name: ExternalNameService): string {
  return `${name}.${target.namespace}.svc.cluster.local`;
}

/**
 * A stable in-cluster name for the model registry, the one managed service whose host the overlay
 * still gives (the cloud's object store, not created by the estate): an ExternalName Service, so
 * applications are configured with the same host on every target. The services the cloud estate
 * creates (PostgreSQL, Redis, Kafka) have none: their endpoints are read from the estate's
 * endpoint Secrets (charts/infra/endpoints.ts), where a name typed here would be a second truth.
 */
export class BackingServicesChart extends PlatformChart {
  constructor(scope: Construct, id: string, props: FeatureChartProps) {
    const { target } = props;
    super(scope, id, { target, component: 'backing-service' });
    for (const name of EXTERNAL_NAME_SERVICES) {
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
