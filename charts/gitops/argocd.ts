import { parseApiVersion } from '../../core/kinds';
import type { KubeObject } from '../../core/object';
import type { Target } from '../config/target';
import type { ApplicationSpecSyncPolicy } from '../../imports/applications-argoproj.io';

/**
 * What every Argo CD object of the project shares: names, sync waves and the sync policy. The
 * add-ons (charts/addons) and the delivery of the platform and the application (./chart.ts) build
 * their Applications from it.
 */

/** Past syncs Argo CD keeps per Application, to roll back to or to see what changed. */
const REVISION_HISTORY_LIMIT = 10;

/**
 * A failed sync is retried 5 times, 10 s after the failure and twice as long each time, never more
 * than 3 min apart (about 5 minutes in all), so a CRD or webhook still starting does not fail it for good.
 */
const SYNC_RETRY = { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } } as const;

/**
 * The order the root Application syncs the bootstrap folder in: each wave's Applications are synced
 * and healthy before the next starts. CRDs first (what every later wave's objects are instances of),
 * then the operators (whose ServiceMonitors need the monitoring CRDs, whose webhooks the platform
 * needs), then the platform (namespaces, cluster-wide RBAC, issuers, the secret store), the
 * application last.
 */
export const SYNC_WAVES = { crds: 0, operators: 1, platform: 2, application: 3 } as const;
export type SyncWave = (typeof SYNC_WAVES)[keyof typeof SYNC_WAVES];

/** The annotation that puts an object in a sync wave of the Application that syncs it. */
export const syncWave = (wave: SyncWave) => ({ 'argocd.argoproj.io/sync-wave': String(wave) });

/** `{ revisionHistoryLimit }` of every Application. */
export const APPLICATION_DEFAULTS = { revisionHistoryLimit: REVISION_HISTORY_LIMIT } as const;

/** The folder, relative to the repository root, of a target's rendered output (or one of its folders). */
export const distPath = (target: Target, folder = '') => (folder === '' ? `dist/${target.name}` : `dist/${target.name}/${folder}`);

/** Names of a target's Argo CD objects: unique per target, so one Argo CD can deliver several. */
export const ARGOCD_NAMES = {
  /** The application's Application and AppProject (the name Argo CD showed before the add-on layer). */
  application: (target: Target) => `moderation-${target.name}`,
  /** The platform's Application and AppProject, which also owns the add-ons. */
  platform: (target: Target) => `moderation-${target.name}-platform`,
  /** The root Application (app of apps) and its AppProject. */
  bootstrap: (target: Target) => `moderation-${target.name}-bootstrap`,
  /** An add-on's Application. */
  addOn: (target: Target, addOn: string) => `moderation-${target.name}-${addOn}`,
} as const;

/**
 * The sync policy of every Application: automated with prune and self-heal when `autoSync` (a
 * merged change is the deployment, manual changes are undone), retried with backoff, applied
 * server-side (large CRDs and fields other controllers own merge cleanly), pruning last (the
 * replacement exists before what it replaces goes away), failing rather than taking over an object
 * another Application manages.
 */
export function syncPolicy(autoSync: boolean, extraOptions: readonly string[] = []): ApplicationSpecSyncPolicy {
  return {
    automated: autoSync ? { prune: true, selfHeal: true } : undefined,
    syncOptions: ['ServerSideApply=true', 'PruneLast=true', 'FailOnSharedResource=true', ...extraOptions],
    retry: { limit: SYNC_RETRY.limit, backoff: { ...SYNC_RETRY.backoff } },
  };
}

/** A `{ group, kind }` entry of an AppProject's resource lists. */
export interface GroupKind {
  readonly group: string;
  readonly kind: string;
}

/** Distinct `{ group, kind }` pairs of objects or entries, sorted, for an AppProject resource list. */
export function groupKinds(items: readonly (KubeObject | GroupKind)[]): GroupKind[] {
  const key = (item: KubeObject | GroupKind) => ('apiVersion' in item ? `${parseApiVersion(item.apiVersion).group}/${item.kind}` : `${item.group}/${item.kind}`);
  const keys = [...new Set(items.map(key))].sort();
  return keys.map((k) => ({ group: k.slice(0, k.indexOf('/')), kind: k.slice(k.indexOf('/') + 1) }));
}

/** The namespaces objects live in, sorted. */
export const namespacesOf = (objects: readonly KubeObject[]): string[] =>
  [...new Set(objects.map((o) => o.metadata.namespace).filter((n): n is string => n !== undefined))].sort();
