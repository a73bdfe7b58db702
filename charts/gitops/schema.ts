import { z } from 'zod';
import type { Target } from '../config/target';
import type { Environment } from '../workloads/defaults';

/** The Git repository Argo CD syncs `dist/` from; change it once here for your organisation. */
export const GITOPS_REPO_URL = 'https://github.com/example-org/moderation-k8s.git';

/** The branch every merge lands on: staging follows it. */
export const STAGING_REVISION = 'main';
/** Revisions that move with every merge; production never follows one of them. */
export const MOVING_REVISIONS: readonly string[] = [STAGING_REVISION, 'HEAD', `refs/heads/${STAGING_REVISION}`];

/**
 * When Argo CD may sync a target: `allow` windows open syncing from `schedule` (cron, in `timeZone`)
 * for `duration`; outside them automated syncs wait. `manualSync` lets a person sync outside a
 * window (a fix during an incident).
 */
const syncWindowSchema = z
  .object({
    kind: z.enum(['allow', 'deny']),
    /** Cron expression (minute hour day-of-month month day-of-week) of the window's start. */
    schedule: z.string().regex(/^(\S+\s+){4}\S+$/, 'must be a five-field cron expression such as "0 9 * * 1-4"'),
    /** How long the window stays open, e.g. "7h" or "90m". */
    duration: z.string().regex(/^\d+[hm]$/, 'must be hours or minutes such as "7h" or "90m"'),
    /** IANA time zone of `schedule`. */
    timeZone: z.string().refine((zone) => Intl.supportedValuesOf('timeZone').includes(zone) || zone === 'UTC', 'must be an IANA time zone such as "UTC" or "Europe/Berlin"').default('UTC'),
    manualSync: z.boolean().default(true),
  })
  .strict();

export type SyncWindow = z.output<typeof syncWindowSchema>;

/** What differs by environment: staging follows every merge at any hour, production a promoted revision in working hours. */
export const GITOPS_DEFAULTS: Readonly<Record<Environment, { targetRevision: string; syncWindows: readonly SyncWindow[] }>> = {
  staging: { targetRevision: STAGING_REVISION, syncWindows: [] },
  production: {
    // Promotion fast-forwards this branch to a commit staging has verified: `git push origin <sha>:release/production`.
    targetRevision: 'release/production',
    // Monday to Thursday, 09:00 to 16:00 UTC: changes land when the team is there to watch them.
    syncWindows: [{ kind: 'allow', schedule: '0 9 * * 1-4', duration: '7h', timeZone: 'UTC', manualSync: true }],
  },
};

/** How Argo CD delivers the target: which repository, revision and cluster, and when. */
export const gitopsSchema = z
  .object({
    repoURL: z.url({ protocol: /^(https|ssh)$/, message: 'must be an https:// or ssh:// Git URL' }).default(GITOPS_REPO_URL),
    /**
     * Branch, tag or commit Argo CD follows, for the add-ons and the platform too. Production
     * follows a promoted revision, never `main`. @default "main" in staging, "release/production" in production
     */
    targetRevision: z.string().min(1).optional(),
    /** Namespace Argo CD runs in, where the Applications and AppProjects live. */
    argocdNamespace: z.string().min(1).default('argocd'),
    /**
     * The cluster, as Argo CD knows it: its API server URL. The default is the cluster Argo CD
     * runs in; with a central Argo CD, the URL of the target's cluster as registered there.
     */
    destinationServer: z.url({ protocol: /^https$/, message: 'must be an https:// API server URL' }).default('https://kubernetes.default.svc'),
    /** Sync automatically on every commit (and undo manual changes); off means a person syncs. */
    autoSync: z.boolean().default(true),
    /**
     * When the platform and the application may sync (the projects' sync windows); `[]` means at any
     * time. @default Monday–Thursday 09:00–16:00 UTC (allow, manual syncs always) in production; none in staging
     */
    syncWindows: z.array(syncWindowSchema).optional(),
  })
  .strict()
  .prefault({});

/** The `gitops` section with its environment's defaults applied. */
export interface GitopsSettings extends Omit<Target['gitops'], 'targetRevision' | 'syncWindows'> {
  readonly targetRevision: string;
  readonly syncWindows: readonly SyncWindow[];
}

export function gitopsSettings(target: Pick<Target, 'environment' | 'gitops'>): GitopsSettings {
  const defaults = GITOPS_DEFAULTS[target.environment];
  return { ...target.gitops, targetRevision: target.gitops.targetRevision ?? defaults.targetRevision, syncWindows: target.gitops.syncWindows ?? defaults.syncWindows };
}
