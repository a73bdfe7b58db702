import type { KubeObject } from '../../core/object';
import type { Feature } from '../platform/feature';
import { ArgoCdChart } from './chart';
import { gitopsSchema } from './schema';

const config = { gitops: gitopsSchema };

/** The Argo CD AppProject and Application that deliver the target, in `dist/<target>/argocd/`. */
export const gitops: Feature<typeof config> = {
  id: 'gitops',
  config,
  charts: (scope, { target, cloud, charts, contributions }) => {
    const objects = charts.filter((chart) => chart.folder === '').flatMap((chart) => chart.toJson() as KubeObject[]);
    return [new ArgoCdChart(scope, 'application', { target, cloud, objects, ignoreDifferences: contributions.ignoreDifferences })];
  },
};
