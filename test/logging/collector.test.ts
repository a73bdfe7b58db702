import { COLLECTOR_CLUSTER_ROLE, NODE_AGENT_PRIORITY, NODE_AGENT_PRIORITY_CLASS } from '../../charts/logging/chart';
import { TIER_PRIORITY } from '../../charts/workloads/priority-classes';
import { parseQuantity } from '../../core/quantity';
import { validateObject } from '../support';
import { getObject, renderedTarget, renderVariant, TARGET_NAMES, targetObjects } from '../support/render';
import { collectorOf, loggingObjects, parsedConfig } from './logging-objects';

/** Kubernetes' own classes, which the platform never reaches. */
const SYSTEM_NODE_CRITICAL = 2_000_001_000;
const SYSTEM_CLUSTER_CRITICAL = 2_000_000_000;

const PSA = (level: string) => ({ enforce: level, audit: level, warn: level });
const psaOf = (labels: Record<string, string> = {}) => ({
  enforce: labels['pod-security.kubernetes.io/enforce'],
  audit: labels['pod-security.kubernetes.io/audit'],
  warn: labels['pod-security.kubernetes.io/warn'],
});

describe.each(TARGET_NAMES)('the log collector of %s', (targetName) => {
  const { target } = renderedTarget(targetName);
  const objects = targetObjects(targetName);
  const namespace = target.logging.namespace;
  const { daemonSet, pod, container } = collectorOf(objects, namespace);

  it('renders objects that validate against their schemas', () => {
    const own = loggingObjects(targetName);
    expect(own.map((o) => o.kind).sort()).toEqual(expect.arrayContaining(['ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'DaemonSet', 'Namespace', 'NetworkPolicy', 'PodMonitor', 'PriorityClass', 'ServiceAccount']));
    expect(own.flatMap((o) => validateObject(o))).toEqual([]);
  });

  it('gets its own namespace, the one Pod Security exception: privileged enforced, restricted audited and warned', () => {
    const ns = getObject(objects, 'Namespace', namespace);
    expect(psaOf(ns.metadata.labels)).toEqual({ enforce: 'privileged', audit: 'restricted', warn: 'restricted' });
    expect(namespace).not.toBe(target.namespace);
  });

  it('leaves the platform namespace restricted in every mode', () => {
    expect(psaOf(getObject(objects, 'Namespace', target.namespace).metadata.labels)).toEqual(PSA('restricted'));
  });

  it('runs as root with nothing else: no capability, no escalation, read-only root filesystem, RuntimeDefault seccomp, no host namespaces', () => {
    expect(pod.securityContext).toEqual({ runAsUser: 0, runAsGroup: 0, runAsNonRoot: false, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toEqual({
      runAsNonRoot: false,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) expect(pod[field]).toBeUndefined();
    expect(pod.containers).toHaveLength(1);
    expect(pod.initContainers).toBeUndefined();
  });

  it('mounts only /var/log from the host, read-only, and writes only to a size-limited emptyDir', () => {
    const hostPaths = pod.volumes.filter((v: any) => v.hostPath);
    expect(hostPaths).toEqual([{ name: 'host-logs', hostPath: { path: '/var/log', type: 'Directory' } }]);
    const writable = container.volumeMounts.filter((m: any) => !m.readOnly);
    for (const mount of writable) {
      const volume = pod.volumes.find((v: any) => v.name === mount.name);
      expect({ mount: mount.name, emptyDir: volume.emptyDir }).toEqual({ mount: mount.name, emptyDir: { sizeLimit: expect.any(String) } });
    }
    expect(container.volumeMounts.find((m: any) => m.name === 'host-logs')).toEqual({ name: 'host-logs', mountPath: '/var/log', readOnly: true });
  });

  it('keeps its disk queue inside its ephemeral-storage budget, requests equal to limits', () => {
    const state = pod.volumes.find((v: any) => v.emptyDir);
    const queues = parsedConfig(objects, namespace).pipeline.outputs.map((o) => o['storage.total_limit_size'] as string | undefined).filter((q) => q !== undefined);
    expect(queues.length).toBeGreaterThan(1);
    // Every output's queue may fill at once. Fluent Bit's M is 10^6 bytes.
    expect(queues.reduce((sum, queue) => sum + Number(queue.replace(/M$/, '')) * 1e6, 0)).toBeLessThan(parseQuantity(state.emptyDir.sizeLimit)!);
    const { requests, limits } = container.resources;
    expect(requests['ephemeral-storage']).toBe(limits['ephemeral-storage']);
    expect(parseQuantity(limits['ephemeral-storage'])!).toBeGreaterThan(parseQuantity(state.emptyDir.sizeLimit)!);
    expect(requests.memory).toBe(limits.memory);
    expect(requests.cpu).toBeDefined();
  });

  it('runs on every node, above the platform tiers and below the cluster\'s own classes', () => {
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.priorityClassName).toBe(NODE_AGENT_PRIORITY_CLASS);
    const priority = getObject(objects, 'PriorityClass', NODE_AGENT_PRIORITY_CLASS);
    expect(priority.value).toBe(NODE_AGENT_PRIORITY);
    expect(priority.value).toBeGreaterThan(Math.max(...Object.values(TIER_PRIORITY)));
    expect(priority.value).toBeLessThan(Math.min(SYSTEM_CLUSTER_CRITICAL, SYSTEM_NODE_CRITICAL));
    expect(priority.globalDefault).toBe(false);
    expect(daemonSet.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } });
  });

  it('may only read pod and namespace metadata, with its own ServiceAccount token', () => {
    const role = getObject(objects, 'ClusterRole', COLLECTOR_CLUSTER_ROLE);
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['namespaces', 'pods'], verbs: ['get', 'list', 'watch'] }]);
    const binding = getObject(objects, 'ClusterRoleBinding', COLLECTOR_CLUSTER_ROLE);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: COLLECTOR_CLUSTER_ROLE });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: pod.serviceAccountName, namespace }]);
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(getObject(objects, 'ServiceAccount', pod.serviceAccountName, namespace).automountServiceAccountToken).toBe(false);
  });

  it('is scraped on its own metrics and the error-line counter, on the ports its config serves', () => {
    const config = parsedConfig(objects, namespace);
    const ports = Object.fromEntries(container.ports.map((p: any) => [p.name, p.containerPort]));
    expect(ports).toEqual({ http: config.service.http_port, metrics: config.pipeline.outputs.find((o) => o.name === 'prometheus_exporter')!.port });
    expect(ports.http).toBe(2020);
    const monitor = getObject(objects, 'PodMonitor', 'fluent-bit', namespace);
    expect(monitor.spec.selector.matchLabels).toEqual(daemonSet.spec.selector.matchLabels);
    expect(monitor.spec.podMetricsEndpoints.map((e: any) => [e.port, e.path])).toEqual([
      ['http', '/api/v2/metrics/prometheus'],
      ['metrics', '/metrics'],
    ]);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/api/v1/health', port: 'http' });
    expect(config.service.health_check).toBe(true);
  });

  it('rolls its pods when its configuration changes', () => {
    const { objects: changed } = renderVariant(targetName, (input) => {
      input.logging = { ...input.logging!, namespace: 'log-agents' };
    });
    const before = daemonSet.spec.template.metadata.annotations['checksum/config'];
    const after = collectorOf(changed, 'log-agents').daemonSet.spec.template.metadata.annotations['checksum/config'];
    expect(after).toMatch(/^[0-9a-f]{64}$/);
    expect(after).not.toBe(before);
  });
});

describe('the collector image', () => {
  it('is a pinned tag of Fluent Bit, pulled Always, and by digest once the target pins one', () => {
    const { container } = collectorOf(targetObjects('eks-staging'), 'logging');
    expect(container.image).toMatch(/^cr\.fluentbit\.io\/fluent\/fluent-bit:\d+\.\d+\.\d+$/);
    expect(container.imagePullPolicy).toBe('Always');
    const digest = `sha256:${'a'.repeat(64)}`;
    const { objects } = renderVariant('eks-staging', (input) => {
      input.logging = { ...input.logging!, image: { repository: '123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror/fluent-bit', version: `5.1.2@${digest}` } };
    });
    const pinned = collectorOf(objects, 'logging').container;
    expect(pinned.image).toBe(`123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror/fluent-bit:5.1.2@${digest}`);
    expect(pinned.imagePullPolicy).toBe('IfNotPresent');
  });
});
