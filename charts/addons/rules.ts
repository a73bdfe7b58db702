import { isRecord, labels as labelsSchema } from '../config/primitives';
import type { Rule } from '../config/rules';

/**
 * kube-prometheus-stack's release is named after the `release` label of `network.monitoringLabels`:
 * its Prometheus and Alertmanager select the platform's monitors, rules and AlertmanagerConfig by
 * that label, so a label set without it would leave them all unselected.
 */
export const addOnRules: Rule = (input, report) => {
  const labels = isRecord(input.network) ? input.network.monitoringLabels : undefined;
  // Absent: the default has it. Malformed: the schema reports it.
  if (labels === undefined || !labelsSchema.safeParse(labels).success || (isRecord(labels) && 'release' in labels)) return;
  report('network.monitoringLabels', 'needs a "release" label: it names kube-prometheus-stack\'s Helm release, whose Prometheus and Alertmanager select the platform\'s monitoring objects by it');
};
