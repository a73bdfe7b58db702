import type { ScaledObjectProps, ScaledObjectSpecTriggers } from '../../imports/scaledobjects-keda.sh';
import { SCALE_DOWN, SCALE_UP } from '../workloads/workload';

/** Seconds between KEDA's reads of a trigger: fast enough to catch a burst within one HPA period. */
const POLLING_INTERVAL_SECONDS = 15;
/** Failed reads in a row before KEDA falls back to the fallback replica count. */
const FALLBACK_FAILURE_THRESHOLD = 3;

/** What every platform ScaledObject is made of. */
export interface ScaledDeployment {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The Deployment scaled; the ScaledObject has its name. */
  readonly deployment: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Replicas while the trigger cannot be read. */
  readonly fallbackReplicas: number;
}

/**
 * A ScaledObject for a Deployment with one trigger: KEDA creates and owns the HPA, with the
 * platform's fast-up, slow-down behaviour, and falls back to a safe count when the signal is lost.
 */
export function scaledObjectProps(scaled: ScaledDeployment, trigger: ScaledObjectSpecTriggers): ScaledObjectProps {
  return {
    metadata: { name: scaled.deployment, namespace: scaled.namespace, labels: { ...scaled.labels } },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: scaled.deployment },
      minReplicaCount: scaled.minReplicas,
      maxReplicaCount: scaled.maxReplicas,
      pollingInterval: POLLING_INTERVAL_SECONDS,
      fallback: { failureThreshold: FALLBACK_FAILURE_THRESHOLD, replicas: scaled.fallbackReplicas },
      advanced: { horizontalPodAutoscalerConfig: { behavior: { scaleUp: SCALE_UP, scaleDown: SCALE_DOWN } } },
      triggers: [trigger],
    },
  };
}
