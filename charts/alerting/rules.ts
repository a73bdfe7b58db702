import { isRecord } from '../config/primitives';
import type { Rule } from '../config/rules';
import { scalingConfig } from '../scaling/schema';
import { alertingSchema } from './schema';
import { kedaLagCap } from './sli';

/**
 * The worker's lag bound must be one KEDA can report: the kafka scaler caps the lag it reports at
 * partitions × lagThreshold, so a bound at or above the cap is never crossed and the freshness
 * objective could not fail.
 */
export const lagBoundRules: Rule = (input, report) => {
  const alerting = alertingSchema.safeParse(isRecord(input.alerting) ? input.alerting : {});
  const scaling = scalingConfig.scaling.safeParse(isRecord(input.scaling) ? input.scaling : {});
  if (!alerting.success || !scaling.success || alerting.data.workerMaxLag === undefined) return;
  const { partitions, lagThreshold } = scaling.data.worker;
  const cap = kedaLagCap(scaling.data.worker);
  if (alerting.data.workerMaxLag >= cap) {
    report('alerting.workerMaxLag', `${alerting.data.workerMaxLag} is not below ${cap}, the most lag KEDA reports (scaling.worker.partitions × lagThreshold = ${partitions} × ${lagThreshold}): the freshness objective could never fail`);
  }
};
