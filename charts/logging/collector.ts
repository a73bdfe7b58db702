import { createHash } from 'node:crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PodMonitor } from '../../imports/podmonitors-monitoring.coreos.com';
import type { Resources } from '../workloads/defaults';
import { containerResources, diskBudget, restrictedContainerSecurityContext } from '../workloads/hardening';
import type { WorkloadImage } from '../workloads/workload';
import { BUFFER_LIMITS, CONFIG_FILE, FLUENT_BIT_PATHS, FLUENT_BIT_PORTS, renderFluentBitConfig, SHUTDOWN_GRACE_SECONDS, type FluentBitConfig } from './fluent-bit-config';

/** Name of the collector's ServiceAccount, ConfigMap, DaemonSet and PodMonitor. */
export const COLLECTOR_NAME = 'fluent-bit';

/** Annotation of the pod template that rolls the pods when the configuration changes. */
export const CONFIG_HASH_ANNOTATION = 'checksum/config';

/**
 * CPU and memory of one collector. Memory's request is its limit: under node memory pressure the
 * collector is among the last to be killed, and its peak is bounded by the buffer limits
 * (./fluent-bit-config.ts). CPU may burst to a core to catch up after a backlog.
 */
const RESOURCES: { readonly requests: Resources; readonly limits: Resources } = {
  requests: { cpu: '100m', memory: '256Mi' },
  limits: { cpu: '1', memory: '256Mi' },
};

/** The state volume holds the outputs' queues on disk (logs and audit events) plus the offsets database and chunks not yet routed. */
const STATE_MARGIN_MIB = 128;
const STATE_VOLUME = `${BUFFER_LIMITS.outputQueueMB + BUFFER_LIMITS.auditQueueMB + STATE_MARGIN_MIB}Mi`;

/** Seconds a stopping collector gets: Fluent Bit's own grace to flush, and a margin to exit. */
const TERMINATION_GRACE_SECONDS = SHUTDOWN_GRACE_SECONDS + 10;

/** Nodes whose collector is replaced at once during a rollout. */
const MAX_UNAVAILABLE = 1;

const PROBE = { periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 } as const;

/** Scrape timing, as the platform's: a sample every 30 s, abandoned after 10 s. */
const SCRAPE = { interval: '30s', scrapeTimeout: '10s' } as const;

export interface LogCollectorProps {
  readonly namespace: string;
  /** Labels of every object. */
  readonly labels: Readonly<Record<string, string>>;
  /** Labels selecting the collector's pods: stable, never the version. */
  readonly selector: Readonly<Record<string, string>>;
  readonly image: WorkloadImage;
  /** The pipeline (./fluent-bit-config.ts), rendered into the ConfigMap. */
  readonly config: FluentBitConfig;
  /** Name of the ClusterRole and ClusterRoleBinding that let it read pod and namespace metadata. */
  readonly clusterRoleName: string;
  /** A PriorityClass above the platform's tiers: a node without its collector loses its logs. */
  readonly priorityClassName: string;
  /** Environment of the container: the destination's credentials, from a Secret. @default none */
  readonly env?: readonly k8s.EnvVar[];
  /** Extra read-only volumes, such as the destination's CA certificate. @default none */
  readonly volumes?: readonly { readonly volume: k8s.Volume; readonly mount: k8s.VolumeMount }[];
  /** Annotations of the DaemonSet (Reloader's, to roll it when its Secret rotates). @default none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * Fluent Bit on every node: a DaemonSet that tolerates every taint, reading the nodes' container
 * logs through a read-only host mount; its metadata RBAC (get, list, watch on pods and namespaces);
 * its configuration; a PodMonitor for its own metrics and the error-line counter.
 *
 * It runs as root, because the container runtime writes the log files root-only (0640 root:root),
 * and as little else as possible: every capability dropped (root reads files it owns without
 * CAP_DAC_*), no privilege escalation, read-only root filesystem and host mount, the runtime's
 * seccomp profile. Its only writable path is a size-limited emptyDir, not the host.
 */
export class LogCollector extends Construct {
  readonly serviceAccount: k8s.KubeServiceAccount;
  readonly clusterRole: k8s.KubeClusterRole;
  readonly configMap: k8s.KubeConfigMap;
  readonly daemonSet: k8s.KubeDaemonSet;
  readonly podMonitor: PodMonitor;

  constructor(scope: Construct, id: string, props: LogCollectorProps) {
    super(scope, id);
    const metadata = { name: COLLECTOR_NAME, namespace: props.namespace, labels: { ...props.labels } };
    const config = renderFluentBitConfig(props.config);

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', { metadata, automountServiceAccountToken: false });

    this.clusterRole = new k8s.KubeClusterRole(this, 'cluster-role', {
      metadata: { name: props.clusterRoleName, labels: { ...props.labels } },
      rules: [{ apiGroups: [''], resources: ['namespaces', 'pods'], verbs: ['get', 'list', 'watch'] }],
    });
    new k8s.KubeClusterRoleBinding(this, 'cluster-role-binding', {
      metadata: { name: props.clusterRoleName, labels: { ...props.labels } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: props.clusterRoleName },
      subjects: [{ kind: 'ServiceAccount', name: COLLECTOR_NAME, namespace: props.namespace }],
    });

    this.configMap = new k8s.KubeConfigMap(this, 'config', { metadata, data: { [CONFIG_FILE]: config } });

    this.daemonSet = new k8s.KubeDaemonSet(this, 'daemon-set', {
      metadata: { ...metadata, annotations: props.annotations ? { ...props.annotations } : undefined },
      spec: {
        selector: { matchLabels: { ...props.selector } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(MAX_UNAVAILABLE) } },
        template: {
          metadata: { labels: { ...props.labels }, annotations: { [CONFIG_HASH_ANNOTATION]: createHash('sha256').update(config).digest('hex') } },
          spec: this.podSpec(props),
        },
      },
    });

    this.podMonitor = new PodMonitor(this, 'pod-monitor', {
      metadata,
      spec: {
        selector: { matchLabels: { ...props.selector } },
        podMetricsEndpoints: [
          { port: 'http', path: '/api/v2/metrics/prometheus', ...SCRAPE },
          { port: 'metrics', path: '/metrics', ...SCRAPE },
        ],
      },
    });
  }

  private podSpec(props: LogCollectorProps): k8s.PodSpec {
    const extra = props.volumes ?? [];
    const httpGet = (path: string): k8s.Probe => ({ httpGet: { path, port: k8s.IntOrString.fromString('http') }, ...PROBE });
    return {
      serviceAccountName: COLLECTOR_NAME,
      // The metadata filter reads the API server with this pod's token.
      automountServiceAccountToken: true,
      enableServiceLinks: false,
      priorityClassName: props.priorityClassName,
      terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
      // Every node, whatever its taints (dedicated pools, nodes going down): its logs are wanted most then.
      tolerations: [{ operator: 'Exists' }],
      securityContext: { runAsUser: 0, runAsGroup: 0, runAsNonRoot: false, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: COLLECTOR_NAME,
          image: props.image.reference,
          imagePullPolicy: props.image.pullPolicy,
          command: ['/fluent-bit/bin/fluent-bit'],
          args: [`--config=${FLUENT_BIT_PATHS.config}/${CONFIG_FILE}`],
          ports: [
            { name: 'http', containerPort: FLUENT_BIT_PORTS.http, protocol: 'TCP' },
            { name: 'metrics', containerPort: FLUENT_BIT_PORTS.metrics, protocol: 'TCP' },
          ],
          env: props.env ? [...props.env] : undefined,
          resources: containerResources(RESOURCES, diskBudget([STATE_VOLUME])),
          // Liveness: the HTTP server answers. Readiness: no burst of output errors (a backend outage shows on the DaemonSet).
          livenessProbe: httpGet('/'),
          readinessProbe: httpGet('/api/v1/health'),
          // The platform's container hardening, but as root: containerd writes log files root-only.
          securityContext: { ...restrictedContainerSecurityContext(), runAsNonRoot: false },
          volumeMounts: [
            { name: 'host-logs', mountPath: FLUENT_BIT_PATHS.hostLogs, readOnly: true },
            { name: 'config', mountPath: FLUENT_BIT_PATHS.config, readOnly: true },
            { name: 'state', mountPath: FLUENT_BIT_PATHS.state },
            ...extra.map((v) => v.mount),
          ],
        },
      ],
      volumes: [
        { name: 'host-logs', hostPath: { path: FLUENT_BIT_PATHS.hostLogs, type: 'Directory' } },
        { name: 'config', configMap: { name: COLLECTOR_NAME } },
        { name: 'state', emptyDir: { sizeLimit: k8s.Quantity.fromString(STATE_VOLUME) } },
        ...extra.map((v) => v.volume),
      ],
    };
  }
}
