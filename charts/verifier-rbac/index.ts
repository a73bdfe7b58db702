import type { Feature } from '../platform/feature';
import { VerifierRbacChart } from './chart';
import { verifierSchema } from './schema';

const config = { verifier: verifierSchema };

/** The read-only ClusterRole `npm run verify` needs, for exactly the kinds the features before it render. */
export const verifierRbac: Feature<typeof config> = {
  id: 'verifier-rbac',
  config,
  charts: (scope, { target, cloud, charts }) => [new VerifierRbacChart(scope, 'verifier-rbac', { target, cloud, verified: charts })],
};
