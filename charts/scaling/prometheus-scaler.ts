import { Construct } from 'constructs';
import { ScaledObject } from '../../imports/scaledobjects-keda.sh';
import { scaledObjectProps, type ScaledDeployment } from './scaled-object';

export interface PrometheusScalerProps extends ScaledDeployment {
  /** Prometheus' base URL. */
  readonly serverAddress: string;
  /** A PromQL query returning one number: the total load. */
  readonly query: string;
  /** Load per replica the autoscaler aims at (`AverageValue`: replicas = ceil(load / threshold)). */
  readonly threshold: number;
  /** Load above which the scaler counts as active. */
  readonly activationThreshold: number;
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
    this.scaledObject = new ScaledObject(
      this,
      'scaled-object',
      scaledObjectProps(props, {
        type: 'prometheus',
        metricType: 'AverageValue',
        metadata: {
          serverAddress: props.serverAddress,
          query: props.query,
          threshold: String(props.threshold),
          activationThreshold: String(props.activationThreshold),
        },
      }),
    );
  }
}
