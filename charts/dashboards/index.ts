import type { Feature } from '../platform/feature';
import { DashboardsChart } from './chart';

/** Grafana dashboards per service and for the platform, from the services and objectives tables. */
export const dashboards: Feature = {
  id: 'dashboards',
  charts: (scope, { target, cloud }) => [new DashboardsChart(scope, 'dashboards', { target, cloud })],
};
