import { z } from 'zod';
import { dnsLabel } from '../config/primitives';
import { PRODUCTION_MIN_REPLICAS } from '../workloads/defaults';

/**
 * The `disasterRecovery` section: a target that is the passive standby of a production target in
 * another region (docs/features/disaster-recovery.md). Left out, the target is a primary: it serves,
 * migrates and backs up. A standby keeps the same images, edge and hosts as its primary, reads a
 * replica of its primary's database, runs no primary-only jobs, and runs its services warm, so
 * promoting it is one commit that removes this section.
 */

/** The replicas a standby's services keep by default: the production floor, so promotion needs no sizing change. */
export const DEFAULT_WARM_REPLICAS = PRODUCTION_MIN_REPLICAS;

export const disasterRecoveryConfig = {
  disasterRecovery: z
    .object({
      /** `standby`: this target is the passive disaster-recovery target of `primary`. */
      role: z.literal('standby', { message: 'must be "standby" (a primary leaves the section out)' }),
      /** The production target (its overlay's name) this one stands in for. */
      primary: dnsLabel,
      /**
       * The replicas each service keeps while standing by (its `replicas.min`; `replicas.max` stays
       * production's, so the autoscalers take it to full size after a failover). An explicit
       * `services.<name>.replicas.min` still wins. @default 2
       */
      warmReplicas: z
        .number()
        .int('must be a whole number')
        .min(PRODUCTION_MIN_REPLICAS, `must be at least ${PRODUCTION_MIN_REPLICAS}: the standby is production, and takes traffic the moment DNS fails over`)
        .default(DEFAULT_WARM_REPLICAS),
    })
    .strict()
    .optional(),
};

export type DisasterRecoveryConfig = NonNullable<z.output<(typeof disasterRecoveryConfig)['disasterRecovery']>>;
