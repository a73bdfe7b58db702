import type { Construct } from 'constructs';
import { resolveSlos } from '../alerting/sli';
import type { FeatureChartProps } from '../platform/feature';
import { PlatformChart } from '../platform/platform-chart';
import type { WorkloadsChart } from '../workloads/chart';
import { CanaryAnalysis } from './analysis';
import { canaries } from './canaries';
import { CanaryRollout } from './canary-rollout';

/** The AnalysisTemplate of a service's canary. */
export const analysisTemplateName = (service: string): string => `${service}-canary`;

export interface RolloutsChartProps extends FeatureChartProps {
  /** The workloads whose Deployments and Services the Rollouts take over. */
  readonly workloads: WorkloadsChart;
}

/**
 * Canary releases of the services the edge routes to (./canaries.ts): per service, a Rollout over
 * its Deployment, a canary Service, and the AnalysisTemplate that holds each step to the service's
 * objectives (charts/alerting/slos.ts), read from the target's Prometheus. See docs/features/rollouts.md.
 */
export class RolloutsChart extends PlatformChart {
  constructor(scope: Construct, id: string, props: RolloutsChartProps) {
    const { target } = props;
    super(scope, id, { target, component: 'delivery' });
    const { prometheusUrl, weights, measurements } = target.rollouts;
    const objectives = resolveSlos(target);
    for (const { service, routes } of canaries(target)) {
      const workload = props.workloads.workloads[service];
      const { namespace, labels } = workload.deployment.toJson().metadata;
      const analysis = new CanaryAnalysis(this, `${service}-analysis`, {
        name: analysisTemplateName(service),
        namespace,
        labels,
        objectives: objectives.filter((o) => o.service === service && o.sli.kind === 'events'),
        prometheusUrl,
        measurements,
      });
      new CanaryRollout(this, service, { workload, routesNamespace: target.namespace, httpRoutes: routes, weights, analysisTemplate: analysis.template.name });
    }
  }
}
