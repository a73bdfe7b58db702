import type { Feature } from '../platform/feature';
import { WorkloadsChart } from './chart';
import { imageRules, sizingRules } from './rules';
import { workloadsConfig } from './schema';

/** The platform's four services as hardened, autoscaled Deployments. */
export const workloads: Feature<typeof workloadsConfig> = {
  id: 'workloads',
  config: workloadsConfig,
  rules: [sizingRules, imageRules],
  charts: (scope, { target, cloud, contributions }) => [new WorkloadsChart(scope, 'workloads', { target, cloud, contributions })],
};
