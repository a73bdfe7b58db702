import type { Feature } from '../platform/feature';
import type { PlatformChart } from '../platform/platform-chart';
import { WorkloadsChart } from '../workloads/chart';
import { canaries, ignoredDifferences, rolloutScaling } from './canaries';
import { RolloutsChart } from './chart';
import { rolloutsSchema } from './schema';

const config = {
  /** How the canaries of the services the edge routes to progress, and where their analysis reads the objectives. */
  rollouts: rolloutsSchema,
};

/** cdk8s's `Chart` answers `instanceof` true for every chart, so the class is compared instead. */
const isWorkloadsChart = (chart: PlatformChart): chart is WorkloadsChart => chart.constructor === WorkloadsChart;

/**
 * Canary releases with Argo Rollouts for the services the edge routes to: traffic split on the
 * edge's HTTPRoutes, each step analysed against the service's objectives, aborted without a human.
 * The workloads' HPAs scale the Rollouts; Argo CD leaves what the controller changes in flight alone.
 */
export const rollouts: Feature<typeof config> = {
  id: 'rollouts',
  config,
  provides: ({ target }) => ({
    scaling: Object.fromEntries(canaries(target).map(({ service }) => [service, rolloutScaling(target, service)])),
    ignoreDifferences: ignoredDifferences(target),
  }),
  charts: (scope, { target, cloud, charts }) => {
    const workloads = charts.find(isWorkloadsChart);
    if (!workloads) throw new Error('the rollouts feature comes after the workloads feature in charts/registry.ts');
    return [new RolloutsChart(scope, 'rollouts', { target, cloud, workloads })];
  },
};
