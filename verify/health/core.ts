/** The core API group (`v1`): gitops-engine's built-in checks for Pod, Service and PersistentVolumeClaim. */
import type { KubeObject } from '../../core/object';
import type { HealthStatus } from '../types';
import { type GroupHealthChecks, TRUE, arrayOf, conditionsOf, findCondition, health, num, requireVersion, str } from './shared';

interface ContainerState {
  waiting?: { reason?: string; message?: string };
  terminated?: { reason?: string; message?: string; exitCode?: number };
}

interface ContainerStatus {
  name?: string;
  state?: ContainerState;
  lastState?: ContainerState;
}

/** A waiting reason that means the container cannot start (ErrImagePull, CreateContainerConfigError, CrashLoopBackOff…). */
const isWaitingError = (reason: string): boolean => reason.startsWith('Err') || reason.endsWith('Error') || reason.endsWith('BackOff');

/** Why a container of a failed pod failed: its termination message, OOMKilled, or its exit code. */
function containerFailure(container: ContainerStatus): string {
  const terminated = container.state?.terminated;
  if (!terminated) return '';
  if (str(terminated.message) !== '') return str(terminated.message);
  if (terminated.reason === 'OOMKilled') return terminated.reason;
  if (num(terminated.exitCode) !== 0) return `container ${JSON.stringify(str(container.name))} failed with exit code ${num(terminated.exitCode)}`;
  return '';
}

/**
 * gitops-engine health_pod.go. Containers that cannot start are Degraded only under restartPolicy Always:
 * pods with a finite life are typically sync hooks, which must not fail early. A running pod with restartPolicy
 * OnFailure or Never is Progressing (a hook still at work).
 */
function podHealth(object: KubeObject): HealthStatus {
  requireVersion(object, 'Pod', ['v1']);
  const restartPolicy = object.spec?.restartPolicy;
  const status = object.status ?? {};
  const containers = arrayOf<ContainerStatus>(status.containerStatuses);
  const message = str(status.message);
  if (restartPolicy === 'Always') {
    const waiting = containers.map((c) => c.state?.waiting).filter((w) => w !== undefined && w !== null && isWaitingError(str(w.reason)));
    if (waiting.length > 0) return health('Degraded', waiting.map((w) => str(w?.message)).join(', '));
  }
  switch (status.phase) {
    case 'Pending':
      return health('Progressing', message);
    case 'Succeeded':
      return health('Healthy', message);
    case 'Failed': {
      if (message !== '') return health('Degraded', message);
      const failure = [...arrayOf<ContainerStatus>(status.initContainerStatuses), ...containers].map(containerFailure).find((m) => m !== '');
      return health('Degraded', failure ?? '');
    }
    case 'Running':
      if (restartPolicy === 'Always') {
        if (findCondition(conditionsOf(status.conditions), 'Ready')?.status === TRUE) return health('Healthy', message);
        // Not ready and a container has terminated before: it is restarting, not starting.
        if (containers.some((c) => c.lastState?.terminated)) return health('Degraded', message);
        return health('Progressing', message);
      }
      if (restartPolicy === 'OnFailure' || restartPolicy === 'Never') return health('Progressing', message);
  }
  return health('Unknown', message);
}

/** gitops-engine health_service.go: only a LoadBalancer waits, for an ingress address. */
function serviceHealth(object: KubeObject): HealthStatus {
  requireVersion(object, 'Service', ['v1']);
  if (object.spec?.type !== 'LoadBalancer') return health('Healthy');
  return health(arrayOf(object.status?.loadBalancer?.ingress).length > 0 ? 'Healthy' : 'Progressing');
}

/** gitops-engine health_pvc.go: Bound Healthy, Pending Progressing, Lost Degraded. */
function pvcHealth(object: KubeObject): HealthStatus {
  requireVersion(object, 'PersistentVolumeClaim', ['v1']);
  switch (object.status?.phase) {
    case 'Lost':
      return health('Degraded');
    case 'Pending':
      return health('Progressing');
    case 'Bound':
      return health('Healthy');
    default:
      return health('Unknown');
  }
}

export const CORE: GroupHealthChecks = {
  groups: [''],
  kinds: { Pod: podHealth, Service: serviceHealth, PersistentVolumeClaim: pvcHealth },
};
