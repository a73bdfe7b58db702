/** Spaces: the backups' bucket expires dumps after the backups' retention; static assets behind the CDN; the account's one registry. */
import { resolveBackups } from '../../../charts/backups/chart';
import { backupBucketName } from '../../../charts/infra/estate';
import { DO_TARGETS, doEstate, forProvider, KINDS, named } from './support';

describe.each(DO_TARGETS)('the storage of %s', (name) => {
  const { context, of } = doEstate(name);
  const { target } = context;
  const buckets = of(KINDS.bucket);

  it('keeps dumps in the bucket the backup jobs write to, private and versioned, for the backups\' retention', () => {
    const backups = resolveBackups(target, context.cloud);
    const bucket = forProvider(named(buckets, backupBucketName(target)));
    expect(bucket.acl).toBe('private');
    expect(bucket.versioning).toEqual([{ enabled: true }]);
    expect(bucket.lifecycleRule).toEqual([
      expect.objectContaining({ enabled: true, prefix: `${backups.objectStore.prefix}/`, expiration: [{ days: backups.retentionDays }], noncurrentVersionExpiration: [{ days: backups.retentionDays }] }),
    ]);
  });

  it('serves the static assets\' bucket through the Spaces CDN', () => {
    const cdns = of(KINDS.cdn).map(forProvider);
    expect(cdns).toEqual([{ originRef: { name: context.name('static-assets') }, ttl: 3600 }]);
    expect(buckets.map((b) => b.metadata.name)).toContain(context.name('static-assets'));
  });

  it('creates the account\'s registry, the one images.registry names, only on the target that owns it', () => {
    const registries = of(KINDS.registry).map(forProvider);
    if (target.infra.digitalocean?.registry) expect(registries).toEqual([expect.objectContaining({ name: target.images.registry.split('/')[1] })]);
    else expect(registries).toEqual([]);
  });
});

it('creates the account\'s one registry once', () => {
  expect(DO_TARGETS.flatMap((name) => doEstate(name).of(KINDS.registry))).toHaveLength(1);
});
