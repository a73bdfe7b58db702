import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { FeatureChartProps } from '../platform/feature';
import { PlatformChart } from '../platform/platform-chart';

/**
 * The platform's namespace. Pod Security Admission enforces the `restricted` profile, so a pod
 * that asks for root, privilege escalation or host access is rejected at admission, whatever the
 * manifest says.
 */
export class NamespaceChart extends PlatformChart {
  readonly namespaceObject: k8s.KubeNamespace;

  constructor(scope: Construct, id: string, props: FeatureChartProps) {
    const { target } = props;
    super(scope, id, { target, component: 'namespace' });
    const psa = Object.fromEntries(
      ['enforce', 'audit', 'warn'].flatMap((mode) => [
        [`pod-security.kubernetes.io/${mode}`, 'restricted'],
        [`pod-security.kubernetes.io/${mode}-version`, 'latest'],
      ]),
    );
    this.namespaceObject = new k8s.KubeNamespace(this, 'namespace', {
      metadata: { name: target.namespace, labels: psa },
    });
  }
}
