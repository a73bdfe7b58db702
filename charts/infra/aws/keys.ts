import type { Construct } from 'constructs';
import { Key } from '../../../imports/keys-kms.aws.m.upbound.io';
import type { EstateContext } from '../estate';
import { managed, ref, tagsOf, type Ref } from './context';

/** Days a deleted key waits before it is gone (AWS's maximum): time to notice and cancel. */
export const KEY_DELETION_WINDOW_DAYS = 30;

/**
 * A customer managed KMS key in `region` (rotated yearly by AWS) that encrypts the estate's data at
 * rest: the database and its snapshots, the cache, Kafka's volumes, the buckets.
 */
export function dataKey(scope: Construct, context: EstateContext, suffix: string, region: string, purpose: string): Ref {
  const name = context.name(suffix);
  const key = managed(context, name);
  new Key(scope, `key-${suffix}`, {
    metadata: key.metadata,
    spec: {
      providerConfigRef: key.providerConfigRef,
      forProvider: { region, description: `${purpose} of ${context.target.cluster.name}`, enableKeyRotation: true, deletionWindowInDays: KEY_DELETION_WINDOW_DAYS, tags: tagsOf(context, name) },
    },
  });
  return ref(name);
}
