import { z } from 'zod';

/** The Git repository Argo CD syncs `dist/` from; change it once here for your organisation. */
export const GITOPS_REPO_URL = 'https://github.com/example-org/moderation-k8s.git';

/** How Argo CD delivers the target: which repository, revision and cluster. */
export const gitopsSchema = z
  .object({
    repoURL: z.url({ protocol: /^(https|ssh)$/, message: 'must be an https:// or ssh:// Git URL' }).default(GITOPS_REPO_URL),
    /** Branch, tag or commit Argo CD follows. */
    targetRevision: z.string().min(1).default('main'),
    /** Namespace Argo CD runs in, where the Application and AppProject live. */
    argocdNamespace: z.string().min(1).default('argocd'),
    /**
     * The cluster, as Argo CD knows it: its API server URL. The default is the cluster Argo CD
     * runs in; with a central Argo CD, the URL of the target's cluster as registered there.
     */
    destinationServer: z.url({ protocol: /^https$/, message: 'must be an https:// API server URL' }).default('https://kubernetes.default.svc'),
    /** Sync automatically on every commit (and undo manual changes); off means a person syncs. */
    autoSync: z.boolean().default(true),
  })
  .strict()
  .prefault({});
