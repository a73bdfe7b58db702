/** What each target runs to serve its flags: flagd, hardened, fed its flag file, and the services told where it is. */
import { cloudProfile } from '../../charts/cloud';
import { FLAG_CLIENTS } from '../../charts/flags/clients';
import { loadFlagFile } from '../../charts/flags/flag-file';
import { FLAGD_IMAGE, flagsSettings } from '../../charts/flags/schema';
import { SERVICE_NAMES } from '../../charts/platform/services';
import { priorityClassName } from '../../charts/workloads/priority-classes';
import { parseQuantity } from '../../core/quantity';
import { validateObject } from '../support';
import { getObject, parseObjects, renderedTarget, renderVariant, TARGET_NAMES, targetObjects, type KubeObject } from '../support/render';

const envOf = (deployment: KubeObject): Record<string, string | undefined> =>
  Object.fromEntries(deployment.spec.template.spec.containers[0].env.map((e: { name: string; value?: string }) => [e.name, e.value]));

describe.each(TARGET_NAMES)('flagd on %s', (name) => {
  const { target, files } = renderedTarget(name);
  const settings = flagsSettings(target);
  const objects = targetObjects(name);
  const file = files.find((f) => f.name === 'flags.yaml');
  const own = file ? parseObjects(file.content) : [];
  const deployment = getObject(objects, 'Deployment', 'flagd');
  const pod = deployment.spec.template.spec;
  const [container] = pod.containers;
  const service = getObject(objects, 'Service', 'flagd');
  const portNamed = (portName: string) => container.ports.find((p: { name: string }) => p.name === portName)?.containerPort;

  it('renders its own file, every object valid against its schema', () => {
    expect(own.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(
      ['ConfigMap/flagd-flags', 'Deployment/flagd', 'NetworkPolicy/flagd', 'PodDisruptionBudget/flagd', 'PodMonitor/flagd', 'Service/flagd', 'ServiceAccount/flagd'].sort(),
    );
    expect(own.flatMap((o) => validateObject(o))).toEqual([]);
  });

  it('serves the target\'s flag file as committed, from a mounted folder flagd watches (no subPath, so updates reach it)', () => {
    const configMap = getObject(objects, 'ConfigMap', 'flagd-flags');
    const [key] = Object.keys(configMap.data);
    expect(configMap.data[key]).toBe(loadFlagFile(settings.file).text);
    const volume = pod.volumes.find((v: any) => v.configMap?.name === configMap.metadata.name);
    const mount = container.volumeMounts.find((m: any) => m.name === volume.name);
    expect(mount).toEqual({ name: volume.name, mountPath: expect.any(String), readOnly: true });
    expect(container.args).toContain(`--uri=file:${mount.mountPath}/${volume.configMap.items.find((i: any) => i.key === key).path}`);
    // A flag change reaches flagd as a file change, not as a rollout.
    expect(deployment.spec.template.metadata.annotations ?? {}).toEqual({});
  });

  it('a flag change changes the ConfigMap and nothing in the Deployment', () => {
    const text = (f: string) => loadFlagFile(f).text;
    const other = TARGET_NAMES.map((n) => flagsSettings(renderedTarget(n).target).file).find((f) => text(f) !== text(settings.file));
    const { objects: changed } = renderVariant(name, (i: any) => (i.flags = { ...i.flags, file: other }));
    expect(getObject(changed, 'ConfigMap', 'flagd-flags').data).not.toEqual(getObject(objects, 'ConfigMap', 'flagd-flags').data);
    expect(getObject(changed, 'Deployment', 'flagd')).toEqual(deployment);
  });

  it('meets the restricted Pod Security Standard, with a read-only root filesystem and no API access', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(getObject(objects, 'ServiceAccount', 'flagd').automountServiceAccountToken).toBe(false);
    expect(container.securityContext).toEqual({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  it('is sized, disk included (requests equal limits), keeps Go below its memory limit, and serves at the serving priority', () => {
    for (const resource of ['cpu', 'memory']) expect(parseQuantity(container.resources.requests[resource])).toBeLessThanOrEqual(parseQuantity(container.resources.limits[resource])!);
    expect(container.resources.requests['ephemeral-storage']).toBe(container.resources.limits['ephemeral-storage']);
    const goLimit = Number(/^(\d+)MiB$/.exec(envOf(deployment).GOMEMLIMIT!)![1]) * 2 ** 20;
    expect(goLimit).toBeLessThan(parseQuantity(container.resources.limits.memory)!);
    expect(pod.priorityClassName).toBe(priorityClassName('serving'));
    expect(objects.filter((o) => o.kind === 'PriorityClass').map((o) => o.metadata.name)).toContain(pod.priorityClassName);
  });

  it('is probed on its management port (/readyz once the flags are loaded, /healthz), keeps serving through a drain, spreads as the cloud allows', () => {
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'management' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'management' });
    expect(portNamed('management')).toBe(8014);
    expect(deployment.spec.replicas).toBe(settings.replicas);
    const pdb = getObject(objects, 'PodDisruptionBudget', 'flagd');
    expect(pdb.spec).toMatchObject({ maxUnavailable: 1, selector: deployment.spec.selector });
    if (target.environment === 'production') expect(settings.replicas - pdb.spec.maxUnavailable).toBeGreaterThanOrEqual(1);
    expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    const zone = pod.topologySpreadConstraints.find((c: any) => c.topologyKey === 'topology.kubernetes.io/zone');
    expect(zone.whenUnsatisfiable).toBe(cloudProfile(target.cloud).zoneSpread);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(container.lifecycle.preStop.sleep.seconds);
  });

  it('runs flagd 0.16 from the OpenFeature project\'s registry, by tag pulled Always (no digest verified here)', () => {
    expect(container.image).toBe(`${FLAGD_IMAGE.repository}:${FLAGD_IMAGE.version}`);
    expect(FLAGD_IMAGE.version).toMatch(/^v0\.16\.\d+$/);
    expect(container.imagePullPolicy).toBe('Always');
    expect(deployment.metadata.labels!['app.kubernetes.io/version']).toBe(FLAGD_IMAGE.version);
  });

  it('is scraped through a PodMonitor on its management port, with the monitoring selection labels', () => {
    const monitor = getObject(objects, 'PodMonitor', 'flagd');
    expect(monitor.spec.selector).toEqual(deployment.spec.selector);
    expect(monitor.spec.podMetricsEndpoints).toEqual([expect.objectContaining({ port: 'management', path: '/metrics' })]);
    expect(monitor.metadata.labels).toMatchObject(target.network.monitoringLabels);
  });

  it('is where every service\'s flagd provider connects: the Service\'s name and evaluation port, remote evaluation', () => {
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    const [port] = service.spec.ports;
    expect(portNamed(port.targetPort)).toBe(8013);
    expect(FLAG_CLIENTS).toEqual(SERVICE_NAMES);
    for (const client of FLAG_CLIENTS) {
      const env = envOf(getObject(objects, 'Deployment', client));
      expect({ client, host: env.FLAGD_HOST, port: env.FLAGD_PORT, resolver: env.FLAGD_RESOLVER, tls: env.FLAGD_TLS }).toEqual({
        client,
        host: `${service.metadata.name}.${target.namespace}.svc.cluster.local`,
        port: String(port.port),
        resolver: 'rpc',
        tls: 'false',
      });
    }
  });
});

describe('flagd settings', () => {
  const name = TARGET_NAMES[0];

  it('a digest pins the image and lets nodes reuse it; replicas follow the config', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const { objects } = renderVariant(name, (i: any) => (i.flags = { ...i.flags, replicas: 3, image: { version: `v0.16.1@${digest}` } }));
    const deployment = getObject(objects, 'Deployment', 'flagd');
    expect(deployment.spec.template.spec.containers[0]).toMatchObject({ image: `${FLAGD_IMAGE.repository}:v0.16.1@${digest}`, imagePullPolicy: 'IfNotPresent' });
    expect(deployment.spec.replicas).toBe(3);
  });
});
