/** The AWS estate's log groups (the logging feature's retentions: 30–90 days, the audit trails 90–400) and its budget (alerts at 80 % and 100 %). */
import { cloudProfile } from '../../../charts/cloud';
import { estateContext } from '../../../charts/infra/estate';
import { AUDIT_RETENTION_DAYS, auditRetentionOf, MAX_RETENTION_DAYS, MIN_RETENTION_DAYS, retentionOf } from '../../../charts/logging/schema';
import { forProvider, ofKind, one, renderEstate } from '../../support/estate';

describe.each(['eks-production', 'eks-staging'])('logs and cost of %s', (name) => {
  const { target, estate } = renderEstate(name);
  const context = estateContext(target, cloudProfile(target.cloud));
  const groups = ofKind(estate, 'cloudwatchlogs.aws.m.upbound.io/Group');
  const nameOf = (o: (typeof groups)[number]) => o.metadata.annotations?.['crossplane.io/external-name'];

  const auditGroups = [`/aws/eks/${target.cluster.name}/cluster`, `/moderation/${target.environment}/audit`];

  it('creates the control plane\'s, the audit events\', the platform\'s and the database\'s log groups ahead of their writers', () => {
    expect(groups.map(nameOf)).toEqual(
      expect.arrayContaining([...auditGroups, `/moderation/${target.environment}/${target.namespace}`, `/aws/rds/instance/${context.name('postgres')}/postgresql`]),
    );
  });

  it('keeps the audit trails for the audit retention and every other log group for the logs\' retention', () => {
    expect([MIN_RETENTION_DAYS, MAX_RETENTION_DAYS]).toEqual([30, 90]);
    for (const group of groups) {
      const { retentionInDays } = forProvider(group);
      const audit = auditGroups.includes(nameOf(group)!);
      expect({ group: nameOf(group), retentionInDays }).toEqual({ group: nameOf(group), retentionInDays: audit ? auditRetentionOf(target) : retentionOf(target) });
      const { min, max } = audit ? AUDIT_RETENTION_DAYS : { min: MIN_RETENTION_DAYS, max: MAX_RETENTION_DAYS };
      expect(retentionInDays).toBeGreaterThanOrEqual(min);
      expect(retentionInDays).toBeLessThanOrEqual(max);
    }
  });

  it('alerts the owners at 80 % and 100 % of the monthly budget, on actual and forecast spend', () => {
    const budget = forProvider(one(estate, 'budgets.aws.m.upbound.io/Budget', context.name('monthly')));
    expect(budget).toMatchObject({ budgetType: 'COST', timeUnit: 'MONTHLY', limitAmount: String(target.infra.budget.monthlyUsd), limitUnit: 'USD' });
    const notifications = budget.notification.map((n: { threshold: number; notificationType: string }) => `${n.threshold} ${n.notificationType}`);
    expect(notifications.sort()).toEqual(['100 ACTUAL', '100 FORECASTED', '80 ACTUAL', '80 FORECASTED']);
    expect(budget.notification.every((n: { subscriberEmailAddresses: string[] }) => n.subscriberEmailAddresses.join() === target.alertRouting.email.to.join())).toBe(true);
  });
});
