import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { validateTarget } from '../../charts/config/validate';
import { PLATFORM_SERVICES, SERVICE_NAMES } from '../../charts/platform/services';
import { parseQuantity } from '../../core/quantity';
import { cloudProfile } from '../../charts/cloud';
import { priorityClassName } from '../../charts/workloads/priority-classes';
import { KEDA_SCALED } from '../../charts/scaling/chart';
import { canaries } from '../../charts/rollouts/canaries';
import { CONTAINER_LOG_ALLOWANCE, ephemeralStorage, PRE_STOP_PAUSE_SECONDS, RUN_AS_USER, Workload, type WorkloadProps } from '../../charts/workloads/workload';
import { versionLabel } from '../../charts/workloads/chart';
import { overlayInput } from '../support/overlay';
import { getObject, type KubeObject, renderedTarget, TARGET_NAMES, targetObjects } from '../support/render';

const RECOMMENDED = ['name', 'instance', 'version', 'component', 'part-of', 'managed-by'].map((l) => `app.kubernetes.io/${l}`);

describe.each(TARGET_NAMES)('workloads of %s', (targetName) => {
  const target = renderedTarget(targetName).target;
  const objects = targetObjects(targetName);

  describe.each(SERVICE_NAMES)('%s', (name) => {
    const service = PLATFORM_SERVICES[name];
    const deployment = getObject(objects, 'Deployment', name);
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];
    const selector = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': `${name}-${target.environment}` };

    it('is named after the service and selects its pods by stable labels only', () => {
      expect(deployment.metadata.name).toBe(name);
      expect(deployment.spec.selector).toEqual({ matchLabels: selector });
      expect(JSON.stringify(objects)).not.toContain('cdk8s.io/metadata.addr');
      expect(deployment.spec.template.metadata.labels).toMatchObject(selector);
    });

    it('carries the recommended, ownership and cost labels on the Deployment and its pods', () => {
      for (const labels of [deployment.metadata.labels!, deployment.spec.template.metadata.labels]) {
        for (const key of RECOMMENDED) expect(labels[key]).toBeTruthy();
        expect(labels).toMatchObject({ 'environment': target.environment, 'team': target.owner.team, 'cost-center': target.owner.costCenter });
        expect(labels['app.kubernetes.io/version']).toBe(versionLabel(target.images.versions[name]));
      }
    });

    it('runs a pinned image from the target registry', () => {
      expect(container.image).toBe(`${target.images.registry}/${name}:${target.images.versions[name]}`);
      expect(container.image).not.toMatch(/:latest$/);
    });

    it('has the sized requests and limits', () => {
      const disk = ephemeralStorage(service);
      expect(container.resources).toEqual({
        requests: { ...target.services[name].requests, 'ephemeral-storage': disk },
        limits: { ...target.services[name].limits, 'ephemeral-storage': disk },
      });
    });

    it('requests and limits the disk its writable volumes and logs may fill, so the kubelet never evicts it for staying inside them', () => {
      const emptyDirBytes = pod.volumes.filter((v: any) => v.emptyDir).reduce((sum: number, v: any) => sum + parseQuantity(v.emptyDir.sizeLimit)!, 0);
      const requested = parseQuantity(container.resources.requests['ephemeral-storage'])!;
      expect(requested).toBeGreaterThan(emptyDirBytes);
      expect(requested - emptyDirBytes).toBe(parseQuantity(CONTAINER_LOG_ALLOWANCE));
      expect(container.resources.limits['ephemeral-storage']).toBe(container.resources.requests['ephemeral-storage']);
    });

    it('runs in its tier\'s PriorityClass, which the target defines', () => {
      const classes = objects.filter((o) => o.kind === 'PriorityClass');
      expect(pod.priorityClassName).toBe(priorityClassName(service.tier));
      expect(classes.map((c) => c.metadata.name)).toContain(pod.priorityClassName);
    });

    it('pulls a digest from the node cache and a tag always; production runs only digests', () => {
      const digest = /@sha256:[a-f0-9]{64}$/.test(container.image);
      expect(container.imagePullPolicy).toBe(digest ? 'IfNotPresent' : 'Always');
      if (target.environment === 'production') expect(digest).toBe(true);
    });

    it('spreads over zones counting only nodes it may run on, so a lost zone leaves it schedulable', () => {
      const zone = pod.topologySpreadConstraints.find((c: any) => c.topologyKey === 'topology.kubernetes.io/zone');
      expect(zone).toMatchObject({ nodeTaintsPolicy: 'Honor', nodeAffinityPolicy: 'Honor', whenUnsatisfiable: cloudProfile(target.cloud).zoneSpread });
    });

    it('is probed for liveness, readiness and a slow start', () => {
      const httpGet = (path: string) => ({ httpGet: { path, port: 'http' } });
      expect(container.livenessProbe).toMatchObject(httpGet(service.liveness.path));
      expect(container.readinessProbe).toMatchObject(httpGet(service.readiness.path));
      expect(container.startupProbe).toMatchObject(httpGet(service.liveness.path));
      const startupBudget = container.startupProbe.periodSeconds * container.startupProbe.failureThreshold;
      expect(startupBudget).toBeGreaterThanOrEqual(service.maxStartupSeconds);
      if (name === 'ml-inference') expect(startupBudget).toBeGreaterThanOrEqual(300);
      expect(container.ports.map((p: any) => p.name)).toContain('http');
    });

    it('runs with a restricted security context and a read-only root filesystem', () => {
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: RUN_AS_USER, seccompProfile: { type: 'RuntimeDefault' } });
      expect(container.securityContext).toEqual({
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
      const tmp = container.volumeMounts.find((m: any) => m.mountPath === '/tmp');
      expect(pod.volumes.find((v: any) => v.name === tmp.name)).toMatchObject({ emptyDir: { sizeLimit: expect.any(String) } });
      expect(pod.hostNetwork ?? false).toBe(false);
    });

    it('uses its own ServiceAccount without a mounted API token', () => {
      expect(pod.serviceAccountName).toBe(name);
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(getObject(objects, 'ServiceAccount', name).automountServiceAccountToken).toBe(false);
    });

    it('spreads over zones and nodes and drains gracefully', () => {
      const keys = pod.topologySpreadConstraints.map((c: any) => c.topologyKey);
      expect(keys).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
      for (const c of pod.topologySpreadConstraints) expect(c.labelSelector).toEqual({ matchLabels: selector });
      const zone = pod.topologySpreadConstraints[0].whenUnsatisfiable;
      expect(zone).toBe(target.cloud === 'eks' ? 'DoNotSchedule' : 'ScheduleAnyway');
      expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } });
      expect(container.lifecycle).toEqual({ preStop: { sleep: { seconds: PRE_STOP_PAUSE_SECONDS } } });
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(PRE_STOP_PAUSE_SECONDS);
    });

    it('leaves the replica count to its autoscaler: its own CPU HPA (aimed at its Rollout where it is released as a canary), or KEDA\'s where the scaling feature owns it', () => {
      expect(deployment.spec.replicas).toBeUndefined();
      if (KEDA_SCALED.includes(name)) {
        expect(objects.filter((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === name)).toEqual([]);
        expect(getObject(objects, 'ScaledObject', name).spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name });
        return;
      }
      const hpa = getObject(objects, 'HorizontalPodAutoscaler', name);
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      // A service released as a canary scales its Rollout, which runs the Deployment's pods (charts/rollouts).
      const canary = canaries(target).some((c) => c.service === name);
      expect(hpa.spec.scaleTargetRef).toEqual(canary ? { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name } : { apiVersion: 'apps/v1', kind: 'Deployment', name });
      expect(hpa.spec.minReplicas).toBe(target.services[name].replicas.min);
      expect(hpa.spec.maxReplicas).toBe(target.services[name].replicas.max);
      // CPU only: the services' memory is resident (heap, model), not load.
      expect(hpa.spec.metrics.map((m: any) => m.resource.name)).toEqual(['cpu']);
      expect(hpa.spec.behavior.scaleUp.policies.length).toBeGreaterThan(0);
      expect(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds).toBeGreaterThan(0);
      if (target.environment === 'production') expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    });

    it('has a disruption budget that never blocks a drain and keeps the minimum serving', () => {
      const pdb = getObject(objects, 'PodDisruptionBudget', name);
      expect(pdb.spec.selector).toEqual({ matchLabels: selector });
      expect(pdb.spec.maxUnavailable).toBe(1);
      const min = target.services[name].replicas.min;
      // At the autoscaler's minimum, a voluntary disruption leaves min - 1 pods: one or more in production.
      if (target.environment === 'production') expect(min - pdb.spec.maxUnavailable).toBeGreaterThanOrEqual(1);
    });

    it('gets a Service exactly when it serves traffic, selecting its pods by stable labels', () => {
      const services = objects.filter((o) => o.kind === 'Service' && o.metadata.name === name);
      expect(services).toHaveLength(service.servesTraffic ? 1 : 0);
      if (service.servesTraffic) {
        expect(services[0].spec.selector).toEqual(selector);
        expect(services[0].spec.ports).toEqual([expect.objectContaining({ name: 'http', port: service.httpPort, targetPort: 'http' })]);
      }
    });

    it('is scraped by Prometheus through a PodMonitor on its metrics port', () => {
      const monitor = getObject(objects, 'PodMonitor', name);
      expect(monitor.spec.selector).toEqual({ matchLabels: selector });
      const portName = monitor.spec.podMetricsEndpoints[0].port;
      expect(container.ports.find((p: any) => p.name === portName).containerPort).toBe(service.metrics.port);
    });
  });
});

describe('the Workload construct', () => {
  const target = validateTarget('eks-production', overlayInput('eks-production'));
  const synth = (build: (chart: Chart) => void): KubeObject[] => {
    const chart = new Chart(new App(), 'test');
    build(chart);
    return chart.toJson();
  };
  const props: WorkloadProps = {
    service: PLATFORM_SERVICES['moderation-api'],
    namespace: target.namespace,
    labels: { 'app.kubernetes.io/name': 'moderation-api', 'app.kubernetes.io/version': '1.0.0' },
    selector: { 'app.kubernetes.io/name': 'moderation-api' },
    image: { reference: 'registry.example.com/moderation-api:1.0.0', version: '1.0.0', pullPolicy: 'Always' },
    resources: target.services['moderation-api'],
    scaling: { owner: 'hpa', minReplicas: 2, maxReplicas: 4 },
    priorityClassName: 'moderation-serving',
  };

  it('keeps names and selectors when the construct is renamed or moved', () => {
    const before = synth((chart) => new Workload(chart, 'api', props));
    const after = synth((chart) => new Workload(new Construct(chart, 'nested'), 'renamed-api', props));
    const identity = (objects: KubeObject[]) => objects.map((o) => [o.kind, o.metadata.name, o.spec?.selector]);
    expect(identity(after)).toEqual(identity(before));
  });

  it('mounts extra volumes and passes pull secrets and pod annotations through', () => {
    const [, deployment] = synth(
      (chart) =>
        new Workload(chart, 'api', {
          ...props,
          volumes: [{ volume: { name: 'creds', secret: { secretName: 'api-creds' } }, mount: { name: 'creds', mountPath: '/var/run/secrets/app', readOnly: true } }],
          imagePullSecrets: ['registry-pull'],
          podAnnotations: { 'example.com/reload': 'true' },
        }),
    );
    const pod = deployment.spec.template.spec;
    expect(pod.imagePullSecrets).toEqual([{ name: 'registry-pull' }]);
    expect(pod.volumes.map((v: any) => v.name)).toEqual(['tmp', 'creds']);
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'creds', mountPath: '/var/run/secrets/app', readOnly: true });
    expect(deployment.spec.template.metadata.annotations).toEqual({ 'example.com/reload': 'true' });
  });

  it('renders no HPA when something else owns the replica count, and aims its HPA at another scale target on request', () => {
    const external = synth((chart) => new Workload(chart, 'api', { ...props, scaling: { owner: 'external', by: 'KEDA ScaledObject' } }));
    expect(external.map((o) => o.kind)).not.toContain('HorizontalPodAutoscaler');
    expect(external.find((o) => o.kind === 'Deployment')?.spec.replicas).toBeUndefined();
    const rollout = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'moderation-api' };
    const aimed = synth((chart) => new Workload(chart, 'api', { ...props, scaling: { owner: 'hpa', minReplicas: 2, maxReplicas: 4, scaleTargetRef: rollout } }));
    expect(aimed.find((o) => o.kind === 'HorizontalPodAutoscaler')?.spec.scaleTargetRef).toEqual(rollout);
  });

  it('shortens a digest to a valid version label', () => {
    expect(versionLabel('2.14.0')).toBe('2.14.0');
    expect(versionLabel(`2.14.0@sha256:${'b'.repeat(64)}`)).toBe('2.14.0');
    expect(versionLabel(`sha256:${'0123456789ab'.repeat(5)}cdef`)).toBe('sha256-0123456789ab');
  });
});
