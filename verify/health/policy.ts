/** The `policy` group: Argo CD's `policy/PodDisruptionBudget/health.lua`. */
import type { KubeObject } from '../../core/object';
import type { HealthStatus } from '../types';
import { FALSE, type GroupHealthChecks, concat, conditionsOf, health } from './shared';

/** The one False reason that is not a fault: a budget over a workload scaled to zero, say (argo-cd#20171). */
const TOLERATED_REASON = 'InsufficientPods';

/**
 * policy/PodDisruptionBudget/health.lua: the first False condition (other than InsufficientPods) is
 * Degraded; otherwise the last condition read names the Healthy state; no conditions is still waiting.
 */
function pdbHealth(object: KubeObject): HealthStatus {
  let result = health('Progressing', 'Waiting for status');
  for (const condition of conditionsOf(object.status?.conditions)) {
    const message = concat('PodDisruptionBudget has ', condition.reason);
    if (condition.status === FALSE && condition.reason !== TOLERATED_REASON) return health('Degraded', message);
    result = health('Healthy', message);
  }
  return result;
}

export const POLICY: GroupHealthChecks = {
  groups: ['policy'],
  kinds: { PodDisruptionBudget: pdbHealth },
};
