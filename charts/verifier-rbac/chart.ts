import { ApiObject, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import type { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { readRulesFor } from '../../core/rbac';
import type { FeatureChartProps } from '../platform/feature';
import { PlatformChart } from '../platform/platform-chart';

/** Name of the verifier's ClusterRole and its binding. */
export const VERIFIER_ROLE = 'moderation-verifier';

export interface VerifierRbacChartProps extends FeatureChartProps {
  /**
   * The charts whose objects the verifier checks; read when the chart is rendered, so charts added
   * to the list later are covered too.
   */
  readonly verified: readonly Chart[];
}

/**
 * The read-only access `npm run verify` needs in the target's cluster: a ClusterRole with
 * get/list/watch on exactly the kinds the target deploys (this chart's own included, and
 * namespaces for the prerequisite check), bound to the configured CI identity. Nothing here can
 * write, and Secrets are not readable unless a target deploys a Secret (none does).
 */
export class VerifierRbacChart extends PlatformChart {
  constructor(scope: Construct, id: string, props: VerifierRbacChartProps) {
    const { target, verified } = props;
    super(scope, id, { target, component: 'verifier' });
    const kinds = () => [this, ...verified].flatMap((chart) => chart.node.findAll().filter(ApiObject.isApiObject)).map((o) => ({ apiVersion: o.apiVersion, kind: o.kind }));

    new k8s.KubeClusterRole(this, 'role', {
      metadata: { name: VERIFIER_ROLE },
      rules: Lazy.any({ produce: () => readRulesFor(kinds()) }),
    });
    const { subject } = target.verifier;
    new k8s.KubeClusterRoleBinding(this, 'binding', {
      metadata: { name: VERIFIER_ROLE },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: VERIFIER_ROLE },
      subjects: [subject.kind === 'Group' ? { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: subject.name } : { kind: 'ServiceAccount', name: subject.name, namespace: subject.namespace }],
    });
  }
}
