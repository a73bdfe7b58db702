/**
 * The layers around the per-kind rules: what holds for every object before its kind is looked at (being
 * deleted), and what is said about kinds no rule covers.
 */
import type { KubeObject } from '../../core/object';
import type { HealthStatus } from '../types';
import { FALSE, TRUE, conditionsOf, findCondition, health, isEmptyTable, isPresent } from './shared';

/** gitops-engine `hook.HookFinalizer`: Argo CD's sync hooks keep it until their sync phase is over. */
export const HOOK_FINALIZER = 'argocd.argoproj.io/hook-finalizer';

export const PENDING_DELETION = 'Pending deletion';

/**
 * gitops-engine `GetResourceHealth`: an object with a deletionTimestamp is Progressing "Pending deletion",
 * whatever its kind, unless it carries Argo CD's hook finalizer (then it is assessed as usual).
 */
export function pendingDeletion(object: KubeObject): HealthStatus | undefined {
  const metadata = object.metadata ?? {};
  if (!isPresent(metadata.deletionTimestamp) || (metadata.finalizers ?? []).includes(HOOK_FINALIZER)) return undefined;
  return health('Progressing', PENDING_DELETION);
}

/**
 * Kinds without a rule. Argo CD assesses no health for them at all (such a resource counts for nothing in
 * its Application's health); the verifier reports them Healthy, except that, like kstatus, it reads the
 * conventions most controllers follow:
 * - `status.observedGeneration` behind `metadata.generation`: the controller has not seen the latest spec,
 *   Progressing;
 * - a `Ready` condition: True → Healthy, False → Degraded, Unknown (or no status on it) → Progressing, and
 *   Progressing while the condition's own observedGeneration is behind.
 * No status at all, or a status without a Ready condition (a Namespace's `phase`, a CRD's `Established`,
 * a ServiceMonitor's `bindings`), is Healthy: nothing says otherwise, and Argo CD would not object either.
 */
export function fallbackHealth(object: KubeObject): HealthStatus {
  const status = object.status;
  if (!isPresent(status) || isEmptyTable(status)) return health('Healthy');
  const generation = object.metadata?.generation;
  const behind = (observed: unknown): boolean => typeof generation === 'number' && typeof observed === 'number' && observed < generation;
  if (behind(status.observedGeneration)) {
    return health('Progressing', `Waiting for the controller to observe generation ${generation} (observed ${status.observedGeneration})`);
  }
  const ready = findCondition(conditionsOf(status.conditions), 'Ready');
  if (!ready) return health('Healthy');
  if (behind(ready.observedGeneration)) {
    return health('Progressing', `Waiting for the Ready condition to observe generation ${generation} (observed ${ready.observedGeneration})`);
  }
  const message = ready.message ?? '';
  if (ready.status === TRUE) return health('Healthy', message);
  if (ready.status === FALSE) return health('Degraded', message);
  return health('Progressing', message || 'Waiting for the Ready condition');
}
