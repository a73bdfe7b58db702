import { Construct } from 'constructs';
import { PodIdentityAssociation } from '../../../imports/podidentityassociations-eks.aws.m.upbound.io';
import { addOnsOf } from '../../addons/catalog';
import { addOnSettings } from '../../addons/schema';
import { BACKUP_NAME } from '../../backups/backup-cronjob';
import { RESTORE_TEST_NAME } from '../../backups/restore-test-cronjob';
import { logGroupPrefix } from '../../logging/destinations';
import { COLLECTOR_NAME } from '../../logging/collector';
import { cloudIdentityUses, PLATFORM_SERVICES, usesCloudIdentity } from '../../platform/services';
import { keyPrefix } from '../../secrets/remote-keys';
import { backupBucketName, type EstateContext } from '../estate';
import { managed, tagsOf, type Ref } from './context';
import { iamRole, type Statement } from './iam';

/**
 * The workloads of the target's cluster that assume an AWS identity through EKS Pod Identity: each
 * gets an IAM role with a least-privilege policy and an association with its ServiceAccount. The
 * ServiceAccounts are the ones the features render (their names are imported, not retyped).
 */
export interface WorkloadIdentity {
  /** Names the role and the association: `<cluster>-<id>`. */
  readonly id: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly description: string;
  readonly statements: readonly Statement[];
}

/** Names of estate resources the identities' policies are scoped to. */
export interface IdentityScope {
  /** The MSK cluster's name (KEDA's consumer-lag reads). */
  readonly kafkaCluster: string;
  /** The bucket ml-inference reads its models from. */
  readonly modelBucket: string;
}

const s3 = (bucket: string, path = '') => `arn:aws:s3:::${bucket}${path}`;

/** KMS use through S3 only, for objects of one bucket (SSE-KMS): the key's ARN needs no typing. */
function kmsThroughS3(region: string, bucket: string, actions: string[]): Statement {
  return { Action: actions, Resource: '*', Condition: { StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` }, StringLike: { 'kms:EncryptionContext:aws:s3:arn': s3(bucket, '*') } } };
}

/** MSK IAM permissions on the estate's cluster: cluster actions, and topic and group actions of its topics and groups. */
function msk(region: string, cluster: string, actions: { readonly cluster: string[]; readonly topic: string[]; readonly group: string[] }): Statement[] {
  const arn = (kind: string) => `arn:aws:kafka:${region}:*:${kind}/${cluster}/*`;
  return [
    { Action: actions.cluster.map((a) => `kafka-cluster:${a}`), Resource: arn('cluster') },
    { Action: actions.topic.map((a) => `kafka-cluster:${a}`), Resource: arn('topic') },
    { Action: actions.group.map((a) => `kafka-cluster:${a}`), Resource: arn('group') },
  ];
}

/**
 * Every workload identity of a target, from the features that render the ServiceAccounts: the
 * add-ons that declare a cloud identity (cert-manager, External Secrets, KEDA), the platform
 * services that call cloud APIs (ml-inference), the log collector, and the backup jobs.
 */
export function workloadIdentities(context: EstateContext, scope: IdentityScope): WorkloadIdentity[] {
  const { target, cloud } = context;
  const region = target.cluster.region;
  const addOnPolicies: Readonly<Record<string, () => Statement[]>> = {
    'cert-manager': () => {
      const zone = target.edge.certificates.dns01?.route53?.hostedZoneID ?? '*';
      return [
        { Action: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets'], Resource: `arn:aws:route53:::hostedzone/${zone}` },
        { Action: 'route53:GetChange', Resource: 'arn:aws:route53:::change/*' },
        { Action: 'route53:ListHostedZonesByName', Resource: '*' },
      ];
    },
    'external-secrets': () => {
      const secretsRegion = (target.secrets.provider === 'aws-secrets-manager' ? target.secrets.region : undefined) ?? region;
      return [{ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: `arn:aws:secretsmanager:${secretsRegion}:*:secret:${keyPrefix(target)}/*` }];
    },
    'keda': () => msk(region, scope.kafkaCluster, { cluster: ['Connect', 'DescribeCluster'], topic: ['DescribeTopic'], group: ['DescribeGroup'] }),
  };
  const addOns = addOnsOf({ target, cloud, settings: addOnSettings(target) }).flatMap((addOn) => {
    if (!addOn.cloudIdentity) return [];
    const policy = addOnPolicies[addOn.id];
    if (!policy) throw new Error(`add-on ${addOn.id} declares a cloud identity the AWS estate has no policy for (charts/infra/aws/identities.ts)`);
    return [{ id: addOn.id, namespace: addOn.namespace, serviceAccount: addOn.cloudIdentity.serviceAccount, description: addOn.cloudIdentity.grants, statements: policy() }];
  });

  // The services with a cloud identity: reading the model registry, and producing to and consuming
  // from Kafka where clients sign in with MSK IAM.
  const services = Object.values(PLATFORM_SERVICES)
    .filter((service) => usesCloudIdentity(service, cloud))
    .map((service) => {
      const { modelRegistry: registry, kafka } = cloudIdentityUses(service, cloud);
      return {
        id: service.name,
        namespace: target.namespace,
        serviceAccount: service.name,
        description: `${service.name}: ${[registry && 'reads the model registry', kafka && 'produces to and consumes from Kafka (MSK IAM)'].filter(Boolean).join('; ')}`,
        statements: [
          ...(registry
            ? [{ Action: 's3:ListBucket', Resource: s3(scope.modelBucket) }, { Action: 's3:GetObject', Resource: s3(scope.modelBucket, '/*') }, kmsThroughS3(region, scope.modelBucket, ['kms:Decrypt'])]
            : []),
          ...(kafka ? msk(region, scope.kafkaCluster, { cluster: ['Connect', 'DescribeCluster'], topic: ['DescribeTopic', 'ReadData', 'WriteData'], group: ['DescribeGroup', 'AlterGroup'] }) : []),
        ],
      };
    });

  const logs =
    cloud.logStore.kind === 'cloudwatch-logs'
      ? [
          {
            id: 'log-collector',
            namespace: target.logging.namespace,
            serviceAccount: COLLECTOR_NAME,
            description: `Fluent Bit: writes the ${logGroupPrefix(target.environment)}/* log groups`,
            statements: [
              { Action: ['logs:CreateLogGroup', 'logs:PutRetentionPolicy', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'], Resource: `arn:aws:logs:${region}:*:log-group:${logGroupPrefix(target.environment)}/*` },
              { Action: 'logs:DescribeLogGroups', Resource: '*' },
            ],
          },
        ]
      : [];

  const bucket = backupBucketName(target);
  const dumps = s3(bucket, `/${target.backups.objectStore.prefix}/*`);
  const backups = cloud.podIdentityAgent
    ? [
        {
          id: 'db-backup',
          namespace: target.namespace,
          serviceAccount: BACKUP_NAME,
          description: 'The nightly logical backup: uploads dumps',
          statements: [{ Action: 's3:ListBucket', Resource: s3(bucket) }, { Action: 's3:PutObject', Resource: dumps }, kmsThroughS3(region, bucket, ['kms:GenerateDataKey', 'kms:Decrypt'])],
        },
        {
          id: 'db-restore-test',
          namespace: target.namespace,
          serviceAccount: RESTORE_TEST_NAME,
          description: 'The weekly restore test: downloads dumps',
          statements: [{ Action: 's3:ListBucket', Resource: s3(bucket) }, { Action: 's3:GetObject', Resource: dumps }, kmsThroughS3(region, bucket, ['kms:Decrypt'])],
        },
      ]
    : [];

  return [...addOns, ...services, ...logs, ...backups];
}

/** A role (trusted by EKS Pod Identity) and its association with the ServiceAccount, for every workload identity. */
export class AwsWorkloadIdentities extends Construct {
  constructor(scope: Construct, id: string, context: EstateContext, cluster: Ref, identities: readonly WorkloadIdentity[]) {
    super(scope, id);
    for (const identity of identities) {
      const name = context.name(identity.id);
      const role = iamRole(this, context, { name, description: identity.description, service: 'pods.eks.amazonaws.com', trustActions: ['sts:TagSession'], statements: identity.statements });
      const association = managed(context, name);
      new PodIdentityAssociation(this, `association-${identity.id}`, {
        metadata: association.metadata,
        spec: {
          providerConfigRef: association.providerConfigRef,
          forProvider: { region: context.target.cluster.region, clusterNameRef: cluster, namespace: identity.namespace, serviceAccount: identity.serviceAccount, roleArnRef: role, tags: tagsOf(context, name) },
        },
      });
    }
  }
}
