/**
 * The `argoproj.io` group: Argo Rollouts' Rollout, AnalysisRun and Experiment follow Argo CD's
 * `argoproj.io/<Kind>/health.lua`. Argo CD v3.5.1 assesses no health for an Application (gitops-engine's
 * TestApplication asserts none); its rule here is the `argoproj.io_Application` override Argo CD documents
 * in docs/operator-manual/health.md for app-of-apps, which surfaces the child Application's own health.
 */
import type { KubeObject } from '../../core/object';
import type { HealthStatus } from '../types';
import { type GroupHealthChecks, NO_ASSESSMENT, arrayOf, conditionsOf, health, isPresent, luaHealth, luaToNumber } from './shared';

/** Set by Argo Rollouts on a Rollout that references a Deployment (workloadRef) for its pod template. */
export const WORKLOAD_GENERATION_ANNOTATION = 'rollout.argoproj.io/workload-generation';

/** The documented Application override: status.health as reported, Progressing until there is one. */
function applicationHealth(object: KubeObject): HealthStatus {
  const reported = object.status?.health;
  if (!isPresent(reported)) return health('Progressing');
  return luaHealth(reported.status, reported.message ?? '');
}

/**
 * Rollout/health.lua `isGenerationObserved`: false without a status; true for Rollouts before v0.10,
 * whose status.observedGeneration is a hash (not a number) or otherwise ahead of the spec.
 */
function rolloutGenerationObserved(object: KubeObject): boolean {
  if (!isPresent(object.status)) return false;
  const observed = luaToNumber(object.status.observedGeneration);
  const generation = object.metadata.generation ?? 0;
  return observed === undefined || observed > generation || observed === generation;
}

/** Rollout/health.lua `isWorkloadGenerationObserved`: the referenced workload's generation has been seen (v1.1+). */
function workloadGenerationObserved(object: KubeObject): boolean {
  const annotations = object.metadata.annotations;
  if (!isPresent(object.spec?.workloadRef) || !isPresent(annotations)) return true;
  return luaToNumber(annotations?.[WORKLOAD_GENERATION_ANNOTATION]) === luaToNumber(object.status?.workloadObservedGeneration);
}

/** Rollout/health.lua `checkPaused`: pause conditions set by the controller, or spec.paused set by a user. */
function rolloutPaused(object: KubeObject): boolean {
  const paused = object.spec?.paused;
  return arrayOf(object.status?.pauseConditions).length > 0 || (isPresent(paused) && paused !== false);
}

/** Rollout/health.lua `checkReplicasStatus`: all desired replicas updated, and all updated ones available. */
function rolloutReplicasHealth(object: KubeObject): HealthStatus | undefined {
  const desired = object.spec?.replicas ?? 1;
  const updated = object.status.updatedReplicas ?? 0;
  if (updated < desired) return health('Progressing', 'Waiting for roll out to finish: More replicas need to be updated');
  if ((object.status.availableReplicas ?? 0) < updated) {
    return health('Progressing', 'Waiting for roll out to finish: updated replicas are still becoming available');
  }
  return undefined;
}

/** Rollout/health.lua `getStableRS`: Argo Rollouts v0.8 moved status.canary.stableRS to status.stableRS. */
function stableReplicaSet(status: KubeObject['status']): unknown {
  if (isPresent(status.stableRS)) return status.stableRS;
  return isPresent(status.canary) ? status.canary.stableRS : '';
}

/**
 * Rollout/health.lua. From v1.0 Argo Rollouts records its own verdict in status.phase (Paused maps to
 * Suspended), which is surfaced as is; older controllers are judged from conditions, pauses, replica
 * counts and, per strategy, the active selector (blue-green) or stable ReplicaSet (canary).
 */
function rolloutHealth(object: KubeObject): HealthStatus {
  if (!rolloutGenerationObserved(object) || !workloadGenerationObserved(object)) {
    return health('Progressing', 'Waiting for rollout spec update to be observed');
  }
  const status = object.status;
  if (isPresent(status.phase)) return luaHealth(status.phase === 'Paused' ? 'Suspended' : status.phase, status.message);
  for (const condition of conditionsOf(status.conditions)) {
    const aborted = condition.type === 'Progressing' && (condition.reason === 'RolloutAborted' || condition.reason === 'ProgressDeadlineExceeded');
    if (condition.type === 'InvalidSpec' || aborted) return health('Degraded', condition.message ?? '');
  }
  if (rolloutPaused(object)) return health('Suspended', 'Rollout is paused');
  if (!isPresent(status.currentPodHash)) return health('Progressing', 'Waiting for rollout to finish: status has not been reconciled.');
  const replicas = rolloutReplicasHealth(object);
  if (replicas) return replicas;
  const stableRS = stableReplicaSet(status);
  const strategy = object.spec?.strategy ?? {};
  if (isPresent(strategy.blueGreen)) {
    if (status.blueGreen?.activeSelector !== status.currentPodHash) return health('Progressing', 'active service cutover pending');
    if (stableRS !== '' && stableRS !== status.currentPodHash) return health('Progressing', 'waiting for analysis to complete');
  } else if (isPresent(strategy.canary)) {
    if ((status.replicas ?? 0) > (status.updatedReplicas ?? 0)) {
      return health('Progressing', 'Waiting for roll out to finish: old replicas are pending termination');
    }
    if (stableRS === '' || stableRS !== status.currentPodHash) return health('Progressing', 'Waiting for rollout to finish steps');
  }
  return health('Healthy');
}

/**
 * A run's phase as AnalysisRun/health.lua and Experiment/health.lua map it: the status, the default message
 * and whether status.message, when set, replaces it.
 */
interface PhaseHealth {
  status: HealthStatus['status'];
  message: string;
  usesStatusMessage: boolean;
}

/**
 * The phase table of a run-like kind; a phase it does not list yields an empty verdict upstream
 * (NO_ASSESSMENT), no status at all is still waiting.
 */
function phaseHealth(phases: Readonly<Record<string, PhaseHealth>>, waiting: string): (object: KubeObject) => HealthStatus {
  const byPhase: ReadonlyMap<unknown, PhaseHealth> = new Map(Object.entries(phases));
  return (object) => {
    const status = object.status;
    if (!isPresent(status)) return health('Progressing', waiting);
    const phase = byPhase.get(status.phase);
    if (!phase) return NO_ASSESSMENT;
    return health(phase.status, phase.usesStatusMessage && isPresent(status.message) ? status.message : phase.message);
  };
}

/** AnalysisRun/health.lua: Inconclusive is Unknown; a finished run's status.message replaces the default. */
const analysisRunHealth = phaseHealth(
  {
    Pending: { status: 'Progressing', message: 'Analysis run is running', usesStatusMessage: false },
    Running: { status: 'Progressing', message: 'Analysis run is running', usesStatusMessage: false },
    Successful: { status: 'Healthy', message: 'Analysis run completed successfully', usesStatusMessage: true },
    Failed: { status: 'Degraded', message: 'Analysis run failed', usesStatusMessage: true },
    Error: { status: 'Degraded', message: 'Analysis run had an error', usesStatusMessage: true },
    Inconclusive: { status: 'Unknown', message: 'Analysis run was inconclusive', usesStatusMessage: true },
  },
  'Waiting for analysis run to finish: status has not been reconciled.',
);

/** Experiment/health.lua. */
const experimentHealth = phaseHealth(
  {
    Pending: { status: 'Progressing', message: 'Experiment is pending', usesStatusMessage: false },
    Running: { status: 'Progressing', message: 'Experiment is running', usesStatusMessage: false },
    Successful: { status: 'Healthy', message: 'Experiment is successful', usesStatusMessage: false },
    Failed: { status: 'Degraded', message: 'Experiment has failed', usesStatusMessage: false },
    Error: { status: 'Degraded', message: 'Experiment had an error', usesStatusMessage: false },
  },
  'Waiting for experiment to finish: status has not been reconciled.',
);

export const ARGOPROJ: GroupHealthChecks = {
  groups: ['argoproj.io'],
  kinds: { Application: applicationHealth, Rollout: rolloutHealth, AnalysisRun: analysisRunHealth, Experiment: experimentHealth },
};
