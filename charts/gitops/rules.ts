import { isRecord } from '../config/primitives';
import type { Rule } from '../config/rules';
import { GITOPS_DEFAULTS, MOVING_REVISIONS } from './schema';

/**
 * Production follows a promoted revision: a commit reaches it only after staging ran it. A
 * production target that follows `main` (or `HEAD`) would deploy every merge straight away.
 */
export const gitopsRules: Rule = (input, report) => {
  if (input.environment !== 'production' || !isRecord(input.gitops)) return;
  const revision = input.gitops.targetRevision;
  if (typeof revision !== 'string' || !MOVING_REVISIONS.includes(revision)) return;
  report(
    'gitops.targetRevision',
    `"${revision}" moves with every merge: production follows a promoted revision, such as the branch "${GITOPS_DEFAULTS.production.targetRevision}" (the default) or a release tag`,
  );
};
