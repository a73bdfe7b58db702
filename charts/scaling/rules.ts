import type { Rule } from '../config/rules';
import { isRecord } from '../config/primitives';
import { resolvedSizing } from '../workloads/rules';
import { scalingConfig } from './schema';

/**
 * The worker may not outgrow its topic: a consumer group has at most one consumer per partition, so
 * replicas beyond the partition count sit idle while they count against connection budgets.
 */
export const partitionRules: Rule = (input, report) => {
  const scaling = scalingConfig.scaling.safeParse(isRecord(input.scaling) ? input.scaling : {});
  const sizing = resolvedSizing(input, 'moderation-worker');
  if (!scaling.success || !sizing) return;
  const { partitions, fallbackReplicas } = scaling.data.worker;
  const { max } = sizing.replicas;
  if (max > partitions) {
    report('services.moderation-worker.replicas.max', `${max} exceeds scaling.worker.partitions (${partitions}): a consumer group uses at most one consumer per partition; lower it, or add partitions to the topic first`);
  }
  if (fallbackReplicas !== undefined && fallbackReplicas > max) {
    report('scaling.worker.fallbackReplicas', `${fallbackReplicas} is above services.moderation-worker.replicas.max (${max})`);
  }
};
