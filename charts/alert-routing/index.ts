import type { Feature } from '../platform/feature';
import { AlertRoutingChart } from './chart';
import { RECEIVER_CREDENTIALS } from './credentials';
import { alertRoutingConfig } from './schema';

/** Routes the platform's alerts by severity to PagerDuty, Slack and email (an AlertmanagerConfig). */
export const alertRouting: Feature<typeof alertRoutingConfig> = {
  id: 'alert-routing',
  config: alertRoutingConfig,
  provides: () => ({ credentials: [RECEIVER_CREDENTIALS] }),
  charts: (scope, { target, cloud }) => [new AlertRoutingChart(scope, 'alert-routing', { target, cloud })],
};
