/** The cluster add-ons: pinned upstream charts as Argo CD Applications, in waves, with values from config. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ADDON_SERVICE_ACCOUNTS, CHARTS, GATEWAY_API_PLUGIN } from '../../charts/addons/catalog';
import { CLOUD_PROFILES } from '../../charts/cloud';
import { validateTarget } from '../../charts/config/validate';
import { validateObject } from '../support';
import { overlayInput } from '../support/overlay';
import { allObjectsOf, getObject, parseObjects, renderedTarget, renderVariant, TARGET_NAMES, type KubeObject } from '../support/render';

const ROOT = path.resolve(__dirname, '../..');
const wave = (o: KubeObject) => Number(o.metadata.annotations?.['argocd.argoproj.io/sync-wave']);
const addOnsOf = (files: { name: string; content: string }[]) => parseObjects(files.find((f) => f.name === 'bootstrap/addons.yaml')!.content);

describe.each(TARGET_NAMES)('the add-ons of %s', (targetName) => {
  const rendered = renderedTarget(targetName);
  const { target } = rendered;
  const cloud = CLOUD_PROFILES[target.cloud];
  const addOns = addOnsOf([...rendered.files]);
  const addOn = (id: string) => getObject(addOns, 'Application', `moderation-${targetName}-${id}`, target.gitops.argocdNamespace);
  const values = (id: string) => addOn(id).spec.source.helm.valuesObject;
  const all = allObjectsOf(rendered);
  const platformApp = getObject(all, 'Application', `moderation-${targetName}-platform`);
  const app = getObject(all, 'Application', `moderation-${targetName}`);

  it('installs each upstream chart at its pinned version, as the platform project, and validates against the Application CRD', () => {
    const ids = addOns.map((a) => a.metadata.name.slice(`moderation-${targetName}-`.length));
    expect(ids).toEqual(['prometheus-operator-crds', 'gateway-crds', 'cert-manager', 'external-secrets', 'envoy-gateway', 'keda', 'kube-prometheus-stack', 'reloader', 'argo-rollouts']);
    for (const a of addOns) {
      expect(validateObject(a)).toEqual([]);
      expect(a.spec.project).toBe(`moderation-${targetName}-platform`);
      expect(a.spec.destination.server).toBe(target.gitops.destinationServer);
      const pinned = Object.values(CHARTS).find((c) => c.repoURL === a.spec.source.repoURL && ('chart' in c ? c.chart === a.spec.source.chart : a.spec.source.path === '.'));
      expect({ app: a.metadata.name, version: a.spec.source.targetRevision }).toEqual({ app: a.metadata.name, version: pinned?.version });
      expect(a.spec.source.targetRevision).toMatch(/^v?\d+\.\d+\.\d+$/); // an exact version, never a range
    }
    expect(addOn('cert-manager').spec.source).toMatchObject({ repoURL: 'https://charts.jetstack.io', chart: 'cert-manager', targetRevision: expect.stringMatching(/^v1\.21\./) });
    expect(addOn('external-secrets').spec.source.targetRevision).toMatch(/^2\.9\./);
    expect(addOn('envoy-gateway').spec.source).toMatchObject({ repoURL: 'oci://registry-1.docker.io/envoyproxy/gateway-helm', path: '.', targetRevision: expect.stringMatching(/^v1\.9\./) });
    expect(addOn('keda').spec.source.targetRevision).toMatch(/^2\.20\./);
    expect(addOn('kube-prometheus-stack').spec.source.targetRevision).toMatch(/^88\./);
    expect(addOn('prometheus-operator-crds').spec.source.targetRevision).toBe(CHARTS.prometheusOperatorCrds.version);
    expect(addOn('argo-rollouts').spec.source).toMatchObject({ chart: 'argo-rollouts', targetRevision: CHARTS.argoRollouts.version });
  });

  it('names every Helm release, kube-prometheus-stack\'s after the release label every monitoring object carries', () => {
    for (const a of addOns) expect(a.spec.source.helm.releaseName).toMatch(/^[a-z0-9-]+$/);
    expect(addOn('kube-prometheus-stack').spec.source.helm.releaseName).toBe(target.network.monitoringLabels.release);
    const monitors = all.filter((o) => o.apiVersion.startsWith('monitoring.coreos.com/'));
    for (const o of monitors) expect(o.metadata.labels?.release).toBe(addOn('kube-prometheus-stack').spec.source.helm.releaseName);
    // The add-ons' own monitors carry it too.
    expect(values('cert-manager').prometheus.servicemonitor.labels).toEqual(target.network.monitoringLabels);
    expect(values('external-secrets').serviceMonitor.additionalLabels).toEqual(target.network.monitoringLabels);
    expect(values('keda').prometheus.operator.serviceMonitor.additionalLabels).toEqual(target.network.monitoringLabels);
  });

  it('installs CRDs first, then the operators, then the platform, then the application', () => {
    const crdWave = Math.max(wave(addOn('prometheus-operator-crds')), wave(addOn('gateway-crds')));
    const operators = ['cert-manager', 'external-secrets', 'envoy-gateway', 'keda', 'kube-prometheus-stack', 'reloader', 'argo-rollouts'];
    // Every operator creates ServiceMonitors or PodMonitors, and Envoy Gateway, cert-manager (HTTP-01 routes)
    // and Argo Rollouts' plugin need the Gateway API kinds.
    for (const id of operators) expect({ id, after: wave(addOn(id)) > crdWave }).toEqual({ id, after: true });
    // ClusterIssuers need cert-manager, the ClusterSecretStore External Secrets, the GatewayClass Envoy Gateway.
    for (const id of operators) expect({ id, before: wave(addOn(id)) < wave(platformApp) }).toEqual({ id, before: true });
    expect(wave(platformApp)).toBeLessThan(wave(app));
    for (const a of addOns) expect(a.spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
  });

  it('creates each operator namespace with its Pod Security level and ownership labels; CRD-only charts create none', () => {
    for (const id of ['prometheus-operator-crds', 'gateway-crds']) expect(addOn(id).spec.syncPolicy.syncOptions).not.toContain('CreateNamespace=true');
    const expected: Record<string, [string, string]> = {
      'cert-manager': ['cert-manager', 'restricted'],
      'external-secrets': [target.secrets.operatorNamespace, 'restricted'],
      'envoy-gateway': [target.network.edgeNamespace, 'restricted'],
      'keda': ['keda', 'restricted'],
      'kube-prometheus-stack': [target.network.monitoringNamespace, 'privileged'],
      'reloader': ['reloader', 'restricted'],
      'argo-rollouts': ['argo-rollouts', 'restricted'],
    };
    for (const [id, [namespace, level]] of Object.entries(expected)) {
      const a = addOn(id);
      expect(a.spec.destination.namespace).toBe(namespace);
      expect(a.spec.syncPolicy.syncOptions).toContain('CreateNamespace=true');
      expect(a.spec.syncPolicy.managedNamespaceMetadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': level, 'team': target.owner.team, 'cost-center': target.owner.costCenter });
    }
  });

  it('installs the Gateway API CRDs only where the cloud does not, and Envoy Gateway without CRDs of its own', () => {
    expect(values('gateway-crds').crds).toEqual({ gatewayAPI: { enabled: !cloud.providesGatewayApiCrds, channel: 'standard' }, envoyGateway: { enabled: true } });
    expect(values('envoy-gateway').crds).toEqual({ enabled: false });
    expect(addOn('envoy-gateway').spec.source.helm.skipCrds).toBe(true);
    const platformProject = getObject(all, 'AppProject', `moderation-${targetName}-platform`);
    const admissionPolicies = platformProject.spec.clusterResourceWhitelist.filter((e: { kind: string }) => e.kind.startsWith('ValidatingAdmissionPolicy'));
    expect(admissionPolicies.length > 0).toBe(!cloud.providesGatewayApiCrds);
    expect(addOn('envoy-gateway').spec.syncPolicy.managedNamespaceMetadata.labels).toMatchObject(cloud.edgeNamespaceLabels);
  });

  it('names the ServiceAccounts a cloud identity must be associated with, where the cloud has one', () => {
    const identities = addOns.flatMap((a) => (a.spec.info ?? []).map((i: { value: string }) => i.value.split(':')[0]));
    if (!cloud.podIdentityAgent) {
      expect(identities).toEqual([]);
      return;
    }
    expect(identities).toContain(`keda/${ADDON_SERVICE_ACCOUNTS.kedaOperator}`);
    expect(values('keda').serviceAccount.operator.name).toBe(ADDON_SERVICE_ACCOUNTS.kedaOperator);
    const route53 = target.edge.certificates.solver === 'dns01' && target.edge.certificates.dns01?.route53 !== undefined;
    expect(identities.includes(`cert-manager/${ADDON_SERVICE_ACCOUNTS.certManager}`)).toBe(route53);
  });

  it('loads Argo Rollouts\' Gateway API plugin from its image, with RBAC to edit HTTPRoutes and no other provider\'s', () => {
    const { controller, providerRBAC } = values('argo-rollouts');
    const [plugin] = controller.trafficRouterPlugins;
    expect(plugin.name).toBe('argoproj-labs/gatewayAPI');
    expect(plugin.location).toMatch(/^file:\/\//);
    const [init] = controller.initContainers;
    expect(init.image).toBe(GATEWAY_API_PLUGIN.image);
    expect(init.image).toMatch(/:v\d+\.\d+\.\d+$/);
    // The init container copies the binary to the shared volume the controller loads it from.
    const mount = (mounts: { name: string; mountPath: string }[]) => mounts.find((m) => plugin.location.startsWith(`file://${m.mountPath}/`))!.name;
    expect(mount(init.volumeMounts)).toBe(mount(controller.volumeMounts));
    expect(init.command.join(' ')).toContain(plugin.location.slice('file://'.length).replace(/[^/]+$/, ''));
    expect(init.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(Object.entries(providerRBAC.providers).filter(([, on]) => on).map(([name]) => name)).toEqual(['gatewayAPI']);
    expect(providerRBAC.additionalRules).toEqual([{ apiGroups: ['gateway.networking.k8s.io'], resources: ['httproutes'], verbs: ['patch'] }]);
  });

  it('configures kube-prometheus-stack for the platform: its selectors, Grafana\'s dashboards and login, no default password', () => {
    const kps = values('kube-prometheus-stack');
    expect(kps.crds).toEqual({ enabled: false });
    expect(kps.alertmanager.alertmanagerSpec.alertmanagerConfigSelector).toEqual({ matchLabels: target.network.monitoringLabels });
    expect(kps.grafana.sidecar.dashboards).toMatchObject({ label: 'grafana_dashboard', labelValue: '1', searchNamespace: target.network.monitoringNamespace, folderAnnotation: 'grafana_folder' });
    expect(kps.grafana.admin.existingSecret).toBe(target.addons.grafana.adminSecret);
    expect(JSON.stringify(kps)).not.toContain('adminPassword');
    const replicas = target.environment === 'production' ? 2 : 1;
    expect([kps.prometheus.prometheusSpec.replicas, kps.alertmanager.alertmanagerSpec.replicas, values('cert-manager').webhook.replicaCount]).toEqual([replicas, replicas, replicas]);
  });
});

describe('add-on settings', () => {
  it('size Prometheus from config, keeping samples within 85 % of its volume', () => {
    const { rendered } = renderVariant('eks-staging', (input) => {
      input.addons = { replicas: 3, prometheus: { retention: '30d', storage: '200Gi' } };
    });
    const kps = getObject(addOnsOf([...rendered.files]), 'Application', 'moderation-eks-staging-kube-prometheus-stack').spec.source.helm.valuesObject;
    expect(kps.prometheus.prometheusSpec).toMatchObject({ replicas: 3, retention: '30d', retentionSize: '170GB' });
    expect(kps.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage).toBe('200Gi');
  });

  it('follow the monitoring namespace and release label from the network section', () => {
    const { rendered } = renderVariant('doks-staging', (input) => {
      input.network = { ...input.network, monitoringNamespace: 'observability', monitoringLabels: { release: 'prom' } };
    });
    const objects = addOnsOf([...rendered.files]);
    const kps = getObject(objects, 'Application', 'moderation-doks-staging-kube-prometheus-stack');
    expect(kps.spec.source.helm.releaseName).toBe('prom');
    expect(kps.spec.destination.namespace).toBe('observability');
  });

  it('reject monitoring labels without a release, and a Prometheus volume too small to keep anything', () => {
    const input = overlayInput('eks-staging');
    input.network = { ...input.network, monitoringLabels: { team: 'observability' } };
    input.addons = { prometheus: { storage: '1Gi' } };
    expect(() => validateTarget('eks-staging', input)).toThrow(/network\.monitoringLabels: needs a "release" label: it names kube-prometheus-stack's Helm release/);
    expect(() => validateTarget('eks-staging', input)).toThrow(/addons\.prometheus\.storage: must be at least 2Gi/);
  });
});

describe('docs/features/addons.md', () => {
  it('lists every pinned chart at its version', () => {
    const page = fs.readFileSync(path.join(ROOT, 'docs/features/addons.md'), 'utf8');
    for (const chart of Object.values(CHARTS)) expect(page).toContain(`| ${'chart' in chart ? chart.chart : chart.repoURL.split('/').pop()} | ${chart.version} |`);
  });
});
