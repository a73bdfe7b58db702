import type { Feature } from '../platform/feature';
import { AlertingChart } from './chart';
import { lagBoundRules } from './rules';
import { alertingSchema } from './schema';

const config = { alerting: alertingSchema };

/** Service level objectives with multiwindow burn-rate alerts, and the platform's alerts, as PrometheusRules. */
export const alerting: Feature<typeof config> = {
  id: 'alerting',
  config,
  rules: [lagBoundRules],
  charts: (scope, { target, cloud }) => [new AlertingChart(scope, 'alerting', { target, cloud })],
};
