import type { KubeObject } from '../../core/object';
import type { Feature } from '../platform/feature';
import { ArgoCdChart, DeliveryChart } from './chart';
import { FOLDERS, splitByDelivery } from './folders';
import { gitopsRules } from './rules';
import { gitopsSchema } from './schema';

const config = { gitops: gitopsSchema };

/**
 * How Argo CD delivers the target: the platform's and the application's Applications in
 * `bootstrap/`, and the projects and root Application in `argocd/`. Last in the registry: its
 * projects allow exactly what the charts before it render.
 */
export const gitops: Feature<typeof config> = {
  id: 'gitops',
  config,
  rules: [gitopsRules],
  charts: (scope, { target, cloud, charts, contributions }) => {
    const objects = splitByDelivery(charts.filter((chart) => chart.folder === FOLDERS.application).flatMap((chart) => chart.toJson() as KubeObject[]));
    return [new DeliveryChart(scope, 'delivery', { target, cloud, objects, contributions }), new ArgoCdChart(scope, 'application', { target, cloud, objects, addOns: [] })];
  },
};
