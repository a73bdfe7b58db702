import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PRIORITY_TIERS, type PriorityTier } from '../platform/services';

/**
 * Priority of each tier. Both sit far below Kubernetes' own `system-cluster-critical` (2000000000)
 * and `system-node-critical` (2000001000), so the platform never preempts cluster components, and
 * above the default 0 of pods without a class.
 */
export const TIER_PRIORITY: Readonly<Record<PriorityTier, number>> = { serving: 100_000, batch: 50_000 };

/** The PriorityClass name of a tier: `moderation-serving`, `moderation-batch`. */
export const priorityClassName = (tier: PriorityTier) => `moderation-${tier}`;

export interface PriorityClassesProps {
  /** Labels of the PriorityClasses (cluster-scoped, so ownership labels matter). */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The platform's scheduling tiers as PriorityClasses. Under node pressure the scheduler preempts
 * batch pods (the Kafka worker catches up on its backlog later) to place serving pods; batch pods
 * never preempt anything themselves (`preemptionPolicy: Never`), they wait for room.
 */
export class PriorityClasses extends Construct {
  readonly classes: Readonly<Record<PriorityTier, k8s.KubePriorityClass>>;

  constructor(scope: Construct, id: string, props: PriorityClassesProps) {
    super(scope, id);
    const description: Record<PriorityTier, string> = {
      serving: 'Moderation platform pods that answer requests now (web, API, inference).',
      batch: 'Moderation platform pods that work through a queue and may wait or be preempted.',
    };
    this.classes = Object.fromEntries(
      PRIORITY_TIERS.map((tier) => [
        tier,
        new k8s.KubePriorityClass(this, tier, {
          metadata: { name: priorityClassName(tier), labels: { ...props.labels } },
          value: TIER_PRIORITY[tier],
          globalDefault: false,
          preemptionPolicy: tier === 'batch' ? 'Never' : 'PreemptLowerPriority',
          description: description[tier],
        }),
      ]),
    ) as Record<PriorityTier, k8s.KubePriorityClass>;
  }
}
