import type { Construct } from 'constructs';
import type { FeatureChartProps } from '../platform/feature';
import { PlatformChart } from '../platform/platform-chart';
import { AlertRouting } from './alert-routing';
import { RECEIVER_SECRET, RECEIVER_SECRET_KEYS } from './credentials';

/**
 * Where the platform's alerts go: one AlertmanagerConfig in the platform's namespace, selected by the
 * cluster's Alertmanager through its labels, routing the namespace's alerts by severity to PagerDuty,
 * Slack and email. Its credentials are the Secret the secrets feature syncs (./credentials.ts).
 */
export class AlertRoutingChart extends PlatformChart {
  readonly routing: AlertRouting;

  constructor(scope: Construct, id: string, props: FeatureChartProps) {
    const { target } = props;
    super(scope, id, { target, component: 'alert-routing' });
    const { alertRouting } = target;
    this.routing = new AlertRouting(this, 'routing', {
      namespace: target.namespace,
      labels: target.network.monitoringLabels,
      secret: { name: RECEIVER_SECRET, keys: RECEIVER_SECRET_KEYS },
      slackChannel: alertRouting.slack.channel,
      email: alertRouting.email,
    });
  }
}
