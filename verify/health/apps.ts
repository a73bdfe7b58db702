/**
 * The `apps` group: gitops-engine's built-in checks, themselves borrowed from `kubectl rollout status`.
 * Each checks the controller has observed the latest spec (status.observedGeneration against
 * metadata.generation) at the point kubectl does, so that check lives in the rule, not before it.
 */
import type { KubeObject } from '../../core/object';
import type { HealthStatus } from '../types';
import { type GroupHealthChecks, TRUE, conditionsOf, findCondition, health, num, requireVersion, str } from './shared';

/** gitops-engine health_deployment.go: paused, then generation, progress deadline, and replica counts. */
function deploymentHealth(object: KubeObject): HealthStatus {
  requireVersion(object, 'Deployment', ['v1']);
  const spec = object.spec ?? {};
  const status = object.status ?? {};
  if (spec.paused === true) return health('Suspended', 'Deployment is paused');
  if (num(object.metadata.generation) > num(status.observedGeneration)) {
    return health('Progressing', 'Waiting for rollout to finish: observed deployment generation less than desired generation');
  }
  if (findCondition(conditionsOf(status.conditions), 'Progressing')?.reason === 'ProgressDeadlineExceeded') {
    return health('Degraded', `Deployment ${JSON.stringify(str(object.metadata.name))} exceeded its progress deadline`);
  }
  const updated = num(status.updatedReplicas);
  if (typeof spec.replicas === 'number' && updated < spec.replicas) {
    return health('Progressing', `Waiting for rollout to finish: ${updated} out of ${spec.replicas} new replicas have been updated...`);
  }
  if (num(status.replicas) > updated) {
    return health('Progressing', `Waiting for rollout to finish: ${num(status.replicas) - updated} old replicas are pending termination...`);
  }
  if (num(status.availableReplicas) < updated) {
    return health('Progressing', `Waiting for rollout to finish: ${num(status.availableReplicas)} of ${updated} updated replicas are available...`);
  }
  return health('Healthy');
}

/** gitops-engine health_statefulset.go: generation, ready pods, then by update strategy. */
function statefulSetHealth(object: KubeObject): HealthStatus {
  requireVersion(object, 'StatefulSet', ['v1']);
  const spec = object.spec ?? {};
  const status = object.status ?? {};
  const observed = num(status.observedGeneration);
  if (observed === 0 || num(object.metadata.generation) > observed) {
    return health('Progressing', 'Waiting for statefulset spec update to be observed...');
  }
  const replicas: number | undefined = typeof spec.replicas === 'number' ? spec.replicas : undefined;
  const ready = num(status.readyReplicas);
  if (replicas !== undefined && ready < replicas) return health('Progressing', `Waiting for ${replicas - ready} pods to be ready...`);
  const strategy = spec.updateStrategy ?? {};
  const updated = num(status.updatedReplicas);
  if (strategy.type === 'RollingUpdate' && strategy.rollingUpdate) {
    const partition = strategy.rollingUpdate.partition;
    if (replicas !== undefined && typeof partition === 'number' && updated < replicas - partition) {
      return health('Progressing', `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - partition} new pods have been updated...`);
    }
    return health('Healthy', `partitioned roll out complete: ${updated} new pods have been updated...`);
  }
  if (strategy.type === 'OnDelete') return health('Healthy', `statefulset has ${ready} ready pods`);
  if (status.updateRevision !== status.currentRevision) {
    return health('Progressing', `waiting for statefulset rolling update to complete ${updated} pods at revision ${status.updateRevision ?? ''}...`);
  }
  return health('Healthy', `statefulset rolling update complete ${num(status.currentReplicas)} pods at revision ${status.currentRevision ?? ''}...`);
}

/** gitops-engine health_daemonset.go: generation, then (unless OnDelete) updated and available pods. */
function daemonSetHealth(object: KubeObject): HealthStatus {
  requireVersion(object, 'DaemonSet', ['v1']);
  const status = object.status ?? {};
  const name = JSON.stringify(str(object.metadata.name));
  const desired = num(status.desiredNumberScheduled);
  const updated = num(status.updatedNumberScheduled);
  if (num(object.metadata.generation) > num(status.observedGeneration)) {
    return health('Progressing', 'Waiting for rollout to finish: observed daemon set generation less than desired generation');
  }
  if (object.spec?.updateStrategy?.type === 'OnDelete') {
    return health('Healthy', `daemon set ${updated} out of ${desired} new pods have been updated`);
  }
  if (updated < desired) {
    return health('Progressing', `Waiting for daemon set ${name} rollout to finish: ${updated} out of ${desired} new pods have been updated...`);
  }
  if (num(status.numberAvailable) < desired) {
    return health('Progressing', `Waiting for daemon set ${name} rollout to finish: ${num(status.numberAvailable)} of ${desired} updated pods are available...`);
  }
  return health('Healthy');
}

/** gitops-engine health_replicaset.go: generation, a ReplicaFailure condition, then available replicas. */
function replicaSetHealth(object: KubeObject): HealthStatus {
  requireVersion(object, 'ReplicaSet', ['v1']);
  const spec = object.spec ?? {};
  const status = object.status ?? {};
  if (num(object.metadata.generation) > num(status.observedGeneration)) {
    return health('Progressing', 'Waiting for rollout to finish: observed replica set generation less than desired generation');
  }
  const failure = findCondition(conditionsOf(status.conditions), 'ReplicaFailure');
  if (failure?.status === TRUE) return health('Degraded', failure.message ?? '');
  const available = num(status.availableReplicas);
  if (typeof spec.replicas === 'number' && available < spec.replicas) {
    return health('Progressing', `Waiting for rollout to finish: ${available} out of ${spec.replicas} new replicas are available...`);
  }
  return health('Healthy');
}

export const APPS: GroupHealthChecks = {
  groups: ['apps'],
  kinds: { Deployment: deploymentHealth, StatefulSet: statefulSetHealth, DaemonSet: daemonSetHealth, ReplicaSet: replicaSetHealth },
};
