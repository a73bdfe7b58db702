/** The `autoscaling` group: gitops-engine's built-in HorizontalPodAutoscaler check (health_hpa.go). */
import { parseApiVersion } from '../../core/kinds';
import type { KubeObject } from '../../core/object';
import type { HealthStatus } from '../types';
import { type Condition, type GroupHealthChecks, TRUE, conditionsOf, health, requireVersion } from './shared';

/** Where autoscaling/v1 keeps the conditions autoscaling/v2 has in its status. */
export const HPA_CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';

const WAITING_TO_AUTOSCALE = health('Progressing', 'Waiting to Autoscale');

/** Condition reasons, by condition type, that mean the HPA cannot do its job. */
const DEGRADED_REASONS: Readonly<Record<string, readonly string[]>> = {
  AbleToScale: ['FailedGetScale', 'FailedUpdateScale'],
  ScalingActive: ['FailedGetResourceMetric', 'FailedGetObjectMetric', 'FailedGetPodsMetric', 'FailedGetExternalMetric', 'FailedComputeMetricsReplicas', 'InvalidSelector'],
};

/** Condition types whose status True means the HPA is working. */
const HEALTHY_TYPES: readonly string[] = ['AbleToScale', 'ScalingLimited'];

/**
 * health_hpa.go `checkConditions`: any degraded reason wins (whatever its order), then the first
 * AbleToScale or ScalingLimited condition that is True; otherwise still waiting.
 */
function hpaConditionsHealth(conditions: Condition[]): HealthStatus {
  const degraded = conditions.find((c) => DEGRADED_REASONS[c.type ?? '']?.includes(c.reason ?? ''));
  if (degraded) return health('Degraded', degraded.message ?? '');
  const healthy = conditions.find((c) => HEALTHY_TYPES.includes(c.type ?? '') && c.status === TRUE);
  if (healthy) return health('Healthy', healthy.message ?? '');
  return WAITING_TO_AUTOSCALE;
}

/** autoscaling/v1 reads the conditions annotation only; one that is not a JSON list is an error (Unknown). */
function hpaV1Conditions(object: KubeObject): Condition[] {
  const annotation = object.metadata.annotations?.[HPA_CONDITIONS_ANNOTATION];
  if (annotation === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(annotation);
  } catch (error) {
    throw new Error(`failed to convert conditions annotation to typed: ${(error as Error).message}`);
  }
  if (parsed !== null && !Array.isArray(parsed)) throw new Error('failed to convert conditions annotation to typed: not a list');
  return conditionsOf(parsed);
}

/** health_hpa.go: autoscaling/v2 from status.conditions, autoscaling/v1 from the annotation; no other version. */
function hpaHealth(object: KubeObject): HealthStatus {
  requireVersion(object, 'HPA', ['v1', 'v2']);
  const v1 = parseApiVersion(object.apiVersion).version === 'v1';
  return hpaConditionsHealth(v1 ? hpaV1Conditions(object) : conditionsOf(object.status?.conditions));
}

export const AUTOSCALING: GroupHealthChecks = {
  groups: ['autoscaling'],
  kinds: { HorizontalPodAutoscaler: hpaHealth },
};
