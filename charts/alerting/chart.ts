import type { Construct } from 'constructs';
import type { FeatureChartProps } from '../platform/feature';
import { PlatformChart } from '../platform/platform-chart';
import { platformRuleGroups } from './platform-alerts';
import { AlertingRules } from './prometheus-rule';
import { sloRuleGroups } from './slo-rules';
import { resolveSlos } from './sli';

/** Names of the two PrometheusRules. */
export const SLO_RULES_NAME = 'slo-burn-rates';
export const PLATFORM_RULES_NAME = 'platform-alerts';

/**
 * The target's alerting rules, in the platform namespace: the objectives' recording rules and
 * burn-rate alerts (./slo-rules.ts over ./slos.ts), and the platform alerts (./platform-alerts.ts).
 * See docs/features/alerting.md.
 */
export class AlertingChart extends PlatformChart {
  readonly sloRules: AlertingRules;
  readonly platformRules: AlertingRules;

  constructor(scope: Construct, id: string, props: FeatureChartProps) {
    const { target } = props;
    super(scope, id, { target, component: 'alerting' });
    const { namespace, alerting } = target;
    const selectorLabels = target.network.monitoringLabels;
    this.sloRules = new AlertingRules(this, 'slo-rules', {
      name: SLO_RULES_NAME,
      namespace,
      selectorLabels,
      groups: sloRuleGroups(resolveSlos(target), { namespace, runbookBaseUrl: alerting.runbookBaseUrl }),
    });
    this.platformRules = new AlertingRules(this, 'platform-rules', {
      name: PLATFORM_RULES_NAME,
      namespace,
      selectorLabels,
      groups: platformRuleGroups(target, alerting.runbookBaseUrl),
    });
  }
}
