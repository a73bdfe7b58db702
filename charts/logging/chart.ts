import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { CloudProfile, LogStore } from '../cloud';
import type { Target } from '../config/target';
import type { FeatureChartProps } from '../platform/feature';
import { appLabels, PART_OF, PLATFORM_VERSION, selectorLabels } from '../platform/labels';
import { PlatformChart } from '../platform/platform-chart';
import { workloadImage } from '../workloads/chart';
import { TIER_PRIORITY } from '../workloads/priority-classes';
import { COLLECTOR_NAME, LogCollector } from './collector';
import { probePaths } from './contract';
import { auditIndexPrefix, auditIsmPolicyName, cloudWatchAuditOutput, cloudWatchOutput, indexPrefix, ismPolicy, ismPolicyName, openSearchAuditOutput, openSearchOutput } from './destinations';
import { fluentBitConfig, type PluginSection } from './fluent-bit-config';
import { CollectorNetworkPolicies } from './network-policy';
import { openSearchWiring } from './opensearch';
import { auditRetentionOf, retentionOf } from './schema';

/** The PriorityClass of node agents. */
export const NODE_AGENT_PRIORITY_CLASS = 'moderation-node-agent';

/**
 * Ten times the serving tier: on a full node the collector preempts a platform pod rather than stay
 * Pending (a node without it loses its logs), while staying far below Kubernetes' own
 * `system-node-critical`, which is kept for the cluster's components (kube-proxy, the CNI).
 */
export const NODE_AGENT_PRIORITY = 10 * TIER_PRIORITY.serving;

/** Name of the collector's ClusterRole and binding. */
export const COLLECTOR_CLUSTER_ROLE = 'moderation-log-collector';

/** The ConfigMap holding the OpenSearch ISM policy of the target's log indices (OpenSearch targets). */
export const ISM_POLICY_CONFIG_MAP = 'opensearch-ism-policy';
/** The ConfigMap holding the OpenSearch ISM policy of the target's audit-event indices (OpenSearch targets). */
export const AUDIT_ISM_POLICY_CONFIG_MAP = 'opensearch-audit-ism-policy';


/** Pod Security labels of a namespace: `enforce` one level, `audit` and `warn` another, each at `latest`. */
function podSecurityLabels(levels: { readonly enforce: string; readonly audit: string; readonly warn: string }): Record<string, string> {
  return Object.fromEntries(
    Object.entries(levels).flatMap(([mode, level]) => [
      [`pod-security.kubernetes.io/${mode}`, level],
      [`pod-security.kubernetes.io/${mode}-version`, 'latest'],
    ]),
  );
}

/** How the collector writes to the target's log store: its Fluent Bit output and what the pod needs for it. */
interface StoreWiring {
  readonly output: PluginSection;
  /** The same store's output of the audit events. */
  readonly auditOutput: PluginSection;
  readonly port: number;
  readonly env?: k8s.EnvVar[];
  readonly volumes?: { readonly volume: k8s.Volume; readonly mount: k8s.VolumeMount }[];
  readonly annotations?: Record<string, string>;
  /** Where the store is written with the pod's cloud identity. */
  readonly identityAgent?: CloudProfile['podIdentityAgent'];
}

function storeWiring(target: Target, cloud: CloudProfile, store: LogStore): StoreWiring {
  const { destination } = target.logging;
  switch (store.kind) {
    case 'cloudwatch-logs':
      if (!cloud.podIdentityAgent) throw new Error(`${cloud.title} ships logs to ${store.title} with a pod identity, but its profile has no podIdentityAgent`);
      const place = { region: target.cluster.region, endpoint: destination.host, environment: target.environment };
      return {
        output: cloudWatchOutput({ ...place, retentionDays: retentionOf(target) }),
        auditOutput: cloudWatchAuditOutput({ ...place, retentionDays: auditRetentionOf(target) }),
        port: destination.port ?? store.port,
        identityAgent: cloud.podIdentityAgent,
      };
    case 'opensearch': {
      // The config rules require the host on an OpenSearch cloud; fail loudly if a caller skipped them.
      if (!destination.host) throw new Error(`target ${target.name}: logging.destination.host is required for ${store.title}`);
      const port = destination.port ?? store.port;
      const wiring = openSearchWiring();
      const cluster = { host: destination.host, port, environment: target.environment, credentials: wiring.credentials };
      return {
        output: openSearchOutput(cluster),
        auditOutput: openSearchAuditOutput(cluster),
        port,
        env: wiring.env,
        volumes: [wiring.volume],
        annotations: wiring.annotations,
      };
    }
  }
}

/**
 * `dist/<target>/logging.yaml`: the logging namespace, the only one allowed host paths (Pod Security
 * `privileged` enforced, `restricted` audited and warned, so the exception is visible on every
 * apply), the node agents' PriorityClass, Fluent Bit on every node shipping to the cloud's log store
 * (the platform's audit events apart, for the audit retention), the namespace's NetworkPolicies and,
 * for OpenSearch, the ISM policies of the target's log and audit-event indices.
 * See docs/features/logging.md.
 */
export class LoggingChart extends PlatformChart {
  readonly collector: LogCollector;

  constructor(scope: Construct, id: string, props: FeatureChartProps) {
    const { target, cloud } = props;
    super(scope, id, { target, component: 'logging' });
    const { logging } = target;
    const namespace = logging.namespace;
    const store = cloud.logStore;
    const wiring = storeWiring(target, cloud, store);
    const image = workloadImage(logging.image.repository, logging.image.version);

    new k8s.KubeNamespace(this, 'namespace', {
      metadata: { name: namespace, labels: podSecurityLabels({ enforce: 'privileged', audit: 'restricted', warn: 'restricted' }) },
    });

    new k8s.KubePriorityClass(this, 'priority-class', {
      metadata: { name: NODE_AGENT_PRIORITY_CLASS, labels: appLabels(target, { name: PART_OF, component: 'scheduling', version: PLATFORM_VERSION }) },
      value: NODE_AGENT_PRIORITY,
      globalDefault: false,
      preemptionPolicy: 'PreemptLowerPriority',
      description: 'Moderation platform node agents (the log collector): one pod per node, needed on every node.',
    });

    const selector = selectorLabels(COLLECTOR_NAME, target);
    this.collector = new LogCollector(this, 'collector', {
      namespace,
      labels: appLabels(target, { name: COLLECTOR_NAME, component: 'log-collector', version: image.version }),
      selector,
      image,
      config: fluentBitConfig({ collectorNamespace: namespace, platformNamespace: target.namespace, droppedRequestPaths: probePaths(), destination: wiring.output, auditDestination: wiring.auditOutput }),
      clusterRoleName: COLLECTOR_CLUSTER_ROLE,
      priorityClassName: NODE_AGENT_PRIORITY_CLASS,
      env: wiring.env,
      volumes: wiring.volumes,
      annotations: wiring.annotations,
    });

    new CollectorNetworkPolicies(this, 'network-policies', {
      namespace,
      podSelector: selector,
      clusterDns: target.network.clusterDns,
      monitoringNamespace: target.network.monitoringNamespace,
      apiServer: logging.apiServer,
      destination: { cidrs: logging.destination.cidrs, port: wiring.port },
      identityAgent: wiring.identityAgent,
    });

    if (store.kind === 'opensearch') {
      const policies = [
        { id: 'ism-policy', configMap: ISM_POLICY_CONFIG_MAP, name: ismPolicyName(target.environment), indexPrefix: indexPrefix(target.environment), retentionDays: retentionOf(target), holds: 'log', field: 'logging.retentionDays' },
        { id: 'audit-ism-policy', configMap: AUDIT_ISM_POLICY_CONFIG_MAP, name: auditIsmPolicyName(target.environment), indexPrefix: auditIndexPrefix(target.environment), retentionDays: auditRetentionOf(target), holds: 'audit event', field: 'logging.auditRetentionDays' },
      ];
      for (const { id, configMap, name, ...policy } of policies) {
        new k8s.KubeConfigMap(this, id, { metadata: { name: configMap, namespace }, data: { 'name': name, 'policy.json': JSON.stringify(ismPolicy(policy), null, 2) } });
      }
    }
  }
}
