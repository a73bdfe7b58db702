import { Construct } from 'constructs';
import { Cluster } from '../../../imports/clusters-kafka.aws.m.upbound.io';
import { Configuration } from '../../../imports/configurations-kafka.aws.m.upbound.io';
import type { EstateContext } from '../estate';
import { managed, ref, tagsOf } from './context';
import { dataKey } from './keys';
import { dataSecurityGroup, type NetworkRefs } from './network';
import { logGroup } from './observability-cost';

/** The Kafka version MSK runs (`.x`: MSK applies the patch releases). */
export const KAFKA_VERSION = '3.9.x';
/** MSK's listener for IAM-authenticated clients inside the VPC (TLS). */
export const MSK_IAM_PORT = 9098;
/** Copies of each partition (at most one per broker), and how many must acknowledge a write. */
export const REPLICATION_FACTOR = 3;
/** The first revision of the configuration, the one the cluster is created with. */
const FIRST_REVISION = 1;

export const kafkaNames = (context: EstateContext) => ({ cluster: context.name('kafka'), logs: `/aws/msk/${context.name('kafka')}` });

/** The broker configuration: topics are created with the worker's partitions, replicated over the zones. */
export function kafkaServerProperties(context: EstateContext): Record<string, string | number | boolean> {
  const replication = Math.min(REPLICATION_FACTOR, context.target.infra.kafka.brokers);
  return {
    // The worker's topic is created on first use with as many partitions as its consumers can scale to.
    'auto.create.topics.enable': true,
    'num.partitions': context.target.scaling.worker.partitions,
    'default.replication.factor': replication,
    'min.insync.replicas': Math.max(1, replication - 1),
    'unclean.leader.election.enable': false,
  };
}

/**
 * Amazon MSK: `infra.kafka.brokers` brokers over the private subnets of the three zones, IAM
 * authentication only (KEDA and the services sign in with their Pod Identity roles), TLS between
 * clients and brokers and inside the cluster, volumes encrypted with its own key, broker logs to
 * CloudWatch Logs, and a configuration whose default partitions match the worker's scaling limit.
 */
export class AwsKafka extends Construct {
  constructor(scope: Construct, id: string, context: EstateContext, props: { readonly network: NetworkRefs; readonly logRetentionDays: number }) {
    super(scope, id);
    const { target } = context;
    const region = target.cluster.region;
    const names = kafkaNames(context);

    const key = dataKey(this, context, 'kafka', region, 'Kafka broker volumes');
    const securityGroup = dataSecurityGroup(this, context, props.network, 'kafka', MSK_IAM_PORT);
    const logs = logGroup(this, context, { id: 'kafka', name: names.logs, retentionDays: props.logRetentionDays });

    const configuration = managed(context, names.cluster);
    new Configuration(this, 'configuration', {
      metadata: configuration.metadata,
      spec: {
        providerConfigRef: configuration.providerConfigRef,
        forProvider: {
          region,
          name: names.cluster,
          description: `Brokers of ${names.cluster}`,
          kafkaVersions: [KAFKA_VERSION],
          serverProperties: Object.entries(kafkaServerProperties(context)).map(([k, v]) => `${k}=${String(v)}`).join('\n'),
        },
      },
    });
    const cluster = managed(context, names.cluster);
    new Cluster(this, 'cluster', {
      metadata: cluster.metadata,
      spec: {
        providerConfigRef: cluster.providerConfigRef,
        forProvider: {
          region,
          clusterName: names.cluster,
          kafkaVersion: KAFKA_VERSION,
          numberOfBrokerNodes: target.infra.kafka.brokers,
          brokerNodeGroupInfo: {
            instanceType: target.infra.kafka.size,
            clientSubnetsRefs: [...props.network.privateSubnets],
            securityGroupsRefs: [securityGroup],
            storageInfo: { ebsStorageInfo: { volumeSize: target.infra.kafka.storageGiB } },
          },
          clientAuthentication: { sasl: { iam: true }, unauthenticated: false },
          encryptionInfo: { encryptionAtRestKmsKeyArnRef: key, encryptionInTransit: { clientBroker: 'TLS', inCluster: true } },
          configurationInfo: { arnRef: ref(names.cluster), revision: FIRST_REVISION },
          enhancedMonitoring: 'PER_BROKER',
          loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroupRef: logs } } },
          tags: tagsOf(context, names.cluster),
        },
      },
    });
  }
}
