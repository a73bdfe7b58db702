import { JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PodMonitor } from '../imports/podmonitors-monitoring.coreos.com';
import type { ServiceSizing } from './config/defaults';
import type { Target } from './config/target';
import { appLabels, selectorLabels } from './labels';
import type { HttpEndpoint, PlatformService } from './platform/services';

/** UID/GID the containers run as: non-root, and not a UID that exists on the node. */
export const RUN_AS_USER = 10001;

/** Seconds a terminating pod keeps serving so endpoints and load balancers stop sending it traffic. */
export const PRE_STOP_PAUSE_SECONDS = 10;

export interface WorkloadProps {
  readonly target: Target;
  /** What the service is: ports, probes, writable paths (charts/platform/services.ts). */
  readonly service: PlatformService;
  /** How big it runs on this target. */
  readonly sizing: ServiceSizing;
  /** Fully pinned image reference (`registry/name:tag` or `registry/name@sha256:...`). */
  readonly image: string;
  /** `app.kubernetes.io/version`: the image's tag or digest. */
  readonly version: string;
  /** Environment variables of the container (non-secret configuration and secret references). */
  readonly env?: readonly k8s.EnvVar[];
  /** Whole Secrets or ConfigMaps exposed as environment variables. @default none */
  readonly envFrom?: readonly k8s.EnvFromSource[];
  /** Extra volumes and their mounts, such as secret files. @default none */
  readonly volumes?: readonly { readonly volume: k8s.Volume; readonly mount: k8s.VolumeMount }[];
  /** Annotations of the pod template, e.g. to roll pods when a Secret changes. @default none */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /** Annotations of the Deployment. @default none */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Secrets used to pull the image, where the registry needs credentials. @default none */
  readonly imagePullSecrets?: readonly string[];
  /**
   * How strictly replicas are spread over zones: `DoNotSchedule` where nodes span zones (EKS),
   * `ScheduleAnyway` where a cluster may have a single zone (DOKS). @default 'DoNotSchedule'
   */
  readonly zoneSpread?: 'DoNotSchedule' | 'ScheduleAnyway';
}

/**
 * One platform service running on Kubernetes: a hardened Deployment with its ServiceAccount,
 * a Service where it serves traffic, a HorizontalPodAutoscaler that owns the replica count, a
 * PodDisruptionBudget, and a PodMonitor for its metrics. Every object is named after the service
 * and selected by stable labels, so renaming or moving the construct never changes a selector.
 */
export class Workload extends Construct {
  readonly deployment: k8s.KubeDeployment;
  readonly serviceAccount: k8s.KubeServiceAccount;
  readonly service?: k8s.KubeService;
  readonly autoscaler: k8s.KubeHorizontalPodAutoscalerV2;
  readonly disruptionBudget: k8s.KubePodDisruptionBudget;
  readonly podMonitor: PodMonitor;
  /** Labels selecting this workload's pods. */
  readonly selector: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: WorkloadProps) {
    super(scope, id);
    const { target, service, sizing } = props;
    const name = service.name;
    const namespace = target.namespace;
    const labels = appLabels(target, { name, component: service.component, version: props.version });
    const metadata = { name, namespace, labels };
    this.selector = selectorLabels(name, target);

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', {
      metadata,
      automountServiceAccountToken: false,
    });

    this.deployment = new DeploymentWithPreStopSleep(this, 'deployment', {
      metadata: { ...metadata, annotations: props.annotations ? { ...props.annotations } : undefined },
      spec: {
        // No `replicas`: the HorizontalPodAutoscaler owns the count.
        selector: { matchLabels: { ...this.selector } },
        revisionHistoryLimit: 5,
        progressDeadlineSeconds: Math.max(600, service.maxStartupSeconds + 120),
        strategy: {
          type: 'RollingUpdate',
          // Never below desired capacity during a rollout: surge first, then retire old pods.
          rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromString('25%') },
        },
        template: {
          metadata: { labels, annotations: props.podAnnotations ? { ...props.podAnnotations } : undefined },
          spec: this.podSpec(props),
        },
      },
    });

    if (service.servesTraffic) {
      this.service = new k8s.KubeService(this, 'service', {
        metadata,
        spec: {
          type: 'ClusterIP',
          selector: { ...this.selector },
          ports: [{ name: 'http', port: service.httpPort, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP', appProtocol: 'http' }],
        },
      });
    }

    this.autoscaler = new k8s.KubeHorizontalPodAutoscalerV2(this, 'autoscaler', {
      metadata,
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        minReplicas: sizing.replicas.min,
        maxReplicas: sizing.replicas.max,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
          { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
        ],
        behavior: {
          // Scale up fast on a burst of content: double, or add 4 pods, every 30 s.
          scaleUp: {
            stabilizationWindowSeconds: 0,
            selectPolicy: 'Max',
            policies: [
              { type: 'Percent', value: 100, periodSeconds: 30 },
              { type: 'Pods', value: 4, periodSeconds: 30 },
            ],
          },
          // Scale down slowly after 5 minutes of lower load, at most 20% a minute.
          scaleDown: {
            stabilizationWindowSeconds: 300,
            selectPolicy: 'Min',
            policies: [{ type: 'Percent', value: 20, periodSeconds: 60 }],
          },
        },
      },
    });

    // One pod at a time may be evicted, whatever the current count: with the autoscaler's minimum
    // of 2+ in production at least one pod always serves, and a drain is never blocked forever.
    this.disruptionBudget = new k8s.KubePodDisruptionBudget(this, 'disruption-budget', {
      metadata,
      spec: {
        maxUnavailable: k8s.IntOrString.fromNumber(1),
        selector: { matchLabels: { ...this.selector } },
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });

    this.podMonitor = new PodMonitor(this, 'pod-monitor', {
      metadata,
      spec: {
        selector: { matchLabels: { ...this.selector } },
        podMetricsEndpoints: [{ port: metricsPortName(service), path: service.metrics.path, interval: '30s', scrapeTimeout: '10s' }],
      },
    });
  }

  private podSpec(props: WorkloadProps): k8s.PodSpec {
    const { service, sizing } = props;
    const ports: k8s.ContainerPort[] = [{ name: 'http', containerPort: service.httpPort, protocol: 'TCP' }];
    if (service.metrics.port !== service.httpPort) ports.push({ name: 'metrics', containerPort: service.metrics.port, protocol: 'TCP' });
    const writable = service.writablePaths.map((p) => ({ name: volumeName(p.mountPath), ...p }));
    const extraVolumes = props.volumes ?? [];
    const probe = (endpoint: HttpEndpoint, timing: Omit<k8s.Probe, 'httpGet'>): k8s.Probe => ({
      httpGet: { path: endpoint.path, port: k8s.IntOrString.fromString(endpoint.port) },
      timeoutSeconds: 3,
      ...timing,
    });
    const startupPeriod = service.maxStartupSeconds > 120 ? 10 : 5;
    return {
      serviceAccountName: service.name,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: PRE_STOP_PAUSE_SECONDS + service.drainSeconds,
      imagePullSecrets: props.imagePullSecrets?.map((name) => ({ name })),
      securityContext: {
        runAsNonRoot: true,
        runAsUser: RUN_AS_USER,
        runAsGroup: RUN_AS_USER,
        fsGroup: RUN_AS_USER,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      topologySpreadConstraints: [
        { topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: props.zoneSpread ?? 'DoNotSchedule' },
        { topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' },
      ].map((c) => ({ ...c, maxSkew: 1, labelSelector: { matchLabels: { ...this.selector } }, matchLabelKeys: ['pod-template-hash'] })),
      containers: [
        {
          name: service.name,
          image: props.image,
          imagePullPolicy: 'IfNotPresent',
          ports,
          env: props.env ? [...props.env] : undefined,
          envFrom: props.envFrom ? [...props.envFrom] : undefined,
          resources: {
            requests: { cpu: k8s.Quantity.fromString(sizing.requests.cpu), memory: k8s.Quantity.fromString(sizing.requests.memory) },
            limits: { cpu: k8s.Quantity.fromString(sizing.limits.cpu), memory: k8s.Quantity.fromString(sizing.limits.memory) },
          },
          startupProbe: probe(service.liveness, { periodSeconds: startupPeriod, failureThreshold: Math.ceil(service.maxStartupSeconds / startupPeriod) }),
          livenessProbe: probe(service.liveness, { periodSeconds: 10, failureThreshold: 3 }),
          readinessProbe: probe(service.readiness, { periodSeconds: 5, failureThreshold: 3, successThreshold: 1 }),
          securityContext: {
            runAsNonRoot: true,
            allowPrivilegeEscalation: false,
            privileged: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
            seccompProfile: { type: 'RuntimeDefault' },
          },
          volumeMounts: [...writable.map((p) => ({ name: p.name, mountPath: p.mountPath })), ...extraVolumes.map((v) => v.mount)],
        },
      ],
      volumes: [
        ...writable.map((p) => ({ name: p.name, emptyDir: { sizeLimit: k8s.Quantity.fromString(p.sizeLimit) } })),
        ...extraVolumes.map((v) => v.volume),
      ],
    };
  }
}

/**
 * A Deployment whose containers pause in a native preStop `sleep` action (Kubernetes 1.30+),
 * which needs no shell or `sleep` binary in the image. The bundled k8s 1.28 types predate the
 * field and drop it when rendering, so it is added to the rendered object.
 */
class DeploymentWithPreStopSleep extends k8s.KubeDeployment {
  override toJson(): any {
    const json = super.toJson();
    const containers: unknown[] = json.spec.template.spec.containers;
    return JsonPatch.apply(
      json,
      ...containers.map((_, i) => JsonPatch.add(`/spec/template/spec/containers/${i}/lifecycle`, { preStop: { sleep: { seconds: PRE_STOP_PAUSE_SECONDS } } })),
    );
  }
}

/** The container port name the metrics are served on. */
export function metricsPortName(service: PlatformService): 'http' | 'metrics' {
  return service.metrics.port === service.httpPort ? 'http' : 'metrics';
}

/** `/app/.next/cache` → `app-next-cache`. */
function volumeName(mountPath: string): string {
  return mountPath.replace(/[^a-z0-9]+/gi, '-').replace(/^-+|-+$/g, '').toLowerCase();
}
