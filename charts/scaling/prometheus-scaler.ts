import { Construct } from 'constructs';
import { ScaledObject } from '../../imports/scaledobjects-keda.sh';
import { SCALE_DOWN, SCALE_UP } from '../workloads/workload';

/** Seconds between KEDA's Prometheus queries (Prometheus scrapes every 30 s). */
const POLLING_INTERVAL_SECONDS = 15;
/** Failed queries in a row before KEDA falls back to the fallback replica count. */
const FALLBACK_FAILURE_THRESHOLD = 3;

export interface PrometheusScalerProps {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The Deployment scaled. */
  readonly deployment: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Prometheus' base URL. */
  readonly serverAddress: string;
  /** A PromQL query returning one number: the total load. */
  readonly query: string;
  /** Load per replica the autoscaler aims at (`AverageValue`: replicas = ceil(load / threshold)). */
  readonly threshold: number;
  /** Load above which the scaler counts as active. */
  readonly activationThreshold: number;
  /** Replicas while Prometheus cannot be queried. */
  readonly fallbackReplicas: number;
}

/**
 * Scales a Deployment on a load signal from Prometheus with KEDA's `prometheus` trigger (KEDA creates
 * and owns the HPA, with the platform's fast-up, slow-down behaviour), falling back to a safe count
 * while Prometheus is unreachable.
 */
export class PrometheusScaler extends Construct {
  readonly scaledObject: ScaledObject;

  constructor(scope: Construct, id: string, props: PrometheusScalerProps) {
    super(scope, id);
    this.scaledObject = new ScaledObject(this, 'scaled-object', {
      metadata: { name: props.deployment, namespace: props.namespace, labels: { ...props.labels } },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: props.deployment },
        minReplicaCount: props.minReplicas,
        maxReplicaCount: props.maxReplicas,
        pollingInterval: POLLING_INTERVAL_SECONDS,
        fallback: { failureThreshold: FALLBACK_FAILURE_THRESHOLD, replicas: props.fallbackReplicas },
        advanced: { horizontalPodAutoscalerConfig: { behavior: { scaleUp: SCALE_UP, scaleDown: SCALE_DOWN } } },
        triggers: [
          {
            type: 'prometheus',
            metricType: 'AverageValue',
            metadata: {
              serverAddress: props.serverAddress,
              query: props.query,
              threshold: String(props.threshold),
              activationThreshold: String(props.activationThreshold),
            },
          },
        ],
      },
    });
  }
}
