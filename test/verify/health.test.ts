/**
 * assessHealth per kind, with status blocks in the format each controller writes. Expected statuses
 * and messages follow Argo CD (gitops-engine pkg/health and resource_customizations/*.lua).
 */
import { assessHealth, hasHealthCheck } from '../../verify/health';
import type { KubeObject } from '../../core/object';

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
  expect(assessHealth(cron({ suspend: true }, {})).status).toBe('Suspended');
  expect(assessHealth(cron({}, { lastScheduleTime: '2026-11-25T10:00:00Z', lastSuccessfulTime: '2026-11-25T09:00:10Z' })).status).toBe('Degraded');
  expect(assessHealth(cron({}, { lastScheduleTime: '2026-11-25T10:00:00Z', lastSuccessfulTime: '2026-11-25T10:00:12Z' })).status).toBe('Healthy');
  expect(assessHealth(cron({}, {})).message).toBe('CronJob has not been scheduled yet');
});

describe('HorizontalPodAutoscaler (autoscaling/v2 conditions)', () => {
  const hpa = (conditions: object[]) => obj('autoscaling/v2', 'HorizontalPodAutoscaler', { status: { currentReplicas: 2, desiredReplicas: 2, conditions } });
  test('scaling within range is Healthy', () => {
    expect(assessHealth(hpa([
      c('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size'),
      c('ScalingActive', 'True', 'ValidMetricFound', 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)'),
      c('ScalingLimited', 'False', 'DesiredWithinRange', 'the desired count is within the acceptable range'),
    ]))).toEqual({ status: 'Healthy', message: 'the desired count is within the acceptable range' });
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
  test('ExternalSecret: SecretSyncedError is Degraded', () => {
    const es = (conditions: object[], spec: object = {}, refreshTime = T) => obj('external-secrets.io/v1', 'ExternalSecret', { spec, status: { conditions, refreshTime } });
    expect(assessHealth(es([c('Ready', 'False', 'SecretSyncedError', 'could not get secret data from provider')]))).toEqual({ status: 'Degraded', message: 'could not get secret data from provider' });
    expect(assessHealth(es([c('Ready', 'True', 'SecretSynced', 'secret synced')])).status).toBe('Healthy');
    expect(assessHealth(es([])).status).toBe('Progressing');
    // refreshPolicy OnChange: a Ready condition older than the last refresh is stale.
    expect(assessHealth(es([c('Ready', 'True', 'SecretSynced', 'secret synced')], { refreshPolicy: 'OnChange' }, '2026-11-25T11:00:00Z')).status).toBe('Progressing');
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

test('Argo CD Application: its own health, and not Healthy while OutOfSync', () => {
  const app = (status?: object) => obj('argoproj.io/v1alpha1', 'Application', { status }, { namespace: 'argocd' });
  expect(assessHealth(app({ health: { status: 'Healthy' }, sync: { status: 'Synced', revision: 'a1b2c3d' } }))).toEqual({ status: 'Healthy', message: '' });
  expect(assessHealth(app({ health: { status: 'Degraded', message: 'Deployment "web" exceeded its progress deadline' }, sync: { status: 'Synced' } })).status).toBe('Degraded');
  expect(assessHealth(app({ health: { status: 'Healthy' }, sync: { status: 'OutOfSync', revision: 'a1b2c3d' } }))).toEqual({ status: 'Progressing', message: 'Application is Healthy but OutOfSync (revision a1b2c3d)' });
  expect(assessHealth(app({ health: { status: 'Missing' }, sync: { status: 'OutOfSync' } })).status).toBe('Missing');
  expect(assessHealth(app())).toEqual({ status: 'Progressing', message: 'Waiting for application to be reconciled' });
});

test('objects being deleted are Progressing; kinds without a rule are Healthy', () => {
  expect(assessHealth(obj('v1', 'ConfigMap', {}, { deletionTimestamp: T }))).toEqual({ status: 'Progressing', message: 'Pending deletion' });
  expect(assessHealth(obj('v1', 'ConfigMap', { data: { a: 'b' } }))).toEqual({ status: 'Healthy', message: '' });
  expect(assessHealth(obj('monitoring.coreos.com/v1', 'PrometheusRule', { spec: {} }))).toEqual({ status: 'Healthy', message: '' });
  expect(hasHealthCheck('apps/v1', 'Deployment')).toBe(true);
  expect(hasHealthCheck('v1', 'ConfigMap')).toBe(false);
});

test('a malformed status is Unknown, never a throw', () => {
  const broken = obj('apps/v1', 'StatefulSet', { spec: { replicas: 1, updateStrategy: null as any }, status: { observedGeneration: 1, readyReplicas: 1 } });
  expect(() => assessHealth(broken)).not.toThrow();
  expect(assessHealth(obj('autoscaling/v1', 'HorizontalPodAutoscaler', {}, { annotations: { 'autoscaling.alpha.kubernetes.io/conditions': '{not json' } })).status).toBe('Unknown');
});
