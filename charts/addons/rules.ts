import { SLO_PERIOD_DAYS } from '../alerting/slos';
import { isRecord, labels as labelsSchema } from '../config/primitives';
import type { Rule } from '../config/rules';
import { prometheusRetentionDays } from './schema';

/**
 * kube-prometheus-stack's release is named after the `release` label of `network.monitoringLabels`:
 * its Prometheus and Alertmanager select the platform's monitors, rules and AlertmanagerConfig by
 * that label, so a label set without it would leave them all unselected.
 */
export const addOnRules: Rule = (input, report) => {
  metricsRetentionRule(input, report);
  const labels = isRecord(input.network) ? input.network.monitoringLabels : undefined;
  // Absent: the default has it. Malformed: the schema reports it.
  if (labels === undefined || !labelsSchema.safeParse(labels).success || (isRecord(labels) && 'release' in labels)) return;
  report('network.monitoringLabels', 'needs a "release" label: it names kube-prometheus-stack\'s Helm release, whose Prometheus and Alertmanager select the platform\'s monitoring objects by it');
};

/**
 * Production keeps metrics for the whole SLO period: the error budget left and its dashboards read
 * `SLO_PERIOD_DAYS` of samples, and a shorter retention would show a budget that was never measured.
 */
const metricsRetentionRule: Rule = (input, report) => {
  if (input.environment !== 'production' || !isRecord(input.addons) || !isRecord(input.addons.prometheus)) return;
  const retention = input.addons.prometheus.retention;
  // Malformed values are the schema's to report.
  const days = typeof retention === 'string' ? prometheusRetentionDays(retention) : undefined;
  if (days !== undefined && days < SLO_PERIOD_DAYS) {
    report('addons.prometheus.retention', `"${String(retention)}" is shorter than the ${SLO_PERIOD_DAYS}-day SLO period: production's error budget and its dashboards read ${SLO_PERIOD_DAYS} days of samples`);
  }
};
