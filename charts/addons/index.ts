import type { Feature } from '../platform/feature';
import { AddOnsChart } from './chart';
import { addOnRules } from './rules';
import { addonsSchema } from './schema';

const config = { addons: addonsSchema };

/** The cluster add-ons (cert-manager, External Secrets, Envoy Gateway, KEDA, kube-prometheus-stack, Reloader, Argo Rollouts), as Argo CD Applications of upstream charts. */
export const addons: Feature<typeof config> = {
  id: 'addons',
  config,
  rules: [addOnRules],
  charts: (scope, { target, cloud }) => [new AddOnsChart(scope, 'addons', { target, cloud })],
};
