/**
 * The `monitoring.coreos.com` group: Argo CD's `monitoring.coreos.com/Prometheus/health.lua`. Argo CD
 * v3.5.1 ships no check for Alertmanager (nor for ServiceMonitor, PrometheusRule…), so those take the
 * verifier's fallback (see generic.ts).
 */
import type { KubeObject } from '../../core/object';
import type { HealthStatus } from '../types';
import { type GroupHealthChecks, TRUE, conditionsOf, health } from './shared';

/** Some replicas not ready yet is a rollout in progress, not a fault. */
const ROLLING_REASON = 'SomePodsNotReady';

/** monitoring.coreos.com/Prometheus/health.lua: the last Available condition decides. */
function prometheusHealth(object: KubeObject): HealthStatus {
  let result = health('Progressing', 'Waiting for initialization');
  for (const condition of conditionsOf(object.status?.conditions)) {
    if (condition.type !== 'Available') continue;
    if (condition.status === TRUE) {
      result = health('Healthy', 'All instances are available');
    } else {
      result = health(condition.reason === ROLLING_REASON ? 'Progressing' : 'Degraded', condition.message ?? condition.reason ?? '');
    }
  }
  return result;
}

export const MONITORING: GroupHealthChecks = {
  groups: ['monitoring.coreos.com'],
  kinds: { Prometheus: prometheusHealth },
};
