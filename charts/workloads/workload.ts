import { JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PodMonitor } from '../../imports/podmonitors-monitoring.coreos.com';
import type { Resources } from './defaults';
import { diskBudget, restrictedContainerSecurityContext, restrictedPodSecurityContext } from './hardening';
import type { HttpEndpoint, PlatformService } from '../platform/services';

export { CONTAINER_LOG_ALLOWANCE, RUN_AS_USER } from './hardening';

/** Seconds a terminating pod keeps serving so endpoints and load balancers stop sending it traffic. */
export const PRE_STOP_PAUSE_SECONDS = 10;

/** Target CPU utilisation of requests for the default autoscaler. */
export const HPA_CPU_UTILIZATION = 70;

/**
 * Who owns a workload's replica count. `hpa`: this construct's HorizontalPodAutoscaler, aimed at the
 * Deployment or at another scale target (an Argo Rollouts Rollout that references the Deployment).
 * `external`: something else (a KEDA ScaledObject, which creates its own HPA and is rejected by
 * KEDA's webhook when the target already has one); no HPA is rendered.
 */
export type WorkloadScaling =
  | {
      readonly owner: 'hpa';
      readonly minReplicas: number;
      readonly maxReplicas: number;
      /**
       * @default CPU at 70 % of requests. Not memory: the services' memory is mostly resident (a
       * Python or Node heap, a loaded model), so a memory target pins replicas at the maximum.
       */
      readonly metrics?: readonly k8s.MetricSpecV2[];
      /** @default this workload's Deployment */
      readonly scaleTargetRef?: k8s.CrossVersionObjectReferenceV2;
    }
  | {
      readonly owner: 'external';
      /** What owns the count, for people reading the construct tree. */
      readonly by: string;
    };

/** The image a workload runs and how the kubelet pulls it. */
export interface WorkloadImage {
  /** Fully pinned reference: `registry/name@sha256:...`, `registry/name:tag@sha256:...` or `registry/name:tag`. */
  readonly reference: string;
  /** `app.kubernetes.io/version`: the image's tag or shortened digest. */
  readonly version: string;
  /**
   * `IfNotPresent` for a digest (content cannot change), `Always` for a tag, so a re-pushed tag is
   * never run stale from a node's cache.
   */
  readonly pullPolicy: 'Always' | 'IfNotPresent';
}

export interface WorkloadProps {
  /** What the service is: ports, probes, writable paths (charts/platform/services.ts). */
  readonly service: PlatformService;
  readonly namespace: string;
  /** Labels of every object: ownership, `app.kubernetes.io/*`. */
  readonly labels: Readonly<Record<string, string>>;
  /** Labels selecting this workload's pods: stable, never the version. */
  readonly selector: Readonly<Record<string, string>>;
  readonly image: WorkloadImage;
  /** CPU and memory of the container. */
  readonly resources: { readonly requests: Resources; readonly limits: Resources };
  readonly scaling: WorkloadScaling;
  /** The PriorityClass of the pods (charts/workloads/priority-classes.ts). */
  readonly priorityClassName: string;
  /**
   * How strictly replicas are spread over zones: `DoNotSchedule` where nodes span zones,
   * `ScheduleAnyway` where a cluster may have a single zone. @default 'DoNotSchedule'
   */
  readonly zoneSpread?: 'DoNotSchedule' | 'ScheduleAnyway';
  /** Environment variables of the container (non-secret configuration and secret references). @default none */
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
}

/** Scale up fast on a burst of content: double, or add 4 pods, every 30 s. */
export const SCALE_UP: k8s.HpaScalingRulesV2 = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Percent', value: 100, periodSeconds: 30 },
    { type: 'Pods', value: 4, periodSeconds: 30 },
  ],
};
/** Scale down slowly after 5 minutes of lower load, at most 20 % a minute. */
export const SCALE_DOWN: k8s.HpaScalingRulesV2 = {
  stabilizationWindowSeconds: 300,
  selectPolicy: 'Min',
  policies: [{ type: 'Percent', value: 20, periodSeconds: 60 }],
};
const DEFAULT_METRICS: readonly k8s.MetricSpecV2[] = [
  { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: HPA_CPU_UTILIZATION } } },
];

/** Readiness, liveness and startup probe timing. */
const PROBE_TIMEOUT_SECONDS = 3;
const LIVENESS = { periodSeconds: 10, failureThreshold: 3 } as const;
const READINESS = { periodSeconds: 5, failureThreshold: 3, successThreshold: 1 } as const;
/** Rollouts are reported stuck after the slowest start plus this margin, and never before 10 minutes. */
const PROGRESS_DEADLINE = { minimumSeconds: 600, marginSeconds: 120 } as const;
const REVISION_HISTORY_LIMIT = 5;

/**
 * The pod's disk budget: every writable emptyDir at its size limit plus the container logs. Requests
 * equal limits, so the scheduler reserves what the pod may write and the kubelet never evicts it for
 * staying inside its own volumes.
 */
export function ephemeralStorage(service: PlatformService): string {
  return diskBudget(service.writablePaths.map((p) => p.sizeLimit));
}

/**
 * One platform service running on Kubernetes: a hardened Deployment with its ServiceAccount,
 * a Service where it serves traffic, a HorizontalPodAutoscaler unless something else owns the
 * replica count, a PodDisruptionBudget, and a PodMonitor for its metrics. Every object is named
 * after the service and selected by stable labels, so renaming or moving the construct never
 * changes a selector.
 */
export class Workload extends Construct {
  readonly deployment: k8s.KubeDeployment;
  readonly serviceAccount: k8s.KubeServiceAccount;
  readonly service?: k8s.KubeService;
  /** The HPA, when this construct owns the replica count (`scaling.owner: 'hpa'`). */
  readonly autoscaler?: k8s.KubeHorizontalPodAutoscalerV2;
  readonly disruptionBudget: k8s.KubePodDisruptionBudget;
  readonly podMonitor: PodMonitor;
  /** Labels selecting this workload's pods. */
  readonly selector: Readonly<Record<string, string>>;
  /** What a scaler targets to scale this workload: its Deployment. */
  readonly scaleTargetRef: k8s.CrossVersionObjectReferenceV2;

  constructor(scope: Construct, id: string, props: WorkloadProps) {
    super(scope, id);
    const { service, scaling } = props;
    const name = service.name;
    const metadata = { name, namespace: props.namespace, labels: { ...props.labels } };
    this.selector = props.selector;
    this.scaleTargetRef = { apiVersion: 'apps/v1', kind: 'Deployment', name };

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', {
      metadata,
      automountServiceAccountToken: false,
    });

    this.deployment = new DeploymentWithPreStopSleep(this, 'deployment', {
      metadata: { ...metadata, annotations: props.annotations ? { ...props.annotations } : undefined },
      spec: {
        // No `replicas`: the autoscaler (ours or the external owner's) owns the count.
        selector: { matchLabels: { ...this.selector } },
        revisionHistoryLimit: REVISION_HISTORY_LIMIT,
        progressDeadlineSeconds: Math.max(PROGRESS_DEADLINE.minimumSeconds, service.maxStartupSeconds + PROGRESS_DEADLINE.marginSeconds),
        strategy: {
          type: 'RollingUpdate',
          // Never below desired capacity during a rollout: surge first, then retire old pods.
          rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromString('25%') },
        },
        template: {
          metadata: { labels: { ...props.labels }, annotations: props.podAnnotations ? { ...props.podAnnotations } : undefined },
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

    if (scaling.owner === 'hpa') {
      this.autoscaler = new k8s.KubeHorizontalPodAutoscalerV2(this, 'autoscaler', {
        metadata,
        spec: {
          scaleTargetRef: scaling.scaleTargetRef ?? this.scaleTargetRef,
          minReplicas: scaling.minReplicas,
          maxReplicas: scaling.maxReplicas,
          metrics: [...(scaling.metrics ?? DEFAULT_METRICS)],
          behavior: { scaleUp: SCALE_UP, scaleDown: SCALE_DOWN },
        },
      });
    }

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
    const { service, resources } = props;
    const ports: k8s.ContainerPort[] = [{ name: 'http', containerPort: service.httpPort, protocol: 'TCP' }];
    if (service.metrics.port !== service.httpPort) ports.push({ name: 'metrics', containerPort: service.metrics.port, protocol: 'TCP' });
    const writable = service.writablePaths.map((p) => ({ name: volumeName(p.mountPath), ...p }));
    const extraVolumes = props.volumes ?? [];
    const probe = (endpoint: HttpEndpoint, timing: Omit<k8s.Probe, 'httpGet'>): k8s.Probe => ({
      httpGet: { path: endpoint.path, port: k8s.IntOrString.fromString(endpoint.port) },
      timeoutSeconds: PROBE_TIMEOUT_SECONDS,
      ...timing,
    });
    const startupPeriod = service.maxStartupSeconds > 120 ? 10 : 5;
    const disk = k8s.Quantity.fromString(ephemeralStorage(service));
    return {
      ...servingPodBase({ serviceAccountName: service.name, priorityClassName: props.priorityClassName, drainSeconds: service.drainSeconds, imagePullSecrets: props.imagePullSecrets, selector: this.selector, zoneSpread: props.zoneSpread }),
      containers: [
        {
          name: service.name,
          image: props.image.reference,
          imagePullPolicy: props.image.pullPolicy,
          ports,
          env: props.env ? [...props.env] : undefined,
          envFrom: props.envFrom ? [...props.envFrom] : undefined,
          resources: {
            requests: { 'cpu': k8s.Quantity.fromString(resources.requests.cpu), 'memory': k8s.Quantity.fromString(resources.requests.memory), 'ephemeral-storage': disk },
            limits: { 'cpu': k8s.Quantity.fromString(resources.limits.cpu), 'memory': k8s.Quantity.fromString(resources.limits.memory), 'ephemeral-storage': disk },
          },
          startupProbe: probe(service.liveness, { periodSeconds: startupPeriod, failureThreshold: Math.ceil(service.maxStartupSeconds / startupPeriod) }),
          livenessProbe: probe(service.liveness, LIVENESS),
          readinessProbe: probe(service.readiness, READINESS),
          securityContext: restrictedContainerSecurityContext(),
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

/** What the hardened part of a long-running pod's spec is made of. */
export interface ServingPodBase {
  /** Its ServiceAccount (no API token is mounted). */
  readonly serviceAccountName: string;
  readonly priorityClassName?: string;
  /** Seconds its containers take to finish in-flight work after the preStop pause. */
  readonly drainSeconds: number;
  readonly imagePullSecrets?: readonly string[];
  /** Labels of its replicas, which the spread counts. */
  readonly selector: Readonly<Record<string, string>>;
  /** @default 'DoNotSchedule' */
  readonly zoneSpread?: 'DoNotSchedule' | 'ScheduleAnyway';
}

/**
 * The pod-level fields every long-running workload of the platform shares (the services, PgBouncer,
 * flagd): no API token, no service links, the restricted pod security context, the preStop pause plus
 * its drain as the grace period, and the spread over zones and nodes.
 */
export function servingPodBase(base: ServingPodBase) {
  return {
    serviceAccountName: base.serviceAccountName,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    priorityClassName: base.priorityClassName,
    terminationGracePeriodSeconds: PRE_STOP_PAUSE_SECONDS + base.drainSeconds,
    imagePullSecrets: base.imagePullSecrets?.map((name) => ({ name })),
    securityContext: restrictedPodSecurityContext(),
    topologySpreadConstraints: spreadOverZonesAndNodes(base.selector, base.zoneSpread ?? 'DoNotSchedule'),
  } satisfies Partial<k8s.PodSpec>;
}

/**
 * Replicas spread one apart over zones (as strictly as `zoneSpread` says) and, as far as possible,
 * over nodes. Zone spread counts only nodes the pod could run on (`Honor` taints and affinity): when
 * a zone is lost its nodes are tainted unreachable and drop out of the skew, so pods still schedule
 * in the surviving zones instead of staying Pending.
 */
export function spreadOverZonesAndNodes(selector: Readonly<Record<string, string>>, zoneSpread: 'DoNotSchedule' | 'ScheduleAnyway'): k8s.TopologySpreadConstraint[] {
  return [
    { topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: zoneSpread, nodeTaintsPolicy: 'Honor', nodeAffinityPolicy: 'Honor' },
    { topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' },
  ].map((c) => ({ ...c, maxSkew: 1, labelSelector: { matchLabels: { ...selector } }, matchLabelKeys: ['pod-template-hash'] }));
}

/**
 * A Deployment whose containers pause in a native preStop `sleep` action (Kubernetes 1.30+),
 * which needs no shell or `sleep` binary in the image. The bundled k8s 1.28 types predate the
 * field and drop it when rendering, so it is added to the rendered object.
 */
export class DeploymentWithPreStopSleep extends k8s.KubeDeployment {
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
