import type { Construct } from 'constructs';
import { appLabels, PLATFORM_VERSION } from '../platform/labels';
import type { FeatureChartProps } from '../platform/feature';
import { PlatformChart } from '../platform/platform-chart';
import { PLATFORM_SERVICES, type ServiceName } from '../platform/services';
import { workloadSecret } from '../secrets/credentials';
import { KAFKA_BOOTSTRAP_SERVERS_ENV } from '../workloads/chart';
import { KafkaLagScaler } from './kafka-lag-scaler';
import { PrometheusScaler } from './prometheus-scaler';

/** The Secret holding the Kafka brokers' CA where the scaler verifies them with it (SCRAM clouds). */
export const KAFKA_CA_SECRET = { name: 'kafka-ca', key: 'ca.crt' } as const;

/** The services KEDA scales, with what: the rest keep the CPU HPA of their Workload. */
export const KEDA_SCALED: readonly ServiceName[] = ['moderation-worker', 'ml-inference'];

/**
 * KEDA ScaledObjects for the services whose load CPU does not show: the worker on its consumer
 * group's lag, ml-inference on requests in flight per pod. Each replaces the Workload's own HPA
 * (KEDA's admission webhook rejects a ScaledObject whose target already has one).
 */
export class ScalingChart extends PlatformChart {
  constructor(scope: Construct, id: string, props: FeatureChartProps) {
    const { target, cloud } = props;
    super(scope, id, { target, component: 'autoscaling' });
    const { worker, inference } = target.scaling;
    const labelsOf = (name: ServiceName) => appLabels(target, { name, component: PLATFORM_SERVICES[name].component, version: PLATFORM_VERSION });

    const workerSizing = target.services['moderation-worker'].replicas;
    const credentials = workloadSecret(target, cloud, 'moderation-worker');
    const field = (key: string) => ({ name: credentials?.secretName ?? '', key });
    new KafkaLagScaler(this, 'moderation-worker', {
      namespace: target.namespace,
      labels: labelsOf('moderation-worker'),
      deployment: 'moderation-worker',
      // The worker's own variable, from the estate's endpoint Secret: KEDA reads it off the Deployment's container.
      brokersFromEnv: KAFKA_BOOTSTRAP_SERVERS_ENV,
      topic: worker.topic,
      consumerGroup: worker.consumerGroup,
      minReplicas: workerSizing.min,
      maxReplicas: workerSizing.max,
      lagThreshold: worker.lagThreshold,
      activationLagThreshold: worker.activationLagThreshold,
      fallbackReplicas: worker.fallbackReplicas ?? workerSizing.max,
      auth: cloud.kafkaAuth,
      awsRegion: target.cluster.region,
      // The worker's own SCRAM user reads its group's offsets: no credential of its own for KEDA.
      scram: { username: field('kafka-sasl-username'), password: field('kafka-sasl-password'), ca: KAFKA_CA_SECRET },
    });

    const inferenceSizing = target.services['ml-inference'].replicas;
    new PrometheusScaler(this, 'ml-inference', {
      namespace: target.namespace,
      labels: labelsOf('ml-inference'),
      deployment: 'ml-inference',
      minReplicas: inferenceSizing.min,
      maxReplicas: inferenceSizing.max,
      serverAddress: inference.prometheusUrl,
      query: `sum(${inference.inFlightMetric}{namespace="${target.namespace}",pod=~"ml-inference-.+"})`,
      threshold: inference.inFlightPerPod,
      activationThreshold: inference.activationInFlight,
      // Serve at the minimum's double while blind, capped by the maximum.
      fallbackReplicas: Math.min(inferenceSizing.max, inferenceSizing.min * 2),
    });
  }
}
