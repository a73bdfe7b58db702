import type { KubeObject } from '../../core/object';
import { AddOnsChart } from '../addons/chart';
import type { Feature } from '../platform/feature';
import type { PlatformChart } from '../platform/platform-chart';
import { ArgoCdChart, DeliveryChart } from './chart';
import { FOLDERS, splitByDelivery } from './folders';
import { gitopsRules } from './rules';
import { gitopsSchema } from './schema';

const config = { gitops: gitopsSchema };

/** cdk8s's `Chart` answers `instanceof` true for every chart, so the class is compared instead. */
const isAddOnsChart = (chart: PlatformChart): chart is AddOnsChart => chart.constructor === AddOnsChart;

/**
 * How Argo CD delivers the target: the platform's and the application's Applications beside the
 * add-ons' in `bootstrap/`, and the projects and root Application in `argocd/`. Last in the registry:
 * its projects allow exactly what the charts before it render.
 */
export const gitops: Feature<typeof config> = {
  id: 'gitops',
  config,
  rules: [gitopsRules],
  charts: (scope, { target, cloud, charts, contributions }) => {
    const objects = splitByDelivery(charts.filter((chart) => chart.folder === FOLDERS.application).flatMap((chart) => chart.toJson() as KubeObject[]));
    const addOns = charts.filter(isAddOnsChart).flatMap((chart) => chart.addOns);
    return [new DeliveryChart(scope, 'delivery', { target, cloud, objects, contributions }), new ArgoCdChart(scope, 'application', { target, cloud, objects, addOns })];
  },
};
