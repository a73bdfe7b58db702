import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { parseQuantity } from '../../core/quantity';
import { PodMonitor } from '../../imports/podmonitors-monitoring.coreos.com';
import type { Resources } from '../workloads/defaults';
import { containerResources, diskBudget, restrictedContainerSecurityContext } from '../workloads/hardening';
import { DeploymentWithPreStopSleep, servingPodBase, type WorkloadImage } from '../workloads/workload';

/** The name of every object of the flag service: Deployment, Service, ConfigMap, ServiceAccount... */
export const FLAGD_NAME = 'flagd';
/** The in-cluster name of flagd's Service, which the services' flagd providers connect to. */
export const flagdHost = (namespace: string) => `${FLAGD_NAME}.${namespace}.svc.cluster.local`;
/**
 * flagd's ports (its defaults): evaluation (gRPC and Connect, what the providers' `rpc` resolver
 * calls) and management (health, readiness, Prometheus metrics). Its sync (8015) and OFREP (8016)
 * ports listen too, but nothing is let through to them.
 */
export const FLAGD_PORTS = { evaluation: 8013, management: 8014 } as const;
/** Container port names. */
export const FLAGD_PORT_NAMES = { evaluation: 'grpc', management: 'management' } as const;

/** Where the flag file is mounted: the ConfigMap's folder, not a subPath, so the kubelet's updates reach it. */
const FLAGS_DIR = '/etc/flagd';
/** The flag file's key in the ConfigMap and its name in the folder. */
export const FLAGS_KEY = 'flags.json';
/** The ConfigMap holding the target's flag file. */
export const FLAGS_CONFIG_MAP = 'flagd-flags';

/** flagd is a small Go server: the flags live in memory, evaluation is microseconds of CPU. */
const FLAGD_RESOURCES: { readonly requests: Resources; readonly limits: Resources } = {
  requests: { cpu: '50m', memory: '64Mi' },
  limits: { cpu: '500m', memory: '128Mi' },
};

/** 90 % of the container's memory limit, in Go's notation. */
const GO_MEMORY_LIMIT = `${Math.floor(((parseQuantity(FLAGD_RESOURCES.limits.memory) ?? 0) * 0.9) / 2 ** 20)}MiB`;

/** Seconds a terminating flagd keeps answering after the preStop pause while providers move their streams. */
const DRAIN_SECONDS = 15;

/** Probe timing: flagd starts in well under a second, ready once it has read the file. */
const READINESS = { periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3, successThreshold: 1 } as const;
const LIVENESS = { periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 } as const;

export interface FlagdProps {
  readonly namespace: string;
  /** Labels of every object: ownership, `app.kubernetes.io/*`. */
  readonly labels: Readonly<Record<string, string>>;
  /** Labels selecting the pods: stable, never the version. */
  readonly selector: Readonly<Record<string, string>>;
  /** The flag file's text, served as it is in the repository. */
  readonly flags: string;
  readonly replicas: number;
  readonly image: WorkloadImage;
  readonly priorityClassName: string;
  /** How strictly replicas spread over zones. @default 'DoNotSchedule' */
  readonly zoneSpread?: 'DoNotSchedule' | 'ScheduleAnyway';
  /** Secrets the kubelet pulls the image with. @default none */
  readonly imagePullSecrets?: readonly string[];
}

/**
 * flagd serving one flag file to the platform's services: a Deployment reading the file from a
 * ConfigMap (flagd watches it and pushes changes to connected providers, no restart), a Service, a
 * PodDisruptionBudget and a PodMonitor. The container runs the restricted security context with a
 * read-only root filesystem and writes nothing.
 */
export class Flagd extends Construct {
  readonly deployment: k8s.KubeDeployment;
  readonly service: k8s.KubeService;
  readonly configMap: k8s.KubeConfigMap;
  readonly disruptionBudget: k8s.KubePodDisruptionBudget;
  readonly podMonitor: PodMonitor;

  constructor(scope: Construct, id: string, props: FlagdProps) {
    super(scope, id);
    const name = FLAGD_NAME;
    const metadata = { name, namespace: props.namespace, labels: { ...props.labels } };
    const selector = { matchLabels: { ...props.selector } };

    this.configMap = new k8s.KubeConfigMap(this, 'flags', { metadata: { ...metadata, name: FLAGS_CONFIG_MAP }, data: { [FLAGS_KEY]: props.flags } });

    // flagd reads a file: it needs no Kubernetes API access.
    new k8s.KubeServiceAccount(this, 'service-account', { metadata, automountServiceAccountToken: false });

    this.deployment = new DeploymentWithPreStopSleep(this, 'deployment', {
      metadata,
      spec: {
        // A fixed count: flagd's load is the services' evaluations, far below what one pod serves.
        replicas: props.replicas,
        selector,
        strategy: {
          type: 'RollingUpdate',
          // One extra pod at a time and none below the count.
          rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) },
        },
        // No checksum of the flags on the template: a flag change is a file change flagd picks up, not a rollout.
        template: { metadata: { labels: { ...props.labels } }, spec: this.podSpec(props) },
      },
    });

    this.service = new k8s.KubeService(this, 'service', {
      metadata,
      spec: {
        type: 'ClusterIP',
        selector: { ...props.selector },
        ports: [{ name: FLAGD_PORT_NAMES.evaluation, port: FLAGD_PORTS.evaluation, targetPort: k8s.IntOrString.fromString(FLAGD_PORT_NAMES.evaluation), protocol: 'TCP' }],
      },
    });

    // One pod at a time may be evicted: the providers' streams move to the others.
    this.disruptionBudget = new k8s.KubePodDisruptionBudget(this, 'disruption-budget', {
      metadata,
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    });

    this.podMonitor = new PodMonitor(this, 'pod-monitor', {
      metadata,
      spec: { selector, podMetricsEndpoints: [{ port: FLAGD_PORT_NAMES.management, path: '/metrics', interval: '30s', scrapeTimeout: '10s' }] },
    });
  }

  private podSpec(props: FlagdProps): k8s.PodSpec {
    const management = k8s.IntOrString.fromString(FLAGD_PORT_NAMES.management);
    return {
      ...servingPodBase({ serviceAccountName: FLAGD_NAME, priorityClassName: props.priorityClassName, drainSeconds: DRAIN_SECONDS, imagePullSecrets: props.imagePullSecrets, selector: props.selector, zoneSpread: props.zoneSpread }),
      containers: [
        {
          name: FLAGD_NAME,
          image: props.image.reference,
          imagePullPolicy: props.image.pullPolicy,
          args: [
            'start',
            `--uri=file:${FLAGS_DIR}/${FLAGS_KEY}`,
            `--port=${FLAGD_PORTS.evaluation}`,
            `--management-port=${FLAGD_PORTS.management}`,
            // One JSON object per line, as the platform's log pipeline reads (docs/features/logging.md).
            '--log-format=json',
          ],
          // The Go runtime collects garbage harder as it nears this, short of the container's memory limit.
          env: [{ name: 'GOMEMLIMIT', value: GO_MEMORY_LIMIT }],
          ports: [
            { name: FLAGD_PORT_NAMES.evaluation, containerPort: FLAGD_PORTS.evaluation, protocol: 'TCP' },
            { name: FLAGD_PORT_NAMES.management, containerPort: FLAGD_PORTS.management, protocol: 'TCP' },
          ],
          resources: containerResources(FLAGD_RESOURCES, diskBudget([])),
          // Ready once the file is loaded (412 before); alive while the server runs.
          readinessProbe: { httpGet: { path: '/readyz', port: management }, ...READINESS },
          livenessProbe: { httpGet: { path: '/healthz', port: management }, ...LIVENESS },
          securityContext: restrictedContainerSecurityContext(),
          volumeMounts: [{ name: 'flags', mountPath: FLAGS_DIR, readOnly: true }],
        },
      ],
      volumes: [{ name: 'flags', configMap: { name: FLAGS_CONFIG_MAP, items: [{ key: FLAGS_KEY, path: FLAGS_KEY }] } }],
    };
  }
}
