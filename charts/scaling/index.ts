import type { Feature } from '../platform/feature';
import type { SecretSpec } from '../secrets/credentials';
import { KAFKA_CA_SECRET, KEDA_SCALED, ScalingChart } from './chart';
import { partitionRules } from './rules';
import { scalingConfig } from './schema';

/** The Kafka brokers' CA, for KEDA to verify them where it authenticates with SASL/SCRAM. */
const KAFKA_CA: SecretSpec = {
  owner: 'kafka',
  secretName: KAFKA_CA_SECRET.name,
  namespace: 'platform',
  usedBy: 'KEDA: verifies the Kafka brokers\' certificate when reading the worker\'s consumer lag',
  credentials: [{ name: 'ca', class: 'platform', description: 'CA certificate of the managed Kafka cluster', fields: [{ property: 'ca-certificate', secretKey: KAFKA_CA_SECRET.key }] }],
};

/** KEDA scales the worker on Kafka consumer lag and ml-inference on requests in flight. */
export const scaling: Feature<typeof scalingConfig> = {
  id: 'scaling',
  config: scalingConfig,
  rules: [partitionRules],
  provides: ({ cloud }) => ({
    scaling: Object.fromEntries(KEDA_SCALED.map((name) => [name, { owner: 'external', by: 'a KEDA ScaledObject (charts/scaling)' }])),
    credentials: cloud.kafkaAuth.kind === 'scram' ? [KAFKA_CA] : [],
  }),
  charts: (scope, { target, cloud }) => [new ScalingChart(scope, 'scaling', { target, cloud })],
};
