import { z } from 'zod';

/**
 * The `rollouts` section of a target: how the canaries of the services the edge routes to
 * progress, and where their analysis reads the objectives' indicators. Every field has a default.
 */

/**
 * Failed measurements a step tolerates before the canary is aborted (Argo Rollouts' `failureLimit`).
 * Measurements rate over two minutes every minute, so one short burst of errors fails at most two.
 */
export const TOLERATED_FAILURES = 2;

const weight = z
  .number()
  .int('must be a whole percentage')
  .min(1, 'must be at least 1 (%)')
  .max(99, 'must be below 100: after the last step the canary is promoted to all traffic');

export const rolloutsSchema = z
  .object({
    /** Prometheus the canary analysis queries (prometheus-operator's `prometheus-operated` Service). */
    prometheusUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).default('http://prometheus-operated.monitoring.svc.cluster.local:9090'),
    /**
     * The canary's share of the edge traffic at each step, in percent. Each weight is analysed
     * before the next; after the last, the canary is promoted.
     */
    weights: z
      .array(weight)
      .min(1, 'must list at least one step')
      .refine((ws) => ws.every((w, i) => i === 0 || w > ws[i - 1]), 'must increase from step to step')
      .default([10, 25, 50]),
    /** Measurements of each step, one a minute: how long a weight is watched before more traffic. */
    measurements: z
      .number()
      .int('must be a whole number')
      .min(TOLERATED_FAILURES + 1, `must be at least ${TOLERATED_FAILURES + 1}: a step aborts after ${TOLERATED_FAILURES + 1} failed measurements`)
      .default(5),
  })
  .strict()
  .prefault({});
