import { z } from 'zod';

/** The longest a release's migration may be given: one that needs more (a large backfill) is not a release step. */
export const MAX_MIGRATION_MINUTES = 120;

/** The `migrations` section of a target: how the schema migration of a release runs. Every field has a default. */
export const migrationsConfig = {
  migrations: z
    .object({
      /**
       * Minutes the migration Job may run, retries included, before it fails, and with it the
       * release (the Argo CD sync waits for it). @default 15
       */
      timeoutMinutes: z
        .number({ message: 'must be a number of minutes' })
        .int('must be a whole number of minutes')
        .min(1, 'must be at least 1 minute')
        .max(MAX_MIGRATION_MINUTES, `must be at most ${MAX_MIGRATION_MINUTES} minutes: a longer data change (a backfill) runs as its own one-off Job, not in the release path`)
        .default(15),
    })
    .strict()
    .prefault({}),
};
