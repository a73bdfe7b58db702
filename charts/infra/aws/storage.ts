import { Construct } from 'constructs';
import { BucketLifecycleConfiguration } from '../../../imports/bucketlifecycleconfigurations-s3.aws.m.upbound.io';
import { BucketPublicAccessBlock } from '../../../imports/bucketpublicaccessblocks-s3.aws.m.upbound.io';
import { Bucket } from '../../../imports/buckets-s3.aws.m.upbound.io';
import { BucketServerSideEncryptionConfiguration } from '../../../imports/bucketserversideencryptionconfigurations-s3.aws.m.upbound.io';
import { BucketVersioning } from '../../../imports/bucketversionings-s3.aws.m.upbound.io';
import { resolveBackups } from '../../backups/chart';
import { backupBucketName, type EstateContext } from '../estate';
import { managed, ref, tagsOf } from './context';
import { dataKey } from './keys';

/** Days a replaced or deleted object version is kept (versioning undoes an overwrite for this long). */
export const NONCURRENT_VERSION_DAYS = 7;
/** Days before an unfinished multipart upload (a failed dump's parts) is removed. */
export const ABORT_MULTIPART_DAYS = 1;

/** The bucket ml-inference reads its models from (the model registry). */
export const modelBucketName = (context: EstateContext) => context.name('models');

/** A lifecycle rule of a bucket: what expires, under which prefix. */
interface ExpiryRule {
  readonly id: string;
  /** Objects under this prefix expire; all when empty. */
  readonly prefix: string;
  /** Days until current objects expire. @default never */
  readonly days?: number;
}

/**
 * A private S3 bucket: versioned, encrypted with its own KMS key (SSE-KMS, bucket keys on), every
 * public access blocked, its lifecycle rules plus removal of old versions and abandoned uploads.
 */
function privateBucket(scope: Construct, context: EstateContext, id: string, name: string, rules: readonly ExpiryRule[]) {
  const region = context.target.cluster.region;
  const key = dataKey(scope, context, `${id}-bucket`, region, `Objects of ${name}`);
  const o = (suffix: string) => managed(context, suffix ? `${name}-${suffix}` : name);
  const bucket = o('');
  new Bucket(scope, `bucket-${id}`, { metadata: bucket.metadata, spec: { providerConfigRef: bucket.providerConfigRef, forProvider: { region, forceDestroy: false, tags: tagsOf(context, name) } } });
  const versioning = o('versioning');
  new BucketVersioning(scope, `versioning-${id}`, {
    metadata: versioning.metadata,
    spec: { providerConfigRef: versioning.providerConfigRef, forProvider: { region, bucketRef: ref(name), versioningConfiguration: { status: 'Enabled' } } },
  });
  const encryption = o('encryption');
  new BucketServerSideEncryptionConfiguration(scope, `encryption-${id}`, {
    metadata: encryption.metadata,
    spec: {
      providerConfigRef: encryption.providerConfigRef,
      forProvider: { region, bucketRef: ref(name), rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyIdRef: key }, bucketKeyEnabled: true }] },
    },
  });
  const block = o('public-access');
  new BucketPublicAccessBlock(scope, `public-access-${id}`, {
    metadata: block.metadata,
    spec: { providerConfigRef: block.providerConfigRef, forProvider: { region, bucketRef: ref(name), blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true } },
  });
  const lifecycle = o('lifecycle');
  new BucketLifecycleConfiguration(scope, `lifecycle-${id}`, {
    metadata: lifecycle.metadata,
    spec: {
      providerConfigRef: lifecycle.providerConfigRef,
      forProvider: {
        region,
        bucketRef: ref(name),
        rule: [
          ...rules.map((rule) => ({ id: rule.id, status: 'Enabled', filter: [{ prefix: rule.prefix }], expiration: rule.days === undefined ? undefined : [{ days: rule.days }] })),
          { id: 'old-versions-and-uploads', status: 'Enabled', filter: [{ prefix: '' }], noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_VERSION_DAYS }], abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_MULTIPART_DAYS }] },
        ],
      },
    },
  });
}

/**
 * The estate's buckets: the logical backups' (`backupBucketName`), whose dumps expire after the
 * backups feature's retention, and the model registry ml-inference reads.
 */
export class AwsStorage extends Construct {
  constructor(scope: Construct, id: string, context: EstateContext) {
    super(scope, id);
    const { target } = context;
    const backups = resolveBackups(target, context.cloud);
    privateBucket(this, context, 'backups', backupBucketName(target), [{ id: 'expire-dumps', prefix: `${backups.objectStore.prefix}/`, days: backups.retentionDays }]);
    privateBucket(this, context, 'models', modelBucketName(context), []);
  }
}
