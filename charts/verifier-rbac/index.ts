import { FOLDERS } from '../gitops/folders';
import type { Feature } from '../platform/feature';
import { VerifierRbacChart } from './chart';
import { verifierSchema } from './schema';

const config = { verifier: verifierSchema };

/**
 * The read-only ClusterRole `npm run verify` needs, for exactly the kinds the features before it
 * render into the folders it verifies (the target's root and, split from it, `platform/`): not the
 * load tests' TestRuns, which a person applies and deletes.
 */
export const verifierRbac: Feature<typeof config> = {
  id: 'verifier-rbac',
  config,
  charts: (scope, { target, cloud, charts }) => [new VerifierRbacChart(scope, 'verifier-rbac', { target, cloud, verified: charts.filter((chart) => chart.folder === FOLDERS.application) })],
};
