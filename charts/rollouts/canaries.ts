import type { ApplicationSpecIgnoreDifferences } from '../../imports/applications-argoproj.io';
import type { Target } from '../config/target';
import { canaryServiceName } from '../edge/routes';
import { edgeRoutes } from '../edge/routing';
import { SERVICE_NAMES, type ServiceName } from '../platform/services';
import type { WorkloadScaling } from '../workloads/workload';

/** The API version of Argo Rollouts' Rollout and AnalysisTemplate. */
export const ROLLOUTS_API_VERSION = 'argoproj.io/v1alpha1';

/** The selector label Argo Rollouts adds to the stable and canary Services: the ReplicaSet each one sends to. */
export const POD_TEMPLATE_HASH_LABEL = 'rollouts-pod-template-hash';

/** The fields of an HTTPRoute the Gateway API plugin changes while a canary runs. */
const ROUTE_WEIGHTS = '.spec.rules[].backendRefs[].weight';

/** A service released as a canary, and the edge routes whose traffic is split. */
export interface Canary {
  readonly service: ServiceName;
  /** Its HTTPRoutes, every one the edge sends it requests through. */
  readonly routes: readonly string[];
}

/**
 * The services a target releases as canaries: those the edge routes to (web, and moderation-api
 * where the API is public), each with its routes. Only the edge splits traffic by weight: the
 * worker serves no requests, and ml-inference is called inside the cluster only (docs/features/rollouts.md).
 */
export function canaries(target: Target): Canary[] {
  const routes = edgeRoutes(target);
  return SERVICE_NAMES.map((service) => ({ service, routes: routes.filter((r) => r.service === service).map((r) => r.name) })).filter((c) => c.routes.length > 0);
}

/** A canary service's replica count: the workload's own HPA, aimed at the Rollout, which runs the pods. */
export function rolloutScaling(target: Target, service: ServiceName): WorkloadScaling {
  const { min, max } = target.services[service].replicas;
  return { owner: 'hpa', minReplicas: min, maxReplicas: max, scaleTargetRef: { apiVersion: ROLLOUTS_API_VERSION, kind: 'Rollout', name: service } };
}

/**
 * What Argo CD leaves to Argo Rollouts on each canary service: the Deployment's replicas (the
 * controller scales it to 0 once the Rollout runs the pods), the ReplicaSet hash the controller adds
 * to the stable and canary Services' selectors (a selector is applied whole, so a sync would
 * otherwise drop it), and the weights the plugin sets on the HTTPRoutes.
 */
export function ignoredDifferences(target: Target): ApplicationSpecIgnoreDifferences[] {
  const { namespace } = target;
  return canaries(target).flatMap(({ service, routes }) => [
    { group: 'apps', kind: 'Deployment', name: service, namespace, jsonPointers: ['/spec/replicas'] },
    ...[service, canaryServiceName(service)].map((name) => ({ kind: 'Service', name, namespace, jsonPointers: [`/spec/selector/${POD_TEMPLATE_HASH_LABEL}`] })),
    ...routes.map((name) => ({ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name, namespace, jqPathExpressions: [ROUTE_WEIGHTS] })),
  ]);
}
