/** The `keda.sh` group: Argo CD's `keda.sh/{ScaledObject,ScaledJob}/health.lua`. */
import type { KubeObject } from '../../core/object';
import type { HealthStatus } from '../types';
import { type Condition, FALSE, type GroupHealthChecks, TRUE, conditionsOf, health } from './shared';

const isReady = (c: Condition): boolean => c.type === 'Ready' && c.status === TRUE;
const isPaused = (c: Condition): boolean => c.type === 'Paused' && c.status === TRUE;

/**
 * The shape both scripts share: any degrading condition wins, then Ready True (Suspended when also Paused);
 * the message is that of the last condition that counted, in status order.
 */
function scaledHealth(isDegrading: (c: Condition) => boolean, waiting: string): (object: KubeObject) => HealthStatus {
  return (object) => {
    let degraded = false;
    let ready = false;
    let paused = false;
    let message = '';
    for (const condition of conditionsOf(object.status?.conditions)) {
      const [degrading, readyNow, pausedNow] = [isDegrading(condition), isReady(condition), isPaused(condition)];
      if (degrading || readyNow || pausedNow) message = condition.message ?? '';
      degraded ||= degrading;
      ready ||= readyNow;
      paused ||= pausedNow;
    }
    if (degraded) return health('Degraded', message);
    if (ready) return health(paused ? 'Suspended' : 'Healthy', message);
    return health('Progressing', waiting);
  };
}

/** keda.sh/ScaledObject/health.lua: Ready False, or a trigger falling back (Fallback True), is Degraded. */
const scaledObjectHealth = scaledHealth(
  (c) => (c.type === 'Ready' && c.status === FALSE) || (c.type === 'Fallback' && c.status === TRUE),
  'Creating HorizontalPodAutoscaler Object',
);

/** keda.sh/ScaledJob/health.lua: Ready False or Unknown is Degraded. */
const scaledJobHealth = scaledHealth((c) => c.type === 'Ready' && (c.status === FALSE || c.status === 'Unknown'), 'Waiting for ScaledJob');

export const KEDA: GroupHealthChecks = {
  groups: ['keda.sh'],
  kinds: { ScaledObject: scaledObjectHealth, ScaledJob: scaledJobHealth },
};
