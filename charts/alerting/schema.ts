import { z } from 'zod';
import { objectOf } from '../config/primitives';
import { GITOPS_REPO_URL } from '../gitops/schema';
import { FASTEST_BURN_RATE } from './burn-rates';
import { SLO_IDS } from './slos';

/** The highest objective a target may set: a smaller budget is spent by a handful of errors in the 5 m window. */
export const MAX_OBJECTIVE = 99.99;
/** The lowest: below it the fastest burn alert (14.4 × the budget) would need more than every request to fail. */
export const MIN_OBJECTIVE = 100 - 100 / FASTEST_BURN_RATE;

/** Where the runbooks are read: this repository's docs/runbooks/alerts on GitHub (docs/runbooks/alerts/README.md). */
export const DEFAULT_RUNBOOK_BASE_URL = `${GITOPS_REPO_URL.replace(/\.git$/, '')}/blob/main/docs/runbooks/alerts`;

const objective = z
  .number({ message: 'must be a percentage such as 99.9' })
  .max(MAX_OBJECTIVE, `must be at most ${MAX_OBJECTIVE}: a smaller error budget is spent by a few errors in the 5-minute window`)
  .refine((o) => o > MIN_OBJECTIVE, `must be above ${MIN_OBJECTIVE.toFixed(2)}: below it the fastest burn alert (${FASTEST_BURN_RATE} × the budget) could never fire`);

/** The `alerting` section of a target: where the rules are picked up, where runbooks live, the objectives. */
export const alertingSchema = z
  .object({
    /** Base URL of the runbook pages; each alert's `runbook_url` is `<base>/<alert>.md`. */
    runbookBaseUrl: z
      .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
      .refine((url) => !url.endsWith('/'), 'must not end with "/"')
      .default(DEFAULT_RUNBOOK_BASE_URL),
    /** Objectives (percent) that differ from the SLO table's (charts/alerting/slos.ts) on this target. @default the table's */
    objectives: objectOf(SLO_IDS, () => objective.optional()).prefault({}),
    /**
     * Consumer lag (messages) above which the worker's backlog counts against its freshness objective.
     * Must be below the lag KEDA can report (scaling.worker.partitions × lagThreshold). @default half of scaling.worker.partitions × lagThreshold (600)
     */
    workerMaxLag: z.number().int('must be a whole number of messages').min(1, 'must be at least 1').optional(),
    /** Log records at level error per second, per service, above which `ServiceLogErrors` fires. */
    logErrorsPerSecond: z.number().positive('must be greater than 0').default(1),
  })
  .strict()
  .prefault({});

export type AlertingConfig = z.output<typeof alertingSchema>;
