import type { CloudProfile } from '../cloud';
import { postgres as postgresLogin, type Credential, type SecretSpec } from '../secrets/credentials';

/** The Secret of the nightly backup: its PostgreSQL login and, where pods have no cloud identity, the object store's write key. */
export const BACKUP_SECRET = 'db-backup-credentials';
/** The Secret of the restore test: the age identity and, where pods have no cloud identity, the object store's read key. */
export const RESTORE_TEST_SECRET = 'db-restore-test-credentials';
/** The Secret key holding the age identity, mounted as a file (never in the environment). */
export const AGE_IDENTITY_KEY = 'age-identity';

/**
 * PostgreSQL login of the read-only role `moderation_backup` (pg_dump reads every table), with the
 * blue/green users of every database role (docs/runbooks/secret-rotation.md). libpq reads it from
 * PGUSER and PGPASSWORD.
 */
const postgres = postgresLogin('moderation_backup', { user: 'PGUSER', password: 'PGPASSWORD' });

/** An access key of the backup bucket, read by the AWS CLI from its standard variables. */
const objectStoreKey = (access: 'write' | 'read'): Credential => ({
  name: 'object-store',
  class: 'service',
  description: `Access key limited to the backup bucket, ${access === 'write' ? 'read/write (uploads dumps)' : 'read-only (downloads dumps)'}`,
  fields: [
    { property: 'access-key-id', secretKey: 'object-store-access-key-id', env: 'AWS_ACCESS_KEY_ID' },
    { property: 'secret-access-key', secretKey: 'object-store-secret-access-key', env: 'AWS_SECRET_ACCESS_KEY' },
  ],
});

const ageIdentity: Credential = {
  name: 'age-identity',
  class: 'platform',
  description: 'age identity (private key, "AGE-SECRET-KEY-1…") of the recipient in backups.ageRecipient: decrypts every dump',
  fields: [{ property: 'identity', secretKey: AGE_IDENTITY_KEY }],
};

/**
 * The credentials the backups feature needs synced (one Secret per consumer). Where the cloud hands
 * pods an identity (EKS Pod Identity), the object store is reached with the ServiceAccounts' IAM
 * roles and no key exists; elsewhere (DigitalOcean Spaces) each job gets its own key.
 */
export function backupCredentials(cloud: CloudProfile): SecretSpec[] {
  const keyed = cloud.podIdentityAgent === undefined;
  return [
    {
      owner: 'db-backup',
      secretName: BACKUP_SECRET,
      namespace: 'platform',
      usedBy: 'the nightly logical backup (CronJob db-backup): pg_dump and the upload',
      credentials: [postgres, ...(keyed ? [objectStoreKey('write')] : [])],
    },
    {
      owner: 'db-restore-test',
      secretName: RESTORE_TEST_SECRET,
      namespace: 'platform',
      usedBy: 'the weekly restore test (CronJob db-restore-test): download and decryption of the latest dump',
      credentials: [ageIdentity, ...(keyed ? [objectStoreKey('read')] : [])],
    },
  ];
}
