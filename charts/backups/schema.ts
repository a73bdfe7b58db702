import { z } from 'zod';
import { cidr, quantity } from '../config/primitives';
import type { Environment } from '../workloads/defaults';

/**
 * The `backups` section of a target: the nightly logical backup of PostgreSQL (pg_dump, encrypted
 * with age, uploaded to the cloud's object store) and the weekly test that restores it. What the
 * cloud's managed service keeps on its own is in docs/features/backups.md. Cross-field rules
 * (the tools image matches the server's major version) are in ./rules.ts.
 */

/**
 * The PostgreSQL majors a target may run, each with the official image the restore test runs as its
 * throw-away server: `docker.io/library/postgres:<tag>`, the current minor on Debian 12 (bookworm).
 * Bump a tag when the image is rebuilt for a new minor; add a major when it is released.
 */
export const POSTGRES_SERVER_TAGS = {
  14: '14.22-bookworm',
  15: '15.17-bookworm',
  16: '16.13-bookworm',
  17: '17.9-bookworm',
  18: '18.3-bookworm',
} as const satisfies Readonly<Record<number, string>>;
export type PostgresMajor = keyof typeof POSTGRES_SERVER_TAGS;
export const POSTGRES_MAJORS = Object.keys(POSTGRES_SERVER_TAGS).map(Number) as PostgresMajor[];

/** How long dumps are kept, in days: at least a week of dumps behind the one the weekly test restores, at most a month of users' content outliving its deletion. */
export const RETENTION_DAYS = { min: 7, max: 30 } as const;

/** What a target keeps unless its overlay says otherwise, per environment. */
export const BACKUP_DEFAULTS: Readonly<Record<Environment, { readonly retentionDays: number; readonly scratchSize: string }>> = {
  // Production keeps the longest history allowed: a logical corruption noticed weeks late can still be undone.
  production: { retentionDays: 30, scratchSize: '32Gi' },
  // Staging holds test data: a week is enough to test restores.
  staging: { retentionDays: 7, scratchSize: '8Gi' },
};

/** A PostgreSQL identifier in lowercase: safe to put in SQL unquoted. */
const IDENTIFIER = '[a-z_][a-z0-9_]{0,62}';
const databaseName = z.string().regex(new RegExp(`^${IDENTIFIER}$`), 'must be a lowercase PostgreSQL database name such as "moderation"');
const tableName = z
  .string()
  .regex(new RegExp(`^${IDENTIFIER}(\\.${IDENTIFIER})?$`), 'must be a lowercase PostgreSQL table name, optionally schema-qualified, such as "moderation_decisions" or "public.moderation_decisions"');

/** A five-field cron schedule of numbers, `*`, `,`, `-` and `/`, run in UTC. */
const cronSchedule = z
  .string()
  .regex(/^([0-9*,/-]+\s+){4}[0-9*,/-]+$/, 'must be a five-field cron schedule (minute hour day-of-month month day-of-week) such as "17 2 * * *"; it runs in UTC');

/** An image reference with a registry, a tag and optionally a digest: `registry/path/name:tag[@sha256:…]`. */
export const imageReference = z
  .string()
  .regex(
    /^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)+:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}(@sha256:[a-f0-9]{64})?$/,
    'must be a pinned image reference with its registry and tag, e.g. "registry.example.com/team/db-backup-tools:17-1.0.0", optionally "@sha256:<64 hex>"',
  )
  .refine((v) => !/:latest(@|$)/.test(v), '"latest" is not a pinned version: use a version tag');

/** An age recipient: the public key of an X25519 identity, `age1` and 58 bech32 characters. */
const ageRecipient = z
  .string({ message: 'required: the age recipient (public key, "age1…") the dumps are encrypted to' })
  .regex(/^age1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}$/, 'must be an age X25519 recipient: "age1" and 58 lowercase bech32 characters, as printed by `age-keygen -y`');

const objectStore = z
  .object({
    /**
     * Not set: the bucket (S3) or Space (DigitalOcean) the dumps go to is the cloud estate's, named
     * by `backupBucketName` (charts/infra/estate.ts), with the lifecycle rule that deletes them after `retentionDays`.
     */
    bucket: z
      .never({ error: 'is created and named by the cloud estate (charts/infra: `<cluster>-<cloud>-db-backups`): remove it, the backup jobs write to that bucket' })
      .optional(),
    /** Folder of the dumps in the bucket, without slashes at either end. @default 'postgres' */
    prefix: z
      .string()
      .regex(/^[a-z0-9]+([-_.][a-z0-9]+)*(\/[a-z0-9]+([-_.][a-z0-9]+)*)*$/, 'must be a "/"-separated path of lowercase words, such as "postgres" or "backups/postgres"')
      .default('postgres'),
    /** Region of the bucket. @default the cluster's region */
    region: z.string().regex(/^[a-z0-9-]+$/, 'must be a region such as "us-east-1" or "nyc3"').optional(),
    /** HTTPS endpoint of the object store. @default the cloud's endpoint in `region` (`https://s3.<region>.amazonaws.com`, `https://<region>.digitaloceanspaces.com`) */
    endpoint: z.url({ protocol: /^https$/, message: 'must be an https:// URL such as "https://nyc3.digitaloceanspaces.com"' }).optional(),
    /** The addresses the endpoint resolves to: the only egress the backup jobs have to it. */
    cidrs: z.array(cidr).min(1, 'must list at least one CIDR: the addresses the object store endpoint resolves to'),
  })
  .strict();

const restoreTest = z
  .object({
    /** When the restore test runs (UTC): weekly, after a nightly backup has finished. @default '17 5 * * 0' (Sundays 05:17) */
    schedule: cronSchedule.default('17 5 * * 0'),
    /** Tables that must hold rows in the restored database. @default ['content_items', 'moderation_decisions'] */
    nonEmptyTables: z.array(tableName).min(1, 'must list at least one table: a restore that checks no data proves little').default(['content_items', 'moderation_decisions']),
    /** Disk for the restored database (an emptyDir): more than the database's size. @default '32Gi' in production, '8Gi' in staging */
    scratchSize: quantity.optional(),
  })
  .strict()
  .prefault({});

export const backupsConfig = {
  backups: z
    .object({
      /** Major version of the PostgreSQL server: pg_dump must be the same major, and the restore test runs it. */
      postgresMajorVersion: z
        .number({ message: `required: the PostgreSQL server's major version, one of ${POSTGRES_MAJORS.join(', ')}` })
        .refine((v) => POSTGRES_MAJORS.includes(v as PostgresMajor), `must be one of ${POSTGRES_MAJORS.join(', ')}: the PostgreSQL majors with a pinned server image (charts/backups/schema.ts)`),
      /** The database that is dumped. @default 'moderation' */
      database: databaseName.default('moderation'),
      /** When the nightly backup runs (UTC). @default '17 2 * * *' (02:17, off the hour other jobs start on) */
      schedule: cronSchedule.default('17 2 * * *'),
      /** Days a dump is kept before the bucket's lifecycle rule deletes it, 7 to 30. @default 30 in production, 7 in staging */
      retentionDays: z
        .number({ message: 'must be a number of days' })
        .int('must be a whole number of days')
        .min(RETENTION_DAYS.min, `must be at least ${RETENTION_DAYS.min} days: the weekly restore test needs a week of dumps behind the one it restores, to go back past a bad one`)
        .max(RETENTION_DAYS.max, `must be at most ${RETENTION_DAYS.max} days: dumps hold users' content, which must not outlive its deletion by more than a month (older history is the managed provider's backups)`)
        .optional(),
      /** The age recipient (public key) every dump is encrypted to; its identity lives only in the secrets manager. */
      ageRecipient,
      objectStore,
      /**
       * The backup tools image built by the platform's CI (docs/features/backups.md): pg_dump,
       * pg_restore and psql of `postgresMajorVersion`, age and the AWS CLI v2. Its tag starts with the
       * major, e.g. `:17-1.0.0`.
       */
      toolsImage: imageReference,
      /** The throw-away server of the restore test. @default `docker.io/library/postgres:<the pinned tag of postgresMajorVersion>` */
      serverImage: imageReference.optional(),
      restoreTest,
    })
    .strict(),
};

/** The days a target keeps its dumps: its own setting, else its environment's default. */
export function backupRetentionOf(target: { readonly environment: Environment; readonly backups: { readonly retentionDays?: number } }): number {
  return target.backups.retentionDays ?? BACKUP_DEFAULTS[target.environment].retentionDays;
}
