/**
 * Health assessment with Argo CD's vocabulary and rules, so that `verify` and Argo CD agree on the same
 * object. Built-in kinds follow gitops-engine's `pkg/health` checks; custom resources follow the Lua
 * health checks Argo CD ships in `resource_customizations/`. Pure: no I/O, no clock.
 *
 * One deliberate extension: an Argo CD Application whose own health is Healthy but whose sync status
 * is not `Synced` is reported Progressing (Argo CD's stock check looks at health only), because the
 * verifier's question is "is what we meant to deploy what runs".
 */
import { parseApiVersion } from '../core/kinds';
import type { KubeObject } from '../core/object';
import { HealthStatus, HealthStatusCode } from './types';

type HealthCheck = (object: KubeObject) => HealthStatus;

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  observedGeneration?: number;
}

const health = (status: HealthStatusCode, message = ''): HealthStatus => ({ status, message });
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);
const conditionsOf = (value: unknown): Condition[] => (Array.isArray(value) ? (value as Condition[]) : []);

function deploymentHealth(object: KubeObject): HealthStatus {
  const spec = object.spec ?? {};
  const status = object.status ?? {};
  if (spec.paused === true) return health('Suspended', 'Deployment is paused');
  if (num(object.metadata.generation) > num(status.observedGeneration)) {
    return health('Progressing', 'Waiting for rollout to finish: observed deployment generation less than desired generation');
  }
  const progressing = conditionsOf(status.conditions).find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return health('Degraded', `Deployment "${object.metadata.name}" exceeded its progress deadline`);
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

function statefulSetHealth(object: KubeObject): HealthStatus {
  const spec = object.spec ?? {};
  const status = object.status ?? {};
  if (num(status.observedGeneration) === 0 || num(object.metadata.generation) > num(status.observedGeneration)) {
    return health('Progressing', 'Waiting for statefulset spec update to be observed...');
  }
  if (typeof spec.replicas === 'number' && num(status.readyReplicas) < spec.replicas) {
    return health('Progressing', `Waiting for ${spec.replicas - num(status.readyReplicas)} pods to be ready...`);
  }
  const strategy = spec.updateStrategy ?? {};
  const partition = strategy.rollingUpdate?.partition;
  if (strategy.type === 'RollingUpdate' && typeof spec.replicas === 'number' && typeof partition === 'number') {
    const expected = spec.replicas - partition;
    if (num(status.updatedReplicas) < expected) {
      return health('Progressing', `Waiting for partitioned roll out to finish: ${num(status.updatedReplicas)} out of ${expected} new pods have been updated...`);
    }
    return health('Healthy', `partitioned roll out complete: ${num(status.updatedReplicas)} new pods have been updated...`);
  }
  if (strategy.type === 'OnDelete') return health('Healthy', `statefulset has ${num(status.readyReplicas)} ready pods`);
  if (status.updateRevision !== status.currentRevision) {
    return health('Progressing', `waiting for statefulset rolling update to complete ${num(status.updatedReplicas)} pods at revision ${status.updateRevision}...`);
  }
  return health('Healthy', `statefulset rolling update complete ${num(status.currentReplicas)} pods at revision ${status.currentRevision}...`);
}

function daemonSetHealth(object: KubeObject): HealthStatus {
  const status = object.status ?? {};
  const name = object.metadata.name;
  if (num(object.metadata.generation) > num(status.observedGeneration)) {
    return health('Progressing', 'Waiting for rollout to finish: observed daemon set generation less than desired generation');
  }
  if (object.spec?.updateStrategy?.type === 'OnDelete') {
    return health('Healthy', `daemon set ${num(status.updatedNumberScheduled)} out of ${num(status.desiredNumberScheduled)} new pods have been updated`);
  }
  if (num(status.updatedNumberScheduled) < num(status.desiredNumberScheduled)) {
    return health('Progressing', `Waiting for daemon set "${name}" rollout to finish: ${num(status.updatedNumberScheduled)} out of ${num(status.desiredNumberScheduled)} new pods have been updated...`);
  }
  if (num(status.numberAvailable) < num(status.desiredNumberScheduled)) {
    return health('Progressing', `Waiting for daemon set "${name}" rollout to finish: ${num(status.numberAvailable)} of ${num(status.desiredNumberScheduled)} updated pods are available...`);
  }
  return health('Healthy');
}

function jobHealth(object: KubeObject): HealthStatus {
  let complete = false;
  let failed = false;
  let suspended = false;
  let message = '';
  let failMessage = '';
  for (const condition of conditionsOf(object.status?.conditions)) {
    if (condition.type === 'Failed') {
      failed = true;
      complete = true;
      failMessage = condition.message ?? '';
    } else if (condition.type === 'Complete') {
      complete = true;
      message = condition.message ?? '';
    } else if (condition.type === 'Suspended') {
      complete = true;
      message = condition.message ?? '';
      suspended = condition.status === 'True';
    }
  }
  if (!complete) return health('Progressing', message);
  if (failed) return health('Degraded', failMessage);
  if (suspended) return health('Suspended', failMessage);
  return health('Healthy', message);
}

function cronJobHealth(object: KubeObject): HealthStatus {
  if (object.spec?.suspend === true) return health('Suspended', 'CronJob is Suspended');
  const status = object.status;
  if (!status) return health('Progressing', 'Waiting for CronJob');
  if (!status.lastScheduleTime) return health('Healthy', 'CronJob has not been scheduled yet');
  if (!status.lastSuccessfulTime) return health('Healthy', 'The Cronjob never completed succesfully. It may not be healthy');
  if (Array.isArray(status.active) && status.active.length > 0) {
    return health('Healthy', 'The job is running. Its last execution may not have been successful');
  }
  if (Date.parse(status.lastSuccessfulTime) < Date.parse(status.lastScheduleTime)) {
    return health('Degraded', 'CronJob has not completed its last execution successfully');
  }
  return health('Healthy', 'CronJob has completed its last execution successfully');
}

const HPA_DEGRADED = new Set(['AbleToScale/FailedGetScale', 'AbleToScale/FailedUpdateScale', 'ScalingActive/FailedGetResourceMetric', 'ScalingActive/InvalidSelector']);
const HPA_HEALTHY = new Set(['AbleToScale/SucceededRescale', 'ScalingLimited/DesiredWithinRange', 'ScalingLimited/TooFewReplicas', 'ScalingLimited/TooManyReplicas']);

/** First matching condition wins, in the order the HPA controller writes them. */
function hpaHealth(object: KubeObject): HealthStatus {
  let conditions = conditionsOf(object.status?.conditions);
  const legacy = object.metadata.annotations?.['autoscaling.alpha.kubernetes.io/conditions'];
  if (conditions.length === 0 && legacy) {
    try {
      conditions = conditionsOf(JSON.parse(legacy));
    } catch {
      return health('Unknown', 'failed to parse the autoscaling.alpha.kubernetes.io/conditions annotation');
    }
  }
  for (const condition of conditions) {
    const key = `${condition.type}/${condition.reason}`;
    if (HPA_DEGRADED.has(key)) return health('Degraded', condition.message ?? '');
    if (HPA_HEALTHY.has(key)) return health('Healthy', condition.message ?? '');
  }
  return health('Progressing', 'Waiting to Autoscale');
}

function pdbHealth(object: KubeObject): HealthStatus {
  let result = health('Progressing', 'Waiting for status');
  for (const condition of conditionsOf(object.status?.conditions)) {
    // InsufficientPods is legitimate (e.g. a budget on a scaled-to-zero workload), as in Argo CD.
    if (condition.status === 'False' && condition.reason !== 'InsufficientPods') {
      return health('Degraded', `PodDisruptionBudget has ${condition.reason}`);
    }
    result = health('Healthy', `PodDisruptionBudget has ${condition.reason}`);
  }
  return result;
}

function serviceHealth(object: KubeObject): HealthStatus {
  if (object.spec?.type !== 'LoadBalancer') return health('Healthy');
  const ingress = object.status?.loadBalancer?.ingress;
  if (Array.isArray(ingress) && ingress.length > 0) return health('Healthy');
  return health('Progressing', 'Waiting for the load balancer to be assigned an address');
}

function pvcHealth(object: KubeObject): HealthStatus {
  switch (object.status?.phase) {
    case 'Lost':
      return health('Degraded');
    case 'Pending':
      return health('Progressing');
    case 'Bound':
      return health('Healthy');
    default:
      return health('Unknown');
  }
}

/** The common "Ready condition" check of cert-manager issuers and external-secrets stores. */
function readyCondition(progressingMessage: string): HealthCheck {
  return (object) => {
    for (const condition of conditionsOf(object.status?.conditions)) {
      if (condition.type === 'Ready' && condition.status === 'False') return health('Degraded', condition.message ?? '');
      if (condition.type === 'Ready' && condition.status === 'True') return health('Healthy', condition.message ?? '');
    }
    return health('Progressing', progressingMessage);
  };
}

function certificateHealth(object: KubeObject): HealthStatus {
  const conditions = conditionsOf(object.status?.conditions);
  // Issuing first: a certificate being (re)issued is Progressing even while Ready is False.
  const issuing = conditions.find((c) => c.type === 'Issuing' && c.status === 'True');
  if (issuing) return health('Progressing', issuing.message ?? '');
  return readyCondition('Waiting for certificate')(object);
}

function externalSecretHealth(object: KubeObject): HealthStatus {
  const refreshTime = object.status?.refreshTime;
  for (const condition of conditionsOf(object.status?.conditions)) {
    if (condition.type !== 'Ready') continue;
    // With refreshPolicy OnChange, a Ready condition older than the last refresh is stale.
    const current = object.spec?.refreshPolicy !== 'OnChange' || !refreshTime || String((condition as any).lastTransitionTime ?? '') >= String(refreshTime);
    if (!current) continue;
    if (condition.status === 'False') return health('Degraded', condition.message ?? '');
    if (condition.status === 'True') return health('Healthy', condition.message ?? '');
  }
  return health('Progressing', 'Waiting for ExternalSecret');
}

function scaledObjectHealth(object: KubeObject): HealthStatus {
  let healthy = false;
  let degraded = false;
  let suspended = false;
  let message = '';
  for (const condition of conditionsOf(object.status?.conditions)) {
    if (condition.type === 'Ready' && condition.status === 'False') {
      degraded = true;
      message = condition.message ?? '';
    } else if (condition.type === 'Ready' && condition.status === 'True') {
      healthy = true;
      message = condition.message ?? '';
    } else if (condition.type === 'Paused' && condition.status === 'True') {
      suspended = true;
      message = condition.message ?? '';
    } else if (condition.type === 'Fallback' && condition.status === 'True') {
      degraded = true;
      message = condition.message ?? '';
    }
  }
  if (degraded) return health('Degraded', message);
  if (healthy) return health(suspended ? 'Suspended' : 'Healthy', message);
  return health('Progressing', 'Creating HorizontalPodAutoscaler Object');
}

/** The first condition of `type` whose status is False, if any. */
const falseCondition = (conditions: Condition[], type: string): Condition | undefined =>
  conditions.find((c) => c.type === type && c.status === 'False');

/** ResolvedRefs False, then Accepted False → Degraded; Programmed not True → Progressing. */
function gatewayConditionsHealth(conditions: Condition[], prefix: string, programmingMessage: string): HealthStatus | undefined {
  for (const type of ['ResolvedRefs', 'Accepted']) {
    const failed = falseCondition(conditions, type);
    if (failed) return health('Degraded', prefix + (failed.message ?? `Failed condition: ${type}`));
  }
  const programmed = conditions.find((c) => c.type === 'Programmed' && c.status !== 'True');
  if (programmed) return health('Progressing', prefix + (programmed.message ?? programmingMessage));
  return undefined;
}

function gatewayHealth(object: KubeObject): HealthStatus {
  const status = object.status;
  if (!status) return health('Progressing', 'Waiting for Gateway status');
  const conditions = conditionsOf(status.conditions);
  const own = gatewayConditionsHealth(conditions, '', 'Gateway is still being programmed');
  if (own) return own;
  const listeners: { conditions?: Condition[] }[] = Array.isArray(status.listeners) ? status.listeners : [];
  for (const listener of listeners) {
    const result = gatewayConditionsHealth(conditionsOf(listener.conditions), 'Listener: ', 'Listener is still being programmed');
    if (result) return result;
  }
  if (status.conditions !== undefined || listeners.length > 0) return health('Healthy', 'Gateway is healthy');
  return health('Progressing', 'Waiting for Gateway status');
}

/** HTTPRoute/GRPCRoute: per parent, only conditions observed at the route's current generation count. */
function routeHealth(object: KubeObject): HealthStatus {
  const generation = object.metadata.generation;
  const parents: { parentRef?: { name?: string }; conditions?: Condition[] }[] = Array.isArray(object.status?.parents) ? object.status.parents : [];
  const current = (parent: { conditions?: Condition[] }): boolean =>
    generation === undefined || conditionsOf(parent.conditions).some((c) => c.observedGeneration === generation);
  for (const parent of parents) {
    if (!parent.conditions || !current(parent)) continue;
    const result = gatewayConditionsHealth(parent.conditions, `Parent ${parent.parentRef?.name ?? ''}: `, 'Route is still being programmed');
    if (result) return result;
  }
  if (parents.some((p) => conditionsOf(p.conditions).length > 0 && current(p))) return health('Healthy', `${object.kind} is healthy`);
  return health('Progressing', `Waiting for ${object.kind} status`);
}

const HEALTH_CODES = new Set<HealthStatusCode>(['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown']);

function applicationHealth(object: KubeObject): HealthStatus {
  const reported = object.status?.health?.status;
  if (!reported) return health('Progressing', 'Waiting for application to be reconciled');
  const message = object.status?.health?.message ?? '';
  if (!HEALTH_CODES.has(reported)) return health('Unknown', `unrecognised health status "${reported}"`);
  const sync = object.status?.sync?.status;
  if (reported === 'Healthy' && sync && sync !== 'Synced') {
    return health('Progressing', `Application is Healthy but ${sync}${object.status?.sync?.revision ? ` (revision ${object.status.sync.revision})` : ''}`);
  }
  return health(reported, message);
}

/** Health checks by `<group>/<Kind>`, any version. */
const CHECKS: Record<string, HealthCheck> = {
  'apps/Deployment': deploymentHealth,
  'apps/StatefulSet': statefulSetHealth,
  'apps/DaemonSet': daemonSetHealth,
  'batch/Job': jobHealth,
  'batch/CronJob': cronJobHealth,
  'autoscaling/HorizontalPodAutoscaler': hpaHealth,
  'policy/PodDisruptionBudget': pdbHealth,
  '/Service': serviceHealth,
  '/PersistentVolumeClaim': pvcHealth,
  'cert-manager.io/Certificate': certificateHealth,
  'cert-manager.io/ClusterIssuer': readyCondition('Initializing ClusterIssuer'),
  'cert-manager.io/Issuer': readyCondition('Initializing issuer'),
  'external-secrets.io/ExternalSecret': externalSecretHealth,
  'external-secrets.io/SecretStore': readyCondition('Waiting for SecretStore'),
  'external-secrets.io/ClusterSecretStore': readyCondition('Waiting for ClusterSecretStore'),
  'keda.sh/ScaledObject': scaledObjectHealth,
  'gateway.networking.k8s.io/Gateway': gatewayHealth,
  'gateway.networking.k8s.io/HTTPRoute': routeHealth,
  'gateway.networking.k8s.io/GRPCRoute': routeHealth,
  'argoproj.io/Application': applicationHealth,
};

/** True when `assessHealth` has a specific rule for this kind (others are Healthy when present). */
export function hasHealthCheck(apiVersion: string, kind: string): boolean {
  return `${parseApiVersion(apiVersion).group}/${kind}` in CHECKS;
}

/**
 * The health of a live object, as Argo CD would assess it. An object being deleted is Progressing
 * ("Pending deletion"); kinds without a rule are Healthy. Never throws: a malformed status is Unknown.
 */
export function assessHealth(object: KubeObject): HealthStatus {
  if (object.metadata?.deletionTimestamp) return health('Progressing', 'Pending deletion');
  const check = CHECKS[`${parseApiVersion(object.apiVersion).group}/${object.kind}`];
  if (!check) return health('Healthy');
  try {
    return check(object);
  } catch (error) {
    return health('Unknown', `cannot assess health: ${(error as Error).message}`);
  }
}
