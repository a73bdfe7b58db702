import type { Feature } from '../platform/feature';
import { CrossplaneBootstrapChart, EstateChart } from './chart';
import { doEstateRules } from './digitalocean/rules';
import { infraRules } from './rules';
import { infraConfig } from './schema';

/**
 * The target's cloud estate (network, cluster, databases, cache, Kafka, storage, registry, edge,
 * logs, budget) as Crossplane v2 managed resources, for a management cluster: `infra-bootstrap/`
 * then `infra/` in `dist/<target>/`.
 */
export const infra: Feature<typeof infraConfig> = {
  id: 'infra',
  config: infraConfig,
  rules: [infraRules, doEstateRules],
  charts: (scope, props) => [new CrossplaneBootstrapChart(scope, 'crossplane', props), new EstateChart(scope, 'estate', props)],
};
