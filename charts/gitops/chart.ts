import type { Construct } from 'constructs';
import { parseApiVersion } from '../../core/kinds';
import type { KubeObject } from '../../core/object';
import { Application, type ApplicationSpecIgnoreDifferences } from '../../imports/applications-argoproj.io';
import { AppProject } from '../../imports/appprojects-argoproj.io';
import type { Contributions } from '../platform/contributions';
import type { FeatureChartProps } from '../platform/feature';
import { PlatformChart } from '../platform/platform-chart';
import { APPLICATION_DEFAULTS, ARGOCD_NAMES, distPath, groupKinds, namespacesOf, SYNC_WAVES, syncPolicy, syncWave, type GroupKind, type SyncWave } from './argocd';
import { FOLDERS } from './folders';
import { gitopsSettings, type GitopsSettings } from './schema';

/** The cluster Argo CD runs in, as it names it: the Applications themselves are created there. */
const ARGOCD_CLUSTER = 'https://kubernetes.default.svc';
/** Where the platform Application points namespaced objects without a namespace (it has none); add-ons also write here (KEDA's auth reader binding, kube-prometheus-stack's CoreDNS Service). */
const SYSTEM_NAMESPACE = 'kube-system';
/** Every kind: a deny list with this entry denies all cluster-scoped objects. */
const ANY_KIND: GroupKind = { group: '*', kind: '*' };

/** What the platform project needs to know of an add-on (charts/addons): where its chart comes from, where it installs, what it creates cluster-wide. */
export interface PlatformAddOn {
  readonly chart: { readonly repoURL: string };
  readonly namespace: string;
  readonly clusterKinds: readonly GroupKind[];
}

/** The objects the target's charts render into its root, by the folder that delivers them (./folders.ts). */
export interface DeliveredObjects {
  readonly application: readonly KubeObject[];
  readonly platform: readonly KubeObject[];
}

/**
 * `ignoreDifferences` for the replica count of every workload an autoscaler (an HPA, or KEDA's
 * ScaledObject through the HPA it creates) scales: Git leaves `spec.replicas` out and the
 * autoscaler owns it, so Argo CD neither reports it as drift nor resets it on a sync.
 */
export function autoscaledReplicas(objects: readonly KubeObject[]): ApplicationSpecIgnoreDifferences[] {
  const scalers = objects.filter((o) => (o.kind === 'HorizontalPodAutoscaler' && o.apiVersion.startsWith('autoscaling/')) || (o.kind === 'ScaledObject' && o.apiVersion.startsWith('keda.sh/')));
  return scalers.map((scaler) => {
    const { apiVersion = 'apps/v1', kind = 'Deployment', name } = scaler.spec.scaleTargetRef as { apiVersion?: string; kind?: string; name: string };
    return { group: parseApiVersion(apiVersion).group, kind, name, namespace: scaler.metadata.namespace, jsonPointers: ['/spec/replicas'] };
  });
}

/** Entries once each, in first-seen order: a feature may contribute what the autoscalers already give. */
const unique = (entries: readonly ApplicationSpecIgnoreDifferences[]) => [...new Map(entries.map((e) => [JSON.stringify(e), e])).values()];

export interface DeliveryChartProps extends FeatureChartProps {
  readonly objects: DeliveredObjects;
  /** What features provide each other (charts/platform/contributions.ts): the fields they ask Argo CD to ignore join the application's. */
  readonly contributions: Contributions;
}

/**
 * The platform's and the application's Applications, in `dist/<target>/bootstrap/`: synced by the
 * root Application after the add-ons (sync waves). The platform Application syncs `platform/`
 * (cluster-scoped objects, objects in the add-ons' namespaces) with the platform project; the
 * application Application syncs the target's root folder with the application project, leaving
 * alone the replica counts autoscalers own and the fields features contribute (a canary's weights).
 *
 * Neither has a resources finalizer: deleting one leaves what it synced running; removing the
 * platform is a deliberate, separate step.
 */
export class DeliveryChart extends PlatformChart {
  constructor(scope: Construct, id: string, props: DeliveryChartProps) {
    const { target, objects } = props;
    super(scope, id, { target, component: 'gitops', folder: FOLDERS.bootstrap });
    const gitops = gitopsSettings(target);
    const metadata = (name: string, wave: SyncWave) => ({ name, namespace: gitops.argocdNamespace, annotations: syncWave(wave) });
    const source = (folder: string) => ({ repoUrl: gitops.repoURL, targetRevision: gitops.targetRevision, path: distPath(target, folder) });

    new Application(this, 'platform', {
      metadata: metadata(ARGOCD_NAMES.platform(target), SYNC_WAVES.platform),
      spec: {
        project: ARGOCD_NAMES.platform(target),
        source: source(FOLDERS.platform),
        destination: { server: gitops.destinationServer, namespace: SYSTEM_NAMESPACE },
        ...APPLICATION_DEFAULTS,
        syncPolicy: syncPolicy(gitops.autoSync),
      },
    });

    new Application(this, 'application', {
      metadata: metadata(ARGOCD_NAMES.application(target), SYNC_WAVES.application),
      spec: {
        project: ARGOCD_NAMES.application(target),
        source: source(FOLDERS.application),
        destination: { server: gitops.destinationServer, namespace: target.namespace },
        ignoreDifferences: unique([...autoscaledReplicas(objects.application), ...props.contributions.ignoreDifferences]),
        ...APPLICATION_DEFAULTS,
        syncPolicy: syncPolicy(gitops.autoSync, ['RespectIgnoreDifferences=true']),
      },
    });
  }
}

export interface ArgoCdChartProps extends FeatureChartProps {
  readonly objects: DeliveredObjects;
  /** The add-ons the platform project delivers besides the platform folder. */
  readonly addOns: readonly PlatformAddOn[];
}

/**
 * What a person applies once where Argo CD runs (`kubectl apply -k dist/<target>/argocd`): the
 * projects and the root Application. Everything else comes from Git through the root Application.
 *
 * - bootstrap project: the root Application may only create Applications, in Argo CD's namespace,
 *   from the repository;
 * - platform project: the add-ons' charts and the platform folder; exactly the cluster-scoped kinds
 *   they create, in their namespaces;
 * - application project: exactly the namespaced kinds the application renders, in the target's
 *   own namespaces, nothing cluster-scoped (a deny-all list backs the empty allow list).
 *
 * Projects are not synced from Git: widening what a project may deploy is this deliberate step.
 * Production's projects carry the sync windows (`gitops.syncWindows`).
 */
export class ArgoCdChart extends PlatformChart {
  constructor(scope: Construct, id: string, props: ArgoCdChartProps) {
    const { target, objects, addOns } = props;
    super(scope, id, { target, component: 'gitops', folder: FOLDERS.argocd });
    const gitops = gitopsSettings(target);
    const project = (name: string, spec: object) => new AppProject(this, name, { metadata: { name, namespace: gitops.argocdNamespace }, spec });
    const destinations = (namespaces: readonly string[], server = gitops.destinationServer) => [...new Set(namespaces)].sort().map((namespace) => ({ server, namespace }));
    const windows = syncWindows(gitops);
    const description = (what: string) => `moderation platform, target ${target.name} (${target.cloud} ${target.environment}): ${what}`;

    const bootstrap = project(ARGOCD_NAMES.bootstrap(target), {
      description: description('the root Application, which creates the others'),
      sourceRepos: [gitops.repoURL],
      destinations: destinations([gitops.argocdNamespace], ARGOCD_CLUSTER),
      namespaceResourceWhitelist: [{ group: 'argoproj.io', kind: 'Application' }],
      clusterResourceBlacklist: [ANY_KIND],
    });

    project(ARGOCD_NAMES.platform(target), {
      description: description('cluster add-ons and cluster-wide objects'),
      sourceRepos: [gitops.repoURL, ...[...new Set(addOns.map((a) => a.chart.repoURL))].sort()],
      destinations: destinations([...addOns.map((a) => a.namespace), ...namespacesOf(objects.platform), SYSTEM_NAMESPACE]),
      clusterResourceWhitelist: groupKinds([...objects.platform.filter((o) => o.metadata.namespace === undefined), ...addOns.flatMap((a) => a.clusterKinds)]),
      syncWindows: windows,
    });

    project(ARGOCD_NAMES.application(target), {
      description: description('the application'),
      sourceRepos: [gitops.repoURL],
      destinations: destinations(namespacesOf(objects.application)),
      clusterResourceWhitelist: [],
      clusterResourceBlacklist: [ANY_KIND],
      namespaceResourceWhitelist: groupKinds(objects.application),
      orphanedResources: { warn: true },
      syncWindows: windows,
    });

    new Application(this, 'root', {
      metadata: { name: ARGOCD_NAMES.bootstrap(target), namespace: gitops.argocdNamespace },
      spec: {
        project: bootstrap.name,
        source: { repoUrl: gitops.repoURL, targetRevision: gitops.targetRevision, path: distPath(target, FOLDERS.bootstrap) },
        destination: { server: ARGOCD_CLUSTER, namespace: gitops.argocdNamespace },
        ...APPLICATION_DEFAULTS,
        syncPolicy: syncPolicy(gitops.autoSync),
      },
    });
  }
}

/** The projects' sync windows, or none. */
function syncWindows(gitops: GitopsSettings) {
  if (gitops.syncWindows.length === 0) return undefined;
  return gitops.syncWindows.map((w) => ({ kind: w.kind, schedule: w.schedule, duration: w.duration, timeZone: w.timeZone, manualSync: w.manualSync, applications: ['*'] }));
}
