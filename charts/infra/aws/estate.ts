import { DeploymentRuntimeConfig } from '../../../imports/deploymentruntimeconfigs-pkg.crossplane.io';
import { ProviderConfig, ProviderConfigSpecCredentialsSource } from '../../../imports/providerconfigs-aws.m.upbound.io';
import { Cluster } from '../../../imports/clusters-kafka.aws.m.upbound.io';
import type { CloudEstate, EstateContext } from '../estate';
import { awsEstateRules } from './rules';
import { AwsCache, cacheNames } from './cache';
import { AwsCluster } from './cluster';
import { AwsWorkloadIdentities, workloadIdentities } from './identities';
import { AwsKafka, kafkaNames } from './kafka';
import { AwsNetwork, privateCidrs } from './network';
import { AwsObservabilityAndCost } from './observability-cost';
import { AwsPostgres, postgresNames } from './postgres';
import { AwsRegistry } from './registry';
import { AwsEdge } from './edge';
import { AwsStorage, modelBucketName } from './storage';
import { AwsVpcEndpoints } from './vpc-endpoints';
import { retentionOf } from '../../logging/schema';

/** The release of provider-upjet-aws whose CRDs are vendored (crds/README.md). */
export const AWS_PROVIDER_VERSION = 'v2.6.0';

/** The provider family's packages the estate's kinds come from (the family's config package is their dependency). */
export const AWS_PROVIDER_SERVICES = ['ec2', 'eks', 'iam', 'kms', 'rds', 'elasticache', 'kafka', 's3', 'ecr', 'cloudfront', 'wafv2', 'route53', 'cloudwatchlogs', 'budgets'] as const;

/**
 * The one ServiceAccount every AWS provider pod runs as (a DeploymentRuntimeConfig fixes its name,
 * which is otherwise the package revision's): the management cluster's EKS Pod Identity association
 * binds the provisioning role to `crossplane-system/provider-aws`.
 */
export const AWS_PROVIDER_RUNTIME = { name: 'provider-aws', serviceAccount: 'provider-aws' } as const;

/**
 * The kinds that hold data (or decrypt it): in production they are orphaned, never deleted.
 * CloudWatch log groups hold the audit trail; the cache and Kafka hold in-flight work.
 */
export const AWS_STATEFUL_KINDS = [
  'rds.aws.m.upbound.io/Instance',
  'rds.aws.m.upbound.io/DBInstanceAutomatedBackupsReplication',
  'elasticache.aws.m.upbound.io/ReplicationGroup',
  'kafka.aws.m.upbound.io/Cluster',
  's3.aws.m.upbound.io/Bucket',
  'kms.aws.m.upbound.io/Key',
  'ecr.aws.m.upbound.io/Repository',
  'cloudwatchlogs.aws.m.upbound.io/Group',
] as const;

/**
 * The cloud estate of an EKS target: provider-upjet-aws v2 namespaced managed resources
 * (`*.aws.m.upbound.io`), authenticated with the management cluster's EKS Pod Identity. Each
 * concern is its own construct (network, cluster, identities, data services, storage, registry,
 * edge, logs and cost); docs/features/infra-aws.md explains them.
 */
export const AWS_ESTATE: CloudEstate = {
  title: `AWS (provider-upjet-aws ${AWS_PROVIDER_VERSION})`,
  configKey: 'aws',
  providers: AWS_PROVIDER_SERVICES.map((service) => ({
    name: `provider-aws-${service}`,
    package: `xpkg.crossplane.io/crossplane-contrib/provider-aws-${service}:${AWS_PROVIDER_VERSION}`,
    runtimeConfig: AWS_PROVIDER_RUNTIME.name,
  })),
  statefulKinds: AWS_STATEFUL_KINDS,
  rules: awsEstateRules,
  providerConfig: (scope, context) => {
    new DeploymentRuntimeConfig(scope, 'runtime-config', {
      metadata: { name: AWS_PROVIDER_RUNTIME.name },
      spec: { serviceAccountTemplate: { metadata: { name: AWS_PROVIDER_RUNTIME.serviceAccount } } },
    });
    new ProviderConfig(scope, 'provider-config', {
      metadata: { name: context.providerConfig, namespace: context.namespace },
      spec: { credentials: { source: ProviderConfigSpecCredentialsSource.POD_IDENTITY } },
    });
  },
  build: (scope, context) => {
    const endpoints = AWS_ESTATE.endpoints(context);
    const network = new AwsNetwork(scope, 'network', context);
    new AwsVpcEndpoints(scope, 'vpc-endpoints', context, network.refs);
    const cluster = new AwsCluster(scope, 'cluster', context, network.refs);
    new AwsWorkloadIdentities(scope, 'identities', context, cluster.cluster, workloadIdentities(context, { kafkaCluster: kafkaNames(context).cluster, modelBucket: modelBucketName(context) }));
    new AwsPostgres(scope, 'postgres', context, { network: network.refs, connectionSecret: endpoints.postgres.connectionSecret });
    new AwsCache(scope, 'cache', context, { network: network.refs, connectionSecret: endpoints.redis.connectionSecret });
    new AwsKafka(scope, 'kafka', context, { network: network.refs, logRetentionDays: retentionOf(context.target) });
    new AwsStorage(scope, 'storage', context);
    new AwsRegistry(scope, 'registry', context);
    new AwsEdge(scope, 'edge', context);
    new AwsObservabilityAndCost(scope, 'observability-cost', context);
  },
  // The keys are the ones the provider writes (provider-upjet-aws config/namespaced/{rds,elasticache}):
  // RDS Instance `address`, `host`, `port`, `endpoint`, `username`, `password`; ElastiCache
  // ReplicationGroup `primary_endpoint_address`, `reader_endpoint_address`, `port` (and the AUTH
  // token). MSK publishes its bootstrap brokers in status only (`status.atProvider.bootstrapBrokersSaslIam`),
  // not as a connection detail, so the platform reads the cluster object itself (docs/features/infra-aws.md#connection-details).
  endpoints: (context: EstateContext) => {
    const cidrs = privateCidrs(context);
    return {
      postgres: { connectionSecret: postgresNames(context).instance, keys: { host: '{{ .address }}', port: '{{ .port }}' }, cidrs },
      redis: { connectionSecret: cacheNames(context).group, keys: { host: '{{ .primary_endpoint_address }}', port: '{{ .port }}' }, cidrs },
      kafka: {
        connectionSecret: kafkaNames(context).cluster,
        status: { apiVersion: Cluster.GVK.apiVersion, plural: 'clusters' },
        keys: { brokers: '{{ (.status | fromJson).atProvider.bootstrapBrokersSaslIam }}' },
        cidrs,
      },
    };
  },
};
