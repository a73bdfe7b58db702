/** The AWS estate's buckets and registry: private, versioned, encrypted; dumps expire with the backups' retention; immutable, scanned images. */
import { resolveBackups } from '../../../charts/backups/chart';
import { cloudProfile } from '../../../charts/cloud';
import { backupBucketName, estateContext } from '../../../charts/infra/estate';
import { SERVICE_NAMES } from '../../../charts/platform/services';
import { forProvider, ofKind, one, renderEstate } from '../../support/estate';

describe.each(['eks-production', 'eks-staging'])('the storage of %s', (name) => {
  const { target, estate } = renderEstate(name);
  const context = estateContext(target, cloudProfile(target.cloud));
  const bucket = backupBucketName(target);
  const byBucket = (kind: string) => ofKind(estate, kind).map(forProvider).find((o) => o.bucketRef?.name === bucket);

  it('keeps the backups in a versioned, KMS-encrypted bucket with every public access blocked', () => {
    expect(one(estate, 's3.aws.m.upbound.io/Bucket', bucket)).toBeDefined();
    expect(byBucket('s3.aws.m.upbound.io/BucketVersioning').versioningConfiguration.status).toBe('Enabled');
    expect(byBucket('s3.aws.m.upbound.io/BucketServerSideEncryptionConfiguration').rule[0].applyServerSideEncryptionByDefault.sseAlgorithm).toBe('aws:kms');
    expect(byBucket('s3.aws.m.upbound.io/BucketPublicAccessBlock')).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
  });

  it('expires dumps after the backups feature\'s retention', () => {
    const backups = resolveBackups(target, context.cloud);
    const rule = byBucket('s3.aws.m.upbound.io/BucketLifecycleConfiguration').rule.find((r: { id: string }) => r.id === 'expire-dumps');
    expect(rule).toMatchObject({ status: 'Enabled', filter: [{ prefix: `${backups.objectStore.prefix}/` }], expiration: [{ days: backups.retentionDays }] });
    expect(backups.retentionDays).toBe(target.environment === 'production' ? 30 : 7);
  });

  const owner = target.environment === 'production';
  it(owner ? 'owns an immutable, scanned ECR repository per service with a lifecycle policy' : 'leaves the shared ECR repositories to production', () => {
    const repositories = ofKind(estate, 'ecr.aws.m.upbound.io/Repository');
    if (!owner) return expect(repositories).toEqual([]);
    expect(repositories.map((r) => r.metadata.annotations?.['crossplane.io/external-name'])).toEqual(SERVICE_NAMES.map((s) => `moderation/${s}`));
    for (const repository of repositories.map(forProvider)) expect(repository).toMatchObject({ imageTagMutability: 'IMMUTABLE', imageScanningConfiguration: { scanOnPush: true } });
    const policies = ofKind(estate, 'ecr.aws.m.upbound.io/LifecyclePolicy').map(forProvider);
    expect(policies.map((p) => p.repositoryRef.name).sort()).toEqual(repositories.map((r) => r.metadata.name).sort());
    expect(JSON.parse(policies[0].policy).rules.map((r: { selection: { tagStatus: string } }) => r.selection.tagStatus)).toEqual(['untagged', 'any']);
  });
});
