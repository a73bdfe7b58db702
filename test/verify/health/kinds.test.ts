/**
 * assessHealth per kind, with status blocks in the format each controller writes: the layers around the
 * rules (deletion, unsupported versions, the fallback for kinds without a rule) and cases Argo CD's own
 * fixtures (fixtures.test.ts) do not cover. Expected statuses and messages follow Argo CD v3.5.1
 * (gitops-engine pkg/health and resource_customizations/*.lua) unless a test says otherwise.
 */
import { assessHealth, hasHealthCheck } from '../../../verify/health';
import type { KubeObject } from '../../../core/object';

const T = '2026-11-25T10:00:00Z';
const c = (type: string, status: string, reason: string, message = '', extra: object = {}) => ({ type, status, reason, message, lastTransitionTime: T, ...extra });
const obj = (apiVersion: string, kind: string, rest: Partial<KubeObject> = {}, metadata: object = {}): KubeObject =>
  ({ apiVersion, kind, metadata: { name: 'x', namespace: 'moderation', generation: 1, ...metadata }, ...rest }) as KubeObject;

describe('Deployment', () => {
  const deploy = (status: object, spec: object = {}, generation = 1) =>
    obj('apps/v1', 'Deployment', { spec: { replicas: 3, ...spec }, status: { observedGeneration: 1, ...status } }, { name: 'api', generation });
  const done = { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, conditions: [c('Available', 'True', 'MinimumReplicasAvailable'), c('Progressing', 'True', 'NewReplicaSetAvailable')] };

  test.each([
    ['rollout complete', deploy(done), 'Healthy', ''],
    ['paused', deploy(done, { paused: true }), 'Suspended', 'Deployment is paused'],
    ['spec change not yet observed', deploy(done, {}, 2), 'Progressing', 'Waiting for rollout to finish: observed deployment generation less than desired generation'],
    ['new replicas being created', deploy({ ...done, updatedReplicas: 1, replicas: 4 }), 'Progressing', 'Waiting for rollout to finish: 1 out of 3 new replicas have been updated...'],
    ['old replicas terminating', deploy({ ...done, replicas: 4 }), 'Progressing', 'Waiting for rollout to finish: 1 old replicas are pending termination...'],
    ['updated replicas not yet available', deploy({ ...done, availableReplicas: 2 }), 'Progressing', 'Waiting for rollout to finish: 2 of 3 updated replicas are available...'],
    ['progress deadline exceeded', deploy({ ...done, updatedReplicas: 1, conditions: [c('Available', 'False', 'MinimumReplicasUnavailable'), c('Progressing', 'False', 'ProgressDeadlineExceeded', 'ReplicaSet "api-6b7c" has timed out progressing.')] }), 'Degraded', 'Deployment "api" exceeded its progress deadline'],
  ])('%s', (_name, object, status, message) => {
    expect(assessHealth(object)).toEqual({ status, message });
  });
});

test('StatefulSet: ready pods, then rolling update revisions', () => {
  const sts = (status: object) => obj('apps/v1', 'StatefulSet', { spec: { replicas: 2, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } } }, status: { observedGeneration: 1, ...status } });
  expect(assessHealth(sts({ readyReplicas: 1 })).status).toBe('Progressing');
  expect(assessHealth(sts({ readyReplicas: 2, updatedReplicas: 1 }))).toEqual({ status: 'Progressing', message: 'Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...' });
  expect(assessHealth(sts({ readyReplicas: 2, updatedReplicas: 2 })).status).toBe('Healthy');
  const noPartition = obj('apps/v1', 'StatefulSet', { spec: { replicas: 2, updateStrategy: { type: 'RollingUpdate' } }, status: { observedGeneration: 1, readyReplicas: 2, currentReplicas: 2, currentRevision: 'db-7f9', updateRevision: 'db-8a1' } });
  expect(assessHealth(noPartition).status).toBe('Progressing');
  noPartition.status.updateRevision = 'db-7f9';
  expect(assessHealth(noPartition)).toEqual({ status: 'Healthy', message: 'statefulset rolling update complete 2 pods at revision db-7f9...' });
});

test('DaemonSet: updated, then available pods', () => {
  const ds = (status: object) => obj('apps/v1', 'DaemonSet', { spec: { updateStrategy: { type: 'RollingUpdate' } }, status: { observedGeneration: 1, desiredNumberScheduled: 3, ...status } }, { name: 'node-agent' });
  expect(assessHealth(ds({ updatedNumberScheduled: 2, numberAvailable: 3 }))).toEqual({ status: 'Progressing', message: 'Waiting for daemon set "node-agent" rollout to finish: 2 out of 3 new pods have been updated...' });
  expect(assessHealth(ds({ updatedNumberScheduled: 3, numberAvailable: 2 })).status).toBe('Progressing');
  expect(assessHealth(ds({ updatedNumberScheduled: 3, numberAvailable: 3 })).status).toBe('Healthy');
});

test('Job and CronJob', () => {
  const job = (conditions: object[]) => obj('batch/v1', 'Job', { status: { conditions } });
  expect(assessHealth(job([])).status).toBe('Progressing');
  expect(assessHealth(job([c('Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods')]))).toEqual({ status: 'Healthy', message: 'Reached expected number of succeeded pods' });
  expect(assessHealth(job([c('FailureTarget', 'True', 'BackoffLimitExceeded'), c('Failed', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit')]))).toEqual({ status: 'Degraded', message: 'Job has reached the specified backoff limit' });
  expect(assessHealth(job([c('Suspended', 'True', 'JobSuspended', 'Job suspended')])).status).toBe('Suspended');
  const cron = (spec: object, status?: object) => obj('batch/v1', 'CronJob', { spec, status });
  // Argo CD reports a suspended CronJob Healthy, not Suspended (argo-cd#24428).
  expect(assessHealth(cron({ suspend: true }, {}))).toEqual({ status: 'Healthy', message: 'CronJob is Suspended' });
  expect(assessHealth(cron({}, { lastScheduleTime: '2026-11-25T10:00:00Z', lastSuccessfulTime: '2026-11-25T09:00:10Z' })).status).toBe('Degraded');
  expect(assessHealth(cron({}, { lastScheduleTime: '2026-11-25T10:00:00Z', lastSuccessfulTime: '2026-11-25T10:00:12Z' })).status).toBe('Healthy');
  expect(assessHealth(cron({}, {})).message).toBe('CronJob has not been scheduled yet');
  expect(assessHealth(cron({}))).toEqual({ status: 'Progressing', message: 'Waiting for CronJob' });
  expect(assessHealth(cron({}, { lastScheduleTime: T, lastSuccessfulTime: '2026-11-25T09:00:10Z', active: [{ name: 'x-29001' }] })).status).toBe('Healthy');
});

describe('HorizontalPodAutoscaler', () => {
  const hpa = (conditions: object[]) => obj('autoscaling/v2', 'HorizontalPodAutoscaler', { status: { currentReplicas: 2, desiredReplicas: 2, conditions } });
  test('scaling within range is Healthy, with the first True AbleToScale or ScalingLimited message', () => {
    expect(assessHealth(hpa([
      c('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size'),
      c('ScalingActive', 'True', 'ValidMetricFound', 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)'),
      c('ScalingLimited', 'False', 'DesiredWithinRange', 'the desired count is within the acceptable range'),
    ]))).toEqual({ status: 'Healthy', message: 'recommended size matches current size' });
  });
  test('a degraded reason wins wherever it is; Healthy needs a True AbleToScale or ScalingLimited', () => {
    const failing = c('ScalingActive', 'False', 'FailedGetExternalMetric', 'unable to get external metric');
    expect(assessHealth(hpa([c('AbleToScale', 'True', 'ReadyForNewScale', 'ready'), failing]))).toEqual({ status: 'Degraded', message: 'unable to get external metric' });
    expect(assessHealth(hpa([c('AbleToScale', 'False', 'BackoffBoth', 'the time since the previous scale is still within the stabilization window'), c('ScalingLimited', 'False', 'DesiredWithinRange', 'within range')]))).toEqual({ status: 'Progressing', message: 'Waiting to Autoscale' });
    expect(assessHealth(hpa([c('ScalingLimited', 'True', 'TooFewReplicas', 'the desired replica count is less than the minimum replica count')])).status).toBe('Healthy');
  });
  test('autoscaling/v1 reads the conditions annotation only; other versions are Unknown', () => {
    const conditions = [{ type: 'AbleToScale', status: 'True', reason: 'SucceededRescale', message: 'the HPA controller was able to update the target scale to 3' }];
    const v1 = (annotations?: Record<string, string>, status: object = {}) => obj('autoscaling/v1', 'HorizontalPodAutoscaler', { status }, { annotations });
    expect(assessHealth(v1({ 'autoscaling.alpha.kubernetes.io/conditions': JSON.stringify(conditions) }))).toEqual({ status: 'Healthy', message: 'the HPA controller was able to update the target scale to 3' });
    expect(assessHealth(v1(undefined, { conditions })).status).toBe('Progressing');
    expect(assessHealth(obj('autoscaling/v2beta2', 'HorizontalPodAutoscaler', { status: { conditions } }))).toEqual({ status: 'Unknown', message: 'unsupported HPA GVK: autoscaling/v2beta2, Kind=HorizontalPodAutoscaler' });
  });
  test('metrics that cannot be read are Degraded', () => {
    expect(assessHealth(hpa([
      c('AbleToScale', 'True', 'SucceededGetScale', 'the HPA controller was able to get the target\'s current scale'),
      c('ScalingActive', 'False', 'FailedGetResourceMetric', 'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API'),
    ])).status).toBe('Degraded');
    expect(assessHealth(hpa([c('AbleToScale', 'False', 'FailedGetScale', 'deployments/scale.apps "api" not found')])).status).toBe('Degraded');
  });
  test('no conditions yet is Progressing', () => {
    expect(assessHealth(hpa([]))).toEqual({ status: 'Progressing', message: 'Waiting to Autoscale' });
  });
});

test('PodDisruptionBudget: DisruptionAllowed; InsufficientPods is tolerated as in Argo CD', () => {
  const pdb = (conditions?: object[]) => obj('policy/v1', 'PodDisruptionBudget', { status: conditions ? { conditions, currentHealthy: 1, desiredHealthy: 1 } : undefined });
  expect(assessHealth(pdb([c('DisruptionAllowed', 'True', 'SufficientPods')]))).toEqual({ status: 'Healthy', message: 'PodDisruptionBudget has SufficientPods' });
  expect(assessHealth(pdb([c('DisruptionAllowed', 'False', 'InsufficientPods')])).status).toBe('Healthy');
  expect(assessHealth(pdb([c('DisruptionAllowed', 'False', 'SyncFailed', 'found no controllers for pod "api-x"')])).status).toBe('Degraded');
  expect(assessHealth(pdb()).status).toBe('Progressing');
  // The script concatenates the reason: a condition without one makes it fail, which Argo CD reports Unknown.
  expect(assessHealth(pdb([{ type: 'DisruptionAllowed', status: 'True' }])).status).toBe('Unknown');
});

test('Service: only LoadBalancer waits for an address', () => {
  expect(assessHealth(obj('v1', 'Service', { spec: { type: 'ClusterIP' }, status: { loadBalancer: {} } })).status).toBe('Healthy');
  expect(assessHealth(obj('v1', 'Service', { spec: { type: 'LoadBalancer' }, status: { loadBalancer: {} } })).status).toBe('Progressing');
  expect(assessHealth(obj('v1', 'Service', { spec: { type: 'LoadBalancer' }, status: { loadBalancer: { ingress: [{ hostname: 'a1b2.elb.eu-west-1.amazonaws.com' }] } } })).status).toBe('Healthy');
});

describe('cert-manager', () => {
  const cert = (conditions: object[]) => obj('cert-manager.io/v1', 'Certificate', { status: { conditions } });
  test('Certificate: Issuing wins over Ready=False', () => {
    expect(assessHealth(cert([c('Ready', 'False', 'DoesNotExist', 'Issuing certificate as Secret does not exist'), c('Issuing', 'True', 'DoesNotExist', 'Issuing certificate as Secret does not exist')]))).toEqual({ status: 'Progressing', message: 'Issuing certificate as Secret does not exist' });
    expect(assessHealth(cert([c('Ready', 'False', 'Failed', 'The certificate request has failed to complete and will be retried: ACME order failed')])).status).toBe('Degraded');
    expect(assessHealth(cert([c('Ready', 'True', 'Ready', 'Certificate is up to date and has not expired')])).status).toBe('Healthy');
    expect(assessHealth(cert([]))).toEqual({ status: 'Progressing', message: 'Waiting for certificate' });
  });
  test('ClusterIssuer: Ready', () => {
    const issuer = (conditions?: object[]) => obj('cert-manager.io/v1', 'ClusterIssuer', { status: conditions && { conditions } });
    expect(assessHealth(issuer([c('Ready', 'True', 'ACMEAccountRegistered', 'The ACME account was registered with the ACME server')])).status).toBe('Healthy');
    expect(assessHealth(issuer([c('Ready', 'False', 'ErrRegisterACMEAccount', 'Failed to register ACME account: 400 urn:ietf:params:acme:error:invalidContact')])).status).toBe('Degraded');
    expect(assessHealth(issuer())).toEqual({ status: 'Progressing', message: 'Initializing ClusterIssuer' });
  });
});

describe('external-secrets', () => {
  test('ExternalSecret: the first Ready condition', () => {
    const es = (conditions: object[], spec: object = {}, refreshTime = T) => obj('external-secrets.io/v1', 'ExternalSecret', { spec, status: { conditions, refreshTime } });
    expect(assessHealth(es([c('Ready', 'False', 'SecretSyncedError', 'could not get secret data from provider')]))).toEqual({ status: 'Degraded', message: 'could not get secret data from provider' });
    expect(assessHealth(es([c('Ready', 'True', 'SecretSynced', 'secret synced')])).status).toBe('Healthy');
    expect(assessHealth(es([])).status).toBe('Progressing');
    // Argo CD's script looks at neither refreshPolicy nor refreshTime: a Ready condition older than the last refresh still counts.
    expect(assessHealth(es([c('Ready', 'True', 'SecretSynced', 'secret synced')], { refreshPolicy: 'OnChange' }, '2026-11-25T11:00:00Z')).status).toBe('Healthy');
  });
  test('SecretStore and ClusterSecretStore: Ready', () => {
    expect(assessHealth(obj('external-secrets.io/v1', 'ClusterSecretStore', { status: { conditions: [c('Ready', 'False', 'InvalidProviderConfig', 'unable to validate store')] } })).status).toBe('Degraded');
    expect(assessHealth(obj('external-secrets.io/v1', 'SecretStore', { status: { conditions: [c('Ready', 'True', 'Valid', 'store validated')] } })).status).toBe('Healthy');
  });
});

test('KEDA ScaledObject: Ready, Paused, Fallback', () => {
  const so = (conditions: object[]) => obj('keda.sh/v1alpha1', 'ScaledObject', { status: { conditions } });
  const ready = c('Ready', 'True', 'ScaledObjectReady', 'ScaledObject is defined correctly and is ready for scaling');
  expect(assessHealth(so([ready, c('Active', 'False', 'ScalerNotActive', 'Scaling is not performed because triggers are not active'), c('Fallback', 'False', 'NoFallbackFound', '')])).status).toBe('Healthy');
  expect(assessHealth(so([ready, c('Paused', 'True', 'ScaledObjectPaused', 'ScaledObject is paused')])).status).toBe('Suspended');
  expect(assessHealth(so([ready, c('Fallback', 'True', 'FallbackExists', 'At least one trigger is falling back on this scaled object')])).status).toBe('Degraded');
  expect(assessHealth(so([c('Ready', 'False', 'ScaledObjectCheckFailed', 'ScaledObject doesn\'t have correct scaleTargetRef specification')])).status).toBe('Degraded');
  expect(assessHealth(so([])).status).toBe('Progressing');
});

describe('Gateway API', () => {
  test('Gateway: ResolvedRefs/Accepted False → Degraded, Programmed not True → Progressing, listeners too', () => {
    const gw = (status?: object) => obj('gateway.networking.k8s.io/v1', 'Gateway', { status });
    const good = [c('Accepted', 'True', 'Accepted'), c('Programmed', 'True', 'Programmed')];
    expect(assessHealth(gw({ conditions: good, listeners: [{ name: 'https', conditions: [c('Programmed', 'True', 'Programmed'), c('ResolvedRefs', 'True', 'ResolvedRefs')] }] }))).toEqual({ status: 'Healthy', message: 'Gateway is healthy' });
    expect(assessHealth(gw({ conditions: [c('Accepted', 'True', 'Accepted'), c('Programmed', 'False', 'AddressNotAssigned', 'No addresses have been assigned to the Gateway')] }))).toEqual({ status: 'Progressing', message: 'No addresses have been assigned to the Gateway' });
    expect(assessHealth(gw({ conditions: [c('Accepted', 'False', 'InvalidParameters', 'GatewayClass parameters are invalid')] })).status).toBe('Degraded');
    expect(assessHealth(gw({ conditions: good, listeners: [{ name: 'https', conditions: [c('ResolvedRefs', 'False', 'InvalidCertificateRef', 'Secret moderation/moderation-tls does not exist.')] }] }))).toEqual({ status: 'Degraded', message: 'Listener: Secret moderation/moderation-tls does not exist.' });
    expect(assessHealth(gw()).status).toBe('Progressing');
  });
  test('HTTPRoute: only parent conditions observed at the current generation count', () => {
    const route = (parents: object[], generation = 2) => obj('gateway.networking.k8s.io/v1', 'HTTPRoute', { status: { parents } }, { generation });
    const parent = (conditions: object[]) => ({ parentRef: { name: 'public' }, controllerName: 'gateway.envoyproxy.io/gatewayclass-controller', conditions });
    expect(assessHealth(route([parent([c('Accepted', 'True', 'Accepted', '', { observedGeneration: 2 }), c('ResolvedRefs', 'True', 'ResolvedRefs', '', { observedGeneration: 2 })])]))).toEqual({ status: 'Healthy', message: 'HTTPRoute is healthy' });
    expect(assessHealth(route([parent([c('Accepted', 'True', 'Accepted', '', { observedGeneration: 2 }), c('ResolvedRefs', 'False', 'BackendNotFound', 'Service moderation/api not found', { observedGeneration: 2 })])]))).toEqual({ status: 'Degraded', message: 'Parent public: Service moderation/api not found' });
    // Stale status from generation 1 only: still waiting.
    expect(assessHealth(route([parent([c('Accepted', 'True', 'Accepted', '', { observedGeneration: 1 })])])).status).toBe('Progressing');
  });
});

describe('Argo project kinds', () => {
  test('Application: its own reported health (Argo CD\'s documented app-of-apps override; sync status is not looked at)', () => {
    const app = (status?: object) => obj('argoproj.io/v1alpha1', 'Application', { status }, { namespace: 'argocd' });
    expect(assessHealth(app({ health: { status: 'Healthy' }, sync: { status: 'Synced', revision: 'a1b2c3d' } }))).toEqual({ status: 'Healthy', message: '' });
    expect(assessHealth(app({ health: { status: 'Degraded', message: 'Deployment "web" exceeded its progress deadline' }, sync: { status: 'Synced' } }))).toEqual({ status: 'Degraded', message: 'Deployment "web" exceeded its progress deadline' });
    expect(assessHealth(app({ health: { status: 'Healthy' }, sync: { status: 'OutOfSync', revision: 'a1b2c3d' } }))).toEqual({ status: 'Healthy', message: '' });
    expect(assessHealth(app({ health: { status: 'Missing' }, sync: { status: 'OutOfSync' } })).status).toBe('Missing');
    expect(assessHealth(app())).toEqual({ status: 'Progressing', message: '' });
    expect(assessHealth(app({ health: { status: 'Reconciling' } }))).toEqual({ status: 'Unknown', message: 'Lua returned an invalid health status' });
  });
  test('Rollout: status.phase is surfaced as is, Paused as Suspended, anything else is invalid', () => {
    const rollout = (status: object) => obj('argoproj.io/v1alpha1', 'Rollout', { spec: { replicas: 2, strategy: { canary: {} } }, status: { observedGeneration: '1', ...status } });
    expect(assessHealth(rollout({ phase: 'Paused', message: 'CanaryPauseStep' }))).toEqual({ status: 'Suspended', message: 'CanaryPauseStep' });
    expect(assessHealth(rollout({ phase: 'Healthy' }))).toEqual({ status: 'Healthy', message: '' });
    expect(assessHealth(rollout({ phase: 'Aborted' }))).toEqual({ status: 'Unknown', message: 'Lua returned an invalid health status' });
    expect(assessHealth(rollout({ observedGeneration: '0', phase: 'Healthy' }))).toEqual({ status: 'Progressing', message: 'Waiting for rollout spec update to be observed' });
  });
  test('AnalysisRun and Experiment: an unlisted phase gives no verdict (reported Healthy)', () => {
    expect(assessHealth(obj('argoproj.io/v1alpha1', 'AnalysisRun', { status: { phase: '' } }))).toEqual({ status: 'Healthy', message: '' });
    expect(assessHealth(obj('argoproj.io/v1alpha1', 'Experiment', { status: { phase: 'Running', message: 'ignored' } }))).toEqual({ status: 'Progressing', message: 'Experiment is running' });
  });
});

test('GRPCRoute, unlike HTTPRoute, counts parent conditions from older generations', () => {
  const status = { parents: [{ parentRef: { name: 'public' }, conditions: [c('Accepted', 'True', 'Accepted', '', { observedGeneration: 1 })] }] };
  expect(assessHealth(obj('gateway.networking.k8s.io/v1', 'GRPCRoute', { status }, { generation: 2 }))).toEqual({ status: 'Healthy', message: 'GRPCRoute is healthy' });
  expect(assessHealth(obj('gateway.networking.k8s.io/v1', 'HTTPRoute', { status }, { generation: 2 }))).toEqual({ status: 'Progressing', message: 'Waiting for HTTPRoute status' });
});

test('BackendTLSPolicy: a failing condition without a message makes the script fail (Unknown)', () => {
  const status = { ancestors: [{ ancestorRef: { name: 'public' }, conditions: [{ type: 'Accepted', status: 'False', reason: 'Invalid' }] }] };
  expect(assessHealth(obj('gateway.networking.k8s.io/v1', 'BackendTLSPolicy', { status })).status).toBe('Unknown');
});

describe('Pod (gitops-engine health_pod.go)', () => {
  const pod = (restartPolicy: string | undefined, status: object) => obj('v1', 'Pod', { spec: { restartPolicy }, status });
  const crashing = { phase: 'Running', containerStatuses: [{ name: 'api', state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=api' } } }, { name: 'sidecar', state: { waiting: { reason: 'CreateContainerConfigError', message: 'secret "db" not found' } } }] };
  test('containers that cannot start are Degraded under restartPolicy Always only', () => {
    expect(assessHealth(pod('Always', crashing))).toEqual({ status: 'Degraded', message: 'back-off 5m0s restarting failed container=api, secret "db" not found' });
    expect(assessHealth(pod('Never', crashing))).toEqual({ status: 'Progressing', message: '' });
  });
  test('a failed pod says why: its message, else the first container that failed', () => {
    expect(assessHealth(pod('Never', { phase: 'Failed', containerStatuses: [{ name: 'migrate', state: { terminated: { exitCode: 3, reason: 'Error' } } }] }))).toEqual({ status: 'Degraded', message: 'container "migrate" failed with exit code 3' });
    expect(assessHealth(pod('Never', { phase: 'Failed', initContainerStatuses: [{ name: 'init', state: { terminated: { exitCode: 137, reason: 'OOMKilled' } } }] }))).toEqual({ status: 'Degraded', message: 'OOMKilled' });
    expect(assessHealth(pod('Never', { phase: 'Failed', message: 'Pod was rejected: Node didn\'t have enough resource: memory' })).message).toBe('Pod was rejected: Node didn\'t have enough resource: memory');
  });
  test('running: ready is Healthy, restarted and not ready is Degraded; no restartPolicy is Unknown', () => {
    expect(assessHealth(pod('Always', { phase: 'Running', conditions: [c('Ready', 'True', '')] })).status).toBe('Healthy');
    expect(assessHealth(pod('Always', { phase: 'Running', conditions: [c('Ready', 'False', 'ContainersNotReady')], containerStatuses: [{ name: 'api', lastState: { terminated: { exitCode: 1 } }, state: { running: {} } }] })).status).toBe('Degraded');
    expect(assessHealth(pod(undefined, { phase: 'Running' })).status).toBe('Unknown');
  });
});

test('ReplicaSet (gitops-engine health_replicaset.go; no upstream fixture)', () => {
  const rs = (status: object, generation = 1) => obj('apps/v1', 'ReplicaSet', { spec: { replicas: 3 }, status: { observedGeneration: 1, ...status } }, { generation });
  expect(assessHealth(rs({ availableReplicas: 3 }, 2))).toEqual({ status: 'Progressing', message: 'Waiting for rollout to finish: observed replica set generation less than desired generation' });
  expect(assessHealth(rs({ availableReplicas: 1, conditions: [c('ReplicaFailure', 'True', 'FailedCreate', 'pods "api-6b7c-x" is forbidden: exceeded quota: compute')] }))).toEqual({ status: 'Degraded', message: 'pods "api-6b7c-x" is forbidden: exceeded quota: compute' });
  expect(assessHealth(rs({ availableReplicas: 2 }))).toEqual({ status: 'Progressing', message: 'Waiting for rollout to finish: 2 out of 3 new replicas are available...' });
  expect(assessHealth(rs({ availableReplicas: 3 }))).toEqual({ status: 'Healthy', message: '' });
});

describe('Crossplane (Argo CD\'s _.crossplane.io and _.upbound.io wildcard scripts)', () => {
  const managed = (apiVersion: string, kind: string, status?: object) => obj(apiVersion, kind, { spec: { forProvider: {} }, status });
  const ready = c('Ready', 'True', 'Available');
  const synced = c('Synced', 'True', 'ReconcileSuccess');
  test.each([
    ['ec2.aws.m.upbound.io/v1beta1', 'VPC'],
    ['compute.digitalocean.m.crossplane.io/v1alpha1', 'Droplet'],
  ])('%s %s: Ready and Synced', (apiVersion, kind) => {
    expect(hasHealthCheck(apiVersion, kind)).toBe(true);
    expect(assessHealth(managed(apiVersion, kind, { conditions: [ready, synced] }))).toEqual({ status: 'Healthy', message: 'Resource is up-to-date.' });
    expect(assessHealth(managed(apiVersion, kind, { conditions: [ready, c('Synced', 'False', 'ReconcileError', 'observe failed: cannot describe VPC: AccessDenied')] }))).toEqual({ status: 'Degraded', message: 'observe failed: cannot describe VPC: AccessDenied' });
    expect(assessHealth(managed(apiVersion, kind, { conditions: [c('Ready', 'False', 'Creating'), synced] }))).toEqual({ status: 'Progressing', message: 'Provisioning ...' });
    expect(assessHealth(managed(apiVersion, kind, { conditions: [c('LastAsyncOperation', 'False', 'AsyncCreateFailure', 'async create failed')] }))).toEqual({ status: 'Degraded', message: 'async create failed' });
    expect(assessHealth(managed(apiVersion, kind, { atProvider: {} }))).toEqual({ status: 'Progressing', message: 'Provisioning ...' });
    expect(assessHealth(managed(apiVersion, kind, {}))).toEqual({ status: 'Progressing', message: 'Provisioning ...' });
    // As the script is written, no status at all is Healthy for any kind.
    expect(assessHealth(managed(apiVersion, kind))).toEqual({ status: 'Healthy', message: 'Resource is up-to-date.' });
  });
  test('ProviderConfig: an empty status is fine, users mean in use', () => {
    expect(assessHealth(obj('aws.m.upbound.io/v1beta1', 'ProviderConfig', { status: {} }))).toEqual({ status: 'Healthy', message: 'Resource is up-to-date.' });
    expect(assessHealth(obj('aws.m.upbound.io/v1beta1', 'ProviderConfig', { status: { users: 4 } }))).toEqual({ status: 'Healthy', message: 'Resource is in use.' });
  });
  test('the crossplane.io flavour also accepts Established, Healthy, Offered… ; upbound.io only Ready', () => {
    const established = { conditions: [c('Established', 'True', 'WatchingCompositeResource')] };
    expect(assessHealth(obj('apiextensions.crossplane.io/v1', 'CompositeResourceDefinition', { status: established })).status).toBe('Healthy');
    expect(assessHealth(obj('example.upbound.io/v1', 'Thing', { status: established })).status).toBe('Progressing');
  });
  test('pkg.crossplane.io Provider has its own script, which fails without both conditions', () => {
    const provider = (conditions: object[]) => obj('pkg.crossplane.io/v1', 'Provider', { status: { conditions } });
    expect(assessHealth(provider([c('Installed', 'True', 'ActivePackageRevision'), c('Healthy', 'True', 'HealthyPackageRevision')]))).toEqual({ status: 'Healthy', message: 'ActivePackageRevision HealthyPackageRevision' });
    expect(assessHealth(provider([c('Installed', 'True', 'ActivePackageRevision')])).status).toBe('Unknown');
  });
  test('only groups ending in .crossplane.io or .upbound.io', () => {
    expect(hasHealthCheck('crossplane.io/v1', 'Thing')).toBe(false);
    expect(hasHealthCheck('ec2.aws.upbound.io.example.com/v1', 'VPC')).toBe(false);
  });
});

describe('layers around the rules', () => {
  test('an object being deleted is Progressing whatever its kind, unless it holds Argo CD\'s hook finalizer', () => {
    expect(assessHealth(obj('v1', 'ConfigMap', {}, { deletionTimestamp: T }))).toEqual({ status: 'Progressing', message: 'Pending deletion' });
    const hook = obj('batch/v1', 'Job', { status: { conditions: [c('Complete', 'True', 'CompletionsReached', 'done')] } }, { deletionTimestamp: T, finalizers: ['argocd.argoproj.io/hook-finalizer'] });
    expect(assessHealth(hook)).toEqual({ status: 'Healthy', message: 'done' });
  });
  test('a built-in kind in an API version gitops-engine has no type for is Unknown', () => {
    expect(assessHealth(obj('apps/v1beta2', 'Deployment', { spec: {}, status: {} }))).toEqual({ status: 'Unknown', message: 'unsupported Deployment GVK: apps/v1beta2, Kind=Deployment' });
    expect(assessHealth(obj('extensions/v1beta1', 'Ingress', { status: { loadBalancer: { ingress: [{ ip: '10.0.0.1' }] } } })).status).toBe('Healthy');
  });
  test('a malformed status is Unknown, never a throw', () => {
    const broken = obj('apps/v1', 'StatefulSet', { spec: { replicas: 1, updateStrategy: null as any }, status: { observedGeneration: 1, readyReplicas: 1 } });
    expect(() => assessHealth(broken)).not.toThrow();
    expect(assessHealth(obj('autoscaling/v1', 'HorizontalPodAutoscaler', {}, { annotations: { 'autoscaling.alpha.kubernetes.io/conditions': '{not json' } })).status).toBe('Unknown');
  });
});

describe('kinds without a rule: the Ready-condition fallback', () => {
  const custom = (status?: object, generation = 2) => obj('example.com/v1', 'Widget', { spec: {}, status }, { generation });
  test('no status, or a status without a Ready condition, is Healthy', () => {
    expect(assessHealth(obj('v1', 'ConfigMap', { data: { a: 'b' } }))).toEqual({ status: 'Healthy', message: '' });
    expect(assessHealth(obj('monitoring.coreos.com/v1', 'PrometheusRule', { spec: {} }))).toEqual({ status: 'Healthy', message: '' });
    expect(assessHealth(obj('v1', 'Namespace', { status: { phase: 'Active' } }))).toEqual({ status: 'Healthy', message: '' });
    expect(assessHealth(custom({}))).toEqual({ status: 'Healthy', message: '' });
    expect(assessHealth(custom({ observedGeneration: 2, conditions: [c('Established', 'True', 'InitialNamesAccepted')] }))).toEqual({ status: 'Healthy', message: '' });
    expect(hasHealthCheck('apps/v1', 'Deployment')).toBe(true);
    expect(hasHealthCheck('v1', 'ConfigMap')).toBe(false);
  });
  test('Ready True, False and Unknown', () => {
    expect(assessHealth(custom({ observedGeneration: 2, conditions: [c('Ready', 'True', 'Reconciled', 'all good')] }))).toEqual({ status: 'Healthy', message: 'all good' });
    expect(assessHealth(custom({ observedGeneration: 2, conditions: [c('Ready', 'False', 'Failed', 'bucket name taken')] }))).toEqual({ status: 'Degraded', message: 'bucket name taken' });
    expect(assessHealth(custom({ conditions: [c('Ready', 'Unknown', 'Reconciling')] }))).toEqual({ status: 'Progressing', message: 'Waiting for the Ready condition' });
  });
  test('a spec the controller has not observed yet is Progressing', () => {
    expect(assessHealth(custom({ observedGeneration: 1, conditions: [c('Ready', 'True', 'Reconciled')] }))).toEqual({ status: 'Progressing', message: 'Waiting for the controller to observe generation 2 (observed 1)' });
    expect(assessHealth(custom({ conditions: [c('Ready', 'True', 'Reconciled', '', { observedGeneration: 1 })] })).status).toBe('Progressing');
  });
  test('Alertmanager has no Argo CD rule: the fallback applies', () => {
    expect(hasHealthCheck('monitoring.coreos.com/v1', 'Alertmanager')).toBe(false);
    const alertmanager = obj('monitoring.coreos.com/v1', 'Alertmanager', { spec: { replicas: 2 }, status: { conditions: [c('Available', 'False', 'NoPodReady'), c('Reconciled', 'True', '')] } });
    expect(assessHealth(alertmanager)).toEqual({ status: 'Healthy', message: '' });
  });
});
