import type { Feature } from '../platform/feature';
import { LoadtestChart } from './chart';
import { loadtestsRules } from './rules';
import { loadtestsConfig, loadtestsEnabled, SCENARIO_NAMES } from './schema';

/**
 * k6 load tests run by the k6-operator: a steady test at the expected peak, a spike and a soak, each
 * a TestRun in `dist/<target>/loadtests/<scenario>/` that a person applies, held to the SLO table's
 * objectives. Staging renders them; production only where `loadtests.enabled` is true.
 */
export const loadtests: Feature<typeof loadtestsConfig> = {
  id: 'loadtests',
  config: loadtestsConfig,
  rules: [loadtestsRules],
  charts: (scope, { target, cloud }) =>
    loadtestsEnabled(target) ? SCENARIO_NAMES.map((scenario) => new LoadtestChart(scope, `loadtest-${scenario}`, { target, cloud, scenario })) : [],
};
