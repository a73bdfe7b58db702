import type { Construct } from 'constructs';
import { Application, type ApplicationSpecIgnoreDifferences } from '../../imports/applications-argoproj.io';
import { AppProject } from '../../imports/appprojects-argoproj.io';
import { parseApiVersion } from '../../core/kinds';
import type { KubeObject } from '../../core/object';
import type { Target } from '../config/target';
import type { FeatureChartProps } from '../platform/feature';
import { PlatformChart } from '../platform/platform-chart';

/** The output folder of the Argo CD objects, applied where Argo CD runs (not with the target). */
export const ARGOCD_FOLDER = 'argocd';

/** Past syncs Argo CD keeps per Application, to roll back to or to see what changed. */
const APPLICATION_REVISION_HISTORY_LIMIT = 10;

/**
 * A failed sync is retried 5 times, 10 s after the failure and twice as long each time, never more
 * than 3 min apart (about 5 minutes in all), so a CRD or webhook still starting does not fail it for good.
 */
const SYNC_RETRY = { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } } as const;

/** The folder, relative to the repository root, that Argo CD syncs for a target. */
export const distPath = (target: Target) => `dist/${target.name}`;

/** The Argo CD Application (and its AppProject) of a target. */
export const applicationName = (target: Target) => `moderation-${target.name}`;

/** Distinct `{ group, kind }` pairs, sorted, for an AppProject resource list. */
function kindsOf(objects: readonly KubeObject[]): { group: string; kind: string }[] {
  const keys = [...new Set(objects.map((o) => `${parseApiVersion(o.apiVersion).group}/${o.kind}`))].sort();
  return keys.map((key) => ({ group: key.slice(0, key.indexOf('/')), kind: key.slice(key.indexOf('/') + 1) }));
}

export interface ArgoCdChartProps extends FeatureChartProps {
  /** The objects the Application delivers: its project may create exactly their kinds and namespaces. */
  readonly objects: readonly KubeObject[];
  /** Fields of those objects that other controllers own once applied (contributions.ignoreDifferences). @default none */
  readonly ignoreDifferences?: readonly ApplicationSpecIgnoreDifferences[];
}

/**
 * How Argo CD delivers a target: an AppProject that may deploy exactly the kinds, into exactly the
 * namespaces, of the target's rendered objects (so a stray kind in a commit fails the sync instead
 * of landing), and an Application that syncs `dist/<target>` from Git. It is applied to the cluster
 * Argo CD runs in (`kubectl apply -k dist/<target>/argocd`), not with the target's own objects.
 *
 * The Application has no `resources-finalizer`: deleting it leaves the platform running; removing
 * the platform is a deliberate, separate step.
 */
export class ArgoCdChart extends PlatformChart {
  constructor(scope: Construct, id: string, props: ArgoCdChartProps) {
    const { target, objects } = props;
    super(scope, id, { target, component: 'gitops', folder: ARGOCD_FOLDER });
    const { gitops } = target;
    const name = applicationName(target);
    const namespace = gitops.argocdNamespace;
    const namespaces = [...new Set(objects.map((o) => o.metadata.namespace).filter((n): n is string => n !== undefined))].sort();

    const project = new AppProject(this, 'project', {
      metadata: { name, namespace },
      spec: {
        description: `moderation platform, target ${target.name} (${target.cloud} ${target.environment})`,
        sourceRepos: [gitops.repoURL],
        destinations: namespaces.map((ns) => ({ server: gitops.destinationServer, namespace: ns })),
        clusterResourceWhitelist: kindsOf(objects.filter((o) => o.metadata.namespace === undefined)),
        namespaceResourceWhitelist: kindsOf(objects.filter((o) => o.metadata.namespace !== undefined)),
        orphanedResources: { warn: true },
      },
    });

    new Application(this, 'application', {
      metadata: { name, namespace },
      spec: {
        project: project.name,
        source: { repoUrl: gitops.repoURL, targetRevision: gitops.targetRevision, path: distPath(target) },
        destination: { server: gitops.destinationServer, namespace: target.namespace },
        revisionHistoryLimit: APPLICATION_REVISION_HISTORY_LIMIT,
        ignoreDifferences: props.ignoreDifferences && [...props.ignoreDifferences],
        syncPolicy: {
          automated: gitops.autoSync ? { prune: true, selfHeal: true } : undefined,
          // Server-side apply: CRDs' large objects and fields other controllers own merge cleanly;
          // prune last so replacements exist before what they replace goes away.
          syncOptions: ['ServerSideApply=true', 'PruneLast=true', 'FailOnSharedResource=true'],
          retry: { limit: SYNC_RETRY.limit, backoff: { ...SYNC_RETRY.backoff } },
        },
      },
    });
  }
}
