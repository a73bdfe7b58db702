import type { k8s } from 'cdk8s-plus-28';
import { restrictedPodSecurityContext } from './hardening';
import { priorityClassName } from './priority-classes';

/**
 * Keeps node autoscalers (Cluster Autoscaler, Karpenter) from draining a node to scale it down while
 * a run-to-completion pod is on it: a migration, a dump or a restore killed midway starts over.
 * Evictions for node maintenance still happen.
 */
export const DO_NOT_DISRUPT: Readonly<Record<string, string>> = {
  'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false',
  'karpenter.sh/do-not-disrupt': 'true',
};

/** What a platform Job's pod runs; the rest of the pod spec is the same for every Job. */
export type BatchPod = Pick<k8s.PodSpec, 'serviceAccountName' | 'initContainers' | 'containers' | 'volumes' | 'imagePullSecrets' | 'terminationGracePeriodSeconds'>;

export interface BatchJobProps {
  /** Labels of the pod (the Job controller adds its own). */
  readonly podLabels: Readonly<Record<string, string>>;
  readonly pod: BatchPod;
  /** Failed pods (evictions not counted) before the Job fails. */
  readonly backoffLimit: number;
  /** Seconds the Job may run, retries included, before it fails. */
  readonly activeDeadlineSeconds: number;
  /** Seconds a finished Job (and its pods' logs) is kept. @default kept until deleted (a CronJob's history limits delete its Jobs) */
  readonly ttlSecondsAfterFinished?: number;
}

/**
 * The spec of a platform Job: its pod in the `batch` priority tier (never preempts, may wait), with
 * the restricted security context, no API token and no service links; `restartPolicy: Never`, so
 * every attempt is a pod whose logs stay for inspection. A pod lost to an eviction or preemption
 * (`DisruptionTarget`) is retried without counting against `backoffLimit`, and a replacement starts
 * only once the failed pod is gone (`podReplacementPolicy: Failed`), so two attempts never overlap.
 */
export function batchJobSpec(props: BatchJobProps): k8s.JobSpec {
  return {
    backoffLimit: props.backoffLimit,
    activeDeadlineSeconds: props.activeDeadlineSeconds,
    ttlSecondsAfterFinished: props.ttlSecondsAfterFinished,
    podReplacementPolicy: 'Failed',
    podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] },
    template: {
      metadata: { labels: { ...props.podLabels }, annotations: { ...DO_NOT_DISRUPT } },
      spec: {
        restartPolicy: 'Never',
        priorityClassName: priorityClassName('batch'),
        automountServiceAccountToken: false,
        enableServiceLinks: false,
        securityContext: restrictedPodSecurityContext(),
        ...props.pod,
      },
    },
  };
}
