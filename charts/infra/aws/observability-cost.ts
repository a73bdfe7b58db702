import { Construct } from 'constructs';
import { Budget } from '../../../imports/budgets-budgets.aws.m.upbound.io';
import { Group } from '../../../imports/groups-cloudwatchlogs.aws.m.upbound.io';
import { auditLogGroup, logGroupPrefix } from '../../logging/destinations';
import { auditRetentionOf, retentionOf } from '../../logging/schema';
import type { EstateContext } from '../estate';
import { managed, ref, tagsOf, type Ref } from './context';
import { POSTGRES_LOG_EXPORTS, postgresNames } from './postgres';

/** Crossplane's annotation that sets a resource's name in the cloud when it differs from the object's. */
export const EXTERNAL_NAME = 'crossplane.io/external-name';

/** Budget notifications fire on what was spent and on what AWS forecasts for the month. */
export const BUDGET_NOTIFICATION_TYPES = ['ACTUAL', 'FORECASTED'] as const;

/** A CloudWatch Logs group named `name` (a path, so the object is `<cluster>-logs-<id>`) with a retention. */
export function logGroup(scope: Construct, context: EstateContext, props: { readonly id: string; readonly name: string; readonly retentionDays: number }): Ref {
  const objectName = context.name(`logs-${props.id}`);
  const group = managed(context, objectName);
  new Group(scope, `log-group-${props.id}`, {
    metadata: { ...group.metadata, annotations: { [EXTERNAL_NAME]: props.name } },
    spec: { providerConfigRef: group.providerConfigRef, forProvider: { region: context.target.cluster.region, retentionInDays: props.retentionDays, tags: tagsOf(context, props.name) } },
  });
  return ref(objectName);
}

/** The log group EKS writes the control plane's logs to, its API audit log among them. */
export const controlPlaneLogGroup = (clusterName: string) => `/aws/eks/${clusterName}/cluster`;

/**
 * The log groups of a target and their retention: the logging feature's, for every group the estate
 * or the platform writes. The audit trails, the control plane's (its `audit` log type) and the
 * application's audit events, keep the audit retention (`logging.auditRetentionDays`).
 */
export function logGroupsOf(context: EstateContext): { id: string; name: string; retentionDays: number }[] {
  const { target } = context;
  const retentionDays = retentionOf(target);
  const auditDays = auditRetentionOf(target);
  const prefix = logGroupPrefix(target.environment);
  const database = postgresNames(context).instance;
  return [
    { id: 'control-plane', name: controlPlaneLogGroup(target.cluster.name), retentionDays: auditDays },
    { id: 'audit', name: auditLogGroup(target.environment), retentionDays: auditDays },
    { id: 'platform', name: `${prefix}/${target.namespace}`, retentionDays },
    { id: 'unattributed', name: `${prefix}/unattributed`, retentionDays },
    ...POSTGRES_LOG_EXPORTS.map((log) => ({ id: `postgres-${log}`, name: `/aws/rds/instance/${database}/${log}`, retentionDays })),
  ];
}

/**
 * Logs and cost: the log groups EKS's control plane, RDS and the log collector write, created ahead
 * of them with the logging feature's retentions (a group a service creates itself keeps its events
 * forever); and the environment's monthly AWS Budget (costs tagged with the target), alerting the
 * owners' address (`alertRouting.email.to`) at each of `infra.budget.alertPercents`, on actual and
 * forecast spend.
 */
export class AwsObservabilityAndCost extends Construct {
  constructor(scope: Construct, id: string, context: EstateContext) {
    super(scope, id);
    const { target } = context;
    for (const group of logGroupsOf(context)) logGroup(this, context, group);

    const name = context.name('monthly');
    const budget = managed(context, name);
    new Budget(this, 'budget', {
      metadata: budget.metadata,
      spec: {
        providerConfigRef: budget.providerConfigRef,
        forProvider: {
          budgetType: 'COST',
          timeUnit: 'MONTHLY',
          limitAmount: String(target.infra.budget.monthlyUsd),
          limitUnit: 'USD',
          // The estate's resources carry the `target` tag (activate it as a cost allocation tag once per account).
          costFilter: [{ name: 'TagKeyValue', values: [`user:target$${target.name}`] }],
          notification: target.infra.budget.alertPercents.flatMap((threshold) =>
            BUDGET_NOTIFICATION_TYPES.map((notificationType) => ({
              comparisonOperator: 'GREATER_THAN',
              threshold,
              thresholdType: 'PERCENTAGE',
              notificationType,
              subscriberEmailAddresses: [...target.alertRouting.email.to],
            })),
          ),
          tags: tagsOf(context, name),
        },
      },
    });
  }
}
