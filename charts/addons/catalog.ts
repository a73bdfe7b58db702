import type { CloudProfile } from '../cloud';
import type { Target } from '../config/target';
import { DASHBOARD_LABEL, FOLDER_ANNOTATION } from '../dashboards/dashboard-configmap';
import { SYNC_WAVES, type GroupKind, type SyncWave } from '../gitops/argocd';
import { CERT_MANAGER_NAMESPACE } from '../secrets/credentials';
import type { AddOnSettings } from './schema';

/**
 * The cluster add-ons: every upstream Helm chart the platform needs, pinned, with the values its
 * features expect, as one typed table. Argo CD renders the charts (charts/addons/application.ts);
 * nothing here runs Helm.
 */

/** A pinned upstream chart: a Helm repository and chart name, or an OCI repository that is the chart. */
export type HelmChartRef = { readonly repoURL: string; readonly version: string } & ({ readonly chart: string } | { readonly oci: true });

/**
 * Every chart the add-on layer installs, at the version the platform was built against. Bump a
 * version here, synthesize, and promote it like any change: staging first.
 */
export const CHARTS = {
  /** prometheus-operator's CRDs, v0.93.1 (kube-prometheus-stack 88.5.3's operator). */
  prometheusOperatorCrds: { repoURL: 'https://prometheus-community.github.io/helm-charts', chart: 'prometheus-operator-crds', version: '31.0.1' },
  /** Envoy Gateway's CRDs, and the Gateway API standard channel where the cloud does not provide it. */
  gatewayCrds: { repoURL: 'oci://registry-1.docker.io/envoyproxy/gateway-crds-helm', oci: true, version: 'v1.9.2' },
  certManager: { repoURL: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.21.1' },
  externalSecrets: { repoURL: 'https://charts.external-secrets.io', chart: 'external-secrets', version: '2.9.0' },
  /** Envoy Gateway (docker.io/envoyproxy/gateway-helm; registry-1.docker.io is Docker Hub's registry API host). */
  envoyGateway: { repoURL: 'oci://registry-1.docker.io/envoyproxy/gateway-helm', oci: true, version: 'v1.9.2' },
  keda: { repoURL: 'https://kedacore.github.io/charts', chart: 'keda', version: '2.20.2' },
  kubePrometheusStack: { repoURL: 'https://prometheus-community.github.io/helm-charts', chart: 'kube-prometheus-stack', version: '88.5.3' },
  reloader: { repoURL: 'https://stakater.github.io/stakater-charts', chart: 'reloader', version: '2.2.16' },
  /** Argo Rollouts v1.9.0. */
  argoRollouts: { repoURL: 'https://argoproj.github.io/argo-helm', chart: 'argo-rollouts', version: '2.41.0' },
} as const satisfies Record<string, HelmChartRef>;

/** The Gateway API traffic router of Argo Rollouts, as the image its binary is copied from. */
export const GATEWAY_API_PLUGIN = {
  name: 'argoproj-labs/gatewayAPI',
  image: 'ghcr.io/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi:v0.15.0',
  /** Where the image keeps the binary. */
  binary: '/bin/rollouts-plugin-trafficrouter-gatewayapi',
  /** The volume the controller loads it from. */
  directory: '/plugins',
} as const;

/** ServiceAccounts other parts of the platform name: cloud identities are bound to them. */
export const ADDON_SERVICE_ACCOUNTS = { certManager: 'cert-manager', externalSecrets: 'external-secrets', kedaOperator: 'keda-operator' } as const;

export type PodSecurityLevel = 'restricted' | 'privileged';

/** What an add-on's row is computed from. */
export interface AddOnContext {
  readonly target: Target;
  readonly cloud: CloudProfile;
  readonly settings: AddOnSettings;
}

/** One add-on: an upstream chart, where and when it is installed, and its values. */
export interface AddOn {
  /** Short id: the Application's name is `moderation-<target>-<id>`. */
  readonly id: string;
  readonly chart: HelmChartRef;
  /** Helm release name: the chart names its objects after it (kube-prometheus-stack also selects by it). */
  readonly releaseName: string;
  readonly namespace: string;
  readonly wave: SyncWave;
  /**
   * Pod Security level the namespace enforces; the Application creates the namespace with it. None
   * for charts of CRDs only, which create nothing namespaced.
   */
  readonly podSecurity?: PodSecurityLevel;
  /** Labels of the namespace beyond Pod Security's. @default none */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
  /** Cluster-scoped kinds the chart creates: the platform project allows exactly these (and the platform folder's). */
  readonly clusterKinds: readonly GroupKind[];
  /** Skip the chart's `crds/` folder: another add-on installs those CRDs. @default false */
  readonly skipCrds?: boolean;
  /** A ServiceAccount a cloud workload identity must be associated with (EKS Pod Identity), and what for. @default none */
  readonly cloudIdentity?: { readonly serviceAccount: string; readonly grants: string };
  readonly values: Readonly<Record<string, unknown>>;
}

const CRD: GroupKind = { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' };
const RBAC: GroupKind[] = [
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
];
const MUTATING_WEBHOOK: GroupKind = { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration' };
const VALIDATING_WEBHOOK: GroupKind = { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' };
const ADMISSION_POLICY: GroupKind[] = [
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingAdmissionPolicy' },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingAdmissionPolicyBinding' },
];
const API_SERVICE: GroupKind = { group: 'apiregistration.k8s.io', kind: 'APIService' };

/** The Kubernetes control-plane components a managed control plane (EKS, DOKS) does not let Prometheus scrape. */
const MANAGED_CONTROL_PLANE = ['kubeControllerManager', 'kubeScheduler', 'kubeEtcd', 'kubeProxy'] as const;

/**
 * kube-prometheus-stack's release name: the `release` label of `network.monitoringLabels`, which its
 * Prometheus and Alertmanager select by and every monitoring object carries (the addons rules require it).
 */
export function kubePrometheusStackRelease(target: Pick<Target, 'network'>): string {
  const release = target.network.monitoringLabels.release;
  if (release === undefined) throw new Error('network.monitoringLabels has no "release" label: the addons rules should have rejected the target');
  return release;
}

/** The add-ons of a target, in the order they are listed (waves order their installation). */
export function addOnsOf({ target, cloud, settings }: AddOnContext): readonly AddOn[] {
  const { network, secrets, edge } = target;
  const { replicas } = settings;
  const ha = replicas > 1;
  /** Every ServiceMonitor and PodMonitor the charts create carries the labels Prometheus selects. */
  const monitorLabels = { ...network.monitoringLabels };
  const kubePrometheusRelease = kubePrometheusStackRelease(target);

  return [
    {
      id: 'prometheus-operator-crds',
      chart: CHARTS.prometheusOperatorCrds,
      releaseName: 'prometheus-operator-crds',
      namespace: network.monitoringNamespace,
      wave: SYNC_WAVES.crds,
      clusterKinds: [CRD],
      values: {},
    },
    {
      id: 'gateway-crds',
      chart: CHARTS.gatewayCrds,
      releaseName: 'gateway-crds',
      namespace: network.edgeNamespace,
      wave: SYNC_WAVES.crds,
      // The Gateway API bundle brings its safe-upgrade admission policy.
      clusterKinds: cloud.providesGatewayApiCrds ? [CRD] : [CRD, ...ADMISSION_POLICY],
      values: { crds: { gatewayAPI: { enabled: !cloud.providesGatewayApiCrds, channel: 'standard' }, envoyGateway: { enabled: true } } },
    },
    {
      id: 'cert-manager',
      chart: CHARTS.certManager,
      releaseName: 'cert-manager',
      namespace: CERT_MANAGER_NAMESPACE,
      wave: SYNC_WAVES.operators,
      podSecurity: 'restricted',
      clusterKinds: [CRD, ...RBAC, MUTATING_WEBHOOK, VALIDATING_WEBHOOK],
      cloudIdentity:
        cloud.podIdentityAgent && edge.certificates.solver === 'dns01' && edge.certificates.dns01?.route53
          ? { serviceAccount: ADDON_SERVICE_ACCOUNTS.certManager, grants: "route53:ChangeResourceRecordSets and GetChange on the domain's hosted zone (DNS-01)" }
          : undefined,
      values: {
        crds: { enabled: true, keep: true },
        // Its leader-election lease in its own namespace, not kube-system.
        global: { leaderElection: { namespace: CERT_MANAGER_NAMESPACE } },
        serviceAccount: { name: ADDON_SERVICE_ACCOUNTS.certManager },
        // The edge's HTTP-01 challenges are HTTPRoutes on the Gateway.
        config: { apiVersion: 'controller.config.cert-manager.io/v1alpha1', kind: 'ControllerConfiguration', gatewayAPI: { enabled: true } },
        replicaCount: replicas,
        podDisruptionBudget: { enabled: ha },
        webhook: { replicaCount: replicas, podDisruptionBudget: { enabled: ha } },
        cainjector: { replicaCount: replicas, podDisruptionBudget: { enabled: ha } },
        prometheus: { enabled: true, servicemonitor: { enabled: true, labels: monitorLabels } },
      },
    },
    {
      id: 'external-secrets',
      chart: CHARTS.externalSecrets,
      releaseName: 'external-secrets',
      namespace: secrets.operatorNamespace,
      wave: SYNC_WAVES.operators,
      podSecurity: 'restricted',
      clusterKinds: [CRD, ...RBAC, VALIDATING_WEBHOOK],
      cloudIdentity:
        cloud.podIdentityAgent && secrets.provider === 'aws-secrets-manager' && secrets.auth === 'pod-identity'
          ? { serviceAccount: ADDON_SERVICE_ACCOUNTS.externalSecrets, grants: 'secretsmanager:GetSecretValue and DescribeSecret on the target\'s secrets (see secrets)' }
          : undefined,
      values: {
        installCRDs: true,
        serviceAccount: { name: ADDON_SERVICE_ACCOUNTS.externalSecrets },
        replicaCount: replicas,
        leaderElect: ha,
        podDisruptionBudget: { enabled: ha },
        webhook: { replicaCount: replicas, podDisruptionBudget: { enabled: ha } },
        certController: { replicaCount: replicas, podDisruptionBudget: { enabled: ha } },
        // Always rendered: the monitoring CRDs are installed in an earlier wave, and a skipped monitor is silent.
        serviceMonitor: { enabled: true, renderMode: 'alwaysRender', additionalLabels: monitorLabels },
      },
    },
    {
      id: 'envoy-gateway',
      chart: CHARTS.envoyGateway,
      releaseName: 'envoy-gateway',
      namespace: network.edgeNamespace,
      wave: SYNC_WAVES.operators,
      podSecurity: 'restricted',
      namespaceLabels: cloud.edgeNamespaceLabels,
      clusterKinds: [...RBAC, MUTATING_WEBHOOK],
      // Its CRDs (and the Gateway API's, where needed) come from gateway-crds.
      skipCrds: true,
      values: {
        crds: { enabled: false },
        deployment: { replicas },
        podDisruptionBudget: { minAvailable: ha ? 1 : 0 },
      },
    },
    {
      id: 'keda',
      chart: CHARTS.keda,
      releaseName: 'keda',
      namespace: 'keda',
      wave: SYNC_WAVES.operators,
      podSecurity: 'restricted',
      clusterKinds: [CRD, ...RBAC, VALIDATING_WEBHOOK, API_SERVICE],
      cloudIdentity:
        cloud.podIdentityAgent && cloud.kafkaAuth.kind === 'aws-msk-iam'
          ? { serviceAccount: ADDON_SERVICE_ACCOUNTS.kedaOperator, grants: "kafka-cluster:Connect, DescribeGroup and DescribeTopic on the worker's cluster, group and topic (consumer lag)" }
          : undefined,
      values: {
        crds: { install: true },
        // The worker's TriggerAuthentication uses the operator's own identity (identityOwner keda).
        serviceAccount: { operator: { name: ADDON_SERVICE_ACCOUNTS.kedaOperator } },
        operator: { replicaCount: replicas },
        metricsServer: { replicaCount: replicas },
        webhooks: { replicaCount: replicas },
        podDisruptionBudget: ha ? { operator: { minAvailable: 1 }, metricServer: { minAvailable: 1 }, webhooks: { minAvailable: 1 } } : {},
        // The worker's objective reads keda_scaler_metrics_value.
        prometheus: { operator: { enabled: true, serviceMonitor: { enabled: true, additionalLabels: monitorLabels } } },
      },
    },
    {
      id: 'kube-prometheus-stack',
      chart: CHARTS.kubePrometheusStack,
      releaseName: kubePrometheusRelease,
      namespace: network.monitoringNamespace,
      wave: SYNC_WAVES.operators,
      // node-exporter reads the host (host network, PID namespace and root filesystem).
      podSecurity: 'privileged',
      clusterKinds: [...RBAC, MUTATING_WEBHOOK, VALIDATING_WEBHOOK],
      skipCrds: true,
      values: {
        crds: { enabled: false },
        ...Object.fromEntries(MANAGED_CONTROL_PLANE.map((component) => [component, { enabled: false }])),
        // InfoInhibitor would mute the info alerts alert-routing mails.
        defaultRules: { disabled: { InfoInhibitor: true } },
        prometheus: {
          prometheusSpec: {
            replicas,
            retention: settings.prometheus.retention,
            retentionSize: settings.prometheus.retentionSize,
            storageSpec: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: settings.prometheus.storage } } } } },
            // Select monitors and rules labelled `release: <this release>`, in every namespace: the
            // release is network.monitoringLabels' `release`, which every monitoring object carries.
            ruleSelectorNilUsesHelmValues: true,
            serviceMonitorSelectorNilUsesHelmValues: true,
            podMonitorSelectorNilUsesHelmValues: true,
            probeSelectorNilUsesHelmValues: true,
            ruleNamespaceSelector: {},
            serviceMonitorNamespaceSelector: {},
            podMonitorNamespaceSelector: {},
          },
        },
        alertmanager: {
          alertmanagerSpec: {
            replicas,
            // Only the platform's AlertmanagerConfig, each matched on its own namespace's alerts.
            alertmanagerConfigSelector: { matchLabels: monitorLabels },
            alertmanagerConfigNamespaceSelector: {},
            alertmanagerConfigMatcherStrategy: { type: 'OnNamespace' },
          },
        },
        grafana: {
          admin: { existingSecret: settings.grafana.adminSecret, userKey: 'admin-user', passwordKey: 'admin-password' },
          sidecar: {
            dashboards: {
              enabled: true,
              label: Object.keys(DASHBOARD_LABEL)[0],
              labelValue: Object.values(DASHBOARD_LABEL)[0],
              searchNamespace: network.monitoringNamespace,
              folderAnnotation: FOLDER_ANNOTATION,
              provider: { foldersFromFilesStructure: true },
            },
          },
        },
      },
    },
    {
      id: 'reloader',
      chart: CHARTS.reloader,
      releaseName: 'reloader',
      namespace: 'reloader',
      wave: SYNC_WAVES.operators,
      podSecurity: 'restricted',
      clusterKinds: RBAC,
      values: {
        reloader: {
          // Rolls pods by a pod-template annotation, not an env var added to every container.
          reloadStrategy: 'annotations',
          enableHA: ha,
          readOnlyRootFileSystem: true,
          deployment: {
            replicas,
            containerSecurityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
          },
          podMonitor: { enabled: true, labels: monitorLabels },
        },
      },
    },
    {
      id: 'argo-rollouts',
      chart: CHARTS.argoRollouts,
      releaseName: 'argo-rollouts',
      namespace: 'argo-rollouts',
      wave: SYNC_WAVES.operators,
      podSecurity: 'restricted',
      clusterKinds: [CRD, ...RBAC],
      values: {
        installCRDs: true,
        controller: {
          replicas,
          // The Gateway API plugin is copied from its image by an init container, so the controller
          // never downloads code when it starts (and starts when GitHub is unreachable).
          initContainers: [
            {
              name: 'gateway-api-plugin',
              image: GATEWAY_API_PLUGIN.image,
              command: ['cp', GATEWAY_API_PLUGIN.binary, `${GATEWAY_API_PLUGIN.directory}/`],
              volumeMounts: [{ name: 'plugins', mountPath: GATEWAY_API_PLUGIN.directory }],
              securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
            },
          ],
          volumes: [{ name: 'plugins', emptyDir: {} }],
          volumeMounts: [{ name: 'plugins', mountPath: GATEWAY_API_PLUGIN.directory }],
          trafficRouterPlugins: [{ name: GATEWAY_API_PLUGIN.name, location: `file://${GATEWAY_API_PLUGIN.directory}/${GATEWAY_API_PLUGIN.binary.split('/').pop()}` }],
          metrics: { enabled: true, serviceMonitor: { enabled: true, additionalLabels: monitorLabels } },
        },
        // RBAC for the Gateway API only (the chart grants every provider's by default), plus the
        // patch the plugin uses to edit the HTTPRoutes' backend weights.
        providerRBAC: {
          enabled: true,
          providers: { istio: false, smi: false, ambassador: false, awsLoadBalancerController: false, awsAppMesh: false, traefik: false, apisix: false, contour: false, glooPlatform: false, gatewayAPI: true },
          additionalRules: [{ apiGroups: ['gateway.networking.k8s.io'], resources: ['httproutes'], verbs: ['patch'] }],
        },
      },
    },
  ];
}
