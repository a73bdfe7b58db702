import type { Construct } from 'constructs';
import { Bucket } from '../../../imports/buckets-spaces.digitalocean.m.crossplane.io';
import { Cdn } from '../../../imports/cdns-spaces.digitalocean.m.crossplane.io';
import { resolveBackups } from '../../backups/chart';
import { backupBucketName, type EstateContext } from '../estate';
import { doSettings, managed, NAMES } from './common';

/** Days an unfinished multipart upload (an interrupted dump) is kept before Spaces aborts it. */
const ABORT_MULTIPART_DAYS = 1;

/** The Spaces bucket names of a target: the backups' (shared with charts/backups) and the static assets'. */
export function bucketNames(context: EstateContext): { backups: string; staticAssets: string } {
  return { backups: backupBucketName(context.target), staticAssets: context.name(NAMES.staticAssets) };
}

/**
 * The Spaces buckets: the logical backups' (private, versioned, dumps expiring after the backups'
 * retention, noncurrent versions too) and the web app's static assets behind the Spaces CDN. A bucket
 * is named by its object's name (the provider's external name), so no `name` field repeats it.
 */
export function buildStorage(scope: Construct, context: EstateContext): void {
  const { target, cloud } = context;
  const names = bucketNames(context);
  const backups = resolveBackups(target, cloud);
  const { providerConfigRef } = managed(context, NAMES.backups);
  new Bucket(scope, 'backups-bucket', {
    metadata: { name: names.backups, namespace: context.namespace },
    spec: {
      providerConfigRef,
      forProvider: {
        region: backups.objectStore.region,
        acl: 'private',
        versioning: [{ enabled: true }],
        lifecycleRule: [
          {
            id: 'expire-dumps',
            enabled: true,
            prefix: `${backups.objectStore.prefix}/`,
            expiration: [{ days: backups.retentionDays }],
            noncurrentVersionExpiration: [{ days: backups.retentionDays }],
            abortIncompleteMultipartUploadDays: ABORT_MULTIPART_DAYS,
          },
        ],
      },
    },
  });
  new Bucket(scope, 'static-assets-bucket', {
    metadata: { name: names.staticAssets, namespace: context.namespace },
    spec: { providerConfigRef, forProvider: { region: target.cluster.region, acl: 'private' } },
  });
  new Cdn(scope, 'static-assets-cdn', {
    metadata: managed(context, 'static-assets-cdn').metadata,
    spec: { providerConfigRef, forProvider: { originRef: { name: names.staticAssets }, ttl: doSettings(context).cdnTtlSeconds } },
  });
}

/** The URN DigitalOcean gives a Space: known from its name, so a Project can list it before it exists. */
export function spaceUrn(name: string): string {
  return `do:space:${name}`;
}

