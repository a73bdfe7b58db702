/**
 * The `gateway.networking.k8s.io` group: Argo CD's `gateway.networking.k8s.io/<Kind>/health.lua` for
 * Gateway, GatewayClass, HTTPRoute, GRPCRoute and BackendTLSPolicy. They differ in where the conditions
 * sit (the object, its listeners, parents or ancestors) and in which of them skip conditions observed at
 * an older generation: GatewayClass, HTTPRoute and BackendTLSPolicy do; Gateway and GRPCRoute do not.
 */
import type { KubeObject } from '../../core/object';
import type { HealthStatus } from '../types';
import { type Condition, FALSE, type GroupHealthChecks, TRUE, arrayOf, concat, conditionsOf, health, isPresent } from './shared';

interface Parent {
  parentRef?: { name?: string };
  conditions?: unknown;
}

interface Ancestor {
  ancestorRef?: { name?: string };
  conditions?: unknown;
}

/**
 * The scripts' shared verdict on one set of conditions: ResolvedRefs False, then Accepted False, are
 * Degraded (with the condition's message, else "Failed condition: <type>"); the first Programmed that is
 * not True is Progressing. Undefined when none applies.
 */
function conditionsVerdict(conditions: Condition[], programmingMessage: string): HealthStatus | undefined {
  for (const type of ['ResolvedRefs', 'Accepted']) {
    const failed = conditions.find((c) => c.type === type && c.status === FALSE);
    if (failed) return health('Degraded', failed.message ?? `Failed condition: ${type}`);
  }
  const programming = conditions.find((c) => c.type === 'Programmed' && c.status !== TRUE);
  if (programming) return health('Progressing', programming.message ?? programmingMessage);
  return undefined;
}

const prefixed = (prefix: string, result: HealthStatus): HealthStatus => health(result.status, prefix + result.message);

/** Gateway/health.lua: the Gateway's own conditions, then each listener's; any status is otherwise Healthy. */
function gatewayHealth(object: KubeObject): HealthStatus {
  const status = object.status;
  if (!isPresent(status)) return health('Progressing', 'Waiting for Gateway status');
  if (isPresent(status.conditions)) {
    const own = conditionsVerdict(conditionsOf(status.conditions), 'Gateway is still being programmed');
    if (own) return own;
  }
  const listeners = arrayOf<{ conditions?: unknown }>(status.listeners);
  for (const listener of listeners) {
    if (!isPresent(listener?.conditions)) continue;
    const verdict = conditionsVerdict(conditionsOf(listener.conditions), 'Listener is still being programmed');
    if (verdict) return prefixed('Listener: ', verdict);
  }
  if (isPresent(status.conditions) || listeners.length > 0) return health('Healthy', 'Gateway is healthy');
  return health('Progressing', 'Waiting for Gateway status');
}

/**
 * GatewayClass/health.lua: the first Accepted condition not observed at an older generation decides,
 * True Healthy, False Degraded, otherwise (Unknown: not reconciled yet) Progressing.
 */
function gatewayClassHealth(object: KubeObject): HealthStatus {
  const generation = object.metadata?.generation;
  for (const condition of conditionsOf(object.status?.conditions)) {
    if (condition.type !== 'Accepted') continue;
    if (isPresent(generation) && isPresent(condition.observedGeneration) && condition.observedGeneration !== generation) continue;
    if (condition.status === TRUE) return health('Healthy', condition.message ?? 'GatewayClass is accepted');
    if (condition.status === FALSE) return health('Degraded', condition.message ?? 'GatewayClass is not accepted');
    return health('Progressing', condition.message ?? 'Waiting for GatewayClass status');
  }
  return health('Progressing', 'Waiting for GatewayClass status');
}

/**
 * HTTPRoute/health.lua `isParentGenerationObserved`: a parent counts once it has conditions and every one
 * that records an observedGeneration records the route's current generation.
 */
function parentObserved(object: KubeObject, parent: Parent): boolean {
  const generation = object.metadata?.generation;
  if (!isPresent(generation)) return true;
  const conditions = conditionsOf(parent.conditions);
  return conditions.length > 0 && conditions.every((c) => !isPresent(c.observedGeneration) || c.observedGeneration === generation);
}

/**
 * HTTPRoute/health.lua and GRPCRoute/health.lua: per parent (Gateway), the shared verdict prefixed with
 * "Parent <name>: "; Healthy once any parent has conditions. HTTPRoute skips parents whose conditions are
 * from an older generation; GRPCRoute does not.
 */
function routeHealth(skipsStaleParents: boolean): (object: KubeObject) => HealthStatus {
  return (object) => {
    const parents = arrayOf<Parent>(object.status?.parents);
    const current = (parent: Parent): boolean => !skipsStaleParents || parentObserved(object, parent);
    for (const parent of parents) {
      if (!isPresent(parent?.conditions) || !current(parent)) continue;
      const verdict = conditionsVerdict(conditionsOf(parent.conditions), 'Route is still being programmed');
      if (verdict) return prefixed(`Parent ${parent.parentRef?.name ?? ''}: `, verdict);
    }
    if (parents.some((parent) => conditionsOf(parent?.conditions).length > 0 && current(parent))) {
      return health('Healthy', `${object.kind} is healthy`);
    }
    return health('Progressing', `Waiting for ${object.kind} status`);
  };
}

/**
 * BackendTLSPolicy/health.lua: Progressing while any ancestor (Gateway) reports conditions from another
 * generation; then, in order, an Accepted or ResolvedRefs condition that is not True is Degraded; Healthy
 * once some Accepted is True.
 */
function backendTlsPolicyHealth(object: KubeObject): HealthStatus {
  const waiting = health('Progressing', 'Waiting for BackendTLSPolicy status');
  if (!isPresent(object.status?.ancestors)) return waiting;
  const ancestors = arrayOf<Ancestor>(object.status.ancestors);
  const generation = object.metadata?.generation;
  const name = (ancestor: Ancestor): string => ancestor.ancestorRef?.name ?? '';
  if (isPresent(generation)) {
    const stale = ancestors.find((a) => conditionsOf(a.conditions).some((c) => isPresent(c.observedGeneration) && c.observedGeneration !== generation));
    if (stale) return health('Progressing', `Waiting for Ancestor ${name(stale)} to update BackendTLSPolicy status`);
  }
  let result = waiting;
  for (const ancestor of ancestors) {
    for (const condition of conditionsOf(ancestor.conditions)) {
      if ((condition.type === 'Accepted' || condition.type === 'ResolvedRefs') && condition.status !== TRUE) {
        return health('Degraded', concat('Ancestor ', name(ancestor), ': ', condition.message));
      }
      if (condition.type === 'Accepted') result = health('Healthy', 'BackendTLSPolicy is healthy');
    }
  }
  return result;
}

export const GATEWAY_API: GroupHealthChecks = {
  groups: ['gateway.networking.k8s.io'],
  kinds: {
    Gateway: gatewayHealth,
    GatewayClass: gatewayClassHealth,
    HTTPRoute: routeHealth(true),
    GRPCRoute: routeHealth(false),
    BackendTLSPolicy: backendTlsPolicyHealth,
  },
};
