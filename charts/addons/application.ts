import { Construct } from 'constructs';
import { Application, type ApplicationSpecIgnoreDifferences, type ApplicationSpecSource } from '../../imports/applications-argoproj.io';
import type { Target } from '../config/target';
import { APPLICATION_DEFAULTS, ARGOCD_NAMES, syncPolicy, syncWave } from '../gitops/argocd';
import type { GitopsSettings } from '../gitops/schema';
import { commonLabels } from '../platform/labels';
import type { AddOn, HelmChartRef, PodSecurityLevel } from './catalog';

/**
 * CA bundles controllers write into their own webhook and API registrations after install
 * (cert-manager's cainjector, ESO's cert-controller, KEDA, the charts' certgen jobs): Argo CD leaves
 * them alone instead of reporting drift and resetting them. An add-on gets the entries of the kinds it creates.
 */
export const INJECTED_CA_BUNDLES: readonly ApplicationSpecIgnoreDifferences[] = [
  { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
  { group: 'apiregistration.k8s.io', kind: 'APIService', jsonPointers: ['/spec/caBundle'] },
  { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', jsonPointers: ['/spec/conversion/webhook/clientConfig/caBundle'] },
];

/** Pod Security Admission labels that enforce, audit and warn at one level. */
export function podSecurityLabels(level: PodSecurityLevel): Record<string, string> {
  return Object.fromEntries(['enforce', 'audit', 'warn'].flatMap((mode) => [[`pod-security.kubernetes.io/${mode}`, level], [`pod-security.kubernetes.io/${mode}-version`, 'latest']]));
}

/** The source of a pinned chart: a chart of a Helm repository, or an OCI repository holding the chart. */
function chartSource(chart: HelmChartRef): Pick<ApplicationSpecSource, 'repoUrl' | 'chart' | 'path' | 'targetRevision'> {
  return 'chart' in chart
    ? { repoUrl: chart.repoURL, chart: chart.chart, targetRevision: chart.version }
    : { repoUrl: chart.repoURL, path: '.', targetRevision: chart.version };
}

export interface AddOnApplicationProps {
  readonly target: Target;
  readonly gitops: GitopsSettings;
  readonly addOn: AddOn;
  /** The AppProject the add-on is delivered by (the platform's). */
  readonly project: string;
}

/**
 * The Argo CD Application of one add-on: its chart at the pinned version, rendered by Argo CD with
 * the release name and values of the add-on's row, synced into its namespace (created with its Pod
 * Security level and the platform's ownership labels) in the add-on's sync wave. Where the cloud
 * binds an identity to one of its ServiceAccounts, the Application's info names it.
 */
export class AddOnApplication extends Construct {
  readonly application: Application;

  constructor(scope: Construct, id: string, props: AddOnApplicationProps) {
    super(scope, id);
    const { target, gitops, addOn, project } = props;
    const createsNamespace = addOn.podSecurity !== undefined;
    const namespaceLabels = { ...commonLabels(target), ...(addOn.podSecurity ? podSecurityLabels(addOn.podSecurity) : {}), ...addOn.namespaceLabels };
    const ignored = INJECTED_CA_BUNDLES.filter((entry) => addOn.clusterKinds.some((k) => k.group === entry.group && k.kind === entry.kind));
    const policy = syncPolicy(gitops.autoSync, [...(createsNamespace ? ['CreateNamespace=true'] : []), ...(ignored.length > 0 ? ['RespectIgnoreDifferences=true'] : [])]);

    this.application = new Application(this, 'application', {
      metadata: { name: ARGOCD_NAMES.addOn(target, addOn.id), namespace: gitops.argocdNamespace, annotations: syncWave(addOn.wave) },
      spec: {
        project,
        source: { ...chartSource(addOn.chart), helm: { releaseName: addOn.releaseName, skipCrds: addOn.skipCrds, valuesObject: addOn.values } },
        destination: { server: gitops.destinationServer, namespace: addOn.namespace },
        info: addOn.cloudIdentity && [{ name: 'Cloud identity', value: `${addOn.namespace}/${addOn.cloudIdentity.serviceAccount}: ${addOn.cloudIdentity.grants}` }],
        ignoreDifferences: ignored.length > 0 ? ignored : undefined,
        ...APPLICATION_DEFAULTS,
        syncPolicy: createsNamespace ? { ...policy, managedNamespaceMetadata: { labels: namespaceLabels } } : policy,
      },
    });
  }
}
