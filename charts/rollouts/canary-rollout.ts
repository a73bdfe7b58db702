import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Rollout, type RolloutSpecStrategyCanarySteps } from '../../imports/rollouts-argoproj.io';
import { canaryServiceName } from '../edge/routes';
import type { Workload } from '../workloads/workload';
import { CANARY_WEIGHT_ARG } from './analysis';

/** The Argo Rollouts traffic-router plugin for Gateway API routes, as the controller's plugin list names it. */
export const GATEWAY_API_PLUGIN = 'argoproj-labs/gatewayAPI';

/**
 * Seconds the pods traffic has left keep running (the canary's after an abort, the old stable's
 * after a promotion), so every Envoy replica has the new weights before their endpoints go.
 */
export const TRAFFIC_SHIFT_GRACE_SECONDS = 30;

export interface CanaryRolloutProps {
  /** The service's Workload: the Rollout runs its Deployment's pods, its Service is the stable one. */
  readonly workload: Workload;
  /** Namespace of the HTTPRoutes (the Gateway's). */
  readonly routesNamespace: string;
  /** The HTTPRoutes that send the service its traffic; the plugin sets their backends' weights. */
  readonly httpRoutes: readonly string[];
  /** The canary's share of the traffic at each step, in percent, increasing (`rollouts.weights`). */
  readonly weights: readonly number[];
  /** The AnalysisTemplate every step must pass before the next (./analysis.ts). */
  readonly analysisTemplate: string;
}

/**
 * A service's canary release: an Argo Rollouts Rollout that takes its pod template from the
 * Workload's Deployment (`workloadRef`, which it scales down as its own pods become available), and
 * a `<service>-canary` Service beside the Workload's stable one. Each step moves `weight` % of the
 * edge routes' traffic to the canary and runs the analysis on it; a failed analysis aborts the
 * rollout and traffic returns to stable, with no manual step anywhere. After the last step the
 * canary is promoted. A canary whose pods are not available within the Deployment's progress
 * deadline is aborted too.
 */
export class CanaryRollout extends Construct {
  readonly rollout: Rollout;
  readonly canaryService: ApiObject;

  constructor(scope: Construct, id: string, props: CanaryRolloutProps) {
    super(scope, id);
    const { workload } = props;
    if (!workload.service) throw new Error(`${workload.node.id}: a canary needs the workload's Service to split traffic with`);
    const deployment = workload.deployment.toJson();
    const stable = workload.service.toJson();
    const { name, namespace, labels } = deployment.metadata;

    // The same pods as the stable Service selects; Argo Rollouts narrows each to its ReplicaSet.
    this.canaryService = new ApiObject(this, 'canary-service', {
      apiVersion: stable.apiVersion,
      kind: stable.kind,
      metadata: { name: canaryServiceName(name), namespace, labels },
      spec: stable.spec,
    });

    const steps = props.weights.flatMap((weight): RolloutSpecStrategyCanarySteps[] => [
      { setWeight: weight },
      { analysis: { templates: [{ templateName: props.analysisTemplate }], args: [{ name: CANARY_WEIGHT_ARG, value: String(weight) }] } },
    ]);
    this.rollout = new Rollout(this, 'rollout', {
      metadata: { name, namespace, labels },
      spec: {
        // No replicas: the HPA, aimed at this Rollout, owns the count. No selector or template: the Deployment's.
        workloadRef: { apiVersion: deployment.apiVersion, kind: deployment.kind, name, scaleDown: 'progressively' },
        revisionHistoryLimit: deployment.spec.revisionHistoryLimit,
        progressDeadlineSeconds: deployment.spec.progressDeadlineSeconds,
        progressDeadlineAbort: true,
        strategy: {
          canary: {
            stableService: stable.metadata.name,
            canaryService: canaryServiceName(name),
            trafficRouting: { plugins: { [GATEWAY_API_PLUGIN]: { namespace: props.routesNamespace, httpRoutes: props.httpRoutes.map((route) => ({ name: route })) } } },
            steps,
            abortScaleDownDelaySeconds: TRAFFIC_SHIFT_GRACE_SECONDS,
            scaleDownDelaySeconds: TRAFFIC_SHIFT_GRACE_SECONDS,
          },
        },
      },
    });
  }
}
