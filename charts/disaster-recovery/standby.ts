import { isRecord } from '../config/primitives';
import type { ServiceSizing } from '../workloads/defaults';
import { DEFAULT_WARM_REPLICAS, disasterRecoveryConfig, type DisasterRecoveryConfig } from './schema';

/** The part of a target this module reads: its `disasterRecovery` section, resolved or raw. */
interface WithDisasterRecovery {
  readonly disasterRecovery?: DisasterRecoveryConfig | unknown;
}

/**
 * The target's standby settings when it is a passive disaster-recovery target, else undefined. Takes
 * a resolved target or a raw overlay (rules run on those), so every feature asks the same question.
 */
export function standbyOf(target: WithDisasterRecovery): DisasterRecoveryConfig | undefined {
  const section = target.disasterRecovery;
  if (!isRecord(section) || section.role !== 'standby' || typeof section.primary !== 'string') return undefined;
  // A raw overlay's warm minimum the schema rejects is the schema's to report: the default stands in.
  const parsed = disasterRecoveryConfig.disasterRecovery.safeParse(section);
  return { role: 'standby', primary: section.primary, warmReplicas: parsed.success && parsed.data ? parsed.data.warmReplicas : DEFAULT_WARM_REPLICAS };
}

/** Whether the target is a passive standby: it runs no job that writes to the primary's data (migrations, backups). */
export function isStandby(target: WithDisasterRecovery): boolean {
  return standbyOf(target) !== undefined;
}

/**
 * A service's default sizing on a standby: the environment's, with `replicas.min` lowered to the warm
 * minimum (never raised) and `replicas.max` kept, so the autoscaler can take it to full size.
 */
export function warmSizing(base: ServiceSizing, target: WithDisasterRecovery): ServiceSizing {
  const standby = standbyOf(target);
  if (!standby) return base;
  return { ...base, replicas: { min: Math.min(base.replicas.min, standby.warmReplicas), max: base.replicas.max } };
}
