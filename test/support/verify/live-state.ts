/**
 * Turns desired objects into what a healthy cluster returns for them: the API server's defaults and
 * canonical quantities applied, metadata it adds, and `status` blocks written the way each controller
 * writes them. Tests then break this state in targeted ways.
 */
import path from 'node:path';
import { loadManifests } from '../../../core/manifests';
import type { KubeObject } from '../../../core/object';

export const FIXTURE_DIR = path.join(__dirname, '..', '..', 'verify', 'fixtures', 'staging');
export const NOW = '2026-11-25T10:05:00Z';

export function desiredFixture(): KubeObject[] {
  return loadManifests(FIXTURE_DIR).objects;
}

const cond = (type: string, status: string, reason: string, message = '', extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type, status, reason, message, lastTransitionTime: NOW, ...extra,
});

/** Canonical form the API server re-serialises quantities into. */
const CANONICAL: Record<string, string> = { '1000m': '1', '1024Mi': '1Gi', '2048Mi': '2Gi', '500m': '500m' };

function defaultContainer(container: any): void {
  container.imagePullPolicy ??= container.image?.endsWith(':latest') ? 'Always' : 'IfNotPresent';
  container.terminationMessagePath ??= '/dev/termination-log';
  container.terminationMessagePolicy ??= 'File';
  for (const port of container.ports ?? []) port.protocol ??= 'TCP';
  for (const kind of ['requests', 'limits']) {
    const values = container.resources?.[kind];
    for (const key of Object.keys(values ?? {})) values[key] = CANONICAL[values[key]] ?? values[key];
  }
  for (const probeName of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const probe = container[probeName];
    if (!probe) continue;
    probe.timeoutSeconds ??= 1;
    probe.periodSeconds ??= 10;
    probe.successThreshold ??= 1;
    probe.failureThreshold ??= 3;
    if (probe.httpGet) probe.httpGet.scheme ??= 'HTTP';
  }
  for (const env of container.env ?? []) {
    if (env.valueFrom?.fieldRef) env.valueFrom.fieldRef.apiVersion ??= 'v1';
  }
}

function defaultPodSpec(spec: any): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  if (spec.serviceAccountName) spec.serviceAccount ??= spec.serviceAccountName;
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) defaultContainer(c);
}

function healthyDeploymentStatus(object: any): any {
  const replicas = object.spec.replicas;
  return {
    observedGeneration: object.metadata.generation ?? 1,
    replicas,
    updatedReplicas: replicas,
    readyReplicas: replicas,
    availableReplicas: replicas,
    conditions: [
      cond('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', { lastUpdateTime: NOW }),
      cond('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${object.metadata.name}-7d9f8c6b5" has successfully progressed.`, { lastUpdateTime: NOW }),
    ],
  };
}

/** One live object for one desired object. */
export function liveObject(desired: KubeObject): any {
  const object: any = structuredClone(desired);
  object.metadata.generation = 1;
  object.metadata.managedFields = [{ manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: object.apiVersion, time: NOW, fieldsType: 'FieldsV1', fieldsV1: {} }];
  object.metadata.annotations = { ...(object.metadata.annotations ?? {}), 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(desired) + '\n' };
  switch (`${object.apiVersion}/${object.kind}`) {
    case 'v1/Namespace':
      object.metadata.labels = { ...object.metadata.labels, 'kubernetes.io/metadata.name': object.metadata.name };
      object.spec = { finalizers: ['kubernetes'] };
      object.status = { phase: 'Active' };
      break;
    case 'apps/v1/Deployment':
      object.metadata.annotations['deployment.kubernetes.io/revision'] = '3';
      object.spec.replicas ??= 1;
      object.spec.revisionHistoryLimit ??= 10;
      object.spec.progressDeadlineSeconds ??= 600;
      object.spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
      object.spec.template.metadata.creationTimestamp = null;
      defaultPodSpec(object.spec.template.spec);
      object.status = healthyDeploymentStatus(object);
      break;
    case 'argoproj.io/v1alpha1/Rollout':
      // A finished canary over its referenced Deployment, as Argo Rollouts reports it; the HPA sets the replicas.
      object.metadata.annotations['rollout.argoproj.io/revision'] = '3';
      object.metadata.annotations['rollout.argoproj.io/workload-generation'] = '1';
      object.spec.replicas ??= 2;
      object.status = {
        phase: 'Healthy', observedGeneration: '1', workloadObservedGeneration: '1', currentPodHash: '5d8f7c9b6', stableRS: '5d8f7c9b6',
        replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2, HPAReplicas: 2,
        conditions: [
          cond('Available', 'True', 'AvailableReason', 'Rollout has minimum availability'),
          cond('Completed', 'True', 'RolloutCompleted', 'Rollout completed update to revision 3 (5d8f7c9b6): Completed all steps'),
          cond('Healthy', 'True', 'RolloutHealthy', 'Rollout is healthy'),
        ],
      };
      break;
    case 'v1/Service':
      object.spec.type ??= 'ClusterIP';
      if (object.spec.type !== 'ExternalName') {
        object.spec.clusterIP = '10.100.23.17';
        object.spec.clusterIPs = ['10.100.23.17'];
        object.spec.ipFamilies = ['IPv4'];
        object.spec.ipFamilyPolicy = 'SingleStack';
        object.spec.internalTrafficPolicy = 'Cluster';
      }
      object.spec.sessionAffinity ??= 'None';
      for (const port of object.spec.ports ?? []) {
        port.protocol ??= 'TCP';
        port.targetPort ??= port.port;
      }
      object.status = { loadBalancer: {} };
      break;
    case 'autoscaling/v2/HorizontalPodAutoscaler':
      object.spec.behavior ??= {
        scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
        scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
      };
      object.status = {
        currentReplicas: 2,
        desiredReplicas: 2,
        currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 31, averageValue: '78m' } } }],
        conditions: [
          cond('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size'),
          cond('ScalingActive', 'True', 'ValidMetricFound', 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)'),
          cond('ScalingLimited', 'False', 'DesiredWithinRange', 'the desired count is within the acceptable range'),
        ],
      };
      break;
    case 'policy/v1/PodDisruptionBudget':
      object.status = {
        observedGeneration: 1, currentHealthy: 2, desiredHealthy: 1, disruptionsAllowed: 1, expectedPods: 2,
        conditions: [cond('DisruptionAllowed', 'True', 'SufficientPods', '', { observedGeneration: 1 })],
      };
      break;
    case 'networking.k8s.io/v1/NetworkPolicy':
      for (const rule of object.spec.ingress ?? []) for (const port of rule.ports ?? []) port.protocol ??= 'TCP';
      break;
    case 'batch/v1/Job':
      defaultPodSpec(object.spec.template.spec);
      object.status = {
        startTime: NOW, completionTime: NOW, succeeded: 1, ready: 0, terminating: 0,
        conditions: [cond('SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'), cond('Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods')],
      };
      break;
    case 'batch/v1/CronJob':
      object.spec.suspend ??= false;
      defaultPodSpec(object.spec.jobTemplate.spec.template.spec);
      object.status = { lastScheduleTime: NOW, lastSuccessfulTime: NOW };
      break;
    case 'apps/v1/DaemonSet':
      object.spec.revisionHistoryLimit ??= 10;
      object.spec.template.metadata.creationTimestamp = null;
      defaultPodSpec(object.spec.template.spec);
      object.status = {
        observedGeneration: 1, desiredNumberScheduled: 3, currentNumberScheduled: 3, updatedNumberScheduled: 3,
        numberReady: 3, numberAvailable: 3, numberMisscheduled: 0,
      };
      break;
    case 'cert-manager.io/v1/Certificate':
      object.status = {
        conditions: [cond('Ready', 'True', 'Ready', 'Certificate is up to date and has not expired', { observedGeneration: 1 })],
        notAfter: '2027-02-23T10:00:00Z', notBefore: '2026-11-25T10:00:00Z', renewalTime: '2027-01-24T10:00:00Z', revision: 1,
      };
      break;
    case 'cert-manager.io/v1/ClusterIssuer':
      object.status = {
        acme: { uri: 'https://acme-v02.api.letsencrypt.org/acme/acct/123456789', lastRegisteredEmail: 'platform@example.com' },
        conditions: [cond('Ready', 'True', 'ACMEAccountRegistered', 'The ACME account was registered with the ACME server', { observedGeneration: 1 })],
      };
      break;
    case 'external-secrets.io/v1/ExternalSecret':
      object.spec.target.creationPolicy ??= 'Owner';
      object.spec.target.deletionPolicy ??= 'Retain';
      for (const d of object.spec.data ?? []) Object.assign(d.remoteRef, { conversionStrategy: 'Default', decodingStrategy: 'None', metadataPolicy: 'None', ...d.remoteRef });
      object.status = {
        binding: { name: object.spec.target.name },
        conditions: [cond('Ready', 'True', 'SecretSynced', 'secret synced')],
        refreshTime: NOW,
        syncedResourceVersion: '1-0a1b2c3d4e5f',
      };
      break;
    case 'external-secrets.io/v1/ClusterSecretStore':
      object.status = { capabilities: 'ReadWrite', conditions: [cond('Ready', 'True', 'Valid', 'store validated')] };
      break;
    case 'keda.sh/v1alpha1/ScaledObject':
      object.metadata.finalizers = ['finalizer.keda.sh'];
      object.metadata.labels['scaledobject.keda.sh/name'] = object.metadata.name;
      object.status = {
        scaleTargetKind: 'apps/v1.Deployment', scaleTargetGVKR: { group: 'apps', kind: 'Deployment', resource: 'deployments', version: 'v1' },
        originalReplicaCount: 2, hpaName: `keda-hpa-${object.metadata.name}`, lastActiveTime: NOW,
        conditions: [
          cond('Ready', 'True', 'ScaledObjectReady', 'ScaledObject is defined correctly and is ready for scaling'),
          cond('Active', 'True', 'ScalerActive', 'Scaling is performed because triggers are active'),
          cond('Fallback', 'False', 'NoFallbackFound', 'No fallbacks are active on this scaled object'),
          cond('Paused', 'False', 'ScaledObjectUnpaused', 'pause annotation removed for ScaledObject'),
        ],
      };
      break;
    case 'gateway.networking.k8s.io/v1/GatewayClass':
      // Envoy Gateway accepts the class it controls.
      object.status = {
        conditions: [cond('Accepted', 'True', 'Accepted', 'Valid GatewayClass', { observedGeneration: 1 })],
      };
      break;
    case 'gateway.networking.k8s.io/v1/Gateway':
      for (const l of object.spec.listeners) {
        l.allowedRoutes ??= { namespaces: { from: 'Same' } };
        if (l.tls) l.tls.mode ??= 'Terminate';
        for (const ref of l.tls?.certificateRefs ?? []) Object.assign(ref, { group: '', kind: 'Secret', ...ref });
      }
      object.status = {
        addresses: [{ type: 'Hostname', value: 'a1b2c3d4e5f6-1234567890.eu-west-1.elb.amazonaws.com' }],
        conditions: [
          cond('Accepted', 'True', 'Accepted', 'The Gateway has been scheduled by Envoy Gateway', { observedGeneration: 1 }),
          cond('Programmed', 'True', 'Programmed', 'Address assigned to the Gateway, 1/1 envoy replicas available', { observedGeneration: 1 }),
        ],
        listeners: object.spec.listeners.map((l: any) => ({
          name: l.name, attachedRoutes: 1, supportedKinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }],
          conditions: [
            cond('Programmed', 'True', 'Programmed', 'Sending translated listener configuration to the data plane', { observedGeneration: 1 }),
            cond('Accepted', 'True', 'Accepted', 'Listener has been successfully translated', { observedGeneration: 1 }),
            cond('ResolvedRefs', 'True', 'ResolvedRefs', 'Listener has been successfully translated', { observedGeneration: 1 }),
          ],
        })),
      };
      break;
    case 'gateway.networking.k8s.io/v1/HTTPRoute':
      for (const p of object.spec.parentRefs) Object.assign(p, { group: 'gateway.networking.k8s.io', kind: 'Gateway', ...p });
      for (const rule of object.spec.rules) {
        rule.matches ??= [{ path: { type: 'PathPrefix', value: '/' } }];
        for (const m of rule.matches) if (m.path) m.path.type ??= 'PathPrefix';
        for (const b of rule.backendRefs ?? []) Object.assign(b, { group: '', kind: 'Service', weight: 1, ...b });
      }
      object.status = {
        parents: object.spec.parentRefs.map((p: any) => ({
          parentRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: p.name },
          controllerName: 'gateway.envoyproxy.io/gatewayclass-controller',
          conditions: [
            cond('Accepted', 'True', 'Accepted', 'Route is accepted', { observedGeneration: 1 }),
            cond('ResolvedRefs', 'True', 'ResolvedRefs', 'Resolved all the Object references for the Route', { observedGeneration: 1 }),
          ],
        })),
      };
      break;
    default:
      break;
  }
  return object;
}

export function liveState(desired: KubeObject[]): any[] {
  return desired.map(liveObject);
}
