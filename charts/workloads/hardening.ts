import { k8s } from 'cdk8s-plus-28';
import { parseQuantity } from '../../core/quantity';
import type { Resources } from './defaults';

/**
 * How every platform pod meets the `restricted` Pod Security Standard the namespace enforces, shared
 * by the services' Deployments (./workload.ts) and the platform's Jobs (migrations, backups).
 */

/** UID/GID the containers run as: non-root, and not a UID that exists on the node. */
export const RUN_AS_USER = 10001;

/** Container log allowance in the pod's disk budget: the kubelet keeps 5 rotated files of 10 Mi by default. */
export const CONTAINER_LOG_ALLOWANCE = '64Mi';

/** The pod's security context: non-root with the platform's UID/GID, which also owns its volumes; the runtime's default seccomp profile. */
export function restrictedPodSecurityContext(): k8s.PodSecurityContext {
  return { runAsNonRoot: true, runAsUser: RUN_AS_USER, runAsGroup: RUN_AS_USER, fsGroup: RUN_AS_USER, seccompProfile: { type: 'RuntimeDefault' } };
}

/** A container's security context: no privilege, no capability, a read-only root filesystem (writable paths are emptyDirs). */
export function restrictedContainerSecurityContext(): k8s.SecurityContext {
  return {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * A container's disk budget: the size limits of the emptyDirs it writes plus its logs, as a quantity.
 * Requests equal limits, so the scheduler reserves what the pod may write and the kubelet never evicts
 * it for staying inside its own volumes.
 */
export function diskBudget(sizeLimits: readonly string[]): string {
  const bytes = [...sizeLimits, CONTAINER_LOG_ALLOWANCE].reduce((sum, q) => sum + (parseQuantity(q) ?? 0), 0);
  const mebibytes = Math.ceil(bytes / 2 ** 20);
  return mebibytes % 1024 === 0 ? `${mebibytes / 1024}Gi` : `${mebibytes}Mi`;
}

/** CPU and memory requests and limits of a container, with its disk budget as both the request and the limit of `ephemeral-storage`. */
export function containerResources(sizing: { readonly requests: Resources; readonly limits: Resources }, disk: string): k8s.ResourceRequirements {
  const of = (r: Resources) => ({ 'cpu': k8s.Quantity.fromString(r.cpu), 'memory': k8s.Quantity.fromString(r.memory), 'ephemeral-storage': k8s.Quantity.fromString(disk) });
  return { requests: of(sizing.requests), limits: of(sizing.limits) };
}
